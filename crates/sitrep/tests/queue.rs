//! Distributed coding against a real NATS server: three `sitrep worker`
//! processes on one store, one of them SIGKILLed mid-stream, must leave
//! exactly the incidents a single `sitrep ingest` of the same corpus into
//! SQLite makes, whether the workers write to SQLite or to PostgreSQL.
//!
//! The servers come from `scripts/nats-test-server.sh start` and
//! `scripts/pg-test-server.sh start` (which `.ci/run` runs); the tests read
//! their URLs from `SITREP_TEST_NATS` and `SITREP_TEST_POSTGRES` and skip
//! with one line when one they need is unset.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn sitrep() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
}

/// The demo corpus's two files, in the order `sitrep demo` reads them.
fn corpus() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    vec![
        root.join("isis-k-ghor-2018.txt"),
        root.join("wikipedia-afghanistan.jsonl"),
    ]
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("run sitrep");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn events_jsonl(db: &Path) -> String {
    let out = run(sitrep()
        .args(["events", "--format", "jsonl", "--db"])
        .arg(db));
    String::from_utf8(out.stdout).expect("utf-8")
}

fn documents_in(db: &Path) -> u64 {
    // A worker may be creating the store at this moment; no store yet (a
    // missing file, an empty schema) is no documents.
    sitrep_store::Store::open_existing(db)
        .and_then(|s| s.documents_count())
        .unwrap_or(0)
}

/// A PostgreSQL schema of the test's own on the server of
/// `SITREP_TEST_POSTGRES`, as a `--db` URL; dropped when the value is.
struct PgSchema {
    server: String,
    schema: String,
    url: PathBuf,
}

impl PgSchema {
    fn create(server: &str) -> PgSchema {
        let schema = format!("queue_{}_{}", std::process::id(), nanos());
        let mut admin =
            postgres::Client::connect(server, postgres::NoTls).expect("connect to PostgreSQL");
        admin
            .batch_execute(&format!("CREATE SCHEMA {schema}"))
            .expect("create a schema");
        let sep = if server.contains('?') { '&' } else { '?' };
        PgSchema {
            url: PathBuf::from(format!("{server}{sep}options=-csearch_path%3D{schema}")),
            server: server.to_string(),
            schema,
        }
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        if let Ok(mut admin) = postgres::Client::connect(&self.server, postgres::NoTls) {
            let _ = admin.batch_execute(&format!("DROP SCHEMA {} CASCADE", self.schema));
        }
    }
}

fn nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

fn nats() -> Option<String> {
    let url = std::env::var("SITREP_TEST_NATS").ok();
    if url.is_none() {
        println!(
            "skipped: SITREP_TEST_NATS is not set (eval \"$(scripts/nats-test-server.sh start)\" sets it)"
        );
    }
    url
}

fn worker(url: &str, stream: &str, db: &Path, extra: &[&str]) -> Child {
    sitrep()
        .args(["worker", "--queue", url, "--stream", stream, "--jobs", "1"])
        .args(extra)
        .args(["--idle-exit", "3", "--ack-wait", "4", "--db"])
        .arg(db)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start a worker")
}

fn wait(child: Child, limit: Duration) -> Output {
    let started = Instant::now();
    let mut child = child;
    loop {
        if child.try_wait().expect("worker status").is_some() {
            return child.wait_with_output().expect("worker output");
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().expect("worker output");
            panic!(
                "a worker ran past {limit:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn three_workers_one_killed_give_the_single_process_store() {
    let Some(url) = nats() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("workers.db");
    three_workers_one_killed(&url, &db);
}

#[test]
fn three_workers_on_postgres_give_the_single_process_sqlite_store() {
    let Some(url) = nats() else { return };
    let Ok(server) = std::env::var("SITREP_TEST_POSTGRES") else {
        println!(
            "skipped: SITREP_TEST_POSTGRES is not set (scripts/pg-test-server.sh starts a server)"
        );
        return;
    };
    let schema = PgSchema::create(&server);
    three_workers_one_killed(&url, &schema.url);
}

/// Enqueues the demo corpus, runs three workers writing to `db` (a path or
/// a PostgreSQL URL), SIGKILLs one mid-stream, and compares the incidents
/// with a single-process SQLite ingest.
fn three_workers_one_killed(url: &str, db: &Path) {
    let dir = tempfile::tempdir().expect("temp dir");
    // A stream of its own, so reruns against one server never meet.
    let stream = format!("sitrep-test-{}-{}", std::process::id(), nanos());
    let url = url.to_string();

    // The reference: one process, one store.
    let reference = dir.path().join("reference.db");
    run(sitrep()
        .arg("ingest")
        .arg("--db")
        .arg(&reference)
        .args(corpus()));
    let expected = events_jsonl(&reference);
    let reference_store = sitrep_store::Store::open_existing(&reference).expect("open");
    let documents = reference_store.documents_count().expect("count");
    drop(reference_store);
    assert!(
        documents > 400,
        "the demo corpus gives {documents} documents"
    );

    let out = run(sitrep()
        .args(["enqueue", "--queue", &url, "--stream", &stream])
        .args(corpus()));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("documents"), "{said}");

    let db = db.to_path_buf();
    // The victim pulls big batches and says when it starts coding one, so
    // that it can be killed holding messages it has not acknowledged.
    let mut victim = worker(&url, &stream, &db, &["--batch", "64", "--verbose"]);
    let workers: Vec<Child> = (0..2).map(|_| worker(&url, &stream, &db, &[])).collect();
    let lines = BufReader::new(victim.stderr.take().expect("victim's stderr"));
    let started = Instant::now();
    let mut killed_at = None;
    for line in lines.lines() {
        let line = line.expect("victim's stderr");
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "the workers stored nothing in 300 s"
        );
        // Mid-stream: once the store holds some documents, kill it as it
        // starts coding its next batch.
        if line.contains("coding") && documents_in(&db) >= 20 {
            victim.kill().expect("SIGKILL a worker");
            killed_at = Some(documents_in(&db));
            break;
        }
    }
    let _ = victim.wait();
    let killed_at = killed_at.expect("the victim never coded mid-stream");
    assert!(
        killed_at < documents,
        "the worker was killed after the end ({killed_at} of {documents} documents)"
    );
    let mut said = String::new();
    for w in workers {
        let out = wait(w, Duration::from_secs(600));
        said.push_str(&String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "a worker failed: {said}");
    }
    println!("killed one worker at {killed_at} documents; the others said:\n{said}");
    // Its batch came back to the others after the ack wait.
    let redeliveries: u64 = said
        .lines()
        .filter_map(|l| {
            l.split(" redeliveries")
                .next()?
                .rsplit(", ")
                .next()?
                .parse::<u64>()
                .ok()
        })
        .sum();
    assert!(redeliveries > 0, "nothing was redelivered: {said}");

    let got = events_jsonl(&db);
    assert_eq!(got.lines().count(), expected.lines().count());
    assert!(
        got == expected,
        "the workers' incidents differ from ingest's"
    );
    let store = sitrep_store::Store::open_existing(&db).expect("open");
    assert_eq!(store.verify().expect("verify"), Vec::<String>::new());
    let (_, _, waiting) = store.stage_status().expect("status").expect("bound");
    assert_eq!(waiting, 0, "documents left staged");
    drop(store);

    // Enqueueing the same corpus again changes nothing.
    run(sitrep()
        .args(["enqueue", "--queue", &url, "--stream", &stream])
        .args(corpus()));
    let out = wait(worker(&url, &stream, &db, &[]), Duration::from_secs(600));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        events_jsonl(&db) == expected,
        "a second enqueue changed the incidents"
    );
}
