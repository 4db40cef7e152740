//! The school's retention settings (a TOML file, `--retention`; the
//! defaults of SPEC §7 when absent) and the daily purge the server runs.
//! The rules are the domain's (`anxin_domain::privacy::{retention,
//! purge}`); the store applies them (`RetentionStore`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anxin_domain::privacy::purge::PurgeRun;
use anxin_domain::privacy::retention::{RetentionError, RetentionPolicy};

use crate::store::Store;

#[derive(Debug, thiserror::Error)]
pub enum RetentionFileError {
    #[error("cannot read the retention file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("the retention file {path} is not valid TOML for the retention: {source}")]
    Parse { path: PathBuf, source: Box<toml::de::Error> },
    #[error("the retention file {path} is not acceptable: {source}")]
    Invalid { path: PathBuf, source: RetentionError },
}

/// The retention from a TOML file (keys left out keep their defaults).
pub fn load_policy(path: Option<&Path>) -> Result<RetentionPolicy, RetentionFileError> {
    let Some(path) = path else { return Ok(RetentionPolicy::default()) };
    let text = std::fs::read_to_string(path)
        .map_err(|source| RetentionFileError::Read { path: path.into(), source })?;
    let policy: RetentionPolicy = toml::from_str(&text)
        .map_err(|e| RetentionFileError::Parse { path: path.into(), source: Box::new(e) })?;
    policy
        .validate()
        .map_err(|source| RetentionFileError::Invalid { path: path.into(), source })?;
    Ok(policy)
}

/// How often the server asks whether today's purge has run (it runs once
/// a school day, whichever process asks first after midnight).
pub const DAILY_CHECK: Duration = Duration::from_secs(15 * 60);

/// A run, logged by its figures only (no record, no name).
pub fn log_run(run: &PurgeRun) {
    let removed: u64 = run.counts.removed.values().sum();
    let masked: u64 = run.counts.masked.values().sum();
    tracing::info!(
        today = %run.today,
        removed,
        masked,
        reports_verified = run.reports_verified,
        counts = %serde_json::to_string(&run.counts).unwrap_or_default(),
        "retention purge"
    );
}

/// Runs the daily purge now and then, for as long as the server runs.
pub fn spawn_daily(store: Arc<dyn Store>, policy: Arc<RetentionPolicy>) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(DAILY_CHECK);
        loop {
            every.tick().await;
            let (store, policy) = (store.clone(), policy.clone());
            let done = tokio::task::spawn_blocking(move || {
                crate::store::may_block(|| store.daily_purge(&policy, chrono::Utc::now()))
            })
            .await;
            match done {
                Ok(Ok(Some(run))) => log_run(&run),
                Ok(Ok(None)) => {}
                Ok(Err(err)) => {
                    tracing::error!(%err, "the retention purge failed; nothing of it was kept")
                }
                Err(err) => tracing::error!(%err, "the retention purge stopped"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use anxin_domain::privacy::retention::RawBasis;

    fn write(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("retention.toml");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn test_the_example_file_is_the_defaults() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/retention.example.toml");
        assert_eq!(load_policy(Some(&path)).unwrap(), RetentionPolicy::default());
        assert_eq!(load_policy(None).unwrap(), RetentionPolicy::default());
    }

    #[test]
    fn test_a_file_sets_some_keys_and_bad_ones_are_refused_by_name() {
        let (_dir, path) = write("raw_basis = \"rolling\"\nnote_days = 1825\n");
        let policy = load_policy(Some(&path)).unwrap();
        assert_eq!((policy.raw_basis, policy.note_days), (RawBasis::Rolling, 1825));
        assert_eq!(policy.booking_days, 365);
        let (_dir, path) = write("visitor_days = 0\n");
        let err = load_policy(Some(&path)).unwrap_err();
        assert!(err.to_string().contains("visitor_days = 0"), "{err}");
        let (_dir, path) = write("raw_dayz = 3\n");
        assert!(matches!(load_policy(Some(&path)), Err(RetentionFileError::Parse { .. })));
        let missing = load_policy(Some(Path::new("no/such/retention.toml")));
        assert!(matches!(missing, Err(RetentionFileError::Read { .. })));
    }
}
