//! A class's day from what is held: each active member and the revision
//! of the day in force for them.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{ClassDay, ClassMemberDay};
use crate::sync::ServerRevision;

/// The class's day: `members` (id and name, in the order to show) each
/// with the highest-numbered of their `revisions` (person id, revision)
/// of the day, if any.
pub fn class_day_of(
    class_name: &str,
    day: NaiveDate,
    members: Vec<(String, String)>,
    revisions: Vec<(String, ServerRevision)>,
) -> ClassDay {
    let mut in_force: HashMap<String, ServerRevision> = HashMap::new();
    for (person, revision) in revisions {
        match in_force.get(&person) {
            Some(held) if held.number >= revision.number => {}
            _ => {
                in_force.insert(person, revision);
            }
        }
    }
    let members = members
        .into_iter()
        .map(|(person_id, name)| {
            let current = in_force.remove(&person_id);
            ClassMemberDay { person_id, name, current }
        })
        .collect();
    ClassDay { class_name: class_name.to_owned(), day, members }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::fixtures::normal_answers;

    fn revision(number: u32) -> ServerRevision {
        let at = Utc.with_ymd_and_hms(2025, 3, 1, 8, 0, 0).unwrap();
        ServerRevision {
            day: NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
            revision_id: format!("r{number}"),
            number,
            answers: normal_answers(),
            correction_reason: None,
            device_time: at,
            received_at: at,
            time_flag: None,
        }
    }

    #[test]
    fn test_each_member_gets_their_highest_numbered_revision() {
        let day = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        let members = vec![("a".to_owned(), "A".to_owned()), ("b".to_owned(), "B".to_owned())];
        let revisions = vec![
            ("a".to_owned(), revision(2)),
            ("a".to_owned(), revision(3)),
            ("a".to_owned(), revision(1)),
            ("x".to_owned(), revision(1)),
        ];
        let class = class_day_of("C1", day, members, revisions);
        assert_eq!(class.class_name, "C1");
        assert_eq!(class.members.len(), 2, "only the members, in their order");
        assert_eq!(class.members[0].current.as_ref().map(|r| r.number), Some(3));
        assert_eq!(class.members[1].person_id, "b");
        assert_eq!(class.members[1].current, None);
    }
}
