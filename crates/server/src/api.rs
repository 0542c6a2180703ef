//! The routes: JSON API, metrics, the web page and its files.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, RawQuery, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use bayegan_archive::{Archive, ArticleRecord, DateFilter, Facets, Hit, Ingester, SearchRequest, Sort};
use bayegan_page::Parser;
use bayegan_text::{Restorer, SpellingMode};
use percent_encoding::percent_decode_str;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::sync::{Mutex, Semaphore};

use crate::metrics::Metrics;
use crate::ServerConfig;

const INDEX_HTML: &str = include_str!("../static/index.html");
const APP_JS: &str = include_str!("../static/app.js");
const STYLE_CSS: &str = include_str!("../static/style.css");
const OPENAPI: &str = include_str!("../openapi.json");
/// Most hits a page of results may hold.
const MAX_PAGE_SIZE: usize = 100;
/// Deepest page of results served.
const MAX_PAGE: usize = 1000;
/// The content types `POST /api/ingest` takes, as its 415 answer names them.
const INGEST_TYPES: &str = "send a page's text as text/plain, articles as application/x-ndjson (one JSON article a \
     line: {\"id\", \"newspaper\", \"date\", \"section\", \"headline\", \"lead\", \"body\", \"url\"}), or one article as \
     application/json";

/// What every request shares.
pub(crate) struct AppState {
    archive: Archive,
    /// Taken on the first ingest and held: the archive's write lock.
    ingester: Mutex<Option<Ingester>>,
    restorer: Restorer,
    parser: Parser,
    /// One permit per core: searches beyond that wait their turn, first come first served,
    /// rather than share the cores (which would make every search in the queue slow).
    searches: Semaphore,
    token: Option<String>,
    fonts: Option<PathBuf>,
    metrics: Metrics,
}

impl AppState {
    pub fn open(config: &ServerConfig) -> Result<AppState, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AppState {
            archive: Archive::open_or_create(&config.archive)?,
            ingester: Mutex::new(None),
            restorer: Restorer::new(),
            parser: Parser::new(),
            searches: Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())),
            token: config.token.clone().filter(|t| !t.is_empty()),
            fonts: config.fonts.clone(),
            metrics: Metrics::default(),
        })
    }
}

/// An error as the API reports it: `{"error": {"code", "message"}}` with its status.
pub(crate) struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError { status, code, message: message.into() }
    }
    fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }
    fn internal(message: impl std::fmt::Display) -> Self {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({"error": {"code": self.code, "message": self.message}}))).into_response()
    }
}

impl From<BytesRejection> for ApiError {
    fn from(rejection: BytesRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                "the request body is larger than the server accepts",
            )
        } else {
            ApiError::bad_request("bad_body", rejection.body_text())
        }
    }
}

type ApiResult = Result<Response, ApiError>;

/// The API and the page over an opened archive; request bodies up to `max_body` bytes, each
/// request answered within `timeout`. Every error is answered as JSON ([`ApiError`]).
pub(crate) fn router(state: Arc<AppState>, max_body: usize, timeout: std::time::Duration) -> Router {
    Router::new()
        .route("/", get(|| async { page(INDEX_HTML, "text/html; charset=utf-8") }))
        .route("/app.js", get(|| async { page(APP_JS, "text/javascript; charset=utf-8") }))
        .route("/style.css", get(|| async { page(STYLE_CSS, "text/css; charset=utf-8") }))
        .route("/fonts/{file}", get(font))
        .route("/api/openapi.json", get(|| async { page(OPENAPI, "application/json") }))
        .route("/api/health", get(health))
        .route("/api/search", get(search))
        .route("/api/articles/{id}", get(article))
        .route("/api/fix", post(fix))
        .route("/api/parse", post(parse))
        .route("/api/ingest", post(ingest))
        .route("/metrics", get(metrics))
        // after every route: it applies to the routes registered before it
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(|| async {
            ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such endpoint (see /api/openapi.json)")
        })
        .layer(DefaultBodyLimit::max(max_body))
        .layer(middleware::from_fn_with_state(state.clone(), count))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
        .layer(middleware::from_fn(json_errors))
        .with_state(state)
}

/// A known endpoint called with a method it does not take (axum adds the `Allow` header).
async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("{} does not take {method}: see the Allow header and /api/openapi.json", uri.path()),
    )
}

/// The last guard of "every error is JSON": an error answered any other way (a timeout, a
/// rejection no handler turned into an [`ApiError`]) becomes one, its text kept as the message
/// and its headers (`Allow`…) kept.
async fn json_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&text).trim().to_owned();
    let (code, fallback) = match status {
        StatusCode::BAD_REQUEST => ("bad_request", "the request cannot be read"),
        StatusCode::NOT_FOUND => ("not_found", "no such endpoint (see /api/openapi.json)"),
        StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "this endpoint does not take this method"),
        StatusCode::REQUEST_TIMEOUT => ("timeout", "the request took longer than the server allows"),
        StatusCode::PAYLOAD_TOO_LARGE => ("too_large", "the request body is larger than the server accepts"),
        _ if status.is_client_error() => ("bad_request", "the request cannot be served"),
        _ => ("internal", "the server failed to answer"),
    };
    let message = if text.is_empty() { fallback.to_owned() } else { text };
    let json = ApiError::new(status, code, message).into_response();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    let (_, body) = json.into_parts();
    Response::from_parts(parts, body)
}

fn page(body: &'static str, content_type: &'static str) -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static(content_type))], body).into_response()
}

/// Counts every request for `/metrics`.
async fn count(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let route = Metrics::route_of(request.uri().path());
    let started = Instant::now();
    let response = next.run(request).await;
    state.metrics.record(route, started.elapsed().as_micros() as u64, response.status().as_u16() >= 400);
    response
}

/// Runs blocking work (search, restoration, parsing, indexing) off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work).await.map_err(ApiError::internal)?
}

async fn health(State(state): State<Arc<AppState>>) -> Json<serde_json::Value> {
    Json(json!({"status": "ok", "articles": state.archive.len(), "version": env!("CARGO_PKG_VERSION")}))
}

async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    let body = state.metrics.render(state.archive.len());
    ([(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4"))], body).into_response()
}

async fn font(State(state): State<Arc<AppState>>, file: Result<Path<String>, PathRejection>) -> ApiResult {
    let not_found = || ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such font file");
    let Path(file) = file.map_err(|_| not_found())?;
    let dir = state.fonts.as_ref().ok_or_else(not_found)?;
    if file.contains(['/', '\\']) || file.contains("..") || !file.ends_with(".woff2") {
        return Err(not_found());
    }
    let bytes = tokio::fs::read(dir.join(&file)).await.map_err(|_| not_found())?;
    Ok(([(header::CONTENT_TYPE, HeaderValue::from_static("font/woff2"))], bytes).into_response())
}

#[derive(Deserialize)]
struct SearchParams {
    q: Option<String>,
    from: Option<String>,
    to: Option<String>,
    newspaper: Option<String>,
    section: Option<String>,
    sort: Option<String>,
    page: Option<usize>,
    size: Option<usize>,
}

async fn search(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> ApiResult {
    // the query string's decoder would put U+FFFD for bytes that are no UTF-8
    if let Some(name) = raw.as_deref().and_then(parameter_not_utf8) {
        return Err(ApiError::bad_request(
            "bad_parameters",
            format!("the parameter {name:?} is not UTF-8 once percent-decoded: percent-encode the text's UTF-8 bytes"),
        ));
    }
    let Query(params) = params.map_err(|e| ApiError::bad_request("bad_parameters", e.body_text()))?;
    let query = params
        .q
        .filter(|q| !q.trim().is_empty())
        .ok_or_else(|| ApiError::bad_request("missing_query", "give the words to search for in q"))?;
    let size = params.size.unwrap_or(10);
    let page = params.page.unwrap_or(1);
    if !(1..=MAX_PAGE_SIZE).contains(&size) {
        return Err(ApiError::bad_request("bad_size", format!("size must be between 1 and {MAX_PAGE_SIZE}")));
    }
    if !(1..=MAX_PAGE).contains(&page) {
        return Err(ApiError::bad_request("bad_page", format!("page must be between 1 and {MAX_PAGE}")));
    }
    let dates = DateFilter::parse(
        params.from.as_deref().filter(|s| !s.is_empty()),
        params.to.as_deref().filter(|s| !s.is_empty()),
    )
    .map_err(|e| ApiError::bad_request("bad_date", e))?;
    let sort = match params.sort.as_deref() {
        None | Some("" | "relevance") => Sort::Relevance,
        Some("date") => Sort::Date,
        Some(other) => return Err(ApiError::bad_request("bad_sort", format!("sort {other:?}: use relevance or date"))),
    };
    let request = SearchRequest {
        query,
        limit: page * size,
        dates,
        newspaper: params.newspaper.filter(|n| !n.is_empty()),
        section: params.section.filter(|s| !s.is_empty()),
        sort,
    };
    let _turn = state.searches.acquire().await.map_err(ApiError::internal)?;
    let state = state.clone();
    let body = blocking(move || {
        let results = state.archive.search(&request).map_err(|e| match e {
            bayegan_archive::ArchiveError::Query(q) => ApiError::bad_request("bad_query", q.to_string()),
            other => ApiError::internal(other),
        })?;
        let hits = results.hits.get((page - 1) * size..).unwrap_or_default();
        let answer = SearchAnswer { total: results.total, page, size, hits, facets: &results.facets };
        serde_json::to_vec(&answer).map_err(ApiError::internal)
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response())
}

/// The answer of `/api/search`, written straight from the results.
#[derive(Serialize)]
struct SearchAnswer<'a> {
    total: usize,
    page: usize,
    size: usize,
    hits: &'a [Hit],
    facets: &'a Facets,
}

/// The name (or its start) of the first parameter of a query string whose value or name is not
/// UTF-8 once percent-decoded (`+` is a space), if any.
fn parameter_not_utf8(query: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let decoded: Vec<u8> = percent_decode_str(&pair.replace('+', " ")).collect();
        std::str::from_utf8(&decoded).is_err().then(|| {
            let name = pair.split('=').next().unwrap_or_default().replace('+', " ");
            percent_decode_str(&name).decode_utf8_lossy().into_owned()
        })
    })
}

/// Any id an ingest gave (percent-encoded in the path: `a%2Fb` is the id `a/b`).
async fn article(State(state): State<Arc<AppState>>, id: Result<Path<String>, PathRejection>) -> ApiResult {
    let Path(id) = id.map_err(|_| {
        ApiError::bad_request(
            "bad_id",
            "the article id in the path is not UTF-8 once percent-decoded: percent-encode the id's UTF-8 bytes",
        )
    })?;
    let found = blocking(move || state.archive.get(&id).map_err(ApiError::internal)).await?;
    match found {
        Some(record) => Ok(Json(record).into_response()),
        None => Err(ApiError::new(StatusCode::NOT_FOUND, "not_found", "no article with this id")),
    }
}

/// The text of a request: a JSON `{"text": …}` or the body itself, checked to be UTF-8.
fn request_text(headers: &HeaderMap, body: &[u8]) -> Result<(String, Option<String>), ApiError> {
    let text = std::str::from_utf8(body).map_err(|e| {
        ApiError::bad_request("invalid_utf8", format!("the body is not UTF-8 (byte {})", e.valid_up_to()))
    })?;
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !is_json {
        return Ok((text.to_owned(), None));
    }
    #[derive(Deserialize)]
    struct TextRequest {
        text: String,
        spelling: Option<String>,
    }
    let parsed: TextRequest = serde_json::from_str(text)
        .map_err(|e| ApiError::bad_request("bad_json", format!("expected {{\"text\": …}}: {e}")))?;
    Ok((parsed.text, parsed.spelling))
}

async fn fix(State(state): State<Arc<AppState>>, headers: HeaderMap, body: Result<Bytes, BytesRejection>) -> ApiResult {
    let (text, spelling) = request_text(&headers, &body?)?;
    let spelling = match spelling.as_deref() {
        None | Some("" | "off") => SpellingMode::Off,
        Some("flag") => SpellingMode::Flag,
        Some("fix") => SpellingMode::Fix,
        Some(other) => {
            return Err(ApiError::bad_request("bad_spelling", format!("spelling {other:?}: use off, flag or fix")))
        }
    };
    let restored = blocking(move || {
        let mut options = *state.restorer.options();
        options.spelling = spelling;
        Ok(Restorer::builder().options(options).build().restore(&text))
    })
    .await?;
    Ok(Json(restored).into_response())
}

async fn parse(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let (text, _) = request_text(&headers, &body?)?;
    let page = blocking(move || {
        state
            .parser
            .parse("request", &text)
            .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "not_a_page", e.to_string()))
    })
    .await?;
    Ok(Json(page).into_response())
}

/// What the body of `POST /api/ingest` holds.
#[derive(Clone, Copy)]
enum IngestBody {
    /// A page's text, to parse into articles (text/plain).
    Page,
    /// Articles, one JSON object a line (application/x-ndjson).
    Articles,
    /// One article as a JSON object (application/json).
    Article,
}

/// Byte strings compared in time that depends only on their lengths.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn ingest(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let Some(token) = &state.token else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "writes_disabled",
            "ingest is off: start the server with BAYEGAN_TOKEN set",
        ));
    };
    let given =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    if !given.is_some_and(|g| same_secret(g.as_bytes(), token.as_bytes())) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "a valid Authorization: Bearer token is needed",
        ));
    }
    // what the body is, by its content type (without parameters like `; charset=utf-8`)
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or_default().trim().to_ascii_lowercase());
    let kind = match content_type.as_deref() {
        Some("text/plain") => IngestBody::Page,
        Some("application/x-ndjson" | "application/jsonl") => IngestBody::Articles,
        Some("application/json") => IngestBody::Article,
        other => {
            let given = other.map_or_else(|| "no Content-Type".to_owned(), |t| format!("Content-Type {t}"));
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                format!("{given}: {INGEST_TYPES}"),
            ));
        }
    };
    let body = body?;
    let text = std::str::from_utf8(&body)
        .map_err(|e| {
            ApiError::bad_request("invalid_utf8", format!("the body is not UTF-8 (byte {})", e.valid_up_to()))
        })?
        .to_owned();
    let records: Vec<ArticleRecord> = {
        let state = state.clone();
        blocking(move || match kind {
            IngestBody::Article => {
                if text.trim_start().starts_with('[') {
                    return Err(ApiError::bad_request(
                        "bad_article",
                        "application/json takes one article (a JSON object); send many as application/x-ndjson, \
                         one a line",
                    ));
                }
                match ArticleRecord::from_json_line(&text, "request", &state.restorer) {
                    Ok(Some(record)) => Ok(vec![record]),
                    Ok(None) => Err(ApiError::bad_request("no_text", "the article has neither headline nor body")),
                    Err(why) => Err(ApiError::bad_request("bad_article", why)),
                }
            }
            IngestBody::Articles => {
                let mut records = Vec::new();
                for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
                    let place = format!("request:{}", i + 1);
                    match ArticleRecord::from_json_line(line, &place, &state.restorer) {
                        Ok(Some(record)) => records.push(record),
                        Ok(None) => {
                            return Err(ApiError::bad_request("no_text", format!("{place}: neither headline nor body")))
                        }
                        Err(why) => return Err(ApiError::bad_request("bad_article", format!("{place}: {why}"))),
                    }
                }
                Ok(records)
            }
            IngestBody::Page => {
                let parsed = state
                    .parser
                    .parse_with_edits("request", &text, &[])
                    .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "not_a_page", e.to_string()))?;
                let records = ArticleRecord::from_page(&parsed.page, &text, &parsed.edits, "request");
                if records.is_empty() {
                    return Err(ApiError::new(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "no_articles",
                        format!("the page's text holds no article (headline or paragraph); {INGEST_TYPES}"),
                    ));
                }
                Ok(records)
            }
        })
        .await?
    };
    // one ingest at a time; each answers only once its articles are committed
    let mut ingester = state.ingester.lock().await;
    if ingester.is_none() {
        *ingester =
            Some(state.archive.ingester().map_err(|e| ApiError::new(StatusCode::CONFLICT, "locked", e.to_string()))?);
    }
    let writer = ingester.as_mut().expect("just taken");
    let ids: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
    for record in &records {
        writer.add(record).map_err(ApiError::internal)?;
    }
    writer.commit().map_err(ApiError::internal)?;
    state.archive.reload().map_err(ApiError::internal)?;
    Ok((StatusCode::CREATED, Json(json!({"ingested": ids.len(), "ids": ids}))).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Status, `Allow` header and JSON body of a GET.
    fn get_json(url: &str) -> (u16, Option<String>, serde_json::Value) {
        let response = match ureq::get(url).call() {
            Ok(response) => response,
            Err(ureq::Error::Status(_, response)) => response,
            Err(other) => panic!("{url}: {other}"),
        };
        let (status, allow) = (response.status(), response.header("allow").map(str::to_owned));
        let text = response.into_string().unwrap();
        (status, allow, serde_json::from_str(&text).unwrap_or_else(|e| panic!("{url}: not JSON ({e}): {text:?}")))
    }

    #[test]
    fn an_error_answered_another_way_becomes_a_json_error() {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let app = Router::new()
            // what a timeout answers: no body at all
            .route("/timeout", get(|| async { StatusCode::REQUEST_TIMEOUT }))
            // what an extractor's rejection answers: text
            .route("/plain", get(|| async { (StatusCode::BAD_REQUEST, [(header::ALLOW, "GET")], "Invalid URL: bad") }))
            .route("/fine", get(|| async { ApiError::bad_request("bad_thing", "as the handler said") }))
            .layer(middleware::from_fn(json_errors));
        let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let server = runtime.spawn(async move { axum::serve(listener, app).await });

        let (status, _, body) = get_json(&format!("{base}/timeout"));
        assert_eq!((status, &body["error"]["code"]), (408, &json!("timeout")), "{body}");
        assert!(body["error"]["message"].as_str().unwrap().contains("longer than the server allows"), "{body}");
        let (status, allow, body) = get_json(&format!("{base}/plain"));
        assert_eq!((status, allow.as_deref()), (400, Some("GET")), "other headers are kept");
        assert_eq!(body, json!({"error": {"code": "bad_request", "message": "Invalid URL: bad"}}));
        let (status, _, body) = get_json(&format!("{base}/fine"));
        assert_eq!((status, body), (400, json!({"error": {"code": "bad_thing", "message": "as the handler said"}})));
        server.abort();
    }
}
