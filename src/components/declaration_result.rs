use anxin_domain::contact::ContactRole;
use anxin_domain::hotline::tel_uri;
use anxin_domain::HotlineKind;
use leptos::prelude::*;

use crate::account::use_account;
use crate::declaring::use_declaring;
use crate::state::{use_directory, use_i18n};

/// After filing: normal, or abnormal with every reason, what to do, and the
/// numbers to call, prominent.
#[component]
pub fn DeclarationResult() -> impl IntoView {
    let i18n = use_i18n();
    let declaring = use_declaring();
    let directory = use_directory().directory;
    let account = use_account();
    let reasons = Memo::new(move |_| {
        let rules = directory.get().rules;
        declaring
            .today
            .get()
            .map(|t| t.declaration.current().answers.abnormal_reasons(&rules))
            .unwrap_or_default()
    });
    // Whom to call, in order: the campus clinic, the person's own advisor
    // (or, with no class, their department's office), then the hotlines.
    let call_lines = move || {
        let t = i18n.texts();
        let dir = directory.get();
        let clinic = dir
            .hotline(HotlineKind::Clinic)
            .map(|l| (t.hotline(l.kind).to_owned(), l.number.clone()));
        let contacts = account.session.with(|s| {
            s.iter()
                .flat_map(|s| s.person.contacts.iter())
                .map(|c| {
                    let role = match c.role {
                        ContactRole::Advisor => t.contact_advisor,
                        ContactRole::Office => t.contact_office,
                    };
                    (format!("{role} {}", c.name), c.phone.clone())
                })
                .collect::<Vec<_>>()
        });
        let hotlines =
            dir.bar_hotlines().into_iter().map(|l| (t.hotline(l.kind).to_owned(), l.number));
        clinic
            .into_iter()
            .chain(contacts)
            .chain(hotlines)
            .map(|(label, number)| {
                let href = tel_uri(&number);
                view! {
                    <a class="hotline big" href=href data-testid="call-line">
                        <span class="hotline-label">{label}</span>
                        <span class="hotline-number">{number}</span>
                    </a>
                }
            })
            .collect_view()
    };
    view! {
        {move || if reasons.get().is_empty() {
            view! {
                <section class="card result normal" role="status" data-testid="result-normal">
                    <p>{i18n.texts().result_normal}</p>
                </section>
            }.into_any()
        } else {
            view! {
                <section class="card result abnormal" role="alert" data-testid="result-abnormal">
                    <h2>{i18n.texts().result_abnormal}</h2>
                    <ul class="reasons">
                        {reasons.get().into_iter().map(|r| view! { <li>{i18n.texts().reason(r)}</li> }).collect_view()}
                    </ul>
                    <p class="advice">{i18n.texts().advice_stay}</p>
                    <div class="call-lines">{call_lines}</div>
                </section>
            }.into_any()
        }}
    }
}
