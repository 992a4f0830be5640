//! Writing tables of text for spreadsheets and documents: CSV as French spreadsheets open it,
//! XLSX, and Markdown.
//!
//! Invariants: every cell is written as text, never as a formula. In CSV, where a spreadsheet
//! would read a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula,
//! the cell is prefixed with an apostrophe (the usual neutralisation), so a contribution such as
//! `=HYPERLINK(…)` shows as typed and never runs. XLSX cells are typed strings. Markdown escapes
//! the characters that would change a table's structure.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// One table: a sheet in XLSX, a section in Markdown, the whole file in CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// In French; also the XLSX sheet's name (cut to 31 characters).
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The characters that make a spreadsheet read a cell as a formula.
fn could_be_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A cell as text a spreadsheet will not evaluate.
pub fn neutralised(cell: &str) -> std::borrow::Cow<'_, str> {
    if could_be_formula(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// CSV for French spreadsheets: UTF-8 with a byte order mark (so accents open right), `;`
/// between cells (`,` is the decimal separator), CRLF line ends, formulas neutralised.
pub fn to_csv(table: &Table) -> Vec<u8> {
    let mut out = Vec::from(*b"\xEF\xBB\xBF");
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(&mut out);
    let write = |writer: &mut csv::Writer<&mut Vec<u8>>, row: &[String]| {
        writer
            .write_record(row.iter().map(|cell| neutralised(cell).into_owned()))
            .expect("writing to memory does not fail");
    };
    write(&mut writer, &table.headers);
    for row in &table.rows {
        write(&mut writer, row);
    }
    writer.flush().expect("writing to memory does not fail");
    drop(writer);
    out
}

/// An XLSX workbook with one sheet per table: bold frozen header row, wrapped text,
/// columns sized to their content (within reason).
pub fn to_xlsx(tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let header = Format::new().set_bold().set_text_wrap().set_background_color("#E8EEF4");
    let body = Format::new().set_text_wrap().set_align(rust_xlsxwriter::FormatAlign::Top);
    let mut used_names: Vec<String> = Vec::new();
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name(&table.title, &used_names))?;
        used_names.push(sheet.name());
        for (column, title) in table.headers.iter().enumerate() {
            let column = u16::try_from(column).unwrap_or(u16::MAX);
            sheet.write_string_with_format(0, column, title, &header)?;
            let widest = table
                .rows
                .iter()
                .filter_map(|row| row.get(usize::from(column)))
                .chain(std::iter::once(title))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(10);
            sheet.set_column_width(column, (widest.clamp(8, 60) + 2) as f64)?;
        }
        for (index, row) in table.rows.iter().enumerate() {
            let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
            for (column, cell) in row.iter().enumerate() {
                let column = u16::try_from(column).unwrap_or(u16::MAX);
                sheet.write_string_with_format(line, column, cell, &body)?;
            }
        }
        sheet.set_freeze_panes(1, 0)?;
    }
    workbook.save_to_buffer()
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique.
fn sheet_name(title: &str, used: &[String]) -> String {
    let clean: String =
        title.chars().map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c }).take(31).collect();
    let clean = clean.trim().to_owned();
    let base = if clean.is_empty() { "Feuille".to_owned() } else { clean };
    let mut name = base.clone();
    let mut n = 2;
    while used.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
        let suffix = format!(" {n}");
        name = format!("{}{suffix}", base.chars().take(31 - suffix.len()).collect::<String>());
        n += 1;
    }
    name
}

/// Markdown cell text: no line breaks, `|` and `\` escaped.
fn markdown_cell(cell: &str) -> String {
    cell.replace('\\', "\\\\").replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// Markdown with a `##` heading and a table per table.
pub fn to_markdown(heading: &str, tables: &[Table]) -> String {
    let mut out = format!("# {}\n", markdown_cell(heading));
    for table in tables {
        out.push_str(&format!("\n## {}\n\n", markdown_cell(&table.title)));
        if table.rows.is_empty() {
            out.push_str("_Aucune ligne._\n");
            continue;
        }
        let line = |cells: &mut dyn Iterator<Item = String>| {
            format!("| {} |\n", cells.collect::<Vec<_>>().join(" | "))
        };
        out.push_str(&line(&mut table.headers.iter().map(|h| markdown_cell(h))));
        out.push_str(&line(&mut table.headers.iter().map(|_| "---".to_owned())));
        for row in &table.rows {
            out.push_str(&line(&mut row.iter().map(|c| markdown_cell(c))));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            title: "Contributions".into(),
            headers: vec!["Texte".into(), "Catégorie".into()],
            rows: vec![
                vec!["=HYPERLINK(\"http://x\")".into(), "Besoin".into()],
                vec!["Un lieu; deux usages".into(), "-".into()],
                vec!["+33 est un indicatif".into(), "@asso".into()],
                vec!["\tcaché".into(), "Économie | sociale".into()],
            ],
        }
    }

    #[test]
    fn french_csv_has_a_bom_semicolons_and_no_live_formula() {
        let bytes = to_csv(&table());
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "the BOM makes spreadsheets read UTF-8");
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], "Texte;Catégorie", "`;` separates cells, accents kept");
        assert_eq!(
            lines[1], "\"'=HYPERLINK(\"\"http://x\"\")\";Besoin",
            "a formula is neutralised and quoted"
        );
        assert_eq!(lines[2], "\"Un lieu; deux usages\";'-", "a `;` inside a cell is quoted");
        assert_eq!(lines[3], "'+33 est un indicatif;'@asso");
        assert_eq!(lines[4], "'\tcaché;Économie | sociale");
    }

    #[test]
    fn an_xlsx_workbook_is_a_zip_with_one_sheet_per_table() {
        let mut second = table();
        second.title = "Contributions".into();
        let bytes = to_xlsx(&[table(), second]).unwrap();
        assert!(bytes.starts_with(b"PK"), "XLSX is a zip archive");
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("xl/worksheets/sheet2.xml"), "two sheets were written");
    }

    #[test]
    fn sheet_names_are_legal_and_unique() {
        assert_eq!(sheet_name("Enjeux : synthèse / territoire", &[]), "Enjeux   synthèse   territoire");
        assert_eq!(sheet_name("A", &["a".into()]), "A 2");
        assert_eq!(sheet_name(&"x".repeat(40), &[]).chars().count(), 31);
    }

    #[test]
    fn markdown_tables_keep_their_shape() {
        let md = to_markdown("Diagnostic", &[table()]);
        assert!(md.starts_with("# Diagnostic\n"));
        assert!(md.contains("| Texte | Catégorie |\n| --- | --- |\n"), "{md}");
        assert!(md.contains("Économie \\| sociale"), "a `|` in a cell does not split it: {md}");
    }
}
