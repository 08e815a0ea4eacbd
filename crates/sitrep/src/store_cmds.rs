//! The store commands: `ingest`, `events`, `actors`, `actor`, `incident`
//! and `export`. Each opens the store given by `--db` (default
//! `./sitrep.db`), does one thing and reports in sentences.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use sitrep_coding::Knowledge;
use sitrep_io::export::{ExportFormat, export};
use sitrep_io::{Input, Item, ReadOptions, read_inputs};
use sitrep_model::{Date, Document, EventType};
use sitrep_store::{GroupBy, IncidentFilter, IncidentJson, IngestOutcome, IngestSummary, Store};

/// The store's path or URL, shared by every store command.
#[derive(clap::Args, Clone)]
pub struct DbArg {
    /// The store: an SQLite file, or a PostgreSQL database as
    /// postgres://USER@HOST:PORT/DB (the tables are created by `ingest`
    /// when missing).
    #[arg(long, default_value = "sitrep.db", value_name = "PATH|URL")]
    pub db: PathBuf,
}

/// How a store is named in messages: the path, or the URL without its
/// password.
pub fn shown(db: &Path) -> String {
    sitrep_store::StoreLocation::from_path(db).to_string()
}

fn parse_day(s: &str) -> Result<Date, String> {
    s.parse::<Date>()
        .map_err(|_| format!("{s:?} is not a date; use YYYY-MM-DD"))
}

fn parse_event_type(s: &str) -> Result<EventType, String> {
    s.parse::<EventType>().map_err(|_| {
        let names: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
        format!(
            "{s:?} is not an ACLED event type; use one of: {}",
            names.join(", ")
        )
    })
}

/// Which incidents to list or export, in `sitrep events`' words.
#[derive(clap::Args, Clone, Default)]
pub struct FilterArgs {
    /// Country name or ISO code ("Afghanistan", "AF", "AFG").
    #[arg(long)]
    pub country: Option<String>,
    /// First-level division (province) as ACLED spells it ("Helmand").
    #[arg(long)]
    pub admin1: Option<String>,
    /// An actor's ACLED name, as actor1 or actor2 ("Taliban").
    #[arg(long)]
    pub actor: Option<String>,
    /// ACLED event type ("Battles", "Explosions/Remote violence", ...).
    #[arg(long = "type", value_parser = parse_event_type)]
    pub event_type: Option<EventType>,
    /// Events on or after this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    pub since: Option<Date>,
    /// Events on or before this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    pub until: Option<Date>,
}

impl FilterArgs {
    pub fn filter(&self) -> IncidentFilter {
        IncidentFilter {
            country: self.country.clone(),
            admin1: self.admin1.clone(),
            actor: self.actor.clone(),
            event_type: self.event_type,
            since: self.since,
            until: self.until,
            ..IncidentFilter::default()
        }
    }
}

fn open_existing(db: &Path) -> Result<Store> {
    match Store::open_existing(db) {
        Ok(store) => Ok(store),
        Err(e @ sitrep_store::StoreError::Missing(_)) => Err(e).with_context(|| {
            format!(
                "cannot open the store {} (create it with `sitrep ingest --db {} INPUT...`)",
                shown(db),
                shown(db)
            )
        }),
        Err(e) => Err(e).with_context(|| format!("cannot open the store {}", shown(db))),
    }
}

// ---------------------------------------------------------------- ingest

#[derive(clap::Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// Publication date for every input (YYYY-MM-DD); overrides metadata, text and path.
    #[arg(long, value_parser = parse_day)]
    pub published: Option<Date>,
    /// Files, directories (read recursively) or - for standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
}

/// What an ingest run did, as its last line says it.
pub fn summary_line(s: &IngestSummary) -> String {
    format!(
        "{} documents read: {} stored, {} already in the store, {} near-duplicates linked; {} events, {} new incidents, {} merged into known incidents",
        s.documents,
        s.stored,
        s.already_stored,
        s.near_duplicates,
        s.events,
        s.new_incidents,
        s.merged
    )
}

/// A progress line on a terminal, nothing when piped.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    fn new(message: &str) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} {msg} {pos} [{elapsed}] {per_sec}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            bar.set_message(message.to_string());
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
        Progress { bar }
    }

    fn inc(&self) {
        if let Some(b) = &self.bar {
            b.inc(1);
        }
    }

    /// Prints a line above the bar (or plainly when there is none).
    fn println(&self, line: &str) {
        match &self.bar {
            Some(b) => b.println(line),
            None => eprintln!("{line}"),
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

pub fn ingest(args: IngestArgs) -> Result<ExitCode> {
    let knowledge = Knowledge::embedded().context("loading the built-in dictionaries")?;
    let mut store = Store::open(&args.db.db)
        .with_context(|| format!("cannot open or create the store {}", shown(&args.db.db)))?;
    let inputs: Vec<Input> = args.inputs.iter().map(|a| Input::from_arg(a)).collect();
    let progress = Progress::new("ingesting");
    let mut problems = 0usize;
    let mut tally = IngestSummary::default();
    // Documents are ingested in batches (one transaction each) in input
    // order, so a rerun after an interruption makes the same store.
    let mut batch: Vec<Document> = Vec::new();
    let flush =
        |store: &mut Store, batch: &mut Vec<Document>, tally: &mut IngestSummary| -> Result<()> {
            store
                .ingest_documents(&knowledge, batch.iter(), |doc, outcome| {
                    tally.add(outcome);
                    progress.inc();
                    if let IngestOutcome::Stored(s) = outcome {
                        for d in &s.diagnostics {
                            progress
                                .println(&format!("sitrep: warning: {}: {}", doc.id, d.message));
                        }
                    }
                })
                .with_context(|| format!("writing to the store {}", shown(&args.db.db)))?;
            batch.clear();
            Ok(())
        };
    for item in read_inputs(&inputs, &ReadOptions::default()) {
        match item {
            Item::Document(mut doc) => {
                crate::extract::fill_published(&mut doc, args.published, &mut |w| {
                    progress.println(&format!("sitrep: warning: {w}"))
                });
                batch.push(doc);
                if batch.len() >= sitrep_store::BATCH_DOCUMENTS {
                    flush(&mut store, &mut batch, &mut tally)?;
                }
            }
            Item::Problem(p) => {
                problems += 1;
                progress.println(&format!("sitrep: {p}"));
            }
            Item::Warning(w) => progress.println(&format!("sitrep: warning: {w}")),
        }
    }
    flush(&mut store, &mut batch, &mut tally)?;
    progress.finish();
    eprintln!("sitrep: {}", summary_line(&tally));
    Ok(if problems > 0 {
        eprintln!("sitrep: {problems} input problem(s); everything else was ingested");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

// ---------------------------------------------------------------- events

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Table,
    Jsonl,
    Csv,
}

#[derive(clap::Args)]
pub struct EventsArgs {
    #[command(flatten)]
    pub db: DbArg,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// table (for reading), jsonl (the extract contract's event fields plus incident_id and reports) or csv (ACLED's columns).
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
    /// At most this many incidents.
    #[arg(long)]
    pub limit: Option<u64>,
}

pub fn events(args: EventsArgs) -> Result<ExitCode> {
    let store = open_existing(&args.db.db)?;
    let mut filter = args.filter.filter();
    filter.limit = args.limit;
    match args.format {
        ListFormat::Jsonl => {
            let mut out = String::new();
            for row in store.incident_rows(&filter) {
                let row = row?;
                out.push_str(&serde_json::to_string(&IncidentJson::from(&row))?);
                out.push('\n');
                if out.len() > 1 << 16 {
                    crate::print_out(&out)?;
                    out.clear();
                }
            }
            crate::print_out(&out)?;
        }
        ListFormat::Csv => {
            let rows: Vec<_> = store.incident_rows(&filter).collect::<Result<_, _>>()?;
            let mut buf = Vec::new();
            sitrep_io::export::write_acled_csv(rows, &mut buf)?;
            crate::print_out(&String::from_utf8_lossy(&buf))?;
        }
        ListFormat::Table => {
            use std::fmt::Write as _;
            let incidents = store.incidents(&filter)?;
            let mut out = String::new();
            let _ = writeln!(
                out,
                "{:>8}  {:<10}  {:<34}  {:<22}  {:>5}  actors",
                "incident", "date", "sub-event type", "place", "dead"
            );
            for i in &incidents {
                let e = &i.event;
                let place = e
                    .place
                    .as_ref()
                    .map(|p| p.admin1.clone().unwrap_or_else(|| p.location.clone()))
                    .unwrap_or_default();
                let actors = match &e.actor2 {
                    Some(a2) => format!("{} vs {}", e.actor1.name, a2.name),
                    None => e.actor1.name.clone(),
                };
                let _ = writeln!(
                    out,
                    "{:>8}  {:<10}  {:<34}  {:<22}  {:>5}  {}",
                    i.incident_id,
                    e.date.date,
                    truncate(e.sub_event_type.as_str(), 34),
                    truncate(&place, 22),
                    e.fatalities
                        .map(|f| f.to_string())
                        .unwrap_or_else(|| "-".into()),
                    actors
                );
            }
            let _ = writeln!(out, "{} incidents", incidents.len());
            crate::print_out(&out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

// ---------------------------------------------------------------- actors

#[derive(clap::Args)]
pub struct ActorsArgs {
    #[command(flatten)]
    pub db: DbArg,
}

pub fn actors(args: ActorsArgs) -> Result<ExitCode> {
    use std::fmt::Write as _;
    let store = open_existing(&args.db.db)?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:>9}  {:>9}  {:>10}  {:>5}  actor",
        "as actor1", "as actor2", "fatalities", "inter"
    );
    let list = store.actors()?;
    for a in &list {
        let _ = writeln!(
            out,
            "{:>9}  {:>9}  {:>10}  {:>5}  {}",
            a.as_actor1,
            a.as_actor2,
            a.fatalities,
            a.inter.map(|i| i.code().to_string()).unwrap_or_default(),
            a.name
        );
    }
    let _ = writeln!(out, "{} actors", list.len());
    crate::print_out(&out)?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct ActorArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// The actor's ACLED name ("Taliban", "Islamic State Khorasan Province").
    pub name: String,
}

pub fn actor(args: ActorArgs) -> Result<ExitCode> {
    use std::fmt::Write as _;
    let store = open_existing(&args.db.db)?;
    let name = resolve_actor(&store, &args.name, &args.db.db)?;
    let Some(p) = store.actor_profile(&name)? else {
        bail!(
            "no actor named {:?} in {} (see `sitrep actors`)",
            name,
            shown(&args.db.db)
        );
    };
    let mut out = String::new();
    let _ = writeln!(out, "{name}");
    let _ = writeln!(out, "\nEvents by month (as actor1 / as actor2, fatalities)");
    for m in &p.by_month {
        let _ = writeln!(
            out,
            "  {}  {:>4} / {:<4}  {:>6}",
            m.key, m.as_actor1, m.as_actor2, m.fatalities
        );
    }
    let _ = writeln!(
        out,
        "\nEvents by province (as actor1 / as actor2, fatalities)"
    );
    for m in &p.by_admin1 {
        let _ = writeln!(
            out,
            "  {:<28}  {:>4} / {:<4}  {:>6}",
            if m.key.is_empty() {
                "(province unknown)"
            } else {
                &m.key
            },
            m.as_actor1,
            m.as_actor2,
            m.fatalities
        );
    }
    let _ = writeln!(out, "\nStrength claims");
    if p.strength.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for s in &p.strength {
        let range = match (s.low, s.high) {
            (Some(l), Some(h)) if l == h => format!("{l}"),
            (Some(l), Some(h)) => format!("{l}-{h}"),
            (Some(l), None) => format!("at least {l}"),
            (None, Some(h)) => format!("up to {h}"),
            (None, None) => "?".into(),
        };
        let _ = writeln!(
            out,
            "  {:<16} as of {}  [{}]",
            range,
            s.as_of.map(|d| d.to_string()).unwrap_or_else(|| "?".into()),
            s.from.doc_id
        );
    }
    let _ = writeln!(out, "\nRelations");
    if p.relations.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for r in &p.relations {
        let (first, second) = if r.actor_is_first {
            (name.as_str(), r.other.as_str())
        } else {
            (r.other.as_str(), name.as_str())
        };
        let _ = writeln!(
            out,
            "  {} {} {}  [{}]",
            first,
            r.relation.as_str(),
            second,
            r.from.doc_id
        );
    }
    let _ = writeln!(out, "\nTerritory");
    if p.territory.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for t in &p.territory {
        let _ = writeln!(
            out,
            "  {}{}  [{}]",
            t.territory,
            t.admin1
                .as_ref()
                .map(|a| format!(" ({a})"))
                .unwrap_or_default(),
            t.from.doc_id
        );
    }
    crate::print_out(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// The stored actor a user means: the exact ACLED name, else the one
/// actor whose name contains the query (case-insensitive); several
/// candidates are listed in the error.
fn resolve_actor(store: &Store, query: &str, db: &Path) -> Result<String> {
    let actors = store.actors()?;
    if actors.iter().any(|a| a.name == query) {
        return Ok(query.to_string());
    }
    let q = query.to_lowercase();
    let hits: Vec<&str> = actors
        .iter()
        .filter(|a| a.name.to_lowercase().contains(&q))
        .map(|a| a.name.as_str())
        .collect();
    match hits.as_slice() {
        [one] => Ok(one.to_string()),
        [] => bail!(
            "no actor named {query:?} in {} (see `sitrep actors`)",
            shown(db)
        ),
        many => bail!(
            "{query:?} matches {} actors in {}: {} (give the full name)",
            many.len(),
            shown(db),
            many.iter()
                .take(10)
                .map(|n| format!("{n:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

// ---------------------------------------------------------------- incident

#[derive(clap::Args)]
pub struct IncidentArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// The incident's id (the number in `sitrep events`).
    pub id: i64,
}

pub fn incident(args: IncidentArgs) -> Result<ExitCode> {
    use std::fmt::Write as _;
    let store = open_existing(&args.db.db)?;
    let Some(d) = store.incident(args.id)? else {
        bail!("no incident {} in {}", args.id, shown(&args.db.db));
    };
    let e = &d.incident.event;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "incident {}: {} / {} on {} ({}..{})",
        d.incident.incident_id,
        e.event_type(),
        e.sub_event_type,
        e.date.date,
        e.date.earliest,
        e.date.latest
    );
    let _ = writeln!(
        out,
        "  actors: {}{}",
        e.actor1.name,
        e.actor2
            .as_ref()
            .map(|a| format!(" vs {}", a.name))
            .unwrap_or_default()
    );
    if let Some(p) = &e.place {
        let _ = writeln!(
            out,
            "  place: {} ({}, {}) {:.4},{:.4} precision {}",
            p.location,
            p.admin1.as_deref().unwrap_or("-"),
            p.country,
            p.latitude,
            p.longitude,
            p.geo_precision.code()
        );
    }
    let _ = writeln!(
        out,
        "  fatalities: {}",
        e.fatalities
            .map(|f| f.to_string())
            .unwrap_or_else(|| "unknown".into())
    );
    for f in &d.incident.fatality_history {
        let _ = writeln!(
            out,
            "    {} said {} ({})",
            f.source.as_deref().unwrap_or(&f.doc_id),
            f.fatalities,
            f.published.map(|p| p.to_string()).unwrap_or_default()
        );
    }
    let _ = writeln!(out, "\nreports ({}):", d.reports.len());
    for r in &d.reports {
        let _ = writeln!(
            out,
            "  {}{}",
            r.document.id,
            r.document
                .published
                .map(|p| format!(" ({p})"))
                .unwrap_or_default()
        );
        for ev in r.evidence() {
            let _ = writeln!(
                out,
                "    [{}..{}] {}",
                ev.span.start,
                ev.span.end,
                ev.text.trim()
            );
        }
    }
    if !d.near_duplicates.is_empty() {
        let _ = writeln!(out, "\nnear-duplicates (not coded again):");
        for n in &d.near_duplicates {
            let _ = writeln!(out, "  {} (of {})", n.doc_id, n.of);
        }
    }
    crate::print_out(&out)?;
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------- export

#[derive(clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub db: DbArg,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// acled-csv, plover-jsonl, geojson or parquet.
    #[arg(long)]
    pub format: ExportFormat,
    /// The file to write (with --partition, the directory to create).
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// Write a Hive-partitioned Parquet dataset instead of one file, cut by
    /// these columns in this order: any of country, admin1, event_type,
    /// year, month (e.g. `country,year,month`). Needs `--format parquet`.
    #[arg(long, value_name = "KEYS", value_parser = parse_partition)]
    pub partition: Option<Partition>,
}

/// The columns of `--partition`, in order.
#[derive(Clone, Debug)]
pub struct Partition(Vec<sitrep_io::export::PartitionKey>);

fn parse_partition(s: &str) -> Result<Partition, String> {
    sitrep_io::export::parse_partition_keys(s).map(Partition)
}

pub fn export_cmd(args: ExportArgs) -> Result<ExitCode> {
    if args.partition.is_some() && args.format != ExportFormat::Parquet {
        bail!(
            "--partition writes Parquet partitions; use it with --format parquet, not {}",
            args.format
        );
    }
    if let Some(Partition(keys)) = &args.partition
        && let Ok(mut entries) = std::fs::read_dir(&args.out)
        && entries.next().is_some()
    {
        bail!(
            "{} already exists and is not empty; remove it or choose another --out for the {} partitions",
            args.out.display(),
            keys.iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join(",")
        );
    }
    let store = open_existing(&args.db.db)?;
    let filter = args.filter.filter();
    // Read everything first: a store error never leaves half a file.
    let rows: Vec<_> = store
        .incident_rows(&filter)
        .collect::<Result<_, _>>()
        .context("reading incidents from the store")?;
    let progress = Progress::new("exporting");
    let tmp = {
        let mut t = args.out.clone().into_os_string();
        t.push(".partial");
        PathBuf::from(t)
    };
    if let Some(Partition(keys)) = &args.partition {
        return export_lake(&args, keys, rows, &tmp, progress);
    }
    let file = File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    let mut out = BufWriter::new(file);
    let done = export(args.format, rows, &mut out)
        .with_context(|| format!("writing {}", tmp.display()))?;
    out.flush()?;
    drop(out);
    std::fs::rename(&tmp, &args.out)
        .with_context(|| format!("cannot move {} to {}", tmp.display(), args.out.display()))?;
    progress.finish();
    eprintln!(
        "sitrep: wrote {} incidents to {}{}",
        done.written,
        args.out.display(),
        if done.skipped > 0 {
            format!(" ({} without coordinates skipped)", done.skipped)
        } else {
            String::new()
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes a Hive-partitioned Parquet lake into `tmp`, then moves it to
/// `--out` whole, so a failure never leaves half a lake where readers look.
fn export_lake(
    args: &ExportArgs,
    keys: &[sitrep_io::export::PartitionKey],
    rows: Vec<sitrep_io::export::IncidentRow>,
    tmp: &Path,
    progress: Progress,
) -> Result<ExitCode> {
    if tmp.exists() {
        std::fs::remove_dir_all(tmp)
            .with_context(|| format!("cannot remove the leftover {}", tmp.display()))?;
    }
    std::fs::create_dir_all(tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    let done = sitrep_io::export::write_parquet_lake(
        rows,
        tmp,
        keys,
        &sitrep_io::export::ParquetOptions::default(),
    )
    .with_context(|| format!("writing the partitions under {}", tmp.display()))?;
    if args.out.exists() {
        // Checked empty before the export began.
        std::fs::remove_dir(&args.out)
            .with_context(|| format!("cannot replace {}", args.out.display()))?;
    }
    std::fs::rename(tmp, &args.out)
        .with_context(|| format!("cannot move {} to {}", tmp.display(), args.out.display()))?;
    progress.finish();
    eprintln!(
        "sitrep: wrote {} incidents in {} partitions under {}",
        done.rows.written,
        done.files,
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The store's summary tables, for `sitrep demo` and friends.
pub fn summary_text(store: &Store) -> Result<String> {
    use std::fmt::Write as _;
    let s = store.summary()?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} documents ({} near-duplicates linked), {} events merged into {} incidents ({} told by several reports), {} fatalities, {} claims\n",
        s.documents,
        s.near_duplicates,
        s.events,
        s.incidents,
        s.merged_incidents,
        s.fatalities,
        s.claims
    );
    let all = IncidentFilter::default();
    let mut table = |title: &str, by: GroupBy, n: usize| -> Result<()> {
        let mut buckets = store.aggregate(&all, by)?;
        buckets.sort_by(|a, b| b.incidents.cmp(&a.incidents).then(a.key.cmp(&b.key)));
        let _ = writeln!(out, "{title}");
        let _ = writeln!(out, "  {:>9}  {:>10}", "incidents", "fatalities");
        for b in buckets.iter().take(n) {
            let key = if b.key.is_empty() {
                "(unknown)"
            } else {
                &b.key
            };
            let _ = writeln!(out, "  {:>9}  {:>10}  {}", b.incidents, b.fatalities, key);
        }
        let _ = writeln!(out);
        Ok(())
    };
    table("Incidents by sub-event type", GroupBy::SubEventType, 25)?;
    table("Incidents by province", GroupBy::Admin1, 40)?;
    table("Top actors", GroupBy::Actor, 15)?;
    Ok(out)
}
