//! Words for the daily report's records in the current language: scopes,
//! where a person stands, signing states and what blocks signing, and the
//! state of an action sent from here. The server cannot tell a declaration
//! still queued on a phone from none, so a missing one is "not received".

use anxin_domain::delivery::Delivery;
use anxin_domain::profile::PersonCategory;
use anxin_domain::report::signing::NameState;
use anxin_domain::report::{Blocker, Level, ReasonKind, ReportAction, Scope, SignState, Standing};
use anxin_domain::school_offset;
use chrono::{DateTime, Utc};

use crate::i18n::{Blank, ReportTexts, Texts};
use crate::state::reports::ActionProblem;

/// A class's or department's name; the school's word.
pub fn scope_name(r: &ReportTexts, scope: &Scope) -> String {
    match scope {
        Scope::School => r.school.to_owned(),
        other => other.name().to_owned(),
    }
}

/// `12:05` at the school (a time within the report's day).
pub fn school_time(at: DateTime<Utc>) -> String {
    anxin_domain::clock_text::hh_mm(&at.with_timezone(&school_offset()))
}

/// Tenths of a percent as `87.5 %` (the same as `Counts::completion_text`).
pub fn percent(permille: Option<u32>) -> String {
    match permille {
        Some(p) => format!("{}.{} %", p / 10, p % 10),
        None => "—".to_owned(),
    }
}

pub fn reason_kind(r: &ReportTexts, kind: ReasonKind) -> &'static str {
    r.reason_kinds[ReasonKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)]
}

pub fn category(r: &ReportTexts, category: PersonCategory) -> &'static str {
    r.categories[PersonCategory::ALL.iter().position(|c| *c == category).unwrap_or(0)]
}

/// On time, late by N min, not received (with its reason, or without).
pub fn standing_text(r: &ReportTexts, standing: Standing) -> String {
    match standing {
        Standing::OnTime => r.on_time.to_owned(),
        Standing::Late { minutes } => late_text(r, minutes),
        Standing::Excused(kind) => format!("{} · {}", r.not_received, reason_kind(r, kind)),
        Standing::Missing => r.not_received_no_reason.to_owned(),
    }
}

/// The `data-standing` of a person's line (a test hook, not a word).
pub fn standing_key(standing: Standing) -> &'static str {
    match standing {
        Standing::OnTime => "on_time",
        Standing::Late { .. } => "late",
        Standing::Excused(_) => "excused",
        Standing::Missing => "missing",
    }
}

/// How a named person stood at or after a signature.
pub fn name_state_text(r: &ReportTexts, state: Option<&NameState>) -> String {
    let Some(state) = state else { return r.not_named.to_owned() };
    let mut parts = vec![standing_text(r, state.standing)];
    if state.abnormal {
        parts.push(r.abnormal.to_owned());
    }
    if state.sent_back {
        parts.push(r.sent_back_pending.to_owned());
    }
    parts.join(" · ")
}

/// Where a report stands: not signed, signed (zero report, late), changed
/// since signing, returned.
pub fn state_text(r: &ReportTexts, state: &SignState) -> String {
    match state {
        SignState::Unsigned => r.state_unsigned.to_owned(),
        SignState::Signed { version, late_minutes, zero_report } => {
            let mut text = r.state_signed.with(*version);
            if *zero_report {
                text = format!("{text} · {}", r.zero_report);
            }
            if let Some(minutes) = late_minutes {
                text = format!("{text} · {}", late_text(r, *minutes));
            }
            text
        }
        SignState::Amended { version } => r.state_amended.with(*version),
        SignState::Returned { version, reason } => r.state_returned.with(*version, reason),
    }
}

/// The `data-state` of a report or a part.
pub fn state_key(state: &SignState) -> &'static str {
    match state {
        SignState::Unsigned => "unsigned",
        SignState::Signed { .. } => "signed",
        SignState::Amended { .. } => "amended",
        SignState::Returned { .. } => "returned",
    }
}

/// "late by N min".
pub fn late_text(r: &ReportTexts, minutes: u32) -> String {
    r.late_by.with(minutes)
}

/// `{}` replaced by `n` in the singular or the plural form.
pub fn count_text(forms: &[Blank<u32>; 2], n: u32) -> String {
    forms[usize::from(n != 1)].with(n)
}

/// Why signing is not possible yet, as the screen says it.
pub fn blocker_text(r: &ReportTexts, level: Level, blocker: Blocker) -> String {
    match blocker {
        Blocker::DayInFuture => r.blocked_future.to_owned(),
        Blocker::Unexplained(n) => count_text(&r.blocked_unexplained, n),
        Blocker::UnsignedParts(n) => {
            let forms = match level {
                Level::School => &r.blocked_departments,
                _ => &r.blocked_classes,
            };
            count_text(forms, n)
        }
        Blocker::AlreadySigned => r.blocked_signed.to_owned(),
        Blocker::DayPurged => r.blocked_purged.to_owned(),
    }
}

/// What an action made here was, in a few words.
pub fn action_text(r: &ReportTexts, action: &ReportAction) -> String {
    match action {
        ReportAction::RecordReason(reason) => {
            format!("{}{}", r.did_reason, reason_kind(r, reason.kind))
        }
        ReportAction::SendBack { .. } => r.did_send_back.to_owned(),
        ReportAction::Remind { .. } => r.did_remind.to_owned(),
        ReportAction::RemindSigners { .. } => r.did_remind_signers.to_owned(),
        ReportAction::Sign { .. } => r.did_sign.to_owned(),
        ReportAction::Return { version, .. } => r.did_return.with(*version),
    }
}

/// Where an action stands: saved here, sending, delivered, or refused with
/// the server's reason.
pub fn delivery_text(t: &Texts, delivery: &Delivery) -> String {
    match delivery {
        Delivery::Rejected { code } => {
            format!("{}: {}", t.delivery(delivery), t.report_rejection(code))
        }
        other => t.delivery(other).to_owned(),
    }
}

/// The `data-delivery` of an action's state.
pub fn delivery_key(delivery: &Delivery) -> &'static str {
    match delivery {
        Delivery::SavedOnDevice => "saved_on_device",
        Delivery::Sending => "sending",
        Delivery::Delivered => "delivered",
        Delivery::Rejected { .. } => "rejected",
    }
}

/// Why an action was not queued, next to it.
pub fn action_problem(t: &Texts, problem: ActionProblem) -> &'static str {
    match problem {
        ActionProblem::Refused(code) => t.report_refusal(code),
        ActionProblem::NotSaved => t.storage_failed,
    }
}

/// `{n}/200`: a note's length against its limit.
pub fn note_count(text: &str) -> String {
    format!("{}/{}", text.chars().count(), anxin_domain::report::MAX_NOTE_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn test_not_received_is_never_did_not_report() {
        for lang in Lang::ALL {
            let r = lang.texts().reports();
            let missing = standing_text(r, Standing::Missing);
            let excused = standing_text(r, Standing::Excused(ReasonKind::Sick));
            assert!(missing.contains(r.not_received) && excused.contains(r.not_received));
        }
        let r = Lang::En.texts().reports();
        assert!(!standing_text(r, Standing::Missing).to_lowercase().contains("did not"));
        assert_eq!(standing_text(r, Standing::Late { minutes: 12 }), "late by 12 min");
    }

    #[test]
    fn test_blockers_say_why_signing_waits() {
        let r = Lang::En.texts().reports();
        assert_eq!(
            blocker_text(r, Level::Department, Blocker::UnsignedParts(2)),
            "2 classes unsigned"
        );
        assert_eq!(
            blocker_text(r, Level::School, Blocker::UnsignedParts(1)),
            "1 department unsigned"
        );
        assert_eq!(
            blocker_text(r, Level::Class, Blocker::Unexplained(1)),
            "1 person not received, without a reason"
        );
        assert_eq!(percent(Some(400)), "40.0 %");
    }
}
