//! Today's campus pass (SPEC §6) on the person's phone, offline: the QR
//! code the guard scans, the status in big colour and words, their name
//! and class, and when it was issued. The phone only shows it (the guard's
//! phone verifies the signature); a pass of an earlier day is never shown
//! as valid. The page of the pass bundle (`pass.html`), not of the first
//! load.

use anxin_domain::pass::wire::from_text;
use anxin_domain::pass::{EntryStatus, PassClaims};
use leptos::prelude::*;

use crate::components::{PassQr, ReturnToCampus};
use crate::declaring::school_now;
use crate::i18n::{local_instant, PassTexts};
use crate::state::{use_i18n, use_storage_status};
use crate::storage::{DeviceStore, PassStore, StoredPass};
use crate::sync::use_sync;

fn status_words(t: &PassTexts, status: EntryStatus) -> (&'static str, &'static str) {
    match status {
        EntryStatus::MayEnter => ("may-enter", t.may_enter),
        EntryStatus::Check => ("check", t.check),
        EntryStatus::DoNotAdmit => ("do-not-admit", t.do_not_admit),
    }
}

#[component]
pub fn Pass() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let storage = use_storage_status();
    // Read again after each sync (a new pass is signed every time).
    let shown = Memo::new(move |_| {
        sync.records_changed.track();
        let stored = storage.record(PassStore::new(&DeviceStore).get()).flatten()?;
        let (claims, _, _) = from_text(&stored.text).ok()?;
        // Only today's: an older one is not valid, whatever it said.
        (claims.day == school_now().0).then_some((stored, claims))
    });
    let person = move || sync.account.session.with(|s| s.as_ref().map(|s| s.person.clone()));
    let card = move |(stored, claims): (StoredPass, PassClaims)| {
        let t = i18n.texts().pass();
        let (class, words) = status_words(t, claims.status);
        let (name, class_name) = person()
            .map(|p| (p.name, p.class_name))
            .unwrap_or((claims.masked_name.clone(), claims.class.clone()));
        view! {
            <section class=format!("pass-card {class}") data-testid="pass" data-status=class>
                <p class="pass-status" data-testid="pass-status">{words}</p>
                <PassQr text=stored.text label=Signal::derive(move || i18n.texts().pass().qr_label)/>
                <p class="pass-person"><strong>{name}</strong>" · "{class_name}</p>
                <p class="hint" data-testid="pass-issued">{t.issued.with(&local_instant(stored.received_at, i18n.lang()))}</p>
                {(claims.status == EntryStatus::DoNotAdmit).then(|| view! {
                    <p class="notice warning" data-testid="pass-observation">{t.observation}</p>
                })}
                <p class="hint">{t.works_offline}</p>
            </section>
        }
    };
    view! {
        <h1>{move || i18n.texts().pass_title}</h1>
        {move || match shown.get() {
            Some(pass) => card(pass).into_any(),
            None => view! { <p class="notice" data-testid="pass-none">{i18n.texts().pass().none}</p> }.into_any(),
        }}
        <ReturnToCampus/>
    }
}
