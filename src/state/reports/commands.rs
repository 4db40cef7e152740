//! The commands of the daily report: each action checked as the server
//! will check it (the domain's rules), queued in the one outbox, and kept
//! to show its state; and the CSV export (online only).

use anxin_domain::report::{MissingReason, ReasonKind, ReportAction, Scope};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{ActionProblem, ExportProblem, ReportsState};
use crate::declaring::{device_now, new_id, school_now};
use crate::download::download_blob;
use crate::i18n::Lang;
use crate::storage::{ActionRecord, ActionStore, DeviceStore};
use crate::sync::reports::export;
use crate::sync::{DeviceChange, HttpError, JsonText};

impl ReportsState {
    /// Checks an action as the server will, queues it in the outbox, and
    /// keeps it to show its state.
    fn act(&self, action: ReportAction) -> Result<(), ActionProblem> {
        let (today, _) = school_now();
        let max_leave = self.directory.directory.with_untracked(|d| d.max_leave_days);
        action.check(today, max_leave).map_err(ActionProblem::Refused)?;
        let json = serde_json::to_string(&action).ok().and_then(JsonText::from_text);
        let json = json.ok_or(ActionProblem::NotSaved)?;
        let id = action.record_id().to_owned();
        let record = ActionRecord {
            id: id.clone(),
            day: action.day(),
            made_at: device_now(),
            action: json.clone(),
        };
        self.sync.queue(DeviceChange::Report(json), id).map_err(|_| ActionProblem::NotSaved)?;
        // Queued: it will be delivered whatever happens to this record.
        self.storage.record(ActionStore::new(&DeviceStore).save(&record));
        self.reload_actions();
        Ok(())
    }

    fn scope_and_day(&self) -> Option<(Scope, NaiveDate)> {
        Some((self.selected.get_untracked()?, self.day.get_untracked()))
    }

    /// An office ends a person's isolation observation, with the reason
    /// (the domain's limits), queued like every action.
    pub fn end_observation(&self, person_id: &str, reason: &str) -> Result<(), ActionProblem> {
        if !anxin_domain::counselling::booking::is_valid_reason(reason) {
            return Err(ActionProblem::Refused(anxin_domain::ErrorCode::BadReason));
        }
        let change = anxin_domain::sync::Change::EndObservation {
            person_id: person_id.to_owned(),
            reason: reason.trim().to_owned(),
        };
        // `{"end_observation": {…}}`: the device keeps what is inside.
        let json =
            serde_json::to_value(&change).ok().and_then(|v| v.get("end_observation").cloned());
        let json = json.and_then(|v| JsonText::from_text(v.to_string()));
        let json = json.ok_or(ActionProblem::NotSaved)?;
        self.sync
            .queue(DeviceChange::EndObservation(json), new_id())
            .map_err(|_| ActionProblem::NotSaved)
    }

    /// A reason for a person not received (a leave: `from`..=`to`).
    pub fn record_reason(
        &self,
        person_id: String,
        kind: ReasonKind,
        note: String,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<(), ActionProblem> {
        let to = if kind == ReasonKind::Leave { to } else { from };
        self.act(ReportAction::RecordReason(MissingReason {
            reason_id: new_id(),
            person_id,
            from,
            to,
            kind,
            note: note.trim().to_owned(),
            recorded_by: String::new(),
            recorded_at: None,
        }))
    }

    /// Sends the person's declaration in force back, with a comment.
    pub fn send_back(
        &self,
        person_id: String,
        revision_id: String,
        comment: String,
    ) -> Result<(), ActionProblem> {
        let day = self.day.get_untracked();
        let comment = comment.trim().to_owned();
        self.act(ReportAction::SendBack {
            send_back_id: new_id(),
            person_id,
            day,
            revision_id,
            comment,
        })
    }

    /// Reminds everyone not received of the chosen scope (一键催填).
    pub fn remind(&self) -> Result<(), ActionProblem> {
        let (scope, day) = self.scope_and_day().ok_or(ActionProblem::NotSaved)?;
        self.act(ReportAction::Remind { reminder_id: new_id(), scope, day })
    }

    /// Reminds the signers of the unsigned reports within the scope.
    pub fn remind_signers(&self) -> Result<(), ActionProblem> {
        let (scope, day) = self.scope_and_day().ok_or(ActionProblem::NotSaved)?;
        self.act(ReportAction::RemindSigners { reminder_id: new_id(), scope, day })
    }

    /// Signs the report shown, exactly as shown (its `covered`).
    pub fn sign(&self) -> Result<(), ActionProblem> {
        let shown = self.shown.get_untracked().ok_or(ActionProblem::NotSaved)?;
        let report = shown.report;
        self.act(ReportAction::Sign {
            signature_id: new_id(),
            scope: report.scope,
            day: report.day,
            covered: report.covered,
        })
    }

    /// Returns a signed version of a part (a class, a department) below.
    pub fn return_report(
        &self,
        scope: Scope,
        version: u32,
        reason: String,
    ) -> Result<(), ActionProblem> {
        let day = self.day.get_untracked();
        let reason = reason.trim().to_owned();
        self.act(ReportAction::Return { return_id: new_id(), scope, day, version, reason })
    }

    /// Saves the server's CSV of what is shown (online only).
    pub fn export(&self) {
        let Some((scope, day)) = self.scope_and_day() else { return };
        let token = self.token();
        if !self.connectivity.online.get_untracked() || token.is_none() {
            self.export_problem.set(Some(ExportProblem::Offline));
            return;
        }
        let lang = match self.i18n.lang() {
            Lang::ZhCn => "zh",
            Lang::En => "en",
        };
        let this = *self;
        this.exporting.set(true);
        this.export_problem.set(None);
        spawn_local(async move {
            let file = export(&scope, day, lang, &token.unwrap_or_default()).await;
            this.exporting.set(false);
            match file {
                Ok(file) => {
                    if !download_blob(&file.name, &file.blob) {
                        this.export_problem.set(Some(ExportProblem::Failed(HttpError::Decode)));
                    }
                }
                Err(err) => this.export_problem.set(Some(ExportProblem::Failed(err))),
            }
        });
    }
}
