//! Advisors and offices read declarations: one person's, or a class's day.

use anxin_domain::access::{visibility, Action, Subject};
use anxin_domain::oversight::{ClassDay, PersonDeclarations};
use anxin_domain::profile::{is_valid_person_id, MAX_TEXT_CHARS};
use anxin_domain::report::view::Visibility;
use axum::extract::{Path, Query, State};
use axum::Json;
use chrono::NaiveDate;
use serde::Deserialize;

use crate::access::authorize;
use crate::caller::Caller;
use crate::error::{ApiError, Result};
use crate::AppState;

/// `GET /api/v1/people/{id}/declarations`
pub async fn person_declarations(
    State(state): State<AppState>,
    caller: Caller,
    Path(person_id): Path<String>,
) -> Result<Json<PersonDeclarations>> {
    if !is_valid_person_id(&person_id) {
        return Err(ApiError::NotFound);
    }
    let id = person_id.clone();
    let account = state.blocking(move |store| store.account(&id)).await?;
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
    Ok(Json(PersonDeclarations { person_id, name, revisions }))
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
    Ok(Json(day))
}
