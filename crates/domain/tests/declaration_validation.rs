//! Validation of the declaration form: every rule, and no panic on any input.

use anxin_domain::declaration::{
    DeclarationDraft, ExposureKind, Field, FieldError, HealthStatus, LocationKind, Problem,
    Temperature,
};
use anxin_domain::{AbnormalRules, Symptom};
use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2020, 2, 10).unwrap().and_hms_opt(9, 0, 0).unwrap()
}

fn complete() -> DeclarationDraft {
    let mut draft = DeclarationDraft {
        temperature: "36.5".into(),
        measured_at: "07:30".into(),
        no_symptoms: true,
        location: Some(LocationKind::OnCampus),
        left_province: Some(false),
        returned: Some(false),
        status: Some(HealthStatus::Normal),
        ..DeclarationDraft::default()
    };
    for kind in ExposureKind::ALL {
        draft.exposure.set(kind, Some(false));
    }
    draft
}

fn errors(draft: &DeclarationDraft) -> Vec<FieldError> {
    draft.validate(now()).err().unwrap_or_default()
}

fn has(draft: &DeclarationDraft, field: Field, problem: Problem) -> bool {
    errors(draft).contains(&FieldError { field, problem })
}

#[test]
fn test_complete_draft_validates_to_normal_answers() {
    let answers = complete().validate(now()).unwrap();
    assert_eq!(answers.temperature, Temperature::from_tenths(365));
    assert!(answers.symptoms.is_empty());
    assert!(!answers.is_abnormal(&AbnormalRules::default()));
}

#[test]
fn test_blank_draft_reports_every_required_field() {
    let errs = errors(&DeclarationDraft::default());
    let fields: Vec<Field> = errs.iter().map(|e| e.field).collect();
    let mut expected = vec![
        Field::Temperature,
        Field::MeasuredAt,
        Field::Symptoms,
        Field::Location,
        Field::LeftProvince,
    ];
    expected.extend(ExposureKind::ALL.map(Field::Exposure));
    expected.push(Field::Status);
    assert_eq!(fields, expected);
    assert!(errs.iter().all(|e| e.problem == Problem::Required));
}

#[test]
fn test_temperature_outside_35_42_is_an_error_not_abnormal() {
    for (text, problem) in [
        ("34.9", Problem::OutOfRange),
        ("42.1", Problem::OutOfRange),
        ("3 6", Problem::NotATemperature),
        ("36.55", Problem::NotATemperature),
    ] {
        let draft = DeclarationDraft { temperature: text.into(), ..complete() };
        assert!(has(&draft, Field::Temperature, problem), "{text}");
    }
    for text in ["35.0", "42.0"] {
        let draft = DeclarationDraft { temperature: text.into(), ..complete() };
        assert!(draft.validate(now()).is_ok(), "{text}");
    }
}

#[test]
fn test_none_together_with_a_symptom_is_an_error() {
    let mut draft = complete();
    draft.symptoms.insert(Symptom::Cough);
    assert!(has(&draft, Field::Symptoms, Problem::NoneWithSymptom));
    draft.no_symptoms = false;
    assert!(draft.validate(now()).is_ok());
}

#[test]
fn test_city_and_district_only_asked_off_campus() {
    let on_campus = DeclarationDraft { city: "海口".into(), ..complete() };
    assert_eq!(on_campus.validate(now()).unwrap().location.city, "", "ignored on campus");

    let mut away = complete();
    away.location = Some(LocationKind::OutsideProvince);
    assert!(has(&away, Field::City, Problem::Required));
    assert!(has(&away, Field::District, Problem::Required));
    away.city = " 广州 ".into();
    away.district = "天河区".into();
    let answers = away.validate(now()).unwrap();
    assert_eq!(answers.location.city, "广州");
    assert!(answers.is_abnormal(&AbnormalRules::default()), "outside the province");
}

#[test]
fn test_return_date_required_when_returned_and_not_in_future() {
    let mut draft =
        DeclarationDraft { left_province: Some(true), returned: Some(true), ..complete() };
    assert!(has(&draft, Field::ReturnedOn, Problem::Required));
    draft.returned_on = "2020-02-31".into();
    assert!(has(&draft, Field::ReturnedOn, Problem::NotADate));
    draft.returned_on = "2020-02-11".into();
    assert!(has(&draft, Field::ReturnedOn, Problem::InFuture));
    draft.returned_on = "2020-02-10".into();
    assert_eq!(
        draft.validate(now()).unwrap().returned_on,
        Some(NaiveDate::from_ymd_opt(2020, 2, 10).unwrap())
    );
}

#[test]
fn test_return_is_asked_only_of_who_left_or_is_outside() {
    // Setup: on campus, never left; an old "returned" answer lingers.
    let stayed =
        DeclarationDraft { returned: Some(true), returned_on: "2020-02-01".into(), ..complete() };
    // Exec / Check: not asked, so neither required nor kept.
    assert!(!stayed.asks_return());
    assert_eq!(stayed.validate(now()).unwrap().returned_on, None);
    let unanswered = DeclarationDraft { returned: None, ..complete() };
    assert!(unanswered.validate(now()).is_ok(), "not asked, not required");
    // Left the province, or outside it: asked and required.
    let left = DeclarationDraft { left_province: Some(true), returned: None, ..complete() };
    assert!(left.asks_return());
    assert!(has(&left, Field::Returned, Problem::Required));
    let away = DeclarationDraft {
        location: Some(LocationKind::OutsideProvince),
        city: "广州".into(),
        district: "天河区".into(),
        returned: None,
        ..complete()
    };
    assert!(away.asks_return());
    assert!(has(&away, Field::Returned, Problem::Required));
}

#[test]
fn test_outside_the_province_yet_returned_is_refused_next_to_both() {
    let draft = DeclarationDraft {
        location: Some(LocationKind::OutsideProvince),
        city: "广州".into(),
        district: "天河区".into(),
        returned: Some(true),
        returned_on: "2020-02-10".into(),
        ..complete()
    };
    assert!(has(&draft, Field::Location, Problem::OutsideYetReturned));
    assert!(has(&draft, Field::Returned, Problem::OutsideYetReturned));
    let fixed = DeclarationDraft { returned: Some(false), ..draft };
    assert!(fixed.validate(now()).is_ok());
}

#[test]
fn test_same_situation_takes_over_where_travel_exposure_status_only() {
    // Setup: yesterday at home in the province, a household member ill.
    let mut yesterday = DeclarationDraft {
        location: Some(LocationKind::HomeInProvince),
        city: "海口".into(),
        district: "美兰区".into(),
        remarks: "昨天的备注".into(),
        temperature: "37.0".into(),
        ..complete()
    };
    yesterday.exposure.set(ExposureKind::HouseholdSymptoms, Some(true));
    let yesterday = yesterday.validate(now()).unwrap();
    let mut today = DeclarationDraft { temperature: "36.4".into(), ..DeclarationDraft::default() };
    // Exec
    today.take_situation(&yesterday);
    // Check: the situation is yesterday's; health and remarks are not.
    assert!(today.situation_taken);
    assert_eq!(today.location, Some(LocationKind::HomeInProvince));
    assert_eq!((today.city.as_str(), today.district.as_str()), ("海口", "美兰区"));
    assert_eq!(today.exposure.get(ExposureKind::HouseholdSymptoms), Some(true));
    assert_eq!(today.status, Some(HealthStatus::Normal));
    assert_eq!(today.left_province, Some(false));
    assert_eq!(today.temperature, "36.4");
    assert!(today.measured_at.is_empty() && !today.no_symptoms && today.remarks.is_empty());
    let errs: Vec<Field> = errors(&today).into_iter().map(|e| e.field).collect();
    assert_eq!(errs, vec![Field::MeasuredAt, Field::Symptoms], "only today's health is left");
}

#[test]
fn test_typing_problems_leave_out_what_is_unanswered() {
    let draft = DeclarationDraft { temperature: "45".into(), ..DeclarationDraft::default() };
    let out_of_range = FieldError { field: Field::Temperature, problem: Problem::OutOfRange };
    assert_eq!(draft.typing_problems(now(), &[]), vec![out_of_range]);
    assert!(DeclarationDraft::default().typing_problems(now(), &[]).is_empty());
    // A "required" the submit showed stays until answered, then goes.
    let required = FieldError { field: Field::Status, problem: Problem::Required };
    let unanswered = DeclarationDraft { status: None, ..complete() };
    assert_eq!(unanswered.typing_problems(now(), &[required]), vec![required]);
    assert!(complete().typing_problems(now(), &[required]).is_empty());
    let long = DeclarationDraft { remarks: "好".repeat(501), ..complete() };
    assert_eq!(long.typing_problems(now(), &[]).len(), 1);
}

#[test]
fn test_measured_at_must_be_a_time_not_in_the_future() {
    let draft = DeclarationDraft { measured_at: "25:00".into(), ..complete() };
    assert!(has(&draft, Field::MeasuredAt, Problem::NotATime));
    let draft = DeclarationDraft { measured_at: "09:30".into(), ..complete() };
    assert!(has(&draft, Field::MeasuredAt, Problem::InFuture));
    let draft = DeclarationDraft { measured_at: "09:04".into(), ..complete() };
    assert!(draft.validate(now()).is_ok(), "a few minutes of clock skew are allowed");
}

#[test]
fn test_remarks_over_500_chars_are_too_long() {
    let draft = DeclarationDraft { remarks: "好".repeat(501), ..complete() };
    assert!(has(&draft, Field::Remarks, Problem::TooLong { max: 500 }));
    let draft = DeclarationDraft { remarks: "好".repeat(500), ..complete() };
    assert!(draft.validate(now()).is_ok());
}

#[test]
fn test_correction_draft_round_trips_answers() {
    let mut draft = complete();
    draft.left_province = Some(true);
    draft.returned = Some(true);
    draft.returned_on = "2020-02-01".into();
    draft.exposure.set(ExposureKind::HighRiskArea, Some(true));
    let answers = draft.validate(now()).unwrap();
    let again = DeclarationDraft::for_correction(&answers).validate(now()).unwrap();
    assert_eq!(again, answers);
}

#[test]
fn test_draft_json_survives_unknown_and_missing_fields() {
    let draft: DeclarationDraft =
        serde_json::from_str(r#"{"temperature":"37.0","from_a_newer_app":1}"#).unwrap();
    assert_eq!(draft.temperature, "37.0");
    assert!(draft.location.is_none());
}

fn any_symptom() -> impl Strategy<Value = Symptom> {
    proptest::sample::select(Symptom::ALL.to_vec())
}

prop_compose! {
    fn any_draft()(
        temperature in ".{0,8}",
        measured_at in "[0-9:]{0,6}",
        symptoms in proptest::collection::btree_set(any_symptom(), 0..4),
        no_symptoms in any::<bool>(),
        location in proptest::option::of(proptest::sample::select(LocationKind::ALL.to_vec())),
        city in ".{0,60}",
        left_province in proptest::option::of(any::<bool>()),
        returned in proptest::option::of(any::<bool>()),
        returned_on in "[0-9-]{0,12}",
        exposure in proptest::array::uniform4(proptest::option::of(any::<bool>())),
        status in proptest::option::of(proptest::sample::select(HealthStatus::ALL.to_vec())),
        remarks in ".{0,600}",
    ) -> DeclarationDraft {
        let mut draft = DeclarationDraft {
            temperature, measured_at, symptoms, no_symptoms, location,
            district: city.clone(), city, left_province, returned, returned_on,
            status, remarks, ..DeclarationDraft::default()
        };
        for (kind, answer) in ExposureKind::ALL.into_iter().zip(exposure) {
            draft.exposure.set(kind, answer);
        }
        draft
    }
}

proptest! {
    #[test]
    fn prop_validate_and_rules_never_panic(draft in any_draft(), fever in 0u16..1000, minutes in 0i64..(24 * 60)) {
        let now = now().date().and_hms_opt(0, 0, 0).unwrap() + chrono::Duration::minutes(minutes);
        let rules = AbnormalRules { fever_from_tenths_c: fever, ..AbnormalRules::default() };
        match draft.validate(now) {
            Ok(answers) => {
                prop_assert!(answers.temperature.is_plausible());
                let _ = answers.abnormal_reasons(&rules);
                // Valid answers always survive a correction round trip.
                prop_assert_eq!(DeclarationDraft::for_correction(&answers).validate(now), Ok(answers));
            }
            Err(errors) => prop_assert!(!errors.is_empty()),
        }
    }

    #[test]
    fn prop_temperature_parse_never_panics_and_round_trips(text in ".{0,12}", tenths in 0u16..5000) {
        let _ = Temperature::parse(&text);
        let t = Temperature::from_tenths(tenths);
        prop_assert_eq!(Temperature::parse(&t.to_string()), Some(t));
    }
}
