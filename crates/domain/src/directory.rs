//! The directory: what the app needs before anyone signs in.
//!
//! Served by `GET /api/v1/directory`, kept on the device and used offline,
//! so the hotline numbers are right with no network.

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

use crate::report::Deadlines;
use crate::{AbnormalRules, Hotline, HotlineKind};

/// Public, non-personal configuration of the school's Anxin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Directory {
    /// Version of the server that produced this directory.
    pub app_version: String,
    /// Numbers shown in the hotline bar, in display order.
    pub hotlines: Vec<Hotline>,
    /// Thresholds that make a declaration abnormal.
    pub rules: AbnormalRules,
    /// How long before an appointment it can still be cancelled or moved.
    pub cancellation_notice_minutes: u32,
    /// After this local time, a missing declaration for today is reminded
    /// (the phone's own reminder, not the advisor's).
    pub reminder_time: NaiveTime,
    /// By when declarations are due and each level signs (SPEC §2).
    pub deadlines: Deadlines,
    /// The longest leave one reason may cover, in days.
    pub max_leave_days: u32,
    /// The province the travel questions name ("returned to Hainan"), in
    /// Chinese and in English (two plain keys: a nested table would cost
    /// the first load its own decoder).
    pub province_zh: String,
    pub province_en: String,
    /// The server's public keys for daily passes (from its database, never
    /// the config file): guards' phones verify passes offline with them.
    pub pass_keys: Vec<crate::pass::verify::PassKey>,
    /// The privacy notice the server publishes (its own file, never the
    /// directory file): its version, hash, and text in both languages
    /// (flat keys, like the province's). Empty from a server without one.
    pub notice_version: String,
    pub notice_hash: String,
    pub notice_zh: String,
    pub notice_en: String,
}

/// The longest province name accepted, in characters.
pub const MAX_PROVINCE_CHARS: usize = 20;

impl Default for Directory {
    fn default() -> Self {
        Self {
            app_version: String::new(),
            hotlines: vec![
                // Example number: each school sets its own in the config file.
                Hotline::new(HotlineKind::School, "0898-6600 0000"),
                // The campus clinic, shown with an abnormal result (example).
                Hotline::new(HotlineKind::Clinic, "0898-6600 0120"),
                Hotline::new(HotlineKind::National, "12356"),
                Hotline::new(HotlineKind::Ambulance, "120"),
                Hotline::new(HotlineKind::Police, "110"),
            ],
            rules: AbnormalRules::default(),
            cancellation_notice_minutes: 120,
            reminder_time: NaiveTime::from_hms_opt(10, 0, 0).expect("10:00 is a valid time"),
            deadlines: Deadlines::default(),
            max_leave_days: 30,
            province_zh: "海南".into(),
            province_en: "Hainan".into(),
            pass_keys: Vec::new(),
            notice_version: String::new(),
            notice_hash: String::new(),
            notice_zh: String::new(),
            notice_en: String::new(),
        }
    }
}

/// Why a directory (usually the server's config file) is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DirectoryError {
    #[error("hotline {index} ({number:?}) is not a dialable number")]
    HotlineNotDialable { index: usize, number: String },
    #[error("the hotline list is empty")]
    NoHotlines,
    #[error("fever threshold {0} (tenths of °C) is outside 35.0–42.0 °C")]
    FeverThresholdOutOfRange(u16),
    #[error("cancellation notice of {0} minutes is more than a week")]
    NoticeTooLong(u32),
    #[error("the deadlines must be in order: declarations, classes, departments, school")]
    DeadlinesOutOfOrder,
    #[error("the longest leave must be 1 to 366 days, not {0}")]
    LeaveLimit(u32),
    #[error("the province's name must be 1 to 20 characters in both languages")]
    ProvinceName,
}

pub type Result<T> = std::result::Result<T, DirectoryError>;

impl Directory {
    /// The longest cancellation notice accepted: one week.
    pub const MAX_NOTICE_MINUTES: u32 = 7 * 24 * 60;

    /// Checks what a school could get wrong in its config file.
    pub fn validate(&self) -> Result<()> {
        if self.hotlines.is_empty() {
            return Err(DirectoryError::NoHotlines);
        }
        if let Some((index, line)) =
            self.hotlines.iter().enumerate().find(|(_, l)| !l.is_dialable())
        {
            return Err(DirectoryError::HotlineNotDialable { index, number: line.number.clone() });
        }
        if !(350..=420).contains(&self.rules.fever_from_tenths_c) {
            return Err(DirectoryError::FeverThresholdOutOfRange(self.rules.fever_from_tenths_c));
        }
        if self.cancellation_notice_minutes > Self::MAX_NOTICE_MINUTES {
            return Err(DirectoryError::NoticeTooLong(self.cancellation_notice_minutes));
        }
        if !self.deadlines.in_order() {
            return Err(DirectoryError::DeadlinesOutOfOrder);
        }
        if !(1..=366).contains(&self.max_leave_days) {
            return Err(DirectoryError::LeaveLimit(self.max_leave_days));
        }
        let name_ok = |name: &str| {
            name == name.trim() && (1..=MAX_PROVINCE_CHARS).contains(&name.chars().count())
        };
        if !name_ok(&self.province_zh) || !name_ok(&self.province_en) {
            return Err(DirectoryError::ProvinceName);
        }
        Ok(())
    }

    /// The numbers for the hotline bar on every screen: the school's lines as
    /// configured (not the clinic, which is shown with abnormal results),
    /// and always 12356, 120 and 110, even if the config leaves them out.
    pub fn bar_hotlines(&self) -> Vec<Hotline> {
        let mut lines: Vec<Hotline> =
            self.hotlines.iter().filter(|l| l.kind != HotlineKind::Clinic).cloned().collect();
        for (kind, number) in [
            (HotlineKind::National, "12356"),
            (HotlineKind::Ambulance, "120"),
            (HotlineKind::Police, "110"),
        ] {
            if !lines.iter().any(|l| l.kind == kind) {
                lines.push(Hotline::new(kind, number));
            }
        }
        lines
    }

    /// The hotline bar split in two: the numbers called in one tap from
    /// every screen (the school's first line, or the first listed, and the
    /// ambulance), and the rest, behind "more".
    pub fn bar_split(&self) -> (Vec<Hotline>, Vec<Hotline>) {
        let lines = self.bar_hotlines();
        let first = lines
            .iter()
            .position(|l| !matches!(l.kind, HotlineKind::Ambulance | HotlineKind::Police));
        let ambulance = lines.iter().position(|l| l.kind == HotlineKind::Ambulance);
        let (mut shown, mut more) = (Vec::new(), Vec::new());
        for (i, line) in lines.into_iter().enumerate() {
            if Some(i) == first || Some(i) == ambulance {
                shown.push(line);
            } else {
                more.push(line);
            }
        }
        (shown, more)
    }

    /// The first hotline of a kind, if the school lists one.
    pub fn hotline(&self, kind: HotlineKind) -> Option<&Hotline> {
        self.hotlines.iter().find(|l| l.kind == kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_default_directory_is_valid_and_has_spec_numbers() {
        let dir = Directory::default();
        assert_eq!(dir.validate(), Ok(()));
        assert_eq!(dir.hotline(HotlineKind::National).unwrap().number, "12356");
        assert_eq!(dir.hotline(HotlineKind::Ambulance).unwrap().number, "120");
        assert_eq!(dir.hotline(HotlineKind::Police).unwrap().number, "110");
        assert!(dir.hotline(HotlineKind::School).is_some());
    }

    #[test]
    fn test_bar_hotlines_always_has_national_ambulance_police() {
        let dir = Directory {
            hotlines: vec![
                Hotline::new(HotlineKind::School, "0898-1234 5678"),
                Hotline::new(HotlineKind::Clinic, "0898-1111 1111"),
            ],
            ..Directory::default()
        };
        let kinds: Vec<_> = dir.bar_hotlines().into_iter().map(|l| (l.kind, l.number)).collect();
        assert_eq!(
            kinds,
            vec![
                (HotlineKind::School, "0898-1234 5678".to_string()),
                (HotlineKind::National, "12356".to_string()),
                (HotlineKind::Ambulance, "120".to_string()),
                (HotlineKind::Police, "110".to_string()),
            ]
        );
    }

    #[test]
    fn test_bar_hotlines_keeps_configured_order_and_numbers() {
        let bar = Directory::default().bar_hotlines();
        let mut configured = Directory::default().hotlines;
        configured.retain(|l| l.kind != HotlineKind::Clinic);
        assert_eq!(bar, configured, "in order, the clinic kept for abnormal results");
    }

    #[test]
    fn test_default_notice_is_two_hours() {
        assert_eq!(Directory::default().cancellation_notice_minutes, 120);
    }

    #[test]
    fn test_directory_json_round_trip() {
        let dir = Directory { app_version: "1.2.3".into(), ..Directory::default() };
        let json = serde_json::to_string(&dir).unwrap();
        let back: Directory = serde_json::from_str(&json).unwrap();
        assert_eq!(back, dir);
    }

    #[test]
    fn test_partial_directory_json_keeps_defaults() {
        let dir: Directory = serde_json::from_str(r#"{"cancellation_notice_minutes":60}"#).unwrap();
        assert_eq!(dir.cancellation_notice_minutes, 60);
        assert_eq!(dir.hotlines, Directory::default().hotlines);
    }

    #[test]
    fn test_validate_rejects_bad_hotline() {
        let mut dir = Directory::default();
        dir.hotlines[1].number = "help".into();
        assert_eq!(
            dir.validate(),
            Err(DirectoryError::HotlineNotDialable { index: 1, number: "help".into() })
        );
    }

    #[test]
    fn test_validate_rejects_empty_hotlines_threshold_and_notice() {
        let dir = Directory { hotlines: vec![], ..Directory::default() };
        assert_eq!(dir.validate(), Err(DirectoryError::NoHotlines));

        let mut dir = Directory::default();
        dir.rules.fever_from_tenths_c = 45;
        assert_eq!(dir.validate(), Err(DirectoryError::FeverThresholdOutOfRange(45)));

        let dir = Directory { cancellation_notice_minutes: 20_000, ..Directory::default() };
        assert_eq!(dir.validate(), Err(DirectoryError::NoticeTooLong(20_000)));

        let mut dir = Directory::default();
        dir.deadlines.school = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        assert_eq!(dir.validate(), Err(DirectoryError::DeadlinesOutOfOrder));
        let dir = Directory { max_leave_days: 0, ..Directory::default() };
        assert_eq!(dir.validate(), Err(DirectoryError::LeaveLimit(0)));
    }

    #[test]
    fn test_bar_split_shows_the_school_line_and_120_first() {
        let numbers = |lines: Vec<Hotline>| lines.into_iter().map(|l| l.number).collect::<Vec<_>>();
        let (shown, more) = Directory::default().bar_split();
        assert_eq!(numbers(shown), ["0898-6600 0000", "120"]);
        assert_eq!(numbers(more), ["12356", "110"]);
        // No school line configured: the national line takes its place.
        let dir = Directory {
            hotlines: vec![Hotline::new(HotlineKind::Police, "110")],
            ..Directory::default()
        };
        let (shown, more) = dir.bar_split();
        assert_eq!(numbers(shown), ["12356", "120"]);
        assert_eq!(numbers(more), ["110"]);
    }

    #[test]
    fn test_province_defaults_to_hainan_and_its_name_is_checked() {
        let dir: Directory = serde_json::from_str(r#"{"province_zh":"广东"}"#).unwrap();
        assert_eq!((dir.province_zh.as_str(), dir.province_en.as_str()), ("广东", "Hainan"));
        for (zh, en) in [("", "Hainan"), ("海南", " Hainan"), ("海南", &"x".repeat(21))] {
            let dir = Directory {
                province_zh: zh.into(),
                province_en: en.into(),
                ..Directory::default()
            };
            assert_eq!(dir.validate(), Err(DirectoryError::ProvinceName), "{zh:?} {en:?}");
        }
    }
}
