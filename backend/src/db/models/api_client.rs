use chrono::Utc;
use diesel::prelude::*;
use eil_shared::Page;
use eil_shared::api_client::{ApiClient, ApiClientCredentials, CreateApiClient, Scope};
use eil_shared::pagination::PageQuery;

use super::{DbResult, OrNotFound};
use crate::db::pagination::{PageRequest, keyset};
use crate::db::schema::api_clients;
use crate::db::{DbConn, MultiBackend, parse_id, parse_ts, ts};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = api_clients)]
pub struct ApiClientRow {
    pub id: String,
    pub organisation_id: String,
    pub name: String,
    pub scopes: String,
    pub secret_hash: String,
    pub secret_version: i32,
    pub revoked_at: Option<String>,
    pub created_at: String,
    pub secret_rotated_at: String,
}

impl ApiClientRow {
    pub fn scopes(&self) -> anyhow::Result<Vec<Scope>> {
        Scope::split(&self.scopes).map_err(|s| anyhow::anyhow!("stored scope `{s}`"))
    }

    pub fn into_dto(self) -> anyhow::Result<ApiClient> {
        Ok(ApiClient {
            id: parse_id(&self.id)?,
            organisation_id: parse_id(&self.organisation_id)?,
            scopes: self.scopes()?,
            name: self.name,
            revoked_at: self.revoked_at.as_deref().map(parse_ts).transpose()?,
            created_at: parse_ts(&self.created_at)?,
            secret_rotated_at: parse_ts(&self.secret_rotated_at)?,
        })
    }
}

/// Oldest first.
pub fn list(c: &mut DbConn, q: &PageQuery) -> DbResult<Page<ApiClient>> {
    let page = PageRequest::new(q.limit, q.cursor.as_deref(), "created")?;
    let query = api_clients::table.into_boxed::<MultiBackend>();
    let rows: Vec<ApiClientRow> = keyset!(query, api_clients::id, page, false).load(c)?;
    let (rows, next_cursor) = page.finish(rows, |r| (r.id.clone(), r.id.clone()));
    Ok(Page {
        items: rows
            .into_iter()
            .map(ApiClientRow::into_dto)
            .collect::<anyhow::Result<_>>()?,
        next_cursor,
    })
}

pub fn row(c: &mut DbConn, id: &str) -> DbResult<ApiClientRow> {
    api_clients::table
        .find(id)
        .first(c)
        .or_not_found("API client")
}

pub fn insert(c: &mut DbConn, r: &ApiClientRow) -> DbResult<()> {
    diesel::insert_into(api_clients::table)
        .values(r.clone())
        .execute(c)?;
    Ok(())
}

/// Stores a new client with the hash of its first secret; the answer carries the secret,
/// the only time it is shown. Used by the admin endpoint and for the demo client.
pub fn create(
    c: &mut DbConn,
    body: &CreateApiClient,
    secret: String,
    secret_hash: String,
) -> DbResult<ApiClientCredentials> {
    let now = ts(Utc::now());
    let id = uuid::Uuid::now_v7().to_string();
    insert(
        c,
        &ApiClientRow {
            id: id.clone(),
            organisation_id: body.organisation_id.to_string(),
            name: body.name.trim().to_string(),
            scopes: Scope::join(&body.scopes),
            secret_hash,
            secret_version: 1,
            revoked_at: None,
            created_at: now.clone(),
            secret_rotated_at: now,
        },
    )?;
    credentials(c, &id, secret)
}

/// A stored client with a secret just made for it.
pub fn credentials(
    c: &mut DbConn,
    id: &str,
    client_secret: String,
) -> DbResult<ApiClientCredentials> {
    Ok(ApiClientCredentials {
        client: row(c, id)?.into_dto()?,
        client_secret,
    })
}

/// A new secret: the version goes up, so tokens made with the old one stop working.
pub fn set_secret(c: &mut DbConn, id: &str, hash: &str, now: &str) -> DbResult<()> {
    diesel::update(api_clients::table.find(id))
        .set((
            api_clients::secret_hash.eq(hash),
            api_clients::secret_version.eq(api_clients::secret_version + 1),
            api_clients::secret_rotated_at.eq(now),
        ))
        .execute(c)?;
    Ok(())
}

pub fn revoke(c: &mut DbConn, id: &str, now: &str) -> DbResult<()> {
    diesel::update(
        api_clients::table
            .find(id)
            .filter(api_clients::revoked_at.is_null()),
    )
    .set(api_clients::revoked_at.eq(now))
    .execute(c)?;
    Ok(())
}

/// The secret version of a live (not revoked) client, for checking its access tokens.
pub fn live_version(c: &mut DbConn, id: &str) -> DbResult<Option<i32>> {
    Ok(api_clients::table
        .find(id)
        .filter(api_clients::revoked_at.is_null())
        .select(api_clients::secret_version)
        .first(c)
        .optional()?)
}

/// The id of the organisation's client with this name.
pub fn find_by_name(c: &mut DbConn, organisation: &str, name: &str) -> DbResult<Option<String>> {
    Ok(api_clients::table
        .filter(api_clients::organisation_id.eq(organisation))
        .filter(api_clients::name.eq(name))
        .select(api_clients::id)
        .first(c)
        .optional()?)
}
