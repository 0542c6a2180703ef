//! `bayegan serve`: the archive over HTTP — a JSON API (search, articles, fix, parse, ingest,
//! health, metrics) and the right-to-left web page, from one binary.
//!
//! Read endpoints are open; `POST /api/ingest` needs `Authorization: Bearer <token>` and is off
//! when no token is configured. Every error is `{"error": {"code", "message"}}` with its status;
//! request bodies are bounded; requests time out; on SIGTERM or Ctrl-C the server stops taking
//! connections and finishes the requests in flight (an ingest commits before it answers, so the
//! archive is never left half-written).
#![deny(missing_docs)]

mod api;
mod metrics;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// How a server is set up.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// The archive's directory (created when missing).
    pub archive: PathBuf,
    /// Where to listen.
    pub addr: SocketAddr,
    /// The bearer token of the write endpoints; None turns them off.
    pub token: Option<String>,
    /// Largest request body accepted, in bytes.
    pub max_body: usize,
    /// Longest a request may take.
    pub timeout: Duration,
    /// Where the Vazirmatn font files are (served under `/fonts/`), when installed.
    pub fonts: Option<PathBuf>,
}

impl ServerConfig {
    /// Defaults for an archive: 127.0.0.1:8080, no token, 4 MiB bodies, 30 s per request.
    pub fn new(archive: PathBuf) -> Self {
        ServerConfig {
            archive,
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            token: None,
            max_body: 4 << 20,
            timeout: Duration::from_secs(30),
            fonts: None,
        }
    }
}

/// Binds the address and serves until `shutdown` resolves; `ready` receives the bound address
/// (useful with port 0).
pub async fn serve(
    config: ServerConfig,
    ready: impl FnOnce(SocketAddr),
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let state = Arc::new(api::AppState::open(&config)?);
    let app = api::router(state, config.max_body, config.timeout);
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("{}: cannot listen ({e}); choose another address with --addr", config.addr))?;
    ready(listener.local_addr()?);
    axum::serve(listener, app.into_make_service()).with_graceful_shutdown(shutdown).await?;
    Ok(())
}

/// Serves on a runtime of its own until SIGTERM or Ctrl-C; for callers without one (the CLI).
pub fn run(
    config: ServerConfig,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(serve(config, ready, shutdown_signal()))
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
