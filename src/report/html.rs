//! The report as one self-contained HTML file: styles inside, charts inline, no script, no
//! external resource, so it opens anywhere with no network and prints on A4.
//!
//! Invariant: every text from the diagnostic is HTML-escaped; only the charts (built and
//! escaped by [`super::charts`]) are inserted as markup.

use std::fmt::Write as _;

use super::charts::escape;
use super::{QuoteGroup, Report};

const STYLE: &str = r#"
:root { color: #1b2733; font-family: "Libertinus Serif", Georgia, "Times New Roman", serif; }
body { max-width: 52rem; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.45; font-size: 1.05rem; }
h1 { font-size: 2.1rem; margin: 0 0 .3rem; }
h2 { font-size: 1.5rem; margin-top: 2.4rem; border-bottom: 2px solid #2f6aa3; padding-bottom: .2rem; }
h3 { font-size: 1.2rem; margin-top: 1.6rem; }
h4 { font-size: 1.02rem; margin: 1rem 0 .3rem; color: #2f4a66; }
.subtitle { color: #4a5b6c; margin: 0; }
.note { color: #4a5b6c; font-size: .95rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; font-size: .95rem; }
th, td { border: 1px solid #c5cfd9; padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #e8eef4; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
blockquote { margin: .35rem 0 .35rem 0; padding: .15rem .7rem; border-left: 3px solid #9ab4cf; }
blockquote .source { display: block; color: #4a5b6c; font-size: .88rem; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #4a5b6c; font-size: .9rem; }
.figures { display: flex; flex-wrap: wrap; gap: 1.2rem; }
.figures div { border: 1px solid #c5cfd9; padding: .5rem .9rem; border-radius: 4px; }
.figures strong { display: block; font-size: 1.6rem; }
@page { size: A4; margin: 18mm 16mm; }
@media print { body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; } h2 { break-before: page; } h2.keep { break-before: auto; } blockquote, tr, figure { break-inside: avoid; } }
"#;

fn push_quotes(out: &mut String, group: &QuoteGroup) {
    let _ = write!(out, "<h4>{}</h4>", escape(&group.heading));
    for quote in &group.quotes {
        let mut source = quote.workshop.clone();
        if !quote.attribution.is_empty() {
            source = format!("{} — {}", quote.attribution, source);
        }
        let _ = write!(
            out,
            "<blockquote>« {} »<span class=\"source\">{}</span></blockquote>",
            escape(&quote.text),
            escape(&source)
        );
    }
    if group.others > 0 {
        let _ = write!(
            out,
            "<p class=\"note\">… et {} {} dans les ateliers.</p>",
            group.others,
            if group.others > 1 { "autres contributions" } else { "autre contribution" }
        );
    }
}

fn figure(out: &mut String, svg: &str, caption: &str) {
    let _ = write!(out, "<figure>{svg}<figcaption>{}</figcaption></figure>", escape(caption));
}

/// The whole report as an HTML document.
pub fn render(report: &Report) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} — restitution</title><style>{STYLE}</style></head><body>",
        escape(&report.title)
    );
    let _ = write!(out, "<header><h1>{}</h1>", escape(&report.title));
    let _ = write!(
        out,
        "<p class=\"subtitle\">Diagnostic partagé de l'économie sociale et solidaire — restitution"
    );
    if !report.period.is_empty() {
        let _ = write!(out, ", ateliers {}", escape(&report.period));
    }
    let _ = write!(out, "</p><p class=\"note\">Document établi le {}", escape(&report.written_on));
    if report.anonymous {
        out.push_str(" — version anonymisée");
    }
    out.push_str(".</p></header>");

    out.push_str("<h2 class=\"keep\">Contexte et méthode</h2>");
    if !report.description.is_empty() {
        let _ = write!(out, "<p>{}</p>", escape(&report.description));
    }
    for paragraph in &report.method {
        let _ = write!(out, "<p>{}</p>", escape(paragraph));
    }
    out.push_str("<h3>Les enjeux du diagnostic</h3><ol class=\"stakes\">");
    for stake in &report.stakes_list {
        let label = stake.split_once(". ").map_or(stake.as_str(), |(_, label)| label);
        let _ = write!(out, "<li>{}</li>", escape(label));
    }
    out.push_str("</ol>");

    let p = &report.participation;
    out.push_str("<h2>Participation</h2><div class=\"figures\">");
    for (n, what) in
        [(p.workshops, "ateliers"), (p.participants, "participant·es"), (p.contributions, "contributions")]
    {
        let _ = write!(out, "<div><strong>{n}</strong>{what}</div>");
    }
    out.push_str("</div>");
    figure(&mut out, &report.charts.structures, "Participant·es par type de structure.");
    figure(&mut out, &report.charts.categories, "Contributions par catégorie.");

    out.push_str("<h2>État des lieux par enjeu</h2>");
    figure(
        &mut out,
        &report.charts.coverage_by_territory,
        "Nombre de contributions par enjeu (lignes, numérotées comme ci-dessus) et par territoire ; 0 : jamais abordé.",
    );
    for stake in &report.stakes {
        let _ = write!(
            out,
            "<h3>{}. {}</h3><p class=\"note\">{} {}.",
            stake.number,
            escape(&stake.label),
            stake.contributions,
            if stake.contributions > 1 { "contributions" } else { "contribution" }
        );
        if !stake.never_discussed_in.is_empty() {
            let _ = write!(out, " Jamais abordé : {}.", escape(&stake.never_discussed_in.join(", ")));
        }
        out.push_str("</p>");
        if stake.groups.is_empty() {
            out.push_str("<p>Aucune contribution n'a été rattachée à cet enjeu.</p>");
        }
        for group in &stake.groups {
            push_quotes(&mut out, group);
        }
    }

    out.push_str("<h2>Inventaire des initiatives</h2>");
    if report.initiatives.is_empty() {
        out.push_str("<p>Aucune initiative n'a encore été recensée.</p>");
    } else {
        out.push_str("<table><thead><tr><th>Initiative</th><th>Forme</th><th>Secteur</th><th>Commune</th><th>Emplois</th></tr></thead><tbody>");
        for i in &report.initiatives {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"number\">{}</td></tr>",
                escape(&i.name),
                escape(&i.legal_form),
                escape(&i.sector),
                escape(&i.commune),
                i.jobs.map(|j| j.to_string()).unwrap_or_default()
            );
        }
        out.push_str("</tbody></table>");
    }

    out.push_str("<h2>Préconisations</h2>");
    if report.recommendations.is_empty() {
        out.push_str("<p>Aucune préconisation n'a encore été rédigée.</p>");
    }
    for (index, r) in report.recommendations.iter().enumerate() {
        let _ = write!(
            out,
            "<h3>{}. {}</h3><p class=\"note\">{}",
            index + 1,
            escape(&r.title),
            escape(&r.status)
        );
        if !r.audience.is_empty() {
            let _ = write!(out, " — s'adresse à : {}", escape(&r.audience));
        }
        if !r.stakes.is_empty() {
            let _ = write!(out, " — enjeux : {}", escape(&r.stakes.join(" ; ")));
        }
        out.push_str("</p>");
        if !r.body.is_empty() {
            let _ = write!(out, "<p>{}</p>", escape(&r.body));
        }
        if !r.from_workshops.is_empty() {
            let _ = write!(
                out,
                "<p class=\"note\">Issue des ateliers : {}.</p>",
                escape(&r.from_workshops.join(", "))
            );
            for quote in &r.sources {
                let _ = write!(
                    out,
                    "<blockquote>« {} »<span class=\"source\">{}</span></blockquote>",
                    escape(&quote.text),
                    escape(&quote.workshop)
                );
            }
        }
    }

    out.push_str("<h2>Priorités exprimées</h2>");
    match &report.charts.priorities {
        Some(chart) => {
            figure(
                &mut out,
                chart,
                "Part des gommettes disponibles dans chaque atelier, additionnée sur les ateliers.",
            );
            out.push_str("<table><thead><tr><th>Priorité</th><th>Ateliers</th><th>Classée dans les 3 premières</th></tr></thead><tbody>");
            for priority in &report.priorities {
                let workshops: Vec<String> = priority
                    .workshops
                    .iter()
                    .map(|w| format!("{} ({}ᵉ)", w.workshop_title, w.rank))
                    .collect();
                let _ = write!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td class=\"number\">{}</td></tr>",
                    escape(&priority.label),
                    escape(&workshops.join(", ")),
                    priority.high_in
                );
            }
            out.push_str("</tbody></table>");
        }
        None => out.push_str("<p>Aucun vote n'a été saisi.</p>"),
    }

    out.push_str("<h2>Annexes</h2><h3>Les ateliers</h3><table><thead><tr><th>Atelier</th><th>Type</th><th>Territoire ou thème</th><th>Date</th><th>Lieu</th><th>Participant·es</th><th>Contributions</th></tr></thead><tbody>");
    for w in &report.workshops {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"number\">{}</td><td class=\"number\">{}</td></tr>",
            escape(&w.title),
            escape(&w.kind),
            escape(&w.subject),
            escape(&w.when),
            escape(&w.place),
            w.participants,
            w.contributions
        );
    }
    out.push_str("</tbody></table><h3>Couverture des enjeux par thème</h3>");
    figure(&mut out, &report.charts.coverage_by_theme, "Nombre de contributions par enjeu et par thème.");
    out.push_str("</body></html>\n");
    out
}
