//! One module a page.

pub mod dashboard;
pub mod events;
pub mod home;
pub mod invitation;
pub mod mentor;
pub mod mentors;
pub mod not_found;
pub mod password_reset;
pub mod programme;
pub mod programmes;
pub mod project;
pub mod projects;
pub mod sign_in;
pub mod static_pages;
