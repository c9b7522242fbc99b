//! What the database layer fails with. These kinds know nothing of HTTP: `error.rs` maps
//! them to problem bodies at one boundary (`From<DbError> for ApiError`).

use diesel::result::{DatabaseErrorKind, Error as DieselError};

/// The result of every query function.
pub type DbResult<T> = Result<T, DbError>;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// No such record; the text says what is missing.
    #[error("{0}")]
    NotFound(String),
    /// A unique constraint: the value of `field` is taken.
    #[error("`{field}` is already taken")]
    Taken { field: String },
    /// A foreign key: other records refer to this one, or it refers to a missing one.
    #[error("a reference between records would break")]
    Referenced,
    /// A `CHECK` constraint, with the database's message.
    #[error("the change breaks a rule of the data: {0}")]
    Check(String),
    /// Refused before writing: records that still depend on this one (the text counts them).
    #[error("{0}")]
    InUse(String),
    /// A guarded update found no row at the version it was based on: another writer won.
    #[error("stale version")]
    Stale { current: i32 },
    /// A list parameter that cannot be used (`limit` out of range, a malformed cursor).
    #[error("`{field}` {message}")]
    BadQuery {
        field: &'static str,
        message: String,
    },
    /// The database is busy (lock, serialization failure); trying again may work.
    #[error("{0}")]
    Busy(&'static str),
    /// No connection could be had.
    #[error("the database is not reachable")]
    Unreachable,
    /// A bug or a broken row; logged, never shown.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl DbError {
    /// "there is no programme with this id".
    pub fn not_found(what: &str) -> Self {
        DbError::NotFound(format!("there is no {what} with this id"))
    }
}

/// Turns "no row" into [`DbError::NotFound`] naming the resource.
pub trait OrNotFound<T> {
    fn or_not_found(self, what: &str) -> DbResult<T>;
}

impl<T> OrNotFound<T> for diesel::QueryResult<T> {
    fn or_not_found(self, what: &str) -> DbResult<T> {
        match self {
            Err(DieselError::NotFound) => Err(DbError::not_found(what)),
            other => other.map_err(DbError::from),
        }
    }
}

/// After a guarded delete or update by key: no row means there was no such record.
pub fn expect_row(rows: usize, what: &str) -> DbResult<()> {
    if rows == 0 {
        Err(DbError::not_found(what))
    } else {
        Ok(())
    }
}

/// After a guarded `UPDATE ... WHERE version = expected`: no row means another writer won.
pub fn expect_version(rows: usize, expected: i32) -> DbResult<()> {
    if rows == 0 {
        Err(DbError::Stale {
            current: expected + 1,
        })
    } else {
        Ok(())
    }
}

impl From<DieselError> for DbError {
    fn from(e: DieselError) -> Self {
        match e {
            DieselError::NotFound => DbError::NotFound("not found".into()),
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                // SQLite names `table.column`; PostgreSQL names the constraint `table_column_key`.
                let field = info
                    .message()
                    .rsplit_once('.')
                    .map(|(_, col)| col.trim().to_string())
                    .or_else(|| info.constraint_name().map(constraint_field))
                    .unwrap_or_else(|| "id".into());
                let field = field.split(',').next().unwrap_or("id").trim().to_string();
                DbError::Taken { field }
            }
            DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
                DbError::Referenced
            }
            DieselError::DatabaseError(DatabaseErrorKind::CheckViolation, info) => {
                DbError::Check(info.message().to_string())
            }
            DieselError::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => {
                DbError::Busy("a concurrent change got in the way; try again")
            }
            DieselError::DatabaseError(_, info)
                if info.message().contains("database is locked") =>
            {
                DbError::Busy("the database is busy; try again")
            }
            // PostgreSQL's statement timeout (SQLSTATE 57014) ended a statement that waited
            // or ran too long; diesel has no kind for it.
            DieselError::DatabaseError(_, info)
                if info
                    .message()
                    .contains("canceling statement due to statement timeout") =>
            {
                DbError::Busy("the database took too long to answer; try again")
            }
            // Two transactions waited for each other (SQLSTATE 40P01); one was ended.
            DieselError::DatabaseError(_, info) if info.message().contains("deadlock detected") => {
                DbError::Busy("a concurrent change got in the way; try again")
            }
            other => DbError::Internal(other.into()),
        }
    }
}

impl From<diesel::r2d2::PoolError> for DbError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        tracing::warn!(error = %e, "no database connection available");
        DbError::Unreachable
    }
}

/// `organisations_slug_key` → `slug`; `people_email_key` → `email`.
fn constraint_field(name: &str) -> String {
    let trimmed = name.strip_suffix("_key").unwrap_or(name);
    trimmed
        .split_once('_')
        .map(|(_, rest)| rest)
        .unwrap_or(trimmed)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraint_names_map_to_fields() {
        assert_eq!(constraint_field("organisations_slug_key"), "slug");
        assert_eq!(constraint_field("people_email_key"), "email");
    }

    #[test]
    fn an_update_that_touched_no_row_is_stale() {
        assert!(matches!(
            expect_version(0, 3),
            Err(DbError::Stale { current: 4 })
        ));
        assert!(expect_version(1, 3).is_ok());
    }
}
