//! The faults the simulated world injects, and their tally.

use std::fmt;

/// One kind of fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fault {
    /// The request never reaches the server.
    DropRequest,
    /// The server applies the request; its answer is lost.
    DropResponse,
    /// The request arrives twice (a retry crossing the first answer).
    Duplicate,
    /// The request arrives later, after others (reordered); the phone
    /// gives up waiting.
    Delay,
    /// An old answer reaches the phone long after its request.
    StaleAnswer,
    /// The phone has no network for a while.
    Partition,
    /// The server stops and starts again, losing requests in flight.
    Restart,
    /// The browser cleared the phone's storage (outbox, cursor, records).
    StorageCleared,
    /// The phone lost its stored sync cursor only.
    CursorLost,
}

impl Fault {
    pub const ALL: [Fault; 9] = [
        Fault::DropRequest,
        Fault::DropResponse,
        Fault::Duplicate,
        Fault::Delay,
        Fault::StaleAnswer,
        Fault::Partition,
        Fault::Restart,
        Fault::StorageCleared,
        Fault::CursorLost,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Fault::DropRequest => "drop_request",
            Fault::DropResponse => "drop_response",
            Fault::Duplicate => "duplicate",
            Fault::Delay => "delay",
            Fault::StaleAnswer => "stale_answer",
            Fault::Partition => "partition",
            Fault::Restart => "restart",
            Fault::StorageCleared => "storage_cleared",
            Fault::CursorLost => "cursor_lost",
        }
    }

    pub fn parse(name: &str) -> Option<Fault> {
        Fault::ALL.into_iter().find(|f| f.name() == name.trim())
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// Which faults a run may inject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FaultSet(u16);

impl FaultSet {
    pub fn all() -> Self {
        Self(Fault::ALL.iter().map(|f| f.bit()).sum())
    }

    pub fn none() -> Self {
        Self(0)
    }

    pub fn has(self, fault: Fault) -> bool {
        self.0 & fault.bit() != 0
    }

    pub fn without(self, fault: Fault) -> Self {
        Self(self.0 & !fault.bit())
    }

    pub fn with(self, fault: Fault) -> Self {
        Self(self.0 | fault.bit())
    }

    pub fn kinds(self) -> impl Iterator<Item = Fault> {
        Fault::ALL.into_iter().filter(move |f| self.has(*f))
    }

    /// `drop_request,duplicate` (the names of [`Fault::name`]); `none`.
    pub fn parse(text: &str) -> Option<Self> {
        if text.trim() == "none" {
            return Some(Self::none());
        }
        text.split(',').try_fold(Self::none(), |set, name| Some(set.with(Fault::parse(name)?)))
    }
}

impl fmt::Display for FaultSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.kinds().map(Fault::name).collect();
        if names.is_empty() {
            write!(f, "none")
        } else {
            write!(f, "{}", names.join(","))
        }
    }
}

/// How many of each fault were injected.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FaultTally([u64; Fault::ALL.len()]);

impl FaultTally {
    pub fn add(&mut self, fault: Fault) {
        self.0[fault as usize] += 1;
    }

    pub fn get(&self, fault: Fault) -> u64 {
        self.0[fault as usize]
    }

    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }

    pub fn absorb(&mut self, other: &FaultTally) {
        for (mine, theirs) in self.0.iter_mut().zip(other.0) {
            *mine += theirs;
        }
    }
}

impl fmt::Display for FaultTally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> =
            Fault::ALL.iter().map(|k| format!("{} {}", k.name(), self.get(*k))).collect();
        write!(f, "{}", parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_fault_sets_read_back_as_written() {
        let set = FaultSet::all().without(Fault::Restart);
        assert_eq!(FaultSet::parse(&set.to_string()), Some(set));
        assert!(!set.has(Fault::Restart) && set.has(Fault::Delay));
        assert_eq!(FaultSet::parse("none"), Some(FaultSet::none()));
        assert_eq!(FaultSet::parse("drop_request,nonsense"), None);
    }
}
