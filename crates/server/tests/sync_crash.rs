//! The server process killed (SIGKILL) after a push is committed but before
//! its answer leaves: after a restart, the retried push is a duplicate and
//! the record exists once.

mod support;

use anxin_server::args;

use std::path::Path;
use std::time::{Duration, Instant};

use anxin_domain::sync::Outcome;
use support::process::{free_port, spawn_server, wait_healthy};
use support::sync::*;
use support::write_dist;

fn stored_revisions(data: &Path) -> i64 {
    support::with_sql(data, |tx| {
        tx.query_one("SELECT COUNT(*) FROM declaration_revisions", args![])?.get(0)
    })
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

/// Devices pushing at once (so their pushes are committed in groups), the
/// server killed (SIGKILL) in the middle: every push answered `applied`
/// is there after a restart, and a push sent again is decided once.
#[tokio::test]
async fn test_every_push_answered_applied_survives_a_kill_during_group_commits() {
    const DEVICES: usize = 16;
    let data = tempfile::tempdir().unwrap();
    let dist = tempfile::tempdir().unwrap();
    write_dist(dist.path());
    support::add_students(data.path(), DEVICES);
    let http = reqwest::Client::new();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = spawn_server(data.path(), dist.path(), port, None);
    wait_healthy(&http, &base).await;

    // Each device files and corrects its days until its pushes fail.
    let devices: Vec<_> = (0..DEVICES)
        .map(|d| {
            let (http, base) = (http.clone(), base.clone());
            tokio::spawn(async move {
                let person = support::student(d);
                let client = uuid(50_000 + d as u64);
                let mut applied = Vec::new();
                for seq in 1..=200u64 {
                    let n = 100_000 * (d as u64 + 1) + seq;
                    let body = push_body(
                        &client,
                        // The 14 days a declaration may be for, filed and
                        // then corrected.
                        vec![revision(seq, n, school_day(seq as i64 % 14), 366, Some("again"))],
                    );
                    let Ok(response) = push_raw(&http, &base, &person, &body).await else { break };
                    let Ok(answer) = response.json::<anxin_domain::sync::PushResponse>().await
                    else {
                        break;
                    };
                    assert_eq!(answer.results[0].outcome, Outcome::Applied, "{person} {seq}");
                    applied.push(uuid(n));
                }
                applied
            })
        })
        .collect();
    // Killed once enough has been committed that groups were formed.
    let deadline = Instant::now() + Duration::from_secs(30);
    while stored_revisions(data.path()) < 200 {
        assert!(Instant::now() < deadline, "the pushes were never committed");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill(); // SIGKILL
    let mut answered = Vec::new();
    for device in devices {
        answered.extend(device.await.unwrap());
    }
    assert!(!answered.is_empty());

    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let _server = spawn_server(data.path(), dist.path(), port, None);
    wait_healthy(&http, &base).await;
    for revision_id in &answered {
        let kept: i64 = support::with_sql(data.path(), |tx| {
            tx.query_one(
                "SELECT COUNT(*) FROM declaration_revisions WHERE revision_id = ?1",
                args![revision_id],
            )?
            .get(0)
        });
        assert_eq!(kept, 1, "{revision_id} was answered applied");
    }
    // A device's first push sent again is a duplicate, not a second record.
    let first = vec![revision(1, 100_001, school_day(1), 366, None)];
    let retry = push(&http, &base, &support::student(0), &uuid(50_000), first).await;
    assert_eq!(retry.results[0].outcome, Outcome::Duplicate);
}
