//! Unstructured inputs: bodies that are bytes rather than JSON (random,
//! cut short, with a byte changed, invalid UTF-8, deep nesting), and the
//! text of URLs (path segments and query strings, percent-encoded).

use proptest::collection::vec;
use proptest::prelude::*;

/// What a body that is not a (valid) document is made from.
#[derive(Debug, Clone)]
pub enum RawBody {
    /// Any bytes.
    Bytes(Vec<u8>),
    /// The valid body cut after this many bytes.
    Cut(usize),
    /// The valid body with the byte at this place replaced.
    Flip(usize, u8),
    /// The valid body with invalid UTF-8 put in at this place.
    BadUtf8(usize),
    /// `[` this many times (past every nesting limit).
    Deep(usize),
    /// The valid body after a byte-order mark.
    Bom,
    Empty,
}

pub fn raw_body() -> impl Strategy<Value = RawBody> {
    prop_oneof![
        3 => vec(any::<u8>(), 0..512).prop_map(RawBody::Bytes),
        3 => any::<usize>().prop_map(RawBody::Cut),
        3 => (any::<usize>(), any::<u8>()).prop_map(|(at, b)| RawBody::Flip(at, b)),
        1 => any::<usize>().prop_map(RawBody::BadUtf8),
        1 => (100usize..200_000).prop_map(RawBody::Deep),
        1 => Just(RawBody::Bom),
        1 => Just(RawBody::Empty),
    ]
}

impl RawBody {
    /// The body's bytes, from the valid body `valid`.
    pub fn bytes(&self, valid: &[u8]) -> Vec<u8> {
        let at = |n: usize| if valid.is_empty() { 0 } else { n % valid.len() };
        match self {
            RawBody::Bytes(bytes) => bytes.clone(),
            RawBody::Cut(n) => valid[..at(*n)].to_vec(),
            RawBody::Flip(n, byte) => {
                let mut bytes = valid.to_vec();
                if !bytes.is_empty() {
                    bytes[at(*n)] = *byte;
                }
                bytes
            }
            RawBody::BadUtf8(n) => {
                let mut bytes = valid.to_vec();
                let place = at(*n);
                bytes.splice(place..place, [0xC3, 0x28, 0xFF, 0xED, 0xA0, 0x80]);
                bytes
            }
            RawBody::Deep(depth) => "[".repeat(*depth).into_bytes(),
            RawBody::Bom => [b"\xEF\xBB\xBF".as_slice(), valid].concat(),
            RawBody::Empty => Vec::new(),
        }
    }
}

/// Percent-encodes every byte but the unreserved ones (RFC 3986).
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A path segment or a query value: the valid ones, and what is not.
#[derive(Debug, Clone)]
pub enum UrlText {
    /// One of the values the endpoint knows (the index picks it).
    Known(usize),
    /// Any text, percent-encoded.
    Text(String),
    /// One of the odd texts of `json::ODD_TEXTS`.
    Odd(usize),
    /// Escapes that are not (`%zz`) or decode to invalid UTF-8 (`%FF`).
    BadEscape(usize),
    /// A number, as text.
    Number(i128),
    /// A day relative to today.
    Day(i64),
    /// `n` copies of a character.
    Huge(char, usize),
}

pub const BAD_ESCAPES: [&str; 6] = ["%zz", "%", "%F", "%FF%FE", "%C3%28", "%ED%A0%80"];

pub fn url_text() -> impl Strategy<Value = UrlText> {
    prop_oneof![
        14 => any::<usize>().prop_map(UrlText::Known),
        3 => any::<String>().prop_map(UrlText::Text),
        2 => any::<usize>().prop_map(UrlText::Odd),
        1 => any::<usize>().prop_map(UrlText::BadEscape),
        2 => prop_oneof![
            Just(-1i128), Just(0), Just(i64::MAX as i128), Just(i64::MAX as i128 + 1),
            Just(u64::MAX as i128), Just(u64::MAX as i128 + 1), any::<i128>()
        ].prop_map(UrlText::Number),
        3 => (-40_000i64..40_000).prop_map(|d| UrlText::Day(d / 1000)),
        1 => (prop_oneof![Just('a'), Just('字')], 100usize..3_000).prop_map(|(c, n)| UrlText::Huge(c, n)),
    ]
}

impl UrlText {
    /// The text as it goes in a URL, `known` giving the valid values.
    pub fn encoded(&self, known: &[String]) -> String {
        match self {
            UrlText::Known(i) if !known.is_empty() => encode(&known[i % known.len()]),
            UrlText::Known(_) => String::new(),
            UrlText::Text(text) => encode(text),
            UrlText::Odd(i) => encode(super::json::ODD_TEXTS[i % super::json::ODD_TEXTS.len()]),
            UrlText::BadEscape(i) => BAD_ESCAPES[i % BAD_ESCAPES.len()].to_owned(),
            UrlText::Number(n) => n.to_string(),
            UrlText::Day(days) => super::json::day_text(*days),
            UrlText::Huge(c, n) => encode(&c.to_string().repeat(*n)),
        }
    }

    /// The long text it puts in the request, if any.
    pub fn long_text(&self) -> Option<String> {
        match self {
            UrlText::Text(text) if text.chars().count() >= 24 => Some(text.clone()),
            UrlText::Huge(c, _) => Some(c.to_string().repeat(24)),
            _ => None,
        }
    }
}

/// A query string: the endpoint's keys with a value each (or left out),
/// and keys of its own.
#[derive(Debug, Clone)]
pub struct QueryCase {
    /// Per key of the endpoint: `None` leaves it out.
    pub values: Vec<Option<UrlText>>,
    pub extra: Vec<(String, UrlText)>,
    /// The first key given twice.
    pub repeat_first: bool,
}

pub fn query_case(keys: usize) -> impl Strategy<Value = QueryCase> {
    (
        vec(prop::option::weighted(0.85, url_text()), keys),
        vec(("[a-z_]{1,10}", url_text()), 0..2),
        prop::bool::weighted(0.05),
    )
        .prop_map(|(values, extra, repeat_first)| QueryCase { values, extra, repeat_first })
}

impl QueryCase {
    /// `?k=v&…` (empty when there is nothing), `known(i)` giving key i's
    /// valid values.
    pub fn to_query(&self, keys: &[&str], known: impl Fn(usize) -> Vec<String>) -> String {
        let mut pairs = Vec::new();
        for (i, (key, value)) in keys.iter().zip(&self.values).enumerate() {
            if let Some(value) = value {
                let text = value.encoded(&known(i));
                pairs.push(format!("{key}={text}"));
                if self.repeat_first && i == 0 {
                    pairs.push(format!("{key}={text}"));
                }
            }
        }
        for (key, value) in &self.extra {
            pairs.push(format!("{key}={}", value.encoded(&[])));
        }
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        }
    }

    pub fn long_texts(&self) -> Vec<String> {
        self.values
            .iter()
            .flatten()
            .chain(self.extra.iter().map(|(_, v)| v))
            .filter_map(UrlText::long_text)
            .collect()
    }
}
