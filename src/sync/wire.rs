//! The sync protocol's JSON as this device reads and writes it: that of
//! `anxin_domain::sync::{Change, Mutation, Quarantined, PullResponse}`,
//! byte for byte, with one difference: the oversight side's records (a
//! report action, a note sent back, a reminder) are kept as JSON text.
//! Only the staff bundle makes report actions and decodes them; the
//! students' app queues, sends, sets aside and stores them without
//! decoding them in full, and so carries none of their decoding code (the
//! first load's size budget). The tests below hold the shapes together.

use anxin_domain::counselling::{BookingRequest, MyBooking};
use anxin_domain::declaration::DeclarationAnswers;
use anxin_domain::revision::Revision;
use anxin_domain::sync::{Mutation, Quarantined, ServerRevision};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// A record's JSON, kept as it came (or as the staff bundle wrote it).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct JsonText(Box<RawValue>);

impl JsonText {
    /// The JSON text.
    pub fn text(&self) -> &str {
        self.0.get()
    }

    /// Decodes it as `T`.
    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_str(self.text()).ok()
    }

    /// Wraps JSON text made by `serde_json` (the staff bundle's encoder).
    pub fn from_text(text: String) -> Option<Self> {
        RawValue::from_string(text).ok().map(Self)
    }
}

impl PartialEq for JsonText {
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text()
    }
}

impl Eq for JsonText {}

/// `anxin_domain::sync::Change` as the device keeps it (see the module).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceChange {
    DeclarationRevision {
        day: NaiveDate,
        revision_id: String,
        answers: DeclarationAnswers,
        correction_reason: Option<String>,
    },
    BookingRequest(BookingRequest),
    BookingCancel {
        booking_id: String,
        reason: String,
    },
    Report(JsonText),
    /// A guard's record (the gate bundle makes and decodes it).
    GateRecord(JsonText),
    /// An office ends an isolation observation (the report bundle's).
    EndObservation(JsonText),
    /// Queued under the application's own id (the mutation's), so the
    /// phone never decodes it again.
    ReturnApply(JsonText),
    /// Made by the report bundle only (as a report action is).
    ReturnDecide(JsonText),
    /// Visitors' mutations (the staff bundle writes them): kept as text
    /// like the report's.
    VisitorRegister(JsonText),
    VisitorDecide(JsonText),
    VisitorAtGate(JsonText),
    /// The notice the person acknowledged, and their consents (kept as
    /// text: the phone never reads them back).
    NoticeSeen(JsonText),
    Consent(JsonText),
    /// The answer to the optional wellbeing question (kept as text too).
    Wellbeing(JsonText),
    /// A request for deletion (kept as text too).
    DeletionRequest(JsonText),
    /// Joining and leaving the counselling waitlist (the booking page
    /// writes them; kept as text too).
    WaitlistJoin(JsonText),
    WaitlistLeave(JsonText),
}

impl DeviceChange {
    /// The mutation that delivers one revision of a day's declaration.
    pub fn declaration_revision(day: NaiveDate, revision: &Revision) -> Self {
        DeviceChange::DeclarationRevision {
            day,
            revision_id: revision.id.clone(),
            answers: revision.answers.clone(),
            correction_reason: revision.correction_reason.clone(),
        }
    }

    /// The id of the record this change creates, where the device reads
    /// it (`None` for a report action, which is queued under its own
    /// record id: see [`DeviceMutation::record_id`]).
    pub fn record_id(&self) -> Option<&str> {
        match self {
            DeviceChange::DeclarationRevision { revision_id, .. } => Some(revision_id),
            DeviceChange::BookingRequest(request) => Some(&request.booking_id),
            DeviceChange::BookingCancel { booking_id, .. } => Some(booking_id),
            DeviceChange::Report(_)
            | DeviceChange::ReturnApply(_)
            | DeviceChange::ReturnDecide(_)
            | DeviceChange::GateRecord(_)
            | DeviceChange::EndObservation(_)
            | DeviceChange::VisitorRegister(_)
            | DeviceChange::VisitorDecide(_)
            | DeviceChange::VisitorAtGate(_)
            | DeviceChange::NoticeSeen(_)
            | DeviceChange::Consent(_)
            | DeviceChange::Wellbeing(_)
            | DeviceChange::DeletionRequest(_)
            | DeviceChange::WaitlistJoin(_)
            | DeviceChange::WaitlistLeave(_) => None,
        }
    }
}

/// `anxin_domain::sync::Mutation` as the device keeps it.
pub type DeviceMutation = Mutation<DeviceChange>;

/// `anxin_domain::sync::Quarantined`: refused for good, kept for export.
pub type Refused = Quarantined<DeviceChange>;

/// The record whose delivery a mutation decides (a report action's own
/// record id).
pub fn record_of(mutation: &DeviceMutation) -> &str {
    mutation.change.record_id().unwrap_or(&mutation.id)
}

/// `anxin_domain::sync::PushRequest`, borrowed.
#[derive(Debug, Serialize)]
pub struct PushBody<'a> {
    pub protocol_version: u32,
    pub client_id: &'a str,
    pub mutations: &'a [DeviceMutation],
}

/// `anxin_domain::sync::PullResponse`, its notes as JSON text.
#[derive(Debug, Deserialize)]
pub struct PullPage {
    pub changes: Vec<PulledItem>,
    pub cursor: u64,
    pub more: bool,
    /// Today's pass, on the last page.
    #[serde(default)]
    pub pass: Option<String>,
    /// The first day the server keeps after a retention purge, on the last
    /// page: the phone wipes its own days before it.
    #[serde(default)]
    pub kept_from: Option<chrono::NaiveDate>,
}

/// `anxin_domain::sync::PulledChange`, its notes as JSON text (see
/// `storage::notes`, which keeps them).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PulledItem {
    DeclarationRevision(ServerRevision),
    Booking(MyBooking),
    SentBack(JsonText),
    Reminder(JsonText),
    RemindersSent(JsonText),
    /// `anxin_domain::campus_return::ReturnStanding`, kept as text.
    ReturnApplication(JsonText),
    /// A visitor the person hosts (see `storage::visitors`).
    Visitor(JsonText),
    /// The person's request for deletion as it stands (`state::privacy`).
    DeletionRequest(anxin_domain::privacy::deletion::DeletionStanding),
    /// The person's waitlist entry as it stands (see `storage::waitlist`).
    Waitlist(JsonText),
}

#[cfg(test)]
mod tests {
    use anxin_domain::counselling::{Urgency, Wanted};
    use anxin_domain::fixtures::normal_answers;
    use anxin_domain::report::{ReminderKind, ReminderNote, RemindersSent, SentBackNote};
    use anxin_domain::report::{ReportAction, Scope};
    use anxin_domain::sync::{Change, PullResponse, PulledChange, PushRequest};
    use anxin_domain::ErrorCode;
    use chrono::{TimeZone, Utc};

    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 2, 10).unwrap()
    }

    fn changes() -> Vec<Change> {
        let request = BookingRequest {
            booking_id: "b1".into(),
            wanted: Wanted::FirstAvailable {
                from: day().and_hms_opt(9, 0, 0).unwrap(),
                mode: None,
            },
            topic: String::new(),
            phone: "13800000001".into(),
            anonymous: false,
            urgency: Urgency::Routine,
            replaces: None,
        };
        vec![
            Change::DeclarationRevision {
                day: day(),
                revision_id: "r1".into(),
                answers: normal_answers(),
                correction_reason: Some("typo".into()),
            },
            Change::BookingRequest(request),
            Change::BookingCancel { booking_id: "b1".into(), reason: "ill".into() },
            Change::Report(ReportAction::Remind {
                reminder_id: "m1".into(),
                scope: Scope::Class("软件2001".into()),
                day: day(),
            }),
            Change::GateRecord(anxin_domain::gate::GateRecord {
                record_id: "g1".into(),
                gate: "东门".into(),
                direction: anxin_domain::gate::Direction::In,
                who: anxin_domain::gate::Identified::ById("2020-0101".into()),
                readings: vec![anxin_domain::declaration::Temperature::from_tenths(382); 2],
                symptoms: vec![anxin_domain::gate::GateSymptom::Cough],
                decision: anxin_domain::gate::GateDecision::SentToClinic,
            }),
            Change::EndObservation { person_id: "2020-0101".into(), reason: "排除".into() },
            Change::ReturnApply(anxin_domain::campus_return::ReturnRequest {
                application_id: "a1".into(),
                planned_on: day(),
                from_where: "海口".into(),
                transport: anxin_domain::campus_return::Transport::Train,
                transport_detail: "D1".into(),
                symptom_free_14_days: true,
            }),
            Change::ReturnDecide {
                application_id: "a1".into(),
                approve: false,
                reason: "x".into(),
            },
            Change::NoticeSeen(anxin_domain::privacy::NoticeSeen {
                seen_id: "s1".into(),
                version: "2026-12-01".into(),
                hash: "ab".into(),
            }),
            Change::Consent(anxin_domain::privacy::Consent {
                consent_id: "c1".into(),
                purpose: anxin_domain::privacy::Purpose::Wellbeing,
                given: true,
            }),
            Change::DeletionRequest(anxin_domain::privacy::deletion::DeletionRequest {
                request_id: "d1".into(),
                note: "心情记录".into(),
            }),
            Change::Wellbeing(anxin_domain::counselling::wellbeing::WellbeingAnswer {
                answer_id: "w1".into(),
                day: day(),
                feeling: anxin_domain::counselling::wellbeing::Feeling::VeryLow,
            }),
        ]
    }

    #[test]
    fn test_device_changes_are_the_wire_changes() {
        for change in changes() {
            let wire = serde_json::to_string(&change).unwrap();
            let device: DeviceChange = serde_json::from_str(&wire).unwrap();
            assert_eq!(serde_json::to_string(&device).unwrap(), wire);
            if let Some(id) = device.record_id() {
                assert_eq!(id, change.record_id());
            }
        }
    }

    #[test]
    fn test_a_push_and_a_refusal_read_as_the_servers() {
        let at = Utc.with_ymd_and_hms(2020, 2, 10, 1, 0, 0).unwrap();
        let wire: Vec<Mutation> = changes()
            .into_iter()
            .enumerate()
            .map(|(i, change)| Mutation {
                id: format!("m{i}"),
                seq: i as u64 + 1,
                device_time: at,
                change,
            })
            .collect();
        let device: Vec<DeviceMutation> =
            serde_json::from_str(&serde_json::to_string(&wire).unwrap()).unwrap();
        let body = PushBody { protocol_version: 1, client_id: "c", mutations: &device };
        let read: PushRequest =
            serde_json::from_str(&serde_json::to_string(&body).unwrap()).unwrap();
        assert_eq!(read.mutations, wire);
        let quarantined =
            Quarantined { mutation: wire[3].clone(), code: ErrorCode::ReminderCap, fields: vec![] };
        let refused: Refused =
            serde_json::from_str(&serde_json::to_string(&quarantined).unwrap()).unwrap();
        assert_eq!(record_of(&refused.mutation), "m3");
        assert_eq!(refused.code, ErrorCode::ReminderCap);
    }

    #[test]
    fn test_a_pull_page_reads_as_the_servers_with_notes_as_text() {
        let at = Utc.with_ymd_and_hms(2020, 2, 10, 1, 0, 0).unwrap();
        let sent_back = SentBackNote {
            send_back_id: "s1".into(),
            day: day(),
            revision_id: "r1".into(),
            comment: "体温填错了".into(),
            by_name: "张老师".into(),
            at,
        };
        let reminder = ReminderNote {
            reminder_id: "m1".into(),
            day: day(),
            kind: ReminderKind::Sign(Scope::Class("软件2001".into())),
            by_name: "刘主任".into(),
            at,
        };
        let sent = RemindersSent {
            reminder_id: "m2".into(),
            scope: Scope::School,
            day: day(),
            reminded: 2,
            at_cap: 1,
        };
        let page = PullResponse {
            protocol_version: 1,
            changes: vec![
                PulledChange::SentBack(sent_back.clone()),
                PulledChange::Reminder(reminder.clone()),
                PulledChange::RemindersSent(sent.clone()),
            ],
            cursor: 9,
            more: false,
            pass: None,
            kept_from: None,
        };
        let read: PullPage = serde_json::from_str(&serde_json::to_string(&page).unwrap()).unwrap();
        assert_eq!((read.cursor, read.more, read.changes.len()), (9, false, 3));
        match &read.changes[..] {
            [PulledItem::SentBack(a), PulledItem::Reminder(b), PulledItem::RemindersSent(c)] => {
                assert_eq!(a.decode::<SentBackNote>(), Some(sent_back));
                assert_eq!(b.decode::<ReminderNote>(), Some(reminder));
                assert_eq!(c.decode::<RemindersSent>(), Some(sent));
            }
            other => panic!("read as {other:?}"),
        }
    }
}
