//! The store under real processes: `kill -9` at random points of an
//! ingest, and two ingests into one store at once.
//!
//! The child process is this test binary itself, run with `--exact
//! child_ingest` and the environment variable [`CHILD`] naming the store
//! and the corpus: a real process doing what `sitrep ingest` does
//! ([`Store::ingest_documents`]: code a batch, write it in one
//! transaction), which the parent can SIGKILL at any moment.

#[macro_use]
mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::{corpus, knowledge};
use sitrep_store::{BATCH_DOCUMENTS, IncidentFilter, IncidentJson, IngestOutcome, Store};

/// "DB_PATH_OR_URL<TAB>DOCUMENTS<TAB>ORDER": the store, how many demo rows the
/// corpus takes, and `forward` or `reverse`.
const CHILD: &str = "SITREP_STORE_TEST_CHILD";

/// What the child prints for each document it has committed.
const DOC_LINE: &str = "ingested-document: ";

/// Wikipedia lines the corpus reads (plus the seed article and the three
/// Kabul reports).
const ROWS: usize = 300;

/// Run as a child: ingest the corpus into the store, printing one line per
/// document. As an ordinary test (no environment variable) it does nothing.
#[test]
fn child_ingest() {
    let Ok(spec) = std::env::var(CHILD) else {
        return;
    };
    let parts: Vec<&str> = spec.split('\t').collect();
    let [db, rows, order] = parts.as_slice() else {
        panic!("bad {CHILD}: {spec:?}");
    };
    let mut docs = corpus(rows.parse().expect("a number"));
    if *order == "reverse" {
        docs.reverse();
    }
    let knowledge = knowledge();
    let mut store = Store::open(db).expect("open the store");
    store
        .ingest_documents(knowledge, &docs, |doc, outcome| {
            let what = match outcome {
                IngestOutcome::AlreadyStored => "known",
                IngestOutcome::NearDuplicate { .. } => "copy",
                IngestOutcome::Stored(_) => "stored",
            };
            // One line per committed document, so the parent can time its
            // kill against real progress. (The test harness may print its
            // own "test child_ingest ... " in front of the first one.)
            println!("{DOC_LINE}{what} {}", doc.id);
        })
        .expect("ingest");
}

fn spawn(db: &str, order: &str) -> Child {
    let exe = std::env::current_exe().expect("the test binary");
    Command::new(exe)
        .args(["child_ingest", "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, format!("{db}\t{ROWS}\t{order}"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn the child")
}

/// Runs a child to completion; panics unless it succeeded.
fn run_to_end(db: &str, order: &str) {
    let status = spawn(db, order).wait().expect("wait");
    assert!(status.success(), "child failed: {status}");
}

/// A small deterministic generator (64-bit LCG, Knuth's constants): the
/// kill points are random but the same on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

/// The store as `sitrep events --format jsonl` would print it.
fn events_jsonl(store: &Store) -> Vec<String> {
    store
        .incident_rows(&IncidentFilter::default())
        .map(|r| {
            let row = r.expect("row");
            serde_json::to_string(&IncidentJson::from(&row)).expect("json")
        })
        .collect()
}

on_both! {
    fn kill_9_at_random_points_then_rerun_gives_the_uninterrupted_store(db) {
        let reference = db.another();
        run_to_end(&reference.location, "forward");

        let total = corpus(ROWS).len() as u64;
        let mut rng = Lcg(0x5EED_0004);
        let mut kills = 0;
        for round in 0..6 {
            let done = Store::open(&db.location)
                .expect("open")
                .documents_count()
                .expect("count");
            // Lines arrive a batch at a time, after its commit: a kill point in
            // the last batch would only be reached once the run is complete.
            let last_batch = total.saturating_sub(BATCH_DOCUMENTS as u64);
            if done + 1 >= last_batch {
                break;
            }
            let mut child = spawn(&db.location, "forward");
            let stdout = child.stdout.take().expect("piped stdout");
            // Kill after a random number of the documents still to store, plus
            // up to 80 ms into what follows: coding the next batch of 32 (no
            // lock held) and writing it (one transaction) take about that long
            // in a debug build, so kills land in both.
            let after = done + 1 + rng.below(last_batch - done - 1);
            let mut seen = 0;
            for line in BufReader::new(stdout).lines() {
                let line = line.expect("child output");
                if line.contains(DOC_LINE) {
                    seen += 1;
                    if seen >= after {
                        break;
                    }
                }
            }
            std::thread::sleep(Duration::from_micros(rng.below(80_000)));
            // SIGKILL on Unix: no destructor, no rollback, no WAL checkpoint.
            child.kill().expect("kill");
            let status = child.wait().expect("reap");
            if !status.success() {
                kills += 1;
            }
            let store = Store::open(&db.location).unwrap_or_else(|e| panic!("round {round}: reopen: {e}"));
            let problems = store.verify().expect("verify");
            assert!(problems.is_empty(), "round {round}: {problems:?}");
        }
        assert!(kills >= 3, "most runs were killed mid-way ({kills})");

        run_to_end(&db.location, "forward");
        let killed = Store::open(&db.location).expect("open");
        let uninterrupted = reference.open();
        assert_eq!(
            killed.canonical_dump().expect("dump"),
            uninterrupted.canonical_dump().expect("dump")
        );
        assert_eq!(events_jsonl(&killed), events_jsonl(&uninterrupted));
    }
}

on_both! {
    fn two_ingests_into_one_store_at_once_both_succeed(db) {
        // Both start on a store that does not exist yet, so they also race to
        // create and migrate it.
        let mut forward = spawn(&db.location, "forward");
        let mut reverse = spawn(&db.location, "reverse");
        let count_lines = |child: &mut Child| {
            let out = child.stdout.take().expect("piped");
            BufReader::new(out)
                .lines()
                .map_while(Result::ok)
                .filter(|l| l.contains(DOC_LINE))
                .count()
        };
        let a = std::thread::scope(|s| {
            let h = s.spawn(|| count_lines(&mut reverse));
            let a = count_lines(&mut forward);
            (a, h.join().expect("thread"))
        });
        assert!(forward.wait().expect("wait").success());
        assert!(reverse.wait().expect("wait").success());
        let total = corpus(ROWS).len();
        assert_eq!(a, (total, total), "every document answered in both");

        let store = db.open();
        let problems = store.verify().expect("verify");
        assert!(problems.is_empty(), "{problems:?}");
        // Every document once, every event coded once.
        let mut reference = Store::open_in_memory().expect("store");
        for doc in corpus(ROWS) {
            reference
                .ingest_document(knowledge(), &doc)
                .expect("ingest");
        }
        let (got, want) = (
            store.summary().expect("summary"),
            reference.summary().expect("summary"),
        );
        assert_eq!(
            (got.documents, got.events, got.claims),
            (want.documents, want.events, want.claims)
        );
    }
}
