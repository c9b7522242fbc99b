//! Bulk calls: up to 500 creates and updates of one resource in one request, all or nothing.
//!
//! The body is read as JSON once (so the text checks of `extract` cover all of it), then
//! item by item: an item without `id` is the body of the single POST, one with `id` the body
//! of the single PATCH plus `id` and an optional `version` (its `If-Match`). Each item runs
//! the code of its single call, in a savepoint of the request's one transaction: a failed
//! item leaves nothing behind and the items after it are still tried, so that every problem
//! is reported at once. If any item failed the transaction is rolled back and the answer is
//! a 422 with every item's result; otherwise it commits with one audit entry per item.

use actix_web::ResponseError;
use actix_web::http::StatusCode;
use diesel::Connection;
use eil_shared::FieldError;
use eil_shared::Problem;
use eil_shared::bulk::{BulkItemResult, BulkOutcome, BulkRequest, BulkResults, MAX_BULK_ITEMS};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use uuid::Uuid;

use super::ApiResult;
use crate::audit::Entry;
use crate::db::DbConn;
use crate::error::ApiError;
use crate::extract::parse_value;

/// One item, read: a create with the single POST's body, or an update of the record `id`
/// names with the single PATCH's body.
pub enum Item<C, U, I> {
    Create(C),
    Update {
        id: I,
        version: Option<i32>,
        changes: U,
    },
}

/// An item as read from the body, or why it cannot be read.
pub struct Read<C, U, I> {
    item: ApiResult<Item<C, U, I>>,
    /// The fields it sets, for its audit entry.
    fields: Vec<String>,
    /// The id an update item names, for its result.
    named: Option<Uuid>,
}

/// What an item did, with the record as its single call answers it.
pub struct Applied<T> {
    created: bool,
    id: Uuid,
    record: T,
}

impl<T> Applied<T> {
    pub fn created(id: Uuid, record: T) -> Self {
        Applied {
            created: true,
            id,
            record,
        }
    }

    pub fn updated(id: Uuid, record: T) -> Self {
        Applied {
            created: false,
            id,
            record,
        }
    }
}

/// The items of a bulk body: 1 to [`MAX_BULK_ITEMS`], else 422 on `items`. An item that
/// cannot be read fails on its own, at its place.
pub fn read<C, U, I>(body: BulkRequest<Value>) -> ApiResult<Vec<Read<C, U, I>>>
where
    C: DeserializeOwned,
    U: DeserializeOwned,
    I: DeserializeOwned,
{
    let n = body.items.len();
    if n == 0 || n > MAX_BULK_ITEMS {
        return Err(ApiError::invalid(
            "items",
            format!("send 1 to {MAX_BULK_ITEMS} items (this body has {n})"),
        ));
    }
    Ok(body.items.into_iter().map(read_item).collect())
}

fn read_item<C, U, I>(value: Value) -> Read<C, U, I>
where
    C: DeserializeOwned,
    U: DeserializeOwned,
    I: DeserializeOwned,
{
    let Value::Object(mut members) = value else {
        return Read {
            item: Err(ApiError::invalid("", "must be a JSON object")),
            fields: vec![],
            named: None,
        };
    };
    let Some(id) = members.remove("id") else {
        return Read {
            fields: members.keys().cloned().collect(),
            item: parse_value(Value::Object(members)).map(Item::Create),
            named: None,
        };
    };
    let version = members.remove("version");
    let named = id.as_str().and_then(|s| Uuid::parse_str(s).ok());
    let fields = members.keys().cloned().collect();
    let item = (|| {
        let id = parse_value::<I>(id)
            .map_err(|_| ApiError::invalid("id", "must be the id (a UUID) of a stored record"))?;
        let version =
            match version {
                None | Some(Value::Null) => None,
                Some(v) => Some(parse_value::<i32>(v).ok().filter(|v| *v >= 1).ok_or_else(
                    || ApiError::invalid("version", "must be a whole number from 1"),
                )?),
            };
        let changes = parse_value::<U>(Value::Object(members))?;
        Ok(Item::Update {
            id,
            version,
            changes,
        })
    })();
    Read {
        item,
        fields,
        named,
    }
}

/// Runs every item with `run` (the single calls' code), each in a savepoint, and records
/// one audit entry per applied item under `resource`. All applied: their results. Any
/// failed: [`ApiError::BulkRefused`] with every item's result, which rolls the request's
/// transaction back. A server-side failure (5xx) ends the call at once with that error.
pub fn apply<C, U, I, T, F>(
    c: &mut DbConn,
    audit: &mut Entry,
    resource: &str,
    items: Vec<Read<C, U, I>>,
    mut run: F,
) -> ApiResult<BulkResults<T>>
where
    T: Serialize,
    F: FnMut(&mut DbConn, &mut Entry, Item<C, U, I>) -> ApiResult<Applied<T>>,
{
    let total = items.len();
    let mut results = Vec::with_capacity(total);
    let mut errors = Vec::new();
    for (
        i,
        Read {
            item,
            fields,
            named,
        },
    ) in items.into_iter().enumerate()
    {
        let tried = item.and_then(|item| c.transaction(|c| run(c, audit, item)));
        match tried {
            Ok(a) => {
                let (action, status, outcome) = if a.created {
                    ("create", StatusCode::CREATED, BulkOutcome::Created)
                } else {
                    ("update", StatusCode::OK, BulkOutcome::Updated)
                };
                audit.item(action, resource, a.id, &fields, status);
                results.push(BulkItemResult {
                    outcome,
                    status: status.as_u16(),
                    id: Some(a.id),
                    record: Some(a.record),
                    problem: None,
                });
            }
            Err(e) if e.status_code().is_server_error() => return Err(e),
            Err(e) => {
                let problem = at_item(e.problem(), i);
                errors.extend(problem.errors.iter().cloned());
                results.push(BulkItemResult {
                    outcome: BulkOutcome::Failed,
                    status: problem.status,
                    id: named,
                    record: None,
                    problem: Some(problem),
                });
            }
        }
    }
    if errors.is_empty() {
        return Ok(BulkResults { items: results });
    }
    let mut failed = 0;
    for r in &mut results {
        match r.outcome {
            BulkOutcome::Failed => failed += 1,
            // Rolled back: a record it created is not there.
            BulkOutcome::Created => r.id = None,
            _ => {}
        }
        if r.outcome != BulkOutcome::Failed {
            r.outcome = BulkOutcome::NotApplied;
            r.status = StatusCode::FAILED_DEPENDENCY.as_u16();
            r.record = None;
        }
    }
    Err(ApiError::BulkRefused {
        failed,
        total,
        errors,
        items: serde_json::to_value(&results).map_err(anyhow::Error::from)?,
    })
}

/// An item's problem with its fields named from the body's root (`items[3].status`); one
/// refused as a whole names the item (a stale `version`: `items[3].version`).
fn at_item(mut p: Problem, i: usize) -> Problem {
    let at = format!("items[{i}]");
    for e in &mut p.errors {
        e.field = match e.field.as_str() {
            "" | "body" => at.clone(),
            f => format!("{at}.{f}"),
        };
    }
    if p.errors.is_empty() {
        let field = if p.status == StatusCode::PRECONDITION_FAILED.as_u16() {
            format!("{at}.version")
        } else {
            at
        };
        let message = p.detail.clone().unwrap_or_else(|| p.title.clone());
        p.errors.push(FieldError::new(field, message));
    }
    p
}
