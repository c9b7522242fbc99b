//! Organisations: universities, hospitals, the ministry, the business school, partner labs.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::OrganisationId;
use crate::patch::double_option;
use crate::text::I18nText;
use crate::validate::{Errors, MAX_NAME, MAX_SHORT};
use crate::{FieldError, string_enum};

string_enum!(
    /// What kind of organisation it is.
    OrganisationKind {
        University = "university",
        Hospital = "hospital",
        Ministry = "ministry",
        BusinessSchool = "business_school",
        PartnerLab = "partner_lab",
        Company = "company",
    }
);

string_enum!(
    /// The organisation's role in the Lab's partnership, if it has one.
    PartnerRole {
        /// Finances the programmes (the Ministry).
        Funder = "funder",
        /// Runs the programmes (RBS / RTU).
        Implementer = "implementer",
        /// Provides mentors and experts (MIT J-WEL).
        StrategicPartner = "strategic_partner",
        /// A university or hospital that hosts projects.
        Partner = "partner",
    }
);

/// An organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organisation {
    pub id: OrganisationId,
    /// Unique, URL-friendly name.
    #[cfg_attr(feature = "openapi", schema(example = "riga-technical-university"))]
    pub slug: String,
    pub name: I18nText,
    /// Abbreviation, such as `RTU`.
    pub short_name: Option<String>,
    pub kind: OrganisationKind,
    pub partner_role: Option<PartnerRole>,
    /// The organisation this one is a unit of (RBS is a unit of RTU).
    pub parent_id: Option<OrganisationId>,
    pub website: Option<String>,
    /// Changes with every update; send it back in `If-Match` (it is also the `ETag`).
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A short reference to an organisation, embedded in other resources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationRef {
    pub id: OrganisationId,
    pub slug: String,
    pub name: I18nText,
    pub short_name: Option<String>,
}

/// The body of `POST /organisations`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateOrganisation {
    #[cfg_attr(feature = "openapi", schema(example = "riga-stradins-university"))]
    /// 2 to 80 lower-case letters a-z, digits and single inner hyphens; not a UUID (so
    /// that it never reads as an id in a path).
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$", min_length = 2, max_length = 80)
    )]
    pub slug: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::text::I18nName))]
    pub name: I18nText,
    /// Abbreviation, such as `RSU`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 40, example = "RSU"))]
    pub short_name: Option<String>,
    pub kind: OrganisationKind,
    #[serde(default)]
    pub partner_role: Option<PartnerRole>,
    #[serde(default)]
    pub parent_id: Option<OrganisationId>,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^https?://\S+$",
            max_length = 200,
            example = "https://www.rsu.lv"
        )
    )]
    pub website: Option<String>,
}

/// The body of `PATCH /organisations/{id}`: only the fields given change; `null` clears an
/// optional field.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateOrganisation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// 2 to 80 lower-case letters a-z, digits and single inner hyphens; not a UUID (so
    /// that it never reads as an id in a path).
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$",
            min_length = 2,
            max_length = 80,
            example = "riga-stradins-university"
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
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 40))]
    pub short_name: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<OrganisationKind>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<PartnerRole>))]
    pub partner_role: Option<Option<PartnerRole>>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<OrganisationId>))]
    pub parent_id: Option<Option<OrganisationId>>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, pattern = r"^https?://\S+$", max_length = 200, example = "https://www.rsu.lv"))]
    pub website: Option<Option<String>>,
}

/// Filters and order of `GET /organisations`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct OrganisationQuery {
    /// Items per page, 1 to 100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Words in the name (either language) or the short name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<OrganisationKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner_role: Option<PartnerRole>,
    /// `name` (English name, the default) or `created`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<OrganisationSort>,
}

string_enum!(
    /// Orders of the organisation list.
    OrganisationSort { Name = "name", Created = "created" }
);

impl Organisation {
    /// Applies a partial update.
    pub fn apply(&mut self, p: UpdateOrganisation) {
        use crate::patch::apply;
        apply(&mut self.slug, p.slug);
        apply(&mut self.name, p.name);
        apply(&mut self.short_name, p.short_name);
        apply(&mut self.kind, p.kind);
        apply(&mut self.partner_role, p.partner_role);
        apply(&mut self.parent_id, p.parent_id);
        apply(&mut self.website, p.website);
    }

    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        validate_organisation(
            &self.slug,
            &self.name,
            self.short_name.as_deref(),
            self.website.as_deref(),
        )
    }
}

impl CreateOrganisation {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        validate_organisation(
            &self.slug,
            &self.name,
            self.short_name.as_deref(),
            self.website.as_deref(),
        )
    }
}

fn validate_organisation(
    slug: &str,
    name: &I18nText,
    short_name: Option<&str>,
    website: Option<&str>,
) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::new();
    e.slug("slug", slug);
    e.i18n_required("name", name, MAX_NAME);
    e.optional("short_name", short_name, 40);
    if let Some(w) = website {
        e.check(
            (w.starts_with("https://") || w.starts_with("http://"))
                && w.chars().count() <= MAX_SHORT
                && !w.contains(' '),
            "website",
            "must be an http(s) address of at most 200 characters",
        );
    }
    e.finish()
}
