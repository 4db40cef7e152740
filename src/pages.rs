//! One routed page per file.

mod counselling;
mod counsellor;
mod desk_link;
mod gate;
mod history;
mod not_found;
mod pass;
mod reports;
mod settings;
mod today;
mod visitors;

pub use counselling::Counselling;
pub use counsellor::Counsellor;
pub use desk_link::{StaffBundle, StaffLink};
pub use gate::Gate;
pub use history::History;
pub use not_found::NotFound;
pub use pass::Pass;
pub use reports::Reports;
pub use settings::Settings;
pub use today::Today;
pub use visitors::Visitors;
