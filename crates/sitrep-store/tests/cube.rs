//! The in-memory cube answers exactly what the SQL aggregates answer, for
//! every grouping under a table of filters, on a store of real coded
//! reports; and it goes stale (by `data_version`) when another connection
//! commits.

#[macro_use]
mod common;

use sitrep_model::EventType;
use sitrep_store::{GroupBy, IncidentFilter, Store};

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

/// country, admin1, actor, event type, since, until
type FilterRow<'a> = (
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    Option<EventType>,
    Option<&'a str>,
    Option<&'a str>,
);

fn filters() -> Vec<IncidentFilter> {
    let d = |s: &str| Some(s.parse().unwrap());
    let mut out = vec![IncidentFilter::default()];
    let table: &[FilterRow] = &[
        // country, admin1, actor, event type, since, until
        ("AF", None, None, None, None, None),
        ("afg", Some("kabul"), None, None, None, None),
        ("Afghanistan", None, Some("taliban"), None, None, None),
        ("", Some("Ghor"), None, None, None, None),
        (
            "",
            None,
            Some("Islamic State Khorasan Province"),
            None,
            None,
            None,
        ),
        (
            "",
            None,
            None,
            Some(EventType::Battles),
            Some("2010-01-01"),
            None,
        ),
        (
            "",
            None,
            None,
            Some(EventType::ExplosionsRemoteViolence),
            None,
            Some("2012-06-30"),
        ),
        ("", None, None, None, Some("2014-01-01"), Some("2015-12-31")),
        ("Narnia", None, None, None, None, None),
        ("", Some("Nowhere"), None, None, None, None),
    ];
    for &(country, admin1, actor, event_type, since, until) in table {
        out.push(IncidentFilter {
            country: (!country.is_empty()).then(|| country.to_string()),
            admin1: admin1.map(str::to_string),
            actor: actor.map(str::to_string),
            event_type,
            since: since.and_then(d),
            until: until.and_then(d),
            ..IncidentFilter::default()
        });
    }
    out
}

on_both! {
    fn the_cube_agrees_with_sql_for_every_grouping_and_filter(db) {
        let mut store = db.open();
        store
            .ingest_documents(common::knowledge(), common::corpus(200).iter(), |_, _| {})
            .unwrap();
        let cube = store.load_cube().unwrap();
        assert_eq!(cube.len() as u64, store.incidents_count().unwrap());
        let mut non_empty = 0;
        for f in filters() {
            for &by in GROUPINGS {
                let sql = store.aggregate(&f, by).unwrap();
                let mem = cube.aggregate(&f, by);
                assert_eq!(mem, sql, "{by:?} over {f:?}");
                non_empty += usize::from(!sql.is_empty());
            }
            let totals = cube.totals(&f);
            assert_eq!(
                totals.incidents,
                store.count_incidents(&f).unwrap(),
                "{f:?}"
            );
            let by_type: u64 = cube
                .aggregate(&f, GroupBy::EventType)
                .iter()
                .map(|b| b.incidents)
                .sum();
            assert_eq!(by_type, totals.incidents, "{f:?}");
            let timeline: u64 = cube
                .timeline(&f, GroupBy::Week)
                .iter()
                .map(|b| b.incidents)
                .sum();
            assert_eq!(timeline, totals.incidents, "{f:?}");
        }
        // The table must exercise real data, not compare empty lists.
        assert!(non_empty > 60, "only {non_empty} non-empty aggregates");
    }
}

on_both! {
    fn another_connections_commit_makes_the_cube_stale(db) {
        let mut writer = Store::open(&db.location).unwrap();
        let docs = common::corpus(20);
        let (first, rest) = docs.split_at(10);
        writer
            .ingest_documents(common::knowledge(), first.iter(), |_, _| {})
            .unwrap();
        let reader = Store::open_existing(&db.location).unwrap();
        let version = reader.data_version().unwrap();
        let before = reader.load_cube().unwrap().len();
        assert_eq!(
            reader.data_version().unwrap(),
            version,
            "reading changes nothing"
        );
        writer
            .ingest_documents(common::knowledge(), rest.iter(), |_, _| {})
            .unwrap();
        assert_ne!(reader.data_version().unwrap(), version);
        assert!(reader.load_cube().unwrap().len() > before);
    }
}
