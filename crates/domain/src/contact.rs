//! Whom a person calls about their own health (SPEC §1: an abnormal result
//! says what to do and whom to call): the advisors of their class, or, for
//! staff and foreign teachers, who have no class, their department's
//! office. Decided here from the roster; the server sends the result with
//! the person's session, and the phone keeps it for offline use.

use serde::{Deserialize, Serialize};

use crate::account::AccountPerson;
use crate::roster::{OfficeScope, Role};

/// Why this contact is the person's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactRole {
    /// The advisor of the person's class.
    Advisor,
    /// The office of the person's department (for those with no class).
    Office,
}

/// A person to call, with the phone number the roster gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub role: ContactRole,
    pub name: String,
    pub phone: String,
}

/// At most this many contacts are sent (a class with many advisors).
pub const MAX_CONTACTS: usize = 3;

/// The contacts of `person` among `staff` (roster people with their phone
/// numbers): the active advisors of their class; with no class, the
/// offices of their department. Only those with a phone number; in the
/// roster's order; never the person themself.
pub fn contacts_for(person: &AccountPerson, staff: &[(AccountPerson, String)]) -> Vec<Contact> {
    let of_class = !person.class_name.is_empty();
    staff
        .iter()
        .filter(|(other, phone)| other.id != person.id && !phone.trim().is_empty())
        .filter_map(|(other, phone)| {
            let role = if of_class {
                (other.has(Role::Advisor) && other.advises.contains(&person.class_name))
                    .then_some(ContactRole::Advisor)
            } else {
                let office_of = matches!(&other.scope,
                    Some(OfficeScope::Department(d)) if *d == person.department);
                (other.has(Role::Office) && office_of).then_some(ContactRole::Office)
            }?;
            Some(Contact { role, name: other.name.clone(), phone: phone.trim().to_owned() })
        })
        .take(MAX_CONTACTS)
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::profile::PersonCategory;

    fn person(id: &str, roles: &[Role], department: &str, class: &str) -> AccountPerson {
        AccountPerson {
            id: id.into(),
            name: format!("name of {id}"),
            roles: roles.iter().copied().collect(),
            category: Some(PersonCategory::Student),
            department: department.into(),
            class_name: class.into(),
            advises: BTreeSet::new(),
            scope: None,
            contacts: Vec::new(),
        }
    }

    fn staff() -> Vec<(AccountPerson, String)> {
        let mut advisor = person("T-1", &[Role::Declarant, Role::Advisor], "信息", "");
        advisor.advises = ["软件2001".to_owned()].into();
        let mut other_advisor = person("T-2", &[Role::Advisor], "信息", "");
        other_advisor.advises = ["软件2002".to_owned()].into();
        let mut no_phone = person("T-3", &[Role::Advisor], "信息", "");
        no_phone.advises = ["软件2001".to_owned()].into();
        let mut office = person("T-4", &[Role::Office], "信息", "");
        office.scope = Some(OfficeScope::Department("信息".into()));
        let mut school = person("T-5", &[Role::Office], "校办", "");
        school.scope = Some(OfficeScope::School);
        vec![
            (advisor, "139 0000 0001".into()),
            (other_advisor, "13900000002".into()),
            (no_phone, " ".into()),
            (office, "13900000004".into()),
            (school, "13900000005".into()),
        ]
    }

    #[test]
    fn test_a_student_calls_the_advisors_of_her_class_with_a_phone() {
        let student = person("S-1", &[Role::Declarant], "信息", "软件2001");
        let contacts = contacts_for(&student, &staff());
        assert_eq!(
            contacts,
            [Contact {
                role: ContactRole::Advisor,
                name: "name of T-1".into(),
                phone: "139 0000 0001".into()
            }]
        );
    }

    #[test]
    fn test_staff_call_their_department_office_not_the_school_office() {
        let mut teacher = person("F-1", &[Role::Declarant], "信息", "");
        teacher.category = Some(PersonCategory::ForeignTeacher);
        let contacts = contacts_for(&teacher, &staff());
        let names: Vec<&str> = contacts.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["name of T-4"]);
        assert_eq!(contacts[0].role, ContactRole::Office);
        // The office itself is nobody's contact for itself.
        let (office, _) = &staff()[3];
        assert!(contacts_for(office, &staff()).is_empty());
    }

    #[test]
    fn test_no_more_than_the_cap() {
        let mut many = Vec::new();
        for i in 0..10 {
            let mut advisor = person(&format!("T-{i}"), &[Role::Advisor], "信息", "");
            advisor.advises = ["软件2001".to_owned()].into();
            many.push((advisor, format!("1390000000{i}")));
        }
        let student = person("S-1", &[Role::Declarant], "信息", "软件2001");
        assert_eq!(contacts_for(&student, &many).len(), MAX_CONTACTS);
    }
}
