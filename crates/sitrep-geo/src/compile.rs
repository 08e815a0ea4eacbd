//! Compiling the gazetteer: the data files in, a binary image out.
//!
//! This module runs at *build* time: `build.rs` mounts it (with `text.rs`,
//! `stoplist.rs` and `image.rs`, the only modules it uses) and writes the
//! image of the embedded data to `OUT_DIR`, which `Gazetteer::embedded`
//! then reads without parsing, hashing or allocating per name (see
//! `load.rs`). Parsing 15 MB of tab-separated text, folding 400,000 names
//! and filling hash tables took most of sitrep's start-up; the image loads
//! in a few milliseconds. The data files stay the source of truth: Cargo
//! reruns the build script whenever one of them changes.
//!
//! The source files are tab-separated with a `#` header line; their columns
//! are documented in `scripts/build_gazetteer.py` and
//! `data/gazetteer/README.md`. Entries are numbered in file order:
//! countries, first-level divisions, second-level divisions, populated
//! places.
//!
//! The image is a sequence of little-endian sections (the layout is the
//! order of [`Image::write`], and `load.rs` reads it in the same order):
//! countries, entries, display names, the name table (every name key and
//! stoplist key, with its places, stoplist class and the longest name that
//! starts with it) and the skeleton table. Both tables are open-addressing
//! hash tables over [`crate::image::key_hash`], laid out at build time.
//!
//! It depends on nothing of the library but those sibling modules, so
//! kinds and countries are plain numbers and bytes here.

use std::collections::HashMap;
use std::io::Read;

use crate::image::{
    ABBREVIATION_BIT, ACRONYM_BIT, FxBuild, KIND_ADMIN1, KIND_ADMIN2, KIND_COUNTRY, KIND_PLACE,
    MAGIC, NONE, PERIOD_BIT, key_hash,
};
use crate::stoplist::Stoplist;
use crate::text::{MIN_SKELETON_LETTERS, Word, key_word, push_skeleton, scan};

/// The raw data a gazetteer is compiled from.
pub(crate) struct Sources<'a> {
    pub countries: &'a [u8],
    pub admin1: &'a [u8],
    pub admin2_gz: &'a [u8],
    pub places_gz: &'a [u8],
    pub stoplist: &'a str,
}

/// Why the data could not be compiled: the file, the 1-based line (0 for
/// the whole file) and what is wrong.
#[derive(Debug)]
pub(crate) struct CompileError {
    pub file: &'static str,
    pub line: usize,
    pub reason: String,
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, line {}: {}", self.file, self.line, self.reason)
    }
}

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

/// Names with more words than this are not indexed: no real toponym is
/// that long, and the n-gram search costs grow with it.
const MAX_NAME_WORDS: usize = 8;

/// A country's fixed facts, as compiled.
pub(crate) struct CountryRow {
    pub code: [u8; 2],
    pub iso3: String,
    pub numeric: u16,
    pub name: String,
    pub region: String,
}

/// One gazetteer entry, as compiled (`Entry` in the library).
#[derive(Clone, Copy)]
pub(crate) struct EntryRow {
    pub name: (u32, u32),
    pub kind: u8,
    pub country: u16,
    pub admin1: u32,
    pub admin2: u32,
    pub lat: f32,
    pub lon: f32,
    pub population: u32,
    pub geonames_id: u32,
}

/// Everything the library needs, ready to be written.
pub(crate) struct Image {
    pub countries: Vec<CountryRow>,
    /// Country entry of each country, by the same index.
    pub country_place: Vec<u32>,
    pub entries: Vec<EntryRow>,
    pub names: String,
    /// (entry, lat, lon) of the countries and divisions whose centroid
    /// differs from their representative point, by entry.
    pub centroids: Vec<(u32, f32, f32)>,
    pub max_words: u32,
    pub name_table: NameTableImage,
    pub skeleton_table: SkeletonTableImage,
}

/// Name key -> places, stoplist class and the longest key starting with it.
pub(crate) struct NameTableImage {
    /// All keys, concatenated; key `k` is `keys[ends[k]..ends[k + 1]]`.
    pub keys: String,
    pub ends: Vec<u32>,
    /// Hash slots: a key index, or [`NONE`].
    pub slots: Vec<u32>,
    /// Key `k`'s places are `places[runs[k]..runs[k + 1]]`, in gazetteer
    /// order, each with [`ACRONYM_BIT`] when only an acronym form has it.
    pub runs: Vec<u32>,
    pub places: Vec<u32>,
    /// Stoplist class of each key (`StopClass::code`), 0 for none.
    pub stop: Vec<u8>,
    /// The most words of any name or stoplist key whose first word is this
    /// key (0 when none starts with it).
    pub longest: Vec<u8>,
}

/// Skeleton hash -> places with a name of that skeleton and its spelling.
pub(crate) struct SkeletonTableImage {
    pub hashes: Vec<u64>,
    pub slots: Vec<u32>,
    /// Skeleton `s`'s postings are `runs[s]..runs[s + 1]` of the arrays
    /// below.
    pub runs: Vec<u32>,
    pub places: Vec<u32>,
    /// Byte range of the name's key without spaces in `spellings`.
    pub spelling_ends: Vec<u32>,
    pub spellings: String,
}

/// Compiles the data files into an [`Image`].
pub(crate) fn compile(src: &Sources<'_>) -> Result<Image, CompileError> {
    let stoplist = Stoplist::parse(src.stoplist).map_err(|(line, reason)| CompileError {
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
    for row in rows(countries, "countries.tsv", 12) {
        let row = row?;
        let code = country_code(row.get(0)).ok_or_else(|| row.corrupt("bad ISO code"))?;
        let index =
            u16::try_from(b.countries.len()).map_err(|_| row.corrupt("too many countries"))?;
        b.countries.push(CountryRow {
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
            KIND_COUNTRY,
            index,
            NONE,
            NONE,
            (row.num(5)?, row.num(6)?),
            row.num(9)?,
            row.num(10)?,
        );
        b.add_centroid(id, (row.num(7)?, row.num(8)?));
        b.country_place.push(id);
        b.add_names(id, row.get(11));
    }
    if b.countries.is_empty() {
        return Err(CompileError {
            file: "countries.tsv",
            line: 0,
            reason: "no countries".into(),
        });
    }

    let admin1 = as_text(src.admin1, "admin1.tsv")?;
    let mut admin1_ids: HashMap<&str, u32> = HashMap::new();
    for row in rows(admin1, "admin1.tsv", 10) {
        let row = row?;
        let country = b.country_of_code(&row, row.get(1))?;
        let id = b.add_entry(
            row.get(2),
            KIND_ADMIN1,
            country,
            NONE,
            NONE,
            (row.num(3)?, row.num(4)?),
            row.num(7)?,
            0,
        );
        b.add_centroid(id, (row.num(5)?, row.num(6)?));
        admin1_ids.insert(row.get(0), id);
        b.add_names(id, row.get(8));
        b.add_abbreviations(id, row.get(9));
    }

    let admin2 = gunzip(src.admin2_gz, "admin2.tsv.gz")?;
    let mut admin2_ids: HashMap<&str, u32> = HashMap::new();
    for row in rows(&admin2, "admin2.tsv.gz", 7) {
        let row = row?;
        let a1 = *admin1_ids
            .get(row.get(1))
            .ok_or_else(|| row.corrupt("unknown admin1 code"))?;
        let country = b.entries[a1 as usize].country;
        let id = b.add_entry(
            row.get(2),
            KIND_ADMIN2,
            country,
            a1,
            NONE,
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
            Some(&a1) => (b.entries[a1 as usize].country, a1),
            None => (b.country_of_code(&row, row.get(1))?, NONE),
        };
        let a2 = match row.get(2) {
            "" => NONE,
            code => *admin2_ids
                .get(code)
                .ok_or_else(|| row.corrupt("unknown admin2 code"))?,
        };
        let geonames_id = if row.get(0).is_empty() {
            0
        } else {
            row.num(0)?
        };
        let id = b.add_entry(
            row.get(3),
            KIND_PLACE,
            country,
            a1,
            a2,
            (row.num(4)?, row.num(5)?),
            row.num(6)?,
            geonames_id,
        );
        b.add_names(id, row.get(7));
    }

    Ok(b.finish(&stoplist))
}

fn country_code(s: &str) -> Option<[u8; 2]> {
    match s.as_bytes() {
        &[a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => Some([a, b]),
        _ => None,
    }
}

fn as_text<'a>(bytes: &'a [u8], file: &'static str) -> Result<&'a str, CompileError> {
    std::str::from_utf8(bytes).map_err(|e| CompileError {
        file,
        line: 0,
        reason: e.to_string(),
    })
}

fn gunzip(bytes: &[u8], file: &'static str) -> Result<String, CompileError> {
    let mut out = String::with_capacity(bytes.len() * 4);
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut out)
        .map_err(|e| CompileError {
            file,
            line: 0,
            reason: format!("cannot decompress: {e}"),
        })?;
    Ok(out)
}

/// The most columns a data file has (countries.tsv).
const MAX_COLUMNS: usize = 12;

/// One data row, split into its fields.
struct Row<'a> {
    file: &'static str,
    line: usize,
    /// The first [`MAX_COLUMNS`] fields.
    fields: [&'a str; MAX_COLUMNS],
    /// How many fields the line has (possibly more than are kept).
    count: usize,
}

impl<'a> Row<'a> {
    fn get(&self, i: usize) -> &'a str {
        self.fields.get(i).copied().unwrap_or("")
    }

    fn num<T: std::str::FromStr>(&self, i: usize) -> Result<T, CompileError> {
        self.get(i)
            .parse()
            .map_err(|_| self.corrupt(&format!("column {} is not a number", i + 1)))
    }

    fn corrupt(&self, reason: &str) -> CompileError {
        CompileError {
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
) -> impl Iterator<Item = Result<Row<'a>, CompileError>> + 'a {
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

/// How a name form is written, for its posting's flags.
#[derive(Clone, Copy)]
struct Form {
    acronym: bool,
    abbreviation: bool,
    period: bool,
}

/// Name key -> head of its posting list, while compiling.
type NameIndex = HashMap<Box<str>, u32, FxBuild>;

/// One entry a name key points to, in a singly linked list per key (newest
/// first), so that the index is built in one pass.
#[derive(Clone, Copy)]
struct Posting {
    place: u32,
    acronym: bool,
    /// Only abbreviation forms ("Va.", "VA") have this key.
    abbreviation: bool,
    /// Every such abbreviation ends in a period ("Mass.").
    period: bool,
    /// The next (older) posting of the same key, or [`NONE`].
    next: u32,
}

#[derive(Default)]
struct Builder {
    entries: Vec<EntryRow>,
    countries: Vec<CountryRow>,
    country_index: HashMap<[u8; 2], u16>,
    country_place: Vec<u32>,
    names: String,
    centroids: Vec<(u32, f32, f32)>,
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
    id: u32,
    form: Form,
) {
    let next = postings.len() as u32;
    match index.get_mut(key) {
        Some(head) => {
            // Names of one entry are added together, so a repeated key of
            // the same entry is always the head of the list.
            if let Some(last) = postings.get_mut(*head as usize)
                && last.place == id
            {
                last.acronym &= form.acronym;
                last.abbreviation &= form.abbreviation;
                last.period &= form.period;
                return;
            }
            postings.push(Posting {
                place: id,
                acronym: form.acronym,
                abbreviation: form.abbreviation,
                period: form.period,
                next: *head,
            });
            *head = next;
        }
        None => {
            postings.push(Posting {
                place: id,
                acronym: form.acronym,
                abbreviation: form.abbreviation,
                period: form.period,
                next: NONE,
            });
            index.insert(key.into(), next);
        }
    }
}

impl Builder {
    fn country_of_code(&self, row: &Row<'_>, code: &str) -> Result<u16, CompileError> {
        country_code(code)
            .and_then(|c| self.country_index.get(&c).copied())
            .ok_or_else(|| row.corrupt("unknown country code"))
    }

    #[allow(clippy::too_many_arguments)]
    fn add_entry(
        &mut self,
        name: &str,
        kind: u8,
        country: u16,
        admin1: u32,
        admin2: u32,
        (lat, lon): (f32, f32),
        population: u64,
        geonames_id: u32,
    ) -> u32 {
        let id = self.entries.len() as u32;
        let start = self.names.len() as u32;
        self.names.push_str(name);
        self.entries.push(EntryRow {
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

    fn add_names(&mut self, id: u32, names: &str) {
        let kind = self.entries.get(id as usize).map_or(KIND_PLACE, |e| e.kind);
        for name in names.split('|').filter(|n| !n.is_empty()) {
            self.add_name(id, kind, name);
        }
    }

    /// Records a centroid that differs from the entry's point.
    fn add_centroid(&mut self, id: u32, (lat, lon): (f32, f32)) {
        if let Some(e) = self.entries.get(id as usize)
            && (e.lat != lat || e.lon != lon)
        {
            self.centroids.push((id, lat, lon));
        }
    }

    /// Abbreviations of a division ("Va.", "N.Y.", "VA"), '|'-separated.
    fn add_abbreviations(&mut self, id: u32, forms: &str) {
        let mut keys = std::mem::take(&mut self.scratch_keys);
        let mut words = std::mem::take(&mut self.scratch_words);
        for form in forms.split('|').filter(|n| !n.is_empty()) {
            keys.clear();
            words.clear();
            scan(form, &mut keys, &mut words);
            let period = form.ends_with('.');
            self.add_key(id, &keys, &words, Some(period));
        }
        self.scratch_keys = keys;
        self.scratch_words = words;
    }

    fn add_name(&mut self, id: u32, kind: u8, name: &str) {
        let mut keys = std::mem::take(&mut self.scratch_keys);
        let mut words = std::mem::take(&mut self.scratch_words);
        keys.clear();
        words.clear();
        scan(name, &mut keys, &mut words);
        self.add_key(id, &keys, &words, None);
        // Arabic names are written with and without their article
        // ("Al-Shirqat", "Shirqat"; "Ar Raqqah", "Raqqah"): index both.
        // Countries keep theirs: "Salvador" is not El Salvador.
        let article = words
            .first()
            .is_some_and(|w| ARTICLES.contains(&keys.get(w.key.0..w.key.1).unwrap_or("")));
        if kind != KIND_COUNTRY && words.len() >= 2 && article {
            self.add_key(id, &keys, &words[1..], None);
        }
        self.scratch_keys = keys;
        self.scratch_words = words;
    }

    /// Indexes one name form; `abbreviation` is `Some(written with a
    /// final period)` for an abbreviation.
    fn add_key(&mut self, id: u32, keys: &str, words: &[Word], abbreviation: Option<bool>) {
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
        let form = Form {
            acronym,
            abbreviation: abbreviation.is_some(),
            period: abbreviation == Some(true),
        };
        insert_posting(&mut self.index, &mut self.postings, &key, id, form);
        if abbreviation.is_some() {
            // Abbreviations are exact forms: no spelling variants.
            self.scratch_key = key;
            return;
        }
        // Acronyms and short names have too many look-alikes to be found
        // by their skeleton.
        let letters: usize = words.iter().map(|w| w.letters).sum();
        let transliterated = self.entries.get(id as usize).is_some_and(|e| {
            e.kind == KIND_COUNTRY
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

    fn finish(self, stoplist: &Stoplist) -> Image {
        let max_words = self.max_words.max(stoplist.max_words());
        Image {
            name_table: name_table(&self.index, &self.postings, stoplist),
            skeleton_table: self.skeletons.freeze(),
            countries: self.countries,
            country_place: self.country_place,
            entries: self.entries,
            names: self.names,
            centroids: self.centroids,
            max_words: max_words as u32,
        }
    }
}

/// Lays out the name table: every name key, every stoplist key and the
/// first word of every key, sorted (so the image is the same on every
/// build), each with its places in gazetteer order.
fn name_table(index: &NameIndex, postings: &[Posting], stoplist: &Stoplist) -> NameTableImage {
    // Key -> (stoplist code, longest key starting with it).
    let mut all: HashMap<&str, (u8, u8)> = HashMap::new();
    for key in index.keys() {
        note_key(&mut all, key, 0);
    }
    for (key, class) in stoplist.iter() {
        note_key(&mut all, key, class.code());
    }
    let mut sorted: Vec<(&str, (u8, u8))> = all.into_iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));

    let mut table = NameTableImage {
        keys: String::new(),
        ends: vec![0],
        slots: vec![NONE; table_size(sorted.len())],
        runs: vec![0],
        places: Vec::new(),
        stop: Vec::with_capacity(sorted.len()),
        longest: Vec::with_capacity(sorted.len()),
    };
    let mask = table.slots.len() - 1;
    let mut run = Vec::new();
    for (k, (key, (stop, longest))) in sorted.iter().enumerate() {
        table.keys.push_str(key);
        table.ends.push(table.keys.len() as u32);
        table.stop.push(*stop);
        table.longest.push(*longest);
        // The posting list runs newest first; the image keeps gazetteer
        // order.
        run.clear();
        let mut next = index.get(*key).copied().unwrap_or(NONE);
        while let Some(p) = postings.get(next as usize) {
            let mut flags = if p.acronym { ACRONYM_BIT } else { 0 };
            if p.abbreviation {
                flags |= ABBREVIATION_BIT;
                if p.period {
                    flags |= PERIOD_BIT;
                }
            }
            run.push(p.place | flags);
            next = p.next;
        }
        table.places.extend(run.iter().rev());
        table.runs.push(table.places.len() as u32);
        let mut slot = key_hash(key.as_bytes()) as usize & mask;
        while table.slots[slot] != NONE {
            slot = (slot + 1) & mask;
        }
        table.slots[slot] = k as u32;
    }
    table
}

/// Records `key` (with its stoplist code, 0 for none) and, under its first
/// word, how many words it has: the search at a word never needs to try
/// more words than the longest key starting with it.
fn note_key<'a>(all: &mut HashMap<&'a str, (u8, u8)>, key: &'a str, stop: u8) {
    let words = key.split(' ').count().min(usize::from(u8::MAX)) as u8;
    let first = key.split(' ').next().unwrap_or("");
    let e = all.entry(first).or_default();
    e.1 = e.1.max(words);
    let e = all.entry(key).or_default();
    if stop != 0 {
        e.0 = stop;
    }
}

/// The entries by the spelling skeletons of their names, while compiling.
/// Skeletons are kept as 64-bit hashes rather than strings; that two of
/// about 300,000 skeletons collide is as unlikely as 1 in 10^8, and a
/// collision would only add a candidate that the resolver weighs like any
/// other.
/// A posting of the skeleton index: an entry id, and the start and end of
/// the name's spelling in [`SkeletonIndex::spellings`].
type SkeletonPosting = (u32, (u32, u32));

#[derive(Default)]
struct SkeletonIndex {
    /// Skeleton hash -> its postings, in insertion order.
    lists: HashMap<u64, Vec<SkeletonPosting>, FxBuild>,
    /// The indexed name keys without their spaces, concatenated.
    spellings: String,
}

impl SkeletonIndex {
    fn with_capacity(n: usize) -> SkeletonIndex {
        SkeletonIndex {
            lists: HashMap::with_capacity_and_hasher(n, Default::default()),
            spellings: String::with_capacity(n * 10),
        }
    }

    fn insert(&mut self, skeleton: &[u8], key: &str, id: u32) {
        let start = self.spellings.len() as u32;
        self.spellings.extend(key.chars().filter(|&c| c != ' '));
        let end = self.spellings.len() as u32;
        self.lists
            .entry(key_hash(skeleton))
            .or_default()
            .push((id, (start, end)));
    }

    fn freeze(self) -> SkeletonTableImage {
        let mut hashes: Vec<u64> = self.lists.keys().copied().collect();
        hashes.sort_unstable();
        let mut t = SkeletonTableImage {
            slots: vec![NONE; table_size(hashes.len())],
            runs: vec![0],
            places: Vec::new(),
            spelling_ends: Vec::new(),
            spellings: self.spellings,
            hashes: Vec::with_capacity(hashes.len()),
        };
        let mask = t.slots.len() - 1;
        for (s, &h) in hashes.iter().enumerate() {
            for &(place, (start, end)) in self.lists.get(&h).map_or(&[][..], Vec::as_slice) {
                t.places.push(place);
                t.spelling_ends.push(start);
                t.spelling_ends.push(end);
            }
            t.runs.push(t.places.len() as u32);
            t.hashes.push(h);
            let mut slot = h as usize & mask;
            while t.slots[slot] != NONE {
                slot = (slot + 1) & mask;
            }
            t.slots[slot] = s as u32;
        }
        t
    }
}

/// The number of slots of a table of `n` keys: a power of two at least
/// twice `n`, so that probes stay short.
fn table_size(n: usize) -> usize {
    (n.max(4) * 2).next_power_of_two()
}

/// Appends little-endian values and length-prefixed arrays.
struct Out(Vec<u8>);

impl Out {
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn u8s(&mut self, v: &[u8]) {
        self.u32(v.len() as u32);
        self.0.extend_from_slice(v);
    }
    fn u32s(&mut self, v: &[u32]) {
        self.u32(v.len() as u32);
        for x in v {
            self.u32(*x);
        }
    }
    fn u64s(&mut self, v: &[u64]) {
        self.u32(v.len() as u32);
        for x in v {
            self.0.extend_from_slice(&x.to_le_bytes());
        }
    }
}

impl Image {
    /// The image's bytes; `load::thaw` reads them back in this order.
    pub(crate) fn write(&self) -> Vec<u8> {
        let mut o = Out(Vec::with_capacity(32 << 20));
        o.0.extend_from_slice(MAGIC);
        o.u32(self.max_words);
        o.u32(self.countries.len() as u32);
        for c in &self.countries {
            o.0.extend_from_slice(&c.code);
            o.str(&c.iso3);
            o.u32(u32::from(c.numeric));
            o.str(&c.name);
            o.str(&c.region);
        }
        o.u32s(&self.country_place);
        // Entries column by column: each column is one array, which the
        // loader copies in one go.
        let col =
            |f: &dyn Fn(&EntryRow) -> u32| -> Vec<u32> { self.entries.iter().map(f).collect() };
        o.u32s(&col(&|e| e.name.0));
        o.u32s(&col(&|e| e.name.1));
        o.u8s(&self.entries.iter().map(|e| e.kind).collect::<Vec<_>>());
        o.u32s(&col(&|e| u32::from(e.country)));
        o.u32s(&col(&|e| e.admin1));
        o.u32s(&col(&|e| e.admin2));
        o.u32s(&col(&|e| e.lat.to_bits()));
        o.u32s(&col(&|e| e.lon.to_bits()));
        o.u32s(&col(&|e| e.population));
        o.u32s(&col(&|e| e.geonames_id));
        o.str(&self.names);
        o.u32s(&self.centroids.iter().map(|c| c.0).collect::<Vec<_>>());
        o.u32s(
            &self
                .centroids
                .iter()
                .map(|c| c.1.to_bits())
                .collect::<Vec<_>>(),
        );
        o.u32s(
            &self
                .centroids
                .iter()
                .map(|c| c.2.to_bits())
                .collect::<Vec<_>>(),
        );
        let n = &self.name_table;
        o.str(&n.keys);
        o.u32s(&n.ends);
        o.u32s(&n.slots);
        o.u32s(&n.runs);
        o.u32s(&n.places);
        o.u8s(&n.stop);
        o.u8s(&n.longest);
        let s = &self.skeleton_table;
        o.u64s(&s.hashes);
        o.u32s(&s.slots);
        o.u32s(&s.runs);
        o.u32s(&s.places);
        o.u32s(&s.spelling_ends);
        o.str(&s.spellings);
        o.0
    }
}
