//! The report's charts as SVG: a heat map of contribution counts and horizontal bar charts.
//!
//! Invariants: the output is a standalone SVG document (viewBox, no scripts, no external
//! references), every text is XML-escaped, and colours keep readable contrast with the text
//! drawn over them (dark text on light cells, light text on dark ones). Charts are drawn for
//! print: no colour alone carries meaning, counts are written in the cells and at the bars.

use std::fmt::Write as _;

/// The font the SVG asks for; the PDF embeds it, browsers fall back to a serif.
const FONT: &str = "Libertinus Serif, Georgia, serif";

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Cuts a label to `max` characters with an ellipsis.
fn clip(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_owned()
    } else {
        let kept: String = label.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", kept.trim_end())
    }
}

/// A label on at most two lines of about `width` characters, the second clipped.
fn two_lines(label: &str, width: usize) -> (String, Option<String>) {
    if label.chars().count() <= width {
        return (label.to_owned(), None);
    }
    let mut first = String::new();
    let mut words = label.split_whitespace().peekable();
    while let Some(word) = words.peek() {
        let candidate = if first.is_empty() { (*word).to_owned() } else { format!("{first} {word}") };
        if candidate.chars().count() > width && !first.is_empty() {
            break;
        }
        first = candidate;
        words.next();
    }
    let rest: Vec<&str> = words.collect();
    if rest.is_empty() {
        (clip(&first, width), None)
    } else {
        (clip(&first, width), Some(clip(&rest.join(" "), width)))
    }
}

/// A blue from white (0) to dark (1), and whether text on it should be white.
fn shade(fraction: f64) -> (String, bool) {
    let fraction = fraction.clamp(0.0, 1.0);
    let (light, dark) = ((244.0, 247.0, 251.0), (23.0, 63.0, 115.0));
    let mix = |a: f64, b: f64| (a + (b - a) * fraction).round() as u8;
    (
        format!("#{:02x}{:02x}{:02x}", mix(light.0, dark.0), mix(light.1, dark.1), mix(light.2, dark.2)),
        fraction > 0.55,
    )
}

fn open_svg(width: u32, height: u32, title: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" \
         height=\"{height}\" font-family=\"{FONT}\" font-size=\"12\" role=\"img\" aria-label=\"{}\">\
         <title>{}</title>",
        escape(title),
        escape(title)
    )
}

/// Rows × columns of counts; empty cells are hatched-white and show "0" so a gap is visible
/// in black and white too.
pub fn heat_map(title: &str, rows: &[String], columns: &[String], counts: &[Vec<u32>]) -> String {
    let label_width = 40;
    let cell_width = 110u32;
    let cell_height = 30u32;
    let header_height = 46u32;
    let width = label_width + cell_width * columns.len().max(1) as u32 + 8;
    let height = header_height + cell_height * rows.len().max(1) as u32 + 8;
    let max = counts.iter().flatten().copied().max().unwrap_or(0).max(1);
    let mut svg = open_svg(width, height, title);
    for (c, column) in columns.iter().enumerate() {
        let x = label_width + cell_width * c as u32 + cell_width / 2;
        let (first, second) = two_lines(column, 15);
        let (y_first, y_second) =
            if second.is_some() { (header_height - 24, header_height - 9) } else { (header_height - 10, 0) };
        let _ = write!(
            svg,
            "<text x=\"{x}\" y=\"{y_first}\" text-anchor=\"middle\" font-weight=\"bold\">{}</text>",
            escape(&first)
        );
        if let Some(second) = second {
            let _ = write!(
                svg,
                "<text x=\"{x}\" y=\"{y_second}\" text-anchor=\"middle\" font-weight=\"bold\">{}</text>",
                escape(&second)
            );
        }
    }
    for (r, row) in rows.iter().enumerate() {
        let y = header_height + cell_height * r as u32;
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-weight=\"bold\">{}</text>",
            label_width - 8,
            y + cell_height / 2 + 4,
            escape(&clip(row, 4))
        );
        for c in 0..columns.len() {
            let n = counts.get(r).and_then(|line| line.get(c)).copied().unwrap_or(0);
            let x = label_width + cell_width * c as u32;
            let (fill, white_text) =
                if n == 0 { ("#ffffff".to_owned(), false) } else { shade(f64::from(n) / f64::from(max)) };
            let _ = write!(
                svg,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" stroke=\"#9aa7b5\" stroke-width=\"1\"/>\
                 <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{}\"{}>{n}</text>",
                cell_width,
                cell_height,
                x + cell_width / 2,
                y + cell_height / 2 + 4,
                if white_text { "#ffffff" } else { "#1b2733" },
                if n == 0 { " font-style=\"italic\"" } else { "" },
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// One bar per (label, value); `format` writes the value at the end of its bar.
pub fn bar_chart(title: &str, bars: &[(String, f64)], format: impl Fn(f64) -> String) -> String {
    let label_width = 230u32;
    let bar_space = 360u32;
    let row_height = 24u32;
    let width = label_width + bar_space + 70;
    let height = row_height * bars.len().max(1) as u32 + 10;
    let max = bars.iter().map(|(_, v)| *v).fold(0.0_f64, f64::max);
    let mut svg = open_svg(width, height, title);
    for (i, (label, value)) in bars.iter().enumerate() {
        let y = 5 + row_height * i as u32;
        let length = if max > 0.0 { (value / max * f64::from(bar_space)).round() as u32 } else { 0 };
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{label_width}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#2f6aa3\"/>\
             <text x=\"{}\" y=\"{}\">{}</text>",
            label_width - 8,
            y + row_height / 2 + 4,
            escape(&clip(label, 36)),
            y + 4,
            length.max(1),
            row_height - 8,
            label_width + length.max(1) + 6,
            y + row_height / 2 + 4,
            escape(&format(*value)),
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heat_map_writes_every_count_and_escapes_labels() {
        let svg = heat_map(
            "Enjeux × territoires",
            &["1".into(), "2".into()],
            &["Nord & Est".into(), "<Sud>".into()],
            &[vec![3, 0], vec![1, 7]],
        );
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains("Nord &amp; Est") && svg.contains("&lt;Sud&gt;"), "labels are escaped");
        for n in [">3<", ">0<", ">1<", ">7<"] {
            assert!(svg.contains(n), "every cell writes its count ({n})");
        }
        assert!(!svg.contains("<script"), "no script in a chart");
        assert_eq!(svg.matches("<rect").count(), 4, "one cell per count");
    }

    #[test]
    fn long_column_labels_take_two_lines() {
        assert_eq!(
            two_lines("Services à la personne", 15),
            ("Services à la".into(), Some("personne".into()))
        );
        assert_eq!(two_lines("Secteur Nord", 15), ("Secteur Nord".into(), None));
        let (_, second) = two_lines("Entrepreneuriat solidaire et très innovant", 15);
        assert!(second.unwrap().ends_with('…'), "a third line is clipped, not dropped silently");
    }

    #[test]
    fn the_darkest_cells_get_light_text() {
        assert!(shade(1.0).1 && !shade(0.1).1);
        assert_eq!(shade(0.0).0, "#f4f7fb");
    }

    #[test]
    fn a_bar_chart_scales_to_the_largest_value() {
        let svg =
            bar_chart("Structures", &[("Association".into(), 10.0), ("Habitant·e".into(), 5.0)], |v| {
                format!("{v}")
            });
        assert!(svg.contains("width=\"360\""), "the largest bar fills the space: {svg}");
        assert!(svg.contains("width=\"180\""), "half the value, half the length");
        assert!(svg.contains(">Habitant·e<"));
    }
}
