//! `sitrep demo`: ingest the bundled demo corpus into a store and print
//! what it shows.
//!
//! The corpus is compiled into the binary (`data/demo/`), so the demo works
//! from any directory and without the shared development data. Running it
//! again changes nothing: the store keeps each report once.

use std::process::ExitCode;

use anyhow::{Context, Result};
use sitrep_coding::Knowledge;
use sitrep_io::{Item, ReadOptions, read_stream};
use sitrep_model::Document;

const SEED_ARTICLE: &str = include_str!("../../../data/demo/isis-k-ghor-2018.txt");
const WIKIPEDIA_AFGHANISTAN: &str = include_str!("../../../data/demo/wikipedia-afghanistan.jsonl");

#[derive(clap::Args)]
pub struct Args {
    /// The store to build, a file or a postgres:// URL (ingesting the
    /// demo again changes nothing).
    #[arg(long, default_value = "sitrep-demo.db", value_name = "PATH|URL")]
    db: std::path::PathBuf,
    /// Print the summary and stop instead of serving the dashboard.
    #[arg(long)]
    no_serve: bool,
    /// Where the dashboard listens.
    #[arg(long, default_value = "127.0.0.1:8642")]
    addr: std::net::SocketAddr,
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
    for doc in &mut docs {
        crate::extract::fill_published(doc, None, &mut |_| {});
    }
    let mut store = sitrep_store::Store::open(&args.db).with_context(|| {
        format!(
            "cannot open or create the store {}",
            crate::store_cmds::shown(&args.db)
        )
    })?;
    let tally = store
        .ingest_documents(&knowledge, docs.iter(), |_, _| {})
        .with_context(|| {
            format!(
                "writing to the store {}",
                crate::store_cmds::shown(&args.db)
            )
        })?;
    let mut out = format!(
        "sitrep demo: the seed article and {} Wikipedia incident descriptions from Afghanistan, in {}\n{}\n\n",
        docs.len().saturating_sub(1),
        crate::store_cmds::shown(&args.db),
        crate::store_cmds::summary_line(&tally)
    );
    out.push_str(&crate::store_cmds::summary_text(&store)?);
    out.push_str(&claims_text(&store)?);
    out.push_str(&format!(
        "\nExplore: sitrep events --db {db}   sitrep actor Taliban --db {db}   sitrep incident ID --db {db}\n",
        db = crate::store_cmds::shown(&args.db)
    ));
    crate::print_out(&out)?;
    drop(store);
    if args.no_serve {
        return Ok(ExitCode::SUCCESS);
    }
    println!("\nThe dashboard follows (Ctrl-C stops it; `demo --no-serve` only prints).");
    crate::serve::serve(&args.db, args.addr, None, true)
}

/// The claims in the store, actor by actor.
fn claims_text(store: &sitrep_store::Store) -> Result<String> {
    use std::fmt::Write;
    let mut out = String::from("Claims\n");
    for a in store.actors()?.iter().filter(|a| a.claims > 0) {
        let Some(p) = store.actor_profile(&a.name)? else {
            continue;
        };
        for s in &p.strength {
            let range = match (s.low, s.high) {
                (Some(l), Some(h)) if l == h => format!("{l}"),
                (Some(l), Some(h)) => format!("{l}-{h}"),
                (Some(l), None) => format!("at least {l}"),
                (None, Some(h)) => format!("up to {h}"),
                (None, None) => "?".into(),
            };
            let _ = writeln!(out, "  strength  {}: {range}  [{}]", p.name, s.from.doc_id);
        }
        for r in p.relations.iter().filter(|r| r.actor_is_first) {
            let _ = writeln!(
                out,
                "  relation  {} {} {}  [{}]",
                p.name,
                r.relation.as_str(),
                r.other,
                r.from.doc_id
            );
        }
        for t in &p.territory {
            let _ = writeln!(
                out,
                "  control   {}: {}  [{}]",
                p.name, t.territory, t.from.doc_id
            );
        }
    }
    Ok(out)
}
