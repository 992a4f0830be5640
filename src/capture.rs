//! Reading what the facilitator types in the capture bar.
//!
//! One line holds the contribution and, without the mouse, its metadata:
//! - a leading `b:` (a category's shortcut), `besoin:` (its code) or `Besoin :` (its
//!   label) sets the category;
//! - `#3` sets stake number 3 (several allowed, anywhere in the line);
//! - `@asso`, `@coop`, `@habitant`… attributes it to a type of structure, `@Lucie` to a
//!   participant of the workshop whose name starts with it; no `@` means anonymous.
//!
//! Invariants: parsing is pure and never loses text: a marker it cannot read stays in the
//! text and produces a warning, so the facilitator sees it and nothing typed disappears.
//! Matching ignores case and accents.

use rusqlite::{Connection, OptionalExtension};
use uuid::Uuid;

use crate::edit::{self, AttributeTo, NewContribution};
use crate::model::StructureType;
use crate::schema;
use crate::store::{meta_delete, meta_get, meta_set, Result, Store, StoreError};

/// What a category can be typed as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryKey {
    pub id: Uuid,
    pub code: String,
    pub label: String,
    pub shortcut: String,
}

/// A person of the workshop who can be named in an `@` marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonKey {
    pub id: Uuid,
    pub name: String,
}

/// The line, understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedCapture {
    pub text: String,
    pub category: Option<Uuid>,
    /// Stake ids, in the order typed, without repeats.
    pub stakes: Vec<Uuid>,
    pub attribution: AttributeTo,
    /// Markers that could not be read, in French, to show under the capture bar.
    pub warnings: Vec<String>,
}

/// Lower case without accents, for matching what was typed against names and labels.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' => folded.push('a'),
            'ç' => folded.push('c'),
            'é' | 'è' | 'ê' | 'ë' => folded.push('e'),
            'î' | 'ï' | 'í' | 'ì' => folded.push('i'),
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => folded.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => folded.push('u'),
            'ÿ' => folded.push('y'),
            'œ' => folded.push_str("oe"),
            'æ' => folded.push_str("ae"),
            other => folded.push(other),
        }
    }
    folded
}

/// Typed words that mean a type of structure (folded), besides its code and label.
const STRUCTURE_ALIASES: &[(&str, StructureType)] = &[
    ("asso", StructureType::Association),
    ("coop", StructureType::Cooperative),
    ("scop", StructureType::Cooperative),
    ("scic", StructureType::Cooperative),
    ("mut", StructureType::Mutual),
    ("fond", StructureType::Foundation),
    ("entreprise", StructureType::Company),
    ("collectivite", StructureType::LocalAuthority),
    ("mairie", StructureType::LocalAuthority),
    ("elu", StructureType::LocalAuthority),
    ("habitant", StructureType::Resident),
    ("citoyen", StructureType::Resident),
    ("autre", StructureType::Other),
];

pub(crate) fn structure_type_for(word: &str) -> Option<StructureType> {
    let word = fold(word);
    if word.len() < 3 {
        return None;
    }
    STRUCTURE_ALIASES
        .iter()
        .find(|(alias, _)| alias.starts_with(&word) || word.starts_with(alias))
        .map(|(_, kind)| *kind)
        .or_else(|| StructureType::ALL.iter().copied().find(|kind| fold(kind.label_fr()).starts_with(&word)))
}

/// Understands one capture line. `stakes` are the diagnostic's stakes in their order
/// (stake number n is `stakes[n - 1]`).
pub fn parse_capture(
    line: &str,
    categories: &[CategoryKey],
    stakes: &[Uuid],
    people: &[PersonKey],
) -> ParsedCapture {
    let mut warnings = Vec::new();
    let mut rest = line.trim();
    let mut category = None;

    // A category prefix: the first word, ending with ':'.
    if let Some((head, tail)) = rest.split_once(':') {
        let head_folded = fold(head.trim());
        if !head_folded.is_empty() && !head_folded.contains(' ') {
            let found = categories.iter().find(|c| {
                fold(&c.shortcut) == head_folded
                    || fold(&c.code) == head_folded
                    || fold(&c.label) == head_folded
            });
            match found {
                Some(found) => {
                    category = Some(found.id);
                    rest = tail.trim_start();
                }
                None if head_folded.chars().count() <= 2 => {
                    warnings.push(format!("« {}: » n'est le raccourci d'aucune catégorie.", head.trim()))
                }
                None => {}
            }
        }
    }

    let mut kept_words = Vec::new();
    let mut stake_ids = Vec::new();
    let mut attribution = AttributeTo::Anonymous;
    for word in rest.split_whitespace() {
        if let Some(numbers) = word.strip_prefix('#') {
            let mut all_read = !numbers.is_empty();
            let mut found_here = Vec::new();
            for number in numbers.split('#') {
                match number.parse::<usize>().ok().filter(|n| (1..=stakes.len()).contains(n)) {
                    Some(n) => found_here.push(stakes[n - 1]),
                    None => all_read = false,
                }
            }
            if all_read {
                for id in found_here {
                    if !stake_ids.contains(&id) {
                        stake_ids.push(id);
                    }
                }
                continue;
            }
            warnings.push(format!("« {word} » : les enjeux sont numérotés de 1 à {}.", stakes.len()));
        } else if let Some(who) = word.strip_prefix('@').filter(|w| !w.is_empty()) {
            let folded = fold(who);
            let person = people.iter().find(|p| fold(&p.name).starts_with(&folded) && folded.len() >= 2);
            if let Some(person) = person {
                attribution = AttributeTo::Participant(person.id);
                continue;
            }
            if let Some(kind) = structure_type_for(who) {
                attribution = AttributeTo::Structure(kind);
                continue;
            }
            warnings.push(format!(
                "« {word} » ne correspond à aucun type de structure ni à aucune personne présente."
            ));
        }
        kept_words.push(word);
    }
    ParsedCapture { text: kept_words.join(" "), category, stakes: stake_ids, attribution, warnings }
}

/// A capture line as it will be saved, for a live preview under the capture bar.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CapturePreview {
    pub text: String,
    pub category_id: Option<Uuid>,
    pub stake_ids: Vec<Uuid>,
    /// The type of structure (in French) or the person's name; `None` for anonymous.
    pub attributed_to: Option<String>,
    pub warnings: Vec<String>,
}

/// What a capture saved, and what the facilitator should look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captured {
    pub contribution: Uuid,
    pub warnings: Vec<String>,
}

fn local_key(kind: &str, workshop: Uuid) -> String {
    format!("local.{kind}.{workshop}")
}

/// The categories, stakes (in order) and present people a capture line can name.
///
/// Runs on every capture, so the lists are sorted here rather than by `ORDER BY`: SQLite
/// prepares again, at every run, a statement that sorts rows found through an index by a
/// bound value, which cost more than the rest of the capture's reads together.
fn capture_keys(conn: &Connection, workshop: Uuid) -> Result<(Vec<CategoryKey>, Vec<Uuid>, Vec<PersonKey>)> {
    let diagnostic: Uuid = conn
        .prepare_cached("SELECT diagnostic_id FROM workshop WHERE id = ?1 AND deleted = 0")?
        .query_row([workshop], |r| r.get(0))
        .optional()?
        .ok_or(StoreError::NotFound { what: "Atelier", id: workshop })?;
    let mut stmt = conn.prepare_cached(
        "SELECT position, id, code, label, shortcut FROM category WHERE diagnostic_id = ?1 AND deleted = 0",
    )?;
    let mut categories: Vec<(i64, CategoryKey)> = stmt
        .query_map([diagnostic], |r| {
            Ok((
                r.get(0)?,
                CategoryKey { id: r.get(1)?, code: r.get(2)?, label: r.get(3)?, shortcut: r.get(4)? },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    categories.sort_by_key(|(position, key)| (*position, key.id));
    let mut stmt =
        conn.prepare_cached("SELECT position, id FROM stake WHERE diagnostic_id = ?1 AND deleted = 0")?;
    let mut stakes: Vec<(i64, Uuid)> =
        stmt.query_map([diagnostic], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    stakes.sort_unstable();
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.name FROM participant p
          WHERE p.deleted = 0 AND p.erased_stamp IS NULL AND p.name IS NOT NULL AND p.id IN
                (SELECT participant_id FROM attendance WHERE workshop_id = ?1 AND removed_stamp IS NULL)",
    )?;
    let mut people: Vec<PersonKey> = stmt
        .query_map([workshop], |r| Ok(PersonKey { id: r.get(0)?, name: r.get(1)? }))?
        .collect::<rusqlite::Result<_>>()?;
    // Byte order, as SQLite's BINARY collation sorted them.
    people.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    Ok((
        categories.into_iter().map(|(_, key)| key).collect(),
        stakes.into_iter().map(|(_, id)| id).collect(),
        people,
    ))
}

/// The phase new contributions of `workshop` are recorded in (see [`Store::current_phase`]).
fn current_phase(conn: &Connection, workshop: Uuid) -> Result<Option<Uuid>> {
    let raw = meta_get(conn, &local_key("phase", workshop))?;
    let Some(phase) = raw.and_then(|text| Uuid::parse_str(&text).ok()) else { return Ok(None) };
    let live: Option<i64> = conn
        .prepare_cached("SELECT 1 FROM phase WHERE id = ?1 AND workshop_id = ?2 AND deleted = 0")?
        .query_row(rusqlite::params![phase, workshop], |r| r.get(0))
        .optional()?;
    Ok(live.map(|_| phase))
}

impl Store {
    /// Saves one line typed in the capture bar as a contribution of `workshop`, in the
    /// workshop's current phase. Returns once the contribution is on disk.
    pub fn capture(&mut self, workshop: Uuid, line: &str) -> Result<Captured> {
        // Read, parse and write in the one write transaction: the keys cannot change between
        // parsing and saving, and the reads take no transaction (and file locks) of their own.
        self.write(|tx| {
            let (categories, stakes, people) = capture_keys(tx.connection(), workshop)?;
            let parsed = parse_capture(line, &categories, &stakes, &people);
            let phase = current_phase(tx.connection(), workshop)?;
            let contribution = edit::add_contribution(
                tx,
                workshop,
                &NewContribution {
                    text: &parsed.text,
                    category: parsed.category,
                    phase,
                    stakes: &parsed.stakes,
                    attribution: parsed.attribution,
                },
            )?;
            // The line is saved: its draft goes in the same commit (one flush to disk).
            meta_delete(tx.connection(), &local_key("draft", workshop))?;
            Ok(Captured { contribution, warnings: parsed.warnings })
        })
    }

    /// Corrects a contribution's text in place.
    pub fn edit_contribution_text(&mut self, contribution: Uuid, text: &str) -> Result<()> {
        let text = text.trim();
        if text.is_empty() {
            return Err(StoreError::InvalidInput(
                "Le texte ne peut pas être vide : supprimez la contribution si elle n'a plus lieu d'être."
                    .into(),
            ));
        }
        self.write(|tx| tx.set_field(&schema::CONTRIBUTION, contribution, "text", text.into()))
    }

    /// Deletes (`true`) or restores (`false`) a contribution; both are stamped, so the later
    /// of a deletion and a restore wins everywhere.
    pub fn set_contribution_deleted(&mut self, contribution: Uuid, deleted: bool) -> Result<()> {
        self.write(|tx| tx.set_field(&schema::CONTRIBUTION, contribution, "deleted", deleted.into()))
    }

    /// The phase new contributions of `workshop` are recorded in, on this installation; a
    /// phase since removed from the agenda is no longer current.
    pub fn current_phase(&self, workshop: Uuid) -> Result<Option<Uuid>> {
        current_phase(self.connection(), workshop)
    }

    /// What a line would be saved as, shown while it is typed.
    pub fn capture_preview(&self, workshop: Uuid, line: &str) -> Result<CapturePreview> {
        let (categories, stakes, people) = capture_keys(self.connection(), workshop)?;
        let parsed = parse_capture(line, &categories, &stakes, &people);
        let attribution = match parsed.attribution {
            AttributeTo::Anonymous => None,
            AttributeTo::Structure(kind) => Some(kind.label_fr().to_string()),
            AttributeTo::Participant(id) => people.iter().find(|p| p.id == id).map(|p| p.name.clone()),
        };
        Ok(CapturePreview {
            text: parsed.text,
            category_id: parsed.category,
            stake_ids: parsed.stakes,
            attributed_to: attribution,
            warnings: parsed.warnings,
        })
    }

    pub fn set_current_phase(&mut self, workshop: Uuid, phase: Uuid) -> Result<()> {
        let belongs: Option<i64> = self
            .connection()
            .query_row(
                "SELECT 1 FROM phase WHERE id = ?1 AND workshop_id = ?2 AND deleted = 0",
                rusqlite::params![phase, workshop],
                |r| r.get(0),
            )
            .optional()?;
        if belongs.is_none() {
            return Err(StoreError::NotFound { what: "Séquence", id: phase });
        }
        meta_set(self.connection(), &local_key("phase", workshop), &phase.to_string())
    }

    /// Keeps the line being typed, so that a crash or a flat battery does not lose it.
    pub fn save_draft(&mut self, workshop: Uuid, text: &str) -> Result<()> {
        let key = local_key("draft", workshop);
        if text.trim().is_empty() {
            meta_delete(self.connection(), &key)
        } else {
            meta_set(self.connection(), &key, text)
        }
    }

    /// The line that was being typed when the app stopped, if any.
    pub fn draft(&self, workshop: Uuid) -> Result<Option<String>> {
        meta_get(self.connection(), &local_key("draft", workshop))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn categories() -> Vec<CategoryKey> {
        crate::edit::DEFAULT_CATEGORIES
            .iter()
            .enumerate()
            .map(|(i, (code, label, shortcut))| CategoryKey {
                id: id(100 + i as u128),
                code: code.to_string(),
                label: label.to_string(),
                shortcut: shortcut.to_string(),
            })
            .collect()
    }

    fn stakes() -> Vec<Uuid> {
        (1..=6).map(id).collect()
    }

    fn people() -> Vec<PersonKey> {
        vec![
            PersonKey { id: id(900), name: "Lucie Fabre".into() },
            PersonKey { id: id(901), name: "Élodie Sarda".into() },
        ]
    }

    fn parse(line: &str) -> ParsedCapture {
        parse_capture(line, &categories(), &stakes(), &people())
    }

    #[rstest]
    #[case::shortcut("b: Un lieu ressource", Some(103), "Un lieu ressource")]
    #[case::code("besoin: Un lieu ressource", Some(103), "Un lieu ressource")]
    #[case::label_with_accent_and_french_space(
        "Difficulté : Locaux trop chers",
        Some(102),
        "Locaux trop chers"
    )]
    #[case::folded_label("difficulte: Locaux trop chers", Some(102), "Locaux trop chers")]
    #[case::no_prefix("Un lieu ressource", None, "Un lieu ressource")]
    #[case::colon_inside_sentence(
        "Constat partagé : les locaux manquent",
        None,
        "Constat partagé : les locaux manquent"
    )]
    fn categories_are_read_from_a_leading_prefix(
        #[case] line: &str,
        #[case] category: Option<u128>,
        #[case] text: &str,
    ) {
        let parsed = parse(line);
        assert_eq!(parsed.category, category.map(id), "category of {line:?}");
        assert_eq!(parsed.text, text, "the prefix is not part of the text");
    }

    #[test]
    fn stakes_are_read_anywhere_and_kept_once_in_typed_order() {
        let parsed = parse("a: Tissu associatif dense #3 #1#3");
        assert_eq!(parsed.stakes, vec![id(3), id(1)], "stakes 3 then 1, no repeat");
        assert_eq!(parsed.text, "Tissu associatif dense");
        assert!(parsed.warnings.is_empty());
    }

    #[rstest]
    #[case::structure_alias("@asso", AttributeTo::Structure(StructureType::Association))]
    #[case::structure_label("@Collectivité", AttributeTo::Structure(StructureType::LocalAuthority))]
    #[case::structure_short("@coop", AttributeTo::Structure(StructureType::Cooperative))]
    #[case::person_first_name("@lucie", AttributeTo::Participant(id(900)))]
    #[case::person_without_accent("@elodie", AttributeTo::Participant(id(901)))]
    fn attribution_is_read_from_an_at_marker(#[case] marker: &str, #[case] expected: AttributeTo) {
        let parsed = parse(&format!("Idée du jour {marker}"));
        assert_eq!(parsed.attribution, expected, "{marker}");
        assert_eq!(parsed.text, "Idée du jour");
    }

    #[test]
    fn unreadable_markers_stay_in_the_text_with_a_warning() {
        let parsed = parse("x: Mutualiser les véhicules #9 @zzz");
        assert_eq!(parsed.text, "x: Mutualiser les véhicules #9 @zzz", "nothing typed disappears");
        assert_eq!(parsed.category, None);
        assert_eq!(parsed.attribution, AttributeTo::Anonymous, "no attribution means anonymous");
        assert_eq!(parsed.warnings.len(), 3, "one warning per unreadable marker: {:?}", parsed.warnings);
        assert!(parsed.warnings[1].contains("de 1 à 6"), "the warning says the valid range");
    }

    #[test]
    fn folding_ignores_case_and_french_accents() {
        assert_eq!(fold("Économie Sociale et SOLIDAIRE, œuvre"), "economie sociale et solidaire, oeuvre");
    }
}
