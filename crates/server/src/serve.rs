//! Serving the app's connections, with what a client cannot hold open for
//! ever: a request's head must arrive within a deadline (a client sending
//! a byte a second is closed), its body must keep coming (a body that
//! stalls longer than a deadline between chunks is refused with a 408),
//! and on shutdown the connections still open
//! get a grace period to finish, then are closed. Each request carries its
//! peer's address (`ConnectInfo`), which the sign-in rate limit and the
//! audit log read.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request};
use axum::{middleware, Router};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt;

use crate::body_deadline::body_deadline;

/// How long a client may take, and how long shutdown waits.
#[derive(Debug, Clone, Copy)]
pub struct Deadlines {
    /// From a connection's first byte (or its last request) to the end of
    /// the next request's head.
    pub head: Duration,
    /// The longest a request's body may go without a byte arriving.
    pub body: Duration,
    /// After the shutdown signal, for the requests in progress.
    pub shutdown_grace: Duration,
}

impl Default for Deadlines {
    fn default() -> Self {
        Deadlines {
            head: Duration::from_secs(10),
            body: Duration::from_secs(10),
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// Serves `router` on `listener` until `shutdown` resolves; then stops
/// accepting, lets the requests in progress finish for
/// `deadlines.shutdown_grace`, and returns, closing whatever is still open.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    deadlines: Deadlines,
    shutdown: impl Future<Output = ()>,
) {
    let router = router.layer(middleware::from_fn_with_state(deadlines.body, body_deadline));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(deadlines.head);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors, say: the next accept may work.
                Err(err) => {
                    tracing::warn!(error = %err, "a connection could not be accepted");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = router.clone().map_request(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            request
        });
        let connection =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that went away, or was too slow: nothing to answer.
            let _ = connection.await;
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(deadlines.shutdown_grace) => {
            tracing::warn!("connections still open at the shutdown deadline are closed");
        }
    }
}
