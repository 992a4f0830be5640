//! The inventory of initiatives (état des lieux): the structures and projects of the
//! territory's social and solidarity economy mentioned in workshops.
//!
//! Invariants:
//! - An initiative keeps its sources (the contributions and workshops where it came up) as an
//!   add-wins set: two facilitators linking sources offline both keep theirs after a merge.
//! - Merging two records of the same initiative never deletes anything: the other record
//!   points to the one kept (`merged_into`), every source of both is kept, and the fields the
//!   kept record left empty are filled from the other. Merged records leave the inventory.
//! - Likely duplicates are records of the same commune whose names are the same once accents,
//!   case, punctuation, legal-form words and articles are ignored, or where one name contains
//!   the other; they are proposed, never merged without the user.
//! - The contact is personal data: it is only exported in named exports, and an erasure
//!   clears it.
//! - An imported row takes the territory whose communes list its commune, when exactly one
//!   territory does; otherwise it has none until someone chooses it.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::attendance_csv::{find_column, read_csv, read_csv_file, RowProblem};
use crate::capture::fold;
use crate::export::table::{to_csv, Table};
use crate::export::Privacy;
use crate::schema;
use crate::store::{FieldValue, Result, Store, StoreError, WriteTx};

macro_rules! legal_forms {
    ($($variant:ident = $code:literal, $label:literal;)+) => {
        /// The legal form of an initiative; stored as its code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[ts(export)]
        pub enum LegalForm {
            $(#[serde(rename = $code)] $variant),+
        }

        impl LegalForm {
            pub const ALL: &'static [LegalForm] = &[$(LegalForm::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $(LegalForm::$variant => $code),+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some(LegalForm::$variant),)+ _ => None }
            }

            pub fn label_fr(self) -> &'static str {
                match self { $(LegalForm::$variant => $label),+ }
            }
        }
    };
}

legal_forms! {
    Association = "association", "Association";
    Scop = "scop", "SCOP";
    Scic = "scic", "SCIC";
    Cooperative = "cooperative", "Coopérative";
    Mutual = "mutuelle", "Mutuelle";
    Foundation = "fondation", "Fondation";
    Insertion = "insertion", "Structure d'insertion";
    SseCompany = "entreprise_ess", "Entreprise de l'ESS";
    InformalGroup = "collectif", "Collectif informel";
    Other = "autre", "Autre";
}

impl LegalForm {
    /// The form a typed word means: a code, a label, or a usual abbreviation.
    pub fn read(text: &str) -> Option<Self> {
        let folded = fold(text.trim());
        if folded.is_empty() {
            return None;
        }
        let alias = match folded.as_str() {
            "asso" | "loi 1901" => Some(Self::Association),
            "coop" => Some(Self::Cooperative),
            "siae" | "aci" | "ei" | "etti" | "ai" | "chantier d'insertion" | "entreprise d'insertion" => {
                Some(Self::Insertion)
            }
            "ess" | "esus" => Some(Self::SseCompany),
            "collectif" | "informel" => Some(Self::InformalGroup),
            _ => None,
        };
        alias.or_else(|| {
            Self::ALL.iter().copied().find(|form| folded == form.code() || folded == fold(form.label_fr()))
        })
    }
}

/// An initiative as entered or imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct InitiativeFields {
    pub name: String,
    pub legal_form: LegalForm,
    pub sector: String,
    pub commune: String,
    pub territory_id: Option<Uuid>,
    pub jobs: Option<u32>,
    /// Personal data: a person's name, phone or e-mail address.
    pub contact: Option<String>,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct InitiativeSource {
    pub contribution_id: Option<Uuid>,
    pub contribution_text: Option<String>,
    pub workshop_id: Uuid,
    pub workshop_title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct InitiativeView {
    pub id: Uuid,
    pub fields: InitiativeFields,
    pub sources: Vec<InitiativeSource>,
}

/// Two records that are probably the same initiative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LikelyDuplicate {
    pub first: Uuid,
    pub second: Uuid,
    /// In French, why they look alike.
    pub reason: String,
}

/// Columns of a CSV list of initiatives (0-based), as mapped by the user.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct InitiativeColumns {
    pub name: Option<u32>,
    pub legal_form: Option<u32>,
    pub sector: Option<u32>,
    pub commune: Option<u32>,
    pub jobs: Option<u32>,
    pub contact: Option<u32>,
    pub description: Option<u32>,
}

/// What the mapping screen shows before importing a list of initiatives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct InitiativeCsvPreview {
    pub headers: Vec<String>,
    /// The first rows, to check the mapping.
    pub sample: Vec<Vec<String>>,
    pub row_count: u32,
    pub guessed: InitiativeColumns,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct InitiativeImportReport {
    pub added: u32,
    pub problems: Vec<RowProblem>,
}

/// The mapping a person would pick, from the usual French header names of an inventory.
pub fn guess_initiative_columns(headers: &[String]) -> InitiativeColumns {
    let find = |words: &[&str]| find_column(headers, words);
    InitiativeColumns {
        name: find(&[
            "nom",
            "initiative",
            "nom de l'initiative",
            "nom de la structure",
            "structure",
            "raison sociale",
            "projet",
            "name",
        ]),
        legal_form: find(&["forme juridique", "statut juridique", "statut", "forme", "type de structure"]),
        sector: find(&["secteur", "secteur d'activite", "activite", "domaine", "filiere"]),
        commune: find(&["commune", "ville", "localite", "lieu"]),
        jobs: find(&["emplois", "nombre d'emplois", "salaries", "etp", "effectif", "effectifs"]),
        contact: find(&[
            "contact",
            "personne a contacter",
            "referent",
            "telephone",
            "courriel",
            "email",
            "e-mail",
        ]),
        description: find(&["description", "presentation", "objet", "commentaire", "commentaires"]),
    }
}

/// What the mapping screen needs from a list of initiatives.
pub fn preview_initiatives_csv(bytes: &[u8]) -> Result<InitiativeCsvPreview> {
    let table = read_csv(bytes)?;
    Ok(InitiativeCsvPreview {
        guessed: guess_initiative_columns(&table.headers),
        sample: table.sample(),
        row_count: table.row_count(),
        headers: table.headers,
    })
}

/// The preview of the list at `path`, read as every CSV import reads (see [`read_csv_file`]).
pub fn preview_initiatives_csv_file(path: &Path) -> Result<InitiativeCsvPreview> {
    preview_initiatives_csv(&read_csv_file(path)?)
}

/// Words that do not tell two initiatives apart.
const NOISE_WORDS: &[&str] = &[
    "association",
    "asso",
    "scop",
    "scic",
    "sarl",
    "sas",
    "sa",
    "cooperative",
    "coop",
    "mutuelle",
    "fondation",
    "collectif",
    "la",
    "le",
    "les",
    "l",
    "de",
    "du",
    "des",
    "d",
    "et",
    "au",
    "aux",
    "a",
    "en",
];

/// A name reduced to what identifies it.
fn name_key(name: &str) -> String {
    fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty() && !NOISE_WORDS.contains(word))
        .collect::<Vec<_>>()
        .join(" ")
}

fn checked(fields: &InitiativeFields) -> Result<InitiativeFields> {
    let name = fields.name.trim();
    if name.is_empty() {
        return Err(StoreError::InvalidInput("Le nom de l'initiative ne peut pas être vide.".into()));
    }
    if fields.jobs.is_some_and(|jobs| jobs > 1_000_000) {
        return Err(StoreError::InvalidInput("Le nombre d'emplois semble faux (plus d'un million).".into()));
    }
    let trimmed = |text: &str| text.trim().to_owned();
    Ok(InitiativeFields {
        name: name.to_owned(),
        legal_form: fields.legal_form,
        sector: trimmed(&fields.sector),
        commune: trimmed(&fields.commune),
        territory_id: fields.territory_id,
        jobs: fields.jobs,
        contact: fields.contact.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned),
        description: trimmed(&fields.description),
    })
}

fn values(fields: &InitiativeFields) -> Vec<(&'static str, FieldValue)> {
    vec![
        ("name", fields.name.as_str().into()),
        ("legal_form", fields.legal_form.code().into()),
        ("sector", fields.sector.as_str().into()),
        ("commune", fields.commune.as_str().into()),
        ("territory_id", fields.territory_id.into()),
        ("jobs", fields.jobs.map(i64::from).into()),
        ("contact", fields.contact.as_deref().into()),
        ("description", fields.description.as_str().into()),
    ]
}

/// Writes a new initiative, merged into nothing, from checked fields.
fn insert_initiative(tx: &mut WriteTx<'_>, diagnostic: Uuid, fields: &InitiativeFields) -> Result<Uuid> {
    let mut columns = values(fields);
    columns.push(("merged_into", None::<Uuid>.into()));
    tx.insert_record(&schema::INITIATIVE, Some(diagnostic), &columns)
}

impl Store {
    /// Records an initiative, with the contribution it came from if any.
    pub fn create_initiative(
        &mut self,
        diagnostic: Uuid,
        fields: &InitiativeFields,
        from: Option<Uuid>,
    ) -> Result<Uuid> {
        let fields = checked(fields)?;
        let workshop = match from {
            Some(contribution) => Some(self.contribution_workshop(contribution)?),
            None => None,
        };
        self.write(|tx| {
            let id = insert_initiative(tx, diagnostic, &fields)?;
            if let (Some(contribution), Some(workshop)) = (from, workshop) {
                tx.add_to_set(
                    &schema::INITIATIVE_SOURCE,
                    &[
                        ("initiative_id", id.into()),
                        ("contribution_id", contribution.into()),
                        ("workshop_id", workshop.into()),
                    ],
                )?;
            }
            Ok(id)
        })
    }

    /// Changes an initiative's fields; only the fields that differ are written.
    pub fn update_initiative(&mut self, id: Uuid, fields: &InitiativeFields) -> Result<()> {
        let fields = checked(fields)?;
        let current = self.initiative(id)?.fields;
        let now = values(&fields);
        let before = values(&current);
        self.write(|tx| {
            for ((field, value), (_, old)) in now.into_iter().zip(before) {
                if value != old {
                    tx.set_field(&schema::INITIATIVE, id, field, value)?;
                }
            }
            Ok(())
        })
    }

    /// Links a contribution (and its workshop) to an initiative.
    pub fn add_initiative_source(&mut self, initiative: Uuid, contribution: Uuid) -> Result<()> {
        let workshop = self.contribution_workshop(contribution)?;
        self.write(|tx| {
            tx.add_to_set(
                &schema::INITIATIVE_SOURCE,
                &[
                    ("initiative_id", initiative.into()),
                    ("contribution_id", contribution.into()),
                    ("workshop_id", workshop.into()),
                ],
            )
            .map(|_| ())
        })
    }

    /// Unlinks a contribution from an initiative, also from the records merged into it (whose
    /// sources it shows). Sources linked elsewhere meanwhile survive the next merge of files.
    pub fn remove_initiative_source(&mut self, initiative: Uuid, contribution: Uuid) -> Result<()> {
        self.initiative(initiative)?;
        let records: Vec<Uuid> = self
            .connection()
            .prepare_cached(
                "WITH RECURSIVE owner(id) AS (
                    SELECT ?1
                    UNION SELECT i.id FROM initiative i JOIN owner o ON i.merged_into = o.id
                 )
                 SELECT id FROM owner",
            )?
            .query_map([initiative], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let removed = self.write(|tx| {
            let mut removed = 0;
            for record in &records {
                removed += tx.remove_from_set(
                    &schema::INITIATIVE_SOURCE,
                    &[("initiative_id", (*record).into()), ("contribution_id", contribution.into())],
                )?;
            }
            Ok(removed)
        })?;
        if removed == 0 {
            return Err(StoreError::InvalidInput(
                "Cette contribution n'est pas (ou plus) une source de l'initiative.".into(),
            ));
        }
        Ok(())
    }

    fn contribution_workshop(&self, contribution: Uuid) -> Result<Uuid> {
        rusqlite::OptionalExtension::optional(self.connection().query_row(
            "SELECT workshop_id FROM contribution WHERE id = ?1 AND deleted = 0",
            [contribution],
            |r| r.get(0),
        ))?
        .ok_or(StoreError::NotFound { what: "Contribution", id: contribution })
    }

    pub fn initiative(&self, id: Uuid) -> Result<InitiativeView> {
        let diagnostic: Uuid = rusqlite::OptionalExtension::optional(self.connection().query_row(
            "SELECT diagnostic_id FROM initiative WHERE id = ?1 AND deleted = 0",
            [id],
            |r| r.get(0),
        ))?
        .ok_or(StoreError::NotFound { what: "Initiative", id })?;
        self.initiatives_where(diagnostic, Some(id))?
            .pop()
            .ok_or(StoreError::NotFound { what: "Initiative", id })
    }

    /// The inventory: live initiatives not merged into another, by commune then name.
    pub fn initiatives(&self, diagnostic: Uuid) -> Result<Vec<InitiativeView>> {
        self.initiatives_where(diagnostic, None)
    }

    fn initiatives_where(&self, diagnostic: Uuid, only: Option<Uuid>) -> Result<Vec<InitiativeView>> {
        let conn = self.connection();
        let mut sources: HashMap<Uuid, Vec<InitiativeSource>> = HashMap::new();
        let mut stmt = conn.prepare_cached(
            "SELECT s.initiative_id, s.contribution_id, c.text, w.id, w.title
               FROM initiative_source s
               JOIN initiative i ON i.id = s.initiative_id AND i.diagnostic_id = ?1
               JOIN workshop w ON w.id = s.workshop_id AND w.deleted = 0
               LEFT JOIN contribution c ON c.id = s.contribution_id AND c.deleted = 0
              WHERE s.removed_stamp IS NULL AND (?2 IS NULL OR s.initiative_id = ?2
                    OR s.initiative_id IN (SELECT id FROM initiative WHERE merged_into = ?2))
              GROUP BY s.initiative_id, s.contribution_id, w.id
              ORDER BY w.starts_at IS NULL, w.starts_at, w.title",
        )?;
        let mut merged_into: HashMap<Uuid, Uuid> = HashMap::new();
        let mut merged = conn.prepare_cached(
            "SELECT id, merged_into FROM initiative WHERE diagnostic_id = ?1 AND merged_into IS NOT NULL AND deleted = 0",
        )?;
        let mut rows = merged.query([diagnostic])?;
        while let Some(row) = rows.next()? {
            merged_into.insert(row.get(0)?, row.get(1)?);
        }
        let mut rows = stmt.query(rusqlite::params![diagnostic, only])?;
        while let Some(row) = rows.next()? {
            // A merged record's sources belong to the record it was merged into (transitively).
            let mut owner: Uuid = row.get(0)?;
            let mut hops = 0;
            while let Some(next) = merged_into.get(&owner) {
                owner = *next;
                hops += 1;
                if hops > 64 {
                    break;
                }
            }
            let contribution_id: Option<Uuid> = row.get(1)?;
            let contribution_text: Option<String> = row.get(2)?;
            let source = InitiativeSource {
                contribution_id: contribution_text.as_ref().and(contribution_id),
                contribution_text,
                workshop_id: row.get(3)?,
                workshop_title: row.get(4)?,
            };
            let list = sources.entry(owner).or_default();
            if !list.contains(&source) {
                list.push(source);
            }
        }
        let mut stmt = conn.prepare_cached(
            "SELECT id, name, legal_form, sector, commune, territory_id, jobs, contact, description
               FROM initiative
              WHERE diagnostic_id = ?1 AND deleted = 0 AND merged_into IS NULL AND (?2 IS NULL OR id = ?2)
              ORDER BY commune COLLATE NOCASE, name COLLATE NOCASE, id",
        )?;
        let views = stmt
            .query_map(rusqlite::params![diagnostic, only], |row| {
                let id: Uuid = row.get(0)?;
                let form: String = row.get(2)?;
                let jobs: Option<i64> = row.get(6)?;
                Ok(InitiativeView {
                    id,
                    fields: InitiativeFields {
                        name: row.get(1)?,
                        legal_form: LegalForm::from_code(&form).unwrap_or(LegalForm::Other),
                        sector: row.get(3)?,
                        commune: row.get(4)?,
                        territory_id: row.get(5)?,
                        jobs: jobs.and_then(|j| u32::try_from(j).ok()),
                        contact: row.get(7)?,
                        description: row.get(8)?,
                    },
                    sources: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(views
            .into_iter()
            .map(|mut view| {
                view.sources = sources.remove(&view.id).unwrap_or_default();
                view
            })
            .collect())
    }

    /// Pairs of initiatives that are probably the same, to propose merging.
    pub fn likely_duplicate_initiatives(&self, diagnostic: Uuid) -> Result<Vec<LikelyDuplicate>> {
        let mut by_commune: BTreeMap<String, Vec<(Uuid, String, String)>> = BTreeMap::new();
        for view in self.initiatives(diagnostic)? {
            by_commune.entry(fold(view.fields.commune.trim())).or_default().push((
                view.id,
                name_key(&view.fields.name),
                view.fields.name,
            ));
        }
        let mut pairs = Vec::new();
        for (commune, list) in &by_commune {
            for (i, (first, first_key, first_name)) in list.iter().enumerate() {
                for (second, second_key, second_name) in &list[i + 1..] {
                    if first_key.is_empty() || second_key.is_empty() {
                        continue;
                    }
                    let alike = first_key == second_key
                        || first_key.contains(second_key.as_str())
                        || second_key.contains(first_key.as_str());
                    if alike {
                        let place = if commune.is_empty() {
                            "sans commune".to_owned()
                        } else {
                            format!("à {}", list_commune(commune))
                        };
                        pairs.push(LikelyDuplicate {
                            first: *first,
                            second: *second,
                            reason: format!("« {first_name} » et « {second_name} », {place}"),
                        });
                    }
                }
            }
        }
        Ok(pairs)
    }

    /// Merges `other` into `keep`: every source kept, empty fields filled, `other` hidden.
    pub fn merge_initiatives(&mut self, keep: Uuid, other: Uuid) -> Result<()> {
        if keep == other {
            return Err(StoreError::InvalidInput(
                "Une initiative ne peut pas être fusionnée avec elle-même.".into(),
            ));
        }
        let kept = self.initiative(keep)?;
        let merged = self.initiative(other)?;
        self.write(|tx| {
            let mut fill = |field: &str, empty: bool, value: FieldValue| -> Result<()> {
                if empty {
                    tx.set_field(&schema::INITIATIVE, keep, field, value)?;
                }
                Ok(())
            };
            let (k, m) = (&kept.fields, &merged.fields);
            fill("sector", k.sector.is_empty() && !m.sector.is_empty(), m.sector.as_str().into())?;
            fill("commune", k.commune.is_empty() && !m.commune.is_empty(), m.commune.as_str().into())?;
            fill(
                "territory_id",
                k.territory_id.is_none() && m.territory_id.is_some(),
                m.territory_id.into(),
            )?;
            fill("jobs", k.jobs.is_none() && m.jobs.is_some(), m.jobs.map(i64::from).into())?;
            fill("contact", k.contact.is_none() && m.contact.is_some(), m.contact.as_deref().into())?;
            fill(
                "description",
                k.description.is_empty() && !m.description.is_empty(),
                m.description.as_str().into(),
            )?;
            for source in &merged.sources {
                tx.add_to_set(
                    &schema::INITIATIVE_SOURCE,
                    &[
                        ("initiative_id", keep.into()),
                        ("contribution_id", source.contribution_id.into()),
                        ("workshop_id", source.workshop_id.into()),
                    ],
                )?;
            }
            tx.set_field(&schema::INITIATIVE, other, "merged_into", keep.into())
        })
    }

    /// The inventory as a table, the contact only in a named export.
    pub fn initiatives_table(&self, diagnostic: Uuid, privacy: Privacy) -> Result<Table> {
        let territories: HashMap<Uuid, String> =
            self.diagnostic_overview(diagnostic)?.territories.into_iter().map(|t| (t.id, t.name)).collect();
        let mut headers: Vec<String> = [
            "Initiative",
            "Forme juridique",
            "Secteur d'activité",
            "Commune",
            "Territoire",
            "Emplois",
            "Description",
            "Cité dans les ateliers",
        ]
        .map(String::from)
        .to_vec();
        if privacy == Privacy::Named {
            headers.push("Contact".into());
        }
        let rows = self
            .initiatives(diagnostic)?
            .into_iter()
            .map(|view| {
                let f = view.fields;
                let mut workshops: Vec<String> = Vec::new();
                for source in &view.sources {
                    if !workshops.contains(&source.workshop_title) {
                        workshops.push(source.workshop_title.clone());
                    }
                }
                let mut row = vec![
                    f.name,
                    f.legal_form.label_fr().to_owned(),
                    f.sector,
                    f.commune,
                    f.territory_id.and_then(|t| territories.get(&t).cloned()).unwrap_or_default(),
                    f.jobs.map(|j| j.to_string()).unwrap_or_default(),
                    f.description,
                    workshops.join(" ; "),
                ];
                if privacy == Privacy::Named {
                    row.push(f.contact.unwrap_or_default());
                }
                row
            })
            .collect();
        Ok(Table { title: "Initiatives".into(), headers, rows })
    }

    /// Removes an initiative entered by mistake (a stamped tombstone: merges keep it removed).
    /// Records merged into it stay merged: they leave the inventory with it.
    pub fn delete_initiative(&mut self, id: Uuid) -> Result<()> {
        self.initiative(id)?;
        self.write(|tx| tx.set_field(&schema::INITIATIVE, id, "deleted", true.into()))
    }

    /// The inventory as CSV for French spreadsheets (BOM, `;`), the contact only if named.
    pub fn initiatives_csv(&self, diagnostic: Uuid, privacy: Privacy) -> Result<Vec<u8>> {
        Ok(to_csv(&self.initiatives_table(diagnostic, privacy)?))
    }

    /// Imports the list at `path`; see [`read_csv_file`] and [`Store::import_initiatives`].
    pub fn import_initiatives_file(
        &mut self,
        diagnostic: Uuid,
        path: &Path,
        columns: &InitiativeColumns,
    ) -> Result<InitiativeImportReport> {
        let bytes = read_csv_file(path)?;
        self.import_initiatives(diagnostic, &bytes, columns)
    }

    /// Imports a CSV list of initiatives, in one transaction; rows that cannot be read are
    /// reported with their line, the others are added.
    pub fn import_initiatives(
        &mut self,
        diagnostic: Uuid,
        bytes: &[u8],
        columns: &InitiativeColumns,
    ) -> Result<InitiativeImportReport> {
        if columns.name.is_none() {
            return Err(StoreError::InvalidInput(
                "Indiquez quelle colonne contient le nom de l'initiative.".into(),
            ));
        }
        let table = read_csv(bytes)?;
        // A commune listed by exactly one territory of the diagnostic gives the row its territory.
        let territories: Vec<(Uuid, Vec<String>)> = self
            .diagnostic_overview(diagnostic)?
            .territories
            .into_iter()
            .map(|t| (t.id, t.communes.iter().map(|c| fold(c.trim())).collect()))
            .collect();
        let territory_of = |commune: &str| {
            let folded = fold(commune);
            let mut found = territories.iter().filter(|(_, communes)| communes.contains(&folded));
            match (found.next(), found.next()) {
                (Some((id, _)), None) => Some(*id),
                _ => None,
            }
        };
        let cell = |row: &[String], column: Option<u32>| {
            column.and_then(|c| row.get(c as usize)).map(|v| v.trim().to_owned()).unwrap_or_default()
        };
        let mut problems = Vec::new();
        let mut readable = Vec::new();
        for (index, row) in table.rows.iter().enumerate() {
            let line = u32::try_from(index + 2).unwrap_or(u32::MAX);
            let name = cell(row, columns.name);
            if name.is_empty() {
                problems.push(RowProblem { line, message: "pas de nom : la ligne est ignorée.".into() });
                continue;
            }
            let form_text = cell(row, columns.legal_form);
            let legal_form = match LegalForm::read(&form_text) {
                Some(form) => form,
                None if form_text.is_empty() => LegalForm::Other,
                None => {
                    problems.push(RowProblem {
                        line,
                        message: format!("« {form_text} » n'est pas une forme juridique connue (association, SCOP, SCIC…)."),
                    });
                    continue;
                }
            };
            let jobs_text = cell(row, columns.jobs).replace([' ', '\u{a0}'], "");
            let jobs = if jobs_text.is_empty() {
                None
            } else {
                match jobs_text
                    .parse::<f64>()
                    .ok()
                    .or_else(|| jobs_text.replace(',', ".").parse::<f64>().ok())
                {
                    Some(n) if n >= 0.0 => Some(n.round() as u32),
                    _ => {
                        problems.push(RowProblem {
                            line,
                            message: format!("« {jobs_text} » n'est pas un nombre d'emplois."),
                        });
                        continue;
                    }
                }
            };
            let contact = cell(row, columns.contact);
            let commune = cell(row, columns.commune);
            let fields = InitiativeFields {
                name,
                legal_form,
                sector: cell(row, columns.sector),
                territory_id: territory_of(&commune),
                commune,
                jobs,
                contact: (!contact.is_empty()).then_some(contact),
                description: cell(row, columns.description),
            };
            // A row the rules refuse is reported, and the others still go in.
            match checked(&fields) {
                Ok(fields) => readable.push(fields),
                Err(StoreError::InvalidInput(message)) => problems.push(RowProblem { line, message }),
                Err(other) => return Err(other),
            }
        }
        let added = self.write(|tx| {
            let mut added = 0u32;
            for fields in &readable {
                insert_initiative(tx, diagnostic, fields)?;
                added += 1;
            }
            Ok(added)
        })?;
        problems.sort_by_key(|p| p.line);
        Ok(InitiativeImportReport { added, problems })
    }
}

/// "Blagnac" from the folded "blagnac": the commune as shown in a reason.
fn list_commune(folded: &str) -> String {
    let mut chars = folded.chars();
    chars.next().map(|first| first.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Sources;

    fn fields(name: &str, commune: &str) -> InitiativeFields {
        InitiativeFields {
            name: name.into(),
            legal_form: LegalForm::Association,
            sector: String::new(),
            commune: commune.into(),
            territory_id: None,
            jobs: None,
            contact: None,
            description: String::new(),
        }
    }

    fn store() -> (tempfile::TempDir, Store, Uuid) {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            Store::open(&dir.path().join("s.sqlite3"), Sources::fixed(1_700_000_000_000, 6)).unwrap();
        let diagnostic = crate::template::ensure_initial_diagnostic(&mut store).unwrap();
        (dir, store, diagnostic)
    }

    #[test]
    fn legal_forms_are_read_from_what_people_type() {
        assert_eq!(LegalForm::read("SCOP"), Some(LegalForm::Scop));
        assert_eq!(LegalForm::read("Coopérative"), Some(LegalForm::Cooperative));
        assert_eq!(LegalForm::read("asso"), Some(LegalForm::Association));
        assert_eq!(LegalForm::read("chantier d'insertion"), Some(LegalForm::Insertion));
        assert_eq!(LegalForm::read("SARL"), None, "not a form of the social economy's inventory");
    }

    #[test]
    fn similar_names_in_the_same_commune_are_proposed_and_a_merge_keeps_every_source() {
        let (_dir, mut store, diagnostic) = store();
        let workshops = store.diagnostic_overview(diagnostic).unwrap().workshops;
        let north = store.capture(workshops[0].id, "L'épicerie solidaire du quartier").unwrap().contribution;
        let south = store.capture(workshops[1].id, "Épicerie Solidaire (association)").unwrap().contribution;
        let first = store
            .create_initiative(
                diagnostic,
                &fields("Association L'Épicerie Solidaire", "Blagnac"),
                Some(north),
            )
            .unwrap();
        let mut with_jobs = fields("epicerie solidaire", "BLAGNAC");
        with_jobs.jobs = Some(3);
        let second = store.create_initiative(diagnostic, &with_jobs, Some(south)).unwrap();
        let elsewhere =
            store.create_initiative(diagnostic, &fields("Épicerie solidaire", "Colomiers"), None).unwrap();
        store.create_initiative(diagnostic, &fields("Recyclerie du Nord", "Blagnac"), None).unwrap();

        let proposed = store.likely_duplicate_initiatives(diagnostic).unwrap();
        assert_eq!(
            proposed.len(),
            1,
            "same name, accents, case and legal form aside, same commune: {proposed:?}"
        );
        let pair = [proposed[0].first, proposed[0].second];
        assert!(pair.contains(&first) && pair.contains(&second) && !pair.contains(&elsewhere));
        assert!(proposed[0].reason.contains("Blagnac"), "{}", proposed[0].reason);

        store.merge_initiatives(first, second).unwrap();
        let inventory = store.initiatives(diagnostic).unwrap();
        assert_eq!(inventory.len(), 3, "the merged record left the inventory");
        let kept = inventory.iter().find(|i| i.id == first).unwrap();
        assert_eq!(kept.fields.jobs, Some(3), "an empty field is filled from the merged record");
        let workshops_cited: Vec<Uuid> = kept.sources.iter().map(|s| s.workshop_id).collect();
        assert!(
            workshops_cited.contains(&workshops[0].id) && workshops_cited.contains(&workshops[1].id),
            "both records' sources are kept: {:?}",
            kept.sources
        );
        assert!(
            store.likely_duplicate_initiatives(diagnostic).unwrap().is_empty(),
            "nothing left to propose"
        );
        assert!(matches!(store.merge_initiatives(first, first), Err(StoreError::InvalidInput(_))));
    }

    #[test]
    fn a_french_csv_list_is_imported_with_a_reason_for_each_bad_row() {
        let (_dir, mut store, diagnostic) = store();
        let list = "Nom;Statut;Secteur;Commune;Emplois;Contact\n\
                    Les Jardins de Cocagne;asso;Maraîchage d'insertion;Blagnac;12;06 11 22 33 44\n\
                    ;SCOP;Vélo;Toulouse;;\n\
                    Coop'Vélo;SARL;Vélo;Toulouse;;\n\
                    Le Relais;SCIC;Textile;Colomiers;4,5;\n\
                    La Ruche;collectif;Habitat;Blagnac;beaucoup;\n";
        let columns = InitiativeColumns {
            name: Some(0),
            legal_form: Some(1),
            sector: Some(2),
            commune: Some(3),
            jobs: Some(4),
            contact: Some(5),
            description: None,
        };
        let report = store.import_initiatives(diagnostic, list.as_bytes(), &columns).unwrap();
        assert_eq!(report.added, 2, "{report:?}");
        let lines: Vec<u32> = report.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 4, 6], "no name, an unknown form, jobs that are not a number: {report:?}");
        let inventory = store.initiatives(diagnostic).unwrap();
        let relais = inventory.iter().find(|i| i.fields.name == "Le Relais").unwrap();
        assert_eq!(
            (relais.fields.legal_form, relais.fields.jobs),
            (LegalForm::Scic, Some(5)),
            "4,5 rounds to 5"
        );
        let west = store
            .diagnostic_overview(diagnostic)
            .unwrap()
            .territories
            .into_iter()
            .find(|t| t.communes.iter().any(|c| c == "Colomiers"))
            .expect("the demo's western sector lists Colomiers");
        assert_eq!(relais.fields.territory_id, Some(west.id), "the commune's territory is filled in");

        let named = store.initiatives_table(diagnostic, Privacy::Named).unwrap();
        assert!(named.rows.iter().flatten().any(|c| c == "06 11 22 33 44"), "the contact, for the team");
        let anonymous = store.initiatives_table(diagnostic, Privacy::Anonymous).unwrap();
        assert!(
            !anonymous.headers.iter().any(|h| h == "Contact"),
            "no contact column in an anonymous export"
        );
        assert!(!anonymous.rows.iter().flatten().any(|c| c.contains("06 11")));
    }

    #[test]
    fn the_columns_of_a_french_inventory_are_guessed_from_their_headers() {
        let list = "Initiative;Forme juridique;Secteur d'activité;Ville;Nombre d'emplois;Personne à contacter;Présentation\n\
                    Les Jardins de Cocagne;asso;Maraîchage;Blagnac;12;;Des paniers bio\n";
        let preview = preview_initiatives_csv(list.as_bytes()).unwrap();
        assert_eq!(preview.row_count, 1);
        assert_eq!(
            preview.guessed,
            InitiativeColumns {
                name: Some(0),
                legal_form: Some(1),
                sector: Some(2),
                commune: Some(3),
                jobs: Some(4),
                contact: Some(5),
                description: Some(6),
            },
            "every usual header is recognised, accents aside"
        );
        let short = guess_initiative_columns(&["Nom", "Statut", "Commune"].map(String::from));
        assert_eq!(
            (short.name, short.legal_form, short.commune, short.jobs),
            (Some(0), Some(1), Some(2), None),
            "a column the list lacks stays unmapped"
        );

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("inventaire.csv");
        std::fs::write(&file, list).unwrap();
        assert_eq!(preview_initiatives_csv_file(&file).unwrap(), preview, "the file is read like its bytes");
        let missing = preview_initiatives_csv_file(&dir.path().join("absent.csv")).unwrap_err().to_string();
        assert!(missing.contains("n'existe pas"), "a missing file is named as such: {missing}");
    }

    #[test]
    fn an_initiative_entered_by_mistake_is_deleted_and_the_inventory_exports_for_french_spreadsheets() {
        let (_dir, mut store, diagnostic) = store();
        let kept =
            store.create_initiative(diagnostic, &fields("Épicerie solidaire", "Blagnac"), None).unwrap();
        let mistake =
            store.create_initiative(diagnostic, &fields("Epicerie Solidaire", "Blagnac"), None).unwrap();
        assert_eq!(store.likely_duplicate_initiatives(diagnostic).unwrap().len(), 1);
        store.delete_initiative(mistake).unwrap();
        let ids: Vec<Uuid> = store.initiatives(diagnostic).unwrap().iter().map(|i| i.id).collect();
        assert_eq!(ids, [kept], "the deleted record left the inventory");
        assert!(
            store.likely_duplicate_initiatives(diagnostic).unwrap().is_empty(),
            "a deleted record is no longer proposed as a duplicate"
        );
        assert!(matches!(store.delete_initiative(mistake), Err(StoreError::NotFound { .. })));

        let mut with_contact = fields("Le Relais", "Colomiers");
        with_contact.contact = Some("06 11 22 33 44".into());
        store.create_initiative(diagnostic, &with_contact, None).unwrap();
        let named = String::from_utf8(store.initiatives_csv(diagnostic, Privacy::Named).unwrap()).unwrap();
        assert!(named.starts_with('\u{feff}'), "a BOM, so that accents open right in a spreadsheet");
        assert!(named.contains("Initiative;Forme juridique;"), "`;` between cells: {named}");
        assert!(named.contains("Épicerie solidaire;Association;"), "{named}");
        assert!(named.contains("06 11 22 33 44"), "the contact, in a named export");
        let anonymous =
            String::from_utf8(store.initiatives_csv(diagnostic, Privacy::Anonymous).unwrap()).unwrap();
        assert!(!anonymous.contains("06 11"), "no contact in an anonymous export: {anonymous}");
    }

    #[test]
    fn a_source_linked_by_mistake_is_removed_even_when_it_came_with_a_merged_record() {
        let (_dir, mut store, diagnostic) = store();
        let workshops = store.diagnostic_overview(diagnostic).unwrap().workshops;
        let right = store.capture(workshops[0].id, "La recyclerie du Nord embauche").unwrap().contribution;
        let wrong =
            store.capture(workshops[1].id, "Les jardins partagés manquent d'eau").unwrap().contribution;
        let kept = store
            .create_initiative(diagnostic, &fields("Recyclerie du Nord", "Blagnac"), Some(right))
            .unwrap();
        let other =
            store.create_initiative(diagnostic, &fields("Recyclerie Nord", "Blagnac"), Some(wrong)).unwrap();
        store.merge_initiatives(kept, other).unwrap();
        assert_eq!(store.initiative(kept).unwrap().sources.len(), 2, "the merge brought the other source");

        store.remove_initiative_source(kept, wrong).unwrap();
        let sources: Vec<Option<Uuid>> =
            store.initiative(kept).unwrap().sources.iter().map(|s| s.contribution_id).collect();
        assert_eq!(sources, [Some(right)], "the wrong source is gone, from both records");
        let again = store.remove_initiative_source(kept, wrong).unwrap_err();
        assert!(
            matches!(&again, StoreError::InvalidInput(message) if message.contains("n'est pas")),
            "a source already removed is refused clearly: {again}"
        );
        store.add_initiative_source(kept, wrong).unwrap();
        assert_eq!(store.initiative(kept).unwrap().sources.len(), 2, "a source can be linked again");
    }
}
