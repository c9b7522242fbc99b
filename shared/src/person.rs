//! People: participants, mentors, coordinators; anyone the Lab works with.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::ids::{OrganisationId, PersonId};
use crate::patch::{apply, double_option};
use crate::text::Lang;
use crate::validate::{Errors, MAX_NAME, MAX_SHORT, is_email};

/// A person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Person {
    pub id: PersonId,
    /// Unique; stored in lower case. Personal data: present for the person themself,
    /// coordinators and admins, `null` for everyone else.
    #[cfg_attr(feature = "openapi", schema(example = "hanna.adeyema@example.org"))]
    pub email: Option<String>,
    #[cfg_attr(feature = "openapi", schema(example = "Hanna Adeyema"))]
    pub full_name: String,
    pub organisation_id: Option<OrganisationId>,
    /// Job title or position.
    pub position: Option<String>,
    /// Preferred language.
    pub locale: Lang,
    /// Personal data, shown like `email`.
    pub phone: Option<String>,
    /// The IANA time zone the person reads times in (e-mails about sessions); `null`:
    /// Europe/Riga.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "America/New_York"))]
    pub time_zone: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The body of `POST /people`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreatePerson {
    /// One `@`, no spaces, and a domain with a dot that neither starts nor ends with one;
    /// unique among people (409 when taken).
    #[cfg_attr(feature = "openapi", schema(example = "anna.berzina@example.lv"))]
    #[cfg_attr(feature = "openapi", schema(format = Email, pattern = r"^[^@\s]+@[^@\s.][^@\s]*\.[^@\s]*[^@\s.]$", max_length = 254))]
    pub email: String,
    /// Not blank.
    #[cfg_attr(feature = "openapi", schema(example = "Anna Bērziņa"))]
    #[cfg_attr(feature = "openapi", schema(pattern = r"\S", max_length = 300))]
    pub full_name: String,
    #[serde(default)]
    pub organisation_id: Option<OrganisationId>,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 200, example = "Vice-Rector for Studies")
    )]
    pub position: Option<String>,
    /// Defaults to `lv`.
    #[serde(default)]
    pub locale: Option<Lang>,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^[0-9 +()-]{5,30}$", example = "+371 67 089 999")
    )]
    pub phone: Option<String>,
    /// An IANA time zone such as `America/New_York`; default Europe/Riga. The server also
    /// checks that it names a zone of the IANA database.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "America/New_York",
            max_length = 64,
            pattern = r"^[A-Za-z0-9_+-]([A-Za-z0-9/_+-]*[A-Za-z0-9_+-])?$"
        )
    )]
    pub time_zone: Option<String>,
}

/// The body of `PATCH /people/{id}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdatePerson {
    /// One `@`, no spaces, and a domain with a dot that neither starts nor ends with one;
    /// unique among people (409 when taken).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(format = Email, pattern = r"^[^@\s]+@[^@\s.][^@\s]*\.[^@\s]*[^@\s.]$", max_length = 254))]
    pub email: Option<String>,
    /// Not blank.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = r"\S", max_length = 300))]
    pub full_name: Option<String>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<OrganisationId>))]
    pub organisation_id: Option<Option<OrganisationId>>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 200))]
    pub position: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<Lang>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, pattern = r"^[0-9 +()-]{5,30}$", example = "+371 67 089 999"))]
    pub phone: Option<Option<String>>,
    /// An IANA time zone such as `America/New_York`; `null`: Europe/Riga. The server also
    /// checks that it names a zone of the IANA database.
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "America/New_York", max_length = 64, pattern = r"^[A-Za-z0-9_+-]([A-Za-z0-9/_+-]*[A-Za-z0-9_+-])?$"))]
    pub time_zone: Option<Option<String>>,
}

/// Filters and order of `GET /people`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct PersonQuery {
    /// Items per page, 1 to 100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Words in the name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<OrganisationId>,
}

impl Person {
    pub fn apply(&mut self, p: UpdatePerson) {
        apply(&mut self.email, p.email.map(Some));
        apply(&mut self.full_name, p.full_name);
        apply(&mut self.organisation_id, p.organisation_id);
        apply(&mut self.position, p.position);
        apply(&mut self.locale, p.locale);
        apply(&mut self.phone, p.phone);
        apply(&mut self.time_zone, p.time_zone);
        self.email = self.email.as_deref().map(|e| e.trim().to_lowercase());
    }

    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut e = Errors::new();
        e.check(
            self.email.as_deref().is_some_and(is_email),
            "email",
            "must be an e-mail address such as name@example.lv",
        );
        e.required("full_name", &self.full_name, MAX_NAME);
        e.optional("position", self.position.as_deref(), MAX_SHORT);
        if let Some(phone) = &self.phone {
            e.check(
                (5..=30).contains(&phone.len())
                    && phone
                        .chars()
                        .all(|c| c.is_ascii_digit() || " +-()".contains(c)),
                "phone",
                "must be 5 to 30 digits, spaces, +, - or parentheses",
            );
        }
        if let Some(tz) = &self.time_zone {
            e.check(
                is_time_zone_shaped(tz),
                "time_zone",
                "must be an IANA time zone such as Europe/Riga or America/New_York",
            );
        }
        e.finish()
    }
}

/// The shape of an IANA zone name (`Area/City`, `UTC`); the server also checks that it
/// names a zone it knows.
pub fn is_time_zone_shaped(tz: &str) -> bool {
    (1..=64).contains(&tz.len())
        && tz
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_+-".contains(c))
        && !tz.starts_with('/')
        && !tz.ends_with('/')
}

impl Person {
    /// The record as someone without the right to see personal data gets it.
    pub fn without_contact_details(mut self) -> Self {
        self.email = None;
        self.phone = None;
        self
    }
}
