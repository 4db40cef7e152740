//! The Content-Security-Policy.
//!
//! Trunk bootstraps the app with one inline module script. Rather than allow
//! `'unsafe-inline'`, the server hashes the inline scripts of the built
//! `index.html` as it serves it and allows exactly those, plus `'wasm-unsafe-eval'` for
//! WebAssembly compilation.

use base64::Engine;
use sha2::{Digest, Sha256};

/// Directives shared by every response; `script-src` is added per document.
const BASE_DIRECTIVES: &str = "default-src 'self'; style-src 'self'; img-src 'self' data:; \
font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; \
object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// The policy for responses that are not the app's document: no inline
/// script at all.
pub fn base_policy() -> String {
    policy_with_hashes(&[])
}

/// The full policy for one HTML document.
pub fn policy_for_html(html: &str) -> String {
    policy_with_hashes(&inline_script_hashes(html))
}

fn policy_with_hashes(hashes: &[String]) -> String {
    let mut script_src = String::from("script-src 'self' 'wasm-unsafe-eval'");
    for hash in hashes {
        script_src.push_str(&format!(" '{hash}'"));
    }
    format!("{BASE_DIRECTIVES}; {script_src}")
}

/// `sha256-…` sources for every inline `<script>` (one without `src`).
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find("<script") {
        let after_open = &rest[open..];
        let Some(tag_end) = after_open.find('>') else { break };
        let tag = &after_open[..tag_end];
        let body_and_more = &after_open[tag_end + 1..];
        let Some(close) = body_and_more.find("</script>") else { break };
        if !tag.contains(" src=") {
            let digest = Sha256::digest(&body_and_more.as_bytes()[..close]);
            let encoded = base64::engine::general_purpose::STANDARD.encode(digest);
            hashes.push(format!("sha256-{encoded}"));
        }
        rest = &body_and_more[close + "</script>".len()..];
    }
    hashes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_inline_script_hashes_skips_external_scripts() {
        let html = r#"<script src="/a.js"></script><script type="module">import x;</script>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        // echo -n 'import x;' | openssl dgst -sha256 -binary | base64
        let expected =
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"import x;"));
        assert_eq!(hashes[0], format!("sha256-{expected}"));
    }

    #[test]
    fn test_policy_has_required_directives_and_no_unsafe_inline() {
        let policy = policy_for_html("<script>boot()</script>");
        assert!(policy.contains("'wasm-unsafe-eval'"));
        assert!(policy.contains("object-src 'none'"));
        assert!(policy.contains("base-uri 'none'"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(policy.contains("'sha256-"));
        assert!(!policy.contains("unsafe-inline"));
    }
}
