//! The figures a run or a campaign of runs reports.

use std::fmt;

use crate::faults::FaultTally;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    pub runs: u64,
    pub steps: u64,
    pub requests: u64,
    pub faults: FaultTally,
    pub checks: u64,
    /// Changes not yet acknowledged when a browser cleared their phone's
    /// storage (expected to be lost; everything acknowledged comes back).
    pub lost_by_clearing: u64,
    pub failures: u64,
}

impl Figures {
    pub fn absorb(&mut self, other: &Figures) {
        self.runs += other.runs;
        self.steps += other.steps;
        self.requests += other.requests;
        self.faults.absorb(&other.faults);
        self.checks += other.checks;
        self.lost_by_clearing += other.lost_by_clearing;
        self.failures += other.failures;
    }
}

impl fmt::Display for Figures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "runs: {}", self.runs)?;
        writeln!(f, "steps: {}, requests: {}", self.steps, self.requests)?;
        writeln!(f, "faults injected: {} ({})", self.faults.total(), self.faults)?;
        writeln!(f, "invariant checks: {}", self.checks)?;
        writeln!(f, "unacknowledged changes lost to cleared storage: {}", self.lost_by_clearing)?;
        write!(f, "failures: {}", self.failures)
    }
}
