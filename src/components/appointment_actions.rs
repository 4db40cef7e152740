//! What a counsellor does with one appointment, offered by the rules of
//! `decide()`: confirm or decline (with a reason the person sees) until it
//! ends (a call-back in crisis starts the moment it is booked), propose
//! another of her free slots while the person could still move (the
//! notice); completed or no-show once it has started, each asked once
//! more and undone within ten minutes. The server decides again; its
//! refusal shows here. Every request goes through the desk's context.

use anxin_domain::clock_text::minute_stamp;
use anxin_domain::counselling::decision::{decide, may_propose, CounsellorAction};
use anxin_domain::counselling::{Appointment, AppointmentStatus, Slot};
use chrono::Duration;
use leptos::prelude::*;

use super::appointment_labels::{decision_problem, server_problem};
use super::slot_labels::{mode_label, slot_span};
use crate::declaring::device_now;
use crate::i18n::local_instant;
use crate::school_clock::use_school_clock;
use crate::state::desk::use_desk;
use crate::state::{use_directory, use_i18n};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Panel {
    Decline,
    Propose,
    /// "Completed" or "no-show", asked once more.
    Mark(bool),
}

#[component]
pub fn AppointmentActions(
    appointment: Appointment,
    /// Her free slots from now on (for a proposal).
    #[prop(into)]
    free_slots: Signal<Vec<Slot>>,
    /// After the server took a decision.
    on_changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let clock = use_school_clock();
    let directory = use_directory().directory;
    let panel = RwSignal::new(None::<Panel>);
    let reason = RwSignal::new(String::new());
    let picked = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let booking_id = StoredValue::new(appointment.booking_id.clone());
    let slot = StoredValue::new(appointment.slot.clone());
    let status = appointment.status;
    let accepted = appointment.accepted;
    let decided_at = appointment.decided_at;
    // A mark (completed, no-show) can be taken back for a while.
    let undo_by = appointment.undo_until();
    let undoable = move || {
        clock.now.track();
        undo_by.is_some_and(|by| device_now() < by)
    };
    // Tracked: the buttons change when the slot starts, and when it ends.
    let started = move || clock.now.get() >= slot.with_value(|s| s.start);
    let ended = move || {
        clock.now.get() >= slot.with_value(|s| s.start + Duration::minutes(i64::from(s.minutes)))
    };
    // Tracked too: the proposal goes once the person could no longer move.
    let proposable = move || {
        clock.now.track();
        let notice = directory.with(|d| d.cancellation_notice_minutes);
        may_propose(slot.with_value(|s| s.starts_at()), device_now(), notice)
    };

    let send = move |action: CounsellorAction| {
        let texts = i18n.texts();
        done.set(false);
        let notice = directory.with_untracked(|d| d.cancellation_notice_minutes);
        let checked =
            slot.with_value(|s| decide(status, &action, s, device_now(), notice, decided_at));
        if let Err(err) = checked {
            problem.set(Some(decision_problem(texts, err).to_owned()));
            return;
        }
        problem.set(None);
        desk.decide(booking_id.get_value(), action, busy, move |answer| match answer {
            Ok(_) => {
                done.set(true);
                panel.set(None);
                on_changed.run(());
            }
            Err(err) => problem.set(Some(server_problem(i18n.texts(), &err))),
        });
    };
    let toggle = move |which: Panel| {
        panel.update(|p| *p = if *p == Some(which) { None } else { Some(which) });
        problem.set(None);
    };
    // Her free slots the person could still move to: beyond the notice.
    let proposals = move || {
        clock.now.track();
        let own_start = slot.with_value(|s| s.start);
        let notice = directory.with_untracked(|d| d.cancellation_notice_minutes);
        let now = device_now();
        free_slots
            .get()
            .into_iter()
            .filter(move |s| s.start != own_start && may_propose(s.starts_at(), now, notice))
    };
    let decline_panel = move || {
        (panel.get() == Some(Panel::Decline)).then(|| {
            let t = i18n.texts();
            view! {
                <label class="field">
                    <span class="label">{t.desk().act_decline_reason}</span>
                    <textarea
                        data-testid="decline-reason"
                        maxlength="200"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                    ></textarea>
                </label>
                <button
                    type="button"
                    data-testid="decline-send"
                    disabled=move || busy.get()
                    on:click=move |_| send(CounsellorAction::Decline { reason: reason.get_untracked() })
                >
                    {t.desk().act_decline_send}
                </button>
            }
        })
    };
    let propose_panel = move || {
        (panel.get() == Some(Panel::Propose) && proposable()).then(|| {
            let t = i18n.texts();
            let options: Vec<_> = proposals()
                .map(|s| {
                    let value = minute_stamp(&s.start);
                    // Its day, time, length and way of meeting.
                    let label = format!(
                        "{} · {} · {}",
                        slot_span(t, i18n.lang(), &s),
                        t.book_minutes.with(s.minutes),
                        mode_label(t, &s.mode)
                    );
                    view! { <option value=value>{label}</option> }
                })
                .collect();
            if options.is_empty() {
                return view! { <p class="hint">{t.desk().act_propose_none}</p> }.into_any();
            }
            // None picked for her: the first free slot is rarely the right one.
            view! {
                <label class="field">
                    <span class="label">{t.desk().act_propose_pick}</span>
                    <select
                        data-testid="propose-slot"
                        prop:value=move || picked.get()
                        on:change=move |ev| picked.set(event_target_value(&ev))
                    >
                        <option value="">{t.desk().act_propose_choose}</option>
                        {options}
                    </select>
                </label>
                <button
                    type="button"
                    data-testid="propose-send"
                    disabled=move || busy.get()
                    on:click=move |_| {
                        // The free slot picked, by its start.
                        let wanted = picked.get_untracked();
                        match proposals().find(|s| minute_stamp(&s.start) == wanted) {
                            Some(slot) => send(CounsellorAction::Propose { start: slot.start }),
                            None => problem.set(Some(i18n.texts().desk().act_propose_choose_first.to_owned())),
                        }
                    }
                >
                    {t.desk().act_propose_send}
                </button>
            }
            .into_any()
        })
    };
    // "Completed" and "no-show" are final for the person: asked once more.
    let mark_panel = move || {
        let Some(Panel::Mark(completed)) = panel.get() else { return None };
        let t = i18n.texts().desk();
        let question = if completed { t.act_confirm_complete } else { t.act_confirm_no_show };
        let action = if completed { CounsellorAction::Complete } else { CounsellorAction::NoShow };
        Some(view! {
            <div class="mark-confirm" role="group" aria-label=question>
                <p>{question}</p>
                <button type="button" class="primary" data-testid="mark-yes" disabled=move || busy.get()
                    on:click=move |_| send(action.clone())>{t.act_confirm_yes}</button>
                <button type="button" data-testid="mark-back" on:click=move |_| panel.set(None)>
                    {t.act_confirm_back}
                </button>
            </div>
        })
    };
    let undo = move || {
        let by = undo_by.filter(|_| undoable())?;
        let t = i18n.texts();
        let until = local_instant(by, i18n.lang());
        Some(view! {
            <p class="hint mark-undo" role="status" data-testid="mark-undo">
                {t.desk().act_undo_until.with(&until)}" "
                <button type="button" data-testid="act-undo" disabled=move || busy.get()
                    on:click=move |_| send(CounsellorAction::Undo)>{t.desk().act_undo}</button>
            </p>
        })
    };
    let buttons = move || {
        let t = i18n.texts();
        if status != AppointmentStatus::Confirmed {
            return None;
        }
        let (started, ended) = (started(), ended());
        let view = view! {
            {started.then(|| view! {
                <button type="button" class="primary" data-testid="act-complete" disabled=move || busy.get()
                    aria-pressed=move || (panel.get() == Some(Panel::Mark(true))).to_string()
                    on:click=move |_| toggle(Panel::Mark(true))>{t.desk().act_complete}</button>
                <button type="button" data-testid="act-no-show" disabled=move || busy.get()
                    aria-pressed=move || (panel.get() == Some(Panel::Mark(false))).to_string()
                    on:click=move |_| toggle(Panel::Mark(false))>{t.desk().act_no_show}</button>
            })}
            {(!ended && !accepted).then(|| view! {
                <button type="button" class:primary=!started data-testid="act-accept" disabled=move || busy.get()
                    on:click=move |_| send(CounsellorAction::Accept)>{t.desk().act_accept}</button>
            })}
            {move || proposable().then(|| view! {
                <button type="button" data-testid="act-propose"
                    aria-pressed=move || (panel.get() == Some(Panel::Propose)).to_string()
                    on:click=move |_| toggle(Panel::Propose)>{t.desk().act_propose}</button>
            })}
            {(!ended).then(|| view! {
                <button type="button" data-testid="act-decline"
                    aria-pressed=move || (panel.get() == Some(Panel::Decline)).to_string()
                    on:click=move |_| toggle(Panel::Decline)>{t.desk().act_decline}</button>
            })}
        };
        Some(view)
    };
    view! {
        <div class="appointment-actions">
            <div class="action-buttons">{buttons}</div>
            {move || (status == AppointmentStatus::Confirmed && !started() && !proposable()).then(|| view! {
                <p class="hint" data-testid="propose-too-late">{i18n.texts().desk().act_propose_too_late}</p>
            })}
            {mark_panel}
            {decline_panel}
            {propose_panel}
            {undo}
            {move || problem.get().map(|p| view! {
                <p class="field-error" role="alert" data-testid="action-problem">{p}</p>
            })}
            {move || done.get().then(|| view! {
                <p class="hint" role="status" data-testid="action-done">{i18n.texts().desk().act_done}</p>
            })}
        </div>
    }
}
