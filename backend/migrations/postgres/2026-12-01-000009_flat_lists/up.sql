-- The sort key of the host filter, copied from the project.
ALTER TABLE project_hosts ADD COLUMN title_en TEXT NOT NULL DEFAULT '';
UPDATE project_hosts SET title_en = p.title_en FROM projects p WHERE p.id = project_hosts.project_id;
ALTER TABLE project_hosts ALTER COLUMN title_en DROP DEFAULT;

-- Every list finds any page through an index that matches its order: each filter's index
-- ends with the list's sort key and the id, so a page, first or deep, is one range read.

-- Projects hosted by an organisation, in title order: the join table carries the sort key
-- (kept by the write path: `project::set_hosts` and the project's `store`).
DROP INDEX project_hosts_organisation;
CREATE INDEX project_hosts_organisation ON project_hosts (organisation_id, title_en, project_id);
DROP INDEX projects_track;
CREATE INDEX projects_track ON projects (track_id, title_en, id);

DROP INDEX people_organisation;
CREATE INDEX people_organisation ON people (organisation_id, full_name, id);

DROP INDEX cohorts_status;
CREATE INDEX cohorts_status ON cohorts (status, starts_on, id);

DROP INDEX enrolments_track;
CREATE INDEX enrolments_track ON enrolments (track_id, id);
DROP INDEX enrolments_status;
CREATE INDEX enrolments_status ON enrolments (status, id);

DROP INDEX events_programme;
CREATE INDEX events_programme ON events (programme_id, starts_at, id);
DROP INDEX events_cohort;
CREATE INDEX events_cohort ON events (cohort_id, starts_at, id);
DROP INDEX events_kind;
CREATE INDEX events_kind ON events (kind, starts_at, id);

DROP INDEX mentors_organisation;
CREATE INDEX mentors_organisation ON mentors (organisation_id, sort_name, id);

DROP INDEX mentoring_sessions_status;
CREATE INDEX mentoring_sessions_status ON mentoring_sessions (status, starts_at, id);

DROP INDEX organisations_kind;
CREATE INDEX organisations_kind ON organisations (kind, name_en, id);
DROP INDEX organisations_partner_role;
CREATE INDEX organisations_partner_role ON organisations (partner_role, name_en, id);

DROP INDEX tracks_kind;
CREATE INDEX tracks_kind ON tracks (kind, name_en, id);

-- The holders of a role (the account list's role filter).
CREATE INDEX person_roles_role ON person_roles (role, person_id);

DROP INDEX invitations_person;
CREATE INDEX invitations_person ON invitations (person_id, id);

-- The audit log, newest first, by each of its filters.
DROP INDEX audit_log_resource;
DROP INDEX audit_log_actor;
CREATE INDEX audit_log_actor ON audit_log (actor_id, id);
CREATE INDEX audit_log_actor_kind ON audit_log (actor_kind, id);
CREATE INDEX audit_log_action ON audit_log (action, id);
CREATE INDEX audit_log_resource ON audit_log (resource, id);
CREATE INDEX audit_log_resource_id ON audit_log (resource_id, id);
CREATE INDEX audit_log_request ON audit_log (request_id, id);

DROP INDEX notices_channel;
CREATE INDEX notices_channel ON notices (channel, id);
CREATE INDEX notices_status ON notices (status, id);

-- Text search (`q`): `search_text LIKE '%text%'` through a trigram GIN index (pg_trgm, part
-- of PostgreSQL's contrib package; creating the extension needs the right to do so once).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX organisations_search ON organisations USING gin (search_text gin_trgm_ops);
CREATE INDEX people_search ON people USING gin (search_text gin_trgm_ops);
CREATE INDEX programmes_search ON programmes USING gin (search_text gin_trgm_ops);
CREATE INDEX tracks_search ON tracks USING gin (search_text gin_trgm_ops);
CREATE INDEX cohorts_search ON cohorts USING gin (search_text gin_trgm_ops);
CREATE INDEX projects_search ON projects USING gin (search_text gin_trgm_ops);
CREATE INDEX mentors_search ON mentors USING gin (search_text gin_trgm_ops);
CREATE INDEX events_search ON events USING gin (search_text gin_trgm_ops);
