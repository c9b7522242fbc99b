-- The EIL Hub domain. Ids are UUID text and instants are fixed-width RFC 3339 UTC text
-- (`2023-05-19T07:00:00.000000Z`), so that one diesel schema serves SQLite and PostgreSQL
-- and text order is time order. `search_text` holds the lower-cased searchable names,
-- written by the server, so that `q` matches the same way on both databases.

CREATE TABLE organisations (
    id TEXT PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    name_lv TEXT NOT NULL,
    name_en TEXT NOT NULL,
    short_name TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('university', 'hospital', 'ministry', 'business_school', 'partner_lab', 'company')),
    partner_role TEXT CHECK (partner_role IN ('funder', 'implementer', 'strategic_partner', 'partner')),
    parent_id TEXT REFERENCES organisations (id),
    website TEXT,
    search_text TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX organisations_name_en ON organisations (name_en, id);
CREATE INDEX organisations_kind ON organisations (kind);
CREATE INDEX organisations_partner_role ON organisations (partner_role);
CREATE INDEX organisations_parent ON organisations (parent_id);

CREATE TABLE people (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    organisation_id TEXT REFERENCES organisations (id),
    position TEXT,
    locale TEXT NOT NULL CHECK (locale IN ('lv', 'en')),
    phone TEXT,
    search_text TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX people_full_name ON people (full_name, id);
CREATE INDEX people_organisation ON people (organisation_id);

CREATE TABLE programmes (
    id TEXT PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    name_lv TEXT NOT NULL,
    name_en TEXT NOT NULL,
    summary_lv TEXT,
    summary_en TEXT,
    search_text TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX programmes_name_en ON programmes (name_en, id);

CREATE TABLE tracks (
    id TEXT PRIMARY KEY NOT NULL,
    programme_id TEXT NOT NULL REFERENCES programmes (id),
    slug TEXT NOT NULL UNIQUE,
    name_lv TEXT NOT NULL,
    name_en TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('project', 'strategy')),
    summary_lv TEXT,
    summary_en TEXT,
    search_text TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX tracks_programme ON tracks (programme_id, name_en, id);
CREATE INDEX tracks_name_en ON tracks (name_en, id);
CREATE INDEX tracks_kind ON tracks (kind);

CREATE TABLE cohorts (
    id TEXT PRIMARY KEY NOT NULL,
    programme_id TEXT NOT NULL REFERENCES programmes (id),
    slug TEXT NOT NULL UNIQUE,
    name_lv TEXT NOT NULL,
    name_en TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    capacity INTEGER NOT NULL CHECK (capacity >= 0),
    venue TEXT,
    status TEXT NOT NULL CHECK (status IN ('planned', 'open', 'running', 'completed')),
    search_text TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX cohorts_programme ON cohorts (programme_id, starts_on, id);
CREATE INDEX cohorts_starts_on ON cohorts (starts_on, id);
CREATE INDEX cohorts_name_en ON cohorts (name_en, id);
CREATE INDEX cohorts_status ON cohorts (status);

CREATE TABLE enrolments (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id),
    cohort_id TEXT NOT NULL REFERENCES cohorts (id),
    track_id TEXT REFERENCES tracks (id),
    role TEXT NOT NULL CHECK (role IN ('participant', 'project_team')),
    status TEXT NOT NULL CHECK (status IN ('active', 'completed', 'withdrawn')),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (person_id, cohort_id)
);
CREATE INDEX enrolments_cohort ON enrolments (cohort_id, id);
CREATE INDEX enrolments_track ON enrolments (track_id);
CREATE INDEX enrolments_status ON enrolments (status);

CREATE TABLE projects (
    id TEXT PRIMARY KEY NOT NULL,
    cohort_id TEXT NOT NULL REFERENCES cohorts (id),
    track_id TEXT REFERENCES tracks (id),
    slug TEXT NOT NULL UNIQUE,
    title_lv TEXT NOT NULL,
    title_en TEXT NOT NULL,
    summary_lv TEXT,
    summary_en TEXT,
    status TEXT NOT NULL CHECK (status IN ('proposed', 'approved', 'active', 'completed', 'cancelled')),
    search_text TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX projects_cohort ON projects (cohort_id, title_en, id);
CREATE INDEX projects_track ON projects (track_id);
CREATE INDEX projects_status ON projects (status, title_en, id);
CREATE INDEX projects_title_en ON projects (title_en, id);

CREATE TABLE project_hosts (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (project_id, organisation_id)
);
CREATE INDEX project_hosts_organisation ON project_hosts (organisation_id, project_id);

CREATE TABLE project_members (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people (id),
    role TEXT NOT NULL CHECK (role IN ('lead', 'member')),
    position INTEGER NOT NULL,
    PRIMARY KEY (project_id, person_id)
);
CREATE INDEX project_members_person ON project_members (person_id);

CREATE TABLE milestones (
    id TEXT PRIMARY KEY NOT NULL,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title_lv TEXT NOT NULL,
    title_en TEXT NOT NULL,
    due_on TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'missed')),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX milestones_project ON milestones (project_id, due_on, id);

CREATE TABLE mentors (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL UNIQUE REFERENCES people (id),
    title TEXT NOT NULL,
    organisation_id TEXT REFERENCES organisations (id),
    bio_lv TEXT,
    bio_en TEXT,
    capacity INTEGER NOT NULL CHECK (capacity >= 0),
    sort_name TEXT NOT NULL,
    search_text TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX mentors_sort_name ON mentors (sort_name, id);
CREATE INDEX mentors_organisation ON mentors (organisation_id);

CREATE TABLE mentor_expertise (
    mentor_id TEXT NOT NULL REFERENCES mentors (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (mentor_id, tag)
);
CREATE INDEX mentor_expertise_tag ON mentor_expertise (tag, mentor_id);

CREATE TABLE mentor_assignments (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    mentor_id TEXT NOT NULL REFERENCES mentors (id),
    assigned_at TEXT NOT NULL,
    PRIMARY KEY (project_id, mentor_id)
);
CREATE INDEX mentor_assignments_mentor ON mentor_assignments (mentor_id, project_id);

CREATE TABLE progress_updates (
    id TEXT PRIMARY KEY NOT NULL,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES people (id),
    body TEXT NOT NULL,
    feedback TEXT,
    feedback_by TEXT REFERENCES mentors (id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX progress_updates_project ON progress_updates (project_id, created_at, id);

CREATE TABLE availability_slots (
    id TEXT PRIMARY KEY NOT NULL,
    mentor_id TEXT NOT NULL REFERENCES mentors (id) ON DELETE CASCADE,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX availability_slots_mentor ON availability_slots (mentor_id, starts_at, id);

CREATE TABLE mentoring_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    project_id TEXT NOT NULL REFERENCES projects (id),
    mentor_id TEXT NOT NULL REFERENCES mentors (id),
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('online', 'in_person')),
    location TEXT,
    agenda TEXT,
    notes TEXT,
    status TEXT NOT NULL CHECK (status IN ('scheduled', 'completed', 'cancelled')),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX mentoring_sessions_mentor ON mentoring_sessions (mentor_id, starts_at, id);
CREATE INDEX mentoring_sessions_project ON mentoring_sessions (project_id, starts_at, id);
CREATE INDEX mentoring_sessions_starts_at ON mentoring_sessions (starts_at, id);
CREATE INDEX mentoring_sessions_status ON mentoring_sessions (status);

CREATE TABLE events (
    id TEXT PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('launch', 'workshop', 'bootcamp', 'webinar', 'conference')),
    programme_id TEXT REFERENCES programmes (id),
    cohort_id TEXT REFERENCES cohorts (id),
    title_lv TEXT NOT NULL,
    title_en TEXT NOT NULL,
    summary_lv TEXT,
    summary_en TEXT,
    venue TEXT,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    search_text TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (programme_id IS NOT NULL OR cohort_id IS NOT NULL)
);
CREATE INDEX events_starts_at ON events (starts_at, id);
CREATE INDEX events_programme ON events (programme_id, starts_at);
CREATE INDEX events_cohort ON events (cohort_id, starts_at);
CREATE INDEX events_kind ON events (kind);
