//! What a group of pushes knows and has yet to write, inside the writer's
//! transaction. The facts every declaration needs (its device's decided
//! sequence, whether its mutation id or revision id is known, the day's
//! last revision number) are read for the whole group in a few queries
//! before the first push is decided; what the pushes write (revisions,
//! change log entries, decisions, devices) waits here and is written in a
//! few multi-row statements. On SQLite that saves little; on PostgreSQL,
//! where every statement is a round trip made while holding the write
//! lock, it is most of a push's time.
//!
//! The facts kept here are always the database's plus what waits: each
//! write updates them as it is queued, and a fact not read ahead is read
//! from the database when first needed (nothing waiting can concern it:
//! what waits was queued with its fact). An area other than declarations
//! reads the tables itself, so everything waiting is written before one of
//! its mutations is decided (`flush`), and the rows keep their order.

use std::collections::{HashMap, HashSet};

use anxin_domain::sync::decide::Decided;
use anxin_domain::sync::{Change, Mutation, Outcome, PulledChange, RejectCode};

use super::change_log::change_row;
use super::codec::{parse_json, to_json};
use crate::store::sql::{args, Dialect, Sql, Value};
use crate::store::sql_batch::{insert_rows, query_keys};
use crate::store::{Result, StoreError};

/// A push as the group sees it: who sent it, from which device, what.
pub(in crate::store) struct PushKeys<'a> {
    pub person_id: &'a str,
    pub client_id: &'a str,
    pub mutations: &'a [Mutation],
}

/// A device's row in `sync_clients`, as it stands in this transaction.
#[derive(Debug, Clone)]
pub(in crate::store) struct Device {
    pub person_id: String,
    pub decided_through: u64,
    pub last_drained: Option<String>,
    first_seen: String,
    last_seen: String,
    /// Changed since it was read or last written.
    dirty: bool,
}

/// A mutation id's first decision, and whose device it came from.
pub(in crate::store) type KnownId = (String, Decided);

#[derive(Default)]
pub(in crate::store) struct PushGroup {
    devices: HashMap<String, Option<Device>>,
    known_ids: HashMap<String, Option<KnownId>>,
    holders: HashMap<String, Option<String>>,
    /// The highest revision number of a person's day (0: none yet).
    numbers: HashMap<(String, String), u32>,
    /// Every (device, sequence) decided in this transaction.
    decided_here: HashMap<(String, u64), (String, Decided)>,
    revisions: Vec<Vec<Value>>,
    changes: Vec<Vec<Value>>,
    decisions: Vec<Vec<Value>>,
}

fn texts<'a>(keys: impl IntoIterator<Item = &'a str>) -> Vec<Value> {
    let distinct: HashSet<&str> = keys.into_iter().collect();
    let mut sorted: Vec<&str> = distinct.into_iter().collect();
    sorted.sort_unstable();
    sorted.into_iter().map(Value::from).collect()
}

/// Notes each of `keys` as looked up and not found, until a row says
/// otherwise.
fn none_yet<V>(facts: &mut HashMap<String, Option<V>>, keys: &[Value]) {
    for key in keys {
        if let Value::Text(key) = key {
            facts.insert(key.clone(), None);
        }
    }
}

/// A decision as `sync_mutations` keeps it.
pub(in crate::store) fn stored_decision(
    outcome: &str,
    code: Option<String>,
    fields: Option<String>,
) -> Result<Decided> {
    Ok(match outcome {
        "applied" => Decided::Applied,
        _ => Decided::Rejected {
            code: code.as_deref().and_then(RejectCode::parse).ok_or_else(|| {
                StoreError::Corrupt("a rejected mutation without a known code".into())
            })?,
            fields: fields.map(|f| parse_json(&f)).transpose()?.unwrap_or_default(),
        },
    })
}

fn declaration_keys(mutation: &Mutation) -> Option<(&str, String)> {
    match &mutation.change {
        Change::DeclarationRevision { day, revision_id, .. } => {
            Some((revision_id.as_str(), day.to_string()))
        }
        _ => None,
    }
}

impl PushGroup {
    /// Reads, in a few queries, the facts `pushes` need. On SQLite, where
    /// a lookup is a call into the library and no round trip, each fact is
    /// looked up when first needed instead: reading ahead in lists (padded
    /// to their sizes) would only read more.
    pub fn read(tx: &dyn Sql, pushes: &[PushKeys]) -> Result<Self> {
        let mut group = PushGroup::default();
        if tx.dialect() == Dialect::Sqlite {
            return Ok(group);
        }
        let all = || pushes.iter().flat_map(|p| p.mutations.iter().map(move |m| (p, m)));
        group.read_devices(tx, &texts(pushes.iter().map(|p| p.client_id)))?;
        group.read_known_ids(tx, &texts(all().map(|(_, m)| m.id.as_str())))?;
        let declarations: Vec<(&str, &str, String)> = all()
            .filter_map(|(p, m)| declaration_keys(m).map(|(r, day)| (p.person_id, r, day)))
            .collect();
        group.read_holders(tx, &texts(declarations.iter().map(|(_, r, _)| *r)))?;
        let days: Vec<(&str, &str)> =
            declarations.iter().map(|(person, _, day)| (*person, day.as_str())).collect();
        group.read_numbers(tx, &days)?;
        Ok(group)
    }

    fn read_devices(&mut self, tx: &dyn Sql, clients: &[Value]) -> Result<()> {
        let mut found = HashMap::new();
        query_keys(
            tx,
            "SELECT c.client_id, c.person_id, c.decided_through, c.last_drained, c.first_seen,
                 c.last_seen
             FROM (VALUES {keys}) AS k JOIN sync_clients c ON c.client_id = k.column1",
            1,
            clients,
            &mut |row| {
                let device = Device {
                    person_id: row.get(1)?,
                    decided_through: row.get(2)?,
                    last_drained: row.get(3)?,
                    first_seen: row.get(4)?,
                    last_seen: row.get(5)?,
                    dirty: false,
                };
                found.insert(row.get::<String>(0)?, device);
                Ok(())
            },
        )?;
        for client in clients {
            let Value::Text(client) = client else { continue };
            self.devices.insert(client.clone(), found.remove(client));
        }
        Ok(())
    }

    fn read_known_ids(&mut self, tx: &dyn Sql, ids: &[Value]) -> Result<()> {
        none_yet(&mut self.known_ids, ids);
        let known_ids = &mut self.known_ids;
        query_keys(
            tx,
            "SELECT m.mutation_id, c.person_id, m.outcome, m.reject_code, m.reject_fields
             FROM (VALUES {keys}) AS k
             JOIN sync_mutations m ON m.mutation_id = k.column1
             JOIN sync_clients c ON c.client_id = m.client_id",
            1,
            ids,
            &mut |row| {
                let entry = known_ids.entry(row.get(0)?).or_default();
                if entry.is_none() {
                    let decided = stored_decision(row.text(2)?, row.get(3)?, row.get(4)?)?;
                    *entry = Some((row.get(1)?, decided));
                }
                Ok(())
            },
        )
    }

    fn read_holders(&mut self, tx: &dyn Sql, revision_ids: &[Value]) -> Result<()> {
        none_yet(&mut self.holders, revision_ids);
        let holders = &mut self.holders;
        query_keys(
            tx,
            "SELECT d.revision_id, d.person_id
             FROM (VALUES {keys}) AS k
             JOIN declaration_revisions d ON d.revision_id = k.column1",
            1,
            revision_ids,
            &mut |row| {
                holders.insert(row.get(0)?, Some(row.get(1)?));
                Ok(())
            },
        )
    }

    /// The highest number of each (person, day) in `days`.
    fn read_numbers(&mut self, tx: &dyn Sql, days: &[(&str, &str)]) -> Result<()> {
        let distinct: HashSet<(&str, &str)> = days.iter().copied().collect();
        let mut sorted: Vec<(&str, &str)> = distinct.into_iter().collect();
        sorted.sort_unstable();
        let mut keys = Vec::with_capacity(sorted.len() * 2);
        for (person, day) in sorted {
            self.numbers.insert((person.to_owned(), day.to_owned()), 0);
            keys.extend([Value::from(person), Value::from(day)]);
        }
        let numbers = &mut self.numbers;
        query_keys(
            tx,
            "SELECT k.column1, k.column2, MAX(d.number)
             FROM (VALUES {keys}) AS k
             JOIN declaration_revisions d ON d.person_id = k.column1 AND d.day = k.column2
             GROUP BY k.column1, k.column2",
            2,
            &keys,
            &mut |row| {
                numbers.insert((row.get(0)?, row.get(1)?), row.get(2)?);
                Ok(())
            },
        )
    }

    /// The device `client_id` as it stands (`None`: never seen).
    pub fn device(&mut self, tx: &dyn Sql, client_id: &str) -> Result<Option<Device>> {
        if !self.devices.contains_key(client_id) {
            self.read_devices(tx, &[Value::from(client_id)])?;
        }
        Ok(self.devices.get(client_id).cloned().flatten())
    }

    /// Sets the device's decided sequence and when it was seen (and, if
    /// the push emptied its queue, drained), registering it if new.
    pub fn seen(
        &mut self,
        client_id: &str,
        person_id: &str,
        decided_through: u64,
        now: &str,
        drained: bool,
    ) {
        let device =
            self.devices.entry(client_id.to_owned()).or_default().get_or_insert_with(|| Device {
                person_id: person_id.to_owned(),
                decided_through: 0,
                last_drained: None,
                first_seen: now.to_owned(),
                last_seen: now.to_owned(),
                dirty: true,
            });
        device.decided_through = decided_through;
        device.last_seen = now.to_owned();
        if drained {
            device.last_drained = Some(now.to_owned());
        }
        device.dirty = true;
    }

    /// The first decision of mutation `id` and whose it was, if decided.
    pub fn known_id(&mut self, tx: &dyn Sql, id: &str) -> Result<Option<KnownId>> {
        if !self.known_ids.contains_key(id) {
            self.read_known_ids(tx, &[Value::from(id)])?;
        }
        Ok(self.known_ids.get(id).cloned().flatten())
    }

    /// What (client, seq) was decided as, in this transaction or before.
    pub fn decided_seq(
        &self,
        tx: &dyn Sql,
        client_id: &str,
        seq: u64,
    ) -> Result<Option<(String, Decided)>> {
        if let Some(here) = self.decided_here.get(&(client_id.to_owned(), seq)) {
            return Ok(Some(here.clone()));
        }
        // Decided before this transaction: in the table already.
        let row = tx.query_opt(
            "SELECT mutation_id, outcome, reject_code, reject_fields FROM sync_mutations
             WHERE client_id = ?1 AND seq = ?2",
            args![client_id, seq],
        )?;
        row.map(|row| Ok((row.get(0)?, stored_decision(row.text(1)?, row.get(2)?, row.get(3)?)?)))
            .transpose()
    }

    /// Who holds revision `revision_id`, if anyone.
    pub fn holder(&mut self, tx: &dyn Sql, revision_id: &str) -> Result<Option<String>> {
        if !self.holders.contains_key(revision_id) {
            self.read_holders(tx, &[Value::from(revision_id)])?;
        }
        Ok(self.holders.get(revision_id).cloned().flatten())
    }

    /// The number the person's next revision of `day` takes.
    pub fn next_number(&mut self, tx: &dyn Sql, person_id: &str, day: &str) -> Result<u32> {
        let key = (person_id.to_owned(), day.to_owned());
        if !self.numbers.contains_key(&key) {
            self.read_numbers(tx, &[(person_id, day)])?;
        }
        Ok(self.numbers.get(&key).copied().unwrap_or(0) + 1)
    }

    /// Queues the row of revision `revision_id`, number `number` of
    /// `person_id`'s `day` (the columns `flush` writes, in their order).
    pub fn add_revision(
        &mut self,
        revision_id: &str,
        person_id: &str,
        day: &str,
        number: u32,
        row: Vec<Value>,
    ) {
        self.holders.insert(revision_id.to_owned(), Some(person_id.to_owned()));
        let highest = self.numbers.entry((person_id.to_owned(), day.to_owned())).or_insert(0);
        *highest = (*highest).max(number);
        self.revisions.push(row);
    }

    /// Queues a change for `person_id`'s log.
    pub fn add_change(&mut self, person_id: &str, change: &PulledChange) -> Result<()> {
        let row = change_row(change)?;
        self.changes.push(vec![
            person_id.into(),
            row.kind.into(),
            row.body.into(),
            row.revision_id.into(),
        ]);
        Ok(())
    }

    /// Queues the decision of `mutation` from `client_id` (of `person_id`).
    pub fn add_decision(
        &mut self,
        client_id: &str,
        person_id: &str,
        mutation: &Mutation,
        outcome: &Outcome,
        now: &str,
    ) -> Result<()> {
        let (decided, code, fields) = match outcome {
            Outcome::Rejected { code, fields } => (
                Decided::Rejected { code: *code, fields: fields.clone() },
                Some(code.as_str()),
                (!fields.is_empty()).then(|| to_json(fields)).transpose()?,
            ),
            _ => (Decided::Applied, None, None),
        };
        let status = if code.is_some() { "rejected" } else { "applied" };
        self.decisions.push(vec![
            client_id.into(),
            mutation.seq.into(),
            mutation.id.as_str().into(),
            mutation_kind(&mutation.change).into(),
            status.into(),
            code.into(),
            fields.into(),
            now.into(),
        ]);
        let known = self.known_ids.entry(mutation.id.clone()).or_default();
        if known.is_none() {
            *known = Some((person_id.to_owned(), decided.clone()));
        }
        self.decided_here
            .insert((client_id.to_owned(), mutation.seq), (mutation.id.clone(), decided));
        Ok(())
    }

    /// Writes everything waiting, devices first (decisions refer to them).
    pub fn flush(&mut self, tx: &dyn Sql) -> Result<()> {
        #[cfg(test)]
        crate::store::group_commit::faults::fail_writing_if_marked(
            self.decisions.iter().filter_map(|row| match row.first() {
                Some(Value::Text(client)) => Some(client.as_str()),
                _ => None,
            }),
        )?;
        let devices: Vec<Vec<Value>> = self
            .devices
            .iter_mut()
            .filter_map(|(client, device)| device.as_mut().map(|d| (client, d)))
            .filter(|(_, device)| device.dirty)
            .map(|(client, device)| {
                device.dirty = false;
                vec![
                    client.as_str().into(),
                    device.person_id.as_str().into(),
                    device.decided_through.into(),
                    device.first_seen.as_str().into(),
                    device.last_seen.as_str().into(),
                    device.last_drained.as_deref().into(),
                ]
            })
            .collect();
        insert_rows(
            tx,
            "sync_clients (client_id, person_id, decided_through, first_seen,
                 last_seen, last_drained)",
            "ON CONFLICT (client_id) DO UPDATE SET decided_through = excluded.decided_through,
                 last_seen = excluded.last_seen, last_drained = excluded.last_drained",
            6,
            &devices,
        )?;
        insert_rows(
            tx,
            "declaration_revisions (revision_id, person_id, day, number, answers,
                 correction_reason, device_time, time_flag, received_at, client_id, seq,
                 prior_sync)",
            "",
            12,
            &std::mem::take(&mut self.revisions),
        )?;
        insert_rows(
            tx,
            "change_log (person_id, kind, body, revision_id)",
            "",
            4,
            &std::mem::take(&mut self.changes),
        )?;
        insert_rows(
            tx,
            "sync_mutations (client_id, seq, mutation_id, kind, outcome,
                 reject_code, reject_fields, received_at)",
            "",
            8,
            &std::mem::take(&mut self.decisions),
        )
    }
}

/// The kind `sync_mutations` files a mutation under.
fn mutation_kind(change: &Change) -> &'static str {
    match change {
        Change::DeclarationRevision { .. } => "declaration_revision",
        Change::BookingRequest(_) => "booking_request",
        Change::BookingCancel { .. } => "booking_cancel",
        Change::Report(_) => "report",
        Change::GateRecord(_) => "gate_record",
        Change::EndObservation { .. } => "end_observation",
        Change::ReturnApply(_) => "return_apply",
        Change::ReturnDecide { .. } => "return_decide",
        Change::VisitorRegister(_) => "visitor_register",
        Change::VisitorDecide(_) => "visitor_decide",
        Change::VisitorAtGate(_) => "visitor_at_gate",
        Change::NoticeSeen(_) => "notice_seen",
        Change::Consent(_) => "consent",
        Change::Wellbeing(_) => "wellbeing",
        Change::WaitlistJoin(_) => "waitlist_join",
        Change::WaitlistLeave { .. } => "waitlist_leave",
        Change::DeletionRequest(_) => "deletion_request",
    }
}
