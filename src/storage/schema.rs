//! The layout version of the device's records, and the steps between
//! versions.
//!
//! Version 1 is the first layout (language and directory, `anxin.v1.*`),
//! which wrote no version marker. Version 2 adds the profile, the draft and
//! one record per school day, and writes `anxin.schema`. Version 3 adds the
//! outbox and queues what was filed before it. Version 4 replaces the
//! profile typed on the device by the signed-in account (`anxin.v1.session`)
//! and removes the profile; the records stay. Each step runs once,
//! in order; a layout newer than this app (after a downgrade) is left as it
//! is and reported, never rewritten.

use super::{keys, DeclarationStore, KeyValueStore, OutboxStore, Result};

pub const CURRENT_SCHEMA: u32 = 4;

/// Where versions 2 and 3 kept the profile typed on the device.
const V3_PROFILE: &str = "anxin.v1.profile";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaStatus {
    /// Already at this app's version.
    Current,
    /// Brought from `from` to the current version.
    Migrated { from: u32 },
    /// Written by a newer app; this one reads what it understands.
    Newer { found: u32 },
}

/// One step: from version `n` to `n + 1`.
type Step = fn(&dyn KeyValueStore) -> Result<()>;

/// Steps by the version they start from; index 0 is 1 → 2.
const STEPS: [Step; 3] = [v1_to_v2, v2_to_v3, v3_to_v4];

/// Version 1 records keep their keys and shape: this step only marks the
/// layout, so that later steps know where they start.
fn v1_to_v2(_store: &dyn KeyValueStore) -> Result<()> {
    Ok(())
}

/// Version 3 adds the outbox: every revision filed before it existed and
/// not yet delivered is queued, so that nothing filed is left behind.
fn v2_to_v3(store: &dyn KeyValueStore) -> Result<()> {
    OutboxStore::new(store).queue_missing(&DeclarationStore::new(store))?;
    Ok(())
}

/// The profile of versions 2 and 3, as far as version 4 reads it.
#[derive(serde::Deserialize)]
struct OldProfile {
    person_id: String,
    name: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    class_name: String,
}

/// Version 4: the account says who the person is; the typed profile goes.
/// Declarations, drafts and the outbox are kept. They were filed as the
/// profile's person, so that person is kept as a signed-out session: the
/// app asks them, and only them, to sign in, and then delivers.
fn v3_to_v4(store: &dyn KeyValueStore) -> Result<()> {
    let profile = serde_json::from_str::<OldProfile>(&store.read(V3_PROFILE)?.unwrap_or_default());
    if let (Ok(p), None) = (profile, store.read(keys::SESSION)?) {
        let text = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
        let grant = format!(
            r#"{{"token":"","person":{{"id":{},"name":{},"roles":["declarant"],"department":{},"class_name":{}}}}}"#,
            text(&p.person_id),
            text(&p.name),
            text(&p.department),
            text(&p.class_name)
        );
        store.write(keys::SESSION, &grant)?;
        store.write(keys::SESSION_ENDED, "true")?;
    }
    store.remove(V3_PROFILE)
}

fn found_version(store: &dyn KeyValueStore) -> Result<u32> {
    match store.read(keys::SCHEMA)? {
        Some(text) => Ok(text.trim().parse().unwrap_or(1)),
        // No marker: version 1, or a new device (nothing to migrate).
        None => Ok(1),
    }
}

/// Brings the device's records to [`CURRENT_SCHEMA`]. Each finished step
/// is recorded, so an interrupted migration resumes where it stopped.
pub fn migrate(store: &dyn KeyValueStore) -> Result<SchemaStatus> {
    let found = found_version(store)?;
    if found > CURRENT_SCHEMA {
        return Ok(SchemaStatus::Newer { found });
    }
    if found == CURRENT_SCHEMA {
        return Ok(SchemaStatus::Current);
    }
    for version in found..CURRENT_SCHEMA {
        STEPS[(version - 1) as usize](store)?;
        store.write(keys::SCHEMA, &(version + 1).to_string())?;
    }
    Ok(SchemaStatus::Migrated { from: found })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::MemoryStore;

    #[test]
    fn test_migrate_marks_a_version_1_device_and_keeps_its_records() {
        let store = MemoryStore::default();
        store.write(keys::LANG, "\"en\"").unwrap();
        assert_eq!(migrate(&store).unwrap(), SchemaStatus::Migrated { from: 1 });
        assert_eq!(store.read(keys::SCHEMA).unwrap().as_deref(), Some("4"));
        assert_eq!(store.read(keys::LANG).unwrap().as_deref(), Some("\"en\""));
        assert_eq!(migrate(&store).unwrap(), SchemaStatus::Current);
    }

    #[test]
    fn test_migrate_to_3_queues_what_was_filed_and_not_delivered() {
        use anxin_domain::delivery::Delivery;
        use anxin_domain::revision::DayDeclaration;
        use chrono::{NaiveDate, TimeZone, Utc};

        use crate::storage::StoredDay;
        use anxin_domain::fixtures::normal_answers as answers;

        let store = MemoryStore::default();
        store.write(keys::SCHEMA, "2").unwrap();
        let day = NaiveDate::from_ymd_opt(2020, 2, 10).unwrap();
        let at = Utc.with_ymd_and_hms(2020, 2, 10, 1, 0, 0).unwrap();
        let mut declaration = DayDeclaration::file("p1", day, "r1", answers(), at);
        let mut corrected = answers();
        corrected.remarks = "better".into();
        declaration.correct("r2", corrected, "typo", at).unwrap();
        let stored =
            StoredDay { declaration, delivery: vec![Delivery::Delivered, Delivery::SavedOnDevice] };
        DeclarationStore::new(&store).save_day(&stored).unwrap();

        assert_eq!(migrate(&store).unwrap(), SchemaStatus::Migrated { from: 2 });
        let queued = OutboxStore::new(&store).queued().unwrap();
        assert_eq!(queued.len(), 1);
        assert_eq!((queued[0].id.as_str(), queued[0].seq), ("r2", None));
        assert_eq!(queued[0].change.record_id(), Some("r2"));
    }

    #[test]
    fn test_migrate_to_4_removes_the_profile_and_keeps_the_records() {
        let store = MemoryStore::default();
        store.write(keys::SCHEMA, "3").unwrap();
        store.write(V3_PROFILE, r#"{"person_id":"2020-0101","name":"李明"}"#).unwrap();
        for key in [keys::LANG, keys::DRAFT, "anxin.v1.day.2020-02-10", "anxin.v1.outbox.r1"] {
            store.write(key, "{}").unwrap();
        }

        assert_eq!(migrate(&store).unwrap(), SchemaStatus::Migrated { from: 3 });

        assert_eq!(store.read(V3_PROFILE).unwrap(), None);
        assert_eq!(store.read(keys::SCHEMA).unwrap().as_deref(), Some("4"));
        for key in [keys::LANG, keys::DRAFT, "anxin.v1.day.2020-02-10", "anxin.v1.outbox.r1"] {
            assert_eq!(store.read(key).unwrap().as_deref(), Some("{}"), "{key} is kept");
        }
        // Whose the records are is kept: that person, signed out, is asked
        // to sign in before anything is delivered.
        let session = crate::storage::SessionStore::new(&store).session().unwrap().unwrap();
        assert!(session.ended());
        assert_eq!(
            (session.person.id.as_str(), session.person.name.as_str()),
            ("2020-0101", "李明")
        );
        assert!(session.declares());
    }

    #[test]
    fn test_migrate_from_2_runs_every_step_in_order() {
        let store = MemoryStore::default();
        store.write(keys::SCHEMA, "2").unwrap();
        store.write(V3_PROFILE, "{}").unwrap();
        assert_eq!(migrate(&store).unwrap(), SchemaStatus::Migrated { from: 2 });
        assert_eq!(store.read(V3_PROFILE).unwrap(), None);
        assert_eq!(migrate(&store).unwrap(), SchemaStatus::Current);
    }

    #[test]
    fn test_migrate_leaves_a_newer_layout_alone() {
        let store = MemoryStore::default();
        store.write(keys::SCHEMA, "9").unwrap();
        assert_eq!(migrate(&store).unwrap(), SchemaStatus::Newer { found: 9 });
        assert_eq!(store.read(keys::SCHEMA).unwrap().as_deref(), Some("9"));
    }
}
