//! Words, numbers and punctuation with byte offsets.
//!
//! Decisions, applied everywhere the same way:
//! - Internal hyphens join ("ISIS-K", "long-entrenched", "twenty-seven",
//!   "AK-47", "U.S.-led", "9-year-old"); a hyphen between two numbers does
//!   not, so "1,000-2,000" is `1,000` `-` `2,000` for the range grammar.
//! - Internal apostrophes join ("O'Brien", "don't"), but the possessive `'s`
//!   is split off as its own [`TokenKind::Word`] token: "Taliban's" is
//!   `Taliban` + `'s`, so the name is a whole token for dictionary lookups.
//!   A trailing apostrophe ("Afghans'") is punctuation.
//! - Dotted acronyms ("U.S.", "e.g.", "a.m.") are one token including the
//!   final period; so are known abbreviations ("Gen.", "Mr.", "Feb.", "Inc."),
//!   and "No." / "p." style abbreviations when a number follows. A lone
//!   initial ("J.") is a word plus a period.
//! - Numbers keep thousands separators (`60,000`, only groups of exactly
//!   three digits) and decimals (`1.5`). A number glued to letters becomes a
//!   word ("4th", "1970s", "2.3m", "10km"): its kind says it is not a plain
//!   number, and [`crate::find_quantities`] reads the few suffixes it wants.
//! - Everything else that is not whitespace is a one-character
//!   [`TokenKind::Punct`] token.

use std::ops::Range;

use sitrep_model::Span;

use crate::abbrev::{AbbrevKind, abbreviation};
use crate::util::{char_at, char_before, floor_boundary};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
}

/// A token as a byte range into the text given to [`tokenize`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

impl Token {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }

    /// The token's text; empty if `text` is not the text it was made from.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or_default()
    }
}

/// Tokens of `text[range]`, with offsets absolute into `text`. The range is
/// clamped to the text and to character boundaries.
pub fn tokenize(text: &str, range: Range<usize>) -> Vec<Token> {
    let end = floor_boundary(text, range.end);
    let mut i = floor_boundary(text, range.start.min(end));
    let mut out = Vec::with_capacity((end - i) / 5 + 1);
    let bytes = text.as_bytes();
    while i < end {
        // Spaces between words, without decoding.
        if bytes.get(i) == Some(&b' ') {
            i += 1;
            continue;
        }
        let Some(c) = char_at(text, i) else { break };
        let len = c.len_utf8();
        if c.is_whitespace() {
            i += len;
            continue;
        }
        if is_word_char(c) {
            let (token_end, kind) = scan_word(text, i, end);
            out.push(Token {
                start: i,
                end: token_end,
                kind,
            });
            i = token_end;
            continue;
        }
        if let Some(token_end) = possessive_end(text, i, end, out.last()) {
            out.push(Token {
                start: i,
                end: token_end,
                kind: TokenKind::Word,
            });
            i = token_end;
            continue;
        }
        out.push(Token {
            start: i,
            end: i + len,
            kind: TokenKind::Punct,
        });
        i += len;
    }
    out
}

/// Whether the bytes around `text[start..end]` are not letters or digits, so
/// a dictionary match there is a whole word: "UN" in "the UN said" is,
/// "UN" in "unknown" is not. Returns `false` for a range that does not fit
/// the text or does not fall on character boundaries.
pub fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    if start > end || text.get(start..end).is_none() {
        return false;
    }
    !char_before(text, start).is_some_and(is_word_char)
        && !char_at(text, end).is_some_and(is_word_char)
}

/// Letters, digits and combining marks: the characters words are made of.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_combining_mark(c) || c == '\u{200C}' || c == '\u{200D}'
}

/// The main blocks of combining marks (std has no general-category lookup):
/// Latin diacritics, Hebrew points, Arabic harakat, Indic vowel signs.
fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0489}'
        | '\u{0591}'..='\u{05BD}'
        | '\u{05BF}' | '\u{05C1}' | '\u{05C2}' | '\u{05C4}' | '\u{05C5}' | '\u{05C7}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}' | '\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{0900}'..='\u{0903}'
        | '\u{093A}'..='\u{094F}'
        | '\u{0951}'..='\u{0957}'
        | '\u{0962}' | '\u{0963}'
        | '\u{0981}'..='\u{0983}'
        | '\u{09BC}'..='\u{09D7}'
        | '\u{0A01}'..='\u{0A03}'
        | '\u{0A3C}'..='\u{0A51}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}'
    )
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn is_hyphen(c: char) -> bool {
    c == '-' || c == '\u{2010}' || c == '\u{2011}'
}

/// A possessive `'s` right after a word: "Taliban's" -> "'s".
fn possessive_end(text: &str, i: usize, end: usize, prev: Option<&Token>) -> Option<usize> {
    let c = char_at(text, i)?;
    if !is_apostrophe(c) || prev.is_none_or(|t| t.end != i || t.kind == TokenKind::Punct) {
        return None;
    }
    let s_at = i + c.len_utf8();
    if s_at >= end || !matches!(char_at(text, s_at), Some('s' | 'S')) {
        return None;
    }
    let after = s_at + 1;
    if after < end && char_at(text, after).is_some_and(is_word_char) {
        return None;
    }
    Some(after)
}

/// Scans the word or number starting at `i` (a word character).
fn scan_word(text: &str, i: usize, end: usize) -> (usize, TokenKind) {
    if let Some(acronym_end) = dotted_acronym_end(text, i, end) {
        return (continue_word(text, acronym_end, end), TokenKind::Word);
    }
    let mut j = i;
    if char_at(text, i).is_some_and(|c| c.is_ascii_digit()) {
        j = scan_number(text, i, end);
        let glued_letters = match char_at(text, j) {
            Some(c) if j < end && is_word_char(c) => true,
            Some(c) if j < end && is_hyphen(c) => {
                char_at(text, j + c.len_utf8()).is_some_and(char::is_alphabetic)
            }
            _ => false,
        };
        if !glued_letters {
            return (j, TokenKind::Number);
        }
    }
    j = continue_word(text, j, end);
    // A known abbreviation keeps its period.
    if j < end
        && char_at(text, j) == Some('.')
        && let Some(word) = text.get(i..j)
        && word.bytes().all(|b| b.is_ascii_alphabetic())
        && let Some(kind) = abbreviation(word)
    {
        let keep = match kind {
            AbbrevKind::BeforeNumber => {
                let rest = text.get(j + 1..end).unwrap_or_default();
                let trimmed = rest.trim_start();
                trimmed.len() < rest.len() && trimmed.starts_with(|c: char| c.is_ascii_digit())
            }
            _ => true,
        };
        if keep {
            j += 1;
        }
    }
    (j, TokenKind::Word)
}

/// Word characters from `j`, joined across internal hyphens and apostrophes
/// (but not across a possessive `'s`).
fn continue_word(text: &str, mut j: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    while j < end {
        // ASCII letters and digits continue the word, and any other ASCII
        // byte but a hyphen or an apostrophe ends it: the common case,
        // without decoding.
        if let Some(&b) = bytes.get(j)
            && b.is_ascii()
        {
            if b.is_ascii_alphanumeric() {
                j += 1;
                continue;
            }
            if b != b'-' && b != b'\'' {
                break;
            }
        }
        let Some(c) = char_at(text, j) else { break };
        let len = c.len_utf8();
        if is_word_char(c) {
            j += len;
            continue;
        }
        let Some(next) = char_at(text, j + len).filter(|_| j + len < end) else {
            break;
        };
        if is_hyphen(c) && is_word_char(next) {
            j += len;
            continue;
        }
        if is_apostrophe(c) && next.is_alphabetic() && !is_possessive_s(text, j + len, end) {
            j += len;
            continue;
        }
        break;
    }
    j
}

/// Whether an `s` at `i` stands alone (the possessive in "Taliban's").
fn is_possessive_s(text: &str, i: usize, end: usize) -> bool {
    matches!(char_at(text, i), Some('s' | 'S'))
        && (i + 1 >= end || !char_at(text, i + 1).is_some_and(is_word_char))
}

/// "U.S.", "e.g.", "a.m.", "U.N.": two or more single letters each followed
/// by a period. Returns the end after the last period.
fn dotted_acronym_end(text: &str, i: usize, end: usize) -> Option<usize> {
    let mut j = i;
    let mut pairs = 0;
    while j < end {
        let Some(c) = char_at(text, j).filter(|c| c.is_alphabetic()) else {
            break;
        };
        let dot = j + c.len_utf8();
        if dot >= end || char_at(text, dot) != Some('.') {
            break;
        }
        pairs += 1;
        j = dot + 1;
    }
    (pairs >= 2).then_some(j)
}

/// Digits with thousands separators (exactly three digits after each comma)
/// and one decimal part.
fn scan_number(text: &str, i: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let digit = |k: usize| k < end && bytes.get(k).is_some_and(u8::is_ascii_digit);
    let mut j = i;
    while digit(j) {
        j += 1;
    }
    let mut seen_decimal = false;
    loop {
        match bytes.get(j) {
            Some(b',')
                if !seen_decimal
                    && digit(j + 1)
                    && digit(j + 2)
                    && digit(j + 3)
                    && !digit(j + 4) =>
            {
                j += 4;
            }
            Some(b'.') if !seen_decimal && digit(j + 1) => {
                seen_decimal = true;
                j += 1;
                while digit(j) {
                    j += 1;
                }
            }
            _ => break,
        }
    }
    j
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokenizes the input and renders tokens as `text/kind` strings.
    fn check(cases: &[(&str, &[&str])]) {
        for (input, expected) in cases {
            let got: Vec<String> = tokenize(input, 0..input.len())
                .into_iter()
                .map(|t| {
                    let kind = match t.kind {
                        TokenKind::Word => "w",
                        TokenKind::Number => "n",
                        TokenKind::Punct => "p",
                    };
                    format!("{}/{kind}", &input[t.start..t.end])
                })
                .collect();
            assert_eq!(got, *expected, "input: {input:?}");
        }
    }

    #[test]
    fn token_table() {
        check(&[
            ("", &[]),
            ("ISIS-K attacks", &["ISIS-K/w", "attacks/w"]),
            (
                "long-entrenched twenty-seven",
                &["long-entrenched/w", "twenty-seven/w"],
            ),
            (
                "the Taliban's men",
                &["the/w", "Taliban/w", "'s/w", "men/w"],
            ),
            ("ISIS-K’s 1,000", &["ISIS-K/w", "’s/w", "1,000/n"]),
            ("O'Brien don't", &["O'Brien/w", "don't/w"]),
            (
                "the Afghans' land",
                &["the/w", "Afghans/w", "'/p", "land/w"],
            ),
            ("U.S. forces", &["U.S./w", "forces/w"]),
            ("U.S.-led raid", &["U.S.-led/w", "raid/w"]),
            (
                "Gen. Smith, Mr. Khan",
                &["Gen./w", "Smith/w", ",/p", "Mr./w", "Khan/w"],
            ),
            (
                "No. 3 but said no.",
                &["No./w", "3/n", "but/w", "said/w", "no/w", "./p"],
            ),
            ("J. Smith", &["J/w", "./p", "Smith/w"]),
            (
                "60,000 and 1.5 million",
                &["60,000/n", "and/w", "1.5/n", "million/w"],
            ),
            ("1,000-2,000.", &["1,000/n", "-/p", "2,000/n", "./p"]),
            (
                "10,20 1,0000",
                &["10/n", ",/p", "20/n", "1/n", ",/p", "0000/n"],
            ),
            ("4th 1970s 2.3m", &["4th/w", "1970s/w", "2.3m/w"]),
            ("a 9-year-old AK-47", &["a/w", "9-year-old/w", "AK-47/w"]),
            (
                "10:30 40% $5",
                &["10/n", ":/p", "30/n", "40/n", "%/p", "$/p", "5/n"],
            ),
            ("Zürich Кабул کابل", &["Zürich/w", "Кабул/w", "کابل/w"]),
            ("e.g. 9 a.m.", &["e.g./w", "9/n", "a.m./w"]),
            (
                "“Why?” – no",
                &["“/p", "Why/w", "?/p", "”/p", "–/p", "no/w"],
            ),
        ]);
    }

    #[test]
    fn token_range_is_absolute_and_clamped() {
        let text = "ab Zürich cd";
        // (range, expected (start, text) of each token)
        type Case = (Range<usize>, &'static [(usize, &'static str)]);
        #[allow(clippy::reversed_empty_ranges)]
        let cases: &[Case] = &[
            (3..10, &[(3, "Zürich")]),
            // A range ending inside "ü" is floored to a character boundary.
            (3..5, &[(3, "Z")]),
            (0..usize::MAX, &[(0, "ab"), (3, "Zürich"), (11, "cd")]),
            (100..200, &[]),
            (9..3, &[]),
        ];
        for (range, expected) in cases {
            let got: Vec<(usize, &str)> = tokenize(text, range.clone())
                .iter()
                .map(|t| (t.start, t.text(text)))
                .collect();
            assert_eq!(got, *expected, "range {range:?}");
        }
    }

    #[test]
    fn word_boundary_table() {
        let cases: &[(&str, &str, bool)] = &[
            ("the UN said", "UN", true),
            ("unknown", "un", false),
            ("UNICEF", "UN", false),
            ("(UN)", "UN", true),
            ("UN", "UN", true),
            ("Taliban's", "Taliban", true),
            ("ISIS-K", "ISIS", true),
            ("Zürich", "Z", false),
            ("ISIS2", "ISIS", false),
        ];
        for &(text, needle, expected) in cases {
            let start = text.find(needle).expect("needle in text");
            assert_eq!(
                is_word_boundary(text, start, start + needle.len()),
                expected,
                "{needle:?} in {text:?}"
            );
        }
        assert!(!is_word_boundary("Zürich", 2, 3), "inside a character");
        assert!(!is_word_boundary("abc", 2, 9), "out of range");
        assert!(!is_word_boundary("abc", 2, 1), "reversed");
    }
}
