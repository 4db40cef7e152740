//! The counsellor's desk (SPEC §3): her day and week, her decisions, each
//! visitor's attendance, her private notes and her duty plan.
//!
//! Online only: the appointments are other people's sensitive records, so
//! none of them is kept on the device (DESIGN: the minimum on the phone);
//! offline, the page says it needs the network.

use anxin_domain::counselling::attendance::{attendance, AttendanceRow};
use anxin_domain::counselling::off_duty::off_duty;
use anxin_domain::counselling::{Appointment, AppointmentStatus, DutyPlan, Slot, Urgency};
use anxin_domain::roster::Role;
use chrono::Duration;
use leptos::prelude::*;

use crate::account::use_account;
use crate::components::{
    day_label, server_problem, slot_span, visitor_label, AppointmentAttendance, AppointmentCard,
    NotesPassphrase, PlanEditor,
};
use crate::declaring::device_now;
use crate::i18n::Texts;
use crate::school_clock::use_school_clock;
use crate::state::desk::{use_desk, Desk, MAX_WEEKS_AHEAD, WEEK_DAYS};
use crate::state::{use_connectivity, use_i18n};

#[component]
pub fn Counsellor() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let connectivity = use_connectivity();
    let clock = use_school_clock();
    let desk = use_desk();
    let Desk { me, appointments, schedule: plan_schedule, problem, loading, passphrase, .. } = desk;
    let load = move || desk.load();
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
                } else if day < today && (a.status == AppointmentStatus::Confirmed || undoable(a)) {
                    // Earlier, and still to be marked completed or no-show
                    // (or just marked, and it can still be undone).
                    &mut lists[2]
                } else {
                    continue;
                };
                list.push(a.clone());
            }
            for list in &mut lists {
                anxin_domain::order::sort_by_key(list, |a| a.slot.start);
            }
            lists
        })
    });
    // A later week she paged to, with the way back and further on.
    // Drawn again with the week, not the language (a note being typed in
    // one of its cards stays).
    let later_week = move || {
        let t = untrack(move || i18n.texts());
        let week = desk.week.get();
        let paging = view! {
            <div class="desk-paging">
                <button type="button" data-testid="desk-week-previous" hidden=move || { desk.week.get() == 0 }
                    on:click=move |_| desk.show_week(desk.week.get_untracked().saturating_sub(1))>
                    {t.desk().desk_week_previous}
                </button>
                <button type="button" data-testid="desk-week-next"
                    disabled=move || { desk.week.get() >= MAX_WEEKS_AHEAD }
                    on:click=move |_| desk.show_week(desk.week.get_untracked() + 1)>
                    {t.desk().desk_week_next}
                </button>
            </div>
        };
        let shown = (week > 0).then(|| {
            let (first, last) = desk.later_range(week);
            let range = format!(
                "{} – {}",
                day_label(t, i18n.lang(), first),
                day_label(t, i18n.lang(), last)
            );
            let items = move || {
                let mut later = desk.later.get().unwrap_or_default();
                anxin_domain::order::sort_by_key(&mut later, |a| a.slot.start);
                later
            };
            view! {
                <section class="desk-list" data-testid="desk-later">
                    <h2>{t.desk().desk_later.with(&range)}</h2>
                    <Show when=move || desk.later.with(|l| l.as_ref().is_some_and(Vec::is_empty))>
                        <p class="hint">{move || i18n.texts().desk().desk_none}</p>
                    </Show>
                    <For each=items key=card_key let:a>
                        <AppointmentCard appointment=a free_slots=free_slots passphrase=passphrase
                            off_duty=Signal::derive(|| false) on_changed=reload/>
                    </For>
                </section>
            }
        });
        view! { {shown}{paging} }
    };
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
                {later_week}
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
    // Drawn again only when who she is changes, never with the language:
    // a plan being typed must survive a switch to English (the words
    // follow the language each on its own).
    let desk = move || {
        if me.get().is_none() {
            // A counsellor whose session ended signs in again (Today page).
            let ended = account.session.with(|s| {
                s.as_ref().is_some_and(|s| s.ended() && s.person.roles.contains(&Role::Counsellor))
            });
            // Signed out (or the session ended): the way to sign in, then
            // back here; signed in as someone else: whose page this is.
            let signed_out = account.session.with(|s| s.as_ref().is_none_or(|s| s.ended()));
            let text = move || {
                let t = i18n.texts();
                match (ended, signed_out) {
                    (true, _) => t.session_ended,
                    (false, true) => t.desk().desk_sign_in_first,
                    (false, false) => t.desk().desk_not_counsellor,
                }
            };
            return view! {
                <p class="notice" data-testid="desk-not-counsellor">{text}</p>
                {signed_out.then(|| view! {
                    <p><a class="button primary" href="/" data-testid="desk-sign-in">{move || i18n.texts().desk().desk_sign_in}</a></p>
                })}
            }
            .into_any();
        }
        view! {
            {status}
            <div class="desk-toolbar">
                <button type="button" data-testid="desk-reload" disabled=move || loading.get() || !connectivity.online.get()
                    on:click=move |_| load()>{move || i18n.texts().desk().desk_reload}</button>
            </div>
            {lists}
            <AppointmentAttendance rows=rows/>
            <NotesPassphrase passphrase=passphrase/>
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

/// A mark (completed, no-show) that can still be taken back.
fn undoable(a: &Appointment) -> bool {
    a.undo_until().is_some_and(|by| device_now() < by)
}

/// A card is drawn again when its appointment changed (a decision).
fn card_key(a: &Appointment) -> String {
    let proposed = a.proposed.as_ref().map(|s| s.start.to_string()).unwrap_or_default();
    format!("{}/{}/{}/{proposed}", a.booking_id, a.status.as_str(), a.accepted)
}
