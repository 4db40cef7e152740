//! Each gate's figures of a day, for the offices' reports: entries,
//! refusals, fevers found and referrals to the clinic.

use serde::{Deserialize, Serialize};

use super::record::{Direction, GateDecision, GateRecord};
use crate::AbnormalRules;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateFigures {
    pub gate: String,
    /// Admitted on the way in.
    pub entries: u32,
    pub exits: u32,
    /// Refused on the way in.
    pub refusals: u32,
    /// A fever confirmed by a second reading.
    pub fevers: u32,
    /// Sent to the clinic.
    pub referrals: u32,
}

/// The figures of each gate that has records, by the gate's name.
pub fn gate_figures<'a>(
    records: impl IntoIterator<Item = &'a GateRecord>,
    rules: &AbnormalRules,
) -> Vec<GateFigures> {
    let mut by_gate: std::collections::BTreeMap<&str, GateFigures> = Default::default();
    for record in records {
        let gate = record.gate.trim();
        let figures = by_gate
            .entry(gate)
            .or_insert_with(|| GateFigures { gate: gate.to_owned(), ..Default::default() });
        match (record.direction, record.decision) {
            (Direction::In, GateDecision::Admitted) => figures.entries += 1,
            (Direction::Out, GateDecision::Admitted) => figures.exits += 1,
            (_, GateDecision::Refused) => figures.refusals += 1,
            (_, GateDecision::SentToClinic) => figures.referrals += 1,
        }
        if record.fever_found(rules) {
            figures.fevers += 1;
        }
    }
    by_gate.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::record::tests::record;

    #[test]
    fn test_each_gate_counts_its_own_records() {
        let mut west = record(&[365], GateDecision::Refused);
        west.gate = "西门".into();
        let mut out = record(&[365], GateDecision::Admitted);
        out.direction = Direction::Out;
        let records = [
            record(&[365], GateDecision::Admitted),
            record(&[382, 383], GateDecision::SentToClinic),
            out,
            west,
        ];
        let figures = gate_figures(&records, &AbnormalRules::default());
        assert_eq!(
            figures,
            vec![
                GateFigures {
                    gate: "东门".into(),
                    entries: 1,
                    exits: 1,
                    refusals: 0,
                    fevers: 1,
                    referrals: 1
                },
                GateFigures { gate: "西门".into(), refusals: 1, ..Default::default() },
            ]
        );
    }
}
