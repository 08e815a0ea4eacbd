//! sitrep's coder: one news report in, ACLED-style events and claims out.
//!
//! [`code_document`] runs the analysis stages over a [`Document`]:
//!
//! 1. normalise the text, keeping an alignment to the original bytes
//!    (`sitrep-text`), split it into paragraphs, sentences and tokens;
//! 2. find what the sentences mention: actors (`sitrep-actors`), places
//!    (`sitrep-geo`), quantities (`sitrep-text`), dates (`sitrep-dates`) and
//!    event cues (`sitrep-lexicon`), and settle the report's country focus;
//! 3. split sentences into clauses and read an event *frame* from each
//!    clause with a factual trigger: who did it to whom (voice, agents,
//!    noun modifiers, "claimed responsibility"), how many died, where, when,
//!    with what hedges ([`frames`]);
//! 4. classify each frame into an ACLED sub-event type with its CAMEO code
//!    and PLOVER category ([`classify`]);
//! 5. merge frames that describe one incident within the report ([`merge`]);
//! 6. read claims about actors: strength, relations, territorial control
//!    ([`claims`]).
//!
//! Everything here is pure: no I/O, no globals. The dictionaries and the
//! gazetteer live in one immutable [`Knowledge`] value built once and passed
//! in. *Invariant*: every span in the output indexes the document's original
//! text ([`Document::text`]); analysis works on the normalised text and maps
//! back through the alignment at the very end.

mod analysis;
mod casualties;
mod claims;
mod classify;
mod clauses;
mod explain;
mod frames;
mod knowledge;
mod merge;
mod nonevents;
mod places;

use sitrep_geo::PlaceId;
use sitrep_model::{Claim, Diagnostic, Document, Event, Span};

pub use explain::explain;
pub use knowledge::{Knowledge, KnowledgeError};

/// What the coder read from one document.
#[derive(Debug, Clone, Default)]
pub struct Coded {
    /// Events in document order of their first evidence.
    pub events: Vec<Event>,
    pub claims: Vec<Claim>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Codes one document. Never fails: problems become diagnostics.
///
/// The document should carry its publication date; relative dates ("on
/// Monday", "recently") are resolved against it. Without one, the coder
/// looks for a date stated in the text and otherwise reports a diagnostic
/// and resolves against the latest explicit date it can find.
pub fn code_document(knowledge: &Knowledge, doc: &Document) -> Coded {
    let mut diagnostics = Vec::new();
    let analysis = analysis::Analysis::new(knowledge, doc, &mut diagnostics);
    let frames = frames::read_frames(&analysis);
    let events = merge::merge_frames(&analysis, frames);
    let claims = claims::read_claims(&analysis);
    Coded {
        events,
        claims,
        diagnostics,
    }
}

/// A place a document names, resolved to a gazetteer entry: what `sitrep
/// places` reports, and what [`code_document`] picks event locations from
/// (the same finding and resolution, with the same country hints from
/// actors and demonyms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceFound {
    /// Byte span in the document's original text ("Ghor province",
    /// "Richmond", "Va.", "Turkish").
    pub span: Span,
    pub place: PlaceId,
    /// A demonym or adjective that stands for its country ("Turkish",
    /// "Afghans"): never an event's location, but a mention of the country
    /// as geoparsing corpora count them.
    pub demonym: bool,
}

/// Every place mention of a document, in text order: the toponyms the coder
/// resolved, and demonyms of countries where no toponym is. Never fails.
pub fn find_places(knowledge: &Knowledge, doc: &Document) -> Vec<PlaceFound> {
    let mut diagnostics = Vec::new();
    let analysis = analysis::Analysis::new(knowledge, doc, &mut diagnostics);
    let mut out: Vec<(usize, usize, PlaceFound)> = analysis
        .places
        .iter()
        .map(|p| {
            let found = PlaceFound {
                span: analysis.to_original(p.start..p.end),
                place: p.id,
                demonym: false,
            };
            (p.start, p.end, found)
        })
        .collect();
    for &(start, end, country) in &analysis.demonyms {
        let taken = analysis
            .places
            .iter()
            .any(|p| p.start < end && start < p.end);
        if let (false, Some(id)) = (taken, knowledge.gazetteer.country(country)) {
            let found = PlaceFound {
                span: analysis.to_original(start..end),
                place: id,
                demonym: true,
            };
            out.push((start, end, found));
        }
    }
    out.sort_by_key(|&(start, end, _)| (start, end));
    out.into_iter().map(|(_, _, f)| f).collect()
}
