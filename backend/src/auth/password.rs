//! Passwords: argon2id with the OWASP parameters (19 MiB, 2 iterations, 1 lane).

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use eil_shared::FieldError;

pub const MIN_LENGTH: usize = 12;
pub const MAX_LENGTH: usize = 1024;

/// The most common passwords of at least the minimum length; never accepted.
const COMMON: &[&str] = &[
    "123456789012",
    "1234567890123",
    "12345678901234",
    "123123123123",
    "111111111111",
    "000000000000",
    "password1234",
    "password12345",
    "passwordpassword",
    "qwertyuiopas",
    "qwertyuiop123",
    "qwerty123456",
    "iloveyou1234",
    "abcdefghijkl",
    "abc123abc123",
    "1q2w3e4r5t6y",
    "1qaz2wsx3edc",
    "asdfghjkl123",
    "zaq12wsxcde3",
    "letmein12345",
    "welcome12345",
    "admin1234567",
    "administrator",
    "changeme1234",
    "football1234",
    "baseball1234",
    "monkey123456",
    "dragon123456",
    "sunshine1234",
    "princess1234",
    "superman1234",
    "trustno11234",
    "parole123456",
    "parole1234567",
    "latvija12345",
    "riga12345678",
];

pub fn hash(password: &str) -> anyhow::Result<String> {
    let hash = Argon2::default()
        .hash_password(password.as_bytes())
        .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))?;
    Ok(hash.to_string())
}

pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A stored hash to check against when the account does not exist, so that an unknown
/// e-mail takes as long as a wrong password.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash("no account has this password").unwrap_or_default())
}

/// A password is long enough, not too long, and not one of the common ones.
pub fn check_strength(field: &str, password: &str) -> Result<(), FieldError> {
    let len = password.chars().count();
    let lower = password.to_lowercase();
    if len < MIN_LENGTH {
        Err(FieldError::new(
            field,
            format!("must be at least {MIN_LENGTH} characters"),
        ))
    } else if len > MAX_LENGTH {
        Err(FieldError::new(
            field,
            format!("must be at most {MAX_LENGTH} characters"),
        ))
    } else if COMMON.contains(&lower.as_str()) || lower.chars().all(|c| lower.starts_with(c)) {
        Err(FieldError::new(
            field,
            "is one of the most common passwords; choose another",
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ_by_salt() {
        let a = hash("correct horse battery").expect("hash");
        let b = hash("correct horse battery").expect("hash");
        assert_ne!(a, b);
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("correct horse battery", &a));
        assert!(!verify("wrong horse battery", &a));
        assert!(!verify("anything", "not a hash"));
    }

    #[test]
    fn weak_passwords_are_refused() {
        assert!(check_strength("password", "short").is_err());
        assert!(check_strength("password", "Password1234").is_err());
        assert!(check_strength("password", "aaaaaaaaaaaaaaa").is_err());
        assert!(check_strength("password", "eil-demo-admin").is_ok());
    }
}
