//! Who a person is, as the roster names them: the four person categories
//! and the school id's form.

use serde::{Deserialize, Serialize};

/// The four person categories of SPEC's roles table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonCategory {
    /// 学生
    Student,
    /// 教职工
    Staff,
    /// 外籍教师
    ForeignTeacher,
    /// 留学生
    InternationalStudent,
}

impl PersonCategory {
    pub const ALL: [PersonCategory; 4] = [
        PersonCategory::Student,
        PersonCategory::Staff,
        PersonCategory::ForeignTeacher,
        PersonCategory::InternationalStudent,
    ];

    /// Students belong to a class; staff to a department only.
    pub fn has_class(self) -> bool {
        matches!(self, PersonCategory::Student | PersonCategory::InternationalStudent)
    }
}

pub const MAX_ID_CHARS: usize = 32;
pub const MAX_TEXT_CHARS: usize = 64;

/// A school id as the roster writes it: 1 to [`MAX_ID_CHARS`] ASCII
/// letters, digits and dashes. The server accepts no other.
pub fn is_valid_person_id(id: &str) -> bool {
    !id.is_empty()
        && id.chars().count() <= MAX_ID_CHARS
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_person_id_is_letters_digits_dashes_up_to_32() {
        assert!(is_valid_person_id("2020-0101"));
        assert!(is_valid_person_id("T-1001"));
        assert!(!is_valid_person_id("2020 0101"));
        assert!(!is_valid_person_id(""));
        assert!(!is_valid_person_id("学号"));
        assert!(is_valid_person_id(&"9".repeat(MAX_ID_CHARS)));
        assert!(!is_valid_person_id(&"9".repeat(MAX_ID_CHARS + 1)));
    }
}
