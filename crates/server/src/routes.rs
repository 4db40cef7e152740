//! The JSON API under `/api/`: thin handlers that parse, call and map.
//!
//! Every endpoint is registered through [`Api`], which also lists it in
//! [`endpoints`]: the authorization matrix test checks that list against
//! its table, so an endpoint added without its rows fails that test.

mod accounts;
mod appointment;
mod counselling;
mod directory;
mod gate;
mod health;
mod oversight;
mod own_data;
mod reports;
mod retention;
mod returns;
mod session;
mod sync;
mod visitors;

use axum::handler::Handler;
use axum::routing::{on, MethodFilter};
use axum::Router;

pub use accounts::issue;

use crate::error::ApiError;
use crate::AppState;

/// One endpoint, as `METHOD /api/path` (path parameters in braces).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Endpoint {
    pub method: &'static str,
    pub path: &'static str,
}

impl Endpoint {
    /// `GET` reads; everything else writes.
    pub fn writes(&self) -> bool {
        self.method != "GET"
    }
}

impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} /api{}", self.method, self.path)
    }
}

struct Api {
    router: Router<AppState>,
    endpoints: Vec<Endpoint>,
}

impl Api {
    fn new() -> Self {
        Self { router: Router::new(), endpoints: Vec::new() }
    }

    fn route<H, T>(mut self, method: &'static str, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let filter = match method {
            "GET" => MethodFilter::GET,
            "POST" => MethodFilter::POST,
            "DELETE" => MethodFilter::DELETE,
            other => panic!("no method filter for {other}"),
        };
        self.router = self.router.route(path, on(filter, handler));
        self.endpoints.push(Endpoint { method, path });
        self
    }
}

fn api() -> Api {
    Api::new()
        .route("GET", "/health", health::health)
        .route("GET", "/v1/directory", directory::directory)
        .route("POST", "/v1/session", session::sign_in)
        .route("POST", "/v1/session/first", session::first_sign_in)
        .route("GET", "/v1/session", session::current)
        .route("DELETE", "/v1/session", session::sign_out)
        .route("POST", "/v1/sync/push", sync::push)
        .route("GET", "/v1/sync/pull", sync::pull)
        .route("GET", "/v1/me/data", own_data::own_data)
        .route("GET", "/v1/people/{id}/declarations", oversight::person_declarations)
        .route("POST", "/v1/people/{id}/declarations/open", oversight::open_declarations)
        .route("GET", "/v1/classes/{class}/declarations", oversight::class_declarations)
        .route("GET", "/v1/gate/list", gate::list)
        .route("GET", "/v1/reports", reports::report)
        .route("GET", "/v1/reports/trend", reports::trend)
        .route("GET", "/v1/reports/export", reports::export)
        .route("GET", "/v1/returns", returns::waiting)
        .route("POST", "/v1/accounts/{id}/code", accounts::issue_code)
        .route("POST", "/v1/classes/{class}/codes", accounts::issue_class_codes)
        .route("POST", "/v1/counselling/plan", counselling::publish_plan)
        .route("GET", "/v1/counselling/schedule", counselling::schedule)
        .route("GET", "/v1/counselling/appointments", counselling::appointments)
        .route("POST", "/v1/counselling/appointments/{id}/status", appointment::set_status)
        .route("POST", "/v1/counselling/appointments/{id}/note", appointment::write_note)
        .route("GET", "/v1/counselling/appointments/{id}/note", appointment::read_note)
        .route("GET", "/v1/visitors/pending", visitors::pending)
        .route("GET", "/v1/gate/visitors", visitors::gate_visitors)
        .route("GET", "/v1/retention/next", retention::next)
}

/// Every endpoint of the API.
pub fn endpoints() -> Vec<Endpoint> {
    api().endpoints
}

/// Mounted at `/api`, so paths here are relative to it.
pub fn router(state: AppState) -> Router {
    api().router.fallback(not_found).with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}
