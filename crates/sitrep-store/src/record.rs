//! Incidents as the extract contract's records: the exporters'
//! [`IncidentRow`] and the JSON Lines shape of `sitrep events`.
//!
//! An incident's record is [`EventRecord::new`] over its merged event, with
//! three store-specific choices: `event_id_cnty` is the country's ISO3 plus
//! the incident id (`AFG17`), stable however often the store is queried;
//! `evidence` holds every report's evidence (each with its own `doc_id`);
//! `timestamp` is the latest publication day among the reports, ACLED's
//! "when the record last changed" made reproducible.

use std::collections::VecDeque;

use serde::Serialize;
use sitrep_io::export::IncidentRow;
use sitrep_io::output::{EventRecord, EvidenceRecord};
use sitrep_model::{Document, Event};

use crate::db::{Conn, Value, args};
use crate::query::{IncidentFilter, limit_sql, load_reports};
use crate::{Store, StoreError};

/// How many incidents [`IncidentRows`] reads per query.
const PAGE: i64 = 256;

/// An incident as one JSON line: the contract's event fields, then
/// `incident_id` and `reports`.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentJson<'a> {
    #[serde(flatten)]
    pub record: &'a EventRecord,
    pub incident_id: i64,
    pub reports: &'a [String],
}

impl<'a> From<&'a IncidentRow> for IncidentJson<'a> {
    fn from(row: &'a IncidentRow) -> IncidentJson<'a> {
        IncidentJson {
            record: &row.record,
            incident_id: row.incident_id,
            reports: &row.reports,
        }
    }
}

/// The record of one incident, from its merged event and its reports.
fn incident_row(conn: &Conn, incident_id: i64, merged: Event) -> Result<IncidentRow, StoreError> {
    let reports = load_reports(conn, incident_id)?;
    let mut evidence = Vec::new();
    for r in &reports {
        for s in &r.event.evidence {
            evidence.push(EvidenceRecord {
                doc_id: r.document.id.clone(),
                start: s.start,
                end: s.end,
                text: r.document.slice(*s).to_string(),
            });
        }
    }
    let prefix = merged
        .place
        .as_ref()
        .map(|p| p.iso3.as_str())
        .filter(|s| !s.is_empty())
        .unwrap_or("XXX");
    let event_id_cnty = format!("{prefix}{incident_id}");
    let mut lead = Document::new(merged.doc_id.clone(), "");
    lead.published = reports.iter().filter_map(|r| r.document.published).max();
    let mut record = EventRecord::new(&lead, &merged, event_id_cnty);
    record.evidence = evidence;
    Ok(IncidentRow {
        record,
        incident_id,
        reports: reports.into_iter().map(|r| r.document.id).collect(),
    })
}

impl Store {
    /// One incident as the contract's record.
    pub fn incident_row(&self, incident_id: i64) -> Result<Option<IncidentRow>, StoreError> {
        let json: Option<String> = self
            .conn
            .query_opt(
                "SELECT event_json FROM incidents WHERE incident_id = ?1",
                args![incident_id],
            )?
            .map(|r| r.get(0))
            .transpose()?;
        json.map(|j| {
            let merged = serde_json::from_str(&j)
                .map_err(|e| StoreError::Corrupt(format!("incident {incident_id}: {e}")))?;
            incident_row(&self.conn, incident_id, merged)
        })
        .transpose()
    }

    /// How many incidents `filter` selects (its `limit` and `offset` do not
    /// apply).
    pub fn count_incidents(&self, filter: &IncidentFilter) -> Result<u64, StoreError> {
        let (cond, values) = filter.to_sql(self.conn.dialect());
        let n: i64 = self
            .conn
            .query_one(
                &format!("SELECT count(*) FROM incidents WHERE {cond}"),
                &values,
            )?
            .get(0)?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// One page of the incidents `filter` selects as the contract's
    /// records, newest first (`event_date`, then `incident_id`,
    /// descending), honouring `limit` and `offset`: what a dashboard's
    /// table shows.
    pub fn incident_rows_newest(
        &self,
        filter: &IncidentFilter,
    ) -> Result<Vec<IncidentRow>, StoreError> {
        let d = self.conn.dialect();
        let (cond, values) = filter.to_sql(d);
        let limit = limit_sql(d, filter.limit);
        let offset = filter.offset.min(i64::MAX as u64);
        // Sort ids only: sorting whole rows would drag every candidate's
        // event JSON through the sorter (hundreds of MB for a country of a
        // million-event store).
        let sql = format!(
            "SELECT incident_id FROM incidents WHERE {cond}
             ORDER BY event_date DESC, incident_id DESC LIMIT {limit} OFFSET {offset}"
        );
        let ids: Vec<i64> = self
            .conn
            .query(&sql, &values)?
            .iter()
            .map(|r| r.get(0))
            .collect::<Result<_, _>>()?;
        ids.into_iter()
            .filter_map(|id| self.incident_row(id).transpose())
            .collect()
    }

    /// The incidents `filter` selects as the contract's records, in
    /// `event_date`, `incident_id` order, read a page at a time so that an
    /// export of a million incidents holds a few hundred in memory.
    pub fn incident_rows(&self, filter: &IncidentFilter) -> IncidentRows<'_> {
        IncidentRows {
            store: self,
            filter: filter.clone(),
            page: VecDeque::new(),
            after: None,
            remaining: filter.limit,
            done: false,
        }
    }
}

/// Iterator over incident records; see [`Store::incident_rows`].
pub struct IncidentRows<'s> {
    store: &'s Store,
    filter: IncidentFilter,
    page: VecDeque<(i64, String, String)>,
    /// The (event_date, incident_id) of the last row read: the next page
    /// starts after it, so pages never skip or repeat rows.
    after: Option<(String, i64)>,
    remaining: Option<u64>,
    done: bool,
}

impl IncidentRows<'_> {
    fn fill(&mut self) -> Result<(), StoreError> {
        let (cond, mut values) = self.filter.to_sql(self.store.conn.dialect());
        let n = values.len();
        let (keyset, offset) = match &self.after {
            Some((date, id)) => {
                values.push(Value::Text(date.clone()));
                values.push(Value::Int(*id));
                (
                    format!(" AND (event_date, incident_id) > (?{}, ?{})", n + 1, n + 2),
                    0,
                )
            }
            None => (
                String::new(),
                i64::try_from(self.filter.offset).unwrap_or(i64::MAX),
            ),
        };
        let want = self
            .remaining
            .map_or(PAGE, |r| PAGE.min(i64::try_from(r).unwrap_or(PAGE)));
        let sql = format!(
            "SELECT incident_id, event_date, event_json FROM incidents WHERE {cond}{keyset}
             ORDER BY event_date, incident_id LIMIT {want} OFFSET {offset}"
        );
        let rows: Vec<(i64, String, String)> = self
            .store
            .conn
            .query(&sql, &values)?
            .iter()
            .map(|r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .collect::<Result<_, StoreError>>()?;
        if (rows.len() as i64) < want {
            self.done = true;
        }
        if let Some((id, date, _)) = rows.last() {
            self.after = Some((date.clone(), *id));
        }
        self.page.extend(rows);
        Ok(())
    }
}

impl Iterator for IncidentRows<'_> {
    type Item = Result<IncidentRow, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.remaining == Some(0) {
            return None;
        }
        if self.page.is_empty()
            && !self.done
            && let Err(e) = self.fill()
        {
            self.done = true;
            return Some(Err(e));
        }
        let (id, _, json) = self.page.pop_front()?;
        if let Some(r) = self.remaining.as_mut() {
            *r -= 1;
        }
        let merged = match serde_json::from_str(&json) {
            Ok(m) => m,
            Err(e) => return Some(Err(StoreError::Corrupt(format!("incident {id}: {e}")))),
        };
        Some(incident_row(&self.store.conn, id, merged))
    }
}
