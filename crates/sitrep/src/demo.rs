//! `sitrep demo`: code the bundled demo corpus and print what it shows.
//!
//! The corpus is compiled into the binary (`data/demo/`), so the demo works
//! from any directory and without the shared development data.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::{Context, Result};
use sitrep_coding::{Knowledge, code_document};
use sitrep_io::{Item, ReadOptions, read_stream};
use sitrep_model::{Claim, ClaimBody, Document, Event};

const SEED_ARTICLE: &str = include_str!("../../../data/demo/isis-k-ghor-2018.txt");
const WIKIPEDIA_AFGHANISTAN: &str = include_str!("../../../data/demo/wikipedia-afghanistan.jsonl");

#[derive(clap::Args)]
pub struct Args {
    /// Also write every coded event and claim as JSON Lines to this file.
    #[arg(long)]
    out: Option<std::path::PathBuf>,
}

/// The demo documents: the seed article, then the Wikipedia rows.
pub fn demo_documents() -> Vec<Document> {
    let opts = ReadOptions::default();
    let mut docs = Vec::new();
    let sources = [
        (
            "data/demo/isis-k-ghor-2018.txt",
            SEED_ARTICLE,
            sitrep_io::Format::Text,
        ),
        (
            "data/demo/wikipedia-afghanistan.jsonl",
            WIKIPEDIA_AFGHANISTAN,
            sitrep_io::Format::JsonLines,
        ),
    ];
    for (name, text, format) in sources {
        let opts = ReadOptions {
            format: Some(format),
            ..opts.clone()
        };
        for item in read_stream(name, std::io::Cursor::new(text.as_bytes().to_vec()), &opts) {
            if let Item::Document(d) = item {
                docs.push(d);
            }
        }
    }
    docs
}

pub fn run(args: Args) -> Result<ExitCode> {
    let knowledge = Knowledge::embedded().context("loading the built-in dictionaries")?;
    let mut docs = demo_documents();
    let mut events: Vec<Event> = Vec::new();
    let mut claims: Vec<Claim> = Vec::new();
    let mut out = match &args.out {
        Some(p) => Some(sitrep_io::output::Writer::new(
            std::io::BufWriter::new(
                std::fs::File::create(p)
                    .with_context(|| format!("cannot create {}", p.display()))?,
            ),
            sitrep_io::output::OutputFormat::Jsonl,
        )?),
        None => None,
    };
    let mut coded_docs = 0;
    for doc in &mut docs {
        crate::extract::fill_published(doc, None, &mut |_| {});
        let coded = code_document(&knowledge, doc);
        if !coded.events.is_empty() {
            coded_docs += 1;
        }
        if let Some(w) = out.as_mut() {
            w.write(doc, &coded.events, &coded.claims)?;
        }
        events.extend(coded.events);
        claims.extend(coded.claims);
    }
    if let Some(w) = out.as_mut() {
        w.flush()?;
    }
    crate::print_out(&summary(docs.len(), coded_docs, &events, &claims))?;
    Ok(ExitCode::SUCCESS)
}

fn top<K: Ord + Clone>(counts: &BTreeMap<K, (usize, u64)>, n: usize) -> Vec<(K, usize, u64)> {
    let mut v: Vec<(K, usize, u64)> = counts
        .iter()
        .map(|(k, (c, f))| (k.clone(), *c, *f))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(n);
    v
}

/// The demo's report: totals, events by type, by province, top actors and
/// the claims.
fn summary(docs: usize, coded_docs: usize, events: &[Event], claims: &[Claim]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let fatalities: u64 = events
        .iter()
        .filter_map(|e| e.fatalities)
        .map(u64::from)
        .sum();
    let _ = writeln!(
        out,
        "sitrep demo: {docs} reports, {coded_docs} with events; {} events, {fatalities} fatalities, {} claims\n",
        events.len(),
        claims.len()
    );
    let mut by_type: BTreeMap<String, (usize, u64)> = BTreeMap::new();
    let mut by_province: BTreeMap<String, (usize, u64)> = BTreeMap::new();
    let mut by_actor: BTreeMap<String, (usize, u64)> = BTreeMap::new();
    for e in events {
        let f = u64::from(e.fatalities.unwrap_or(0));
        let add = |m: &mut BTreeMap<String, (usize, u64)>, k: String| {
            let x = m.entry(k).or_default();
            x.0 += 1;
            x.1 += f;
        };
        add(
            &mut by_type,
            format!("{} / {}", e.event_type(), e.sub_event_type),
        );
        let province = e
            .place
            .as_ref()
            .map(|p| {
                p.admin1
                    .clone()
                    .unwrap_or_else(|| format!("({}, province unknown)", p.country))
            })
            .unwrap_or_else(|| "(unknown)".into());
        add(&mut by_province, province);
        add(&mut by_actor, e.actor1.name.clone());
        if let Some(a2) = &e.actor2 {
            add(&mut by_actor, a2.name.clone());
        }
    }
    let mut table = |title: &str, rows: Vec<(String, usize, u64)>| {
        let _ = writeln!(out, "{title}");
        let _ = writeln!(out, "  {:>6}  {:>10}", "events", "fatalities");
        for (k, c, f) in rows {
            let _ = writeln!(out, "  {c:>6}  {f:>10}  {k}");
        }
        let _ = writeln!(out);
    };
    table("Events by type", top(&by_type, 25));
    table("Events by province", top(&by_province, 40));
    table("Top actors", top(&by_actor, 15));
    let _ = writeln!(out, "Claims");
    for c in claims {
        let line = match &c.body {
            ClaimBody::Strength {
                actor,
                low,
                high,
                as_of,
            } => format!(
                "strength  {}: {}{} (as of {})",
                actor.name,
                low.map(|l| format!("{l}")).unwrap_or_else(|| "?".into()),
                high.map(|h| format!(" to {h}")).unwrap_or_default(),
                as_of.map(|d| d.to_string()).unwrap_or_default()
            ),
            ClaimBody::Relation {
                actor1,
                actor2,
                relation,
            } => {
                format!(
                    "relation  {} {} {}",
                    actor1.name,
                    relation.as_str(),
                    actor2.name
                )
            }
            ClaimBody::Control {
                actor, territory, ..
            } => format!("control   {}: {territory}", actor.name),
        };
        let _ = writeln!(out, "  {line}   [{}]", c.doc_id);
    }
    out
}
