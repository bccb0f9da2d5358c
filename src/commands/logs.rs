//! `logs` (and `up` without `-d`): container output, each line prefixed with its container's
//! name and coloured per container on a terminal. Without `--follow` the backlog is printed and
//! the command exits (0.12 exited before printing anything). With it, streams that drop while
//! their container still runs are reopened, new containers (scale, upgrades) are picked up, and
//! the command ends cleanly when the services are removed, or on Ctrl-C.

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use tokio::sync::mpsc;

use crate::api::logs::{self, LogLine};
use crate::api::{Client, Container, Resource, Service};
use crate::cli::LogsArgs;
use crate::deploy::observe;
use crate::exit::ExitStatus;

use super::connection::with_client;
use super::{Ctx, live_services, load_stack, select};

/// How often a followed stack is looked at again for new or removed containers.
const POLL: Duration = Duration::from_secs(2);

pub(crate) fn run(args: &LogsArgs, ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let stack = load_stack(ctx)?;
    with_client(ctx, async |client| {
        let live = live_services(client, &stack.name).await?;
        let names = select(&stack, live.as_ref(), &args.services.services)?;
        follow(ctx, client, &stack.name, &names, args.follow, args.lines).await
    })
}

/// What the stream tasks report.
enum Event {
    Line { container: String, line: LogLine },
}

/// Streams the logs of the containers of `names`; see the module comment.
///
/// # Errors
/// The server lacks log streams, or listing the services failed.
pub(crate) async fn follow(
    ctx: &Ctx,
    client: &Client,
    stack_name: &str,
    names: &[String],
    follow: bool,
    lines: u32,
) -> anyhow::Result<ExitStatus> {
    client.schemas().require_action("container", "logs")?;
    let Some(stack) = observe::find_stack(client, stack_name).await? else {
        ctx.printer.warn(format_args!("stack `{stack_name}` does not exist; no logs"));
        return Ok(ExitStatus::Success);
    };
    let stack_id = stack.id().to_owned();
    let (tx, mut rx) = mpsc::unbounded_channel::<Event>();
    let mut streams = FuturesUnordered::new();
    let mut attached: HashSet<String> = HashSet::new();
    let mut started_once: HashSet<String> = HashSet::new();
    let mut noted: HashSet<String> = HashSet::new();
    let mut prefixes = Prefixes::default();
    let mut poll = tokio::time::interval(POLL);
    poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let interrupted = tokio::signal::ctrl_c();
    tokio::pin!(interrupted);
    let mut first = true;
    loop {
        tokio::select! {
            Some(Event::Line { container, line }) = rx.recv() => {
                ctx.printer.data(&prefixes.format(ctx, &container, &line))?;
            }
            Some((id, name, result)) = streams.next(), if !streams.is_empty() => {
                attached.remove(&id);
                if let Err(e) = result {
                    ctx.printer.warn(format_args!("cannot read the logs of {name}: {e}"));
                }
            }
            _ = poll.tick(), if first || follow => {
                let live: Vec<Service> = client.list_as("service", &[("stackId", stack_id.as_str()), ("removed_null", "1")]).await?;
                let mut any = false;
                for name in names {
                    let Some(service) = live.iter().find(|s| s.name().eq_ignore_ascii_case(name)) else { continue };
                    any = true;
                    // External and DNS services have no containers of their own.
                    if !service.has_containers() {
                        if noted.insert(name.clone()) {
                            ctx.printer.status(format_args!("{name} has no containers of its own; skipped"));
                        }
                        continue;
                    }
                    let Some(url) = service.link("instances") else { continue };
                    for container in client.list_url_as::<Container>(url).await? {
                        let id = container.id().to_owned();
                        let offers_logs = container.actions.as_ref().is_some_and(|a| a.contains_key("logs"));
                        // Reopen only the streams of running containers; a stopped one has
                        // nothing new to say.
                        let reopen = follow && container.state().is_running();
                        if !offers_logs || attached.contains(&id) || (started_once.contains(&id) && !reopen) {
                            continue;
                        }
                        // A reopened stream starts where the old one stopped: no backlog again.
                        let backlog = if started_once.insert(id.clone()) { lines } else { 0 };
                        attached.insert(id.clone());
                        let name = container.name().to_owned();
                        prefixes.width = prefixes.width.max(name.len());
                        let tx = tx.clone();
                        streams.push(async move {
                            let container_name = name.clone();
                            let result = logs::stream(client, &container, follow, backlog, |line| {
                                let _ = tx.send(Event::Line { container: container_name.clone(), line });
                            })
                            .await;
                            (id, name, result)
                        });
                    }
                }
                if first && streams.is_empty() && !follow {
                    ctx.printer.status("no containers with logs");
                }
                first = false;
                if follow && !any {
                    ctx.printer.status("the services are gone; no more logs");
                    return Ok(ExitStatus::Success);
                }
            }
            _ = &mut interrupted => return Ok(ExitStatus::Interrupted),
        }
        if !follow && !first && streams.is_empty() {
            // Everything is read; print what is still queued.
            while let Ok(Event::Line { container, line }) = rx.try_recv() {
                ctx.printer.data(&prefixes.format(ctx, &container, &line))?;
            }
            return Ok(ExitStatus::Success);
        }
    }
}

/// Container name prefixes: one colour per container, padded to the longest name so far.
#[derive(Default)]
struct Prefixes {
    colours: BTreeMap<String, usize>,
    width: usize,
}

impl Prefixes {
    fn format(&mut self, ctx: &Ctx, container: &str, line: &LogLine) -> String {
        let next = self.colours.len();
        let colour = *self.colours.entry(container.to_owned()).or_insert(next);
        self.width = self.width.max(container.len());
        let prefix = ctx.printer.tint(colour, &format!("{container:<width$} |", width = self.width));
        // Lines the container wrote to stderr stand out in red.
        let text = if line.stderr { ctx.printer.tint(5, &line.text) } else { line.text.clone() };
        format!("{prefix} {text}\n")
    }
}
