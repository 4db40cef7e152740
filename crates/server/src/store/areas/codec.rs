//! How values become stored text and back, the same in every table and on
//! either engine.

use chrono::{DateTime, SecondsFormat, Utc};

use crate::store::{Result, StoreError};

/// RFC 3339 in UTC with milliseconds: sorts as text in time order.
pub(in crate::store) fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(in crate::store) fn parse_timestamp(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| StoreError::Corrupt("a stored time could not be read".into()))
}

// Errors name the kind of failure only: serde's message can quote the
// record, and store errors are logged.
pub(in crate::store) fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|_| StoreError::Corrupt("a record could not be encoded".into()))
}

pub(in crate::store) fn parse_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text)
        .map_err(|_| StoreError::Corrupt("a stored record could not be decoded".into()))
}

/// The `N` text columns of a row from column `from` on.
pub(in crate::store) fn texts<const N: usize>(
    row: &crate::store::sql::Row,
    from: usize,
) -> Result<[String; N]> {
    let mut out: [String; N] = std::array::from_fn(|_| String::new());
    for (i, cell) in out.iter_mut().enumerate() {
        *cell = row.get(from + i)?;
    }
    Ok(out)
}
