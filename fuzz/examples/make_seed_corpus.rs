//! Writes the seed corpus of `stage_untrusted_file`: a few small valid session files (with
//! conflicts and an erasure) and a few files that must be refused.
//!
//! `cargo run --manifest-path fuzz/Cargo.toml --example make_seed_corpus [FOLDER]`
//! (default: `fuzz/corpus/stage_untrusted_file`). The output is the same on every run. Valid
//! seeds are rewritten with 512-byte pages, SQLite's smallest, so each is a few tens of
//! kilobytes and the fuzzer mutates structure rather than padding.

use std::path::{Path, PathBuf};

use recolte::simulate::{simulate, SimulationParams};
use recolte::sync::staging;

type Failure = Box<dyn std::error::Error>;

fn main() -> Result<(), Failure> {
    let out = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/stage_untrusted_file"));
    std::fs::create_dir_all(&out)?;
    let scratch = tempfile::tempdir()?;

    let pair = SimulationParams {
        facilitators: 2,
        workshops: 2,
        contributions: 6,
        votes: 8,
        concurrent_edits: 4,
        seed: 1,
    };
    let alone = SimulationParams {
        facilitators: 1,
        workshops: 1,
        contributions: 3,
        votes: 3,
        concurrent_edits: 0,
        seed: 2,
    };
    let mut valid = Vec::new();
    for (name, params) in [("paire", &pair), ("seul", &alone)] {
        let summary = simulate(params, &scratch.path().join(name))?;
        for (index, file) in summary.files.iter().enumerate() {
            let seed = out.join(format!("valide-{name}-{}.recolte", index + 1));
            shrink(file, &seed)?;
            valid.push(seed);
        }
    }
    for seed in &valid {
        // A seed that staging refuses would only exercise the refusals.
        let copy = scratch.path().join("verification.recolte");
        std::fs::copy(seed, &copy)?;
        staging::check(&copy).map_err(|reason| format!("{} est refusé : {reason}", seed.display()))?;
    }

    let first = std::fs::read(&valid[0])?;
    std::fs::write(out.join("refus-tronque.recolte"), &first[..first.len() / 3])?;
    std::fs::write(out.join("refus-texte.recolte"), "ceci n'est pas une base de données\n")?;
    let foreign = out.join("refus-autre-application.recolte");
    let _ = std::fs::remove_file(&foreign);
    let conn = rusqlite::Connection::open(&foreign)?;
    conn.execute_batch(
        "PRAGMA page_size = 512; CREATE TABLE notes (texte TEXT); INSERT INTO notes VALUES ('bonjour');",
    )?;
    drop(conn);

    let total: u64 = std::fs::read_dir(&out)?
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!("{} seeds written in {} ({} KB in all)", valid.len() + 3, out.display(), total / 1024);
    Ok(())
}

/// Copies a session file with the smallest page size, checked afterwards like any input.
fn shrink(file: &Path, seed: &Path) -> Result<(), Failure> {
    let _ = std::fs::remove_file(seed);
    std::fs::copy(file, seed)?;
    let conn = rusqlite::Connection::open(seed)?;
    conn.execute_batch("PRAGMA page_size = 512; VACUUM;")?;
    Ok(())
}
