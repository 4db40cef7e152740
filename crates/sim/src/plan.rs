//! What one run is: its seed, how many phones, how many steps, and which
//! faults it may inject. A seed alone gives the whole plan, so
//! `ANXIN_SIM_SEED=n` replays a run; a shrunk plan is named in full.

use std::fmt;

use crate::faults::{Fault, FaultSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub seed: u64,
    pub phones: usize,
    pub steps: usize,
    pub faults: FaultSet,
}

impl Plan {
    /// The plan of `seed`: 2 to 7 phones, 40 to 119 steps, every fault.
    pub fn for_seed(seed: u64) -> Self {
        let mut mix = crate::rng::Rng::new(seed ^ 0x5EED);
        Plan { seed, phones: 2 + mix.index(6), steps: 40 + mix.index(80), faults: FaultSet::all() }
    }

    /// `ANXIN_SIM_SEED` (and, for a shrunk run, `ANXIN_SIM_PHONES`,
    /// `ANXIN_SIM_STEPS`, `ANXIN_SIM_FAULTS`), when set.
    pub fn from_env() -> Option<Self> {
        let seed = std::env::var("ANXIN_SIM_SEED").ok()?.trim().parse().ok()?;
        let mut plan = Plan::for_seed(seed);
        let number = |name: &str| std::env::var(name).ok().and_then(|v| v.trim().parse().ok());
        if let Some(phones) = number("ANXIN_SIM_PHONES") {
            plan.phones = phones;
        }
        if let Some(steps) = number("ANXIN_SIM_STEPS") {
            plan.steps = steps;
        }
        if let Some(faults) =
            std::env::var("ANXIN_SIM_FAULTS").ok().and_then(|f| FaultSet::parse(&f))
        {
            plan.faults = faults;
        }
        Some(plan)
    }

    /// Smaller plans to try while a failure persists: fewer steps, fewer
    /// phones, one kind of fault fewer.
    pub fn smaller(&self) -> Vec<Plan> {
        let mut candidates = Vec::new();
        if self.steps > 4 {
            candidates.push(Plan { steps: self.steps / 2, ..*self });
            candidates.push(Plan { steps: self.steps * 3 / 4, ..*self });
        }
        if self.phones > 1 {
            candidates.push(Plan { phones: self.phones - 1, ..*self });
        }
        for fault in self.faults.kinds() {
            candidates.push(Plan { faults: self.faults.without(fault), ..*self });
        }
        candidates
    }

    /// The command line that replays exactly this plan.
    pub fn replay_command(&self) -> String {
        let mut command = format!("ANXIN_SIM_SEED={}", self.seed);
        if *self != Plan::for_seed(self.seed) {
            command.push_str(&format!(
                " ANXIN_SIM_PHONES={} ANXIN_SIM_STEPS={} ANXIN_SIM_FAULTS={}",
                self.phones, self.steps, self.faults
            ));
        }
        command + " cargo test -p anxin-sim --test seeds"
    }

    pub fn allows(&self, fault: Fault) -> bool {
        self.faults.has(fault)
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "seed {} ({} phones, {} steps, faults: {})",
            self.seed, self.phones, self.steps, self.faults
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_a_seed_gives_one_plan_and_smaller_plans_shrink() {
        assert_eq!(Plan::for_seed(5), Plan::for_seed(5));
        let plan = Plan::for_seed(5);
        assert!((2..=7).contains(&plan.phones) && (40..120).contains(&plan.steps));
        assert!(plan.replay_command().starts_with("ANXIN_SIM_SEED=5 cargo"));
        for smaller in plan.smaller() {
            assert!(
                smaller.steps < plan.steps
                    || smaller.phones < plan.phones
                    || smaller.faults != plan.faults
            );
            assert!(smaller.replay_command().contains("ANXIN_SIM_FAULTS="));
        }
    }
}
