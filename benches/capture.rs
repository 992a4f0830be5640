//! Capture to durable: the time from the capture command to its commit with
//! `synchronous=FULL`, against a bare single-row SQLite commit on the same disk, in the same
//! run. Also the read side of a 5,000-contribution board. Prints figures; run with
//! `cargo bench --bench capture`.

use std::time::{Duration, Instant};

use recolte::store::{Sources, Store};

const CAPTURES: usize = 10_000;

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted[index]
}

fn report(name: &str, mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    let (p50, p99) = (percentile(&samples, 0.50), percentile(&samples, 0.99));
    println!("{name:<32} p50 {:>9.3} ms   p99 {:>9.3} ms", p50.as_secs_f64() * 1e3, p99.as_secs_f64() * 1e3);
    (p50, p99)
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");

    // The bare commit: the same connection settings, one row per transaction.
    let bare = rusqlite::Connection::open(dir.path().join("bare.sqlite3")).unwrap();
    bare.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(())).unwrap();
    bare.execute_batch(
        "PRAGMA synchronous = FULL; CREATE TABLE line (id INTEGER PRIMARY KEY, body TEXT NOT NULL);",
    )
    .unwrap();
    let mut bare_samples = Vec::with_capacity(CAPTURES);
    for i in 0..CAPTURES {
        let started = Instant::now();
        bare.execute_batch("BEGIN IMMEDIATE").unwrap();
        bare.execute("INSERT INTO line (body) VALUES (?1)", [format!("Un lieu ressource mutualisé {i}")])
            .unwrap();
        bare.execute_batch("COMMIT").unwrap();
        bare_samples.push(started.elapsed());
    }

    // The real capture path, as the app runs it (search index attached: the capture lists the
    // line for indexing, and the first search afterwards indexes it).
    let mut store = Store::open(&dir.path().join("recolte.sqlite3"), Sources::system()).unwrap();
    let diagnostic = recolte::template::ensure_initial_diagnostic(&mut store).unwrap();
    store.enable_search(&dir.path().join("index.sqlite3")).unwrap();
    let workshop = store.diagnostic_overview(diagnostic).unwrap().workshops[0].id;
    let mut capture_samples = Vec::with_capacity(CAPTURES);
    for i in 0..CAPTURES {
        let line = format!("b: Un lieu ressource mutualisé {i} #2 @asso");
        let started = Instant::now();
        store.capture(workshop, &line).unwrap();
        capture_samples.push(started.elapsed());
    }

    println!("Capture to durable over {CAPTURES} captures (synchronous=FULL, WAL):");
    let (bare_p50, bare_p99) = report("bare single-row commit", bare_samples);
    let (p50, p99) = report("capture (parse, write)", capture_samples);
    let ratio_p50 = p50.as_secs_f64() / bare_p50.as_secs_f64();
    let ratio_p99 = p99.as_secs_f64() / bare_p99.as_secs_f64();
    let verdict = |ratio: f64| if ratio <= 2.0 { "target met (≤ 2×)" } else { "target missed (> 2×)" };
    println!("ratio p50 {ratio_p50:.2}× — {}", verdict(ratio_p50));
    println!("ratio p99 {ratio_p99:.2}× — {}", verdict(ratio_p99));

    // The board's data for one workshop of 5,000 contributions (the captures above).
    let started = Instant::now();
    let detail = store.workshop_detail(workshop).unwrap();
    let board = store.board(workshop).unwrap();
    let load = started.elapsed();
    let started = Instant::now();
    let hits = store.search(diagnostic, "ressource 4999").unwrap();
    let search = started.elapsed();
    let started = Instant::now();
    store.search(diagnostic, "ressource 4998").unwrap();
    let search_again = started.elapsed();
    println!(
        "workshop of {} contributions: detail + board {:.1} ms ({} clusters); first search {:.2} ms \
         ({} hits, indexing the {CAPTURES} captures), next search {:.2} ms",
        detail.contributions.len(),
        load.as_secs_f64() * 1e3,
        board.clusters.len(),
        search.as_secs_f64() * 1e3,
        hits.len(),
        search_again.as_secs_f64() * 1e3
    );
}
