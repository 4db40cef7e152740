//! Security headers on every response, and caching rules by kind of file.

use axum::extract::Request;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

use crate::content_security::base_policy;

pub async fn security_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if !headers.contains_key(CONTENT_SECURITY_POLICY) {
        if let Ok(value) = HeaderValue::from_str(&base_policy()) {
            headers.insert(CONTENT_SECURITY_POLICY, value);
        }
    }
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert("permissions-policy", HeaderValue::from_static(permissions_for(&path)));
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    let cache = cache_control_for(&path);
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// No page may use the camera, microphone, location or payments, except
/// the gate's, which reads passes with the camera (of this origin only).
pub fn permissions_for(path: &str) -> &'static str {
    if path == "/gate" || path == "/gate/" {
        "camera=(self), microphone=(), geolocation=(), payment=()"
    } else {
        "camera=(), microphone=(), geolocation=(), payment=()"
    }
}

/// `/api/` is never cached (personal data); Trunk's content-hashed files
/// never change and are cached for a year; everything else is revalidated.
pub fn cache_control_for(path: &str) -> &'static str {
    if path.starts_with("/api/") || path == "/api" {
        "no-store"
    } else if is_content_hashed(path) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

/// Trunk names built files `name-<hash>.ext` (or `_bg.wasm`), the hash in
/// hex without leading zeros: up to 16 digits, fewer than 12 in one build of
/// 65,536, so shorter words such as `-add` are never taken for a hash.
fn is_content_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((_, hash)) => {
            (12..=16).contains(&hash.len()) && hash.chars().all(|c| c.is_ascii_hexdigit())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_only_the_gate_page_may_use_the_camera() {
        assert!(permissions_for("/gate").starts_with("camera=(self),"));
        assert!(permissions_for("/gate/").starts_with("camera=(self),"));
        for path in ["/", "/pass", "/reports", "/gate/anxin-gate-0123456789abcdef.js", "/gatex"] {
            assert!(permissions_for(path).starts_with("camera=(),"), "{path}");
        }
    }

    #[test]
    fn test_cache_control_by_path() {
        assert_eq!(cache_control_for("/api/v1/directory"), "no-store");
        assert_eq!(
            cache_control_for("/anxin-0123456789abcdef_bg.wasm"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            cache_control_for("/anxin-0123456789abcdef.js"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(cache_control_for("/index.html"), "no-cache");
        assert_eq!(cache_control_for("/counselling"), "no-cache");
        assert_eq!(cache_control_for("/icon-192.png"), "no-cache");
        assert_eq!(
            cache_control_for("/anxin-123456789abcdef.js"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(cache_control_for("/icons/icon-add.svg"), "no-cache");
    }
}
