//! Many rows in few statements: the facts of many keys read by one query,
//! many rows written by one insert. Every statement costs the PostgreSQL
//! engine a round trip, so a group of pushes reads and writes in a handful
//! of them rather than several per mutation. Lists come in a few fixed
//! sizes (a short list repeats its last key, a long one takes several
//! statements), so each engine prepares each shape once.

use super::sql::{Row, Sql, Value};
use super::Result;

/// The sizes a list of keys is read in (the largest also caps a chunk).
const LOOKUP_SIZES: [usize; 5] = [1, 4, 16, 64, 256];

/// The row counts an insert is written in; any count is a sum of these.
const INSERT_SIZES: [usize; 4] = [64, 16, 4, 1];

/// `?from, ?from + 1, …`: `n` numbered placeholders.
fn placeholders(from: usize, n: usize) -> String {
    let numbered: Vec<String> = (from..from + n).map(|i| format!("?{i}")).collect();
    numbered.join(", ")
}

/// `keys` cut into chunks of [`LOOKUP_SIZES`], each padded to its size by
/// repeating its last key (a key listed twice in `IN (…)` matches once).
fn lookup_chunks(keys: &[Value]) -> Vec<Vec<Value>> {
    let largest = LOOKUP_SIZES[LOOKUP_SIZES.len() - 1];
    keys.chunks(largest)
        .map(|chunk| {
            let size = LOOKUP_SIZES.iter().copied().find(|&s| s >= chunk.len()).unwrap_or(largest);
            let mut padded = chunk.to_vec();
            let last = chunk[chunk.len() - 1].clone();
            padded.resize(size, last);
            padded
        })
        .collect()
}

/// Runs `sql`, in which `{0}`, `{1}`, … stand for the lists in `lists`
/// (`… WHERE a IN ({0}) AND b IN ({1})`), for every combination of their
/// chunks, and calls `each` with every row. Nothing runs if a list is
/// empty. A row can match in one combination only when each list's keys
/// are distinct.
pub fn query_lists(
    tx: &dyn Sql,
    sql: &str,
    lists: &[&[Value]],
    each: &mut dyn FnMut(&Row) -> Result<()>,
) -> Result<()> {
    if lists.iter().any(|list| list.is_empty()) {
        return Ok(());
    }
    let chunked: Vec<Vec<Vec<Value>>> = lists.iter().map(|list| lookup_chunks(list)).collect();
    let mut at = vec![0usize; chunked.len()];
    loop {
        let mut text = sql.to_owned();
        let mut params = Vec::new();
        for (k, chunks) in chunked.iter().enumerate() {
            let chunk = &chunks[at[k]];
            text = text.replace(&format!("{{{k}}}"), &placeholders(params.len() + 1, chunk.len()));
            params.extend(chunk.iter().cloned());
        }
        tx.query_each(&text, &params, each)?;
        // The next combination, the last list turning fastest.
        let mut k = chunked.len();
        loop {
            if k == 0 {
                return Ok(());
            }
            k -= 1;
            at[k] += 1;
            if at[k] < chunked[k].len() {
                break;
            }
            at[k] = 0;
        }
    }
}

/// Writes `rows` (each of `columns` values) with `head VALUES (…), (…) tail`:
/// `head` names the table and columns, `tail` may say what a conflict does.
pub fn insert_rows(
    tx: &dyn Sql,
    head: &str,
    tail: &str,
    columns: usize,
    rows: &[Vec<Value>],
) -> Result<()> {
    let mut rest = rows;
    while !rest.is_empty() {
        let size = INSERT_SIZES.iter().copied().find(|&s| s <= rest.len()).unwrap_or(1);
        let (now, later) = rest.split_at(size);
        let tuples: Vec<String> =
            (0..size).map(|r| format!("({})", placeholders(r * columns + 1, columns))).collect();
        let text = format!("{head} VALUES {} {tail}", tuples.join(", "));
        let params: Vec<Value> = now.iter().flat_map(|row| row.iter().cloned()).collect();
        debug_assert!(now.iter().all(|row| row.len() == columns));
        tx.execute(&text, &params)?;
        rest = later;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(n: usize) -> Vec<Value> {
        (0..n).map(|i| Value::Text(format!("k{i}"))).collect()
    }

    #[test]
    fn test_a_short_list_is_padded_with_its_last_key_and_a_long_one_cut() {
        let chunks = lookup_chunks(&texts(3));
        assert_eq!(chunks.len(), 1);
        assert_eq!(chunks[0].len(), 4);
        assert_eq!(chunks[0][3], Value::Text("k2".into()));
        let sizes: Vec<usize> = lookup_chunks(&texts(300)).iter().map(Vec::len).collect();
        assert_eq!(sizes, [256, 64]);
        assert_eq!(placeholders(3, 3), "?3, ?4, ?5");
    }

    /// A table on a real SQLite connection, read and written in chunks.
    #[test]
    fn test_rows_written_and_read_in_chunks_are_each_there_once() {
        let connection = rusqlite::Connection::open_in_memory().unwrap();
        connection
            .execute_batch("CREATE TABLE t (k TEXT PRIMARY KEY, g TEXT NOT NULL, n INTEGER)")
            .unwrap();
        let rows: Vec<Vec<Value>> = (0..87)
            .map(|i| {
                vec![
                    Value::Text(format!("k{i}")),
                    Value::Text(format!("g{}", i % 3)),
                    Value::Int(i),
                ]
            })
            .collect();
        insert_rows(&connection, "INSERT INTO t (k, g, n)", "", 3, &rows).unwrap();
        let mut seen = Vec::new();
        let keys = texts(87);
        let groups = [Value::Text("g0".into()), Value::Text("g2".into())];
        query_lists(
            &connection,
            "SELECT n FROM t WHERE k IN ({0}) AND g IN ({1})",
            &[&keys, &groups],
            &mut |row| {
                seen.push(row.get::<i64>(0)?);
                Ok(())
            },
        )
        .unwrap();
        seen.sort_unstable();
        let expected: Vec<i64> = (0..87).filter(|i| i % 3 != 1).collect();
        assert_eq!(seen, expected);
        // An empty list reads nothing; an upsert's tail is kept.
        query_lists(&connection, "SELECT n FROM t WHERE k IN ({0})", &[&[]], &mut |_| {
            panic!("read with no keys")
        })
        .unwrap();
        let again = vec![vec![Value::Text("k1".into()), Value::Text("g9".into()), Value::Int(0)]];
        let tail = "ON CONFLICT (k) DO UPDATE SET g = excluded.g";
        insert_rows(&connection, "INSERT INTO t (k, g, n)", tail, 3, &again).unwrap();
        let g: String =
            connection.query_row("SELECT g FROM t WHERE k = 'k1'", [], |r| r.get(0)).unwrap();
        assert_eq!(g, "g9");
    }
}
