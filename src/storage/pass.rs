//! Today's pass as the last sync brought it (`anxin.v1.pass`): the text of
//! its QR code and when it arrived. Only the person's own, and wiped at
//! sign-out with everything personal. The page decides whether it is
//! today's (a pass of an earlier day is never shown as valid).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{keys, load, save, KeyValueStore, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredPass {
    /// The signed pass, as the QR code holds it.
    pub text: String,
    /// When this phone received it (the server signs it at every sync).
    pub received_at: DateTime<Utc>,
}

pub struct PassStore<'a> {
    store: &'a dyn KeyValueStore,
}

impl<'a> PassStore<'a> {
    pub fn new(store: &'a dyn KeyValueStore) -> Self {
        Self { store }
    }

    pub fn get(&self) -> Result<Option<StoredPass>> {
        load(self.store, keys::PASS)
    }

    /// Keeps what the sync brought: a new pass, or none (no declaration of
    /// today on the server), which removes the one kept. The server signs
    /// the same claims into the same text, so an unchanged pass keeps when
    /// it first came. `true` when what is kept changed.
    pub fn keep(&self, text: Option<&str>, now: DateTime<Utc>) -> Result<bool> {
        let kept = self.get().ok().flatten();
        if kept.as_ref().map(|p| p.text.as_str()) == text {
            return Ok(false);
        }
        match text {
            Some(text) => {
                let pass = StoredPass { text: text.to_owned(), received_at: now };
                save(self.store, keys::PASS, &pass)?
            }
            None => self.store.remove(keys::PASS)?,
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::MemoryStore;

    #[test]
    fn test_a_sync_without_a_pass_removes_the_one_kept() {
        let store = MemoryStore::default();
        let passes = PassStore::new(&store);
        let now = DateTime::from_timestamp(1_764_547_200, 0).unwrap();
        assert!(passes.keep(Some("AX1:ABC"), now).unwrap());
        let later = now + chrono::Duration::minutes(5);
        assert!(!passes.keep(Some("AX1:ABC"), later).unwrap(), "the same pass: nothing changed");
        let first = Some(StoredPass { text: "AX1:ABC".into(), received_at: now });
        assert_eq!(passes.get().unwrap(), first, "it keeps when it first came");
        assert!(passes.keep(None, now).unwrap());
        assert_eq!(passes.get().unwrap(), None);
        assert!(!passes.keep(None, now).unwrap());
    }
}
