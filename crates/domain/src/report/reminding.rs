//! Reminders (一键催填, and an office's reminder to sign): who may send
//! one, whom it reaches, the daily cap, and the answer the sender gets.
//! The store reads the report and the day's counts, and writes a reminder
//! for each person these choose.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::standing::{PersonDay, Standing};
use super::view::Report;
use super::{RemindersSent, Scope, MAX_REMINDERS_PER_DAY};
use crate::access::{allows, Action};
use crate::account::AccountPerson;
use crate::error_code::ErrorCode;

/// Whether the actor may remind the scope's missing people: a class's
/// advisor, a department's office (its own staff); the school is nobody's
/// to remind as a whole. `department`: the scope's department.
pub fn may_remind(actor: &AccountPerson, scope: &Scope, department: &str) -> Result<(), ErrorCode> {
    let class_name = match scope {
        Scope::Class(c) => c.as_str(),
        Scope::Department(_) => "",
        Scope::School => return Err(ErrorCode::NotYourScope),
    };
    if allows(actor, &Action::ActFor { department, class_name }) {
        Ok(())
    } else {
        Err(ErrorCode::NotYourScope)
    }
}

/// The people a reminder to declare reaches: those the scope's signer
/// acts for (a class's members, a department's own staff) who have
/// neither declared nor a reason.
pub fn missing_of(scope: &Scope, people: &[PersonDay]) -> Vec<String> {
    people
        .iter()
        .filter(|p| scope.advises(&p.expected.department, &p.expected.class_name))
        .filter(|p| p.standing == Standing::Missing)
        .map(|p| p.expected.person_id.clone())
        .collect()
}

/// The reports of the level below that are not signed as they stand
/// (their signers are reminded).
pub fn unsigned_parts(report: &Report) -> Vec<Scope> {
    report.parts.iter().filter(|p| !p.state.is_signed()).map(|p| p.scope.clone()).collect()
}

/// Whether `person` signs `scope`'s report: a class's advisor, a
/// department's office, the school office.
pub fn signs(person: &AccountPerson, scope: &Scope) -> bool {
    let department = match scope {
        Scope::Department(d) => d.as_str(),
        Scope::Class(_) | Scope::School => "",
    };
    allows(person, &Action::SignReport { scope, department })
}

/// Of `people`, those under the day's cap (`counts`: how many reminders
/// of the kind each had that day), in their order; and how many are at it.
pub fn under_cap(people: &[String], counts: &HashMap<String, u8>) -> (Vec<String>, u32) {
    let (capped, open): (Vec<&String>, Vec<&String>) =
        people.iter().partition(|p| counts.get(*p).copied().unwrap_or(0) >= MAX_REMINDERS_PER_DAY);
    (open.into_iter().cloned().collect(), capped.len() as u32)
}

/// The sender's answer: how many were reminded and how many were at the
/// cap; refused when nobody was reminded.
pub fn reminders_sent(
    reminder_id: &str,
    scope: &Scope,
    day: NaiveDate,
    reminded: usize,
    at_cap: u32,
) -> Result<RemindersSent, ErrorCode> {
    if reminded == 0 {
        return Err(if at_cap > 0 { ErrorCode::ReminderCap } else { ErrorCode::NobodyToRemind });
    }
    Ok(RemindersSent {
        reminder_id: reminder_id.to_owned(),
        scope: scope.clone(),
        day,
        reminded: u32::try_from(reminded).unwrap_or(u32::MAX),
        at_cap,
    })
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::report::person_actions::tests::advisor_of;
    use crate::report::standing::person_day;
    use crate::report::standing::tests::{deadline, expected, facts, filing};
    use crate::roster::{OfficeScope, Role};
    use crate::AbnormalRules;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 2, 10).unwrap()
    }

    fn office(scope: OfficeScope) -> AccountPerson {
        AccountPerson { roles: [Role::Office].into(), scope: Some(scope), ..advisor_of("") }
    }

    #[test]
    fn test_who_may_remind() {
        let advisor = advisor_of("软件2001");
        let class = Scope::Class("软件2001".into());
        assert_eq!(may_remind(&advisor, &class, "信息工程学院"), Ok(()));
        assert_eq!(
            may_remind(&advisor, &Scope::Class("软件2002".into()), "信息工程学院"),
            Err(ErrorCode::NotYourScope)
        );
        let dept = office(OfficeScope::Department("信息工程学院".into()));
        let own = Scope::Department("信息工程学院".into());
        assert_eq!(may_remind(&dept, &own, "信息工程学院"), Ok(()));
        let school = office(OfficeScope::School);
        assert_eq!(may_remind(&school, &Scope::School, ""), Err(ErrorCode::NotYourScope));
    }

    #[test]
    fn test_only_the_missing_the_scope_acts_for_are_reminded() {
        let judge = |id: &str, class: &str, filed: bool| {
            let f = filed.then(|| filing(deadline() - Duration::hours(1), deadline(), 365));
            person_day(expected(id, class), facts(f), &AbnormalRules::default(), deadline())
        };
        let people = vec![judge("s1", "c", false), judge("s2", "c", true), judge("t1", "", false)];
        assert_eq!(missing_of(&Scope::Class("c".into()), &people), ["s1"]);
        assert_eq!(missing_of(&Scope::Department("信息工程学院".into()), &people), ["t1"]);
        assert!(missing_of(&Scope::School, &people).is_empty());
    }

    #[test]
    fn test_signers_of_each_level() {
        let advisor = advisor_of("软件2001");
        let dept = office(OfficeScope::Department("信息工程学院".into()));
        let school = office(OfficeScope::School);
        let class = Scope::Class("软件2001".into());
        let department = Scope::Department("信息工程学院".into());
        assert!(signs(&advisor, &class) && !signs(&advisor, &department));
        assert!(signs(&dept, &department) && !signs(&dept, &class));
        assert!(!signs(&dept, &Scope::Department("外国语学院".into())));
        assert!(signs(&school, &Scope::School) && !signs(&dept, &Scope::School));
    }

    #[test]
    fn test_the_cap_and_the_answer() {
        let people: Vec<String> = ["a", "b", "c"].map(String::from).into();
        let counts = HashMap::from([("a".to_owned(), MAX_REMINDERS_PER_DAY), ("b".to_owned(), 1)]);
        assert_eq!(under_cap(&people, &counts), (vec!["b".to_owned(), "c".to_owned()], 1));
        let scope = Scope::Class("c".into());
        assert_eq!(reminders_sent("r", &scope, day(), 0, 2), Err(ErrorCode::ReminderCap));
        assert_eq!(reminders_sent("r", &scope, day(), 0, 0), Err(ErrorCode::NobodyToRemind));
        let sent = reminders_sent("r", &scope, day(), 2, 1).unwrap();
        assert_eq!((sent.reminded, sent.at_cap), (2, 1));
    }
}
