//! The simulated world: the phones, the server, and the network between
//! them, which drops, duplicates, delays and reorders requests and
//! answers, cuts phones off for a while, and restarts the server. All of
//! it is decided by the run's one seeded generator; no real time passes.

use anxin_domain::sync::round::{take_push_answer, PUSH_PATH};
use anxin_domain::sync::{OutboxEvent, PushRequest, PushResponse};
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};

use crate::faults::{Fault, FaultTally};
use crate::ledger::Ledger;
use crate::phone::{Phone, Storage};
use crate::plan::Plan;
use crate::rng::Rng;
use crate::server::{Reply, SimServer};

/// Of a thousand requests, how many meet a fault of the network.
const REQUEST_FAULTS_PER_MILLE: u64 = 250;

/// A push on its way to the server, arriving at a later step.
struct Delayed {
    phone: usize,
    body: Vec<u8>,
    arrives: usize,
}

pub struct World {
    pub plan: Plan,
    pub rng: Rng,
    pub server: SimServer,
    pub phones: Vec<Phone>,
    /// The school day the run happens on.
    pub today: NaiveDate,
    /// The phones' clock (it does not move: nothing here depends on it).
    pub now: DateTime<Utc>,
    pub step: usize,
    /// The final sync: a good network and no more faults.
    pub quiet: bool,
    delayed: Vec<Delayed>,
    /// Answers that will reach their phone late, if at all.
    stale: Vec<(usize, PushResponse)>,
    pub ledger: Ledger,
    pub tally: FaultTally,
    pub requests: u64,
    /// What happened, step by step, for a failing run's report.
    pub trace: Vec<String>,
}

impl World {
    pub fn new(plan: Plan, server: SimServer, phones: Vec<Phone>, rng: Rng) -> Self {
        let now = Utc::now();
        Self {
            plan,
            rng,
            server,
            phones,
            today: anxin_domain::local_day(now),
            now,
            step: 0,
            quiet: false,
            delayed: Vec::new(),
            stale: Vec::new(),
            ledger: Ledger::default(),
            tally: FaultTally::default(),
            requests: 0,
            trace: Vec::new(),
        }
    }

    pub fn note(&mut self, line: impl Into<String>) {
        let line = format!("step {:>3}: {}", self.step, line.into());
        self.trace.push(line);
    }

    fn inject(&mut self, fault: Fault, what: String) {
        self.tally.add(fault);
        self.note(format!("{}: {what}", fault.name()));
    }

    /// A fault of the network for the next request, if any.
    fn request_fault(&mut self) -> Option<Fault> {
        if self.quiet || !self.rng.chance(REQUEST_FAULTS_PER_MILLE) {
            return None;
        }
        let kinds = [Fault::DropRequest, Fault::DropResponse, Fault::Duplicate, Fault::Delay];
        let fault = kinds[self.rng.index(kinds.len())];
        self.plan.allows(fault).then_some(fault)
    }

    fn cut_off(&self, phone: usize) -> bool {
        !self.quiet && self.phones[phone].partitioned_until > self.step
    }

    async fn deliver_push(&mut self, phone: usize, body: Vec<u8>) -> Reply {
        let person = self.phones[phone].person.clone();
        let reply = self.server.post(&person, PUSH_PATH, body).await;
        if reply.status == StatusCode::OK {
            let response: PushResponse =
                serde_json::from_slice(&reply.body).expect("a push answer reads");
            self.ledger.note_answers(&response.results);
        }
        reply
    }

    /// Sends a push from `phone` through the network: its answer, or
    /// `None` when the phone hears nothing (and gives up).
    pub async fn push(&mut self, phone: usize, request: &PushRequest) -> Option<Reply> {
        self.requests += 1;
        if self.cut_off(phone) {
            return None;
        }
        let body = serde_json::to_vec(request).expect("a push encodes");
        let seqs = match (request.mutations.first(), request.mutations.last()) {
            (Some(first), Some(last)) => format!("seq {}..{}", first.seq, last.seq),
            _ => "nothing".into(),
        };
        match self.request_fault() {
            None => Some(self.deliver_push(phone, body).await),
            Some(Fault::DropRequest) => {
                self.inject(Fault::DropRequest, format!("phone {phone} push {seqs}"));
                None
            }
            Some(Fault::DropResponse) => {
                self.inject(Fault::DropResponse, format!("phone {phone} push {seqs}"));
                self.deliver_push(phone, body).await;
                None
            }
            Some(Fault::Duplicate) => {
                self.inject(Fault::Duplicate, format!("phone {phone} push {seqs}"));
                let first = self.deliver_push(phone, body.clone()).await;
                self.keep_stale(phone, &first);
                Some(self.deliver_push(phone, body).await)
            }
            Some(_) => {
                let arrives = self.step + 1 + self.rng.index(8);
                self.inject(Fault::Delay, format!("phone {phone} push {seqs} until {arrives}"));
                self.delayed.push(Delayed { phone, body, arrives });
                None
            }
        }
    }

    /// Sends a pull (`path`) from `phone`: its answer, or `None`.
    pub async fn pull(&mut self, phone: usize, path: &str) -> Option<Reply> {
        self.requests += 1;
        if self.cut_off(phone) {
            return None;
        }
        match self.request_fault() {
            Some(fault @ (Fault::DropRequest | Fault::DropResponse)) => {
                self.inject(fault, format!("phone {phone} pull"));
                None
            }
            _ => {
                let person = self.phones[phone].person.clone();
                Some(self.server.get(&person, path).await)
            }
        }
    }

    fn keep_stale(&mut self, phone: usize, reply: &Reply) {
        if reply.status == StatusCode::OK {
            let response = serde_json::from_slice(&reply.body).expect("a push answer reads");
            self.stale.push((phone, response));
        }
    }

    /// Delivers the delayed pushes due by now (all of them once quiet);
    /// their answers may reach their phones late.
    pub async fn arrive_delayed(&mut self) {
        let step = self.step;
        let quiet = self.quiet;
        let (due, later): (Vec<Delayed>, Vec<Delayed>) =
            std::mem::take(&mut self.delayed).into_iter().partition(|d| quiet || d.arrives <= step);
        self.delayed = later;
        for delayed in due {
            self.note(format!("a delayed push of phone {} arrives", delayed.phone));
            let reply = self.deliver_push(delayed.phone, delayed.body).await;
            self.keep_stale(delayed.phone, &reply);
        }
    }

    /// The faults of the world at each step: the server restarts, a phone
    /// is cut off, loses its storage or its cursor, an old answer arrives.
    pub fn world_faults(&mut self) {
        if self.plan.allows(Fault::Restart) && self.rng.chance(20) {
            let lost = self.delayed.len();
            self.delayed.clear();
            self.server.restart();
            self.inject(Fault::Restart, format!("{lost} requests in flight lost"));
        }
        let phone = self.rng.index(self.phones.len());
        if self.plan.allows(Fault::Partition) && self.rng.chance(25) {
            let until = self.step + 2 + self.rng.index(10);
            self.phones[phone].partitioned_until = until;
            self.inject(Fault::Partition, format!("phone {phone} until step {until}"));
        }
        if self.plan.allows(Fault::StorageCleared) && self.rng.chance(10) {
            let storage = std::mem::take(&mut self.phones[phone].storage);
            let lost: Vec<String> = storage.outbox.pending().iter().map(|m| m.id.clone()).collect();
            self.inject(
                Fault::StorageCleared,
                format!("phone {phone}: {} changes not acknowledged lost", lost.len()),
            );
            self.ledger.lost.extend(lost);
        }
        if self.plan.allows(Fault::CursorLost) && self.rng.chance(20) {
            self.phones[phone].storage.cursor = 0;
            self.inject(Fault::CursorLost, format!("phone {phone}"));
        }
        if self.plan.allows(Fault::StaleAnswer) && !self.stale.is_empty() && self.rng.chance(80) {
            let (phone, response) = self.stale.remove(self.rng.index(self.stale.len()));
            self.inject(Fault::StaleAnswer, format!("phone {phone} takes an old answer"));
            self.take_answer(phone, &response);
        }
    }

    /// A push's answer taken in by `phone` under the sync lock (the
    /// round's own, or one arriving late): see `round::take_push_answer`.
    /// The events are returned for the round to decide what follows.
    pub fn take_answer(
        &mut self,
        phone: usize,
        response: &PushResponse,
    ) -> anxin_domain::sync::round::PushTaken<anxin_domain::sync::Change> {
        let person = self.phones[phone].person.clone();
        let storage: &mut Storage = &mut self.phones[phone].storage;
        let taken = take_push_answer(&mut storage.outbox, &response.results);
        storage.settle(&taken.events);
        for event in &taken.events {
            if let OutboxEvent::Delivered(mutation) = event {
                self.ledger.acknowledged.push((person.clone(), mutation.as_ref().clone()));
            }
        }
        taken
    }

    /// Unacknowledged changes lost with cleared storage, so far.
    pub fn lost_by_clearing(&self) -> usize {
        self.ledger.lost.len()
    }
}
