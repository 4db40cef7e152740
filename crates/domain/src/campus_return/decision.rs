//! Who may apply, and who decides which step: the store reads the facts
//! (the latest declaration, the person's applications, the asker's
//! access) and these decide.

use chrono::{DateTime, NaiveDate, Utc};

use super::{
    ReturnApplication, ReturnRequest, ReturnStep, ReturnToDecide, StepDecision,
    MAX_DECISION_REASON_CHARS,
};
use crate::access::{allows, Action};
use crate::account::AccountPerson;
use crate::declaration::LocationKind;
use crate::error_code::ErrorCode;

/// Whether the person may apply: the request holds, their latest
/// declaration says they are off campus, and no earlier application is
/// still being decided (one at a time).
pub fn may_apply(
    request: &ReturnRequest,
    today: NaiveDate,
    latest_location: Option<LocationKind>,
    applications: &[ReturnApplication],
) -> Result<(), ErrorCode> {
    request.check(today)?;
    if latest_location.is_none_or(|kind| kind == LocationKind::OnCampus) {
        return Err(ErrorCode::NotOffCampus);
    }
    if applications.iter().any(|a| a.pending_step().is_some()) {
        return Err(ErrorCode::ReturnPending);
    }
    Ok(())
}

/// Which steps of an application the asker may decide (from the access
/// table, for the applicant's class and department).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Deciders {
    pub as_advisor: bool,
    pub as_office: bool,
}

impl Deciders {
    pub fn of(who: &AccountPerson, department: &str, class_name: &str) -> Self {
        let may = |step| allows(who, &Action::DecideReturn { step, department, class_name });
        Deciders { as_advisor: may(ReturnStep::Advisor), as_office: may(ReturnStep::Office) }
    }

    fn decides(self, step: ReturnStep) -> bool {
        match step {
            ReturnStep::Advisor => self.as_advisor,
            ReturnStep::Office => self.as_office,
        }
    }
}

/// The step the asker decides now, and its decision: outside the asker's
/// scope, a refusal without a reason, a reason too long, the office
/// before the advisor, or a step decided already are refused.
pub fn decide(
    application: &ReturnApplication,
    deciders: Deciders,
    approve: bool,
    reason: &str,
    by_name: &str,
    at: DateTime<Utc>,
) -> Result<(ReturnStep, StepDecision), ErrorCode> {
    if !deciders.as_advisor && !deciders.as_office {
        return Err(ErrorCode::NotYourScope);
    }
    check_reason(approve, reason)?;
    let step = match application.pending_step() {
        None => return Err(ErrorCode::AlreadyDecided),
        Some(step) if deciders.decides(step) => step,
        Some(ReturnStep::Advisor) => return Err(ErrorCode::OfficeBeforeAdvisor),
        Some(ReturnStep::Office) => return Err(ErrorCode::AlreadyDecided),
    };
    let reason = reason.trim().to_owned();
    Ok((step, StepDecision { approve, reason, by_name: by_name.to_owned(), at }))
}

/// A refusal says why; any reason fits its limit.
pub fn check_reason(approve: bool, reason: &str) -> Result<(), ErrorCode> {
    let chars = reason.trim().chars().count();
    if !approve && chars == 0 {
        return Err(ErrorCode::TextRequired);
    }
    if chars > MAX_DECISION_REASON_CHARS {
        return Err(ErrorCode::TextTooLong);
    }
    Ok(())
}

/// Of the pending applications, those whose waiting step `who` decides.
pub fn waiting_for(who: &AccountPerson, pending: Vec<ReturnToDecide>) -> Vec<ReturnToDecide> {
    pending
        .into_iter()
        .filter(|p| {
            let deciders = Deciders::of(who, &p.department, &p.class_name);
            p.application.pending_step().is_some_and(|step| deciders.decides(step))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::campus_return::application::tests::{application, at, decision};
    use crate::campus_return::request::tests::{request, today};
    use crate::campus_return::ReturnState;
    use crate::roster::{OfficeScope, Role};

    const ADVISOR: Deciders = Deciders { as_advisor: true, as_office: false };
    const OFFICE: Deciders = Deciders { as_advisor: false, as_office: true };

    fn staff(roles: &[Role], advises: &[&str], scope: Option<OfficeScope>) -> AccountPerson {
        AccountPerson {
            id: "T-1".into(),
            name: "老师".into(),
            roles: roles.iter().copied().collect(),
            category: None,
            department: "信息工程学院".into(),
            class_name: String::new(),
            advises: advises.iter().map(|c| c.to_string()).collect::<BTreeSet<_>>(),
            scope,
            contacts: Vec::new(),
        }
    }

    #[test]
    fn test_may_apply_off_campus_without_pending_passes() {
        let refused = application(true).with_decision(ReturnStep::Advisor, decision(false));
        let home = Some(LocationKind::HomeInProvince);
        assert_eq!(may_apply(&request(today()), today(), home, &[refused]), Ok(()));
    }

    #[test]
    fn test_may_apply_on_campus_or_undeclared_is_refused() {
        let on_campus = Some(LocationKind::OnCampus);
        assert_eq!(
            may_apply(&request(today()), today(), on_campus, &[]),
            Err(ErrorCode::NotOffCampus)
        );
        assert_eq!(may_apply(&request(today()), today(), None, &[]), Err(ErrorCode::NotOffCampus));
    }

    #[test]
    fn test_may_apply_with_a_pending_application_is_refused() {
        let outside = Some(LocationKind::OutsideProvince);
        let pending = application(true).with_decision(ReturnStep::Advisor, decision(true));
        let result = may_apply(&request(today()), today(), outside, &[pending]);
        assert_eq!(result, Err(ErrorCode::ReturnPending));
    }

    #[test]
    fn test_may_apply_checks_the_request_first() {
        let late = request(today() - chrono::Duration::days(1));
        let result = may_apply(&late, today(), Some(LocationKind::OutsideProvince), &[]);
        assert_eq!(result, Err(ErrorCode::BadReturnDate));
    }

    #[test]
    fn test_decide_advisor_then_office_approves() {
        let (step, first) = decide(&application(true), ADVISOR, true, "", "张老师", at()).unwrap();
        assert_eq!(step, ReturnStep::Advisor);
        let advised = application(true).with_decision(step, first);
        let (step, second) = decide(&advised, OFFICE, true, " 同意 ", "刘主任", at()).unwrap();
        assert_eq!((step, second.reason.as_str()), (ReturnStep::Office, "同意"));
        assert_eq!(advised.with_decision(step, second).state(), ReturnState::Approved);
    }

    #[test]
    fn test_decide_office_before_advisor_is_refused() {
        let result = decide(&application(true), OFFICE, true, "", "刘主任", at());
        assert_eq!(result, Err(ErrorCode::OfficeBeforeAdvisor));
    }

    #[test]
    fn test_decide_office_decides_alone_for_staff() {
        let (step, _) = decide(&application(false), OFFICE, true, "", "刘主任", at()).unwrap();
        assert_eq!(step, ReturnStep::Office);
    }

    #[test]
    fn test_decide_a_decided_step_again_is_refused() {
        let advised = application(true).with_decision(ReturnStep::Advisor, decision(true));
        assert_eq!(
            decide(&advised, ADVISOR, false, "不行", "x", at()),
            Err(ErrorCode::AlreadyDecided)
        );
        let refused = application(true).with_decision(ReturnStep::Advisor, decision(false));
        assert_eq!(decide(&refused, OFFICE, true, "", "x", at()), Err(ErrorCode::AlreadyDecided));
    }

    #[test]
    fn test_decide_outside_scope_is_refused() {
        let nobody = Deciders::default();
        assert_eq!(
            decide(&application(true), nobody, true, "", "x", at()),
            Err(ErrorCode::NotYourScope)
        );
    }

    #[test]
    fn test_decide_refusal_needs_a_reason_within_its_limit() {
        let app = application(true);
        assert_eq!(decide(&app, ADVISOR, false, "  ", "x", at()), Err(ErrorCode::TextRequired));
        let long = "长".repeat(501);
        assert_eq!(decide(&app, ADVISOR, false, &long, "x", at()), Err(ErrorCode::TextTooLong));
        assert!(decide(&app, ADVISOR, false, &"长".repeat(500), "x", at()).is_ok());
    }

    #[test]
    fn test_deciders_of_follow_the_access_table() {
        let advisor = staff(&[Role::Advisor], &["软件2001"], None);
        let office =
            staff(&[Role::Office], &[], Some(OfficeScope::Department("信息工程学院".into())));
        let school = staff(&[Role::Office], &[], Some(OfficeScope::School));
        assert_eq!(Deciders::of(&advisor, "信息工程学院", "软件2001"), ADVISOR);
        assert_eq!(Deciders::of(&advisor, "信息工程学院", "软件2002"), Deciders::default());
        assert_eq!(Deciders::of(&office, "信息工程学院", "软件2001"), OFFICE);
        assert_eq!(Deciders::of(&office, "外国语学院", ""), Deciders::default());
        assert_eq!(Deciders::of(&school, "信息工程学院", "软件2001"), Deciders::default());
    }

    #[test]
    fn test_read_returns_advisors_and_department_offices_only() {
        let department = Some(OfficeScope::Department("信息工程学院".into()));
        assert!(allows(&staff(&[Role::Advisor], &["软件2001"], None), &Action::ReadReturns));
        assert!(allows(&staff(&[Role::Office], &[], department), &Action::ReadReturns));
        let school = staff(&[Role::Office], &[], Some(OfficeScope::School));
        assert!(!allows(&school, &Action::ReadReturns));
        for role in [Role::Declarant, Role::Counsellor, Role::Admin] {
            assert!(!allows(&staff(&[role], &[], None), &Action::ReadReturns), "{role:?}");
        }
    }

    #[test]
    fn test_waiting_for_keeps_the_askers_step_only() {
        let advisor = staff(&[Role::Advisor], &["软件2001"], None);
        let row = |application: ReturnApplication, class_name: &str| ReturnToDecide {
            application,
            name: "李明".into(),
            class_name: class_name.into(),
            department: "信息工程学院".into(),
        };
        let advised = application(true).with_decision(ReturnStep::Advisor, decision(true));
        let pending = vec![
            row(application(true), "软件2001"),
            row(advised, "软件2001"),
            row(application(true), "软件2002"),
        ];
        let mine = waiting_for(&advisor, pending);
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0].application.state(), ReturnState::AwaitingAdvisor);
    }
}
