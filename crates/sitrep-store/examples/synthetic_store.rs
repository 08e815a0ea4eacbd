//! Builds a synthetic store of N reports (one event each) for benchmarks
//! of what reads a big store: the dashboard's API, exports, queries.
//!
//! ```sh
//! cargo run --release -p sitrep-store --example synthetic_store -- 1000000 /tmp/sitrep-1m.db
//! ```
//!
//! The reports come from the store benchmark's generator
//! (`benches/synthetic.rs`: 25 countries, ten years, an ACLED-like mix,
//! 30% re-reports of recent incidents), written the way
//! `Store::ingest_documents` writes. Deterministic: the same N gives the
//! same store. A million events takes about ten minutes on two cores.

#[path = "../benches/synthetic.rs"]
mod synthetic;

use std::time::Instant;

use sitrep_store::{BATCH_DOCUMENTS, Store};

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: synthetic_store N PATH";
    let n: u64 = match args.next().map(|a| a.replace('_', "").parse()) {
        Some(Ok(n)) => n,
        _ => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    };
    let Some(path) = args.next() else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    if std::path::Path::new(&path).exists() {
        eprintln!("{path} exists; remove it first (the generator only builds new stores)");
        std::process::exit(2);
    }
    let mut store = match Store::open(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot create {path}: {e}");
            std::process::exit(1);
        }
    };
    let mut generator = synthetic::Synthetic::new(0x5171_2E90);
    let start = Instant::now();
    let mut i = 0;
    while i < n {
        let k = (BATCH_DOCUMENTS as u64).min(n - i);
        let reports: Vec<_> = (0..k).map(|_| generator.next_report()).collect();
        if let Err(e) =
            store.ingest_coded_batch(reports.iter().map(|(d, c)| (d, c.clone())).collect())
        {
            eprintln!("writing {path}: {e}");
            std::process::exit(1);
        }
        i += k;
        if i % 100_000 < k {
            eprintln!("{i} reports, {:.0} s", start.elapsed().as_secs_f64());
        }
    }
    match store.summary() {
        Ok(s) => eprintln!(
            "{path}: {} events in {} incidents, {:.0} s",
            s.events,
            s.incidents,
            start.elapsed().as_secs_f64()
        ),
        Err(e) => eprintln!("{path}: summary failed: {e}"),
    }
}
