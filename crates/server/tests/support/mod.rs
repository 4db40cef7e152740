//! Starts the real router on a free port of 127.0.0.1 with temp folders.
//! Shared by several test files; not every file uses every helper.
#![allow(dead_code)]

pub mod sync;

use std::net::SocketAddr;
use std::path::Path;

use anxin_server::{app, AppState, Config};
use tempfile::TempDir;

pub struct TestServer {
    pub addr: SocketAddr,
    pub data_dir: TempDir,
    pub dist_dir: TempDir,
    task: tokio::task::JoinHandle<()>,
}

/// A stand-in for Trunk's output: the same shape (hashed names, an inline
/// bootstrap module script) with tiny files.
pub const INDEX_HTML: &str = r#"<!DOCTYPE html><html><head><title>安心</title>
<script type="module">import init from '/anxin-0123456789abcdef.js';await init();</script>
</head><body><p>安心 Anxin</p><ul id="shell-hotlines"><li>built-in</li></ul></body></html>"#;

pub fn write_dist(dist: &Path) {
    std::fs::write(dist.join("index.html"), INDEX_HTML).unwrap();
    std::fs::write(dist.join("anxin-0123456789abcdef_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dist.join("anxin-0123456789abcdef.js"), "export default function(){}").unwrap();
    // Precompressed copy, as the post-build step writes (content is a marker).
    std::fs::write(dist.join("anxin-0123456789abcdef.js.br"), b"BROTLI").unwrap();
}

impl TestServer {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// `adjust` may change the config (e.g. point at a directory file).
    pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> Self {
        let data_dir = tempfile::tempdir().unwrap();
        let dist_dir = tempfile::tempdir().unwrap();
        write_dist(dist_dir.path());
        let mut config = Config::new(data_dir.path(), dist_dir.path());
        adjust(&mut config);
        let state = AppState::open(&config).expect("server state opens");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            axum::serve(listener, app(state)).await.unwrap();
        });
        Self { addr, data_dir, dist_dir, task }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
