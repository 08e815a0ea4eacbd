//! Typographic normalisation that keeps an exact alignment to the original
//! bytes, so every later span can be mapped back to the document as published.
//!
//! The alignment is a sorted list of [`Edit`]s, one per replaced character
//! (runs of deleted characters are merged into one). Between edits the text is
//! copied byte for byte, so an offset maps by adding the shift accumulated at
//! the nearest preceding edit, found by binary search. Pure ASCII text without
//! `\r` has no edits at all.

use std::ops::Range;

use sitrep_model::Span;

use crate::util::{ceil_boundary, floor_boundary};

/// One replaced stretch: `original[orig_start..orig_end]` became
/// `text[norm_start..norm_end]` (empty for a deletion).
///
/// Invariants: edits are sorted and disjoint on both sides; `orig_*` are
/// character boundaries of the original; the normalised side is ASCII.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Edit {
    norm_start: usize,
    norm_end: usize,
    orig_start: usize,
    orig_end: usize,
}

impl Edit {
    fn is_deletion(&self) -> bool {
        self.norm_start == self.norm_end
    }
}

/// A normalised copy of a text plus the alignment back to the original.
///
/// Normalisations (all to ASCII, letters with diacritics are left alone):
/// typographic single quotes/apostrophes/primes to `'`; typographic double
/// quotes and guillemets to `"`; hyphens, dashes and the minus sign to `-`;
/// `…` to `...`; no-break, thin and other Unicode spaces to `' '`; `\r\n`,
/// a lone `\r`, NEL and LINE SEPARATOR to `\n`; PARAGRAPH SEPARATOR to a blank
/// line; zero-width characters, the BOM and soft hyphens removed; full-width
/// ASCII and the Latin ligatures (ﬁ, ﬂ, ...) to plain ASCII.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    text: String,
    original_len: usize,
    edits: Vec<Edit>,
}

impl Normalized {
    /// Normalises `original`. Runs in one pass; only bytes that can start a
    /// character we rewrite are decoded, everything else is copied in bulk.
    pub fn new(original: &str) -> Normalized {
        let bytes = original.as_bytes();
        let mut text = String::with_capacity(original.len());
        let mut edits: Vec<Edit> = Vec::new();
        // Start of the stretch that has been scanned but not yet copied.
        let mut pending = 0;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if !may_start_replaced_char(b) {
                i += 1;
                continue;
            }
            // `i` is a character boundary: `b` is ASCII or a UTF-8 lead byte.
            let Some(c) = original.get(i..).and_then(|s| s.chars().next()) else {
                i += 1;
                continue;
            };
            let (replacement, orig_len) = if c == '\r' {
                let len = if bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                ("\n", len)
            } else if let Some(r) = replacement(c) {
                (r, c.len_utf8())
            } else {
                i += c.len_utf8();
                continue;
            };
            text.push_str(original.get(pending..i).unwrap_or_default());
            let norm_start = text.len();
            text.push_str(replacement);
            push_edit(
                &mut edits,
                Edit {
                    norm_start,
                    norm_end: text.len(),
                    orig_start: i,
                    orig_end: i + orig_len,
                },
            );
            i += orig_len;
            pending = i;
        }
        text.push_str(original.get(pending..).unwrap_or_default());
        Normalized {
            text,
            original_len: original.len(),
            edits,
        }
    }

    /// The normalised text, which all later stages analyse.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The length in bytes of the original text.
    pub fn original_len(&self) -> usize {
        self.original_len
    }

    /// True when normalisation changed nothing, so offsets map to themselves.
    pub fn is_identity(&self) -> bool {
        self.edits.is_empty()
    }

    /// Map a byte range of the normalised text back to the original text.
    ///
    /// The start maps to the start of the original character(s) that produced
    /// it and the end to the end of them, so a range covering `...` made from
    /// `…` covers the whole `…`, and a range inside it grows to cover it.
    /// Characters deleted at the edges (a soft hyphen, a zero-width space) are
    /// left out. Out-of-range offsets are clamped; the result always lies on
    /// character boundaries of the original and `start <= end`.
    pub fn to_original(&self, range: Range<usize>) -> Range<usize> {
        let start = self.map_start(range.start);
        if range.end <= range.start {
            return start..start;
        }
        let end = self.map_end(range.end).max(start);
        start..end
    }

    /// Map one offset of the normalised text to the original text, biased to
    /// the start: an offset inside or at the start of a replacement maps to
    /// the start of the original character, an offset just after deleted
    /// characters maps past them.
    pub fn to_original_offset(&self, offset: usize) -> usize {
        self.map_start(offset)
    }

    /// [`Normalized::to_original`] for a [`Span`].
    pub fn to_original_span(&self, span: Span) -> Span {
        Span::from(self.to_original(span.range()))
    }

    fn map_start(&self, offset: usize) -> usize {
        let n = floor_boundary(&self.text, offset);
        // The first edit not wholly before `n`. Edits are sorted by their
        // normalised end, so this is a binary search.
        let i = self.edits.partition_point(|e| e.norm_end <= n);
        if let Some(e) = self.edits.get(i)
            && e.norm_start <= n
        {
            // `n` is at the start of or inside a replacement.
            return e.orig_start;
        }
        self.copy_shift(i, n)
    }

    fn map_end(&self, offset: usize) -> usize {
        let n = ceil_boundary(&self.text, offset);
        // Edits that end at or before `n`, except deletions sitting exactly
        // at `n`: those come after the character that ends at `n`.
        let i = self
            .edits
            .partition_point(|e| e.norm_end < n || (e.norm_end == n && !e.is_deletion()));
        if let Some(e) = self.edits.get(i)
            && e.norm_start < n
            && n < e.norm_end
        {
            // `n` is strictly inside a replacement.
            return e.orig_end;
        }
        self.copy_shift(i, n)
    }

    /// Offset `n` in a copied stretch whose preceding edit is `edits[i - 1]`.
    fn copy_shift(&self, i: usize, n: usize) -> usize {
        let mapped = match i.checked_sub(1).and_then(|k| self.edits.get(k)) {
            Some(e) => e.orig_end + n.saturating_sub(e.norm_end),
            None => n,
        };
        mapped.min(self.original_len)
    }
}

fn push_edit(edits: &mut Vec<Edit>, edit: Edit) {
    // Adjacent deletions carry no information apart: merge them so a run of
    // a million zero-width spaces is one edit.
    if let Some(last) = edits.last_mut()
        && last.is_deletion()
        && edit.is_deletion()
        && last.orig_end == edit.orig_start
    {
        last.orig_end = edit.orig_end;
        return;
    }
    edits.push(edit);
}

/// Whether byte `b` can start a character that [`replacement`] rewrites (or
/// `\r`). Every such character's UTF-8 encoding starts with one of these
/// bytes, and none of them is a continuation byte, so the scan can skip all
/// other bytes — including whole runs of Arabic or Cyrillic — undecoded.
#[inline]
fn may_start_replaced_char(b: u8) -> bool {
    matches!(b, b'\r' | 0xC2 | 0xCA | 0xE1 | 0xE2 | 0xE3 | 0xEF)
}

/// Printable ASCII in code point order, so full-width forms (U+FF01..=U+FF5E)
/// map by index without a table per character.
const PRINTABLE_ASCII: &str = "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

fn replacement(c: char) -> Option<&'static str> {
    Some(match c {
        // Typographic single quotes, apostrophes and the prime, which OCR and
        // word processors put where an apostrophe belongs.
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}'
        | '\u{2039}' | '\u{203A}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => "\"",
        // Hyphen, non-breaking hyphen, figure dash, en dash, em dash,
        // horizontal bar, minus sign, small em dash, small hyphen-minus.
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' => "-",
        '\u{2026}' => "...",
        '\u{00A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => " ",
        '\u{0085}' | '\u{2028}' => "\n",
        '\u{2029}' => "\n\n",
        // Soft hyphen, Mongolian vowel separator, zero-width space/non-joiner/
        // joiner, word joiner, BOM. Removing ZWNJ merges Persian compound
        // words; dictionaries are written without it, so matching improves.
        '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => "",
        '\u{FB00}' => "ff",
        '\u{FB01}' => "fi",
        '\u{FB02}' => "fl",
        '\u{FB03}' => "ffi",
        '\u{FB04}' => "ffl",
        '\u{FB05}' | '\u{FB06}' => "st",
        '\u{FF01}'..='\u{FF5E}' => {
            let k = c as usize - 0xFF01;
            return PRINTABLE_ASCII.get(k..k + 1);
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks the normalised text, then the alignment properties on it.
    #[test]
    fn normalization_table() {
        let cases: &[(&str, &str)] = &[
            ("plain ASCII stays", "plain ASCII stays"),
            ("", ""),
            (
                "the government’s security forces",
                "the government's security forces",
            ),
            ("Taliban – ultimately", "Taliban - ultimately"),
            ("“…reports suggest", "\"...reports suggest"),
            ("‘a’ ‚b‛ 5′ ʼc ‹d›", "'a' 'b' 5' 'c 'd'"),
            ("“x” „y‟ 5″ «z»", "\"x\" \"y\" 5\" \"z\""),
            ("a‐b‑c‒d–e—f―g−h", "a-b-c-d-e-f-g-h"),
            ("a\u{00A0}b\u{2009}c\u{202F}d\u{3000}e", "a b c d e"),
            ("zero\u{200B}width\u{00AD}soft\u{FEFF}", "zerowidthsoft"),
            ("line\r\nbreak\rold", "line\nbreak\nold"),
            ("ＡＢＣ１２３！", "ABC123!"),
            ("ﬁre ﬂee oﬀ", "fire flee off"),
            ("Zürich Kābul کابل Кабул", "Zürich Kābul کابل Кабул"),
            ("para\u{2029}next", "para\n\nnext"),
        ];
        for &(input, expected) in cases {
            let n = Normalized::new(input);
            assert_eq!(n.text(), expected, "input {input:?}");
            assert_eq!(n.original_len(), input.len());
            check_alignment(input, &n);
        }
    }

    /// The properties from the brief: every char boundary of the normalised
    /// text maps to a char boundary of the original, monotonically, and an
    /// unchanged stretch maps to identical text.
    fn check_alignment(original: &str, n: &Normalized) {
        let text = n.text();
        let mut last = 0;
        for i in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let o = n.to_original_offset(i);
            assert!(original.is_char_boundary(o), "{i} -> {o} in {original:?}");
            assert!(o >= last, "not monotone at {i} in {original:?}");
            last = o;
        }
        assert_eq!(n.to_original_offset(text.len()), original.len());
        // Every stretch between edits was copied, so it maps to identical text.
        let mut copy_start = 0;
        let bounds = n.edits.iter().map(|e| (e.norm_start, e.norm_end));
        for (edit_start, edit_end) in bounds.chain([(text.len(), text.len())]) {
            let stretch = copy_start..edit_start;
            if !stretch.is_empty() {
                let mapped = n.to_original(stretch.clone());
                assert_eq!(&original[mapped], &text[stretch], "in {original:?}");
            }
            copy_start = edit_end;
        }
        // Each normalised char maps to a range whose text, normalised, is
        // that char (or contains it, for multi-char replacements).
        for (i, c) in text.char_indices() {
            let r = n.to_original(i..i + c.len_utf8());
            let source = &original[r.clone()];
            assert!(!source.is_empty(), "{c:?} at {i} maps to nothing");
            let renormalised = Normalized::new(source);
            assert!(
                renormalised.text().contains(c),
                "{c:?} at {i} maps to {source:?} in {original:?}"
            );
            if original.get(r.clone()) == Some(c.encode_utf8(&mut [0; 4])) {
                assert_eq!(r.len(), c.len_utf8());
            }
        }
    }

    #[test]
    fn ranges_map_back_to_original_text() {
        // (original, normalised substring, expected original text)
        let cases: &[(&str, &str, &str)] = &[
            ("the government’s security", "government's", "government’s"),
            ("the government’s security", "security", "security"),
            (
                "Taliban – ultimately",
                "Taliban - ultimately",
                "Taliban – ultimately",
            ),
            ("“…reports suggest", "reports", "reports"),
            ("“…reports suggest", "\"...reports", "“…reports"),
            // A range inside the expansion of "…" grows to the whole "…".
            ("a…b", "..", "…"),
            // Deleted characters at the edges are left out.
            ("foo\u{AD}bar", "bar", "bar"),
            ("foo\u{AD}bar", "foo", "foo"),
            ("\u{200B}“x”\u{200B}", "\"x\"", "“x”"),
            ("line\r\nnext", "\nnext", "\r\nnext"),
            ("ＩＳＩＳ-K", "ISIS-K", "ＩＳＩＳ-K"),
        ];
        for &(original, needle, expected) in cases {
            let n = Normalized::new(original);
            let start = n.text().find(needle).expect("needle in normalised text");
            let r = n.to_original(start..start + needle.len());
            assert_eq!(&original[r], expected, "{needle:?} in {original:?}");
        }
    }

    #[test]
    fn alignment_is_sparse_and_clamped() {
        let ascii = Normalized::new("No change at all.\nNone.");
        assert!(ascii.is_identity());
        assert_eq!(ascii.to_original(3..9), 3..9);
        // Offsets past the end clamp instead of panicking; reversed ranges
        // come back empty.
        let n = Normalized::new("a’b");
        assert_eq!(n.to_original(0..100), 0..5);
        assert_eq!(n.to_original_offset(100), 5);
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = 2..1;
        assert_eq!(n.to_original(reversed), 4..4);
        assert_eq!(n.edits.len(), 1);
        // A long run of deletions is one edit.
        let zw = "x".to_string() + &"\u{200B}".repeat(1000) + "y";
        let n = Normalized::new(&zw);
        assert_eq!(n.text(), "xy");
        assert_eq!(n.edits.len(), 1);
        assert_eq!(n.to_original(1..2), zw.len() - 1..zw.len());
    }

    #[test]
    fn seed_article_alignment_holds() {
        let original = include_str!("../tests/fixtures/isis-k-ghor-2018.txt");
        let n = Normalized::new(original);
        check_alignment(original, &n);
        // Only the 14 typographic characters in the article are edited.
        assert_eq!(n.edits.len(), 14);
    }
}
