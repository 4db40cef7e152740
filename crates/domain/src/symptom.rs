//! Symptoms a declarant can report (SPEC §1).

use serde::{Deserialize, Serialize};

/// One symptom of the declaration's multi-select. "None" is the empty set,
/// not a variant, so "none together with a symptom" cannot be represented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Symptom {
    Fever,
    Cough,
    SoreThroat,
    Fatigue,
    ShortnessOfBreath,
    Diarrhoea,
    LossOfTasteOrSmell,
}

impl Symptom {
    /// Every symptom, in the order the form lists them.
    pub const ALL: [Symptom; 7] = [
        Symptom::Fever,
        Symptom::Cough,
        Symptom::SoreThroat,
        Symptom::Fatigue,
        Symptom::ShortnessOfBreath,
        Symptom::Diarrhoea,
        Symptom::LossOfTasteOrSmell,
    ];
}
