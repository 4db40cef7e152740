//! Signing in and out (`/api/v1/session`): a password, or a one-time code
//! that sets one. Both count against the sign-in rate limit and both are
//! audited; neither says whether an id exists.

use std::time::Instant;

use anxin_domain::account::{
    reset_notice, AccountPerson, FirstSignInRequest, SessionGrant, SessionInfo, SignInRequest,
    MAX_PASSWORD_CHARS, SESSION_MAX_DAYS,
};
use anxin_domain::contact::contacts_for;
use anxin_domain::profile::is_valid_person_id;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::{Duration, SecondsFormat, Utc};

use crate::accounts::audit::{record, Audit, AuditEvent};
use crate::accounts::passwords::{hash_password, new_password_problem, verify_password};
use crate::accounts::rate_limit::Way;
use crate::accounts::secrets::{code_hash, new_token};
use crate::caller::{Caller, ClientAddress};
use crate::error::{ApiError, Result};
use crate::store::{Account, Store};
use crate::AppState;

fn audit_for(person_id: &str, address: &str) -> Audit {
    Audit {
        actor: Some(person_id.to_owned()),
        address: Some(address.to_owned()),
        ..Audit::default()
    }
}

/// How long a sign-in waits for its turn to hash before the server says
/// it is busy.
const HASHING_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// One sign-in attempt: counted against the limits first (429 past them),
/// then `check` runs with a hashing permit, off the async threads, and
/// gives the session or `None` (a failure, audited with `failed_event`).
async fn attempt(
    state: &AppState,
    way: Way,
    person_id: String,
    address: String,
    failed_event: AuditEvent,
    failed_error: ApiError,
    check: impl FnOnce(&dyn Store) -> crate::store::Result<Option<SessionGrant>> + Send + 'static,
) -> Result<Json<SessionGrant>> {
    let started = Instant::now();
    let reached_limit = match state.sign_in_limiter.attempt(way, &person_id, &address, started) {
        Ok(reached) => reached,
        Err(wait) => return Err(ApiError::RateLimited(wait.as_secs().max(1))),
    };
    let _permit = tokio::time::timeout(HASHING_WAIT, state.hashing.acquire())
        .await
        .map_err(|_| ApiError::Unavailable)?
        .map_err(|_| ApiError::Unavailable)?;
    let (id, addr) = (person_id.clone(), address.clone());
    let granted = state
        .blocking(move |store| {
            let granted = check(store)?;
            if granted.is_none() {
                record(store, failed_event, audit_for(&id, &addr));
                if reached_limit {
                    // Once, when the limit is reached: not for every
                    // refusal after it.
                    record(store, AuditEvent::SignInLimited, audit_for(&id, &addr));
                }
            }
            Ok(granted)
        })
        .await?;
    match granted {
        Some(grant) => {
            state.sign_in_limiter.succeeded(way, &person_id, &address, started);
            Ok(Json(grant))
        }
        None => Err(failed_error),
    }
}

/// The person as their own session shows them: with whom they call about
/// their health (the domain decides who, from the roster).
fn with_contacts(
    store: &dyn Store,
    mut person: AccountPerson,
) -> crate::store::Result<AccountPerson> {
    person.contacts = contacts_for(&person, &store.contact_staff()?);
    Ok(person)
}

/// A new session for the person: the token goes to the client once, with
/// who reset the password lately if someone else did (SPEC §4).
fn open_session(store: &dyn Store, account: Account) -> crate::store::Result<SessionGrant> {
    let person = with_contacts(store, account.person)?;
    let (token, token_hash) = new_token();
    let now = Utc::now();
    let password_reset =
        account.password_reset.and_then(|r| reset_notice(&r.by, r.by_name, r.at, now));
    let expires_at = now + Duration::days(SESSION_MAX_DAYS);
    store.create_session(&token_hash, &person.id, now, expires_at)?;
    Ok(SessionGrant {
        token,
        person,
        expires_at: expires_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        password_reset,
    })
}

/// `POST /api/v1/session`
pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Json(request): Json<SignInRequest>,
) -> Result<Json<SessionGrant>> {
    let person_id = request.person_id.trim().to_owned();
    if !is_valid_person_id(&person_id) {
        return Err(ApiError::WrongCredentials);
    }
    let (id, addr) = (person_id.clone(), address.clone());
    let check = move |store: &dyn Store| {
        let account = store.account(&id)?;
        let stored = account.as_ref().and_then(|a| a.password_hash.as_deref());
        let long_enough = request.password.chars().count() <= MAX_PASSWORD_CHARS;
        // Verified even when the id is unknown (against a decoy): the same
        // time either way.
        let matches = verify_password(&request.password, stored) && long_enough;
        match account {
            Some(account) if matches && account.active => {
                record(store, AuditEvent::SignIn, audit_for(&id, &addr));
                open_session(store, account).map(Some)
            }
            _ => Ok(None),
        }
    };
    attempt(
        &state,
        Way::Password,
        person_id,
        address,
        AuditEvent::SignInFailed,
        ApiError::WrongCredentials,
        check,
    )
    .await
}

/// `POST /api/v1/session/first`: the one-time code sets the password (the
/// first time, or after it was forgotten) and signs in; every other session
/// of the person ends.
pub async fn first_sign_in(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Json(request): Json<FirstSignInRequest>,
) -> Result<Json<SessionGrant>> {
    let person_id = request.person_id.trim().to_owned();
    if !is_valid_person_id(&person_id) {
        return Err(ApiError::CodeInvalid);
    }
    // The new password's own problems first: they cost the person no code
    // and count as no attempt.
    if let Some(problem) = new_password_problem(&request.new_password) {
        return Err(ApiError::Password(problem));
    }
    let (id, addr) = (person_id.clone(), address.clone());
    let check = move |store: &dyn Store| {
        // Hashed before anything is looked up: the answer takes as long for
        // an unknown id or a wrong code as for a right one.
        let password_hash = hash_password(&request.new_password);
        let active = store.account(&id)?.is_some_and(|a| a.active);
        let (true, Some(code_hash)) = (active, code_hash(&request.code)) else {
            return Ok(None);
        };
        if !store.set_password_with_code(&id, &code_hash, &password_hash, Utc::now())? {
            return Ok(None);
        }
        record(store, AuditEvent::PasswordSet, audit_for(&id, &addr));
        // Read again: the reset just made is what the grant tells of.
        let Some(account) = store.account(&id)? else { return Ok(None) };
        open_session(store, account).map(Some)
    };
    attempt(
        &state,
        Way::Code,
        person_id,
        address,
        AuditEvent::PasswordSetFailed,
        ApiError::CodeInvalid,
        check,
    )
    .await
}

/// `GET /api/v1/session`: whose token this is.
pub async fn current(State(state): State<AppState>, caller: Caller) -> Result<Json<SessionInfo>> {
    let expires_at = caller.expires_at.to_rfc3339_opts(SecondsFormat::Secs, true);
    let person = state.blocking(move |store| with_contacts(store, caller.person)).await?;
    Ok(Json(SessionInfo { person, expires_at }))
}

/// `DELETE /api/v1/session`: the token stops working at once.
pub async fn sign_out(State(state): State<AppState>, caller: Caller) -> Result<StatusCode> {
    state
        .blocking(move |store| {
            store.revoke_session(&caller.token_hash, Utc::now())?;
            record(store, AuditEvent::SignOut, audit_for(&caller.person.id, &caller.address));
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
