use chrono::Datelike;
use leptos::prelude::*;

use crate::declaring::use_declaring;
use crate::i18n::when::day_at;
use crate::state::{use_directory, use_i18n, use_storage_status};
use crate::storage::{DeclarationStore, DeviceStore, StoredDay};
use crate::sync::use_sync;

/// One row per day, newest first, with its state and an abnormal badge;
/// a day opens to show its revisions.
#[component]
pub fn History() -> impl IntoView {
    let i18n = use_i18n();
    let storage = use_storage_status();
    let rules = use_directory().directory;
    // Re-read when today's record changes (a new filing or correction).
    let today = use_declaring().today;
    let sync = use_sync();
    let days = Memo::new(move |_| {
        today.track();
        sync.records_changed.track();
        let store = DeclarationStore::new(&DeviceStore);
        let days = storage.record(store.days()).unwrap_or_default();
        days.into_iter()
            .filter_map(|d| storage.record(store.day(d)).flatten())
            .collect::<Vec<StoredDay>>()
    });
    let row = move |stored: StoredDay| {
        let texts = i18n.texts();
        let this_year = crate::declaring::school_now().0.year();
        let abnormal = stored.declaration.current().answers.is_abnormal(&rules.get().rules);
        let revisions = stored
            .declaration
            .revisions
            .iter()
            .zip(stored.delivery.iter())
            .map(|(revision, delivery)| {
                let reasons = revision.answers.abnormal_reasons(&rules.get().rules);
                view! {
                    <li class="revision" data-testid="revision">
                        <strong>{texts.history_revision.with(revision.number)}</strong>
                        " · " {format!("{} °C", revision.answers.temperature)}
                        " · " <span data-testid="revision-delivery">{texts.delivery(&sync.delivery_of(&revision.id, delivery.clone()))}</span>
                        {revision.correction_reason.clone().map(|r| view! {
                            <p class="hint">{texts.history_reason}{r}</p>
                        })}
                        {(!reasons.is_empty()).then(|| view! {
                            <ul class="reasons">{reasons.into_iter().map(|r| view! { <li>{texts.reason(r)}</li> }).collect_view()}</ul>
                        })}
                    </li>
                }
            })
            .collect_view();
        view! {
            <details class="card history-day" data-testid="history-day">
                <summary>
                    <span class="day">{day_at(stored.declaration.day, i18n.lang(), this_year)}</span>
                    <span class="delivery">{texts.delivery(&stored.current_delivery())}</span>
                    {abnormal.then(|| view! { <span class="badge abnormal">{texts.history_abnormal}</span> })}
                </summary>
                <ol class="revisions">{revisions}</ol>
            </details>
        }
    };
    view! {
        <h1>{move || i18n.texts().history_title}</h1>
        {move || {
            let days = days.get();
            if days.is_empty() {
                view! { <p class="hint">{i18n.texts().history_empty}</p> }.into_any()
            } else {
                days.into_iter().map(row).collect_view().into_any()
            }
        }}
    }
}
