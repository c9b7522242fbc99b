//! EIL Hub API server: actix-web handlers over diesel, documented by utoipa.

pub mod audit;
pub mod auth;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod extract;
pub mod http;
pub mod metrics;
pub mod openapi;
pub mod ops;
pub mod outbox;
pub mod routes;
pub mod seed;
pub mod startup;
pub mod telemetry;
pub mod web;
