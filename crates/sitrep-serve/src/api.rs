//! The JSON endpoints. Shapes are documented in `openapi.json`; the
//! incident records are the `sitrep extract` contract's event records plus
//! `incident_id` and `reports`, so tools that read `extract` output read
//! these too.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;
use serde_json::{Value, json};
use sitrep_io::{Format, Item, ReadOptions, read_stream};
use sitrep_model::{ClaimBody, ClaimType, Date, Span};
use sitrep_store::{ClaimFilter, ClaimSource, EvidenceText, GroupBy, IncidentJson};

use crate::params::{FILTER_PARAMS, MAX_LIMIT, MAX_OFFSET, Params};
use crate::{ApiError, AppState};

type Shared = State<Arc<AppState>>;
type ApiResult = Result<Response, ApiError>;

const OPENAPI: &str = include_str!("openapi.json");
const ADMIN1_GEOJSON: &str = include_str!("../../../data/geo/admin1.geojson");

/// Largest network the relations endpoint returns (most active first).
const MAX_NODES: usize = 60;

pub fn routes(state: &Arc<AppState>) -> Router<Arc<AppState>> {
    // Answers computed from the snapshot are cached per snapshot.
    let cached = Router::new()
        .route("/api/summary", get(summary))
        .route("/api/incidents", get(incidents))
        .route("/api/aggregate", get(aggregate))
        .route("/api/timeline", get(timeline))
        .route("/api/actors", get(actors))
        .route("/api/relations", get(relations))
        .route_layer(middleware::from_fn_with_state(
            Arc::clone(state),
            cache_layer,
        ));
    Router::new()
        .route("/api/openapi.json", get(openapi))
        .route("/api/incidents/{id}", get(incident))
        .route("/api/actors/{name}", get(actor))
        .route("/api/claims", get(claims))
        .route("/api/geo/admin1", get(admin1_shapes))
        .route("/api/ingest", post(ingest))
        .route("/api/{*rest}", get(unknown_endpoint))
        .merge(cached)
}

/// Largest response body the cache keeps.
const MAX_CACHED_BODY: usize = 16 << 20;

/// Serves a request from the response cache of the current snapshot, or
/// runs it and keeps a successful answer.
async fn cache_layer(State(state): Shared, req: Request<Body>, next: Next) -> Response {
    let key = req.uri().to_string();
    let Ok(snapshot) = state.cube().await else {
        return next.run(req).await;
    };
    let generation = snapshot.generation;
    drop(snapshot);
    if let Some(body) = state.cached(generation, &key) {
        return ([(header::CONTENT_TYPE, "application/json")], body).into_response();
    }
    let res = next.run(req).await;
    if res.status() != StatusCode::OK {
        return res;
    }
    let (parts, body) = res.into_parts();
    match axum::body::to_bytes(body, MAX_CACHED_BODY).await {
        Ok(bytes) => {
            state.remember(generation, key, bytes.clone());
            Response::from_parts(parts, Body::from(bytes))
        }
        Err(e) => ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("response too large: {e}"),
        )
        .into_response(),
    }
}

fn json_ok(v: impl Serialize) -> ApiResult {
    Ok(axum::Json(v).into_response())
}

/// The names an endpoint takes: the filter plus `extra`.
fn names(extra: &[&'static str]) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = FILTER_PARAMS.to_vec();
    v.extend_from_slice(extra);
    v
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn admin1_shapes() -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/geo+json"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        ADMIN1_GEOJSON,
    )
        .into_response()
}

async fn unknown_endpoint(Path(rest): Path<String>) -> ApiError {
    ApiError::not_found(format!("no endpoint /api/{rest} (see /api/openapi.json)"))
}

fn date_str(d: Option<Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

async fn summary(State(state): Shared, RawQuery(q): RawQuery) -> ApiResult {
    let filter = Params::parse(q.as_deref(), &names(&[]))?.filter()?;
    let cube = state.cube().await?;
    let counts = cube.counts;
    let t = cube.totals(&filter);
    json_ok(json!({
        "documents": counts.documents,
        "near_duplicates": counts.near_duplicates,
        "events": counts.events,
        "incidents": t.incidents,
        "merged_incidents": counts.merged_incidents,
        "claims": counts.claims,
        "fatalities": t.fatalities,
        "first_date": date_str(t.first_date),
        "last_date": date_str(t.last_date),
    }))
}

async fn incidents(State(state): Shared, RawQuery(q): RawQuery) -> ApiResult {
    let p = Params::parse(q.as_deref(), &names(&["limit", "offset"]))?;
    let mut filter = p.filter()?;
    let limit = p.number("limit", MAX_LIMIT)?.unwrap_or(50);
    let offset = p.number("offset", MAX_OFFSET)?.unwrap_or(0);
    filter.limit = Some(limit);
    filter.offset = offset;
    let cube = state.cube().await?;
    let total = cube.totals(&filter).incidents;
    // The snapshot knows when a page is empty: no SQL for it (a filter
    // that matches nothing would otherwise scan the table by date).
    let rows = if offset >= total {
        Vec::new()
    } else {
        state
            .with_store(move |s| Ok(s.incident_rows_newest(&filter)?))
            .await?
    };
    let items: Vec<IncidentJson> = rows.iter().map(IncidentJson::from).collect();
    json_ok(json!({
        "total": total,
        "limit": limit,
        "offset": offset,
        "items": items,
    }))
}

/// A report's text cut into runs, the evidence runs flagged, so a page can
/// highlight them without byte arithmetic (byte offsets are not JavaScript
/// string offsets).
#[derive(Debug, Serialize, PartialEq)]
pub(crate) struct Segment {
    text: String,
    evidence: bool,
}

pub(crate) fn segments(text: &str, spans: &[Span]) -> Vec<Segment> {
    let mut spans: Vec<(usize, usize)> = spans
        .iter()
        .map(|s| (s.start.min(text.len()), s.end.min(text.len())))
        .filter(|(a, b)| a < b)
        .collect();
    spans.sort_unstable();
    // Merge overlapping or touching spans.
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in spans {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let boundary = |mut i: usize| {
        while i < text.len() && !text.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    let mut out = Vec::new();
    let mut at = 0;
    for (a, b) in merged {
        let (a, b) = (boundary(a).max(at), boundary(b));
        if a >= b {
            continue;
        }
        if a > at {
            out.push(Segment {
                text: text[at..a].to_string(),
                evidence: false,
            });
        }
        out.push(Segment {
            text: text[a..b].to_string(),
            evidence: true,
        });
        at = b;
    }
    if at < text.len() {
        out.push(Segment {
            text: text[at..].to_string(),
            evidence: false,
        });
    }
    out
}

async fn incident(
    State(state): Shared,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult {
    Params::parse(q.as_deref(), &[])?;
    let id: i64 = id
        .parse()
        .ok()
        .filter(|&n: &i64| n > 0)
        .ok_or_else(|| ApiError::bad_request(format!("incident id {id:?} is not a number")))?;
    let found = state
        .with_store(move |s| Ok((s.incident_row(id)?, s.incident(id)?)))
        .await?;
    let (Some(row), Some(detail)) = found else {
        return Err(ApiError::not_found(format!("no incident {id}")));
    };
    let history: Vec<Value> = detail
        .incident
        .fatality_history
        .iter()
        .map(|f| {
            json!({
                "doc_id": f.doc_id,
                "source": f.source,
                "published": date_str(f.published),
                "fatalities": f.fatalities,
            })
        })
        .collect();
    let reports: Vec<Value> = detail
        .reports
        .iter()
        .map(|r| {
            json!({
                "doc_id": r.document.id,
                "title": r.document.title,
                "source": r.document.source,
                "url": r.document.url,
                "published": date_str(r.document.published),
                "fatalities": r.event.fatalities,
                "sub_event_type": r.event.sub_event_type.as_str(),
                "segments": segments(&r.document.text, &r.event.evidence),
            })
        })
        .collect();
    let near: Vec<Value> = detail
        .near_duplicates
        .iter()
        .map(|n| json!({"doc_id": n.doc_id, "of": n.of}))
        .collect();
    json_ok(json!({
        "incident": IncidentJson::from(&row),
        "fatality_history": history,
        "reports": reports,
        "near_duplicates": near,
    }))
}

async fn aggregate(State(state): Shared, RawQuery(q): RawQuery) -> ApiResult {
    let p = Params::parse(q.as_deref(), &names(&["by"]))?;
    let filter = p.filter()?;
    let by = p
        .group_by("by", false)?
        .ok_or_else(|| ApiError::bad_request("parameter \"by\" is required"))?;
    let cube = state.cube().await?;
    let buckets: Vec<Value> = cube
        .aggregate(&filter, by)
        .into_iter()
        .map(|b| json!({"key": b.key, "incidents": b.incidents, "fatalities": b.fatalities}))
        .collect();
    json_ok(buckets)
}

async fn timeline(State(state): Shared, RawQuery(q): RawQuery) -> ApiResult {
    let p = Params::parse(q.as_deref(), &names(&["interval"]))?;
    let filter = p.filter()?;
    let by = p.group_by("interval", true)?.unwrap_or(GroupBy::Week);
    let cube = state.cube().await?;
    let rows: Vec<Value> = cube
        .timeline(&filter, by)
        .into_iter()
        .map(|b| {
            json!({
                "period": b.period,
                "event_type": b.event_type.as_str(),
                "incidents": b.incidents,
                "fatalities": b.fatalities,
            })
        })
        .collect();
    json_ok(rows)
}

async fn actors(State(state): Shared, RawQuery(q): RawQuery) -> ApiResult {
    let p = Params::parse(q.as_deref(), &names(&["limit"]))?;
    let filter = p.filter()?;
    let limit = p.number("limit", 100_000)?;
    let cube = state.cube().await?;
    let rows: Vec<Value> = cube
        .actors(&filter)
        .into_iter()
        .take(limit.map_or(usize::MAX, |l| l as usize))
        .map(|a| {
            json!({
                "name": a.name,
                "inter": a.inter.map(|i| i.code()),
                "incidents": a.as_actor1 + a.as_actor2,
                "as_actor1": a.as_actor1,
                "as_actor2": a.as_actor2,
                "fatalities": a.fatalities,
            })
        })
        .collect();
    json_ok(rows)
}

fn evidence_json(e: &[EvidenceText]) -> Vec<Value> {
    e.iter()
        .map(|e| json!({"start": e.span.start, "end": e.span.end, "text": e.text}))
        .collect()
}

fn source_json(s: &ClaimSource) -> Value {
    json!({
        "doc_id": s.doc_id,
        "source": s.source,
        "published": date_str(s.published),
        "hedged": s.hedged,
        "evidence": evidence_json(&s.evidence),
    })
}

async fn actor(State(state): Shared, Path(name): Path<String>, RawQuery(q): RawQuery) -> ApiResult {
    Params::parse(q.as_deref(), &[])?;
    if name.len() > crate::params::MAX_PARAM_LEN {
        return Err(ApiError::bad_request("actor name too long"));
    }
    let lookup = name.clone();
    let profile = state
        .with_store(move |s| Ok(s.actor_profile(&lookup)?))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no actor named {name:?}")))?;
    let counts = |v: &[sitrep_store::RoleCounts]| -> Vec<Value> {
        v.iter()
            .map(|c| {
                json!({"key": c.key, "as_actor1": c.as_actor1, "as_actor2": c.as_actor2, "fatalities": c.fatalities})
            })
            .collect()
    };
    json_ok(json!({
        "name": profile.name,
        "inter": profile.inter.map(|i| i.code()),
        "by_month": counts(&profile.by_month),
        "by_admin1": counts(&profile.by_admin1),
        "strength": profile.strength.iter().map(|s| json!({
            "low": s.low, "high": s.high, "as_of": date_str(s.as_of), "source": source_json(&s.from),
        })).collect::<Vec<_>>(),
        "relations": profile.relations.iter().map(|r| json!({
            "other": r.other, "relation": r.relation.as_str(), "actor_is_first": r.actor_is_first,
            "source": source_json(&r.from),
        })).collect::<Vec<_>>(),
        "territory": profile.territory.iter().map(|t| json!({
            "admin1": t.admin1, "territory": t.territory, "as_of": date_str(t.as_of),
            "source": source_json(&t.from),
        })).collect::<Vec<_>>(),
    }))
}

/// One edge of the network, keyed by the unordered pair of actors.
#[derive(Default)]
struct Edge {
    source: String,
    target: String,
    incidents: u64,
    fatalities: u64,
    /// Claimed relations, in ingest order.
    claims: Vec<Value>,
    votes: BTreeMap<&'static str, usize>,
}

async fn relations(State(state): Shared, RawQuery(q): RawQuery) -> ApiResult {
    let p = Params::parse(q.as_deref(), &names(&["limit"]))?;
    let filter = p.filter()?;
    let max_nodes = p.number("limit", 500)?.map_or(MAX_NODES, |n| n as usize);
    let cube = state.cube().await?;
    let claims = state
        .with_store(|s| {
            Ok(s.claims(&ClaimFilter {
                claim_type: Some(ClaimType::Relation),
                ..ClaimFilter::default()
            })?)
        })
        .await?;
    let actors = cube.actors(&filter);
    let mut edges: BTreeMap<(String, String), Edge> = BTreeMap::new();
    let key = |a: &str, b: &str| {
        if a <= b {
            (a.to_string(), b.to_string())
        } else {
            (b.to_string(), a.to_string())
        }
    };
    for pair in cube.pairs(&filter) {
        if pair.actor1 == pair.actor2 {
            continue;
        }
        let e = edges.entry(key(&pair.actor1, &pair.actor2)).or_default();
        if e.source.is_empty() {
            e.source = pair.actor1.clone();
            e.target = pair.actor2.clone();
        }
        e.incidents += pair.incidents;
        e.fatalities += pair.fatalities;
    }
    let in_window = |d: Option<Date>| {
        d.is_none_or(|d| filter.since.is_none_or(|s| d >= s) && filter.until.is_none_or(|u| d <= u))
    };
    let names_filter = |a: &str| {
        filter
            .actor
            .as_deref()
            .is_none_or(|f| f.trim().eq_ignore_ascii_case(a))
    };
    for (claim, from) in &claims {
        let ClaimBody::Relation {
            actor1,
            actor2,
            relation,
        } = &claim.body
        else {
            continue;
        };
        if !in_window(from.published)
            || !(names_filter(&actor1.name) || names_filter(&actor2.name))
            || actor1.name == actor2.name
        {
            continue;
        }
        let e = edges.entry(key(&actor1.name, &actor2.name)).or_default();
        if e.source.is_empty() || e.claims.is_empty() {
            e.source = actor1.name.clone();
            e.target = actor2.name.clone();
        }
        *e.votes.entry(relation.as_str()).or_default() += 1;
        e.claims.push(json!({
            "relation": relation.as_str(),
            "doc_id": from.doc_id,
            "hedged": from.hedged,
            "text": from.evidence.first().map(|e| e.text.as_str()).unwrap_or(""),
        }));
    }
    // The most active actors, plus every actor a claimed relation names.
    let mut keep: Vec<Value> = Vec::new();
    let mut kept: std::collections::HashSet<String> = std::collections::HashSet::new();
    let claimed: std::collections::HashSet<&str> = edges
        .values()
        .filter(|e| !e.claims.is_empty())
        .flat_map(|e| [e.source.as_str(), e.target.as_str()])
        .collect();
    for (i, a) in actors.iter().enumerate() {
        if i < max_nodes || claimed.contains(a.name.as_str()) {
            kept.insert(a.name.clone());
            keep.push(json!({
                "name": a.name,
                "inter": a.inter.map(|i| i.code()),
                "incidents": a.as_actor1 + a.as_actor2,
                "fatalities": a.fatalities,
            }));
        }
    }
    for name in claimed {
        if kept.insert(name.to_string()) {
            keep.push(json!({"name": name, "inter": null, "incidents": 0, "fatalities": 0}));
        }
    }
    let edges: Vec<Value> = edges
        .into_values()
        .filter(|e| kept.contains(&e.source) && kept.contains(&e.target))
        .map(|e| {
            // The relation most claims state; ties go to the first stated.
            let relation = e.votes.iter().max_by_key(|(_, n)| **n).map(|(r, _)| *r);
            json!({
                "source": e.source,
                "target": e.target,
                "incidents": e.incidents,
                "fatalities": e.fatalities,
                "relation": relation,
                "claims": e.claims,
            })
        })
        .collect();
    json_ok(json!({"nodes": keep, "edges": edges}))
}

async fn claims(State(state): Shared, RawQuery(q): RawQuery) -> ApiResult {
    let p = Params::parse(q.as_deref(), &["actor", "claim_type", "limit"])?;
    let filter = ClaimFilter {
        actor: p.text("actor").map(str::to_string),
        claim_type: p.claim_type()?,
        limit: Some(p.number("limit", 10_000)?.unwrap_or(1000)),
    };
    let rows = state.with_store(move |s| Ok(s.claims(&filter)?)).await?;
    let out: Vec<Value> = rows
        .iter()
        .map(|(c, from)| {
            let mut doc = sitrep_model::Document::new(from.doc_id.clone(), "");
            doc.published = from.published;
            let record = sitrep_io::output::ClaimRecord::new(&doc, c);
            let mut v = serde_json::to_value(&record).unwrap_or(Value::Null);
            if let Value::Object(m) = &mut v {
                m.insert(
                    "evidence".into(),
                    Value::Array(evidence_json(&from.evidence)),
                );
                m.insert("source".into(), source_json(from));
            }
            v
        })
        .collect();
    json_ok(out)
}

/// Constant-time comparison, so the time a wrong token takes to refuse
/// says nothing about how much of it was right.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for (i, &x) in a.iter().enumerate() {
        let y = b.get(i % b.len().max(1)).copied().unwrap_or(0);
        diff |= usize::from(x ^ y);
    }
    diff == 0
}

async fn ingest(
    State(state): Shared,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> ApiResult {
    let Some(token) = state.token.clone() else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "this server is read-only (start it with --token to accept ingests)",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !same_secret(given.as_bytes(), token.as_bytes()) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "missing or wrong token (send Authorization: Bearer TOKEN)",
        ));
    }
    Params::parse(q.as_deref(), &[])?;
    let state2 = Arc::clone(&state);
    let out = state
        .with_store(move |store| {
            let knowledge = match state2.knowledge.get() {
                Some(k) => Arc::clone(k),
                None => {
                    let k = Arc::new(sitrep_coding::Knowledge::embedded().map_err(|e| {
                        ApiError::new(
                            StatusCode::INTERNAL_SERVER_ERROR,
                            format!("dictionaries: {e}"),
                        )
                    })?);
                    Arc::clone(state2.knowledge.get_or_init(|| k))
                }
            };
            let opts = ReadOptions {
                format: Some(Format::JsonLines),
                ..ReadOptions::default()
            };
            let mut docs = Vec::new();
            let mut problems = Vec::new();
            for item in read_stream("request body", std::io::Cursor::new(body), &opts) {
                match item {
                    Item::Document(d) => docs.push(d),
                    Item::Problem(p) => problems.push(p.to_string()),
                    Item::Warning(_) => {}
                }
            }
            if docs.is_empty() && !problems.is_empty() {
                return Err(ApiError::bad_request(problems.join("; ")));
            }
            let tally = store.ingest_documents(&knowledge, docs.iter(), |_, _| {})?;
            state2.recheck();
            Ok(json!({
                "documents": tally.documents,
                "already": tally.already_stored,
                "near_duplicates": tally.near_duplicates,
                "stored": tally.stored,
                "events": tally.events,
                "new_incidents": tally.new_incidents,
                "merged": tally.merged,
                "problems": problems,
            }))
        })
        .await?;
    json_ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_cover_the_text_and_flag_evidence() {
        let text = "Alpha beta. Gamma – delta. Epsilon.";
        type Case<'a> = (&'a [(usize, usize)], &'a [(&'a str, bool)]);
        let cases: &[Case] = &[
            (&[], &[("Alpha beta. Gamma – delta. Epsilon.", false)]),
            (
                &[(12, 28)],
                &[
                    ("Alpha beta. ", false),
                    ("Gamma – delta.", true),
                    (" Epsilon.", false),
                ],
            ),
            // Overlapping and out-of-order spans merge; a span past the end
            // is clipped; one inside a multi-byte character moves to the
            // next boundary.
            (
                &[(20, 28), (12, 22), (30, 999)],
                &[
                    ("Alpha beta. ", false),
                    ("Gamma – delta.", true),
                    (" E", false),
                    ("psilon.", true),
                ],
            ),
            (
                &[(19, 20)],
                &[("Alpha beta. Gamma –", false), (" delta. Epsilon.", false)],
            ),
        ];
        for (spans, want) in cases {
            let spans: Vec<Span> = spans.iter().map(|&(s, e)| Span::new(s, e)).collect();
            let got = segments(text, &spans);
            let joined: String = got.iter().map(|s| s.text.as_str()).collect();
            assert_eq!(joined, text, "{spans:?}");
            let got: Vec<(&str, bool)> =
                got.iter().map(|s| (s.text.as_str(), s.evidence)).collect();
            let want: Vec<(&str, bool)> = want.to_vec();
            if *spans == [Span::new(19, 20)] {
                // The span falls inside "–" (bytes 18..21): nothing left
                // to flag once moved to a boundary.
                assert!(got.iter().all(|(_, e)| !e), "{got:?}");
            } else {
                assert_eq!(got, want, "{spans:?}");
            }
        }
    }

    #[test]
    fn secrets_compare_whole() {
        let cases = [
            ("token", "token", true),
            ("token", "tokem", false),
            ("token", "toke", false),
            ("", "token", false),
            ("tokentoken", "token", false),
        ];
        for (a, b, same) in cases {
            assert_eq!(same_secret(a.as_bytes(), b.as_bytes()), same, "{a} {b}");
        }
    }
}
