use super::{Broken, Rule};

/// Active enrolments never exceed the capacity.
pub fn check_capacity(capacity: i32, taken: i64) -> Rule {
    if i64::from(capacity) < taken {
        Err(Broken::new(
            "capacity",
            format!("{taken} places are already taken; withdraw enrolments first"),
        ))
    } else {
        Ok(())
    }
}

/// Whether one more active enrolment fits.
pub fn check_place_free(capacity: i32, taken: i64) -> Rule {
    if taken >= i64::from(capacity) {
        Err(Broken::new(
            "cohort_id",
            format!("the cohort is full ({capacity} places)"),
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacity_rules() {
        assert!(check_capacity(74, 74).is_ok());
        assert!(check_capacity(73, 74).is_err());
        assert!(check_place_free(74, 73).is_ok());
        assert!(check_place_free(74, 74).is_err());
        assert!(check_place_free(0, 0).is_err());
    }
}
