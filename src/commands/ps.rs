//! `ps` (new; rancher-compose 0.12 had none): the stack's services with kind, state, health,
//! scale, image and ports, as a table or JSON.

use comfy_table::{ContentArrangement, Table, presets};
use serde_json::{Value, json};

use crate::api::{Client, Container, Resource, Service};
use crate::cli::{PsArgs, PsFormat};
use crate::exit::ExitStatus;

use super::connection::with_client;
use super::{Ctx, live_services, load_stack, select};

pub(super) fn run(args: &PsArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let stack = load_stack(ctx)?;
    let rows = with_client(ctx, async |client| {
        let live = live_services(client, &stack.name).await?;
        let names = select(&stack, live.as_ref(), &args.services.services)?;
        let Some(live) = live else {
            ctx.printer.debug(format_args!("stack `{}` does not exist", stack.name));
            return Ok(Vec::new());
        };
        let shown: Vec<&Service> = names.iter().filter_map(|n| live.get(&n.to_lowercase())).collect();
        // One read of each service's containers, side by side.
        let running = futures_util::future::join_all(shown.iter().map(|s| running(client, s))).await;
        shown.into_iter().zip(running).map(|(s, r)| Ok(row(s, r?))).collect::<anyhow::Result<Vec<Value>>>()
    })?;
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

/// How many of the service's primary containers run (sidekicks are part of the same units);
/// `None` for kinds without containers of their own. `currentScale` counts stopped containers
/// too, so the containers are read.
async fn running(client: &Client, service: &Service) -> anyhow::Result<Option<u64>> {
    if !service.has_containers() {
        return Ok(None);
    }
    let Some(url) = service.link("instances") else { return Ok(None) };
    let containers: Vec<Container> = client.list_url_as(url).await?;
    let primary = |c: &&Container| {
        c.label("io.rancher.service.launch.config").is_none_or(|l| l == PRIMARY_LAUNCH_CONFIG)
    };
    let count = containers.iter().filter(primary).filter(|c| c.state().is_running()).count();
    Ok(Some(u64::try_from(count).unwrap_or(u64::MAX)))
}

const PRIMARY_LAUNCH_CONFIG: &str = "io.rancher.service.primary.launch.config";

fn row(service: &Service, running: Option<u64>) -> Value {
    let launch_config = service.launch_config();
    let image = crate::api::types::text(launch_config, "imageUuid");
    let ports: Vec<Value> = launch_config.get("ports").and_then(Value::as_array).cloned().unwrap_or_default();
    let global = service.is_global();
    json!({
        "id": service.id(),
        "name": service.name(),
        "kind": service.kind.as_deref().unwrap_or_default(),
        "state": service.state(),
        "health": service.health(),
        "scale": if global { Value::Null } else { service.scale.clone().unwrap_or(Value::Null) },
        "global": global,
        "running": running,
        "image": image.strip_prefix("docker:").unwrap_or(image),
        "ports": ports,
    })
}

/// SCALE: running/desired (`0/2` for a stopped service, `3/global` for a global one), the
/// desired scale alone for kinds without containers of their own.
fn scale_cell(r: &Value) -> String {
    let desired = if r["global"].as_bool() == Some(true) {
        Some("global".to_owned())
    } else {
        r["scale"].as_i64().map(|s| s.to_string())
    };
    match (r["running"].as_u64(), desired) {
        (Some(running), Some(desired)) => format!("{running}/{desired}"),
        (None, Some(desired)) => desired,
        (Some(running), None) => running.to_string(),
        (None, None) => "-".to_owned(),
    }
}

fn table(rows: &[Value]) -> String {
    let mut table = Table::new();
    table.load_style(presets::NOTHING).set_content_arrangement(ContentArrangement::Disabled);
    table.set_header(["SERVICE", "KIND", "STATE", "HEALTH", "SCALE", "IMAGE", "PORTS"]);
    for r in rows {
        let scale = scale_cell(r);
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
