//! The built app: files from `dist/`, and `index.html` for deep links so
//! that `/counselling` opens the app on that page.

use std::convert::Infallible;
use std::path::Path;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower::service_fn;
use tower_http::services::ServeDir;

use crate::content_security::policy_for_html;
use crate::AppState;

/// Routes for the app's files; everything not under `/api/`.
pub fn router(state: AppState) -> Router {
    let dist = state.dist.clone();
    let fallback_dist = dist.clone();
    let spa_fallback = service_fn(move |request: Request| {
        let dist = fallback_dist.clone();
        let path = request.uri().path().to_owned();
        let method = request.method().clone();
        async move { Ok::<_, Infallible>(spa_fallback(&dist, &path, &method).await) }
    });
    // Trunk's post-build step writes .br and .gz beside each file.
    let files = ServeDir::new(&dist)
        .append_index_html_on_directories(false)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(spa_fallback);
    Router::new()
        .route("/", get(index))
        .route("/index.html", get(index))
        .fallback_service(files)
        .with_state(state)
}

async fn index(State(state): State<AppState>) -> Response {
    serve_index(&state.dist).await
}

/// A path with a file extension that is not in `dist` is a missing file;
/// anything else is a page of the app.
async fn spa_fallback(dist: &Path, path: &str, method: &Method) -> Response {
    let last = path.rsplit('/').next().unwrap_or("");
    let is_page = !last.contains('.');
    let is_read = method == Method::GET || method == Method::HEAD;
    if is_page && is_read {
        serve_index(dist).await
    } else if !is_read {
        StatusCode::METHOD_NOT_ALLOWED.into_response()
    } else {
        StatusCode::NOT_FOUND.into_response()
    }
}

/// `index.html` with a policy that allows exactly its inline scripts. Read
/// on each request so that a new build is picked up without a restart.
async fn serve_index(dist: &Path) -> Response {
    match tokio::fs::read_to_string(dist.join("index.html")).await {
        Ok(html) => {
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
