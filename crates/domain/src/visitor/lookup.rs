//! Finding a visitor in the day's list at the gate, by what the guard
//! types ([`search`]), and what the guard is shown of their phone
//! ([`masked_phone`]).

use super::gate::GateVisitor;

/// The shortest search that looks in phone numbers (digits).
pub const MIN_PHONE_DIGITS: usize = 4;

/// Why a search is not asked yet: the guard's typing, not the visitor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchProblem {
    /// Nothing typed (or only spaces and separators).
    Empty,
    /// Only a few digits, naming no plate: too few to look in phones
    /// (fewer than [`MIN_PHONE_DIGITS`]).
    TooFewDigits,
}

/// Text as compared in a lookup: no spaces or separators, upper case.
fn folded(text: &str) -> String {
    super::normalize_plate(text).to_uppercase()
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// The visitors of `list` that `query` names: by part of their name or
/// plate (case, spaces and separators ignored), or by at least
/// [`MIN_PHONE_DIGITS`] digits of their phone when the query is a number.
/// An empty query names nobody.
pub fn lookup<'a>(list: &'a [GateVisitor], query: &str) -> Vec<&'a GateVisitor> {
    let wanted = folded(query);
    if wanted.is_empty() {
        return Vec::new();
    }
    let number = wanted.chars().all(|c| c.is_ascii_digit() || c == '+');
    let wanted_digits = digits(&wanted);
    list.iter()
        .filter(|v| {
            folded(&v.name).contains(&wanted)
                || v.plate.as_deref().is_some_and(|p| folded(p).contains(&wanted))
                || (number
                    && wanted_digits.len() >= MIN_PHONE_DIGITS
                    && digits(&v.phone).contains(&wanted_digits))
        })
        .collect()
}

/// [`lookup`], when the query can say who is registered: `Ok` with no
/// one means nobody registered them (and the guard refuses); `Err` means
/// the guard must type more first, so that no refusal is recorded for
/// nothing or for a phone number half typed.
pub fn search<'a>(
    list: &'a [GateVisitor],
    query: &str,
) -> Result<Vec<&'a GateVisitor>, SearchProblem> {
    let wanted = folded(query);
    if wanted.is_empty() {
        return Err(SearchProblem::Empty);
    }
    let found = lookup(list, query);
    let number = wanted.chars().all(|c| c.is_ascii_digit() || c == '+');
    if found.is_empty() && number && digits(&wanted).len() < MIN_PHONE_DIGITS {
        return Err(SearchProblem::TooFewDigits);
    }
    Ok(found)
}

/// A phone as the guard sees it: the last four digits only, the rest
/// starred; a mainland mobile (11 digits from 1, with or without +86)
/// keeps its first three too, the way the guard knows it from a delivery
/// slip ("138****5678"). A number of four digits or fewer is all stars.
pub fn masked_phone(phone: &str) -> String {
    let all = digits(phone);
    let abroad = phone.trim_start().starts_with('+');
    let national = match all.strip_prefix("86") {
        Some(rest) if abroad => rest,
        _ if abroad => "",
        _ => all.as_str(),
    };
    let mobile = national.len() == 11 && national.starts_with('1');
    let n = all.len();
    if n <= 4 {
        "****".to_owned()
    } else if mobile {
        format!("{}****{}", &national[..3], &national[7..])
    } else {
        format!("****{}", &all[n - 4..])
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn visitor(name: &str, phone: &str, plate: Option<&str>) -> GateVisitor {
        GateVisitor {
            visitor_id: name.into(),
            name: name.into(),
            phone: phone.into(),
            id_last4: "123X".into(),
            plate: plate.map(str::to_owned),
            host_name: "张老师".into(),
            host_department: "信息工程学院".into(),
            day: NaiveDate::from_ymd_opt(2020, 2, 12).unwrap(),
        }
    }

    fn list() -> Vec<GateVisitor> {
        vec![
            visitor("黄建国", "138 0000 1234", Some("琼A12345")),
            visitor("Li Lei", "+86 139 1111 2222", None),
        ]
    }

    fn names(found: Vec<&GateVisitor>) -> Vec<&str> {
        found.into_iter().map(|v| v.name.as_str()).collect()
    }

    #[test]
    fn test_lookup_finds_by_name_plate_or_phone_ignoring_case_and_spaces() {
        let list = list();
        assert_eq!(names(lookup(&list, "黄建")), vec!["黄建国"]);
        assert_eq!(names(lookup(&list, "li lei")), vec!["Li Lei"]);
        assert_eq!(names(lookup(&list, "琼a 123")), vec!["黄建国"]);
        assert_eq!(names(lookup(&list, "1234")), vec!["黄建国"]);
        assert_eq!(names(lookup(&list, "139 1111")), vec!["Li Lei"]);
    }

    #[test]
    fn test_lookup_of_nothing_or_too_few_digits_finds_nobody() {
        let list = list();
        assert!(lookup(&list, "  ").is_empty());
        assert!(lookup(&list, "13").is_empty(), "two digits name no phone");
        assert!(lookup(&list, "王").is_empty());
    }

    #[test]
    fn test_search_asks_for_more_before_it_says_nobody_registered() {
        let list = list();
        assert_eq!(search(&list, ""), Err(SearchProblem::Empty));
        assert_eq!(search(&list, " - · "), Err(SearchProblem::Empty));
        assert_eq!(search(&list, "13"), Err(SearchProblem::TooFewDigits));
        assert_eq!(search(&list, "+8"), Err(SearchProblem::TooFewDigits));
        assert_eq!(search(&list, "123").map(names), Ok(vec!["黄建国"]), "part of a plate");
        assert_eq!(search(&list, "王五").map(names), Ok(vec![]), "nobody registered");
        assert_eq!(search(&list, "9999").map(names), Ok(vec![]), "a phone nobody has");
    }

    #[test]
    fn test_masked_phone_shows_the_last_four_only() {
        assert_eq!(masked_phone("13812345678"), "138****5678");
        assert_eq!(masked_phone("138 1234 5678"), "138****5678");
        assert_eq!(masked_phone("+86 138-1234-5678"), "138****5678");
        assert_eq!(masked_phone("0898-6688 1234"), "****1234");
        assert_eq!(masked_phone("+1 415 555 0100"), "****0100", "11 digits, not a mainland mobile");
        assert_eq!(masked_phone("+44 1234 567890"), "****7890");
        assert_eq!(masked_phone("12345"), "****2345");
        assert_eq!(masked_phone("1234"), "****");
        assert!(!masked_phone("13812345678").contains("1234"), "the middle is hidden");
    }
}
