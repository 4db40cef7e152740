//! A counsellor's duty plan: her weekly blocks of duty hours (day, start,
//! length, split into sessions of a chosen length with breaks between
//! them, mode, room) and her days away, checked as she types
//! (`DutyPlan::problems`) and published whole, through the desk.

use anxin_domain::counselling::DutyPlan;
use leptos::prelude::*;

use super::appointment_labels::server_problem;
use super::plan_rows::{plan_of, sessions_line, LeaveRow, SlotRow, IN_PERSON, ONLINE, PHONE};
use crate::state::desk::use_desk;
use crate::state::use_i18n;

#[component]
pub fn PlanEditor(
    counsellor_id: String,
    /// Her published plan, if any.
    published: Option<DutyPlan>,
    /// After the server took the plan.
    on_published: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let next_id = StoredValue::new(0usize);
    let fresh = move || {
        let id = next_id.get_value();
        next_id.set_value(id + 1);
        id
    };
    let published = published.unwrap_or(DutyPlan {
        counsellor_id: counsellor_id.clone(),
        weekly: vec![],
        leaves: vec![],
    });
    let slots = RwSignal::new(
        published.weekly.iter().map(|s| SlotRow::new(fresh(), Some(s))).collect::<Vec<_>>(),
    );
    let leaves = RwSignal::new(
        published.leaves.iter().map(|l| LeaveRow::new(fresh(), Some(l))).collect::<Vec<_>>(),
    );
    let counsellor_id = StoredValue::new(counsellor_id);
    let checked = Memo::new(move |_| {
        let t = i18n.texts();
        let (plan, problems) =
            slots.with(|s| leaves.with(|l| plan_of(&counsellor_id.get_value(), s, l, t)));
        (plan, problems)
    });
    let message = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let publish = move |_| {
        let (plan, problems) = checked.get_untracked();
        if !problems.is_empty() {
            return;
        }
        message.set(None);
        desk.publish_plan(plan, busy, move |answer| {
            let t = i18n.texts();
            match answer {
                Ok(()) => {
                    message.set(Some((true, t.desk().plan_published.to_owned())));
                    on_published.run(());
                }
                Err(err) => message.set(Some((false, server_problem(t, &err)))),
            }
        });
    };
    let slot_row = move |row: SlotRow| {
        let t = i18n.texts();
        let weekdays = t
            .weekdays
            .iter()
            .enumerate()
            .map(|(i, name)| view! { <option value=i.to_string()>{*name}</option> })
            .collect_view();
        view! {
            <li class="plan-slot" data-testid="plan-slot">
                <label class="field"><span class="label">{t.desk().plan_weekday}</span>
                    <select data-testid="plan-weekday" prop:value=move || row.weekday.get()
                        on:change=move |ev| row.weekday.set(event_target_value(&ev))>{weekdays}</select>
                </label>
                <label class="field"><span class="label">{t.desk().plan_start}</span>
                    <input type="time" data-testid="plan-start" prop:value=move || row.start.get()
                        on:input=move |ev| row.start.set(event_target_value(&ev))/>
                </label>
                <label class="field"><span class="label">{t.desk().plan_minutes}</span>
                    <input type="number" inputmode="numeric" min="15" max="720" step="5" data-testid="plan-minutes"
                        prop:value=move || row.minutes.get()
                        on:input=move |ev| row.minutes.set(event_target_value(&ev))/>
                </label>
                <label class="field"><span class="label">{t.desk().plan_session}</span>
                    <input type="number" inputmode="numeric" min="15" max="180" step="5" data-testid="plan-session"
                        prop:value=move || row.session.get()
                        on:input=move |ev| row.session.set(event_target_value(&ev))/>
                </label>
                <label class="field"><span class="label">{t.desk().plan_gap}</span>
                    <input type="number" inputmode="numeric" min="0" max="120" step="5" data-testid="plan-gap"
                        prop:value=move || row.gap.get()
                        on:input=move |ev| row.gap.set(event_target_value(&ev))/>
                </label>
                <p class="hint plan-sessions" data-testid="plan-sessions">{move || sessions_line(t, &row)}</p>
                <label class="field"><span class="label">{t.desk().plan_mode}</span>
                    <select data-testid="plan-mode" prop:value=move || row.mode.get()
                        on:change=move |ev| row.mode.set(event_target_value(&ev))>
                        <option value=PHONE>{t.mode_phone}</option>
                        <option value=ONLINE>{t.mode_online}</option>
                        <option value=IN_PERSON>{t.mode_in_person}</option>
                    </select>
                </label>
                <Show when=move || row.mode.get() == IN_PERSON>
                    <label class="field"><span class="label">{t.desk().plan_room}</span>
                        <input type="text" maxlength="40" data-testid="plan-room" prop:value=move || row.room.get()
                            on:input=move |ev| row.room.set(event_target_value(&ev))/>
                    </label>
                </Show>
                <button type="button" class="remove" data-testid="plan-remove-slot"
                    on:click=move |_| slots.update(|s| s.retain(|r| r.id != row.id))>{t.desk().plan_remove}</button>
            </li>
        }
    };
    let leave_row = move |row: LeaveRow| {
        let t = i18n.texts();
        view! {
            <li class="plan-leave" data-testid="plan-leave">
                <label class="field"><span class="label">{t.desk().plan_leave_from}</span>
                    <input type="date" data-testid="leave-from" prop:value=move || row.from.get()
                        on:input=move |ev| row.from.set(event_target_value(&ev))/>
                </label>
                <label class="field"><span class="label">{t.desk().plan_leave_to}</span>
                    <input type="date" data-testid="leave-to" prop:value=move || row.to.get()
                        on:input=move |ev| row.to.set(event_target_value(&ev))/>
                </label>
                <label class="field"><span class="label">{t.desk().plan_leave_note}</span>
                    <input type="text" data-testid="leave-note" prop:value=move || row.note.get()
                        on:input=move |ev| row.note.set(event_target_value(&ev))/>
                </label>
                <button type="button" class="remove"
                    on:click=move |_| leaves.update(|l| l.retain(|r| r.id != row.id))>{t.desk().plan_remove}</button>
            </li>
        }
    };
    let problems = move || {
        checked.with(|(_, problems)| {
            (!problems.is_empty()).then(|| {
                let items = problems.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view();
                view! { <ul class="plan-problems field-error" role="alert" data-testid="plan-problems">{items}</ul> }
            })
        })
    };
    view! {
        <section class="card plan-editor" data-testid="plan-editor">
            <h2>{move || i18n.texts().desk().plan_title}</h2>
            <p class="hint">{move || i18n.texts().desk().plan_intro}</p>
            <ol class="plan-slots">
                <For each=move || slots.get() key=|row| row.id let:row>{slot_row(row)}</For>
            </ol>
            <button type="button" data-testid="plan-add-slot"
                on:click=move |_| { let row = SlotRow::new(fresh(), None); slots.update(|s| s.push(row)); }>
                {move || i18n.texts().desk().plan_add_slot}
            </button>
            <h3>{move || i18n.texts().desk().plan_leaves}</h3>
            <ol class="plan-leaves">
                <For each=move || leaves.get() key=|row| row.id let:row>{leave_row(row)}</For>
            </ol>
            <button type="button" data-testid="plan-add-leave"
                on:click=move |_| { let row = LeaveRow::new(fresh(), None); leaves.update(|l| l.push(row)); }>
                {move || i18n.texts().desk().plan_add_leave}
            </button>
            {problems}
            <div class="form-actions">
                <button type="button" class="primary" data-testid="plan-publish"
                    disabled=move || busy.get() || checked.with(|(_, p)| !p.is_empty())
                    on:click=publish>
                    {move || i18n.texts().desk().plan_publish}
                </button>
            </div>
            {move || message.get().map(|(ok, m)| view! {
                <p class=if ok { "hint" } else { "field-error" } role="status" data-testid="plan-message">{m}</p>
            })}
        </section>
    }
}
