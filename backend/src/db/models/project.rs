use std::collections::HashMap;

use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};
use eil_shared::milestone::MilestoneQuery;
use eil_shared::organisation::OrganisationRef;
use eil_shared::project::{
    Project, ProjectDetail, ProjectQuery, ProjectSort, TeamMember, TeamMemberInput,
};
use eil_shared::{I18nText, OrganisationId, Page, PersonId, ProjectId};

use super::{DbError, DbResult, OrNotFound, expect_row, mentor, milestone};
use super::{optional_text, split_text};
use crate::db::pagination::{PageRequest, keyset};
use crate::db::record::{guarded_update, row_lock, versioned};
use crate::db::schema::{
    mentor_assignments, organisations, people, project_hosts, project_members, projects,
};
use crate::db::search::text_search;
use crate::db::{
    DbConn, IdOrSlug, MultiBackend, Record, parse_enum, parse_id, parse_ts, search_text, ts,
};

#[derive(Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = projects, treat_none_as_null = true)]
pub struct ProjectRow {
    pub id: String,
    pub cohort_id: String,
    pub track_id: Option<String>,
    pub slug: String,
    pub title_lv: String,
    pub title_en: String,
    pub summary_lv: Option<String>,
    pub summary_en: Option<String>,
    pub status: String,
    pub search_text: String,
    pub version: i32,
    pub created_at: String,
    pub updated_at: String,
}

impl ProjectRow {
    fn into_dto(self, hosts: Vec<OrganisationRef>) -> anyhow::Result<Project> {
        Ok(Project {
            id: parse_id(&self.id)?,
            cohort_id: parse_id(&self.cohort_id)?,
            track_id: self.track_id.as_deref().map(parse_id).transpose()?,
            slug: self.slug,
            title: I18nText::new(self.title_lv, self.title_en),
            summary: optional_text(self.summary_lv, self.summary_en),
            status: parse_enum(&self.status)?,
            hosts,
            version: self.version,
            created_at: parse_ts(&self.created_at)?,
            updated_at: parse_ts(&self.updated_at)?,
        })
    }

    fn from_dto(p: &Project) -> Self {
        let (lv, en) = split_text(p.summary.as_ref());
        ProjectRow {
            id: p.id.to_string(),
            cohort_id: p.cohort_id.to_string(),
            track_id: p.track_id.map(|t| t.to_string()),
            slug: p.slug.clone(),
            title_lv: p.title.lv.clone(),
            title_en: p.title.en.clone(),
            summary_lv: lv,
            summary_en: en,
            status: p.status.as_str().into(),
            search_text: search_text(&[Some(&p.title.lv), Some(&p.title.en), Some(&p.slug)]),
            version: p.version,
            created_at: ts(p.created_at),
            updated_at: ts(p.updated_at),
        }
    }
}

/// Rows with their hosts, in the rows' order (one query for all hosts).
fn with_hosts(c: &mut DbConn, rows: Vec<ProjectRow>) -> DbResult<Vec<Project>> {
    type HostRow = (String, String, String, String, String, Option<String>);
    let ids: Vec<&String> = rows.iter().map(|r| &r.id).collect();
    let hosts = project_hosts::table
        .inner_join(organisations::table)
        .order((
            project_hosts::project_id.asc(),
            project_hosts::position.asc(),
        ))
        .select((
            project_hosts::project_id,
            organisations::id,
            organisations::slug,
            organisations::name_lv,
            organisations::name_en,
            organisations::short_name,
        ));
    let hosts: Vec<HostRow> = if matches!(c, DbConn::Sqlite(_)) {
        // One parameter for the whole page: SQLite is handed `IN (?, ?, ...)` with one
        // parameter per id, a new statement text for each page size that diesel does not
        // keep prepared; `json_each(?)` is one statement, prepared once.
        let ids = serde_json::to_string(&ids).map_err(anyhow::Error::from)?;
        hosts
            .filter(
                sql::<Bool>("project_hosts.project_id IN (SELECT value FROM json_each(")
                    .bind::<Text, _>(ids)
                    .sql("))"),
            )
            .load(c)?
    } else {
        hosts
            .filter(project_hosts::project_id.eq_any(ids))
            .load(c)?
    };
    let mut by_project: HashMap<&str, Vec<OrganisationRef>> = HashMap::new();
    for (project, id, slug, lv, en, short) in &hosts {
        by_project
            .entry(project.as_str())
            .or_default()
            .push(OrganisationRef {
                id: parse_id(id)?,
                slug: slug.clone(),
                name: I18nText::new(lv.clone(), en.clone()),
                short_name: short.clone(),
            });
    }
    rows.into_iter()
        .map(|r| {
            let mine = by_project.remove(r.id.as_str()).unwrap_or_default();
            Ok(r.into_dto(mine)?)
        })
        .collect()
}

pub fn list(c: &mut DbConn, q: &ProjectQuery) -> DbResult<Page<Project>> {
    let sort = q.sort.unwrap_or(ProjectSort::Title);
    let page = PageRequest::new(q.limit, q.cursor.as_deref(), sort.as_str())?;
    let mut query = projects::table.into_boxed::<MultiBackend>();
    query = text_search!(c, query, projects, q.q.as_deref());
    if let Some(x) = q.cohort_id {
        query = query.filter(projects::cohort_id.eq(x.to_string()));
    }
    if let Some(x) = q.track_id {
        query = query.filter(projects::track_id.eq(x.to_string()));
    }
    if let Some(x) = q.status {
        query = query.filter(projects::status.eq(x.as_str()));
    }
    if let Some(x) = q.host_id {
        use project_hosts::{organisation_id, project_id, title_en};
        let of_host = project_hosts::table.filter(organisation_id.eq(x.to_string()));
        // Alone, the host filter reads its page from the join table's index, which is in
        // the list's order (`title_en`, then id), so only that page's ids reach `IN`. With
        // other filters or the other order, all the host's projects are candidates.
        let alone = sort == ProjectSort::Title
            && q.q.as_deref().is_none_or(|t| t.trim().is_empty())
            && q.cohort_id.is_none()
            && q.track_id.is_none()
            && q.status.is_none()
            && q.member_id.is_none()
            && q.mentor_id.is_none();
        let in_order = (title_en.asc(), project_id.asc());
        query = match (alone, page.after.clone()) {
            (true, Some((k, last))) => query.filter(
                projects::id.eq_any(
                    of_host
                        .filter(
                            title_en
                                .ge(k.clone())
                                .and(title_en.gt(k).or(project_id.gt(last))),
                        )
                        .select(project_id)
                        .order(in_order)
                        .limit(page.fetch()),
                ),
            ),
            (true, None) => query.filter(
                projects::id.eq_any(
                    of_host
                        .select(project_id)
                        .order(in_order)
                        .limit(page.fetch()),
                ),
            ),
            (false, _) => query.filter(projects::id.eq_any(of_host.select(project_id))),
        };
    }
    if let Some(x) = q.member_id {
        let teams = project_members::table
            .filter(project_members::person_id.eq(x.to_string()))
            .select(project_members::project_id);
        query = query.filter(projects::id.eq_any(teams));
    }
    if let Some(x) = q.mentor_id {
        let mentored = mentor_assignments::table
            .filter(mentor_assignments::mentor_id.eq(x.to_string()))
            .select(mentor_assignments::project_id);
        query = query.filter(projects::id.eq_any(mentored));
    }
    let rows: Vec<ProjectRow> = match sort {
        ProjectSort::Title => {
            keyset!(query, projects::title_en, projects::id, page, false).load(c)?
        }
        ProjectSort::Created => keyset!(query, projects::id, page, false).load(c)?,
    };
    let (rows, next_cursor) = page.finish(rows, |r| match sort {
        ProjectSort::Title => (r.title_en.clone(), r.id.clone()),
        ProjectSort::Created => (r.id.clone(), r.id.clone()),
    });
    Ok(Page {
        items: with_hosts(c, rows)?,
        next_cursor,
    })
}

/// By id or slug, with hosts.
pub fn get(c: &mut DbConn, key: &IdOrSlug<ProjectId>) -> DbResult<Project> {
    let key = key.as_str();
    let row: ProjectRow = projects::table
        .filter(projects::id.eq(key).or(projects::slug.eq(key)))
        .first(c)
        .or_not_found("project")?;
    Ok(with_hosts(c, vec![row])?.remove(0))
}

/// The id of the project a path names, without loading the rest.
pub fn id_of(c: &mut DbConn, key: &IdOrSlug<ProjectId>) -> DbResult<ProjectId> {
    let key = key.as_str();
    let id: String = projects::table
        .filter(projects::id.eq(key).or(projects::slug.eq(key)))
        .select(projects::id)
        .first(c)
        .or_not_found("project")?;
    Ok(parse_id(&id)?)
}

/// The milestones shown with a project (the list endpoint pages through all of them).
const DETAIL_MILESTONES: u32 = 100;

pub fn detail(c: &mut DbConn, key: &IdOrSlug<ProjectId>) -> DbResult<ProjectDetail> {
    let project = get(c, key)?;
    let team = team(c, project.id)?;
    let q = MilestoneQuery {
        limit: Some(DETAIL_MILESTONES),
        ..Default::default()
    };
    let milestones = milestone::list(c, project.id, &q)?.items;
    let mentors = mentor::refs_for_project(c, project.id)?;
    Ok(ProjectDetail {
        project,
        team,
        milestones,
        mentors,
    })
}

pub fn team(c: &mut DbConn, project_id: ProjectId) -> DbResult<Vec<TeamMember>> {
    let rows: Vec<(String, String, String)> = project_members::table
        .inner_join(people::table)
        .filter(project_members::project_id.eq(project_id.to_string()))
        .order(project_members::position.asc())
        .select((people::id, people::full_name, project_members::role))
        .load(c)?;
    rows.into_iter()
        .map(|(id, full_name, role)| {
            Ok(TeamMember {
                person_id: parse_id(&id)?,
                full_name,
                role: parse_enum(&role)?,
            })
        })
        .collect()
}

/// Adds a person to the end of the team.
pub fn add_member(
    c: &mut DbConn,
    project_id: ProjectId,
    person_id: PersonId,
    role: eil_shared::project::TeamRole,
) -> DbResult<()> {
    let project_id = project_id.to_string();
    let position: i64 = project_members::table
        .filter(project_members::project_id.eq(&project_id))
        .count()
        .get_result(c)?;
    diesel::insert_into(project_members::table)
        .values((
            project_members::project_id.eq(&project_id),
            project_members::person_id.eq(person_id.to_string()),
            project_members::role.eq(role.as_str()),
            project_members::position.eq(position as i32),
        ))
        .execute(c)?;
    Ok(())
}

pub fn is_member(c: &mut DbConn, project_id: ProjectId, person_id: PersonId) -> DbResult<bool> {
    let n: i64 = project_members::table
        .filter(project_members::project_id.eq(project_id.to_string()))
        .filter(project_members::person_id.eq(person_id.to_string()))
        .count()
        .get_result(c)?;
    Ok(n > 0)
}

/// Replaces the hosts of a project, in the order given.
pub fn set_hosts(
    c: &mut DbConn,
    project_id: ProjectId,
    host_ids: &[OrganisationId],
) -> DbResult<()> {
    let project_id = project_id.to_string();
    diesel::delete(project_hosts::table.filter(project_hosts::project_id.eq(&project_id)))
        .execute(c)?;
    // The host filter's sort key travels with each host row.
    let title: String = projects::table
        .find(&project_id)
        .select(projects::title_en)
        .first(c)
        .or_not_found("project")?;
    // One statement a row: batch inserts do not compile through the multi-backend connection.
    for (i, h) in host_ids.iter().enumerate() {
        diesel::insert_into(project_hosts::table)
            .values((
                project_hosts::project_id.eq(&project_id),
                project_hosts::organisation_id.eq(h.to_string()),
                project_hosts::position.eq(i as i32),
                project_hosts::title_en.eq(&title),
            ))
            .execute(c)?;
    }
    Ok(())
}

/// Replaces the team of a project, in the order given.
pub fn set_team(c: &mut DbConn, project_id: ProjectId, team: &[TeamMemberInput]) -> DbResult<()> {
    let project_id = project_id.to_string();
    diesel::delete(project_members::table.filter(project_members::project_id.eq(&project_id)))
        .execute(c)?;
    for (i, m) in team.iter().enumerate() {
        diesel::insert_into(project_members::table)
            .values((
                project_members::project_id.eq(&project_id),
                project_members::person_id.eq(m.person_id.to_string()),
                project_members::role.eq(m.role.as_str()),
                project_members::position.eq(i as i32),
            ))
            .execute(c)?;
    }
    Ok(())
}

pub fn insert(
    c: &mut DbConn,
    p: &Project,
    host_ids: &[OrganisationId],
    team: &[TeamMemberInput],
) -> DbResult<()> {
    diesel::insert_into(projects::table)
        .values(ProjectRow::from_dto(p))
        .execute(c)?;
    set_hosts(c, p.id, host_ids)?;
    set_team(c, p.id, team)
}

/// The project row; hosts and team are lists of their own (`set_hosts`, `set_team`).
impl Record for Project {
    type Key = IdOrSlug<ProjectId>;

    fn load(c: &mut DbConn, key: &Self::Key) -> DbResult<Self> {
        get(c, key)
    }

    versioned!();
    row_lock!(projects);

    fn store(&self, c: &mut DbConn, expected: i32) -> DbResult<()> {
        guarded_update!(c, projects, ProjectRow::from_dto(self), self.id, expected)?;
        // The host rows carry the title as the host filter's sort key.
        diesel::update(
            project_hosts::table.filter(project_hosts::project_id.eq(self.id.to_string())),
        )
        .filter(project_hosts::title_en.ne(&self.title.en))
        .set(project_hosts::title_en.eq(&self.title.en))
        .execute(c)?;
        Ok(())
    }
}

/// Deletes the project with its hosts, team, milestones, updates and assignments; refused
/// while sessions refer to it.
pub fn delete(c: &mut DbConn, id: ProjectId) -> DbResult<()> {
    let sessions = super::session::count_for_project(c, id)?;
    if sessions > 0 {
        return Err(DbError::InUse(format!(
            "the project has {sessions} mentoring session(s); delete or move them first"
        )));
    }
    let n = diesel::delete(projects::table.find(id.to_string())).execute(c)?;
    expect_row(n, "project")
}
