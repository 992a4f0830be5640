//! Any bytes, received as a `.recolte` file, must be refused with a reason or accepted and
//! merged; never a panic, a crash or a hang.
//!
//! The input is written to a temporary file, staged like a file from a USB key
//! (`recolte::sync::staging::stage`), and when accepted, merged into a fresh store.

#![no_main]

use libfuzzer_sys::fuzz_target;
use recolte::store::{Sources, Store};
use recolte::sync::staging;

/// 2011-07-01: a fixed clock, so a run is reproducible from its input alone.
const NOW_MS: u64 = 1_309_478_400_000;

fuzz_target!(|data: &[u8]| {
    let Ok(folder) = tempfile::tempdir() else { return };
    let received = folder.path().join("recu.recolte");
    if std::fs::write(&received, data).is_err() {
        return;
    }
    // Refusals are the expected outcome for almost every input.
    let Ok(staged) = staging::stage(&received) else { return };
    let Ok(mut store) = Store::open(&folder.path().join("magasin.sqlite3"), Sources::fixed(NOW_MS, 1)) else {
        return;
    };
    // A merge may still refuse (say, a reference to a record the file lacks); it must not panic.
    let _ = store.merge_from(&staged.path);
});
