//! Prints the embedded dictionary's size, how long `embedded()` takes to
//! build, and — when the evaluation CSV is present — how well the dictionary
//! knows the perpetrators of the incident list:
//!
//! - coverage: the share of rows whose `perpetrator` value the dictionary
//!   resolves to a named actor, with the row's country as focus and with no
//!   focus at all (a named group must not vanish because the country is
//!   unknown);
//! - found: the share of rows whose perpetrator is found as a named mention
//!   in `details`;
//! - literal: of the rows whose perpetrator is written out in `details` (the
//!   same words, ignoring case and punctuation), the share where `find`
//!   reports it as a named mention resolving to the same ACLED name.
//!
//! ```text
//! cargo run --release -p sitrep-actors --example actor_report [--misses] [path/to/wikipedia_incidents_dev.csv]
//! ```
//!
//! `--misses` also lists the perpetrator values the dictionary does not
//! resolve and the literal misses, most frequent first.
//!
//! The CSV lives in the project's `shared/` folder, which users do not have;
//! without it the example only prints the first two figures. This is a
//! measurement, not a test: it asserts nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Instant;

use sitrep_actors::{ActorDictionary, MentionKind};
use sitrep_model::{CountryCode, Date};

fn main() {
    const RUNS: u32 = 20;
    let started = Instant::now();
    let mut dictionary = None;
    for _ in 0..RUNS {
        dictionary = Some(ActorDictionary::embedded());
    }
    let per_build = started.elapsed() / RUNS;
    let dictionary = match dictionary {
        Some(Ok(d)) => d,
        Some(Err(e)) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
        None => return,
    };
    let stats = dictionary.stats();
    println!("embedded(): {per_build:?} per build (mean of {RUNS})");
    println!(
        "named actors {}, aliases {}, countries {} ({} demonym forms), regimes {} in {} countries, role nouns {}, automaton strings {}",
        stats.named_actors,
        stats.aliases,
        stats.countries,
        stats.demonym_forms,
        stats.regimes,
        stats.regime_countries,
        stats.role_nouns,
        stats.patterns
    );

    let args: Vec<String> = std::env::args().skip(1).collect();
    let misses = args.iter().any(|a| a == "--misses");
    let path = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/eval/wikipedia_incidents_dev.csv")
        });
    match perpetrator_report(&dictionary, &path, misses) {
        Ok(report) => println!("{report}"),
        Err(e) => println!("no perpetrator figure ({}: {e})", path.display()),
    }
}

/// Counters for the report.
#[derive(Default)]
struct Tally {
    rows: usize,
    named_perp: usize,
    known_perp: usize,
    known_without_focus: usize,
    found: usize,
    any_named: usize,
    literal: usize,
    literal_found: usize,
    unresolved: BTreeMap<String, usize>,
    literal_misses: BTreeMap<String, Vec<String>>,
    /// Perpetrators that resolve with the row's country but not without.
    lost_without_focus: BTreeMap<String, usize>,
    /// Rows whose perpetrator resolves but is not found in `details`.
    not_found: BTreeMap<String, Vec<String>>,
}

/// Both the perpetrator column and the mentions in `details` are resolved
/// with the row's date and country (as the coder would), and compared by
/// ACLED name: "Islamic State" in a Sinai row and "Wilayat Sinai" in its text
/// are the same actor, "Taliban" in 2010 and in 2022 are not.
fn perpetrator_report(
    d: &ActorDictionary,
    path: &PathBuf,
    misses: bool,
) -> Result<String, Box<dyn std::error::Error>> {
    let mut reader = csv::Reader::from_path(path)?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let (Some(perp_col), Some(details_col), Some(date_col), Some(country_col)) = (
        column("perpetrator"),
        column("details"),
        column("date"),
        column("country"),
    ) else {
        return Err("missing perpetrator, details, date or country column".into());
    };

    let mut t = Tally::default();
    let mut elapsed = std::time::Duration::ZERO;
    let mut bytes = 0usize;
    for record in reader.records() {
        let record = record?;
        t.rows += 1;
        let field = |i: usize| record.get(i).unwrap_or("");
        let Ok(date) = field(date_col).parse::<Date>() else {
            continue;
        };
        // The row's country as the gazetteer would give it; the demonym
        // matcher knows country names, which is enough here.
        let focus = d
            .find_demonyms(field(country_col))
            .first()
            .map(|&(_, _, c)| c);
        let perpetrator = normalise(&strip_suspected(field(perp_col)));
        let details = normalise(field(details_col));
        bytes += details.len();
        let started = Instant::now();
        let in_details = named_actors(d, &details, date, focus);
        elapsed += started.elapsed();
        if !in_details.is_empty() {
            t.any_named += 1;
        }
        if perpetrator.is_empty() || perpetrator.eq_ignore_ascii_case("unknown") {
            continue;
        }
        t.named_perp += 1;
        let wanted = named_actors(d, &perpetrator, date, focus);
        if !named_actors(d, &perpetrator, date, None).is_empty() {
            t.known_without_focus += 1;
        } else if !wanted.is_empty() {
            *t.lost_without_focus.entry(perpetrator.clone()).or_default() += 1;
        }
        let literal = contains_words(&details, &perpetrator);
        if literal {
            t.literal += 1;
        }
        let found = !wanted.is_disjoint(&in_details);
        if found {
            t.found += 1;
            if literal {
                t.literal_found += 1;
            }
        } else if !wanted.is_empty() && !literal {
            t.not_found
                .entry(perpetrator.clone())
                .or_default()
                .push(format!(
                    "{:?} -> {:?}",
                    details.get(..details.len().min(200)).unwrap_or(&details),
                    in_details
                ));
        } else if literal {
            let line = format!(
                "{:?} in {:?} -> {:?}",
                perpetrator,
                details.get(..details.len().min(160)).unwrap_or(&details),
                in_details
            );
            t.literal_misses
                .entry(perpetrator.clone())
                .or_default()
                .push(line);
        }
        if wanted.is_empty() {
            *t.unresolved.entry(perpetrator.clone()).or_default() += 1;
        } else {
            t.known_perp += 1;
        }
    }
    let pct = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    let mut out = format!(
        "{rows} rows; {named} name a perpetrator (not empty, not \"Unknown\"); \
         the dictionary resolves {known} of those perpetrators ({:.1}%), \
         {known_nf} ({:.1}%) with no country focus.\n\
         perpetrator found as a named mention in details: {found}/{named} = {:.1}% \
         (of rows whose perpetrator the dictionary resolves: {:.1}%)\n\
         perpetrator written out in details: {literal} rows; found as a named mention \
         with the same ACLED name: {literal_found} = {:.1}%\n\
         rows with any named mention in details: {any}/{rows} = {:.1}%\n\
         find() + resolve over all details: {elapsed:?} for {bytes} bytes",
        pct(t.known_perp, t.named_perp),
        pct(t.known_without_focus, t.named_perp),
        pct(t.found, t.named_perp),
        pct(t.found, t.known_perp),
        pct(t.literal_found, t.literal),
        pct(t.any_named, t.rows),
        rows = t.rows,
        named = t.named_perp,
        known = t.known_perp,
        known_nf = t.known_without_focus,
        found = t.found,
        literal = t.literal,
        literal_found = t.literal_found,
        any = t.any_named,
    );
    if misses {
        let mut unresolved: Vec<(usize, &String)> =
            t.unresolved.iter().map(|(k, v)| (*v, k)).collect();
        unresolved.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        out.push_str("\n\nperpetrators resolved only with the row's country (rows):\n");
        for (p, n) in &t.lost_without_focus {
            out.push_str(&format!("{n:5} {p}\n"));
        }
        out.push_str("\nunresolved perpetrator values (rows):\n");
        for (n, p) in unresolved {
            out.push_str(&format!("{n:5} {p}\n"));
        }
        let mut literal: Vec<(&String, &Vec<String>)> = t.literal_misses.iter().collect();
        literal.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
        out.push_str("\nliteral misses (perpetrator written in details, not found):\n");
        for (_, lines) in literal {
            for line in lines.iter().take(3) {
                out.push_str(&format!("  {line}\n"));
            }
            if lines.len() > 3 {
                out.push_str(&format!("  ... {} more\n", lines.len() - 3));
            }
        }
    }
    if misses {
        let mut rest: Vec<(&String, &Vec<String>)> = t.not_found.iter().collect();
        rest.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
        out.push_str("\nresolved perpetrators not found in details (rows):\n");
        for (p, lines) in rest {
            out.push_str(&format!("{:5} {p}\n", lines.len()));
            for line in lines.iter().take(4) {
                out.push_str(&format!("      {line}\n"));
            }
        }
    }
    Ok(out)
}

/// The ACLED names of the named actors in `text` on `date` in `focus`.
fn named_actors(
    d: &ActorDictionary,
    text: &str,
    date: Date,
    focus: Option<CountryCode>,
) -> BTreeSet<String> {
    d.find(text)
        .into_iter()
        .filter_map(|m| match m.kind {
            MentionKind::Named { candidates } => d.resolve_named(&candidates, date, focus),
            MentionKind::Generic { .. } => None,
        })
        .map(|actor| actor.name)
        .collect()
}

/// Whether `needle`'s words occur in `haystack` in a row, ignoring case and
/// punctuation ("Boko Haram's" holds "Boko Haram").
fn contains_words(haystack: &str, needle: &str) -> bool {
    let words = |s: &str| {
        let folded: String = s
            .chars()
            .map(|c| {
                if c.is_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    ' '
                }
            })
            .collect();
        format!(
            " {} ",
            folded.split_whitespace().collect::<Vec<_>>().join(" ")
        )
    };
    let needle = words(needle);
    needle.trim() != "" && words(haystack).contains(&needle)
}

/// "Boko Haram (suspected)", "Boko HaramSuspected" → "Boko Haram".
fn strip_suspected(perpetrator: &str) -> String {
    let lower = perpetrator.to_ascii_lowercase();
    let cut = lower.find("suspected").unwrap_or(lower.len());
    perpetrator
        .get(..cut)
        .unwrap_or(perpetrator)
        .trim()
        .trim_end_matches('(')
        .trim()
        .to_string()
}

/// What sitrep's text stage does before matching: typographic quotes and
/// dashes become ASCII.
fn normalise(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{02bc}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            '\u{2010}'..='\u{2015}' => '-',
            c => c,
        })
        .collect()
}
