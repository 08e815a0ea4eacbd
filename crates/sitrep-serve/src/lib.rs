//! `sitrep serve`: a JSON API over a store and the dashboard that draws it.
//!
//! [`router`] builds the axum [`Router`]; [`serve`] runs it on a listener
//! until Ctrl-C. Tests call the router directly (no port needed).
//!
//! - `api`: the endpoints (`/api/...`), their parameters and JSON shapes,
//!   documented in `openapi.json` (served at `/api/openapi.json`);
//! - `assets`: the page (`/`, `/assets/...`), embedded at build time from
//!   `assets/` by `build.rs`;
//! - [`AppState`]: the store's path, a small pool of read connections, the
//!   [`IncidentCube`] snapshot aggregates are answered from (reloaded when
//!   another connection commits), and the optional write token.
//!
//! What it deliberately does not do: code documents on a read request, keep
//! sessions, or call out to the network. The page works offline.
//!
//! *Invariants*
//! - Read-only unless started with a token: the only write endpoint
//!   (`POST /api/ingest`) answers 403 without one configured, 401 without
//!   the right `Authorization: Bearer` header (compared in constant time).
//! - Every error is JSON `{"error": {"status", "message"}}`; bad parameters
//!   are 400 naming the parameter, never 500.
//! - Bounded: request bodies, page sizes and parameter lengths have limits;
//!   static paths are looked up in a fixed table, so nothing outside the
//!   embedded assets can be served.
//! - Blocking work (SQLite) runs on tokio's blocking pool, never on the
//!   async workers.

mod api;
mod assets;
// Public only so the fuzz targets (`fuzz/`) can drive the query-string
// parser; not part of the supported API.
#[doc(hidden)]
pub mod params;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sitrep_coding::Knowledge;
use sitrep_store::{IncidentCube, Store, StoreError, Summary};

pub use params::ParamError;

/// Read connections open at once (SQLite work is CPU and disk bound: more
/// than a few per core only adds memory).
const CONNECTIONS: usize = 6;

/// How often the store is asked whether another connection wrote to it.
const CHECK_EVERY: Duration = Duration::from_millis(100);

/// Page cache per read connection, in KiB.
const READER_CACHE_KIB: u32 = 16 * 1024;

/// Largest request body accepted (the ingest endpoint's JSON Lines).
pub const MAX_BODY_BYTES: usize = 8 << 20;

/// How the server is configured.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The store to serve (must exist): a SQLite file, or a path that
    /// spells a `postgres://` URL (see `sitrep_store::StoreLocation`).
    pub db: PathBuf,
    /// When set, `POST /api/ingest` accepts requests bearing this token.
    pub token: Option<String>,
}

/// What every request shares. Build it with [`AppState::open`].
pub struct AppState {
    db: PathBuf,
    /// Idle read connections; a request takes one (or opens one) and puts
    /// it back.
    pool: Mutex<Vec<Store>>,
    /// The connection that watches `data_version` and loads the cube, with
    /// the cube and the version it was loaded at.
    cube: Mutex<CubeSlot>,
    token: Option<String>,
    /// The coder's dictionaries, built on the first ingest request.
    knowledge: OnceLock<Arc<Knowledge>>,
    generations: AtomicU64,
    cache: Mutex<ResponseCache>,
    /// Permits for [`AppState::with_store`].
    connections: Arc<tokio::sync::Semaphore>,
    /// The snapshot requests use, and when (ms after `epoch`, 0 = never)
    /// the store was last asked whether it changed.
    current: RwLock<Option<Arc<Snapshot>>>,
    checked_at: AtomicU64,
    epoch: Instant,
}

struct CubeSlot {
    store: Store,
    loaded: Option<(i64, Arc<Snapshot>)>,
    /// How long the last load took: when it was slow, a stale snapshot is
    /// reloaded in the background while requests go on with the old one.
    last_load: Duration,
    reloading: bool,
}

/// Loads slower than this happen in the background (a 700,000-incident
/// store takes seconds); faster ones happen before the request is answered,
/// so small stores are always current.
const BACKGROUND_RELOAD_AFTER: Duration = Duration::from_millis(300);

/// Responses computed from one snapshot, by request URI: the dashboard
/// asks the same few questions again and again, and a million-row scan per
/// question would not survive many users.
#[derive(Default)]
pub(crate) struct ResponseCache {
    generation: u64,
    entries: HashMap<String, Bytes>,
    bytes: usize,
}

/// At most this many bytes of cached responses (then the cache starts
/// again empty).
const CACHE_BYTES: usize = 64 << 20;

/// What the store looked like at one `data_version`: the incidents'
/// facets and the store's counts (counting a million rows per request
/// would cost more than the aggregates themselves).
pub(crate) struct Snapshot {
    pub cube: IncidentCube,
    pub counts: Summary,
    /// Which load this is (responses are cached per generation).
    pub generation: u64,
}

impl Snapshot {
    fn load(store: &Store, generation: u64) -> Result<Snapshot, StoreError> {
        Ok(Snapshot {
            cube: store.load_cube()?,
            counts: store.summary()?,
            generation,
        })
    }
}

impl std::ops::Deref for Snapshot {
    type Target = IncidentCube;

    fn deref(&self) -> &IncidentCube {
        &self.cube
    }
}

/// An error answered as JSON.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("store: {e}"))
    }
}

impl From<ParamError> for ApiError {
    fn from(e: ParamError) -> ApiError {
        ApiError::bad_request(e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "error": { "status": self.status.as_u16(), "message": self.message }
        });
        (self.status, axum::Json(body)).into_response()
    }
}

impl AppState {
    /// Opens the store at `options.db` (it must exist) and loads nothing
    /// else yet: the cube is loaded by the first request that needs it.
    pub fn open(options: &ServeOptions) -> Result<Arc<AppState>, StoreError> {
        let store = Store::open_existing(&options.db)?;
        store.set_cache_kib(READER_CACHE_KIB)?;
        Ok(Arc::new(AppState {
            db: options.db.clone(),
            pool: Mutex::new(Vec::new()),
            cube: Mutex::new(CubeSlot {
                store,
                loaded: None,
                last_load: Duration::ZERO,
                reloading: false,
            }),
            token: options.token.clone().filter(|t| !t.is_empty()),
            knowledge: OnceLock::new(),
            generations: AtomicU64::new(0),
            cache: Mutex::new(ResponseCache::default()),
            connections: Arc::new(tokio::sync::Semaphore::new(CONNECTIONS)),
            current: RwLock::new(None),
            checked_at: AtomicU64::new(0),
            epoch: Instant::now(),
        }))
    }

    pub fn db(&self) -> &Path {
        &self.db
    }

    /// Runs `f` with a read connection on the blocking pool. At most
    /// [`CONNECTIONS`] run at once; other requests wait their turn here
    /// (holding nothing) rather than opening connections without bound.
    async fn with_store<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
    {
        let permit = Arc::clone(&self.connections)
            .acquire_owned()
            .await
            .map_err(|_| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "shutting down"))?;
        let state = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let taken = state.pool.lock().ok().and_then(|mut p| p.pop());
            let mut store = match taken {
                Some(s) => s,
                None => {
                    let s = Store::open_existing(&state.db)?;
                    s.set_cache_kib(READER_CACHE_KIB)?;
                    s
                }
            };
            let out = f(&mut store);
            if let Ok(mut p) = state.pool.lock() {
                p.push(store);
            }
            out
        })
        .await
        .map_err(|e| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("request failed: {e}"),
            )
        })?
    }

    /// The current snapshot: the loaded one while nothing was committed
    /// since; else a fresh one, loaded now when loads are fast, or in the
    /// background (answering from the old one meanwhile) when they are
    /// slow.
    ///
    /// The store is asked whether it changed at most every
    /// [`CHECK_EVERY`]; between checks, requests take the current snapshot
    /// without touching SQLite or the blocking pool.
    pub(crate) async fn cube(self: &Arc<Self>) -> Result<Arc<Snapshot>, ApiError> {
        if let Some(current) = self.fresh_snapshot() {
            return Ok(current);
        }
        let state = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let mut slot = state.cube.lock().map_err(|_| {
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "cube lock poisoned")
            })?;
            // Another request may have checked while this one waited.
            if let Some(current) = state.fresh_snapshot() {
                return Ok(current);
            }
            let version = slot.store.data_version()?;
            state.checked_at.store(
                state.epoch.elapsed().as_millis() as u64 + 1,
                Ordering::Relaxed,
            );
            if let Some((v, snapshot)) = &slot.loaded {
                if *v == version {
                    return Ok(Arc::clone(snapshot));
                }
                if slot.last_load > BACKGROUND_RELOAD_AFTER {
                    let stale = Arc::clone(snapshot);
                    if !slot.reloading {
                        slot.reloading = true;
                        let st = Arc::clone(&state);
                        std::thread::spawn(move || st.reload(version));
                    }
                    return Ok(stale);
                }
            }
            let started = Instant::now();
            let generation = state.generations.fetch_add(1, Ordering::Relaxed) + 1;
            let snapshot = Arc::new(Snapshot::load(&slot.store, generation)?);
            slot.last_load = started.elapsed();
            slot.loaded = Some((version, Arc::clone(&snapshot)));
            state.set_current(&snapshot);
            Ok(snapshot)
        })
        .await
        .map_err(|e| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("request failed: {e}"),
            )
        })?
    }

    /// The current snapshot if the store was checked for changes less
    /// than [`CHECK_EVERY`] ago.
    fn fresh_snapshot(&self) -> Option<Arc<Snapshot>> {
        let checked = self.checked_at.load(Ordering::Relaxed);
        let now = self.epoch.elapsed().as_millis() as u64;
        if checked == 0 || now.saturating_sub(checked) >= CHECK_EVERY.as_millis() as u64 {
            return None;
        }
        self.current.read().ok().and_then(|c| c.clone())
    }

    fn set_current(&self, snapshot: &Arc<Snapshot>) {
        if let Ok(mut c) = self.current.write() {
            *c = Some(Arc::clone(snapshot));
        }
    }

    /// Makes the next request ask the store whether it changed (after this
    /// server wrote to it).
    pub(crate) fn recheck(&self) {
        self.checked_at.store(0, Ordering::Relaxed);
    }

    /// Loads a snapshot on a connection of its own and installs it as the
    /// one for `version` (read on the watching connection before the load
    /// began, so the data is at least that new).
    fn reload(self: Arc<Self>, version: i64) {
        let started = Instant::now();
        let generation = self.generations.fetch_add(1, Ordering::Relaxed) + 1;
        let loaded = Store::open_existing(&self.db).and_then(|s| {
            s.set_cache_kib(READER_CACHE_KIB)?;
            Snapshot::load(&s, generation)
        });
        let Ok(mut slot) = self.cube.lock() else {
            return;
        };
        slot.reloading = false;
        match loaded {
            Ok(snapshot) => {
                let snapshot = Arc::new(snapshot);
                slot.last_load = started.elapsed();
                slot.loaded = Some((version, Arc::clone(&snapshot)));
                self.set_current(&snapshot);
            }
            // The old snapshot stays; the next request tries again.
            Err(e) => eprintln!("sitrep: reloading the store's incidents failed: {e}"),
        }
    }

    /// A cached response body for `key` computed from snapshot
    /// `generation`.
    pub(crate) fn cached(&self, generation: u64, key: &str) -> Option<Bytes> {
        let cache = self.cache.lock().ok()?;
        if cache.generation != generation {
            return None;
        }
        cache.entries.get(key).cloned()
    }

    pub(crate) fn remember(&self, generation: u64, key: String, body: Bytes) {
        let Ok(mut cache) = self.cache.lock() else {
            return;
        };
        if cache.generation != generation {
            if generation < cache.generation {
                return;
            }
            *cache = ResponseCache {
                generation,
                ..ResponseCache::default()
            };
        }
        if cache.bytes + body.len() > CACHE_BYTES {
            cache.entries.clear();
            cache.bytes = 0;
        }
        cache.bytes += body.len();
        cache.entries.insert(key, body);
    }
}

/// The whole application: the API under `/api`, the page at `/` and its
/// files under `/assets/`.
pub fn router(state: Arc<AppState>) -> Router {
    api::routes(&state)
        .merge(assets::routes())
        .fallback(|| async { ApiError::not_found("no such page") })
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// Serves `state` on `listener` until Ctrl-C (or SIGTERM).
pub async fn serve(listener: tokio::net::TcpListener, state: Arc<AppState>) -> std::io::Result<()> {
    // Load the snapshot before the first visitor has to wait for it.
    state
        .cube()
        .await
        .map_err(|e| std::io::Error::other(e.message))?;
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown())
        .await
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// Whether `addr` is a loopback address (the default; anything else is
/// reachable from the network and the caller should say so).
pub fn is_loopback(addr: &SocketAddr) -> bool {
    addr.ip().is_loopback()
}
