//! What every handler can reach.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anxin_domain::Directory;

use crate::accounts::rate_limit::{Limits, SignInLimiter};
use crate::config::{load_directory, ConfigError};
use crate::error::ApiError;
use crate::store::{Store, StoreError};
use crate::Config;

#[derive(Clone)]
pub struct AppState {
    pub directory: Arc<Directory>,
    /// How long each kind of record is kept.
    pub retention: Arc<anxin_domain::privacy::retention::RetentionPolicy>,
    pub store: Arc<dyn Store>,
    pub dist: PathBuf,
    pub sign_in_limiter: Arc<SignInLimiter>,
    /// Requests refused without a session, audited up to a cap.
    pub refusal_audits: Arc<crate::accounts::refusal_cap::RefusalAuditCap>,
    /// Password hashing (Argon2id, 19 MiB each) runs at most this many at
    /// once, whatever arrives: memory stays bounded.
    pub hashing: Arc<tokio::sync::Semaphore>,
    /// Behind the school's reverse proxy: the client address is the last
    /// `X-Forwarded-For` hop.
    pub trust_forwarded_for: bool,
    /// Hours a class's list of codes stays good.
    pub class_codes_valid_hours: i64,
    /// Tests only: hold each push response this long after its commit, so
    /// that a test can kill the process between the two.
    pub delay_after_commit: Option<Duration>,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Notice(#[from] crate::privacy_notice::NoticeFileError),
    #[error(transparent)]
    Retention(#[from] crate::retention::RetentionFileError),
    #[error(
        "the privacy notice's version {version:?} was published before with another text \
         (hash {published}): give the changed text a new version"
    )]
    NoticeChanged { version: String, published: String },
}

impl AppState {
    /// Loads the directory and opens (and migrates) the database.
    pub fn open(config: &Config) -> Result<Self, StartError> {
        let mut directory = load_directory(config.directory.as_deref())?;
        let notice = crate::privacy_notice::load_notice(config.privacy_notice.as_deref())?;
        let retention = crate::retention::load_policy(config.retention.as_deref())?;
        if config.privacy_notice.is_none() {
            tracing::warn!(
                "no privacy notice given (--privacy-notice): the built-in template is shown; \
                 see docs/privacy-notice.toml"
            );
        }
        notice.fill(&mut directory);
        if config.directory.is_none() {
            tracing::warn!(
                "no directory file given (--directory): the school hotline is the built-in \
                 example number; see docs/directory.example.toml"
            );
        }
        let store = crate::store::open(config.database.as_deref(), &config.data_dir)?;
        let (version, hash) = (&directory.notice_version, &directory.notice_hash);
        if let Some(published) = store.publish_notice(version, hash, chrono::Utc::now())? {
            return Err(StartError::NoticeChanged { version: version.clone(), published });
        }
        if !config.dist.join("index.html").is_file() {
            tracing::warn!(dist = %config.dist.display(), "no built app found; serving the API only");
        }
        Ok(Self {
            directory: Arc::new(directory),
            retention: Arc::new(retention),
            store,
            dist: config.dist.clone(),
            sign_in_limiter: Arc::new(SignInLimiter::new(Limits {
                per_id: config.max_failed_sign_ins_per_id,
                per_address: config.max_failed_sign_ins_per_address,
            })),
            refusal_audits: Arc::default(),
            trust_forwarded_for: config.trust_forwarded_for,
            class_codes_valid_hours: config.class_codes_valid_hours,
            hashing: Arc::new(tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(2, |n| n.get()).max(2),
            )),
            delay_after_commit: config.test_delay_after_commit_ms.map(Duration::from_millis),
        })
    }
}

impl AppState {
    /// Runs a storage call off the async threads (both engines block).
    pub async fn blocking<T: Send + 'static>(
        &self,
        call: impl FnOnce(&dyn Store) -> crate::store::Result<T> + Send + 'static,
    ) -> Result<T, ApiError> {
        let store = self.store.clone();
        let result =
            tokio::task::spawn_blocking(move || crate::store::may_block(|| call(store.as_ref())))
                .await
                .map_err(|_| ApiError::Internal)?;
        Ok(result?)
    }
}
