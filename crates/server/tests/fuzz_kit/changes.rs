//! Every kind of change a push carries, built from knobs a case turns:
//! the day, the ids, the temperature, the texts, whom it names. The
//! values stay mostly in the shapes the wire takes (so the rules judge
//! them), wrong often enough (a day long past or ahead, an id used twice,
//! a text past its limit) to reach every refusal.

use anxin_domain::report::Covered;
use chrono::{Duration, Utc};
use proptest::prelude::*;
use serde_json::{json, Value};

use super::json::{day_text, uuid_text, PEOPLE};
use super::world::BOOKINGS;

/// The kinds of change, in the order [`change`] builds them.
pub const KINDS: [&str; 20] = [
    "declaration_revision",
    "booking_request",
    "booking_cancel",
    "report.record_reason",
    "report.send_back",
    "report.remind",
    "report.remind_signers",
    "report.sign",
    "report.return",
    "gate_record",
    "end_observation",
    "return_apply",
    "return_decide",
    "visitor_register",
    "visitor_decide",
    "visitor_at_gate",
    "notice_seen",
    "consent",
    "wellbeing",
    "deletion_request",
];

/// An id: new, one of a few shared by many cases (so that ids are used
/// twice, and records refer to records made before), or not an id.
#[derive(Debug, Clone)]
pub enum Id {
    Fresh(u128),
    Shared(usize),
    Booking(usize),
    Malformed(String),
}

/// Ids many cases share.
pub const SHARED_IDS: usize = 12;

pub fn id() -> impl Strategy<Value = Id> {
    prop_oneof![
        8 => any::<u128>().prop_map(Id::Fresh),
        3 => (0..SHARED_IDS).prop_map(Id::Shared),
        1 => (0..BOOKINGS.len()).prop_map(Id::Booking),
        1 => "[0-9a-zA-Z{}-]{0,40}".prop_map(Id::Malformed),
    ]
}

impl Id {
    pub fn text(&self) -> String {
        match self {
            Id::Fresh(n) => uuid_text(*n & !(0xF << 76) | (0x4 << 76)),
            Id::Shared(i) => uuid_text(0x5eed_0000 + *i as u128),
            Id::Booking(i) => BOOKINGS[i % BOOKINGS.len()].to_owned(),
            Id::Malformed(text) => text.clone(),
        }
    }
}

/// A text field: ordinary, empty, blank, past its limit, or odd.
#[derive(Debug, Clone)]
pub enum Text {
    Ordinary,
    Empty,
    Blank,
    Long(usize),
    Any(String),
}

pub fn text() -> impl Strategy<Value = Text> {
    prop_oneof![
        8 => Just(Text::Ordinary),
        2 => Just(Text::Empty),
        1 => Just(Text::Blank),
        2 => (1usize..2_000).prop_map(Text::Long),
        2 => any::<String>().prop_map(Text::Any),
    ]
}

impl Text {
    fn or(&self, ordinary: &str) -> String {
        match self {
            Text::Ordinary => ordinary.to_owned(),
            Text::Empty => String::new(),
            Text::Blank => " \t ".to_owned(),
            Text::Long(n) => "长".repeat(*n),
            Text::Any(text) => text.clone(),
        }
    }
}

/// What a change is made of.
#[derive(Debug, Clone)]
pub struct Knobs {
    /// Days from today at the school (mostly the 14 days a phone keeps).
    pub day: i64,
    /// Days a range lasts (a leave), or ahead (a visit, a return).
    pub span: i64,
    pub record: Id,
    /// Another record it is about (a revision, a booking, a visitor).
    pub about: Id,
    /// Tenths of a degree.
    pub tenths: u16,
    pub second_reading: Option<u16>,
    pub text: Text,
    pub other_text: Text,
    pub person: usize,
    pub flag: bool,
    /// Picks among a field's words (a kind, a mode, a scope).
    pub pick: usize,
    pub number: u32,
}

pub fn knobs() -> impl Strategy<Value = Knobs> {
    let day = prop_oneof![
        8 => -16i64..=2,
        1 => -40_000i64..40_000,
        1 => prop_oneof![Just(-365 * 200), Just(365 * 200)],
    ];
    let tenths = prop_oneof![8 => 355u16..=395, 2 => 340u16..=430, 1 => any::<u16>()];
    (
        (day, -2i64..40, id(), id()),
        (tenths, prop::option::weighted(0.2, 360u16..=400), text(), text()),
        (0..PEOPLE.len(), any::<bool>(), any::<usize>(), prop_oneof![0u32..4, any::<u32>()]),
    )
        .prop_map(
            |(
                (day, span, record, about),
                (tenths, second, text, other),
                (person, flag, pick, number),
            )| {
                Knobs {
                    day,
                    span,
                    record,
                    about,
                    tenths,
                    second_reading: second,
                    text,
                    other_text: other,
                    person,
                    flag,
                    pick,
                    number,
                }
            },
        )
}

fn pick<'a>(words: &[&'a str], i: usize) -> &'a str {
    words[i % words.len()]
}

fn scope(k: &Knobs) -> Value {
    match k.pick % 4 {
        0 => json!({"class": pick(&["软件2001", "软件2002", "国际2101", "无此班"], k.pick / 4)}),
        1 => json!({"department": pick(&["信息工程学院", "国际教育学院", "无此院"], k.pick / 4)}),
        2 => json!("school"),
        _ => json!({"class": k.text.or("软件2001")}),
    }
}

fn answers(k: &Knobs) -> Value {
    let mut answers =
        serde_json::to_value(anxin_domain::fixtures::normal_answers()).expect("answers serialize");
    answers["temperature"] = json!(k.tenths);
    answers["remarks"] = json!(k.other_text.or(""));
    let kind = pick(&["on_campus", "home_in_province", "outside_province"], k.pick);
    answers["location"] =
        json!({"kind": kind, "city": k.text.or("海口"), "district": k.text.or("美兰区")});
    answers["status"] = json!(pick(
        &["normal", "home_observation", "medical_isolation", "suspected", "confirmed"],
        k.pick / 3
    ));
    if k.flag {
        answers["symptoms"] =
            json!([pick(&["fever", "cough", "sore_throat", "fatigue"], k.pick / 7)]);
        answers["left_province"] = json!(true);
        answers["returned_on"] = json!(day_text(k.day - k.span));
    }
    answers
}

/// The change `kind` (an index of [`KINDS`]) made from `k`.
pub fn change(kind: usize, k: &Knobs) -> Value {
    let person = PEOPLE[k.person % PEOPLE.len()];
    let day = day_text(k.day);
    let record = k.record.text();
    let about = k.about.text();
    match kind % KINDS.len() {
        0 => json!({"declaration_revision": {
            "day": day,
            "revision_id": record,
            "answers": answers(k),
            "correction_reason": if k.flag { json!(k.other_text.or("量错了，重新测量")) } else { json!(null) },
        }}),
        1 => {
            let start =
                format!("{}T{:02}:00:00", day_text(k.day.clamp(-2, 40) + 1), 9 + k.pick % 8);
            let counsellor = pick(&["C-0001", "C-0002", "T-1001"], k.pick);
            let wanted = if k.flag {
                json!({"slot": {"counsellor_id": counsellor, "start": start}})
            } else {
                json!({"first_available": {"from": start, "mode": null}})
            };
            let replaces = if k.number == 1 {
                json!({"booking_id": about, "reason": k.other_text.or("换个时间")})
            } else {
                json!(null)
            };
            json!({"booking_request": {
                "booking_id": record,
                "wanted": wanted,
                "topic": k.text.or("考试焦虑"),
                "phone": pick(&["138 0000 0001", "13800000001", "12", "+86 138 0000 0001"], k.pick / 3),
                "anonymous": k.flag,
                "urgency": pick(&["routine", "soon", "crisis"], k.pick / 5),
                "replaces": replaces,
            }})
        }
        2 => json!({"booking_cancel": {"booking_id": about, "reason": k.text.or("已经好多了")}}),
        3 => json!({"report": {"record_reason": {
            "reason_id": record,
            "person_id": person,
            "from": day,
            "to": day_text(k.day + k.span),
            "kind": pick(&["leave", "sick", "no_phone", "unreachable", "other"], k.pick),
            "note": k.text.or("事假，已批准"),
        }}}),
        4 => json!({"report": {"send_back": {
            "send_back_id": record,
            "person_id": person,
            "day": day,
            "revision_id": about,
            "comment": k.text.or("测量时间填错了，请更正"),
        }}}),
        5 => json!({"report": {"remind": {"reminder_id": record, "scope": scope(k), "day": day}}}),
        6 => {
            json!({"report": {"remind_signers": {"reminder_id": record, "scope": scope(k), "day": day}}})
        }
        7 => json!({"report": {"sign": {
            "signature_id": record,
            "scope": scope(k),
            "day": day,
            "covered": serde_json::to_value(Covered::default()).expect("covered serializes"),
        }}}),
        8 => json!({"report": {"return": {
            "return_id": record,
            "scope": scope(k),
            "day": day,
            "version": k.number,
            "reason": k.text.or("数字有误"),
        }}}),
        9 => {
            let who = if k.flag {
                json!({"by_id": person})
            } else {
                json!({"pass": k.other_text.or("AX1:NOTAPASS")})
            };
            let mut readings = vec![json!(k.tenths)];
            readings.extend(k.second_reading.map(|t| json!(t)));
            json!({"gate_record": {
                "record_id": record,
                "gate": k.text.or("东门"),
                "direction": pick(&["in", "out"], k.pick),
                "who": who,
                "readings": readings,
                "symptoms": if k.number == 1 { json!(["cough"]) } else { json!([]) },
                "decision": pick(&["admitted", "refused", "sent_to_clinic"], k.pick / 2),
            }})
        }
        10 => {
            json!({"end_observation": {"person_id": person, "reason": k.text.or("校医院排除，核酸阴性")}})
        }
        11 => json!({"return_apply": {
            "application_id": record,
            "planned_on": day_text(k.span),
            "from_where": k.text.or("广东省广州市"),
            "transport": pick(&["train", "plane", "coach", "car", "other"], k.pick),
            "transport_detail": k.other_text.or("D7321"),
            "symptom_free_14_days": k.flag,
        }}),
        12 => json!({"return_decide": {
            "application_id": about,
            "approve": k.flag,
            "reason": k.text.or("请核酸检测后再申请"),
        }}),
        13 => json!({"visitor_register": {
            "visitor_id": record,
            "name": k.text.or("王先生"),
            "phone": pick(&["13912345678", "0898-66123456", "123", "+86 139 1234 5678"], k.pick),
            "id_last4": pick(&["123X", "0000", "12", "abcd"], k.pick / 4),
            "plate": if k.flag { json!(pick(&["琼A12345", "琼AD12345", "美A12345"], k.pick / 16)) } else { json!(null) },
            "day": day_text(k.span),
            "reason": k.other_text.or("送材料"),
        }}),
        14 => json!({"visitor_decide": {
            "visitor_id": about,
            "approve": k.flag,
            "reason": if k.number == 1 { json!(null) } else { json!(k.text.or("同意")) },
        }}),
        15 => {
            if k.flag {
                json!({"visitor_at_gate": {"visitor": {
                    "record_id": record,
                    "visitor_id": about,
                    "direction": pick(&["in", "out"], k.pick),
                    "temperature": k.tenths,
                    "decision": pick(&["admitted", "refused", "sent_to_clinic"], k.pick / 2),
                }}})
            } else {
                json!({"visitor_at_gate": {"unregistered": {"record_id": record, "typed": k.text.or("琼B54321")}}})
            }
        }
        16 => json!({"notice_seen": {
            "seen_id": record,
            "version": k.text.or("2026-12-01"),
            "hash": k.other_text.or("0000"),
        }}),
        17 => json!({"consent": {
            "consent_id": record,
            "purpose": pick(&["counselling", "wellbeing"], k.pick),
            "given": k.flag,
        }}),
        19 => {
            json!({"deletion_request": {"request_id": record, "note": k.text.or("请删除我的心情记录")}})
        }
        _ => json!({"wellbeing": {
            "answer_id": record,
            "day": day,
            "feeling": pick(&["fine", "worried", "very_low"], k.pick),
        }}),
    }
}

/// The device's clock for a mutation: minutes from now (mostly close).
pub fn device_time(minutes: i64) -> String {
    Utc::now().checked_add_signed(Duration::minutes(minutes)).unwrap_or_else(Utc::now).to_rfc3339()
}
