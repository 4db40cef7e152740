//! Example records shared by the tests and benchmarks of every crate
//! (feature `fixtures`): one normal declaration to vary, instead of a copy
//! per test file.

use std::collections::BTreeSet;

use chrono::NaiveTime;

use crate::declaration::{
    DeclarationAnswers, Exposure, HealthStatus, Location, LocationKind, Temperature,
};

/// A normal declaration: 36.5 °C at 07:30, on campus, no symptoms, no
/// exposure, not travelling.
pub fn normal_answers() -> DeclarationAnswers {
    DeclarationAnswers {
        temperature: Temperature::from_tenths(365),
        measured_at: NaiveTime::from_hms_opt(7, 30, 0).expect("07:30 is a valid time"),
        symptoms: BTreeSet::new(),
        location: Location {
            kind: LocationKind::OnCampus,
            city: String::new(),
            district: String::new(),
        },
        left_province: false,
        returned_on: None,
        exposure: Exposure::default(),
        status: HealthStatus::Normal,
        remarks: String::new(),
    }
}

/// The same with another temperature (tenths of °C).
pub fn answers_at(tenths: u16) -> DeclarationAnswers {
    DeclarationAnswers { temperature: Temperature::from_tenths(tenths), ..normal_answers() }
}
