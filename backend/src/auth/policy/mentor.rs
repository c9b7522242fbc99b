//! Record rules of a mentor profile and its availability.

use eil_shared::MentorId;

use crate::auth::{Caller, forbidden};
use crate::db::DbConn;
use crate::db::models::mentor;
use crate::error::ApiError;

/// Staff, or the person behind the mentor profile.
pub fn self_or_staff(c: &mut DbConn, caller: &Caller, mentor_id: MentorId) -> Result<(), ApiError> {
    if caller.is_staff() {
        return Ok(());
    }
    match mentor::id_for_person(c, caller.person()?)? {
        Some(mine) if mine == mentor_id => Ok(()),
        _ => Err(forbidden(
            "only the mentor, coordinators and admins may do this",
        )),
    }
}
