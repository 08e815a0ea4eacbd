//! The binary's CAMEO glue: reads PETRARCH/Phoenix dictionary files named
//! on the command line, codes documents with them (`sitrep-cameo`), and
//! joins the codings to sitrep's own ACLED events.
//!
//! How a coding joins the events of its document: it lands on the first
//! event whose evidence holds the coding's verb and whose own CAMEO code is
//! of the same quad class (verbal or material, cooperation or conflict:
//! "the ministry said" in a bombing's sentence is not the bombing); when
//! several codings land on one event, the one whose CAMEO root matches the
//! event's own code wins, else the first. That event's record then carries the coding's
//! `source_code`, `target_code` and `cameo` (the verb pattern's code, when
//! it is a CAMEO code; `plover` follows it when a CAMEO → PLOVER table was
//! given). A coding that lands on no event becomes a
//! `"kind": "cameo"` record of its own, with the codes mapped onto sitrep's
//! ACLED-style actor names (`AFGREB` → Taliban) and, given a CAMEO → PLOVER
//! table, its PLOVER category. sitrep's own ACLED fields (event type,
//! actors, place, toll) are never overwritten by CAMEO's.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use sitrep_cameo::{
    AcledActors, CameoDictionaries, CoderOptions, Coding, DictionaryIssue, DictionarySource,
    code_document,
};
use sitrep_coding::Knowledge;
use sitrep_eval::plover::CameoToPlover;
use sitrep_io::output::{CameoRecord, EventRecord};
use sitrep_model::{Date, Document, Event, Span};

/// The Phoenix files `--cameo-dir` reads: verbs, actors, agents, discards.
pub const PHOENIX_VERBS: &str = "CAMEO.2.0.txt";
pub const PHOENIX_ACTORS: [&str; 3] = [
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
];
pub const PHOENIX_AGENTS: &str = "Phoenix.agents.txt";
pub const PHOENIX_DISCARDS: &str = "Phoenix.discards.txt";

/// `extract`'s CAMEO flags.
#[derive(clap::Args, Debug, Default)]
pub struct CameoArgs {
    /// A PETRARCH verb dictionary (CAMEO.2.0.txt): code with it, alongside sitrep's own coder.
    #[arg(long, value_name = "FILE")]
    cameo_verbs: Option<PathBuf>,
    /// PETRARCH actor dictionaries, comma-separated (Phoenix.Countries.actors.txt,...).
    #[arg(long, value_name = "FILE[,FILE...]", value_delimiter = ',')]
    cameo_actors: Vec<PathBuf>,
    /// A PETRARCH agent dictionary (Phoenix.agents.txt).
    #[arg(long, value_name = "FILE")]
    cameo_agents: Option<PathBuf>,
    /// A PETRARCH discard dictionary (Phoenix.discards.txt).
    #[arg(long, value_name = "FILE")]
    cameo_discards: Option<PathBuf>,
    /// A CAMEO → PLOVER table (CAMEO2PLOVER-2021.txt) for the `plover` field of CAMEO-only records.
    #[arg(long, value_name = "FILE")]
    cameo_plover: Option<PathBuf>,
}

/// Compiled CAMEO dictionaries and what the binary needs around them.
pub struct Cameo {
    pub dictionaries: CameoDictionaries,
    acled: AcledActors,
    pub plover: Option<CameoToPlover>,
    pub options: CoderOptions,
    /// Every dictionary line that could not be read as written.
    pub issues: Vec<DictionaryIssue>,
    /// Reading and compiling the files.
    pub load_time: Duration,
}

fn read(path: &Path) -> Result<(String, String)> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read CAMEO dictionary {}", path.display()))?;
    Ok((path.display().to_string(), text))
}

pub fn sources(files: &[(String, String)]) -> Vec<DictionarySource<'_>> {
    files
        .iter()
        .map(|(name, text)| DictionarySource { name, text })
        .collect()
}

impl Cameo {
    /// Loads the dictionaries `extract`'s flags name; `None` without any
    /// flag. A verb dictionary is required once any flag is given, since
    /// nothing codes without verbs.
    pub fn from_args(args: &CameoArgs, knowledge: &Knowledge) -> Result<Option<Cameo>> {
        let any = args.cameo_verbs.is_some()
            || !args.cameo_actors.is_empty()
            || args.cameo_agents.is_some()
            || args.cameo_discards.is_some()
            || args.cameo_plover.is_some();
        if !any {
            return Ok(None);
        }
        let Some(verbs) = &args.cameo_verbs else {
            bail!("--cameo-actors, --cameo-agents and --cameo-discards need --cameo-verbs");
        };
        let plover = match &args.cameo_plover {
            Some(p) => Some(
                CameoToPlover::parse(&read(p)?.1)
                    .map_err(anyhow::Error::msg)
                    .with_context(|| format!("{}", p.display()))?,
            ),
            None => None,
        };
        let cameo = Cameo::load(
            std::slice::from_ref(verbs),
            &args.cameo_actors,
            args.cameo_agents.as_slice(),
            args.cameo_discards.as_slice(),
            knowledge,
            plover,
        )?;
        Ok(Some(cameo))
    }

    /// Loads the Phoenix files from a folder (`sitrep eval plover
    /// --cameo-dir`).
    pub fn phoenix(dir: &Path, knowledge: &Knowledge) -> Result<Cameo> {
        let actors: Vec<PathBuf> = PHOENIX_ACTORS.iter().map(|f| dir.join(f)).collect();
        Cameo::load(
            &[dir.join(PHOENIX_VERBS)],
            &actors,
            &[dir.join(PHOENIX_AGENTS)],
            &[dir.join(PHOENIX_DISCARDS)],
            knowledge,
            None,
        )
    }

    pub fn load(
        verbs: &[PathBuf],
        actors: &[PathBuf],
        agents: &[PathBuf],
        discards: &[PathBuf],
        knowledge: &Knowledge,
        plover: Option<CameoToPlover>,
    ) -> Result<Cameo> {
        let started = Instant::now();
        let read_all = |paths: &[PathBuf]| -> Result<Vec<(String, String)>> {
            paths.iter().map(|p| read(p)).collect()
        };
        let (v, a, g, x) = (
            read_all(verbs)?,
            read_all(actors)?,
            read_all(agents)?,
            read_all(discards)?,
        );
        let loaded =
            CameoDictionaries::load(&sources(&v), &sources(&a), &sources(&g), &sources(&x));
        let (acled, mut issues) = AcledActors::embedded(&knowledge.actors);
        issues.extend(loaded.issues);
        Ok(Cameo {
            dictionaries: loaded.dictionaries,
            acled,
            plover,
            options: CoderOptions::default(),
            issues,
            load_time: started.elapsed(),
        })
    }

    /// Codes `doc` and joins the codings to its ACLED `events`.
    pub fn code(&self, knowledge: &Knowledge, doc: &Document, events: &[Event]) -> Joined {
        let coded = code_document(&self.dictionaries, doc, &self.options);
        let mut joined = Joined {
            on_events: vec![None; events.len()],
            records: Vec::new(),
        };
        // The coding each event takes, by index into `coded.codings`.
        let mut taken: Vec<Option<usize>> = vec![None; events.len()];
        for (k, c) in coded.codings.iter().enumerate() {
            let class = c.event.cameo().map(|x| quad_class(x.root()));
            let lands = |e: &Event| holds(e, c.verb) && class == Some(quad_class(e.cameo.root()));
            let Some(i) = events.iter().position(lands) else {
                joined
                    .records
                    .push(self.record(knowledge, doc, c, focus_of(events)));
                continue;
            };
            let better = match taken[i] {
                None => true,
                Some(prev) => {
                    let root = |c: &Coding| c.event.cameo().map(|x| x.root());
                    let own = Some(events[i].cameo.root());
                    root(&coded.codings[prev]) != own && root(c) == own
                }
            };
            if better {
                taken[i] = Some(k);
            }
        }
        for (i, t) in taken.iter().enumerate() {
            if let Some(c) = t.and_then(|k| coded.codings.get(k)) {
                let cameo = c.event.cameo().map(|x| x.to_string());
                let plover = cameo
                    .as_deref()
                    .and_then(|x| self.plover.as_ref()?.category(x))
                    .map(|p| p.to_string());
                joined.on_events[i] = Some(OnEvent {
                    source_code: c.source.to_string(),
                    target_code: c.target.to_string(),
                    cameo,
                    plover,
                });
            }
        }
        joined
    }

    fn record(
        &self,
        knowledge: &Knowledge,
        doc: &Document,
        c: &Coding,
        focus: Option<sitrep_model::CountryCode>,
    ) -> CameoRecord {
        let spans: Vec<Span> = std::iter::once(c.verb)
            .chain(c.source_span)
            .chain(c.target_span)
            .collect();
        let mut r = CameoRecord::new(doc, c.sentence, &spans);
        let date = doc.published.unwrap_or_else(|| Date::constant(2000, 1, 1));
        let name = |code| {
            self.acled
                .actor(&knowledge.actors, code, date, focus)
                .map(|a| a.name)
        };
        r.source_code = c.source.to_string();
        r.target_code = c.target.to_string();
        r.source_actor = name(&c.source);
        r.target_actor = name(&c.target);
        r.cameo = c.event.to_string();
        r.plover = self
            .plover
            .as_ref()
            .and_then(|t| t.category(c.event.as_str()))
            .map(|p| p.to_string());
        r.words = c.words.clone();
        r.pattern = c
            .pattern
            .as_ref()
            .map(|p| format!("{}:{}: {}", p.file, p.line, p.text));
        r
    }
}

/// What a coding adds to the ACLED event it landed on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnEvent {
    pub source_code: String,
    pub target_code: String,
    /// The verb pattern's code, when it is a CAMEO code (the validation
    /// dictionaries use codes such as `174K` that are not).
    pub cameo: Option<String>,
    /// The PLOVER category of that code, given a CAMEO → PLOVER table, so
    /// the record's `cameo` and `plover` agree.
    pub plover: Option<String>,
}

impl OnEvent {
    pub fn apply(&self, r: &mut EventRecord) {
        r.source_code = Some(self.source_code.clone());
        r.target_code = Some(self.target_code.clone());
        if let Some(c) = &self.cameo {
            r.cameo = c.clone();
        }
        if let Some(p) = &self.plover {
            r.plover = p.clone();
        }
    }
}

/// A document's CAMEO codings joined to its events.
#[derive(Debug, Clone, Default)]
pub struct Joined {
    /// Per event (by index): the coding that landed on it.
    pub on_events: Vec<Option<OnEvent>>,
    /// Codings that landed on no event.
    pub records: Vec<CameoRecord>,
}

/// CAMEO's quad classes by root code: verbal cooperation (01-04),
/// material cooperation (05-08), verbal conflict (09-13), material
/// conflict (14-20).
fn quad_class(root: u8) -> u8 {
    match root {
        1..=4 => 1,
        5..=8 => 2,
        9..=13 => 3,
        _ => 4,
    }
}

fn holds(e: &Event, verb: Span) -> bool {
    e.evidence
        .iter()
        .any(|s| s.start <= verb.start && verb.end <= s.end)
}

/// The report's country, as far as its events say: `---GOV` is its
/// government.
fn focus_of(events: &[Event]) -> Option<sitrep_model::CountryCode> {
    events
        .iter()
        .find_map(|e| e.place.as_ref().map(|p| p.country_code))
}

/// A CAMEO-only coding as an event record, for the scorers that read event
/// records (`sitrep eval plover --cameo-dir`): actor names, CAMEO code and
/// PLOVER category filled, no ACLED event type.
pub fn as_event_record(c: &CameoRecord) -> EventRecord {
    EventRecord {
        kind: "cameo",
        doc_id: c.doc_id.clone(),
        actor1: c.source_actor.clone().unwrap_or_default(),
        actor2: c.target_actor.clone().unwrap_or_default(),
        cameo: c.cameo.clone(),
        plover: c.plover.clone().unwrap_or_default(),
        source_code: Some(c.source_code.clone()),
        target_code: Some(c.target_code.clone()),
        evidence: c.evidence.clone(),
        ..EventRecord::default()
    }
}

/// Prints the dictionary issues on standard error, the first `limit` in
/// full and then a count.
pub fn report_issues(issues: &[DictionaryIssue], limit: usize) {
    for i in issues.iter().take(limit) {
        eprintln!("sitrep: cameo: {i}");
    }
    if issues.len() > limit {
        eprintln!(
            "sitrep: cameo: {} more dictionary lines reported (of {}); all were read or skipped as said",
            issues.len() - limit,
            issues.len()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quad_classes_table() {
        let table = [
            (1, 1),
            (4, 1),
            (5, 2),
            (8, 2),
            (9, 3),
            (13, 3),
            (14, 4),
            (19, 4),
            (20, 4),
        ];
        for (root, class) in table {
            assert_eq!(quad_class(root), class, "{root}");
        }
    }
}
