//! Recommendations (préconisations): what the diagnostic proposes to public policy, each
//! traced back to the contributions it comes from.
//!
//! Invariants:
//! - A recommendation's stakes and sources are add-wins sets, so two coordinators adding
//!   sources to it on different laptops both keep theirs after a merge.
//! - "Issue des ateliers X, Y" is always computed from the live sources, never stored.
//! - Promoting a contribution keeps the contribution as it is and makes it the first source.

use std::collections::HashMap;

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
            "SELECT count(*) FROM recommendation WHERE diagnostic_id = ?1",
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
    pub fn promote_contribution(&mut self, contribution: Uuid) -> Result<Uuid> {
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

    /// Adds a contribution to a recommendation's sources.
    pub fn add_recommendation_source(&mut self, recommendation: Uuid, contribution: Uuid) -> Result<()> {
        self.write(|tx| {
            tx.add_to_set(
                &schema::RECOMMENDATION_SOURCE,
                &[("recommendation_id", recommendation.into()), ("contribution_id", contribution.into())],
            )
            .map(|_| ())
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
        store.set_recommendation_status(recommendation, RecommendationStatus::Retenue).unwrap();

        let all = store.recommendations(diagnostic).unwrap();
        let view = all.iter().find(|r| r.id == recommendation).unwrap();
        assert_eq!(view.title, "Ouvrir un fonds local de garantie");
        assert_eq!(view.status, RecommendationStatus::Retenue);
        assert_eq!(view.stake_ids.len(), 1, "the contribution's stake came with it");
        assert_eq!(view.sources.len(), 2, "both contributions are sources");
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
}
