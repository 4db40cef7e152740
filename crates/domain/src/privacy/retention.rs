//! How long each kind of record is kept (SPEC §7; PIPL art. 19: no longer
//! than the purpose needs), as the school configures it, with the
//! defaults the issue decided. The purge (`anxin-server purge`, and the
//! server's daily run) asks [`RetentionPolicy::cutoff`] for each kind and
//! removes or masks the records dated before it (see [`super::purge`]).
//!
//! The raw records of the emergency (declarations, gate records, reasons,
//! reminders and send-backs, wellbeing answers) are kept either until 28
//! days after the end of the epidemic response, which an admin declares,
//! or 28 days rolling: the school chooses. Records dated after a declared
//! end follow the rolling rule.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// Each kind of record the purge knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Declarations,
    GateRecords,
    /// Reasons for a missing declaration.
    Reasons,
    /// Reminders and send-backs.
    Reminders,
    WellbeingAnswers,
    Bookings,
    /// The counsellors' sealed notes.
    Notes,
    /// Signed daily reports (figures; names masked at the raw records'
    /// end, the signature still verifying).
    SignedReports,
    Visitors,
    ReturnApplications,
    /// Consents and the notices seen.
    Consents,
    /// The audit log and the staff reads.
    Audit,
}

impl RecordKind {
    /// Every kind, in the order the purge reports them.
    pub const ALL: [RecordKind; 12] = [
        RecordKind::Declarations,
        RecordKind::GateRecords,
        RecordKind::Reasons,
        RecordKind::Reminders,
        RecordKind::WellbeingAnswers,
        RecordKind::Bookings,
        RecordKind::Notes,
        RecordKind::SignedReports,
        RecordKind::Visitors,
        RecordKind::ReturnApplications,
        RecordKind::Consents,
        RecordKind::Audit,
    ];

    /// Its name on the command line and in the purge log.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Declarations => "declarations",
            RecordKind::GateRecords => "gate_records",
            RecordKind::Reasons => "reasons",
            RecordKind::Reminders => "reminders",
            RecordKind::WellbeingAnswers => "wellbeing_answers",
            RecordKind::Bookings => "bookings",
            RecordKind::Notes => "notes",
            RecordKind::SignedReports => "signed_reports",
            RecordKind::Visitors => "visitors",
            RecordKind::ReturnApplications => "return_applications",
            RecordKind::Consents => "consents",
            RecordKind::Audit => "audit",
        }
    }

    /// The emergency's raw records, kept by the school's chosen basis.
    pub fn is_raw(self) -> bool {
        matches!(
            self,
            RecordKind::Declarations
                | RecordKind::GateRecords
                | RecordKind::Reasons
                | RecordKind::Reminders
                | RecordKind::WellbeingAnswers
        )
    }
}

/// How the raw records' time is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawBasis {
    /// Until `raw_days` after the declared end of the epidemic response.
    #[default]
    AfterResponseEnd,
    /// `raw_days` after each record's day.
    Rolling,
}

/// The school's retention, in days per kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RetentionPolicy {
    pub raw_basis: RawBasis,
    pub raw_days: u32,
    pub booking_days: u32,
    /// As the counsellors' professional rules require.
    pub note_days: u32,
    pub signed_report_days: u32,
    pub visitor_days: u32,
    pub return_days: u32,
    /// Consent and audit records (PIPL art. 56: three years).
    pub consent_audit_days: u32,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        Self {
            raw_basis: RawBasis::AfterResponseEnd,
            raw_days: 28,
            booking_days: 365,
            note_days: 3 * 365,
            signed_report_days: 3 * 365,
            visitor_days: 28,
            return_days: 28,
            consent_audit_days: 3 * 365,
        }
    }
}

/// The longest any kind may be kept: ten years.
pub const MAX_RETENTION_DAYS: u32 = 3653;

/// A setting out of range: its name and value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("retention {setting} = {days} days: it must be between 1 and {MAX_RETENTION_DAYS}")]
pub struct RetentionError {
    pub setting: &'static str,
    pub days: u32,
}

impl RetentionPolicy {
    /// Every setting between a day and ten years.
    pub fn validate(&self) -> Result<(), RetentionError> {
        let settings = [
            ("raw_days", self.raw_days),
            ("booking_days", self.booking_days),
            ("note_days", self.note_days),
            ("signed_report_days", self.signed_report_days),
            ("visitor_days", self.visitor_days),
            ("return_days", self.return_days),
            ("consent_audit_days", self.consent_audit_days),
        ];
        match settings.into_iter().find(|(_, days)| !(1..=MAX_RETENTION_DAYS).contains(days)) {
            Some((setting, days)) => Err(RetentionError { setting, days }),
            None => Ok(()),
        }
    }

    /// How many days `kind` is kept.
    pub fn days(&self, kind: RecordKind) -> u32 {
        match kind {
            k if k.is_raw() => self.raw_days,
            RecordKind::Bookings => self.booking_days,
            RecordKind::Notes => self.note_days,
            RecordKind::SignedReports => self.signed_report_days,
            RecordKind::Visitors => self.visitor_days,
            RecordKind::ReturnApplications => self.return_days,
            _ => self.consent_audit_days,
        }
    }

    /// The first day whose records of `kind` are still kept on `today`:
    /// records dated before it are due. `response_end`: the declared end
    /// of the epidemic response, if any. `None`: nothing of that kind is
    /// due yet (raw records while the response lasts, or within its
    /// `raw_days` after the end, when the school keeps them until then).
    pub fn cutoff(
        &self,
        kind: RecordKind,
        response_end: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Option<NaiveDate> {
        let rolling = today.checked_sub_days(Days::new(u64::from(self.days(kind))))?;
        if !kind.is_raw() || self.raw_basis == RawBasis::Rolling {
            return Some(rolling);
        }
        let end = response_end?;
        let kept_until = end.checked_add_days(Days::new(u64::from(self.raw_days)))?;
        if today <= kept_until {
            return None;
        }
        // Everything of the response is due; what came after it rolls.
        Some(rolling.max(end.succ_opt()?))
    }

    /// Whether a record of `kind` dated `day` is due on `today`.
    pub fn is_due(
        &self,
        kind: RecordKind,
        day: NaiveDate,
        response_end: Option<NaiveDate>,
        today: NaiveDate,
    ) -> bool {
        self.cutoff(kind, response_end, today).is_some_and(|cutoff| day < cutoff)
    }
}

/// Why the end of the epidemic response cannot be declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ResponseEndError {
    #[error("the end of the epidemic response cannot be a day still to come ({0})")]
    InFuture(NaiveDate),
    #[error("the end of the epidemic response was declared already: {0}")]
    Declared(NaiveDate),
}

/// The end of the response is a day that has come, declared once (the
/// raw records of the response are counted from it: moving it would
/// bring back a purge's reasons).
pub fn check_response_end(
    day: NaiveDate,
    today: NaiveDate,
    declared: Option<NaiveDate>,
) -> Result<(), ResponseEndError> {
    if let Some(declared) = declared {
        return Err(ResponseEndError::Declared(declared));
    }
    if day > today {
        return Err(ResponseEndError::InFuture(day));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn test_the_defaults_are_the_issues_and_valid() {
        let policy = RetentionPolicy::default();
        assert_eq!(policy.validate(), Ok(()));
        assert_eq!(policy.days(RecordKind::Declarations), 28);
        assert_eq!(policy.days(RecordKind::Bookings), 365);
        assert_eq!(policy.days(RecordKind::SignedReports), 1095);
        assert_eq!(policy.days(RecordKind::Visitors), 28);
        assert_eq!(policy.days(RecordKind::Consents), 1095);
        assert_eq!(policy.raw_basis, RawBasis::AfterResponseEnd);
    }

    #[test]
    fn test_raw_records_stay_while_the_response_lasts_and_28_days_after() {
        let policy = RetentionPolicy::default();
        let today = d("2027-03-01");
        let old = d("2026-10-01");
        assert!(!policy.is_due(RecordKind::Declarations, old, None, today), "no end declared");
        let end = d("2027-02-10");
        assert!(!policy.is_due(RecordKind::GateRecords, old, Some(end), d("2027-03-10")));
        assert!(policy.is_due(RecordKind::GateRecords, old, Some(end), d("2027-03-11")));
        assert!(policy.is_due(RecordKind::Declarations, end, Some(end), d("2027-03-11")));
        // A declaration after the end rolls: 28 days from its own day.
        let after = d("2027-02-20");
        assert!(!policy.is_due(RecordKind::Declarations, after, Some(end), d("2027-03-11")));
        assert!(policy.is_due(RecordKind::Declarations, after, Some(end), d("2027-03-21")));
    }

    #[test]
    fn test_rolling_raw_records_and_the_other_kinds_count_from_their_day() {
        let policy = RetentionPolicy { raw_basis: RawBasis::Rolling, ..RetentionPolicy::default() };
        let today = d("2026-12-01");
        assert_eq!(policy.cutoff(RecordKind::Declarations, None, today), Some(d("2026-11-03")));
        assert!(policy.is_due(RecordKind::Reasons, d("2026-11-02"), None, today));
        assert!(!policy.is_due(RecordKind::Reasons, d("2026-11-03"), None, today));
        let default = RetentionPolicy::default();
        assert!(default.is_due(RecordKind::Bookings, d("2025-11-30"), None, today));
        assert!(!default.is_due(RecordKind::Bookings, d("2025-12-01"), None, today));
        assert!(!default.is_due(RecordKind::SignedReports, d("2024-01-01"), None, today));
        assert!(default.is_due(RecordKind::SignedReports, d("2023-12-01"), None, today));
    }

    #[test]
    fn test_the_end_of_the_response_is_a_day_come_declared_once() {
        let today = d("2027-02-10");
        assert_eq!(check_response_end(today, today, None), Ok(()));
        assert_eq!(
            check_response_end(d("2027-02-11"), today, None),
            Err(ResponseEndError::InFuture(d("2027-02-11")))
        );
        assert_eq!(
            check_response_end(today, today, Some(d("2027-01-01"))),
            Err(ResponseEndError::Declared(d("2027-01-01")))
        );
    }

    #[test]
    fn test_settings_out_of_range_are_refused_by_name() {
        let zero = RetentionPolicy { visitor_days: 0, ..RetentionPolicy::default() };
        assert_eq!(zero.validate(), Err(RetentionError { setting: "visitor_days", days: 0 }));
        let long = RetentionPolicy { note_days: 4000, ..RetentionPolicy::default() };
        assert_eq!(long.validate().unwrap_err().setting, "note_days");
        let parsed: RetentionPolicy =
            serde_json::from_str(r#"{"raw_basis": "rolling", "raw_days": 14}"#).unwrap();
        assert_eq!(parsed.raw_basis, RawBasis::Rolling);
        assert_eq!(parsed.raw_days, 14);
        assert_eq!(parsed.booking_days, 365);
        let misspelt = serde_json::from_str::<RetentionPolicy>(r#"{"raw_dayz": 14}"#);
        assert!(misspelt.is_err(), "a misspelt key is refused");
    }
}
