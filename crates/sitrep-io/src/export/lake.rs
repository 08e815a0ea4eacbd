//! A Parquet *lake*: the export cut into Hive-style partitions
//! (`country=Afghanistan/year=2018/month=3/part-00000.parquet`) that Spark,
//! Trino, DuckDB and pyarrow's dataset API read as one table, skipping the
//! directories a filter rules out.
//!
//! Conventions, the ones those readers share:
//! - a partition column lives in the directory names only, never in the
//!   files (Spark and pyarrow refuse a column that is both);
//! - values are written as Hive escapes them: `%XX` (upper-case hex) for
//!   `/ = % # ? : * " ' \ { } [ ] ^`, DEL and control characters, UTF-8
//!   otherwise; readers decode them;
//! - an empty value (an incident without an admin1) is
//!   `__HIVE_DEFAULT_PARTITION__`, which readers take as null;
//! - `year` and `month` are plain integers (`month=3`), so readers type
//!   them as integers; `month` comes from `event_date`.
//!
//! Rows are grouped in memory by partition and each partition is written
//! as one file, in partition order, so the same rows give the same files.

use std::collections::BTreeMap;
use std::fmt;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use super::parquet::{ParquetOptions, has_column, write_parquet_with};
use super::{Exported, IncidentRow};

/// What Hive and its readers call a null partition value.
pub const NULL_PARTITION: &str = "__HIVE_DEFAULT_PARTITION__";

/// A column a lake can be partitioned by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartitionKey {
    Country,
    Admin1,
    EventType,
    Year,
    Month,
}

impl PartitionKey {
    pub const ALL: &'static [PartitionKey] = &[
        PartitionKey::Country,
        PartitionKey::Admin1,
        PartitionKey::EventType,
        PartitionKey::Year,
        PartitionKey::Month,
    ];

    /// The column's name, in the directory names and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            PartitionKey::Country => "country",
            PartitionKey::Admin1 => "admin1",
            PartitionKey::EventType => "event_type",
            PartitionKey::Year => "year",
            PartitionKey::Month => "month",
        }
    }

    /// The row's value of the column, unescaped; `None` when unknown.
    fn value(self, row: &IncidentRow) -> Option<String> {
        let r = &row.record;
        let text = |s: &str| (!s.trim().is_empty()).then(|| s.to_string());
        match self {
            PartitionKey::Country => text(&r.country),
            PartitionKey::Admin1 => text(&r.admin1),
            PartitionKey::EventType => text(&r.event_type),
            PartitionKey::Year => (r.year != 0).then(|| r.year.to_string()),
            PartitionKey::Month => r
                .event_date
                .get(5..7)
                .and_then(|m| m.parse::<u8>().ok())
                .filter(|m| (1..=12).contains(m))
                .map(|m| m.to_string()),
        }
    }
}

impl fmt::Display for PartitionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PartitionKey {
    type Err = String;

    fn from_str(s: &str) -> Result<PartitionKey, String> {
        PartitionKey::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| {
                let names: Vec<&str> = PartitionKey::ALL.iter().map(|k| k.as_str()).collect();
                format!(
                    "cannot partition by {s:?}; use a comma-separated list of {}",
                    names.join(", ")
                )
            })
    }
}

/// Reads `country,year,month`: at least one key, none twice.
pub fn parse_partition_keys(s: &str) -> Result<Vec<PartitionKey>, String> {
    let mut keys = Vec::new();
    for part in s.split(',') {
        let key: PartitionKey = part.parse()?;
        if keys.contains(&key) {
            return Err(format!("{key} is named twice in {s:?}"));
        }
        keys.push(key);
    }
    Ok(keys)
}

/// Escapes a partition value the way Hive does.
pub fn escape_partition_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        let escape = c.is_control()
            || matches!(
                c,
                '"' | '#'
                    | '%'
                    | '\''
                    | '*'
                    | '/'
                    | ':'
                    | '='
                    | '?'
                    | '\\'
                    | '{'
                    | '}'
                    | '['
                    | ']'
                    | '^'
            );
        if escape {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The directory of a row's partition, relative to the lake's root.
pub fn partition_dir(row: &IncidentRow, keys: &[PartitionKey]) -> PathBuf {
    keys.iter()
        .map(|k| {
            let value = k.value(row).map_or_else(
                || NULL_PARTITION.to_string(),
                |v| escape_partition_value(&v),
            );
            format!("{k}={value}")
        })
        .collect()
}

/// What a lake export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LakeExported {
    pub rows: Exported,
    /// Partition files written.
    pub files: u64,
}

/// Writes `rows` under `root` (which must exist and should be empty) as a
/// Hive-partitioned Parquet dataset, one file per partition.
pub fn write_parquet_lake(
    rows: impl IntoIterator<Item = IncidentRow>,
    root: &Path,
    keys: &[PartitionKey],
    opts: &ParquetOptions,
) -> io::Result<LakeExported> {
    let mut partitions: BTreeMap<PathBuf, Vec<IncidentRow>> = BTreeMap::new();
    for row in rows {
        partitions
            .entry(partition_dir(&row, keys))
            .or_default()
            .push(row);
    }
    let mut opts = opts.clone();
    for key in keys {
        if has_column(key.as_str()) && !opts.omit_columns.iter().any(|c| c == key.as_str()) {
            opts.omit_columns.push(key.as_str().to_string());
        }
    }
    let mut done = LakeExported::default();
    for (dir, rows) in partitions {
        let dir = root.join(dir);
        fs::create_dir_all(&dir)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
        let path = dir.join("part-00000.parquet");
        let file = File::create(&path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        let mut out = BufWriter::new(file);
        let wrote = write_parquet_with(rows, &mut out, &opts)?;
        out.flush()?;
        done.rows.written += wrote.written;
        done.rows.skipped += wrote.skipped;
        done.files += 1;
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_record;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    fn row(country: &str, admin1: &str, date: &str, id: i64) -> IncidentRow {
        let mut record = test_record();
        record.country = country.into();
        record.admin1 = admin1.into();
        record.event_date = date.into();
        record.year = date.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
        IncidentRow {
            record,
            incident_id: id,
            reports: vec![format!("doc-{id}")],
        }
    }

    #[test]
    fn partition_directories_follow_hive() {
        use PartitionKey::*;
        // (country, admin1, event_date, keys, expected directory)
        let table: &[(&str, &str, &str, &[PartitionKey], &str)] = &[
            (
                "Afghanistan",
                "Ghor",
                "2018-03-28",
                &[Country, Year, Month],
                "country=Afghanistan/year=2018/month=3",
            ),
            (
                "Côte d'Ivoire",
                "",
                "2011-12-01",
                &[Country, Admin1],
                "country=Côte d%27Ivoire/admin1=__HIVE_DEFAULT_PARTITION__",
            ),
            (
                "Afghanistan",
                "a/b=c%",
                "",
                &[Admin1, Month],
                "admin1=a%2Fb%3Dc%25/month=__HIVE_DEFAULT_PARTITION__",
            ),
            (
                "Afghanistan",
                "Ghor",
                "2018-03-28",
                &[EventType],
                "event_type=Battles",
            ),
        ];
        for (country, admin1, date, keys, expected) in table {
            let dir = partition_dir(&row(country, admin1, date, 1), keys);
            assert_eq!(dir, PathBuf::from(expected), "{country} {admin1} {date}");
        }
    }

    #[test]
    fn partition_keys_parse_with_clear_errors() {
        let table: &[(&str, Result<usize, &str>)] = &[
            ("country,year,month", Ok(3)),
            ("event_type", Ok(1)),
            (" country , admin1", Ok(2)),
            ("country,country", Err("named twice")),
            ("continent", Err("cannot partition by")),
            ("", Err("cannot partition by")),
        ];
        for (input, expected) in table {
            match (parse_partition_keys(input), expected) {
                (Ok(keys), Ok(n)) => assert_eq!(keys.len(), *n, "{input}"),
                (Err(e), Err(want)) => assert!(e.contains(want), "{input}: {e}"),
                (got, want) => panic!("{input}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn a_lake_holds_every_row_once_without_its_partition_columns() {
        let dir = tempfile::tempdir().unwrap();
        let rows = vec![
            row("Afghanistan", "Ghor", "2018-03-28", 1),
            row("Afghanistan", "Ghor", "2018-03-02", 2),
            row("Afghanistan", "Kabul", "2018-04-01", 3),
            row("Pakistan", "Punjab", "2017-04-01", 4),
        ];
        let keys = parse_partition_keys("country,year,month").unwrap();
        let done =
            write_parquet_lake(rows, dir.path(), &keys, &ParquetOptions::default()).expect("lake");
        assert_eq!(done.rows.written, 4);
        assert_eq!(done.files, 3);
        let mut total = 0;
        for (part, expected_rows) in [
            ("country=Afghanistan/year=2018/month=3", 2),
            ("country=Afghanistan/year=2018/month=4", 1),
            ("country=Pakistan/year=2017/month=4", 1),
        ] {
            let file = File::open(dir.path().join(part).join("part-00000.parquet")).expect(part);
            let reader = ParquetRecordBatchReaderBuilder::try_new(file).unwrap();
            let schema = reader.schema().clone();
            for gone in ["country", "year"] {
                assert!(schema.field_with_name(gone).is_err(), "{part} has {gone}");
            }
            for kept in ["event_id_cnty", "admin1", "event_date", "fatalities"] {
                assert!(schema.field_with_name(kept).is_ok(), "{part} lacks {kept}");
            }
            let rows: usize = reader.build().unwrap().map(|b| b.unwrap().num_rows()).sum();
            assert_eq!(rows, expected_rows, "{part}");
            total += rows;
        }
        assert_eq!(total, 4);
    }
}
