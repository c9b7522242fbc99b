-- The sort key of the host filter, copied from the project.
ALTER TABLE project_hosts ADD COLUMN title_en TEXT NOT NULL DEFAULT '';
UPDATE project_hosts SET title_en = (SELECT p.title_en FROM projects p WHERE p.id = project_hosts.project_id);

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

-- Text search (`q`): a trigram full-text index per searchable table, kept by triggers and
-- keyed by the row's rowid (VACUUM and VACUUM INTO keep the rowids of these tables: their
-- rows are never moved). `GLOB '*text*'` on it finds any substring of three letters or
-- more through the index; the list also re-checks `search_text` itself.

CREATE VIRTUAL TABLE organisations_search USING fts5 (search_text, tokenize = 'trigram');
INSERT INTO organisations_search (rowid, search_text) SELECT rowid, search_text FROM organisations;
CREATE TRIGGER organisations_search_insert AFTER INSERT ON organisations BEGIN
    INSERT INTO organisations_search (rowid, search_text) VALUES (NEW.rowid, NEW.search_text);
END;
CREATE TRIGGER organisations_search_update AFTER UPDATE OF search_text ON organisations BEGIN
    UPDATE organisations_search SET search_text = NEW.search_text WHERE rowid = OLD.rowid;
END;
CREATE TRIGGER organisations_search_delete AFTER DELETE ON organisations BEGIN
    DELETE FROM organisations_search WHERE rowid = OLD.rowid;
END;

CREATE VIRTUAL TABLE people_search USING fts5 (search_text, tokenize = 'trigram');
INSERT INTO people_search (rowid, search_text) SELECT rowid, search_text FROM people;
CREATE TRIGGER people_search_insert AFTER INSERT ON people BEGIN
    INSERT INTO people_search (rowid, search_text) VALUES (NEW.rowid, NEW.search_text);
END;
CREATE TRIGGER people_search_update AFTER UPDATE OF search_text ON people BEGIN
    UPDATE people_search SET search_text = NEW.search_text WHERE rowid = OLD.rowid;
END;
CREATE TRIGGER people_search_delete AFTER DELETE ON people BEGIN
    DELETE FROM people_search WHERE rowid = OLD.rowid;
END;

CREATE VIRTUAL TABLE programmes_search USING fts5 (search_text, tokenize = 'trigram');
INSERT INTO programmes_search (rowid, search_text) SELECT rowid, search_text FROM programmes;
CREATE TRIGGER programmes_search_insert AFTER INSERT ON programmes BEGIN
    INSERT INTO programmes_search (rowid, search_text) VALUES (NEW.rowid, NEW.search_text);
END;
CREATE TRIGGER programmes_search_update AFTER UPDATE OF search_text ON programmes BEGIN
    UPDATE programmes_search SET search_text = NEW.search_text WHERE rowid = OLD.rowid;
END;
CREATE TRIGGER programmes_search_delete AFTER DELETE ON programmes BEGIN
    DELETE FROM programmes_search WHERE rowid = OLD.rowid;
END;

CREATE VIRTUAL TABLE tracks_search USING fts5 (search_text, tokenize = 'trigram');
INSERT INTO tracks_search (rowid, search_text) SELECT rowid, search_text FROM tracks;
CREATE TRIGGER tracks_search_insert AFTER INSERT ON tracks BEGIN
    INSERT INTO tracks_search (rowid, search_text) VALUES (NEW.rowid, NEW.search_text);
END;
CREATE TRIGGER tracks_search_update AFTER UPDATE OF search_text ON tracks BEGIN
    UPDATE tracks_search SET search_text = NEW.search_text WHERE rowid = OLD.rowid;
END;
CREATE TRIGGER tracks_search_delete AFTER DELETE ON tracks BEGIN
    DELETE FROM tracks_search WHERE rowid = OLD.rowid;
END;

CREATE VIRTUAL TABLE cohorts_search USING fts5 (search_text, tokenize = 'trigram');
INSERT INTO cohorts_search (rowid, search_text) SELECT rowid, search_text FROM cohorts;
CREATE TRIGGER cohorts_search_insert AFTER INSERT ON cohorts BEGIN
    INSERT INTO cohorts_search (rowid, search_text) VALUES (NEW.rowid, NEW.search_text);
END;
CREATE TRIGGER cohorts_search_update AFTER UPDATE OF search_text ON cohorts BEGIN
    UPDATE cohorts_search SET search_text = NEW.search_text WHERE rowid = OLD.rowid;
END;
CREATE TRIGGER cohorts_search_delete AFTER DELETE ON cohorts BEGIN
    DELETE FROM cohorts_search WHERE rowid = OLD.rowid;
END;

CREATE VIRTUAL TABLE projects_search USING fts5 (search_text, tokenize = 'trigram');
INSERT INTO projects_search (rowid, search_text) SELECT rowid, search_text FROM projects;
CREATE TRIGGER projects_search_insert AFTER INSERT ON projects BEGIN
    INSERT INTO projects_search (rowid, search_text) VALUES (NEW.rowid, NEW.search_text);
END;
CREATE TRIGGER projects_search_update AFTER UPDATE OF search_text ON projects BEGIN
    UPDATE projects_search SET search_text = NEW.search_text WHERE rowid = OLD.rowid;
END;
CREATE TRIGGER projects_search_delete AFTER DELETE ON projects BEGIN
    DELETE FROM projects_search WHERE rowid = OLD.rowid;
END;

CREATE VIRTUAL TABLE mentors_search USING fts5 (search_text, tokenize = 'trigram');
INSERT INTO mentors_search (rowid, search_text) SELECT rowid, search_text FROM mentors;
CREATE TRIGGER mentors_search_insert AFTER INSERT ON mentors BEGIN
    INSERT INTO mentors_search (rowid, search_text) VALUES (NEW.rowid, NEW.search_text);
END;
CREATE TRIGGER mentors_search_update AFTER UPDATE OF search_text ON mentors BEGIN
    UPDATE mentors_search SET search_text = NEW.search_text WHERE rowid = OLD.rowid;
END;
CREATE TRIGGER mentors_search_delete AFTER DELETE ON mentors BEGIN
    DELETE FROM mentors_search WHERE rowid = OLD.rowid;
END;

CREATE VIRTUAL TABLE events_search USING fts5 (search_text, tokenize = 'trigram');
INSERT INTO events_search (rowid, search_text) SELECT rowid, search_text FROM events;
CREATE TRIGGER events_search_insert AFTER INSERT ON events BEGIN
    INSERT INTO events_search (rowid, search_text) VALUES (NEW.rowid, NEW.search_text);
END;
CREATE TRIGGER events_search_update AFTER UPDATE OF search_text ON events BEGIN
    UPDATE events_search SET search_text = NEW.search_text WHERE rowid = OLD.rowid;
END;
CREATE TRIGGER events_search_delete AFTER DELETE ON events BEGIN
    DELETE FROM events_search WHERE rowid = OLD.rowid;
END;
