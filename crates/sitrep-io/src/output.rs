//! The `sitrep extract` output contract: events and claims as JSON Lines,
//! or events as ACLED-shaped CSV.
//!
//! Outside tools depend on these field names, their order and their
//! formats. *Contract invariant*: fields may be added, never renamed or
//! dropped. ACLED's own columns keep ACLED's names and conventions (empty
//! strings for absent text, `inter2` 0 without a second actor, numeric ISO
//! codes), except that unknown fatalities are `null` (empty in CSV), not 0.
//!
//! Event records carry ACLED's 31 export columns in ACLED's order, then
//! sitrep's additions: `date_earliest`, `date_latest`, `cameo`, `plover`,
//! `plover_mode`, `injured`, `hedged`, `hedges`, `evidence`, and, when
//! `extract` codes with CAMEO dictionaries, `source_code` and `target_code`
//! (null otherwise).
//!
//! With CAMEO dictionaries, codings that fall on none of the report's
//! ACLED events are written as records of their own, `"kind": "cameo"`
//! ([`CameoRecord`]); JSON Lines only, since the CSV holds ACLED events.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;
use sitrep_model::{Claim, ClaimBody, Document, Event, Place, Span};

#[cfg(test)]
mod tests;

/// ACLED's export header, in ACLED's order. `--format csv` writes exactly
/// these columns.
pub const ACLED_COLUMNS: [&str; 31] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// One piece of evidence: a byte range of a document and the text in it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct EvidenceRecord {
    pub doc_id: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

fn evidence(doc: &Document, spans: &[Span]) -> Vec<EvidenceRecord> {
    let mut out = Vec::new();
    fill_evidence(&mut out, doc, spans);
    out
}

/// [`evidence`] into `out`, reusing its strings.
fn fill_evidence(out: &mut Vec<EvidenceRecord>, doc: &Document, spans: &[Span]) {
    out.truncate(spans.len());
    for (i, s) in spans.iter().enumerate() {
        match out.get_mut(i) {
            Some(r) => {
                r.doc_id.clone_from(&doc.id);
                r.start = s.start;
                r.end = s.end;
                set(&mut r.text, doc.slice(*s));
            }
            None => out.push(EvidenceRecord {
                doc_id: doc.id.clone(),
                start: s.start,
                end: s.end,
                text: doc.slice(*s).to_string(),
            }),
        }
    }
}

/// Sets a string in place, keeping its allocation.
fn set(s: &mut String, value: &str) {
    s.clear();
    s.push_str(value);
}

/// Sets a string to a value's `Display` form (what `to_string` gives) in
/// place.
fn set_display(s: &mut String, value: impl std::fmt::Display) {
    s.clear();
    // Writing into a String cannot fail.
    let _ = write!(s, "{value}");
}

/// Sets a string to the names of `actors` joined by "; ".
fn set_names(s: &mut String, actors: &[sitrep_model::ActorRef]) {
    s.clear();
    for (i, a) in actors.iter().enumerate() {
        if i > 0 {
            s.push_str("; ");
        }
        s.push_str(&a.name);
    }
}

/// An event as one JSON line. Field order is the contract's.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EventRecord {
    pub kind: &'static str,
    pub doc_id: String,
    pub event_id_cnty: String,
    pub event_date: String,
    pub year: i16,
    pub time_precision: u8,
    pub disorder_type: String,
    pub event_type: String,
    pub sub_event_type: String,
    pub actor1: String,
    pub assoc_actor_1: String,
    pub inter1: u8,
    pub actor2: String,
    pub assoc_actor_2: String,
    pub inter2: u8,
    pub interaction: u8,
    pub civilian_targeting: String,
    pub iso: u16,
    pub region: String,
    pub country: String,
    pub admin1: String,
    pub admin2: String,
    pub admin3: String,
    pub location: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub geo_precision: Option<u8>,
    pub source: String,
    pub source_scale: String,
    pub notes: String,
    pub fatalities: Option<u32>,
    pub tags: String,
    pub timestamp: i64,
    pub date_earliest: String,
    pub date_latest: String,
    pub cameo: String,
    pub plover: String,
    pub plover_mode: Option<String>,
    pub injured: Option<u32>,
    pub hedged: bool,
    pub hedges: Vec<String>,
    pub evidence: Vec<EvidenceRecord>,
    /// The CAMEO actor codes (agents applied: `IRQGOV`) of a CAMEO coding
    /// read in the event's evidence; null without CAMEO dictionaries or
    /// when no coding fell on the event.
    pub source_code: Option<String>,
    pub target_code: Option<String>,
}

/// A CAMEO coding that matches none of the report's ACLED events: who did
/// what to whom by the CAMEO dictionaries, as one JSON line. Every key is
/// always present (null where it does not apply).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CameoRecord {
    /// Always `"cameo"`.
    pub kind: &'static str,
    pub doc_id: String,
    /// The report's publication day (CAMEO codes sentences, not dates).
    pub event_date: Option<String>,
    /// CAMEO actor codes as the dictionaries give them (`AFGREB`,
    /// `---GOV`; a quoted phrase for a new actor).
    pub source_code: String,
    pub target_code: String,
    /// sitrep's ACLED-style names for the codes (`Taliban`), when a code
    /// maps onto one.
    pub source_actor: Option<String>,
    pub target_actor: Option<String>,
    /// The event code the verb pattern gives, as written (`"064"`).
    pub cameo: String,
    /// Its PLOVER category, when a CAMEO → PLOVER table was given.
    pub plover: Option<String>,
    /// The verb and pattern words that matched, as written.
    pub words: Vec<String>,
    /// The dictionary pattern that gave the code (`file:line: pattern`);
    /// null for a verb's default code.
    pub pattern: Option<String>,
    /// The sentence, then the verb, source and target phrases.
    pub evidence: Vec<EvidenceRecord>,
}

impl CameoRecord {
    /// A record for a coding read from `sentence`, with `spans` (verb,
    /// source, target, as far as known) as further evidence; the codes and
    /// names are the caller's to fill.
    pub fn new(doc: &Document, sentence: Span, spans: &[Span]) -> CameoRecord {
        let mut all = vec![sentence];
        all.extend_from_slice(spans);
        CameoRecord {
            kind: "cameo",
            doc_id: doc.id.clone(),
            event_date: doc.published.map(|d| d.to_string()),
            source_code: String::new(),
            target_code: String::new(),
            source_actor: None,
            target_actor: None,
            cameo: String::new(),
            plover: None,
            words: Vec::new(),
            pattern: None,
            evidence: evidence(doc, &all),
        }
    }
}

/// Rounds a coordinate to ACLED's four decimals.
fn coord(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

impl EventRecord {
    /// Builds the record; `event_id_cnty` is assigned by the writer.
    pub fn new(doc: &Document, e: &Event, event_id_cnty: String) -> EventRecord {
        let mut r = EventRecord::default();
        r.fill(doc, e);
        r.event_id_cnty = event_id_cnty;
        r
    }

    /// Makes this the record of `e` (all but `event_id_cnty`, which the
    /// writer assigns), reusing the strings and vectors it holds: the
    /// writer refills one record for every event instead of allocating
    /// some forty strings per event.
    pub fn fill(&mut self, doc: &Document, e: &Event) {
        let place: Option<&Place> = e.place.as_ref();
        let text = |s: &mut String, f: fn(&Place) -> Option<&String>| {
            set(s, place.and_then(f).map_or("", String::as_str));
        };
        // ACLED's timestamp is when the record last changed. sitrep uses
        // the publication day (midnight UTC) of the report, so the same
        // input always gives the same output.
        let timestamp = doc
            .published
            .and_then(|d| d.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok())
            .map_or(0, |z| z.timestamp().as_second());
        self.kind = "event";
        self.doc_id.clone_from(&e.doc_id);
        set_display(&mut self.event_date, e.date.date);
        self.year = e.date.date.year();
        self.time_precision = e.date.precision.code();
        set(
            &mut self.disorder_type,
            e.sub_event_type.disorder_type().as_str(),
        );
        set(&mut self.event_type, e.event_type().as_str());
        set(&mut self.sub_event_type, e.sub_event_type.as_str());
        self.actor1.clone_from(&e.actor1.name);
        set_names(&mut self.assoc_actor_1, &e.assoc_actor_1);
        self.inter1 = e.inter1().code();
        set(
            &mut self.actor2,
            e.actor2.as_ref().map_or("", |a| a.name.as_str()),
        );
        set_names(&mut self.assoc_actor_2, &e.assoc_actor_2);
        self.inter2 = e.inter2().map_or(0, |t| t.code());
        self.interaction = e.interaction().unwrap_or(0);
        set(
            &mut self.civilian_targeting,
            if e.civilian_targeting {
                "Civilian targeting"
            } else {
                ""
            },
        );
        self.iso = place.map_or(0, |p| p.iso_numeric);
        set(&mut self.region, place.map_or("", |p| p.region.as_str()));
        set(&mut self.country, place.map_or("", |p| p.country.as_str()));
        text(&mut self.admin1, |p| p.admin1.as_ref());
        text(&mut self.admin2, |p| p.admin2.as_ref());
        text(&mut self.admin3, |p| p.admin3.as_ref());
        set(
            &mut self.location,
            place.map_or("", |p| p.location.as_str()),
        );
        self.latitude = place.map(|p| coord(p.latitude));
        self.longitude = place.map(|p| coord(p.longitude));
        self.geo_precision = place.map(|p| p.geo_precision.code());
        set(&mut self.source, e.source.as_deref().unwrap_or(""));
        set(
            &mut self.source_scale,
            e.source_scale.as_deref().unwrap_or(""),
        );
        self.notes.clone_from(&e.notes);
        self.fatalities = e.fatalities;
        self.tags.clear();
        for (i, t) in e.tags.iter().enumerate() {
            if i > 0 {
                self.tags.push_str("; ");
            }
            self.tags.push_str(t);
        }
        self.timestamp = timestamp;
        set_display(&mut self.date_earliest, e.date.earliest);
        set_display(&mut self.date_latest, e.date.latest);
        set_display(&mut self.cameo, &e.cameo);
        set(&mut self.plover, e.plover.as_str());
        match (&mut self.plover_mode, &e.plover_mode) {
            (Some(s), Some(m)) => set_display(s, m),
            (slot, m) => *slot = m.as_ref().map(|m| m.to_string()),
        }
        self.injured = e.injured;
        self.hedged = e.hedged;
        self.hedges.clone_from(&e.hedges);
        fill_evidence(&mut self.evidence, doc, &e.evidence);
        self.source_code = None;
        self.target_code = None;
    }

    /// The 31 ACLED columns as CSV fields, in ACLED's order.
    pub fn acled_fields(&self) -> [String; 31] {
        let opt = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
        [
            self.event_id_cnty.clone(),
            self.event_date.clone(),
            self.year.to_string(),
            self.time_precision.to_string(),
            self.disorder_type.clone(),
            self.event_type.clone(),
            self.sub_event_type.clone(),
            self.actor1.clone(),
            self.assoc_actor_1.clone(),
            self.inter1.to_string(),
            self.actor2.clone(),
            self.assoc_actor_2.clone(),
            self.inter2.to_string(),
            self.interaction.to_string(),
            self.civilian_targeting.clone(),
            self.iso.to_string(),
            self.region.clone(),
            self.country.clone(),
            self.admin1.clone(),
            self.admin2.clone(),
            self.admin3.clone(),
            self.location.clone(),
            opt(self.latitude),
            opt(self.longitude),
            self.geo_precision
                .map(|g| g.to_string())
                .unwrap_or_default(),
            self.source.clone(),
            self.source_scale.clone(),
            self.notes.clone(),
            self.fatalities.map(|f| f.to_string()).unwrap_or_default(),
            self.tags.clone(),
            self.timestamp.to_string(),
        ]
    }
}

/// A claim as one JSON line. Every key is always present (null where it
/// does not apply), so readers see one schema.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimRecord {
    pub kind: &'static str,
    pub claim_type: &'static str,
    pub actor: Option<String>,
    pub actor1: Option<String>,
    pub actor2: Option<String>,
    pub relation: Option<&'static str>,
    pub low: Option<u64>,
    pub high: Option<u64>,
    pub as_of: Option<String>,
    pub territory: Option<String>,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub location: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub doc_id: String,
    pub hedged: bool,
    pub evidence: Vec<EvidenceRecord>,
}

impl ClaimRecord {
    pub fn new(doc: &Document, c: &Claim) -> ClaimRecord {
        let mut r = ClaimRecord {
            kind: "claim",
            claim_type: c.claim_type().as_str(),
            actor: None,
            actor1: None,
            actor2: None,
            relation: None,
            low: None,
            high: None,
            as_of: None,
            territory: None,
            country: None,
            admin1: None,
            location: None,
            latitude: None,
            longitude: None,
            doc_id: c.doc_id.clone(),
            hedged: c.hedged,
            evidence: evidence(doc, &c.evidence),
        };
        match &c.body {
            ClaimBody::Strength {
                actor,
                low,
                high,
                as_of,
            } => {
                r.actor = Some(actor.name.clone());
                r.low = *low;
                r.high = *high;
                r.as_of = as_of.map(|d| d.to_string());
            }
            ClaimBody::Relation {
                actor1,
                actor2,
                relation,
            } => {
                r.actor1 = Some(actor1.name.clone());
                r.actor2 = Some(actor2.name.clone());
                r.relation = Some(relation.as_str());
            }
            ClaimBody::Control {
                actor,
                place,
                territory,
                as_of,
            } => {
                r.actor = Some(actor.name.clone());
                r.territory = Some(territory.clone());
                r.as_of = as_of.map(|d| d.to_string());
                if let Some(p) = place {
                    r.country = Some(p.country.clone());
                    r.admin1 = p.admin1.clone();
                    r.location = Some(p.location.clone());
                    r.latitude = Some(coord(p.latitude));
                    r.longitude = Some(coord(p.longitude));
                }
            }
        }
        r
    }
}

/// Output formats of `sitrep extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// Events and claims, one JSON object per line.
    Jsonl,
    /// Events only, with ACLED's export header.
    Csv,
}

/// Writes coded documents in the contract's format, numbering events per
/// country (`AFG1`, `AFG2`, ... as ACLED's `event_id_cnty`) in output
/// order.
///
/// One [`EventRecord`] is refilled for every event and each JSON line is
/// built in one reused buffer ([`crate::json`]) and handed to `W` whole, so
/// writing allocates nothing per record once warm and calls `W` once per
/// line; give it a buffered `W` all the same, since lines are short.
pub struct Writer<W: Write> {
    format: OutputFormat,
    jsonl: Option<W>,
    csv: Option<csv::Writer<W>>,
    next_id: BTreeMap<String, u64>,
    record: EventRecord,
    line: Vec<u8>,
}

impl<W: Write> Writer<W> {
    pub fn new(out: W, format: OutputFormat) -> io::Result<Writer<W>> {
        let mut w = Writer {
            format,
            jsonl: None,
            csv: None,
            next_id: BTreeMap::new(),
            record: EventRecord::default(),
            line: Vec::new(),
        };
        match format {
            OutputFormat::Jsonl => w.jsonl = Some(out),
            OutputFormat::Csv => {
                let mut c = csv::Writer::from_writer(out);
                c.write_record(ACLED_COLUMNS).map_err(csv_error)?;
                w.csv = Some(c);
            }
        }
        Ok(w)
    }

    /// Writes the next `event_id_cnty` of `e`'s country into `out`.
    fn event_id(next_id: &mut BTreeMap<String, u64>, e: &Event, out: &mut String) {
        let prefix = e
            .place
            .as_ref()
            .map(|p| p.iso3.as_str())
            .filter(|s| !s.is_empty())
            .unwrap_or("XXX");
        let n = match next_id.get_mut(prefix) {
            Some(n) => {
                *n += 1;
                *n
            }
            None => {
                next_id.insert(prefix.to_string(), 1);
                1
            }
        };
        out.clear();
        out.push_str(prefix);
        let _ = write!(out, "{n}");
    }

    /// Writes the line built in `self.line`, with its newline.
    fn write_line(&mut self) -> io::Result<()> {
        self.line.push(b'\n');
        match self.jsonl.as_mut() {
            Some(out) => out.write_all(&self.line),
            None => Ok(()),
        }
    }

    /// Writes a document's events (and, in JSON Lines, its claims).
    pub fn write(&mut self, doc: &Document, events: &[Event], claims: &[Claim]) -> io::Result<()> {
        self.write_with_cameo(doc, events, claims, &mut |_, _| {}, &[])
    }

    /// Writes a document's events, each record passed through `annotate`
    /// (with the event's index) before it is written, then (in JSON Lines)
    /// its claims and the CAMEO codings that fell on no event.
    pub fn write_with_cameo(
        &mut self,
        doc: &Document,
        events: &[Event],
        claims: &[Claim],
        annotate: &mut dyn FnMut(usize, &mut EventRecord),
        cameo: &[CameoRecord],
    ) -> io::Result<()> {
        for (i, e) in events.iter().enumerate() {
            self.record.fill(doc, e);
            Self::event_id(&mut self.next_id, e, &mut self.record.event_id_cnty);
            annotate(i, &mut self.record);
            match self.format {
                OutputFormat::Jsonl => {
                    self.line.clear();
                    crate::json::event(&mut self.line, &self.record);
                    self.write_line()?;
                }
                OutputFormat::Csv => {
                    if let Some(c) = self.csv.as_mut() {
                        c.write_record(self.record.acled_fields())
                            .map_err(csv_error)?;
                    }
                }
            }
        }
        if self.jsonl.is_some() {
            for c in claims {
                self.line.clear();
                crate::json::claim(&mut self.line, &ClaimRecord::new(doc, c));
                self.write_line()?;
            }
            for c in cameo {
                self.line.clear();
                serde_json::to_writer(&mut self.line, c)?;
                self.write_line()?;
            }
        }
        Ok(())
    }

    pub fn flush(&mut self) -> io::Result<()> {
        if let Some(out) = self.jsonl.as_mut() {
            out.flush()?;
        }
        if let Some(c) = self.csv.as_mut() {
            c.flush()?;
        }
        Ok(())
    }
}

fn csv_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// A place mention as `sitrep places` writes it, one JSON line each: where
/// the document names it (`start`/`end` are byte offsets into the
/// document's text, `text` the slice), the gazetteer entry it resolved to
/// (`name`, `feature`, `country`, `admin1`, `admin2`, the entry's GeoNames
/// id when it has one and sitrep's own `place_id`) and where that lies
/// (`latitude`/`longitude`: a town's point, a country's or a division's
/// centroid). `demonym` marks a country named by its adjective or people
/// ("Turkish", "Afghans"). Every key is always present (null where
/// unknown). Like the extract contract, fields are only ever added.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlaceRecord {
    pub kind: &'static str,
    pub doc_id: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub name: String,
    /// `country`, `admin1`, `admin2` or `populated place`.
    pub feature: &'static str,
    pub demonym: bool,
    pub country: String,
    /// ISO 3166-1 alpha-2 ("AF").
    pub country_code: String,
    /// ISO 3166-1 numeric, as ACLED's `iso` (Afghanistan 4).
    pub iso: u16,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub latitude: f64,
    pub longitude: f64,
    pub geonameid: Option<u32>,
    /// The entry's index in sitrep's gazetteer: stable within one build of
    /// sitrep, not across gazetteer rebuilds.
    pub place_id: u32,
}
