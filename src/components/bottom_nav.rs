use anxin_domain::roster::Role;
use leptos::prelude::*;

use crate::account::use_account;
use crate::i18n::Texts;
use crate::route::{Link, Route};
use crate::state::use_i18n;

/// Picks a label from the current language's strings.
type Label = fn(&Texts) -> &'static str;

/// The four areas of the app, in order, with their icon and label.
const AREAS: [(Route, &str, Label); 4] = [
    (Route::Today, "✎", |t| t.nav_today),
    (Route::Pass, "▣", |t| t.nav_pass),
    (Route::Counselling, "♡", |t| t.nav_counselling),
    (Route::Settings, "⚙", |t| t.nav_settings),
];

/// Bottom navigation for phones: the three areas of the app, and the staff
/// areas (bundles of their own) for those who work in them.
#[component]
pub fn BottomNav() -> impl IntoView {
    let i18n = use_i18n();
    let links = AREAS
        .into_iter()
        .map(|(route, icon, label)| {
            view! {
                <Link route=route>
                    <span class="nav-icon" aria-hidden="true">{icon}</span>
                    <span>{move || label(i18n.texts())}</span>
                </Link>
            }
        })
        .collect_view();
    // The counselling desk for counsellors; the daily report for advisors
    // and offices, where advisors and admins also give sign-in codes (the
    // server checks again).
    let account = use_account();
    let counsellor = move || {
        account
            .session
            .with(|s| s.as_ref().is_some_and(|s| s.person.roles.contains(&Role::Counsellor)))
    };
    let oversees = move || {
        account.session.with(|s| {
            s.as_ref().is_some_and(|s| s.oversees() || s.person.roles.contains(&Role::Admin))
        })
    };
    let guard = move || {
        account.session.with(|s| s.as_ref().is_some_and(|s| s.person.roles.contains(&Role::Guard)))
    };
    view! {
        <nav class="bottom-nav" aria-label="Anxin">
            {links}
            <Show when=oversees>
                // A bundle of its own: a page load, not a navigation.
                <a href=Route::Reports.path()>
                    <span class="nav-icon" aria-hidden="true">"▤"</span>
                    <span data-testid="nav-reports">{move || i18n.texts().nav_reports}</span>
                </a>
            </Show>
            <Show when=guard>
                // The gate is a bundle of its own too.
                <a href=Route::Gate.path()>
                    <span class="nav-icon" aria-hidden="true">"⛨"</span>
                    <span data-testid="nav-gate">{move || i18n.texts().nav_gate}</span>
                </a>
            </Show>
            <Show when=counsellor>
                // The desk is a bundle of its own: a page load, not a
                // navigation inside the app.
                <a href=Route::Counsellor.path()>
                    <span class="nav-icon" aria-hidden="true">"☷"</span>
                    <span data-testid="nav-counsellor">{move || i18n.texts().nav_counsellor}</span>
                </a>
            </Show>
        </nav>
    }
}
