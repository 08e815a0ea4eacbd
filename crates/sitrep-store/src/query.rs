//! Typed queries over the store: incidents with their reports and
//! fatality history, one incident with every report and evidence span,
//! actors and their profiles, aggregates for a dashboard, counts.
//!
//! Every list comes back in a stable order (incidents by `event_date` then
//! `incident_id`), so paging with `limit`/`offset` and repeated runs agree.

use std::collections::BTreeMap;

use sitrep_model::{
    ActorType, Claim, ClaimBody, ClaimType, Date, Document, Event, EventType, Place, Relation,
    Span, SubEventType,
};

use crate::db::{Conn, Dialect, Value, args};
use crate::merge::{self, Member, ReportMeta};
use crate::{Store, StoreError};

/// Which incidents a query returns. Every field narrows; the default is
/// everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncidentFilter {
    /// A country's name, ISO alpha-2 or alpha-3 code, any case.
    pub country: Option<String>,
    /// ACLED's admin1 (a province), any case.
    pub admin1: Option<String>,
    /// An actor's ACLED name (any case), as actor1 or actor2.
    pub actor: Option<String>,
    pub event_type: Option<EventType>,
    pub sub_event_type: Option<SubEventType>,
    /// `event_date` on or after this day.
    pub since: Option<Date>,
    /// `event_date` on or before this day.
    pub until: Option<Date>,
    /// At most this many incidents (ignored by aggregates).
    pub limit: Option<u64>,
    /// Skip this many first (ignored by aggregates).
    pub offset: u64,
}

impl IncidentFilter {
    /// The SQL condition over `incidents` and its parameters, numbered
    /// `?1..` so that a query may use them twice.
    pub(crate) fn to_sql(&self, d: Dialect) -> (String, Vec<Value>) {
        let mut conds: Vec<String> = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        let mut push = |cond: &str, v: String| {
            values.push(Value::Text(v));
            conds.push(cond.replace("?#", &format!("?{}", values.len())));
        };
        if let Some(c) = &self.country {
            push(
                &format!(
                    "country_code IN (SELECT country_code FROM countries
                       WHERE country_code = upper(?#) OR {} OR {})",
                    nocase_eq(d, "iso3", "?#"),
                    nocase_eq(d, "name", "?#")
                ),
                c.trim().to_string(),
            );
        }
        if let Some(a) = &self.admin1 {
            push(&nocase_eq(d, "admin1", "?#"), a.trim().to_string());
        }
        if let Some(a) = &self.actor {
            push(
                &format!(
                    "({} OR {})",
                    nocase_eq(d, "actor1", "?#"),
                    nocase_eq(d, "actor2", "?#")
                ),
                a.trim().to_string(),
            );
        }
        if let Some(t) = self.event_type {
            push("event_type = ?#", t.as_str().to_string());
        }
        if let Some(t) = self.sub_event_type {
            push("sub_event_type = ?#", t.as_str().to_string());
        }
        if let Some(d) = self.since {
            push("event_date >= ?#", d.to_string());
        }
        if let Some(d) = self.until {
            push("event_date <= ?#", d.to_string());
        }
        let sql = if conds.is_empty() {
            "1 = 1".to_string()
        } else {
            conds.join(" AND ")
        };
        (sql, values)
    }
}

/// One reported death toll of an incident: who said it, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FatalityReport {
    pub doc_id: String,
    pub source: Option<String>,
    pub published: Option<Date>,
    pub fatalities: u32,
}

/// An incident: one real-world happening and everything reported about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    pub incident_id: i64,
    /// The merged record. Its `doc_id` and `evidence` are the first
    /// report's; [`Store::incident`] has every report's evidence.
    pub event: Event,
    /// The `doc_id`s of the reports behind it, in the order they arrived.
    pub reports: Vec<String>,
    /// Every figure any report gave, in the order they arrived.
    pub fatality_history: Vec<FatalityReport>,
}

/// One report of an incident: the document (text included) and the event
/// read from it, whose evidence spans index `document.text`.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub document: Document,
    pub event: Event,
}

impl Report {
    /// The evidence spans with the text they cover.
    pub fn evidence(&self) -> Vec<EvidenceText> {
        evidence_texts(&self.document, &self.event.evidence)
    }
}

/// A document kept as a near-copy of a report rather than coded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearDuplicate {
    pub doc_id: String,
    /// The report it copies.
    pub of: String,
}

/// An incident with every report behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentDetail {
    pub incident: Incident,
    pub reports: Vec<Report>,
    pub near_duplicates: Vec<NearDuplicate>,
}

/// A span of evidence and the text it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceText {
    pub doc_id: String,
    pub span: Span,
    pub text: String,
}

fn evidence_texts(doc: &Document, spans: &[Span]) -> Vec<EvidenceText> {
    spans
        .iter()
        .map(|s| EvidenceText {
            doc_id: doc.id.clone(),
            span: *s,
            text: doc.slice(*s).to_string(),
        })
        .collect()
}

/// An actor in the store's incidents and claims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorSummary {
    pub name: String,
    /// ACLED's actor type as coded in its incidents (`None` for an actor
    /// known only from claims).
    pub inter: Option<ActorType>,
    pub as_actor1: u64,
    pub as_actor2: u64,
    /// Fatalities of the incidents it took part in.
    pub fatalities: u64,
    pub claims: u64,
}

/// Incident counts of one month or province for an actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleCounts {
    /// `YYYY-MM`, or the admin1 name ("" when only the country is known).
    pub key: String,
    pub as_actor1: u64,
    pub as_actor2: u64,
    pub fatalities: u64,
}

/// Where a claim came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimSource {
    pub doc_id: String,
    pub source: Option<String>,
    pub published: Option<Date>,
    pub hedged: bool,
    pub evidence: Vec<EvidenceText>,
}

/// "up to 60,000 fighters": a strength figure with its date and source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrengthClaim {
    pub low: Option<u64>,
    pub high: Option<u64>,
    pub as_of: Option<Date>,
    pub from: ClaimSource,
}

/// How the profiled actor stands to another, per one report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationClaim {
    pub other: String,
    pub relation: Relation,
    /// For [`Relation::Supports`]: whether the profiled actor is the
    /// supporter (`true`) or the supported.
    pub actor_is_first: bool,
    pub from: ClaimSource,
}

/// Territory the actor is said to control or claim.
#[derive(Debug, Clone, PartialEq)]
pub struct TerritoryClaim {
    /// The province, when the claim names a place.
    pub admin1: Option<String>,
    pub territory: String,
    pub place: Option<Place>,
    pub as_of: Option<Date>,
    pub from: ClaimSource,
}

/// Everything the store knows about one actor.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorProfile {
    pub name: String,
    pub inter: Option<ActorType>,
    /// Incidents by month of `event_date`, in time order.
    pub by_month: Vec<RoleCounts>,
    /// Incidents by admin1, most incidents first.
    pub by_admin1: Vec<RoleCounts>,
    /// Strength claims in time order (`as_of`, else publication).
    pub strength: Vec<StrengthClaim>,
    /// Relations, by the other actor, then time.
    pub relations: Vec<RelationClaim>,
    /// Territory, by province (those without one last), then time.
    pub territory: Vec<TerritoryClaim>,
}

/// Which claims [`Store::claims`] returns; the default is all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClaimFilter {
    /// An actor's ACLED name (any case): the claim's actor, or either side
    /// of a relation.
    pub actor: Option<String>,
    pub claim_type: Option<ClaimType>,
    pub limit: Option<u64>,
}

/// How [`Store::aggregate`] groups incidents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Day,
    /// Weeks starting on Monday, keyed by that Monday.
    Week,
    Month,
    Year,
    Country,
    Admin1,
    EventType,
    SubEventType,
    /// Each incident counts for its actor1 and for its actor2.
    Actor,
}

/// One group of an aggregate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    pub key: String,
    pub incidents: u64,
    /// Known fatalities summed (unknown counts as none).
    pub fatalities: u64,
}

/// Counts for a summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub documents: u64,
    pub near_duplicates: u64,
    pub events: u64,
    pub incidents: u64,
    /// Incidents told by more than one report.
    pub merged_incidents: u64,
    pub claims: u64,
    pub fatalities: u64,
}

/// `column = param` ignoring ASCII case: SQLite's `NOCASE` columns compare
/// that way by themselves; PostgreSQL folds both sides with
/// `sitrep_nocase`, which its indexes are built on.
pub(crate) fn nocase_eq(d: Dialect, column: &str, param: &str) -> String {
    match d {
        Dialect::Sqlite => format!("{column} = {param}"),
        Dialect::Postgres => format!("sitrep_nocase({column}) = sitrep_nocase({param})"),
    }
}

/// A grouping key ignoring ASCII case.
fn nocase_key(d: Dialect, expr: &str) -> String {
    match d {
        Dialect::Sqlite => format!("{expr} COLLATE NOCASE"),
        Dialect::Postgres => format!("sitrep_nocase({expr})"),
    }
}

/// An expression compared byte by byte (SQLite's `NOCASE` columns would
/// otherwise order and group by their folded text; PostgreSQL's columns
/// are all `COLLATE "C"`).
fn binary(d: Dialect, expr: &str) -> String {
    match d {
        Dialect::Sqlite => format!("{expr} COLLATE BINARY"),
        Dialect::Postgres => expr.to_string(),
    }
}

/// The count of a `LIMIT` clause; none is "all rows".
pub(crate) fn limit_sql(d: Dialect, limit: Option<u64>) -> String {
    match (limit, d) {
        (Some(n), _) => n.min(i64::MAX as u64).to_string(),
        (None, Dialect::Sqlite) => "-1".to_string(),
        (None, Dialect::Postgres) => "ALL".to_string(),
    }
}

pub(crate) fn parse_date(s: &str) -> Result<Date, StoreError> {
    s.parse()
        .map_err(|_| StoreError::Corrupt(format!("date {s:?}")))
}

fn parse_opt_date(s: Option<String>) -> Result<Option<Date>, StoreError> {
    s.as_deref().map(parse_date).transpose()
}

fn from_json<T: serde::de::DeserializeOwned>(s: &str, what: &str) -> Result<T, StoreError> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

fn count(conn: &Conn, sql: &str) -> Result<u64, StoreError> {
    let n: i64 = conn.query_one(sql, &[])?.get(0)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// An incident's events with their reports, in the order they joined.
pub(crate) fn load_members(
    conn: &Conn,
    incident_id: i64,
) -> Result<Vec<(Event, ReportMeta)>, StoreError> {
    let rows = conn.query(
        "SELECT e.event_json, d.doc_key, d.doc_id, d.source, d.url, d.published
         FROM events e JOIN documents d ON d.doc_key = e.doc_key
         WHERE e.incident_id = ?1 ORDER BY e.event_key",
        args![incident_id],
    )?;
    let mut out = Vec::new();
    for r in rows {
        let event: Event = from_json(&r.get::<String>(0)?, "event")?;
        let doc_key: i64 = r.get(1)?;
        let mut copied_by = Vec::new();
        for c in conn.query(
            "SELECT doc_key, doc_id, source, url FROM documents WHERE duplicate_of = ?1 ORDER BY doc_key",
            args![doc_key],
        )? {
            let copy = ReportMeta {
                doc_key: c.get(0)?,
                doc_id: c.get(1)?,
                source: c.get(2)?,
                url: c.get(3)?,
                published: None,
                copied_by: Vec::new(),
            };
            copied_by.push(copy.source_key());
        }
        out.push((
            event,
            ReportMeta {
                doc_key,
                doc_id: r.get(2)?,
                source: r.get(3)?,
                url: r.get(4)?,
                published: parse_opt_date(r.get(5)?)?,
                copied_by,
            },
        ));
    }
    Ok(out)
}

fn load_document(conn: &Conn, doc_key: i64) -> Result<Document, StoreError> {
    let r = conn.query_one(
        "SELECT doc_id, text, title, published, url, source FROM documents WHERE doc_key = ?1",
        args![doc_key],
    )?;
    Ok(Document {
        id: r.get(0)?,
        text: r.get(1)?,
        title: r.get(2)?,
        published: parse_opt_date(r.get(3)?)?,
        url: r.get(4)?,
        source: r.get(5)?,
    })
}

/// The reports of an incident: each event with its whole document.
pub(crate) fn load_reports(conn: &Conn, incident_id: i64) -> Result<Vec<Report>, StoreError> {
    let keys = conn.query(
        "SELECT event_json, doc_key FROM events WHERE incident_id = ?1 ORDER BY event_key",
        args![incident_id],
    )?;
    keys.into_iter()
        .map(|r| {
            Ok(Report {
                document: load_document(conn, r.get(1)?)?,
                event: from_json(&r.get::<String>(0)?, "event")?,
            })
        })
        .collect()
}

fn report_ids(conn: &Conn, incident_id: i64) -> Result<Vec<String>, StoreError> {
    conn.query(
        "SELECT d.doc_id FROM events e JOIN documents d ON d.doc_key = e.doc_key
         WHERE e.incident_id = ?1 ORDER BY e.event_key",
        args![incident_id],
    )?
    .iter()
    .map(|r| r.get(0))
    .collect()
}

fn fatality_history(conn: &Conn, incident_id: i64) -> Result<Vec<FatalityReport>, StoreError> {
    let rows = conn.query(
        "SELECT d.doc_id, d.source, f.published, f.fatalities
         FROM fatality_reports f JOIN documents d ON d.doc_key = f.doc_key
         WHERE f.incident_id = ?1 ORDER BY f.event_key",
        args![incident_id],
    )?;
    rows.into_iter()
        .map(|r| {
            Ok(FatalityReport {
                doc_id: r.get(0)?,
                source: r.get(1)?,
                published: parse_opt_date(r.get(2)?)?,
                fatalities: u32::try_from(r.get::<i64>(3)?).unwrap_or(u32::MAX),
            })
        })
        .collect()
}

pub(crate) fn build_incident(
    conn: &Conn,
    incident_id: i64,
    json: &str,
) -> Result<Incident, StoreError> {
    Ok(Incident {
        incident_id,
        event: from_json(json, "incident")?,
        reports: report_ids(conn, incident_id)?,
        fatality_history: fatality_history(conn, incident_id)?,
    })
}

impl Store {
    /// Incidents matching `filter`, ordered by `event_date` then
    /// `incident_id`.
    pub fn incidents(&self, filter: &IncidentFilter) -> Result<Vec<Incident>, StoreError> {
        let d = self.conn.dialect();
        let (cond, values) = filter.to_sql(d);
        let sql = format!(
            "SELECT incident_id, event_json FROM incidents WHERE {cond}
             ORDER BY event_date, incident_id LIMIT {} OFFSET {}",
            limit_sql(d, filter.limit),
            filter.offset.min(i64::MAX as u64)
        );
        let rows = self.conn.query(&sql, &values)?;
        rows.iter()
            .map(|r| build_incident(&self.conn, r.get(0)?, &r.get::<String>(1)?))
            .collect()
    }

    /// One incident with every report (document text included) behind it.
    pub fn incident(&self, incident_id: i64) -> Result<Option<IncidentDetail>, StoreError> {
        let Some(row) = self.conn.query_opt(
            "SELECT event_json FROM incidents WHERE incident_id = ?1",
            args![incident_id],
        )?
        else {
            return Ok(None);
        };
        let json: String = row.get(0)?;
        let incident = build_incident(&self.conn, incident_id, &json)?;
        let reports = load_reports(&self.conn, incident_id)?;
        let near_duplicates = near_duplicates_of(&self.conn, incident_id)?;
        Ok(Some(IncidentDetail {
            incident,
            reports,
            near_duplicates,
        }))
    }

    /// Every actor of the store's incidents (and claims), most incidents
    /// first.
    pub fn actors(&self) -> Result<Vec<ActorSummary>, StoreError> {
        // Names that differ in ASCII case are one actor, spelled by the
        // first of its spellings in byte order (the same on both engines).
        let d = self.conn.dialect();
        let rows = self.conn.query(
            &format!(
                "SELECT min({}), min(inter), sum(a1), sum(a2), sum(f) FROM (
                     SELECT actor1 AS name, inter1 AS inter, 1 AS a1, 0 AS a2,
                            coalesce(fatalities, 0) AS f FROM incidents
                     UNION ALL
                     SELECT actor2, inter2, 0, 1, coalesce(fatalities, 0) FROM incidents
                     WHERE actor2 IS NOT NULL) AS t
                 GROUP BY {}",
                binary(d, "name"),
                nocase_key(d, "name")
            ),
            &[],
        )?;
        let mut by_name: BTreeMap<String, ActorSummary> = BTreeMap::new();
        for r in rows {
            let (name, inter, a1, a2, f): (String, Option<i64>, i64, i64, i64) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
            by_name.insert(
                name.to_lowercase(),
                ActorSummary {
                    inter: inter
                        .and_then(|i| u8::try_from(i).ok())
                        .and_then(ActorType::from_code),
                    name,
                    as_actor1: u64::try_from(a1).unwrap_or(0),
                    as_actor2: u64::try_from(a2).unwrap_or(0),
                    fatalities: u64::try_from(f).unwrap_or(0),
                    claims: 0,
                },
            );
        }
        let rows = self.conn.query(
            &format!(
                "SELECT min({}), count(*) FROM (
                     SELECT actor AS name FROM claims WHERE actor IS NOT NULL
                     UNION ALL SELECT actor1 FROM claims WHERE actor1 IS NOT NULL
                     UNION ALL SELECT actor2 FROM claims WHERE actor2 IS NOT NULL) AS t
                 GROUP BY {}",
                binary(d, "name"),
                nocase_key(d, "name")
            ),
            &[],
        )?;
        for r in rows {
            let (name, n): (String, i64) = (r.get(0)?, r.get(1)?);
            by_name
                .entry(name.to_lowercase())
                .or_insert_with(|| ActorSummary {
                    name,
                    inter: None,
                    as_actor1: 0,
                    as_actor2: 0,
                    fatalities: 0,
                    claims: 0,
                })
                .claims = u64::try_from(n).unwrap_or(0);
        }
        let mut out: Vec<ActorSummary> = by_name.into_values().collect();
        out.sort_by(|a, b| {
            (b.as_actor1 + b.as_actor2, b.claims)
                .cmp(&(a.as_actor1 + a.as_actor2, a.claims))
                .then_with(|| a.name.cmp(&b.name))
        });
        Ok(out)
    }

    /// An actor's profile by its ACLED name (any case); `None` when the
    /// store knows no such actor.
    pub fn actor_profile(&self, name: &str) -> Result<Option<ActorProfile>, StoreError> {
        let name = name.trim();
        let d = self.conn.dialect();
        let (is1, is2) = (nocase_eq(d, "actor1", "?1"), nocase_eq(d, "actor2", "?1"));
        // The spelling and actor type of its first incident as actor1
        // (else as actor2), by date.
        let known: Option<(String, i64)> = self
            .conn
            .query_opt(
                &format!(
                    "SELECT name, inter FROM (
                         SELECT actor1 AS name, inter1 AS inter, 0 AS side, event_date, incident_id
                         FROM incidents WHERE {is1}
                         UNION ALL
                         SELECT actor2, inter2, 1, event_date, incident_id
                         FROM incidents WHERE {is2}) AS t
                     ORDER BY side, event_date, incident_id LIMIT 1"
                ),
                args![name],
            )?
            .map(|r| Ok::<_, StoreError>((r.get(0)?, r.get(1)?)))
            .transpose()?;
        let (a1, a2) = (
            format!("sum(CASE WHEN {is1} THEN 1 ELSE 0 END)"),
            format!("sum(CASE WHEN {is2} THEN 1 ELSE 0 END)"),
        );
        let role_counts = |key: &str, order: &str| -> Result<Vec<RoleCounts>, StoreError> {
            let sql = format!(
                "SELECT {key} AS k, {a1}, {a2}, coalesce(sum(fatalities), 0)
                 FROM incidents WHERE {is1} OR {is2} GROUP BY k ORDER BY {order}"
            );
            self.conn
                .query(&sql, args![name])?
                .into_iter()
                .map(|r| {
                    Ok(RoleCounts {
                        key: r.get(0)?,
                        as_actor1: u64::try_from(r.get::<i64>(1)?).unwrap_or(0),
                        as_actor2: u64::try_from(r.get::<i64>(2)?).unwrap_or(0),
                        fatalities: u64::try_from(r.get::<i64>(3)?).unwrap_or(0),
                    })
                })
                .collect()
        };
        let by_month = role_counts("substr(event_date, 1, 7)", "k")?;
        let by_admin1 = role_counts("coalesce(admin1, '')", &format!("{a1} + {a2} DESC, k"))?;

        let claims = self.claims_about(name)?;
        let mut strength = Vec::new();
        let mut relations = Vec::new();
        let mut territory = Vec::new();
        let mut canonical: Option<String> = known.as_ref().map(|k| k.0.clone());
        for (claim, from) in claims {
            match claim.body {
                ClaimBody::Strength {
                    actor,
                    low,
                    high,
                    as_of,
                } => {
                    canonical.get_or_insert(actor.name);
                    strength.push(StrengthClaim {
                        low,
                        high,
                        as_of,
                        from,
                    });
                }
                ClaimBody::Relation {
                    actor1,
                    actor2,
                    relation,
                } => {
                    let actor_is_first = actor1.name.eq_ignore_ascii_case(name)
                        || actor1.name.to_lowercase() == name.to_lowercase();
                    let (me, other) = if actor_is_first {
                        (actor1, actor2)
                    } else {
                        (actor2, actor1)
                    };
                    canonical.get_or_insert(me.name);
                    relations.push(RelationClaim {
                        other: other.name,
                        relation,
                        actor_is_first,
                        from,
                    });
                }
                ClaimBody::Control {
                    actor,
                    place,
                    territory: words,
                    as_of,
                } => {
                    canonical.get_or_insert(actor.name);
                    territory.push(TerritoryClaim {
                        admin1: place.as_ref().and_then(|p| p.admin1.clone()),
                        territory: words,
                        place,
                        as_of,
                        from,
                    });
                }
            }
        }
        let Some(canonical) = canonical else {
            return Ok(None);
        };
        let when = |as_of: Option<Date>, from: &ClaimSource| as_of.or(from.published);
        strength.sort_by_key(|a| when(a.as_of, &a.from));
        relations.sort_by(|a, b| {
            (a.other.to_lowercase(), a.from.published)
                .cmp(&(b.other.to_lowercase(), b.from.published))
        });
        territory.sort_by(|a, b| {
            (a.admin1.is_none(), &a.admin1, when(a.as_of, &a.from)).cmp(&(
                b.admin1.is_none(),
                &b.admin1,
                when(b.as_of, &b.from),
            ))
        });
        Ok(Some(ActorProfile {
            name: canonical,
            inter: known
                .and_then(|k| u8::try_from(k.1).ok())
                .and_then(ActorType::from_code),
            by_month,
            by_admin1,
            strength,
            relations,
            territory,
        }))
    }

    /// Claims naming the actor, in ingest order, with their sources.
    fn claims_about(&self, name: &str) -> Result<Vec<(Claim, ClaimSource)>, StoreError> {
        self.claims(&ClaimFilter {
            actor: Some(name.to_string()),
            ..ClaimFilter::default()
        })
    }

    /// Claims `filter` selects, in ingest order, with their sources.
    pub fn claims(&self, filter: &ClaimFilter) -> Result<Vec<(Claim, ClaimSource)>, StoreError> {
        let d = self.conn.dialect();
        let mut conds = vec!["1 = 1".to_string()];
        let mut values: Vec<Value> = Vec::new();
        if let Some(a) = &filter.actor {
            values.push(Value::Text(a.trim().to_string()));
            let n = format!("?{}", values.len());
            conds.push(format!(
                "({} OR {} OR {})",
                nocase_eq(d, "actor", &n),
                nocase_eq(d, "actor1", &n),
                nocase_eq(d, "actor2", &n)
            ));
        }
        if let Some(t) = filter.claim_type {
            values.push(Value::Text(t.as_str().to_string()));
            conds.push(format!("claim_type = ?{}", values.len()));
        }
        let sql = format!(
            "SELECT claim_json, doc_key FROM claims WHERE {} ORDER BY claim_key LIMIT {}",
            conds.join(" AND "),
            limit_sql(d, filter.limit)
        );
        let rows = self.conn.query(&sql, &values)?;
        let mut docs: BTreeMap<i64, Document> = BTreeMap::new();
        let mut out = Vec::new();
        for r in rows {
            let (json, doc_key): (String, i64) = (r.get(0)?, r.get(1)?);
            let claim: Claim = from_json(&json, "claim")?;
            if let std::collections::btree_map::Entry::Vacant(slot) = docs.entry(doc_key) {
                slot.insert(load_document(&self.conn, doc_key)?);
            }
            let Some(doc) = docs.get(&doc_key) else {
                continue;
            };
            let from = ClaimSource {
                doc_id: doc.id.clone(),
                source: doc.source.clone(),
                published: doc.published,
                hedged: claim.hedged,
                evidence: evidence_texts(doc, &claim.evidence),
            };
            out.push((claim, from));
        }
        Ok(out)
    }

    /// Incident counts and fatalities grouped by `by`, over the incidents
    /// `filter` selects (its `limit` and `offset` do not apply). Time
    /// groups come in time order, the others most incidents first.
    pub fn aggregate(
        &self,
        filter: &IncidentFilter,
        by: GroupBy,
    ) -> Result<Vec<Bucket>, StoreError> {
        let d = self.conn.dialect();
        let (cond, values) = filter.to_sql(d);
        // Actors group by their exact spelling, as IncidentCube does.
        let actor1 = binary(d, "actor1");
        let actor2 = binary(d, "actor2");
        let key = match (by, d) {
            (GroupBy::Day, _) => "event_date",
            (GroupBy::Week, Dialect::Sqlite) => "date(event_date, 'weekday 0', '-6 days')",
            (GroupBy::Week, Dialect::Postgres) => {
                "to_char(CAST(event_date AS date)
                     - (CAST(extract(isodow FROM CAST(event_date AS date)) AS integer) - 1),
                     'YYYY-MM-DD')"
            }
            (GroupBy::Month, _) => "substr(event_date, 1, 7)",
            (GroupBy::Year, _) => "substr(event_date, 1, 4)",
            (GroupBy::Country, _) => {
                "coalesce((SELECT name FROM countries c WHERE c.country_code = incidents.country_code), '')"
            }
            (GroupBy::Admin1, _) => "coalesce(admin1, '')",
            (GroupBy::EventType, _) => "event_type",
            (GroupBy::SubEventType, _) => "sub_event_type",
            (GroupBy::Actor, _) => actor1.as_str(),
        };
        let mut inner = format!("SELECT {key} AS k, fatalities FROM incidents WHERE {cond}");
        if by == GroupBy::Actor {
            inner.push_str(&format!(
                " UNION ALL SELECT {actor2}, fatalities FROM incidents WHERE actor2 IS NOT NULL AND {cond}"
            ));
        }
        let order = match by {
            GroupBy::Day | GroupBy::Week | GroupBy::Month | GroupBy::Year => "k",
            _ => "count(*) DESC, k",
        };
        let sql = format!(
            "SELECT k, count(*), coalesce(sum(fatalities), 0) FROM ({inner}) AS t GROUP BY k ORDER BY {order}"
        );
        self.conn
            .query(&sql, &values)?
            .into_iter()
            .map(|r| {
                Ok(Bucket {
                    key: r.get::<Option<String>>(0)?.unwrap_or_default(),
                    incidents: u64::try_from(r.get::<i64>(1)?).unwrap_or(0),
                    fatalities: u64::try_from(r.get::<i64>(2)?).unwrap_or(0),
                })
            })
            .collect()
    }

    /// Documents stored (coded and near-duplicates).
    pub fn documents_count(&self) -> Result<u64, StoreError> {
        count(&self.conn, "SELECT count(*) FROM documents")
    }

    pub fn incidents_count(&self) -> Result<u64, StoreError> {
        count(&self.conn, "SELECT count(*) FROM incidents")
    }

    /// Events as coded from each report, before merging.
    pub fn events_count(&self) -> Result<u64, StoreError> {
        count(&self.conn, "SELECT count(*) FROM events")
    }

    pub fn claims_count(&self) -> Result<u64, StoreError> {
        count(&self.conn, "SELECT count(*) FROM claims")
    }

    /// The counts of a summary line.
    pub fn summary(&self) -> Result<Summary, StoreError> {
        Ok(Summary {
            documents: self.documents_count()?,
            near_duplicates: near_duplicates_count(&self.conn)?,
            events: self.events_count()?,
            incidents: self.incidents_count()?,
            merged_incidents: count(
                &self.conn,
                "SELECT count(*) FROM incidents WHERE reports > 1",
            )?,
            claims: self.claims_count()?,
            fatalities: count(
                &self.conn,
                "SELECT coalesce(sum(fatalities), 0) FROM incidents",
            )?,
        })
    }
}

fn near_duplicates_count(conn: &Conn) -> Result<u64, StoreError> {
    count(
        conn,
        "SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL",
    )
}

/// The near-copies of an incident's reports, in ingest order.
fn near_duplicates_of(conn: &Conn, incident_id: i64) -> Result<Vec<NearDuplicate>, StoreError> {
    conn.query(
        "SELECT d.doc_id, o.doc_id FROM documents d JOIN documents o ON o.doc_key = d.duplicate_of
         WHERE d.duplicate_of IN (SELECT doc_key FROM events WHERE incident_id = ?1)
         ORDER BY d.doc_key",
        args![incident_id],
    )?
    .into_iter()
    .map(|r| {
        Ok(NearDuplicate {
            doc_id: r.get(0)?,
            of: r.get(1)?,
        })
    })
    .collect()
}

pub(crate) fn verify(conn: &Conn) -> Result<Vec<String>, StoreError> {
    let mut problems: Vec<String> = Vec::new();
    // PostgreSQL checks its pages and foreign keys as it writes; SQLite is
    // asked.
    if conn.dialect() == Dialect::Sqlite {
        let integrity: Vec<String> = conn
            .query("PRAGMA integrity_check", &[])?
            .iter()
            .map(|r| r.get(0))
            .collect::<Result<_, _>>()?;
        if integrity != ["ok"] {
            problems.extend(integrity.into_iter().map(|p| format!("integrity: {p}")));
        }
        for r in conn.query("PRAGMA foreign_key_check", &[])? {
            let (t, row): (String, Option<i64>) = (r.get(0)?, r.get(1)?);
            problems.push(format!("foreign key: {t} row {}", row.unwrap_or(0)));
        }
    }
    for r in conn.query(
        "SELECT incident_id FROM incidents i
         WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.incident_id = i.incident_id)",
        &[],
    )? {
        problems.push(format!("incident {} has no events", r.get::<i64>(0)?));
    }
    for r in conn.query(
        "SELECT incident_id, doc_key FROM events GROUP BY incident_id, doc_key HAVING count(*) > 1",
        &[],
    )? {
        let (i, d): (i64, i64) = (r.get(0)?, r.get(1)?);
        problems.push(format!("incident {i} holds two events of document {d}"));
    }
    let ids = conn.query(
        "SELECT incident_id, reports, event_json FROM incidents ORDER BY incident_id",
        &[],
    )?;
    for r in ids {
        let (id, reports, json): (i64, i64, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let members = load_members(conn, id)?;
        let refs: Vec<Member<'_>> = members
            .iter()
            .map(|(event, report)| Member { event, report })
            .collect();
        let mut docs: Vec<i64> = members.iter().map(|(_, r)| r.doc_key).collect();
        docs.sort_unstable();
        docs.dedup();
        if docs.len() as i64 != reports {
            problems.push(format!(
                "incident {id}: {reports} reports recorded, {} found",
                docs.len()
            ));
        }
        let stored: Event = from_json(&json, "incident")?;
        if merge::rebuild(&refs).as_ref() != Some(&stored) {
            problems.push(format!("incident {id}: record differs from its events"));
        }
    }
    Ok(problems)
}
