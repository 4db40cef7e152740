use anxin_domain::counselling::my_bookings::{bookable_slots, held_keys, BookingRecord, Standing};
use anxin_domain::counselling::Urgency;
use leptos::prelude::*;

use crate::components::{BookingForm, BookingItem, Choice, ConsentCard, CrisisPanel, WaitlistCard};
use crate::school_clock::use_school_clock;
use crate::state::bookings::use_bookings;
use crate::state::privacy::use_privacy;
use crate::state::{use_connectivity, use_i18n};
use crate::storage::StoredSchedule;
use crate::sync::use_sync;

/// Free times are offered this many days ahead (SPEC §3: two weeks).
const OFFER_DAYS: u64 = 14;
const URGENCIES: [Urgency; 3] = [Urgency::Routine, Urgency::Soon, Urgency::Crisis];

/// Counselling (SPEC §3): "I need help now" and the hotlines first, the
/// booking form from the stored schedule, and the person's own bookings
/// with their state. Everything here works offline.
#[component]
pub fn Counselling() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let clock = use_school_clock();
    let bookings = use_bookings();
    let records = bookings.records;
    let privacy = use_privacy();
    let schedule = bookings.schedule;
    // What is on this page has been seen: no banner on Today for it, now
    // or when a sync brings news while the page is open.
    Effect::new(move |_| {
        records.track();
        bookings.mark_seen();
    });
    // Opening the page online fetches the schedule (with the rest of a sync).
    if use_connectivity().online.get_untracked() {
        sync.sync_now();
    }

    let urgency = RwSignal::new(Urgency::Routine);
    let crisis = Memo::new(move |_| urgency.get() == Urgency::Crisis);
    // Memos: the lists are drawn again only when they change (not at each
    // clock tick or schedule fetch), so an open day stays open.
    let names = Memo::new(move |_| {
        schedule.with(|s| {
            s.as_ref().map_or_else(Vec::new, |s: &StoredSchedule| {
                s.schedule
                    .counsellors
                    .iter()
                    .map(|c| (c.plan.counsellor_id.clone(), c.name.clone()))
                    .collect()
            })
        })
    });
    let slots = Memo::new(move |_| {
        let now = clock.now.get();
        let held = records.with(|r| held_keys(r));
        schedule.with(|s| {
            s.as_ref().map_or_else(Vec::new, |s| {
                bookable_slots(&s.schedule, now, OFFER_DAYS, None, &held)
            })
        })
    });
    let signed_in = move || sync.person.get().is_some();
    let options = Signal::derive(move || {
        let texts = i18n.texts();
        vec![texts.self_routine, texts.self_soon, texts.self_crisis]
    });
    // Each with where it stands among the others (a move of it waits for
    // another record's decision).
    let shown = move || {
        records.with(|all| {
            all.iter()
                .map(|r| (r.clone(), r.standing_among(all), r.moving(all)))
                .collect::<Vec<_>>()
        })
    };
    // Keyed by the whole record and its standing: an item is drawn again
    // only when they changed (a reason being typed survives a sync).
    let key = |(record, standing, moving): &(BookingRecord, Standing, bool)| {
        format!("{}{standing:?}{moving}", serde_json::to_string(record).unwrap_or_default())
    };

    view! {
        <h1>{move || i18n.texts().counselling_title}</h1>
        <p class="intro">{move || i18n.texts().counselling_intro}</p>
        <button
            type="button"
            class="need-help"
            data-testid="need-help"
            on:click=move |_| urgency.set(Urgency::Crisis)
        >
            {move || i18n.texts().need_help}
        </button>
        // Right under the button, in view without scrolling.
        <Show when=move || crisis.get()>
            <CrisisPanel/>
        </Show>
        <Choice
            name="urgency"
            label=Signal::derive(move || i18n.texts().self_urgency)
            options=options
            selected=Signal::derive(move || URGENCIES.iter().position(|u| *u == urgency.get()))
            on_pick=Callback::new(move |i: usize| urgency.set(URGENCIES[i]))
            error=Signal::derive(|| None)
        />
        <Show when=move || !crisis.get()>
            <Show
                when=signed_in
                fallback=move || view! { <p class="notice" data-testid="book-sign-in">{move || i18n.texts().book_sign_in}</p> }
            >
                // The service's own consent first (a crisis needs none).
                <Show when=move || privacy.consented() fallback=ConsentCard>
                    <BookingForm urgency=urgency schedule=schedule slots=slots names=names/>
                    // When no time suits.
                    <WaitlistCard names=names/>
                </Show>
            </Show>
        </Show>
        <Show when=signed_in>
            <section class="my-bookings" data-testid="my-bookings">
                <h2>{move || i18n.texts().my_bookings_title}</h2>
                <Show
                    when=move || !records.with(Vec::is_empty)
                    fallback=move || view! { <p class="hint">{move || i18n.texts().my_bookings_empty}</p> }
                >
                    <ul class="bookings">
                        <For each=shown key=key let:((record, standing, moving))>
                            <BookingItem record=record standing=standing moving=moving records=records slots=slots names=names/>
                        </For>
                    </ul>
                </Show>
            </section>
        </Show>
    }
}
