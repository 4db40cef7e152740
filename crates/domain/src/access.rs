//! Who may do what (SPEC §4, "People and roles"): the one table of access
//! rules. The server asks it before every read and write; the app asks it
//! only to decide which pages to show.
//!
//! - A declarant reads and writes only their own records.
//! - An advisor reads the declarations of the classes she advises, and may
//!   issue a one-time code to a student of those classes.
//! - One-time codes are issued in the app only for plain declarants; an
//!   account with any other role gets its code on the server's command line.
//! - An office reads its scope: its department, or the whole school.
//! - A counsellor publishes her duty plan, reads and decides on her own
//!   appointments, and alone reads the notes she wrote; she reads no health
//!   declarations.
//! - An admin manages accounts (codes for plain declarants) and reads no
//!   health or counselling content.

use crate::account::AccountPerson;
use crate::roster::{OfficeScope, Role};

/// The person a request is about, as the roster has them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject<'a> {
    pub id: &'a str,
    pub class_name: &'a str,
    pub department: &'a str,
    /// A declarant and nothing else: no advisor, office, counsellor or
    /// admin role (whose accounts reach others' records).
    pub only_declarant: bool,
}

impl<'a> Subject<'a> {
    /// The subject `id`, as the roster has them (`None`: not on it, which
    /// nobody but the person themself could be allowed anything about).
    pub fn of(id: &'a str, person: Option<&'a AccountPerson>) -> Self {
        Subject {
            id,
            class_name: person.map_or("", |p| p.class_name.as_str()),
            department: person.map_or("", |p| p.department.as_str()),
            only_declarant: person.is_some_and(|p| p.roles.iter().eq([Role::Declarant].iter())),
        }
    }
}

/// Something a signed-in person asks to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action<'a> {
    /// Deliver one's own declarations (sync push).
    WriteOwnRecords,
    /// Fetch one's own records (sync pull).
    ReadOwnRecords,
    /// Read one person's declarations.
    ReadDeclarationsOf(Subject<'a>),
    /// Read a class's declarations for a day (who reported, who did not).
    ReadClass { class_name: &'a str, department: &'a str },
    /// Issue a one-time code to set (or reset) someone's password.
    IssueCode(Subject<'a>),
    /// Publish the duty plan of this counsellor.
    PublishPlan { counsellor_id: &'a str },
    /// Read the counselling centre's schedule (duty hours, booked slots).
    ReadSchedule,
    /// Read the appointments booked with this counsellor.
    ReadAppointmentsOf { counsellor_id: &'a str },
    /// Decide on, or write the note of, an appointment with this
    /// counsellor.
    ActOnAppointment { counsellor_id: &'a str },
    /// Read a private note written by this author.
    ReadNote { author_id: &'a str },
}

/// Whether `who` may do `action`.
pub fn allows(who: &AccountPerson, action: &Action) -> bool {
    match action {
        Action::WriteOwnRecords | Action::ReadOwnRecords => who.has(Role::Declarant),
        Action::ReadDeclarationsOf(subject) => {
            (subject.id == who.id && who.has(Role::Declarant))
                || reads_class(who, subject.class_name, subject.department)
        }
        Action::ReadClass { class_name, department } => reads_class(who, class_name, department),
        // Only for plain declarants: a code sets the password, so whoever
        // issues one could take the account over. An account that reads
        // others' records gets its code from the command line on the server.
        Action::IssueCode(subject) => {
            subject.only_declarant
                && (who.has(Role::Admin)
                    || (who.has(Role::Advisor) && advises(who, subject.class_name)))
        }
        Action::PublishPlan { counsellor_id }
        | Action::ReadAppointmentsOf { counsellor_id }
        | Action::ActOnAppointment { counsellor_id }
        | Action::ReadNote { author_id: counsellor_id } => {
            who.has(Role::Counsellor) && who.id == *counsellor_id
        }
        // Every signed-in person may book, so every one may see when.
        Action::ReadSchedule => true,
    }
}

fn advises(who: &AccountPerson, class_name: &str) -> bool {
    !class_name.is_empty() && who.advises.contains(class_name)
}

/// An advisor's classes; an office's department or school.
fn reads_class(who: &AccountPerson, class_name: &str, department: &str) -> bool {
    let as_advisor = who.has(Role::Advisor) && advises(who, class_name);
    let as_office = who.has(Role::Office)
        && match &who.scope {
            Some(OfficeScope::School) => true,
            Some(OfficeScope::Department(d)) => !department.is_empty() && d == department,
            None => false,
        };
    as_advisor || as_office
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn person(id: &str, roles: &[Role]) -> AccountPerson {
        AccountPerson {
            id: id.into(),
            name: id.into(),
            roles: roles.iter().copied().collect(),
            category: None,
            department: "信息工程学院".into(),
            class_name: String::new(),
            advises: BTreeSet::new(),
            scope: None,
        }
    }

    fn student(id: &'static str, class_name: &'static str) -> Subject<'static> {
        Subject { id, class_name, department: "信息工程学院", only_declarant: true }
    }

    #[test]
    fn test_declarant_reads_own_only() {
        let me = person("2020-0101", &[Role::Declarant]);
        assert!(allows(&me, &Action::ReadDeclarationsOf(student("2020-0101", "软件2001"))));
        assert!(!allows(&me, &Action::ReadDeclarationsOf(student("2020-0102", "软件2001"))));
        assert!(!allows(&me, &Action::ReadClass { class_name: "软件2001", department: "x" }));
        assert!(allows(&me, &Action::WriteOwnRecords));
    }

    #[test]
    fn test_advisor_reads_her_classes_only() {
        let mut advisor = person("T-1001", &[Role::Declarant, Role::Advisor]);
        advisor.advises.insert("软件2001".into());
        assert!(allows(&advisor, &Action::ReadDeclarationsOf(student("2020-0101", "软件2001"))));
        assert!(!allows(&advisor, &Action::ReadDeclarationsOf(student("2020-0203", "软件2002"))));
        assert!(allows(&advisor, &Action::IssueCode(student("2020-0101", "软件2001"))));
        assert!(!allows(&advisor, &Action::IssueCode(student("2020-0203", "软件2002"))));
    }

    #[test]
    fn test_office_reads_its_scope() {
        let mut office = person("T-3001", &[Role::Office]);
        office.scope = Some(OfficeScope::Department("信息工程学院".into()));
        let other = Subject { department: "外国语学院", ..student("2020-0909", "英语2001") };
        assert!(allows(&office, &Action::ReadDeclarationsOf(student("2020-0101", "软件2001"))));
        assert!(!allows(&office, &Action::ReadDeclarationsOf(other.clone())));
        office.scope = Some(OfficeScope::School);
        assert!(allows(&office, &Action::ReadDeclarationsOf(other)));
        assert!(!allows(&office, &Action::IssueCode(student("2020-0101", "软件2001"))));
    }

    #[test]
    fn test_admin_and_counsellor_read_no_health_content() {
        let admin = person("A-0001", &[Role::Admin]);
        let counsellor = person("C-0001", &[Role::Counsellor]);
        for who in [&admin, &counsellor] {
            assert!(!allows(who, &Action::ReadDeclarationsOf(student("2020-0101", "软件2001"))));
            assert!(!allows(who, &Action::ReadClass { class_name: "软件2001", department: "" }));
            assert!(!allows(who, &Action::ReadOwnRecords));
        }
        assert!(allows(&admin, &Action::IssueCode(student("2020-0101", "软件2001"))));
        assert!(!allows(&counsellor, &Action::IssueCode(student("2020-0101", "软件2001"))));
        // Never for an account that reads others' records.
        let office = Subject { only_declarant: false, ..student("T-3001", "") };
        assert!(!allows(&admin, &Action::IssueCode(office)));
    }

    #[test]
    fn test_a_counsellor_publishes_only_her_own_plan() {
        let counsellor = person("C-0001", &[Role::Counsellor]);
        assert!(allows(&counsellor, &Action::PublishPlan { counsellor_id: "C-0001" }));
        assert!(!allows(&counsellor, &Action::PublishPlan { counsellor_id: "C-0002" }));
        let admin = person("A-0001", &[Role::Admin]);
        assert!(!allows(&admin, &Action::PublishPlan { counsellor_id: "A-0001" }));
        assert!(allows(&admin, &Action::ReadSchedule));
    }
}
