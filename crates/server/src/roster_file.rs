//! `anxin-server import-roster FILE`: reads the roster CSV (UTF-8, with or
//! without BOM, header row), checks every line with the domain's rules, and
//! imports all of it or nothing.

use std::path::Path;

use anxin_domain::roster::{parse_roster, RosterError, RosterPerson};

#[derive(Debug, thiserror::Error)]
pub enum RosterFileError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("line {line}: not valid UTF-8 text (save the file as UTF-8)")]
    NotUtf8 { line: u64 },
    #[error("line {line}: {message}")]
    Csv { line: u64, message: String },
    #[error("the file has no header row")]
    Empty,
    /// Every problem of every line; nothing was imported.
    #[error("{} problem(s); nothing was imported", .0.len())]
    Invalid(Vec<RosterError>),
}

/// Reads and checks the whole file.
pub fn read_roster(path: &Path) -> Result<Vec<RosterPerson>, RosterFileError> {
    let bytes = std::fs::read(path)
        .map_err(|source| RosterFileError::Read { path: path.display().to_string(), source })?;
    parse_roster_csv(&bytes)
}

pub fn parse_roster_csv(bytes: &[u8]) -> Result<Vec<RosterPerson>, RosterFileError> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut records = reader.records();
    let header = match records.next() {
        None => return Err(RosterFileError::Empty),
        Some(record) => to_strings(record)?,
    };
    let mut rows = Vec::new();
    // Line numbers from byte offsets: the reader's own count skips blank
    // lines, and the admin needs the line their editor shows.
    // (A record's position can point at blank lines before it: skip them.)
    let line_at = |byte: u64| {
        let mut start = (byte as usize).min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        1 + bytes[..start].iter().filter(|b| **b == b'\n').count()
    };
    for record in records {
        let line = match &record {
            Ok(r) => r.position().map_or(0, |p| line_at(p.byte())),
            Err(e) => e.position().map_or(0, |p| line_at(p.byte())),
        };
        let cells = to_strings(record)?;
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue; // a blank line
        }
        rows.push((line, cells));
    }
    parse_roster(&header, rows).map_err(RosterFileError::Invalid)
}

fn to_strings(
    record: Result<csv::StringRecord, csv::Error>,
) -> Result<Vec<String>, RosterFileError> {
    match record {
        Ok(record) => Ok(record.iter().map(str::to_owned).collect()),
        Err(err) => {
            let line = err.position().map_or(0, |p| p.line());
            match err.kind() {
                csv::ErrorKind::Utf8 { .. } => Err(RosterFileError::NotUtf8 { line }),
                _ => Err(RosterFileError::Csv { line, message: err.to_string() }),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_example_roster_reads_with_every_role() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/roster.example.csv");
        let people = read_roster(&path).unwrap();
        assert_eq!(people.len(), 12);
        for role in anxin_domain::roster::Role::ALL {
            assert!(people.iter().any(|p| p.roles.contains(&role)), "nobody is {role:?}");
        }
    }

    #[test]
    fn test_bom_and_crlf_are_accepted() {
        let text = "\u{feff}id,name,roles\r\nA-1,周,admin\r\n\r\n";
        let people = parse_roster_csv(text.as_bytes()).unwrap();
        assert_eq!(people[0].name, "周");
    }

    #[test]
    fn test_errors_carry_the_file_line_numbers() {
        let text = "id,name,roles\nA-1,周,admin\n\nA-2,,admin\nA-3,吴,chef\n";
        let RosterFileError::Invalid(errors) = parse_roster_csv(text.as_bytes()).unwrap_err()
        else {
            panic!("expected line problems");
        };
        let found: Vec<(usize, &str)> = errors.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(found, [(4, "name"), (5, "roles")]);
    }

    #[test]
    fn test_non_utf8_is_named_with_its_line() {
        let mut bytes = b"id,name,roles\nA-1,".to_vec();
        bytes.extend([0xd6, 0xdc]); // GBK, not UTF-8
        bytes.extend(b",admin\n");
        assert!(matches!(parse_roster_csv(&bytes), Err(RosterFileError::NotUtf8 { line: 2 })));
    }
}
