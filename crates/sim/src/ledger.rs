//! What the simulation knows beyond the phones and the server: every
//! answer the server gave (whether or not the phone heard it), what the
//! phones took as delivered, which changes were made invalid on purpose,
//! and which were lost with a cleared storage.

use std::collections::{BTreeMap, BTreeSet};

use anxin_domain::sync::{Mutation, Outcome, PushResult};

#[derive(Debug, Default)]
pub struct Ledger {
    /// Each mutation's first final answer: delivered (applied or a
    /// duplicate), or refused with its code.
    answers: BTreeMap<String, Result<(), String>>,
    /// Mutations a phone took as delivered, with their person.
    pub acknowledged: Vec<(String, Mutation)>,
    /// Made so that the server must refuse them.
    pub invalid: BTreeSet<String>,
    /// Made valid so that the server must take them.
    pub valid: BTreeSet<String>,
    /// Not yet acknowledged when their phone's storage was cleared.
    pub lost: BTreeSet<String>,
    pub violations: Vec<String>,
}

impl Ledger {
    /// Notes the server's answers to a push. The same mutation must get
    /// the same answer every time it is sent (exactly once).
    pub fn note_answers(&mut self, results: &[PushResult]) {
        for result in results {
            let answer = match &result.outcome {
                Outcome::Applied | Outcome::Duplicate => Ok(()),
                Outcome::Rejected { code, .. } => Err(code.as_str().to_owned()),
                Outcome::Deferred => continue,
            };
            match self.answers.get(&result.id) {
                Some(first) if *first != answer => self.violations.push(format!(
                    "mutation {} answered {} before and {} now",
                    result.id,
                    describe(first),
                    describe(&answer)
                )),
                Some(_) => {}
                None => {
                    self.answers.insert(result.id.clone(), answer);
                }
            }
        }
    }

    /// The server's final answer to mutation `id`, if it gave one.
    pub fn answer(&self, id: &str) -> Option<&Result<(), String>> {
        self.answers.get(id)
    }
}

fn describe(answer: &Result<(), String>) -> String {
    match answer {
        Ok(()) => "delivered".into(),
        Err(code) => format!("rejected ({code})"),
    }
}

#[cfg(test)]
mod tests {
    use anxin_domain::sync::RejectCode;

    use super::*;

    #[test]
    fn test_a_mutation_answered_two_ways_is_a_violation() {
        let mut ledger = Ledger::default();
        let result = |outcome| PushResult { seq: 1, id: "m1".into(), outcome };
        ledger.note_answers(&[result(Outcome::Deferred)]);
        ledger.note_answers(&[result(Outcome::Applied)]);
        ledger.note_answers(&[result(Outcome::Duplicate)]);
        assert!(ledger.violations.is_empty());
        let refused = Outcome::Rejected { code: RejectCode::UnknownBooking, fields: vec![] };
        ledger.note_answers(&[result(refused)]);
        assert_eq!(ledger.violations.len(), 1, "{:?}", ledger.violations);
        assert_eq!(ledger.answer("m1"), Some(&Ok(())));
    }
}
