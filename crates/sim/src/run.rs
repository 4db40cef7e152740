//! One run of the simulation: a plan's phones acting and syncing for its
//! steps through the faulty world, then a final quiet sync, then every
//! invariant checked.

use crate::checks::check;
use crate::figures::Figures;
use crate::people::act;
use crate::phone::Phone;
use crate::plan::Plan;
use crate::rng::Rng;
use crate::server::{student, SimServer};
use crate::sync_round::{sync_round, RoundEnd};
use crate::world::World;

/// Rounds a phone gets in the final quiet sync to empty its outbox.
const QUIET_ROUNDS: usize = 5;

/// What a run did and found.
#[derive(Debug)]
pub struct RunReport {
    pub plan: Plan,
    pub figures: Figures,
    /// Empty when every invariant held.
    pub violations: Vec<String>,
    pub trace: Vec<String>,
}

impl RunReport {
    pub fn failed(&self) -> bool {
        !self.violations.is_empty()
    }
}

/// Runs `plan` on a runtime of its own (one thread: the order of events
/// is the seed's alone). A panic counts as a failure of the run.
pub fn run(plan: Plan) -> RunReport {
    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let outcome =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| runtime.block_on(simulate(plan))));
    outcome.unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default();
        RunReport {
            plan,
            figures: Figures { runs: 1, failures: 1, ..Figures::default() },
            violations: vec![format!("the run panicked: {message}")],
            trace: Vec::new(),
        }
    })
}

async fn simulate(plan: Plan) -> RunReport {
    let mut rng = Rng::new(plan.seed);
    // About two phones in three are a person's only one; the others are a
    // second phone of someone.
    let people = (plan.phones * 2).div_ceil(3).max(1);
    let server = SimServer::start(people);
    let phones = (0..plan.phones)
        .map(|n| {
            let tabs = if rng.chance(300) { 2 } else { 1 };
            let page_limit = if rng.chance(300) { 1 + rng.index(4) } else { 0 };
            Phone::new(student(n % people), tabs, page_limit)
        })
        .collect();
    let mut world = World::new(plan, server, phones, rng);
    for step in 0..plan.steps {
        world.step = step;
        world.arrive_delayed().await;
        world.world_faults();
        let phone = world.rng.index(world.phones.len());
        if world.rng.chance(450) {
            act(&mut world, phone);
        } else {
            let tab = 1 + world.rng.below(u64::from(world.phones[phone].tabs)) as u8;
            sync_round(&mut world, phone, tab).await;
        }
    }
    quiet_sync(&mut world).await;
    let checks = check(&mut world).await;
    let failures = u64::from(!world.ledger.violations.is_empty());
    let figures = Figures {
        runs: 1,
        steps: plan.steps as u64,
        requests: world.requests,
        faults: world.tally.clone(),
        checks,
        lost_by_clearing: world.lost_by_clearing() as u64,
        failures,
    };
    RunReport { plan, figures, violations: world.ledger.violations.clone(), trace: world.trace }
}

/// The network is good again and every request in flight arrives; each
/// phone syncs until its outbox is empty, then each pulls once more (to
/// see what the others sent after its round).
async fn quiet_sync(world: &mut World) {
    world.step = world.plan.steps;
    world.quiet = true;
    world.note("the network is good from here on");
    world.arrive_delayed().await;
    for pass in 0..2 {
        for phone in 0..world.phones.len() {
            for _ in 0..QUIET_ROUNDS {
                let done = sync_round(world, phone, 1).await == RoundEnd::Done;
                if done && (pass == 1 || world.phones[phone].storage.outbox.is_empty()) {
                    break;
                }
            }
        }
    }
}
