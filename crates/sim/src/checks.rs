//! The invariants checked after every run, once a final quiet sync has
//! run on a good network:
//! - no acknowledged change lost; no change stored twice;
//! - each phone's view of its person's records is the server's;
//! - each counselling slot is held at most once;
//! - the server's order is the order every phone sees (the cursor always
//!   moves on; a day's revisions are numbered in that order);
//! - a change the server must refuse is set aside, and never blocks the
//!   rest (every outbox empties);
//! - every mutation gets the same answer each time it is sent.

use std::collections::{BTreeMap, BTreeSet};

use anxin_domain::counselling::my_bookings::BookingRecord;
use anxin_domain::counselling::AppointmentStatus;
use anxin_domain::delivery::Delivery;
use anxin_domain::sync::Change;

use crate::server_view::ServerView;
use crate::world::World;

struct Checker<'a> {
    checks: u64,
    violations: &'a mut Vec<String>,
}

impl Checker<'_> {
    fn expect(&mut self, holds: bool, what: impl FnOnce() -> String) {
        self.checks += 1;
        if !holds {
            self.violations.push(what());
        }
    }
}

/// Checks every invariant; returns how many checks ran (the violations go
/// to the world's ledger).
pub async fn check(world: &mut World) -> u64 {
    let people: BTreeSet<String> = world.phones.iter().map(|p| p.person.clone()).collect();
    let mut views = BTreeMap::new();
    for person in &people {
        views.insert(person.clone(), ServerView::read(&world.server, person).await);
    }
    let mut violations = std::mem::take(&mut world.ledger.violations);
    let mut c = Checker { checks: 0, violations: &mut violations };
    check_server(&mut c, &views);
    check_ledger(&mut c, world, &views);
    check_phones(&mut c, world, &views);
    let checks = c.checks;
    world.ledger.violations = violations;
    checks
}

/// Nothing stored twice, numbered in the server's order, no slot twice.
fn check_server(c: &mut Checker, views: &BTreeMap<String, ServerView>) {
    let mut ids = BTreeSet::new();
    let mut slots = BTreeSet::new();
    for (person, view) in views {
        for disorder in &view.disorder {
            c.expect(false, || format!("the cursor went wrong: {disorder}"));
        }
        for revision in &view.revisions {
            let id = &revision.revision_id;
            c.expect(ids.insert(id.clone()), || format!("revision {id} is stored twice"));
        }
        let days: BTreeSet<_> = view.revisions.iter().map(|r| r.day).collect();
        for day in days {
            let numbers: Vec<u32> = view.day(day).iter().map(|r| r.number).collect();
            let expected: Vec<u32> = (1..=numbers.len() as u32).collect();
            c.expect(numbers == expected, || {
                format!("{person} {day}: revisions numbered {numbers:?} in the server's order")
            });
        }
        for booking in view.bookings.values() {
            if booking.status == AppointmentStatus::Confirmed {
                let key = booking.slot.as_ref().map(|s| (s.counsellor_id.clone(), s.start));
                c.expect(key.is_some_and(|k| slots.insert(k)), || {
                    format!("slot of booking {} is held twice", booking.booking_id)
                });
            }
        }
    }
}

/// What was acknowledged is held; what had to be refused was, and what
/// had to be taken was.
fn check_ledger(c: &mut Checker, world: &World, views: &BTreeMap<String, ServerView>) {
    for (person, mutation) in &world.ledger.acknowledged {
        let view = &views[person];
        let held = match &mutation.change {
            Change::DeclarationRevision { revision_id, .. } => {
                view.revisions.iter().any(|r| &r.revision_id == revision_id)
            }
            Change::BookingRequest(request) => view.bookings.contains_key(&request.booking_id),
            Change::BookingCancel { booking_id, .. } => view
                .bookings
                .get(booking_id)
                .is_some_and(|b| b.status == AppointmentStatus::Cancelled),
            _ => true,
        };
        c.expect(held, || format!("acknowledged {} of {person} is lost", mutation.id));
    }
    for id in world.ledger.invalid.difference(&world.ledger.lost) {
        let refused = matches!(world.ledger.answer(id), Some(Err(_)));
        c.expect(refused, || {
            format!("mutation {id} had to be refused: {:?}", world.ledger.answer(id))
        });
    }
    for id in world.ledger.valid.difference(&world.ledger.lost) {
        let taken = matches!(world.ledger.answer(id), Some(Ok(())));
        c.expect(taken, || format!("mutation {id} had to be taken: {:?}", world.ledger.answer(id)));
    }
}

/// Every outbox is empty and every phone shows what the server holds.
fn check_phones(c: &mut Checker, world: &World, views: &BTreeMap<String, ServerView>) {
    let keep_from = anxin_domain::sync::round::keep_from(world.today);
    for (n, phone) in world.phones.iter().enumerate() {
        let storage = &phone.storage;
        let view = &views[&phone.person];
        let left = storage.outbox.pending().len();
        c.expect(left == 0, || format!("phone {n}: {left} changes never left the outbox"));
        let mut days: BTreeSet<_> = view.revisions.iter().map(|r| r.day).collect();
        days.retain(|d| *d >= keep_from);
        days.extend(storage.days.keys().copied());
        for day in days {
            let server: Vec<(String, u32)> =
                view.day(day).iter().map(|r| (r.revision_id.clone(), r.number)).collect();
            let mine: Vec<(String, u32)> =
                storage.days.get(&day).map_or(Vec::new(), |(d, states)| {
                    d.revisions
                        .iter()
                        .zip(states)
                        .filter(|(_, s)| **s == Delivery::Delivered)
                        .map(|(r, _)| (r.id.clone(), r.number))
                        .collect()
                });
            c.expect(mine == server, || {
                format!("phone {n} {day}: shows {mine:?}, the server holds {server:?}")
            });
            let unsettled = storage
                .days
                .get(&day)
                .is_some_and(|(_, states)| states.iter().any(Delivery::is_undelivered));
            c.expect(!unsettled, || format!("phone {n} {day}: a revision still undelivered"));
        }
        for (id, booking) in &view.bookings {
            let kept = BookingRecord::from_server(booking.clone()).keep(world.today);
            let mine = storage.bookings.get(id).and_then(|r| r.server.as_ref());
            c.expect(!kept || mine == Some(booking), || {
                format!("phone {n} booking {id}: shows {mine:?}, the server holds {booking:?}")
            });
        }
        for (id, record) in &storage.bookings {
            let on_server = view.bookings.get(id);
            let refused = matches!(record.delivery, Delivery::Rejected { .. });
            c.expect(on_server.is_some() != refused, || {
                format!(
                    "phone {n} booking {id}: delivery {:?}, on the server {}",
                    record.delivery,
                    on_server.is_some()
                )
            });
            if let (Some(cancel), Some(server)) = (&record.cancel, on_server) {
                let cancelled = server.status == AppointmentStatus::Cancelled;
                let shown = cancel.delivery == Delivery::Delivered;
                c.expect(cancelled == shown, || {
                    format!(
                        "phone {n} booking {id}: cancellation {:?}, server {:?}",
                        cancel.delivery, server.status
                    )
                });
            }
        }
    }
}
