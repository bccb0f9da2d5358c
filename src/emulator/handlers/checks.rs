//! The validation rules of services and their launch configs (names, images, sidekicks,
//! selectors, kind-specific rules), shared by creates, updates and upgrades.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::emulator::error::{ApiError, ApiResult};
use crate::emulator::selector::Selector;
use crate::emulator::store::{Obj, State};

pub(super) fn check_service_name(name: &str) -> ApiResult<()> {
    let ok = name.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && !name.contains("--")
        && !name.ends_with('-');
    if ok { Ok(()) } else { Err(ApiError::validation("InvalidCharacters", "name")) }
}

pub(super) fn check_image(lc: &Value) -> ApiResult<()> {
    match lc.get("imageUuid").and_then(Value::as_str) {
        None => Ok(()),
        Some(img) if img.starts_with("docker:") || img.starts_with("sim:") || img == "rancher/none" => Ok(()),
        Some(_) => Err(ApiError::validation("InvalidReference", "imageUuid")),
    }
}

/// Names used in a stack by other services and their sidekicks (lower-cased).
pub(super) fn names_in_stack(st: &State, stack_id: u64, except: Option<u64>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for s in st.stack_services(stack_id).filter(|s| Some(s.meta.id) != except && s.meta.state != "removing") {
        out.insert(s.name.to_lowercase());
        for sk in &s.secondary {
            if let Some(n) = sk.get("name").and_then(Value::as_str) {
                out.insert(n.to_lowercase());
            }
        }
    }
    out
}

pub(super) fn check_sidekicks(service_name: &str, primary: &Obj, secondary: &[Value]) -> ApiResult<()> {
    let mut names: BTreeSet<String> = BTreeSet::new();
    names.insert(service_name.to_lowercase());
    for sk in secondary {
        let n = sk.get("name").and_then(Value::as_str).unwrap_or("");
        if !names.insert(n.to_lowercase()) {
            return Err(ApiError::validation("NotUnique", "name")
                .with_message(format!("duplicate launch config name {n}")));
        }
        check_image(sk)?;
    }
    let all = std::iter::once(primary).chain(secondary.iter().filter_map(Value::as_object));
    for lc in all {
        let mut refs: Vec<&str> = lc
            .get("dataVolumesFromLaunchConfigs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        if let Some(n) = lc.get("networkLaunchConfig").and_then(Value::as_str) {
            refs.push(n);
        }
        for r in refs {
            if !names.contains(&r.to_lowercase()) {
                return Err(ApiError::validation("InvalidReference", "secondaryLaunchConfigs")
                    .with_message(format!("{r} is not properly labeled as a sidekick")));
            }
        }
    }
    Ok(())
}

pub(super) fn check_selector(input: &Obj) -> ApiResult<()> {
    match input.get("selectorLink").and_then(Value::as_str) {
        Some(text) => Selector::parse(text).map(|_| ()),
        None => Ok(()),
    }
}

pub(super) fn check_kind_rules(kind: &str, input: &Obj) -> ApiResult<()> {
    if kind == "externalService" {
        let ips = input.get("externalIpAddresses").and_then(Value::as_array).is_some_and(|a| !a.is_empty());
        let host = input.get("hostname").and_then(Value::as_str).is_some_and(|h| !h.is_empty());
        if ips && host {
            return Err(ApiError::validation("InvalidOption", "externalIpAddresses"));
        }
    }
    if kind == "loadBalancerService" {
        let rules = input.get("lbConfig").and_then(|l| l.get("portRules")).and_then(Value::as_array);
        for r in rules.into_iter().flatten() {
            let sid = r.get("serviceId").is_some_and(|v| !v.is_null());
            let sel = r.get("selector").is_some_and(|v| !v.is_null());
            if sid == sel {
                return Err(ApiError::validation("InvalidOption", "portRules"));
            }
            if sid && r.get("targetPort").is_none_or(Value::is_null) {
                return Err(ApiError::validation("MissingRequired", "targetPort"));
            }
            if r.get("sourcePort").and_then(Value::as_i64) == Some(42) {
                return Err(ApiError::validation("InvalidOption", "sourcePort"));
            }
        }
    }
    if input.get("metadata").is_some_and(|m| m.to_string().len() > 1 << 20) {
        return Err(ApiError::validation("MaxLengthExceeded", "metadata"));
    }
    Ok(())
}
