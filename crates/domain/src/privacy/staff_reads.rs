//! Staff reads of named health data (SPEC §7; PIPL art. 51): every fetch
//! that shows someone else's declarations or health standing by name is
//! logged on the server, one entry per person shown, so that each person
//! (in their export) and the school (on the command line) can see who read
//! whose records and when. The school office sees the abnormal by name in
//! the report; opening anyone's record beyond that takes a typed reason,
//! logged with the read.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::report::actions::check_note;
use crate::report::view::Report;
use crate::ErrorCode;

/// What the reader fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadKind {
    /// A line of the daily report (an advisor's class, an office's scope).
    Report,
    /// A line of the report's CSV.
    ReportExport,
    /// A class's declarations of a day.
    ClassDay,
    /// The person's declarations, opened one by one.
    Declarations,
    /// The person's declarations opened by the school office, beyond the
    /// abnormal list, with a reason.
    OpenedWithReason,
    /// Their application to return to campus, waiting for a decision.
    ReturnApplications,
}

impl ReadKind {
    pub const ALL: [ReadKind; 6] = [
        ReadKind::Report,
        ReadKind::ReportExport,
        ReadKind::ClassDay,
        ReadKind::Declarations,
        ReadKind::OpenedWithReason,
        ReadKind::ReturnApplications,
    ];

    /// The name the store keeps (as on the wire).
    pub fn as_str(self) -> &'static str {
        match self {
            ReadKind::Report => "report",
            ReadKind::ReportExport => "report_export",
            ReadKind::ClassDay => "class_day",
            ReadKind::Declarations => "declarations",
            ReadKind::OpenedWithReason => "opened_with_reason",
            ReadKind::ReturnApplications => "return_applications",
        }
    }

    pub fn parse(text: &str) -> Option<ReadKind> {
        ReadKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// One logged read: who read whose records, what, when (and why, where a
/// reason was asked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRead {
    pub reader_id: String,
    pub subject_id: String,
    pub kind: ReadKind,
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

impl StaffRead {
    /// The school day it counts for: a reader's reads of one person's
    /// records of one kind are logged once a day (the first, with its
    /// time), so a page that refreshes every minute adds no rows; each read
    /// with a reason is logged on its own.
    pub fn day(&self) -> chrono::NaiveDate {
        crate::local_day(self.at)
    }
}

/// The reads of one fetch: an entry for each person shown, none for the
/// reader's own records (a person reading their own data is no staff read).
pub fn reads_of<'a>(
    reader_id: &str,
    shown: impl IntoIterator<Item = &'a str>,
    kind: ReadKind,
    reason: Option<&str>,
    at: DateTime<Utc>,
) -> Vec<StaffRead> {
    let mut subjects: Vec<&str> = shown.into_iter().filter(|id| *id != reader_id).collect();
    subjects.sort_unstable();
    subjects.dedup();
    subjects
        .into_iter()
        .map(|subject| StaffRead {
            reader_id: reader_id.to_owned(),
            subject_id: subject.to_owned(),
            kind,
            reason: reason.map(str::to_owned),
            at,
        })
        .collect()
}

/// The people a report shows by name (figures alone name nobody): its
/// lines, the names its signed versions covered, those an amendment names
/// and those a signature now would cover.
pub fn shown_in(report: &Report) -> impl Iterator<Item = &str> {
    let lines = report.people.iter().map(|line| line.person_id.as_str());
    let signed = report.versions.iter().flat_map(|v| v.covered.names.iter());
    let covered = signed.chain(&report.covered.names).map(|n| n.person_id.as_str());
    let amended =
        report.amendment.iter().flat_map(|a| a.names.iter()).map(|n| n.person_id.as_str());
    lines.chain(covered).chain(amended)
}

/// The school office's reason for opening a record beyond the abnormal
/// list: required, within the note's limit. The trimmed text is kept.
pub fn check_read_reason(text: &str) -> Result<String, ErrorCode> {
    check_note(text, true)?;
    if text.chars().any(char::is_control) {
        return Err(ErrorCode::TextRequired);
    }
    Ok(text.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::MAX_NOTE_CHARS;

    fn at() -> DateTime<Utc> {
        "2026-12-01T08:00:00Z".parse().unwrap()
    }

    #[test]
    fn test_reads_of_logs_each_person_once_and_never_the_reader() {
        let shown = ["2020-0102", "T-1001", "2020-0101", "2020-0102"];
        let reads = reads_of("T-1001", shown, ReadKind::Report, None, at());
        let subjects: Vec<&str> = reads.iter().map(|r| r.subject_id.as_str()).collect();
        assert_eq!(subjects, ["2020-0101", "2020-0102"]);
        assert!(reads.iter().all(|r| r.reader_id == "T-1001" && r.kind == ReadKind::Report));
        assert!(reads_of("T-1001", [], ReadKind::ClassDay, None, at()).is_empty());
    }

    #[test]
    fn test_reason_is_required_bounded_and_trimmed() {
        assert_eq!(check_read_reason("  "), Err(ErrorCode::TextRequired));
        assert_eq!(check_read_reason("a\u{7}b"), Err(ErrorCode::TextRequired));
        let long = "因".repeat(MAX_NOTE_CHARS + 1);
        assert_eq!(check_read_reason(&long), Err(ErrorCode::TextTooLong));
        assert_eq!(check_read_reason(" 密接追踪 ").as_deref(), Ok("密接追踪"));
    }

    #[test]
    fn test_kind_names_round_trip() {
        for kind in ReadKind::ALL {
            assert_eq!(ReadKind::parse(kind.as_str()), Some(kind));
            let wire = serde_json::to_string(&kind).unwrap();
            assert_eq!(wire, format!("\"{}\"", kind.as_str()));
        }
        assert_eq!(ReadKind::parse("other"), None);
    }
}
