//! Authorization on the server: every handler that reads or writes a
//! person's records calls [`authorize`] with what it is about to do. The
//! rules are the domain's (`anxin_domain::access`); a refusal is a 403 and
//! a line in the audit log.

use anxin_domain::access::{allows, Action};

use crate::accounts::audit::{record, Audit, AuditEvent};
use crate::caller::Caller;
use crate::error::{ApiError, Result};
use crate::AppState;

/// `Ok` when the caller may do `action`; otherwise the refusal is audited
/// (who, what about, which endpoint) and answered 403.
pub async fn authorize(
    state: &AppState,
    caller: &Caller,
    action: &Action<'_>,
    endpoint: &'static str,
) -> Result<()> {
    if allows(&caller.person, action) {
        return Ok(());
    }
    let subject = match action {
        Action::ReadDeclarationsOf(subject)
        | Action::OpenDeclarationsOf(subject)
        | Action::IssueCode(subject) => Some(subject.id.to_owned()),
        Action::ReadClass { class_name, .. } | Action::IssueClassCodes { class_name } => {
            Some(format!("class {class_name}"))
        }
        Action::PublishPlan { counsellor_id }
        | Action::ReadAppointmentsOf { counsellor_id }
        | Action::ActOnAppointment { counsellor_id }
        | Action::ReadNote { author_id: counsellor_id } => Some(counsellor_id.to_string()),
        Action::ReadReport { scope, .. }
        | Action::SignReport { scope, .. }
        | Action::ReturnReport { scope, .. }
        | Action::RemindSigners { scope } => Some(scope.label()),
        Action::ActFor { department, class_name }
        | Action::DecideReturn { department, class_name, .. } => {
            Some(format!("{department} {class_name}"))
        }
        Action::EndObservation { department }
        | Action::ReadPendingVisitors { department }
        | Action::DecideVisitor { department } => Some(department.to_string()),
        Action::WriteOwnRecords
        | Action::ReadOwnRecords
        | Action::Sync
        | Action::ReadSchedule
        | Action::ReadGateList
        | Action::RecordAtGate
        | Action::ReadReturns
        | Action::RegisterVisitor
        | Action::ReadGateVisitors
        | Action::ReadRetention => None,
    };
    let audit = Audit {
        actor: Some(caller.person.id.clone()),
        subject,
        address: Some(caller.address.clone()),
        detail: Some(endpoint.to_owned()),
    };
    state
        .blocking(move |store| {
            record(store, AuditEvent::AccessDenied, audit);
            Ok(())
        })
        .await?;
    Err(ApiError::Forbidden)
}
