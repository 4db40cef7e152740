//! A visitor's phone number (访客联系电话): one the office and the guard
//! can call, so a Chinese mainland number.
//!
//! What is accepted:
//! - a mobile number: 11 digits, the first 1 and the second 3 to 9
//!   (`138 0000 1234`);
//! - a landline with its area code: 0 and two or three digits, then the
//!   local number of 7 or 8 digits (`0898-66123456`, `010 12345678`). The
//!   area codes of two digits after the 0 are 10 and 20 to 29 (Beijing,
//!   Guangzhou, Shanghai, …); every other has three, so where the area
//!   code ends is known even when it was typed without a separator.
//!
//! Spaces and hyphens may be typed between the digits. A number is kept
//! normalised: a mobile as its 11 digits, a landline as its area code, a
//! hyphen and its local number (`0898-66123456`).

/// The digits of a number typed with spaces or hyphens, or `None` when
/// anything else was typed.
fn digits_of(typed: &str) -> Option<String> {
    let mut digits = String::new();
    for c in typed.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '-' => {}
            c if c.is_whitespace() => {}
            _ => return None,
        }
    }
    Some(digits)
}

/// The number as it is kept, or `None` when it is not a mainland mobile
/// or landline number.
pub fn parse_phone(typed: &str) -> Option<String> {
    let digits = digits_of(typed)?;
    let bytes = digits.as_bytes();
    match bytes {
        [b'1', b'3'..=b'9', ..] if bytes.len() == 11 => Some(digits),
        [b'0', second @ b'1'..=b'9', ..] => {
            let area = if matches!(second, b'1' | b'2') { 3 } else { 4 };
            let local = &digits[area.min(digits.len())..];
            (7..=8).contains(&local.len()).then(|| format!("{}-{local}", &digits[..area]))
        }
        _ => None,
    }
}

/// The number as it is kept when it is one, otherwise as typed (trimmed),
/// to be refused by [`is_valid_phone`].
pub fn normalize_phone(typed: &str) -> String {
    parse_phone(typed).unwrap_or_else(|| typed.trim().to_owned())
}

/// Whether `phone` is a mainland mobile or landline number (as typed or
/// as kept).
pub fn is_valid_phone(phone: &str) -> bool {
    parse_phone(phone).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_parse_phone_keeps_a_mobile_as_its_eleven_digits() {
        assert_eq!(parse_phone("13800001234").as_deref(), Some("13800001234"));
        assert_eq!(parse_phone(" 138 0000 1234 ").as_deref(), Some("13800001234"));
        assert_eq!(parse_phone("199-8888-0000").as_deref(), Some("19988880000"));
    }

    #[test]
    fn test_parse_phone_keeps_a_landline_with_its_area_code() {
        assert_eq!(parse_phone("0898-66123456").as_deref(), Some("0898-66123456"));
        assert_eq!(parse_phone("0898 6612345").as_deref(), Some("0898-6612345"));
        assert_eq!(parse_phone("089866123456").as_deref(), Some("0898-66123456"));
        assert_eq!(parse_phone("010-12345678").as_deref(), Some("010-12345678"));
        assert_eq!(parse_phone("02112345678").as_deref(), Some("021-12345678"));
        assert_eq!(parse_phone("020 8765 432").as_deref(), Some("020-8765432"));
    }

    #[test]
    fn test_a_kept_number_reads_as_itself() {
        for typed in ["138 0000 1234", "0898 6612 3456", "010-1234567"] {
            let kept = normalize_phone(typed);
            assert_eq!(parse_phone(&kept), Some(kept.clone()), "{typed:?}");
        }
    }

    #[test]
    fn test_parse_phone_rejects_what_is_not_a_mainland_number() {
        for typed in [
            "",
            "12345",          // too short for anything
            "23800000001",    // 11 digits not starting with 1
            "12800000001",    // 12 is no mobile prefix
            "1380000123",     // a mobile of 10 digits
            "138000012345",   // a mobile of 12 digits
            "0898-661234",    // a local number of 6 digits
            "0898-661234567", // a local number of 9 digits
            "010-123456789",  // Beijing's local numbers have 7 or 8 digits
            "0086 898 66123456",
            "66123456",        // a landline without its area code
            "+86 13800001234", // mainland numbers only, without a country code
            "138 0000 123a",
            "138.0000.1234",
            "打电话",
        ] {
            assert_eq!(parse_phone(typed), None, "{typed:?}");
        }
    }

    #[test]
    fn test_normalize_phone_leaves_a_wrong_number_as_typed() {
        assert_eq!(normalize_phone(" 12345 "), "12345");
        assert!(!is_valid_phone(&normalize_phone("12345")));
    }
}
