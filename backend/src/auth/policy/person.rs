//! Record rules of a person: whose record it is, and which of its fields a caller may see
//! and change.

use eil_shared::PersonId;
use eil_shared::person::{Person, UpdatePerson};

use super::STAFF_ONLY;
use crate::auth::{Caller, forbidden};
use crate::db::DbConn;
use crate::db::models::person;
use crate::error::ApiError;

/// Staff, or the person themself.
pub fn self_or_staff(caller: &Caller, person: PersonId) -> Result<(), ApiError> {
    match caller.person() {
        Ok(me) if me == person => Ok(()),
        _ => STAFF_ONLY.check(caller),
    }
}

/// The fields of a change only staff may make: the organisation decides which partner
/// client sees the person's enrolments, so people do not move themselves between them.
pub fn fields(caller: &Caller, change: &UpdatePerson) -> Result<(), ApiError> {
    if change.organisation_id.is_some() && !caller.is_staff() {
        return Err(forbidden(
            "coordinators and admins set a person's `organisation_id`",
        ));
    }
    Ok(())
}

/// The person as the caller may see them: e-mail and phone only for the person themself,
/// coordinators and admins.
pub fn visible(caller: &Caller, p: Person) -> Person {
    if self_or_staff(caller, p.id).is_ok() {
        p
    } else {
        p.without_contact_details()
    }
}

/// A partner client (with `enrolments:write`, which the middleware checked) enrols only
/// people of its own organisation; everyone else passes this check (the role rule decided).
pub fn client_enrols(caller: &Caller, p: &Person) -> Result<(), ApiError> {
    match caller.client_organisation() {
        Some(org) if p.organisation_id != Some(org) => Err(forbidden(
            "a client enrols only people of its own organisation",
        )),
        _ => Ok(()),
    }
}

/// A partner client sees the enrolments of its own organisation's people only; everyone
/// else passes this check.
pub fn client_sees_enrolments(
    c: &mut DbConn,
    caller: &Caller,
    person_id: PersonId,
) -> Result<(), ApiError> {
    match caller.client_organisation() {
        Some(org) if person::get(c, person_id)?.organisation_id != Some(org) => Err(forbidden(
            "this enrolment is not of a person of the client's organisation",
        )),
        _ => Ok(()),
    }
}
