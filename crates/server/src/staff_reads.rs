//! The log of staff reads of named health data (SPEC §7): a fetch that
//! shows others' declarations or health standing by name logs one entry
//! per person shown before its answer leaves (a read that cannot be logged
//! is not answered). The rules are the domain's
//! (`anxin_domain::privacy::staff_reads`).

use anxin_domain::privacy::staff_reads::{reads_of, ReadKind};
use chrono::Utc;

use crate::caller::Caller;
use crate::error::Result;
use crate::AppState;

/// Logs that the caller was shown the records of `shown` (their own
/// aside).
pub async fn log_reads(
    state: &AppState,
    caller: &Caller,
    shown: impl IntoIterator<Item = &str>,
    kind: ReadKind,
    reason: Option<&str>,
) -> Result<()> {
    let reads = reads_of(&caller.person.id, shown, kind, reason, Utc::now());
    if reads.is_empty() {
        return Ok(());
    }
    state.blocking(move |store| store.log_staff_reads(&reads)).await
}
