//! The built app: files from `dist/`, and `index.html` for deep links so
//! that `/counselling` opens the app on that page. The bundles of their
//! own: `/pass`, today's pass, in `dist/pass/` (not in the first load);
//! `/counsellor`, the counselling desk, in `dist/desk/`; `/reports`, the
//! staff's daily report, in `dist/reports/`; `/gate`, the guards' gate,
//! in `dist/gate/` (students' phones never download the last three).

use std::convert::Infallible;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower::{service_fn, ServiceExt};
use tower_http::services::ServeDir;

use anxin_domain::Directory;

use crate::content_security::policy_for_html;
use crate::AppState;

/// Routes for the app's files; everything not under `/api/`.
pub fn router(state: AppState) -> Router {
    let dist = state.dist.clone();
    let fallback_state = state.clone();
    let spa_fallback = service_fn(move |request: Request| {
        let state = fallback_state.clone();
        let path = request.uri().path().to_owned();
        let method = request.method().clone();
        async move { Ok::<_, Infallible>(spa_fallback(&state, &path, &method).await) }
    });
    // Trunk's post-build step writes .br and .gz beside each file.
    let files = ServeDir::new(&dist)
        .append_index_html_on_directories(false)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(spa_fallback.clone());
    // A name no file system holds is not looked for (the file system would
    // refuse it, and the refusal would be a 500).
    let files = service_fn(move |request: Request| {
        let files = files.clone();
        let spa_fallback = spa_fallback.clone();
        async move {
            if names_no_file(request.uri().path()) {
                spa_fallback.oneshot(request).await
            } else {
                files.oneshot(request).await.map(|response| response.map(Body::new))
            }
        }
    });
    Router::new()
        .route("/", get(index))
        .route("/index.html", get(index))
        .route("/pass", get(pass))
        .route("/pass/", get(pass))
        .route("/counselling", get(counselling))
        .route("/counselling/", get(counselling))
        .route("/counsellor", get(desk))
        .route("/counsellor/", get(desk))
        .route("/reports", get(reports))
        .route("/reports/", get(reports))
        .route("/gate", get(gate))
        .route("/gate/", get(gate))
        .fallback_service(files)
        .with_state(state)
}

async fn index(State(state): State<AppState>) -> Response {
    serve_index(&state).await
}

/// Today's pass and the return application, a bundle of their own (`pass.html`).
async fn pass(State(state): State<AppState>) -> Response {
    serve_html(&state, PASS_INDEX).await
}

const PASS_INDEX: &str = "pass/index.html";

/// The students' counselling booking page, a bundle of its own
/// (`counselling.html`).
async fn counselling(State(state): State<AppState>) -> Response {
    serve_html(&state, COUNSELLING_INDEX).await
}

const COUNSELLING_INDEX: &str = "counselling/index.html";

async fn desk(State(state): State<AppState>) -> Response {
    serve_html(&state, DESK_INDEX).await
}

/// The desk's page, built from `desk.html`.
const DESK_INDEX: &str = "desk/index.html";

/// The daily report's staff view, a bundle of its own (`reports.html`).
async fn reports(State(state): State<AppState>) -> Response {
    serve_html(&state, REPORTS_INDEX).await
}

const REPORTS_INDEX: &str = "reports/index.html";

/// The gate for guards, a bundle of its own (`gate.html`).
async fn gate(State(state): State<AppState>) -> Response {
    serve_html(&state, GATE_INDEX).await
}

const GATE_INDEX: &str = "gate/index.html";

/// The longest name of one file or folder on the file systems the build is
/// served from (`NAME_MAX`).
const LONGEST_NAME: usize = 255;

/// Whether `path` has a segment longer than any file's name: no file of
/// the build, and not to be asked of the file system.
fn names_no_file(path: &str) -> bool {
    path.split('/').any(|segment| segment.len() > LONGEST_NAME)
}

/// A path with a file extension that is not in `dist` is a missing file;
/// anything else is a page of the app.
async fn spa_fallback(state: &AppState, path: &str, method: &Method) -> Response {
    let last = path.rsplit('/').next().unwrap_or("");
    let is_page = !last.contains('.');
    let is_read = method == Method::GET || method == Method::HEAD;
    if is_page && is_read {
        serve_index(state).await
    } else if !is_read {
        StatusCode::METHOD_NOT_ALLOWED.into_response()
    } else {
        StatusCode::NOT_FOUND.into_response()
    }
}

async fn serve_index(state: &AppState) -> Response {
    serve_html(state, "index.html").await
}

/// A page of the build (`index.html`, the desk's) with this school's hotline
/// numbers in its static shell, and a policy that allows exactly its inline
/// scripts. Read on each request so that a new build is picked up without a
/// restart.
async fn serve_html(state: &AppState, file: &str) -> Response {
    match tokio::fs::read_to_string(state.dist.join(file)).await {
        Ok(html) => {
            let html = with_shell_hotlines(&html, &state.directory);
            let mut response = Response::new(Body::from(html.clone()));
            let headers = response.headers_mut();
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
            if let Ok(policy) = HeaderValue::from_str(&policy_for_html(&html)) {
                headers.insert(CONTENT_SECURITY_POLICY, policy);
            }
            response
        }
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(CONTENT_TYPE, "text/plain; charset=utf-8")],
            "The app is not built yet: run `make run`.\n",
        )
            .into_response(),
    }
}

/// Replaces the items of the shell's `<ul id="shell-hotlines">` (up to its
/// `</ul>` last before the bar's `</nav>`: "more" nests a list) with the
/// directory's numbers, as the app's bar shows them: the school's line and
/// 120, the rest behind "more" (the build ships only the national ones).
pub fn with_shell_hotlines(html: &str, directory: &Directory) -> String {
    let Some(marker) = html.find("shell-hotlines") else { return html.to_owned() };
    let Some(open_end) = html[marker..].find('>').map(|i| marker + i + 1) else {
        return html.to_owned();
    };
    let Some(nav_end) = html[open_end..].find("</nav>").map(|i| open_end + i) else {
        return html.to_owned();
    };
    let Some(close) = html[open_end..nav_end].rfind("</ul>").map(|i| open_end + i) else {
        return html.to_owned();
    };
    let items = |lines: Vec<anxin_domain::Hotline>| -> String {
        lines
            .iter()
            .filter(|line| line.is_dialable())
            .map(|line| {
                format!(
                    "<li><a class=\"hotline\" href=\"{}\"><span class=\"hotline-label\">{}</span>\
                     <span class=\"hotline-number\">{}</span></a></li>",
                    line.tel_uri(),
                    line.kind.bilingual_label(),
                    line.number
                )
            })
            .collect()
    };
    let (shown, more) = directory.bar_split();
    format!(
        "{}{}<li class=\"hotline-more\"><details><summary>更多 More</summary><ul>{}</ul></details></li>{}",
        &html[..open_end],
        items(shown),
        items(more),
        &html[close..]
    )
}

#[cfg(test)]
mod tests {
    use anxin_domain::{Hotline, HotlineKind};

    use super::*;

    #[test]
    fn test_with_shell_hotlines_puts_configured_numbers_in_the_list() {
        let html = "<body><nav><ul id=shell-hotlines><li>old</li><li class=hotline-more>\
                    <details><ul><li>old too</li></ul></details></li></ul></nav><p>rest</p></body>";
        let directory = Directory {
            hotlines: vec![Hotline::new(HotlineKind::School, "0898-1234 5678")],
            ..Directory::default()
        };
        let out = with_shell_hotlines(html, &directory);
        let more = out.find("hotline-more").unwrap();
        let at = |number: &str| out.find(&format!("href=\"tel:{number}\"")).unwrap();
        assert!(at("089812345678") < more && at("120") < more, "{out}");
        assert!(at("12356") > more && at("110") > more, "{out}");
        assert!(!out.contains("old"), "{out}");
        assert!(out.ends_with("</details></li></ul></nav><p>rest</p></body>"), "{out}");
    }

    #[test]
    fn test_a_segment_longer_than_a_file_name_names_no_file() {
        assert!(!names_no_file(&format!("/assets/{}.js", "a".repeat(252))));
        assert!(names_no_file(&format!("/assets/{}.js", "a".repeat(253))));
        assert!(names_no_file(&format!("/{}", "%E5".repeat(90))));
    }

    #[test]
    fn test_with_shell_hotlines_leaves_other_pages_alone() {
        let html = "<body><ul><li>x</li></ul></body>";
        assert_eq!(with_shell_hotlines(html, &Directory::default()), html);
    }
}
