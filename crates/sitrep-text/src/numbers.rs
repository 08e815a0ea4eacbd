//! Quantities in news text: "at least twelve", "dozens", "1,000-2,000",
//! "up to 60,000", "half a dozen", "tens of thousands", and changes such as
//! "tripled".
//!
//! The text is tokenized once and every token classified once (number word,
//! scale word, qualifier word, ...); the grammar then works on those classes,
//! so no string is compared twice and nothing is allocated per token.
//!
//! An expression is `[qualifier] core [or more | or so]` where the core is a
//! cardinal ("27", "twenty-seven", "1.5 million", "two hundred and fifty",
//! "a dozen"), a range ("10-12", "10 to 12", "10 or 12", "between 10 and
//! 20") or a vague word ("dozens", "several hundred"). Cardinals that are
//! really years, dates, times, percentages, prices, identifiers ("Flight
//! 330", "No. 3"), citation marks ("[23]") or ages in brackets ("(48)") are
//! dropped.
//!
//! Values follow ACLED's conservative conventions (see CODEBOOK
//! "Fatalities"): a range gives its low end, dozens = 12, tens = 10,
//! hundreds = 100, several = 3; "several hundred" multiplies (300).

use sitrep_model::Span;

use crate::token::{Token, TokenKind, tokenize};
use crate::util::ascii_lower;

/// How the text qualifies a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Qualifier {
    Exact,
    /// "at least", "no fewer than", "or more".
    AtLeast,
    /// "more than", "over", "upwards of".
    MoreThan,
    /// "about", "around", "some", "nearly", "almost", and ranges.
    About,
    /// "up to", "as many as".
    UpTo,
    /// "at most", "no more than".
    AtMost,
    /// "fewer than", "less than", "under".
    LessThan,
}

/// A quantity expression with absolute byte offsets into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Quantity {
    /// Covers the whole expression including its qualifier ("at least twelve").
    pub start: usize,
    pub end: usize,
    /// The figure ACLED would code: the number, the low end of a range, or the
    /// conventional value of a vague word.
    pub value: u64,
    /// Bounds the text states: a range gives both; "at least"/"more than"
    /// give `low`; "up to"/"fewer than"/"nearly" give `high`. An exact figure
    /// states no bounds (both `None`).
    pub low: Option<u64>,
    pub high: Option<u64>,
    pub qualifier: Qualifier,
    /// A vague word ("dozens", "several", "hundreds") rather than a number.
    pub vague: bool,
}

impl Quantity {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// A multiplicative change: "tripled" -> 3.0, "halved" -> 0.5,
/// "rose by 40%" -> 1.4.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    pub start: usize,
    pub end: usize,
    pub factor: f64,
}

impl Change {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// All quantity expressions in `text`: non-overlapping, in order, leftmost
/// first and longest at each position.
///
/// "one" is returned (value 1) where it may count something ("one of the
/// attackers", "one person") and left out in idioms ("one another", "no
/// one", "one day"); the caller decides what it counts. "a" alone is never a
/// quantity.
pub fn find_quantities(text: &str) -> Vec<Quantity> {
    find_quantities_in(text, &tokenize(text, 0..text.len()))
}

/// [`find_quantities`] over tokens the caller already has: `tokens` must be
/// what [`tokenize`] gives for some range of `text` (a sentence), and the
/// quantities are those of that range alone, with offsets into `text`.
/// This is how the coder reads a sentence's figures without tokenising it
/// twice; `find_quantities(&text[r])` gives the same quantities shifted by
/// `r.start`, because [`tokenize`] never looks outside its range.
pub fn find_quantities_in(text: &str, tokens: &[Token]) -> Vec<Quantity> {
    let mut out = Vec::new();
    let toks = lex_tokens(text, tokens);
    // Every expression holds a figure ([`counts`]), and one starting at
    // token `i` has its first figure within [`REACH`] tokens ("no fewer than" + "between" + "a hundred"), so
    // only positions that close to a figure are tried. `next_figure[i]` is
    // the index of the first figure at or after `i`.
    let mut next_figure = vec![usize::MAX; toks.len() + 1];
    for i in (0..toks.len()).rev() {
        next_figure[i] = if counts(&toks[i]) {
            i
        } else {
            next_figure[i + 1]
        };
    }
    let mut i = 0;
    while i < toks.len() {
        if next_figure[i].saturating_sub(i) > REACH {
            i += 1;
            continue;
        }
        match quantity_at(text, &toks, i) {
            Some((q, next)) => {
                out.push(q);
                i = next;
            }
            None => i += 1,
        }
    }
    out
}

/// The furthest (in tokens) the first figure of an expression can be
/// from its start: a three-word qualifier ("no fewer than"), "between",
/// and "a" before a number word ("between a hundred and ...").
const REACH: usize = 5;

/// Whether a classified token is a figure, one of which every quantity
/// expression holds: digits (also glued to a suffix, "60k"), a number word,
/// or a word of the vague and fixed phrases ("dozens", "a few", "a
/// couple", "tens of"). A qualifier, "a" or "between" alone is none.
fn counts(t: &Tok<'_>) -> bool {
    match t.lex {
        Lex::Digits
        | Lex::Unit(_)
        | Lex::Teen(_)
        | Lex::Tens(_)
        | Lex::Compound(_)
        | Lex::Hundred
        | Lex::Scale(_)
        | Lex::Dozen => true,
        Lex::Kw(k) => matches!(
            k,
            Kw::Dozens
                | Kw::Hundreds
                | Kw::Thousands
                | Kw::Millions
                | Kw::Tens
                | Kw::Scores
                | Kw::Several
                | Kw::Few
                | Kw::Handful
                | Kw::Couple
        ),
        Lex::Other => t.s.starts_with(|c: char| c.is_ascii_digit()),
        Lex::Punct(_) => false,
    }
}

/// Parses one number expression covering all of `s` (surrounding whitespace
/// ignored): "twenty-seven", "60,000", "a dozen", "two hundred and fifty",
/// "1.5 million", "dozens". Qualifiers and ranges are not accepted (use
/// [`find_quantities`]), nor are bare decimals ("1.5"), which are not counts.
pub fn parse_number(s: &str) -> Option<u64> {
    let toks = lex(s);
    if toks.is_empty() {
        return None;
    }
    for p in PATTERNS {
        if p.covered == toks.len() && lexes_match(&toks, 0, p.lexes) {
            return Some(p.value);
        }
    }
    let card = cardinal(s, &toks, 0)?;
    (card.end == toks.len()).then_some(card.value)
}

/// Multiplicative changes ("doubled", "tripled", "halved", "threefold",
/// "cut in half", "rose by 40%"), non-overlapping, in order.
pub fn find_changes(text: &str) -> Vec<Change> {
    let toks = lex(text);
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(tok) = toks.get(i) {
        match change_at(&toks, i) {
            Some((factor, end)) => {
                let last_end = end
                    .checked_sub(1)
                    .and_then(|k| toks.get(k))
                    .map_or(tok.end, |t| t.end);
                out.push(Change {
                    start: tok.start,
                    end: last_end,
                    factor,
                });
                i = end.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Lexing: every token classified once.

/// Words the grammar cares about besides the number words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kw {
    A,
    An,
    Half,
    Couple,
    Handful,
    Few,
    Several,
    Dozens,
    Hundreds,
    Thousands,
    Millions,
    Tens,
    Scores,
    Of,
    And,
    Or,
    To,
    Between,
    From,
    At,
    Least,
    Most,
    More,
    Than,
    Fewer,
    Less,
    No,
    Not,
    Over,
    Under,
    Nearly,
    Almost,
    About,
    Around,
    Approximately,
    Approx,
    Roughly,
    Some,
    Up,
    As,
    Many,
    Upwards,
    In,
    Excess,
    Estimated,
    Close,
    Just,
    Well,
    So,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lex {
    Other,
    Punct(char),
    /// A number token: digits with separators or a decimal part.
    Digits,
    /// one..nine
    Unit(u64),
    /// ten..nineteen
    Teen(u64),
    /// twenty, thirty, ... ninety
    Tens(u64),
    /// "twenty-seven" written as one hyphenated token.
    Compound(u64),
    Hundred,
    /// thousand, million, billion
    Scale(u64),
    Dozen,
    Kw(Kw),
}

#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    start: usize,
    end: usize,
    s: &'a str,
    lex: Lex,
}

fn lex(text: &str) -> Vec<Tok<'_>> {
    lex_tokens(text, &tokenize(text, 0..text.len()))
}

fn lex_tokens<'a>(text: &'a str, tokens: &[Token]) -> Vec<Tok<'a>> {
    tokens
        .iter()
        .map(|t| {
            let s = t.text(text);
            Tok {
                start: t.start,
                end: t.end,
                s,
                lex: classify(s, t.kind),
            }
        })
        .collect()
}

fn classify(s: &str, kind: TokenKind) -> Lex {
    match kind {
        TokenKind::Number => return Lex::Digits,
        TokenKind::Punct => return Lex::Punct(s.chars().next().unwrap_or(' ')),
        TokenKind::Word => {}
    }
    let mut buf = [0u8; 16];
    let Some(w) = ascii_lower(s, &mut buf) else {
        return Lex::Other;
    };
    if let Some(l) = number_word(w) {
        return l;
    }
    if let Some(k) = keyword(w) {
        return Lex::Kw(k);
    }
    compound(w).unwrap_or(Lex::Other)
}

fn number_word(w: &[u8]) -> Option<Lex> {
    use Lex::*;
    Some(match w {
        b"one" => Unit(1),
        b"two" => Unit(2),
        b"three" => Unit(3),
        b"four" => Unit(4),
        b"five" => Unit(5),
        b"six" => Unit(6),
        b"seven" => Unit(7),
        b"eight" => Unit(8),
        b"nine" => Unit(9),
        b"ten" => Teen(10),
        b"eleven" => Teen(11),
        b"twelve" => Teen(12),
        b"thirteen" => Teen(13),
        b"fourteen" => Teen(14),
        b"fifteen" => Teen(15),
        b"sixteen" => Teen(16),
        b"seventeen" => Teen(17),
        b"eighteen" => Teen(18),
        b"nineteen" => Teen(19),
        b"twenty" => Tens(20),
        b"thirty" => Tens(30),
        b"forty" | b"fourty" => Tens(40),
        b"fifty" => Tens(50),
        b"sixty" => Tens(60),
        b"seventy" => Tens(70),
        b"eighty" => Tens(80),
        b"ninety" => Tens(90),
        b"hundred" => Hundred,
        b"thousand" => Scale(1_000),
        b"million" => Scale(1_000_000),
        b"billion" => Scale(1_000_000_000),
        b"dozen" => Dozen,
        _ => return None,
    })
}

fn keyword(w: &[u8]) -> Option<Kw> {
    let k = match w {
        b"a" => K::A,
        b"an" => K::An,
        b"half" => K::Half,
        b"couple" => K::Couple,
        b"handful" => K::Handful,
        b"few" => K::Few,
        b"several" => K::Several,
        b"dozens" => K::Dozens,
        b"hundreds" => K::Hundreds,
        b"thousands" => K::Thousands,
        b"millions" => K::Millions,
        b"tens" => K::Tens,
        b"scores" => K::Scores,
        b"of" => K::Of,
        b"and" => K::And,
        b"or" => K::Or,
        b"to" => K::To,
        b"between" => K::Between,
        b"from" => K::From,
        b"at" => K::At,
        b"least" => K::Least,
        b"most" => K::Most,
        b"more" => K::More,
        b"than" => K::Than,
        b"fewer" => K::Fewer,
        b"less" => K::Less,
        b"no" => K::No,
        b"not" => K::Not,
        b"over" => K::Over,
        b"under" => K::Under,
        b"nearly" => K::Nearly,
        b"almost" => K::Almost,
        b"about" => K::About,
        b"around" => K::Around,
        b"approximately" => K::Approximately,
        b"approx." | b"approx" => K::Approx,
        b"roughly" => K::Roughly,
        b"some" => K::Some,
        b"up" => K::Up,
        b"as" => K::As,
        b"many" => K::Many,
        b"upwards" => K::Upwards,
        b"in" => K::In,
        b"excess" => K::Excess,
        b"estimated" => K::Estimated,
        b"close" => K::Close,
        b"just" => K::Just,
        b"well" => K::Well,
        b"so" => K::So,
        _ => return None,
    };
    Some(k)
}

/// "twenty-seven" as one token.
fn compound(w: &[u8]) -> Option<Lex> {
    let dash = w.iter().position(|&b| b == b'-')?;
    let (tens, unit) = (w.get(..dash)?, w.get(dash + 1..)?);
    match (number_word(tens)?, number_word(unit)?) {
        (Lex::Tens(t), Lex::Unit(u)) => Some(Lex::Compound(t + u)),
        _ => None,
    }
}

fn is_word(tok: Option<&Tok>, words: &[&str]) -> bool {
    tok.is_some_and(|t| words.iter().any(|w| t.s.eq_ignore_ascii_case(w)))
}

// ---------------------------------------------------------------------------
// Fixed phrases.

struct Pattern {
    lexes: &'static [Lex],
    value: u64,
    /// How many of the pattern's tokens the quantity covers: "scores of"
    /// needs the "of" to mean a number but covers only "scores".
    covered: usize,
    vague: bool,
}

const fn pat(lexes: &'static [Lex], value: u64, covered: usize, vague: bool) -> Pattern {
    Pattern {
        lexes,
        value,
        covered,
        vague,
    }
}

use Kw as K;
use Lex::Kw as W;

/// Longest first wherever two patterns share a start.
const PATTERNS: &[Pattern] = &[
    pat(&[W(K::Tens), W(K::Of), W(K::Thousands)], 10_000, 3, true),
    pat(&[W(K::Tens), W(K::Of), W(K::Millions)], 10_000_000, 3, true),
    pat(
        &[W(K::Hundreds), W(K::Of), W(K::Thousands)],
        100_000,
        3,
        true,
    ),
    pat(
        &[W(K::Hundreds), W(K::Of), W(K::Millions)],
        100_000_000,
        3,
        true,
    ),
    pat(&[W(K::Several), Lex::Hundred], 300, 2, true),
    pat(&[W(K::Several), Lex::Scale(1_000)], 3_000, 2, true),
    pat(&[W(K::Several), Lex::Scale(1_000_000)], 3_000_000, 2, true),
    pat(&[W(K::Several), Lex::Dozen], 36, 2, true),
    pat(&[W(K::A), W(K::Few), Lex::Hundred], 300, 3, true),
    pat(&[W(K::A), W(K::Few), Lex::Scale(1_000)], 3_000, 3, true),
    pat(&[W(K::A), W(K::Few), Lex::Dozen], 36, 3, true),
    pat(&[W(K::Dozens)], 12, 1, true),
    pat(&[W(K::Scores), W(K::Of)], 20, 1, true),
    pat(&[W(K::Tens), W(K::Of)], 10, 1, true),
    pat(&[W(K::Hundreds)], 100, 1, true),
    pat(&[W(K::Thousands)], 1_000, 1, true),
    pat(&[W(K::Millions)], 1_000_000, 1, true),
    pat(&[W(K::Several)], 3, 1, true),
    pat(&[W(K::A), W(K::Few)], 3, 2, true),
    pat(&[W(K::A), W(K::Handful)], 3, 2, true),
    // Not vague: ACLED would code these figures as stated.
    pat(&[W(K::Half), W(K::A), Lex::Dozen], 6, 3, false),
    pat(&[W(K::A), W(K::Couple)], 2, 2, false),
];

fn lexes_match(toks: &[Tok], i: usize, lexes: &[Lex]) -> bool {
    toks.get(i..i + lexes.len())
        .is_some_and(|ts| ts.iter().zip(lexes).all(|(t, l)| t.lex == *l))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    Low,
    High,
    Neither,
}

struct QualRule {
    words: &'static [Kw],
    qualifier: Qualifier,
    bound: Bound,
    /// "over", "under" and "some" qualify only real numbers: "over a dozen"
    /// yes, "some dozens" reads as "some" + "dozens".
    numeric_only: bool,
}

const fn qual(
    words: &'static [Kw],
    qualifier: Qualifier,
    bound: Bound,
    numeric_only: bool,
) -> QualRule {
    QualRule {
        words,
        qualifier,
        bound,
        numeric_only,
    }
}

/// Longest first wherever two rules share a first word.
const QUALIFIERS: &[QualRule] = {
    use Bound::*;
    use Qualifier::*;
    &[
        qual(&[K::No, K::Fewer, K::Than], AtLeast, Low, false),
        qual(&[K::No, K::Less, K::Than], AtLeast, Low, false),
        qual(&[K::No, K::More, K::Than], AtMost, High, false),
        qual(&[K::Not, K::Less, K::Than], AtLeast, Low, false),
        qual(&[K::Not, K::More, K::Than], AtMost, High, false),
        qual(&[K::At, K::Least], AtLeast, Low, false),
        qual(&[K::At, K::Most], AtMost, High, false),
        qual(&[K::More, K::Than], MoreThan, Low, false),
        qual(&[K::Well, K::Over], MoreThan, Low, true),
        qual(&[K::Just, K::Over], MoreThan, Low, true),
        qual(&[K::Just, K::Under], LessThan, High, true),
        qual(&[K::Over], MoreThan, Low, true),
        qual(&[K::Upwards, K::Of], MoreThan, Low, false),
        qual(&[K::In, K::Excess, K::Of], MoreThan, Low, false),
        qual(&[K::Under], LessThan, High, true),
        qual(&[K::Fewer, K::Than], LessThan, High, false),
        qual(&[K::Less, K::Than], LessThan, High, false),
        qual(&[K::Up, K::To], UpTo, High, false),
        qual(&[K::As, K::Many, K::As], UpTo, High, false),
        // "nearly 100" is just under 100: about 100, and at most 100.
        qual(&[K::Nearly], About, High, false),
        qual(&[K::Almost], About, High, false),
        qual(&[K::Close, K::To], About, High, false),
        qual(&[K::An, K::Estimated], About, Neither, false),
        qual(&[K::Estimated], About, Neither, false),
        qual(&[K::About], About, Neither, false),
        qual(&[K::Around], About, Neither, false),
        qual(&[K::Approximately], About, Neither, false),
        qual(&[K::Approx], About, Neither, false),
        qual(&[K::Roughly], About, Neither, false),
        qual(&[K::Some], About, Neither, true),
    ]
};

fn words_match(toks: &[Tok], i: usize, words: &[Kw]) -> bool {
    toks.get(i..i + words.len())
        .is_some_and(|ts| ts.iter().zip(words).all(|(t, k)| t.lex == Lex::Kw(*k)))
}

// ---------------------------------------------------------------------------
// Cardinals.

#[derive(Debug, Clone, Copy)]
struct Card {
    /// Token index after the cardinal.
    end: usize,
    value: u64,
    /// Written with digits (so it may be a year, time, price, identifier).
    digits: bool,
    /// One plain four-digit token in 1900..=2100.
    year_like: bool,
    /// The single word "one".
    lone_one: bool,
}

fn cardinal(text: &str, t: &[Tok], i: usize) -> Option<Card> {
    let tok = t.get(i)?;
    match tok.lex {
        Lex::Digits => digit_cardinal(text, t, i),
        Lex::Other => suffixed(tok.s).map(|value| Card {
            end: i + 1,
            value,
            digits: true,
            year_like: false,
            lone_one: false,
        }),
        Lex::Unit(_) | Lex::Teen(_) | Lex::Tens(_) | Lex::Compound(_) | Lex::Kw(Kw::A) => {
            word_cardinal(t, i)
        }
        _ => None,
    }
}

/// Integer part and decimal part (numerator, denominator) of "60,000",
/// "1.5", "2,500.75".
fn parse_digits(s: &str) -> Option<(u64, Option<(u64, u64)>)> {
    let (int_part, frac_part) = match s.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let mut int: u64 = 0;
    let mut any = false;
    for b in int_part.bytes() {
        match b {
            b'0'..=b'9' => {
                int = int.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
                any = true;
            }
            b',' => {}
            _ => return None,
        }
    }
    if !any {
        return None;
    }
    let frac = match frac_part {
        None => None,
        Some(f) => {
            let (mut num, mut den) = (0u64, 1u64);
            // More than 18 decimals cannot change a count; ignore them
            // rather than overflow.
            for b in f.bytes().take(18) {
                if !b.is_ascii_digit() {
                    return None;
                }
                num = num * 10 + u64::from(b - b'0');
                den *= 10;
            }
            Some((num, den))
        }
    };
    Some((int, frac))
}

/// `int.frac * mult`, rounded down; `None` on overflow.
fn scaled(int: u64, frac: Option<(u64, u64)>, mult: u64) -> Option<u64> {
    let whole = u128::from(int) * u128::from(mult);
    let part = frac.map_or(0, |(num, den)| {
        u128::from(num) * u128::from(mult) / u128::from(den)
    });
    u64::try_from(whole + part).ok()
}

fn digit_cardinal(text: &str, t: &[Tok], i: usize) -> Option<Card> {
    let tok = t.get(i)?;
    let (mut int, frac) = parse_digits(tok.s)?;
    let mut end = i + 1;
    let plain = frac.is_none() && !tok.s.contains(',');
    // "10 000": groups of three digits after one space, only after a first
    // group of one to three digits, so "2014 100" stays two numbers.
    if plain && tok.s.len() <= 3 {
        while let (Some(prev), Some(next)) = (t.get(end - 1), t.get(end)) {
            let one_space =
                next.start == prev.end + 1 && text.as_bytes().get(prev.end) == Some(&b' ');
            if next.lex != Lex::Digits || next.s.len() != 3 || !one_space {
                break;
            }
            let group = parse_digits(next.s)?;
            if group.1.is_some() || next.s.contains(',') {
                break;
            }
            int = int.checked_mul(1000)?.checked_add(group.0)?;
            end += 1;
        }
    }
    let mult = match t.get(end).map(|m| m.lex) {
        Some(Lex::Hundred) => 100,
        Some(Lex::Scale(s)) => s,
        Some(Lex::Dozen) => 12,
        _ => 0,
    };
    if mult > 0 {
        return Some(Card {
            end: end + 1,
            value: scaled(int, frac, mult)?,
            digits: true,
            year_like: false,
            lone_one: false,
        });
    }
    // A bare decimal is a measurement ("12.5 pounds", "magnitude 6.2"),
    // not a count.
    if frac.is_some() {
        return None;
    }
    Some(Card {
        end,
        value: int,
        digits: true,
        year_like: plain && end == i + 1 && tok.s.len() == 4 && (1900..=2100).contains(&int),
        lone_one: false,
    })
}

/// Numbers glued to a suffix: "60k", "2.3m", "1.2bn", "3mn", "30-strong".
/// A plain "30m" is left alone: it is as likely metres as millions.
fn suffixed(s: &str) -> Option<u64> {
    let split = s.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))?;
    let (num, suffix) = (s.get(..split)?, s.get(split..)?);
    let (int, frac) = parse_digits(num)?;
    let mult = if suffix.eq_ignore_ascii_case("k") {
        1_000
    } else if suffix.eq_ignore_ascii_case("mn")
        || (suffix.eq_ignore_ascii_case("m") && frac.is_some())
    {
        1_000_000
    } else if suffix.eq_ignore_ascii_case("bn") {
        1_000_000_000
    } else if suffix.eq_ignore_ascii_case("-strong") && frac.is_none() {
        1
    } else {
        return None;
    };
    scaled(int, frac, mult)
}

/// Number words: "twenty seven", "two hundred and fifty", "a hundred",
/// "one hundred thousand", "two dozen", "three million".
fn word_cardinal(t: &[Tok], i: usize) -> Option<Card> {
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Last {
        Start,
        A,
        Unit,
        Teen,
        Tens,
        Compound,
        Hundred,
        Scale,
        And,
    }
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    let mut last = Last::Start;
    let mut scale_cap = u64::MAX;
    let mut committed: Option<(usize, u64)> = None;
    let mut j = i;
    if t.get(i)?.lex == Lex::Kw(Kw::A) {
        current = 1;
        last = Last::A;
        j += 1;
    }
    while let Some(tok) = t.get(j) {
        let small = matches!(
            last,
            Last::A | Last::Unit | Last::Teen | Last::Tens | Last::Compound
        );
        match tok.lex {
            Lex::Unit(v) | Lex::Teen(v) | Lex::Tens(v) | Lex::Compound(v)
                if matches!(last, Last::Start | Last::Hundred | Last::Scale | Last::And) =>
            {
                current += v;
                last = match tok.lex {
                    Lex::Unit(_) => Last::Unit,
                    Lex::Teen(_) => Last::Teen,
                    Lex::Tens(_) => Last::Tens,
                    _ => Last::Compound,
                };
            }
            // "twenty seven" in two words.
            Lex::Unit(v) if last == Last::Tens => {
                current += v;
                last = Last::Compound;
            }
            Lex::Hundred if small && current < 100 => {
                current *= 100;
                last = Last::Hundred;
            }
            Lex::Scale(s) if (small || last == Last::Hundred) && s < scale_cap => {
                total = total.checked_add(current.checked_mul(s)?)?;
                current = 0;
                scale_cap = s;
                last = Last::Scale;
            }
            Lex::Dozen if small && total == 0 && current < 100 => {
                current *= 12;
                committed = Some((j + 1, current));
                break;
            }
            // "and" only joins "hundred and fifty", "thousand and one".
            Lex::Kw(Kw::And) if matches!(last, Last::Hundred | Last::Scale) => {
                let continues = t.get(j + 1).is_some_and(|n| {
                    matches!(
                        n.lex,
                        Lex::Unit(_) | Lex::Teen(_) | Lex::Tens(_) | Lex::Compound(_)
                    )
                });
                if !continues {
                    break;
                }
                last = Last::And;
                j += 1;
                continue;
            }
            _ => break,
        }
        j += 1;
        committed = Some((j, total.checked_add(current)?));
    }
    let (end, value) = committed?;
    let first = t.get(i)?;
    Some(Card {
        end,
        value,
        digits: false,
        year_like: false,
        lone_one: end == i + 1 && first.lex == Lex::Unit(1),
    })
}

// ---------------------------------------------------------------------------
// Expressions.

/// A core expression: a cardinal, a range or a fixed phrase.
struct Core {
    end: usize,
    value: u64,
    range: Option<(u64, u64)>,
    vague: bool,
    postfix: Option<Qualifier>,
}

fn quantity_at(text: &str, t: &[Tok], i: usize) -> Option<(Quantity, usize)> {
    // Most tokens are ordinary words or punctuation, which start nothing
    // (only a word glued to digits, "60k", can still be a number).
    match t.get(i)?.lex {
        Lex::Punct(_) => return None,
        Lex::Other if !t.get(i)?.s.starts_with(|c: char| c.is_ascii_digit()) => return None,
        // Frequent words that neither begin a qualifier nor a core ("of",
        // "and", "to"): no rule below starts with them.
        Lex::Kw(
            Kw::Of
            | Kw::And
            | Kw::Or
            | Kw::To
            | Kw::From
            | Kw::Least
            | Kw::Most
            | Kw::Than
            | Kw::Many
            | Kw::Excess
            | Kw::So
            | Kw::Few
            | Kw::Handful
            | Kw::Couple,
        ) => return None,
        _ => {}
    }
    for rule in QUALIFIERS {
        if !words_match(t, i, rule.words) {
            continue;
        }
        if let Some(core) = core(text, t, i + rule.words.len(), i, !rule.numeric_only, true) {
            return Some(build(t, i, &core, Some(rule)));
        }
    }
    let core = core(text, t, i, i, true, false)?;
    Some(build(t, i, &core, None))
}

fn build(t: &[Tok], start: usize, core: &Core, rule: Option<&QualRule>) -> (Quantity, usize) {
    let (qualifier, low, high) = match (core.range, rule) {
        (Some((lo, hi)), r) => (
            r.map_or(Qualifier::About, |r| r.qualifier),
            Some(lo),
            Some(hi),
        ),
        (None, Some(r)) => match r.bound {
            Bound::Low => (r.qualifier, Some(core.value), None),
            Bound::High => (r.qualifier, None, Some(core.value)),
            Bound::Neither => (r.qualifier, None, None),
        },
        (None, None) => match core.postfix {
            Some(Qualifier::AtLeast) => (Qualifier::AtLeast, Some(core.value), None),
            Some(q) => (q, None, None),
            None => (Qualifier::Exact, None, None),
        },
    };
    let start_byte = t.get(start).map_or(0, |s| s.start);
    let end_byte = core
        .end
        .checked_sub(1)
        .and_then(|k| t.get(k))
        .map_or(start_byte, |e| e.end);
    (
        Quantity {
            start: start_byte,
            end: end_byte,
            value: core.value,
            low,
            high,
            qualifier,
            vague: core.vague,
        },
        core.end,
    )
}

/// The core expression at token `i`; `expr_start` is where the whole
/// expression (with its qualifier) starts.
fn core(
    text: &str,
    t: &[Tok],
    i: usize,
    expr_start: usize,
    allow_vague: bool,
    qualified: bool,
) -> Option<Core> {
    let first = t.get(i)?;
    if first.lex == Lex::Kw(Kw::Between) {
        let a = cardinal(text, t, i + 1)?;
        if t.get(a.end)?.lex != Lex::Kw(Kw::And) {
            return None;
        }
        let b = cardinal(text, t, a.end + 1)?;
        return range_core(t, i + 1, expr_start, &a, &b);
    }
    for p in PATTERNS {
        if (allow_vague || !p.vague) && lexes_match(t, i, p.lexes) {
            return Some(Core {
                end: i + p.covered,
                value: p.value,
                range: None,
                vague: p.vague,
                postfix: None,
            });
        }
    }
    let a = cardinal(text, t, i)?;
    let is_separator = match t.get(a.end).map(|s| s.lex) {
        Some(Lex::Punct('-') | Lex::Kw(Kw::Or)) => true,
        // "rose from 20 to 40" is a change, not a range.
        Some(Lex::Kw(Kw::To)) => !expr_start
            .checked_sub(1)
            .is_some_and(|k| t.get(k).is_some_and(|p| p.lex == Lex::Kw(Kw::From))),
        _ => false,
    };
    if is_separator
        && let Some(b) = cardinal(text, t, a.end + 1)
        && let Some(range) = range_core(t, i, expr_start, &a, &b)
    {
        return Some(range);
    }
    if !context_allows(t, i, a.end, expr_start, &a) {
        return None;
    }
    let mut end = a.end;
    let mut postfix = None;
    if !qualified && t.get(end).is_some_and(|o| o.lex == Lex::Kw(Kw::Or)) {
        match t.get(end + 1).map(|n| n.lex) {
            Some(Lex::Kw(Kw::More)) => postfix = Some(Qualifier::AtLeast),
            Some(Lex::Kw(Kw::So)) => postfix = Some(Qualifier::About),
            _ => {}
        }
        if postfix.is_some() {
            end += 2;
        }
    }
    Some(Core {
        end,
        value: a.value,
        range: None,
        vague: false,
        postfix,
    })
}

fn range_core(t: &[Tok], a_start: usize, expr_start: usize, a: &Card, b: &Card) -> Option<Core> {
    if b.value <= a.value || (a.year_like && b.year_like) {
        return None;
    }
    // The range's context is checked as one unit: "March 5-6", "5-6 March".
    let probe = Card {
        end: b.end,
        value: a.value,
        digits: a.digits || b.digits,
        year_like: false,
        lone_one: false,
    };
    if !context_allows(t, a_start, b.end, expr_start, &probe) {
        return None;
    }
    Some(Core {
        end: b.end,
        value: a.value,
        range: Some((a.value, b.value)),
        vague: false,
        postfix: None,
    })
}

/// Whether the cardinal at tokens `first..end` counts something, judging by
/// its neighbours.
fn context_allows(t: &[Tok], first: usize, end: usize, expr_start: usize, card: &Card) -> bool {
    let (Some(head), Some(tail)) = (t.get(first), end.checked_sub(1).and_then(|k| t.get(k))) else {
        return false;
    };
    let prev = first.checked_sub(1).and_then(|k| t.get(k));
    let next = t.get(end);
    let prev_glued = prev.filter(|p| p.end == head.start).map(|p| p.lex);
    let next_glued = next.filter(|n| n.start == tail.end).map(|n| n.lex);

    // Citation marks "[23]" and ages or references in brackets "(48)".
    if matches!(
        (prev_glued, next_glued),
        (Some(Lex::Punct('[')), Some(Lex::Punct(']')))
            | (Some(Lex::Punct('(')), Some(Lex::Punct(')')))
    ) {
        return false;
    }
    // Prices, "#3", times "10:30", dates and fractions "9/11", versions.
    if matches!(
        prev_glued,
        Some(Lex::Punct(
            '$' | '£' | '€' | '¥' | '₹' | '#' | ':' | '/' | '.'
        ))
    ) {
        return false;
    }
    if matches!(next_glued, Some(Lex::Punct('%' | '/'))) {
        return false;
    }
    if next_glued == Some(Lex::Punct(':')) && t.get(end + 1).is_some_and(|d| d.lex == Lex::Digits) {
        return false;
    }
    let after = t.get(end + 1);
    if is_word(next, &["percent", "pc", "pct", "percentage"])
        || (is_word(next, &["per"]) && is_word(after, &["cent"]))
    {
        return false;
    }
    if is_word(
        next,
        &[
            "a.m.", "p.m.", "am", "pm", "gmt", "utc", "hrs", "hrs.", "o'clock",
        ],
    ) {
        return false;
    }
    if prev.is_some_and(is_month) || next.is_some_and(is_month) {
        return false;
    }
    if card.digits && is_word(prev, IDENTIFIER_WORDS) {
        return false;
    }
    if card.year_like {
        // A year unless a counted noun follows and nothing before marks a
        // date: "2000 troops" counts, "in 2014", "the 2014 elections",
        // "since at least 2014" and "2018 was" do not.
        let tok_at = |back: usize| expr_start.checked_sub(back).and_then(|k| t.get(k));
        let before = tok_at(1);
        // "March 28, 2018" and "28 March, 2018", but not "killed 5, 2000 fled".
        let after_date_comma = before.is_some_and(|b| b.lex == Lex::Punct(','))
            && (tok_at(2).is_some_and(is_month)
                || (tok_at(2).is_some_and(|d| d.lex == Lex::Digits)
                    && tok_at(3).is_some_and(is_month)));
        let dated = after_date_comma
            || before.is_some_and(|b| is_month(b) || is_word(Some(b), YEAR_PRECEDERS));
        if dated || !next.is_some_and(|n| is_count_noun(n.s)) {
            return false;
        }
    }
    if card.lone_one && !one_counts(t, first, end) {
        return false;
    }
    true
}

/// Words before a number that make it a name, not a count: "Flight 330",
/// "No. 3", "Resolution 2254", "Route 66".
const IDENTIFIER_WORDS: &[&str] = &[
    "flight",
    "no.",
    "no",
    "nos.",
    "nr.",
    "number",
    "route",
    "highway",
    "interstate",
    "resolution",
    "article",
    "art.",
    "section",
    "sec.",
    "chapter",
    "page",
    "p.",
    "pp.",
    "vol.",
    "fig.",
    "room",
    "gate",
    "platform",
    "terminal",
    "sector",
    "zone",
    "phase",
    "level",
    "model",
    "version",
    "apollo",
    "hill",
    "km",
    "kilometre",
    "kilometer",
    "grade",
    "channel",
    "exit",
    "pier",
    "ward",
    "plot",
    "precinct",
    "decree",
    "code",
    "#",
];

/// Words before a four-digit number that make it a year.
const YEAR_PRECEDERS: &[&str] = &[
    "in", "since", "of", "from", "until", "till", "by", "to", "through", "between", "and",
    "during", "before", "after", "early", "late", "mid", "the", "this", "that", "circa", "ca.",
];

fn is_month(tok: &Tok) -> bool {
    if !tok.s.starts_with(|c: char| c.is_ascii_uppercase()) {
        return false;
    }
    let w = tok.s.strip_suffix('.').unwrap_or(tok.s);
    let mut buf = [0u8; 9];
    let Some(key) = ascii_lower(w, &mut buf) else {
        return false;
    };
    matches!(
        key,
        b"january"
            | b"february"
            | b"march"
            | b"april"
            | b"may"
            | b"june"
            | b"july"
            | b"august"
            | b"september"
            | b"october"
            | b"november"
            | b"december"
            | b"jan"
            | b"feb"
            | b"mar"
            | b"apr"
            | b"jun"
            | b"jul"
            | b"aug"
            | b"sep"
            | b"sept"
            | b"oct"
            | b"nov"
            | b"dec"
    )
}

/// A lower-case noun that plausibly follows a count: a short list of the
/// usual ones, or a plural-looking word ("militants", "vehicles").
fn is_count_noun(s: &str) -> bool {
    if !s.bytes().all(|b| b.is_ascii_lowercase()) {
        return false;
    }
    const LISTED: &[&str] = &[
        "people",
        "men",
        "women",
        "children",
        "police",
        "personnel",
        "staff",
        "militia",
        "dead",
        "killed",
        "wounded",
        "injured",
        "more",
        "others",
    ];
    // Not counted nouns after a number: words that are not plurals, and
    // events named after their year ("2014 shootings at Parliament Hill").
    const NOT_PLURAL: &[&str] = &[
        "was",
        "has",
        "does",
        "this",
        "thus",
        "its",
        "his",
        "hers",
        "yes",
        "plus",
        "whereas",
        "perhaps",
        "always",
        "sometimes",
        "across",
        "less",
        "unless",
        "onwards",
        "towards",
        "attacks",
        "shootings",
        "bombings",
        "killings",
        "massacres",
        "riots",
        "protests",
        "clashes",
        "elections",
        "games",
        "olympics",
        "floods",
        "hostilities",
        "events",
    ];
    LISTED.contains(&s)
        || (s.len() >= 4 && s.ends_with('s') && !s.ends_with("ss") && !NOT_PLURAL.contains(&s))
}

/// Whether a lone "one" at `first` can count something.
fn one_counts(t: &[Tok], first: usize, end: usize) -> bool {
    let prev = first.checked_sub(1).and_then(|k| t.get(k));
    let next = t.get(end);
    if is_word(
        prev,
        &[
            "no", "any", "every", "each", "some", "this", "that", "which",
        ],
    ) {
        return false;
    }
    !is_word(
        next,
        &[
            "another",
            "day",
            "time",
            "way",
            "hand",
            "side",
            "point",
            "morning",
            "afternoon",
            "evening",
            "night",
            "by",
            "after",
            "'s",
            "’s",
        ],
    )
}

// ---------------------------------------------------------------------------
// Changes.

fn change_at(t: &[Tok], i: usize) -> Option<(f64, usize)> {
    let tok = t.get(i)?;
    let mut buf = [0u8; 16];
    let w = ascii_lower(tok.s, &mut buf)?;
    let factor = match w {
        b"doubled" | b"doubling" => 2.0,
        b"tripled" | b"trebled" | b"tripling" | b"trebling" => 3.0,
        b"quadrupled" | b"quadrupling" => 4.0,
        b"quintupled" => 5.0,
        b"halved" | b"halving" => 0.5,
        b"cut" if is_word(t.get(i + 1), &["in", "by"]) && is_word(t.get(i + 2), &["half"]) => {
            return Some((0.5, i + 3));
        }
        b"increased" | b"increase" | b"increases" | b"rose" | b"risen" | b"rises" | b"grew"
        | b"grown" | b"grows" | b"jumped" | b"surged" | b"climbed" | b"soared" | b"swelled" => {
            return percent_change(t, i, 1.0);
        }
        b"decreased" | b"decrease" | b"decreases" | b"fell" | b"fallen" | b"falls" | b"dropped"
        | b"declined" | b"shrank" | b"shrunk" | b"plunged" | b"plummeted" | b"cut" => {
            return percent_change(t, i, -1.0);
        }
        _ => return fold(w).map(|f| (f, i + 1)),
    };
    Some((factor, i + 1))
}

/// "rose by 40%", "fell by 12.5 per cent".
fn percent_change(t: &[Tok], i: usize, sign: f64) -> Option<(f64, usize)> {
    if !is_word(t.get(i + 1), &["by"]) {
        return None;
    }
    let num = t.get(i + 2).filter(|n| n.lex == Lex::Digits)?;
    let (int, frac) = parse_digits(num.s)?;
    let pct = int as f64 + frac.map_or(0.0, |(n, d)| n as f64 / d as f64);
    let end = if t.get(i + 3).is_some_and(|p| p.lex == Lex::Punct('%'))
        || is_word(t.get(i + 3), &["percent", "pc", "pct"])
    {
        i + 4
    } else if is_word(t.get(i + 3), &["per"]) && is_word(t.get(i + 4), &["cent"]) {
        i + 5
    } else {
        return None;
    };
    Some(((1.0 + sign * pct / 100.0).max(0.0), end))
}

/// "threefold", "two-fold", "10-fold", "tenfold".
fn fold(w: &[u8]) -> Option<f64> {
    let stem = w.strip_suffix(b"fold")?;
    let stem = stem.strip_suffix(b"-").unwrap_or(stem);
    if !stem.is_empty() && stem.iter().all(u8::is_ascii_digit) {
        let s = std::str::from_utf8(stem).ok()?;
        return s.parse::<u32>().ok().map(f64::from);
    }
    match number_word(stem)? {
        Lex::Unit(v) | Lex::Teen(v) | Lex::Tens(v) => Some(v as f64),
        Lex::Hundred => Some(100.0),
        Lex::Scale(s) => Some(s as f64),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders a quantity as `text=value[low..high] Qualifier` plus ` vague`.
    fn render(text: &str, q: &Quantity) -> String {
        let bound = |b: Option<u64>| b.map_or(String::new(), |v| v.to_string());
        format!(
            "{}={}[{}..{}] {:?}{}",
            &text[q.start..q.end],
            q.value,
            bound(q.low),
            bound(q.high),
            q.qualifier,
            if q.vague { " vague" } else { "" }
        )
    }

    fn check(cases: &[(&str, &[&str])]) {
        for (input, expected) in cases {
            let got: Vec<String> = find_quantities(input)
                .iter()
                .map(|q| render(input, q))
                .collect();
            assert_eq!(got, *expected, "input: {input:?}");
        }
    }

    /// `find_quantities_in` over a sentence's tokens in a longer text finds
    /// what `find_quantities` finds in the sentence alone, shifted: the
    /// coder relies on it to tokenise each sentence once.
    #[test]
    fn quantities_in_tokens_match_the_slice() {
        let sentences = [
            "At least twelve people were killed and dozens wounded.",
            "Between a hundred and 200 fighters, up to 60,000 people, 10 000 troops.",
            "No fewer than three hundred and fifty, a few dozen, half a dozen men.",
            "In 2014, 2000 troops arrived on March 5-6 at 10:30 [23] (48).",
            "One of the attackers and one another; tens of thousands; 1,000-2,000.",
            "Zürich – “twenty-seven” 60k 2.3m 30-strong, several hundred.",
        ];
        let mut text = String::from("Prefix 5 words: ");
        let mut ranges = Vec::new();
        for s in sentences {
            let start = text.len();
            text.push_str(s);
            ranges.push(start..text.len());
            text.push_str(" 7 ");
        }
        for r in ranges {
            let tokens = tokenize(&text, r.clone());
            let got = find_quantities_in(&text, &tokens);
            let want: Vec<Quantity> = find_quantities(&text[r.clone()])
                .into_iter()
                .map(|mut q| {
                    q.start += r.start;
                    q.end += r.start;
                    q
                })
                .collect();
            assert!(!want.is_empty());
            assert_eq!(got, want, "{:?}", &text[r]);
        }
    }

    #[test]
    fn quantity_table() {
        check(&[
            // Digits, separators, decimals with scale words.
            ("killed 60,000 people", &["60,000=60000[..] Exact"]),
            ("some 10 000 troops", &["some 10 000=10000[..] About"]),
            ("1.5 million fled", &["1.5 million=1500000[..] Exact"]),
            (
                "a budget of 2.3m and 60k fighters",
                &["2.3m=2300000[..] Exact", "60k=60000[..] Exact"],
            ),
            ("a 30-strong unit", &["30-strong=30[..] Exact"]),
            // Number words.
            ("twenty-seven died", &["twenty-seven=27[..] Exact"]),
            ("twenty seven died", &["twenty seven=27[..] Exact"]),
            (
                "two hundred and fifty men",
                &["two hundred and fifty=250[..] Exact"],
            ),
            (
                "one hundred thousand",
                &["one hundred thousand=100000[..] Exact"],
            ),
            (
                "three million and five",
                &["three million and five=3000005[..] Exact"],
            ),
            (
                "five hundred and, five",
                &["five hundred=500[..] Exact", "five=5[..] Exact"],
            ),
            (
                "a dozen and two dozen",
                &["a dozen=12[..] Exact", "two dozen=24[..] Exact"],
            ),
            ("half a dozen men", &["half a dozen=6[..] Exact"]),
            ("a hundred people", &["a hundred=100[..] Exact"]),
            ("a couple of soldiers", &["a couple=2[..] Exact"]),
            // Vague words, ACLED values.
            (
                "a few and several",
                &["a few=3[..] Exact vague", "several=3[..] Exact vague"],
            ),
            ("dozens were hurt", &["dozens=12[..] Exact vague"]),
            (
                "scores of civilians, tens of fighters",
                &["scores=20[..] Exact vague", "tens=10[..] Exact vague"],
            ),
            (
                "hundreds and thousands",
                &[
                    "hundreds=100[..] Exact vague",
                    "thousands=1000[..] Exact vague",
                ],
            ),
            (
                "tens of thousands fled",
                &["tens of thousands=10000[..] Exact vague"],
            ),
            (
                "several hundred troops",
                &["several hundred=300[..] Exact vague"],
            ),
            ("settle scores and test scores", &[]),
            // Qualifiers.
            ("at least twelve", &["at least twelve=12[12..] AtLeast"]),
            (
                "more than 75 and over 40",
                &[
                    "more than 75=75[75..] MoreThan",
                    "over 40=40[40..] MoreThan",
                ],
            ),
            (
                "nearly 500 and almost 3",
                &["nearly 500=500[..500] About", "almost 3=3[..3] About"],
            ),
            (
                "about 25, around 30, approximately 40, some 300",
                &[
                    "about 25=25[..] About",
                    "around 30=30[..] About",
                    "approximately 40=40[..] About",
                    "some 300=300[..] About",
                ],
            ),
            (
                "up to 60,000 and as many as 90",
                &[
                    "up to 60,000=60000[..60000] UpTo",
                    "as many as 90=90[..90] UpTo",
                ],
            ),
            (
                "at most 5, fewer than 10, less than 20, under 30",
                &[
                    "at most 5=5[..5] AtMost",
                    "fewer than 10=10[..10] LessThan",
                    "less than 20=20[..20] LessThan",
                    "under 30=30[..30] LessThan",
                ],
            ),
            (
                "more than a dozen",
                &["more than a dozen=12[12..] MoreThan"],
            ),
            (
                "at least several hundred",
                &["at least several hundred=300[300..] AtLeast vague"],
            ),
            ("under fire, over the last two months", &["two=2[..] Exact"]),
            ("some dozens", &["dozens=12[..] Exact vague"]),
            ("10 or more", &["10 or more=10[10..] AtLeast"]),
            // Ranges: the low end is the value.
            (
                "ISIS-K's 1,000-2,000.",
                &["1,000-2,000=1000[1000..2000] About"],
            ),
            (
                "1,000 to 2,000 men",
                &["1,000 to 2,000=1000[1000..2000] About"],
            ),
            (
                "between 10 and 20 killed",
                &["between 10 and 20=10[10..20] About"],
            ),
            (
                "10 or 12, 10-12, one or two",
                &[
                    "10 or 12=10[10..12] About",
                    "10-12=10[10..12] About",
                    "one or two=1[1..2] About",
                ],
            ),
            ("up to 10-12 men", &["up to 10-12=10[10..12] UpTo"]),
            (
                "rose from 20 to 40",
                &["20=20[..] Exact", "40=40[..] Exact"],
            ),
            // Not quantities: years, times, dates, ordinals, percentages,
            // prices, identifiers, citations, ages.
            ("in 2014, since 2014, 2018 was", &[]),
            ("the 2014 elections, 2000 troops", &["2000=2000[..] Exact"]),
            ("2014 shootings at Parliament Hill", &[]),
            ("since at least 2014 the group", &[]),
            ("from 2014-2018 and 1990 to 2000", &[]),
            ("at 10:30 and 6 p.m. and 9am", &[]),
            ("on March 28, 2018 and 5 May", &[]),
            ("the second and 4th attack", &[]),
            ("40% and 12 percent and 3 per cent", &[]),
            ("$750,000 and £5", &[]),
            ("Flight 330 and No. 3 and Resolution 2254", &[]),
            ("19 terrorists[23] and Ali (48)", &["19=19[..] Exact"]),
            ("12.5 pounds", &[]),
            // "one" and "a".
            (
                "one of the attackers; One person was killed",
                &["one=1[..] Exact", "One=1[..] Exact"],
            ),
            ("one another, no one, anyone, someone, one day", &[]),
            ("a man and a woman", &[]),
            // Multibyte text around numbers.
            (
                "Über 5 Männer — ٣ and 7",
                &["5=5[..] Exact", "7=7[..] Exact"],
            ),
        ]);
    }

    #[test]
    fn parse_number_table() {
        let cases: &[(&str, Option<u64>)] = &[
            ("twenty-seven", Some(27)),
            ("60,000", Some(60_000)),
            ("a dozen", Some(12)),
            ("two hundred and fifty", Some(250)),
            ("1.5 million", Some(1_500_000)),
            ("  nine  ", Some(9)),
            ("Ninety-Nine", Some(99)),
            ("one thousand and one", Some(1001)),
            ("half a dozen", Some(6)),
            ("dozens", Some(12)),
            ("tens of thousands", Some(10_000)),
            ("10 000", Some(10_000)),
            ("1.5", None),
            ("at least 5", None),
            ("five six", None),
            ("a", None),
            ("", None),
            ("hundred", None),
            ("99999999999999999999", None),
            ("18446744073709551615 million", None),
        ];
        for &(input, expected) in cases {
            assert_eq!(parse_number(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn change_table() {
        let cases: &[(&str, &[(&str, f64)])] = &[
            ("the Taliban has tripled in size", &[("tripled", 3.0)]),
            (
                "numbers doubled, then halved",
                &[("doubled", 2.0), ("halved", 0.5)],
            ),
            (
                "a threefold rise, a 10-fold jump, tenfold",
                &[("threefold", 3.0), ("10-fold", 10.0), ("tenfold", 10.0)],
            ),
            (
                "attacks rose by 40% and fell by 12.5 per cent",
                &[("rose by 40%", 1.4), ("fell by 12.5 per cent", 0.875)],
            ),
            ("the force was cut in half", &[("cut in half", 0.5)]),
            ("a double suicide bombing, manifold", &[]),
            ("prices rose by 40 dollars", &[]),
        ];
        for &(input, expected) in cases {
            let got: Vec<(&str, f64)> = find_changes(input)
                .iter()
                .map(|c| (&input[c.start..c.end], c.factor))
                .collect();
            assert_eq!(got.len(), expected.len(), "input {input:?}: {got:?}");
            for ((gt, gf), (et, ef)) in got.iter().zip(expected) {
                assert_eq!(gt, et, "input {input:?}");
                assert!((gf - ef).abs() < 1e-9, "input {input:?}: {gf} != {ef}");
            }
        }
    }
}
