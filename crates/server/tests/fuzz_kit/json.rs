//! Structure-aware inputs: a valid JSON document (a seed) with some of its
//! values replaced by wrong ones (wrong types, huge or odd strings,
//! negative and huge numbers, nulls, deep nesting, ids that are not UUIDs,
//! dates that are not dates), fields removed or added, and texts JSON can
//! carry but a Rust value cannot (numbers past 64 bits, lone surrogates).

use chrono::{Duration, Utc};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Raw JSON texts spliced in where a value goes: what no `Value` holds.
pub const RAW_VALUES: [&str; 16] = [
    "18446744073709551616",
    "-9223372036854775809",
    "1e400",
    "-1e400",
    "1.0e-400",
    "-0",
    "0.1e1",
    "123456789012345678901234567890",
    "\"\\ud800\"",
    "\"\\udfff\\ud800\"",
    "\"\\u0000\"",
    "\"a\\u0000b\"",
    "\"\\uFEFF\"",
    "\"\\u202e\\u2066\"",
    "\"\\\\\\\"\"",
    "{\"a\":1,\"a\":2}",
];

/// Strings that look like ids, dates, times and names but are not.
pub const ODD_TEXTS: [&str; 30] = [
    "",
    " ",
    "\t\n",
    "null",
    "0",
    "-1",
    "true",
    "00000000-0000-0000-0000-00000000000g",
    "{00000000-0000-4000-8000-000000000001}",
    "00000000000040008000000000000001",
    "00000000-0000-4000-8000-0000000000011",
    "2026-02-30",
    "2026-13-01",
    "0000-01-01",
    "1900-01-01",
    "9999-12-31",
    "+262143-12-31",
    "-0001-01-01",
    "2026-1-1",
    "2026-01-01T25:61:00Z",
    "24:00:00",
    "07:60",
    "1970-01-01T00:00:00Z",
    "../../etc/passwd",
    "%00",
    "'; DROP TABLE declarations; --",
    "<script>alert(1)</script>",
    "𝕬𝖓𝖝𝖎𝖓 👩‍👩‍👧‍👦",
    "\u{202e}\u{2066}反转",
    "\u{0}\u{1}\u{7f}",
];

/// Words of the wire's enums: a valid word in the wrong place reaches the
/// rules more often than noise does.
pub const WORDS: [&str; 28] = [
    "on_campus",
    "home_in_province",
    "outside_province",
    "normal",
    "home_observation",
    "confirmed",
    "fever",
    "cough",
    "none",
    "leave",
    "sick",
    "other",
    "phone",
    "online",
    "in_person",
    "routine",
    "soon",
    "crisis",
    "in",
    "out",
    "admitted",
    "refused",
    "sent_to_clinic",
    "train",
    "school",
    "class",
    "department",
    "accept",
];

/// One wrong (or oddly right) value.
#[derive(Debug, Clone)]
pub enum Wrong {
    Null,
    Bool(bool),
    Integer(i64),
    Unsigned(u64),
    Float(f64),
    Text(String),
    Odd(usize),
    Word(usize),
    /// `n` copies of a character: past every limit.
    Huge(char, usize),
    /// A day relative to today, as the wire writes days.
    Day(i64),
    /// An instant relative to now, as the wire writes instants.
    Instant(i64),
    Uuid(u128),
    Person(usize),
    Array(Vec<Wrong>),
    Object(Vec<(String, Wrong)>),
    /// Arrays in arrays, this deep.
    Nested(usize),
    Raw(usize),
    /// Takes the value out (a missing field, a shorter array).
    Remove,
    /// Adds a field (an object) or an item (an array); replaces otherwise.
    Extra(String, Box<Wrong>),
}

/// People of the example roster (and ids that are not anyone's).
pub const PEOPLE: [&str; 10] = [
    "2020-0101",
    "2020-0102",
    "2021-0311",
    "T-1001",
    "T-3001",
    "T-3002",
    "C-0001",
    "C-0002",
    "A-0001",
    "X-9999",
];

/// Today at the school, plus `days`.
pub fn day_text(days: i64) -> String {
    let today = anxin_domain::local_day(Utc::now());
    today.checked_add_signed(Duration::days(days)).unwrap_or(today).to_string()
}

pub fn uuid_text(n: u128) -> String {
    let hex = format!("{n:032x}");
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

impl Wrong {
    /// The value, with raw texts as placeholders (see [`to_body`]).
    pub fn value(&self, raws: &mut Vec<String>) -> Value {
        match self {
            Wrong::Null | Wrong::Remove => Value::Null,
            Wrong::Bool(b) => Value::Bool(*b),
            Wrong::Integer(n) => Value::from(*n),
            Wrong::Unsigned(n) => Value::from(*n),
            Wrong::Float(x) => Value::from(*x),
            Wrong::Text(text) => Value::from(text.as_str()),
            Wrong::Odd(i) => Value::from(ODD_TEXTS[i % ODD_TEXTS.len()]),
            Wrong::Word(i) => Value::from(WORDS[i % WORDS.len()]),
            Wrong::Huge(c, n) => Value::from(c.to_string().repeat(*n)),
            Wrong::Day(days) => Value::from(day_text(*days)),
            Wrong::Instant(minutes) => {
                let at = Utc::now().checked_add_signed(Duration::minutes(*minutes));
                Value::from(at.unwrap_or_else(Utc::now).to_rfc3339())
            }
            Wrong::Uuid(n) => Value::from(uuid_text(*n)),
            Wrong::Person(i) => Value::from(PEOPLE[i % PEOPLE.len()]),
            Wrong::Array(items) => Value::Array(items.iter().map(|w| w.value(raws)).collect()),
            Wrong::Object(fields) => {
                Value::Object(fields.iter().map(|(k, w)| (k.clone(), w.value(raws))).collect())
            }
            Wrong::Nested(depth) => {
                let mut value = Value::from(1);
                for _ in 0..*depth {
                    value = Value::Array(vec![value]);
                }
                value
            }
            Wrong::Raw(i) => {
                raws.push(RAW_VALUES[i % RAW_VALUES.len()].to_owned());
                Value::from(placeholder(raws.len() - 1))
            }
            Wrong::Extra(_, wrong) => wrong.value(raws),
        }
    }

    /// The long texts this value puts in a request.
    pub fn texts(&self) -> Vec<String> {
        match self {
            Wrong::Text(text) => vec![text.clone()],
            Wrong::Huge(c, n) if *n >= 24 => vec![c.to_string().repeat(24)],
            Wrong::Array(items) => items.iter().flat_map(Wrong::texts).collect(),
            Wrong::Object(fields) => fields.iter().flat_map(|(_, w)| w.texts()).collect(),
            Wrong::Extra(_, wrong) => wrong.texts(),
            _ => vec![],
        }
    }
}

fn placeholder(i: usize) -> String {
    format!("\u{1}raw{i}\u{1}")
}

fn leaf() -> impl Strategy<Value = Wrong> {
    prop_oneof![
        2 => Just(Wrong::Null),
        1 => any::<bool>().prop_map(Wrong::Bool),
        3 => any::<i64>().prop_map(Wrong::Integer),
        2 => prop_oneof![Just(0i64), Just(-1), Just(1), Just(i64::MIN), Just(i64::MAX), Just(365),
            Just(460), Just(u16::MAX as i64 + 1)].prop_map(Wrong::Integer),
        1 => prop_oneof![Just(u64::MAX), Just(i64::MAX as u64 + 1), any::<u64>()].prop_map(Wrong::Unsigned),
        1 => prop_oneof![Just(-0.0f64), Just(1.5), Just(f64::MAX), Just(f64::MIN_POSITIVE), any::<f64>()]
            .prop_map(Wrong::Float),
        4 => any::<String>().prop_map(Wrong::Text),
        2 => "\\PC{24,80}".prop_map(Wrong::Text),
        4 => any::<usize>().prop_map(Wrong::Odd),
        3 => any::<usize>().prop_map(Wrong::Word),
        1 => (prop_oneof![Just('a'), Just('字'), Just('😀'), Just('\u{0}'), Just(' ')], 200usize..600_000)
            .prop_map(|(c, n)| Wrong::Huge(c, n)),
        4 => (-40_000i64..40_000).prop_map(|d| Wrong::Day(d / 1000)),
        2 => prop_oneof![(-20_000i64..20_000), any::<i64>().prop_map(|m| m / 1_000_000)]
            .prop_map(Wrong::Instant),
        3 => any::<u128>().prop_map(Wrong::Uuid),
        2 => any::<usize>().prop_map(Wrong::Person),
        1 => (1usize..400).prop_map(Wrong::Nested),
        2 => any::<usize>().prop_map(Wrong::Raw),
    ]
}

/// Any wrong value, containers included.
pub fn wrong() -> impl Strategy<Value = Wrong> {
    leaf().prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Wrong::Array),
            btree_map("[a-z_]{1,12}", inner, 0..4)
                .prop_map(|m| Wrong::Object(m.into_iter().collect())),
        ]
    })
}

/// What to do to a document: a wrong value, a field out, a field in.
pub fn edit() -> impl Strategy<Value = Wrong> {
    prop_oneof![
        6 => wrong(),
        2 => Just(Wrong::Remove),
        1 => ("[a-z_]{1,16}", wrong()).prop_map(|(k, w)| Wrong::Extra(k, Box::new(w))),
    ]
}

/// Up to `most` edits, each at a node picked by its pre-order number
/// (taken modulo the document's size).
pub fn edits(most: usize) -> impl Strategy<Value = Vec<(usize, Wrong)>> {
    vec((any::<usize>(), edit()), 0..=most)
}

fn count(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(count).sum(),
        Value::Object(map) => map.values().map(count).sum(),
        _ => 0,
    }
}

/// Replaces (or adds to) `slot` as `edit` says; `Remove` is the parent's.
fn put(slot: &mut Value, edit: &Wrong, raws: &mut Vec<String>) {
    match (edit, slot) {
        (Wrong::Extra(key, wrong), Value::Object(map)) => {
            map.insert(key.clone(), wrong.value(raws));
        }
        (Wrong::Extra(_, wrong), Value::Array(items)) => items.push(wrong.value(raws)),
        (edit, slot) => *slot = edit.value(raws),
    }
}

/// Applies `edit` to the node numbered `target` below `node` (whose own
/// number is `*seen`); true once done.
fn visit(
    node: &mut Value,
    target: usize,
    seen: &mut usize,
    edit: &Wrong,
    raws: &mut Vec<String>,
) -> bool {
    match node {
        Value::Object(map) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            for key in keys {
                *seen += 1;
                if *seen == target {
                    match edit {
                        Wrong::Remove => {
                            map.remove(&key);
                        }
                        _ => put(map.get_mut(&key).expect("a key just listed"), edit, raws),
                    }
                    return true;
                }
                if visit(map.get_mut(&key).expect("a key just listed"), target, seen, edit, raws) {
                    return true;
                }
            }
        }
        Value::Array(items) => {
            for i in 0..items.len() {
                *seen += 1;
                if *seen == target {
                    match edit {
                        Wrong::Remove => {
                            items.remove(i);
                        }
                        _ => put(&mut items[i], edit, raws),
                    }
                    return true;
                }
                if visit(&mut items[i], target, seen, edit, raws) {
                    return true;
                }
            }
        }
        _ => {}
    }
    false
}

/// A document with the edits applied, and the raw texts it refers to.
pub struct Edited {
    pub value: Value,
    pub raws: Vec<String>,
    /// The long texts put in (an error message must not repeat them).
    pub texts: Vec<String>,
}

pub fn apply(seed: &Value, edits: &[(usize, Wrong)]) -> Edited {
    let mut value = seed.clone();
    let mut raws = Vec::new();
    let mut texts = Vec::new();
    for (target, edit) in edits {
        texts.extend(edit.texts());
        let target = target % count(&value);
        if target == 0 {
            put(&mut value, edit, &mut raws);
        } else {
            visit(&mut value, target, &mut 0, edit, &mut raws);
        }
    }
    Edited { value, raws, texts: crate::fuzz_kit::long_texts(texts.iter().map(String::as_str)) }
}

/// The JSON text of an edited document, raw texts spliced in.
pub fn to_body(edited: &Edited) -> Vec<u8> {
    let mut text = serde_json::to_string(&edited.value).expect("a value serializes");
    for (i, raw) in edited.raws.iter().enumerate() {
        let quoted = serde_json::to_string(&placeholder(i)).expect("a string serializes");
        text = text.replace(&quoted, raw);
    }
    text.into_bytes()
}

/// The fields of an object value (for seeds built in code).
pub fn object(fields: &[(&str, Value)]) -> Value {
    Value::Object(fields.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect::<Map<_, _>>())
}
