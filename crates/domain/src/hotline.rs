//! Hotline numbers shown on every screen (SPEC §3).

use serde::{Deserialize, Serialize};

/// What a hotline is for; the app labels each kind in the user's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HotlineKind {
    /// The school's own psychological-support hotline.
    School,
    /// The national psychological assistance hotline, 12356.
    National,
    /// The campus clinic.
    Clinic,
    /// Medical emergency, 120.
    Ambulance,
    /// Police, 110.
    Police,
}

/// A number to call, as a `tel:` link on the device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hotline {
    pub kind: HotlineKind,
    pub number: String,
}

impl HotlineKind {
    /// The kind's name on the wire (also used as a stable CSS hook).
    pub fn as_str(self) -> &'static str {
        match self {
            HotlineKind::School => "school",
            HotlineKind::National => "national",
            HotlineKind::Clinic => "clinic",
            HotlineKind::Ambulance => "ambulance",
            HotlineKind::Police => "police",
        }
    }
}

impl HotlineKind {
    /// A label in both languages, for the page shown before the app loads.
    pub fn bilingual_label(self) -> &'static str {
        match self {
            HotlineKind::School => "学校心理热线 School",
            HotlineKind::National => "全国心理援助 National",
            HotlineKind::Clinic => "校医院 Clinic",
            HotlineKind::Ambulance => "急救 Ambulance",
            HotlineKind::Police => "报警 Police",
        }
    }
}

/// A phone number as a `tel:` URI: its digits and a leading `+` only.
pub fn tel_uri(number: &str) -> String {
    let dial: String = number
        .chars()
        .enumerate()
        .filter(|(i, c)| c.is_ascii_digit() || (*i == 0 && *c == '+'))
        .map(|(_, c)| c)
        .collect();
    format!("tel:{dial}")
}

impl Hotline {
    pub fn new(kind: HotlineKind, number: impl Into<String>) -> Self {
        Self { kind, number: number.into() }
    }

    /// The `tel:` URI: digits and a leading `+` only, so that "0898-6600 0000"
    /// dials on every phone.
    pub fn tel_uri(&self) -> String {
        tel_uri(&self.number)
    }

    /// A number is dialable when it has at least three digits and nothing
    /// but digits, spaces, dashes and a leading `+`.
    pub fn is_dialable(&self) -> bool {
        let digits = self.number.chars().filter(char::is_ascii_digit).count();
        let allowed = self
            .number
            .chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || c == ' ' || c == '-' || (i == 0 && c == '+'));
        digits >= 3 && allowed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_kind_as_str_matches_wire_name() {
        for kind in [
            HotlineKind::School,
            HotlineKind::National,
            HotlineKind::Clinic,
            HotlineKind::Ambulance,
            HotlineKind::Police,
        ] {
            let wire = serde_json::to_string(&kind).unwrap();
            assert_eq!(wire, format!("\"{}\"", kind.as_str()));
        }
    }

    #[test]
    fn test_tel_uri_strips_spaces_and_dashes() {
        let line = Hotline::new(HotlineKind::School, "0898-6600 0000");
        assert_eq!(line.tel_uri(), "tel:089866000000");
    }

    #[test]
    fn test_tel_uri_keeps_leading_plus_only() {
        let line = Hotline::new(HotlineKind::School, "+86 898+1");
        assert_eq!(line.tel_uri(), "tel:+868981");
    }

    #[test]
    fn test_is_dialable_rejects_letters_and_short_numbers() {
        assert!(Hotline::new(HotlineKind::Police, "110").is_dialable());
        assert!(!Hotline::new(HotlineKind::Police, "11").is_dialable());
        assert!(!Hotline::new(HotlineKind::School, "call us").is_dialable());
        assert!(!Hotline::new(HotlineKind::School, "12-3+4").is_dialable());
    }
}
