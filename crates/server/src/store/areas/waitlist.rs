//! The waitlist (SPEC §3): entries, and the slots offered to them. The
//! rules are the domain's (`counselling::waitlist`); this keeps the
//! entries, offers a slot to everyone waiting for it when one frees, says
//! "gone" when a booking takes it, and puts each entry, as it then stands,
//! in its person's change log.

use anxin_domain::counselling::decide::open_slots;
use anxin_domain::counselling::waitlist::{
    may_join, may_leave, new_offers, suits, JoinFacts, SlotOffer, WaitlistJoin, WaitlistStanding,
    WaitlistState,
};
use anxin_domain::counselling::{DutyPlan, Slot, CRISIS_KEY_MARK};
use anxin_domain::privacy::Purpose;
use anxin_domain::sync::{PulledChange, RejectCode};
use chrono::{DateTime, Utc};

use super::change_log::append_change;
use super::codec::{parse_json, parse_timestamp, timestamp, to_json};
use super::counselling::HOLDING;
use super::privacy;
use crate::store::sql::{args, Sql};
use crate::store::Result;

/// The person's entry still waiting, if any.
fn waiting_of(tx: &dyn Sql, person_id: &str) -> Result<Option<String>> {
    tx.query_opt(
        "SELECT entry_id FROM waitlist WHERE person_id = ?1 AND state = 'waiting'",
        args![person_id],
    )?
    .map(|row| row.get(0))
    .transpose()
}

/// The person joins, when the domain says they may.
pub(in crate::store) fn join(
    tx: &dyn Sql,
    person_id: &str,
    join: &WaitlistJoin,
    now: DateTime<Utc>,
) -> Result<std::result::Result<(), RejectCode>> {
    let owner: Option<String> = tx
        .query_opt("SELECT person_id FROM waitlist WHERE entry_id = ?1", args![&join.entry_id])?
        .map(|row| row.get(0))
        .transpose()?;
    if owner.is_some() {
        return Ok(Err(RejectCode::IdReused));
    }
    let consented = privacy::latest_consent(tx, person_id, Purpose::Counselling)? == Some(true);
    let on_duty = match &join.counsellor_id {
        Some(id) => tx
            .query_opt(
                "SELECT 1 FROM duty_plans d JOIN people p ON p.person_id = d.counsellor_id
                 WHERE d.counsellor_id = ?1 AND p.active = 1",
                args![id],
            )?
            .is_some(),
        None => true,
    };
    let waiting = waiting_of(tx, person_id)?;
    let facts = JoinFacts { consented, counsellor_on_duty: on_duty, waiting: waiting.as_deref() };
    if let Err(code) = may_join(join, facts) {
        return Ok(Err(code));
    }
    let mut kept = join.clone();
    kept.phone = kept.phone.trim().to_owned();
    tx.execute(
        "INSERT INTO waitlist (entry_id, person_id, counsellor_id, body, joined_at, state)
         VALUES (?1, ?2, ?3, ?4, ?5, 'waiting')",
        args![
            &join.entry_id,
            person_id,
            join.counsellor_id.as_deref(),
            to_json(&kept)?,
            timestamp(now)
        ],
    )?;
    log_entry(tx, &join.entry_id)?;
    Ok(Ok(()))
}

/// The person leaves the list.
pub(in crate::store) fn leave(
    tx: &dyn Sql,
    person_id: &str,
    entry_id: &str,
    now: DateTime<Utc>,
) -> Result<std::result::Result<(), RejectCode>> {
    let row =
        tx.query_opt("SELECT person_id, state FROM waitlist WHERE entry_id = ?1", args![entry_id])?;
    let (owner, waiting) = match row {
        Some(row) => (Some(row.get::<String>(0)?), row.text(1)? == "waiting"),
        None => (None, false),
    };
    if let Err(code) = may_leave(owner.as_deref(), waiting, person_id) {
        return Ok(Err(code));
    }
    close(tx, entry_id, "left", None, now)?;
    Ok(Ok(()))
}

fn close(
    tx: &dyn Sql,
    entry_id: &str,
    state: &str,
    booking_id: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "UPDATE waitlist SET state = ?2, booking_id = ?3, closed_at = ?4
         WHERE entry_id = ?1 AND state = 'waiting'",
        args![entry_id, state, booking_id, timestamp(now)],
    )?;
    log_entry(tx, entry_id)
}

/// The person withdrew their consent to the service: they wait no more.
pub(in crate::store) fn leave_all(tx: &dyn Sql, person_id: &str, now: DateTime<Utc>) -> Result<()> {
    if let Some(entry_id) = waiting_of(tx, person_id)? {
        close(tx, &entry_id, "left", None, now)?;
    }
    Ok(())
}

/// Every entry waiting, oldest first: (entry id, what it waits for).
fn waiting_entries(tx: &dyn Sql) -> Result<Vec<(String, WaitlistJoin)>> {
    let rows = tx.query(
        "SELECT entry_id, body FROM waitlist WHERE state = 'waiting' ORDER BY joined_at, entry_id",
        args![],
    )?;
    rows.iter().map(|row| Ok((row.get(0)?, parse_json(row.text(1)?)?))).collect()
}

/// Offers `slot` to the entry (again, if it was offered and went).
fn offer(tx: &dyn Sql, entry_id: &str, slot: &Slot, now: DateTime<Utc>) -> Result<()> {
    tx.execute(
        "INSERT INTO waitlist_offers (entry_id, slot_key, counsellor_id, slot, offered_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (entry_id, slot_key) DO UPDATE SET offered_at = excluded.offered_at,
             gone_at = NULL",
        args![entry_id, slot.key(), &slot.counsellor_id, to_json(slot)?, timestamp(now)],
    )?;
    Ok(())
}

/// What a change of booking `booking_id` means for those waiting: a slot
/// it let go (cancelled, declined, moved from) is offered to everyone
/// waiting for it, when it is still to come and nobody holds it; a slot
/// it holds is gone for everyone it was offered to, and its person's wait
/// is over.
pub(in crate::store) fn follow_booking(tx: &dyn Sql, booking_id: &str) -> Result<()> {
    let Some(row) = tx.query_opt(
        &format!(
            "SELECT person_id, slot, slot_key, decided_at,
                 CASE WHEN status IN {HOLDING} THEN 1 ELSE 0 END, requested_at
             FROM bookings WHERE booking_id = ?1 AND slot IS NOT NULL"
        ),
        args![booking_id],
    )?
    else {
        return Ok(());
    };
    let person_id: String = row.get(0)?;
    let slot: Slot = parse_json(row.text(1)?)?;
    let key: String = row.get(2)?;
    let at = parse_timestamp(row.text(3)?)?;
    let holds: bool = row.get::<i64>(4)? != 0;
    let requested_at: String = row.get(5)?;
    if key.contains(CRISIS_KEY_MARK) {
        return Ok(());
    }
    if holds {
        let gone = tx.query(
            "SELECT entry_id FROM waitlist_offers WHERE slot_key = ?1 AND gone_at IS NULL",
            args![&key],
        )?;
        tx.execute(
            "UPDATE waitlist_offers SET gone_at = ?2 WHERE slot_key = ?1 AND gone_at IS NULL",
            args![&key, timestamp(at)],
        )?;
        // The wait is over for a booking asked for after joining.
        let own: Option<String> = tx
            .query_opt(
                "SELECT entry_id FROM waitlist
                 WHERE person_id = ?1 AND state = 'waiting' AND joined_at <= ?2",
                args![&person_id, &requested_at],
            )?
            .map(|row| row.get(0))
            .transpose()?;
        if let Some(entry_id) = &own {
            tx.execute(
                "UPDATE waitlist SET state = 'booked', booking_id = ?2, closed_at = ?3
                 WHERE entry_id = ?1",
                args![entry_id, booking_id, timestamp(at)],
            )?;
            log_entry(tx, entry_id)?;
        }
        for row in &gone {
            let entry_id: String = row.get(0)?;
            if own.as_ref() != Some(&entry_id) {
                log_entry(tx, &entry_id)?;
            }
        }
        return Ok(());
    }
    let held = tx
        .query_opt(
            &format!("SELECT 1 FROM bookings WHERE slot_key = ?1 AND status IN {HOLDING}"),
            args![&key],
        )?
        .is_some();
    if held || slot.starts_at() <= at {
        return Ok(());
    }
    for (entry_id, join) in waiting_entries(tx)? {
        if suits(&join, &slot) {
            offer(tx, &entry_id, &slot, at)?;
            log_entry(tx, &entry_id)?;
        }
    }
    Ok(())
}

/// New duty hours: the free slots `plan` adds to what `before` offered,
/// up to a few for each entry waiting for them.
pub(in crate::store) fn follow_plan(
    tx: &dyn Sql,
    before: Option<&DutyPlan>,
    plan: &DutyPlan,
    now: DateTime<Utc>,
) -> Result<()> {
    let old: Vec<String> = before
        .map(|b| open_slots(std::slice::from_ref(b), now).iter().map(Slot::key).collect())
        .unwrap_or_default();
    let taken: Vec<String> = tx
        .query(
            &format!(
                "SELECT slot_key FROM bookings WHERE counsellor_id = ?1 AND status IN {HOLDING}"
            ),
            args![&plan.counsellor_id],
        )?
        .iter()
        .map(|row| row.get(0))
        .collect::<Result<_>>()?;
    let added: Vec<Slot> = open_slots(std::slice::from_ref(plan), now)
        .into_iter()
        .filter(|s| !old.contains(&s.key()) && !taken.contains(&s.key()))
        .collect();
    if added.is_empty() {
        return Ok(());
    }
    for (entry_id, join) in waiting_entries(tx)? {
        let offered: Vec<String> = tx
            .query("SELECT slot_key FROM waitlist_offers WHERE entry_id = ?1", args![&entry_id])?
            .iter()
            .map(|row| row.get(0))
            .collect::<Result<_>>()?;
        let picked = new_offers(&join, &added, &offered);
        for slot in &picked {
            offer(tx, &entry_id, slot, now)?;
        }
        if !picked.is_empty() {
            log_entry(tx, &entry_id)?;
        }
    }
    Ok(())
}

/// An entry as its person sees it.
pub(in crate::store) fn standing(
    tx: &dyn Sql,
    entry_id: &str,
) -> Result<(String, WaitlistStanding)> {
    let row = tx.query_one(
        "SELECT w.person_id, w.body, w.joined_at, w.state, w.booking_id, c.name
         FROM waitlist w LEFT JOIN people c ON c.person_id = w.counsellor_id
         WHERE w.entry_id = ?1",
        args![entry_id],
    )?;
    let person_id: String = row.get(0)?;
    let join: WaitlistJoin = parse_json(row.text(1)?)?;
    let state = match (row.text(3)?, row.get::<Option<String>>(4)?) {
        ("waiting", _) => WaitlistState::Waiting,
        ("booked", Some(booking_id)) => WaitlistState::Booked { booking_id },
        _ => WaitlistState::Left,
    };
    let offers = tx.query(
        "SELECT o.slot, o.offered_at, o.gone_at, COALESCE(p.name, '')
         FROM waitlist_offers o
         LEFT JOIN people p ON p.person_id = o.counsellor_id
         WHERE o.entry_id = ?1",
        args![entry_id],
    )?;
    let mut offers = offers
        .iter()
        .map(|o| {
            Ok(SlotOffer {
                slot: parse_json(o.text(0)?)?,
                offered_at: parse_timestamp(o.text(1)?)?,
                gone: o.text_opt(2)?.is_some(),
                counsellor_name: o.get(3)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    anxin_domain::order::sort_by(&mut offers, |a, b| {
        a.slot
            .start
            .cmp(&b.slot.start)
            .then_with(|| a.slot.counsellor_id.cmp(&b.slot.counsellor_id))
    });
    let standing = WaitlistStanding {
        join,
        counsellor_name: row.get(5)?,
        joined_at: parse_timestamp(row.text(2)?)?,
        state,
        offers,
    };
    Ok((person_id, standing))
}

/// Puts the entry, as it now stands, in its person's change log.
fn log_entry(tx: &dyn Sql, entry_id: &str) -> Result<()> {
    let (person_id, standing) = standing(tx, entry_id)?;
    append_change(tx, &person_id, &PulledChange::Waitlist(standing))
}

/// The person's entries, newest first (their own data).
pub(in crate::store) fn entries_of(tx: &dyn Sql, person_id: &str) -> Result<Vec<WaitlistStanding>> {
    let rows = tx.query(
        "SELECT entry_id FROM waitlist WHERE person_id = ?1 ORDER BY joined_at DESC",
        args![person_id],
    )?;
    rows.iter().map(|row| Ok(standing(tx, row.text(0)?)?.1)).collect()
}
