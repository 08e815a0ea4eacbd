//! Property: whatever a document holds, every evidence span the coder
//! gives lies inside the document, on character boundaries, is not empty,
//! and the evidence text the output carries is exactly the document's
//! slice at that span.
//!
//! Documents are generated from real report sentences (the demo corpus)
//! cut at random points, interleaved with random characters from all of
//! Unicode, multi-byte letters, odd whitespace and punctuation, so spans
//! land next to every kind of character the normaliser rewrites.

use std::sync::OnceLock;

use proptest::prelude::*;
use sitrep_coding::{Knowledge, code_document};
use sitrep_io::output::{ClaimRecord, EventRecord, EvidenceRecord};
use sitrep_model::{Date, Document};

const CORPUS: &str = include_str!("../../../data/demo/wikipedia-afghanistan.jsonl");

fn knowledge() -> &'static Knowledge {
    static KNOWLEDGE: OnceLock<Knowledge> = OnceLock::new();
    KNOWLEDGE.get_or_init(|| Knowledge::embedded().expect("embedded knowledge"))
}

/// The corpus's report texts, each a source of real sentences.
fn reports() -> &'static [String] {
    static REPORTS: OnceLock<Vec<String>> = OnceLock::new();
    REPORTS.get_or_init(|| {
        CORPUS
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter_map(|v| v["text"].as_str().map(str::to_string))
            .collect()
    })
}

/// Characters the text stages treat specially: non-breaking and zero-width
/// spaces, soft hyphens, ligatures, full-width letters, curly quotes,
/// dashes, combining marks, right-to-left and Cyrillic script, emoji.
const ODD: &[&str] = &[
    "\u{a0}",
    "\u{200b}",
    "\u{ad}",
    "ﬁ",
    "Ａ",
    "“",
    "”",
    "’",
    "–",
    "—",
    "…",
    "\u{301}",
    "کابل",
    "Кабул",
    "🙂",
    "\r\n",
    "\n\n",
    "\t",
    "U.S.",
    "No. 3",
    "[2]",
    "1,000",
    "twenty-one",
];

/// One piece of a generated document.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        // A whole report, or a slice of one cut at character boundaries.
        4 => (any::<prop::sample::Index>(), any::<prop::sample::Index>(), any::<prop::sample::Index>())
            .prop_map(|(which, a, b)| {
                let text = &reports()[which.index(reports().len())];
                let chars: Vec<(usize, char)> = text.char_indices().collect();
                let (mut from, mut to) = (a.index(chars.len() + 1), b.index(chars.len() + 1));
                if from > to {
                    std::mem::swap(&mut from, &mut to);
                }
                let byte = |i: usize| chars.get(i).map_or(text.len(), |&(at, _)| at);
                if to - from < 3 {
                    text.clone()
                } else {
                    text[byte(from)..byte(to)].to_string()
                }
            }),
        2 => prop::sample::select(ODD).prop_map(str::to_string),
        1 => prop::collection::vec(any::<char>(), 0..12).prop_map(String::from_iter),
        1 => prop::sample::select(&[" ", " ", ". ", ", ", "\n", "\n\n"][..]).prop_map(str::to_string),
    ]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 1..14).prop_map(|pieces| pieces.concat())
}

/// What is wrong with one evidence record of `text`, if anything.
fn check_evidence(text: &str, e: &EvidenceRecord, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        e.start < e.end,
        "{} has an empty or reversed span {}..{}",
        what,
        e.start,
        e.end
    );
    prop_assert!(
        e.end <= text.len(),
        "{} span {}..{} past the end ({})",
        what,
        e.start,
        e.end,
        text.len()
    );
    let slice = text.get(e.start..e.end);
    prop_assert!(
        slice.is_some(),
        "{} span {}..{} is not on character boundaries",
        what,
        e.start,
        e.end
    );
    prop_assert_eq!(
        slice,
        Some(e.text.as_str()),
        "{} evidence text differs from the slice",
        what
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn evidence_spans_are_slices_of_the_document(text in document()) {
        let mut doc = Document::new("generated", text);
        doc.published = Some(Date::constant(2019, 5, 2));
        let coded = code_document(knowledge(), &doc);
        for (i, event) in coded.events.iter().enumerate() {
            prop_assert!(!event.evidence.is_empty(), "event {} has no evidence", i);
            let record = EventRecord::new(&doc, event, format!("E{i}"));
            for e in &record.evidence {
                check_evidence(&doc.text, e, &format!("event {i}"))?;
            }
        }
        for (i, claim) in coded.claims.iter().enumerate() {
            let record = ClaimRecord::new(&doc, claim);
            for e in &record.evidence {
                check_evidence(&doc.text, e, &format!("claim {i}"))?;
            }
        }
    }
}

/// The generator is not vacuous: real report text in, events out.
#[test]
fn whole_reports_code_into_events() {
    let mut events = 0;
    for text in reports().iter().take(40) {
        let mut doc = Document::new("r", text.clone());
        doc.published = Some(Date::constant(2019, 5, 2));
        events += code_document(knowledge(), &doc).events.len();
    }
    assert!(events >= 20, "only {events} events from 40 reports");
}
