//! The server's decisions on a signature and on a return, over the report
//! as it stands: what is signed (the version, how late, what it covers)
//! and what a return keeps. The store writes what these give.

use chrono::{DateTime, Utc};

use super::deadlines::minutes_late;
use super::signing::{decide_return, decide_sign, ReturnNote};
use super::view::Report;
use super::{Covered, SignedVersion};
use crate::account::AccountPerson;
use crate::error_code::ErrorCode;

/// A signature to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The next version of the scope's day.
    pub version: u32,
    /// Minutes after the level's deadline (`None`: on time).
    pub late_minutes: Option<u32>,
    /// What it covers: the report as it stands, which the signer saw.
    pub covered: Covered,
}

/// A signature of `report` by a signer who saw `seen`, at `now`: refused
/// for a day with no list, for what is in the way (blockers), or when
/// the report changed since the signer saw it.
pub fn decide_signature(
    report: &Report,
    seen: &Covered,
    now: DateTime<Utc>,
) -> Result<Signature, ErrorCode> {
    if !report.known {
        return Err(ErrorCode::NotSignable);
    }
    let version = decide_sign(&report.blockers, seen, &report.covered, &report.versions)?;
    Ok(Signature {
        version,
        late_minutes: minutes_late(report.deadline, now),
        covered: report.covered.clone(),
    })
}

/// A return of `version` of a scope's day (its signed `versions`): the
/// latest only, once. The note kept, its reason trimmed.
pub fn decide_returned(
    versions: &[SignedVersion],
    version: u32,
    actor: &AccountPerson,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<ReturnNote, ErrorCode> {
    decide_return(versions, version)?;
    Ok(ReturnNote {
        by_id: actor.id.clone(),
        by_name: actor.name.clone(),
        at: now,
        reason: reason.trim().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet, HashMap};

    use chrono::{Duration, NaiveDate};

    use super::*;
    use crate::report::person_actions::tests::advisor_of;
    use crate::report::standing::person_day;
    use crate::report::standing::tests::{deadline, expected, facts, filing};
    use crate::report::view::{build, ReportFacts, Visibility};
    use crate::report::{Deadlines, Scope};
    use crate::AbnormalRules;

    fn report(known: bool, filed: bool) -> Report {
        let day = NaiveDate::from_ymd_opt(2020, 2, 10).unwrap();
        let f = filed.then(|| filing(deadline() - Duration::hours(1), deadline(), 365));
        let person =
            person_day(expected("s1", "c"), facts(f), &AbnormalRules::default(), deadline());
        let facts = ReportFacts {
            scope: Scope::Class("c".into()),
            day,
            today: day,
            now: deadline(),
            known,
            closed: false,
            people: if known { vec![person] } else { Vec::new() },
            signatures: BTreeMap::new(),
            deadlines: Deadlines::default(),
            phones: HashMap::new(),
            observed: BTreeSet::new(),
            gate: Vec::new(),
        };
        build(facts, |_| Visibility::Figures)
    }

    #[test]
    fn test_a_signature_is_of_the_report_as_it_stands() {
        let ready = report(true, true);
        let on_time = ready.deadline - Duration::minutes(5);
        let signed = decide_signature(&ready, &ready.covered, on_time).unwrap();
        assert_eq!((signed.version, signed.late_minutes), (1, None));
        assert_eq!(signed.covered, ready.covered);
        let late = decide_signature(&ready, &ready.covered, ready.deadline + Duration::seconds(61));
        assert_eq!(late.unwrap().late_minutes, Some(2));
        assert_eq!(
            decide_signature(&ready, &Covered::default(), on_time),
            Err(ErrorCode::FiguresChanged)
        );
        let waiting = report(true, false);
        assert_eq!(
            decide_signature(&waiting, &waiting.covered, on_time),
            Err(ErrorCode::NotSignable),
            "someone is missing without a reason"
        );
        let unknown = report(false, false);
        assert_eq!(
            decide_signature(&unknown, &unknown.covered, on_time),
            Err(ErrorCode::NotSignable)
        );
    }

    #[test]
    fn test_a_return_is_of_the_latest_version_once() {
        let ready = report(true, true);
        let version = SignedVersion {
            version: 1,
            signer_id: "t1".into(),
            signer_name: "王老师".into(),
            signed_at: deadline(),
            late_minutes: None,
            covered: ready.covered.clone(),
            returned: None,
        };
        let office = advisor_of("");
        let note =
            decide_returned(std::slice::from_ref(&version), 1, &office, " 请核对 ", deadline())
                .unwrap();
        assert_eq!((note.reason.as_str(), note.by_id.as_str()), ("请核对", "t1"));
        assert_eq!(
            decide_returned(std::slice::from_ref(&version), 2, &office, "x", deadline()),
            Err(ErrorCode::NothingToReturn)
        );
        let returned = SignedVersion { returned: Some(note), ..version };
        assert_eq!(
            decide_returned(&[returned], 1, &office, "x", deadline()),
            Err(ErrorCode::NothingToReturn)
        );
    }
}
