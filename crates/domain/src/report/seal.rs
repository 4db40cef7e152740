//! What a signature keeps so that it still verifies once the retention
//! purge has masked the names (SPEC §7): when it is made, a SHA-256 of
//! what it covered without the names — the figures, the versions of the
//! level below, and each named person's id, revision and state, sorted by
//! id. Masking blanks the names only, so the seal of a masked signature
//! is the seal it was signed with; changing a figure, an id or a revision
//! breaks it.

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::signing::{CoveredName, NameState};
use super::{Covered, Figures, Scope};

/// The name a masked signature shows in place of a person's.
pub const MASKED_NAME: &str = "";

/// The part of a [`Covered`] a seal is made of.
#[derive(Serialize)]
struct Sealed<'a> {
    figures: &'a Figures,
    parts: Vec<(&'a Scope, u32)>,
    names: Vec<(&'a str, Option<&'a str>, &'a NameState)>,
}

impl Covered {
    /// The seal: lowercase hex SHA-256 of the covered ids, revisions and
    /// figures.
    pub fn seal(&self) -> String {
        let mut parts: Vec<(&Scope, u32)> =
            self.parts.iter().map(|p| (&p.scope, p.version)).collect();
        parts.sort();
        let mut names: Vec<(&str, Option<&str>, &NameState)> = self
            .names
            .iter()
            .map(|n| (n.person_id.as_str(), n.revision_id.as_deref(), &n.state))
            .collect();
        names.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let sealed = Sealed { figures: &self.figures, parts, names };
        // Plain structs, maps never: the serialization cannot fail and
        // its order is the declared one.
        let text = serde_json::to_vec(&sealed).unwrap_or_default();
        Sha256::digest(&text).iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The same signature with every name blanked.
    pub fn masked(&self) -> Covered {
        Covered {
            names: self
                .names
                .iter()
                .map(|n| CoveredName { name: MASKED_NAME.to_owned(), ..n.clone() })
                .collect(),
            ..self.clone()
        }
    }

    /// Whether any name is still shown.
    pub fn names_shown(&self) -> bool {
        self.names.iter().any(|n| n.name != MASKED_NAME)
    }

    /// Whether what is kept is what `seal` was made of.
    pub fn verifies(&self, seal: &str) -> bool {
        self.seal() == seal
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::signing::CoveredPart;
    use crate::report::Standing;

    fn covered() -> Covered {
        let state = NameState { standing: Standing::Missing, abnormal: true, sent_back: false };
        let mut covered = Covered {
            names: vec![
                CoveredName {
                    person_id: "S-2".into(),
                    name: "李四".into(),
                    revision_id: Some("r2".into()),
                    state,
                },
                CoveredName {
                    person_id: "S-1".into(),
                    name: "张三".into(),
                    revision_id: None,
                    state,
                },
            ],
            parts: vec![CoveredPart { scope: Scope::Class("C1".into()), version: 2 }],
            ..Covered::default()
        };
        covered.figures.total.expected = 30;
        covered.figures.total.abnormal = 2;
        covered
    }

    #[test]
    fn test_a_masked_signature_keeps_its_seal_and_shows_no_name() {
        let signed = covered();
        let seal = signed.seal();
        assert_eq!(seal.len(), 64);
        let masked = signed.masked();
        assert!(signed.names_shown());
        assert!(!masked.names_shown());
        assert!(masked.verifies(&seal));
        assert_eq!(masked.names[0].person_id, "S-2", "ids and revisions stay");
        assert_eq!(masked.names[0].revision_id.as_deref(), Some("r2"));
        // The order the names are kept in does not matter.
        let mut reordered = signed.clone();
        reordered.names.reverse();
        assert!(reordered.verifies(&seal));
    }

    #[test]
    fn test_changing_a_figure_an_id_a_revision_or_a_part_breaks_the_seal() {
        let seal = covered().seal();
        let mut figure = covered();
        figure.figures.total.abnormal = 1;
        assert!(!figure.verifies(&seal));
        let mut id = covered();
        id.names[1].person_id = "S-3".into();
        assert!(!id.verifies(&seal));
        let mut revision = covered();
        revision.names[0].revision_id = Some("r3".into());
        assert!(!revision.verifies(&seal));
        let mut part = covered();
        part.parts[0].version = 3;
        assert!(!part.verifies(&seal));
        let mut state = covered();
        state.names[0].state.abnormal = false;
        assert!(!state.verifies(&seal));
    }
}
