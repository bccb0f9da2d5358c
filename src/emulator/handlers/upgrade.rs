//! The API-side preparation of a service upgrade (the launch configs to upgrade, their new
//! versions, the strategy kept for the process) and of the rollback of an in-service one.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::checks::check_image;
use crate::emulator::containers;
use crate::emulator::error::{ApiError, ApiResult};
use crate::emulator::ports;
use crate::emulator::store::{Obj, State};
use crate::emulator::util::parse_id;

fn lc_refs(lc: &Obj) -> Vec<String> {
    let mut refs: Vec<String> = lc
        .get("dataVolumesFromLaunchConfigs")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_lowercase)
        .collect();
    if let Some(n) = lc.get("networkLaunchConfig").and_then(Value::as_str) {
        refs.push(n.to_lowercase());
    }
    refs
}

/// API-side part of an in-service or to-service upgrade (`rancher-api-semantics.md` §4.5 steps 1–7, §4.10).
pub(super) fn prepare_upgrade(st: &mut State, sid: u64, input: &Obj) -> ApiResult<()> {
    let svc = st.services.get(&sid).ok_or_else(ApiError::not_found)?.clone();
    let ins = input.get("inServiceStrategy").and_then(Value::as_object).cloned();
    let tos = input.get("toServiceStrategy").and_then(Value::as_object).cloned();
    if let Some(mut ins) = ins {
        let balancer = svc.kind == "loadBalancerService";
        let mut lc = ins.get("launchConfig").and_then(Value::as_object).cloned();
        let mut sec: Vec<Obj> = ins
            .get("secondaryLaunchConfigs")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|v| v.as_object().cloned()).collect())
            .unwrap_or_default();
        for cfg in lc.iter_mut().chain(sec.iter_mut()) {
            ports::normalise(cfg, balancer)?;
        }
        if lc.is_none() && sec.is_empty() {
            return Err(ApiError::validation("InvalidOption", "inServiceStrategy"));
        }
        let start_first = ins.get("startFirst").and_then(Value::as_bool).unwrap_or(false);
        if start_first && svc.fields.get("retainIp").and_then(Value::as_bool).unwrap_or(false) {
            return Err(ApiError::validation("InvalidOption", "startFirst"));
        }
        if svc.kind == "loadBalancerService" && lc.is_none() {
            return Err(ApiError::validation("InvalidOption", "launchConfig"));
        }
        if let Some(new_lc) = &lc {
            check_image(&Value::Object(new_lc.clone()))?;
            let mut probe = svc.clone();
            probe.launch_config = new_lc.clone();
            if containers::is_global(&probe) != containers::is_global(&svc) {
                return Err(ApiError::validation("InvalidOption", "launchConfig"));
            }
        }
        for s in &sec {
            check_image(&Value::Object(s.clone()))?;
        }
        // Launch configs to upgrade: supplied ones plus, transitively, those referencing them.
        let primary_key = svc.name.to_lowercase();
        let mut set: BTreeSet<String> = BTreeSet::new();
        if lc.is_some() {
            set.insert(primary_key.clone());
        }
        for s in &sec {
            if let Some(n) = s.get("name").and_then(Value::as_str) {
                set.insert(n.to_lowercase());
            }
        }
        let mut all: Vec<(String, Obj)> = vec![(primary_key.clone(), svc.launch_config.clone())];
        for s in &svc.secondary {
            if let Some(n) = s.get("name").and_then(Value::as_str) {
                all.push((n.to_lowercase(), s.clone()));
            }
        }
        loop {
            let before = set.len();
            for (name, cfg) in &all {
                if !set.contains(name) && lc_refs(cfg).iter().any(|r| set.contains(r)) {
                    set.insert(name.clone());
                }
            }
            if set.len() == before {
                break;
            }
        }
        let mut new_primary = match &lc {
            Some(l) => l.clone(),
            None => svc.launch_config.clone(),
        };
        if set.contains(&primary_key) {
            new_primary.insert("version".into(), json!(st.next_uuid()));
        }
        let keep_none = svc.fields.get("selectorContainer").is_some_and(|v| !v.is_null());
        let mut new_sec: Vec<Obj> = Vec::new();
        for old in &svc.secondary {
            let name = old.get("name").and_then(Value::as_str).unwrap_or("").to_string();
            let supplied = sec.iter().find(|s| s.get("name").and_then(Value::as_str) == Some(name.as_str()));
            let mut cfg = supplied.cloned().unwrap_or_else(|| old.clone());
            if cfg.get("imageUuid").and_then(Value::as_str) == Some("rancher/none") && !keep_none {
                continue;
            }
            if set.contains(&name.to_lowercase()) {
                cfg.insert("version".into(), json!(st.next_uuid()));
            }
            new_sec.push(cfg);
        }
        for s in &sec {
            let name = s.get("name").and_then(Value::as_str).unwrap_or("");
            let known = svc.secondary.iter().any(|o| o.get("name").and_then(Value::as_str) == Some(name));
            if !known && s.get("imageUuid").and_then(Value::as_str) != Some("rancher/none") {
                let mut cfg = s.clone();
                cfg.insert("version".into(), json!(st.next_uuid()));
                new_sec.push(cfg);
            }
        }
        ins.insert("launchConfig".into(), Value::Object(new_primary.clone()));
        ins.insert("secondaryLaunchConfigs".into(), json!(new_sec));
        ins.insert("previousLaunchConfig".into(), Value::Object(svc.launch_config.clone()));
        ins.insert("previousSecondaryLaunchConfigs".into(), json!(svc.secondary));
        if let Some(s) = st.services.get_mut(&sid) {
            s.launch_config = new_primary;
            s.secondary = new_sec;
            s.upgrade = Some(json!({"inServiceStrategy": ins, "toServiceStrategy": null}));
        }
        return Ok(());
    }
    if let Some(tos) = tos {
        let to = tos
            .get("toServiceId")
            .and_then(Value::as_str)
            .ok_or_else(|| ApiError::validation("MissingRequired", "toServiceId"))?;
        let tid = parse_id("s", to).ok_or_else(|| ApiError::validation("InvalidReference", "toServiceId"))?;
        let ok = tid != sid
            && st.services.get(&tid).is_some_and(|t| {
                t.meta.project == svc.meta.project && t.meta.removed.is_none() && t.meta.state != "removing"
            });
        if !ok {
            return Err(ApiError::validation("InvalidReference", "toServiceId"));
        }
        if let Some(s) = st.services.get_mut(&sid) {
            s.upgrade = Some(json!({"inServiceStrategy": null, "toServiceStrategy": tos}));
        }
        return Ok(());
    }
    Err(ApiError::validation("MissingRequired", "Upgrade strategy needs to be set"))
}

/// Rollback of an in-service upgrade puts the previous launch configs back immediately.
pub(super) fn prepare_rollback(st: &mut State, sid: u64) {
    let Some(s) = st.services.get_mut(&sid) else {
        return;
    };
    let Some(ins) =
        s.upgrade.as_ref().and_then(|u| u.get("inServiceStrategy")).filter(|v| !v.is_null()).cloned()
    else {
        return;
    };
    if let Some(prev) = ins.get("previousLaunchConfig").and_then(Value::as_object) {
        s.launch_config = prev.clone();
    }
    if let Some(prev) = ins.get("previousSecondaryLaunchConfigs").and_then(Value::as_array) {
        s.secondary = prev.iter().filter_map(|v| v.as_object().cloned()).collect();
    }
}
