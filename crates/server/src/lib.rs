//! Anxin's sync endpoint: serves the built app and the JSON API.
//!
//! `main.rs` reads the configuration and binds; everything else is here so
//! that tests can run the real router on a real socket.

pub mod access;
pub mod accounts;
pub mod app;
pub mod body_deadline;
pub mod caller;
pub mod config;
pub mod content_security;
pub mod error;
pub mod gate;
pub mod json_errors;
pub mod keyed_hash;
pub mod passes;
pub mod privacy_notice;
pub mod request_log;
pub mod retention;
pub mod roster_file;
pub mod routes;
pub mod security_headers;
pub mod serve;
pub mod staff_reads;
pub mod state;
pub mod static_files;
pub mod store;

pub use app::app;
pub use config::Config;
pub use state::AppState;
