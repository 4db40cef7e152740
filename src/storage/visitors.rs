//! The visitors a person hosts, as the last pull brought each (its JSON
//! text, one record per visitor: a later change replaces it). The
//! students' app keeps them without decoding them (the first load's size
//! budget); the staff bundle decodes them to show them.

use super::{keys, KeyValueStore, Result};
use crate::sync::JsonText;

pub struct VisitorNotes<'a> {
    store: &'a dyn KeyValueStore,
}

/// The visitor id of a registration's JSON as the server writes it (a
/// UUID, so never escaped); `None` for anything else.
fn visitor_id(text: &str) -> Option<&str> {
    let rest = text.split_once("\"visitor_id\":\"")?.1;
    let id = rest.split_once('"')?.0;
    anxin_domain::sync::is_uuid(id).then_some(id)
}

impl<'a> VisitorNotes<'a> {
    pub fn new(store: &'a dyn KeyValueStore) -> Self {
        Self { store }
    }

    /// Keeps a pulled registration in place of its earlier state.
    pub fn take(&self, visitor: &JsonText) -> Result<()> {
        match visitor_id(visitor.text()) {
            Some(id) => self.store.write(&format!("{}{id}", keys::VISITOR_PREFIX), visitor.text()),
            None => Ok(()),
        }
    }

    /// Every registration kept, in no order.
    pub fn all(&self) -> Result<Vec<JsonText>> {
        let mut out = Vec::new();
        for key in self.store.keys_with_prefix(keys::VISITOR_PREFIX)? {
            if let Some(text) = self.store.read(&key)?.and_then(JsonText::from_text) {
                out.push(text);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::MemoryStore;

    fn text(id: &str, status: &str) -> JsonText {
        let json =
            format!(r#"{{"request":{{"visitor_id":"{id}","name":"x"}},"status":"{status}"}}"#);
        JsonText::from_text(json).unwrap()
    }

    #[test]
    fn test_take_keeps_the_latest_state_of_each_visitor() {
        let store = MemoryStore::default();
        let notes = VisitorNotes::new(&store);
        let a = "0f8fad5b-d9cb-469f-a165-70867728950e";
        let b = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
        notes.take(&text(a, "pending")).unwrap();
        notes.take(&text(b, "pending")).unwrap();
        notes.take(&text(a, "approved")).unwrap();
        let mut kept: Vec<String> =
            notes.all().unwrap().iter().map(|t| t.text().to_owned()).collect();
        kept.sort();
        assert_eq!(kept.len(), 2);
        assert!(kept.iter().any(|t| t.contains(a) && t.contains("approved")));
    }

    #[test]
    fn test_take_ignores_a_record_without_a_visitor_id() {
        let store = MemoryStore::default();
        let notes = VisitorNotes::new(&store);
        notes.take(&JsonText::from_text(r#"{"x":1}"#.into()).unwrap()).unwrap();
        assert!(notes.all().unwrap().is_empty());
    }
}
