//! Counselling: published duty plans, and booking requests decided one at
//! a time inside the engine's write transaction, with the slot held by a
//! unique index (`bookings_one_per_slot`). The decisions are the domain's
//! (`counselling::decide`); this reads their facts and writes their outcome.

use std::collections::HashSet;

use anxin_domain::counselling::booking::{BookingRequest, BookingState};
use anxin_domain::counselling::decide::{
    answer_again, decide_request as decide, may_cancel, proposal, Again, Held, MoveChange,
    RequestFacts, RequestOutcome, HORIZON_DAYS,
};
use anxin_domain::counselling::note::SealedNote;
use anxin_domain::counselling::{
    AppointmentStatus, CounsellorPlan, DutyPlan, MyBooking, Schedule, Slot, Urgency,
    CRISIS_KEY_MARK,
};
use anxin_domain::local_day;
use anxin_domain::privacy::Purpose;
use anxin_domain::sync::RejectCode;
use chrono::{DateTime, NaiveDate, Utc};

use super::change_log::append_change;
use super::codec::{parse_json, parse_timestamp, texts, timestamp, to_json};
use super::privacy;
use crate::store::sql::{args, Row, Sql};
use crate::store::{AppointmentRow, BookingAnswer, BookingRow, BookingSlot, Result, StoreError};

/// The statuses of a booking that holds its slot.
pub(in crate::store) const HOLDING: &str = "('confirmed', 'completed', 'no_show')";

pub(in crate::store) fn publish_plan(
    tx: &dyn Sql,
    plan: &DutyPlan,
    now: DateTime<Utc>,
) -> Result<()> {
    let before: Option<DutyPlan> = tx
        .query_opt(
            "SELECT plan FROM duty_plans WHERE counsellor_id = ?1",
            args![&plan.counsellor_id],
        )?
        .map(|row| parse_json(row.text(0)?))
        .transpose()?;
    tx.execute(
        "INSERT INTO duty_plans (counsellor_id, plan, published_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (counsellor_id) DO UPDATE SET plan = excluded.plan,
             published_at = excluded.published_at",
        args![&plan.counsellor_id, to_json(plan)?, timestamp(now)],
    )?;
    // New duty hours: offered to those waiting for them.
    super::waitlist::follow_plan(tx, before.as_ref(), plan, now)
}

/// The plans of counsellors still on the roster: a leaver's slots are
/// neither offered nor given.
pub(in crate::store) fn plans(tx: &dyn Sql) -> Result<Vec<DutyPlan>> {
    let rows = tx.query(
        "SELECT d.plan FROM duty_plans d JOIN people p ON p.person_id = d.counsellor_id
         WHERE p.active = 1 ORDER BY d.counsellor_id",
        args![],
    )?;
    rows.iter().map(|row| parse_json(row.text(0)?)).collect()
}

/// A slot's start as stored: the school's wall clock, sortable as text.
fn slot_start_text(slot: &Slot) -> String {
    slot.start.format("%Y-%m-%dT%H:%M").to_string()
}

/// The published plans with their counsellors' names, and the slots booked
/// from today on.
pub(in crate::store) fn schedule(tx: &dyn Sql, now: DateTime<Utc>) -> Result<Schedule> {
    let rows = tx.query(
        "SELECT p.name, d.plan FROM duty_plans d JOIN people p ON p.person_id = d.counsellor_id
         WHERE p.active = 1 ORDER BY d.counsellor_id",
        args![],
    )?;
    let mut counsellors = Vec::with_capacity(rows.len());
    for row in rows {
        counsellors.push(CounsellorPlan { name: row.get(0)?, plan: parse_json(row.text(1)?)? });
    }
    let today = local_day(now).format("%Y-%m-%d").to_string();
    // Extra crisis call-backs hold no slot of a plan, and that someone asked
    // for one is nobody else's business: left out.
    let taken = tx
        .query(
            &format!(
                "SELECT slot_key FROM bookings WHERE status IN {HOLDING} AND slot_start >= ?1
                     AND instr(slot_key, ?2) = 0
                 ORDER BY slot_start"
            ),
            args![today, CRISIS_KEY_MARK],
        )?
        .iter()
        .map(|row| row.get(0))
        .collect::<Result<Vec<String>>>()?;
    Ok(Schedule { counsellors, taken, horizon_days: HORIZON_DAYS as u32 })
}

/// The keys of every slot that is held.
fn taken_keys(tx: &dyn Sql) -> Result<HashSet<String>> {
    tx.query(&format!("SELECT slot_key FROM bookings WHERE status IN {HOLDING}"), args![])?
        .iter()
        .map(|row| row.get(0))
        .collect()
}

/// The person's confirmed bookings that hold a slot, with their urgency;
/// only those of `urgency` when given.
pub(in crate::store) fn confirmed_bookings(
    tx: &dyn Sql,
    person_id: &str,
    urgency: Option<Urgency>,
) -> Result<Vec<(String, Slot, Urgency)>> {
    let rows = tx.query(
        "SELECT booking_id, slot, urgency FROM bookings
         WHERE person_id = ?1 AND status = 'confirmed' AND slot IS NOT NULL",
        args![person_id],
    )?;
    let mut bookings = Vec::with_capacity(rows.len());
    for row in &rows {
        let kind: Urgency = parse_json(row.text(2)?)?;
        if urgency.is_none_or(|u| u == kind) {
            bookings.push((row.get(0)?, parse_json(row.text(1)?)?, kind));
        }
    }
    Ok(bookings)
}

/// Decides a request, once: the same id again gets the same answer. Run
/// inside the engine's write transaction.
pub(in crate::store) fn request_booking(
    tx: &dyn Sql,
    person_id: &str,
    request: &BookingRequest,
    now: DateTime<Utc>,
    notice_minutes: u32,
) -> Result<BookingAnswer> {
    let (answer, changed) = decide_request(tx, person_id, request, now, notice_minutes)?;
    log_bookings(tx, &changed)?;
    Ok(answer)
}

/// A booking's owner, status, slot (or alternatives) and successor.
fn held_by(tx: &dyn Sql, booking_id: &str) -> Result<Option<Held>> {
    let Some(row) = tx.query_opt(
        "SELECT person_id, status, slot, alternatives, replaced_by FROM bookings
         WHERE booking_id = ?1",
        args![booking_id],
    )?
    else {
        return Ok(None);
    };
    Ok(Some(Held {
        person_id: row.get(0)?,
        status: parse_status(row.text(1)?)?,
        slot: row.text_opt(2)?.map(parse_json).transpose()?,
        alternatives: row.text_opt(3)?.map(parse_json).transpose()?.unwrap_or_default(),
        replaced_by: row.get(4)?,
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
    tx: &dyn Sql,
    person_id: &str,
    request: &BookingRequest,
    now: DateTime<Utc>,
    notice_minutes: u32,
) -> Result<(BookingAnswer, Vec<String>)> {
    if let Some(held) = held_by(tx, &request.booking_id)? {
        let answer = match answer_again(&held, person_id) {
            Again::Decided(state) => BookingAnswer::Decided(state),
            Again::IdOfAnotherPerson => BookingAnswer::IdOfAnotherPerson,
        };
        return Ok((answer, Vec::new()));
    }
    let moving = match &request.replaces {
        Some(replacing) => held_by(tx, &replacing.booking_id)?,
        None => None,
    };
    let held = confirmed_bookings(tx, person_id, None)?;
    let call_backs: Vec<(String, Slot)> = held
        .iter()
        .filter(|(_, _, urgency)| *urgency == Urgency::Crisis)
        .map(|(id, slot, _)| (id.clone(), slot.clone()))
        .collect();
    let confirmed: Vec<(String, Slot)> = held.into_iter().map(|(id, slot, _)| (id, slot)).collect();
    let consented = privacy::latest_consent(tx, person_id, Purpose::Counselling)?;
    let plans = plans(tx)?;
    let taken = taken_keys(tx)?;
    let facts = RequestFacts {
        person_id,
        request,
        moving: moving.as_ref(),
        confirmed: &confirmed,
        plans: &plans,
        taken: &taken,
        now,
        notice_minutes,
        consented,
        call_backs: &call_backs,
    };
    let booking = match decide(&facts) {
        RequestOutcome::Refused(code) => return Ok((BookingAnswer::Refused(code), Vec::new())),
        RequestOutcome::Booked(booking) => booking,
    };
    let (status, slot, alternatives) = match &booking.state {
        BookingState::Confirmed(slot) => {
            ("confirmed", Some((to_json(slot)?, slot_start_text(slot))), None)
        }
        BookingState::SlotTaken { alternatives } => {
            ("slot_taken", None, Some(to_json(alternatives)?))
        }
    };
    let (slot_json, slot_start) = slot.unzip();
    let now_text = timestamp(now);
    tx.execute(
        "INSERT INTO bookings (booking_id, person_id, counsellor_id, slot_key, slot, slot_start,
             topic, phone, anonymous, urgency, status, alternatives, requested_at, decided_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
        args![
            &request.booking_id,
            person_id,
            booking.counsellor_id.as_deref(),
            booking.slot_key.as_deref(),
            slot_json,
            slot_start,
            request.topic.trim(),
            request.phone.trim(),
            request.anonymous,
            to_json(&request.urgency)?,
            status,
            alternatives,
            &now_text
        ],
    )?;
    let mut changed = vec![request.booking_id.clone()];
    if let Some(moved) = booking.moved {
        match &moved.change {
            MoveChange::Cancel { reason } => {
                tx.execute(
                    "UPDATE bookings SET replaced_by = ?2, decided_at = ?3,
                         status = 'cancelled', reason = ?4
                     WHERE booking_id = ?1",
                    args![&moved.booking_id, &request.booking_id, &now_text, reason],
                )?;
            }
            MoveChange::FollowedUp => {
                tx.execute(
                    "UPDATE bookings SET replaced_by = ?2, decided_at = ?3 WHERE booking_id = ?1",
                    args![&moved.booking_id, &request.booking_id, &now_text],
                )?;
            }
            MoveChange::Kept => {}
        }
        changed.push(moved.booking_id);
    }
    Ok((BookingAnswer::Decided(booking.state), changed))
}

/// The person cancels their booking (with a reason the counsellor sees),
/// at least the notice before its start.
pub(in crate::store) fn cancel(
    tx: &dyn Sql,
    person_id: &str,
    booking_id: &str,
    reason: &str,
    now: DateTime<Utc>,
    notice_minutes: u32,
) -> Result<std::result::Result<(), RejectCode>> {
    let held = held_by(tx, booking_id)?;
    if let Err(code) = may_cancel(held.as_ref(), person_id, now, notice_minutes) {
        return Ok(Err(code));
    }
    mark_cancelled(tx, booking_id, reason.trim(), now)?;
    Ok(Ok(()))
}

/// Cancels a booking with the reason its counsellor reads (the person's,
/// or a withdrawn consent's).
pub(in crate::store) fn mark_cancelled(
    tx: &dyn Sql,
    booking_id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "UPDATE bookings SET status = 'cancelled', reason = ?2, decided_at = ?3
         WHERE booking_id = ?1",
        args![booking_id, reason, timestamp(now)],
    )?;
    Ok(())
}

/// A booking as the person who made it sees it.
pub(in crate::store) fn my_booking(tx: &dyn Sql, booking_id: &str) -> Result<MyBooking> {
    let r = tx.query_one(
        &format!(
            "SELECT {ROW_COLUMNS}, c.name, b.alternatives, b.replaced_by {ROW_FROM}
             LEFT JOIN people c ON c.person_id = b.counsellor_id
             WHERE b.booking_id = ?1"
        ),
        args![booking_id],
    )?;
    let counsellor_name = r.get(15)?;
    let alternatives = r.text_opt(16)?.map(parse_json).transpose()?.unwrap_or_default();
    let replaced_by = r.get(17)?;
    let (slot, row) = read_row(&r)?.parse()?;
    Ok(MyBooking {
        booking_id: row.booking_id,
        status: row.status,
        slot,
        alternatives,
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
pub(in crate::store) fn pseudonym_key(tx: &dyn Sql) -> Result<String> {
    tx.query_one("SELECT value FROM server_meta WHERE key = 'pseudonym_key'", args![])?.get(0)
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

fn read_row(r: &Row) -> Result<RawRow> {
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
    tx: &dyn Sql,
    counsellor_id: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<AppointmentRow>> {
    let end = to.succ_opt().unwrap_or(to);
    let rows = tx.query(
        &format!(
            "SELECT {ROW_COLUMNS} {ROW_FROM}
             WHERE b.counsellor_id = ?1 AND b.slot IS NOT NULL
                   AND b.slot_start >= ?2 AND b.slot_start < ?3
             ORDER BY b.slot_start"
        ),
        args![
            counsellor_id,
            from.format("%Y-%m-%d").to_string(),
            end.format("%Y-%m-%d").to_string()
        ],
    )?;
    let mut appointments = Vec::with_capacity(rows.len());
    for row in &rows {
        if let (Some(slot), booking) = read_row(row)?.parse()? {
            appointments.push(AppointmentRow { slot, booking });
        }
    }
    Ok(appointments)
}

/// A booking's counsellor, status, slot and last decision (`None`: no
/// such booking, or one that holds no slot).
pub(in crate::store) fn booking_slot(
    tx: &dyn Sql,
    booking_id: &str,
) -> Result<Option<BookingSlot>> {
    let Some(row) = tx.query_opt(
        "SELECT counsellor_id, status, slot, decided_at FROM bookings
         WHERE booking_id = ?1 AND slot IS NOT NULL",
        args![booking_id],
    )?
    else {
        return Ok(None);
    };
    let [counsellor_id, status, slot, decided_at] = texts(&row, 0)?;
    Ok(Some(BookingSlot {
        counsellor_id,
        status: parse_status(&status)?,
        slot: parse_json(&slot)?,
        decided_at: parse_timestamp(&decided_at)?,
    }))
}

/// Moves a booking from `from` to `to` (with the reason the person sees);
/// `false` if it was no longer in `from` (the counsellor decided on `from`:
/// the write holds only while it stands). The person's phone hears of it
/// through its change log. Run inside the engine's write transaction.
pub(in crate::store) fn set_status(
    tx: &dyn Sql,
    booking_id: &str,
    from: AppointmentStatus,
    to: AppointmentStatus,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let changed = tx.execute(
        "UPDATE bookings SET status = ?3, reason = COALESCE(CAST(?4 AS TEXT), reason),
             decided_at = ?5
         WHERE booking_id = ?1 AND status = ?2",
        args![booking_id, from.as_str(), to.as_str(), reason, timestamp(now)],
    )?;
    logged(tx, booking_id, changed)
}

/// Puts the booking in its person's change log when `changed` says a row
/// changed; whether one did.
fn logged(tx: &dyn Sql, booking_id: &str, changed: usize) -> Result<bool> {
    if changed == 1 {
        log_bookings(tx, &[booking_id.to_owned()])?;
    }
    Ok(changed == 1)
}

/// The counsellor confirms she will take a confirmed booking (`false` if
/// it is no longer confirmed). Run inside the engine's write transaction.
pub(in crate::store) fn accept(tx: &dyn Sql, booking_id: &str, now: DateTime<Utc>) -> Result<bool> {
    let changed = tx.execute(
        "UPDATE bookings SET accepted_at = COALESCE(accepted_at, ?2), decided_at = ?2
         WHERE booking_id = ?1 AND status = 'confirmed'",
        args![booking_id, timestamp(now)],
    )?;
    logged(tx, booking_id, changed)
}

/// The counsellor proposes another of her free slots, starting at
/// `start`; `None` when she has no such free slot (the booking is left as
/// it was). Run inside the engine's write transaction.
pub(in crate::store) fn propose(
    tx: &dyn Sql,
    booking_id: &str,
    counsellor_id: &str,
    start: chrono::NaiveDateTime,
    now: DateTime<Utc>,
) -> Result<Option<Slot>> {
    let plans = plans(tx)?;
    let taken = taken_keys(tx)?;
    let Some(slot) = proposal(&plans, &taken, counsellor_id, start, now) else {
        return Ok(None);
    };
    let changed = tx.execute(
        "UPDATE bookings SET proposed = ?2, decided_at = ?3
         WHERE booking_id = ?1 AND status = 'confirmed'",
        args![booking_id, to_json(&slot)?, timestamp(now)],
    )?;
    Ok(logged(tx, booking_id, changed)?.then_some(slot))
}

pub(in crate::store) fn save_note(
    tx: &dyn Sql,
    booking_id: &str,
    author_id: &str,
    sealed: &SealedNote,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO counselling_notes (booking_id, author_id, sealed, updated_at)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (booking_id) DO UPDATE SET sealed = excluded.sealed,
             updated_at = excluded.updated_at
         WHERE counselling_notes.author_id = excluded.author_id",
        args![booking_id, author_id, to_json(sealed)?, timestamp(now)],
    )?;
    Ok(())
}

/// The note of a booking and its author.
pub(in crate::store) fn note(
    tx: &dyn Sql,
    booking_id: &str,
) -> Result<Option<(String, SealedNote)>> {
    let row = tx.query_opt(
        "SELECT author_id, sealed FROM counselling_notes WHERE booking_id = ?1",
        args![booking_id],
    )?;
    row.map(|row| Ok((row.get(0)?, parse_json(row.text(1)?)?))).transpose()
}

/// Puts each booking, as it now stands, in its person's change log.
pub(in crate::store) fn log_bookings(tx: &dyn Sql, booking_ids: &[String]) -> Result<()> {
    for booking_id in booking_ids {
        let person_id: String = tx
            .query_one("SELECT person_id FROM bookings WHERE booking_id = ?1", args![booking_id])?
            .get(0)?;
        let booking = my_booking(tx, booking_id)?;
        append_change(tx, &person_id, &anxin_domain::sync::PulledChange::Booking(booking))?;
        // A slot let go is offered to those waiting; one taken is gone.
        super::waitlist::follow_booking(tx, booking_id)?;
    }
    Ok(())
}
