//! The PostgreSQL server stopping while phones push (PostgreSQL runs only):
//! pushes answer 5xx meanwhile, the sync server keeps serving once the
//! database is back, and every change answered `applied` (or, sent again,
//! `duplicate`) is stored exactly once — nothing acknowledged is lost,
//! nothing is stored twice.

mod support;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anxin_domain::sync::{Outcome, PushResponse};
use anxin_server::args;
use support::cluster::Cluster;
use support::process::{free_port, spawn_server, wait_healthy};
use support::sync::{push_body, push_raw, revision, school_day, uuid};

const DEVICES: usize = 8;

/// Waits until `counter` reaches `at_least`.
async fn until(counter: &AtomicUsize, at_least: usize, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while counter.load(Ordering::SeqCst) < at_least {
        assert!(Instant::now() < deadline, "{what}: {}", counter.load(Ordering::SeqCst));
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn test_pushes_during_a_database_outage_fail_and_nothing_acknowledged_is_lost() {
    let Some(cluster) = Cluster::start() else {
        eprintln!("skipped: this test runs on PostgreSQL (ANXIN_TEST_BACKEND=postgres)");
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let dist = tempfile::tempdir().unwrap();
    support::write_dist(dist.path());
    // This data folder's database is on the test's own cluster.
    std::fs::write(data.path().join(support::database::URL_FILE), cluster.url()).unwrap();
    support::add_students(data.path(), DEVICES);
    let http = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let _server = spawn_server(data.path(), dist.path(), port, None);
    wait_healthy(&http, &base).await;

    let acknowledged = Arc::new(AtomicUsize::new(0));
    let refused = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    // Each device files one day after another; a push that fails is sent
    // again, as the phone's outbox does, until it is answered.
    let devices: Vec<_> = (0..DEVICES)
        .map(|d| {
            let (http, base) = (http.clone(), base.clone());
            let (acknowledged, refused, stop) =
                (acknowledged.clone(), refused.clone(), stop.clone());
            tokio::spawn(async move {
                let person = support::student(d);
                let client = uuid(70_000 + d as u64);
                let mut kept = Vec::new();
                let mut seq = 1u64;
                while !stop.load(Ordering::SeqCst) && seq < 300 {
                    let n = 100_000 * (d as u64 + 1) + seq;
                    // The 14 days a declaration may be for, then corrections
                    // of them: however fast the machine, every push is one
                    // the server accepts.
                    let day = school_day(((seq - 1) % 14) as i64);
                    let reason = (seq > 14).then_some("corrected");
                    let body = push_body(&client, vec![revision(seq, n, day, 366, reason)]);
                    let answer = match push_raw(&http, &base, &person, &body).await {
                        Ok(response) if response.status().is_success() => {
                            response.json::<PushResponse>().await.unwrap()
                        }
                        Ok(response) => {
                            assert!(response.status().is_server_error(), "{}", response.status());
                            refused.fetch_add(1, Ordering::SeqCst);
                            tokio::time::sleep(Duration::from_millis(20)).await;
                            continue;
                        }
                        // Not answered at all: sent again shortly.
                        Err(_) => {
                            tokio::time::sleep(Duration::from_millis(20)).await;
                            continue;
                        }
                    };
                    let outcome = &answer.results[0].outcome;
                    assert!(
                        matches!(outcome, Outcome::Applied | Outcome::Duplicate),
                        "{person} {seq}: {outcome:?}"
                    );
                    kept.push(uuid(n));
                    acknowledged.fetch_add(1, Ordering::SeqCst);
                    seq += 1;
                }
                kept
            })
        })
        .collect();

    until(&acknowledged, 40, "pushes before the outage").await;
    cluster.stop();
    until(&refused, DEVICES, "pushes refused while the database is down").await;
    let before_restart = acknowledged.load(Ordering::SeqCst);
    cluster.run();
    until(&acknowledged, before_restart + 40, "pushes once the database is back").await;
    stop.store(true, Ordering::SeqCst);
    let mut kept = BTreeSet::new();
    for device in devices {
        kept.extend(device.await.unwrap());
    }

    let stored: Vec<String> = support::with_sql(data.path(), |tx| {
        tx.query("SELECT revision_id FROM declaration_revisions", args![])?
            .iter()
            .map(|row| row.get(0))
            .collect()
    });
    let stored_set: BTreeSet<String> = stored.iter().cloned().collect();
    assert_eq!(stored.len(), stored_set.len(), "a change stored twice");
    assert_eq!(stored_set, kept, "stored is exactly what was acknowledged");
    assert!(refused.load(Ordering::SeqCst) >= DEVICES);
}
