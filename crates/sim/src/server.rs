//! The real server in process: the router the binary serves, over a real
//! store in a temp folder (SQLite; PostgreSQL with
//! `ANXIN_TEST_BACKEND=postgres`, as the server's own tests). Requests go
//! through `tower::ServiceExt::oneshot`: no socket, no clock of ours.
//! A restart drops the whole state and opens the store again from the
//! same folder, as a new process would.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anxin_server::accounts::secrets::secret_hash;
use anxin_server::roster_file::read_roster;
use anxin_server::store::{PostgresStore, SqliteStore, Store};
use anxin_server::{app, AppState, Config};
use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use axum::Router;
use chrono::{Duration, Utc};
use tempfile::TempDir;
use tower::ServiceExt;

/// The counsellor on duty in every run (in the example roster).
pub const COUNSELLOR: &str = "C-0001";
/// The hours of her slots, every day, by phone.
pub const SLOT_HOURS: [u32; 5] = [9, 10, 11, 14, 15];

static DATABASES: AtomicUsize = AtomicUsize::new(0);

/// An answer: its status and body.
pub struct Reply {
    pub status: StatusCode,
    pub body: axum::body::Bytes,
}

pub struct SimServer {
    _data: TempDir,
    _dist: TempDir,
    config: Config,
    router: Router,
}

/// The bearer token of `person`'s session (made at start, stored hashed
/// like any other).
pub fn token_of(person: &str) -> String {
    format!("sim-session-{person}")
}

/// `2026-0000`, `2026-0001`, …: made-up students beyond the example roster.
pub fn student(n: usize) -> String {
    format!("2026-{n:04}")
}

fn example_roster() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/roster.example.csv")
}

/// Runs `f` on a thread of its own: the blocking PostgreSQL client may
/// not run inside the simulation's runtime.
fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| s.spawn(f).join().expect("no panic"))
}

/// A fresh PostgreSQL database when the suite runs on PostgreSQL.
fn database_url() -> Option<String> {
    if std::env::var("ANXIN_TEST_BACKEND").as_deref() != Ok("postgres") {
        return None;
    }
    let admin = std::env::var("ANXIN_TEST_DATABASE_URL")
        .expect("ANXIN_TEST_BACKEND=postgres runs under scripts/with-postgres.sh");
    let name =
        format!("anxin_sim_{}_{}", std::process::id(), DATABASES.fetch_add(1, Ordering::Relaxed));
    off_runtime(|| {
        let mut client =
            postgres::Client::connect(&admin, postgres::NoTls).expect("the test cluster");
        client.batch_execute(&format!("CREATE DATABASE {name}")).expect("a new database");
    });
    let (server, _) = admin.rsplit_once('/').expect("a database address");
    Some(format!("{server}/{name}"))
}

impl SimServer {
    /// A server whose roster is the example's plus `students` students
    /// (each with a session), with the counsellor's duty plan published.
    pub fn start(students: usize) -> Self {
        let data = tempfile::tempdir().expect("a temp folder");
        let dist = tempfile::tempdir().expect("a temp folder");
        let mut config = Config::new(data.path(), dist.path());
        config.database = database_url();
        let store: Box<dyn Store> = match &config.database {
            Some(url) => Box::new(PostgresStore::open(url).expect("the database opens")),
            None => Box::new(SqliteStore::open_in(data.path()).expect("the database opens")),
        };
        let mut people = read_roster(&example_roster()).expect("the example roster is valid");
        let template = people.iter().find(|p| p.id == "2020-0101").expect("a student").clone();
        people.extend((0..students).map(|n| anxin_domain::roster::RosterPerson {
            id: student(n),
            name: format!("学生{n}"),
            class_name: "软件2601".into(),
            ..template.clone()
        }));
        let now = Utc::now();
        store.import_roster(&people, now).expect("the roster imports");
        for n in 0..students {
            let person = student(n);
            let hash = secret_hash(&token_of(&person));
            store.create_session(&hash, &person, now, now + Duration::days(90)).expect("a session");
        }
        let plan = anxin_domain::fixtures::daily_plan(
            COUNSELLOR,
            &SLOT_HOURS,
            anxin_domain::counselling::Mode::Phone,
        );
        store.publish_plan(&plan, now).expect("the plan publishes");
        drop(store);
        let router = Self::open(&config);
        Self { _data: data, _dist: dist, config, router }
    }

    fn open(config: &Config) -> Router {
        app(AppState::open(config).expect("the server state opens"))
    }

    /// Stops the server (everything it held in memory goes) and starts it
    /// again on the same data.
    pub fn restart(&mut self) {
        self.router = Router::new();
        self.router = Self::open(&self.config);
    }

    pub async fn call(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.expect("the router answers");
        let status = response.status();
        let body = to_bytes(response.into_body(), 1 << 24).await.expect("a whole body");
        Reply { status, body }
    }

    pub async fn post(&self, person: &str, path: &str, body: Vec<u8>) -> Reply {
        let request = Request::post(path)
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {}", token_of(person)))
            .body(Body::from(body))
            .expect("a request");
        self.call(request).await
    }

    pub async fn get(&self, person: &str, path: &str) -> Reply {
        let request = Request::get(path)
            .header("authorization", format!("Bearer {}", token_of(person)))
            .body(Body::empty())
            .expect("a request");
        self.call(request).await
    }
}
