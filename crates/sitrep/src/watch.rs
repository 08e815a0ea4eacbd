//! `sitrep watch`: poll RSS/Atom feeds and ingest new items into the store.
//!
//! One bad feed is reported and retried with backoff; the others go on. The
//! loop runs until interrupted (or once, with `--once`); every item goes
//! through the same ingest as `sitrep ingest`, so a restart after a crash
//! loses nothing and stores nothing twice.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use sitrep_coding::Knowledge;
use sitrep_io::fetch::{FeedList, FetchOptions, Fetcher, PollOptions, PollOutcome, Poller};
use sitrep_io::{Item, ReadOptions};
use sitrep_store::Store;

use crate::store_cmds::{DbArg, summary_line};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub db: DbArg,
    /// A text file listing feed URLs, one per line (# starts a comment).
    #[arg(value_name = "FEEDS_FILE")]
    pub feeds: PathBuf,
    /// How often to poll a healthy feed: 30s, 10m, 2h.
    #[arg(long, default_value = "10m", value_parser = parse_interval)]
    pub every: Duration,
    /// Poll every feed once and stop.
    #[arg(long)]
    pub once: bool,
}

/// "30s", "10m", "2h", "1d" (a bare number is seconds).
fn parse_interval(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    let (digits, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{s:?} is not an interval; use e.g. 30s, 10m, 2h"))?;
    let secs = match unit {
        "" | "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        "d" => n * 86_400,
        _ => return Err(format!("{s:?} is not an interval; use e.g. 30s, 10m, 2h")),
    };
    if secs == 0 {
        return Err("the interval must be at least one second".into());
    }
    Ok(Duration::from_secs(secs))
}

pub fn run(args: Args) -> Result<ExitCode> {
    let text = std::fs::read_to_string(&args.feeds)
        .with_context(|| format!("cannot read the feeds file {}", args.feeds.display()))?;
    let list = match FeedList::parse(&text) {
        Ok(l) => l,
        Err(errors) => {
            for e in &errors {
                eprintln!("sitrep: {}:{e}", args.feeds.display());
            }
            bail!("{} has {} bad line(s)", args.feeds.display(), errors.len());
        }
    };
    if list.feeds.is_empty() {
        bail!("{} lists no feeds", args.feeds.display());
    }
    let knowledge = Knowledge::embedded().context("loading the built-in dictionaries")?;
    let mut store = Store::open(&args.db.db).with_context(|| {
        format!(
            "cannot open or create the store {}",
            crate::store_cmds::shown(&args.db.db)
        )
    })?;
    let read = ReadOptions::default();
    let fetcher = Fetcher::new(FetchOptions::new(&read));
    let opts = PollOptions {
        every: args.every,
        max_backoff: PollOptions::default().max_backoff.max(args.every),
        read,
        ..PollOptions::default()
    };
    let mut poller = Poller::new(&list, opts, Instant::now());
    eprintln!(
        "sitrep: watching {} feed(s) every {}s into {}",
        list.feeds.len(),
        args.every.as_secs(),
        crate::store_cmds::shown(&args.db.db)
    );
    loop {
        let reports = poller.poll_due(Instant::now(), &fetcher);
        let mut failed = 0;
        for r in reports {
            match r.outcome {
                PollOutcome::Items {
                    documents, notes, ..
                } => {
                    for n in notes {
                        match n {
                            Item::Problem(p) => eprintln!("sitrep: {}: {p}", r.url),
                            Item::Warning(w) => eprintln!("sitrep: warning: {}: {w}", r.url),
                            Item::Document(_) => {}
                        }
                    }
                    if documents.is_empty() {
                        continue;
                    }
                    let mut docs = documents;
                    for d in &mut docs {
                        crate::extract::fill_published(d, None, &mut |w| {
                            eprintln!("sitrep: warning: {w}")
                        });
                    }
                    let tally = store
                        .ingest_documents(&knowledge, docs.iter(), |_, _| {})
                        .with_context(|| {
                            format!(
                                "writing to the store {}",
                                crate::store_cmds::shown(&args.db.db)
                            )
                        })?;
                    eprintln!("sitrep: {}: {}", r.url, summary_line(&tally));
                }
                PollOutcome::NotModified => {}
                PollOutcome::Failed {
                    error,
                    failures,
                    retry_in,
                } => {
                    failed += 1;
                    if args.once {
                        eprintln!("sitrep: {error}");
                    } else {
                        eprintln!(
                            "sitrep: {error} (failure {failures} in a row; retrying in {}s)",
                            retry_in.as_secs()
                        );
                    }
                }
            }
        }
        if args.once {
            // A one-shot run (cron) reports failed feeds in its exit code.
            return Ok(if failed == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        let wait = poller
            .next_due()
            .map(|t| t.saturating_duration_since(Instant::now()))
            .unwrap_or(args.every);
        std::thread::sleep(wait.max(Duration::from_millis(200)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals() {
        let table = [
            ("30s", Some(30)),
            ("10m", Some(600)),
            ("2h", Some(7200)),
            ("1d", Some(86_400)),
            ("45", Some(45)),
            ("0m", None),
            ("ten", None),
            ("5w", None),
        ];
        for (text, want) in table {
            assert_eq!(
                parse_interval(text).ok().map(|d| d.as_secs()),
                want,
                "{text}"
            );
        }
    }
}
