//! Visitors and vehicles (SPEC §6, 来访登记): no unregistered vehicle or
//! outsider enters the campus. A staff member pre-registers a visitor as
//! their host ([`VisitorRequest`], checked by [`VisitorRequest::problems`]);
//! the host's department office approves or refuses it
//! ([`status::decide`]); at the gate the guard looks the day's approved
//! visitors up ([`lookup::search`]), measures, and records each entry and
//! exit or the refusal of someone unregistered
//! ([`gate::VisitorGateRecord`]), which the server checks again against
//! the registration ([`gate::gate_flags`]). Who may register, decide and
//! record, and an id seen before, are [`taking`]'s.
//!
//! Every rule here runs on the phone (the form, the gate screen) and on
//! the server (the sync push), the same code on both sides.

pub mod gate;
pub mod lookup;
pub mod phone;
pub mod plate;
pub mod status;
pub mod taking;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

pub use gate::{
    Direction, GateDecision, GateRefusal, GateVisitor, GateVisitorList, VisitorFlag,
    VisitorGateRecord,
};
pub use lookup::{masked_phone, search, SearchProblem};
pub use phone::{is_valid_phone, normalize_phone, parse_phone};
pub use plate::{is_valid_plate, normalize_plate, parse_plate};
pub use status::{decide, VisitorDecision, VisitorRegistration, VisitorStatus};
pub use taking::{decide_as, register, take_visitor_record, Registering};

use crate::access::Action;
use crate::account::AccountPerson;
use crate::ErrorCode;

/// The longest visitor's name, in characters.
pub const MAX_NAME_CHARS: usize = 40;
/// The longest reason for a visit.
pub const MAX_VISIT_REASON_CHARS: usize = 200;
/// The longest reason for a decision (required to refuse).
pub const MAX_DECISION_REASON_CHARS: usize = 500;
/// A visit may be registered for today up to this many days ahead.
pub const MAX_DAYS_AHEAD: u64 = 30;

/// `GET /api/v1/visitors/pending`: an office's registrations to decide.
pub const PENDING_PATH: &str = "/api/v1/visitors/pending";
/// `GET /api/v1/gate/visitors?day=`: the day's approved visitors.
pub const GATE_VISITORS_PATH: &str = "/api/v1/gate/visitors";

/// A visitor as their host registers them (the `visitor_register`
/// mutation). Kept normalised once accepted ([`VisitorRequest::normalized`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorRequest {
    /// Made on the host's phone (UUID).
    pub visitor_id: String,
    pub name: String,
    /// A mainland mobile or landline number ([`phone`]).
    pub phone: String,
    /// The last four characters of the visitor's id card.
    pub id_last4: String,
    /// The vehicle's plate, when they come by car.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plate: Option<String>,
    /// The day of the visit (school time).
    pub day: NaiveDate,
    pub reason: String,
}

/// `GET /api/v1/visitors/pending`: what a department office decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingVisitors {
    pub department: String,
    /// Soonest visit first.
    pub visitors: Vec<VisitorRegistration>,
}

/// A field of the registration form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitorField {
    Name,
    Phone,
    IdLast4,
    Plate,
    Day,
    Reason,
}

/// What is wrong with one field; [`VisitorProblem::code`] is the server's
/// refusal for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitorProblem {
    Required,
    TooLong,
    /// Not a mainland phone number, an id's last four, or a plate.
    Invalid,
    /// The day is over.
    InPast,
    /// More than [`MAX_DAYS_AHEAD`] days ahead.
    TooFar,
}

impl VisitorProblem {
    /// The refusal code of this problem in `field`.
    pub fn code(self, field: VisitorField) -> ErrorCode {
        match (self, field) {
            (VisitorProblem::Required, _) => ErrorCode::TextRequired,
            (VisitorProblem::TooLong, _) => ErrorCode::TextTooLong,
            (VisitorProblem::InPast, _) => ErrorCode::VisitDayPast,
            (VisitorProblem::TooFar, _) => ErrorCode::VisitDayTooFar,
            (VisitorProblem::Invalid, VisitorField::Phone) => ErrorCode::InvalidPhone,
            (VisitorProblem::Invalid, VisitorField::IdLast4) => ErrorCode::InvalidIdLast4,
            (VisitorProblem::Invalid, VisitorField::Plate) => ErrorCode::InvalidPlate,
            (VisitorProblem::Invalid, _) => ErrorCode::TextRequired,
        }
    }
}

/// A text of 1 to `max` characters once trimmed, with no control
/// characters.
pub fn text_problem(text: &str, max: usize) -> Option<VisitorProblem> {
    let text = text.trim();
    let chars = text.chars().count();
    if chars == 0 {
        Some(VisitorProblem::Required)
    } else if chars > max {
        Some(VisitorProblem::TooLong)
    } else if text.chars().any(char::is_control) {
        Some(VisitorProblem::Invalid)
    } else {
        None
    }
}

/// The last four characters of an id card as kept: upper case, trimmed.
pub fn normalize_id_last4(typed: &str) -> String {
    typed.trim().to_ascii_uppercase()
}

/// Three digits and a digit or X (the check character of a resident id).
pub fn is_valid_id_last4(last4: &str) -> bool {
    let bytes = last4.as_bytes();
    bytes.len() == 4
        && bytes[..3].iter().all(u8::is_ascii_digit)
        && (bytes[3].is_ascii_digit() || bytes[3] == b'X')
}

/// Whether `day` may be registered on `today`, as a problem.
pub fn day_problem(day: NaiveDate, today: NaiveDate) -> Option<VisitorProblem> {
    let last = today.checked_add_days(Days::new(MAX_DAYS_AHEAD)).unwrap_or(today);
    if day < today {
        Some(VisitorProblem::InPast)
    } else if day > last {
        Some(VisitorProblem::TooFar)
    } else {
        None
    }
}

impl VisitorRequest {
    /// As kept: names and reasons trimmed, the phone, the plate and the
    /// id's last four normalised, an empty plate none.
    pub fn normalized(&self) -> VisitorRequest {
        let plate = self.plate.as_deref().map(normalize_plate).filter(|p| !p.is_empty());
        VisitorRequest {
            visitor_id: self.visitor_id.clone(),
            name: self.name.trim().to_owned(),
            phone: normalize_phone(&self.phone),
            id_last4: normalize_id_last4(&self.id_last4),
            plate,
            day: self.day,
            reason: self.reason.trim().to_owned(),
        }
    }

    /// Every field that is wrong, in form order, for a registration made
    /// on `today` (school time).
    pub fn problems(&self, today: NaiveDate) -> Vec<(VisitorField, VisitorProblem)> {
        let request = self.normalized();
        let mut problems = Vec::new();
        if let Some(p) = text_problem(&request.name, MAX_NAME_CHARS) {
            problems.push((VisitorField::Name, p));
        }
        if request.phone.is_empty() {
            problems.push((VisitorField::Phone, VisitorProblem::Required));
        } else if !is_valid_phone(&request.phone) {
            problems.push((VisitorField::Phone, VisitorProblem::Invalid));
        }
        if request.id_last4.is_empty() {
            problems.push((VisitorField::IdLast4, VisitorProblem::Required));
        } else if !is_valid_id_last4(&request.id_last4) {
            problems.push((VisitorField::IdLast4, VisitorProblem::Invalid));
        }
        if let Some(plate) = &request.plate {
            if !is_valid_plate(plate) {
                problems.push((VisitorField::Plate, VisitorProblem::Invalid));
            }
        }
        if let Some(p) = day_problem(request.day, today) {
            problems.push((VisitorField::Day, p));
        }
        if let Some(p) = text_problem(&request.reason, MAX_VISIT_REASON_CHARS) {
            problems.push((VisitorField::Reason, p));
        }
        problems
    }

    /// The server's refusal: the code of the first problem.
    pub fn check(&self, today: NaiveDate) -> Result<(), ErrorCode> {
        match self.problems(today).first() {
            Some((field, problem)) => Err(problem.code(*field)),
            None => Ok(()),
        }
    }
}

/// Whether `who` may register visitors (staff and foreign teachers).
pub fn may_host(who: &AccountPerson) -> bool {
    crate::access::allows(who, &Action::RegisterVisitor)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 2, d).unwrap()
    }

    pub fn request() -> VisitorRequest {
        VisitorRequest {
            visitor_id: "0f8fad5b-d9cb-469f-a165-70867728950e".into(),
            name: " 黄建国 ".into(),
            phone: "138 0000 1234".into(),
            id_last4: "123x".into(),
            plate: Some("琼a 12345".into()),
            day: day(12),
            reason: "送教材".into(),
        }
    }

    #[test]
    fn test_problems_of_a_good_request_are_none() {
        assert_eq!(request().problems(day(10)), vec![]);
        let walking = VisitorRequest { plate: Some("  ".into()), ..request() };
        assert_eq!(walking.problems(day(10)), vec![]);
        assert_eq!(walking.normalized().plate, None);
    }

    #[test]
    fn test_normalized_trims_and_upper_cases() {
        let kept = request().normalized();
        assert_eq!(kept.name, "黄建国");
        assert_eq!(kept.phone, "13800001234");
        assert_eq!(kept.id_last4, "123X");
        assert_eq!(kept.plate.as_deref(), Some("琼A12345"));
    }

    #[test]
    fn test_problems_name_each_wrong_field() {
        let bad = VisitorRequest {
            name: "x".repeat(MAX_NAME_CHARS + 1),
            phone: "call me".into(),
            id_last4: "12345".into(),
            plate: Some("ABC".into()),
            day: day(9),
            reason: " ".into(),
            ..request()
        };
        assert_eq!(
            bad.problems(day(10)),
            vec![
                (VisitorField::Name, VisitorProblem::TooLong),
                (VisitorField::Phone, VisitorProblem::Invalid),
                (VisitorField::IdLast4, VisitorProblem::Invalid),
                (VisitorField::Plate, VisitorProblem::Invalid),
                (VisitorField::Day, VisitorProblem::InPast),
                (VisitorField::Reason, VisitorProblem::Required),
            ]
        );
        assert_eq!(bad.check(day(10)), Err(ErrorCode::TextTooLong));
    }

    #[test]
    fn test_day_problem_allows_today_to_thirty_days_ahead() {
        assert_eq!(day_problem(day(10), day(10)), None);
        assert_eq!(day_problem(day(9), day(10)), Some(VisitorProblem::InPast));
        let last = day(10) + chrono::Duration::days(30);
        assert_eq!(day_problem(last, day(10)), None);
        let beyond = last + chrono::Duration::days(1);
        assert_eq!(day_problem(beyond, day(10)), Some(VisitorProblem::TooFar));
    }

    #[test]
    fn test_id_last4_is_three_digits_and_a_digit_or_x() {
        assert!(is_valid_id_last4("0012"));
        assert!(is_valid_id_last4("123X"));
        for bad in ["123", "12345", "X123", "12a4", "１２３４"] {
            assert!(!is_valid_id_last4(bad), "{bad:?}");
        }
    }

    #[test]
    fn test_check_gives_each_field_its_code() {
        for typed in ["+-", "12345", "23800000001", "0898-661234"] {
            let phone = VisitorRequest { phone: typed.into(), ..request() };
            assert_eq!(phone.check(day(10)), Err(ErrorCode::InvalidPhone), "{typed:?}");
        }
        let landline = VisitorRequest { phone: "0898 6612 3456".into(), ..request() };
        assert_eq!(landline.check(day(10)), Ok(()));
        assert_eq!(landline.normalized().phone, "0898-66123456");
        let plate = VisitorRequest { plate: Some("琼I12345".into()), ..request() };
        assert_eq!(plate.check(day(10)), Err(ErrorCode::InvalidPlate));
        let far = VisitorRequest { day: day(10) + chrono::Duration::days(31), ..request() };
        assert_eq!(far.check(day(10)), Err(ErrorCode::VisitDayTooFar));
        let long = VisitorRequest { reason: "很".repeat(MAX_VISIT_REASON_CHARS + 1), ..request() };
        assert_eq!(long.check(day(10)), Err(ErrorCode::TextTooLong));
        let id = VisitorRequest { id_last4: "12".into(), ..request() };
        assert_eq!(id.check(day(10)), Err(ErrorCode::InvalidIdLast4));
    }
}
