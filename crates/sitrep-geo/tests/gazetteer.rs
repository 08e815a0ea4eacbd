//! The gazetteer's behaviour as data tables: toponym finding, resolution,
//! place filling and the hierarchy accessors. Sentences marked "dev" are
//! taken from `shared/eval/wikipedia_incidents_dev.csv`.

use sitrep_geo::{FeatureKind, Gazetteer, GeoContext, PlaceId};
use sitrep_model::{CountryCode, GeoPrecision};

use FeatureKind::{Admin1, Admin2, Country, PopulatedPlace};

fn gazetteer() -> Gazetteer {
    Gazetteer::embedded().expect("embedded gazetteer builds")
}

fn cc(code: &str) -> CountryCode {
    CountryCode::new(code).expect("valid country code")
}

/// One text, and every toponym expected in it with its kind hint.
type FindCase = (&'static str, &'static [(&'static str, Option<FeatureKind>)]);

#[test]
fn finds_toponyms() {
    let cases: &[FindCase] = &[
        // Feature words join the span and give a hint.
        (
            "ISIS-K attacked the ANA in Ghor province.",
            &[("Ghor province", Some(Admin1))],
        ),
        (
            "The Taliban wiped out ISIS-K in Helmand and Farah provinces.",
            &[("Helmand", Some(Admin1)), ("Farah provinces", Some(Admin1))],
        ),
        (
            "Fighting spread to Chinarto district on Monday.",
            &[("Chinarto district", Some(Admin2))],
        ),
        (
            "Troops returned to the province of Kandahar.",
            &[("province of Kandahar", Some(Admin1))],
        ),
        (
            "A bomb exploded in Kabul city.",
            &[("Kabul city", Some(PopulatedPlace))],
        ),
        (
            "Two were killed in the Malian city of Gao.",
            &[("city of Gao", Some(PopulatedPlace))],
        ),
        (
            "Gunmen stormed a hotel in Borno State, Nigeria.",
            &[("Borno State", Some(Admin1)), ("Nigeria", None)],
        ),
        // dev: a feature word before a country stays with the name before it.
        (
            "Al-Shabaab attacked a base in the Lower Shabelle region of Somalia.",
            &[("Lower Shabelle region", Some(Admin1)), ("Somalia", None)],
        ),
        // dev: possessives and districts.
        (
            "Two civilians were killed in Uruzgan's Chora district.",
            &[("Uruzgan", None), ("Chora district", Some(Admin2))],
        ),
        (
            "The Mai-Mai militia attacked Beni territory.",
            &[("Beni territory", Some(Admin2))],
        ),
        // Multi-word names, hyphens, diacritics, abbreviations.
        (
            "The Taliban seized Sar-e Pol and Mazar-e-Sharif.",
            &[("Sar-e Pol", None), ("Mazar-e-Sharif", None)],
        ),
        (
            "Bombs exploded in Zürich and Herāt.",
            &[("Zürich", None), ("Herāt", None)],
        ),
        (
            "U.S. forces and the UK sent troops to the DRC.",
            &[("U.S", None), ("UK", None), ("DRC", None)],
        ),
        (
            "The United States and Mexico City officials met.",
            &[
                ("United States", None),
                ("Mexico City", Some(PopulatedPlace)),
            ],
        ),
        (
            "KABUL, Afghanistan - Gunmen attacked a checkpoint.",
            &[("KABUL", None), ("Afghanistan", None)],
        ),
        // Common words that GeoNames lists as towns.
        ("Most of the victims were police officers.", &[]),
        ("Police said a van exploded near a mobile phone shop.", &[]),
        (
            "Security forces killed 12 insurgents in Nangarhar.",
            &[("Nangarhar", None)],
        ),
        // Weak names need support: a preposition, a division after, a feature word.
        ("The attack in Nice killed 86 people.", &[("Nice", None)]),
        (
            "Mobile, Alabama was hit by a tornado.",
            &[("Mobile", None), ("Alabama", None)],
        ),
        (
            "Militants shelled an army base in Van province.",
            &[("Van province", Some(Admin1))],
        ),
        // Person names, titles, demonyms and armed groups are not places.
        (
            "Hamid Karzai met Ahmad Shah Massoud in Kabul.",
            &[("Kabul", None)],
        ),
        (
            "Gen. Raziq and President Ghani visited Herat.",
            &[("Herat", None)],
        ),
        // dev: a province's name inside a person's name.
        ("Prime Minister Abdi Farah Shirdon was unhurt.", &[]),
        (
            "Afghan and Kurdish fighters of the Islamic State were killed.",
            &[],
        ),
        // dev: a surname recurs alone.
        (
            "A man shot an officer, Edward Archer said. Later, Archer claimed allegiance.",
            &[],
        ),
        ("He flew to Latin America and then to South America.", &[]),
        // "PIRA" in running text is the Provisional IRA, not Pira, Peru.
        (
            "PIRA members planted a bomb in Belfast.",
            &[("Belfast", None)],
        ),
        // Facility nouns after a place do not make it a person.
        (
            "The Kabul Bank branch in Lashkar Gah and Kandahar Airfield were attacked.",
            &[("Kabul", None), ("Lashkar Gah", None), ("Kandahar", None)],
        ),
        // A headline in title case.
        (
            "Taliban Kill Nine Police In Ghor Province",
            &[("Ghor Province", Some(Admin1))],
        ),
        // dev: "the" before a province.
        (
            "The Taliban attacked checkpoints in the Ghazni province killing 5 policemen.",
            &[("Ghazni province", Some(Admin1))],
        ),
        // Organisation names: an [org] word and an article before the name.
        // dev: Liwa al-Quds is not Liwa, Oman, nor al-Quds.
        (
            "A boy was beheaded for allegedly being a member of Liwa al-Quds.",
            &[],
        ),
        (
            "Jaish al-Islam and Lashkar-e-Jhangvi fighters attacked Aleppo.",
            &[("Aleppo", None)],
        ),
        (
            "The Ejercito de Liberacion Nacional attacked a patrol in Arauca.",
            &[("Arauca", None)],
        ),
        // dev: a plural possessive inside a stoplisted name.
        (
            "Kurdistan Workers' Party militants attacked a gendarmerie post in Siirt.",
            &[("Siirt", None)],
        ),
        // Names the gazetteer knows only the start of. dev: "Cho" is a
        // village in Vietnam, "Qala" one in Azerbaijan.
        (
            "A soldier was gunned down in the Cho-airong district of Narathiwat province.",
            &[("Narathiwat province", Some(Admin1))],
        ),
        (
            "A bomb exploded in the Qala-e-Qazi locality on the outskirts of Ghazni City.",
            &[("Ghazni City", None)],
        ),
        (
            "Gunmen stormed a house in the Baghdad suburb of Hayy al-Nasr.",
            &[("Baghdad", None), ("Nasr", None)],
        ),
        // ... but an adjective after a hyphen keeps the place.
        (
            "The Kabul-based group attacked Taliban-held Musa Qala.",
            &[("Kabul", None), ("Musa Qala", None)],
        ),
        // "the village of X" followed by more of the name.
        (
            "Troops raided the village of Las Brisas Altas in Antioquia.",
            &[("Antioquia", None)],
        ),
        // Vehicles and weapons named after places. dev: Chinook, Montana.
        (
            "Their CH-47 Chinook helicopter was shot down in Wardak province.",
            &[("Wardak province", Some(Admin1))],
        ),
        (
            "Separatists fired Grad rockets at Mariupol.",
            &[("Mariupol", None)],
        ),
        // Arabic articles in any transliteration.
        (
            "Rebels shelled Jisr al-Shughur on Sunday.",
            &[("Jisr al-Shughur", None)],
        ),
        // A bare abbreviation that runs on into a name is not one (dev).
        (
            "An attack in the commune of Ercilla, La Araucania Region.",
            &[("Ercilla", None), ("Araucania Region", Some(Admin1))],
        ),
    ];
    let g = gazetteer();
    for (text, want) in cases {
        let got: Vec<(&str, Option<FeatureKind>)> = g
            .find_toponyms(text)
            .iter()
            .map(|t| (&text[t.start..t.end], t.kind_hint))
            .collect();
        assert_eq!(&got, want, "toponyms in {text:?}");
    }
}

/// A text, the caller's country hints, the surface form to look at, and
/// the expected (name, country, admin1, kind) of its resolution.
type ResolveCase = (
    &'static str,
    &'static [(&'static str, f32)],
    &'static str,
    (
        &'static str,
        &'static str,
        Option<&'static str>,
        FeatureKind,
    ),
);

#[test]
fn resolves_toponyms() {
    let cases: &[ResolveCase] = &[
        // Afghan provinces in an Afghan document.
        (
            "Taliban fighters attacked checkpoints in Helmand, Ghor and Herat provinces.",
            &[("AF", 1.0)],
            "Helmand",
            ("Helmand", "AF", Some("Helmand"), Admin1),
        ),
        (
            "Taliban fighters attacked checkpoints in Helmand, Ghor and Herat provinces.",
            &[("AF", 1.0)],
            "Ghor",
            ("Ghor", "AF", Some("Ghor"), Admin1),
        ),
        (
            "Taliban fighters attacked checkpoints in Helmand, Ghor and Herat provinces.",
            &[("AF", 1.0)],
            "Herat provinces",
            ("Herat", "AF", Some("Herat"), Admin1),
        ),
        (
            "Fighting continued in Farah province.",
            &[("AF", 1.0)],
            "Farah province",
            ("Farah", "AF", Some("Farah"), Admin1),
        ),
        // Without a feature word, a province's same-name capital is the city.
        (
            "Clashes erupted in Farah on Sunday.",
            &[("AF", 1.0)],
            "Farah",
            ("Farah", "AF", Some("Farah"), PopulatedPlace),
        ),
        (
            "A suicide bomber struck Kabul on Tuesday.",
            &[],
            "Kabul",
            ("Kabul", "AF", Some("Kabul"), PopulatedPlace),
        ),
        // dev: the spelling "Konduz".
        (
            "Eleven Chinese construction workers were slain in Konduz.",
            &[],
            "Konduz",
            ("Kunduz", "AF", Some("Kunduz"), PopulatedPlace),
        ),
        // The caller's hints and the document's focus.
        (
            "Police cordoned off a street in Paris.",
            &[("FR", 1.0)],
            "Paris",
            ("Paris", "FR", Some("Ile-de-France"), PopulatedPlace),
        ),
        (
            "A blast hit a market in Hyderabad.",
            &[("PK", 1.0)],
            "Hyderabad",
            ("Hyderabad", "PK", Some("Sindh"), PopulatedPlace),
        ),
        (
            "A blast hit a market in Hyderabad.",
            &[("IN", 1.0)],
            "Hyderabad",
            ("Hyderabad", "IN", Some("Telangana"), PopulatedPlace),
        ),
        (
            "Floods hit Punjab.",
            &[("PK", 1.0)],
            "Punjab",
            ("Punjab", "PK", Some("Punjab"), Admin1),
        ),
        (
            "Floods hit Punjab.",
            &[("IN", 1.0)],
            "Punjab",
            ("Punjab", "IN", Some("Punjab"), Admin1),
        ),
        (
            "Farmers in Punjab and Lahore protested.",
            &[],
            "Punjab",
            ("Punjab", "PK", Some("Punjab"), Admin1),
        ),
        (
            "Troops were sent to Georgia.",
            &[],
            "Georgia",
            ("Georgia", "GE", None, Country),
        ),
        (
            "Troops were sent to Georgia.",
            &[("US", 1.0)],
            "Georgia",
            ("Georgia", "US", Some("Georgia"), Admin1),
        ),
        (
            "Protesters marched in Atlanta, Georgia.",
            &[],
            "Georgia",
            ("Georgia", "US", Some("Georgia"), Admin1),
        ),
        // Hierarchy: a district in the province the text names (dev).
        (
            "Two civilians were killed in the Chora district of central Uruzgan province.",
            &[],
            "Chora district",
            ("Chora", "AF", Some("Uruzgan"), Admin2),
        ),
        (
            "Eight policemen were killed in Arghandab district of Zabul province.",
            &[],
            "Arghandab district",
            ("Arghandab", "AF", Some("Zabul"), Admin2),
        ),
        (
            "Eight policemen were killed in Arghandab district of Kandahar province.",
            &[],
            "Arghandab district",
            ("Arghandab", "AF", Some("Kandahar"), Admin2),
        ),
        // dev: an area of a province, and a city with its province.
        (
            "An attack by the Taliban on the Spin Boldak area of Kandahar, Afghanistan, killed 15 officials.",
            &[],
            "Spin Boldak",
            ("Spin Boldak", "AF", Some("Kandahar"), PopulatedPlace),
        ),
        (
            "Assailants opened fire on an official in Herat city, Herat province, Afghanistan.",
            &[],
            "Herat city",
            ("Herat", "AF", Some("Herat"), PopulatedPlace),
        ),
        // dev: without context, the best-known of three ambiguous towns.
        (
            "Three bombs exploded in three cities, Northampton, Birmingham and Coventry.",
            &[],
            "Coventry",
            ("Coventry", "GB", Some("England"), PopulatedPlace),
        ),
        // Country variants and historical names.
        (
            "Rockets were fired from Gaza.",
            &[],
            "Gaza",
            ("Palestine", "PS", None, Country),
        ),
        (
            "A bomb exploded in Zaire.",
            &[],
            "Zaire",
            ("Democratic Republic of Congo", "CD", None, Country),
        ),
        (
            "The embassy in Burma was closed.",
            &[],
            "Burma",
            ("Myanmar", "MM", None, Country),
        ),
        (
            "Shells hit Van province.",
            &[],
            "Van province",
            ("Van", "TR", Some("Van"), Admin1),
        ),
        // A state name beats a small town named after it in another state (dev).
        (
            "The California man accused of killing a University of Pennsylvania student was arrested.",
            &[],
            "California",
            ("California", "US", Some("California"), Admin1),
        ),
        // Local news names places near each other: the neighbours and the
        // division they share pick the homonym.
        (
            "Deputies from Huntsville and Walker County searched the woods near Conroe.",
            &[],
            "Huntsville",
            ("Huntsville", "US", Some("Texas"), PopulatedPlace),
        ),
        (
            "Commuters from Dublin and Worthington drive into Columbus every day.",
            &[],
            "Columbus",
            ("Columbus", "US", Some("Ohio"), PopulatedPlace),
        ),
        // ... but a town and its own same-name province share neighbours:
        // the province that holds the district is the province (dev).
        (
            "An Iraqi policeman was killed when an explosive device went off in Kirkuk's Hawija District.",
            &[],
            "Kirkuk",
            ("Kirkuk", "IQ", Some("Kirkuk"), Admin1),
        ),
        // A bare state abbreviation ends a name; one that runs on into a
        // name is that name's word (dev: "La Araucania" is not Louisiana).
        (
            "Militants burned machinery in the commune of Ercilla, La Araucania Region.",
            &[],
            "Ercilla",
            ("Ercilla", "CL", Some("Araucania"), PopulatedPlace),
        ),
        (
            "Flooding closed roads in Louisville, Ky on Monday.",
            &[],
            "Ky",
            ("Kentucky", "US", Some("Kentucky"), Admin1),
        ),
    ];
    let g = gazetteer();
    for (text, weights, surface, (name, country, admin1, kind)) in cases {
        let ctx = GeoContext {
            country_weights: weights.iter().map(|&(c, w)| (cc(c), w)).collect(),
        };
        let toponyms = g.find_toponyms(text);
        let resolved = g.resolve(text, &toponyms, &ctx);
        let found = toponyms
            .iter()
            .zip(&resolved)
            .find(|(t, _)| &text[t.start..t.end] == *surface);
        let Some((_, Some(id))) = found else {
            panic!("{surface:?} not found or not resolved in {text:?}");
        };
        let place = g.place(*id, GeoPrecision::Exact);
        let got = (
            g.name(*id),
            g.country_of(*id),
            place.admin1.as_deref(),
            g.kind(*id),
        );
        assert_eq!(
            got,
            (*name, cc(country), *admin1, *kind),
            "{surface:?} in {text:?}"
        );
    }
}

/// A text, the caller's country hints, the surface form to look at, and
/// the expected (name, country) of its resolution, or `None` when the
/// toponym must resolve to nothing.
type ContextCase = (
    &'static str,
    &'static [(&'static str, f32)],
    &'static str,
    Option<(&'static str, &'static str)>,
);

#[test]
fn context_can_leave_a_toponym_unresolved() {
    let cases: &[ContextCase] = &[
        // A small foreign place without support yields to the document's
        // focus. dev: the Taverna restaurant in Kabul is not in Calabria.
        (
            "A suicide bomber struck outside the heavily guarded Taverna restaurant, popular with foreigners in Kabul.",
            &[],
            "Taverna",
            None,
        ),
        (
            "A suicide bomber struck outside the heavily guarded Taverna restaurant, popular with foreigners in Kabul.",
            &[],
            "Kabul",
            Some(("Kabul", "AF")),
        ),
        // dev: a terrorist group named like a Brazilian town, in Spain.
        (
            "Senator Enrique Casas was murdered by the group Mendes of the Comandos Autonomos Anticapitalistas in the Basque Country.",
            &[],
            "Mendes",
            None,
        ),
        // dev: Zone, Italy.
        (
            "The attack took place in Baghdad's heavily guarded Green Zone.",
            &[],
            "Zone",
            None,
        ),
        // A feature word says what kind of place, not which: there is no
        // Las Brisas in Antioquia in the gazetteer, and the one in Mexico
        // is not meant.
        (
            "Troops raided the village of Las Brisas in Antioquia.",
            &[],
            "village of Las Brisas",
            None,
        ),
        // The caller's hints count as evidence too.
        (
            "Protesters gathered outside the Hamra cinema.",
            &[("LB", 1.0)],
            "Hamra",
            None,
        ),
        // A country named as a modifier is weak evidence: the Afghan
        // district stands.
        (
            "A roadside bomb hit a patrol near Sangin. A U.S. soldier was killed.",
            &[],
            "Sangin",
            Some(("Sangin", "AF")),
        ),
        // With no evidence elsewhere, a small place stands as before.
        (
            "A bomb exploded in Sangin.",
            &[],
            "Sangin",
            Some(("Sangin", "AF")),
        ),
        // The focus country's candidate wins over a foreign one.
        (
            "Troops moved from Amritsar into Punjab.",
            &[],
            "Punjab",
            Some(("Punjab", "IN")),
        ),
        // Containment phrases. dev: al-Sankari is not Sankari, India.
        (
            "A child was injured in a rocket attack on al-Sankari village in Homs province.",
            &[],
            "Sankari village",
            None,
        ),
        (
            "A child was injured in a rocket attack on al-Sankari village in Homs province.",
            &[],
            "Homs province",
            Some(("Homs", "SY")),
        ),
        (
            "The rebels took the village of Sankari, in Syria's Homs province.",
            &[],
            "village of Sankari",
            None,
        ),
        (
            "The rebels took the village of Sankari, in Syria's Homs province.",
            &[],
            "Homs province",
            Some(("Homs", "SY")),
        ),
        (
            "Two civilians were killed in Uruzgan's Chora district.",
            &[],
            "Chora district",
            Some(("Chora", "AF")),
        ),
        // A large place survives a contradiction: it is known for itself.
        (
            "Soldiers from Texas in Iraq were wounded.",
            &[],
            "Texas",
            Some(("Texas", "US")),
        ),
        // A large city beats a province named after it elsewhere, and a
        // province is no seat of a same-name town that is not its capital.
        (
            "Police in Santiago arrested two men.",
            &[],
            "Santiago",
            Some(("Santiago", "CL")),
        ),
        (
            "Troops raided a farm in Antioquia.",
            &[],
            "Antioquia",
            Some(("Antioquia", "CO")),
        ),
        (
            "A man was arrested at Paris City Hall in Henry County, Tennessee.",
            &[],
            "Paris City",
            Some(("Paris", "US")),
        ),
    ];
    let g = gazetteer();
    for (text, weights, surface, want) in cases {
        let ctx = GeoContext {
            country_weights: weights.iter().map(|&(c, w)| (cc(c), w)).collect(),
        };
        let toponyms = g.find_toponyms(text);
        let resolved = g.resolve(text, &toponyms, &ctx);
        let Some((_, got)) = toponyms
            .iter()
            .zip(&resolved)
            .find(|(t, _)| &text[t.start..t.end] == *surface)
        else {
            panic!("{surface:?} not found in {text:?}: {toponyms:?}");
        };
        let got = got.map(|id| (g.name(id), g.country_of(id)));
        assert_eq!(
            got,
            want.map(|(n, c)| (n, cc(c))),
            "{surface:?} in {text:?}"
        );
    }
}

/// A text, the surface of a toponym in it, whether it must be a spelling
/// variant, and its expected resolution (name, country) or `None`.
type VariantCase = (
    &'static str,
    &'static str,
    bool,
    Option<(&'static str, &'static str)>,
);

#[test]
fn finds_spelling_variants_and_supplement_places() {
    let cases: &[VariantCase] = &[
        // A spelling variant is taken in the document's focus country...
        (
            "Taliban fighters overran Gezab district in Daykundi province.",
            "Gezab district",
            true,
            Some(("Gizab", "AF")),
        ),
        (
            "Militants attacked police in Daykundi and in Gezab.",
            "Gezab",
            true,
            Some(("Gizab", "AF")),
        ),
        // ... but not without one.
        (
            "Fighting broke out in Gezab on Monday.",
            "Gezab",
            true,
            None,
        ),
        // A country is taken anywhere.
        (
            "Fighting broke out in the Phillippines.",
            "Phillippines",
            true,
            Some(("Philippines", "PH")),
        ),
        // Variants GeoNames or the supplement list exactly.
        (
            "Eleven workers were killed in Mahmoudiyah on Monday.",
            "Mahmoudiyah",
            false,
            Some(("Al Mahmudiyah", "IQ")),
        ),
        (
            "Five people were killed in Buhriz, near Baquba.",
            "Buhriz",
            false,
            Some(("Buhriz", "IQ")),
        ),
        // Supplement: district centres, border crossings, camps.
        (
            "Militants attacked a checkpoint near Mir Ali in North Waziristan.",
            "Mir Ali",
            false,
            Some(("Mir Ali", "PK")),
        ),
        (
            "Trucks queued at Torkham as the border closed.",
            "Torkham",
            false,
            Some(("Torkham", "PK")),
        ),
        (
            "Al-Shabaab fighters attacked Buloburde.",
            "Buloburde",
            false,
            Some(("Buulobarde", "SO")),
        ),
        (
            "Boko Haram attacked Kolofata in the Far North region.",
            "Kolofata",
            false,
            Some(("Kolofata", "CM")),
        ),
    ];
    let g = gazetteer();
    for (text, surface, fuzzy, want) in cases {
        let toponyms = g.find_toponyms(text);
        let resolved = g.resolve(text, &toponyms, &GeoContext::default());
        let Some((t, got)) = toponyms
            .iter()
            .zip(&resolved)
            .find(|(t, _)| &text[t.start..t.end] == *surface)
        else {
            panic!("{surface:?} not found in {text:?}: {toponyms:?}");
        };
        let got = got.map(|id| (g.name(id), g.country_of(id)));
        assert_eq!(
            (t.fuzzy, got),
            (*fuzzy, want.map(|(n, c)| (n, cc(c)))),
            "{surface:?} in {text:?}"
        );
    }
}

#[test]
fn fills_places() {
    let g = gazetteer();
    let text = "ISIS-K attacked the ANA in Ghor province.";
    let toponyms = g.find_toponyms(text);
    let ghor = g.resolve(text, &toponyms, &GeoContext::default())[0].expect("Ghor resolves");
    let p = g.place(ghor, GeoPrecision::Region);
    assert_eq!(
        (
            p.country.as_str(),
            p.country_code.as_str(),
            p.iso3.as_str(),
            p.iso_numeric,
            p.region.as_str(),
            p.admin1.as_deref(),
            p.admin2.as_deref(),
            p.location.as_str(),
            p.geo_precision,
        ),
        (
            "Afghanistan",
            "AF",
            "AFG",
            4,
            "South Asia",
            Some("Ghor"),
            None,
            "Ghor",
            GeoPrecision::Region
        )
    );
    // A province is placed at its capital, Chaghcharan (Firozkoh).
    assert!(
        (p.latitude - 34.52).abs() < 0.05 && (p.longitude - 65.25).abs() < 0.05,
        "{p:?}"
    );

    /// (text, surface, country, region, admin1, admin2, has a GeoNames id)
    type PlaceCase = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
        bool,
    );
    let cases: &[PlaceCase] = &[
        (
            "Gunmen attacked Kabul.",
            "Kabul",
            "Afghanistan",
            "South Asia",
            Some("Kabul"),
            Some("Kabul"),
            true,
        ),
        (
            "Fighting in Chinarto district.",
            "Chinarto district",
            "Afghanistan",
            "South Asia",
            Some("Uruzgan"),
            Some("Chinarto"),
            false,
        ),
        (
            "Clashes in Lashkar Gah.",
            "Lashkar Gah",
            "Afghanistan",
            "South Asia",
            Some("Helmand"),
            Some("Lashkar Gah"),
            true,
        ),
        (
            "Protests in Cairo.",
            "Cairo",
            "Egypt",
            "Northern Africa",
            Some("Cairo"),
            None,
            true,
        ),
        (
            "Protests in Tehran.",
            "Tehran",
            "Iran",
            "Middle East",
            Some("Tehran"),
            None,
            true,
        ),
        (
            "Riots in Sudan.",
            "Sudan",
            "Sudan",
            "Northern Africa",
            None,
            None,
            true,
        ),
        (
            "Riots in Tbilisi.",
            "Tbilisi",
            "Georgia",
            "Caucasus and Central Asia",
            Some("Tbilisi"),
            None,
            true,
        ),
        (
            "Riots in Maputo.",
            "Maputo",
            "Mozambique",
            "Southern Africa",
            Some("Maputo City"),
            None,
            true,
        ),
        (
            "Riots in the Ivory Coast.",
            "Ivory Coast",
            "Ivory Coast",
            "Western Africa",
            None,
            None,
            true,
        ),
    ];
    for (text, surface, country, region, admin1, admin2, has_geonames) in cases {
        let toponyms = g.find_toponyms(text);
        let resolved = g.resolve(text, &toponyms, &GeoContext::default());
        let id = toponyms
            .iter()
            .zip(&resolved)
            .find(|(t, _)| &text[t.start..t.end] == *surface)
            .and_then(|(_, r)| *r)
            .unwrap_or_else(|| panic!("{surface:?} not resolved in {text:?}"));
        let p = g.place(id, GeoPrecision::Exact);
        let got = (
            p.country.as_str(),
            p.region.as_str(),
            p.admin1.as_deref(),
            p.admin2.as_deref(),
            p.geonames_id.is_some(),
        );
        assert_eq!(
            got,
            (*country, *region, *admin1, *admin2, *has_geonames),
            "{text:?}"
        );
        assert!(p.latitude.abs() <= 90.0 && p.longitude.abs() <= 180.0 && p.latitude != 0.0);
    }
}

#[test]
fn hierarchy_and_lookups() {
    let g = gazetteer();
    let af = g.country(cc("AF")).expect("Afghanistan");
    let text = "Clashes in Chinarto district of Uruzgan province and in Kabul.";
    let toponyms = g.find_toponyms(text);
    let ids: Vec<PlaceId> = g
        .resolve(text, &toponyms, &GeoContext::default())
        .into_iter()
        .map(|r| r.expect("resolved"))
        .collect();
    let [chinarto, uruzgan, kabul] = ids[..] else {
        panic!("three toponyms expected, got {toponyms:?}");
    };
    // (inner, outer, within)
    let cases: &[(PlaceId, PlaceId, bool)] = &[
        (chinarto, uruzgan, true),
        (chinarto, af, true),
        (uruzgan, af, true),
        (kabul, af, true),
        (kabul, uruzgan, false),
        (uruzgan, chinarto, false),
        (af, uruzgan, false),
        (kabul, kabul, true),
    ];
    for &(inner, outer, want) in cases {
        assert_eq!(
            g.within(inner, outer),
            want,
            "{} within {}",
            g.name(inner),
            g.name(outer)
        );
    }
    assert_eq!(g.admin1_of(chinarto), Some(uruzgan));
    assert_eq!(g.admin1_of(uruzgan), Some(uruzgan));
    assert_eq!(g.admin1_of(af), None);
    assert_eq!(g.kind(af), Country);

    let names: &[(&str, Option<&str>)] = &[
        ("U.S.", Some("US")),
        ("usa", Some("US")),
        ("United States of America", Some("US")),
        ("Britain", Some("GB")),
        ("Ivory Coast", Some("CI")),
        ("Côte d'Ivoire", Some("CI")),
        ("DR Congo", Some("CD")),
        ("Congo", Some("CD")),
        ("Congo-Brazzaville", Some("CG")),
        ("Burma", Some("MM")),
        ("Czechia", Some("CZ")),
        ("Türkiye", Some("TR")),
        ("West Bank", Some("PS")),
        ("Soviet Union", Some("RU")),
        ("Yugoslavia", Some("RS")),
        ("Rhodesia", Some("ZW")),
        ("Ceylon", Some("LK")),
        ("North Yemen", Some("YE")),
        ("Macedonia", Some("MK")),
        ("Kosovo", Some("XK")),
        ("Kabul", None),
        ("", None),
    ];
    for (name, want) in names {
        assert_eq!(
            g.country_by_name(name),
            want.map(cc),
            "country_by_name({name:?})"
        );
    }
}

#[test]
fn gazetteer_is_shareable() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Gazetteer>();
}

#[test]
fn odd_input_never_panics() {
    let g = gazetteer();
    let texts = [
        "",
        " ",
        "'s",
        "Kabul's'",
        "-- Ghor province --",
        "province of",
        "the province of",
        "Ghor\u{0301}\u{0301} province",
        "ÄÖÜ ßẞ 中文 Кабул كابل",
        "St. St. St.",
        "U.S.A.",
        "Helmand and Farah provinces'",
        "\u{feff}Kabul\r\nHerat",
        "Qala-",
        "Liwa al-",
        "al- Quds",
        "Cho-airong-",
        "Workers' ",
        "Mahmoudiyah Ḱonduz Ŋezab",
        "Jelalabad's' Ghazni's'",
        "in Kabul in in Herat of , in 's",
    ];
    for text in texts {
        let toponyms = g.find_toponyms(text);
        for t in &toponyms {
            assert!(
                text.get(t.start..t.end).is_some(),
                "span {t:?} off char boundaries in {text:?}"
            );
        }
        let resolved = g.resolve(text, &toponyms, &GeoContext::default());
        assert_eq!(resolved.len(), toponyms.len());
    }
    // A foreign id gives empty values, not a panic.
    let foreign = PlaceId::from_u32(u32::MAX);
    let af = g.country(cc("AF")).expect("Afghanistan");
    assert_eq!(g.name(foreign), "");
    assert!(!g.within(af, foreign));
    assert_eq!(g.admin1_of(foreign), None);
    assert_eq!(g.place(foreign, GeoPrecision::Exact).location, "");
    // Same input, same output.
    let text = "Clashes in Helmand, Farah and Kandahar provinces and in Kabul city.";
    let first = g.resolve(text, &g.find_toponyms(text), &GeoContext::default());
    let second = g.resolve(text, &g.find_toponyms(text), &GeoContext::default());
    assert_eq!(first, second);
}
