//! Requests for deletion (PIPL art. 47), over real HTTP and the real
//! command line: the person asks through the push (one request waits at a
//! time); the admin lists and answers them (completed deletes the optional
//! records, kept gives the legal reason); the person's phone pulls the
//! answer, and their export lists it.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use anxin_domain::counselling::wellbeing::{Feeling, WellbeingAnswer};
use anxin_domain::privacy::deletion::{DeletionOutcome, DeletionRequest, DeletionStanding};
use anxin_domain::privacy::{Consent, Purpose};
use anxin_domain::sync::{Change, Outcome, PulledChange};
use anxin_domain::ErrorCode;
use chrono::Utc;
use support::reports::{rejected, Phones, ROSTER};
use support::sync::{pull_all, school_day};
use support::TestServer;

fn command(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_anxin-server"))
        .arg("--data-dir")
        .arg(data)
        .args(support::database::database_args(data))
        .env("ANXIN_LOG", "warn")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn request(phones: &mut Phones, note: &str) -> (String, Change) {
    let request_id = phones.id();
    let change = Change::DeletionRequest(DeletionRequest {
        request_id: request_id.clone(),
        note: note.into(),
    });
    (request_id, change)
}

async fn standings(phones: &Phones<'_>, person: &str) -> Vec<DeletionStanding> {
    let pulled = pull_all(&phones.http, &phones.server.url(""), person).await;
    pulled
        .into_iter()
        .filter_map(|c| match c {
            PulledChange::DeletionRequest(standing) => Some(standing),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn test_a_request_waits_alone_and_its_answer_reaches_the_phone() {
    // Setup
    let server = TestServer::start_with_roster(ROSTER, None).await;
    let mut phones = Phones::new(&server);
    let data = server.data_dir.path();

    // Act: two requests; the admin lists, answers "kept", then a new one.
    let (first_id, first) = request(&mut phones, "请删除我的申报记录");
    let (_, second) = request(&mut phones, "");
    let outcomes = phones.send_at("S-01", Utc::now(), vec![first, second]).await;
    let listed = command(data, &["deletion-requests"]);
    let reason = "依《传染病防治法》保存至疫情响应结束后28天";
    let kept = command(data, &["answer-deletion", &first_id, "--kept", reason]);
    let again = command(data, &["answer-deletion", &first_id, "--completed", "已删除"]);
    let unknown =
        command(data, &["answer-deletion", "00000000-0000-4000-8000-000000000000", "--kept", "x"]);
    let blank = {
        let (id, change) = request(&mut phones, "");
        assert_eq!(phones.send_at("S-01", Utc::now(), vec![change]).await, [Outcome::Applied]);
        (id.clone(), command(data, &["answer-deletion", &id, "--kept", "  "]))
    };

    // Assert: the second waits for the first; the list names the first.
    assert_eq!(outcomes[0], Outcome::Applied);
    assert_eq!(rejected(&outcomes[1]), Some(ErrorCode::DeletionPending));
    assert!(listed.status.success());
    let listed = String::from_utf8(listed.stdout).unwrap();
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert!(
        listed.contains(&first_id) && listed.contains("S-01\twaiting\t请删除我的申报记录"),
        "{listed}"
    );
    assert!(kept.status.success(), "{}", String::from_utf8_lossy(&kept.stderr));
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("answered before"));
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no request has this id"));
    assert!(!blank.1.status.success(), "an answer needs its text");
    // The phone pulls the request as asked, then as answered.
    let seen = standings(&phones, "S-01").await;
    let first_states: Vec<Option<DeletionOutcome>> =
        seen.iter().filter(|s| s.request_id == first_id).map(|s| s.outcome).collect();
    assert_eq!(first_states, [None, Some(DeletionOutcome::Kept)]);
    let answered = seen.iter().rev().find(|s| s.request_id == first_id).unwrap();
    assert_eq!(answered.answer, reason);
    let exported = phones.export("S-01").await.deletion_requests;
    assert_eq!(exported.len(), 2);
    assert_eq!(exported[0].outcome, Some(DeletionOutcome::Kept));
    assert_eq!(exported[1].request_id, blank.0);
    assert_eq!(exported[1].outcome, None);
    // Nobody else's phone hears of it.
    assert!(standings(&phones, "S-02").await.is_empty());
}

#[tokio::test]
async fn test_a_completed_request_deletes_the_wellbeing_answers() {
    // Setup: S-02's wellbeing answer, then a request.
    let server = TestServer::start_with_roster(ROSTER, None).await;
    let mut phones = Phones::new(&server);
    let consent = Change::Consent(Consent {
        consent_id: phones.id(),
        purpose: Purpose::Wellbeing,
        given: true,
    });
    let answer = Change::Wellbeing(WellbeingAnswer {
        answer_id: phones.id(),
        day: school_day(0),
        feeling: Feeling::Worried,
    });
    let (request_id, asked) = request(&mut phones, "心情记录");
    let outcomes = phones.send_at("S-02", Utc::now(), vec![consent, answer, asked]).await;
    assert_eq!(outcomes, [Outcome::Applied, Outcome::Applied, Outcome::Applied]);
    assert_eq!(phones.export("S-02").await.wellbeing.len(), 1);

    // Act
    let done = command(
        server.data_dir.path(),
        &["answer-deletion", &request_id, "--completed", "已删除心情记录"],
    );

    // Assert
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    let after = phones.export("S-02").await;
    assert!(after.wellbeing.is_empty());
    assert_eq!(after.deletion_requests[0].outcome, Some(DeletionOutcome::Completed));
    let store = support::store_at(server.data_dir.path());
    let audit = store.audit_log(Some("S-02"), 10).unwrap();
    assert!(audit.iter().any(|e| e.event == "deletion_answered"), "{audit:?}");
}
