//! `POST /api/v1/sync/push` and `GET /api/v1/sync/pull`
//! (docs/sync-protocol.md). Thin: the rules are the domain's, the
//! exactly-once bookkeeping is the store's.

use anxin_domain::sync::{
    is_uuid, PullResponse, PushRequest, PushResponse, MAX_BATCH_MUTATIONS, MAX_CURSOR,
    MAX_PULL_CHANGES, PROTOCOL_VERSION,
};
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::Json;
use chrono::Utc;
use serde::Deserialize;

use anxin_domain::access::Action;

use crate::access::authorize;
use crate::caller::Caller;
use crate::error::{ApiError, Result};
use crate::passes::todays_pass;
use crate::AppState;

/// Read first, so that a client speaking another version hears so, even if
/// the rest of its request is shaped differently.
#[derive(Deserialize)]
struct VersionProbe {
    protocol_version: u32,
}

fn unreadable(err: serde_json::Error) -> ApiError {
    // Position only: serde's own message can quote the request's content.
    ApiError::BadRequest(format!(
        "the request body is not a valid push (line {}, column {})",
        err.line(),
        err.column()
    ))
}

fn check_version(version: u32) -> Result<()> {
    if version == PROTOCOL_VERSION {
        Ok(())
    } else {
        Err(ApiError::UnsupportedProtocol(version))
    }
}

pub async fn push(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> Result<Json<PushResponse>> {
    authorize(&state, &caller, &Action::Sync, "POST /api/v1/sync/push").await?;
    let probe: VersionProbe = serde_json::from_slice(&body).map_err(unreadable)?;
    check_version(probe.protocol_version)?;
    let request: PushRequest = serde_json::from_slice(&body).map_err(unreadable)?;
    if !is_uuid(&request.client_id) {
        return Err(ApiError::BadRequest("client_id must be a UUID".into()));
    }
    if request.mutations.len() > MAX_BATCH_MUTATIONS {
        return Err(ApiError::BadRequest(format!(
            "at most {MAX_BATCH_MUTATIONS} mutations per push"
        )));
    }
    if request.mutations.iter().any(|m| m.seq == 0) {
        return Err(ApiError::BadRequest("sequences start at 1".into()));
    }
    let directory = state.directory.clone();
    let results = state
        .blocking(move |store| {
            store.push(
                &caller.person,
                &request.client_id,
                &request.mutations,
                Utc::now(),
                &directory,
            )
        })
        .await?;
    if let Some(delay) = state.delay_after_commit {
        tokio::time::sleep(delay).await;
    }
    Ok(Json(PushResponse { protocol_version: PROTOCOL_VERSION, results }))
}

#[derive(Deserialize)]
pub struct PullQuery {
    protocol_version: u32,
    #[serde(default)]
    cursor: u64,
    limit: Option<usize>,
}

pub async fn pull(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<PullQuery>,
) -> Result<Json<PullResponse>> {
    authorize(&state, &caller, &Action::Sync, "GET /api/v1/sync/pull").await?;
    check_version(query.protocol_version)?;
    if query.cursor > MAX_CURSOR {
        return Err(ApiError::BadRequest(format!(
            "the cursor is beyond any this server hands out (at most {MAX_CURSOR})"
        )));
    }
    let limit = query.limit.unwrap_or(MAX_PULL_CHANGES).clamp(1, MAX_PULL_CHANGES);
    let person_id = caller.person.id.clone();
    let page = state.blocking(move |store| store.pull(&person_id, query.cursor, limit)).await?;
    let cursor = page.last_cursor.unwrap_or(query.cursor);
    // Today's pass with the last page (re-signed at every sync),
    // and the first day the server keeps after a retention purge.
    let (pass, kept_from) = if page.more {
        (None, None)
    } else {
        let directory = state.directory.clone();
        let id = caller.person.id;
        state
            .blocking(move |store| {
                Ok((todays_pass(store, &id, &directory, Utc::now())?, store.kept_from()?))
            })
            .await?
    };
    Ok(Json(PullResponse {
        protocol_version: PROTOCOL_VERSION,
        changes: page.changes.into_iter().map(|(_, change)| change).collect(),
        cursor,
        more: page.more,
        pass,
        kept_from,
    }))
}
