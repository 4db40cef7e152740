//! The school's roster (SPEC §4): everyone who may sign in, with their
//! category, department, class and roles, as the admin imports it.
//!
//! One CSV with a header row. Columns, in any order (names are fixed):
//! `id`, `name`, `roles` (required) and `category`, `department`, `class`,
//! `phone`, `advises`, `scope`. `roles` and `advises` list several values
//! separated by `;`. Every line is checked before anything is imported, and
//! every problem is reported with its line and column.

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::profile::{is_valid_person_id, PersonCategory, MAX_TEXT_CHARS};

pub mod import;

pub use import::{plan_import, Held, ImportPlan};

/// What a person may do; one person may hold several roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Files the daily declaration, books counselling.
    Declarant,
    /// 辅导员: one or more classes.
    Advisor,
    /// 防控办: a department's office or the school office.
    Office,
    /// 心理咨询师.
    Counsellor,
    /// Imports the roster, manages accounts; reads no health content.
    Admin,
    /// 门卫: checks people at the gate (their entry status, never their
    /// declarations).
    Guard,
}

impl Role {
    pub const ALL: [Role; 6] =
        [Role::Declarant, Role::Advisor, Role::Office, Role::Counsellor, Role::Admin, Role::Guard];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Declarant => "declarant",
            Role::Advisor => "advisor",
            Role::Office => "office",
            Role::Counsellor => "counsellor",
            Role::Admin => "admin",
            Role::Guard => "guard",
        }
    }
}

pub fn category_name(category: PersonCategory) -> &'static str {
    match category {
        PersonCategory::Student => "student",
        PersonCategory::Staff => "staff",
        PersonCategory::ForeignTeacher => "foreign_teacher",
        PersonCategory::InternationalStudent => "international_student",
    }
}

/// An office's scope: one department, or the whole school.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfficeScope {
    School,
    Department(String),
}

/// One person of the roster, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterPerson {
    pub id: String,
    pub name: String,
    pub roles: BTreeSet<Role>,
    /// Declarants only.
    pub category: Option<PersonCategory>,
    pub department: String,
    /// Students and international students.
    pub class_name: String,
    pub phone: String,
    /// Advisors: the classes they advise.
    pub advises: BTreeSet<String>,
    /// Offices: what they oversee.
    pub scope: Option<OfficeScope>,
}

/// The columns the file may have.
pub const COLUMNS: [&str; 9] =
    ["id", "name", "roles", "category", "department", "class", "phone", "advises", "scope"];
const REQUIRED_COLUMNS: [&str; 3] = ["id", "name", "roles"];

/// What is wrong with one cell (or the header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    MissingColumn,
    UnknownColumn,
    Required,
    InvalidId,
    TooLong,
    UnknownRole,
    UnknownCategory,
    /// A declarant needs a category; others may not have one.
    CategoryMismatch,
    /// Students need a class; staff have none.
    ClassMismatch,
    AdvisorWithoutClasses,
    OfficeWithoutScope,
    InvalidPhone,
    /// The same id appears on an earlier line.
    DuplicateId {
        first_line: usize,
    },
    WrongFieldCount,
    /// A class belongs to one department: this line puts it in another
    /// than an earlier line did.
    ClassInTwoDepartments {
        first_line: usize,
    },
}

/// A problem found in the file: 1-based line (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterError {
    pub line: usize,
    pub column: &'static str,
    pub problem: Problem,
}

impl fmt::Display for RosterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match &self.problem {
            Problem::MissingColumn => "the header lacks this column".to_owned(),
            Problem::UnknownColumn => format!("unknown column (expected {})", COLUMNS.join(", ")),
            Problem::Required => "required, but empty".to_owned(),
            Problem::InvalidId => "letters, digits and dashes only, at most 32".to_owned(),
            Problem::TooLong => format!("longer than {MAX_TEXT_CHARS} characters"),
            Problem::UnknownRole => format!(
                "unknown role (expected {}, separated by ;)",
                Role::ALL.map(Role::as_str).join(", ")
            ),
            Problem::UnknownCategory => format!(
                "unknown category (expected {})",
                PersonCategory::ALL.map(category_name).join(", ")
            ),
            Problem::CategoryMismatch => {
                "a declarant needs a category, and only a declarant has one".to_owned()
            }
            Problem::ClassMismatch => {
                "students and international students need a class; staff have none".to_owned()
            }
            Problem::AdvisorWithoutClasses => "an advisor needs the classes she advises".to_owned(),
            Problem::OfficeWithoutScope => {
                "an office needs a scope: school, or a department's name".to_owned()
            }
            Problem::InvalidPhone => "digits, spaces, + and - only, 5 to 20 characters".to_owned(),
            Problem::DuplicateId { first_line } => {
                format!("this id is already on line {first_line}")
            }
            Problem::WrongFieldCount => "the line does not have one value per column".to_owned(),
            Problem::ClassInTwoDepartments { first_line } => {
                format!("this class is in another department on line {first_line}")
            }
        };
        write!(f, "line {}, column {}: {what}", self.line, self.column)
    }
}

fn split_list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(';').map(str::trim).filter(|s| !s.is_empty())
}

fn parse_category(text: &str) -> Option<PersonCategory> {
    PersonCategory::ALL.into_iter().find(|c| category_name(*c) == text)
}

fn parse_role(text: &str) -> Option<Role> {
    Role::ALL.into_iter().find(|r| r.as_str() == text)
}

/// A phone number as the roster may hold it: 5 to 20 digits, spaces, `+`
/// and `-`.
pub fn is_valid_phone(phone: &str) -> bool {
    (5..=20).contains(&phone.chars().count())
        && phone.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-'))
}

/// Reads the whole file: the header, then each line. `Ok` only when every
/// line is right; otherwise every problem, in file order.
pub fn parse_roster<I, R>(header: &[String], rows: I) -> Result<Vec<RosterPerson>, Vec<RosterError>>
where
    I: IntoIterator<Item = (usize, R)>,
    R: AsRef<[String]>,
{
    let mut errors = Vec::new();
    let mut index: HashMap<&'static str, usize> = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        let name = name.trim().trim_start_matches('\u{feff}');
        match COLUMNS.iter().find(|c| **c == name) {
            Some(column) => {
                index.insert(column, i);
            }
            None => errors.push(RosterError {
                line: 1,
                column: "header",
                problem: Problem::UnknownColumn,
            }),
        }
    }
    for column in REQUIRED_COLUMNS {
        if !index.contains_key(column) {
            errors.push(RosterError { line: 1, column, problem: Problem::MissingColumn });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut people = Vec::new();
    let mut first_line_of: HashMap<String, usize> = HashMap::new();
    // Each class's department, and the line that first said it.
    let mut class_home: HashMap<String, (String, usize)> = HashMap::new();
    for (line, row) in rows {
        let row = row.as_ref();
        if row.len() != header.len() {
            errors.push(RosterError { line, column: "*", problem: Problem::WrongFieldCount });
            continue;
        }
        match parse_person(line, row, &index) {
            Ok(person) => {
                if let Some(first_line) = first_line_of.get(&person.id) {
                    let problem = Problem::DuplicateId { first_line: *first_line };
                    errors.push(RosterError { line, column: "id", problem });
                } else {
                    if !person.class_name.is_empty() {
                        let home = class_home
                            .entry(person.class_name.clone())
                            .or_insert_with(|| (person.department.clone(), line));
                        if home.0 != person.department {
                            let problem = Problem::ClassInTwoDepartments { first_line: home.1 };
                            errors.push(RosterError { line, column: "department", problem });
                        }
                    }
                    first_line_of.insert(person.id.clone(), line);
                    people.push(person);
                }
            }
            Err(mut found) => errors.append(&mut found),
        }
    }
    if errors.is_empty() {
        Ok(people)
    } else {
        Err(errors)
    }
}

fn parse_person(
    line: usize,
    row: &[String],
    index: &HashMap<&'static str, usize>,
) -> Result<RosterPerson, Vec<RosterError>> {
    let cell = |column: &str| -> &str { index.get(column).map_or("", |i| row[*i].trim()) };
    let mut errors = Vec::new();
    let mut fail =
        |column: &'static str, problem| errors.push(RosterError { line, column, problem });

    let id = cell("id");
    if id.is_empty() {
        fail("id", Problem::Required);
    } else if !is_valid_person_id(id) {
        fail("id", Problem::InvalidId);
    }
    for column in ["name", "department", "class"] {
        if cell(column).chars().count() > MAX_TEXT_CHARS {
            fail(column, Problem::TooLong);
        }
    }
    if cell("name").is_empty() {
        fail("name", Problem::Required);
    }

    let mut roles = BTreeSet::new();
    for text in split_list(cell("roles")) {
        match parse_role(text) {
            Some(role) => {
                roles.insert(role);
            }
            None => fail("roles", Problem::UnknownRole),
        }
    }
    if cell("roles").is_empty() {
        fail("roles", Problem::Required);
    }

    let category = match cell("category") {
        "" => None,
        text => {
            let parsed = parse_category(text);
            if parsed.is_none() {
                fail("category", Problem::UnknownCategory);
            }
            parsed
        }
    };
    let declarant = roles.contains(&Role::Declarant);
    let category_given = !cell("category").is_empty();
    if declarant != category_given {
        fail("category", Problem::CategoryMismatch);
    }
    if declarant && cell("department").is_empty() {
        fail("department", Problem::Required);
    }
    let needs_class = category.is_some_and(PersonCategory::has_class);
    if category.is_some() && needs_class == cell("class").is_empty() {
        fail("class", Problem::ClassMismatch);
    }

    let phone = cell("phone");
    if !phone.is_empty() && !is_valid_phone(phone) {
        fail("phone", Problem::InvalidPhone);
    }

    let advises: BTreeSet<String> = split_list(cell("advises")).map(str::to_owned).collect();
    if roles.contains(&Role::Advisor) && advises.is_empty() {
        fail("advises", Problem::AdvisorWithoutClasses);
    }
    let is_office = roles.contains(&Role::Office);
    let scope = match cell("scope") {
        "" => None,
        "school" => Some(OfficeScope::School),
        department => Some(OfficeScope::Department(department.to_owned())),
    };
    if is_office && scope.is_none() {
        fail("scope", Problem::OfficeWithoutScope);
    }

    if !errors.is_empty() {
        return Err(errors);
    }
    let advises = if roles.contains(&Role::Advisor) { advises } else { BTreeSet::new() };
    Ok(RosterPerson {
        id: id.to_owned(),
        name: cell("name").to_owned(),
        roles,
        category,
        department: cell("department").to_owned(),
        class_name: if needs_class { cell("class").to_owned() } else { String::new() },
        phone: phone.to_owned(),
        advises,
        scope: scope.filter(|_| is_office),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> Vec<String> {
        COLUMNS.iter().map(|c| c.to_string()).collect()
    }

    fn row(cells: [&str; 9]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    fn student() -> [&'static str; 9] {
        [
            "2020-0101",
            "李明",
            "declarant",
            "student",
            "信息工程学院",
            "软件2001",
            "13800000001",
            "",
            "",
        ]
    }

    fn parse(rows: Vec<[&str; 9]>) -> Result<Vec<RosterPerson>, Vec<RosterError>> {
        parse_roster(&header(), rows.into_iter().enumerate().map(|(i, r)| (i + 2, row(r))))
    }

    fn problems(rows: Vec<[&str; 9]>) -> Vec<(usize, &'static str, Problem)> {
        parse(rows).unwrap_err().into_iter().map(|e| (e.line, e.column, e.problem)).collect()
    }

    #[test]
    fn test_a_student_row_is_read() {
        let people = parse(vec![student()]).unwrap();
        assert_eq!(people[0].category, Some(PersonCategory::Student));
        assert_eq!(people[0].class_name, "软件2001");
        assert_eq!(people[0].roles, BTreeSet::from([Role::Declarant]));
    }

    #[test]
    fn test_advisor_office_and_admin_rows_are_read() {
        let people = parse(vec![
            [
                "T-1",
                "张老师",
                "declarant; advisor",
                "staff",
                "信息工程学院",
                "",
                "",
                "软件2001;软件2002",
                "",
            ],
            ["T-2", "赵主任", "office", "", "", "", "", "", "school"],
            ["A-1", "周", "admin", "", "", "", "", "", ""],
        ])
        .unwrap();
        assert_eq!(people[0].advises.len(), 2);
        assert_eq!(people[1].scope, Some(OfficeScope::School));
        assert_eq!(people[2].roles, BTreeSet::from([Role::Admin]));
    }

    #[test]
    fn test_every_problem_is_reported_with_line_and_column() {
        let mut bad_id = student();
        bad_id[0] = "2020 0101";
        let mut no_class = student();
        no_class[0] = "2020-0102";
        no_class[5] = "";
        let mut bad_role = student();
        bad_role[0] = "2020-0103";
        bad_role[2] = "declarant;teacher";
        let mut no_category = student();
        no_category[0] = "2020-0104";
        no_category[3] = "";
        no_category[5] = "";
        assert_eq!(
            problems(vec![student(), bad_id, no_class, bad_role, no_category, student()]),
            [
                (3, "id", Problem::InvalidId),
                (4, "class", Problem::ClassMismatch),
                (5, "roles", Problem::UnknownRole),
                (6, "category", Problem::CategoryMismatch),
                (7, "id", Problem::DuplicateId { first_line: 2 }),
            ]
        );
    }

    #[test]
    fn test_a_class_in_two_departments_is_refused_naming_the_lines() {
        let mut second = student();
        second[0] = "2020-0102";
        let mut elsewhere = student();
        elsewhere[0] = "2020-0103";
        elsewhere[4] = "外国语学院";
        assert_eq!(
            problems(vec![student(), second, elsewhere]),
            [(4, "department", Problem::ClassInTwoDepartments { first_line: 2 })]
        );
    }

    #[test]
    fn test_advisor_needs_classes_and_office_a_scope() {
        let advisor = ["T-1", "张", "advisor", "", "", "", "", "", ""];
        let office = ["T-2", "赵", "office", "", "", "", "", "", ""];
        assert_eq!(
            problems(vec![advisor, office]),
            [
                (2, "advises", Problem::AdvisorWithoutClasses),
                (3, "scope", Problem::OfficeWithoutScope)
            ]
        );
    }

    #[test]
    fn test_header_with_bom_in_any_order_and_missing_columns() {
        let header: Vec<String> =
            ["\u{feff}name", "id", "roles"].iter().map(|c| c.to_string()).collect();
        let people =
            parse_roster(&header, [(2, vec!["周".to_string(), "A-1".into(), "admin".into()])]);
        assert_eq!(people.unwrap()[0].id, "A-1");
        let header: Vec<String> = ["id", "nom"].iter().map(|c| c.to_string()).collect();
        let errors = parse_roster(&header, Vec::<(usize, Vec<String>)>::new()).unwrap_err();
        let found: Vec<_> = errors.iter().map(|e| (e.column, e.problem.clone())).collect();
        assert_eq!(
            found,
            [
                ("header", Problem::UnknownColumn),
                ("name", Problem::MissingColumn),
                ("roles", Problem::MissingColumn)
            ]
        );
    }

    #[test]
    fn test_error_text_names_line_column_and_fix() {
        let error = RosterError { line: 7, column: "category", problem: Problem::UnknownCategory };
        assert_eq!(
            error.to_string(),
            "line 7, column category: unknown category (expected student, staff, foreign_teacher, international_student)"
        );
    }

    #[test]
    fn test_short_line_is_reported_not_misread() {
        let header = header();
        let errors = parse_roster(&header, [(2, vec!["2020-0101".to_string()])]).unwrap_err();
        assert_eq!(errors[0].problem, Problem::WrongFieldCount);
    }
}
