//! The server's HTTP surface over real HTTP on 127.0.0.1.

mod support;

use anxin_domain::{Directory, ErrorBody, HotlineKind};
use reqwest::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use reqwest::StatusCode;
use support::TestServer;

fn header(response: &reqwest::Response, name: impl reqwest::header::AsHeaderName) -> String {
    response.headers().get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}

#[tokio::test]
async fn test_health_answers_ok_with_schema_version() {
    let server = TestServer::start().await;
    let response = reqwest::get(server.url("/api/health")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, CACHE_CONTROL), "no-store");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert!(body["schema_version"].as_u64().unwrap() >= 1);
    if !support::database::on_postgres() {
        assert!(server.data_dir.path().join("anxin.sqlite3").is_file());
    }
}

#[tokio::test]
async fn test_directory_returns_defaults_with_version() {
    let server = TestServer::start().await;
    let response = reqwest::get(server.url("/api/v1/directory")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(header(&response, CONTENT_TYPE).starts_with("application/json"));
    let directory: Directory = response.json().await.unwrap();
    assert_eq!(directory.app_version, env!("CARGO_PKG_VERSION"));
    assert_eq!(directory.rules.fever_from_tenths_c, 373);
    assert_eq!(directory.cancellation_notice_minutes, 120);
    assert_eq!(directory.hotline(HotlineKind::National).unwrap().number, "12356");
}

#[tokio::test]
async fn test_directory_reads_config_file() {
    let config_dir = tempfile::tempdir().unwrap();
    let path = config_dir.path().join("directory.toml");
    std::fs::write(
        &path,
        r#"
cancellation_notice_minutes = 180
reminder_time = "09:30:00"

[[hotlines]]
kind = "school"
number = "0898-1234 5678"

[[hotlines]]
kind = "national"
number = "12356"

[rules]
fever_from_tenths_c = 375
"#,
    )
    .unwrap();
    let server = TestServer::start_with(|c| c.directory = Some(path)).await;
    let directory: Directory =
        reqwest::get(server.url("/api/v1/directory")).await.unwrap().json().await.unwrap();
    assert_eq!(directory.cancellation_notice_minutes, 180);
    assert_eq!(directory.rules.fever_from_tenths_c, 375);
    assert_eq!(directory.hotline(HotlineKind::School).unwrap().number, "0898-1234 5678");
    assert_eq!(directory.reminder_time.to_string(), "09:30:00");

    // The page shown before the app loads carries the same numbers.
    let page = reqwest::get(server.url("/counselling")).await.unwrap().text().await.unwrap();
    assert!(page.contains(r#"href="tel:089812345678""#), "{page}");
    assert!(page.contains(r#"href="tel:120""#) && page.contains(r#"href="tel:110""#));
}

#[tokio::test]
async fn test_wasm_is_served_as_application_wasm_and_cached() {
    let server = TestServer::start().await;
    let response = reqwest::get(server.url("/anxin-0123456789abcdef_bg.wasm")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, CONTENT_TYPE), "application/wasm");
    assert_eq!(header(&response, CACHE_CONTROL), "public, max-age=31536000, immutable");
    assert_eq!(header(&response, "x-content-type-options"), "nosniff");
}

#[tokio::test]
async fn test_deep_link_falls_back_to_index_html() {
    let server = TestServer::start().await;
    for path in ["/", "/history", "/reports/today", "/settings"] {
        let response = reqwest::get(server.url(path)).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(header(&response, CONTENT_TYPE).starts_with("text/html"), "{path}");
        assert_eq!(header(&response, CACHE_CONTROL), "no-cache", "{path}");
        assert!(response.text().await.unwrap().contains("安心 Anxin"), "{path}");
    }
}

#[tokio::test]
async fn test_each_bundle_of_its_own_is_served_at_its_page_with_its_own_policy() {
    let server = TestServer::start().await;
    for (page, dir, bin) in support::BUNDLES {
        for path in [format!("/{page}"), format!("/{page}/")] {
            let response = reqwest::get(server.url(&path)).await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            assert_eq!(header(&response, CACHE_CONTROL), "no-cache", "{path}");
            let csp = header(&response, CONTENT_SECURITY_POLICY);
            let html = support::bundle_html(dir, bin);
            let hash = anxin_server::content_security::inline_script_hashes(&html).remove(0);
            assert!(csp.contains(&format!("'{hash}'")), "{path}: {csp}");
            let body = response.text().await.unwrap();
            assert!(body.contains(&format!("/{dir}/{bin}-0123456789abcdef.js")), "{body}");
            assert!(body.contains(r#"href="tel:12356""#), "the hotlines are filled in: {body}");
        }
        // Its files are under /<dir>/; the app's other pages are the app.
        let wasm = reqwest::get(server.url(&format!("/{dir}/{bin}-0123456789abcdef_bg.wasm")))
            .await
            .unwrap();
        assert_eq!(header(&wasm, CONTENT_TYPE), "application/wasm", "{bin}");
    }
    let app = reqwest::get(server.url("/history")).await.unwrap().text().await.unwrap();
    for (_, _, bin) in support::BUNDLES {
        assert!(!app.contains(bin), "{bin}: {app}");
    }
}

#[tokio::test]
async fn test_missing_asset_is_404_not_index() {
    let server = TestServer::start().await;
    let response = reqwest::get(server.url("/anxin-ffffffffffffffff.js")).await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

/// A name longer than any file system allows is never asked of it (it
/// would refuse with ENAMETOOLONG, answered as an empty 500): a page of
/// the app, or a missing file.
#[tokio::test]
async fn test_a_path_segment_longer_than_a_file_name_is_the_app_or_404_not_500() {
    let server = TestServer::start().await;
    let long = "x".repeat(300);
    let page = reqwest::get(server.url(&format!("/{long}"))).await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("安心 Anxin"));
    for path in [format!("/{long}.js"), format!("/assets/{long}/a.css")] {
        let response = reqwest::get(server.url(&path)).await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn test_index_csp_hashes_bootstrap_and_forbids_inline() {
    let server = TestServer::start().await;
    let response = reqwest::get(server.url("/history")).await.unwrap();
    let csp = header(&response, CONTENT_SECURITY_POLICY);
    let expected_hash =
        anxin_server::content_security::inline_script_hashes(support::INDEX_HTML).remove(0);
    assert!(csp.contains(&format!("'{expected_hash}'")), "{csp}");
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    assert!(csp.contains("object-src 'none'"), "{csp}");
    assert!(csp.contains("base-uri 'none'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(!header(&response, "referrer-policy").is_empty());
}

#[tokio::test]
async fn test_every_response_has_security_headers() {
    let server = TestServer::start().await;
    for path in ["/api/health", "/api/nope", "/anxin-0123456789abcdef.js", "/missing.png"] {
        let response = reqwest::get(server.url(path)).await.unwrap();
        let csp = header(&response, CONTENT_SECURITY_POLICY);
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert_eq!(header(&response, "x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header(&response, "referrer-policy"), "no-referrer", "{path}");
    }
}

async fn expect_json_error(response: reqwest::Response, status: StatusCode, code: &str) {
    assert_eq!(response.status(), status);
    assert!(header(&response, CONTENT_TYPE).starts_with("application/json"));
    assert_eq!(header(&response, CACHE_CONTROL), "no-store");
    let body: ErrorBody = response.json().await.unwrap();
    assert_eq!(body.error.code, code);
    assert!(!body.error.message.is_empty());
}

#[tokio::test]
async fn test_unknown_api_path_is_404_json() {
    let server = TestServer::start().await;
    let response = reqwest::get(server.url("/api/v1/no-such-thing")).await.unwrap();
    expect_json_error(response, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn test_wrong_method_is_405_json_with_allow() {
    let server = TestServer::start().await;
    let client = reqwest::Client::new();
    let response = client.post(server.url("/api/v1/directory")).body("{").send().await.unwrap();
    assert!(header(&response, "allow").contains("GET"));
    expect_json_error(response, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
}

#[tokio::test]
async fn test_body_over_limit_is_413_json() {
    let server = TestServer::start().await;
    let client = reqwest::Client::new();
    let body = vec![b'x'; anxin_server::app::MAX_BODY_BYTES + 1];
    let response = client.post(server.url("/api/v1/directory")).body(body).send().await.unwrap();
    expect_json_error(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
}

#[tokio::test]
async fn test_malformed_request_line_is_4xx() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let server = TestServer::start().await;
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(b"GET /api/health HTTP/1.1\r\nHost: \xff\xfe\r\nContent-Length: x\r\n\r\n")
        .await
        .unwrap();
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).await.unwrap();
    let reply = String::from_utf8_lossy(&reply);
    assert!(reply.starts_with("HTTP/1.1 400"), "{reply}");
}

#[tokio::test]
async fn test_new_build_is_served_without_restart_with_its_own_hash() {
    let server = TestServer::start().await;
    let before = reqwest::get(server.url("/")).await.unwrap();
    let old_csp = header(&before, CONTENT_SECURITY_POLICY);

    let new_index = support::INDEX_HTML.replace("await init();", "await init(); /* v2 */");
    std::fs::write(server.dist_dir.path().join("index.html"), &new_index).unwrap();

    let after = reqwest::get(server.url("/settings")).await.unwrap();
    let new_csp = header(&after, CONTENT_SECURITY_POLICY);
    assert_ne!(old_csp, new_csp);
    let hash = anxin_server::content_security::inline_script_hashes(&new_index).remove(0);
    assert!(new_csp.contains(&hash));
    assert!(after.text().await.unwrap().contains("/* v2 */"));
}

#[tokio::test]
async fn test_precompressed_brotli_is_sent_to_browsers_that_accept_it() {
    let server = TestServer::start().await;
    let client = reqwest::Client::new();
    let path = server.url("/anxin-0123456789abcdef.js");
    let br = client.get(&path).header("accept-encoding", "br, gzip").send().await.unwrap();
    assert_eq!(header(&br, "content-encoding"), "br");
    assert!(header(&br, CONTENT_TYPE).contains("javascript"));
    assert_eq!(br.bytes().await.unwrap().as_ref(), b"BROTLI");

    let plain = client.get(&path).send().await.unwrap();
    assert_eq!(header(&plain, "content-encoding"), "");
    assert_eq!(plain.text().await.unwrap(), "export default function(){}");
}
