//! Recommendations (préconisations): what the diagnostic proposes to public policy, each
//! traced back to the contributions it comes from.
//!
//! Invariants:
//! - A recommendation's stakes and sources are add-wins sets, so two coordinators adding
//!   sources to it on different laptops both keep theirs after a merge.
//! - "Issue des ateliers X, Y" is always computed from the live sources, never stored.
//! - Promoting a contribution keeps the contribution as it is and makes it the first source.

use std::collections::HashMap;

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::schema;
use crate::store::{Result, Store, StoreError};

/// Where a recommendation stands; stored as its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RecommendationStatus {
    Proposee,
    Retenue,
    Ecartee,
    AApprofondir,
}

impl RecommendationStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Proposee => "proposee",
            Self::Retenue => "retenue",
            Self::Ecartee => "ecartee",
            Self::AApprofondir => "a_approfondir",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Proposee, Self::Retenue, Self::Ecartee, Self::AApprofondir]
            .into_iter()
            .find(|s| s.code() == code)
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Proposee => "Proposée",
            Self::Retenue => "Retenue",
            Self::Ecartee => "Écartée",
            Self::AApprofondir => "À approfondir",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewRecommendation {
    pub title: String,
    pub body: String,
    /// Who it addresses, in words: "élus", "services techniques", "acteurs de l'ESS"…
    pub audience: String,
    pub status: RecommendationStatus,
    pub stake_ids: Vec<Uuid>,
    pub source_ids: Vec<Uuid>,
}

/// What an editor rewrites of a recommendation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecommendationText {
    pub title: String,
    pub body: String,
    pub audience: String,
}

/// A source of a recommendation: the contribution and where it was said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RecommendationSource {
    pub contribution_id: Uuid,
    pub text: String,
    pub workshop_id: Uuid,
    pub workshop_title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RecommendationView {
    pub id: Uuid,
    pub title: String,
    pub body: String,
    pub audience: String,
    pub status: RecommendationStatus,
    pub stake_ids: Vec<Uuid>,
    pub sources: Vec<RecommendationSource>,
    /// The workshops of the sources, in the order they were held, each once.
    pub from_workshops: Vec<String>,
}

fn required(value: &str, what: &str) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(StoreError::InvalidInput(format!("{what} ne peut pas être vide.")));
    }
    Ok(trimmed.to_owned())
}

/// A title from a contribution's text: its first sentence, at most 90 characters.
fn title_from(text: &str) -> String {
    let sentence = text.split_inclusive(['.', '!', '?', ';']).next().unwrap_or(text).trim();
    let sentence = sentence.trim_end_matches(['.', ';']);
    if sentence.chars().count() <= 90 {
        sentence.to_owned()
    } else {
        let cut: String = sentence.chars().take(89).collect();
        let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head).to_owned();
        format!("{cut}…")
    }
}

impl Store {
    pub fn create_recommendation(&mut self, diagnostic: Uuid, new: &NewRecommendation) -> Result<Uuid> {
        let title = required(&new.title, "Le titre de la préconisation")?;
        let position: i64 = self.connection().query_row(
            "SELECT coalesce(max(position) + 1, 0) FROM recommendation WHERE diagnostic_id = ?1",
            [diagnostic],
            |r| r.get(0),
        )?;
        self.write(|tx| {
            let id = tx.insert_record(
                &schema::RECOMMENDATION,
                Some(diagnostic),
                &[
                    ("title", title.as_str().into()),
                    ("body", new.body.trim().into()),
                    ("audience", new.audience.trim().into()),
                    ("status", new.status.code().into()),
                    ("position", position.into()),
                ],
            )?;
            for stake in &new.stake_ids {
                tx.add_to_set(
                    &schema::RECOMMENDATION_STAKE,
                    &[("recommendation_id", id.into()), ("stake_id", (*stake).into())],
                )?;
            }
            for source in &new.source_ids {
                tx.add_to_set(
                    &schema::RECOMMENDATION_SOURCE,
                    &[("recommendation_id", id.into()), ("contribution_id", (*source).into())],
                )?;
            }
            Ok(id)
        })
    }

    /// Makes a recommendation of a contribution (of category "préconisation", typically), in
    /// one step: its first sentence as title, its text as body, its stakes, itself as source.
    /// A contribution that is already the source of a recommendation gives that one: promoting
    /// twice (a second press, another window) never makes two.
    pub fn promote_contribution(&mut self, contribution: Uuid) -> Result<Uuid> {
        if let Some(existing) = self.recommendation_sourced_by(contribution)? {
            return Ok(existing);
        }
        let view = self.contribution_view(contribution)?;
        let diagnostic: Uuid = self.connection().query_row(
            "SELECT w.diagnostic_id FROM contribution c JOIN workshop w ON w.id = c.workshop_id WHERE c.id = ?1",
            [contribution],
            |r| r.get(0),
        )?;
        self.create_recommendation(
            diagnostic,
            &NewRecommendation {
                title: title_from(&view.text),
                body: view.text.clone(),
                audience: String::new(),
                status: RecommendationStatus::Proposee,
                stake_ids: view.stake_ids.clone(),
                source_ids: vec![contribution],
            },
        )
    }

    pub fn set_recommendation_status(
        &mut self,
        recommendation: Uuid,
        status: RecommendationStatus,
    ) -> Result<()> {
        self.write(|tx| tx.set_field(&schema::RECOMMENDATION, recommendation, "status", status.code().into()))
    }

    /// The first live recommendation `contribution` is a live source of, if any.
    fn recommendation_sourced_by(&self, contribution: Uuid) -> Result<Option<Uuid>> {
        Ok(self
            .connection()
            .prepare_cached(
                "SELECT r.id FROM recommendation_source s JOIN recommendation r ON r.id = s.recommendation_id
                  WHERE s.contribution_id = ?1 AND s.removed_stamp IS NULL AND r.deleted = 0
                  ORDER BY r.position, r.id LIMIT 1",
            )?
            .query_row([contribution], |r| r.get(0))
            .optional()?)
    }

    /// Adds a contribution to a recommendation's sources; a source already there stays one.
    pub fn add_recommendation_source(&mut self, recommendation: Uuid, contribution: Uuid) -> Result<()> {
        self.live_recommendation(recommendation)?;
        let already: Option<i64> = self
            .connection()
            .prepare_cached(
                "SELECT 1 FROM recommendation_source
                  WHERE recommendation_id = ?1 AND contribution_id = ?2 AND removed_stamp IS NULL",
            )?
            .query_row(rusqlite::params![recommendation, contribution], |r| r.get(0))
            .optional()?;
        if already.is_some() {
            return Ok(());
        }
        self.write(|tx| {
            tx.add_to_set(
                &schema::RECOMMENDATION_SOURCE,
                &[("recommendation_id", recommendation.into()), ("contribution_id", contribution.into())],
            )
            .map(|_| ())
        })
    }

    /// Fails with "not found" unless `recommendation` exists and is not deleted.
    fn live_recommendation(&self, recommendation: Uuid) -> Result<Uuid> {
        self.connection()
            .prepare_cached("SELECT diagnostic_id FROM recommendation WHERE id = ?1 AND deleted = 0")?
            .query_row([recommendation], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NotFound { what: "Préconisation", id: recommendation })
    }

    /// Rewrites a recommendation's title, text and audience; only the fields that changed
    /// are stamped, so an edit of the audience here and of the title elsewhere both stay.
    pub fn update_recommendation(&mut self, recommendation: Uuid, text: &RecommendationText) -> Result<()> {
        self.live_recommendation(recommendation)?;
        let title = required(&text.title, "Le titre de la préconisation")?;
        let current: (String, String, String) = self.connection().query_row(
            "SELECT title, body, audience FROM recommendation WHERE id = ?1",
            [recommendation],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let wanted = [
            ("title", current.0, title),
            ("body", current.1, text.body.trim().to_owned()),
            ("audience", current.2, text.audience.trim().to_owned()),
        ];
        self.write(|tx| {
            for (field, before, after) in wanted {
                if before != after {
                    tx.set_field(&schema::RECOMMENDATION, recommendation, field, after.into())?;
                }
            }
            Ok(())
        })
    }

    /// Makes the recommendation's stakes exactly `stake_ids`: adds the missing ones and
    /// removes the others (the removals only reach the additions seen here).
    pub fn set_recommendation_stakes(&mut self, recommendation: Uuid, stake_ids: &[Uuid]) -> Result<()> {
        let diagnostic = self.live_recommendation(recommendation)?;
        let known: Vec<Uuid> = self
            .connection()
            .prepare_cached("SELECT id FROM stake WHERE diagnostic_id = ?1 AND deleted = 0")?
            .query_map([diagnostic], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if let Some(unknown) = stake_ids.iter().find(|id| !known.contains(id)) {
            return Err(StoreError::NotFound { what: "Enjeu", id: *unknown });
        }
        let current: Vec<Uuid> = self
            .connection()
            .prepare_cached(
                "SELECT DISTINCT stake_id FROM recommendation_stake
                  WHERE recommendation_id = ?1 AND removed_stamp IS NULL",
            )?
            .query_map([recommendation], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        self.write(|tx| {
            for stake in current.iter().filter(|s| !stake_ids.contains(s)) {
                tx.remove_from_set(
                    &schema::RECOMMENDATION_STAKE,
                    &[("recommendation_id", recommendation.into()), ("stake_id", (*stake).into())],
                )?;
            }
            let mut added: Vec<Uuid> = Vec::new();
            for stake in stake_ids.iter().filter(|s| !current.contains(s)) {
                if added.contains(stake) {
                    continue;
                }
                added.push(*stake);
                tx.add_to_set(
                    &schema::RECOMMENDATION_STAKE,
                    &[("recommendation_id", recommendation.into()), ("stake_id", (*stake).into())],
                )?;
            }
            Ok(())
        })
    }

    /// Takes a contribution out of a recommendation's sources; the contribution stays.
    pub fn remove_recommendation_source(&mut self, recommendation: Uuid, contribution: Uuid) -> Result<()> {
        self.live_recommendation(recommendation)?;
        let removed = self.write(|tx| {
            tx.remove_from_set(
                &schema::RECOMMENDATION_SOURCE,
                &[("recommendation_id", recommendation.into()), ("contribution_id", contribution.into())],
            )
        })?;
        if removed == 0 {
            return Err(StoreError::NotFound { what: "Source de la préconisation", id: contribution });
        }
        Ok(())
    }

    /// Deletes a recommendation (a stamped tombstone); its source contributions stay.
    pub fn delete_recommendation(&mut self, recommendation: Uuid) -> Result<()> {
        self.live_recommendation(recommendation)?;
        self.write(|tx| tx.set_field(&schema::RECOMMENDATION, recommendation, "deleted", true.into()))
    }

    /// Moves a recommendation to `index` (0-based, clamped) in the diagnostic's order;
    /// only the recommendations whose position changes are written.
    pub fn move_recommendation(&mut self, recommendation: Uuid, index: u32) -> Result<()> {
        let diagnostic = self.live_recommendation(recommendation)?;
        let order: Vec<(Uuid, i64)> = self
            .connection()
            .prepare_cached(
                "SELECT id, position FROM recommendation WHERE diagnostic_id = ?1 AND deleted = 0
                  ORDER BY position, id",
            )?
            .query_map([diagnostic], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut ids: Vec<Uuid> = order.iter().map(|(id, _)| *id).filter(|id| *id != recommendation).collect();
        ids.insert((index as usize).min(ids.len()), recommendation);
        self.write(|tx| {
            for (position, id) in ids.iter().enumerate() {
                let position = position as i64;
                let before = order.iter().find(|(other, _)| other == id).map(|(_, p)| *p);
                if before != Some(position) {
                    tx.set_field(&schema::RECOMMENDATION, *id, "position", position.into())?;
                }
            }
            Ok(())
        })
    }

    /// The diagnostic's recommendations in their order, with their live sources.
    pub fn recommendations(&self, diagnostic: Uuid) -> Result<Vec<RecommendationView>> {
        let conn = self.connection();
        let mut stakes: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        let mut stmt = conn.prepare_cached(
            "SELECT DISTINCT rs.recommendation_id, rs.stake_id FROM recommendation_stake rs
               JOIN recommendation r ON r.id = rs.recommendation_id AND r.diagnostic_id = ?1
               JOIN stake s ON s.id = rs.stake_id AND s.deleted = 0
              WHERE rs.removed_stamp IS NULL ORDER BY s.position, s.id",
        )?;
        let mut rows = stmt.query([diagnostic])?;
        while let Some(row) = rows.next()? {
            stakes.entry(row.get(0)?).or_default().push(row.get(1)?);
        }
        let mut sources: HashMap<Uuid, Vec<RecommendationSource>> = HashMap::new();
        let mut stmt = conn.prepare_cached(
            "SELECT rs.recommendation_id, c.id, c.text, w.id, w.title FROM recommendation_source rs
               JOIN recommendation r ON r.id = rs.recommendation_id AND r.diagnostic_id = ?1
               JOIN contribution c ON c.id = rs.contribution_id AND c.deleted = 0
               JOIN workshop w ON w.id = c.workshop_id AND w.deleted = 0
              WHERE rs.removed_stamp IS NULL
              GROUP BY rs.recommendation_id, c.id
              ORDER BY w.starts_at IS NULL, w.starts_at, w.title, c.id",
        )?;
        let mut rows = stmt.query([diagnostic])?;
        while let Some(row) = rows.next()? {
            sources.entry(row.get(0)?).or_default().push(RecommendationSource {
                contribution_id: row.get(1)?,
                text: row.get(2)?,
                workshop_id: row.get(3)?,
                workshop_title: row.get(4)?,
            });
        }
        let mut stmt = conn.prepare_cached(
            "SELECT id, title, body, audience, status FROM recommendation
              WHERE diagnostic_id = ?1 AND deleted = 0 ORDER BY position, id",
        )?;
        let views = stmt
            .query_map([diagnostic], |row| {
                let id: Uuid = row.get(0)?;
                let status: String = row.get(4)?;
                Ok((id, row.get(1)?, row.get(2)?, row.get(3)?, status))
            })?
            .collect::<rusqlite::Result<Vec<(Uuid, String, String, String, String)>>>()?
            .into_iter()
            .map(|(id, title, body, audience, status)| {
                let sources = sources.remove(&id).unwrap_or_default();
                let mut from_workshops: Vec<String> = Vec::new();
                for source in &sources {
                    if !from_workshops.contains(&source.workshop_title) {
                        from_workshops.push(source.workshop_title.clone());
                    }
                }
                RecommendationView {
                    id,
                    title,
                    body,
                    audience,
                    status: RecommendationStatus::from_code(&status)
                        .unwrap_or(RecommendationStatus::Proposee),
                    stake_ids: stakes.remove(&id).unwrap_or_default(),
                    sources,
                    from_workshops,
                }
            })
            .collect();
        Ok(views)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Sources;

    #[test]
    fn a_titled_recommendation_needs_a_title_and_the_first_sentence_makes_one() {
        assert_eq!(title_from("Créer un fonds local. Il financerait les projets."), "Créer un fonds local");
        let long = "Mettre en place ".to_owned() + &"un dispositif ".repeat(10);
        let title = title_from(&long);
        assert!(title.ends_with('…') && title.chars().count() <= 90, "{title}");
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            Store::open(&dir.path().join("s.sqlite3"), Sources::fixed(1_700_000_000_000, 2)).unwrap();
        let diagnostic = crate::template::ensure_initial_diagnostic(&mut store).unwrap();
        let blank = NewRecommendation {
            title: "  ".into(),
            body: String::new(),
            audience: String::new(),
            status: RecommendationStatus::Proposee,
            stake_ids: vec![],
            source_ids: vec![],
        };
        assert!(matches!(store.create_recommendation(diagnostic, &blank), Err(StoreError::InvalidInput(_))));
    }

    #[test]
    fn a_promoted_contribution_is_the_source_and_names_its_workshops() {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            Store::open(&dir.path().join("s.sqlite3"), Sources::fixed(1_700_000_000_000, 2)).unwrap();
        let diagnostic = crate::template::ensure_initial_diagnostic(&mut store).unwrap();
        let workshops = store.diagnostic_overview(diagnostic).unwrap().workshops;
        let said = store
            .capture(workshops[0].id, "p: Ouvrir un fonds local de garantie. Géré avec les banques. #2")
            .unwrap();
        let again = store.capture(workshops[1].id, "Un fonds de garantie, oui").unwrap();
        let recommendation = store.promote_contribution(said.contribution).unwrap();
        store.add_recommendation_source(recommendation, again.contribution).unwrap();
        store.add_recommendation_source(recommendation, again.contribution).unwrap();
        store.set_recommendation_status(recommendation, RecommendationStatus::Retenue).unwrap();
        assert_eq!(
            store.promote_contribution(said.contribution).unwrap(),
            recommendation,
            "promoting again shows the recommendation already made, it does not make a second"
        );
        assert_eq!(store.recommendations(diagnostic).unwrap().len(), 1, "one recommendation, not two");

        let all = store.recommendations(diagnostic).unwrap();
        let view = all.iter().find(|r| r.id == recommendation).unwrap();
        assert_eq!(view.title, "Ouvrir un fonds local de garantie");
        assert_eq!(view.status, RecommendationStatus::Retenue);
        assert_eq!(view.stake_ids.len(), 1, "the contribution's stake came with it");
        assert_eq!(view.sources.len(), 2, "both contributions are sources, each once");
        let entries: i64 = store
            .connection()
            .query_row(
                "SELECT count(*) FROM recommendation_source WHERE recommendation_id = ?1",
                [recommendation],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(entries, 2, "linking a source twice writes it once");
        assert_eq!(
            view.from_workshops.len(),
            2,
            "issue des ateliers of both workshops: {:?}",
            view.from_workshops
        );
        assert!(
            view.from_workshops.contains(&workshops[0].title)
                && view.from_workshops.contains(&workshops[1].title)
        );

        store.set_contribution_deleted(again.contribution, true).unwrap();
        let view =
            store.recommendations(diagnostic).unwrap().into_iter().find(|r| r.id == recommendation).unwrap();
        assert_eq!(view.sources.len(), 1, "a deleted contribution is no longer a source");
        assert_eq!(view.from_workshops, vec![workshops[0].title.clone()]);
        let contribution = store.contribution_view(said.contribution).unwrap();
        assert!(contribution.text.starts_with("Ouvrir un fonds"), "the contribution itself is unchanged");
    }

    fn demo() -> (tempfile::TempDir, Store, Uuid) {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            Store::open(&dir.path().join("s.sqlite3"), Sources::fixed(1_700_000_000_000, 2)).unwrap();
        let diagnostic = crate::template::ensure_initial_diagnostic(&mut store).unwrap();
        (dir, store, diagnostic)
    }

    fn titled(title: &str) -> NewRecommendation {
        NewRecommendation {
            title: title.into(),
            body: String::new(),
            audience: String::new(),
            status: RecommendationStatus::Proposee,
            stake_ids: vec![],
            source_ids: vec![],
        }
    }

    fn view_of(store: &Store, diagnostic: Uuid, id: Uuid) -> RecommendationView {
        store.recommendations(diagnostic).unwrap().into_iter().find(|r| r.id == id).unwrap()
    }

    #[test]
    fn an_edit_rewrites_only_what_changed_and_keeps_a_title() {
        let (_dir, mut store, diagnostic) = demo();
        let id = store.create_recommendation(diagnostic, &titled("Un fonds local")).unwrap();
        let stamp_of = |store: &Store, field: &str| -> Vec<u8> {
            store
                .connection()
                .query_row(&format!("SELECT {field}_stamp FROM recommendation WHERE id = ?1"), [id], |r| {
                    r.get(0)
                })
                .unwrap()
        };
        let title_stamp = stamp_of(&store, "title");
        let edit = RecommendationText {
            title: " Un fonds local ".into(),
            body: "Géré avec les banques.".into(),
            audience: " élus ".into(),
        };
        store.update_recommendation(id, &edit).unwrap();
        let view = view_of(&store, diagnostic, id);
        assert_eq!(
            (view.body.as_str(), view.audience.as_str()),
            ("Géré avec les banques.", "élus"),
            "trimmed"
        );
        assert_eq!(
            stamp_of(&store, "title"),
            title_stamp,
            "an unchanged title keeps its stamp, so it cannot win a merge"
        );
        let blank = RecommendationText { title: " ".into(), ..edit };
        assert!(matches!(store.update_recommendation(id, &blank), Err(StoreError::InvalidInput(_))));
        assert_eq!(view_of(&store, diagnostic, id).title, "Un fonds local", "a refused edit writes nothing");
        assert!(matches!(
            store.update_recommendation(
                Uuid::nil(),
                &RecommendationText { title: "x".into(), body: String::new(), audience: String::new() }
            ),
            Err(StoreError::NotFound { .. })
        ));
    }

    #[test]
    fn stakes_are_set_to_exactly_the_chosen_ones() {
        let (_dir, mut store, diagnostic) = demo();
        let stakes: Vec<Uuid> =
            store.diagnostic_overview(diagnostic).unwrap().stakes.iter().map(|s| s.id).collect();
        let id = store
            .create_recommendation(
                diagnostic,
                &NewRecommendation { stake_ids: vec![stakes[0], stakes[1]], ..titled("T") },
            )
            .unwrap();
        store.set_recommendation_stakes(id, &[stakes[2], stakes[1], stakes[2]]).unwrap();
        assert_eq!(
            view_of(&store, diagnostic, id).stake_ids,
            vec![stakes[1], stakes[2]],
            "in the stakes' order, once each"
        );
        let added: i64 = store
            .connection()
            .query_row("SELECT count(*) FROM recommendation_stake WHERE recommendation_id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(added, 3, "the kept stake was not added again, the repeated one only once");
        store.set_recommendation_stakes(id, &[]).unwrap();
        assert!(view_of(&store, diagnostic, id).stake_ids.is_empty());
        assert!(
            matches!(store.set_recommendation_stakes(id, &[Uuid::nil()]), Err(StoreError::NotFound { .. })),
            "a stake of no diagnostic is refused"
        );
    }

    #[test]
    fn a_source_is_removed_and_a_recommendation_deleted_without_touching_contributions() {
        let (_dir, mut store, diagnostic) = demo();
        let workshop = store.diagnostic_overview(diagnostic).unwrap().workshops[0].id;
        let said = store.capture(workshop, "p: Un guichet unique").unwrap().contribution;
        let id = store.promote_contribution(said).unwrap();
        store.remove_recommendation_source(id, said).unwrap();
        let view = view_of(&store, diagnostic, id);
        assert!(view.sources.is_empty() && view.from_workshops.is_empty(), "{view:?}");
        assert!(
            matches!(store.remove_recommendation_source(id, said), Err(StoreError::NotFound { .. })),
            "removing a source that is not one says so"
        );
        store.delete_recommendation(id).unwrap();
        assert!(
            store.recommendations(diagnostic).unwrap().iter().all(|r| r.id != id),
            "deleted ones are not listed"
        );
        assert_eq!(
            store.contribution_view(said).unwrap().text,
            "Un guichet unique",
            "the contribution stays"
        );
        assert!(matches!(store.delete_recommendation(id), Err(StoreError::NotFound { .. })));
        assert!(
            matches!(store.add_recommendation_source(id, said), Err(StoreError::NotFound { .. })),
            "a deleted recommendation takes no new source"
        );
    }

    #[test]
    fn a_recommendation_moves_to_a_new_place_in_the_order() {
        let (_dir, mut store, diagnostic) = demo();
        let before: Vec<Uuid> = store.recommendations(diagnostic).unwrap().iter().map(|r| r.id).collect();
        let a = store.create_recommendation(diagnostic, &titled("A")).unwrap();
        let b = store.create_recommendation(diagnostic, &titled("B")).unwrap();
        let c = store.create_recommendation(diagnostic, &titled("C")).unwrap();
        let order = |store: &Store| -> Vec<Uuid> {
            store
                .recommendations(diagnostic)
                .unwrap()
                .iter()
                .map(|r| r.id)
                .filter(|id| !before.contains(id))
                .collect()
        };
        assert_eq!(order(&store), vec![a, b, c], "created at the end");
        let last = u32::try_from(before.len() + 2).unwrap();
        store.move_recommendation(a, last).unwrap();
        assert_eq!(order(&store), vec![b, c, a]);
        store.move_recommendation(c, 0).unwrap();
        assert_eq!(order(&store)[0], c);
        assert_eq!(store.recommendations(diagnostic).unwrap()[0].id, c, "first of all");
        store.move_recommendation(b, 1000).unwrap();
        assert_eq!(
            store.recommendations(diagnostic).unwrap().last().unwrap().id,
            b,
            "an index past the end is the end"
        );
        let d = store.create_recommendation(diagnostic, &titled("D")).unwrap();
        assert_eq!(
            store.recommendations(diagnostic).unwrap().last().unwrap().id,
            d,
            "a new one still comes last"
        );
    }
}
