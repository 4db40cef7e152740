//! Offline install and updates through the service worker (`/sw.js`).
//!
//! The worker precaches one build and serves it offline. When a new build
//! is deployed, its worker installs and waits; the app then offers "a new
//! version is ready — reload", and only on that tap does the new worker take
//! over and the page reload, so one page never mixes files of two builds.
//! Where service workers are unavailable (in-app browsers, private modes)
//! none of this runs and the app works as long as the page is open.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerRegistration, ServiceWorkerState};

/// How often an open app asks the server for a new build.
const UPDATE_CHECK_MS: i32 = 30 * 60 * 1000;

thread_local! {
    static REGISTRATION: RefCell<Option<ServiceWorkerRegistration>> = const { RefCell::new(None) };
    static RELOAD_ON_CHANGE: Cell<bool> = const { Cell::new(false) };
    static KEEP_ASKED: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
}

/// Whether a new build is installed and waiting for the person's reload.
#[derive(Clone, Copy)]
pub struct AppUpdate {
    pub ready: ReadSignal<bool>,
}

impl AppUpdate {
    /// Lets the waiting build take over; the page reloads once it has.
    pub fn apply(&self) {
        let waiting = REGISTRATION.with(|r| r.borrow().as_ref().and_then(|r| r.waiting()));
        match waiting {
            Some(worker) => {
                RELOAD_ON_CHANGE.set(true);
                let _ = worker.post_message(&message("SKIP_WAITING"));
            }
            None => {
                let _ = window().location().reload();
            }
        }
    }
}

/// A message to the service worker: `{type, …}`.
fn message(kind: &str) -> js_sys::Object {
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &kind.into());
    message
}

/// Asks the service worker to keep a bundle of its own on this phone (the
/// pass bundle, once a pass has come; the booking page, once signed in),
/// each at most once per page load; the worker fetches it only if it is
/// not kept for this build yet.
pub fn keep_bundle(bundle: &'static str) {
    let asked = KEEP_ASKED.with_borrow_mut(|asked| {
        let before = asked.contains(&bundle);
        if !before {
            asked.push(bundle);
        }
        before
    });
    if asked || !service_workers_supported() {
        return;
    }
    leptos::task::spawn_local(async move {
        let Ok(ready) = window().navigator().service_worker().ready() else { return };
        let Ok(registration) = JsFuture::from(ready).await else { return };
        let Some(worker) =
            registration.dyn_into::<ServiceWorkerRegistration>().ok().and_then(|r| r.active())
        else {
            return;
        };
        let message = message("KEEP_BUNDLE");
        let _ = js_sys::Reflect::set(&message, &"bundle".into(), &bundle.into());
        let _ = worker.post_message(&message);
    });
}

pub fn provide_app_update() -> AppUpdate {
    let (ready, set_ready) = signal(false);
    if service_workers_supported() {
        leptos::task::spawn_local(register(set_ready));
    }
    let update = AppUpdate { ready };
    provide_context(update);
    update
}

pub fn use_app_update() -> AppUpdate {
    expect_context::<AppUpdate>()
}

fn service_workers_supported() -> bool {
    let navigator = window().navigator();
    js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false)
}

async fn register(set_ready: WriteSignal<bool>) {
    let container = window().navigator().service_worker();
    let Ok(registration) = JsFuture::from(container.register("/sw.js")).await else {
        // No worker (e.g. not served over HTTPS): the page still works.
        return;
    };
    // Some embedded browsers resolve without a registration.
    let Ok(registration) = registration.dyn_into::<ServiceWorkerRegistration>() else { return };
    let has_controller = container.controller().is_some();
    if has_controller && registration.waiting().is_some() {
        set_ready.set(true);
    }
    watch_installing(&registration, set_ready);

    // Reload only when the person asked for the new build; the first
    // install also changes the controller and must not reload.
    let on_controller_change = Closure::<dyn FnMut()>::new(move || {
        if RELOAD_ON_CHANGE.get() {
            RELOAD_ON_CHANGE.set(false);
            let _ = window().location().reload();
        }
    });
    container.set_oncontrollerchange(Some(on_controller_change.as_ref().unchecked_ref()));
    on_controller_change.forget();

    schedule_update_checks(&registration);
    REGISTRATION.with(|r| *r.borrow_mut() = Some(registration));
}

/// Marks the update ready when a new worker finishes installing while an
/// older one controls the page: one already installing when the app starts
/// (the browser checks on navigation), or one found later.
fn watch_installing(registration: &ServiceWorkerRegistration, set_ready: WriteSignal<bool>) {
    if let Some(installing) = registration.installing() {
        watch_worker(installing, set_ready);
    }
    let registration_for_event = registration.clone();
    let on_update_found = Closure::<dyn FnMut()>::new(move || {
        if let Some(installing) = registration_for_event.installing() {
            watch_worker(installing, set_ready);
        }
    });
    registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
    on_update_found.forget();
}

fn watch_worker(worker: web_sys::ServiceWorker, set_ready: WriteSignal<bool>) {
    let watched = worker.clone();
    let on_state_change = Closure::<dyn FnMut()>::new(move || {
        let controlled = window().navigator().service_worker().controller().is_some();
        if watched.state() == ServiceWorkerState::Installed && controlled {
            set_ready.set(true);
        }
    });
    worker.set_onstatechange(Some(on_state_change.as_ref().unchecked_ref()));
    on_state_change.forget();
}

/// Checks for a new build when the page becomes visible and every half hour.
fn schedule_update_checks(registration: &ServiceWorkerRegistration) {
    // Offline, the check fails; that is expected and must not surface as an
    // unhandled rejection.
    let ignore = Rc::new(Closure::<dyn FnMut(JsValue)>::new(|_| {}));
    let check = {
        let registration = registration.clone();
        move || {
            if let Ok(promise) = registration.update() {
                let _ = promise.catch(&ignore);
            }
        }
    };
    let periodic = Closure::<dyn FnMut()>::new(check.clone());
    let _ = window().set_interval_with_callback_and_timeout_and_arguments_0(
        periodic.as_ref().unchecked_ref(),
        UPDATE_CHECK_MS,
    );
    periodic.forget();
    let _ = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Visible {
            check();
        }
    });
}
