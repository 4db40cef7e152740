//! The three levels of oversight (三级信息统计责任体系) and one scope of
//! each: a class, a department, the school.

use serde::{Deserialize, Serialize};

use crate::profile::MAX_TEXT_CHARS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Class,
    Department,
    School,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Class => "class",
            Level::Department => "department",
            Level::School => "school",
        }
    }
}

/// What one report is about. A department's scope covers its classes and
/// its own staff (who have no class: the office acts as their advisor).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Class(String),
    Department(String),
    School,
}

impl Scope {
    pub fn level(&self) -> Level {
        match self {
            Scope::Class(_) => Level::Class,
            Scope::Department(_) => Level::Department,
            Scope::School => Level::School,
        }
    }

    /// The class's or department's name; empty for the school.
    pub fn name(&self) -> &str {
        match self {
            Scope::Class(name) | Scope::Department(name) => name,
            Scope::School => "",
        }
    }

    /// From the query `scope=class&name=…` (or `scope=school`); `None` for
    /// anything the roster could not hold.
    pub fn parse(level: &str, name: Option<&str>) -> Option<Scope> {
        let plain = |n: &str| {
            !n.trim().is_empty()
                && n.chars().count() <= MAX_TEXT_CHARS
                && !n.chars().any(char::is_control)
        };
        match (level, name) {
            ("school", None | Some("")) => Some(Scope::School),
            ("class", Some(n)) if plain(n) => Some(Scope::Class(n.to_owned())),
            ("department", Some(n)) if plain(n) => Some(Scope::Department(n.to_owned())),
            _ => None,
        }
    }

    /// Whether a person of `department` and `class_name` is within it.
    pub fn covers(&self, department: &str, class_name: &str) -> bool {
        match self {
            Scope::Class(c) => c == class_name,
            Scope::Department(d) => d == department,
            Scope::School => true,
        }
    }

    /// Whether a person is one this scope's signer acts for as an advisor
    /// (records reasons, sends back, reminds): a class's members, or a
    /// department's own staff (no class).
    pub fn advises(&self, department: &str, class_name: &str) -> bool {
        match self {
            Scope::Class(c) => c == class_name,
            Scope::Department(d) => d == department && class_name.is_empty(),
            Scope::School => false,
        }
    }

    /// A short file-name-safe label: `class-软件2001`, `school`.
    pub fn label(&self) -> String {
        match self {
            Scope::School => "school".to_owned(),
            other => {
                let name: String = other
                    .name()
                    .chars()
                    .map(|c| if c.is_alphanumeric() || c == '-' { c } else { '_' })
                    .collect();
                format!("{}-{name}", other.level().as_str())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_scope_parse_accepts_roster_names_only() {
        assert_eq!(Scope::parse("school", None), Some(Scope::School));
        assert_eq!(Scope::parse("class", Some("软件2001")), Some(Scope::Class("软件2001".into())));
        assert_eq!(Scope::parse("class", None), None);
        assert_eq!(Scope::parse("class", Some(" ")), None);
        assert_eq!(Scope::parse("department", Some(&"x".repeat(65))), None);
        assert_eq!(Scope::parse("department", Some("a\nb")), None);
        assert_eq!(Scope::parse("everyone", Some("x")), None);
    }

    #[test]
    fn test_department_advises_only_its_staff() {
        let dept = Scope::Department("信息工程学院".into());
        assert!(dept.covers("信息工程学院", "软件2001"));
        assert!(!dept.advises("信息工程学院", "软件2001"));
        assert!(dept.advises("信息工程学院", ""));
        assert!(!dept.advises("外国语学院", ""));
        assert_eq!(Scope::Class("软件 2001/a".into()).label(), "class-软件_2001_a");
    }
}
