//! The schema, its versions and the migrations between them.
//!
//! The version lives in `PRAGMA user_version`; `PRAGMA application_id`
//! marks the file as a sitrep store so that opening some other SQLite file
//! by mistake is refused instead of altered. Migrations run on open inside
//! one `BEGIN IMMEDIATE` transaction, re-reading the version once the write
//! lock is held, so two processes opening an old store at once migrate it
//! exactly once.

use rusqlite::types::ValueRef;
use rusqlite::{Connection, ErrorCode, TransactionBehavior};

use crate::StoreError;

/// The schema version this build writes. Older stores are migrated on
/// open; newer ones are refused.
pub const SCHEMA_VERSION: i64 = 3;

/// `PRAGMA application_id` of a sitrep store: "SITR" in ASCII.
const APPLICATION_ID: i64 = 0x5349_5452;

/// Version 1: documents kept once by content hash, events, incidents with
/// their blocking index, claims, and the countries seen.
const V1: &str = r#"
CREATE TABLE documents (
    doc_key      INTEGER PRIMARY KEY,
    doc_id       TEXT NOT NULL,
    content_hash BLOB NOT NULL UNIQUE,
    title        TEXT,
    published    TEXT,
    url          TEXT,
    source       TEXT,
    text         TEXT NOT NULL
);
CREATE INDEX documents_by_doc_id ON documents(doc_id);

CREATE TABLE countries (
    country_code TEXT PRIMARY KEY,
    iso3         TEXT NOT NULL COLLATE NOCASE,
    name         TEXT NOT NULL COLLATE NOCASE
);

CREATE TABLE incidents (
    incident_id    INTEGER PRIMARY KEY,
    event_date     TEXT NOT NULL,
    date_earliest  TEXT NOT NULL,
    date_latest    TEXT NOT NULL,
    time_precision INTEGER NOT NULL,
    event_type     TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    actor1         TEXT NOT NULL COLLATE NOCASE,
    inter1         INTEGER NOT NULL,
    actor2         TEXT COLLATE NOCASE,
    inter2         INTEGER,
    country_code   TEXT,
    admin1         TEXT COLLATE NOCASE,
    admin2         TEXT COLLATE NOCASE,
    location       TEXT COLLATE NOCASE,
    geo_precision  INTEGER,
    geonames_id    INTEGER,
    fatalities     INTEGER,
    reports        INTEGER NOT NULL,
    event_json     TEXT NOT NULL
);
CREATE INDEX incidents_by_date ON incidents(event_date, incident_id);
CREATE INDEX incidents_by_place ON incidents(country_code, admin1, event_date);
CREATE INDEX incidents_by_actor1 ON incidents(actor1, event_date);
CREATE INDEX incidents_by_actor2 ON incidents(actor2, event_date) WHERE actor2 IS NOT NULL;
CREATE INDEX incidents_by_type ON incidents(event_type, event_date);

-- The blocking index: one row per day of an incident's date window, so
-- that the candidates for a new event are a range scan over its own days.
-- admin1 is lower-cased, '' for a country-level incident.
CREATE TABLE incident_blocks (
    country_code TEXT NOT NULL,
    day          INTEGER NOT NULL,
    admin1       TEXT NOT NULL,
    incident_id  INTEGER NOT NULL REFERENCES incidents(incident_id),
    PRIMARY KEY (country_code, day, admin1, incident_id)
) WITHOUT ROWID;

CREATE TABLE events (
    event_key   INTEGER PRIMARY KEY,
    doc_key     INTEGER NOT NULL REFERENCES documents(doc_key),
    ord         INTEGER NOT NULL,
    incident_id INTEGER NOT NULL REFERENCES incidents(incident_id),
    fatalities  INTEGER,
    event_json  TEXT NOT NULL,
    UNIQUE (doc_key, ord)
);
CREATE INDEX events_by_incident ON events(incident_id, doc_key);

CREATE TABLE claims (
    claim_key  INTEGER PRIMARY KEY,
    doc_key    INTEGER NOT NULL REFERENCES documents(doc_key),
    ord        INTEGER NOT NULL,
    claim_type TEXT NOT NULL,
    actor      TEXT COLLATE NOCASE,
    actor1     TEXT COLLATE NOCASE,
    actor2     TEXT COLLATE NOCASE,
    relation   TEXT,
    as_of      TEXT,
    admin1     TEXT,
    claim_json TEXT NOT NULL,
    UNIQUE (doc_key, ord)
);
CREATE INDEX claims_by_actor ON claims(actor, claim_type) WHERE actor IS NOT NULL;
CREATE INDEX claims_by_actor1 ON claims(actor1) WHERE actor1 IS NOT NULL;
CREATE INDEX claims_by_actor2 ON claims(actor2) WHERE actor2 IS NOT NULL;
"#;

/// Version 2: near-duplicate documents linked to the report they copy
/// (with the MinHash band index that finds them), and every reported death
/// toll kept per incident, so a revised figure stays visible. The rows of
/// both are filled from version 1's data by [`crate::ingest::backfill_v2`].
const V2: &str = r#"
ALTER TABLE documents ADD COLUMN duplicate_of INTEGER REFERENCES documents(doc_key);
CREATE INDEX documents_by_duplicate_of ON documents(duplicate_of) WHERE duplicate_of IS NOT NULL;

-- One row per band of each coded document's MinHash signature.
CREATE TABLE minhash_bands (
    band    INTEGER NOT NULL,
    bucket  INTEGER NOT NULL,
    doc_key INTEGER NOT NULL REFERENCES documents(doc_key),
    PRIMARY KEY (band, bucket, doc_key)
) WITHOUT ROWID;

-- Every figure a report gave for an incident. source_key tells independent
-- sources apart (the outlet, else the URL's host, else the document).
CREATE TABLE fatality_reports (
    incident_id INTEGER NOT NULL REFERENCES incidents(incident_id),
    event_key   INTEGER NOT NULL REFERENCES events(event_key),
    doc_key     INTEGER NOT NULL REFERENCES documents(doc_key),
    source_key  TEXT NOT NULL,
    published   TEXT,
    fatalities  INTEGER NOT NULL,
    PRIMARY KEY (incident_id, event_key)
) WITHOUT ROWID;
"#;

/// Version 3: incidents by province alone, for listings filtered by a
/// province without a country (the dashboard's map click): without it a
/// rare province means scanning every incident by date.
const V3: &str = r#"
CREATE INDEX incidents_by_admin1 ON incidents(admin1, event_date);
"#;

/// Sets the per-connection pragmas: WAL (readers never block the writer,
/// and a killed writer leaves the last committed state), `synchronous =
/// NORMAL` (in WAL mode this survives any application crash; only a power
/// loss may lose the last transactions, never corrupt the file) and foreign
/// keys.
pub(crate) fn configure(conn: &Connection) -> Result<(), StoreError> {
    // Switching to WAL needs a moment of exclusive access; a store being
    // created by another process at the same instant answers "busy", which
    // the busy handler does not cover for this pragma. Retry briefly.
    let mut tries = 0;
    loop {
        match conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0)) {
            Ok(_) => break,
            Err(e) if is_busy(&e) && tries < 200 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(25));
            }
            Err(e) => return Err(e.into()),
        }
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // A transaction dirties a page in every index it touches; checkpointing
    // every 10,000 pages (about 40 MB of WAL) instead of SQLite's 1,000
    // writes a hot page back once per many transactions, and the WAL file
    // is truncated back to 64 MB afterwards.
    conn.pragma_update(None, "wal_autocheckpoint", 10_000)?;
    conn.pragma_update(None, "journal_size_limit", 64 * 1024 * 1024)?;
    // 64 MB of page cache: the upper levels of a million-event store's
    // indexes stay in memory.
    conn.pragma_update(None, "cache_size", -65_536)?;
    // This SQLite is built with STAT4, which re-prepares a statement when a
    // bound value might change its plan; the store's plans do not depend on
    // values, and re-preparing on every call cost a sixth of ingest.
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

pub(crate) fn user_version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

fn application_id(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("PRAGMA application_id", [], |r| r.get(0))?)
}

/// Brings the schema to [`SCHEMA_VERSION`].
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    check_ours(conn)?;
    if user_version(conn)? == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another process may have migrated while this one waited for the lock.
    check_ours(&tx)?;
    let mut version = user_version(&tx)?;
    while version < SCHEMA_VERSION {
        match version {
            0 => {
                tx.pragma_update(None, "application_id", APPLICATION_ID)?;
                tx.execute_batch(V1)?;
            }
            1 => {
                tx.execute_batch(V2)?;
                crate::ingest::backfill_v2(&tx)?;
            }
            2 => tx.execute_batch(V3)?,
            other => {
                return Err(StoreError::Corrupt(format!(
                    "no migration from schema version {other}"
                )));
            }
        }
        version += 1;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(())
}

/// Refuses files that are not sitrep stores, and stores newer than this
/// build.
fn check_ours(conn: &Connection) -> Result<(), StoreError> {
    let version = user_version(conn)?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    let app = application_id(conn)?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    let fresh = version == 0 && app == 0 && tables == 0;
    if !fresh && app != APPLICATION_ID {
        let name = conn.path().unwrap_or("this database").to_string();
        return Err(StoreError::NotAStore(name));
    }
    Ok(())
}

/// Every row of every table, sorted, one line per row.
pub(crate) fn canonical_dump(conn: &Connection) -> Result<String, StoreError> {
    let mut out = format!("user_version {}\n", user_version(conn)?);
    let mut names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    names.retain(|n| !n.starts_with("sqlite_"));
    for name in names {
        out.push_str(&format!("table {name}\n"));
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{name}\""))?;
        let columns = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let mut line = String::new();
                for i in 0..columns {
                    if i > 0 {
                        line.push('\t');
                    }
                    line.push_str(&render(r.get_ref(i)?));
                }
                Ok(line)
            })?
            .collect::<Result<_, _>>()?;
        rows.sort();
        for row in rows {
            out.push_str(&row);
            out.push('\n');
        }
    }
    Ok(out)
}

fn render(v: ValueRef<'_>) -> String {
    match v {
        ValueRef::Null => "NULL".into(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => format!("{f:?}"),
        ValueRef::Text(t) => format!("{:?}", String::from_utf8_lossy(t)),
        ValueRef::Blob(b) => b.iter().map(|x| format!("{x:02x}")).collect(),
    }
}
