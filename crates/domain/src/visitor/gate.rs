//! Visitors at the gate: the day's list a guard's phone keeps offline
//! ([`GateVisitor`]; looking someone up in it is [`super::lookup`]), what
//! the rules say about letting them in ([`entry_verdict`]), the record the
//! guard makes ([`VisitorGateRecord`], the `visitor_at_gate` mutation), and
//! what the server finds wrong with it against the registration
//! ([`gate_flags`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{VisitorRegistration, VisitorStatus, MAX_NAME_CHARS};
use crate::declaration::Temperature;
use crate::gate::record::in_gate_range;
pub use crate::gate::{Direction, GateDecision};
use crate::{AbnormalRules, ErrorCode};

/// An approved visitor of the day, as the guard's phone holds them: no
/// reason for the visit or the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateVisitor {
    pub visitor_id: String,
    pub name: String,
    pub phone: String,
    pub id_last4: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plate: Option<String>,
    pub host_name: String,
    pub host_department: String,
    pub day: NaiveDate,
}

impl GateVisitor {
    /// What the guard sees of a registration.
    pub fn of(registration: &VisitorRegistration) -> Self {
        let request = &registration.request;
        GateVisitor {
            visitor_id: request.visitor_id.clone(),
            name: request.name.clone(),
            phone: request.phone.clone(),
            id_last4: request.id_last4.clone(),
            plate: request.plate.clone(),
            host_name: registration.host_name.clone(),
            host_department: registration.host_department.clone(),
            day: request.day,
        }
    }
}

/// `GET /api/v1/gate/visitors?day=`: the day's approved visitors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateVisitorList {
    pub day: NaiveDate,
    pub visitors: Vec<GateVisitor>,
}

/// The guard's list of `day` among registrations: the approved visitors of
/// that day, in the order given.
pub fn gate_list(registrations: &[VisitorRegistration], day: NaiveDate) -> Vec<GateVisitor> {
    registrations.iter().filter(|r| r.admits_on(day)).map(GateVisitor::of).collect()
}

/// A guard's record at the gate (the `visitor_at_gate` mutation).
/// Externally tagged: `{"visitor": {…}}` or `{"unregistered": {…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitorGateRecord {
    /// A registered visitor passing, or turned back.
    Visitor {
        /// Made on the guard's phone (UUID).
        record_id: String,
        visitor_id: String,
        direction: Direction,
        /// Measured at the gate, in tenths of °C.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        temperature: Option<Temperature>,
        decision: GateDecision,
    },
    /// Someone, or a vehicle, not on the day's list: always refused, and
    /// logged with what the guard typed (a name or a plate).
    Unregistered { record_id: String, typed: String },
}

impl VisitorGateRecord {
    pub fn record_id(&self) -> &str {
        match self {
            VisitorGateRecord::Visitor { record_id, .. }
            | VisitorGateRecord::Unregistered { record_id, .. } => record_id,
        }
    }

    /// The decision recorded (an unregistered visitor's is a refusal).
    pub fn decision(&self) -> GateDecision {
        match self {
            VisitorGateRecord::Visitor { decision, .. } => *decision,
            VisitorGateRecord::Unregistered { .. } => GateDecision::Refused,
        }
    }

    /// What the record must be on its own (ids aside, checked with the
    /// sync): a plausible temperature, a name or plate typed.
    pub fn check(&self) -> Result<(), ErrorCode> {
        match self {
            VisitorGateRecord::Visitor { temperature: Some(t), .. } if !in_gate_range(*t) => {
                Err(ErrorCode::TemperatureOutOfRange)
            }
            VisitorGateRecord::Visitor { .. } => Ok(()),
            VisitorGateRecord::Unregistered { typed, .. } => {
                match super::text_problem(typed, MAX_NAME_CHARS) {
                    Some(super::VisitorProblem::TooLong) => Err(ErrorCode::TextTooLong),
                    Some(_) => Err(ErrorCode::TextRequired),
                    None => Ok(()),
                }
            }
        }
    }
}

/// Why a visitor may not enter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GateRefusal {
    /// Nobody registered them (or the vehicle).
    NotRegistered,
    /// Registered, but waiting or refused by the office.
    NotApproved,
    /// Approved for another day.
    OtherDay,
    /// Not measured yet.
    NoTemperature,
    /// At or above the fever threshold.
    Fever,
}

/// Whether a visitor may enter on `today`, as the rules say: registered,
/// approved for today, and measured below the fever threshold.
pub fn entry_verdict(
    registration: Option<&VisitorRegistration>,
    today: NaiveDate,
    temperature: Option<Temperature>,
    rules: &AbnormalRules,
) -> Result<(), GateRefusal> {
    let registration = registration.ok_or(GateRefusal::NotRegistered)?;
    if registration.status != VisitorStatus::Approved {
        return Err(GateRefusal::NotApproved);
    }
    if registration.request.day != today {
        return Err(GateRefusal::OtherDay);
    }
    let temperature = temperature.ok_or(GateRefusal::NoTemperature)?;
    if rules.is_fever(temperature.tenths()) {
        return Err(GateRefusal::Fever);
    }
    Ok(())
}

/// A gate record the rules would not have made, kept with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitorFlag {
    /// The record names a visitor id nobody registered.
    UnknownVisitor,
    /// Admitted although the rules refuse entry (why).
    AdmittedDespite(GateRefusal),
}

/// What is wrong with a guard's record made on `day` (school time), against
/// the registration it names (`None`: none has that id). A refusal is the
/// guard's to make; an admission the rules refuse, and a record of a
/// visitor nobody registered, are flagged.
pub fn gate_flags(
    record: &VisitorGateRecord,
    registration: Option<&VisitorRegistration>,
    day: NaiveDate,
    rules: &AbnormalRules,
) -> Vec<VisitorFlag> {
    let VisitorGateRecord::Visitor { direction, temperature, decision, .. } = record else {
        return Vec::new();
    };
    if registration.is_none() {
        return vec![VisitorFlag::UnknownVisitor];
    }
    let admitted_in = *direction == Direction::In && *decision == GateDecision::Admitted;
    match entry_verdict(registration, day, *temperature, rules) {
        Err(why) if admitted_in => vec![VisitorFlag::AdmittedDespite(why)],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::status::tests::registration;
    use super::super::tests::day;
    use super::*;

    const RECORD: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    fn approved() -> VisitorRegistration {
        VisitorRegistration { status: VisitorStatus::Approved, ..registration() }
    }

    fn entry(tenths: Option<u16>, decision: GateDecision) -> VisitorGateRecord {
        VisitorGateRecord::Visitor {
            record_id: RECORD.into(),
            visitor_id: registration().request.visitor_id,
            direction: Direction::In,
            temperature: tenths.map(Temperature::from_tenths),
            decision,
        }
    }

    #[test]
    fn test_gate_list_holds_the_approved_of_the_day_only() {
        let pending = registration();
        let refused = VisitorRegistration { status: VisitorStatus::Refused, ..registration() };
        let all = [approved(), pending, refused];
        let list = gate_list(&all, day(12));
        assert_eq!(list, vec![GateVisitor::of(&approved())]);
        assert_eq!(gate_list(&all, day(11)), vec![]);
    }

    #[test]
    fn test_entry_verdict_admits_the_approved_of_today_without_fever() {
        let rules = AbnormalRules::default();
        let t = |tenths| Some(Temperature::from_tenths(tenths));
        assert_eq!(entry_verdict(Some(&approved()), day(12), t(365), &rules), Ok(()));
        assert_eq!(entry_verdict(Some(&approved()), day(12), t(372), &rules), Ok(()));
        assert_eq!(
            entry_verdict(Some(&approved()), day(12), t(373), &rules),
            Err(GateRefusal::Fever)
        );
        assert_eq!(
            entry_verdict(Some(&approved()), day(12), None, &rules),
            Err(GateRefusal::NoTemperature)
        );
    }

    #[test]
    fn test_entry_verdict_refuses_unregistered_unapproved_and_other_days() {
        let rules = AbnormalRules::default();
        let t = Some(Temperature::from_tenths(365));
        assert_eq!(entry_verdict(None, day(12), t, &rules), Err(GateRefusal::NotRegistered));
        assert_eq!(
            entry_verdict(Some(&registration()), day(12), t, &rules),
            Err(GateRefusal::NotApproved)
        );
        assert_eq!(
            entry_verdict(Some(&approved()), day(11), t, &rules),
            Err(GateRefusal::OtherDay)
        );
    }

    #[test]
    fn test_gate_flags_mark_an_admission_the_rules_refuse() {
        let rules = AbnormalRules::default();
        let admitted = entry(Some(365), GateDecision::Admitted);
        assert_eq!(gate_flags(&admitted, Some(&approved()), day(12), &rules), vec![]);
        assert_eq!(
            gate_flags(&admitted, Some(&approved()), day(11), &rules),
            vec![VisitorFlag::AdmittedDespite(GateRefusal::OtherDay)]
        );
        let feverish = entry(Some(385), GateDecision::Admitted);
        assert_eq!(
            gate_flags(&feverish, Some(&approved()), day(12), &rules),
            vec![VisitorFlag::AdmittedDespite(GateRefusal::Fever)]
        );
        assert_eq!(gate_flags(&admitted, None, day(12), &rules), vec![VisitorFlag::UnknownVisitor]);
    }

    #[test]
    fn test_gate_flags_leave_refusals_and_exits_alone() {
        let rules = AbnormalRules::default();
        let refused = entry(Some(385), GateDecision::Refused);
        assert_eq!(gate_flags(&refused, Some(&approved()), day(12), &rules), vec![]);
        let exit = VisitorGateRecord::Visitor {
            record_id: RECORD.into(),
            visitor_id: "v".into(),
            direction: Direction::Out,
            temperature: None,
            decision: GateDecision::Admitted,
        };
        assert_eq!(gate_flags(&exit, Some(&registration()), day(12), &rules), vec![]);
        let stranger =
            VisitorGateRecord::Unregistered { record_id: RECORD.into(), typed: "琼B99999".into() };
        assert_eq!(gate_flags(&stranger, None, day(12), &rules), vec![]);
        assert_eq!(stranger.decision(), GateDecision::Refused);
    }

    #[test]
    fn test_check_refuses_implausible_temperatures_and_blank_names() {
        assert_eq!(entry(Some(340), GateDecision::Admitted).check(), Ok(()));
        assert_eq!(entry(Some(425), GateDecision::Admitted).check(), Ok(()));
        for tenths in [339, 426, 0] {
            let record = entry(Some(tenths), GateDecision::Admitted);
            assert_eq!(record.check(), Err(ErrorCode::TemperatureOutOfRange), "{tenths}");
        }
        let blank = VisitorGateRecord::Unregistered { record_id: RECORD.into(), typed: " ".into() };
        assert_eq!(blank.check(), Err(ErrorCode::TextRequired));
        let long =
            VisitorGateRecord::Unregistered { record_id: RECORD.into(), typed: "x".repeat(41) };
        assert_eq!(long.check(), Err(ErrorCode::TextTooLong));
    }
}
