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
pub(crate) fn services(project: &Project, selected: &[String]) -> Vec<String> {
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

/// What each primary service waits for: the services it links to and the balancer targets
/// it names, limited to those that come before it in [`services`] (an edge that closes a link
/// cycle does not count, so mutual links still deploy).
#[must_use]
pub(crate) fn dependencies(project: &Project) -> std::collections::BTreeMap<String, Vec<String>> {
    let ordered = services(project, &[]);
    let position: std::collections::HashMap<&str, usize> =
        ordered.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
    ordered
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let mut deps: Vec<String> = Vec::new();
            for dep in direct_dependencies(project, name) {
                if position.get(dep).is_some_and(|&p| p < i) && !deps.iter().any(|d| d == dep) {
                    deps.push(dep.to_owned());
                }
            }
            (name.clone(), deps)
        })
        .collect()
}

fn direct_dependencies<'a>(project: &'a Project, name: &str) -> Vec<&'a str> {
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
    for dep in direct_dependencies(project, name) {
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
    fn dependencies_skip_edges_that_close_a_cycle() {
        let p = project(&[
            ("web", &["db", "cache"]),
            ("db", &[]),
            ("cache", &["db"]),
            ("worker", &[]),
            ("lb", &["web"]),
        ]);
        let deps = dependencies(&p);
        assert_eq!(deps["web"], ["db", "cache"]);
        assert_eq!(deps["cache"], ["db"]);
        assert!(deps["db"].is_empty() && deps["worker"].is_empty());
        let cyclic = project(&[("a", &["b"]), ("b", &["a"])]);
        let deps = dependencies(&cyclic);
        assert_eq!((deps["a"].as_slice(), deps["b"].len()), (["b".to_owned()].as_slice(), 0));
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
