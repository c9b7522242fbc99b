//! Demo data from the Lab's press release of 23 May 2023 (see docs/demo-data.md).

use crate::db::DbConn;

pub fn load_demo(_c: &mut DbConn) -> anyhow::Result<String> {
    Ok("demo data: nothing yet".into())
}
