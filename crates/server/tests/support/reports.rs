//! The daily report over HTTP: a school of its own, report actions sent
//! through the sync push the way the staff view does, reports read back.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use anxin_domain::report::view::Report;
use anxin_domain::report::{ReportAction, Scope};
use anxin_domain::sync::{Change, Mutation, Outcome, PushResponse};
use chrono::{DateTime, Duration, Utc};

use super::sync::{answers, push_body, push_raw, school_day, uuid};
use super::TestServer;

/// One department with one class of five students (two advisors), its
/// office and the school office; another department with its class,
/// advisor and office; a counsellor and an admin.
pub const ROSTER: &str = "id,name,roles,category,department,class,phone,advises,scope
S-01,学生一,declarant,student,信息工程学院,软件2001,13800000001,,
S-02,学生二,declarant,student,信息工程学院,软件2001,13800000002,,
S-03,学生三,declarant,student,信息工程学院,软件2001,13800000003,,
S-04,学生四,declarant,student,信息工程学院,软件2001,13800000004,,
S-05,学生五,declarant,student,信息工程学院,软件2001,13800000005,,
T-01,张老师,declarant;advisor,staff,信息工程学院,,13900000001,软件2001,
T-02,王老师,declarant;advisor,staff,信息工程学院,,13900000002,软件2001,
O-01,刘主任,declarant;office,staff,信息工程学院,,13900000003,,信息工程学院
O-02,赵主任,declarant;office,staff,信息工程学院,,13900000004,,school
S-11,Amina Diallo,declarant,international_student,国际教育学院,国际2101,13800000011,,
T-11,黄老师,declarant;advisor,staff,国际教育学院,,13900000011,国际2101,
O-11,吴主任,declarant;office,staff,国际教育学院,,13900000012,,国际教育学院
C-01,孙老师,counsellor,,,,13900000005,,
A-01,周管理员,admin,,,,,,
";

/// Everyone but the admin, who files nothing.
pub const DECLARANTS: [&str; 12] = [
    "S-01", "S-02", "S-03", "S-04", "S-05", "T-01", "T-02", "O-01", "O-02", "S-11", "T-11", "O-11",
];

/// Declarations due at 00:01, classes at 00:02, departments at 00:03 and
/// the school at 00:04: whatever the hour a test runs, a filing now is
/// late and one dated 00:00:30 on time.
pub const EARLY_DEADLINES: &str = "[deadlines]
declarations = \"00:01:00\"
classes = \"00:02:00\"
departments = \"00:03:00\"
school = \"00:04:00\"
";

pub fn class() -> Scope {
    Scope::Class("软件2001".into())
}

pub fn department() -> Scope {
    Scope::Department("信息工程学院".into())
}

/// 00:00:30 today at the school: before every deadline of
/// [`EARLY_DEADLINES`].
pub fn early_today() -> DateTime<Utc> {
    anxin_domain::report::snapshot::day_start(school_day(0)) + Duration::seconds(30)
}

/// Ids of every record and client the tests make, unique in the process
/// (two sets of phones may send at once).
static NEXT_ID: AtomicU64 = AtomicU64::new(90_000);

/// Each person's phone: one client id and its next sequence.
pub struct Phones<'a> {
    pub server: &'a TestServer,
    pub http: reqwest::Client,
    next: HashMap<String, (String, u64)>,
}

impl<'a> Phones<'a> {
    /// What the server holds about `person`, as their export fetches it.
    pub async fn export(&self, person: &str) -> anxin_domain::privacy::own_data::OwnData {
        let url = self.server.url("/api/v1/me/data");
        let response =
            self.http.get(url).bearer_auth(super::token_of(person)).send().await.unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    pub fn new(server: &'a TestServer) -> Self {
        Self { server, http: reqwest::Client::new(), next: HashMap::new() }
    }

    /// A fresh UUID for a record.
    pub fn id(&mut self) -> String {
        uuid(NEXT_ID.fetch_add(1, Ordering::Relaxed))
    }

    /// Sends `changes` from `person`'s phone (device time `at`); the
    /// outcomes in order.
    pub async fn send_at(
        &mut self,
        person: &str,
        at: DateTime<Utc>,
        changes: Vec<Change>,
    ) -> Vec<Outcome> {
        let fresh = uuid(NEXT_ID.fetch_add(1, Ordering::Relaxed));
        let (client, seq) = self.next.entry(person.to_owned()).or_insert((fresh, 1)).clone();
        let mut mutations = Vec::new();
        for (i, change) in changes.into_iter().enumerate() {
            let id = uuid(NEXT_ID.fetch_add(1, Ordering::Relaxed));
            mutations.push(Mutation { id, seq: seq + i as u64, device_time: at, change });
        }
        let sent = mutations.len() as u64;
        let body = push_body(&client, mutations);
        let response = push_raw(&self.http, &self.server.url(""), person, &body).await.unwrap();
        assert_eq!(response.status(), 200, "push by {person}");
        let answer: PushResponse = response.json().await.unwrap();
        self.next.insert(person.to_owned(), (client, seq + sent));
        answer.results.into_iter().map(|r| r.outcome).collect()
    }

    pub async fn act(&mut self, person: &str, action: ReportAction) -> Outcome {
        self.send_at(person, Utc::now(), vec![Change::Report(action)]).await.remove(0)
    }

    /// Files today's declaration for `person` at device time `at`; its
    /// revision id.
    pub async fn file(&mut self, person: &str, at: DateTime<Utc>, tenths: u16) -> String {
        let revision_id = self.id();
        let change = Change::DeclarationRevision {
            day: school_day(0),
            revision_id: revision_id.clone(),
            answers: answers(tenths),
            correction_reason: None,
        };
        let outcome = self.send_at(person, at, vec![change]).await.remove(0);
        assert_eq!(outcome, Outcome::Applied, "filing by {person}");
        revision_id
    }

    /// Corrects today's declaration with a reason.
    pub async fn correct(&mut self, person: &str, tenths: u16) -> String {
        let revision_id = self.id();
        let change = Change::DeclarationRevision {
            day: school_day(0),
            revision_id: revision_id.clone(),
            answers: answers(tenths),
            correction_reason: Some("量错了，重新测量".into()),
        };
        assert_eq!(
            self.send_at(person, Utc::now(), vec![change]).await.remove(0),
            Outcome::Applied
        );
        revision_id
    }

    /// `GET /api/v1/reports` for `scope` today, as `person`.
    pub async fn report_raw(&self, person: &str, scope: &Scope) -> reqwest::Response {
        self.http
            .get(self.server.url("/api/v1/reports"))
            .query(&scope_query(scope))
            .query(&[("day", school_day(0).to_string())])
            .bearer_auth(super::token_of(person))
            .send()
            .await
            .unwrap()
    }

    pub async fn report(&self, person: &str, scope: &Scope) -> Report {
        let response = self.report_raw(person, scope).await;
        assert_eq!(response.status(), 200, "report of {scope:?} for {person}");
        response.json().await.unwrap()
    }

    /// Signs what the report shows now.
    pub async fn sign(&mut self, person: &str, scope: &Scope) -> Outcome {
        let covered = self.report(person, scope).await.covered;
        let signature_id = self.id();
        let action =
            ReportAction::Sign { signature_id, scope: scope.clone(), day: school_day(0), covered };
        self.act(person, action).await
    }
}

pub fn scope_query(scope: &Scope) -> Vec<(&'static str, String)> {
    match scope {
        Scope::School => vec![("scope", "school".into())],
        Scope::Class(name) => vec![("scope", "class".into()), ("name", name.clone())],
        Scope::Department(name) => vec![("scope", "department".into()), ("name", name.clone())],
    }
}

/// The code of a rejected outcome.
pub fn rejected(outcome: &Outcome) -> Option<anxin_domain::ErrorCode> {
    match outcome {
        Outcome::Rejected { code, .. } => Some(*code),
        _ => None,
    }
}
