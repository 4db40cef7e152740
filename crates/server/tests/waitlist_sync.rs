//! The counselling waitlist through real pushes and pulls (SPEC §3): who
//! may join and leave; a slot freed by a cancellation is offered to
//! everyone waiting for it, new duty hours to those waiting for their
//! counsellor; the first request to arrive gets the slot, the others see
//! it gone and stay on the list; the person's export lists the entry.

mod support;

use anxin_domain::counselling::booking::{BookingRequest, Urgency, Wanted};
use anxin_domain::counselling::waitlist::{WaitlistJoin, WaitlistStanding, WaitlistState};
use anxin_domain::counselling::{Mode, MyBooking};
use anxin_domain::sync::{Change, Outcome, PulledChange};
use anxin_domain::ErrorCode;
use chrono::{Days, NaiveDateTime, Utc};
use support::reports::{rejected, Phones};
use support::sync::{bookings, pull_all};
use support::TestServer;

const EARLY: &str = "2020-0101";
const LATE: &str = "2020-0102";
const HOLDER: &str = "2020-0203";
const WITHOUT_CONSENT: &str = "2021-0311";

fn tomorrow_at(hour: u32) -> NaiveDateTime {
    let tomorrow = anxin_domain::local_day(Utc::now()) + Days::new(1);
    tomorrow.and_hms_opt(hour, 0, 0).unwrap()
}

fn book(id: String, counsellor: &str, hour: u32) -> Change {
    Change::BookingRequest(BookingRequest {
        booking_id: id,
        wanted: Wanted::Slot { counsellor_id: counsellor.into(), start: tomorrow_at(hour) },
        topic: String::new(),
        phone: "13800000000".into(),
        anonymous: false,
        urgency: Urgency::Routine,
        replaces: None,
    })
}

fn join(id: &str, counsellor: Option<&str>, mode: Option<Mode>) -> Change {
    Change::WaitlistJoin(WaitlistJoin {
        entry_id: id.into(),
        counsellor_id: counsellor.map(Into::into),
        mode,
        phone: "13800000001".into(),
        anonymous: false,
    })
}

/// The person's entry as their phone last pulled it.
async fn entry(server: &TestServer, person: &str) -> WaitlistStanding {
    let changes = pull_all(&reqwest::Client::new(), &server.url(""), person).await;
    changes
        .into_iter()
        .filter_map(|c| match c {
            PulledChange::Waitlist(entry) => Some(entry),
            _ => None,
        })
        .next_back()
        .expect("an entry was pulled")
}

async fn my_bookings(server: &TestServer, person: &str) -> Vec<MyBooking> {
    bookings(pull_all(&reqwest::Client::new(), &server.url(""), person).await)
}

/// The starts of the open offers and of those gone.
fn offered(entry: &WaitlistStanding) -> (Vec<String>, Vec<String>) {
    let key = |o: &anxin_domain::counselling::waitlist::SlotOffer| o.slot.key();
    (
        entry.offers.iter().filter(|o| !o.gone).map(key).collect(),
        entry.offers.iter().filter(|o| o.gone).map(key).collect(),
    )
}

#[tokio::test]
async fn test_a_freed_slot_goes_to_the_first_request_and_the_others_stay_waiting() {
    // Setup: C-0001 on duty tomorrow at 10 by phone, held by someone.
    let server = TestServer::start().await;
    let store = support::store_at(server.data_dir.path());
    let plan = anxin_domain::fixtures::daily_plan("C-0001", &[10], Mode::Phone);
    store.publish_plan(&plan, Utc::now()).unwrap();
    support::consent_to_counselling(server.data_dir.path(), [EARLY, LATE, HOLDER]);
    let mut phones = Phones::new(&server);
    let held = phones.id();
    let outcome = phones.send_at(HOLDER, Utc::now(), vec![book(held.clone(), "C-0001", 10)]).await;
    assert_eq!(outcome, [Outcome::Applied]);
    let slot = format!("C-0001/{}", anxin_domain::clock_text::minute_stamp(&tomorrow_at(10)));

    // Who may join: with the consent, once, for a counsellor on duty.
    let (early, late) = (phones.id(), phones.id());
    let (other, another, unknown) = (phones.id(), phones.id(), phones.id());
    let refused = phones.send_at(WITHOUT_CONSENT, Utc::now(), vec![join(&other, None, None)]).await;
    assert_eq!(rejected(&refused[0]), Some(ErrorCode::ConsentRequired));
    let outcomes = phones
        .send_at(
            EARLY,
            Utc::now(),
            vec![
                join(&early, Some("C-0001"), Some(Mode::Phone)),
                join(&another, None, None),
                join(&unknown, Some("C-0009"), None),
            ],
        )
        .await;
    assert_eq!(outcomes[0], Outcome::Applied);
    assert_eq!(rejected(&outcomes[1]), Some(ErrorCode::OnWaitlist));
    assert_eq!(rejected(&outcomes[2]), Some(ErrorCode::InvalidBooking), "not on duty");
    let outcome = phones.send_at(LATE, Utc::now(), vec![join(&late, None, None)]).await;
    assert_eq!(outcome, [Outcome::Applied]);
    // Nobody leaves another's entry.
    let leave_early = Change::WaitlistLeave { entry_id: early.clone() };
    let outcome = phones.send_at(LATE, Utc::now(), vec![leave_early.clone()]).await;
    assert_eq!(rejected(&outcome[0]), Some(ErrorCode::NotOnWaitlist));
    let waiting = entry(&server, EARLY).await;
    assert_eq!((waiting.state.clone(), waiting.offers.len()), (WaitlistState::Waiting, 0));
    assert_eq!(waiting.counsellor_name.as_deref(), Some("孙老师"));

    // New duty hours of C-0002: offered to whoever waits for any counsellor.
    let more = anxin_domain::fixtures::daily_plan("C-0002", &[14, 15, 16, 17], Mode::Online);
    store.publish_plan(&more, Utc::now()).unwrap();
    let (open, _) = offered(&entry(&server, LATE).await);
    assert_eq!(open.len(), 3, "a few of the new hours, nearest first: {open:?}");
    assert!(open.iter().all(|k| k.starts_with("C-0002/")), "{open:?}");
    assert!(entry(&server, EARLY).await.offers.is_empty(), "waits for C-0001 by phone");

    // The holder cancels: the slot is offered to both.
    let cancel = Change::BookingCancel { booking_id: held, reason: "临时有课".into() };
    assert_eq!(phones.send_at(HOLDER, Utc::now(), vec![cancel]).await, [Outcome::Applied]);
    assert_eq!(offered(&entry(&server, EARLY).await).0, std::slice::from_ref(&slot));
    assert!(offered(&entry(&server, LATE).await).0.contains(&slot));

    // The later waiter's request arrives first: theirs; the other sees it
    // gone and waits on.
    let (first, second) = (phones.id(), phones.id());
    assert_eq!(
        phones.send_at(LATE, Utc::now(), vec![book(first, "C-0001", 10)]).await,
        [Outcome::Applied]
    );
    assert_eq!(
        phones.send_at(EARLY, Utc::now(), vec![book(second, "C-0001", 10)]).await,
        [Outcome::Applied]
    );
    let late_entry = entry(&server, LATE).await;
    assert!(matches!(late_entry.state, WaitlistState::Booked { .. }), "{:?}", late_entry.state);
    assert!(my_bookings(&server, LATE).await[0].slot.is_some());
    let early_entry = entry(&server, EARLY).await;
    assert_eq!(early_entry.state, WaitlistState::Waiting, "stays on the list");
    assert_eq!(offered(&early_entry), (vec![], vec![slot.clone()]));
    let lost = my_bookings(&server, EARLY).await;
    assert_eq!(lost[0].status.as_str(), "slot_taken", "{lost:?}");

    // The export lists the entry; leaving ends it.
    let outcome = phones.send_at(EARLY, Utc::now(), vec![leave_early]).await;
    assert_eq!(outcome, [Outcome::Applied]);
    assert_eq!(entry(&server, EARLY).await.state, WaitlistState::Left);
    let own = phones.export(EARLY).await.waitlist;
    assert_eq!(
        (own[0].join.entry_id.as_str(), &own[0].state),
        (early.as_str(), &WaitlistState::Left)
    );
}
