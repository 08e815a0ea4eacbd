//! Property: merging is order-independent. Ingesting the same reports in
//! any order gives the same incidents, compared in a canonical form that
//! leaves out what legitimately depends on arrival (sequential ids, which
//! report is "first"): the set of incidents, each as the sorted doc ids of
//! its reports and near-copies, its event type, admin1 and fatality
//! figure.
//!
//! (`Store::canonical_dump` is not that form: it compares every row with
//! its identifiers, which is right for its use, "the same inputs in the
//! same order give the same store", and wrong here.)

#[macro_use]
mod common;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use common::{corpus, kabul_reports, knowledge};
use proptest::prelude::*;
use sitrep_model::Document;
use sitrep_store::{IncidentFilter, Store};

/// One incident as order-independence compares it.
type Canonical = (Vec<String>, String, Option<String>, Option<u32>);

fn canonical(docs: &[Document]) -> BTreeSet<Canonical> {
    let mut store = Store::open_in_memory().expect("store");
    for doc in docs {
        store.ingest_document(knowledge(), doc).expect("ingest");
    }
    canonical_of(&store)
}

fn canonical_of(store: &Store) -> BTreeSet<Canonical> {
    let incidents = store
        .incidents(&IncidentFilter::default())
        .expect("list incidents");
    incidents
        .into_iter()
        .map(|incident| {
            let detail = store
                .incident(incident.incident_id)
                .expect("query")
                .expect("listed incident exists");
            let mut ids: Vec<String> = incident.reports.clone();
            ids.extend(detail.near_duplicates.iter().map(|d| d.doc_id.clone()));
            ids.sort();
            let event = &incident.event;
            (
                ids,
                event.event_type().to_string(),
                event.place.as_ref().and_then(|p| p.admin1.clone()),
                event.fatalities,
            )
        })
        .collect()
}

/// A report based on `base` under another id, source and text.
fn variant(base: &Document, id: &str, source: &str, text: String) -> Document {
    let mut doc = base.clone();
    doc.id = id.into();
    doc.source = Some(source.into());
    doc.text = text;
    doc
}

/// Reports that interact when merged: the demo corpus's first incidents,
/// the three Kabul ambulance-bombing reports and one outlet's later
/// revision of its toll; with `republished`, also a word-for-word
/// republication of that outlet's first report by another outlet (a
/// near-copy).
fn reports(republished: bool) -> Vec<Document> {
    let mut docs = corpus(24);
    let kabul = kabul_reports();
    let wire = &kabul[0];
    if republished {
        docs.push(variant(
            wire,
            "evening-star-88",
            "Evening Star",
            format!(
                "KABUL (Kabul Wire) \u{2014} {} Afghan officials gave no further details.",
                wire.text
            ),
        ));
    }
    let mut revised = variant(
        wire,
        "kabul-wire-2018-01-28",
        "Kabul Wire",
        wire.text.replace(
            "at least 40 people and wounding 140",
            "at least 95 people and wounding 158",
        ),
    );
    revised.published = "2018-01-28".parse().ok();
    docs.push(revised);
    docs
}

/// The incidents of the reports in file order, computed once per corpus.
fn reference(republished: bool) -> &'static BTreeSet<Canonical> {
    static PLAIN: OnceLock<BTreeSet<Canonical>> = OnceLock::new();
    static WITH_COPY: OnceLock<BTreeSet<Canonical>> = OnceLock::new();
    let cell = if republished { &WITH_COPY } else { &PLAIN };
    cell.get_or_init(|| canonical(&reports(republished)))
}

#[test]
fn the_corpus_has_incidents_with_several_reports() {
    for republished in [false, true] {
        let incidents = reference(republished);
        assert!(incidents.len() > 10, "{incidents:?}");
        assert!(
            incidents.iter().any(|(ids, ..)| ids.len() >= 4),
            "no incident merges several reports: {incidents:?}"
        );
    }
}

/// Whether `order` gives the incidents the file order gives.
fn same_as_file_order(order: &[Document], republished: bool) -> Result<(), TestCaseError> {
    let reference = reference(republished);
    let shuffled = canonical(order);
    let only_in_order: Vec<_> = shuffled.difference(reference).collect();
    let only_in_reference: Vec<_> = reference.difference(&shuffled).collect();
    prop_assert!(
        only_in_order.is_empty() && only_in_reference.is_empty(),
        "order {:?}\nonly in this order: {:?}\nonly in file order: {:?}",
        order.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
        only_in_order,
        only_in_reference
    );
    Ok(())
}

on_both! {
    /// Writers serialise: four connections ingesting the reports at once,
    /// each in its own order, one document per transaction (every
    /// document reaches the store through whichever commits it first),
    /// give the incidents one sequential ingest gives. Without the write
    /// lock, two writers would each start an incident for the same
    /// happening, or both insert one document.
    fn concurrent_writers_give_the_sequential_incidents(db) {
        let docs = reports(false);
        drop(db.open());
        std::thread::scope(|s| {
            for seed in 0..4u64 {
                let mut order = docs.clone();
                // A fixed shuffle per writer (rotate and reverse).
                let shift = (seed as usize * 7) % order.len();
                order.rotate_left(shift);
                if seed % 2 == 1 {
                    order.reverse();
                }
                let location = db.location.clone();
                s.spawn(move || {
                    let mut store = Store::open(&location).expect("open");
                    for doc in &order {
                        store.ingest_document(knowledge(), doc).expect("ingest");
                    }
                });
            }
        });
        let store = db.open();
        assert!(store.verify().expect("verify").is_empty());
        assert_eq!(store.documents_count().unwrap(), docs.len() as u64);
        let got = canonical_of(&store);
        let want = reference(false);
        assert_eq!(&got, want, "only in the concurrent store: {:?}", got.difference(want).collect::<Vec<_>>());
    }
}

proptest! {
    // Each case ingests about thirty reports into a fresh store; a debug
    // build codes them in about a second.
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn any_order_gives_the_same_incidents(order in Just(reports(false)).prop_shuffle()) {
        same_as_file_order(&order, false)?;
    }

    /// A republication by another outlet: of two near-copies only the
    /// first to arrive is coded, so the copy cluster counts as one source
    /// (whichever member was coded), and linking a copy rebuilds the
    /// copied report's incidents. Without that, Kabul Wire's revision (95)
    /// replaced its own first figure (41) only when Kabul Wire's report
    /// arrived before Evening Star's copy of it.
    #[test]
    fn any_order_gives_the_same_incidents_with_a_republished_report(
        order in Just(reports(true)).prop_shuffle()
    ) {
        same_as_file_order(&order, true)?;
    }
}
