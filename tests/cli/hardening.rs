//! Hardening (issue #12): input that used to deploy the wrong thing with exit 0, input that
//! used to take the machine's memory or time, and connections that used to hang. The hostile
//! inputs themselves are broken fixtures (`fixtures/broken/`, run by `broken.rs` under a memory
//! limit and a deadline); this file holds what needs more than one file or a server.

use std::net::TcpListener;
use std::path::Path;
use std::time::{Duration, Instant};

use rancher_compose::emulator::{EmulatorConfig, EmulatorThread};

use crate::broken::{SECRET_VARS, bounded, run_bounded};
use crate::support::{fixture, rc, root, run};

const BOM: &str = "\u{feff}";

#[test]
fn a_byte_order_mark_is_skipped_in_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let write =
        |name: &str, text: &str| std::fs::write(dir.path().join(name), format!("{BOM}{text}")).unwrap();
    write("docker-compose.yml", "web:\n  image: nginx:${TAG}\n  env_file: web.env\n  labels:\n    a: b\n");
    write("rancher-compose.yml", "web:\n  scale: 3\n");
    write("web.env", "FROM_ENV_FILE=yes\n");
    write("vars.env", "TAG=1.25\n");
    write("answers.yml", "OTHER: x\n");
    write("bindings.json", r#"{"services": {"web": {"labels": {"bound": "yes"}}}}"#);
    let out = run(rc(dir.path()).args([
        "-e",
        "vars.env",
        "--answers",
        "answers.yml",
        "-b",
        "bindings.json",
        "config",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
    for wanted in ["scale: 3", "image: nginx:1.25", "FROM_ENV_FILE: \"yes\"", "bound: \"yes\""] {
        assert!(out.stdout.contains(wanted), "lacks {wanted}:\n{}", out.stdout);
    }
}

#[test]
fn only_regular_files_of_bounded_size_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = format!("web:\n  image: nginx\n  labels:\n{}", "    x: y\n".repeat(1_000_000));
    std::fs::write(dir.path().join("docker-compose.yml"), &big).unwrap();
    let mut failures = Vec::new();
    let out = run_bounded("big file", bounded(dir.path()).arg("config"), &mut failures);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("`docker-compose.yml`: it is larger than the 8 MiB limit"), "{}", out.stderr);
    let out = run_bounded(
        "big stdin",
        bounded(dir.path()).args(["-f", "-", "config"]).write_stdin(big),
        &mut failures,
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("`<stdin>`: it is larger than the 8 MiB limit"), "{}", out.stderr);
    // A pipe is refused before it is opened (opening one would wait for a writer).
    let fifo = dir.path().join("fifo.yml");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let out = run_bounded("fifo", bounded(dir.path()).args(["-f", "fifo.yml", "config"]), &mut failures);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("`fifo.yml`: it is a pipe, not a regular file"), "{}", out.stderr);
    let out = run_bounded("directory", bounded(dir.path()).args(["-f", ".", "config"]), &mut failures);
    assert!(out.stderr.contains("it is a directory"), "{}", out.stderr);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn interpolation_stops_at_its_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("answers.txt"), format!("BIG={}\n", "b".repeat(1024 * 1024))).unwrap();
    let services: String = (0..70).map(|i| format!("s{i}:\n  image: x\n  command: ${{BIG}}\n")).collect();
    std::fs::write(dir.path().join("docker-compose.yml"), services).unwrap();
    let mut failures = Vec::new();
    let out = run_bounded(
        "interpolation",
        bounded(dir.path()).args(["--answers", "answers.txt", "config"]),
        &mut failures,
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("limit hit: interpolated size"), "{}", out.stderr);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn yaml_answers_keep_numbers_as_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("docker-compose.yml"),
        "web:\n  image: nginx:${TAG}\n  command: [x, '${V}']\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("answers.yml"), "TAG: 123456789012345678901234567890\nV: 1.10\n").unwrap();
    let out = run(rc(dir.path()).args(["--answers", "answers.yml", "config"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("image: nginx:123456789012345678901234567890"), "{}", out.stdout);
    assert!(out.stdout.contains("- \"1.10\""), "{}", out.stdout);
}

#[test]
fn rancher_compose_keys_of_docker_compose_are_ignored_with_a_warning() {
    // Catalogs (netapp, portworx) put `labels` in rancher-compose.yml; they must keep loading.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("docker-compose.yml"), "web:\n  image: nginx\n").unwrap();
    std::fs::write(dir.path().join("rancher-compose.yml"), "web:\n  scale: 2\n  labels:\n    a: b\n")
        .unwrap();
    let out = run(rc(dir.path()).arg("config"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("rancher-compose.yml:3:3: service `web`: `labels` belongs in docker-compose.yml")
    );
}

// ---------------------------------------------------------------------------------------------
// Mutations of the official catalog: whatever the damage, the tool ends with 0, 1 or 2, without
// a panic or abort, within the memory limit and the deadline, and shows no secret.

/// A small, seeded generator (xorshift64*), so a failure names the seed that reproduces it.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

/// Text that has broken the tool before, or could: inserted at the start of a random line.
const SNIPPETS: &[&str] = &[
    "x-a: &a [x, x, x, x, x, x, x, x, x]\nx-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nx-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nx-d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
    "x-m: &m {<<: [{k: 1}, {j: 2}]}\nx-n: {<<: [*m, *m]}\n",
    "  <<: 5\n",
    "loop: &l\n  self: *l\n",
    "  scale: -3\n",
    "  helth_check: {port: 80}\n",
    "  cpu_shares: ${SECRET}\n",
    "  ports: [\"${API_TOKEN}:80\"]\n",
    "  extends: {file: /dev/zero, service: x}\n",
    "  env_file: /dev/urandom\n",
    "{{ range $i := until 100000000 }}x{{ end }}\n",
    "{{ printf \"%v\" (until 10000000) }}\n",
    "{{ range until 9999 }}{{ range until 9999 }}{{ end }}{{ end }}\n",
    "{{ (((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))) }}\n",
    "version: [2]\n",
    "\u{feff}",
    "\t\t: :\n",
    "${A:-${B:-${C:-${D:-${E:-${F:-${G:-${H:-${I:-${J:-${K:-${L:-${M:-${N:-${O:-${P:-${Q:-${R:-x}}}}}}}}}}}}}}}}}}\n",
    "$",
    "{{",
    "  - !!binary aGVsbG8=\n",
    "? [a, b]\n: c\n",
];

fn mutate(text: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = text.to_vec();
    for _ in 0..=rng.below(3) {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] = (rng.next() & 0xff) as u8;
            }
            1 => {
                let end = (at + rng.below(40)).min(out.len());
                out.drain(at..end);
            }
            2 => {
                let end = (at + rng.below(200)).min(out.len());
                let copy = out[at..end].to_vec();
                out.splice(at..at, copy);
            }
            3 => out.truncate(at),
            _ => {
                // At the start of the line `at` is on.
                let line_start = out[..at].iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
                let snippet = SNIPPETS[rng.below(SNIPPETS.len())].as_bytes();
                out.splice(line_start..line_start, snippet.iter().copied());
            }
        }
    }
    out
}

fn catalog_versions() -> Vec<std::path::PathBuf> {
    let corpus = root().join("../shared/corpus/rancher-catalog");
    let mut out = Vec::new();
    for base in ["templates", "infra-templates"] {
        let templates =
            std::fs::read_dir(corpus.join(base)).expect("the catalog corpus (../shared/corpus) is missing");
        for template in templates {
            for version in std::fs::read_dir(template.unwrap().path()).into_iter().flatten() {
                let version = version.unwrap().path();
                if ["docker-compose.yml", "docker-compose.yml.tpl"].iter().any(|f| version.join(f).is_file())
                {
                    out.push(version);
                }
            }
        }
    }
    out.sort();
    out
}

#[test]
fn mutated_catalog_files_end_in_a_clean_exit_within_bounds() {
    let seed = std::env::var("HARDENING_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed_1234_u64);
    let budget = Duration::from_secs(
        std::env::var("HARDENING_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(4),
    );
    let versions = catalog_versions();
    assert!(versions.len() > 100, "too few catalog versions: {}", versions.len());
    let mut rng = Rng(seed | 1);
    let started = Instant::now();
    let (mut runs, mut exits) = (0, [0usize; 3]);
    let mut failures = Vec::new();
    while runs < 20 || started.elapsed() < budget {
        let version = &versions[rng.below(versions.len())];
        let dir = tempfile::tempdir().unwrap();
        let mut files = Vec::new();
        for name in ["docker-compose.yml", "docker-compose.yml.tpl", "rancher-compose.yml"] {
            if let Ok(text) = std::fs::read(version.join(name)) {
                std::fs::write(dir.path().join(name), &text).unwrap();
                files.push((name, text));
            }
        }
        let (name, text) = &files[rng.below(files.len())];
        let mutated = mutate(text, &mut rng);
        std::fs::write(dir.path().join(name), &mutated).unwrap();
        let compose = files
            .iter()
            .map(|(n, _)| *n)
            .find(|n| n.starts_with("docker-compose"))
            .unwrap_or("docker-compose.yml");
        let case = format!("run {runs} (seed {seed:#x}, {}/{name})", version.display());
        let before = failures.len();
        let out = run_bounded(
            &case,
            bounded(dir.path()).envs(SECRET_VARS.iter().copied()).args([
                "-f",
                compose,
                "--no-prompt",
                "config",
                "-q",
            ]),
            &mut failures,
        );
        if let Ok(code @ 0..=2) = usize::try_from(out.code) {
            exits[code] += 1;
        }
        if failures.len() > before {
            let shown = String::from_utf8_lossy(&mutated);
            failures.push(format!("input was:\n{}", shown.chars().take(3000).collect::<String>()));
        }
        runs += 1;
    }
    println!("{runs} mutated catalog versions in {:?}: exits 0/1/2 = {exits:?}", started.elapsed());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

// ---------------------------------------------------------------------------------------------
// Connections.

fn emulator_with_keys() -> EmulatorThread {
    EmulatorThread::start(EmulatorConfig {
        access_key: Some("AK".into()),
        secret_key: Some("Url-Secret-55kw".into()),
        ..EmulatorConfig::for_tests()
    })
    .unwrap()
}

#[test]
fn a_server_that_never_answers_is_given_up_on_with_a_line_per_retry() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    // Accepts every connection and holds it open without a word.
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream);
        }
    });
    let dir = fixture("nginx-redis");
    let started = Instant::now();
    let out = run(rc(dir.path()).env("RANCHER_API_TIMEOUT", "1.5").args([
        "--url",
        &format!("http://{addr}"),
        "ps",
    ]));
    let took = started.elapsed();
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!("retrying in 0.1 s: no answer from {addr} (attempt 2 of 6)")),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("no answer within 0.5 s"), "{}", out.stderr);
    assert!(took < Duration::from_secs(8), "took {took:?}");
}

#[test]
fn urls_without_a_scheme_get_a_hint() {
    let dir = fixture("nginx-redis");
    let out = run(rc(dir.path()).args(["--url", "127.0.0.1:8080", "ps"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("hint: add the scheme: `http://127.0.0.1:8080`"), "{}", out.stderr);
}

#[test]
fn a_server_that_needs_keys_says_so_when_none_were_given() {
    let emu = emulator_with_keys();
    let dir = fixture("nginx-redis");
    let out = run(rc(dir.path()).args(["--url", emu.base_url(), "ps"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("the server needs API keys, and none were given"), "{}", out.stderr);
    assert!(out.stderr.contains("hint: give --access-key and --secret-key"), "{}", out.stderr);
}

#[test]
fn keys_in_the_url_serve_every_request_and_stay_hidden() {
    let emu = emulator_with_keys();
    let dir = fixture("nginx-redis");
    let url = emu.base_url().replace("http://", "http://AK:Url-Secret-55kw@");
    let out = run(rc(dir.path()).args(["--url", &url, "--verbose", "up", "-d"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = run(rc(dir.path()).args(["--url", &url, "--verbose", "ps"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("web"), "{}", out.stdout);
    assert!(
        !out.stderr.contains("Url-Secret-55kw") && !out.stdout.contains("Url-Secret-55kw"),
        "{}",
        out.stderr
    );
}

/// A TLS server whose certificate comes from the test CA in `tests/cli/tls/` (test-only keys):
/// its first connection answers a container's `logs` action with a `wss://` URL and a token
/// that needs encoding; its second is that log stream, which sends one line. Returns its
/// address and, once done, the token the stream was opened with.
async fn private_ca_log_server(token: &'static str) -> (String, tokio::task::JoinHandle<Option<String>>) {
    use futures_util::SinkExt;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio_rustls::rustls::pki_types::pem::PemObject;
    use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

    let tls = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/tls");
    let certs = vec![CertificateDer::from_pem_file(tls.join("server.pem")).unwrap()];
    let key = PrivateKeyDer::from_pem_file(tls.join("server.key")).unwrap();
    let config = tokio_rustls::rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(std::sync::Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let stream_url = format!("wss://{addr}/logs");
    let server = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.ok()?;
        let mut conn = acceptor.accept(tcp).await.ok()?;
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        while !String::from_utf8_lossy(&request).contains("\r\n\r\n") {
            let n = conn.read(&mut buf).await.ok()?;
            request.extend_from_slice(&buf[..n]);
        }
        let body = serde_json::json!({ "url": stream_url, "token": token }).to_string();
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        conn.write_all(format!("{head}{body}").as_bytes()).await.ok()?;
        conn.shutdown().await.ok()?;
        let (tcp, _) = listener.accept().await.ok()?;
        let conn = acceptor.accept(tcp).await.ok()?;
        let mut seen = None;
        // tungstenite's callback type fixes the (large) error type.
        #[allow(clippy::result_large_err)]
        let record =
            |req: &tokio_tungstenite::tungstenite::handshake::server::Request,
             resp: tokio_tungstenite::tungstenite::handshake::server::Response| {
                let query = req.uri().query().unwrap_or_default().to_owned();
                seen = url::form_urlencoded::parse(query.as_bytes())
                    .find(|(k, _)| k == "token")
                    .map(|(_, v)| v.into_owned());
                Ok(resp)
            };
        let mut socket = tokio_tungstenite::accept_hdr_async(conn, record).await.ok()?;
        socket.send(tokio_tungstenite::tungstenite::Message::text("01 hello over TLS")).await.ok()?;
        socket.close(None).await.ok()?;
        seen
    });
    (addr, server)
}

#[tokio::test]
async fn log_streams_trust_the_same_private_ca_as_the_api_and_encode_their_token() {
    const TOKEN: &str = "a+b/c=&d e";
    let emu = rancher_compose::emulator::start(EmulatorConfig::for_tests()).await.unwrap();
    let ca = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/tls/ca.pem")).unwrap();
    let options = rancher_compose::api::ClientOptions {
        extra_roots: reqwest::Certificate::from_pem_bundle(&ca).unwrap(),
        ..rancher_compose::api::ClientOptions::default()
    };
    let client = rancher_compose::api::Client::connect(emu.base_url(), None, options).await.unwrap();
    let (addr, server) = private_ca_log_server(TOKEN).await;
    let container = serde_json::json!({
        "type": "container",
        "name": "web-1",
        "state": "running",
        "actions": { "logs": format!("https://{addr}/v2-beta/containers/1i1/?action=logs") },
        "links": { "self": format!("https://{addr}/v2-beta/containers/1i1") },
    });
    let mut lines = Vec::new();
    rancher_compose::api::logs::stream(&client, &container, false, 10, |line| lines.push(line.text))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lines, ["hello over TLS"]);
    assert_eq!(server.await.unwrap().as_deref(), Some(TOKEN));
}
