//! The dashboard's API on a big store: criterion medians of whole requests
//! through the router (parsing, the cube or SQLite, JSON), as the page
//! makes them.
//!
//! ```sh
//! # a million-event store (about ten minutes to build, 3 GB):
//! cargo run --release -p sitrep-store --example synthetic_store -- 1000000 /tmp/sitrep-1m.db
//! SITREP_BENCH_STORE=/tmp/sitrep-1m.db cargo bench -p sitrep-serve --bench api
//! # without SITREP_BENCH_STORE: a 20,000-event store built on the spot
//! cargo bench -p sitrep-serve --bench api
//! ```
//!
//! The first request loads the cube (timed once and printed as
//! `api/cube_load`); the figures after it are what every later request
//! costs while nothing is ingested.

#[path = "../../sitrep-store/benches/synthetic.rs"]
#[allow(dead_code)]
mod synthetic;

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use criterion::{Criterion, criterion_group, criterion_main};
use http_body_util::BodyExt;
use sitrep_serve::{AppState, ServeOptions, router};
use sitrep_store::{BATCH_DOCUMENTS, Store};
use tower::ServiceExt;

const QUERIES: &[(&str, &str)] = &[
    ("aggregate_week_all", "/api/aggregate?by=week"),
    ("aggregate_month_country", "/api/aggregate?by=month&country=AF"),
    ("aggregate_admin1_year", "/api/aggregate?by=admin1&since=2020-01-01&until=2020-12-31"),
    ("aggregate_actor", "/api/aggregate?by=actor"),
    ("timeline_week_country", "/api/timeline?interval=week&country=AF"),
    ("summary", "/api/summary"),
    ("relations", "/api/relations"),
    ("incidents_page", "/api/incidents?country=AF&limit=50"),
];

fn small_store(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("bench-api.db");
    let mut store = Store::open(&path).expect("open");
    let mut generator = synthetic::Synthetic::new(0x5171_2E90);
    let n = 20_000u64;
    let mut i = 0;
    while i < n {
        let k = (BATCH_DOCUMENTS as u64).min(n - i);
        let reports: Vec<_> = (0..k).map(|_| generator.next_report()).collect();
        store
            .ingest_coded_batch(reports.iter().map(|(d, c)| (d, c.clone())).collect())
            .expect("ingest");
        i += k;
    }
    path
}

async fn request(state: &Arc<AppState>, uri: &str) -> usize {
    let res = router(Arc::clone(state))
        .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
        .await
        .expect("response");
    assert_eq!(res.status(), StatusCode::OK, "{uri}");
    res.into_body().collect().await.expect("body").to_bytes().len()
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = match std::env::var_os("SITREP_BENCH_STORE") {
        Some(p) => std::path::PathBuf::from(p),
        None => small_store(dir.path()),
    };
    let state = AppState::open(&ServeOptions { db: db.clone(), token: None }).expect("open store");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let start = Instant::now();
    runtime.block_on(request(&state, "/api/summary"));
    eprintln!(
        "api/cube_load: {:.0} ms for {}",
        start.elapsed().as_secs_f64() * 1e3,
        db.display()
    );
    let mut group = c.benchmark_group("api");
    group
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for (name, uri) in QUERIES {
        group.bench_function(*name, |b| b.to_async(&runtime).iter(|| request(&state, uri)));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
