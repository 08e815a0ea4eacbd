//! Dates that say when a report was published: metadata strings, file paths
//! and the article's own header.

use jiff::civil::Date;
use jiff::fmt::rfc2822;
use jiff::fmt::temporal::Pieces;

use crate::grammar::Grammar;
use crate::token::{Tok, TokKind, tokenize};

/// How far into an article a publication date is looked for.
const HEADER_BYTES: usize = 1000;

/// Cue words before a publication date, best first. "Updated" comes last
/// because a page that shows both dates was first published on the other.
/// "Date" counts only as a label ("Date: ..."), not in "to date".
const PUBLISHED_CUES: &[&str] = &["published", "posted", "dated", "date"];
const UPDATED_CUES: &[&str] = &["updated", "modified"];

/// How many tokens may sit between a cue and its date ("Posted by Jane Doe
/// on March 28, 2018").
const CUE_REACH: usize = 8;

/// Parses one date string from metadata: ISO 8601 / RFC 3339 ("2018-03-28",
/// "2018-03-28T10:00:00Z"), RFC 2822 as in RSS ("Wed, 28 Mar 2018 10:00:00
/// GMT"), "March 28, 2018", "28 March 2018", "Mar. 28, 2018" and
/// "2018/03/28", optionally followed by a time of day and zone.
///
/// Returns `None` on anything else, including numeric dates whose day and
/// month order is ambiguous ("03/04/2018") and dates that do not exist.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    // RFC 3339 / ISO 8601 ("2018-03-28", "2018-03-28T10:00:00Z"). The civil
    // date is taken as written, before any offset, because that is the day
    // the publisher meant.
    if let Ok(pieces) = Pieces::parse(s) {
        return Some(pieces.date());
    }
    // RFC 2822 as in RSS: "Wed, 28 Mar 2018 10:00:00 GMT".
    if let Ok(zdt) = rfc2822::DateTimeParser::new().parse_zoned_datetime(s) {
        return Some(zdt.date());
    }
    // Written-out dates, and RFC 2822 variants jiff rejects (a weekday that
    // does not match the date, an unknown zone name).
    let toks = tokenize(s);
    let (date, next) = Grammar::new(&toks, Date::ZERO).full_date(0)?;
    toks.get(next..)?.iter().all(is_time_token).then_some(date)
}

/// Whether a token can be part of a time of day and zone after a date:
/// "10:00:00 GMT", "10.30 am", "+0000".
fn is_time_token(t: &Tok<'_>) -> bool {
    match t.kind {
        TokKind::Num => true,
        TokKind::Punct => ":+-.,".contains(t.text),
        TokKind::Word => {
            t.text.len() <= 5
                && t.text.bytes().all(|b| b.is_ascii_alphabetic())
                && (t.text.bytes().all(|b| b.is_ascii_uppercase())
                    || ["am", "pm", "T", "Z"]
                        .iter()
                        .any(|w| t.text.eq_ignore_ascii_case(w)))
        }
    }
}

/// A date in a file path or URL: "2018/03/28/", "2018-03-28-title.txt",
/// "20180328_report.html". When a path has several, the last one wins, since
/// the file name is more specific than the folders above it.
pub fn date_in_path(path: &str) -> Option<Date> {
    let bytes = path.as_bytes();
    // Digit runs as (start, end); digits are ASCII, so these are byte ranges
    // that never split a character.
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes.get(i).is_some_and(u8::is_ascii_digit) {
            let start = i;
            while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            runs.push((start, i));
        } else {
            i += 1;
        }
    }
    let value = |(s, e): (usize, usize)| -> Option<u32> { path.get(s..e)?.parse().ok() };
    let year = |r: (usize, usize)| value(r).filter(|y| r.1 - r.0 == 4 && (1900..=2099).contains(y));
    let mut found = None;
    for (k, &run) in runs.iter().enumerate() {
        // "20180328": eight digits on their own.
        if run.1 - run.0 == 8
            && let Some(n) = value(run)
            && let Some(d) = ymd(n / 10_000, n / 100 % 100, n % 100)
                .filter(|d| (1900..=2099).contains(&d.year()))
        {
            found = Some(d);
            continue;
        }
        // "2018/03/28", "2018-03-28", "2018_03_28": one separator, used twice.
        let (Some(&m), Some(&d)) = (runs.get(k + 1), runs.get(k + 2)) else {
            continue;
        };
        let sep_between = |a: (usize, usize), b: (usize, usize)| {
            (b.0 == a.1 + 1).then(|| bytes.get(a.1).copied()).flatten()
        };
        let sep = sep_between(run, m);
        let short = |r: (usize, usize)| (1..=2).contains(&(r.1 - r.0));
        if sep.is_some_and(|c| b"/\\-_.".contains(&c))
            && sep == sep_between(m, d)
            && short(m)
            && short(d)
            && let (Some(y), Some(mv), Some(dv)) = (year(run), value(m), value(d))
            && let Some(date) = ymd(y, mv, dv)
        {
            found = Some(date);
        }
    }
    found
}

fn ymd(y: u32, m: u32, d: u32) -> Option<Date> {
    Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()
}

/// The publication date an article states in its first lines, and the byte
/// range of that date in `text`.
///
/// Looks, in order of trust, for a date after "published"/"posted"/"date",
/// then a dateline ("KABUL, March 28, 2018 (Reuters) -") or a line holding
/// only a date, then a date after "updated". Only dates with a year count:
/// without a publication date there is nothing to infer a year from.
pub fn find_publication_date(text: &str) -> Option<(std::ops::Range<usize>, Date)> {
    let mut cut = text.len().min(HEADER_BYTES);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let header = text.get(..cut)?;
    let toks = tokenize(header);
    let grammar = Grammar::new(&toks, Date::ZERO);
    let span = |start: usize, date: Date, next: usize| {
        let end = toks.get(next.checked_sub(1)?)?.end;
        Some((toks.get(start)?.start..end, date))
    };
    let after_cue = |cues: &[&str]| {
        toks.iter().enumerate().find_map(|(c, tok)| {
            if tok.kind != TokKind::Word || !cues.iter().any(|w| tok.is_word(w)) {
                return None;
            }
            if tok.is_word("date") && !toks.get(c + 1).is_some_and(|t| t.is_punct(':')) {
                return None;
            }
            (c + 1..c + 1 + CUE_REACH)
                .take_while(|&j| toks.get(j).is_some_and(|t| !t.line_start))
                .find_map(|j| grammar.full_date(j).and_then(|(d, next)| span(j, d, next)))
        })
    };
    after_cue(PUBLISHED_CUES)
        .or_else(|| dateline(&toks, &grammar).and_then(|(j, d, next)| span(j, d, next)))
        .or_else(|| after_cue(UPDATED_CUES))
}

/// A dateline or a date alone on its line. Returns the date's first token,
/// the date and the index past it.
fn dateline(toks: &[Tok<'_>], grammar: &Grammar<'_, '_>) -> Option<(usize, Date, usize)> {
    let ends_line = |next: usize| toks.get(next).is_none_or(|t| t.line_start);
    toks.iter()
        .enumerate()
        .filter(|(_, t)| t.line_start)
        .find_map(|(i, first)| {
            // A line that is just a date: "March 28, 2018".
            if let Some((d, next)) = grammar.full_date(i)
                && ends_line(next)
            {
                return Some((i, d, next));
            }
            // "KABUL, March 28, 2018 (Reuters) -": a place in capitals, a comma,
            // the date, then the agency or the dash that opens the story.
            let all_caps = first.kind == TokKind::Word
                && first.text.chars().count() >= 2
                && first.text.chars().all(char::is_uppercase);
            if !all_caps {
                return None;
            }
            (i + 1..i + 1 + CUE_REACH)
                .take_while(|&j| toks.get(j).is_some_and(|t| !t.line_start))
                .filter(|&j| {
                    j.checked_sub(1)
                        .and_then(|p| toks.get(p))
                        .is_some_and(|t| t.is_punct(','))
                })
                .find_map(|j| {
                    let (d, next) = grammar.full_date(j)?;
                    let opens_story = ends_line(next)
                        || toks
                            .get(next)
                            .is_some_and(|t| t.is_punct('(') || t.is_punct('-') || t.is_punct(':'));
                    opens_story.then_some((j, d, next))
                })
        })
}
