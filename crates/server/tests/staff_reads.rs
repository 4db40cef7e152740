//! Staff reads of named health data are logged (SPEC §7), over real HTTP:
//! one entry per person a fetch shows, never the reader's own; the school
//! office's report names the abnormal only, and opening anyone else's
//! record takes a typed reason, logged with the read; the person finds
//! the reads of their records in their export, and the school on the
//! command line.

mod support;

use anxin_domain::oversight::PersonDeclarations;
use anxin_domain::privacy::staff_reads::ReadKind;
use anxin_domain::report::Scope;
use chrono::Utc;
use serde_json::{json, Value};
use support::reports::{class, Phones, ROSTER};
use support::sync::school_day;
use support::{token_of, TestServer};

/// (reader, subject, kind, reason) of every logged read, oldest first.
fn logged(server: &TestServer) -> Vec<(String, String, ReadKind, Option<String>)> {
    let store = support::store_at(server.data_dir.path());
    let reads = store.staff_reads(None, None, 10_000).unwrap();
    reads.into_iter().map(|r| (r.reader_id, r.subject_id, r.kind, r.reason)).collect()
}

fn subjects_by(
    reads: &[(String, String, ReadKind, Option<String>)],
    reader: &str,
    kind: ReadKind,
) -> Vec<String> {
    let mut subjects: Vec<String> = reads
        .iter()
        .filter(|(r, _, k, _)| r == reader && *k == kind)
        .map(|(_, s, _, _)| s.clone())
        .collect();
    subjects.sort();
    subjects
}

async fn open(server: &TestServer, reader: &str, subject: &str, reason: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(server.url(&format!("/api/v1/people/{subject}/declarations/open")))
        .bearer_auth(token_of(reader))
        .json(&json!({ "reason": reason }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn test_each_person_a_report_shows_is_logged_and_nobody_else() {
    // Setup: two of the class file (one with a fever), three do not.
    let server = TestServer::start_with_roster(ROSTER, None).await;
    let mut phones = Phones::new(&server);
    phones.file("S-01", Utc::now(), 365).await;
    phones.file("S-02", Utc::now(), 385).await;

    // Act: the advisor reads her class's report (twice: her page
    // refreshes) and its CSV; the school office the school's report.
    phones.report("T-01", &class()).await;
    let report = phones.report("T-01", &class()).await;
    let csv = phones
        .http
        .get(server.url("/api/v1/reports/export"))
        .query(&[("scope", "class"), ("name", "软件2001"), ("day", &school_day(0).to_string())])
        .bearer_auth(token_of("T-01"))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    let school = phones.report("O-02", &Scope::School).await;

    // Assert: the advisor's reads name exactly the five people her report
    // shows, once a day per kind; the school office's only the abnormal one.
    let reads = logged(&server);
    let class_members = ["S-01", "S-02", "S-03", "S-04", "S-05"].map(String::from).to_vec();
    let shown: Vec<String> = report.people.iter().map(|p| p.person_id.clone()).collect();
    assert_eq!(subjects_by(&reads, "T-01", ReadKind::Report), class_members);
    assert_eq!(subjects_by(&reads, "T-01", ReadKind::ReportExport), class_members);
    assert_eq!(shown.len(), 5);
    let named: Vec<String> = school.people.iter().map(|p| p.person_id.clone()).collect();
    assert_eq!(named, ["S-02"]);
    assert_eq!(subjects_by(&reads, "O-02", ReadKind::Report), ["S-02"]);
    assert!(reads.iter().all(|(_, _, _, reason)| reason.is_none()));
}

#[tokio::test]
async fn test_reading_declarations_logs_others_never_oneself() {
    // Setup
    let server = TestServer::start_with_roster(ROSTER, None).await;
    let mut phones = Phones::new(&server);
    phones.file("S-01", Utc::now(), 365).await;
    let get = |reader: &'static str, path: String| {
        let http = phones.http.clone();
        let url = server.url(&path);
        async move { http.get(url).bearer_auth(token_of(reader)).send().await.unwrap().status() }
    };

    // Act: the student reads her own; the advisor hers and the class's day.
    assert_eq!(get("S-01", "/api/v1/people/S-01/declarations".into()).await, 200);
    assert_eq!(get("T-01", "/api/v1/people/S-01/declarations".into()).await, 200);
    let day = format!("/api/v1/classes/软件2001/declarations?day={}", school_day(0));
    assert_eq!(get("T-01", day).await, 200);

    // Assert
    let reads = logged(&server);
    assert!(reads.iter().all(|(reader, _, _, _)| reader == "T-01"), "{reads:?}");
    assert_eq!(subjects_by(&reads, "T-01", ReadKind::Declarations), ["S-01"]);
    assert_eq!(subjects_by(&reads, "T-01", ReadKind::ClassDay).len(), 5);
}

#[tokio::test]
async fn test_the_school_office_opens_a_record_only_with_a_reason() {
    // Setup: a normal declaration, which the school office's report never
    // names.
    let server = TestServer::start_with_roster(ROSTER, None).await;
    let mut phones = Phones::new(&server);
    let revision = phones.file("S-03", Utc::now(), 365).await;
    let by_get = phones
        .http
        .get(server.url("/api/v1/people/S-03/declarations"))
        .bearer_auth(token_of("O-02"))
        .send()
        .await
        .unwrap();
    assert_eq!(by_get.status(), 403, "not without a reason");

    // Act: without a reason, with a control character, too long; then
    // with one.
    let blank = open(&server, "O-02", "S-03", "   ").await;
    let control = open(&server, "O-02", "S-03", "a\u{7}b").await;
    let long = open(&server, "O-02", "S-03", &"因".repeat(201)).await;
    let by_department = open(&server, "O-01", "S-03", "密接追踪").await;
    let opened = open(&server, "O-02", "S-03", "  区疾控要求核实密接  ").await;
    let again = open(&server, "O-02", "S-03", "复核").await;

    // Assert: each refusal is specific and logs nothing; the reasoned read
    // shows everything and is logged with its reason, trimmed.
    for (response, code) in [(blank, "text_required"), (control, "text_required")] {
        assert_eq!(response.status(), 422);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], code, "{body}");
    }
    assert_eq!(long.status(), 422);
    assert_eq!(long.json::<Value>().await.unwrap()["error"]["code"], "text_too_long");
    assert_eq!(by_department.status(), 403, "only the school office opens with a reason");
    assert_eq!(opened.status(), 200);
    let record: PersonDeclarations = opened.json().await.unwrap();
    assert_eq!(record.revisions.len(), 1);
    assert_eq!(record.revisions[0].revision_id, revision);
    assert_eq!(again.status(), 200);
    let reads = logged(&server);
    let first = (
        "O-02".into(),
        "S-03".into(),
        ReadKind::OpenedWithReason,
        Some("区疾控要求核实密接".into()),
    );
    let second = ("O-02".into(), "S-03".into(), ReadKind::OpenedWithReason, Some("复核".into()));
    assert_eq!(reads, [first, second], "each read with a reason is logged");
    let unknown = open(&server, "O-02", "X-99", "核实").await;
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn test_the_person_sees_who_read_their_records_in_their_export() {
    // Setup
    let server = TestServer::start_with_roster(ROSTER, None).await;
    let mut phones = Phones::new(&server);
    phones.file("S-02", Utc::now(), 385).await;
    phones.report("T-01", &class()).await;
    assert_eq!(open(&server, "O-02", "S-02", "复核发热").await.status(), 200);

    // Act
    let export = phones.export("S-02").await;

    // Assert
    let read_by: Vec<(&str, ReadKind, Option<&str>)> = export
        .read_by
        .iter()
        .map(|r| (r.reader_id.as_str(), r.kind, r.reason.as_deref()))
        .collect();
    assert_eq!(
        read_by,
        [("T-01", ReadKind::Report, None), ("O-02", ReadKind::OpenedWithReason, Some("复核发热"))]
    );
    assert!(export.read_by.iter().all(|r| r.subject_id == "S-02"));
}

#[test]
fn test_the_command_line_prints_the_reads_of_a_person() {
    // Setup: a store with reads of two people.
    let data = tempfile::tempdir().unwrap();
    support::prepare_data(data.path());
    let store = support::store_at(data.path());
    let reads = anxin_domain::privacy::staff_reads::reads_of(
        "T-1001",
        ["2020-0101", "2020-0102"],
        ReadKind::Report,
        None,
        Utc::now(),
    );
    store.log_staff_reads(&reads).unwrap();
    drop(store);

    // Act
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_anxin-server"))
        .arg("--data-dir")
        .arg(data.path())
        .args(support::database::database_args(data.path()))
        .args(["reads", "--person", "2020-0102"])
        .env("ANXIN_LOG", "warn")
        .output()
        .unwrap();

    // Assert
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(lines[0].ends_with("\treport\tby T-1001\tof 2020-0102\t-"), "{text}");
}
