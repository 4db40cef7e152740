//! Return to campus over real HTTP (SPEC §6): a person off campus
//! applies through the sync push; the advisor, then the department
//! office, read what waits for them and decide through the push; the
//! applicant pulls each state; an approval for today turns the pass to
//! "may enter". Every refusal has its own code.

mod support;

use anxin_domain::campus_return::{
    ReturnRequest, ReturnStanding, ReturnState, ReturnsToDecide, Transport,
};
use anxin_domain::declaration::{Location, LocationKind};
use anxin_domain::pass::{wire, EntryStatus};
use anxin_domain::sync::PROTOCOL_VERSION;
use anxin_domain::sync::{Change, Mutation, Outcome, PullResponse, PulledChange, RejectCode};
use chrono::{Duration, NaiveDate, Utc};
use support::sync::{answers, pull_all, push, school_day, uuid, PERSON};
use support::{token_of, TestServer};

const ADVISOR: &str = "T-1001";
const OFFICE: &str = "T-3001";
const SCHOOL_OFFICE: &str = "T-3002";
/// Of 国际2101 (国际教育学院): nobody above decides for her.
const OTHER_STUDENT: &str = "2021-0311";

struct Client {
    http: reqwest::Client,
    base: String,
    next: u64,
}

impl Client {
    fn of(server: &TestServer) -> Self {
        Client { http: reqwest::Client::new(), base: server.url(""), next: 1 }
    }

    /// Pushes one change as `person` (a device of its own each time) and
    /// returns its outcome.
    async fn send(&mut self, person: &str, change: Change) -> Outcome {
        self.next += 1;
        let mutation =
            Mutation { id: uuid(50_000 + self.next), seq: 1, device_time: Utc::now(), change };
        let client = uuid(60_000 + self.next);
        let response = push(&self.http, &self.base, person, &client, vec![mutation]).await;
        response.results[0].outcome.clone()
    }

    /// Declares today at `kind`.
    async fn declare(&mut self, person: &str, kind: LocationKind) {
        let (city, district) =
            if kind == LocationKind::OnCampus { ("", "") } else { ("海口市", "龙华区") };
        let location = Location { kind, city: city.into(), district: district.into() };
        self.next += 1;
        let change = Change::DeclarationRevision {
            day: school_day(0),
            revision_id: uuid(70_000 + self.next),
            answers: anxin_domain::declaration::DeclarationAnswers { location, ..answers(365) },
            correction_reason: None,
        };
        assert_eq!(self.send(person, change).await, Outcome::Applied);
    }

    async fn waiting(&self, person: &str) -> (u16, Option<ReturnsToDecide>) {
        let response = self
            .http
            .get(format!("{}/api/v1/returns", self.base))
            .bearer_auth(token_of(person))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, if status == 200 { Some(response.json().await.unwrap()) } else { None })
    }

    /// The applicant's applications as pulled, the latest state of each.
    async fn pulled(&self, person: &str) -> Vec<ReturnStanding> {
        let mut latest: Vec<ReturnStanding> = Vec::new();
        for change in pull_all(&self.http, &self.base, person).await {
            if let PulledChange::ReturnApplication(a) = change {
                latest.retain(|l| l.application_id != a.application_id);
                latest.push(a);
            }
        }
        latest
    }

    async fn pass_status(&self, person: &str) -> EntryStatus {
        let url = format!("{}/api/v1/sync/pull?protocol_version={PROTOCOL_VERSION}", self.base);
        let page: PullResponse = self
            .http
            .get(url)
            .bearer_auth(token_of(person))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let (claims, _, _) = wire::from_text(&page.pass.expect("a pass")).unwrap();
        claims.status
    }
}

fn request(n: u64, planned_on: NaiveDate) -> ReturnRequest {
    ReturnRequest {
        application_id: uuid(n),
        planned_on,
        from_where: "海口市龙华区".into(),
        transport: Transport::Coach,
        transport_detail: String::new(),
        symptom_free_14_days: true,
    }
}

fn decide(n: u64, approve: bool, reason: &str) -> Change {
    Change::ReturnDecide { application_id: uuid(n), approve, reason: reason.into() }
}

fn refused(code: RejectCode) -> Outcome {
    Outcome::Rejected { code, fields: Vec::new() }
}

#[tokio::test]
async fn test_return_approved_by_advisor_then_office_turns_the_pass_to_may_enter() {
    // Setup: the student declared today at home.
    let server = TestServer::start().await;
    let mut client = Client::of(&server);
    client.declare(PERSON, LocationKind::HomeInProvince).await;
    assert_eq!(client.pass_status(PERSON).await, EntryStatus::Check);

    // Exec: applies for today.
    let applied = client.send(PERSON, Change::ReturnApply(request(1, school_day(0)))).await;

    // Check: waiting for the advisor, who sees it (not the office).
    assert_eq!(applied, Outcome::Applied);
    assert_eq!(client.pulled(PERSON).await[0].state, ReturnState::AwaitingAdvisor);
    let (_, advisors) = client.waiting(ADVISOR).await;
    let advisors = advisors.unwrap().applications;
    assert_eq!(advisors.len(), 1);
    assert_eq!((advisors[0].name.as_str(), advisors[0].class_name.as_str()), ("李明", "软件2001"));
    assert_eq!(advisors[0].application.request.from_where, "海口市龙华区");
    assert!(client.waiting(OFFICE).await.1.unwrap().applications.is_empty());

    // Exec: the advisor approves.
    assert_eq!(client.send(ADVISOR, decide(1, true, "")).await, Outcome::Applied);

    // Check: the office's turn, with the advisor's decision; not yet in.
    assert!(client.waiting(ADVISOR).await.1.unwrap().applications.is_empty());
    let offices = client.waiting(OFFICE).await.1.unwrap().applications;
    assert_eq!(offices.len(), 1);
    let advisor_step = offices[0].application.advisor.as_ref().unwrap();
    assert!(advisor_step.approve);
    assert_eq!(advisor_step.by_name, "张老师");
    assert_eq!(client.pulled(PERSON).await[0].state, ReturnState::AwaitingOffice);
    assert_eq!(client.pass_status(PERSON).await, EntryStatus::Check);

    // Exec: the office approves.
    assert_eq!(client.send(OFFICE, decide(1, true, "同意返校")).await, Outcome::Applied);

    // Check: approved, pulled, and the pass lets her in.
    let mine = client.pulled(PERSON).await;
    assert_eq!((mine.len(), mine[0].state), (1, ReturnState::Approved));
    assert_eq!(mine[0].refusal_reason, None);
    assert_eq!(client.pass_status(PERSON).await, EntryStatus::MayEnter);
    assert!(client.waiting(OFFICE).await.1.unwrap().applications.is_empty());
}

#[tokio::test]
async fn test_return_approved_for_a_later_day_leaves_todays_pass_at_check() {
    // Setup
    let server = TestServer::start().await;
    let mut client = Client::of(&server);
    client.declare(PERSON, LocationKind::HomeInProvince).await;

    // Exec: approved for tomorrow.
    client.send(PERSON, Change::ReturnApply(request(1, school_day(-1)))).await;
    client.send(ADVISOR, decide(1, true, "")).await;
    assert_eq!(client.send(OFFICE, decide(1, true, "")).await, Outcome::Applied);

    // Check
    assert_eq!(client.pulled(PERSON).await[0].state, ReturnState::Approved);
    assert_eq!(client.pass_status(PERSON).await, EntryStatus::Check);
}

#[tokio::test]
async fn test_return_of_staff_is_decided_by_the_office_alone() {
    // Setup: the advisor herself is staff without a class, at home.
    let server = TestServer::start().await;
    let mut client = Client::of(&server);
    client.declare(ADVISOR, LocationKind::HomeInProvince).await;

    // Exec
    let applied = client.send(ADVISOR, Change::ReturnApply(request(1, school_day(0)))).await;
    let offices = client.waiting(OFFICE).await.1.unwrap().applications;
    let approved = client.send(OFFICE, decide(1, true, "")).await;

    // Check
    assert_eq!((applied, approved), (Outcome::Applied, Outcome::Applied));
    assert_eq!((offices.len(), offices[0].class_name.as_str()), (1, ""));
    assert_eq!(client.pulled(ADVISOR).await[0].state, ReturnState::Approved);
    assert_eq!(client.pass_status(ADVISOR).await, EntryStatus::MayEnter);
}

#[tokio::test]
async fn test_return_apply_refusals_have_their_codes() {
    // Setup
    let server = TestServer::start().await;
    let mut client = Client::of(&server);
    let apply = |n, adjust: fn(&mut ReturnRequest)| {
        let mut r = request(n, school_day(0));
        adjust(&mut r);
        Change::ReturnApply(r)
    };

    // Exec / Check: never declared, then declared on campus.
    assert_eq!(client.send(PERSON, apply(1, |_| {})).await, refused(RejectCode::NotOffCampus));
    client.declare(PERSON, LocationKind::OnCampus).await;
    assert_eq!(client.send(PERSON, apply(2, |_| {})).await, refused(RejectCode::NotOffCampus));

    // Off campus: each field's refusal.
    client.declare(PERSON, LocationKind::OutsideProvince).await;
    let past = |r: &mut ReturnRequest| r.planned_on = school_day(1);
    let far = |r: &mut ReturnRequest| r.planned_on = school_day(0) + Duration::days(31);
    let long = |r: &mut ReturnRequest| r.from_where = "海".repeat(101);
    let detail = |r: &mut ReturnRequest| r.transport_detail = "D".repeat(51);
    let unconfirmed = |r: &mut ReturnRequest| r.symptom_free_14_days = false;
    let bad_id = |r: &mut ReturnRequest| r.application_id = "not-a-uuid".into();
    assert_eq!(client.send(PERSON, apply(3, past)).await, refused(RejectCode::BadReturnDate));
    assert_eq!(client.send(PERSON, apply(4, far)).await, refused(RejectCode::BadReturnDate));
    assert_eq!(client.send(PERSON, apply(5, long)).await, refused(RejectCode::TextTooLong));
    assert_eq!(client.send(PERSON, apply(6, detail)).await, refused(RejectCode::TextTooLong));
    let confirmation = refused(RejectCode::ConfirmationRequired);
    assert_eq!(client.send(PERSON, apply(7, unconfirmed)).await, confirmation);
    assert_eq!(client.send(PERSON, apply(8, bad_id)).await, refused(RejectCode::MalformedId));

    // One pending at a time; an id used already is refused.
    assert_eq!(client.send(PERSON, apply(9, |_| {})).await, Outcome::Applied);
    assert_eq!(client.send(PERSON, apply(10, |_| {})).await, refused(RejectCode::ReturnPending));
    assert_eq!(client.send(PERSON, apply(9, |_| {})).await, refused(RejectCode::IdReused));
    assert_eq!(client.pulled(PERSON).await.len(), 1, "only the applied one is pulled");
}

#[tokio::test]
async fn test_return_decide_refusals_have_their_codes() {
    // Setup: the student and one of another department applied.
    let server = TestServer::start().await;
    let mut client = Client::of(&server);
    client.declare(PERSON, LocationKind::HomeInProvince).await;
    client.declare(OTHER_STUDENT, LocationKind::HomeInProvince).await;
    client.send(PERSON, Change::ReturnApply(request(1, school_day(0)))).await;
    client.send(OTHER_STUDENT, Change::ReturnApply(request(2, school_day(0)))).await;
    let scope = refused(RejectCode::NotYourScope);

    // Exec / Check: the office before the advisor.
    let early = client.send(OFFICE, decide(1, true, "")).await;
    assert_eq!(early, refused(RejectCode::OfficeBeforeAdvisor));
    // Outside one's scope: another department's student, the school
    // office, the student herself.
    assert_eq!(client.send(ADVISOR, decide(2, true, "")).await, scope);
    assert_eq!(client.send(OFFICE, decide(2, true, "")).await, scope);
    assert_eq!(client.send(SCHOOL_OFFICE, decide(1, true, "")).await, scope);
    assert_eq!(client.send(PERSON, decide(1, true, "")).await, scope);
    // A refusal says why, within its limit; an unknown application.
    let no_reason = client.send(ADVISOR, decide(1, false, " ")).await;
    assert_eq!(no_reason, refused(RejectCode::TextRequired));
    let long = client.send(ADVISOR, decide(1, false, &"理".repeat(501))).await;
    assert_eq!(long, refused(RejectCode::TextTooLong));
    assert_eq!(
        client.send(ADVISOR, decide(99, true, "")).await,
        refused(RejectCode::UnknownReturn)
    );
    // Refused once: decided, and never again.
    assert_eq!(client.send(ADVISOR, decide(1, false, "返校时间未定")).await, Outcome::Applied);
    let again = client.send(ADVISOR, decide(1, true, "")).await;
    assert_eq!(again, refused(RejectCode::AlreadyDecided));
    assert_eq!(client.send(OFFICE, decide(1, true, "")).await, refused(RejectCode::AlreadyDecided));
    let mine = client.pulled(PERSON).await;
    assert_eq!(mine[0].state, ReturnState::Refused);
    assert_eq!(mine[0].refusal_reason.as_deref(), Some("返校时间未定"));
    assert_eq!(client.pass_status(PERSON).await, EntryStatus::Check);
    // After a refusal the person may apply again.
    let again = client.send(PERSON, Change::ReturnApply(request(3, school_day(0)))).await;
    assert_eq!(again, Outcome::Applied);
}

#[tokio::test]
async fn test_return_list_is_for_advisors_and_department_offices_only() {
    // Setup
    let server = TestServer::start().await;
    let client = Client::of(&server);

    // Exec
    let mut statuses = Vec::new();
    for who in [PERSON, ADVISOR, OFFICE, SCHOOL_OFFICE, "C-0001", "A-0001"] {
        statuses.push(client.waiting(who).await.0);
    }

    // Check
    assert_eq!(statuses, vec![403, 200, 200, 403, 403, 403]);
}
