//! Parquet through arrow-rs: typed columns for pandas, R, DuckDB and Spark.
//!
//! One column per ACLED field, named and ordered as ACLED names them, with
//! types a data frame wants instead of CSV text: integers for codes and
//! counts, floats for coordinates, `Date32` for dates and
//! `Timestamp(Microsecond, "UTC")` for `timestamp` (Spark reads
//! microseconds, not nanoseconds). Then sitrep's own: `incident_id`,
//! `reports` (list of strings), `date_earliest`, `date_latest`, `cameo`,
//! `plover`, `plover_mode`, `injured`, `hedged`.
//!
//! Nulls mean "unknown": fatalities, injuries and coordinates as in the
//! contract, and `timestamp` when the record's is 0 (a report without a
//! publication date), since a 1970 date would be read as a real one. ACLED's
//! text columns keep its empty strings.
//!
//! The whole table is described once, in [`COLUMNS`]: the schema and the
//! builders both come from it, so a column cannot be added to one and not
//! the other. Rows are gathered into record batches of at most
//! [`ParquetOptions::row_group_rows`] (capped at [`BATCH_ROWS`]) and the
//! writer closes a row group every `row_group_rows`, which bounds memory.

use std::io::{self, Write};
use std::sync::Arc;

use arrow_array::builder::{
    ArrayBuilder, BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, Int64Builder,
    ListBuilder, StringBuilder, TimestampMicrosecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;

use super::{Exported, IncidentRow};

/// Rows gathered per record batch at most: big enough for the encoder to
/// work in long runs, small enough that the builders stay a few MB.
pub const BATCH_ROWS: usize = 8192;

/// How the Parquet file is laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParquetOptions {
    /// Rows per row group. Readers skip whole row groups on filters and
    /// the writer holds one in memory (encoded) before flushing it; 64 Ki
    /// rows of incidents is a few MB. Values below 1 count as 1.
    pub row_group_rows: usize,
    /// Columns left out of the file: a partitioned lake's partition
    /// columns, which readers take from the directory names instead (Spark
    /// and pyarrow refuse a column that is both).
    pub omit_columns: Vec<String>,
}

impl Default for ParquetOptions {
    fn default() -> ParquetOptions {
        ParquetOptions {
            row_group_rows: 64 * 1024,
            omit_columns: Vec::new(),
        }
    }
}

/// How a column reads its value from a row, and so its Arrow type and
/// whether it may hold nulls (the `Opt` kinds, dates and the timestamp).
#[derive(Clone, Copy)]
enum Get {
    Text(fn(&IncidentRow) -> &str),
    OptText(fn(&IncidentRow) -> Option<&str>),
    Int32(fn(&IncidentRow) -> i32),
    OptInt32(fn(&IncidentRow) -> Option<i32>),
    Int64(fn(&IncidentRow) -> i64),
    OptInt64(fn(&IncidentRow) -> Option<i64>),
    OptFloat64(fn(&IncidentRow) -> Option<f64>),
    /// An ISO date (`YYYY-MM-DD`) stored as days since 1970-01-01; null
    /// if it is not one.
    Date(fn(&IncidentRow) -> &str),
    /// Seconds since the Unix epoch, stored in microseconds, UTC.
    Timestamp(fn(&IncidentRow) -> Option<i64>),
    Bool(fn(&IncidentRow) -> bool),
    TextList(fn(&IncidentRow) -> &[String]),
}

/// Every column of the export, in order: ACLED's 31, then sitrep's.
const COLUMNS: &[(&str, Get)] = &[
    ("event_id_cnty", Get::Text(|r| &r.record.event_id_cnty)),
    ("event_date", Get::Date(|r| &r.record.event_date)),
    ("year", Get::Int32(|r| r.record.year.into())),
    (
        "time_precision",
        Get::Int32(|r| r.record.time_precision.into()),
    ),
    ("disorder_type", Get::Text(|r| &r.record.disorder_type)),
    ("event_type", Get::Text(|r| &r.record.event_type)),
    ("sub_event_type", Get::Text(|r| &r.record.sub_event_type)),
    ("actor1", Get::Text(|r| &r.record.actor1)),
    ("assoc_actor_1", Get::Text(|r| &r.record.assoc_actor_1)),
    ("inter1", Get::Int32(|r| r.record.inter1.into())),
    ("actor2", Get::Text(|r| &r.record.actor2)),
    ("assoc_actor_2", Get::Text(|r| &r.record.assoc_actor_2)),
    ("inter2", Get::Int32(|r| r.record.inter2.into())),
    ("interaction", Get::Int32(|r| r.record.interaction.into())),
    (
        "civilian_targeting",
        Get::Text(|r| &r.record.civilian_targeting),
    ),
    ("iso", Get::Int32(|r| r.record.iso.into())),
    ("region", Get::Text(|r| &r.record.region)),
    ("country", Get::Text(|r| &r.record.country)),
    ("admin1", Get::Text(|r| &r.record.admin1)),
    ("admin2", Get::Text(|r| &r.record.admin2)),
    ("admin3", Get::Text(|r| &r.record.admin3)),
    ("location", Get::Text(|r| &r.record.location)),
    ("latitude", Get::OptFloat64(|r| r.record.latitude)),
    ("longitude", Get::OptFloat64(|r| r.record.longitude)),
    (
        "geo_precision",
        Get::OptInt32(|r| r.record.geo_precision.map(i32::from)),
    ),
    ("source", Get::Text(|r| &r.record.source)),
    ("source_scale", Get::Text(|r| &r.record.source_scale)),
    ("notes", Get::Text(|r| &r.record.notes)),
    (
        "fatalities",
        Get::OptInt64(|r| r.record.fatalities.map(i64::from)),
    ),
    ("tags", Get::Text(|r| &r.record.tags)),
    (
        "timestamp",
        Get::Timestamp(|r| Some(r.record.timestamp).filter(|&t| t != 0)),
    ),
    ("incident_id", Get::Int64(|r| r.incident_id)),
    ("reports", Get::TextList(|r| &r.reports)),
    ("date_earliest", Get::Date(|r| &r.record.date_earliest)),
    ("date_latest", Get::Date(|r| &r.record.date_latest)),
    ("cameo", Get::Text(|r| &r.record.cameo)),
    ("plover", Get::Text(|r| &r.record.plover)),
    (
        "plover_mode",
        Get::OptText(|r| r.record.plover_mode.as_deref()),
    ),
    (
        "injured",
        Get::OptInt64(|r| r.record.injured.map(i64::from)),
    ),
    ("hedged", Get::Bool(|r| r.record.hedged)),
];

const UTC: &str = "UTC";

/// The element field of `reports`: Arrow's conventional name, no nulls.
fn report_item() -> Field {
    Field::new("item", DataType::Utf8, false)
}

/// A column's Arrow type and whether it is nullable.
fn data_type(get: Get) -> (DataType, bool) {
    match get {
        Get::Text(_) => (DataType::Utf8, false),
        Get::OptText(_) => (DataType::Utf8, true),
        Get::Int32(_) => (DataType::Int32, false),
        Get::OptInt32(_) => (DataType::Int32, true),
        Get::Int64(_) => (DataType::Int64, false),
        Get::OptInt64(_) => (DataType::Int64, true),
        Get::OptFloat64(_) => (DataType::Float64, true),
        Get::Date(_) => (DataType::Date32, true),
        Get::Timestamp(_) => (
            DataType::Timestamp(TimeUnit::Microsecond, Some(UTC.into())),
            true,
        ),
        Get::Bool(_) => (DataType::Boolean, false),
        Get::TextList(_) => (DataType::List(Arc::new(report_item())), false),
    }
}

/// The Arrow schema of the export.
pub fn parquet_schema() -> SchemaRef {
    schema_of(COLUMNS)
}

/// The columns of a file written with `opts`, in export order.
fn columns_of(opts: &ParquetOptions) -> Vec<(&'static str, Get)> {
    COLUMNS
        .iter()
        .filter(|(name, _)| !opts.omit_columns.iter().any(|o| o == name))
        .copied()
        .collect()
}

/// Whether the export has a column of that name.
pub(crate) fn has_column(name: &str) -> bool {
    COLUMNS.iter().any(|(n, _)| *n == name)
}

fn schema_of(columns: &[(&str, Get)]) -> SchemaRef {
    let fields: Vec<Field> = columns
        .iter()
        .map(|&(name, get)| {
            let (data_type, nullable) = data_type(get);
            Field::new(name, data_type, nullable)
        })
        .collect();
    Arc::new(Schema::new(fields))
}

/// Days from 1970-01-01 to an ISO date, or `None` if it is not one.
fn days_since_epoch(iso: &str) -> Option<i32> {
    let date: jiff::civil::Date = iso.trim().parse().ok()?;
    let span = jiff::civil::date(1970, 1, 1).until(date).ok()?;
    Some(span.get_days())
}

/// A column being filled: one builder per column, of the column's type.
enum Builder {
    Text(StringBuilder),
    Int32(Int32Builder),
    Int64(Int64Builder),
    Float64(Float64Builder),
    Date(Date32Builder),
    Timestamp(TimestampMicrosecondBuilder),
    Bool(BooleanBuilder),
    TextList(ListBuilder<StringBuilder>),
}

impl Builder {
    fn new(get: Get) -> Builder {
        match get {
            Get::Text(_) | Get::OptText(_) => Builder::Text(StringBuilder::new()),
            Get::Int32(_) | Get::OptInt32(_) => Builder::Int32(Int32Builder::new()),
            Get::Int64(_) | Get::OptInt64(_) => Builder::Int64(Int64Builder::new()),
            Get::OptFloat64(_) => Builder::Float64(Float64Builder::new()),
            Get::Date(_) => Builder::Date(Date32Builder::new()),
            Get::Timestamp(_) => {
                Builder::Timestamp(TimestampMicrosecondBuilder::new().with_timezone(UTC))
            }
            Get::Bool(_) => Builder::Bool(BooleanBuilder::new()),
            Get::TextList(_) => {
                Builder::TextList(ListBuilder::new(StringBuilder::new()).with_field(report_item()))
            }
        }
    }

    fn push(&mut self, get: Get, row: &IncidentRow) {
        match (self, get) {
            (Builder::Text(b), Get::Text(f)) => b.append_value(f(row)),
            (Builder::Text(b), Get::OptText(f)) => b.append_option(f(row)),
            (Builder::Int32(b), Get::Int32(f)) => b.append_value(f(row)),
            (Builder::Int32(b), Get::OptInt32(f)) => b.append_option(f(row)),
            (Builder::Int64(b), Get::Int64(f)) => b.append_value(f(row)),
            (Builder::Int64(b), Get::OptInt64(f)) => b.append_option(f(row)),
            (Builder::Float64(b), Get::OptFloat64(f)) => {
                b.append_option(f(row).filter(|x| x.is_finite()))
            }
            (Builder::Date(b), Get::Date(f)) => b.append_option(days_since_epoch(f(row))),
            (Builder::Timestamp(b), Get::Timestamp(f)) => {
                b.append_option(f(row).and_then(|s| s.checked_mul(1_000_000)))
            }
            (Builder::Bool(b), Get::Bool(f)) => b.append_value(f(row)),
            (Builder::TextList(b), Get::TextList(f)) => {
                for report in f(row) {
                    b.values().append_value(report);
                }
                b.append(true);
            }
            // Builders are made from the same `Get` they are fed with, so
            // the kinds always agree; a mismatch would be caught by the
            // batch's validation as a short column, never by a panic.
            _ => {}
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Text(b) => Arc::new(b.finish()),
            Builder::Int32(b) => Arc::new(b.finish()),
            Builder::Int64(b) => Arc::new(b.finish()),
            Builder::Float64(b) => Arc::new(b.finish()),
            Builder::Date(b) => Arc::new(b.finish()),
            Builder::Timestamp(b) => Arc::new(b.finish()),
            Builder::Bool(b) => Arc::new(b.finish()),
            Builder::TextList(b) => Arc::new(b.finish()),
        }
    }

    fn len(&self) -> usize {
        match self {
            Builder::Text(b) => b.len(),
            Builder::Int32(b) => b.len(),
            Builder::Int64(b) => b.len(),
            Builder::Float64(b) => b.len(),
            Builder::Date(b) => b.len(),
            Builder::Timestamp(b) => b.len(),
            Builder::Bool(b) => b.len(),
            Builder::TextList(b) => b.len(),
        }
    }
}

/// The rows of one record batch being gathered.
struct Batch {
    schema: SchemaRef,
    columns: Vec<(&'static str, Get)>,
    builders: Vec<Builder>,
}

impl Batch {
    fn new(columns: Vec<(&'static str, Get)>) -> Batch {
        let builders = columns.iter().map(|&(_, get)| Builder::new(get)).collect();
        Batch {
            schema: schema_of(&columns),
            columns,
            builders,
        }
    }

    fn push(&mut self, row: &IncidentRow) {
        for (builder, &(_, get)) in self.builders.iter_mut().zip(&self.columns) {
            builder.push(get, row);
        }
    }

    fn len(&self) -> usize {
        self.builders.first().map_or(0, Builder::len)
    }

    /// Takes the gathered rows as a batch, leaving the builders empty.
    fn finish(&mut self) -> io::Result<RecordBatch> {
        let columns = self.builders.iter_mut().map(Builder::finish).collect();
        RecordBatch::try_new(self.schema.clone(), columns).map_err(io::Error::other)
    }
}

/// Writes `rows` as a Parquet file with [`ParquetOptions::default`].
pub fn write_parquet(
    rows: impl IntoIterator<Item = IncidentRow>,
    out: impl Write + Send,
) -> io::Result<Exported> {
    write_parquet_with(rows, out, &ParquetOptions::default())
}

/// Writes `rows` as a Parquet file (zstd-compressed, Arrow schema embedded
/// so readers get the time zone and list types back).
pub fn write_parquet_with(
    rows: impl IntoIterator<Item = IncidentRow>,
    out: impl Write + Send,
    opts: &ParquetOptions,
) -> io::Result<Exported> {
    let row_group_rows = opts.row_group_rows.max(1);
    let batch_rows = row_group_rows.min(BATCH_ROWS);
    let columns = columns_of(opts);
    let schema = schema_of(&columns);
    let props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .set_max_row_group_row_count(Some(row_group_rows))
        .build();
    let mut writer =
        ArrowWriter::try_new(out, schema.clone(), Some(props)).map_err(io::Error::other)?;
    let mut batch = Batch::new(columns);
    let mut exported = Exported::default();
    for row in rows {
        batch.push(&row);
        exported.written += 1;
        if batch.len() >= batch_rows {
            writer.write(&batch.finish()?).map_err(io::Error::other)?;
        }
    }
    if batch.len() > 0 {
        writer.write(&batch.finish()?).map_err(io::Error::other)?;
    }
    writer.close().map_err(io::Error::other)?;
    Ok(exported)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::ACLED_COLUMNS;

    #[test]
    fn acled_columns_come_first_in_acled_order() {
        let schema = parquet_schema();
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        assert_eq!(names.get(..31), Some(&ACLED_COLUMNS[..]));
    }

    #[test]
    fn iso_dates_become_days_since_1970() {
        let table: &[(&str, Option<i32>)] = &[
            ("1970-01-01", Some(0)),
            ("1970-01-02", Some(1)),
            ("1969-12-31", Some(-1)),
            ("2018-03-28", Some(17618)),
            ("2000-02-29", Some(11016)),
            ("2018-02-30", None),
            ("", None),
            ("28/03/2018", None),
        ];
        for &(iso, want) in table {
            assert_eq!(days_since_epoch(iso), want, "{iso}");
        }
    }
}
