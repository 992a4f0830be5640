//! `recolte merge --into` killed at random moments: the shared file is always the old one or
//! the new one, intact, and the next merge goes through.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

fn recolte() -> Command {
    Command::new(env!("CARGO_BIN_EXE_recolte"))
}

fn demo(path: &Path) {
    let status = recolte().args(["demo", "--out"]).arg(path).stdout(Stdio::null()).status().unwrap();
    assert!(status.success(), "the demo file must be written");
}

fn integrity(path: &Path) -> String {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |row| row.get(0)).unwrap()
}

fn dump(path: &Path) -> String {
    let output = recolte().arg("dump").arg(path).output().unwrap();
    assert!(
        output.status.success(),
        "dump must read {}: {}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn a_merge_killed_at_any_moment_leaves_the_old_or_the_new_shared_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let inputs: Vec<PathBuf> = (0..12)
        .map(|i| {
            let path = dir.path().join(format!("session-{i:02}.recolte"));
            demo(&path);
            path
        })
        .collect();
    let old = dir.path().join("ancien.recolte");
    let status =
        recolte().args(["merge", "--into"]).arg(&old).arg(&inputs[0]).stdout(Stdio::null()).status().unwrap();
    assert!(status.success());
    let old_bytes = std::fs::read(&old).unwrap();

    // The reference: the same merge, not interrupted, and how long it takes.
    let reference = dir.path().join("reference").join("partage.recolte");
    std::fs::create_dir(reference.parent().unwrap()).unwrap();
    std::fs::copy(&old, &reference).unwrap();
    let started = Instant::now();
    let status = recolte()
        .args(["merge", "--into"])
        .arg(&reference)
        .args(&inputs)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "the uninterrupted merge must succeed");
    let full = started.elapsed();
    let new_dump = dump(&reference);

    let mut seed: u64 = 0x5EED;
    let (mut saw_old, mut saw_new) = (0, 0);
    for round in 0..14 {
        let folder = dir.path().join(format!("essai-{round}"));
        std::fs::create_dir(&folder).unwrap();
        let shared = folder.join("partage.recolte");
        std::fs::copy(&old, &shared).unwrap();
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let delay = full.mul_f64((seed >> 33) as f64 / (1u64 << 31) as f64 * 1.1);
        // A killed merge leaves its private copies behind: in a folder this test removes.
        let private = dir.path().join(format!("tmp-{round}"));
        std::fs::create_dir(&private).unwrap();
        let mut child = recolte()
            .env("TMPDIR", &private)
            .args(["merge", "--into"])
            .arg(&shared)
            .args(&inputs)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL: no destructor, no cleanup runs
        let _ = child.wait();

        assert_eq!(
            integrity(&shared),
            "ok",
            "round {round} (killed after {delay:?}): the shared file must be intact"
        );
        if std::fs::read(&shared).unwrap() == old_bytes {
            saw_old += 1;
        } else {
            assert_eq!(
                dump(&shared),
                new_dump,
                "round {round}: a changed shared file must be the complete new one"
            );
            saw_new += 1;
        }
        // The next merge is not blocked by what the killed one left behind.
        let again = recolte().args(["merge", "--into"]).arg(&shared).args(&inputs).output().unwrap();
        assert!(
            again.status.success(),
            "round {round}: merging after a crash must work: {}",
            String::from_utf8_lossy(&again.stderr)
        );
        assert_eq!(dump(&shared), new_dump, "round {round}: and give the complete result");
        let leftovers: Vec<_> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name != "partage.recolte")
            .collect();
        assert!(
            leftovers.is_empty(),
            "round {round}: no lock or temporary file is left behind: {leftovers:?}"
        );
    }
    assert!(saw_old + saw_new == 14, "every round ends with the old or the new file");
    eprintln!("killed merges: {saw_old} left the old file, {saw_new} the new one (full merge {full:?})");
}
