use anxin_domain::delivery::Delivery;
use leptos::prelude::*;

use crate::account::use_account;
use crate::components::{
    news_text, notice_due, Banner, DeclarationForm, DeclarationResult, PrivacyNoticeCard,
    SignInForm, TodayBanners, Urgency, WellbeingCard,
};
use crate::declaring::{pending_send_back, use_declaring};
use crate::route::{Link, Route};
use crate::school_clock::use_school_clock;
use crate::state::bookings::use_bookings;
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
    let notice_due = notice_due();
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
    let bookings = use_bookings();
    let past_reminder = move || clock.now.get().time() >= directory.get().reminder_time;
    // From the advisor, on the last sync: a send-back to correct (until a
    // later revision), a reminder to declare (until today's is filed); the
    // server's refusal; the phone's own reminder. One line shows.
    let banners = Signal::derive(move || {
        let t = i18n.texts();
        let mut banners = Vec::new();
        if !declares() {
            return banners;
        }
        let mut add = |id, text: String, rank| banners.push(Banner { id, text, rank, more: None });
        let (back, reminder) = declaring.notes.with(|notes| {
            let back = declaring.today.with(|today| pending_send_back(notes, today.as_ref()));
            (back, notes.reminders_seen().into_iter().find(|r| r.to_declare))
        });
        if let Some(note) = back {
            add("sent-back", t.sent_back_banner.with(&note.comment), Urgency::Correct);
        }
        if let Some(text) = rejection() {
            add("rejection", text.to_owned(), Urgency::Correct);
        }
        let advisor_reminds = reminder.is_some() && !filed();
        if let Some(r) = reminder.filter(|_| !filed()) {
            add("advisor-reminder", t.advisor_reminder.with(&r.by_name), Urgency::Reminder);
        }
        // Missing, or refused by the server: either way not yet filed.
        if (!filed() || rejection().is_some()) && past_reminder() && !advisor_reminds {
            add("reminder", t.reminder_missing.to_owned(), Urgency::Reminder);
        }
        // The centre's decisions not yet seen, each a link to the bookings.
        for (record, news) in bookings.unseen_news() {
            let text = news_text(t, i18n.lang(), &record, &news);
            let more = Some(Route::Counselling);
            banners.push(Banner { id: "booking-news", text, rank: Urgency::Counselling, more });
        }
        banners
    });
    view! {
        <h1>{move || i18n.texts().today_title}</h1>
        // Nothing about today's declaration before the person is known.
        <div hidden=move || !declares()>
            <p class="today-state" class:missing=move || !filed() data-testid="today-state" role="status">
                {state_text}
            </p>
            <TodayBanners banners=banners/>
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
            // The school's notice before the first declaration, and again
            // after its text changed: no form until it is read.
            <Show when=notice_due>
                <PrivacyNoticeCard/>
            </Show>
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
                <WellbeingCard/>
            </Show>
            <Show when=move || (!filed() || correcting()) && !notice_due()>
                // For a first declaration; a daily user knows it.
                <p class="intro" hidden=move || declaring.yesterday.with(Option::is_some)>
                    {move || i18n.texts().today_intro}
                </p>
                <DeclarationForm/>
            </Show>
            <p><Link route=Route::History>{move || i18n.texts().history_link}</Link></p>
        </Show>
    }
}
