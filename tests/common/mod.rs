//! What the export tests share: a demo file with two people (one who agreed to be named,
//! one who did not) and the command line that exports it.

use std::path::{Path, PathBuf};
use std::process::Command;

use recolte::model::{ParticipantRole, StructureType};
use recolte::plan::NewAttendee;
use recolte::store::{Sources, Store};
use uuid::Uuid;

/// Hélène agreed to be named, Louis did not.
pub const PEOPLE: [(&str, bool); 2] = [("Hélène Ferrand", true), ("Louis Garnier", false)];

/// Writes the demo to `dir/diagnostic.recolte` with [`PEOPLE`] attending its first workshop,
/// then lets `fill` add what the test needs to that workshop.
pub fn demo_file_with_people(dir: &Path, fill: impl FnOnce(&mut Store, Uuid)) -> PathBuf {
    let path = dir.join("diagnostic.recolte");
    let mut store = Store::open(&path, Sources::fixed(1_700_000_000_000, 3)).unwrap();
    let diagnostic = recolte::template::ensure_initial_diagnostic(&mut store).unwrap();
    let workshop = store.diagnostic_overview(diagnostic).unwrap().workshops[0].id;
    for (name, consent) in PEOPLE {
        let attendee = NewAttendee {
            name: name.into(),
            organisation: Some("Régie de quartier Nord".into()),
            structure_type: StructureType::Association,
            role: ParticipantRole::SseActor,
            email: None,
            consent_named: consent,
        };
        store.add_attendee(workshop, &attendee).unwrap();
    }
    fill(&mut store, workshop);
    drop(store);
    path
}

/// Runs `recolte export FILE --format FORMAT --out OUT [--anonymous]`, which must succeed.
pub fn export(file: &Path, format: &str, out: &Path, anonymous: bool) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_recolte"));
    command.arg("export").arg(file).args(["--format", format, "--out"]).arg(out);
    if anonymous {
        command.arg("--anonymous");
    }
    let output = command.output().expect("the command line runs");
    assert!(output.status.success(), "export {format} failed: {}", String::from_utf8_lossy(&output.stderr));
}
