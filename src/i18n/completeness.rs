//! Every text of every table, in both languages: none empty, none left in
//! the other language, and every typed placeholder filled. The tables are
//! read through their `Debug` form, so a new field is checked the day it
//! is added, with no list to keep.

use super::{en, zh, Lang, Texts};

/// Fields meant to read the same in both languages (the language switch,
/// proper names, numbers): the short, explicit allowlist.
const BILINGUAL: &[&str] = &["app_name", "hotline_number"];

/// English texts that quote Chinese on purpose: a plate number begins with
/// its province's character.
const QUOTES_CHINESE: &[&str] = &["plate_hint", "reject_invalid_plate"];

/// Each `field: "text"` of a table's `Debug` form (arrays give one entry
/// per element), in order.
fn texts_of(debug: &str) -> Vec<(String, String)> {
    blanks_of(debug).into_iter().map(|(field, text, _)| (field, text)).collect()
}

/// [`texts_of`], with the number of blanks each text is filled with (1 in
/// `Blank("…")`, 2 in `Blank2("…")`, none in a plain text).
fn blanks_of(debug: &str) -> Vec<(String, String, usize)> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut word = String::new();
    // The type around the text: `Blank(`, `Blank2(`, or none.
    let mut wrapper = String::new();
    let mut chars = debug.chars();
    while let Some(c) = chars.next() {
        match c {
            '(' => wrapper = std::mem::take(&mut word),
            '"' => {
                let mut text = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            if let Some(next) = chars.next() {
                                text.push(next);
                            }
                        }
                        '"' => break,
                        other => text.push(other),
                    }
                }
                let blanks = match wrapper.as_str() {
                    "Blank" => 1,
                    "Blank2" => 2,
                    _ => 0,
                };
                out.push((field.clone(), text, blanks));
                wrapper.clear();
            }
            ':' if !word.is_empty() => field = std::mem::take(&mut word),
            c if c.is_alphanumeric() || c == '_' => word.push(c),
            _ => word.clear(),
        }
    }
    out
}

fn has_cjk(text: &str) -> bool {
    text.chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c))
}

fn has_latin_word(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphabetic()).any(|w| w.len() >= 3)
}

/// What is wrong with one language's tables.
fn problems(lang: Lang, tables: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for debug in tables {
        for (field, text) in texts_of(debug) {
            if BILINGUAL.contains(&field.as_str()) {
                continue;
            }
            if text.trim().is_empty() {
                found.push(format!("{lang:?} {field}: empty"));
            } else if lang == Lang::En
                && has_cjk(&text)
                && !QUOTES_CHINESE.contains(&field.as_str())
            {
                found.push(format!("{lang:?} {field}: Chinese in English: {text:?}"));
            } else if lang == Lang::ZhCn && !has_cjk(&text) && has_latin_word(&text) {
                found.push(format!("{lang:?} {field}: English in Chinese: {text:?}"));
            }
        }
    }
    found
}

fn tables(lang: Lang) -> Vec<String> {
    let texts: &Texts = lang.texts();
    vec![
        format!("{texts:?}"),
        format!("{:?}", texts.desk()),
        format!("{:?}", texts.reports()),
        format!("{:?}", texts.gate()),
        format!("{:?}", texts.return_desk()),
        format!("{:?}", texts.returns()),
        format!("{:?}", texts.pass()),
        format!("{:?}", texts.visitors()),
        format!("{:?}", texts.decision()),
    ]
}

#[test]
fn test_every_text_is_there_in_its_own_language() {
    for lang in Lang::ALL {
        let tables = tables(lang);
        let count: usize = tables.iter().map(|t| texts_of(t).len()).sum();
        assert!(count > 400, "{lang:?}: only {count} texts read: is the Debug form still parsed?");
        assert_eq!(problems(lang, &tables), Vec::<String>::new());
    }
}

#[test]
fn test_both_languages_have_the_same_texts() {
    let fields = |lang| -> Vec<String> {
        tables(lang).iter().flat_map(|t| texts_of(t)).map(|(field, _)| field).collect()
    };
    assert_eq!(fields(Lang::ZhCn), fields(Lang::En));
}

#[test]
fn test_the_check_catches_what_it_is_for() {
    let english_in_zh = r#"Texts { submit: "Submit", ok: "提交", n: "12356" }"#.to_owned();
    assert_eq!(problems(Lang::ZhCn, &[english_in_zh]).len(), 1);
    let chinese_in_en = r#"Texts { submit: "提交", empty: " " }"#.to_owned();
    assert_eq!(problems(Lang::En, &[chinese_in_en]).len(), 2);
}

#[test]
fn test_every_blank_is_in_its_text_and_no_other_text_has_one() {
    for lang in Lang::ALL {
        let found: Vec<_> = tables(lang).iter().flat_map(|t| blanks_of(t)).collect();
        assert!(found.iter().filter(|(_, _, n)| *n > 0).count() > 50, "{lang:?}: blanks read");
        for (field, text, blanks) in found {
            assert_eq!(text.matches("{}").count(), blanks, "{lang:?} {field}: {text:?}");
            assert_eq!(text.matches('{').count(), blanks, "{lang:?} {field}: a stray brace");
        }
    }
}

#[test]
fn test_typed_placeholders_are_filled_in_both_languages() {
    for texts in [&zh::TEXTS, &en::TEXTS] {
        let filled = [
            (texts.field_returned)("广东"),
            (texts.temperature_suggest)("36.5"),
            (texts.remarks_count)(120, 500),
            (texts.banners_more)(2),
        ];
        for text in filled {
            assert!(!text.contains('{'), "{text}");
        }
        assert!((texts.field_returned)("P").contains('P'));
        assert!((texts.temperature_suggest)("36.5").contains("36.5"));
        assert!((texts.remarks_count)(120, 500).contains("120 / 500"));
        assert!((texts.banners_more)(2).contains('2'));
    }
}
