//! The report of one scope and day as the staff view shows it, built
//! bottom-up (classes, then departments, then the school) from the
//! people's days and the signatures kept, and narrowed to what the asker
//! may see: an advisor (or a department office for its own staff) sees
//! every answer; a department office names the missing (with reasons) and
//! the abnormal (with answers); the school office names the abnormal.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::deadlines::{at_school, Deadlines};
use super::signing::{
    amendment, blockers, covered_names, sign_state, Amendment, Blocker, Covered, CoveredPart,
    SignState, SignedVersion,
};
use super::standing::{PersonDay, Standing};
use super::{Counts, Figures, Level, MissingReason, Scope, SentBackNote};
use crate::declaration::abnormal::AbnormalReason;
use crate::declaration::DeclarationAnswers;
use crate::gate::GateFigures;
use crate::profile::PersonCategory;

/// How much of a person the asker sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Visibility {
    /// Figures only (this person is not named to the asker).
    Figures,
    /// The school office: the abnormal, by name and reasons.
    AbnormalNames,
    /// A department office, for its classes' members: the missing with
    /// their reasons, the abnormal with their answers.
    MissingAndAbnormal,
    /// Their advisor (a department office for its own staff): everything.
    Full,
}

/// One named person in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonLine {
    pub person_id: String,
    pub name: String,
    pub category: PersonCategory,
    pub class_name: String,
    /// For a tap-to-call link: advisors phone their students.
    pub phone: String,
    pub standing: Standing,
    pub delivered_late: bool,
    pub clock_doubtful: bool,
    pub abnormal: Vec<AbnormalReason>,
    pub identical: bool,
    pub sent_back: Option<SentBackNote>,
    pub reason: Option<MissingReason>,
    pub reminders: u8,
    /// The revision in force (to send back), for the asker who may act.
    pub revision_id: Option<String>,
    pub revision_number: Option<u32>,
    pub filed_at: Option<DateTime<Utc>>,
    /// Only where the asker may read the answers.
    pub answers: Option<DeclarationAnswers>,
    /// The asker is this person's advisor: may record a reason, send back,
    /// remind.
    pub actionable: bool,
    /// Under medical isolation observation (a fever or a cough found at
    /// the gate): named to the advisor and the offices, who end it.
    #[serde(default)]
    pub in_observation: bool,
}

/// A class of a department, or a department of the school.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartLine {
    pub scope: Scope,
    pub counts: Counts,
    pub state: SignState,
    /// Signed again after an amendment (the level above countersigns).
    pub corrected_after_signing: bool,
    pub unexplained: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub scope: Scope,
    pub day: NaiveDate,
    /// When the server made it (the phone shows "as of HH:MM").
    pub as_of: DateTime<Utc>,
    /// `false`: no roster existed at the start of that day, so there are no
    /// figures (none are invented).
    pub known: bool,
    /// The day's raw records were purged (SPEC §7): the report shows what
    /// was signed, names no one, and takes no new signature or action.
    #[serde(default)]
    pub closed: bool,
    pub figures: Figures,
    pub people: Vec<PersonLine>,
    pub parts: Vec<PartLine>,
    pub state: SignState,
    pub versions: Vec<SignedVersion>,
    pub blockers: Vec<Blocker>,
    pub amendment: Option<Amendment>,
    /// What a signature now would cover: sent back with a signature.
    pub covered: Covered,
    /// This level's signing deadline that day.
    pub deadline: DateTime<Utc>,
    /// The declaration deadline that day.
    pub declaration_deadline: DateTime<Utc>,
    /// Each gate's figures of the day, in an office's report.
    #[serde(default)]
    pub gate: Vec<GateFigures>,
}

/// One day of the 14-day trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendDay {
    pub day: NaiveDate,
    pub known: bool,
    pub expected: u32,
    pub declared: u32,
    pub abnormal: u32,
    pub completion_permille: Option<u32>,
    /// A signature of the day was amended (signed again, or waiting).
    pub amended: bool,
}

impl TrendDay {
    pub fn of(report: &Report) -> TrendDay {
        let t = &report.figures.total;
        TrendDay {
            day: report.day,
            known: report.known,
            expected: t.expected,
            declared: t.declared(),
            abnormal: t.abnormal,
            completion_permille: t.completion_permille(),
            amended: report.versions.len() > 1 || matches!(report.state, SignState::Amended { .. }),
        }
    }
}

/// One day of the trend straight from the facts: the same figures and
/// state as [`TrendDay::of`] the day's report, without naming anyone.
pub fn trend_day(facts: &ReportFacts) -> TrendDay {
    let node = scope_node(facts);
    let t = &node.covered.figures.total;
    TrendDay {
        day: facts.day,
        known: facts.known,
        expected: t.expected,
        declared: t.declared(),
        abnormal: t.abnormal,
        completion_permille: t.completion_permille(),
        amended: node.versions.len() > 1 || matches!(node.state, SignState::Amended { .. }),
    }
}

/// Everything a report is made of, read by the store.
pub struct ReportFacts {
    pub scope: Scope,
    pub day: NaiveDate,
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
    pub known: bool,
    /// The day's raw records were purged ([`crate::privacy::purge::is_closed`]).
    pub closed: bool,
    /// Everyone of the scope on the day's list.
    pub people: Vec<PersonDay>,
    /// Every version signed that day of the scope and the scopes within.
    pub signatures: BTreeMap<Scope, Vec<SignedVersion>>,
    pub deadlines: Deadlines,
    pub phones: HashMap<String, String>,
    /// Who is under medical isolation observation that day.
    pub observed: BTreeSet<String>,
    /// Each gate's figures of the day (an office's report only).
    pub gate: Vec<GateFigures>,
}

/// One scope worked out: what it covers now and where it stands.
struct Node {
    covered: Covered,
    state: SignState,
    counts: Counts,
    unexplained: u32,
    versions: Vec<SignedVersion>,
    blockers: Vec<Blocker>,
    parts: Vec<PartLine>,
}

fn versions_of(facts: &ReportFacts, scope: &Scope) -> Vec<SignedVersion> {
    let mut list = facts.signatures.get(scope).cloned().unwrap_or_default();
    list.sort_by_key(|v| v.version);
    list
}

fn part_line(scope: Scope, node: &Node) -> PartLine {
    PartLine {
        scope,
        counts: node.counts,
        corrected_after_signing: node.state.is_signed() && node.versions.len() > 1,
        state: node.state.clone(),
        unexplained: node.unexplained,
    }
}

fn covered_part(scope: &Scope, node: &Node) -> Option<CoveredPart> {
    node.versions.last().map(|v| CoveredPart { scope: scope.clone(), version: v.version })
}

fn node(
    facts: &ReportFacts,
    scope: &Scope,
    people: &[&PersonDay],
    advised: &[&PersonDay],
    below: Vec<(Scope, Node)>,
) -> Node {
    let figures = Figures::of(people.iter().copied());
    let names = match scope.level() {
        Level::Class => covered_names(people.iter().copied(), true),
        Level::Department => {
            let mut names = covered_names(advised.iter().copied(), true);
            let ours: BTreeSet<String> = names.iter().map(|n| n.person_id.clone()).collect();
            names.extend(
                covered_names(people.iter().copied(), false)
                    .into_iter()
                    .filter(|n| !ours.contains(&n.person_id)),
            );
            names.sort_by(|a, b| a.person_id.cmp(&b.person_id));
            names
        }
        Level::School => covered_names(people.iter().copied(), false),
    };
    let parts_covered = below.iter().filter_map(|(s, n)| covered_part(s, n)).collect();
    let versions = versions_of(facts, scope);
    // A closed day is what was last signed: without its raw records, what
    // it covers now cannot be worked out, and it never shows an amendment.
    let covered = match (facts.closed, versions.last()) {
        (true, Some(latest)) => latest.covered.clone(),
        (true, None) => Covered::default(),
        (false, _) => Covered { figures, names, parts: parts_covered },
    };
    let state = sign_state(&versions, &covered);
    let part_states: Vec<SignState> = below.iter().map(|(_, n)| n.state.clone()).collect();
    let found = if facts.closed {
        vec![Blocker::DayPurged]
    } else {
        blockers(facts.day, facts.today, advised.iter().copied(), &part_states, &state)
    };
    let unexplained = advised.iter().filter(|p| p.standing == Standing::Missing).count() as u32;
    Node {
        counts: covered.figures.total,
        covered,
        state,
        unexplained,
        versions,
        blockers: found,
        parts: below.iter().map(|(s, n)| part_line(s.clone(), n)).collect(),
    }
}

/// The people of one department, by class (the empty class: its staff).
type ByClass<'a> = BTreeMap<&'a str, Vec<&'a PersonDay>>;

fn class_node(facts: &ReportFacts, class: &str, members: &[&PersonDay]) -> Node {
    node(facts, &Scope::Class(class.to_owned()), members, members, Vec::new())
}

fn department_node(facts: &ReportFacts, department: &str, classes: &ByClass<'_>) -> Node {
    let members: Vec<&PersonDay> = classes.values().flatten().copied().collect();
    let below = classes
        .iter()
        .filter(|(c, _)| !c.is_empty())
        .map(|(c, people)| (Scope::Class((*c).to_owned()), class_node(facts, c, people)))
        .collect();
    let staff = classes.get("").map(Vec::as_slice).unwrap_or_default();
    node(facts, &Scope::Department(department.to_owned()), &members, staff, below)
}

fn scope_node(facts: &ReportFacts) -> Node {
    // Grouped once: department, then class.
    let mut tree: BTreeMap<&str, ByClass<'_>> = BTreeMap::new();
    for p in &facts.people {
        tree.entry(p.expected.department.as_str())
            .or_default()
            .entry(p.expected.class_name.as_str())
            .or_default()
            .push(p);
    }
    match &facts.scope {
        Scope::Class(c) => {
            let members: Vec<&PersonDay> =
                tree.values().flat_map(|d| d.get(c.as_str())).flatten().copied().collect();
            class_node(facts, c, &members)
        }
        Scope::Department(d) => {
            department_node(facts, d, tree.get(d.as_str()).unwrap_or(&BTreeMap::new()))
        }
        Scope::School => {
            let everyone: Vec<&PersonDay> = facts.people.iter().collect();
            let below = tree
                .iter()
                .map(|(d, classes)| {
                    (Scope::Department((*d).to_owned()), department_node(facts, d, classes))
                })
                .collect();
            node(facts, &Scope::School, &everyone, &[], below)
        }
    }
}

/// A person's line as the asker may see it (`None`: not named to them).
pub fn person_line(
    person: &PersonDay,
    visibility: Visibility,
    phone: &str,
    in_observation: bool,
) -> Option<PersonLine> {
    let abnormal = !person.abnormal.is_empty() || in_observation;
    let not_received = !person.standing.declared();
    let (named, answers) = match visibility {
        Visibility::Figures => (false, false),
        Visibility::AbnormalNames => (abnormal, false),
        Visibility::MissingAndAbnormal => (abnormal || not_received, abnormal),
        Visibility::Full => (true, true),
    };
    if !named {
        return None;
    }
    let filing = person.filing.as_ref();
    Some(PersonLine {
        person_id: person.expected.person_id.clone(),
        name: person.expected.name.clone(),
        category: person.expected.category,
        class_name: person.expected.class_name.clone(),
        phone: phone.to_owned(),
        standing: person.standing,
        delivered_late: person.delivered_late,
        clock_doubtful: person.clock_doubtful,
        abnormal: person.abnormal.clone(),
        identical: person.identical,
        sent_back: person.sent_back.clone(),
        reason: person.reason.clone(),
        reminders: person.reminders,
        revision_id: filing.map(|f| f.current_revision_id.clone()),
        revision_number: filing.map(|f| f.current_number),
        filed_at: filing.map(|f| super::standing::filed_at(f).0),
        answers: if answers { filing.map(|f| f.current.clone()) } else { None },
        actionable: visibility == Visibility::Full,
        in_observation,
    })
}

/// The report of `facts.scope`, each person shown as `visibility` says.
pub fn build(facts: ReportFacts, visibility: impl Fn(&PersonDay) -> Visibility) -> Report {
    let node = scope_node(&facts);
    let named = if facts.closed { &[][..] } else { &facts.people[..] };
    let mut people: Vec<PersonLine> = named
        .iter()
        .filter_map(|p| {
            let phone = facts.phones.get(&p.expected.person_id).map_or("", String::as_str);
            let observed = facts.observed.contains(&p.expected.person_id);
            person_line(p, visibility(p), phone, observed)
        })
        .collect();
    // The ones to act on first: not received, then abnormal, then the rest.
    people.sort_by_key(|p| {
        let rank = match (p.standing, p.abnormal.is_empty() && !p.in_observation) {
            (Standing::Missing, _) => 0,
            (_, false) => 1,
            (Standing::Excused(_), _) => 2,
            _ if p.sent_back.is_some() => 3,
            _ => 4,
        };
        (rank, p.class_name.clone(), p.person_id.clone())
    });
    let amendment = node.versions.last().and_then(|v| amendment(v, &node.covered));
    Report {
        deadline: at_school(facts.day, facts.deadlines.for_level(facts.scope.level())),
        declaration_deadline: at_school(facts.day, facts.deadlines.declarations),
        scope: facts.scope,
        day: facts.day,
        as_of: facts.now,
        known: facts.known,
        closed: facts.closed,
        figures: node.covered.figures.clone(),
        people,
        parts: node.parts,
        state: node.state,
        versions: node.versions,
        blockers: node.blockers,
        amendment,
        covered: node.covered,
        gate: facts.gate,
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::report::standing::tests::{deadline, expected, facts, filing};
    use crate::report::standing::{person_day, PersonFacts};
    use crate::AbnormalRules;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 2, 10).unwrap()
    }

    fn person(id: &str, class: &str, tenths: Option<u16>) -> PersonDay {
        let f = tenths.map(|t| {
            let mut f = filing(deadline() - Duration::hours(1), deadline(), t);
            f.current_revision_id = format!("rev-{id}");
            f
        });
        let mut who = expected(id, class);
        if class.is_empty() {
            who.category = PersonCategory::Staff;
        }
        person_day(who, PersonFacts { ..facts(f) }, &AbnormalRules::default(), deadline())
    }

    fn facts_of(scope: Scope, people: Vec<PersonDay>) -> ReportFacts {
        ReportFacts {
            scope,
            day: day(),
            today: day(),
            now: deadline(),
            known: true,
            closed: false,
            people,
            signatures: BTreeMap::new(),
            deadlines: Deadlines::default(),
            phones: HashMap::new(),
            observed: BTreeSet::new(),
            gate: Vec::new(),
        }
    }

    fn school() -> Vec<PersonDay> {
        vec![
            person("s1", "软件2001", Some(365)),
            person("s2", "软件2001", Some(385)),
            person("s3", "软件2001", None),
            person("s4", "软件2002", Some(365)),
            person("t1", "", None),
        ]
    }

    #[test]
    fn test_department_waits_for_its_classes_and_its_staff() {
        let report =
            build(facts_of(Scope::Department("信息工程学院".into()), school()), |_| {
                Visibility::MissingAndAbnormal
            });
        assert_eq!(report.figures.total.expected, 5);
        assert_eq!(report.parts.len(), 2);
        assert_eq!(report.blockers, vec![Blocker::Unexplained(1), Blocker::UnsignedParts(2)]);
        let named: Vec<_> = report.people.iter().map(|p| p.person_id.as_str()).collect();
        assert_eq!(named, vec!["t1", "s3", "s2"], "the missing first, then the abnormal");
        assert!(report.people.iter().all(|p| p.answers.is_some() != p.abnormal.is_empty()));
    }

    #[test]
    fn test_visibility_narrows_names_and_answers() {
        let people = school();
        assert!(person_line(&people[0], Visibility::AbnormalNames, "", false).is_none());
        let abnormal = person_line(&people[1], Visibility::AbnormalNames, "", false).unwrap();
        assert!(abnormal.answers.is_none() && !abnormal.actionable);
        assert!(person_line(&people[2], Visibility::MissingAndAbnormal, "", false).is_some());
        assert!(person_line(&people[0], Visibility::MissingAndAbnormal, "", false).is_none());
        let full = person_line(&people[0], Visibility::Full, "138", false).unwrap();
        assert!(full.answers.is_some() && full.actionable);
        assert!(person_line(&people[0], Visibility::Figures, "", false).is_none());
    }

    #[test]
    fn test_a_person_under_observation_is_named_to_the_offices() {
        let people = school();
        // A normal declaration, but referred at the gate.
        let seen = person_line(&people[0], Visibility::AbnormalNames, "", true).unwrap();
        assert!(seen.in_observation && seen.answers.is_none());
        assert!(person_line(&people[0], Visibility::MissingAndAbnormal, "", true).is_some());
        let mut facts = facts_of(Scope::School, people);
        facts.observed.insert("s1".into());
        let report = build(facts, |_| Visibility::Full);
        let first_normal = report.people.iter().position(|p| p.person_id == "s1").unwrap();
        assert!(report.people[first_normal].in_observation);
    }

    #[test]
    fn test_signed_classes_make_the_department_signable_and_cascade_amendments() {
        let mut people = school();
        people.retain(|p| p.expected.class_name == "软件2002");
        let mut facts = facts_of(Scope::Department("信息工程学院".into()), people.clone());
        let class = build(facts_of(Scope::Class("软件2002".into()), people.clone()), |_| {
            Visibility::Full
        });
        assert!(class.blockers.is_empty());
        let v1 = SignedVersion {
            version: 1,
            signer_id: "T-1".into(),
            signer_name: "王".into(),
            signed_at: deadline(),
            late_minutes: None,
            covered: class.covered.clone(),
            returned: None,
        };
        facts.signatures.insert(Scope::Class("软件2002".into()), vec![v1.clone()]);
        let dept = build(facts, |_| Visibility::MissingAndAbnormal);
        assert!(dept.blockers.is_empty(), "{:?}", dept.blockers);
        assert_eq!(
            dept.covered.parts,
            vec![CoveredPart { scope: Scope::Class("软件2002".into()), version: 1 }]
        );
        // The class signs an amendment (v2): the department's covered
        // version changes, so it has an amendment of its own to sign.
        let signed_dept = SignedVersion { covered: dept.covered.clone(), ..v1.clone() };
        let v2 = SignedVersion { version: 2, ..v1.clone() };
        let mut facts = facts_of(Scope::Department("信息工程学院".into()), people);
        facts.signatures.insert(Scope::Class("软件2002".into()), vec![v1, v2]);
        facts.signatures.insert(Scope::Department("信息工程学院".into()), vec![signed_dept]);
        let dept = build(facts, |_| Visibility::MissingAndAbnormal);
        assert_eq!(dept.state, SignState::Amended { version: 1 });
        assert!(dept.parts[0].state.is_signed());
        assert!(dept.parts[0].corrected_after_signing, "signed again after v1");
        let change = dept.amendment.unwrap();
        assert_eq!(change.parts.len(), 1);
        assert_eq!((change.parts[0].before, change.parts[0].after), (Some(1), Some(2)));
    }

    #[test]
    fn test_trend_day_follows_the_report() {
        for scope in [
            Scope::School,
            Scope::Department("信息工程学院".into()),
            Scope::Class("软件2001".into()),
        ] {
            let straight = trend_day(&facts_of(scope.clone(), school()));
            let via_report = TrendDay::of(&build(facts_of(scope, school()), |_| Visibility::Full));
            assert_eq!(straight, via_report);
        }
        let report = build(facts_of(Scope::School, school()), |_| Visibility::AbnormalNames);
        let trend = TrendDay::of(&report);
        assert_eq!((trend.expected, trend.declared, trend.abnormal), (5, 3, 1));
        assert_eq!(trend.completion_permille, Some(600));
        assert!(!trend.amended);
        assert_eq!(report.people.len(), 1);
    }
    #[test]
    fn test_a_closed_day_shows_what_was_signed_and_names_no_one() {
        let people = school();
        let class = Scope::Class("软件2002".into());
        let signed = build(facts_of(class.clone(), people.clone()), |_| Visibility::Full);
        let v1 = SignedVersion {
            version: 1,
            signer_id: "T-1".into(),
            signer_name: "王".into(),
            signed_at: deadline(),
            late_minutes: None,
            covered: signed.covered.masked(),
            returned: None,
        };
        // The revisions are gone: everyone would now be "not received".
        let purged: Vec<PersonDay> = people
            .iter()
            .map(|p| person(&p.expected.person_id, &p.expected.class_name, None))
            .collect();
        let mut facts = facts_of(class.clone(), purged.clone());
        facts.closed = true;
        facts.signatures.insert(class.clone(), vec![v1]);
        let closed = build(facts, |_| Visibility::Full);
        assert!(closed.closed);
        assert_eq!(closed.figures, signed.figures, "the signed figures, not the purged ones");
        assert!(closed.state.is_signed(), "never an amendment: {:?}", closed.state);
        assert_eq!(closed.amendment, None);
        assert!(closed.people.is_empty());
        assert_eq!(closed.blockers, vec![Blocker::DayPurged]);
        assert!(closed.covered.verifies(&signed.covered.seal()));
        // Never signed: no figures are made up from what is left.
        let mut unsigned = facts_of(class, purged);
        unsigned.closed = true;
        let unsigned = build(unsigned, |_| Visibility::Full);
        assert_eq!(unsigned.figures.total.expected, 0);
        assert_eq!(unsigned.state, SignState::Unsigned);
        assert_eq!(unsigned.blockers, vec![Blocker::DayPurged]);
    }
}
