//! Checks beyond types: service names, port specs, value ranges and dependencies between
//! options, and (after merging) image/build, links and sidekicks that name missing services.

use super::service::Service;

/// Service names as 0.12 allowed them.
///
/// # Errors
/// A message naming the bad name.
pub(super) fn service_name(name: &str) -> Result<(), String> {
    if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)) {
        Ok(())
    } else {
        Err(format!("invalid service name `{name}`: only a-z, A-Z, 0-9, `.`, `_` and `-` are allowed"))
    }
}

/// Checks one service's own fields.
///
/// # Errors
/// The offending key and a message.
pub(super) fn service_fields(name: &str, s: &Service) -> Result<(), (&'static str, String)> {
    for port in &s.ports {
        if !port_spec(port) {
            return Err((
                "ports",
                format!("service `{name}`: `{port}` is not a port specification like `8080:80/tcp`"),
            ));
        }
    }
    if let Some(dup) = first_duplicate(&s.ports) {
        return Err(("ports", format!("service `{name}`: port `{dup}` is listed twice")));
    }
    // Legacy load balancers use `source:target` in `expose`, so it takes full port specs.
    for port in &s.expose {
        if !port_spec(port) {
            return Err((
                "expose",
                format!("service `{name}`: `{port}` is not a port like `80` or `80/udp`"),
            ));
        }
    }
    // Rancher keys a link by its target and alias, and refuses a repeated one (`NotUnique`)
    // after the services are created; 0.12's schema refused repeated entries too.
    let link_key = |l: &String| match l.split_once(':') {
        Some((target, alias)) => format!("{}:{}", target.trim(), alias.trim()),
        None => l.trim().to_owned(),
    };
    for (field, links) in [("links", &s.links), ("external_links", &s.external_links)] {
        let keys: Vec<String> = links.iter().map(link_key).collect();
        if let Some(dup) = first_duplicate(&keys) {
            return Err((field, format!("service `{name}`: link `{dup}` is listed twice in `{field}`")));
        }
    }
    if s.memswap_limit.is_some() && s.mem_limit.is_none() {
        return Err(("memswap_limit", format!("service `{name}`: `memswap_limit` needs `mem_limit`")));
    }
    if let Some(adj) = s.oom_score_adj.filter(|a| !(-1000..=1000).contains(a)) {
        return Err((
            "oom_score_adj",
            format!("service `{name}`: `oom_score_adj` {adj} is outside -1000..1000"),
        ));
    }
    Ok(())
}

fn first_duplicate(items: &[String]) -> Option<&str> {
    items.iter().enumerate().find(|(i, item)| items[..*i].contains(item)).map(|(_, item)| item.as_str())
}

/// `[[ip:]host:]container[/protocol]`, ports or ranges (`8000-8010`).
fn port_spec(spec: &str) -> bool {
    let (body, proto) = split_protocol(spec);
    if !proto.is_none_or(valid_protocol) {
        return false;
    }
    let Some((rest, container)) = body.rsplit_once(':') else {
        return port_or_range(body);
    };
    if !port_or_range(container) {
        return false;
    }
    // What remains is `host`, `ip:host` or `ip:` (any host port).
    match rest.rsplit_once(':') {
        None => rest.is_empty() || port_or_range(rest) || ip_address(rest),
        Some((ip, host)) => ip_address(ip) && (host.is_empty() || port_or_range(host)),
    }
}

fn split_protocol(spec: &str) -> (&str, Option<&str>) {
    match spec.rsplit_once('/') {
        Some((body, proto)) => (body, Some(proto)),
        None => (spec, None),
    }
}

fn valid_protocol(p: &str) -> bool {
    matches!(p, "tcp" | "udp" | "sctp")
}

fn port_or_range(s: &str) -> bool {
    let single = |p: &str| p.parse::<u32>().is_ok_and(|n| n <= 65535) && !p.is_empty();
    match s.split_once('-') {
        Some((a, b)) => single(a) && single(b),
        None => single(s),
    }
}

fn ip_address(s: &str) -> bool {
    let s = s.trim_start_matches('[').trim_end_matches(']');
    s.parse::<std::net::IpAddr>().is_ok()
}

/// A project-level problem: (service, key, message, hint).
pub(super) type ProjectProblem = (String, Option<String>, String, Option<String>);

/// The checks that need every service: image/build in v1 projects, and links, sidekicks and
/// load balancer rules that name services which do not exist.
///
/// # Errors
/// The first problem found.
pub(super) fn project(project: &super::Project, all_v1: bool) -> Result<(), ProjectProblem> {
    let known = |name: &str| project.services.contains_key(name);
    for (name, svc) in &project.services {
        let c = &svc.compose;
        if all_v1 && c.image.is_some() == c.build.is_some() && !svc.is_reference() {
            let message = if c.image.is_some() {
                format!("service `{name}` has both `image` and `build`; a version 1 service uses one of them")
            } else {
                format!("service `{name}` has neither `image` nor `build`")
            };
            return Err((name.clone(), None, message, None));
        }
        for target in c.link_targets() {
            if !known(target) {
                return Err((
                    name.clone(),
                    Some("links".into()),
                    format!("service `{name}` links to `{target}`, which is not a service of this project"),
                    Some("link to services of other stacks with `external_links: [stack/service]`".into()),
                ));
            }
        }
        // Rancher shares the volumes of a sidekick (or, from a sidekick, of its primary) by
        // launch config name; any other name is refused once the deploy is under way.
        if let Some(from) = c.volumes_from.iter().find(|f| !known(f.trim())) {
            return Err((
                name.clone(),
                Some("volumes_from".into()),
                format!("service `{name}` takes volumes from `{from}`, which is not a service of this project"),
                Some(
                    "Rancher takes `volumes_from` from the sidekicks of the same service (or a sidekick's primary), by service name"
                        .into(),
                ),
            ));
        }
        if let Some(sidekicks) = c.labels.get(super::SIDEKICKS_LABEL) {
            for sidekick in sidekicks.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                if !known(sidekick) {
                    return Err((
                        name.clone(),
                        Some("labels".into()),
                        format!(
                            "service `{name}` names sidekick `{sidekick}`, which is not a service of this project"
                        ),
                        None,
                    ));
                }
            }
        }
        let rules = svc.rancher.lb_config.iter().flat_map(|lb| &lb.port_rules);
        for target in rules.filter_map(|r| r.service.as_deref()) {
            if !target.contains('/') && !known(target) {
                return Err((
                    name.clone(),
                    None,
                    format!(
                        "load balancer `{name}` has a rule for `{target}`, which is not a service of this project"
                    ),
                    Some("name services of other stacks as `stack/service`".into()),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_specs() {
        for ok in [
            "80",
            "80:80",
            "8080:80/tcp",
            "53:53/udp",
            "127.0.0.1:80:80",
            "127.0.0.1::80",
            "8000-8010:8000-8010",
            "[::1]:80:80",
            "0.0.0.0:8080:80/tcp",
        ] {
            assert!(port_spec(ok), "{ok} should be valid");
        }
        for bad in ["", "http", "80:", ":80x", "80/ftp", "70000", "a:80:80", "1.2.3.4:x:80"] {
            assert!(!port_spec(bad), "{bad} should be invalid");
        }
    }

    #[test]
    fn service_names() {
        assert!(service_name("web_1.a-b").is_ok());
        assert!(service_name("we b").is_err());
        assert!(service_name("").is_err());
    }

    #[test]
    fn field_checks() {
        let mut s = Service { ports: vec!["80".into(), "80".into()], ..Service::default() };
        assert_eq!(service_fields("web", &s).unwrap_err().0, "ports");
        s.ports.clear();
        s.memswap_limit = Some(10);
        assert_eq!(service_fields("web", &s).unwrap_err().0, "memswap_limit");
        s.mem_limit = Some(5);
        assert!(service_fields("web", &s).is_ok());
        s.oom_score_adj = Some(2000);
        assert_eq!(service_fields("web", &s).unwrap_err().0, "oom_score_adj");
        s.oom_score_adj = None;
        // The same target and alias twice, however spaced; another alias is another link.
        s.links = vec!["db".into(), "db:database".into(), "db: database".into()];
        assert_eq!(
            service_fields("web", &s).unwrap_err(),
            ("links", "service `web`: link `db:database` is listed twice in `links`".to_owned())
        );
        s.links.pop();
        assert!(service_fields("web", &s).is_ok());
        s.external_links = vec!["other/db".into(), "other/db".into()];
        assert_eq!(service_fields("web", &s).unwrap_err().0, "external_links");
    }
}
