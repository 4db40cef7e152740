//! The staff bundles' own words: the counselling desk's and the daily
//! report's, in tables apart from [`Texts`], so that the students' app,
//! which never shows them, does not carry them (the first load's size
//! budget). Reached from the language's [`Texts`]: `t.desk()`,
//! `t.reports()`.

use anxin_domain::gate::GateProblem;
use anxin_domain::ErrorCode;

use super::{en, zh, Blank, Blank2, Texts};

/// The counselling desk's words.
#[derive(Debug)]
pub struct DeskTexts {
    pub desk_intro: &'static str,
    pub desk_back: &'static str,
    pub desk_not_counsellor: &'static str,
    pub desk_sign_in_first: &'static str,
    pub desk_sign_in: &'static str,
    pub desk_reload: &'static str,
    pub desk_loading: &'static str,
    pub desk_crisis_title: &'static str,
    pub desk_off_duty: Blank<usize>,
    pub appt_off_duty: &'static str,
    pub desk_today: &'static str,
    pub desk_week: &'static str,
    pub desk_unmarked: &'static str,
    pub desk_none: &'static str,
    pub appt_accepted: &'static str,
    pub appt_not_accepted: &'static str,
    pub appt_topic: &'static str,
    pub appt_phone: &'static str,
    pub appt_reason: &'static str,
    pub appt_proposed: &'static str,
    pub act_accept: &'static str,
    pub act_decline: &'static str,
    pub act_decline_reason: &'static str,
    pub act_decline_send: &'static str,
    pub act_propose: &'static str,
    pub act_propose_pick: &'static str,
    pub act_propose_send: &'static str,
    pub act_propose_none: &'static str,
    pub act_propose_choose: &'static str,
    pub act_propose_choose_first: &'static str,
    pub act_propose_too_late: &'static str,
    pub act_complete: &'static str,
    pub act_no_show: &'static str,
    pub act_done: &'static str,
    pub act_confirm_complete: &'static str,
    pub act_confirm_no_show: &'static str,
    pub act_confirm_yes: &'static str,
    pub act_confirm_back: &'static str,
    pub act_undo: &'static str,
    pub act_undo_until: Blank<str>,
    pub act_undone: &'static str,
    pub appt_moved: Blank<str>,
    pub desk_later: Blank<str>,
    pub desk_week_next: &'static str,
    pub desk_week_previous: &'static str,
    pub plan_session: &'static str,
    pub plan_gap: &'static str,
    pub plan_sessions: Blank<str>,
    pub plan_problem_gap: Blank<str>,
    pub attendance_title: &'static str,
    pub attendance_hint: &'static str,
    pub attendance_visitor: &'static str,
    pub attendance_completed: &'static str,
    pub attendance_no_show: &'static str,
    pub attendance_cancelled: &'static str,
    pub attendance_declined: &'static str,
    pub attendance_upcoming: &'static str,
    pub attendance_unmarked: &'static str,
    pub attendance_none: &'static str,
    pub notes_title: &'static str,
    pub notes_toggle: &'static str,
    pub notes_passphrase: &'static str,
    pub notes_passphrase_hint: &'static str,
    pub notes_passphrase_use: &'static str,
    pub notes_passphrase_forget: &'static str,
    pub notes_passphrase_short: &'static str,
    pub notes_passphrase_set: &'static str,
    pub notes_read: &'static str,
    pub notes_save: &'static str,
    pub notes_saved: &'static str,
    pub notes_opened: &'static str,
    pub notes_none: &'static str,
    pub notes_wrong_passphrase: &'static str,
    pub notes_unsupported: &'static str,
    pub notes_working: &'static str,
    pub notes_empty: &'static str,
    pub notes_read_first: &'static str,
    pub notes_would_replace: &'static str,
    pub notes_replace: &'static str,
    pub plan_title: &'static str,
    pub plan_intro: &'static str,
    pub plan_weekday: &'static str,
    pub plan_start: &'static str,
    pub plan_minutes: &'static str,
    pub plan_mode: &'static str,
    pub plan_room: &'static str,
    pub plan_add_slot: &'static str,
    pub plan_remove: &'static str,
    pub plan_leaves: &'static str,
    pub plan_leave_from: &'static str,
    pub plan_leave_to: &'static str,
    pub plan_leave_note: &'static str,
    pub plan_add_leave: &'static str,
    pub plan_publish: &'static str,
    pub plan_published: &'static str,
    pub plan_problem_length: Blank<str>,
    pub plan_problem_midnight: Blank<str>,
    pub plan_problem_overlap: Blank<str>,
    pub plan_problem_room: Blank<str>,
    pub plan_problem_time: Blank<usize>,
    pub plan_problem_leave: Blank<usize>,
}

/// The daily report's words.
#[derive(Debug)]
pub struct ReportTexts {
    pub title: &'static str,
    pub back: &'static str,
    pub scope: &'static str,
    pub school: &'static str,
    pub day: &'static str,
    pub refresh: &'static str,
    pub loading: &'static str,
    pub as_of: Blank<str>,
    pub kept_copy: Blank<str>,
    pub other_day: Blank<str>,
    pub offline: &'static str,
    pub none_kept: &'static str,
    pub unknown_day: &'static str,
    pub sign_in_first: &'static str,
    pub open_app: &'static str,
    pub no_scope: &'static str,
    pub completion: &'static str,
    pub declared_of: Blank2<u32, u32>,
    pub by_category: &'static str,
    pub category: &'static str,
    pub categories: [&'static str; 4],
    pub col_declared: &'static str,
    pub col_declared_of: &'static str,
    pub fig_expected: &'static str,
    pub fig_on_time: &'static str,
    pub fig_late: &'static str,
    pub fig_excused: &'static str,
    pub fig_missing: &'static str,
    pub fig_abnormal: &'static str,
    pub fig_sent_back: &'static str,
    pub fig_identical: &'static str,
    pub fig_delivered_late: &'static str,
    pub fig_clock_doubtful: &'static str,
    pub on_time: &'static str,
    pub late_by: Blank<u32>,
    pub not_received: &'static str,
    pub not_received_no_reason: &'static str,
    pub not_named: &'static str,
    pub abnormal: &'static str,
    pub sent_back_pending: &'static str,
    pub reason_kinds: [&'static str; 5],
    pub reason: &'static str,
    pub note_optional: &'static str,
    pub note_required: &'static str,
    pub leave_from: &'static str,
    pub leave_to: &'static str,
    pub record_reason: &'static str,
    pub send_back: &'static str,
    pub send_back_comment: &'static str,
    pub sent_back_note: Blank<str>,
    pub filed_at: Blank<str>,
    pub call: Blank<str>,
    pub answers: &'static str,
    pub flag_identical: &'static str,
    pub flag_delivered_late: &'static str,
    pub flag_clock_doubtful: &'static str,
    pub reminded_times: Blank<u32>,
    pub nobody_named: &'static str,
    pub people_class: &'static str,
    pub people_department: &'static str,
    pub people_school: &'static str,
    pub classes: &'static str,
    pub departments: &'static str,
    pub signing: &'static str,
    pub state_unsigned: &'static str,
    pub state_signed: Blank<u32>,
    pub state_amended: Blank<u32>,
    pub state_returned: Blank2<u32, str>,
    pub zero_report: &'static str,
    pub zero_hint: &'static str,
    pub deadline: Blank<str>,
    pub cannot_sign_yet: &'static str,
    pub blocked_future: &'static str,
    pub blocked_unexplained: [Blank<u32>; 2],
    pub blocked_classes: [Blank<u32>; 2],
    pub blocked_departments: [Blank<u32>; 2],
    pub blocked_signed: &'static str,
    pub sign_report: &'static str,
    pub sign_zero: &'static str,
    pub sign_amendment: &'static str,
    pub sign_again: &'static str,
    pub version: Blank<u32>,
    pub returned_by: Blank2<str, str>,
    pub amended_since: Blank<u32>,
    pub before: &'static str,
    pub after: &'static str,
    pub corrected_after_signing: &'static str,
    pub amended: &'static str,
    pub yes_amended: &'static str,
    pub return_open: &'static str,
    pub return_reason: &'static str,
    pub return_version: Blank<u32>,
    pub remind_all: [Blank<u32>; 2],
    pub remind_signers: [Blank<u32>; 2],
    pub reminded_result: Blank2<u32, u32>,
    pub sign_reminder: Blank2<str, str>,
    pub did_reason: &'static str,
    pub did_send_back: &'static str,
    pub did_remind: &'static str,
    pub did_remind_signers: &'static str,
    pub did_sign: &'static str,
    pub did_return: Blank<u32>,
    pub trend: &'static str,
    pub trend_alt: &'static str,
    pub as_table: &'static str,
    pub export: &'static str,
    pub export_offline: &'static str,
    pub code_title: &'static str,
    pub code_intro: &'static str,
    pub code_issue: &'static str,
    pub code_for: &'static str,
    pub code_valid_until: &'static str,
    pub code_invalid_id: &'static str,
    pub code_not_yours: &'static str,
    pub code_no_one: &'static str,
    pub class_codes_title: &'static str,
    pub class_codes_intro: &'static str,
    /// "Codes for 软件2001".
    pub class_codes_for: fn(&str) -> String,
    pub class_codes_name: &'static str,
    pub class_codes_code: &'static str,
    pub class_codes_none: &'static str,
    pub class_codes_print: &'static str,
    pub reject_text_required: &'static str,
    pub reject_text_too_long: &'static str,
    pub reject_range_backwards: &'static str,
    pub reject_range_too_long: &'static str,
    pub reject_range_only_for_leave: &'static str,
    pub reject_not_expected: &'static str,
    pub reject_not_missing: &'static str,
    pub reject_not_current_revision: &'static str,
    pub reject_already_sent_back: &'static str,
    pub reject_reminder_cap: &'static str,
    pub reject_nobody_to_remind: &'static str,
    pub reject_not_signable: &'static str,
    pub reject_figures_changed: &'static str,
    pub reject_already_signed: &'static str,
    pub reject_nothing_to_return: &'static str,
    pub reject_unknown_scope: &'static str,
    pub reject_not_under_observation: &'static str,
    pub in_observation: &'static str,
    pub end_observation: &'static str,
    pub end_observation_reason: &'static str,
    pub end_observation_send: &'static str,
    pub end_observation_queued: &'static str,
    pub gate_title: &'static str,
    pub gate_columns: [&'static str; 6],
}

impl Texts {
    pub(super) fn is_zh(&self) -> bool {
        std::ptr::eq(self, &zh::TEXTS)
    }

    /// The counselling desk's words in this language.
    pub fn desk(&self) -> &'static DeskTexts {
        if self.is_zh() {
            &zh::DESK
        } else {
            &en::DESK
        }
    }

    /// Why the server refused a report action or read, from its code:
    /// the daily report's own refusals, and the app's for the rest.
    pub fn report_refusal(&self, code: ErrorCode) -> &'static str {
        let r = self.reports();
        match code {
            ErrorCode::TextRequired => r.reject_text_required,
            ErrorCode::TextTooLong => r.reject_text_too_long,
            ErrorCode::RangeBackwards => r.reject_range_backwards,
            ErrorCode::RangeTooLong => r.reject_range_too_long,
            ErrorCode::RangeOnlyForLeave => r.reject_range_only_for_leave,
            ErrorCode::NotExpected => r.reject_not_expected,
            ErrorCode::NotMissing => r.reject_not_missing,
            ErrorCode::NotCurrentRevision => r.reject_not_current_revision,
            ErrorCode::AlreadySentBack => r.reject_already_sent_back,
            ErrorCode::ReminderCap => r.reject_reminder_cap,
            ErrorCode::NobodyToRemind => r.reject_nobody_to_remind,
            ErrorCode::NotSignable => r.reject_not_signable,
            ErrorCode::FiguresChanged => r.reject_figures_changed,
            ErrorCode::AlreadySigned => r.reject_already_signed,
            ErrorCode::NothingToReturn => r.reject_nothing_to_return,
            ErrorCode::UnknownScope => r.reject_unknown_scope,
            ErrorCode::NotUnderObservation => r.reject_not_under_observation,
            ErrorCode::BadGate => self.gate().problem(GateProblem::BadGate),
            ErrorCode::TemperatureMissing => self.gate().problem(GateProblem::TemperatureMissing),
            ErrorCode::TemperatureOutOfRange => {
                self.gate().problem(GateProblem::TemperatureOutOfRange)
            }
            ErrorCode::SecondReadingNeeded => self.gate().problem(GateProblem::SecondReadingNeeded),
            ErrorCode::TooManyReadings => self.gate().problem(GateProblem::TooManyReadings),
            ErrorCode::MustReferToClinic => self.gate().problem(GateProblem::MustReferToClinic),
            ErrorCode::NotOffCampus
            | ErrorCode::ReturnPending
            | ErrorCode::BadReturnDate
            | ErrorCode::ConfirmationRequired => self.returns().rejection(self, code.as_str()),
            ErrorCode::OfficeBeforeAdvisor => self.return_desk().office_before_advisor,
            ErrorCode::AlreadyDecided => self.return_desk().already_decided,
            ErrorCode::UnknownReturn => self.return_desk().unknown,
            ErrorCode::InvalidPhone => self.visitors().reject_invalid_phone,
            ErrorCode::InvalidPlate => self.visitors().reject_invalid_plate,
            ErrorCode::InvalidIdLast4 => self.visitors().reject_invalid_id_last4,
            ErrorCode::VisitDayPast => self.visitors().reject_visit_day_past,
            ErrorCode::VisitDayTooFar => self.visitors().reject_visit_day_too_far,
            ErrorCode::UnknownVisitor => self.visitors().reject_unknown_visitor,
            other => self.refusal(other),
        }
    }

    /// [`Texts::report_refusal`] from a stored code.
    pub fn report_rejection(&self, code: &str) -> &'static str {
        match ErrorCode::parse(code) {
            Some(code) => self.report_refusal(code),
            None => self.rejection(code),
        }
    }

    /// The return deciders' words in this language.
    pub fn return_desk(&self) -> &'static super::returns::ReturnDeskTexts {
        if self.is_zh() {
            &super::returns::ZH_DESK
        } else {
            &super::returns::EN_DESK
        }
    }

    /// The daily report's words in this language.
    pub fn reports(&self) -> &'static ReportTexts {
        if self.is_zh() {
            &zh::REPORTS
        } else {
            &en::REPORTS
        }
    }
}
