//! Loading the gazetteer from its compiled image (see `compile.rs`, which
//! the build script runs over `data/gazetteer/`).
//!
//! Loading copies a few flat arrays out of the image and checks that they
//! fit together; nothing is parsed, hashed or allocated per name, so the
//! world gazetteer is ready in milliseconds. The tables are probed in
//! place: [`NameTable`] maps a name key to its places, its stoplist class
//! and the longest key starting with it in one lookup, [`SkeletonTable`] a
//! spelling skeleton to the places with a name of that skeleton.
//!
//! Every accessor reads through `get`, so even an image that passed the
//! checks but is inconsistent gives empty answers, never a panic.

use sitrep_model::CountryCode;

use crate::image::{
    ABBREVIATION_BIT, ACRONYM_BIT, KIND_ADMIN1, KIND_ADMIN2, KIND_COUNTRY, KIND_PLACE, MAGIC, NONE,
    PERIOD_BIT, POSTING_FLAGS, key_hash,
};
use crate::stoplist::StopClass;
use crate::{CountryInfo, Entry, FeatureKind, Gazetteer, PlaceId};

/// Why the embedded gazetteer could not be loaded. Only a broken build of
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

/// The image `build.rs` compiled from `data/gazetteer/`.
pub(crate) static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.img"));

fn corrupt(reason: impl Into<String>) -> GeoError {
    GeoError::Corrupt {
        file: "gazetteer image",
        line: 0,
        reason: reason.into(),
    }
}

/// Reads the image's sections in the order `Image::write` wrote them.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], GeoError> {
        if n > self.bytes.len() {
            return Err(corrupt("truncated"));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    fn u32(&mut self) -> Result<u32, GeoError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn len(&mut self, width: usize) -> Result<usize, GeoError> {
        let n = self.u32()? as usize;
        if n.saturating_mul(width) > self.bytes.len() {
            return Err(corrupt("truncated"));
        }
        Ok(n)
    }

    fn str(&mut self) -> Result<String, GeoError> {
        let n = self.len(1)?;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| corrupt("a string is not UTF-8"))
    }

    fn u8s(&mut self) -> Result<Vec<u8>, GeoError> {
        let n = self.len(1)?;
        Ok(self.take(n)?.to_vec())
    }

    fn u32s(&mut self) -> Result<Vec<u32>, GeoError> {
        let n = self.len(4)?;
        let b = self.take(n * 4)?;
        Ok(b.chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }

    fn u64s(&mut self) -> Result<Vec<u64>, GeoError> {
        let n = self.len(8)?;
        let b = self.take(n * 8)?;
        Ok(b.chunks_exact(8)
            .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect())
    }
}

/// Builds a [`Gazetteer`] from an image.
pub(crate) fn thaw(bytes: &[u8]) -> Result<Gazetteer, GeoError> {
    let mut r = Reader { bytes };
    if r.take(MAGIC.len())? != MAGIC {
        return Err(corrupt("not a gazetteer image of this version of sitrep"));
    }
    let max_words = r.u32()? as usize;
    let n_countries = r.len(2)?;
    let mut countries = Vec::with_capacity(n_countries);
    for _ in 0..n_countries {
        let code = r.take(2)?;
        let code = std::str::from_utf8(code)
            .ok()
            .and_then(CountryCode::new)
            .ok_or_else(|| corrupt("bad ISO code"))?;
        countries.push(CountryInfo {
            code,
            iso3: r.str()?,
            numeric: u16::try_from(r.u32()?).map_err(|_| corrupt("bad ISO number"))?,
            name: r.str()?,
            region: r.str()?,
        });
    }
    let country_place: Vec<PlaceId> = r.u32s()?.into_iter().map(PlaceId).collect();
    if countries.is_empty() || country_place.len() != countries.len() {
        return Err(corrupt("no countries"));
    }

    let name_start = r.u32s()?;
    let name_end = r.u32s()?;
    let kind = r.u8s()?;
    let country = r.u32s()?;
    let admin1 = r.u32s()?;
    let admin2 = r.u32s()?;
    let lat = r.u32s()?;
    let lon = r.u32s()?;
    let population = r.u32s()?;
    let geonames_id = r.u32s()?;
    let n = name_start.len();
    let columns = [
        name_end.len(),
        kind.len(),
        country.len(),
        admin1.len(),
        admin2.len(),
        lat.len(),
        lon.len(),
        population.len(),
        geonames_id.len(),
    ];
    if columns.iter().any(|&len| len != n) {
        return Err(corrupt("entry columns differ in length"));
    }
    let mut entries = Vec::with_capacity(n);
    for i in 0..n {
        entries.push(Entry {
            name: (name_start[i], name_end[i]),
            kind: match kind[i] {
                KIND_COUNTRY => FeatureKind::Country,
                KIND_ADMIN1 => FeatureKind::Admin1,
                KIND_ADMIN2 => FeatureKind::Admin2,
                KIND_PLACE => FeatureKind::PopulatedPlace,
                _ => return Err(corrupt("bad feature kind")),
            },
            country: u16::try_from(country[i]).map_err(|_| corrupt("bad country index"))?,
            admin1: admin1[i],
            admin2: admin2[i],
            lat: f32::from_bits(lat[i]),
            lon: f32::from_bits(lon[i]),
            population: population[i],
            geonames_id: geonames_id[i],
        });
    }
    let names = r.str()?;
    let centroid_ids = r.u32s()?;
    let centroid_lat = r.u32s()?;
    let centroid_lon = r.u32s()?;
    if centroid_lat.len() != centroid_ids.len()
        || centroid_lon.len() != centroid_ids.len()
        || centroid_ids.windows(2).any(|w| w[0] >= w[1])
    {
        return Err(corrupt("centroid columns differ in length or order"));
    }
    let centroids = centroid_ids
        .iter()
        .zip(centroid_lat.iter().zip(&centroid_lon))
        .map(|(&id, (&la, &lo))| (id, f32::from_bits(la), f32::from_bits(lo)))
        .collect();

    let table = NameTable {
        keys: r.str()?,
        ends: r.u32s()?,
        slots: r.u32s()?,
        runs: r.u32s()?,
        places: r.u32s()?,
        stop: r.u8s()?,
        longest: r.u8s()?,
    };
    let keys = table.stop.len();
    if table.ends.len() != keys + 1
        || table.runs.len() != keys + 1
        || table.longest.len() != keys
        || !table.slots.len().is_power_of_two()
    {
        return Err(corrupt("name table sections differ in length"));
    }
    let skeletons = SkeletonTable {
        hashes: r.u64s()?,
        slots: r.u32s()?,
        runs: r.u32s()?,
        places: r.u32s()?,
        spelling_ends: r.u32s()?,
        spellings: r.str()?,
    };
    if skeletons.runs.len() != skeletons.hashes.len() + 1
        || skeletons.spelling_ends.len() != skeletons.places.len() * 2
        || !skeletons.slots.len().is_power_of_two()
    {
        return Err(corrupt("skeleton table sections differ in length"));
    }
    if !r.bytes.is_empty() {
        return Err(corrupt("trailing bytes"));
    }

    Ok(Gazetteer {
        entries,
        countries,
        country_place,
        names,
        centroids,
        table,
        skeletons,
        max_words,
        unknown_country: CountryInfo {
            code: CountryCode::new("ZZ").ok_or_else(|| corrupt("ZZ"))?,
            iso3: String::new(),
            numeric: 0,
            name: String::new(),
            region: String::new(),
        },
    })
}

/// What the name table knows about one key.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KeyInfo<'a> {
    /// The places with a name of this key, in gazetteer order (see
    /// [`posting_place`] and [`posting_acronym`]).
    pub places: &'a [u32],
    pub stop: Option<StopClass>,
    /// The most words of any key whose first word is this key; 0 when none
    /// starts with it.
    pub longest: usize,
}

/// The place of a posting from [`KeyInfo::places`].
pub(crate) fn posting_place(p: u32) -> PlaceId {
    PlaceId(p & !POSTING_FLAGS)
}

/// Whether the posting's name form is only an abbreviation ("Va.",
/// "Calif.", "VA"); see [`crate::image::ABBREVIATION_BIT`].
pub(crate) fn posting_abbreviation(p: u32) -> bool {
    p & ABBREVIATION_BIT != 0
}

/// Whether the abbreviation is written with a final period ("Mass.").
pub(crate) fn posting_period(p: u32) -> bool {
    p & PERIOD_BIT != 0
}

/// Whether the posting's name form is an acronym ("US", "DRC"), which
/// only matches capitals in text.
pub(crate) fn posting_acronym(p: u32) -> bool {
    p & ACRONYM_BIT != 0
}

/// The name index: every name key, stoplist key and first word of a key,
/// in an open-addressing hash table laid out at build time.
#[derive(Debug)]
pub(crate) struct NameTable {
    keys: String,
    ends: Vec<u32>,
    slots: Vec<u32>,
    runs: Vec<u32>,
    places: Vec<u32>,
    stop: Vec<u8>,
    longest: Vec<u8>,
}

impl NameTable {
    fn key(&self, k: usize) -> &str {
        let (Some(&a), Some(&b)) = (self.ends.get(k), self.ends.get(k + 1)) else {
            return "";
        };
        self.keys.get(a as usize..b as usize).unwrap_or("")
    }

    fn position(&self, key: &str) -> Option<usize> {
        let mask = self.slots.len().wrapping_sub(1);
        let mut slot = key_hash(key.as_bytes()) as usize & mask;
        // A table is at most half full, so a probe ends at an empty slot
        // long before the bound, which only guards a broken image.
        for _ in 0..self.slots.len() {
            let k = *self.slots.get(slot)?;
            if k == NONE {
                return None;
            }
            if self.key(k as usize) == key {
                return Some(k as usize);
            }
            slot = (slot + 1) & mask;
        }
        None
    }

    /// What the table knows about `key`, or `None` when it is neither a
    /// name, a stoplist entry nor the first word of one.
    pub(crate) fn get(&self, key: &str) -> Option<KeyInfo<'_>> {
        let k = self.position(key)?;
        let (Some(&a), Some(&b)) = (self.runs.get(k), self.runs.get(k + 1)) else {
            return None;
        };
        Some(KeyInfo {
            places: self.places.get(a as usize..b as usize).unwrap_or(&[]),
            stop: self.stop.get(k).copied().and_then(StopClass::from_code),
            longest: usize::from(self.longest.get(k).copied().unwrap_or(0)),
        })
    }
}

/// The entries by the spelling skeletons of their names (see
/// `text::push_skeleton`), keyed by the skeleton's 64-bit hash.
#[derive(Debug)]
pub(crate) struct SkeletonTable {
    hashes: Vec<u64>,
    slots: Vec<u32>,
    runs: Vec<u32>,
    places: Vec<u32>,
    /// Start and end of each posting's spelling in `spellings`.
    spelling_ends: Vec<u32>,
    /// The indexed name keys without their spaces, concatenated, so that a
    /// caller can check how far a spelling is from the name it matched.
    spellings: String,
}

impl SkeletonTable {
    fn position(&self, hash: u64) -> Option<usize> {
        let mask = self.slots.len().wrapping_sub(1);
        let mut slot = hash as usize & mask;
        for _ in 0..self.slots.len() {
            let s = *self.slots.get(slot)?;
            if s == NONE {
                return None;
            }
            if self.hashes.get(s as usize) == Some(&hash) {
                return Some(s as usize);
            }
            slot = (slot + 1) & mask;
        }
        None
    }

    /// The entries with a name of this skeleton, in gazetteer order, each
    /// with the smallest edit distance from `spelling` (a key without
    /// spaces) to one of its names of that skeleton.
    pub(crate) fn get(&self, skeleton: &[u8], spelling: &str) -> Vec<(PlaceId, usize)> {
        let mut out: Vec<(PlaceId, usize)> = Vec::new();
        let Some(s) = self.position(key_hash(skeleton)) else {
            return out;
        };
        let (Some(&a), Some(&b)) = (self.runs.get(s), self.runs.get(s + 1)) else {
            return out;
        };
        for p in a as usize..b as usize {
            let (Some(&place), Some(&start), Some(&end)) = (
                self.places.get(p),
                self.spelling_ends.get(2 * p),
                self.spelling_ends.get(2 * p + 1),
            ) else {
                break;
            };
            let name = self
                .spellings
                .get(start as usize..end as usize)
                .unwrap_or("");
            let d = edit_distance(spelling.as_bytes(), name.as_bytes());
            let place = PlaceId(place);
            match out.iter_mut().find(|(id, _)| *id == place) {
                Some(slot) => slot.1 = slot.1.min(d),
                None => out.push((place, d)),
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
