//! The authorization matrix of the report's mutations: every action ×
//! every role, through the sync push. "Allowed" means the access table let
//! it through (it may still be refused by a rule, with another code);
//! "refused" means `not_your_scope`; the admin cannot push at all.

mod support;

use anxin_domain::report::{MissingReason, ReasonKind, ReportAction, Scope};
use anxin_domain::sync::{Change, Outcome};
use anxin_domain::ErrorCode;
use support::reports::{class, department, early_today, rejected, Phones, EARLY_DEADLINES, ROSTER};
use support::sync::{push_body, push_raw, school_day, uuid};
use support::TestServer;

/// Who asks, in the matrix's column order (C-01 is a counsellor only:
/// no queue to push).
const WHO: [&str; 7] = ["S-01", "T-01", "O-01", "O-02", "T-11", "C-01", "A-01"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    Allowed,
    Refused,
    /// 403 for the whole push.
    NoPush,
}

use Access::{Allowed as Y, NoPush as X, Refused as N};

/// (what, the action for a fresh id, access per [`WHO`]).
type Row = (&'static str, fn(String) -> ReportAction, [Access; 7]);

fn reason_for(person: &str, id: String) -> ReportAction {
    ReportAction::RecordReason(MissingReason {
        reason_id: id,
        person_id: person.into(),
        from: school_day(0),
        to: school_day(0),
        kind: ReasonKind::Sick,
        note: String::new(),
        recorded_by: String::new(),
        recorded_at: None,
    })
}

const MATRIX: &[Row] = &[
    // A class's member: her advisor only.
    ("reason for a student", |id| reason_for("S-03", id), [N, Y, N, N, N, X, X]),
    // A department's staff: its office (their advisor) only.
    ("reason for staff", |id| reason_for("T-02", id), [N, N, Y, N, N, X, X]),
    (
        "send back a student's",
        |id| ReportAction::SendBack {
            send_back_id: id,
            person_id: "S-02".into(),
            day: school_day(0),
            revision_id: uuid(424_242),
            comment: "体温".into(),
        },
        [N, Y, N, N, N, X, X],
    ),
    (
        "remind a class",
        |id| ReportAction::Remind { reminder_id: id, scope: class(), day: school_day(0) },
        [N, Y, N, N, N, X, X],
    ),
    (
        "remind a department's staff",
        |id| ReportAction::Remind { reminder_id: id, scope: department(), day: school_day(0) },
        [N, N, Y, N, N, X, X],
    ),
    (
        "remind a department's signers",
        |id| ReportAction::RemindSigners {
            reminder_id: id,
            scope: department(),
            day: school_day(0),
        },
        [N, N, Y, N, N, X, X],
    ),
    (
        "remind the school's signers",
        |id| ReportAction::RemindSigners {
            reminder_id: id,
            scope: Scope::School,
            day: school_day(0),
        },
        [N, N, N, Y, N, X, X],
    ),
    (
        "sign a class",
        |id| ReportAction::Sign {
            signature_id: id,
            scope: class(),
            day: school_day(0),
            covered: Default::default(),
        },
        [N, Y, N, N, N, X, X],
    ),
    (
        "sign a department",
        |id| ReportAction::Sign {
            signature_id: id,
            scope: department(),
            day: school_day(0),
            covered: Default::default(),
        },
        [N, N, Y, N, N, X, X],
    ),
    (
        "sign the school",
        |id| ReportAction::Sign {
            signature_id: id,
            scope: Scope::School,
            day: school_day(0),
            covered: Default::default(),
        },
        [N, N, N, Y, N, X, X],
    ),
    (
        "return a class",
        |id| ReportAction::Return {
            return_id: id,
            scope: class(),
            day: school_day(0),
            version: 1,
            reason: "核对".into(),
        },
        [N, N, Y, N, N, X, X],
    ),
    (
        "return a department",
        |id| ReportAction::Return {
            return_id: id,
            scope: department(),
            day: school_day(0),
            version: 1,
            reason: "核对".into(),
        },
        [N, N, N, Y, N, X, X],
    ),
];

#[tokio::test]
async fn test_every_report_action_by_every_role_is_as_the_matrix_says() {
    let server = TestServer::start_with_roster(ROSTER, Some(EARLY_DEADLINES)).await;
    let mut phones = Phones::new(&server);
    phones.file("S-02", early_today(), 365).await;
    let mut failures = Vec::new();
    for (what, action, expected) in MATRIX {
        for (who, expected) in WHO.iter().zip(expected) {
            let made = action(phones.id());
            let got = if *expected == Access::NoPush {
                let body = push_body(
                    &phones.id(),
                    vec![anxin_domain::sync::Mutation {
                        id: phones.id(),
                        seq: 1,
                        device_time: chrono::Utc::now(),
                        change: Change::Report(made),
                    }],
                );
                let status =
                    push_raw(&phones.http, &server.url(""), who, &body).await.unwrap().status();
                if status == 403 {
                    Access::NoPush
                } else {
                    Access::Allowed
                }
            } else {
                match phones.act(who, made).await {
                    outcome @ Outcome::Rejected { .. }
                        if rejected(&outcome) == Some(ErrorCode::NotYourScope) =>
                    {
                        Access::Refused
                    }
                    _ => Access::Allowed,
                }
            };
            if got != *expected {
                failures.push(format!("{what} by {who}: {got:?}, expected {expected:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every action the table let through is in the audit log, with its
    // actor; refusals change nothing.
    let store = support::store_at(server.data_dir.path());
    let log = store.audit_log(None, 10_000).unwrap();
    let recorded = log.iter().filter(|e| e.event.starts_with("report_")).count();
    assert!(recorded >= 4, "{recorded} report actions audited");
    assert!(log.iter().filter(|e| e.event.starts_with("report_")).all(|e| e.actor.is_some()));
}
