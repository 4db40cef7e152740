//! Who is declaring, until accounts exist: a profile kept on the device.
//! The accounts work replaces where it comes from, not its shape.

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

/// The declarant as entered on the device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// School id (学号 / 工号).
    pub person_id: String,
    pub name: String,
    pub category: PersonCategory,
    pub department: String,
    /// Empty for staff.
    pub class_name: String,
}

/// A profile field, to show an error next to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileField {
    PersonId,
    Name,
    Department,
    ClassName,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileProblem {
    Required,
    TooLong {
        max: usize,
    },
    /// Ids are letters, digits and dashes.
    InvalidId,
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

impl Profile {
    /// Trims every field and returns the problems, in form order.
    pub fn validate(mut self) -> Result<Profile, Vec<(ProfileField, ProfileProblem)>> {
        for text in
            [&mut self.person_id, &mut self.name, &mut self.department, &mut self.class_name]
        {
            *text = text.trim().to_owned();
        }
        if !self.category.has_class() {
            self.class_name.clear();
        }
        let mut errors = Vec::new();
        if self.person_id.is_empty() {
            errors.push((ProfileField::PersonId, ProfileProblem::Required));
        } else if self.person_id.chars().count() > MAX_ID_CHARS {
            errors.push((ProfileField::PersonId, ProfileProblem::TooLong { max: MAX_ID_CHARS }));
        } else if !is_valid_person_id(&self.person_id) {
            errors.push((ProfileField::PersonId, ProfileProblem::InvalidId));
        }
        let mut text = |value: &str, field, required: bool| {
            if required && value.is_empty() {
                errors.push((field, ProfileProblem::Required));
            } else if value.chars().count() > MAX_TEXT_CHARS {
                errors.push((field, ProfileProblem::TooLong { max: MAX_TEXT_CHARS }));
            }
        };
        text(&self.name, ProfileField::Name, true);
        text(&self.department, ProfileField::Department, true);
        text(&self.class_name, ProfileField::ClassName, self.category.has_class());
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn student() -> Profile {
        Profile {
            person_id: " 2020-0101 ".into(),
            name: "李明".into(),
            category: PersonCategory::Student,
            department: "信息工程学院".into(),
            class_name: "软件 2001".into(),
        }
    }

    #[test]
    fn test_valid_student_profile_is_trimmed() {
        assert_eq!(student().validate().unwrap().person_id, "2020-0101");
    }

    #[test]
    fn test_students_need_a_class_staff_do_not() {
        let no_class = Profile { class_name: String::new(), ..student() };
        assert_eq!(
            no_class.validate(),
            Err(vec![(ProfileField::ClassName, ProfileProblem::Required)])
        );
        let staff = Profile { category: PersonCategory::Staff, ..student() };
        assert_eq!(staff.validate().unwrap().class_name, "", "a staff profile keeps no class");
    }

    #[test]
    fn test_id_must_be_letters_digits_dashes() {
        let bad = Profile { person_id: "2020 0101".into(), ..student() };
        assert_eq!(bad.validate(), Err(vec![(ProfileField::PersonId, ProfileProblem::InvalidId)]));
        let blank = Profile { person_id: "  ".into(), name: String::new(), ..student() };
        assert_eq!(
            blank.validate(),
            Err(vec![
                (ProfileField::PersonId, ProfileProblem::Required),
                (ProfileField::Name, ProfileProblem::Required)
            ])
        );
    }

    #[test]
    fn test_overlong_fields_are_refused() {
        let long = Profile { name: "名".repeat(65), ..student() };
        assert_eq!(
            long.validate(),
            Err(vec![(ProfileField::Name, ProfileProblem::TooLong { max: 64 })])
        );
    }
}
