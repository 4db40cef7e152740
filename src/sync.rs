//! The only code that talks to the server.
//!
//! It keeps the directory fresh (fetched at start and whenever the browser
//! comes back online, stored on the device, used from storage offline), and
//! runs the sync engine: the outbox delivered exactly once, and what the
//! server holds pulled back (docs/sync-protocol.md). Signing in and out
//! goes through here too.

pub mod counsellor;
mod directory;
mod engine;
pub mod gate;
mod http;
pub mod lock;
pub mod outbox;
pub mod own_data;
pub mod reports;
pub mod retention;
pub mod returns;
mod schedule;
mod session;
pub mod visitors;
pub mod wire;

pub use directory::start_directory_refresh;
pub use engine::{backoff, provide_sync, use_sync, SyncEngine, SyncPhase, KEEP_DAYS};
pub use http::{get_json, HttpError};
pub use session::{end_session, first_sign_in, issue_class_codes, issue_code, sign_in, Granted};
pub use wire::{DeviceChange, DeviceMutation, JsonText, Refused};
