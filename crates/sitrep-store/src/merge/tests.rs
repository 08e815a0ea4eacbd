use super::*;
use sitrep_model::{ActorType, CameoCode, GeoPrecision, PloverCategory, Span};

fn date(s: &str) -> Date {
    s.parse().expect("test dates are valid")
}

/// "AF" (the country), "AF/Kabul" (a province), "AF/Kabul/Paghman" (a
/// district), "AF/Kabul/Paghman/Qargha" (a town in it), "AF/Kabul//Qargha"
/// (a town whose district is unknown), "-" (no place); "#1149361" after
/// any of them is a GeoNames id.
fn place(spec: &str) -> Option<PlaceKey> {
    if spec == "-" {
        return None;
    }
    let (spec, geonames) = match spec.split_once('#') {
        Some((s, id)) => (s, id.parse().ok()),
        None => (spec, None),
    };
    let parts: Vec<&str> = spec.split('/').collect();
    let get = |i: usize| parts.get(i).copied().filter(|s| !s.is_empty());
    let country = CountryCode::new(parts[0]).expect("test country codes are valid");
    let location = get(3).or(get(2)).or(get(1)).unwrap_or("Afghanistan");
    Some(PlaceKey::from_parts(
        country,
        get(1),
        get(2),
        Some(location),
        geonames,
    ))
}

/// "sub-event type | actor1 | actor2 or - | place | earliest..latest".
fn key(spec: &str) -> MergeKey {
    let f: Vec<&str> = spec.split('|').map(str::trim).collect();
    let (earliest, latest) = f[4].split_once("..").unwrap_or((f[4], f[4]));
    MergeKey {
        sub_event_type: f[0].parse().expect("test sub-event types are valid"),
        actor1: f[1].to_string(),
        actor2: (f[2] != "-").then(|| f[2].to_string()),
        place: place(f[3]),
        earliest: date(earliest),
        latest: date(latest),
    }
}

#[test]
fn which_pairs_of_events_are_one_incident() {
    use Why::*;
    // (why, incident, event, expected)
    let table: &[(&str, &str, &str, Result<(), Why>)] = &[
        (
            "three outlets, same bombing: same type, attacker, place, day",
            "Suicide bomb | Taliban | Civilians (Afghanistan) | AF/Kabul/Kabul | 2018-01-27",
            "Suicide bomb | Taliban | Civilians (Afghanistan) | AF/Kabul/Kabul | 2018-01-27",
            Ok(()),
        ),
        (
            "an unnamed bomber may be the named one",
            "Suicide bomb | Taliban | - | AF/Kabul | 2018-01-27",
            "Suicide bomb | Unidentified Armed Group (Afghanistan) | - | AF/Kabul | 2018-01-27",
            Ok(()),
        ),
        (
            "a generic victim may be the named one",
            "Remote explosive/landmine/IED | Taliban | Civilians (Afghanistan) | AF/Kabul | 2018-01-27",
            "Suicide bomb | Taliban | Police Forces of Afghanistan (2004-2021) | AF/Kabul | 2018-01-27",
            Ok(()),
        ),
        (
            "two named attackers are two incidents",
            "Armed clash | Taliban | Military Forces of Afghanistan (2004-2021) | AF/Ghor | 2018-03-28",
            "Armed clash | Islamic State (Afghanistan) | Military Forces of Afghanistan (2004-2021) | AF/Ghor | 2018-03-28",
            Err(DifferentActors),
        ),
        (
            "a battle told from the other side: order carries no meaning",
            "Armed clash | Taliban | Islamic State (Afghanistan) | AF/Jowzjan | 2018-07-10",
            "Armed clash | Islamic State (Afghanistan) | Taliban | AF/Jowzjan | 2018-07-10",
            Ok(()),
        ),
        (
            "outside battles the attacker and the attacked do not swap",
            "Attack | Taliban | Islamic State (Afghanistan) | AF/Jowzjan | 2018-07-10",
            "Attack | Islamic State (Afghanistan) | Taliban | AF/Jowzjan | 2018-07-10",
            Err(DifferentActors),
        ),
        (
            "different countries",
            "Suicide bomb | Taliban | - | AF/Kabul | 2018-01-27",
            "Suicide bomb | Taliban | - | PK/Punjab | 2018-01-27",
            Err(DifferentPlace),
        ),
        (
            "a report that only knows the country nests the province's incident",
            "Suicide bomb | Taliban | - | AF/Kabul/Kabul | 2018-01-27",
            "Suicide bomb | Taliban | - | AF | 2018-01-27",
            Ok(()),
        ),
        (
            "different provinces",
            "Suicide bomb | Taliban | - | AF/Kabul | 2018-01-27",
            "Suicide bomb | Taliban | - | AF/Logar | 2018-01-27",
            Err(DifferentPlace),
        ),
        (
            "a province contains its towns",
            "Armed clash | Taliban | - | AF/Ghor | 2018-03-28",
            "Armed clash | Taliban | - | AF/Ghor/Chaghcharan/Kasi | 2018-03-28",
            Ok(()),
        ),
        (
            "two towns of one province are two places",
            "Armed clash | Taliban | - | AF/Ghor/Chaghcharan/Kasi | 2018-03-28",
            "Armed clash | Taliban | - | AF/Ghor/Chaghcharan/Sang Kasi | 2018-03-28",
            Err(DifferentPlace),
        ),
        (
            "a district contains the towns filed under it",
            "Armed clash | Taliban | - | AF/Kabul/Paghman | 2018-03-28",
            "Armed clash | Taliban | - | AF/Kabul/Paghman/Qargha | 2018-03-28",
            Ok(()),
        ),
        (
            "a town whose district is unknown cannot be placed in a district",
            "Armed clash | Taliban | - | AF/Kabul/Paghman | 2018-03-28",
            "Armed clash | Taliban | - | AF/Kabul//Qargha | 2018-03-28",
            Err(DifferentPlace),
        ),
        (
            "one town, district known on one side only",
            "Armed clash | Taliban | - | AF/Kabul/Paghman/Qargha | 2018-03-28",
            "Armed clash | Taliban | - | AF/Kabul//Qargha | 2018-03-28",
            Ok(()),
        ),
        (
            "different days are different events (ACLED: one event per day)",
            "Armed clash | Taliban | - | AF/Ghor | 2018-03-28",
            "Armed clash | Taliban | - | AF/Ghor | 2018-03-29",
            Err(DisjointDates),
        ),
        (
            "'last week' overlaps the day another report names",
            "Armed clash | Taliban | - | AF/Ghor | 2018-03-28",
            "Armed clash | Taliban | - | AF/Ghor | 2018-03-26..2018-04-01",
            Ok(()),
        ),
        (
            "'since 2014' is too vague to be anyone's incident",
            "Armed clash | Taliban | - | AF/Ghor | 2018-03-28",
            "Armed clash | Taliban | - | AF/Ghor | 2014-01-01..2018-03-28",
            Err(TooVague),
        ),
        (
            "without a place nothing says it is the same incident",
            "Armed clash | Taliban | - | - | 2018-03-28",
            "Armed clash | Taliban | - | - | 2018-03-28",
            Err(NoPlace),
        ),
        (
            "a protest and a battle are different events",
            "Peaceful protest | Protesters (Afghanistan) | - | AF/Kabul | 2018-03-28",
            "Armed clash | Taliban | - | AF/Kabul | 2018-03-28",
            Err(DifferentType),
        ),
        (
            "one complex attack: a suicide bombing and the gunfight after it",
            "Suicide bomb | Taliban | - | AF/Kabul/Kabul | 2018-01-27",
            "Armed clash | Taliban | Police Forces of Afghanistan (2004-2021) | AF/Kabul/Kabul | 2018-01-27",
            Ok(()),
        ),
        (
            "a complex attack needs a named attacker",
            "Suicide bomb | Unidentified Armed Group (Afghanistan) | - | AF/Kabul | 2018-01-27",
            "Attack | Unidentified Armed Group (Afghanistan) | Civilians (Afghanistan) | AF/Kabul | 2018-01-27",
            Err(DifferentType),
        ),
        (
            "a complex attack needs a place finer than the country",
            "Suicide bomb | Taliban | - | AF | 2018-01-27",
            "Armed clash | Taliban | - | AF | 2018-01-27",
            Err(DifferentType),
        ),
        (
            "unattributed blasts in one province on overlapping days: too little agrees",
            "Remote explosive/landmine/IED | Unidentified Armed Group (Afghanistan) | Civilians (Afghanistan) | AF/Kabul | 2017-09-25..2017-09-27",
            "Remote explosive/landmine/IED | Unidentified Armed Group (Afghanistan) | Civilians (Afghanistan) | AF/Kabul | 2017-09-26..2017-09-28",
            Err(TooLittleEvidence),
        ),
        (
            "unattributed blasts in one province on the same day",
            "Remote explosive/landmine/IED | Unidentified Armed Group (Afghanistan) | Civilians (Afghanistan) | AF/Kabul | 2017-09-26",
            "Suicide bomb | Unidentified Armed Group (Afghanistan) | - | AF/Kabul | 2017-09-26",
            Ok(()),
        ),
        (
            "unattributed blasts in one town on overlapping days",
            "Remote explosive/landmine/IED | Unidentified Armed Group (Afghanistan) | - | AF/Helmand/Nahri Sarraj/Gereshk | 2017-02-09..2017-02-11",
            "Remote explosive/landmine/IED | Unidentified Armed Group (Afghanistan) | - | AF/Helmand/Nahri Sarraj/Gereshk | 2017-02-10..2017-02-12",
            Ok(()),
        ),
        (
            "only the country known: a named attacker on a different window is not enough",
            "Armed clash | Taliban | Police Forces of Afghanistan (2004-2021) | AF/Zabul | 2016-11-27",
            "Armed clash | Taliban | Police Forces of Afghanistan (2004-2021) | AF | 2016-11-26..2016-11-28",
            Err(TooLittleEvidence),
        ),
        (
            "only the country known and nobody named: never enough",
            "Suicide bomb | Unidentified Armed Group (Afghanistan) | - | AF/Kabul | 2018-01-27",
            "Suicide bomb | Unidentified Armed Group (Afghanistan) | - | AF | 2018-01-27",
            Err(TooLittleEvidence),
        ),
        (
            "one gazetteer entry for the whole country is not one place",
            "Suicide bomb | Unidentified Armed Group (Afghanistan) | - | AF#1149361 | 2011-06-23..2011-06-25",
            "Suicide bomb | Unidentified Armed Group (Afghanistan) | - | AF#1149361 | 2011-06-23..2011-06-25",
            Err(TooLittleEvidence),
        ),
        (
            "one gazetteer entry for a town is one town, whatever the district says",
            "Remote explosive/landmine/IED | Unidentified Armed Group (Afghanistan) | - | AF/Nangarhar/Behsud/Jalalabad#1138957 | 2019-04-04..2019-04-06",
            "Remote explosive/landmine/IED | Unidentified Armed Group (Afghanistan) | - | AF/Nangarhar/Jalalabad District/Jalalabad#1138957 | 2019-04-05..2019-04-07",
            Ok(()),
        ),
        (
            "a rocket attack and a suicide bombing are two incidents",
            "Shelling/artillery/missile attack | Taliban | - | AF/Kabul | 2017-09-27",
            "Suicide bomb | Taliban | - | AF/Kabul | 2017-09-27",
            Err(DifferentType),
        ),
        (
            "an air strike one outlet calls shelling",
            "Air/drone strike | Military Forces of Afghanistan (2004-2021) | Taliban | AF/Kunduz | 2018-04-02",
            "Shelling/artillery/missile attack | Military Forces of Afghanistan (2004-2021) | Taliban | AF/Kunduz | 2018-04-02",
            Ok(()),
        ),
        (
            "an arrest and an agreement are different developments",
            "Arrests | Police Forces of Afghanistan (2004-2021) | Taliban | AF/Kabul | 2018-01-27",
            "Agreement | Police Forces of Afghanistan (2004-2021) | Taliban | AF/Kabul | 2018-01-27",
            Err(DifferentType),
        ),
        (
            "strategic developments do not combine with violence",
            "Arrests | Police Forces of Afghanistan (2004-2021) | Taliban | AF/Kabul | 2018-01-27",
            "Armed clash | Police Forces of Afghanistan (2004-2021) | Taliban | AF/Kabul | 2018-01-27",
            Err(DifferentType),
        ),
    ];
    for (why, incident, event, expected) in table {
        let got = match decide(&key(incident), &key(event)) {
            Verdict::Merge(_) => Ok(()),
            Verdict::Separate(w) => Err(w),
        };
        assert_eq!(got, *expected, "{why}");
        // The rules are symmetric: which report came first does not
        // matter.
        let back = match decide(&key(event), &key(incident)) {
            Verdict::Merge(_) => Ok(()),
            Verdict::Separate(w) => Err(w),
        };
        assert_eq!(back, *expected, "{why} (reversed)");
    }
}

#[test]
fn better_fits_rank_higher() {
    let event =
        key("Suicide bomb | Taliban | Civilians (Afghanistan) | AF/Kabul/Kabul | 2018-01-27");
    // (why, worse candidate, better candidate)
    let table: &[(&str, &str, &str)] = &[
        (
            "the same event type beats a complex attack",
            "Armed clash | Taliban | - | AF/Kabul/Kabul | 2018-01-27",
            "Remote explosive/landmine/IED | Taliban | - | AF/Kabul/Kabul | 2018-01-27",
        ),
        (
            "a named attacker agreeing beats a generic one",
            "Suicide bomb | Unidentified Armed Group (Afghanistan) | - | AF/Kabul/Kabul | 2018-01-27",
            "Suicide bomb | Taliban | - | AF/Kabul/Kabul | 2018-01-27",
        ),
        (
            "the same province beats the country",
            "Suicide bomb | Taliban | - | AF | 2018-01-27",
            "Suicide bomb | Taliban | - | AF/Kabul | 2018-01-27",
        ),
        (
            "the same day beats a week around it",
            "Suicide bomb | Taliban | - | AF/Kabul | 2018-01-22..2018-01-28",
            "Suicide bomb | Taliban | - | AF/Kabul | 2018-01-27",
        ),
    ];
    for (why, worse, better) in table {
        let fit = |c: &str| match decide(&key(c), &event) {
            Verdict::Merge(f) => f,
            Verdict::Separate(w) => panic!("{why}: {c} does not fit: {w:?}"),
        };
        assert!(fit(worse) < fit(better), "{why}");
    }
}

#[test]
fn fatalities_are_each_sources_latest_figure_and_the_lowest_of_sources() {
    // (why, [(source, published, ingest order, figure)], expected)
    type Row = (&'static str, &'static str, i64, u32);
    let table: &[(&str, &[Row], Option<u32>)] = &[
        ("no report gives a figure: unknown, not zero", &[], None),
        ("one report", &[("a", "2018-01-27", 1, 95)], Some(95)),
        (
            "independent sources: the most conservative",
            &[
                ("kabul wire", "2018-01-27", 1, 41),
                ("frontier daily", "2018-01-27", 2, 95),
                ("capital post", "2018-01-28", 3, 104),
            ],
            Some(41),
        ),
        (
            "a source revising its own toll upwards",
            &[("a", "2018-01-27", 1, 40), ("a", "2018-01-28", 2, 60)],
            Some(60),
        ),
        (
            "a revision, then the lowest of the sources",
            &[
                ("a", "2018-01-27", 1, 40),
                ("a", "2018-01-28", 2, 60),
                ("b", "2018-01-27", 3, 50),
            ],
            Some(50),
        ),
        (
            "publication order decides, not arrival order",
            &[("a", "2018-01-28", 1, 60), ("a", "2018-01-27", 2, 40)],
            Some(60),
        ),
        (
            "the same day: the later arrival revises",
            &[("a", "2018-01-27", 1, 60), ("a", "2018-01-27", 2, 40)],
            Some(40),
        ),
        (
            "an undated report is older than a dated one",
            &[("a", "", 2, 10), ("a", "2018-01-27", 1, 30)],
            Some(30),
        ),
        // "a+b": a's report, republished word for word by b (linked, not
        // coded).
        (
            "the republishing outlet's later report revises the copied figure",
            &[
                ("a+b", "2018-01-27", 1, 41),
                ("c", "2018-01-27", 2, 103),
                ("b", "2018-01-28", 3, 95),
            ],
            Some(95),
        ),
        (
            "without the copy the two outlets are independent",
            &[
                ("a", "2018-01-27", 1, 41),
                ("c", "2018-01-27", 2, 103),
                ("b", "2018-01-28", 3, 95),
            ],
            Some(41),
        ),
        (
            "copies link sources transitively",
            &[
                ("a+b", "2018-01-27", 1, 41),
                ("c+b", "2018-01-27", 2, 30),
                ("a", "2018-01-29", 3, 60),
                ("d", "2018-01-27", 4, 80),
            ],
            Some(60),
        ),
    ];
    for (why, rows, expected) in table {
        let figures: Vec<Figure> = rows
            .iter()
            .map(|(s, p, k, v)| Figure {
                source_key: s.split('+').next().unwrap_or_default().to_string(),
                copied_by: s.split('+').skip(1).map(str::to_string).collect(),
                published: (!p.is_empty()).then(|| date(p)),
                doc_key: *k,
                value: *v,
            })
            .collect();
        assert_eq!(conservative_figure(&figures), *expected, "{why}");
    }
}

#[test]
fn source_keys_tell_outlets_apart() {
    // (source, url, doc_id, expected key)
    let table: &[(Option<&str>, Option<&str>, &str, &str)] = &[
        (Some(" Kabul Wire "), None, "d1", "kabul wire"),
        (
            None,
            Some("https://www.example.org/a/b?c"),
            "d1",
            "example.org",
        ),
        (
            None,
            Some("http://user@news.example.net:8080/x"),
            "d1",
            "news.example.net",
        ),
        (Some(""), Some("example.com/story"), "d1", "example.com"),
        (None, None, "d1", "doc:d1"),
    ];
    for (source, url, doc_id, expected) in table {
        let meta = ReportMeta {
            doc_key: 1,
            doc_id: doc_id.to_string(),
            source: source.map(str::to_string),
            url: url.map(str::to_string),
            published: None,
            copied_by: Vec::new(),
        };
        assert_eq!(meta.source_key(), *expected, "{source:?} {url:?}");
    }
}

#[test]
fn merged_dates_are_the_narrowest_window() {
    use TimePrecision::*;
    // (windows with precision, expected earliest, latest, precision)
    type W = (&'static str, &'static str, TimePrecision);
    let table: &[(&[W], W)] = &[
        (
            &[("2018-01-27", "2018-01-27", Day)],
            ("2018-01-27", "2018-01-27", Day),
        ),
        (
            &[
                ("2018-01-22", "2018-01-28", Week),
                ("2018-01-27", "2018-01-27", Day),
            ],
            ("2018-01-27", "2018-01-27", Day),
        ),
        (
            &[
                ("2018-01-01", "2018-01-31", Month),
                ("2018-01-22", "2018-01-28", Week),
            ],
            ("2018-01-22", "2018-01-28", Week),
        ),
        (
            // Two overlapping weeks leave the days they share.
            &[
                ("2018-01-22", "2018-01-28", Week),
                ("2018-01-25", "2018-01-31", Week),
            ],
            ("2018-01-25", "2018-01-28", Week),
        ),
    ];
    for (windows, (e, l, p)) in table {
        let dates: Vec<EventDate> = windows
            .iter()
            .map(|(a, b, p)| EventDate::window(date(a), date(b), *p))
            .collect();
        let got = merged_date(dates.iter().copied()).expect("non-empty");
        assert_eq!(
            (got.earliest, got.latest, got.precision),
            (date(e), date(l), *p),
            "{windows:?}"
        );
    }
}

#[test]
fn day_numbers_count_from_1970() {
    let table = [
        ("1970-01-01", 0),
        ("1969-12-31", -1),
        ("2000-02-29", 11016),
        ("2000-03-01", 11017),
        ("2018-01-27", 17558),
        ("1600-01-01", -135140),
    ];
    for (d, n) in table {
        assert_eq!(day_number(date(d)), n, "{d}");
    }
}

fn afghan_place(admin1: &str, location: &str, precision: GeoPrecision) -> Place {
    Place {
        country: "Afghanistan".into(),
        country_code: CountryCode::new("AF").expect("valid"),
        iso3: "AFG".into(),
        iso_numeric: 4,
        region: "South Asia".into(),
        admin1: (!admin1.is_empty()).then(|| admin1.to_string()),
        admin2: None,
        admin3: None,
        location: location.into(),
        latitude: 34.5,
        longitude: 69.2,
        geo_precision: precision,
        geonames_id: None,
    }
}

fn event(
    doc: &str,
    sub: SubEventType,
    actor2: &str,
    place: Place,
    fatalities: Option<u32>,
) -> Event {
    let actor = |name: &str, inter| ActorRef::new(name, inter, CountryCode::new("AF"));
    Event {
        doc_id: doc.into(),
        sub_event_type: sub,
        actor1: actor("Taliban", ActorType::RebelGroups),
        assoc_actor_1: Vec::new(),
        actor2: (!actor2.is_empty()).then(|| actor(actor2, ActorType::StateForces)),
        assoc_actor_2: Vec::new(),
        civilian_targeting: false,
        place: Some(place),
        date: EventDate::day(date("2018-01-27")),
        fatalities,
        injured: None,
        cameo: CameoCode::new("183").expect("valid"),
        plover: PloverCategory::Assault,
        plover_mode: None,
        hedged: false,
        hedges: Vec::new(),
        evidence: vec![Span::new(0, 10)],
        notes: format!("notes of {doc}"),
        source: Some(format!("outlet of {doc}")),
        source_scale: None,
        tags: Vec::new(),
    }
}

#[test]
fn an_incident_takes_the_most_specific_type_named_actors_and_most_precise_place() {
    use SubEventType::*;
    let events = [
        event(
            "a",
            RemoteExplosiveLandmineIed,
            "Civilians (Afghanistan)",
            afghan_place("", "Afghanistan", GeoPrecision::Region),
            Some(41),
        ),
        event(
            "b",
            SuicideBomb,
            "Military Forces of Afghanistan (2004-2021)",
            afghan_place("Kabul", "Kabul", GeoPrecision::Exact),
            Some(95),
        ),
        event(
            "c",
            SuicideBomb,
            "",
            afghan_place("Kabul", "Kabul", GeoPrecision::Near),
            None,
        ),
    ];
    let reports: Vec<ReportMeta> = ["a", "b", "c"]
        .iter()
        .enumerate()
        .map(|(i, d)| ReportMeta {
            doc_key: i as i64 + 1,
            doc_id: d.to_string(),
            source: Some(format!("outlet of {d}")),
            url: None,
            published: Some(date("2018-01-27")),
            copied_by: Vec::new(),
        })
        .collect();
    let members: Vec<Member<'_>> = events
        .iter()
        .zip(&reports)
        .map(|(event, report)| Member { event, report })
        .collect();
    let merged = rebuild(&members).expect("three members");
    assert_eq!(merged.sub_event_type, SuicideBomb);
    assert_eq!(merged.doc_id, "a", "the first report leads the record");
    assert_eq!(
        merged.notes, "notes of b",
        "the most specific report's notes"
    );
    assert_eq!(
        merged.actor2.map(|a| a.name).as_deref(),
        Some("Military Forces of Afghanistan (2004-2021)"),
        "a named actor beats a generic one"
    );
    let place = merged.place.expect("a place");
    assert_eq!(
        (place.admin1.as_deref(), place.geo_precision),
        (Some("Kabul"), GeoPrecision::Exact)
    );
    assert_eq!(merged.fatalities, Some(41));
    assert_eq!(
        merged.source.as_deref(),
        Some("outlet of a; outlet of b; outlet of c")
    );
    assert_eq!(merged.evidence, vec![Span::new(0, 10)]);
}
