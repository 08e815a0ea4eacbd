//! The `case2021` suite: CASE 2021 shared task 2 dev snippets labelled with
//! ACLED sub-event types (`case2021_task2_dev.tsv`).
//!
//! The data is for evaluation only: it is read from `../shared` at run time
//! and never shipped.

use std::collections::BTreeMap;

use sitrep_io::output::EventRecord;
use sitrep_model::{Document, SubEventType};

use crate::fold::truncate;
use crate::report::{Metric, Miss, MissList, Slice, SuiteReport, Table};

pub const DEFINITIONS: &str = "\
- **Documents.** Each snippet is one document with no publication date (the coder reads dates from the text).
- **Prediction**: the ACLED sub-event type of the first event coded for the snippet, written as the task writes it (`SubEventType::case2021_label`); no event is `NONE`.
- **Gold**: the task's label; NATURAL_DISASTER, MAN_MADE_DISASTER, DIPLO and ORG_CRIME become `NONE` (no ACLED event is the right answer); ATTRIB rows are left out.
- **Figures**: per-class precision, recall and F1 over the 25 ACLED sub-event types plus `NONE`; *weighted F1* averages the classes' F1 weighted by their gold support; *macro F1* is the plain average over classes with gold support; *accuracy* is the share of rows predicted exactly.
- **Worst misses** are listed by their confusion (gold → predicted), the most frequent confusion first.
";

/// The label for "no ACLED event".
pub const NONE: &str = "NONE";

/// Labels of non-ACLED classes whose right answer is no event.
const NO_EVENT_LABELS: &[&str] = &[
    "NATURAL_DISASTER",
    "MAN_MADE_DISASTER",
    "DIPLO",
    "ORG_CRIME",
];

/// Rows with this label are left out: attributing an event to someone is
/// not an event type.
const LEFT_OUT: &str = "ATTRIB";

/// One labelled snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case2021Row {
    pub id: String,
    pub text: String,
    /// The task's label as written.
    pub label: String,
}

impl Case2021Row {
    pub fn document(&self) -> Document {
        Document::new(format!("case2021-{}", self.id), self.text.clone())
    }

    /// The gold class scored: one of the 25 ACLED labels or [`NONE`];
    /// `None` for rows left out.
    pub fn gold(&self) -> Option<&'static str> {
        gold_class(&self.label)
    }
}

fn gold_class(label: &str) -> Option<&'static str> {
    let label = label.trim();
    if label == LEFT_OUT {
        return None;
    }
    if NO_EVENT_LABELS.contains(&label) {
        return Some(NONE);
    }
    SubEventType::ALL
        .iter()
        .map(|t| t.case2021_label())
        .find(|l| *l == label)
}

/// Reads the TSV (`id<TAB>EventSnippet<TAB>SubType`, a header line first).
/// Snippets contain quotes but no tabs, so lines split on tabs as they are.
pub fn parse_case2021(tsv: &str) -> Result<Vec<Case2021Row>, String> {
    let mut rows = Vec::new();
    for (i, line) in tsv.lines().enumerate().skip(1) {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(id), Some(text), Some(label), None) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(format!(
                "case2021 file, line {}: expected 3 tab-separated fields",
                i + 1
            ));
        };
        if gold_class(label).is_none() && label.trim() != LEFT_OUT {
            return Err(format!(
                "case2021 file, line {}: unknown label {label:?}",
                i + 1
            ));
        }
        rows.push(Case2021Row {
            id: id.trim().to_string(),
            text: text.to_string(),
            label: label.trim().to_string(),
        });
    }
    Ok(rows)
}

/// The predicted class: the first event's sub-event type, or [`NONE`].
pub fn predicted_class(events: &[EventRecord]) -> &'static str {
    events
        .first()
        .and_then(|e| e.sub_event_type.parse::<SubEventType>().ok())
        .map_or(NONE, SubEventType::case2021_label)
}

/// Precision, recall and F1 of one class.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassScore {
    pub support: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl ClassScore {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.support)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Per-class counts over (gold, predicted) pairs, for every class of the
/// task (the 25 ACLED labels and [`NONE`]), in that order.
pub fn class_scores(pairs: &[(&str, &str)]) -> Vec<(&'static str, ClassScore)> {
    let classes = SubEventType::ALL
        .iter()
        .map(|t| t.case2021_label())
        .chain(std::iter::once(NONE));
    classes
        .map(|c| {
            let score = ClassScore {
                support: pairs.iter().filter(|(g, _)| *g == c).count(),
                predicted: pairs.iter().filter(|(_, p)| *p == c).count(),
                correct: pairs.iter().filter(|(g, p)| *g == c && *p == c).count(),
            };
            (c, score)
        })
        .collect()
}

/// F1 averaged over classes, weighted by gold support.
pub fn weighted_f1(scores: &[(&str, ClassScore)]) -> f64 {
    let total: usize = scores.iter().map(|(_, s)| s.support).sum();
    if total == 0 {
        return 0.0;
    }
    scores
        .iter()
        .map(|(_, s)| s.f1() * s.support as f64)
        .sum::<f64>()
        / total as f64
}

/// F1 averaged over classes with gold support.
pub fn macro_f1(scores: &[(&str, ClassScore)]) -> f64 {
    let with_support: Vec<f64> = scores
        .iter()
        .filter(|(_, s)| s.support > 0)
        .map(|(_, s)| s.f1())
        .collect();
    if with_support.is_empty() {
        0.0
    } else {
        with_support.iter().sum::<f64>() / with_support.len() as f64
    }
}

/// Scores the first coded event of each snippet; `coded[i]` holds the
/// event records of `rows[i]`.
pub fn score_case2021(
    rows: &[Case2021Row],
    coded: &[Vec<EventRecord>],
    misses: usize,
    source: &str,
) -> SuiteReport {
    let empty = Vec::new();
    let judged: Vec<(&Case2021Row, &'static str, &'static str)> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, row)| {
            let gold = row.gold()?;
            Some((row, gold, predicted_class(coded.get(i).unwrap_or(&empty))))
        })
        .collect();
    let pairs: Vec<(&str, &str)> = judged.iter().map(|(_, g, p)| (*g, *p)).collect();
    let scores = class_scores(&pairs);
    let n = pairs.len();
    let correct = pairs.iter().filter(|(g, p)| g == p).count();
    let metrics = vec![
        Metric::score("weighted_f1", "weighted F1", weighted_f1(&scores), n).with_target(0.75),
        Metric::score("macro_f1", "macro F1", macro_f1(&scores), n),
        Metric::proportion("accuracy", "accuracy", correct, n),
    ];
    let table = Table {
        title: "Per class (gold support, predicted, precision, recall, F1)".to_string(),
        header: ["class", "support", "predicted", "P", "R", "F1"]
            .map(str::to_string)
            .to_vec(),
        rows: scores
            .iter()
            .filter(|(_, s)| s.support > 0 || s.predicted > 0)
            .map(|(c, s)| {
                vec![
                    c.to_string(),
                    s.support.to_string(),
                    s.predicted.to_string(),
                    format!("{:.3}", s.precision()),
                    format!("{:.3}", s.recall()),
                    format!("{:.3}", s.f1()),
                ]
            })
            .collect(),
    };
    let mut confusions: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (g, p) in pairs.iter().filter(|(g, p)| g != p) {
        *confusions.entry((*g, *p)).or_default() += 1;
    }
    let mut missed: Vec<&(&Case2021Row, &str, &str)> =
        judged.iter().filter(|(_, g, p)| g != p).collect();
    missed.sort_by(|a, b| {
        let count = |x: &(&Case2021Row, &str, &str)| confusions.get(&(x.1, x.2)).copied();
        count(b)
            .cmp(&count(a))
            .then_with(|| (a.1, a.2).cmp(&(b.1, b.2)))
            .then_with(|| a.0.id.cmp(&b.0.id))
    });
    let miss_list = MissList {
        metric: "sub-event type",
        total: missed.len(),
        shown: missed
            .iter()
            .take(misses)
            .map(|(row, g, p)| Miss {
                id: row.id.clone(),
                expected: g.to_string(),
                coded: p.to_string(),
                text: truncate(&row.text, 160),
            })
            .collect(),
    };
    let mut top: Vec<(&(&str, &str), &usize)> = confusions.iter().collect();
    top.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let notes = vec![
        format!(
            "{} ATTRIB rows left out",
            rows.iter().filter(|r| r.gold().is_none()).count()
        ),
        format!(
            "most frequent confusions (gold → predicted): {}",
            top.iter()
                .take(6)
                .map(|((g, p), c)| format!("{g} → {p} ×{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ];
    SuiteReport {
        suite: "case2021",
        title: "CASE 2021 task 2, ACLED sub-event types (dev)".to_string(),
        source: source.to_string(),
        slices: vec![Slice {
            key: "dev",
            title: "Dev snippets".to_string(),
            rows: n,
            metrics,
            notes,
            tables: vec![table],
            misses: vec![miss_list],
        }],
        definitions: DEFINITIONS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::record;

    #[test]
    fn gold_class_table() {
        let table = [
            ("ARMED_CLASH", Some("ARMED_CLASH")),
            ("PROPERTY_DISTRUCT", Some("PROPERTY_DISTRUCT")),
            ("DIPLO", Some(NONE)),
            ("NATURAL_DISASTER", Some(NONE)),
            ("ATTRIB", None),
            ("NO_SUCH", None),
        ];
        for (label, want) in table {
            assert_eq!(gold_class(label), want, "{label}");
        }
    }

    #[test]
    fn parse_table() {
        let table: &[(&str, Result<usize, ()>)] = &[
            (
                "id\tEventSnippet\tSubType\n1\tA \"quoted\" text\tGRENADE\n",
                Ok(1),
            ),
            ("id\tEventSnippet\tSubType\n1\ttext\tATTRIB\n\n", Ok(1)),
            ("id\tEventSnippet\tSubType\n1\ttext\n", Err(())),
            ("id\tEventSnippet\tSubType\n1\ttext\tBOGUS\n", Err(())),
        ];
        for (input, want) in table {
            let got = parse_case2021(input).map(|r| r.len()).map_err(|_| ());
            assert_eq!(got, *want, "{input:?}");
        }
    }

    #[test]
    fn predicted_class_is_the_first_event() {
        let table: &[(&[&str], &str)] = &[
            (&[], NONE),
            (&["Grenade"], "GRENADE"),
            (&["Air/drone strike", "Armed clash"], "AIR_STRIKE"),
        ];
        for (subs, want) in table {
            let events: Vec<EventRecord> = subs.iter().map(|s| record("x", s)).collect();
            assert_eq!(predicted_class(&events), *want, "{subs:?}");
        }
    }

    #[test]
    fn f1_table() {
        // (gold, predicted) pairs and the expected weighted and macro F1.
        type Case<'a> = (&'a [(&'a str, &'a str)], f64, f64);
        let table: &[Case] = &[
            (&[("GRENADE", "GRENADE"), ("NONE", "NONE")], 1.0, 1.0),
            (
                &[("GRENADE", "NONE"), ("NONE", "NONE")],
                1.0 / 3.0,
                1.0 / 3.0,
            ),
            // ATTACK: P 1/2, R 1, F1 2/3 (support 1); ARREST: F1 0
            // (support 1); weighted = macro = 1/3.
            (
                &[("ATTACK", "ATTACK"), ("ARREST", "ATTACK")],
                1.0 / 3.0,
                1.0 / 3.0,
            ),
            (
                &[
                    ("ATTACK", "ATTACK"),
                    ("ATTACK", "ATTACK"),
                    ("ARREST", "NONE"),
                ],
                2.0 / 3.0,
                0.5,
            ),
        ];
        for (pairs, weighted, macro_) in table {
            let scores = class_scores(pairs);
            assert!((weighted_f1(&scores) - weighted).abs() < 1e-9, "{pairs:?}");
            assert!((macro_f1(&scores) - macro_).abs() < 1e-9, "{pairs:?}");
        }
    }

    #[test]
    fn scoring_leaves_out_attrib_and_lists_misses() {
        let rows = parse_case2021(
            "id\tEventSnippet\tSubType\n1\ta\tGRENADE\n2\tb\tATTRIB\n3\tc\tDIPLO\n4\td\tARMED_CLASH\n",
        )
        .expect("rows");
        let coded = vec![
            vec![record("x", "Grenade")],
            vec![record("x", "Grenade")],
            vec![],
            vec![record("x", "Attack")],
        ];
        let report = score_case2021(&rows, &coded, 5, "test");
        let slice = &report.slices[0];
        assert_eq!(slice.rows, 3);
        let accuracy = slice
            .metrics
            .iter()
            .find(|m| m.key == "accuracy")
            .expect("accuracy");
        assert_eq!(accuracy.hits, Some(2));
        assert_eq!(slice.misses[0].total, 1);
        assert_eq!(slice.misses[0].shown[0].id, "4");
        assert_eq!(slice.misses[0].shown[0].coded, "ATTACK");
    }
}
