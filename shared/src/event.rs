//! Events: launches, workshops, bootcamps.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::ids::{CohortId, EventId, ProgrammeId};
use crate::patch::{apply, double_option};
use crate::string_enum;
use crate::text::I18nText;
use crate::validate::{Errors, MAX_LONG_TEXT, MAX_NAME, MAX_SHORT};

string_enum!(
    /// What kind of event.
    EventKind {
        Launch = "launch",
        Workshop = "workshop",
        Bootcamp = "bootcamp",
        Webinar = "webinar",
        Conference = "conference",
    }
);

/// An event of a programme or a cohort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    pub id: EventId,
    #[cfg_attr(feature = "openapi", schema(example = "programme-launch-2023"))]
    pub slug: String,
    pub kind: EventKind,
    pub programme_id: Option<ProgrammeId>,
    pub cohort_id: Option<CohortId>,
    pub title: I18nText,
    pub summary: Option<I18nText>,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "National Library of Latvia, Riga")
    )]
    pub venue: Option<String>,
    #[cfg_attr(feature = "openapi", schema(example = "2023-05-19T07:00:00Z"))]
    pub starts_at: DateTime<Utc>,
    #[cfg_attr(feature = "openapi", schema(example = "2023-05-19T13:00:00Z"))]
    pub ends_at: DateTime<Utc>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The body of `POST /events`; an event belongs to a programme, a cohort or both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateEvent {
    /// 2 to 80 lower-case letters a-z, digits and single inner hyphens; not a UUID (so
    /// that it never reads as an id in a path).
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$",
            min_length = 2,
            max_length = 80,
            example = "programme-launch-2023"
        )
    )]
    pub slug: String,
    pub kind: EventKind,
    #[serde(default)]
    pub programme_id: Option<ProgrammeId>,
    #[serde(default)]
    pub cohort_id: Option<CohortId>,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::text::I18nName))]
    pub title: I18nText,
    #[serde(default)]
    pub summary: Option<I18nText>,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 200, example = "National Library of Latvia, Riga")
    )]
    pub venue: Option<String>,
    #[cfg_attr(feature = "openapi", schema(example = "2023-05-19T07:00:00Z"))]
    pub starts_at: DateTime<Utc>,
    /// After `starts_at`.
    #[cfg_attr(feature = "openapi", schema(example = "2023-05-19T13:00:00Z"))]
    pub ends_at: DateTime<Utc>,
}

/// The body of `PATCH /events/{id}`. After the change the event still belongs to a
/// programme, a cohort or both, and ends after it starts.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateEvent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// 2 to 80 lower-case letters a-z, digits and single inner hyphens; not a UUID (so
    /// that it never reads as an id in a path).
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$",
            min_length = 2,
            max_length = 80,
            example = "programme-launch-2023"
        )
    )]
    pub slug: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<EventKind>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<ProgrammeId>))]
    pub programme_id: Option<Option<ProgrammeId>>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<CohortId>))]
    pub cohort_id: Option<Option<CohortId>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::text::I18nName>))]
    pub title: Option<I18nText>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<I18nText>))]
    pub summary: Option<Option<I18nText>>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 200))]
    pub venue: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "2023-05-19T07:00:00Z"))]
    pub starts_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// After `starts_at`.
    #[cfg_attr(feature = "openapi", schema(example = "2023-05-19T13:00:00Z"))]
    pub ends_at: Option<DateTime<Utc>>,
}

/// Filters of `GET /events` (by start time).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct EventQuery {
    /// Items per page, 1 to 100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Words in the title (either language).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub programme_id: Option<ProgrammeId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cohort_id: Option<CohortId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<EventKind>,
    /// Events that end after this time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<DateTime<Utc>>,
    /// Events that start before this time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<DateTime<Utc>>,
}

impl Event {
    pub fn apply(&mut self, p: UpdateEvent) {
        apply(&mut self.slug, p.slug);
        apply(&mut self.kind, p.kind);
        apply(&mut self.programme_id, p.programme_id);
        apply(&mut self.cohort_id, p.cohort_id);
        apply(&mut self.title, p.title);
        apply(&mut self.summary, p.summary);
        apply(&mut self.venue, p.venue);
        apply(&mut self.starts_at, p.starts_at);
        apply(&mut self.ends_at, p.ends_at);
    }

    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut e = Errors::new();
        e.slug("slug", &self.slug);
        e.i18n_required("title", &self.title, MAX_NAME);
        e.i18n_optional("summary", self.summary.as_ref(), MAX_LONG_TEXT);
        e.optional("venue", self.venue.as_deref(), MAX_SHORT);
        e.time_order("ends_at", self.starts_at, self.ends_at);
        e.check(
            self.programme_id.is_some() || self.cohort_id.is_some(),
            "programme_id",
            "an event belongs to a programme or a cohort: give programme_id, cohort_id or both",
        );
        e.finish()
    }
}
