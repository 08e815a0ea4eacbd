//! An in-memory columnar copy of the incidents' facets, for the
//! dashboard's aggregates.
//!
//! [`Store::aggregate`] answers with SQL, which on a store of a million
//! events reads hundreds of thousands of rows from disk per call (hundreds
//! of milliseconds). A dashboard asks for half a dozen aggregates per
//! click. [`IncidentCube`] holds, per incident, the handful of small
//! values aggregates group and filter by (day, country, province, actors,
//! types, fatalities: 28 bytes) and scans them in memory: a few
//! milliseconds over a million rows.
//!
//! It is a snapshot: [`Store::data_version`] tells a caller when another
//! connection has committed since, so it can load a new one. Its answers
//! are exactly [`Store::aggregate`]'s (same filters with the same case
//! rules, same keys, same order); `tests/cube.rs` compares the two.

use std::collections::HashMap;

use jiff::ToSpan;
use sitrep_model::{ActorType, Date, EventType, SubEventType};

use crate::query::{Bucket, GroupBy, IncidentFilter};
use crate::{Store, StoreError};

/// "No value" in a `u32` column (no actor2, no province, unknown toll).
const NONE: u32 = u32::MAX;
/// "No country" in the country column.
const NO_COUNTRY: u16 = u16::MAX;

/// One incident's facets.
#[derive(Debug, Clone, Copy)]
struct Row {
    /// Days since 1970-01-01.
    day: i32,
    country: u16,
    admin1: u32,
    actor1: u32,
    actor2: u32,
    event_type: u8,
    sub_event_type: u8,
    /// ACLED `inter` codes of actor1 and actor2 (0 = none).
    inter1: u8,
    inter2: u8,
    fatalities: u32,
}

/// A country as the store's `countries` table has it.
#[derive(Debug, Clone)]
struct Country {
    code: String,
    iso3: String,
    name: String,
}

/// The incidents' facets, loaded once from a store. See the module docs.
#[derive(Debug, Clone, Default)]
pub struct IncidentCube {
    rows: Vec<Row>,
    countries: Vec<Country>,
    /// Interned province and actor names, exactly as stored.
    strings: Vec<String>,
    /// The earliest day of any row, and how many days the rows span.
    min_day: i32,
    day_span: usize,
}

/// One cell of a two-way aggregate: a time period and an event type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodBucket {
    pub period: String,
    pub event_type: EventType,
    pub incidents: u64,
    pub fatalities: u64,
}

/// Incidents between two actors (actor1, actor2 as coded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairBucket {
    pub actor1: String,
    pub actor2: String,
    pub incidents: u64,
    pub fatalities: u64,
}

/// An actor's part in the selected incidents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorBucket {
    pub name: String,
    /// ACLED's actor type as coded in the first incident seen.
    pub inter: Option<ActorType>,
    pub as_actor1: u64,
    pub as_actor2: u64,
    pub fatalities: u64,
}

/// Totals over the selected incidents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CubeTotals {
    pub incidents: u64,
    pub fatalities: u64,
    pub first_date: Option<Date>,
    pub last_date: Option<Date>,
}

/// A filter resolved against the cube's interned values: `None` = any.
struct Resolved {
    countries: Option<Vec<u16>>,
    admin1: Option<Vec<u32>>,
    actor: Option<Vec<u32>>,
    event_type: Option<u8>,
    sub_event_type: Option<u8>,
    since: i32,
    until: i32,
}

impl Resolved {
    fn keeps(&self, r: &Row) -> bool {
        r.day >= self.since
            && r.day <= self.until
            && self.event_type.is_none_or(|t| t == r.event_type)
            && self.sub_event_type.is_none_or(|t| t == r.sub_event_type)
            && self
                .countries
                .as_ref()
                .is_none_or(|c| c.contains(&r.country))
            && self.admin1.as_ref().is_none_or(|a| a.contains(&r.admin1))
            && self
                .actor
                .as_ref()
                .is_none_or(|a| a.contains(&r.actor1) || a.contains(&r.actor2))
    }
}

fn epoch() -> Date {
    Date::constant(1970, 1, 1)
}

fn day_number(d: Date) -> i32 {
    // Dates in a store are between years 1 and 9999; the span in days
    // always fits.
    epoch().until(d).map(|s| s.get_days()).unwrap_or_default()
}

fn day_date(n: i32) -> Date {
    epoch().checked_add(n.days()).unwrap_or(epoch())
}

fn type_index(t: EventType) -> u8 {
    EventType::ALL.iter().position(|&x| x == t).unwrap_or(0) as u8
}

fn sub_type_index(t: SubEventType) -> u8 {
    SubEventType::ALL.iter().position(|&x| x == t).unwrap_or(0) as u8
}

impl Store {
    /// A counter that changes whenever another connection commits to the
    /// store (SQLite's `PRAGMA data_version`; on PostgreSQL a generation
    /// number every write transaction bumps, so it also changes on this
    /// connection's own commits): when it differs from the value read with
    /// an [`IncidentCube`], the cube is stale.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        self.conn.data_version()
    }

    /// Loads the incidents' facets into memory (one pass over the
    /// incidents table, about a second per million incidents).
    pub fn load_cube(&self) -> Result<IncidentCube, StoreError> {
        let mut countries = Vec::new();
        let mut country_ix: HashMap<String, u16> = HashMap::new();
        for r in self.conn.query(
            "SELECT country_code, iso3, name FROM countries ORDER BY country_code",
            &[],
        )? {
            let c = Country {
                code: r.get(0)?,
                iso3: r.get(1)?,
                name: r.get(2)?,
            };
            country_ix.insert(c.code.clone(), countries.len() as u16);
            countries.push(c);
        }

        let mut strings: Vec<String> = Vec::new();
        let mut string_ix: HashMap<String, u32> = HashMap::new();
        let mut intern = |s: Option<String>| -> u32 {
            let Some(s) = s else { return NONE };
            if let Some(&i) = string_ix.get(&s) {
                return i;
            }
            let i = strings.len() as u32;
            string_ix.insert(s.clone(), i);
            strings.push(s);
            i
        };
        let mut out = Vec::new();
        self.conn.for_each(
            "SELECT event_date, country_code, admin1, actor1, actor2, event_type,
                    sub_event_type, fatalities, inter1, inter2
             FROM incidents ORDER BY incident_id",
            &[],
            |r| {
                let date: String = r.get(0)?;
                let date = crate::query::parse_date(&date)?;
                let country: Option<String> = r.get(1)?;
                let event_type: String = r.get(5)?;
                let sub_event_type: String = r.get(6)?;
                let fatalities: Option<i64> = r.get(7)?;
                out.push(Row {
                    day: day_number(date),
                    country: country
                        .and_then(|c| country_ix.get(&c).copied())
                        .unwrap_or(NO_COUNTRY),
                    admin1: intern(r.get(2)?),
                    actor1: intern(Some(r.get(3)?)),
                    actor2: intern(r.get(4)?),
                    event_type: type_index(
                        event_type.parse().map_err(|_| {
                            StoreError::Corrupt(format!("event type {event_type:?}"))
                        })?,
                    ),
                    sub_event_type: sub_type_index(sub_event_type.parse().map_err(|_| {
                        StoreError::Corrupt(format!("sub-event type {sub_event_type:?}"))
                    })?),
                    fatalities: fatalities
                        .and_then(|f| u32::try_from(f).ok())
                        .unwrap_or(NONE),
                    inter1: r
                        .get::<Option<i64>>(8)?
                        .and_then(|i| u8::try_from(i).ok())
                        .unwrap_or(0),
                    inter2: r
                        .get::<Option<i64>>(9)?
                        .and_then(|i| u8::try_from(i).ok())
                        .unwrap_or(0),
                });
                Ok(())
            },
        )?;
        let min_day = out.iter().map(|r| r.day).min().unwrap_or(0);
        let max_day = out.iter().map(|r| r.day).max().unwrap_or(-1);
        Ok(IncidentCube {
            rows: out,
            countries,
            strings,
            min_day,
            day_span: usize::try_from(max_day - min_day + 1).unwrap_or(0),
        })
    }
}

impl IncidentCube {
    /// How many incidents the cube holds.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Ids of interned strings equal to `q` ignoring ASCII case (SQLite's
    /// NOCASE, which the store's columns use).
    fn strings_like(&self, q: &str) -> Vec<u32> {
        let q = q.trim();
        self.strings
            .iter()
            .enumerate()
            .filter(|(_, s)| s.eq_ignore_ascii_case(q))
            .map(|(i, _)| i as u32)
            .collect()
    }

    fn resolve(&self, f: &IncidentFilter) -> Resolved {
        let countries = f.country.as_ref().map(|q| {
            let q = q.trim();
            self.countries
                .iter()
                .enumerate()
                .filter(|(_, c)| {
                    c.code == q.to_ascii_uppercase()
                        || c.iso3.eq_ignore_ascii_case(q)
                        || c.name.eq_ignore_ascii_case(q)
                })
                .map(|(i, _)| i as u16)
                .collect()
        });
        Resolved {
            countries,
            admin1: f.admin1.as_deref().map(|q| self.strings_like(q)),
            actor: f.actor.as_deref().map(|q| self.strings_like(q)),
            event_type: f.event_type.map(type_index),
            sub_event_type: f.sub_event_type.map(sub_type_index),
            since: f.since.map_or(i32::MIN, day_number),
            until: f.until.map_or(i32::MAX, day_number),
        }
    }

    fn selected<'a>(&'a self, f: &IncidentFilter) -> impl Iterator<Item = &'a Row> + 'a {
        let r = self.resolve(f);
        self.rows.iter().filter(move |row| r.keeps(row))
    }

    fn string(&self, i: u32) -> &str {
        self.strings.get(i as usize).map_or("", String::as_str)
    }

    fn fatalities(r: &Row) -> u64 {
        if r.fatalities == NONE {
            0
        } else {
            u64::from(r.fatalities)
        }
    }

    /// The dense slot a row falls in for `by` (`second`: its actor2):
    /// counting into a vector, not a hash map, is what keeps a
    /// million-row scan in milliseconds.
    fn slot(&self, r: &Row, by: GroupBy, second: bool) -> usize {
        let last = |v: u32, n: usize| if v == NONE { n } else { v as usize };
        match by {
            GroupBy::Day | GroupBy::Week | GroupBy::Month | GroupBy::Year => {
                usize::try_from(r.day - self.min_day).unwrap_or(usize::MAX)
            }
            GroupBy::Country => {
                if r.country == NO_COUNTRY {
                    self.countries.len()
                } else {
                    usize::from(r.country)
                }
            }
            GroupBy::Admin1 => last(r.admin1, self.strings.len()),
            GroupBy::EventType => usize::from(r.event_type),
            GroupBy::SubEventType => usize::from(r.sub_event_type),
            GroupBy::Actor => last(if second { r.actor2 } else { r.actor1 }, self.strings.len()),
        }
    }

    /// How many slots `by` has.
    fn slots(&self, by: GroupBy) -> usize {
        match by {
            GroupBy::Day | GroupBy::Week | GroupBy::Month | GroupBy::Year => self.day_span,
            GroupBy::Country => self.countries.len() + 1,
            GroupBy::Admin1 | GroupBy::Actor => self.strings.len() + 1,
            GroupBy::EventType => EventType::ALL.len(),
            GroupBy::SubEventType => SubEventType::ALL.len(),
        }
    }

    /// The key a slot stands for, as [`Store::aggregate`] spells it.
    fn slot_key(&self, slot: usize, by: GroupBy) -> String {
        let day = self
            .min_day
            .saturating_add(i32::try_from(slot).unwrap_or(0));
        match by {
            GroupBy::Day => day_date(day).to_string(),
            GroupBy::Week => week_of(day),
            GroupBy::Month => day_date(day).strftime("%Y-%m").to_string(),
            GroupBy::Year => format!("{:04}", day_date(day).year()),
            GroupBy::Country => self
                .countries
                .get(slot)
                .map_or(String::new(), |c| c.name.clone()),
            GroupBy::Admin1 | GroupBy::Actor => self.strings.get(slot).cloned().unwrap_or_default(),
            GroupBy::EventType => EventType::ALL
                .get(slot)
                .map_or("", |t| t.as_str())
                .to_string(),
            GroupBy::SubEventType => SubEventType::ALL
                .get(slot)
                .map_or("", |t| t.as_str())
                .to_string(),
        }
    }

    /// Incident counts and fatalities grouped by `by`: the same answer as
    /// [`Store::aggregate`] on the store the cube was loaded from.
    pub fn aggregate(&self, filter: &IncidentFilter, by: GroupBy) -> Vec<Bucket> {
        let mut counts = vec![(0u64, 0u64); self.slots(by)];
        for r in self.selected(filter) {
            let f = Self::fatalities(r);
            if let Some(e) = counts.get_mut(self.slot(r, by, false)) {
                e.0 += 1;
                e.1 += f;
            }
            if by == GroupBy::Actor
                && r.actor2 != NONE
                && let Some(e) = counts.get_mut(self.slot(r, by, true))
            {
                e.0 += 1;
                e.1 += f;
            }
        }
        // Several slots can share a key (the days of a week, two countries
        // of one name): merge by key.
        let mut groups: HashMap<String, (u64, u64)> = HashMap::new();
        for (slot, &(n, f)) in counts.iter().enumerate() {
            if n == 0 {
                continue;
            }
            let e = groups.entry(self.slot_key(slot, by)).or_default();
            e.0 += n;
            e.1 += f;
        }
        let mut out: Vec<Bucket> = groups
            .into_iter()
            .map(|(key, (incidents, fatalities))| Bucket {
                key,
                incidents,
                fatalities,
            })
            .collect();
        match by {
            GroupBy::Day | GroupBy::Week | GroupBy::Month | GroupBy::Year => {
                out.sort_by(|a, b| a.key.cmp(&b.key))
            }
            _ => out.sort_by(|a, b| b.incidents.cmp(&a.incidents).then(a.key.cmp(&b.key))),
        }
        out
    }

    /// Incidents by time period and event type (a stacked timeline), in
    /// period order then event type order. `by` must be a time grouping;
    /// other groupings are treated as days.
    pub fn timeline(&self, filter: &IncidentFilter, by: GroupBy) -> Vec<PeriodBucket> {
        let types = EventType::ALL.len();
        let mut by_day = vec![(0u64, 0u64); self.day_span * types];
        for r in self.selected(filter) {
            let day = usize::try_from(r.day - self.min_day).unwrap_or(usize::MAX);
            if let Some(e) = by_day.get_mut(day.saturating_mul(types) + usize::from(r.event_type)) {
                e.0 += 1;
                e.1 += Self::fatalities(r);
            }
        }
        let mut cells: HashMap<(String, u8), (u64, u64)> = HashMap::new();
        for (i, &(n, f)) in by_day.iter().enumerate() {
            if n == 0 {
                continue;
            }
            let day = self.min_day + i32::try_from(i / types).unwrap_or(0);
            let t = (i % types) as u8;
            let period = match by {
                GroupBy::Week => week_of(day),
                GroupBy::Month => day_date(day).strftime("%Y-%m").to_string(),
                GroupBy::Year => format!("{:04}", day_date(day).year()),
                _ => day_date(day).to_string(),
            };
            let e = cells.entry((period, t)).or_default();
            e.0 += n;
            e.1 += f;
        }
        let mut out: Vec<((String, u8), (u64, u64))> = cells.into_iter().collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out.into_iter()
            .filter_map(|((period, t), (incidents, fatalities))| {
                Some(PeriodBucket {
                    period,
                    event_type: *EventType::ALL.get(usize::from(t))?,
                    incidents,
                    fatalities,
                })
            })
            .collect()
    }

    /// Incidents between pairs of actors (as coded: actor1, actor2), most
    /// incidents first. Incidents without an actor2 are left out.
    pub fn pairs(&self, filter: &IncidentFilter) -> Vec<PairBucket> {
        let mut pairs: HashMap<(u32, u32), (u64, u64)> = HashMap::new();
        for r in self.selected(filter).filter(|r| r.actor2 != NONE) {
            let e = pairs.entry((r.actor1, r.actor2)).or_default();
            e.0 += 1;
            e.1 += Self::fatalities(r);
        }
        let mut out: Vec<PairBucket> = pairs
            .into_iter()
            .map(|((a, b), (incidents, fatalities))| PairBucket {
                actor1: self.string(a).to_string(),
                actor2: self.string(b).to_string(),
                incidents,
                fatalities,
            })
            .collect();
        out.sort_by(|a, b| {
            b.incidents
                .cmp(&a.incidents)
                .then_with(|| (&a.actor1, &a.actor2).cmp(&(&b.actor1, &b.actor2)))
        });
        out
    }

    /// Each actor's part in the selected incidents, most incidents first.
    pub fn actors(&self, filter: &IncidentFilter) -> Vec<ActorBucket> {
        // (as actor1, as actor2, fatalities, inter), by interned name.
        let mut actors = vec![(0u64, 0u64, 0u64, 0u8); self.strings.len()];
        for r in self.selected(filter) {
            let f = Self::fatalities(r);
            if let Some(e) = actors.get_mut(r.actor1 as usize) {
                if e.0 + e.1 == 0 {
                    e.3 = r.inter1;
                }
                e.0 += 1;
                e.2 += f;
            }
            if r.actor2 != NONE
                && r.actor2 != r.actor1
                && let Some(e) = actors.get_mut(r.actor2 as usize)
            {
                if e.0 + e.1 == 0 {
                    e.3 = r.inter2;
                }
                e.1 += 1;
                e.2 += f;
            }
        }
        let mut out: Vec<ActorBucket> = actors
            .into_iter()
            .enumerate()
            .filter(|(_, (a1, a2, _, _))| a1 + a2 > 0)
            .map(
                |(a, (as_actor1, as_actor2, fatalities, inter))| ActorBucket {
                    name: self.string(a as u32).to_string(),
                    inter: ActorType::from_code(inter),
                    as_actor1,
                    as_actor2,
                    fatalities,
                },
            )
            .collect();
        out.sort_by(|a, b| {
            (b.as_actor1 + b.as_actor2)
                .cmp(&(a.as_actor1 + a.as_actor2))
                .then_with(|| a.name.cmp(&b.name))
        });
        out
    }

    /// Counts, fatalities and the date range of the selected incidents.
    pub fn totals(&self, filter: &IncidentFilter) -> CubeTotals {
        let mut t = CubeTotals::default();
        let (mut lo, mut hi) = (i32::MAX, i32::MIN);
        for r in self.selected(filter) {
            t.incidents += 1;
            t.fatalities += Self::fatalities(r);
            lo = lo.min(r.day);
            hi = hi.max(r.day);
        }
        if t.incidents > 0 {
            t.first_date = Some(day_date(lo));
            t.last_date = Some(day_date(hi));
        }
        t
    }
}

/// The Monday starting the (Monday to Sunday) week of a day, as
/// `YYYY-MM-DD`: SQLite's `date(d, 'weekday 0', '-6 days')`.
fn week_of(day: i32) -> String {
    // 1970-01-01 was a Thursday: days since the Monday before it.
    let since_monday = (day + 3).rem_euclid(7);
    day_date(day - since_monday).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday() {
        let cases = [
            ("2018-03-12", "2018-03-12"), // a Monday
            ("2018-03-14", "2018-03-12"),
            ("2018-03-18", "2018-03-12"), // a Sunday
            ("2018-03-19", "2018-03-19"),
            ("1970-01-01", "1969-12-29"),
            ("1969-12-28", "1969-12-22"),
        ];
        for (day, monday) in cases {
            let d: Date = day.parse().unwrap();
            assert_eq!(week_of(day_number(d)), monday, "{day}");
            assert_eq!(day_date(day_number(d)), d, "{day} round trip");
        }
    }
}
