//! Record rules of a mentoring session: who books, who changes (reschedules, cancels by the
//! status) and who keeps the notes. Deleting a session is staff work (`policy::SESSIONS`).

use eil_shared::project::Project;
use eil_shared::session::{MentoringSession, UpdateSession};

use super::{mentor, project};
use crate::auth::{Caller, forbidden};
use crate::db::models::project as projects;
use crate::db::{DbConn, IdOrSlug};
use crate::error::ApiError;

/// Members of the project's team book for their project; coordinators and admins for any.
/// Sessions are people's business: partner clients never book (nor reach this, by scope).
pub fn may_book(c: &mut DbConn, caller: &Caller, p: &Project) -> Result<(), ApiError> {
    caller.person()?;
    project::team_or_staff(c, caller, p)
}

/// The session's mentor, a member of the project team, or staff may change a session; only
/// the mentor (or staff) writes its notes.
pub fn may_change(
    c: &mut DbConn,
    caller: &Caller,
    s: &MentoringSession,
    patch: &UpdateSession,
) -> Result<(), ApiError> {
    caller.person()?;
    if caller.is_staff() {
        return Ok(());
    }
    let is_mentor = mentor::self_or_staff(c, caller, s.mentor_id).is_ok();
    if patch.notes.is_some() && !is_mentor {
        return Err(forbidden("only the session's mentor writes its notes"));
    }
    if is_mentor {
        return Ok(());
    }
    let p = projects::get(c, &IdOrSlug::id(s.project_id))?;
    project::team_or_staff(c, caller, &p)
}
