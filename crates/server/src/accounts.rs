//! Accounts: passwords, one-time codes, session tokens, the sign-in rate
//! limit and the audit log. The HTTP side is `routes::session`.

pub mod audit;
pub mod passwords;
pub mod rate_limit;
pub mod refusal_cap;
pub mod secrets;
