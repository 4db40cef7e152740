use anxin_domain::account::{
    normalize_code, password_length_problem, FirstSignInRequest, PasswordProblem, SignInRequest,
};
use anxin_domain::ErrorCode;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::FieldError;
use crate::account::use_account;
use crate::i18n::Texts;
use crate::state::use_i18n;
use crate::storage::{DeviceStore, SessionStore};
use crate::sync::{first_sign_in, sign_in, use_sync, HttpError};

/// Where a problem is shown: next to its field, or under the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Id,
    Password,
    Code,
    NewPassword,
    Repeat,
    Form,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    Required,
    WrongCredentials,
    CodeFormat,
    CodeInvalid,
    Password(PasswordProblem),
    /// With the wait in seconds, when the server said.
    RateLimited(Option<u32>),
    Offline,
    Failed,
}

impl Problem {
    fn text(self, t: &'static Texts) -> &'static str {
        match self {
            Problem::Required => t.problem_required,
            Problem::WrongCredentials => t.problem_wrong_credentials,
            Problem::CodeFormat => t.problem_code_format,
            Problem::CodeInvalid => t.problem_code_invalid,
            Problem::Password(PasswordProblem::TooShort) => t.problem_password_short,
            Problem::Password(PasswordProblem::TooLong) => t.problem_too_long,
            Problem::Password(PasswordProblem::Common) => t.problem_password_common,
            Problem::Password(PasswordProblem::Mismatch) => t.problem_password_mismatch,
            // With the wait known, `say` fills it in.
            Problem::RateLimited(_) => t.sign_in_rate_limited_later,
            Problem::Offline => t.sign_in_offline,
            Problem::Failed => t.sign_in_failed,
        }
    }

    /// The words with the wait filled in (in whole minutes).
    fn say(self, t: &'static Texts) -> String {
        match self {
            Problem::RateLimited(Some(seconds)) => {
                t.sign_in_rate_limited.with(seconds.div_ceil(60).max(1))
            }
            _ => self.text(t).to_owned(),
        }
    }
}

/// The server's refusal, placed next to the field it is about.
fn problem_of(err: &HttpError) -> (Slot, Problem) {
    if let HttpError::Status { status: 429, retry_after, .. } = err {
        return (Slot::Form, Problem::RateLimited(*retry_after));
    }
    match err {
        HttpError::Network => (Slot::Form, Problem::Offline),
        HttpError::Decode => (Slot::Form, Problem::Failed),
        HttpError::Status { .. } => match err.code() {
            Some(ErrorCode::WrongCredentials) => (Slot::Password, Problem::WrongCredentials),
            Some(ErrorCode::CodeInvalid) => (Slot::Code, Problem::CodeInvalid),
            Some(code) => match PasswordProblem::from_code(code) {
                Some(p) => (Slot::NewPassword, Problem::Password(p)),
                None => (Slot::Form, Problem::Failed),
            },
            None => (Slot::Form, Problem::Failed),
        },
    }
}

enum Request {
    Password(SignInRequest),
    First(FirstSignInRequest),
}

/// Signing in with the id and password, or (first time, or password
/// forgotten) with a one-time code that sets the password. After the
/// server ended a session, the same person signs in again: what waits on
/// this phone is theirs, so the id is fixed.
#[component]
pub fn SignInForm() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let sync = use_sync();
    let ended = account.session.get_untracked().filter(|s| s.ended()).map(|s| s.person.id);
    let fixed = ended.is_some();
    let id = RwSignal::new(ended.unwrap_or_default());
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let new_password = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    // A phone nobody signed in on yet leads with the one-time code (the
    // advisor's, for a first sign-in); the password is the second way.
    let new_phone = !fixed && !SessionStore::new(&DeviceStore).signed_in_here();
    let first = RwSignal::new(new_phone);
    let busy = RwSignal::new(false);
    let problems = RwSignal::new(Vec::<(Slot, Problem)>::new());

    let error = move |slot: Slot| {
        Signal::derive(move || {
            let texts = i18n.texts();
            problems.get().iter().find(|(s, _)| *s == slot).map(|(_, p)| p.text(texts))
        })
    };
    let field = move |slot: Slot,
                      value: RwSignal<String>,
                      kind: &'static str,
                      name: &'static str,
                      autocomplete: &'static str,
                      label: fn(&Texts) -> &'static str| {
        view! {
            <label class="field" class:invalid=move || error(slot).get().is_some() data-field=name>
                <span class="label">{move || label(i18n.texts())}</span>
                <input
                    type=kind
                    name=name
                    autocomplete=autocomplete
                    data-testid=name
                    readonly=fixed && slot == Slot::Id
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
                <FieldError error=error(slot)/>
            </label>
        }
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let person_id = id.get_untracked().trim().to_owned();
        let mut found = Vec::new();
        if person_id.is_empty() {
            found.push((Slot::Id, Problem::Required));
        }
        let request = if first.get_untracked() {
            let code = normalize_code(&code.get_untracked());
            if code.is_none() {
                found.push((Slot::Code, Problem::CodeFormat));
            }
            let new_password = new_password.get_untracked();
            if let Some(problem) = password_length_problem(&new_password) {
                found.push((Slot::NewPassword, Problem::Password(problem)));
            } else if new_password != repeat.get_untracked() {
                found.push((Slot::Repeat, Problem::Password(PasswordProblem::Mismatch)));
            }
            code.map(|code| Request::First(FirstSignInRequest { person_id, code, new_password }))
        } else {
            let password = password.get_untracked();
            if password.is_empty() {
                found.push((Slot::Password, Problem::Required));
            }
            Some(Request::Password(SignInRequest { person_id, password }))
        };
        let ok = found.is_empty();
        problems.set(found);
        let Some(request) = request.filter(|_| ok) else { return };
        busy.set(true);
        spawn_local(async move {
            let answer = match &request {
                Request::Password(r) => sign_in(r).await,
                Request::First(r) => first_sign_in(r).await,
            };
            busy.set(false);
            match answer {
                Ok(grant) => account.signed_in(grant),
                Err(err) => problems.set(vec![problem_of(&err)]),
            }
        });
    };
    let form_problem = move || {
        let texts = i18n.texts();
        problems.get().into_iter().find(|(s, _)| *s == Slot::Form).map(|(_, p)| {
            view! { <p class="field-error" role="alert" data-testid="sign-in-problem">{p.say(texts)}</p> }
        })
    };
    let waiting = move || match sync.pending.get() {
        0 => None,
        n => Some(i18n.texts().session_waiting.with(n)),
    };
    // One closure type for every text that follows the way of signing in
    // (each closure type is code of its own in the wasm).
    let by_way = move |password_way: fn(&Texts) -> &'static str,
                       code_way: fn(&Texts) -> &'static str| {
        move || if first.get() { code_way(i18n.texts()) } else { password_way(i18n.texts()) }
    };
    let toggle = move |_| {
        first.update(|f| *f = !*f);
        problems.set(Vec::new());
    };

    view! {
        <form class="card sign-in" novalidate on:submit=on_submit data-testid="sign-in-form">
            {fixed.then(|| view! {
                <div class="notice warning" data-testid="session-ended" role="alert">
                    <p>{move || {
                        let by_reset = SessionStore::new(&DeviceStore).ended_by_reset();
                        let t = i18n.texts();
                        if by_reset { t.session_reset } else { t.session_ended }
                    }}</p>
                    <p>{waiting}</p>
                </div>
            })}
            <h2>{by_way(|t| t.sign_in_title, |t| t.first_sign_in_title)}</h2>
            <p class="hint">{by_way(|t| t.sign_in_intro, |t| t.first_sign_in_intro)}</p>
            {field(Slot::Id, id, "text", "person_id", "username", |t| t.account_id)}
            // Both ways' fields stay in the page, one way hidden: cheaper
            // than building views on each switch.
            <div hidden=move || first.get()>
                {field(Slot::Password, password, "password", "password", "current-password", |t| t.password)}
            </div>
            <div hidden=move || !first.get()>
                {field(Slot::Code, code, "text", "code", "one-time-code", |t| t.one_time_code)}
                {field(Slot::NewPassword, new_password, "password", "new_password", "new-password", |t| t.new_password)}
                {field(Slot::Repeat, repeat, "password", "repeat_password", "new-password", |t| t.repeat_password)}
            </div>
            {form_problem}
            <div class="form-actions">
                <button type="submit" class="primary" data-testid="sign-in-submit" disabled=move || busy.get()>
                    {by_way(|t| t.sign_in_title, |t| t.first_sign_in_submit)}
                </button>
            </div>
            <button type="button" class="link" data-testid="sign-in-mode" on:click=toggle>
                {by_way(|t| t.to_first_sign_in, |t| t.to_password_sign_in)}
            </button>
        </form>
    }
}
