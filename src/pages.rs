//! One routed page per file.

mod bundle_link;
mod counselling;
mod counselling_offline;
mod counsellor;
mod gate;
mod history;
mod not_found;
mod pass;
mod reports;
mod settings;
mod today;
mod visitors;

pub use bundle_link::{Bundle, BundleLink};
pub use counselling::Counselling;
pub use counselling_offline::CounsellingOffline;
pub use counsellor::Counsellor;
pub use gate::Gate;
pub use history::History;
pub use not_found::NotFound;
pub use pass::Pass;
pub use reports::Reports;
pub use settings::Settings;
pub use today::Today;
pub use visitors::Visitors;
