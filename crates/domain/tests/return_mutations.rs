//! The return-to-campus mutations as the server judges them on arrival,
//! before any stored record is read: ids, the request's fields, the
//! decision's reason.

use anxin_domain::campus_return::{ReturnRequest, Transport};
use anxin_domain::sync::{check_mutation, Change, Mutation, RejectCode};
use chrono::{DateTime, Duration, TimeZone, Utc};

const ID: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";
const APPLICATION: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

/// 10:00 on 10 Feb 2020 at the school.
fn received() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2020, 2, 10, 2, 0, 0).unwrap()
}

fn mutation(change: Change) -> Mutation {
    Mutation { id: ID.into(), seq: 1, device_time: received(), change }
}

fn apply(adjust: impl FnOnce(&mut ReturnRequest)) -> Result<(), RejectCode> {
    let mut request = ReturnRequest {
        application_id: APPLICATION.into(),
        planned_on: anxin_domain::local_day(received()) + Duration::days(3),
        from_where: "广东省广州市".into(),
        transport: Transport::Train,
        transport_detail: "D7321".into(),
        symptom_free_14_days: true,
    };
    adjust(&mut request);
    check_mutation(&mutation(Change::ReturnApply(request)), received()).map_err(|r| r.code)
}

fn decide(application_id: &str, approve: bool, reason: &str) -> Result<(), RejectCode> {
    let change = Change::ReturnDecide {
        application_id: application_id.into(),
        approve,
        reason: reason.into(),
    };
    check_mutation(&mutation(change), received()).map_err(|r| r.code)
}

#[test]
fn test_check_return_apply_valid_passes() {
    assert_eq!(apply(|_| {}), Ok(()));
}

#[test]
fn test_check_return_apply_bad_fields_are_rejected_with_their_codes() {
    assert_eq!(apply(|r| r.application_id = "1".into()), Err(RejectCode::MalformedId));
    let yesterday = anxin_domain::local_day(received()) - Duration::days(1);
    assert_eq!(apply(|r| r.planned_on = yesterday), Err(RejectCode::BadReturnDate));
    assert_eq!(apply(|r| r.from_where = "城".repeat(101)), Err(RejectCode::TextTooLong));
    assert_eq!(apply(|r| r.transport_detail = "9".repeat(51)), Err(RejectCode::TextTooLong));
    assert_eq!(apply(|r| r.symptom_free_14_days = false), Err(RejectCode::ConfirmationRequired));
}

#[test]
fn test_check_return_apply_unknown_transport_does_not_parse() {
    let json = format!(
        r#"{{"return_apply":{{"application_id":"{APPLICATION}","planned_on":"2020-02-12",
        "from_where":"x","transport":"rocket","symptom_free_14_days":true}}}}"#
    );
    assert!(serde_json::from_str::<Change>(&json).is_err());
}

#[test]
fn test_check_return_decide_checks_id_and_reason() {
    assert_eq!(decide(APPLICATION, true, ""), Ok(()));
    assert_eq!(decide(APPLICATION, false, "行程码异常"), Ok(()));
    assert_eq!(decide("nope", true, ""), Err(RejectCode::MalformedId));
    assert_eq!(decide(APPLICATION, false, " "), Err(RejectCode::TextRequired));
    assert_eq!(decide(APPLICATION, true, &"理".repeat(501)), Err(RejectCode::TextTooLong));
}
