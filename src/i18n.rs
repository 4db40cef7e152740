//! Every string of the UI, in Simplified Chinese (default) and English.
//!
//! A typed table rather than string keys: a string missing in one language
//! is a compile error, and the whole table costs a few kilobytes.

use anxin_domain::HotlineKind;
use serde::{Deserialize, Serialize};

mod blank;
#[cfg(test)]
mod completeness;
mod decisions;
mod en;
mod gate;
mod labels;
mod pass;
pub mod returns;
mod staff;
mod visitors;
mod waitlist;
pub mod when;
mod zh;

pub use blank::{Blank, Blank2};
pub use decisions::DecisionTexts;
pub use gate::GateTexts;
pub use pass::PassTexts;
pub use staff::{DeskTexts, ReportTexts};
pub use visitors::VisitorTexts;
pub use waitlist::WaitlistTexts;

/// The UI language, remembered per device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::ZhCn, Lang::En];

    /// The language of a first visit, from the browser's preferred
    /// language (its first): English for foreign teachers and
    /// international students whose browser asks for it, Chinese
    /// otherwise.
    pub fn for_browser(preferred: Option<&str>) -> Lang {
        match preferred {
            Some(tag) if tag.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("en")) => Lang::En,
            _ => Lang::ZhCn,
        }
    }

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
    pub nav_pass: &'static str,
    pub pass_title: &'static str,
    /// The app's page at `/pass` when the pass bundle is not on the phone.
    pub pass_offline: &'static str,
    pub pass_open: &'static str,
    pub online: &'static str,
    pub offline: &'static str,
    pub hotline_title: &'static str,
    /// Opens the rest of the hotlines in the bar.
    pub hotline_more: &'static str,
    /// Before the name of the person's advisor, or department office.
    pub contact_advisor: &'static str,
    pub contact_office: &'static str,
    /// Opens the banners folded under the first: "2 more notices".
    pub banners_more: fn(usize) -> String,
    pub banners_less: &'static str,
    pub hotline_school: &'static str,
    pub hotline_national: &'static str,
    pub hotline_clinic: &'static str,
    pub hotline_ambulance: &'static str,
    pub hotline_police: &'static str,
    pub today_title: &'static str,
    pub today_intro: &'static str,
    pub counselling_title: &'static str,
    pub counselling_intro: &'static str,
    /// The booking page (a bundle of its own) opened offline before it was
    /// kept here; the crisis path below it works.
    pub counselling_offline: &'static str,
    pub counselling_open: &'static str,
    pub reports_title: &'static str,
    pub reports_offline: &'static str,
    pub reports_open: &'static str,
    pub nav_gate: &'static str,
    pub gate_title: &'static str,
    pub gate_offline: &'static str,
    pub gate_open: &'static str,
    pub visitors_link: &'static str,
    pub settings_title: &'static str,
    pub settings_language: &'static str,
    pub settings_language_hint: &'static str,
    pub settings_about: &'static str,
    pub settings_app_version: &'static str,
    pub settings_directory_updated: &'static str,
    pub settings_directory_never: &'static str,
    pub settings_directory_builtin: &'static str,
    pub storage_failed: &'static str,
    /// The device's storage is full: what was just done is not saved.
    pub storage_full: &'static str,
    pub storage_corrupt: &'static str,
    pub not_found_title: &'static str,
    pub not_found_back: &'static str,
    pub sync_undelivered: Blank<usize>,
    pub sync_last: &'static str,
    pub sync_never: &'static str,
    pub sync_sending: &'static str,
    pub sync_failed: &'static str,
    pub sync_refused: Blank<str>,
    pub sync_needs_update: &'static str,
    pub sync_now: &'static str,
    pub export_title: &'static str,
    pub export_hint: &'static str,
    pub export_button: &'static str,
    pub rejected_title: &'static str,
    pub rejected_day: &'static str,
    pub rejected_booking: &'static str,
    pub rejected_return: &'static str,
    pub rejected_report: &'static str,
    pub reject_invalid_booking: &'static str,
    pub reject_unknown_booking: &'static str,
    pub reject_too_late_to_change: &'static str,
    pub reject_too_many_bookings: &'static str,
    pub reject_malformed_id: &'static str,
    pub reject_invalid_answers: &'static str,
    pub reject_day_in_future: &'static str,
    pub reject_day_too_old: &'static str,
    pub reject_unknown_notice: &'static str,
    pub reject_consent_required: &'static str,
    pub reject_call_back_open: &'static str,
    pub reject_deletion_pending: &'static str,
    pub reject_on_waitlist: &'static str,
    pub reject_not_on_waitlist: &'static str,
    /// The privacy notice before the first declaration (SPEC §7).
    pub notice_title: &'static str,
    pub notice_intro: &'static str,
    pub notice_accept: &'static str,
    /// The counselling service's separate consent, at the first booking.
    pub consent_title: &'static str,
    pub consent_text: &'static str,
    pub consent_accept: &'static str,
    /// Settings → Privacy.
    pub privacy_title: &'static str,
    pub privacy_notice_seen: &'static str,
    pub privacy_notice_reread: &'static str,
    pub privacy_counselling: &'static str,
    pub privacy_consent_given: &'static str,
    pub privacy_consent_none: &'static str,
    pub privacy_withdraw: &'static str,
    pub privacy_withdraw_warning: &'static str,
    pub privacy_withdraw_confirm: &'static str,
    pub privacy_export: &'static str,
    pub privacy_export_hint: &'static str,
    pub privacy_export_failed: &'static str,
    /// A request for deletion, and the school's answer.
    pub privacy_delete: &'static str,
    pub privacy_delete_hint: &'static str,
    pub privacy_delete_note: &'static str,
    pub privacy_delete_send: &'static str,
    pub privacy_delete_queued: &'static str,
    pub privacy_delete_waiting: &'static str,
    pub privacy_delete_completed: &'static str,
    pub privacy_delete_kept: &'static str,
    pub privacy_delete_too_long: &'static str,
    /// The optional wellbeing question after the declaration (SPEC §3).
    pub wellbeing_offer_title: &'static str,
    pub wellbeing_offer_text: &'static str,
    pub wellbeing_turn_on: &'static str,
    pub wellbeing_no_thanks: &'static str,
    pub wellbeing_question: &'static str,
    pub feeling_fine: &'static str,
    pub feeling_worried: &'static str,
    pub feeling_very_low: &'static str,
    pub wellbeing_thanks: &'static str,
    pub wellbeing_very_low: &'static str,
    pub wellbeing_book: &'static str,
    pub privacy_wellbeing: &'static str,
    pub privacy_wellbeing_on: &'static str,
    pub privacy_wellbeing_off: &'static str,
    pub privacy_wellbeing_turn_on: &'static str,
    pub privacy_wellbeing_turn_off: &'static str,
    pub privacy_wellbeing_off_warning: &'static str,
    pub reject_bad_reason: &'static str,
    pub reject_id_reused: &'static str,
    pub reject_not_your_scope: &'static str,
    /// A report action refused: its own reason is said in the report.
    /// A return application's refusal, said on the pass page.
    pub reject_return: &'static str,
    pub reject_report_action: &'static str,
    pub reject_gate_record: &'static str,
    pub sign_in_title: &'static str,
    pub sign_in_intro: &'static str,
    pub first_sign_in_title: &'static str,
    pub first_sign_in_intro: &'static str,
    pub account_id: &'static str,
    pub password: &'static str,
    pub one_time_code: &'static str,
    pub new_password: &'static str,
    pub repeat_password: &'static str,
    pub first_sign_in_submit: &'static str,
    pub to_first_sign_in: &'static str,
    pub to_password_sign_in: &'static str,
    pub problem_wrong_credentials: &'static str,
    pub problem_code_format: &'static str,
    pub problem_code_invalid: &'static str,
    pub problem_password_short: &'static str,
    pub problem_password_common: &'static str,
    pub problem_password_mismatch: &'static str,
    pub sign_in_offline: &'static str,
    pub sign_in_rate_limited: Blank<u32>,
    pub sign_in_rate_limited_later: &'static str,
    pub sign_in_failed: &'static str,
    pub session_ended: &'static str,
    pub session_reset: &'static str,
    /// When (first) and by whom (second) a password was reset.
    pub reset_notice: Blank2<str, str>,
    pub reset_by_server: &'static str,
    pub reset_notice_ok: &'static str,
    pub session_waiting: Blank<usize>,
    pub no_declarant: &'static str,
    pub account_title: &'static str,
    pub role_declarant: &'static str,
    pub role_advisor: &'static str,
    pub role_office: &'static str,
    pub role_counsellor: &'static str,
    pub role_admin: &'static str,
    pub role_guard: &'static str,
    pub sign_out: &'static str,
    pub sign_out_warning: Blank<str>,
    pub sign_out_confirm: Blank<str>,
    pub field_temperature: &'static str,
    pub field_measured_at: &'static str,
    pub field_symptoms: &'static str,
    pub symptom_none: &'static str,
    /// Opens the list of symptoms.
    pub symptom_some: &'static str,
    pub symptom_fever: &'static str,
    pub symptom_cough: &'static str,
    pub symptom_sore_throat: &'static str,
    pub symptom_fatigue: &'static str,
    pub symptom_shortness_of_breath: &'static str,
    pub symptom_diarrhoea: &'static str,
    pub symptom_loss_of_taste_or_smell: &'static str,
    pub field_location: &'static str,
    pub location_on_campus: &'static str,
    pub location_home_in_province: &'static str,
    pub location_outside_province: &'static str,
    pub field_city: &'static str,
    pub field_district: &'static str,
    pub field_left_province: &'static str,
    /// "Have you returned to Hainan?": the directory names the province.
    pub field_returned: fn(&str) -> String,
    pub field_returned_on: &'static str,
    pub field_exposure: &'static str,
    pub exposure_confirmed_case: &'static str,
    pub exposure_suspected_case: &'static str,
    pub exposure_high_risk_area: &'static str,
    pub exposure_household_symptoms: &'static str,
    pub field_status: &'static str,
    pub status_normal: &'static str,
    pub status_home_observation: &'static str,
    pub status_medical_isolation: &'static str,
    pub status_suspected: &'static str,
    pub status_confirmed: &'static str,
    pub field_remarks: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub submit: &'static str,
    pub submit_correction: &'static str,
    pub field_reason: &'static str,
    pub problem_required: &'static str,
    pub problem_not_a_temperature: &'static str,
    pub problem_out_of_range: &'static str,
    pub problem_not_a_time: &'static str,
    pub problem_not_a_date: &'static str,
    pub problem_in_future: &'static str,
    pub problem_none_with_symptom: &'static str,
    pub problem_too_long: &'static str,
    pub problem_outside_yet_returned: &'static str,
    /// "Did you mean 36.5 °C?", for digits typed without their point.
    pub temperature_suggest: fn(&str) -> String,
    /// The one tap that takes over yesterday's situation, and what it does.
    pub same_situation: &'static str,
    pub same_situation_hint: &'static str,
    /// The taken-over situation in one line, and the way to change it.
    pub situation_as_before: &'static str,
    pub situation_change: &'static str,
    pub situation_stayed: &'static str,
    pub situation_left: &'static str,
    pub situation_no_exposure: &'static str,
    pub situation_exposure: &'static str,
    /// The remark's length against its limit: "120 / 500".
    pub remarks_count: fn(usize, usize) -> String,
    pub problem_reason_required: &'static str,
    pub problem_nothing_changed: &'static str,
    pub state_missing: &'static str,
    pub state_saved: &'static str,
    pub state_sending: &'static str,
    pub state_delivered: &'static str,
    pub state_rejected: &'static str,
    pub reminder_missing: &'static str,
    /// `{}`: the advisor's comment.
    pub sent_back_banner: Blank<str>,
    /// `{}`: who reminds (the advisor, or the department office).
    pub advisor_reminder: Blank<str>,
    pub result_normal: &'static str,
    pub result_abnormal: &'static str,
    pub advice_stay: &'static str,
    pub reason_fever: Blank<str>,
    pub reason_outside_province: &'static str,
    pub reason_exposure: &'static str,
    pub reason_status: &'static str,
    pub reason_symptom: &'static str,
    pub correct_button: &'static str,
    pub cancel: &'static str,
    pub repeat_flag: &'static str,
    pub history_title: &'static str,
    pub history_empty: &'static str,
    pub history_abnormal: &'static str,
    pub history_revision: Blank<u32>,
    pub history_reason: &'static str,
    pub history_link: &'static str,
    pub delivery_saved: &'static str,
    pub delivery_sending: &'static str,
    pub delivery_delivered: &'static str,
    pub delivery_rejected: &'static str,
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
    // counselling (person)
    pub need_help: &'static str,
    pub self_urgency: &'static str,
    pub self_routine: &'static str,
    pub self_soon: &'static str,
    pub self_crisis: &'static str,
    pub crisis_title: &'static str,
    pub crisis_intro: &'static str,
    pub crisis_callback_title: &'static str,
    pub crisis_callback_hint: &'static str,
    pub crisis_callback_submit: &'static str,
    pub crisis_callback_queued: &'static str,
    pub crisis_sign_in: &'static str,
    pub book_title: &'static str,
    pub book_sign_in: &'static str,
    pub book_counsellor: &'static str,
    pub book_first_available: &'static str,
    pub book_mode: &'static str,
    pub book_mode_any: &'static str,
    pub book_slots: &'static str,
    pub book_first_hint: &'static str,
    pub book_no_slots: &'static str,
    pub book_no_duty_hours: &'static str,
    pub book_no_free_times: &'static str,
    pub book_schedule_updated: &'static str,
    pub book_schedule_never: &'static str,
    pub book_topic: &'static str,
    pub book_phone: &'static str,
    pub book_anonymous: &'static str,
    pub book_anonymous_hint: &'static str,
    pub book_submit: &'static str,
    pub book_queued: &'static str,
    pub book_problem_phone: &'static str,
    pub book_problem_topic: &'static str,
    pub book_problem_slot: &'static str,
    pub book_problem_reason: &'static str,
    pub book_minutes: Blank<u16>,
    pub my_bookings_title: &'static str,
    pub my_bookings_empty: &'static str,
    pub booking_not_sent: &'static str,
    pub booking_waiting: &'static str,
    pub booking_confirmed: &'static str,
    pub booking_accepted: &'static str,
    pub booking_taken: &'static str,
    pub booking_taken_none: &'static str,
    pub booking_declined: &'static str,
    pub booking_cancelled: &'static str,
    pub booking_moved: &'static str,
    pub booking_completed: &'static str,
    pub booking_no_show: &'static str,
    pub booking_rejected: &'static str,
    pub booking_proposed: &'static str,
    pub booking_accept_proposal: &'static str,
    pub booking_moving: &'static str,
    pub booking_cancelling: &'static str,
    pub booking_followed_up: &'static str,
    pub booking_cancel_refused: Blank<str>,
    pub booking_cancel: &'static str,
    pub booking_reschedule: &'static str,
    pub booking_reason: &'static str,
    pub booking_confirm_cancel: &'static str,
    pub booking_confirm_move: &'static str,
    pub booking_too_late: Blank<u32>,
    pub booking_started: &'static str,
    pub booking_ics: &'static str,
    pub booking_took_alternative: &'static str,
    pub booking_took_proposal: &'static str,
    pub booking_topic: &'static str,
    pub booking_anonymous: &'static str,
    pub booking_call_back: Blank<str>,
    pub booking_asked_for: Blank<str>,
    pub booking_keep: &'static str,
    pub news_booked: Blank<str>,
    pub news_accepted: Blank<str>,
    pub news_proposed: Blank<str>,
    pub news_taken: &'static str,
    pub news_declined: &'static str,
    pub news_refused: &'static str,
    pub ics_summary: &'static str,
    pub ics_reminder: &'static str,
    // counselling (counsellor)
    pub nav_counsellor: &'static str,
    pub desk_title: &'static str,
    pub desk_offline: &'static str,
    pub desk_open: &'static str,
    pub urgency_routine: &'static str,
    pub urgency_soon: &'static str,
    pub urgency_crisis: &'static str,
    pub mode_phone: &'static str,
    pub mode_online: &'static str,
    pub mode_in_person: &'static str,
    pub appt_confirmed: &'static str,
    pub appt_declined: &'static str,
    pub appt_cancelled: &'static str,
    pub appt_completed: &'static str,
    pub appt_no_show: &'static str,
    pub appt_slot_taken: &'static str,
    pub err_not_confirmed: &'static str,
    pub err_not_started: &'static str,
    pub err_already_ended: &'static str,
    pub err_bad_reason: &'static str,
    pub err_too_late_to_propose: &'static str,
    pub err_not_marked: &'static str,
    pub err_too_late_to_undo: &'static str,
    pub err_slot: &'static str,
    pub err_forbidden: &'static str,
    pub err_not_found: &'static str,
    /// The server's own failure, or its storage out of reach.
    pub err_server_busy: &'static str,
    /// A request the server could not take as sent (an old app, a bad value).
    pub err_request_refused: &'static str,
    pub err_offline: &'static str,
    pub err_failed: Blank<str>,
    pub weekdays: [&'static str; 7],
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

/// An RFC 3339 instant in the one way of the language (see [`when`]).
/// (Read by the browser's date parser: chrono's would cost the first load.)
pub fn local_date_time(iso: &str, lang: Lang) -> String {
    let millis = js_sys::Date::parse(iso);
    match chrono::DateTime::from_timestamp_millis(millis as i64).filter(|_| millis.is_finite()) {
        Some(at) => local_instant(at, lang),
        None => iso.to_owned(),
    }
}

/// An instant in the one way of the language (see [`when`]).
pub fn local_instant(at: chrono::DateTime<chrono::Utc>, lang: Lang) -> String {
    when::instant_at(at, lang, crate::declaring::device_now())
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
    fn test_every_error_code_is_said_in_both_languages() {
        for lang in Lang::ALL {
            let texts = lang.texts();
            let mut seen = std::collections::BTreeSet::new();
            for code in anxin_domain::ErrorCode::ALL {
                if code.is_about_the_request() {
                    assert!(!texts.refusal(code).trim().is_empty(), "{lang:?} {code:?}");
                    continue;
                }
                let text = texts.report_refusal(code);
                assert!(!text.trim().is_empty(), "{lang:?} {code:?}");
                assert!(seen.insert(text), "{lang:?}: {code:?} says what another code says");
                // The app says its own refusals and points to the report
                // for the report's (whose words it does not carry).
                let in_app = texts.refusal(code);
                assert!(
                    in_app == text
                        || in_app == texts.reject_report_action
                        || in_app == texts.reject_return
                        || in_app == texts.reject_gate_record,
                    "{lang:?} {code:?}"
                );
            }
            assert_eq!(
                texts.refusal(anxin_domain::ErrorCode::ReminderCap),
                texts.reject_report_action
            );
            assert_ne!(
                texts.refusal(anxin_domain::ErrorCode::DayInFuture),
                texts.reject_report_action
            );
        }
    }

    #[test]
    fn test_first_visit_follows_an_english_browser_only() {
        assert_eq!(Lang::for_browser(Some("en-US")), Lang::En);
        assert_eq!(Lang::for_browser(Some("EN")), Lang::En);
        for other in [Some("zh-CN"), Some("fr-FR"), Some("e"), Some(""), None] {
            assert_eq!(Lang::for_browser(other), Lang::ZhCn, "{other:?}");
        }
    }

    #[test]
    fn test_lang_serializes_as_tag() {
        assert_eq!(serde_json::to_string(&Lang::ZhCn).unwrap(), "\"zh-CN\"");
        assert_eq!(serde_json::from_str::<Lang>("\"en\"").unwrap(), Lang::En);
    }
}
