//! An application as the server keeps it, and where it stands.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ReturnRequest;

/// The two steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnStep {
    /// The class's advisor.
    Advisor,
    /// The department's office.
    Office,
}

/// One step's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepDecision {
    pub approve: bool,
    /// Required for a refusal; may be empty for an approval.
    #[serde(default)]
    pub reason: String,
    pub by_name: String,
    pub at: DateTime<Utc>,
}

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnState {
    AwaitingAdvisor,
    AwaitingOffice,
    Approved,
    Refused,
}

/// An application as its applicant pulls it ([`ReturnApplication::standing`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnStanding {
    pub application_id: String,
    pub planned_on: chrono::NaiveDate,
    pub applied_at: DateTime<Utc>,
    pub state: ReturnState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal_reason: Option<String>,
}

/// An application with its decisions, as the server keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnApplication {
    pub request: ReturnRequest,
    pub person_id: String,
    pub applied_at: DateTime<Utc>,
    /// The person has a class, so an advisor decides first; without one
    /// (staff, foreign teachers) the office decides alone.
    pub has_advisor_step: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advisor: Option<StepDecision>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<StepDecision>,
}

impl ReturnApplication {
    /// A new application, waiting for its first step.
    pub fn new(
        person_id: &str,
        request: &ReturnRequest,
        has_advisor_step: bool,
        applied_at: DateTime<Utc>,
    ) -> Self {
        ReturnApplication {
            request: request.clone(),
            person_id: person_id.to_owned(),
            applied_at,
            has_advisor_step,
            advisor: None,
            office: None,
        }
    }

    pub fn id(&self) -> &str {
        &self.request.application_id
    }

    /// The step waiting for a decision; `None` once decided.
    pub fn pending_step(&self) -> Option<ReturnStep> {
        match self.state() {
            ReturnState::AwaitingAdvisor => Some(ReturnStep::Advisor),
            ReturnState::AwaitingOffice => Some(ReturnStep::Office),
            ReturnState::Approved | ReturnState::Refused => None,
        }
    }

    pub fn state(&self) -> ReturnState {
        if self.refusal().is_some() {
            return ReturnState::Refused;
        }
        if self.has_advisor_step && self.advisor.is_none() {
            ReturnState::AwaitingAdvisor
        } else if self.office.is_none() {
            ReturnState::AwaitingOffice
        } else {
            ReturnState::Approved
        }
    }

    /// What the applicant's phone needs of its application: where it stands,
    /// its day, and a refusal's reason (not the decisions' names and
    /// times, nor the request it sent: the pull stays small, and so does
    /// the phone's code that reads it).
    pub fn standing(&self) -> ReturnStanding {
        ReturnStanding {
            application_id: self.request.application_id.clone(),
            planned_on: self.request.planned_on,
            applied_at: self.applied_at,
            state: self.state(),
            refusal_reason: self.refusal().map(|d| d.reason.clone()),
        }
    }

    /// The step that refused, if one did.
    pub fn refusal(&self) -> Option<&StepDecision> {
        [&self.advisor, &self.office].into_iter().flatten().find(|d| !d.approve)
    }

    /// The application with `step` decided.
    pub fn with_decision(mut self, step: ReturnStep, decision: StepDecision) -> Self {
        match step {
            ReturnStep::Advisor => self.advisor = Some(decision),
            ReturnStep::Office => self.office = Some(decision),
        }
        self
    }
}

/// An application waiting for the asker's decision, with who applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnToDecide {
    pub application: ReturnApplication,
    pub name: String,
    /// Empty for staff and foreign teachers.
    pub class_name: String,
    pub department: String,
}

/// `GET /api/v1/returns`: the applications waiting for the asker's step.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReturnsToDecide {
    pub applications: Vec<ReturnToDecide>,
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::campus_return::request::tests::{request, today};

    pub(crate) fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2020, 2, 10, 2, 0, 0).unwrap()
    }

    pub(crate) fn decision(approve: bool) -> StepDecision {
        let reason = if approve { String::new() } else { "仍在隔离期".into() };
        StepDecision { approve, reason, by_name: "张老师".into(), at: at() }
    }

    pub(crate) fn application(has_advisor_step: bool) -> ReturnApplication {
        ReturnApplication::new("2020-0101", &request(today()), has_advisor_step, at())
    }

    #[test]
    fn test_state_of_student_goes_advisor_then_office_then_approved() {
        let new = application(true);
        assert_eq!(new.state(), ReturnState::AwaitingAdvisor);
        let advised = new.with_decision(ReturnStep::Advisor, decision(true));
        assert_eq!(advised.state(), ReturnState::AwaitingOffice);
        let approved = advised.with_decision(ReturnStep::Office, decision(true));
        assert_eq!(approved.state(), ReturnState::Approved);
        assert_eq!(approved.pending_step(), None);
    }

    #[test]
    fn test_state_of_staff_starts_with_the_office() {
        let new = application(false);
        assert_eq!(new.pending_step(), Some(ReturnStep::Office));
        let approved = new.with_decision(ReturnStep::Office, decision(true));
        assert_eq!(approved.state(), ReturnState::Approved);
    }

    #[test]
    fn test_state_refused_by_either_step() {
        let by_advisor = application(true).with_decision(ReturnStep::Advisor, decision(false));
        assert_eq!(by_advisor.state(), ReturnState::Refused);
        assert_eq!(by_advisor.refusal().unwrap().reason, "仍在隔离期");
        let by_office = application(true)
            .with_decision(ReturnStep::Advisor, decision(true))
            .with_decision(ReturnStep::Office, decision(false));
        assert_eq!(by_office.state(), ReturnState::Refused);
    }
}
