use anyhow::Context;
use clap::Parser;
use tracing_subscriber::EnvFilter;

use anxin_server::config::Command;
use anxin_server::roster_file::{read_roster, RosterFileError};
use anxin_server::store::{SqliteStore, Store};
use anxin_server::{app, AppState, Config};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_env("ANXIN_LOG").unwrap_or_else(|_| "info".into()))
        .init();

    let config = Config::parse();
    if let Some(Command::ImportRoster { file }) = &config.command {
        std::process::exit(import_roster(&config, file));
    }
    let state = AppState::open(&config).context("starting Anxin")?;
    let listener = tokio::net::TcpListener::bind(&config.bind)
        .await
        .with_context(|| format!("binding {}", config.bind))?;
    tracing::info!(
        address = %listener.local_addr()?,
        data_dir = %config.data_dir.display(),
        dist = %config.dist.display(),
        "Anxin is listening"
    );
    axum::serve(listener, app(state)).with_graceful_shutdown(shutdown_signal()).await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut sig) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            sig.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    tracing::info!("shutting down");
}

/// `anxin-server import-roster FILE`: the exit code (0 imported, 1 not).
fn import_roster(config: &Config, file: &std::path::Path) -> i32 {
    let people = match read_roster(file) {
        Ok(people) => people,
        Err(RosterFileError::Invalid(errors)) => {
            for error in &errors {
                eprintln!("{error}");
            }
            let lines: std::collections::BTreeSet<usize> = errors.iter().map(|e| e.line).collect();
            eprintln!(
                "rejected: {} line(s) with {} problem(s); nothing was imported",
                lines.len(),
                errors.len()
            );
            return 1;
        }
        Err(err) => {
            eprintln!("{err}; nothing was imported");
            return 1;
        }
    };
    let store = match SqliteStore::open_in(&config.data_dir) {
        Ok(store) => store,
        Err(err) => {
            eprintln!("cannot open the database: {err}");
            return 1;
        }
    };
    match store.import_roster(&people, chrono::Utc::now()) {
        Ok(s) => {
            println!(
                "imported {} people: added {}, updated {}, unchanged {}, deactivated {}, rejected 0",
                people.len(),
                s.added,
                s.updated,
                s.unchanged,
                s.deactivated
            );
            0
        }
        Err(err) => {
            eprintln!("the import failed and nothing was changed: {err}");
            1
        }
    }
}
