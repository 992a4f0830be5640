//! Creating the diagnostic's records, with their rules.
//!
//! Every function here runs inside one [`WriteTx`] and validates its input before writing:
//! a blank title, a thematic workshop without a theme, or an end before a start are refused
//! with a French message, and nothing is written.

use uuid::Uuid;

use crate::model::{ParticipantRole, StructureType, WorkshopKind};
use crate::schema;
use crate::store::{Result, StoreError, WriteTx};

/// The contribution categories every diagnostic starts with: (code, label, shortcut).
pub const DEFAULT_CATEGORIES: &[(&str, &str, &str)] = &[
    ("constat", "Constat", "c"),
    ("atout", "Atout", "a"),
    ("difficulte", "Difficulté", "d"),
    ("besoin", "Besoin", "b"),
    ("idee", "Idée", "i"),
    ("preconisation", "Préconisation", "p"),
];

fn required<'t>(value: &'t str, what: &str) -> Result<&'t str> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(StoreError::InvalidInput(format!("{what} ne peut pas être vide.")));
    }
    Ok(trimmed)
}

pub struct NewDiagnostic<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// `YYYY-MM-DD`.
    pub period_start: Option<&'a str>,
    pub period_end: Option<&'a str>,
    pub is_demo: bool,
}

/// Creates a diagnostic with the default contribution categories.
pub fn create_diagnostic(tx: &mut WriteTx<'_>, new: &NewDiagnostic<'_>) -> Result<Uuid> {
    let title = required(new.title, "Le titre du diagnostic")?;
    for date in [new.period_start, new.period_end].into_iter().flatten() {
        if chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err() {
            return Err(StoreError::InvalidInput(format!("« {date} » n'est pas une date (AAAA-MM-JJ).")));
        }
    }
    if let (Some(start), Some(end)) = (new.period_start, new.period_end) {
        if end < start {
            return Err(StoreError::InvalidInput("La période se termine avant de commencer.".into()));
        }
    }
    let id = tx.insert_record(
        &schema::DIAGNOSTIC,
        None,
        &[
            ("title", title.into()),
            ("description", new.description.trim().into()),
            ("period_start", new.period_start.into()),
            ("period_end", new.period_end.into()),
            ("is_demo", new.is_demo.into()),
        ],
    )?;
    for (position, (code, label, shortcut)) in DEFAULT_CATEGORIES.iter().enumerate() {
        tx.insert_record(
            &schema::CATEGORY,
            Some(id),
            &[
                ("code", (*code).into()),
                ("label", (*label).into()),
                ("shortcut", (*shortcut).into()),
                ("position", (position as i64).into()),
            ],
        )?;
    }
    Ok(id)
}

pub fn add_stake(tx: &mut WriteTx<'_>, diagnostic: Uuid, position: i64, label: &str) -> Result<Uuid> {
    let label = required(label, "L'intitulé de l'enjeu")?;
    tx.insert_record(
        &schema::STAKE,
        Some(diagnostic),
        &[("label", label.into()), ("position", position.into())],
    )
}

pub fn add_territory(
    tx: &mut WriteTx<'_>,
    diagnostic: Uuid,
    position: i64,
    name: &str,
    communes: &[&str],
) -> Result<Uuid> {
    let name = required(name, "Le nom du territoire")?;
    tx.insert_record(
        &schema::TERRITORY,
        Some(diagnostic),
        &[("name", name.into()), ("communes", communes.join("\n").into()), ("position", position.into())],
    )
}

pub fn add_theme(tx: &mut WriteTx<'_>, diagnostic: Uuid, position: i64, name: &str) -> Result<Uuid> {
    let name = required(name, "Le nom du thème")?;
    tx.insert_record(
        &schema::THEME,
        Some(diagnostic),
        &[("name", name.into()), ("position", position.into())],
    )
}

/// The id of a diagnostic's category by code, e.g. `"besoin"`.
pub fn category_id(tx: &WriteTx<'_>, diagnostic: Uuid, code: &str) -> Result<Uuid> {
    use rusqlite::OptionalExtension;
    tx.connection()
        .query_row(
            "SELECT id FROM category WHERE diagnostic_id = ?1 AND code = ?2 AND deleted = 0 ORDER BY id LIMIT 1",
            rusqlite::params![diagnostic, code],
            |row| row.get(0),
        )
        .optional()?
        .ok_or_else(|| StoreError::InvalidInput(format!("La catégorie « {code} » n'existe pas dans ce diagnostic.")))
}

/// Where a workshop happens: a territory for a territorial one, a theme for a thematic one.
#[derive(Debug, Clone, Copy)]
pub enum WorkshopScope {
    Territory(Uuid),
    Theme(Uuid),
}

pub struct NewWorkshop<'a> {
    pub scope: WorkshopScope,
    pub title: &'a str,
    /// RFC 3339.
    pub starts_at: Option<&'a str>,
    pub ends_at: Option<&'a str>,
    pub place: &'a str,
    pub facilitators: &'a [&'a str],
    pub token_budget: i64,
}

pub fn add_workshop(tx: &mut WriteTx<'_>, diagnostic: Uuid, new: &NewWorkshop<'_>) -> Result<Uuid> {
    let title = required(new.title, "Le titre de l'atelier")?;
    let parse = |text: &str| {
        chrono::DateTime::parse_from_rfc3339(text).map(|at| at.with_timezone(&chrono::Utc)).map_err(|_| {
            StoreError::InvalidInput(format!("« {text} » n'est pas une date et une heure valides."))
        })
    };
    let starts = new.starts_at.map(parse).transpose()?;
    let ends = new.ends_at.map(parse).transpose()?;
    if let (Some(start), Some(end)) = (starts, ends) {
        if end <= start {
            return Err(StoreError::InvalidInput("L'atelier doit finir après avoir commencé.".into()));
        }
    }
    let utc = |at: chrono::DateTime<chrono::Utc>| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let (kind, territory, theme) = match new.scope {
        WorkshopScope::Territory(id) => (WorkshopKind::Territorial, Some(id), None),
        WorkshopScope::Theme(id) => (WorkshopKind::Thematic, None, Some(id)),
    };
    tx.insert_record(
        &schema::WORKSHOP,
        Some(diagnostic),
        &[
            ("kind", kind.code().into()),
            ("territory_id", territory.into()),
            ("theme_id", theme.into()),
            ("title", title.into()),
            ("starts_at", starts.map(utc).into()),
            ("ends_at", ends.map(utc).into()),
            ("place", new.place.trim().into()),
            ("facilitators", new.facilitators.join("\n").into()),
            ("token_budget", new.token_budget.into()),
        ],
    )
}

pub fn add_phase(
    tx: &mut WriteTx<'_>,
    workshop: Uuid,
    position: i64,
    title: &str,
    question: &str,
    duration_min: i64,
) -> Result<Uuid> {
    let title = required(title, "Le titre de la séquence")?;
    if !(0..=24 * 60).contains(&duration_min) {
        return Err(StoreError::InvalidInput("La durée d'une séquence va de 0 à 1440 minutes.".into()));
    }
    tx.insert_record(
        &schema::PHASE,
        Some(workshop),
        &[
            ("title", title.into()),
            ("question", question.trim().into()),
            ("duration_min", duration_min.into()),
            ("position", position.into()),
        ],
    )
}

pub fn add_organisation(
    tx: &mut WriteTx<'_>,
    diagnostic: Uuid,
    name: &str,
    structure_type: StructureType,
) -> Result<Uuid> {
    let name = required(name, "Le nom de la structure")?;
    tx.insert_record(
        &schema::ORGANISATION,
        Some(diagnostic),
        &[("name", name.into()), ("structure_type", structure_type.code().into())],
    )
}

pub struct NewParticipant<'a> {
    pub name: &'a str,
    pub organisation: Option<Uuid>,
    pub structure_type: StructureType,
    pub role: ParticipantRole,
    pub email: Option<&'a str>,
    /// Agreed to be named in the diagnostic; false unless asked and agreed.
    pub consent_named: bool,
}

pub fn add_participant(tx: &mut WriteTx<'_>, diagnostic: Uuid, new: &NewParticipant<'_>) -> Result<Uuid> {
    let name = required(new.name, "Le nom de la personne")?;
    let email = new.email.map(str::trim).filter(|e| !e.is_empty());
    if let Some(email) = email {
        if !email.contains('@') || email.starts_with('@') || email.ends_with('@') {
            return Err(StoreError::InvalidInput(format!("« {email} » n'est pas une adresse électronique.")));
        }
    }
    tx.insert_record(
        &schema::PARTICIPANT,
        Some(diagnostic),
        &[
            ("name", name.into()),
            ("organisation_id", new.organisation.into()),
            ("structure_type", new.structure_type.code().into()),
            ("role", new.role.code().into()),
            ("email", email.into()),
            ("consent_named", new.consent_named.into()),
        ],
    )
}

pub fn mark_attendance(tx: &mut WriteTx<'_>, workshop: Uuid, participant: Uuid) -> Result<()> {
    tx.add_to_set(
        &schema::ATTENDANCE,
        &[("workshop_id", workshop.into()), ("participant_id", participant.into())],
    )
}

/// To whom a new contribution is attributed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributeTo {
    Anonymous,
    Structure(StructureType),
    Participant(Uuid),
}

pub struct NewContribution<'a> {
    pub text: &'a str,
    pub category: Option<Uuid>,
    pub phase: Option<Uuid>,
    pub stakes: &'a [Uuid],
    pub attribution: AttributeTo,
}

pub fn add_contribution(tx: &mut WriteTx<'_>, workshop: Uuid, new: &NewContribution<'_>) -> Result<Uuid> {
    let text = required(new.text, "Le texte de la contribution")?;
    let (participant, structure_type) = match new.attribution {
        AttributeTo::Anonymous => (None, None),
        AttributeTo::Structure(kind) => (None, Some(kind.code())),
        AttributeTo::Participant(id) => (Some(id), None),
    };
    let id = tx.insert_record(
        &schema::CONTRIBUTION,
        Some(workshop),
        &[
            ("text", text.into()),
            ("category_id", new.category.into()),
            ("phase_id", new.phase.into()),
            ("participant_id", participant.into()),
            ("structure_type", structure_type.into()),
            ("duplicate_of", None::<Uuid>.into()),
        ],
    )?;
    for stake in new.stakes {
        tx.add_to_set(
            &schema::CONTRIBUTION_STAKE,
            &[("contribution_id", id.into()), ("stake_id", (*stake).into())],
        )?;
    }
    Ok(id)
}
