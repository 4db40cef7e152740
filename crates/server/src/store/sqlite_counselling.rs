//! Counselling in SQLite: published duty plans, and booking requests
//! decided one at a time (an immediate transaction each) with the slot held
//! by a unique index.

use std::collections::HashSet;

use anxin_domain::counselling::booking::{BookingRequest, BookingState, Wanted};
use anxin_domain::counselling::note::SealedNote;
use anxin_domain::counselling::{
    nearest_free, AppointmentStatus, CounsellorPlan, DutyPlan, Schedule, Slot,
};
use anxin_domain::local_day;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::sqlite_codec::{parse_json, parse_timestamp, timestamp, to_json};
use super::{AppointmentRow, BookingAnswer, Result, StoreError};

/// Slots are offered this many days ahead.
pub const HORIZON_DAYS: u64 = 28;
/// Alternatives offered for a taken slot.
const ALTERNATIVES: usize = 3;
const HOLDING: &str = "('confirmed', 'completed', 'no_show')";

pub(super) fn publish_plan(
    connection: &Connection,
    plan: &DutyPlan,
    now: DateTime<Utc>,
) -> Result<()> {
    connection.execute(
        "INSERT INTO duty_plans (counsellor_id, plan, published_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (counsellor_id) DO UPDATE SET plan = excluded.plan,
             published_at = excluded.published_at",
        params![plan.counsellor_id, to_json(plan)?, timestamp(now)],
    )?;
    Ok(())
}

pub(super) fn plans(connection: &Connection) -> Result<Vec<DutyPlan>> {
    let mut statement =
        connection.prepare_cached("SELECT plan FROM duty_plans ORDER BY counsellor_id")?;
    let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
    rows.map(|row| parse_json(&row?)).collect()
}

/// A slot's start as stored: the school's wall clock, sortable as text.
fn slot_start_text(slot: &Slot) -> String {
    slot.start.format("%Y-%m-%dT%H:%M").to_string()
}

/// The published plans with their counsellors' names, and the slots booked
/// from today on.
pub(super) fn schedule(connection: &Connection, now: DateTime<Utc>) -> Result<Schedule> {
    let mut counsellors = Vec::new();
    {
        let mut statement = connection.prepare_cached(
            "SELECT p.name, d.plan FROM duty_plans d JOIN people p ON p.person_id = d.counsellor_id
             WHERE p.active = 1 ORDER BY d.counsellor_id",
        )?;
        let rows =
            statement.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (name, plan) = row?;
            counsellors.push(CounsellorPlan { name, plan: parse_json(&plan)? });
        }
    }
    let today = local_day(now).format("%Y-%m-%d").to_string();
    let mut statement = connection.prepare_cached(&format!(
        "SELECT slot_key FROM bookings WHERE status IN {HOLDING} AND slot_start >= ?1
         ORDER BY slot_start"
    ))?;
    let taken = statement
        .query_map(params![today], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Schedule { counsellors, taken, horizon_days: HORIZON_DAYS as u32 })
}

/// Every slot of every plan from `now` to the horizon, in time order.
fn open_slots(plans: &[DutyPlan], now: DateTime<Utc>) -> Vec<Slot> {
    let today = local_day(now);
    let last = today + chrono::Days::new(HORIZON_DAYS);
    let mut slots: Vec<Slot> = plans
        .iter()
        .flat_map(|plan| plan.slots_between(today, last))
        .filter(|slot| slot.starts_at() > now)
        .collect();
    slots.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.counsellor_id.cmp(&b.counsellor_id)));
    slots
}

fn earlier(tx: &Connection, person_id: &str, booking_id: &str) -> Result<Option<BookingAnswer>> {
    let row: Option<(String, String, Option<String>, Option<String>)> = tx
        .query_row(
            "SELECT person_id, status, slot, alternatives FROM bookings WHERE booking_id = ?1",
            params![booking_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((owner, status, slot, alternatives)) = row else { return Ok(None) };
    if owner != person_id {
        return Ok(Some(BookingAnswer::IdOfAnotherPerson));
    }
    let state = match (status.as_str(), slot) {
        ("slot_taken", _) | (_, None) => BookingState::SlotTaken {
            alternatives: alternatives.map(|a| parse_json(&a)).transpose()?.unwrap_or_default(),
        },
        (_, Some(slot)) => BookingState::Confirmed(parse_json(&slot)?),
    };
    Ok(Some(BookingAnswer::Decided(state)))
}

/// Decides a request, once: the same id again gets the same answer.
pub(super) fn request_booking(
    connection: &mut Connection,
    person_id: &str,
    request: &BookingRequest,
    now: DateTime<Utc>,
) -> Result<BookingAnswer> {
    let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some(answer) = earlier(&tx, person_id, &request.booking_id)? {
        return Ok(answer);
    }
    let plans = plans(&tx)?;
    let slots = open_slots(&plans, now);
    let taken: HashSet<String> = {
        let mut statement =
            tx.prepare_cached(&format!("SELECT slot_key FROM bookings WHERE status IN {HOLDING}"))?;
        let keys = statement.query_map([], |r| r.get::<_, String>(0))?;
        keys.collect::<rusqlite::Result<_>>()?
    };
    let free = |slot: &&Slot| !taken.contains(&slot.key());
    let chosen: Option<Slot> = match &request.wanted {
        Wanted::Slot { .. } => {
            let key = request.wanted.key();
            slots.iter().filter(free).find(|s| Some(s.key()) == key).cloned()
        }
        Wanted::FirstAvailable { from, mode } => slots
            .iter()
            .filter(free)
            .find(|s| s.start >= *from && mode.as_ref().is_none_or(|m| *m == s.mode))
            .cloned(),
    };
    let state = match chosen {
        Some(slot) => BookingState::Confirmed(slot),
        None => {
            let wanted = match &request.wanted {
                Wanted::Slot { counsellor_id, start } => Slot {
                    counsellor_id: counsellor_id.clone(),
                    start: *start,
                    minutes: 0,
                    mode: anxin_domain::counselling::Mode::Phone,
                },
                Wanted::FirstAvailable { from, .. } => Slot {
                    counsellor_id: String::new(),
                    start: *from,
                    minutes: 0,
                    mode: anxin_domain::counselling::Mode::Phone,
                },
            };
            let alternatives = nearest_free(&wanted, &slots, &taken, now, 0, ALTERNATIVES);
            BookingState::SlotTaken { alternatives }
        }
    };
    let (status, slot, slot_key, counsellor, alternatives) = match &state {
        BookingState::Confirmed(slot) => (
            "confirmed",
            Some((to_json(slot)?, slot_start_text(slot))),
            Some(slot.key()),
            Some(slot.counsellor_id.clone()),
            None,
        ),
        BookingState::SlotTaken { alternatives } => {
            let counsellor = match &request.wanted {
                Wanted::Slot { counsellor_id, .. } => Some(counsellor_id.clone()),
                Wanted::FirstAvailable { .. } => None,
            };
            ("slot_taken", None, None, counsellor, Some(to_json(alternatives)?))
        }
    };
    let now_text = timestamp(now);
    tx.execute(
        "INSERT INTO bookings (booking_id, person_id, counsellor_id, slot_key, slot, slot_start,
             topic, phone, anonymous, urgency, status, alternatives, requested_at, decided_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
        params![
            request.booking_id,
            person_id,
            counsellor,
            slot_key,
            slot.as_ref().map(|(json, _)| json),
            slot.as_ref().map(|(_, start)| start),
            request.topic.trim(),
            request.phone.trim(),
            request.anonymous,
            to_json(&request.urgency)?,
            status,
            alternatives,
            now_text
        ],
    )?;
    tx.commit()?;
    Ok(BookingAnswer::Decided(state))
}

/// The key of anonymous visitors' pseudonyms (made once, with the
/// database; it never leaves the server).
pub(super) fn pseudonym_key(connection: &Connection) -> Result<String> {
    Ok(connection.query_row(
        "SELECT value FROM server_meta WHERE key = 'pseudonym_key'",
        [],
        |r| r.get(0),
    )?)
}

/// The counsellor's bookings with a slot from `from` to `to` (school days,
/// both included), in time order.
pub(super) fn appointments_of(
    connection: &Connection,
    counsellor_id: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<AppointmentRow>> {
    let mut statement = connection.prepare_cached(
        "SELECT b.booking_id, b.person_id, p.name, b.anonymous, b.slot, b.status, b.phone,
                b.topic, b.urgency, b.requested_at
         FROM bookings b JOIN people p ON p.person_id = b.person_id
         WHERE b.counsellor_id = ?1 AND b.slot IS NOT NULL
               AND b.slot_start >= ?2 AND b.slot_start < ?3
         ORDER BY b.slot_start",
    )?;
    let end = to.succ_opt().unwrap_or(to);
    let rows = statement.query_map(
        params![
            counsellor_id,
            from.format("%Y-%m-%d").to_string(),
            end.format("%Y-%m-%d").to_string()
        ],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, bool>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, String>(9)?,
            ))
        },
    )?;
    let mut appointments = Vec::new();
    for row in rows {
        let (booking_id, person_id, name, anonymous, slot, status, phone, topic, urgency, at) =
            row?;
        appointments.push(AppointmentRow {
            booking_id,
            person_id,
            name,
            anonymous,
            slot: parse_json(&slot)?,
            status: AppointmentStatus::parse(&status)
                .ok_or_else(|| StoreError::Corrupt("a booking's status is unknown".into()))?,
            phone,
            topic,
            urgency: parse_json(&urgency)?,
            requested_at: parse_timestamp(&at)?,
        });
    }
    Ok(appointments)
}

/// A booking's counsellor, status and slot (`None`: no such booking, or
/// one that holds no slot).
pub(super) fn booking_slot(
    connection: &Connection,
    booking_id: &str,
) -> Result<Option<(String, AppointmentStatus, Slot)>> {
    let row: Option<(String, String, String)> = connection
        .query_row(
            "SELECT counsellor_id, status, slot FROM bookings
             WHERE booking_id = ?1 AND slot IS NOT NULL",
            params![booking_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((counsellor, status, slot)) = row else { return Ok(None) };
    let status = AppointmentStatus::parse(&status)
        .ok_or_else(|| StoreError::Corrupt("a booking's status is unknown".into()))?;
    Ok(Some((counsellor, status, parse_json(&slot)?)))
}

/// Moves a booking from `from` to `to` (with the reason the person sees);
/// `false` if it was no longer in `from`.
pub(super) fn set_status(
    connection: &Connection,
    booking_id: &str,
    from: AppointmentStatus,
    to: AppointmentStatus,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let changed = connection.execute(
        "UPDATE bookings SET status = ?3, reason = ?4, decided_at = ?5
         WHERE booking_id = ?1 AND status = ?2",
        params![booking_id, from.as_str(), to.as_str(), reason, timestamp(now)],
    )?;
    Ok(changed == 1)
}

pub(super) fn save_note(
    connection: &Connection,
    booking_id: &str,
    author_id: &str,
    sealed: &SealedNote,
    now: DateTime<Utc>,
) -> Result<()> {
    connection.execute(
        "INSERT INTO counselling_notes (booking_id, author_id, sealed, updated_at)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (booking_id) DO UPDATE SET sealed = excluded.sealed,
             updated_at = excluded.updated_at
         WHERE counselling_notes.author_id = excluded.author_id",
        params![booking_id, author_id, to_json(sealed)?, timestamp(now)],
    )?;
    Ok(())
}

/// The note of a booking and its author.
pub(super) fn note(
    connection: &Connection,
    booking_id: &str,
) -> Result<Option<(String, SealedNote)>> {
    let row: Option<(String, String)> = connection
        .query_row(
            "SELECT author_id, sealed FROM counselling_notes WHERE booking_id = ?1",
            params![booking_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    row.map(|(author, sealed)| Ok((author, parse_json(&sealed)?))).transpose()
}
