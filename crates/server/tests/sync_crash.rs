//! The server process killed (SIGKILL) after a push is committed but before
//! its answer leaves: after a restart, the retried push is a duplicate and
//! the record exists once.

mod support;

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anxin_domain::sync::Outcome;
use support::sync::*;
use support::write_dist;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A spawned server, killed (SIGKILL) when dropped, so a failing test
/// leaves no process behind.
struct Running(Child);

impl Running {
    fn kill(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The real binary on `port`; `delay_ms` holds each push answer after its
/// commit.
fn spawn_server(data: &Path, dist: &Path, port: u16, delay_ms: Option<u64>) -> Running {
    let mut command = Command::new(env!("CARGO_BIN_EXE_anxin-server"));
    command
        .args(["--bind", &format!("127.0.0.1:{port}")])
        .arg("--data-dir")
        .arg(data)
        .arg("--dist")
        .arg(dist)
        .env("ANXIN_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some(ms) = delay_ms {
        command.env("ANXIN_TEST_DELAY_AFTER_COMMIT_MS", ms.to_string());
    }
    Running(command.spawn().expect("the server binary starts"))
}

async fn wait_healthy(http: &reqwest::Client, base: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if let Ok(response) = http.get(format!("{base}/api/health")).send().await {
            if response.status().is_success() {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not become healthy");
}

fn stored_revisions(data: &Path) -> i64 {
    let db = rusqlite::Connection::open_with_flags(
        data.join("anxin.sqlite3"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    db.query_row("SELECT COUNT(*) FROM declaration_revisions", [], |r| r.get(0)).unwrap_or(0)
}

#[tokio::test]
async fn test_push_retried_after_kill_between_commit_and_answer_is_stored_once() {
    let data = tempfile::tempdir().unwrap();
    let dist = tempfile::tempdir().unwrap();
    write_dist(dist.path());
    let http = reqwest::Client::new();
    let client = uuid(900);
    let batch = vec![revision(1, 901, school_day(0), 381, None)];

    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    support::prepare_data(data.path());
    let mut server = spawn_server(data.path(), dist.path(), port, Some(30_000));
    wait_healthy(&http, &base).await;
    let in_flight = {
        let (http, base, body) = (http.clone(), base.clone(), push_body(&client, batch.clone()));
        tokio::spawn(async move { push_raw(&http, &base, PERSON, &body).await })
    };
    // Committed: the row is in the file while the answer is held back.
    let deadline = Instant::now() + Duration::from_secs(15);
    while stored_revisions(data.path()) == 0 {
        assert!(Instant::now() < deadline, "the push was never committed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill(); // SIGKILL
    assert!(in_flight.await.unwrap().is_err(), "the client never got an answer");

    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let _server = spawn_server(data.path(), dist.path(), port, None);
    wait_healthy(&http, &base).await;
    let retry = push(&http, &base, PERSON, &client, batch).await;
    assert_eq!(retry.results[0].outcome, Outcome::Duplicate);
    assert_eq!(revision_ids(&http, &base, PERSON).await, [uuid(901)]);
    assert_eq!(stored_revisions(data.path()), 1);
}
