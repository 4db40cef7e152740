//! Abnormal-case rules as data (SPEC §1).
//!
//! The thresholds travel in the directory so the school can change them and
//! the device and server apply the same ones; the defaults are SPEC's.

use serde::{Deserialize, Serialize};

use crate::Symptom;

/// The configurable rules that make a declaration abnormal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AbnormalRules {
    /// A temperature at or above this, in tenths of a degree Celsius, is
    /// abnormal (373 = 37.3 °C). Tenths, not a float, so 37.3 is exact.
    pub fever_from_tenths_c: u16,
    /// Symptoms that on their own make a declaration abnormal.
    pub alarming_symptoms: Vec<Symptom>,
    /// Any 14-day exposure answered "yes" is abnormal.
    pub any_exposure: bool,
    /// Being outside the province is abnormal.
    pub outside_province: bool,
    /// Any health status other than "normal" is abnormal.
    pub non_normal_status: bool,
}

impl Default for AbnormalRules {
    fn default() -> Self {
        Self {
            fever_from_tenths_c: 373,
            alarming_symptoms: vec![Symptom::Fever, Symptom::Cough, Symptom::ShortnessOfBreath],
            any_exposure: true,
            outside_province: true,
            non_normal_status: true,
        }
    }
}

impl AbnormalRules {
    /// Whether a temperature (tenths of °C) reaches the fever threshold.
    pub fn is_fever(&self, temperature_tenths_c: u16) -> bool {
        temperature_tenths_c >= self.fever_from_tenths_c
    }

    /// Whether a symptom alone makes the declaration abnormal.
    pub fn is_alarming(&self, symptom: Symptom) -> bool {
        self.alarming_symptoms.contains(&symptom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_default_fever_threshold_is_37_3() {
        let rules = AbnormalRules::default();
        assert_eq!(rules.fever_from_tenths_c, 373);
        assert!(!rules.is_fever(372), "37.2 °C is normal");
        assert!(rules.is_fever(373), "37.3 °C is abnormal");
    }

    #[test]
    fn test_default_alarming_symptoms_are_fever_cough_breath() {
        let rules = AbnormalRules::default();
        let alarming: Vec<_> = Symptom::ALL.into_iter().filter(|s| rules.is_alarming(*s)).collect();
        assert_eq!(alarming, vec![Symptom::Fever, Symptom::Cough, Symptom::ShortnessOfBreath]);
    }

    #[test]
    fn test_default_flags_exposure_outside_province_and_status() {
        let rules = AbnormalRules::default();
        assert!(rules.any_exposure && rules.outside_province && rules.non_normal_status);
    }

    #[test]
    fn test_partial_rules_json_fills_defaults() {
        let rules: AbnormalRules = serde_json::from_str(r#"{"fever_from_tenths_c":375}"#).unwrap();
        assert!(!rules.is_fever(374));
        assert!(rules.is_alarming(Symptom::Cough));
    }

    #[test]
    fn test_unknown_rule_field_from_newer_server_is_ignored() {
        let rules: AbnormalRules =
            serde_json::from_str(r#"{"fever_from_tenths_c":380,"future_rule":true}"#).unwrap();
        assert_eq!(rules.fever_from_tenths_c, 380);
    }
}
