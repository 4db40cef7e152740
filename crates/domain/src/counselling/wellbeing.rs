//! The optional wellbeing question (SPEC §3, §7): "How are you feeling
//! today?", answered after the daily declaration by those who turned it on
//! (a separate consent, `Purpose::Wellbeing`, asked once after a
//! declaration or in Settings; turning it off withdraws it and deletes the
//! answers). It is stored apart from the declaration: in no report, CSV,
//! identical-to-yesterday flag or amendment, and no advisor or office ever
//! reads it. "Very low" shows the hotlines at once, offline, with a crisis
//! call-back and a booking one tap away; the counsellor on duty learns of
//! it only if the person asks for that call-back and shares it.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::sync::judge::{oldest_declaration_day, FUTURE_TOLERANCE_MINUTES};
use crate::ErrorCode;

/// The topic of a crisis call-back asked for from the wellbeing question's
/// "very low" (the person's own choice to tell the counsellor on duty).
pub const CALL_BACK_TOPIC: &str = "今天感觉非常低落 / Feeling very low today";

/// How the person feels today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Feeling {
    Fine,
    Worried,
    VeryLow,
}

impl Feeling {
    pub const ALL: [Feeling; 3] = [Feeling::Fine, Feeling::Worried, Feeling::VeryLow];

    /// The name the store keeps (as on the wire).
    pub fn as_str(self) -> &'static str {
        match self {
            Feeling::Fine => "fine",
            Feeling::Worried => "worried",
            Feeling::VeryLow => "very_low",
        }
    }

    pub fn parse(text: &str) -> Option<Feeling> {
        Feeling::ALL.into_iter().find(|f| f.as_str() == text)
    }

    /// Whether the hotlines and the crisis call-back are shown at once.
    pub fn needs_help_now(self) -> bool {
        self == Feeling::VeryLow
    }
}

/// One answer, for one of the person's days (the latest of a day counts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WellbeingAnswer {
    /// Made on the phone (UUID): the record's id.
    pub answer_id: String,
    pub day: NaiveDate,
    pub feeling: Feeling,
}

/// An answer as the server keeps it, in the person's own export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredAnswer {
    pub day: NaiveDate,
    pub feeling: Feeling,
    pub received_at: String,
}

/// The checks of an answer received at `received`: its id, and a day the
/// phone still keeps (today and the 13 before, as for declarations).
pub fn judge(answer: &WellbeingAnswer, received: DateTime<Utc>) -> Result<(), ErrorCode> {
    if !crate::sync::is_uuid(&answer.answer_id) {
        return Err(ErrorCode::MalformedId);
    }
    let latest = crate::local_day(received + Duration::minutes(FUTURE_TOLERANCE_MINUTES));
    if answer.day > latest {
        return Err(ErrorCode::DayInFuture);
    }
    if answer.day < oldest_declaration_day(received) {
        return Err(ErrorCode::DayTooOld);
    }
    Ok(())
}

/// Whether an answer may be kept with the person's latest wellbeing
/// consent (`None`: never turned on).
pub fn may_answer(latest_consent: Option<bool>) -> Result<(), ErrorCode> {
    if latest_consent == Some(true) {
        Ok(())
    } else {
        Err(ErrorCode::ConsentRequired)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(id: &str, day: NaiveDate) -> WellbeingAnswer {
        WellbeingAnswer { answer_id: id.into(), day, feeling: Feeling::VeryLow }
    }

    const ID: &str = "6f1c2a5e-0b7d-4c1e-9a2b-3c4d5e6f7a8b";

    #[test]
    fn test_an_answer_is_for_a_day_the_phone_keeps() {
        let now: DateTime<Utc> = "2026-12-01T04:00:00Z".parse().unwrap();
        let today = crate::local_day(now);
        assert_eq!(judge(&answer(ID, today), now), Ok(()));
        let oldest = oldest_declaration_day(now);
        assert_eq!(judge(&answer(ID, oldest), now), Ok(()));
        let too_old = oldest.pred_opt().unwrap();
        assert_eq!(judge(&answer(ID, too_old), now), Err(ErrorCode::DayTooOld));
        let tomorrow = today.succ_opt().unwrap();
        assert_eq!(judge(&answer(ID, tomorrow), now), Err(ErrorCode::DayInFuture));
        assert_eq!(judge(&answer("not-an-id", today), now), Err(ErrorCode::MalformedId));
    }

    #[test]
    fn test_the_call_back_topic_is_a_topic_a_booking_takes() {
        let max = crate::counselling::booking::MAX_TOPIC_CHARS;
        assert!(!CALL_BACK_TOPIC.trim().is_empty() && CALL_BACK_TOPIC.chars().count() <= max);
    }

    #[test]
    fn test_only_a_consent_in_force_lets_an_answer_be_kept() {
        assert_eq!(may_answer(Some(true)), Ok(()));
        assert_eq!(may_answer(Some(false)), Err(ErrorCode::ConsentRequired));
        assert_eq!(may_answer(None), Err(ErrorCode::ConsentRequired));
    }

    #[test]
    fn test_only_very_low_calls_for_help_at_once_and_names_round_trip() {
        let helped: Vec<Feeling> =
            Feeling::ALL.into_iter().filter(|f| f.needs_help_now()).collect();
        assert_eq!(helped, [Feeling::VeryLow]);
        for feeling in Feeling::ALL {
            assert_eq!(Feeling::parse(feeling.as_str()), Some(feeling));
            let wire = serde_json::to_string(&feeling).unwrap();
            assert_eq!(wire, format!("\"{}\"", feeling.as_str()));
        }
    }
}
