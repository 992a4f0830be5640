//! The embedded diagnostics: the demo every first launch opens on, and a new empty one.
//!
//! The demo's frame comes from the 2011 call for a collaborative ESS diagnostic in the Grand
//! Toulouse: its title, its period (April to June 2011), its six stakes word for word, and
//! the two themes it names. Everything else (sectors' workshops, people, structures,
//! contributions) is fictitious and the diagnostic is marked as a demo.

use uuid::Uuid;

use crate::edit::{
    self, AttributeTo, NewContribution, NewDiagnostic, NewParticipant, NewWorkshop, WorkshopScope,
};
use crate::model::{ParticipantRole as Role, StructureType as Kind};
use crate::store::{Result, Store, WriteTx};

pub const DEMO_TITLE: &str = "Diagnostic collaboratif sur l'économie sociale et solidaire au Grand Toulouse";

/// The six stakes of the seed article, word for word.
pub const DEMO_STAKES: [&str; 6] = [
    "Favoriser le développement et la pérennité de cette économie et de ses emplois",
    "Mieux répondre aux attentes et aux besoins des structures de l'ESS",
    "Mieux accompagner l'entrepreneuriat solidaire",
    "Inscrire pleinement l'ESS dans la dynamique du projet de pôle de complémentarité sur l'autonomie porté par le Grand Toulouse",
    "Favoriser les liens entre l'ESS et l'économie classique du Grand Toulouse (en particulier avec les pôles de compétitivité, les pépinières d'entreprises etc.)",
    "Diffuser les valeurs et les bonnes pratiques de l'ESS auprès des élus, des techniciens, des acteurs économiques du Grand Toulouse et plus largement des citoyens",
];

/// The two themes the article names for thematic workshops.
pub const DEMO_THEMES: [&str; 2] = ["Entrepreneuriat solidaire", "Services à la personne"];

const DEMO_DESCRIPTION: &str = "Élaborer collectivement un état des lieux des initiatives économiques solidaires du territoire et des préconisations en termes de politique publique, par une série d'ateliers territoriaux et thématiques. Démonstration : les ateliers, les personnes, les structures et les contributions sont fictifs.";

/// Sectors of the metropolis; the communes are real places, the split is illustrative.
const DEMO_TERRITORIES: [(&str, &[&str]); 4] = [
    ("Toulouse centre", &["Toulouse"]),
    ("Secteur Nord", &["Aucamville", "Fenouillet", "Launaguet", "L'Union", "Saint-Alban"]),
    ("Secteur Ouest", &["Blagnac", "Colomiers", "Cornebarrieu", "Tournefeuille"]),
    ("Secteur Sud-Est", &["Balma", "Quint-Fonsegrives", "Saint-Orens-de-Gameville"]),
];

/// The usual agenda: (title, question asked to the room, minutes).
pub const DEFAULT_AGENDA: &[(&str, &str, i64)] = &[
    ("Accueil", "", 15),
    ("Tour de table", "Qui êtes-vous, quelle structure représentez-vous ?", 20),
    (
        "État des lieux",
        "Quelles initiatives solidaires existent ici ? Quels atouts, quelles difficultés ?",
        30,
    ),
    ("Besoins", "De quoi les structures de l'ESS ont-elles besoin pour se développer ?", 20),
    ("Pistes et préconisations", "Que devrait faire la collectivité ?", 25),
    ("Priorisation", "Quelles pistes vous semblent prioritaires ?", 10),
    ("Clôture", "", 5),
];

/// The usual agenda, for a new workshop's planning form.
pub fn default_agenda() -> Vec<crate::plan::PhasePlan> {
    DEFAULT_AGENDA
        .iter()
        .map(|(title, question, minutes)| crate::plan::PhasePlan {
            id: None,
            title: (*title).into(),
            question: (*question).into(),
            duration_min: u32::try_from(*minutes).unwrap_or(0),
        })
        .collect()
}

/// On an empty store, installs the demo; returns the diagnostic to show (the current one).
pub fn ensure_initial_diagnostic(store: &mut Store) -> Result<Uuid> {
    if let Some(current) = store.current_diagnostic()? {
        return Ok(current);
    }
    let existing = store.list_diagnostics()?;
    let id = match existing.first() {
        Some(first) => first.id,
        None => install_demo(store)?,
    };
    store.set_current_diagnostic(id)?;
    Ok(id)
}

/// Creates an empty diagnostic (with the default categories) and makes it current.
pub fn create_empty_diagnostic(store: &mut Store, title: &str) -> Result<Uuid> {
    let id = store.write(|tx| {
        edit::create_diagnostic(
            tx,
            &NewDiagnostic { title, description: "", period_start: None, period_end: None, is_demo: false },
        )
    })?;
    store.set_current_diagnostic(id)?;
    Ok(id)
}

/// Writes the demo diagnostic in one transaction; returns its id.
pub fn install_demo(store: &mut Store) -> Result<Uuid> {
    store.write(write_demo)
}

struct DemoPerson {
    name: &'static str,
    organisation: Option<&'static str>,
    kind: Kind,
    role: Role,
    consent_named: bool,
}

const fn person(
    name: &'static str,
    organisation: Option<&'static str>,
    kind: Kind,
    role: Role,
    consent_named: bool,
) -> DemoPerson {
    DemoPerson { name, organisation, kind, role, consent_named }
}

/// A demo contribution: (phase index in the agenda, category code, stake numbers, who, text).
/// `who` is an index into the workshop's people, or `None` for an anonymous contribution.
type DemoContribution = (usize, &'static str, &'static [usize], Option<usize>, &'static str);

struct DemoWorkshop {
    scope: DemoScope,
    title: &'static str,
    starts_at: &'static str,
    ends_at: &'static str,
    place: &'static str,
    facilitators: &'static [&'static str],
    people: &'static [DemoPerson],
    contributions: &'static [DemoContribution],
}

enum DemoScope {
    Territory(usize),
    Theme(usize),
}

const DEMO_WORKSHOPS: &[DemoWorkshop] = &[
    DemoWorkshop {
        scope: DemoScope::Territory(1),
        title: "Atelier territorial — Secteur Nord",
        starts_at: "2011-04-12T16:00:00Z",
        ends_at: "2011-04-12T18:30:00Z",
        place: "Salle polyvalente (lieu fictif)",
        facilitators: &["Camille Durand", "Malik Benali"],
        people: &[
            person("Lucie Fabre", Some("Les Jardins Partagés du Nord"), Kind::Association, Role::SseActor, true),
            person("Hugo Marty", Some("Coop'Vélo Solidaire"), Kind::Cooperative, Role::SseActor, false),
            person("Inès Roussel", Some("Mairie (service économie)"), Kind::LocalAuthority, Role::Officer, false),
            person("Bernard Lacoste", None, Kind::Resident, Role::Citizen, false),
            person("Nadia Ferrand", Some("Épicerie solidaire La Cagette"), Kind::Association, Role::SseActor, true),
        ],
        contributions: &[
            (2, "atout", &[1], Some(0), "Un tissu associatif dense autour des jardins partagés et de l'alimentation."),
            (2, "constat", &[2], Some(2), "Les structures ne savent pas à quel guichet s'adresser à la communauté urbaine."),
            (2, "difficulte", &[1, 2], Some(1), "Les locaux d'activité sont trop chers pour une coopérative qui démarre."),
            (2, "atout", &[6], None, "L'épicerie solidaire est devenue un lieu de rencontre du quartier."),
            (3, "besoin", &[2], Some(4), "Un lieu ressource mutualisé : salles, matériel, comptabilité partagée."),
            (3, "besoin", &[3], Some(1), "Un accompagnement au montage de SCIC pour les projets portés par des habitants."),
            (3, "difficulte", &[5], Some(2), "Peu de liens entre les acteurs de l'ESS et la pépinière d'entreprises voisine."),
            (4, "preconisation", &[2, 5], None, "Créer un guichet unique ESS à la communauté urbaine, avec un interlocuteur par secteur."),
            (4, "idee", &[6], Some(3), "Faire visiter les initiatives du secteur aux élus et aux habitants lors d'une journée portes ouvertes."),
            (4, "preconisation", &[1], Some(0), "Réserver une part des marchés publics aux structures d'insertion et de l'ESS."),
        ],
    },
    DemoWorkshop {
        scope: DemoScope::Territory(3),
        title: "Atelier territorial — Secteur Sud-Est",
        starts_at: "2011-04-28T16:30:00Z",
        ends_at: "2011-04-28T19:00:00Z",
        place: "Maison des associations (lieu fictif)",
        facilitators: &["Malik Benali"],
        people: &[
            person("Claire Mouret", Some("Régie de quartier Sud-Est"), Kind::Association, Role::SseActor, false),
            person("Julien Peyre", Some("Mutuelle des Coteaux"), Kind::Mutual, Role::SseActor, true),
            person("Sandrine Vidal", Some("Commune (élue à la vie associative)"), Kind::LocalAuthority, Role::ElectedOfficial, true),
        ],
        contributions: &[
            (2, "constat", &[1], Some(0), "Beaucoup d'emplois aidés, peu d'emplois pérennes dans les associations du secteur."),
            (2, "difficulte", &[4], Some(1), "Les services d'aide à l'autonomie sont dispersés et mal connus des familles."),
            (3, "besoin", &[1, 2], Some(0), "Des financements pluriannuels plutôt que des appels à projets annuels."),
            (4, "preconisation", &[4], Some(2), "Associer les structures de l'ESS au projet de pôle autonomie dès sa conception."),
            (4, "idee", &[6], None, "Un forum annuel de l'ESS ouvert aux habitants."),
        ],
    },
    DemoWorkshop {
        scope: DemoScope::Theme(0),
        title: "Atelier thématique — Entrepreneuriat solidaire",
        starts_at: "2011-05-17T07:30:00Z",
        ends_at: "2011-05-17T10:00:00Z",
        place: "Pépinière d'entreprises (lieu fictif)",
        facilitators: &["Camille Durand"],
        people: &[
            person("Thomas Giraud", Some("Coopérative d'activité et d'emploi (fictive)"), Kind::Cooperative, Role::SseActor, true),
            person("Amélie Costes", Some("Fondation locale pour l'initiative"), Kind::Foundation, Role::SseActor, false),
            person("Rachid Amrani", Some("SARL Les Paniers Bio"), Kind::Company, Role::SseActor, false),
            person("Élodie Sarda", Some("Communauté urbaine (développement économique)"), Kind::LocalAuthority, Role::Officer, false),
        ],
        contributions: &[
            (2, "atout", &[3], Some(0), "La coopérative d'activité et d'emploi accompagne déjà une quarantaine d'entrepreneurs."),
            (2, "difficulte", &[3], Some(2), "Les banques connaissent mal les statuts coopératifs."),
            (3, "besoin", &[3, 5], Some(1), "Un fonds d'amorçage solidaire adossé aux dispositifs classiques de création d'entreprise."),
            (3, "besoin", &[5], Some(3), "Ouvrir les pépinières et incubateurs aux projets de l'ESS."),
            (4, "preconisation", &[3], None, "Former les conseillers des réseaux de création d'entreprise aux statuts de l'ESS."),
            (4, "idee", &[5], Some(2), "Parrainages entre entreprises classiques et jeunes structures de l'ESS."),
        ],
    },
    DemoWorkshop {
        scope: DemoScope::Theme(1),
        title: "Atelier thématique — Services à la personne",
        starts_at: "2011-06-07T12:00:00Z",
        ends_at: "2011-06-07T14:30:00Z",
        place: "Centre social (lieu fictif)",
        facilitators: &["Sophie Lemoine", "Camille Durand"],
        people: &[
            person("Marie-Hélène Bosc", Some("Association d'aide à domicile (fictive)"), Kind::Association, Role::SseActor, false),
            person("Paul Azéma", None, Kind::Resident, Role::Citizen, false),
        ],
        contributions: &[
            (2, "constat", &[1, 4], Some(0), "Les métiers de l'aide à domicile peinent à recruter : temps partiels subis, déplacements non payés."),
            (2, "atout", &[4], None, "Une forte implication bénévole auprès des personnes âgées isolées."),
            (3, "besoin", &[2], Some(0), "Mutualiser les plannings et les véhicules entre associations d'aide à domicile."),
            (4, "preconisation", &[4, 6], Some(1), "Reconnaître les services à la personne de l'ESS dans le schéma gérontologique."),
        ],
    },
];

fn write_demo(tx: &mut WriteTx<'_>) -> Result<Uuid> {
    let diagnostic = edit::create_diagnostic(
        tx,
        &NewDiagnostic {
            title: DEMO_TITLE,
            description: DEMO_DESCRIPTION,
            period_start: Some("2011-04-01"),
            period_end: Some("2011-06-30"),
            is_demo: true,
        },
    )?;
    let stakes = DEMO_STAKES
        .iter()
        .enumerate()
        .map(|(position, label)| edit::add_stake(tx, diagnostic, position as i64, label))
        .collect::<Result<Vec<_>>>()?;
    let territories = DEMO_TERRITORIES
        .iter()
        .enumerate()
        .map(|(position, (name, communes))| {
            edit::add_territory(tx, diagnostic, position as i64, name, communes)
        })
        .collect::<Result<Vec<_>>>()?;
    let themes = DEMO_THEMES
        .iter()
        .enumerate()
        .map(|(position, name)| edit::add_theme(tx, diagnostic, position as i64, name))
        .collect::<Result<Vec<_>>>()?;

    for workshop in DEMO_WORKSHOPS {
        let scope = match workshop.scope {
            DemoScope::Territory(index) => WorkshopScope::Territory(territories[index]),
            DemoScope::Theme(index) => WorkshopScope::Theme(themes[index]),
        };
        let workshop_id = edit::add_workshop(
            tx,
            diagnostic,
            &NewWorkshop {
                scope,
                title: workshop.title,
                starts_at: Some(workshop.starts_at),
                ends_at: Some(workshop.ends_at),
                place: workshop.place,
                facilitators: workshop.facilitators,
                token_budget: 3,
            },
        )?;
        let phases = DEFAULT_AGENDA
            .iter()
            .enumerate()
            .map(|(position, (title, question, minutes))| {
                edit::add_phase(tx, workshop_id, position as i64, title, question, *minutes)
            })
            .collect::<Result<Vec<_>>>()?;
        let mut people = Vec::with_capacity(workshop.people.len());
        for demo in workshop.people {
            let organisation = demo
                .organisation
                .map(|name| edit::add_organisation(tx, diagnostic, name, demo.kind))
                .transpose()?;
            let participant = edit::add_participant(
                tx,
                diagnostic,
                &NewParticipant {
                    name: demo.name,
                    organisation,
                    structure_type: demo.kind,
                    role: demo.role,
                    email: None,
                    consent_named: demo.consent_named,
                },
            )?;
            edit::mark_attendance(tx, workshop_id, participant)?;
            people.push((participant, demo));
        }
        for (phase, category, stake_numbers, who, text) in workshop.contributions {
            let category = edit::category_id(tx, diagnostic, category)?;
            let stake_ids: Vec<Uuid> = stake_numbers.iter().map(|number| stakes[number - 1]).collect();
            // Attribute to the person when they agreed to be named, else to their structure's type.
            let attribution = match who.map(|index| &people[index]) {
                Some((participant, demo)) if demo.consent_named => AttributeTo::Participant(*participant),
                Some((_, demo)) => AttributeTo::Structure(demo.kind),
                None => AttributeTo::Anonymous,
            };
            edit::add_contribution(
                tx,
                workshop_id,
                &NewContribution {
                    text,
                    category: Some(category),
                    phase: Some(phases[*phase]),
                    stakes: &stake_ids,
                    attribution,
                },
            )?;
        }
    }
    Ok(diagnostic)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Sources;

    #[test]
    fn the_stakes_are_the_seed_article_s_word_for_word() {
        let seed = include_str!("../tests/fixtures/seed-article.txt");
        for stake in DEMO_STAKES {
            assert!(
                seed.contains(&format!("▶ {stake}")),
                "stake not found verbatim in the seed article: {stake}"
            );
        }
        assert!(
            seed.contains("l'entrepreneuriat solidaire et les services à la personne"),
            "the two themes come from the article"
        );
    }

    #[test]
    fn demo_people_are_fictitious_not_the_article_s_contacts() {
        let seed = include_str!("../tests/fixtures/seed-article.txt");
        // Real people named by the article must never appear in demo data.
        for real in ["Federici", "Maurice", "Veland"] {
            assert!(seed.contains(real), "the guard list must match the article ({real})");
            for workshop in DEMO_WORKSHOPS {
                for person in workshop.people {
                    assert!(!person.name.contains(real), "{} is a real person's name", person.name);
                }
                for facilitator in workshop.facilitators {
                    assert!(!facilitator.contains(real), "{facilitator} is a real person's name");
                }
            }
        }
    }

    #[test]
    fn a_new_store_opens_on_the_demo_and_keeps_it_current() {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            Store::open(&dir.path().join("s.sqlite3"), Sources::fixed(1_600_000_000_000, 5)).unwrap();
        let first = ensure_initial_diagnostic(&mut store).unwrap();
        let again = ensure_initial_diagnostic(&mut store).unwrap();
        assert_eq!(first, again, "the demo is installed once, not at every launch");
        assert_eq!(store.list_diagnostics().unwrap().len(), 1, "exactly one diagnostic after two launches");
        let overview = store.diagnostic_overview(first).unwrap();
        assert!(overview.is_demo, "the demo is marked as such");
    }

    #[test]
    fn an_empty_diagnostic_has_categories_but_no_stakes_and_becomes_current() {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            Store::open(&dir.path().join("s.sqlite3"), Sources::fixed(1_600_000_000_000, 5)).unwrap();
        ensure_initial_diagnostic(&mut store).unwrap();
        let id = create_empty_diagnostic(&mut store, "  Diagnostic du Pays Sud  ").unwrap();
        assert_eq!(store.current_diagnostic().unwrap(), Some(id), "a new diagnostic is opened at once");
        let overview = store.diagnostic_overview(id).unwrap();
        assert_eq!(overview.title, "Diagnostic du Pays Sud", "the title is trimmed");
        assert!(overview.stakes.is_empty() && overview.workshops.is_empty(), "an empty diagnostic is empty");
        assert_eq!(
            overview.categories.len(),
            crate::edit::DEFAULT_CATEGORIES.len(),
            "it starts with the usual categories"
        );
        let blank = create_empty_diagnostic(&mut store, "   ").expect_err("a blank title is refused");
        assert_eq!(blank.kind(), crate::store::ErrorKind::InvalidInput);
    }
}
