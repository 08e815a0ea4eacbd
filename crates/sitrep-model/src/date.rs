use serde::{Deserialize, Serialize};

use crate::codes::TimePrecision;

/// A calendar date without time zone (ACLED codes days, not instants).
pub type Date = jiff::civil::Date;

/// When an event happened, as precisely as the report says.
///
/// `date` is the single day ACLED's `event_date` column holds: the day itself
/// at precision 1, the middle of the week or range at precision 2, the middle
/// of the month or range at precision 3. `earliest..=latest` is the window the
/// report allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDate {
    pub date: Date,
    pub earliest: Date,
    pub latest: Date,
    pub precision: TimePrecision,
}

impl EventDate {
    /// A known single day.
    pub fn day(date: Date) -> EventDate {
        EventDate {
            date,
            earliest: date,
            latest: date,
            precision: TimePrecision::Day,
        }
    }

    /// A window `earliest..=latest`, coded at its midpoint.
    pub fn window(earliest: Date, latest: Date, precision: TimePrecision) -> EventDate {
        let (earliest, latest) = if earliest <= latest {
            (earliest, latest)
        } else {
            (latest, earliest)
        };
        let days = earliest.until(latest).map(|s| s.get_days()).unwrap_or(0);
        let date = earliest
            .checked_add(jiff::Span::new().days(i64::from(days / 2)))
            .unwrap_or(earliest);
        EventDate {
            date,
            earliest,
            latest,
            precision,
        }
    }

    /// Whether two date windows share at least one day.
    pub fn overlaps(&self, other: &EventDate) -> bool {
        self.earliest <= other.latest && other.earliest <= self.latest
    }
}
