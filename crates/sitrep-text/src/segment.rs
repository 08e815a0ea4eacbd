//! Paragraphs and sentences as byte ranges.
//!
//! The splitter is rule-based and single-pass: it visits only `.`, `?`, `!`
//! and `…`, and decides from the word before (an abbreviation table, initials,
//! acronyms) and the word after (lower case continues the sentence; after an
//! abbreviation that may end a sentence, only a common sentence-initial word
//! splits). Line structure is decided first: a blank line always ends a
//! sentence, a single newline ends one after a heading-like line, and
//! hard-wrapped prose is joined.
//!
//! It expects normalised text (see [`crate::Normalized`]) but tolerates raw
//! text: curly closing quotes and `…` are understood too.
//!
//! A sentence longer than [`MAX_SENTENCE_BYTES`] is cut at word breaks into
//! pieces no longer than that. No written sentence comes near it; a page
//! without punctuation (a scraped table, a hostile 50 MB line) does, and
//! the coder's per-sentence rules cost time quadratic in a sentence's
//! length, so the cap is what keeps such a document linear.

use std::ops::Range;

use crate::abbrev::{AbbrevKind, abbreviation, is_sentence_starter};
use crate::util::{char_at, is_space, push_trimmed};

/// Paragraph ranges: maximal runs of non-blank lines, split at blank lines
/// (lines holding only whitespace), trimmed, never empty, in order.
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut current: Option<Range<usize>> = None;
    for line in lines(text) {
        let blank = text.get(line.clone()).is_none_or(|l| l.trim().is_empty());
        if blank {
            if let Some(p) = current.take() {
                push_trimmed(text, p, &mut out);
            }
        } else {
            current = Some(current.map_or(line.start, |p| p.start)..line.end);
        }
    }
    if let Some(p) = current {
        push_trimmed(text, p, &mut out);
    }
    out
}

/// Sentence byte ranges over (normalised) text, in order, trimmed of
/// surrounding whitespace, never empty. A sentence that ends inside closing
/// quotes or brackets (`provinces."`) includes them, as do trailing
/// Wikipedia-style citation marks (`killed.[2]`).
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    sentences_with_cuts(text).0
}

/// The longest sentence [`sentences`] returns, in bytes.
pub const MAX_SENTENCE_BYTES: usize = 4096;

/// [`sentences`], and how many overlong sentences were cut into pieces, so
/// the caller can report it.
pub fn sentences_with_cuts(text: &str) -> (Vec<Range<usize>>, usize) {
    let mut out = Vec::new();
    let mut cuts = 0;
    for range in split_sentences(text) {
        if range.len() > MAX_SENTENCE_BYTES {
            cuts += 1;
            cut_overlong(text, range, &mut out);
        } else {
            out.push(range);
        }
    }
    (out, cuts)
}

/// Cuts `range` into trimmed pieces of at most [`MAX_SENTENCE_BYTES`],
/// each ending at the last whitespace within the cap, or at a character
/// boundary when a piece has no whitespace at all.
fn cut_overlong(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let end = range.end.min(text.len());
    let mut start = range.start;
    while end - start > MAX_SENTENCE_BYTES {
        let limit = start + MAX_SENTENCE_BYTES;
        let space = bytes
            .get(start + 1..limit)
            .and_then(|window| window.iter().rposition(|b| b.is_ascii_whitespace()))
            .map(|at| start + 1 + at);
        let mut cut = space.unwrap_or(limit);
        while cut > start + 1 && !text.is_char_boundary(cut) {
            cut -= 1;
        }
        push_trimmed(text, start..cut, out);
        start = cut;
    }
    push_trimmed(text, start..end, out);
}

fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut para_lines: Vec<Range<usize>> = Vec::new();
    for para in paragraphs(text) {
        para_lines.clear();
        for line in lines_in(text, para.clone()) {
            push_trimmed(text, line, &mut para_lines);
        }
        let longest = para_lines.iter().map(|l| l.len()).max().unwrap_or(0);
        let mut unit_start = para.start;
        for pair in para_lines.windows(2) {
            let [line, next] = pair else { continue };
            if is_heading_break(text, line.clone(), next.clone(), longest) {
                split_unit(text, unit_start..line.end, &mut out);
                unit_start = next.start;
            }
        }
        split_unit(text, unit_start..para.end, &mut out);
    }
    out
}

/// Line ranges (without the `\n`) of the whole text.
fn lines(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    lines_in(text, 0..text.len())
}

fn lines_in(text: &str, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let base = range.start;
    let mut offset = base;
    text.get(range)
        .unwrap_or_default()
        .split('\n')
        .map(move |l| {
            let start = offset;
            offset += l.len() + 1;
            start..start + l.len()
        })
}

/// Whether a single newline between the trimmed lines `line` and `next` ends
/// a sentence although `line` has no terminal punctuation: `line` looks like
/// a headline, dateline or list item rather than hard-wrapped prose.
fn is_heading_break(text: &str, line: Range<usize>, next: Range<usize>, longest: usize) -> bool {
    let (Some(a), Some(b)) = (text.get(line.clone()), text.get(next)) else {
        return false;
    };
    let Some(last) = a.chars().next_back() else {
        return false;
    };
    // Terminal punctuation is left to the punctuation rules, which know about
    // abbreviations ("Gen.\nSmith" is wrapped prose).
    if matches!(
        last,
        '.' | '?' | '!' | '…' | '"' | '\'' | '”' | '’' | ')' | ']'
    ) {
        return false;
    }
    // A word hyphenated across the line break ("long-\nentrenched").
    if last == '-' && !a.ends_with(" -") {
        return false;
    }
    if is_list_item(b) {
        return true;
    }
    // A line ending in a comma, colon and the like is continued.
    if matches!(last, ',' | ';' | ':' | '(' | '/' | '&') {
        return false;
    }
    if b.chars().next().is_none_or(char::is_lowercase) {
        return false;
    }
    // Short relative to the paragraph's longest line: hard-wrapped prose has
    // lines of similar length, a headline over a paragraph does not.
    if a.len() * 10 < longest * 7 {
        return true;
    }
    looks_like_title(a)
}

fn is_list_item(line: &str) -> bool {
    let mut chars = line.chars();
    match chars.next() {
        Some('-' | '*' | '•' | '·') => chars.next().is_some_and(char::is_whitespace),
        Some(c) if c.is_ascii_digit() => {
            let rest = line.trim_start_matches(|c: char| c.is_ascii_digit());
            rest.starts_with(". ") || rest.starts_with(") ")
        }
        _ => false,
    }
}

/// Title case: at least three quarters of the words of four letters or more
/// are capitalised ("Increasingly Isolated in Afghanistan, ISIS-K Attacks").
fn looks_like_title(line: &str) -> bool {
    let mut long = 0;
    let mut capitalised = 0;
    for word in line.split_whitespace() {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        if word.chars().count() < 4 {
            continue;
        }
        long += 1;
        if word.chars().next().is_some_and(char::is_uppercase) {
            capitalised += 1;
        }
    }
    long > 0 && capitalised * 4 >= long * 3
}

/// Splits one stretch of text in which newlines are plain whitespace.
fn split_unit(text: &str, unit: Range<usize>, out: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let end = unit.end.min(text.len());
    let mut sentence_start = unit.start;
    let mut i = unit.start;
    while i < end {
        if terminator_len(bytes, i) == 0 {
            i += 1;
            continue;
        }
        // The whole run of terminators: "?!", "...", "?\"".
        let run_start = i;
        let mut run_end = i;
        let mut dots = 0;
        let mut question_or_bang = false;
        let mut ellipsis_char = false;
        loop {
            match bytes.get(run_end) {
                Some(b'.') => dots += 1,
                Some(b'?' | b'!') => question_or_bang = true,
                _ if terminator_len(bytes, run_end) == 3 => ellipsis_char = true,
                _ => break,
            }
            run_end += terminator_len(bytes, run_end);
        }
        let after = skip_closers(text, run_end, end);
        if after >= end {
            break;
        }
        // Only whitespace after the punctuation can end a sentence: this
        // keeps "U.S.-led", "1.5", "...reports" and "D.C.,[24]" whole.
        if !char_at(text, after).is_some_and(is_space) {
            i = run_end;
            continue;
        }
        let next_start = skip_spaces(text, after, end);
        if next_start >= end {
            break;
        }
        let split = if question_or_bang {
            !next_is_lowercase(text, next_start, end)
        } else if dots >= 2 || ellipsis_char {
            next_is_uppercase(text, next_start, end)
        } else {
            period_ends_sentence(text, sentence_start, run_start, next_start, end)
        };
        if split {
            push_trimmed(text, sentence_start..after, out);
            sentence_start = next_start;
            i = next_start;
        } else {
            i = run_end;
        }
    }
    push_trimmed(text, sentence_start..end, out);
}

/// Length of the sentence terminator at `i`: 1 for `.`, `?`, `!`, 3 for `…`.
#[inline]
fn terminator_len(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        Some(b'.' | b'?' | b'!') => 1,
        Some(0xE2) if bytes.get(i + 1..i + 3) == Some(&[0x80, 0xA6]) => 3,
        _ => 0,
    }
}

/// Skips closing quotes and brackets and citation marks like `[12]` after a
/// terminator, so they stay with the sentence they close.
fn skip_closers(text: &str, mut i: usize, end: usize) -> usize {
    while i < end {
        match char_at(text, i) {
            Some(c @ ('"' | '\'' | ')' | ']' | '”' | '’' | '»' | '›')) => i += c.len_utf8(),
            Some('[') => {
                let rest = text.get(i + 1..end).unwrap_or_default();
                let close = rest
                    .char_indices()
                    .take(24)
                    .find(|&(_, c)| c == ']' || c.is_whitespace());
                match close {
                    Some((k, ']')) if k > 0 => i += k + 2,
                    _ => break,
                }
            }
            _ => break,
        }
    }
    i
}

fn skip_spaces(text: &str, mut i: usize, end: usize) -> usize {
    while i < end {
        match char_at(text, i) {
            Some(c) if is_space(c) => i += c.len_utf8(),
            _ => break,
        }
    }
    i
}

/// The first character of the next word, after opening quotes and brackets.
fn next_word_start(text: &str, mut i: usize, end: usize) -> usize {
    while i < end {
        match char_at(text, i) {
            Some(c @ ('"' | '\'' | '(' | '[' | '“' | '‘' | '«' | '‹')) => i += c.len_utf8(),
            _ => break,
        }
    }
    i
}

fn next_is_lowercase(text: &str, i: usize, end: usize) -> bool {
    char_at(text, next_word_start(text, i, end)).is_some_and(char::is_lowercase)
}

fn next_is_uppercase(text: &str, i: usize, end: usize) -> bool {
    char_at(text, next_word_start(text, i, end)).is_some_and(char::is_uppercase)
}

/// The word starting at `i` (letters only) and the character after it.
fn next_word(text: &str, i: usize, end: usize) -> (&str, Option<char>) {
    let start = next_word_start(text, i, end);
    let rest = text.get(start..end).unwrap_or_default();
    let len = rest
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len());
    let word = rest.get(..len).unwrap_or_default();
    (word, rest.get(len..).and_then(|r| r.chars().next()))
}

/// Decides a single `.` at `period` followed by whitespace and a next word
/// at `next`.
fn period_ends_sentence(
    text: &str,
    sentence_start: usize,
    period: usize,
    next: usize,
    end: usize,
) -> bool {
    let first_next = char_at(text, next_word_start(text, next, end));
    let next_lower = first_next.is_some_and(char::is_lowercase);
    let next_digit = first_next.is_some_and(|c| c.is_ascii_digit());
    // Lower case after a period continues the sentence: "a.m. local time",
    // "U.S. forces", "approx. half".
    if next_lower {
        return false;
    }

    // The word before the period, without opening quotes or brackets.
    let before = text.get(sentence_start..period).unwrap_or_default();
    let word_from = before
        .rfind(is_space)
        .map_or(0, |k| k + char_at(before, k).map_or(1, char::len_utf8));
    let raw_word = before.get(word_from..).unwrap_or_default();
    let word = raw_word.trim_start_matches(['"', '\'', '(', '[', '“', '‘', '«']);
    let Some(last) = word.chars().next_back() else {
        return true;
    };
    // "(ANA)." or "40%." end with punctuation: an ordinary sentence end.
    if !last.is_alphanumeric() {
        return true;
    }
    // A list marker opening the sentence ("1. ", "a. ", "iv. ").
    if word_from == 0 && is_list_marker(word) {
        return false;
    }

    let single_letter = word.chars().count() == 1 && last.is_alphabetic();
    if single_letter {
        let c = last;
        if c.is_uppercase() {
            // An initial ("J. R. Smith", "George W. Bush"). It ends a
            // sentence only before a sentence-initial word that is not
            // itself an initial ("J. A. Smith").
            let (next_word, after) = next_word(text, next, end);
            let next_is_initial = next_word.chars().count() == 1 && after == Some('.');
            return is_sentence_starter(next_word) && !next_is_initial;
        }
        // "Roe v. Wade", "p. 12".
        return !(c == 'v' || next_digit);
    }

    let kind = abbreviation(word).or_else(|| is_dotted_acronym(word).then_some(AbbrevKind::MayEnd));
    match kind {
        Some(AbbrevKind::NeverFinal) => false,
        Some(AbbrevKind::BeforeNumber) => !next_digit,
        Some(AbbrevKind::Month) if next_digit => false,
        Some(AbbrevKind::Month | AbbrevKind::MayEnd) => {
            let (next_word, _) = next_word(text, next, end);
            is_sentence_starter(next_word)
        }
        None => true,
    }
}

/// "U.S", "a.m", "D.C", "U.S.A": single letters joined by periods (the final
/// period is the one being decided).
fn is_dotted_acronym(word: &str) -> bool {
    let mut parts = 0;
    for part in word.split('.') {
        let mut chars = part.chars();
        if !(chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none()) {
            return false;
        }
        parts += 1;
    }
    parts >= 2
}

fn is_list_marker(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_digit())
        || word.chars().count() == 1
        || matches!(
            word,
            "i" | "ii"
                | "iii"
                | "iv"
                | "vi"
                | "vii"
                | "viii"
                | "ix"
                | "x"
                | "I"
                | "II"
                | "III"
                | "IV"
                | "VI"
                | "VII"
                | "VIII"
                | "IX"
                | "X"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `sentences` and compares the sentence texts.
    fn check_sentences(cases: &[(&str, &[&str])]) {
        for (input, expected) in cases {
            let got: Vec<&str> = sentences(input).into_iter().map(|r| &input[r]).collect();
            assert_eq!(&got, expected, "input: {input:?}");
        }
    }

    #[test]
    fn sentence_table() {
        check_sentences(&[
            ("", &[]),
            ("   \n\n  ", &[]),
            ("One sentence", &["One sentence"]),
            (
                "U.S. forces arrived. They left.",
                &["U.S. forces arrived.", "They left."],
            ),
            (
                "The U.S.-led coalition struck. Gen. Smith said so.",
                &["The U.S.-led coalition struck.", "Gen. Smith said so."],
            ),
            (
                "Lt. Col. Jones and Mr. Khan met Dr. Ahmadi at St. Mary's.",
                &["Lt. Col. Jones and Mr. Khan met Dr. Ahmadi at St. Mary's."],
            ),
            (
                "It happened on Feb. 5 and Jan. 12 in Room No. 3 at approx. noon.",
                &["It happened on Feb. 5 and Jan. 12 in Room No. 3 at approx. noon."],
            ),
            (
                "Groups, e.g. the Taliban, i.e. insurgents, vs. the army.",
                &["Groups, e.g. the Taliban, i.e. insurgents, vs. the army."],
            ),
            (
                "Acme Inc. and Smith Co. sold arms. The deal collapsed.",
                &["Acme Inc. and Smith Co. sold arms.", "The deal collapsed."],
            ),
            (
                "The blast hit at 9 a.m. local time. Police arrived at 10 p.m. They found nothing.",
                &[
                    "The blast hit at 9 a.m. local time.",
                    "Police arrived at 10 p.m.",
                    "They found nothing.",
                ],
            ),
            (
                "J. R. Smith and George W. Bush spoke.",
                &["J. R. Smith and George W. Bush spoke."],
            ),
            (
                "Some 1.5 million people fled. Aid followed.",
                &["Some 1.5 million people fled.", "Aid followed."],
            ),
            (
                "Adding that, \"...reports suggest otherwise.\" He left.",
                &["Adding that, \"...reports suggest otherwise.\"", "He left."],
            ),
            (
                "\"Why?\" he asked. \"Go!\" She ran.",
                &["\"Why?\" he asked.", "\"Go!\"", "She ran."],
            ),
            (
                "They fled to the U.S. The next day they returned.",
                &["They fled to the U.S.", "The next day they returned."],
            ),
            (
                "The U.S. Army and U.N. Security Council met.",
                &["The U.S. Army and U.N. Security Council met."],
            ),
            (
                "He waited... Then he fired. It was over...",
                &["He waited...", "Then he fired.", "It was over..."],
            ),
            (
                "Nine died.[2] Four were hurt.[3][4]",
                &["Nine died.[2]", "Four were hurt.[3][4]"],
            ),
            (
                "Washington, D.C., was calm. Roe v. Wade was cited.",
                &["Washington, D.C., was calm.", "Roe v. Wade was cited."],
            ),
            (
                "They killed 5. 12 more were hurt.",
                &["They killed 5.", "12 more were hurt."],
            ),
            (
                "Headline Without A Stop\nThe body starts here. It ends.",
                &[
                    "Headline Without A Stop",
                    "The body starts here.",
                    "It ends.",
                ],
            ),
            (
                "KABUL, Afghanistan -\nGunmen attacked a checkpoint on the main road late on Sunday, officials said.",
                &[
                    "KABUL, Afghanistan -",
                    "Gunmen attacked a checkpoint on the main road late on Sunday, officials said.",
                ],
            ),
            (
                "The militants attacked a checkpoint near the city of\nKandahar on Sunday and\nkilled four soldiers, officials said.",
                &[
                    "The militants attacked a checkpoint near the city of\nKandahar on Sunday and\nkilled four soldiers, officials said.",
                ],
            ),
            (
                "First paragraph without stop\n\nSecond paragraph.",
                &["First paragraph without stop", "Second paragraph."],
            ),
            (
                "Items:\n- one item\n- another item",
                &["Items:", "- one item", "- another item"],
            ),
            (
                "1. Troops advanced. 2. Rebels fled.",
                &["1. Troops advanced.", "2. Rebels fled."],
            ),
            (
                "Where is he?! Nobody knows.",
                &["Where is he?!", "Nobody knows."],
            ),
            (
                "He was born in Zürich. Он погиб. Done.",
                &["He was born in Zürich.", "Он погиб.", "Done."],
            ),
            (
                "Curly “quotes.” Work too… Yes.",
                &["Curly “quotes.”", "Work too…", "Yes."],
            ),
        ]);
    }

    #[test]
    fn paragraph_table() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("a\nb\n\nc", &["a\nb", "c"]),
            ("\n\n  a  \n \t \n\nb\n", &["a", "b"]),
            ("a\r\n\r\nb", &["a", "b"]),
        ];
        for (input, expected) in cases {
            let got: Vec<&str> = paragraphs(input).into_iter().map(|r| &input[r]).collect();
            assert_eq!(&got, expected, "input: {input:?}");
        }
    }

    #[test]
    fn overlong_sentences_are_cut_at_word_breaks() {
        let words = "fighters attacked the town ".repeat(400);
        let no_space = "\u{0628}".repeat(5_000);
        let short = "A bomb exploded. Nobody was hurt.";
        // (text, sentences wanted, cuts wanted, whether every piece but the
        // last ends where a word ended)
        let table: &[(&str, usize, usize, bool)] = &[
            (short, 2, 0, true),
            (words.trim_end(), 3, 1, true),
            (&no_space, 3, 1, false),
        ];
        for &(text, want_sentences, want_cuts, at_words) in table {
            let (got, cuts) = sentences_with_cuts(text);
            assert_eq!((got.len(), cuts), (want_sentences, want_cuts), "{text:.40}");
            for r in &got {
                assert!(r.len() <= MAX_SENTENCE_BYTES, "{r:?}");
                assert!(text.get(r.clone()).is_some(), "{r:?} off a char boundary");
                if at_words && r.end < text.len() {
                    assert_eq!(text.as_bytes()[r.end], b' ', "{r:?} cuts a word");
                }
            }
            // Nothing is lost but the whitespace at the cuts.
            let kept: String = got
                .iter()
                .flat_map(|r| text[r.clone()].split_whitespace())
                .collect();
            let all: String = text.split_whitespace().collect();
            assert_eq!(kept, all);
        }
    }
}
