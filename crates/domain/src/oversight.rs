//! What advisors and offices read (SPEC §2): a class's day, and one
//! person's declarations. Who may read which is `access`'s rule.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::sync::ServerRevision;

pub mod class_day;

pub use class_day::class_day_of;

/// `GET /api/v1/people/{id}/declarations`: every revision the server
/// holds for the person, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonDeclarations {
    pub person_id: String,
    pub name: String,
    pub revisions: Vec<ServerRevision>,
}

/// `GET /api/v1/classes/{class}/declarations?day=`: each active member of
/// the class and the revision in force that day, if they declared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassDay {
    pub class_name: String,
    pub day: NaiveDate,
    pub members: Vec<ClassMemberDay>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassMemberDay {
    pub person_id: String,
    pub name: String,
    /// The latest revision of the day; `None`: not reported.
    pub current: Option<ServerRevision>,
}
