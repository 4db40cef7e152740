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
//! - Staff and foreign teachers register visitors as their hosts; the
//!   host's department office reads and decides its department's
//!   registrations; a guard reads the day's approved visitors (no reasons)
//!   and records them at the gate.
//! - An admin manages accounts (codes for plain declarants) and reads no
//!   health or counselling content.

use crate::account::AccountPerson;
use crate::campus_return::ReturnStep;
use crate::profile::PersonCategory;
use crate::report::view::Visibility;
use crate::report::Scope;
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
    /// Push one's queue and pull one's change log: declarants, advisors
    /// and offices (each mutation is then checked on its own).
    Sync,
    /// Read one person's declarations.
    ReadDeclarationsOf(Subject<'a>),
    /// Open one person's declarations beyond the abnormal list, with a
    /// typed reason (the school office; every read is logged with it).
    OpenDeclarationsOf(Subject<'a>),
    /// Read a class's declarations for a day (who reported, who did not).
    ReadClass { class_name: &'a str, department: &'a str },
    /// Issue a one-time code to set (or reset) someone's password.
    IssueCode(Subject<'a>),
    /// Issue the codes of a whole class at once (its members without a
    /// password).
    IssueClassCodes { class_name: &'a str },
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
    /// Read (or export) a scope's daily report. `department`: the class's
    /// department for a class, the department itself for a department.
    ReadReport { scope: &'a Scope, department: &'a str },
    /// Act as the person's advisor: record a reason, send a declaration
    /// back, remind (a class's advisor; a department office for its own
    /// staff, who have no class).
    ActFor { department: &'a str, class_name: &'a str },
    /// Sign a scope's daily report (its own level's signer).
    SignReport { scope: &'a Scope, department: &'a str },
    /// Return a signed report to the level below (the level above).
    ReturnReport { scope: &'a Scope, department: &'a str },
    /// Remind the signers of the unsigned reports within a scope.
    RemindSigners { scope: &'a Scope },
    /// Fetch the day's gate list (everyone's entry status, masked name and
    /// class; never a declaration) to check people without a pass.
    ReadGateList,
    /// Record a check at the gate (temperature, symptoms seen, decision),
    /// of a person or of a visitor.
    RecordAtGate,
    /// End the medical isolation observation of a person of `department`
    /// (its office, or the school's).
    EndObservation { department: &'a str },
    /// Read the applications to return to campus waiting for one's
    /// decision (advisors and department offices; each application is then
    /// checked with [`Action::DecideReturn`]).
    ReadReturns,
    /// Decide a step of the return of a person of this department and
    /// class: the advisor step is the class's advisor's; the office step
    /// the department office's (for staff, who have no class, the only
    /// step). The school office, counsellors and admins decide none.
    DecideReturn { step: ReturnStep, department: &'a str, class_name: &'a str },
    /// Register a visitor as their host (staff and foreign teachers).
    RegisterVisitor,
    /// Read the registrations of hosts of this department that wait for
    /// a decision.
    ReadPendingVisitors { department: &'a str },
    /// Approve or refuse the registration of a host of this department.
    DecideVisitor { department: &'a str },
    /// Fetch the day's approved visitors (no reasons) to check them at the
    /// gate offline.
    ReadGateVisitors,
    /// Read what the next retention purge will remove (counts only): the
    /// school office is warned of it.
    ReadRetention,
}

/// Whether `who` may do `action`.
pub fn allows(who: &AccountPerson, action: &Action) -> bool {
    match action {
        Action::WriteOwnRecords | Action::ReadOwnRecords => who.has(Role::Declarant),
        Action::Sync => {
            who.has(Role::Declarant)
                || who.has(Role::Advisor)
                || who.has(Role::Office)
                || who.has(Role::Guard)
        }
        Action::EndObservation { department } => office_of(who, department),
        Action::ReadGateList | Action::RecordAtGate | Action::ReadGateVisitors => {
            who.has(Role::Guard)
        }
        Action::RegisterVisitor => matches!(
            who.category,
            Some(PersonCategory::Staff) | Some(PersonCategory::ForeignTeacher)
        ),
        Action::ReadPendingVisitors { department } | Action::DecideVisitor { department } => {
            department_office(who, department)
        }
        // Named declarations: the person, their advisor, their department's
        // office. The school office sees the abnormal by name in the
        // report only.
        Action::ReadDeclarationsOf(subject) => {
            (subject.id == who.id && who.has(Role::Declarant))
                || reads_named(who, subject.class_name, subject.department)
        }
        Action::OpenDeclarationsOf(_) | Action::ReadRetention => school_office(who),
        Action::ReadClass { class_name, department } => reads_named(who, class_name, department),
        // Only for plain declarants: a code sets the password, so whoever
        // issues one could take the account over. An account that reads
        // others' records gets its code from the command line on the server.
        Action::IssueCode(subject) => {
            subject.only_declarant
                && (who.has(Role::Admin)
                    || (who.has(Role::Advisor) && advises(who, subject.class_name)))
        }
        // As for one person's code: the admin, or the class's advisor.
        Action::IssueClassCodes { class_name } => {
            who.has(Role::Admin) || (who.has(Role::Advisor) && advises(who, class_name))
        }
        Action::PublishPlan { counsellor_id }
        | Action::ReadAppointmentsOf { counsellor_id }
        | Action::ActOnAppointment { counsellor_id }
        | Action::ReadNote { author_id: counsellor_id } => {
            who.has(Role::Counsellor) && who.id == *counsellor_id
        }
        // Every signed-in person may book, so every one may see when.
        Action::ReadSchedule => true,
        Action::ReadReport { scope, department } => match scope {
            Scope::Class(class) => reads_class(who, class, department),
            Scope::Department(_) => office_of(who, department),
            Scope::School => school_office(who),
        },
        Action::ActFor { department, class_name } => {
            if class_name.is_empty() {
                department_office(who, department)
            } else {
                who.has(Role::Advisor) && advises(who, class_name)
            }
        }
        Action::SignReport { scope, department } => match scope {
            Scope::Class(class) => who.has(Role::Advisor) && advises(who, class),
            Scope::Department(_) => department_office(who, department),
            Scope::School => school_office(who),
        },
        Action::ReturnReport { scope, department } => match scope {
            Scope::Class(_) => department_office(who, department),
            Scope::Department(_) => school_office(who),
            Scope::School => false,
        },
        Action::RemindSigners { scope } => match scope {
            Scope::Department(d) => department_office(who, d),
            Scope::School => school_office(who),
            Scope::Class(_) => false,
        },
        Action::ReadReturns => {
            who.has(Role::Advisor)
                || (who.has(Role::Office) && matches!(who.scope, Some(OfficeScope::Department(_))))
        }
        Action::DecideReturn { step: ReturnStep::Advisor, class_name, .. } => {
            who.has(Role::Advisor) && advises(who, class_name)
        }
        Action::DecideReturn { step: ReturnStep::Office, department, .. } => {
            department_office(who, department)
        }
    }
}

/// How much of a person of `department` and `class_name` the asker sees
/// in a report (SPEC §2, "who sees what"): their advisor everything; a
/// department office the missing and the abnormal of its classes (its own
/// staff in full); the school office the abnormal by name. Counsellors and
/// admins see no health data.
pub fn visibility(who: &AccountPerson, department: &str, class_name: &str) -> Visibility {
    if allows(who, &Action::ActFor { department, class_name }) {
        Visibility::Full
    } else if department_office(who, department) {
        Visibility::MissingAndAbnormal
    } else if school_office(who) {
        Visibility::AbnormalNames
    } else {
        Visibility::Figures
    }
}

fn department_office(who: &AccountPerson, department: &str) -> bool {
    who.has(Role::Office)
        && !department.is_empty()
        && who.scope == Some(OfficeScope::Department(department.to_owned()))
}

fn school_office(who: &AccountPerson) -> bool {
    who.has(Role::Office) && who.scope == Some(OfficeScope::School)
}

/// A department's office, or the school's.
fn office_of(who: &AccountPerson, department: &str) -> bool {
    department_office(who, department) || school_office(who)
}

fn advises(who: &AccountPerson, class_name: &str) -> bool {
    !class_name.is_empty() && who.advises.contains(class_name)
}

/// An advisor's classes; a department office's own department.
fn reads_named(who: &AccountPerson, class_name: &str, department: &str) -> bool {
    (who.has(Role::Advisor) && advises(who, class_name)) || department_office(who, department)
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
            contacts: Vec::new(),
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
        assert!(allows(&advisor, &Action::IssueClassCodes { class_name: "软件2001" }));
        assert!(!allows(&advisor, &Action::IssueClassCodes { class_name: "软件2002" }));
    }

    #[test]
    fn test_office_reads_its_scope() {
        let mut office = person("T-3001", &[Role::Office]);
        office.scope = Some(OfficeScope::Department("信息工程学院".into()));
        let other = Subject { department: "外国语学院", ..student("2020-0909", "英语2001") };
        assert!(allows(&office, &Action::ReadDeclarationsOf(student("2020-0101", "软件2001"))));
        assert!(!allows(&office, &Action::ReadDeclarationsOf(other.clone())));
        office.scope = Some(OfficeScope::School);
        // The school office reads figures and the abnormal's names, in the
        // report: not the declarations themselves.
        assert!(!allows(&office, &Action::ReadDeclarationsOf(other.clone())));
        // Beyond that, only with a reason (the route asks for it), logged.
        assert!(allows(&office, &Action::OpenDeclarationsOf(other.clone())));
        assert!(allows(&office, &Action::ReadRetention));
        office.scope = Some(OfficeScope::Department("信息工程学院".into()));
        assert!(!allows(&office, &Action::OpenDeclarationsOf(other)));
        assert!(!allows(&office, &Action::ReadRetention));
        office.scope = Some(OfficeScope::School);
        let school = Scope::School;
        assert!(allows(&office, &Action::ReadReport { scope: &school, department: "" }));
        assert!(!allows(&office, &Action::IssueCode(student("2020-0101", "软件2001"))));
    }

    #[test]
    fn test_admin_and_counsellor_read_no_health_content() {
        let admin = person("A-0001", &[Role::Admin]);
        let counsellor = person("C-0001", &[Role::Counsellor]);
        for who in [&admin, &counsellor] {
            assert!(!allows(who, &Action::ReadDeclarationsOf(student("2020-0101", "软件2001"))));
            assert!(!allows(who, &Action::ReadClass { class_name: "软件2001", department: "" }));
            assert!(!allows(who, &Action::OpenDeclarationsOf(student("2020-0101", "软件2001"))));
            assert!(!allows(who, &Action::ReadOwnRecords));
        }
        assert!(allows(&admin, &Action::IssueCode(student("2020-0101", "软件2001"))));
        assert!(!allows(&counsellor, &Action::IssueCode(student("2020-0101", "软件2001"))));
        // Never for an account that reads others' records.
        let office = Subject { only_declarant: false, ..student("T-3001", "") };
        assert!(!allows(&admin, &Action::IssueCode(office)));
    }

    #[test]
    fn test_report_actions_by_level() {
        let dept = "信息工程学院";
        let class = Scope::Class("软件2001".into());
        let department = Scope::Department(dept.into());
        let mut advisor = person("T-1001", &[Role::Declarant, Role::Advisor]);
        advisor.advises.insert("软件2001".into());
        let mut office = person("T-3001", &[Role::Office]);
        office.scope = Some(OfficeScope::Department(dept.into()));
        let mut school = person("T-4001", &[Role::Office]);
        school.scope = Some(OfficeScope::School);
        let sign = |s| Action::SignReport { scope: s, department: dept };
        assert!(allows(&advisor, &sign(&class)));
        assert!(!allows(&office, &sign(&class)));
        assert!(allows(&office, &sign(&department)));
        assert!(!allows(&advisor, &sign(&department)));
        assert!(allows(&school, &sign(&Scope::School)));
        assert!(!allows(&office, &sign(&Scope::School)));
        let back = |s| Action::ReturnReport { scope: s, department: dept };
        assert!(allows(&office, &back(&class)));
        assert!(!allows(&advisor, &back(&class)));
        assert!(allows(&school, &back(&department)));
        assert!(!allows(&school, &back(&Scope::School)));
        // The office is its staff's advisor, not its students'.
        assert!(allows(&office, &Action::ActFor { department: dept, class_name: "" }));
        assert!(!allows(&office, &Action::ActFor { department: dept, class_name: "软件2001" }));
        assert!(allows(&advisor, &Action::ActFor { department: dept, class_name: "软件2001" }));
        assert!(!allows(&advisor, &Action::ActFor { department: dept, class_name: "软件2002" }));
        let other = Action::ReadReport { scope: &class, department: "外国语学院" };
        assert!(!allows(&office, &other), "a class of another department");
        assert!(allows(&school, &other));
    }

    #[test]
    fn test_visibility_by_role() {
        let dept = "信息工程学院";
        let mut advisor = person("T-1001", &[Role::Declarant, Role::Advisor]);
        advisor.advises.insert("软件2001".into());
        let mut office = person("T-3001", &[Role::Office]);
        office.scope = Some(OfficeScope::Department(dept.into()));
        let mut school = person("T-4001", &[Role::Office]);
        school.scope = Some(OfficeScope::School);
        let counsellor = person("C-1", &[Role::Counsellor, Role::Admin]);
        assert_eq!(visibility(&advisor, dept, "软件2001"), Visibility::Full);
        assert_eq!(visibility(&advisor, dept, "软件2002"), Visibility::Figures);
        assert_eq!(visibility(&office, dept, "软件2001"), Visibility::MissingAndAbnormal);
        assert_eq!(visibility(&office, dept, ""), Visibility::Full);
        assert_eq!(visibility(&office, "外国语学院", ""), Visibility::Figures);
        assert_eq!(visibility(&school, dept, "软件2001"), Visibility::AbnormalNames);
        assert_eq!(visibility(&counsellor, dept, "软件2001"), Visibility::Figures);
    }

    #[test]
    fn test_visitors_are_hosted_by_staff_and_decided_by_their_office() {
        let dept = "信息工程学院";
        let mut staff = person("T-1001", &[Role::Declarant]);
        staff.category = Some(PersonCategory::Staff);
        let mut teacher = person("T-2001", &[Role::Declarant]);
        teacher.category = Some(PersonCategory::ForeignTeacher);
        let mut pupil = person("2020-0101", &[Role::Declarant]);
        pupil.category = Some(PersonCategory::Student);
        let admin = person("A-0001", &[Role::Admin]);
        assert!(allows(&staff, &Action::RegisterVisitor));
        assert!(allows(&teacher, &Action::RegisterVisitor));
        assert!(!allows(&pupil, &Action::RegisterVisitor));
        assert!(!allows(&admin, &Action::RegisterVisitor), "no category, nobody's host");
        let mut office = person("T-3001", &[Role::Office]);
        office.scope = Some(OfficeScope::Department(dept.into()));
        assert!(allows(&office, &Action::DecideVisitor { department: dept }));
        assert!(allows(&office, &Action::ReadPendingVisitors { department: dept }));
        assert!(!allows(&office, &Action::DecideVisitor { department: "外国语学院" }));
        office.scope = Some(OfficeScope::School);
        assert!(!allows(&office, &Action::DecideVisitor { department: dept }));
        assert!(!allows(&staff, &Action::ReadPendingVisitors { department: dept }));
    }

    #[test]
    fn test_only_guards_read_the_gate_visitors() {
        let guard = person("G-0001", &[Role::Declarant, Role::Guard]);
        assert!(allows(&guard, &Action::ReadGateVisitors));
        assert!(allows(&guard, &Action::RecordAtGate));
        let mut office = person("T-3001", &[Role::Office]);
        office.scope = Some(OfficeScope::School);
        assert!(!allows(&office, &Action::ReadGateVisitors));
        assert!(!allows(&person("2020-0101", &[Role::Declarant]), &Action::RecordAtGate));
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
