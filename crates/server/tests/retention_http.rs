//! The retention purge seen over real HTTP (SPEC §7): the phone's pull
//! says, on its last page, the first day the server keeps, so that the
//! phone wipes its own days before it, and no longer brings what was
//! purged; the school office reads what the next daily run will remove
//! (counts only), nobody else does.

mod support;

use anxin_domain::privacy::purge::NextPurge;
use anxin_domain::privacy::retention::{RawBasis, RecordKind, RetentionPolicy};
use anxin_domain::sync::{PullResponse, PROTOCOL_VERSION};
use chrono::{Days, Utc};
use reqwest::StatusCode;
use support::database::{off_runtime, store_at};
use support::sync::{pull_all, push, revision, revisions, school_day, uuid, PERSON};
use support::{token_of, TestServer};

const SCHOOL_OFFICE: &str = "T-3002";
const DEPARTMENT_OFFICE: &str = "T-3001";

async fn last_page(http: &reqwest::Client, base: &str) -> PullResponse {
    let url = format!("{base}/api/v1/sync/pull?protocol_version={PROTOCOL_VERSION}&cursor=0");
    let response = http.get(url).bearer_auth(token_of(PERSON)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn next(http: &reqwest::Client, base: &str, who: &str) -> reqwest::Response {
    http.get(format!("{base}/api/v1/retention/next"))
        .bearer_auth(token_of(who))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn test_the_pull_says_what_the_server_keeps_and_the_school_office_is_warned() {
    let server = TestServer::start().await;
    let (http, base) = (reqwest::Client::new(), server.url(""));
    let client = uuid(701);
    let mutations =
        vec![revision(1, 1, school_day(5), 365, None), revision(2, 2, school_day(0), 366, None)];
    push(&http, &base, PERSON, &client, mutations).await;
    assert_eq!(last_page(&http, &base).await.kept_from, None, "nothing purged yet");
    let before: NextPurge = next(&http, &base, SCHOOL_OFFICE).await.json().await.unwrap();
    assert_eq!(before, NextPurge::default(), "no daily run yet");

    // The school keeps raw records 3 days rolling: the daily run.
    let policy =
        RetentionPolicy { raw_basis: RawBasis::Rolling, raw_days: 3, ..RetentionPolicy::default() };
    let data = server.data_dir.path().to_owned();
    let run = off_runtime(|| store_at(&data).daily_purge(&policy, Utc::now()).unwrap());
    let run = run.expect("the first daily run of the day");
    assert_eq!(run.counts.removed(RecordKind::Declarations), 1);
    let kept_from = run.cutoffs.day(RecordKind::Declarations);
    assert!(kept_from.is_some_and(|d| school_day(5) < d && d <= school_day(0)), "{kept_from:?}");

    // The phone is told, and the purged day is not pulled again.
    assert_eq!(last_page(&http, &base).await.kept_from, kept_from);
    let days: Vec<_> =
        revisions(pull_all(&http, &base, PERSON).await).into_iter().map(|r| r.day).collect();
    assert_eq!(days, [school_day(0)]);

    // The school office reads tomorrow's rehearsal: counts, no record.
    let response = next(&http, &base, SCHOOL_OFFICE).await;
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    assert!(!text.contains(PERSON), "counts only: {text}");
    let warned: NextPurge = serde_json::from_str(&text).unwrap();
    let rehearsed = warned.run.expect("rehearsed after the daily run");
    assert!(rehearsed.dry_run);
    assert_eq!(Some(rehearsed.today), school_day(0).checked_add_days(Days::new(1)));
    assert_eq!(warned.kept_from, kept_from);
    assert_eq!(warned.response_end, None);
    assert_eq!(next(&http, &base, DEPARTMENT_OFFICE).await.status(), StatusCode::FORBIDDEN);
}
