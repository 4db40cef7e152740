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

/// A sealed note as a counsellor's device would send it (the bytes are
/// made up: the server never opens one).
pub fn sealed_note() -> crate::counselling::note::SealedNote {
    crate::counselling::note::SealedNote {
        ciphertext: "q83vEjRWeJASNFZ4kBI0VniQEjRWeJAS".into(),
        iv: "AAECAwQFBgcICQoL".into(),
        salt: "AAECAwQFBgcICQoLDA0ODw==".into(),
        kdf: crate::counselling::note::KDF_PBKDF2_SHA256.into(),
        iterations: 310_000,
    }
}

/// `counsellor` on duty every day of the week at each of `hours`, for 50
/// minutes, in `mode`.
pub fn daily_plan(
    counsellor: &str,
    hours: &[u32],
    mode: crate::counselling::Mode,
) -> crate::counselling::DutyPlan {
    use chrono::Weekday::*;
    let weekly = [Mon, Tue, Wed, Thu, Fri, Sat, Sun]
        .into_iter()
        .flat_map(|weekday| {
            let mode = mode.clone();
            hours.iter().map(move |h| crate::counselling::WeeklySlot {
                weekday,
                start: NaiveTime::from_hms_opt(*h, 0, 0).expect("an hour of the day"),
                minutes: 50,
                mode: mode.clone(),
                session_minutes: None,
                gap_minutes: 0,
            })
        })
        .collect();
    crate::counselling::DutyPlan { counsellor_id: counsellor.into(), weekly, leaves: vec![] }
}

/// A booking as its person's phone pulls it: booking `id`, in `status`,
/// holding `slot`, not anonymous, routine, asked on 1 Dec 2026.
pub fn my_booking(
    id: &str,
    status: crate::counselling::AppointmentStatus,
    slot: Option<crate::counselling::Slot>,
) -> crate::counselling::MyBooking {
    use chrono::TimeZone;
    crate::counselling::MyBooking {
        booking_id: id.into(),
        status,
        slot,
        alternatives: vec![],
        counsellor_name: None,
        topic: String::new(),
        phone: "13800000001".into(),
        anonymous: false,
        urgency: crate::counselling::Urgency::Routine,
        requested_at: chrono::Utc.with_ymd_and_hms(2026, 12, 1, 1, 0, 0).unwrap(),
        accepted: false,
        proposed: None,
        reason: None,
        replaced_by: None,
    }
}
