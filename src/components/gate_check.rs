//! The person being checked: the verdict in big colour and words (masked
//! name, class, last four of the id — never symptoms or places), then the
//! guard's record: the temperature measured here (a second reading at a
//! fever), the symptoms seen, and the decision. Each refusal is shown next
//! to its field, in the guard's language.

use anxin_domain::declaration::Temperature;
use anxin_domain::gate::{record, GateDecision, GateProblem, GateRecord, GateSymptom, Verdict};
use anxin_domain::pass::EntryStatus;
use leptos::prelude::*;

use crate::state::gate::{use_gate, CheckProblem, Checked, RecordProblem};
use crate::state::{use_directory, use_i18n};

/// What follows the masked name: the class and the id's last four, each
/// after a separator, leaving out what is empty (staff have no class).
fn person_details(verdict: &Verdict) -> String {
    let id = (!verdict.id_last4.is_empty()).then(|| format!("****{}", verdict.id_last4));
    [Some(verdict.class.trim().to_owned()), id]
        .into_iter()
        .flatten()
        .filter(|part| !part.is_empty())
        .map(|part| format!(" · {part}"))
        .collect()
}

fn status_class(status: EntryStatus) -> &'static str {
    match status {
        EntryStatus::MayEnter => "may-enter",
        EntryStatus::Check => "check",
        EntryStatus::DoNotAdmit => "do-not-admit",
    }
}

#[component]
pub fn GateCheck() -> impl IntoView {
    let i18n = use_i18n();
    let gate = use_gate();
    let t = move || i18n.texts().gate();
    let problem = move || {
        gate.problem.get().map(|p| {
            let text = match p {
                CheckProblem::Pass(error) => t().pass_error(error),
                CheckProblem::UnknownId => t().unknown_id,
                CheckProblem::NoList => t().list_none,
            };
            view! { <p class="notice error gate-refused" role="alert" data-testid="gate-problem">{text}</p> }
        })
    };
    let recorded = move || {
        gate.recorded.get().map(|d| {
            view! { <p class="notice" role="status" data-testid="gate-recorded">{t().recorded.with(t().decision(d))}</p> }
        })
    };
    view! {
        {problem}
        {recorded}
        {move || gate.checked.get().map(|checked| view! { <GateRecordForm checked/> })}
    }
}

#[component]
fn VerdictCard(verdict: Verdict, seen_twice: bool) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.texts().gate();
    let class = status_class(verdict.status);
    view! {
        <section class=format!("pass-card gate-verdict {class}") data-testid="gate-verdict" data-status=class>
            <p class="pass-status" data-testid="gate-status">{move || t().status(verdict.status)}</p>
            <p class="pass-person">
                <strong data-testid="gate-person">{verdict.masked_name.clone()}</strong>
                {person_details(&verdict)}
            </p>
            {(!verdict.with_pass).then(|| view! { <p class="hint" data-testid="gate-no-pass">{move || t().no_pass}</p> })}
            {(!verdict.declared).then(|| view! { <p class="hint" data-testid="gate-not-declared">{move || t().not_declared}</p> })}
            {seen_twice.then(|| view! { <p class="notice warning" data-testid="gate-seen-twice">{move || t().seen_twice}</p> })}
        </section>
    }
}

/// One reading of the gate's thermometer, with its "not a number" note
/// and, as children, the rules' refusals of it.
#[component]
fn ReadingField(
    id: &'static str,
    testid: &'static str,
    label: Signal<&'static str>,
    value: RwSignal<String>,
    not_number: Signal<bool>,
    /// A refusal of the rules is shown (in the children).
    refused: Signal<bool>,
    on_input: Callback<()>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let invalid = move || not_number.get() || refused.get();
    view! {
        <div class="field gate-reading" class:invalid=invalid>
            <label class="label" for=id>{label}</label>
            <input id=id type="text" data-testid=testid inputmode="decimal" autocomplete="off"
                enterkeyhint="done" maxlength="5" aria-invalid=move || invalid().to_string()
                prop:value=move || value.get()
                on:input=move |ev| { value.set(event_target_value(&ev)); on_input.run(()); }/>
            {move || not_number.get().then(|| view! {
                <p class="field-error" role="alert">{i18n.texts().gate().temperature_not_number}</p>
            })}
            {children()}
        </div>
    }
}

/// The text of a reading field, read: `Err` when it is not a number.
fn reading(text: &str) -> Result<Option<Temperature>, ()> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    Temperature::parse(text).or_else(|| Temperature::suggest(text)).map(Some).ok_or(())
}

#[component]
fn GateRecordForm(checked: Checked) -> impl IntoView {
    let i18n = use_i18n();
    let gate = use_gate();
    let directory = use_directory();
    let t = move || i18n.texts().gate();
    let first = RwSignal::new(String::new());
    let second = RwSignal::new(String::new());
    let cough = RwSignal::new(false);
    let other = RwSignal::new(false);
    let problems = RwSignal::new(Vec::<GateProblem>::new());
    let not_number = RwSignal::new([false, false]);
    let not_saved = RwSignal::new(false);
    let rules = move || directory.directory.with(|d| d.rules.clone());
    let readings = move || -> Vec<Temperature> {
        [first.get(), second.get()].iter().filter_map(|r| reading(r).ok().flatten()).collect()
    };
    let asks_second = move || {
        reading(&first.get())
            .ok()
            .flatten()
            .is_some_and(|r| GateRecord::needs_second_reading(&[r], &rules()))
    };
    let symptoms = move || {
        let mut seen = Vec::new();
        if cough.get() {
            seen.push(GateSymptom::Cough);
        }
        if other.get() {
            seen.push(GateSymptom::Other);
        }
        seen
    };
    let refers = move || record::refers(&readings(), &symptoms(), &rules());
    let fever = move || record::fever_in(&readings(), &rules());
    let verdict = checked.verdict.clone();
    let decide = move |decision: GateDecision| {
        let numbers = [
            reading(&first.get_untracked()).is_err(),
            asks_second() && reading(&second.get_untracked()).is_err(),
        ];
        not_number.set(numbers);
        if numbers.iter().any(|n| *n) {
            return;
        }
        let second_reading = if asks_second() { second.get_untracked() } else { String::new() };
        let taken: Vec<Temperature> = [first.get_untracked(), second_reading]
            .iter()
            .filter_map(|r| reading(r).ok().flatten())
            .collect();
        match gate.record(taken, symptoms(), decision) {
            Ok(()) => {}
            Err(RecordProblem::Rules(found)) => problems.set(found),
            Err(RecordProblem::NotSaved) => not_saved.set(true),
        }
    };
    let refused = move |wanted: &'static [GateProblem]| {
        Signal::derive(move || problems.with(|p| p.iter().any(|x| wanted.contains(x))))
    };
    let error_for = move |wanted: &'static [GateProblem]| {
        move || {
            problems.with(|p| p.iter().find(|x| wanted.contains(x)).copied()).map(|p| {
                view! { <p class="field-error" role="alert">{t().problem(p)}</p> }
            })
        }
    };
    let first_errors: &'static [GateProblem] = &[
        GateProblem::TemperatureMissing,
        GateProblem::TemperatureOutOfRange,
        GateProblem::TooManyReadings,
    ];
    let buttons = move || {
        let offered = verdict.decisions(refers()).to_vec();
        offered
            .into_iter()
            .map(|d| {
                let (class, id) = match d {
                    GateDecision::Admitted => ("primary", "gate-admit"),
                    GateDecision::Refused => ("", "gate-refuse"),
                    GateDecision::SentToClinic => ("danger", "gate-clinic"),
                };
                view! {
                    <button type="button" class=class data-testid=id on:click=move |_| decide(d)>
                        {t().decision(d)}
                    </button>
                }
            })
            .collect_view()
    };
    view! {
        <VerdictCard verdict=checked.verdict.clone() seen_twice=checked.seen_twice/>
        <form class="gate-record" on:submit=|ev| ev.prevent_default()>
            {error_for(&[GateProblem::BadGate, GateProblem::BadIdentity])}
            <ReadingField id="gate-t1" testid="gate-temperature" label=Signal::derive(move || t().temperature_label)
                value=first not_number=Signal::derive(move || not_number.get()[0]) refused=refused(first_errors)
                on_input=Callback::new(move |()| problems.set(Vec::new()))>
                {error_for(first_errors)}
            </ReadingField>
            <Show when=asks_second>
                <ReadingField id="gate-t2" testid="gate-temperature-2" label=Signal::derive(move || t().second_label)
                    value=second not_number=Signal::derive(move || not_number.get()[1])
                    refused=refused(&[GateProblem::SecondReadingNeeded])
                    on_input=Callback::new(move |()| problems.set(Vec::new()))>
                    {error_for(&[GateProblem::SecondReadingNeeded])}
                </ReadingField>
            </Show>
            <fieldset>
                <legend>{move || t().symptoms_label}</legend>
                <label class="gate-symptom">
                    <input type="checkbox" data-testid="gate-cough" prop:checked=move || cough.get() on:change=move |ev| cough.set(event_target_checked(&ev))/>
                    {move || t().symptom_cough}
                </label>
                <label class="gate-symptom">
                    <input type="checkbox" data-testid="gate-other" prop:checked=move || other.get() on:change=move |ev| other.set(event_target_checked(&ev))/>
                    {move || t().symptom_other}
                </label>
            </fieldset>
            {move || fever().then(|| view! { <p class="notice error" role="alert" data-testid="gate-fever">{t().fever_found}</p> })}
            <fieldset class="gate-decision">
                <legend>{move || t().decision_label}</legend>
                {buttons}
            </fieldset>
            {error_for(&[GateProblem::MustReferToClinic])}
            {move || not_saved.get().then(|| view! { <p class="field-error" role="alert">{t().not_saved}</p> })}
            <button type="button" data-testid="gate-cancel" on:click=move |_| gate.cancel()>{move || t().cancel}</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(class: &str, id_last4: &str) -> Verdict {
        Verdict {
            status: EntryStatus::Check,
            masked_name: "J*********r".into(),
            class: class.into(),
            id_last4: id_last4.into(),
            with_pass: false,
            declared: false,
        }
    }

    #[test]
    fn test_person_details_leave_out_an_empty_class() {
        assert_eq!(person_details(&verdict("软件2001", "0101")), " · 软件2001 · ****0101");
        assert_eq!(person_details(&verdict("", "2001")), " · ****2001");
        assert_eq!(person_details(&verdict(" ", "2001")), " · ****2001");
        assert_eq!(person_details(&verdict("", "")), "");
    }
}
