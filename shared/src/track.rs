//! Tracks: the sub-programmes of a programme.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::ids::{ProgrammeId, TrackId};
use crate::patch::{apply, double_option};
use crate::string_enum;
use crate::text::I18nText;
use crate::validate::{Errors, MAX_LONG_TEXT, MAX_NAME};

string_enum!(
    /// What participants of a track do.
    TrackKind {
        /// Participants carry out concrete projects.
        Project = "project",
        /// Participants work on the ecosystem as a whole and on strategy.
        Strategy = "strategy",
    }
);

/// A track of a programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Track {
    pub id: TrackId,
    pub programme_id: ProgrammeId,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "ecosystem-innovation-project-management")
    )]
    pub slug: String,
    pub name: I18nText,
    pub kind: TrackKind,
    pub summary: Option<I18nText>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The body of `POST /tracks`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateTrack {
    pub programme_id: ProgrammeId,
    /// 2 to 80 lower-case letters a-z, digits and single inner hyphens; not a UUID (so
    /// that it never reads as an id in a path).
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$",
            min_length = 2,
            max_length = 80,
            example = "strategic-ecosystem-management"
        )
    )]
    pub slug: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::text::I18nName))]
    pub name: I18nText,
    pub kind: TrackKind,
    #[serde(default)]
    pub summary: Option<I18nText>,
}

/// The body of `PATCH /tracks/{id}`. A track stays in its programme.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateTrack {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// 2 to 80 lower-case letters a-z, digits and single inner hyphens; not a UUID (so
    /// that it never reads as an id in a path).
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$",
            min_length = 2,
            max_length = 80,
            example = "strategic-ecosystem-management"
        )
    )]
    pub slug: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::text::I18nName>))]
    pub name: Option<I18nText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<TrackKind>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<I18nText>))]
    pub summary: Option<Option<I18nText>>,
}

/// Filters of `GET /tracks` (ordered by English name).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct TrackQuery {
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub programme_id: Option<ProgrammeId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<TrackKind>,
}

impl Track {
    pub fn apply(&mut self, p: UpdateTrack) {
        apply(&mut self.slug, p.slug);
        apply(&mut self.name, p.name);
        apply(&mut self.kind, p.kind);
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
