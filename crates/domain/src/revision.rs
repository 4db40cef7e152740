//! A day's declaration as append-only revisions (SPEC §1).
//!
//! Filing creates revision 1; a correction appends the next revision with a
//! reason and never edits an earlier one. Ids are made on the device, so a
//! revision can be delivered later exactly once.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::declaration::DeclarationAnswers;

/// The longest correction reason, in characters.
pub const MAX_REASON_CHARS: usize = 200;

/// One filed version of a day's declaration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    /// Made on the device (a UUID), unique across all devices.
    pub id: String,
    /// 1 for the first filing, then 2, 3, … for corrections.
    pub number: u32,
    pub answers: DeclarationAnswers,
    /// When it was filled in, by the device's clock (judged by the server).
    pub filled_at: DateTime<Utc>,
    /// Why it was corrected; `None` on the first revision.
    pub correction_reason: Option<String>,
}

/// Everything one person filed for one school day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayDeclaration {
    pub person_id: String,
    pub day: NaiveDate,
    /// Oldest first; never empty.
    pub revisions: Vec<Revision>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RevisionError {
    #[error("a correction needs a reason")]
    ReasonRequired,
    #[error("the reason is longer than {MAX_REASON_CHARS} characters")]
    ReasonTooLong,
    #[error("the corrected answers are the same as the current ones")]
    NothingChanged,
}

pub type Result<T> = std::result::Result<T, RevisionError>;

impl DayDeclaration {
    /// The first filing of the day.
    pub fn file(
        person_id: impl Into<String>,
        day: NaiveDate,
        id: impl Into<String>,
        answers: DeclarationAnswers,
        filled_at: DateTime<Utc>,
    ) -> Self {
        let first =
            Revision { id: id.into(), number: 1, answers, filled_at, correction_reason: None };
        Self { person_id: person_id.into(), day, revisions: vec![first] }
    }

    /// The revision in force: the latest.
    pub fn current(&self) -> &Revision {
        self.revisions.last().expect("a day declaration always has a revision")
    }

    /// Appends a correction with its reason; earlier revisions are kept.
    pub fn correct(
        &mut self,
        id: impl Into<String>,
        answers: DeclarationAnswers,
        reason: &str,
        filled_at: DateTime<Utc>,
    ) -> Result<&Revision> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(RevisionError::ReasonRequired);
        }
        if reason.chars().count() > MAX_REASON_CHARS {
            return Err(RevisionError::ReasonTooLong);
        }
        if self.current().answers == answers {
            return Err(RevisionError::NothingChanged);
        }
        let number = self.current().number + 1;
        self.revisions.push(Revision {
            id: id.into(),
            number,
            answers,
            filled_at,
            correction_reason: Some(reason.to_owned()),
        });
        Ok(self.current())
    }

    /// Whether today's current answers repeat the previous day's exactly
    /// (flagged for the advisor).
    pub fn repeats(&self, previous: &DayDeclaration) -> bool {
        previous.day < self.day
            && self.current().answers.is_identical_to(&previous.current().answers)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::declaration::abnormal::tests::normal;
    use crate::declaration::Temperature;

    fn answers(tenths: u16) -> DeclarationAnswers {
        DeclarationAnswers { temperature: Temperature::from_tenths(tenths), ..normal() }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 2, d).unwrap()
    }

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2020, 2, 10, h, 0, 0).unwrap()
    }

    #[test]
    fn test_correction_appends_a_revision_and_keeps_the_first() {
        let mut decl = DayDeclaration::file("s1", day(10), "r1", answers(365), at(0));
        let corrected = decl.correct("r2", answers(381), "typed the wrong number", at(1)).unwrap();
        assert_eq!(corrected.number, 2);
        assert_eq!(decl.revisions.len(), 2);
        assert_eq!(decl.revisions[0].answers, answers(365), "the first is never edited");
        assert_eq!(decl.current().correction_reason.as_deref(), Some("typed the wrong number"));
    }

    #[test]
    fn test_correction_needs_a_reason_and_a_change() {
        let mut decl = DayDeclaration::file("s1", day(10), "r1", answers(365), at(0));
        assert_eq!(
            decl.correct("r2", answers(370), "  ", at(1)).err(),
            Some(RevisionError::ReasonRequired)
        );
        assert_eq!(
            decl.correct("r2", answers(370), &"x".repeat(201), at(1)).err(),
            Some(RevisionError::ReasonTooLong)
        );
        assert_eq!(
            decl.correct("r2", answers(365), "same", at(1)).err(),
            Some(RevisionError::NothingChanged)
        );
        assert_eq!(decl.revisions.len(), 1);
    }

    #[test]
    fn test_repeats_flags_identical_consecutive_days_only() {
        let yesterday = DayDeclaration::file("s1", day(9), "a", answers(365), at(0));
        let same = DayDeclaration::file("s1", day(10), "b", answers(365), at(0));
        let different = DayDeclaration::file("s1", day(10), "c", answers(366), at(0));
        assert!(same.repeats(&yesterday));
        assert!(!different.repeats(&yesterday));
        assert!(!yesterday.repeats(&same), "only an earlier day counts");
    }
}
