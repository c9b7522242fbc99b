//! Record rules of a project and what belongs to it (milestones, progress updates, mentor
//! assignments).

use eil_shared::progress_update::{ProgressUpdate, UpdateProgressUpdate};
use eil_shared::project::{Project, UpdateProject};
use eil_shared::{OrganisationId, PersonId};

use super::STAFF_ONLY;
use crate::auth::{Caller, forbidden};
use crate::db::DbConn;
use crate::db::models::{mentor, project};
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

/// Staff, or a partner client (with `projects:write`, which the middleware checked) naming
/// its own organisation among the hosts of the project it creates.
pub fn create(caller: &Caller, host_ids: &[OrganisationId]) -> Result<(), ApiError> {
    match caller.client_organisation() {
        Some(org) if !host_ids.contains(&org) => Err(forbidden(
            "a client creates only projects its own organisation hosts: include it in `host_ids`",
        )),
        Some(_) => Ok(()),
        None => STAFF_ONLY.check(caller),
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

/// Which fields of a project the caller may change: staff all of them; a partner client of
/// a hosting organisation all of them, keeping that organisation among the hosts; the team
/// the `title` and `summary`; an assigned mentor the `status`. A field outside the caller's
/// share is refused naming it.
pub fn fields(
    c: &mut DbConn,
    caller: &Caller,
    p: &Project,
    body: &UpdateProject,
) -> Result<(), ApiError> {
    if caller.is_staff() {
        return Ok(());
    }
    if let Some(org) = caller.client_organisation() {
        client_hosts(caller, p)?;
        if body.host_ids.as_ref().is_some_and(|h| !h.contains(&org)) {
            return Err(forbidden(
                "a client keeps its own organisation among `host_ids`",
            ));
        }
        return Ok(());
    }
    let me = caller.person()?;
    let member = project::is_member(c, p.id, me)?;
    let mentor = match mentor::id_for_person(c, me)? {
        Some(m) => mentor::is_assigned(c, p.id, m)?,
        None => false,
    };
    if !member && !mentor {
        return Err(forbidden(
            "only coordinators, admins, the project team and its mentors may change a project",
        ));
    }
    let sets = [
        ("track_id", body.track_id.is_some(), false),
        ("slug", body.slug.is_some(), false),
        ("title", body.title.is_some(), member),
        ("summary", body.summary.is_some(), member),
        ("status", body.status.is_some(), mentor),
        ("host_ids", body.host_ids.is_some(), false),
        ("team", body.team.is_some(), false),
    ];
    match sets.iter().find(|(_, set, allowed)| *set && !allowed) {
        Some((field, ..)) => Err(forbidden(&format!(
            "you may not change `{field}` of this project"
        ))),
        None => Ok(()),
    }
}

/// Progress updates are posted by people, never by partner clients: members of the team in
/// their own name, staff for anyone.
pub fn post_update(
    c: &mut DbConn,
    caller: &Caller,
    p: &Project,
    author: PersonId,
) -> Result<(), ApiError> {
    let me = caller.person()?;
    team_or_staff(c, caller, p)?;
    if !caller.is_staff() && me != author {
        return Err(forbidden("post updates in your own name"));
    }
    Ok(())
}

/// The author edits the text; a mentor assigned to the project gives feedback in their own
/// name; staff do either.
pub fn edit_update(
    c: &mut DbConn,
    caller: &Caller,
    u: &ProgressUpdate,
    patch: &UpdateProgressUpdate,
) -> Result<(), ApiError> {
    if caller.is_staff() {
        return Ok(());
    }
    let me = caller.person()?;
    if patch.body.is_some() && me != u.author_id {
        return Err(forbidden("only the author edits the text of an update"));
    }
    if patch.feedback.is_some() || patch.feedback_by.is_some() {
        let mine = mentor::id_for_person(c, me)?;
        let assigned = match mine {
            Some(m) => mentor::is_assigned(c, u.project_id, m)?,
            None => false,
        };
        let in_own_name = match patch.feedback_by {
            Some(Some(by)) => mine == Some(by),
            _ => true,
        };
        if !assigned || !in_own_name {
            return Err(forbidden(
                "feedback comes from a mentor assigned to the project, in their own name",
            ));
        }
    }
    Ok(())
}

/// The author and staff delete an update.
pub fn delete_update(caller: &Caller, u: &ProgressUpdate) -> Result<(), ApiError> {
    if !caller.is_staff() && caller.person()? != u.author_id {
        return Err(forbidden(
            "only the author, coordinators and admins delete an update",
        ));
    }
    Ok(())
}
