//! The dictionary floor and a per-stage profile, over a JSON Lines corpus.
//!
//! Not a statistical benchmark (`stages.rs` is): a measuring tool for
//! `bench/run.sh`. It builds the [`Knowledge`] once, reads every document
//! of the corpus into memory, and then times, each over the whole corpus:
//!
//! - `floor`: the bare pass of the compiled dictionaries, with no analysis —
//!   tokens, one pass of the actor and demonym automaton, the lexicon's
//!   lookups over the document's tokens, and a gazetteer lookup for every
//!   word n-gram up to the longest name that starts with its first word.
//!   No coder that uses these dictionaries can be faster than this;
//! - `code`: [`code_document`] on every document, the full pipeline minus
//!   reading and writing;
//! - with `--stages`, each analysis stage alone, the way the coder calls it.
//!
//! ```sh
//! cargo bench -p sitrep-coding --bench floor -- CORPUS.jsonl [--stages] [--repeat N]
//! ```
//!
//! Output is one `name seconds MB/s docs/s` line per measurement, the
//! fastest of `--repeat` runs (default 3), for the script to parse.
//!
//! `--phoenix DIR` also builds a second actor dictionary with every name of
//! the Phoenix actor dictionaries (`DIR/Phoenix.*.actors.txt`, PETRARCH's
//! format) added as plain actors, to show what a dictionary twenty times
//! larger costs: `floor-phoenix` and `code-phoenix` are measured in the same
//! process as `floor` and `code`, their passes alternating (plain, Phoenix,
//! plain, ...) so that a change in the machine's load hits both alike; a
//! `phoenix-names 0 0 N` line gives the number of names.
//!
//! The tool uses the same allocator as the `sitrep` binary (mimalloc), so
//! the in-process figures are those of the product.

use std::hint::black_box;
use std::time::{Duration, Instant};

use sitrep_coding::{Knowledge, code_document};
use sitrep_geo::GeoContext;
use sitrep_model::{Date, Document};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Corpus {
    docs: Vec<Document>,
    bytes: usize,
}

fn read_corpus(path: &str) -> Corpus {
    let raw = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let mut docs = Vec::new();
    let mut bytes = 0;
    for line in raw.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON object per line");
        let text = v["text"].as_str().unwrap_or("").to_string();
        bytes += text.len();
        let mut doc = Document::new(v["id"].as_str().unwrap_or(""), text);
        doc.published = v["published"].as_str().and_then(|d| d.parse::<Date>().ok());
        docs.push(doc);
    }
    Corpus { docs, bytes }
}

/// The names of PETRARCH actor files (`NAME_WITH_UNDERSCORES [CODE]`, `+`
/// for synonyms, `#` comments), as one extra actor dictionary source: one
/// entry per distinct name, each its own alias.
fn phoenix_source(dir: &str) -> (String, usize) {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("Phoenix.") && n.ends_with(".actors.txt"))
        })
        .collect();
    files.sort();
    let mut seen = std::collections::HashSet::new();
    let mut toml = String::new();
    for path in files {
        let raw = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for line in String::from_utf8_lossy(&raw).lines() {
            let line = line.trim_start_matches('+');
            let name = line
                .split(['[', ';', '#', '\t', '{'])
                .next()
                .unwrap_or("")
                .replace('_', " ");
            let name = name.trim();
            // Names need three letters, and a plain alias is letters, digits,
            // spaces and the punctuation of names.
            if name.chars().filter(|c| c.is_alphabetic()).count() < 3
                || !name
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '\'' | '&'))
                || !seen.insert(name.to_lowercase())
            {
                continue;
            }
            let title: String = name
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(|w| {
                    let mut cs = w.chars();
                    cs.next()
                        .map(|c| {
                            c.to_uppercase()
                                .chain(cs.flat_map(char::to_lowercase))
                                .collect()
                        })
                        .unwrap_or_default()
                })
                .collect::<Vec<String>>()
                .join(" ");
            toml.push_str(&format!(
                "[[actor]]\nname = \"Phoenix: {title}\"\ninter = 8\naliases = [\"{title}\"]\n\n"
            ));
        }
    }
    (toml, seen.len())
}

/// The bare dictionary pass over one document: what every coder built on
/// these dictionaries has to do at least.
fn floor(k: &Knowledge, doc: &Document) -> usize {
    let text = doc.text.as_str();
    let mut hits = 0;
    let tokens: Vec<_> = sitrep_text::tokenize(text, 0..text.len())
        .into_iter()
        .map(|t| t.start..t.end)
        .collect();
    let (actors, demonyms) = k.actors.find_with_demonyms(text);
    hits += actors.len() + demonyms.len();
    hits += k.lexicon.find(text, &tokens).len();
    hits += k.gazetteer.count_names(text);
    hits
}

/// Every analysis stage the coder runs, each timed alone.
fn stages(k: &Knowledge, docs: &[Document], times: &mut [(&'static str, Duration)]) {
    let mut clock = |slot: usize, since: Instant| times[slot].1 += since.elapsed();
    for doc in docs {
        let published = doc.published.unwrap_or(Date::constant(2000, 1, 1));
        let t = Instant::now();
        let norm = sitrep_text::Normalized::new(&doc.text);
        clock(0, t);
        let text = norm.text();
        let t = Instant::now();
        let sentences = sitrep_text::sentences(text);
        black_box(sitrep_text::paragraphs(text));
        clock(1, t);
        for range in sentences {
            let t = Instant::now();
            let tokens: Vec<_> = sitrep_text::tokenize(text, range.clone())
                .into_iter()
                .map(|t| t.start..t.end)
                .collect();
            clock(2, t);
            let t = Instant::now();
            black_box(k.lexicon.find(text, &tokens));
            clock(3, t);
            let slice = text.get(range).unwrap_or("");
            let t = Instant::now();
            black_box(sitrep_text::find_quantities(slice));
            clock(4, t);
            let t = Instant::now();
            black_box(sitrep_dates::find_dates(slice, published));
            clock(5, t);
        }
        let t = Instant::now();
        black_box(k.actors.find(text));
        clock(6, t);
        let t = Instant::now();
        black_box(k.actors.find_demonyms(text));
        clock(7, t);
        let t = Instant::now();
        let toponyms = k.gazetteer.find_toponyms(text);
        clock(8, t);
        let t = Instant::now();
        black_box(k.gazetteer.resolve(text, &toponyms, &GeoContext::default()));
        clock(9, t);
    }
}

/// Every stage's output, for checking that an optimisation changed
/// nothing: `--dump` output before and after must be identical.
fn dump(k: &Knowledge, docs: &[Document], out: &mut impl std::io::Write) -> std::io::Result<()> {
    for doc in docs {
        let published = doc.published.unwrap_or(Date::constant(2000, 1, 1));
        let norm = sitrep_text::Normalized::new(&doc.text);
        let text = norm.text();
        writeln!(out, "== {}", doc.id)?;
        writeln!(out, "paragraphs {:?}", sitrep_text::paragraphs(text))?;
        for range in sitrep_text::sentences(text) {
            let tokens: Vec<_> = sitrep_text::tokenize(text, range.clone());
            writeln!(out, "sentence {range:?} {tokens:?}")?;
            let tokens: Vec<_> = tokens.into_iter().map(|t| t.start..t.end).collect();
            writeln!(out, "cues {:?}", k.lexicon.find(text, &tokens))?;
            let slice = text.get(range).unwrap_or("");
            writeln!(out, "quantities {:?}", sitrep_text::find_quantities(slice))?;
            writeln!(
                out,
                "dates {:?}",
                sitrep_dates::find_dates(slice, published)
            )?;
        }
        let actors = k.actors.find(text);
        let demonyms = k.actors.find_demonyms(text);
        let (both_actors, both_demonyms) = k.actors.find_with_demonyms(text);
        assert_eq!(format!("{actors:?}"), format!("{both_actors:?}"));
        assert_eq!(demonyms, both_demonyms);
        writeln!(out, "actors {actors:?}")?;
        writeln!(out, "demonyms {demonyms:?}")?;
        let toponyms = k.gazetteer.find_toponyms(text);
        writeln!(out, "toponyms {toponyms:?}")?;
        let resolved = k.gazetteer.resolve(text, &toponyms, &GeoContext::default());
        writeln!(out, "resolved {resolved:?}")?;
        writeln!(out, "names {}", k.gazetteer.count_names(text))?;
    }
    Ok(())
}

fn report(name: &str, d: Duration, corpus: &Corpus) {
    let s = d.as_secs_f64().max(1e-9);
    println!(
        "{name} {s:.4} {:.2} {:.0}",
        corpus.bytes as f64 / 1e6 / s,
        corpus.docs.len() as f64 / s
    );
}

/// The fastest of `repeat` passes with `k`, and when `other` is given the
/// fastest of as many passes with it, the two alternating.
fn best_of_pair(
    repeat: usize,
    k: &Knowledge,
    other: Option<&Knowledge>,
    pass: impl Fn(&Knowledge),
) -> (Duration, Option<Duration>) {
    let time = |k: &Knowledge| {
        let t = Instant::now();
        pass(k);
        t.elapsed()
    };
    let mut best = Duration::MAX;
    let mut best_other = other.map(|_| Duration::MAX);
    for _ in 0..repeat.max(1) {
        best = best.min(time(k));
        if let (Some(o), Some(b)) = (other, best_other.as_mut()) {
            *b = (*b).min(time(o));
        }
    }
    (best, best_other)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo bench` adds `--bench`; anything else starting with "--" is ours.
    // The corpus is the first argument that is neither a flag nor the
    // value of one.
    let path = args
        .iter()
        .enumerate()
        .find(|&(i, a)| {
            !a.starts_with("--")
                && (i == 0 || !matches!(args[i - 1].as_str(), "--repeat" | "--phoenix"))
        })
        .map(|(_, a)| a.clone())
        .unwrap_or_else(|| "data/demo/wikipedia-afghanistan.jsonl".into());
    let repeat = args
        .iter()
        .position(|a| a == "--repeat")
        .and_then(|p| args.get(p + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    let with_stages = args.iter().any(|a| a == "--stages");
    let with_dump = args.iter().any(|a| a == "--dump");

    let phoenix = args
        .iter()
        .position(|a| a == "--phoenix")
        .and_then(|p| args.get(p + 1))
        .cloned();
    let t = Instant::now();
    let k = Knowledge::embedded().expect("the embedded dictionaries build");
    let with_phoenix = phoenix.as_ref().map(|dir| {
        let (extra, names) = phoenix_source(dir);
        let mut sources = sitrep_actors::EMBEDDED_SOURCES.to_vec();
        sources.push(("Phoenix actors", &extra));
        let mut kp = Knowledge::embedded().expect("the embedded dictionaries build");
        kp.actors = sitrep_actors::ActorDictionary::from_sources(&sources)
            .unwrap_or_else(|e| panic!("the Phoenix names do not compile: {e}"));
        println!("phoenix-names 0 0 {names}");
        kp
    });
    let corpus = read_corpus(&path);
    eprintln!(
        "knowledge built in {:.3} s; {} documents, {:.2} MB of text",
        t.elapsed().as_secs_f64(),
        corpus.docs.len(),
        corpus.bytes as f64 / 1e6
    );

    if with_dump {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        dump(&k, &corpus.docs, &mut out).expect("writing the dump");
        return;
    }
    let floor_pass = |k: &Knowledge| {
        for doc in &corpus.docs {
            black_box(floor(k, doc));
        }
    };
    let code_pass = |k: &Knowledge| {
        for doc in &corpus.docs {
            black_box(code_document(k, doc));
        }
    };
    let (d, dp) = best_of_pair(repeat, &k, with_phoenix.as_ref(), floor_pass);
    report("floor", d, &corpus);
    if let Some(dp) = dp {
        report("floor-phoenix", dp, &corpus);
    }
    let (d, dp) = best_of_pair(repeat, &k, with_phoenix.as_ref(), code_pass);
    report("code", d, &corpus);
    if let Some(dp) = dp {
        report("code-phoenix", dp, &corpus);
    }
    if with_stages {
        let mut times = [
            ("stage/normalize", Duration::ZERO),
            ("stage/sentences", Duration::ZERO),
            ("stage/tokens", Duration::ZERO),
            ("stage/lexicon", Duration::ZERO),
            ("stage/quantities", Duration::ZERO),
            ("stage/dates", Duration::ZERO),
            ("stage/actors", Duration::ZERO),
            ("stage/demonyms", Duration::ZERO),
            ("stage/toponyms", Duration::ZERO),
            ("stage/resolve", Duration::ZERO),
        ];
        stages(&k, &corpus.docs, &mut times);
        for (name, d) in times {
            report(name, d, &corpus);
        }
    }
}
