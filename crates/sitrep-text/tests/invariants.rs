//! Invariants checked on many generated texts: nothing panics, every range
//! lies on character boundaries and comes in order, the alignment is
//! monotone. The generator is a fixed-seed xorshift over an alphabet of the
//! characters the rules care about, so failures reproduce.

use std::ops::Range;

use sitrep_text::{
    Normalized, find_changes, find_quantities, is_word_boundary, paragraphs, parse_number,
    sentences, tokenize,
};

/// Pieces the generator strings together: punctuation the splitter looks at,
/// multibyte characters the normaliser rewrites or keeps, number words.
const PIECES: &[&str] = &[
    " ",
    " ",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    ".",
    ".",
    "?",
    "!",
    "...",
    "…",
    "\"",
    "'",
    "“",
    "”",
    "’",
    "(",
    ")",
    "[",
    "]",
    "[2]",
    "-",
    "–",
    "—",
    ",",
    ":",
    "/",
    "%",
    "$",
    "\u{a0}",
    "\u{200b}",
    "\u{ad}",
    "ﬁ",
    "Ａ",
    "ü",
    "کابل",
    "Кабул",
    "́",
    "U.S.",
    "Gen.",
    "No.",
    "e.g.",
    "a.m.",
    "J.",
    "The",
    "the",
    "killed",
    "one",
    "a",
    "dozen",
    "dozens",
    "tens",
    "of",
    "thousands",
    "at",
    "least",
    "up",
    "to",
    "between",
    "and",
    "or",
    "more",
    "twenty-seven",
    "hundred",
    "million",
    "1",
    "12",
    "2014",
    "60,000",
    "1.5",
    "10 000",
    "March",
    "tripled",
    "rose",
    "by",
    "40",
    "fold",
    "'s",
    "ISIS-K",
];

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn generate(rng: &mut XorShift) -> String {
    let len = rng.below(40);
    (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect()
}

fn assert_ranges(text: &str, ranges: &[Range<usize>], what: &str, allow_touching: bool) {
    let mut last_end = 0;
    for r in ranges {
        assert!(r.start < r.end, "{what}: empty {r:?} in {text:?}");
        assert!(
            text.get(r.clone()).is_some(),
            "{what}: {r:?} not on boundaries in {text:?}"
        );
        if allow_touching {
            assert!(r.start >= last_end, "{what}: overlap at {r:?} in {text:?}");
        } else {
            assert!(
                r.start > last_end || last_end == 0,
                "{what}: {r:?} touches in {text:?}"
            );
        }
        last_end = r.end;
    }
}

#[test]
fn generated_texts_keep_the_invariants() {
    let mut rng = XorShift(0x5eed_1234_abcd_0001);
    for _ in 0..3000 {
        let raw = generate(&mut rng);

        let n = Normalized::new(&raw);
        let text = n.text();
        let mut last = 0;
        for i in 0..=text.len() + 2 {
            let o = n.to_original_offset(i);
            assert!(raw.is_char_boundary(o), "offset {i} -> {o} in {raw:?}");
            if text.is_char_boundary(i) {
                assert!(o >= last, "alignment not monotone at {i} in {raw:?}");
                last = o;
            }
            let r = n.to_original(i.saturating_sub(3)..i);
            assert!(r.start <= r.end && raw.get(r).is_some());
        }

        for r in sentences(text) {
            let s = &text[r.clone()];
            assert_eq!(s, s.trim(), "untrimmed sentence in {raw:?}");
            let _ = tokenize(text, r);
        }
        assert_ranges(text, &sentences(text), "sentences", true);
        assert_ranges(text, &paragraphs(text), "paragraphs", false);
        // The raw text must be accepted too.
        assert_ranges(&raw, &sentences(&raw), "raw sentences", true);

        let tokens: Vec<Range<usize>> = tokenize(text, 0..text.len())
            .iter()
            .map(|t| t.start..t.end)
            .collect();
        assert_ranges(text, &tokens, "tokens", true);
        let _ = tokenize(&raw, 0..raw.len());

        let quantities: Vec<Range<usize>> = find_quantities(text)
            .iter()
            .map(|q| q.start..q.end)
            .collect();
        assert_ranges(text, &quantities, "quantities", true);
        for q in find_quantities(&raw).iter().chain(&find_quantities(text)) {
            // The coded value is the low bound when there is one, and never
            // above the high bound.
            assert!(q.low.is_none_or(|l| l == q.value), "{q:?} in {raw:?}");
            assert!(q.high.is_none_or(|h| h >= q.value), "{q:?} in {raw:?}");
        }
        let changes: Vec<Range<usize>> =
            find_changes(text).iter().map(|c| c.start..c.end).collect();
        assert_ranges(text, &changes, "changes", true);

        let _ = parse_number(text);
        for i in 0..raw.len() {
            let _ = is_word_boundary(&raw, i, (i + 2).min(raw.len() + 1));
        }
    }
}
