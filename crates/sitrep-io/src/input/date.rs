//! Publication dates from metadata: `2018-03-28`, RFC 3339 timestamps
//! (`2018-03-28T09:30:00-04:00`) and RFC 2822 dates (`Wed, 28 Mar 2018
//! 09:30:00 GMT`), the forms feeds, JSON Lines and HTML meta tags use.

use jiff::fmt::{rfc2822, temporal::Pieces};
use sitrep_model::Date;

/// Parses a metadata date. The day is the one the publisher wrote, in the
/// publisher's own offset: an article stamped `2018-03-28T23:30:00-04:00`
/// was published on the 28th where it was written, though it was the 29th
/// in UTC.
pub fn parse_published(raw: &str) -> Option<Date> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(date) = s.parse::<Date>() {
        return Some(date);
    }
    if let Ok(pieces) = Pieces::parse(s) {
        return Some(pieces.date());
    }
    if let Some(date) = parse_rfc2822(s) {
        return Some(date);
    }
    // `2018-03-28T09:30:00.000+0000` and similar near-misses: the day
    // itself is unambiguous, so take it when the rest looks like a time.
    let day = s.get(..10)?;
    let rest = s.get(10..)?;
    if rest.starts_with(['T', 't', ' ']) && rest.as_bytes().get(1).is_some_and(u8::is_ascii_digit) {
        return day.parse::<Date>().ok();
    }
    None
}

fn parse_rfc2822(s: &str) -> Option<Date> {
    if let Ok(zdt) = rfc2822::parse(s) {
        return Some(zdt.date());
    }
    // Feeds often get the weekday wrong, or spell it out in full, and
    // jiff rightly refuses that. The weekday adds nothing, so drop it.
    let (_, rest) = s.split_once(',')?;
    rfc2822::parse(rest.trim()).ok().map(|zdt| zdt.date())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn published_dates() {
        let table: &[(&str, Option<Date>)] = &[
            ("2018-03-28", Some(date(2018, 3, 28))),
            (" 2018-03-28 ", Some(date(2018, 3, 28))),
            ("2018-03-28T09:30:00Z", Some(date(2018, 3, 28))),
            ("2018-03-28T23:30:00-04:00", Some(date(2018, 3, 28))),
            ("2018-03-28T09:30:00.123+04:30", Some(date(2018, 3, 28))),
            ("2018-03-28T09:30:00", Some(date(2018, 3, 28))),
            ("2018-03-28 09:30", Some(date(2018, 3, 28))),
            ("2018-03-28T09:30:00.000+0000", Some(date(2018, 3, 28))),
            ("Wed, 28 Mar 2018 09:30:00 GMT", Some(date(2018, 3, 28))),
            ("Wed, 28 Mar 2018 09:30:00 +0000", Some(date(2018, 3, 28))),
            ("28 Mar 2018 09:30:00 -0500", Some(date(2018, 3, 28))),
            ("Mon, 28 Mar 2018 09:30:00 GMT", Some(date(2018, 3, 28))),
            (
                "Wednesday, 28 Mar 2018 09:30:00 EST",
                Some(date(2018, 3, 28)),
            ),
            ("2018-02-30", None),
            ("yesterday", None),
            ("Not a date, at all", None),
            ("", None),
            ("2018-03-28Tnope", None),
        ];
        for &(raw, want) in table {
            assert_eq!(parse_published(raw), want, "{raw:?}");
        }
    }
}
