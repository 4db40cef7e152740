use anxin_domain::HotlineKind;
use leptos::prelude::*;

use crate::declaring::use_declaring;
use crate::state::{use_directory, use_i18n};

/// After filing: normal, or abnormal with every reason, what to do, and the
/// numbers to call, prominent.
#[component]
pub fn DeclarationResult() -> impl IntoView {
    let i18n = use_i18n();
    let declaring = use_declaring();
    let directory = use_directory().directory;
    let reasons = Memo::new(move |_| {
        let rules = directory.get().rules;
        declaring
            .today
            .get()
            .map(|t| t.declaration.current().answers.abnormal_reasons(&rules))
            .unwrap_or_default()
    });
    let call_lines = move || {
        let dir = directory.get();
        let mut lines: Vec<_> = dir.hotline(HotlineKind::Clinic).into_iter().cloned().collect();
        lines.extend(dir.bar_hotlines());
        lines
            .into_iter()
            .map(|line| {
                view! {
                    <a class="hotline big" href=line.tel_uri()>
                        <span class="hotline-label">{i18n.texts().hotline(line.kind)}</span>
                        <span class="hotline-number">{line.number.clone()}</span>
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
