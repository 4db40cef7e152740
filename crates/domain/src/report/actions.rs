//! What advisors and offices do: each travels as a mutation in the sync
//! push (so it works offline) and is decided by the server on arrival.
//! [`ReportAction::check`] is what can be judged without stored records.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::signing::Covered;
use super::{Scope, MAX_NOTE_CHARS};
use crate::error_code::ErrorCode;
use crate::sync::is_uuid;

/// Why a person did not declare (recorded by their advisor).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonKind {
    /// An approved leave: may cover several days.
    Leave,
    Sick,
    /// No phone or no network.
    NoPhone,
    Unreachable,
    /// Anything else: the note says what.
    Other,
}

impl ReasonKind {
    pub const ALL: [ReasonKind; 5] = [
        ReasonKind::Leave,
        ReasonKind::Sick,
        ReasonKind::NoPhone,
        ReasonKind::Unreachable,
        ReasonKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReasonKind::Leave => "leave",
            ReasonKind::Sick => "sick",
            ReasonKind::NoPhone => "no_phone",
            ReasonKind::Unreachable => "unreachable",
            ReasonKind::Other => "other",
        }
    }
}

/// A recorded reason for one person's missing declaration: a record with
/// who and when, never an edit of the count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingReason {
    /// Made on the device (UUID).
    pub reason_id: String,
    pub person_id: String,
    pub from: NaiveDate,
    /// The same as `from` but for a leave.
    pub to: NaiveDate,
    pub kind: ReasonKind,
    /// Required for "other".
    #[serde(default)]
    pub note: String,
    /// Set by the server from the session: who recorded it.
    #[serde(default)]
    pub recorded_by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<DateTime<Utc>>,
}

impl MissingReason {
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }
}

/// An advisor's or an office's action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportAction {
    /// A reason for a missing person (a leave may cover a date range).
    RecordReason(MissingReason),
    /// Sends the person's declaration in force back, with a comment.
    SendBack {
        send_back_id: String,
        person_id: String,
        day: NaiveDate,
        revision_id: String,
        comment: String,
    },
    /// Reminds every missing person of the scope (a class, or a
    /// department's own staff) under the daily cap (一键催填).
    Remind { reminder_id: String, scope: Scope, day: NaiveDate },
    /// An office reminds the signers of its scope's unsigned reports.
    RemindSigners { reminder_id: String, scope: Scope, day: NaiveDate },
    /// Signs the scope's daily report as the signer saw it (`covered`); a
    /// report with no abnormal case is a zero report, signed all the same.
    Sign { signature_id: String, scope: Scope, day: NaiveDate, covered: Covered },
    /// The level above returns a signed version, with a reason.
    Return { return_id: String, scope: Scope, day: NaiveDate, version: u32, reason: String },
}

/// A note that may be empty (`required == false`) but never too long.
pub fn check_note(text: &str, required: bool) -> Result<(), ErrorCode> {
    let chars = text.trim().chars().count();
    if required && chars == 0 {
        Err(ErrorCode::TextRequired)
    } else if text.chars().count() > MAX_NOTE_CHARS {
        Err(ErrorCode::TextTooLong)
    } else {
        Ok(())
    }
}

impl ReportAction {
    /// The id the device gave this action's record.
    pub fn record_id(&self) -> &str {
        match self {
            ReportAction::RecordReason(reason) => &reason.reason_id,
            ReportAction::SendBack { send_back_id, .. } => send_back_id,
            ReportAction::Remind { reminder_id, .. }
            | ReportAction::RemindSigners { reminder_id, .. } => reminder_id,
            ReportAction::Sign { signature_id, .. } => signature_id,
            ReportAction::Return { return_id, .. } => return_id,
        }
    }

    /// The day it is about (a leave: its first day).
    pub fn day(&self) -> NaiveDate {
        match self {
            ReportAction::RecordReason(reason) => reason.from,
            ReportAction::SendBack { day, .. }
            | ReportAction::Remind { day, .. }
            | ReportAction::RemindSigners { day, .. }
            | ReportAction::Sign { day, .. }
            | ReportAction::Return { day, .. } => *day,
        }
    }

    /// What can be judged alone: ids, lengths, the date range, no day in
    /// the future (`today` at the school). A leave may be recorded ahead.
    pub fn check(&self, today: NaiveDate, max_leave_days: u32) -> Result<(), ErrorCode> {
        if !is_uuid(self.record_id()) {
            return Err(ErrorCode::MalformedId);
        }
        let scope = match self {
            ReportAction::Remind { scope, .. }
            | ReportAction::RemindSigners { scope, .. }
            | ReportAction::Sign { scope, .. }
            | ReportAction::Return { scope, .. } => Some(scope),
            ReportAction::RecordReason(_) | ReportAction::SendBack { .. } => None,
        };
        // A name the roster could not hold names no scope.
        if scope
            .is_some_and(|s| Scope::parse(s.level().as_str(), Some(s.name())).as_ref() != Some(s))
        {
            return Err(ErrorCode::UnknownScope);
        }
        let person = match self {
            ReportAction::RecordReason(reason) => Some(reason.person_id.as_str()),
            ReportAction::SendBack { person_id, .. } => Some(person_id.as_str()),
            _ => None,
        };
        if person.is_some_and(|p| !crate::profile::is_valid_person_id(p)) {
            return Err(ErrorCode::NotExpected);
        }
        match self {
            ReportAction::RecordReason(reason) => {
                if reason.to < reason.from {
                    return Err(ErrorCode::RangeBackwards);
                }
                let days = (reason.to - reason.from).num_days() + 1;
                if reason.kind != ReasonKind::Leave && days > 1 {
                    return Err(ErrorCode::RangeOnlyForLeave);
                }
                if days > i64::from(max_leave_days) {
                    return Err(ErrorCode::RangeTooLong);
                }
                if reason.from > today {
                    return Err(ErrorCode::DayInFuture);
                }
                check_note(&reason.note, reason.kind == ReasonKind::Other)
            }
            ReportAction::SendBack { revision_id, comment, day, .. } => {
                if !is_uuid(revision_id) {
                    return Err(ErrorCode::MalformedId);
                }
                if *day > today {
                    return Err(ErrorCode::DayInFuture);
                }
                check_note(comment, true)
            }
            ReportAction::Remind { day, .. } | ReportAction::RemindSigners { day, .. } => {
                // Reminding is for today only: yesterday's missing cannot
                // declare any more, tomorrow's are not missing yet.
                if *day > today {
                    Err(ErrorCode::DayInFuture)
                } else if *day < today {
                    Err(ErrorCode::NobodyToRemind)
                } else {
                    Ok(())
                }
            }
            ReportAction::Sign { day, .. } => {
                if *day > today {
                    Err(ErrorCode::DayInFuture)
                } else {
                    Ok(())
                }
            }
            ReportAction::Return { reason, day, .. } => {
                if *day > today {
                    return Err(ErrorCode::DayInFuture);
                }
                check_note(reason, true)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 2, d).unwrap()
    }

    fn reason(kind: ReasonKind, from: u32, to: u32, note: &str) -> ReportAction {
        ReportAction::RecordReason(MissingReason {
            reason_id: ID.into(),
            person_id: "2020-0101".into(),
            from: day(from),
            to: day(to),
            kind,
            note: note.into(),
            recorded_by: String::new(),
            recorded_at: None,
        })
    }

    #[test]
    fn test_reason_range_rules() {
        assert_eq!(reason(ReasonKind::Sick, 10, 10, "").check(day(10), 30), Ok(()));
        assert_eq!(reason(ReasonKind::Leave, 10, 20, "").check(day(10), 30), Ok(()));
        assert_eq!(
            reason(ReasonKind::Leave, 10, 9, "").check(day(10), 30),
            Err(ErrorCode::RangeBackwards)
        );
        assert_eq!(
            reason(ReasonKind::Leave, 1, 28, "").check(day(10), 14),
            Err(ErrorCode::RangeTooLong)
        );
        assert_eq!(
            reason(ReasonKind::Sick, 9, 10, "").check(day(10), 30),
            Err(ErrorCode::RangeOnlyForLeave)
        );
        assert_eq!(
            reason(ReasonKind::Sick, 11, 11, "").check(day(10), 30),
            Err(ErrorCode::DayInFuture)
        );
    }

    #[test]
    fn test_other_needs_a_note_and_notes_have_a_limit() {
        assert_eq!(
            reason(ReasonKind::Other, 10, 10, " ").check(day(10), 30),
            Err(ErrorCode::TextRequired)
        );
        assert_eq!(reason(ReasonKind::Other, 10, 10, "在医院陪护").check(day(10), 30), Ok(()));
        let long = "长".repeat(MAX_NOTE_CHARS + 1);
        assert_eq!(
            reason(ReasonKind::Sick, 10, 10, &long).check(day(10), 30),
            Err(ErrorCode::TextTooLong)
        );
    }

    #[test]
    fn test_send_back_sign_and_remind_days() {
        let send_back = |comment: &str, d| ReportAction::SendBack {
            send_back_id: ID.into(),
            person_id: "p".into(),
            day: day(d),
            revision_id: ID.into(),
            comment: comment.into(),
        };
        assert_eq!(send_back("体温填错了", 10).check(day(10), 30), Ok(()));
        assert_eq!(send_back("", 10).check(day(10), 30), Err(ErrorCode::TextRequired));
        assert_eq!(send_back("x", 11).check(day(10), 30), Err(ErrorCode::DayInFuture));
        let remind = |d| ReportAction::Remind {
            reminder_id: ID.into(),
            scope: Scope::Class("c".into()),
            day: day(d),
        };
        assert_eq!(remind(10).check(day(10), 30), Ok(()));
        assert_eq!(remind(9).check(day(10), 30), Err(ErrorCode::NobodyToRemind));
        let sign = ReportAction::Sign {
            signature_id: "not-a-uuid".into(),
            scope: Scope::School,
            day: day(10),
            covered: Covered::default(),
        };
        assert_eq!(sign.check(day(10), 30), Err(ErrorCode::MalformedId));
        let odd = ReportAction::Remind {
            reminder_id: ID.into(),
            scope: Scope::Class("x".repeat(65)),
            day: day(10),
        };
        assert_eq!(odd.check(day(10), 30), Err(ErrorCode::UnknownScope));
        let school =
            ReportAction::Remind { reminder_id: ID.into(), scope: Scope::School, day: day(10) };
        assert_eq!(school.check(day(10), 30), Ok(()), "the school is a scope (refused by access)");
    }
}
