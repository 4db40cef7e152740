//! One sync round of a phone, as the app's engine runs it, with the
//! domain's decisions (`anxin_domain::sync::round`): send the outbox batch
//! by batch and take each answer in, then pull page by page from the
//! stored cursor and merge what comes. Any failure ends the round with
//! the outbox as it is.

use anxin_domain::sync::round::{self, AfterPush, FailedRequest};
use anxin_domain::sync::{PullResponse, PulledChange, PushRequest, PROTOCOL_VERSION};
use anxin_domain::ErrorBody;
use axum::http::StatusCode;

use crate::server::Reply;
use crate::world::World;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundEnd {
    Done,
    Failed,
}

/// What a refused request means for the round (the engine's `failed`).
fn refused(world: &mut World, phone: usize, reply: &Reply) -> RoundEnd {
    let code = serde_json::from_slice::<ErrorBody>(&reply.body)
        .ok()
        .and_then(|body| anxin_domain::ErrorCode::parse(&body.error.code));
    let unauthenticated = reply.status == StatusCode::UNAUTHORIZED;
    let judged = round::judge_failure(unauthenticated, code);
    world.note(format!("phone {phone}: refused {} ({judged:?})", reply.status));
    if judged == FailedRequest::NewClient {
        world.phones[phone].storage.client_id = None;
    }
    RoundEnd::Failed
}

pub async fn sync_round(world: &mut World, phone: usize, tab: u8) -> RoundEnd {
    world.note(format!("phone {phone} tab {tab} syncs"));
    let client_id = match world.phones[phone].storage.client_id.clone() {
        Some(id) => id,
        None => {
            let id = world.rng.uuid();
            world.phones[phone].storage.renumber(id.clone());
            id
        }
    };
    while let Some(batch) = round::next_batch(&world.phones[phone].storage.outbox) {
        let request = PushRequest {
            protocol_version: PROTOCOL_VERSION,
            client_id: client_id.clone(),
            mutations: batch.to_vec(),
        };
        let Some(reply) = world.push(phone, &request).await else { return RoundEnd::Failed };
        if reply.status != StatusCode::OK {
            return refused(world, phone, &reply);
        }
        let response = serde_json::from_slice(&reply.body).expect("a push answer reads");
        if world.take_answer(phone, &response).then == AfterPush::Renumber {
            world.note(format!("phone {phone}: everything deferred, renumbering"));
            world.phones[phone].storage.client_id = None;
            return RoundEnd::Failed;
        }
    }
    pull(world, phone).await
}

async fn pull(world: &mut World, phone: usize) -> RoundEnd {
    let keep_from = round::keep_from(world.today);
    loop {
        let cursor = world.phones[phone].storage.cursor;
        let mut path = round::pull_path(cursor);
        if world.phones[phone].page_limit > 0 {
            path.push_str(&format!("&limit={}", world.phones[phone].page_limit));
        }
        let Some(reply) = world.pull(phone, &path).await else { return RoundEnd::Failed };
        if reply.status != StatusCode::OK {
            return refused(world, phone, &reply);
        }
        let page: PullResponse = serde_json::from_slice(&reply.body).expect("a pull page reads");
        // The server's order is the order every phone sees.
        let moved_on =
            if page.changes.is_empty() { page.cursor == cursor } else { page.cursor > cursor };
        if !moved_on {
            world.ledger.violations.push(format!(
                "phone {phone} pulled from cursor {cursor} and was sent back to {} ({} changes)",
                page.cursor,
                page.changes.len()
            ));
        }
        let person = world.phones[phone].person.clone();
        let today = world.today;
        let storage = &mut world.phones[phone].storage;
        for change in &page.changes {
            match change {
                PulledChange::DeclarationRevision(revision) => {
                    match storage.days.get_mut(&revision.day) {
                        Some((declaration, delivery)) => {
                            round::merge_revision(declaration, delivery, revision)
                        }
                        None => {
                            if let Some(day) = round::day_from_server(&person, revision, keep_from)
                            {
                                storage.days.insert(revision.day, day);
                            }
                        }
                    }
                }
                PulledChange::Booking(booking) => {
                    let existing = storage.bookings.remove(&booking.booking_id);
                    let record = round::merge_booking(existing, booking);
                    if record.keep(today) {
                        storage.bookings.insert(booking.booking_id.clone(), record);
                    }
                }
                // Notes and applications: not made in the simulation.
                _ => {}
            }
        }
        storage.cursor = page.cursor;
        if !page.more {
            storage.bookings.retain(|_, record| record.keep(today));
            return RoundEnd::Done;
        }
    }
}
