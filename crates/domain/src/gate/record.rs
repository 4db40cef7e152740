//! A guard's record of one person at the gate: who (by their pass, or by
//! school id when they have no pass), which way, the temperature measured
//! there, the symptoms seen, and what the guard decided.

use serde::{Deserialize, Serialize};

use super::name::gate_name_problem;
use crate::declaration::Temperature;
use crate::error_code::ErrorCode;
use crate::profile::is_valid_person_id;
use crate::AbnormalRules;

/// The gate's thermometer range (34.0–42.5 °C): anything else is a
/// misreading, not a body temperature.
pub const GATE_MIN_TENTHS: u16 = 340;
pub const GATE_MAX_TENTHS: u16 = 425;

/// The longest pass text a record may carry (a pass is about 170).
pub const MAX_PASS_TEXT_CHARS: usize = 400;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    In,
    Out,
}

/// What the guard saw besides the temperature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GateSymptom {
    /// Refers to the clinic, as a fever does.
    Cough,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GateDecision {
    Admitted,
    Refused,
    /// Sent to the campus clinic (medical isolation observation begins).
    SentToClinic,
}

/// How the person was identified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Identified {
    /// The pass's text, as scanned (the server verifies it again).
    Pass(String),
    /// Checked by school id in the gate list: no pass.
    ById(String),
}

/// One check at the gate, made on the guard's phone (offline too) and
/// delivered through the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateRecord {
    /// Made on the phone (UUID).
    pub record_id: String,
    pub gate: String,
    pub direction: Direction,
    pub who: Identified,
    /// The readings, in order: one, or two when the first reached the
    /// fever threshold.
    pub readings: Vec<Temperature>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub symptoms: Vec<GateSymptom>,
    pub decision: GateDecision,
}

/// What is wrong with a record, each with its own message on the gate
/// screen and its own code on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GateProblem {
    /// No gate chosen, or a name too long.
    BadGate,
    /// An id that is not a school id, or a pass text too long.
    BadIdentity,
    /// No temperature measured.
    TemperatureMissing,
    /// Outside 34.0–42.5 °C.
    TemperatureOutOfRange,
    /// The first reading reached the fever threshold: measure again.
    SecondReadingNeeded,
    /// More readings than the rule asks for.
    TooManyReadings,
    /// A fever or a cough found: the person goes to the clinic.
    MustReferToClinic,
}

impl GateProblem {
    pub fn code(self) -> ErrorCode {
        match self {
            GateProblem::BadGate => ErrorCode::BadGate,
            GateProblem::BadIdentity => ErrorCode::MalformedId,
            GateProblem::TemperatureMissing => ErrorCode::TemperatureMissing,
            GateProblem::TemperatureOutOfRange => ErrorCode::TemperatureOutOfRange,
            GateProblem::SecondReadingNeeded => ErrorCode::SecondReadingNeeded,
            GateProblem::TooManyReadings => ErrorCode::TooManyReadings,
            GateProblem::MustReferToClinic => ErrorCode::MustReferToClinic,
        }
    }
}

/// Whether `readings` find a fever (both of two at the threshold): what
/// the gate screen says while the guard is still typing.
pub fn fever_in(readings: &[Temperature], rules: &AbnormalRules) -> bool {
    readings.len() == 2 && readings.iter().all(|r| rules.is_fever(r.tenths()))
}

/// Whether readings and symptoms refer the person to the clinic.
pub fn refers(readings: &[Temperature], symptoms: &[GateSymptom], rules: &AbnormalRules) -> bool {
    fever_in(readings, rules) || symptoms.contains(&GateSymptom::Cough)
}

/// Whether a reading is within the gate thermometer's range.
pub fn in_gate_range(reading: Temperature) -> bool {
    (GATE_MIN_TENTHS..=GATE_MAX_TENTHS).contains(&reading.tenths())
}

impl GateRecord {
    /// Whether the readings still need a second one: the first reached the
    /// fever threshold.
    pub fn needs_second_reading(readings: &[Temperature], rules: &AbnormalRules) -> bool {
        readings.len() == 1 && rules.is_fever(readings[0].tenths())
    }

    /// A fever is found when the second reading, after a first at the
    /// threshold, is still at or above it.
    pub fn fever_found(&self, rules: &AbnormalRules) -> bool {
        fever_in(&self.readings, rules)
    }

    /// A fever or a cough: the person is referred to the clinic.
    pub fn refers(&self, rules: &AbnormalRules) -> bool {
        refers(&self.readings, &self.symptoms, rules)
    }

    /// Everything wrong with the record, in the order the screen asks.
    pub fn problems(&self, rules: &AbnormalRules) -> Vec<GateProblem> {
        let mut problems = Vec::new();
        if gate_name_problem(&self.gate).is_some() {
            problems.push(GateProblem::BadGate);
        }
        let identity_ok = match &self.who {
            Identified::Pass(text) => {
                !text.is_empty() && text.chars().count() <= MAX_PASS_TEXT_CHARS
            }
            Identified::ById(id) => is_valid_person_id(id),
        };
        if !identity_ok {
            problems.push(GateProblem::BadIdentity);
        }
        match self.readings.as_slice() {
            [] => problems.push(GateProblem::TemperatureMissing),
            readings if readings.iter().any(|r| !in_gate_range(*r)) => {
                problems.push(GateProblem::TemperatureOutOfRange)
            }
            readings if Self::needs_second_reading(readings, rules) => {
                problems.push(GateProblem::SecondReadingNeeded)
            }
            [first, _] if !rules.is_fever(first.tenths()) => {
                problems.push(GateProblem::TooManyReadings)
            }
            [_, _, _, ..] => problems.push(GateProblem::TooManyReadings),
            _ => {}
        }
        if problems.is_empty() && self.refers(rules) && self.decision != GateDecision::SentToClinic
        {
            problems.push(GateProblem::MustReferToClinic);
        }
        problems
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::name::MAX_GATE_NAME_CHARS;
    use super::*;

    pub fn record(readings: &[u16], decision: GateDecision) -> GateRecord {
        GateRecord {
            record_id: "0f8fad5b-d9cb-469f-a165-70867728950e".into(),
            gate: "东门".into(),
            direction: Direction::In,
            who: Identified::ById("2020-0101".into()),
            readings: readings.iter().map(|t| Temperature::from_tenths(*t)).collect(),
            symptoms: Vec::new(),
            decision,
        }
    }

    fn problems(record: &GateRecord) -> Vec<GateProblem> {
        record.problems(&AbnormalRules::default())
    }

    #[test]
    fn test_a_normal_reading_admits() {
        assert!(problems(&record(&[365], GateDecision::Admitted)).is_empty());
        assert!(problems(&record(&[340], GateDecision::Refused)).is_empty());
        assert!(problems(&record(&[372], GateDecision::Admitted)).is_empty());
    }

    #[test]
    fn test_readings_outside_the_gate_range_are_refused() {
        for tenths in [339, 426] {
            let found = problems(&record(&[tenths], GateDecision::Admitted));
            assert_eq!(found, vec![GateProblem::TemperatureOutOfRange], "{tenths}");
        }
        assert!(problems(&record(&[425, 425], GateDecision::SentToClinic)).is_empty());
    }

    #[test]
    fn test_a_decision_without_a_temperature_is_refused() {
        let found = problems(&record(&[], GateDecision::Admitted));
        assert_eq!(found, vec![GateProblem::TemperatureMissing]);
    }

    #[test]
    fn test_a_fever_asks_for_a_second_reading_then_the_clinic() {
        let once = record(&[382], GateDecision::SentToClinic);
        assert_eq!(problems(&once), vec![GateProblem::SecondReadingNeeded]);
        let twice_admitted = record(&[382, 382], GateDecision::Admitted);
        assert_eq!(problems(&twice_admitted), vec![GateProblem::MustReferToClinic]);
        let twice = record(&[382, 382], GateDecision::SentToClinic);
        assert!(problems(&twice).is_empty());
        assert!(twice.fever_found(&AbnormalRules::default()));
    }

    #[test]
    fn test_a_second_reading_below_the_threshold_finds_no_fever() {
        let rechecked = record(&[373, 366], GateDecision::Admitted);
        assert!(problems(&rechecked).is_empty());
        assert!(!rechecked.refers(&AbnormalRules::default()));
    }

    #[test]
    fn test_a_second_reading_without_a_first_fever_is_refused() {
        let found = problems(&record(&[365, 366], GateDecision::Admitted));
        assert_eq!(found, vec![GateProblem::TooManyReadings]);
        let found = problems(&record(&[380, 380, 380], GateDecision::SentToClinic));
        assert_eq!(found, vec![GateProblem::TooManyReadings]);
    }

    #[test]
    fn test_a_cough_refers_to_the_clinic_as_a_fever_does() {
        let mut coughing = record(&[365], GateDecision::Admitted);
        coughing.symptoms = vec![GateSymptom::Cough];
        assert_eq!(problems(&coughing), vec![GateProblem::MustReferToClinic]);
        coughing.decision = GateDecision::SentToClinic;
        assert!(problems(&coughing).is_empty());
        let mut other = record(&[365], GateDecision::Admitted);
        other.symptoms = vec![GateSymptom::Other];
        assert!(problems(&other).is_empty());
    }

    #[test]
    fn test_the_gate_and_the_identity_are_checked() {
        let mut nameless = record(&[365], GateDecision::Admitted);
        nameless.gate = " ".into();
        assert_eq!(problems(&nameless), vec![GateProblem::BadGate]);
        nameless.gate = "门".repeat(MAX_GATE_NAME_CHARS + 1);
        assert_eq!(problems(&nameless), vec![GateProblem::BadGate]);
        let mut bad_id = record(&[365], GateDecision::Admitted);
        bad_id.who = Identified::ById("'; DROP TABLE".into());
        assert_eq!(problems(&bad_id), vec![GateProblem::BadIdentity]);
        bad_id.who = Identified::Pass("A".repeat(MAX_PASS_TEXT_CHARS + 1));
        assert_eq!(problems(&bad_id), vec![GateProblem::BadIdentity]);
    }
}
