//! Words for the domain's enums, in the current language.

use anxin_domain::declaration::{
    AbnormalReason, ExposureKind, HealthStatus, LocationKind, Problem,
};
use anxin_domain::delivery::Delivery;
use anxin_domain::roster::Role;
use anxin_domain::sync::RejectCode;
use anxin_domain::Symptom;

use super::Texts;

impl Texts {
    pub fn symptom(&self, symptom: Symptom) -> &'static str {
        match symptom {
            Symptom::Fever => self.symptom_fever,
            Symptom::Cough => self.symptom_cough,
            Symptom::SoreThroat => self.symptom_sore_throat,
            Symptom::Fatigue => self.symptom_fatigue,
            Symptom::ShortnessOfBreath => self.symptom_shortness_of_breath,
            Symptom::Diarrhoea => self.symptom_diarrhoea,
            Symptom::LossOfTasteOrSmell => self.symptom_loss_of_taste_or_smell,
        }
    }

    pub fn location(&self, kind: LocationKind) -> &'static str {
        match kind {
            LocationKind::OnCampus => self.location_on_campus,
            LocationKind::HomeInProvince => self.location_home_in_province,
            LocationKind::OutsideProvince => self.location_outside_province,
        }
    }

    pub fn exposure(&self, kind: ExposureKind) -> &'static str {
        match kind {
            ExposureKind::ConfirmedCase => self.exposure_confirmed_case,
            ExposureKind::SuspectedCase => self.exposure_suspected_case,
            ExposureKind::HighRiskArea => self.exposure_high_risk_area,
            ExposureKind::HouseholdSymptoms => self.exposure_household_symptoms,
        }
    }

    pub fn status(&self, status: HealthStatus) -> &'static str {
        match status {
            HealthStatus::Normal => self.status_normal,
            HealthStatus::HomeObservation => self.status_home_observation,
            HealthStatus::MedicalIsolation => self.status_medical_isolation,
            HealthStatus::Suspected => self.status_suspected,
            HealthStatus::Confirmed => self.status_confirmed,
        }
    }

    pub fn role(&self, role: Role) -> &'static str {
        match role {
            Role::Declarant => self.role_declarant,
            Role::Advisor => self.role_advisor,
            Role::Office => self.role_office,
            Role::Counsellor => self.role_counsellor,
            Role::Admin => self.role_admin,
            Role::Guard => self.role_guard,
        }
    }

    pub fn problem(&self, problem: Problem) -> &'static str {
        match problem {
            Problem::Required => self.problem_required,
            Problem::NotATemperature => self.problem_not_a_temperature,
            Problem::OutOfRange => self.problem_out_of_range,
            Problem::NotATime => self.problem_not_a_time,
            Problem::NotADate => self.problem_not_a_date,
            Problem::InFuture => self.problem_in_future,
            Problem::NoneWithSymptom => self.problem_none_with_symptom,
            Problem::TooLong { .. } => self.problem_too_long,
            Problem::OutsideYetReturned => self.problem_outside_yet_returned,
        }
    }

    /// Why the server refused something, from its code.
    pub fn refusal(&self, code: RejectCode) -> &'static str {
        self.rejection(code.as_str())
    }

    /// Why the server refused a record, from its stored code.
    pub fn rejection(&self, code: &str) -> &'static str {
        match RejectCode::parse(code) {
            Some(RejectCode::MalformedId) => self.reject_malformed_id,
            Some(RejectCode::InvalidAnswers) | None => self.reject_invalid_answers,
            Some(RejectCode::DayInFuture) => self.reject_day_in_future,
            Some(RejectCode::DayTooOld) => self.reject_day_too_old,
            Some(RejectCode::UnknownNotice) => self.reject_unknown_notice,
            Some(RejectCode::ConsentRequired) => self.reject_consent_required,
            Some(RejectCode::CallBackOpen) => self.reject_call_back_open,
            Some(RejectCode::DeletionPending) => self.reject_deletion_pending,
            Some(RejectCode::OnWaitlist) => self.reject_on_waitlist,
            Some(RejectCode::NotOnWaitlist) => self.reject_not_on_waitlist,
            Some(RejectCode::BadCorrectionReason) => self.reject_bad_reason,
            Some(RejectCode::IdReused) => self.reject_id_reused,
            Some(RejectCode::InvalidBooking) => self.reject_invalid_booking,
            Some(RejectCode::UnknownBooking) => self.reject_unknown_booking,
            Some(RejectCode::TooLateToChange) => self.reject_too_late_to_change,
            Some(RejectCode::TooManyBookings) => self.reject_too_many_bookings,
            Some(RejectCode::NotYourScope) => self.reject_not_your_scope,
            // The daily report's refusals are said there, next to the
            // action (`Texts::report_refusal`); this app only points to it.
            Some(
                RejectCode::TextRequired
                | RejectCode::TextTooLong
                | RejectCode::RangeBackwards
                | RejectCode::RangeTooLong
                | RejectCode::RangeOnlyForLeave
                | RejectCode::NotExpected
                | RejectCode::NotMissing
                | RejectCode::NotCurrentRevision
                | RejectCode::AlreadySentBack
                | RejectCode::ReminderCap
                | RejectCode::NobodyToRemind
                | RejectCode::NotSignable
                | RejectCode::FiguresChanged
                | RejectCode::AlreadySigned
                | RejectCode::DayPurged
                | RejectCode::NothingToReturn
                | RejectCode::UnknownScope
                | RejectCode::NotUnderObservation
                // And the visitors', said in the same bundle.
                | RejectCode::InvalidPhone
                | RejectCode::InvalidPlate
                | RejectCode::InvalidIdLast4
                | RejectCode::VisitDayPast
                | RejectCode::VisitDayTooFar
                | RejectCode::UnknownVisitor,
            ) => self.reject_report_action,
            // The gate's, said on the gate screen before a record is made.
            Some(
                RejectCode::BadGate
                | RejectCode::TemperatureMissing
                | RejectCode::TemperatureOutOfRange
                | RejectCode::SecondReadingNeeded
                | RejectCode::TooManyReadings
                | RejectCode::MustReferToClinic,
            ) => self.reject_gate_record,
            // The counselling desk's (it asks the server directly).
            Some(RejectCode::NotConfirmed) => self.err_not_confirmed,
            Some(RejectCode::NotStarted) => self.err_not_started,
            Some(RejectCode::AlreadyEnded) => self.err_already_ended,
            Some(RejectCode::BadReason) => self.err_bad_reason,
            Some(RejectCode::TooLateToPropose) => self.err_too_late_to_propose,
            Some(RejectCode::SlotNotFree) => self.err_slot,
            Some(RejectCode::NotMarked) => self.err_not_marked,
            Some(RejectCode::TooLateToUndo) => self.err_too_late_to_undo,
            // The return application's, said on the pass page
            // (`ReturnTexts::rejection`).
            Some(
                RejectCode::NotOffCampus
                | RejectCode::ReturnPending
                | RejectCode::BadReturnDate
                | RejectCode::ConfirmationRequired,
            ) => self.reject_return,
            // The deciders', said next to the decision in the report bundle.
            Some(
                RejectCode::OfficeBeforeAdvisor
                | RejectCode::AlreadyDecided
                | RejectCode::UnknownReturn,
            ) => self.reject_report_action,
            // Refusals of a request as such: the sign-in form and the sync
            // status say the ones they expect in their own words.
            Some(RejectCode::Unauthenticated) => self.session_ended,
            Some(RejectCode::PasswordReset) => self.session_reset,
            Some(RejectCode::Forbidden) => self.err_forbidden,
            Some(RejectCode::NotFound) => self.err_not_found,
            Some(RejectCode::Unavailable | RejectCode::Internal | RejectCode::ServerError) => {
                self.err_server_busy
            }
            Some(
                RejectCode::BadRequest
                | RejectCode::WrongCredentials
                | RejectCode::CodeInvalid
                | RejectCode::PasswordTooShort
                | RejectCode::PasswordTooLong
                | RejectCode::PasswordCommon
                | RejectCode::PasswordMismatch
                | RejectCode::RateLimited
                | RejectCode::ClientOfAnotherPerson
                | RejectCode::UnsupportedProtocol
                | RejectCode::MethodNotAllowed
                | RejectCode::PayloadTooLarge
                | RejectCode::RequestTimeout
                | RejectCode::UnsupportedMediaType
                | RejectCode::ClientError,
            ) => self.err_request_refused,
        }
    }

    pub fn delivery(&self, delivery: &Delivery) -> &'static str {
        match delivery {
            Delivery::SavedOnDevice => self.delivery_saved,
            Delivery::Sending => self.delivery_sending,
            Delivery::Delivered => self.delivery_delivered,
            Delivery::Rejected { .. } => self.delivery_rejected,
        }
    }

    /// One abnormal reason as a sentence.
    pub fn reason(&self, reason: AbnormalReason) -> String {
        match reason {
            AbnormalReason::Fever(t) => self.reason_fever.with(&t.to_string()),
            AbnormalReason::Symptom(s) => format!("{}{}", self.reason_symptom, self.symptom(s)),
            AbnormalReason::Exposure(e) => format!("{}{}", self.reason_exposure, self.exposure(e)),
            AbnormalReason::OutsideProvince => self.reason_outside_province.to_owned(),
            AbnormalReason::Status(s) => format!("{}{}", self.reason_status, self.status(s)),
        }
    }
}

#[cfg(test)]
mod tests {
    use anxin_domain::declaration::Temperature;

    use crate::i18n::Lang;

    use super::*;

    #[test]
    fn test_reason_sentences_in_both_languages() {
        let fever = AbnormalReason::Fever(Temperature::from_tenths(381));
        assert!(Lang::ZhCn.texts().reason(fever).contains("38.1"));
        assert!(Lang::En.texts().reason(fever).contains("38.1 °C"));
        let cough = AbnormalReason::Symptom(Symptom::Cough);
        assert_eq!(Lang::ZhCn.texts().reason(cough), "症状：咳嗽");
        assert_eq!(Lang::En.texts().reason(cough), "Symptom: Cough");
    }
}
