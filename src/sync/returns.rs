//! The applications to return to campus waiting for the signed-in
//! advisor's or office's decision, online only. Decisions do not come
//! here: they go through the outbox like every other change.

use anxin_domain::campus_return::ReturnsToDecide;

use super::http::{get_json_signed, HttpError};

pub async fn waiting(token: &str) -> Result<ReturnsToDecide, HttpError> {
    get_json_signed("/api/v1/returns", token).await
}
