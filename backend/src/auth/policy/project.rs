//! Record rules of a project and what belongs to it (milestones, progress updates).

use eil_shared::project::Project;

use crate::auth::{Caller, forbidden};
use crate::db::DbConn;
use crate::db::models::project;
use crate::error::ApiError;

/// A partner client reads and writes only projects its organisation hosts; everyone else
/// passes this check.
pub fn client_hosts(caller: &Caller, p: &Project) -> Result<(), ApiError> {
    match caller.client_organisation() {
        Some(org) if !p.hosts.iter().any(|h| h.id == org) => Err(forbidden(
            "this project is not hosted by the client's organisation",
        )),
        _ => Ok(()),
    }
}

/// Staff, a member of the project's team, or a partner client (with `projects:write`, which
/// the middleware checked) of an organisation hosting it.
pub fn team_or_staff(c: &mut DbConn, caller: &Caller, p: &Project) -> Result<(), ApiError> {
    if caller.is_staff() {
        return Ok(());
    }
    if caller.client_organisation().is_some() {
        return client_hosts(caller, p);
    }
    if project::is_member(c, p.id, caller.person()?)? {
        Ok(())
    } else {
        Err(forbidden(
            "only the project team, coordinators and admins may do this",
        ))
    }
}
