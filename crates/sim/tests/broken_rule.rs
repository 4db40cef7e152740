//! The simulation catches a broken rule: built with the server's
//! `broken-duplicate-check` (through this crate's feature of that name),
//! the store decides a retried mutation again as if new, and some run
//! within the CI budget must fail.
//!
//! `cargo test -p anxin-sim --features broken-duplicate-check --test broken_rule`
#![cfg(feature = "broken-duplicate-check")]

use anxin_sim::{campaign, ci_seeds};

#[test]
fn test_broken_duplicate_check_is_caught_within_the_ci_budget() {
    let summary = campaign(1..ci_seeds() + 1, None, true);
    let (first, shrunk) = summary.failure.as_ref().expect("the broken store was not caught");
    println!(
        "caught at seed {} after {} runs (shrunk to {}); {:.1} s",
        first.plan.seed,
        summary.figures.runs,
        shrunk.plan,
        summary.wall.as_secs_f64()
    );
}
