//! Demo data: the Lab's facts from the Ministry's press release of 23 May 2023 and the
//! Lab's public pages (see docs/demo-data.md). Every record is looked up by its natural
//! key (slug or e-mail) first, so loading twice duplicates nothing.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::Connection;
use eil_shared::cohort::{Cohort, CohortStatus};
use eil_shared::event::{Event, EventKind};
use eil_shared::mentor::Mentor;
use eil_shared::organisation::{Organisation, OrganisationKind as Kind, PartnerRole as Role};
use eil_shared::person::Person;
use eil_shared::programme::Programme;
use eil_shared::project::{Project, ProjectStatus};
use eil_shared::track::{Track, TrackKind};
use eil_shared::{I18nText, Lang, OrganisationId};
use uuid::Uuid;

use crate::auth;
use crate::db::models::{
    DbError, DbResult, cohort, event, mentor, organisation, person, programme, project, track,
};
use crate::db::models::{account, api_client, availability};
use crate::db::{DbConn, IdOrSlug};
use eil_shared::api_client::{CreateApiClient, Scope};
use eil_shared::auth::Role as AccountRole;
use eil_shared::project::TeamRole;

fn t(lv: &str, en: &str) -> I18nText {
    I18nText::new(lv, en)
}

/// Ok(None) when the record is not there yet.
fn find<T>(r: DbResult<T>) -> DbResult<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(DbError::NotFound(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

fn at(s: &str) -> anyhow::Result<DateTime<Utc>> {
    Ok(s.parse()?)
}

struct Seeder<'c> {
    c: &'c mut DbConn,
    now: DateTime<Utc>,
    added: usize,
}

impl Seeder<'_> {
    #[allow(clippy::too_many_arguments)]
    fn organisation(
        &mut self,
        slug: &str,
        name: I18nText,
        short: Option<&str>,
        kind: Kind,
        role: Option<Role>,
        parent: Option<OrganisationId>,
        website: Option<&str>,
    ) -> DbResult<OrganisationId> {
        if let Some(o) = find(organisation::get(self.c, &IdOrSlug::new(slug)))? {
            return Ok(o.id);
        }
        let o = Organisation {
            id: OrganisationId(Uuid::now_v7()),
            slug: slug.into(),
            name,
            short_name: short.map(Into::into),
            kind,
            partner_role: role,
            parent_id: parent,
            website: website.map(Into::into),
            version: 1,
            created_at: self.now,
            updated_at: self.now,
        };
        organisation::insert(self.c, &o)?;
        self.added += 1;
        Ok(o.id)
    }

    fn project(
        &mut self,
        slug: &str,
        title: I18nText,
        cohort: &Cohort,
        track: &Track,
        hosts: &[OrganisationId],
    ) -> DbResult<()> {
        if find(project::get(self.c, &IdOrSlug::new(slug)))?.is_some() {
            return Ok(());
        }
        let p = Project {
            id: eil_shared::ProjectId(Uuid::now_v7()),
            cohort_id: cohort.id,
            track_id: Some(track.id),
            slug: slug.into(),
            title,
            summary: None,
            status: ProjectStatus::Approved,
            hosts: vec![],
            version: 1,
            created_at: self.now,
            updated_at: self.now,
        };
        project::insert(self.c, &p, hosts, &[])?;
        self.added += 1;
        Ok(())
    }
}

/// Loads the demo data in one transaction and says how many records it added.
pub fn load_demo(c: &mut DbConn) -> anyhow::Result<String> {
    let added = c.transaction(|c| -> DbResult<(usize, String)> {
        let mut s = Seeder {
            c,
            now: Utc::now(),
            added: 0,
        };
        seed(&mut s)?;
        let client = demo_client(&mut s)?;
        Ok((s.added, client))
    })?;
    let (added, client) = added;
    Ok(if added == 0 {
        format!("demo data already present; nothing added. {client}")
    } else {
        format!("demo data loaded: {added} records added. {client}")
    })
}

fn seed(s: &mut Seeder) -> DbResult<()> {
    let rtu = s.organisation(
        "riga-technical-university",
        t("Rīgas Tehniskā universitāte", "Riga Technical University"),
        Some("RTU"),
        Kind::University,
        Some(Role::Implementer),
        None,
        Some("https://www.rtu.lv"),
    )?;
    let rbs = s.organisation(
        "riga-business-school",
        t("Rīgas Biznesa skola", "Riga Business School"),
        Some("RBS"),
        Kind::BusinessSchool,
        Some(Role::Implementer),
        Some(rtu),
        Some("https://www.rbs.lv"),
    )?;
    s.organisation(
        "education-innovation-lab",
        t(
            "Izglītības inovāciju laboratorija",
            "Education Innovation Lab",
        ),
        Some("EIL"),
        Kind::PartnerLab,
        Some(Role::Implementer),
        Some(rbs),
        Some("https://innovationeducation.lv"),
    )?;
    s.organisation(
        "ministry-of-education-and-science",
        t(
            "Izglītības un zinātnes ministrija",
            "Ministry of Education and Science",
        ),
        Some("IZM"),
        Kind::Ministry,
        Some(Role::Funder),
        None,
        Some("https://www.izm.gov.lv"),
    )?;
    let jwel = s.organisation(
        "mit-j-wel",
        t(
            "Masačūsetsas Tehnoloģiju institūta Abdul Latif Jameel Pasaules izglītības laboratorija",
            "MIT Abdul Latif Jameel World Education Lab",
        ),
        Some("MIT J-WEL"),
        Kind::PartnerLab,
        Some(Role::StrategicPartner),
        None,
        Some("https://jwel.mit.edu"),
    )?;
    let bkus = s.organisation(
        "childrens-clinical-university-hospital",
        t(
            "Bērnu klīniskā universitātes slimnīca",
            "Children's Clinical University Hospital",
        ),
        Some("BKUS"),
        Kind::Hospital,
        Some(Role::Partner),
        None,
        None,
    )?;
    let rsu = s.organisation(
        "riga-stradins-university",
        t("Rīgas Stradiņa universitāte", "Rīga Stradiņš University"),
        Some("RSU"),
        Kind::University,
        Some(Role::Partner),
        None,
        None,
    )?;
    let lu = s.organisation(
        "university-of-latvia",
        t("Latvijas Universitāte", "University of Latvia"),
        Some("LU"),
        Kind::University,
        Some(Role::Partner),
        None,
        None,
    )?;
    let lbtu = s.organisation(
        "latvia-university-of-life-sciences-and-technologies",
        t(
            "Latvijas Biozinātņu un tehnoloģiju universitāte",
            "Latvia University of Life Sciences and Technologies",
        ),
        Some("LBTU"),
        Kind::University,
        Some(Role::Partner),
        None,
        None,
    )?;

    let erdf = t(
        "Finansē ERAF projekts Nr. 1.1.1.5/18/I/008 „Atbalsts RTU starptautiskās sadarbības projektiem pētniecībā un inovācijās”.",
        "Funded by ERDF project No. 1.1.1.5/18/I/008 \"Support for RTU international cooperation projects in research and innovation\".",
    );
    let eip = match find(programme::get(
        s.c,
        &IdOrSlug::new("education-innovation-programme"),
    ))? {
        Some(p) => p,
        None => {
            let p = Programme {
                id: eil_shared::ProgrammeId(Uuid::now_v7()),
                slug: "education-innovation-programme".into(),
                name: t(
                    "Izglītības inovāciju programma",
                    "Education Innovation Programme",
                ),
                summary: Some(t(
                    &format!(
                        "Augstākās izglītības un organizāciju vadītāji mācās strukturēt, vadīt un finansēt inovāciju iniciatīvas un sadarboties ar iesaistītajām pusēm. {}",
                        erdf.lv
                    ),
                    &format!(
                        "Senior leaders of higher education and organisations learn to structure, manage and finance innovation initiatives and to work with stakeholders. {}",
                        erdf.en
                    ),
                )),
                version: 1,
                created_at: s.now,
                updated_at: s.now,
            };
            programme::insert(s.c, &p)?;
            s.added += 1;
            p
        }
    };
    if find(programme::get(s.c, &IdOrSlug::new("leaders-programme")))?.is_none() {
        let p = Programme {
            id: eil_shared::ProgrammeId(Uuid::now_v7()),
            slug: "leaders-programme".into(),
            name: t("Līderu programma", "Leaders programme"),
            summary: Some(t(
                &format!(
                    "MIT J-WEL vebināri, MIT Horizon un J-WEL materiālu bibliotēkas, tiešsaistes kurss, J-WEL darbnīcas, mācību nedēļa MIT Bostonā un sertifikāts. {}",
                    erdf.lv
                ),
                &format!(
                    "MIT J-WEL webinars, the MIT Horizon and J-WEL libraries, an online course, J-WEL workshops, a study week at MIT in Boston and a certificate. {}",
                    erdf.en
                ),
            )),
            version: 1,
            created_at: s.now,
            updated_at: s.now,
        };
        programme::insert(s.c, &p)?;
        s.added += 1;
    }

    let track_of =
        |s: &mut Seeder, slug: &str, name: I18nText, kind: TrackKind| -> DbResult<Track> {
            if let Some(t) = find(track::get(s.c, &IdOrSlug::new(slug)))? {
                return Ok(t);
            }
            let t = Track {
                id: eil_shared::TrackId(Uuid::now_v7()),
                programme_id: eip.id,
                slug: slug.into(),
                name,
                kind,
                summary: None,
                version: 1,
                created_at: s.now,
                updated_at: s.now,
            };
            track::insert(s.c, &t)?;
            s.added += 1;
            Ok(t)
        };
    let projects_track = track_of(
        s,
        "ecosystem-innovation-project-management",
        t(
            "Ekosistēmas inovāciju projektu vadības grupa",
            "Ecosystem Innovation Project Management Group",
        ),
        TrackKind::Project,
    )?;
    track_of(
        s,
        "strategic-ecosystem-management",
        t(
            "Stratēģiskā ekosistēmas vadības grupa",
            "Strategic Ecosystem Management Group",
        ),
        TrackKind::Strategy,
    )?;

    let cohort = match find(cohort::get(s.c, &IdOrSlug::new("eip-2023")))? {
        Some(x) => x,
        None => {
            let x = Cohort {
                id: eil_shared::CohortId(Uuid::now_v7()),
                programme_id: eip.id,
                slug: "eip-2023".into(),
                name: t("2023. gada uzņemšana", "2023 intake"),
                starts_on: NaiveDate::from_ymd_opt(2023, 5, 19)
                    .ok_or_else(|| anyhow::anyhow!("date"))?,
                ends_on: None,
                capacity: 74,
                venue: Some("Latvijas Nacionālā bibliotēka, Rīga".into()),
                status: CohortStatus::Running,
                version: 1,
                created_at: s.now,
                updated_at: s.now,
            };
            cohort::insert(s.c, &x)?;
            s.added += 1;
            x
        }
    };

    s.project(
        "modern-sustainable-environment-health-care-centre",
        t(
            "Mūsdienīgas un ilgtspējīgas vides izveide izglītībai un inovācijām Veselības aprūpes centrā",
            "A modern, sustainable environment for education and innovation at the Health Care Centre",
        ),
        &cohort,
        &projects_track,
        &[rtu, bkus],
    )?;
    s.project(
        "rsu-skills-monitoring-platform",
        t(
            "Rīgas Stradiņa universitātes un Latvijas ārstniecības iestāžu vienotās prasmju uzraudzības sistēmas digitālā platforma",
            "Digital platform for a unified skills-monitoring system of Rīga Stradiņš University and Latvian medical institutions",
        ),
        &cohort,
        &projects_track,
        &[rsu],
    )?;
    s.project(
        "crisis-communication-in-healthcare",
        t(
            "Krīzes komunikācija veselības aprūpes nozarē",
            "Crisis communication in the healthcare sector",
        ),
        &cohort,
        &projects_track,
        &[rsu],
    )?;
    s.project(
        "doctoral-programme-industry-cooperation",
        t(
            "Doktorantūras programmas uzlabošana un industrijas sadarbības platformas nodrošināšana, lai pielietotu novatoriskas idejas saskaņā ar jauno doktorantūras programmas modeli",
            "Improving the doctoral programme and an industry-cooperation platform for innovative ideas under the new doctoral programme model",
        ),
        &cohort,
        &projects_track,
        &[lu],
    )?;
    s.project(
        "hybrid-education-strategy",
        t(
            "Hibrīda izglītības stratēģija kā pamats nākotnes universitātēm",
            "Hybrid education strategy as the foundation of future universities",
        ),
        &cohort,
        &projects_track,
        &[lbtu],
    )?;

    if find(event::get(s.c, &IdOrSlug::new("programme-launch-2023")))?.is_none() {
        let e = Event {
            id: eil_shared::EventId(Uuid::now_v7()),
            slug: "programme-launch-2023".into(),
            kind: EventKind::Launch,
            programme_id: Some(eip.id),
            cohort_id: Some(cohort.id),
            title: t(
                "Izglītības inovāciju programmu atklāšana",
                "Launch of the education innovation programmes",
            ),
            summary: Some(t(
                "Vairāk nekā 100 augstākās izglītības un organizāciju pārstāvju klātbūtnē atklātas divas izglītības inovāciju programmas un seši projekti. MIT Bootcamps direktore Hanna Adeijema vadīja darbnīcu.",
                "Before more than 100 representatives of Latvian higher education and organisations, two education innovation programmes and six projects were launched. Hanna Adeyema, Director of MIT Bootcamps, led a workshop.",
            )),
            venue: Some("Latvijas Nacionālā bibliotēka, Rīga".into()),
            // The release gives the day; the hours (10:00–16:00 in Riga) are the demo's.
            starts_at: at("2023-05-19T07:00:00Z")?,
            ends_at: at("2023-05-19T13:00:00Z")?,
            version: 1,
            created_at: s.now,
            updated_at: s.now,
        };
        event::insert(s.c, &e)?;
        s.added += 1;
    }

    let hanna = match person::find_by_email(s.c, "mentor@demo.eil-hub.lv")? {
        Some(p) => p,
        None => {
            let p = Person {
                id: eil_shared::PersonId(Uuid::now_v7()),
                email: Some("mentor@demo.eil-hub.lv".into()),
                full_name: "Hanna Adeyema".into(),
                organisation_id: Some(jwel),
                position: Some("Director, MIT Bootcamps".into()),
                locale: Lang::En,
                phone: None,
                // MIT J-WEL is in Cambridge, Massachusetts.
                time_zone: Some("America/New_York".into()),
                version: 1,
                created_at: s.now,
                updated_at: s.now,
            };
            person::insert(s.c, &p)?;
            s.added += 1;
            p
        }
    };
    if !mentor::exists_for_person(s.c, hanna.id)? {
        let m = Mentor {
            id: eil_shared::MentorId(Uuid::now_v7()),
            person_id: hanna.id,
            full_name: hanna.full_name.clone(),
            title: "Director, MIT Bootcamps".into(),
            organisation_id: Some(jwel),
            bio: Some(t(
                "Pārstāvēja MIT programmu atklāšanā 2023. gada 19. maijā, vadīja darbnīcu un dalījās pieredzē.",
                "Represented MIT at the programme launch on 19 May 2023, led a workshop and shared experience.",
            )),
            expertise: vec!["innovation bootcamps".into(), "workshops".into()],
            capacity: 6,
            version: 1,
            created_at: s.now,
            updated_at: s.now,
        };
        mentor::insert(s.c, &m)?;
        s.added += 1;
    }
    demo_accounts(s)?;
    demo_mentoring(s)
}

/// Hanna Adeyema supports the demo participant's project and has free hours in the coming
/// days, so that booking a session can be tried at once.
fn demo_mentoring(s: &mut Seeder) -> DbResult<()> {
    let Some(hanna) = person::find_by_email(s.c, "mentor@demo.eil-hub.lv")? else {
        return Ok(());
    };
    let Some(mentor_id) = mentor::id_for_person(s.c, hanna.id)? else {
        return Ok(());
    };
    let project = project::get(s.c, &IdOrSlug::new("crisis-communication-in-healthcare"))?;
    let pid = project.id;
    if !mentor::is_assigned(s.c, pid, mentor_id)? {
        mentor::assign(s.c, pid, mentor_id, s.now)?;
        s.added += 1;
    }
    let upcoming = availability::list(
        s.c,
        mentor_id,
        &eil_shared::availability::AvailabilityQuery {
            from: Some(s.now),
            ..Default::default()
        },
    )?;
    if upcoming.items.is_empty() {
        // 14:00 UTC: afternoon in Riga, morning in Boston.
        let today = s.now.date_naive();
        for day in 1..=3 {
            let start = (today + chrono::Duration::days(day))
                .and_hms_opt(14, 0, 0)
                .map(|t| t.and_utc())
                .ok_or_else(|| anyhow::anyhow!("a valid time"))?;
            availability::insert(
                s.c,
                &eil_shared::availability::AvailabilitySlot {
                    id: eil_shared::AvailabilitySlotId(Uuid::now_v7()),
                    mentor_id,
                    starts_at: start,
                    ends_at: start + chrono::Duration::hours(1),
                    version: 1,
                    created_at: s.now,
                    updated_at: s.now,
                },
            )?;
            s.added += 1;
        }
    }
    Ok(())
}

const DEMO_CLIENT: &str = "University of Latvia (demo)";

/// A partner API client for the University of Latvia with every scope. Its secret appears
/// once, in the log line of the start that made it; rotating it gives a new one.
fn demo_client(s: &mut Seeder) -> DbResult<String> {
    let lu = organisation::get(s.c, &IdOrSlug::new("university-of-latvia"))?;
    if let Some(id) = api_client::find_by_name(s.c, &lu.id.to_string(), DEMO_CLIENT)? {
        return Ok(format!(
            "Demo partner client of the University of Latvia: client_id={id} (its secret was printed when it was made; rotate it with POST /api/v1/clients/{id}/rotate)"
        ));
    }
    let (secret, hash) = crate::auth::new_client_secret();
    let made = api_client::create(
        s.c,
        &CreateApiClient {
            organisation_id: lu.id,
            name: DEMO_CLIENT.into(),
            scopes: Scope::ALL.to_vec(),
        },
        secret,
        hash,
    )?;
    s.added += 1;
    Ok(format!(
        "Demo partner client of the University of Latvia (demo only; shown once): client_id={} client_secret={}",
        made.client.id, made.client_secret
    ))
}

/// One login per role, for trying the product; never created outside demo mode.
fn demo_accounts(s: &mut Seeder) -> DbResult<()> {
    let accounts = [
        (
            AccountRole::Participant,
            "participant@demo.eil-hub.lv",
            "Līga Ozola (demo)",
        ),
        (
            AccountRole::Mentor,
            "mentor@demo.eil-hub.lv",
            "Hanna Adeyema",
        ),
        (
            AccountRole::Coordinator,
            "coordinator@demo.eil-hub.lv",
            "Coordinator (demo)",
        ),
        (
            AccountRole::Funder,
            "funder@demo.eil-hub.lv",
            "Ministry reader (demo)",
        ),
        (
            AccountRole::Admin,
            "admin@demo.eil-hub.lv",
            "Administrator (demo)",
        ),
    ];
    for (role, email, name) in accounts {
        if account::credentials(s.c, email)?.is_some() {
            continue;
        }
        let person = auth::ensure_account(s.c, email, name, &format!("eil-demo-{role}"), &[role])
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        s.added += 1;
        if role == AccountRole::Participant {
            let project = project::get(s.c, &IdOrSlug::new("crisis-communication-in-healthcare"))?;
            project::add_member(s.c, project.id, person, TeamRole::Member)?;
        }
    }
    Ok(())
}
