//! Many runs: seeds one after another, the figures summed, and the first
//! failure shrunk to the smallest plan that still fails.

use std::time::{Duration, Instant};

use crate::figures::Figures;
use crate::plan::Plan;
use crate::run::{run, RunReport};

/// The most smaller plans tried while shrinking a failure.
const MAX_SHRINK_RUNS: usize = 60;

pub struct Summary {
    pub figures: Figures,
    /// The first failing run, and the smallest plan found that still fails.
    pub failure: Option<(RunReport, RunReport)>,
    pub wall: Duration,
}

/// Runs each seed's plan; `progress` prints a line every so many runs;
/// `stop_at_failure` ends the campaign at the first failing run.
pub fn campaign(
    seeds: std::ops::Range<u64>,
    progress: Option<u64>,
    stop_at_failure: bool,
) -> Summary {
    let started = Instant::now();
    let total = seeds.end.saturating_sub(seeds.start);
    let mut figures = Figures::default();
    let mut failure = None;
    for seed in seeds {
        let report = run(Plan::for_seed(seed));
        figures.absorb(&report.figures);
        if progress.is_some_and(|every| figures.runs % every == 0) {
            println!(
                "[{:>7.1} s] runs {}/{total}: faults {}, checks {}, failures {}",
                started.elapsed().as_secs_f64(),
                figures.runs,
                figures.faults.total(),
                figures.checks,
                figures.failures
            );
        }
        if report.failed() && failure.is_none() {
            let shrunk = shrink(&report);
            print_failure(&report, &shrunk);
            failure = Some((report, shrunk));
            if stop_at_failure {
                break;
            }
        }
    }
    Summary { figures, failure, wall: started.elapsed() }
}

/// Smaller plans of the same seed, as long as they still fail.
pub fn shrink(failing: &RunReport) -> RunReport {
    let mut best = run(failing.plan);
    if !best.failed() {
        // Not reproducible: report the original as it was.
        return RunReport {
            plan: failing.plan,
            figures: failing.figures.clone(),
            violations: failing.violations.clone(),
            trace: failing.trace.clone(),
        };
    }
    let mut tries = 0;
    'shrinking: while tries < MAX_SHRINK_RUNS {
        for candidate in best.plan.smaller() {
            tries += 1;
            let report = run(candidate);
            if report.failed() {
                best = report;
                continue 'shrinking;
            }
            if tries >= MAX_SHRINK_RUNS {
                break 'shrinking;
            }
        }
        break;
    }
    best
}

pub fn print_failure(first: &RunReport, shrunk: &RunReport) {
    println!("FAILED: {}", first.plan);
    for violation in first.violations.iter().take(20) {
        println!("  {violation}");
    }
    println!("replay: {}", first.plan.replay_command());
    println!("shrunk to: {}", shrunk.plan);
    for violation in shrunk.violations.iter().take(20) {
        println!("  {violation}");
    }
    println!("replay the shrunk run: {}", shrunk.plan.replay_command());
    println!("its schedule:");
    for line in &shrunk.trace {
        println!("  {line}");
    }
}
