//! Invitations: one-time links that let a person set a password.

use super::{Client, Result};
use crate::auth::TokenPair;
use crate::ids::InvitationId;
use crate::invitation::{
    AcceptInvitation, CreateInvitation, Invitation, InvitationLink, InvitationQuery,
};
use crate::pagination::Page;

impl Client {
    pub async fn create_invitation(&self, body: &CreateInvitation) -> Result<InvitationLink> {
        self.create("/invitations", body).await
    }
    pub async fn list_invitations(&self, q: &InvitationQuery) -> Result<Page<Invitation>> {
        self.list("/invitations", q).await
    }
    pub async fn revoke_invitation(&self, id: InvitationId) -> Result<()> {
        self.delete(&format!("/invitations/{id}")).await
    }
    /// `POST /api/v1/auth/invitation`: sets the password and signs the invitee in.
    pub async fn accept_invitation(&self, token: &str, password: &str) -> Result<TokenPair> {
        let body = AcceptInvitation {
            token: token.into(),
            password: password.into(),
        };
        self.create("/auth/invitation", &body).await
    }
}
