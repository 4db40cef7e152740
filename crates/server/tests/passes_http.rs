//! The daily pass over real HTTP: a person who declared today gets it with
//! the pull, signed by the server; the directory carries the keys a
//! guard's phone verifies it with offline; the status follows today's
//! declaration; a rotated key keeps the day's passes valid.

mod support;

use anxin_domain::pass::verify::{verify, GateClock, PassError};
use anxin_domain::pass::EntryStatus;
use anxin_domain::school_time::end_of_day;
use anxin_domain::sync::{PullResponse, PROTOCOL_VERSION};
use anxin_domain::Directory;
use chrono::Utc;
use support::sync::{push, revision, school_day, uuid, OTHER_PERSON, PERSON};
use support::{token_of, TestServer};

async fn last_pull(http: &reqwest::Client, base: &str, person: &str) -> PullResponse {
    let url = format!("{base}/api/v1/sync/pull?protocol_version={PROTOCOL_VERSION}&cursor=0");
    let response = http.get(url).bearer_auth(token_of(person)).send().await.unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    response.json().await.unwrap()
}

async fn directory(http: &reqwest::Client, base: &str) -> Directory {
    http.get(format!("{base}/api/v1/directory")).send().await.unwrap().json().await.unwrap()
}

fn check(pass: &str, directory: &Directory) -> Result<anxin_domain::pass::PassClaims, PassError> {
    let now = Utc::now();
    verify(
        pass,
        &GateClock {
            keys: &directory.pass_keys,
            keys_fetched_at: now,
            device_now: now,
            server_seen: None,
        },
    )
}

#[tokio::test]
async fn test_a_declaration_of_today_brings_a_signed_pass_that_verifies_offline() {
    // Setup
    let server = TestServer::start().await;
    let (http, base) = (reqwest::Client::new(), server.url(""));
    assert_eq!(last_pull(&http, &base, PERSON).await.pass, None, "no declaration, no pass");

    // Exec: a normal declaration of today.
    let client = uuid(901);
    push(&http, &base, PERSON, &client, vec![revision(1, 1, school_day(0), 365, None)]).await;
    let pulled = last_pull(&http, &base, PERSON).await;
    let pass = pulled.pass.expect("a pass with the pull");
    let keys = directory(&http, &base).await;

    // Check: genuine, today's, and holding only what the gate shows.
    assert_eq!(keys.pass_keys.len(), 1);
    let claims = check(&pass, &keys).unwrap();
    assert_eq!(claims.status, EntryStatus::MayEnter);
    assert_eq!(claims.day, school_day(0));
    assert_eq!(claims.id_last4, "0101");
    assert_eq!(claims.masked_name, "李*", "{claims:?}");
    assert_eq!(claims.expires_at, end_of_day(Utc::now()));
    // The id itself is nowhere in the signed bytes (only its last four).
    let (_, signed, _) = anxin_domain::pass::wire::from_text(&pass).unwrap();
    assert!(!signed.windows(9).any(|w| w == b"2020-0101"), "{signed:?}");
    assert!(signed.windows(4).any(|w| w == b"0101"), "the last four are");
    // Nobody else gets it: another person's pull carries no pass.
    assert_eq!(last_pull(&http, &base, OTHER_PERSON).await.pass, None);

    // A fever in a correction: the next pass says "check".
    let fever = revision(2, 2, school_day(0), 386, Some("量错了"));
    push(&http, &base, PERSON, &client, vec![fever]).await;
    let pass = last_pull(&http, &base, PERSON).await.pass.unwrap();
    assert_eq!(check(&pass, &keys).unwrap().status, EntryStatus::Check);
}

#[tokio::test]
async fn test_a_rotated_key_signs_new_passes_and_the_old_ones_stay_valid_today() {
    // Setup: a pass signed with the first key.
    let server = TestServer::start().await;
    let (http, base) = (reqwest::Client::new(), server.url(""));
    push(&http, &base, PERSON, &uuid(901), vec![revision(1, 1, school_day(0), 365, None)]).await;
    let old = last_pull(&http, &base, PERSON).await.pass.unwrap();

    // Exec: the key rotated (as `anxin-server rotate-pass-key` does).
    let store = support::store_at(server.data_dir.path());
    let now = Utc::now();
    let new_id = store.rotate_pass_key(now, end_of_day(now)).unwrap();
    let new = last_pull(&http, &base, PERSON).await.pass.unwrap();
    let keys = directory(&http, &base).await;

    // Check: both verify with the directory's keys; the new one is signed
    // by the new key.
    assert_eq!(new_id, 2);
    assert_eq!(keys.pass_keys.len(), 2, "{:?}", keys.pass_keys);
    assert_eq!(check(&old, &keys).unwrap().key_id, 1);
    assert_eq!(check(&new, &keys).unwrap().key_id, 2);
    // Without the old key, its pass is not known.
    let newest_only = Directory { pass_keys: vec![keys.pass_keys[0].clone()], ..keys.clone() };
    assert_eq!(check(&old, &newest_only), Err(PassError::UnknownKey));
}
