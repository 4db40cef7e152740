//! An advisor's actions on one person's day: a reason for a missing
//! declaration, and a declaration sent back. The store reads where the
//! person stands on the day's list and what they filed; these decide, in
//! the order the refusals are given, and make the record to keep.

use chrono::{DateTime, NaiveDate, Utc};

use super::{MissingReason, SentBackNote};
use crate::access::{allows, Action};
use crate::account::AccountPerson;
use crate::error_code::ErrorCode;

/// A person's department and class on a day's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub department: String,
    pub class_name: String,
}

/// Whether the actor acts for the person at `place` (`None`: not on the
/// day's list).
fn acts_for(actor: &AccountPerson, place: Option<&Place>) -> Result<(), ErrorCode> {
    let Some(place) = place else { return Err(ErrorCode::NotExpected) };
    let action = Action::ActFor { department: &place.department, class_name: &place.class_name };
    if allows(actor, &action) {
        Ok(())
    } else {
        Err(ErrorCode::NotYourScope)
    }
}

/// A reason for a missing declaration: the person must be on the list of
/// its first day (`place`) and in the actor's care; a one-day reason is
/// for someone who did not declare that day (`declared`: a revision of
/// it exists), a leave may begin on a day declared. The record as kept:
/// the note trimmed, who recorded it and when.
pub fn decide_reason(
    actor: &AccountPerson,
    reason: &MissingReason,
    place: Option<&Place>,
    declared: bool,
    now: DateTime<Utc>,
) -> Result<MissingReason, ErrorCode> {
    acts_for(actor, place)?;
    if declared && reason.from == reason.to {
        return Err(ErrorCode::NotMissing);
    }
    Ok(MissingReason {
        note: reason.note.trim().to_owned(),
        recorded_by: actor.id.clone(),
        recorded_at: Some(now),
        ..reason.clone()
    })
}

/// What a send-back asks.
#[derive(Debug, Clone, Copy)]
pub struct SendBack<'a> {
    pub send_back_id: &'a str,
    pub day: NaiveDate,
    pub revision_id: &'a str,
    pub comment: &'a str,
}

/// What the store read for a send-back.
#[derive(Debug, Clone, Default)]
pub struct SendBackFacts {
    /// The person on the day's list (`None`: not expected).
    pub place: Option<Place>,
    /// The person's revision in force that day.
    pub current_revision: Option<String>,
    /// The revision asked was sent back already.
    pub already_sent_back: bool,
}

/// A send-back: of a person in the actor's care, of the revision in force
/// only, once. The note that reaches the person (the comment trimmed).
pub fn decide_send_back(
    actor: &AccountPerson,
    asked: &SendBack<'_>,
    facts: &SendBackFacts,
    now: DateTime<Utc>,
) -> Result<SentBackNote, ErrorCode> {
    acts_for(actor, facts.place.as_ref())?;
    if facts.current_revision.as_deref() != Some(asked.revision_id) {
        return Err(ErrorCode::NotCurrentRevision);
    }
    if facts.already_sent_back {
        return Err(ErrorCode::AlreadySentBack);
    }
    Ok(SentBackNote {
        send_back_id: asked.send_back_id.to_owned(),
        day: asked.day,
        revision_id: asked.revision_id.to_owned(),
        comment: asked.comment.trim().to_owned(),
        by_name: actor.name.clone(),
        at: now,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeSet;

    use chrono::TimeZone;

    use super::*;
    use crate::report::ReasonKind;
    use crate::roster::Role;

    pub fn advisor_of(class: &str) -> AccountPerson {
        AccountPerson {
            id: "t1".into(),
            name: "王老师".into(),
            roles: [Role::Advisor].into(),
            category: None,
            department: "信息工程学院".into(),
            class_name: String::new(),
            advises: BTreeSet::from([class.to_owned()]),
            scope: None,
            contacts: Vec::new(),
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2020, 2, 10, 3, 0, 0).unwrap()
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 2, d).unwrap()
    }

    fn place(class: &str) -> Place {
        Place { department: "信息工程学院".into(), class_name: class.into() }
    }

    fn reason(from: u32, to: u32) -> MissingReason {
        MissingReason {
            reason_id: "id".into(),
            person_id: "s1".into(),
            from: day(from),
            to: day(to),
            kind: if from == to { ReasonKind::Sick } else { ReasonKind::Leave },
            note: "  发烧  ".into(),
            recorded_by: String::new(),
            recorded_at: None,
        }
    }

    #[test]
    fn test_a_reason_is_for_a_missing_person_in_the_actors_care() {
        let advisor = advisor_of("软件2001");
        let ours = place("软件2001");
        assert_eq!(
            decide_reason(&advisor, &reason(10, 10), None, false, now()),
            Err(ErrorCode::NotExpected)
        );
        assert_eq!(
            decide_reason(&advisor, &reason(10, 10), Some(&place("软件2002")), false, now()),
            Err(ErrorCode::NotYourScope)
        );
        assert_eq!(
            decide_reason(&advisor, &reason(10, 10), Some(&ours), true, now()),
            Err(ErrorCode::NotMissing)
        );
        let leave = decide_reason(&advisor, &reason(10, 12), Some(&ours), true, now());
        assert!(leave.is_ok(), "a leave may begin on a day declared");
        let kept = decide_reason(&advisor, &reason(10, 10), Some(&ours), false, now()).unwrap();
        assert_eq!(kept.note, "发烧");
        assert_eq!(kept.recorded_by, "t1");
        assert_eq!(kept.recorded_at, Some(now()));
    }

    #[test]
    fn test_only_the_revision_in_force_is_sent_back_and_once() {
        let advisor = advisor_of("软件2001");
        let asked =
            SendBack { send_back_id: "sb", day: day(10), revision_id: "r2", comment: " 体温? " };
        let facts = |current: &str, already| SendBackFacts {
            place: Some(place("软件2001")),
            current_revision: Some(current.to_owned()),
            already_sent_back: already,
        };
        assert_eq!(
            decide_send_back(&advisor, &asked, &SendBackFacts::default(), now()),
            Err(ErrorCode::NotExpected)
        );
        assert_eq!(
            decide_send_back(&advisor, &asked, &facts("r1", false), now()),
            Err(ErrorCode::NotCurrentRevision)
        );
        assert_eq!(
            decide_send_back(&advisor, &asked, &facts("r2", true), now()),
            Err(ErrorCode::AlreadySentBack)
        );
        let note = decide_send_back(&advisor, &asked, &facts("r2", false), now()).unwrap();
        assert_eq!(note.comment, "体温?");
        assert_eq!(note.by_name, "王老师");
        assert_eq!((note.revision_id.as_str(), note.day, note.at), ("r2", day(10), now()));
    }
}
