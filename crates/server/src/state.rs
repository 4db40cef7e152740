//! What every handler can reach.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anxin_domain::Directory;

use crate::config::{load_directory, ConfigError};
use crate::store::{SqliteStore, Store, StoreError};
use crate::Config;

#[derive(Clone)]
pub struct AppState {
    pub directory: Arc<Directory>,
    pub store: Arc<dyn Store>,
    pub dist: PathBuf,
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
}

impl AppState {
    /// Loads the directory and opens (and migrates) the database.
    pub fn open(config: &Config) -> Result<Self, StartError> {
        let directory = load_directory(config.directory.as_deref())?;
        if config.directory.is_none() {
            tracing::warn!(
                "no directory file given (--directory): the school hotline is the built-in \
                 example number; see docs/directory.example.toml"
            );
        }
        let store = SqliteStore::open_in(&config.data_dir)?;
        if !config.dist.join("index.html").is_file() {
            tracing::warn!(dist = %config.dist.display(), "no built app found; serving the API only");
        }
        Ok(Self {
            directory: Arc::new(directory),
            store: Arc::new(store),
            dist: config.dist.clone(),
            delay_after_commit: config.test_delay_after_commit_ms.map(Duration::from_millis),
        })
    }
}
