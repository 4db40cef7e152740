//! An advisor's printable list of one-time codes for a whole class: every
//! member without a password yet, with a code good for days (the server
//! says how long), to hand out in class. Members who already have a
//! password are never on it.

use anxin_domain::account::ClassCodes;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::issue_code::Problem;
use crate::account::use_account;
use crate::i18n::local_date_time;
use crate::state::use_i18n;
use crate::sync::issue_class_codes;

/// One button per class the advisor advises; the list, once issued, with
/// "print".
#[component]
pub fn ClassCodesCard(
    /// The advisor's classes.
    #[prop(into)]
    classes: Signal<Vec<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let listed = RwSignal::new(None::<ClassCodes>);
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let issue = move |class_name: String| {
        let Some(token) = account.session.get_untracked().and_then(|s| s.token) else { return };
        problem.set(None);
        listed.set(None);
        busy.set(true);
        spawn_local(async move {
            let answer = issue_class_codes(&class_name, &token).await;
            busy.set(false);
            match answer {
                Ok(list) => listed.set(Some(list)),
                Err(err) => problem.set(Some(Problem::of(&err))),
            }
        });
    };
    let buttons = move || {
        classes
            .get()
            .into_iter()
            .map(|class_name| {
                let label = (i18n.texts().reports().class_codes_for)(&class_name);
                view! {
                    <button type="button" data-testid="class-codes" disabled=move || busy.get()
                        on:click=move |_| issue(class_name.clone())>
                        {label}
                    </button>
                }
            })
            .collect_view()
    };
    let list = move || {
        listed.get().map(|list| {
            let r = i18n.texts().reports();
            let until = local_date_time(&list.expires_at, i18n.lang());
            let rows = list
                .codes
                .iter()
                .map(|c| {
                    view! {
                        <tr data-testid="class-code-row">
                            <td>{c.person_id.clone()}</td>
                            <td>{c.name.clone()}</td>
                            <td class="code">{c.code.clone()}</td>
                        </tr>
                    }
                })
                .collect_view();
            let empty = list.codes.is_empty();
            view! {
                <section class="class-codes" data-testid="class-code-list">
                    <h3>{list.class_name.clone()}" · "{r.code_valid_until}" "{until}</h3>
                    <p class="hint" hidden=!empty>{r.class_codes_none}</p>
                    <table hidden=empty>
                        <thead><tr><th scope="col">{i18n.texts().account_id}</th><th scope="col">{r.class_codes_name}</th><th scope="col">{r.class_codes_code}</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                    <button type="button" class="no-print" hidden=empty data-testid="class-codes-print"
                        on:click=move |_| { let _ = window().print(); }>
                        {r.class_codes_print}
                    </button>
                </section>
            }
        })
    };
    view! {
        <section class="card" hidden=move || classes.with(Vec::is_empty) data-testid="class-codes-card">
            <h2>{move || i18n.texts().reports().class_codes_title}</h2>
            <p class="hint">{move || i18n.texts().reports().class_codes_intro}</p>
            <div class="action-buttons">{buttons}</div>
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p.text(i18n.texts())}</p> })}
            {list}
        </section>
    }
}
