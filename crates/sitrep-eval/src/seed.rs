//! Checking coded records against a seed gold file.
//!
//! The gold file's rules (its `about` field): patterns are case-insensitive
//! regular expressions; actor pairs match in either order unless `ordered`
//! is true. A required event is met by any coded event that satisfies every
//! constraint it states; a forbidden event is violated by any coded event
//! that matches all its patterns; claims likewise.

use std::collections::BTreeMap;

use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Clone, Deserialize)]
pub struct Gold {
    pub document: String,
    pub published: String,
    #[serde(default)]
    pub title: Option<String>,
    /// Named actor patterns, referred to by the events and claims.
    pub actors: BTreeMap<String, String>,
    pub events_required: Vec<RequiredEvent>,
    #[serde(default)]
    pub events_forbidden: Vec<ForbiddenEvent>,
    pub max_events: usize,
    #[serde(default)]
    pub claims_required: Vec<RequiredClaim>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RequiredEvent {
    pub id: String,
    #[serde(default)]
    pub evidence_hint: Option<String>,
    #[serde(default)]
    pub event_type: Option<Vec<String>>,
    #[serde(default)]
    pub sub_event_type: Option<Vec<String>>,
    #[serde(default)]
    pub actor1: Option<String>,
    #[serde(default)]
    pub actor2: Option<String>,
    #[serde(default)]
    pub ordered: bool,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub admin1: Option<String>,
    /// Allowed fatality figures; `null` in the list allows unknown.
    #[serde(default)]
    pub fatalities: Option<Vec<Option<u64>>>,
    #[serde(default)]
    pub event_date_between: Option<[String; 2]>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ForbiddenEvent {
    pub why: String,
    #[serde(default)]
    pub admin1: Option<String>,
    #[serde(default)]
    pub evidence: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RequiredClaim {
    pub id: String,
    pub kind: String,
    #[serde(default)]
    pub actor: Option<String>,
    #[serde(default)]
    pub actors: Option<[String; 2]>,
    #[serde(default)]
    pub relation: Option<String>,
    #[serde(default)]
    pub low: Option<u64>,
    #[serde(default)]
    pub high: Option<u64>,
}

/// The outcome of checking one document's records against its gold file.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Per required event: its id and the index (among events) of the first
    /// coded event meeting it.
    pub required: Vec<(String, Option<usize>)>,
    /// Forbidden events that were coded: (why, event index).
    pub forbidden: Vec<(String, usize)>,
    pub events: usize,
    pub max_events: usize,
    /// Per required claim: its id and whether a coded claim meets it.
    pub claims: Vec<(String, bool)>,
}

impl Report {
    pub fn required_met(&self) -> usize {
        self.required.iter().filter(|(_, m)| m.is_some()).count()
    }

    pub fn claims_met(&self) -> usize {
        self.claims.iter().filter(|(_, m)| *m).count()
    }

    /// Everything the gold file asks for holds.
    pub fn passed(&self) -> bool {
        self.required_met() == self.required.len()
            && self.forbidden.is_empty()
            && self.events <= self.max_events
            && self.claims_met() == self.claims.len()
    }

    /// A few lines a developer can read.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "events required {}/{}, forbidden coded {}, events {} (at most {}), claims {}/{}",
            self.required_met(),
            self.required.len(),
            self.forbidden.len(),
            self.events,
            self.max_events,
            self.claims_met(),
            self.claims.len()
        );
        for (id, m) in &self.required {
            if m.is_none() {
                s.push_str(&format!("\n  missing event {id}"));
            }
        }
        for (why, i) in &self.forbidden {
            s.push_str(&format!("\n  forbidden event #{i}: {why}"));
        }
        for (id, m) in &self.claims {
            if !m {
                s.push_str(&format!("\n  missing claim {id}"));
            }
        }
        s
    }
}

fn pattern(p: &str) -> Result<Regex, String> {
    RegexBuilder::new(p)
        .case_insensitive(true)
        .build()
        .map_err(|e| format!("bad pattern {p:?}: {e}"))
}

fn field<'a>(v: &'a Value, name: &str) -> &'a str {
    v.get(name).and_then(Value::as_str).unwrap_or("")
}

impl Gold {
    pub fn from_json(text: &str) -> Result<Gold, String> {
        serde_json::from_str(text).map_err(|e| format!("gold file: {e}"))
    }

    fn actor_pattern(&self, key: &str) -> Result<Regex, String> {
        let p = self
            .actors
            .get(key)
            .ok_or_else(|| format!("gold file names unknown actor {key:?}"))?;
        pattern(p)
    }

    /// Checks `records` (the JSON objects `sitrep extract` printed for the
    /// document) against the gold file.
    pub fn check(&self, records: &[Value]) -> Result<Report, String> {
        let events: Vec<&Value> = records
            .iter()
            .filter(|r| field(r, "kind") == "event")
            .collect();
        let claims: Vec<&Value> = records
            .iter()
            .filter(|r| field(r, "kind") == "claim")
            .collect();
        let mut report = Report {
            events: events.len(),
            max_events: self.max_events,
            ..Report::default()
        };
        for req in &self.events_required {
            let mut found = None;
            for (i, e) in events.iter().enumerate() {
                if self.event_meets(req, e)? {
                    found = Some(i);
                    break;
                }
            }
            report.required.push((req.id.clone(), found));
        }
        for f in &self.events_forbidden {
            let admin1 = f.admin1.as_deref().map(pattern).transpose()?;
            let evidence = f.evidence.as_deref().map(pattern).transpose()?;
            for (i, e) in events.iter().enumerate() {
                let admin_hit = admin1
                    .as_ref()
                    .is_none_or(|p| p.is_match(field(e, "admin1")));
                let evidence_hit = evidence.as_ref().is_none_or(|p| {
                    e.get("evidence")
                        .and_then(Value::as_array)
                        .is_some_and(|ev| ev.iter().any(|x| p.is_match(field(x, "text"))))
                });
                if admin_hit && evidence_hit {
                    report.forbidden.push((f.why.clone(), i));
                }
            }
        }
        for c in &self.claims_required {
            let mut met = false;
            for claim in &claims {
                if self.claim_meets(c, claim)? {
                    met = true;
                    break;
                }
            }
            report.claims.push((c.id.clone(), met));
        }
        Ok(report)
    }

    fn event_meets(&self, req: &RequiredEvent, e: &Value) -> Result<bool, String> {
        let one_of = |allowed: &Option<Vec<String>>, value: &str| {
            allowed
                .as_ref()
                .is_none_or(|list| list.iter().any(|x| x == value))
        };
        if !one_of(&req.event_type, field(e, "event_type"))
            || !one_of(&req.sub_event_type, field(e, "sub_event_type"))
        {
            return Ok(false);
        }
        if let Some(c) = &req.country
            && field(e, "country") != c
        {
            return Ok(false);
        }
        if let Some(p) = &req.admin1
            && !pattern(p)?.is_match(field(e, "admin1"))
        {
            return Ok(false);
        }
        if let Some(allowed) = &req.fatalities {
            let got = e.get("fatalities").and_then(Value::as_u64);
            if !allowed.contains(&got) {
                return Ok(false);
            }
        }
        if let Some([from, to]) = &req.event_date_between {
            let d = field(e, "event_date");
            // ISO dates compare as strings.
            if d < from.as_str() || d > to.as_str() {
                return Ok(false);
            }
        }
        let (a1, a2) = (field(e, "actor1"), field(e, "actor2"));
        let p1 = req
            .actor1
            .as_deref()
            .map(|k| self.actor_pattern(k))
            .transpose()?;
        let p2 = req
            .actor2
            .as_deref()
            .map(|k| self.actor_pattern(k))
            .transpose()?;
        let fits = |x: &str, y: &str| {
            p1.as_ref().is_none_or(|p| p.is_match(x)) && p2.as_ref().is_none_or(|p| p.is_match(y))
        };
        Ok(fits(a1, a2) || (!req.ordered && fits(a2, a1)))
    }

    fn claim_meets(&self, req: &RequiredClaim, c: &Value) -> Result<bool, String> {
        if field(c, "claim_type") != req.kind {
            return Ok(false);
        }
        if let Some(k) = &req.actor
            && !self.actor_pattern(k)?.is_match(field(c, "actor"))
        {
            return Ok(false);
        }
        let num = |name: &str| c.get(name).and_then(Value::as_u64);
        if req.low.is_some() && num("low") != req.low {
            return Ok(false);
        }
        if req.high.is_some() && num("high") != req.high {
            return Ok(false);
        }
        if let Some(r) = &req.relation
            && !pattern(r)?.is_match(field(c, "relation"))
        {
            return Ok(false);
        }
        if let Some([x, y]) = &req.actors {
            let (px, py) = (self.actor_pattern(x)?, self.actor_pattern(y)?);
            let (a1, a2) = (field(c, "actor1"), field(c, "actor2"));
            if !((px.is_match(a1) && py.is_match(a2)) || (px.is_match(a2) && py.is_match(a1))) {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// The rules the `seed` suite scores by, as Markdown for `EVAL.md`.
pub const DEFINITIONS: &str = "\
- **Document**: the seed article, published on the gold file's `published` date; the gold file's `about` field gives its matching rules.
- **required events** / **required claims**: the share of the gold file's required events (claims) met by some coded event (claim). **no forbidden event**: 1 when no coded event matches a forbidden one. **within the event limit**: 1 when at most `max_events` events are coded. The seed test (`crates/sitrep/tests/seed.rs`) demands all four at 1.
";

/// The seed gold file as an eval suite: the [`Report`] of `check` as
/// figures, with the missing and forbidden events as misses.
pub fn score_seed(
    gold: &Gold,
    records: &[Value],
    source: &str,
) -> Result<crate::report::SuiteReport, String> {
    use crate::report::{Metric, Miss, MissList, Slice, SuiteReport};
    let report = gold.check(records)?;
    let binary = |ok: bool| usize::from(ok);
    let metrics = vec![
        Metric::proportion(
            "events_required",
            "required events met",
            report.required_met(),
            report.required.len(),
        )
        .with_target(1.0),
        Metric::proportion(
            "claims_required",
            "required claims met",
            report.claims_met(),
            report.claims.len(),
        )
        .with_target(1.0),
        Metric::proportion(
            "no_forbidden",
            "no forbidden event",
            binary(report.forbidden.is_empty()),
            1,
        )
        .with_target(1.0),
        Metric::proportion(
            "within_limit",
            "within the event limit",
            binary(report.events <= report.max_events),
            1,
        )
        .with_target(1.0),
    ];
    let miss = |id: &str, expected: String, coded: String| Miss {
        id: id.to_string(),
        expected,
        coded,
        text: String::new(),
    };
    let events_missed: Vec<Miss> = report
        .required
        .iter()
        .filter(|(_, m)| m.is_none())
        .map(|(id, _)| miss(id, "this event".into(), "no matching event".into()))
        .chain(
            report
                .forbidden
                .iter()
                .map(|(why, i)| miss(&format!("event #{i}"), "no such event".into(), why.clone())),
        )
        .collect();
    let claims_missed: Vec<Miss> = report
        .claims
        .iter()
        .filter(|(_, m)| !m)
        .map(|(id, _)| miss(id, "this claim".into(), "no matching claim".into()))
        .collect();
    let list = |metric: &'static str, all: Vec<Miss>| MissList {
        metric,
        total: all.len(),
        shown: all,
    };
    Ok(SuiteReport {
        suite: "seed",
        title: gold.title.clone().unwrap_or_else(|| gold.document.clone()),
        source: source.to_string(),
        slices: vec![Slice {
            key: "all",
            title: gold.document.clone(),
            rows: 1,
            metrics,
            notes: vec![format!(
                "{} events coded (at most {} allowed)",
                report.events, report.max_events
            )],
            tables: Vec::new(),
            misses: vec![list("events", events_missed), list("claims", claims_missed)],
        }],
        definitions: DEFINITIONS,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn gold() -> Gold {
        Gold::from_json(
            r#"{
              "document": "x.txt", "published": "2018-03-28",
              "actors": {"taliban": "taliban", "iskp": "(isis|khorasan)"},
              "events_required": [
                {"id": "battle", "event_type": ["Battles"], "actor1": "taliban", "actor2": "iskp",
                 "admin1": "helmand", "fatalities": [0, null], "event_date_between": ["2018-01-01", "2018-03-28"]}
              ],
              "events_forbidden": [{"why": "no Herat", "admin1": "herat"}],
              "max_events": 2,
              "claims_required": [{"id": "s", "kind": "strength", "actor": "taliban", "high": 60000}]
            }"#,
        )
        .expect("gold")
    }

    fn event(actor1: &str, actor2: &str, admin1: &str, fatalities: Value) -> Value {
        json!({"kind": "event", "event_type": "Battles", "sub_event_type": "Armed clash",
               "actor1": actor1, "actor2": actor2, "admin1": admin1, "country": "Afghanistan",
               "fatalities": fatalities, "event_date": "2018-03-20", "evidence": []})
    }

    #[test]
    fn gold_rules_table() {
        let claim = json!({"kind": "claim", "claim_type": "strength", "actor": "Taliban", "high": 60000, "low": null});
        let table: Vec<(&str, Vec<Value>, bool)> = vec![
            (
                "all met",
                vec![
                    event(
                        "Taliban",
                        "Islamic State Khorasan Province",
                        "Helmand",
                        Value::Null,
                    ),
                    claim.clone(),
                ],
                true,
            ),
            (
                "either order",
                vec![event("ISIS", "Taliban", "Helmand", json!(0)), claim.clone()],
                true,
            ),
            (
                "wrong toll",
                vec![event("Taliban", "ISIS", "Helmand", json!(3)), claim.clone()],
                false,
            ),
            (
                "wrong province",
                vec![
                    event("Taliban", "ISIS", "Farah", Value::Null),
                    claim.clone(),
                ],
                false,
            ),
            (
                "forbidden",
                vec![
                    event("Taliban", "ISIS", "Helmand", Value::Null),
                    event("Taliban", "ISIS", "Herat", Value::Null),
                    claim.clone(),
                ],
                false,
            ),
            (
                "too many",
                vec![
                    event("Taliban", "ISIS", "Helmand", Value::Null),
                    event("A", "B", "Kabul", Value::Null),
                    event("A", "B", "Kabul", Value::Null),
                    claim.clone(),
                ],
                false,
            ),
            (
                "claim missing",
                vec![event("Taliban", "ISIS", "Helmand", Value::Null)],
                false,
            ),
        ];
        for (name, records, want) in table {
            let r = gold().check(&records).expect("check");
            assert_eq!(r.passed(), want, "{name}: {}", r.summary());
        }
    }

    #[test]
    fn seed_suite_figures() {
        let claim = json!({"kind": "claim", "claim_type": "strength", "actor": "Taliban", "high": 60000, "low": null});
        let table: Vec<(Vec<Value>, [usize; 4])> = vec![
            (
                vec![
                    event("Taliban", "ISIS", "Helmand", Value::Null),
                    claim.clone(),
                ],
                [1, 1, 1, 1],
            ),
            (
                vec![event("Taliban", "ISIS", "Herat", Value::Null)],
                [0, 0, 0, 1],
            ),
        ];
        for (records, want) in table {
            let r = score_seed(&gold(), &records, "test").expect("score");
            let got: Vec<usize> = r.slices[0]
                .metrics
                .iter()
                .map(|m| m.hits.unwrap_or(9))
                .collect();
            assert_eq!(got, want, "{records:?}");
        }
    }
}
