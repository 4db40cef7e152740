//! [`Sql`] on a SQLite connection: every statement stays prepared (SQLite
//! parsing SQL was most of a batched push's time).

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::Connection;

use super::sql::{Dialect, Row, Sql, Value};
use super::Result;

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(n) => ToSqlOutput::Borrowed(ValueRef::Integer(*n)),
            Value::Real(x) => ToSqlOutput::Borrowed(ValueRef::Real(*x)),
            Value::Text(text) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
            Value::Blob(bytes) => ToSqlOutput::Borrowed(ValueRef::Blob(bytes)),
        })
    }
}

/// Puts `from` in `cell`, reusing the text's allocation when both are text.
fn refill(cell: &mut Value, from: ValueRef<'_>) -> rusqlite::Result<()> {
    match (cell, from) {
        (Value::Text(text), ValueRef::Text(_)) => {
            text.clear();
            text.push_str(from.as_str()?);
        }
        (cell, from) => *cell = value_of(from)?,
    }
    Ok(())
}

fn value_of(cell: ValueRef<'_>) -> rusqlite::Result<Value> {
    Ok(match cell {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(n) => Value::Int(n),
        ValueRef::Real(x) => Value::Real(x),
        ValueRef::Text(_) => Value::Text(cell.as_str()?.to_owned()),
        ValueRef::Blob(bytes) => Value::Blob(bytes.to_vec()),
    })
}

impl Sql for Connection {
    fn execute(&self, sql: &str, params: &[Value]) -> Result<usize> {
        Ok(self.prepare_cached(sql)?.execute(rusqlite::params_from_iter(params))?)
    }

    fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let mut statement = self.prepare_cached(sql)?;
        let columns = statement.column_count();
        let mut rows = statement.query(rusqlite::params_from_iter(params))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let mut cells = Vec::with_capacity(columns);
            for i in 0..columns {
                cells.push(value_of(row.get_ref(i)?)?);
            }
            out.push(Row(cells));
        }
        Ok(out)
    }

    fn query_each(
        &self,
        sql: &str,
        params: &[Value],
        f: &mut dyn FnMut(&Row) -> Result<()>,
    ) -> Result<()> {
        let mut statement = self.prepare_cached(sql)?;
        let columns = statement.column_count();
        let mut rows = statement.query(rusqlite::params_from_iter(params))?;
        let mut buffer = Row(vec![Value::Null; columns]);
        while let Some(row) = rows.next()? {
            for (i, cell) in buffer.0.iter_mut().enumerate() {
                refill(cell, row.get_ref(i)?)?;
            }
            f(&buffer)?;
        }
        Ok(())
    }

    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::sql::args;

    #[test]
    fn test_sqlite_binds_and_reads_values() {
        let connection = Connection::open_in_memory().unwrap();
        let c: &dyn Sql = &connection;
        c.execute("CREATE TABLE t (a INTEGER, b TEXT, c REAL)", args![]).unwrap();
        let none: Option<&str> = None;
        assert_eq!(c.execute("INSERT INTO t VALUES (?1, ?2, ?3)", args![5, "x", 1.5]).unwrap(), 1);
        c.execute("INSERT INTO t VALUES (?1, ?2, NULL)", args![6, none]).unwrap();
        let rows = c.query("SELECT a, b FROM t ORDER BY a", args![]).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].get::<i64>(0).unwrap(), 5);
        assert_eq!(rows[1].get::<Option<String>>(1).unwrap(), None);
        let one = c.query_one("SELECT COUNT(*) FROM t WHERE b = ?1", args!["x"]).unwrap();
        assert_eq!(one.get::<u64>(0).unwrap(), 1);
        assert!(c.query_opt("SELECT a FROM t WHERE a = ?1", args![99]).unwrap().is_none());
        let mut seen = Vec::new();
        c.query_each("SELECT a, b FROM t ORDER BY a", args![], &mut |row| {
            seen.push((row.get::<i64>(0)?, row.get::<Option<String>>(1)?));
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, [(5, Some("x".into())), (6, None)]);
    }
}
