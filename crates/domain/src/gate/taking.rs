//! Whether the server takes a guard's record: only a guard records at the
//! gate, a record breaking a rule of the gate is refused, and a record id
//! seen before is either the same record sent again (nothing to do) or an
//! id reused by another phone.

use super::record::GateRecord;
use crate::access::{allows, Action};
use crate::account::AccountPerson;
use crate::error_code::ErrorCode;
use crate::AbnormalRules;

/// A record the server may keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taken {
    /// Not kept before: judge it and keep it.
    New,
    /// The same guard's record again: kept already, nothing changes.
    Again,
}

/// A record id seen before: the same record again when `actor_id` kept
/// it, an id reused when somebody else did.
pub fn seen_before(kept_by: Option<&str>, actor_id: &str) -> Result<Taken, ErrorCode> {
    match kept_by {
        None => Ok(Taken::New),
        Some(guard) if guard == actor_id => Ok(Taken::Again),
        Some(_) => Err(ErrorCode::IdReused),
    }
}

/// Whether `actor`'s `record` is taken, with `kept_by` the guard who kept
/// a record of that id already (if any).
pub fn take_gate_record(
    actor: &AccountPerson,
    record: &GateRecord,
    rules: &AbnormalRules,
    kept_by: Option<&str>,
) -> Result<Taken, ErrorCode> {
    if !allows(actor, &Action::RecordAtGate) {
        return Err(ErrorCode::NotYourScope);
    }
    if let Some(problem) = record.problems(rules).first() {
        return Err(problem.code());
    }
    seen_before(kept_by, &actor.id)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::gate::record::tests::record;
    use crate::gate::GateDecision;
    use crate::roster::Role;

    pub(crate) fn person(id: &str, roles: &[Role]) -> AccountPerson {
        AccountPerson {
            id: id.into(),
            name: "王师傅".into(),
            roles: roles.iter().copied().collect(),
            category: None,
            department: "保卫处".into(),
            class_name: String::new(),
            advises: Default::default(),
            scope: None,
            contacts: Vec::new(),
        }
    }

    #[test]
    fn test_a_guards_new_record_is_taken() {
        let rules = AbnormalRules::default();
        let r = record(&[365], GateDecision::Admitted);
        let guard = person("G-1", &[Role::Guard]);
        assert_eq!(take_gate_record(&guard, &r, &rules, None), Ok(Taken::New));
    }

    #[test]
    fn test_only_a_guard_records_and_a_broken_rule_is_refused() {
        let rules = AbnormalRules::default();
        let r = record(&[365], GateDecision::Admitted);
        let declarant = person("2020-0101", &[Role::Declarant]);
        assert_eq!(take_gate_record(&declarant, &r, &rules, None), Err(ErrorCode::NotYourScope));
        let guard = person("G-1", &[Role::Guard]);
        let misread = record(&[300], GateDecision::Admitted);
        let refused = take_gate_record(&guard, &misread, &rules, None);
        assert_eq!(refused, Err(misread.problems(&rules)[0].code()));
    }

    #[test]
    fn test_an_id_seen_before_is_the_same_record_or_reused() {
        let rules = AbnormalRules::default();
        let r = record(&[365], GateDecision::Admitted);
        let guard = person("G-1", &[Role::Guard]);
        assert_eq!(take_gate_record(&guard, &r, &rules, Some("G-1")), Ok(Taken::Again));
        assert_eq!(take_gate_record(&guard, &r, &rules, Some("G-2")), Err(ErrorCode::IdReused));
    }
}
