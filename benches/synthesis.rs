//! The synthesis dashboard's data over a diagnostic of 100,000 contributions (target: under
//! 1 s), the restitution report (target: PDF under 5 s) and the exports built from it.
//! Prints figures; run with `cargo bench --bench synthesis`.

use std::time::{Duration, Instant};

use recolte::board::VoteTarget;
use recolte::edit::{self, AttributeTo, NewContribution};
use recolte::export::{Privacy, TableFormat};
use recolte::model::{ParticipantRole, StructureType, WorkshopKind};
use recolte::plan::{NewAttendee, WorkshopPlan};
use recolte::store::{Sources, Store};
use recolte::synthesis::SynthesisFilter;

const WORKSHOPS: usize = 100;
const CONTRIBUTIONS_EACH: usize = 1_000;
const ATTENDEES_EACH: usize = 25;
const VOTED_ITEMS_EACH: usize = 12;

const WORDS: &[&str] = &[
    "tiers-lieu",
    "mobilité",
    "logement",
    "emploi",
    "insertion",
    "alimentation",
    "recyclerie",
    "financement",
    "bénévolat",
    "coopération",
    "jeunesse",
    "numérique",
    "circuit court",
    "énergie",
];

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut store =
        Store::open(&dir.path().join("recolte.sqlite3"), Sources::fixed(1_700_000_000_000, 11)).unwrap();
    let diagnostic = recolte::template::ensure_initial_diagnostic(&mut store).unwrap();
    let overview = store.diagnostic_overview(diagnostic).unwrap();
    let stakes: Vec<_> = overview.stakes.iter().map(|s| s.id).collect();
    let categories: Vec<_> = overview.categories.iter().map(|c| c.id).collect();

    let started = Instant::now();
    for w in 0..WORKSHOPS {
        let territorial = w % 3 != 0;
        let plan = WorkshopPlan {
            kind: if territorial { WorkshopKind::Territorial } else { WorkshopKind::Thematic },
            territory_id: territorial.then(|| overview.territories[w % overview.territories.len()].id),
            theme_id: (!territorial).then(|| overview.themes[w % overview.themes.len()].id),
            title: format!("Atelier {w}"),
            starts_at: Some(format!("2026-{:02}-{:02}T17:00:00Z", 1 + w % 12, 1 + w % 28)),
            ends_at: None,
            place: "Salle".into(),
            facilitators: vec![],
            token_budget: 3,
        };
        let workshop = store.create_workshop(diagnostic, &plan, &[]).unwrap();
        for n in 0..ATTENDEES_EACH {
            let attendee = NewAttendee {
                name: format!("Personne {w}-{n}"),
                organisation: None,
                structure_type: StructureType::ALL[n % StructureType::ALL.len()],
                role: ParticipantRole::ALL[n % ParticipantRole::ALL.len()],
                email: None,
                consent_named: n % 4 == 0,
            };
            store.add_attendee(workshop, &attendee).unwrap();
        }
        let ids = store
            .write(|tx| {
                (0..CONTRIBUTIONS_EACH)
                    .map(|i| {
                        let text =
                            format!("{} et {} : constat {i}", WORDS[(w + i) % WORDS.len()], WORDS[i % 7]);
                        let chosen = [stakes[i % stakes.len()], stakes[(i / 3) % stakes.len()]];
                        edit::add_contribution(
                            tx,
                            workshop,
                            &NewContribution {
                                text: &text,
                                category: Some(categories[i % categories.len()]),
                                phase: None,
                                stakes: &chosen[..1 + i % 2],
                                attribution: AttributeTo::Structure(StructureType::ALL[i % 8]),
                            },
                        )
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap();
        for (rank, id) in ids.iter().take(VOTED_ITEMS_EACH).enumerate() {
            store.record_tally(workshop, VoteTarget::Contribution(*id), (12 - rank) as u32).unwrap();
        }
    }
    println!(
        "diagnostic of {} workshops, {} contributions, {} attendances prepared in {:.1} s",
        WORKSHOPS,
        WORKSHOPS * CONTRIBUTIONS_EACH,
        WORKSHOPS * ATTENDEES_EACH,
        started.elapsed().as_secs_f64()
    );

    let runs = |filter: &SynthesisFilter| {
        let samples: Vec<Duration> = (0..5)
            .map(|_| {
                let started = Instant::now();
                let synthesis = store.synthesis(diagnostic, filter).unwrap();
                std::hint::black_box(synthesis);
                started.elapsed()
            })
            .collect();
        median(samples)
    };
    let all = runs(&SynthesisFilter::default());
    let verdict = if all < Duration::from_secs(1) { "target met (< 1 s)" } else { "target missed (≥ 1 s)" };
    println!("dashboard data, whole diagnostic        median {:>8.1} ms — {verdict}", ms(all));
    let territory =
        SynthesisFilter { territory_id: Some(overview.territories[0].id), ..SynthesisFilter::default() };
    println!("dashboard data, one territory           median {:>8.1} ms", ms(runs(&territory)));
    let stake = SynthesisFilter { stake_id: Some(stakes[0]), ..SynthesisFilter::default() };
    println!("dashboard data, one stake               median {:>8.1} ms", ms(runs(&stake)));

    let started = Instant::now();
    let report = store.report(diagnostic, Privacy::Anonymous, "2026-11-27").unwrap();
    let model = started.elapsed();
    let started = Instant::now();
    let html = recolte::report::html::render(&report);
    let html_time = started.elapsed();
    let started = Instant::now();
    let pdf = recolte::report::pdf::render(&report, chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap())
        .unwrap();
    let pdf_time = started.elapsed();
    let whole = model + pdf_time;
    let verdict =
        if whole < Duration::from_secs(5) { "target met (< 5 s)" } else { "target missed (≥ 5 s)" };
    println!("report content                          {:>8.1} ms", ms(model));
    println!(
        "report as HTML                          {:>8.1} ms ({:.0} kB)",
        ms(html_time),
        html.len() as f64 / 1e3
    );
    println!(
        "report as PDF (typeset by Typst)        {:>8.1} ms ({:.0} kB)",
        ms(pdf_time),
        pdf.len() as f64 / 1e3
    );
    println!("report PDF end to end                   {:>8.1} ms — {verdict}", ms(whole));

    for (name, format) in
        [("CSV", TableFormat::Csv), ("XLSX", TableFormat::Xlsx), ("Markdown", TableFormat::Markdown)]
    {
        let started = Instant::now();
        let bytes = store.export_bytes(diagnostic, format, Privacy::Anonymous).unwrap();
        println!(
            "anonymous {name:<8} export                {:>8.1} ms ({:.1} MB)",
            ms(started.elapsed()),
            bytes.len() as f64 / 1e6
        );
    }
}
