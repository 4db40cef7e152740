//! Ending a person's isolation observation: their department's office
//! (or the school office) ends it, with a reason, and only an
//! observation that is running.

use crate::access::{allows, Action};
use crate::account::AccountPerson;
use crate::error_code::ErrorCode;

/// What the store knows of the person whose observation is to end.
#[derive(Debug, Clone, Copy)]
pub struct ObservationFacts<'a> {
    /// The person's department; `None`: nobody of the roster.
    pub department: Option<&'a str>,
    /// Whether an observation of theirs is running.
    pub under_observation: bool,
}

/// The reason to keep when `actor` may end the observation (trimmed).
pub fn end_observation(
    actor: &AccountPerson,
    facts: ObservationFacts,
    reason: &str,
) -> Result<String, ErrorCode> {
    let Some(department) = facts.department else { return Err(ErrorCode::NotYourScope) };
    if !allows(actor, &Action::EndObservation { department }) {
        return Err(ErrorCode::NotYourScope);
    }
    if !facts.under_observation {
        return Err(ErrorCode::NotUnderObservation);
    }
    Ok(reason.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::taking::tests::person;
    use crate::roster::{OfficeScope, Role};

    fn office(department: &str) -> AccountPerson {
        AccountPerson {
            scope: Some(OfficeScope::Department(department.into())),
            ..person("O-1", &[Role::Office])
        }
    }

    const RUNNING: ObservationFacts =
        ObservationFacts { department: Some("信息工程学院"), under_observation: true };

    #[test]
    fn test_the_persons_office_ends_a_running_observation() {
        let ended = end_observation(&office("信息工程学院"), RUNNING, " 复查正常 ");
        assert_eq!(ended.as_deref(), Ok("复查正常"));
    }

    #[test]
    fn test_another_office_or_nobody_of_the_roster_is_out_of_scope() {
        let other = end_observation(&office("外国语学院"), RUNNING, "x");
        assert_eq!(other, Err(ErrorCode::NotYourScope));
        let nobody = ObservationFacts { department: None, ..RUNNING };
        assert_eq!(
            end_observation(&office("信息工程学院"), nobody, "x"),
            Err(ErrorCode::NotYourScope)
        );
    }

    #[test]
    fn test_no_running_observation_is_refused() {
        let ended = ObservationFacts { under_observation: false, ..RUNNING };
        let refused = end_observation(&office("信息工程学院"), ended, "x");
        assert_eq!(refused, Err(ErrorCode::NotUnderObservation));
    }
}
