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

/// The row counts an insert is written in: any count is a sum of a few of
/// these (its binary digits), each shape prepared once.
const INSERT_SIZES: [usize; 9] = [256, 128, 64, 32, 16, 8, 4, 2, 1];

/// `?from, ?from + 1, …`: `n` numbered placeholders.
fn placeholders(from: usize, n: usize) -> String {
    let numbered: Vec<String> = (from..from + n).map(|i| format!("?{i}")).collect();
    numbered.join(", ")
}

/// `keys` (tuples of `width` values, flat) cut into chunks of
/// [`LOOKUP_SIZES`] tuples, each padded to its size by repeating its last
/// tuple (a key listed twice matches as once, or as a duplicate join row).
fn lookup_chunks(keys: &[Value], width: usize) -> Vec<Vec<Value>> {
    let largest = LOOKUP_SIZES[LOOKUP_SIZES.len() - 1];
    keys.chunks(largest * width)
        .map(|chunk| {
            let tuples = chunk.len() / width;
            let size = LOOKUP_SIZES.iter().copied().find(|&s| s >= tuples).unwrap_or(largest);
            let mut padded = chunk.to_vec();
            let last = chunk[chunk.len() - width..].to_vec();
            while padded.len() < size * width {
                padded.extend(last.iter().cloned());
            }
            padded
        })
        .collect()
}

/// Runs `sql`, in which `{keys}` stands for the keys as rows of a VALUES
/// list, `(?1, ?2), (?3, ?4), …` for keys of `width` 2, to be joined with
/// the table read (`SELECT … FROM (VALUES {keys}) AS k JOIN t ON t.id =
/// k.column1`), once per chunk of them, and calls `each` with every row.
/// `keys` is flat, its tuples one after another; nothing runs when it is
/// empty. A join, not `IN (…)`: both engines look each key up in the
/// table's index, where PostgreSQL would scan a large table for a long
/// `IN` list whose selectivity it misjudges.
pub fn query_keys(
    tx: &dyn Sql,
    sql: &str,
    width: usize,
    keys: &[Value],
    each: &mut dyn FnMut(&Row) -> Result<()>,
) -> Result<()> {
    debug_assert!(width > 0 && keys.len() % width == 0);
    for chunk in lookup_chunks(keys, width) {
        let tuples: Vec<String> = (0..chunk.len() / width)
            .map(|t| format!("({})", placeholders(t * width + 1, width)))
            .collect();
        tx.query_each(&sql.replace("{keys}", &tuples.join(", ")), &chunk, each)?;
    }
    Ok(())
}

/// From how many rows a plain insert goes by the engine's bulk path
/// (`Sql::copy_rows`), which costs two round trips however many rows.
const COPY_FROM: usize = 8;

/// Writes `rows` (each of `columns` values) with `INSERT INTO into VALUES
/// (…), (…) tail`: `into` names the table and columns, `tail` may say what
/// a conflict does. Many rows without a `tail` go by the engine's bulk
/// path where it has one.
pub fn insert_rows(
    tx: &dyn Sql,
    into: &str,
    tail: &str,
    columns: usize,
    rows: &[Vec<Value>],
) -> Result<()> {
    debug_assert!(rows.iter().all(|row| row.len() == columns));
    if tail.is_empty() && rows.len() >= COPY_FROM && tx.copy_rows(into, rows)? {
        return Ok(());
    }
    let mut rest = rows;
    while !rest.is_empty() {
        let size = INSERT_SIZES.iter().copied().find(|&s| s <= rest.len()).unwrap_or(1);
        let (now, later) = rest.split_at(size);
        let tuples: Vec<String> =
            (0..size).map(|r| format!("({})", placeholders(r * columns + 1, columns))).collect();
        let text = format!("INSERT INTO {into} VALUES {} {tail}", tuples.join(", "));
        let params: Vec<Value> = now.iter().flat_map(|row| row.iter().cloned()).collect();
        tx.execute(&text, &params)?;
        rest = later;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::sql::Dialect;

    fn texts(n: usize) -> Vec<Value> {
        (0..n).map(|i| Value::Text(format!("k{i}"))).collect()
    }

    #[test]
    fn test_a_short_list_is_padded_with_its_last_key_and_a_long_one_cut() {
        let chunks = lookup_chunks(&texts(3), 1);
        assert_eq!(chunks.len(), 1);
        assert_eq!(chunks[0].len(), 4);
        assert_eq!(chunks[0][3], Value::Text("k2".into()));
        let sizes: Vec<usize> = lookup_chunks(&texts(300), 1).iter().map(Vec::len).collect();
        assert_eq!(sizes, [256, 64]);
        let pairs = lookup_chunks(&texts(6), 2);
        assert_eq!(pairs[0].len(), 8);
        assert_eq!(pairs[0][6..], [Value::Text("k4".into()), Value::Text("k5".into())]);
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
        insert_rows(&connection, "t (k, g, n)", "", 3, &rows).unwrap();
        let mut seen = Vec::new();
        let by_key = "SELECT t.n FROM (VALUES {keys}) AS p JOIN t ON t.k = p.column1";
        // 300 keys: two chunks, the second padded with k299 (not stored).
        query_keys(&connection, by_key, 1, &texts(300), &mut |row| {
            seen.push(row.get::<i64>(0)?);
            Ok(())
        })
        .unwrap();
        seen.sort_unstable();
        assert_eq!(seen, (0..87).collect::<Vec<i64>>());
        // By pairs: only where both match.
        let pairs: Vec<Value> = ["k1", "g1", "k2", "g1", "k5", "g2"].map(Value::from).to_vec();
        let mut matched = Vec::new();
        query_keys(
            &connection,
            "SELECT t.n FROM (VALUES {keys}) AS p JOIN t ON t.k = p.column1 AND t.g = p.column2",
            2,
            &pairs,
            &mut |row| {
                matched.push(row.get::<i64>(0)?);
                Ok(())
            },
        )
        .unwrap();
        matched.sort_unstable();
        matched.dedup();
        assert_eq!(matched, [1, 5]);
        // No keys read nothing; an upsert's tail is kept.
        query_keys(&connection, by_key, 1, &[], &mut |_| panic!("read with no keys")).unwrap();
        let again = vec![vec![Value::Text("k1".into()), Value::Text("g9".into()), Value::Int(0)]];
        let tail = "ON CONFLICT (k) DO UPDATE SET g = excluded.g";
        insert_rows(&connection, "t (k, g, n)", tail, 3, &again).unwrap();
        let g: String =
            connection.query_row("SELECT g FROM t WHERE k = 'k1'", [], |r| r.get(0)).unwrap();
        assert_eq!(g, "g9");
    }

    /// Rows whose values hold every character the bulk path escapes, and
    /// NULLs, written in one go and read back as they were.
    fn tricky_rows_come_back_as_written(tx: &dyn Sql) {
        let blob = if tx.dialect() == Dialect::Postgres { "BYTEA" } else { "BLOB" };
        tx.execute(&format!("CREATE TABLE tricky (k BIGINT NOT NULL, t TEXT, b {blob})"), &[])
            .unwrap();
        let texts = ["tab\there", "line\nbreak\r\n", "back\\slash \\N", "\\N", "安心 ✓", ""];
        let rows: Vec<Vec<Value>> = (0..20)
            .map(|i| {
                vec![
                    Value::Int(i as i64 - 10),
                    match i % 7 {
                        6 => Value::Null,
                        _ => Value::Text(texts[i % texts.len()].into()),
                    },
                    Value::Blob(vec![i as u8, 0, 255, b'\\', b'\t']),
                ]
            })
            .collect();
        insert_rows(tx, "tricky (k, t, b)", "", 3, &rows).unwrap();
        let back: Vec<Vec<Value>> = tx
            .query("SELECT k, t, b FROM tricky ORDER BY k", &[])
            .unwrap()
            .into_iter()
            .map(|row| row.0)
            .collect();
        assert_eq!(back, rows);
    }

    #[test]
    fn test_rows_with_tabs_newlines_backslashes_and_nulls_round_trip_on_sqlite() {
        tricky_rows_come_back_as_written(&rusqlite::Connection::open_in_memory().unwrap());
    }

    /// On PostgreSQL they go by `COPY`.
    #[test]
    fn test_rows_with_tabs_newlines_backslashes_and_nulls_round_trip_on_postgres() {
        use crate::store::engine::Engine;
        let Some(store) = crate::store::test_postgres::fresh_store() else {
            return eprintln!("skipped: runs on PostgreSQL (ANXIN_TEST_BACKEND=postgres)");
        };
        store
            .write(|tx| {
                tricky_rows_come_back_as_written(tx);
                Ok(())
            })
            .unwrap();
    }
}
