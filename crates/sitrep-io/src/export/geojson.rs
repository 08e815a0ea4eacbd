//! GeoJSON (RFC 7946): a FeatureCollection of Point features, for QGIS,
//! Leaflet and anything else that draws maps.
//!
//! Each incident with coordinates becomes a feature whose geometry is the
//! point `[longitude, latitude]` (RFC 7946's order, WGS 84, no `crs`
//! member) and whose properties are ACLED's 31 columns, in ACLED's order and
//! with their JSON types (numbers as numbers, unknown fatalities as null),
//! then `incident_id` and `reports`. The feature's `id` is the incident id.
//! Incidents without usable coordinates cannot be drawn and are skipped
//! and counted, never written with a made-up point.
//!
//! The collection is written as it streams: the opening, one feature per
//! line, the closing, so it is valid JSON when the writer finishes and never
//! held in memory whole.

use std::io::{self, BufWriter, Write};

use serde::Serialize;

use super::{Exported, IncidentRow, lon_lat};
use crate::output::EventRecord;

/// ACLED's columns of a record, borrowed, in ACLED's order. Serialising
/// this gives the properties' keys in the order a QGIS attribute table
/// then shows.
#[derive(Serialize)]
pub(crate) struct AcledColumns<'a> {
    event_id_cnty: &'a str,
    event_date: &'a str,
    year: i16,
    time_precision: u8,
    disorder_type: &'a str,
    event_type: &'a str,
    sub_event_type: &'a str,
    actor1: &'a str,
    assoc_actor_1: &'a str,
    inter1: u8,
    actor2: &'a str,
    assoc_actor_2: &'a str,
    inter2: u8,
    interaction: u8,
    civilian_targeting: &'a str,
    iso: u16,
    region: &'a str,
    country: &'a str,
    admin1: &'a str,
    admin2: &'a str,
    admin3: &'a str,
    location: &'a str,
    latitude: Option<f64>,
    longitude: Option<f64>,
    geo_precision: Option<u8>,
    source: &'a str,
    source_scale: &'a str,
    notes: &'a str,
    fatalities: Option<u32>,
    tags: &'a str,
    timestamp: i64,
}

impl<'a> AcledColumns<'a> {
    pub(crate) fn new(r: &'a EventRecord) -> AcledColumns<'a> {
        AcledColumns {
            event_id_cnty: &r.event_id_cnty,
            event_date: &r.event_date,
            year: r.year,
            time_precision: r.time_precision,
            disorder_type: &r.disorder_type,
            event_type: &r.event_type,
            sub_event_type: &r.sub_event_type,
            actor1: &r.actor1,
            assoc_actor_1: &r.assoc_actor_1,
            inter1: r.inter1,
            actor2: &r.actor2,
            assoc_actor_2: &r.assoc_actor_2,
            inter2: r.inter2,
            interaction: r.interaction,
            civilian_targeting: &r.civilian_targeting,
            iso: r.iso,
            region: &r.region,
            country: &r.country,
            admin1: &r.admin1,
            admin2: &r.admin2,
            admin3: &r.admin3,
            location: &r.location,
            latitude: r.latitude,
            longitude: r.longitude,
            geo_precision: r.geo_precision,
            source: &r.source,
            source_scale: &r.source_scale,
            notes: &r.notes,
            fatalities: r.fatalities,
            tags: &r.tags,
            timestamp: r.timestamp,
        }
    }
}

#[derive(Serialize)]
struct Properties<'a> {
    #[serde(flatten)]
    acled: AcledColumns<'a>,
    incident_id: i64,
    reports: &'a [String],
}

#[derive(Serialize)]
struct Point {
    #[serde(rename = "type")]
    kind: &'static str,
    coordinates: [f64; 2],
}

#[derive(Serialize)]
struct Feature<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: i64,
    geometry: Point,
    properties: Properties<'a>,
}

/// Writes `rows` as one GeoJSON FeatureCollection. `skipped` counts the
/// incidents left out for want of coordinates (absent, not finite, or out
/// of WGS 84's range).
pub fn write_geojson(
    rows: impl IntoIterator<Item = IncidentRow>,
    out: impl Write,
) -> io::Result<Exported> {
    let mut out = BufWriter::new(out);
    let mut exported = Exported::default();
    out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
    for row in rows {
        let Some((lon, lat)) = lon_lat(&row.record) else {
            exported.skipped += 1;
            continue;
        };
        let feature = Feature {
            kind: "Feature",
            id: row.incident_id,
            geometry: Point {
                kind: "Point",
                coordinates: [lon, lat],
            },
            properties: Properties {
                acled: AcledColumns::new(&row.record),
                incident_id: row.incident_id,
                reports: &row.reports,
            },
        };
        out.write_all(if exported.written == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut out, &feature)?;
        exported.written += 1;
    }
    out.write_all(b"\n]}\n")?;
    out.flush()?;
    Ok(exported)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::ACLED_COLUMNS;

    #[test]
    fn properties_keep_acled_column_order() {
        let record = crate::export::test_record();
        let json = serde_json::to_string(&AcledColumns::new(&record)).unwrap_or_default();
        // Each column's key must appear after the one before it.
        let mut at = 0;
        for column in ACLED_COLUMNS {
            let key = format!("\"{column}\":");
            let found = json.get(at..).and_then(|rest| rest.find(&key));
            assert!(
                found.is_some(),
                "{column} missing or out of order in {json}"
            );
            at += found.unwrap_or(0) + key.len();
        }
    }
}
