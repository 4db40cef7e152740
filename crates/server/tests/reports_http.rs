//! The daily report over real HTTP with its own SQLite file (SPEC §2):
//! the frozen day list, the figures, reasons, send-backs, reminders,
//! signatures at three levels, amendments, who sees what, bad input, the
//! CSV and the trend.

mod support;

use anxin_domain::report::signing::{Blocker, SignState};
use anxin_domain::report::view::TrendDay;
use anxin_domain::report::{
    MissingReason, ReasonKind, ReminderKind, ReportAction, Scope, Standing, MAX_NOTE_CHARS,
};
use anxin_domain::sync::{Outcome, PulledChange};
use anxin_domain::ErrorCode;
use chrono::{Duration, Utc};
use support::reports::{
    class, department, early_today, rejected, scope_query, Phones, EARLY_DEADLINES, ROSTER,
};
use support::sync::{pull_all, school_day};
use support::TestServer;

async fn school() -> TestServer {
    TestServer::start_with_roster(ROSTER, Some(EARLY_DEADLINES)).await
}

fn reason(
    phones: &mut Phones<'_>,
    person: &str,
    kind: ReasonKind,
    days: i64,
    note: &str,
) -> ReportAction {
    ReportAction::RecordReason(MissingReason {
        reason_id: phones.id(),
        person_id: person.into(),
        from: school_day(0),
        to: school_day(0) + Duration::days(days - 1),
        kind,
        note: note.into(),
        recorded_by: String::new(),
        recorded_at: None,
    })
}

#[tokio::test]
async fn test_the_class_day_is_counted_and_signed_once_everyone_is_explained() {
    // Setup: one on time (filed offline early, delivered now), one late and
    // abnormal, three not received.
    let server = school().await;
    let mut phones = Phones::new(&server);
    phones.file("S-01", early_today(), 365).await;
    phones.file("S-02", Utc::now(), 385).await;

    // Exec / Check: the advisor's figures and names.
    let report = phones.report("T-01", &class()).await;
    let t = report.figures.total;
    assert_eq!((t.expected, t.on_time, t.late, t.missing, t.abnormal), (5, 1, 1, 3, 1));
    assert_eq!(t.delivered_late, 1, "filed on time offline, delivered after the deadline");
    assert_eq!(t.on_time + t.late + t.excused + t.missing, t.expected);
    let first: Vec<_> = report.people.iter().take(3).map(|p| p.standing).collect();
    assert_eq!(first, vec![Standing::Missing; 3], "the missing first");
    assert_eq!(report.people[0].phone, "13800000003");
    assert!(report.people.iter().all(|p| p.actionable));
    assert_eq!(report.blockers, vec![Blocker::Unexplained(3)]);
    let student = report.figures.by_category.iter().find(|c| c.counts.expected == 5);
    assert!(student.is_some(), "the class's five are students");

    // Signing waits for a reason for every missing person.
    assert_eq!(rejected(&phones.sign("T-01", &class()).await), Some(ErrorCode::NotSignable));
    let action = reason(&mut phones, "S-03", ReasonKind::Sick, 1, "");
    assert_eq!(phones.act("T-01", action).await, Outcome::Applied);
    let action = reason(&mut phones, "S-04", ReasonKind::Leave, 3, "事假，已批准");
    assert_eq!(phones.act("T-01", action).await, Outcome::Applied);
    let action = reason(&mut phones, "S-05", ReasonKind::Other, 1, " ");
    assert_eq!(rejected(&phones.act("T-01", action).await), Some(ErrorCode::TextRequired));
    let action = reason(&mut phones, "S-01", ReasonKind::Sick, 1, "");
    assert_eq!(rejected(&phones.act("T-01", action).await), Some(ErrorCode::NotMissing));
    let report = phones.report("T-01", &class()).await;
    assert_eq!(report.blockers, vec![Blocker::Unexplained(1)]);
    let action = reason(&mut phones, "S-05", ReasonKind::Other, 1, "在医院陪护家人");
    assert_eq!(phones.act("T-01", action).await, Outcome::Applied);

    // Exec: sign. Check: one signed version, late (the deadline is 00:02).
    assert_eq!(phones.sign("T-01", &class()).await, Outcome::Applied);
    let report = phones.report("T-01", &class()).await;
    let SignState::Signed { version: 1, late_minutes: Some(late), zero_report: false } =
        report.state
    else {
        panic!("signed: {:?}", report.state)
    };
    assert!(late > 0);
    assert_eq!(report.versions[0].signer_name, "张老师");
    assert_eq!(report.figures.total.excused, 3);
    assert_eq!(rejected(&phones.sign("T-02", &class()).await), Some(ErrorCode::AlreadySigned));
}

/// Everyone of the school files on time but S-05, who has a reason.
async fn a_signable_day(phones: &mut Phones<'_>) {
    for person in
        ["S-01", "S-02", "S-03", "S-04", "T-01", "T-02", "O-01", "O-02", "S-11", "T-11", "O-11"]
    {
        phones.file(person, early_today(), 365).await;
    }
    let action = reason(phones, "S-05", ReasonKind::Sick, 1, "");
    assert_eq!(phones.act("T-01", action).await, Outcome::Applied);
}

#[tokio::test]
async fn test_three_levels_sign_and_a_late_declaration_cascades_as_amendments() {
    let server = school().await;
    let mut phones = Phones::new(&server);
    a_signable_day(&mut phones).await;
    let school = Scope::School;
    let other = Scope::Department("国际教育学院".into());

    // The department waits for its class; the school for its departments.
    let dept = phones.report("O-01", &department()).await;
    assert_eq!(dept.blockers, vec![Blocker::UnsignedParts(1)]);
    assert_eq!(rejected(&phones.sign("O-01", &department()).await), Some(ErrorCode::NotSignable));
    assert_eq!(phones.sign("T-01", &class()).await, Outcome::Applied);
    assert_eq!(phones.sign("O-01", &department()).await, Outcome::Applied);
    assert_eq!(rejected(&phones.sign("O-02", &school).await), Some(ErrorCode::NotSignable));
    assert_eq!(phones.sign("T-11", &Scope::Class("国际2101".into())).await, Outcome::Applied);
    assert_eq!(phones.sign("O-11", &other).await, Outcome::Applied);
    let report = phones.report("O-02", &school).await;
    assert!(report.blockers.is_empty(), "{:?}", report.blockers);
    assert_eq!(phones.sign("O-02", &school).await, Outcome::Applied);
    let report = phones.report("O-02", &school).await;
    assert!(matches!(report.state, SignState::Signed { version: 1, zero_report: true, .. }));

    // Exec: S-05's declaration arrives after every signature, abnormal.
    phones.file("S-05", Utc::now(), 386).await;

    // Check: the class shows the amendment; the signed version is kept.
    let report = phones.report("T-01", &class()).await;
    assert_eq!(report.state, SignState::Amended { version: 1 });
    let change = report.amendment.clone().unwrap();
    assert_eq!((change.before.excused, change.after.excused), (1, 0));
    assert_eq!(change.after.abnormal, 1);
    assert_eq!(change.names.len(), 1);
    assert_eq!(change.names[0].person_id, "S-05");
    assert_eq!(report.versions[0].covered.figures.total.excused, 1, "v1 never changes");
    // Upward: the department's class is no longer signed as it stands.
    let dept = phones.report("O-01", &department()).await;
    assert_eq!(dept.state, SignState::Amended { version: 1 });
    assert_eq!(dept.blockers, vec![Blocker::UnsignedParts(1)]);
    let school_now = phones.report("O-02", &school).await;
    assert_eq!(school_now.state, SignState::Amended { version: 1 });

    // The signer signs the amendment (v2), then each level above in turn.
    assert_eq!(phones.sign("T-01", &class()).await, Outcome::Applied);
    let dept = phones.report("O-01", &department()).await;
    let part = dept.parts.iter().find(|p| p.scope == class()).unwrap();
    assert!(part.corrected_after_signing, "the level above sees it corrected after signing");
    let change = dept.amendment.unwrap();
    assert_eq!((change.parts[0].before, change.parts[0].after), (Some(1), Some(2)));
    assert_eq!(phones.sign("O-01", &department()).await, Outcome::Applied);
    assert_eq!(phones.sign("O-02", &school).await, Outcome::Applied);
    let report = phones.report("O-02", &school).await;
    assert!(matches!(report.state, SignState::Signed { version: 2, zero_report: false, .. }));
    assert_eq!(report.versions.len(), 2, "nothing is deleted");

    // A level above returns the class's version with a reason.
    let back = |phones: &mut Phones<'_>, version, reason: &str| ReportAction::Return {
        return_id: phones.id(),
        scope: class(),
        day: school_day(0),
        version,
        reason: reason.into(),
    };
    let stale = back(&mut phones, 1, "请核对");
    assert_eq!(rejected(&phones.act("O-01", stale).await), Some(ErrorCode::NothingToReturn));
    let by_advisor = back(&mut phones, 2, "请核对");
    assert_eq!(rejected(&phones.act("T-01", by_advisor).await), Some(ErrorCode::NotYourScope));
    let returned = back(&mut phones, 2, "S-05 的体温请复核");
    assert_eq!(phones.act("O-01", returned).await, Outcome::Applied);
    let report = phones.report("T-01", &class()).await;
    assert!(
        matches!(&report.state, SignState::Returned { version: 2, reason } if reason.contains("复核"))
    );
    assert_eq!(phones.sign("T-01", &class()).await, Outcome::Applied, "signed anew as v3");
}

#[tokio::test]
async fn test_two_signers_at_once_make_one_version_and_a_stale_signature_is_refused() {
    let server = school().await;
    let mut phones = Phones::new(&server);
    a_signable_day(&mut phones).await;
    let covered = phones.report("T-01", &class()).await.covered;
    let sign = |id: String| ReportAction::Sign {
        signature_id: id,
        scope: class(),
        day: school_day(0),
        covered: covered.clone(),
    };
    let (a, b) = (sign(phones.id()), sign(phones.id()));
    let mut other = Phones::new(&server);
    let (first, second) = tokio::join!(phones.act("T-01", a), other.act("T-02", b));
    let outcomes = [first, second];
    assert_eq!(outcomes.iter().filter(|o| **o == Outcome::Applied).count(), 1, "{outcomes:?}");
    assert!(outcomes.iter().any(|o| rejected(o) == Some(ErrorCode::AlreadySigned)));
    assert_eq!(phones.report("T-01", &class()).await.versions.len(), 1);

    // Offline, the advisor signs what she saw; a late declaration arrives
    // first: refused, and she sees the amendment.
    let seen = phones.report("T-01", &class()).await.covered;
    phones.file("S-05", Utc::now(), 365).await;
    let stale = ReportAction::Sign {
        signature_id: phones.id(),
        scope: class(),
        day: school_day(0),
        covered: seen,
    };
    assert_eq!(rejected(&phones.act("T-01", stale).await), Some(ErrorCode::FiguresChanged));
    assert!(phones.report("T-01", &class()).await.amendment.is_some());
}

#[tokio::test]
async fn test_a_send_back_reaches_the_person_and_is_pending_until_corrected() {
    let server = school().await;
    let mut phones = Phones::new(&server);
    let first = phones.file("S-02", early_today(), 365).await;
    let send_back =
        |phones: &mut Phones<'_>, revision: &str, comment: &str| ReportAction::SendBack {
            send_back_id: phones.id(),
            person_id: "S-02".into(),
            day: school_day(0),
            revision_id: revision.into(),
            comment: comment.into(),
        };
    let long = send_back(&mut phones, &first, &"长".repeat(MAX_NOTE_CHARS + 1));
    assert_eq!(rejected(&phones.act("T-01", long).await), Some(ErrorCode::TextTooLong));
    let never = phones.id();
    let unknown = send_back(&mut phones, &never, "体温");
    assert_eq!(rejected(&phones.act("T-01", unknown).await), Some(ErrorCode::NotCurrentRevision));
    let by_office = send_back(&mut phones, &first, "体温");
    assert_eq!(rejected(&phones.act("O-01", by_office).await), Some(ErrorCode::NotYourScope));
    let action = send_back(&mut phones, &first, "测量时间填错了");
    assert_eq!(phones.act("T-01", action).await, Outcome::Applied);

    // The person's phone hears it on its next sync; the report counts it.
    let pulled = pull_all(&phones.http, &server.url(""), "S-02").await;
    let note = pulled.iter().find_map(|c| match c {
        PulledChange::SentBack(n) => Some(n.clone()),
        _ => None,
    });
    let note = note.expect("the send-back is pulled");
    assert_eq!(
        (note.comment.as_str(), note.revision_id.as_str()),
        ("测量时间填错了", first.as_str())
    );
    assert_eq!(phones.report("T-01", &class()).await.figures.total.sent_back, 1);
    let again = send_back(&mut phones, &first, "再看看");
    assert_eq!(rejected(&phones.act("T-01", again).await), Some(ErrorCode::AlreadySentBack));

    // A correction settles it; the old revision can no longer be sent back.
    phones.correct("S-02", 366).await;
    let report = phones.report("T-01", &class()).await;
    assert_eq!(report.figures.total.sent_back, 0);
    let old = send_back(&mut phones, &first, "体温");
    assert_eq!(rejected(&phones.act("T-01", old).await), Some(ErrorCode::NotCurrentRevision));
}

#[tokio::test]
async fn test_reminders_reach_the_missing_at_most_three_times_a_day() {
    let server = school().await;
    let mut phones = Phones::new(&server);
    phones.file("S-01", early_today(), 365).await;
    let remind = |phones: &mut Phones<'_>, scope: Scope| ReportAction::Remind {
        reminder_id: phones.id(),
        scope,
        day: school_day(0),
    };
    let by_other = remind(&mut phones, class());
    assert_eq!(rejected(&phones.act("T-11", by_other).await), Some(ErrorCode::NotYourScope));
    for _ in 0..3 {
        let action = remind(&mut phones, class());
        assert_eq!(phones.act("T-01", action).await, Outcome::Applied);
    }
    let capped = remind(&mut phones, class());
    assert_eq!(rejected(&phones.act("T-01", capped).await), Some(ErrorCode::ReminderCap));

    // Each missing phone hears three; the filer none; the advisor hears
    // how many were reminded.
    let pulled = pull_all(&phones.http, &server.url(""), "S-03").await;
    let reminders = pulled
        .iter()
        .filter(|c| matches!(c, PulledChange::Reminder(r) if r.kind == ReminderKind::Declare))
        .count();
    assert_eq!(reminders, 3);
    let pulled = pull_all(&phones.http, &server.url(""), "S-01").await;
    assert!(!pulled.iter().any(|c| matches!(c, PulledChange::Reminder(_))));
    let pulled = pull_all(&phones.http, &server.url(""), "T-01").await;
    let sent: Vec<_> = pulled
        .iter()
        .filter_map(|c| match c {
            PulledChange::RemindersSent(s) => Some((s.reminded, s.at_cap)),
            _ => None,
        })
        .collect();
    assert_eq!(sent, vec![(4, 0); 3]);
    assert_eq!(phones.report("T-01", &class()).await.people[0].reminders, 3);

    // The office reminds the advisors of its unsigned class.
    let signers = ReportAction::RemindSigners {
        reminder_id: phones.id(),
        scope: department(),
        day: school_day(0),
    };
    assert_eq!(phones.act("O-01", signers).await, Outcome::Applied);
    let pulled = pull_all(&phones.http, &server.url(""), "T-02").await;
    assert!(pulled
        .iter()
        .any(|c| matches!(c, PulledChange::Reminder(r) if r.kind == ReminderKind::Sign(class()))));
    // The department's own staff are the office's to remind.
    let staff = remind(&mut phones, department());
    assert_eq!(phones.act("O-01", staff).await, Outcome::Applied);
}

#[tokio::test]
async fn test_the_day_list_is_frozen_against_an_import_during_the_day() {
    let server = school().await;
    let phones = Phones::new(&server);
    assert_eq!(phones.report("T-01", &class()).await.figures.total.expected, 5);
    // Exec: S-01 leaves and S-06 joins, during the day.
    let changed = ROSTER.replace(
        "S-01,学生一,declarant,student,信息工程学院,软件2001,13800000001,,\n",
        "S-06,学生六,declarant,student,信息工程学院,软件2001,13800000006,,\n",
    );
    let people = anxin_server::roster_file::parse_roster_csv(changed.as_bytes()).unwrap();
    let store = support::store_at(server.data_dir.path());
    store.import_roster(&people, Utc::now()).unwrap();
    // Check: today still expects the five of the morning, S-01 included.
    let report = phones.report("T-01", &class()).await;
    assert_eq!(report.figures.total.expected, 5);
    let ids: Vec<_> = report.people.iter().map(|p| p.person_id.as_str()).collect();
    assert!(ids.contains(&"S-01") && !ids.contains(&"S-06"), "{ids:?}");
    assert_eq!(report.figures.total.completion_permille(), Some(0));
}

#[tokio::test]
async fn test_each_level_sees_only_what_it_may() {
    let server = school().await;
    let mut phones = Phones::new(&server);
    phones.file("S-01", early_today(), 365).await;
    phones.file("S-02", early_today(), 390).await;
    // A department office: the missing (with reasons) and the abnormal
    // (with answers), no actions on students.
    let report = phones.report("O-01", &class()).await;
    assert_eq!(report.figures.total.expected, 5, "figures for all");
    assert!(report.people.iter().all(|p| p.person_id != "S-01"), "the normal are not named");
    let abnormal = report.people.iter().find(|p| p.person_id == "S-02").unwrap();
    assert!(abnormal.answers.is_some() && !abnormal.actionable);
    let missing = report.people.iter().find(|p| p.person_id == "S-03").unwrap();
    assert!(missing.answers.is_none());
    // Its own staff in full: it is their advisor.
    let dept = phones.report("O-01", &department()).await;
    assert!(dept.people.iter().any(|p| p.person_id == "T-01" && p.actionable));
    let action = reason(&mut phones, "T-01", ReasonKind::NoPhone, 1, "");
    assert_eq!(phones.act("O-01", action).await, Outcome::Applied);
    let action = reason(&mut phones, "S-03", ReasonKind::Sick, 1, "");
    assert_eq!(rejected(&phones.act("O-01", action).await), Some(ErrorCode::NotYourScope));
    // The school office: the abnormal by name, no answers.
    let report = phones.report("O-02", &Scope::School).await;
    let named: Vec<_> = report.people.iter().map(|p| p.person_id.as_str()).collect();
    assert_eq!(named, vec!["S-02"]);
    assert!(report.people[0].answers.is_none());
    // Another department's advisor, a counsellor, the admin: nothing.
    for who in ["T-11", "C-01", "A-01", "S-01"] {
        assert_eq!(phones.report_raw(who, &class()).await.status(), 403, "{who}");
    }
    assert_eq!(phones.report_raw("O-11", &department()).await.status(), 403);
    // The declarations endpoints are narrowed the same way.
    let url = server.url("/api/v1/people/S-01/declarations");
    let token = support::token_of("O-02");
    let status = phones.http.get(&url).bearer_auth(&token).send().await.unwrap().status();
    assert_eq!(status, 403, "the school office reads no declarations by name");
    let token = support::token_of("O-01");
    let body: anxin_domain::oversight::PersonDeclarations =
        phones.http.get(&url).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert!(body.revisions.is_empty(), "S-01 is normal: the office sees none of it");
}

#[tokio::test]
async fn test_bad_input_gets_a_specific_refusal_and_changes_nothing() {
    let server = school().await;
    let mut phones = Phones::new(&server);
    let mut backwards = reason(&mut phones, "S-03", ReasonKind::Leave, 1, "");
    if let ReportAction::RecordReason(r) = &mut backwards {
        r.to = r.from - Duration::days(2);
    }
    assert_eq!(rejected(&phones.act("T-01", backwards).await), Some(ErrorCode::RangeBackwards));
    let long_leave = reason(&mut phones, "S-03", ReasonKind::Leave, 45, "");
    assert_eq!(rejected(&phones.act("T-01", long_leave).await), Some(ErrorCode::RangeTooLong));
    let sick_week = reason(&mut phones, "S-03", ReasonKind::Sick, 7, "");
    assert_eq!(rejected(&phones.act("T-01", sick_week).await), Some(ErrorCode::RangeOnlyForLeave));
    let long_note =
        reason(&mut phones, "S-03", ReasonKind::Other, 1, &"x".repeat(MAX_NOTE_CHARS + 1));
    assert_eq!(rejected(&phones.act("T-01", long_note).await), Some(ErrorCode::TextTooLong));
    let stranger = reason(&mut phones, "A-01", ReasonKind::Sick, 1, "");
    assert_eq!(rejected(&phones.act("T-01", stranger).await), Some(ErrorCode::NotExpected));
    let tomorrow = ReportAction::Sign {
        signature_id: phones.id(),
        scope: class(),
        day: school_day(-1),
        covered: Default::default(),
    };
    assert_eq!(rejected(&phones.act("T-01", tomorrow).await), Some(ErrorCode::DayInFuture));
    let mut reused = reason(&mut phones, "S-04", ReasonKind::Sick, 1, "");
    assert_eq!(phones.act("T-01", reused.clone()).await, Outcome::Applied);
    if let ReportAction::RecordReason(r) = &mut reused {
        r.person_id = "S-05".into();
    }
    assert_eq!(rejected(&phones.act("T-01", reused).await), Some(ErrorCode::IdReused));
    // Nothing refused was stored.
    let report = phones.report("T-01", &class()).await;
    assert_eq!((report.figures.total.excused, report.figures.total.missing), (1, 4));

    // Reads: a future day, an unknown class, a malformed scope.
    let get = |query: Vec<(&'static str, String)>| {
        phones
            .http
            .get(server.url("/api/v1/reports"))
            .query(&query)
            .bearer_auth(support::token_of("O-02"))
            .send()
    };
    let mut future = scope_query(&Scope::School);
    future.push(("day", school_day(-1).to_string()));
    let response = get(future).await.unwrap();
    assert_eq!(response.status(), 422);
    assert_eq!(support::accounts::error_code(response).await, "day_in_future");
    let response = get(scope_query(&Scope::Class("没有这个班".into()))).await.unwrap();
    assert_eq!(response.status(), 404);
    let response = get(vec![("scope", "everyone".into())]).await.unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(support::accounts::error_code(response).await, "bad_request");
}

#[tokio::test]
async fn test_the_csv_opens_in_excel_with_chinese_headers_and_no_formulas() {
    let server = school().await;
    let mut phones = Phones::new(&server);
    let revision_id = phones.file("S-01", early_today(), 385).await;
    let formula = ReportAction::SendBack {
        send_back_id: phones.id(),
        person_id: "S-01".into(),
        day: school_day(0),
        revision_id,
        comment: "=HYPERLINK(\"http://x\")".into(),
    };
    assert_eq!(phones.act("T-01", formula).await, Outcome::Applied);
    let note = reason(&mut phones, "S-03", ReasonKind::Other, 1, "在医院陪护");
    assert_eq!(phones.act("T-01", note).await, Outcome::Applied);
    let export = |lang: &'static str| {
        let mut query = scope_query(&class());
        query.push(("lang", lang.into()));
        phones
            .http
            .get(server.url("/api/v1/reports/export"))
            .query(&query)
            .bearer_auth(support::token_of("T-01"))
            .send()
    };
    let response = export("zh").await.unwrap();
    assert_eq!(response.status(), 200);
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(disposition.contains("attachment") && disposition.contains(&school_day(0).to_string()));
    assert!(disposition.contains("-v0"), "{disposition}");
    let bytes = response.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 with BOM");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let header = text.split("\r\n").next().unwrap();
    assert!(header.starts_with("学号/工号,姓名,类别,班级,申报情况"), "{header}");
    assert!(text.contains("'=HYPERLINK"), "formula neutralised");
    assert!(!text.contains(",=HYPERLINK"));
    assert!(text.contains("+08:00"));
    assert!(text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'), "CRLF only");
    assert!(text.contains("未签"), "the signature state is in the file");
    let english = export("en").await.unwrap().bytes().await.unwrap();
    let english = std::str::from_utf8(&english[3..]).unwrap();
    assert!(english.starts_with("id,name,category,class,standing"), "{english}");
}

#[tokio::test]
async fn test_the_trend_has_fourteen_days_and_today_equals_the_report() {
    let server = school().await;
    let mut phones = Phones::new(&server);
    phones.file("S-01", early_today(), 365).await;
    phones.file("S-02", early_today(), 390).await;
    let mut query = scope_query(&class());
    query.push(("to", school_day(0).to_string()));
    let response = phones
        .http
        .get(server.url("/api/v1/reports/trend"))
        .query(&query)
        .bearer_auth(support::token_of("T-01"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let trend: Vec<TrendDay> = response.json().await.unwrap();
    assert_eq!(trend.len(), 14);
    assert_eq!(trend[13].day, school_day(0));
    let report = phones.report("T-01", &class()).await;
    let t = report.figures.total;
    assert_eq!(
        (trend[13].expected, trend[13].declared, trend[13].abnormal),
        (t.expected, t.declared(), t.abnormal)
    );
    assert!(
        trend[..13].iter().all(|d| !d.known && d.expected == 0),
        "no figures before the roster"
    );
}

/// SQLite's query plans (`EXPLAIN QUERY PLAN`); on PostgreSQL the same
/// indexes exist, and its planner chooses by the table's statistics.
#[test]
fn test_every_report_query_uses_an_index() {
    let data = tempfile::tempdir().unwrap();
    let store = anxin_server::store::SqliteStore::open_in(data.path()).unwrap();
    let plans = store.report_query_plans().unwrap();
    assert!(plans.len() >= 8, "{plans:?}");
    for (query, plan) in plans {
        for table in [
            "declaration_revisions",
            "change_log",
            "day_expected",
            "missing_reasons",
            "send_backs",
            "reminders",
            "report_signatures",
            "report_returns",
        ] {
            assert!(
                !plan.contains(&format!("SCAN {table}"))
                    && !plan.contains("SCAN r")
                    && !plan.contains("SCAN e"),
                "{query}: full scan of {table}:\n{plan}"
            );
        }
    }
}

#[tokio::test]
async fn test_a_clock_set_back_does_not_make_a_filing_on_time() {
    // Setup: S-03's phone syncs now (yesterday's declaration, its queue
    // emptied); S-04's phone has never synced.
    let server = school().await;
    let mut phones = Phones::new(&server);
    let yesterday = anxin_domain::sync::Change::DeclarationRevision {
        day: school_day(1),
        revision_id: phones.id(),
        answers: support::sync::answers(365),
        correction_reason: None,
    };
    assert_eq!(phones.send_at("S-03", Utc::now(), vec![yesterday]).await, vec![Outcome::Applied]);

    // Exec: both then deliver today's, dated 00:00:30 (before the deadline).
    phones.file("S-03", early_today(), 365).await;
    phones.file("S-04", early_today(), 365).await;

    // Check: the phone that synced after that time without delivering it
    // is doubted (the receipt counts: late); the other is believed.
    let report = phones.report("T-01", &class()).await;
    let line = |id: &str| report.people.iter().find(|p| p.person_id == id).unwrap().clone();
    assert!(line("S-03").clock_doubtful);
    assert!(matches!(line("S-03").standing, Standing::Late { .. }));
    assert!(!line("S-04").clock_doubtful);
    assert_eq!(line("S-04").standing, Standing::OnTime);
    assert_eq!(report.figures.total.clock_doubtful, 1);
}

/// An advisor of two unsigned classes is one of the signers the office
/// reminds, once: the second insert of the same reminder for her was a
/// store failure (503), and the office's whole push was refused with it.
#[tokio::test]
async fn test_an_advisor_of_two_unsigned_classes_is_reminded_to_sign_once() {
    let roster = ROSTER
        .replace(",软件2001,\nT-02", ",软件2001;软件2002,\nT-02")
        .replace("S-11,", "S-21,学生六,declarant,student,信息工程学院,软件2002,,,\nS-11,");
    assert!(roster.contains("软件2001;软件2002") && roster.contains("S-21"), "the roster edit");
    let server = TestServer::start_with_roster(&roster, Some(EARLY_DEADLINES)).await;
    let mut phones = Phones::new(&server);
    let signers = ReportAction::RemindSigners {
        reminder_id: phones.id(),
        scope: department(),
        day: school_day(0),
    };
    assert_eq!(phones.act("O-01", signers).await, Outcome::Applied);
    let pulled = pull_all(&phones.http, &server.url(""), "T-01").await;
    let told: Vec<_> = pulled
        .iter()
        .filter_map(|c| match c {
            PulledChange::Reminder(r) => Some(r.kind.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(told, vec![ReminderKind::Sign(class())]);
    let pulled = pull_all(&phones.http, &server.url(""), "O-01").await;
    let sent: Vec<_> = pulled
        .iter()
        .filter_map(|c| match c {
            PulledChange::RemindersSent(s) => Some(s.reminded),
            _ => None,
        })
        .collect();
    assert_eq!(sent, vec![2], "T-01 and T-02, each once");
}
