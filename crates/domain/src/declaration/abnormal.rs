use serde::{Deserialize, Serialize};

use super::{DeclarationAnswers, ExposureKind, HealthStatus, LocationKind, Temperature};
use crate::{AbnormalRules, Symptom};

/// One reason a declaration is abnormal, shown to the person at once and
/// to their advisor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "reason", content = "detail", rename_all = "snake_case")]
pub enum AbnormalReason {
    Fever(Temperature),
    Symptom(Symptom),
    Exposure(ExposureKind),
    OutsideProvince,
    Status(HealthStatus),
}

/// What the person should do, for the result screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Advice {
    /// Stay where you are, contact your advisor, the clinic, the hotline.
    StayAndContact,
    /// Nothing to do today.
    None,
}

impl DeclarationAnswers {
    /// Every reason, in form order; empty when the declaration is normal.
    pub fn abnormal_reasons(&self, rules: &AbnormalRules) -> Vec<AbnormalReason> {
        let mut reasons = Vec::new();
        if rules.is_fever(self.temperature.tenths()) {
            reasons.push(AbnormalReason::Fever(self.temperature));
        }
        reasons.extend(
            self.symptoms
                .iter()
                .filter(|s| rules.is_alarming(**s))
                .map(|s| AbnormalReason::Symptom(*s)),
        );
        if rules.outside_province && self.location.kind == LocationKind::OutsideProvince {
            reasons.push(AbnormalReason::OutsideProvince);
        }
        if rules.any_exposure {
            reasons.extend(self.exposure.yes().map(AbnormalReason::Exposure));
        }
        if rules.non_normal_status && self.status != HealthStatus::Normal {
            reasons.push(AbnormalReason::Status(self.status));
        }
        reasons
    }

    pub fn is_abnormal(&self, rules: &AbnormalRules) -> bool {
        !self.abnormal_reasons(rules).is_empty()
    }

    pub fn advice(&self, rules: &AbnormalRules) -> Advice {
        if self.is_abnormal(rules) {
            Advice::StayAndContact
        } else {
            Advice::None
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A normal declaration to vary in tests.
    pub(crate) use crate::fixtures::normal_answers as normal;

    #[test]
    fn test_normal_declaration_has_no_reasons() {
        let rules = AbnormalRules::default();
        assert_eq!(normal().abnormal_reasons(&rules), vec![]);
        assert_eq!(normal().advice(&rules), Advice::None);
    }

    #[test]
    fn test_37_2_is_normal_and_37_3_is_fever_by_default() {
        let rules = AbnormalRules::default();
        let mut answers = normal();
        answers.temperature = Temperature::from_tenths(372);
        assert!(!answers.is_abnormal(&rules));
        answers.temperature = Temperature::from_tenths(373);
        assert_eq!(
            answers.abnormal_reasons(&rules),
            vec![AbnormalReason::Fever(Temperature::from_tenths(373))]
        );
    }

    #[test]
    fn test_fever_threshold_follows_rules() {
        let rules = AbnormalRules { fever_from_tenths_c: 375, ..AbnormalRules::default() };
        let mut answers = normal();
        answers.temperature = Temperature::from_tenths(374);
        assert!(!answers.is_abnormal(&rules));
    }

    #[test]
    fn test_only_alarming_symptoms_count() {
        let rules = AbnormalRules::default();
        let mut answers = normal();
        answers.symptoms = [Symptom::Fatigue, Symptom::SoreThroat].into();
        assert!(!answers.is_abnormal(&rules));
        answers.symptoms.insert(Symptom::Cough);
        assert_eq!(answers.abnormal_reasons(&rules), vec![AbnormalReason::Symptom(Symptom::Cough)]);
    }

    #[test]
    fn test_fever_and_cough_give_two_reasons_and_advice() {
        let rules = AbnormalRules::default();
        let mut answers = normal();
        answers.temperature = Temperature::from_tenths(381);
        answers.symptoms = [Symptom::Cough].into();
        assert_eq!(
            answers.abnormal_reasons(&rules),
            vec![
                AbnormalReason::Fever(Temperature::from_tenths(381)),
                AbnormalReason::Symptom(Symptom::Cough)
            ]
        );
        assert_eq!(answers.advice(&rules), Advice::StayAndContact);
    }

    #[test]
    fn test_each_exposure_yes_is_a_reason() {
        let rules = AbnormalRules::default();
        for kind in ExposureKind::ALL {
            let mut answers = normal();
            match kind {
                ExposureKind::ConfirmedCase => answers.exposure.confirmed_case = true,
                ExposureKind::SuspectedCase => answers.exposure.suspected_case = true,
                ExposureKind::HighRiskArea => answers.exposure.high_risk_area = true,
                ExposureKind::HouseholdSymptoms => answers.exposure.household_symptoms = true,
            }
            assert_eq!(answers.abnormal_reasons(&rules), vec![AbnormalReason::Exposure(kind)]);
        }
    }

    #[test]
    fn test_outside_province_and_status_are_reasons_unless_disabled() {
        let mut answers = normal();
        answers.location.kind = LocationKind::OutsideProvince;
        answers.status = HealthStatus::HomeObservation;
        let rules = AbnormalRules::default();
        assert_eq!(
            answers.abnormal_reasons(&rules),
            vec![
                AbnormalReason::OutsideProvince,
                AbnormalReason::Status(HealthStatus::HomeObservation)
            ]
        );
        let lenient = AbnormalRules { outside_province: false, non_normal_status: false, ..rules };
        assert!(!answers.is_abnormal(&lenient));
    }

    #[test]
    fn test_identical_detection_compares_every_answer() {
        let a = normal();
        let mut b = normal();
        assert!(a.is_identical_to(&b));
        b.temperature = Temperature::from_tenths(366);
        assert!(!a.is_identical_to(&b));
        let mut c = normal();
        c.remarks = "x".into();
        assert!(!a.is_identical_to(&c));
    }
}
