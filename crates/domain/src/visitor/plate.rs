//! Chinese vehicle plates (机动车号牌), as a host types them for a visitor
//! who comes by car and as a guard reads them at the gate.
//!
//! What is accepted (GA 36, simplified to what a campus gate sees):
//! - the province's one-character abbreviation (琼, 粤, 京, …);
//! - the issuing office's letter, A to Z but I and O (never issued: they
//!   read as 1 and 0);
//! - then either five letters or digits (an ordinary plate, `琼A12345`),
//!   the last of which may be one of 学 警 挂 港 澳 领 (a learner's, police,
//!   trailer, Hong Kong, Macao or consular plate, `琼A1234学`);
//! - or six letters or digits whose first or last is D or F (a new-energy
//!   plate, `琼AD12345`, `琼A12345D`).
//!
//! Letters are again never I or O. A plate is kept normalised: without
//! spaces, dots or dashes (`琼A·12345`, `琼 a 12345`), letters upper case.

/// The provinces' abbreviations on plates.
pub const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

/// The characters a plate may end with instead of a letter or digit.
pub const SPECIAL_ENDINGS: &str = "学警挂港澳领";

/// The longest plate (province, letter, six): what a field may hold.
pub const MAX_PLATE_CHARS: usize = 8;

/// The plate without separators, letters upper case (not yet checked).
pub fn normalize_plate(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '·' | '•' | '.' | '-' | '_'))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn plate_letter(c: char) -> bool {
    c.is_ascii_uppercase() && c != 'I' && c != 'O'
}

fn plate_symbol(c: char) -> bool {
    plate_letter(c) || c.is_ascii_digit()
}

/// Whether a normalised plate is one of the forms above.
pub fn is_valid_plate(plate: &str) -> bool {
    let chars: Vec<char> = plate.chars().collect();
    let [province, office, rest @ ..] = chars.as_slice() else { return false };
    if !PROVINCES.contains(*province) || !plate_letter(*office) {
        return false;
    }
    match rest {
        [body @ .., last] if rest.len() == 5 => {
            body.iter().all(|c| plate_symbol(*c))
                && (plate_symbol(*last) || SPECIAL_ENDINGS.contains(*last))
        }
        [first, .., last] if rest.len() == 6 => {
            rest.iter().all(|c| plate_symbol(*c))
                && (matches!(first, 'D' | 'F') || matches!(last, 'D' | 'F'))
        }
        _ => false,
    }
}

/// The plate as it is kept, or `None` when it is not a plate.
pub fn parse_plate(typed: &str) -> Option<String> {
    let plate = normalize_plate(typed);
    is_valid_plate(&plate).then_some(plate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_parse_plate_accepts_ordinary_and_new_energy_plates() {
        assert_eq!(parse_plate("琼A12345").as_deref(), Some("琼A12345"));
        assert_eq!(parse_plate("琼AD12345").as_deref(), Some("琼AD12345"));
        assert_eq!(parse_plate("粤B12345F").as_deref(), Some("粤B12345F"));
        assert_eq!(parse_plate("京A1234学").as_deref(), Some("京A1234学"));
        assert_eq!(parse_plate("琼A·B1C23").as_deref(), Some("琼AB1C23"));
    }

    #[test]
    fn test_parse_plate_normalises_case_and_spaces() {
        assert_eq!(parse_plate(" 琼 a 1234 5 ").as_deref(), Some("琼A12345"));
        assert_eq!(parse_plate("琼ad-12345").as_deref(), Some("琼AD12345"));
    }

    #[test]
    fn test_parse_plate_rejects_what_is_not_a_plate() {
        for typed in [
            "",
            "A12345",     // no province
            "琼112345",   // no office letter
            "琼I12345",   // I is never issued
            "琼A1234",    // too short
            "琼A12O45",   // O is never issued
            "琼A123456",  // six without D or F
            "琼A1234567", // too long
            "美A12345",   // not a province
            "琼A学1234",  // a special character not at the end
            "琼AD1234学", // a new-energy plate has no special ending
        ] {
            assert_eq!(parse_plate(typed), None, "{typed:?}");
        }
    }
}
