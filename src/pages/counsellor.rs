//! The counsellor's desk (SPEC §3): her day and week, her decisions, each
//! visitor's attendance, her private notes and her duty plan.
//!
//! Online only: the appointments are other people's sensitive records, so
//! none of them is kept on the device (DESIGN: the minimum on the phone);
//! offline, the page says it needs the network.

use anxin_domain::counselling::attendance::{attendance, AttendanceRow};
use anxin_domain::counselling::off_duty::off_duty;
use anxin_domain::counselling::{
    Appointment, AppointmentStatus, DutyPlan, Schedule, Slot, Urgency,
};
use anxin_domain::roster::Role;
use chrono::Duration;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::account::use_account;
use crate::components::{
    server_problem, slot_span, visitor_label, AppointmentAttendance, AppointmentCard,
    NotesPassphrase, PlanEditor,
};
use crate::declaring::device_now;
use crate::i18n::Texts;
use crate::school_clock::use_school_clock;
use crate::state::{use_connectivity, use_i18n};
use crate::sync::counsellor::{my_appointments, schedule};
use crate::sync::HttpError;

/// Attendance looks back 8 weeks (today included); with the next 7 days
/// it is the server's longest range (62 days).
const ATTENDANCE_DAYS: i64 = 55;
/// "This week": the next 7 days, so that on a Sunday Monday is in view.
const WEEK_DAYS: i64 = 7;
/// The desk fetches her appointments again this often while in view.
const REFRESH_SECONDS: u64 = 60;

#[component]
pub fn Counsellor() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let connectivity = use_connectivity();
    let clock = use_school_clock();
    let me = Memo::new(move |_| {
        account.session.with(|s| {
            s.as_ref()
                .filter(|s| !s.ended() && s.person.roles.contains(&Role::Counsellor))
                .map(|s| s.person.id.clone())
        })
    });
    let appointments = RwSignal::new(None::<Vec<Appointment>>);
    let plan_schedule = RwSignal::new(None::<Schedule>);
    let problem = RwSignal::new(None::<HttpError>);
    let loading = RwSignal::new(false);
    // Each load is numbered: only the latest one's answer is used (the
    // minute's refresh may still be on its way when she acts).
    let generation = StoredValue::new(0u64);
    // In this page's memory only: never stored, never sent.
    let passphrase = RwSignal::new(None::<String>);

    let fetch = move |shown: bool| {
        let Some(token) = account.session.get_untracked().and_then(|s| s.token) else { return };
        if me.get_untracked().is_none() {
            return;
        }
        let today = clock.now.get_untracked().date();
        let to = today + Duration::days(WEEK_DAYS);
        let from = today - Duration::days(ATTENDANCE_DAYS);
        let mine = generation.get_value() + 1;
        generation.set_value(mine);
        if shown {
            loading.set(true);
        }
        spawn_local(async move {
            let listed = my_appointments(from, to, &token).await;
            let planned = schedule(&token).await;
            if generation.get_value() != mine {
                return;
            }
            loading.set(false);
            match (listed, planned) {
                (Ok(list), Ok(plans)) => {
                    problem.set(None);
                    // Unchanged, nothing is redrawn (a note being typed stays).
                    if appointments.with_untracked(|a| a.as_ref() != Some(&list)) {
                        appointments.set(Some(list));
                    }
                    if plan_schedule.with_untracked(|s| s.as_ref() != Some(&plans)) {
                        plan_schedule.set(Some(plans));
                    }
                }
                (Err(err), _) | (_, Err(err)) => problem.set(Some(err)),
            }
        });
    };
    let load = move || fetch(true);
    // Every minute while she looks at it, unseen: a call-back in crisis
    // comes in at any time.
    if let Ok(every_minute) = set_interval_with_handle(
        move || {
            let visible = document().visibility_state() == web_sys::VisibilityState::Visible;
            if visible && connectivity.online.get_untracked() {
                fetch(false);
            }
        },
        std::time::Duration::from_secs(REFRESH_SECONDS),
    ) {
        on_cleanup(move || every_minute.clear());
    }
    // At first, and again whenever the browser is back online.
    Effect::new(move |_| {
        if connectivity.online.get() && me.get().is_some() {
            load();
        }
    });
    let reload = Callback::new(move |()| load());

    let free_slots = Memo::new(move |_| {
        let (Some(id), Some(schedule)) = (me.get(), plan_schedule.get()) else { return Vec::new() };
        let today = clock.today();
        let until = today + Duration::days(i64::from(schedule.horizon_days.max(1)));
        let mine: Vec<Slot> = schedule
            .free_slots(today, until)
            .into_iter()
            .filter(|s| s.counsellor_id == id)
            .collect();
        mine
    });
    let rows = Memo::new(move |_| -> Vec<AttendanceRow> {
        let now = clock.now.get();
        appointments.with(|list| list.as_deref().map(|l| attendance(l, now)).unwrap_or_default())
    });

    // Booked appointments her published plan no longer holds (a changed
    // plan, leave): pointed out until she declines or keeps them.
    let off_plan = Memo::new(move |_| -> Vec<String> {
        clock.now.track();
        let Some(id) = me.get() else { return Vec::new() };
        plan_schedule.with(|schedule| {
            let Some(schedule) = schedule else { return Vec::new() };
            let plan = schedule.plan_of(&id);
            appointments
                .with(|all| off_duty(all.as_deref().unwrap_or_default(), plan, device_now()))
        })
    });
    let off_plan_alert = move || {
        let count = off_plan.with(Vec::len);
        (count > 0).then(|| {
            let text = i18n.texts().desk().desk_off_duty.with(count);
            view! { <p class="notice warning" role="status" data-testid="off-duty-alert">{text}</p> }
        })
    };

    // The day's and the week's lists change with the appointments and the
    // date, not with each minute: a note being typed stays as it is.
    let split = Memo::new(move |_| {
        let today = clock.today();
        let last = today + Duration::days(WEEK_DAYS);
        appointments.with(|all| {
            let mut lists: [Vec<Appointment>; 3] = Default::default();
            for a in all.iter().flatten() {
                let day = a.slot.start.date();
                let list = if day == today {
                    &mut lists[0]
                } else if today < day && day <= last {
                    &mut lists[1]
                } else if day < today && a.status == AppointmentStatus::Confirmed {
                    // Earlier, and still to be marked completed or no-show.
                    &mut lists[2]
                } else {
                    continue;
                };
                list.push(a.clone());
            }
            for list in &mut lists {
                list.sort_by_key(|a| a.slot.start);
            }
            lists
        })
    });
    let list = move |title: fn(&Texts) -> &'static str, testid: &'static str, which: usize| {
        let items = move || split.with(|lists| lists[which].clone());
        view! {
            <section class="desk-list" data-testid=testid>
                <h2>{move || title(i18n.texts())}</h2>
                <Show when=move || split.with(|lists| lists[which].is_empty())>
                    <p class="hint">{move || i18n.texts().desk().desk_none}</p>
                </Show>
                <For each=items key=card_key let:a>
                    {
                        let id = a.booking_id.clone();
                        let off_duty = Signal::derive(move || off_plan.with(|ids| ids.contains(&id)));
                        view! {
                            <AppointmentCard appointment=a free_slots=free_slots passphrase=passphrase
                                off_duty=off_duty on_changed=reload/>
                        }
                    }
                </For>
            </section>
        }
    };
    let crisis = move || {
        let t = i18n.texts();
        let now = clock.now.get();
        let crisis: Vec<Appointment> = appointments.with(|all| {
            all.iter()
                .flatten()
                .filter(|a| {
                    a.urgency == Urgency::Crisis
                        && a.status == AppointmentStatus::Confirmed
                        && a.slot.start + Duration::minutes(i64::from(a.slot.minutes)) > now
                })
                .cloned()
                .collect()
        });
        (!crisis.is_empty()).then(|| {
            let items = crisis
                .into_iter()
                .map(|a| {
                    let tel = format!("tel:{}", a.phone);
                    let who = visitor_label(&a.visitor);
                    let when = slot_span(t, i18n.lang(), &a.slot);
                    view! { <li>{when}" · "{who}" · "<a href=tel>{a.phone}</a></li> }
                })
                .collect_view();
            view! {
                <section class="crisis-alert" role="alert" data-testid="crisis-alert">
                    <h2>{t.desk().desk_crisis_title}</h2>
                    <ul>{items}</ul>
                </section>
            }
        })
    };
    let lists = move || {
        appointments.with(Option::is_some).then(|| {
            view! {
                {crisis}
                {off_plan_alert}
                {list(|t| t.desk().desk_today, "desk-today", 0)}
                {list(|t| t.desk().desk_week, "desk-week", 1)}
                <Show when=move || split.with(|lists| !lists[2].is_empty())>
                    {list(|t| t.desk().desk_unmarked, "desk-unmarked", 2)}
                </Show>
            }
        })
    };
    let status = move || {
        let t = i18n.texts();
        if !connectivity.online.get() {
            return Some(view! { <p class="notice warning" data-testid="desk-offline" role="status">{t.desk_offline}</p> }.into_any());
        }
        if loading.get() {
            return Some(
                view! { <p class="loading" role="status">{t.desk().desk_loading}</p> }.into_any(),
            );
        }
        problem.get().map(|err| {
            view! {
                <p class="notice warning" role="alert" data-testid="desk-problem">
                    {server_problem(t, &err)}" "
                    <button type="button" on:click=move |_| load()>{t.desk().desk_reload}</button>
                </p>
            }
            .into_any()
        })
    };
    // Drawn once the schedule is in, and kept as she edits it (a reload
    // after publishing does not undo what she typed).
    let schedule_loaded = Memo::new(move |_| plan_schedule.with(Option::is_some));
    let plan_editor = move || {
        let id = me.get()?;
        schedule_loaded.get().then(|| {
            let published: Option<DutyPlan> =
                plan_schedule.with_untracked(|s| s.as_ref()?.plan_of(&id).cloned());
            view! { <PlanEditor counsellor_id=id published=published on_published=reload/> }
        })
    };
    let desk = move || {
        let t = i18n.texts();
        if me.get().is_none() {
            // A counsellor whose session ended signs in again (Today page).
            let ended = account.session.with(|s| {
                s.as_ref().is_some_and(|s| s.ended() && s.person.roles.contains(&Role::Counsellor))
            });
            // Signed out (or the session ended): the way to sign in, then
            // back here; signed in as someone else: whose page this is.
            let signed_out = account.session.with(|s| s.as_ref().is_none_or(|s| s.ended()));
            let text = match (ended, signed_out) {
                (true, _) => t.session_ended,
                (false, true) => t.desk().desk_sign_in_first,
                (false, false) => t.desk().desk_not_counsellor,
            };
            return view! {
                <p class="notice" data-testid="desk-not-counsellor">{text}</p>
                {signed_out.then(|| view! {
                    <p><a class="button primary" href="/" data-testid="desk-sign-in">{t.desk().desk_sign_in}</a></p>
                })}
            }
            .into_any();
        }
        view! {
            {status}
            <div class="desk-toolbar">
                <button type="button" data-testid="desk-reload" disabled=move || loading.get() || !connectivity.online.get()
                    on:click=move |_| load()>{t.desk().desk_reload}</button>
            </div>
            <NotesPassphrase passphrase=passphrase/>
            {lists}
            <AppointmentAttendance rows=rows/>
            {plan_editor}
        }
        .into_any()
    };
    view! {
        <div class="desk" data-testid="counsellor-desk">
            <h1>{move || i18n.texts().desk_title}</h1>
            <p class="intro">{move || i18n.texts().desk().desk_intro}</p>
            {desk}
        </div>
    }
}

/// A card is drawn again when its appointment changed (a decision).
fn card_key(a: &Appointment) -> String {
    let proposed = a.proposed.as_ref().map(|s| s.start.to_string()).unwrap_or_default();
    format!("{}/{}/{}/{proposed}", a.booking_id, a.status.as_str(), a.accepted)
}
