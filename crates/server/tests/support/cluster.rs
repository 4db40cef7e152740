//! A PostgreSQL cluster of a test's own, for a test that stops and starts
//! the database server itself (the suite's shared cluster must keep
//! running for the others). Made with the binaries that
//! `scripts/with-postgres.sh` names in `ANXIN_TEST_PG_BIN`; run as the
//! `postgres` user when the tests run as root (PostgreSQL refuses root);
//! stopped by its postmaster's pid, and its folder removed, when dropped.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::process::free_port;

pub struct Cluster {
    bin: PathBuf,
    dir: tempfile::TempDir,
    pub port: u16,
}

fn running_as_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// `program` from the cluster's binaries, as the user that owns the cluster.
fn as_owner(bin: &Path, program: &str) -> Command {
    if running_as_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(bin.join(program));
        command
    } else {
        Command::new(bin.join(program))
    }
}

impl Cluster {
    /// A new cluster, started; `None` outside a PostgreSQL run.
    pub fn start() -> Option<Cluster> {
        let bin = PathBuf::from(std::env::var("ANXIN_TEST_PG_BIN").ok()?);
        let dir = tempfile::tempdir().unwrap();
        if running_as_root() {
            let owned =
                Command::new("chown").args(["postgres:postgres"]).arg(dir.path()).status().unwrap();
            assert!(owned.success());
        }
        let data = dir.path().join("data");
        let made = as_owner(&bin, "initdb")
            .args(["--auth=trust", "--locale=C", "--encoding=UTF8", "-U", "postgres", "-D"])
            .arg(&data)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(made.success(), "initdb");
        let cluster = Cluster { bin, dir, port: free_port() };
        cluster.run();
        Some(cluster)
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// The database server's address (the cluster's own database).
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Starts the server and waits until it takes connections.
    pub fn run(&self) {
        let started = as_owner(&self.bin, "pg_ctl")
            .arg("-D")
            .arg(self.data())
            .arg("-l")
            .arg(self.dir.path().join("log"))
            .arg("-o")
            .arg(format!("-p {} -h 127.0.0.1 -k {}", self.port, self.dir.path().display()))
            .args(["-w", "start"])
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(started.success(), "pg_ctl start");
        let deadline = Instant::now() + Duration::from_secs(30);
        let answers = || {
            super::database::off_runtime(|| {
                postgres::Client::connect(&self.url(), postgres::NoTls).is_ok()
            })
        };
        while !answers() {
            assert!(Instant::now() < deadline, "the test cluster does not answer");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The postmaster's pid, while it runs.
    fn pid(&self) -> Option<i32> {
        let file = std::fs::read_to_string(self.data().join("postmaster.pid")).ok()?;
        file.lines().next()?.trim().parse().ok()
    }

    /// Stops the server at once (fast shutdown: open transactions are
    /// rolled back, connections closed), by its pid, and waits for it.
    pub fn stop(&self) {
        let Some(pid) = self.pid() else { return };
        let _ = Command::new("kill").args(["-INT", &pid.to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Path::new(&format!("/proc/{pid}")).exists() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.stop();
    }
}
