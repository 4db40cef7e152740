//! The person's latest application to return to campus
//! (`anxin.v1.return`): as sent from this phone with its delivery, and as
//! the server last said it stands. Wiped at sign-out with everything
//! personal.

use anxin_domain::campus_return::ReturnStanding;
use anxin_domain::delivery::Delivery;
use serde::{Deserialize, Serialize};

use super::{keys, load, save, KeyValueStore, Result};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredReturn {
    /// The id of the latest application made on this phone, and its
    /// delivery.
    pub sent: Option<(String, Delivery)>,
    /// Where the latest application stands, as the server said.
    pub server: Option<ReturnStanding>,
}

impl StoredReturn {
    /// The server's word on what was sent from here, once it came.
    pub fn answered(&self) -> Option<&ReturnStanding> {
        let server = self.server.as_ref()?;
        match &self.sent {
            Some((sent, _)) if *sent != server.application_id => None,
            _ => Some(server),
        }
    }
}

pub struct ReturnStore<'a> {
    store: &'a dyn KeyValueStore,
}

impl<'a> ReturnStore<'a> {
    pub fn new(store: &'a dyn KeyValueStore) -> Self {
        Self { store }
    }

    pub fn get(&self) -> Result<StoredReturn> {
        Ok(load(self.store, keys::RETURN)?.unwrap_or_default())
    }

    fn update(&self, change: impl FnOnce(&mut StoredReturn)) -> Result<()> {
        let mut stored = self.get()?;
        change(&mut stored);
        save(self.store, keys::RETURN, &stored)
    }

    /// A new application made here, not yet delivered.
    pub fn keep_sent(&self, application_id: &str) -> Result<()> {
        self.update(|s| s.sent = Some((application_id.to_owned(), Delivery::SavedOnDevice)))
    }

    pub fn mark(&self, application_id: &str, delivery: Delivery) -> Result<()> {
        self.update(|s| match &mut s.sent {
            Some((sent, kept)) if sent == application_id => *kept = delivery,
            _ => {}
        })
    }

    /// The server's application as it now stands (the newest kept).
    pub fn merge_server(&self, application: &ReturnStanding) -> Result<()> {
        self.update(|s| {
            let older = s.server.as_ref().is_some_and(|kept| {
                kept.application_id != application.application_id
                    && kept.applied_at > application.applied_at
            });
            if !older {
                s.server = Some(application.clone());
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use anxin_domain::campus_return::{ReturnApplication, ReturnRequest, Transport};
    use chrono::{DateTime, NaiveDate};

    use super::*;
    use crate::storage::MemoryStore;

    fn request(id: &str) -> ReturnRequest {
        ReturnRequest {
            application_id: id.into(),
            planned_on: NaiveDate::from_ymd_opt(2020, 2, 12).unwrap(),
            from_where: "海口".into(),
            transport: Transport::Car,
            transport_detail: String::new(),
            symptom_free_14_days: true,
        }
    }

    #[test]
    fn test_merge_server_keeps_the_newest_and_answers_what_was_sent() {
        let store = MemoryStore::default();
        let returns = ReturnStore::new(&store);
        let at = DateTime::from_timestamp(1_581_300_000, 0).unwrap();
        returns.keep_sent("a").unwrap();
        assert_eq!(returns.get().unwrap().answered(), None, "not answered yet");
        let first = ReturnApplication::new("p", &request("a"), true, at).standing();
        returns.merge_server(&first).unwrap();
        assert_eq!(returns.get().unwrap().answered(), Some(&first));
        let older =
            ReturnApplication::new("p", &request("b"), true, at - chrono::Duration::days(1))
                .standing();
        returns.merge_server(&older).unwrap();
        assert_eq!(returns.get().unwrap().server, Some(first));
        returns.mark("a", Delivery::Delivered).unwrap();
        assert_eq!(returns.get().unwrap().sent.unwrap().1, Delivery::Delivered);
    }
}
