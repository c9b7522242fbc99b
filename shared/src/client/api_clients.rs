//! Partner API clients: the client-credentials grant and their management (admins).

use reqwest::Method;

use super::{Client, Result};
use crate::api_client::{
    ApiClient, ApiClientCredentials, ClientToken, CreateApiClient, TokenRequest,
};
use crate::ids::ApiClientId;
use crate::pagination::{Page, PageQuery};

impl Client {
    /// `POST /api/v1/auth/token` with the client-credentials grant; use the answer's access
    /// token with [`Client::with_token`]. `scope` narrows the client's scopes.
    pub async fn client_credentials(
        &self,
        client_id: ApiClientId,
        client_secret: &str,
        scope: Option<&str>,
    ) -> Result<ClientToken> {
        let form = TokenRequest {
            grant_type: "client_credentials".into(),
            client_id: Some(client_id.to_string()),
            client_secret: Some(client_secret.into()),
            scope: scope.map(Into::into),
        };
        Self::send(self.request(Method::POST, "/auth/token").form(&form)).await
    }
    pub async fn list_api_clients(&self, q: &PageQuery) -> Result<Page<ApiClient>> {
        self.list("/clients", q).await
    }
    pub async fn get_api_client(&self, id: ApiClientId) -> Result<ApiClient> {
        self.get(&format!("/clients/{id}")).await
    }
    pub async fn create_api_client(&self, body: &CreateApiClient) -> Result<ApiClientCredentials> {
        self.create("/clients", body).await
    }
    /// A new secret; the old one stops working, with every token made from it.
    pub async fn rotate_api_client_secret(&self, id: ApiClientId) -> Result<ApiClientCredentials> {
        Self::send(self.request(Method::POST, &format!("/clients/{id}/rotate"))).await
    }
    pub async fn revoke_api_client(&self, id: ApiClientId) -> Result<()> {
        self.delete(&format!("/clients/{id}")).await
    }
}
