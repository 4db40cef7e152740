//! The counselling desk (SPEC §3): the counsellor's appointments (the next
//! seven days with eight weeks back for attendance, and any later week she
//! pages to), the centre's schedule with her plan, and every request she
//! makes — decisions, notes, the plan — through [`Desk::request`], the one
//! way the desk talks to the server: her session's token, a busy flag
//! while it runs, a 401 ending the session here, the answer to the caller.
//! Online only: nothing of it is stored on the device.

use std::future::Future;

use anxin_domain::counselling::decision::CounsellorAction;
use anxin_domain::counselling::{Appointment, AppointmentStatus, DutyPlan, Schedule};
use anxin_domain::roster::Role;
use chrono::{Duration, NaiveDate};
use leptos::prelude::*;
use leptos::task::spawn_local;

mod notes;

pub use notes::{NoteProblem, Opened};

use super::{use_connectivity, Connectivity};
use crate::account::{use_account, Account};
use crate::school_clock::{use_school_clock, SchoolClock};
use crate::sync::counsellor;
use crate::sync::HttpError;

/// Attendance looks back 8 weeks (today included); with the next 7 days
/// it is the server's longest range (62 days).
const ATTENDANCE_DAYS: i64 = 55;
/// A week of the desk: the next 7 days, so that on a Sunday Monday is in view.
pub const WEEK_DAYS: i64 = 7;
/// She can page this many weeks ahead (the schedule's horizon is shorter).
pub const MAX_WEEKS_AHEAD: u32 = 8;
/// The desk fetches her appointments again this often while in view.
const REFRESH_SECONDS: u64 = 60;

#[derive(Clone, Copy)]
pub struct Desk {
    /// The signed-in counsellor's id (`None`: not a counsellor, or signed out).
    pub me: Memo<Option<String>>,
    /// From 8 weeks back to the next 7 days (`None` until first fetched).
    pub appointments: RwSignal<Option<Vec<Appointment>>>,
    /// The week she looks at: 0 the next 7 days, 1 the 7 after, …
    pub week: RwSignal<u32>,
    /// That week's appointments, when it is not the first.
    pub later: RwSignal<Option<Vec<Appointment>>>,
    pub schedule: RwSignal<Option<Schedule>>,
    /// Why the last fetch failed.
    pub problem: RwSignal<Option<HttpError>>,
    pub loading: RwSignal<bool>,
    /// The notes passphrase: in this page's memory only, never stored or sent.
    pub passphrase: RwSignal<Option<String>>,
    account: Account,
    clock: SchoolClock,
    connectivity: Connectivity,
    /// Each fetch is numbered: only the latest one's answer is used (the
    /// minute's refresh may still be on its way when she acts).
    generation: StoredValue<u64>,
}

impl Desk {
    /// Runs one request with her session: `busy` while it runs, the
    /// answer to `done`. Without a session, or when the server no longer
    /// takes it (401), the session ends here and she is asked to sign in.
    pub fn request<T, Call, Answer>(
        &self,
        busy: RwSignal<bool>,
        call: Call,
        done: impl FnOnce(Result<T, HttpError>) + 'static,
    ) where
        T: 'static,
        Call: FnOnce(String) -> Answer + 'static,
        Answer: Future<Output = Result<T, HttpError>> + 'static,
    {
        let ended = HttpError::Status { status: 401, code: String::new(), retry_after: None };
        let Some(token) = self.account.session.get_untracked().and_then(|s| s.token) else {
            done(Err(ended));
            return;
        };
        let account = self.account;
        busy.set(true);
        spawn_local(async move {
            let answer = call(token).await;
            busy.set(false);
            if let Err(err) = &answer {
                if err.is_unauthenticated() {
                    account.end(err.is_password_reset());
                }
            }
            done(answer);
        });
    }

    /// Her decision on an appointment; the desk is fetched again after it.
    pub fn decide(
        &self,
        booking_id: String,
        action: CounsellorAction,
        busy: RwSignal<bool>,
        done: impl FnOnce(Result<AppointmentStatus, HttpError>) + 'static,
    ) {
        let desk = *self;
        self.request(
            busy,
            move |token| async move {
                counsellor::decide_appointment(&booking_id, &action, &token).await
            },
            move |answer| {
                if answer.is_ok() {
                    desk.load();
                }
                done(answer);
            },
        );
    }

    /// Publishes her plan; the desk is fetched again after it.
    pub fn publish_plan(
        &self,
        plan: DutyPlan,
        busy: RwSignal<bool>,
        done: impl FnOnce(Result<(), HttpError>) + 'static,
    ) {
        let desk = *self;
        self.request(
            busy,
            move |token| async move { counsellor::publish_plan(&plan, &token).await },
            move |answer| {
                if answer.is_ok() {
                    desk.load();
                }
                done(answer);
            },
        );
    }

    /// Fetches everything again, saying so.
    pub fn load(&self) {
        self.fetch(true);
    }

    /// Shows another week (0: the next 7 days), fetching it.
    pub fn show_week(&self, week: u32) {
        self.week.set(week.min(MAX_WEEKS_AHEAD));
        self.later.set(None);
        self.fetch(true);
    }

    /// Her appointments and the schedule; `shown`: the page says it is
    /// loading (not for the minute's refresh).
    fn fetch(&self, shown: bool) {
        if self.me.get_untracked().is_none() {
            return;
        }
        let Some(token) = self.account.session.get_untracked().and_then(|s| s.token) else {
            return;
        };
        let today = self.clock.now.get_untracked().date();
        let (from, to) =
            (today - Duration::days(ATTENDANCE_DAYS), today + Duration::days(WEEK_DAYS));
        let week = self.week.get_untracked();
        let later = (week > 0).then(|| self.later_range(week));
        let mine = self.generation.get_value() + 1;
        self.generation.set_value(mine);
        if shown {
            self.loading.set(true);
        }
        let desk = *self;
        spawn_local(async move {
            let listed = counsellor::my_appointments(from, to, &token).await;
            let planned = counsellor::schedule(&token).await;
            let paged = match later {
                Some((start, end)) => {
                    counsellor::my_appointments(start, end, &token).await.map(Some)
                }
                None => Ok(None),
            };
            if desk.generation.get_value() != mine {
                return;
            }
            desk.loading.set(false);
            match (listed, planned, paged) {
                (Ok(list), Ok(plans), Ok(paged)) => {
                    desk.problem.set(None);
                    // Unchanged, nothing is redrawn (a note being typed stays).
                    set_if_changed(desk.appointments, Some(list));
                    set_if_changed(desk.schedule, Some(plans));
                    set_if_changed(desk.later, paged);
                }
                (Err(err), _, _) | (_, Err(err), _) | (_, _, Err(err)) => {
                    if err.is_unauthenticated() {
                        desk.account.end(err.is_password_reset());
                    }
                    desk.problem.set(Some(err));
                }
            }
        });
    }

    /// The first day and the last of a later week `week` (1, 2, …).
    pub fn later_range(&self, week: u32) -> (NaiveDate, NaiveDate) {
        let start = self.clock.today()
            + Duration::days(WEEK_DAYS + 1 + i64::from(week.saturating_sub(1)) * WEEK_DAYS);
        (start, start + Duration::days(WEEK_DAYS - 1))
    }

    fn online(&self) -> bool {
        self.connectivity.online.get_untracked()
    }
}

fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.with_untracked(|v| *v != value) {
        signal.set(value);
    }
}

pub fn provide_desk() -> Desk {
    let account = use_account();
    let connectivity = use_connectivity();
    let me = Memo::new(move |_| {
        account.session.with(|s| {
            s.as_ref()
                .filter(|s| !s.ended() && s.person.roles.contains(&Role::Counsellor))
                .map(|s| s.person.id.clone())
        })
    });
    let desk = Desk {
        me,
        appointments: RwSignal::new(None),
        week: RwSignal::new(0),
        later: RwSignal::new(None),
        schedule: RwSignal::new(None),
        problem: RwSignal::new(None),
        loading: RwSignal::new(false),
        passphrase: RwSignal::new(None),
        account,
        clock: use_school_clock(),
        connectivity,
        generation: StoredValue::new(0),
    };
    // Every minute while she looks at it, unseen: a call-back in crisis
    // comes in at any time.
    if let Ok(every_minute) = set_interval_with_handle(
        move || {
            let visible = document().visibility_state() == web_sys::VisibilityState::Visible;
            if visible && desk.online() {
                desk.fetch(false);
            }
        },
        std::time::Duration::from_secs(REFRESH_SECONDS),
    ) {
        on_cleanup(move || every_minute.clear());
    }
    // At first, and again whenever the browser is back online.
    Effect::new(move |_| {
        if connectivity.online.get() && me.get().is_some() {
            desk.load();
        }
    });
    provide_context(desk);
    desk
}

pub fn use_desk() -> Desk {
    expect_context::<Desk>()
}
