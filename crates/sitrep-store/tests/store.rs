//! The store end to end with the real coder: incidents from several
//! reports, re-ingest as a no-op, determinism, queries and refusals.

#[macro_use]
mod common;

use common::{corpus, kabul_reports, knowledge};
use sitrep_model::{EventType, SubEventType};
use sitrep_store::{GroupBy, IncidentFilter, IncidentJson, IngestOutcome, Store, StoreError};

fn ingest_all(store: &mut Store, docs: &[sitrep_model::Document]) -> Vec<IngestOutcome> {
    docs.iter()
        .map(|d| store.ingest_document(knowledge(), d).expect("ingest"))
        .collect()
}

on_both! {
    fn three_reports_of_the_kabul_ambulance_bombing_are_one_incident(db) {
        let mut store = db.open();
        let outcomes = ingest_all(&mut store, &kabul_reports());
        assert!(
            outcomes
                .iter()
                .all(|o| matches!(o, IngestOutcome::Stored(s) if s.events == 1)),
            "{outcomes:#?}"
        );
        assert_eq!(store.incidents_count().expect("count"), 1);

        let incidents = store.incidents(&IncidentFilter::default()).expect("query");
        let [incident] = incidents.as_slice() else {
            panic!("one incident expected, got {}", incidents.len());
        };
        assert_eq!(
            incident.reports,
            [
                "kabul-wire-2018-01-27",
                "frontier-daily-4471",
                "capital-post-2018-01-28-toll"
            ]
        );
        // Every report's figure is kept (the coder reads 40 + the bomber, 95
        // and 103 + the bomber); the incident's is the most conservative of the
        // independent sources.
        let history: Vec<&str> = incident
            .fatality_history
            .iter()
            .map(|f| f.doc_id.as_str())
            .collect();
        assert_eq!(history, incident.reports);
        let figures: Vec<u32> = incident
            .fatality_history
            .iter()
            .map(|f| f.fatalities)
            .collect();
        assert!(
            figures.windows(2).all(|w| w[0] < w[1]),
            "the toll rose: {figures:?}"
        );
        let e = &incident.event;
        assert_eq!(e.fatalities, figures.iter().copied().min());
        assert_eq!(
            e.sub_event_type,
            SubEventType::SuicideBomb,
            "the most specific type"
        );
        assert_eq!(e.actor1.name, "Taliban");
        assert_eq!(
            e.actor2.as_ref().map(|a| a.name.as_str()),
            Some("Military Forces of Afghanistan (2004-2021)"),
            "a named actor over 'Civilians'"
        );
        assert_eq!(e.date.date.to_string(), "2018-01-27");
        assert_eq!(
            e.source.as_deref(),
            Some("Kabul Wire; Frontier Daily; Capital Post")
        );

        // The detail keeps every report's evidence with its document's text.
        let detail = store
            .incident(incident.incident_id)
            .expect("query")
            .expect("exists");
        assert_eq!(detail.reports.len(), 3);
        for r in &detail.reports {
            let evidence = r.evidence();
            assert!(!evidence.is_empty(), "{} has evidence", r.document.id);
            for ev in evidence {
                assert_eq!(ev.text, r.document.text[ev.span.range()]);
                assert!(
                    ev.text.contains("Kabul") || ev.text.contains("Taliban"),
                    "{ev:?}"
                );
            }
        }

        // The contract record: ISO3 + incident id, every report's evidence.
        let row = store
            .incident_row(incident.incident_id)
            .expect("query")
            .expect("exists");
        assert_eq!(row.record.event_id_cnty, "AFG1");
        assert_eq!(row.reports.len(), 3);
        let mut evidence_docs: Vec<&str> = row
            .record
            .evidence
            .iter()
            .map(|e| e.doc_id.as_str())
            .collect();
        evidence_docs.dedup();
        assert_eq!(evidence_docs.len(), 3);
        let json = serde_json::to_value(IncidentJson::from(&row)).expect("json");
        assert_eq!(json["incident_id"], 1);
        assert_eq!(json["kind"], "event");
        assert_eq!(json["fatalities"], 41);
        assert_eq!(json["reports"].as_array().map(Vec::len), Some(3));
        assert!(store.verify().expect("verify").is_empty());
    }
}

/// A document like `base` under another id and outlet, with `text`.
fn republished(
    base: &sitrep_model::Document,
    id: &str,
    source: &str,
    text: &str,
) -> sitrep_model::Document {
    let mut doc = base.clone();
    doc.id = id.into();
    doc.source = Some(source.into());
    doc.text = text.into();
    doc
}

on_both! {
    fn a_republished_wire_story_is_linked_not_coded_and_a_revised_toll_is_kept(db) {
        let mut store = db.open();
        let reports = kabul_reports();
        ingest_all(&mut store, &reports);
        let wire = &reports[0];
        let copy = republished(
            wire,
            "evening-star-88",
            "Evening Star",
            &format!(
                "KABUL (Kabul Wire) \u{2014} {} Afghan officials gave no further details.",
                wire.text
            ),
        );
        assert_eq!(
            store.ingest_document(knowledge(), &copy).expect("ingest"),
            IngestOutcome::NearDuplicate {
                of: wire.id.clone()
            }
        );
        // Kept, linked, and itself a known document from now on.
        assert_eq!(
            store.ingest_document(knowledge(), &copy).expect("ingest"),
            IngestOutcome::AlreadyStored
        );
        let summary = store.summary().expect("summary");
        assert_eq!(
            (summary.documents, summary.near_duplicates, summary.events),
            (4, 1, 3)
        );
        let detail = store.incident(1).expect("query").expect("exists");
        assert_eq!(detail.incident.reports.len(), 3, "the copy is not a report");
        assert_eq!(detail.near_duplicates.len(), 1);
        assert_eq!(detail.near_duplicates[0].doc_id, "evening-star-88");

        // The same outlet's story again with a higher toll is a revision: coded,
        // merged, and its figure replaces the outlet's earlier one.
        let mut revised = republished(
            wire,
            "kabul-wire-2018-01-28",
            "Kabul Wire",
            &wire.text.replace(
                "at least 40 people and wounding 140",
                "at least 95 people and wounding 158",
            ),
        );
        revised.published = "2018-01-28".parse().ok();
        match store
            .ingest_document(knowledge(), &revised)
            .expect("ingest")
        {
            IngestOutcome::Stored(s) => assert_eq!(s.merged_into, [1]),
            other => panic!("a revision is coded: {other:?}"),
        }
        let incident = &store.incidents(&IncidentFilter::default()).expect("query")[0];
        let history: Vec<u32> = incident
            .fatality_history
            .iter()
            .map(|f| f.fatalities)
            .collect();
        let [wire_first, frontier, capital, wire_revised] = history[..] else {
            panic!("four figures expected: {history:?}");
        };
        assert!(wire_revised > wire_first, "{history:?}");
        // Kabul Wire's revision replaces its first figure; of the three
        // sources' latest figures the lowest counts.
        assert_eq!(
            incident.event.fatalities,
            Some(wire_revised.min(frontier).min(capital))
        );
        assert_ne!(incident.event.fatalities, Some(wire_first));
        assert!(store.verify().expect("verify").is_empty());
    }
}

on_both! {
    fn reingesting_the_same_inputs_changes_nothing(db) {
        // The whole demo corpus plus the Kabul reports.
        let docs = corpus(usize::MAX);
        let mut store = db.open();
        let first = store
            .ingest_documents(knowledge(), &docs, |_, _| {})
            .expect("ingest");
        assert_eq!(first.documents, docs.len() as u64);
        let before = store.canonical_dump().expect("dump");
        let summary = store.summary().expect("summary");
        assert!(summary.incidents > 100, "{summary:?}");
        assert!(summary.claims > 0, "{summary:?}");

        let again = ingest_all(&mut store, &docs);
        assert!(again.iter().all(|o| *o == IngestOutcome::AlreadyStored));
        // Re-wrapped text is the same document.
        let mut rewrapped = docs[1].clone();
        rewrapped.text = rewrapped.text.replace(' ', "\n  ");
        assert_eq!(
            store
                .ingest_document(knowledge(), &rewrapped)
                .expect("ingest"),
            IngestOutcome::AlreadyStored
        );
        assert_eq!(store.summary().expect("summary"), summary);
        assert_eq!(store.canonical_dump().expect("dump"), before);
        assert!(store.verify().expect("verify").is_empty());
    }
}

on_both! {
    fn the_same_documents_in_the_same_order_give_the_same_store(db) {
        let docs = corpus(120);
        let one_by_one = |docs: &[sitrep_model::Document]| {
            let place = db.another();
            let mut store = place.open();
            ingest_all(&mut store, docs);
            store.canonical_dump().expect("dump")
        };
        let batched = |docs: &[sitrep_model::Document]| {
            let place = db.another();
            let mut store = place.open();
            store
                .ingest_documents(knowledge(), docs, |_, _| {})
                .expect("ingest");
            store.canonical_dump().expect("dump")
        };
        let reference = one_by_one(&docs);
        assert_eq!(one_by_one(&docs), reference);
        // Grouping documents into transactions changes nothing but speed.
        assert_eq!(batched(&docs), reference);
    }
}

on_both! {
    fn queries_filter_page_and_aggregate(db) {
        let mut store = db.open();
        ingest_all(&mut store, &corpus(489));
        let all = store.incidents(&IncidentFilter::default()).expect("all");
        let total = store.incidents_count().expect("count");
        assert_eq!(all.len() as u64, total);
        // Stable order: event_date, then incident_id.
        let keys: Vec<(String, i64)> = all
            .iter()
            .map(|i| (i.event.date.date.to_string(), i.incident_id))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);

        let count = |f: IncidentFilter| store.incidents(&f).expect("query").len();
        // (why, filter, expected count or None for "some, fewer than all")
        let by_country = |c: &str| IncidentFilter {
            country: Some(c.into()),
            ..IncidentFilter::default()
        };
        let afghanistan = count(by_country("Afghanistan"));
        assert!(afghanistan > 0);
        for spelling in ["af", "AFG", "afghanistan"] {
            assert_eq!(count(by_country(spelling)), afghanistan, "{spelling}");
        }
        assert_eq!(count(by_country("Narnia")), 0);

        let kabul = store
            .incidents(&IncidentFilter {
                admin1: Some("kabul".into()),
                ..IncidentFilter::default()
            })
            .expect("query");
        assert!(!kabul.is_empty());
        assert!(kabul.iter().all(|i| {
            i.event
                .place
                .as_ref()
                .and_then(|p| p.admin1.as_deref())
                .is_some_and(|a| a.eq_ignore_ascii_case("kabul"))
        }));

        let taliban = store
            .incidents(&IncidentFilter {
                actor: Some("taliban".into()),
                ..IncidentFilter::default()
            })
            .expect("query");
        assert!(!taliban.is_empty());
        assert!(taliban.iter().all(|i| i.event.actor1.name == "Taliban"
            || i.event.actor2.as_ref().is_some_and(|a| a.name == "Taliban")));

        let window = IncidentFilter {
            since: "2010-01-01".parse().ok(),
            until: "2010-12-31".parse().ok(),
            event_type: Some(EventType::ExplosionsRemoteViolence),
            ..IncidentFilter::default()
        };
        let in_2010 = store.incidents(&window).expect("query");
        assert!(in_2010.iter().all(|i| i.event.date.date.year() == 2010
            && i.event.event_type() == EventType::ExplosionsRemoteViolence));

        // Pages put together are the whole list.
        let mut paged = Vec::new();
        for page in 0.. {
            let got = store
                .incidents(&IncidentFilter {
                    limit: Some(50),
                    offset: page * 50,
                    ..IncidentFilter::default()
                })
                .expect("page");
            if got.is_empty() {
                break;
            }
            paged.extend(got.into_iter().map(|i| i.incident_id));
        }
        assert_eq!(paged, all.iter().map(|i| i.incident_id).collect::<Vec<_>>());
        // The streaming records agree with the list.
        let rows: Vec<i64> = store
            .incident_rows(&IncidentFilter::default())
            .map(|r| r.expect("row").incident_id)
            .collect();
        assert_eq!(rows, paged);
        let limited: Vec<i64> = store
            .incident_rows(&IncidentFilter {
                limit: Some(300),
                offset: 7,
                ..IncidentFilter::default()
            })
            .map(|r| r.expect("row").incident_id)
            .collect();
        assert_eq!(limited, paged[7..307]);

        // Every grouping covers every incident once (actors: once per side).
        let fatalities: u64 = all
            .iter()
            .filter_map(|i| i.event.fatalities)
            .map(u64::from)
            .sum();
        for by in [
            GroupBy::Day,
            GroupBy::Week,
            GroupBy::Month,
            GroupBy::Year,
            GroupBy::Country,
            GroupBy::Admin1,
            GroupBy::EventType,
            GroupBy::SubEventType,
        ] {
            let buckets = store
                .aggregate(&IncidentFilter::default(), by)
                .expect("aggregate");
            let n: u64 = buckets.iter().map(|b| b.incidents).sum();
            let f: u64 = buckets.iter().map(|b| b.fatalities).sum();
            assert_eq!((n, f), (total, fatalities), "{by:?}");
        }
        let weeks = store
            .aggregate(&IncidentFilter::default(), GroupBy::Week)
            .expect("weeks");
        for w in &weeks {
            let monday: jiff::civil::Date = w.key.parse().expect("a date");
            assert_eq!(monday.weekday(), jiff::civil::Weekday::Monday, "{}", w.key);
        }
        let by_actor = store
            .aggregate(&IncidentFilter::default(), GroupBy::Actor)
            .expect("actors");
        let sides: u64 = all
            .iter()
            .map(|i| 1 + u64::from(i.event.actor2.is_some()))
            .sum();
        assert_eq!(by_actor.iter().map(|b| b.incidents).sum::<u64>(), sides);

        let actors = store.actors().expect("actors");
        let taliban_summary = actors
            .iter()
            .find(|a| a.name == "Taliban")
            .expect("the Taliban are an actor");
        assert_eq!(
            taliban_summary.as_actor1 + taliban_summary.as_actor2,
            taliban.len() as u64
        );
        assert!(
            taliban_summary.claims > 0,
            "the seed article claims their strength"
        );

        let profile = store
            .actor_profile("taliban")
            .expect("query")
            .expect("known actor");
        assert_eq!(profile.name, "Taliban");
        let months: u64 = profile
            .by_month
            .iter()
            .map(|m| m.as_actor1 + m.as_actor2)
            .sum();
        assert_eq!(months, taliban.len() as u64);
        let provinces: u64 = profile
            .by_admin1
            .iter()
            .map(|m| m.as_actor1 + m.as_actor2)
            .sum();
        assert_eq!(provinces, taliban.len() as u64);
        let strength = profile
            .strength
            .iter()
            .find(|s| s.high == Some(60_000))
            .expect("'up to 60,000'");
        assert!(strength.from.evidence[0].text.contains("60,000"));
        assert!(
            profile
                .relations
                .iter()
                .any(|r| r.other == "Islamic State Khorasan Province"),
            "{:?}",
            profile.relations
        );
        let isk = store
            .actor_profile("Islamic State Khorasan Province")
            .expect("query")
            .expect("known");
        assert!(!isk.territory.is_empty());
        assert!(
            store
                .actor_profile("Nobody At All")
                .expect("query")
                .is_none()
        );
    }
}

#[test]
fn stores_that_are_not_ours_or_too_new_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let newer = dir.path().join("newer.db");
    {
        let store = Store::open(&newer).expect("create");
        drop(store);
        let conn = rusqlite::Connection::open(&newer).expect("raw");
        conn.pragma_update(None, "user_version", 99).expect("bump");
    }
    match Store::open(&newer) {
        Err(StoreError::TooNew {
            found: 99,
            supported,
        }) => {
            assert_eq!(supported, sitrep_store::SCHEMA_VERSION)
        }
        other => panic!("expected TooNew, got {:?}", other.err()),
    }
    let other = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&other).expect("raw");
        conn.execute_batch("CREATE TABLE t (x)").expect("table");
    }
    assert!(matches!(Store::open(&other), Err(StoreError::NotAStore(_))));
    assert!(matches!(
        Store::open_existing(dir.path().join("missing.db")),
        Err(StoreError::Missing(_))
    ));
}
