//! A typed client for the EIL Hub API, for Rust programs and the web app (wasm32).

use reqwest::{Method, RequestBuilder, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::audit::*;
use crate::auth::*;
use crate::cohort::*;
use crate::enrolment::*;
use crate::event::*;
use crate::ids::*;
use crate::invitation::*;
use crate::mentor::*;
use crate::organisation::*;
use crate::pagination::Page;
use crate::partner::*;
use crate::person::*;
use crate::problem::Problem;
use crate::programme::*;
use crate::project::*;
use crate::session::*;
use crate::track::*;

/// What a call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The API answered with a problem body.
    #[error("{0}")]
    Api(Problem),
    /// The request did not get an answer, or the answer was not what the API promises.
    #[error("request failed: {0}")]
    Transport(#[from] reqwest::Error),
}

impl ClientError {
    /// The problem body, when the API answered with one.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            ClientError::Api(p) => Some(p),
            ClientError::Transport(_) => None,
        }
    }

    /// The HTTP status of an API problem.
    pub fn status(&self) -> Option<u16> {
        self.problem().map(|p| p.status)
    }
}

pub type Result<T> = std::result::Result<T, ClientError>;

/// The API at one base address, e.g. `http://127.0.0.1:8080`.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    token: Option<String>,
}

impl Client {
    pub fn new(base_url: impl Into<String>) -> Self {
        let base = base_url.into().trim_end_matches('/').to_string();
        Client {
            http: reqwest::Client::new(),
            base,
            token: None,
        }
    }

    /// Sends `Authorization: Bearer <token>` with every request.
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let rb = self
            .http
            .request(method, format!("{}/api/v1{}", self.base, path));
        match &self.token {
            Some(t) => rb.bearer_auth(t),
            None => rb,
        }
    }

    async fn send<T: DeserializeOwned>(rb: RequestBuilder) -> Result<T> {
        let resp = rb.send().await?;
        if resp.status().is_success() {
            Ok(resp.json().await?)
        } else {
            Err(Self::problem(resp).await)
        }
    }

    async fn send_empty(rb: RequestBuilder) -> Result<()> {
        let resp = rb.send().await?;
        if resp.status().is_success() {
            Ok(())
        } else {
            Err(Self::problem(resp).await)
        }
    }

    async fn problem(resp: reqwest::Response) -> ClientError {
        let status = resp.status();
        match resp.json::<Problem>().await {
            Ok(p) => ClientError::Api(p),
            // Something in between (a proxy) answered without a problem body.
            Err(_) => ClientError::Api(Problem {
                kind: "about:blank".into(),
                title: status.canonical_reason().unwrap_or("Error").into(),
                status: status.as_u16(),
                detail: None,
                errors: vec![],
                error: None,
            }),
        }
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        Self::send(self.request(Method::GET, path)).await
    }

    async fn list<T: DeserializeOwned, Q: Serialize>(&self, path: &str, q: &Q) -> Result<Page<T>> {
        Self::send(self.request(Method::GET, path).query(q)).await
    }

    async fn create<T: DeserializeOwned, B: Serialize>(&self, path: &str, body: &B) -> Result<T> {
        Self::send(self.request(Method::POST, path).json(body)).await
    }

    async fn update<T: DeserializeOwned, B: Serialize>(
        &self,
        path: &str,
        body: &B,
        if_match: Option<i32>,
    ) -> Result<T> {
        let mut rb = self.request(Method::PATCH, path).json(body);
        if let Some(v) = if_match {
            rb = rb.header(reqwest::header::IF_MATCH, format!("\"{v}\""));
        }
        Self::send(rb).await
    }

    async fn delete(&self, path: &str) -> Result<()> {
        Self::send_empty(self.request(Method::DELETE, path)).await
    }

    /// `GET /healthz`-style probe of the API itself: true when it answers.
    pub async fn is_up(&self) -> bool {
        self.http
            .get(format!("{}/healthz", self.base))
            .send()
            .await
            .is_ok_and(|r| r.status() == StatusCode::OK)
    }
}

/// Generates the five calls of a top-level resource.
macro_rules! crud {
    ($path:literal, $id:ty, $read:ty, $full:ty, $create:ty, $update:ty, $query:ty,
     $list:ident, $get:ident, $create_fn:ident, $update_fn:ident, $delete:ident) => {
        impl Client {
            #[doc = concat!("`GET /api/v1", $path, "`")]
            pub async fn $list(&self, query: &$query) -> Result<Page<$read>> {
                self.list($path, query).await
            }
            #[doc = concat!("`GET /api/v1", $path, "/{id}`; `key` is the id or, where the resource has one, the slug.")]
            pub async fn $get(&self, key: &str) -> Result<$full> {
                self.get(&format!("{}/{}", $path, key)).await
            }
            #[doc = concat!("`POST /api/v1", $path, "`")]
            pub async fn $create_fn(&self, body: &$create) -> Result<$full> {
                self.create($path, body).await
            }
            #[doc = concat!("`PATCH /api/v1", $path, "/{id}`; `if_match` is the `version` the change was based on.")]
            pub async fn $update_fn(&self, id: $id, body: &$update, if_match: Option<i32>) -> Result<$full> {
                self.update(&format!("{}/{}", $path, id), body, if_match).await
            }
            #[doc = concat!("`DELETE /api/v1", $path, "/{id}`")]
            pub async fn $delete(&self, id: $id) -> Result<()> {
                self.delete(&format!("{}/{}", $path, id)).await
            }
        }
    };
}

crud!(
    "/organisations",
    OrganisationId,
    Organisation,
    Organisation,
    CreateOrganisation,
    UpdateOrganisation,
    OrganisationQuery,
    list_organisations,
    get_organisation,
    create_organisation,
    update_organisation,
    delete_organisation
);
crud!(
    "/people",
    PersonId,
    Person,
    Person,
    CreatePerson,
    UpdatePerson,
    PersonQuery,
    list_people,
    get_person,
    create_person,
    update_person,
    delete_person
);
crud!(
    "/programmes",
    ProgrammeId,
    Programme,
    ProgrammeDetail,
    CreateProgramme,
    UpdateProgramme,
    ProgrammeQuery,
    list_programmes,
    get_programme,
    create_programme,
    update_programme,
    delete_programme
);
crud!(
    "/tracks",
    TrackId,
    Track,
    Track,
    CreateTrack,
    UpdateTrack,
    TrackQuery,
    list_tracks,
    get_track,
    create_track,
    update_track,
    delete_track
);
crud!(
    "/cohorts",
    CohortId,
    Cohort,
    Cohort,
    CreateCohort,
    UpdateCohort,
    CohortQuery,
    list_cohorts,
    get_cohort,
    create_cohort,
    update_cohort,
    delete_cohort
);
crud!(
    "/enrolments",
    EnrolmentId,
    Enrolment,
    Enrolment,
    CreateEnrolment,
    UpdateEnrolment,
    EnrolmentQuery,
    list_enrolments,
    get_enrolment,
    create_enrolment,
    update_enrolment,
    delete_enrolment
);
crud!(
    "/projects",
    ProjectId,
    Project,
    ProjectDetail,
    CreateProject,
    UpdateProject,
    ProjectQuery,
    list_projects,
    get_project,
    create_project,
    update_project,
    delete_project
);
crud!(
    "/mentors",
    MentorId,
    Mentor,
    Mentor,
    CreateMentor,
    UpdateMentor,
    MentorQuery,
    list_mentors,
    get_mentor,
    create_mentor,
    update_mentor,
    delete_mentor
);
crud!(
    "/sessions",
    SessionId,
    MentoringSession,
    MentoringSession,
    CreateSession,
    UpdateSession,
    SessionQuery,
    list_sessions,
    get_session,
    create_session,
    update_session,
    delete_session
);
crud!(
    "/events",
    EventId,
    Event,
    Event,
    CreateEvent,
    UpdateEvent,
    EventQuery,
    list_events,
    get_event,
    create_event,
    update_event,
    delete_event
);

/// Milestones, progress updates and mentor assignments of a project.
impl Client {
    pub async fn list_milestones(
        &self,
        project: ProjectId,
        q: &MilestoneQuery,
    ) -> Result<Page<Milestone>> {
        self.list(&format!("/projects/{project}/milestones"), q)
            .await
    }
    pub async fn get_milestone(&self, project: ProjectId, id: MilestoneId) -> Result<Milestone> {
        self.get(&format!("/projects/{project}/milestones/{id}"))
            .await
    }
    pub async fn create_milestone(
        &self,
        project: ProjectId,
        body: &CreateMilestone,
    ) -> Result<Milestone> {
        self.create(&format!("/projects/{project}/milestones"), body)
            .await
    }
    pub async fn update_milestone(
        &self,
        project: ProjectId,
        id: MilestoneId,
        body: &UpdateMilestone,
        if_match: Option<i32>,
    ) -> Result<Milestone> {
        self.update(
            &format!("/projects/{project}/milestones/{id}"),
            body,
            if_match,
        )
        .await
    }
    pub async fn delete_milestone(&self, project: ProjectId, id: MilestoneId) -> Result<()> {
        self.delete(&format!("/projects/{project}/milestones/{id}"))
            .await
    }

    pub async fn list_progress_updates(
        &self,
        project: ProjectId,
        q: &PageQuery,
    ) -> Result<Page<ProgressUpdate>> {
        self.list(&format!("/projects/{project}/updates"), q).await
    }
    pub async fn get_progress_update(
        &self,
        project: ProjectId,
        id: ProgressUpdateId,
    ) -> Result<ProgressUpdate> {
        self.get(&format!("/projects/{project}/updates/{id}")).await
    }
    pub async fn create_progress_update(
        &self,
        project: ProjectId,
        body: &CreateProgressUpdate,
    ) -> Result<ProgressUpdate> {
        self.create(&format!("/projects/{project}/updates"), body)
            .await
    }
    pub async fn update_progress_update(
        &self,
        project: ProjectId,
        id: ProgressUpdateId,
        body: &UpdateProgressUpdate,
        if_match: Option<i32>,
    ) -> Result<ProgressUpdate> {
        self.update(&format!("/projects/{project}/updates/{id}"), body, if_match)
            .await
    }
    pub async fn delete_progress_update(
        &self,
        project: ProjectId,
        id: ProgressUpdateId,
    ) -> Result<()> {
        self.delete(&format!("/projects/{project}/updates/{id}"))
            .await
    }

    pub async fn list_project_mentors(
        &self,
        project: ProjectId,
        q: &PageQuery,
    ) -> Result<Page<Mentor>> {
        self.list(&format!("/projects/{project}/mentors"), q).await
    }
    pub async fn assign_mentor(&self, project: ProjectId, mentor: MentorId) -> Result<Mentor> {
        self.create(
            &format!("/projects/{project}/mentors"),
            &AssignMentor { mentor_id: mentor },
        )
        .await
    }
    pub async fn unassign_mentor(&self, project: ProjectId, mentor: MentorId) -> Result<()> {
        self.delete(&format!("/projects/{project}/mentors/{mentor}"))
            .await
    }
}

/// A mentor's availability.
impl Client {
    pub async fn list_availability(
        &self,
        mentor: MentorId,
        q: &AvailabilityQuery,
    ) -> Result<Page<AvailabilitySlot>> {
        self.list(&format!("/mentors/{mentor}/availability"), q)
            .await
    }
    pub async fn get_availability_slot(
        &self,
        mentor: MentorId,
        id: AvailabilitySlotId,
    ) -> Result<AvailabilitySlot> {
        self.get(&format!("/mentors/{mentor}/availability/{id}"))
            .await
    }
    pub async fn create_availability_slot(
        &self,
        mentor: MentorId,
        body: &CreateAvailabilitySlot,
    ) -> Result<AvailabilitySlot> {
        self.create(&format!("/mentors/{mentor}/availability"), body)
            .await
    }
    pub async fn update_availability_slot(
        &self,
        mentor: MentorId,
        id: AvailabilitySlotId,
        body: &UpdateAvailabilitySlot,
        if_match: Option<i32>,
    ) -> Result<AvailabilitySlot> {
        self.update(
            &format!("/mentors/{mentor}/availability/{id}"),
            body,
            if_match,
        )
        .await
    }
    pub async fn delete_availability_slot(
        &self,
        mentor: MentorId,
        id: AvailabilitySlotId,
    ) -> Result<()> {
        self.delete(&format!("/mentors/{mentor}/availability/{id}"))
            .await
    }
}

/// Sign-in.
impl Client {
    /// `POST /api/v1/auth/login`; use the answer's access token with [`Client::with_token`].
    pub async fn login(&self, email: &str, password: &str) -> Result<TokenPair> {
        let body = LoginRequest {
            email: email.into(),
            password: password.into(),
        };
        Self::send(self.request(Method::POST, "/auth/login").json(&body)).await
    }
    pub async fn refresh(&self, refresh_token: &str) -> Result<TokenPair> {
        let body = RefreshRequest {
            refresh_token: refresh_token.into(),
        };
        Self::send(self.request(Method::POST, "/auth/refresh").json(&body)).await
    }
    pub async fn logout(&self, refresh_token: &str) -> Result<()> {
        let body = RefreshRequest {
            refresh_token: refresh_token.into(),
        };
        Self::send_empty(self.request(Method::POST, "/auth/logout").json(&body)).await
    }
    pub async fn me(&self) -> Result<Me> {
        self.get("/auth/me").await
    }
}

/// Partner API clients: the client-credentials grant and their management (admins).
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

/// Invitations, accounts and the audit log.
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
    /// `GET /api/v1/kpis`: the funder's key figures.
    pub async fn kpis(&self) -> Result<crate::kpi::Kpis> {
        self.get("/kpis").await
    }
    pub async fn list_audit(&self, q: &AuditQuery) -> Result<Page<AuditEntry>> {
        self.list("/audit", q).await
    }
}
