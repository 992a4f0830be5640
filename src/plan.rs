//! Planning a workshop (kind, place, date, facilitators, agenda) and taking attendance.
//!
//! Invariants: every change is a stamped edit of the records' fields, so plans merge like
//! everything else; an agenda is saved as positions 0..n in the order given, phases left
//! out are tombstoned (never removed, so contributions keep their phase); a plan is
//! validated before anything is written.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::edit::{self, NewParticipant, NewWorkshop, WorkshopScope};
use crate::model::{ParticipantRole, StructureType, WorkshopKind};
use crate::schema;
use crate::store::{Result, Store, StoreError, WriteTx};
use crate::view::ParticipantView;

/// A workshop's plan, as the planning form edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WorkshopPlan {
    pub kind: WorkshopKind,
    pub territory_id: Option<Uuid>,
    pub theme_id: Option<Uuid>,
    pub title: String,
    /// RFC 3339 (UTC).
    pub starts_at: Option<String>,
    /// RFC 3339 (UTC).
    pub ends_at: Option<String>,
    pub place: String,
    pub facilitators: Vec<String>,
    /// Dots each participant may place when prioritising.
    pub token_budget: u32,
}

/// One phase of an agenda; `id` is absent for a phase not saved yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PhasePlan {
    pub id: Option<Uuid>,
    pub title: String,
    pub question: String,
    pub duration_min: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct WorkshopPlanView {
    pub plan: WorkshopPlan,
    pub agenda: Vec<PhasePlan>,
}

/// Someone arriving at a workshop, as the attendance row captures them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
pub struct NewAttendee {
    pub name: String,
    pub organisation: Option<String>,
    pub structure_type: StructureType,
    pub role: ParticipantRole,
    pub email: Option<String>,
    /// Asked on arrival; false unless the person agreed to be named.
    pub consent_named: bool,
}

impl WorkshopPlan {
    fn scope(&self) -> Result<WorkshopScope> {
        match (self.kind, self.territory_id, self.theme_id) {
            (WorkshopKind::Territorial, Some(territory), _) => Ok(WorkshopScope::Territory(territory)),
            (WorkshopKind::Thematic, _, Some(theme)) => Ok(WorkshopScope::Theme(theme)),
            (WorkshopKind::Territorial, None, _) => {
                Err(StoreError::InvalidInput("Choisissez le territoire de cet atelier territorial.".into()))
            }
            (WorkshopKind::Thematic, _, None) => {
                Err(StoreError::InvalidInput("Choisissez le thème de cet atelier thématique.".into()))
            }
        }
    }

    fn facilitator_names(&self) -> Vec<&str> {
        self.facilitators.iter().map(|f| f.trim()).filter(|f| !f.is_empty()).collect()
    }
}

fn check_in_diagnostic(tx: &WriteTx<'_>, table: &str, id: Uuid, diagnostic: Uuid) -> Result<()> {
    let found: Option<i64> = rusqlite::OptionalExtension::optional(tx.connection().query_row(
        &format!("SELECT 1 FROM {table} WHERE id = ?1 AND diagnostic_id = ?2 AND deleted = 0"),
        rusqlite::params![id, diagnostic],
        |row| row.get(0),
    ))?;
    match found {
        Some(_) => Ok(()),
        None => Err(StoreError::InvalidInput(format!(
            "Ce {} n'appartient pas à ce diagnostic.",
            if table == "territory" { "territoire" } else { "thème" }
        ))),
    }
}

fn check_scope(tx: &WriteTx<'_>, plan: &WorkshopPlan, diagnostic: Uuid) -> Result<WorkshopScope> {
    let scope = plan.scope()?;
    match scope {
        WorkshopScope::Territory(id) => check_in_diagnostic(tx, "territory", id, diagnostic)?,
        WorkshopScope::Theme(id) => check_in_diagnostic(tx, "theme", id, diagnostic)?,
    }
    Ok(scope)
}

fn write_agenda(tx: &mut WriteTx<'_>, workshop: Uuid, agenda: &[PhasePlan]) -> Result<()> {
    let existing: Vec<Uuid> = {
        let mut stmt =
            tx.connection().prepare("SELECT id FROM phase WHERE workshop_id = ?1 AND deleted = 0")?;
        let rows = stmt.query_map([workshop], |row| row.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (position, phase) in agenda.iter().enumerate() {
        let position = position as i64;
        let minutes = i64::from(phase.duration_min);
        match phase.id {
            Some(id) if existing.contains(&id) => {
                let title = phase.title.trim();
                if title.is_empty() {
                    return Err(StoreError::InvalidInput(
                        "Le titre de la séquence ne peut pas être vide.".into(),
                    ));
                }
                set_if_changed(tx, &schema::PHASE, id, "title", title.into())?;
                set_if_changed(tx, &schema::PHASE, id, "question", phase.question.trim().into())?;
                set_if_changed(tx, &schema::PHASE, id, "duration_min", minutes.into())?;
                set_if_changed(tx, &schema::PHASE, id, "position", position.into())?;
            }
            Some(id) => return Err(StoreError::NotFound { what: "Séquence", id }),
            None => {
                edit::add_phase(tx, workshop, position, &phase.title, &phase.question, minutes)?;
            }
        }
    }
    for id in existing {
        if !agenda.iter().any(|phase| phase.id == Some(id)) {
            tx.set_field(&schema::PHASE, id, "deleted", true.into())?;
        }
    }
    Ok(())
}

/// Writes a field only when its value changes: an unchanged field keeps its stamp, so
/// saving a form never overrides someone else's concurrent edit of another field.
fn set_if_changed(
    tx: &mut WriteTx<'_>,
    table: &schema::RecordTable,
    id: Uuid,
    field: &str,
    value: crate::store::FieldValue,
) -> Result<()> {
    let current: rusqlite::types::Value = tx.connection().query_row(
        &format!("SELECT {field} FROM {} WHERE id = ?1", table.name),
        [id],
        |row| row.get(0),
    )?;
    if current != value.0 {
        tx.set_field(table, id, field, value)?;
    }
    Ok(())
}

impl Store {
    /// Creates a workshop of `diagnostic` with its agenda.
    pub fn create_workshop(
        &mut self,
        diagnostic: Uuid,
        plan: &WorkshopPlan,
        agenda: &[PhasePlan],
    ) -> Result<Uuid> {
        self.write(|tx| {
            let scope = check_scope(tx, plan, diagnostic)?;
            let facilitators = plan.facilitator_names();
            let workshop = edit::add_workshop(
                tx,
                diagnostic,
                &NewWorkshop {
                    scope,
                    title: &plan.title,
                    starts_at: plan.starts_at.as_deref(),
                    ends_at: plan.ends_at.as_deref(),
                    place: &plan.place,
                    facilitators: &facilitators,
                    token_budget: i64::from(plan.token_budget),
                },
            )?;
            write_agenda(tx, workshop, agenda)?;
            Ok(workshop)
        })
    }

    /// Saves an edited plan and its agenda in one transaction: both or neither.
    pub fn save_workshop_plan(
        &mut self,
        workshop: Uuid,
        plan: &WorkshopPlan,
        agenda: &[PhasePlan],
    ) -> Result<()> {
        let diagnostic = self.workshop_diagnostic(workshop)?;
        self.write(|tx| {
            write_plan(tx, workshop, diagnostic, plan)?;
            write_agenda(tx, workshop, agenda)
        })
    }

    /// Saves an edited plan; only the fields that changed are written.
    pub fn update_workshop(&mut self, workshop: Uuid, plan: &WorkshopPlan) -> Result<()> {
        let diagnostic = self.workshop_diagnostic(workshop)?;
        self.write(|tx| write_plan(tx, workshop, diagnostic, plan))
    }
}

/// Writes the fields of a plan that changed.
fn write_plan(tx: &mut WriteTx<'_>, workshop: Uuid, diagnostic: Uuid, plan: &WorkshopPlan) -> Result<()> {
    {
        {
            let scope = check_scope(tx, plan, diagnostic)?;
            let title = plan.title.trim();
            if title.is_empty() {
                return Err(StoreError::InvalidInput("Le titre de l'atelier ne peut pas être vide.".into()));
            }
            let (territory, theme) = match scope {
                WorkshopScope::Territory(id) => (Some(id), None),
                WorkshopScope::Theme(id) => (None, Some(id)),
            };
            let normalise = |at: &Option<String>| -> Result<Option<String>> {
                at.as_deref()
                    .map(|text| {
                        chrono::DateTime::parse_from_rfc3339(text)
                            .map(|at| {
                                at.with_timezone(&chrono::Utc)
                                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                            })
                            .map_err(|_| {
                                StoreError::InvalidInput(format!(
                                    "« {text} » n'est pas une date et une heure valides."
                                ))
                            })
                    })
                    .transpose()
            };
            let (starts, ends) = (normalise(&plan.starts_at)?, normalise(&plan.ends_at)?);
            if let (Some(start), Some(end)) = (&starts, &ends) {
                if end <= start {
                    return Err(StoreError::InvalidInput(
                        "L'atelier doit finir après avoir commencé.".into(),
                    ));
                }
            }
            let table = &schema::WORKSHOP;
            set_if_changed(tx, table, workshop, "kind", plan.kind.code().into())?;
            set_if_changed(tx, table, workshop, "territory_id", territory.into())?;
            set_if_changed(tx, table, workshop, "theme_id", theme.into())?;
            set_if_changed(tx, table, workshop, "title", title.into())?;
            set_if_changed(tx, table, workshop, "starts_at", starts.into())?;
            set_if_changed(tx, table, workshop, "ends_at", ends.into())?;
            set_if_changed(tx, table, workshop, "place", plan.place.trim().into())?;
            set_if_changed(tx, table, workshop, "facilitators", plan.facilitator_names().join("\n").into())?;
            set_if_changed(tx, table, workshop, "token_budget", i64::from(plan.token_budget).into())
        }
    }
}

impl Store {
    /// Saves an agenda in the order given.
    pub fn set_agenda(&mut self, workshop: Uuid, agenda: &[PhasePlan]) -> Result<()> {
        self.workshop_diagnostic(workshop)?;
        self.write(|tx| write_agenda(tx, workshop, agenda))
    }

    /// A new workshop with the same plan and agenda as `source` (not its people or
    /// contributions), at another date.
    pub fn duplicate_workshop_plan(
        &mut self,
        source: Uuid,
        title: &str,
        starts_at: Option<&str>,
        ends_at: Option<&str>,
    ) -> Result<Uuid> {
        let diagnostic = self.workshop_diagnostic(source)?;
        let WorkshopPlanView { mut plan, agenda } = self.workshop_plan(source)?;
        plan.title = title.to_string();
        plan.starts_at = starts_at.map(String::from);
        plan.ends_at = ends_at.map(String::from);
        let fresh: Vec<PhasePlan> = agenda.into_iter().map(|phase| PhasePlan { id: None, ..phase }).collect();
        self.create_workshop(diagnostic, &plan, &fresh)
    }

    /// The plan and agenda of a workshop, for the planning form.
    pub fn workshop_plan(&self, workshop: Uuid) -> Result<WorkshopPlanView> {
        let conn = self.connection();
        let plan = rusqlite::OptionalExtension::optional(conn.query_row(
            "SELECT kind, territory_id, theme_id, title, starts_at, ends_at, place, facilitators, token_budget
               FROM workshop WHERE id = ?1 AND deleted = 0",
            [workshop],
            |row| {
                let kind: String = row.get(0)?;
                let facilitators: String = row.get(7)?;
                Ok(WorkshopPlan {
                    kind: WorkshopKind::from_code(&kind).unwrap_or(WorkshopKind::Thematic),
                    territory_id: row.get(1)?,
                    theme_id: row.get(2)?,
                    title: row.get(3)?,
                    starts_at: row.get(4)?,
                    ends_at: row.get(5)?,
                    place: row.get(6)?,
                    facilitators: facilitators.lines().map(String::from).collect(),
                    token_budget: u32::try_from(row.get::<_, i64>(8)?).unwrap_or(0),
                })
            },
        ))?
        .ok_or(StoreError::NotFound { what: "Atelier", id: workshop })?;
        let mut stmt = conn.prepare(
            "SELECT id, title, question, duration_min FROM phase WHERE workshop_id = ?1 AND deleted = 0 ORDER BY position, id",
        )?;
        let agenda = stmt
            .query_map([workshop], |row| {
                Ok(PhasePlan {
                    id: row.get(0)?,
                    title: row.get(1)?,
                    question: row.get(2)?,
                    duration_min: u32::try_from(row.get::<_, i64>(3)?).unwrap_or(0),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(WorkshopPlanView { plan, agenda })
    }

    pub(crate) fn workshop_diagnostic(&self, workshop: Uuid) -> Result<Uuid> {
        rusqlite::OptionalExtension::optional(self.connection().query_row(
            "SELECT diagnostic_id FROM workshop WHERE id = ?1 AND deleted = 0",
            [workshop],
            |row| row.get(0),
        ))?
        .ok_or(StoreError::NotFound { what: "Atelier", id: workshop })
    }

    /// Registers someone arriving: the person (with their structure, found by name or
    /// created), and their presence at the workshop.
    pub fn add_attendee(&mut self, workshop: Uuid, attendee: &NewAttendee) -> Result<ParticipantView> {
        let diagnostic = self.workshop_diagnostic(workshop)?;
        let participant = self.write(|tx| register_attendee(tx, diagnostic, workshop, attendee))?;
        self.participant_view(participant)
    }

    /// Marks someone as not attending after all (the person stays in the diagnostic).
    pub fn remove_attendee(&mut self, workshop: Uuid, participant: Uuid) -> Result<()> {
        let removed = self.write(|tx| {
            tx.remove_from_set(
                &schema::ATTENDANCE,
                &[("workshop_id", workshop.into()), ("participant_id", participant.into())],
            )
        })?;
        if removed == 0 {
            return Err(StoreError::NotFound { what: "Présence", id: participant });
        }
        Ok(())
    }
}

/// Writes a person arriving at `workshop` of `diagnostic`, with their structure (found by
/// name or created) and their presence; see [`Store::add_attendee`].
pub(crate) fn register_attendee(
    tx: &mut WriteTx<'_>,
    diagnostic: Uuid,
    workshop: Uuid,
    attendee: &NewAttendee,
) -> Result<Uuid> {
    let organisation = match attendee.organisation.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        Some(name) => {
            let existing: Option<Uuid> = rusqlite::OptionalExtension::optional(tx.connection().query_row(
                "SELECT id FROM organisation WHERE diagnostic_id = ?1 AND deleted = 0 AND name = ?2 COLLATE NOCASE
                  ORDER BY id LIMIT 1",
                rusqlite::params![diagnostic, name],
                |row| row.get(0),
            ))?;
            match existing {
                Some(id) => Some(id),
                None => Some(edit::add_organisation(tx, diagnostic, name, attendee.structure_type)?),
            }
        }
        None => None,
    };
    let participant = edit::add_participant(
        tx,
        diagnostic,
        &NewParticipant {
            name: &attendee.name,
            organisation,
            structure_type: attendee.structure_type,
            role: attendee.role,
            email: attendee.email.as_deref(),
            consent_named: attendee.consent_named,
        },
    )?;
    edit::mark_attendance(tx, workshop, participant)?;
    Ok(participant)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Sources;

    fn demo() -> (tempfile::TempDir, Store, Uuid) {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            Store::open(&dir.path().join("s.sqlite3"), Sources::fixed(1_700_000_000_000, 3)).unwrap();
        let diagnostic = crate::template::ensure_initial_diagnostic(&mut store).unwrap();
        (dir, store, diagnostic)
    }

    fn northern_plan(store: &Store, diagnostic: Uuid) -> WorkshopPlan {
        let overview = store.diagnostic_overview(diagnostic).unwrap();
        WorkshopPlan {
            kind: WorkshopKind::Territorial,
            territory_id: Some(overview.territories[1].id),
            theme_id: None,
            title: "Atelier territorial — Secteur Nord (2)".into(),
            starts_at: Some("2011-06-14T18:00:00+02:00".into()),
            ends_at: Some("2011-06-14T20:30:00+02:00".into()),
            place: "Salle des fêtes".into(),
            facilitators: vec!["Camille Durand".into(), " ".into(), "Malik Benali".into()],
            token_budget: 3,
        }
    }

    #[test]
    fn a_planned_workshop_has_its_agenda_and_dates_in_utc() {
        let (_dir, mut store, diagnostic) = demo();
        let plan = northern_plan(&store, diagnostic);
        let id = store.create_workshop(diagnostic, &plan, &crate::template::default_agenda()).unwrap();
        let saved = store.workshop_plan(id).unwrap();
        assert_eq!(
            saved.plan.starts_at.as_deref(),
            Some("2011-06-14T16:00:00Z"),
            "18:00 in Paris in June is 16:00 UTC"
        );
        assert_eq!(
            saved.plan.facilitators,
            vec!["Camille Durand", "Malik Benali"],
            "blank names are dropped"
        );
        let titles: Vec<&str> = saved.agenda.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(titles.first(), Some(&"Accueil"));
        assert_eq!(titles.len(), 7, "the usual agenda has seven phases");
    }

    #[test]
    fn an_agenda_is_reordered_edited_and_trimmed_and_removed_phases_are_tombstoned() {
        let (_dir, mut store, diagnostic) = demo();
        let id = store
            .create_workshop(
                diagnostic,
                &northern_plan(&store, diagnostic),
                &crate::template::default_agenda(),
            )
            .unwrap();
        let mut agenda = store.workshop_plan(id).unwrap().agenda;
        let removed = agenda.remove(6);
        agenda.swap(0, 1);
        agenda[0].duration_min = 15;
        agenda.push(PhasePlan {
            id: None,
            title: "Pot de l'amitié".into(),
            question: String::new(),
            duration_min: 20,
        });
        store.set_agenda(id, &agenda).unwrap();
        let saved = store.workshop_plan(id).unwrap().agenda;
        let titles: Vec<&str> = saved.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(titles[..2], ["Tour de table", "Accueil"], "the order given is the order saved");
        assert_eq!(saved[0].duration_min, 15, "tour de table shortened to 15 minutes");
        assert_eq!(titles.last(), Some(&"Pot de l'amitié"), "a new phase is added");
        assert!(!titles.contains(&removed.title.as_str()), "a removed phase is gone from the agenda");
        let tombstoned: i64 = store
            .connection()
            .query_row("SELECT deleted FROM phase WHERE id = ?1", [removed.id.unwrap()], |r| r.get(0))
            .unwrap();
        assert_eq!(tombstoned, 1, "but kept as a tombstone, so contributions keep their phase");
    }

    #[test]
    fn a_plan_without_its_territory_or_with_an_end_before_its_start_is_refused() {
        let (_dir, mut store, diagnostic) = demo();
        let mut plan = northern_plan(&store, diagnostic);
        plan.territory_id = None;
        let error = store.create_workshop(diagnostic, &plan, &[]).unwrap_err();
        assert!(error.to_string().contains("territoire"), "{error}");
        let mut plan = northern_plan(&store, diagnostic);
        plan.ends_at = Some("2011-06-14T17:00:00+02:00".into());
        assert!(store.create_workshop(diagnostic, &plan, &[]).is_err(), "an end before the start is refused");
        assert_eq!(store.diagnostic_overview(diagnostic).unwrap().workshops.len(), 4, "nothing was written");
    }

    #[test]
    fn duplicating_a_plan_copies_the_agenda_not_the_people() {
        let (_dir, mut store, diagnostic) = demo();
        let source = store.diagnostic_overview(diagnostic).unwrap().workshops[0].id;
        let copy = store.duplicate_workshop_plan(source, "Atelier Nord, seconde séance", None, None).unwrap();
        let detail = store.workshop_detail(copy).unwrap();
        assert_eq!(detail.phases.len(), store.workshop_detail(source).unwrap().phases.len(), "same agenda");
        assert!(
            detail.participants.is_empty() && detail.contributions.is_empty(),
            "no people, no contributions"
        );
        assert_eq!(detail.workshop.territory, store.workshop_detail(source).unwrap().workshop.territory);
    }

    #[test]
    fn an_attendee_joins_the_workshop_and_their_structure_is_reused_by_name() {
        let (_dir, mut store, diagnostic) = demo();
        let workshop = store.diagnostic_overview(diagnostic).unwrap().workshops[0].id;
        let attendee = |name: &str| NewAttendee {
            name: name.into(),
            organisation: Some("les jardins partagés du nord".into()),
            structure_type: StructureType::Association,
            role: ParticipantRole::SseActor,
            email: None,
            consent_named: false,
        };
        let added = store.add_attendee(workshop, &attendee("Yasmine Haddad")).unwrap();
        assert_eq!(
            added.organisation.as_deref(),
            Some("Les Jardins Partagés du Nord"),
            "the existing structure, case aside"
        );
        assert!(!added.consent_named, "not named unless agreed");
        store.remove_attendee(workshop, added.id).unwrap();
        assert!(store.workshop_detail(workshop).unwrap().participants.iter().all(|p| p.id != added.id));
        let error = store.add_attendee(workshop, &attendee("  ")).unwrap_err();
        assert!(error.to_string().contains("nom"), "a blank name is refused: {error}");
    }
}
