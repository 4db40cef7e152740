//! The person's waitlist entry (SPEC §3) as the last pull brought it, or
//! as joined on this phone until the server's word comes: its JSON text,
//! one record (a later entry replaces it). The students' app keeps it
//! without decoding it (the first load's size budget); the booking page
//! decodes it.

use super::{keys, KeyValueStore, Result};
use crate::sync::JsonText;

pub struct WaitlistNote<'a> {
    store: &'a dyn KeyValueStore,
}

impl<'a> WaitlistNote<'a> {
    pub fn new(store: &'a dyn KeyValueStore) -> Self {
        Self { store }
    }

    /// Keeps `entry` in place of what was kept.
    pub fn take(&self, entry: &JsonText) -> Result<()> {
        self.store.write(keys::WAITLIST, entry.text())
    }

    pub fn get(&self) -> Result<Option<JsonText>> {
        Ok(self.store.read(keys::WAITLIST)?.and_then(JsonText::from_text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::MemoryStore;

    #[test]
    fn test_the_latest_entry_is_kept() {
        let store = MemoryStore::default();
        let note = WaitlistNote::new(&store);
        assert!(note.get().unwrap().is_none());
        note.take(&JsonText::from_text(r#"{"state":"waiting"}"#.into()).unwrap()).unwrap();
        note.take(&JsonText::from_text(r#"{"state":"left"}"#.into()).unwrap()).unwrap();
        assert_eq!(note.get().unwrap().unwrap().text(), r#"{"state":"left"}"#);
    }
}
