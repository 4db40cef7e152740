//! What the server's fuzz targets share: how many cases to run, the tally
//! each prints, the check every answer is held to, and the world (the
//! router in process on a real database) the requests go to.
//!
//! Every target is property-based (proptest) and structure-aware: valid
//! shapes with wrong values (`json`), besides plain bytes (`text`). A
//! failing case is shrunk to the smallest input that still fails, and
//! printed.
#![allow(dead_code)]

pub mod changes;
pub mod json;
pub mod text;
pub mod world;

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::fmt::Debug;
use std::panic::{catch_unwind, AssertUnwindSafe};

use anxin_domain::ErrorCode;
use proptest::strategy::Strategy;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};

/// Cases per target when `ANXIN_FUZZ_CASES` does not say: small enough
/// for every `cargo test` (`make fuzz` asks for many more).
pub const DEFAULT_CASES: u32 = 200;

/// How many cases each target runs (`ANXIN_FUZZ_CASES`).
pub fn cases() -> u32 {
    match std::env::var("ANXIN_FUZZ_CASES") {
        Ok(text) => text.trim().parse().expect("ANXIN_FUZZ_CASES is a whole number"),
        Err(_) => DEFAULT_CASES,
    }
}

/// What one case came to, when it broke no rule of the boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Read, and decided by a rule of the product (a 2xx, or a refusal
    /// with a rule's code).
    Decided,
    /// Refused before any rule could look at it (unreadable, no session,
    /// the wrong media type, too large).
    Unread,
}

/// The figures a target prints: `fuzz target=… cases=… decided=…
/// panics=… 5xx=…` (scripts/fuzz.sh adds them up).
pub struct Tally {
    pub target: &'static str,
    pub cases: Cell<u64>,
    pub decided: Cell<u64>,
    pub panics: Cell<u64>,
    pub server_errors: Cell<u64>,
    /// Figures of the target's own (`name=count`, after the others).
    pub extra: RefCell<BTreeMap<String, u64>>,
}

impl Tally {
    pub fn new(target: &'static str) -> Self {
        Self {
            target,
            cases: Cell::new(0),
            decided: Cell::new(0),
            panics: Cell::new(0),
            server_errors: Cell::new(0),
            extra: RefCell::new(BTreeMap::new()),
        }
    }

    /// Counts one more of `what` among the target's own figures.
    pub fn note(&self, what: &str) {
        *self.extra.borrow_mut().entry(what.to_owned()).or_default() += 1;
    }

    pub fn line(&self) -> String {
        let mut line = format!(
            "fuzz target={} cases={} decided={} panics={} 5xx={}",
            self.target,
            self.cases.get(),
            self.decided.get(),
            self.panics.get(),
            self.server_errors.get()
        );
        for (what, count) in self.extra.borrow().iter() {
            line.push_str(&format!(" {what}={count}"));
        }
        line
    }
}

fn bump(cell: &Cell<u64>) {
    cell.set(cell.get() + 1);
}

/// Why a case failed: the text names a 5xx as such, so the tally can
/// count it.
pub const SERVER_ERROR: &str = "5xx: ";

/// Runs `cases()` cases of `strategy` through `case`, counting; prints the
/// tally, then fails with the smallest failing input if any case failed
/// (a panic, a 5xx, or an answer that is not a specific error).
pub fn run<S>(tally: &Tally, strategy: S, case: impl Fn(S::Value) -> Result<Verdict, String>)
where
    S: Strategy,
    S::Value: Debug,
{
    let config = Config {
        cases: cases(),
        // Nothing is written into the source tree: a failure prints its
        // input, and the seed is new each run.
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let result = runner.run(&strategy, |input| {
        bump(&tally.cases);
        match catch_unwind(AssertUnwindSafe(|| case(input))) {
            Ok(Ok(Verdict::Decided)) => {
                bump(&tally.decided);
                Ok(())
            }
            Ok(Ok(Verdict::Unread)) => Ok(()),
            Ok(Err(why)) => {
                if why.starts_with(SERVER_ERROR) {
                    bump(&tally.server_errors);
                }
                Err(TestCaseError::fail(why))
            }
            Err(_) => {
                bump(&tally.panics);
                Err(TestCaseError::fail("panicked"))
            }
        }
    });
    println!("{}", tally.line());
    match result {
        Ok(()) => {}
        Err(TestError::Fail(why, input)) => {
            panic!("{}: {why}\nsmallest failing input: {input:#?}", tally.target)
        }
        Err(TestError::Abort(why)) => panic!("{}: aborted: {why}", tally.target),
    }
}

/// Codes that mean the request was refused before a rule looked at it.
const UNREAD_CODES: [ErrorCode; 7] = [
    ErrorCode::BadRequest,
    ErrorCode::Unauthenticated,
    ErrorCode::UnsupportedMediaType,
    ErrorCode::PayloadTooLarge,
    ErrorCode::MethodNotAllowed,
    ErrorCode::ClientError,
    ErrorCode::UnsupportedProtocol,
];

/// An answer of the API as a client sees it.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
}

/// The boundary's promise for every answer: never a 5xx; every 4xx a JSON
/// body `{"error": {"code": C, "message": M}}` with C one of the domain's
/// codes, and M never quoting what the request carried (`injected`: the
/// long texts the case put in).
pub fn judge(answer: &Answer, injected: &[String]) -> Result<Verdict, String> {
    if answer.status >= 500 {
        let body = String::from_utf8_lossy(&answer.body);
        return Err(format!("{SERVER_ERROR}{} {body}", answer.status));
    }
    if answer.status < 400 {
        return Ok(Verdict::Decided);
    }
    if !answer.content_type.starts_with("application/json") {
        return Err(format!("a {} that is not JSON: {:?}", answer.status, answer.content_type));
    }
    let body: anxin_domain::ErrorBody = serde_json::from_slice(&answer.body).map_err(|e| {
        format!("a {} whose body is not an error body ({e}): {:?}", answer.status, answer.body)
    })?;
    let code = ErrorCode::parse(&body.error.code)
        .ok_or_else(|| format!("a {} with an unknown code {:?}", answer.status, body.error.code))?;
    if body.error.message.trim().is_empty() {
        return Err(format!("a {} ({}) without a message", answer.status, body.error.code));
    }
    if let Some(quoted) = injected.iter().find(|text| body.error.message.contains(text.as_str())) {
        return Err(format!("the message quotes the request ({quoted:?}): {}", body.error.message));
    }
    Ok(if UNREAD_CODES.contains(&code) { Verdict::Unread } else { Verdict::Decided })
}

/// The long texts of `values` (at least 24 characters): what an error
/// message must never repeat.
pub fn long_texts<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    values.into_iter().filter(|t| t.chars().count() >= 24).map(str::to_owned).collect()
}
