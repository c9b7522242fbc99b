//! The funder's key figures.

use super::{Client, Result};
use crate::kpi::Kpis;

impl Client {
    /// `GET /api/v1/kpis`: the funder's key figures.
    pub async fn kpis(&self) -> Result<Kpis> {
        self.get("/kpis").await
    }
}
