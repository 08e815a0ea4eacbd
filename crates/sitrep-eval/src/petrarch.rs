//! The `petrarch` suite: PETRARCH's own unit-test records
//! (`PETR.UnitTest.records.xml`), scored on the (source, target, event
//! code) triples of their `<EventCoding>` elements.
//!
//! The file names its dictionaries in `<Environment>` and changes coding
//! options between records with `<Config option=... value=...>`; both are
//! read here and handed to the caller, who codes each record's `<Text>` on
//! its `date` (the `<Parse>` is ignored: sitrep has no parser).

use std::collections::{BTreeMap, BTreeSet};

use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use sitrep_model::Date;

use crate::fold::truncate;
use crate::report::{Metric, Miss, MissList, Slice, SuiteReport, Table};

pub const DEFINITIONS: &str = "\
- **Records.** Every `<Sentence>` of the file is one story: its `<Text>` is coded on its `date` with the dictionaries its `<Environment>` names (read from `--dict-dir`, default `../shared/data/petrarch/dictionaries`) and the `<Config>` options in force at that point of the file (`require_dyad`, `new_actor_length`, `comma_*`). The `<Parse>` is ignored, and records marked `sentence=\"false\"` (known not to code in PETRARCH either) are scored like the others.
- **Expected codings**: every `<EventCoding>` element (385 in the v1 file): a (source, target, event) triple, or `noevents` / `error` (a discard, a dateline, a bad parse), which is found when the record codes nothing.
- **found**: expected codings found, over all expected codings. A triple is found when the record's codings contain it exactly.
- **precision**: codings that were expected, over all codings produced; 1 − precision is the share of extra codings (a coding of a `noevents` or `error` record is extra).
- **records right**: records whose codings are exactly the expected set (none for `noevents` and `error` records).
- Per category: the record's `category` attribute as written.
- **Failures** list every record not fully right, in file order: expected vs got.
";

/// One expected outcome of a record.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Expected {
    Coding(Triple),
    /// `noevents = "True"`.
    NoEvents,
    /// `error="storydiscard"` and the like: nothing may be coded.
    Error(String),
}

/// A (source, target, event) coding, codes as written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Triple {
    pub source: String,
    pub target: String,
    pub event: String,
}

impl std::fmt::Display for Triple {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {}", self.source, self.target, self.event)
    }
}

/// One `<Sentence>` record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub id: String,
    pub category: String,
    pub date: Option<Date>,
    pub text: String,
    /// The `sentence` attribute: `false` marks records PETRARCH itself
    /// does not code as expected.
    pub valid: bool,
    pub expected: Vec<Expected>,
    /// The `<Config>` options in force for this record (option → value),
    /// in the order the file set them.
    pub options: BTreeMap<String, String>,
}

/// The dictionary files an `<Environment>` names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    pub verbs: Vec<String>,
    pub actors: Vec<String>,
    pub agents: Vec<String>,
    pub discards: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordFile {
    pub environment: Environment,
    pub records: Vec<Record>,
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    let a = e.try_get_attribute(key).ok()??;
    let value = a
        .normalized_value(XmlVersion::Implicit1_0)
        .map(|v| v.into_owned())
        .unwrap_or_else(|_| a.value.into_owned());
    Some(value)
}

fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Date::new(
        s.get(..4)?.parse().ok()?,
        s.get(4..6)?.parse().ok()?,
        s.get(6..8)?.parse().ok()?,
    )
    .ok()
}

/// Reads PETRARCH's validation XML. Errors name the line.
pub fn parse_records(xml: &str) -> Result<RecordFile, String> {
    let mut reader = Reader::from_str(xml);
    let mut file = RecordFile::default();
    let mut options: BTreeMap<String, String> = BTreeMap::new();
    let mut current: Option<Record> = None;
    // The element whose text is being collected.
    let mut text_of: Option<String> = None;
    let mut text = String::new();
    let line_at = |pos: u64| {
        xml.get(..pos as usize)
            .map_or(0, |s| s.lines().count().max(1))
    };
    loop {
        let pos = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            format!(
                "records line {}: malformed XML: {e}",
                line_at(reader.error_position())
            )
        })?;
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name().as_ref().to_string();
                match name.as_str() {
                    "Sentence" => {
                        let date = attr(&e, "date").unwrap_or_default();
                        current = Some(Record {
                            id: attr(&e, "id").unwrap_or_default(),
                            category: attr(&e, "category").unwrap_or_default(),
                            date: parse_date(&date),
                            text: String::new(),
                            valid: !attr(&e, "sentence")
                                .is_some_and(|v| v.trim().eq_ignore_ascii_case("false")),
                            expected: Vec::new(),
                            options: options.clone(),
                        });
                    }
                    "EventCoding" => {
                        let Some(r) = current.as_mut() else {
                            return Err(format!(
                                "records line {}: <EventCoding> outside <Sentence>",
                                line_at(pos)
                            ));
                        };
                        if let Some(err) = attr(&e, "error") {
                            r.expected.push(Expected::Error(err));
                        } else if attr(&e, "noevents").is_some() {
                            r.expected.push(Expected::NoEvents);
                        } else {
                            let get = |k: &str| attr(&e, k).unwrap_or_default().trim().to_string();
                            r.expected.push(Expected::Coding(Triple {
                                source: get("sourcecode"),
                                target: get("targetcode"),
                                event: get("eventcode"),
                            }));
                        }
                    }
                    "Config" => {
                        if let (Some(o), Some(v)) = (attr(&e, "option"), attr(&e, "value")) {
                            options.insert(o.trim().to_string(), v.trim().to_string());
                        }
                    }
                    "Text" | "Verbfile" | "Actorfile" | "Agentfile" | "Discardfile" => {
                        text_of = Some(name);
                        text.clear();
                    }
                    _ => {}
                }
            }
            Event::Text(t) if text_of.is_some() => {
                text.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if text_of.is_some() => match r.resolve_char_ref() {
                Ok(Some(ch)) => text.push(ch),
                _ => match resolve_predefined_entity(&r) {
                    Some(s) => text.push_str(s),
                    None => text.push_str(&format!("&{};", &*r)),
                },
            },
            Event::End(e) => {
                let name = e.local_name().as_ref().to_string();
                if text_of.as_deref() == Some(name.as_str()) {
                    text_of = None;
                    let value = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    let env = &mut file.environment;
                    match name.as_str() {
                        "Text" => {
                            if let Some(r) = current.as_mut() {
                                r.text = value;
                            }
                        }
                        "Verbfile" => env.verbs.push(value),
                        "Actorfile" => env.actors.extend(
                            value
                                .split(',')
                                .map(|s| s.trim().to_string())
                                .filter(|s| !s.is_empty()),
                        ),
                        "Agentfile" => env.agents.push(value),
                        _ => env.discards.push(value),
                    }
                } else if name == "Sentence"
                    && let Some(r) = current.take()
                {
                    file.records.push(r);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if file.records.is_empty() {
        return Err("records: no <Sentence> records found".to_string());
    }
    Ok(file)
}

#[derive(Default)]
struct Tally {
    records: usize,
    right: usize,
    expected: usize,
    found: usize,
    produced: usize,
    extra: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.records += o.records;
        self.right += o.right;
        self.expected += o.expected;
        self.found += o.found;
        self.produced += o.produced;
        self.extra += o.extra;
    }
}

fn judge(r: &Record, coded: &[Triple]) -> Tally {
    let got: BTreeSet<&Triple> = coded.iter().collect();
    let want: BTreeSet<&Triple> = r
        .expected
        .iter()
        .filter_map(|e| match e {
            Expected::Coding(t) => Some(t),
            _ => None,
        })
        .collect();
    let found = r
        .expected
        .iter()
        .filter(|e| match e {
            Expected::Coding(t) => got.contains(t),
            Expected::NoEvents | Expected::Error(_) => got.is_empty(),
        })
        .count();
    let extra = got.iter().filter(|t| !want.contains(*t)).count();
    Tally {
        records: 1,
        right: usize::from(got == want),
        expected: r.expected.len(),
        found,
        produced: got.len(),
        extra,
    }
}

fn expected_text(r: &Record) -> String {
    let parts: Vec<String> = r
        .expected
        .iter()
        .map(|e| match e {
            Expected::Coding(t) => t.to_string(),
            Expected::NoEvents => "no events".to_string(),
            Expected::Error(x) => format!("error {x}"),
        })
        .collect();
    if parts.is_empty() {
        "nothing".to_string()
    } else {
        parts.join("; ")
    }
}

/// Scores the records; `coded[i]` holds the codings of `records[i]`.
/// `notes` are the caller's (dictionary issues, what was skipped).
pub fn score_petrarch(
    records: &[Record],
    coded: &[Vec<Triple>],
    misses: usize,
    source: &str,
    notes: Vec<String>,
) -> SuiteReport {
    let empty = Vec::new();
    let mut total = Tally::default();
    let mut by_category: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut failures = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let got = coded.get(i).unwrap_or(&empty);
        let t = judge(r, got);
        if t.right == 0 {
            let mut shown: Vec<String> = got.iter().map(Triple::to_string).collect();
            shown.sort();
            shown.dedup();
            failures.push(Miss {
                id: format!("{} ({})", r.id, r.category),
                expected: expected_text(r),
                coded: if shown.is_empty() {
                    "nothing".to_string()
                } else {
                    shown.join("; ")
                },
                text: truncate(&r.text, 160),
            });
        }
        total.add(&t);
        by_category.entry(r.category.as_str()).or_default().add(&t);
    }
    let metrics = vec![
        Metric::proportion(
            "found",
            "expected codings found",
            total.found,
            total.expected,
        )
        .with_target(0.90),
        Metric::proportion(
            "precision",
            "codings that were expected (1 - extra)",
            total.produced - total.extra,
            total.produced,
        )
        .with_target(0.90),
        Metric::proportion("records", "records fully right", total.right, total.records),
    ];
    let share = |a: usize, b: usize| {
        if b == 0 {
            "-".to_string()
        } else {
            format!("{:.3}", a as f64 / b as f64)
        }
    };
    let mut rows: Vec<Vec<String>> = by_category
        .iter()
        .map(|(c, t)| {
            vec![
                c.to_string(),
                t.records.to_string(),
                t.right.to_string(),
                t.expected.to_string(),
                t.found.to_string(),
                share(t.found, t.expected),
                t.extra.to_string(),
            ]
        })
        .collect();
    rows.push(vec![
        "all".to_string(),
        total.records.to_string(),
        total.right.to_string(),
        total.expected.to_string(),
        total.found.to_string(),
        share(total.found, total.expected),
        total.extra.to_string(),
    ]);
    let mut all_notes = vec![format!(
        "{} extra codings of {} produced ({} of the extra share)",
        total.extra,
        total.produced,
        share(total.extra, total.produced)
    )];
    all_notes.extend(notes);
    let total_failures = failures.len();
    SuiteReport {
        suite: "petrarch",
        title: "PETRARCH unit-test records".to_string(),
        source: source.to_string(),
        slices: vec![Slice {
            key: "all",
            title: "All records".to_string(),
            rows: records.len(),
            metrics,
            notes: all_notes,
            tables: vec![Table {
                title: "By category".to_string(),
                header: [
                    "category", "records", "right", "expected", "found", "share", "extra",
                ]
                .iter()
                .map(|s| s.to_string())
                .collect(),
                rows,
            }],
            misses: vec![MissList {
                metric: "failures",
                total: total_failures,
                shown: failures.into_iter().take(misses).collect(),
            }],
        }],
        definitions: DEFINITIONS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<Validation>
<Environment>
    <Verbfile>V.txt</Verbfile>
    <Actorfile>A.txt</Actorfile>
    <Agentfile>G.txt</Agentfile>
    <Discardfile>D.txt</Discardfile>
</Environment>
<Sentences>
<!-- <EventCoding sourcecode="X" targetcode="Y" eventcode="000"></EventCoding> -->
<Sentence date="19950101" id="DEMO-00" category="DEMO" sentence="true">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<!--EventCoding sourcecode="GON" targetcode="OSG" eventcode="041"-->
<Text>
Arnor is about to restore
full ties with Gondor &amp; more.
</Text>
<Parse>(ROOT (S (NP (NNP Arnor))))</Parse>
</Sentence>
<Config option="require_dyad" value="false"></Config>
<Sentence date = "20080801" id ="E-1"  category="ERROR" sentence="false">
<EventCoding error="dateline"></EventCoding>
<Text>CEBU CITY: -- text</Text>
</Sentence>
<Sentence date="19950103" id="A-1" category="ACTOR" sentence="true">
<EventCoding sourcecode='"THE MINISTRY OF MAGIC"' targetcode="GON" eventcode="032"></EventCoding>
<EventCoding noevents = "True"> </EventCoding>
<Text>x</Text>
</Sentence>
</Sentences>
</Validation>"#;

    fn t(s: &str, tg: &str, e: &str) -> Triple {
        Triple {
            source: s.into(),
            target: tg.into(),
            event: e.into(),
        }
    }

    #[test]
    fn records_are_read() {
        let f = parse_records(XML).expect("parses");
        assert_eq!(f.environment.verbs, vec!["V.txt"]);
        assert_eq!(f.environment.actors, vec!["A.txt"]);
        let got: Vec<(&str, &str, bool, usize, Option<&str>)> = f
            .records
            .iter()
            .map(|r| {
                (
                    r.id.as_str(),
                    r.category.as_str(),
                    r.valid,
                    r.expected.len(),
                    r.options.get("require_dyad").map(String::as_str),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("DEMO-00", "DEMO", true, 1, None),
                ("E-1", "ERROR", false, 1, Some("false")),
                ("A-1", "ACTOR", true, 2, Some("false")),
            ]
        );
        assert_eq!(
            f.records[0].text,
            "Arnor is about to restore full ties with Gondor & more."
        );
        assert_eq!(f.records[0].date, "1995-01-01".parse().ok());
        assert_eq!(
            f.records[2].expected[0],
            Expected::Coding(t("\"THE MINISTRY OF MAGIC\"", "GON", "032"))
        );
        assert_eq!(f.records[1].expected[0], Expected::Error("dateline".into()));
    }

    #[test]
    fn scoring_table() {
        let f = parse_records(XML).expect("parses");
        // (codings per record, found, precision hits/produced, records right)
        type Row = (Vec<Vec<Triple>>, usize, (usize, usize), usize);
        let table: &[Row] = &[
            (
                vec![vec![t("ARN", "GON", "064")], vec![], vec![]],
                3,
                (1, 1),
                2,
            ),
            (
                vec![
                    vec![t("ARN", "GON", "064"), t("ARN", "GON", "023")],
                    vec![t("A", "B", "010")],
                    vec![],
                ],
                2,
                (1, 3),
                0,
            ),
            (
                vec![
                    vec![],
                    vec![],
                    vec![t("\"THE MINISTRY OF MAGIC\"", "GON", "032")],
                ],
                2,
                (1, 1),
                2,
            ),
        ];
        for (coded, found, (hits, produced), right) in table {
            let r = score_petrarch(&f.records, coded, 10, "x", Vec::new());
            let m = &r.slices[0].metrics;
            assert_eq!(m[0].hits, Some(*found), "found");
            assert_eq!(m[0].n, 4);
            assert_eq!((m[1].hits, m[1].n), (Some(*hits), *produced), "precision");
            assert_eq!(m[2].hits, Some(*right), "records");
            assert_eq!(r.slices[0].misses[0].total, 3 - right);
        }
    }

    #[test]
    fn malformed_files_are_errors() {
        assert!(parse_records("<Validation></Validation>").is_err());
        assert!(parse_records("<Validation><Sentence><EventCoding").is_err());
    }
}
