//! The audit log (admins).

use super::{Client, Result};
use crate::audit::{AuditEntry, AuditQuery};
use crate::pagination::Page;

impl Client {
    pub async fn list_audit(&self, q: &AuditQuery) -> Result<Page<AuditEntry>> {
        self.list("/audit", q).await
    }
}
