//! `recolte`: the command line for coordinators and scripts.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use recolte::store::{Sources, Store, StoreError};
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
}

#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error("{0} existe déjà : choisissez un autre nom ou supprimez-le d'abord.")]
    AlreadyExists(PathBuf),
    #[error("impossible d'écrire {path} : {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Demo { out } => write_demo(&out),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("recolte : {error}");
            ExitCode::FAILURE
        }
    }
}

/// Builds the file next to its destination, then renames it into place, so a crash never
/// leaves a half-written file under the requested name.
fn write_demo(out: &Path) -> Result<(), CliError> {
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
    Ok(())
}
