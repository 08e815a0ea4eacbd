//! `sitrep extract`: code reports into events and claims.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use sitrep_coding::{Knowledge, code_document};
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
    /// Files, directories (read recursively) or - for standard input.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
}

fn parse_day(s: &str) -> Result<Date, String> {
    s.parse::<Date>()
        .map_err(|_| format!("{s:?} is not a date; use YYYY-MM-DD"))
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
    let mut writer = Writer::new(out, args.format).context("writing output")?;
    let inputs: Vec<Input> = args.inputs.iter().map(|a| Input::from_arg(a)).collect();
    let opts = ReadOptions {
        max_document_bytes: args.max_doc_mib.saturating_mul(1024 * 1024),
        ..ReadOptions::default()
    };
    let mut problems = 0usize;
    for item in read_inputs(&inputs, &opts) {
        match item {
            Item::Document(mut doc) => {
                fill_published(&mut doc, args.published, &mut |w| {
                    eprintln!("sitrep: warning: {w}")
                });
                let coded = code_document(&knowledge, &doc);
                for d in &coded.diagnostics {
                    eprintln!("sitrep: warning: {}: {}", doc.id, d.message);
                }
                let written = match &cameo {
                    None => writer.write(&doc, &coded.events, &coded.claims),
                    Some(c) => {
                        let joined = c.code(&knowledge, &doc, &coded.events);
                        writer.write_with_cameo(
                            &doc,
                            &coded.events,
                            &coded.claims,
                            &mut |i, r| {
                                if let Some(Some(on)) = joined.on_events.get(i) {
                                    on.apply(r);
                                }
                            },
                            &joined.records,
                        )
                    }
                };
                if let Err(e) = written {
                    return output_error(e);
                }
            }
            Item::Problem(p) => {
                problems += 1;
                eprintln!("sitrep: {p}");
            }
            Item::Warning(w) => eprintln!("sitrep: warning: {w}"),
        }
    }
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
