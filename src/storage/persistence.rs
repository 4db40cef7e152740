//! Asking the browser to keep Anxin's storage, and how much it uses.
//!
//! Browser storage can be evicted under pressure; `persist()` asks the
//! browser not to. Chromium decides from engagement, Firefox asks the
//! person, Safari on iOS only keeps data of apps added to the home screen.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// What the browser says about this site's storage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StorageReport {
    pub persisted: bool,
    pub usage_bytes: f64,
    pub quota_bytes: f64,
}

fn manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    let has = js_sys::Reflect::has(&navigator, &JsValue::from_str("storage")).ok()?;
    has.then(|| navigator.storage())
}

async fn bool_of(promise: Result<js_sys::Promise, JsValue>) -> Option<bool> {
    JsFuture::from(promise.ok()?).await.ok()?.as_bool()
}

/// Asks for persistent storage; `None` where the browser has no such API.
/// Call it from a person's action (e.g. after their first declaration).
pub async fn request_persistence() -> Option<bool> {
    bool_of(manager()?.persist()).await
}

/// Persistence and usage, where the browser tells.
pub async fn storage_report() -> Option<StorageReport> {
    let manager = manager()?;
    let persisted = bool_of(manager.persisted()).await.unwrap_or(false);
    let estimate: web_sys::StorageEstimate =
        JsFuture::from(manager.estimate().ok()?).await.ok()?.unchecked_into();
    Some(StorageReport {
        persisted,
        usage_bytes: estimate.get_usage().unwrap_or(0.0),
        quota_bytes: estimate.get_quota().unwrap_or(0.0),
    })
}

/// "12.3 KB", "1.2 GB": sizes for people. Integer arithmetic on purpose:
/// float formatting would add kilobytes to the app.
pub fn human_bytes(bytes: f64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let bytes = if bytes.is_finite() && bytes > 0.0 { bytes as u64 } else { 0 };
    let mut unit = 0;
    let mut divisor: u64 = 1;
    while bytes / divisor >= 1024 && unit < UNITS.len() - 1 {
        divisor *= 1024;
        unit += 1;
    }
    if unit == 0 {
        return format!("{bytes} B");
    }
    let tenths = (bytes * 10 + divisor / 2) / divisor;
    format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::human_bytes;

    #[test]
    fn test_human_bytes_picks_unit() {
        assert_eq!(human_bytes(0.0), "0 B");
        assert_eq!(human_bytes(1023.0), "1023 B");
        assert_eq!(human_bytes(1536.0), "1.5 KB");
        assert_eq!(human_bytes(5.0 * 1024.0 * 1024.0 * 1024.0), "5.0 GB");
    }
}
