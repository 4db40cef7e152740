//! How the records a phone keeps take in the server's word: a pulled
//! declaration revision, a pulled booking, and the answer to a booking
//! request or cancellation sent from the phone.

use chrono::NaiveDate;

use crate::counselling::my_bookings::{BookingRecord, Standing};
use crate::counselling::MyBooking;
use crate::delivery::Delivery;
use crate::revision::{DayDeclaration, Revision};
use crate::sync::ServerRevision;

/// Takes in a revision as the server holds it, into a day the phone has:
/// marks it delivered with the server's number, or adds it when it was
/// filed elsewhere (another phone, or before this one lost its storage),
/// before the revisions still waiting to be sent. The delivered revisions
/// are then in the server's order (by its numbers: the last is the one in
/// force, as on the server, even when this phone's filing arrived after
/// another phone's); a revision the server refused, or one waiting to be
/// sent, stays where it was. `delivery` has one state per revision.
pub fn merge_revision(
    declaration: &mut DayDeclaration,
    delivery: &mut Vec<Delivery>,
    server: &ServerRevision,
) {
    delivery.resize(declaration.revisions.len(), Delivery::default());
    match declaration.revisions.iter().position(|r| r.id == server.revision_id) {
        Some(i) => {
            declaration.revisions[i].number = server.number;
            delivery[i] = Delivery::Delivered;
        }
        None => {
            let at = delivery.iter().position(Delivery::is_undelivered).unwrap_or(delivery.len());
            declaration.revisions.insert(
                at,
                Revision {
                    id: server.revision_id.clone(),
                    number: server.number,
                    answers: server.answers.clone(),
                    filled_at: server.device_time,
                    correction_reason: server.correction_reason.clone(),
                },
            );
            delivery.insert(at, Delivery::Delivered);
        }
    }
    in_server_order(declaration, delivery);
}

/// Orders the delivered revisions by the server's numbers, in the places
/// delivered revisions hold (the others do not move).
fn in_server_order(declaration: &mut DayDeclaration, delivery: &[Delivery]) {
    let places: Vec<usize> =
        (0..delivery.len()).filter(|i| delivery[*i] == Delivery::Delivered).collect();
    let mut delivered: Vec<Revision> =
        places.iter().map(|i| declaration.revisions[*i].clone()).collect();
    crate::order::sort_by_key(&mut delivered, |r| r.number);
    for (place, revision) in places.into_iter().zip(delivered) {
        declaration.revisions[place] = revision;
    }
}

/// A day the phone does not have, rebuilt from a pulled revision: only
/// from `keep_from` on (the phone keeps recent days).
pub fn day_from_server(
    person_id: &str,
    server: &ServerRevision,
    keep_from: NaiveDate,
) -> Option<(DayDeclaration, Vec<Delivery>)> {
    if server.day < keep_from {
        return None;
    }
    let mut declaration = DayDeclaration::file(
        person_id,
        server.day,
        server.revision_id.clone(),
        server.answers.clone(),
        server.device_time,
    );
    declaration.revisions[0].number = server.number;
    declaration.revisions[0].correction_reason = server.correction_reason.clone();
    Some((declaration, vec![Delivery::Delivered]))
}

/// The server's answer to a booking request sent from this phone: a
/// decision pulled before the answer came is newer.
pub fn mark_booking(record: &mut BookingRecord, delivery: Delivery) {
    if record.server.is_none() {
        record.delivery = delivery;
    }
}

/// The server's answer to a cancellation sent from this phone. A refusal
/// is kept on the booking, which tells it; a cancellation already pulled
/// is newer than any answer.
pub fn mark_cancel(record: &mut BookingRecord, delivery: Delivery) {
    let cancelled = matches!(record.standing(), Standing::Cancelled { .. });
    if let Some(cancel) = &mut record.cancel {
        if !cancelled {
            cancel.delivery = delivery;
        }
    }
}

/// A pulled booking taken in: into the phone's record of it, or as a new
/// record (made elsewhere, or before this phone lost its storage).
pub fn merge_booking(existing: Option<BookingRecord>, server: &MyBooking) -> BookingRecord {
    match existing {
        Some(mut record) => {
            record.merge(server.clone());
            record
        }
        None => BookingRecord::from_server(server.clone()),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Days, TimeZone, Utc};

    use super::*;
    use crate::fixtures::answers_at;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
    }

    fn server(id: &str, number: u32) -> ServerRevision {
        let at = Utc.with_ymd_and_hms(2026, 3, 2, 1, 0, 0).unwrap();
        ServerRevision {
            day: day(),
            revision_id: id.into(),
            number,
            answers: answers_at(365),
            correction_reason: None,
            device_time: at,
            received_at: at,
            time_flag: None,
        }
    }

    #[test]
    fn test_merge_revision_adds_elsewhere_filed_before_the_unsent() {
        let at = Utc.with_ymd_and_hms(2026, 3, 2, 1, 0, 0).unwrap();
        let mut declaration = DayDeclaration::file("p1", day(), "mine", answers_at(365), at);
        let mut delivery = vec![Delivery::SavedOnDevice];
        merge_revision(&mut declaration, &mut delivery, &server("elsewhere", 1));
        merge_revision(&mut declaration, &mut delivery, &server("mine", 2));
        let ids: Vec<(&str, u32)> =
            declaration.revisions.iter().map(|r| (r.id.as_str(), r.number)).collect();
        assert_eq!(ids, [("elsewhere", 1), ("mine", 2)]);
        assert_eq!(delivery, [Delivery::Delivered, Delivery::Delivered]);
        assert!(day_from_server("p1", &server("old", 1), day() + Days::new(1)).is_none());
        let (rebuilt, states) = day_from_server("p1", &server("new", 3), day()).unwrap();
        assert_eq!((rebuilt.revisions[0].number, states.len()), (3, 1));
    }

    /// This phone's filing was delivered, but another phone's of the same
    /// day reached the server first: the server's numbers decide which is
    /// in force, on the phone as on the server.
    #[test]
    fn test_merge_revision_puts_the_delivered_in_the_servers_order() {
        let at = Utc.with_ymd_and_hms(2026, 3, 2, 1, 0, 0).unwrap();
        let mut declaration = DayDeclaration::file("p1", day(), "mine", answers_at(365), at);
        let mut delivery = vec![Delivery::Delivered];
        declaration.correct("refused", answers_at(366), "typo", at).unwrap();
        delivery.push(Delivery::Rejected { code: "invalid_answers".into() });
        merge_revision(&mut declaration, &mut delivery, &server("elsewhere", 1));
        merge_revision(&mut declaration, &mut delivery, &server("mine", 2));
        let ids: Vec<(&str, u32)> =
            declaration.revisions.iter().map(|r| (r.id.as_str(), r.number)).collect();
        assert_eq!(ids, [("elsewhere", 1), ("refused", 2), ("mine", 2)]);
        assert_eq!(declaration.current().id, "mine");
    }
}
