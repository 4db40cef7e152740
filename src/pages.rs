//! One routed page per file.

mod counselling;
mod not_found;
mod reports;
mod settings;
mod today;

pub use counselling::Counselling;
pub use not_found::NotFound;
pub use reports::Reports;
pub use settings::Settings;
pub use today::Today;
