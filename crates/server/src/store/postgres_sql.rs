//! [`Sql`] on a PostgreSQL connection: the areas' SQL, its `?1`
//! placeholders written `$1`, prepared once per connection; values bound by
//! the type PostgreSQL inferred for each parameter, and read back by the
//! type of each column.

use std::cell::RefCell;
use std::collections::HashMap;
use std::error::Error;

use bytes::BytesMut;
use postgres::types::{IsNull, ToSql, Type};
use postgres::{Client, Statement};

use super::postgres_copy::copy_text;
use super::sql::{Dialect, Row, Sql, Value};
use super::{Result, StoreError};

/// A pooled connection and the statements prepared on it.
pub struct PgConnection {
    pub client: Client,
    statements: HashMap<String, Statement>,
}

impl PgConnection {
    pub fn new(client: Client) -> Self {
        PgConnection { client, statements: HashMap::new() }
    }

    fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(&dollar_placeholders(sql))?;
        // A connection lives long; the areas' SQL is a fixed set.
        self.statements.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }
}

/// `?1` → `$1` (outside quoted text; the areas' SQL has no `?` otherwise).
pub fn dollar_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            quoted = !quoted;
        }
        if c == '?' && !quoted && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out
}

/// A connection lent to an area: inside a transaction the engine opened,
/// or outside any for a read of one statement (`Engine::read_single`).
pub struct PgTransaction<'a> {
    pub connection: RefCell<&'a mut PgConnection>,
}

impl Sql for PgTransaction<'_> {
    fn execute(&self, sql: &str, params: &[Value]) -> Result<usize> {
        let mut connection = self.connection.borrow_mut();
        let statement = connection.statement(sql)?;
        let params: Vec<&(dyn ToSql + Sync)> = params.iter().map(|v| v as _).collect();
        let changed = connection.client.execute(&statement, &params)?;
        Ok(usize::try_from(changed).unwrap_or(usize::MAX))
    }

    fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let mut connection = self.connection.borrow_mut();
        let statement = connection.statement(sql)?;
        let params: Vec<&(dyn ToSql + Sync)> = params.iter().map(|v| v as _).collect();
        let rows = connection.client.query(&statement, &params)?;
        rows.iter().map(row_of).collect()
    }

    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn copy_rows(&self, into: &str, rows: &[Vec<Value>]) -> Result<bool> {
        use std::io::Write;
        let mut connection = self.connection.borrow_mut();
        let statement = connection.statement(&format!("COPY {into} FROM STDIN"))?;
        let text = copy_text(rows);
        let mut writer = connection.client.copy_in(&statement)?;
        if let Err(err) = writer.write_all(&text) {
            return Err(copy_failed(err));
        }
        writer.finish()?;
        Ok(true)
    }
}

/// The database's own error, when the connection broke off a `COPY`.
fn copy_failed(err: std::io::Error) -> StoreError {
    match err.into_inner().map(|inner| inner.downcast::<postgres::Error>()) {
        Some(Ok(err)) => StoreError::Postgres(*err),
        _ => StoreError::Unreachable("the connection failed while rows were copied".into()),
    }
}

fn row_of(row: &postgres::Row) -> Result<Row> {
    let mut cells = Vec::with_capacity(row.len());
    for (i, column) in row.columns().iter().enumerate() {
        let ty = column.type_();
        let cell = if *ty == Type::INT8 {
            row.try_get::<_, Option<i64>>(i)?.map(Value::Int)
        } else if *ty == Type::INT4 {
            row.try_get::<_, Option<i32>>(i)?.map(|n| Value::Int(n.into()))
        } else if *ty == Type::INT2 {
            row.try_get::<_, Option<i16>>(i)?.map(|n| Value::Int(n.into()))
        } else if *ty == Type::BOOL {
            row.try_get::<_, Option<bool>>(i)?.map(|b| Value::Int(b.into()))
        } else if *ty == Type::FLOAT8 {
            row.try_get::<_, Option<f64>>(i)?.map(Value::Real)
        } else if *ty == Type::FLOAT4 {
            row.try_get::<_, Option<f32>>(i)?.map(|x| Value::Real(x.into()))
        } else if *ty == Type::BYTEA {
            row.try_get::<_, Option<Vec<u8>>>(i)?.map(Value::Blob)
        } else if [Type::TEXT, Type::VARCHAR, Type::BPCHAR, Type::NAME].contains(ty) {
            row.try_get::<_, Option<String>>(i)?.map(Value::Text)
        } else {
            return Err(StoreError::Corrupt(format!(
                "a column of type {} cannot be read: cast it in the query",
                ty.name()
            )));
        };
        cells.push(cell.unwrap_or(Value::Null));
    }
    Ok(Row(cells))
}

type BoxError = Box<dyn Error + Sync + Send>;

impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(n) => {
                if *ty == Type::INT8 {
                    n.to_sql(ty, out)
                } else if *ty == Type::INT4 {
                    i32::try_from(*n)?.to_sql(ty, out)
                } else if *ty == Type::INT2 {
                    i16::try_from(*n)?.to_sql(ty, out)
                } else if *ty == Type::BOOL {
                    (*n != 0).to_sql(ty, out)
                } else if *ty == Type::FLOAT8 {
                    (*n as f64).to_sql(ty, out)
                } else {
                    Err(format!("an integer bound where {} is expected", ty.name()).into())
                }
            }
            Value::Real(x) => {
                if *ty == Type::FLOAT4 {
                    (*x as f32).to_sql(ty, out)
                } else {
                    x.to_sql(ty, out)
                }
            }
            Value::Text(text) => text.as_str().to_sql(ty, out),
            Value::Blob(bytes) => bytes.as_slice().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_placeholders_become_dollars_outside_quotes() {
        assert_eq!(
            dollar_placeholders("SELECT ?1, '?2' FROM t WHERE a = ?12 AND b = ?"),
            "SELECT $1, '?2' FROM t WHERE a = $12 AND b = ?"
        );
    }
}
