//! Who is asking: the one place every handler learns the person behind a
//! request.
//!
//! Until accounts exist, the app sends its local profile's id in the
//! `X-Anxin-Person` header. The accounts work replaces this extractor with
//! one that checks a session token; the handlers do not change.

use anxin_domain::profile::is_valid_person_id;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::error::ApiError;

/// The header carrying the person id (until sessions exist).
pub const PERSON_HEADER: &str = "x-anxin-person";

/// The person a request is made for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub person_id: String,
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let person_id = parts
            .headers
            .get(PERSON_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|id| is_valid_person_id(id))
            .ok_or(ApiError::Unauthenticated)?;
        Ok(Caller { person_id: person_id.to_owned() })
    }
}
