//! Secrets and health data never reach the logs: the real binary logs at
//! `trace` while a person signs in with a one-time code, fails a sign-in,
//! files an abnormal declaration, is refused another's records and signs
//! out; then neither its output, nor the audit log, nor the database in
//! plain text holds the password, the code, the token or the declaration.

mod support;

use anxin_server::args;

use std::path::Path;
use std::process::Output;

use anxin_domain::account::{FirstSignInRequest, SessionGrant, SignInRequest};
use anxin_domain::fixtures::answers_at;
use anxin_domain::sync::{Change, Mutation, PushRequest, PROTOCOL_VERSION};
use chrono::Utc;
use reqwest::StatusCode;
use support::process::{binary, free_port, spawn_server_logging, wait_healthy};
use support::sync::{school_day, uuid};
use support::{example_roster, write_dist};

const PASSWORD: &str = "secret-marker-pass-Q7f3";
const WRONG_PASSWORD: &str = "secret-marker-wrong-Z9k2";
const REMARKS: &str = "health-marker-夜间咳嗽-X5";

fn run(data: &Path, args: &[&str]) -> Output {
    binary(data).args(args).output().expect("the binary runs")
}

fn issue_code(data: &Path, person: &str) -> String {
    let out = run(data, &["issue-code", person]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout);
    let line = said.lines().find(|l| l.starts_with("one-time code for")).expect("a code line");
    line.rsplit(' ').next().unwrap().to_owned()
}

#[tokio::test]
async fn test_no_secret_or_health_data_in_any_log() {
    let data = tempfile::tempdir().unwrap();
    let dist = tempfile::tempdir().unwrap();
    write_dist(dist.path());
    let roster = example_roster();
    assert!(run(data.path(), &["import-roster", roster.to_str().unwrap()]).status.success());
    let code = issue_code(data.path(), "2020-0101");
    let log_file = data.path().join("server.log");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let mut server = spawn_server_logging(data.path(), dist.path(), port, &log_file);
    wait_healthy(&http, &base).await;

    let first = FirstSignInRequest {
        person_id: "2020-0101".into(),
        code: code.clone(),
        new_password: PASSWORD.into(),
    };
    let grant: SessionGrant = http
        .post(format!("{base}/api/v1/session/first"))
        .json(&first)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = grant.token.clone();
    let wrong = SignInRequest { person_id: "2020-0101".into(), password: WRONG_PASSWORD.into() };
    let response = http.post(format!("{base}/api/v1/session")).json(&wrong).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    // A body that cannot be read, holding a password: not echoed anywhere.
    let garbled = format!("{{\"person_id\": \"2020-0101\", \"password\": \"{WRONG_PASSWORD}\"");
    let response = http
        .post(format!("{base}/api/v1/session"))
        .header("content-type", "application/json")
        .body(garbled)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(!response.text().await.unwrap().contains(WRONG_PASSWORD));

    let mut answers = answers_at(389);
    answers.remarks = REMARKS.into();
    let push = PushRequest {
        protocol_version: PROTOCOL_VERSION,
        client_id: uuid(1),
        mutations: vec![Mutation {
            id: uuid(2),
            seq: 1,
            device_time: Utc::now(),
            change: Change::DeclarationRevision {
                day: school_day(0),
                revision_id: uuid(3),
                answers,
                correction_reason: None,
            },
        }],
    };
    let pushed = http
        .post(format!("{base}/api/v1/sync/push"))
        .bearer_auth(&token)
        .json(&push)
        .send()
        .await
        .unwrap();
    assert_eq!(pushed.status(), StatusCode::OK);
    let pulled = http
        .get(format!("{base}/api/v1/sync/pull?protocol_version=1"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert!(pulled.text().await.unwrap().contains(REMARKS), "the person reads their own");
    let refused = http
        .get(format!("{base}/api/v1/people/2020-0102/declarations"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let out =
        http.delete(format!("{base}/api/v1/session")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    server.kill();

    let secrets =
        [PASSWORD, WRONG_PASSWORD, &code, &code.replace('-', ""), &token, REMARKS, "夜间咳嗽"];
    let log = std::fs::read_to_string(&log_file).unwrap();
    assert!(log.contains("Anxin is listening"), "the log was captured:\n{log}");
    // Every request is in it (so the search below reads them all).
    for path in
        ["/api/v1/session/first", "/api/v1/sync/push", "/api/v1/people/2020-0102/declarations"]
    {
        assert!(log.contains(path), "{path} is logged:\n{log}");
    }
    let audit = run(data.path(), &["audit"]);
    assert!(audit.status.success());
    let audit = String::from_utf8_lossy(&audit.stdout).into_owned();
    for event in ["code_issued", "password_set", "sign_in_failed", "access_denied", "sign_out"] {
        assert!(audit.contains(event), "{event} in the audit log:\n{audit}");
    }
    // The database holds the declaration (it is the record) but no secret.
    let rows = support::with_sql(data.path(), |tx| {
        tx.query(
            "SELECT token_hash || person_id AS t FROM sessions
             UNION ALL SELECT password_hash FROM accounts
             UNION ALL SELECT code_hash FROM one_time_codes
             UNION ALL SELECT event || COALESCE(actor, '') || COALESCE(subject, '')
                 || COALESCE(address, '') || COALESCE(detail, '') FROM audit_log",
            args![],
        )
    });
    let dump = rows.iter().map(|row| row.get::<String>(0).unwrap()).collect::<Vec<_>>().join("|");
    assert!(dump.contains("$argon2id$"));
    for secret in secrets {
        assert!(!log.contains(secret), "the server log holds {secret:?}");
        assert!(!audit.contains(secret), "the audit log holds {secret:?}");
        assert!(!dump.contains(secret), "account tables hold {secret:?}");
    }
}

#[test]
fn test_issue_code_refuses_people_not_on_the_roster() {
    let data = tempfile::tempdir().unwrap();
    let out = run(data.path(), &["issue-code", "2099-0001"]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("not an active person of the roster"), "{said}");
}
