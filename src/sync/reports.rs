//! The daily report's reads (SPEC §2), online only: a scope's report of a
//! day, its 14-day trend, and the CSV file the server makes. Each carries
//! the session's token. Advisors' and offices' actions do not come here:
//! they go through the outbox like every other change.

use anxin_domain::report::{Report, Scope, TrendDay};
use chrono::NaiveDate;

use super::http::{fetch_blob, get_json_signed, HttpError};

const BASE: &str = "/api/v1/reports";

/// `scope=class&name=…`, `scope=department&name=…` or `scope=school`.
fn scope_query(scope: &Scope) -> String {
    match scope {
        Scope::School => "scope=school".to_owned(),
        other => {
            let name: String = js_sys::encode_uri_component(other.name()).into();
            format!("scope={}&name={name}", other.level().as_str())
        }
    }
}

/// The report of `scope` on `day`, as the asker may see it.
pub async fn report(scope: &Scope, day: NaiveDate, token: &str) -> Result<Report, HttpError> {
    get_json_signed(&format!("{BASE}?{}&day={day}", scope_query(scope)), token).await
}

/// The 14 days up to `to`, oldest first.
pub async fn trend(scope: &Scope, to: NaiveDate, token: &str) -> Result<Vec<TrendDay>, HttpError> {
    get_json_signed(&format!("{BASE}/trend?{}&to={to}", scope_query(scope)), token).await
}

/// A CSV file from the server, and the name it gave it.
pub struct CsvFile {
    pub blob: web_sys::Blob,
    pub name: String,
}

/// The CSV of what the asker sees of `scope` on `day`, headers in `lang`
/// (`zh` or `en`). The bytes are kept as sent (the BOM Excel needs
/// included).
pub async fn export(
    scope: &Scope,
    day: NaiveDate,
    lang: &str,
    token: &str,
) -> Result<CsvFile, HttpError> {
    let path = format!("{BASE}/export?{}&day={day}&lang={lang}", scope_query(scope));
    let (blob, disposition) = fetch_blob(&path, token, "text/csv").await?;
    let name = disposition
        .as_deref()
        .and_then(file_name)
        .unwrap_or_else(|| format!("anxin-{}-{day}.csv", scope.label()));
    Ok(CsvFile { blob, name })
}

/// The file name of a `Content-Disposition` header: `filename*` (RFC 5987,
/// UTF-8) first, else `filename`.
fn file_name(header: &str) -> Option<String> {
    let mut plain = None;
    for part in header.split(';').map(str::trim) {
        if let Some(encoded) = part.strip_prefix("filename*=") {
            let value = encoded.trim_matches('"');
            let value = value.split_once("''").map_or(value, |(_, v)| v);
            if let Ok(decoded) = js_sys::decode_uri_component(value) {
                return Some(String::from(decoded)).filter(|n| !n.is_empty());
            }
        } else if let Some(name) = part.strip_prefix("filename=") {
            plain = Some(name.trim_matches('"').to_owned()).filter(|n| !n.is_empty());
        }
    }
    plain
}

/// The school office opens `person_id`'s declarations beyond the abnormal
/// names of its report, with the reason it typed (logged with the read).
pub async fn open_declarations(
    person_id: &str,
    reason: &str,
    token: &str,
) -> Result<anxin_domain::oversight::PersonDeclarations, HttpError> {
    let id: String = js_sys::encode_uri_component(person_id).into();
    let body = serde_json::json!({ "reason": reason });
    super::http::post_json(&format!("/api/v1/people/{id}/declarations/open"), Some(token), &body)
        .await
}
