//! Passwords: Argon2id hashes (PHC strings) and the rules for a new one.

use std::sync::OnceLock;

use anxin_domain::account::{password_length_problem, PasswordProblem};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// Argon2id with the crate's defaults (19 MiB, 2 passes, 1 lane), the
/// OWASP recommendation at the time of writing.
fn argon2() -> Argon2<'static> {
    Argon2::default()
}

/// The PHC string of a new password (a fresh random salt each time).
pub fn hash_password(password: &str) -> String {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the operating system's random source works");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes make a valid salt");
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .expect("Argon2id hashes any password up to the length limit")
        .to_string()
}

/// Whether `password` matches the stored hash. With no hash (unknown id or
/// no password yet), a hash of the same cost is still checked, so that the
/// answer takes as long either way and does not reveal which ids exist.
pub fn verify_password(password: &str, stored: Option<&str>) -> bool {
    static DECOY: OnceLock<String> = OnceLock::new();
    let decoy = DECOY.get_or_init(|| hash_password("a decoy that no account has"));
    let phc = stored.unwrap_or(decoy);
    let Ok(parsed) = PasswordHash::new(phc) else { return false };
    let matches = argon2().verify_password(password.as_bytes(), &parsed).is_ok();
    matches && stored.is_some()
}

/// What is wrong with a new password: its length, or being among the most
/// common passwords (about 100,000 of them, compared without case).
pub fn new_password_problem(password: &str) -> Option<PasswordProblem> {
    if let Some(problem) = password_length_problem(password) {
        return Some(problem);
    }
    let lower = password.to_lowercase();
    let common = passwords::analyzer::is_common_password(password)
        || passwords::analyzer::is_common_password(&lower);
    common.then_some(PasswordProblem::Common)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_hash_is_argon2id_and_verifies() {
        let hash = hash_password("正确的马电池钉书钉");
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("正确的马电池钉书钉", Some(&hash)));
        assert!(!verify_password("正确的马电池钉书针", Some(&hash)));
        assert!(!verify_password("a decoy that no account has", None));
    }

    #[test]
    fn test_the_most_common_passwords_are_refused() {
        for common in ["password", "12345678", "qwertyuiop", "iloveyou", "1qaz2wsx", "PassWord1"] {
            assert_eq!(new_password_problem(common), Some(PasswordProblem::Common), "{common}");
        }
        assert_eq!(new_password_problem("short"), Some(PasswordProblem::TooShort));
        assert_eq!(new_password_problem("软件2001班的晚自习"), None);
        assert_eq!(new_password_problem("violet-kettle-harbour"), None);
    }
}
