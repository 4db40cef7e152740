//! A decision on someone's request, the same way in every list of the
//! report bundle (return applications, visitors): "approve" first, filled;
//! "refuse" beside it, outlined, which opens the reason box and, once a
//! reason is written, sends the refusal. What is typed is the list's
//! draft ([`DecisionDrafts`]), so it outlives the list being fetched again.

use anxin_domain::ErrorCode;
use leptos::prelude::*;

use super::FieldError;
use crate::state::decision_drafts::{DecisionDrafts, DecisionProblem};
use crate::state::use_i18n;

/// The test hooks of one list's controls.
#[derive(Clone, Copy)]
pub struct DecisionHooks {
    pub approve: &'static str,
    pub refuse: &'static str,
    pub reason: &'static str,
}

#[component]
pub fn DecisionControls(
    /// The list's drafts, and this item's id among them.
    drafts: DecisionDrafts,
    id: String,
    hooks: DecisionHooks,
    /// Queues the decision (approve?, reason), or says why it did not.
    decide: Callback<(bool, String), Result<(), DecisionProblem>>,
    /// The server's refusal of a decision sent earlier, if any.
    #[prop(into, optional)]
    refused: Option<Signal<Option<ErrorCode>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let draft = {
        let id = id.clone();
        Memo::new(move |_| drafts.get(&id))
    };
    let reason_box = NodeRef::<leptos::html::Textarea>::new();
    let send = {
        let id = id.clone();
        move |approve: bool| {
            let reason = if approve { String::new() } else { draft.get_untracked().reason };
            match decide.run((approve, reason)) {
                Ok(()) => drafts.forget(&id),
                Err(problem) => drafts.edit(&id, |d| d.problem = Some(problem)),
            }
        }
    };
    let approve = {
        let send = send.clone();
        move |_| send(true)
    };
    let refuse = {
        let id = id.clone();
        move |_| {
            if draft.get_untracked().refusing {
                send(false);
                return;
            }
            drafts.edit(&id, |d| {
                d.refusing = true;
                d.problem = None;
            });
            request_animation_frame(move || {
                if let Some(field) = reason_box.get_untracked() {
                    let _ = field.focus();
                }
            });
        }
    };
    let on_input = move |ev| {
        let typed = event_target_value(&ev);
        drafts.edit(&id, |d| {
            d.reason = typed;
            d.problem = None;
        });
    };
    let error = Signal::derive(move || {
        let t = i18n.texts();
        let d = t.decision();
        match draft.with(|d| d.problem) {
            Some(DecisionProblem::Refused(code)) => Some(d.refusal(t, code)),
            Some(DecisionProblem::NotSaved) => Some(d.not_saved),
            None => refused.and_then(|r| r.get()).map(|code| d.refusal(t, code)),
        }
    });
    let refusing = move || draft.with(|d| d.refusing);
    view! {
        <div class="decision">
            <label class="field decision-reason" hidden=move || !refusing()>
                <span class="label">{move || i18n.texts().decision().reason}</span>
                <textarea data-testid=hooks.reason rows="3" node_ref=reason_box
                    prop:value=move || draft.with(|d| d.reason.clone()) on:input=on_input></textarea>
                <span class="hint">{move || i18n.texts().decision().reason_hint}</span>
            </label>
            <FieldError error=error/>
            <div class="form-actions decision-actions">
                <button type="button" class="primary" data-testid=hooks.approve on:click=approve>
                    {move || i18n.texts().decision().approve}
                </button>
                <button type="button" class="refuse" data-testid=hooks.refuse
                    aria-expanded=move || refusing().to_string() on:click=refuse>
                    {move || i18n.texts().decision().refuse}
                </button>
            </div>
        </div>
    }
}
