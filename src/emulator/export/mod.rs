//! The stack `exportconfig` action (Cattle's `StackExportConfigActionHandler`): a version 2
//! docker-compose.yml and a rancher-compose.yml for the stack's live services, written so that
//! a compose client loads them back to the same deployment. Each launch config becomes a
//! compose service (sidekicks too, named in the primary's `io.rancher.sidekicks` label);
//! links to the same stack are `links`, to other stacks `external_links` (links a selector
//! made are left to the selector); balancer rules name their targets and certificates; the
//! stack's volume templates are the `volumes`. Values are the server's, secrets included.

mod compose;
mod rancher;
mod yaml;

use serde_json::Value;

use super::selector::Selector;
use super::store::{Service, State};
use super::util::parse_id;
use yaml::{Doc, put, put_doc};

const SIDEKICKS_LABEL: &str = "io.rancher.sidekicks";
const SELECTOR_LINK_LABEL: &str = "io.rancher.service.selector.link";
const SELECTOR_CONTAINER_LABEL: &str = "io.rancher.service.selector.container";

/// The image compose clients recognise services without containers of their own by.
fn kind_image(kind: &str) -> Option<&'static str> {
    match kind {
        "dnsService" => Some("rancher/dns-service"),
        "externalService" => Some("rancher/external-service"),
        _ => None,
    }
}

/// `(dockerComposeConfig, rancherComposeConfig)` of the stack's live services, or of the
/// services in `only`.
pub(super) fn export(st: &State, stack_id: u64, only: Option<&[u64]>) -> (String, String) {
    let mut services: Vec<&Service> = st
        .stack_services(stack_id)
        .filter(|s| s.meta.state != "removing")
        .filter(|s| only.is_none_or(|ids| ids.contains(&s.meta.id)))
        .collect();
    services.sort_by(|a, b| a.name.cmp(&b.name));
    let (mut dc, mut rc) = (Doc::new(), Doc::new());
    for svc in services {
        let mut primary = compose::service(&svc.launch_config, kind_image(&svc.kind));
        service_labels(&mut primary, svc);
        links(&mut primary, st, svc);
        dc.insert(svc.name.as_str().into(), primary.into());
        let mut options = rancher::service_options(st, svc);
        options.extend(rancher::launch_options(&svc.launch_config));
        put_doc(&mut rc, &svc.name, options);
        for sidekick in &svc.secondary {
            let Some(name) = sidekick.get("name").and_then(Value::as_str) else { continue };
            dc.insert(name.into(), compose::service(sidekick, None).into());
            put_doc(&mut rc, name, rancher::launch_options(sidekick));
        }
    }
    (yaml::document(dc, volumes(st, stack_id)), yaml::document(rc, Doc::new()))
}

/// Labels a compose client reads service settings from, added when the service was set up
/// without them (in the UI): its sidekicks, and its selectors.
fn service_labels(out: &mut Doc, svc: &Service) {
    let mut added = serde_json::Map::new();
    let names: Vec<&str> =
        svc.secondary.iter().filter_map(|s| s.get("name").and_then(Value::as_str)).collect();
    if !names.is_empty() {
        added.insert(SIDEKICKS_LABEL.into(), Value::from(names.join(",")));
    }
    for (field, label) in
        [("selectorLink", SELECTOR_LINK_LABEL), ("selectorContainer", SELECTOR_CONTAINER_LABEL)]
    {
        if let Some(selector) = svc.fields.get(field).and_then(Value::as_str).filter(|s| !s.is_empty()) {
            added.insert(label.into(), Value::from(selector));
        }
    }
    let key = serde_yaml::Value::from("labels");
    let labels = out.entry(key).or_insert_with(|| serde_yaml::Value::Mapping(Doc::new()));
    if let serde_yaml::Value::Mapping(labels) = labels {
        for (label, value) in added {
            let label = serde_yaml::Value::from(label);
            if !labels.contains_key(&label) {
                labels.insert(label, yaml::to_yaml(&value));
            }
        }
    }
    if out.get("labels").and_then(serde_yaml::Value::as_mapping).is_some_and(Doc::is_empty) {
        out.remove("labels");
    }
}

/// The service's links: `target[:alias]` in this stack, `stack/target[:alias]` in others.
/// Balancers and external services route by their rules and addresses, not by links.
fn links(out: &mut Doc, st: &State, svc: &Service) {
    if matches!(svc.kind.as_str(), "loadBalancerService" | "externalService") {
        return;
    }
    let selector =
        svc.fields.get("selectorLink").and_then(Value::as_str).and_then(|s| Selector::parse(s).ok());
    let (mut local, mut external) = (Vec::new(), Vec::new());
    for map in st.live_consume_maps().filter(|m| m.service_id == svc.meta.id) {
        let Some(target) = st.services.get(&map.consumed_id) else { continue };
        let labels =
            target.launch_config.get("labels").and_then(Value::as_object).cloned().unwrap_or_default();
        if selector.as_ref().is_some_and(|s| s.matches(&labels)) {
            continue;
        }
        let Some(reference) = rancher::service_ref(st, svc, &super::util::fmt_id("s", target.meta.id)) else {
            continue;
        };
        // A link into another stack is known by its alias (by `stack/name` without one).
        let same_stack = target.stack_id == svc.stack_id;
        let redundant = |n: &str| n.is_empty() || (same_stack && n == target.name);
        let alias = map.name.as_deref().filter(|n| !redundant(n));
        let entry = match alias {
            Some(alias) => format!("{reference}:{alias}"),
            None => reference,
        };
        if same_stack { local.push(entry) } else { external.push(entry) }
    }
    local.sort();
    external.sort();
    put(out, "links", &Value::from(local));
    put(out, "external_links", &Value::from(external));
}

/// The stack's volume templates as compose `volumes`.
fn volumes(st: &State, stack_id: u64) -> Doc {
    let mut out = Doc::new();
    let templates = st.generics.get("volumeTemplate").into_iter().flat_map(|m| m.values());
    for t in templates.filter(|t| t.meta.removed.is_none()) {
        let f = &t.fields;
        let stack = f.get("stackId").and_then(Value::as_str).and_then(|s| parse_id("st", s));
        let Some(name) = f.get("name").and_then(Value::as_str).filter(|_| stack == Some(stack_id)) else {
            continue;
        };
        let mut volume = Doc::new();
        for (field, key) in
            [("driver", "driver"), ("driverOpts", "driver_opts"), ("perContainer", "per_container")]
        {
            if let Some(v) = f.get(field) {
                put(&mut volume, key, v);
            }
        }
        out.insert(name.into(), serde_yaml::Value::Mapping(volume));
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::emulator::store::{DEFAULT_PROJECT, Obj, Stack};

    fn object(v: Value) -> Obj {
        v.as_object().cloned().unwrap_or_default()
    }

    fn add_stack(st: &mut State, name: &str) -> u64 {
        let meta = st.new_meta(DEFAULT_PROJECT, "stack", "active");
        let id = meta.id;
        st.stacks.insert(id, Stack { meta, name: name.into(), fields: Obj::new() });
        id
    }

    fn add_service(st: &mut State, stack_id: u64, name: &str, lc: Value, fields: Value) -> u64 {
        let meta = st.new_meta(DEFAULT_PROJECT, "service", "active");
        let id = meta.id;
        let secondary = lc.get("secondary").and_then(Value::as_array).cloned().unwrap_or_default();
        let mut launch_config = object(lc);
        launch_config.remove("secondary");
        st.services.insert(
            id,
            Service {
                meta,
                kind: "service".into(),
                name: name.into(),
                stack_id,
                scale: 1,
                launch_config,
                secondary: secondary.into_iter().map(object).collect(),
                fields: object(fields),
                upgrade: None,
                create_index: 0,
                restart_counts: Default::default(),
            },
        );
        id
    }

    #[test]
    fn labels_a_compose_client_reads_are_added_and_selector_links_left_to_the_selector() {
        let mut st = State::new(1);
        let stack = add_stack(&mut st, "app");
        let web = add_service(
            &mut st,
            stack,
            "web",
            json!({"imageUuid": "docker:nginx", "labels": {"tier": "web", "io.rancher.service.hash": "x"},
                   "secondary": [{"name": "logs", "imageUuid": "docker:busybox"}]}),
            json!({}),
        );
        let db = add_service(&mut st, stack, "db", json!({"imageUuid": "docker:postgres"}), json!({}));
        let watcher = add_service(
            &mut st,
            stack,
            "watcher",
            json!({"imageUuid": "docker:alpine"}),
            json!({"selectorLink": "tier=web"}),
        );
        st.add_consume_map(watcher, web, None);
        st.add_consume_map(watcher, db, Some("database".into()));
        let (compose, _) = export(&st, stack, None);
        assert!(
            compose.contains(
                "  web:\n    image: nginx\n    labels:\n      tier: web\n      io.rancher.sidekicks: logs\n"
            ),
            "{compose}"
        );
        assert!(!compose.contains("io.rancher.service.hash"), "{compose}");
        assert!(compose.contains("  logs:\n    image: busybox\n"), "{compose}");
        // The selector made the link to web; only the one to db is the service's own.
        assert!(
            compose.contains(
                "      io.rancher.service.selector.link: tier=web\n    links:\n    - db:database\n"
            ),
            "{compose}"
        );
    }
}
