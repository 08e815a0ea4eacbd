//! The words date expressions are made of: month and weekday names, number
//! words and calendar units.

use jiff::civil::Weekday;

use crate::token::{Tok, TokKind};

/// Month names and the abbreviations news copy uses. The flag says whether
/// the spelling is an abbreviation, which may only stand before a day or year.
const MONTHS: &[(&str, i8, bool)] = &[
    ("January", 1, false),
    ("February", 2, false),
    ("March", 3, false),
    ("April", 4, false),
    ("May", 5, false),
    ("June", 6, false),
    ("July", 7, false),
    ("August", 8, false),
    ("September", 9, false),
    ("October", 10, false),
    ("November", 11, false),
    ("December", 12, false),
    ("Jan", 1, true),
    ("Feb", 2, true),
    ("Mar", 3, true),
    ("Apr", 4, true),
    ("Jun", 6, true),
    ("Jul", 7, true),
    ("Aug", 8, true),
    ("Sep", 9, true),
    ("Sept", 9, true),
    ("Oct", 10, true),
    ("Nov", 11, true),
    ("Dec", 12, true),
];

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("Monday", Weekday::Monday),
    ("Tuesday", Weekday::Tuesday),
    ("Wednesday", Weekday::Wednesday),
    ("Thursday", Weekday::Thursday),
    ("Friday", Weekday::Friday),
    ("Saturday", Weekday::Saturday),
    ("Sunday", Weekday::Sunday),
];

/// Weekday abbreviations, accepted only in metadata and headers ("Wed, 28 Mar
/// 2018"), never in running text where "Sat" and "Sun" are ordinary words.
const WEEKDAY_ABBREVS: &[&str] = &[
    "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun",
];

/// The month a capitalised token names, and whether it is an abbreviation.
pub(crate) fn month(tok: &Tok<'_>) -> Option<(i8, bool)> {
    if tok.kind != TokKind::Word || !tok.is_capitalised() {
        return None;
    }
    MONTHS
        .iter()
        .find(|(name, _, _)| name.eq_ignore_ascii_case(tok.text))
        .map(|&(_, m, abbrev)| (m, abbrev))
}

/// The weekday a capitalised, fully spelled token names.
pub(crate) fn weekday(tok: &Tok<'_>) -> Option<Weekday> {
    if tok.kind != TokKind::Word || !tok.is_capitalised() {
        return None;
    }
    WEEKDAYS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(tok.text))
        .map(|&(_, w)| w)
}

/// Whether a capitalised token is a weekday name or abbreviation.
pub(crate) fn weekday_or_abbrev(tok: &Tok<'_>) -> bool {
    weekday(tok).is_some()
        || (tok.is_capitalised()
            && WEEKDAY_ABBREVS
                .iter()
                .any(|a| a.eq_ignore_ascii_case(tok.text)))
}

/// A calendar unit in "two weeks ago" or "over the last three months".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Hour,
    Day,
    Week,
    Month,
    Year,
    Decade,
}

/// The unit a word names, singular or plural.
pub(crate) fn unit(tok: &Tok<'_>) -> Option<Unit> {
    if tok.kind != TokKind::Word {
        return None;
    }
    // No unit is longer than "decades": lower-case into a stack buffer
    // rather than a new string, since this runs on every word.
    let mut buf = [0u8; 7];
    let lower = buf.get_mut(..tok.text.len())?;
    lower.copy_from_slice(tok.text.as_bytes());
    lower.make_ascii_lowercase();
    let singular = lower.strip_suffix(b"s").unwrap_or(lower);
    Some(match singular {
        b"hour" => Unit::Hour,
        b"day" => Unit::Day,
        b"week" => Unit::Week,
        b"month" => Unit::Month,
        b"year" => Unit::Year,
        b"decade" => Unit::Decade,
        _ => return None,
    })
}

/// How many units a count word says, and whether it is only approximate
/// ("a few", "several").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Count {
    pub n: i64,
    pub vague: bool,
}

const NUMBER_WORDS: &[(&str, i64)] = &[
    ("a", 1),
    ("an", 1),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
    ("dozen", 12),
];

/// The count a phrase starting at `toks[i]` says: "two", "48", "a few",
/// "several", "a couple of", "twenty-four". Returns the count and the index
/// just past it.
pub(crate) fn count(toks: &[Tok<'_>], i: usize) -> Option<(Count, usize)> {
    let tok = toks.get(i)?;
    if let Some(n) = tok.number(3) {
        return Some((
            Count {
                n: i64::from(n),
                vague: false,
            },
            i + 1,
        ));
    }
    let word = |j: usize, w: &str| toks.get(j).is_some_and(|t| t.is_word(w));
    // Approximate counts: the numbers chosen are what a reader would take as
    // the middle of "a few" or "several"; the windows built on them say so by
    // being marked vague.
    let vague = |n: i64, next: usize| Some((Count { n, vague: true }, next));
    if word(i, "a") && word(i + 1, "few") {
        return vague(3, i + 2);
    }
    if word(i, "few") {
        return vague(3, i + 1);
    }
    if word(i, "several") {
        return vague(4, i + 1);
    }
    if word(i, "a") && word(i + 1, "couple") && word(i + 2, "of") {
        return Some((Count { n: 2, vague: false }, i + 3));
    }
    let value = |t: &Tok<'_>| {
        NUMBER_WORDS
            .iter()
            .find(|(w, _)| t.is_word(w))
            .map(|&(_, n)| n)
    };
    let n = value(tok)?;
    // "twenty-four": a tens word, a touching hyphen and a units word.
    if n >= 20 && n % 10 == 0 {
        let hyphen = toks
            .get(i + 1)
            .filter(|t| t.is_punct('-') && t.start == tok.end);
        let units = toks
            .get(i + 2)
            .and_then(|t| value(t).filter(|&u| (1..10).contains(&u)));
        if let (Some(h), Some(u), Some(t)) = (hyphen, units, toks.get(i + 2))
            && t.start == h.end
        {
            return Some((
                Count {
                    n: n + u,
                    vague: false,
                },
                i + 3,
            ));
        }
    }
    // "a dozen" reads as twelve; a bare "dozen" without the article is rare
    // enough to accept the same way.
    if (tok.is_word("a") || tok.is_word("an"))
        && toks.get(i + 1).is_some_and(|t| t.is_word("dozen"))
    {
        return Some((
            Count {
                n: 12,
                vague: false,
            },
            i + 2,
        ));
    }
    Some((Count { n, vague: false }, i + 1))
}
