//! SQLite and PostgreSQL hold the same store: the same documents in the
//! same order give byte-identical canonical dumps (every row, every
//! identifier) and the same answer to every query the CLI and the server
//! ask. Runs when `SITREP_TEST_POSTGRES` names a server.

#[macro_use]
mod common;

use common::{TestDb, corpus, knowledge};
use sitrep_model::EventType;
use sitrep_store::{ClaimFilter, GroupBy, IncidentFilter, IncidentJson, Store, StoreError};

const GROUPINGS: &[GroupBy] = &[
    GroupBy::Day,
    GroupBy::Week,
    GroupBy::Month,
    GroupBy::Year,
    GroupBy::Country,
    GroupBy::Admin1,
    GroupBy::EventType,
    GroupBy::SubEventType,
    GroupBy::Actor,
];

/// Filters in the spellings users type (any case, codes or names).
fn filters() -> Vec<IncidentFilter> {
    let f = |country: Option<&str>, admin1: Option<&str>, actor: Option<&str>| IncidentFilter {
        country: country.map(str::to_string),
        admin1: admin1.map(str::to_string),
        actor: actor.map(str::to_string),
        ..IncidentFilter::default()
    };
    let mut out = vec![
        IncidentFilter::default(),
        f(Some("afghanistan"), None, None),
        f(Some("AFG"), None, None),
        f(Some("af"), None, None),
        f(None, Some("kabul"), None),
        f(None, Some("GHOR"), None),
        f(None, None, Some("taliban")),
        f(None, None, Some("civilians (afghanistan)")),
        IncidentFilter {
            event_type: Some(EventType::ExplosionsRemoteViolence),
            since: "2018-01-01".parse().ok(),
            until: "2019-12-31".parse().ok(),
            limit: Some(7),
            offset: 3,
            ..IncidentFilter::default()
        },
    ];
    out.push(IncidentFilter {
        limit: Some(25),
        offset: 10,
        ..out[1].clone()
    });
    out
}

fn events_jsonl(store: &Store, f: &IncidentFilter) -> Vec<String> {
    store
        .incident_rows(f)
        .map(|r| serde_json::to_string(&IncidentJson::from(&r.expect("row"))).expect("json"))
        .collect()
}

/// Everything a user can ask, as one text to compare.
fn answers(store: &Store) -> String {
    let mut out = Vec::new();
    out.push(format!("{:?}", store.summary().expect("summary")));
    for f in filters() {
        out.push(format!("{:?}", store.incidents(&f).expect("incidents")));
        out.push(format!("{:?}", store.count_incidents(&f).expect("count")));
        out.push(format!(
            "{:?}",
            store.incident_rows_newest(&f).expect("newest")
        ));
        out.extend(events_jsonl(store, &f));
        for &by in GROUPINGS {
            out.push(format!(
                "{by:?} {:?}",
                store.aggregate(&f, by).expect("agg")
            ));
        }
    }
    let actors = store.actors().expect("actors");
    out.push(format!("{actors:?}"));
    for a in actors.iter().take(12) {
        for name in [a.name.clone(), a.name.to_uppercase()] {
            out.push(format!(
                "{:?}",
                store.actor_profile(&name).expect("profile")
            ));
        }
    }
    out.push(format!(
        "{:?}",
        store.claims(&ClaimFilter::default()).expect("claims")
    ));
    for id in 1..=40 {
        out.push(format!("{:?}", store.incident(id).expect("incident")));
    }
    out.push(format!("{:?}", store.verify().expect("verify")));
    out.join("\n")
}

#[test]
fn both_engines_hold_the_same_store_and_answer_alike() {
    let Some(pg) = TestDb::postgres() else {
        return;
    };
    let lite = TestDb::sqlite();
    let docs = corpus(usize::MAX);
    let mut stores = Vec::new();
    for db in [&lite, &pg] {
        let mut store = db.open();
        // Half one document per transaction, half in batches: both paths.
        let (a, b) = docs.split_at(docs.len() / 2);
        for d in a {
            store.ingest_document(knowledge(), d).expect("ingest");
        }
        store
            .ingest_documents(knowledge(), b, |_, _| {})
            .expect("ingest");
        stores.push(store);
    }
    let (lite, pg) = (&stores[0], &stores[1]);
    assert!(pg.is_postgres() && !lite.is_postgres());
    assert!(lite.incidents_count().expect("count") > 100);
    let (dl, dp) = (
        lite.canonical_dump().expect("dump"),
        pg.canonical_dump().expect("dump"),
    );
    if dl != dp {
        let first = dl
            .lines()
            .zip(dp.lines())
            .find(|(a, b)| a != b)
            .map(|(a, b)| format!("sqlite:   {a}\npostgres: {b}"));
        panic!(
            "dumps differ ({} vs {} bytes)\n{first:?}",
            dl.len(),
            dp.len()
        );
    }
    let (al, ap) = (answers(lite), answers(pg));
    for (i, (a, b)) in al.lines().zip(ap.lines()).enumerate() {
        assert_eq!(a, b, "answer {i} differs");
    }
    assert_eq!(al.lines().count(), ap.lines().count());
    // The cube loads the same facets from either.
    let (cl, cp) = (
        lite.load_cube().expect("cube"),
        pg.load_cube().expect("cube"),
    );
    for f in filters() {
        for &by in GROUPINGS {
            assert_eq!(cl.aggregate(&f, by), cp.aggregate(&f, by), "{by:?} {f:?}");
        }
    }
}

#[test]
fn postgres_refuses_schemas_that_are_not_stores_or_are_too_new() {
    let Some(db) = TestDb::postgres() else {
        return;
    };
    // An empty schema is no store for the query commands.
    assert!(matches!(
        Store::open_existing(&db.location),
        Err(StoreError::Missing(_))
    ));
    drop(db.open());
    let mut raw = postgres::Client::connect(&db.location, postgres::NoTls).expect("raw");
    raw.batch_execute("UPDATE sitrep_meta SET value = 99 WHERE key = 'schema_version'")
        .expect("bump");
    match Store::open(&db.location) {
        Err(StoreError::TooNew {
            found: 99,
            supported,
        }) => assert_eq!(supported, sitrep_store::SCHEMA_VERSION),
        other => panic!("expected TooNew, got {:?}", other.err()),
    }
    let other = db.another();
    let mut raw = postgres::Client::connect(&other.location, postgres::NoTls).expect("raw");
    raw.batch_execute("CREATE TABLE t (x INTEGER)")
        .expect("table");
    let err = Store::open(&other.location).err().expect("refused");
    assert!(matches!(err, StoreError::NotAStore(_)), "{err}");
    assert!(err.to_string().contains("is not a sitrep store"), "{err}");
    // A database that does not exist is named in the error.
    let url = other.location.replace("/postgres?", "/no_such_database?");
    let err = Store::open(&url).err().expect("refused");
    assert!(
        err.to_string().contains("no_such_database") && err.to_string().contains("does not exist"),
        "{err}"
    );
}

on_both! {
    /// Two connections opening a store at once both see it migrated once,
    /// and the second open is a no-op.
    fn opening_twice_migrates_once(db) {
        let a = db.open();
        let b = Store::open_existing(&db.location).expect("reopen");
        assert_eq!(a.schema_version().unwrap(), sitrep_store::SCHEMA_VERSION);
        assert_eq!(b.canonical_dump().unwrap(), a.canonical_dump().unwrap());
        assert!(a.verify().unwrap().is_empty());
    }
}
