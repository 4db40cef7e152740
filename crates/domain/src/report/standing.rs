//! One expected person's day: on time, late, excused or missing, and what
//! the advisor should look at (abnormal, sent back, identical to
//! yesterday, delivered late, a doubtful clock).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::notes::SentBackNote;
use super::snapshot::Expected;
use super::{MissingReason, ReasonKind};
use crate::declaration::abnormal::AbnormalReason;
use crate::declaration::DeclarationAnswers;
use crate::sync::TimeFlag;
use crate::AbnormalRules;

/// What the server holds of one person's declaration for the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filing {
    /// The first revision: lateness is judged by when it was filed.
    pub first_device_time: DateTime<Utc>,
    pub first_time_flag: Option<TimeFlag>,
    pub first_received_at: DateTime<Utc>,
    /// The same device's last completed sync before it delivered the
    /// first revision (`None`: its first contact).
    pub first_prior_sync: Option<DateTime<Utc>>,
    pub current_revision_id: String,
    pub current_number: u32,
    pub current: DeclarationAnswers,
    /// The previous day's answers in force, for the identical flag.
    pub yesterday: Option<DeclarationAnswers>,
}

/// When a declaration counts as filed, and whether the phone's clock was
/// doubted. The phone's time is trusted only when the server kept it
/// (not clamped) and the same device did not complete a sync after it
/// without delivering it (a clock set back); otherwise the receipt counts.
pub fn filed_at(filing: &Filing) -> (DateTime<Utc>, bool) {
    let synced_after = filing.first_prior_sync.is_some_and(|s| s > filing.first_device_time);
    if filing.first_time_flag.is_some() || synced_after {
        (filing.first_received_at, true)
    } else {
        (filing.first_device_time, false)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    OnTime,
    Late {
        minutes: u32,
    },
    /// Not received, with a recorded reason.
    Excused(ReasonKind),
    /// Not received, no reason yet. (The server cannot tell a declaration
    /// still queued on a phone from none: "not received".)
    Missing,
}

impl Standing {
    pub fn declared(self) -> bool {
        matches!(self, Standing::OnTime | Standing::Late { .. })
    }
}

/// One expected person's day, as the rules judge it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonDay {
    pub expected: Expected,
    pub standing: Standing,
    /// Filed on time, but the server received it after the deadline.
    pub delivered_late: bool,
    pub clock_doubtful: bool,
    pub abnormal: Vec<AbnormalReason>,
    /// Sent back and not corrected yet.
    pub sent_back: Option<SentBackNote>,
    pub identical: bool,
    pub filing: Option<Filing>,
    pub reason: Option<MissingReason>,
    pub reminders: u8,
}

/// The facts about one person, gathered by the store.
pub struct PersonFacts<'a> {
    pub filing: Option<Filing>,
    /// Every reason recorded for the person covering the day; the latest
    /// recorded counts.
    pub reasons: Vec<&'a MissingReason>,
    /// The latest send-back of the day.
    pub sent_back: Option<SentBackNote>,
    pub reminders: u8,
}

/// Judges one expected person's day against the declaration deadline.
pub fn person_day(
    expected: Expected,
    facts: PersonFacts<'_>,
    rules: &AbnormalRules,
    deadline: DateTime<Utc>,
) -> PersonDay {
    let reason = facts.reasons.into_iter().max_by_key(|r| r.recorded_at).cloned();
    let Some(filing) = facts.filing else {
        let standing = match &reason {
            Some(r) => Standing::Excused(r.kind),
            None => Standing::Missing,
        };
        return PersonDay {
            expected,
            standing,
            delivered_late: false,
            clock_doubtful: false,
            abnormal: Vec::new(),
            sent_back: None,
            identical: false,
            filing: None,
            reason,
            reminders: facts.reminders,
        };
    };
    let (filed, clock_doubtful) = filed_at(&filing);
    let standing = match super::deadlines::minutes_late(deadline, filed) {
        Some(minutes) => Standing::Late { minutes },
        None => Standing::OnTime,
    };
    let delivered_late = standing == Standing::OnTime && filing.first_received_at > deadline;
    let sent_back = facts.sent_back.filter(|s| s.revision_id == filing.current_revision_id);
    let identical = filing.yesterday.as_ref().is_some_and(|y| filing.current.is_identical_to(y));
    PersonDay {
        expected,
        standing,
        delivered_late,
        clock_doubtful,
        abnormal: filing.current.abnormal_reasons(rules),
        sent_back,
        identical,
        filing: Some(filing),
        reason,
        reminders: facts.reminders,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::{Duration, NaiveDate, TimeZone};

    use super::*;
    use crate::declaration::abnormal::tests::normal;
    use crate::declaration::Temperature;
    use crate::profile::PersonCategory;

    pub fn deadline() -> DateTime<Utc> {
        // 10:00 in Shanghai on 10 Feb 2020.
        Utc.with_ymd_and_hms(2020, 2, 10, 2, 0, 0).unwrap()
    }

    pub fn expected(id: &str, class: &str) -> Expected {
        Expected {
            person_id: id.into(),
            name: format!("name {id}"),
            category: PersonCategory::Student,
            department: "信息工程学院".into(),
            class_name: class.into(),
        }
    }

    pub fn filing(filed: DateTime<Utc>, received: DateTime<Utc>, tenths: u16) -> Filing {
        Filing {
            first_device_time: filed,
            first_time_flag: None,
            first_received_at: received,
            first_prior_sync: None,
            current_revision_id: "r1".into(),
            current_number: 1,
            current: DeclarationAnswers {
                temperature: Temperature::from_tenths(tenths),
                ..normal()
            },
            yesterday: None,
        }
    }

    pub fn facts(filing: Option<Filing>) -> PersonFacts<'static> {
        PersonFacts { filing, reasons: Vec::new(), sent_back: None, reminders: 0 }
    }

    fn judge(facts: PersonFacts<'_>) -> PersonDay {
        person_day(expected("s1", "c"), facts, &AbnormalRules::default(), deadline())
    }

    #[test]
    fn test_filed_on_time_offline_and_delivered_later_is_on_time() {
        let early = deadline() - Duration::hours(2);
        let day = judge(facts(Some(filing(early, deadline() + Duration::hours(3), 365))));
        assert_eq!(day.standing, Standing::OnTime);
        assert!(day.delivered_late);
        assert!(!day.clock_doubtful);
    }

    #[test]
    fn test_filed_after_the_deadline_is_late_by_its_minutes() {
        let day = judge(facts(Some(filing(
            deadline() + Duration::minutes(25),
            deadline() + Duration::minutes(26),
            385,
        ))));
        assert_eq!(day.standing, Standing::Late { minutes: 25 });
        assert_eq!(day.abnormal, vec![AbnormalReason::Fever(Temperature::from_tenths(385))]);
    }

    #[test]
    fn test_a_clock_set_back_does_not_make_a_filing_on_time() {
        let mut f = filing(deadline() - Duration::hours(1), deadline() + Duration::hours(2), 365);
        // The device synced at 11:00 without delivering what it says it
        // filed at 09:00.
        f.first_prior_sync = Some(deadline() + Duration::hours(1));
        let day = judge(facts(Some(f)));
        assert_eq!(day.standing, Standing::Late { minutes: 120 });
        assert!(day.clock_doubtful);
    }

    #[test]
    fn test_missing_with_and_without_a_reason() {
        assert_eq!(judge(facts(None)).standing, Standing::Missing);
        let older = MissingReason {
            reason_id: "a".into(),
            person_id: "s1".into(),
            from: NaiveDate::from_ymd_opt(2020, 2, 10).unwrap(),
            to: NaiveDate::from_ymd_opt(2020, 2, 10).unwrap(),
            kind: ReasonKind::Unreachable,
            note: String::new(),
            recorded_by: "T".into(),
            recorded_at: Some(deadline()),
        };
        let newer = MissingReason {
            kind: ReasonKind::Sick,
            recorded_at: Some(deadline() + Duration::minutes(1)),
            ..older.clone()
        };
        let day = judge(PersonFacts { reasons: vec![&newer, &older], ..facts(None) });
        assert_eq!(day.standing, Standing::Excused(ReasonKind::Sick));
    }

    #[test]
    fn test_a_send_back_is_pending_until_a_later_revision() {
        let note = SentBackNote {
            send_back_id: "b".into(),
            day: NaiveDate::from_ymd_opt(2020, 2, 10).unwrap(),
            revision_id: "r1".into(),
            comment: "体温".into(),
            by_name: "王老师".into(),
            at: deadline(),
        };
        let f = filing(deadline() - Duration::hours(1), deadline() - Duration::hours(1), 365);
        let pending =
            judge(PersonFacts { sent_back: Some(note.clone()), ..facts(Some(f.clone())) });
        assert!(pending.sent_back.is_some());
        let corrected = Filing { current_revision_id: "r2".into(), current_number: 2, ..f };
        let settled = judge(PersonFacts { sent_back: Some(note), ..facts(Some(corrected)) });
        assert!(settled.sent_back.is_none());
    }

    #[test]
    fn test_identical_to_yesterday_is_flagged() {
        let mut f = filing(deadline() - Duration::hours(1), deadline() - Duration::hours(1), 365);
        f.yesterday = Some(f.current.clone());
        assert!(judge(facts(Some(f.clone()))).identical);
        f.yesterday =
            Some(DeclarationAnswers { temperature: Temperature::from_tenths(366), ..normal() });
        assert!(!judge(facts(Some(f))).identical);
    }
}
