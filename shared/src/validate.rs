//! Input rules shared by the server (which enforces them) and the web app (which shows
//! them next to the fields before a request is sent).

use chrono::{DateTime, NaiveDate, Utc};

use crate::problem::FieldError;
use crate::text::I18nText;

/// Longest name or title.
pub const MAX_NAME: usize = 300;
/// Longest summary, bio, agenda or note.
pub const MAX_LONG_TEXT: usize = 5000;
/// Longest short field (venue, position, phone, short name).
pub const MAX_SHORT: usize = 200;

/// Collects field errors; `finish` turns them into a result.
#[derive(Debug, Default)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    pub fn new() -> Self {
        Errors(Vec::new())
    }

    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    pub fn check(&mut self, ok: bool, field: &str, message: &str) {
        if !ok {
            self.add(field, message);
        }
    }

    /// A required single-line text of at most `max` characters.
    pub fn required(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.add(field, "must not be empty");
        } else {
            self.max_len(field, value, max);
        }
    }

    pub fn max_len(&mut self, field: &str, value: &str, max: usize) {
        if value.chars().count() > max {
            self.add(field, format!("must be at most {max} characters"));
        }
    }

    pub fn optional(&mut self, field: &str, value: Option<&str>, max: usize) {
        if let Some(v) = value {
            self.max_len(field, v, max);
        }
    }

    /// A name that must exist in both languages.
    pub fn i18n_required(&mut self, field: &str, value: &I18nText, max: usize) {
        self.required(&format!("{field}.lv"), &value.lv, max);
        self.required(&format!("{field}.en"), &value.en, max);
    }

    /// Free text where one language may be left empty (the other is shown instead).
    pub fn i18n_optional(&mut self, field: &str, value: Option<&I18nText>, max: usize) {
        if let Some(v) = value {
            self.max_len(&format!("{field}.lv"), &v.lv, max);
            self.max_len(&format!("{field}.en"), &v.en, max);
        }
    }

    pub fn slug(&mut self, field: &str, value: &str) {
        if !is_slug(value) {
            self.add(
                field,
                "must be 2 to 80 characters of lower-case letters a-z, digits and single hyphens, starting and ending with a letter or digit, and not a UUID",
            );
        }
    }

    pub fn non_negative(&mut self, field: &str, value: i32) {
        if value < 0 {
            self.add(field, "must not be negative");
        }
    }

    /// `end` must not be before `start` (dates).
    pub fn date_order(&mut self, field: &str, start: NaiveDate, end: Option<NaiveDate>) {
        if let Some(end) = end
            && end < start
        {
            self.add(field, "must not be before the start date");
        }
    }

    /// `end` must be after `start` (timestamps).
    pub fn time_order(&mut self, field: &str, start: DateTime<Utc>, end: DateTime<Utc>) {
        if end <= start {
            self.add(field, "must be after the start time");
        }
    }

    pub fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

/// Lower-case ASCII letters, digits and single inner hyphens, 2 to 80 characters.
pub fn is_slug(s: &str) -> bool {
    let len_ok = (2..=80).contains(&s.len());
    let chars_ok = s
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    // A slug never reads as a UUID, so that `/programmes/{id-or-slug}` is unambiguous.
    let not_uuid = uuid::Uuid::parse_str(s).is_err();
    len_ok && chars_ok && !s.starts_with('-') && !s.ends_with('-') && !s.contains("--") && not_uuid
}

/// A plausible e-mail address: one `@`, something before it, a dotted domain after it.
/// The OpenAPI document states the same rule as a pattern (tested to agree with this).
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    // Characters, as every other length here and `maxLength` in the document count.
    !local.is_empty()
        && s.chars().count() <= 254
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(char::is_whitespace)
}

/// An expertise tag: a short lower-case word or phrase.
pub fn is_tag(s: &str) -> bool {
    (1..=40).contains(&s.chars().count())
        && s.chars()
            .all(|c| c.is_lowercase() || c.is_numeric() || c == '-' || c == ' ')
        && s.trim() == s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_slug("education-innovation-programme"));
        assert!(is_slug("cohort-2023"));
        for bad in [
            "",
            "a",
            "Upper",
            "-lead",
            "trail-",
            "two--hyphens",
            "space here",
            "ā-latvian",
            "0192f1d2-6c3a-7b4e-9a51-2f8e4c1d0a77",
        ] {
            assert!(!is_slug(bad), "{bad} should be refused");
        }
    }

    #[test]
    fn emails() {
        assert!(is_email("hanna@mit.edu"));
        for bad in ["", "no-at", "@x.lv", "a@b", "a@.lv", "a b@c.lv", "a@b@c.lv"] {
            assert!(!is_email(bad), "{bad} should be refused");
        }
    }

    #[test]
    fn bilingual_names_need_both_languages() {
        let mut e = Errors::new();
        e.i18n_required("name", &I18nText::new("Programma", " "), MAX_NAME);
        let errors = e.finish().expect_err("an empty English name is invalid");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "name.en");
    }

    #[test]
    fn date_and_time_order() {
        let d = |s: &str| s.parse::<NaiveDate>().expect("date");
        let mut e = Errors::new();
        e.date_order("ends_on", d("2023-05-19"), Some(d("2023-05-18")));
        e.date_order("ok", d("2023-05-19"), Some(d("2023-05-19")));
        let t = |s: &str| s.parse::<DateTime<Utc>>().expect("time");
        e.time_order(
            "ends_at",
            t("2023-05-19T10:00:00Z"),
            t("2023-05-19T10:00:00Z"),
        );
        let fields: Vec<_> = e
            .finish()
            .expect_err("invalid")
            .into_iter()
            .map(|f| f.field)
            .collect();
        assert_eq!(fields, ["ends_on", "ends_at"]);
    }
}
