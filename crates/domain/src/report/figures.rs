//! The figures of a day and a scope, made from the people's days: the
//! parts always add up to the expected count.

use serde::{Deserialize, Serialize};

use super::standing::{PersonDay, Standing};
use crate::profile::PersonCategory;

/// Counts of one group of people on one day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Counts {
    pub expected: u32,
    pub on_time: u32,
    pub late: u32,
    /// Not received, with a reason.
    pub excused: u32,
    /// Not received, without a reason.
    pub missing: u32,
    pub abnormal: u32,
    /// Sent back and not corrected yet.
    pub sent_back: u32,
    pub identical: u32,
    /// On time, but received after the deadline (shown apart).
    pub delivered_late: u32,
    pub clock_doubtful: u32,
}

impl Counts {
    pub fn declared(&self) -> u32 {
        self.on_time + self.late
    }

    /// Declared / expected, in tenths of a percent; `None` with nobody
    /// expected.
    pub fn completion_permille(&self) -> Option<u32> {
        (self.expected > 0).then(|| self.declared() * 1000 / self.expected)
    }

    /// "87.5 %" (or "—" with nobody expected).
    pub fn completion_text(&self) -> String {
        match self.completion_permille() {
            Some(p) => format!("{}.{} %", p / 10, p % 10),
            None => "—".to_owned(),
        }
    }

    pub fn add(&mut self, person: &PersonDay) {
        self.expected += 1;
        match person.standing {
            Standing::OnTime => self.on_time += 1,
            Standing::Late { .. } => self.late += 1,
            Standing::Excused(_) => self.excused += 1,
            Standing::Missing => self.missing += 1,
        }
        self.abnormal += u32::from(!person.abnormal.is_empty());
        self.sent_back += u32::from(person.sent_back.is_some());
        self.identical += u32::from(person.identical);
        self.delivered_late += u32::from(person.delivered_late);
        self.clock_doubtful += u32::from(person.clock_doubtful);
    }

    pub fn merge(&mut self, other: &Counts) {
        self.expected += other.expected;
        self.on_time += other.on_time;
        self.late += other.late;
        self.excused += other.excused;
        self.missing += other.missing;
        self.abnormal += other.abnormal;
        self.sent_back += other.sent_back;
        self.identical += other.identical;
        self.delivered_late += other.delivered_late;
        self.clock_doubtful += other.clock_doubtful;
    }
}

/// The counts of one person category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CategoryCounts {
    pub category: PersonCategory,
    pub counts: Counts,
}

/// A scope's figures: the total and the same by the four categories
/// (always all four, in [`PersonCategory::ALL`] order).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Figures {
    pub total: Counts,
    pub by_category: Vec<CategoryCounts>,
}

impl Default for Figures {
    fn default() -> Self {
        Self {
            total: Counts::default(),
            by_category: PersonCategory::ALL
                .into_iter()
                .map(|category| CategoryCounts { category, counts: Counts::default() })
                .collect(),
        }
    }
}

impl Figures {
    pub fn of<'a>(people: impl IntoIterator<Item = &'a PersonDay>) -> Figures {
        let mut figures = Figures::default();
        for person in people {
            figures.add(person);
        }
        figures
    }

    pub fn add(&mut self, person: &PersonDay) {
        self.total.add(person);
        if let Some(slot) =
            self.by_category.iter_mut().find(|c| c.category == person.expected.category)
        {
            slot.counts.add(person);
        }
    }

    pub fn merge(&mut self, other: &Figures) {
        self.total.merge(&other.total);
        for theirs in &other.by_category {
            if let Some(mine) = self.by_category.iter_mut().find(|c| c.category == theirs.category)
            {
                mine.counts.merge(&theirs.counts);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;
    use proptest::prelude::*;

    use super::*;
    use crate::report::standing::tests::{deadline, expected, facts, filing};
    use crate::report::standing::{person_day, PersonFacts};
    use crate::report::{MissingReason, ReasonKind};
    use crate::AbnormalRules;

    #[test]
    fn test_completion_is_declared_over_expected() {
        let counts = Counts { expected: 8, on_time: 6, late: 1, missing: 1, ..Counts::default() };
        assert_eq!(counts.completion_permille(), Some(875));
        assert_eq!(counts.completion_text(), "87.5 %");
        assert_eq!(Counts::default().completion_text(), "—");
    }

    /// One person of a generated day: 0 missing, 1 with a reason, 2 on
    /// time, 3 late; with a temperature.
    fn person(kind: u8, tenths: u16, staff: bool, reason: &MissingReason) -> PersonDay {
        let mut who = expected("p", "c");
        if staff {
            who.category = crate::profile::PersonCategory::Staff;
        }
        let f = match kind {
            2 => Some(filing(deadline() - Duration::hours(1), deadline(), tenths)),
            3 => Some(filing(
                deadline() + Duration::hours(1),
                deadline() + Duration::hours(1),
                tenths,
            )),
            _ => None,
        };
        let reasons = if kind == 1 { vec![reason] } else { Vec::new() };
        person_day(who, PersonFacts { reasons, ..facts(f) }, &AbnormalRules::default(), deadline())
    }

    proptest! {
        #[test]
        fn prop_the_parts_add_up_to_the_expected_count(
            people in proptest::collection::vec((0u8..4, 355u16..400, any::<bool>()), 0..60)
        ) {
            let reason = MissingReason {
                reason_id: "r".into(),
                person_id: "p".into(),
                from: chrono::NaiveDate::from_ymd_opt(2020, 2, 10).unwrap(),
                to: chrono::NaiveDate::from_ymd_opt(2020, 2, 10).unwrap(),
                kind: ReasonKind::Leave,
                note: String::new(),
                recorded_by: "T".into(),
                recorded_at: None,
            };
            let days: Vec<PersonDay> =
                people.iter().map(|(k, t, s)| person(*k, *t, *s, &reason)).collect();
            let figures = Figures::of(&days);
            let t = figures.total;
            prop_assert_eq!(t.on_time + t.late + t.excused + t.missing, t.expected);
            prop_assert_eq!(t.expected as usize, people.len());
            prop_assert!(t.declared() <= t.expected, "a rate never passes 100 %");
            let mut sum = Counts::default();
            for c in &figures.by_category {
                sum.merge(&c.counts);
            }
            prop_assert_eq!(sum, t);
            prop_assert!(t.abnormal <= t.declared());
        }
    }
}
