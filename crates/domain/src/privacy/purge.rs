//! The retention purge (SPEC §7): which records are due on a day, by
//! kind, what a run removed or masked, and what a purged day's report
//! becomes. The store applies it in one transaction; a dry run does the
//! same and rolls back, so its counts are the real run's.
//!
//! What is masked rather than removed: a booking whose counsellor's note
//! is still kept (its topic and phone are blanked, so that the note keeps
//! its appointment), the names in the signed reports and the day lists of
//! a day whose raw records are gone (the figures and the seals stay, and
//! every signature still verifies). A purged day is closed: its report
//! shows what was signed, never an amendment, and takes no new signature.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::retention::{RecordKind, RetentionPolicy};
use crate::campus_return::application::ReturnState;
use crate::counselling::waitlist::WaitlistState;
use crate::school_time::{local_day, start_of_day};
use crate::sync::PulledChange;

/// The first day still kept, per kind, on one day of the purge.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Cutoffs(BTreeMap<RecordKind, NaiveDate>);

impl Cutoffs {
    pub fn of(policy: &RetentionPolicy, response_end: Option<NaiveDate>, today: NaiveDate) -> Self {
        Cutoffs(
            RecordKind::ALL
                .into_iter()
                .filter_map(|kind| Some((kind, policy.cutoff(kind, response_end, today)?)))
                .collect(),
        )
    }

    /// The first day of `kind` still kept (`None`: nothing is due).
    pub fn day(&self, kind: RecordKind) -> Option<NaiveDate> {
        self.0.get(&kind).copied()
    }

    /// The first instant still kept, for records dated by a time: the
    /// cutoff day's midnight in school time.
    pub fn instant(&self, kind: RecordKind) -> Option<DateTime<Utc>> {
        self.day(kind).map(start_of_day)
    }

    pub fn is_due(&self, kind: RecordKind, day: NaiveDate) -> bool {
        self.day(kind).is_some_and(|cutoff| day < cutoff)
    }

    /// Whether a copy of a record in a phone's change log is due: it goes
    /// with its record.
    pub fn change_is_due(&self, change: &PulledChange) -> bool {
        dated(change).is_some_and(|(kind, day)| self.is_due(kind, day))
    }
}

/// The kind and day a pulled change's record is kept by; `None` for a
/// record kept for as long as it is open (a return application waiting
/// for a decision, a request for deletion waiting for its answer).
pub fn dated(change: &PulledChange) -> Option<(RecordKind, NaiveDate)> {
    match change {
        PulledChange::DeclarationRevision(revision) => {
            Some((RecordKind::Declarations, revision.day))
        }
        PulledChange::Booking(booking) => {
            let day = booking
                .slot
                .as_ref()
                .map_or_else(|| local_day(booking.requested_at), |slot| slot.start.date());
            Some((RecordKind::Bookings, day))
        }
        PulledChange::SentBack(note) => Some((RecordKind::Reminders, note.day)),
        PulledChange::Reminder(note) => Some((RecordKind::Reminders, note.day)),
        PulledChange::RemindersSent(sent) => Some((RecordKind::Reminders, sent.day)),
        PulledChange::ReturnApplication(standing) => {
            let decided = matches!(standing.state, ReturnState::Approved | ReturnState::Refused);
            decided.then(|| (RecordKind::ReturnApplications, local_day(standing.applied_at)))
        }
        PulledChange::Visitor(visitor) => Some((RecordKind::Visitors, visitor.request.day)),
        PulledChange::DeletionRequest(request) => {
            request.answered_at.map(|at| (RecordKind::Consents, local_day(at)))
        }
        // Kept with the bookings, once the wait is over.
        PulledChange::Waitlist(entry) => (entry.state != WaitlistState::Waiting)
            .then(|| (RecordKind::Bookings, local_day(entry.joined_at))),
    }
}

/// What one run removed and masked, per kind.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PurgeCounts {
    pub removed: BTreeMap<RecordKind, u64>,
    pub masked: BTreeMap<RecordKind, u64>,
}

impl PurgeCounts {
    pub fn remove(&mut self, kind: RecordKind, rows: u64) {
        *self.removed.entry(kind).or_default() += rows;
    }

    pub fn mask(&mut self, kind: RecordKind, rows: u64) {
        *self.masked.entry(kind).or_default() += rows;
    }

    pub fn removed(&self, kind: RecordKind) -> u64 {
        self.removed.get(&kind).copied().unwrap_or(0)
    }

    pub fn masked(&self, kind: RecordKind) -> u64 {
        self.masked.get(&kind).copied().unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.removed.values().chain(self.masked.values()).all(|&n| n == 0)
    }
}

/// One run of the purge, as logged and printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurgeRun {
    /// The day the retention was counted from.
    pub today: NaiveDate,
    pub at: DateTime<Utc>,
    /// Done and rolled back: what a real run would do.
    pub dry_run: bool,
    pub cutoffs: Cutoffs,
    pub counts: PurgeCounts,
    /// The signed versions that verify against their seal after the run
    /// (all of them, or the run is not kept).
    pub reports_verified: u64,
}

impl PurgeRun {
    /// One line per kind, in [`RecordKind::ALL`] order: `kind removed
    /// masked first-day-kept`.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![format!(
            "{} for {}: {:<20} {:>8} {:>8}  kept from",
            if self.dry_run { "purge (dry run)" } else { "purge" },
            self.today,
            "kind",
            "removed",
            "masked"
        )];
        for kind in RecordKind::ALL {
            let kept = self.cutoffs.day(kind).map_or("(all)".to_owned(), |day| day.to_string());
            lines.push(format!(
                "{:<20} {:>8} {:>8}  {kept}",
                kind.as_str(),
                self.counts.removed(kind),
                self.counts.masked(kind)
            ));
        }
        lines.push(format!("signed reports verified: {}", self.reports_verified));
        lines
    }
}

/// `GET /api/v1/retention/next`: what the next daily run will remove,
/// counts only (the school office is warned of it), and where the
/// response stands.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NextPurge {
    /// Rehearsed after the last daily run (`None`: none ran yet).
    pub run: Option<PurgeRun>,
    /// The declared end of the epidemic response.
    pub response_end: Option<NaiveDate>,
    /// The first day whose raw records are kept (the days before are
    /// closed).
    pub kept_from: Option<NaiveDate>,
}

/// Whether `day`'s report is closed: its raw records were purged (the
/// store keeps the first day a real run kept).
pub fn is_closed(day: NaiveDate, kept_from: Option<NaiveDate>) -> bool {
    kept_from.is_some_and(|first| day < first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::retention::RawBasis;
    use crate::report::notes::ReminderNote;
    use crate::report::ReminderKind;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn test_cutoffs_follow_the_policy_and_the_declared_end() {
        let policy = RetentionPolicy::default();
        let today = d("2026-12-01");
        let lasting = Cutoffs::of(&policy, None, today);
        assert_eq!(lasting.day(RecordKind::Declarations), None, "the response lasts");
        assert_eq!(lasting.day(RecordKind::Visitors), Some(d("2026-11-03")));
        assert!(lasting.is_due(RecordKind::Visitors, d("2026-11-02")));
        assert!(!lasting.is_due(RecordKind::Declarations, d("2020-01-01")));
        let ended = Cutoffs::of(&policy, Some(d("2026-10-01")), today);
        assert_eq!(ended.day(RecordKind::Declarations), Some(d("2026-11-03")));
        let rolling = RetentionPolicy { raw_basis: RawBasis::Rolling, ..policy };
        assert_eq!(
            Cutoffs::of(&rolling, None, today).day(RecordKind::GateRecords),
            ended.day(RecordKind::GateRecords)
        );
        // A time is due before the cutoff day's midnight in school time.
        let instant = ended.instant(RecordKind::Visitors).unwrap();
        assert_eq!(instant.to_rfc3339(), "2026-11-02T16:00:00+00:00");
    }

    #[test]
    fn test_a_copy_in_the_change_log_goes_with_its_record() {
        let cutoffs =
            Cutoffs::of(&RetentionPolicy::default(), Some(d("2026-10-01")), d("2026-12-01"));
        let note = |day: &str| {
            PulledChange::Reminder(ReminderNote {
                reminder_id: "r".into(),
                day: d(day),
                kind: ReminderKind::Declare,
                by_name: "王老师".into(),
                at: start_of_day(d("2026-12-01")),
            })
        };
        assert!(cutoffs.change_is_due(&note("2026-11-02")));
        assert!(!cutoffs.change_is_due(&note("2026-11-03")));
    }

    #[test]
    fn test_a_run_prints_every_kind_in_order() {
        let mut counts = PurgeCounts::default();
        counts.remove(RecordKind::Declarations, 40);
        counts.remove(RecordKind::Declarations, 2);
        counts.mask(RecordKind::SignedReports, 3);
        assert!(!counts.is_empty());
        assert!(PurgeCounts::default().is_empty());
        let run = PurgeRun {
            today: d("2026-12-01"),
            at: start_of_day(d("2026-12-01")),
            dry_run: true,
            cutoffs: Cutoffs::of(&RetentionPolicy::default(), None, d("2026-12-01")),
            counts,
            reports_verified: 7,
        };
        let lines = run.lines();
        assert_eq!(lines.len(), RecordKind::ALL.len() + 2);
        assert!(lines[0].starts_with("purge (dry run) for 2026-12-01"));
        assert!(lines[1].starts_with("declarations") && lines[1].contains(" 42 "));
        assert!(lines[1].ends_with("(all)"));
        assert!(lines[8].starts_with("signed_reports") && lines[8].contains(" 3 "));
        assert_eq!(lines.last().unwrap(), "signed reports verified: 7");
    }

    #[test]
    fn test_a_day_before_the_first_kept_is_closed() {
        assert!(!is_closed(d("2026-01-01"), None));
        assert!(is_closed(d("2026-11-02"), Some(d("2026-11-03"))));
        assert!(!is_closed(d("2026-11-03"), Some(d("2026-11-03"))));
    }
}
