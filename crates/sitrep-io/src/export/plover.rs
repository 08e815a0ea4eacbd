//! PLOVER records as JSON Lines.
//!
//! The PLOVER manual (draft 0.8, 2021) names twelve fields for an event
//! record and recommends JSON Lines: `id, date, actor, recipient, event,
//! mode, context, event_loc, dead, injured, size, text`. Those twelve are
//! written, always all of them and in that order, and nothing else: the
//! manual has no `source`, and the ACLED-side details (incident id, reports,
//! sub-event type) are in the other exports, joined by `id`.
//!
//! Choices the manual leaves open:
//! - `id` is the incident's `event_id_cnty`, the same key as in the ACLED
//!   CSV, GeoJSON and Parquet exports.
//! - `actor` and `recipient` are ACLED actor names (`recipient` is null for
//!   one-sided events): sitrep codes ACLED actors, not PLOVER's
//!   country/sector codes, and inventing those would be worse than naming.
//! - `context` is always an empty list: sitrep does not code PLOVER
//!   contexts yet, and an empty list is the honest "none coded".
//! - `event_loc` is an object `{name, admin1, admin2, admin3, country, lat,
//!   lon, geo_precision}` (empty names as null; `geo_precision` is ACLED's
//!   1-3), or null when the event has no place.
//! - `dead`/`injured` are null when no figure was reported, as in the
//!   contract; `size` (crowd size) is always null, sitrep does not read it.
//! - `text` is the evidence: each distinct evidence span once, in order,
//!   joined by spaces; the event's notes when it has no evidence.

use std::io::{self, BufWriter, Write};

use serde::Serialize;

use super::{Exported, IncidentRow, evidence_text};
use crate::output::EventRecord;

#[derive(Serialize)]
struct PloverRecord<'a> {
    id: &'a str,
    date: &'a str,
    actor: &'a str,
    recipient: Option<&'a str>,
    event: Option<&'a str>,
    mode: Option<&'a str>,
    context: [&'a str; 0],
    event_loc: Option<EventLoc<'a>>,
    dead: Option<u32>,
    injured: Option<u32>,
    size: Option<u64>,
    text: String,
}

#[derive(Serialize)]
struct EventLoc<'a> {
    name: Option<&'a str>,
    admin1: Option<&'a str>,
    admin2: Option<&'a str>,
    admin3: Option<&'a str>,
    country: Option<&'a str>,
    lat: Option<f64>,
    lon: Option<f64>,
    geo_precision: Option<u8>,
}

/// An empty contract string (ACLED's "absent") as JSON null.
fn present(s: &str) -> Option<&str> {
    Some(s).filter(|s| !s.trim().is_empty())
}

impl<'a> PloverRecord<'a> {
    fn new(r: &'a EventRecord) -> PloverRecord<'a> {
        let event_loc = EventLoc {
            name: present(&r.location),
            admin1: present(&r.admin1),
            admin2: present(&r.admin2),
            admin3: present(&r.admin3),
            country: present(&r.country),
            lat: r.latitude.filter(|x| x.is_finite()),
            lon: r.longitude.filter(|x| x.is_finite()),
            geo_precision: r.geo_precision,
        };
        let located = event_loc.name.is_some()
            || event_loc.country.is_some()
            || (event_loc.lat.is_some() && event_loc.lon.is_some());
        let text = match evidence_text(r) {
            t if t.is_empty() => r.notes.trim().to_string(),
            t => t,
        };
        PloverRecord {
            id: &r.event_id_cnty,
            date: &r.event_date,
            actor: &r.actor1,
            recipient: present(&r.actor2),
            event: present(&r.plover),
            mode: r.plover_mode.as_deref().and_then(present),
            context: [],
            event_loc: located.then_some(event_loc),
            dead: r.fatalities,
            injured: r.injured,
            size: None,
            text,
        }
    }
}

/// Writes `rows` as PLOVER JSON Lines, one incident per line (see the
/// module documentation for the fields).
pub fn write_plover_jsonl(
    rows: impl IntoIterator<Item = IncidentRow>,
    out: impl Write,
) -> io::Result<Exported> {
    // serde_json writes in small pieces; a buffer keeps an unbuffered file
    // from costing a system call per token.
    let mut out = BufWriter::new(out);
    let mut exported = Exported::default();
    for row in rows {
        serde_json::to_writer(&mut out, &PloverRecord::new(&row.record))?;
        out.write_all(b"\n")?;
        exported.written += 1;
    }
    out.flush()?;
    Ok(exported)
}
