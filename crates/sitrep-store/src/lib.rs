//! sitrep's embedded store: the conflict picture that builds up as reports
//! arrive.
//!
//! A [`Store`] is one SQLite file (WAL mode). Ingesting a [`Document`]
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
//! - Writers take the lock up front (`BEGIN IMMEDIATE`) and wait for each
//!   other (`busy_timeout`), so two ingests into one store both succeed.
//! - Deterministic: the same documents in the same order give the same
//!   documents, incidents, identifiers and links. Identifiers are sequential
//!   integers assigned inside the transaction; nothing stores the wall
//!   clock, and nothing iterates a hash map into a result.
//! - Spans are never lost: each event keeps its evidence spans into its own
//!   document's text, and the text is stored, so every incident can show
//!   the sentences it came from.
//! - Schema versions are numbered (`PRAGMA user_version`) and migrated on
//!   open inside a transaction; a store written by a newer sitrep is
//!   refused with [`StoreError::TooNew`], never altered.
//!
//! [`Document`]: sitrep_model::Document

mod cube;
mod dedup;
mod ingest;
pub mod merge;
mod query;
mod record;
mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub use cube::{ActorBucket, CubeTotals, IncidentCube, PairBucket, PeriodBucket};
pub use ingest::{BATCH_DOCUMENTS, IngestOutcome, IngestSummary, Stored};
pub use query::{
    ActorProfile, ActorSummary, Bucket, ClaimFilter, ClaimSource, EvidenceText, FatalityReport,
    GroupBy, Incident, IncidentDetail, IncidentFilter, NearDuplicate, RelationClaim, Report,
    RoleCounts, StrengthClaim, Summary, TerritoryClaim,
};
pub use record::{IncidentJson, IncidentRows};
pub use schema::SCHEMA_VERSION;

/// How long a writer waits for another process's transaction before it
/// gives up. Transactions hold one document each (milliseconds), so a wait
/// this long only happens when something is badly stuck.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// What can go wrong with a store. Analysis never fails; only the database
/// can.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
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
}

/// An open store. One value per connection; open one per thread or process
/// (SQLite serialises writers, and readers never block in WAL mode).
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens the store at `path`, creating it when missing, and migrates
    /// its schema to [`SCHEMA_VERSION`].
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Store::init(Connection::open_with_flags(path.as_ref(), flags)?)
    }

    /// Opens an existing store (migrating it if needed); a missing file is
    /// [`StoreError::Missing`] instead of a new empty store, which is what
    /// query commands want.
    pub fn open_existing(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref();
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        Store::open(path)
    }

    /// A store in memory, for tests and one-off runs.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<Store, StoreError> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.set_prepared_statement_cache_capacity(64);
        schema::configure(&conn)?;
        schema::migrate(&mut conn)?;
        Ok(Store { conn })
    }

    /// Sets how much page cache this connection may keep (SQLite's
    /// `cache_size`; a new connection keeps up to 64 MiB, which suits one
    /// writer but not a server's many readers).
    pub fn set_cache_kib(&self, kib: u32) -> Result<(), StoreError> {
        self.conn
            .pragma_update(None, "cache_size", -i64::from(kib))?;
        Ok(())
    }

    /// The schema version of the open store (after migration, always
    /// [`SCHEMA_VERSION`]).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        schema::user_version(&self.conn)
    }

    /// Runs SQLite's own integrity and foreign-key checks plus the store's
    /// invariants (every incident has events from distinct documents, its
    /// report count and fatality figure match them). Returns the problems
    /// found; empty means consistent.
    pub fn verify(&self) -> Result<Vec<String>, StoreError> {
        query::verify(&self.conn)
    }

    /// Every row of every table in key order, as text. Two stores with equal
    /// dumps hold the same documents, incidents, identifiers and links; the
    /// crash and concurrency tests compare stores this way.
    pub fn canonical_dump(&self) -> Result<String, StoreError> {
        schema::canonical_dump(&self.conn)
    }
}
