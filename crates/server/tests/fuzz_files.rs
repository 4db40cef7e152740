//! The files an admin gives the server, fuzzed: the roster CSV
//! (`import-roster`) and the directory TOML (`--directory`). Valid files
//! with wrong cells, columns, keys and values, besides bytes that are not
//! CSV or TOML. Never a panic; every refusal names what is wrong (its line,
//! its column or key), and what is accepted keeps the domain's rules.

mod fuzz_kit;
mod support;

use std::collections::HashSet;

use anxin_domain::profile::is_valid_person_id;
use anxin_domain::roster::{Role, COLUMNS};
use anxin_server::config::{load_directory, ConfigError};
use anxin_server::roster_file::{parse_roster_csv, RosterFileError};
use fuzz_kit::text::{self, RawBody};
use fuzz_kit::{Tally, Verdict};
use proptest::collection::vec;
use proptest::prelude::*;

const EXAMPLE_ROSTER: &str = include_str!("../../../docs/roster.example.csv");
const EXAMPLE_DIRECTORY: &str = include_str!("../../../docs/directory.example.toml");

/// A cell as the fuzzer writes it.
#[derive(Debug, Clone)]
enum Cell {
    Empty,
    Any(String),
    /// A word the roster knows, in a column where it may not belong.
    Word(usize),
    Huge(usize),
    /// Quotes, commas and line breaks inside a cell.
    Tricky(usize),
}

const CELL_WORDS: [&str; 14] = [
    "declarant",
    "advisor",
    "office",
    "counsellor",
    "admin",
    "guard",
    "declarant;advisor",
    "student",
    "staff",
    "foreign_teacher",
    "international_student",
    "school",
    "软件2001",
    "2020-0101",
];

const TRICKY: [&str; 6] = ["a,b", "\"quoted\"", "two\nlines", "\r", "\"", "  padded  "];

fn cell() -> impl Strategy<Value = Cell> {
    prop_oneof![
        2 => Just(Cell::Empty),
        3 => any::<String>().prop_map(Cell::Any),
        4 => any::<usize>().prop_map(Cell::Word),
        1 => (101usize..400).prop_map(Cell::Huge),
        2 => any::<usize>().prop_map(Cell::Tricky),
    ]
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Any(text) => text.clone(),
            Cell::Word(i) => CELL_WORDS[i % CELL_WORDS.len()].to_owned(),
            Cell::Huge(n) => "名".repeat(*n),
            Cell::Tricky(i) => TRICKY[i % TRICKY.len()].to_owned(),
        }
    }
}

/// A roster file: the example's lines with cells changed, columns
/// reordered or left out, lines dropped, added or cut short.
#[derive(Debug, Clone)]
struct RosterCase {
    /// Which columns, in which order (indices into the example's header).
    columns: Vec<usize>,
    unknown_column: bool,
    bom: bool,
    /// Per line: which example line (by index), and cells changed.
    lines: Vec<(usize, Vec<(usize, Cell)>)>,
    /// Cells taken off (or, negative, added to) a line.
    short_line: Option<(usize, i8)>,
    /// Quote cells that need it (a file written by a spreadsheet) or not.
    quote: bool,
    line_end: usize,
    blank_lines: Vec<usize>,
    raw: Option<RawBody>,
}

fn roster_case() -> impl Strategy<Value = RosterCase> {
    let columns = prop_oneof![
        4 => Just((0..COLUMNS.len()).collect::<Vec<_>>()),
        1 => Just((0..COLUMNS.len()).collect::<Vec<_>>()).prop_shuffle(),
        1 => vec(0..COLUMNS.len(), 0..10),
    ];
    (
        (columns, prop::bool::weighted(0.05), any::<bool>()),
        vec((0usize..12, vec((any::<usize>(), cell()), 0..3)), 0..8),
        (
            prop::option::weighted(0.05, (any::<usize>(), -2i8..3)),
            prop::bool::weighted(0.9),
            0usize..3,
        ),
        (vec(any::<usize>(), 0..2), prop::option::weighted(0.1, text::raw_body())),
    )
        .prop_map(
            |(
                (columns, unknown_column, bom),
                lines,
                (short_line, quote, line_end),
                (blank_lines, raw),
            )| {
                RosterCase {
                    columns,
                    unknown_column,
                    bom,
                    lines,
                    short_line,
                    quote,
                    line_end,
                    blank_lines,
                    raw,
                }
            },
        )
}

fn write_cell(text: &str, quote: bool) -> String {
    if quote && text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

impl RosterCase {
    fn bytes(&self) -> Vec<u8> {
        let example: Vec<Vec<String>> = EXAMPLE_ROSTER
            .lines()
            .map(|line| line.split(',').map(str::to_owned).collect())
            .collect();
        let end = ["\n", "\r\n", "\r"][self.line_end];
        let mut header: Vec<String> = self.columns.iter().map(|c| example[0][*c].clone()).collect();
        if self.unknown_column {
            header.push("nickname".into());
        }
        let mut lines =
            vec![header.iter().map(|c| write_cell(c, self.quote)).collect::<Vec<_>>().join(",")];
        for (n, (person, edits)) in self.lines.iter().enumerate() {
            let source = &example[1 + person % (example.len() - 1)];
            let mut cells: Vec<String> = self.columns.iter().map(|c| source[*c].clone()).collect();
            if self.unknown_column {
                cells.push(String::new());
            }
            for (at, cell) in edits {
                if !cells.is_empty() {
                    let at = at % cells.len();
                    cells[at] = cell.text();
                }
            }
            if let Some((line, change)) = self.short_line {
                if line % self.lines.len() == n {
                    match change {
                        c if c < 0 => cells.extend((0..-c).map(|_| "extra".to_owned())),
                        c => cells.truncate(cells.len().saturating_sub(c as usize)),
                    }
                }
            }
            lines.push(
                cells.iter().map(|c| write_cell(c, self.quote)).collect::<Vec<_>>().join(","),
            );
        }
        for at in &self.blank_lines {
            let at = 1 + at % lines.len();
            lines.insert(at.min(lines.len()), String::new());
        }
        let mut text = lines.join(end);
        text.push_str(end);
        let bytes =
            if self.bom { format!("\u{feff}{text}").into_bytes() } else { text.into_bytes() };
        match &self.raw {
            Some(raw) => raw.bytes(&bytes),
            None => bytes,
        }
    }
}

/// Nothing but a byte-order mark and line breaks: a file without a header.
fn blank(bytes: &[u8]) -> bool {
    // The server takes off a byte-order mark, and the CSV reader one more
    // (a file saved twice with one).
    let mut bytes = bytes;
    for _ in 0..2 {
        bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    }
    bytes.iter().all(|b| matches!(b, b'\r' | b'\n'))
}

/// What every outcome of reading a roster must be.
fn judge_roster(bytes: &[u8]) -> Result<Verdict, String> {
    let line_count = 1 + bytes.iter().filter(|b| **b == b'\n').count();
    match parse_roster_csv(bytes) {
        Ok(people) => {
            let mut seen = HashSet::new();
            for person in &people {
                if !is_valid_person_id(&person.id) || !seen.insert(person.id.clone()) {
                    return Err(format!("accepted an invalid or repeated id {:?}", person.id));
                }
                if person.roles.is_empty() || person.name.trim().is_empty() {
                    return Err(format!("accepted {:?} without roles or name", person.id));
                }
                if person.roles.contains(&Role::Declarant) != person.category.is_some() {
                    return Err(format!(
                        "accepted {:?}: a declarant without a category",
                        person.id
                    ));
                }
            }
            Ok(Verdict::Decided)
        }
        Err(RosterFileError::Invalid(errors)) => {
            if errors.is_empty() {
                return Err("refused with no problem named".into());
            }
            for error in &errors {
                let column_named =
                    COLUMNS.contains(&error.column) || ["header", "*"].contains(&error.column);
                if error.line == 0 || error.line > line_count || !column_named {
                    return Err(format!("a problem at no place of the file: {error}"));
                }
                if !error.to_string().starts_with(&format!("line {}, column ", error.line)) {
                    return Err(format!("a problem that names no line: {error}"));
                }
            }
            Ok(Verdict::Decided)
        }
        Err(err @ (RosterFileError::NotUtf8 { line } | RosterFileError::Csv { line, .. })) => {
            if line as usize > line_count || !err.to_string().starts_with("line ") {
                return Err(format!("an unreadable file named at no line: {err}"));
            }
            Ok(Verdict::Unread)
        }
        Err(RosterFileError::Empty) if blank(bytes) => Ok(Verdict::Unread),
        Err(err) => Err(format!("an unexpected refusal: {err}")),
    }
}

#[test]
fn fuzz_roster_csv() {
    let tally = Tally::new("roster_csv");
    fuzz_kit::run(&tally, roster_case(), |case| judge_roster(&case.bytes()));
}

/// A TOML value put where the directory has one.
#[derive(Debug, Clone)]
enum TomlWrong {
    Remove,
    Text(String),
    Integer(i64),
    Float(f64),
    Bool(bool),
    Time(String),
    Array(usize),
    Table,
    /// A key the directory does not have.
    Unknown(String),
}

fn toml_wrong() -> impl Strategy<Value = TomlWrong> {
    prop_oneof![
        2 => Just(TomlWrong::Remove),
        3 => any::<String>().prop_map(TomlWrong::Text),
        3 => prop_oneof![any::<i64>(), -1i64..1_000, Just(i64::MAX), Just(i64::MIN), 340i64..430].prop_map(TomlWrong::Integer),
        1 => any::<f64>().prop_map(TomlWrong::Float),
        1 => any::<bool>().prop_map(TomlWrong::Bool),
        3 => "[0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2})?".prop_map(TomlWrong::Time),
        1 => (0usize..4).prop_map(TomlWrong::Array),
        1 => Just(TomlWrong::Table),
        1 => "[a-z_]{1,12}".prop_map(TomlWrong::Unknown),
    ]
}

impl TomlWrong {
    fn value(&self) -> toml::Value {
        match self {
            TomlWrong::Remove | TomlWrong::Unknown(_) => toml::Value::Boolean(true),
            TomlWrong::Text(text) => toml::Value::String(text.clone()),
            TomlWrong::Integer(n) => toml::Value::Integer(*n),
            TomlWrong::Float(x) => toml::Value::Float(*x),
            TomlWrong::Bool(b) => toml::Value::Boolean(*b),
            TomlWrong::Time(t) => toml::Value::String(t.clone()),
            TomlWrong::Array(n) => toml::Value::Array(vec![toml::Value::Integer(1); *n]),
            TomlWrong::Table => toml::Value::Table(toml::Table::new()),
        }
    }
}

/// Applies `edit` to the `target`-th key (in document order, nested
/// tables and arrays of tables included) below `table`.
fn edit_toml(table: &mut toml::Table, target: usize, seen: &mut usize, edit: &TomlWrong) -> bool {
    let keys: Vec<String> = table.keys().cloned().collect();
    for key in keys {
        if *seen == target {
            match edit {
                TomlWrong::Remove => {
                    table.remove(&key);
                }
                TomlWrong::Unknown(name) => {
                    table.insert(name.clone(), toml::Value::String("?".into()));
                }
                other => {
                    table.insert(key, other.value());
                }
            }
            return true;
        }
        *seen += 1;
        let found = match table.get_mut(&key) {
            Some(toml::Value::Table(inner)) => edit_toml(inner, target, seen, edit),
            Some(toml::Value::Array(items)) => items.iter_mut().any(|item| match item {
                toml::Value::Table(inner) => edit_toml(inner, target, seen, edit),
                _ => false,
            }),
            _ => false,
        };
        if found {
            return true;
        }
    }
    false
}

#[derive(Debug, Clone)]
struct DirectoryCase {
    edits: Vec<(usize, TomlWrong)>,
    raw: Option<RawBody>,
}

#[test]
fn fuzz_directory_toml() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("directory.toml");
    let example: toml::Table = toml::from_str(EXAMPLE_DIRECTORY).expect("the example is TOML");
    let tally = Tally::new("directory_toml");
    let strategy =
        (vec((0usize..40, toml_wrong()), 0..4), prop::option::weighted(0.15, text::raw_body()))
            .prop_map(|(edits, raw)| DirectoryCase { edits, raw });
    fuzz_kit::run(&tally, strategy, |case| {
        let mut table = example.clone();
        for (target, edit) in &case.edits {
            edit_toml(&mut table, *target, &mut 0, edit);
        }
        // (A table the writer cannot put in TOML is no file at all.)
        let Ok(text) = toml::to_string(&table) else { return Ok(Verdict::Unread) };
        let bytes = match &case.raw {
            Some(raw) => raw.bytes(text.as_bytes()),
            None => text.into_bytes(),
        };
        std::fs::write(&path, &bytes).unwrap();
        match load_directory(Some(&path)) {
            Ok(directory) => {
                directory
                    .validate()
                    .map_err(|e| format!("accepted a directory that is not valid: {e}"))?;
                if directory.app_version != env!("CARGO_PKG_VERSION") {
                    return Err("the file's version won over the server's".into());
                }
                Ok(Verdict::Decided)
            }
            Err(err) => {
                let message = err.to_string();
                if !message.contains("directory.toml") {
                    return Err(format!("a refusal that names no file: {message}"));
                }
                match err {
                    ConfigError::Invalid { .. } => Ok(Verdict::Decided),
                    ConfigError::Parse { .. } if message.contains("line") => Ok(Verdict::Unread),
                    ConfigError::Read { .. } if std::str::from_utf8(&bytes).is_err() => {
                        Ok(Verdict::Unread)
                    }
                    _ => Err(format!("a refusal that does not say where: {message}")),
                }
            }
        }
    });
}
