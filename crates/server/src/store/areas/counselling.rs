//! Counselling in SQLite: published duty plans, and booking requests
//! decided one at a time (an immediate transaction each) with the slot held
//! by a unique index.

use std::collections::HashSet;

use anxin_domain::counselling::booking::{
    BookingRequest, BookingState, Replacing, Wanted, MAX_UPCOMING_BOOKINGS,
};
use anxin_domain::counselling::note::SealedNote;
use anxin_domain::counselling::{
    check_notice, crisis_call_back, crisis_key, nearest_free, AppointmentStatus, CallBack,
    CounsellorPlan, DutyPlan, MyBooking, Schedule, Slot, Urgency, CRISIS_KEY_MARK,
};
use anxin_domain::local_day;
use anxin_domain::sync::RejectCode;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::change_log::append_change;
use super::codec::{parse_json, parse_timestamp, timestamp, to_json};
use crate::store::{AppointmentRow, BookingAnswer, BookingRow, BookingSlot, Result, StoreError};

/// Slots are offered this many days ahead.
pub const HORIZON_DAYS: u64 = 28;
/// Alternatives offered for a taken slot.
const ALTERNATIVES: usize = 3;
const HOLDING: &str = "('confirmed', 'completed', 'no_show')";

pub(in crate::store) fn publish_plan(
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

/// The plans of counsellors still on the roster: a leaver's slots are
/// neither offered nor given.
pub(in crate::store) fn plans(connection: &Connection) -> Result<Vec<DutyPlan>> {
    let mut statement = connection.prepare_cached(
        "SELECT d.plan FROM duty_plans d JOIN people p ON p.person_id = d.counsellor_id
         WHERE p.active = 1 ORDER BY d.counsellor_id",
    )?;
    let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
    rows.map(|row| parse_json(&row?)).collect()
}

/// A slot's start as stored: the school's wall clock, sortable as text.
fn slot_start_text(slot: &Slot) -> String {
    slot.start.format("%Y-%m-%dT%H:%M").to_string()
}

/// The published plans with their counsellors' names, and the slots booked
/// from today on.
pub(in crate::store) fn schedule(connection: &Connection, now: DateTime<Utc>) -> Result<Schedule> {
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
    // Extra crisis call-backs hold no slot of a plan, and that someone asked
    // for one is nobody else's business: left out.
    let mut statement = connection.prepare_cached(&format!(
        "SELECT slot_key FROM bookings WHERE status IN {HOLDING} AND slot_start >= ?1
             AND instr(slot_key, ?2) = 0
         ORDER BY slot_start"
    ))?;
    let taken = statement
        .query_map(params![today, CRISIS_KEY_MARK], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Schedule { counsellors, taken, horizon_days: HORIZON_DAYS as u32 })
}

/// The keys of every slot that is held.
fn taken_keys(tx: &Connection) -> Result<HashSet<String>> {
    let mut statement =
        tx.prepare_cached(&format!("SELECT slot_key FROM bookings WHERE status IN {HOLDING}"))?;
    let keys = statement.query_map([], |r| r.get::<_, String>(0))?;
    Ok(keys.collect::<rusqlite::Result<_>>()?)
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

/// A slot of the plan, held under its own key.
fn keyed(slot: Slot) -> (Slot, String) {
    let key = slot.key();
    (slot, key)
}

/// Every slot of every plan that has not ended by `now` (booked or not),
/// to the horizon: who is on duty now, and who comes on next.
fn duty_slots(plans: &[DutyPlan], now: DateTime<Utc>) -> Vec<Slot> {
    let today = local_day(now);
    // From yesterday: a slot may run past midnight.
    let from = today.pred_opt().unwrap_or(today);
    let last = today + chrono::Days::new(HORIZON_DAYS);
    plans
        .iter()
        .flat_map(|plan| plan.slots_between(from, last))
        .filter(|slot| slot.ends_at() > now)
        .collect()
}

/// The answer given the first time a booking id was sent, if it was.
fn earlier(tx: &Connection, person_id: &str, booking_id: &str) -> Result<Option<BookingAnswer>> {
    let Some(held) = held_by(tx, booking_id)? else { return Ok(None) };
    if held.person_id != person_id {
        return Ok(Some(BookingAnswer::IdOfAnotherPerson));
    }
    let state = match (held.status, held.slot) {
        (AppointmentStatus::SlotTaken, _) | (_, None) => {
            BookingState::SlotTaken { alternatives: held.alternatives }
        }
        (_, Some(slot)) => BookingState::Confirmed(slot),
    };
    Ok(Some(BookingAnswer::Decided(state)))
}

/// Decides a request in its own transaction, once: the same id again gets
/// the same answer.
pub(in crate::store) fn request_booking(
    connection: &mut Connection,
    person_id: &str,
    request: &BookingRequest,
    now: DateTime<Utc>,
    notice_minutes: u32,
) -> Result<BookingAnswer> {
    let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (answer, changed) = decide_request(&tx, person_id, request, now, notice_minutes)?;
    log_bookings(&tx, &changed)?;
    tx.commit()?;
    Ok(answer)
}

/// The booking a request moves, if it may move now: the person's own,
/// holding a slot at least the notice ahead (or a request whose slot was
/// taken).
fn check_move(
    tx: &Connection,
    person_id: &str,
    replacing: &Replacing,
    now: DateTime<Utc>,
    notice_minutes: u32,
) -> Result<std::result::Result<(), RejectCode>> {
    let Some(held) = held_by(tx, &replacing.booking_id)? else {
        return Ok(Err(RejectCode::UnknownBooking));
    };
    if held.person_id != person_id || held.replaced_by.is_some() {
        return Ok(Err(RejectCode::UnknownBooking));
    }
    match (held.status, held.slot) {
        (AppointmentStatus::SlotTaken, _) => Ok(Ok(())),
        (AppointmentStatus::Confirmed, Some(slot)) => {
            Ok(check_notice(slot.starts_at(), now, notice_minutes)
                .map_err(|_| RejectCode::TooLateToChange))
        }
        _ => Ok(Err(RejectCode::UnknownBooking)),
    }
}

/// How many confirmed appointments the person holds from `now` on, not
/// counting the one being moved.
fn upcoming_held(
    tx: &Connection,
    person_id: &str,
    moving: Option<&str>,
    now: DateTime<Utc>,
) -> Result<usize> {
    let from = now.with_timezone(&anxin_domain::school_offset()).naive_local();
    let count: i64 = tx.query_row(
        "SELECT COUNT(*) FROM bookings WHERE person_id = ?1 AND status = 'confirmed'
             AND slot_start >= ?2 AND booking_id IS NOT ?3",
        params![person_id, from.format("%Y-%m-%dT%H:%M").to_string(), moving],
        |r| r.get(0),
    )?;
    Ok(usize::try_from(count).unwrap_or(usize::MAX))
}

/// A booking's owner, status, slot (or alternatives) and successor.
struct Held {
    person_id: String,
    status: AppointmentStatus,
    slot: Option<Slot>,
    alternatives: Vec<Slot>,
    replaced_by: Option<String>,
}

fn held_by(tx: &Connection, booking_id: &str) -> Result<Option<Held>> {
    type Row = (String, String, Option<String>, Option<String>, Option<String>);
    let row: Option<Row> = tx
        .query_row(
            "SELECT person_id, status, slot, alternatives, replaced_by FROM bookings
             WHERE booking_id = ?1",
            params![booking_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let Some((person_id, status, slot, alternatives, replaced_by)) = row else { return Ok(None) };
    Ok(Some(Held {
        person_id,
        status: parse_status(&status)?,
        slot: slot.map(|s| parse_json(&s)).transpose()?,
        alternatives: alternatives.map(|a| parse_json(&a)).transpose()?.unwrap_or_default(),
        replaced_by,
    }))
}

fn parse_status(text: &str) -> Result<AppointmentStatus> {
    AppointmentStatus::parse(text)
        .ok_or_else(|| StoreError::Corrupt("a booking's status is unknown".into()))
}

/// Decides a request inside `tx`. Also gives the bookings it changed (the
/// new one, and the one it moved), for the person's change log; none when
/// the request was decided before.
pub(in crate::store) fn decide_request(
    tx: &Connection,
    person_id: &str,
    request: &BookingRequest,
    now: DateTime<Utc>,
    notice_minutes: u32,
) -> Result<(BookingAnswer, Vec<String>)> {
    if let Some(answer) = earlier(tx, person_id, &request.booking_id)? {
        return Ok((answer, Vec::new()));
    }
    if let Some(replacing) = &request.replaces {
        if let Err(code) = check_move(tx, person_id, replacing, now, notice_minutes)? {
            return Ok((BookingAnswer::Refused(code), Vec::new()));
        }
    }
    if request.urgency != Urgency::Crisis {
        let moving = request.replaces.as_ref().map(|r| r.booking_id.as_str());
        if upcoming_held(tx, person_id, moving, now)? >= MAX_UPCOMING_BOOKINGS {
            return Ok((BookingAnswer::Refused(RejectCode::TooManyBookings), Vec::new()));
        }
    }
    let plans = plans(tx)?;
    let slots = open_slots(&plans, now);
    let taken = taken_keys(tx)?;
    let free = |slot: &&Slot| !taken.contains(&slot.key());
    // The slot chosen, and the key it is held under.
    let chosen: Option<(Slot, String)> = match &request.wanted {
        Wanted::Slot { .. } => {
            let key = request.wanted.key();
            slots.iter().filter(free).find(|s| Some(s.key()) == key).cloned().map(keyed)
        }
        // A call-back in crisis: the counsellor on duty, not the first free
        // slot of the weeks to come.
        Wanted::FirstAvailable { .. } if request.urgency == Urgency::Crisis => {
            match crisis_call_back(&duty_slots(&plans, now), &taken, now) {
                Some(CallBack::Free(slot)) => Some(keyed(slot)),
                Some(CallBack::Extra(slot)) => {
                    let key = crisis_key(&slot, &request.booking_id);
                    Some((slot, key))
                }
                None => None,
            }
        }
        Wanted::FirstAvailable { from, .. } => slots
            .iter()
            .filter(free)
            .find(|s| s.start >= *from && s.mode.suits(request.wanted.way()))
            .cloned()
            .map(keyed),
    };
    let (state, slot_key) = match chosen {
        Some((slot, key)) => (BookingState::Confirmed(slot), Some(key)),
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
            // Alternatives in the way of meeting asked for, if one was.
            let candidates: Vec<Slot> =
                slots.iter().filter(|s| s.mode.suits(request.wanted.way())).cloned().collect();
            let alternatives = nearest_free(&wanted, &candidates, &taken, now, 0, ALTERNATIVES);
            (BookingState::SlotTaken { alternatives }, None)
        }
    };
    let (status, slot, counsellor, alternatives) = match &state {
        BookingState::Confirmed(slot) => (
            "confirmed",
            Some((to_json(slot)?, slot_start_text(slot))),
            Some(slot.counsellor_id.clone()),
            None,
        ),
        BookingState::SlotTaken { alternatives } => {
            let counsellor = match &request.wanted {
                Wanted::Slot { counsellor_id, .. } => Some(counsellor_id.clone()),
                Wanted::FirstAvailable { .. } => None,
            };
            ("slot_taken", None, counsellor, Some(to_json(alternatives)?))
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
    let mut changed = vec![request.booking_id.clone()];
    if let Some(replacing) = &request.replaces {
        // The old slot is given up only when the new one is held; a taken
        // request is marked as followed up either way.
        let confirmed = matches!(state, BookingState::Confirmed(_));
        tx.execute(
            "UPDATE bookings SET replaced_by = ?2, decided_at = ?4,
                 status = CASE WHEN ?3 AND status = 'confirmed' THEN 'cancelled' ELSE status END,
                 reason = CASE WHEN ?3 AND status = 'confirmed' THEN ?5 ELSE reason END
             WHERE booking_id = ?1 AND (?3 OR status = 'slot_taken')",
            params![
                replacing.booking_id,
                request.booking_id,
                confirmed,
                now_text,
                replacing.reason.trim()
            ],
        )?;
        changed.push(replacing.booking_id.clone());
    }
    Ok((BookingAnswer::Decided(state), changed))
}

/// The person cancels their booking (with a reason the counsellor sees),
/// at least the notice before its start.
pub(in crate::store) fn cancel(
    tx: &Connection,
    person_id: &str,
    booking_id: &str,
    reason: &str,
    now: DateTime<Utc>,
    notice_minutes: u32,
) -> Result<std::result::Result<(), RejectCode>> {
    let Some(held) = held_by(tx, booking_id)? else { return Ok(Err(RejectCode::UnknownBooking)) };
    let (AppointmentStatus::Confirmed, Some(slot)) = (held.status, held.slot) else {
        return Ok(Err(RejectCode::UnknownBooking));
    };
    if held.person_id != person_id {
        return Ok(Err(RejectCode::UnknownBooking));
    }
    if check_notice(slot.starts_at(), now, notice_minutes).is_err() {
        return Ok(Err(RejectCode::TooLateToChange));
    }
    tx.execute(
        "UPDATE bookings SET status = 'cancelled', reason = ?2, decided_at = ?3
         WHERE booking_id = ?1",
        params![booking_id, reason.trim(), timestamp(now)],
    )?;
    Ok(Ok(()))
}

/// A booking as the person who made it sees it.
pub(in crate::store) fn my_booking(tx: &Connection, booking_id: &str) -> Result<MyBooking> {
    let (row, counsellor_name, alternatives, replaced_by): (
        RawRow,
        Option<String>,
        Option<String>,
        Option<String>,
    ) = tx.query_row(
        &format!(
            "SELECT {ROW_COLUMNS}, c.name, b.alternatives, b.replaced_by {ROW_FROM}
             LEFT JOIN people c ON c.person_id = b.counsellor_id
             WHERE b.booking_id = ?1"
        ),
        params![booking_id],
        |r| Ok((read_row(r)?, r.get(15)?, r.get(16)?, r.get(17)?)),
    )?;
    let (slot, row) = row.parse()?;
    Ok(MyBooking {
        booking_id: row.booking_id,
        status: row.status,
        slot,
        alternatives: alternatives.map(|a| parse_json(&a)).transpose()?.unwrap_or_default(),
        counsellor_name,
        topic: row.topic,
        phone: row.phone,
        anonymous: row.anonymous,
        urgency: row.urgency,
        requested_at: row.requested_at,
        accepted: row.accepted,
        proposed: row.proposed,
        reason: row.reason,
        replaced_by,
    })
}

/// The key of anonymous visitors' pseudonyms (made once, with the
/// database; it never leaves the server).
pub(in crate::store) fn pseudonym_key(connection: &Connection) -> Result<String> {
    Ok(connection.query_row(
        "SELECT value FROM server_meta WHERE key = 'pseudonym_key'",
        [],
        |r| r.get(0),
    )?)
}

/// The columns every booking reader takes, in [`read_row`]'s order.
const ROW_COLUMNS: &str = "b.booking_id, b.person_id, p.name, b.anonymous, b.slot, b.status,
    b.phone, b.topic, b.urgency, b.requested_at, b.accepted_at IS NOT NULL, b.proposed, b.reason,
    b.decided_at, n.slot";
/// A moved booking's new time comes from the booking that replaced it.
const ROW_FROM: &str = "FROM bookings b JOIN people p ON p.person_id = b.person_id
    LEFT JOIN bookings n ON n.booking_id = b.replaced_by";

/// A booking row as read, before its JSON columns are parsed.
struct RawRow {
    booking_id: String,
    person_id: String,
    name: String,
    anonymous: bool,
    slot: Option<String>,
    status: String,
    phone: String,
    topic: String,
    urgency: String,
    requested_at: String,
    accepted: bool,
    proposed: Option<String>,
    reason: Option<String>,
    decided_at: String,
    moved_to: Option<String>,
}

fn read_row(r: &rusqlite::Row) -> rusqlite::Result<RawRow> {
    Ok(RawRow {
        booking_id: r.get(0)?,
        person_id: r.get(1)?,
        name: r.get(2)?,
        anonymous: r.get(3)?,
        slot: r.get(4)?,
        status: r.get(5)?,
        phone: r.get(6)?,
        topic: r.get(7)?,
        urgency: r.get(8)?,
        requested_at: r.get(9)?,
        accepted: r.get(10)?,
        proposed: r.get(11)?,
        reason: r.get(12)?,
        decided_at: r.get(13)?,
        moved_to: r.get(14)?,
    })
}

impl RawRow {
    /// Its slot (`None` for a taken request), and the rest, JSON parsed.
    fn parse(self) -> Result<(Option<Slot>, BookingRow)> {
        let slot = self.slot.map(|s| parse_json(&s)).transpose()?;
        let booking = BookingRow {
            booking_id: self.booking_id,
            person_id: self.person_id,
            name: self.name,
            anonymous: self.anonymous,
            status: parse_status(&self.status)?,
            phone: self.phone,
            topic: self.topic,
            urgency: parse_json(&self.urgency)?,
            requested_at: parse_timestamp(&self.requested_at)?,
            accepted: self.accepted,
            proposed: self.proposed.map(|p| parse_json(&p)).transpose()?,
            reason: self.reason,
            decided_at: parse_timestamp(&self.decided_at)?,
            moved_to: self.moved_to.map(|s| parse_json(&s)).transpose()?,
        };
        Ok((slot, booking))
    }
}

/// The counsellor's bookings with a slot from `from` to `to` (school days,
/// both included), in time order.
pub(in crate::store) fn appointments_of(
    connection: &Connection,
    counsellor_id: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<AppointmentRow>> {
    let mut statement = connection.prepare_cached(&format!(
        "SELECT {ROW_COLUMNS} {ROW_FROM}
         WHERE b.counsellor_id = ?1 AND b.slot IS NOT NULL
               AND b.slot_start >= ?2 AND b.slot_start < ?3
         ORDER BY b.slot_start"
    ))?;
    let end = to.succ_opt().unwrap_or(to);
    let rows = statement.query_map(
        params![
            counsellor_id,
            from.format("%Y-%m-%d").to_string(),
            end.format("%Y-%m-%d").to_string()
        ],
        read_row,
    )?;
    let mut appointments = Vec::new();
    for row in rows {
        if let (Some(slot), booking) = row?.parse()? {
            appointments.push(AppointmentRow { slot, booking });
        }
    }
    Ok(appointments)
}

/// A booking's counsellor, status, slot and last decision (`None`: no
/// such booking, or one that holds no slot).
pub(in crate::store) fn booking_slot(
    connection: &Connection,
    booking_id: &str,
) -> Result<Option<BookingSlot>> {
    let row: Option<(String, String, String, String)> = connection
        .query_row(
            "SELECT counsellor_id, status, slot, decided_at FROM bookings
             WHERE booking_id = ?1 AND slot IS NOT NULL",
            params![booking_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((counsellor_id, status, slot, decided_at)) = row else { return Ok(None) };
    let status = AppointmentStatus::parse(&status)
        .ok_or_else(|| StoreError::Corrupt("a booking's status is unknown".into()))?;
    Ok(Some(BookingSlot {
        counsellor_id,
        status,
        slot: parse_json(&slot)?,
        decided_at: parse_timestamp(&decided_at)?,
    }))
}

/// Moves a booking from `from` to `to` (with the reason the person sees);
/// `false` if it was no longer in `from`. The person's phone hears of it
/// through its change log.
pub(in crate::store) fn set_status(
    connection: &mut Connection,
    booking_id: &str,
    from: AppointmentStatus,
    to: AppointmentStatus,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let changed = tx.execute(
        "UPDATE bookings SET status = ?3, reason = COALESCE(?4, reason), decided_at = ?5
         WHERE booking_id = ?1 AND status = ?2",
        params![booking_id, from.as_str(), to.as_str(), reason, timestamp(now)],
    )?;
    logged(tx, booking_id, changed)
}

/// Commits `tx`, with the booking in its person's change log when
/// `changed` says a row changed.
fn logged(tx: rusqlite::Transaction, booking_id: &str, changed: usize) -> Result<bool> {
    if changed == 1 {
        log_bookings(&tx, &[booking_id.to_owned()])?;
    }
    tx.commit()?;
    Ok(changed == 1)
}

/// The counsellor confirms she will take a confirmed booking.
pub(in crate::store) fn accept(
    connection: &mut Connection,
    booking_id: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let changed = tx.execute(
        "UPDATE bookings SET accepted_at = COALESCE(accepted_at, ?2), decided_at = ?2
         WHERE booking_id = ?1 AND status = 'confirmed'",
        params![booking_id, timestamp(now)],
    )?;
    logged(tx, booking_id, changed)
}

/// The counsellor proposes another of her free slots, starting at
/// `start`; `None` when she has no such free slot (the booking is left as
/// it was).
pub(in crate::store) fn propose(
    connection: &mut Connection,
    booking_id: &str,
    counsellor_id: &str,
    start: chrono::NaiveDateTime,
    now: DateTime<Utc>,
) -> Result<Option<Slot>> {
    let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let hers: Vec<DutyPlan> =
        plans(&tx)?.into_iter().filter(|p| p.counsellor_id == counsellor_id).collect();
    let wanted = Wanted::Slot { counsellor_id: counsellor_id.to_owned(), start }.key();
    let taken = taken_keys(&tx)?;
    let Some(slot) = open_slots(&hers, now)
        .into_iter()
        .find(|s| Some(s.key()) == wanted && !taken.contains(&s.key()))
    else {
        return Ok(None);
    };
    let changed = tx.execute(
        "UPDATE bookings SET proposed = ?2, decided_at = ?3
         WHERE booking_id = ?1 AND status = 'confirmed'",
        params![booking_id, to_json(&slot)?, timestamp(now)],
    )?;
    Ok(logged(tx, booking_id, changed)?.then_some(slot))
}

pub(in crate::store) fn save_note(
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
pub(in crate::store) fn note(
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

/// Puts each booking, as it now stands, in its person's change log.
pub(in crate::store) fn log_bookings(tx: &Connection, booking_ids: &[String]) -> Result<()> {
    for booking_id in booking_ids {
        let person_id: String = tx.query_row(
            "SELECT person_id FROM bookings WHERE booking_id = ?1",
            [booking_id],
            |row| row.get(0),
        )?;
        let booking = my_booking(tx, booking_id)?;
        append_change(tx, &person_id, &anxin_domain::sync::PulledChange::Booking(booking))?;
    }
    Ok(())
}
