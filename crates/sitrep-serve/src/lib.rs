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

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sitrep_coding::Knowledge;
use sitrep_store::{IncidentCube, Store, StoreError};

pub use params::ParamError;

/// Largest request body accepted (the ingest endpoint's JSON Lines).
pub const MAX_BODY_BYTES: usize = 8 << 20;

/// How the server is configured.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The store to serve (must exist).
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
}

struct CubeSlot {
    store: Store,
    loaded: Option<(i64, Arc<IncidentCube>)>,
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
        Ok(Arc::new(AppState {
            db: options.db.clone(),
            pool: Mutex::new(Vec::new()),
            cube: Mutex::new(CubeSlot {
                store,
                loaded: None,
            }),
            token: options.token.clone().filter(|t| !t.is_empty()),
            knowledge: OnceLock::new(),
        }))
    }

    pub fn db(&self) -> &Path {
        &self.db
    }

    /// Runs `f` with a read connection on the blocking pool.
    async fn with_store<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
    {
        let state = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let taken = state.pool.lock().ok().and_then(|mut p| p.pop());
            let mut store = match taken {
                Some(s) => s,
                None => Store::open_existing(&state.db)?,
            };
            let out = f(&mut store);
            if let Ok(mut p) = state.pool.lock()
                && p.len() < 8
            {
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

    /// The current cube: the loaded one while nothing was committed since,
    /// else a fresh one.
    async fn cube(self: &Arc<Self>) -> Result<Arc<IncidentCube>, ApiError> {
        let state = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let mut slot = state.cube.lock().map_err(|_| {
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "cube lock poisoned")
            })?;
            let version = slot.store.data_version()?;
            if let Some((v, cube)) = &slot.loaded
                && *v == version
            {
                return Ok(Arc::clone(cube));
            }
            let cube = Arc::new(slot.store.load_cube()?);
            slot.loaded = Some((version, Arc::clone(&cube)));
            Ok(cube)
        })
        .await
        .map_err(|e| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("request failed: {e}"),
            )
        })?
    }
}

/// The whole application: the API under `/api`, the page at `/` and its
/// files under `/assets/`.
pub fn router(state: Arc<AppState>) -> Router {
    api::routes()
        .merge(assets::routes())
        .fallback(|| async { ApiError::not_found("no such page") })
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// Serves `state` on `listener` until Ctrl-C (or SIGTERM).
pub async fn serve(listener: tokio::net::TcpListener, state: Arc<AppState>) -> std::io::Result<()> {
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
