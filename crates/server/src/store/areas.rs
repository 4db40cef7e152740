//! The store's areas, written once over [`Sql`](super::sql::Sql) so that
//! they run on either engine: each reads the facts its decision needs,
//! lets the domain decide, and writes the outcome, in the caller's
//! transaction.

pub(super) mod accounts;
pub(super) mod change_log;
pub(super) mod codec;
pub(super) mod counselling;
pub(super) mod gate;
pub(super) mod oversight;
pub(super) mod passes;
pub(super) mod report_actions;
pub(super) mod reports;
pub(super) mod returns;
pub(super) mod roster;
pub(super) mod sync;
pub(super) mod visitors;
