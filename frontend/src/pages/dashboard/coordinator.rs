//! The coordinator's (and admin's) part: invitations, the catalogue (programmes, tracks,
//! cohorts), projects and mentors, enrolments, events, and the records they keep by name.

use super::*;

mod catalogue;
mod enrolments;
mod events;
mod invitations;
mod projects;
mod records;

pub use catalogue::{NewCohort, NewProgramme, NewTrack};
pub use enrolments::{EnrolPerson, ManageEnrolments};
pub use events::NewEvent;
pub use invitations::InvitePerson;
pub use projects::{AssignMentor, NewProject};
pub use records::ManageRecords;
