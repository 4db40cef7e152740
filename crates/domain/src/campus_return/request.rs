//! What a person sends to apply, and what can be judged of it alone.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{MAX_DAYS_AHEAD, MAX_FROM_CHARS, MAX_TRANSPORT_DETAIL_CHARS};
use crate::error_code::ErrorCode;
use crate::sync::is_uuid;

/// How the person travels back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transport {
    Train,
    Plane,
    Coach,
    Car,
    Other,
}

impl Transport {
    pub const ALL: [Transport; 5] =
        [Transport::Train, Transport::Plane, Transport::Coach, Transport::Car, Transport::Other];
}

/// An application to return, as made on the phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnRequest {
    /// Made on the phone (UUID).
    pub application_id: String,
    /// The day they mean to be back (a school day).
    pub planned_on: NaiveDate,
    /// Where they come from (a city, a district).
    pub from_where: String,
    pub transport: Transport,
    /// A train number, a flight, a plate: optional.
    #[serde(default)]
    pub transport_detail: String,
    /// 14 days without symptoms or exposure, confirmed by the person.
    pub symptom_free_14_days: bool,
}

/// The form's fields a refusal is shown next to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnField {
    PlannedOn,
    FromWhere,
    TransportDetail,
    Confirmation,
}

/// One field's refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReturnProblem {
    pub field: ReturnField,
    pub code: ErrorCode,
}

impl ReturnRequest {
    /// Every field's refusal, in form order, on `today` (the school's day).
    pub fn problems(&self, today: NaiveDate) -> Vec<ReturnProblem> {
        let mut problems = Vec::new();
        let mut refuse = |field, code| problems.push(ReturnProblem { field, code });
        if self.planned_on < today || self.planned_on > today + Duration::days(MAX_DAYS_AHEAD) {
            refuse(ReturnField::PlannedOn, ErrorCode::BadReturnDate);
        }
        let from = self.from_where.trim().chars().count();
        if from == 0 {
            refuse(ReturnField::FromWhere, ErrorCode::TextRequired);
        } else if from > MAX_FROM_CHARS {
            refuse(ReturnField::FromWhere, ErrorCode::TextTooLong);
        }
        if self.transport_detail.trim().chars().count() > MAX_TRANSPORT_DETAIL_CHARS {
            refuse(ReturnField::TransportDetail, ErrorCode::TextTooLong);
        }
        if !self.symptom_free_14_days {
            refuse(ReturnField::Confirmation, ErrorCode::ConfirmationRequired);
        }
        problems
    }

    /// The first refusal's code (the server's answer): the id, then the
    /// fields in form order.
    pub fn check(&self, today: NaiveDate) -> Result<(), ErrorCode> {
        if !is_uuid(&self.application_id) {
            return Err(ErrorCode::MalformedId);
        }
        self.problems(today).first().map_or(Ok(()), |p| Err(p.code))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) const APPLICATION: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";

    pub(crate) fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 2, 10).unwrap()
    }

    pub(crate) fn request(planned_on: NaiveDate) -> ReturnRequest {
        ReturnRequest {
            application_id: APPLICATION.into(),
            planned_on,
            from_where: "海口市龙华区".into(),
            transport: Transport::Coach,
            transport_detail: String::new(),
            symptom_free_14_days: true,
        }
    }

    fn codes(request: &ReturnRequest) -> Vec<(ReturnField, ErrorCode)> {
        request.problems(today()).into_iter().map(|p| (p.field, p.code)).collect()
    }

    #[test]
    fn test_check_request_today_and_thirty_days_ahead_pass() {
        assert_eq!(request(today()).check(today()), Ok(()));
        assert_eq!(request(today() + Duration::days(30)).check(today()), Ok(()));
    }

    #[test]
    fn test_check_request_past_or_too_far_is_a_bad_date() {
        let yesterday = request(today() - Duration::days(1));
        let too_far = request(today() + Duration::days(31));
        assert_eq!(yesterday.check(today()), Err(ErrorCode::BadReturnDate));
        assert_eq!(too_far.check(today()), Err(ErrorCode::BadReturnDate));
    }

    #[test]
    fn test_check_request_from_where_required_and_limited() {
        let blank = ReturnRequest { from_where: "  ".into(), ..request(today()) };
        let long = ReturnRequest { from_where: "海".repeat(101), ..request(today()) };
        let longest = ReturnRequest { from_where: "海".repeat(100), ..request(today()) };
        assert_eq!(codes(&blank), vec![(ReturnField::FromWhere, ErrorCode::TextRequired)]);
        assert_eq!(codes(&long), vec![(ReturnField::FromWhere, ErrorCode::TextTooLong)]);
        assert_eq!(codes(&longest), vec![]);
    }

    #[test]
    fn test_check_request_transport_detail_limited() {
        let detail = ReturnRequest { transport_detail: "D".repeat(51), ..request(today()) };
        assert_eq!(codes(&detail), vec![(ReturnField::TransportDetail, ErrorCode::TextTooLong)]);
        let fits = ReturnRequest { transport_detail: "D".repeat(50), ..request(today()) };
        assert_eq!(fits.check(today()), Ok(()));
    }

    #[test]
    fn test_check_request_without_confirmation_is_refused() {
        let unconfirmed = ReturnRequest { symptom_free_14_days: false, ..request(today()) };
        assert_eq!(unconfirmed.check(today()), Err(ErrorCode::ConfirmationRequired));
    }

    #[test]
    fn test_check_request_malformed_id_first() {
        let bad = ReturnRequest {
            application_id: "x".into(),
            symptom_free_14_days: false,
            ..request(today())
        };
        assert_eq!(bad.check(today()), Err(ErrorCode::MalformedId));
    }

    #[test]
    fn test_problems_lists_every_field_in_form_order() {
        let all_wrong = ReturnRequest {
            planned_on: today() - Duration::days(1),
            from_where: String::new(),
            transport_detail: "D".repeat(51),
            symptom_free_14_days: false,
            ..request(today())
        };
        let fields: Vec<_> = codes(&all_wrong).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            vec![
                ReturnField::PlannedOn,
                ReturnField::FromWhere,
                ReturnField::TransportDetail,
                ReturnField::Confirmation
            ]
        );
    }
}
