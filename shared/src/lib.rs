//! The EIL Hub API contract, shared by the server, the web app and partner integrations.
//!
//! One module per resource holds its read, create, update and query types. The types
//! serialise to the JSON the API speaks (snake_case fields, UUID ids, RFC 3339 UTC
//! timestamps, ISO dates). Validation lives next to the types so that the server and the
//! web app apply the same rules. With the `openapi` feature the types also describe
//! themselves to utoipa; with `client` a typed reqwest client is included.

pub mod api_client;
pub mod audit;
pub mod auth;
pub mod availability;
pub mod bulk;
pub mod cohort;
pub mod enrolment;
pub mod event;
pub mod ids;
pub mod invitation;
pub mod kpi;
pub mod mentor;
pub mod mentor_assignment;
pub mod milestone;
pub mod notice;
pub mod organisation;
pub mod pagination;
pub mod password_reset;
pub mod patch;
pub mod person;
pub mod problem;
pub mod programme;
pub mod progress_update;
pub mod project;
pub mod session;
pub mod text;
pub mod track;
pub mod validate;
pub mod webhook;

#[cfg(feature = "client")]
pub mod client;

pub use ids::*;
pub use pagination::{Page, PageQuery};
pub use problem::{FieldError, Problem};
pub use text::{I18nText, Lang};
/// The UUID inside every typed id.
pub use uuid::Uuid;

/// Declares a closed set of string values (a status, a kind) with its wire spelling.
///
/// The spelling is used in JSON, in query strings and in the database.
#[macro_export]
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:tt),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name { $($(#[$vmeta])* #[serde(rename = $text)] $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The wire spelling.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    other => Err(format!("unknown value `{other}`")),
                }
            }
        }
    };
}
