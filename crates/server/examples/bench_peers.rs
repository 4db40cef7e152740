//! Anxin's sync push beside two peers, in one run on one machine: the
//! same declarations, the same devices at once, the same HTTP client, one
//! target at a time. Run with `make bench-peers`.
//!
//! - Anxin: the real `anxin-server` binary (path as the first argument),
//!   on SQLite in a temp data folder and, when `ANXIN_BENCH_POSTGRES_URL`
//!   names an empty database, on PostgreSQL. Its people are imported and
//!   given one-time codes with the binary's own commands, then sign in over
//!   HTTP as the app does; each device pushes Anxin's real declaration
//!   mutations, seq 1, 2, 3, … per client. Every result must be `applied`
//!   and every record must come back in its device's pull.
//! - pouchdb-server (the offline-first replication peer, LevelDOWN on disk):
//!   `_bulk_docs` for batches, one `PUT` per document otherwise.
//! - json-server (the naive JSON endpoint): one `POST` per record.
//!
//! Each process gets a free port and a temp folder, and is killed by its
//! own pid when its part is done, on failure too. Exits non-zero if any
//! record is refused or missing, or if a peer answers an error.

use std::collections::BTreeSet;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anxin_domain::account::{FirstSignInRequest, SessionGrant};
use anxin_domain::fixtures::answers_at;
use anxin_domain::sync::{
    Change, Mutation, Outcome, PullResponse, PulledChange, PushRequest, PushResponse,
    MAX_PULL_CHANGES, PROTOCOL_VERSION,
};
use anyhow::{bail, ensure, Context, Result};
use chrono::{Duration as Days, Utc};
use serde_json::Value;

/// A password no common-password list holds.
const PASSWORD: &str = "violet-kettle-harbour-17";

/// One workload: `records` declarations from `devices` devices at once,
/// each sending its share in requests of up to `per_request`.
#[derive(Clone, Copy)]
struct Workload {
    tag: &'static str,
    records: usize,
    devices: usize,
    per_request: usize,
}

const A: Workload = Workload { tag: "a", records: 10_000, devices: 16, per_request: 50 };
const B: Workload = Workload { tag: "b", records: 3_000, devices: 64, per_request: 1 };

/// json-server rewrites its whole file on every write (minutes at 10,000):
/// it gets these many records instead.
const JSON_SERVER_RECORDS: [usize; 2] = [1_000, 500];

fn uuid(kind: u16, n: u64) -> String {
    format!("00000000-0000-4000-{kind:04x}-{n:012x}")
}

/// How many of `total` records device `device` of `devices` sends.
fn share(total: usize, devices: usize, device: usize) -> usize {
    total / devices + usize::from(device < total % devices)
}

/// Device `device`'s declarations in workload `w` (1 or 2), seq from 1:
/// one a day going back, then corrections of the same days (with their
/// reason), as a phone that was offline long would send them.
fn declarations(w: u64, device: usize, count: usize) -> Vec<Mutation> {
    let today = anxin_domain::local_day(Utc::now());
    (1..=count as u64)
        .map(|seq| {
            let n = w * 10_000_000 + device as u64 * 100_000 + seq;
            let answers = answers_at(360 + (n % 12) as u16);
            Mutation {
                id: uuid(0x8000, n),
                seq,
                device_time: Utc::now(),
                change: Change::DeclarationRevision {
                    day: today - Days::days(((seq - 1) % 14) as i64),
                    revision_id: uuid(0x9000, n),
                    answers,
                    correction_reason: (seq > 14).then(|| "体温计读错了，重新填报".to_owned()),
                },
            }
        })
        .collect()
}

/// The devices of a workload with their declarations.
fn devices(w: u64, workload: Workload, records: usize) -> Vec<Vec<Mutation>> {
    (0..workload.devices).map(|d| declarations(w, d, share(records, workload.devices, d))).collect()
}

fn person(workload: Workload, device: usize) -> String {
    format!("bench-{}-{device}", workload.tag)
}

/// A child process, killed (by its own pid) when dropped.
struct Process {
    name: &'static str,
    child: Child,
    log: PathBuf,
}

impl Process {
    fn spawn(name: &'static str, mut command: Command, log: PathBuf) -> Result<Self> {
        let out = File::create(&log)?;
        command.stdin(Stdio::null()).stdout(out.try_clone()?).stderr(out);
        let child = command.spawn().with_context(|| format!("starting {name}"))?;
        Ok(Self { name, child, log })
    }

    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }

    /// Polls `url` until it answers 2xx (60 s at most, or until the
    /// process exits).
    async fn wait_ready(&mut self, http: &reqwest::Client, url: &str) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait()? {
                bail!("{} exited while starting ({status}):\n{}", self.name, self.log_tail());
            }
            if let Ok(response) = http.get(url).send().await {
                if response.status().is_success() {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                bail!("{} did not answer {url} within 60 s:\n{}", self.name, self.log_tail());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn client() -> Result<reqwest::Client> {
    Ok(reqwest::Client::builder().timeout(Duration::from_secs(120)).build()?)
}

/// Where each kind of target sends a device's requests.
enum Target {
    Anxin { base: String, tokens: Vec<Vec<String>> },
    Pouch { db: String },
    JsonServer { collection: String },
}

impl Target {
    /// Sends one request of `batch` for device `device` of workload `w`,
    /// and checks the answer.
    async fn send(
        &self,
        http: &reqwest::Client,
        w: usize,
        device: usize,
        batch: &[Mutation],
    ) -> Result<()> {
        match self {
            Target::Anxin { base, tokens } => {
                let request = PushRequest {
                    protocol_version: PROTOCOL_VERSION,
                    client_id: uuid(0xa000, (w * 1_000 + device) as u64),
                    mutations: batch.to_vec(),
                };
                let response = http
                    .post(format!("{base}/api/v1/sync/push"))
                    .bearer_auth(&tokens[w][device])
                    .json(&request)
                    .send()
                    .await?;
                let status = response.status();
                ensure!(status.is_success(), "push answered {status}: {}", response.text().await?);
                let answer: PushResponse = response.json().await?;
                ensure!(answer.results.len() == batch.len(), "push answered the wrong count");
                for (result, mutation) in answer.results.iter().zip(batch) {
                    ensure!(
                        result.id == mutation.id && result.outcome == Outcome::Applied,
                        "mutation {} (seq {}) was answered {:?}, not applied",
                        mutation.id,
                        mutation.seq,
                        result.outcome
                    );
                }
            }
            Target::Pouch { db } if batch.len() > 1 => {
                let docs: Vec<Value> = batch.iter().map(pouch_doc).collect::<Result<_>>()?;
                let response = http
                    .post(format!("{db}/_bulk_docs"))
                    .json(&serde_json::json!({ "docs": docs }))
                    .send()
                    .await?;
                let status = response.status();
                ensure!(status.is_success(), "_bulk_docs answered {status}");
                let rows: Vec<Value> = response.json().await?;
                ensure!(rows.len() == batch.len(), "_bulk_docs answered the wrong count");
                for row in rows {
                    ensure!(row["ok"] == Value::Bool(true), "_bulk_docs refused a doc: {row}");
                }
            }
            Target::Pouch { db } => {
                let mutation = &batch[0];
                let response = http
                    .put(format!("{db}/{}", mutation.id))
                    .json(&pouch_doc(mutation)?)
                    .send()
                    .await?;
                let status = response.status();
                ensure!(status.is_success(), "PUT answered {status}: {}", response.text().await?);
            }
            Target::JsonServer { collection } => {
                ensure!(batch.len() == 1, "json-server takes one record per POST");
                let response = http.post(collection).json(&batch[0]).send().await?;
                let status = response.status();
                ensure!(status.is_success(), "POST answered {status}: {}", response.text().await?);
            }
        }
        Ok(())
    }
}

/// A mutation as a PouchDB document: the same JSON, with its id as `_id`.
fn pouch_doc(mutation: &Mutation) -> Result<Value> {
    let mut doc = serde_json::to_value(mutation)?;
    doc["_id"] = Value::String(mutation.id.clone());
    Ok(doc)
}

/// What one workload measured on one target.
struct Figures {
    records: usize,
    requests: usize,
    per_second: f64,
    p50: f64,
    p99: f64,
}

fn percentile(sorted: &[Duration], q: f64) -> f64 {
    let index = ((sorted.len() as f64 * q) as usize).min(sorted.len() - 1);
    sorted[index].as_secs_f64() * 1000.0
}

/// Every device of the workload at once, each sending its requests one
/// after the other.
async fn run(
    target: &Arc<Target>,
    w: usize,
    workload: Workload,
    devices: &Arc<Vec<Vec<Mutation>>>,
) -> Result<Figures> {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for device in 0..devices.len() {
        let (target, devices) = (target.clone(), devices.clone());
        tasks.push(tokio::spawn(async move {
            let http = client()?;
            let mut latencies = Vec::new();
            for batch in devices[device].chunks(workload.per_request) {
                let sent = Instant::now();
                target.send(&http, w, device, batch).await?;
                latencies.push(sent.elapsed());
            }
            anyhow::Ok(latencies)
        }));
    }
    let mut latencies = Vec::new();
    let mut failure = None;
    for task in tasks {
        match task.await? {
            Ok(own) => latencies.extend(own),
            Err(err) => failure = failure.or(Some(err)),
        }
    }
    if let Some(err) = failure {
        return Err(err);
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let records = devices.iter().map(Vec::len).sum();
    Ok(Figures {
        records,
        requests: latencies.len(),
        per_second: records as f64 / elapsed,
        p50: percentile(&latencies, 0.50),
        p99: percentile(&latencies, 0.99),
    })
}

fn print_line(label: &str, f: &Figures, note: &str) {
    println!(
        "  {label:<34} {:>7.0} records/s   p50 {:>7.2} ms   p99 {:>7.2} ms   ({} records, {} requests{note})",
        f.per_second, f.p50, f.p99, f.records, f.requests
    );
}

fn describe(workload: Workload, per_request: usize) -> String {
    if per_request == 1 {
        format!("({}) {} devices, 1 per request", workload.tag, workload.devices)
    } else {
        format!("({}) {} devices, {per_request} per request", workload.tag, workload.devices)
    }
}

/// The two workloads' devices, with the number of records each target
/// sends.
fn workloads(records: [usize; 2]) -> [Arc<Vec<Vec<Mutation>>>; 2] {
    [Arc::new(devices(1, A, records[0])), Arc::new(devices(2, B, records[1]))]
}

/// Runs the two workloads on `target` and prints them.
async fn both(
    target: Target,
    loads: &[Arc<Vec<Vec<Mutation>>>; 2],
    per_request: [usize; 2],
    note: [&str; 2],
) -> Result<[Figures; 2]> {
    let target = Arc::new(target);
    let mut out = Vec::new();
    for (i, workload) in [A, B].into_iter().enumerate() {
        let workload = Workload { per_request: per_request[i], ..workload };
        let figures = run(&target, i, workload, &loads[i]).await?;
        print_line(&describe(workload, per_request[i]), &figures, note[i]);
        out.push(figures);
    }
    let [a, b]: [Figures; 2] = out.try_into().map_err(|_| anyhow::anyhow!("two workloads"))?;
    Ok([a, b])
}

/// The ids a peer must list: every mutation id of both workloads.
fn all_ids(loads: &[Arc<Vec<Vec<Mutation>>>; 2]) -> BTreeSet<String> {
    loads.iter().flat_map(|d| d.iter().flatten().map(|m| m.id.clone())).collect()
}

/// Anxin: the binary with `database` (a PostgreSQL URL) or on SQLite.
struct Anxin<'a> {
    binary: &'a Path,
    database: Option<&'a str>,
}

impl Anxin<'_> {
    fn command(&self, data: &Path) -> Command {
        let mut command = Command::new(self.binary);
        command.arg("--data-dir").arg(data).env("ANXIN_LOG", "warn");
        if let Some(url) = self.database {
            command.arg("--database").arg(url);
        }
        command
    }

    /// One of the binary's own commands, which must succeed; its output.
    fn admin(&self, data: &Path, args: &[&str]) -> Result<String> {
        let output = self.command(data).args(args).stdin(Stdio::null()).output()?;
        ensure!(
            output.status.success(),
            "anxin-server {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// The roster of both workloads' devices and a one-time code for each,
    /// with the binary's commands (before the server runs).
    fn prepare(&self, data: &Path) -> Result<Vec<Vec<(String, String)>>> {
        let mut csv = String::from("id,name,roles,category,department,class,phone,advises,scope\n");
        for workload in [A, B] {
            for device in 0..workload.devices {
                let id = person(workload, device);
                csv += &format!("{id},学生{id},declarant,student,信息工程学院,软件2601,,,\n");
            }
        }
        let roster = data.join("bench-roster.csv");
        std::fs::write(&roster, csv)?;
        self.admin(data, &["import-roster", roster.to_str().context("temp path")?])?;
        [A, B]
            .into_iter()
            .map(|workload| {
                (0..workload.devices)
                    .map(|device| {
                        let id = person(workload, device);
                        let printed = self.admin(data, &["issue-code", &id])?;
                        let code = printed
                            .lines()
                            .find_map(|line| line.split_once(": ").map(|(_, c)| c.trim()))
                            .context("issue-code printed no code")?
                            .to_owned();
                        Ok((id, code))
                    })
                    .collect()
            })
            .collect()
    }

    async fn bench(
        &self,
        name: &str,
        loads: &[Arc<Vec<Vec<Mutation>>>; 2],
    ) -> Result<[Figures; 2]> {
        let temp = tempfile::tempdir()?;
        let data = temp.path().join("data");
        std::fs::create_dir(&data)?;
        let codes = self.prepare(&data)?;
        let port = free_port()?;
        let mut command = self.command(&data);
        command.args(["--bind", &format!("127.0.0.1:{port}")]);
        command.arg("--dist").arg(temp.path().join("no-dist"));
        let mut server = Process::spawn("anxin-server", command, temp.path().join("server.log"))?;
        let base = format!("http://127.0.0.1:{port}");
        let http = client()?;
        server.wait_ready(&http, &format!("{base}/api/health")).await?;

        // Signing in with the codes, as the app does (not measured). A few
        // at a time: the sign-in limit counts attempts in flight.
        let mut tokens = Vec::new();
        for people in &codes {
            let mut own = Vec::new();
            for group in people.chunks(8) {
                let mut signing = Vec::new();
                for (id, code) in group {
                    let body = FirstSignInRequest {
                        person_id: id.clone(),
                        code: code.clone(),
                        new_password: PASSWORD.into(),
                    };
                    let request = http.post(format!("{base}/api/v1/session/first")).json(&body);
                    signing.push(tokio::spawn(request.send()));
                }
                for task in signing {
                    let response = task.await??;
                    let status = response.status();
                    ensure!(status.is_success(), "first sign-in answered {status}");
                    own.push(response.json::<SessionGrant>().await?.token);
                }
            }
            tokens.push(own);
        }

        println!("{name}");
        let target = Target::Anxin { base: base.clone(), tokens: tokens.clone() };
        let figures = both(target, loads, [A.per_request, B.per_request], ["", ""]).await?;

        // Every record back in its own device's pull, none missing or extra.
        let mut pulled = 0;
        for (w, devices) in loads.iter().enumerate() {
            for (device, sent) in devices.iter().enumerate() {
                let mut held = BTreeSet::new();
                let mut cursor = 0;
                loop {
                    let url = format!(
                        "{base}/api/v1/sync/pull?protocol_version={PROTOCOL_VERSION}&cursor={cursor}&limit={MAX_PULL_CHANGES}"
                    );
                    let response = http.get(url).bearer_auth(&tokens[w][device]).send().await?;
                    ensure!(response.status().is_success(), "pull answered {}", response.status());
                    let page: PullResponse = response.json().await?;
                    for change in page.changes {
                        if let PulledChange::DeclarationRevision(revision) = change {
                            held.insert(revision.revision_id);
                        }
                    }
                    cursor = page.cursor;
                    if !page.more {
                        break;
                    }
                }
                let expected: BTreeSet<String> = sent
                    .iter()
                    .map(|m| match &m.change {
                        Change::DeclarationRevision { revision_id, .. } => revision_id.clone(),
                        _ => unreachable!("the benchmark sends declarations only"),
                    })
                    .collect();
                ensure!(
                    held == expected,
                    "{}: the pull holds {} of {} declarations",
                    person([A, B][w], device),
                    held.intersection(&expected).count(),
                    expected.len()
                );
                pulled += held.len();
            }
        }
        println!("  all {pulled} answered applied, and pulled back by their own devices");
        drop(server);
        Ok(figures)
    }
}

fn node_peer(root: &Path, script: &str) -> Result<Command> {
    let path = root.join("bench/node_modules").join(script);
    ensure!(path.exists(), "{} is missing: run scripts/install-tools.sh --bench", path.display());
    let mut command = Command::new("node");
    command.arg(path);
    Ok(command)
}

async fn bench_pouch(root: &Path, loads: &[Arc<Vec<Vec<Mutation>>>; 2]) -> Result<[Figures; 2]> {
    let temp = tempfile::tempdir()?;
    let port = free_port()?;
    let mut command = node_peer(root, "pouchdb-server/bin/pouchdb-server")?;
    command
        .args(["--port", &port.to_string(), "--no-stdout-logs"])
        .arg("--dir")
        .arg(temp.path())
        .arg("--config")
        .arg(temp.path().join("config.json"))
        .current_dir(temp.path());
    let mut server = Process::spawn("pouchdb-server", command, temp.path().join("out.log"))?;
    let base = format!("http://127.0.0.1:{port}");
    let http = client()?;
    server.wait_ready(&http, &base).await?;
    let db = format!("{base}/declarations");
    let made = http.put(&db).send().await?;
    ensure!(made.status().is_success(), "creating the database answered {}", made.status());

    println!("pouchdb-server 4.2.0 (LevelDOWN on disk; it does not fsync its writes)");
    let target = Target::Pouch { db: db.clone() };
    let figures =
        both(target, loads, [A.per_request, 1], [", _bulk_docs", ", one PUT each"]).await?;

    let response = http.get(format!("{db}/_all_docs")).send().await?;
    ensure!(response.status().is_success(), "_all_docs answered {}", response.status());
    let all: Value = response.json().await?;
    let listed: BTreeSet<String> = all["rows"]
        .as_array()
        .context("_all_docs without rows")?
        .iter()
        .filter_map(|row| row["id"].as_str().map(str::to_owned))
        .collect();
    let expected = all_ids(loads);
    ensure!(listed == expected, "_all_docs lists {} of {}", listed.len(), expected.len());
    println!("  all {} listed by _all_docs", listed.len());
    drop(server);
    Ok(figures)
}

async fn bench_json_server(
    root: &Path,
    loads: &[Arc<Vec<Vec<Mutation>>>; 2],
) -> Result<[Figures; 2]> {
    let temp = tempfile::tempdir()?;
    let file = temp.path().join("db.json");
    std::fs::write(&file, "{\"declarations\": []}\n")?;
    let port = free_port()?;
    let mut command = node_peer(root, "json-server/lib/cli/bin.js")?;
    command.args(["--port", &port.to_string(), "--quiet"]).arg(&file).current_dir(temp.path());
    let mut server = Process::spawn("json-server", command, temp.path().join("out.log"))?;
    let collection = format!("http://127.0.0.1:{port}/declarations");
    let http = client()?;
    server.wait_ready(&http, &collection).await?;

    println!("json-server 0.17.4 (rewrites its whole JSON file on every write, no fsync)");
    let notes = JSON_SERVER_RECORDS
        .map(|n| format!(", {n} records only: the whole file is rewritten per record"));
    let target = Target::JsonServer { collection: collection.clone() };
    let figures = both(target, loads, [1, 1], [&notes[0], &notes[1]]).await?;

    let response = http.get(&collection).send().await?;
    ensure!(response.status().is_success(), "GET answered {}", response.status());
    let rows: Vec<Value> = response.json().await?;
    let listed: BTreeSet<String> =
        rows.iter().filter_map(|row| row["id"].as_str().map(str::to_owned)).collect();
    let expected = all_ids(loads);
    ensure!(
        listed == expected && rows.len() == expected.len(),
        "GET lists {} of {}",
        listed.len(),
        expected.len()
    );
    println!("  all {} listed by GET /declarations", rows.len());
    drop(server);
    Ok(figures)
}

async fn main_result() -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let binary = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/server/anxin-server"));
    ensure!(binary.exists(), "{} is missing: run make server", binary.display());
    let postgres = std::env::var("ANXIN_BENCH_POSTGRES_URL").ok().filter(|url| !url.is_empty());

    let full = workloads([A.records, B.records]);
    let bytes: usize =
        full[0][0].iter().map(|m| serde_json::to_vec(m).map_or(0, |v| v.len())).sum();
    println!(
        "Sync push side by side, one target at a time on this machine: (a) {} declarations from {} devices at once, {} per request; (b) {} from {} devices at once, one per request.",
        A.records, A.devices, A.per_request, B.records, B.devices
    );
    println!(
        "A declaration is Anxin's mutation JSON ({} B on average), the same document for every target; p50 and p99 are per request.",
        bytes / full[0][0].len()
    );

    let sqlite = Anxin { binary: &binary, database: None }
        .bench("Anxin on SQLite (WAL, synchronous = FULL: fsync per commit)", &full)
        .await?;
    let pg = match &postgres {
        Some(url) => Some(
            Anxin { binary: &binary, database: Some(url) }
                .bench("Anxin on PostgreSQL (fsync on)", &full)
                .await?,
        ),
        None => {
            println!("Anxin on PostgreSQL: skipped (set ANXIN_BENCH_POSTGRES_URL)");
            None
        }
    };
    // `ANXIN_BENCH_PEERS=0` measures Anxin alone (comparing two builds).
    let peers = std::env::var("ANXIN_BENCH_PEERS").map_or(true, |v| v != "0");
    if peers {
        let pouch = bench_pouch(&root, &full).await?;
        let json = bench_json_server(&root, &workloads(JSON_SERVER_RECORDS)).await?;
        println!("Anxin's records/s over each peer's:");
        let mut anxins = vec![("Anxin on SQLite", &sqlite)];
        if let Some(pg) = &pg {
            anxins.push(("Anxin on PostgreSQL", pg));
        }
        for (name, anxin) in anxins {
            for (i, workload) in [A, B].into_iter().enumerate() {
                println!(
                    "  {name}, ({}): {:.1}x pouchdb-server, {:.1}x json-server (which ran {} records)",
                    workload.tag,
                    anxin[i].per_second / pouch[i].per_second,
                    anxin[i].per_second / json[i].per_second,
                    JSON_SERVER_RECORDS[i]
                );
            }
        }
    } else {
        println!("The peers: skipped (ANXIN_BENCH_PEERS=0)");
    }
    if let Some(pg) = &pg {
        for (i, workload) in [A, B].into_iter().enumerate() {
            println!(
                "  Anxin on PostgreSQL, ({}): {:.2}x Anxin on SQLite (the target is at least 0.5x)",
                workload.tag,
                pg[i].per_second / sqlite[i].per_second
            );
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    match main_result().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("bench-peers failed: {err:#}");
            ExitCode::FAILURE
        }
    }
}
