//! Browser-only parts of sync in headless Chromium: the Web Locks guard
//! that lets one tab sync at a time, and the outbox in real localStorage.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use anxin::storage::{keys, KeyValueStore, LocalStore, OutboxStore, QueuedMutation, SyncMeta};
use anxin::sync::lock::run_exclusive;
use anxin::sync::DeviceChange;
use anxin_domain::fixtures::answers_at;
use anxin_domain::sync::{Outcome, PushResult};
use chrono::{NaiveDate, TimeZone, Utc};
use futures::channel::oneshot;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn test_a_second_round_is_skipped_while_the_lock_is_held() {
    let (release, released) = oneshot::channel::<()>();
    let (started_tx, started) = oneshot::channel::<()>();
    let first =
        wasm_bindgen_futures::JsFuture::from(wasm_bindgen_futures::future_to_promise(async move {
            let ran = run_exclusive(move || async move {
                let _ = started_tx.send(());
                let _ = released.await;
            })
            .await;
            Ok(wasm_bindgen::JsValue::from_bool(ran))
        }));
    started.await.unwrap();
    let second_ran = Rc::new(Cell::new(false));
    let flag = second_ran.clone();
    let held = run_exclusive(move || async move { flag.set(true) }).await;
    assert!(!held && !second_ran.get(), "another holder: this round is skipped");
    release.send(()).unwrap();
    assert_eq!(first.await.unwrap().as_bool(), Some(true));
    let after = run_exclusive(|| async {}).await;
    assert!(after, "free again once the first round finished");
}

fn clear_sync_records(store: &LocalStore) {
    for prefix in [keys::OUTBOX_PREFIX, keys::REJECTED_PREFIX] {
        for key in store.keys_with_prefix(prefix).unwrap() {
            store.remove(&key).unwrap();
        }
    }
    store.remove(keys::SYNC).unwrap();
}

#[wasm_bindgen_test]
fn test_outbox_survives_in_local_storage_one_record_per_change() {
    let store = LocalStore::open().unwrap();
    clear_sync_records(&store);
    let outbox_store = OutboxStore::new(&store);
    for (n, id) in ["r1", "r2"].into_iter().enumerate() {
        outbox_store
            .queue(&QueuedMutation {
                id: id.into(),
                seq: None,
                device_time: Utc.with_ymd_and_hms(2020, 2, 10, 1, n as u32, 0).unwrap(),
                change: DeviceChange::DeclarationRevision {
                    day: NaiveDate::from_ymd_opt(2020, 2, 10).unwrap(),
                    revision_id: id.into(),
                    answers: answers_at(366),
                    correction_reason: None,
                },
            })
            .unwrap();
    }
    assert_eq!(store.keys_with_prefix(keys::OUTBOX_PREFIX).unwrap().len(), 2);

    let mut meta = SyncMeta::default();
    let mut outbox = outbox_store.open(&mut meta, "p1", || "client".into()).unwrap();
    let events =
        outbox.acknowledge(&[PushResult { seq: 1, id: "r1".into(), outcome: Outcome::Applied }]);
    outbox_store.settle(&events).unwrap();

    // As a reload would: everything read back from localStorage.
    let reread = OutboxStore::new(&store);
    assert_eq!(reread.count().unwrap(), 1);
    let left = reread.queued().unwrap();
    assert_eq!((left[0].id.as_str(), left[0].seq), ("r2", Some(2)));
    assert_eq!(reread.meta().unwrap().next_seq, 3);
    clear_sync_records(&store);
}
