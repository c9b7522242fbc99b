//! Accounts and their roles (admins).

use reqwest::Method;

use super::{Client, Result};
use crate::auth::{Account, AccountQuery, Role, SetRoles};
use crate::ids::PersonId;
use crate::pagination::Page;

impl Client {
    pub async fn list_accounts(&self, q: &AccountQuery) -> Result<Page<Account>> {
        self.list("/accounts", q).await
    }
    pub async fn set_roles(&self, person: PersonId, roles: &[Role]) -> Result<Account> {
        let body = SetRoles {
            roles: roles.to_vec(),
        };
        Self::send(
            self.request(Method::PUT, &format!("/accounts/{person}/roles"))
                .json(&body),
        )
        .await
    }
}
