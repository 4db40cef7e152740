//! What the domain's fuzz targets share: the case count
//! (`ANXIN_FUZZ_CASES`), the tally each prints, and wrong values to put in
//! a valid JSON document.
#![allow(dead_code)]

use std::cell::Cell;
use std::fmt::Debug;
use std::panic::{catch_unwind, AssertUnwindSafe};

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use serde_json::Value;

/// Cases per target when `ANXIN_FUZZ_CASES` does not say. The domain's
/// decoders take microseconds: many more than the server's per run.
pub const DEFAULT_CASES: u32 = 2_000;

/// How many cases each target runs: `ANXIN_FUZZ_CASES`, else `default`.
pub fn cases(default: u32) -> u32 {
    match std::env::var("ANXIN_FUZZ_CASES") {
        Ok(text) => text.trim().parse().expect("ANXIN_FUZZ_CASES is a whole number"),
        Err(_) => default,
    }
}

/// [`run_with`] [`DEFAULT_CASES`] cases.
pub fn run<S>(target: &str, strategy: S, case: impl Fn(S::Value) -> Result<Verdict, String>)
where
    S: Strategy,
    S::Value: Debug,
{
    run_with(target, DEFAULT_CASES, strategy, case)
}

/// Read and judged by a rule, or refused as unreadable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Decided,
    Unread,
}

/// Runs the target's cases (`default` unless `ANXIN_FUZZ_CASES` says)
/// and prints `fuzz target=… cases=… decided=… panics=… 5xx=0` (nothing
/// here answers HTTP: the 5xx column is for the sum in scripts/fuzz.sh);
/// fails with the smallest failing input.
pub fn run_with<S>(
    target: &str,
    default: u32,
    strategy: S,
    case: impl Fn(S::Value) -> Result<Verdict, String>,
) where
    S: Strategy,
    S::Value: Debug,
{
    let (cases, decided, panics) = (Cell::new(0u64), Cell::new(0u64), Cell::new(0u64));
    let config = Config {
        cases: self::cases(default),
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    };
    let result = TestRunner::new(config).run(&strategy, |input| {
        cases.set(cases.get() + 1);
        match catch_unwind(AssertUnwindSafe(|| case(input))) {
            Ok(Ok(verdict)) => {
                if verdict == Verdict::Decided {
                    decided.set(decided.get() + 1);
                }
                Ok(())
            }
            Ok(Err(why)) => Err(TestCaseError::fail(why)),
            Err(_) => {
                panics.set(panics.get() + 1);
                Err(TestCaseError::fail("panicked"))
            }
        }
    });
    println!(
        "fuzz target={target} cases={} decided={} panics={} 5xx=0",
        cases.get(),
        decided.get(),
        panics.get()
    );
    match result {
        Ok(()) => {}
        Err(TestError::Fail(why, input)) => {
            panic!("{target}: {why}\nsmallest failing input: {input:#?}")
        }
        Err(TestError::Abort(why)) => panic!("{target}: aborted: {why}"),
    }
}

/// Texts that look like ids, days, times and names but are not.
pub const ODD_TEXTS: [&str; 16] = [
    "",
    " ",
    "0",
    "-1",
    "2026-02-30",
    "0000-01-01",
    "+262143-12-31",
    "24:00:00",
    "07:60",
    "00000000-0000-4000-8000-00000000000g",
    "on_campus",
    "leave",
    "cough",
    "𝕬𝖓𝖝𝖎𝖓 👩‍👩‍👧‍👦",
    "\u{202e}反转",
    "\u{0}\u{7f}",
];

/// A value to put where another was.
#[derive(Debug, Clone)]
pub enum Wrong {
    Null,
    Bool(bool),
    Integer(i64),
    Unsigned(u64),
    Float(f64),
    Text(String),
    Odd(usize),
    Huge(usize),
    Nested(usize),
    Array(Vec<Wrong>),
    Remove,
}

pub fn wrong() -> impl Strategy<Value = Wrong> {
    let leaf = prop_oneof![
        1 => Just(Wrong::Null),
        1 => any::<bool>().prop_map(Wrong::Bool),
        2 => prop_oneof![any::<i64>(), Just(-1i64), Just(0), Just(i64::MIN), Just(65_536)].prop_map(Wrong::Integer),
        1 => prop_oneof![any::<u64>(), Just(u64::MAX)].prop_map(Wrong::Unsigned),
        1 => any::<f64>().prop_map(Wrong::Float),
        3 => any::<String>().prop_map(Wrong::Text),
        3 => any::<usize>().prop_map(Wrong::Odd),
        1 => (100usize..5_000).prop_map(Wrong::Huge),
        1 => (1usize..200).prop_map(Wrong::Nested),
        1 => Just(Wrong::Remove),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| vec(inner, 0..3).prop_map(Wrong::Array))
}

impl Wrong {
    pub fn value(&self) -> Value {
        match self {
            Wrong::Null | Wrong::Remove => Value::Null,
            Wrong::Bool(b) => Value::Bool(*b),
            Wrong::Integer(n) => Value::from(*n),
            Wrong::Unsigned(n) => Value::from(*n),
            Wrong::Float(x) => Value::from(*x),
            Wrong::Text(text) => Value::from(text.as_str()),
            Wrong::Odd(i) => Value::from(ODD_TEXTS[i % ODD_TEXTS.len()]),
            Wrong::Huge(n) => Value::from("字".repeat(*n)),
            Wrong::Nested(depth) => {
                (0..*depth).fold(Value::from(1), |inner, _| Value::Array(vec![inner]))
            }
            Wrong::Array(items) => Value::Array(items.iter().map(Wrong::value).collect()),
        }
    }
}

/// Up to `most` edits, each at a node picked by its pre-order number.
pub fn edits(most: usize) -> impl Strategy<Value = Vec<(usize, Wrong)>> {
    vec((any::<usize>(), wrong()), 0..=most)
}

fn count(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(count).sum(),
        Value::Object(map) => map.values().map(count).sum(),
        _ => 0,
    }
}

fn visit(node: &mut Value, target: usize, seen: &mut usize, edit: &Wrong) -> bool {
    let children: Vec<Value> = match node {
        Value::Array(items) => std::mem::take(items),
        Value::Object(map) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            for key in keys {
                *seen += 1;
                if *seen == target {
                    match edit {
                        Wrong::Remove => {
                            map.remove(&key);
                        }
                        other => {
                            map.insert(key, other.value());
                        }
                    }
                    return true;
                }
                if visit(map.get_mut(&key).expect("a key just listed"), target, seen, edit) {
                    return true;
                }
            }
            return false;
        }
        _ => return false,
    };
    let mut kept = Vec::with_capacity(children.len());
    let mut done = false;
    for mut child in children {
        if done {
            kept.push(child);
            continue;
        }
        *seen += 1;
        if *seen == target {
            done = true;
            if !matches!(edit, Wrong::Remove) {
                kept.push(edit.value());
            }
            continue;
        }
        done = visit(&mut child, target, seen, edit);
        kept.push(child);
    }
    *node = Value::Array(kept);
    done
}

/// `seed` with the edits applied.
pub fn apply(seed: &Value, edits: &[(usize, Wrong)]) -> Value {
    let mut value = seed.clone();
    for (target, edit) in edits {
        let target = target % count(&value);
        if target == 0 {
            value = edit.value();
        } else {
            visit(&mut value, target, &mut 0, edit);
        }
    }
    value
}
