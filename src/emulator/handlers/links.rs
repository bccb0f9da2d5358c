//! A service's link actions (`setservicelinks`, `addservicelink`, `removeservicelink`): the
//! consume maps they add or remove, with the checks on their targets and aliases.

use serde_json::Value;

use crate::emulator::error::{ApiError, ApiResult};
use crate::emulator::store::{Obj, State, mark_removed};
use crate::emulator::util::parse_id;

/// A link's target: a live service of the consumer's environment.
fn new_link_target(st: &State, project: u64, link: &Value) -> ApiResult<(u64, Option<String>)> {
    let sid = link.get("serviceId").and_then(Value::as_str).unwrap_or("");
    let n = parse_id("s", sid).ok_or_else(|| ApiError::validation("InvalidReference", "serviceId"))?;
    let target = st
        .services
        .get(&n)
        .filter(|t| t.meta.project == project)
        .ok_or_else(|| ApiError::validation("InvalidReference", "serviceId"))?;
    if target.meta.removed.is_some() || target.meta.state == "removing" {
        return Err(ApiError::validation("InvalidReference", "serviceId")
            .with_message(format!("Service {sid} is removed")));
    }
    let name = link.get("name").and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string);
    if let Some(alias) = &name {
        let bad = alias.starts_with('.') || alias.ends_with('.') || alias.contains("..");
        if bad || !alias.chars().all(|c| c.is_ascii_alphanumeric() || "-._".contains(c)) {
            return Err(ApiError::validation("InvalidCharacters", "name"));
        }
    }
    Ok((n, name))
}

fn add_map(st: &mut State, sid: u64, target: u64, name: Option<String>) {
    st.add_consume_map(sid, target, name);
}

pub(super) fn link_action(st: &mut State, sid: u64, action: &str, input: &Obj) -> ApiResult<()> {
    let project = st.services.get(&sid).map(|s| s.meta.project).ok_or_else(ApiError::not_found)?;
    let existing: Vec<(u64, u64, Option<String>)> = st
        .live_consume_maps()
        .filter(|m| m.service_id == sid)
        .map(|m| (m.meta.id, m.consumed_id, m.name.clone()))
        .collect();
    match action {
        "setservicelinks" => {
            let links = input.get("serviceLinks").and_then(Value::as_array).cloned().unwrap_or_default();
            let mut wanted: Vec<(u64, Option<String>)> = Vec::new();
            for l in &links {
                let t = new_link_target(st, project, l)?;
                if wanted.contains(&t) {
                    return Err(ApiError::validation("NotUnique", "serviceLinks"));
                }
                wanted.push(t);
            }
            for (mid, target, name) in &existing {
                if !wanted.contains(&(*target, name.clone()))
                    && let Some(m) = st.consume_maps.get_mut(mid)
                {
                    mark_removed(&mut m.meta);
                }
            }
            for (target, name) in wanted {
                if !existing.iter().any(|(_, t, n)| *t == target && *n == name) {
                    add_map(st, sid, target, name);
                }
            }
        }
        "addservicelink" => {
            let link = input.get("serviceLink").cloned().unwrap_or(Value::Null);
            let (target, name) = new_link_target(st, project, &link)?;
            if existing.iter().any(|(_, t, _)| *t == target) {
                return Err(ApiError::validation("NotUnique", "serviceId"));
            }
            add_map(st, sid, target, name);
        }
        _ => {
            let link = input.get("serviceLink").cloned().unwrap_or(Value::Null);
            let target = link.get("serviceId").and_then(Value::as_str).and_then(|s| parse_id("s", s));
            let name = link.get("name").and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string);
            let found = existing
                .iter()
                .find(|(_, t, n)| Some(*t) == target && (name.is_none() || *n == name))
                .map(|(mid, _, _)| *mid)
                .ok_or_else(|| ApiError::validation("InvalidReference", "serviceId"))?;
            if let Some(m) = st.consume_maps.get_mut(&found) {
                mark_removed(&mut m.meta);
            }
        }
    }
    Ok(())
}
