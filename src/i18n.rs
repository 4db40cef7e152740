//! Every string of the UI, in Simplified Chinese (default) and English.
//!
//! A typed table rather than string keys: a string missing in one language
//! is a compile error, and the whole table costs a few kilobytes.

use anxin_domain::HotlineKind;
use serde::{Deserialize, Serialize};

mod en;
mod zh;

/// The UI language, remembered per device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::ZhCn, Lang::En];

    /// The BCP 47 tag, for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The language's name in itself, for the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::ZhCn => "简体中文",
            Lang::En => "English",
        }
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::ZhCn => &zh::TEXTS,
            Lang::En => &en::TEXTS,
        }
    }
}

/// All UI strings of one language.
#[derive(Debug)]
pub struct Texts {
    pub app_name: &'static str,
    pub nav_today: &'static str,
    pub nav_counselling: &'static str,
    pub nav_reports: &'static str,
    pub nav_settings: &'static str,
    pub online: &'static str,
    pub offline: &'static str,
    pub offline_explainer: &'static str,
    pub hotline_title: &'static str,
    pub hotline_school: &'static str,
    pub hotline_national: &'static str,
    pub hotline_clinic: &'static str,
    pub hotline_ambulance: &'static str,
    pub hotline_police: &'static str,
    pub today_title: &'static str,
    pub today_intro: &'static str,
    pub today_coming: &'static [&'static str],
    pub counselling_title: &'static str,
    pub counselling_intro: &'static str,
    pub counselling_coming: &'static [&'static str],
    pub reports_title: &'static str,
    pub reports_intro: &'static str,
    pub reports_coming: &'static [&'static str],
    pub settings_title: &'static str,
    pub settings_language: &'static str,
    pub settings_language_hint: &'static str,
    pub settings_about: &'static str,
    pub settings_app_version: &'static str,
    pub settings_directory_updated: &'static str,
    pub settings_directory_never: &'static str,
    pub settings_directory_builtin: &'static str,
    pub storage_failed: &'static str,
    pub storage_corrupt: &'static str,
    pub not_found_title: &'static str,
    pub not_found_back: &'static str,
    pub coming_heading: &'static str,
    pub update_ready: &'static str,
    pub update_reload: &'static str,
    pub settings_build: &'static str,
    pub settings_storage: &'static str,
    pub storage_persistent: &'static str,
    pub storage_not_persistent: &'static str,
    pub storage_usage: &'static str,
    pub storage_keep: &'static str,
    pub storage_unknown: &'static str,
    pub storage_ios_hint: &'static str,
}

impl Texts {
    pub fn hotline(&self, kind: HotlineKind) -> &'static str {
        match kind {
            HotlineKind::School => self.hotline_school,
            HotlineKind::National => self.hotline_national,
            HotlineKind::Clinic => self.hotline_clinic,
            HotlineKind::Ambulance => self.hotline_ambulance,
            HotlineKind::Police => self.hotline_police,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn non_empty(texts: &Texts) -> bool {
        let fields = [
            texts.app_name,
            texts.nav_today,
            texts.nav_counselling,
            texts.nav_reports,
            texts.nav_settings,
            texts.online,
            texts.offline,
            texts.hotline_title,
            texts.today_title,
            texts.counselling_title,
            texts.reports_title,
            texts.settings_title,
        ];
        fields.iter().all(|f| !f.trim().is_empty())
    }

    #[test]
    fn test_default_language_is_simplified_chinese() {
        assert_eq!(Lang::default(), Lang::ZhCn);
        assert_eq!(Lang::default().tag(), "zh-CN");
    }

    #[test]
    fn test_both_languages_have_their_strings() {
        for lang in Lang::ALL {
            assert!(non_empty(lang.texts()), "{lang:?}");
        }
        assert_ne!(Lang::ZhCn.texts().nav_today, Lang::En.texts().nav_today);
    }

    #[test]
    fn test_lang_serializes_as_tag() {
        assert_eq!(serde_json::to_string(&Lang::ZhCn).unwrap(), "\"zh-CN\"");
        assert_eq!(serde_json::from_str::<Lang>("\"en\"").unwrap(), Lang::En);
    }
}
