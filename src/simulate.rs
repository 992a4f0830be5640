//! Realistic session files from several devices, for benchmarks, fuzzing seeds and tests.
//!
//! The scenario follows a diagnostic's life: a coordinator's device creates the diagnostic
//! (the six stakes, territories, themes, default categories) and plans the workshops, then
//! writes a base file. Each facilitator's device merges the base and runs its workshops
//! (workshop `w` belongs to facilitator `w % facilitators`): agenda, fictitious participants
//! and their attendance, contributions with a category, one or two stakes and an
//! attribution, corrections, deletions and restores, clusters, dot votes and tallies.
//! Facilitators then swap files in pairs, edit the same contributions' text without seeing
//! each other's edit (concurrent edits, so conflicts exist), swap again, and the first
//! facilitator erases one participant whom the partner's file still names. Each
//! facilitator's final state is written as `session-NNN.recolte` in the output folder.
//!
//! Invariants:
//! - Deterministic for a seed: each device's time comes from [`Sources::fixed`] and each
//!   choice from a [`StdRng`] seeded from the simulation's seed and the device or pair
//!   number; the wall clock is never read. Pairs share nothing but the base file, so the
//!   files do not depend on which thread simulated which pair.
//! - Every file is written by [`export_session`], so it is self-contained and has passed
//!   [`crate::sync::staging::check`].
//! - The counts asked for are the counts made (contributions and vote entries are spread
//!   evenly over the workshops, concurrent edits over the pairs), except when a workshop has
//!   nothing left to vote on or a pair has too few contributions to edit; the summary
//!   reports what was made.
//! - Devices have skewed clocks: the first is three hours ahead, the second ten minutes
//!   behind, so merges meet clocks beyond the drift bound.
//! - Names of people and structures are drawn from small lists of common words; they name
//!   nobody. E-mail addresses use the reserved domain `example.org`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rusqlite::OptionalExtension;
use uuid::Uuid;

use crate::board::VoteTarget;
use crate::edit::{
    self, AttributeTo, NewContribution, NewDiagnostic, NewParticipant, NewWorkshop, WorkshopScope,
    DEFAULT_CATEGORIES,
};
use crate::model::{ParticipantRole, StructureType};
use crate::schema;
use crate::store::{Sources, Store, StoreError, WriteTx};
use crate::sync::files::{export_session, ExportScope};
use crate::sync::SyncError;
use crate::template::{DEFAULT_AGENDA, DEMO_STAKES, DEMO_THEMES};

/// What to simulate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimulationParams {
    /// Facilitators, each with one device and one output file.
    pub facilitators: usize,
    /// Workshops, dealt to the facilitators in turn; at least one per facilitator.
    pub workshops: usize,
    /// Contributions in all, spread evenly over the workshops.
    pub contributions: usize,
    /// Vote entries in all (a participant's dots on an item, or a tally), spread evenly over
    /// the workshops.
    pub votes: usize,
    /// Edits of a contribution's text made while another device edits the same text, in all,
    /// spread evenly over the pairs of facilitators.
    pub concurrent_edits: usize,
    pub seed: u64,
}

impl SimulationParams {
    /// A simulation with the proportions of a busy diagnostic: three vote entries per
    /// contribution and one concurrent edit per ten contributions.
    pub fn new(facilitators: usize, workshops: usize, contributions: usize, seed: u64) -> Self {
        Self {
            facilitators,
            workshops,
            contributions,
            votes: contributions * 3,
            concurrent_edits: contributions / 10,
            seed,
        }
    }
}

/// What a simulation wrote.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SimulationSummary {
    /// The session files, one per facilitator, in facilitator order.
    pub files: Vec<PathBuf>,
    pub contributions: usize,
    /// Vote entries added (per-participant dots and tallies), including moved dots.
    pub votes: usize,
    pub concurrent_edits: usize,
    /// Contributions whose text two devices edited concurrently.
    pub conflicting_contributions: usize,
    pub erased_participants: usize,
    /// Merges whose source had clocks beyond the drift bound.
    pub clock_warnings: usize,
}

/// Why a simulation could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SimulateError {
    #[error("une simulation demande au moins une personne pour animer les ateliers")]
    NoFacilitator,
    #[error("{workshops} atelier(s) pour {facilitators} personnes qui animent : prévoyez au moins un atelier par personne")]
    TooFewWorkshops { workshops: usize, facilitators: usize },
    #[error("impossible de préparer le dossier {path} : {source}")]
    Folder { path: PathBuf, source: std::io::Error },
    #[error("la simulation n'a pas pu écrire dans un fichier de travail : {0}")]
    Store(#[from] StoreError),
    #[error("la simulation n'a pas pu échanger un fichier : {0}")]
    Sync(#[from] SyncError),
}

/// 2011-04-01T00:00:00Z, the start of the seed diagnostic's period.
const PERIOD_START_MS: u64 = 1_301_616_000_000;
const MINUTE_MS: u64 = 60 * 1000;
const DAY_MS: u64 = 24 * 60 * MINUTE_MS;
/// The first device's clock is this far ahead: beyond the drift bound.
const FIRST_DEVICE_AHEAD_MS: u64 = 3 * 60 * MINUTE_MS;
/// The second device's clock is this far behind.
const SECOND_DEVICE_BEHIND_MS: u64 = 10 * MINUTE_MS;

/// Writes one session file per facilitator into `out_dir` (created if needed), replacing
/// files of the same names.
pub fn simulate(params: &SimulationParams, out_dir: &Path) -> Result<SimulationSummary, SimulateError> {
    if params.facilitators == 0 {
        return Err(SimulateError::NoFacilitator);
    }
    if params.workshops < params.facilitators {
        return Err(SimulateError::TooFewWorkshops {
            workshops: params.workshops,
            facilitators: params.facilitators,
        });
    }
    let folder = |path: &Path| {
        let path = path.to_path_buf();
        move |source| SimulateError::Folder { path, source }
    };
    std::fs::create_dir_all(out_dir).map_err(folder(out_dir))?;
    let work = tempfile::Builder::new()
        .prefix("recolte-simulation-")
        .tempdir()
        .map_err(folder(&std::env::temp_dir()))?;

    let (base, frame) = write_base(params, work.path())?;
    let pairs: Vec<Vec<usize>> =
        (0..params.facilitators).collect::<Vec<_>>().chunks(2).map(<[usize]>::to_vec).collect();
    let context = PairContext { params, frame: &frame, base: &base, work: work.path(), out_dir };

    // Pairs are independent, so they are shared between threads in any order.
    let next_pair = AtomicUsize::new(0);
    let outcomes: Mutex<Vec<(usize, PairOutcome)>> = Mutex::new(Vec::with_capacity(pairs.len()));
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(pairs.len());
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| -> Result<(), SimulateError> {
                    loop {
                        let index = next_pair.fetch_add(1, Ordering::Relaxed);
                        let Some(devices) = pairs.get(index) else { return Ok(()) };
                        let outcome = simulate_pair(&context, index, devices).inspect_err(|_| {
                            // The others stop at their next pair: the simulation has failed.
                            next_pair.store(pairs.len(), Ordering::Relaxed);
                        })?;
                        outcomes
                            .lock()
                            .unwrap_or_else(|poisoned| poisoned.into_inner())
                            .push((index, outcome));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .try_for_each(|worker| worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    })?;

    let mut outcomes = outcomes.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    outcomes.sort_by_key(|(index, _)| *index);
    let mut files = Vec::with_capacity(params.facilitators);
    let mut counts = Counts::default();
    for (_, outcome) in outcomes {
        files.extend(outcome.files);
        counts.add(outcome.counts);
    }
    Ok(SimulationSummary {
        files,
        contributions: counts.contributions,
        votes: counts.votes,
        concurrent_edits: counts.concurrent_edits,
        conflicting_contributions: counts.conflicting_contributions,
        erased_participants: counts.erased_participants,
        clock_warnings: counts.clock_warnings,
    })
}

/// Part `index` of `total` split into `parts` nearly equal parts.
fn share(total: usize, parts: usize, index: usize) -> usize {
    total / parts + usize::from(index < total % parts)
}

/// A seed for one device or pair and one purpose, well mixed (SplitMix64), so neighbouring
/// devices get unrelated ids and choices.
fn derived_seed(seed: u64, who: usize, purpose: u64) -> u64 {
    let mut z = seed ^ (who as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ purpose.rotate_left(32);
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

const PURPOSE_COORDINATOR: u64 = 0;
const PURPOSE_DEVICE: u64 = 1;
const PURPOSE_CHOICES: u64 = 2;
const PURPOSE_PAIR: u64 = 3;

/// When a facilitator's device clock starts: after the base, with the skews of the scenario.
fn device_start_ms(device: usize) -> u64 {
    let start = PERIOD_START_MS + 3 * DAY_MS;
    match device {
        0 => start + FIRST_DEVICE_AHEAD_MS,
        1 => start - SECOND_DEVICE_BEHIND_MS,
        _ => start,
    }
}

// --- The coordinator's base file -------------------------------------------------------------

/// What every device knows of the diagnostic once it merged the base file.
struct Frame {
    diagnostic: Uuid,
    stakes: Vec<Uuid>,
    /// In the order of [`DEFAULT_CATEGORIES`].
    categories: Vec<Uuid>,
    workshops: Vec<PlannedWorkshop>,
}

struct PlannedWorkshop {
    id: Uuid,
    token_budget: i64,
}

impl Frame {
    fn category(&self, code: &str) -> Uuid {
        let index = DEFAULT_CATEGORIES.iter().position(|(c, _, _)| *c == code).unwrap_or(0);
        self.categories[index]
    }
}

/// Sectors of the metropolis: the communes are real places, the split is illustrative.
const SECTORS: [(&str, &[&str]); 6] = [
    ("Toulouse centre", &["Toulouse"]),
    ("Secteur Nord", &["Aucamville", "Fenouillet", "Launaguet", "L'Union", "Saint-Alban"]),
    ("Secteur Ouest", &["Blagnac", "Colomiers", "Cornebarrieu", "Tournefeuille"]),
    ("Secteur Sud-Est", &["Balma", "Quint-Fonsegrives", "Saint-Orens-de-Gameville"]),
    ("Secteur Sud-Ouest", &["Cugnaux", "Villeneuve-Tolosane", "Portet-sur-Garonne"]),
    ("Secteur Est", &["Flourens", "Mons", "Drémil-Lafage"]),
];

const EXTRA_THEMES: [&str; 2] = ["Alimentation durable", "Mobilité solidaire"];

/// Writes the coordinator's base file in `work`; returns its path and the frame.
fn write_base(params: &SimulationParams, work: &Path) -> Result<(PathBuf, Frame), SimulateError> {
    let path = work.join("coordination.recolte");
    let mut store = Store::open(
        &path,
        Sources::fixed(PERIOD_START_MS, derived_seed(params.seed, 0, PURPOSE_COORDINATOR)),
    )?;
    let frame = store.write(|tx| {
        let diagnostic = edit::create_diagnostic(
            tx,
            &NewDiagnostic {
                title: "Diagnostic collaboratif simulé de l'économie sociale et solidaire",
                description: "Données de test générées : les ateliers, les personnes, les structures et les contributions sont fictifs.",
                period_start: Some("2011-04-01"),
                period_end: Some("2011-12-31"),
                is_demo: false,
            },
        )?;
        let stakes = DEMO_STAKES
            .iter()
            .enumerate()
            .map(|(position, label)| edit::add_stake(tx, diagnostic, position as i64, label))
            .collect::<Result<Vec<_>, _>>()?;
        let territories = SECTORS
            .iter()
            .enumerate()
            .map(|(position, (name, communes))| {
                edit::add_territory(tx, diagnostic, position as i64, name, communes)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let themes = DEMO_THEMES
            .iter()
            .chain(&EXTRA_THEMES)
            .enumerate()
            .map(|(position, name)| edit::add_theme(tx, diagnostic, position as i64, name))
            .collect::<Result<Vec<_>, _>>()?;
        let categories = DEFAULT_CATEGORIES
            .iter()
            .map(|(code, _, _)| edit::category_id(tx, diagnostic, code))
            .collect::<Result<Vec<_>, _>>()?;
        let workshops = (0..params.workshops)
            .map(|number| plan_workshop(tx, diagnostic, number, params, &territories, &themes))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Frame { diagnostic, stakes, categories, workshops })
    })?;
    store.close_self_contained()?;
    Ok((path, frame))
}

/// Every second workshop is thematic; two a day, morning and afternoon.
fn plan_workshop(
    tx: &mut WriteTx<'_>,
    diagnostic: Uuid,
    number: usize,
    params: &SimulationParams,
    territories: &[Uuid],
    themes: &[Uuid],
) -> Result<PlannedWorkshop, StoreError> {
    let facilitator = number % params.facilitators;
    let (scope, title) = if number % 2 == 0 {
        let sector = (number / 2) % territories.len();
        (
            WorkshopScope::Territory(territories[sector]),
            format!("Atelier territorial {} — {}", number + 1, SECTORS[sector].0),
        )
    } else {
        let theme = (number / 2) % themes.len();
        let name = DEMO_THEMES.iter().chain(&EXTRA_THEMES).nth(theme).copied().unwrap_or_default();
        (WorkshopScope::Theme(themes[theme]), format!("Atelier thématique {} — {name}", number + 1))
    };
    let starts_ms = PERIOD_START_MS
        + 3 * DAY_MS
        + (number as u64 / 2) * DAY_MS
        + (9 + 5 * (number as u64 % 2)) * 60 * MINUTE_MS;
    let at = |ms: u64| {
        chrono::DateTime::from_timestamp_millis(ms as i64)
            .map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
    };
    let (starts_at, ends_at) = (at(starts_ms), at(starts_ms + 150 * MINUTE_MS));
    let facilitator_name = facilitator_name(facilitator);
    let token_budget = 3 + (number % 3) as i64;
    let id = edit::add_workshop(
        tx,
        diagnostic,
        &NewWorkshop {
            scope,
            title: &title,
            starts_at: starts_at.as_deref(),
            ends_at: ends_at.as_deref(),
            place: PLACES[number % PLACES.len()],
            facilitators: &[facilitator_name.as_str()],
            token_budget,
        },
    )?;
    Ok(PlannedWorkshop { id, token_budget })
}

const PLACES: [&str; 5] = [
    "Salle polyvalente (lieu fictif)",
    "Maison des associations (lieu fictif)",
    "Centre social (lieu fictif)",
    "Pépinière d'entreprises (lieu fictif)",
    "Médiathèque (lieu fictif)",
];

// --- Fictitious people ---------------------------------------------------------------------

/// (display form, e-mail form).
const FIRST_NAMES: [(&str, &str); 24] = [
    ("Camille", "camille"),
    ("Malik", "malik"),
    ("Sophie", "sophie"),
    ("Lucie", "lucie"),
    ("Hugo", "hugo"),
    ("Inès", "ines"),
    ("Bernard", "bernard"),
    ("Nadia", "nadia"),
    ("Claire", "claire"),
    ("Julien", "julien"),
    ("Sandrine", "sandrine"),
    ("Thomas", "thomas"),
    ("Amélie", "amelie"),
    ("Rachid", "rachid"),
    ("Élodie", "elodie"),
    ("Paul", "paul"),
    ("Léa", "lea"),
    ("Karim", "karim"),
    ("Chantal", "chantal"),
    ("Yann", "yann"),
    ("Fatou", "fatou"),
    ("Gérard", "gerard"),
    ("Manon", "manon"),
    ("Antoine", "antoine"),
];

const LAST_NAMES: [(&str, &str); 24] = [
    ("Durand", "durand"),
    ("Benali", "benali"),
    ("Lemoine", "lemoine"),
    ("Fabre", "fabre"),
    ("Marty", "marty"),
    ("Roussel", "roussel"),
    ("Lacoste", "lacoste"),
    ("Ferrand", "ferrand"),
    ("Mouret", "mouret"),
    ("Peyre", "peyre"),
    ("Vidal", "vidal"),
    ("Giraud", "giraud"),
    ("Costes", "costes"),
    ("Amrani", "amrani"),
    ("Sarda", "sarda"),
    ("Azéma", "azema"),
    ("Bosc", "bosc"),
    ("Castex", "castex"),
    ("Delmas", "delmas"),
    ("Estève", "esteve"),
    ("Garrigues", "garrigues"),
    ("Nguyen", "nguyen"),
    ("Pujol", "pujol"),
    ("Sabatier", "sabatier"),
];

fn facilitator_name(device: usize) -> String {
    let first = FIRST_NAMES[device % FIRST_NAMES.len()].0;
    let last = LAST_NAMES[(device * 7 + 3) % LAST_NAMES.len()].0;
    format!("{first} {last}")
}

const ORGANISATION_KINDS: [(&str, StructureType); 8] = [
    ("Association", StructureType::Association),
    ("Régie de quartier", StructureType::Association),
    ("Coopérative", StructureType::Cooperative),
    ("SCIC", StructureType::Cooperative),
    ("Mutuelle", StructureType::Mutual),
    ("Fondation", StructureType::Foundation),
    ("Entreprise d'insertion", StructureType::Company),
    ("Mairie, service", StructureType::LocalAuthority),
];

const ORGANISATION_SUBJECTS: [&str; 12] = [
    "des Jardins Partagés",
    "du Vélo Solidaire",
    "de l'Épicerie Solidaire",
    "des Services à Domicile",
    "de la Recyclerie",
    "du Repair Café",
    "de l'Habitat Partagé",
    "des Paniers Paysans",
    "de la Monnaie Locale",
    "du Tiers-Lieu",
    "de la Vie Associative",
    "de l'Économie de Proximité",
];

struct Person {
    id: Uuid,
    kind: StructureType,
    consent_named: bool,
}

// --- Contribution texts ----------------------------------------------------------------------

const SUBJECTS: [&str; 14] = [
    "les associations du quartier",
    "les structures d'insertion",
    "les coopératives d'habitants",
    "les épiceries solidaires",
    "les jardins partagés",
    "les régies de quartier",
    "les porteurs de projet",
    "les bénévoles",
    "les services d'aide à domicile",
    "les recycleries",
    "les jeunes structures de l'ESS",
    "les habitants",
    "les mutuelles locales",
    "les tiers-lieux",
];

const OBSERVATIONS: [&str; 8] = [
    "manquent de locaux adaptés et abordables",
    "ne savent pas à quel guichet s'adresser",
    "vivent surtout d'emplois aidés",
    "travaillent peu ensemble faute de lieu commun",
    "sont mal connus des élus du secteur",
    "dépendent d'appels à projets annuels",
    "accueillent de plus en plus de publics fragiles",
    "se développent malgré des financements incertains",
];

const STRENGTHS: [&str; 7] = [
    "un réseau de bénévoles très engagé",
    "des liens anciens avec les commerçants du marché",
    "une forte implication des habitants",
    "des savoir-faire reconnus dans le réemploi",
    "un soutien constant de la commune",
    "une expérience de la gouvernance partagée",
    "des partenariats avec les lycées professionnels",
];

const DIFFICULTIES: [&str; 7] = [
    "recruter des salariés qualifiés",
    "obtenir un prêt bancaire",
    "trouver des bénévoles pour la durée",
    "payer les déplacements entre domiciles",
    "se faire connaître des entreprises voisines",
    "répondre aux marchés publics",
    "mutualiser leurs fonctions support",
];

const NEEDS: [&str; 7] = [
    "d'un lieu ressource mutualisé",
    "d'un accompagnement au montage de SCIC",
    "de financements pluriannuels",
    "d'un interlocuteur unique à la collectivité",
    "de formations à la gestion",
    "d'un fonds d'amorçage solidaire",
    "d'outils de comptabilité partagés",
];

const IDEAS: [&str; 7] = [
    "organisait une journée portes ouvertes des initiatives",
    "créait un annuaire commun des structures",
    "ouvrait la pépinière aux projets de l'ESS",
    "lançait des parrainages entre entreprises et associations",
    "mutualisait les véhicules entre associations",
    "tenait un forum annuel de l'ESS",
    "partageait un poste de comptable",
];

const RECOMMENDATIONS: [&str; 7] = [
    "réserver une part des marchés publics à l'insertion",
    "créer un guichet unique de l'ESS",
    "former ses agents aux statuts coopératifs",
    "signer des conventions pluriannuelles",
    "associer l'ESS au projet de pôle autonomie",
    "mettre des locaux vacants à disposition",
    "soutenir une monnaie locale complémentaire",
];

const DETAILS: [&str; 6] = [
    "exemple cité par plusieurs structures",
    "surtout en périphérie",
    "à vérifier avec le service économie",
    "point repris par la salle",
    "depuis la fin des contrats aidés",
    "à rapprocher des ateliers précédents",
];

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn contribution_text(rng: &mut StdRng, category: &str) -> String {
    let pick = |rng: &mut StdRng, list: &[&'static str]| -> &'static str {
        list.choose(rng).copied().unwrap_or_default()
    };
    let subject = pick(rng, &SUBJECTS);
    let mut text = match category {
        "atout" => format!("{} peuvent s'appuyer sur {}.", capitalised(subject), pick(rng, &STRENGTHS)),
        "difficulte" => format!("{} peinent à {}.", capitalised(subject), pick(rng, &DIFFICULTIES)),
        "besoin" => format!("{} ont besoin {}.", capitalised(subject), pick(rng, &NEEDS)),
        "idee" => format!("Et si la communauté urbaine {} pour {} ?", pick(rng, &IDEAS), subject),
        "preconisation" => {
            format!("La collectivité devrait {} pour {}.", pick(rng, &RECOMMENDATIONS), subject)
        }
        _ => format!("{} {}.", capitalised(subject), pick(rng, &OBSERVATIONS)),
    };
    if rng.random_bool(0.3) {
        text.push_str(&format!(" ({})", pick(rng, &DETAILS)));
    }
    text
}

const CLUSTER_NAMES: [&str; 10] = [
    "Locaux et lieux partagés",
    "Financements",
    "Emploi et insertion",
    "Accompagnement des projets",
    "Coopération entre structures",
    "Visibilité de l'ESS",
    "Liens avec les entreprises",
    "Relations avec la collectivité",
    "Bénévolat",
    "Services aux habitants",
];

// --- One facilitator's device ----------------------------------------------------------------

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    contributions: usize,
    votes: usize,
    concurrent_edits: usize,
    conflicting_contributions: usize,
    erased_participants: usize,
    clock_warnings: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.contributions += other.contributions;
        self.votes += other.votes;
        self.concurrent_edits += other.concurrent_edits;
        self.conflicting_contributions += other.conflicting_contributions;
        self.erased_participants += other.erased_participants;
        self.clock_warnings += other.clock_warnings;
    }
}

struct Device {
    number: usize,
    store: Store,
    rng: StdRng,
    people: Vec<Person>,
    organisations: Vec<(Uuid, StructureType)>,
    /// Contributions left undeleted by the workshops, for the later exchanges.
    live_contributions: Vec<Uuid>,
    counts: Counts,
}

struct PairContext<'a> {
    params: &'a SimulationParams,
    frame: &'a Frame,
    base: &'a Path,
    work: &'a Path,
    out_dir: &'a Path,
}

struct PairOutcome {
    files: Vec<PathBuf>,
    counts: Counts,
}

/// Runs one or two devices from the base to their session files.
fn simulate_pair(
    context: &PairContext<'_>,
    pair: usize,
    devices: &[usize],
) -> Result<PairOutcome, SimulateError> {
    let mut devices =
        devices.iter().map(|&number| run_workshops(context, number)).collect::<Result<Vec<_>, _>>()?;
    if let [first, second] = devices.as_mut_slice() {
        swap_files(first, second)?;
        edit_concurrently(context, pair, first, second)?;
        swap_files(first, second)?;
        if pair == 0 {
            // The partner's file still names the person: the merged file must not.
            erase_one_participant(first)?;
        }
    }
    let width = context.params.facilitators.to_string().len().max(2);
    let mut outcome = PairOutcome { files: Vec::new(), counts: Counts::default() };
    for device in devices {
        let file = context.out_dir.join(format!("session-{:0width$}.recolte", device.number + 1));
        // Generated data: a file left by an earlier simulation in the same folder is replaced.
        export_session(&device.store, &file, ExportScope::Everything, true)?;
        let working = device.store.path().to_path_buf();
        let counts = device.counts;
        drop(device);
        remove_working_files(&working);
        outcome.files.push(file);
        outcome.counts.add(counts);
    }
    Ok(outcome)
}

/// Working stores are scratch: removing them early keeps the disk footprint to a few pairs.
fn remove_working_files(store: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = store.as_os_str().to_os_string();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// A device merges the base, then runs its workshops, one transaction each.
fn run_workshops(context: &PairContext<'_>, number: usize) -> Result<Device, SimulateError> {
    let params = context.params;
    let path = context.work.join(format!("appareil-{number}.sqlite3"));
    let store = Store::open(
        &path,
        Sources::fixed(device_start_ms(number), derived_seed(params.seed, number, PURPOSE_DEVICE)),
    )?;
    let rng = StdRng::seed_from_u64(derived_seed(params.seed, number, PURPOSE_CHOICES));
    let mut device = Device {
        number,
        store,
        rng,
        people: Vec::new(),
        organisations: Vec::new(),
        live_contributions: Vec::new(),
        counts: Counts::default(),
    };
    let merged = device.store.merge_from(context.base)?;
    device.counts.clock_warnings += usize::from(merged.clock_warning.is_some());
    for workshop in (number..params.workshops).step_by(params.facilitators) {
        let quota = WorkshopQuota {
            contributions: share(params.contributions, params.workshops, workshop),
            votes: share(params.votes, params.workshops, workshop),
        };
        let Device { store, rng, people, organisations, live_contributions, counts, .. } = &mut device;
        let planned = &context.frame.workshops[workshop];
        store.write(|tx| {
            let mut session =
                Session { tx, rng, frame: context.frame, workshop: planned, people, organisations, counts };
            session.run(quota, live_contributions)
        })?;
    }
    Ok(device)
}

#[derive(Debug, Clone, Copy)]
struct WorkshopQuota {
    contributions: usize,
    votes: usize,
}

/// One workshop being run on a device, inside one write transaction.
struct Session<'s, 'tx> {
    tx: &'s mut WriteTx<'tx>,
    rng: &'s mut StdRng,
    frame: &'s Frame,
    workshop: &'s PlannedWorkshop,
    people: &'s mut Vec<Person>,
    organisations: &'s mut Vec<(Uuid, StructureType)>,
    counts: &'s mut Counts,
}

impl Session<'_, '_> {
    fn run(&mut self, quota: WorkshopQuota, live_contributions: &mut Vec<Uuid>) -> Result<(), StoreError> {
        if self.rng.random_bool(0.2) {
            // The room changed at the last minute.
            self.tx.set_field(&schema::WORKSHOP, self.workshop.id, "place", PLACES[4].into())?;
        }
        let phases = DEFAULT_AGENDA
            .iter()
            .enumerate()
            .map(|(position, (title, question, minutes))| {
                edit::add_phase(self.tx, self.workshop.id, position as i64, title, question, *minutes)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let attendees = self.welcome_people()?;
        let mut contributions = self.capture_contributions(quota.contributions, &phases, &attendees)?;
        self.revise(&mut contributions)?;
        let clusters = self.cluster(&contributions)?;
        self.vote(quota.votes, &attendees, &contributions, &clusters)?;
        live_contributions.extend(contributions.into_iter().map(|(id, _)| id));
        Ok(())
    }

    /// Some people come back from an earlier workshop; the others are new.
    fn welcome_people(&mut self) -> Result<Vec<usize>, StoreError> {
        let count = self.rng.random_range(8..=20);
        let mut attendees: Vec<usize> = Vec::with_capacity(count);
        for _ in 0..count {
            let returning = (!self.people.is_empty() && self.rng.random_bool(0.2))
                .then(|| self.rng.random_range(0..self.people.len()))
                .filter(|index| !attendees.contains(index));
            let index = match returning {
                Some(index) => index,
                None => self.new_person()?,
            };
            edit::mark_attendance(self.tx, self.workshop.id, self.people[index].id)?;
            attendees.push(index);
        }
        if self.rng.random_bool(0.1) {
            // Marked present by mistake, then unmarked.
            let person = self.people[attendees[0]].id;
            self.tx.remove_from_set(
                &schema::ATTENDANCE,
                &[("workshop_id", self.workshop.id.into()), ("participant_id", person.into())],
            )?;
            attendees.remove(0);
        }
        Ok(attendees)
    }

    fn new_person(&mut self) -> Result<usize, StoreError> {
        let (first, first_mail) = *FIRST_NAMES.choose(self.rng).unwrap_or(&FIRST_NAMES[0]);
        let (last, last_mail) = *LAST_NAMES.choose(self.rng).unwrap_or(&LAST_NAMES[0]);
        let name = format!("{first} {last}");
        let (organisation, kind) = if self.rng.random_bool(0.2) {
            (None, StructureType::Resident)
        } else if !self.organisations.is_empty() && self.rng.random_bool(0.5) {
            let (id, kind) = self.organisations[self.rng.random_range(0..self.organisations.len())];
            (Some(id), kind)
        } else {
            let (prefix, kind) = *ORGANISATION_KINDS.choose(self.rng).unwrap_or(&ORGANISATION_KINDS[0]);
            let subject = ORGANISATION_SUBJECTS.choose(self.rng).copied().unwrap_or_default();
            let name = format!("{prefix} {subject} (fictive)");
            let id = edit::add_organisation(self.tx, self.frame.diagnostic, &name, kind)?;
            self.organisations.push((id, kind));
            (Some(id), kind)
        };
        let role = match kind {
            StructureType::LocalAuthority if self.rng.random_bool(0.3) => ParticipantRole::ElectedOfficial,
            StructureType::LocalAuthority => ParticipantRole::Officer,
            StructureType::Resident => ParticipantRole::Citizen,
            _ => ParticipantRole::SseActor,
        };
        let email = self.rng.random_bool(0.3).then(|| format!("{first_mail}.{last_mail}@example.org"));
        let consent_named = self.rng.random_bool(0.4);
        let id = edit::add_participant(
            self.tx,
            self.frame.diagnostic,
            &NewParticipant {
                name: &name,
                organisation,
                structure_type: kind,
                role,
                email: email.as_deref(),
                consent_named,
            },
        )?;
        self.people.push(Person { id, kind, consent_named });
        Ok(self.people.len() - 1)
    }

    /// Contributions in the agenda's discussion phases, with categories that fit the phase.
    fn capture_contributions(
        &mut self,
        count: usize,
        phases: &[Uuid],
        attendees: &[usize],
    ) -> Result<Vec<(Uuid, String)>, StoreError> {
        let mut captured = Vec::with_capacity(count);
        for _ in 0..count {
            let roll = self.rng.random_range(0..100);
            let (phase, category) = match roll {
                0..=17 => (2, "constat"),
                18..=31 => (2, "atout"),
                32..=44 => (2, "difficulte"),
                45..=69 => (3, "besoin"),
                70..=84 => (4, "idee"),
                _ => (4, "preconisation"),
            };
            let text = contribution_text(self.rng, category);
            let first_stake = self.rng.random_range(0..self.frame.stakes.len());
            let mut stakes = vec![self.frame.stakes[first_stake]];
            if self.rng.random_bool(0.4) {
                let other = (first_stake + self.rng.random_range(1..self.frame.stakes.len()))
                    % self.frame.stakes.len();
                stakes.push(self.frame.stakes[other]);
            }
            let speaker = attendees.choose(self.rng).map(|&index| &self.people[index]);
            let attribution = match (self.rng.random_range(0..100), speaker) {
                (0..=34, _) | (_, None) => AttributeTo::Anonymous,
                (35..=74, Some(person)) => AttributeTo::Structure(person.kind),
                (_, Some(person)) if person.consent_named => AttributeTo::Participant(person.id),
                (_, Some(person)) => AttributeTo::Structure(person.kind),
            };
            let id = edit::add_contribution(
                self.tx,
                self.workshop.id,
                &NewContribution {
                    text: &text,
                    category: Some(self.frame.category(category)),
                    phase: Some(phases[phase]),
                    stakes: &stakes,
                    attribution,
                },
            )?;
            captured.push((id, text));
        }
        self.counts.contributions += count;
        Ok(captured)
    }

    /// Corrections, recategorisations, duplicates, retagged stakes, deletions and restores,
    /// each made by the facilitator after the first capture (sequential edits). Deleted
    /// contributions leave `contributions`, which keeps the live ones.
    fn revise(&mut self, contributions: &mut Vec<(Uuid, String)>) -> Result<(), StoreError> {
        let table = &schema::CONTRIBUTION;
        let mut deleted = Vec::new();
        for index in 0..contributions.len() {
            let id = contributions[index].0;
            if self.rng.random_bool(0.05) {
                let detail = DETAILS.choose(self.rng).copied().unwrap_or_default();
                let corrected = format!("{} Précision : {detail}.", contributions[index].1);
                self.tx.set_field(table, id, "text", corrected.clone().into())?;
                contributions[index].1 = corrected;
            }
            if self.rng.random_bool(0.02) {
                let (code, _, _) =
                    DEFAULT_CATEGORIES.choose(self.rng).copied().unwrap_or(DEFAULT_CATEGORIES[0]);
                self.tx.set_field(table, id, "category_id", self.frame.category(code).into())?;
            }
            if index > 0 && self.rng.random_bool(0.01) {
                let original = contributions[self.rng.random_range(0..index)].0;
                self.tx.set_field(table, id, "duplicate_of", original.into())?;
            }
            if self.rng.random_bool(0.03) {
                let stake = self.frame.stakes[self.rng.random_range(0..self.frame.stakes.len())];
                let columns = [("contribution_id", id.into()), ("stake_id", stake.into())];
                if self.tx.remove_from_set(&schema::CONTRIBUTION_STAKE, &columns)? == 0 {
                    self.tx.add_to_set(&schema::CONTRIBUTION_STAKE, &columns)?;
                }
            }
            if self.rng.random_bool(0.03) {
                self.tx.set_field(table, id, "deleted", true.into())?;
                if self.rng.random_bool(0.33) {
                    self.tx.set_field(table, id, "deleted", false.into())?;
                } else {
                    deleted.push(index);
                }
            }
        }
        for index in deleted.into_iter().rev() {
            contributions.swap_remove(index);
        }
        Ok(())
    }

    /// About one cluster per fifteen contributions; most contributions join one, a few move.
    fn cluster(&mut self, contributions: &[(Uuid, String)]) -> Result<Vec<Uuid>, StoreError> {
        let count = (contributions.len() / 15).clamp(2, 40);
        let mut clusters = Vec::with_capacity(count);
        for position in 0..count {
            let base = CLUSTER_NAMES[position % CLUSTER_NAMES.len()];
            let name = match position / CLUSTER_NAMES.len() {
                0 => base.to_string(),
                round => format!("{base} ({})", round + 1),
            };
            clusters.push(self.tx.insert_record(
                &schema::CLUSTER,
                Some(self.workshop.id),
                &[("name", name.into()), ("position", (position as i64).into())],
            )?);
        }
        for (contribution, _) in contributions {
            if !self.rng.random_bool(0.6) {
                continue;
            }
            let cluster = clusters[self.rng.random_range(0..clusters.len())];
            let member = [("cluster_id", cluster.into()), ("contribution_id", (*contribution).into())];
            self.tx.add_to_set(&schema::CLUSTER_MEMBER, &member)?;
            if self.rng.random_bool(0.03) {
                self.tx.remove_from_set(&schema::CLUSTER_MEMBER, &member)?;
                let other = clusters[self.rng.random_range(0..clusters.len())];
                self.tx.add_to_set(
                    &schema::CLUSTER_MEMBER,
                    &[("cluster_id", other.into()), ("contribution_id", (*contribution).into())],
                )?;
            }
        }
        Ok(clusters)
    }

    /// Each attendee places the workshop's token budget in dots; a few move a dot; the rest
    /// of the quota are tallies counted on the wall.
    fn vote(
        &mut self,
        quota: usize,
        attendees: &[usize],
        contributions: &[(Uuid, String)],
        clusters: &[Uuid],
    ) -> Result<(), StoreError> {
        if contributions.is_empty() && clusters.is_empty() {
            return Ok(());
        }
        let mut made = 0;
        for &attendee in attendees {
            let participant = self.people[attendee].id;
            let mut dots_left = self.workshop.token_budget;
            let mut last = None;
            while dots_left > 0 && made < quota {
                let dots = self.rng.random_range(1..=dots_left);
                let (table, item) = self.vote_target(contributions, clusters);
                let entry = vec![item, ("participant_id", participant.into())];
                self.tx.add_to_set(table, &[entry.as_slice(), &[("dots", dots.into())]].concat())?;
                made += 1;
                dots_left -= dots;
                last = Some((table, entry));
            }
            if let Some((table, entry)) = last.filter(|_| made < quota && self.rng.random_bool(0.05)) {
                // A dot moved: the removal cancels only the entry it saw.
                self.tx.remove_from_set(table, &entry)?;
                let (table, item) = self.vote_target(contributions, clusters);
                self.tx.add_to_set(
                    table,
                    &[item, ("participant_id", participant.into()), ("dots", 1i64.into())],
                )?;
                made += 1;
            }
        }
        while made < quota {
            let (table, item) = self.vote_target(contributions, clusters);
            let dots = self.rng.random_range(1..=12i64);
            self.tx.add_to_set(table, &[item, ("dots", dots.into())])?;
            made += 1;
        }
        self.counts.votes += made;
        Ok(())
    }

    /// An item to vote on: the set its votes are kept in, and the column naming it there.
    fn vote_target(
        &mut self,
        contributions: &[(Uuid, String)],
        clusters: &[Uuid],
    ) -> (&'static schema::SetTable, (&'static str, crate::store::FieldValue)) {
        let on_cluster = contributions.is_empty() || (!clusters.is_empty() && self.rng.random_bool(0.25));
        let target = if on_cluster {
            VoteTarget::Cluster(clusters[self.rng.random_range(0..clusters.len())])
        } else {
            VoteTarget::Contribution(contributions[self.rng.random_range(0..contributions.len())].0)
        };
        target.entry()
    }
}

// --- Exchanges between two facilitators ------------------------------------------------------

/// Each device merges the other's working file, as when two facilitators swap USB keys.
fn swap_files(first: &mut Device, second: &mut Device) -> Result<(), SimulateError> {
    let first_path = first.store.path().to_path_buf();
    let second_path = second.store.path().to_path_buf();
    let outcome = first.store.merge_from(&second_path)?;
    first.counts.clock_warnings += usize::from(outcome.clock_warning.is_some());
    let outcome = second.store.merge_from(&first_path)?;
    second.counts.clock_warnings += usize::from(outcome.clock_warning.is_some());
    Ok(())
}

/// Both devices reword the same contributions without having seen the other's rewording.
fn edit_concurrently(
    context: &PairContext<'_>,
    pair: usize,
    first: &mut Device,
    second: &mut Device,
) -> Result<(), SimulateError> {
    let pairs = context.params.facilitators / 2;
    let wanted = share(context.params.concurrent_edits, pairs, pair);
    let candidates: Vec<Uuid> =
        first.live_contributions.iter().chain(&second.live_contributions).copied().collect();
    let edits = wanted.min(2 * candidates.len());
    let (by_first, by_second) = (edits.div_ceil(2), edits / 2);
    let mut rng = StdRng::seed_from_u64(derived_seed(context.params.seed, pair, PURPOSE_PAIR));
    let chosen: Vec<Uuid> = rand::seq::index::sample(&mut rng, candidates.len(), by_first)
        .into_iter()
        .map(|i| candidates[i])
        .collect();
    for (device, count) in [(first, by_first), (second, by_second)] {
        let signature = facilitator_name(device.number);
        device.store.write(|tx| {
            for &id in &chosen[..count] {
                let text: String = tx.connection().query_row(
                    "SELECT text FROM contribution WHERE id = ?1",
                    [id],
                    |row| row.get(0),
                )?;
                let reworded = format!("{text} (reformulé par {signature})");
                tx.set_field(&schema::CONTRIBUTION, id, "text", reworded.into())?;
            }
            Ok(())
        })?;
        device.counts.concurrent_edits += count;
    }
    // Only the second device's count is added, so each contribution is counted once.
    second.counts.conflicting_contributions += by_second;
    Ok(())
}

/// A person asks to be forgotten: their first named attendee with an e-mail, or any.
fn erase_one_participant(device: &mut Device) -> Result<(), SimulateError> {
    let with_email: Option<Uuid> = device
        .store
        .connection()
        .query_row(
            "SELECT id FROM participant WHERE email IS NOT NULL AND erased_stamp IS NULL ORDER BY id LIMIT 1",
            [],
            |row| row.get(0),
        )
        .optional()
        .map_err(StoreError::Sqlite)?;
    let Some(person) = with_email.or_else(|| device.people.first().map(|p| p.id)) else { return Ok(()) };
    device.store.write(|tx| tx.erase_record(&schema::PARTICIPANT, person))?;
    device.counts.erased_participants += 1;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::{dump_json, staging};

    fn small(seed: u64) -> SimulationParams {
        // An odd number of facilitators: the last one exchanges with nobody.
        SimulationParams {
            facilitators: 3,
            workshops: 5,
            contributions: 90,
            votes: 240,
            concurrent_edits: 12,
            seed,
        }
    }

    fn dumps(files: &[PathBuf]) -> Vec<String> {
        files
            .iter()
            .map(|file| {
                let conn =
                    rusqlite::Connection::open_with_flags(file, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                        .unwrap();
                dump_json(&conn).unwrap()
            })
            .collect()
    }

    fn merged(dir: &Path, name: &str, files: &[&PathBuf]) -> Store {
        let mut store =
            Store::open(&dir.join(name), Sources::fixed(PERIOD_START_MS + 100 * DAY_MS, 7)).unwrap();
        for file in files {
            store.merge_from(file).unwrap();
        }
        store
    }

    #[test]
    fn the_same_seed_gives_the_same_files_and_another_seed_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let first = simulate(&small(11), &dir.path().join("a")).unwrap();
        let again = simulate(&small(11), &dir.path().join("b")).unwrap();
        let other = simulate(&small(12), &dir.path().join("c")).unwrap();
        assert_eq!(first.files.len(), 3, "one file per facilitator");
        assert_eq!(
            dumps(&first.files),
            dumps(&again.files),
            "a simulation is reproducible from its seed, whatever the threads did"
        );
        assert_ne!(dumps(&first.files), dumps(&other.files), "another seed gives other data");
        assert_eq!(
            (first.contributions, first.votes, first.concurrent_edits),
            (90, 240, 12),
            "the counts asked for are the counts made"
        );
    }

    #[test]
    fn every_file_passes_the_checks_for_untrusted_files() {
        let dir = tempfile::tempdir().unwrap();
        let summary = simulate(&small(3), dir.path()).unwrap();
        for file in &summary.files {
            // The check may migrate what it checks, so it runs on a copy, as staging does.
            let copy = dir.path().join("copie.recolte");
            std::fs::copy(file, &copy).unwrap();
            assert_eq!(staging::check(&copy).map(|_| ()), Ok(()), "{} must be accepted", file.display());
        }
    }

    #[test]
    fn merging_every_file_in_any_order_gives_the_same_state_with_conflicts_and_the_erasure() {
        let dir = tempfile::tempdir().unwrap();
        let summary = simulate(&small(5), &dir.path().join("sessions")).unwrap();
        let files: Vec<&PathBuf> = summary.files.iter().collect();
        let reversed: Vec<&PathBuf> = summary.files.iter().rev().collect();
        let shuffled = vec![files[1], files[2], files[0]];
        let reference = merged(dir.path(), "forward.sqlite3", &files);
        let reference_dump = dump_json(reference.connection()).unwrap();
        for (name, order) in [("reversed.sqlite3", &reversed), ("shuffled.sqlite3", &shuffled)] {
            let other = merged(dir.path(), name, order);
            assert!(
                dump_json(other.connection()).unwrap() == reference_dump,
                "merging in the order {name} must give the same state"
            );
        }

        let count = |sql: &str| -> usize {
            reference.connection().query_row(sql, [], |row| row.get::<_, i64>(0)).unwrap() as usize
        };
        assert_eq!(
            count("SELECT count(*) FROM contribution"),
            summary.contributions,
            "no contribution is lost"
        );
        assert_eq!(
            count("SELECT (SELECT count(*) FROM contribution_vote) + (SELECT count(*) FROM cluster_vote)"),
            summary.votes,
            "no vote entry is lost"
        );
        // Both rewordings of a contribution edited on both sides of a pair are kept: the
        // provisional winner as the text, the other as a kept version.
        let both_kept = count(
            "SELECT count(DISTINCT t.id) FROM field_version v JOIN contribution t ON t.id = v.record_id
              WHERE v.table_name = 'contribution' AND v.field = 'text'
                AND t.text LIKE '%(reformulé par %' AND v.value LIKE '%(reformulé par %'",
        );
        assert_eq!(both_kept, summary.conflicting_contributions, "no concurrent rewording is lost");
        // An open conflict: the current text's author had not seen a kept version that differs.
        let open_conflicts = count(&format!(
            "SELECT count(DISTINCT t.id) FROM field_version v JOIN contribution t ON t.id = v.record_id
              WHERE v.table_name = 'contribution' AND v.field = 'text'
                AND substr(t.text_stamp, {replaced}, 8) < substr(v.stamp, 1, 8) AND v.value IS NOT t.text",
            replaced = crate::clock::STAMP_LEN + 1
        ));
        // Not always equal: a device held back by the drift bound stamps its edit of a record
        // written by a device hours ahead below the version it replaced, so that edit does
        // not look concurrent (see the report on the bounded clock).
        assert!(
            open_conflicts > 0 && open_conflicts <= summary.conflicting_contributions,
            "concurrent rewordings are open conflicts: {open_conflicts} of {}",
            summary.conflicting_contributions
        );
        assert_eq!(summary.erased_participants, 1, "the scenario erases one person");
        assert_eq!(
            count("SELECT count(*) FROM participant WHERE erased_stamp IS NOT NULL AND (name IS NOT NULL OR email IS NOT NULL)"),
            0,
            "an erased person's name never comes back from the partner's older copy"
        );
        assert_eq!(count("SELECT count(*) FROM participant WHERE erased_stamp IS NOT NULL"), 1);
        assert!(summary.clock_warnings > 0, "the device three hours ahead makes its partner warn");
    }

    #[test]
    fn impossible_parameters_are_refused_in_french() {
        let dir = tempfile::tempdir().unwrap();
        let none = SimulationParams { facilitators: 0, ..small(1) };
        assert!(matches!(simulate(&none, dir.path()), Err(SimulateError::NoFacilitator)));
        let too_few = SimulationParams { workshops: 2, ..small(1) };
        let error = simulate(&too_few, dir.path()).unwrap_err();
        assert!(error.to_string().contains("au moins un atelier par personne"), "got {error}");
    }
}
