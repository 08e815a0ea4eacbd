//! `sitrep enqueue` and `sitrep worker`: distributed coding over a NATS
//! JetStream work queue.
//!
//! `enqueue` reads inputs exactly as `sitrep ingest` does and publishes each
//! document (JSON) to a work-queue stream, waiting for every publish ack, so
//! the stream's sequence numbers are the input order. Any number of
//! `worker` processes pull batches through one durable consumer (explicit
//! ack), code them on `--jobs` threads, stage them in the store under their
//! stream sequence, and only then acknowledge; then they merge the staged
//! run in sequence order (`sitrep_store`'s `stage` module has the rules).
//! A worker killed at any point loses nothing: an unacknowledged message is
//! redelivered after the consumer's ack wait, and a redelivery stages
//! nothing twice. The store ends up exactly as `sitrep ingest` of the same
//! inputs in the same order makes it.
//!
//! The NATS client is async; it runs on a current-thread tokio runtime
//! owned by the command, and coding runs on plain threads.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use async_nats::jetstream::{self, consumer, stream};
use futures_util::StreamExt;
use sitrep_coding::{Coded, Knowledge, code_document};
use sitrep_io::{Input, Item, ReadOptions, read_inputs};
use sitrep_model::{Date, Document};
use sitrep_store::{IngestOutcome, IngestSummary, MergeSummary, Store};

use crate::store_cmds::{DbArg, summary_line};

/// The queue options both commands share.
#[derive(clap::Args, Clone)]
pub struct QueueArg {
    /// The NATS server (JetStream enabled).
    #[arg(long, value_name = "URL", default_value = "nats://127.0.0.1:4222")]
    pub queue: String,
    /// The work-queue stream (created if missing; its subject is STREAM.docs).
    #[arg(long, default_value = "sitrep-docs")]
    pub stream: String,
}

impl QueueArg {
    fn subject(&self) -> String {
        format!("{}.docs", self.stream)
    }

    /// The durable consumer every worker of this stream shares.
    fn consumer(&self) -> String {
        format!("{}-workers", self.stream)
    }
}

#[derive(clap::Args)]
pub struct EnqueueArgs {
    #[command(flatten)]
    pub queue: QueueArg,
    /// Publication date for every input (YYYY-MM-DD); overrides metadata, text and path.
    #[arg(long, value_parser = parse_day)]
    pub published: Option<Date>,
    /// Files, directories (read recursively) or - for standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
}

#[derive(clap::Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    pub queue: QueueArg,
    #[command(flatten)]
    pub db: DbArg,
    /// Coding threads (default: the number of cores).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Stop once the stream has been empty this many seconds (default: run until Ctrl-C or SIGTERM).
    #[arg(long, value_name = "SECS")]
    pub idle_exit: Option<u64>,
    /// Seconds a delivered message may stay unacknowledged before NATS redelivers it (set when the consumer is created).
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    pub ack_wait: u64,
    /// Messages pulled per round (default: 32 per coding thread).
    #[arg(long, value_name = "N")]
    pub batch: Option<usize>,
    /// Print a line for every batch pulled (its size and stream sequences).
    #[arg(long, short)]
    pub verbose: bool,
}

fn parse_day(s: &str) -> Result<Date, String> {
    s.parse::<Date>()
        .map_err(|_| format!("{s:?} is not a date; use YYYY-MM-DD"))
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the NATS client's runtime")
}

/// Connects and returns the work-queue stream, creating it when missing.
async fn open_stream(
    q: &QueueArg,
) -> Result<(async_nats::Client, jetstream::Context, stream::Stream)> {
    let client = async_nats::connect(&q.queue)
        .await
        .with_context(|| format!("cannot connect to NATS at {}", q.queue))?;
    let js = jetstream::new(client.clone());
    let stream = js
        .get_or_create_stream(stream::Config {
            name: q.stream.clone(),
            subjects: vec![q.subject()],
            // Work-queue retention: a message is removed when a worker
            // acknowledges it, and never otherwise (no age or size limits),
            // which the merge's gap rule relies on.
            retention: stream::RetentionPolicy::WorkQueue,
            storage: stream::StorageType::File,
            ..Default::default()
        })
        .await
        .with_context(|| {
            format!(
                "cannot open or create the stream {} on {} (is JetStream enabled: nats-server -js?)",
                q.stream, q.queue
            )
        })?;
    Ok((client, js, stream))
}

// ---------------------------------------------------------------- enqueue

/// Publishes at most this many documents before waiting for their acks:
/// publishes on one connection keep their order, so sequence numbers still
/// follow the input order.
const PUBLISH_WINDOW: usize = 256;

pub fn enqueue(args: EnqueueArgs) -> Result<ExitCode> {
    let rt = runtime()?;
    let (client, js, _stream) = rt.block_on(open_stream(&args.queue))?;
    let max_payload = client.server_info().max_payload;
    let subject = args.queue.subject();
    let inputs: Vec<Input> = args.inputs.iter().map(|a| Input::from_arg(a)).collect();
    let mut problems = 0usize;
    let (mut published, mut bytes) = (0u64, 0u64);
    let (mut first, mut last) = (None, 0u64);
    let mut pending = Vec::new();
    let flush = |pending: &mut Vec<(String, jetstream::context::PublishAckFuture)>,
                 first: &mut Option<u64>,
                 last: &mut u64|
     -> Result<()> {
        rt.block_on(async {
            for (id, ack) in pending.drain(..) {
                let ack = ack
                    .await
                    .with_context(|| format!("NATS did not confirm document {id}"))?;
                first.get_or_insert(ack.sequence);
                *last = ack.sequence;
            }
            Ok(())
        })
    };
    for item in read_inputs(&inputs, &ReadOptions::default()) {
        match item {
            Item::Document(mut doc) => {
                crate::extract::fill_published(&mut doc, args.published, &mut |w| {
                    eprintln!("sitrep: warning: {w}")
                });
                let payload = serde_json::to_vec(&doc)?;
                if payload.len() > max_payload {
                    problems += 1;
                    eprintln!(
                        "sitrep: {}: {} bytes as JSON, more than the server's max_payload of {} bytes; not enqueued",
                        doc.id,
                        payload.len(),
                        max_payload
                    );
                    continue;
                }
                bytes += doc.text.len() as u64;
                let ack = rt
                    .block_on(js.publish(subject.clone(), payload.into()))
                    .with_context(|| format!("publishing document {} to {}", doc.id, subject))?;
                pending.push((doc.id, ack));
                published += 1;
                if pending.len() >= PUBLISH_WINDOW {
                    flush(&mut pending, &mut first, &mut last)?;
                }
            }
            Item::Problem(p) => {
                problems += 1;
                eprintln!("sitrep: {p}");
            }
            Item::Warning(w) => eprintln!("sitrep: warning: {w}"),
        }
    }
    flush(&mut pending, &mut first, &mut last)?;
    let range = match first {
        Some(f) => format!(" (sequences {f}-{last})"),
        None => String::new(),
    };
    eprintln!(
        "sitrep: {published} documents ({:.1} MB of text) enqueued on stream {}{range}",
        bytes as f64 / 1e6,
        args.queue.stream
    );
    Ok(if problems > 0 {
        eprintln!("sitrep: {problems} input problem(s); everything else was enqueued");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

// ---------------------------------------------------------------- worker

/// Messages fetched per round, per coding thread. Every round costs two
/// store commits (staging, then merging) and on a durable PostgreSQL each
/// commit waits for a disk flush, so a round must carry enough documents
/// to amortise them (one store batch, `BATCH_DOCUMENTS`, per thread);
/// coding that many takes milliseconds, far inside the ack wait.
const FETCH_PER_JOB: usize = sitrep_store::BATCH_DOCUMENTS;

/// How long one fetch waits for messages before the worker checks for
/// shutdown, idleness and a merge to finish.
const FETCH_WAIT: Duration = Duration::from_secs(1);

/// A message in hand: its stream sequence and document.
struct Delivery {
    seq: u64,
    doc: Document,
    message: jetstream::Message,
}

pub fn worker(args: WorkerArgs) -> Result<ExitCode> {
    let knowledge = Knowledge::embedded().context("loading the built-in dictionaries")?;
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let db = &args.db.db;
    let mut store = Store::open(db).with_context(|| {
        format!(
            "cannot open or create the store {}",
            crate::store_cmds::shown(db)
        )
    })?;
    let rt = runtime()?;
    let stop = Arc::new(AtomicBool::new(false));
    rt.spawn(watch_signals(stop.clone()));
    let (_client, _js, stream) = rt.block_on(open_stream(&args.queue))?;
    let info = rt.block_on(stream.get_info())?;
    // The queue's identity: a stream deleted and created again numbers
    // from 1 again, and the store must not take it for the old one.
    let queue = format!(
        "{}@{}",
        args.queue.stream,
        info.created.unix_timestamp_nanos()
    );
    let consumer: consumer::PullConsumer = rt
        .block_on(stream.get_or_create_consumer(
            &args.queue.consumer(),
            consumer::pull::Config {
                durable_name: Some(args.queue.consumer()),
                ack_policy: consumer::AckPolicy::Explicit,
                ack_wait: Duration::from_secs(args.ack_wait.max(1)),
                // Redeliver until some worker stages it: a message is only
                // dropped by acknowledging it.
                max_deliver: -1,
                ..Default::default()
            },
        ))
        .with_context(|| format!("cannot create the consumer {}", args.queue.consumer()))?;

    let per_fetch = args.batch.unwrap_or(jobs * FETCH_PER_JOB).max(1);
    // The stream's first sequence, as last read (see `stage` in
    // sitrep-store for why a merge may only skip below it).
    let mut first = info.state.first_sequence;
    let mut tally = WorkerTally::default();
    let mut idle_since: Option<Instant> = None;
    while !stop.load(Ordering::Relaxed) {
        let batch = rt.block_on(fetch(&consumer, per_fetch))?;
        if batch.is_empty() {
            let state = rt.block_on(stream.get_info())?.state;
            first = state.first_sequence;
            merge(&mut store, &queue, first, &mut tally, db)?;
            if state.messages > 0 {
                idle_since = None;
                continue;
            }
            let since = *idle_since.get_or_insert_with(Instant::now);
            if args
                .idle_exit
                .is_some_and(|secs| since.elapsed() >= Duration::from_secs(secs))
            {
                break;
            }
            continue;
        }
        idle_since = None;
        let mut deliveries = Vec::with_capacity(batch.len());
        for message in batch {
            let seq = match message.info() {
                Ok(info) => {
                    // A message delivered before and never acknowledged:
                    // its first worker died or ran past the ack wait.
                    if info.delivered > 1 {
                        tally.redeliveries += 1;
                    }
                    info.stream_sequence
                }
                Err(e) => {
                    // Without its sequence the message cannot be placed;
                    // leave it for redelivery.
                    eprintln!("sitrep: warning: a message without JetStream metadata: {e}");
                    continue;
                }
            };
            match serde_json::from_slice::<Document>(&message.payload) {
                Ok(doc) => deliveries.push(Delivery { seq, doc, message }),
                Err(e) => {
                    // Not a document: acknowledge it unstaged, which the
                    // merge's gap rule then skips once it has left the queue.
                    eprintln!(
                        "sitrep: warning: stream sequence {seq} is not a document ({e}); dropped"
                    );
                    tally.dropped += 1;
                    rt.block_on(message.double_ack())
                        .map_err(|e| anyhow!("acknowledging sequence {seq}: {e}"))?;
                }
            }
        }
        if args.verbose
            && let (Some(a), Some(b)) = (deliveries.first(), deliveries.last())
        {
            eprintln!(
                "sitrep: worker: coding {} documents (stream sequences {}-{})",
                deliveries.len(),
                a.seq,
                b.seq
            );
        }
        let docs: Vec<&Document> = deliveries.iter().map(|d| &d.doc).collect();
        let started = Instant::now();
        let coded = code_parallel(&knowledge, &docs, jobs);
        tally.coding += started.elapsed();
        let items: Vec<(u64, &Document, &Coded)> = deliveries
            .iter()
            .zip(&coded)
            .map(|(d, c)| (d.seq, &d.doc, c))
            .collect();
        // Staged and, when the batch follows the cursor, merged in the same
        // transaction (one commit); `first` is from before the batch was
        // fetched, which only makes the merge skip less.
        let (staged, merged) = store
            .stage_and_merge(&queue, &items, first, report_diagnostics)
            .with_context(|| format!("staging in the store {}", crate::store_cmds::shown(db)))?;
        tally.add_merge(&merged);
        tally.staged += staged.staged;
        tally.already += staged.redelivered;
        tally.bytes += docs.iter().map(|d| d.text.len() as u64).sum::<u64>();
        // Staged and committed: only now may the queue forget them.
        // All acknowledgements in flight at once (one round trip, not one
        // per message); each still waits for the server's confirmation.
        rt.block_on(futures_util::future::try_join_all(deliveries.iter().map(
            |d| async move {
                d.message
                    .double_ack()
                    .await
                    .map_err(|e| anyhow!("acknowledging sequence {}: {e}", d.seq))
            },
        )))?;
        // What this batch's acknowledgements let the next merge skip.
        first = rt.block_on(stream.get_info())?.state.first_sequence;
        // Staged documents of other workers waiting behind this batch
        // were merged with it; nothing else can have become mergeable.
        if merged.waiting > 0 {
            merge(&mut store, &queue, first, &mut tally, db)?;
        }
    }
    // Whatever this worker staged last may now be mergeable.
    let first = rt.block_on(stream.get_info())?.state.first_sequence;
    merge(&mut store, &queue, first, &mut tally, db)?;
    let waiting = store.stage_status()?.map_or(0, |(_, _, w)| w);
    eprintln!(
        "sitrep: worker: {} documents coded and staged, {} already staged or merged, {} redeliveries, {} dropped, in {:.1} s of coding ({:.2} MB); merged {}; {} sequences skipped; {waiting} staged documents wait for earlier sequences",
        tally.staged,
        tally.already,
        tally.redeliveries,
        tally.dropped,
        tally.coding.as_secs_f64(),
        tally.bytes as f64 / 1e6,
        summary_line(&tally.merged),
        tally.skipped
    );
    Ok(ExitCode::SUCCESS)
}

impl WorkerTally {
    fn add_merge(&mut self, m: &MergeSummary) {
        self.merged.absorb(&m.ingest);
        self.skipped += m.skipped;
    }
}

#[derive(Default)]
struct WorkerTally {
    staged: u64,
    already: u64,
    redeliveries: u64,
    dropped: u64,
    skipped: u64,
    bytes: u64,
    coding: Duration,
    merged: IngestSummary,
}

/// Sets `stop` on Ctrl-C or SIGTERM; the worker finishes the batch in hand
/// (stages, acknowledges and merges it) and exits.
async fn watch_signals(stop: Arc<AtomicBool>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let Ok(mut term) = signal(SignalKind::terminate()) else {
            return;
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
    stop.store(true, Ordering::Relaxed);
}

/// One pull: up to `max` messages, waiting at most [`FETCH_WAIT`].
async fn fetch(consumer: &consumer::PullConsumer, max: usize) -> Result<Vec<jetstream::Message>> {
    let mut batch = consumer
        .fetch()
        .max_messages(max)
        .expires(FETCH_WAIT)
        .messages()
        .await
        .map_err(|e| anyhow!("fetching from the queue: {e}"))?;
    let mut out = Vec::new();
    while let Some(message) = batch.next().await {
        out.push(message.map_err(|e| anyhow!("fetching from the queue: {e}"))?);
    }
    Ok(out)
}

/// Codes documents on `jobs` threads; the result is in input order.
fn code_parallel(knowledge: &Knowledge, docs: &[&Document], jobs: usize) -> Vec<Coded> {
    crate::parallel::ordered_map(docs, jobs, |d| code_document(knowledge, d))
}

/// Prints the coder's diagnostics of a document once it is merged.
fn report_diagnostics(doc: &Document, outcome: &IngestOutcome) {
    if let IngestOutcome::Stored(s) = outcome {
        for d in &s.diagnostics {
            eprintln!("sitrep: warning: {}: {}", doc.id, d.message);
        }
    }
}

fn merge(
    store: &mut Store,
    queue: &str,
    first: u64,
    tally: &mut WorkerTally,
    db: &Path,
) -> Result<()> {
    let m = store
        .merge_staged(queue, first, report_diagnostics)
        .with_context(|| {
            format!(
                "merging staged documents into the store {}",
                crate::store_cmds::shown(db)
            )
        })?;
    tally.add_merge(&m);
    Ok(())
}
