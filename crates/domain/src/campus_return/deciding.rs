//! A decision on an application, as the server takes it: the application
//! must be known; who decides which step is [`Deciders::of`] for the
//! applicant's department and class; the rules of the step are
//! [`decide`]'s.

use chrono::{DateTime, Utc};

use super::{decide, Deciders, ReturnApplication, ReturnStep, StepDecision};
use crate::account::AccountPerson;
use crate::error_code::ErrorCode;

/// What the store knows of the application being decided.
#[derive(Debug, Clone)]
pub struct DecideFacts<'a> {
    /// The application; `None`: no application has that id.
    pub application: Option<ReturnApplication>,
    /// The applicant's department and class on the roster (empty when
    /// they are no longer on it).
    pub department: &'a str,
    pub class_name: &'a str,
}

/// The decision made, and the application after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnDecided {
    pub step: ReturnStep,
    pub decision: StepDecision,
    pub application: ReturnApplication,
}

impl ReturnDecided {
    /// Whether the application still waits for a step.
    pub fn still_pending(&self) -> bool {
        self.application.pending_step().is_some()
    }
}

/// `actor`'s decision (`approve`, `reason`) on the application, at `at`.
pub fn decide_application(
    actor: &AccountPerson,
    facts: DecideFacts,
    approve: bool,
    reason: &str,
    at: DateTime<Utc>,
) -> Result<ReturnDecided, ErrorCode> {
    let Some(application) = facts.application else { return Err(ErrorCode::UnknownReturn) };
    let deciders = Deciders::of(actor, facts.department, facts.class_name);
    let (step, decision) = decide(&application, deciders, approve, reason, &actor.name, at)?;
    let application = application.with_decision(step, decision.clone());
    Ok(ReturnDecided { step, decision, application })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campus_return::application::tests::{application, at};
    use crate::campus_return::ReturnState;
    use crate::roster::Role;

    fn advisor() -> AccountPerson {
        AccountPerson {
            id: "T-1".into(),
            name: "张老师".into(),
            roles: [Role::Advisor].into(),
            category: None,
            department: "信息工程学院".into(),
            class_name: String::new(),
            advises: ["软件2001".to_owned()].into(),
            scope: None,
            contacts: Vec::new(),
        }
    }

    fn facts(application: Option<ReturnApplication>) -> DecideFacts<'static> {
        DecideFacts { application, department: "信息工程学院", class_name: "软件2001" }
    }

    #[test]
    fn test_the_advisor_decides_the_first_step() {
        let decided =
            decide_application(&advisor(), facts(Some(application(true))), true, "", at()).unwrap();
        assert_eq!(decided.step, ReturnStep::Advisor);
        assert_eq!(decided.decision.by_name, "张老师");
        assert_eq!(decided.application.state(), ReturnState::AwaitingOffice);
        assert!(decided.still_pending());
    }

    #[test]
    fn test_a_refusal_ends_the_application() {
        let decided =
            decide_application(&advisor(), facts(Some(application(true))), false, "不行", at());
        let decided = decided.unwrap();
        assert_eq!(decided.application.state(), ReturnState::Refused);
        assert!(!decided.still_pending());
    }

    #[test]
    fn test_an_unknown_application_or_another_class_is_refused() {
        assert_eq!(
            decide_application(&advisor(), facts(None), true, "", at()),
            Err(ErrorCode::UnknownReturn)
        );
        let other = DecideFacts { class_name: "软件2002", ..facts(Some(application(true))) };
        assert_eq!(
            decide_application(&advisor(), other, true, "", at()),
            Err(ErrorCode::NotYourScope)
        );
    }
}
