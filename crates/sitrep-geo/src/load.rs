//! Building a [`Gazetteer`] from the embedded data files.
//!
//! The files are tab-separated with a `#` header line; their columns are
//! documented in `scripts/build_gazetteer.py` and `data/gazetteer/README.md`.
//! Entries are numbered in file order: countries, first-level divisions,
//! second-level divisions, populated places.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Read;

use sitrep_model::CountryCode;

use crate::stoplist::Stoplist;
use crate::text::{Word, key_word, push_skeleton, scan};
use crate::{CountryInfo, Entry, FeatureKind, Gazetteer, NO_ID, PlaceId, Posting};

/// Why the embedded gazetteer could not be built. Only a broken build of
/// sitrep (bad data files) gives one.
#[derive(Debug, thiserror::Error)]
pub enum GeoError {
    #[error("cannot decompress the embedded {file}: {source}")]
    Decompress {
        file: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error("embedded {file}, line {line}: {reason}")]
    Corrupt {
        file: &'static str,
        line: usize,
        reason: String,
    },
}

/// The raw data a gazetteer is built from.
pub(crate) struct Sources {
    pub countries: &'static [u8],
    pub admin1: &'static [u8],
    pub admin2_gz: &'static [u8],
    pub places_gz: &'static [u8],
    pub stoplist: &'static str,
}

pub(crate) static EMBEDDED: Sources = Sources {
    countries: include_bytes!("../../../data/gazetteer/countries.tsv"),
    admin1: include_bytes!("../../../data/gazetteer/admin1.tsv"),
    admin2_gz: include_bytes!("../../../data/gazetteer/admin2.tsv.gz"),
    places_gz: include_bytes!("../../../data/gazetteer/places.tsv.gz"),
    stoplist: include_str!("../../../data/gazetteer/stoplist.txt"),
};

/// Transliterations of the Arabic article that start many GeoNames names.
/// ("El" is left out: in Spanish names it is part of the name, "El Paso".)
const ARTICLES: &[&str] = &[
    "al", "ar", "as", "ash", "at", "ath", "ad", "adh", "az", "an",
];

/// ACLED regions whose countries write their place names in the Latin
/// alphabet, with one spelling each (diacritics aside, which the keys
/// fold). Their places get no spelling skeletons: transliteration variants
/// ("Konduz", "Kunduz") come from other scripts, and skipping the Americas
/// and Western Europe halves the skeleton index.
const LATIN_REGIONS: &[&str] = &[
    "Europe",
    "North America",
    "Central America",
    "South America",
    "Caribbean",
    "Oceania",
];

/// Countries of those regions whose names are transliterated from
/// Cyrillic or Greek.
const TRANSLITERATED: &[&str] = &["RU", "UA", "BY", "BG", "RS", "MK", "ME", "GR", "CY"];

/// Names with fewer letters than this get no spelling skeleton: short
/// skeletons ("kabal") stand for too many different names.
pub(crate) const MIN_SKELETON_LETTERS: usize = 5;

/// Names with more words than this are not indexed: no real toponym is
/// that long, and the n-gram search costs grow with it.
const MAX_NAME_WORDS: usize = 8;

pub(crate) fn build(src: &Sources) -> Result<Gazetteer, GeoError> {
    let stoplist = Stoplist::parse(src.stoplist).map_err(|(line, reason)| GeoError::Corrupt {
        file: "stoplist.txt",
        line,
        reason,
    })?;
    // Sized for the embedded data (about 360,000 keys) to skip rehashing.
    let mut b = Builder {
        index: NameIndex::with_capacity_and_hasher(400_000, Default::default()),
        skeletons: SkeletonIndex::with_capacity(350_000),
        ..Builder::default()
    };

    let countries = as_text(src.countries, "countries.tsv")?;
    for row in rows(countries, "countries.tsv", 10) {
        let row = row?;
        let code = CountryCode::new(row.get(0)).ok_or_else(|| row.corrupt("bad ISO code"))?;
        let index =
            u16::try_from(b.countries.len()).map_err(|_| row.corrupt("too many countries"))?;
        b.countries.push(CountryInfo {
            code,
            iso3: row.get(1).to_string(),
            numeric: row.num(2)?,
            name: row.get(3).to_string(),
            region: row.get(4).to_string(),
        });
        b.country_index.insert(code, index);
        b.transliterated
            .push(!LATIN_REGIONS.contains(&row.get(4)) || TRANSLITERATED.contains(&row.get(0)));
        let id = b.add_entry(
            row.get(3),
            FeatureKind::Country,
            index,
            NO_ID,
            NO_ID,
            (row.num(5)?, row.num(6)?),
            row.num(7)?,
            row.num(8)?,
        );
        b.country_place.push(id);
        b.add_names(id, row.get(9));
    }
    if b.countries.is_empty() {
        return Err(GeoError::Corrupt {
            file: "countries.tsv",
            line: 0,
            reason: "no countries".into(),
        });
    }

    let admin1 = as_text(src.admin1, "admin1.tsv")?;
    let mut admin1_ids: HashMap<&str, PlaceId> = HashMap::new();
    for row in rows(admin1, "admin1.tsv", 7) {
        let row = row?;
        let country = b.country_of_code(&row, row.get(1))?;
        let id = b.add_entry(
            row.get(2),
            FeatureKind::Admin1,
            country,
            NO_ID,
            NO_ID,
            (row.num(3)?, row.num(4)?),
            row.num(5)?,
            0,
        );
        admin1_ids.insert(row.get(0), id);
        b.add_names(id, row.get(6));
    }

    let admin2 = gunzip(src.admin2_gz, "admin2.tsv.gz")?;
    let mut admin2_ids: HashMap<&str, PlaceId> = HashMap::new();
    for row in rows(&admin2, "admin2.tsv.gz", 7) {
        let row = row?;
        let a1 = *admin1_ids
            .get(row.get(1))
            .ok_or_else(|| row.corrupt("unknown admin1 code"))?;
        let country = b.entries[a1.index()].country;
        let id = b.add_entry(
            row.get(2),
            FeatureKind::Admin2,
            country,
            a1.0,
            NO_ID,
            (row.num(3)?, row.num(4)?),
            row.num(5)?,
            0,
        );
        admin2_ids.insert(row.get(0), id);
        b.add_names(id, row.get(6));
    }

    let places = gunzip(src.places_gz, "places.tsv.gz")?;
    for row in rows(&places, "places.tsv.gz", 8) {
        let row = row?;
        // The admin1 column holds a division code, or a bare country code
        // when GeoNames gives no known division.
        let (country, a1) = match admin1_ids.get(row.get(1)) {
            Some(a1) => (b.entries[a1.index()].country, a1.0),
            None => (b.country_of_code(&row, row.get(1))?, NO_ID),
        };
        let a2 = match row.get(2) {
            "" => NO_ID,
            code => {
                admin2_ids
                    .get(code)
                    .ok_or_else(|| row.corrupt("unknown admin2 code"))?
                    .0
            }
        };
        let geonames_id = if row.get(0).is_empty() {
            0
        } else {
            row.num(0)?
        };
        let id = b.add_entry(
            row.get(3),
            FeatureKind::PopulatedPlace,
            country,
            a1,
            a2,
            (row.num(4)?, row.num(5)?),
            row.num(6)?,
            geonames_id,
        );
        b.add_names(id, row.get(7));
    }

    Ok(b.finish(stoplist))
}

fn as_text(bytes: &'static [u8], file: &'static str) -> Result<&'static str, GeoError> {
    std::str::from_utf8(bytes).map_err(|e| GeoError::Corrupt {
        file,
        line: 0,
        reason: e.to_string(),
    })
}

fn gunzip(bytes: &[u8], file: &'static str) -> Result<String, GeoError> {
    let mut out = String::with_capacity(bytes.len() * 4);
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut out)
        .map_err(|source| GeoError::Decompress { file, source })?;
    Ok(out)
}

/// The most columns a data file has (countries.tsv).
const MAX_COLUMNS: usize = 10;

/// One data row, split into its fields.
struct Row<'a> {
    file: &'static str,
    line: usize,
    /// The first [`MAX_COLUMNS`] fields; a fixed array, since a vector
    /// per row costs a tenth of the start-up time.
    fields: [&'a str; MAX_COLUMNS],
    /// How many fields the line has (possibly more than are kept).
    count: usize,
}

impl<'a> Row<'a> {
    fn get(&self, i: usize) -> &'a str {
        self.fields.get(i).copied().unwrap_or("")
    }

    fn num<T: std::str::FromStr>(&self, i: usize) -> Result<T, GeoError> {
        self.get(i)
            .parse()
            .map_err(|_| self.corrupt(&format!("column {} is not a number", i + 1)))
    }

    fn corrupt(&self, reason: &str) -> GeoError {
        GeoError::Corrupt {
            file: self.file,
            line: self.line,
            reason: reason.to_string(),
        }
    }
}

fn rows<'a>(
    text: &'a str,
    file: &'static str,
    columns: usize,
) -> impl Iterator<Item = Result<Row<'a>, GeoError>> + 'a {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
        .map(move |(i, l)| {
            let mut row = Row {
                file,
                line: i + 1,
                fields: [""; MAX_COLUMNS],
                count: 0,
            };
            for f in l.split('\t') {
                if let Some(slot) = row.fields.get_mut(row.count) {
                    *slot = f;
                }
                row.count += 1;
            }
            if row.count == columns {
                Ok(row)
            } else {
                Err(row.corrupt(&format!("expected {columns} columns, found {}", row.count)))
            }
        })
}

#[derive(Default)]
struct Builder {
    entries: Vec<Entry>,
    countries: Vec<CountryInfo>,
    country_index: HashMap<CountryCode, u16>,
    country_place: Vec<PlaceId>,
    names: String,
    index: NameIndex,
    postings: Vec<Posting>,
    max_words: usize,
    skeletons: SkeletonIndex,
    /// By country index: whether its names are transliterated from another
    /// script, and so get spelling skeletons.
    transliterated: Vec<bool>,
    // Buffers reused for every name.
    scratch_keys: String,
    scratch_words: Vec<Word>,
    scratch_key: String,
    scratch_skeleton: Vec<u8>,
}

/// Adds `id` to the posting list of `key`.
fn insert_posting(
    index: &mut NameIndex,
    postings: &mut Vec<Posting>,
    key: &str,
    id: PlaceId,
    acronym: bool,
) {
    let next = postings.len() as u32;
    match index.get_mut(key) {
        Some(head) => {
            // Names of one entry are added together, so a repeated key of
            // the same entry is always the head of the list.
            if let Some(last) = postings.get_mut(*head as usize)
                && last.place == id
            {
                last.acronym &= acronym;
                return;
            }
            postings.push(Posting {
                place: id,
                acronym,
                next: *head,
            });
            *head = next;
        }
        None => {
            postings.push(Posting {
                place: id,
                acronym,
                next: NO_ID,
            });
            index.insert(key.into(), next);
        }
    }
}

impl Builder {
    fn country_of_code(&self, row: &Row<'_>, code: &str) -> Result<u16, GeoError> {
        CountryCode::new(code)
            .and_then(|c| self.country_index.get(&c).copied())
            .ok_or_else(|| row.corrupt("unknown country code"))
    }

    #[allow(clippy::too_many_arguments)]
    fn add_entry(
        &mut self,
        name: &str,
        kind: FeatureKind,
        country: u16,
        admin1: u32,
        admin2: u32,
        (lat, lon): (f32, f32),
        population: u64,
        geonames_id: u32,
    ) -> PlaceId {
        let id = PlaceId(self.entries.len() as u32);
        let start = self.names.len() as u32;
        self.names.push_str(name);
        self.entries.push(Entry {
            name: (start, self.names.len() as u32),
            kind,
            country,
            admin1,
            admin2,
            lat,
            lon,
            population: u32::try_from(population).unwrap_or(u32::MAX),
            geonames_id,
        });
        self.add_name(id, kind, name);
        id
    }

    fn add_names(&mut self, id: PlaceId, names: &str) {
        let kind = self
            .entries
            .get(id.index())
            .map_or(FeatureKind::PopulatedPlace, |e| e.kind);
        for name in names.split('|').filter(|n| !n.is_empty()) {
            self.add_name(id, kind, name);
        }
    }

    fn add_name(&mut self, id: PlaceId, kind: FeatureKind, name: &str) {
        let mut keys = std::mem::take(&mut self.scratch_keys);
        let mut words = std::mem::take(&mut self.scratch_words);
        keys.clear();
        words.clear();
        scan(name, &mut keys, &mut words);
        self.add_key(id, &keys, &words);
        // Arabic names are written with and without their article
        // ("Al-Shirqat", "Shirqat"; "Ar Raqqah", "Raqqah"): index both.
        // Countries keep theirs: "Salvador" is not El Salvador.
        let article = words
            .first()
            .is_some_and(|w| ARTICLES.contains(&keys.get(w.key.0..w.key.1).unwrap_or("")));
        if kind != FeatureKind::Country && words.len() >= 2 && article {
            self.add_key(id, &keys, &words[1..]);
        }
        self.scratch_keys = keys;
        self.scratch_words = words;
    }

    fn add_key(&mut self, id: PlaceId, keys: &str, words: &[Word]) {
        let alnum: usize = words.iter().map(|w| w.key.1 - w.key.0).sum();
        // One-letter names ("Å", "Y") would match initials and articles.
        if words.is_empty() || words.len() > MAX_NAME_WORDS || alnum < 2 {
            return;
        }
        let mut key = std::mem::take(&mut self.scratch_key);
        key.clear();
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                key.push(' ');
            }
            key.push_str(key_word(
                keys.get(w.key.0..w.key.1).unwrap_or(""),
                i,
                words.len(),
            ));
        }
        // A name written without lower-case letters is an acronym ("US",
        // "DRC", "U.S."): it only matches capitals in text.
        let acronym = words.iter().all(|w| w.all_caps || w.letters == 0);
        self.max_words = self.max_words.max(words.len());
        insert_posting(&mut self.index, &mut self.postings, &key, id, acronym);
        // Acronyms and short names have too many look-alikes to be found
        // by their skeleton.
        let letters: usize = words.iter().map(|w| w.letters).sum();
        let transliterated = self.entries.get(id.index()).is_some_and(|e| {
            e.kind == FeatureKind::Country
                || self
                    .transliterated
                    .get(usize::from(e.country))
                    .copied()
                    .unwrap_or(false)
        });
        if !acronym && transliterated && letters >= MIN_SKELETON_LETTERS {
            let mut skeleton = std::mem::take(&mut self.scratch_skeleton);
            skeleton.clear();
            push_skeleton(&key, &mut skeleton);
            self.skeletons.insert(&skeleton, &key, id);
            self.scratch_skeleton = skeleton;
        }
        self.scratch_key = key;
    }

    fn finish(self, stoplist: Stoplist) -> Gazetteer {
        let max_words = self.max_words.max(stoplist.max_words());
        Gazetteer {
            entries: self.entries,
            countries: self.countries,
            country_place: self.country_place,
            names: self.names,
            index: self.index,
            postings: self.postings,
            skeletons: self.skeletons,
            max_words,
            stoplist,
            unknown_country: CountryInfo {
                code: CountryCode::new("ZZ").expect("ZZ is two ASCII letters"),
                iso3: String::new(),
                numeric: 0,
                name: String::new(),
                region: String::new(),
            },
        }
    }
}

/// The name index: key -> head of its posting list in
/// [`Gazetteer::postings`]. Keyed by a fast non-cryptographic hash: the
/// keys come from our own data, so hash flooding is no concern, and it
/// halves the start-up time.
pub(crate) type NameIndex = HashMap<Box<str>, u32, BuildHasherDefault<FxHasher>>;

/// The entries by the spelling skeletons of their names. Skeletons are
/// kept as 64-bit hashes rather than strings, which costs no allocation per
/// name; that two of about 300,000 skeletons collide is as unlikely as 1
/// in 10^8, and a collision would only add a candidate that the resolver
/// weighs like any other.
#[derive(Debug, Default)]
pub(crate) struct SkeletonIndex {
    /// Skeleton hash -> head of its list in `postings`.
    heads: HashMap<u64, u32, BuildHasherDefault<FxHasher>>,
    postings: Vec<SkeletonPosting>,
    /// The indexed name keys without their spaces, concatenated, so that a
    /// caller can check how far a spelling is from the name it matched.
    spellings: String,
}

#[derive(Debug, Clone, Copy)]
struct SkeletonPosting {
    place: PlaceId,
    /// Byte range of the name's key in [`SkeletonIndex::spellings`].
    spelling: (u32, u32),
    /// The next older posting of the same skeleton, or [`NO_ID`].
    next: u32,
}

impl SkeletonIndex {
    fn with_capacity(n: usize) -> SkeletonIndex {
        SkeletonIndex {
            heads: HashMap::with_capacity_and_hasher(n, Default::default()),
            postings: Vec::with_capacity(n),
            spellings: String::with_capacity(n * 10),
        }
    }

    fn insert(&mut self, skeleton: &[u8], key: &str, id: PlaceId) {
        let hash = skeleton_hash(skeleton);
        let start = self.spellings.len() as u32;
        self.spellings.extend(key.chars().filter(|&c| c != ' '));
        let posting = SkeletonPosting {
            place: id,
            spelling: (start, self.spellings.len() as u32),
            next: NO_ID,
        };
        let next = self.postings.len() as u32;
        match self.heads.get_mut(&hash) {
            Some(head) => {
                self.postings.push(SkeletonPosting {
                    next: *head,
                    ..posting
                });
                *head = next;
            }
            None => {
                self.postings.push(posting);
                self.heads.insert(hash, next);
            }
        }
    }

    /// The entries with a name of this skeleton, in gazetteer order, each
    /// with the smallest edit distance from `spelling` (a key without
    /// spaces) to one of its names of that skeleton.
    pub(crate) fn get(&self, skeleton: &[u8], spelling: &str) -> Vec<(PlaceId, usize)> {
        let mut out: Vec<(PlaceId, usize)> = Vec::new();
        let mut next = self
            .heads
            .get(&skeleton_hash(skeleton))
            .copied()
            .unwrap_or(NO_ID);
        let mut steps = 0;
        while let Some(p) = self.postings.get(next as usize) {
            let name = self
                .spellings
                .get(p.spelling.0 as usize..p.spelling.1 as usize)
                .unwrap_or("");
            let d = edit_distance(spelling.as_bytes(), name.as_bytes());
            match out.iter_mut().find(|(id, _)| *id == p.place) {
                Some(slot) => slot.1 = slot.1.min(d),
                None => out.push((p.place, d)),
            }
            next = p.next;
            // Acyclic by construction; the bound guards a broken build.
            steps += 1;
            if steps > self.postings.len() {
                break;
            }
        }
        out.sort_by_key(|&(id, _)| id);
        out
    }
}

/// Levenshtein distance between two short byte strings.
pub(crate) fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

fn skeleton_hash(skeleton: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(skeleton);
    // Mix the length in, as `Hash for str` does, so that a trailing zero
    // byte in the last word cannot hide.
    h.write_usize(skeleton.len());
    h.finish()
}

/// The multiply-rotate hash of rustc's `FxHasher`, on 8-byte words.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}
