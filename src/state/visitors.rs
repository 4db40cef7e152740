//! Visitors on a staff member's phone (SPEC §6): the host's registrations
//! (as pulled, and those just made here), the form's command, and for a
//! department office the registrations waiting for its decision (fetched
//! online) with approve / refuse, and the refusals being written there
//! (kept while the list is fetched again). Registrations and decisions are
//! queued in the one outbox like the report's actions; the views read
//! these signals and call these commands.

use anxin_domain::access::{allows, Action};
use anxin_domain::account::AccountPerson;
use anxin_domain::roster::OfficeScope;
use anxin_domain::visitor::{
    may_host, PendingVisitors, VisitorDecision, VisitorField, VisitorProblem, VisitorRegistration,
    VisitorRequest,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::decision_drafts::{DecisionDrafts, DecisionProblem};
use super::{use_connectivity, use_storage_status, Connectivity, StorageStatus};
use crate::account::{use_account, Account};
use crate::declaring::{device_now, new_id, school_now};
use crate::storage::{DeviceStore, SessionStore, VisitorNotes};
use crate::sync::visitors::pending;
use crate::sync::{use_sync, DeviceChange, HttpError, JsonText, SyncEngine};

/// Why a registration was not queued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VisitorFormProblem {
    Fields(Vec<(VisitorField, VisitorProblem)>),
    NotSaved,
}

#[derive(Clone, Copy)]
pub struct VisitorsState {
    /// The signed-in person as the access rules see them.
    pub person: Memo<Option<AccountPerson>>,
    /// The person's registrations, soonest visit first.
    pub mine: RwSignal<Vec<VisitorRegistration>>,
    /// The office's list, as last fetched.
    pub pending: RwSignal<Option<PendingVisitors>>,
    /// Decided on this phone (said so on its card until fetched again).
    pub decided: RwSignal<Vec<String>>,
    /// The decisions begun on the office's list.
    pub drafts: DecisionDrafts,
    pub loading: RwSignal<bool>,
    pub problem: RwSignal<Option<HttpError>>,
    sync: SyncEngine,
    account: Account,
    connectivity: Connectivity,
    storage: StorageStatus,
}

fn person_of(account: &Account) -> Option<AccountPerson> {
    let session = account.session.get()?;
    let oversight = SessionStore::new(&DeviceStore).oversight().ok().flatten().unwrap_or_default();
    Some(AccountPerson {
        id: session.person.id.clone(),
        name: session.person.name.clone(),
        roles: session.person.roles.iter().copied().collect(),
        category: oversight.category,
        department: session.person.department.clone(),
        class_name: session.person.class_name.clone(),
        advises: oversight.advises.into_iter().collect(),
        scope: oversight.scope,
        contacts: Vec::new(),
    })
}

pub fn provide_visitors() -> VisitorsState {
    let account = use_account();
    let sync = use_sync();
    let person = Memo::new(move |_| person_of(&account));
    let state = VisitorsState {
        person,
        mine: RwSignal::new(Vec::new()),
        pending: RwSignal::new(None),
        decided: RwSignal::new(Vec::new()),
        drafts: DecisionDrafts::new(),
        loading: RwSignal::new(false),
        problem: RwSignal::new(None),
        sync,
        account,
        connectivity: use_connectivity(),
        storage: use_storage_status(),
    };
    // What the pull brought, after every sync that changed records.
    Effect::new(move |_| {
        sync.records_changed.track();
        sync.last_sync.track();
        state.reload_mine();
    });
    Effect::new(move |_| {
        if state.connectivity.online.get() && state.is_office() {
            state.refresh();
        }
    });
    provide_context(state);
    state
}

pub fn use_visitors() -> VisitorsState {
    expect_context::<VisitorsState>()
}

impl VisitorsState {
    /// Staff and foreign teachers host visitors.
    pub fn is_host(&self) -> bool {
        self.person.with(|p| p.as_ref().is_some_and(may_host))
    }

    /// The office's department, when the person is one's office.
    pub fn office_department(&self) -> Option<String> {
        self.person.with(|p| {
            let p = p.as_ref()?;
            let Some(OfficeScope::Department(d)) = &p.scope else { return None };
            allows(p, &Action::ReadPendingVisitors { department: d }).then(|| d.clone())
        })
    }

    pub fn is_office(&self) -> bool {
        self.office_department().is_some()
    }

    fn reload_mine(&self) {
        let kept = self.storage.record(VisitorNotes::new(&DeviceStore).all()).unwrap_or_default();
        let mut pulled: Vec<VisitorRegistration> =
            kept.iter().filter_map(JsonText::decode::<VisitorRegistration>).collect();
        // Made here and not pulled yet: shown as waiting.
        for made in self.mine.get_untracked() {
            if !pulled.iter().any(|p| p.request.visitor_id == made.request.visitor_id) {
                pulled.push(made);
            }
        }
        anxin_domain::order::sort_by_key(&mut pulled, |r| (r.request.day, r.registered_at));
        self.mine.set(pulled);
    }

    fn queue(&self, change: DeviceChange, id: String) -> Result<(), VisitorFormProblem> {
        self.sync.queue(change, id).map_err(|_| VisitorFormProblem::NotSaved)
    }

    fn text<T: serde::Serialize>(value: &T) -> Result<JsonText, VisitorFormProblem> {
        serde_json::to_string(value)
            .ok()
            .and_then(JsonText::from_text)
            .ok_or(VisitorFormProblem::NotSaved)
    }

    /// Checks a registration as the server will and queues it.
    pub fn register(&self, mut request: VisitorRequest) -> Result<(), VisitorFormProblem> {
        let Some(host) = self.person.get_untracked() else {
            return Err(VisitorFormProblem::NotSaved);
        };
        let (today, _) = school_now();
        request.visitor_id = new_id();
        let problems = request.problems(today);
        if !problems.is_empty() {
            return Err(VisitorFormProblem::Fields(problems));
        }
        let request = request.normalized();
        let json = Self::text(&request)?;
        self.queue(DeviceChange::VisitorRegister(json), request.visitor_id.clone())?;
        let made = VisitorRegistration::new(&request, &host, device_now());
        self.mine.update(|mine| mine.push(made));
        self.reload_mine();
        Ok(())
    }

    /// Approves, or refuses with a reason, a registration of the list.
    pub fn decide(
        &self,
        visitor_id: String,
        approve: bool,
        reason: String,
    ) -> Result<(), DecisionProblem> {
        let reason = Some(reason.trim().to_owned()).filter(|r| !r.is_empty());
        let decision = VisitorDecision { visitor_id: visitor_id.clone(), approve, reason };
        decision.check().map_err(DecisionProblem::Refused)?;
        let json = Self::text(&decision).map_err(|_| DecisionProblem::NotSaved)?;
        self.queue(DeviceChange::VisitorDecide(json), new_id())
            .map_err(|_| DecisionProblem::NotSaved)?;
        self.decided.update(|d| d.push(visitor_id));
        Ok(())
    }

    /// Fetches the office's list again (online only).
    pub fn refresh(&self) {
        let token = self.account.session.get_untracked().and_then(|s| s.token);
        let Some(token) = token else { return };
        if !self.connectivity.online.get_untracked() || self.loading.get_untracked() {
            return;
        }
        let state = *self;
        state.loading.set(true);
        spawn_local(async move {
            match pending(&token).await {
                Ok(list) => {
                    let listed = list.visitors.iter().map(|v| v.request.visitor_id.as_str());
                    state.drafts.keep_only(listed);
                    state.pending.set(Some(list));
                    state.problem.set(None);
                }
                Err(err) => state.problem.set(Some(err)),
            }
            state.loading.set(false);
        });
    }
}
