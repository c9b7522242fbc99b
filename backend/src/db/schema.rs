// The diesel view of the tables in `migrations/`. Written by hand to match both backends'
// migrations; `tests/api/schema.rs` checks that every column here exists on the database.

diesel::table! {
    organisations (id) {
        id -> Text,
        slug -> Text,
        name_lv -> Text,
        name_en -> Text,
        short_name -> Nullable<Text>,
        kind -> Text,
        partner_role -> Nullable<Text>,
        parent_id -> Nullable<Text>,
        website -> Nullable<Text>,
        search_text -> Text,
        version -> Integer,
        created_at -> Text,
        updated_at -> Text,
    }
}

diesel::table! {
    people (id) {
        id -> Text,
        email -> Text,
        full_name -> Text,
        organisation_id -> Nullable<Text>,
        position -> Nullable<Text>,
        locale -> Text,
        phone -> Nullable<Text>,
        search_text -> Text,
        version -> Integer,
        created_at -> Text,
        updated_at -> Text,
        time_zone -> Nullable<Text>,
    }
}

diesel::table! {
    programmes (id) {
        id -> Text,
        slug -> Text,
        name_lv -> Text,
        name_en -> Text,
        summary_lv -> Nullable<Text>,
        summary_en -> Nullable<Text>,
        search_text -> Text,
        version -> Integer,
        created_at -> Text,
        updated_at -> Text,
    }
}

diesel::table! {
    tracks (id) {
        id -> Text,
        programme_id -> Text,
        slug -> Text,
        name_lv -> Text,
        name_en -> Text,
        kind -> Text,
        summary_lv -> Nullable<Text>,
        summary_en -> Nullable<Text>,
        search_text -> Text,
        version -> Integer,
        created_at -> Text,
        updated_at -> Text,
    }
}

diesel::table! {
    cohorts (id) {
        id -> Text,
        programme_id -> Text,
        slug -> Text,
        name_lv -> Text,
        name_en -> Text,
        starts_on -> Text,
        ends_on -> Nullable<Text>,
        capacity -> Integer,
        venue -> Nullable<Text>,
        status -> Text,
        search_text -> Text,
        version -> Integer,
        created_at -> Text,
        updated_at -> Text,
    }
}

diesel::table! {
    enrolments (id) {
        id -> Text,
        person_id -> Text,
        cohort_id -> Text,
        track_id -> Nullable<Text>,
        role -> Text,
        status -> Text,
        version -> Integer,
        created_at -> Text,
        updated_at -> Text,
    }
}

diesel::table! {
    projects (id) {
        id -> Text,
        cohort_id -> Text,
        track_id -> Nullable<Text>,
        slug -> Text,
        title_lv -> Text,
        title_en -> Text,
        summary_lv -> Nullable<Text>,
        summary_en -> Nullable<Text>,
        status -> Text,
        search_text -> Text,
        version -> Integer,
        created_at -> Text,
        updated_at -> Text,
    }
}

diesel::table! {
    project_hosts (project_id, organisation_id) {
        project_id -> Text,
        organisation_id -> Text,
        position -> Integer,
        /// The project's `title_en`: the sort key of the host filter.
        title_en -> Text,
    }
}

diesel::table! {
    project_members (project_id, person_id) {
        project_id -> Text,
        person_id -> Text,
        role -> Text,
        position -> Integer,
    }
}

diesel::table! {
    milestones (id) {
        id -> Text,
        project_id -> Text,
        title_lv -> Text,
        title_en -> Text,
        due_on -> Text,
        status -> Text,
        version -> Integer,
        created_at -> Text,
        updated_at -> Text,
    }
}

diesel::table! {
    mentors (id) {
        id -> Text,
        person_id -> Text,
        title -> Text,
        organisation_id -> Nullable<Text>,
        bio_lv -> Nullable<Text>,
        bio_en -> Nullable<Text>,
        capacity -> Integer,
        sort_name -> Text,
        search_text -> Text,
        version -> Integer,
        created_at -> Text,
        updated_at -> Text,
    }
}

diesel::table! {
    mentor_expertise (mentor_id, tag) {
        mentor_id -> Text,
        tag -> Text,
    }
}

diesel::table! {
    mentor_assignments (project_id, mentor_id) {
        project_id -> Text,
        mentor_id -> Text,
        assigned_at -> Text,
    }
}

diesel::table! {
    progress_updates (id) {
        id -> Text,
        project_id -> Text,
        author_id -> Text,
        body -> Text,
        feedback -> Nullable<Text>,
        feedback_by -> Nullable<Text>,
        version -> Integer,
        created_at -> Text,
        updated_at -> Text,
    }
}

diesel::table! {
    availability_slots (id) {
        id -> Text,
        mentor_id -> Text,
        starts_at -> Text,
        ends_at -> Text,
        version -> Integer,
        created_at -> Text,
        updated_at -> Text,
    }
}

diesel::table! {
    mentoring_sessions (id) {
        id -> Text,
        project_id -> Text,
        mentor_id -> Text,
        starts_at -> Text,
        ends_at -> Text,
        mode -> Text,
        location -> Nullable<Text>,
        agenda -> Nullable<Text>,
        notes -> Nullable<Text>,
        status -> Text,
        version -> Integer,
        created_at -> Text,
        updated_at -> Text,
    }
}

diesel::table! {
    events (id) {
        id -> Text,
        slug -> Text,
        kind -> Text,
        programme_id -> Nullable<Text>,
        cohort_id -> Nullable<Text>,
        title_lv -> Text,
        title_en -> Text,
        summary_lv -> Nullable<Text>,
        summary_en -> Nullable<Text>,
        venue -> Nullable<Text>,
        starts_at -> Text,
        ends_at -> Text,
        search_text -> Text,
        version -> Integer,
        created_at -> Text,
        updated_at -> Text,
    }
}

diesel::table! {
    accounts (person_id) {
        person_id -> Text,
        password_hash -> Text,
        created_at -> Text,
        updated_at -> Text,
    }
}

diesel::table! {
    person_roles (person_id, role) {
        person_id -> Text,
        role -> Text,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        family_id -> Text,
        person_id -> Text,
        token_hash -> Text,
        expires_at -> Text,
        used_at -> Nullable<Text>,
        revoked_at -> Nullable<Text>,
        created_at -> Text,
    }
}

diesel::table! {
    password_resets (id) {
        id -> Text,
        person_id -> Text,
        token_hash -> Text,
        expires_at -> Text,
        used_at -> Nullable<Text>,
        created_at -> Text,
    }
}

diesel::table! {
    api_clients (id) {
        id -> Text,
        organisation_id -> Text,
        name -> Text,
        scopes -> Text,
        secret_hash -> Text,
        secret_version -> Integer,
        revoked_at -> Nullable<Text>,
        created_at -> Text,
        secret_rotated_at -> Text,
    }
}

diesel::table! {
    invitations (id) {
        id -> Text,
        person_id -> Text,
        roles -> Text,
        token_hash -> Text,
        expires_at -> Text,
        accepted_at -> Nullable<Text>,
        revoked_at -> Nullable<Text>,
        invited_by -> Nullable<Text>,
        created_at -> Text,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        at -> Text,
        actor_kind -> Text,
        actor_id -> Nullable<Text>,
        action -> Text,
        resource -> Text,
        resource_id -> Nullable<Text>,
        path -> Text,
        fields -> Text,
        request_id -> Text,
        status -> Integer,
    }
}

diesel::table! {
    webhook_subscriptions (id) {
        id -> Text,
        client_id -> Nullable<Text>,
        url -> Text,
        event_types -> Text,
        description -> Text,
        secret -> Text,
        status -> Text,
        disabled_reason -> Nullable<Text>,
        failing_since -> Nullable<Text>,
        created_at -> Text,
        updated_at -> Text,
        version -> Integer,
        previous_secret -> Nullable<Text>,
        previous_secret_until -> Nullable<Text>,
    }
}

diesel::table! {
    notices (id) {
        id -> Text,
        channel -> Text,
        event_type -> Text,
        subscription_id -> Nullable<Text>,
        recipient -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Text,
        locked_until -> Nullable<Text>,
        claim -> Nullable<Text>,
        last_error -> Nullable<Text>,
        created_at -> Text,
        sent_at -> Nullable<Text>,
    }
}

diesel::table! {
    notice_attempts (id) {
        id -> Text,
        notice_id -> Text,
        at -> Text,
        outcome -> Text,
        status_code -> Nullable<Integer>,
        error -> Nullable<Text>,
        latency_ms -> Integer,
    }
}

diesel::table! {
    idempotency_keys (id) {
        id -> Text,
        actor_kind -> Text,
        actor_id -> Text,
        idempotency_key -> Text,
        fingerprint -> Text,
        created_at -> Text,
        status -> Nullable<Integer>,
        location -> Nullable<Text>,
        etag -> Nullable<Text>,
        content_type -> Nullable<Text>,
        body -> Nullable<Text>,
        completed_at -> Nullable<Text>,
    }
}

diesel::table! {
    sign_in_limits (limit_key) {
        limit_key -> Text,
        window_start -> Text,
        attempts -> Integer,
    }
}

diesel::joinable!(project_hosts -> organisations (organisation_id));
diesel::joinable!(project_members -> people (person_id));
diesel::joinable!(mentor_assignments -> mentors (mentor_id));
diesel::joinable!(mentors -> people (person_id));

diesel::allow_tables_to_appear_in_same_query!(
    accounts,
    person_roles,
    refresh_tokens,
    api_clients,
    invitations,
    password_resets,
    audit_log,
    organisations,
    people,
    programmes,
    tracks,
    cohorts,
    enrolments,
    projects,
    project_hosts,
    project_members,
    milestones,
    mentors,
    mentor_expertise,
    mentor_assignments,
    progress_updates,
    availability_slots,
    mentoring_sessions,
    events,
    webhook_subscriptions,
    notices,
    notice_attempts,
    idempotency_keys,
    sign_in_limits,
);
