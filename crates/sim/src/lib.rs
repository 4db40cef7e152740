//! A deterministic simulation of many phones syncing with the real
//! server through a faulty network (issue 16).
//!
//! Each phone runs the domain's outbox and the sync round the app's
//! engine runs (`anxin_domain::sync::round`), on a simulated device
//! storage shared by its tabs; the server is the real router over a real
//! store in a temp folder, called in process. Between them, a network
//! that drops requests and answers, duplicates, delays and reorders
//! requests, delivers stale answers, cuts phones off, and restarts the
//! server (losing what was in flight). Phones also lose their cursor, or
//! their whole storage. One seed decides everything: a failing run prints
//! its seed, the smallest plan that still fails and its schedule, and
//! `ANXIN_SIM_SEED=n` replays it.

pub mod campaign;
pub mod checks;
pub mod faults;
pub mod figures;
pub mod ledger;
pub mod people;
pub mod phone;
pub mod plan;
pub mod rng;
pub mod run;
pub mod server;
pub mod server_view;
pub mod sync_round;
pub mod world;

/// The seeds `cargo test` runs (1 to this): about 45 s on
/// two cores in a debug build.
pub const CI_SEEDS: u64 = 100;

/// The seeds a test runs: `ANXIN_SIM_SEEDS` when set (the PostgreSQL pass
/// runs fewer: each run makes a database of its own), else [`CI_SEEDS`].
pub fn ci_seeds() -> u64 {
    std::env::var("ANXIN_SIM_SEEDS").ok().and_then(|v| v.trim().parse().ok()).unwrap_or(CI_SEEDS)
}

pub use campaign::{campaign, Summary};
pub use figures::Figures;
pub use plan::Plan;
pub use run::{run, RunReport};
