//! Accounts (SPEC §4): signing in with the school id and a password, the
//! one-time code that sets the first password, and the session the device
//! keeps. The wire types here are shared by the app and the server.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::profile::PersonCategory;
use crate::roster::{OfficeScope, Role};

pub mod code_use;
pub mod reset_notice;
pub mod session;

pub use code_use::{use_code, CodeUse};
pub use reset_notice::{
    reset_notice, tells_of_reset, PasswordReset, ISSUED_AT_THE_SERVER, RESET_NOTICE_DAYS,
};
pub use session::{check_session, SessionCheck, StoredSession, TOUCH_EVERY_MINUTES};

/// Passwords are counted in characters (a Chinese passphrase counts each
/// character once).
pub const MIN_PASSWORD_CHARS: usize = 8;
pub const MAX_PASSWORD_CHARS: usize = 128;

/// A one-time code is good for this long after it is issued.
pub const CODE_VALID_MINUTES: i64 = 10;
/// Letters and digits that cannot be mistaken for one another when read
/// aloud or copied from a screen (no 0/O, 1/I/L).
pub const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Characters in a code (shown as two groups of five: `ABCDE-FGHJK`).
pub const CODE_CHARS: usize = 10;

/// A session ends after this long without use (the device syncs at least
/// every few minutes while open, so a phone in use never meets it) …
pub const SESSION_IDLE_DAYS: i64 = 14;
/// … and in any case this long after sign-in.
pub const SESSION_MAX_DAYS: i64 = 90;

/// The API paths of accounts.
pub const SESSION_PATH: &str = "/api/v1/session";
pub const FIRST_SIGN_IN_PATH: &str = "/api/v1/session/first";

/// What is wrong with a new password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    /// Among the most common passwords (checked by the server).
    Common,
    /// The confirmation differs (checked by the form).
    Mismatch,
}

impl PasswordProblem {
    /// The API error code for this problem.
    pub fn code(self) -> crate::ErrorCode {
        use crate::ErrorCode;
        match self {
            PasswordProblem::TooShort => ErrorCode::PasswordTooShort,
            PasswordProblem::TooLong => ErrorCode::PasswordTooLong,
            PasswordProblem::Common => ErrorCode::PasswordCommon,
            PasswordProblem::Mismatch => ErrorCode::PasswordMismatch,
        }
    }

    pub fn from_code(code: crate::ErrorCode) -> Option<Self> {
        [Self::TooShort, Self::TooLong, Self::Common, Self::Mismatch]
            .into_iter()
            .find(|p| p.code() == code)
    }
}

/// The length rules, which the form checks before sending; the server
/// checks them again and adds the common-password list.
pub fn password_length_problem(password: &str) -> Option<PasswordProblem> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        Some(PasswordProblem::TooShort)
    } else if chars > MAX_PASSWORD_CHARS {
        Some(PasswordProblem::TooLong)
    } else {
        None
    }
}

/// A code as typed: spaces and dashes dropped, letters upper-cased.
/// `None` unless it is [`CODE_CHARS`] characters of [`CODE_ALPHABET`].
pub fn normalize_code(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let valid = code.len() == CODE_CHARS && code.bytes().all(|b| CODE_ALPHABET.contains(&b));
    valid.then_some(code)
}

/// A code made of `random` bytes (one byte per character), grouped for
/// reading: `ABCDE-FGHJK`.
pub fn code_from_bytes(random: &[u8; CODE_CHARS]) -> String {
    let mut code = String::with_capacity(CODE_CHARS + 1);
    for (i, byte) in random.iter().enumerate() {
        if i == CODE_CHARS / 2 {
            code.push('-');
        }
        // 31 symbols: the modulo bias (256 = 8 × 31 + 8) is negligible
        // next to the ten-minute validity and the sign-in rate limit.
        code.push(CODE_ALPHABET[usize::from(*byte) % CODE_ALPHABET.len()] as char);
    }
    code
}

/// `POST /api/v1/session`: signing in with a password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInRequest {
    pub person_id: String,
    pub password: String,
}

/// `POST /api/v1/session/first`: the one-time code, and the password it sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirstSignInRequest {
    pub person_id: String,
    pub code: String,
    pub new_password: String,
}

/// The signed-in person, as the roster has them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountPerson {
    pub id: String,
    pub name: String,
    pub roles: BTreeSet<Role>,
    pub category: Option<PersonCategory>,
    pub department: String,
    /// Empty for staff.
    pub class_name: String,
    /// Advisors: the classes they advise.
    #[serde(default)]
    pub advises: BTreeSet<String>,
    /// Offices: what they oversee.
    #[serde(default)]
    pub scope: Option<OfficeScope>,
    /// Whom the person calls about their health (see [`crate::contact`]);
    /// filled in by the server for the person's own session.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<crate::contact::Contact>,
}

impl AccountPerson {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// The answer to a sign-in: the bearer token (shown once; the server keeps
/// only its hash) and whom it is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionGrant {
    pub token: String,
    pub person: AccountPerson,
    /// RFC 3339: the session ends then at the latest.
    pub expires_at: String,
    /// Someone else reset the password lately: who and when, said at
    /// every sign-in for a while (see [`reset_notice`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_reset: Option<PasswordReset>,
}

/// `GET /api/v1/session`: who the token belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub person: AccountPerson,
    pub expires_at: String,
}

/// `POST /api/v1/accounts/{id}/code`: a one-time code for that person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedCode {
    pub person_id: String,
    pub code: String,
    /// RFC 3339.
    pub expires_at: String,
}

/// How long a class's list of codes stays good, unless the server's
/// config says otherwise: the advisor prints it and hands it out in class.
pub const CLASS_CODES_VALID_HOURS: i64 = 72;

/// `POST /api/v1/classes/{class}/codes`: codes for every member of a class
/// who has no password yet, to print (a member with a password is left
/// out: a code would let whoever holds the paper take the account over).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassCodes {
    pub class_name: String,
    /// RFC 3339: every code of the list ends then.
    pub expires_at: String,
    pub codes: Vec<ClassCode>,
}

/// One line of a class's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassCode {
    pub person_id: String,
    pub name: String,
    pub code: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_password_length_counts_characters() {
        assert_eq!(password_length_problem("1234567"), Some(PasswordProblem::TooShort));
        assert_eq!(password_length_problem("12345678"), None);
        assert_eq!(password_length_problem("安心安心安心安心"), None);
        assert_eq!(password_length_problem(&"x".repeat(128)), None);
        assert_eq!(password_length_problem(&"x".repeat(129)), Some(PasswordProblem::TooLong));
    }

    #[test]
    fn test_password_problem_codes_round_trip() {
        for p in [
            PasswordProblem::TooShort,
            PasswordProblem::TooLong,
            PasswordProblem::Common,
            PasswordProblem::Mismatch,
        ] {
            assert_eq!(PasswordProblem::from_code(p.code()), Some(p));
        }
        assert_eq!(PasswordProblem::from_code(crate::ErrorCode::WrongCredentials), None);
    }

    #[test]
    fn test_code_from_bytes_is_grouped_and_normalizes_back() {
        let code = code_from_bytes(&[0, 1, 2, 30, 31, 62, 255, 128, 7, 100]);
        assert_eq!(code.len(), CODE_CHARS + 1);
        assert_eq!(&code[5..6], "-");
        let normalized = normalize_code(&code).unwrap();
        assert_eq!(normalized, code.replace('-', ""));
        assert_eq!(normalize_code(&code.to_lowercase()), Some(normalized.clone()));
        assert_eq!(normalize_code(&format!(" {} ", normalized)), Some(normalized));
    }

    #[test]
    fn test_normalize_code_refuses_wrong_length_and_letters() {
        assert_eq!(normalize_code("ABCDE-FGHJ"), None);
        assert_eq!(normalize_code("ABCDE-FGHJKM"), None);
        // 0, O, 1, I and L are not in the alphabet.
        assert_eq!(normalize_code("ABCDE-FGHJ0"), None);
        assert_eq!(normalize_code("ABCDE-FGHJI"), None);
        assert_eq!(normalize_code(""), None);
    }
}
