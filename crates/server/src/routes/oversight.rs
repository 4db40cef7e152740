//! Advisors and offices read declarations: one person's, or a class's day.

use anxin_domain::access::{Action, Subject};
use anxin_domain::oversight::{ClassDay, PersonDeclarations};
use anxin_domain::roster::Role;
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
    let id = person_id.clone();
    let account = state.blocking(move |store| store.account(&id)).await?;
    let person = account.as_ref().map(|a| &a.person);
    let subject = Subject {
        id: &person_id,
        class_name: person.map_or("", |p| p.class_name.as_str()),
        department: person.map_or("", |p| p.department.as_str()),
        is_declarant: person.is_some_and(|p| p.has(Role::Declarant)),
    };
    let action = Action::ReadDeclarationsOf(subject);
    authorize(&state, &caller, &action, "GET /api/v1/people/{id}/declarations").await?;
    let Some(name) = person.map(|p| p.name.clone()) else { return Err(ApiError::NotFound) };
    let id = person_id.clone();
    let revisions = state.blocking(move |store| store.declarations_of(&id)).await?;
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
    let class = class_name.clone();
    let department = state.blocking(move |store| store.class_department(&class)).await?;
    let action = Action::ReadClass { class_name: &class_name, department: &department };
    authorize(&state, &caller, &action, "GET /api/v1/classes/{class}/declarations").await?;
    let day = state.blocking(move |store| store.class_day(&class_name, query.day)).await?;
    Ok(Json(day))
}
