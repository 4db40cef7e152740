//! The gate on the server (SPEC §6): the day's gate list for guards'
//! phones, in parts, with each person's status by the domain's rules
//! (`anxin_domain::pass::status_of_day`). Guards' records arrive through
//! the sync push; each gate's figures are in the offices' reports.

use anxin_domain::gate::list::part_count;
use anxin_domain::gate::GATE_LIST_PART_ENTRIES;
use anxin_domain::gate::{GateListEntry, GateListPart};
use anxin_domain::pass::{mask_name, status_of_day};
use anxin_domain::{local_day, AbnormalRules};
use chrono::{DateTime, Utc};

use crate::store::{Result, Store};

/// Part `part` of today's gate list; `None` past the last part.
pub fn gate_list_part(
    store: &dyn Store,
    rules: &AbnormalRules,
    now: DateTime<Utc>,
    part: u32,
) -> Result<Option<GateListPart>> {
    let day = local_day(now);
    let offset = part as usize * GATE_LIST_PART_ENTRIES;
    let (facts, total) = store.gate_list_facts(day, offset, GATE_LIST_PART_ENTRIES)?;
    let parts = part_count(total);
    if part >= parts {
        return Ok(None);
    }
    let entries = facts
        .into_iter()
        .map(|f| GateListEntry {
            status: status_of_day(
                f.answers.as_ref(),
                rules,
                f.in_isolation_observation,
                f.return_approved,
            ),
            declared: f.answers.is_some(),
            masked_name: mask_name(&f.name),
            class: f.class_name,
            id: f.person_id,
        })
        .collect();
    Ok(Some(GateListPart { day, part, parts, server_time: now, entries }))
}
