//! Who may do what, in one place per resource.
//!
//! Two levels. The table below says which callers may attempt an operation at all (the
//! role rule, checked before the database is touched). The record rules in
//! `policy/<resource>.rs` then decide with the stored record in hand (a project's team, a
//! mentor's own profile, the fields a caller may change). Handlers ask these; they hold
//! no role lists of their own. What partner API clients may call sits beside this, in
//! `auth::scope`, and the permission-matrix test walks every operation against both.

pub mod mentor;
pub mod person;
pub mod project;
pub mod session;

use eil_shared::auth::{KPI_READERS, Role, STAFF};

use super::Caller;
use crate::error::ApiError;

/// Who may attempt an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// Also anonymous callers.
    Anyone,
    /// Any signed-in person or API client; the record rules decide the rest.
    SignedIn,
    /// Any signed-in person (not an API client); the record rules decide the rest.
    People,
    /// Staff, or a partner API client (whose scope the middleware checked); the record
    /// rules decide which records a client may touch.
    StaffOrClients,
    /// Admins, or a partner API client (whose scope the middleware checked); the record
    /// rules decide which records a client may touch.
    AdminOrClients,
    /// A person holding one of these roles.
    Roles(&'static [Role]),
}

/// Coordinators and admins.
pub const STAFF_ONLY: Who = Who::Roles(STAFF);
pub const ADMIN_ONLY: Who = Who::Roles(&[Role::Admin]);

impl Who {
    /// 401 for anonymous callers where a sign-in is needed, 403 without the role.
    pub fn check(self, caller: &Caller) -> Result<(), ApiError> {
        match self {
            Who::Anyone => Ok(()),
            Who::SignedIn => caller.signed_in(),
            Who::People => caller.person().map(|_| ()),
            Who::StaffOrClients if caller.client_organisation().is_some() => Ok(()),
            Who::StaffOrClients => caller.require(STAFF),
            Who::AdminOrClients if caller.client_organisation().is_some() => Ok(()),
            Who::AdminOrClients => caller.require(&[Role::Admin]),
            Who::Roles(roles) => caller.require(roles),
        }
    }
}

/// The role rule of each operation on one resource.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub read: Who,
    pub create: Who,
    pub update: Who,
    pub delete: Who,
}

/// Staff keep the catalogue; everyone reads it.
const CATALOGUE: Policy = Policy {
    read: Who::Anyone,
    create: STAFF_ONLY,
    update: STAFF_ONLY,
    delete: STAFF_ONLY,
};

pub const PROGRAMMES: Policy = CATALOGUE;
pub const TRACKS: Policy = CATALOGUE;
pub const COHORTS: Policy = CATALOGUE;
pub const EVENTS: Policy = CATALOGUE;
pub const ORGANISATIONS: Policy = CATALOGUE;
/// Staff enrol people, as do partner clients with `enrolments:write` (checked by scope), for
/// their own organisation's people only (`policy::person::client_enrols`).
pub const ENROLMENTS: Policy = Policy {
    create: Who::StaffOrClients,
    update: Who::StaffOrClients,
    ..CATALOGUE
};
/// People edit their own record (`policy::person`); staff create and delete.
pub const PEOPLE: Policy = Policy {
    update: Who::SignedIn,
    ..CATALOGUE
};
/// Staff create projects, as do partner clients with `projects:write` (checked by scope);
/// the team and its mentors change some fields (`policy::project::fields`).
pub const PROJECTS: Policy = Policy {
    create: Who::StaffOrClients,
    update: Who::SignedIn,
    ..CATALOGUE
};
/// The project team and staff (`policy::project::team_or_staff`).
pub const MILESTONES: Policy = Policy {
    read: Who::Anyone,
    create: Who::SignedIn,
    update: Who::SignedIn,
    delete: Who::SignedIn,
};
/// The team posts, a mentor of the project answers (`policy::project`); a person's word,
/// so partner clients only read.
pub const PROGRESS_UPDATES: Policy = Policy {
    read: Who::Anyone,
    create: Who::People,
    update: Who::People,
    delete: Who::People,
};
/// Everyone sees who mentors a project (partner clients only their own projects,
/// `policy::project::client_hosts`); staff assign and unassign.
pub const MENTOR_ASSIGNMENTS: Policy = CATALOGUE;
/// The mentor keeps the own profile (`policy::mentor::self_or_staff`); staff create and delete.
pub const MENTORS: Policy = Policy {
    update: Who::SignedIn,
    ..CATALOGUE
};
/// The mentor and staff (`policy::mentor::self_or_staff`); everyone reads.
pub const AVAILABILITY: Policy = MILESTONES;
/// The team books and cancels, the mentor keeps notes (`policy::session`); everyone reads;
/// removing the record is staff work (the team cancels by the status instead).
pub const SESSIONS: Policy = Policy {
    delete: STAFF_ONLY,
    ..MILESTONES
};
/// Staff invite; admins give every role, coordinators some (`routes::invitations`).
pub const INVITATIONS: Policy = Policy {
    read: STAFF_ONLY,
    ..CATALOGUE
};
/// Admins only: accounts and roles, partner API clients, the audit log.
pub const ADMIN: Policy = Policy {
    read: ADMIN_ONLY,
    create: ADMIN_ONLY,
    update: ADMIN_ONLY,
    delete: ADMIN_ONLY,
};
/// Partner clients (`webhooks:manage`) keep their own subscriptions, admins every one
/// (`routes::webhooks`).
pub const WEBHOOKS: Policy = Policy {
    read: Who::AdminOrClients,
    create: Who::AdminOrClients,
    update: Who::AdminOrClients,
    delete: Who::AdminOrClients,
};
/// Staff watch what EIL Hub sends and retry what failed.
pub const OUTBOX: Policy = Policy {
    read: STAFF_ONLY,
    create: STAFF_ONLY,
    update: STAFF_ONLY,
    delete: ADMIN_ONLY,
};
/// The funder's key figures.
pub const KPIS: Who = Who::Roles(KPI_READERS);
