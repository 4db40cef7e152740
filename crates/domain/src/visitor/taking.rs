//! The three visitor mutations as the server takes them, over what the
//! store holds: who may register, decide and record at the gate, and a
//! visitor or record id seen before (the same thing sent again, or an id
//! reused by someone else).

use chrono::{DateTime, NaiveDate, Utc};

use super::{decide, VisitorDecision, VisitorRegistration, VisitorRequest};
use crate::access::{allows, Action};
use crate::account::AccountPerson;
use crate::gate::{seen_before, Taken};
use crate::ErrorCode;

/// A registration the server takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Registering {
    /// Kept from now on, waiting for the host's department office.
    New(Box<VisitorRegistration>),
    /// The host's registration again: kept already, nothing changes.
    Again,
}

/// `host`'s registration of `request` at `at`, with `earlier` the
/// registration already kept under its id (if any).
pub fn register(
    host: &AccountPerson,
    request: &VisitorRequest,
    earlier: Option<&VisitorRegistration>,
    at: DateTime<Utc>,
) -> Result<Registering, ErrorCode> {
    if !allows(host, &Action::RegisterVisitor) {
        return Err(ErrorCode::NotYourScope);
    }
    match seen_before(earlier.map(|e| e.host_id.as_str()), &host.id)? {
        Taken::Again => Ok(Registering::Again),
        Taken::New => Ok(Registering::New(Box::new(VisitorRegistration::new(request, host, at)))),
    }
}

/// The registration after `office`'s `decision` on `today` at `at`: the
/// registration must be known and of the office's department.
pub fn decide_as(
    office: &AccountPerson,
    registration: Option<&VisitorRegistration>,
    decision: &VisitorDecision,
    today: NaiveDate,
    at: DateTime<Utc>,
) -> Result<VisitorRegistration, ErrorCode> {
    let Some(registration) = registration else { return Err(ErrorCode::UnknownVisitor) };
    let department = registration.host_department.as_str();
    if !allows(office, &Action::DecideVisitor { department }) {
        return Err(ErrorCode::NotYourScope);
    }
    decide(registration, decision, today, &office.name, at)
}

/// Whether `guard`'s record at the gate is taken, with `kept_by` the guard
/// who kept a record of that id already (if any). The record itself is a
/// fact of the gate: kept whatever it says, with its flags.
pub fn take_visitor_record(
    guard: &AccountPerson,
    kept_by: Option<&str>,
) -> Result<Taken, ErrorCode> {
    if !allows(guard, &Action::RecordAtGate) {
        return Err(ErrorCode::NotYourScope);
    }
    seen_before(kept_by, &guard.id)
}

#[cfg(test)]
mod tests {
    use super::super::status::tests::{at, host, registration};
    use super::super::tests::{day, request};
    use super::*;
    use crate::roster::{OfficeScope, Role};
    use crate::visitor::VisitorStatus;

    fn staff(id: &str, roles: &[Role], scope: Option<OfficeScope>) -> AccountPerson {
        AccountPerson {
            id: id.into(),
            name: "刘主任".into(),
            roles: roles.iter().copied().collect(),
            scope,
            category: None,
            ..host()
        }
    }

    fn approve() -> VisitorDecision {
        VisitorDecision { visitor_id: request().visitor_id, approve: true, reason: None }
    }

    #[test]
    fn test_a_host_registers_once() {
        let Ok(Registering::New(new)) = register(&host(), &request(), None, at()) else {
            panic!("a new registration")
        };
        assert_eq!(*new, registration());
        assert_eq!(register(&host(), &request(), Some(&new), at()), Ok(Registering::Again));
        let other = AccountPerson { id: "T-9".into(), ..host() };
        assert_eq!(register(&other, &request(), Some(&new), at()), Err(ErrorCode::IdReused));
    }

    #[test]
    fn test_only_staff_and_foreign_teachers_host() {
        let student = staff("2020-0101", &[Role::Declarant], None);
        assert_eq!(register(&student, &request(), None, at()), Err(ErrorCode::NotYourScope));
    }

    #[test]
    fn test_the_hosts_department_office_decides() {
        let office =
            staff("O-1", &[Role::Office], Some(OfficeScope::Department("外国语学院".into())));
        let decided = decide_as(&office, Some(&registration()), &approve(), day(10), at()).unwrap();
        assert_eq!(decided.status, VisitorStatus::Approved);
        assert_eq!(decided.decided_by.as_deref(), Some("刘主任"));
        let other =
            staff("O-2", &[Role::Office], Some(OfficeScope::Department("信息工程学院".into())));
        let refused = decide_as(&other, Some(&registration()), &approve(), day(10), at());
        assert_eq!(refused, Err(ErrorCode::NotYourScope));
        let unknown = decide_as(&office, None, &approve(), day(10), at());
        assert_eq!(unknown, Err(ErrorCode::UnknownVisitor));
    }

    #[test]
    fn test_a_guard_records_each_record_once() {
        let guard = staff("G-1", &[Role::Guard], None);
        assert_eq!(take_visitor_record(&guard, None), Ok(Taken::New));
        assert_eq!(take_visitor_record(&guard, Some("G-1")), Ok(Taken::Again));
        assert_eq!(take_visitor_record(&guard, Some("G-2")), Err(ErrorCode::IdReused));
        assert_eq!(take_visitor_record(&host(), None), Err(ErrorCode::NotYourScope));
    }
}
