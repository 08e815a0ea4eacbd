//! A store written by schema version 1 opens, migrates to the current
//! version and answers queries.
//!
//! `tests/fixtures/store-v1.sqlite` was written by the version-1 code of
//! this crate (before near-duplicates and the fatality history existed)
//! from `common::corpus(6)`: the seed article, the three Kabul reports and
//! six Wikipedia incidents. It is committed as bytes and never regenerated:
//! it stands for stores users already have.

mod common;

use common::{fixture, kabul_reports, knowledge};
use sitrep_store::{IncidentFilter, IngestOutcome, SCHEMA_VERSION, Store};

/// The incidents of a store as raw rows, read without the store's code.
fn raw_incidents(path: &std::path::Path) -> Vec<(i64, String)> {
    let conn = rusqlite::Connection::open(path).expect("open");
    conn.prepare("SELECT incident_id, event_json FROM incidents ORDER BY incident_id")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

#[test]
fn a_version_1_store_migrates_and_answers_queries() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("store.db");
    std::fs::copy(fixture("store-v1.sqlite"), &path).expect("copy the fixture");
    let version: i64 = rusqlite::Connection::open(&path)
        .expect("open")
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, 1, "the fixture is a version 1 store");
    let before = raw_incidents(&path);

    let store = Store::open(&path).expect("migrates");
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    assert!(store.verify().expect("verify").is_empty());
    let summary = store.summary().expect("summary");
    assert_eq!(
        (
            summary.documents,
            summary.events,
            summary.incidents,
            summary.claims
        ),
        (10, 15, 13, 6),
        "{summary:?}"
    );
    drop(store);
    // Migration adds; it never rewrites what was there.
    assert_eq!(raw_incidents(&path), before);

    let mut store = Store::open(&path).expect("reopens");
    // The fatality history was filled from version 1's events.
    let kabul = store
        .incidents(&IncidentFilter {
            admin1: Some("Kabul".into()),
            ..IncidentFilter::default()
        })
        .expect("query");
    let merged = kabul
        .iter()
        .find(|i| i.reports.len() == 3)
        .expect("the Kabul bombing");
    let history: Vec<u32> = merged
        .fatality_history
        .iter()
        .map(|f| f.fatalities)
        .collect();
    assert_eq!(history, [41, 95, 104]);

    // Near-duplicate detection knows the documents stored before it existed.
    let mut copy = kabul_reports()[1].clone();
    copy.id = "frontier-daily-syndicated".into();
    copy.source = Some("Syndicated".into());
    assert_eq!(
        store.ingest_document(knowledge(), &copy).expect("ingest"),
        IngestOutcome::NearDuplicate {
            of: "frontier-daily-4471".into()
        }
    );
    // New reports merge into old incidents, and ids continue.
    let mut fourth = kabul_reports()[0].clone();
    fourth.id = "another-outlet".into();
    fourth.source = Some("Another Outlet".into());
    fourth.text = "Taliban militants detonated an explosives-laden ambulance in Kabul on Saturday, killing 63 people.".into();
    match store.ingest_document(knowledge(), &fourth).expect("ingest") {
        IngestOutcome::Stored(s) => assert_eq!(s.merged_into, [merged.incident_id]),
        other => panic!("expected a merge: {other:?}"),
    }
    assert!(store.verify().expect("verify").is_empty());
    // Re-ingesting what version 1 stored is still a no-op.
    for doc in kabul_reports() {
        assert_eq!(
            store.ingest_document(knowledge(), &doc).expect("ingest"),
            IngestOutcome::AlreadyStored
        );
    }
}

#[test]
fn the_committed_fixture_is_untouched_by_the_tests() {
    let conn = rusqlite::Connection::open_with_flags(
        fixture("store-v1.sqlite"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .expect("open read-only");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, 1);
}
