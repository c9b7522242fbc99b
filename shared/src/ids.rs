//! Typed ids: a `ProjectId` cannot be passed where a `MentorId` is expected.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

macro_rules! id_type {
    ($($(#[$meta:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = Uuid, example = "0192f1d2-6c3a-7b4e-9a51-2f8e4c1d0a77"))]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map($name)
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                $name(id)
            }
        }
    )+};
}

id_type!(
    /// Id of an organisation.
    OrganisationId,
    /// Id of a person.
    PersonId,
    /// Id of a programme.
    ProgrammeId,
    /// Id of a track (sub-programme).
    TrackId,
    /// Id of a cohort.
    CohortId,
    /// Id of an enrolment.
    EnrolmentId,
    /// Id of a project.
    ProjectId,
    /// Id of a project milestone.
    MilestoneId,
    /// Id of a progress update.
    ProgressUpdateId,
    /// Id of a mentor profile.
    MentorId,
    /// Id of an availability slot.
    AvailabilitySlotId,
    /// Id of a mentoring session.
    SessionId,
    /// Id of an event.
    EventId,
    /// Id of a partner API client (its `client_id`).
    ApiClientId,
    /// Id of an invitation.
    InvitationId,
    /// Id of an audit entry.
    AuditEntryId,
    /// Id of a webhook subscription.
    WebhookId,
    /// Id of a notice in the outbox (a webhook delivery or an e-mail); it is the
    /// `webhook-id` header of a delivery, by which receivers de-duplicate.
    NoticeId,
);
