//! A counsellor's duty plan: her weekly slots (day, start, minutes, mode,
//! room) and her days away, checked as she types (`DutyPlan::problems`) and
//! published whole.

use anxin_domain::counselling::{DutyPlan, Leave, Mode, PlanError, WeeklySlot};
use chrono::{NaiveDate, NaiveTime, Weekday};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::appointment_labels::server_problem;
use crate::account::use_account;
use crate::i18n::Texts;
use crate::state::use_i18n;
use crate::sync::counsellor::publish_plan;

const PHONE: &str = "phone";
const ONLINE: &str = "online";
const IN_PERSON: &str = "in_person";

/// One weekly slot as typed (each field its own signal: typing in one
/// field does not redraw the others).
#[derive(Clone, Copy)]
struct SlotRow {
    id: usize,
    weekday: RwSignal<String>,
    start: RwSignal<String>,
    minutes: RwSignal<String>,
    mode: RwSignal<String>,
    room: RwSignal<String>,
}

impl SlotRow {
    fn new(id: usize, slot: Option<&WeeklySlot>) -> Self {
        let (mode, room) = match slot.map(|s| &s.mode) {
            Some(Mode::Online) => (ONLINE, String::new()),
            Some(Mode::InPerson(room)) => (IN_PERSON, room.clone()),
            _ => (PHONE, String::new()),
        };
        Self {
            id,
            weekday: RwSignal::new(
                slot.map_or(0, |s| s.weekday.num_days_from_monday()).to_string(),
            ),
            start: RwSignal::new(
                slot.map_or("09:00".into(), |s| s.start.format("%H:%M").to_string()),
            ),
            minutes: RwSignal::new(slot.map_or(50, |s| s.minutes).to_string()),
            mode: RwSignal::new(mode.to_owned()),
            room: RwSignal::new(room),
        }
    }

    fn weekly(&self) -> Option<WeeklySlot> {
        let weekday =
            self.weekday.with(|w| w.parse::<u8>().ok().and_then(|w| Weekday::try_from(w).ok()))?;
        let start = self.start.with(|s| NaiveTime::parse_from_str(s, "%H:%M").ok())?;
        let minutes = self.minutes.with(|m| m.trim().parse::<u16>().ok())?;
        let mode = match self.mode.get().as_str() {
            ONLINE => Mode::Online,
            IN_PERSON => Mode::InPerson(self.room.get().trim().to_owned()),
            _ => Mode::Phone,
        };
        Some(WeeklySlot { weekday, start, minutes, mode })
    }
}

#[derive(Clone, Copy)]
struct LeaveRow {
    id: usize,
    from: RwSignal<String>,
    to: RwSignal<String>,
    note: RwSignal<String>,
}

impl LeaveRow {
    fn new(id: usize, leave: Option<&Leave>) -> Self {
        let date =
            |d: Option<NaiveDate>| RwSignal::new(d.map(|d| d.to_string()).unwrap_or_default());
        Self {
            id,
            from: date(leave.map(|l| l.from)),
            to: date(leave.map(|l| l.to)),
            note: RwSignal::new(leave.map(|l| l.note.clone()).unwrap_or_default()),
        }
    }

    fn leave(&self) -> Option<Leave> {
        let day = |s: RwSignal<String>| s.with(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
        Some(Leave {
            from: day(self.from)?,
            to: day(self.to)?,
            note: self.note.get().trim().to_owned(),
        })
    }
}

/// The plan as typed, and every problem with it (1-based row numbers).
fn plan_of(
    counsellor_id: &str,
    slots: &[SlotRow],
    leaves: &[LeaveRow],
    t: &Texts,
) -> (DutyPlan, Vec<String>) {
    let mut problems = Vec::new();
    let mut weekly = Vec::new();
    let mut rows_of_weekly = Vec::new();
    for (index, row) in slots.iter().enumerate() {
        match row.weekly() {
            Some(slot) => {
                weekly.push(slot);
                rows_of_weekly.push(index);
            }
            None => problems.push(t.desk().plan_problem_time.with(index + 1)),
        }
    }
    let mut parsed_leaves = Vec::new();
    let mut rows_of_leaves = Vec::new();
    for (index, row) in leaves.iter().enumerate() {
        match row.leave() {
            Some(leave) => {
                parsed_leaves.push(leave);
                rows_of_leaves.push(index);
            }
            None => problems.push(t.desk().plan_problem_leave.with(index + 1)),
        }
    }
    let plan = DutyPlan { counsellor_id: counsellor_id.to_owned(), weekly, leaves: parsed_leaves };
    for problem in plan.problems() {
        let slot_row = |i: usize| (rows_of_weekly[i] + 1).to_string();
        let text = match problem {
            PlanError::Length { index } => t.desk().plan_problem_length.with(&slot_row(index)),
            PlanError::PastMidnight { index } => {
                t.desk().plan_problem_midnight.with(&slot_row(index))
            }
            PlanError::Overlap { index, .. } => {
                t.desk().plan_problem_overlap.with(&slot_row(index))
            }
            PlanError::Room { index } => t.desk().plan_problem_room.with(&slot_row(index)),
            PlanError::LeaveBackwards { index } => {
                t.desk().plan_problem_leave.with(rows_of_leaves[index] + 1)
            }
        };
        problems.push(text);
    }
    (plan, problems)
}

#[component]
pub fn PlanEditor(
    counsellor_id: String,
    /// Her published plan, if any.
    published: Option<DutyPlan>,
    /// After the server took the plan.
    on_published: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
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
        let Some(token) = account.session.get_untracked().and_then(|s| s.token) else { return };
        busy.set(true);
        message.set(None);
        spawn_local(async move {
            let answer = publish_plan(&plan, &token).await;
            busy.set(false);
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
                    <input type="number" inputmode="numeric" min="15" max="180" step="5" data-testid="plan-minutes"
                        prop:value=move || row.minutes.get()
                        on:input=move |ev| row.minutes.set(event_target_value(&ev))/>
                </label>
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
