//! The CI budget of the simulation: a bounded number of seeds, each a
//! whole run with every invariant checked. `ANXIN_SIM_SEED=n` (with the
//! other variables a shrunk failure names) replays exactly one run.

use anxin_sim::{campaign, ci_seeds, run, Plan};

#[test]
fn test_phones_on_a_faulty_network_keep_every_invariant() {
    if let Some(plan) = Plan::from_env() {
        let report = run(plan);
        println!("{plan}\n{}", report.figures);
        if report.failed() {
            anxin_sim::campaign::print_failure(&report, &report);
        }
        assert!(!report.failed(), "{plan} failed: {:?}", report.violations);
        return;
    }
    let summary = campaign(1..ci_seeds() + 1, Some(10), true);
    println!("{}\nwall time: {:.1} s", summary.figures, summary.wall.as_secs_f64());
    assert!(summary.figures.checks > 0 && summary.figures.faults.total() > 0);
    if let Some((first, shrunk)) = &summary.failure {
        panic!(
            "{} failed (shrunk: {}); replay with {}",
            first.plan,
            shrunk.plan,
            shrunk.plan.replay_command()
        );
    }
}
