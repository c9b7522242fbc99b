//! People: participants, mentors, staff and the funder's readers.

use super::{Client, Result};
use crate::ids::PersonId;
use crate::pagination::Page;
use crate::person::{CreatePerson, Person, PersonQuery, UpdatePerson};

impl Client {
    /// `GET /api/v1/people`
    pub async fn list_people(&self, query: &PersonQuery) -> Result<Page<Person>> {
        self.list("/people", query).await
    }
    /// `GET /api/v1/people/{key}`; `key` is the id or, where the resource has one, the slug.
    pub async fn get_person(&self, key: &str) -> Result<Person> {
        self.get(&format!("/people/{key}")).await
    }
    /// `POST /api/v1/people`
    pub async fn create_person(&self, body: &CreatePerson) -> Result<Person> {
        self.create("/people", body).await
    }
    /// `PATCH /api/v1/people/{id}`; `if_match` is the `version` the change was based on.
    pub async fn update_person(
        &self,
        id: PersonId,
        body: &UpdatePerson,
        if_match: Option<i32>,
    ) -> Result<Person> {
        self.update(&format!("/people/{id}"), body, if_match).await
    }
    /// `DELETE /api/v1/people/{id}`
    pub async fn delete_person(&self, id: PersonId) -> Result<()> {
        self.delete(&format!("/people/{id}")).await
    }
}
