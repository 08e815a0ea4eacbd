//! The export formats on a few hand-made incidents: exact ACLED header and
//! order, CSV quoting, JSON validity, GeoJSON structure, a Parquet round
//! trip, and, where Python has them, loading with `csv`, pandas and pyarrow.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use serde_json::Value;
use sitrep_io::export::{
    ExportFormat, Exported, IncidentRow, export, write_acled_csv, write_geojson, write_plover_jsonl,
};
use sitrep_io::output::{ACLED_COLUMNS, EventRecord, EvidenceRecord};

fn evidence(doc_id: &str, text: &str) -> EvidenceRecord {
    EvidenceRecord {
        doc_id: doc_id.into(),
        start: 0,
        end: text.len(),
        text: text.into(),
    }
}

/// A battle in Ghor told by two reports, with a note that needs quoting.
fn ghor() -> IncidentRow {
    IncidentRow {
        record: EventRecord {
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
            admin2: "Chaghcharan".into(),
            admin3: String::new(),
            location: "Chaghcharan".into(),
            latitude: Some(34.5225),
            longitude: Some(65.2517),
            geo_precision: Some(1),
            source: "Wire; Monitor".into(),
            source_scale: "National-International".into(),
            notes: "On 28 March 2018, ISIS-K fighters attacked a checkpoint, \"killing four\".\nOfficials confirmed it.".into(),
            fatalities: Some(4),
            tags: String::new(),
            timestamp: 1_522_195_200,
            date_earliest: "2018-03-28".into(),
            date_latest: "2018-03-28".into(),
            cameo: "190".into(),
            plover: "ASSAULT".into(),
            plover_mode: Some("firearms".into()),
            injured: Some(7),
            hedged: false,
            hedges: Vec::new(),
            evidence: vec![
                evidence("wire-1", "ISIS-K fighters attacked a checkpoint in Ghor."),
                evidence("wire-2", "Four soldiers were killed."),
                evidence("wire-2", "ISIS-K fighters attacked a checkpoint in Ghor."),
            ],
            source_code: None,
            target_code: None,
        },
        incident_id: 1,
        reports: vec!["wire-1".into(), "wire-2".into()],
    }
}

/// A protest with no place found: no coordinates, unknown toll, no second
/// actor, no publication date.
fn unplaced() -> IncidentRow {
    let mut row = ghor();
    let r = &mut row.record;
    r.event_id_cnty = "XXX1".into();
    r.event_date = "2018-03-26".into();
    r.date_earliest = "2018-03-26".into();
    r.date_latest = "2018-03-26".into();
    r.disorder_type = "Demonstrations".into();
    r.event_type = "Protests".into();
    r.sub_event_type = "Peaceful protest".into();
    r.actor1 = "Protesters (International)".into();
    r.inter1 = 6;
    r.actor2 = String::new();
    r.inter2 = 0;
    r.interaction = 60;
    r.iso = 0;
    r.region = String::new();
    r.country = String::new();
    r.admin1 = String::new();
    r.admin2 = String::new();
    r.location = String::new();
    r.latitude = None;
    r.longitude = None;
    r.geo_precision = None;
    r.notes = "Hundreds marched.".into();
    r.fatalities = None;
    r.injured = None;
    r.timestamp = 0;
    r.plover = "PROTEST".into();
    r.plover_mode = None;
    r.evidence = Vec::new();
    row.incident_id = 2;
    row.reports = vec!["https://wire.example.org/kabul-protest".into()];
    row
}

/// An attack in Mali with non-ASCII names, a zero toll and a hedge.
fn menaka() -> IncidentRow {
    let mut row = ghor();
    let r = &mut row.record;
    r.event_id_cnty = "MLI7".into();
    r.event_date = "2022-06-19".into();
    r.year = 2022;
    r.time_precision = 2;
    r.event_type = "Violence against civilians".into();
    r.sub_event_type = "Attack".into();
    r.actor1 = "Islamic State (Sahel)".into();
    r.actor2 = "Civilians (Mali)".into();
    r.inter2 = 7;
    r.interaction = 27;
    r.civilian_targeting = "Civilian targeting".into();
    r.iso = 466;
    r.region = "Western Africa".into();
    r.country = "Mali".into();
    r.admin1 = "Ménaka".into();
    r.admin2 = "Ménaka".into();
    r.location = "Tinfadimata".into();
    r.latitude = Some(15.9183);
    r.longitude = Some(2.4011);
    r.geo_precision = Some(2);
    r.notes = "Résidents: «personne n'a été tué».".into();
    r.fatalities = Some(0);
    r.hedged = true;
    r.date_earliest = "2022-06-18".into();
    r.date_latest = "2022-06-19".into();
    r.evidence = vec![evidence(
        "rfi-1",
        "Des hommes armés ont attaqué le village.",
    )];
    row.incident_id = 9_000_000_001;
    row.reports = vec!["rfi-1".into()];
    row
}

fn rows() -> Vec<IncidentRow> {
    vec![ghor(), unplaced(), menaka()]
}

fn written(f: impl FnOnce(&mut Vec<u8>) -> std::io::Result<Exported>) -> (String, Exported) {
    let mut out = Vec::new();
    let exported = f(&mut out).expect("export");
    (String::from_utf8(out).expect("UTF-8 output"), exported)
}

/// Whether `python3` can import every module named; a test that needs it
/// says so on stderr and passes when it cannot, unless
/// `SITREP_REQUIRE_PYTHON` is set (as CI does where pyarrow installs), so a
/// missing install cannot turn the check into a silent pass there.
fn python_has(modules: &str) -> bool {
    let ok = Command::new("python3")
        .args(["-c", &format!("import {modules}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("SITREP_REQUIRE_PYTHON").is_none(),
            "SITREP_REQUIRE_PYTHON is set but python3 cannot import {modules}"
        );
        eprintln!("skipped: python3 with {modules} is not available");
    }
    ok
}

/// Runs a Python script with the file as `sys.argv[1]`; its stdout.
fn python(script: &str, file: &Path) -> String {
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(file)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn temp_file(bytes: &[u8], suffix: &str) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new()
        .suffix(suffix)
        .tempfile()
        .expect("temp file");
    file.write_all(bytes).expect("write temp file");
    file
}

// --- ACLED CSV ---------------------------------------------------------

#[test]
fn acled_csv_has_acleds_header_and_one_row_per_incident() {
    let (csv, exported) = written(|out| write_acled_csv(rows(), out));
    assert_eq!(
        exported,
        Exported {
            written: 3,
            skipped: 0
        }
    );
    let header = csv.lines().next().unwrap_or("");
    assert_eq!(header, ACLED_COLUMNS.join(","));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let got: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("CSV row").iter().map(str::to_string).collect())
        .collect();
    let want: Vec<Vec<String>> = rows()
        .iter()
        .map(|r| r.record.acled_fields().to_vec())
        .collect();
    assert_eq!(got, want);
}

#[test]
fn acled_csv_quotes_commas_quotes_and_newlines() {
    let (csv, _) = written(|out| write_acled_csv(vec![ghor()], out));
    let table: &[(&str, bool)] = &[
        // The note, quoted, its quotes doubled, its newline kept.
        (
            "\"On 28 March 2018, ISIS-K fighters attacked a checkpoint, \"\"killing four\"\".\nOfficials confirmed it.\"",
            true,
        ),
        // A field with no comma, quote or newline stays bare.
        (",Ghor,Chaghcharan,,Chaghcharan,", true),
        ("\"Chaghcharan\"", false),
    ];
    for &(needle, present) in table {
        assert_eq!(csv.contains(needle), present, "{needle:?} in {csv}");
    }
}

#[test]
fn acled_csv_loads_with_pythons_csv_module_unchanged() {
    if !python_has("csv, json") {
        return;
    }
    let (csv, _) = written(|out| write_acled_csv(rows(), out));
    let file = temp_file(csv.as_bytes(), ".csv");
    let script = "import csv, json, sys\n\
                  rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))\n\
                  print(json.dumps(rows))";
    let got: Vec<Vec<String>> =
        serde_json::from_str(&python(script, file.path())).expect("JSON from python");
    let mut want = vec![
        ACLED_COLUMNS
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>(),
    ];
    want.extend(rows().iter().map(|r| r.record.acled_fields().to_vec()));
    assert_eq!(got, want);
}

#[test]
fn acled_csv_loads_with_pandas() {
    if !python_has("pandas") {
        return;
    }
    let (csv, _) = written(|out| write_acled_csv(rows(), out));
    let file = temp_file(csv.as_bytes(), ".csv");
    let script = "import sys, pandas as pd\n\
                  df = pd.read_csv(sys.argv[1])\n\
                  print(','.join(df.columns))\n\
                  print(df.shape)\n\
                  print(repr(df['notes'][0]))\n\
                  print(df['fatalities'].tolist(), df['admin1'][2])";
    let want = format!(
        "{}\n(3, 31)\n'On 28 March 2018, ISIS-K fighters attacked a checkpoint, \"killing four\".\\nOfficials confirmed it.'\n[4.0, nan, 0.0] Ménaka",
        ACLED_COLUMNS.join(",")
    );
    assert_eq!(python(script, file.path()), want);
}

// --- PLOVER JSON Lines ---------------------------------------------------

const PLOVER_FIELDS: [&str; 12] = [
    "id",
    "date",
    "actor",
    "recipient",
    "event",
    "mode",
    "context",
    "event_loc",
    "dead",
    "injured",
    "size",
    "text",
];

#[test]
fn plover_lines_have_the_manuals_fields_in_order() {
    let (jsonl, exported) = written(|out| write_plover_jsonl(rows(), out));
    assert_eq!(
        exported,
        Exported {
            written: 3,
            skipped: 0
        }
    );
    let lines: Vec<&str> = jsonl.lines().collect();
    assert_eq!(lines.len(), 3);
    for line in &lines {
        let value: Value = serde_json::from_str(line).expect("each line is JSON");
        let keys: Vec<&str> = value
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let mut sorted = PLOVER_FIELDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(keys, sorted, "exactly the manual's fields");
        // And in the manual's order in the text itself.
        let positions: Vec<usize> = PLOVER_FIELDS
            .iter()
            .map(|k| line.find(&format!("\"{k}\":")).unwrap_or(usize::MAX))
            .collect();
        assert!(positions.is_sorted(), "{line}");
    }
}

#[test]
fn plover_values_table() {
    let (jsonl, _) = written(|out| write_plover_jsonl(rows(), out));
    let values: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    let table: &[(usize, &str, Value)] = &[
        (0, "/id", "AFG1".into()),
        (0, "/date", "2018-03-28".into()),
        (0, "/actor", "Islamic State Khorasan Province".into()),
        (
            0,
            "/recipient",
            "Military Forces of Afghanistan (2014-2021)".into(),
        ),
        (0, "/event", "ASSAULT".into()),
        (0, "/mode", "firearms".into()),
        (0, "/context", serde_json::json!([])),
        (
            0,
            "/event_loc",
            serde_json::json!({
                "name": "Chaghcharan", "admin1": "Ghor", "admin2": "Chaghcharan",
                "admin3": null, "country": "Afghanistan",
                "lat": 34.5225, "lon": 65.2517, "geo_precision": 1
            }),
        ),
        (0, "/dead", 4.into()),
        (0, "/injured", 7.into()),
        (0, "/size", Value::Null),
        // Each distinct evidence span once, in order.
        (
            0,
            "/text",
            "ISIS-K fighters attacked a checkpoint in Ghor. Four soldiers were killed.".into(),
        ),
        (1, "/recipient", Value::Null),
        (1, "/mode", Value::Null),
        (1, "/event_loc", Value::Null),
        (1, "/dead", Value::Null),
        (1, "/event", "PROTEST".into()),
        // No evidence: the notes stand in.
        (1, "/text", "Hundreds marched.".into()),
        (2, "/dead", 0.into()),
        (2, "/event_loc/admin1", "Ménaka".into()),
    ];
    for (line, pointer, want) in table {
        let got = values.get(*line).and_then(|v| v.pointer(pointer));
        assert_eq!(got, Some(want), "line {line} {pointer}");
    }
}

// --- GeoJSON ---------------------------------------------------------------

#[test]
fn geojson_is_a_feature_collection_of_points_and_skips_the_unplaced() {
    let (json, exported) = written(|out| write_geojson(rows(), out));
    assert_eq!(
        exported,
        Exported {
            written: 2,
            skipped: 1
        }
    );
    let value: Value = serde_json::from_str(&json).expect("one JSON document");
    assert_eq!(value.pointer("/type"), Some(&"FeatureCollection".into()));
    // RFC 7946 removed `crs`: WGS 84 is implied.
    assert_eq!(value.get("crs"), None);
    let features = value
        .get("features")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    assert_eq!(features.len(), 2);
    let table: &[(usize, &str, Value)] = &[
        (0, "/type", "Feature".into()),
        (0, "/id", 1.into()),
        (0, "/geometry/type", "Point".into()),
        // Longitude first.
        (
            0,
            "/geometry/coordinates",
            serde_json::json!([65.2517, 34.5225]),
        ),
        (0, "/properties/event_id_cnty", "AFG1".into()),
        (0, "/properties/fatalities", 4.into()),
        (0, "/properties/iso", 4.into()),
        (0, "/properties/incident_id", 1.into()),
        (
            0,
            "/properties/reports",
            serde_json::json!(["wire-1", "wire-2"]),
        ),
        (1, "/properties/event_id_cnty", "MLI7".into()),
        (1, "/properties/incident_id", 9_000_000_001_i64.into()),
        (1, "/properties/admin1", "Ménaka".into()),
        (
            1,
            "/geometry/coordinates",
            serde_json::json!([2.4011, 15.9183]),
        ),
    ];
    for (i, pointer, want) in table {
        let got = features.get(*i).and_then(|f| f.pointer(pointer));
        assert_eq!(got, Some(want), "feature {i} {pointer}");
    }
    // The properties are ACLED's columns, then the incident's id and reports.
    let keys: Vec<String> = features
        .first()
        .and_then(|f| f.pointer("/properties"))
        .and_then(Value::as_object)
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    let mut want: Vec<String> = ACLED_COLUMNS.iter().map(|c| c.to_string()).collect();
    want.extend(["incident_id".to_string(), "reports".to_string()]);
    want.sort_unstable();
    assert_eq!(keys, want);
}

#[test]
fn geojson_skips_impossible_coordinates_and_stays_valid_when_empty() {
    let mut north_of_the_pole = ghor();
    north_of_the_pole.record.latitude = Some(95.0);
    let mut nan = ghor();
    nan.record.longitude = Some(f64::NAN);
    let table: &[(Vec<IncidentRow>, Exported)] = &[
        (
            Vec::new(),
            Exported {
                written: 0,
                skipped: 0,
            },
        ),
        (
            vec![north_of_the_pole, nan],
            Exported {
                written: 0,
                skipped: 2,
            },
        ),
    ];
    for (rows, want) in table {
        let (json, exported) = written(|out| write_geojson(rows.clone(), out));
        assert_eq!(&exported, want);
        let value: Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(value.pointer("/features"), Some(&serde_json::json!([])));
    }
}

#[test]
fn geojson_loads_with_pythons_json_as_points() {
    if !python_has("json") {
        return;
    }
    let (json, _) = written(|out| write_geojson(rows(), out));
    let file = temp_file(json.as_bytes(), ".geojson");
    let script = "import json, sys\n\
                  fc = json.load(open(sys.argv[1], encoding='utf-8'))\n\
                  print(fc['type'], [f['geometry']['type'] for f in fc['features']])";
    assert_eq!(
        python(script, file.path()),
        "FeatureCollection ['Point', 'Point']"
    );
}

// --- Every format through `export` -----------------------------------------

#[test]
fn export_dispatches_by_format_name() {
    let table: &[(&str, &[u8], Exported)] = &[
        (
            "acled-csv",
            b"event_id_cnty,event_date,",
            Exported {
                written: 3,
                skipped: 0,
            },
        ),
        (
            "plover-jsonl",
            b"{\"id\":\"AFG1\"",
            Exported {
                written: 3,
                skipped: 0,
            },
        ),
        (
            "geojson",
            b"{\"type\":\"FeatureCollection\"",
            Exported {
                written: 2,
                skipped: 1,
            },
        ),
        #[cfg(feature = "parquet")]
        (
            "parquet",
            b"PAR1",
            Exported {
                written: 3,
                skipped: 0,
            },
        ),
    ];
    for &(name, prefix, want) in table {
        let format: ExportFormat = name.parse().expect("a known format");
        assert_eq!(format.to_string(), name);
        let mut out = Vec::new();
        let exported = export(format, rows(), &mut out).expect("export");
        assert_eq!(exported, want, "{name}");
        assert!(out.starts_with(prefix), "{name}");
    }
    let unknown = "xlsx".parse::<ExportFormat>().expect_err("not a format");
    assert_eq!(
        unknown,
        "unknown export format \"xlsx\"; expected one of acled-csv, plover-jsonl, geojson, parquet"
    );
}

// --- Parquet ---------------------------------------------------------------

#[cfg(feature = "parquet")]
mod parquet_export {
    use super::*;

    use arrow_array::RecordBatch;
    use arrow_array::cast::AsArray;
    use arrow_array::types::{
        Date32Type, Float64Type, Int32Type, Int64Type, TimestampMicrosecondType,
    };
    use arrow_schema::{DataType, TimeUnit};
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    use parquet::basic::Compression;
    use sitrep_io::export::{ParquetOptions, parquet_schema, write_parquet, write_parquet_with};

    /// Writes `rows` with two rows per row group and reads them back.
    fn round_trip(rows: Vec<IncidentRow>) -> (Vec<RecordBatch>, usize, Compression) {
        let mut bytes = Vec::new();
        let opts = ParquetOptions {
            row_group_rows: 2,
            ..ParquetOptions::default()
        };
        let exported = write_parquet_with(rows.clone(), &mut bytes, &opts).expect("write");
        assert_eq!(exported.written, rows.len() as u64);
        let file = temp_file(&bytes, ".parquet");
        let reader = std::fs::File::open(file.path()).expect("open");
        let builder = ParquetRecordBatchReaderBuilder::try_new(reader).expect("a Parquet file");
        let groups = builder.metadata().num_row_groups();
        let compression = builder
            .metadata()
            .row_groups()
            .first()
            .map(|g| g.column(0).compression())
            .unwrap_or(Compression::UNCOMPRESSED);
        assert_eq!(builder.schema().as_ref(), parquet_schema().as_ref());
        let batches = builder
            .build()
            .expect("reader")
            .collect::<Result<Vec<_>, _>>()
            .expect("batches");
        (batches, groups, compression)
    }

    #[test]
    fn the_schema_has_typed_acled_columns_then_sitreps() {
        let schema = parquet_schema();
        let table: &[(&str, DataType, bool)] = &[
            ("event_id_cnty", DataType::Utf8, false),
            ("event_date", DataType::Date32, true),
            ("year", DataType::Int32, false),
            ("inter2", DataType::Int32, false),
            ("iso", DataType::Int32, false),
            ("latitude", DataType::Float64, true),
            ("geo_precision", DataType::Int32, true),
            ("fatalities", DataType::Int64, true),
            (
                "timestamp",
                DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
                true,
            ),
            ("incident_id", DataType::Int64, false),
            ("cameo", DataType::Utf8, false),
            ("plover", DataType::Utf8, false),
            ("hedged", DataType::Boolean, false),
        ];
        for (name, data_type, nullable) in table {
            let field = schema.field_with_name(name).expect("column exists");
            assert_eq!(field.data_type(), data_type, "{name}");
            assert_eq!(field.is_nullable(), *nullable, "{name}");
        }
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        assert_eq!(names.get(..31), Some(&ACLED_COLUMNS[..]));
        assert!(matches!(
            schema.field_with_name("reports").map(|f| f.data_type()),
            Ok(DataType::List(item)) if item.data_type() == &DataType::Utf8
        ));
    }

    #[test]
    fn parquet_round_trips_through_the_parquet_reader() {
        let (batches, groups, compression) = round_trip(rows());
        assert_eq!(groups, 2, "three rows in groups of two");
        assert!(
            matches!(compression, Compression::ZSTD(_)),
            "{compression:?}"
        );
        // The reader fills batches across row groups: three rows, one batch.
        assert_eq!(batches.len(), 1);
        let batch = batches.first().cloned().expect("a batch");
        let col = |name: &str| batch.column_by_name(name).cloned().expect(name);
        let text = |name: &str| -> Vec<Option<String>> {
            col(name)
                .as_string::<i32>()
                .iter()
                .map(|s| s.map(str::to_string))
                .collect()
        };
        assert_eq!(
            text("event_id_cnty"),
            [
                Some("AFG1".into()),
                Some("XXX1".into()),
                Some("MLI7".into())
            ]
        );
        assert_eq!(
            text("notes").first().cloned().flatten(),
            Some(ghor().record.notes)
        );
        assert_eq!(
            text("plover_mode"),
            [Some("firearms".into()), None, Some("firearms".into())]
        );
        assert_eq!(
            text("admin1").get(2).cloned().flatten(),
            Some("Ménaka".into())
        );
        let dates: Vec<Option<i32>> = col("event_date")
            .as_primitive::<Date32Type>()
            .iter()
            .collect();
        assert_eq!(dates, [Some(17618), Some(17616), Some(19162)]);
        let earliest: Vec<Option<i32>> = col("date_earliest")
            .as_primitive::<Date32Type>()
            .iter()
            .collect();
        assert_eq!(earliest, [Some(17618), Some(17616), Some(19161)]);
        let deaths: Vec<Option<i64>> = col("fatalities")
            .as_primitive::<Int64Type>()
            .iter()
            .collect();
        assert_eq!(deaths, [Some(4), None, Some(0)]);
        let inter2: Vec<Option<i32>> = col("inter2").as_primitive::<Int32Type>().iter().collect();
        assert_eq!(inter2, [Some(1), Some(0), Some(7)]);
        let lat: Vec<Option<f64>> = col("latitude")
            .as_primitive::<Float64Type>()
            .iter()
            .collect();
        assert_eq!(lat, [Some(34.5225), None, Some(15.9183)]);
        let stamps: Vec<Option<i64>> = col("timestamp")
            .as_primitive::<TimestampMicrosecondType>()
            .iter()
            .collect();
        assert_eq!(
            stamps,
            [
                Some(1_522_195_200_000_000),
                None,
                Some(1_522_195_200_000_000)
            ]
        );
        let ids: Vec<Option<i64>> = col("incident_id")
            .as_primitive::<Int64Type>()
            .iter()
            .collect();
        assert_eq!(ids, [Some(1), Some(2), Some(9_000_000_001)]);
        let hedged: Vec<Option<bool>> = col("hedged").as_boolean().iter().collect();
        assert_eq!(hedged, [Some(false), Some(false), Some(true)]);
        let reports: Vec<Vec<String>> = col("reports")
            .as_list::<i32>()
            .iter()
            .map(|list| {
                list.map(|a| {
                    a.as_string::<i32>()
                        .iter()
                        .flatten()
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default()
            })
            .collect();
        assert_eq!(
            reports,
            [
                vec!["wire-1".to_string(), "wire-2".to_string()],
                vec!["https://wire.example.org/kabul-protest".to_string()],
                vec!["rfi-1".to_string()],
            ]
        );
    }

    #[test]
    fn an_empty_export_is_a_valid_file() {
        let (batches, groups, _) = round_trip(Vec::new());
        assert_eq!(batches.iter().map(RecordBatch::num_rows).sum::<usize>(), 0);
        assert_eq!(groups, 0);
    }

    #[test]
    fn parquet_loads_with_pyarrow_and_pandas() {
        if !python_has("pyarrow.parquet, pandas") {
            return;
        }
        let mut bytes = Vec::new();
        write_parquet(rows(), &mut bytes).expect("write");
        let file = temp_file(&bytes, ".parquet");
        let script = "import sys, pyarrow.parquet as pq\n\
                      t = pq.read_table(sys.argv[1])\n\
                      print(t.num_rows, t.schema.field('timestamp').type, t.schema.field('event_date').type)\n\
                      print(t.column('reports').to_pylist()[0], t.column('fatalities').to_pylist())\n\
                      df = t.to_pandas()\n\
                      print(list(df.columns[:31]) == sys.argv[2].split(','), str(df['event_date'][2]), df['admin1'][2])";
        let out = Command::new("python3")
            .args(["-c", script])
            .arg(file.path())
            .arg(ACLED_COLUMNS.join(","))
            .output()
            .expect("run python3");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            "3 timestamp[us, tz=UTC] date32[day]\n\
             ['wire-1', 'wire-2'] [4, None, 0]\n\
             True 2022-06-19 Ménaka"
        );
    }
}
