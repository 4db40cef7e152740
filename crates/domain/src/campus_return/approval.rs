//! Whether an approved return lets the person in on a day.

use chrono::NaiveDate;

use super::{ReturnApplication, ReturnState};
use crate::declaration::LocationKind;

/// Whether the person's return is approved for `day`: an approved
/// application planned for `day` or earlier, not yet used up. It is used
/// up once the person has declared being on campus on a day from its
/// planned day to the day before `day` (they came back; leaving again
/// needs a new application). `locations`: the location of the person's
/// declaration in force, per day (any order).
pub fn return_approved_for(
    applications: &[ReturnApplication],
    day: NaiveDate,
    locations: &[(NaiveDate, LocationKind)],
) -> bool {
    applications.iter().any(|application| {
        let planned = application.request.planned_on;
        let back_since = locations
            .iter()
            .any(|(d, kind)| *kind == LocationKind::OnCampus && planned <= *d && *d < day);
        application.state() == ReturnState::Approved && planned <= day && !back_since
    })
}

/// From which day on [`return_approved_for`] needs the person's locations:
/// the earliest planned return among `applications` (`None`: no
/// application, no locations needed).
pub fn locations_needed_since(applications: &[ReturnApplication]) -> Option<NaiveDate> {
    applications.iter().map(|a| a.request.planned_on).min()
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::campus_return::application::tests::{application, decision};
    use crate::campus_return::request::tests::today;
    use crate::campus_return::ReturnStep;

    fn approved() -> ReturnApplication {
        application(true)
            .with_decision(ReturnStep::Advisor, decision(true))
            .with_decision(ReturnStep::Office, decision(true))
    }

    #[test]
    fn test_return_approved_for_planned_day_and_after() {
        assert!(return_approved_for(&[approved()], today(), &[]));
        assert!(return_approved_for(&[approved()], today() + Duration::days(2), &[]));
    }

    #[test]
    fn test_return_approved_for_a_day_before_the_plan_is_false() {
        assert!(!return_approved_for(&[approved()], today() - Duration::days(1), &[]));
    }

    #[test]
    fn test_return_approved_for_pending_or_refused_is_false() {
        let pending = application(true).with_decision(ReturnStep::Advisor, decision(true));
        let refused = pending.clone().with_decision(ReturnStep::Office, decision(false));
        assert!(!return_approved_for(&[pending, refused], today(), &[]));
    }

    #[test]
    fn test_return_approved_for_is_used_up_once_back_on_campus() {
        let back = [(today(), LocationKind::OnCampus)];
        // The day they came back, and no day after it.
        assert!(return_approved_for(&[approved()], today(), &back));
        assert!(!return_approved_for(&[approved()], today() + Duration::days(3), &back));
        // Off campus declarations keep it.
        let away = [(today(), LocationKind::HomeInProvince)];
        assert!(return_approved_for(&[approved()], today() + Duration::days(3), &away));
    }

    #[test]
    fn test_locations_are_needed_from_the_earliest_planned_return() {
        assert_eq!(locations_needed_since(&[]), None);
        let mut later = approved();
        later.request.planned_on = today() + Duration::days(4);
        assert_eq!(locations_needed_since(&[later, approved()]), Some(today()));
    }
}
