//! Interface strings in Latvian (the default) and English; the choice is remembered.
//!
//! Every key has both languages side by side, so that none can be missing.

use eil_shared::Lang;
use leptos::prelude::*;

const STORAGE_KEY: &str = "eil-hub.lang";

/// The chosen language, shared through context.
#[derive(Clone, Copy)]
pub struct Language(pub RwSignal<Lang>);

pub fn provide_language() -> Language {
    let stored = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    let lang = match stored.as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Lv,
    };
    let language = Language(RwSignal::new(lang));
    provide_context(language);
    Effect::new(move |_| {
        let lang = language.0.get();
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, lang.as_str());
        }
        if let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = html.set_attribute("lang", lang.as_str());
        }
    });
    language
}

pub fn use_language() -> Language {
    use_context::<Language>().unwrap_or_else(|| Language(RwSignal::new(Lang::Lv)))
}

/// A reactive translator: `tr(Key::Projects)` re-reads the language when it changes.
pub fn translator() -> impl Fn(Key) -> &'static str + Copy + 'static {
    let lang = use_language().0;
    move |k| t(lang.get(), k)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Every interface string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    AppName,
    Tagline,
    Programmes,
    Loading,
    NoProgrammes,
    LoadFailed,
    Tracks,
    Cohorts,
    NoTracks,
    NoCohorts,
    Places,
    StartsOn,
    NotFound,
    BackToCatalogue,
    SwitchLanguage,
    SkipToContent,
    ApiDocs,
    Projects,
    Mentors,
    Events,
    Accessibility,
    SignIn,
    SignOut,
    Dashboard,
    Email,
    Password,
    SigningIn,
    HomeIntro,
    UpcomingEvents,
    NoUpcomingEvents,
    PastEvents,
    NoEvents,
    ErdfTitle,
    ErdfText,
    EuEmblem,
    Search,
    Status,
    Cohort,
    Host,
    Mentor,
    Any,
    ApplyFilters,
    ClearFilters,
    NoProjects,
    MoreResults,
    Hosts,
    Team,
    Milestones,
    NoMilestones,
    Updates,
    NoUpdates,
    NoMentors,
    PostUpdate,
    UpdateText,
    Publish,
    Saving,
    Saved,
    Feedback,
    GiveFeedback,
    Expertise,
    FreeSlots,
    NoFreeSlots,
    Book,
    BookFor,
    Sessions,
    NoSessions,
    Cancel,
    ConfirmCancel,
    Cancelled,
    TimesShownIn,
    MyProjects,
    AssignedProjects,
    NoOwnProjects,
    Availability,
    AddSlot,
    From,
    To,
    Kpis,
    ParticipantsBySector,
    ProjectsByStatus,
    SessionsHeld,
    SessionsScheduled,
    EventsHeld,
    EventsUpcoming,
    ActiveEnrolments,
    DownloadCsv,
    ManageCohorts,
    Programme,
    Name,
    NameLv,
    NameEn,
    Slug,
    Capacity,
    Create,
    Created,
    EnrolPerson,
    Person,
    Enrol,
    Accounts,
    Roles,
    ApiClients,
    NewClient,
    Organisation,
    Scopes,
    SecretOnce,
    Revoked,
    Invitation,
    SetPassword,
    PasswordHint,
    AccessibilityText,
    Welcome,
    RoleParticipant,
    RoleMentor,
    RoleCoordinator,
    RoleFunder,
    RoleAdmin,
    StatusProposed,
    StatusApproved,
    StatusActive,
    StatusCompleted,
    StatusCancelled,
    Unknown,
    Menu,
    EditProject,
    SummaryLv,
    SummaryEn,
    Save,
    MySessions,
    Notes,
    AssignMentor,
    Assign,
    NewEvent,
    Kind,
    Rotate,
    Revoke,
    ConfirmRevoke,
    MilestonePlanned,
    MilestoneInProgress,
    MilestoneDone,
    MilestoneMissed,
    SessionScheduled,
    EventLaunch,
    EventWorkshop,
    EventBootcamp,
    EventWebinar,
    EventConference,
    OrgUniversity,
    OrgHospital,
    OrgMinistry,
    OrgBusinessSchool,
    OrgPartnerLab,
    OrgCompany,
    MyCohorts,
    NoCohortsOwn,
    InvitePerson,
    FullName,
    Invite,
    InvitationLinkOnce,
    NewProgramme,
    NewTrack,
    NewProject,
    TrackProject,
    TrackStrategy,
    AddMilestone,
    DueOn,
    Delete,
    ConfirmDelete,
    ManageRecords,
    Enrolments,
    ActiveStatus,
    WithdrawnStatus,
    Unassign,
    UpcomingSlots,
    NoFiguresYet,
    NothingYet,
}

pub fn t(lang: Lang, key: Key) -> &'static str {
    use Key::*;
    let (lv, en) = match key {
        AppName => ("EIL Hub", "EIL Hub"),
        Tagline => (
            "Izglītības inovāciju laboratorijas programmas, projekti un mentori",
            "Programmes, projects and mentors of the Education Innovation Lab",
        ),
        Programmes => ("Programmas", "Programmes"),
        Loading => ("Ielādē…", "Loading…"),
        NoProgrammes => (
            "Vēl nav nevienas programmas.",
            "There are no programmes yet.",
        ),
        LoadFailed => ("Neizdevās ielādēt", "Could not load"),
        Tracks => ("Apakšprogrammas", "Tracks"),
        Cohorts => ("Uzņemšanas", "Cohorts"),
        NoTracks => (
            "Šai programmai nav apakšprogrammu.",
            "This programme has no tracks.",
        ),
        NoCohorts => (
            "Šai programmai vēl nav uzņemšanu.",
            "This programme has no cohorts yet.",
        ),
        Places => ("vietas", "places"),
        StartsOn => ("sākums", "starts"),
        NotFound => ("Šī lapa nav atrodama.", "This page does not exist."),
        BackToCatalogue => ("Uz programmu sarakstu", "Back to the programmes"),
        SwitchLanguage => ("English", "Latviski"),
        SkipToContent => ("Pāriet uz saturu", "Skip to content"),
        ApiDocs => ("API dokumentācija", "API documentation"),
        Projects => ("Projekti", "Projects"),
        Mentors => ("Mentori", "Mentors"),
        Events => ("Pasākumi", "Events"),
        Accessibility => ("Piekļūstamība", "Accessibility"),
        SignIn => ("Pieteikties", "Sign in"),
        SignOut => ("Iziet", "Sign out"),
        Dashboard => ("Mans panelis", "My dashboard"),
        Email => ("E-pasts", "E-mail"),
        Password => ("Parole", "Password"),
        SigningIn => ("Piesakās…", "Signing in…"),
        HomeIntro => (
            "Rīgas Biznesa skolas (Rīgas Tehniskā universitāte) Izglītības inovāciju laboratorija kopā ar stratēģisko partneri MIT J-WEL un Izglītības un zinātnes ministriju īsteno izglītības inovāciju programmas Latvijas līderiem.",
            "The Education Innovation Lab of Riga Business School (Riga Technical University), with MIT J-WEL as strategic partner and the Ministry of Education and Science, runs education innovation programmes for Latvian leaders.",
        ),
        UpcomingEvents => ("Gaidāmie pasākumi", "Upcoming events"),
        NoUpcomingEvents => ("Tuvākajā laikā pasākumu nav.", "No events are coming up."),
        PastEvents => ("Notikušie pasākumi", "Past events"),
        NoEvents => ("Pasākumu vēl nav.", "There are no events yet."),
        ErdfTitle => (
            "Eiropas Reģionālās attīstības fonds",
            "European Regional Development Fund",
        ),
        ErdfText => (
            "Projekts Nr. 1.1.1.5/18/I/008 „Atbalsts RTU starptautiskās sadarbības projektiem pētniecībā un inovācijās” tiek līdzfinansēts no Eiropas Reģionālās attīstības fonda.",
            "Project No. 1.1.1.5/18/I/008 “Support for RTU international cooperation projects in research and innovation” is co-funded by the European Regional Development Fund.",
        ),
        EuEmblem => ("Eiropas Savienības karogs", "Flag of the European Union"),
        Search => ("Meklēt", "Search"),
        Status => ("Statuss", "Status"),
        Cohort => ("Uzņemšana", "Cohort"),
        Host => ("Īstenotājs", "Host"),
        Mentor => ("Mentors", "Mentor"),
        Any => ("Visi", "Any"),
        ApplyFilters => ("Atlasīt", "Filter"),
        ClearFilters => ("Notīrīt", "Clear"),
        NoProjects => (
            "Neviens projekts neatbilst atlasei.",
            "No project matches these filters.",
        ),
        MoreResults => ("Rādīt vairāk", "Show more"),
        Hosts => ("Īstenotāji", "Hosts"),
        Team => ("Komanda", "Team"),
        Milestones => ("Starpposmi", "Milestones"),
        NoMilestones => ("Starpposmu vēl nav.", "No milestones yet."),
        Updates => ("Progresa ziņas", "Progress updates"),
        NoUpdates => ("Progresa ziņu vēl nav.", "No progress updates yet."),
        NoMentors => ("Mentoru vēl nav.", "No mentors yet."),
        PostUpdate => ("Publicēt progresa ziņu", "Post a progress update"),
        UpdateText => ("Kas paveikts?", "What has been done?"),
        Publish => ("Publicēt", "Publish"),
        Saving => ("Saglabā…", "Saving…"),
        Saved => ("Saglabāts.", "Saved."),
        Feedback => ("Mentora atsauksme", "Mentor feedback"),
        GiveFeedback => ("Sniegt atsauksmi", "Give feedback"),
        Expertise => ("Kompetence", "Expertise"),
        FreeSlots => ("Brīvie laiki", "Free slots"),
        NoFreeSlots => ("Brīvu laiku nav.", "No free slots."),
        Book => ("Rezervēt", "Book"),
        BookFor => ("Projekts, kam rezervēt", "Book for project"),
        Sessions => ("Mentoringa sesijas", "Mentoring sessions"),
        NoSessions => ("Sesiju nav.", "No sessions."),
        Cancel => ("Atcelt", "Cancel"),
        ConfirmCancel => ("Vai tiešām atcelt šo sesiju?", "Cancel this session?"),
        Cancelled => ("atcelta", "cancelled"),
        TimesShownIn => (
            "Laiki norādīti jūsu laika joslā",
            "Times are shown in your time zone",
        ),
        MyProjects => ("Mani projekti", "My projects"),
        AssignedProjects => ("Piešķirtie projekti", "Assigned projects"),
        NoOwnProjects => (
            "Jūs vēl neesat nevienā projektā.",
            "You are not on any project yet.",
        ),
        Availability => ("Pieejamība", "Availability"),
        AddSlot => ("Pievienot laiku", "Add a slot"),
        From => ("No", "From"),
        To => ("Līdz", "To"),
        Kpis => ("Galvenie rādītāji", "Key figures"),
        ParticipantsBySector => ("Dalībnieki pa nozarēm", "Participants by sector"),
        ProjectsByStatus => ("Projekti pa statusiem", "Projects by status"),
        SessionsHeld => ("Notikušās sesijas", "Sessions held"),
        SessionsScheduled => ("Plānotās sesijas", "Sessions scheduled"),
        EventsHeld => ("Notikušie pasākumi", "Events held"),
        EventsUpcoming => ("Gaidāmie pasākumi", "Events upcoming"),
        ActiveEnrolments => ("Aktīvie dalībnieki", "Active participants"),
        DownloadCsv => ("Lejupielādēt CSV", "Download CSV"),
        ManageCohorts => ("Jauna uzņemšana", "New cohort"),
        Programme => ("Programma", "Programme"),
        Name => ("Nosaukums", "Name"),
        NameLv => ("Nosaukums latviski", "Name in Latvian"),
        NameEn => ("Nosaukums angliski", "Name in English"),
        Slug => ("Adreses vārds", "URL name"),
        Capacity => ("Vietu skaits", "Places"),
        Create => ("Izveidot", "Create"),
        Created => ("Izveidots.", "Created."),
        EnrolPerson => ("Uzņemt dalībnieku", "Enrol a person"),
        Person => ("Persona", "Person"),
        Enrol => ("Uzņemt", "Enrol"),
        Accounts => ("Konti", "Accounts"),
        Roles => ("Lomas", "Roles"),
        ApiClients => ("API klienti", "API clients"),
        NewClient => ("Jauns API klients", "New API client"),
        Organisation => ("Organizācija", "Organisation"),
        Scopes => ("Tiesības", "Scopes"),
        SecretOnce => (
            "Noslēpums tiek parādīts tikai šoreiz. Saglabājiet to droši.",
            "The secret is shown only this once. Keep it safe.",
        ),
        Revoked => ("atsaukts", "revoked"),
        Invitation => ("Ielūgums", "Invitation"),
        SetPassword => ("Iestatiet paroli", "Set your password"),
        PasswordHint => ("Vismaz 12 rakstzīmes.", "At least 12 characters."),
        AccessibilityText => (
            "EIL Hub tiecas atbilst WCAG 2.1 AA līmenim: visu var izdarīt ar tastatūru, fokuss ir redzams, krāsu kontrasts ir pietiekams, lapas ir lietojamas tālrunī, un katrai lapai ir virsraksti un orientieri. Ja kaut kas nav piekļūstams, rakstiet Izglītības inovāciju laboratorijai.",
            "EIL Hub aims to meet WCAG 2.1 level AA: everything works with the keyboard, focus is visible, colour contrast is sufficient, pages work on a phone, and every page has headings and landmarks. If something is not accessible to you, write to the Education Innovation Lab.",
        ),
        Welcome => ("Sveiki", "Welcome"),
        RoleParticipant => ("dalībnieks", "participant"),
        RoleMentor => ("mentors", "mentor"),
        RoleCoordinator => ("koordinators", "coordinator"),
        RoleFunder => ("finansētājs", "funder"),
        RoleAdmin => ("administrators", "admin"),
        StatusProposed => ("ierosināts", "proposed"),
        StatusApproved => ("apstiprināts", "approved"),
        StatusActive => ("aktīvs", "active"),
        StatusCompleted => ("pabeigts", "completed"),
        StatusCancelled => ("atcelts", "cancelled"),
        Unknown => ("nav norādīts", "not recorded"),
        Menu => ("Izvēlne", "Menu"),
        EditProject => ("Labot projekta aprakstu", "Edit the project's description"),
        SummaryLv => ("Apraksts latviski", "Summary in Latvian"),
        SummaryEn => ("Apraksts angliski", "Summary in English"),
        Save => ("Saglabāt", "Save"),
        MySessions => ("Manas sesijas", "My sessions"),
        Notes => ("Piezīmes", "Notes"),
        AssignMentor => ("Piešķirt mentoru", "Assign a mentor"),
        Assign => ("Piešķirt", "Assign"),
        NewEvent => ("Jauns pasākums", "New event"),
        Kind => ("Veids", "Kind"),
        Rotate => ("Jauns noslēpums", "New secret"),
        Revoke => ("Atsaukt", "Revoke"),
        ConfirmRevoke => (
            "Vai tiešām atsaukt šo klientu? Tā piekļuve beigsies uzreiz.",
            "Revoke this client? Its access ends at once.",
        ),
        MilestonePlanned => ("plānots", "planned"),
        MilestoneInProgress => ("notiek", "in progress"),
        MilestoneDone => ("paveikts", "done"),
        MilestoneMissed => ("nokavēts", "missed"),
        SessionScheduled => ("plānota", "scheduled"),
        EventLaunch => ("atklāšana", "launch"),
        EventWorkshop => ("darbnīca", "workshop"),
        EventBootcamp => ("intensīvās mācības", "bootcamp"),
        EventWebinar => ("vebinārs", "webinar"),
        EventConference => ("konference", "conference"),
        OrgUniversity => ("universitātes", "universities"),
        OrgHospital => ("slimnīcas", "hospitals"),
        OrgMinistry => ("ministrijas", "ministries"),
        OrgBusinessSchool => ("biznesa skolas", "business schools"),
        OrgPartnerLab => ("partneru laboratorijas", "partner labs"),
        OrgCompany => ("uzņēmumi", "companies"),
        MyCohorts => ("Manas uzņemšanas", "My cohorts"),
        NoCohortsOwn => (
            "Jūs vēl neesat uzņemts nevienā uzņemšanā.",
            "You are not enrolled in a cohort yet.",
        ),
        InvitePerson => ("Uzaicināt personu", "Invite a person"),
        FullName => ("Vārds, uzvārds", "Full name"),
        Invite => ("Uzaicināt", "Invite"),
        InvitationLinkOnce => (
            "Nosūtiet šo saiti uzaicinātajam. Tā derīga 14 dienas un tiek parādīta tikai šoreiz.",
            "Send this link to the invitee. It works for 14 days and is shown only this once.",
        ),
        NewProgramme => ("Jauna programma", "New programme"),
        NewTrack => ("Jauna apakšprogramma", "New track"),
        NewProject => ("Jauns projekts", "New project"),
        TrackProject => ("projektu grupa", "project group"),
        TrackStrategy => ("stratēģijas grupa", "strategy group"),
        AddMilestone => ("Pievienot starpposmu", "Add a milestone"),
        DueOn => ("Termiņš", "Due"),
        Delete => ("Dzēst", "Delete"),
        ConfirmDelete => ("Vai tiešām dzēst?", "Delete this?"),
        Enrolments => ("Uzņemtie dalībnieki", "Enrolments"),
        ActiveStatus => ("aktīvs", "active"),
        WithdrawnStatus => ("izstājies", "withdrawn"),
        Unassign => ("Noņemt", "Unassign"),
        NothingYet => ("Vēl nav neviena ieraksta.", "Nothing here yet."),
        NoFiguresYet => ("Vēl nav datu.", "No figures yet."),
        UpcomingSlots => ("Mani brīvie laiki", "My free hours"),
        ManageRecords => ("Ieraksti: pārdēvēt vai dzēst", "Records: rename or delete"),
    };
    match lang {
        Lang::Lv => lv,
        Lang::En => en,
    }
}

/// A date as the language writes it: `19.05.2023.` or `19 May 2023`.
pub fn date(lang: Lang, d: chrono::NaiveDate) -> String {
    match lang {
        Lang::Lv => d.format("%d.%m.%Y.").to_string(),
        Lang::En => d.format("%-d %B %Y").to_string(),
    }
}

/// An instant in the viewer's own time zone, as the language writes it.
pub fn date_time(lang: Lang, at: chrono::DateTime<chrono::Utc>) -> String {
    let offset_min = js_sys_offset(at);
    let local = at.naive_utc() - chrono::Duration::minutes(offset_min);
    match lang {
        Lang::Lv => local.format("%d.%m.%Y. %H:%M").to_string(),
        Lang::En => local.format("%-d %b %Y, %H:%M").to_string(),
    }
}

/// The browser's offset from UTC at `at`, in minutes as `Date.getTimezoneOffset` gives it
/// (Riga in summer: -180).
fn js_sys_offset(at: chrono::DateTime<chrono::Utc>) -> i64 {
    let ms = at.timestamp_millis() as f64;
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms)).get_timezone_offset() as i64
}

/// A number with the language's grouping: `1 234` or `1,234`.
pub fn number(lang: Lang, n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let sep = if lang == Lang::Lv { '\u{a0}' } else { ',' };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// The words of the outbox and webhook pages (coordinators and admins). They are a table of
/// their own, not part of `Key`: only those pages call `outbox_text`, so the build moves
/// the function and its strings into their chunks instead of the first download.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutboxKey {
    Administration,
    Outbox,
    OutboxIntro,
    Channel,
    ChannelWebhook,
    ChannelEmail,
    Pending,
    Sent,
    Failed,
    Type,
    Recipient,
    Attempts,
    LastError,
    Created,
    SentAt,
    AttemptLog,
    Code,
    NextAttempt,
    Retry,
    Queued,
    NoNotices,
    NoDeliveries,
    Refresh,
    StaffOnly,
    AdminsOnly,
    BackToDashboard,
    Webhooks,
    WebhooksIntro,
    Subscription,
    NewWebhook,
    Url,
    EventTypes,
    AllOfResource,
    Description,
    SigningSecret,
    SecretNotShownAgain,
    Disabled,
    DisabledReason,
    FailingSince,
    Enable,
    Disable,
    SendPing,
    PingQueued,
    ConfirmDeleteWebhook,
    DeliveryLog,
    Redeliver,
    Owner,
    OwnerAdmin,
    OwnerClient,
    NoWebhooks,
    BackToWebhooks,
}

pub fn outbox_text(lang: Lang, key: OutboxKey) -> &'static str {
    use OutboxKey::*;
    let (lv, en) = match key {
        Administration => ("Pārvaldība", "Administration"),
        Outbox => ("Izsūtne", "Outbox"),
        OutboxIntro => (
            "Viss, ko EIL Hub sūta (piegādes tīmekļa āķiem un e-pasti), ar katru mēģinājumu. Saturs netiek rādīts: e-pastos ir vienreizējas saites.",
            "Everything EIL Hub sends (webhook deliveries and e-mails), with every attempt. Contents are not shown: e-mails carry one-time links.",
        ),
        Channel => ("Kanāls", "Channel"),
        ChannelWebhook => ("tīmekļa āķis", "webhook"),
        ChannelEmail => ("e-pasts", "e-mail"),
        Pending => ("gaida", "pending"),
        Sent => ("nosūtīts", "sent"),
        Failed => ("neizdevās", "failed"),
        Type => ("Veids", "Type"),
        Recipient => ("Saņēmējs", "Recipient"),
        Attempts => ("Mēģinājumi", "Attempts"),
        LastError => ("Pēdējā kļūda", "Last error"),
        Created => ("Izveidots", "Created"),
        SentAt => ("Nosūtīts", "Sent at"),
        AttemptLog => ("Mēģinājumu žurnāls", "Attempt log"),
        Code => ("Kods", "Code"),
        NextAttempt => ("Nākamais mēģinājums", "Next attempt"),
        Retry => ("Mēģināt vēlreiz", "Retry"),
        Queued => ("Ielikts rindā.", "Queued."),
        NoNotices => ("Nav neviena paziņojuma.", "No notices."),
        NoDeliveries => ("Vēl nav nevienas piegādes.", "No deliveries yet."),
        Refresh => ("Atjaunot", "Refresh"),
        StaffOnly => (
            "Šī lapa ir koordinatoriem un administratoriem.",
            "This page is for coordinators and administrators.",
        ),
        AdminsOnly => (
            "Šī lapa ir administratoriem.",
            "This page is for administrators.",
        ),
        BackToDashboard => ("Uz manu paneli", "Back to my dashboard"),
        Webhooks => ("Tīmekļa āķi", "Webhooks"),
        WebhooksIntro => (
            "Abonementi saņem parakstītus paziņojumus par izmaiņām (Standard Webhooks 1.0).",
            "Subscriptions receive signed notices of changes (Standard Webhooks 1.0).",
        ),
        Subscription => ("Abonements", "Subscription"),
        NewWebhook => ("Jauns abonements", "New subscription"),
        Url => ("Adrese (URL)", "URL"),
        EventTypes => ("Notikumu veidi", "Event types"),
        AllOfResource => ("visi", "all"),
        Description => ("Apraksts", "Description"),
        SigningSecret => ("Parakstīšanas noslēpums", "Signing secret"),
        SecretNotShownAgain => (
            "Nokopējiet to tagad: tas vairs netiks parādīts.",
            "Copy it now: it is not shown again.",
        ),
        Disabled => ("apturēts", "disabled"),
        DisabledReason => ("Iemesls", "Reason"),
        FailingSince => ("Piegādes neizdodas kopš", "Deliveries failing since"),
        Enable => ("Ieslēgt", "Enable"),
        Disable => ("Apturēt", "Disable"),
        SendPing => ("Nosūtīt testa ziņu", "Send a test ping"),
        PingQueued => (
            "Testa ziņa ielikta rindā; tās iznākums parādīsies piegāžu žurnālā.",
            "Test ping queued; its outcome shows in the delivery log.",
        ),
        ConfirmDeleteWebhook => (
            "Dzēst šo abonementu kopā ar tā piegāžu žurnālu?",
            "Delete this subscription with its delivery log?",
        ),
        DeliveryLog => ("Piegāžu žurnāls", "Delivery log"),
        Redeliver => ("Piegādāt vēlreiz", "Redeliver"),
        Owner => ("Īpašnieks", "Owner"),
        OwnerAdmin => (
            "administrators (visu ierakstu notikumi)",
            "administrator (events of every record)",
        ),
        OwnerClient => ("partnera API klients", "partner API client"),
        NoWebhooks => ("Vēl nav neviena abonementa.", "No subscriptions yet."),
        BackToWebhooks => ("Uz tīmekļa āķu sarakstu", "Back to the webhooks"),
    };
    match lang {
        Lang::Lv => lv,
        Lang::En => en,
    }
}

/// `outbox_text` in the chosen language, re-read when it changes.
pub fn outbox_translator() -> impl Fn(OutboxKey) -> &'static str + Copy + 'static {
    let lang = use_language().0;
    move |k| outbox_text(lang.get(), k)
}

/// The texts of the password reset pages (and the sign-in page's link to them), apart from
/// [`Key`] so that they travel in those pages' chunks, not in the first download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetKey {
    ForgotPassword,
    ForgotIntro,
    SendLink,
    SendingLink,
    LinkSent,
    ResetPassword,
    NewPassword,
    NewPasswordAgain,
    PasswordsDiffer,
    SavePassword,
    PasswordChanged,
    NoToken,
}

pub fn reset_text(lang: Lang, key: ResetKey) -> &'static str {
    use ResetKey::*;
    let (lv, en) = match key {
        ForgotPassword => ("Aizmirsāt paroli?", "Forgot your password?"),
        ForgotIntro => (
            "Ierakstiet e-pasta adresi, ar kuru pieslēdzaties; nosūtīsim saiti jaunas paroles izvēlei.",
            "Enter the e-mail address you sign in with; we will send a link to choose a new password.",
        ),
        SendLink => ("Sūtīt saiti", "Send the link"),
        SendingLink => ("Sūta…", "Sending…"),
        LinkSent => (
            "Ja šai adresei ir konts, saite jau ceļā. Tā darbojas vienu stundu. Pārbaudiet arī mēstuļu mapi.",
            "If an account has this address, the link is on its way. It works for one hour. Check the spam folder too.",
        ),
        ResetPassword => ("Jaunas paroles izvēle", "Choose a new password"),
        NewPassword => ("Jaunā parole", "New password"),
        NewPasswordAgain => ("Jaunā parole vēlreiz", "New password again"),
        PasswordsDiffer => ("Paroles nesakrīt.", "The passwords differ."),
        SavePassword => ("Saglabāt paroli", "Save the password"),
        PasswordChanged => (
            "Parole nomainīta, un visas iepriekšējās pieslēgšanās ir beigušās. Pieslēdzieties ar jauno paroli.",
            "Password changed, and every earlier sign-in has ended. Sign in with the new password.",
        ),
        NoToken => (
            "Šai saitei trūkst koda. Atveriet saiti no e-pasta vai pieprasiet jaunu.",
            "This link has no code. Open the link from the e-mail, or ask for a new one.",
        ),
    };
    match lang {
        Lang::Lv => lv,
        Lang::En => en,
    }
}

/// `reset_text` in the chosen language, re-read when it changes.
pub fn reset_translator() -> impl Fn(ResetKey) -> &'static str + Copy + 'static {
    let lang = use_language().0;
    move |k| reset_text(lang.get(), k)
}
