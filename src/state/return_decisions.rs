//! Return to campus for advisors and offices (SPEC §6), in the report
//! bundle: the applications waiting for their step (fetched online
//! through `sync::returns`), and the decision, checked as the server will
//! check it and queued in the one outbox like the report's actions. A
//! refusal by the server is shown next to its application; a refusal
//! being written is kept in [`ReturnDecisions::drafts`] while the list is
//! fetched again.

use anxin_domain::campus_return::decision::check_reason;
use anxin_domain::campus_return::ReturnToDecide;
use anxin_domain::sync::Change;
use anxin_domain::ErrorCode;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::decision_drafts::{DecisionDrafts, DecisionProblem};
use super::use_connectivity;
use crate::account::{use_account, Account};
use crate::declaring::new_id;
use crate::state::Connectivity;
use crate::sync::returns::waiting;
use crate::sync::{use_sync, DeviceChange, JsonText, SyncEngine};

#[derive(Clone, Copy)]
pub struct ReturnDecisions {
    /// Waiting for the asker's decision, as last fetched.
    pub waiting: RwSignal<Vec<ReturnToDecide>>,
    /// (application id, mutation id) of the decisions queued here.
    pub queued: RwSignal<Vec<(String, String)>>,
    /// The decisions begun on the applications listed.
    pub drafts: DecisionDrafts,
    account: Account,
    connectivity: Connectivity,
    sync: SyncEngine,
}

impl ReturnDecisions {
    /// Fetches what waits (online; offline the last fetch stays).
    pub fn refresh(&self) {
        let token = self.account.session.get_untracked().and_then(|s| s.token);
        let Some(token) = token.filter(|_| self.connectivity.online.get_untracked()) else {
            return;
        };
        let this = *self;
        spawn_local(async move {
            if let Ok(found) = waiting(&token).await {
                let listed = found.applications.iter();
                this.drafts
                    .keep_only(listed.map(|a| a.application.request.application_id.as_str()));
                this.waiting.set(found.applications);
            }
        });
    }

    /// Approves, or refuses with a reason, the step waiting for the asker.
    pub fn decide(
        &self,
        application_id: &str,
        approve: bool,
        reason: &str,
    ) -> Result<(), DecisionProblem> {
        check_reason(approve, reason).map_err(DecisionProblem::Refused)?;
        let change = Change::ReturnDecide {
            application_id: application_id.to_owned(),
            approve,
            reason: reason.trim().to_owned(),
        };
        // `{"return_decide": {…}}`: the device keeps the body as JSON text.
        let body = serde_json::to_value(&change).ok().and_then(|v| v.get("return_decide").cloned());
        let json = body.and_then(|b| JsonText::from_text(b.to_string()));
        let json = json.ok_or(DecisionProblem::NotSaved)?;
        let id = new_id();
        self.sync
            .queue(DeviceChange::ReturnDecide(json), id.clone())
            .map_err(|_| DecisionProblem::NotSaved)?;
        self.queued.update(|q| q.push((application_id.to_owned(), id)));
        Ok(())
    }

    /// The server's refusal of a decision queued here on `application_id`.
    pub fn refusal(&self, application_id: &str) -> Option<ErrorCode> {
        let ids: Vec<String> = self.queued.with(|q| {
            q.iter().filter(|(a, _)| a == application_id).map(|(_, m)| m.clone()).collect()
        });
        let rejected = self.sync.rejected.get();
        let last = ids.last()?;
        rejected.iter().find(|q| &q.mutation.id == last).map(|q| q.code)
    }

    /// A decision was queued here for it (and not refused).
    pub fn decided_here(&self, application_id: &str) -> bool {
        let queued = self.queued.with(|q| q.iter().any(|(a, _)| a == application_id));
        queued && self.refusal(application_id).is_none()
    }
}

pub fn provide_return_decisions() -> ReturnDecisions {
    let decisions = ReturnDecisions {
        waiting: RwSignal::new(Vec::new()),
        queued: RwSignal::new(Vec::new()),
        drafts: DecisionDrafts::new(),
        account: use_account(),
        connectivity: use_connectivity(),
        sync: use_sync(),
    };
    // Online again, or a sync delivered decisions: fetch again.
    Effect::new(move |_| {
        decisions.connectivity.online.track();
        decisions.sync.last_sync.track();
        decisions.refresh();
    });
    provide_context(decisions);
    decisions
}

pub fn use_return_decisions() -> ReturnDecisions {
    expect_context::<ReturnDecisions>()
}
