//! The report as PDF, typeset by Typst used as a library.
//!
//! Invariants: nothing is read from the disk or the network: the template is compiled in, the
//! fonts are Typst's own (embedded in the app), and the only files the template can open are
//! `data.json` (the report model) and itself. The diagnostic's texts reach Typst as JSON
//! values, never as markup, so no text typed in a workshop can change the document's code.

use std::sync::OnceLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime};
use typst::layout::PagedDocument;
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::Report;

const TEMPLATE: &str = include_str!("report.typ");

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("Le rapport n'a pas pu être mis en page : {0}")]
    Typesetting(String),
    #[error("Le rapport n'a pas pu être préparé : {0}")]
    Data(#[from] serde_json::Error),
}

/// Typst's fonts, parsed once per process.
fn fonts() -> &'static (LazyHash<FontBook>, Vec<Font>) {
    static FONTS: OnceLock<(LazyHash<FontBook>, Vec<Font>)> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = typst_assets::fonts().flat_map(|data| Font::iter(Bytes::new(data))).collect();
        let book = FontBook::from_fonts(&fonts);
        (LazyHash::new(book), fonts)
    })
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

/// The report's world: the template, its data, the embedded fonts.
struct ReportWorld {
    main: Source,
    data_id: FileId,
    data: Bytes,
    today: Datetime,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().1.get(index).cloned()
    }

    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        Some(self.today)
    }
}

fn describe(errors: &[SourceDiagnostic]) -> String {
    errors.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join(" ; ")
}

/// The report as PDF bytes. `today` is the date the document carries in its metadata.
pub fn render(report: &Report, today: chrono::NaiveDate) -> Result<Vec<u8>, ReportError> {
    use chrono::Datelike;
    let main = Source::new(FileId::new(None, VirtualPath::new("report.typ")), TEMPLATE.to_owned());
    let world = ReportWorld {
        main,
        data_id: FileId::new(None, VirtualPath::new("data.json")),
        data: Bytes::new(serde_json::to_vec(report)?),
        today: Datetime::from_ymd(today.year(), today.month() as u8, today.day() as u8)
            .ok_or_else(|| ReportError::Typesetting(format!("date impossible : {today}")))?,
    };
    let document: PagedDocument =
        typst::compile(&world).output.map_err(|errors| ReportError::Typesetting(describe(&errors)))?;
    typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
        .map_err(|errors| ReportError::Typesetting(describe(&errors)))
}
