//! Privacy through sync, over real HTTP (SPEC §7): the notice each person
//! saw, recorded with its version and hash; the counselling consent, given
//! before a booking and withdrawn with the upcoming appointments
//! cancelled; one open crisis call-back at a time; and the access matrix
//! of the new mutations.

mod support;

use anxin_domain::counselling::booking::{BookingRequest, Urgency, Wanted};
use anxin_domain::counselling::{AppointmentStatus, Mode};
use anxin_domain::privacy::consent::WITHDRAWN_REASON;
use anxin_domain::privacy::{Consent, NoticeSeen, Purpose};
use anxin_domain::sync::{Change, Mutation, Outcome};
use anxin_domain::{Directory, ErrorCode};
use anxin_server::{AppState, Config};
use chrono::{Days, NaiveDateTime, Utc};
use support::reports::{rejected, Phones, ROSTER};
use support::sync::{bookings, pull_all, push_body, push_raw};
use support::TestServer;

async fn directory(server: &TestServer) -> Directory {
    reqwest::get(server.url("/api/v1/directory")).await.unwrap().json().await.unwrap()
}

fn seen(phones: &mut Phones, directory: &Directory) -> Change {
    Change::NoticeSeen(NoticeSeen {
        seen_id: phones.id(),
        version: directory.notice_version.clone(),
        hash: directory.notice_hash.clone(),
    })
}

fn consent(phones: &mut Phones, given: bool) -> Change {
    Change::Consent(Consent { consent_id: phones.id(), purpose: Purpose::Counselling, given })
}

fn tomorrow_at(hour: u32) -> NaiveDateTime {
    let tomorrow = anxin_domain::local_day(Utc::now()) + Days::new(1);
    tomorrow.and_hms_opt(hour, 0, 0).unwrap()
}

fn booking(id: String, hour: u32, urgency: Urgency) -> Change {
    let wanted = match urgency {
        Urgency::Crisis => Wanted::FirstAvailable { from: tomorrow_at(0), mode: None },
        _ => Wanted::Slot { counsellor_id: "C-0001".into(), start: tomorrow_at(hour) },
    };
    Change::BookingRequest(BookingRequest {
        booking_id: id,
        wanted,
        topic: String::new(),
        phone: "13800000000".into(),
        anonymous: false,
        urgency,
        replaces: None,
    })
}

#[tokio::test]
async fn test_the_notice_seen_is_recorded_with_its_version_and_hash() {
    // Setup
    let server = TestServer::start().await;
    let directory = directory(&server).await;
    assert_eq!(directory.notice_version, "2026-12-01");
    assert_eq!(directory.notice_hash.len(), 64);
    assert!(directory.notice_en.contains("Who sees it"), "the template's text is served");
    let mut phones = Phones::new(&server);
    // Exec
    let change = seen(&mut phones, &directory);
    let forged = Change::NoticeSeen(NoticeSeen {
        seen_id: phones.id(),
        version: directory.notice_version.clone(),
        hash: "0".repeat(64),
    });
    let outcomes = phones.send_at("2020-0101", Utc::now(), vec![change, forged]).await;
    // Check
    assert_eq!(outcomes[0], Outcome::Applied);
    assert_eq!(rejected(&outcomes[1]), Some(ErrorCode::UnknownNotice));
    let views = support::store_at(server.data_dir.path()).notice_views("2020-0101").unwrap();
    assert_eq!(views.len(), 1, "{views:?}");
    assert_eq!(
        (views[0].version.as_str(), views[0].hash.as_str()),
        ("2026-12-01", &*directory.notice_hash)
    );
}

#[test]
fn test_a_changed_text_needs_a_new_version_and_the_old_one_stays_known() {
    // Setup
    let data = tempfile::tempdir().unwrap();
    let dist = tempfile::tempdir().unwrap();
    let file = data.path().join("notice.toml");
    let mut config = Config::new(data.path(), dist.path());
    config.privacy_notice = Some(file.clone());
    std::fs::write(&file, "version = \"v1\"\nzh = \"第一版\"\nen = \"First\"\n").unwrap();
    let first = AppState::open(&config).map(|s| s.directory.notice_hash.clone()).unwrap();
    // Exec: the same version with another text, then a new version.
    std::fs::write(&file, "version = \"v1\"\nzh = \"改过\"\nen = \"Changed\"\n").unwrap();
    let refused = AppState::open(&config).err().map(|e| e.to_string()).unwrap_or_default();
    std::fs::write(&file, "version = \"v2\"\nzh = \"第二版\"\nen = \"Second\"\n").unwrap();
    let second = AppState::open(&config).map(|s| s.directory.notice_hash.clone()).unwrap();
    // Check
    assert!(refused.contains("\"v1\" was published before with another text"), "{refused}");
    assert_ne!(first, second);
    let store = support::store_at(data.path());
    assert_eq!(store.publish_notice("v1", &first, Utc::now()).unwrap(), None, "v1 is still known");
}

#[tokio::test]
async fn test_booking_needs_the_consent_and_a_withdrawal_cancels_what_is_upcoming() {
    // Setup
    let server = TestServer::start().await;
    let plan = anxin_domain::fixtures::daily_plan("C-0001", &[9, 10, 11], Mode::Phone);
    support::store_at(server.data_dir.path()).publish_plan(&plan, Utc::now()).unwrap();
    let mut phones = Phones::new(&server);
    let person = "2020-0101";
    let (first, second, after) = (phones.id(), phones.id(), phones.id());
    // Exec: a booking before any consent, then the consent and a booking.
    let before =
        phones.send_at(person, Utc::now(), vec![booking(first.clone(), 9, Urgency::Soon)]).await;
    let given = consent(&mut phones, true);
    let booked = phones
        .send_at(person, Utc::now(), vec![given, booking(second.clone(), 10, Urgency::Soon)])
        .await;
    let withdrawn = consent(&mut phones, false);
    let refused_after = phones
        .send_at(person, Utc::now(), vec![withdrawn, booking(after, 11, Urgency::Routine)])
        .await;
    // Check
    assert_eq!(rejected(&before[0]), Some(ErrorCode::ConsentRequired));
    assert_eq!(booked, [Outcome::Applied, Outcome::Applied]);
    assert_eq!(refused_after[0], Outcome::Applied);
    assert_eq!(rejected(&refused_after[1]), Some(ErrorCode::ConsentRequired));
    let pulled = bookings(pull_all(&phones.http, &server.url(""), person).await);
    let latest = pulled.iter().rev().find(|b| b.booking_id == second).unwrap();
    assert_eq!(latest.status, AppointmentStatus::Cancelled, "{latest:?}");
    assert_eq!(latest.reason.as_deref(), Some(WITHDRAWN_REASON));
    let consents = support::store_at(server.data_dir.path()).consents(person).unwrap();
    assert_eq!(consents.iter().map(|c| c.given).collect::<Vec<_>>(), [true, false]);
}

#[tokio::test]
async fn test_a_crisis_call_back_needs_no_consent_and_only_one_is_open() {
    // Setup: on duty every hour of the day, so someone is on now or soon.
    let server = TestServer::start().await;
    let hours: Vec<u32> = (0..24).collect();
    let plan = anxin_domain::fixtures::daily_plan("C-0001", &hours, Mode::Phone);
    support::store_at(server.data_dir.path()).publish_plan(&plan, Utc::now()).unwrap();
    let mut phones = Phones::new(&server);
    let person = "2020-0102";
    let (first, second) = (phones.id(), phones.id());
    // Exec
    let outcomes = phones
        .send_at(
            person,
            Utc::now(),
            vec![booking(first.clone(), 0, Urgency::Crisis), booking(second, 0, Urgency::Crisis)],
        )
        .await;
    // Check
    assert_eq!(outcomes[0], Outcome::Applied);
    assert_eq!(rejected(&outcomes[1]), Some(ErrorCode::CallBackOpen));
    let pulled = bookings(pull_all(&phones.http, &server.url(""), person).await);
    assert_eq!(pulled.len(), 1, "one call on the desk: {pulled:?}");
    assert_eq!(pulled[0].booking_id, first);
    assert_eq!(pulled[0].status, AppointmentStatus::Confirmed);
}

/// Who may record a notice seen or a consent: everyone who declares; the
/// counsellor-only and admin accounts cannot push at all.
#[tokio::test]
async fn test_every_role_records_only_its_own_notice_and_consent_as_the_matrix_says() {
    let server = TestServer::start_with_roster(ROSTER, None).await;
    let directory = directory(&server).await;
    let mut phones = Phones::new(&server);
    // (who, may push): declarants of every kind yes; C-01 and A-01 no.
    let matrix = [
        ("S-01", true),
        ("T-01", true),
        ("O-01", true),
        ("O-02", true),
        ("S-11", true),
        ("C-01", false),
        ("A-01", false),
    ];
    let mut failures = Vec::new();
    for (who, allowed) in matrix {
        for change in [seen(&mut phones, &directory), consent(&mut phones, true)] {
            let got = if allowed {
                phones.send_at(who, Utc::now(), vec![change]).await.remove(0) == Outcome::Applied
            } else {
                let mutation =
                    Mutation { id: phones.id(), seq: 1, device_time: Utc::now(), change };
                let body = push_body(&phones.id(), vec![mutation]);
                let status =
                    push_raw(&phones.http, &server.url(""), who, &body).await.unwrap().status();
                status != 403
            };
            if got != allowed {
                failures.push(format!("{who}: allowed {got}, expected {allowed}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Each is recorded as its sender's own, never anyone else's.
    let store = support::store_at(server.data_dir.path());
    assert_eq!(store.notice_views("S-01").unwrap().len(), 1);
    assert_eq!(store.consents("T-01").unwrap().len(), 1);
    assert!(store.consents("A-01").unwrap().is_empty());
}

#[tokio::test]
async fn test_the_own_data_export_holds_the_callers_records_and_nobody_elses() {
    // Setup: a declaration, a notice seen and a consent of 2020-0101; a
    // declaration of a classmate.
    let server = TestServer::start().await;
    let directory = directory(&server).await;
    let mut phones = Phones::new(&server);
    let mine = phones.file("2020-0101", Utc::now(), 365).await;
    let theirs = phones.file("2020-0102", Utc::now(), 366).await;
    let changes = vec![seen(&mut phones, &directory), consent(&mut phones, true)];
    phones.send_at("2020-0101", Utc::now(), changes).await;
    // Exec
    let response = phones
        .http
        .get(server.url("/api/v1/me/data"))
        .bearer_auth(support::token_of("2020-0101"))
        .send()
        .await
        .unwrap();
    // Check
    assert_eq!(response.status(), 200);
    let data: anxin_domain::privacy::own_data::OwnData = response.json().await.unwrap();
    assert_eq!(data.person_id, "2020-0101");
    let ids: Vec<&str> = data.declarations.iter().map(|r| r.revision_id.as_str()).collect();
    assert_eq!(ids, [mine.as_str()], "not {theirs}");
    assert_eq!(data.notice_views.len(), 1);
    assert_eq!(data.consents.len(), 1);
    assert!(data.bookings.is_empty() && data.gate_records.is_empty());
}
