//! `sitrep serve`: the HTTP API and dashboard over a store (see the
//! `sitrep-serve` crate). Binds to loopback by default; a non-loopback
//! address is allowed but announced, and writes need `--token`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use sitrep_serve::{AppState, ServeOptions};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub db: crate::store_cmds::DbArg,
    /// Address to listen on (loopback by default; 0.0.0.0 exposes the store to the network).
    #[arg(long, default_value = "127.0.0.1:8642")]
    pub addr: SocketAddr,
    /// Enable POST /api/ingest for requests bearing this token (Authorization: Bearer TOKEN); also read from SITREP_TOKEN.
    #[arg(long, env = "SITREP_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    serve(&args.db.db, args.addr, args.token, false)
}

/// Serves the store at `db` on `addr` until Ctrl-C. With `next_free`, a
/// port in use moves on to the next of the following ten (the demo should
/// not fail because another copy of it is running).
pub fn serve(
    db: &Path,
    addr: SocketAddr,
    token: Option<String>,
    next_free: bool,
) -> Result<ExitCode> {
    let options = ServeOptions {
        db: PathBuf::from(db),
        token,
    };
    let state = AppState::open(&options).with_context(|| {
        format!(
            "cannot open the store {} (create it with `sitrep ingest --db {} INPUT...`)",
            crate::store_cmds::shown(db),
            crate::store_cmds::shown(db)
        )
    })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the server's runtime")?;
    runtime.block_on(async move {
        let tries = if next_free { 10 } else { 1 };
        let mut bound = None;
        let mut last_error = None;
        for i in 0..tries {
            let mut candidate = addr;
            candidate.set_port(addr.port().saturating_add(i));
            match tokio::net::TcpListener::bind(candidate).await {
                Ok(l) => {
                    bound = Some(l);
                    break;
                }
                Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && addr.port() != 0 => {
                    last_error = Some(e)
                }
                Err(e) => {
                    last_error = Some(e);
                    break;
                }
            }
        }
        let Some(listener) = bound else {
            let e = last_error.unwrap_or_else(|| std::io::Error::other("no address"));
            return Err(anyhow::Error::new(e).context(format!("cannot listen on {addr}")));
        };
        let local = listener.local_addr().unwrap_or(addr);
        if !sitrep_serve::is_loopback(&local) {
            eprintln!(
                "sitrep: warning: listening on {local}, which other machines can reach; the store is readable by anyone who can connect"
            );
        }
        if options.token.is_some() {
            eprintln!("sitrep: POST /api/ingest is enabled for requests bearing the token");
        }
        eprintln!(
            "sitrep: serving {} at http://{local}/ (API: http://{local}/api/openapi.json); Ctrl-C stops",
            crate::store_cmds::shown(db)
        );
        sitrep_serve::serve(listener, state)
            .await
            .context("the server stopped")
    })?;
    Ok(ExitCode::SUCCESS)
}
