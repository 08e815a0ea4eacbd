//! Every endpoint through the router (no port): the answers on a small
//! store of real coded reports, bad parameters as 400 with the parameter's
//! name, unknown things as 404, the write endpoint's token rules, and the
//! page's files (and only them).

use std::path::Path;
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use sitrep_coding::Knowledge;
use sitrep_io::{Format, Item, ReadOptions, read_stream};
use sitrep_model::Document;
use sitrep_serve::{AppState, ServeOptions, router};
use sitrep_store::Store;
use tower::ServiceExt;

fn knowledge() -> &'static Knowledge {
    static K: OnceLock<Knowledge> = OnceLock::new();
    K.get_or_init(|| Knowledge::embedded().expect("dictionaries"))
}

fn demo(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/demo")
        .join(name)
}

/// The seed article and the first 60 Wikipedia descriptions of the demo.
fn documents() -> Vec<Document> {
    let text = std::fs::read_to_string(demo("isis-k-ghor-2018.txt")).unwrap();
    let mut seed = Document::new("data/demo/isis-k-ghor-2018.txt", text);
    seed.published = "2018-03-28".parse().ok();
    let bytes = std::fs::read(demo("wikipedia-afghanistan.jsonl")).unwrap();
    let opts = ReadOptions {
        format: Some(Format::JsonLines),
        ..ReadOptions::default()
    };
    let mut docs = vec![seed];
    docs.extend(
        read_stream("demo", std::io::Cursor::new(bytes), &opts)
            .filter_map(|i| match i {
                Item::Document(d) => Some(d),
                _ => None,
            })
            .take(60),
    );
    docs
}

struct App {
    _dir: tempfile::TempDir,
    state: Arc<AppState>,
}

fn app(token: Option<&str>) -> App {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("api.db");
    let mut store = Store::open(&db).unwrap();
    store
        .ingest_documents(knowledge(), documents().iter(), |_, _| {})
        .unwrap();
    drop(store);
    let state = AppState::open(&ServeOptions {
        db,
        token: token.map(str::to_string),
    })
    .unwrap();
    App { _dir: dir, state }
}

async fn call(app: &App, req: Request<Body>) -> (StatusCode, Vec<u8>, String) {
    let res = router(Arc::clone(&app.state)).oneshot(req).await.unwrap();
    let status = res.status();
    let ctype = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, body, ctype)
}

async fn get(app: &App, uri: &str) -> (StatusCode, Value) {
    let (status, body, ctype) = call(app, Request::get(uri).body(Body::empty()).unwrap()).await;
    assert!(ctype.contains("json"), "{uri}: {ctype}");
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

async fn ok(app: &App, uri: &str) -> Value {
    let (status, v) = get(app, uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {v}");
    v
}

#[tokio::test]
async fn every_endpoint_answers() {
    let app = app(None);
    let summary = ok(&app, "/api/summary").await;
    assert_eq!(summary["documents"], 61);
    let incidents = summary["incidents"].as_u64().unwrap();
    assert!(incidents >= 60, "{summary}");
    assert_eq!(summary["last_date"], "2018-03-28");

    // Pages of incidents, newest first, adding up to the total.
    let page = ok(&app, "/api/incidents?limit=25").await;
    assert_eq!(page["total"].as_u64(), Some(incidents));
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 25);
    let dates: Vec<&str> = items
        .iter()
        .map(|i| i["event_date"].as_str().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    let mut seen = 0;
    for offset in (0..incidents).step_by(25) {
        let p = ok(&app, &format!("/api/incidents?limit=25&offset={offset}")).await;
        seen += p["items"].as_array().unwrap().len() as u64;
    }
    assert_eq!(seen, incidents);

    // Ghor: the seed article's incidents, with evidence marked in the text.
    let ghor = ok(&app, "/api/incidents?admin1=ghor").await;
    let rows = ghor["items"].as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["admin1"] == "Ghor"), "{ghor}");
    let id = rows[0]["incident_id"].as_i64().unwrap();
    let detail = ok(&app, &format!("/api/incidents/{id}")).await;
    assert_eq!(detail["incident"]["incident_id"], id);
    let report = &detail["reports"][0];
    let segments = report["segments"].as_array().unwrap();
    let text: String = segments
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert!(
        text.starts_with("Increasingly Isolated in Afghanistan"),
        "{text:.80}"
    );
    assert!(segments.iter().any(|s| s["evidence"] == true));

    let by_admin1 = ok(&app, "/api/aggregate?by=admin1").await;
    let total: u64 = by_admin1
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["incidents"].as_u64().unwrap())
        .sum();
    assert_eq!(total, incidents);
    let by_week = ok(&app, "/api/aggregate?by=week&country=AF").await;
    let keys: Vec<&str> = by_week
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["key"].as_str().unwrap())
        .collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]));

    let timeline = ok(&app, "/api/timeline?interval=month").await;
    let total: u64 = timeline
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["incidents"].as_u64().unwrap())
        .sum();
    assert_eq!(total, incidents);

    let actors = ok(&app, "/api/actors?limit=5").await;
    assert_eq!(actors.as_array().unwrap().len(), 5);
    let profile = ok(&app, "/api/actors/Islamic%20State%20Khorasan%20Province").await;
    assert_eq!(profile["strength"][0]["low"], 1000);
    assert_eq!(profile["strength"][0]["high"], 2000);
    assert!(
        profile["strength"][0]["source"]["evidence"][0]["text"]
            .as_str()
            .unwrap()
            .contains("1,000")
    );

    let graph = ok(&app, "/api/relations").await;
    let hostile = graph["edges"].as_array().unwrap().iter().find(|e| {
        let pair = [e["source"].as_str().unwrap(), e["target"].as_str().unwrap()];
        pair.contains(&"Taliban") && pair.contains(&"Islamic State Khorasan Province")
    });
    assert_eq!(
        hostile.expect("the seed's rivalry")["relation"],
        "hostile",
        "{graph}"
    );

    let claims = ok(&app, "/api/claims?claim_type=strength").await;
    assert_eq!(claims.as_array().unwrap().len(), 2, "{claims}");
    assert!(
        claims
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["claim_type"] == "strength")
    );

    let shapes = {
        let (s, body, ctype) = call(
            &app,
            Request::get("/api/geo/admin1").body(Body::empty()).unwrap(),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        assert!(ctype.contains("geo+json"));
        serde_json::from_slice::<Value>(&body).unwrap()
    };
    assert_eq!(shapes["features"].as_array().unwrap().len(), 34);

    let spec = ok(&app, "/api/openapi.json").await;
    assert_eq!(spec["openapi"], "3.0.3");
    for path in [
        "/api/incidents",
        "/api/aggregate",
        "/api/relations",
        "/api/actors/{name}",
    ] {
        assert!(spec["paths"].get(path).is_some(), "{path} undocumented");
    }
}

#[tokio::test]
async fn bad_requests_say_what_was_wrong() {
    let app = app(None);
    let cases: &[(&str, StatusCode, &str)] = &[
        (
            "/api/aggregate",
            StatusCode::BAD_REQUEST,
            "\"by\" is required",
        ),
        (
            "/api/aggregate?by=colour",
            StatusCode::BAD_REQUEST,
            "\"by\"",
        ),
        (
            "/api/incidents?since=2018-13-45",
            StatusCode::BAD_REQUEST,
            "\"since\"",
        ),
        (
            "/api/incidents?limit=100000",
            StatusCode::BAD_REQUEST,
            "\"limit\"",
        ),
        (
            "/api/incidents?limit=ten",
            StatusCode::BAD_REQUEST,
            "\"limit\"",
        ),
        (
            "/api/incidents?event_type=Riots%20and%20stuff",
            StatusCode::BAD_REQUEST,
            "event_type",
        ),
        (
            "/api/incidents?colour=red",
            StatusCode::BAD_REQUEST,
            "unknown parameter \"colour\"",
        ),
        (
            "/api/timeline?interval=actor",
            StatusCode::BAD_REQUEST,
            "\"interval\"",
        ),
        (
            "/api/claims?claim_type=rumour",
            StatusCode::BAD_REQUEST,
            "claim_type",
        ),
        (
            "/api/incidents/abc",
            StatusCode::BAD_REQUEST,
            "not a number",
        ),
        ("/api/incidents/-3", StatusCode::BAD_REQUEST, "not a number"),
        (
            "/api/incidents/999999",
            StatusCode::NOT_FOUND,
            "no incident 999999",
        ),
        (
            "/api/actors/Nobody%20At%20All",
            StatusCode::NOT_FOUND,
            "no actor",
        ),
        ("/api/nowhere", StatusCode::NOT_FOUND, "no endpoint"),
        ("/nowhere", StatusCode::NOT_FOUND, "no such page"),
    ];
    for &(uri, status, says) in cases {
        let (got, body) = get(&app, uri).await;
        assert_eq!(got, status, "{uri}: {body}");
        assert_eq!(body["error"]["status"], status.as_u16(), "{uri}");
        let msg = body["error"]["message"].as_str().unwrap();
        assert!(msg.contains(says), "{uri}: {msg}");
    }
}

#[tokio::test]
async fn ingest_needs_the_token() {
    let read_only = app(None);
    let doc = r#"{"id":"new-1","published":"2019-06-01","text":"A roadside bomb killed four soldiers in Nad Ali district of Helmand province on Saturday."}"#;
    let post = |token: Option<&str>| {
        let mut r = Request::post("/api/ingest");
        if let Some(t) = token {
            r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        r.body(Body::from(doc)).unwrap()
    };
    let (s, _, _) = call(&read_only, post(Some("x"))).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    let app = app(Some("s3cret"));
    let before = ok(&app, "/api/summary").await["incidents"]
        .as_u64()
        .unwrap();
    for wrong in [None, Some("s3cre"), Some("s3cret!"), Some("")] {
        let (s, _, _) = call(&app, post(wrong)).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{wrong:?}");
    }
    let (s, body, _) = call(&app, post(Some("s3cret"))).await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["stored"], 1);
    // The cube sees the new incident at once.
    let after = ok(&app, "/api/summary").await["incidents"]
        .as_u64()
        .unwrap();
    assert_eq!(after, before + 1);
    let (s, body, _) = call(&app, post(Some("s3cret"))).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap()["already"],
        1
    );

    // Bodies over the limit are refused before anything is read.
    let big = vec![b'x'; sitrep_serve::MAX_BODY_BYTES + 1];
    let req = Request::post("/api/ingest")
        .header(header::AUTHORIZATION, "Bearer s3cret")
        .body(Body::from(big))
        .unwrap();
    let (s, _, _) = call(&app, req).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn the_page_and_only_its_files_are_served() {
    let app = app(None);
    let (s, body, ctype) = call(&app, Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(ctype.starts_with("text/html"));
    assert!(String::from_utf8_lossy(&body).contains("<html"));
    for uri in [
        "/assets/../Cargo.toml",
        "/assets/%2e%2e/Cargo.toml",
        "/assets//etc/passwd",
        "/assets/",
        "/../../etc/passwd",
    ] {
        let (s, _, _) = call(&app, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{uri}");
    }
}
