//! What importing a roster does to the people already held: who is added,
//! updated, left as is, and who left the school (deactivated, never
//! deleted). `R` is a person as the server compares them.

use std::collections::BTreeMap;

/// A person already held, and whether they are on the roster now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held<R> {
    pub record: R,
    pub active: bool,
}

/// The import's outcome, to be written in one go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPlan<R> {
    /// Indexes into the file's people of those to write (added, changed,
    /// or coming back), in file order.
    pub write: Vec<usize>,
    /// Active before and absent from the file, with what is held of them
    /// (signed out for good, their records kept), in id order.
    pub deactivate: Vec<(String, R)>,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// The plan of importing `file` (each person's id and record) over `held`.
/// A person is unchanged when held active with the same record; a person
/// held inactive comes back as an update.
pub fn plan_import<R: PartialEq>(
    mut held: BTreeMap<String, Held<R>>,
    file: &[(&str, R)],
) -> ImportPlan<R> {
    let mut plan = ImportPlan {
        write: Vec::new(),
        deactivate: Vec::new(),
        added: 0,
        updated: 0,
        unchanged: 0,
    };
    for (index, (id, record)) in file.iter().enumerate() {
        match held.remove(*id) {
            Some(old) if old.active && old.record == *record => {
                plan.unchanged += 1;
                continue;
            }
            Some(_) => plan.updated += 1,
            None => plan.added += 1,
        }
        plan.write.push(index);
    }
    plan.deactivate =
        held.into_iter().filter(|(_, old)| old.active).map(|(id, old)| (id, old.record)).collect();
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held(items: &[(&str, &'static str, bool)]) -> BTreeMap<String, Held<&'static str>> {
        items
            .iter()
            .map(|(id, record, active)| (id.to_string(), Held { record: *record, active: *active }))
            .collect()
    }

    #[test]
    fn test_import_counts_added_updated_unchanged_and_deactivates_the_absent() {
        let before = held(&[
            ("a", "same", true),
            ("b", "old", true),
            ("c", "gone", true),
            ("d", "x", false),
        ]);
        let plan = plan_import(before, &[("a", "same"), ("b", "new"), ("e", "fresh")]);
        assert_eq!(plan.write, vec![1, 2]);
        assert_eq!((plan.added, plan.updated, plan.unchanged), (1, 1, 1));
        // d had already left: nothing to do.
        assert_eq!(plan.deactivate, vec![("c".to_owned(), "gone")]);
    }

    #[test]
    fn test_someone_coming_back_is_an_update_even_if_unchanged() {
        let plan = plan_import(held(&[("a", "same", false)]), &[("a", "same")]);
        assert_eq!(plan.write, vec![0]);
        assert_eq!((plan.added, plan.updated, plan.unchanged), (0, 1, 0));
        assert!(plan.deactivate.is_empty());
    }
}
