//! The API as its users see it: the real server on a random port with a fresh database
//! (a SQLite file, or a new PostgreSQL database when TEST_DATABASE_URL is set), driven
//! through the typed client from `shared`.

mod helpers;

mod invitations;
mod kpis;

mod api_clients;
mod audit;
mod auth;
mod auth_order;
mod backup;
mod bulk;
mod catalogue;
mod concurrency;
mod enrolments;
mod errors;
mod hardening_http;
mod headers;
mod idempotency;
mod input;
mod mail;
mod matrix;
mod mentor_assignments;
mod mentors;
mod metrics;
mod milestones;
mod openapi;
mod operations;
mod pagination;
mod permissions;
mod progress_updates;
mod projects;
mod query_plans;
mod receiver;
mod saturation;
mod schema;
mod search;
mod sessions;
mod sign_ins;
mod smtp_sink;
mod webhooks;
