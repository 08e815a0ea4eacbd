//! sitrep's measuring instrument: how coded output compares with labelled
//! data and with what a careful human coder expects.
//!
//! It scores the records of the `sitrep extract` contract
//! ([`sitrep_io::output::EventRecord`] and its JSON form), not the coder's
//! internals, so it measures exactly what users get. The binary's `sitrep
//! eval` reads the data, codes it with the same pipeline as `extract` and
//! hands the records here.
//!
//! - [`incidents`]: Wikipedia's terrorist incidents, one row per document:
//!   detection, fatalities, location, country, perpetrator, event type,
//!   Afghanistan and the rest of the world apart;
//! - [`case2021`]: CASE 2021 task 2 snippets: ACLED sub-event type,
//!   per-class and weighted F1;
//! - [`plover`]: the PLOVER gold-standard records: category via
//!   CAMEO → PLOVER, source and target actor text;
//! - [`seed`]: the seed article's gold file;
//! - [`geo`]: the geoparsing corpora LGL and TR-News: toponyms found,
//!   resolved within 161 km, precision of the places;
//! - [`petrarch`]: PETRARCH's unit-test records: (source, target, event)
//!   triples found, extra codings, per category;
//! - [`report`]: the figures as values, rendered as text, as `EVAL.md`
//!   Markdown or as the `floors` lines of the regression guard;
//! - [`names`], [`fold`]: spelling-variant and alias-aware matching through
//!   the gazetteer and the actor dictionary.
//!
//! *Deliberately not here*: reading files, running the coder, printing.
//! Every function takes text or records and returns values; the binary does
//! the I/O. The dev data sets are never embedded: CASE 2021 and the other
//! sets are read from `../shared` at eval time only.
//!
//! *Invariants*: scoring is deterministic (rows are judged in file order,
//! misses ranked with the row id as the last tie-break, no hash map is
//! iterated into a report); no input panics (malformed data files are
//! errors naming the line, odd values are misses).

pub mod case2021;
pub mod fold;
pub mod geo;
pub mod incidents;
pub mod names;
pub mod petrarch;
pub mod plover;
pub mod report;
pub mod seed;

#[cfg(test)]
pub(crate) mod testing {
    use sitrep_io::output::EventRecord;

    /// An event record with the given types and everything else empty.
    pub fn record(event_type: &str, sub_event_type: &str) -> EventRecord {
        EventRecord {
            kind: "event",
            doc_id: "d".into(),
            event_id_cnty: String::new(),
            event_date: "2018-01-01".into(),
            year: 2018,
            time_precision: 1,
            disorder_type: String::new(),
            event_type: event_type.into(),
            sub_event_type: sub_event_type.into(),
            actor1: String::new(),
            assoc_actor_1: String::new(),
            inter1: 0,
            actor2: String::new(),
            assoc_actor_2: String::new(),
            inter2: 0,
            interaction: 0,
            civilian_targeting: String::new(),
            iso: 0,
            region: String::new(),
            country: String::new(),
            admin1: String::new(),
            admin2: String::new(),
            admin3: String::new(),
            location: String::new(),
            latitude: None,
            longitude: None,
            geo_precision: None,
            source: String::new(),
            source_scale: String::new(),
            notes: String::new(),
            fatalities: None,
            tags: String::new(),
            timestamp: 0,
            date_earliest: String::new(),
            date_latest: String::new(),
            cameo: String::new(),
            plover: String::new(),
            plover_mode: None,
            injured: None,
            hedged: false,
            hedges: Vec::new(),
            evidence: Vec::new(),
            source_code: None,
            target_code: None,
        }
    }
}
