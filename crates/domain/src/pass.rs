//! The daily pass (SPEC §6): what the server signs for a person who has
//! declared today, what their phone shows at the gate, and what the
//! guard's phone verifies offline. It carries only what the guard must
//! see — a pseudonym, the day, the entry status, its expiry, the masked
//! name, the last four digits of the id and the class — and nothing of the
//! declaration beyond the status.
//!
//! - [`entry_status`]: the status from the facts, by the decided
//!   precedence.
//! - [`wire`]: the signed bytes (under 160 before encoding) and their text
//!   form for the QR code (base45, QR's alphanumeric mode).
//! - [`verify`]: the guard's check — the key, the signature, the day and
//!   the expiry, against a clock that cannot be set back.

pub mod verify;
pub mod wire;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::declaration::{AbnormalReason, DeclarationAnswers, HealthStatus, LocationKind};
use crate::AbnormalRules;

/// What the gate does with the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryStatus {
    /// Today's declaration is normal, and they are on campus or their
    /// return is approved for today.
    MayEnter,
    /// The guard checks: an abnormal declaration, or off campus without
    /// an approved return.
    Check,
    /// Medical isolation observation, suspected or confirmed: refer to
    /// the clinic.
    DoNotAdmit,
}

impl EntryStatus {
    pub const ALL: [EntryStatus; 3] =
        [EntryStatus::MayEnter, EntryStatus::Check, EntryStatus::DoNotAdmit];

    /// Its byte in the signed pass.
    pub fn code(self) -> u8 {
        match self {
            EntryStatus::MayEnter => 0,
            EntryStatus::Check => 1,
            EntryStatus::DoNotAdmit => 2,
        }
    }

    pub fn from_code(code: u8) -> Option<EntryStatus> {
        EntryStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// What a pass says, signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassClaims {
    /// The server key that signed it.
    pub key_id: u16,
    /// A keyed hash of the person's id (never the id itself).
    pub pseudonym: [u8; 8],
    /// The school day it is for.
    pub day: NaiveDate,
    pub status: EntryStatus,
    /// The end of that school day.
    pub expires_at: DateTime<Utc>,
    /// "张*明".
    pub masked_name: String,
    /// The last four characters of the school id.
    pub id_last4: String,
    pub class: String,
}

/// What the status is decided on.
#[derive(Debug, Clone, Copy)]
pub struct EntryFacts<'a> {
    /// Today's declaration as the server holds it.
    pub answers: &'a DeclarationAnswers,
    pub rules: &'a AbnormalRules,
    /// Under medical isolation observation, set at the gate or by the
    /// clinic, ended only by an office (a normal declaration never ends it).
    pub in_isolation_observation: bool,
    /// Their return to campus is approved for this day or earlier.
    pub return_approved: bool,
}

/// The entry status, by the decided precedence: isolation observation,
/// suspected or confirmed first; then fever, alarming symptoms, exposure
/// or another status; then being off campus, which an approved return
/// overrides; otherwise the declaration's normal result.
pub fn entry_status(facts: &EntryFacts) -> EntryStatus {
    let answers = facts.answers;
    let refer = matches!(
        answers.status,
        HealthStatus::MedicalIsolation | HealthStatus::Suspected | HealthStatus::Confirmed
    );
    if facts.in_isolation_observation || refer {
        return EntryStatus::DoNotAdmit;
    }
    let health = answers
        .abnormal_reasons(facts.rules)
        .into_iter()
        .any(|reason| reason != AbnormalReason::OutsideProvince);
    if health {
        return EntryStatus::Check;
    }
    let off_campus = answers.location.kind != LocationKind::OnCampus;
    if off_campus && !facts.return_approved {
        return EntryStatus::Check;
    }
    EntryStatus::MayEnter
}

/// The status of a person's day: by [`entry_status`] when the server has
/// their declaration; without one they have no pass and are checked at
/// the gate (or not admitted, under observation).
pub fn status_of_day(
    answers: Option<&DeclarationAnswers>,
    rules: &AbnormalRules,
    in_isolation_observation: bool,
    return_approved: bool,
) -> EntryStatus {
    match answers {
        Some(answers) => {
            entry_status(&EntryFacts { answers, rules, in_isolation_observation, return_approved })
        }
        None => crate::gate::list::status_without_declaration(in_isolation_observation),
    }
}

/// A pseudonym as the server keeps it: 16 lowercase hex digits.
pub fn pseudonym_hex(pseudonym: &[u8; 8]) -> String {
    pseudonym.iter().map(|b| format!("{b:02x}")).collect()
}

/// The last four characters of a school id, as the gate shows it.
pub fn id_last4(person_id: &str) -> String {
    let chars: Vec<char> = person_id.trim().chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
}

/// A name as the gate shows it: the first and the last character, the
/// rest starred ("张*明", "李*", "W****g").
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => chars[0].to_string(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declaration::Temperature;
    use crate::fixtures::normal_answers;

    fn status(answers: &DeclarationAnswers, observation: bool, approved: bool) -> EntryStatus {
        let rules = AbnormalRules::default();
        entry_status(&EntryFacts {
            answers,
            rules: &rules,
            in_isolation_observation: observation,
            return_approved: approved,
        })
    }

    #[test]
    fn test_the_status_follows_the_decided_precedence() {
        let normal = normal_answers();
        assert_eq!(status(&normal, false, false), EntryStatus::MayEnter);
        // Isolation observation outranks everything, and a normal
        // declaration does not end it.
        assert_eq!(status(&normal, true, true), EntryStatus::DoNotAdmit);
        let confirmed = DeclarationAnswers { status: HealthStatus::Confirmed, ..normal.clone() };
        assert_eq!(status(&confirmed, false, true), EntryStatus::DoNotAdmit);
        // A fever: checked at the gate, whatever the return.
        let fever =
            DeclarationAnswers { temperature: Temperature::from_tenths(385), ..normal.clone() };
        assert_eq!(status(&fever, false, true), EntryStatus::Check);
        let mut exposed = normal.clone();
        exposed.exposure.high_risk_area = true;
        assert_eq!(status(&exposed, false, false), EntryStatus::Check);
        // Off campus: checked, unless the return is approved.
        let mut away = normal.clone();
        away.location.kind = LocationKind::OutsideProvince;
        assert_eq!(status(&away, false, false), EntryStatus::Check);
        assert_eq!(status(&away, false, true), EntryStatus::MayEnter);
        away.location.kind = LocationKind::HomeInProvince;
        assert_eq!(status(&away, false, false), EntryStatus::Check);
        assert_eq!(status(&away, false, true), EntryStatus::MayEnter);
    }

    #[test]
    fn test_names_are_masked_for_the_gate() {
        assert_eq!(mask_name("张三明"), "张*明");
        assert_eq!(mask_name("李明"), "李*");
        assert_eq!(mask_name("欧阳小明"), "欧**明");
        assert_eq!(mask_name(" Wang "), "W**g");
        assert_eq!(mask_name(""), "");
        assert_eq!(id_last4("2020-0101"), "0101");
        assert_eq!(id_last4("T1"), "T1");
    }

    #[test]
    fn test_every_status_has_one_code() {
        for status in EntryStatus::ALL {
            assert_eq!(EntryStatus::from_code(status.code()), Some(status));
        }
        assert_eq!(EntryStatus::from_code(3), None);
    }
}
