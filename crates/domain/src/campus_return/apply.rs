//! A person's application to return, as the server takes it: a new
//! application id, allowed by [`may_apply`], and with an advisor's step
//! when the applicant has a class (staff and foreign teachers have none:
//! their office decides alone).

use chrono::{DateTime, Utc};

use super::{may_apply, ReturnApplication, ReturnRequest};
use crate::account::AccountPerson;
use crate::declaration::LocationKind;
use crate::error_code::ErrorCode;
use crate::local_day;

/// What the store knows of the applicant when they apply.
#[derive(Debug, Clone, Copy)]
pub struct ApplyFacts<'a> {
    /// Whether an application with this id is kept already (anybody's).
    pub id_taken: bool,
    /// Where their latest declaration says they are.
    pub latest_location: Option<LocationKind>,
    /// Their applications so far.
    pub applications: &'a [ReturnApplication],
}

/// Whether an application waits for an advisor first: only a person of a
/// class has one.
pub fn has_advisor_step(applicant: &AccountPerson) -> bool {
    !applicant.class_name.is_empty()
}

/// The application `applicant` makes with `request` at `now`, or why not.
pub fn apply(
    applicant: &AccountPerson,
    request: &ReturnRequest,
    facts: ApplyFacts,
    now: DateTime<Utc>,
) -> Result<ReturnApplication, ErrorCode> {
    if facts.id_taken {
        return Err(ErrorCode::IdReused);
    }
    may_apply(request, local_day(now), facts.latest_location, facts.applications)?;
    Ok(ReturnApplication::new(&applicant.id, request, has_advisor_step(applicant), now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campus_return::application::tests::at;
    use crate::campus_return::request::tests::{request, today};
    use crate::campus_return::{ReturnState, ReturnStep};
    use crate::roster::Role;

    fn applicant(class_name: &str) -> AccountPerson {
        AccountPerson {
            id: "2020-0101".into(),
            name: "李明".into(),
            roles: [Role::Declarant].into(),
            category: None,
            department: "信息工程学院".into(),
            class_name: class_name.into(),
            advises: Default::default(),
            scope: None,
            contacts: Vec::new(),
        }
    }

    const AWAY: ApplyFacts<'static> = ApplyFacts {
        id_taken: false,
        latest_location: Some(LocationKind::OutsideProvince),
        applications: &[],
    };

    #[test]
    fn test_a_student_waits_for_the_advisor_staff_for_the_office() {
        let student = apply(&applicant("软件2001"), &request(today()), AWAY, at()).unwrap();
        assert_eq!(student.state(), ReturnState::AwaitingAdvisor);
        assert_eq!(student.person_id, "2020-0101");
        let staff = apply(&applicant(""), &request(today()), AWAY, at()).unwrap();
        assert_eq!(staff.pending_step(), Some(ReturnStep::Office));
    }

    #[test]
    fn test_a_kept_id_is_reused() {
        let taken = ApplyFacts { id_taken: true, ..AWAY };
        assert_eq!(apply(&applicant(""), &request(today()), taken, at()), Err(ErrorCode::IdReused));
    }

    #[test]
    fn test_the_rules_of_applying_hold() {
        let home = ApplyFacts { latest_location: Some(LocationKind::OnCampus), ..AWAY };
        let refused = apply(&applicant(""), &request(today()), home, at());
        assert_eq!(refused, Err(ErrorCode::NotOffCampus));
    }
}
