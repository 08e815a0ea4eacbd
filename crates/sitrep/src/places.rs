//! `sitrep places`: every place a report names, resolved, one JSON object
//! per line ([`PlaceRecord`]).
//!
//! It runs the coder's own place stage ([`find_places`]): the same
//! toponyms, the same resolution and the same country hints from actors
//! and demonyms as the event locations of `sitrep extract`, plus the
//! demonyms themselves ("Turkish" stands for Turkey). Documents are
//! processed on `--jobs` threads and written in input order.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use sitrep_coding::{Knowledge, PlaceFound, find_places};
use sitrep_io::output::PlaceRecord;
use sitrep_io::{Input, Item, ReadOptions, read_inputs};
use sitrep_model::Document;

#[derive(clap::Args)]
pub struct Args {
    /// Output format: jsonl (one place mention per line).
    #[arg(long, default_value = "jsonl", value_parser = parse_format)]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Largest document to read, in MiB; larger ones are reported and skipped.
    #[arg(long, default_value_t = 8)]
    max_doc_mib: usize,
    /// Documents processed at once, on this many threads; output order stays the input's. Default: every core.
    #[arg(long, value_name = "N", value_parser = parse_jobs)]
    jobs: Option<usize>,
    /// Files, directories (read recursively) or - for standard input.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Jsonl,
}

fn parse_format(s: &str) -> Result<Format, String> {
    match s {
        "jsonl" => Ok(Format::Jsonl),
        _ => Err(format!("unknown format {s:?}; use jsonl")),
    }
}

fn parse_jobs(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("{s:?} is not a number of threads; use 1 or more")),
    }
}

/// The record of one place mention lying at `point` (see
/// `Gazetteer::locate_all`).
pub fn record(
    knowledge: &Knowledge,
    doc: &Document,
    found: &PlaceFound,
    (latitude, longitude): (f64, f64),
) -> PlaceRecord {
    let g = &knowledge.gazetteer;
    let id = found.place;
    let place = g.place(id, sitrep_model::GeoPrecision::Exact);
    PlaceRecord {
        kind: "place",
        doc_id: doc.id.clone(),
        start: found.span.start,
        end: found.span.end,
        text: doc.slice(found.span).to_string(),
        name: g.name(id).to_string(),
        feature: g.kind(id).as_str(),
        demonym: found.demonym,
        country: place.country,
        country_code: place.country_code.as_str().to_string(),
        iso: place.iso_numeric,
        admin1: place.admin1,
        admin2: place.admin2,
        latitude: round6(latitude),
        longitude: round6(longitude),
        geonameid: place.geonames_id,
        place_id: id.as_u32(),
    }
}

/// Coordinates to six decimals (about 10 cm), as the gazetteer's single
/// precision holds no more: `34.5553` rather than `34.555301666259766`.
fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// The place records of one document.
pub fn records(knowledge: &Knowledge, doc: &Document) -> Vec<PlaceRecord> {
    let found = find_places(knowledge, doc);
    let ids: Vec<_> = found.iter().map(|f| f.place).collect();
    let points = knowledge.gazetteer.locate_all(&ids);
    found
        .iter()
        .zip(points)
        .map(|(f, point)| record(knowledge, doc, f, point))
        .collect()
}

/// Documents read and processed at a time: a bound on memory whatever the
/// input's size.
const CHUNK: usize = 256;

pub fn run(args: Args) -> Result<ExitCode> {
    let Format::Jsonl = args.format;
    let knowledge = Knowledge::embedded().context("loading the built-in dictionaries")?;
    let mut out: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let inputs: Vec<Input> = args.inputs.iter().map(|a| Input::from_arg(a)).collect();
    let opts = ReadOptions {
        max_document_bytes: args.max_doc_mib.saturating_mul(1024 * 1024),
        ..ReadOptions::default()
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let mut problems = 0usize;
    let mut items = read_inputs(&inputs, &opts).peekable();
    while items.peek().is_some() {
        let mut docs = Vec::with_capacity(CHUNK);
        for item in items.by_ref().take(CHUNK) {
            match item {
                Item::Document(doc) => docs.push(doc),
                Item::Problem(p) => {
                    problems += 1;
                    eprintln!("sitrep: {p}");
                }
                Item::Warning(w) => eprintln!("sitrep: warning: {w}"),
            }
        }
        for recs in process(&knowledge, &docs, jobs) {
            for r in recs {
                let line = serde_json::to_string(&r).context("encoding a place record")?;
                if let Err(e) = writeln!(out, "{line}") {
                    return output_error(e);
                }
            }
        }
    }
    if let Err(e) = out.flush() {
        return output_error(e);
    }
    Ok(if problems > 0 {
        eprintln!("sitrep: {problems} input problem(s); everything else was read");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The records of each document, in document order, computed on up to
/// `jobs` threads (each takes a contiguous run, so the order never depends
/// on scheduling).
pub fn process(knowledge: &Knowledge, docs: &[Document], jobs: usize) -> Vec<Vec<PlaceRecord>> {
    crate::parallel::ordered_map(docs, jobs, |d| records(knowledge, d))
}

/// A closed pipe (`sitrep places ... | head`) ends the output quietly.
fn output_error(e: io::Error) -> Result<ExitCode> {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return Ok(ExitCode::SUCCESS);
    }
    Err(anyhow::Error::new(e).context("writing output"))
}
