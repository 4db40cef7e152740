//! What a decider has begun on each item of a list waiting for their
//! decision (a return application, a visitor registration): the reason
//! being typed, whether the reason box is open, and why the last try was
//! not taken. Held by the list's context, not by the item's view, so that
//! fetching the list again (after any sync, or on "refresh") never loses
//! it; an item that leaves the list takes its draft with it.

use anxin_domain::ErrorCode;
use leptos::prelude::*;

/// Why a decision was not queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionProblem {
    /// Refused as the server would refuse it (a reason missing, too long).
    Refused(ErrorCode),
    /// The outbox could not keep it on this phone.
    NotSaved,
}

/// One item's decision in progress.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecisionDraft {
    pub reason: String,
    /// The reason box is open: the next "refuse" sends the refusal.
    pub refusing: bool,
    /// Why the last decision was not queued.
    pub problem: Option<DecisionProblem>,
}

/// The drafts of one list, by item id.
#[derive(Clone, Copy)]
pub struct DecisionDrafts(RwSignal<Vec<(String, DecisionDraft)>>);

impl DecisionDrafts {
    pub fn new() -> Self {
        DecisionDrafts(RwSignal::new(Vec::new()))
    }

    /// The draft of `id` (empty when none was begun), tracked.
    pub fn get(&self, id: &str) -> DecisionDraft {
        self.0
            .with(|all| all.iter().find(|(i, _)| i == id).map(|(_, d)| d.clone()))
            .unwrap_or_default()
    }

    /// Changes the draft of `id`, beginning it when needed.
    pub fn edit(&self, id: &str, change: impl FnOnce(&mut DecisionDraft)) {
        self.0.update(|all| match all.iter_mut().find(|(i, _)| i == id) {
            Some((_, draft)) => change(draft),
            None => {
                let mut draft = DecisionDraft::default();
                change(&mut draft);
                all.push((id.to_owned(), draft));
            }
        });
    }

    /// The decision was queued: nothing left to keep.
    pub fn forget(&self, id: &str) {
        self.0.update(|all| all.retain(|(i, _)| i != id));
    }

    /// The list as fetched again: the drafts of items no longer in it go.
    pub fn keep_only<'a>(&self, listed: impl IntoIterator<Item = &'a str>) {
        let listed: Vec<&str> = listed.into_iter().collect();
        let gone = self.0.with_untracked(|all| all.iter().any(|(i, _)| !listed.contains(&&**i)));
        if gone {
            self.0.update(|all| all.retain(|(i, _)| listed.contains(&i.as_str())));
        }
    }
}

impl Default for DecisionDrafts {
    fn default() -> Self {
        Self::new()
    }
}
