use eil_shared::session::MentoringSession;

use super::{Broken, Rule};

/// A mentor is never double-booked: `clash` is a live session of the same mentor that
/// overlaps, if the database found one.
pub fn check_no_clash(clash: Option<MentoringSession>) -> Rule {
    match clash {
        Some(other) => Err(Broken::new(
            "starts_at",
            format!(
                "the mentor already has a session from {} to {} (UTC)",
                other.starts_at.format("%Y-%m-%d %H:%M"),
                other.ends_at.format("%Y-%m-%d %H:%M")
            ),
        )),
        None => Ok(()),
    }
}

/// Only a mentor assigned to the project meets its team.
pub fn check_assigned(assigned: bool) -> Rule {
    if assigned {
        Ok(())
    } else {
        Err(Broken::new(
            "mentor_id",
            "this mentor is not assigned to the project",
        ))
    }
}
