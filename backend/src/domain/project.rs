use eil_shared::cohort::Cohort;
use eil_shared::project::ProjectStatus;
use eil_shared::track::Track;

use super::{Broken, Rule};

/// A project moves proposed → approved → active → completed, or to cancelled.
pub fn check_transition(from: ProjectStatus, to: ProjectStatus) -> Rule {
    if from.can_become(to) {
        Ok(())
    } else {
        Err(Broken::new(
            "status",
            format!("a {from} project cannot become {to}"),
        ))
    }
}

/// A track given with a cohort must belong to the cohort's programme.
pub fn check_track(cohort: &Cohort, track: Option<&Track>, field: &str) -> Rule {
    match track {
        Some(t) if t.programme_id != cohort.programme_id => Err(Broken::new(
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
        assert_eq!(e.field, "status");
    }
}
