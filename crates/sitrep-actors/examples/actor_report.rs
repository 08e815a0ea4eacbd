//! Prints the embedded dictionary's size, how long `embedded()` takes to
//! build, and — when the evaluation CSV is present — how often a row's
//! perpetrator is found as a named mention in its description.
//!
//! ```text
//! cargo run --release -p sitrep-actors --example actor_report [path/to/wikipedia_incidents_dev.csv]
//! ```
//!
//! The CSV lives in the project's `shared/` folder, which users do not have;
//! without it the example only prints the first two figures. This is a
//! measurement, not a test: it asserts nothing.

use std::collections::BTreeSet;
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

    let path = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/eval/wikipedia_incidents_dev.csv")
        });
    match perpetrator_share(&dictionary, &path) {
        Ok(report) => println!("{report}"),
        Err(e) => println!("no perpetrator figure ({}: {e})", path.display()),
    }
}

/// Share of rows whose perpetrator is found as a named mention in `details`.
///
/// Both the perpetrator column and the mentions in `details` are resolved
/// with the row's date and country (as the coder would), and compared by
/// ACLED name: "Islamic State" in a Sinai row and "Wilayat Sinai" in its text
/// are the same actor, "Taliban" in 2010 and in 2022 are not.
fn perpetrator_share(
    d: &ActorDictionary,
    path: &PathBuf,
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

    let (mut rows, mut named_perp, mut known_perp, mut found, mut any_named) = (0, 0, 0, 0, 0);
    let mut elapsed = std::time::Duration::ZERO;
    let mut bytes = 0usize;
    for record in reader.records() {
        let record = record?;
        rows += 1;
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
        let perpetrator = strip_suspected(field(perp_col));
        let details = normalise(field(details_col));
        bytes += details.len();
        let started = Instant::now();
        let in_details = named_actors(d, &details, date, focus);
        elapsed += started.elapsed();
        if !in_details.is_empty() {
            any_named += 1;
        }
        if perpetrator.is_empty() || perpetrator.eq_ignore_ascii_case("unknown") {
            continue;
        }
        named_perp += 1;
        let wanted = named_actors(d, &normalise(&perpetrator), date, focus);
        if wanted.is_empty() {
            continue;
        }
        known_perp += 1;
        if !wanted.is_disjoint(&in_details) {
            found += 1;
        }
    }
    let pct = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    Ok(format!(
        "{rows} rows; {named_perp} name a perpetrator (not empty, not \"Unknown\"); \
         the dictionary resolves {known_perp} of those perpetrators ({:.1}%).\n\
         perpetrator found as a named mention in details: {found}/{named_perp} = {:.1}% \
         (of rows whose perpetrator the dictionary resolves: {:.1}%)\n\
         rows with any named mention in details: {any_named}/{rows} = {:.1}%\n\
         find() + resolve over all details: {elapsed:?} for {bytes} bytes",
        pct(known_perp, named_perp),
        pct(found, named_perp),
        pct(found, known_perp),
        pct(any_named, rows),
    ))
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
