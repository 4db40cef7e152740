//! Signing the daily report at each level, and what happens after: a
//! signed version never changes; a later change shows as an amendment
//! that the signer signs as the next version, and the level above signs
//! its own next version in turn. Nothing is deleted.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::standing::{PersonDay, Standing};
use super::{Counts, Figures, Level, Scope};
use crate::error_code::ErrorCode;

/// How one named person stood when signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NameState {
    pub standing: Standing,
    pub abnormal: bool,
    pub sent_back: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CoveredName {
    pub person_id: String,
    pub name: String,
    /// The revision in force (`None`: not received).
    pub revision_id: Option<String>,
    pub state: NameState,
}

/// A lower level's version that a department's or the school's signature
/// covered.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CoveredPart {
    pub scope: Scope,
    pub version: u32,
}

/// Exactly what a signature covers: the figures, the names (everyone not
/// plainly on time and normal that this level names), and the versions of
/// the level below. The signer's phone sends back what it showed; the
/// server signs only if that is still what it holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Covered {
    pub figures: Figures,
    pub names: Vec<CoveredName>,
    pub parts: Vec<CoveredPart>,
}

impl Covered {
    /// A zero report (零报告): no abnormal case.
    pub fn is_zero_report(&self) -> bool {
        self.figures.total.abnormal == 0
    }
}

/// What a level names in its signature: a class (or a department's own
/// staff) everyone notable; above, only the abnormal.
pub fn covered_names<'a>(
    people: impl IntoIterator<Item = &'a PersonDay>,
    all_notable: bool,
) -> Vec<CoveredName> {
    let mut names: Vec<CoveredName> = people
        .into_iter()
        .filter(|p| {
            let abnormal = !p.abnormal.is_empty();
            if all_notable {
                abnormal || p.sent_back.is_some() || p.standing != Standing::OnTime
            } else {
                abnormal
            }
        })
        .map(|p| CoveredName {
            person_id: p.expected.person_id.clone(),
            name: p.expected.name.clone(),
            revision_id: p.filing.as_ref().map(|f| f.current_revision_id.clone()),
            state: NameState {
                standing: p.standing,
                abnormal: !p.abnormal.is_empty(),
                sent_back: p.sent_back.is_some(),
            },
        })
        .collect();
    names.sort_by(|a, b| a.person_id.cmp(&b.person_id));
    names
}

/// A return by the level above.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnNote {
    pub by_id: String,
    pub by_name: String,
    pub at: DateTime<Utc>,
    pub reason: String,
}

/// One signed version, as kept for good.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedVersion {
    pub version: u32,
    pub signer_id: String,
    pub signer_name: String,
    pub signed_at: DateTime<Utc>,
    /// Minutes after the level's deadline (`None`: on time).
    pub late_minutes: Option<u32>,
    pub covered: Covered,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returned: Option<ReturnNote>,
}

/// Where a scope's report stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignState {
    Unsigned,
    /// Signed, and nothing changed since.
    Signed {
        version: u32,
        late_minutes: Option<u32>,
        zero_report: bool,
    },
    /// Signed, but what it covered has changed: the amendment waits for a
    /// signature.
    Amended {
        version: u32,
    },
    /// The level above returned it, with a reason: sign a new version.
    Returned {
        version: u32,
        reason: String,
    },
}

impl SignState {
    pub fn is_signed(&self) -> bool {
        matches!(self, SignState::Signed { .. })
    }
}

pub fn sign_state(versions: &[SignedVersion], now: &Covered) -> SignState {
    let Some(latest) = versions.iter().max_by_key(|v| v.version) else {
        return SignState::Unsigned;
    };
    if let Some(returned) = &latest.returned {
        SignState::Returned { version: latest.version, reason: returned.reason.clone() }
    } else if latest.covered != *now {
        SignState::Amended { version: latest.version }
    } else {
        SignState::Signed {
            version: latest.version,
            late_minutes: latest.late_minutes,
            zero_report: latest.covered.is_zero_report(),
        }
    }
}

/// Why a level cannot sign now: the screen says it, the server refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Blocker {
    DayInFuture,
    /// People not received and without a reason (a class's, or a
    /// department's own staff).
    Unexplained(u32),
    /// Classes (for a department) or departments (for the school) whose
    /// report is not signed as it stands.
    UnsignedParts(u32),
    /// Signed, and nothing has changed since.
    AlreadySigned,
    /// The day's raw records were purged: the report is closed.
    DayPurged,
}

impl Blocker {
    pub fn code(self) -> ErrorCode {
        match self {
            Blocker::DayInFuture => ErrorCode::DayInFuture,
            Blocker::AlreadySigned => ErrorCode::AlreadySigned,
            Blocker::DayPurged => ErrorCode::DayPurged,
            Blocker::Unexplained(_) | Blocker::UnsignedParts(_) => ErrorCode::NotSignable,
        }
    }
}

/// Everything in the way of signing. `advised` are the people this level
/// records reasons for; `parts` the states of the level below.
pub fn blockers<'a>(
    day: NaiveDate,
    today: NaiveDate,
    advised: impl IntoIterator<Item = &'a PersonDay>,
    parts: &[SignState],
    state: &SignState,
) -> Vec<Blocker> {
    let mut found = Vec::new();
    if day > today {
        found.push(Blocker::DayInFuture);
    }
    let unexplained = advised.into_iter().filter(|p| p.standing == Standing::Missing).count();
    if unexplained > 0 {
        found.push(Blocker::Unexplained(unexplained as u32));
    }
    let unsigned = parts.iter().filter(|s| !s.is_signed()).count();
    if unsigned > 0 {
        found.push(Blocker::UnsignedParts(unsigned as u32));
    }
    if state.is_signed() {
        found.push(Blocker::AlreadySigned);
    }
    found
}

/// The server's decision on a signature: the signer saw `seen`, the
/// server holds `now`. The version it makes is the next one.
pub fn decide_sign(
    blockers: &[Blocker],
    seen: &Covered,
    now: &Covered,
    versions: &[SignedVersion],
) -> Result<u32, ErrorCode> {
    if let Some(first) = blockers.first() {
        return Err(first.code());
    }
    if seen != now {
        return Err(ErrorCode::FiguresChanged);
    }
    Ok(versions.iter().map(|v| v.version).max().unwrap_or(0) + 1)
}

/// A return: only the latest version, once.
pub fn decide_return(versions: &[SignedVersion], version: u32) -> Result<(), ErrorCode> {
    match versions.iter().max_by_key(|v| v.version) {
        Some(latest) if latest.version == version && latest.returned.is_none() => Ok(()),
        _ => Err(ErrorCode::NothingToReturn),
    }
}

/// Who signs a scope's report: its level's signer; who returns it: the
/// level above.
pub fn level_above(level: Level) -> Option<Level> {
    match level {
        Level::Class => Some(Level::Department),
        Level::Department => Some(Level::School),
        Level::School => None,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameChange {
    pub person_id: String,
    pub name: String,
    pub before: Option<NameState>,
    pub after: Option<NameState>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartChange {
    pub scope: Scope,
    pub before: Option<u32>,
    pub after: Option<u32>,
}

/// What changed since a signature: the counts before and now, each name
/// whose state changed, each part whose signed version changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amendment {
    pub since_version: u32,
    pub before: Counts,
    pub after: Counts,
    pub names: Vec<NameChange>,
    pub parts: Vec<PartChange>,
}

pub fn amendment(signed: &SignedVersion, now: &Covered) -> Option<Amendment> {
    let then = &signed.covered;
    if then == now {
        return None;
    }
    let mut names = Vec::new();
    for old in &then.names {
        let new = now.names.iter().find(|n| n.person_id == old.person_id);
        if new.map(|n| (&n.state, &n.revision_id)) != Some((&old.state, &old.revision_id)) {
            names.push(NameChange {
                person_id: old.person_id.clone(),
                name: old.name.clone(),
                before: Some(old.state),
                after: new.map(|n| n.state),
            });
        }
    }
    for new in &now.names {
        if !then.names.iter().any(|n| n.person_id == new.person_id) {
            names.push(NameChange {
                person_id: new.person_id.clone(),
                name: new.name.clone(),
                before: None,
                after: Some(new.state),
            });
        }
    }
    names.sort_by(|a, b| a.person_id.cmp(&b.person_id));
    let mut parts = Vec::new();
    for old in &then.parts {
        let new = now.parts.iter().find(|p| p.scope == old.scope).map(|p| p.version);
        if new != Some(old.version) {
            parts.push(PartChange {
                scope: old.scope.clone(),
                before: Some(old.version),
                after: new,
            });
        }
    }
    for new in &now.parts {
        if !then.parts.iter().any(|p| p.scope == new.scope) {
            parts.push(PartChange {
                scope: new.scope.clone(),
                before: None,
                after: Some(new.version),
            });
        }
    }
    Some(Amendment {
        since_version: signed.version,
        before: then.figures.total,
        after: now.figures.total,
        names,
        parts,
    })
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::report::standing::tests::{deadline, expected, facts, filing};
    use crate::report::standing::{person_day, PersonFacts};
    use crate::AbnormalRules;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 2, d).unwrap()
    }

    fn people(filed: &[Option<u16>]) -> Vec<PersonDay> {
        filed
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let f = t.map(|t| filing(deadline() - Duration::hours(1), deadline(), t));
                let mut f = f;
                if let Some(f) = f.as_mut() {
                    f.current_revision_id = format!("r{i}");
                }
                person_day(
                    expected(&format!("s{i}"), "c"),
                    PersonFacts { ..facts(f) },
                    &AbnormalRules::default(),
                    deadline(),
                )
            })
            .collect()
    }

    fn covered(people: &[PersonDay]) -> Covered {
        Covered { figures: Figures::of(people), names: covered_names(people, true), parts: vec![] }
    }

    fn signed(version: u32, covered: Covered) -> SignedVersion {
        SignedVersion {
            version,
            signer_id: "T-1".into(),
            signer_name: "王老师".into(),
            signed_at: deadline(),
            late_minutes: None,
            covered,
            returned: None,
        }
    }

    #[test]
    fn test_a_report_is_never_signable_with_an_unexplained_missing_person() {
        let class = people(&[Some(365), None]);
        let found = blockers(day(10), day(10), &class, &[], &SignState::Unsigned);
        assert_eq!(found, vec![Blocker::Unexplained(1)]);
        let now = covered(&class);
        assert_eq!(decide_sign(&found, &now, &now, &[]), Err(ErrorCode::NotSignable));
    }

    #[test]
    fn test_a_zero_report_is_signed_all_the_same() {
        let class = people(&[Some(365), Some(366)]);
        let now = covered(&class);
        assert!(now.is_zero_report());
        let found = blockers(day(10), day(10), &class, &[], &SignState::Unsigned);
        assert_eq!(decide_sign(&found, &now, &now, &[]), Ok(1));
        let state = sign_state(&[signed(1, now.clone())], &now);
        assert_eq!(state, SignState::Signed { version: 1, late_minutes: None, zero_report: true });
        let again = blockers(day(10), day(10), &class, &[], &state);
        assert_eq!(decide_sign(&again, &now, &now, &[]), Err(ErrorCode::AlreadySigned));
    }

    #[test]
    fn test_a_late_declaration_after_signing_is_an_amendment() {
        let before = people(&[Some(365), None]);
        let mut with_reason = before.clone();
        with_reason[1].standing = Standing::Excused(crate::report::ReasonKind::Sick);
        let at_signing = covered(&with_reason);
        let v1 = signed(1, at_signing.clone());
        // The missing person's declaration arrives, abnormal.
        let after = people(&[Some(365), Some(385)]);
        let now = covered(&after);
        assert_eq!(sign_state(std::slice::from_ref(&v1), &now), SignState::Amended { version: 1 });
        let change = amendment(&v1, &now).unwrap();
        assert_eq!(change.before.excused, 1);
        assert_eq!(change.after.abnormal, 1);
        assert_eq!(change.names.len(), 1);
        assert_eq!(change.names[0].person_id, "s1");
        assert!(change.names[0].after.unwrap().abnormal);
        // The phone saw the old figures: refused, it fetches and signs v2.
        let found = blockers(day(10), day(10), &after, &[], &SignState::Amended { version: 1 });
        assert_eq!(
            decide_sign(&found, &at_signing, &now, std::slice::from_ref(&v1)),
            Err(ErrorCode::FiguresChanged)
        );
        assert_eq!(decide_sign(&found, &now, &now, &[v1]), Ok(2));
    }

    #[test]
    fn test_parts_must_be_signed_and_a_return_asks_for_a_new_version() {
        let found = blockers(
            day(10),
            day(10),
            &[],
            &[SignState::Unsigned, SignState::Amended { version: 1 }],
            &SignState::Unsigned,
        );
        assert_eq!(found, vec![Blocker::UnsignedParts(2)]);
        let now = Covered::default();
        let mut v1 = signed(1, now.clone());
        assert_eq!(decide_return(std::slice::from_ref(&v1), 2), Err(ErrorCode::NothingToReturn));
        assert_eq!(decide_return(std::slice::from_ref(&v1), 1), Ok(()));
        v1.returned = Some(ReturnNote {
            by_id: "T-3".into(),
            by_name: "办公室".into(),
            at: deadline(),
            reason: "数字不对".into(),
        });
        assert_eq!(decide_return(std::slice::from_ref(&v1), 1), Err(ErrorCode::NothingToReturn));
        let state = sign_state(std::slice::from_ref(&v1), &now);
        assert!(matches!(state, SignState::Returned { version: 1, .. }));
        let found = blockers(day(10), day(10), &[], &[], &state);
        assert_eq!(decide_sign(&found, &now, &now, &[v1]), Ok(2), "same figures, signed anew");
    }

    #[test]
    fn test_future_day_cannot_be_signed() {
        let found = blockers(day(11), day(10), &[], &[], &SignState::Unsigned);
        assert_eq!(found, vec![Blocker::DayInFuture]);
    }
}
