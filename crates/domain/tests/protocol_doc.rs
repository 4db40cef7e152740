//! The examples in docs/sync-protocol.md are real: each parses as the wire
//! type it is marked with, and says what the text around it says.

use anxin_domain::sync::{Change, Outcome, PullResponse, PushRequest, PushResponse, RejectCode};

const DOC: &str = include_str!("../../../docs/sync-protocol.md");

/// The JSON block following `<!-- example: NAME -->`.
fn example(name: &str) -> &'static str {
    let marker = format!("<!-- example: {name} -->");
    let after = &DOC[DOC.find(&marker).unwrap_or_else(|| panic!("no example {name}"))..];
    let start = after.find("```json\n").expect("a json block") + "```json\n".len();
    let end = after[start..].find("```").expect("the block ends");
    &after[start..start + end]
}

#[test]
fn test_push_request_example_parses() {
    let request: PushRequest = serde_json::from_str(example("PushRequest")).unwrap();
    assert_eq!(request.protocol_version, anxin_domain::sync::PROTOCOL_VERSION);
    assert_eq!(request.mutations.len(), 2);
    let Change::DeclarationRevision { answers, correction_reason, .. } =
        &request.mutations[0].change
    else {
        panic!("the first example mutation is a declaration revision");
    };
    assert_eq!(answers.temperature.tenths(), 381);
    assert!(correction_reason.is_none());
    assert!(anxin_domain::sync::is_uuid(&request.client_id));
}

#[test]
fn test_push_response_example_parses() {
    let response: PushResponse = serde_json::from_str(example("PushResponse")).unwrap();
    assert_eq!(response.results[0].outcome, Outcome::Applied);
    assert!(matches!(
        &response.results[1].outcome,
        Outcome::Rejected { code: RejectCode::InvalidAnswers, fields } if fields.len() == 1
    ));
}

#[test]
fn test_pull_response_example_parses() {
    let response: PullResponse = serde_json::from_str(example("PullResponse")).unwrap();
    assert_eq!((response.cursor, response.more, response.changes.len()), (41, false, 1));
}

#[test]
fn test_booking_examples_parse() {
    use anxin_domain::counselling::AppointmentStatus;
    use anxin_domain::sync::PulledChange;
    let request: PushRequest = serde_json::from_str(example("BookingPush")).unwrap();
    let Change::BookingRequest(booking) = &request.mutations[0].change else {
        panic!("the first example mutation is a booking request");
    };
    assert!(booking.problems().is_empty());
    assert_eq!(booking.replaces.as_ref().map(|r| r.reason.as_str()), Some("换到周一上午"));
    assert!(matches!(&request.mutations[1].change, Change::BookingCancel { .. }));
    let pull: PullResponse = serde_json::from_str(example("BookingPull")).unwrap();
    let PulledChange::Booking(taken) = &pull.changes[0] else { panic!("a booking") };
    assert_eq!((taken.status, taken.alternatives.len()), (AppointmentStatus::SlotTaken, 3));
}

#[test]
fn test_waitlist_examples_parse() {
    use anxin_domain::counselling::waitlist::{judge, WaitlistState};
    use anxin_domain::sync::PulledChange;
    let request: PushRequest = serde_json::from_str(example("WaitlistPush")).unwrap();
    let Change::WaitlistJoin(join) = &request.mutations[0].change else {
        panic!("the first example mutation is a join");
    };
    assert_eq!(judge(join), Ok(()));
    assert!(
        matches!(&request.mutations[1].change, Change::WaitlistLeave { entry_id } if *entry_id == join.entry_id)
    );
    let pull: PullResponse = serde_json::from_str(example("WaitlistPull")).unwrap();
    let PulledChange::Waitlist(entry) = &pull.changes[0] else { panic!("an entry") };
    assert_eq!(entry.state, WaitlistState::Waiting);
    assert_eq!(entry.open_offers().count(), 0, "the one offered is gone");
}

#[test]
fn test_report_examples_parse() {
    use anxin_domain::report::{ReasonKind, ReminderKind, ReportAction, Scope};
    use anxin_domain::sync::PulledChange;
    let request: PushRequest = serde_json::from_str(example("ReportPush")).unwrap();
    let Change::Report(ReportAction::RecordReason(reason)) = &request.mutations[0].change else {
        panic!("the first example mutation is a reason");
    };
    assert_eq!((reason.kind, (reason.to - reason.from).num_days()), (ReasonKind::Leave, 2));
    let today = reason.from;
    for mutation in &request.mutations {
        let Change::Report(action) = &mutation.change else { panic!("a report action") };
        assert_eq!(action.check(today, 30), Ok(()));
    }
    let Change::Report(ReportAction::Remind { scope, .. }) = &request.mutations[1].change else {
        panic!("the second is a reminder");
    };
    assert_eq!(scope, &Scope::Class("软件2001".into()));
    let pull: PullResponse = serde_json::from_str(example("ReportPull")).unwrap();
    assert!(matches!(&pull.changes[0], PulledChange::SentBack(n) if n.comment.contains("更正")));
    assert!(
        matches!(&pull.changes[1], PulledChange::Reminder(r) if r.kind == ReminderKind::Declare)
    );
}

#[test]
fn test_gate_examples_parse_and_follow_the_rules() {
    use anxin_domain::gate::{GateDecision, Identified};
    let request: PushRequest = serde_json::from_str(example("GatePush")).unwrap();
    let rules = anxin_domain::AbnormalRules::default();
    let mut referred = 0;
    for mutation in &request.mutations {
        match &mutation.change {
            Change::GateRecord(record) => {
                assert_eq!(record.problems(&rules), vec![], "{record:?}");
                assert!(record.refers(&rules));
                assert_eq!(record.decision, GateDecision::SentToClinic);
                referred += 1;
            }
            Change::EndObservation { person_id, .. } => assert_eq!(person_id, "2020-0102"),
            other => panic!("not a gate mutation: {other:?}"),
        }
    }
    assert_eq!(referred, 2);
    let Change::GateRecord(by_id) = &request.mutations[1].change else { panic!() };
    assert_eq!(by_id.who, Identified::ById("2020-0102".into()));
}
