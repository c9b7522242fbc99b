//! The e-mails a write queues, each in the write's own transaction: who gets which
//! template. A person without an e-mail address is skipped.

use chrono::{DateTime, Utc};
use eil_shared::PersonId;
use eil_shared::session::{MentoringSession, SessionStatus};

use super::enqueue_email;
use super::templates::{self, SessionChange, SessionFacts};
use crate::db::models::{mentor, project, recipient};
use crate::db::{DbConn, DbResult, IdOrSlug};

/// The invitation link, to the invitee; whether one was queued.
pub fn invitation(
    c: &mut DbConn,
    person_id: PersonId,
    link: &str,
    expires_at: DateTime<Utc>,
) -> DbResult<bool> {
    let Some(to) = recipient::person(c, person_id)? else {
        return Ok(false);
    };
    enqueue_email(c, &templates::invitation(&to, link, expires_at))?;
    Ok(true)
}

/// The password reset link, to the account's owner.
pub fn password_reset(
    c: &mut DbConn,
    person_id: PersonId,
    link: &str,
    expires_at: DateTime<Utc>,
) -> DbResult<bool> {
    let Some(to) = recipient::person(c, person_id)? else {
        return Ok(false);
    };
    enqueue_email(c, &templates::password_reset(&to, link, expires_at))?;
    Ok(true)
}

/// What an update of a session tells its readers, if anything: cancelling, rescheduling,
/// moving or (re)booking does; notes, the agenda alone or marking it held do not.
pub fn session_change(
    before: &MentoringSession,
    after: &MentoringSession,
) -> Option<SessionChange> {
    let cancelled = |s: &MentoringSession| s.status == SessionStatus::Cancelled;
    match (cancelled(before), cancelled(after)) {
        (false, true) => Some(SessionChange::Cancelled),
        (true, false) => Some(SessionChange::Booked),
        (true, true) => None,
        (false, false) => (before.starts_at != after.starts_at
            || before.ends_at != after.ends_at
            || before.mode != after.mode
            || before.location != after.location)
            .then_some(SessionChange::Changed),
    }
}

/// Tells the mentor and every member of the project team, each in their language and zone.
pub fn session(c: &mut DbConn, s: &MentoringSession, change: SessionChange) -> DbResult<usize> {
    let project = project::get(c, &IdOrSlug::id(s.project_id))?;
    let mentor_name = mentor::get(c, s.mentor_id)?.full_name;
    let mut readers = recipient::team(c, s.project_id)?;
    if let Some(m) = recipient::mentor(c, s.mentor_id)? {
        readers.insert(0, m);
    }
    // A mentor on the team (or a person listed twice) gets one e-mail.
    let mut seen = std::collections::HashSet::new();
    readers.retain(|r| seen.insert(r.email.clone()));
    for to in &readers {
        let facts = SessionFacts {
            project: project.title.get(to.lang).to_string(),
            mentor: mentor_name.clone(),
            starts_at: s.starts_at,
            ends_at: s.ends_at,
            mode: s.mode,
            location: s.location.clone(),
            agenda: s.agenda.clone(),
        };
        enqueue_email(c, &templates::session(to, change, &facts))?;
    }
    Ok(readers.len())
}
