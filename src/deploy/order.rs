//! The order services are acted on: each after the services it links to (and a load balancer
//! after the services its rules name), as rancher-compose 0.12 did. Link cycles are tolerated:
//! the edge that closes a cycle is ignored, so mutual links still deploy. Sidekicks are not
//! services of their own and are left out.

use std::collections::HashSet;

use crate::compose::Project;

/// Names of the primary services (not sidekicks) of `project`, dependencies first, limited to
/// `selected` when it is not empty (selected services still wait for their dependencies, which
/// are not added).
#[must_use]
pub fn services(project: &Project, selected: &[String]) -> Vec<String> {
    let sidekicks: HashSet<&str> = project.services.values().flat_map(|s| s.sidekicks()).collect();
    let mut done: Vec<String> = Vec::new();
    let mut visiting: HashSet<String> = HashSet::new();
    for name in project.services.keys() {
        visit(project, name, &mut visiting, &mut done);
    }
    done.retain(|n| !sidekicks.contains(n.as_str()));
    if !selected.is_empty() {
        done.retain(|n| selected.contains(n));
    }
    done
}

/// The same services grouped in waves: each wave only depends on earlier waves (edges that
/// close a link cycle are ignored), so the services of one wave can be acted on together.
#[must_use]
pub fn waves(project: &Project, selected: &[String]) -> Vec<Vec<String>> {
    let ordered = services(project, selected);
    let mut wave_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut waves: Vec<Vec<String>> = Vec::new();
    for name in &ordered {
        // Dependencies that come later in the order close a cycle and do not count.
        let wave = dependencies(project, name)
            .into_iter()
            .filter_map(|dep| wave_of.get(dep).map(|w| w + 1))
            .max()
            .unwrap_or(0);
        wave_of.insert(name, wave);
        if waves.len() <= wave {
            waves.resize_with(wave + 1, Vec::new);
        }
        waves[wave].push(name.clone());
    }
    waves
}

fn dependencies<'a>(project: &'a Project, name: &str) -> Vec<&'a str> {
    let Some(service) = project.services.get(name) else { return Vec::new() };
    let mut deps: Vec<&str> = service.compose.link_targets().collect();
    let rules = service.rancher.lb_config.iter().flat_map(|lb| &lb.port_rules);
    deps.extend(rules.filter_map(|r| r.service.as_deref()).filter(|s| !s.contains('/')));
    deps
}

fn visit(project: &Project, name: &str, visiting: &mut HashSet<String>, done: &mut Vec<String>) {
    if done.iter().any(|d| d == name) || !visiting.insert(name.to_owned()) {
        return;
    }
    for dep in dependencies(project, name) {
        if project.services.contains_key(dep) {
            visit(project, dep, visiting, done);
        }
    }
    visiting.remove(name);
    if !done.iter().any(|d| d == name) {
        done.push(name.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::ProjectService;

    fn project(links: &[(&str, &[&str])]) -> Project {
        let mut p = Project::default();
        for (name, targets) in links {
            let mut s = ProjectService::default();
            s.compose.links = targets.iter().map(|t| (*t).to_owned()).collect();
            p.services.insert((*name).to_owned(), s);
        }
        p
    }

    #[test]
    fn dependencies_come_first_and_cycles_do_not_hang() {
        let p = project(&[("web", &["db:database", "cache"]), ("db", &[]), ("cache", &["db"])]);
        assert_eq!(services(&p, &[]), ["db", "cache", "web"]);
        let cyclic = project(&[("a", &["b"]), ("b", &["a"]), ("c", &["c"])]);
        assert_eq!(services(&cyclic, &[]), ["b", "a", "c"]);
        assert_eq!(services(&p, &["web".to_owned()]), ["web"]);
    }

    #[test]
    fn waves_group_independent_services() {
        let p = project(&[
            ("web", &["db", "cache"]),
            ("db", &[]),
            ("cache", &["db"]),
            ("worker", &[]),
            ("lb", &["web"]),
        ]);
        assert_eq!(waves(&p, &[]), vec![vec!["db", "worker"], vec!["cache"], vec!["web"], vec!["lb"]]);
        let cyclic = project(&[("a", &["b"]), ("b", &["a"])]);
        assert_eq!(waves(&cyclic, &[]), vec![vec!["b"], vec!["a"]]);
    }

    #[test]
    fn sidekicks_are_not_services_of_their_own() {
        let mut p = project(&[("app", &[]), ("helper", &[])]);
        if let Some(app) = p.services.get_mut("app") {
            app.compose.labels.insert(crate::compose::SIDEKICKS_LABEL.into(), "helper".into());
        }
        assert_eq!(services(&p, &[]), ["app"]);
    }
}
