//! Rows for PostgreSQL's `COPY … FROM STDIN` in its text format: one line
//! per row, values between tabs, `\N` for NULL, and a backslash before
//! anything that would end a value or a line. PostgreSQL reads each value
//! as its column's type reads text, so a row needs no parameter types.
//! Many rows this way cost the server less than a multi-row `INSERT`
//! (they are inserted in batches, not planned as a list of values), and
//! two round trips however many they are.

use std::fmt::Write as _;

use super::sql::Value;

/// `rows` as the lines of a text-format `COPY`.
pub fn copy_text(rows: &[Vec<Value>]) -> Vec<u8> {
    let mut out = String::with_capacity(rows.len() * 256);
    for row in rows {
        for (i, value) in row.iter().enumerate() {
            if i > 0 {
                out.push('\t');
            }
            push_value(&mut out, value);
        }
        out.push('\n');
    }
    out.into_bytes()
}

fn push_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("\\N"),
        // An integer is read as the column's integer, or as a flag (`1`
        // and `0` are booleans' text too).
        Value::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Value::Real(x) if x.is_nan() => out.push_str("NaN"),
        Value::Real(x) if x.is_infinite() => {
            out.push_str(if *x > 0.0 { "Infinity" } else { "-Infinity" })
        }
        // Display never writes an exponent, and reads back as the same f64.
        Value::Real(x) => {
            let _ = write!(out, "{x}");
        }
        Value::Text(text) => push_text(out, text),
        // bytea's hex form, `\x…`, its backslash escaped.
        Value::Blob(bytes) => {
            out.push_str("\\\\x");
            for byte in bytes {
                let _ = write!(out, "{byte:02x}");
            }
        }
    }
}

fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_values_are_written_so_that_none_ends_a_value_or_a_line() {
        let rows = vec![
            vec![
                Value::Text("a\tb\nc\\d\re".into()),
                Value::Null,
                Value::Int(-7),
                Value::Text("\\N".into()),
            ],
            vec![
                Value::Real(0.1),
                Value::Real(f64::NEG_INFINITY),
                Value::Blob(vec![0, 255, 16]),
                Value::Text("安心".into()),
            ],
        ];
        let text = String::from_utf8(copy_text(&rows)).unwrap();
        assert_eq!(text, "a\\tb\\nc\\\\d\\re\t\\N\t-7\t\\\\N\n0.1\t-Infinity\t\\\\x00ff10\t安心\n");
        assert_eq!(text.lines().count(), 2);
        assert!(text.lines().all(|line| line.split('\t').count() == 4));
    }
}
