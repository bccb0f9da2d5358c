//! Selector links (label `io.rancher.service.selector.link`, field `selectorLink`): a service
//! consumes every live service of the environment whose primary launch config labels match its
//! selector — those there when it is created and those that appear later — as Cattle's
//! ServiceCreate does (`registerServiceLinks`, both directions, never itself).

use serde_json::{Map, Value};

use super::selector::Selector;
use super::store::{Service, State};

fn selector_of(svc: &Service) -> Option<Selector> {
    let text = svc.fields.get("selectorLink").and_then(Value::as_str).filter(|s| !s.trim().is_empty())?;
    Selector::parse(text).ok()
}

fn labels_of(svc: &Service) -> Map<String, Value> {
    svc.launch_config.get("labels").and_then(Value::as_object).cloned().unwrap_or_default()
}

fn is_live(svc: &Service) -> bool {
    svc.meta.removed.is_none() && svc.meta.state != "removing"
}

/// Add the consume maps selectors imply for service `sid`, as consumer and as target.
pub(super) fn register(st: &mut State, sid: u64) {
    let Some(svc) = st.services.get(&sid) else { return };
    let (own_selector, own_labels) = (selector_of(svc), labels_of(svc));
    let mut wanted: Vec<(u64, u64)> = Vec::new();
    let project = svc.meta.project;
    for other in st.services.values().filter(|o| o.meta.id != sid && o.meta.project == project && is_live(o))
    {
        if own_selector.as_ref().is_some_and(|s| s.matches(&labels_of(other))) {
            wanted.push((sid, other.meta.id));
        }
        if selector_of(other).is_some_and(|s| s.matches(&own_labels)) {
            wanted.push((other.meta.id, sid));
        }
    }
    for (consumer, target) in wanted {
        let linked = st.live_consume_maps().any(|m| m.service_id == consumer && m.consumed_id == target);
        if !linked {
            st.add_consume_map(consumer, target, None);
        }
    }
}
