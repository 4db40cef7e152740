//! What Today says above the form, by one rule: at most one banner line,
//! the most urgent first (sent back, then reminders, then the rest), the
//! others folded into a count that opens them. The first question stays
//! above the fold however many areas have something to say.

use leptos::prelude::*;

use crate::route::{Link, Route};
use crate::state::use_i18n;

/// One thing Today has to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banner {
    /// Its test hook (`data-testid`).
    pub id: &'static str,
    pub text: String,
    /// How urgent: lower first.
    pub rank: Urgency,
    /// The page that tells more (the banner is a link to it).
    pub more: Option<Route>,
}

/// The order banners take (SPEC §1 first: a declaration to correct).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    /// Today's declaration must be corrected (sent back, or refused).
    Correct,
    /// Someone reminds the person to declare.
    Reminder,
    /// News of the person's counselling bookings.
    Counselling,
    Other,
}

/// The banners in the order shown: most urgent first, and in the order
/// given among equals.
pub fn in_order(banners: Vec<Banner>) -> Vec<Banner> {
    // A pass per rank rather than a sort: a handful of banners, and no
    // sorting code in the first load.
    let mut ordered = Vec::with_capacity(banners.len());
    for rank in [Urgency::Correct, Urgency::Reminder, Urgency::Counselling, Urgency::Other] {
        ordered.extend(banners.iter().filter(|b| b.rank == rank).cloned());
    }
    ordered
}

/// The first banner, and the rest behind "N more".
#[component]
pub fn TodayBanners(#[prop(into)] banners: Signal<Vec<Banner>>) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let ordered = Memo::new(move |_| in_order(banners.get()));
    // One list, drawn as a whole; all but the first hidden until opened.
    let lines = move || {
        ordered
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, banner)| {
                let text = match banner.more {
                    Some(route) => view! { <Link route=route>{banner.text}</Link> }.into_any(),
                    None => banner.text.into_any(),
                };
                view! {
                    <p class="notice warning banner" data-testid=banner.id role="status"
                        hidden=move || { i > 0 && !open.get() }>
                        {text}
                    </p>
                }
            })
            .collect_view()
    };
    view! {
        <div class="today-banners" aria-live="polite">
            {lines}
            <button
                type="button"
                class="link banner-more"
                data-testid="banner-more"
                hidden=move || { ordered.with(|b| b.len() < 2) }
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {move || match open.get() {
                    true => i18n.texts().banners_less.to_owned(),
                    false => (i18n.texts().banners_more)(ordered.with(|b| b.len().saturating_sub(1))),
                }}
            </button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn banner(id: &'static str, rank: Urgency) -> Banner {
        Banner { id, text: id.to_owned(), rank, more: None }
    }

    #[test]
    fn test_in_order_puts_the_most_urgent_first_and_keeps_ties() {
        let shown = in_order(vec![
            banner("own-reminder", Urgency::Other),
            banner("advisor-reminder", Urgency::Reminder),
            banner("booking", Urgency::Counselling),
            banner("sent-back", Urgency::Correct),
            banner("rejection", Urgency::Correct),
        ]);
        let ids: Vec<&str> = shown.iter().map(|b| b.id).collect();
        assert_eq!(ids, ["sent-back", "rejection", "advisor-reminder", "booking", "own-reminder"]);
    }
}
