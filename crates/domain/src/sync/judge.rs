//! What the server decides about a mutation before storing it, with the
//! same rules the device used (never trusting the device).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{is_uuid, Change, Mutation, RejectCode};
use crate::campus_return::decision::check_reason;
use crate::counselling::booking::is_valid_reason;
use crate::declaration::{DeclarationDraft, Field, FieldError, Problem};
use crate::local_day;
use crate::revision::MAX_REASON_CHARS;
use crate::visitor::VisitorGateRecord;

/// How far ahead of the server a device clock may be before its times are
/// not believed (phones drift; a few minutes are normal).
pub const FUTURE_TOLERANCE_MINUTES: i64 = 10;

/// How old a device time may be: a phone can stay offline for weeks, but
/// not for a year.
pub const OLDEST_PLAUSIBLE_DAYS: i64 = 90;

/// How many days before today (the school's day) a declaration may still
/// be for: today and the 13 days before, the 14 the phone keeps. An older
/// day is refused ([`RejectCode::DayTooOld`]): it could change a day long
/// signed, and the phone no longer shows it.
pub const OLDEST_DECLARATION_DAYS: u64 = 13;

/// Why a device time was not kept as told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeFlag {
    /// Later than the server's receipt: set to the receipt time.
    InFuture,
    /// Older than [`OLDEST_PLAUSIBLE_DAYS`]: set to that limit.
    ImplausiblyOld,
}

/// The device time to store, and the flag when it had to be clamped.
pub fn judge_device_time(
    device: DateTime<Utc>,
    received: DateTime<Utc>,
) -> (DateTime<Utc>, Option<TimeFlag>) {
    if device > received + Duration::minutes(FUTURE_TOLERANCE_MINUTES) {
        (received, Some(TimeFlag::InFuture))
    } else if device < received - Duration::days(OLDEST_PLAUSIBLE_DAYS) {
        (received - Duration::days(OLDEST_PLAUSIBLE_DAYS), Some(TimeFlag::ImplausiblyOld))
    } else {
        (device, None)
    }
}

/// A refusal: the code and, for answers, the fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub code: RejectCode,
    pub fields: Vec<FieldError>,
}

impl From<RejectCode> for Rejection {
    fn from(code: RejectCode) -> Self {
        Self { code, fields: Vec::new() }
    }
}

/// The oldest day a declaration received at `received` may be for.
pub fn oldest_declaration_day(received: DateTime<Utc>) -> NaiveDate {
    let today = local_day(received);
    today.checked_sub_days(chrono::Days::new(OLDEST_DECLARATION_DAYS)).unwrap_or(today)
}

/// Checks a mutation on its own (what does not need stored records),
/// received at `received` by the server's clock.
pub fn check_mutation(mutation: &Mutation, received: DateTime<Utc>) -> Result<(), Rejection> {
    if !is_uuid(&mutation.id) {
        return Err(RejectCode::MalformedId.into());
    }
    match &mutation.change {
        Change::DeclarationRevision { day, revision_id, answers, correction_reason } => {
            if !is_uuid(revision_id) {
                return Err(RejectCode::MalformedId.into());
            }
            // A phone a few minutes fast may file "tomorrow" just before
            // midnight: the same tolerance as for its clock.
            if *day > local_day(received + Duration::minutes(FUTURE_TOLERANCE_MINUTES)) {
                return Err(RejectCode::DayInFuture.into());
            }
            if *day < oldest_declaration_day(received) {
                return Err(RejectCode::DayTooOld.into());
            }
            if let Some(reason) = correction_reason {
                let chars = reason.trim().chars().count();
                if chars == 0 || chars > MAX_REASON_CHARS {
                    return Err(RejectCode::BadCorrectionReason.into());
                }
            }
            check_answers_for_day(answers, *day)
                .map_err(|fields| Rejection { code: RejectCode::InvalidAnswers, fields })
        }
        Change::BookingRequest(request) => {
            let moved = request.replaces.as_ref().map(|r| r.booking_id.as_str());
            if !is_uuid(&request.booking_id) || moved.is_some_and(|id| !is_uuid(id)) {
                return Err(RejectCode::MalformedId.into());
            }
            if !request.problems().is_empty() {
                return Err(RejectCode::InvalidBooking.into());
            }
            Ok(())
        }
        // Judged with the directory (the longest leave) and the stored
        // records, by the report rules.
        Change::Report(action) => {
            action.check(local_day(received), u32::MAX).map_err(Rejection::from)
        }
        // The readings are judged with the directory's fever threshold
        // (`GateRecord::problems`), by the store.
        Change::GateRecord(record) => {
            if !is_uuid(&record.record_id) {
                return Err(RejectCode::MalformedId.into());
            }
            Ok(())
        }
        Change::EndObservation { person_id, reason } => {
            if !crate::profile::is_valid_person_id(person_id) {
                return Err(RejectCode::MalformedId.into());
            }
            if !is_valid_reason(reason) {
                return Err(RejectCode::BadReason.into());
            }
            Ok(())
        }
        // Who applies and who decides is judged with the stored records
        // (`campus_return::decision`).
        Change::ReturnApply(request) => request.check(local_day(received)).map_err(Rejection::from),
        Change::ReturnDecide { application_id, approve, reason } => {
            if !is_uuid(application_id) {
                return Err(RejectCode::MalformedId.into());
            }
            check_reason(*approve, reason).map_err(Rejection::from)
        }
        Change::BookingCancel { booking_id, reason } => {
            if !is_uuid(booking_id) {
                return Err(RejectCode::MalformedId.into());
            }
            if !is_valid_reason(reason) {
                return Err(RejectCode::InvalidBooking.into());
            }
            Ok(())
        }
        // A visit registered offline for a day that is over by its arrival
        // is refused: the office could no longer decide it.
        Change::VisitorRegister(request) => {
            if !is_uuid(&request.visitor_id) {
                return Err(RejectCode::MalformedId.into());
            }
            request.check(local_day(received)).map_err(Rejection::from)
        }
        Change::VisitorDecide(decision) => {
            if !is_uuid(&decision.visitor_id) {
                return Err(RejectCode::MalformedId.into());
            }
            decision.check().map_err(Rejection::from)
        }
        // Whether the notice was published is judged with the server's
        // list of versions (`privacy::notice::judge_seen`), by the store.
        Change::NoticeSeen(seen) => {
            if !is_uuid(&seen.seen_id) {
                return Err(RejectCode::MalformedId.into());
            }
            Ok(())
        }
        Change::Consent(consent) => {
            crate::privacy::consent::judge(consent).map_err(Rejection::from)
        }
        Change::Wellbeing(answer) => {
            crate::counselling::wellbeing::judge(answer, received).map_err(Rejection::from)
        }
        Change::DeletionRequest(request) => {
            crate::privacy::deletion::judge(request).map_err(Rejection::from)
        }
        Change::WaitlistJoin(join) => {
            crate::counselling::waitlist::judge(join).map_err(Rejection::from)
        }
        Change::WaitlistLeave { entry_id } => {
            if !is_uuid(entry_id) {
                return Err(RejectCode::MalformedId.into());
            }
            Ok(())
        }
        Change::VisitorAtGate(record) => {
            let ids_ok = match record {
                VisitorGateRecord::Visitor { record_id, visitor_id, .. } => {
                    is_uuid(record_id) && is_uuid(visitor_id)
                }
                VisitorGateRecord::Unregistered { record_id, .. } => is_uuid(record_id),
            };
            if !ids_ok {
                return Err(RejectCode::MalformedId.into());
            }
            record.check().map_err(Rejection::from)
        }
    }
}

/// The device's own validation, run again: as if the answers were typed
/// into the form at the end of `day`.
fn check_answers_for_day(
    answers: &crate::declaration::DeclarationAnswers,
    day: NaiveDate,
) -> Result<(), Vec<FieldError>> {
    checked_answers(answers, day).map(drop)
}

/// The answers of a declaration for `day` as they are to be stored:
/// exactly what was checked — text trimmed, a city and district only where
/// the location asks for them, a return day only where the form asks it —
/// or every field that breaks a rule. Whatever else a client sends along
/// (a 200 KB city with "on campus") is not kept.
pub fn checked_answers(
    answers: &crate::declaration::DeclarationAnswers,
    day: NaiveDate,
) -> Result<crate::declaration::DeclarationAnswers, Vec<FieldError>> {
    let end_of_day = day.and_hms_opt(23, 59, 59).expect("23:59:59 is a valid time");
    let checked = DeclarationDraft::for_correction(answers).validate(end_of_day);
    let mut errors = checked.as_ref().err().cloned();
    for error in check_return_day(answers, day).err().unwrap_or_default() {
        let errors = errors.get_or_insert_with(Vec::new);
        if !errors.contains(&error) {
            errors.push(error);
        }
    }
    match errors {
        Some(errors) => Err(errors),
        None => checked,
    }
}

/// A return day after the declaration's own is refused even where the
/// form no longer asks it (the person stayed): what is stored is checked,
/// whatever a client sends.
fn check_return_day(
    answers: &crate::declaration::DeclarationAnswers,
    day: NaiveDate,
) -> Result<(), Vec<FieldError>> {
    match answers.returned_on {
        Some(returned) if returned > day => {
            Err(vec![FieldError { field: Field::ReturnedOn, problem: Problem::InFuture }])
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::declaration::abnormal::tests::normal;
    use crate::declaration::{Field, Problem, Temperature};

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    const ID: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";
    const REV: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    fn revision(day: NaiveDate, reason: Option<&str>) -> Mutation {
        Mutation {
            id: ID.into(),
            seq: 1,
            device_time: at(2020, 2, 10, 1),
            change: Change::DeclarationRevision {
                day,
                revision_id: REV.into(),
                answers: normal(),
                correction_reason: reason.map(str::to_owned),
            },
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 2, d).unwrap()
    }

    #[test]
    fn test_device_time_is_kept_when_plausible() {
        let received = at(2020, 2, 10, 12);
        assert_eq!(judge_device_time(at(2020, 2, 10, 8), received), (at(2020, 2, 10, 8), None));
        let slightly_ahead = received + Duration::minutes(FUTURE_TOLERANCE_MINUTES);
        assert_eq!(judge_device_time(slightly_ahead, received), (slightly_ahead, None));
    }

    #[test]
    fn test_device_time_in_future_is_clamped_and_flagged() {
        let received = at(2020, 2, 10, 12);
        let (time, flag) = judge_device_time(at(2020, 2, 11, 12), received);
        assert_eq!((time, flag), (received, Some(TimeFlag::InFuture)));
    }

    #[test]
    fn test_device_time_implausibly_old_is_clamped_and_flagged() {
        let received = at(2020, 6, 10, 12);
        let (time, flag) = judge_device_time(at(1970, 1, 1, 0), received);
        assert_eq!(flag, Some(TimeFlag::ImplausiblyOld));
        assert_eq!(time, received - Duration::days(OLDEST_PLAUSIBLE_DAYS));
    }

    #[test]
    fn test_valid_revision_passes() {
        assert_eq!(check_mutation(&revision(day(10), None), at(2020, 2, 10, 3)), Ok(()));
        let correction = revision(day(9), Some("measured again"));
        assert_eq!(check_mutation(&correction, at(2020, 2, 10, 3)), Ok(()));
    }

    #[test]
    fn test_day_in_future_by_school_time_is_rejected() {
        // 2020-02-10 17:00 UTC is already the 11th in Shanghai.
        assert_eq!(check_mutation(&revision(day(11), None), at(2020, 2, 10, 17)), Ok(()));
        // 23:55 in Shanghai: a phone 5 minutes fast is believed.
        let almost_midnight = at(2020, 2, 10, 15) + Duration::minutes(55);
        assert_eq!(check_mutation(&revision(day(11), None), almost_midnight), Ok(()));
        let err = check_mutation(&revision(day(11), None), at(2020, 2, 10, 15)).unwrap_err();
        assert_eq!(err.code, RejectCode::DayInFuture);
    }

    #[test]
    fn test_a_day_older_than_the_thirteen_before_today_is_rejected() {
        // 2020-02-20 03:00 UTC is the 20th in Shanghai: the 7th is the
        // oldest day still taken, corrections included.
        let received = at(2020, 2, 20, 3);
        assert_eq!(check_mutation(&revision(day(7), None), received), Ok(()));
        assert_eq!(check_mutation(&revision(day(7), Some("measured again")), received), Ok(()));
        let err = check_mutation(&revision(day(6), None), received).unwrap_err();
        assert_eq!(err.code, RejectCode::DayTooOld);
        let long_past = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
        assert_eq!(
            check_mutation(&revision(long_past, None), received).unwrap_err().code,
            RejectCode::DayTooOld
        );
        // At 16:30 UTC on the 20th it is the 21st at the school: the 7th
        // has fallen out.
        let err = check_mutation(&revision(day(7), None), at(2020, 2, 20, 16)).unwrap_err();
        assert_eq!(err.code, RejectCode::DayTooOld);
    }

    #[test]
    fn test_malformed_ids_are_rejected() {
        let mut m = revision(day(10), None);
        m.id = "1".into();
        assert_eq!(
            check_mutation(&m, at(2020, 2, 10, 3)).unwrap_err().code,
            RejectCode::MalformedId
        );
        let mut m = revision(day(10), None);
        let Change::DeclarationRevision { revision_id, .. } = &mut m.change else { panic!() };
        *revision_id = "x".into();
        assert_eq!(
            check_mutation(&m, at(2020, 2, 10, 3)).unwrap_err().code,
            RejectCode::MalformedId
        );
    }

    #[test]
    fn test_empty_or_long_correction_reason_is_rejected() {
        for reason in ["  ", &"x".repeat(MAX_REASON_CHARS + 1)] {
            let err = check_mutation(&revision(day(10), Some(reason)), at(2020, 2, 10, 3));
            assert_eq!(err.unwrap_err().code, RejectCode::BadCorrectionReason);
        }
    }

    #[test]
    fn test_answers_are_validated_with_the_form_rules() {
        let mut m = revision(day(10), None);
        let Change::DeclarationRevision { answers, .. } = &mut m.change else { panic!() };
        answers.temperature = Temperature::from_tenths(600);
        answers.returned_on = Some(day(12));
        let err = check_mutation(&m, at(2020, 2, 10, 3)).unwrap_err();
        assert_eq!(err.code, RejectCode::InvalidAnswers);
        let problems: Vec<_> = err.fields.iter().map(|e| (e.field, e.problem)).collect();
        assert!(problems.contains(&(Field::Temperature, Problem::OutOfRange)));
        assert!(problems.contains(&(Field::ReturnedOn, Problem::InFuture)));
    }

    fn booking(change: Change) -> Mutation {
        Mutation { change, ..revision(day(10), None) }
    }

    #[test]
    fn test_booking_mutations_are_checked_with_the_form_rules() {
        use crate::counselling::booking::{BookingRequest, Replacing, Urgency, Wanted};
        let request = BookingRequest {
            booking_id: REV.into(),
            wanted: Wanted::FirstAvailable {
                from: day(10).and_hms_opt(8, 0, 0).unwrap(),
                mode: None,
            },
            topic: "睡不好".into(),
            phone: "138 0000 0001".into(),
            anonymous: true,
            urgency: Urgency::Soon,
            replaces: None,
        };
        let now = at(2020, 2, 10, 3);
        assert_eq!(check_mutation(&booking(Change::BookingRequest(request.clone())), now), Ok(()));
        let bad_phone = BookingRequest { phone: "none".into(), ..request.clone() };
        let err = check_mutation(&booking(Change::BookingRequest(bad_phone)), now).unwrap_err();
        assert_eq!(err.code, RejectCode::InvalidBooking);
        let bad_move = BookingRequest {
            replaces: Some(Replacing { booking_id: "7".into(), reason: "考试".into() }),
            ..request
        };
        let err = check_mutation(&booking(Change::BookingRequest(bad_move)), now).unwrap_err();
        assert_eq!(err.code, RejectCode::MalformedId);
        let cancel = |reason: &str| {
            booking(Change::BookingCancel { booking_id: REV.into(), reason: reason.into() })
        };
        assert_eq!(check_mutation(&cancel("考试时间冲突"), now), Ok(()));
        assert_eq!(check_mutation(&cancel(" "), now).unwrap_err().code, RejectCode::InvalidBooking);
    }

    #[test]
    fn test_visitor_registrations_are_checked_with_the_form_rules() {
        use crate::visitor::VisitorRequest;
        let request = VisitorRequest {
            visitor_id: REV.into(),
            name: "黄建国".into(),
            phone: "13800001234".into(),
            id_last4: "123X".into(),
            plate: Some("琼A12345".into()),
            day: day(10),
            reason: "送教材".into(),
        };
        let now = at(2020, 2, 10, 3);
        let register =
            |r: VisitorRequest| check_mutation(&booking(Change::VisitorRegister(r)), now);
        assert_eq!(register(request.clone()), Ok(()));
        let past = VisitorRequest { day: day(9), ..request.clone() };
        assert_eq!(register(past).unwrap_err().code, RejectCode::VisitDayPast);
        let plate = VisitorRequest { plate: Some("琼A1".into()), ..request.clone() };
        assert_eq!(register(plate).unwrap_err().code, RejectCode::InvalidPlate);
        let phone = VisitorRequest { phone: "12345".into(), ..request.clone() };
        assert_eq!(register(phone).unwrap_err().code, RejectCode::InvalidPhone);
        let id = VisitorRequest { visitor_id: "v1".into(), ..request };
        assert_eq!(register(id).unwrap_err().code, RejectCode::MalformedId);
    }

    #[test]
    fn test_visitor_decisions_and_gate_records_are_checked() {
        use crate::visitor::{Direction, GateDecision, VisitorDecision};
        let now = at(2020, 2, 10, 3);
        let check = |change| check_mutation(&booking(change), now);
        let decision = |approve, reason: Option<&str>| {
            Change::VisitorDecide(VisitorDecision {
                visitor_id: REV.into(),
                approve,
                reason: reason.map(str::to_owned),
            })
        };
        assert_eq!(check(decision(true, None)), Ok(()));
        assert_eq!(check(decision(false, None)).unwrap_err().code, RejectCode::TextRequired);
        let record = |visitor_id: &str, tenths| {
            Change::VisitorAtGate(VisitorGateRecord::Visitor {
                record_id: ID.into(),
                visitor_id: visitor_id.into(),
                direction: Direction::In,
                temperature: Some(Temperature::from_tenths(tenths)),
                decision: GateDecision::Admitted,
            })
        };
        assert_eq!(check(record(REV, 365)), Ok(()));
        assert_eq!(check(record("v", 365)).unwrap_err().code, RejectCode::MalformedId);
        assert_eq!(check(record(REV, 500)).unwrap_err().code, RejectCode::TemperatureOutOfRange);
        let stranger =
            VisitorGateRecord::Unregistered { record_id: ID.into(), typed: "琼B99999".into() };
        assert_eq!(check(Change::VisitorAtGate(stranger)), Ok(()));
    }

    #[test]
    fn test_what_is_stored_is_what_was_checked_not_what_came_along() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let mut sent = normal();
        // On campus: no place is asked, so none is kept, however long.
        sent.location.city = "海".repeat(200_000);
        sent.location.district = " 美兰区 ".into();
        sent.remarks = "  咳嗽已好  ".into();
        sent.measured_at = chrono::NaiveTime::from_hms_opt(7, 30, 59).unwrap();
        let stored = checked_answers(&sent, day).unwrap();
        assert_eq!(stored.location.city, "");
        assert_eq!(stored.location.district, "");
        assert_eq!(stored.remarks, "咳嗽已好");
        assert_eq!(stored.measured_at, chrono::NaiveTime::from_hms_opt(7, 30, 0).unwrap());
        // Where a place is asked, it is checked, and kept trimmed.
        sent.location.kind = crate::declaration::LocationKind::HomeInProvince;
        let refused = checked_answers(&sent, day).unwrap_err();
        assert!(refused.iter().any(|e| e.field == Field::City), "{refused:?}");
        sent.location.city = " 海口 ".into();
        let stored = checked_answers(&sent, day).unwrap();
        assert_eq!(
            (stored.location.city.as_str(), stored.location.district.as_str()),
            ("海口", "美兰区")
        );
        // Checked answers check as they are.
        assert_eq!(checked_answers(&stored, day).unwrap(), stored);
    }
}
