//! The school office's warning of the next retention purge (SPEC §7), in
//! the reports bundle: what the server's next daily run will delete or
//! mask, counts only, fetched online through `sync::retention` for the
//! school office alone (the server refuses everyone else). Offline the
//! last fetch stays; nothing of it is kept on the device.

use anxin_domain::privacy::purge::NextPurge;
use anxin_domain::report::Scope;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::reports::use_reports;
use super::{use_connectivity, Connectivity};
use crate::account::{use_account, Account};
use crate::sync::retention::next_purge;
use crate::sync::HttpError;

#[derive(Clone, Copy)]
pub struct RetentionState {
    /// As last fetched (`None`: not fetched yet).
    pub next: RwSignal<Option<NextPurge>>,
    /// Why the last fetch failed.
    pub problem: RwSignal<Option<HttpError>>,
    /// The signed-in person reads the whole school's report.
    pub school_office: Memo<bool>,
    account: Account,
    connectivity: Connectivity,
}

impl RetentionState {
    /// Fetches the warning again (online, for the school office).
    pub fn refresh(&self) {
        let token = self.account.session.get_untracked().and_then(|s| s.token);
        let online = self.connectivity.online.get_untracked();
        let Some(token) = token.filter(|_| online && self.school_office.get_untracked()) else {
            return;
        };
        let this = *self;
        spawn_local(async move {
            match next_purge(&token).await {
                Ok(next) => {
                    this.next.set(Some(next));
                    this.problem.set(None);
                }
                Err(err) => this.problem.set(Some(err)),
            }
        });
    }
}

/// After `provide_reports` (the scopes say who is the school office).
pub fn provide_retention() -> RetentionState {
    let reports = use_reports();
    let state = RetentionState {
        next: RwSignal::new(None),
        problem: RwSignal::new(None),
        school_office: Memo::new(move |_| reports.scopes.with(|s| s.contains(&Scope::School))),
        account: use_account(),
        connectivity: use_connectivity(),
    };
    // Signed in as the school office, or online again: fetch.
    Effect::new(move |_| {
        state.school_office.track();
        state.connectivity.online.track();
        state.refresh();
    });
    provide_context(state);
    state
}

pub fn use_retention() -> RetentionState {
    expect_context::<RetentionState>()
}
