//! Clients that hold a connection open without finishing a request: a
//! request's head must arrive within a deadline, a body that stalls is
//! refused, and shutdown waits for the
//! connections still open only for its grace period. Real TCP on 127.0.0.1
//! against the app's router, served as the binary serves it.

use std::time::{Duration, Instant};

use anxin_server::serve::{serve, Deadlines};
use anxin_server::{app, AppState, Config};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

/// The app served with `deadlines` until the sender is used or dropped;
/// its address, and the task that ends when serving has stopped.
async fn start(
    deadlines: Deadlines,
) -> (std::net::SocketAddr, oneshot::Sender<()>, tokio::task::JoinHandle<()>, tempfile::TempDir) {
    let data = tempfile::tempdir().unwrap();
    let state = AppState::open(&Config::new(data.path(), data.path().join("dist"))).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(serve(listener, app(state), deadlines, async move {
        let _ = stopped.await;
    }));
    (addr, stop, task, data)
}

/// Reads until the server closes the connection (or `limit` passes): what
/// it sent, and whether it closed.
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (String, bool) {
    let mut got = Vec::new();
    let mut buffer = [0u8; 4096];
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (String::from_utf8_lossy(&got).into(), true),
            Ok(Ok(n)) => got.extend_from_slice(&buffer[..n]),
            Err(_) => return (String::from_utf8_lossy(&got).into(), false),
        }
    }
}

#[tokio::test]
async fn test_a_client_sending_its_request_head_a_byte_at_a_time_is_closed_at_the_deadline() {
    // Setup
    let head = Duration::from_millis(400);
    let (addr, _stop, _task, _data) = start(Deadlines { head, ..Deadlines::default() }).await;

    // Exec: one client trickles its head; another sends it at once.
    let mut slow = TcpStream::connect(addr).await.unwrap();
    let started = Instant::now();
    let trickle = async {
        for byte in b"GET /api/health HTTP/1.1\r\nHost: x\r\n" {
            if slow.write_all(&[*byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(3), trickle).await;
    let (_, slow_closed) = read_until_closed(&mut slow, Duration::from_secs(3)).await;
    let slow_took = started.elapsed();
    let mut prompt = TcpStream::connect(addr).await.unwrap();
    prompt
        .write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let (answer, _) = read_until_closed(&mut prompt, Duration::from_secs(5)).await;

    // Check
    assert!(slow_closed, "the trickling client is still connected after {slow_took:?}");
    assert!(slow_took < Duration::from_secs(4), "closed only after {slow_took:?}");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn test_shutdown_waits_for_a_stalled_request_only_for_its_grace_period() {
    // Setup: a request whose head is never finished (and whose deadline
    // is far off).
    let grace = Duration::from_millis(500);
    let (addr, stop, task, _data) = start(Deadlines {
        head: Duration::from_secs(30),
        shutdown_grace: grace,
        ..Deadlines::default()
    })
    .await;
    let mut stalled = TcpStream::connect(addr).await.unwrap();
    stalled.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;

    // Exec
    let asked = Instant::now();
    stop.send(()).unwrap();
    let finished = tokio::time::timeout(Duration::from_secs(5), task).await;

    // Check: serving stopped at the grace period, not never; nothing new
    // is accepted.
    let took = asked.elapsed();
    assert!(finished.is_ok(), "still serving 5 s after the shutdown signal");
    assert!(took >= grace && took < grace + Duration::from_secs(2), "stopped after {took:?}");
    assert!(TcpStream::connect(addr).await.is_err(), "still accepting after shutdown");
}

#[tokio::test]
async fn test_a_body_that_stalls_is_refused_with_a_408_and_the_connection_closed() {
    // Setup
    let body = Duration::from_millis(400);
    let (addr, _stop, _task, _data) = start(Deadlines { body, ..Deadlines::default() }).await;
    let mut slow = TcpStream::connect(addr).await.unwrap();

    // Exec: a sign-in whose head says 200 bytes, of which 10 come.
    let started = Instant::now();
    slow.write_all(
        b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
          Content-Length: 200\r\n\r\n{\"person_i",
    )
    .await
    .unwrap();
    let (answer, closed) = read_until_closed(&mut slow, Duration::from_secs(5)).await;
    let took = started.elapsed();

    // Check: a specific refusal, soon after the deadline; not a 5xx.
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"code\":\"request_timeout\""), "{answer}");
    assert!(closed, "the connection stays open");
    assert!(took >= body && took < body + Duration::from_secs(3), "answered after {took:?}");
}
