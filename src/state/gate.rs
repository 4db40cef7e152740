//! The gate on a guard's phone (SPEC §6): the gate it stands at and the
//! direction, the day's gate list (fetched through `sync::gate` when
//! online, kept for the day), the person being checked — from a scanned
//! pass verified offline against the directory's keys, or from the list by
//! school id — and the guard's records, each checked by the domain's rules
//! and queued in the one outbox. Passes are judged by the later of the
//! phone's clock and the last server time seen. The views read these
//! signals and call these commands; none touches the network or storage.

use anxin_domain::declaration::Temperature;
use anxin_domain::gate::{
    gate_name_problem, list, seen_within_window, Direction, GateDecision, GateNameProblem,
    GateProblem, GateRecord, GateSymptom, IdLookupProblem, Identified, Verdict,
};
use anxin_domain::pass::verify::{keys_age, verify, GateClock, KeysAge, PassError};
use anxin_domain::pass::{pseudonym_hex, PassClaims};
use anxin_domain::visitor::{GateVisitor, SearchProblem, VisitorGateRecord};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{
    use_connectivity, use_directory, use_storage_status, Connectivity, DirectoryState,
    StorageStatus,
};
use crate::account::{use_account, Account};
use crate::declaring::{device_now, new_id, school_now};
use crate::storage::{DeviceStore, GateListMeta, GateSettings, GateStorage, Seen};
use crate::sync::gate::{gate_list, gate_visitors};
use crate::sync::{use_sync, DeviceChange, HttpError, JsonText, SyncEngine};

/// While online, the gate list is fetched again this often (declarations
/// and the gate's own referrals keep changing statuses).
const REFRESH_SECONDS: u64 = 300;

/// The person in front of the guard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub verdict: Verdict,
    pub who: Identified,
    /// Passed the gate in this direction within the last 10 minutes.
    pub seen_twice: bool,
    /// The pseudonym or id it is remembered by.
    seen_as: String,
}

/// Why nobody is being checked after a scan or a look-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckProblem {
    Pass(PassError),
    UnknownId,
    NoList,
}

/// Why a visitor's record was not queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisitorProblem {
    Refused(anxin_domain::ErrorCode),
    NotSaved,
}

/// Why a record was not queued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordProblem {
    Rules(Vec<GateProblem>),
    NotSaved,
}

#[derive(Clone, Copy)]
pub struct GateState {
    pub settings: RwSignal<GateSettings>,
    pub direction: RwSignal<Direction>,
    pub list: RwSignal<Option<GateListMeta>>,
    pub refreshing: RwSignal<bool>,
    pub list_problem: RwSignal<Option<HttpError>>,
    pub checked: RwSignal<Option<Checked>>,
    pub problem: RwSignal<Option<CheckProblem>>,
    /// The last record queued here: its decision.
    pub recorded: RwSignal<Option<GateDecision>>,
    entries: StoredValue<Vec<list::GateListEntry>>,
    /// The day's approved visitors.
    pub visitors: RwSignal<Vec<GateVisitor>>,
    /// A visitor looked up: what was typed, and who matched.
    pub visitor_search: RwSignal<Option<(String, Vec<GateVisitor>)>>,
    sync: SyncEngine,
    account: Account,
    connectivity: Connectivity,
    storage: StorageStatus,
    directory: DirectoryState,
}

pub fn provide_gate() -> GateState {
    let storage = use_storage_status();
    let gate = GateStorage::new(&DeviceStore);
    let (today, _) = school_now();
    let state = GateState {
        settings: RwSignal::new(storage.record(gate.settings()).unwrap_or_default()),
        direction: RwSignal::new(Direction::In),
        list: RwSignal::new(storage.record(gate.list_meta(today)).flatten()),
        refreshing: RwSignal::new(false),
        list_problem: RwSignal::new(None),
        checked: RwSignal::new(None),
        problem: RwSignal::new(None),
        recorded: RwSignal::new(None),
        entries: StoredValue::new(storage.record(gate.list(today)).unwrap_or_default()),
        visitors: RwSignal::new(storage.record(gate.visitors(today)).unwrap_or_default()),
        visitor_search: RwSignal::new(None),
        sync: use_sync(),
        account: use_account(),
        connectivity: use_connectivity(),
        storage,
        directory: use_directory(),
    };
    provide_context(state);
    // Online (now, or again): the list is fetched.
    Effect::new(move |_| {
        if state.connectivity.online.get() && state.account.can_sync.get() {
            state.refresh_list();
        }
    });
    if let Ok(timer) = set_interval_with_handle(
        move || {
            if state.connectivity.online.get_untracked() {
                state.refresh_list();
            }
        },
        std::time::Duration::from_secs(REFRESH_SECONDS),
    ) {
        on_cleanup(move || timer.clear());
    }
    state
}

pub fn use_gate() -> GateState {
    expect_context::<GateState>()
}

impl GateState {
    /// The clock passes are judged by: the phone's, never earlier than the
    /// last server time seen.
    fn now(&self) -> DateTime<Utc> {
        let seen = self.settings.with_untracked(|s| s.server_seen);
        seen.map_or(device_now(), |seen| seen.max(device_now()))
    }

    fn keys_fetched_at(&self) -> Option<DateTime<Utc>> {
        let fetched = self.directory.fetched_at.get()?;
        DateTime::parse_from_rfc3339(&fetched).ok().map(|t| t.with_timezone(&Utc))
    }

    /// How fresh the phone's key list is (`TooOld` when it never came).
    pub fn keys_age(&self) -> KeysAge {
        let has_keys = self.directory.directory.with(|d| !d.pass_keys.is_empty());
        match self.keys_fetched_at() {
            Some(fetched) if has_keys => keys_age(fetched, self.now()),
            _ => KeysAge::TooOld,
        }
    }

    /// Keeps the gate's name, or says what is wrong with it (nothing
    /// kept).
    pub fn set_gate(&self, name: &str) -> Result<(), GateNameProblem> {
        if let Some(problem) = gate_name_problem(name) {
            return Err(problem);
        }
        let mut settings = self.settings.get_untracked();
        settings.gate = name.trim().to_owned();
        self.storage.record(GateStorage::new(&DeviceStore).save_settings(&settings));
        self.settings.set(settings);
        Ok(())
    }

    /// Fetches today's list (every part) and keeps it, with the server's
    /// time.
    pub fn refresh_list(&self) {
        let Some(token) = self.account.session.with_untracked(|s| s.as_ref()?.token.clone()) else {
            return;
        };
        if self.refreshing.get_untracked() {
            return;
        }
        self.refreshing.set(true);
        let state = *self;
        spawn_local(async move {
            match gate_list(&token).await {
                Ok(parts) => {
                    if let Some(at) = parts.iter().map(|p| p.server_time).max() {
                        state.saw_server_time(at);
                    }
                    let gate = GateStorage::new(&DeviceStore);
                    if let Some(meta) = state.storage.record(gate.keep_list(&parts, device_now())) {
                        state
                            .entries
                            .set_value(parts.into_iter().flat_map(|p| p.entries).collect());
                        state.list.set(Some(meta));
                    }
                    state.list_problem.set(None);
                }
                Err(error) => state.list_problem.set(Some(error)),
            }
            let (today, _) = school_now();
            if let Ok(list) = gate_visitors(today, &token).await {
                let gate = GateStorage::new(&DeviceStore);
                if state.storage.record(gate.keep_visitors(&list)).is_some() {
                    state.visitors.set(list.visitors);
                }
            }
            state.refreshing.set(false);
        });
    }

    /// Notes the server's time from the list it answered with.
    pub fn saw_server_time(&self, at: DateTime<Utc>) {
        let mut settings = self.settings.get_untracked();
        if settings.server_seen.is_some_and(|seen| seen >= at) {
            return;
        }
        settings.server_seen = Some(at);
        self.storage.record(GateStorage::new(&DeviceStore).save_settings(&settings));
        self.settings.set(settings);
    }

    /// A scanned code: verified offline; the verdict, or why not.
    pub fn check_pass(&self, text: &str) {
        let keys = self.directory.directory.with_untracked(|d| d.pass_keys.clone());
        let Some(fetched) = self.keys_fetched_at() else {
            return self.refuse(CheckProblem::Pass(PassError::KeysTooOld));
        };
        let clock = GateClock {
            keys: &keys,
            keys_fetched_at: fetched,
            device_now: device_now(),
            server_seen: self.settings.with_untracked(|s| s.server_seen),
        };
        match verify(text.trim(), &clock) {
            Ok(claims) => self.show(&claims, text.trim()),
            Err(error) => self.refuse(CheckProblem::Pass(error)),
        }
    }

    fn show(&self, claims: &PassClaims, text: &str) {
        let seen_as = pseudonym_hex(&claims.pseudonym);
        self.present(Verdict::of_pass(claims), Identified::Pass(text.to_owned()), seen_as);
    }

    /// A person without a pass, by the id they give: shown, or refused
    /// (not on the list, or no list). `Err` when nothing was typed that
    /// could be an id: what to type instead, and nothing changed.
    pub fn look_up(&self, typed: &str) -> Result<(), IdLookupProblem> {
        let found = self.entries.with_value(|entries| list::look_up(entries, typed).cloned());
        match found {
            Err(typing @ (IdLookupProblem::Empty | IdLookupProblem::NotAnId)) => {
                return Err(typing)
            }
            _ if self.list.get_untracked().is_none() => self.refuse(CheckProblem::NoList),
            Ok(entry) => {
                let id = entry.id.clone();
                self.present(Verdict::of_entry(&entry), Identified::ById(id.clone()), id)
            }
            Err(IdLookupProblem::NotOnList) => self.refuse(CheckProblem::UnknownId),
        }
        Ok(())
    }

    fn present(&self, verdict: Verdict, who: Identified, seen_as: String) {
        let (today, _) = school_now();
        let direction = self.direction.get_untracked();
        let now = self.now();
        let seen = self.storage.record(GateStorage::new(&DeviceStore).seen(today));
        let seen_twice = seen
            .unwrap_or_default()
            .iter()
            .any(|s| s.who == seen_as && s.direction == direction && seen_within_window(s.at, now));
        self.problem.set(None);
        self.recorded.set(None);
        self.checked.set(Some(Checked { verdict, who, seen_twice, seen_as }));
    }

    fn refuse(&self, problem: CheckProblem) {
        self.checked.set(None);
        self.recorded.set(None);
        self.problem.set(Some(problem));
    }

    pub fn cancel(&self) {
        self.checked.set(None);
        self.problem.set(None);
    }

    /// Visitors of the day matching a name, a phone or a plate. `Err`
    /// when the guard must type more first (no result shown, nothing to
    /// refuse).
    pub fn look_up_visitor(&self, typed: &str) -> Result<(), SearchProblem> {
        let found = self.visitors.with_untracked(|all| {
            anxin_domain::visitor::search(all, typed)
                .map(|found| found.into_iter().cloned().collect::<Vec<_>>())
        });
        let found = found.inspect_err(|_| self.visitor_search.set(None))?;
        self.visitor_search.set(Some((typed.trim().to_owned(), found)));
        Ok(())
    }

    /// A registered visitor passing (or turned back), queued.
    pub fn record_visitor(
        &self,
        visitor: &GateVisitor,
        temperature: Option<Temperature>,
        decision: GateDecision,
    ) -> Result<(), VisitorProblem> {
        let record = VisitorGateRecord::Visitor {
            record_id: new_id(),
            visitor_id: visitor.visitor_id.clone(),
            direction: self.direction.get_untracked(),
            temperature,
            decision,
        };
        record.check().map_err(VisitorProblem::Refused)?;
        self.queue_visitor(&record)
    }

    /// Someone (or a vehicle) not on the day's list: refused, and logged
    /// with what the guard typed.
    pub fn refuse_unregistered(&self, typed: &str) -> Result<(), VisitorProblem> {
        let record =
            VisitorGateRecord::Unregistered { record_id: new_id(), typed: typed.trim().to_owned() };
        record.check().map_err(VisitorProblem::Refused)?;
        self.queue_visitor(&record)
    }

    fn queue_visitor(&self, record: &VisitorGateRecord) -> Result<(), VisitorProblem> {
        let json = serde_json::to_string(record).ok().and_then(JsonText::from_text);
        let json = json.ok_or(VisitorProblem::NotSaved)?;
        self.sync
            .queue(DeviceChange::VisitorAtGate(json), record.record_id().to_owned())
            .map_err(|_| VisitorProblem::NotSaved)?;
        self.visitor_search.set(None);
        self.recorded.set(Some(record.decision()));
        Ok(())
    }

    /// The guard's record of the person being checked, checked as the
    /// server will check it and queued; the phone then keeps only who
    /// passed which way (for the "seen twice" note), no reading.
    pub fn record(
        &self,
        readings: Vec<Temperature>,
        symptoms: Vec<GateSymptom>,
        decision: GateDecision,
    ) -> Result<(), RecordProblem> {
        let Some(checked) = self.checked.get_untracked() else { return Ok(()) };
        let rules = self.directory.directory.with_untracked(|d| d.rules.clone());
        let record = GateRecord {
            record_id: new_id(),
            gate: self.settings.with_untracked(|s| s.gate.clone()),
            direction: self.direction.get_untracked(),
            who: checked.who.clone(),
            readings,
            symptoms,
            decision,
        };
        let problems = record.problems(&rules);
        if !problems.is_empty() {
            return Err(RecordProblem::Rules(problems));
        }
        let json = serde_json::to_string(&record).ok().and_then(JsonText::from_text);
        let json = json.ok_or(RecordProblem::NotSaved)?;
        self.sync
            .queue(DeviceChange::GateRecord(json), record.record_id.clone())
            .map_err(|_| RecordProblem::NotSaved)?;
        let (today, _) = school_now();
        let seen = Seen { who: checked.seen_as, direction: record.direction, at: self.now() };
        self.storage.record(GateStorage::new(&DeviceStore).add_seen(today, seen));
        self.checked.set(None);
        self.recorded.set(Some(decision));
        Ok(())
    }
}
