//! The optional wellbeing question over real HTTP (SPEC §3, §7): an answer
//! is kept only while the person's wellbeing consent is in force, apart
//! from the declaration; none of the advisor's and offices' reads that name
//! the person (the class, department and school reports, the class's CSV,
//! the class's day, one person's declarations, a record opened with a
//! reason) ever carries it; the person finds it in their export; turning the
//! question off deletes the answers.

mod support;

use anxin_domain::counselling::wellbeing::{Feeling, WellbeingAnswer};
use anxin_domain::privacy::{Consent, Purpose};
use anxin_domain::sync::{Change, Outcome};
use anxin_domain::ErrorCode;
use chrono::Utc;
use support::reports::{rejected, Phones, ROSTER};
use support::sync::school_day;
use support::{token_of, TestServer};

fn answer(phones: &mut Phones, feeling: Feeling) -> Change {
    Change::Wellbeing(WellbeingAnswer { answer_id: phones.id(), day: school_day(0), feeling })
}

fn wellbeing_consent(phones: &mut Phones, given: bool) -> Change {
    Change::Consent(Consent { consent_id: phones.id(), purpose: Purpose::Wellbeing, given })
}

/// Every staff read that names S-02, as text.
async fn staff_reads_of_s02(phones: &Phones<'_>) -> Vec<(String, String)> {
    let server = phones.server;
    let day = school_day(0).to_string();
    let get = |reader: &str, path: String| {
        let request = phones.http.get(server.url(&path)).bearer_auth(token_of(reader));
        async move { request.send().await.unwrap() }
    };
    let mut bodies = Vec::new();
    let reads = [
        ("T-01", format!("/api/v1/reports?scope=class&name=软件2001&day={day}")),
        ("T-01", format!("/api/v1/reports/export?scope=class&name=软件2001&day={day}&lang=en")),
        ("T-01", format!("/api/v1/classes/软件2001/declarations?day={day}")),
        ("T-01", "/api/v1/people/S-02/declarations".to_owned()),
        ("O-01", format!("/api/v1/reports?scope=department&name=信息工程学院&day={day}")),
        ("O-02", format!("/api/v1/reports?scope=school&day={day}")),
    ];
    for (reader, path) in reads {
        let response = get(reader, path.clone()).await;
        assert_eq!(response.status(), 200, "{reader} {path}");
        bodies.push((format!("{reader} {path}"), response.text().await.unwrap()));
    }
    let opened = phones
        .http
        .post(server.url("/api/v1/people/S-02/declarations/open"))
        .bearer_auth(token_of("O-02"))
        .json(&serde_json::json!({ "reason": "核实" }))
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), 200);
    bodies.push(("O-02 open".into(), opened.text().await.unwrap()));
    bodies
}

#[tokio::test]
async fn test_an_answer_needs_the_question_turned_on() {
    // Setup
    let server = TestServer::start_with_roster(ROSTER, None).await;
    let mut phones = Phones::new(&server);

    // Act: an answer before any consent, then after one.
    let before = answer(&mut phones, Feeling::Worried);
    let refused = phones.send_at("S-01", Utc::now(), vec![before]).await;
    let on = wellbeing_consent(&mut phones, true);
    let after = answer(&mut phones, Feeling::Worried);
    let applied = phones.send_at("S-01", Utc::now(), vec![on, after]).await;

    // Assert
    assert_eq!(rejected(&refused[0]), Some(ErrorCode::ConsentRequired));
    assert_eq!(applied, [Outcome::Applied, Outcome::Applied]);
    let kept = phones.export("S-01").await.wellbeing;
    assert_eq!(kept.len(), 1);
    assert_eq!((kept[0].day, kept[0].feeling), (school_day(0), Feeling::Worried));
}

#[tokio::test]
async fn test_no_advisor_or_office_read_carries_the_answer() {
    // Setup: S-02 files a declaration with a fever (so that every staff
    // read names her) and answers "very low".
    let server = TestServer::start_with_roster(ROSTER, None).await;
    let mut phones = Phones::new(&server);
    phones.file("S-02", Utc::now(), 385).await;
    let changes = vec![wellbeing_consent(&mut phones, true), answer(&mut phones, Feeling::VeryLow)];
    let outcomes = phones.send_at("S-02", Utc::now(), changes).await;
    assert_eq!(outcomes, [Outcome::Applied, Outcome::Applied]);

    // Act
    let bodies = staff_reads_of_s02(&phones).await;

    // Assert: S-02 is named in each (the fever), the feeling in none.
    for (read, body) in &bodies {
        assert!(body.contains("S-02") || body.contains("学生二"), "{read} names S-02: {body}");
        for word in ["very_low", "wellbeing", "feeling"] {
            assert!(!body.contains(word), "{read} carries {word}: {body}");
        }
    }
    assert_eq!(phones.export("S-02").await.wellbeing[0].feeling, Feeling::VeryLow);
}

#[tokio::test]
async fn test_turning_the_question_off_deletes_the_answers() {
    // Setup
    let server = TestServer::start_with_roster(ROSTER, None).await;
    let mut phones = Phones::new(&server);
    let changes = vec![wellbeing_consent(&mut phones, true), answer(&mut phones, Feeling::Fine)];
    phones.send_at("S-03", Utc::now(), changes).await;
    assert_eq!(phones.export("S-03").await.wellbeing.len(), 1);

    // Act
    let off = wellbeing_consent(&mut phones, false);
    let late = answer(&mut phones, Feeling::Fine);
    let outcomes = phones.send_at("S-03", Utc::now(), vec![off, late]).await;

    // Assert
    assert_eq!(outcomes[0], Outcome::Applied);
    assert_eq!(rejected(&outcomes[1]), Some(ErrorCode::ConsentRequired));
    let after = phones.export("S-03").await;
    assert!(after.wellbeing.is_empty());
    let purposes: Vec<(&str, bool)> =
        after.consents.iter().map(|c| (c.purpose.as_str(), c.given)).collect();
    assert_eq!(purposes, [("wellbeing", true), ("wellbeing", false)]);
}
