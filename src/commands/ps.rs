//! `ps` (new; rancher-compose 0.12 had none): the stack's services with kind, state, health,
//! scale, image and ports, as a table or JSON.

use comfy_table::{ContentArrangement, Table, presets};
use serde_json::{Value, json};

use crate::cli::{PsArgs, PsFormat};
use crate::deploy::{observe, state};
use crate::exit::ExitStatus;

use super::server::with_client;
use super::{Ctx, load_project};

pub fn run(args: &PsArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let project = load_project(ctx)?;
    let services = with_client(ctx, async |client| {
        let Some(stack) = observe::find_stack(client, &project.name).await? else {
            return Ok(Vec::new());
        };
        let stack_id = stack.get("id").and_then(Value::as_str).unwrap_or_default().to_owned();
        Ok(client.list("service", &[("stackId", stack_id.as_str()), ("removed_null", "1")]).await?)
    })?;
    let selected = &args.services.services;
    let rows: Vec<Value> = services
        .iter()
        .filter(|s| selected.is_empty() || selected.iter().any(|n| Some(n.as_str()) == s["name"].as_str()))
        .map(row)
        .collect();
    let text = if args.quiet {
        rows.iter().map(|r| format!("{}\n", r["id"].as_str().unwrap_or_default())).collect()
    } else {
        match args.format {
            PsFormat::Json => serde_json::to_string_pretty(&rows)? + "\n",
            PsFormat::Table => table(&rows),
        }
    };
    ctx.printer.data(&text)?;
    Ok(ExitStatus::Success)
}

fn row(service: &Value) -> Value {
    let text = |key: &str| service.get(key).and_then(Value::as_str).unwrap_or_default().to_owned();
    let image = service.pointer("/launchConfig/imageUuid").and_then(Value::as_str).unwrap_or_default();
    let ports: Vec<Value> =
        service.pointer("/launchConfig/ports").and_then(Value::as_array).cloned().unwrap_or_default();
    json!({
        "id": text("id"),
        "name": text("name"),
        "kind": text("type"),
        "state": state(service),
        "health": text("healthState"),
        "scale": service.get("scale").cloned().unwrap_or(Value::Null),
        "current": service.get("currentScale").cloned().unwrap_or(Value::Null),
        "image": image.strip_prefix("docker:").unwrap_or(image),
        "ports": ports,
    })
}

fn table(rows: &[Value]) -> String {
    let mut table = Table::new();
    table.load_style(presets::NOTHING).set_content_arrangement(ContentArrangement::Disabled);
    table.set_header(["SERVICE", "KIND", "STATE", "HEALTH", "SCALE", "IMAGE", "PORTS"]);
    for r in rows {
        let scale = match (r["current"].as_i64(), r["scale"].as_i64()) {
            (Some(c), Some(s)) => format!("{c}/{s}"),
            (None, Some(s)) => s.to_string(),
            _ => "-".to_owned(),
        };
        let ports: Vec<&str> =
            r["ports"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        table.add_row([
            r["name"].as_str().unwrap_or_default().to_owned(),
            r["kind"].as_str().unwrap_or_default().to_owned(),
            r["state"].as_str().unwrap_or_default().to_owned(),
            r["health"].as_str().unwrap_or_default().to_owned(),
            scale,
            r["image"].as_str().unwrap_or_default().to_owned(),
            ports.join(","),
        ]);
    }
    format!("{table}\n")
}
