//! The domain's decoders of outside input, fuzzed: the sync wire (pushes
//! the server reads, pages the phone reads) and its judgement, the
//! directory the phone keeps, the roster's lines, and the small texts
//! people type (times, days, temperatures, plates, phones, scopes, codes).
//! Never a panic; what is refused is refused with what is wrong (a code,
//! a field, a line and a column); what is accepted reads back the same.

mod fuzz_kit;

use std::collections::HashSet;

use anxin_domain::clock_text::{hh_mm, parse_day, parse_hh_mm};
use anxin_domain::declaration::Temperature;
use anxin_domain::profile::is_valid_person_id;
use anxin_domain::report::Scope;
use anxin_domain::roster::{parse_roster, COLUMNS};
use anxin_domain::sync::{check_mutation, checked_answers, Change, PullResponse, PushRequest};
use anxin_domain::visitor::phone::parse_phone;
use anxin_domain::visitor::plate::parse_plate;
use anxin_domain::{Directory, ErrorCode, HotlineKind};
use chrono::{DateTime, Utc};
use fuzz_kit::{Verdict, Wrong};
use proptest::collection::vec;
use proptest::prelude::*;
use serde_json::Value;

const DOC: &str = include_str!("../../../docs/sync-protocol.md");

/// The JSON block following `<!-- example: NAME -->` in the protocol's doc.
fn example(name: &str) -> Value {
    let marker = format!("<!-- example: {name} -->");
    let after = &DOC[DOC.find(&marker).unwrap_or_else(|| panic!("no example {name}"))..];
    let start = after.find("```json\n").expect("a json block") + "```json\n".len();
    let end = after[start..].find("```").expect("the block ends");
    serde_json::from_str(&after[start..start + end]).expect("the example is JSON")
}

const PUSHES: [&str; 4] = ["PushRequest", "BookingPush", "ReportPush", "GatePush"];
const PULLS: [&str; 3] = ["PullResponse", "BookingPull", "ReportPull"];

/// A document made from a seed: edited, or cut into bytes.
#[derive(Debug, Clone)]
enum Doc {
    Edited(usize, Vec<(usize, Wrong)>),
    Cut(usize, usize),
    Bytes(Vec<u8>),
}

fn doc() -> impl Strategy<Value = Doc> {
    prop_oneof![
        8 => (any::<usize>(), fuzz_kit::edits(4)).prop_map(|(s, e)| Doc::Edited(s, e)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(s, at)| Doc::Cut(s, at)),
        1 => vec(any::<u8>(), 0..256).prop_map(Doc::Bytes),
    ]
}

impl Doc {
    fn bytes(&self, seeds: &[Value]) -> Vec<u8> {
        match self {
            Doc::Edited(seed, edits) => {
                serde_json::to_vec(&fuzz_kit::apply(&seeds[seed % seeds.len()], edits)).unwrap()
            }
            Doc::Cut(seed, at) => {
                let bytes = serde_json::to_vec(&seeds[seed % seeds.len()]).unwrap();
                bytes[..at % bytes.len()].to_vec()
            }
            Doc::Bytes(bytes) => bytes.clone(),
        }
    }
}

#[test]
fn fuzz_push_wire_and_judgement() {
    let seeds: Vec<Value> = PUSHES.iter().map(|name| example(name)).collect();
    fuzz_kit::run("push_wire", doc(), |doc| {
        let Ok(request) = serde_json::from_slice::<PushRequest>(&doc.bytes(&seeds)) else {
            return Ok(Verdict::Unread);
        };
        let now: DateTime<Utc> = std::time::SystemTime::now().into();
        for mutation in &request.mutations {
            // Judged alone: accepted, or refused with a code of the list.
            if let Err(rejection) = check_mutation(mutation, now) {
                if ErrorCode::parse(rejection.code.as_str()) != Some(rejection.code) {
                    return Err(format!("a refusal without a code: {rejection:?}"));
                }
            }
            if let Change::DeclarationRevision { answers, day, .. } = &mutation.change {
                if let Err(fields) = checked_answers(answers, *day) {
                    if fields.is_empty() {
                        return Err("answers refused with no field named".into());
                    }
                }
            }
        }
        Ok(Verdict::Decided)
    });
}

#[test]
fn fuzz_pull_wire() {
    let seeds: Vec<Value> = PULLS.iter().map(|name| example(name)).collect();
    fuzz_kit::run("pull_wire", doc(), |doc| {
        let bytes = doc.bytes(&seeds);
        match serde_json::from_slice::<PullResponse>(&bytes) {
            Ok(page) => {
                // What the phone keeps reads back as it came.
                let again: PullResponse =
                    serde_json::from_slice(&serde_json::to_vec(&page).unwrap())
                        .map_err(|e| format!("a page that does not read back: {e}"))?;
                if again != page {
                    return Err("a page that reads back otherwise".into());
                }
                Ok(Verdict::Decided)
            }
            Err(err) if err.line() > 0 || bytes.is_empty() => Ok(Verdict::Unread),
            Err(err) => Err(format!("refused at no place: {err}")),
        }
    });
}

#[test]
fn fuzz_directory_json() {
    let seeds = vec![serde_json::to_value(Directory::default()).unwrap()];
    fuzz_kit::run("directory_json", doc(), |doc| {
        let Ok(directory) = serde_json::from_slice::<Directory>(&doc.bytes(&seeds)) else {
            return Ok(Verdict::Unread);
        };
        let _ = directory.validate();
        // The bar always has the national line, the ambulance and the police.
        let bar = directory.bar_hotlines();
        for kind in [HotlineKind::National, HotlineKind::Ambulance, HotlineKind::Police] {
            if !bar.iter().any(|line| line.kind == kind) {
                return Err(format!("the hotline bar lacks {kind:?}"));
            }
        }
        let (shown, more) = directory.bar_split();
        if shown.len() + more.len() != bar.len() {
            return Err("the bar's split loses a line".into());
        }
        Ok(Verdict::Decided)
    });
}

/// Cells the roster knows, wrong in most places.
const CELLS: [&str; 16] = [
    "2020-0101",
    "T-1001",
    "李明",
    "declarant",
    "declarant;advisor",
    "office",
    "admin",
    "guard;counsellor",
    "student",
    "staff",
    "international_student",
    "信息工程学院",
    "软件2001",
    "13800000001",
    "school",
    "teacher",
];

#[derive(Debug, Clone)]
enum RosterCell {
    Known(usize),
    Odd(usize),
    Any(String),
    Long(usize),
}

fn roster_cell() -> impl Strategy<Value = RosterCell> {
    prop_oneof![
        8 => any::<usize>().prop_map(RosterCell::Known),
        2 => any::<usize>().prop_map(RosterCell::Odd),
        2 => any::<String>().prop_map(RosterCell::Any),
        1 => (90usize..200).prop_map(RosterCell::Long),
    ]
}

impl RosterCell {
    fn text(&self) -> String {
        match self {
            RosterCell::Known(i) => CELLS[i % CELLS.len()].to_owned(),
            RosterCell::Odd(i) => fuzz_kit::ODD_TEXTS[i % fuzz_kit::ODD_TEXTS.len()].to_owned(),
            RosterCell::Any(text) => text.clone(),
            RosterCell::Long(n) => "名".repeat(*n),
        }
    }
}

#[test]
fn fuzz_roster_lines() {
    let header = prop_oneof![
        4 => Just(COLUMNS.iter().map(|c| c.to_string()).collect::<Vec<_>>()),
        1 => Just(COLUMNS.iter().map(|c| c.to_string()).collect::<Vec<_>>()).prop_shuffle(),
        1 => vec("[a-z_\u{feff} ]{0,10}", 0..10),
    ];
    let rows = vec(vec(roster_cell(), 0..11), 0..6);
    fuzz_kit::run("roster_lines", (header, rows), |(header, rows)| {
        let rows: Vec<(usize, Vec<String>)> = rows
            .iter()
            .enumerate()
            .map(|(i, cells)| (i + 2, cells.iter().map(RosterCell::text).collect()))
            .collect();
        let lines: HashSet<usize> = rows.iter().map(|(line, _)| *line).chain([1]).collect();
        match parse_roster(&header, rows.clone()) {
            Ok(people) => {
                let mut seen = HashSet::new();
                for person in &people {
                    if !is_valid_person_id(&person.id) || !seen.insert(&person.id) {
                        return Err(format!("accepted an invalid or repeated id {:?}", person.id));
                    }
                }
                Ok(Verdict::Decided)
            }
            Err(errors) => {
                if errors.is_empty() {
                    return Err("refused with no problem named".into());
                }
                for error in &errors {
                    let column_named =
                        COLUMNS.contains(&error.column) || ["header", "*"].contains(&error.column);
                    let text = error.to_string();
                    if !lines.contains(&error.line) || !column_named {
                        return Err(format!("a problem at no place of the file: {text}"));
                    }
                    if !text.starts_with(&format!("line {}, column {}: ", error.line, error.column))
                    {
                        return Err(format!("a problem that does not say where: {text}"));
                    }
                }
                Ok(Verdict::Decided)
            }
        }
    });
}

/// Near-valid texts for the small parsers.
fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        3 => "[0-9 :.,+-]{0,12}",
        2 => "[0-9]{1,3}[.,][0-9]{1,2}",
        2 => "[0-9]{1,2}:[0-9]{1,3}",
        2 => "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}",
        2 => "(琼|粤|京|美)?[A-Za-z·. -]{0,2}[0-9A-Za-z]{3,7}(学|警)?",
        2 => "(\\+86)?[ 0-9-]{5,16}",
        1 => "[a-z_]{0,24}",
        1 => "[0-9a-fA-F]{60,66}",
    ]
}

#[test]
fn fuzz_typed_texts() {
    fuzz_kit::run("typed_texts", typed(), |text| {
        let mut decided = false;
        if let Some(time) = parse_hh_mm(&text) {
            decided = true;
            if parse_hh_mm(&hh_mm(&time)) != Some(time) {
                return Err(format!("{text:?} reads as {time}, which does not read back"));
            }
        }
        if let Some(day) = parse_day(&text) {
            decided = true;
            if parse_day(&day.to_string()) != Some(day) {
                return Err(format!("{text:?} reads as {day}, which does not read back"));
            }
        }
        if let Some(temperature) = Temperature::parse(&text) {
            decided = true;
            if Temperature::parse(&temperature.to_string()) != Some(temperature) {
                return Err(format!("{text:?} reads as {temperature}, which does not read back"));
            }
        }
        if let Some(suggested) = Temperature::suggest(&text) {
            if !suggested.is_plausible() {
                return Err(format!("{text:?} suggests an implausible {suggested}"));
            }
        }
        for parsed in [parse_plate(&text), parse_phone(&text)].into_iter().flatten() {
            decided = true;
            let again = [parse_plate(&parsed), parse_phone(&parsed)];
            if !again.contains(&Some(parsed.clone())) {
                return Err(format!("{text:?} is kept as {parsed:?}, which does not read back"));
            }
        }
        for level in ["school", "class", "department", text.as_str()] {
            if let Some(scope) = Scope::parse(level, Some(&text)) {
                decided = true;
                if matches!(scope, Scope::Class(ref n) | Scope::Department(ref n) if n.trim().is_empty())
                {
                    return Err(format!("a scope with no name from {text:?}"));
                }
            }
        }
        if let Some(code) = ErrorCode::parse(&text) {
            decided = true;
            if code.as_str() != text {
                return Err(format!("{text:?} is the code {code:?}"));
            }
        }
        if let Some(bytes) = anxin_domain::pass::verify::from_hex(&text) {
            decided = true;
            if anxin_domain::pass::verify::to_hex(&bytes) != text.to_ascii_lowercase() {
                return Err(format!("{text:?} is not the key it reads as"));
            }
        }
        Ok(if decided { Verdict::Decided } else { Verdict::Unread })
    });
}
