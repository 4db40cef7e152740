use anxin_domain::clock_text::hh_mm;
use anxin_domain::counselling::booking::is_valid_reason;
use anxin_domain::counselling::my_bookings::{BookingRecord, Standing};
use anxin_domain::counselling::{NoticeError, Slot, Wanted};
use leptos::prelude::*;

use super::booking_labels::{ics_href, reach_line, standing_name, standing_words};
use super::booking_slots::{name_of, slot_when, SlotPicker};
use super::slot_labels::day_label;
use super::FieldError;
use crate::declaring::{device_now, new_id};
use crate::state::bookings::use_bookings;
use crate::state::{use_directory, use_i18n};
use crate::sync::use_sync;

/// What the person is doing to a booking.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Changing {
    Cancel,
    Move,
}

/// One of the person's bookings: its state in words, and what can be done
/// with it (take an alternative or a proposed time in one tap, cancel or
/// move within the notice, add it to the calendar). Nothing more is offered
/// while a cancellation or a move of it is on its way.
#[component]
pub fn BookingItem(
    record: BookingRecord,
    /// Where it stands among the person's bookings.
    standing: Standing,
    /// A move of it not yet decided.
    moving: bool,
    /// All the person's bookings (a follow-up may move an earlier one).
    #[prop(into)]
    records: Signal<Vec<BookingRecord>>,
    /// Free slots to move to.
    #[prop(into)]
    slots: Signal<Vec<Slot>>,
    #[prop(into)] names: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let bookings = use_bookings();
    let notice = use_directory().directory;
    let changing = RwSignal::new(None::<Changing>);
    let reason = RwSignal::new(String::new());
    let reason_invalid = RwSignal::new(false);
    let picked = RwSignal::new(None::<Slot>);
    let slot_missing = RwSignal::new(false);

    let id = record.id().to_owned();
    let record = StoredValue::new(record);
    let counsellor = move || {
        record.with_value(|r| {
            r.server.as_ref().and_then(|b| b.counsellor_name.clone()).or_else(|| {
                r.slot().and_then(|s| name_of(&names.get(), &s.counsellor_id).map(str::to_owned))
            })
        })
    };
    // A new request with this booking's details, moving it.
    let book = move |slot: &Slot, why: &str| {
        let wanted = Wanted::Slot { counsellor_id: slot.counsellor_id.clone(), start: slot.start };
        let request = records
            .with_untracked(|all| record.with_value(|r| r.follow_up(all, new_id(), wanted, why)));
        let from = record.with_value(|r| r.id().to_owned());
        bookings.follow_up(request, &from);
    };
    let sending = {
        let id = id.clone();
        move || sync.in_flight.get().contains(&id)
    };
    let words = {
        let standing = standing.clone();
        move || standing_words(i18n.texts(), &standing, sending())
    };
    let slot_line = move || {
        let texts = i18n.texts();
        record.with_value(|r| {
            r.slot().map(|slot| slot_when(texts, i18n.lang(), slot, counsellor().as_deref()))
        })
    };
    let topic = record.with_value(|r| r.request.topic.clone());
    let reach = record.with_value(reach_line);
    let asked_for = match (&standing, &record.with_value(|r| r.request.wanted.clone())) {
        // The time asked for, while it is not held (or was lost).
        (
            Standing::SlotTaken { .. } | Standing::NotSent | Standing::Waiting,
            Wanted::Slot { counsellor_id, start },
        ) => {
            let (counsellor_id, start) = (counsellor_id.clone(), *start);
            Some(move || {
                let texts = i18n.texts();
                let mut when =
                    format!("{} {}", day_label(texts, i18n.lang(), start.date()), hh_mm(&start));
                if let Some(name) = name_of(&names.get(), &counsellor_id) {
                    when = format!("{when} · {name}");
                }
                texts.booking_asked_for.with(&when)
            })
        }
        _ => None,
    };
    let cancelling = record.with_value(BookingRecord::cancelling);
    let pending = cancelling || moving;
    let moving = moving && !cancelling;
    let cancel_refused = record.with_value(|r| r.cancel_refused().map(str::to_owned)).map(|code| {
        move || {
            let texts = i18n.texts();
            texts.booking_cancel_refused.with(texts.rejection(&code))
        }
    });

    let alternatives = {
        let why = move || i18n.texts().booking_took_alternative;
        match &standing {
            Standing::SlotTaken { alternatives } if !pending => Some(
                alternatives
                    .iter()
                    .cloned()
                    .map(|slot| {
                        let chosen = slot.clone();
                        let label = move || {
                            slot_when(i18n.texts(), i18n.lang(), &slot, name_of(&names.get(), &slot.counsellor_id))
                        };
                        view! {
                            <li>
                                <button type="button" class="alternative" data-testid="alternative" on:click=move |_| book(&chosen, why())>
                                    {label}
                                </button>
                            </li>
                        }
                    })
                    .collect_view(),
            ),
            _ => None,
        }
    };
    let proposal = match &standing {
        Standing::Confirmed { proposed: Some(slot), .. } if !pending => {
            let slot = slot.clone();
            let label = {
                let slot = slot.clone();
                move || {
                    let texts = i18n.texts();
                    format!(
                        "{}{}",
                        texts.booking_proposed,
                        slot_when(texts, i18n.lang(), &slot, None)
                    )
                }
            };
            Some(view! {
                <p class="proposal">{label}</p>
                <button type="button" data-testid="accept-proposal" on:click=move |_| book(&slot, i18n.texts().booking_took_proposal)>
                    {move || i18n.texts().booking_accept_proposal}
                </button>
            })
        }
        _ => None,
    };
    let confirmed = matches!(standing, Standing::Confirmed { .. });
    // A calendar entry only for what the counsellor has confirmed.
    let accepted = matches!(standing, Standing::Confirmed { accepted: true, .. });
    let change_allowed = move || {
        let minutes = notice.get().cancellation_notice_minutes;
        record.with_value(|r| r.can_change(device_now(), minutes))
    };
    let why_not = move || {
        let texts = i18n.texts();
        match change_allowed() {
            Ok(()) => None,
            Err(NoticeError::TooLate { minutes }) => Some(texts.booking_too_late.with(minutes)),
            Err(NoticeError::Started) => Some(texts.booking_started.to_owned()),
        }
    };
    let ics = move || {
        let texts = i18n.texts();
        record.with_value(|r| {
            r.slot()
                .filter(|s| accepted && s.starts_at() > device_now())
                .map(|slot| ics_href(texts, r, slot, counsellor().as_deref().unwrap_or_default()))
        })
    };
    let confirm = move |_| {
        let why = reason.get_untracked();
        reason_invalid.set(!is_valid_reason(&why));
        let slot = picked.get_untracked();
        let moving = changing.get_untracked() == Some(Changing::Move);
        slot_missing.set(moving && slot.is_none());
        if reason_invalid.get_untracked() || slot_missing.get_untracked() {
            return;
        }
        match slot {
            Some(slot) if moving => book(&slot, &why),
            _ => {
                let id = record.with_value(|r| r.id().to_owned());
                bookings.cancel(&id, &why);
            }
        }
        changing.set(None);
    };
    let reason_error =
        Signal::derive(move || reason_invalid.get().then_some(i18n.texts().book_problem_reason));
    let slot_error =
        Signal::derive(move || slot_missing.get().then_some(i18n.texts().book_problem_slot));
    let open = move |what: Changing| {
        move |_| {
            changing.set(Some(what));
            reason_invalid.set(false);
            slot_missing.set(false);
        }
    };
    let picker_name = StoredValue::new(format!("move-{id}"));

    view! {
        <li class="booking" data-testid="booking" data-state=standing_name(&standing) data-id=id>
            <p class="booking-state" data-testid="booking-state">{words}</p>
            {record.with_value(|r| r.slot().is_some()).then(|| view! { <p class="booking-slot" data-testid="booking-slot">{slot_line}</p> })}
            {asked_for.map(|text| view! { <p class="booking-slot" data-testid="asked-for">{text}</p> })}
            {(!topic.is_empty()).then(|| view! { <p class="hint">{move || i18n.texts().booking_topic}{topic.clone()}</p> })}
            {reach.map(|(anonymous, phone)| view! {
                <p class="hint" data-testid="booking-reach">
                    {move || anonymous.then_some(i18n.texts().booking_anonymous)}
                    {move || phone.as_ref().map(|p| format!(" {}", i18n.texts().booking_call_back.with(p)))}
                </p>
            })}
            {moving.then(|| view! { <p class="hint" data-testid="booking-moving">{move || i18n.texts().booking_moving}</p> })}
            {cancelling.then(|| view! { <p class="hint" data-testid="booking-cancelling">{move || i18n.texts().booking_cancelling}</p> })}
            {cancel_refused.map(|text| view! { <p class="notice" data-testid="cancel-refused">{text}</p> })}
            {alternatives.map(|list| view! { <ul class="alternatives">{list}</ul> })}
            {proposal}
            {confirmed.then(|| view! {
                <div class="booking-actions">
                    {move || ics().map(|href| view! {
                        <a class="button" href=href download="anxin-counselling.ics" data-testid="ics">
                            {move || i18n.texts().booking_ics}
                        </a>
                    })}
                    {move || match why_not() {
                        _ if pending => ().into_any(),
                        Some(text) => view! { <p class="hint" data-testid="too-late">{text}</p> }.into_any(),
                        None => view! {
                            <button type="button" data-testid="cancel" on:click=open(Changing::Cancel)>
                                {move || i18n.texts().booking_cancel}
                            </button>
                            <button type="button" data-testid="reschedule" on:click=open(Changing::Move)>
                                {move || i18n.texts().booking_reschedule}
                            </button>
                        }.into_any(),
                    }}
                </div>
            })}
            <Show when=move || changing.get().is_some()>
                <div class="booking-change">
                    <Show when=move || changing.get() == Some(Changing::Move)>
                        <fieldset class="field slots" class:invalid=move || slot_missing.get()>
                            <SlotPicker name=picker_name.get_value() slots=slots names=names picked=picked/>
                            <FieldError error=slot_error/>
                        </fieldset>
                    </Show>
                    <label class="field" class:invalid=move || reason_invalid.get() data-field="reason">
                        <span class="label">{move || i18n.texts().booking_reason}</span>
                        <input
                            type="text"
                            data-testid="change-reason"
                            prop:value=move || reason.get()
                            on:input=move |ev| reason.set(event_target_value(&ev))
                        />
                        <FieldError error=reason_error/>
                    </label>
                    <div class="form-actions">
                        <button type="button" data-testid="confirm-change" on:click=confirm>
                            {move || match changing.get() {
                                Some(Changing::Move) => i18n.texts().booking_confirm_move,
                                _ => i18n.texts().booking_confirm_cancel,
                            }}
                        </button>
                        <button type="button" class="secondary" on:click=move |_| changing.set(None)>
                            {move || i18n.texts().booking_keep}
                        </button>
                    </div>
                </div>
            </Show>
        </li>
    }
}
