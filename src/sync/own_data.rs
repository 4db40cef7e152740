//! The person's export of what the server holds about them (Settings →
//! Privacy): online only, the server's JSON as it came, never decoded on
//! the phone (it is saved as a file).

use super::http::{fetch_text, HttpError};

pub async fn own_data_json(token: &str) -> Result<String, HttpError> {
    fetch_text("GET", "/api/v1/me/data", Some(token), None).await
}
