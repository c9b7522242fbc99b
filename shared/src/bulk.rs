//! Bulk calls: many creates and updates of one resource in one request, all or nothing.
//!
//! The items are applied in order in one transaction. When every item succeeds the answer
//! is 200 with [`BulkResults`]; when any fails nothing is written and the answer is a 422
//! [`BulkProblem`], whose `errors` name the failing items' fields (`items[3].status`) and
//! whose `items` hold every item's result, in the order sent.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::enrolment::{CreateEnrolment, UpdateEnrolment};
use crate::ids::{EnrolmentId, MilestoneId};
use crate::milestone::{CreateMilestone, UpdateMilestone};
use crate::problem::Problem;
use crate::string_enum;

/// The most items one bulk call takes.
pub const MAX_BULK_ITEMS: usize = 500;

/// The body of a bulk call: 1 to 500 items, applied in order, all or nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BulkRequest<T> {
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 500))]
    pub items: Vec<T>,
}

/// An item that changes a stored record: its `id`, optionally the `version` the change is
/// based on (as `If-Match` of the single PATCH: a stale one fails the item with 412), and
/// the fields of the single PATCH.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkUpdate<I, U> {
    pub id: I,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub version: Option<i32>,
    #[serde(flatten)]
    pub changes: U,
}

/// One item of `POST /enrolments/bulk`: without `id` it enrols (the body of
/// `POST /enrolments`), with `id` it changes that enrolment (the body of
/// `PATCH /enrolments/{id}`, plus `id` and an optional `version`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum EnrolmentItem {
    Update(BulkUpdate<EnrolmentId, UpdateEnrolment>),
    Create(CreateEnrolment),
}

/// One item of `POST /projects/{id}/milestones/bulk`: without `id` it adds a milestone to
/// the project (the body of the single POST), with `id` it changes one of the project's
/// milestones (the body of the single PATCH, plus `id` and an optional `version`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum MilestoneItem {
    Update(BulkUpdate<MilestoneId, UpdateMilestone>),
    Create(CreateMilestone),
}

string_enum!(
    /// What became of one item.
    BulkOutcome {
        /// Created (`status` 201).
        Created = "created",
        /// Updated (`status` 200).
        Updated = "updated",
        /// Refused: `problem` says why (`status` is its status).
        Failed = "failed",
        /// Would have succeeded, but another item failed, so nothing was written (`status` 424).
        NotApplied = "not_applied",
    }
);

/// The result of one item, at the item's position in the request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkItemResult<T> {
    pub outcome: BulkOutcome,
    /// As the single call would answer: 201 created, 200 updated, the problem's status for a
    /// failed item; 424 for an item not applied because another failed.
    #[cfg_attr(feature = "openapi", schema(example = 201))]
    pub status: u16,
    /// The record created or updated; for an update item, the id it names.
    pub id: Option<Uuid>,
    /// The record as written, when every item succeeded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<T>,
    /// Why the item failed; its field errors are named from the body's root (`items[3].status`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<Problem>,
}

/// The 200 answer of a bulk call: every item applied, one result per item, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkResults<T> {
    pub items: Vec<BulkItemResult<T>>,
}

/// The 422 answer of a bulk call of which an item failed: nothing was written. The problem's
/// `errors` list the failing items' fields (`items[3].cohort_id`, or `items[3]` for an item
/// refused as a whole); `items` holds every item's result, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkProblem<T> {
    #[serde(flatten)]
    pub problem: Problem,
    pub items: Vec<BulkItemResult<T>>,
}

/// What a bulk call answered, as the typed client reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum BulkAnswer<T> {
    /// 200: every item applied.
    Applied(BulkResults<T>),
    /// 422: an item failed, nothing was written.
    Rejected(BulkProblem<T>),
}

impl<T> BulkAnswer<T> {
    /// Every item's result, in the order sent.
    pub fn items(&self) -> &[BulkItemResult<T>] {
        match self {
            BulkAnswer::Applied(r) => &r.items,
            BulkAnswer::Rejected(p) => &p.items,
        }
    }

    pub fn is_applied(&self) -> bool {
        matches!(self, BulkAnswer::Applied(_))
    }

    /// The records written, in order; `None` when the call was rejected.
    pub fn records(self) -> Option<Vec<T>> {
        match self {
            BulkAnswer::Applied(r) => r.items.into_iter().map(|i| i.record).collect(),
            BulkAnswer::Rejected(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrolment::EnrolmentStatus;

    #[test]
    fn an_update_item_is_its_id_version_and_changes_side_by_side() {
        let id = EnrolmentId(Uuid::nil());
        let item = EnrolmentItem::Update(BulkUpdate {
            id,
            version: Some(2),
            changes: UpdateEnrolment {
                status: Some(EnrolmentStatus::Completed),
                ..Default::default()
            },
        });
        assert_eq!(
            serde_json::to_value(&item).expect("JSON"),
            serde_json::json!({"id": id, "version": 2, "status": "completed"})
        );
    }
}
