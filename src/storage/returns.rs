//! The person's latest application to return to campus
//! (`anxin.v1.return`): as sent from this phone with its delivery, and as
//! the server last said it stands. Wiped at sign-out with everything
//! personal.

use anxin_domain::delivery::Delivery;
use serde::{Deserialize, Serialize};

use super::notes::string_fields;
use super::{keys, load, save, KeyValueStore, Result};
use crate::sync::JsonText;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredReturn {
    /// The id of the latest application made on this phone, and its
    /// delivery.
    pub sent: Option<(String, Delivery)>,
    /// Where the latest application stands, as the server said
    /// (`anxin_domain::campus_return::ReturnStanding` as JSON text: the
    /// phone reads the few fields it shows).
    pub server: Option<JsonText>,
}

/// What the phone shows of the server's word on its application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub application_id: String,
    /// `awaiting_advisor`, `awaiting_office`, `approved` or `refused`.
    pub state: String,
    /// "2026-12-07".
    pub planned_on: String,
    pub refusal_reason: Option<String>,
    applied_at: String,
}

impl Standing {
    fn of(json: &JsonText) -> Option<Standing> {
        let [application_id, state, planned_on, refusal_reason, applied_at] = string_fields(
            json,
            ["application_id", "state", "planned_on", "refusal_reason", "applied_at"],
        );
        Some(Standing {
            application_id: application_id?,
            state: state?,
            planned_on: planned_on?,
            refusal_reason,
            applied_at: applied_at?,
        })
    }

    fn applied_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.applied_at.parse().ok()
    }
}

impl StoredReturn {
    /// The server's word on the application sent from here (or on one
    /// made on another phone); `None` while the one sent is unanswered.
    pub fn answered(&self) -> Option<Standing> {
        let server = Standing::of(self.server.as_ref()?)?;
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

    pub fn keep_sent(&self, application_id: &str) -> Result<()> {
        self.update(|s| s.sent = Some((application_id.to_owned(), Delivery::SavedOnDevice)))
    }

    pub fn mark(&self, application_id: &str, delivery: Delivery) -> Result<()> {
        self.update(|s| match &mut s.sent {
            Some((sent, kept)) if sent == application_id => *kept = delivery,
            _ => {}
        })
    }

    /// Keeps what the server said, unless it is of an older application
    /// than the one kept (pulls of several phones' applications).
    pub fn merge_server(&self, application: &JsonText) -> Result<()> {
        let Some(pulled) = Standing::of(application) else { return Ok(()) };
        self.update(|s| {
            let kept = s.server.as_ref().and_then(Standing::of);
            let older = kept.is_some_and(|kept| {
                kept.application_id != pulled.application_id
                    && kept.applied_at() > pulled.applied_at()
            });
            if !older {
                s.server = Some(application.clone());
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use anxin_domain::campus_return::{ReturnApplication, ReturnRequest, ReturnState, Transport};
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
        let json = |a: &ReturnApplication| {
            JsonText::from_text(serde_json::to_string(&a.standing()).unwrap()).unwrap()
        };
        let first = json(&ReturnApplication::new("p", &request("a"), true, at));
        returns.merge_server(&first).unwrap();
        let answered = returns.get().unwrap().answered().unwrap();
        assert_eq!(
            (answered.state.as_str(), answered.planned_on.as_str()),
            ("awaiting_advisor", "2020-02-12")
        );
        let older =
            json(&ReturnApplication::new("p", &request("b"), true, at - chrono::Duration::days(1)));
        returns.merge_server(&older).unwrap();
        assert_eq!(returns.get().unwrap().server, Some(first));
        returns.mark("a", Delivery::Delivered).unwrap();
        // The states the page names are the wire's.
        for (state, name) in [
            (ReturnState::AwaitingAdvisor, "awaiting_advisor"),
            (ReturnState::AwaitingOffice, "awaiting_office"),
            (ReturnState::Approved, "approved"),
            (ReturnState::Refused, "refused"),
        ] {
            assert_eq!(serde_json::to_string(&state).unwrap(), format!("\"{name}\""));
        }
        assert_eq!(returns.get().unwrap().sent.unwrap().1, Delivery::Delivered);
    }
}
