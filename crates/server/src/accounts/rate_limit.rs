//! Failed sign-ins, counted per id and per address over a sliding window:
//! past the limit, further attempts are refused until old failures age
//! out, whether the password is right or not. Every attempt is counted
//! when it starts (and taken back if it succeeds), so that many attempts
//! sent at once meet the limit too.

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

    /// Counts an attempt; how many the key has in the window now.
    fn record(&mut self, key: &str, now: Instant) -> usize {
        if self.0.len() > SWEEP_ABOVE {
            self.0.retain(|_, times| times.back().is_some_and(|t| now.duration_since(*t) < WINDOW));
        }
        let times = self.0.entry(key.to_owned()).or_default();
        times.push_back(now);
        times.len()
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

    /// Counts one attempt for the id and the address, in one step with the
    /// check (so that attempts sent at once cannot all pass it): `Err(wait)`
    /// when either is already at its limit (nothing counted), otherwise
    /// whether this attempt reached a limit (the next ones will wait). A
    /// successful attempt is then taken back with [`Self::succeeded`].
    pub fn attempt(&self, id: &str, address: &str, now: Instant) -> Result<bool, Duration> {
        let mut by_id = lock(&self.by_id);
        let mut by_address = lock(&self.by_address);
        let waits = [
            by_id.wait(id, self.limits.per_id, now),
            by_address.wait(address, self.limits.per_address, now),
        ];
        if let Some(wait) = waits.into_iter().flatten().max() {
            return Err(wait);
        }
        let id_count = by_id.record(id, now);
        let address_count = by_address.record(address, now);
        Ok(id_count >= self.limits.per_id || address_count >= self.limits.per_address)
    }

    /// The attempt counted at `at` succeeded: the id's failures are cleared,
    /// and the address's count loses this attempt.
    pub fn succeeded(&self, id: &str, address: &str, at: Instant) {
        lock(&self.by_id).0.remove(id);
        let mut by_address = lock(&self.by_address);
        if let Some(times) = by_address.0.get_mut(address) {
            if let Some(position) = times.iter().rposition(|t| *t == at) {
                times.remove(position);
            }
        }
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
        assert_eq!(limiter.attempt("2020-0101", "10.0.0.1", start), Ok(false));
        assert_eq!(limiter.attempt("2020-0101", "10.0.0.1", start), Ok(false));
        assert_eq!(
            limiter.attempt("2020-0101", "10.0.0.1", start),
            Ok(true),
            "the limit is reached"
        );
        let wait = limiter.attempt("2020-0101", "10.0.0.2", start).unwrap_err();
        assert_eq!(wait, WINDOW);
        // Another id from the same address is not held back by this one.
        assert!(limiter.attempt("2020-0102", "10.0.0.1", start).is_ok());
        assert!(limiter.attempt("2020-0101", "10.0.0.1", start + WINDOW).is_ok());
    }

    #[test]
    fn test_address_limit_counts_every_id() {
        let limiter = SignInLimiter::new(Limits { per_id: 100, per_address: 4 });
        let now = Instant::now();
        for i in 0..4 {
            assert!(limiter.attempt(&format!("2020-01{i:02}"), "10.0.0.9", now).is_ok());
        }
        assert!(limiter.attempt("2020-0199", "10.0.0.9", now).is_err());
        assert!(limiter.attempt("2020-0199", "10.0.0.8", now).is_ok());
    }

    #[test]
    fn test_success_takes_its_attempt_back() {
        let limiter = SignInLimiter::new(Limits { per_id: 2, per_address: 2 });
        let now = Instant::now();
        assert!(limiter.attempt("T-1001", "a", now).is_ok());
        let later = now + Duration::from_secs(1);
        assert!(limiter.attempt("T-1001", "a", later).is_ok());
        limiter.succeeded("T-1001", "a", later);
        // The id's count is cleared; the address keeps only the failure.
        assert_eq!(limiter.attempt("T-1001", "a", later), Ok(true));
    }

    #[test]
    fn test_attempts_at_once_cannot_all_pass() {
        let limiter = std::sync::Arc::new(SignInLimiter::new(Limits::default()));
        let now = Instant::now();
        let passed = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..64)
                .map(|_| {
                    let limiter = limiter.clone();
                    scope.spawn(move || limiter.attempt("T-3002", "10.0.0.1", now).is_ok())
                })
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).filter(|ok| *ok).count()
        });
        assert_eq!(passed, Limits::default().per_id);
    }
}
