//! `sitrep extract`: code reports into events and claims.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use sitrep_coding::{Coded, Knowledge, code_document};
use sitrep_io::output::{OutputFormat, Writer};
use sitrep_io::{Input, Item, ReadOptions, read_inputs};
use sitrep_model::{Date, Document};

#[derive(clap::Args)]
pub struct Args {
    /// Publication date for every input (YYYY-MM-DD); overrides dates from metadata, text and path.
    #[arg(long, value_parser = parse_day)]
    published: Option<Date>,
    /// Output format: jsonl (events and claims) or csv (events, ACLED's columns).
    #[arg(long, default_value = "jsonl", value_parser = parse_format)]
    format: OutputFormat,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Largest document to read, in MiB; larger ones are reported and skipped.
    #[arg(long, default_value_t = 8)]
    max_doc_mib: usize,
    #[command(flatten)]
    cameo: crate::cameo::CameoArgs,
    /// Documents coded at once, on this many threads; output order stays the input's. Default: every core.
    #[arg(long, value_name = "N", value_parser = parse_jobs)]
    jobs: Option<usize>,
    /// Files, directories (read recursively) or - for standard input.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
}

fn parse_day(s: &str) -> Result<Date, String> {
    s.parse::<Date>()
        .map_err(|_| format!("{s:?} is not a date; use YYYY-MM-DD"))
}

fn parse_jobs(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("{s:?} is not a number of threads; use 1 or more")),
    }
}

fn parse_format(s: &str) -> Result<OutputFormat, String> {
    match s {
        "jsonl" => Ok(OutputFormat::Jsonl),
        "csv" => Ok(OutputFormat::Csv),
        _ => Err(format!("unknown format {s:?}; use jsonl or csv")),
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    let knowledge = Knowledge::embedded().context("loading the built-in dictionaries")?;
    let cameo = crate::cameo::Cameo::from_args(&args.cameo, &knowledge)?;
    if let Some(c) = &cameo {
        crate::cameo::report_issues(&c.issues, usize::MAX);
    }
    let out: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let writer = Writer::new(out, args.format).context("writing output")?;
    let inputs: Vec<Input> = args.inputs.iter().map(|a| Input::from_arg(a)).collect();
    let opts = ReadOptions {
        max_document_bytes: args.max_doc_mib.saturating_mul(1024 * 1024),
        ..ReadOptions::default()
    };
    let jobs = args.jobs.unwrap_or_else(all_cores);
    let items = read_inputs(&inputs, &opts);
    let mut out = Emitter {
        writer,
        problems: 0,
    };
    let written = if jobs <= 1 {
        code_serial(&knowledge, cameo.as_ref(), items, args.published, &mut out)
    } else {
        code_parallel(
            &knowledge,
            cameo.as_ref(),
            items,
            args.published,
            jobs,
            &mut out,
        )
    };
    if let Err(e) = written {
        return output_error(e);
    }
    let (mut writer, problems) = (out.writer, out.problems);
    if let Err(e) = writer.flush() {
        return output_error(e);
    }
    Ok(if problems > 0 {
        eprintln!("sitrep: {problems} input problem(s); everything else was coded");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// What reading and coding one input item came to, for [`Emitter`].
// Almost every outcome is `Coded`; boxing it would add an allocation per
// document to save space on the rare problems and warnings.
#[allow(clippy::large_enum_variant)]
enum Outcome {
    Coded {
        doc: Document,
        coded: Coded,
        /// The CAMEO codings joined to the events, with `--cameo-*`.
        cameo: Option<crate::cameo::Joined>,
        /// Warnings about the document's publication date.
        warnings: Vec<String>,
    },
    Problem(String),
    Warning(String),
}

/// Codes one item. Runs on any thread: it only reads `knowledge` and the
/// CAMEO dictionaries.
fn code_item(
    knowledge: &Knowledge,
    cameo: Option<&crate::cameo::Cameo>,
    item: Item,
    published: Option<Date>,
) -> Outcome {
    match item {
        Item::Document(mut doc) => {
            let mut warnings = Vec::new();
            fill_published(&mut doc, published, &mut |w| warnings.push(w));
            let coded = code_document(knowledge, &doc);
            let cameo = cameo.map(|c| c.code(knowledge, &doc, &coded.events));
            Outcome::Coded {
                doc,
                coded,
                cameo,
                warnings,
            }
        }
        Item::Problem(p) => Outcome::Problem(p.to_string()),
        Item::Warning(w) => Outcome::Warning(w.to_string()),
    }
}

/// The one place outcomes are written, in input order, so that the output
/// (events numbered per country in output order) and the messages on
/// standard error do not depend on how many threads coded them.
struct Emitter<W: Write> {
    writer: Writer<W>,
    problems: usize,
}

impl<W: Write> Emitter<W> {
    fn emit(&mut self, outcome: Outcome) -> io::Result<()> {
        match outcome {
            Outcome::Coded {
                doc,
                coded,
                cameo,
                warnings,
            } => {
                for w in warnings {
                    eprintln!("sitrep: warning: {w}");
                }
                for d in &coded.diagnostics {
                    eprintln!("sitrep: warning: {}: {}", doc.id, d.message);
                }
                match cameo {
                    None => self.writer.write(&doc, &coded.events, &coded.claims),
                    Some(joined) => self.writer.write_with_cameo(
                        &doc,
                        &coded.events,
                        &coded.claims,
                        &mut |i, r| {
                            if let Some(Some(on)) = joined.on_events.get(i) {
                                on.apply(r);
                            }
                        },
                        &joined.records,
                    ),
                }
            }
            Outcome::Problem(p) => {
                self.problems += 1;
                eprintln!("sitrep: {p}");
                Ok(())
            }
            Outcome::Warning(w) => {
                eprintln!("sitrep: warning: {w}");
                Ok(())
            }
        }
    }
}

/// The number of threads `--jobs` defaults to.
fn all_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Codes items one after the other on this thread.
fn code_serial<W: Write>(
    knowledge: &Knowledge,
    cameo: Option<&crate::cameo::Cameo>,
    items: impl Iterator<Item = Item>,
    published: Option<Date>,
    out: &mut Emitter<W>,
) -> io::Result<()> {
    for item in items {
        out.emit(code_item(knowledge, cameo, item, published))?;
    }
    Ok(())
}

/// Items a worker takes at a time: enough to make the cost of passing them
/// between threads small next to coding them, few enough that a batch of
/// long articles stays small in memory.
const BATCH: usize = 64;

/// A batch also ends once its documents hold this much text, so that long
/// articles are spread over the workers rather than dealt out sixty-four
/// at a time.
const BATCH_BYTES: usize = 64 * 1024;

/// Batches in flight per thread (read, being coded, or coded and waiting
/// for an earlier batch to be written). This bounds memory whatever the
/// input's size: the reader waits for a batch to be written before it
/// reads another past the window.
const WINDOW_PER_JOB: usize = 4;

/// Codes items on `jobs` threads and writes them in input order.
///
/// A reader thread cuts the input stream into numbered batches, the workers
/// code them, and this thread puts them back in order and writes them.
/// Each batch needs a ticket, and a ticket comes back only when a batch
/// has been written, so at most `jobs * WINDOW_PER_JOB` batches are held at
/// any time. When writing fails (a closed pipe), this thread drops its
/// channel ends and the reader and the workers stop at their next send or
/// receive.
fn code_parallel<W: Write>(
    knowledge: &Knowledge,
    cameo: Option<&crate::cameo::Cameo>,
    items: impl Iterator<Item = Item> + Send,
    published: Option<Date>,
    jobs: usize,
    out: &mut Emitter<W>,
) -> io::Result<()> {
    use std::collections::BTreeMap;
    use std::sync::mpsc::sync_channel;
    use std::sync::{Arc, Mutex};

    let window = jobs.saturating_mul(WINDOW_PER_JOB).max(1);
    let (ticket_tx, ticket_rx) = sync_channel::<()>(window);
    for _ in 0..window {
        // The channel holds exactly `window` tickets, so this cannot block.
        let _ = ticket_tx.send(());
    }
    let (work_tx, work_rx) = sync_channel::<(u64, Vec<Item>)>(window);
    let work_rx = Arc::new(Mutex::new(work_rx));
    let (done_tx, done_rx) = sync_channel::<(u64, Vec<Outcome>)>(window);

    std::thread::scope(|scope| {
        // This thread's channel ends move into the scope, so that they are
        // dropped, and the other threads unblocked, as soon as it returns.
        let (ticket_tx, work_rx, done_rx) = (ticket_tx, work_rx, done_rx);
        scope.spawn(move || {
            let mut items = items;
            let mut seq = 0u64;
            loop {
                let mut batch: Vec<Item> = Vec::with_capacity(BATCH);
                let mut bytes = 0;
                while batch.len() < BATCH && bytes < BATCH_BYTES {
                    let Some(item) = items.next() else { break };
                    if let Item::Document(doc) = &item {
                        bytes += doc.text.len();
                    }
                    batch.push(item);
                }
                if batch.is_empty() || ticket_rx.recv().is_err() {
                    return;
                }
                if work_tx.send((seq, batch)).is_err() {
                    return;
                }
                seq += 1;
            }
        });
        for _ in 0..jobs {
            let work_rx = Arc::clone(&work_rx);
            let done_tx = done_tx.clone();
            scope.spawn(move || {
                loop {
                    // The lock is held only while waiting for the next
                    // batch; a poisoned lock means another worker panicked,
                    // and this one stops too.
                    let next = match work_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok((seq, batch)) = next else { return };
                    let coded = batch
                        .into_iter()
                        .map(|item| code_item(knowledge, cameo, item, published))
                        .collect();
                    if done_tx.send((seq, coded)).is_err() {
                        return;
                    }
                }
            });
        }
        drop((done_tx, work_rx));

        let mut waiting: BTreeMap<u64, Vec<Outcome>> = BTreeMap::new();
        let mut next = 0u64;
        for (seq, outcomes) in done_rx {
            waiting.insert(seq, outcomes);
            while let Some(outcomes) = waiting.remove(&next) {
                for outcome in outcomes {
                    out.emit(outcome)?;
                }
                next += 1;
                // The reader may have stopped already; a lost ticket is
                // then of no consequence.
                let _ = ticket_tx.send(());
            }
        }
        Ok(())
    })
}

/// A closed pipe (`sitrep extract ... | head`) is not an error worth a
/// message; anything else is.
fn output_error(e: io::Error) -> Result<ExitCode> {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return Ok(ExitCode::SUCCESS);
    }
    Err(anyhow::Error::new(e).context("writing output"))
}

/// Gives a document its publication date: `--published` first, then its
/// metadata, then a date stated in its text ("first published on March
/// 28, 2018"), then a date in its path, then the file's modification date.
pub fn fill_published(doc: &mut Document, forced: Option<Date>, warn: &mut dyn FnMut(String)) {
    if let Some(d) = forced {
        doc.published = Some(d);
        return;
    }
    if doc.published.is_some() {
        return;
    }
    if let Some((_, d)) = sitrep_dates::find_publication_date(&doc.text) {
        doc.published = Some(d);
        return;
    }
    if let Some(d) = sitrep_dates::date_in_path(&doc.id) {
        doc.published = Some(d);
        return;
    }
    let modified = Path::new(&doc.id)
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| jiff::Timestamp::try_from(t).ok())
        .map(|t| t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date());
    let (date, why) = match modified {
        Some(d) => (d, "the file's modification date"),
        None => (jiff::ZonedDateTime::now().date(), "today's date"),
    };
    warn(format!(
        "{}: no publication date in metadata, text or path; using {why} ({date}); pass --published to set it",
        doc.id
    ));
    doc.published = Some(date);
}
