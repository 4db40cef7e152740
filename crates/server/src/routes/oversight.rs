//! Advisors and offices read declarations: one person's, or a class's day;
//! the school office opens one person's with a reason. Every read of
//! another's records is logged (`crate::staff_reads`).

use anxin_domain::access::{visibility, Action, Subject};
use anxin_domain::oversight::{ClassDay, PersonDeclarations};
use anxin_domain::privacy::staff_reads::{check_read_reason, ReadKind};
use anxin_domain::profile::{is_valid_person_id, MAX_TEXT_CHARS};
use anxin_domain::report::view::Visibility;
use anxin_domain::ErrorCode;
use axum::extract::{Path, Query, State};
use axum::Json;
use chrono::NaiveDate;
use serde::Deserialize;

use crate::access::authorize;
use crate::caller::Caller;
use crate::error::{ApiError, Result};
use crate::staff_reads::log_reads;
use crate::store::Account;
use crate::AppState;

/// The account the path's id names, if any (an id no roster could hold
/// names nobody: 404 before anything is read).
async fn account_of(state: &AppState, person_id: &str) -> Result<Option<Account>> {
    if !is_valid_person_id(person_id) {
        return Err(ApiError::NotFound);
    }
    let id = person_id.to_owned();
    state.blocking(move |store| store.account(&id)).await
}

/// `GET /api/v1/people/{id}/declarations`
pub async fn person_declarations(
    State(state): State<AppState>,
    caller: Caller,
    Path(person_id): Path<String>,
) -> Result<Json<PersonDeclarations>> {
    let account = account_of(&state, &person_id).await?;
    let person = account.as_ref().map(|a| &a.person);
    let subject = Subject::of(&person_id, person);
    let action = Action::ReadDeclarationsOf(subject);
    authorize(&state, &caller, &action, "GET /api/v1/people/{id}/declarations").await?;
    let Some(person) = person else { return Err(ApiError::NotFound) };
    // Who sees what (SPEC §2): the person and their advisor everything; a
    // department office the abnormal declarations; the school office the
    // names of the abnormal only, in the report.
    let seen = if person.id == caller.person.id {
        Visibility::Full
    } else {
        visibility(&caller.person, &person.department, &person.class_name)
    };
    if seen < Visibility::MissingAndAbnormal {
        return Err(ApiError::Forbidden);
    }
    let name = person.name.clone();
    let id = person_id.clone();
    let mut revisions = state.blocking(move |store| store.declarations_of(&id)).await?;
    if seen == Visibility::MissingAndAbnormal {
        revisions.retain(|r| r.answers.is_abnormal(&state.directory.rules));
    }
    log_reads(&state, &caller, [person_id.as_str()], ReadKind::Declarations, None).await?;
    Ok(Json(PersonDeclarations { person_id, name, revisions }))
}

#[derive(Deserialize)]
pub struct OpenRequest {
    reason: String,
}

/// `POST /api/v1/people/{id}/declarations/open` with `{"reason": …}`: the
/// school office opens a person's declarations beyond the abnormal names
/// it sees in the report, after typing why; the read is logged with the
/// reason.
pub async fn open_declarations(
    State(state): State<AppState>,
    caller: Caller,
    Path(person_id): Path<String>,
    Json(request): Json<OpenRequest>,
) -> Result<Json<PersonDeclarations>> {
    let account = account_of(&state, &person_id).await?;
    let person = account.as_ref().map(|a| &a.person);
    let action = Action::OpenDeclarationsOf(Subject::of(&person_id, person));
    authorize(&state, &caller, &action, "POST /api/v1/people/{id}/declarations/open").await?;
    let reason = check_read_reason(&request.reason)
        .map_err(|code| ApiError::Refused(code, reason_problem(code).into()))?;
    let Some(person) = person else { return Err(ApiError::NotFound) };
    let name = person.name.clone();
    let id = person_id.clone();
    let revisions = state.blocking(move |store| store.declarations_of(&id)).await?;
    let kind = ReadKind::OpenedWithReason;
    log_reads(&state, &caller, [person_id.as_str()], kind, Some(&reason)).await?;
    Ok(Json(PersonDeclarations { person_id, name, revisions }))
}

fn reason_problem(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::TextTooLong => "the reason is longer than its limit",
        _ => "type why this person's record must be opened (one line)",
    }
}

#[derive(Deserialize)]
pub struct DayQuery {
    day: NaiveDate,
}

/// `GET /api/v1/classes/{class}/declarations?day=YYYY-MM-DD`
pub async fn class_declarations(
    State(state): State<AppState>,
    caller: Caller,
    Path(class_name): Path<String>,
    Query(query): Query<DayQuery>,
) -> Result<Json<ClassDay>> {
    // As the roster could hold it: what is not, names no class (and never
    // reaches the audit log).
    let plain = !class_name.is_empty()
        && class_name.chars().count() <= MAX_TEXT_CHARS
        && !class_name.chars().any(char::is_control);
    if !plain {
        return Err(ApiError::NotFound);
    }
    let class = class_name.clone();
    let department = state.blocking(move |store| store.class_department(&class)).await?;
    let action = Action::ReadClass { class_name: &class_name, department: &department };
    authorize(&state, &caller, &action, "GET /api/v1/classes/{class}/declarations").await?;
    let seen = visibility(&caller.person, &department, &class_name);
    if seen < Visibility::MissingAndAbnormal {
        return Err(ApiError::Forbidden);
    }
    let mut day = state.blocking(move |store| store.class_day(&class_name, query.day)).await?;
    if seen == Visibility::MissingAndAbnormal {
        // A department office: the missing and the abnormal only.
        let rules = &state.directory.rules;
        day.members.retain(|m| m.current.as_ref().is_none_or(|r| r.answers.is_abnormal(rules)));
    }
    let shown = day.members.iter().map(|m| m.person_id.as_str());
    log_reads(&state, &caller, shown, ReadKind::ClassDay, None).await?;
    Ok(Json(day))
}
