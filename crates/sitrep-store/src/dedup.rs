//! Recognising documents seen before.
//!
//! *Exact*: a document is keyed by xxh3-128 of its id and its text with
//! whitespace runs collapsed, so re-reading the same file or feed item (even
//! re-wrapped) is a no-op, while the same text under another id is a new
//! document.
//!
//! *Near*: the same wire story republished with small edits. Each text is
//! reduced to its set of word 3-shingles; a MinHash signature of
//! [`MINHASH_SIZE`] values is cut into [`BANDS`] bands, and each band's
//! hash is stored (locality-sensitive hashing), so candidates are the
//! documents sharing a band: a few index lookups, never a scan. Candidates
//! are then verified exactly: the Jaccard similarity of the shingle sets
//! must reach [`NEAR_DUPLICATE_JACCARD`], both texts must state the same
//! figures, and the names of one (capitalised words inside sentences) must
//! all be names of the other. A republished story whose death toll changed
//! is a revision, not a copy: it is coded, and its figure joins the
//! incident's history. A wire template reused for another city is another
//! story.
//!
//! With 8 bands of 4 values, a pair at Jaccard 0.6 shares a band with
//! probability 1 - (1 - 0.6^4)^8 = 0.67, at 0.75 with 0.96, at 0.9 with
//! 0.9999; pairs below 0.3 become candidates less than 7% of the time.

use sitrep_model::Document;
use xxhash_rust::xxh3::{Xxh3, xxh3_64_with_seed};

/// Values in a MinHash signature.
pub(crate) const MINHASH_SIZE: usize = 32;
/// Bands the signature is cut into for the index.
pub(crate) const BANDS: usize = 8;
const ROWS: usize = MINHASH_SIZE / BANDS;
/// The least Jaccard similarity of word 3-shingles for two texts to be one
/// story. One inserted word changes up to three shingles, so a 40-word
/// report with three small edits still reaches it; two different reports
/// of one incident (independently written) stay far below.
pub(crate) const NEAR_DUPLICATE_JACCARD: f64 = 0.6;
/// Candidates verified at most per document: a band shared by very many
/// documents (boilerplate) must not turn a lookup into a scan.
pub(crate) const MAX_CANDIDATES: usize = 64;

/// Number words whose change makes a revision, not a copy.
const NUMBER_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "dozen",
    "dozens",
    "several",
    "scores",
];

/// What near-duplicate detection knows about a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sketch {
    /// Hashes of the word 3-shingles, sorted, each once.
    shingles: Vec<u64>,
    /// The figures the text states (digit runs and number words), sorted.
    figures: Vec<String>,
    /// Capitalised words that do not start a sentence, lower-cased, sorted,
    /// each once: mostly the names of people, places and groups.
    names: Vec<String>,
    /// The index keys: one hash per band of the MinHash signature.
    pub(crate) bands: [i64; BANDS],
}

/// The text's words (runs of letters and digits), lower-cased, each with
/// whether it is a name: capitalised and not the first word of a sentence.
fn words(text: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut sentence_start = true;
    let mut word = String::new();
    let mut capital = false;
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() {
            if word.is_empty() {
                capital = c.is_uppercase();
            }
            word.extend(c.to_lowercase());
            continue;
        }
        if !word.is_empty() {
            out.push((std::mem::take(&mut word), capital && !sentence_start));
            sentence_start = false;
        }
        // Hyphens do not start sentences ("anti-Taliban"); dashes in
        // datelines do ("KABUL \u{2014} The ...").
        if matches!(c, '.' | '!' | '?' | '\n' | ':' | '\u{2013}' | '\u{2014}') {
            sentence_start = true;
        }
    }
    out
}

/// A 64-bit mixer (splitmix64's finaliser): the i-th MinHash permutation
/// is `mix(shingle ^ seed_i)`.
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The sketch of a text, or `None` for a text without words.
pub(crate) fn sketch(text: &str) -> Option<Sketch> {
    let tagged = words(text);
    if tagged.is_empty() {
        return None;
    }
    let mut names: Vec<String> = tagged
        .iter()
        .filter(|(_, name)| *name)
        .map(|(w, _)| w.clone())
        .collect();
    names.sort();
    names.dedup();
    let words: Vec<String> = tagged.into_iter().map(|(w, _)| w).collect();
    let mut figures: Vec<String> = words
        .iter()
        .filter(|w| w.bytes().all(|b| b.is_ascii_digit()) || NUMBER_WORDS.contains(&w.as_str()))
        .cloned()
        .collect();
    figures.sort();
    let mut shingles: Vec<u64> = words
        .windows(3.min(words.len()))
        .map(|w| {
            let mut h = Xxh3::new();
            for word in w {
                h.update(word.as_bytes());
                h.update(&[0x1f]);
            }
            h.digest()
        })
        .collect();
    shingles.sort_unstable();
    shingles.dedup();
    let mut signature = [u64::MAX; MINHASH_SIZE];
    for &s in &shingles {
        for (i, slot) in signature.iter_mut().enumerate() {
            let v = mix(s ^ mix(i as u64));
            if v < *slot {
                *slot = v;
            }
        }
    }
    let mut bands = [0i64; BANDS];
    for (b, band) in bands.iter_mut().enumerate() {
        let mut bytes = [0u8; ROWS * 8];
        for (r, v) in signature[b * ROWS..(b + 1) * ROWS].iter().enumerate() {
            bytes[r * 8..(r + 1) * 8].copy_from_slice(&v.to_le_bytes());
        }
        // Stored as SQLite's signed integer: the same 64 bits.
        *band = xxh3_64_with_seed(&bytes, b as u64) as i64;
    }
    Some(Sketch {
        shingles,
        figures,
        names,
        bands,
    })
}

/// Jaccard similarity of two sorted, deduplicated sets.
fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - common;
    if union == 0 {
        1.0
    } else {
        common as f64 / union as f64
    }
}

/// How similar `b` is to `a` as a copy of it: `Some(jaccard)` when it is a
/// near-duplicate, `None` otherwise.
pub(crate) fn near_duplicate(a: &Sketch, b: &Sketch) -> Option<f64> {
    if a.figures != b.figures {
        return None;
    }
    let within = |x: &[String], y: &[String]| x.iter().all(|n| y.binary_search(n).is_ok());
    if !within(&a.names, &b.names) && !within(&b.names, &a.names) {
        return None;
    }
    let j = jaccard(&a.shingles, &b.shingles);
    (j >= NEAR_DUPLICATE_JACCARD).then_some(j)
}

/// The content hash: xxh3-128 over the id, a NUL, and the text's words
/// separated by single spaces.
pub(crate) fn content_hash(doc: &Document) -> [u8; 16] {
    let mut h = Xxh3::new();
    h.update(doc.id.as_bytes());
    h.update(&[0]);
    for (i, word) in doc.text.split_whitespace().enumerate() {
        if i > 0 {
            h.update(b" ");
        }
        h.update(word.as_bytes());
    }
    h.digest128().to_be_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "A suicide attacker blew up an ambulance packed with explosives in central Kabul on Saturday, killing at least 40 people and wounding 140, officials said. The Taliban claimed responsibility for the attack near the old Interior Ministry building.";

    #[test]
    fn near_duplicates_are_small_edits_with_the_same_figures() {
        // (why, text, near-duplicate of WIRE?)
        let table: &[(&str, &str, bool)] = &[
            ("the same text", WIRE, true),
            (
                "republished with a dateline and small edits",
                "KABUL (Reuters) - A suicide attacker blew up an ambulance packed with explosives in central Kabul on Saturday, killing at least 40 people and wounding 140, Afghan officials said. The Taliban quickly claimed responsibility for the attack near the old Interior Ministry building.",
                true,
            ),
            (
                "the same story with a revised toll is a revision",
                "A suicide attacker blew up an ambulance packed with explosives in central Kabul on Saturday, killing at least 95 people and wounding 158, officials said. The Taliban claimed responsibility for the attack near the old Interior Ministry building.",
                false,
            ),
            (
                "another outlet's own report of the same bombing",
                "KABUL - The Taliban bombed a crowded street in the Afghan capital on Saturday, using an ambulance loaded with explosives to get past a police checkpoint. Officials said 40 people were killed and 140 wounded.",
                false,
            ),
            (
                "a feed's summary: the first sentence alone",
                "A suicide attacker blew up an ambulance packed with explosives in central Kabul on Saturday, killing at least 40 people and wounding 140, officials said.",
                true,
            ),
            (
                "the same template about another city",
                "A suicide attacker blew up an ambulance packed with explosives in central Kandahar on Saturday, killing at least 40 people and wounding 140, officials said. The Taliban claimed responsibility for the attack near the provincial police headquarters.",
                false,
            ),
        ];
        let wire = sketch(WIRE).expect("words");
        for (why, text, expected) in table {
            let other = sketch(text).expect("words");
            let j = jaccard(&wire.shingles, &other.shingles);
            assert_eq!(
                near_duplicate(&wire, &other).is_some(),
                *expected,
                "{why} (jaccard {j:.2})"
            );
            if *expected {
                // The index finds what verification accepts (here surely,
                // with probability above 0.96 in general).
                assert!(
                    wire.bands.iter().zip(&other.bands).any(|(a, b)| a == b),
                    "{why}: no shared band"
                );
            }
        }
    }

    #[test]
    fn sketches_are_deterministic_and_ignore_case_and_punctuation() {
        let a = sketch("Five killed in KABUL, police said.").expect("words");
        let b = sketch("five killed in Kabul police said").expect("words");
        assert_eq!(a, b);
        assert_eq!(sketch(" \n\t.,;"), None);
        assert_eq!(sketch("Kabul").map(|s| s.shingles.len()), Some(1));
    }

    #[test]
    fn content_hash_ignores_whitespace_but_not_words_or_ids() {
        let base = Document::new("a", "Five killed in Kabul.");
        let table: &[(&str, &str, bool)] = &[
            ("a", "Five killed in Kabul.", true),
            ("a", "  Five\nkilled\tin  Kabul. ", true),
            ("a", "Six killed in Kabul.", false),
            ("b", "Five killed in Kabul.", false),
            ("a", "Five killedin Kabul.", false),
        ];
        for (id, text, same) in table {
            let doc = Document::new(*id, *text);
            assert_eq!(
                content_hash(&doc) == content_hash(&base),
                *same,
                "{id:?} {text:?}"
            );
        }
    }
}
