//! The server's decisions on a push, as pure functions over the facts a
//! store reads: the store reads the facts, calls these, and writes what
//! they say, in one transaction. Any backend gives the same answers.

use chrono::{DateTime, NaiveDate, Utc};

use super::judge::{checked_answers, judge_device_time};
use super::wire::{Change, Outcome, RejectCode, ServerRevision};
use crate::declaration::{DeclarationAnswers, FieldError};

/// A mutation's decision as the server keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decided {
    Applied,
    Rejected { code: RejectCode, fields: Vec<FieldError> },
}

impl Decided {
    /// The answer to the same mutation sent again: applied once is a
    /// duplicate now; a refusal is final and said again.
    pub fn again(self) -> Outcome {
        match self {
            Decided::Applied => Outcome::Duplicate,
            Decided::Rejected { code, fields } => Outcome::Rejected { code, fields },
        }
    }
}

fn refused(code: RejectCode) -> Outcome {
    Outcome::Rejected { code, fields: Vec::new() }
}

/// A sequence this client had decided before: the same answer again when
/// it is the same mutation (a lost answer retried), a refusal when the
/// device reused the sequence for another.
pub fn answer_for_decided_seq(earlier: Option<(&str, Decided)>, mutation_id: &str) -> Outcome {
    match earlier {
        Some((id, decided)) if id == mutation_id => decided.again(),
        _ => refused(RejectCode::IdReused),
    }
}

/// A mutation id decided before under another client id or sequence (a
/// device that renumbered its queue): its first answer again; under
/// another person's name, the id was reused.
pub fn answer_for_known_id(owner: &str, person_id: &str, decided: Decided) -> Outcome {
    if owner != person_id {
        return refused(RejectCode::IdReused);
    }
    decided.again()
}

/// Whether a change writes the sender's own records (their declarations,
/// bookings, return applications, the notice they saw and their
/// consents), which only declarants may; every
/// other kind is checked against the access table on its own.
pub fn writes_own_records(change: &Change) -> bool {
    matches!(
        change,
        Change::DeclarationRevision { .. }
            | Change::BookingRequest(_)
            | Change::BookingCancel { .. }
            | Change::ReturnApply(_)
            | Change::NoticeSeen(_)
            | Change::Consent(_)
            | Change::Wellbeing(_)
            | Change::DeletionRequest(_)
            | Change::WaitlistJoin(_)
            | Change::WaitlistLeave { .. }
    )
}

/// What the store knows about a declaration revision being filed.
#[derive(Debug, Clone, Copy)]
pub struct RevisionFacts<'a> {
    /// Who holds a revision with this id already, if anyone.
    pub holder: Option<&'a str>,
    /// The number the person's next revision of that day would have.
    pub next_number: u32,
}

/// A declaration revision filed by `person_id`.
#[derive(Debug, Clone, Copy)]
pub struct Filing<'a> {
    pub day: NaiveDate,
    pub revision_id: &'a str,
    pub answers: &'a DeclarationAnswers,
    pub correction_reason: Option<&'a str>,
    pub device_time: DateTime<Utc>,
    pub received_at: DateTime<Utc>,
}

/// The revision to store, or the answer instead: the same revision again
/// is a duplicate, another person's revision id is refused. One
/// declaration per person per day: anything after the first is its next
/// revision, in the server's order of arrival; the device's time is kept
/// as told, or clamped and flagged.
pub fn decide_revision(
    person_id: &str,
    facts: RevisionFacts,
    filing: Filing,
) -> Result<ServerRevision, Outcome> {
    match facts.holder {
        Some(owner) if owner == person_id => return Err(Outcome::Duplicate),
        Some(_) => return Err(refused(RejectCode::IdReused)),
        None => {}
    }
    // What is stored is what was checked, not what came along with it.
    let answers = checked_answers(filing.answers, filing.day)
        .map_err(|fields| Outcome::Rejected { code: RejectCode::InvalidAnswers, fields })?;
    let (device_time, time_flag) = judge_device_time(filing.device_time, filing.received_at);
    Ok(ServerRevision {
        day: filing.day,
        revision_id: filing.revision_id.to_owned(),
        number: facts.next_number,
        answers,
        correction_reason: filing.correction_reason.map(|r| r.trim().to_owned()),
        device_time,
        received_at: filing.received_at,
        time_flag,
    })
}

/// Where a mutation stands in its device's sequence, against the highest
/// sequence the server has decided for that device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Decided before: answered as then (see [`answer_for_decided_seq`]).
    Decided,
    /// The next one: decided now, and the device's sequence moves on.
    Next,
    /// A gap before it (an earlier one is missing): not decided yet, the
    /// device sends it again after the missing one ([`Outcome::Deferred`]).
    Ahead,
}

/// Each (device, sequence) is decided once and in order.
pub fn place_in_sequence(seq: u64, decided_through: u64) -> Place {
    if seq <= decided_through {
        Place::Decided
    } else if seq == decided_through + 1 {
        Place::Next
    } else {
        Place::Ahead
    }
}

/// Whether a push of `mutations` emptied its device's queue: one shorter
/// than a full batch did, so what the device files later was filed after
/// it (a device time before it, a clock set back, is doubted).
pub fn drains_queue(mutations: usize) -> bool {
    mutations < super::MAX_BATCH_MUTATIONS
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::fixtures::normal_answers;
    use crate::sync::TimeFlag;

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 0, 30, 0).unwrap()
    }

    fn filing<'a>(answers: &'a DeclarationAnswers, device_time: DateTime<Utc>) -> Filing<'a> {
        Filing {
            day: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            revision_id: "r1",
            answers,
            correction_reason: Some("  体温计读错了 "),
            device_time,
            received_at: at(),
        }
    }

    #[test]
    fn test_a_new_revision_takes_the_next_number_and_a_trimmed_reason() {
        let answers = normal_answers();
        let facts = RevisionFacts { holder: None, next_number: 3 };
        let revision = decide_revision("p", facts, filing(&answers, at())).unwrap();
        assert_eq!((revision.number, revision.time_flag), (3, None));
        assert_eq!(revision.correction_reason.as_deref(), Some("体温计读错了"));
    }

    #[test]
    fn test_a_device_clock_in_the_future_is_clamped_and_flagged() {
        let answers = normal_answers();
        let facts = RevisionFacts { holder: None, next_number: 1 };
        let late = at() + Duration::hours(3);
        let revision = decide_revision("p", facts, filing(&answers, late)).unwrap();
        assert_eq!((revision.device_time, revision.time_flag), (at(), Some(TimeFlag::InFuture)));
    }

    #[test]
    fn test_a_revision_id_held_already_is_a_duplicate_or_refused() {
        let answers = normal_answers();
        let own = RevisionFacts { holder: Some("p"), next_number: 2 };
        assert_eq!(decide_revision("p", own, filing(&answers, at())), Err(Outcome::Duplicate));
        let other = RevisionFacts { holder: Some("q"), next_number: 2 };
        assert_eq!(
            decide_revision("p", other, filing(&answers, at())),
            Err(refused(RejectCode::IdReused))
        );
    }

    #[test]
    fn test_a_decided_sequence_answers_the_same_mutation_again_and_refuses_another() {
        let rejected = Decided::Rejected { code: RejectCode::DayInFuture, fields: Vec::new() };
        assert_eq!(
            answer_for_decided_seq(Some(("m1", Decided::Applied)), "m1"),
            Outcome::Duplicate
        );
        assert_eq!(
            answer_for_decided_seq(Some(("m1", rejected.clone())), "m1"),
            refused(RejectCode::DayInFuture)
        );
        assert_eq!(
            answer_for_decided_seq(Some(("m1", Decided::Applied)), "m2"),
            refused(RejectCode::IdReused)
        );
        assert_eq!(answer_for_decided_seq(None, "m2"), refused(RejectCode::IdReused));
        assert_eq!(answer_for_known_id("p", "p", rejected), refused(RejectCode::DayInFuture));
        assert_eq!(answer_for_known_id("q", "p", Decided::Applied), refused(RejectCode::IdReused));
    }

    #[test]
    fn test_only_the_senders_own_kinds_need_declarant_rights() {
        let revision = Change::DeclarationRevision {
            day: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            revision_id: "r".into(),
            answers: normal_answers(),
            correction_reason: None,
        };
        assert!(writes_own_records(&revision));
        let end = Change::EndObservation { person_id: "p".into(), reason: "好了".into() };
        assert!(!writes_own_records(&end));
    }

    #[test]
    fn test_only_a_push_shorter_than_a_full_batch_drains_the_queue() {
        assert!(drains_queue(1));
        assert!(drains_queue(super::super::MAX_BATCH_MUTATIONS - 1));
        assert!(!drains_queue(super::super::MAX_BATCH_MUTATIONS));
    }

    #[test]
    fn test_a_sequence_is_decided_once_and_in_order() {
        assert_eq!(place_in_sequence(3, 5), Place::Decided);
        assert_eq!(place_in_sequence(5, 5), Place::Decided);
        assert_eq!(place_in_sequence(6, 5), Place::Next);
        assert_eq!(place_in_sequence(1, 0), Place::Next);
        assert_eq!(place_in_sequence(8, 5), Place::Ahead);
    }
}
