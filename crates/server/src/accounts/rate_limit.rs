//! Failed sign-ins, counted over a sliding window, per way of signing in
//! (a password, a one-time code), so that the bound on guessing holds
//! while a classmate cannot lock someone out:
//!
//! - **per id and address** (`per_id`, 5 in 15 minutes): the ordinary
//!   limit, which a guesser meets first. It holds back that id *from that
//!   address* only;
//! - **per id from anywhere** (`per_id_anywhere`, 10 × `per_id`): the bound
//!   on a guesser with many addresses;
//! - **per address** (`per_address`, 50): one address across every id (a
//!   campus network puts many phones behind one address: kept well above
//!   `per_id`).
//!
//! Past a limit, further attempts of that way are refused until old
//! failures age out, whether the password is right or not. The bound on
//! guessing one person's password is therefore `per_id_anywhere` guesses
//! per 15 minutes (50 by default: 4,800 a day against a password of 8 or
//! more characters that is none of 100,000 common ones); a code, valid 10
//! minutes among 31^10, gets the same. Failed passwords never hold back a
//! fresh code: the advisor's code signs the person in whatever a
//! classmate typed. Every attempt is counted when it starts (and taken
//! back if it succeeds), so that many attempts sent at once meet the
//! limit too.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures are remembered this long.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Keys kept before stale ones are swept (bounds memory under attack).
const SWEEP_ABOVE: usize = 10_000;

/// How someone signs in; each way has its own counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    Password,
    Code,
}

impl Way {
    fn key(self) -> &'static str {
        match self {
            Way::Password => "password",
            Way::Code => "code",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Failed attempts per person id from one address in the window.
    pub per_id: usize,
    /// Failed attempts per client address in the window, all ids.
    pub per_address: usize,
}

impl Limits {
    /// Failed attempts per person id from every address together.
    pub fn per_id_anywhere(&self) -> usize {
        self.per_id.saturating_mul(10)
    }
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
    failures: Mutex<Failures>,
}

impl SignInLimiter {
    pub fn new(limits: Limits) -> Self {
        Self { limits, failures: Mutex::default() }
    }

    /// The keys an attempt counts against, with their limits.
    fn keys(&self, way: Way, id: &str, address: &str) -> [(String, usize); 3] {
        let way = way.key();
        [
            (format!("{way}|{id}|{address}"), self.limits.per_id),
            (format!("{way}|{id}"), self.limits.per_id_anywhere()),
            (format!("address|{address}"), self.limits.per_address),
        ]
    }

    /// Counts one attempt, in one step with the check (so that attempts
    /// sent at once cannot all pass it): `Err(wait)` when a limit is
    /// already reached (nothing counted), otherwise whether this attempt
    /// reached one (the next ones will wait). A successful attempt is then
    /// taken back with [`Self::succeeded`].
    pub fn attempt(
        &self,
        way: Way,
        id: &str,
        address: &str,
        now: Instant,
    ) -> Result<bool, Duration> {
        let keys = self.keys(way, id, address);
        let mut failures = lock(&self.failures);
        let waits = keys.iter().map(|(key, limit)| failures.wait(key, *limit, now));
        if let Some(wait) = waits.flatten().max() {
            return Err(wait);
        }
        let mut reached = false;
        for (key, limit) in &keys {
            reached |= failures.record(key, now) >= *limit;
        }
        Ok(reached)
    }

    /// The attempt counted at `at` succeeded: the person is who they said,
    /// so their failures (either way) are cleared; the address loses this
    /// attempt only.
    pub fn succeeded(&self, way: Way, id: &str, address: &str, at: Instant) {
        let [_, _, (address_key, _)] = self.keys(way, id, address);
        let mut failures = lock(&self.failures);
        for way in [Way::Password, Way::Code] {
            let [(pair, _), (anywhere, _), _] = self.keys(way, id, address);
            failures.0.remove(&pair);
            failures.0.remove(&anywhere);
        }
        if let Some(times) = failures.0.get_mut(&address_key) {
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

    const PW: Way = Way::Password;

    #[test]
    fn test_id_limit_from_one_address_blocks_then_ages_out() {
        let limiter = SignInLimiter::new(Limits { per_id: 3, per_address: 100 });
        let start = Instant::now();
        assert_eq!(limiter.attempt(PW, "2020-0101", "10.0.0.1", start), Ok(false));
        assert_eq!(limiter.attempt(PW, "2020-0101", "10.0.0.1", start), Ok(false));
        assert_eq!(limiter.attempt(PW, "2020-0101", "10.0.0.1", start), Ok(true), "reached");
        let wait = limiter.attempt(PW, "2020-0101", "10.0.0.1", start).unwrap_err();
        assert_eq!(wait, WINDOW);
        // Another id from the same address is not held back by this one.
        assert!(limiter.attempt(PW, "2020-0102", "10.0.0.1", start).is_ok());
        assert!(limiter.attempt(PW, "2020-0101", "10.0.0.1", start + WINDOW).is_ok());
    }

    #[test]
    fn test_a_classmate_cannot_lock_someone_out() {
        let limiter = SignInLimiter::new(Limits { per_id: 3, per_address: 100 });
        let now = Instant::now();
        // The classmate's guesses from her phone reach her limit …
        for _ in 0..3 {
            assert!(limiter.attempt(PW, "2020-0101", "10.0.0.66", now).is_ok());
        }
        assert!(limiter.attempt(PW, "2020-0101", "10.0.0.66", now).is_err());
        // … the person, from their own phone, still signs in,
        assert!(limiter.attempt(PW, "2020-0101", "10.0.0.1", now).is_ok());
        // and a fresh code works even from the classmate's address.
        assert!(limiter.attempt(Way::Code, "2020-0101", "10.0.0.66", now).is_ok());
    }

    #[test]
    fn test_guesses_from_many_addresses_are_bounded_per_id() {
        let limiter = SignInLimiter::new(Limits { per_id: 2, per_address: 100 });
        let now = Instant::now();
        let anywhere = Limits { per_id: 2, per_address: 100 }.per_id_anywhere();
        for n in 0..anywhere {
            assert!(limiter.attempt(PW, "T-1001", &format!("10.0.{n}.1"), now).is_ok(), "{n}");
        }
        assert!(limiter.attempt(PW, "T-1001", "10.9.9.9", now).is_err(), "the bound holds");
    }

    #[test]
    fn test_address_limit_counts_every_id_and_way() {
        let limiter = SignInLimiter::new(Limits { per_id: 100, per_address: 4 });
        let now = Instant::now();
        for i in 0..3 {
            assert!(limiter.attempt(PW, &format!("2020-01{i:02}"), "10.0.0.9", now).is_ok());
        }
        assert!(limiter.attempt(Way::Code, "2020-0150", "10.0.0.9", now).is_ok());
        assert!(limiter.attempt(PW, "2020-0199", "10.0.0.9", now).is_err());
        assert!(limiter.attempt(PW, "2020-0199", "10.0.0.8", now).is_ok());
    }

    #[test]
    fn test_success_takes_its_attempt_back() {
        let limiter = SignInLimiter::new(Limits { per_id: 2, per_address: 2 });
        let now = Instant::now();
        assert!(limiter.attempt(PW, "T-1001", "a", now).is_ok());
        let later = now + Duration::from_secs(1);
        assert!(limiter.attempt(Way::Code, "T-1001", "a", later).is_ok());
        limiter.succeeded(Way::Code, "T-1001", "a", later);
        // The id's counts are cleared; the address keeps only the failure.
        assert_eq!(limiter.attempt(PW, "T-1001", "a", later), Ok(true));
    }

    #[test]
    fn test_attempts_at_once_cannot_all_pass() {
        let limiter = std::sync::Arc::new(SignInLimiter::new(Limits::default()));
        let now = Instant::now();
        let passed = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..64)
                .map(|_| {
                    let limiter = limiter.clone();
                    scope.spawn(move || limiter.attempt(PW, "T-3002", "10.0.0.1", now).is_ok())
                })
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).filter(|ok| *ok).count()
        });
        assert_eq!(passed, Limits::default().per_id);
    }
}
