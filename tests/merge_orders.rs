//! The simulated workload (several devices, skewed clocks, concurrent edits, deletions,
//! restores, votes, clusters, an erasure) merged in 100 random orders gives byte-identical
//! dumps.

use std::path::PathBuf;
use std::process::Command;

use rand::seq::SliceRandom;
use rand::SeedableRng;

fn recolte() -> Command {
    Command::new(env!("CARGO_BIN_EXE_recolte"))
}

#[test]
fn one_hundred_random_merge_orders_of_simulated_files_give_byte_identical_dumps() {
    let dir = tempfile::tempdir().unwrap();
    let sessions = dir.path().join("sessions");
    let status = recolte()
        .args([
            "simulate",
            "--facilitators",
            "5",
            "--workshops",
            "10",
            "--contributions",
            "400",
            "--seed",
            "11",
            "--out",
        ])
        .arg(&sessions)
        .status()
        .unwrap();
    assert!(status.success(), "recolte simulate must write the session files");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&sessions)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "recolte"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5, "one session file per facilitator");

    let mut rng = rand::rngs::StdRng::seed_from_u64(2011);
    let mut reference: Option<Vec<u8>> = None;
    for order in 0..100 {
        files.shuffle(&mut rng);
        let shared = dir.path().join(format!("ordre-{order}")).join("partage.recolte");
        std::fs::create_dir(shared.parent().unwrap()).unwrap();
        // Merged in several batches, as files arrive over the weeks.
        let split = 1 + order % (files.len() - 1);
        for batch in [&files[..split], &files[split..]] {
            let merged = recolte().args(["merge", "--into"]).arg(&shared).args(batch).output().unwrap();
            assert!(merged.status.success(), "order {order}: {}", String::from_utf8_lossy(&merged.stderr));
        }
        let dump = recolte().arg("dump").arg(&shared).output().unwrap();
        assert!(dump.status.success());
        match &reference {
            None => {
                let text = String::from_utf8_lossy(&dump.stdout);
                assert!(text.contains("\"field_version\""), "the dump covers the kept versions too");
                reference = Some(dump.stdout);
            }
            Some(expected) => assert!(
                &dump.stdout == expected,
                "order {order} ({files:?}, split after {split}) gives another state than the first order"
            ),
        }
        std::fs::remove_dir_all(shared.parent().unwrap()).unwrap();
    }
}
