//! The real server binary as a child process on a free port, killed (by
//! its own process id) when the test is done, even a failing one.

use std::fs::File;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The binary, working on the database in `data`.
pub fn binary(data: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_anxin-server"));
    command.arg("--data-dir").arg(data).env("ANXIN_LOG", "warn");
    command.args(super::database::database_args(data));
    command
}

/// A spawned server, killed (SIGKILL) when dropped.
pub struct Running(Child);

impl Running {
    pub fn kill(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The server on `port`; `delay_ms` holds each push answer after its
/// commit. Its output is dropped.
pub fn spawn_server(data: &Path, dist: &Path, port: u16, delay_ms: Option<u64>) -> Running {
    let mut command = binary(data);
    command
        .args(["--bind", &format!("127.0.0.1:{port}")])
        .arg("--dist")
        .arg(dist)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some(ms) = delay_ms {
        command.env("ANXIN_TEST_DELAY_AFTER_COMMIT_MS", ms.to_string());
    }
    Running(command.spawn().expect("the server binary starts"))
}

/// The server on `port` logging everything it can (`trace`) to `log`.
pub fn spawn_server_logging(data: &Path, dist: &Path, port: u16, log: &Path) -> Running {
    let out = File::create(log).unwrap();
    let err = out.try_clone().unwrap();
    let mut command = binary(data);
    command
        .args(["--bind", &format!("127.0.0.1:{port}")])
        .arg("--dist")
        .arg(dist)
        .env("ANXIN_LOG", "trace")
        .stdout(Stdio::from(out))
        .stderr(Stdio::from(err));
    Running(command.spawn().expect("the server binary starts"))
}

pub async fn wait_healthy(http: &reqwest::Client, base: &str) {
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
