//! Partial updates: a field left out of a PATCH body is kept; for a field that may be
//! empty, `null` clears it. `Option<Option<T>>` tells the two apart.

use serde::{Deserialize, Deserializer};

/// Deserialises a present field (even `null`) as `Some(..)`; use with `#[serde(default)]`.
pub fn double_option<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Applies a patch value to a current value.
pub fn apply<T>(current: &mut T, patch: Option<T>) {
    if let Some(value) = patch {
        *current = value;
    }
}

/// Reads an `i32` from any JSON number without a fraction (`74` or `74.0`): JSON Schema
/// counts both as integers, so both are accepted.
pub mod whole {
    use serde::{Deserialize, Deserializer, de::Error};

    pub fn number<'de, D: Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
        to_i32(f64::deserialize(d)?)
    }

    pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
        Option::<f64>::deserialize(d)?.map(to_i32).transpose()
    }

    fn to_i32<E: Error>(v: f64) -> Result<i32, E> {
        if v.fract() == 0.0 && v >= f64::from(i32::MIN) && v <= f64::from(i32::MAX) {
            Ok(v as i32)
        } else {
            Err(E::custom(format!("expected a whole number, got {v}")))
        }
    }
}
