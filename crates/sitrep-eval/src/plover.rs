//! The `plover` suite: the PLOVER gold-standard records
//! (`PLOVER_GSR_CAMEO.json`), scored on the event category and on the
//! source and target actors' text.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;
use sitrep_io::output::EventRecord;
use sitrep_model::{Date, Document, PloverCategory};

use crate::fold::{fold, truncate};
use crate::names::Names;
use crate::report::{Metric, Miss, MissList, Slice, SuiteReport};

pub const DEFINITIONS: &str = "\
- **Documents.** Each gold record with a `text` is one document published on its `date` (the `DOCUMENT` record, which documents the file, has no text and is skipped).
- **Gold category**: the record's `event`; the file predates PLOVER 2021 in places, so DEMAND → REQUEST, DISAPPROVE → ACCUSE, INVESTIGATE → ACCUSE and FIGHT → ASSAULT, as the 2021 manual merged them.
- **Our category**: the first coded event's `cameo` mapped through `CAMEO2PLOVER-2021.txt` (read from the same folder as the gold file at eval time; a code missing from the table falls back to its parent code, `0831` → `083` → `08`). Our `plover` field is the coder's own mapping; the notes count how often it differs from the table's.
- **coded**: records with at least one coded event. **category**: the mapped category equals the gold category, over all records (no event is a miss).
- **source / target**: over the records whose gold lists source (target) actors. A gold actor matches when its folded `actorText` (3+ letters), a named actor the dictionary reads in it, or the ACLED name of the country its demonym points to (\"Hungarian\" → Hungary) is contained in the folded `actor1` or `assoc_actor_1` (for the source) or `actor2` or `assoc_actor_2` (for the target) of the first coded event. Records carry no actor spans, so evidence text is not used: any word of the sentence would match it.
- **Worst misses** are listed in file order.
";

/// One gold record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PloverGold {
    pub id: String,
    pub date: Option<Date>,
    pub text: String,
    /// The gold category as PLOVER 2021 names it.
    pub category: Option<PloverCategory>,
    /// The `event` field as written.
    pub event: String,
    pub sources: Vec<String>,
    pub targets: Vec<String>,
}

impl PloverGold {
    pub fn document(&self) -> Document {
        let mut doc = Document::new(self.id.clone(), self.text.clone());
        doc.published = self.date;
        doc
    }
}

/// A gold `event` as a PLOVER 2021 category, mapping the categories the
/// 2021 manual merged away.
pub fn gold_category(event: &str) -> Option<PloverCategory> {
    match event.trim() {
        "DEMAND" => Some(PloverCategory::Request),
        "DISAPPROVE" | "INVESTIGATE" => Some(PloverCategory::Accuse),
        "FIGHT" => Some(PloverCategory::Assault),
        other => other.parse().ok(),
    }
}

#[derive(Deserialize)]
struct RawRecord {
    id: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    event: Option<String>,
    #[serde(default)]
    source: Value,
    #[serde(default)]
    target: Value,
}

/// The `actorText`s of a `source` or `target` field: a list of actor
/// objects, an empty string or null.
fn actor_texts(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|list| {
            list.iter()
                .filter_map(|a| a.get("actorText").and_then(Value::as_str))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Reads the gold file; records without text are skipped.
pub fn parse_plover_gold(json: &str) -> Result<Vec<PloverGold>, String> {
    let raw: Vec<RawRecord> =
        serde_json::from_str(json).map_err(|e| format!("PLOVER gold file: {e}"))?;
    Ok(raw
        .into_iter()
        .filter_map(|r| {
            let text = r.text.filter(|t| !t.trim().is_empty())?;
            let event = r.event.unwrap_or_default();
            Some(PloverGold {
                date: r.date.as_deref().and_then(|d| d.trim().parse().ok()),
                category: gold_category(&event),
                sources: actor_texts(&r.source),
                targets: actor_texts(&r.target),
                id: r.id,
                text,
                event,
            })
        })
        .collect())
}

/// The CAMEO → PLOVER table of `CAMEO2PLOVER-2021.txt`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CameoToPlover {
    map: BTreeMap<String, PloverCategory>,
}

impl CameoToPlover {
    /// Reads lines `code: CATEGORY, mode, context # comment`. Comment and
    /// blank lines are skipped; where a code appears twice the first line
    /// wins (the root `08` heads both CONCEDE and RETREAT; `080` is
    /// CONCEDE).
    pub fn parse(text: &str) -> Result<CameoToPlover, String> {
        let mut map = BTreeMap::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() || line.starts_with('~') {
                continue;
            }
            let Some((code, rest)) = line.split_once(':') else {
                return Err(format!("CAMEO2PLOVER line {}: no `code:`", i + 1));
            };
            let code = code.trim();
            if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("CAMEO2PLOVER line {}: bad code {code:?}", i + 1));
            }
            let category = rest.split(',').next().unwrap_or("").trim();
            let category: PloverCategory = category
                .parse()
                .map_err(|e| format!("CAMEO2PLOVER line {}: {e}", i + 1))?;
            map.entry(code.to_string()).or_insert(category);
        }
        Ok(CameoToPlover { map })
    }

    /// The category of a CAMEO code, or of its nearest listed parent.
    pub fn category(&self, cameo: &str) -> Option<PloverCategory> {
        let cameo = cameo.trim();
        (2..=cameo.len())
            .rev()
            .filter_map(|n| cameo.get(..n))
            .find_map(|prefix| self.map.get(prefix).copied())
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// Whether one gold actor text matches any of the coded names.
fn actor_matches(names: &Names<'_>, gold: &str, date: Date, coded: &[&str]) -> bool {
    let coded: Vec<String> = coded
        .iter()
        .filter(|c| !c.is_empty())
        .map(|c| fold(c))
        .collect();
    if coded.is_empty() {
        return false;
    }
    let mut keys = vec![fold(gold)];
    for r in names.actors_in(gold, date, None) {
        if let crate::names::ResolvedActor::Named(n) = r {
            keys.push(n);
        }
    }
    keys.extend(names.demonym_countries(gold));
    keys.iter()
        .filter(|k| k.chars().count() >= 3)
        .any(|k| coded.iter().any(|c| c.contains(k.as_str())))
}

/// Scores the first coded event of each record; `coded[i]` holds the event
/// records of `gold[i]`.
pub fn score_plover(
    gold: &[PloverGold],
    coded: &[Vec<EventRecord>],
    table: &CameoToPlover,
    names: &Names<'_>,
    misses: usize,
    source: &str,
) -> SuiteReport {
    let empty = Vec::new();
    let mut with_event = 0;
    let mut category_hits = 0;
    let mut field_differs = 0;
    let (mut src_hits, mut src_n, mut tgt_hits, mut tgt_n) = (0, 0, 0, 0);
    let mut category_misses = Vec::new();
    let mut actor_misses = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        let events = coded.get(i).unwrap_or(&empty);
        let first = events.first();
        let date = g.date.unwrap_or_else(|| Date::constant(2000, 1, 1));
        if first.is_some() {
            with_event += 1;
        }
        let ours = first.and_then(|e| table.category(&e.cameo));
        if let Some(e) = first
            && ours.map(|c| c.as_str()) != Some(e.plover.as_str())
        {
            field_differs += 1;
        }
        let category_hit = ours.is_some() && ours == g.category;
        if category_hit {
            category_hits += 1;
        } else {
            category_misses.push(Miss {
                id: g.id.clone(),
                expected: g
                    .category
                    .map_or_else(|| g.event.clone(), |c| c.to_string()),
                coded: first.map_or_else(
                    || "no event".to_string(),
                    |e| {
                        format!(
                            "{} (CAMEO {}, {})",
                            ours.map_or("unmapped", |c| c.as_str()),
                            e.cameo,
                            e.sub_event_type
                        )
                    },
                ),
                text: truncate(&g.text, 160),
            });
        }
        let sides = [(&g.sources, true), (&g.targets, false)];
        for (actors, is_source) in sides {
            if actors.is_empty() {
                continue;
            }
            let coded_names: Vec<&str> = first.map_or_else(Vec::new, |e| {
                if is_source {
                    vec![e.actor1.as_str(), e.assoc_actor_1.as_str()]
                } else {
                    vec![e.actor2.as_str(), e.assoc_actor_2.as_str()]
                }
            });
            let hit = actors
                .iter()
                .any(|a| actor_matches(names, a, date, &coded_names));
            if is_source {
                src_n += 1;
                src_hits += usize::from(hit);
            } else {
                tgt_n += 1;
                tgt_hits += usize::from(hit);
            }
            if !hit {
                actor_misses.push(Miss {
                    id: g.id.clone(),
                    expected: format!(
                        "{} {}",
                        if is_source { "source" } else { "target" },
                        actors.join(" + ")
                    ),
                    coded: if coded_names.iter().all(|c| c.is_empty()) {
                        "nobody".to_string()
                    } else {
                        coded_names
                            .iter()
                            .filter(|c| !c.is_empty())
                            .copied()
                            .collect::<Vec<_>>()
                            .join("; ")
                    },
                    text: truncate(&g.text, 160),
                });
            }
        }
    }
    let n = gold.len();
    let metrics = vec![
        Metric::proportion("coded", "records with an event", with_event, n),
        Metric::proportion(
            "category",
            "PLOVER category (first event)",
            category_hits,
            n,
        ),
        Metric::proportion("source", "source actor text", src_hits, src_n),
        Metric::proportion("target", "target actor text", tgt_hits, tgt_n),
    ];
    let list = |metric: &'static str, all: Vec<Miss>| MissList {
        metric,
        total: all.len(),
        shown: all.into_iter().take(misses).collect(),
    };
    let notes = vec![format!(
        "our `plover` field differs from the CAMEO2PLOVER table's category on {field_differs} of {with_event} first events"
    )];
    SuiteReport {
        suite: "plover",
        title: "PLOVER gold-standard records".to_string(),
        source: source.to_string(),
        slices: vec![Slice {
            key: "all",
            title: "All records".to_string(),
            rows: n,
            metrics,
            notes,
            tables: Vec::new(),
            misses: vec![
                list("category", category_misses),
                list("actors", actor_misses),
            ],
        }],
        definitions: DEFINITIONS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_category_table() {
        use PloverCategory::*;
        let table = [
            ("DEMAND", Some(Request)),
            ("DISAPPROVE", Some(Accuse)),
            ("INVESTIGATE", Some(Accuse)),
            ("FIGHT", Some(Assault)),
            ("AGREE", Some(Agree)),
            ("DOCUMENT", None),
        ];
        for (event, want) in table {
            assert_eq!(gold_category(event), want, "{event}");
        }
    }

    #[test]
    fn cameo_table_lookups() {
        let table = CameoToPlover::parse(
            "# header\n\n08: CONCEDE\n080: CONCEDE,   ,  # Yield\n08: RETREAT\n0841: RETREAT, release, legal # x\n19: ASSAULT\n190: ASSAULT, , military\n~~~~~\n",
        )
        .expect("table");
        use PloverCategory::*;
        let lookups = [
            ("0841", Some(Retreat)),
            ("0842", Some(Concede)), // falls back to the root 08, first listed
            ("193", Some(Assault)),
            ("01", None),
            ("", None),
        ];
        for (code, want) in lookups {
            assert_eq!(table.category(code), want, "{code}");
        }
        assert!(CameoToPlover::parse("x: AGREE").is_err());
        assert!(CameoToPlover::parse("01: SPEAK").is_err());
    }

    #[test]
    fn gold_records_are_read() {
        let json = r#"[
          {"id": "doc", "event": "DOCUMENT"},
          {"id": "a", "date": "2000-01-01", "event": "FIGHT", "text": "X attacked Y.",
           "source": [{"actorText": "X"}], "target": ""},
          {"id": "b", "event": "AGREE", "text": "They agreed.", "source": null,
           "target": [{"actorText": " Tokyo "}]}
        ]"#;
        let gold = parse_plover_gold(json).expect("gold");
        let got: Vec<(&str, Option<PloverCategory>, usize, usize)> = gold
            .iter()
            .map(|g| (g.id.as_str(), g.category, g.sources.len(), g.targets.len()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("a", Some(PloverCategory::Assault), 1, 0),
                ("b", Some(PloverCategory::Agree), 0, 1)
            ]
        );
        assert_eq!(gold[1].targets, vec!["Tokyo".to_string()]);
    }
}
