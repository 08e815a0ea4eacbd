//! Calendar arithmetic on `jiff` dates that never panics: every step that
//! can leave jiff's range returns `None`.

use jiff::Span;
use jiff::civil::{Date, Weekday};
use sitrep_model::TimePrecision;

use crate::lexicon::Unit;

/// An inclusive window of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Window {
    pub earliest: Date,
    pub latest: Date,
}

impl Window {
    pub fn new(earliest: Date, latest: Date) -> Option<Window> {
        (earliest <= latest).then_some(Window { earliest, latest })
    }

    pub fn day(d: Date) -> Window {
        Window {
            earliest: d,
            latest: d,
        }
    }

    /// Number of days in the window minus one (0 for a single day).
    pub fn span_days(self) -> i32 {
        self.earliest
            .until(self.latest)
            .map(|s| s.get_days())
            .unwrap_or(i32::MAX)
    }

    /// ACLED's time precision for a window: a known day, a week or a few days
    /// (up to eleven, so that "late March", the 21st to the 31st, is still a
    /// week-level date), or anything vaguer.
    pub fn precision(self) -> TimePrecision {
        match self.span_days() {
            0 => TimePrecision::Day,
            1..=10 => TimePrecision::Week,
            _ => TimePrecision::Month,
        }
    }
}

/// Early, middle or late part of a month, year or decade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    Early,
    Mid,
    Late,
}

/// A calendar period as a report names it, before it becomes a window. The
/// shape matters for "early/mid/late", which split months, years and decades
/// differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Period {
    Day(Date),
    Month(i16, i8),
    Year(i16),
    /// The decade starting in this year ("the 1990s" = 1990).
    Decade(i16),
    Window(Window),
}

impl Period {
    pub fn window(self) -> Option<Window> {
        match self {
            Period::Day(d) => Some(Window::day(d)),
            Period::Month(y, m) => {
                let first = Date::new(y, m, 1).ok()?;
                Window::new(first, first.last_of_month())
            }
            Period::Year(y) => Window::new(Date::new(y, 1, 1).ok()?, Date::new(y, 12, 31).ok()?),
            Period::Decade(y) => Window::new(
                Date::new(y, 1, 1).ok()?,
                Date::new(y.checked_add(9)?, 12, 31).ok()?,
            ),
            Period::Window(w) => Some(w),
        }
    }

    /// The early, middle or late third of the period. Months split at the
    /// 10th and 20th, years at the end of April and August, decades after the
    /// third and sixth year. A single day stays itself ("late Monday").
    pub fn part(self, part: Part) -> Option<Period> {
        match self {
            Period::Day(_) => Some(self),
            Period::Month(y, m) => {
                let last = Date::new(y, m, 1).ok()?.last_of_month().day();
                let (a, b) = pick(part, (1, 10), (11, 20), (21, last));
                Some(Period::Window(Window::new(
                    Date::new(y, m, a).ok()?,
                    Date::new(y, m, b).ok()?,
                )?))
            }
            Period::Year(y) => {
                let (a, b) = pick(part, (1, 4), (5, 8), (9, 12));
                let last = Date::new(y, b, 1).ok()?.last_of_month();
                Some(Period::Window(Window::new(Date::new(y, a, 1).ok()?, last)?))
            }
            Period::Decade(y) => {
                let (a, b) = pick(part, (0, 3), (4, 6), (7, 9));
                Some(Period::Window(Window::new(
                    Date::new(y.checked_add(a)?, 1, 1).ok()?,
                    Date::new(y.checked_add(b)?, 12, 31).ok()?,
                )?))
            }
            Period::Window(w) => {
                let n = w.span_days().checked_add(1)?;
                let third = (n / 3).max(1);
                let (a, b) = pick(
                    part,
                    (0, third - 1),
                    (third, n - third - 1),
                    (n - third, n - 1),
                );
                let a = a.min(n - 1);
                let b = b.clamp(a, n - 1);
                Some(Period::Window(Window::new(
                    add_days(w.earliest, a.into())?,
                    add_days(w.earliest, b.into())?,
                )?))
            }
        }
    }
}

impl Period {
    /// The first or second half: January to June of a year, the 1st to 15th
    /// of a month, or the first five years of a decade.
    pub fn half(self, first: bool) -> Option<Period> {
        let w = self.window()?;
        let (a, b) = match self {
            Period::Day(_) => return Some(self),
            Period::Month(y, m) => (Date::new(y, m, 15).ok()?, Date::new(y, m, 16).ok()?),
            Period::Year(y) => (Date::new(y, 6, 30).ok()?, Date::new(y, 7, 1).ok()?),
            Period::Decade(y) => (
                Date::new(y.checked_add(4)?, 12, 31).ok()?,
                Date::new(y.checked_add(5)?, 1, 1).ok()?,
            ),
            Period::Window(w) => {
                let mid = add_days(w.earliest, i64::from(w.span_days() / 2))?;
                (mid, add_days(mid, 1)?.min(w.latest))
            }
        };
        let half = if first {
            Window::new(w.earliest, a)?
        } else {
            Window::new(b, w.latest)?
        };
        Some(Period::Window(half))
    }
}

/// The one of three values that belongs to `part`.
fn pick<T>(part: Part, early: T, mid: T, late: T) -> T {
    match part {
        Part::Early => early,
        Part::Mid => mid,
        Part::Late => late,
    }
}

pub(crate) fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(Span::new().try_days(n).ok()?).ok()
}

pub(crate) fn sub_days(d: Date, n: i64) -> Option<Date> {
    d.checked_sub(Span::new().try_days(n).ok()?).ok()
}

/// `d` plus `n` units, with the same rules as [`sub_units`].
pub(crate) fn add_units(d: Date, n: i64, unit: Unit) -> Option<Date> {
    sub_units(d, n.checked_neg()?, unit)
}

/// `d` minus `n` units. Months and years clamp to the end of shorter months
/// (March 31 minus one month is February 28), which is what a reader means by
/// "a month ago". Hours are rounded up to whole days.
pub(crate) fn sub_units(d: Date, n: i64, unit: Unit) -> Option<Date> {
    let span = match unit {
        Unit::Hour => Span::new().try_days(n.checked_add(23)? / 24),
        Unit::Day => Span::new().try_days(n),
        Unit::Week => Span::new().try_weeks(n),
        Unit::Month => Span::new().try_months(n),
        Unit::Year => Span::new().try_years(n),
        Unit::Decade => Span::new().try_years(n.checked_mul(10)?),
    };
    d.checked_sub(span.ok()?).ok()
}

/// The most recent `wd` on or before `d`, or strictly before it.
pub(crate) fn last_weekday(d: Date, wd: Weekday, strictly_before: bool) -> Option<Date> {
    let mut back =
        i64::from(d.weekday().to_monday_zero_offset() - wd.to_monday_zero_offset()).rem_euclid(7);
    if strictly_before && back == 0 {
        back = 7;
    }
    sub_days(d, back)
}

/// Monday to Sunday of the week containing `d`.
pub(crate) fn week_of(d: Date) -> Option<Window> {
    let monday = last_weekday(d, Weekday::Monday, false)?;
    Window::new(monday, add_days(monday, 6)?)
}

/// The month of the given year, or of the year before when that month would
/// start after `reference`: "in March" means the most recent March.
pub(crate) fn recent_month(reference: Date, m: i8, strictly_before: bool) -> Period {
    let y = reference.year();
    let this_year = if strictly_before {
        m < reference.month()
    } else {
        m <= reference.month()
    };
    if this_year {
        Period::Month(y, m)
    } else {
        Period::Month(y.saturating_sub(1), m)
    }
}

/// A day of a month with the year left out: the publication year, unless that
/// puts it more than a week after publication (then the year before). Feb 29
/// looks back to the last leap year.
pub(crate) fn recent_day(reference: Date, m: i8, d: i8) -> Option<Date> {
    let horizon = add_days(reference, 7)?;
    let y = reference.year();
    (0..=4)
        .filter_map(|back| Date::new(y.checked_sub(back)?, m, d).ok())
        .find(|&date| date <= horizon)
}
