//! What the people do on their phones: file today's declaration or an
//! earlier day's (within the 14 days the server takes), correct a day
//! with a reason, book a counsellor's slot (several people racing for
//! the same ones), cancel a booking; and, now and then, a change the
//! server must refuse (an old or future day, impossible answers, a blank
//! reason, a booking that does not exist).

use anxin_domain::counselling::booking::{BookingRequest, Urgency, Wanted};
use anxin_domain::counselling::my_bookings::{BookingRecord, LocalCancel, Standing};
use anxin_domain::delivery::Delivery;
use anxin_domain::fixtures::answers_at;
use anxin_domain::privacy::{Consent, Purpose};
use anxin_domain::revision::DayDeclaration;
use anxin_domain::sync::{Change, OLDEST_DECLARATION_DAYS};
use chrono::{Days, NaiveDate};

use crate::server::{COUNSELLOR, SLOT_HOURS};
use crate::world::World;

/// Something the person on `phone` does (on whichever tab: they share
/// the storage).
pub fn act(world: &mut World, phone: usize) {
    match world.rng.below(20) {
        0..=9 => declare(world, phone),
        10..=12 => book(world, phone),
        13..=14 => cancel(world, phone),
        kind => refused_change(world, phone, kind),
    }
}

fn days_ago(today: NaiveDate, days: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(days)).expect("a day in range")
}

/// Files a day of the last 14, or corrects it when this phone has it.
fn declare(world: &mut World, phone: usize) {
    let day = days_ago(world.today, world.rng.below(OLDEST_DECLARATION_DAYS + 1));
    let answers = answers_at(360 + world.rng.below(13) as u16);
    let (id, revision_id) = (world.rng.uuid(), world.rng.uuid());
    let now = world.now;
    let person = world.phones[phone].person.clone();
    let storage = &mut world.phones[phone].storage;
    let reason = match storage.days.get_mut(&day) {
        Some((declaration, delivery)) => {
            let reason = "量错了，重新测量";
            if declaration.correct(revision_id.clone(), answers.clone(), reason, now).is_err() {
                return;
            }
            delivery.resize(declaration.revisions.len(), Delivery::default());
            Some(reason.to_owned())
        }
        None => {
            let declaration =
                DayDeclaration::file(person, day, revision_id.clone(), answers.clone(), now);
            storage.days.insert(day, (declaration, vec![Delivery::default()]));
            None
        }
    };
    let what = if reason.is_some() { "corrects" } else { "files" };
    world.note(format!("phone {phone} {what} {day}"));
    world.ledger.valid.insert(id.clone());
    let change =
        Change::DeclarationRevision { day, revision_id, answers, correction_reason: reason };
    world.phones[phone].queue(id, now, change);
}

/// Books one of the counsellor's slots of the next three days.
fn book(world: &mut World, phone: usize) {
    let day = world.today + Days::new(1 + world.rng.below(3));
    let hour = SLOT_HOURS[world.rng.index(SLOT_HOURS.len())];
    let start = day.and_hms_opt(hour, 0, 0).expect("an hour of the day");
    let booking_id = world.rng.uuid();
    let request = BookingRequest {
        booking_id: booking_id.clone(),
        wanted: Wanted::Slot { counsellor_id: COUNSELLOR.into(), start },
        topic: "考试焦虑".into(),
        phone: "13800000000".into(),
        anonymous: false,
        urgency: Urgency::Soon,
        replaces: None,
    };
    world.note(format!("phone {phone} asks for {start}"));
    let now = world.now;
    if !world.phones[phone].storage.consented {
        let consent_id = world.rng.uuid();
        world.ledger.valid.insert(consent_id.clone());
        let consent =
            Consent { consent_id: consent_id.clone(), purpose: Purpose::Counselling, given: true };
        world.phones[phone].storage.consented = true;
        world.phones[phone].queue(consent_id, now, Change::Consent(consent));
    }
    let storage = &mut world.phones[phone].storage;
    storage.bookings.insert(booking_id.clone(), BookingRecord::new(request.clone(), now));
    // Queued under the booking's own id, as the app does.
    world.phones[phone].queue(booking_id, now, Change::BookingRequest(request));
}

/// Cancels a confirmed booking this phone knows, with a reason.
fn cancel(world: &mut World, phone: usize) {
    let storage = &world.phones[phone].storage;
    let confirmed: Vec<String> = storage
        .bookings
        .values()
        .filter(|r| r.cancel.is_none() && matches!(r.standing(), Standing::Confirmed { .. }))
        .map(|r| r.id().to_owned())
        .collect();
    if confirmed.is_empty() {
        return;
    }
    let booking_id = confirmed[world.rng.index(confirmed.len())].clone();
    let reason = "那天有考试".to_owned();
    let id = world.rng.uuid();
    world.note(format!("phone {phone} cancels {booking_id}"));
    let now = world.now;
    let phone_state = &mut world.phones[phone];
    if let Some(record) = phone_state.storage.bookings.get_mut(&booking_id) {
        record.cancel = Some(LocalCancel { reason: reason.clone(), delivery: Delivery::default() });
    }
    phone_state.queue(id, now, Change::BookingCancel { booking_id, reason });
}

/// A change the server must refuse (from an old app, or a tampered one):
/// queued only, never kept as a record.
fn refused_change(world: &mut World, phone: usize, kind: u64) {
    let today = world.today;
    let oldest = OLDEST_DECLARATION_DAYS + 1;
    let filing = |day: NaiveDate, tenths: u16, reason: Option<&str>, revision_id: String| {
        Change::DeclarationRevision {
            day,
            revision_id,
            answers: answers_at(tenths),
            correction_reason: reason.map(str::to_owned),
        }
    };
    let revision_id = world.rng.uuid();
    let (what, change) = match kind {
        15 => {
            let day = days_ago(today, oldest + world.rng.below(5));
            ("a day too old", filing(day, 365, None, revision_id))
        }
        16 => ("a day to come", filing(today + Days::new(3), 365, None, revision_id)),
        17 => ("a temperature of 46 °C", filing(today, 460, None, revision_id)),
        18 => ("a blank correction reason", filing(today, 365, Some("  "), revision_id)),
        _ => {
            let known = world.phones[phone].storage.bookings.keys().next().cloned();
            match known {
                Some(booking_id) => (
                    "a cancellation without a reason",
                    Change::BookingCancel { booking_id, reason: " ".into() },
                ),
                None => (
                    "a cancellation of no booking",
                    Change::BookingCancel {
                        booking_id: revision_id, reason: "不需要了".into()
                    },
                ),
            }
        }
    };
    let id = world.rng.uuid();
    world.note(format!("phone {phone} sends {what} (to be refused)"));
    world.ledger.invalid.insert(id.clone());
    let now = world.now;
    world.phones[phone].queue(id, now, change);
}
