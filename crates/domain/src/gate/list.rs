//! The day's gate list: everyone's entry status, masked name and class,
//! fetched by guards' phones when online and kept only for the day, so a
//! person without a pass (no phone, nothing filed) is checked by id. It
//! holds no declaration, only what the gate shows, and comes in parts of
//! at most [`GATE_LIST_PART_ENTRIES`] (well under 256 KB each).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::pass::EntryStatus;
use crate::profile::is_valid_person_id;

/// People per part: up to about 150 bytes of JSON each (measured with a
/// long class name in the test below), so a part stays under 160 KB.
pub const GATE_LIST_PART_ENTRIES: usize = 1_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateListEntry {
    /// The school id (what the guard types).
    pub id: String,
    pub status: EntryStatus,
    /// Whether the server has the person's declaration of the day: without
    /// one the person has no pass, and the status says "check".
    pub declared: bool,
    pub masked_name: String,
    pub class: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateListPart {
    pub day: NaiveDate,
    /// 0, 1, …, `parts - 1`.
    pub part: u32,
    pub parts: u32,
    /// The server's clock when it answered: the guard's phone never judges
    /// a pass by an earlier time than this.
    pub server_time: DateTime<Utc>,
    pub entries: Vec<GateListEntry>,
}

/// The status of a person the server has no declaration of today: checked
/// at the gate, or not admitted when under observation.
pub fn status_without_declaration(in_observation: bool) -> EntryStatus {
    if in_observation {
        EntryStatus::DoNotAdmit
    } else {
        EntryStatus::Check
    }
}

/// How many parts a list of `people` comes in (at least one, so an empty
/// roster still answers its day).
pub fn part_count(people: usize) -> u32 {
    people.div_ceil(GATE_LIST_PART_ENTRIES).max(1) as u32
}

/// The entry of a school id, as a guard types it (spaces and case do not
/// matter).
pub fn find<'a>(entries: &'a [GateListEntry], typed: &str) -> Option<&'a GateListEntry> {
    let typed = typed.trim();
    entries.iter().find(|e| e.id.eq_ignore_ascii_case(typed))
}

/// Why what a guard typed finds nobody on the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdLookupProblem {
    /// Nothing typed (or only spaces): there is nothing to look up.
    Empty,
    /// Not a school id at all (only letters, digits and dashes are).
    NotAnId,
    /// A school id, but not on the day's list.
    NotOnList,
}

/// The entry of what a guard typed, or why there is none: the first two
/// problems are the guard's typing, to be fixed in the field; only a
/// proper id missing from the list says something about the person.
pub fn look_up<'a>(
    entries: &'a [GateListEntry],
    typed: &str,
) -> Result<&'a GateListEntry, IdLookupProblem> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(IdLookupProblem::Empty);
    }
    if !is_valid_person_id(typed) {
        return Err(IdLookupProblem::NotAnId);
    }
    find(entries, typed).ok_or(IdLookupProblem::NotOnList)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str) -> GateListEntry {
        GateListEntry {
            id: id.into(),
            status: EntryStatus::MayEnter,
            declared: true,
            masked_name: "李*".into(),
            class: "软件2001".into(),
        }
    }

    #[test]
    fn test_an_id_is_found_as_typed() {
        let entries = [entry("2020-0101"), entry("T-1001")];
        assert_eq!(find(&entries, " t-1001 ").map(|e| e.id.as_str()), Some("T-1001"));
        assert!(find(&entries, "2020-0102").is_none());
        assert!(find(&entries, "").is_none());
    }

    #[test]
    fn test_look_up_tells_empty_and_malformed_typing_from_an_unknown_id() {
        let entries = [entry("2020-0101")];
        assert_eq!(look_up(&entries, " 2020-0101 ").map(|e| e.id.as_str()), Ok("2020-0101"));
        assert_eq!(look_up(&entries, ""), Err(IdLookupProblem::Empty));
        assert_eq!(look_up(&entries, "   "), Err(IdLookupProblem::Empty));
        assert_eq!(look_up(&entries, "2020 0101"), Err(IdLookupProblem::NotAnId));
        assert_eq!(look_up(&entries, "李明"), Err(IdLookupProblem::NotAnId));
        assert_eq!(look_up(&entries, "2020-0102"), Err(IdLookupProblem::NotOnList));
    }

    #[test]
    fn test_nothing_filed_is_checked_and_observation_is_not_admitted() {
        assert_eq!(status_without_declaration(false), EntryStatus::Check);
        assert_eq!(status_without_declaration(true), EntryStatus::DoNotAdmit);
    }

    #[test]
    fn test_a_part_stays_well_under_256_kb() {
        let long = GateListEntry {
            id: "2020-01010101".into(),
            masked_name: "欧阳**明".into(),
            class: "计算机科学与技术（中外合作办学）2001".into(),
            ..entry("x")
        };
        let part = GateListPart {
            day: NaiveDate::from_ymd_opt(2020, 2, 10).unwrap(),
            part: 0,
            parts: 1,
            server_time: DateTime::from_timestamp(1_581_300_000, 0).unwrap(),
            entries: vec![long; GATE_LIST_PART_ENTRIES],
        };
        let bytes = serde_json::to_vec(&part).unwrap().len();
        assert!(bytes < 256 * 1024, "{bytes} bytes");
        assert_eq!(part_count(0), 1);
        assert_eq!(part_count(GATE_LIST_PART_ENTRIES), 1);
        assert_eq!(part_count(GATE_LIST_PART_ENTRIES + 1), 2);
    }
}
