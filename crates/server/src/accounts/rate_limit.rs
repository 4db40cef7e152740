//! Failed sign-ins, counted per id and per address over a sliding window:
//! past the limit, further attempts are refused until old failures age
//! out, whether the password is right or not.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures are remembered this long.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Keys kept before stale ones are swept (bounds memory under attack).
const SWEEP_ABOVE: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Failed attempts per person id in the window.
    pub per_id: usize,
    /// Failed attempts per client address in the window (a campus network
    /// puts many phones behind one address: keep it well above `per_id`).
    pub per_address: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self { per_id: 5, per_address: 50 }
    }
}

#[derive(Default)]
struct Failures(HashMap<String, VecDeque<Instant>>);

impl Failures {
    /// How long until one more attempt is allowed; `None`: allowed now.
    fn wait(&mut self, key: &str, limit: usize, now: Instant) -> Option<Duration> {
        let times = self.0.get_mut(key)?;
        while times.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
            times.pop_front();
        }
        if times.len() < limit {
            return None;
        }
        let oldest = *times.front()?;
        Some(WINDOW.saturating_sub(now.duration_since(oldest)).max(Duration::from_secs(1)))
    }

    fn record(&mut self, key: &str, now: Instant) {
        if self.0.len() > SWEEP_ABOVE {
            self.0.retain(|_, times| times.back().is_some_and(|t| now.duration_since(*t) < WINDOW));
        }
        self.0.entry(key.to_owned()).or_default().push_back(now);
    }
}

pub struct SignInLimiter {
    limits: Limits,
    by_id: Mutex<Failures>,
    by_address: Mutex<Failures>,
}

impl SignInLimiter {
    pub fn new(limits: Limits) -> Self {
        Self { limits, by_id: Mutex::default(), by_address: Mutex::default() }
    }

    /// `Err(wait)` when either the id or the address is over its limit.
    pub fn check(&self, id: &str, address: &str, now: Instant) -> Result<(), Duration> {
        let by_id = lock(&self.by_id).wait(id, self.limits.per_id, now);
        let by_address = lock(&self.by_address).wait(address, self.limits.per_address, now);
        match by_id.max(by_address) {
            Some(wait) => Err(wait),
            None => Ok(()),
        }
    }

    pub fn failed(&self, id: &str, address: &str, now: Instant) {
        lock(&self.by_id).record(id, now);
        lock(&self.by_address).record(address, now);
    }

    /// A successful sign-in clears the id's failures (not the address's).
    pub fn succeeded(&self, id: &str) {
        lock(&self.by_id).0.remove(id);
    }
}

fn lock(failures: &Mutex<Failures>) -> std::sync::MutexGuard<'_, Failures> {
    // The map holds counters only: after a panic elsewhere it is still good.
    failures.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_id_limit_blocks_then_ages_out() {
        let limiter = SignInLimiter::new(Limits { per_id: 3, per_address: 100 });
        let start = Instant::now();
        for i in 0..3 {
            assert!(limiter.check("2020-0101", "10.0.0.1", start).is_ok(), "attempt {i}");
            limiter.failed("2020-0101", "10.0.0.1", start);
        }
        let wait = limiter.check("2020-0101", "10.0.0.2", start).unwrap_err();
        assert_eq!(wait, WINDOW);
        // Another id from the same address is not held back by this one.
        assert!(limiter.check("2020-0102", "10.0.0.1", start).is_ok());
        assert!(limiter.check("2020-0101", "10.0.0.1", start + WINDOW).is_ok());
    }

    #[test]
    fn test_address_limit_counts_every_id() {
        let limiter = SignInLimiter::new(Limits { per_id: 100, per_address: 4 });
        let now = Instant::now();
        for i in 0..4 {
            limiter.failed(&format!("2020-01{i:02}"), "10.0.0.9", now);
        }
        assert!(limiter.check("2020-0199", "10.0.0.9", now).is_err());
        assert!(limiter.check("2020-0199", "10.0.0.8", now).is_ok());
    }

    #[test]
    fn test_success_clears_the_id() {
        let limiter = SignInLimiter::new(Limits { per_id: 2, per_address: 100 });
        let now = Instant::now();
        limiter.failed("T-1001", "a", now);
        limiter.succeeded("T-1001");
        limiter.failed("T-1001", "a", now);
        assert!(limiter.check("T-1001", "a", now).is_ok());
    }
}
