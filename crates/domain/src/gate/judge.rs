//! What the server concludes from a guard's record: the pass checked again
//! (the phone that scanned it may have been wrong, or tampered with), the
//! status the server holds now, the same person twice in one direction,
//! and whether medical isolation observation begins.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::record::{GateDecision, GateRecord};
use crate::pass::verify::PassError;
use crate::pass::{EntryStatus, PassClaims};
use crate::AbnormalRules;

/// The same pass in the same direction within this is flagged (a pass
/// handed back over the fence).
pub const SEEN_TWICE_MINUTES: i64 = 10;

/// Whether two passages in the same direction are close enough to be the
/// same pass used twice.
pub fn seen_within_window(earlier: DateTime<Utc>, at: DateTime<Utc>) -> bool {
    (at - earlier).abs() < Duration::minutes(SEEN_TWICE_MINUTES)
}

/// Something about a record the offices should look at. The record is
/// kept whatever the flags: it says what happened at the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GateFlag {
    /// The pass did not verify on the server (changed, forged, unknown key).
    PassNotGenuine,
    /// A genuine pass, but not for the day of the record (or expired).
    PassNotValid,
    /// Nobody on the roster has that id or pass.
    UnknownPerson,
    /// The server's status for the person differs from the pass's.
    StatusDiffers,
    /// The same person in the same direction within
    /// [`SEEN_TWICE_MINUTES`].
    SeenTwice,
    /// Admitted although the person was not to be admitted.
    AdmittedDespiteStatus,
}

/// What the judgement is made on, read by the store.
#[derive(Debug, Clone)]
pub struct GateFacts<'a> {
    pub record: &'a GateRecord,
    pub rules: &'a AbnormalRules,
    /// The pass verified again at the record's time; `None` for a check by
    /// id.
    pub pass: Option<Result<PassClaims, PassError>>,
    /// Whether the record names someone of the roster.
    pub person_known: bool,
    /// The person's status as the server holds it for the record's day.
    pub status_now: EntryStatus,
    /// Under isolation observation already.
    pub in_observation: bool,
    /// The person's last record in the same direction before this one.
    pub last_same_direction: Option<DateTime<Utc>>,
    /// When this record was made (the device's time, as judged).
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GateJudgement {
    pub flags: Vec<GateFlag>,
    /// A fever or a cough was found: observation begins now.
    pub begins_observation: bool,
}

pub fn judge_gate_record(facts: &GateFacts) -> GateJudgement {
    let mut flags = Vec::new();
    match &facts.pass {
        Some(Err(PassError::EarlierDay | PassError::LaterDay | PassError::Expired)) => {
            flags.push(GateFlag::PassNotValid)
        }
        Some(Err(_)) => flags.push(GateFlag::PassNotGenuine),
        Some(Ok(claims)) if facts.person_known && claims.status != facts.status_now => {
            flags.push(GateFlag::StatusDiffers)
        }
        _ => {}
    }
    if !facts.person_known {
        flags.push(GateFlag::UnknownPerson);
    }
    if facts.last_same_direction.is_some_and(|last| seen_within_window(last, facts.at)) {
        flags.push(GateFlag::SeenTwice);
    }
    if facts.record.decision == GateDecision::Admitted
        && facts.person_known
        && facts.status_now == EntryStatus::DoNotAdmit
    {
        flags.push(GateFlag::AdmittedDespiteStatus);
    }
    let begins_observation =
        facts.person_known && !facts.in_observation && facts.record.refers(facts.rules);
    GateJudgement { flags, begins_observation }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::gate::record::tests::record;
    use crate::gate::GateSymptom;

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2020, 2, 10, 1, minute, 0).unwrap()
    }

    fn facts<'a>(record: &'a GateRecord, rules: &'a AbnormalRules) -> GateFacts<'a> {
        GateFacts {
            record,
            rules,
            pass: None,
            person_known: true,
            status_now: EntryStatus::MayEnter,
            in_observation: false,
            last_same_direction: None,
            at: at(30),
        }
    }

    #[test]
    fn test_a_plain_check_by_id_has_no_flags() {
        let rules = AbnormalRules::default();
        let r = record(&[365], GateDecision::Admitted);
        let judged = judge_gate_record(&facts(&r, &rules));
        assert_eq!(judged, GateJudgement { flags: vec![], begins_observation: false });
    }

    #[test]
    fn test_a_fever_or_a_cough_begins_observation_once() {
        let rules = AbnormalRules::default();
        let fever = record(&[382, 382], GateDecision::SentToClinic);
        assert!(judge_gate_record(&facts(&fever, &rules)).begins_observation);
        let already = GateFacts { in_observation: true, ..facts(&fever, &rules) };
        assert!(!judge_gate_record(&already).begins_observation);
        let mut cough = record(&[365], GateDecision::SentToClinic);
        cough.symptoms = vec![GateSymptom::Cough];
        assert!(judge_gate_record(&facts(&cough, &rules)).begins_observation);
        let stranger = GateFacts { person_known: false, ..facts(&fever, &rules) };
        let judged = judge_gate_record(&stranger);
        assert!(!judged.begins_observation);
        assert_eq!(judged.flags, vec![GateFlag::UnknownPerson]);
    }

    #[test]
    fn test_a_pass_that_does_not_verify_on_the_server_is_flagged() {
        let rules = AbnormalRules::default();
        let r = record(&[365], GateDecision::Admitted);
        let forged = GateFacts { pass: Some(Err(PassError::BadSignature)), ..facts(&r, &rules) };
        assert_eq!(judge_gate_record(&forged).flags, vec![GateFlag::PassNotGenuine]);
        let old = GateFacts { pass: Some(Err(PassError::EarlierDay)), ..facts(&r, &rules) };
        assert_eq!(judge_gate_record(&old).flags, vec![GateFlag::PassNotValid]);
    }

    #[test]
    fn test_a_status_changed_since_the_pass_is_flagged() {
        let rules = AbnormalRules::default();
        let r = record(&[365], GateDecision::Admitted);
        let claims = crate::pass::wire::tests::claims();
        assert_eq!(claims.status, EntryStatus::MayEnter);
        let changed = GateFacts {
            pass: Some(Ok(claims)),
            status_now: EntryStatus::DoNotAdmit,
            ..facts(&r, &rules)
        };
        let judged = judge_gate_record(&changed);
        assert_eq!(judged.flags, vec![GateFlag::StatusDiffers, GateFlag::AdmittedDespiteStatus]);
    }

    #[test]
    fn test_the_same_person_twice_within_ten_minutes_is_flagged() {
        let rules = AbnormalRules::default();
        let r = record(&[365], GateDecision::Admitted);
        let soon = GateFacts { last_same_direction: Some(at(21)), ..facts(&r, &rules) };
        assert_eq!(judge_gate_record(&soon).flags, vec![GateFlag::SeenTwice]);
        let later = GateFacts { last_same_direction: Some(at(20)), ..facts(&r, &rules) };
        assert!(judge_gate_record(&later).flags.is_empty());
    }
}
