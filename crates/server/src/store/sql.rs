//! One way to speak SQL to either engine. The store's areas are written
//! once, over [`Sql`], and run unchanged on SQLite and on PostgreSQL: the
//! SQL text uses SQLite's numbered placeholders (`?1`), which the
//! PostgreSQL engine rewrites as `$1`; values travel as [`Value`]s and
//! come back as [`Row`]s of them.
//!
//! The SQL the areas write keeps to what both engines read alike: integers
//! are 64-bit, flags are 0/1 integers compared with `= 1`, times are
//! RFC 3339 text, text sorts bytewise; `CAST(?1 AS TEXT) IS NULL` where a
//! parameter is only tested for NULL; `CAST(SUM(…) AS BIGINT)`.

use super::{Result, StoreError};

/// A value bound to a statement or read from a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// Which engine runs the SQL, for the few statements that must differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A connection inside an open transaction (the engine begins and ends it).
pub trait Sql {
    /// Runs a statement; how many rows it changed.
    fn execute(&self, sql: &str, params: &[Value]) -> Result<usize>;

    /// Every row a query returns.
    fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>>;

    fn dialect(&self) -> Dialect;

    /// Writes `rows` into `into` (`table (column, …)`) through the engine's
    /// bulk path, if it has one (PostgreSQL's `COPY`: rows streamed, not
    /// bound as parameters); `false`, with nothing written, if it has none.
    fn copy_rows(&self, _into: &str, _rows: &[Vec<Value>]) -> Result<bool> {
        Ok(false)
    }

    /// Calls `f` with each row in turn, without keeping them all: a large
    /// read (a report of the whole school) decodes rows in place. The row
    /// may be the same buffer each time, refilled: `f` takes what it keeps.
    fn query_each(
        &self,
        sql: &str,
        params: &[Value],
        f: &mut dyn FnMut(&Row) -> Result<()>,
    ) -> Result<()> {
        for row in self.query(sql, params)? {
            f(&row)?;
        }
        Ok(())
    }

    /// The first row, if any.
    fn query_opt(&self, sql: &str, params: &[Value]) -> Result<Option<Row>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// The first row, which must be there (an aggregate, a row just written).
    fn query_one(&self, sql: &str, params: &[Value]) -> Result<Row> {
        self.query_opt(sql, params)?.ok_or_else(|| {
            StoreError::Corrupt("a query expected to return a row returned none".into())
        })
    }
}

/// The values a statement binds, each converted with `Value::from`:
/// `args![person_id, day, 1]`.
#[macro_export]
macro_rules! args {
    () => { &[] as &[$crate::store::sql::Value] };
    ($($value:expr),+ $(,)?) => {
        &[$($crate::store::sql::Value::from($value)),+] as &[$crate::store::sql::Value]
    };
}
pub use crate::args;

/// One row read, its columns in the query's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Row(pub Vec<Value>);

impl Row {
    /// Column `index` as `T`; a value of another type is a corrupt record.
    pub fn get<T: FromValue>(&self, index: usize) -> Result<T> {
        match self.0.get(index) {
            Some(value) => T::from_value(value),
            None => Err(StoreError::Corrupt(format!("a row has no column {index}"))),
        }
    }

    /// Column `index` as text, borrowed (large reads decode in place).
    pub fn text(&self, index: usize) -> Result<&str> {
        match self.0.get(index) {
            Some(Value::Text(text)) => Ok(text),
            _ => Err(wrong_type(index)),
        }
    }

    /// Column `index` as text or NULL, borrowed.
    pub fn text_opt(&self, index: usize) -> Result<Option<&str>> {
        match self.0.get(index) {
            Some(Value::Text(text)) => Ok(Some(text)),
            Some(Value::Null) => Ok(None),
            _ => Err(wrong_type(index)),
        }
    }
}

fn wrong_type(index: usize) -> StoreError {
    StoreError::Corrupt(format!("column {index} of a row has an unexpected type"))
}

fn mismatch() -> StoreError {
    StoreError::Corrupt("a stored value has an unexpected type".into())
}

/// A type a column can be read as.
pub trait FromValue: Sized {
    fn from_value(value: &Value) -> Result<Self>;
}

impl FromValue for i64 {
    fn from_value(value: &Value) -> Result<Self> {
        match value {
            Value::Int(n) => Ok(*n),
            _ => Err(mismatch()),
        }
    }
}

macro_rules! from_int {
    ($($t:ty),+) => {$(
        impl FromValue for $t {
            fn from_value(value: &Value) -> Result<Self> {
                <$t>::try_from(i64::from_value(value)?).map_err(|_| mismatch())
            }
        }
    )+};
}
from_int!(u64, u32, u16, u8, i32, usize);

impl FromValue for bool {
    fn from_value(value: &Value) -> Result<Self> {
        match value {
            Value::Int(0) => Ok(false),
            Value::Int(1) => Ok(true),
            _ => Err(mismatch()),
        }
    }
}

impl FromValue for f64 {
    fn from_value(value: &Value) -> Result<Self> {
        match value {
            Value::Real(x) => Ok(*x),
            Value::Int(n) => Ok(*n as f64),
            _ => Err(mismatch()),
        }
    }
}

impl FromValue for String {
    fn from_value(value: &Value) -> Result<Self> {
        match value {
            Value::Text(text) => Ok(text.clone()),
            _ => Err(mismatch()),
        }
    }
}

impl FromValue for Vec<u8> {
    fn from_value(value: &Value) -> Result<Self> {
        match value {
            Value::Blob(bytes) => Ok(bytes.clone()),
            _ => Err(mismatch()),
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Value) -> Result<Self> {
        match value {
            Value::Null => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Int(n)
    }
}

macro_rules! into_int {
    ($($t:ty),+) => {$(
        impl From<$t> for Value {
            fn from(n: $t) -> Self {
                Value::Int(i64::from(n))
            }
        }
    )+};
}
into_int!(i32, u32, u16, u8);

// Counts, cursors and sequences beyond i64 cannot be stored; the callers
// refuse them before (a cursor or sequence from outside is checked), so
// this saturates rather than wraps.
impl From<u64> for Value {
    fn from(n: u64) -> Self {
        Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<usize> for Value {
    fn from(n: usize) -> Self {
        Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Int(i64::from(b))
    }
}

impl From<f64> for Value {
    fn from(x: f64) -> Self {
        Value::Real(x)
    }
}

impl From<String> for Value {
    fn from(text: String) -> Self {
        Value::Text(text)
    }
}

impl From<&String> for Value {
    fn from(text: &String) -> Self {
        Value::Text(text.clone())
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Value::Text(text.to_owned())
    }
}

impl From<&&str> for Value {
    fn from(text: &&str) -> Self {
        Value::Text((*text).to_owned())
    }
}

impl From<Vec<u8>> for Value {
    fn from(bytes: Vec<u8>) -> Self {
        Value::Blob(bytes)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(value: Option<T>) -> Self {
        value.map_or(Value::Null, Into::into)
    }
}

impl From<&Option<String>> for Value {
    fn from(value: &Option<String>) -> Self {
        value.as_deref().map_or(Value::Null, Into::into)
    }
}

impl From<&Value> for Value {
    fn from(value: &Value) -> Self {
        value.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_values_read_back_as_their_types_and_refuse_others() {
        let row = Row(vec![
            Value::Int(7),
            Value::Text("a".into()),
            Value::Null,
            Value::Int(1),
            Value::Int(-1),
        ]);
        assert_eq!(row.get::<i64>(0).unwrap(), 7);
        assert_eq!(row.get::<u32>(0).unwrap(), 7);
        assert_eq!(row.get::<String>(1).unwrap(), "a");
        assert_eq!(row.text(1).unwrap(), "a");
        assert_eq!(row.get::<Option<String>>(2).unwrap(), None);
        assert!(row.get::<bool>(3).unwrap());
        assert!(row.get::<u64>(4).is_err(), "a negative count is corrupt");
        assert!(row.get::<String>(0).is_err());
        assert!(row.get::<i64>(9).is_err());
    }

    #[test]
    fn test_args_convert_each_value() {
        let name = String::from("x");
        let none: Option<&str> = None;
        let values = args![&name, "y", 3u64, true, none, Some(2i64)];
        assert_eq!(
            values,
            &[
                Value::Text("x".into()),
                Value::Text("y".into()),
                Value::Int(3),
                Value::Int(1),
                Value::Null,
                Value::Int(2)
            ]
        );
        assert_eq!(Value::from(u64::MAX), Value::Int(i64::MAX));
    }
}
