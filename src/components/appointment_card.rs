//! One appointment on the counsellor's desk: when and how, who (a name, or
//! a pseudonym and a phone number), why, its state, what she can do, and
//! her private note.

use anxin_domain::counselling::{Appointment, AppointmentStatus, Slot, Urgency};
use leptos::prelude::*;

use super::appointment_actions::AppointmentActions;
use super::appointment_labels::{status_label, urgency_label, visitor_label};
use super::note_editor::NoteEditor;
use super::slot_labels::{mode_label, slot_span};
use crate::i18n::{Lang, Texts};
use crate::state::use_i18n;

#[component]
pub fn AppointmentCard(
    appointment: Appointment,
    #[prop(into)] free_slots: Signal<Vec<Slot>>,
    passphrase: RwSignal<Option<String>>,
    /// Booked, but her published plan no longer holds it.
    #[prop(into)]
    off_duty: Signal<bool>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let a = StoredValue::new(appointment.clone());
    let crisis = appointment.urgency == Urgency::Crisis;
    let booking_id = appointment.booking_id.clone();
    let note_id = appointment.booking_id.clone();
    let status = appointment.status.as_str();
    let details = move || {
        let t = i18n.texts();
        let lang = i18n.lang();
        a.with_value(|a| {
            let accepted = (a.status == AppointmentStatus::Confirmed).then(|| {
                let (class, text) = if a.accepted {
                    ("accepted yes", t.desk().appt_accepted)
                } else {
                    ("accepted", t.desk().appt_not_accepted)
                };
                view! { <span class=class data-testid="appointment-accepted">{text}</span> }
            });
            let topic = (!a.topic.trim().is_empty()).then(|| {
                view! { <p class="topic">{t.desk().appt_topic}{a.topic.clone()}</p> }
            });
            let reason = a.reason.clone().map(|r| {
                view! { <p class="reason" data-testid="appointment-reason">{t.desk().appt_reason}{r}</p> }
            });
            let proposed = a.proposed.as_ref().map(|s| {
                view! { <p class="proposed">{t.desk().appt_proposed}{slot_span(t, lang, s)}</p> }
            });
            let tel = format!("tel:{}", a.phone);
            view! {
                <header class="appointment-head">
                    <span class="when" data-testid="appointment-when">{slot_span(t, lang, &a.slot)}</span>
                    <span class="mode">{mode_label(t, &a.slot.mode)}</span>
                    <span class=format!("urgency {}", urgency_class(a.urgency))>{urgency_label(t, a.urgency)}</span>
                </header>
                <p class="visitor" data-testid="appointment-visitor">{visitor_label(&a.visitor)}</p>
                <p class="phone">{t.desk().appt_phone}<a href=tel>{a.phone.clone()}</a></p>
                {topic}
                <p class="state">
                    <span class="status" data-testid="appointment-status">{status_text(t, lang, a)}</span>
                    " "{accepted}
                </p>
                {reason}
                {proposed}
            }
        })
    };
    view! {
        <article
            class="appointment card"
            class:crisis=crisis
            data-testid="appointment"
            data-booking=booking_id
            data-status=status
        >
            {details}
            <Show when=move || off_duty.get()>
                <p class="notice warning" data-testid="appointment-off-duty">{move || i18n.texts().desk().appt_off_duty}</p>
            </Show>
            <AppointmentActions appointment=appointment free_slots=free_slots on_changed=on_changed/>
            <NoteEditor booking_id=note_id passphrase=passphrase/>
        </article>
    }
}

/// Its state; a booking the person moved says to when (the new one is
/// listed at its own time), not that it was cancelled.
fn status_text(t: &Texts, lang: Lang, a: &Appointment) -> String {
    match (&a.moved_to, a.status) {
        (Some(to), AppointmentStatus::Cancelled) => {
            t.desk().appt_moved.with(&slot_span(t, lang, to))
        }
        _ => status_label(t, a.status).to_owned(),
    }
}

fn urgency_class(urgency: Urgency) -> &'static str {
    match urgency {
        Urgency::Routine => "routine",
        Urgency::Soon => "soon",
        Urgency::Crisis => "crisis",
    }
}
