//! The one way the server turns a person's id into a pseudonym: a hash
//! keyed with the server's secret (`server_meta.pseudonym_key`), so it
//! cannot be reversed by anyone without the database. `purpose` keeps the
//! pseudonyms of different uses apart (an anonymous visitor's on the
//! desk, a daily pass's): one cannot be linked to the other.

use sha2::{Digest, Sha256};

/// The counselling desk's pseudonyms of anonymous visitors.
pub const VISITOR: &str = "";
/// The daily pass's pseudonym of its holder.
pub const PASS: &str = "pass/";

pub fn keyed_hash(key: &str, purpose: &str, person_id: &str) -> [u8; 32] {
    Sha256::new()
        .chain_update(key.as_bytes())
        .chain_update(b"/")
        .chain_update(purpose.as_bytes())
        .chain_update(person_id.as_bytes())
        .finalize()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_purposes_and_keys_give_different_pseudonyms() {
        let visitor = keyed_hash("k", VISITOR, "2020-0101");
        assert_eq!(visitor, keyed_hash("k", VISITOR, "2020-0101"), "stable");
        assert_ne!(visitor, keyed_hash("k", PASS, "2020-0101"));
        assert_ne!(visitor, keyed_hash("other", VISITOR, "2020-0101"));
    }
}
