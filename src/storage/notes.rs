//! What reaches this phone from the oversight side, pulled on each sync:
//! a declaration sent back, a reminder, and the answers to the staff
//! member's own reminder taps. One record per note
//! (`anxin.v1.notes.<day>.<kind>.<n>`), kept 14 days like the
//! declarations.
//!
//! The notes are kept as the server sent them (JSON text): the students'
//! app reads only the few fields Today shows ([`SentBackSeen`],
//! [`ReminderSeen`]); the staff bundle decodes them whole.

use super::{keys, KeyValueStore, Result};
use crate::sync::JsonText;
use chrono::{DateTime, NaiveDate, Utc};

/// A day's notes, each once, in the order pulled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayNotes {
    /// `anxin_domain::report::SentBackNote`s.
    pub sent_back: Vec<JsonText>,
    /// `anxin_domain::report::ReminderNote`s.
    pub reminders: Vec<JsonText>,
    /// `anxin_domain::report::RemindersSent`s.
    pub reminders_sent: Vec<JsonText>,
}

/// What Today shows of a declaration sent back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentBackSeen {
    /// The revision sent back; a later revision of the day settles it.
    pub revision_id: String,
    pub comment: String,
    pub at: DateTime<Utc>,
}

/// What Today shows of a reminder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderSeen {
    /// To declare today (not a staff member's reminder to sign).
    pub to_declare: bool,
    pub by_name: String,
}

impl DayNotes {
    pub fn sent_back_seen(&self) -> Vec<SentBackSeen> {
        self.sent_back
            .iter()
            .filter_map(|note| {
                let [revision_id, comment, at] =
                    string_fields(note, ["revision_id", "comment", "at"]);
                Some(SentBackSeen {
                    revision_id: revision_id?,
                    comment: comment?,
                    at: at?.parse().ok()?,
                })
            })
            .collect()
    }

    pub fn reminders_seen(&self) -> Vec<ReminderSeen> {
        self.reminders
            .iter()
            .filter_map(|note| {
                let [kind, by_name] = string_fields(note, ["kind", "by_name"]);
                Some(ReminderSeen {
                    to_declare: kind.as_deref() == Some("declare"),
                    by_name: by_name?,
                })
            })
            .collect()
    }
}

/// The string fields `names` of a note (`None`: missing, or not a string).
/// In the browser its own JSON parser reads them, so the students' app
/// carries no decoding code for the oversight side's records.
#[cfg(target_arch = "wasm32")]
pub(crate) fn string_fields<const N: usize>(
    note: &JsonText,
    names: [&str; N],
) -> [Option<String>; N] {
    let object = js_sys::JSON::parse(note.text()).ok();
    names.map(|name| {
        let value = js_sys::Reflect::get(object.as_ref()?, &name.into()).ok()?;
        value.as_string()
    })
}

#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn string_fields<const N: usize>(
    note: &JsonText,
    names: [&str; N],
) -> [Option<String>; N] {
    let object = note.decode::<serde_json::Value>();
    names.map(|name| object.as_ref()?.get(name)?.as_str().map(str::to_owned))
}

/// Which list a pulled note goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    SentBack,
    Reminder,
    RemindersSent,
}

impl NoteKind {
    fn key_part(self) -> &'static str {
        match self {
            NoteKind::SentBack => "sent_back",
            NoteKind::Reminder => "reminder",
            NoteKind::RemindersSent => "reminders_sent",
        }
    }
}

pub struct NoteStore<'a> {
    store: &'a dyn KeyValueStore,
}

/// `anxin.v1.notes.<day>.<kind>.`: the start of a day's notes of a kind.
fn notes_prefix(day: NaiveDate, kind: NoteKind) -> String {
    format!("{}{day}.{}.", keys::NOTES_PREFIX, kind.key_part())
}

impl<'a> NoteStore<'a> {
    pub fn new(store: &'a dyn KeyValueStore) -> Self {
        Self { store }
    }

    /// The notes of a kind of a day, with their number, in the order they
    /// were kept (storage lists keys in no order).
    fn list(&self, day: NaiveDate, kind: NoteKind) -> Result<Vec<(u32, JsonText)>> {
        let prefix = notes_prefix(day, kind);
        let mut list = Vec::new();
        for key in self.store.keys_with_prefix(&prefix)? {
            let n = key[prefix.len()..].parse::<u32>().unwrap_or(u32::MAX);
            if let Some(note) = self.store.read(&key)?.and_then(JsonText::from_text) {
                list.push((n, note));
            }
        }
        anxin_domain::order::sort_by_key(&mut list, |(n, _)| *n);
        Ok(list)
    }

    pub fn day(&self, day: NaiveDate) -> Result<DayNotes> {
        let list = |kind| -> Result<Vec<JsonText>> {
            Ok(self.list(day, kind)?.into_iter().map(|(_, note)| note).collect())
        };
        Ok(DayNotes {
            sent_back: list(NoteKind::SentBack)?,
            reminders: list(NoteKind::Reminder)?,
            reminders_sent: list(NoteKind::RemindersSent)?,
        })
    }

    /// Keeps a pulled note once (pulled again, it is the same text); a
    /// note of a day before `keep_from`, or unreadable, is not kept.
    pub fn take(&self, kind: NoteKind, note: &JsonText, keep_from: NaiveDate) -> Result<()> {
        let [day] = string_fields(note, ["day"]);
        let Some(day) = day.and_then(|d| d.parse::<NaiveDate>().ok()) else { return Ok(()) };
        if day < keep_from {
            return Ok(());
        }
        let kept = self.list(day, kind)?;
        if kept.iter().any(|(_, k)| k == note) {
            return Ok(());
        }
        let next = kept.iter().map(|(n, _)| n.saturating_add(1)).max().unwrap_or(0);
        self.store.write(&format!("{}{next}", notes_prefix(day, kind)), note.text())
    }

    /// Removes the days before `keep_from`.
    pub fn prune(&self, keep_from: NaiveDate) -> Result<()> {
        for key in self.store.keys_with_prefix(keys::NOTES_PREFIX)? {
            let rest = &key[keys::NOTES_PREFIX.len()..];
            let day = rest.split('.').next().unwrap_or_default().parse::<NaiveDate>();
            if day.map_or(true, |d| d < keep_from) {
                self.store.remove(&key)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use anxin_domain::report::{ReminderKind, ReminderNote, Scope, SentBackNote};
    use chrono::TimeZone;

    use super::*;
    use crate::storage::MemoryStore;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 2, d).unwrap()
    }

    fn text<T: serde::Serialize>(value: &T) -> JsonText {
        JsonText::from_text(serde_json::to_string(value).unwrap()).unwrap()
    }

    fn sent_back(id: &str, d: u32) -> SentBackNote {
        SentBackNote {
            send_back_id: id.into(),
            day: day(d),
            revision_id: "r1".into(),
            comment: "体温填错了".into(),
            by_name: "张老师".into(),
            at: Utc.with_ymd_and_hms(2020, 2, d, 2, 0, 0).unwrap(),
        }
    }

    fn reminder(id: &str, kind: ReminderKind) -> ReminderNote {
        ReminderNote {
            reminder_id: id.into(),
            day: day(10),
            kind,
            by_name: "张老师".into(),
            at: Utc.with_ymd_and_hms(2020, 2, 10, 2, 0, 0).unwrap(),
        }
    }

    #[test]
    fn test_notes_are_kept_once_read_lightly_and_pruned_after_14_days() {
        let store = MemoryStore::default();
        let notes = NoteStore::new(&store);
        let back = text(&sent_back("s1", 10));
        notes.take(NoteKind::SentBack, &back, day(1)).unwrap();
        notes.take(NoteKind::SentBack, &back, day(1)).unwrap();
        let declare = text(&reminder("m1", ReminderKind::Declare));
        let sign = text(&reminder("m2", ReminderKind::Sign(Scope::Class("软件2001".into()))));
        notes.take(NoteKind::Reminder, &declare, day(1)).unwrap();
        notes.take(NoteKind::Reminder, &sign, day(1)).unwrap();

        let kept = notes.day(day(10)).unwrap();
        assert_eq!(kept.sent_back.len(), 1, "pulled twice, kept once");
        let seen = kept.sent_back_seen();
        assert_eq!((seen[0].revision_id.as_str(), seen[0].comment.as_str()), ("r1", "体温填错了"));
        let reminders = kept.reminders_seen();
        assert_eq!(reminders.iter().map(|r| r.to_declare).collect::<Vec<_>>(), [true, false]);
        assert_eq!(kept.reminders[1].decode::<ReminderNote>().unwrap().reminder_id, "m2");

        // Too old to keep; then the day passes out of the 14.
        notes.take(NoteKind::SentBack, &text(&sent_back("s0", 1)), day(5)).unwrap();
        assert_eq!(notes.day(day(1)).unwrap(), DayNotes::default());
        notes.prune(day(11)).unwrap();
        assert!(store.keys_with_prefix(keys::NOTES_PREFIX).unwrap().is_empty());
    }
}
