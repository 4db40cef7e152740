use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::Temperature;
use crate::Symptom;

/// Where the person is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LocationKind {
    OnCampus,
    HomeInProvince,
    OutsideProvince,
}

impl LocationKind {
    pub const ALL: [LocationKind; 3] =
        [LocationKind::OnCampus, LocationKind::HomeInProvince, LocationKind::OutsideProvince];

    /// Off campus, the city and district are asked for.
    pub fn needs_city(self) -> bool {
        self != LocationKind::OnCampus
    }
}

/// The location with its city and district (empty on campus).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Location {
    pub kind: LocationKind,
    pub city: String,
    pub district: String,
}

/// The four 14-day exposure questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExposureKind {
    ConfirmedCase,
    SuspectedCase,
    HighRiskArea,
    HouseholdSymptoms,
}

impl ExposureKind {
    pub const ALL: [ExposureKind; 4] = [
        ExposureKind::ConfirmedCase,
        ExposureKind::SuspectedCase,
        ExposureKind::HighRiskArea,
        ExposureKind::HouseholdSymptoms,
    ];
}

/// Answers to the exposure questions, each yes or no.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Exposure {
    pub confirmed_case: bool,
    pub suspected_case: bool,
    pub high_risk_area: bool,
    pub household_symptoms: bool,
}

impl Exposure {
    pub fn get(&self, kind: ExposureKind) -> bool {
        match kind {
            ExposureKind::ConfirmedCase => self.confirmed_case,
            ExposureKind::SuspectedCase => self.suspected_case,
            ExposureKind::HighRiskArea => self.high_risk_area,
            ExposureKind::HouseholdSymptoms => self.household_symptoms,
        }
    }

    /// The exposures answered "yes", in form order.
    pub fn yes(&self) -> impl Iterator<Item = ExposureKind> + '_ {
        ExposureKind::ALL.into_iter().filter(|k| self.get(*k))
    }
}

/// Current health status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthStatus {
    Normal,
    /// 居家观察
    HomeObservation,
    /// 医学隔离观察
    MedicalIsolation,
    Suspected,
    Confirmed,
}

impl HealthStatus {
    pub const ALL: [HealthStatus; 5] = [
        HealthStatus::Normal,
        HealthStatus::HomeObservation,
        HealthStatus::MedicalIsolation,
        HealthStatus::Suspected,
        HealthStatus::Confirmed,
    ];
}

/// A complete, checked declaration: what a revision stores.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DeclarationAnswers {
    pub temperature: Temperature,
    /// Local time (school time zone) the temperature was taken.
    pub measured_at: NaiveTime,
    /// Empty means the person answered "none".
    pub symptoms: BTreeSet<Symptom>,
    pub location: Location,
    /// Left the province since the last declaration.
    pub left_province: bool,
    /// The day the person returned to the province (返琼), if they did.
    pub returned_on: Option<NaiveDate>,
    pub exposure: Exposure,
    pub status: HealthStatus,
    pub remarks: String,
}

impl DeclarationAnswers {
    /// Identical in every answer to `other`, which the advisor sees flagged:
    /// copying yesterday's answers is a known habit of check-in apps.
    pub fn is_identical_to(&self, other: &DeclarationAnswers) -> bool {
        self == other
    }
}
