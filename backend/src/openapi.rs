//! The OpenAPI document: collected from the handlers' `#[utoipa::path]` annotations, then
//! completed here with what every operation shares (problem responses, security).

use std::collections::BTreeMap;

use actix_web::App;
use eil_shared::api_client::Scope;
use eil_shared::problem::{FieldError, PROBLEM_CONTENT_TYPE, Problem};
use utoipa::openapi::path::{Operation, Parameter, ParameterBuilder, ParameterIn, PathItem};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{
    ClientCredentials, Flow, HttpAuthScheme, HttpBuilder, OAuth2, Scopes, SecurityRequirement,
    SecurityScheme,
};
use utoipa::openapi::{ContentBuilder, OpenApi as Doc, Ref, RefOr, Required};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use actix_web::http::Method;

use crate::auth::scope::client_scope;
use crate::routes;

mod examples;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "EIL Hub API",
        description = "The system of record of the Education Innovation Lab (Riga Business School, Riga Technical University; strategic partner MIT J-WEL): programmes, tracks, cohorts, enrolments, projects, mentors, sessions and events.\n\nLists are paginated with `limit` and `cursor`; errors are RFC 9457 problem bodies; updates are partial and take `If-Match` with the `ETag` of the version they are based on. See docs/api.md for the partner guide.",
        version = "1.0.0",
        license(name = "MIT")
    ),
    servers((url = "/", description = "This server")),
    components(schemas(
        Problem,
        FieldError,
        eil_shared::organisation::OrganisationSort,
        eil_shared::programme::ProgrammeSort,
        eil_shared::cohort::CohortSort,
        eil_shared::project::ProjectSort,
        eil_shared::webhook::WebhookPayload,
        crate::routes::health::Health,
    )),
    modifiers(&Shared),
    tags(
        (name = "organisations", description = "Universities, hospitals, the ministry and the Lab's partners"),
        (name = "people", description = "Participants, mentors, coordinators"),
        (name = "programmes", description = "Programmes with their tracks and cohorts"),
        (name = "tracks", description = "Sub-programmes"),
        (name = "cohorts", description = "Intakes of participants"),
        (name = "enrolments", description = "People in cohorts"),
        (name = "projects", description = "Education innovation projects with their hosts and team"),
        (name = "milestones", description = "A project's milestones"),
        (name = "progress-updates", description = "A project team's progress posts, with mentors' feedback"),
        (name = "mentor-assignments", description = "The mentors assigned to a project"),
        (name = "mentors", description = "MIT J-WEL mentor profiles"),
        (name = "availability", description = "The times a mentor can meet"),
        (name = "sessions", description = "Mentoring sessions"),
        (name = "events", description = "Launches, workshops, bootcamps"),
        (name = "auth", description = "Sign-in: access and refresh tokens for people; the client-credentials grant for partner API clients"),
        (name = "invitations", description = "One-time links with which invited people set their password"),
        (name = "accounts", description = "Logins and roles (admins)"),
        (name = "api-clients", description = "Partner-university API clients (admins)"),
        (name = "audit", description = "Who changed what, when (admins)"),
        (name = "kpis", description = "Key figures for the funder"),
        (name = "webhooks", description = "Signed notices of changes to partner systems (Standard Webhooks 1.0): subscriptions and their delivery logs"),
        (name = "outbox", description = "Every notice EIL Hub sends (webhook deliveries, e-mails), with its attempts (staff)"),
        (name = "operations", description = "Health checks"),
    )
)]
struct ApiDoc;

struct Shared;

impl Modify for Shared {
    fn modify(&self, doc: &mut Doc) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "A person's access token from `POST /api/v1/auth/login`.",
                    ))
                    .build(),
            ),
        );
        let scopes = Scopes::from_iter(Scope::ALL.iter().map(|s| {
            let what = match s {
                Scope::CatalogueRead => {
                    "Read programmes, tracks, cohorts, organisations, events and mentors"
                }
                Scope::ProjectsRead => "Read the projects the client's organisation hosts",
                Scope::ProjectsWrite => {
                    "Create and update the organisation's projects and their milestones"
                }
                Scope::EnrolmentsRead => "Read the enrolments of the organisation's people",
                Scope::EnrolmentsWrite => {
                    "Enrol the organisation's people, one at a time or in bulk"
                }
                Scope::WebhooksManage => {
                    "Manage the client's own webhook subscriptions and read their deliveries"
                }
            };
            (s.as_str(), what)
        }));
        components.add_security_scheme(
            "partner_client",
            SecurityScheme::OAuth2(OAuth2::with_description(
                [Flow::ClientCredentials(ClientCredentials::new(
                    "/api/v1/auth/token",
                    scopes,
                ))],
                "A partner university's API client: OAuth 2.0 client-credentials grant at `POST /api/v1/auth/token`; send the token as `Authorization: Bearer`.",
            )),
        );
        for (name, description) in PROBLEMS {
            components
                .responses
                .insert((*name).into(), RefOr::T(problem_response(description)));
        }
    }
}

/// The shared problem responses, by the status they stand for.
const PROBLEMS: &[(&str, &str)] = &[
    (
        "400",
        "The request cannot be read: malformed JSON, or a query parameter of the wrong type or out of range (the problem names it).",
    ),
    (
        "401",
        "No valid access token: sign in (`POST /api/v1/auth/login`) and send `Authorization: Bearer <access_token>`.",
    ),
    (
        "403",
        "Signed in, but your roles (or, for an API client, its scopes and organisation) do not allow this.",
    ),
    (
        "429",
        "Too many attempts; retry after the `Retry-After` seconds.",
    ),
    (
        "404",
        "No such resource, or a `cursor` that does not name a page of this list.",
    ),
    (
        "409",
        "The request is valid but clashes with the stored data: a taken slug or e-mail, a referenced record that does not exist, an overlapping booking, a full cohort, a status that cannot follow the current one, or records that still refer to this one. `errors` names the field.",
    ),
    (
        "412",
        "`If-Match` names a version that is no longer current: read the resource again.",
    ),
    ("413", "The body is larger than 256 KiB."),
    ("415", "The body is not `application/json`."),
    (
        "422",
        "The body is well-formed JSON but its values are invalid on their own (an empty name, a bad slug, an end before its start); `errors` lists each field and what is wrong.",
    ),
    (
        "503",
        "The database is busy or unreachable; retry after the `Retry-After` seconds.",
    ),
];

fn problem_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            PROBLEM_CONTENT_TYPE,
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
}

/// The complete document, as served at `/api-docs/openapi.json`.
pub fn document() -> Doc {
    let (_, mut doc) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(utoipa_actix_web::scope("/api/v1").configure(routes::configure))
        .split_for_parts();
    let mut health = routes::health::HealthDoc::openapi();
    doc.paths.paths.append(&mut health.paths.paths);
    for (path, item) in doc.paths.paths.iter_mut() {
        if path.starts_with("/api/") {
            add_problems(path, item);
            crate::http::idempotency::document(path, item);
        }
    }
    doc.webhooks = Some(webhooks());
    state_event_types(&mut doc);
    open_bulk_updates(&mut doc);
    examples::add(&mut doc);
    doc
}

/// A bulk call's update item is its `id` and `version` beside the fields of the single
/// PATCH (`BulkUpdate`, flattened): the PATCH body's `additionalProperties: false` would
/// refuse that `id` inside the composition, so it is dropped there. The server still
/// refuses unknown fields of an item (422 naming them).
fn open_bulk_updates(doc: &mut Doc) {
    let Some(components) = doc.components.as_mut() else {
        return;
    };
    for (name, schema) in components.schemas.iter_mut() {
        if !name.starts_with("BulkUpdate") {
            continue;
        }
        if let RefOr::T(Schema::AllOf(all)) = schema {
            for part in all.items.iter_mut() {
                if let RefOr::T(Schema::Object(o)) = part {
                    o.additional_properties = None;
                }
            }
        }
    }
}

/// The event types a subscription may name, as the allowed values of its `event_types`
/// items: the server refuses any other (422). From the same list the server checks.
fn state_event_types(doc: &mut Doc) {
    use eil_shared::webhook::{EVENT_TYPES, is_known_type};
    use utoipa::openapi::schema::ArrayItems;
    let mut names: Vec<String> = EVENT_TYPES.iter().map(|t| t.to_string()).collect();
    for t in EVENT_TYPES {
        let wildcard = format!("{}.*", t.split_once('.').map_or(*t, |(r, _)| r));
        if is_known_type(&wildcard) && !names.contains(&wildcard) {
            names.push(wildcard);
        }
    }
    let Some(components) = doc.components.as_mut() else {
        return;
    };
    for body in ["CreateWebhook", "UpdateWebhook"] {
        let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(body) else {
            continue;
        };
        if let Some(RefOr::T(Schema::Array(list))) = object.properties.get_mut("event_types") {
            list.items = ArrayItems::RefOrSchema(Box::new(RefOr::T(Schema::Object(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(names.clone()))
                    .build(),
            ))));
        }
    }
}

/// The OpenAPI 3.1 `webhooks` section: what a subscription receives, one entry per event
/// type, each a signed POST of a [`eil_shared::webhook::WebhookPayload`].
fn webhooks() -> utoipa::openapi::Paths {
    use utoipa::openapi::path::{HttpMethod, OperationBuilder};
    use utoipa::openapi::request_body::RequestBodyBuilder;
    let header = |name: &str, description: &str| {
        ParameterBuilder::new()
            .name(name)
            .parameter_in(ParameterIn::Header)
            .required(Required::True)
            .description(Some(description))
            .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
            .build()
    };
    let mut paths = utoipa::openapi::Paths::new();
    let types = eil_shared::webhook::EVENT_TYPES
        .iter()
        .copied()
        .chain([eil_shared::webhook::PING]);
    for kind in types {
        let (resource, action) = kind.split_once('.').unwrap_or((kind, ""));
        let data = match action {
            "deleted" => "the id of the deleted record (`{\"id\": ...}`)".to_string(),
            _ if kind == eil_shared::webhook::PING => {
                "`{\"webhook_id\": ...}`: a test ping, sent on request".to_string()
            }
            _ => format!("the {} as `GET` of it answers", resource.replace('_', " ")),
        };
        let op = OperationBuilder::new()
            .operation_id(Some(kind.replace('.', "_")))
            .summary(Some(format!("`{kind}`")))
            .description(Some(format!(
                "Sent to each active subscription whose `event_types` take `{kind}` and whose owner may read the record. `data` is {data}. Verify `webhook-signature` before trusting the body, and de-duplicate by `webhook-id`: delivery is at least once. Answer 2xx within 10 s; anything else (redirects included) is retried (after about 1 min, 5 min, 30 min, 2 h, 6 h and 24 h), and a subscription that fails for a day is disabled. See docs/api.md, \"Receiving webhooks\"."
            )))
            .tag("webhooks")
            .parameter(header("webhook-id", "The notice id; the same on every attempt and redelivery."))
            .parameter(header("webhook-timestamp", "Unix seconds when this attempt was signed; refuse ones far from your clock."))
            .parameter(header(
                "webhook-signature",
                "`v1,` and the base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}`, keyed with the base64-decoded part of the `whsec_` secret after the prefix.",
            ))
            .request_body(Some(
                RequestBodyBuilder::new()
                    .content(
                        "application/json",
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("WebhookPayload")))
                            .build(),
                    )
                    .required(Some(Required::True))
                    .build(),
            ))
            .response("200", ResponseBuilder::new().description("Received (any 2xx)").build())
            .build();
        paths.add_path_operation(kind, vec![HttpMethod::Post], op);
    }
    paths
}

/// Every API operation documents the problems it can answer with, and the parameters that
/// all operations of a kind share are described once, here.
fn add_problems(path: &str, item: &mut PathItem) {
    let has_id = path.contains('{');
    let ops: [(&str, &mut Option<Operation>); 5] = [
        ("get", &mut item.get),
        ("post", &mut item.post),
        ("put", &mut item.put),
        ("patch", &mut item.patch),
        ("delete", &mut item.delete),
    ];
    for (method, op) in ops {
        let Some(op) = op.as_mut() else { continue };
        let mut codes = vec!["400", "503"];
        if has_id {
            codes.push("404");
        }
        match method {
            "post" | "put" => codes.extend(["409", "413", "415", "422"]),
            "patch" => codes.extend(["409", "412", "413", "415", "422"]),
            "delete" => codes.push("409"),
            _ => {}
        }
        if let Some(params) = op.parameters.as_mut() {
            for p in params.iter_mut() {
                if let RefOr::T(p) = p
                    && p.name == "cursor"
                {
                    describe_cursor(p);
                    codes.push("404");
                }
            }
        }
        if method == "patch" {
            op.parameters
                .get_or_insert_with(Vec::new)
                .push(RefOr::T(if_match_header()));
        }
        for code in codes {
            op.responses
                .responses
                .entry(code.to_string())
                .or_insert_with(|| RefOr::Ref(Ref::from_response_name(code)));
        }
        secure(path, method, op);
    }
}

/// Who may call an operation: the security requirements, the 401/403 answers and a
/// sentence in the description. Partner-client scopes come from [`client_scope`], the
/// same table the server enforces.
fn secure(path: &str, method: &str, op: &mut Operation) {
    let is_sign_in = path.starts_with("/api/v1/auth/") && method == "post";
    if is_sign_in {
        return;
    }
    let described = op.description.clone().unwrap_or_default();
    let restricted = method != "get" || described.contains("Needs ") || path == "/api/v1/auth/me";
    let http_method = method.to_uppercase().parse().unwrap_or(Method::GET);
    let scope = client_scope(&http_method, path);
    let mut security = Vec::new();
    if !restricted {
        // Public: no token needed; a token only adds what its holder may see.
        security.push(SecurityRequirement::default());
    }
    security.push(SecurityRequirement::new("bearer", Vec::<String>::new()));
    if let Some(s) = scope {
        security.push(SecurityRequirement::new("partner_client", [s.as_str()]));
    }
    op.security.get_or_insert(security);
    for code in ["401", "403"] {
        op.responses
            .responses
            .entry(code.to_string())
            .or_insert_with(|| RefOr::Ref(Ref::from_response_name(code)));
    }
    let mut note = String::new();
    // Operations that say who may use them keep their words; the other writes need staff.
    let says_who = described.contains("Needs ")
        || described.to_lowercase().contains("coordinators and admins");
    if method != "get" && !says_who {
        note.push_str("\n\nNeeds the role `coordinator` or `admin`.");
    }
    match scope {
        Some(s)
            if path.starts_with("/api/v1/projects") || path.starts_with("/api/v1/enrolments") =>
        {
            note.push_str(&format!("\n\nPartner API clients: scope `{s}`, and only the records of their own organisation."));
        }
        Some(s) => note.push_str(&format!("\n\nPartner API clients: scope `{s}`.")),
        None => note.push_str("\n\nNot available to partner API clients."),
    }
    op.description = Some(described + &note);
}

/// A cursor is base64url text that the list itself handed out.
fn describe_cursor(p: &mut Parameter) {
    p.description = Some("`next_cursor` of the previous page (base64url). A cursor this list did not hand out names no page: 404.".into());
    p.schema = Some(RefOr::T(Schema::Object(
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(CURSOR_PATTERN))
            .max_length(Some(1024))
            .build(),
    )));
}

pub const CURSOR_PATTERN: &str = "^[A-Za-z0-9_-]*$";

fn if_match_header() -> Parameter {
    ParameterBuilder::new()
        .name("If-Match")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "The `ETag` of the version the change is based on. When the resource has changed since, the answer is 412 and nothing is written.",
        ))
        .schema(Some(ObjectBuilder::new().schema_type(Type::String).pattern(Some(r#"^(W/)?"[0-9]+"$"#)).examples(["\"1\""])))
        .build()
}

/// For 405 answers: the methods each documented API path allows.
#[derive(Debug, Default)]
pub struct AllowedMethods(Vec<(Vec<Segment>, Vec<&'static str>)>);

#[derive(Debug)]
enum Segment {
    Literal(String),
    Param,
}

impl AllowedMethods {
    pub fn from_doc(doc: &Doc) -> Self {
        let mut table = Vec::new();
        for (path, item) in &doc.paths.paths {
            let segments = path
                .split('/')
                .map(|s| {
                    if s.starts_with('{') {
                        Segment::Param
                    } else {
                        Segment::Literal(s.to_string())
                    }
                })
                .collect();
            let mut methods = Vec::new();
            for (name, present) in [
                ("GET", item.get.is_some()),
                ("POST", item.post.is_some()),
                ("PUT", item.put.is_some()),
                ("PATCH", item.patch.is_some()),
                ("DELETE", item.delete.is_some()),
            ] {
                if present {
                    methods.push(name);
                }
            }
            table.push((segments, methods));
        }
        AllowedMethods(table)
    }

    /// The allowed methods of the documented path that matches, if one does.
    pub fn for_path(&self, path: &str) -> Option<Vec<&'static str>> {
        let parts: Vec<&str> = path.split('/').collect();
        let mut found: BTreeMap<usize, Vec<&'static str>> = BTreeMap::new();
        for (segments, methods) in &self.0 {
            let matches = segments.len() == parts.len()
                && segments.iter().zip(&parts).all(|(s, p)| match s {
                    Segment::Literal(l) => l == p,
                    Segment::Param => !p.is_empty(),
                });
            if matches {
                // Literal segments win over parameters, as in the router.
                let literals = segments
                    .iter()
                    .filter(|s| matches!(s, Segment::Literal(_)))
                    .count();
                found.insert(literals, methods.clone());
            }
        }
        found.pop_last().map(|(_, m)| m)
    }
}
