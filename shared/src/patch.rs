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
