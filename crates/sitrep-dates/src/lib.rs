//! Date expressions in news text, resolved against the publication date.
//!
//! The coder calls [`find_dates`] on each sentence of a report to learn when
//! things happened: "on Monday", "last week", "in March 2017", "over the last
//! two months", "since 2014", "recently". Each [`DateMention`] carries its
//! byte span, an inclusive window `earliest..=latest` and ACLED's
//! `time_precision`, ready to become a [`sitrep_model::EventDate`]. Reports
//! are written in the past tense about the recent past, so a date without a
//! year is the most recent one not (much) after publication, and windows
//! that reach past publication ("this week") end on the publication day.
//!
//! For the publication date itself there are [`parse_date`] (metadata
//! strings: ISO 8601/RFC 3339, RFC 2822 as in RSS, written-out dates),
//! [`date_in_path`] (file names and URLs) and [`find_publication_date`] (a
//! date stated in the article's first lines or dateline).
//!
//! What this crate deliberately does not do:
//! - No I/O and no global state. Word lists are `const` tables; nothing is
//!   cached between calls.
//! - No relative references to the future: "next week", "tomorrow", "later
//!   this year", "late this week" (written on a Wednesday) yield nothing,
//!   because the coder dates events that have happened. Explicit dates after
//!   publication ("in 2030") are returned as written.
//! - No narrative time: "the following day" or "two days later" depend on
//!   another event's date, which only the coder knows.
//! - No guessing between day and month orders: "03/04/2018" is not a date.
//! - Seasons ("last summer") and the adjective "recent" ("a recent attack")
//!   are not matched.
//!
//! Invariants:
//! - Nothing panics, whatever the input: out-of-range dates (Feb 30, year
//!   99999) are skipped, and spans always fall on character boundaries.
//! - Mentions returned by [`find_dates`] are in text order and do not
//!   overlap; each span covers the whole expression including its
//!   preposition ("on Monday", "over the last two months").
//! - `earliest <= latest`, and `precision` follows from the window's length
//!   alone: one day is `Day`, up to eleven days is `Week`, longer is `Month`.
//! - Month names and weekdays count only when capitalised ("May 5", not
//!   "they may attack"); a bare month or year needs a word before it that
//!   makes it a date ("in March", "during 2014"), so "a March on the capital",
//!   "Flight 330" and "60,000" are never dates.

mod calendar;
mod grammar;
mod lexicon;
mod meta;
mod token;

#[cfg(test)]
mod tests;

pub use meta::{date_in_path, find_publication_date, parse_date};
pub use sitrep_model::Date;
use sitrep_model::{EventDate, TimePrecision};

/// What sort of time a date expression names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateKind {
    /// A day, week, month, year or decade: "on Monday", "last week", "in
    /// March 2017", "in 2014".
    Point,
    /// An explicit span: "over the last two months", "between January and
    /// March", "from 2015 to 2017", "in the past three days".
    Range,
    /// "since 2014": from the start of the named time to publication.
    Since,
    /// A window the report only hints at: "recently", "in recent weeks",
    /// "earlier this year", "a few days ago".
    Vague,
}

/// One date expression found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateMention {
    /// Byte offset of the expression's first byte in the given text.
    pub start: usize,
    /// Byte offset just past the expression.
    pub end: usize,
    /// First day of the inclusive window.
    pub earliest: Date,
    /// Last day of the inclusive window.
    pub latest: Date,
    /// ACLED's `time_precision` for the window.
    pub precision: TimePrecision,
    pub kind: DateKind,
}

impl DateMention {
    /// The mention as ACLED codes it: the window and its middle day as
    /// `event_date`.
    pub fn event_date(&self) -> EventDate {
        EventDate::window(self.earliest, self.latest, self.precision)
    }

    /// The byte range of the expression.
    pub fn span(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// Every date expression in `text`, non-overlapping, in order, resolved
/// against `published`.
///
/// ```
/// use sitrep_dates::{Date, DateKind, find_dates};
///
/// let published = Date::new(2018, 3, 28)?;
/// let text = "140 fighters were killed over the last two months.";
/// let found = find_dates(text, published);
/// assert_eq!(found.len(), 1);
/// assert_eq!(text.get(found[0].span()), Some("over the last two months"));
/// assert_eq!(found[0].earliest, Date::new(2018, 1, 28)?);
/// assert_eq!(found[0].latest, published);
/// assert_eq!(found[0].kind, DateKind::Range);
/// # Ok::<(), jiff::Error>(())
/// ```
pub fn find_dates(text: &str, published: Date) -> Vec<DateMention> {
    let toks = token::tokenize(text);
    grammar::Grammar::new(&toks, published).find()
}
