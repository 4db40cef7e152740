//! Signing in and out (`/api/v1/session`): a password, or a one-time code
//! that sets one. Both count against the sign-in rate limit and both are
//! audited; neither says whether an id exists.

use std::time::Instant;

use anxin_domain::account::{
    FirstSignInRequest, SessionGrant, SessionInfo, SignInRequest, MAX_PASSWORD_CHARS,
    SESSION_MAX_DAYS,
};
use anxin_domain::profile::is_valid_person_id;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::{Duration, SecondsFormat, Utc};

use crate::accounts::audit::{record, Audit, AuditEvent};
use crate::accounts::passwords::{hash_password, new_password_problem, verify_password};
use crate::accounts::secrets::{code_hash, new_token};
use crate::caller::{Caller, ClientAddress};
use crate::error::{ApiError, Result};
use crate::store::Store;
use crate::AppState;

fn audit_for(person_id: &str, address: &str) -> Audit {
    Audit {
        actor: Some(person_id.to_owned()),
        address: Some(address.to_owned()),
        ..Audit::default()
    }
}

/// Refuses (429, audited) while the id or the address is over its limit.
async fn check_limit(state: &AppState, person_id: &str, address: &str) -> Result<()> {
    let Err(wait) = state.sign_in_limiter.check(person_id, address, Instant::now()) else {
        return Ok(());
    };
    let audit = audit_for(person_id, address);
    state
        .blocking(move |store| {
            record(store, AuditEvent::SignInLimited, audit);
            Ok(())
        })
        .await?;
    Err(ApiError::RateLimited(wait.as_secs().max(1)))
}

/// A new session for the person: the token goes to the client once.
fn open_session(
    store: &dyn Store,
    person: anxin_domain::account::AccountPerson,
) -> crate::store::Result<SessionGrant> {
    let (token, token_hash) = new_token();
    let now = Utc::now();
    let expires_at = now + Duration::days(SESSION_MAX_DAYS);
    store.create_session(&token_hash, &person.id, now, expires_at)?;
    Ok(SessionGrant {
        token,
        person,
        expires_at: expires_at.to_rfc3339_opts(SecondsFormat::Secs, true),
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
    check_limit(&state, &person_id, &address).await?;
    let (id, addr) = (person_id.clone(), address.clone());
    let granted = state
        .blocking(move |store| {
            let account = store.account(&id)?;
            let stored = account.as_ref().and_then(|a| a.password_hash.as_deref());
            let long_enough = request.password.chars().count() <= MAX_PASSWORD_CHARS;
            let matches = long_enough && verify_password(&request.password, stored);
            match account {
                Some(account) if matches && account.active => {
                    record(store, AuditEvent::SignIn, audit_for(&id, &addr));
                    open_session(store, account.person).map(Some)
                }
                _ => {
                    record(store, AuditEvent::SignInFailed, audit_for(&id, &addr));
                    Ok(None)
                }
            }
        })
        .await?;
    match granted {
        Some(grant) => {
            state.sign_in_limiter.succeeded(&person_id);
            Ok(Json(grant))
        }
        None => {
            state.sign_in_limiter.failed(&person_id, &address, Instant::now());
            Err(ApiError::WrongCredentials)
        }
    }
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
    check_limit(&state, &person_id, &address).await?;
    // The new password's own problems first: they cost the person no code.
    if let Some(problem) = new_password_problem(&request.new_password) {
        return Err(ApiError::Password(problem));
    }
    let (id, addr) = (person_id.clone(), address.clone());
    let granted = state
        .blocking(move |store| {
            let account = store.account(&id)?.filter(|a| a.active);
            let (Some(account), Some(code_hash)) = (account, code_hash(&request.code)) else {
                record(store, AuditEvent::PasswordSetFailed, audit_for(&id, &addr));
                return Ok(None);
            };
            let password_hash = hash_password(&request.new_password);
            if !store.set_password_with_code(&id, &code_hash, &password_hash, Utc::now())? {
                record(store, AuditEvent::PasswordSetFailed, audit_for(&id, &addr));
                return Ok(None);
            }
            record(store, AuditEvent::PasswordSet, audit_for(&id, &addr));
            open_session(store, account.person).map(Some)
        })
        .await?;
    match granted {
        Some(grant) => {
            state.sign_in_limiter.succeeded(&person_id);
            Ok(Json(grant))
        }
        None => {
            state.sign_in_limiter.failed(&person_id, &address, Instant::now());
            Err(ApiError::CodeInvalid)
        }
    }
}

/// `GET /api/v1/session`: whose token this is.
pub async fn current(caller: Caller) -> Json<SessionInfo> {
    Json(SessionInfo {
        person: caller.person,
        expires_at: caller.expires_at.to_rfc3339_opts(SecondsFormat::Secs, true),
    })
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
