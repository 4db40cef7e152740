//! Reusable view pieces: no I/O, state only through contexts.

mod app_header;
mod bottom_nav;
mod coming_list;
mod hotline_bar;
mod language_switch;
mod online_indicator;
mod storage_notice;
mod update_banner;

pub use app_header::AppHeader;
pub use bottom_nav::BottomNav;
pub use coming_list::ComingList;
pub use hotline_bar::HotlineBar;
pub use language_switch::LanguageSwitch;
pub use online_indicator::OnlineIndicator;
pub use storage_notice::StorageNotice;
pub use update_banner::UpdateBanner;
