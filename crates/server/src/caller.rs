//! Who is asking: the one place every handler learns the person behind a
//! request, from the session token in `Authorization: Bearer …`, and the
//! address the request came from.

use std::net::SocketAddr;

use anxin_domain::account::AccountPerson;
use axum::extract::{ConnectInfo, FromRequestParts, MatchedPath};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use chrono::{DateTime, Utc};

use crate::accounts::audit::{record, Audit, AuditEvent};
use crate::accounts::secrets::secret_hash;
use crate::error::ApiError;
use crate::AppState;

/// The signed-in person a request is made by.
#[derive(Debug, Clone)]
pub struct Caller {
    pub person: AccountPerson,
    /// The hash of the token used (to sign this session out).
    pub token_hash: String,
    pub expires_at: DateTime<Utc>,
    pub address: String,
}

impl Caller {
    pub fn person_id(&self) -> &str {
        &self.person.id
    }
}

/// The bearer token of a request, if it has one.
fn bearer_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() && token.len() <= 128)
        .then_some(token)
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let address = ClientAddress::from_request_parts(parts, state).await?.0;
        let Some(token) = bearer_token(parts) else {
            return Err(refused(state, parts, address, false).await);
        };
        let token_hash = secret_hash(token);
        let hash = token_hash.clone();
        let session = state
            .blocking(move |store| {
                let now = Utc::now();
                match store.session(&hash, now)? {
                    Some(session) => Ok(Ok(session)),
                    None => Ok(Err(store.session_ended_by_reset(&hash, now)?)),
                }
            })
            .await?;
        let session = match session {
            Ok(session) => session,
            Err(by_reset) => return Err(refused(state, parts, address, by_reset).await),
        };
        Ok(Caller { person: session.person, token_hash, expires_at: session.expires_at, address })
    }
}

/// Audits a request refused for want of a live session (up to the cap
/// per address and minute), by the route it asked for (its template: no
/// ids, and bounded), and answers 401: saying so when the session ended
/// because someone else reset the password (`by_reset`).
async fn refused(state: &AppState, parts: &Parts, address: String, by_reset: bool) -> ApiError {
    let minute = Utc::now().timestamp().div_euclid(60);
    if state.refusal_audits.admits(&address, minute) {
        let route = parts.extensions.get::<MatchedPath>().map_or("(no route)", MatchedPath::as_str);
        let audit = Audit {
            address: Some(address),
            detail: Some(format!("{} {route}", parts.method)),
            ..Audit::default()
        };
        // A failure to write is logged by `record`; the answer is the same.
        let _ = state
            .blocking(move |store| {
                record(store, AuditEvent::Unauthenticated, audit);
                Ok(())
            })
            .await;
    }
    if by_reset {
        ApiError::PasswordReset
    } else {
        ApiError::Unauthenticated
    }
}

/// The address a request came from: the peer, or, behind the school's
/// reverse proxy (`--trust-forwarded-for`), the last `X-Forwarded-For` hop
/// the proxy added.
pub struct ClientAddress(pub String);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if state.trust_forwarded_for {
            let forwarded = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .map(str::trim)
                .rfind(|hop| !hop.is_empty());
            if let Some(hop) = forwarded {
                return Ok(ClientAddress(hop.chars().take(64).collect()));
            }
        }
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
        Ok(ClientAddress(peer.unwrap_or_else(|| "unknown".into())))
    }
}
