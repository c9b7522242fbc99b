use eil_shared::cohort::Cohort;
use eil_shared::project::ProjectStatus;
use eil_shared::track::Track;

use crate::error::ApiError;

/// A project moves proposed → approved → active → completed, or to cancelled.
pub fn check_transition(from: ProjectStatus, to: ProjectStatus) -> Result<(), ApiError> {
    if from.can_become(to) {
        Ok(())
    } else {
        Err(ApiError::conflict(
            "status",
            format!("a {from} project cannot become {to}"),
        ))
    }
}

/// A track given with a cohort must belong to the cohort's programme.
pub fn check_track(cohort: &Cohort, track: Option<&Track>, field: &str) -> Result<(), ApiError> {
    match track {
        Some(t) if t.programme_id != cohort.programme_id => Err(ApiError::conflict(
            field,
            "this track belongs to another programme than the cohort",
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions() {
        assert!(check_transition(ProjectStatus::Proposed, ProjectStatus::Approved).is_ok());
        let e = check_transition(ProjectStatus::Completed, ProjectStatus::Active)
            .expect_err("backwards");
        assert_eq!(e.problem().status, 409);
        assert_eq!(e.problem().errors[0].field, "status");
    }
}
