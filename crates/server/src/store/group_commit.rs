//! Group commit: pushes that arrive together are decided together, in
//! arrival order, in one transaction, with one fsync, and then each is
//! answered. The guarantees are a single push's: each (client, seq) is
//! decided once; a push is all or nothing as its device sees it; a push
//! that fails answers with an error and nothing of it is stored, and the
//! others of its group are decided again without it.
//!
//! No thread of its own: a push joins the queue, then takes the writer. If
//! its push was decided meanwhile (by the push that held the writer), it
//! has its answer; otherwise it decides everything waiting. A push is taken
//! from the queue only by whoever holds the writer, who answers it before
//! letting the writer go, so a push never waits for an answer nobody will
//! give.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Mutex;

use anxin_domain::account::AccountPerson;
use anxin_domain::sync::{Mutation, PushResult};
use anxin_domain::Directory;
use chrono::{DateTime, Utc};

use super::areas::push_group::{PushGroup, PushKeys};
use super::areas::sync::push_within;
use super::engine::Engine;
use super::sql::Sql;
use super::{Result, StoreError};

/// The most pushes one transaction decides; the rest wait for the next.
const MAX_GROUP: usize = 256;

/// A push waiting for the writer.
pub(super) struct WaitingPush {
    pub actor: AccountPerson,
    pub client_id: String,
    pub mutations: Vec<Mutation>,
    pub received_at: DateTime<Utc>,
    pub directory: Directory,
    answer: SyncSender<Result<Vec<PushResult>>>,
}

impl WaitingPush {
    /// A push, and where its answer will come.
    pub fn new(
        actor: &AccountPerson,
        client_id: &str,
        mutations: &[Mutation],
        received_at: DateTime<Utc>,
        directory: &Directory,
    ) -> (Self, Receiver<Result<Vec<PushResult>>>) {
        let (answer, answered) = sync_channel(1);
        let push = WaitingPush {
            actor: actor.clone(),
            client_id: client_id.to_owned(),
            mutations: mutations.to_vec(),
            received_at,
            directory: directory.clone(),
            answer,
        };
        (push, answered)
    }

    fn keys(&self) -> PushKeys<'_> {
        PushKeys {
            person_id: &self.actor.id,
            client_id: &self.client_id,
            mutations: &self.mutations,
        }
    }
}

/// The pushes waiting, and the turn to decide them (one group at a time
/// in this process; the engine serializes writers across processes).
#[derive(Default)]
pub struct PushQueue {
    turn: Mutex<()>,
    waiting: Mutex<Vec<WaitingPush>>,
}

/// Queues `push` and returns its answer, deciding whatever waits when the
/// turn is free first.
pub(super) fn push_grouped(
    engine: &impl Engine,
    push: WaitingPush,
    answered: Receiver<Result<Vec<PushResult>>>,
) -> Result<Vec<PushResult>> {
    let queue = engine.pushes();
    queue.waiting.lock().map_err(|_| StoreError::Poisoned)?.push(push);
    loop {
        let turn = queue.turn.lock().map_err(|_| StoreError::Poisoned)?;
        if let Ok(answer) = answered.try_recv() {
            return answer;
        }
        let group: Vec<WaitingPush> = {
            let mut waiting = queue.waiting.lock().map_err(|_| StoreError::Poisoned)?;
            let take = waiting.len().min(MAX_GROUP);
            waiting.drain(..take).collect()
        };
        let answers = commit_group(engine, &group);
        for (push, answer) in group.into_iter().zip(answers) {
            // A device that gave up waiting has nobody to answer.
            let _ = push.answer.send(answer);
        }
        drop(turn);
        if let Ok(answer) = answered.try_recv() {
            return answer;
        }
    }
}

/// Decides `group` in arrival order in one transaction and commits it once.
/// A push that fails is answered with its error and the rest are decided
/// again without it (nothing of a failed attempt stays); a failed commit
/// fails every push still in it, with nothing stored.
///
/// The pushes' facts are read together and their rows written together at
/// the end (`PushGroup`). Should that last write fail, no single push can
/// be blamed: the group runs again writing after each push, which finds it.
pub(super) fn commit_group(
    engine: &impl Engine,
    group: &[WaitingPush],
) -> Vec<Result<Vec<PushResult>>> {
    let mut answers: Vec<Option<Result<Vec<PushResult>>>> = group.iter().map(|_| None).collect();
    let mut write_each = false;
    loop {
        let live: Vec<usize> = (0..group.len()).filter(|&i| answers[i].is_none()).collect();
        if live.is_empty() {
            break;
        }
        let mut failed = None;
        let mut unwritten = false;
        let committed = engine.write(|tx| {
            failed = None;
            unwritten = false;
            let keys: Vec<PushKeys> = live.iter().map(|&i| group[i].keys()).collect();
            let mut facts = PushGroup::read(tx, &keys)?;
            let mut decided = Vec::with_capacity(live.len());
            for &i in &live {
                let mut one = decide_one(tx, &mut facts, &group[i]);
                if write_each && one.is_ok() {
                    one = facts.flush(tx).and(one);
                }
                match one {
                    Ok(results) => decided.push((i, results)),
                    // The whole group runs again (the engine retries it).
                    Err(err) if err.is_retryable() => return Err(err),
                    Err(err) => {
                        failed = Some((i, err));
                        return Err(StoreError::Commit("rolled back without a failed push".into()));
                    }
                }
            }
            match facts.flush(tx) {
                Err(err) if !err.is_retryable() => {
                    unwritten = true;
                    Err(err)
                }
                flushed => flushed.map(|()| decided),
            }
        });
        match (committed, failed) {
            (Ok(decided), _) => {
                for (i, results) in decided {
                    answers[i] = Some(Ok(results));
                }
            }
            // Rolled back whole; the others go again without this one.
            (Err(_), Some((i, err))) => {
                answers[i] = Some(Err(err));
                continue;
            }
            (Err(_), None) if unwritten && !write_each => {
                write_each = true;
                continue;
            }
            (Err(err), None) => fail_all(&mut answers, &live, &err.to_string()),
        }
        break;
    }
    answers
        .into_iter()
        .map(|a| a.unwrap_or_else(|| Err(StoreError::Commit("not decided".into()))))
        .collect()
}

fn decide_one(tx: &dyn Sql, facts: &mut PushGroup, push: &WaitingPush) -> Result<Vec<PushResult>> {
    let results = push_within(
        tx,
        facts,
        &push.actor,
        &push.client_id,
        &push.mutations,
        push.received_at,
        &push.directory,
    )?;
    #[cfg(test)]
    faults::fail_after_if_marked(tx, facts, &push.client_id)?;
    Ok(results)
}

fn fail_all(answers: &mut [Option<Result<Vec<PushResult>>>], live: &[usize], why: &str) {
    for &i in live {
        answers[i] = Some(Err(StoreError::Commit(why.to_owned())));
    }
}

/// The test-only fault hook: a push of a marked client fails inside its
/// group, after it has written (so that its rollback is seen).
#[cfg(test)]
pub(super) mod faults {
    use std::sync::Mutex;

    use super::super::areas::push_group::PushGroup;
    use super::super::sql::Sql;
    use super::super::{Result, StoreError};

    static FAIL_CLIENT: Mutex<Option<String>> = Mutex::new(None);

    pub fn mark(client_id: Option<&str>) {
        *FAIL_CLIENT.lock().unwrap() = client_id.map(str::to_owned);
    }

    fn marked(client_id: &str) -> bool {
        FAIL_CLIENT.lock().unwrap().as_deref() == Some(client_id)
    }

    static FAIL_WRITING: Mutex<Option<String>> = Mutex::new(None);

    /// Makes the writing of a marked client's decisions fail (as a broken
    /// constraint would), in whatever group they are written with.
    pub fn mark_writing(client_id: Option<&str>) {
        *FAIL_WRITING.lock().unwrap() = client_id.map(str::to_owned);
    }

    pub fn fail_writing_if_marked<'a>(mut clients: impl Iterator<Item = &'a str>) -> Result<()> {
        let marked = FAIL_WRITING.lock().unwrap().clone();
        match marked {
            Some(marked) if clients.any(|c| c == marked) => {
                Err(StoreError::Commit("a write failure injected by the test".into()))
            }
            _ => Ok(()),
        }
    }

    /// Fails a marked client's push once what it decided is written.
    pub fn fail_after_if_marked(
        tx: &dyn Sql,
        facts: &mut PushGroup,
        client_id: &str,
    ) -> Result<()> {
        if marked(client_id) {
            facts.flush(tx)?;
            return Err(StoreError::Commit("a fault injected by the test".into()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use anxin_domain::fixtures::answers_at;
    use anxin_domain::profile::PersonCategory;
    use anxin_domain::roster::{Role, RosterPerson};
    use anxin_domain::sync::{Change, Outcome};
    use chrono::Duration;

    use super::*;
    use crate::store::prelude::*;
    use crate::store::sqlite::SqliteStore;
    use crate::store::PostgresStore;

    const PEOPLE: usize = 24;

    fn person(n: usize) -> String {
        format!("2030-{n:04}")
    }

    fn roster() -> Vec<RosterPerson> {
        (0..PEOPLE)
            .map(|n| RosterPerson {
                id: person(n),
                name: format!("学生{n}"),
                roles: [Role::Declarant].into(),
                category: Some(PersonCategory::Student),
                department: "信息工程学院".into(),
                class_name: "软件3001".into(),
                phone: String::new(),
                advises: Default::default(),
                scope: None,
            })
            .collect()
    }

    fn store(dir: &std::path::Path) -> SqliteStore {
        let store = SqliteStore::open_in(dir).unwrap();
        store.import_roster(&roster(), Utc::now()).unwrap();
        store
    }

    /// A fresh PostgreSQL database on the suite's cluster, with the
    /// roster; `None` unless the suite runs on PostgreSQL.
    fn postgres_store() -> Option<PostgresStore> {
        let store = crate::store::test_postgres::fresh_store()?;
        store.import_roster(&roster(), Utc::now()).unwrap();
        Some(store)
    }

    /// Person `n`'s declaration of yesterday, as mutation 1 of client `n`.
    fn mutation(n: usize) -> Mutation {
        let now = Utc::now();
        Mutation {
            id: format!("00000000-0000-4000-8000-{:012x}", 1000 + n),
            seq: 1,
            device_time: now,
            change: Change::DeclarationRevision {
                day: anxin_domain::local_day(now) - Duration::days(1),
                revision_id: format!("00000000-0000-4000-8000-{n:012x}"),
                answers: answers_at(366),
                correction_reason: None,
            },
        }
    }

    fn waiting(store: &impl Store, n: usize) -> WaitingPush {
        let actor = store.account(&person(n)).unwrap().unwrap().person;
        let at = Utc::now();
        WaitingPush::new(&actor, &format!("client-{n}"), &[mutation(n)], at, &Directory::default())
            .0
    }

    /// Person `n`'s filing through the store, as the push endpoint sends it.
    fn push(store: &impl Store, n: usize) -> Result<Vec<PushResult>> {
        let actor = store.account(&person(n)).unwrap().unwrap().person;
        let client = format!("client-{n}");
        store.push(&actor, &client, &[mutation(n)], Utc::now(), &Directory::default())
    }

    fn stored_revisions(store: &impl Store, n: usize) -> u32 {
        store.declarations_of(&person(n)).unwrap().len() as u32
    }

    #[test]
    fn test_a_push_failing_inside_its_group_is_left_out_and_the_others_are_stored() {
        let dir = tempfile::tempdir().unwrap();
        a_failing_push_is_left_out(&store(dir.path()));
    }

    #[test]
    fn test_on_postgres_a_push_failing_inside_its_group_is_left_out() {
        match postgres_store() {
            Some(store) => a_failing_push_is_left_out(&store),
            None => eprintln!("skipped: runs on PostgreSQL (ANXIN_TEST_BACKEND=postgres)"),
        }
    }

    /// The fault hook is process-wide: one test at a time marks a client.
    static MARKING: std::sync::Mutex<()> = std::sync::Mutex::new(());

    fn a_failing_push_is_left_out<E: Engine + Store>(store: &E) {
        left_out_alone(store, 0, faults::mark);
    }

    #[test]
    fn test_a_group_whose_rows_cannot_be_written_finds_the_push_at_fault() {
        let dir = tempfile::tempdir().unwrap();
        left_out_alone(&store(dir.path()), 3, faults::mark_writing);
        if let Some(store) = postgres_store() {
            left_out_alone(&store, 3, faults::mark_writing);
        }
    }

    /// People `first`.. `first + 2` push together, the middle one's push
    /// failing by `mark`: only it is refused, nothing of it stays (sent
    /// again, it is decided for the first time, not a duplicate). With
    /// `faults::mark_writing`, the failure is in the rows written together
    /// at the group's end, which no push is to blame for: the group runs
    /// again writing after each push.
    fn left_out_alone<E: Engine + Store>(store: &E, first: usize, mark: fn(Option<&str>)) {
        let _one_at_a_time = MARKING.lock().unwrap_or_else(|e| e.into_inner());
        let people = [first, first + 1, first + 2];
        let group: Vec<WaitingPush> = people.iter().map(|&n| waiting(store, n)).collect();
        mark(Some(&format!("client-{}", first + 1)));
        let answers = commit_group(store, &group);
        mark(None);
        let applied = |answer: &Result<Vec<PushResult>>| matches!(answer, Ok(results) if results.len() == 1 && results[0].outcome == Outcome::Applied);
        assert!(applied(&answers[0]) && applied(&answers[2]), "{answers:?}");
        assert!(matches!(answers[1], Err(StoreError::Commit(_))), "{:?}", answers[1]);
        assert_eq!(people.map(|n| stored_revisions(store, n)), [1, 0, 1]);
        assert_eq!(push(store, first + 1).unwrap()[0].outcome, Outcome::Applied);
        assert_eq!(stored_revisions(store, first + 1), 1);
    }

    #[test]
    fn test_pushes_arriving_together_are_each_decided_once_and_answered() {
        // Its clients include the ones the fault tests mark.
        let _one_at_a_time = MARKING.lock().unwrap_or_else(|e| e.into_inner());
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(store(dir.path()));
        let threads: Vec<_> = (0..PEOPLE)
            .map(|n| {
                let store = store.clone();
                std::thread::spawn(move || {
                    // Each device sends its push twice (a lost answer
                    // retried at once): applied, then a duplicate.
                    let first = push(&*store, n).unwrap()[0].outcome.clone();
                    let second = push(&*store, n).unwrap()[0].outcome.clone();
                    (first, second)
                })
            })
            .collect();
        for thread in threads {
            assert_eq!(thread.join().unwrap(), (Outcome::Applied, Outcome::Duplicate));
        }
        for n in 0..PEOPLE {
            assert_eq!(stored_revisions(&*store, n), 1, "{}", person(n));
        }
    }
}
