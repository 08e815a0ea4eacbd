//! The reused record and the hand-written encoder against serde_json.

use super::*;
use sitrep_model::{
    ActorRef, ActorType, CameoCode, CountryCode, Date, EventDate, GeoPrecision, PloverCategory,
    PloverMode, SubEventType, TimePrecision,
};

fn place(iso3: &str, admin: Option<&str>) -> Place {
    Place {
        country: "Afghanistan".into(),
        country_code: CountryCode::new("AF").expect("valid"),
        iso3: iso3.into(),
        iso_numeric: 4,
        region: "South Asia".into(),
        admin1: admin.map(str::to_string),
        admin2: admin.map(|a| format!("{a} \"district\"")),
        admin3: None,
        location: "Firozkoh \\ Chaghcharan".into(),
        latitude: 34.520_83,
        longitude: 65.251_38,
        geo_precision: GeoPrecision::Near,
        geonames_id: Some(1_146_002),
    }
}

/// An event with every optional field filled, and one with none.
fn events() -> (Event, Event) {
    let actor = |name: &str, inter| ActorRef::new(name, inter, CountryCode::new("AF"));
    let day = |s: &str| s.parse::<Date>().expect("valid date");
    let full = Event {
        doc_id: "doc \"1\"".into(),
        sub_event_type: SubEventType::SuicideBomb,
        actor1: actor("Islamic State (Afghanistan)", ActorType::RebelGroups),
        assoc_actor_1: vec![
            actor("Gunmen", ActorType::PoliticalMilitias),
            actor("Fighters\u{2028}", ActorType::PoliticalMilitias),
        ],
        actor2: Some(actor("Civilians (Afghanistan)", ActorType::Civilians)),
        assoc_actor_2: vec![actor("Teachers", ActorType::Civilians)],
        civilian_targeting: true,
        place: Some(place("AFG", Some("Ghor"))),
        date: EventDate::window(day("2018-04-30"), day("2018-05-06"), TimePrecision::Week),
        fatalities: Some(20),
        injured: Some(7),
        cameo: CameoCode::new("183").expect("valid"),
        plover: PloverCategory::Assault,
        plover_mode: Some(PloverMode::new("suicide bombing")),
        hedged: true,
        hedges: vec!["reportedly".into(), "purported".into()],
        evidence: vec![Span::new(0, 6), Span::new(7, 12), Span::new(0, 12)],
        notes: "On 1 May 2018, a \"suicide\" bomber\tkilled 20.".into(),
        source: Some("Tolo News".into()),
        source_scale: Some("National".into()),
        tags: vec![
            "women targeted: girls".into(),
            "local administrators".into(),
        ],
    };
    let sparse = Event {
        doc_id: "doc 2".into(),
        sub_event_type: SubEventType::Arrests,
        actor1: actor("Police Forces of Afghanistan", ActorType::StateForces),
        assoc_actor_1: Vec::new(),
        actor2: None,
        assoc_actor_2: Vec::new(),
        civilian_targeting: false,
        place: None,
        date: EventDate::day(day("2019-12-31")),
        fatalities: None,
        injured: None,
        cameo: CameoCode::new("173").expect("valid"),
        plover: PloverCategory::Coerce,
        plover_mode: None,
        hedged: false,
        hedges: Vec::new(),
        evidence: vec![Span::new(2, 5)],
        notes: String::new(),
        source: None,
        source_scale: None,
        tags: Vec::new(),
    };
    (full, sparse)
}

/// The writer refills one record and builds each line by hand; what it
/// writes must be what a fresh record through serde_json gives, in any
/// order of full and sparse events, in JSON Lines and in CSV.
#[test]
fn the_reused_record_writes_what_a_fresh_record_writes() {
    let mut doc = Document::new("doc \"1\"", "Kabul, Ghor\u{2028}é");
    doc.published = Some("2018-05-01".parse().expect("valid date"));
    let (full, sparse) = events();
    let mut other = full.clone();
    other.place = Some(place("", None));
    other.plover_mode = Some(PloverMode::new("other"));
    let order = [
        &full, &sparse, &full, &other, &sparse, &sparse, &other, &full,
    ];
    let mut annotate = |i: usize, r: &mut EventRecord| {
        if i.is_multiple_of(3) {
            r.source_code = Some(format!("AFG{i}"));
        }
    };

    for format in [OutputFormat::Jsonl, OutputFormat::Csv] {
        let mut w = Writer::new(Vec::new(), format).expect("writer");
        let events: Vec<Event> = order.iter().map(|e| (*e).clone()).collect();
        w.write_with_cameo(&doc, &events[..3], &[], &mut annotate, &[])
            .expect("write");
        w.write_with_cameo(&doc, &events[3..], &[], &mut annotate, &[])
            .expect("write");
        w.flush().expect("flush");
        let got = match format {
            OutputFormat::Jsonl => w.jsonl.take().expect("jsonl"),
            OutputFormat::Csv => w
                .csv
                .take()
                .expect("csv")
                .into_inner()
                .map_err(|_| ())
                .expect("csv"),
        };

        let mut ids = BTreeMap::<String, u64>::new();
        let mut want = Vec::new();
        let mut csv_out = csv::Writer::from_writer(Vec::new());
        csv_out.write_record(ACLED_COLUMNS).expect("csv");
        for range in [0..3, 3..events.len()] {
            for (i, e) in events[range].iter().enumerate() {
                let prefix = e
                    .place
                    .as_ref()
                    .map(|p| p.iso3.clone())
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| "XXX".into());
                let n = ids.entry(prefix.clone()).or_insert(0);
                *n += 1;
                let mut r = EventRecord::new(&doc, e, format!("{prefix}{n}"));
                annotate(i, &mut r);
                want.extend(serde_json::to_vec(&r).expect("json"));
                want.push(b'\n');
                csv_out.write_record(r.acled_fields()).expect("csv");
            }
        }
        let want = match format {
            OutputFormat::Jsonl => want,
            OutputFormat::Csv => csv_out.into_inner().map_err(|_| ()).expect("csv"),
        };
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&want),
            "{format:?}"
        );
    }
}

/// Claims of every body go through the hand-written encoder as
/// serde_json encodes them.
#[test]
fn claims_are_written_as_serde_json_writes_them() {
    use sitrep_model::{ClaimBody, Relation};
    let doc = Document::new("d\\1", "The Taliban control Ghor; 2,000 fighters.");
    let actor = |name: &str| ActorRef::new(name, ActorType::RebelGroups, CountryCode::new("AF"));
    let bodies = [
        ClaimBody::Strength {
            actor: actor("Taliban"),
            low: Some(2_000),
            high: None,
            as_of: Some("2018-05-01".parse().expect("valid date")),
        },
        ClaimBody::Relation {
            actor1: actor("Taliban"),
            actor2: actor("Islamic State \"Khorasan\""),
            relation: Relation::Hostile,
        },
        ClaimBody::Control {
            actor: actor("Taliban"),
            place: Some(place("AFG", Some("Ghor"))),
            territory: "Ghor\u{2029}".into(),
            as_of: None,
        },
        ClaimBody::Control {
            actor: actor("Taliban"),
            place: None,
            territory: String::new(),
            as_of: None,
        },
    ];
    let claims: Vec<Claim> = bodies
        .into_iter()
        .enumerate()
        .map(|(i, body)| Claim {
            doc_id: doc.id.clone(),
            body,
            hedged: i.is_multiple_of(2),
            evidence: vec![Span::new(0, 11), Span::new(12, 20)],
        })
        .collect();
    let mut w = Writer::new(Vec::new(), OutputFormat::Jsonl).expect("writer");
    w.write(&doc, &[], &claims).expect("write");
    let got = w.jsonl.take().expect("jsonl");
    let mut want = Vec::new();
    for c in &claims {
        want.extend(serde_json::to_vec(&ClaimRecord::new(&doc, c)).expect("json"));
        want.push(b'\n');
    }
    assert_eq!(
        String::from_utf8_lossy(&got),
        String::from_utf8_lossy(&want)
    );
}
