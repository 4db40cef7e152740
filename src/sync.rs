//! The only code that talks to the server.
//!
//! For now it keeps the directory fresh: fetched at start and whenever the
//! browser comes back online, stored on the device, and used from storage
//! when offline. The outbox and pull engine build on this module.

mod directory;
mod http;

pub use directory::start_directory_refresh;
pub use http::{get_json, HttpError};
