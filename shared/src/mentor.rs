//! Mentors (MIT J-WEL experts) and their availability.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::ids::{MentorId, OrganisationId, PersonId};
use crate::patch::{apply, double_option};
use crate::text::I18nText;
use crate::validate::{Errors, MAX_LONG_TEXT, MAX_NAME, is_tag};

/// A mentor profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mentor {
    pub id: MentorId,
    /// The person behind the profile (one profile a person).
    pub person_id: PersonId,
    /// The person's name.
    #[cfg_attr(feature = "openapi", schema(example = "Hanna Adeyema"))]
    pub full_name: String,
    #[cfg_attr(feature = "openapi", schema(example = "Director, MIT Bootcamps"))]
    pub title: String,
    pub organisation_id: Option<OrganisationId>,
    pub bio: Option<I18nText>,
    /// Lower-case tags, sorted.
    #[cfg_attr(feature = "openapi", schema(example = json!(["design thinking", "innovation bootcamps"])))]
    pub expertise: Vec<String>,
    /// How many projects the mentor can take at once.
    pub capacity: i32,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A short reference to a mentor, embedded in projects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MentorRef {
    pub id: MentorId,
    pub full_name: String,
    pub title: String,
}

/// The body of `POST /mentors`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateMentor {
    pub person_id: PersonId,
    /// Not blank.
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"\S", max_length = 300, example = "Director, MIT Bootcamps")
    )]
    pub title: String,
    #[serde(default)]
    pub organisation_id: Option<OrganisationId>,
    #[serde(default)]
    pub bio: Option<I18nText>,
    /// At most 30 tags; stored trimmed, in lower case, sorted and without duplicates.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<ExpertiseTag>, max_items = 30))]
    pub expertise: Vec<String>,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, example = 3))]
    #[serde(deserialize_with = "crate::patch::whole::number")]
    pub capacity: i32,
}

/// An expertise tag (the schema of `expertise` items in request bodies; on the wire a
/// string). Stored trimmed and in lower case, it is 1 to 40 lower-case letters, digits,
/// spaces or hyphens and neither starts nor ends with a space. The pattern names the
/// letters a-z and the Latvian ones; lower-case letters of other alphabets are accepted too.
#[cfg(feature = "openapi")]
#[derive(utoipa::ToSchema)]
#[schema(
    value_type = String,
    min_length = 1,
    max_length = 40,
    pattern = "^[a-z0-9āčēģīķļņšūž-]([a-z0-9āčēģīķļņšūž -]{0,38}[a-z0-9āčēģīķļņšūž-])?$",
    example = "design thinking"
)]
#[allow(dead_code)]
pub struct ExpertiseTag(String);

/// The body of `PATCH /mentors/{id}`; `expertise`, when given, replaces the tags.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateMentor {
    /// Not blank.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = r"\S", max_length = 300))]
    pub title: Option<String>,
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
    #[cfg_attr(feature = "openapi", schema(value_type = Option<I18nText>))]
    pub bio: Option<Option<I18nText>>,
    /// At most 30 tags; stored trimmed, in lower case, sorted and without duplicates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<ExpertiseTag>>, max_items = 30))]
    pub expertise: Option<Vec<String>>,
    #[serde(
        default,
        deserialize_with = "crate::patch::whole::optional",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub capacity: Option<i32>,
}

/// Filters of `GET /mentors` (by name).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct MentorQuery {
    /// Items per page, 1 to 100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Words in the name or title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Mentors with this expertise tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expertise: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<OrganisationId>,
}

impl Mentor {
    pub fn apply(&mut self, p: UpdateMentor) {
        apply(&mut self.title, p.title);
        apply(&mut self.organisation_id, p.organisation_id);
        apply(&mut self.bio, p.bio);
        apply(&mut self.expertise, p.expertise);
        apply(&mut self.capacity, p.capacity);
        self.expertise = normalise_tags(&self.expertise);
    }

    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut e = Errors::new();
        e.required("title", &self.title, MAX_NAME);
        e.i18n_optional("bio", self.bio.as_ref(), MAX_LONG_TEXT);
        e.non_negative("capacity", self.capacity);
        e.check(
            self.expertise.len() <= 30,
            "expertise",
            "must have at most 30 tags",
        );
        for (i, tag) in self.expertise.iter().enumerate() {
            e.check(
                is_tag(tag),
                &format!("expertise[{i}]"),
                "must be 1 to 40 lower-case letters, digits, spaces or hyphens",
            );
        }
        e.finish()
    }
}

/// Trims and lower-cases tags, drops duplicates and sorts them.
pub fn normalise_tags(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = tags.iter().map(|t| t.trim().to_lowercase()).collect();
    out.sort();
    out.dedup();
    out
}
