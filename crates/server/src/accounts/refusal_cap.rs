//! How many requests refused for want of a live session (401) each address
//! gets into the audit log per minute: every refused request is audited,
//! but a flood from one address must not fill the disk. Past the cap the
//! request is refused all the same, unwritten.
//!
//! Counted per server process: behind a load balancer with several
//! processes an address gets up to the cap in each.

use std::collections::HashMap;
use std::sync::Mutex;

/// Entries per address and minute.
pub const PER_ADDRESS_PER_MINUTE: u32 = 10;
/// Addresses kept before past minutes are swept (bounds memory under attack).
const SWEEP_ABOVE: usize = 10_000;

#[derive(Debug, Default)]
pub struct RefusalAuditCap {
    /// Per address: the minute counted, and how many in it.
    counts: Mutex<HashMap<String, (i64, u32)>>,
}

impl RefusalAuditCap {
    /// Whether a refusal from `address` in `minute` (minutes since the
    /// epoch) is to be written, counting it if so.
    pub fn admits(&self, address: &str, minute: i64) -> bool {
        let Ok(mut counts) = self.counts.lock() else { return false };
        if counts.len() > SWEEP_ABOVE {
            counts.retain(|_, (counted, _)| *counted == minute);
        }
        let entry = counts.entry(address.to_owned()).or_insert((minute, 0));
        if entry.0 != minute {
            *entry = (minute, 0);
        }
        if entry.1 >= PER_ADDRESS_PER_MINUTE {
            return false;
        }
        entry.1 += 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_each_address_gets_its_cap_each_minute() {
        let cap = RefusalAuditCap::default();
        let admitted = (0..25).filter(|_| cap.admits("10.0.0.1", 100)).count();
        assert_eq!(admitted, PER_ADDRESS_PER_MINUTE as usize);
        assert!(cap.admits("10.0.0.2", 100), "another address has its own");
        assert!(cap.admits("10.0.0.1", 101), "the next minute starts again");
    }

    #[test]
    fn test_a_flood_of_addresses_is_swept_and_stays_bounded() {
        let cap = RefusalAuditCap::default();
        for n in 0..(SWEEP_ABOVE + 5) {
            cap.admits(&format!("a{n}"), 7);
        }
        cap.admits("late", 8);
        assert!(cap.counts.lock().unwrap().len() <= 2);
    }
}
