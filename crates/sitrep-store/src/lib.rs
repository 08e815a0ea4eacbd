//! sitrep's embedded store: the conflict picture that builds up as reports
//! arrive.
//!
//! A [`Store`] is one SQLite file (WAL mode) or one PostgreSQL database
//! (or schema), chosen by [`StoreLocation`]: a path, or a `postgres://`
//! URL. Both engines hold the same tables and give the same answers, the
//! same identifiers and byte-identical [`Store::canonical_dump`]s for the
//! same documents; the `db` module is the thin layer that hides which one
//! is open. Ingesting a [`Document`]
//! ([`Store::ingest_document`], or [`Store::ingest_documents`] for a
//! stream) does, inside one transaction:
//!
//! 1. keep the document once, keyed by a content hash (xxh3-128 of its id
//!    and whitespace-normalised text): the same file or feed item again is
//!    [`IngestOutcome::AlreadyStored`] and changes nothing;
//! 2. recognise a near-copy of a stored report (MinHash over word
//!    shingles, the same figures and names): the same wire story
//!    republished is [`IngestOutcome::NearDuplicate`], kept and linked, not
//!    coded again;
//! 3. otherwise code it with [`sitrep_coding::code_document`] (before the
//!    write lock is taken) and store its events and claims with their
//!    evidence spans;
//! 4. merge each event into an *incident*: the one real-world happening that
//!    several reports describe ([`merge`] has the rules). Candidates come
//!    from a blocking index on (country, day, admin1) over the event's date
//!    window, never from a scan of all incidents, so ingest stays
//!    near-linear in the number of events;
//! 5. rebuild the incident's record from all its events: the most specific
//!    sub-event type, named actors over generic ones, the most precise
//!    place, the narrowest date window, the union of evidence, and ACLED's
//!    conservative fatality figure, keeping every report's figure in the
//!    incident's fatality history.
//!
//! Queries ([`Store::incidents`], [`Store::incident`], [`Store::actors`],
//! [`Store::actor_profile`], [`Store::aggregate`], [`Store::incident_rows`],
//! [`Store::claims`]) give typed values the CLI, the exporters and the HTTP
//! server share. [`IncidentCube`] is an in-memory snapshot of the
//! incidents' facets that answers the same aggregates in milliseconds on a
//! million-event store (the dashboard's path).
//!
//! Distributed coding (`sitrep worker`) codes documents on many processes
//! and writes them here in the work queue's order: [`Store::stage`] keeps
//! each coded document under its queue sequence, [`Store::merge_staged`]
//! writes the staged run after the merge cursor through the same path as
//! ingest (the `stage` module has the rules).
//!
//! What it deliberately does not do: read files or feeds (`sitrep-io` does),
//! print, or run anything in the background. It never deletes a report:
//! every figure any report gave stays queryable.
//!
//! *Invariants*
//! - Every document is written whole inside one transaction (the batch
//!   entry points put up to [`BATCH_DOCUMENTS`] whole documents in one): a
//!   process killed at any moment leaves a store that opens cleanly and
//!   holds whole documents only; ingesting the same inputs again completes
//!   it to exactly the store an uninterrupted run would have made.
//! - Writers take the lock up front and wait for each other, so several
//!   ingests into one store all succeed and give the incidents one ingest
//!   would: SQLite's `BEGIN IMMEDIATE` with a `busy_timeout`, PostgreSQL's
//!   transaction-scoped advisory lock (`pg_advisory_xact_lock`) taken
//!   first in every write transaction. Coding happens before, unlocked.
//! - Deterministic: the same documents in the same order give the same
//!   documents, incidents, identifiers and links. Identifiers are sequential
//!   integers assigned inside the transaction; nothing stores the wall
//!   clock, and nothing iterates a hash map into a result.
//! - Spans are never lost: each event keeps its evidence spans into its own
//!   document's text, and the text is stored, so every incident can show
//!   the sentences it came from.
//! - Schema versions are numbered (`PRAGMA user_version`, or the
//!   `sitrep_meta` table on PostgreSQL) and migrated on
//!   open inside a transaction; a store written by a newer sitrep is
//!   refused with [`StoreError::TooNew`], never altered.
//!
//! [`Document`]: sitrep_model::Document

mod cube;
mod db;
mod dedup;
mod ingest;
pub mod merge;
mod query;
mod record;
mod schema;
mod stage;

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use db::Conn;

pub use cube::{ActorBucket, CubeTotals, IncidentCube, PairBucket, PeriodBucket};
pub use ingest::{BATCH_DOCUMENTS, IngestOutcome, IngestSummary, Stored};
pub use query::{
    ActorProfile, ActorSummary, Bucket, ClaimFilter, ClaimSource, EvidenceText, FatalityReport,
    GroupBy, Incident, IncidentDetail, IncidentFilter, NearDuplicate, RelationClaim, Report,
    RoleCounts, StrengthClaim, Summary, TerritoryClaim,
};
pub use record::{IncidentJson, IncidentRows};
pub use schema::SCHEMA_VERSION;
pub use stage::{MergeSummary, StageSummary};

/// How long a writer waits for another process's transaction before it
/// gives up. Transactions hold one document each (milliseconds), so a wait
/// this long only happens when something is badly stuck.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// How long opening a PostgreSQL store waits for the server to answer.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// What can go wrong with a store. Analysis never fails; only the database
/// can.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The server's message is in the text; the client's error is kept
    /// (not as a `source`, which would print the message twice).
    #[error("PostgreSQL: {}", pg_message(.0))]
    Postgres(postgres::Error),
    /// The server could not be reached, refused the login, or has no such
    /// database.
    #[error("cannot open the PostgreSQL store at {at}: {}", pg_message(.cause))]
    Connect { at: String, cause: postgres::Error },
    #[error("{0} is not a valid PostgreSQL URL: {1}")]
    BadUrl(String, String),
    #[error(
        "the store was written by a newer sitrep (schema version {found}; this build reads up to {supported}); upgrade sitrep to open it"
    )]
    TooNew { found: i64, supported: i64 },
    #[error("{0} is not a sitrep store")]
    NotAStore(String),
    #[error("no store at {0}")]
    Missing(PathBuf),
    #[error("corrupt record in the store: {0}")]
    Corrupt(String),
    #[error(
        "the store is merging documents from the queue {bound} ({waiting} still staged), not from {asked}; let its workers finish first"
    )]
    OtherQueue {
        bound: String,
        asked: String,
        waiting: u64,
    },
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> StoreError {
        StoreError::Postgres(e)
    }
}

/// The server's own words for a database error (its message, detail and
/// hint), else the client's.
fn pg_message(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        let mut m = db.message().to_string();
        if let Some(d) = db.detail() {
            m.push_str(&format!(" ({d})"));
        }
        if let Some(h) = db.hint() {
            m.push_str(&format!("; hint: {h}"));
        }
        return m;
    }
    match std::error::Error::source(e) {
        Some(cause) => format!("{e} ({cause})"),
        None => e.to_string(),
    }
}

/// Where a store lives: a SQLite file, or a PostgreSQL database given by a
/// `postgres://` or `postgresql://` URL (`postgres://user@host:port/db`;
/// `?options=-csearch_path%3Dname` puts the store in schema `name`).
#[derive(Clone, PartialEq, Eq)]
pub enum StoreLocation {
    Sqlite(PathBuf),
    Postgres(String),
}

impl StoreLocation {
    /// Reads a `--db` argument: a PostgreSQL URL, else a path.
    pub fn parse(s: &str) -> StoreLocation {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            StoreLocation::Postgres(s.to_string())
        } else {
            StoreLocation::Sqlite(PathBuf::from(s))
        }
    }

    /// A path that spells a PostgreSQL URL is that URL (so that a `--db`
    /// read as a path passes straight through).
    pub fn from_path(path: &Path) -> StoreLocation {
        match path.to_str() {
            Some(s) => StoreLocation::parse(s),
            None => StoreLocation::Sqlite(path.to_path_buf()),
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, StoreLocation::Postgres(_))
    }
}

impl std::str::FromStr for StoreLocation {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<StoreLocation, Self::Err> {
        Ok(StoreLocation::parse(s))
    }
}

/// The path, or the URL with any password replaced by `***` (what error
/// messages and logs show).
impl fmt::Display for StoreLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreLocation::Sqlite(p) => write!(f, "{}", p.display()),
            StoreLocation::Postgres(url) => f.write_str(&redact(url)),
        }
    }
}

impl fmt::Debug for StoreLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StoreLocation({self})")
    }
}

/// `scheme://user:secret@host/…?password=secret` →
/// `scheme://user:***@host/…?password=***`.
fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_string();
    };
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let mut out = url[..scheme_end].to_string();
    match (authority.rfind('@'), authority.find(':')) {
        (Some(at), Some(colon)) if colon < at => {
            out.push_str(&authority[..colon]);
            out.push_str(":***");
            out.push_str(&authority[at..]);
        }
        _ => out.push_str(authority),
    }
    let tail = &rest[authority_end..];
    match tail.split_once('?') {
        Some((path, query)) => {
            let params: Vec<String> = query
                .split('&')
                .map(|p| match p.split_once('=') {
                    Some(("password", _)) => "password=***".to_string(),
                    _ => p.to_string(),
                })
                .collect();
            out.push_str(path);
            out.push('?');
            out.push_str(&params.join("&"));
        }
        None => out.push_str(tail),
    }
    out
}

/// An open store. One value per connection; open one per thread or process
/// (SQLite serialises writers, and readers never block in WAL mode;
/// PostgreSQL takes an advisory lock for writers).
pub struct Store {
    conn: Conn,
}

impl Store {
    /// Opens the store at `path`, creating it when missing, and migrates
    /// its schema to [`SCHEMA_VERSION`]. A path that spells a
    /// `postgres://` URL opens that database (see [`Store::open_location`]).
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        Store::open_location(&StoreLocation::from_path(path.as_ref()))
    }

    /// Opens an existing store (migrating it if needed); a missing file is
    /// [`StoreError::Missing`] instead of a new empty store, which is what
    /// query commands want.
    pub fn open_existing(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        Store::open_existing_location(&StoreLocation::from_path(path.as_ref()))
    }

    /// Opens (creating the tables when the database or schema is empty)
    /// and migrates the store at `location`.
    pub fn open_location(location: &StoreLocation) -> Result<Store, StoreError> {
        match location {
            StoreLocation::Sqlite(path) => {
                let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_CREATE
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX;
                Store::init_sqlite(Connection::open_with_flags(path, flags)?)
            }
            StoreLocation::Postgres(url) => {
                let mut conn = connect(url)?;
                schema::migrate(&mut conn, &location.to_string())?;
                Ok(Store { conn })
            }
        }
    }

    /// Like [`Store::open_existing`]: a missing file, or a PostgreSQL
    /// database (schema) without a store, is [`StoreError::Missing`].
    pub fn open_existing_location(location: &StoreLocation) -> Result<Store, StoreError> {
        match location {
            StoreLocation::Sqlite(path) => {
                if !path.exists() {
                    return Err(StoreError::Missing(path.to_path_buf()));
                }
                Store::open_location(location)
            }
            StoreLocation::Postgres(url) => {
                let mut conn = connect(url)?;
                if schema::is_empty(&conn)? {
                    return Err(StoreError::Missing(PathBuf::from(location.to_string())));
                }
                schema::migrate(&mut conn, &location.to_string())?;
                Ok(Store { conn })
            }
        }
    }

    /// A store in memory, for tests and one-off runs.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::init_sqlite(Connection::open_in_memory()?)
    }

    fn init_sqlite(conn: Connection) -> Result<Store, StoreError> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.set_prepared_statement_cache_capacity(64);
        schema::configure_sqlite(&conn)?;
        let name = conn.path().unwrap_or("this database").to_string();
        let mut conn = Conn::Sqlite(conn);
        schema::migrate(&mut conn, &name)?;
        Ok(Store { conn })
    }

    /// Whether this store is on PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        self.conn.dialect() == db::Dialect::Postgres
    }

    /// Sets how much page cache this connection may keep (SQLite's
    /// `cache_size`; a new connection keeps up to 64 MiB, which suits one
    /// writer but not a server's many readers). PostgreSQL's cache is the
    /// server's: nothing to set.
    pub fn set_cache_kib(&self, kib: u32) -> Result<(), StoreError> {
        if let Conn::Sqlite(c) = &self.conn {
            c.pragma_update(None, "cache_size", -i64::from(kib))?;
        }
        Ok(())
    }

    /// The schema version of the open store (after migration, always
    /// [`SCHEMA_VERSION`]).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        schema::user_version(&self.conn)
    }

    /// Runs the engine's own checks (SQLite's integrity and foreign-key
    /// checks; PostgreSQL enforces foreign keys on every write) plus the
    /// store's invariants (every incident has events from distinct
    /// documents, its report count and fatality figure match them).
    /// Returns the problems found; empty means consistent.
    pub fn verify(&self) -> Result<Vec<String>, StoreError> {
        query::verify(&self.conn)
    }

    /// Every row of every table in key order, as text. Two stores with equal
    /// dumps hold the same documents, incidents, identifiers and links; the
    /// crash and concurrency tests compare stores this way, and a SQLite
    /// and a PostgreSQL store of the same documents dump the same text.
    pub fn canonical_dump(&self) -> Result<String, StoreError> {
        schema::canonical_dump(&self.conn)
    }
}

/// Connects to the PostgreSQL server of `url` (no TLS: sitrep talks to a
/// server on the same host or network it trusts).
fn connect(url: &str) -> Result<Conn, StoreError> {
    let at = redact(url);
    let mut config: postgres::Config = url
        .parse()
        .map_err(|e: postgres::Error| StoreError::BadUrl(at.clone(), pg_message(&e)))?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    if config.get_application_name().is_none() {
        config.application_name("sitrep");
    }
    let client = config
        .connect(postgres::NoTls)
        .map_err(|cause| StoreError::Connect { at, cause })?;
    Ok(Conn::postgres(client))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_arguments_name_a_file_or_a_server() {
        let cases = [
            ("store.db", false, "store.db"),
            ("/tmp/x/postgres.db", false, "/tmp/x/postgres.db"),
            (
                "postgres://sitrep@127.0.0.1:5432/sitrep",
                true,
                "postgres://sitrep@127.0.0.1:5432/sitrep",
            ),
            (
                "postgresql://u:hunter2@db.example:5432/x?sslmode=disable",
                true,
                "postgresql://u:***@db.example:5432/x?sslmode=disable",
            ),
            (
                "postgres://u@h/db?password=a:b@c&options=-csearch_path%3Dt",
                true,
                "postgres://u@h/db?password=***&options=-csearch_path%3Dt",
            ),
        ];
        for (arg, pg, shown) in cases {
            let loc = StoreLocation::parse(arg);
            assert_eq!(loc.is_postgres(), pg, "{arg}");
            assert_eq!(loc.to_string(), shown, "{arg}");
            assert_eq!(StoreLocation::from_path(Path::new(arg)), loc, "{arg}");
        }
    }

    #[test]
    fn an_unreachable_server_is_named_in_the_error() {
        // Port 1 on loopback: nothing listens there, and nothing leaves
        // the machine.
        let url = "postgres://nobody:secret@127.0.0.1:1/none";
        let Err(e) = Store::open(url) else {
            panic!("no server on port 1");
        };
        let msg = e.to_string();
        assert!(
            msg.contains("postgres://nobody:***@127.0.0.1:1/none"),
            "{msg}"
        );
        assert!(!msg.contains("secret"), "{msg}");
        assert!(matches!(e, StoreError::Connect { .. }), "{msg}");
    }
}
