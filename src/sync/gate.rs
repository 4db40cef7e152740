//! The gate's read, online only: today's gate list, every part of it,
//! with the session's token. Guards' records do not come here: they go
//! through the outbox like every other change.

use anxin_domain::gate::GateListPart;
use anxin_domain::visitor::GateVisitorList;
use chrono::NaiveDate;

use super::http::{get_json_signed, HttpError};

const LIST: &str = "/api/v1/gate/list";

/// The approved visitors of `day`.
pub async fn gate_visitors(day: NaiveDate, token: &str) -> Result<GateVisitorList, HttpError> {
    get_json_signed(&format!("/api/v1/gate/visitors?day={day}"), token).await
}

/// Every part of today's gate list, in order.
pub async fn gate_list(token: &str) -> Result<Vec<GateListPart>, HttpError> {
    let first: GateListPart = get_json_signed(&format!("{LIST}?part=0"), token).await?;
    let mut parts = Vec::with_capacity(first.parts as usize);
    let count = first.parts;
    parts.push(first);
    for part in 1..count {
        parts.push(get_json_signed(&format!("{LIST}?part={part}"), token).await?);
    }
    Ok(parts)
}
