//! What the next retention purge will remove, for the school office
//! (SPEC §7), online only: counts, never a record.

use anxin_domain::privacy::purge::NextPurge;

use super::http::{get_json_signed, HttpError};

pub async fn next_purge(token: &str) -> Result<NextPurge, HttpError> {
    get_json_signed("/api/v1/retention/next", token).await
}
