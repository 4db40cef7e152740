//! The visitors' online read: the registrations a department office
//! decides. Registrations and decisions go through the outbox.

use anxin_domain::visitor::{PendingVisitors, PENDING_PATH};

use super::http::{get_json_signed, HttpError};

/// The registrations of the office's department waiting for a decision.
pub async fn pending(token: &str) -> Result<PendingVisitors, HttpError> {
    get_json_signed(PENDING_PATH, token).await
}
