//! `POST /api/v1/accounts/{id}/code`: a one-time code for a person, issued
//! by an admin (anyone) or an advisor (a student of her classes); and
//! `POST /api/v1/classes/{class}/codes`: a printable list for a class.

use anxin_domain::access::{Action, Subject};
use anxin_domain::account::{ClassCode, ClassCodes, IssuedCode, CODE_VALID_MINUTES};
use anxin_domain::profile::is_valid_person_id;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{Duration, SecondsFormat, Utc};

use crate::access::authorize;
use crate::accounts::audit::{record, Audit, AuditEvent};
use crate::accounts::secrets::new_code;
use crate::caller::Caller;
use crate::error::{ApiError, Result};
use crate::AppState;

pub async fn issue_code(
    State(state): State<AppState>,
    caller: Caller,
    Path(person_id): Path<String>,
) -> Result<Json<IssuedCode>> {
    if !is_valid_person_id(&person_id) {
        return Err(ApiError::NotFound);
    }
    let id = person_id.clone();
    let account = state.blocking(move |store| store.account(&id)).await?;
    let person = account.as_ref().filter(|a| a.active).map(|a| &a.person);
    let subject = Subject::of(&person_id, person);
    authorize(&state, &caller, &Action::IssueCode(subject), "POST /api/v1/accounts/{id}/code")
        .await?;
    if person.is_none() {
        return Err(ApiError::NotFound);
    }
    let issued = state
        .blocking(move |store| {
            let issued = issue(store, &person_id, &caller.person.id)?;
            let audit = Audit {
                actor: Some(caller.person.id.clone()),
                subject: Some(person_id.clone()),
                address: Some(caller.address.clone()),
                detail: None,
            };
            record(store, AuditEvent::CodeIssued, audit);
            Ok(issued)
        })
        .await?;
    Ok(Json(issued))
}

/// `POST /api/v1/classes/{class}/codes`: a code for every member of the
/// class who has no password yet, all good for the configured hours (72 by
/// default), to print and hand out; each is audited like a single code.
pub async fn issue_class_codes(
    State(state): State<AppState>,
    caller: Caller,
    Path(class_name): Path<String>,
) -> Result<(StatusCode, Json<ClassCodes>)> {
    let action = Action::IssueClassCodes { class_name: &class_name };
    authorize(&state, &caller, &action, "POST /api/v1/classes/{class}/codes").await?;
    let hours = state.class_codes_valid_hours;
    let listed = state
        .blocking(move |store| {
            let now = Utc::now();
            let expires_at = now + Duration::hours(hours);
            let mut codes = Vec::new();
            for (person_id, name) in store.class_members_without_password(&class_name)? {
                let (code, hash) = new_code();
                store.issue_code(&person_id, &hash, &caller.person.id, now, expires_at)?;
                let audit = Audit {
                    actor: Some(caller.person.id.clone()),
                    subject: Some(person_id.clone()),
                    address: Some(caller.address.clone()),
                    detail: Some(format!("class list {class_name}")),
                };
                record(store, AuditEvent::CodeIssued, audit);
                codes.push(ClassCode { person_id, name, code });
            }
            let expires_at = expires_at.to_rfc3339_opts(SecondsFormat::Secs, true);
            Ok(ClassCodes { class_name, expires_at, codes })
        })
        .await?;
    Ok((StatusCode::OK, Json(listed)))
}

/// Makes and stores a code for `person_id`; shared with the command line.
pub fn issue(
    store: &dyn crate::store::Store,
    person_id: &str,
    issued_by: &str,
) -> crate::store::Result<IssuedCode> {
    let (code, hash) = new_code();
    let now = Utc::now();
    let expires_at = now + Duration::minutes(CODE_VALID_MINUTES);
    store.issue_code(person_id, &hash, issued_by, now, expires_at)?;
    Ok(IssuedCode {
        person_id: person_id.to_owned(),
        code,
        expires_at: expires_at.to_rfc3339_opts(SecondsFormat::Secs, true),
    })
}
