//! sitrep's gazetteer: finds place names in news text and resolves each to
//! one place of a world gazetteer, filled in ACLED's location columns.
//!
//! The gazetteer is built once from data embedded in the binary
//! (`data/gazetteer/`, derived by `scripts/build_gazetteer.py` from GeoNames,
//! geoBoundaries and an Afghan provinces/districts/villages list) into an
//! immutable [`Gazetteer`] value that callers share (it is `Send + Sync`):
//!
//! - 250 countries with ACLED regions, ISO codes, English variants and
//!   historical names ("Zaire" is today's DR Congo);
//! - ~3,900 first-level and ~47,700 second-level divisions, with cleaned
//!   aliases ("Damascus Governorate" is also "Damascus"); Afghanistan uses
//!   ACLED's province spellings and the AIMS districts;
//! - ~179,000 populated places (GeoNames cities with 1,000+ people, Afghan
//!   villages and a hand-written supplement of district centres, border
//!   crossings and camps), with their Latin-script alternate names.
//!
//! Two steps, kept apart so callers can inspect or override the first:
//!
//! 1. [`Gazetteer::find_toponyms`] finds every gazetteer name in a text at
//!    word boundaries, leftmost-longest, through one hash lookup per word
//!    n-gram (no automaton to build, no per-sentence regex). It absorbs
//!    feature words ("Ghor province", "the city of Kabul", "Helmand and
//!    Farah provinces") into the span as a [`FeatureKind`] hint and drops
//!    names that are probably not places: names not capitalised, stoplisted
//!    words (`data/gazetteer/stoplist.txt`), words the text also writes in
//!    lower case, names next to titles, given names, surnames or unknown
//!    capitalised words (person names), small places at a sentence start
//!    or in a headline that the text does not name again. The rules and
//!    their reasons are listed in `src/find.rs`. Names the gazetteer
//!    spells differently ("Konduz", "Gezab") are found through a spelling
//!    skeleton and marked [`Toponym::fuzzy`].
//! 2. [`Gazetteer::resolve`] picks one candidate per toponym from feature
//!    kind, population, the caller's country hints, the document's own
//!    country focus, admin hierarchy support ("Uruzgan's Chora district",
//!    "Atlanta, Georgia") and a same-name rule: without a feature word a
//!    province's capital is the town ("Farah" is Farah city, "Farah
//!    province" the province). It resolves a toponym to *nothing* when the
//!    text contradicts every candidate ("al-Sankari village in Homs
//!    province" names no Sankari in Syria) or when a small place without
//!    support lies outside the country the rest of the document points to
//!    ("the Taverna restaurant ... in Kabul"): a wrong country is worse for
//!    an event than no place. The passes are documented in
//!    `src/resolve.rs`.
//!
//! *Deliberately not here*: reading files (the data is embedded), coding
//! events, deciding geo precision (the caller passes it to
//! [`Gazetteer::place`]), demonym handling (the caller turns "Afghan" into a
//! country hint through [`GeoContext`]) and country names used as
//! modifiers ("U.S. soldiers" is the caller's to drop; the resolver only
//! counts such a mention as weak evidence of the document's country), and
//! edit-distance search over the whole gazetteer (a spelling variant is
//! found only through its skeleton, and only where no exact name matches).
//!
//! *Invariants*: toponym offsets are byte offsets into the text given, on
//! character boundaries; the same text and gazetteer always give the same
//! toponyms and the same resolution (no hash-map iteration reaches the
//! output); no input panics. A [`PlaceId`] indexes the gazetteer it came
//! from; every [`Gazetteer::embedded`] holds the same entries, so ids are
//! stable within one build of sitrep (not across data rebuilds).

// `src/compile.rs` turns the data files into the gazetteer image; only
// `build.rs` runs it (with `image`, `stoplist` and `text`), at build time.
mod find;
mod image;
mod load;
mod resolve;
// The list itself is parsed at build time, by `build.rs`; the library only
// reads the classes from the image, so most of the module is the build
// script's (and its tests').
#[allow(dead_code)]
mod stoplist;
mod text;

use sitrep_model::{CountryCode, GeoPrecision, Place};

pub use load::GeoError;

/// The index of a gazetteer entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PlaceId(u32);

impl PlaceId {
    /// The raw index, for storing next to a coded event.
    pub fn as_u32(self) -> u32 {
        self.0
    }

    /// Rebuilds an id from [`PlaceId::as_u32`]. An index the gazetteer does
    /// not have makes the accessors return empty values, never panic.
    pub fn from_u32(raw: u32) -> PlaceId {
        PlaceId(raw)
    }

    fn index(self) -> usize {
        self.0 as usize
    }
}

/// What kind of feature a gazetteer entry (or a feature word) names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FeatureKind {
    Country,
    /// A first-level division: province, state, governorate, region.
    Admin1,
    /// A second-level division: district, county, municipality.
    Admin2,
    /// A city, town or village.
    PopulatedPlace,
}

impl FeatureKind {
    /// The kind as `sitrep places` writes it: `country`, `admin1`,
    /// `admin2`, `populated place`.
    pub fn as_str(self) -> &'static str {
        match self {
            FeatureKind::Country => "country",
            FeatureKind::Admin1 => "admin1",
            FeatureKind::Admin2 => "admin2",
            FeatureKind::PopulatedPlace => "populated place",
        }
    }
}

/// A place name found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toponym {
    /// Byte range in the text, including an absorbed feature word
    /// ("Ghor province", "province of Kandahar").
    pub start: usize,
    pub end: usize,
    /// Every gazetteer entry with this name, in gazetteer order.
    pub candidates: Vec<PlaceId>,
    /// The kind a feature word next to the name asks for.
    pub kind_hint: Option<FeatureKind>,
    /// The name was found through its spelling skeleton ("Konduz" for
    /// Kunduz), not its exact spelling; [`Gazetteer::resolve`] then only
    /// accepts a place in the document's focus country or a large one.
    pub fuzzy: bool,
}

/// Hints from the caller about which countries the document is about, from
/// demonyms, actors' countries or document metadata. Weights are clamped to
/// 0..=1; 1 is about as strong as the text itself naming the country.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GeoContext {
    pub country_weights: Vec<(CountryCode, f32)>,
}

/// A country's fixed facts.
#[derive(Debug, Clone)]
struct CountryInfo {
    code: CountryCode,
    iso3: String,
    numeric: u16,
    name: String,
    region: String,
}

/// Marks an absent admin link in [`Entry`].
const NO_ID: u32 = u32::MAX;

/// One gazetteer entry, kept small: about 230,000 of them are resident.
#[derive(Debug, Clone)]
struct Entry {
    /// Byte range of the display name in [`Gazetteer::names`].
    name: (u32, u32),
    kind: FeatureKind,
    /// Index into [`Gazetteer::countries`].
    country: u16,
    admin1: u32,
    admin2: u32,
    lat: f32,
    lon: f32,
    population: u32,
    /// 0 when the entry does not come from GeoNames.
    geonames_id: u32,
}

/// What an id the gazetteer does not have resolves to.
static UNKNOWN_ENTRY: Entry = Entry {
    name: (0, 0),
    kind: FeatureKind::PopulatedPlace,
    country: u16::MAX,
    admin1: NO_ID,
    admin2: NO_ID,
    lat: 0.0,
    lon: 0.0,
    population: 0,
    geonames_id: 0,
};

/// The world gazetteer: entries, their names and the name index. Immutable
/// once built; build it once and share it.
#[derive(Debug)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    countries: Vec<CountryInfo>,
    /// Country entry of each [`CountryInfo`], by the same index.
    country_place: Vec<PlaceId>,
    /// All display names, concatenated.
    names: String,
    /// (entry, latitude, longitude) of the countries and divisions whose
    /// centroid differs from their representative point, by entry.
    centroids: Vec<(u32, f32, f32)>,
    /// Name key -> places, stoplist class, longest key starting with it.
    table: load::NameTable,
    /// Entries by the spelling skeletons of their names: the fallback for
    /// transliteration variants (see `text::push_skeleton`).
    skeletons: load::SkeletonTable,
    /// The longest name or stoplist entry, in words.
    max_words: usize,
    /// What a foreign [`PlaceId`] maps to (ISO's "unknown" code ZZ).
    unknown_country: CountryInfo,
}

impl Gazetteer {
    /// Loads the gazetteer embedded in the binary, compiled from
    /// `data/gazetteer/` when sitrep was built.
    ///
    /// This takes a few milliseconds; do it once at start-up and share the
    /// value.
    pub fn embedded() -> Result<Gazetteer, GeoError> {
        load::thaw(load::EMBEDDED)
    }

    /// Every gazetteer name in `text`, leftmost-longest, that passes the
    /// place-name rules (see the crate documentation and
    /// `data/gazetteer/stoplist.txt`), in text order. `text` should be
    /// normalised to ASCII quotes and dashes; offsets are byte offsets into
    /// it as given.
    pub fn find_toponyms(&self, text: &str) -> Vec<Toponym> {
        find::find_toponyms(self, text)
    }

    /// The matches [`Gazetteer::find_toponyms`] drops, with the rule that
    /// dropped each: byte span and a short reason ("person after",
    /// "sentence start"). For developers tuning the rules.
    #[doc(hidden)]
    pub fn trace_dropped(&self, text: &str) -> Vec<(usize, usize, &'static str)> {
        let mut trace = Vec::new();
        find::find_traced(self, text, &mut trace);
        trace
    }

    /// Picks one candidate per toponym, in the order of `toponyms`, or
    /// `None` for a toponym without candidates, one whose every candidate
    /// the text contradicts, a small place without support outside the
    /// document's country focus, or a spelling variant outside it (see
    /// `src/resolve.rs`).
    pub fn resolve(
        &self,
        text: &str,
        toponyms: &[Toponym],
        ctx: &GeoContext,
    ) -> Vec<Option<PlaceId>> {
        resolve::resolve(self, text, toponyms, ctx)
    }

    /// The place in ACLED's location columns. `location` is the entry's own
    /// name; a country or division is given at its representative point
    /// (the capital, or the division's capital or largest place).
    pub fn place(&self, id: PlaceId, precision: GeoPrecision) -> Place {
        let e = self.entry(id);
        let c = self.country_info(e.country);
        let admin1 = match e.kind {
            FeatureKind::Country => None,
            FeatureKind::Admin1 => Some(self.entry_name(e).to_string()),
            _ => self.link(e.admin1).map(|a| self.entry_name(a).to_string()),
        };
        let admin2 = match e.kind {
            FeatureKind::Admin2 => Some(self.entry_name(e).to_string()),
            FeatureKind::PopulatedPlace => {
                self.link(e.admin2).map(|a| self.entry_name(a).to_string())
            }
            _ => None,
        };
        Place {
            country: c.name.clone(),
            country_code: c.code,
            iso3: c.iso3.clone(),
            iso_numeric: c.numeric,
            region: c.region.clone(),
            admin1,
            admin2,
            admin3: None,
            location: self.entry_name(e).to_string(),
            latitude: f64::from(e.lat),
            longitude: f64::from(e.lon),
            geo_precision: precision,
            geonames_id: (e.geonames_id != 0).then_some(e.geonames_id),
        }
    }

    /// Where a place lies, as (latitude, longitude): for a country or a
    /// first-level division its centroid (from its outline where the
    /// sources have one, else from the convex hull of its places; see
    /// `scripts/build_gazetteer.py`), for anything else its point. This is
    /// what a map of mentions wants; [`Gazetteer::place`] keeps ACLED's
    /// convention of coding a province-level event at the capital.
    pub fn centroid(&self, id: PlaceId) -> (f64, f64) {
        match self.centroids.binary_search_by_key(&id.0, |c| c.0) {
            Ok(i) => {
                let (_, lat, lon) = self.centroids[i];
                (f64::from(lat), f64::from(lon))
            }
            Err(_) => {
                let e = self.entry(id);
                (f64::from(e.lat), f64::from(e.lon))
            }
        }
    }

    /// Where each of one report's resolved places lies, by the same index:
    /// [`Gazetteer::centroid`], except for a second-level division the
    /// sources give no point of (most counties outside Afghanistan have no
    /// seat of the same name; the gazetteer puts them at their province's
    /// centroid). Such a division is placed among the report's towns in
    /// the same province, at the one with the least distance to the others:
    /// a local report names the county of the towns it covers. Without
    /// such towns it stays at the province's centroid.
    pub fn locate_all(&self, ids: &[PlaceId]) -> Vec<(f64, f64)> {
        ids.iter()
            .map(|&id| {
                if self.has_own_point(id) {
                    return self.centroid(id);
                }
                let a1 = self.entry(id).admin1;
                let towns: Vec<(f64, f64)> = ids
                    .iter()
                    .filter(|&&o| {
                        let e = self.entry(o);
                        e.kind == FeatureKind::PopulatedPlace && e.admin1 == a1
                    })
                    .map(|&o| self.centroid(o))
                    .collect();
                let spread = |p: &(f64, f64)| -> f64 {
                    towns
                        .iter()
                        .map(|q| {
                            (p.0 - q.0).powi(2) + ((p.1 - q.1) * p.0.to_radians().cos()).powi(2)
                        })
                        .map(f64::sqrt)
                        .sum()
                };
                towns
                    .iter()
                    .min_by(|a, b| spread(a).total_cmp(&spread(b)))
                    .copied()
                    .unwrap_or_else(|| self.centroid(id))
            })
            .collect()
    }

    /// Whether an entry's point is its own: false only for a second-level
    /// division placed at its province's centroid for want of a point.
    pub(crate) fn has_own_point(&self, id: PlaceId) -> bool {
        let e = self.entry(id);
        if e.kind != FeatureKind::Admin2 || e.admin1 == NO_ID {
            return true;
        }
        self.centroid(PlaceId(e.admin1)) != (f64::from(e.lat), f64::from(e.lon))
    }

    pub fn kind(&self, id: PlaceId) -> FeatureKind {
        self.entry(id).kind
    }

    /// The display name: ACLED's spelling for Afghan provinces, otherwise
    /// the GeoNames name without diacritics.
    pub fn name(&self, id: PlaceId) -> &str {
        self.entry_name(self.entry(id))
    }

    /// The population GeoNames gives (for a division, the sum of its
    /// places'); 0 when unknown, as for Afghan villages and districts.
    pub fn population(&self, id: PlaceId) -> u32 {
        self.entry(id).population
    }

    pub fn country_of(&self, id: PlaceId) -> CountryCode {
        self.country_info(self.entry(id).country).code
    }

    /// The first-level division an entry lies in; an Admin1 entry is its own.
    pub fn admin1_of(&self, id: PlaceId) -> Option<PlaceId> {
        let e = self.entry(id);
        match e.kind {
            FeatureKind::Country => None,
            FeatureKind::Admin1 => Some(id),
            _ => (e.admin1 != NO_ID).then_some(PlaceId(e.admin1)),
        }
    }

    /// The second-level division an entry lies in, when known (for
    /// populated places only in Afghanistan); an Admin2 entry is its own.
    pub fn admin2_of(&self, id: PlaceId) -> Option<PlaceId> {
        let e = self.entry(id);
        match e.kind {
            FeatureKind::Admin2 => Some(id),
            FeatureKind::PopulatedPlace => (e.admin2 != NO_ID).then_some(PlaceId(e.admin2)),
            _ => None,
        }
    }

    /// Whether `inner` lies in `outer` in the admin hierarchy (village in
    /// district in province in country). Every entry lies within itself.
    pub fn within(&self, inner: PlaceId, outer: PlaceId) -> bool {
        if inner == outer {
            return true;
        }
        if outer.0 == NO_ID {
            return false;
        }
        let e = self.entry(inner);
        let country_place = self.country_place.get(usize::from(e.country)).copied();
        country_place == Some(outer)
            || (e.kind != FeatureKind::Country && e.admin1 == outer.0)
            || (e.kind == FeatureKind::PopulatedPlace && e.admin2 == outer.0)
    }

    /// The entry of a country.
    pub fn country(&self, code: CountryCode) -> Option<PlaceId> {
        let i = self.countries.iter().position(|c| c.code == code)?;
        self.country_place.get(i).copied()
    }

    /// The country a name (any case, any listed variant: "U.S.", "Burma",
    /// "Ivory Coast", "Zaire") stands for. When a name stands for two
    /// countries ("Congo"), the more populous wins.
    pub fn country_by_name(&self, name: &str) -> Option<CountryCode> {
        let (key, _) = text::name_key(name);
        self.postings_for(&key)
            .iter()
            .map(|&p| load::posting_place(p))
            .filter(|&id| self.kind(id) == FeatureKind::Country)
            .max_by_key(|&id| (self.entry(id).population, std::cmp::Reverse(id)))
            .map(|id| self.country_of(id))
    }

    /// How many word n-grams of `text` are gazetteer names, with none of
    /// the place-name rules: the bare dictionary pass that benchmarks
    /// compare [`Gazetteer::find_toponyms`] with. It costs what any
    /// gazetteer lookup over the text must cost, and says nothing else.
    pub fn count_names(&self, text: &str) -> usize {
        find::count_names(self, text)
    }

    /// How many entries the gazetteer holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    // -- internal accessors -------------------------------------------------

    /// The entry for `id`, or an empty entry of an unknown country ("ZZ")
    /// for an id this gazetteer does not have, so a foreign id gives empty
    /// values rather than a panic.
    fn entry(&self, id: PlaceId) -> &Entry {
        self.entries.get(id.index()).unwrap_or(&UNKNOWN_ENTRY)
    }

    /// The population of the country at index `country`.
    fn country_population(&self, country: u16) -> u32 {
        self.country_place
            .get(usize::from(country))
            .map_or(0, |&id| self.entry(id).population)
    }

    fn entry_name(&self, e: &Entry) -> &str {
        self.names
            .get(e.name.0 as usize..e.name.1 as usize)
            .unwrap_or("")
    }

    fn link(&self, raw: u32) -> Option<&Entry> {
        if raw == NO_ID {
            None
        } else {
            self.entries.get(raw as usize)
        }
    }

    fn country_info(&self, index: u16) -> &CountryInfo {
        self.countries
            .get(usize::from(index))
            .unwrap_or(&self.unknown_country)
    }

    /// The stoplist class of a name key, if it is listed.
    fn stop_class(&self, key: &str) -> Option<stoplist::StopClass> {
        self.table.get(key).and_then(|info| info.stop)
    }

    /// The places of a name key, in gazetteer order (see
    /// `load::posting_place`).
    fn postings_for(&self, key: &str) -> &[u32] {
        self.table.get(key).map_or(&[], |info| info.places)
    }

    /// The entries with a name of this spelling skeleton, in gazetteer
    /// order, with the edit distance from `spelling` (a key without spaces)
    /// to the closest such name.
    fn skeleton_candidates(&self, skeleton: &[u8], spelling: &str) -> Vec<(PlaceId, usize)> {
        self.skeletons.get(skeleton, spelling)
    }
}
