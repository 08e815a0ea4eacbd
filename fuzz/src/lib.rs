//! The bodies of sitrep's fuzz targets, one function per parser that takes
//! outside bytes. Each runs the parser the way sitrep does and checks what
//! must hold whatever the input: no panic (libFuzzer reports one as a
//! crash), no span outside its text, every reading step finishing.
//!
//! The same file is compiled into the main workspace's regression test
//! (`crates/sitrep/tests/fuzz_regressions.rs`, through `#[path]`), which
//! replays every committed crasher and corpus seed and a few thousand
//! generated inputs on stable Rust, so the targets cannot rot and a fixed
//! crash stays fixed even where libFuzzer does not run.

use std::io::Cursor;

use sitrep_coding::{Knowledge, code_document};
use sitrep_io::{Item, ReadOptions, read_stream};
use sitrep_model::{Date, Document};

/// The publication date the generated documents carry, so relative dates
/// resolve as they would in a real run.
fn published() -> Date {
    Date::constant(2019, 5, 2)
}

/// Every span of a coded document must lie inside its text, on character
/// boundaries.
fn check_spans(doc: &Document, knowledge: &Knowledge) {
    let coded = code_document(knowledge, doc);
    let spans = coded
        .events
        .iter()
        .flat_map(|e| e.evidence.iter())
        .chain(coded.claims.iter().flat_map(|c| c.evidence.iter()));
    for span in spans {
        assert!(
            span.start <= span.end && doc.text.get(span.start..span.end).is_some(),
            "span {}..{} outside the {}-byte text or off a character boundary",
            span.start,
            span.end,
            doc.text.len()
        );
    }
}

/// The text pipeline: arbitrary bytes (decoded as `sitrep extract` decodes
/// a text file) coded as one report.
pub fn text_pipeline(knowledge: &Knowledge, data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut doc = Document::new("fuzz.txt", text);
    doc.published = Some(published());
    check_spans(&doc, knowledge);
}

/// Small limits, so the fuzzer reaches the limit paths with small inputs.
fn small_limits() -> ReadOptions {
    ReadOptions {
        max_document_bytes: 64 << 10,
        max_feed_bytes: 256 << 10,
        max_html_depth: 64,
        ..ReadOptions::default()
    }
}

/// Reads `data` as the input `name` (its extension picks the reader) and
/// checks every item: documents hold text, problems name the input.
fn read_as(name: &str, data: &[u8]) -> Vec<Document> {
    let mut docs = Vec::new();
    for item in read_stream(name, Cursor::new(data.to_vec()), &small_limits()) {
        match item {
            Item::Document(doc) => docs.push(doc),
            Item::Problem(p) | Item::Warning(p) => {
                assert_eq!(p.input, name, "a problem names another input: {p}");
            }
        }
    }
    docs
}

/// HTML extraction, through the reader (decoding, sniffing) and directly.
/// Markup only ever shrinks into text: no page yields more text than it
/// has bytes, which is what keeps a hostile page from amplifying memory.
pub fn html(data: &[u8]) {
    read_as("fuzz.html", data);
    if let Ok(page) = std::str::from_utf8(data) {
        let article = sitrep_io::input::extract_article(page, 64);
        assert!(
            article.text.len() <= page.len(),
            "{} bytes of text from a {}-byte page",
            article.text.len(),
            page.len()
        );
        let text = sitrep_io::input::html_to_text(page, 64);
        assert!(
            text.len() <= page.len(),
            "{} bytes of text from a {}-byte fragment",
            text.len(),
            page.len()
        );
    }
}

/// RSS, RDF and Atom feeds.
pub fn feed(data: &[u8]) {
    read_as("fuzz.xml", data);
}

/// JSON Lines documents.
pub fn jsonl(data: &[u8]) {
    read_as("fuzz.jsonl", data);
}

/// Number and date expressions: every quantity, change and date mention
/// lies inside the text, and a number that parses alone parses again from
/// its own digits.
pub fn numbers_dates(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for q in sitrep_text::find_quantities(&text) {
        assert!(
            text.get(q.start..q.end).is_some(),
            "quantity {q:?} outside the text"
        );
    }
    for c in sitrep_text::find_changes(&text) {
        assert!(
            text.get(c.start..c.end).is_some(),
            "change {c:?} outside the text"
        );
    }
    if let Some(n) = sitrep_text::parse_number(&text) {
        assert_eq!(
            sitrep_text::parse_number(&n.to_string()),
            Some(n),
            "{text:?}"
        );
    }
    for mention in sitrep_dates::find_dates(&text, published()) {
        assert!(
            text.get(mention.start..mention.end).is_some(),
            "date mention {}..{} outside the text",
            mention.start,
            mention.end
        );
    }
    if let Some((range, _)) = sitrep_dates::find_publication_date(&text) {
        assert!(
            text.get(range).is_some(),
            "publication date outside the text"
        );
    }
    sitrep_dates::parse_date(&text);
    sitrep_dates::date_in_path(&text);
    sitrep_io::input::parse_published(&text);
}

/// The dictionary loaders: the actor dictionary and the event lexicon from
/// TOML. Bad files must give an error, never a panic.
pub fn dictionary(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = sitrep_actors::ActorDictionary::from_sources(&[("fuzz.toml", text)]);
    let _ = sitrep_lexicon::Lexicon::from_toml("fuzz.toml", text);
}

/// Every query parameter any endpoint takes.
const ALL_PARAMS: &[&str] = &[
    "country",
    "admin1",
    "actor",
    "event_type",
    "sub_event_type",
    "since",
    "until",
    "limit",
    "offset",
    "by",
    "interval",
    "claim_type",
];

/// The HTTP query-string parser and every typed reading of its values.
pub fn query_params(data: &[u8]) {
    use sitrep_serve::params::{MAX_LIMIT, MAX_OFFSET, Params};
    let Ok(query) = std::str::from_utf8(data) else {
        return;
    };
    for allowed in [ALL_PARAMS, sitrep_serve::params::FILTER_PARAMS, &[]] {
        let Ok(params) = Params::parse(Some(query), allowed) else {
            continue;
        };
        let _ = params.filter();
        if let Ok(Some(n)) = params.number("limit", MAX_LIMIT) {
            assert!(n <= MAX_LIMIT);
        }
        if let Ok(Some(n)) = params.number("offset", MAX_OFFSET) {
            assert!(n <= MAX_OFFSET);
        }
        let _ = params.group_by("by", false);
        let _ = params.group_by("interval", true);
        let _ = params.claim_type();
    }
}
