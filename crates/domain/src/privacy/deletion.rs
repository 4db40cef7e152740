//! A person's request that their data be deleted (PIPL art. 47), from
//! Settings → Privacy through the outbox, and the admin's answer: completed
//! (the optional records are deleted: the wellbeing answers), or kept, with
//! the legal reason a record must be kept (the daily declarations and gate
//! records rest on the school's duty in a public-health emergency, art. 13,
//! and go only when their retention ends). One request waits at a time;
//! the answer reaches the person's phone with the next sync.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ErrorCode;

/// The longest note a request or an answer may carry.
pub const MAX_DELETION_TEXT_CHARS: usize = 500;

/// The person's request, as the phone queues it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletionRequest {
    /// Made on the phone (UUID): the record's id.
    pub request_id: String,
    /// What the person wants deleted, in their words (may be empty: all).
    #[serde(default)]
    pub note: String,
}

/// How the admin answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeletionOutcome {
    /// Done: the optional records are deleted; the answer says what else.
    Completed,
    /// Kept: the answer gives the legal reason.
    Kept,
}

impl DeletionOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            DeletionOutcome::Completed => "completed",
            DeletionOutcome::Kept => "kept",
        }
    }

    pub fn parse(text: &str) -> Option<DeletionOutcome> {
        [DeletionOutcome::Completed, DeletionOutcome::Kept].into_iter().find(|o| o.as_str() == text)
    }
}

/// A request as it stands (pulled by the person's phones, listed for the
/// admin).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletionStanding {
    pub request_id: String,
    pub note: String,
    pub asked_at: DateTime<Utc>,
    /// `None` while it waits for the admin.
    pub outcome: Option<DeletionOutcome>,
    #[serde(default)]
    pub answer: String,
    pub answered_at: Option<DateTime<Utc>>,
}

/// A text of a request or an answer: within the limit, one paragraph or
/// a few lines, no other control characters.
fn check_text(text: &str) -> Result<(), ErrorCode> {
    if text.chars().count() > MAX_DELETION_TEXT_CHARS {
        return Err(ErrorCode::TextTooLong);
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(ErrorCode::TextRequired);
    }
    Ok(())
}

/// The checks of a request on its own.
pub fn judge(request: &DeletionRequest) -> Result<(), ErrorCode> {
    if !crate::sync::is_uuid(&request.request_id) {
        return Err(ErrorCode::MalformedId);
    }
    check_text(&request.note)
}

/// Whether a new request may be made while `waiting` is the person's
/// request still without an answer.
pub fn may_ask(waiting: Option<&str>) -> Result<(), ErrorCode> {
    match waiting {
        Some(_) => Err(ErrorCode::DeletionPending),
        None => Ok(()),
    }
}

/// The admin's answer to `standing`: a text is required (what was deleted,
/// or the legal reason to keep); a request answered before stays as it
/// was answered. The trimmed text is kept.
pub fn answer(
    standing: &DeletionStanding,
    outcome: DeletionOutcome,
    text: &str,
    at: DateTime<Utc>,
) -> Result<DeletionStanding, ErrorCode> {
    if standing.outcome.is_some() {
        return Err(ErrorCode::IdReused);
    }
    let text = text.trim();
    if text.is_empty() {
        return Err(ErrorCode::TextRequired);
    }
    check_text(text)?;
    Ok(DeletionStanding {
        outcome: Some(outcome),
        answer: text.to_owned(),
        answered_at: Some(at),
        ..standing.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "6f1c2a5e-0b7d-4c1e-9a2b-3c4d5e6f7a8b";

    fn at() -> DateTime<Utc> {
        "2026-12-01T08:00:00Z".parse().unwrap()
    }

    fn waiting() -> DeletionStanding {
        DeletionStanding {
            request_id: ID.into(),
            note: String::new(),
            asked_at: at(),
            outcome: None,
            answer: String::new(),
            answered_at: None,
        }
    }

    #[test]
    fn test_a_request_has_an_id_and_a_bounded_note() {
        let request =
            |id: &str, note: &str| DeletionRequest { request_id: id.into(), note: note.into() };
        assert_eq!(judge(&request(ID, "")), Ok(()));
        assert_eq!(judge(&request(ID, "请删除我的心情记录\n谢谢")), Ok(()));
        assert_eq!(judge(&request("x", "")), Err(ErrorCode::MalformedId));
        let long = "删".repeat(MAX_DELETION_TEXT_CHARS + 1);
        assert_eq!(judge(&request(ID, &long)), Err(ErrorCode::TextTooLong));
        assert_eq!(judge(&request(ID, "a\u{0}b")), Err(ErrorCode::TextRequired));
    }

    #[test]
    fn test_one_request_waits_at_a_time() {
        assert_eq!(may_ask(None), Ok(()));
        assert_eq!(may_ask(Some(ID)), Err(ErrorCode::DeletionPending));
    }

    #[test]
    fn test_an_answer_needs_its_text_and_comes_once() {
        let later = at() + chrono::Duration::days(2);
        assert_eq!(
            answer(&waiting(), DeletionOutcome::Kept, "  ", later),
            Err(ErrorCode::TextRequired)
        );
        let kept =
            answer(&waiting(), DeletionOutcome::Kept, " 依法保存至疫情响应结束后28天 ", later)
                .unwrap();
        assert_eq!(kept.outcome, Some(DeletionOutcome::Kept));
        assert_eq!(kept.answer, "依法保存至疫情响应结束后28天");
        assert_eq!(kept.answered_at, Some(later));
        assert_eq!(
            answer(&kept, DeletionOutcome::Completed, "done", later),
            Err(ErrorCode::IdReused)
        );
        for outcome in [DeletionOutcome::Completed, DeletionOutcome::Kept] {
            assert_eq!(DeletionOutcome::parse(outcome.as_str()), Some(outcome));
        }
    }
}
