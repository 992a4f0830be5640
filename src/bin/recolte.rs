//! `recolte`: the command line for coordinators and scripts.
//!
//! Exit codes: 0 success; 1 failure (nothing written); 2 done, but some input files were
//! refused (named on standard error, left untouched).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::SystemTime;

use clap::{Parser, Subcommand};
use recolte::store::{Sources, Store, StoreError};
use recolte::sync::files::{self, LockOwner, SyncSummary};
use recolte::sync::{staging, MergeReport, SyncError};
use recolte::template;

#[derive(Parser)]
#[command(
    name = "recolte",
    version,
    about = "Récolte : diagnostic territorial collaboratif de l'ESS, hors ligne"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Écrit le diagnostic de démonstration dans un nouveau fichier .recolte.
    Demo {
        /// Le fichier à créer (il ne doit pas déjà exister).
        #[arg(long)]
        out: PathBuf,
    },
    /// Fusionne des fichiers de session dans le fichier partagé (créé s'il n'existe pas).
    Merge {
        /// Le fichier partagé.
        #[arg(long)]
        into: PathBuf,
        /// Les fichiers de session à fusionner.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Vérifie des fichiers .recolte sans les modifier.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Affiche tout le contenu d'un fichier en JSON canonique (pour comparer deux fichiers).
    Dump { file: PathBuf },
    /// Écrit des fichiers de session réalistes de plusieurs appareils (horloges décalées,
    /// modifications concurrentes, suppressions, votes, regroupements) : la charge des tests
    /// et des mesures.
    /// Exporte un diagnostic pour un tableur ou un document (le fichier n'est pas modifié).
    Export {
        /// Le fichier .recolte (fichier partagé ou de session).
        file: PathBuf,
        /// pdf ou html (le rapport de restitution), csv (les contributions, pour un tableur
        /// français), xlsx (ateliers, contributions, participant·es) ou md.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Le fichier à écrire (il ne doit pas déjà exister).
        #[arg(long)]
        out: PathBuf,
        /// Sans aucun nom, organisation, courriel ni téléphone, même dans le texte des
        /// contributions ; attribution par type de structure seulement.
        #[arg(long)]
        anonymous: bool,
        /// Le diagnostic à exporter, si le fichier en contient plusieurs.
        #[arg(long)]
        diagnostic: Option<uuid::Uuid>,
    },
    /// Importe dans un atelier les contributions d'un autre outil (export CSV d'un tableau
    /// Klaxoon, Parabol ou d'un tableur). Les colonnes sont reconnues à leur en-tête ; les
    /// options --texte, --categorie… nomment celles qui ne le sont pas.
    Import {
        /// Le fichier .recolte à compléter (il est remplacé d'un coup, jamais à moitié écrit).
        file: PathBuf,
        /// L'identifiant de l'atelier.
        #[arg(long)]
        workshop: uuid::Uuid,
        /// Le fichier CSV exporté par l'autre outil.
        csv: PathBuf,
        /// L'en-tête de la colonne du texte.
        #[arg(long = "texte")]
        text: Option<String>,
        /// L'en-tête de la colonne de la catégorie.
        #[arg(long = "categorie")]
        category: Option<String>,
        /// L'en-tête de la colonne des enjeux (numéros).
        #[arg(long = "enjeux")]
        stakes: Option<String>,
        /// L'en-tête de la colonne du regroupement.
        #[arg(long = "groupe")]
        group: Option<String>,
        /// L'en-tête de la colonne des votes.
        #[arg(long = "votes")]
        votes: Option<String>,
    },
    Simulate {
        #[arg(long, default_value_t = 3)]
        facilitators: usize,
        #[arg(long, default_value_t = 6)]
        workshops: usize,
        #[arg(long, default_value_t = 300)]
        contributions: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Le dossier où écrire les fichiers (créé s'il n'existe pas).
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    Pdf,
    Html,
    Csv,
    Xlsx,
    Md,
}

#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error("{0} existe déjà : choisissez un autre nom ou supprimez-le d'abord.")]
    AlreadyExists(PathBuf),
    #[error("impossible d'écrire {path} : {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Sync(#[from] SyncError),
    #[error(transparent)]
    Simulate(#[from] recolte::simulate::SimulateError),
    #[error(transparent)]
    Export(#[from] recolte::export::ExportError),
    #[error("{file} contient {count} diagnostics : choisissez-en un avec --diagnostic ({ids}).")]
    WhichDiagnostic { file: PathBuf, count: usize, ids: String },
    #[error("{file} ne contient aucun diagnostic.")]
    NoDiagnostic { file: PathBuf },
    #[error("impossible de lire {path} : {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{csv} n'a pas de colonne « {header} » (colonnes : {headers}).")]
    NoSuchColumn { csv: PathBuf, header: String, headers: String },
}

/// How a command ended when it did not fail outright.
enum Done {
    Success,
    SomeRefused,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Demo { out } => write_demo(&out),
        Command::Merge { into, files } => merge(&into, &files),
        Command::Check { files } => check(&files),
        Command::Dump { file } => dump(&file),
        Command::Export { file, format, out, anonymous, diagnostic } => {
            export(&file, format, &out, anonymous, diagnostic)
        }
        Command::Import { file, workshop, csv, text, category, stakes, group, votes } => {
            let named = ImportColumns { text, category, stakes, group, votes };
            import(&file, workshop, &csv, &named)
        }
        Command::Simulate { facilitators, workshops, contributions, seed, out } => simulate(
            &recolte::simulate::SimulationParams::new(facilitators, workshops, contributions, seed),
            &out,
        ),
    };
    match outcome {
        Ok(Done::Success) => ExitCode::SUCCESS,
        Ok(Done::SomeRefused) => ExitCode::from(2),
        Err(error) => {
            eprintln!("recolte : {error}");
            ExitCode::FAILURE
        }
    }
}

/// Builds the file next to its destination, then renames it into place, so a crash never
/// leaves a half-written file under the requested name.
fn write_demo(out: &Path) -> Result<Done, CliError> {
    if out.exists() {
        return Err(CliError::AlreadyExists(out.to_path_buf()));
    }
    let staging = out.with_extension("recolte-partiel");
    let _ = std::fs::remove_file(&staging);
    let build = || -> Result<(), CliError> {
        let mut store = Store::open(&staging, Sources::system())?;
        let id = template::install_demo(&mut store)?;
        store.set_current_diagnostic(id)?;
        store.close_self_contained()?;
        let file = std::fs::File::open(&staging)
            .map_err(|source| CliError::Write { path: staging.clone(), source })?;
        file.sync_all().map_err(|source| CliError::Write { path: staging.clone(), source })?;
        std::fs::rename(&staging, out).map_err(|source| CliError::Write { path: out.to_path_buf(), source })
    };
    let result = build();
    if result.is_err() {
        let _ = std::fs::remove_file(&staging);
    }
    result?;
    println!("Diagnostic de démonstration écrit dans {}", out.display());
    Ok(Done::Success)
}

fn describe(report: &MergeReport) -> String {
    let mut parts = Vec::new();
    for table in report.tables.iter().filter(|t| t.inserted + t.updated > 0) {
        parts.push(format!(
            "{} : {} ajouté(s), {} mis à jour",
            recolte::schema::table_label_fr(table.table),
            table.inserted,
            table.updated
        ));
    }
    if !report.changed_anything() {
        parts.push("rien de nouveau".into());
    }
    if report.new_conflicts > 0 {
        parts.push(format!("{} conflit(s) à examiner", report.new_conflicts));
    }
    parts.join(" ; ")
}

fn who() -> LockOwner {
    let owner = std::env::var("USER").unwrap_or_else(|_| "recolte".into());
    let machine = std::fs::read_to_string("/etc/hostname").map(|h| h.trim().to_string()).unwrap_or_default();
    let since = chrono::Local::now().format("%d/%m/%Y %H:%M").to_string();
    LockOwner { owner: format!("{owner} (ligne de commande)"), machine, since }
}

fn print_summary(shared: &Path, summary: &SyncSummary) -> Done {
    // The shared file is the base the inputs are merged into, not an input.
    for (path, report) in summary.per_input.iter().filter(|(path, _)| path != shared) {
        println!("{} : {}", path.display(), describe(report));
    }
    println!("Fichier partagé : {}", describe(&summary.sent));
    for archived in &summary.archived {
        println!("Copie de conflit fusionnée puis archivée : {}", archived.display());
    }
    for warning in &summary.clock_warnings {
        eprintln!("attention : {warning}");
    }
    for refused in &summary.refused {
        eprintln!("refusé : {} : {}", refused.path.display(), refused.reason);
    }
    if summary.refused.is_empty() {
        Done::Success
    } else {
        Done::SomeRefused
    }
}

fn merge(shared: &Path, inputs: &[PathBuf]) -> Result<Done, CliError> {
    let summary = files::merge_into_shared(shared, inputs, &who(), SystemTime::now(), &mut |_| {})?;
    Ok(print_summary(shared, &summary))
}

fn check(paths: &[PathBuf]) -> Result<Done, CliError> {
    let mut all_valid = true;
    for path in paths {
        match staging::stage(path) {
            Ok(staged) => {
                let store = Store::open(&staged.path, Sources::system())?;
                let contributions: i64 = store
                    .connection()
                    .query_row("SELECT count(*) FROM contribution WHERE deleted = 0", [], |row| row.get(0))
                    .map_err(StoreError::from)?;
                println!("{} : valide ({contributions} contributions)", path.display());
            }
            Err(SyncError::Refused { reason, .. }) => {
                all_valid = false;
                eprintln!("{} : refusé : {reason}", path.display());
            }
            Err(SyncError::Io { source, .. }) => {
                all_valid = false;
                eprintln!("{} : illisible : {source}", path.display());
            }
            Err(other) => return Err(other.into()),
        }
    }
    Ok(if all_valid { Done::Success } else { Done::SomeRefused })
}

fn dump(path: &Path) -> Result<Done, CliError> {
    let staged = staging::stage(path)?;
    let conn =
        rusqlite::Connection::open_with_flags(&staged.path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(StoreError::from)?;
    let json = recolte::sync::dump_json(&conn)?;
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{json}") {
        // A reader that stops early (`| head`) is not an error of ours.
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(CliError::Write { path: PathBuf::from("<sortie standard>"), source: error })
        }
        _ => Ok(Done::Success),
    }
}

/// Exports from a private copy of the file, so the original (perhaps the shared file) is only
/// read.
fn export(
    path: &Path,
    format: ExportFormat,
    out: &Path,
    anonymous: bool,
    diagnostic: Option<uuid::Uuid>,
) -> Result<Done, CliError> {
    use recolte::export::{write_file, DiagnosticExportFormat, Privacy};
    let staged = staging::stage(path)?;
    let store = Store::open(&staged.path, Sources::system())?;
    let diagnostic = match diagnostic {
        Some(id) => id,
        None => {
            let all = store.list_diagnostics()?;
            match all.as_slice() {
                [only] => only.id,
                [] => return Err(CliError::NoDiagnostic { file: path.to_path_buf() }),
                several => {
                    return Err(CliError::WhichDiagnostic {
                        file: path.to_path_buf(),
                        count: several.len(),
                        ids: several
                            .iter()
                            .map(|d| format!("{} « {} »", d.id, d.title))
                            .collect::<Vec<_>>()
                            .join(", "),
                    })
                }
            }
        }
    };
    let privacy = if anonymous { Privacy::Anonymous } else { Privacy::Named };
    let format = match format {
        ExportFormat::Pdf => DiagnosticExportFormat::Pdf,
        ExportFormat::Html => DiagnosticExportFormat::Html,
        ExportFormat::Csv => DiagnosticExportFormat::Csv,
        ExportFormat::Xlsx => DiagnosticExportFormat::Xlsx,
        ExportFormat::Md => DiagnosticExportFormat::Md,
    };
    let today = chrono::Local::now().date_naive();
    let bytes = store.prepare_export(diagnostic, format, privacy, today)?.into_bytes()?;
    write_file(&bytes, out, false)?;
    println!("{}", out.display());
    Ok(Done::Success)
}

/// Column headers named on the command line, over the guessed ones.
struct ImportColumns {
    text: Option<String>,
    category: Option<String>,
    stakes: Option<String>,
    group: Option<String>,
    votes: Option<String>,
}

/// Imports into a private copy of `file`, then puts the copy in place in one rename.
fn import(file: &Path, workshop: uuid::Uuid, csv: &Path, named: &ImportColumns) -> Result<Done, CliError> {
    use recolte::contribution_import::guess_contribution_columns;
    let bytes = std::fs::read(csv).map_err(|source| CliError::Read { path: csv.to_path_buf(), source })?;
    let headers = recolte::attendance_csv::read_csv(&bytes)?.headers;
    let mut columns = guess_contribution_columns(&headers);
    let column = |header: &Option<String>, guessed: Option<u32>| -> Result<Option<u32>, CliError> {
        let Some(header) = header else { return Ok(guessed) };
        let wanted = recolte::capture::fold(header.trim());
        headers
            .iter()
            .position(|h| recolte::capture::fold(h.trim()) == wanted)
            .map(|i| Some(i as u32))
            .ok_or_else(|| CliError::NoSuchColumn {
                csv: csv.to_path_buf(),
                header: header.clone(),
                headers: headers.join(", "),
            })
    };
    columns.text = column(&named.text, columns.text)?;
    columns.category = column(&named.category, columns.category)?;
    columns.stakes = column(&named.stakes, columns.stakes)?;
    columns.group = column(&named.group, columns.group)?;
    columns.votes = column(&named.votes, columns.votes)?;

    let staged = staging::stage(file)?;
    let mut store = Store::open(&staged.path, Sources::system())?;
    let report = store.import_contributions(workshop, &bytes, &columns)?;
    store.close_self_contained()?;
    files::install(&staged.path, file)?;
    println!(
        "{} contribution(s) importée(s) dans l'atelier, {} regroupement(s) créé(s).",
        report.added, report.clusters_created
    );
    for problem in &report.problems {
        eprintln!("ligne {} : {}", problem.line, problem.message);
    }
    Ok(Done::Success)
}

fn simulate(params: &recolte::simulate::SimulationParams, out: &Path) -> Result<Done, CliError> {
    let summary = recolte::simulate::simulate(params, out)?;
    for file in &summary.files {
        println!("{}", file.display());
    }
    println!(
        "{} fichiers : {} contributions, {} votes, {} modifications concurrentes ({} contributions en conflit), {} personne(s) effacée(s)",
        summary.files.len(),
        summary.contributions,
        summary.votes,
        summary.concurrent_edits,
        summary.conflicting_contributions,
        summary.erased_participants
    );
    Ok(Done::Success)
}
