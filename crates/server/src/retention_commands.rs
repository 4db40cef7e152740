//! `anxin-server purge`, `purge-log` and `response`: the retention run by
//! hand, its log, and the declared end of the epidemic response.

use anxin_server::accounts::audit::Audit;
use anxin_server::config::{Config, ResponseAction};
use anxin_server::retention::{load_policy, log_run};
use chrono::NaiveDate;

use crate::open_store;

/// `anxin-server purge [--dry-run [--today DAY]]`: the exit code.
pub fn purge(config: &Config, dry_run: bool, today: Option<NaiveDate>) -> i32 {
    let policy = match load_policy(config.retention.as_deref()) {
        Ok(policy) => policy,
        Err(err) => {
            eprintln!("{err}");
            return 2;
        }
    };
    let Some(store) = open_store(config) else { return 1 };
    let now = chrono::Utc::now();
    let today = today.unwrap_or_else(|| anxin_domain::local_day(now));
    match store.purge(&policy, today, now, dry_run) {
        Ok(run) => {
            if !dry_run {
                log_run(&run);
            }
            for line in run.lines() {
                println!("{line}");
            }
            if dry_run {
                println!("dry run: nothing was changed");
            }
            0
        }
        Err(err) => {
            eprintln!("the purge failed and nothing was changed: {err}");
            1
        }
    }
}

/// `anxin-server purge-log`.
pub fn purge_log(config: &Config, limit: usize) -> i32 {
    let Some(store) = open_store(config) else { return 1 };
    match store.purge_runs(limit) {
        Ok(runs) => {
            for run in runs {
                let removed: u64 = run.counts.removed.values().sum();
                let masked: u64 = run.counts.masked.values().sum();
                println!(
                    "{} for {}: removed {removed}, masked {masked}, signed reports verified {}",
                    run.at.format("%Y-%m-%d %H:%M:%SZ"),
                    run.today,
                    run.reports_verified
                );
            }
            0
        }
        Err(err) => {
            eprintln!("cannot read the purge log: {err}");
            1
        }
    }
}

/// `anxin-server response end [--day DAY]` and `response status`.
pub fn response(config: &Config, action: &ResponseAction) -> i32 {
    let Some(store) = open_store(config) else { return 1 };
    let now = chrono::Utc::now();
    match action {
        ResponseAction::End { day } => {
            let day = day.unwrap_or_else(|| anxin_domain::local_day(now));
            let by = Audit::local().actor.unwrap_or_else(|| "admin".to_owned());
            match store.declare_response_end(day, &by, now) {
                Ok(Ok(())) => {
                    println!(
                        "the epidemic response ended on {day}: its raw records are kept until \
                         the retention's raw_days after it"
                    );
                    0
                }
                Ok(Err(refused)) => {
                    eprintln!("not recorded: {refused}");
                    1
                }
                Err(err) => {
                    eprintln!("cannot record the end: {err}");
                    1
                }
            }
        }
        ResponseAction::Status => match (store.response_end(), store.kept_from()) {
            (Ok(end), Ok(kept)) => {
                match end {
                    Some(day) => println!("the epidemic response ended on {day}"),
                    None => println!("the epidemic response has not been declared ended"),
                }
                match kept {
                    Some(day) => {
                        println!("raw records are kept from {day}; the days before are closed")
                    }
                    None => println!("no raw records were purged"),
                }
                0
            }
            (Err(err), _) | (_, Err(err)) => {
                eprintln!("cannot read the response: {err}");
                1
            }
        },
    }
}
