//! Helpers shared by the store's integration tests: the coder's knowledge,
//! the corpora, and stores in temporary directories.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use sitrep_coding::Knowledge;
use sitrep_io::{Format, Item, ReadOptions, read_stream};
use sitrep_model::Document;

/// The embedded dictionaries, built once per test binary: building them
/// takes seconds in a debug build, and they are immutable.
pub fn knowledge() -> &'static Knowledge {
    static K: OnceLock<Knowledge> = OnceLock::new();
    K.get_or_init(|| Knowledge::embedded().expect("the embedded dictionaries load"))
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn demo(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/demo")
        .join(name)
}

/// The documents of a JSON Lines file, in file order.
pub fn read_jsonl(path: &Path) -> Vec<Document> {
    let bytes = std::fs::read(path).expect("fixture readable");
    let opts = ReadOptions {
        format: Some(Format::JsonLines),
        ..ReadOptions::default()
    };
    read_stream(
        &path.display().to_string(),
        std::io::Cursor::new(bytes),
        &opts,
    )
    .filter_map(|item| match item {
        Item::Document(d) => Some(d),
        _ => None,
    })
    .collect()
}

/// The seed article of the demo, as `sitrep demo` reads it.
pub fn seed_article() -> Document {
    let text = std::fs::read_to_string(demo("isis-k-ghor-2018.txt")).expect("seed article");
    let mut doc = Document::new("data/demo/isis-k-ghor-2018.txt", text);
    doc.published = "2018-03-28".parse().ok();
    doc
}

/// The three reports of the Kabul ambulance bombing of 27 January 2018.
pub fn kabul_reports() -> Vec<Document> {
    read_jsonl(&fixture("kabul-ambulance-2018.jsonl"))
}

/// A corpus with many incidents: the seed article, the Kabul reports and
/// the first `n` Wikipedia incident descriptions of the demo.
pub fn corpus(n: usize) -> Vec<Document> {
    let mut docs = vec![seed_article()];
    docs.extend(kabul_reports());
    docs.extend(
        read_jsonl(&demo("wikipedia-afghanistan.jsonl"))
            .into_iter()
            .take(n),
    );
    docs
}

/// The environment variable holding a PostgreSQL server URL (a superuser
/// or a user allowed to create schemas), e.g.
/// `postgres://sitrep@127.0.0.1:54329/postgres`. `.ci/run` sets it
/// (`scripts/pg-test-server.sh`); unset, the PostgreSQL half of each test
/// is skipped.
pub const POSTGRES_ENV: &str = "SITREP_TEST_POSTGRES";

/// Which engine a [`TestDb`] is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A place for one test's store, removed when dropped: a SQLite file in a
/// temporary directory, or a PostgreSQL schema of its own (`CREATE
/// SCHEMA`, reached through `options=-csearch_path`, dropped with
/// everything in it afterwards). Schemas rather than databases: creating
/// one takes a millisecond, a database a few hundred.
pub struct TestDb {
    pub backend: Backend,
    /// What `--db` would be given: a path or a URL.
    pub location: String,
    _dir: Option<tempfile::TempDir>,
    schema: Option<(String, String)>,
}

impl TestDb {
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("tempdir");
        let location = dir.path().join("store.db").display().to_string();
        TestDb {
            backend: Backend::Sqlite,
            location,
            _dir: Some(dir),
            schema: None,
        }
    }

    /// A fresh schema on the server of [`POSTGRES_ENV`], or `None` (with
    /// one line on stderr per test binary) when it is unset.
    pub fn postgres() -> Option<TestDb> {
        let Ok(server) = std::env::var(POSTGRES_ENV) else {
            static SAID: std::sync::Once = std::sync::Once::new();
            SAID.call_once(|| {
                use std::io::Write;
                // Straight to stderr, past the test harness's capture.
                let _ = writeln!(
                    std::io::stderr(),
                    "PostgreSQL half of the store tests skipped: {POSTGRES_ENV} is unset \
                     (scripts/pg-test-server.sh starts a server)"
                );
            });
            return None;
        };
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let schema = format!("t_{}_{n}_{nanos}", std::process::id());
        let mut admin = postgres::Client::connect(&server, postgres::NoTls)
            .expect("connect to the test server");
        admin
            .batch_execute(&format!("CREATE SCHEMA {schema}"))
            .expect("create a schema");
        let sep = if server.contains('?') { '&' } else { '?' };
        let location = format!("{server}{sep}options=-csearch_path%3D{schema}");
        Some(TestDb {
            backend: Backend::Postgres,
            location,
            _dir: None,
            schema: Some((server, schema)),
        })
    }

    /// Another empty place on the same engine.
    pub fn another(&self) -> TestDb {
        match self.backend {
            Backend::Sqlite => TestDb::sqlite(),
            Backend::Postgres => TestDb::postgres().expect("the server is still set"),
        }
    }

    /// Opens (creating) the store.
    pub fn open(&self) -> sitrep_store::Store {
        sitrep_store::Store::open(&self.location).expect("open the test store")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((server, schema)) = &self.schema
            && let Ok(mut admin) = postgres::Client::connect(server, postgres::NoTls)
        {
            let _ = admin.batch_execute(&format!("DROP SCHEMA {schema} CASCADE"));
        }
    }
}

/// Writes a test once and runs it on both engines: `name::sqlite` always,
/// `name::postgres` when [`POSTGRES_ENV`] is set.
///
/// ```ignore
/// on_both! {
///     fn kabul_is_one_incident(db) {
///         let mut store = db.open();
///         ...
///     }
/// }
/// ```
#[allow(unused_macros)]
macro_rules! on_both {
    ($(#[$attr:meta])* fn $name:ident($db:ident) $body:block) => {
        $(#[$attr])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            fn run($db: &$crate::common::TestDb) $body

            #[test]
            fn sqlite() {
                run(&$crate::common::TestDb::sqlite());
            }

            #[test]
            fn postgres() {
                if let Some(db) = $crate::common::TestDb::postgres() {
                    run(&db);
                }
            }
        }
    };
}
