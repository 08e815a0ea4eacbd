//! Store benchmark: ingest throughput and merge cost at 10k, 100k and 1M
//! synthetic events (see `synthetic.rs` for the distribution).
//!
//! For each size the store is built from scratch on disk the way
//! `Store::ingest_documents` writes (batches of `BATCH_DOCUMENTS` reports,
//! one transaction each), and the build is timed once (a million-event
//! build takes many minutes, too long to repeat); its figures are printed
//! as `store/build/N ...`. Criterion then measures, on the built store,
//! what grows with it: the merge lookup (blocking query and rules) for one
//! event, one more report ingested alone in its own transaction (the
//! worst case, a feed item arriving by itself), and the dashboard queries.
//!
//! ```sh
//! CARGO_TARGET_DIR=/work/target-store cargo bench -p sitrep-store --bench store
//! SITREP_BENCH_SIZES=10000 cargo bench -p sitrep-store --bench store   # quick
//! ```

mod synthetic;

use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sitrep_store::{BATCH_DOCUMENTS, GroupBy, IncidentFilter, Store};
use synthetic::Synthetic;

const SEED: u64 = 0x5171_2E90;

fn sizes() -> Vec<u64> {
    std::env::var("SITREP_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000, 1_000_000])
}

fn file_size(path: &std::path::Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// Builds a store of `n` reports and prints the build's figures.
fn build(dir: &std::path::Path, n: u64) -> (Store, Synthetic) {
    let path = dir.join(format!("bench-{n}.db"));
    let mut store = Store::open(&path).expect("open");
    let mut generator = Synthetic::new(SEED);
    let start = Instant::now();
    let tail_from = n - n / 10;
    let mut tail_start = start;
    let mut i = 0;
    while i < n {
        if i >= tail_from && tail_start == start {
            tail_start = Instant::now();
        }
        let k = (BATCH_DOCUMENTS as u64).min(n - i);
        let reports: Vec<_> = (0..k).map(|_| generator.next_report()).collect();
        store
            .ingest_coded_batch(reports.iter().map(|(d, c)| (d, c.clone())).collect())
            .expect("ingest");
        i += k;
    }
    let total = start.elapsed();
    let tail = tail_start.elapsed();
    let summary = store.summary().expect("summary");
    // Fold the WAL into the file so that the size is the store's.
    drop(store);
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .expect("checkpoint");
    drop(conn);
    let bytes = file_size(&path);
    eprintln!(
        "store/build/{n}: {:.1} s, {:.0} events/s overall, {:.0} events/s over the last 10% \
         ({:.0} us/event), {} incidents ({} merged), {:.1} MB ({:.0} bytes/event)",
        total.as_secs_f64(),
        n as f64 / total.as_secs_f64(),
        (n / 10) as f64 / tail.as_secs_f64(),
        tail.as_secs_f64() * 1e6 / (n / 10) as f64,
        summary.incidents,
        summary.merged_incidents,
        bytes as f64 / 1e6,
        bytes as f64 / n as f64,
    );
    (Store::open(&path).expect("reopen"), generator)
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    for n in sizes() {
        let (mut store, mut generator) = build(dir.path(), n);
        let mut group = c.benchmark_group("store");
        group
            .sample_size(20)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(4));

        // Probes: re-reports of built incidents (replaying the build's own
        // reports, which match themselves) and fresh events (mostly new).
        let mut replay = Synthetic::new(SEED);
        let mut fresh = Synthetic::new(SEED ^ 0xFFFF);
        let probes: Vec<sitrep_model::Event> = (0..1024)
            .filter_map(|i| {
                let (_, coded) = if i % 2 == 0 {
                    replay.next_report()
                } else {
                    fresh.next_report()
                };
                coded.events.into_iter().next()
            })
            .collect();
        let hits = probes
            .iter()
            .filter(|e| store.matching_incident(e).ok().flatten().is_some())
            .count();
        eprintln!(
            "store/merge_lookup/{n}: {hits} of {} probes find an incident",
            probes.len()
        );
        let mut next = 0;
        group.throughput(Throughput::Elements(1));
        group.bench_with_input(BenchmarkId::new("merge_lookup", n), &n, |b, _| {
            b.iter(|| {
                next = (next + 1) % probes.len();
                store.matching_incident(&probes[next]).expect("lookup")
            })
        });
        // One more report into a store of this size (the store grows by the
        // few thousand reports criterion ingests; at 10k that is noticeable,
        // at 100k and 1M not).
        group.bench_with_input(BenchmarkId::new("ingest_one", n), &n, |b, _| {
            b.iter_custom(|iters| {
                let reports: Vec<_> = (0..iters).map(|_| generator.next_report()).collect();
                let start = Instant::now();
                for (doc, coded) in reports {
                    store.ingest_coded(&doc, coded).expect("ingest");
                }
                start.elapsed()
            })
        });
        group.throughput(Throughput::Elements(1));
        let month = IncidentFilter {
            country: Some("AFG".into()),
            since: "2019-03-01".parse().ok(),
            until: "2019-03-31".parse().ok(),
            limit: Some(100),
            ..IncidentFilter::default()
        };
        group.bench_with_input(BenchmarkId::new("incidents_page", n), &n, |b, _| {
            b.iter(|| store.incidents(&month).expect("query").len())
        });
        let syria = IncidentFilter {
            country: Some("Syria".into()),
            ..IncidentFilter::default()
        };
        group.bench_with_input(
            BenchmarkId::new("aggregate_month_country", n),
            &n,
            |b, _| {
                b.iter(|| {
                    store
                        .aggregate(&syria, GroupBy::Month)
                        .expect("aggregate")
                        .len()
                })
            },
        );
        group.bench_with_input(BenchmarkId::new("actor_profile", n), &n, |b, _| {
            b.iter(|| {
                store
                    .actor_profile("Afghanistan Liberation Front")
                    .expect("profile")
                    .map(|p| p.by_month.len())
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
