//! Programmes: the Education Innovation Programme, the Leaders programme.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::cohort::Cohort;
use crate::ids::ProgrammeId;
use crate::patch::{apply, double_option};
use crate::string_enum;
use crate::text::I18nText;
use crate::track::Track;
use crate::validate::{Errors, MAX_LONG_TEXT, MAX_NAME};

/// A programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Programme {
    pub id: ProgrammeId,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "education-innovation-programme")
    )]
    pub slug: String,
    pub name: I18nText,
    pub summary: Option<I18nText>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A programme with its tracks and cohorts (`GET /programmes/{id}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeDetail {
    #[serde(flatten)]
    pub programme: Programme,
    /// All tracks, by name.
    pub tracks: Vec<Track>,
    /// All cohorts, newest first.
    pub cohorts: Vec<Cohort>,
}

/// The body of `POST /programmes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateProgramme {
    #[cfg_attr(feature = "openapi", schema(example = "leaders-programme"))]
    /// 2 to 80 lower-case letters a-z, digits and single inner hyphens; not a UUID (so
    /// that it never reads as an id in a path).
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$", min_length = 2, max_length = 80)
    )]
    pub slug: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::text::I18nName))]
    pub name: I18nText,
    #[serde(default)]
    pub summary: Option<I18nText>,
}

/// The body of `PATCH /programmes/{id}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateProgramme {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// 2 to 80 lower-case letters a-z, digits and single inner hyphens; not a UUID (so
    /// that it never reads as an id in a path).
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$",
            min_length = 2,
            max_length = 80,
            example = "leaders-programme"
        )
    )]
    pub slug: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::text::I18nName>))]
    pub name: Option<I18nText>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<I18nText>))]
    pub summary: Option<Option<I18nText>>,
}

string_enum!(
    /// Orders of the programme list.
    ProgrammeSort { Name = "name", Created = "created" }
);

/// Filters and order of `GET /programmes`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ProgrammeQuery {
    /// Items per page, 1 to 100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Words in the name (either language).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// `name` (English name, the default) or `created`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<ProgrammeSort>,
}

impl Programme {
    pub fn apply(&mut self, p: UpdateProgramme) {
        apply(&mut self.slug, p.slug);
        apply(&mut self.name, p.name);
        apply(&mut self.summary, p.summary);
    }

    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut e = Errors::new();
        e.slug("slug", &self.slug);
        e.i18n_required("name", &self.name, MAX_NAME);
        e.i18n_optional("summary", self.summary.as_ref(), MAX_LONG_TEXT);
        e.finish()
    }
}
