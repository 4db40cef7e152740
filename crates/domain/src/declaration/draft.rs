use std::collections::BTreeSet;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::{
    DeclarationAnswers, Exposure, ExposureKind, HealthStatus, Location, LocationKind, Temperature,
};
use crate::Symptom;

/// The longest remark, city and district accepted, in characters.
pub const MAX_REMARKS_CHARS: usize = 500;
pub const MAX_PLACE_CHARS: usize = 50;
/// A measurement may be a few minutes "in the future" on a fast clock.
const FUTURE_SLACK_MINUTES: i64 = 5;

/// The form as the person left it: saved on every change, never trusted.
/// The temperature is never pre-filled from an earlier day.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DeclarationDraft {
    /// As typed, e.g. "36.5".
    pub temperature: String,
    /// "HH:MM", school time.
    pub measured_at: String,
    pub symptoms: BTreeSet<Symptom>,
    /// The "none" answer of the symptom question.
    pub no_symptoms: bool,
    pub location: Option<LocationKind>,
    pub city: String,
    pub district: String,
    pub left_province: Option<bool>,
    pub returned: Option<bool>,
    /// "YYYY-MM-DD", asked only when `returned` is yes.
    pub returned_on: String,
    pub exposure: ExposureDraft,
    pub status: Option<HealthStatus>,
    pub remarks: String,
    /// Where, travel, exposure and status were taken over from the
    /// previous declaration in one tap ("same situation as yesterday"):
    /// the form shows them as one line with a way to change them.
    pub situation_taken: bool,
}

/// The exposure questions, each unanswered until the person picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ExposureDraft {
    pub confirmed_case: Option<bool>,
    pub suspected_case: Option<bool>,
    pub high_risk_area: Option<bool>,
    pub household_symptoms: Option<bool>,
}

impl ExposureDraft {
    pub fn get(&self, kind: ExposureKind) -> Option<bool> {
        match kind {
            ExposureKind::ConfirmedCase => self.confirmed_case,
            ExposureKind::SuspectedCase => self.suspected_case,
            ExposureKind::HighRiskArea => self.high_risk_area,
            ExposureKind::HouseholdSymptoms => self.household_symptoms,
        }
    }

    pub fn set(&mut self, kind: ExposureKind, answer: Option<bool>) {
        match kind {
            ExposureKind::ConfirmedCase => self.confirmed_case = answer,
            ExposureKind::SuspectedCase => self.suspected_case = answer,
            ExposureKind::HighRiskArea => self.high_risk_area = answer,
            ExposureKind::HouseholdSymptoms => self.household_symptoms = answer,
        }
    }
}

/// A question of the form, to place an error next to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Temperature,
    MeasuredAt,
    Symptoms,
    Location,
    City,
    District,
    LeftProvince,
    Returned,
    ReturnedOn,
    Exposure(ExposureKind),
    Status,
    Remarks,
}

/// What is wrong with an answer; the app words it in the person's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    Required,
    /// Not a number with at most one decimal.
    NotATemperature,
    /// A number outside 35.0–42.0 °C.
    OutOfRange,
    NotATime,
    NotADate,
    InFuture,
    /// "None" chosen together with a symptom.
    NoneWithSymptom,
    /// Outside the province now, and yet returned to it: one of the two
    /// answers is wrong (said next to both).
    OutsideYetReturned,
    TooLong {
        max: usize,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

impl DeclarationDraft {
    /// A draft to correct filed answers (same day, so the temperature is
    /// kept: it is today's own measurement).
    pub fn for_correction(answers: &DeclarationAnswers) -> Self {
        let mut exposure = ExposureDraft::default();
        for kind in ExposureKind::ALL {
            exposure.set(kind, Some(answers.exposure.get(kind)));
        }
        Self {
            temperature: answers.temperature.to_string(),
            measured_at: crate::clock_text::hh_mm(&answers.measured_at),
            symptoms: answers.symptoms.clone(),
            no_symptoms: answers.symptoms.is_empty(),
            location: Some(answers.location.kind),
            city: answers.location.city.clone(),
            district: answers.location.district.clone(),
            left_province: Some(answers.left_province),
            returned: Some(answers.returned_on.is_some()),
            returned_on: answers.returned_on.map(|d| d.to_string()).unwrap_or_default(),
            exposure,
            status: Some(answers.status),
            remarks: answers.remarks.clone(),
            situation_taken: false,
        }
    }

    /// Takes over the situation of an earlier declaration: where the person
    /// is, travel, the 14-day exposure answers and the status. Today's
    /// health (temperature, measuring time, symptoms) and the remarks are
    /// never taken over: they are answered fresh.
    pub fn take_situation(&mut self, earlier: &DeclarationAnswers) {
        let from = Self::for_correction(earlier);
        self.location = from.location;
        self.city = from.city;
        self.district = from.district;
        self.left_province = from.left_province;
        self.returned = from.returned;
        self.returned_on = from.returned_on;
        self.exposure = from.exposure;
        self.status = from.status;
        self.situation_taken = true;
    }

    /// Whether the return question (and its date) applies: only to someone
    /// who left the province or is outside it.
    pub fn asks_return(&self) -> bool {
        self.left_province == Some(true) || self.location == Some(LocationKind::OutsideProvince)
    }

    /// The problems worth saying while the person is still filling the
    /// form: what is wrong with what was answered, and, of the questions
    /// still unanswered, only those already `shown` as required (by a
    /// submit): "required" waits for the submit.
    pub fn typing_problems(&self, now: NaiveDateTime, shown: &[FieldError]) -> Vec<FieldError> {
        match self.validate(now) {
            Ok(_) => Vec::new(),
            Err(errors) => errors
                .into_iter()
                .filter(|e| e.problem != Problem::Required || shown.contains(e))
                .collect(),
        }
    }

    /// Whether the person has touched the form at all.
    pub fn is_blank(&self) -> bool {
        self == &Self::default()
    }

    /// Checks every answer against `now` (school local time). All errors are
    /// returned at once, in form order, so each shows next to its field.
    pub fn validate(&self, now: NaiveDateTime) -> Result<DeclarationAnswers, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field, problem| errors.push(FieldError { field, problem });

        let temperature = match Temperature::parse(&self.temperature) {
            _ if self.temperature.trim().is_empty() => {
                fail(Field::Temperature, Problem::Required);
                None
            }
            None => {
                fail(Field::Temperature, Problem::NotATemperature);
                None
            }
            Some(t) if !t.is_plausible() => {
                fail(Field::Temperature, Problem::OutOfRange);
                None
            }
            Some(t) => Some(t),
        };

        let measured_at = if self.measured_at.trim().is_empty() {
            fail(Field::MeasuredAt, Problem::Required);
            None
        } else {
            match crate::clock_text::parse_hh_mm(self.measured_at.trim()).ok_or(()) {
                Err(()) => {
                    fail(Field::MeasuredAt, Problem::NotATime);
                    None
                }
                Ok(t) if (t - now.time()).num_minutes() > FUTURE_SLACK_MINUTES => {
                    fail(Field::MeasuredAt, Problem::InFuture);
                    None
                }
                Ok(t) => Some(t),
            }
        };

        if self.no_symptoms && !self.symptoms.is_empty() {
            fail(Field::Symptoms, Problem::NoneWithSymptom);
        } else if !self.no_symptoms && self.symptoms.is_empty() {
            fail(Field::Symptoms, Problem::Required);
        }

        if self.location.is_none() {
            fail(Field::Location, Problem::Required);
        }
        let needs_city = self.location.is_some_and(LocationKind::needs_city);
        if needs_city {
            check_place(&self.city, Field::City, &mut fail);
            check_place(&self.district, Field::District, &mut fail);
        }

        if self.left_province.is_none() {
            fail(Field::LeftProvince, Problem::Required);
        }
        let returned = if self.asks_return() { self.returned } else { Some(false) };
        if self.location == Some(LocationKind::OutsideProvince) && returned == Some(true) {
            fail(Field::Location, Problem::OutsideYetReturned);
            fail(Field::Returned, Problem::OutsideYetReturned);
        }
        let returned_on = match returned {
            None => {
                fail(Field::Returned, Problem::Required);
                None
            }
            Some(false) => None,
            Some(true) => match crate::clock_text::parse_day(self.returned_on.trim()).ok_or(()) {
                _ if self.returned_on.trim().is_empty() => {
                    fail(Field::ReturnedOn, Problem::Required);
                    None
                }
                Err(_) => {
                    fail(Field::ReturnedOn, Problem::NotADate);
                    None
                }
                Ok(day) if day > now.date() => {
                    fail(Field::ReturnedOn, Problem::InFuture);
                    None
                }
                Ok(day) => Some(day),
            },
        };

        for kind in ExposureKind::ALL {
            if self.exposure.get(kind).is_none() {
                fail(Field::Exposure(kind), Problem::Required);
            }
        }
        if self.status.is_none() {
            fail(Field::Status, Problem::Required);
        }
        if self.remarks.chars().count() > MAX_REMARKS_CHARS {
            fail(Field::Remarks, Problem::TooLong { max: MAX_REMARKS_CHARS });
        }

        let answer = |kind| self.exposure.get(kind).unwrap_or(false);
        match (temperature, measured_at, self.location, self.left_province, self.status) {
            (Some(temperature), Some(measured_at), Some(kind), Some(left), Some(status))
                if errors.is_empty() =>
            {
                Ok(DeclarationAnswers {
                    temperature,
                    measured_at,
                    symptoms: self.symptoms.clone(),
                    location: Location {
                        kind,
                        city: if needs_city { self.city.trim().to_owned() } else { String::new() },
                        district: if needs_city {
                            self.district.trim().to_owned()
                        } else {
                            String::new()
                        },
                    },
                    left_province: left,
                    returned_on,
                    exposure: Exposure {
                        confirmed_case: answer(ExposureKind::ConfirmedCase),
                        suspected_case: answer(ExposureKind::SuspectedCase),
                        high_risk_area: answer(ExposureKind::HighRiskArea),
                        household_symptoms: answer(ExposureKind::HouseholdSymptoms),
                    },
                    status,
                    remarks: self.remarks.trim().to_owned(),
                })
            }
            _ => Err(errors),
        }
    }
}

fn check_place(value: &str, field: Field, fail: &mut impl FnMut(Field, Problem)) {
    if value.trim().is_empty() {
        fail(field, Problem::Required);
    } else if value.trim().chars().count() > MAX_PLACE_CHARS {
        fail(field, Problem::TooLong { max: MAX_PLACE_CHARS });
    }
}
