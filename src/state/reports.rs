//! The daily report on a staff member's phone (SPEC §2): the scopes the
//! signed-in person oversees, the report of the one chosen and its trend
//! (fetched through `sync::reports`, the last fetch of each of their own
//! scopes kept on the device and shown offline "as of HH:MM"), and the
//! actions, each queued in the one outbox like every other change and
//! decided by the server on arrival. The views read these signals and call
//! these commands; none of them touches the network or storage.

use anxin_domain::delivery::Delivery;
use anxin_domain::report::{ReminderNote, RemindersSent, ReportAction, Scope};
use anxin_domain::roster::{OfficeScope, Role};
use anxin_domain::ErrorCode;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;

mod commands;

use super::{
    use_connectivity, use_directory, use_i18n, use_storage_status, Connectivity, DirectoryState,
    I18n, StorageStatus,
};
use crate::account::{use_account, Account};
use crate::declaring::{device_now, school_now};
use crate::school_clock::use_school_clock;
use crate::storage::{
    ActionRecord, ActionStore, DayNotes, DeviceStore, NoteStore, Oversight, ReportCache,
    SessionStore, StoredReport, StoredSession,
};
use crate::sync::reports::{report, trend};
use crate::sync::{use_sync, HttpError, JsonText, SyncEngine, KEEP_DAYS};

/// While the page is in view and online, the report is fetched again this
/// often (declarations keep arriving).
const REFRESH_SECONDS: u64 = 60;

/// An action made here, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionView {
    pub id: String,
    pub action: ReportAction,
    pub delivery: Delivery,
}

/// Why an action was not queued: the domain's own check (the server would
/// refuse it the same way), or storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionProblem {
    Refused(ErrorCode),
    NotSaved,
}

/// Why the CSV could not be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportProblem {
    Offline,
    Failed(HttpError),
}

#[derive(Clone, Copy)]
pub struct ReportsState {
    /// What the signed-in person oversees: an advisor's classes, an
    /// office's department or the school.
    pub scopes: Memo<Vec<Scope>>,
    pub selected: RwSignal<Option<Scope>>,
    pub day: RwSignal<NaiveDate>,
    /// The report shown: as fetched, or the copy kept from the last fetch.
    pub shown: RwSignal<Option<StoredReport>>,
    /// The shown report was fetched in this visit (not the kept copy).
    pub fresh: RwSignal<bool>,
    pub loading: RwSignal<bool>,
    pub problem: RwSignal<Option<HttpError>>,
    /// Actions made on this device, oldest first.
    pub actions: RwSignal<Vec<ActionView>>,
    /// Notes pulled for the chosen day (reminder answers, reminders to sign).
    pub notes: RwSignal<DayNotes>,
    pub exporting: RwSignal<bool>,
    pub export_problem: RwSignal<Option<ExportProblem>>,
    generation: StoredValue<u64>,
    sync: SyncEngine,
    account: Account,
    connectivity: Connectivity,
    storage: StorageStatus,
    directory: DirectoryState,
    i18n: I18n,
}

/// The scopes of a session: an advisor's classes (in order), then an
/// office's scope.
pub fn scopes_of(session: &StoredSession, oversight: &Oversight) -> Vec<Scope> {
    let roles = &session.person.roles;
    let mut scopes = Vec::new();
    if roles.contains(&Role::Advisor) {
        let mut classes = oversight.advises.clone();
        classes.sort();
        classes.dedup();
        scopes.extend(classes.into_iter().map(Scope::Class));
    }
    if roles.contains(&Role::Office) {
        match &oversight.scope {
            Some(OfficeScope::Department(d)) => scopes.push(Scope::Department(d.clone())),
            Some(OfficeScope::School) => scopes.push(Scope::School),
            None => {}
        }
    }
    scopes
}

pub fn provide_reports() -> ReportsState {
    let account = use_account();
    let sync = use_sync();
    let connectivity = use_connectivity();
    let storage = use_storage_status();
    let scopes = Memo::new(move |_| {
        let session = account.session.get()?;
        let oversight = SessionStore::new(&DeviceStore).oversight().ok().flatten()?;
        Some(scopes_of(&session, &oversight))
    });
    let scopes = Memo::new(move |_| scopes.get().unwrap_or_default());
    let (today, _) = school_now();
    let state = ReportsState {
        scopes,
        selected: RwSignal::new(None),
        day: RwSignal::new(today),
        shown: RwSignal::new(None),
        fresh: RwSignal::new(false),
        loading: RwSignal::new(false),
        problem: RwSignal::new(None),
        actions: RwSignal::new(Vec::new()),
        notes: RwSignal::new(DayNotes::default()),
        exporting: RwSignal::new(false),
        export_problem: RwSignal::new(None),
        generation: StoredValue::new(0),
        sync,
        account,
        connectivity,
        storage,
        directory: use_directory(),
        i18n: use_i18n(),
    };
    provide_context(state);

    // The device keeps only the person's own scopes, and 14 days of actions.
    let keep_from = today.checked_sub_days(chrono::Days::new(KEEP_DAYS)).unwrap_or(today);
    storage.record(ActionStore::new(&DeviceStore).prune(keep_from));
    Effect::new(move |_| {
        let mine = scopes.get();
        if !mine.is_empty() {
            storage.record(ReportCache::new(&DeviceStore).keep_only(&mine));
        }
        let selected = state.selected.get_untracked();
        if selected.as_ref().is_none_or(|s| !mine.contains(s)) {
            state.selected.set(mine.first().cloned());
        }
    });
    // The chosen scope or day changed, or the network came back: fetch.
    Effect::new(move |_| {
        let _ = (state.selected.get(), state.day.get(), connectivity.online.get());
        state.refresh();
    });
    // Records changed (a sync, another tab): actions and notes read again;
    // an action the server just decided brings the report up to date.
    Effect::new(move |_| {
        sync.records_changed.track();
        let day = state.day.get();
        let settled = state.reload_actions();
        let notes = storage.record(NoteStore::new(&DeviceStore).day(day)).unwrap_or_default();
        if notes != state.notes.get_untracked() {
            state.notes.set(notes);
        }
        if settled {
            state.refresh();
        }
    });
    if let Ok(timer) = set_interval_with_handle(
        move || {
            let visible = document().visibility_state() == web_sys::VisibilityState::Visible;
            if visible && connectivity.online.get_untracked() {
                state.refresh();
            }
        },
        std::time::Duration::from_secs(REFRESH_SECONDS),
    ) {
        on_cleanup(move || timer.clear());
    }
    // A page left open past midnight moves on to the new day.
    let clock = use_school_clock();
    Effect::new(move |previous: Option<NaiveDate>| {
        let today = clock.today();
        if previous.is_some_and(|p| p != today && state.day.get_untracked() == p) {
            state.day.set(today);
        }
        today
    });
    state
}

pub fn use_reports() -> ReportsState {
    expect_context::<ReportsState>()
}

impl ReportsState {
    fn token(&self) -> Option<String> {
        self.account.session.get_untracked().and_then(|s| s.token)
    }

    /// Fetches the chosen scope's report of the chosen day and its trend;
    /// offline, or when the server cannot be reached, shows the copy kept
    /// of that scope (whatever its day), marked as such.
    pub fn refresh(&self) {
        let Some(scope) = self.selected.get_untracked() else {
            self.shown.set(None);
            return;
        };
        let day = self.day.get_untracked();
        let mine = self.generation.get_value() + 1;
        self.generation.set_value(mine);
        let token = self.token();
        if !self.connectivity.online.get_untracked() || token.is_none() {
            self.show_kept(&scope);
            return;
        }
        let this = *self;
        self.loading.set(true);
        spawn_local(async move {
            let token = token.unwrap_or_default();
            let fetched = report(&scope, day, &token).await;
            let days = match &fetched {
                Ok(_) => trend(&scope, day, &token).await.unwrap_or_default(),
                Err(_) => Vec::new(),
            };
            if this.generation.get_value() != mine {
                return;
            }
            this.loading.set(false);
            match fetched {
                Ok(report) => {
                    let stored = StoredReport { report, trend: days, fetched_at: device_now() };
                    this.storage.record(ReportCache::new(&DeviceStore).put(&stored));
                    this.problem.set(None);
                    this.fresh.set(true);
                    if this.shown.get_untracked().as_ref() != Some(&stored) {
                        this.shown.set(Some(stored));
                    }
                }
                Err(err) => {
                    if err.is_unauthenticated() {
                        this.account.end(err.is_password_reset());
                    }
                    this.problem.set(Some(err));
                    let same = this.shown.with_untracked(|s| {
                        s.as_ref().is_some_and(|s| s.report.scope == scope && s.report.day == day)
                    });
                    if !same {
                        this.show_kept(&scope);
                    }
                }
            }
        });
    }

    /// The copy kept of `scope` (whatever its day), or nothing.
    fn show_kept(&self, scope: &Scope) {
        let kept = self.storage.record(ReportCache::new(&DeviceStore).get(scope)).flatten();
        self.loading.set(false);
        self.fresh.set(false);
        self.shown.set(kept);
    }

    /// Reads the actions made here again; whether one was decided since.
    fn reload_actions(&self) -> bool {
        let store = ActionStore::new(&DeviceStore);
        let records: Vec<ActionRecord> = store.all().unwrap_or_default();
        let views: Vec<ActionView> = records
            .into_iter()
            .filter_map(|r| {
                let action = r.action.decode::<ReportAction>()?;
                let delivery = store.delivery(&r.id).unwrap_or_default();
                Some(ActionView { id: r.id, action, delivery })
            })
            .collect();
        let before = self.actions.get_untracked();
        let settled = views.iter().any(|v| {
            !v.delivery.is_undelivered()
                && before.iter().any(|b| b.id == v.id && b.delivery.is_undelivered())
        });
        if views != before {
            self.actions.set(views);
        }
        settled
    }

    /// An action's state as the person should see it (sending included).
    pub fn delivery_of(&self, action: &ActionView) -> Delivery {
        self.sync.delivery_of(&action.id, action.delivery.clone())
    }

    /// The latest action made here that `matches` (tracked).
    pub fn latest(&self, matches: impl Fn(&ReportAction) -> bool) -> Option<ActionView> {
        self.actions.with(|all| all.iter().rev().find(|a| matches(&a.action)).cloned())
    }

    /// The server's answer to a reminder tap, once pulled (tracked).
    pub fn reminders_sent(&self, reminder_id: &str) -> Option<RemindersSent> {
        self.notes.with(|n| {
            n.reminders_sent
                .iter()
                .filter_map(JsonText::decode::<RemindersSent>)
                .find(|r| r.reminder_id == reminder_id)
        })
    }

    /// Reminders to sign, sent to this person for the chosen day (tracked).
    pub fn sign_reminders(&self) -> Vec<ReminderNote> {
        self.notes.with(|n| n.reminders.iter().filter_map(JsonText::decode).collect())
    }
}

#[cfg(test)]
mod tests {
    use crate::storage::MemoryStore;
    use crate::storage::SessionStore;

    use super::*;

    #[test]
    fn test_scopes_are_an_advisors_classes_and_an_offices_scope() {
        let store = MemoryStore::default();
        let grant = r#"{"token":"t","person":{"id":"T-1001","name":"张老师",
            "roles":["declarant","advisor","office"],"department":"信息工程学院","class_name":"",
            "advises":["软件2002","软件2001"],"scope":{"department":"信息工程学院"}}}"#;
        let sessions = SessionStore::new(&store);
        sessions.save(grant).unwrap();
        let session = sessions.session().unwrap().unwrap();
        let oversight = sessions.oversight().unwrap().unwrap();
        assert_eq!(
            scopes_of(&session, &oversight),
            [
                Scope::Class("软件2001".into()),
                Scope::Class("软件2002".into()),
                Scope::Department("信息工程学院".into())
            ]
        );
        let student =
            r#"{"token":"t","person":{"id":"2020-0101","name":"李明","roles":["declarant"]}}"#;
        sessions.save(student).unwrap();
        let session = sessions.session().unwrap().unwrap();
        assert!(scopes_of(&session, &sessions.oversight().unwrap().unwrap()).is_empty());
    }
}
