//! Request counts and latencies for `/metrics`, in Prometheus' text format.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};

/// The routes counted apart; anything else counts as `other`.
pub(crate) const ROUTES: &[&str] =
    &["/api/search", "/api/articles", "/api/fix", "/api/parse", "/api/ingest", "/api/health", "page", "other"];

/// Counters per route: requests, errors (status ≥ 400) and total seconds (in microseconds).
#[derive(Default)]
pub(crate) struct Metrics {
    requests: [AtomicU64; 8],
    errors: [AtomicU64; 8],
    micros: [AtomicU64; 8],
}

impl Metrics {
    /// The counter slot of a request path.
    pub fn route_of(path: &str) -> usize {
        let route = if path.starts_with("/api/articles/") {
            "/api/articles"
        } else if !path.starts_with("/api/") && path != "/metrics" {
            "page"
        } else {
            path
        };
        ROUTES.iter().position(|r| *r == route).unwrap_or(ROUTES.len() - 1)
    }

    pub fn record(&self, route: usize, micros: u64, error: bool) {
        self.requests[route].fetch_add(1, Ordering::Relaxed);
        self.micros[route].fetch_add(micros, Ordering::Relaxed);
        if error {
            self.errors[route].fetch_add(1, Ordering::Relaxed);
        }
    }

    /// The Prometheus exposition text, with the archive's size.
    pub fn render(&self, articles: u64) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP bayegan_requests_total Requests answered, by route.\n# TYPE bayegan_requests_total counter"
        );
        for (i, route) in ROUTES.iter().enumerate() {
            let _ = writeln!(
                out,
                "bayegan_requests_total{{route=\"{route}\"}} {}",
                self.requests[i].load(Ordering::Relaxed)
            );
        }
        let _ = writeln!(out, "# HELP bayegan_request_errors_total Requests answered with a status of 400 or more.\n# TYPE bayegan_request_errors_total counter");
        for (i, route) in ROUTES.iter().enumerate() {
            let _ = writeln!(
                out,
                "bayegan_request_errors_total{{route=\"{route}\"}} {}",
                self.errors[i].load(Ordering::Relaxed)
            );
        }
        let _ = writeln!(out, "# HELP bayegan_request_seconds_total Time spent answering, by route.\n# TYPE bayegan_request_seconds_total counter");
        for (i, route) in ROUTES.iter().enumerate() {
            let seconds = self.micros[i].load(Ordering::Relaxed) as f64 / 1e6;
            let _ = writeln!(out, "bayegan_request_seconds_total{{route=\"{route}\"}} {seconds}");
        }
        let _ = writeln!(
            out,
            "# HELP bayegan_archive_articles Articles in the archive.\n# TYPE bayegan_archive_articles gauge"
        );
        let _ = writeln!(out, "bayegan_archive_articles {articles}");
        out
    }
}
