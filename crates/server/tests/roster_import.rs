//! `anxin-server import-roster`: the real binary on a real SQLite file.
//! All lines or none; re-import updates and deactivates, never deletes.

mod support;

use anxin_server::args;

use std::path::Path;
use std::process::{Command, Output};

fn import(data: &Path, file: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_anxin-server"))
        .arg("--data-dir")
        .arg(data)
        .args(support::database::database_args(data))
        .env("ANXIN_LOG", "warn")
        .arg("import-roster")
        .arg(file)
        .output()
        .expect("the binary runs")
}

fn example() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/roster.example.csv");
    std::fs::read_to_string(path).unwrap()
}

fn people(data: &Path) -> Vec<(String, String, i64)> {
    let rows = support::with_sql(data, |tx| {
        tx.query("SELECT person_id, class_name, active FROM people ORDER BY person_id", args![])
    });
    rows.iter().map(|r| (r.get(0).unwrap(), r.get(1).unwrap(), r.get(2).unwrap())).collect()
}

#[test]
fn test_import_then_reimport_updates_and_deactivates_keeping_everyone() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("roster.csv");
    std::fs::write(&file, format!("\u{feff}{}", example())).unwrap();
    let first = import(data.path(), &file);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let said = String::from_utf8_lossy(&first.stdout);
    assert!(said.contains("added 12, updated 0, unchanged 0, deactivated 0"), "{said}");

    // A student changes class; another leaves the school.
    let changed = example()
        .replace(
            "2020-0102,王芳,declarant,student,信息工程学院,软件2001",
            "2020-0102,王芳,declarant,student,信息工程学院,软件2002",
        )
        .lines()
        .filter(|line| !line.starts_with("2020-0203,"))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&file, changed).unwrap();
    let second = import(data.path(), &file);
    let said = String::from_utf8_lossy(&second.stdout);
    assert!(said.contains("added 0, updated 1, unchanged 10, deactivated 1"), "{said}");
    let all = people(data.path());
    assert_eq!(all.len(), 12, "nobody is deleted");
    assert!(all.contains(&("2020-0102".into(), "软件2002".into(), 1)));
    assert!(all.contains(&("2020-0203".into(), "软件2002".into(), 0)));
}

#[test]
fn test_a_file_with_bad_lines_imports_nothing_and_names_each_line() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("roster.csv");
    std::fs::write(&file, example()).unwrap();
    assert!(import(data.path(), &file).status.success());

    let bad = format!(
        "{}\nX 1,吴,declarant,student,信息工程学院,,,,\nX-2,郑,chef,,,,,,\n",
        example().trim_end()
    );
    std::fs::write(&file, bad).unwrap();
    let output = import(data.path(), &file);
    assert_eq!(output.status.code(), Some(1));
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(errors.contains("line 14, column id:"), "{errors}");
    assert!(errors.contains("line 14, column class:"), "{errors}");
    assert!(errors.contains("line 15, column roles:"), "{errors}");
    assert!(errors.contains("rejected: 2 line(s)"), "{errors}");
    assert_eq!(
        people(data.path()).len(),
        12,
        "the good lines of a bad file are not imported either"
    );
    assert!(people(data.path()).iter().all(|(_, _, active)| *active == 1));
}

#[test]
fn test_a_class_in_two_departments_is_refused_naming_the_lines() {
    // Setup: the example roster, then a file that puts a second member of
    // 软件2001 in another department (which once let that department's
    // office read the class).
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("roster.csv");
    std::fs::write(&file, example()).unwrap();
    assert!(import(data.path(), &file).status.success());
    let split = example().replace(
        "2020-0102,王芳,declarant,student,信息工程学院,软件2001",
        "2020-0102,王芳,declarant,student,国际教育学院,软件2001",
    );
    std::fs::write(&file, split).unwrap();

    // Exec
    let output = import(data.path(), &file);

    // Check: refused as a whole, the line named, nothing changed.
    assert_eq!(output.status.code(), Some(1));
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(
        errors.contains("line 3, column department: this class is in another department on line 2"),
        "{errors}"
    );
    assert!(people(data.path()).contains(&("2020-0102".into(), "软件2001".into(), 1)));
}
