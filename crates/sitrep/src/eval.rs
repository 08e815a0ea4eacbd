//! `sitrep eval`: run a labelled set through the same pipeline as
//! `extract` and print the figures, with the worst misses.
//!
//! The data sets live in `../shared` (development material, never shipped):
//! this module reads them, builds the documents, codes them with
//! [`code_document`] and turns the results into the contract's records
//! ([`EventRecord::new`]) exactly as `extract` does. Scoring and rendering
//! are `sitrep-eval`'s. The `petrarch` suite is the exception: it measures
//! the CAMEO coder (`sitrep-cameo`) alone, on PETRARCH's unit-test records
//! with the dictionaries they name.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use sitrep_coding::{Knowledge, code_document};
use sitrep_eval::names::Names;
use sitrep_eval::report::{SuiteReport, render_floors, render_markdown, render_text};
use sitrep_eval::{case2021, geo, incidents, petrarch, plover, seed};
use sitrep_io::output::{ClaimRecord, EventRecord};
use sitrep_model::Document;

use crate::cameo::{Cameo, as_event_record, sources};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Suite {
    Incidents,
    Case2021,
    Plover,
    Seed,
    Petrarch,
    Geo,
}

impl Suite {
    const ALL: [Suite; 6] = [
        Suite::Incidents,
        Suite::Case2021,
        Suite::Plover,
        Suite::Seed,
        Suite::Petrarch,
        Suite::Geo,
    ];

    fn name(self) -> &'static str {
        match self {
            Suite::Incidents => "incidents",
            Suite::Case2021 => "case2021",
            Suite::Plover => "plover",
            Suite::Seed => "seed",
            Suite::Petrarch => "petrarch",
            Suite::Geo => "geo",
        }
    }

    /// Where the data is when no PATH is given, relative to the current
    /// directory (the repository root in development and CI).
    fn default_path(self) -> &'static str {
        match self {
            Suite::Incidents => "../shared/eval/wikipedia_incidents_dev.csv",
            Suite::Case2021 => "../shared/eval/case2021_task2_dev.tsv",
            Suite::Plover => "../shared/data/plover/PLOVER_GSR_CAMEO.json",
            Suite::Seed => "../shared/seed/isis-k-ghor-2018.gold.json",
            Suite::Petrarch => "../shared/data/petrarch/text/PETR.UnitTest.records.xml",
            // A folder: both corpora in it are measured.
            Suite::Geo => "../shared/eval/geo",
        }
    }

    /// Whether the data is there: a file, or for geo a corpus file or a
    /// folder holding one.
    fn data_present(self, path: &Path) -> bool {
        match self {
            Suite::Geo if path.is_dir() => GEO_CORPORA.iter().any(|(f, ..)| path.join(f).is_file()),
            _ => path.is_file(),
        }
    }
}

/// The geoparsing corpora a geo folder holds: file, slice key, title, and
/// the issue's targets for found and accuracy@161 km of the found.
const GEO_CORPORA: [(&str, &str, &str, f64, f64); 2] = [
    ("lgl.xml", "lgl", "LGL (local news)", 0.75, 0.85),
    ("TR-News.xml", "trnews", "TR-News (world news)", 0.80, 0.90),
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Choice {
    One(Suite),
    All,
}

fn parse_choice(s: &str) -> Result<Choice, String> {
    if s == "all" {
        return Ok(Choice::All);
    }
    Suite::ALL
        .into_iter()
        .find(|suite| suite.name() == s)
        .map(Choice::One)
        .ok_or_else(|| {
            format!(
                "unknown suite {s:?}; use incidents, case2021, plover, seed, petrarch, geo or all"
            )
        })
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Format {
    Text,
    Markdown,
    Floors,
}

fn parse_format(s: &str) -> Result<Format, String> {
    match s {
        "text" => Ok(Format::Text),
        "markdown" => Ok(Format::Markdown),
        "floors" => Ok(Format::Floors),
        _ => Err(format!(
            "unknown format {s:?}; use text, markdown or floors"
        )),
    }
}

#[derive(clap::Args)]
pub struct Args {
    /// The labelled set: incidents, case2021, plover, seed, petrarch, geo, or all (every set whose data is present).
    #[arg(value_name = "SUITE", value_parser = parse_choice)]
    suite: Choice,
    /// The set's data file (default: its place under ../shared). For plover, CAMEO2PLOVER-2021.txt is read from the same folder; for seed, the article named by the gold file; for petrarch, the dictionaries its <Environment> names, from --dict-dir; for geo, lgl.xml or TR-News.xml, or a folder holding them.
    #[arg(value_name = "PATH")]
    path: Option<PathBuf>,
    /// How many of the worst misses to list per metric.
    #[arg(long, default_value_t = 10)]
    misses: usize,
    /// Output: text (a readable table), markdown (EVAL.md) or floors (the regression guard's lines).
    #[arg(long, default_value = "text", value_parser = parse_format)]
    format: Format,
    /// petrarch: the folder of the dictionaries the records file names.
    #[arg(
        long,
        value_name = "DIR",
        default_value = "../shared/data/petrarch/dictionaries"
    )]
    dict_dir: PathBuf,
    /// plover: also code with the Phoenix dictionaries in DIR (CAMEO.2.0.txt, Phoenix.*.actors.txt, Phoenix.agents.txt, Phoenix.discards.txt), joined to sitrep's events as `extract --cameo-*` does.
    #[arg(long, value_name = "DIR")]
    cameo_dir: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let suites: Vec<(Suite, PathBuf)> = match args.suite {
        Choice::One(suite) => {
            let path = args
                .path
                .clone()
                .unwrap_or_else(|| PathBuf::from(suite.default_path()));
            if !suite.data_present(&path) {
                bail!(
                    "{} not found; give the {} data file as `sitrep eval {} PATH`",
                    path.display(),
                    suite.name(),
                    suite.name()
                );
            }
            vec![(suite, path)]
        }
        Choice::All => {
            if args.path.is_some() {
                bail!("`sitrep eval all` takes no PATH; name one suite to give its file");
            }
            Suite::ALL
                .into_iter()
                .filter_map(|suite| {
                    let path = PathBuf::from(suite.default_path());
                    if suite.data_present(&path) {
                        Some((suite, path))
                    } else {
                        eprintln!(
                            "sitrep: eval: skipped {}: {} not found",
                            suite.name(),
                            path.display()
                        );
                        None
                    }
                })
                .collect()
        }
    };
    if suites.is_empty() {
        eprintln!("sitrep: eval: no evaluation data found; nothing measured");
        return Ok(ExitCode::SUCCESS);
    }
    let knowledge = Knowledge::embedded().context("loading the built-in dictionaries")?;
    let names = Names::new(&knowledge.gazetteer, &knowledge.actors);
    let mut reports = Vec::new();
    for (suite, path) in suites {
        let report = match suite {
            Suite::Incidents => run_incidents(&knowledge, &names, &path, args.misses),
            Suite::Case2021 => run_case2021(&knowledge, &path, args.misses),
            Suite::Plover => run_plover(
                &knowledge,
                &names,
                &path,
                args.misses,
                args.cameo_dir.as_deref(),
            ),
            Suite::Seed => run_seed(&knowledge, &path),
            Suite::Petrarch => run_petrarch(&path, &args.dict_dir, args.misses),
            Suite::Geo => run_geo(&knowledge, &path, args.misses),
        }
        .with_context(|| format!("eval {}", suite.name()))?;
        reports.push(report);
    }
    let out = match args.format {
        Format::Text => render_text(&reports),
        Format::Markdown => render_markdown(&reports),
        Format::Floors => render_floors(&reports),
    };
    crate::print_out(&out)?;
    // The command measures; whether figures are good enough is the guard
    // test's judgement, so unmet targets still exit 0.
    Ok(ExitCode::SUCCESS)
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// Codes every document and returns each one's event records, in document
/// order. The documents are split over the machine's cores; each thread
/// codes a contiguous run, so the order of the result does not depend on
/// scheduling.
fn code_all(
    knowledge: &Knowledge,
    docs: &[Document],
    cameo: Option<&Cameo>,
) -> Vec<Vec<EventRecord>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    crate::parallel::ordered_map(docs, threads, |doc| {
        let events = code_document(knowledge, doc).events;
        let mut out = records(doc, &events);
        if let Some(c) = cameo {
            let joined = c.code(knowledge, doc, &events);
            for (r, on) in out.iter_mut().zip(&joined.on_events) {
                if let Some(on) = on {
                    on.apply(r);
                }
            }
            out.extend(joined.records.iter().map(as_event_record));
        }
        out
    })
}

/// The contract's event records of one document. Event ids are numbered
/// within the document; no figure depends on them.
fn records(doc: &Document, events: &[sitrep_model::Event]) -> Vec<EventRecord> {
    events
        .iter()
        .enumerate()
        .map(|(i, e)| EventRecord::new(doc, e, format!("{}#{}", doc.id, i + 1)))
        .collect()
}

fn run_incidents(
    knowledge: &Knowledge,
    names: &Names<'_>,
    path: &Path,
    misses: usize,
) -> Result<SuiteReport> {
    let rows = incidents::parse_incidents(&read(path)?).map_err(anyhow::Error::msg)?;
    let docs: Vec<Document> = rows.iter().map(incidents::IncidentRow::document).collect();
    let coded = code_all(knowledge, &docs, None);
    Ok(incidents::score_incidents(
        &rows,
        &coded,
        names,
        misses,
        &shown(path),
    ))
}

fn run_case2021(knowledge: &Knowledge, path: &Path, misses: usize) -> Result<SuiteReport> {
    let rows = case2021::parse_case2021(&read(path)?).map_err(anyhow::Error::msg)?;
    let docs: Vec<Document> = rows.iter().map(case2021::Case2021Row::document).collect();
    let coded = code_all(knowledge, &docs, None);
    Ok(case2021::score_case2021(
        &rows,
        &coded,
        misses,
        &shown(path),
    ))
}

fn run_plover(
    knowledge: &Knowledge,
    names: &Names<'_>,
    path: &Path,
    misses: usize,
    cameo_dir: Option<&Path>,
) -> Result<SuiteReport> {
    let gold = plover::parse_plover_gold(&read(path)?).map_err(anyhow::Error::msg)?;
    let table_path = path
        .parent()
        .unwrap_or(Path::new("."))
        .join("CAMEO2PLOVER-2021.txt");
    if !table_path.is_file() {
        bail!(
            "{} not found; the PLOVER suite reads the CAMEO → PLOVER table from the gold file's folder",
            table_path.display()
        );
    }
    let table = plover::CameoToPlover::parse(&read(&table_path)?).map_err(anyhow::Error::msg)?;
    let docs: Vec<Document> = gold.iter().map(plover::PloverGold::document).collect();
    let cameo = match cameo_dir {
        Some(dir) => {
            let mut c = Cameo::phoenix(dir, knowledge)?;
            c.plover = Some(table.clone());
            Some(c)
        }
        None => None,
    };
    let coded = code_all(knowledge, &docs, cameo.as_ref());
    let mut report = plover::score_plover(&gold, &coded, &table, names, misses, &shown(path));
    if let (Some(c), Some(dir)) = (&cameo, cameo_dir) {
        eprintln!(
            "sitrep: eval: plover: Phoenix dictionaries loaded in {:.0?}",
            c.load_time
        );
        report.title.push_str(" with the Phoenix dictionaries");
        if let Some(slice) = report.slices.first_mut() {
            slice.notes.push(format!(
                "coded with the Phoenix dictionaries of {} ({} dictionary lines reported); CAMEO codings on no sitrep event count as events",
                dir.display(),
                c.issues.len()
            ));
        }
    }
    Ok(report)
}

/// PETRARCH's unit-test records, coded with the dictionaries the file's
/// `<Environment>` names (read from `dict_dir`) and the `<Config>` options
/// in force at each record.
fn run_petrarch(path: &Path, dict_dir: &Path, misses: usize) -> Result<SuiteReport> {
    use sitrep_cameo::{CameoDictionaries, CoderOptions, code_text};
    let file = petrarch::parse_records(&read(path)?).map_err(anyhow::Error::msg)?;
    let env = &file.environment;
    let started = std::time::Instant::now();
    let load = |names: &[String]| -> Result<Vec<(String, String)>> {
        names
            .iter()
            .map(|n| {
                let p = dict_dir.join(n);
                Ok((
                    n.clone(),
                    read(&p).context("pass the dictionaries' folder with --dict-dir")?,
                ))
            })
            .collect()
    };
    let (v, a, g, x) = (
        load(&env.verbs)?,
        load(&env.actors)?,
        load(&env.agents)?,
        load(&env.discards)?,
    );
    let loaded = CameoDictionaries::load(&sources(&v), &sources(&a), &sources(&g), &sources(&x));
    let load_time = started.elapsed();
    let started = std::time::Instant::now();
    let mut coded = Vec::with_capacity(file.records.len());
    for r in &file.records {
        let mut opts = CoderOptions::default();
        for (k, val) in &r.options {
            opts.set(k, val)
                .map_err(anyhow::Error::msg)
                .with_context(|| format!("record {}", r.id))?;
        }
        let out = code_text(&loaded.dictionaries, &r.text, r.date, &opts);
        coded.push(
            out.codings
                .iter()
                .map(|c| petrarch::Triple {
                    source: c.source.to_string(),
                    target: c.target.to_string(),
                    event: c.event.to_string(),
                })
                .collect(),
        );
    }
    // Times go to standard error: the report (and EVAL.md) stays the same
    // from run to run.
    eprintln!(
        "sitrep: eval: petrarch: dictionaries loaded in {load_time:.0?}, {} records coded in {:.0?}",
        file.records.len(),
        started.elapsed()
    );
    let notes = vec![format!(
        "dictionaries {} ({} lines reported)",
        [&env.verbs, &env.actors, &env.agents, &env.discards]
            .iter()
            .flat_map(|v| v.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(", "),
        loaded.issues.len(),
    )];
    Ok(petrarch::score_petrarch(
        &file.records,
        &coded,
        misses,
        &shown(path),
        notes,
    ))
}

fn run_seed(knowledge: &Knowledge, path: &Path) -> Result<SuiteReport> {
    let gold = seed::Gold::from_json(&read(path)?).map_err(anyhow::Error::msg)?;
    let article = path.parent().unwrap_or(Path::new(".")).join(&gold.document);
    let mut doc = Document::new(article.display().to_string(), read(&article)?);
    doc.published = Some(
        gold.published
            .parse()
            .with_context(|| format!("gold file's published date {:?}", gold.published))?,
    );
    let coded = code_document(knowledge, &doc);
    let mut values = Vec::new();
    for r in records(&doc, &coded.events) {
        values.push(serde_json::to_value(r)?);
    }
    for c in &coded.claims {
        values.push(serde_json::to_value(ClaimRecord::new(&doc, c))?);
    }
    seed::score_seed(&gold, &values, &shown(path)).map_err(anyhow::Error::msg)
}

/// A corpus file to measure: path, slice key, title, targets.
type GeoFile = (PathBuf, &'static str, String, Option<f64>, Option<f64>);

/// The geoparsing corpora: each file is one slice, its documents run
/// through `sitrep places`.
fn run_geo(knowledge: &Knowledge, path: &Path, misses: usize) -> Result<SuiteReport> {
    let files: Vec<GeoFile> = if path.is_dir() {
        GEO_CORPORA
            .iter()
            .map(|&(f, key, title, t1, t2)| {
                (path.join(f), key, title.to_string(), Some(t1), Some(t2))
            })
            .filter(|(p, ..)| p.is_file())
            .collect()
    } else {
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().to_string());
        let known = GEO_CORPORA
            .iter()
            .find(|(f, ..)| f.eq_ignore_ascii_case(&name));
        vec![match known {
            Some(&(_, key, title, t1, t2)) => (
                path.to_path_buf(),
                key,
                title.to_string(),
                Some(t1),
                Some(t2),
            ),
            None => (path.to_path_buf(), "corpus", name, None, None),
        }]
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let mut slices = Vec::new();
    for (file, key, title, t1, t2) in files {
        let (articles, unplaced) = geo::parse_geo_corpus(&read(&file)?)
            .map_err(anyhow::Error::msg)
            .with_context(|| format!("reading {}", file.display()))?;
        let docs: Vec<Document> = articles.iter().map(geo::GeoArticle::document).collect();
        let places = crate::places::process(knowledge, &docs, threads);
        slices.push(geo::score_geo_corpus(
            key,
            &title,
            &articles,
            unplaced,
            &places,
            (t1, t2),
            misses,
        ));
    }
    Ok(geo::geo_report(slices, &shown(path)))
}
