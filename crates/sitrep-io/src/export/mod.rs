//! `sitrep export`: the store's incidents in the shapes users already load.
//!
//! Each incident arrives as an [`IncidentRow`] (the contract's
//! [`EventRecord`] of its merged event, its store id and the documents
//! behind it) and is written as:
//! - [`write_acled_csv`]: ACLED's 31 columns in ACLED's order, one row per
//!   incident, for spreadsheets and ACLED-shaped pipelines;
//! - [`write_plover_jsonl`]: one PLOVER record per line, with the fields the
//!   PLOVER manual names;
//! - [`write_geojson`]: an RFC 7946 FeatureCollection of points for QGIS and
//!   web maps;
//! - [`write_parquet`] (feature `parquet`): typed columns for pandas, R,
//!   DuckDB and Spark;
//! - [`write_parquet_lake`] (feature `parquet`): the same columns cut into
//!   Hive-style partition directories (`country=…/year=…/month=…`), the
//!   one writer that creates files and directories itself.
//!
//! Every writer streams: rows are pulled from the iterator and written one
//! at a time (Parquet buffers one bounded row group), so an export of a
//! million incidents needs the memory of a few, not of the store. Each
//! returns how many rows it wrote and how many it had to skip.
//!
//! What it deliberately does not do: read the store, decide which
//! incidents to export, open files (except the lake's partition files) or
//! show progress. The caller passes an iterator (wrapping it to tick a
//! progress bar if it likes) and a writer.
//!
//! *Invariants*: ACLED columns keep ACLED's names and order in every format
//! that has columns; nothing here panics on any record (unparseable dates
//! become nulls, not crashes); the output of the same rows is the same bytes.

mod acled_csv;
mod geojson;
#[cfg(feature = "parquet")]
mod lake;
#[cfg(feature = "parquet")]
mod parquet;
mod plover;

use std::collections::HashSet;
use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

use crate::output::EventRecord;

pub use acled_csv::write_acled_csv;
pub use geojson::write_geojson;
#[cfg(feature = "parquet")]
pub use lake::{
    LakeExported, NULL_PARTITION, PartitionKey, escape_partition_value, parse_partition_keys,
    partition_dir, write_parquet_lake,
};
#[cfg(feature = "parquet")]
pub use parquet::{ParquetOptions, parquet_schema, write_parquet, write_parquet_with};
pub use plover::write_plover_jsonl;

/// One incident of the store, as the exporters see it.
#[derive(Debug, Clone)]
pub struct IncidentRow {
    /// The contract record of the incident's merged event, with
    /// `event_id_cnty` already assigned by the store.
    pub record: EventRecord,
    /// The store's identifier of the incident.
    pub incident_id: i64,
    /// The `doc_id`s of every report behind the incident.
    pub reports: Vec<String>,
}

/// What an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Exported {
    /// Incidents written.
    pub written: u64,
    /// Incidents the format cannot hold and that were left out: GeoJSON
    /// skips incidents without coordinates. Always 0 for the other formats.
    pub skipped: u64,
}

/// The formats of `sitrep export --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    AcledCsv,
    PloverJsonl,
    GeoJson,
    Parquet,
}

impl ExportFormat {
    pub const ALL: &'static [ExportFormat] = &[
        ExportFormat::AcledCsv,
        ExportFormat::PloverJsonl,
        ExportFormat::GeoJson,
        ExportFormat::Parquet,
    ];

    /// The name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::AcledCsv => "acled-csv",
            ExportFormat::PloverJsonl => "plover-jsonl",
            ExportFormat::GeoJson => "geojson",
            ExportFormat::Parquet => "parquet",
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ExportFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<ExportFormat, String> {
        ExportFormat::ALL
            .iter()
            .copied()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = ExportFormat::ALL.iter().map(|f| f.as_str()).collect();
                format!(
                    "unknown export format {s:?}; expected one of {}",
                    names.join(", ")
                )
            })
    }
}

/// Writes `rows` to `out` in `format`. `Send` is required because the
/// Parquet writer needs it: a `File`, a `Vec<u8>` or `io::stdout()` is; a
/// `StdoutLock` is not (lock inside, or call the format's writer).
pub fn export<W: Write + Send>(
    format: ExportFormat,
    rows: impl IntoIterator<Item = IncidentRow>,
    out: W,
) -> io::Result<Exported> {
    match format {
        ExportFormat::AcledCsv => write_acled_csv(rows, out),
        ExportFormat::PloverJsonl => write_plover_jsonl(rows, out),
        ExportFormat::GeoJson => write_geojson(rows, out),
        #[cfg(feature = "parquet")]
        ExportFormat::Parquet => write_parquet(rows, out),
        #[cfg(not(feature = "parquet"))]
        ExportFormat::Parquet => {
            // The variant exists either way so that callers need no cfg of
            // their own; a build without the feature says why it cannot.
            let _ = (rows.into_iter(), out);
            Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "this sitrep was built without the `parquet` feature",
            ))
        }
    }
}

/// The evidence of a record as text: each distinct evidence span once, in
/// order, joined by a space. Several reports of one incident often quote
/// the same wire sentence, and it should be read once.
pub(crate) fn evidence_text(record: &EventRecord) -> String {
    // A set, because an incident with hundreds of reports has thousands of
    // spans, and a quadratic scan of them would show in a big export.
    let mut seen = HashSet::new();
    let mut texts: Vec<&str> = Vec::new();
    for e in &record.evidence {
        let text = e.text.trim();
        if !text.is_empty() && seen.insert(text) {
            texts.push(text);
        }
    }
    texts.join(" ")
}

/// A coordinate pair RFC 7946 can hold: both present, finite and in range.
pub(crate) fn lon_lat(record: &EventRecord) -> Option<(f64, f64)> {
    let (lat, lon) = (record.latitude?, record.longitude?);
    let ok = lat.is_finite()
        && lon.is_finite()
        && (-90.0..=90.0).contains(&lat)
        && (-180.0..=180.0).contains(&lon);
    ok.then_some((lon, lat))
}

/// `csv` reports I/O failures inside its own error; callers of the
/// exporters want the `io::Error` itself.
pub(crate) fn csv_to_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// A full record for the unit tests of the writers.
#[cfg(test)]
pub(crate) fn test_record() -> EventRecord {
    EventRecord {
        kind: "event",
        doc_id: "wire-1".into(),
        event_id_cnty: "AFG1".into(),
        event_date: "2018-03-28".into(),
        year: 2018,
        time_precision: 1,
        disorder_type: "Political violence".into(),
        event_type: "Battles".into(),
        sub_event_type: "Armed clash".into(),
        actor1: "Islamic State Khorasan Province".into(),
        assoc_actor_1: String::new(),
        inter1: 2,
        actor2: "Military Forces of Afghanistan (2014-2021)".into(),
        assoc_actor_2: String::new(),
        inter2: 1,
        interaction: 12,
        civilian_targeting: String::new(),
        iso: 4,
        region: "Caucasus and Central Asia".into(),
        country: "Afghanistan".into(),
        admin1: "Ghor".into(),
        admin2: String::new(),
        admin3: String::new(),
        location: "Chaghcharan".into(),
        latitude: Some(34.5225),
        longitude: Some(65.2517),
        geo_precision: Some(1),
        source: "Wire".into(),
        source_scale: String::new(),
        notes: "On 28 March 2018, ISIS-K fighters attacked a checkpoint.".into(),
        fatalities: Some(4),
        tags: String::new(),
        timestamp: 1_522_195_200,
        date_earliest: "2018-03-28".into(),
        date_latest: "2018-03-28".into(),
        cameo: "190".into(),
        plover: "ASSAULT".into(),
        plover_mode: Some("firearms".into()),
        injured: None,
        hedged: false,
        hedges: Vec::new(),
        evidence: Vec::new(),
        source_code: None,
        target_code: None,
    }
}
