//! Starts the real router on a free port of 127.0.0.1 with temp folders.
//! Shared by several test files; not every file uses every helper.
#![allow(dead_code)]

pub mod accounts;
pub mod cluster;
pub mod database;
pub mod process;
pub mod reports;
pub mod sync;

#[allow(unused_imports)]
pub use database::{store_at, with_sql};

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anxin_server::accounts::secrets::secret_hash;
use anxin_server::roster_file::read_roster;
use anxin_server::{app, AppState, Config};
use chrono::{Duration, Utc};
use tempfile::TempDir;

/// The roster shipped in the repository (eleven made-up people, every role).
pub fn example_roster() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/roster.example.csv")
}

/// Imports the example roster into the database in `data_dir`.
pub fn import_example_roster(data_dir: &Path) {
    let people = read_roster(&example_roster()).expect("the example roster is valid");
    let store = database::store_at(data_dir);
    store.import_roster(&people, Utc::now()).unwrap();
}

/// The bearer token of the session that [`open_session`] makes for
/// `person`: known in advance, so that tests about sync can name it. The
/// server stores and checks it like any other (by its hash); signing in
/// itself is tested in `accounts.rs`.
pub fn token_of(person: &str) -> String {
    format!("test-session-{person}")
}

pub fn open_session(data_dir: &Path, person: &str) {
    let store = database::store_at(data_dir);
    let now = Utc::now();
    store
        .create_session(&secret_hash(&token_of(person)), person, now, now + Duration::days(90))
        .unwrap();
}

/// `2026-0000`, `2026-0001`, …: made-up students beyond the example roster.
pub fn student(n: usize) -> String {
    format!("2026-{n:04}")
}

/// The example roster plus `count` students of one class, each with a
/// session (see [`token_of`]).
pub fn add_students(data_dir: &Path, count: usize) {
    let mut people = read_roster(&example_roster()).unwrap();
    let template = people.iter().find(|p| p.id == "2020-0101").unwrap().clone();
    people.extend((0..count).map(|n| anxin_domain::roster::RosterPerson {
        id: student(n),
        name: format!("学生{n}"),
        class_name: "软件2601".into(),
        ..template.clone()
    }));
    let store = database::store_at(data_dir);
    store.import_roster(&people, Utc::now()).unwrap();
    for n in 0..count {
        open_session(data_dir, &student(n));
    }
}

/// The example roster, and a session (see [`token_of`]) for each person.
pub fn prepare_data(data_dir: &Path) {
    import_example_roster(data_dir);
    let people = read_roster(&example_roster()).unwrap();
    for person in people {
        open_session(data_dir, &person.id);
    }
}

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
</head><body><p>安心 Anxin</p><nav><ul id="shell-hotlines"><li>built-in</li></ul></nav></body></html>"#;

/// The bundles of their own, each served at `/<page>` from `dist/<dir>/`:
/// (page, directory, binary).
pub const BUNDLES: [(&str, &str, &str); 5] = [
    ("pass", "pass", "anxin-pass"),
    ("counselling", "counselling", "anxin-counselling"),
    ("counsellor", "desk", "anxin-desk"),
    ("reports", "reports", "anxin-reports"),
    ("gate", "gate", "anxin-gate"),
];

/// The same stand-in for a bundle's page (`pass.html`, `desk.html`, …).
pub fn bundle_html(dir: &str, bin: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html><head><title>{bin}</title>
<script type="module">import init from '/{dir}/{bin}-0123456789abcdef.js';await init();</script>
</head><body><p>{bin} bundle</p><nav><ul id="shell-hotlines"><li>built-in</li></ul></nav></body></html>"#
    )
}

pub fn write_dist(dist: &Path) {
    for (_, dir, bin) in BUNDLES {
        std::fs::create_dir_all(dist.join(dir)).unwrap();
        std::fs::write(dist.join(dir).join("index.html"), bundle_html(dir, bin)).unwrap();
        std::fs::write(
            dist.join(dir).join(format!("{bin}-0123456789abcdef_bg.wasm")),
            b"\0asm\x01\0\0\0",
        )
        .unwrap();
    }
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

    /// A server whose first roster is `csv` (everyone with a session, see
    /// [`token_of`]) and, when given, whose directory is `directory_toml`.
    pub async fn start_with_roster(csv: &str, directory_toml: Option<&str>) -> Self {
        let data_dir = tempfile::tempdir().unwrap();
        let dist_dir = tempfile::tempdir().unwrap();
        write_dist(dist_dir.path());
        let people = anxin_server::roster_file::parse_roster_csv(csv.as_bytes())
            .expect("the test roster is valid");
        let store = database::store_at(data_dir.path());
        store.import_roster(&people, Utc::now()).unwrap();
        for person in &people {
            open_session(data_dir.path(), &person.id);
        }
        let mut config = Config::new(data_dir.path(), dist_dir.path());
        if let Some(toml) = directory_toml {
            let file = data_dir.path().join("directory.toml");
            std::fs::write(&file, toml).unwrap();
            config.directory = Some(file);
        }
        Self::serve(config, data_dir, dist_dir).await
    }

    async fn serve(mut config: Config, data_dir: TempDir, dist_dir: TempDir) -> Self {
        if config.database.is_none() {
            config.database = database::database_url(data_dir.path());
        }
        let state = AppState::open(&config).expect("server state opens");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        // Served as the binary serves (its deadlines), until dropped.
        let task = tokio::spawn(async move {
            let deadlines = anxin_server::serve::Deadlines::default();
            anxin_server::serve::serve(listener, app(state), deadlines, std::future::pending())
                .await;
        });
        Self { addr, data_dir, dist_dir, task }
    }

    /// `adjust` may change the config (e.g. point at a directory file).
    pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> Self {
        let data_dir = tempfile::tempdir().unwrap();
        let dist_dir = tempfile::tempdir().unwrap();
        write_dist(dist_dir.path());
        prepare_data(data_dir.path());
        let mut config = Config::new(data_dir.path(), dist_dir.path());
        adjust(&mut config);
        Self::serve(config, data_dir, dist_dir).await
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

/// Records each of `people`'s consent to the counselling service (asked by
/// the phone at their first booking), so a test about bookings books.
pub fn consent_to_counselling<S: AsRef<str>>(data_dir: &Path, people: impl IntoIterator<Item = S>) {
    let store = database::store_at(data_dir);
    for (n, person) in people.into_iter().enumerate() {
        let consent = anxin_domain::privacy::Consent {
            consent_id: format!("c0000000-0000-4000-8000-{n:012x}"),
            purpose: anxin_domain::privacy::Purpose::Counselling,
            given: true,
        };
        store.record_consent(person.as_ref(), &consent, Utc::now()).unwrap().unwrap();
    }
}

/// The example roster's ids and `count` made-up students (see [`student`]).
pub fn everyone(count: usize) -> Vec<String> {
    let mut ids: Vec<String> =
        read_roster(&example_roster()).unwrap().into_iter().map(|p| p.id).collect();
    ids.extend((0..count).map(student));
    ids
}
