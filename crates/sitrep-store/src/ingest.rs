//! Ingest: each document whole inside one transaction.
//!
//! The expensive part, coding, runs before the write lock is taken; the
//! transaction ([`Conn::write`]: `BEGIN IMMEDIATE` on SQLite, the advisory
//! write lock on PostgreSQL, so writers queue instead of deadlocking on a
//! lock upgrade or merging against each other's half-seen incidents)
//! re-checks that each document is still
//! new, then stores it, its events and claims, and merges each event into
//! an incident. The batch entry points write several whole documents per
//! transaction, in order, with exactly the effect of writing them one by
//! one.

use std::borrow::Borrow;
use std::collections::BTreeSet;

use sitrep_coding::{Coded, Knowledge, code_document};
use sitrep_model::{Claim, ClaimBody, Diagnostic, Document, Event};

use crate::db::{Conn, Value, args};
use crate::merge::{self, Fit, Member, MergeKey, PlaceKey, ReportMeta, Verdict};
use crate::query::{load_members, parse_date};
use crate::{Store, StoreError, dedup};

/// What ingesting one document did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IngestOutcome {
    /// The same document (id and text) is already in the store; nothing
    /// changed.
    AlreadyStored,
    /// The text is a near-copy of a stored document (the same wire story
    /// republished with small edits): kept and linked to it, not coded.
    NearDuplicate { of: String },
    /// Coded and stored.
    Stored(Stored),
}

/// A newly stored document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub events: usize,
    pub claims: usize,
    /// Incidents this document's events started, in event order.
    pub new_incidents: Vec<i64>,
    /// Existing incidents this document's events joined, in event order.
    pub merged_into: Vec<i64>,
    /// The coder's diagnostics, for the caller to show.
    pub diagnostics: Vec<Diagnostic>,
}

/// Counts over a batch of documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IngestSummary {
    pub documents: u64,
    pub already_stored: u64,
    pub near_duplicates: u64,
    pub stored: u64,
    pub events: u64,
    pub new_incidents: u64,
    pub merged: u64,
}

impl IngestSummary {
    /// Counts one more document's outcome (for callers that ingest in
    /// several calls and report one total).
    pub fn add(&mut self, outcome: &IngestOutcome) {
        self.documents += 1;
        match outcome {
            IngestOutcome::AlreadyStored => self.already_stored += 1,
            IngestOutcome::NearDuplicate { .. } => self.near_duplicates += 1,
            IngestOutcome::Stored(s) => {
                self.stored += 1;
                self.events += s.events as u64;
                self.new_incidents += s.new_incidents.len() as u64;
                self.merged += s.merged_into.len() as u64;
            }
        }
    }

    /// Adds another summary's counts (for callers that ingest in several
    /// calls and report one total).
    pub fn absorb(&mut self, other: &IngestSummary) {
        self.documents += other.documents;
        self.already_stored += other.already_stored;
        self.near_duplicates += other.near_duplicates;
        self.stored += other.stored;
        self.events += other.events;
        self.new_incidents += other.new_incidents;
        self.merged += other.merged;
    }
}

/// What the store already knows about a document.
enum Known {
    Stored,
    NearDuplicate { doc_key: i64, doc_id: String },
    New,
}

/// How to get a document's coding: already done, or to be done (only
/// inside the transaction, when the pre-check could not tell).
enum Coding<'a> {
    Done(Coded),
    Later(&'a Knowledge),
}

/// Everything about a document that is computed once, before any lock.
struct Prepared {
    hash: [u8; 16],
    sketch: Option<dedup::Sketch>,
}

impl Prepared {
    fn new(doc: &Document) -> Prepared {
        Prepared {
            hash: dedup::content_hash(doc),
            sketch: dedup::sketch(&doc.text),
        }
    }
}

/// Documents written per transaction by the batch entry points. Each
/// document stays whole inside one transaction; grouping a few lets the
/// index pages they share be written once, which roughly halves the cost
/// of a document, while a killed run loses at most one batch, which the
/// rerun redoes identically.
pub const BATCH_DOCUMENTS: usize = 32;

impl Store {
    /// Stores `doc`, codes it and merges its events into incidents, in one
    /// transaction. A document already stored is a no-op.
    pub fn ingest_document(
        &mut self,
        knowledge: &Knowledge,
        doc: &Document,
    ) -> Result<IngestOutcome, StoreError> {
        let item = self.prepare(knowledge, doc)?;
        let mut outcomes = self.commit(vec![item])?;
        outcomes
            .pop()
            .ok_or_else(|| StoreError::Corrupt("no outcome for a document".into()))
    }

    /// Like [`Store::ingest_document`] for a document coded elsewhere (on
    /// another thread, or synthetic events in a benchmark).
    pub fn ingest_coded(
        &mut self,
        doc: &Document,
        coded: Coded,
    ) -> Result<IngestOutcome, StoreError> {
        let mut outcomes = self.ingest_coded_batch(vec![(doc, coded)])?;
        outcomes
            .pop()
            .ok_or_else(|| StoreError::Corrupt("no outcome for a document".into()))
    }

    /// Writes documents coded elsewhere in one transaction, in order; one
    /// outcome per document.
    pub fn ingest_coded_batch(
        &mut self,
        batch: Vec<(&Document, Coded)>,
    ) -> Result<Vec<IngestOutcome>, StoreError> {
        let items = batch
            .into_iter()
            .map(|(doc, coded)| Item {
                doc,
                prepared: Prepared::new(doc),
                coding: Coding::Done(coded),
            })
            .collect();
        self.commit(items)
    }

    /// Ingests documents in order, coding each (outside any lock) and
    /// writing them [`BATCH_DOCUMENTS`] to a transaction, and calls `each`
    /// for every document once its batch is committed (for progress and
    /// diagnostics). Stops at the first database error; every batch
    /// committed before it stays.
    pub fn ingest_documents<D: Borrow<Document>>(
        &mut self,
        knowledge: &Knowledge,
        docs: impl IntoIterator<Item = D>,
        mut each: impl FnMut(&Document, &IngestOutcome),
    ) -> Result<IngestSummary, StoreError> {
        let mut summary = IngestSummary::default();
        let mut docs = docs.into_iter();
        loop {
            let chunk: Vec<D> = docs.by_ref().take(BATCH_DOCUMENTS).collect();
            if chunk.is_empty() {
                break;
            }
            let items = chunk
                .iter()
                .map(|d| self.prepare(knowledge, d.borrow()))
                .collect::<Result<Vec<_>, _>>()?;
            let outcomes = self.commit(items)?;
            for (doc, outcome) in chunk.iter().zip(&outcomes) {
                summary.add(outcome);
                each(doc.borrow(), outcome);
            }
        }
        Ok(summary)
    }

    /// The incident `event` would join if a new report told it, without
    /// storing anything: the same blocking lookup and rules as ingest.
    pub fn matching_incident(&self, event: &Event) -> Result<Option<i64>, StoreError> {
        find_incident(&self.conn, None, &MergeKey::of(event))
    }

    /// Hashes a document and codes it unless the store already has it or
    /// a near-copy of it (checked again inside the transaction).
    fn prepare<'d>(
        &self,
        knowledge: &'d Knowledge,
        doc: &'d Document,
    ) -> Result<Item<'d>, StoreError> {
        let prepared = Prepared::new(doc);
        let coding = match lookup(&self.conn, &prepared)? {
            Known::Stored | Known::NearDuplicate { .. } => Coding::Later(knowledge),
            Known::New => Coding::Done(code_document(knowledge, doc)),
        };
        Ok(Item {
            doc,
            prepared,
            coding,
        })
    }

    /// Writes documents in one write transaction.
    fn commit(&mut self, items: Vec<Item<'_>>) -> Result<Vec<IngestOutcome>, StoreError> {
        let tx = self.conn.write()?;
        let outcomes = write_items(&tx, items)?;
        tx.commit()?;
        Ok(outcomes)
    }
}

/// Writes documents coded elsewhere inside the caller's transaction, in
/// order, exactly as [`Store::ingest_coded_batch`] does (the merge of
/// staged documents, [`crate::stage`], runs it under its own cursor
/// update).
pub(crate) fn write_coded_batch(
    tx: &Conn,
    batch: Vec<(&Document, Coded)>,
) -> Result<Vec<IngestOutcome>, StoreError> {
    let items = batch
        .into_iter()
        .map(|(doc, coded)| Item {
            doc,
            prepared: Prepared::new(doc),
            coding: Coding::Done(coded),
        })
        .collect();
    write_items(tx, items)
}

/// The body of every write: each document re-checked and stored in order.
fn write_items(tx: &Conn, items: Vec<Item<'_>>) -> Result<Vec<IngestOutcome>, StoreError> {
    let mut outcomes = Vec::with_capacity(items.len());
    for item in items {
        // Another process, or an earlier document of this batch, may
        // have stored it since the pre-check.
        let outcome = match lookup(tx, &item.prepared)? {
            Known::Stored => IngestOutcome::AlreadyStored,
            Known::NearDuplicate { doc_key, doc_id } => {
                insert_document(tx, item.doc, &item.prepared, Some(doc_key))?;
                // The copy's outlet joins the copied report's source
                // (`ReportMeta::copied_by`), which can change whose figure
                // is the latest in its incidents.
                rebuild_incidents_of(tx, doc_key)?;
                IngestOutcome::NearDuplicate { of: doc_id }
            }
            Known::New => {
                let coded = match item.coding {
                    Coding::Done(c) => c,
                    Coding::Later(k) => code_document(k, item.doc),
                };
                IngestOutcome::Stored(write_coded(tx, item.doc, &item.prepared, coded)?)
            }
        };
        outcomes.push(outcome);
    }
    Ok(outcomes)
}

/// One document on its way into a transaction.
struct Item<'d> {
    doc: &'d Document,
    prepared: Prepared,
    coding: Coding<'d>,
}

fn lookup(conn: &Conn, p: &Prepared) -> Result<Known, StoreError> {
    let exists = conn
        .query_opt(
            "SELECT 1 FROM documents WHERE content_hash = ?1",
            args![&p.hash[..]],
        )?
        .is_some();
    if exists {
        return Ok(Known::Stored);
    }
    if let Some(sketch) = &p.sketch
        && let Some((doc_key, doc_id)) = find_near_duplicate(conn, sketch)?
    {
        return Ok(Known::NearDuplicate { doc_key, doc_id });
    }
    Ok(Known::New)
}

/// The coded document `sketch` is a near-copy of, if any: the most similar
/// of the documents sharing a MinHash band with it (ties: the oldest).
fn find_near_duplicate(
    conn: &Conn,
    sketch: &dedup::Sketch,
) -> Result<Option<(i64, String)>, StoreError> {
    // One statement for all bands (each band's candidates still capped on
    // its own), not one per band: on PostgreSQL every statement is a round
    // trip, and this lookup runs for every document.
    let mut params = Vec::with_capacity(sketch.bands.len() * 2 + 1);
    for (band, bucket) in sketch.bands.iter().enumerate() {
        params.push(Value::from(band));
        params.push(Value::from(*bucket));
    }
    params.push(Value::from(dedup::MAX_CANDIDATES));
    let limit = params.len();
    let sql = (0..sketch.bands.len())
        .map(|b| {
            format!(
                "SELECT doc_key FROM (SELECT doc_key FROM minhash_bands WHERE band = ?{} AND bucket = ?{}
                 ORDER BY doc_key LIMIT ?{limit}) AS b{b}",
                2 * b + 1,
                2 * b + 2
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let mut candidates: BTreeSet<i64> = BTreeSet::new();
    for key in conn.query(&sql, &params)? {
        candidates.insert(key.get(0)?);
    }
    let mut best: Option<(f64, i64)> = None;
    for key in candidates.into_iter().take(dedup::MAX_CANDIDATES) {
        let text: String = conn
            .query_one("SELECT text FROM documents WHERE doc_key = ?1", args![key])?
            .get(0)?;
        let Some(other) = dedup::sketch(&text) else {
            continue;
        };
        if let Some(j) = dedup::near_duplicate(&other, sketch)
            && best.is_none_or(|(b, _)| j > b)
        {
            best = Some((j, key));
        }
    }
    let Some((_, key)) = best else {
        return Ok(None);
    };
    let doc_id: String = conn
        .query_one(
            "SELECT doc_id FROM documents WHERE doc_key = ?1",
            args![key],
        )?
        .get(0)?;
    Ok(Some((key, doc_id)))
}

/// Files a coded document's sketch in the band index.
fn index_sketch(tx: &Conn, doc_key: i64, sketch: &dedup::Sketch) -> Result<(), StoreError> {
    // One multi-row statement (a round trip on PostgreSQL), not one per band.
    let mut params = Vec::with_capacity(sketch.bands.len() * 3);
    for (band, bucket) in sketch.bands.iter().enumerate() {
        params.extend([
            Value::from(band),
            Value::from(*bucket),
            Value::from(doc_key),
        ]);
    }
    tx.execute(
        &format!(
            "INSERT INTO minhash_bands (band, bucket, doc_key) VALUES {} ON CONFLICT DO NOTHING",
            values_rows(sketch.bands.len(), 3)
        ),
        &params,
    )?;
    Ok(())
}

fn insert_document(
    tx: &Conn,
    doc: &Document,
    p: &Prepared,
    duplicate_of: Option<i64>,
) -> Result<i64, StoreError> {
    tx.insert_keyed(
        "documents",
        "doc_key",
        &[
            "doc_id",
            "content_hash",
            "title",
            "published",
            "url",
            "source",
            "text",
            "duplicate_of",
        ],
        args![
            &doc.id,
            &p.hash[..],
            doc.title.as_deref(),
            doc.published.map(|d| d.to_string()),
            doc.url.as_deref(),
            doc.source.as_deref(),
            doc.text.as_str(),
            duplicate_of,
        ],
    )
}

fn write_coded(
    tx: &Conn,
    doc: &Document,
    p: &Prepared,
    coded: Coded,
) -> Result<Stored, StoreError> {
    let doc_key = insert_document(tx, doc, p, None)?;
    if let Some(sketch) = &p.sketch {
        index_sketch(tx, doc_key, sketch)?;
    }
    let report = ReportMeta {
        doc_key,
        doc_id: doc.id.clone(),
        source: doc.source.clone(),
        url: doc.url.clone(),
        published: doc.published,
        copied_by: Vec::new(),
    };
    let mut stored = Stored {
        events: coded.events.len(),
        claims: coded.claims.len(),
        new_incidents: Vec::new(),
        merged_into: Vec::new(),
        diagnostics: coded.diagnostics,
    };
    for (ord, event) in coded.events.iter().enumerate() {
        let key = MergeKey::of(event);
        let event_json = to_json(event)?;
        match find_incident(tx, Some(doc_key), &key)? {
            Some(incident_id) => {
                insert_event(tx, &report, ord, incident_id, event, &event_json)?;
                rebuild_incident(tx, incident_id)?;
                stored.merged_into.push(incident_id);
            }
            None => {
                let merged = merge::rebuild(&[Member {
                    event,
                    report: &report,
                }])
                .ok_or_else(|| StoreError::Corrupt("an event without a date".into()))?;
                let incident_id = insert_incident(tx, &merged)?;
                insert_event(tx, &report, ord, incident_id, event, &event_json)?;
                index_incident(tx, incident_id, None, block_key(&merged).as_ref())?;
                stored.new_incidents.push(incident_id);
            }
        }
        if let Some(place) = &event.place {
            tx.execute(
                "INSERT INTO countries (country_code, iso3, name) VALUES (?1, ?2, ?3)
                 ON CONFLICT DO NOTHING",
                args![
                    place.country_code.as_str(),
                    place.iso3.as_str(),
                    place.country.as_str()
                ],
            )?;
        }
    }
    for (ord, claim) in coded.claims.iter().enumerate() {
        insert_claim(tx, doc_key, ord, claim)?;
    }
    Ok(stored)
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Stores an event of an incident, and its death toll in the incident's
/// history.
fn insert_event(
    tx: &Conn,
    report: &ReportMeta,
    ord: usize,
    incident_id: i64,
    event: &Event,
    event_json: &str,
) -> Result<i64, StoreError> {
    let event_key = tx.insert_keyed(
        "events",
        "event_key",
        &["doc_key", "ord", "incident_id", "fatalities", "event_json"],
        args![
            report.doc_key,
            ord,
            incident_id,
            event.fatalities,
            event_json
        ],
    )?;
    if let Some(f) = event.fatalities {
        insert_fatality_report(tx, incident_id, event_key, report, f)?;
    }
    Ok(event_key)
}

fn insert_fatality_report(
    tx: &Conn,
    incident_id: i64,
    event_key: i64,
    report: &ReportMeta,
    fatalities: u32,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO fatality_reports (incident_id, event_key, doc_key, source_key, published, fatalities)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![
            incident_id,
            event_key,
            report.doc_key,
            report.source_key(),
            report.published.map(|d| d.to_string()),
            fatalities,
        ],
    )?;
    Ok(())
}

/// Fills version 2's tables from version 1's rows: every coded document's
/// sketch in the band index, every event's figure in its incident's
/// history. (Version 1 had no near-duplicate detection, so every stored
/// document was coded.)
pub(crate) fn backfill_v2(tx: &Conn) -> Result<(), StoreError> {
    let docs = tx.query("SELECT doc_key, text FROM documents ORDER BY doc_key", &[])?;
    for r in docs {
        let (doc_key, text): (i64, String) = (r.get(0)?, r.get(1)?);
        if let Some(sketch) = dedup::sketch(&text) {
            index_sketch(tx, doc_key, &sketch)?;
        }
    }
    // (event_key, incident_id, fatalities, the report without its date,
    // the date as stored)
    type Row = (i64, i64, u32, ReportMeta, Option<String>);
    let events: Vec<Row> = tx
        .query(
            "SELECT e.event_key, e.incident_id, e.fatalities, d.doc_key, d.doc_id, d.source, d.url, d.published
             FROM events e JOIN documents d ON d.doc_key = e.doc_key
             WHERE e.fatalities IS NOT NULL ORDER BY e.event_key",
            &[],
        )?
        .into_iter()
        .map(|r| {
            let report = ReportMeta {
                doc_key: r.get(3)?,
                doc_id: r.get(4)?,
                source: r.get(5)?,
                url: r.get(6)?,
                published: None,
                copied_by: Vec::new(),
            };
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, report, r.get(7)?))
        })
        .collect::<Result<_, StoreError>>()?;
    for (event_key, incident_id, fatalities, mut report, published) in events {
        report.published = published.as_deref().map(parse_date).transpose()?;
        insert_fatality_report(tx, incident_id, event_key, &report, fatalities)?;
    }
    Ok(())
}

/// The incident an event joins, if any: the best-fitting candidate from
/// the blocking index that holds no other event of the same document (a
/// report's own distinction between two incidents stands).
fn find_incident(
    tx: &Conn,
    doc_key: Option<i64>,
    key: &MergeKey,
) -> Result<Option<i64>, StoreError> {
    let (true, Some(place)) = (key.mergeable(), &key.place) else {
        return Ok(None);
    };
    // An event coded at admin1 or finer meets incidents of its admin1 and
    // of the whole country; a country-level event meets all of the
    // country's.
    const SELECT: &str = "SELECT DISTINCT i.incident_id, i.sub_event_type, i.actor1, i.actor2,
                i.country_code, i.admin1, i.admin2, i.location, i.geonames_id, i.date_earliest,
                i.date_latest
         FROM incident_blocks b JOIN incidents i ON i.incident_id = b.incident_id
         WHERE b.country_code = ?1 AND b.day BETWEEN ?2 AND ?3";
    let sql = if place.block_admin1().is_empty() {
        format!("{SELECT} AND ?4 = '' ORDER BY i.incident_id")
    } else {
        format!("{SELECT} AND b.admin1 IN (?4, '') ORDER BY i.incident_id")
    };
    let rows = tx.query(
        &sql,
        args![
            place.country.as_str(),
            merge::day_number(key.earliest),
            merge::day_number(key.latest),
            place.block_admin1(),
        ],
    )?;
    let mut best: Option<(Fit, i64)> = None;
    for r in rows {
        let id: i64 = r.get(0)?;
        let sub: String = r.get(1)?;
        let country: Option<String> = r.get(4)?;
        let admin1: Option<String> = r.get(5)?;
        let admin2: Option<String> = r.get(6)?;
        let location: Option<String> = r.get(7)?;
        let geonames: Option<u32> = r.get(8)?;
        let candidate = MergeKey {
            sub_event_type: sub.parse().map_err(|_| {
                StoreError::Corrupt(format!("incident {id}: sub-event type {sub:?}"))
            })?,
            actor1: r.get(2)?,
            actor2: r.get(3)?,
            place: country
                .as_deref()
                .and_then(sitrep_model::CountryCode::new)
                .map(|c| {
                    PlaceKey::from_parts(
                        c,
                        admin1.as_deref(),
                        admin2.as_deref(),
                        location.as_deref(),
                        geonames,
                    )
                }),
            earliest: parse_date(&r.get::<String>(9)?)?,
            latest: parse_date(&r.get::<String>(10)?)?,
        };
        let Verdict::Merge(fit) = merge::decide(&candidate, key) else {
            continue;
        };
        // Strictly better only: on a tie the lower id, seen first, stays.
        if best.is_some_and(|(b, _)| fit <= b) {
            continue;
        }
        let same_doc = match doc_key {
            Some(doc_key) => tx
                .query_opt(
                    "SELECT 1 FROM events WHERE incident_id = ?1 AND doc_key = ?2",
                    args![id, doc_key],
                )?
                .is_some(),
            None => false,
        };
        if !same_doc {
            best = Some((fit, id));
        }
    }
    Ok(best.map(|(_, id)| id))
}

/// Where the blocking index files an incident: its country, lower-cased
/// admin1 ('' for the whole country) and the days of its window. `None`
/// for an incident that cannot take merges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BlockKey {
    country: String,
    admin1: String,
    first_day: i64,
    last_day: i64,
}

pub(crate) fn block_key(e: &Event) -> Option<BlockKey> {
    let key = MergeKey::of(e);
    let place = key.place.as_ref().filter(|_| key.mergeable())?;
    Some(BlockKey {
        country: place.country.as_str().to_string(),
        admin1: place.block_admin1().to_string(),
        first_day: merge::day_number(key.earliest),
        last_day: merge::day_number(key.latest),
    })
}

fn index_incident(
    tx: &Conn,
    incident_id: i64,
    old: Option<&BlockKey>,
    new: Option<&BlockKey>,
) -> Result<(), StoreError> {
    if old == new {
        return Ok(());
    }
    if let Some(o) = old {
        tx.execute(
            "DELETE FROM incident_blocks
             WHERE country_code = ?1 AND day BETWEEN ?2 AND ?3 AND admin1 = ?4 AND incident_id = ?5",
            args![&o.country, o.first_day, o.last_day, &o.admin1, incident_id],
        )?;
    }
    if let Some(n) = new {
        // A day per row, in multi-row statements of at most
        // `BLOCK_ROWS_PER_STATEMENT` rows (one round trip each on
        // PostgreSQL; a few distinct statement texts to cache).
        let days: Vec<i64> = (n.first_day..=n.last_day).collect();
        for chunk in days.chunks(BLOCK_ROWS_PER_STATEMENT) {
            let mut params = Vec::with_capacity(chunk.len() * 4);
            for &day in chunk {
                params.extend([
                    Value::from(n.country.as_str()),
                    Value::from(day),
                    Value::from(n.admin1.as_str()),
                    Value::from(incident_id),
                ]);
            }
            tx.execute(
                &format!(
                    "INSERT INTO incident_blocks (country_code, day, admin1, incident_id)
                     VALUES {} ON CONFLICT DO NOTHING",
                    values_rows(chunk.len(), 4)
                ),
                &params,
            )?;
        }
    }
    Ok(())
}

/// Rows of block index written by one statement.
const BLOCK_ROWS_PER_STATEMENT: usize = 16;

/// `(?1, ?2), (?3, ?4)` for `rows` rows of `columns` placeholders.
fn values_rows(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|r| {
            let row: Vec<String> = (1..=columns)
                .map(|c| format!("?{}", r * columns + c))
                .collect();
            format!("({})", row.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The columns of an incident row, in the order of [`INCIDENT_COLUMNS`].
fn incident_values(e: &Event, reports: i64, json: &str) -> Vec<Value> {
    let text = |s: Option<&str>| s.map_or(Value::Null, |x| Value::Text(x.to_string()));
    let place = e.place.as_ref();
    vec![
        Value::Text(e.date.date.to_string()),
        Value::Text(e.date.earliest.to_string()),
        Value::Text(e.date.latest.to_string()),
        Value::Int(i64::from(e.date.precision.code())),
        Value::Text(e.event_type().as_str().to_string()),
        Value::Text(e.sub_event_type.as_str().to_string()),
        Value::Text(e.actor1.name.clone()),
        Value::Int(i64::from(e.actor1.inter.code())),
        text(e.actor2.as_ref().map(|a| a.name.as_str())),
        e.actor2
            .as_ref()
            .map_or(Value::Null, |a| Value::Int(i64::from(a.inter.code()))),
        text(place.map(|p| p.country_code.as_str())),
        text(place.and_then(|p| p.admin1.as_deref())),
        text(place.and_then(|p| p.admin2.as_deref())),
        text(place.map(|p| p.location.as_str())),
        place.map_or(Value::Null, |p| {
            Value::Int(i64::from(p.geo_precision.code()))
        }),
        place
            .and_then(|p| p.geonames_id)
            .map_or(Value::Null, |g| Value::Int(i64::from(g))),
        e.fatalities
            .map_or(Value::Null, |f| Value::Int(i64::from(f))),
        Value::Int(reports),
        Value::Text(json.to_string()),
    ]
}

const INCIDENT_COLUMNS: [&str; 19] = [
    "event_date",
    "date_earliest",
    "date_latest",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "inter1",
    "actor2",
    "inter2",
    "country_code",
    "admin1",
    "admin2",
    "location",
    "geo_precision",
    "geonames_id",
    "fatalities",
    "reports",
    "event_json",
];

fn insert_incident(tx: &Conn, merged: &Event) -> Result<i64, StoreError> {
    let json = to_json(merged)?;
    let values = incident_values(merged, 1, &json);
    tx.insert_keyed("incidents", "incident_id", &INCIDENT_COLUMNS, &values)
}

/// Rebuilds every incident the document `doc_key` reported.
fn rebuild_incidents_of(tx: &Conn, doc_key: i64) -> Result<(), StoreError> {
    let rows = tx.query(
        "SELECT DISTINCT incident_id FROM events WHERE doc_key = ?1 ORDER BY incident_id",
        args![doc_key],
    )?;
    for row in rows {
        rebuild_incident(tx, row.get(0)?)?;
    }
    Ok(())
}

/// Rebuilds an incident's record from all its events and refiles it in
/// the blocking index.
fn rebuild_incident(tx: &Conn, incident_id: i64) -> Result<(), StoreError> {
    let old: String = tx
        .query_one(
            "SELECT event_json FROM incidents WHERE incident_id = ?1",
            args![incident_id],
        )?
        .get(0)?;
    let old: Event = serde_json::from_str(&old)
        .map_err(|e| StoreError::Corrupt(format!("incident {incident_id}: {e}")))?;
    let members = load_members(tx, incident_id)?;
    let refs: Vec<Member<'_>> = members
        .iter()
        .map(|(event, report)| Member { event, report })
        .collect();
    let merged = merge::rebuild(&refs)
        .ok_or_else(|| StoreError::Corrupt(format!("incident {incident_id} has no events")))?;
    let mut docs: Vec<i64> = members.iter().map(|(_, r)| r.doc_key).collect();
    docs.sort_unstable();
    docs.dedup();
    let json = to_json(&merged)?;
    let values = incident_values(&merged, docs.len() as i64, &json);
    let sets: Vec<String> = INCIDENT_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ?{}", i + 1))
        .collect();
    let sql = format!(
        "UPDATE incidents SET {} WHERE incident_id = ?{}",
        sets.join(", "),
        INCIDENT_COLUMNS.len() + 1
    );
    let mut values = values;
    values.push(Value::Int(incident_id));
    tx.execute(&sql, &values)?;
    index_incident(
        tx,
        incident_id,
        block_key(&old).as_ref(),
        block_key(&merged).as_ref(),
    )
}

fn insert_claim(tx: &Conn, doc_key: i64, ord: usize, claim: &Claim) -> Result<(), StoreError> {
    let (mut actor, mut actor1, mut actor2, mut relation, mut as_of, mut admin1) =
        (None, None, None, None, None, None);
    match &claim.body {
        ClaimBody::Strength {
            actor: a, as_of: d, ..
        } => {
            actor = Some(a.name.clone());
            as_of = d.map(|d| d.to_string());
        }
        ClaimBody::Relation {
            actor1: a,
            actor2: b,
            relation: r,
        } => {
            actor1 = Some(a.name.clone());
            actor2 = Some(b.name.clone());
            relation = Some(r.as_str());
        }
        ClaimBody::Control {
            actor: a,
            place,
            as_of: d,
            ..
        } => {
            actor = Some(a.name.clone());
            as_of = d.map(|d| d.to_string());
            admin1 = place.as_ref().and_then(|p| p.admin1.clone());
        }
    }
    tx.insert_keyed(
        "claims",
        "claim_key",
        &[
            "doc_key",
            "ord",
            "claim_type",
            "actor",
            "actor1",
            "actor2",
            "relation",
            "as_of",
            "admin1",
            "claim_json",
        ],
        args![
            doc_key,
            ord,
            claim.claim_type().as_str(),
            actor,
            actor1,
            actor2,
            relation,
            as_of,
            admin1,
            to_json(claim)?,
        ],
    )?;
    Ok(())
}
