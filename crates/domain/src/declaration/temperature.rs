use std::fmt;

use serde::{Deserialize, Serialize};

/// A body temperature in tenths of a degree Celsius (365 = 36.5 °C): exact,
/// so 37.3 compares as 37.3, never as 37.299999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Temperature(u16);

impl Temperature {
    /// The plausible range; anything else is a typing error, not a fever.
    pub const MIN: Temperature = Temperature(350);
    pub const MAX: Temperature = Temperature(420);

    pub fn from_tenths(tenths: u16) -> Self {
        Temperature(tenths)
    }

    pub fn tenths(self) -> u16 {
        self.0
    }

    pub fn is_plausible(self) -> bool {
        (Self::MIN..=Self::MAX).contains(&self)
    }

    /// Reads "36.5", "36,5", "37" or " 38.1 " (at most one decimal).
    /// `None` for anything else, including "36.55" and "-1".
    pub fn parse(text: &str) -> Option<Temperature> {
        let text = text.trim().replace(',', ".");
        let (whole, tenth) = match text.split_once('.') {
            Some((whole, tenth)) => (whole, tenth),
            None => (text.as_str(), "0"),
        };
        let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        if !all_digits(whole) || !all_digits(tenth) || tenth.len() != 1 || whole.len() > 3 {
            return None;
        }
        let whole: u16 = whole.parse().ok()?;
        let tenth: u16 = tenth.parse().ok()?;
        whole.checked_mul(10)?.checked_add(tenth).map(Temperature)
    }

    /// What the person probably meant by a temperature typed without its
    /// decimal point: "365" → 36.5 °C. `None` unless the digits, read with
    /// one decimal, are plausible.
    pub fn suggest(text: &str) -> Option<Temperature> {
        let text = text.trim();
        if text.len() != 3 || !text.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        Some(Temperature(text.parse().ok()?)).filter(|t| t.is_plausible())
    }
}

impl fmt::Display for Temperature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0 / 10, self.0 % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_parse_accepts_one_decimal_and_whole_degrees() {
        assert_eq!(Temperature::parse("36.5"), Some(Temperature(365)));
        assert_eq!(Temperature::parse(" 38,1 "), Some(Temperature(381)));
        assert_eq!(Temperature::parse("37"), Some(Temperature(370)));
    }

    #[test]
    fn test_parse_rejects_garbage_and_two_decimals() {
        for text in ["", "abc", "36.55", "-36.5", "36.", ".5", "3 6", "99999", "36.5°"] {
            assert_eq!(Temperature::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn test_plausible_range_is_35_to_42_inclusive() {
        assert!(!Temperature(349).is_plausible());
        assert!(Temperature(350).is_plausible());
        assert!(Temperature(420).is_plausible());
        assert!(!Temperature(421).is_plausible());
    }

    #[test]
    fn test_display_has_one_decimal() {
        assert_eq!(Temperature(365).to_string(), "36.5");
        assert_eq!(Temperature(370).to_string(), "37.0");
    }

    #[test]
    fn test_suggest_reads_three_digits_as_one_decimal() {
        assert_eq!(Temperature::suggest("365"), Some(Temperature(365)));
        assert_eq!(Temperature::suggest(" 381 "), Some(Temperature(381)));
        for text in ["36.5", "36", "3650", "999", "120", "abc", ""] {
            assert_eq!(Temperature::suggest(text), None, "{text:?}");
        }
    }
}
