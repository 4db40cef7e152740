use anxin_domain::delivery::Delivery;
use leptos::prelude::*;

use crate::account::use_account;
use crate::components::{DeclarationForm, DeclarationResult, SignInForm};
use crate::declaring::{pending_send_back, use_declaring};
use crate::route::{Link, Route};
use crate::school_clock::use_school_clock;
use crate::state::{use_directory, use_i18n};
use crate::sync::use_sync;

/// Today's health declaration (SPEC §1): state at a glance, the form, the
/// result, and correction; signing in first.
#[component]
pub fn Today() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    // Signed in, and the account declares: the form. An account that does
    // not (admin, counsellor only): a note. Otherwise (no session, or the
    // server ended it): signing in.
    let declares = move || account.can_sync.get() && account.person_id.get().is_some();
    let no_declarant =
        move || account.session.with(|s| s.as_ref().is_some_and(|s| !s.ended() && !s.declares()));
    let declaring = use_declaring();
    let sync = use_sync();
    let directory = use_directory().directory;
    let filed = move || declaring.today.get().is_some();
    let correcting = move || declaring.draft.get().correcting;
    let state_text = move || {
        let texts = i18n.texts();
        let delivery = declaring
            .today
            .get()
            .map(|t| sync.delivery_of(&t.declaration.current().id, t.current_delivery()));
        match delivery {
            None => texts.state_missing,
            Some(Delivery::SavedOnDevice) => texts.state_saved,
            Some(Delivery::Sending) => texts.state_sending,
            Some(Delivery::Delivered) => texts.state_delivered,
            Some(Delivery::Rejected { .. }) => texts.state_rejected,
        }
    };
    let rejection = move || match declaring.today.get().map(|t| t.current_delivery()) {
        Some(Delivery::Rejected { code }) => Some(i18n.texts().rejection(&code)),
        _ => None,
    };
    let clock = use_school_clock();
    let past_reminder = move || clock.now.get().time() >= directory.get().reminder_time;
    // From the advisor, on the last sync: a send-back to correct (until a
    // later revision), a reminder to declare (until today's is filed).
    // Two fixed lines, shown or hidden: fewer reactive views, less code.
    let from_advisor = Memo::new(move |_| {
        let t = i18n.texts();
        declaring.notes.with(|notes| {
            let back = declaring.today.with(|today| pending_send_back(notes, today.as_ref()));
            let reminder = notes.reminders_seen().into_iter().find(|r| r.to_declare);
            [
                back.map(|n| t.sent_back_banner.replace("{}", &n.comment)),
                reminder.filter(|_| !filed()).map(|r| t.advisor_reminder.replace("{}", &r.by_name)),
            ]
        })
    });
    let advisor_line = move |i: usize| move || from_advisor.with(|lines| lines[i].clone());
    let advisor_hidden = move |i: usize| move || from_advisor.with(|lines| lines[i].is_none());
    view! {
        <h1>{move || i18n.texts().today_title}</h1>
        <div hidden=no_declarant>
            <p class="today-state" class:missing=move || !filed() data-testid="today-state" role="status">
                {state_text}
            </p>
            {move || rejection().map(|text| view! { <p class="notice warning" data-testid="rejection">{text}</p> })}
            <p class="notice warning" data-testid="sent-back" role="alert" hidden=advisor_hidden(0)>
                {advisor_line(0)}
            </p>
            <p class="notice warning" data-testid="advisor-reminder" role="alert" hidden=advisor_hidden(1)>
                {advisor_line(1)}
            </p>
            // Missing, or sent back by the server: either way not yet filed.
            <Show when=move || (!filed() || rejection().is_some()) && past_reminder()>
                <p class="notice warning" data-testid="reminder">{move || i18n.texts().reminder_missing}</p>
            </Show>
        </div>
        <Show
            when=declares
            fallback=move || view! {
                <p class="notice" data-testid="no-declarant" hidden=move || !no_declarant()>
                    {move || i18n.texts().no_declarant}
                </p>
                <div hidden=no_declarant><SignInForm/></div>
            }
        >
            <Show when=move || filed() && !correcting()>
                <DeclarationResult/>
                <Show when=move || declaring.repeats_previous.get()>
                    <p class="notice" data-testid="repeat-flag">{move || i18n.texts().repeat_flag}</p>
                </Show>
                <div class="form-actions">
                    <button type="button" on:click=move |_| declaring.start_correction() data-testid="correct">
                        {move || i18n.texts().correct_button}
                    </button>
                </div>
            </Show>
            <Show when=move || !filed() || correcting()>
                <p class="intro">{move || i18n.texts().today_intro}</p>
                <DeclarationForm/>
            </Show>
            <p><Link route=Route::History>{move || i18n.texts().history_link}</Link></p>
        </Show>
    }
}
