use anxin_domain::counselling::wellbeing::Feeling;
use leptos::prelude::*;

use super::{Choice, CrisisPanel};
use crate::declaring::school_now;
use crate::route::{Link, Route};
use crate::state::privacy::use_privacy;
use crate::state::use_i18n;

/// The optional wellbeing question, under today's result: never a prompt
/// or a tap in the daily form. Offered once (turn it on, or no thanks);
/// when on, "How are you feeling today?" with one tap per answer. "Very
/// low" shows the hotlines and the crisis call-back at once (all from the
/// phone, offline too) and the way to book.
#[component]
pub fn WellbeingCard() -> impl IntoView {
    let i18n = use_i18n();
    let privacy = use_privacy();
    let offered = move || privacy.stored.with(|s| s.wellbeing.is_none() && !s.wellbeing_offered);
    let today = move || school_now().0;
    let feeling = Memo::new(move |_| privacy.feeling_on(today()));
    let options = Signal::derive(move || {
        let t = i18n.texts();
        vec![t.feeling_fine, t.feeling_worried, t.feeling_very_low]
    });
    let selected = Signal::derive(move || {
        feeling.get().and_then(|f| Feeling::ALL.iter().position(|a| *a == f))
    });
    let pick = Callback::new(move |i: usize| {
        privacy.answer_wellbeing(today(), Feeling::ALL[i]);
    });
    let very_low = move || feeling.get().is_some_and(Feeling::needs_help_now);
    view! {
        <section class="card wellbeing" data-testid="wellbeing-offer" hidden=move || !offered()>
            <h2>{move || i18n.texts().wellbeing_offer_title}</h2>
            <p class="hint">{move || i18n.texts().wellbeing_offer_text}</p>
            <div class="form-actions">
                <button type="button" data-testid="wellbeing-on" on:click=move |_| { privacy.turn_wellbeing(true); }>
                    {move || i18n.texts().wellbeing_turn_on}
                </button>
                <button type="button" data-testid="wellbeing-no" on:click=move |_| { privacy.decline_wellbeing(); }>
                    {move || i18n.texts().wellbeing_no_thanks}
                </button>
            </div>
        </section>
        <Show when=move || privacy.wellbeing_on()>
            <section class="card wellbeing" data-testid="wellbeing">
                <Choice
                    name="feeling"
                    label=Signal::derive(move || i18n.texts().wellbeing_question)
                    options=options
                    selected=selected
                    on_pick=pick
                    error=Signal::derive(|| None)
                />
                <p class="hint" role="status" hidden=move || feeling.get().is_none() || very_low()>
                    {move || i18n.texts().wellbeing_thanks}
                </p>
            </section>
            <Show when=very_low>
                <p class="notice warning" data-testid="wellbeing-help">{move || i18n.texts().wellbeing_very_low}</p>
                <CrisisPanel topic=anxin_domain::counselling::wellbeing::CALL_BACK_TOPIC/>
                <p><Link route=Route::Counselling>{move || i18n.texts().wellbeing_book}</Link></p>
            </Show>
        </Show>
    }
}
