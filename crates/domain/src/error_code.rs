//! The one list of refusal codes that cross the wire: a push's `rejected`
//! outcome and the `code` of an API error body both use it, and the app
//! matches on it (never on a message's text). New refusals are added here.

use serde::{Deserialize, Serialize};

/// Why the server refused something. Stable codes the app translates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// An id is not a UUID.
    MalformedId,
    /// The answers break a rule (`fields` says which).
    InvalidAnswers,
    /// A declaration, reason or signature for a day that has not begun at
    /// the school.
    DayInFuture,
    /// A correction without a reason, or a reason too long.
    BadCorrectionReason,
    /// The mutation or record id was already used for something else.
    IdReused,
    /// A booking request or cancellation breaks a rule (a phone, a topic,
    /// a reason).
    InvalidBooking,
    /// The booking to cancel or move is not the person's, or is not
    /// booked (declined, completed, already cancelled).
    UnknownBooking,
    /// Too close to the start to cancel or move (the centre's notice).
    TooLateToChange,
    /// The person already holds the most upcoming appointments allowed.
    TooManyBookings,
    /// Not the asker's to do (an advisor acting on another class).
    NotYourScope,
    /// A note, comment or reason is empty where one is needed.
    TextRequired,
    /// A note, comment or reason is longer than its limit.
    TextTooLong,
    /// A date range that ends before it starts.
    RangeBackwards,
    /// A date range longer than the directory allows.
    RangeTooLong,
    /// A range other than a single day for a reason that is not a leave.
    RangeOnlyForLeave,
    /// The person is not expected on that day (not on the day's list).
    NotExpected,
    /// The person has declared that day: no reason is needed.
    NotMissing,
    /// A send-back of a revision that is not the one in force.
    NotCurrentRevision,
    /// This revision was already sent back.
    AlreadySentBack,
    /// Every person to remind has had the day's most reminders.
    ReminderCap,
    /// Nobody to remind: everyone has declared or has a reason.
    NobodyToRemind,
    /// Signing is not possible yet (unexplained missing people, unsigned
    /// classes or departments).
    NotSignable,
    /// The figures the signer saw are no longer the server's: fetch the
    /// report again and sign what it says now.
    FiguresChanged,
    /// Signed already, and nothing changed since.
    AlreadySigned,
    /// The day's raw records were purged by the retention rules: its
    /// report is closed (what was signed stays; nothing more is signed,
    /// sent back, reminded or explained).
    DayPurged,
    /// No signed version to return, or it was returned already.
    NothingToReturn,
    /// A class or department the roster does not have that day.
    UnknownScope,
    /// The appointment is no longer booked (declined, cancelled, marked).
    NotConfirmed,
    /// Completed or missed only once the appointment has started.
    NotStarted,
    /// The appointment is over: it can only be marked.
    AlreadyEnded,
    /// A reason is required, within its limit.
    BadReason,
    /// Too close to the start for the person to take another time.
    TooLateToPropose,
    /// The time proposed is not one of the counsellor's free slots.
    SlotNotFree,
    /// Only a mark (completed, missed) can be undone.
    NotMarked,
    /// A mark can be undone only for a few minutes.
    TooLateToUndo,
    /// No gate chosen, or a gate name too long.
    BadGate,
    /// A gate record without the temperature measured.
    TemperatureMissing,
    /// A gate reading outside 34.0–42.5 °C.
    TemperatureOutOfRange,
    /// A first gate reading at the fever threshold, not measured again.
    SecondReadingNeeded,
    /// A second gate reading where none was asked for, or a third.
    TooManyReadings,
    /// A fever or a cough found at the gate, and not sent to the clinic.
    MustReferToClinic,
    /// Ending an isolation observation the person is not under.
    NotUnderObservation,
    /// A return to campus is asked for by a person whose latest
    /// declaration says they are on campus (or who has not declared).
    NotOffCampus,
    /// The person's earlier application to return is still being decided.
    ReturnPending,
    /// The office decides only after the advisor.
    OfficeBeforeAdvisor,
    /// This step of the application was decided already.
    AlreadyDecided,
    /// No such application to return to campus.
    UnknownReturn,
    /// The planned return day is before today or too far ahead.
    BadReturnDate,
    /// The 14 days without symptoms or exposure were not confirmed.
    ConfirmationRequired,
    /// A phone number nobody can dial (a visitor's).
    InvalidPhone,
    /// Not a Chinese plate number (see `visitor::plate`).
    InvalidPlate,
    /// Not the last four characters of an id card (three digits, then a
    /// digit or X).
    InvalidIdLast4,
    /// A visit on a day that is over.
    VisitDayPast,
    /// A visit further ahead than registrations may be made.
    VisitDayTooFar,
    /// No registered visitor has that id.
    UnknownVisitor,
    /// A declaration for a day older than the phone keeps (before today and
    /// the 13 days before it, [`crate::sync::OLDEST_DECLARATION_DAYS`]).
    DayTooOld,
    /// A privacy notice the server never published (its version and hash
    /// are not a pair the server knows).
    UnknownNotice,
    /// A booking of the counselling service without the person's consent
    /// to it (given, and not withdrawn since). A crisis call-back needs
    /// none.
    ConsentRequired,
    /// A second crisis call-back while the person's first is still open:
    /// the counsellor on duty will call them.
    CallBackOpen,
    /// A second request for deletion while the person's first still waits
    /// for the admin's answer.
    DeletionPending,
    /// Joining the counselling waitlist while the person already waits
    /// there (one entry at a time).
    OnWaitlist,
    /// Leaving a waitlist entry that is not the person's, or no longer
    /// waiting.
    NotOnWaitlist,
    /// The request could not be read, or a value in it is out of range.
    BadRequest,
    /// No live session: missing, expired, signed out or ended.
    Unauthenticated,
    /// The session ended because someone else (an advisor, an admin)
    /// issued a one-time code for the person and it was used: the new
    /// password is not the one this device signed in with.
    PasswordReset,
    /// Not the caller's to see or change.
    Forbidden,
    /// The id or the password is wrong.
    WrongCredentials,
    /// The one-time code is wrong, used or expired.
    CodeInvalid,
    /// A new password shorter than the minimum.
    PasswordTooShort,
    /// A new password longer than the maximum.
    PasswordTooLong,
    /// A new password among the most common ones.
    PasswordCommon,
    /// The two passwords typed differ.
    PasswordMismatch,
    /// Too many failed sign-ins: wait (`Retry-After` says how long).
    RateLimited,
    /// The client id is registered to another person: make a new one.
    ClientOfAnotherPerson,
    /// The sync protocol version is not spoken by this server: update the app.
    UnsupportedProtocol,
    /// No such endpoint or record.
    NotFound,
    /// The endpoint exists, not with this method.
    MethodNotAllowed,
    /// The body is over the size cap.
    PayloadTooLarge,
    /// The body stopped arriving for longer than the server waits.
    RequestTimeout,
    /// The body is not JSON where JSON is expected.
    UnsupportedMediaType,
    /// The server's storage cannot be reached now: try again later.
    Unavailable,
    /// The server's own failure.
    Internal,
    /// Another refusal of the request by a layer (4xx).
    ClientError,
    /// Another failure of the server (5xx).
    ServerError,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 84] = [
        ErrorCode::MalformedId,
        ErrorCode::InvalidAnswers,
        ErrorCode::DayInFuture,
        ErrorCode::BadCorrectionReason,
        ErrorCode::IdReused,
        ErrorCode::InvalidBooking,
        ErrorCode::UnknownBooking,
        ErrorCode::TooLateToChange,
        ErrorCode::TooManyBookings,
        ErrorCode::NotYourScope,
        ErrorCode::TextRequired,
        ErrorCode::TextTooLong,
        ErrorCode::RangeBackwards,
        ErrorCode::RangeTooLong,
        ErrorCode::RangeOnlyForLeave,
        ErrorCode::NotExpected,
        ErrorCode::NotMissing,
        ErrorCode::NotCurrentRevision,
        ErrorCode::AlreadySentBack,
        ErrorCode::ReminderCap,
        ErrorCode::NobodyToRemind,
        ErrorCode::NotSignable,
        ErrorCode::FiguresChanged,
        ErrorCode::AlreadySigned,
        ErrorCode::DayPurged,
        ErrorCode::NothingToReturn,
        ErrorCode::UnknownScope,
        ErrorCode::NotConfirmed,
        ErrorCode::NotStarted,
        ErrorCode::AlreadyEnded,
        ErrorCode::BadReason,
        ErrorCode::TooLateToPropose,
        ErrorCode::SlotNotFree,
        ErrorCode::NotMarked,
        ErrorCode::TooLateToUndo,
        ErrorCode::BadGate,
        ErrorCode::TemperatureMissing,
        ErrorCode::TemperatureOutOfRange,
        ErrorCode::SecondReadingNeeded,
        ErrorCode::TooManyReadings,
        ErrorCode::MustReferToClinic,
        ErrorCode::NotUnderObservation,
        ErrorCode::NotOffCampus,
        ErrorCode::ReturnPending,
        ErrorCode::OfficeBeforeAdvisor,
        ErrorCode::AlreadyDecided,
        ErrorCode::UnknownReturn,
        ErrorCode::BadReturnDate,
        ErrorCode::ConfirmationRequired,
        ErrorCode::InvalidPhone,
        ErrorCode::InvalidPlate,
        ErrorCode::InvalidIdLast4,
        ErrorCode::VisitDayPast,
        ErrorCode::VisitDayTooFar,
        ErrorCode::UnknownVisitor,
        ErrorCode::DayTooOld,
        ErrorCode::UnknownNotice,
        ErrorCode::ConsentRequired,
        ErrorCode::CallBackOpen,
        ErrorCode::DeletionPending,
        ErrorCode::OnWaitlist,
        ErrorCode::NotOnWaitlist,
        ErrorCode::BadRequest,
        ErrorCode::Unauthenticated,
        ErrorCode::PasswordReset,
        ErrorCode::Forbidden,
        ErrorCode::WrongCredentials,
        ErrorCode::CodeInvalid,
        ErrorCode::PasswordTooShort,
        ErrorCode::PasswordTooLong,
        ErrorCode::PasswordCommon,
        ErrorCode::PasswordMismatch,
        ErrorCode::RateLimited,
        ErrorCode::ClientOfAnotherPerson,
        ErrorCode::UnsupportedProtocol,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::PayloadTooLarge,
        ErrorCode::RequestTimeout,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::Unavailable,
        ErrorCode::Internal,
        ErrorCode::ClientError,
        ErrorCode::ServerError,
    ];

    /// The code as it is on the wire (and kept in a record's delivery state).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::MalformedId => "malformed_id",
            ErrorCode::InvalidAnswers => "invalid_answers",
            ErrorCode::DayInFuture => "day_in_future",
            ErrorCode::BadCorrectionReason => "bad_correction_reason",
            ErrorCode::IdReused => "id_reused",
            ErrorCode::InvalidBooking => "invalid_booking",
            ErrorCode::UnknownBooking => "unknown_booking",
            ErrorCode::TooLateToChange => "too_late_to_change",
            ErrorCode::TooManyBookings => "too_many_bookings",
            ErrorCode::NotYourScope => "not_your_scope",
            ErrorCode::TextRequired => "text_required",
            ErrorCode::TextTooLong => "text_too_long",
            ErrorCode::RangeBackwards => "range_backwards",
            ErrorCode::RangeTooLong => "range_too_long",
            ErrorCode::RangeOnlyForLeave => "range_only_for_leave",
            ErrorCode::NotExpected => "not_expected",
            ErrorCode::NotMissing => "not_missing",
            ErrorCode::NotCurrentRevision => "not_current_revision",
            ErrorCode::AlreadySentBack => "already_sent_back",
            ErrorCode::ReminderCap => "reminder_cap",
            ErrorCode::NobodyToRemind => "nobody_to_remind",
            ErrorCode::NotSignable => "not_signable",
            ErrorCode::FiguresChanged => "figures_changed",
            ErrorCode::AlreadySigned => "already_signed",
            ErrorCode::DayPurged => "day_purged",
            ErrorCode::NothingToReturn => "nothing_to_return",
            ErrorCode::UnknownScope => "unknown_scope",
            ErrorCode::NotConfirmed => "not_confirmed",
            ErrorCode::NotStarted => "not_started",
            ErrorCode::AlreadyEnded => "already_ended",
            ErrorCode::BadReason => "bad_reason",
            ErrorCode::TooLateToPropose => "too_late_to_propose",
            ErrorCode::SlotNotFree => "slot_not_free",
            ErrorCode::NotMarked => "not_marked",
            ErrorCode::TooLateToUndo => "too_late_to_undo",
            ErrorCode::BadGate => "bad_gate",
            ErrorCode::TemperatureMissing => "temperature_missing",
            ErrorCode::TemperatureOutOfRange => "temperature_out_of_range",
            ErrorCode::SecondReadingNeeded => "second_reading_needed",
            ErrorCode::TooManyReadings => "too_many_readings",
            ErrorCode::MustReferToClinic => "must_refer_to_clinic",
            ErrorCode::NotUnderObservation => "not_under_observation",
            ErrorCode::NotOffCampus => "not_off_campus",
            ErrorCode::ReturnPending => "return_pending",
            ErrorCode::OfficeBeforeAdvisor => "office_before_advisor",
            ErrorCode::AlreadyDecided => "already_decided",
            ErrorCode::UnknownReturn => "unknown_return",
            ErrorCode::BadReturnDate => "bad_return_date",
            ErrorCode::ConfirmationRequired => "confirmation_required",
            ErrorCode::InvalidPhone => "invalid_phone",
            ErrorCode::InvalidPlate => "invalid_plate",
            ErrorCode::InvalidIdLast4 => "invalid_id_last4",
            ErrorCode::VisitDayPast => "visit_day_past",
            ErrorCode::VisitDayTooFar => "visit_day_too_far",
            ErrorCode::UnknownVisitor => "unknown_visitor",
            ErrorCode::DayTooOld => "day_too_old",
            ErrorCode::UnknownNotice => "unknown_notice",
            ErrorCode::ConsentRequired => "consent_required",
            ErrorCode::CallBackOpen => "call_back_open",
            ErrorCode::DeletionPending => "deletion_pending",
            ErrorCode::OnWaitlist => "on_waitlist",
            ErrorCode::NotOnWaitlist => "not_on_waitlist",
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::PasswordReset => "password_reset",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::WrongCredentials => "wrong_credentials",
            ErrorCode::CodeInvalid => "code_invalid",
            ErrorCode::PasswordTooShort => "password_too_short",
            ErrorCode::PasswordTooLong => "password_too_long",
            ErrorCode::PasswordCommon => "password_common",
            ErrorCode::PasswordMismatch => "password_mismatch",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::ClientOfAnotherPerson => "client_of_another_person",
            ErrorCode::UnsupportedProtocol => "unsupported_protocol",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::RequestTimeout => "request_timeout",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::Internal => "internal",
            ErrorCode::ClientError => "client_error",
            ErrorCode::ServerError => "server_error",
        }
    }

    /// A refusal of the request as such (its session, its shape, the
    /// server's state), never of a record or an action: the app says these
    /// where the request was made (the sign-in form, the sync status), not
    /// among the reasons a record was refused.
    pub fn is_about_the_request(self) -> bool {
        use ErrorCode::*;
        matches!(
            self,
            BadRequest
                | Unauthenticated
                | PasswordReset
                | Forbidden
                | WrongCredentials
                | CodeInvalid
                | PasswordTooShort
                | PasswordTooLong
                | PasswordCommon
                | PasswordMismatch
                | RateLimited
                | ClientOfAnotherPerson
                | UnsupportedProtocol
                | NotFound
                | MethodNotAllowed
                | PayloadTooLarge
                | RequestTimeout
                | UnsupportedMediaType
                | Unavailable
                | Internal
                | ClientError
                | ServerError
        )
    }

    pub fn parse(code: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.into_iter().find(|c| c.as_str() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_error_code_text_matches_the_wire() {
        for code in ErrorCode::ALL {
            assert_eq!(serde_json::to_string(&code).unwrap(), format!("\"{}\"", code.as_str()));
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
        }
        assert_eq!(ErrorCode::parse("nonsense"), None);
    }

    #[test]
    fn test_error_codes_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "{} twice", code.as_str());
        }
    }
}
