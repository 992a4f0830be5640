//! Merge benchmark: the coordinator merges a hundred facilitators' session files.
//!
//! Run with `cargo bench --bench merge` (release build). It prints each figure with its unit
//! and whether its target is met; it never fails on timing, because timings depend on the
//! machine. Steps:
//! 1. simulate 100 session files (100,000 contributions, 300,000 vote entries, 10,000
//!    concurrent edits) into a temporary folder;
//! 2. merge them all into a new shared file, end to end, as `recolte merge --into` does
//!    (`files::merge_into_shared`): lock, stage each file (read it, skip it if the shared file
//!    records a merge of the same bytes, else copy and check it), merge them several per
//!    transaction into a scratch store (its records on one thread, its set tables on
//!    another), snapshot it, flush and rename it into place (target < 2 s);
//! 3. the baseline: copy the same rows with plain SQLite (`INSERT OR IGNORE … SELECT *`
//!    from each attached file) into an empty file with the same schema (target: merge within
//!    3× the baseline);
//! 4. merge the same files again into the shared file, where nothing is new (target < 0.5 s);
//! 5. the shared file's size per contribution (target < 600 B).
//!
//! Steps 2 to 4 also print the CPU time of the main thread and of all threads (the merge
//! reads and checks its inputs on a thread of their own, and merges set tables on another),
//! which on a machine shared with other work say more about the merge than the elapsed time
//! does.
//!
//! Knobs, for investigating rather than measuring:
//! - `RECOLTE_BENCH_SCALE` (a divisor, default 1) shrinks every count for a quick run;
//! - `RECOLTE_BENCH_SESSIONS=<folder>` keeps the session files there and reuses them when
//!   they are already there, so the merge can be profiled without generating again;
//! - `RECOLTE_BENCH_MERGE_ONLY=1` stops after step 2, so a profiler sees the merge alone.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use recolte::schema::{RECORD_TABLES, SET_TABLES};
use recolte::simulate::{simulate, SimulationParams};
use recolte::store::MIGRATIONS;
use recolte::sync::files::{merge_into_shared, LockOwner};

const FACILITATORS: usize = 100;
const WORKSHOPS: usize = 200;
const CONTRIBUTIONS: usize = 100_000;
const VOTES: usize = 300_000;
const CONCURRENT_EDITS: usize = 10_000;

/// Files merged per transaction, as the app's sync does.
const FILES_PER_BATCH: usize = 8;

const MERGE_TARGET: Duration = Duration::from_secs(2);
const BASELINE_RATIO_TARGET: f64 = 3.0;
const REMERGE_TARGET: Duration = Duration::from_millis(500);
const BYTES_PER_CONTRIBUTION_TARGET: f64 = 600.0;

type Failure = Box<dyn std::error::Error>;

fn main() -> Result<(), Failure> {
    // `cargo bench` passes `--bench`; there is nothing to filter.
    let scale: usize =
        std::env::var("RECOLTE_BENCH_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(1).max(1);
    let work = tempfile::Builder::new().prefix("recolte-bench-").tempdir()?;
    let kept_sessions = std::env::var_os("RECOLTE_BENCH_SESSIONS").map(PathBuf::from);
    let sessions = kept_sessions.clone().unwrap_or_else(|| work.path().join("sessions"));

    println!("== Récolte: merging {FACILITATORS} session files ==");
    let params = SimulationParams {
        facilitators: FACILITATORS,
        workshops: WORKSHOPS,
        contributions: CONTRIBUTIONS / scale,
        votes: VOTES / scale,
        concurrent_edits: CONCURRENT_EDITS / scale,
        seed: 2011,
    };
    let files = match kept_sessions.as_deref().map(session_files).transpose()? {
        Some(files) if files.len() == FACILITATORS => {
            println!("1. generation: reusing the {} files in {}", files.len(), sessions.display());
            files
        }
        _ => {
            let started = Instant::now();
            let summary = simulate(&params, &sessions)?;
            let generation = started.elapsed();
            let input_bytes: u64 = summary.files.iter().map(|f| file_len(f)).sum();
            println!(
                "1. generation: {} files, {} contributions, {} vote entries, {} concurrent edits, {:.1} MB in all, in {:.2} s (not a target)",
                summary.files.len(),
                summary.contributions,
                summary.votes,
                summary.concurrent_edits,
                megabytes(input_bytes),
                generation.as_secs_f64()
            );
            summary.files
        }
    };
    let memory_before = reset_peak_memory();
    let shared = work.path().join("partage.recolte");
    let cpu_before = cpu_time();
    let first = merge_all(&shared, &files)?;
    let first_cpu = cpu_time_since(cpu_before);
    let memory_after = peak_memory_kb();
    println!(
        "2. merge end to end: {:.3} s (staging {:.3} s, merging {:.3} s, writing the shared file {:.3} s) — target < {} s: {}",
        first.total().as_secs_f64(),
        first.staging.as_secs_f64(),
        first.merging.as_secs_f64(),
        first.writing.as_secs_f64(),
        MERGE_TARGET.as_secs(),
        verdict(first.total() < MERGE_TARGET)
    );
    print_cpu_time(first_cpu, first.total());
    println!(
        "   merge time per file: first 10 files {:.1} ms on average, last 10 files {:.1} ms on average (per batch of {FILES_PER_BATCH}, divided evenly)",
        first.average_ms(..10),
        first.average_ms(first.per_file.len().saturating_sub(10)..)
    );
    match (memory_before, memory_after) {
        (Some(before), Some(after)) => println!(
            "   peak memory (VmHWM, whole process): {:.1} MB at the end of the merge, {:+.1} MB over the {:.1} MB before it",
            after as f64 / 1024.0,
            (after as f64 - before as f64) / 1024.0,
            before as f64 / 1024.0
        ),
        _ => println!("   peak memory: /proc/self/status is not readable here"),
    }

    if std::env::var_os("RECOLTE_BENCH_MERGE_ONLY").is_some() {
        return Ok(());
    }
    let baseline_file = work.path().join("copie-sqlite.sqlite3");
    let cpu_before = cpu_time();
    let baseline = copy_with_plain_sqlite(&baseline_file, &files)?;
    let baseline_cpu = cpu_time_since(cpu_before);
    let ratio = first.total().as_secs_f64() / baseline.as_secs_f64();
    println!(
        "3. baseline, plain SQLite bulk copy of the same files: {:.3} s; merge / baseline = {ratio:.2}× — target ≤ {BASELINE_RATIO_TARGET}×: {}",
        baseline.as_secs_f64(),
        verdict(ratio <= BASELINE_RATIO_TARGET)
    );

    print_cpu_time(baseline_cpu, baseline);
    if let (Some(merge), Some(copy)) = (first_cpu, baseline_cpu) {
        println!(
            "   in CPU time of all threads: merge / baseline = {:.2}×",
            merge.all_threads.as_secs_f64() / copy.all_threads.as_secs_f64().max(f64::MIN_POSITIVE)
        );
    }

    let cpu_before = cpu_time();
    let again = merge_all(&shared, &files)?;
    let again_cpu = cpu_time_since(cpu_before);
    println!(
        "4. re-merge of the same files (nothing new): {:.3} s (staging {:.3} s, merging {:.3} s, writing the shared file {:.3} s) — target < {} ms: {}",
        again.total().as_secs_f64(),
        again.staging.as_secs_f64(),
        again.merging.as_secs_f64(),
        again.writing.as_secs_f64(),
        REMERGE_TARGET.as_millis(),
        verdict(again.total() < REMERGE_TARGET)
    );
    print_cpu_time(again_cpu, again.total());
    if again.changed_anything {
        println!("   warning: the re-merge changed something, it should not have");
    }

    let conn = rusqlite::Connection::open(&shared)?;
    let contributions: i64 = conn.query_row("SELECT count(*) FROM contribution", [], |row| row.get(0))?;
    let bytes = file_len(&shared);
    let per_contribution = bytes as f64 / contributions.max(1) as f64;
    println!(
        "5. shared file: {:.1} MB for {contributions} contributions = {per_contribution:.0} B per contribution — target < {BYTES_PER_CONTRIBUTION_TARGET} B: {}",
        megabytes(bytes),
        verdict(per_contribution < BYTES_PER_CONTRIBUTION_TARGET)
    );
    print_space_by_table(&conn, contributions)?;
    Ok(())
}

fn verdict(met: bool) -> &'static str {
    if met {
        "target met"
    } else {
        "target missed"
    }
}

fn file_len(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn megabytes(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}

/// Where the time of one end-to-end merge went.
struct MergeTimings {
    staging: Duration,
    merging: Duration,
    writing: Duration,
    per_file: Vec<Duration>,
    changed_anything: bool,
}

impl MergeTimings {
    fn total(&self) -> Duration {
        self.staging + self.merging + self.writing
    }

    fn average_ms(&self, range: impl std::slice::SliceIndex<[Duration], Output = [Duration]>) -> f64 {
        let slice = &self.per_file[range];
        slice.iter().map(Duration::as_secs_f64).sum::<f64>() * 1000.0 / slice.len().max(1) as f64
    }
}

/// What `recolte merge --into` does, timed from its progress reports: staging until the first
/// merge, merging until the write of the shared file, then writing it.
fn merge_all(shared: &Path, files: &[PathBuf]) -> Result<MergeTimings, Failure> {
    let who = LockOwner { owner: "Banc d'essai".into(), machine: "banc".into(), since: String::new() };
    let started = Instant::now();
    let mut events: Vec<(Instant, String)> = Vec::new();
    let summary = merge_into_shared(shared, files, &who, SystemTime::now(), &mut |progress| {
        events.push((Instant::now(), progress.step))
    })?;
    let ended = Instant::now();
    let merges: Vec<Instant> =
        events.iter().filter(|(_, step)| step.starts_with("Fusion de")).map(|(at, _)| *at).collect();
    let writing_from =
        events.iter().find(|(_, step)| step.starts_with("Écriture")).map_or(ended, |(at, _)| *at);
    let merging_from = merges.first().copied().unwrap_or(writing_from);
    // The inputs of a batch are reported together, just before it merges.
    let batch_starts: Vec<Instant> = merges.chunks(FILES_PER_BATCH).map(|batch| batch[0]).collect();
    let mut per_file = Vec::with_capacity(merges.len());
    for (index, batch) in merges.chunks(FILES_PER_BATCH).enumerate() {
        let batch_end = batch_starts.get(index + 1).copied().unwrap_or(writing_from);
        let took = batch_end.duration_since(batch[0]);
        per_file.extend(std::iter::repeat_n(took / batch.len() as u32, batch.len()));
    }
    Ok(MergeTimings {
        staging: merging_from.duration_since(started),
        merging: writing_from.duration_since(merging_from),
        writing: ended.duration_since(writing_from),
        per_file,
        changed_anything: summary.sent.changed_anything(),
    })
}

/// The session files a previous run left in `folder`, in name order.
fn session_files(folder: &Path) -> Result<Vec<PathBuf>, Failure> {
    let mut files = Vec::new();
    if folder.is_dir() {
        for entry in std::fs::read_dir(folder)? {
            let path = entry?.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if name.starts_with("session-") && name.ends_with(".recolte") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Copies every row of every file into an empty file with the same schema, with nothing
/// but SQLite: the cost of moving the bytes, against which the merge is measured.
fn copy_with_plain_sqlite(target: &Path, files: &[PathBuf]) -> Result<Duration, Failure> {
    let started = Instant::now();
    let conn = rusqlite::Connection::open(target)?;
    for migration in MIGRATIONS {
        conn.execute_batch(migration)?;
    }
    let tables: Vec<&str> = RECORD_TABLES
        .iter()
        .map(|t| t.name)
        .chain(SET_TABLES.iter().map(|t| t.name))
        .chain(["field_version"])
        .collect();
    // The stored columns (table_info leaves out the computed ones).
    let mut copies = Vec::with_capacity(tables.len());
    for table in &tables {
        let columns: String =
            conn.query_row("SELECT group_concat(name, ', ') FROM pragma_table_info(?1)", [table], |row| {
                row.get(0)
            })?;
        copies.push(format!(
            "INSERT OR IGNORE INTO main.{table} ({columns}) SELECT {columns} FROM src.{table}"
        ));
    }
    for file in files {
        conn.execute("ATTACH DATABASE ?1 AS src", [file.to_string_lossy()])?;
        let tx = conn.unchecked_transaction()?;
        for copy in &copies {
            tx.execute(copy, [])?;
        }
        tx.commit()?;
        conn.execute("DETACH DATABASE src", [])?;
    }
    drop(conn);
    Ok(started.elapsed())
}

/// Bytes per table and index of the shared file (SQLite's dbstat), per contribution.
fn print_space_by_table(conn: &rusqlite::Connection, contributions: i64) -> Result<(), Failure> {
    let mut stmt = match conn
        .prepare("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY sum(pgsize) DESC LIMIT 12")
    {
        Ok(stmt) => stmt,
        // dbstat is a compile-time option of SQLite.
        Err(_) => return Ok(()),
    };
    let rows = stmt.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)))?;
    println!("   space by table or index (B per contribution):");
    for row in rows {
        let (name, bytes) = row?;
        println!("     {name:<40} {:>7.0}", bytes as f64 / contributions.max(1) as f64);
    }
    Ok(())
}

/// Time this process's main thread spent on a CPU (Linux schedstat): on a machine shared with
/// other work, the elapsed time also counts the waits for a core, this does not.
/// CPU time of the main thread, and of all the process's threads (the merge stages its
/// inputs on a second one).
#[derive(Debug, Clone, Copy)]
struct CpuTime {
    main_thread: Duration,
    all_threads: Duration,
}

fn cpu_time() -> Option<CpuTime> {
    let schedstat = std::fs::read_to_string("/proc/self/schedstat").ok()?;
    let main_thread = Duration::from_nanos(schedstat.split_whitespace().next()?.parse().ok()?);
    // utime and stime, the 14th and 15th fields, in clock ticks (100 per second on Linux).
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after_name = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(CpuTime { main_thread, all_threads: Duration::from_millis(ticks * 10) })
}

fn cpu_time_since(before: Option<CpuTime>) -> Option<CpuTime> {
    let (after, before) = cpu_time().zip(before)?;
    Some(CpuTime {
        main_thread: after.main_thread.saturating_sub(before.main_thread),
        all_threads: after.all_threads.saturating_sub(before.all_threads),
    })
}

fn print_cpu_time(cpu: Option<CpuTime>, elapsed: Duration) {
    match cpu {
        Some(cpu) => println!(
            "   on a CPU: main thread {:.3} s ({:.0}% of the elapsed time; the rest is waiting for the disk, a core or the other thread), all threads {:.2} s",
            cpu.main_thread.as_secs_f64(),
            100.0 * cpu.main_thread.as_secs_f64() / elapsed.as_secs_f64().max(f64::MIN_POSITIVE),
            cpu.all_threads.as_secs_f64()
        ),
        None => println!("   CPU time: /proc/self/schedstat is not readable here"),
    }
}

fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn peak_memory_kb() -> Option<u64> {
    status_kb("VmHWM:")
}

/// Resets the peak to the current resident size where Linux allows it (clear_refs 5), so
/// the next peak belongs to what runs next; returns the peak it starts from.
fn reset_peak_memory() -> Option<u64> {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    peak_memory_kb()
}
