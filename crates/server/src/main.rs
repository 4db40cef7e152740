mod retention_commands;

use anxin_server::store::prelude::*;
use anyhow::Context;
use clap::Parser;
use tracing_subscriber::EnvFilter;

use anxin_domain::account::ISSUED_AT_THE_SERVER;
use anxin_server::accounts::audit::{record, Audit, AuditEvent};
use anxin_server::config::Command;
use anxin_server::roster_file::{read_roster, RosterFileError};
use anxin_server::routes::issue;
use anxin_server::serve::{serve, Deadlines};
use anxin_server::{app, AppState, Config};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("ANXIN_LOG")
                .unwrap_or_else(|_| "info".into())
                // The PostgreSQL client logs each statement's parameters
                // (health data among them) at debug: never, whatever the
                // level asked for.
                .add_directive("tokio_postgres=warn".parse().expect("a valid directive"))
                .add_directive("postgres=warn".parse().expect("a valid directive")),
        )
        .init();

    let config = Config::parse();
    match &config.command {
        Some(Command::ImportRoster { file }) => std::process::exit(import_roster(&config, file)),
        Some(Command::IssueCode { person_id }) => {
            std::process::exit(issue_code(&config, person_id))
        }
        Some(Command::Audit { person, limit }) => {
            std::process::exit(print_audit(&config, person.as_deref(), *limit))
        }
        Some(Command::Reads { person, reader, limit }) => {
            std::process::exit(print_reads(&config, person.as_deref(), reader.as_deref(), *limit))
        }
        Some(Command::DeletionRequests { all }) => {
            std::process::exit(print_deletion_requests(&config, *all))
        }
        Some(Command::AnswerDeletion { request_id, completed, kept }) => {
            std::process::exit(answer_deletion(&config, request_id, completed, kept))
        }
        Some(Command::RotatePassKey) => std::process::exit(rotate_pass_key(&config)),
        Some(Command::Purge { dry_run, today }) => {
            std::process::exit(retention_commands::purge(&config, *dry_run, *today))
        }
        Some(Command::PurgeLog { limit }) => {
            std::process::exit(retention_commands::purge_log(&config, *limit))
        }
        Some(Command::Response { action }) => {
            std::process::exit(retention_commands::response(&config, action))
        }
        None => {}
    }
    let state = AppState::open(&config).context("starting Anxin")?;
    anxin_server::retention::spawn_daily(state.store.clone(), state.retention.clone());
    let listener = tokio::net::TcpListener::bind(&config.bind)
        .await
        .with_context(|| format!("binding {}", config.bind))?;
    tracing::info!(
        address = %listener.local_addr()?,
        database = if config.database.is_some() { "postgres" } else { "sqlite" },
        data_dir = %config.data_dir.display(),
        dist = %config.dist.display(),
        "Anxin is listening"
    );
    serve(listener, app(state), Deadlines::default(), shutdown_signal()).await;
    tracing::info!("stopped");
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
    let Some(store) = open_store(config) else { return 1 };
    match store.import_roster(&people, chrono::Utc::now()) {
        Ok(s) => {
            let detail =
                format!("added {}, updated {}, deactivated {}", s.added, s.updated, s.deactivated);
            let audit = Audit { detail: Some(detail), ..Audit::local() };
            record(&*store, AuditEvent::RosterImported, audit);
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

fn open_store(config: &Config) -> Option<std::sync::Arc<dyn Store>> {
    match anxin_server::store::open(config.database.as_deref(), &config.data_dir) {
        Ok(store) => Some(store),
        Err(err) => {
            eprintln!("cannot open the database: {err}");
            None
        }
    }
}

/// `anxin-server rotate-pass-key`: a new signing key for daily passes; the
/// older keys verify until the end of today (when their passes expire).
fn rotate_pass_key(config: &Config) -> i32 {
    let Some(store) = open_store(config) else { return 1 };
    let now = chrono::Utc::now();
    let until = anxin_domain::school_time::end_of_day(now);
    // The first key is made on first use: there is one to rotate.
    let rotated = store.pass_keys(now).and_then(|_| store.rotate_pass_key(now, until));
    match rotated {
        Ok(id) => {
            record(&*store, AuditEvent::PassKeyRotated, Audit::local());
            println!("pass key {id} signs from now on; older keys verify until {until} (UTC)");
            0
        }
        Err(err) => {
            eprintln!("cannot rotate the pass key: {err}");
            1
        }
    }
}

/// `anxin-server issue-code ID`: prints the code for the person to use
/// within ten minutes.
fn issue_code(config: &Config, person_id: &str) -> i32 {
    let Some(store) = open_store(config) else { return 1 };
    match store.account(person_id) {
        Ok(Some(account)) if account.active => {}
        Ok(_) => {
            eprintln!("{person_id} is not an active person of the roster; import the roster first");
            return 1;
        }
        Err(err) => {
            eprintln!("cannot read the roster: {err}");
            return 1;
        }
    }
    match issue(&*store, person_id, ISSUED_AT_THE_SERVER) {
        Ok(issued) => {
            let audit = Audit { subject: Some(person_id.to_owned()), ..Audit::local() };
            record(&*store, AuditEvent::CodeIssued, audit);
            println!("one-time code for {person_id}: {}", issued.code);
            println!("valid until {} (UTC); it works once", issued.expires_at);
            0
        }
        Err(err) => {
            eprintln!("no code was issued: {err}");
            1
        }
    }
}

/// `anxin-server reads`: the staff reads, oldest first, one per line.
fn print_reads(config: &Config, person: Option<&str>, reader: Option<&str>, limit: usize) -> i32 {
    let Some(store) = open_store(config) else { return 1 };
    match store.staff_reads(person, reader, limit) {
        Ok(reads) => {
            for read in reads {
                println!(
                    "{}\t{}\tby {}\tof {}\t{}",
                    read.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    read.kind.as_str(),
                    read.reader_id,
                    read.subject_id,
                    read.reason.as_deref().map_or_else(|| "-".to_owned(), one_line)
                );
            }
            0
        }
        Err(err) => {
            eprintln!("cannot read the log of staff reads: {err}");
            1
        }
    }
}

/// `anxin-server deletion-requests`: one per line, oldest first.
fn print_deletion_requests(config: &Config, all: bool) -> i32 {
    let Some(store) = open_store(config) else { return 1 };
    match store.deletion_requests(!all) {
        Ok(requests) => {
            for (person_id, request) in requests {
                let state = request.outcome.map_or("waiting", |o| o.as_str());
                let note =
                    if request.note.is_empty() { "-".to_owned() } else { one_line(&request.note) };
                let answer = if request.answer.is_empty() {
                    "-".to_owned()
                } else {
                    one_line(&request.answer)
                };
                println!(
                    "{}\t{}\t{person_id}\t{state}\t{note}\t{answer}",
                    request.asked_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    request.request_id,
                );
            }
            0
        }
        Err(err) => {
            eprintln!("cannot read the requests for deletion: {err}");
            1
        }
    }
}

/// `anxin-server answer-deletion ID --completed TEXT | --kept TEXT`.
fn answer_deletion(
    config: &Config,
    request_id: &str,
    completed: &Option<String>,
    kept: &Option<String>,
) -> i32 {
    use anxin_domain::privacy::deletion::DeletionOutcome;
    let (outcome, text) = match (completed, kept) {
        (Some(text), None) => (DeletionOutcome::Completed, text),
        (None, Some(text)) => (DeletionOutcome::Kept, text),
        _ => {
            eprintln!("give either --completed or --kept, with its text");
            return 2;
        }
    };
    let Some(store) = open_store(config) else { return 1 };
    let by = Audit::local().actor.unwrap_or_else(|| "admin".to_owned());
    match store.answer_deletion(request_id, outcome, text, &by, chrono::Utc::now()) {
        Ok(Ok((person_id, _))) => {
            let audit = Audit {
                subject: Some(person_id.clone()),
                detail: Some(format!("{request_id} {}", outcome.as_str())),
                ..Audit::local()
            };
            record(&*store, AuditEvent::DeletionAnswered, audit);
            println!("answered {request_id} of {person_id}: {}", outcome.as_str());
            0
        }
        Ok(Err(code)) => {
            let why = match code {
                anxin_domain::ErrorCode::NotFound => "no request has this id",
                anxin_domain::ErrorCode::IdReused => "this request was answered before",
                anxin_domain::ErrorCode::TextTooLong => "the text is longer than 500 characters",
                _ => "the answer needs its text: what was deleted, or the legal reason to keep",
            };
            eprintln!("not answered: {why}");
            1
        }
        Err(err) => {
            eprintln!("cannot answer the request: {err}");
            1
        }
    }
}

/// A text on one line: control characters shown escaped.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() })
        .collect()
}

/// `anxin-server audit`: the log, oldest first, one entry per line.
fn print_audit(config: &Config, person: Option<&str>, limit: usize) -> i32 {
    let Some(store) = open_store(config) else { return 1 };
    match store.audit_log(person, limit) {
        Ok(entries) => {
            for entry in entries {
                // Control characters shown escaped: one entry, one line.
                let or_dash =
                    |v: Option<String>| v.as_deref().map_or_else(|| "-".to_owned(), one_line);
                println!(
                    "{}\t{}\tby {}\tabout {}\tfrom {}\t{}",
                    entry.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    entry.event,
                    or_dash(entry.actor),
                    or_dash(entry.subject),
                    or_dash(entry.address),
                    or_dash(entry.detail)
                );
            }
            0
        }
        Err(err) => {
            eprintln!("cannot read the audit log: {err}");
            1
        }
    }
}
