//! One tab at a time syncs: the Web Locks API, asked "if available", so a
//! second tab skips a round instead of waiting (the first is already
//! sending everything queued). Where the API is missing, the round runs
//! anyway: the server's exactly-once rule makes a double send harmless.
//! Sign-out waits for the lock instead, so that it never wipes the device
//! in the middle of a round.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{future_to_promise, JsFuture};

const LOCK_NAME: &str = "anxin-sync";

fn lock_manager() -> Option<Object> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    locks.dyn_into::<Object>().ok()
}

/// The work done while holding the lock.
type Work = Box<dyn FnOnce() -> Pin<Box<dyn Future<Output = ()>>>>;

/// Runs `work` holding the sync lock; `false` when another tab holds it.
pub async fn run_exclusive<F, Fut>(work: F) -> bool
where
    F: FnOnce() -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    with_lock(true, Box::new(move || Box::pin(work()))).await
}

/// Runs `work` holding the sync lock, after whichever round of any tab
/// holds it now (sign-out: no round writes while the records go).
pub async fn run_when_free<F, Fut>(work: F)
where
    F: FnOnce() -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    with_lock(false, Box::new(move || Box::pin(work()))).await;
}

/// One copy in the wasm, whatever the work.
async fn with_lock(if_available: bool, work: Work) -> bool {
    let Some(locks) = lock_manager() else {
        work().await;
        return true;
    };
    let Ok(request) =
        Reflect::get(&locks, &JsValue::from_str("request")).and_then(|f| f.dyn_into::<Function>())
    else {
        work().await;
        return true;
    };
    let ran = Rc::new(Cell::new(false));
    let work = Rc::new(RefCell::new(Some(work)));
    let callback = {
        let ran = ran.clone();
        Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |lock: JsValue| -> JsValue {
            let taken = work.borrow_mut().take();
            match taken {
                Some(work) if !lock.is_null() => {
                    ran.set(true);
                    // The lock is held until this promise settles.
                    future_to_promise(async move {
                        work().await;
                        Ok(JsValue::UNDEFINED)
                    })
                    .into()
                }
                _ => Promise::resolve(&JsValue::UNDEFINED).into(),
            }
        })
    };
    let options = Object::new();
    if if_available {
        let _ = Reflect::set(&options, &JsValue::from_str("ifAvailable"), &JsValue::TRUE);
    }
    let held = request.call3(&locks, &JsValue::from_str(LOCK_NAME), &options, callback.as_ref());
    if let Ok(promise) = held.and_then(|p| p.dyn_into::<Promise>()) {
        let _ = JsFuture::from(promise).await;
    }
    drop(callback);
    ran.get()
}
