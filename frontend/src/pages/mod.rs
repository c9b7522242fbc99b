//! One module a page.

pub mod catalogue;
pub mod dashboard;
pub mod events;
pub mod home;
pub mod mentors;
pub mod not_found;
pub mod programme;
pub mod project;
pub mod projects;
pub mod sign_in;
pub mod static_pages;
