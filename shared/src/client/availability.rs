//! A mentor's availability.

use super::{Client, Result};
use crate::availability::{
    AvailabilityQuery, AvailabilitySlot, CreateAvailabilitySlot, UpdateAvailabilitySlot,
};
use crate::ids::{AvailabilitySlotId, MentorId};
use crate::pagination::Page;

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
