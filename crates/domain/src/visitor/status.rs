//! A registration's life: waiting for the host's department office, then
//! approved or refused (with a reason), once. Nothing is deleted.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{VisitorRequest, MAX_DECISION_REASON_CHARS};
use crate::ErrorCode;

/// Where a registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitorStatus {
    /// Waiting for the office.
    Pending,
    Approved,
    Refused,
}

/// A registration as the server holds it: what the host pulls, and what
/// the department office decides on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorRegistration {
    pub request: VisitorRequest,
    pub host_id: String,
    pub host_name: String,
    pub host_department: String,
    pub status: VisitorStatus,
    /// The office's reason (required for a refusal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_reason: Option<String>,
    /// Who decided (their name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
    pub registered_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<DateTime<Utc>>,
}

impl VisitorRegistration {
    /// A new registration by its host, waiting.
    pub fn new(
        request: &VisitorRequest,
        host: &crate::account::AccountPerson,
        at: DateTime<Utc>,
    ) -> Self {
        VisitorRegistration {
            request: request.normalized(),
            host_id: host.id.clone(),
            host_name: host.name.clone(),
            host_department: host.department.clone(),
            status: VisitorStatus::Pending,
            decision_reason: None,
            decided_by: None,
            registered_at: at,
            decided_at: None,
        }
    }

    /// Whether the office still has to decide on `today`: waiting, and its
    /// day not over.
    pub fn awaits_decision(&self, today: NaiveDate) -> bool {
        self.status == VisitorStatus::Pending && self.request.day >= today
    }

    /// Whether the visitor may come on `day`.
    pub fn admits_on(&self, day: NaiveDate) -> bool {
        self.status == VisitorStatus::Approved && self.request.day == day
    }
}

/// The office's decision (the `visitor_decide` mutation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorDecision {
    pub visitor_id: String,
    pub approve: bool,
    /// Required to refuse; an optional note to approve.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl VisitorDecision {
    /// What the decision's text must be, whatever it is about: a reason
    /// within its limit, required for a refusal.
    pub fn check(&self) -> Result<(), ErrorCode> {
        let reason = self.reason.as_deref().map(str::trim).unwrap_or("");
        let chars = reason.chars().count();
        if chars > MAX_DECISION_REASON_CHARS {
            Err(ErrorCode::TextTooLong)
        } else if chars == 0 && !self.approve {
            Err(ErrorCode::TextRequired)
        } else {
            Ok(())
        }
    }
}

/// The registration after the office's `decision` on `today` by
/// `decider` (a name), at `at`: only a waiting registration whose day is
/// not over is decided, once.
pub fn decide(
    registration: &VisitorRegistration,
    decision: &VisitorDecision,
    today: NaiveDate,
    decider: &str,
    at: DateTime<Utc>,
) -> Result<VisitorRegistration, ErrorCode> {
    decision.check()?;
    if registration.status != VisitorStatus::Pending {
        return Err(ErrorCode::AlreadyDecided);
    }
    if registration.request.day < today {
        return Err(ErrorCode::VisitDayPast);
    }
    let reason = decision.reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    Ok(VisitorRegistration {
        status: if decision.approve { VisitorStatus::Approved } else { VisitorStatus::Refused },
        decision_reason: reason.map(str::to_owned),
        decided_by: Some(decider.to_owned()),
        decided_at: Some(at),
        ..registration.clone()
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::TimeZone;

    use super::super::tests::{day, request};
    use super::*;
    use crate::account::AccountPerson;
    use crate::profile::PersonCategory;
    use crate::roster::Role;

    pub fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2020, 2, 10, 2, 0, 0).unwrap()
    }

    /// T-2001, a foreign teacher of 外国语学院.
    pub fn host() -> AccountPerson {
        AccountPerson {
            id: "T-2001".into(),
            name: "John Carter".into(),
            roles: [Role::Declarant].into(),
            category: Some(PersonCategory::ForeignTeacher),
            department: "外国语学院".into(),
            class_name: String::new(),
            advises: Default::default(),
            scope: None,
            contacts: Vec::new(),
        }
    }

    pub fn registration() -> VisitorRegistration {
        VisitorRegistration::new(&request(), &host(), at())
    }

    fn decision(approve: bool, reason: Option<&str>) -> VisitorDecision {
        VisitorDecision {
            visitor_id: request().visitor_id,
            approve,
            reason: reason.map(str::to_owned),
        }
    }

    #[test]
    fn test_new_registration_waits_normalised() {
        let r = registration();
        assert_eq!(r.status, VisitorStatus::Pending);
        assert_eq!(r.request.plate.as_deref(), Some("琼A12345"));
        assert!(r.awaits_decision(day(10)));
        assert!(!r.awaits_decision(day(13)), "its day is over");
        assert!(!r.admits_on(day(12)));
    }

    #[test]
    fn test_decide_approves_a_waiting_registration() {
        let approved = decide(&registration(), &decision(true, None), day(10), "刘主任", at());
        let approved = approved.unwrap();
        assert_eq!(approved.status, VisitorStatus::Approved);
        assert_eq!(approved.decided_by.as_deref(), Some("刘主任"));
        assert!(approved.admits_on(day(12)));
        assert!(!approved.admits_on(day(11)), "another day");
    }

    #[test]
    fn test_decide_refuses_only_with_a_reason() {
        let refuse = |reason| decide(&registration(), &decision(false, reason), day(10), "x", at());
        assert_eq!(refuse(None), Err(ErrorCode::TextRequired));
        assert_eq!(refuse(Some("  ")), Err(ErrorCode::TextRequired));
        let long = "很".repeat(MAX_DECISION_REASON_CHARS + 1);
        assert_eq!(refuse(Some(&long)), Err(ErrorCode::TextTooLong));
        let refused = refuse(Some(" 当天封校 ")).unwrap();
        assert_eq!(refused.status, VisitorStatus::Refused);
        assert_eq!(refused.decision_reason.as_deref(), Some("当天封校"));
        assert!(!refused.admits_on(day(12)));
    }

    #[test]
    fn test_decide_twice_is_refused() {
        let approved = decide(&registration(), &decision(true, None), day(10), "x", at()).unwrap();
        let again = decide(&approved, &decision(false, Some("改主意")), day(10), "x", at());
        assert_eq!(again, Err(ErrorCode::AlreadyDecided));
    }

    #[test]
    fn test_decide_after_the_visit_day_is_refused() {
        let late = decide(&registration(), &decision(true, None), day(13), "x", at());
        assert_eq!(late, Err(ErrorCode::VisitDayPast));
    }
}
