//! Command-line flags (each also an environment variable) and the directory
//! config file.

use std::path::{Path, PathBuf};

use anxin_domain::directory::DirectoryError;
use anxin_domain::Directory;
use clap::Parser;

/// `anxin-server --bind 127.0.0.1:8080 --data-dir data --dist dist`
#[derive(Debug, Clone, Parser)]
#[command(name = "anxin-server", version, about = "Anxin 安心 sync server")]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "ANXIN_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Folder for the SQLite database (created if missing).
    #[arg(long, env = "ANXIN_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// A PostgreSQL database instead of SQLite: `postgres://user@host:port/db`
    /// (see docs/operations.md). Without it, SQLite in the data folder.
    #[arg(long, env = "ANXIN_DATABASE")]
    pub database: Option<String>,
    /// Folder of the built app (Trunk's output).
    #[arg(long, env = "ANXIN_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Directory config file (TOML); built-in defaults when absent.
    #[arg(long, env = "ANXIN_DIRECTORY")]
    pub directory: Option<PathBuf>,
    /// The school's privacy notice (TOML: version, zh, en; see
    /// docs/privacy-notice.toml, the template built in when absent).
    #[arg(long, env = "ANXIN_PRIVACY_NOTICE")]
    pub privacy_notice: Option<PathBuf>,
    /// How long each kind of record is kept (TOML; see
    /// docs/retention.example.toml, the defaults when absent).
    #[arg(long, env = "ANXIN_RETENTION")]
    pub retention: Option<PathBuf>,
    /// Behind the school's reverse proxy: take the client address from the
    /// last `X-Forwarded-For` hop (for the sign-in rate limit and the audit
    /// log). Never set this when clients reach the server directly.
    #[arg(long, env = "ANXIN_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,
    /// Failed sign-ins allowed per person id in 15 minutes.
    #[arg(long, env = "ANXIN_MAX_FAILED_SIGN_INS_PER_ID", default_value_t = 5)]
    pub max_failed_sign_ins_per_id: usize,
    /// Failed sign-ins allowed per client address in 15 minutes (a campus
    /// network puts many phones behind one address).
    #[arg(long, env = "ANXIN_MAX_FAILED_SIGN_INS_PER_ADDRESS", default_value_t = 50)]
    pub max_failed_sign_ins_per_address: usize,
    /// How long the codes of a class's printed list stay good, in hours (a
    /// single code: 10 minutes). At most a week.
    #[arg(long, env = "ANXIN_CLASS_CODES_VALID_HOURS", default_value_t = anxin_domain::account::CLASS_CODES_VALID_HOURS,
          value_parser = clap::value_parser!(i64).range(1..=168))]
    pub class_codes_valid_hours: i64,
    /// For the crash-recovery test only: wait this many ms between storing a
    /// push and answering it.
    #[arg(long, env = "ANXIN_TEST_DELAY_AFTER_COMMIT_MS", hide = true)]
    pub test_delay_after_commit_ms: Option<u64>,
    /// Without a command, the server runs.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// One-off administration, run against the same data folder.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Imports the roster CSV (docs/roster.example.csv shows the columns):
    /// all lines or none; people absent from the file are deactivated.
    ImportRoster {
        /// The CSV file (UTF-8, header row).
        file: PathBuf,
    },
    /// Issues a one-time code (valid 10 minutes) with which the person sets
    /// their password at their first sign-in, or after forgetting it.
    IssueCode {
        /// The person's school id, as in the roster.
        person_id: String,
    },
    /// Prints the audit log (sign-ins, failures, admin actions, refusals),
    /// oldest first.
    Audit {
        /// Only entries by or about this person id.
        #[arg(long)]
        person: Option<String>,
        /// At most this many of the newest entries.
        #[arg(long, default_value_t = 200)]
        limit: usize,
    },
    /// Prints the logged staff reads of named health data (who read whose
    /// records, what, when, and why where a reason was asked), oldest first.
    Reads {
        /// Only the reads of this person's records.
        #[arg(long)]
        person: Option<String>,
        /// Only the reads by this reader.
        #[arg(long)]
        reader: Option<String>,
        /// At most this many of the newest entries.
        #[arg(long, default_value_t = 200)]
        limit: usize,
    },
    /// Prints the requests for deletion, oldest first: those waiting for an
    /// answer, or all.
    DeletionRequests {
        #[arg(long)]
        all: bool,
    },
    /// Answers a request for deletion: completed (the optional records,
    /// the wellbeing answers, are deleted; say what else was), or kept with
    /// the legal reason. The person's phone shows the answer after its
    /// next sync.
    AnswerDeletion {
        /// The request's id, as `deletion-requests` prints it.
        request_id: String,
        /// Completed: what was deleted.
        #[arg(long, conflicts_with = "kept", required_unless_present = "kept")]
        completed: Option<String>,
        /// Kept: the legal reason the records must be kept.
        #[arg(long)]
        kept: Option<String>,
    },
    /// Adds a new key for signing daily passes; the older ones keep
    /// verifying until the passes they signed expire (the end of today).
    RotatePassKey,
    /// Deletes or masks what the retention rules say is due today
    /// (--retention; docs/privacy.md), verifies every signed report, and
    /// logs the run. The server also runs it once a day.
    Purge {
        /// Print what the run would remove and mask, changing nothing.
        #[arg(long)]
        dry_run: bool,
        /// With --dry-run: count as on this day (YYYY-MM-DD), to see a
        /// coming run.
        #[arg(long, requires = "dry_run")]
        today: Option<chrono::NaiveDate>,
    },
    /// Prints the latest real runs of the purge, oldest first.
    PurgeLog {
        #[arg(long, default_value_t = 30)]
        limit: usize,
    },
    /// The epidemic response: `response end` declares that it ended (once),
    /// from when the raw records' 28 days are counted; `response status`.
    Response {
        #[command(subcommand)]
        action: ResponseAction,
    },
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum ResponseAction {
    /// Declares the end of the epidemic response (recorded in the audit log).
    End {
        /// The day it ended (YYYY-MM-DD; today when left out).
        #[arg(long)]
        day: Option<chrono::NaiveDate>,
    },
    /// Prints whether an end was declared, and the first day whose raw
    /// records are kept.
    Status,
}

impl Config {
    /// A config for tests and tools: everything under the given folders.
    pub fn new(data_dir: impl Into<PathBuf>, dist: impl Into<PathBuf>) -> Self {
        Self {
            bind: "127.0.0.1:0".into(),
            data_dir: data_dir.into(),
            dist: dist.into(),
            directory: None,
            privacy_notice: None,
            retention: None,
            trust_forwarded_for: false,
            max_failed_sign_ins_per_id: 5,
            max_failed_sign_ins_per_address: 50,
            class_codes_valid_hours: anxin_domain::account::CLASS_CODES_VALID_HOURS,
            database: None,
            test_delay_after_commit_ms: None,
            command: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the directory file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("the directory file {path} is not valid TOML for a directory: {source}")]
    Parse { path: PathBuf, source: Box<toml::de::Error> },
    #[error("the directory file {path} is not acceptable: {source}")]
    Invalid { path: PathBuf, source: DirectoryError },
}

/// Reads the directory from a TOML file; keys left out keep their defaults.
/// The server's own version always wins over the file's.
pub fn load_directory(path: Option<&Path>) -> Result<Directory, ConfigError> {
    let mut directory = match path {
        None => Directory::default(),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|source| ConfigError::Read { path: path.into(), source })?;
            let parsed: Directory = toml::from_str(&text)
                .map_err(|e| ConfigError::Parse { path: path.into(), source: Box::new(e) })?;
            parsed
                .validate()
                .map_err(|source| ConfigError::Invalid { path: path.into(), source })?;
            parsed
        }
    };
    directory.app_version = env!("CARGO_PKG_VERSION").to_string();
    Ok(directory)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("directory.toml");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn test_load_directory_without_file_uses_defaults_and_own_version() {
        let directory = load_directory(None).unwrap();
        assert_eq!(directory.app_version, env!("CARGO_PKG_VERSION"));
        assert_eq!(directory.hotlines, Directory::default().hotlines);
    }

    #[test]
    fn test_load_directory_file_cannot_fake_version() {
        let (_dir, path) = write("app_version = \"0.0.0-fake\"\n");
        assert_eq!(load_directory(Some(&path)).unwrap().app_version, env!("CARGO_PKG_VERSION"));
    }

    #[test]
    fn test_example_directory_file_loads_as_the_defaults() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/directory.example.toml");
        let mut loaded = load_directory(Some(&path)).unwrap();
        loaded.app_version.clear();
        assert_eq!(loaded, Directory::default());
    }

    #[test]
    fn test_load_directory_missing_file_is_read_error() {
        let err = load_directory(Some(Path::new("no/such/directory.toml"))).unwrap_err();
        assert!(matches!(err, ConfigError::Read { .. }), "{err}");
    }

    #[test]
    fn test_load_directory_bad_toml_is_parse_error() {
        let (_dir, path) = write("cancellation_notice_minutes = \"two hours\"\n");
        let err = load_directory(Some(&path)).unwrap_err();
        assert!(matches!(err, ConfigError::Parse { .. }), "{err}");
    }

    #[test]
    fn test_load_directory_invalid_values_are_refused() {
        let (_dir, path) = write("[[hotlines]]\nkind = \"school\"\nnumber = \"ring us\"\n");
        let err = load_directory(Some(&path)).unwrap_err();
        assert!(matches!(err, ConfigError::Invalid { .. }), "{err}");
        assert!(err.to_string().contains("ring us"));
    }
}
