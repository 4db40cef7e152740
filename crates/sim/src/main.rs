//! `make sim SEEDS=100000`: runs that many seeds (from `FROM`, default 1),
//! printing progress and, at the end, the runs, the faults injected by
//! kind, the invariant checks and the failures (the first one shrunk and
//! its replay command). Exits with 1 when a run failed.
//!
//! `anxin-sim [SEEDS] [FROM]`; `ANXIN_SIM_SEED=n` replays one run.

use anxin_sim::{campaign, run, Plan};

fn number(arg: Option<String>, name: &str, default: u64) -> u64 {
    arg.or_else(|| std::env::var(name).ok()).and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

fn main() {
    if let Some(plan) = Plan::from_env() {
        let report = run(plan);
        println!("{}\n{}", plan, report.figures);
        if report.failed() {
            anxin_sim::campaign::print_failure(&report, &report);
            std::process::exit(1);
        }
        return;
    }
    let mut args = std::env::args().skip(1);
    let seeds = number(args.next(), "SEEDS", 1000);
    let from = number(args.next(), "FROM", 1);
    println!("simulating seeds {from}..{}", from + seeds - 1);
    let summary = campaign(from..from + seeds, Some((seeds / 50).max(1)), false);
    println!("{}", summary.figures);
    println!("wall time: {:.1} s", summary.wall.as_secs_f64());
    if summary.failure.is_some() {
        std::process::exit(1);
    }
}
