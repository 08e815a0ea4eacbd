//! The schema, its versions and the migrations between them, in both
//! dialects.
//!
//! On SQLite the version lives in `PRAGMA user_version`, and `PRAGMA
//! application_id` marks the file as a sitrep store so that opening some
//! other SQLite file by mistake is refused instead of altered. On
//! PostgreSQL both live in the `sitrep_meta` table (with the change
//! counter, `generation`), and a schema holding other tables but no
//! `sitrep_meta` is refused the same way. Migrations run on open inside
//! one write transaction (`BEGIN IMMEDIATE`, or the advisory write lock),
//! re-reading the version once the lock is held, so two processes opening
//! an old store at once migrate it exactly once.
//!
//! Each version's DDL is written twice, once per dialect; everything else
//! (the version ladder, backfills) is shared. PostgreSQL's text columns
//! are `COLLATE "C"` (byte order, as SQLite's default `BINARY`), and
//! SQLite's `COLLATE NOCASE` columns become indexes on
//! `sitrep_nocase(column)`, which folds ASCII letters only, exactly as
//! NOCASE does.

use crate::StoreError;
use crate::db::{Conn, Dialect, Value};

/// The schema version this build writes. Older stores are migrated on
/// open; newer ones are refused.
pub const SCHEMA_VERSION: i64 = 4;

/// `PRAGMA application_id` of a sitrep store (and its `sitrep_meta` row
/// on PostgreSQL): "SITR" in ASCII.
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

/// Version 1 on PostgreSQL: the same tables, columns (in the same order,
/// so that canonical dumps compare) and keys as [`V1`].
const V1_PG: &str = r#"
CREATE TABLE sitrep_meta (
    key   TEXT COLLATE "C" PRIMARY KEY,
    value BIGINT NOT NULL
);

-- SQLite's NOCASE: ASCII letters folded, nothing else.
CREATE FUNCTION sitrep_nocase(t TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT translate(t, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') $$;

CREATE TABLE documents (
    doc_key      BIGINT PRIMARY KEY,
    doc_id       TEXT COLLATE "C" NOT NULL,
    content_hash BYTEA NOT NULL UNIQUE,
    title        TEXT COLLATE "C",
    published    TEXT COLLATE "C",
    url          TEXT COLLATE "C",
    source       TEXT COLLATE "C",
    text         TEXT COLLATE "C" NOT NULL
);
CREATE INDEX documents_by_doc_id ON documents(doc_id);

CREATE TABLE countries (
    country_code TEXT COLLATE "C" PRIMARY KEY,
    iso3         TEXT COLLATE "C" NOT NULL,
    name         TEXT COLLATE "C" NOT NULL
);

CREATE TABLE incidents (
    incident_id    BIGINT PRIMARY KEY,
    event_date     TEXT COLLATE "C" NOT NULL,
    date_earliest  TEXT COLLATE "C" NOT NULL,
    date_latest    TEXT COLLATE "C" NOT NULL,
    time_precision INTEGER NOT NULL,
    event_type     TEXT COLLATE "C" NOT NULL,
    sub_event_type TEXT COLLATE "C" NOT NULL,
    actor1         TEXT COLLATE "C" NOT NULL,
    inter1         INTEGER NOT NULL,
    actor2         TEXT COLLATE "C",
    inter2         INTEGER,
    country_code   TEXT COLLATE "C",
    admin1         TEXT COLLATE "C",
    admin2         TEXT COLLATE "C",
    location       TEXT COLLATE "C",
    geo_precision  INTEGER,
    geonames_id    BIGINT,
    fatalities     INTEGER,
    reports        INTEGER NOT NULL,
    event_json     TEXT COLLATE "C" NOT NULL
);
CREATE INDEX incidents_by_date ON incidents(event_date, incident_id);
CREATE INDEX incidents_by_place ON incidents(country_code, sitrep_nocase(admin1), event_date);
CREATE INDEX incidents_by_actor1 ON incidents(sitrep_nocase(actor1), event_date);
CREATE INDEX incidents_by_actor2 ON incidents(sitrep_nocase(actor2), event_date) WHERE actor2 IS NOT NULL;
CREATE INDEX incidents_by_type ON incidents(event_type, event_date);

CREATE TABLE incident_blocks (
    country_code TEXT COLLATE "C" NOT NULL,
    day          BIGINT NOT NULL,
    admin1       TEXT COLLATE "C" NOT NULL,
    incident_id  BIGINT NOT NULL REFERENCES incidents(incident_id),
    PRIMARY KEY (country_code, day, admin1, incident_id)
);

CREATE TABLE events (
    event_key   BIGINT PRIMARY KEY,
    doc_key     BIGINT NOT NULL REFERENCES documents(doc_key),
    ord         INTEGER NOT NULL,
    incident_id BIGINT NOT NULL REFERENCES incidents(incident_id),
    fatalities  INTEGER,
    event_json  TEXT COLLATE "C" NOT NULL,
    UNIQUE (doc_key, ord)
);
CREATE INDEX events_by_incident ON events(incident_id, doc_key);

CREATE TABLE claims (
    claim_key  BIGINT PRIMARY KEY,
    doc_key    BIGINT NOT NULL REFERENCES documents(doc_key),
    ord        INTEGER NOT NULL,
    claim_type TEXT COLLATE "C" NOT NULL,
    actor      TEXT COLLATE "C",
    actor1     TEXT COLLATE "C",
    actor2     TEXT COLLATE "C",
    relation   TEXT COLLATE "C",
    as_of      TEXT COLLATE "C",
    admin1     TEXT COLLATE "C",
    claim_json TEXT COLLATE "C" NOT NULL,
    UNIQUE (doc_key, ord)
);
CREATE INDEX claims_by_actor ON claims(sitrep_nocase(actor), claim_type) WHERE actor IS NOT NULL;
CREATE INDEX claims_by_actor1 ON claims(sitrep_nocase(actor1)) WHERE actor1 IS NOT NULL;
CREATE INDEX claims_by_actor2 ON claims(sitrep_nocase(actor2)) WHERE actor2 IS NOT NULL;
"#;

/// Version 2 on PostgreSQL; see [`V2`].
const V2_PG: &str = r#"
ALTER TABLE documents ADD COLUMN duplicate_of BIGINT REFERENCES documents(doc_key);
CREATE INDEX documents_by_duplicate_of ON documents(duplicate_of) WHERE duplicate_of IS NOT NULL;

CREATE TABLE minhash_bands (
    band    BIGINT NOT NULL,
    bucket  BIGINT NOT NULL,
    doc_key BIGINT NOT NULL REFERENCES documents(doc_key),
    PRIMARY KEY (band, bucket, doc_key)
);

CREATE TABLE fatality_reports (
    incident_id BIGINT NOT NULL REFERENCES incidents(incident_id),
    event_key   BIGINT NOT NULL REFERENCES events(event_key),
    doc_key     BIGINT NOT NULL REFERENCES documents(doc_key),
    source_key  TEXT COLLATE "C" NOT NULL,
    published   TEXT COLLATE "C",
    fatalities  INTEGER NOT NULL,
    PRIMARY KEY (incident_id, event_key)
);
"#;

/// Version 3 on PostgreSQL; see [`V3`].
const V3_PG: &str = r#"
CREATE INDEX incidents_by_admin1 ON incidents(sitrep_nocase(admin1), event_date);
"#;

/// Version 4: the staging area of distributed coding (`sitrep worker`):
/// documents coded by any worker wait in `staged`, keyed by their work
/// queue sequence, until [`crate::stage`] merges them in that order; the
/// cursor row says which queue and how far. Empty in a store that only
/// `sitrep ingest` writes.
const V4: &str = crate::stage::SCHEMA;

/// Version 4 on PostgreSQL; see [`V4`].
const V4_PG: &str = crate::stage::SCHEMA_PG;

/// The DDL that takes a store of `version` to the next one.
fn step(dialect: Dialect, version: i64) -> Option<&'static str> {
    Some(match (dialect, version) {
        (Dialect::Sqlite, 0) => V1,
        (Dialect::Sqlite, 1) => V2,
        (Dialect::Sqlite, 2) => V3,
        (Dialect::Sqlite, 3) => V4,
        (Dialect::Postgres, 0) => V1_PG,
        (Dialect::Postgres, 1) => V2_PG,
        (Dialect::Postgres, 2) => V3_PG,
        (Dialect::Postgres, 3) => V4_PG,
        _ => return None,
    })
}

/// Sets SQLite's per-connection pragmas: WAL (readers never block the
/// writer, and a killed writer leaves the last committed state),
/// `synchronous = NORMAL` (in WAL mode this survives any application
/// crash; only a power loss may lose the last transactions, never corrupt
/// the file) and foreign keys.
pub(crate) fn configure_sqlite(conn: &rusqlite::Connection) -> Result<(), StoreError> {
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
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// What a database holds, as far as the store is concerned.
struct Mark {
    /// The schema version (0 for a fresh database).
    version: i64,
    /// Whether the database is empty or marked as a sitrep store.
    ours: bool,
}

fn meta(conn: &Conn, key: &str) -> Result<Option<i64>, StoreError> {
    match conn.query_opt(
        "SELECT value FROM sitrep_meta WHERE key = ?1",
        &[Value::from(key)],
    )? {
        Some(r) => Ok(Some(r.get(0)?)),
        None => Ok(None),
    }
}

fn mark(conn: &Conn) -> Result<Mark, StoreError> {
    match conn.dialect() {
        Dialect::Sqlite => {
            let version: i64 = conn.query_one("PRAGMA user_version", &[])?.get(0)?;
            let app: i64 = conn.query_one("PRAGMA application_id", &[])?.get(0)?;
            let tables: i64 = conn
                .query_one("SELECT count(*) FROM sqlite_master", &[])?
                .get(0)?;
            let fresh = version == 0 && app == 0 && tables == 0;
            Ok(Mark {
                version,
                ours: fresh || app == APPLICATION_ID,
            })
        }
        Dialect::Postgres => {
            let tables = pg_tables(conn)?;
            if !tables.iter().any(|t| t == "sitrep_meta") {
                return Ok(Mark {
                    version: 0,
                    ours: tables.is_empty(),
                });
            }
            Ok(Mark {
                version: meta(conn, "schema_version")?.unwrap_or(0),
                ours: meta(conn, "application_id")? == Some(APPLICATION_ID),
            })
        }
    }
}

/// The tables of the schema the connection works in (the first of its
/// `search_path`).
fn pg_tables(conn: &Conn) -> Result<Vec<String>, StoreError> {
    conn.query(
        "SELECT CAST(tablename AS TEXT) FROM pg_tables
         WHERE schemaname = current_schema() ORDER BY 1",
        &[],
    )?
    .iter()
    .map(|r| r.get(0))
    .collect()
}

pub(crate) fn user_version(conn: &Conn) -> Result<i64, StoreError> {
    Ok(mark(conn)?.version)
}

/// Whether the database is empty: no sitrep store yet, and nothing else.
pub(crate) fn is_empty(conn: &Conn) -> Result<bool, StoreError> {
    Ok(match conn.dialect() {
        Dialect::Sqlite => false,
        Dialect::Postgres => pg_tables(conn)?.is_empty(),
    })
}

/// Brings the schema to [`SCHEMA_VERSION`]. `name` says where the store is
/// in an error.
pub(crate) fn migrate(conn: &mut Conn, name: &str) -> Result<(), StoreError> {
    if check_ours(conn, name)? == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn.write()?;
    // Another process may have migrated while this one waited for the lock.
    let mut version = check_ours(&tx, name)?;
    if version == SCHEMA_VERSION {
        return tx.commit();
    }
    let dialect = tx.dialect();
    while version < SCHEMA_VERSION {
        let ddl = step(dialect, version).ok_or_else(|| {
            StoreError::Corrupt(format!("no migration from schema version {version}"))
        })?;
        if version == 0 {
            match dialect {
                Dialect::Sqlite => {
                    tx.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID}"))?
                }
                Dialect::Postgres => {
                    tx.execute_batch(ddl)?;
                    tx.execute(
                        "INSERT INTO sitrep_meta (key, value) VALUES
                         ('application_id', ?1), ('schema_version', 0), ('generation', 0)",
                        &[Value::Int(APPLICATION_ID)],
                    )?;
                    version += 1;
                    continue;
                }
            }
        }
        tx.execute_batch(ddl)?;
        if version == 1 {
            crate::ingest::backfill_v2(&tx)?;
        }
        version += 1;
    }
    match dialect {
        Dialect::Sqlite => tx.execute_batch(&format!("PRAGMA user_version = {SCHEMA_VERSION}"))?,
        Dialect::Postgres => {
            tx.execute(
                "UPDATE sitrep_meta SET value = ?1 WHERE key = 'schema_version'",
                &[Value::Int(SCHEMA_VERSION)],
            )?;
        }
    }
    tx.commit()
}

/// Refuses databases that are not sitrep stores, and stores newer than
/// this build; the version otherwise.
fn check_ours(conn: &Conn, name: &str) -> Result<i64, StoreError> {
    let mark = mark(conn)?;
    if mark.version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            found: mark.version,
            supported: SCHEMA_VERSION,
        });
    }
    if !mark.ours {
        return Err(StoreError::NotAStore(name.to_string()));
    }
    Ok(mark.version)
}

/// Every row of every table, sorted, one line per row; the same text on
/// both engines for the same data (the bookkeeping table `sitrep_meta`
/// is left out, its version is the first line).
pub(crate) fn canonical_dump(conn: &Conn) -> Result<String, StoreError> {
    let mut out = format!("user_version {}\n", user_version(conn)?);
    let mut names: Vec<String> = match conn.dialect() {
        Dialect::Sqlite => conn
            .query(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
                &[],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect::<Result<_, _>>()?,
        Dialect::Postgres => pg_tables(conn)?,
    };
    names.retain(|n| !n.starts_with("sqlite_") && n != "sitrep_meta");
    names.sort();
    for name in names {
        out.push_str(&format!("table {name}\n"));
        let mut rows: Vec<String> = Vec::new();
        conn.for_each(&format!("SELECT * FROM \"{name}\""), &[], |r| {
            let cells: Vec<String> = r.values().iter().map(render).collect();
            rows.push(cells.join("\t"));
            Ok(())
        })?;
        rows.sort();
        for row in rows {
            out.push_str(&row);
            out.push('\n');
        }
    }
    Ok(out)
}

fn render(v: &Value) -> String {
    match v {
        Value::Null => "NULL".into(),
        Value::Int(i) => i.to_string(),
        Value::Real(f) => format!("{f:?}"),
        Value::Text(t) => format!("{t:?}"),
        Value::Blob(b) => b.iter().map(|x| format!("{x:02x}")).collect(),
    }
}
