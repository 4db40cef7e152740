//! What the guard's phone shows for the person in front of it, and which
//! decisions it offers: from a verified pass, or from the gate list when
//! the person has no pass. Never symptoms or places: the status, the
//! masked name, the class and the last four characters of the id.

use serde::{Deserialize, Serialize};

use super::list::GateListEntry;
use super::record::GateDecision;
use crate::pass::{id_last4, EntryStatus, PassClaims};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub status: EntryStatus,
    pub masked_name: String,
    pub class: String,
    pub id_last4: String,
    /// Shown a pass (not looked up by id).
    pub with_pass: bool,
    /// The server has the person's declaration of today (a pass implies
    /// it).
    pub declared: bool,
}

impl Verdict {
    pub fn of_pass(claims: &PassClaims) -> Self {
        Verdict {
            status: claims.status,
            masked_name: claims.masked_name.clone(),
            class: claims.class.clone(),
            id_last4: claims.id_last4.clone(),
            with_pass: true,
            declared: true,
        }
    }

    pub fn of_entry(entry: &GateListEntry) -> Self {
        Verdict {
            status: entry.status,
            masked_name: entry.masked_name.clone(),
            class: entry.class.clone(),
            id_last4: id_last4(&entry.id),
            with_pass: false,
            declared: entry.declared,
        }
    }

    /// The decisions the guard may record: the clinic only once a fever or
    /// a cough was found; never "admitted" for someone not to be admitted.
    pub fn decisions(&self, refers: bool) -> &'static [GateDecision] {
        if refers {
            &[GateDecision::SentToClinic]
        } else if self.status == EntryStatus::DoNotAdmit {
            &[GateDecision::Refused, GateDecision::SentToClinic]
        } else {
            &[GateDecision::Admitted, GateDecision::Refused, GateDecision::SentToClinic]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(status: EntryStatus) -> GateListEntry {
        GateListEntry {
            id: "2020-0101".into(),
            status,
            declared: false,
            masked_name: "李*".into(),
            class: "软件2001".into(),
        }
    }

    #[test]
    fn test_a_verdict_by_id_shows_the_last_four_and_no_pass() {
        let verdict = Verdict::of_entry(&entry(EntryStatus::Check));
        assert_eq!(verdict.id_last4, "0101");
        assert!(!verdict.with_pass && !verdict.declared);
    }

    #[test]
    fn test_the_decisions_offered_follow_the_status_and_the_readings() {
        use GateDecision::*;
        let may = Verdict::of_entry(&entry(EntryStatus::MayEnter));
        assert_eq!(may.decisions(false), [Admitted, Refused, SentToClinic]);
        assert_eq!(may.decisions(true), [SentToClinic]);
        let not = Verdict::of_entry(&entry(EntryStatus::DoNotAdmit));
        assert_eq!(not.decisions(false), [Refused, SentToClinic]);
    }
}
