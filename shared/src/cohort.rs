//! Cohorts: an intake of participants into a programme.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::ids::{CohortId, ProgrammeId};
use crate::patch::{apply, double_option};
use crate::string_enum;
use crate::text::I18nText;
use crate::validate::{Errors, MAX_NAME, MAX_SHORT};

string_enum!(
    /// Where a cohort is in its life.
    CohortStatus {
        Planned = "planned",
        /// Taking applications.
        Open = "open",
        Running = "running",
        Completed = "completed",
    }
);

/// A cohort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cohort {
    pub id: CohortId,
    pub programme_id: ProgrammeId,
    #[cfg_attr(feature = "openapi", schema(example = "eip-2023"))]
    pub slug: String,
    pub name: I18nText,
    #[cfg_attr(feature = "openapi", schema(example = "2023-05-19"))]
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    /// Places; active enrolments never exceed it.
    #[cfg_attr(feature = "openapi", schema(example = 74, minimum = 0))]
    pub capacity: i32,
    pub venue: Option<String>,
    pub status: CohortStatus,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The body of `POST /cohorts`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateCohort {
    pub programme_id: ProgrammeId,
    /// 2 to 80 lower-case letters a-z, digits and single inner hyphens; not a UUID (so
    /// that it never reads as an id in a path).
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$",
            min_length = 2,
            max_length = 80,
            example = "eip-2023"
        )
    )]
    pub slug: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::text::I18nName))]
    pub name: I18nText,
    #[cfg_attr(feature = "openapi", schema(example = "2023-05-19"))]
    pub starts_on: NaiveDate,
    /// Not before `starts_on`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "2024-06-30"))]
    pub ends_on: Option<NaiveDate>,
    /// Places; not below the number of active enrolments.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, example = 74))]
    #[serde(deserialize_with = "crate::patch::whole::number")]
    pub capacity: i32,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 200, example = "National Library of Latvia, Riga")
    )]
    pub venue: Option<String>,
    /// Defaults to `planned`.
    #[serde(default)]
    pub status: Option<CohortStatus>,
}

/// The body of `PATCH /cohorts/{id}`. A cohort stays in its programme.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateCohort {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// 2 to 80 lower-case letters a-z, digits and single inner hyphens; not a UUID (so
    /// that it never reads as an id in a path).
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$",
            min_length = 2,
            max_length = 80,
            example = "eip-2023"
        )
    )]
    pub slug: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::text::I18nName>))]
    pub name: Option<I18nText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_on: Option<NaiveDate>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    /// Not before `starts_on`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub ends_on: Option<Option<NaiveDate>>,
    #[serde(
        default,
        deserialize_with = "crate::patch::whole::optional",
        skip_serializing_if = "Option::is_none"
    )]
    /// Not below the number of active enrolments.
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub capacity: Option<i32>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 200))]
    pub venue: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CohortStatus>,
}

string_enum!(
    /// Orders of the cohort list; `-starts_on` is newest first.
    CohortSort { StartsOn = "starts_on", StartsOnDesc = "-starts_on", Name = "name" }
);

/// Filters and order of `GET /cohorts`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct CohortQuery {
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
    pub status: Option<CohortStatus>,
    /// `-starts_on` (newest first, the default), `starts_on` or `name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<CohortSort>,
}

impl Cohort {
    pub fn apply(&mut self, p: UpdateCohort) {
        apply(&mut self.slug, p.slug);
        apply(&mut self.name, p.name);
        apply(&mut self.starts_on, p.starts_on);
        apply(&mut self.ends_on, p.ends_on);
        apply(&mut self.capacity, p.capacity);
        apply(&mut self.venue, p.venue);
        apply(&mut self.status, p.status);
    }

    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut e = Errors::new();
        e.slug("slug", &self.slug);
        e.i18n_required("name", &self.name, MAX_NAME);
        e.date_order("ends_on", self.starts_on, self.ends_on);
        e.non_negative("capacity", self.capacity);
        e.optional("venue", self.venue.as_deref(), MAX_SHORT);
        e.finish()
    }
}
