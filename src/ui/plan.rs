//! A plan as `--dry-run` prints it: per service its steps, each changed field with its old and
//! new value (as terraform shows them), notes, and a count.

use std::fmt::Write as _;

use crate::deploy::plan::{Action, StackPlan, Step};

/// The plan as text.
#[must_use]
pub(crate) fn text(plan: &StackPlan) -> String {
    let mut out = format!("Plan for stack `{}`:\n", plan.stack);
    for step in plan.steps.iter().filter(|s| s.service.is_none()) {
        let what = match &step.action {
            Action::CreateStack { .. } => "stack: create".to_owned(),
            Action::CreateVolume { name, .. } => format!("volume template {name}: create"),
            other => other.label(),
        };
        let _ = writeln!(out, "  {what}");
    }
    let mut changing = 0;
    for view in &plan.services {
        let state = view.state.as_deref().unwrap_or("not deployed");
        let steps: Vec<&Step> = plan.steps_of(&view.service).collect();
        if steps.is_empty() {
            let _ = writeln!(out, "  {} ({}, {state}): up to date", view.service, view.kind);
        } else {
            changing += usize::from(steps.iter().any(|s| s.action.mutates()));
            let _ = writeln!(out, "  {} ({}, {state}):", view.service, view.kind);
            for step in steps {
                let _ = writeln!(out, "    - {}", step.action.label());
                for change in &step.changes {
                    let old = change.old.as_deref().unwrap_or("(none)");
                    let new = change.new.as_deref().unwrap_or("(none)");
                    let _ = writeln!(out, "        {}: {old} -> {new}", change.field);
                }
            }
        }
        for note in &view.notes {
            let _ = writeln!(out, "    ! {note}");
        }
    }
    for note in &plan.notes {
        let _ = writeln!(out, "  note: {note}");
    }
    let _ = writeln!(out, "{changing} to change, {} unchanged.", plan.services.len() - changing);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::plan::{Change, ServiceView};

    #[test]
    fn shows_old_and_new_values_per_step() {
        let plan = StackPlan {
            stack: "app".into(),
            steps: vec![Step {
                id: "web:upgrade".into(),
                service: Some("web".into()),
                action: Action::Upgrade {
                    fields: vec!["imageUuid".into()],
                    forced: false,
                    input: serde_json::Value::Null,
                },
                changes: vec![Change {
                    field: "imageUuid".into(),
                    old: Some("\"docker:nginx:1\"".into()),
                    new: Some("\"docker:nginx:2\"".into()),
                }],
                after: Vec::new(),
            }],
            services: vec![
                ServiceView {
                    service: "web".into(),
                    kind: "service",
                    state: Some("active".into()),
                    notes: vec![],
                    blocked: None,
                },
                ServiceView {
                    service: "db".into(),
                    kind: "service",
                    state: Some("active".into()),
                    notes: vec![],
                    blocked: None,
                },
            ],
            notes: Vec::new(),
        };
        let shown = text(&plan);
        assert!(
            shown.contains(
                "    - upgrade (imageUuid)\n        imageUuid: \"docker:nginx:1\" -> \"docker:nginx:2\"\n"
            ),
            "{shown}"
        );
        assert!(shown.contains("  db (service, active): up to date\n"), "{shown}");
        assert!(shown.ends_with("1 to change, 1 unchanged.\n"), "{shown}");
    }
}
