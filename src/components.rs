//! Reusable view pieces: no I/O, state only through contexts.

mod app_header;
mod bottom_nav;
mod choice;
mod coming_list;
mod declaration_form;
mod declaration_result;
mod hotline_bar;
mod issue_code;
mod language_switch;
mod online_indicator;
mod sign_in_form;
mod storage_notice;
mod sync_status;
mod update_banner;

pub use app_header::AppHeader;
pub use bottom_nav::BottomNav;
pub use choice::{Choice, FieldError};
pub use coming_list::ComingList;
pub use declaration_form::DeclarationForm;
pub use declaration_result::DeclarationResult;
pub use hotline_bar::HotlineBar;
pub use issue_code::IssueCodeCard;
pub use language_switch::LanguageSwitch;
pub use online_indicator::OnlineIndicator;
pub use sign_in_form::SignInForm;
pub use storage_notice::StorageNotice;
pub use sync_status::SyncStatus;
pub use update_banner::UpdateBanner;
