//! The API over a real server on loopback: started on a free port, called, stopped.

mod common;

use std::path::PathBuf;

use bayegan_server::ServerConfig;
use common::{RunningServer, TempDir};
use serde_json::Value;

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seed/page-arman-melli-1403-08-19.txt");
const TOKEN: &str = "test-token-6f1c";

/// A server on a free port over a fresh archive; stopped (gracefully) when dropped, and its
/// archive removed.
struct Server {
    running: RunningServer,
    _dir: TempDir,
}

impl Server {
    fn start(test: &str, token: Option<&str>) -> Server {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("server-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut config = ServerConfig::new(dir.join("archive"));
        config.addr = "127.0.0.1:0".parse().unwrap();
        config.token = token.map(str::to_owned);
        config.max_body = 64 * 1024;
        Server { running: RunningServer::start(config), _dir: TempDir(dir) }
    }

    fn url(&self, path: &str) -> String {
        self.running.url(path)
    }

    /// Status and body of a request.
    fn call(&self, method: &str, path: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> (u16, String) {
        self.try_call(method, path, headers, body).unwrap_or_else(|e| panic!("{e}"))
    }

    /// [`Server::call`], with a transport error (no answer at all) returned instead of a panic.
    fn try_call(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Result<(u16, String), String> {
        let mut request = ureq::request(method, &self.url(path));
        for (name, value) in headers {
            request = request.set(name, value);
        }
        let result = match body {
            Some(body) => request.send_bytes(body),
            None => request.call(),
        };
        let response = match result {
            Ok(response) => response,
            Err(ureq::Error::Status(_, response)) => response,
            Err(other) => return Err(format!("{method} {path}: {other}")),
        };
        Ok((response.status(), response.into_string().unwrap_or_default()))
    }

    fn json(&self, method: &str, path: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> (u16, Value) {
        let (status, text) = self.call(method, path, headers, body);
        (status, serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {text}")))
    }
}

fn error_code(value: &Value) -> &str {
    value["error"]["code"].as_str().unwrap_or_else(|| panic!("not an API error: {value}"))
}

#[test]
fn ingest_search_and_read_articles() {
    let server = Server::start("flow", Some(TOKEN));
    let (status, health) = server.json("GET", "/api/health", &[], None);
    assert_eq!((status, health["articles"].as_u64()), (200, Some(0)));

    let auth = format!("Bearer {TOKEN}");
    let page = std::fs::read(SEED).unwrap();
    let (status, done) =
        server.json("POST", "/api/ingest", &[("Authorization", &auth), ("Content-Type", "text/plain")], Some(&page));
    assert_eq!(status, 201, "{done}");
    assert_eq!(done["ingested"], 3);
    let articles = "{\"id\": \"x1\", \"newspaper\": \"شرق\", \"date\": \"2024-01-15\", \"headline\": \"دیدار رئيس جمهور\", \"body\": \"رئیسجمهور امروز با وزیر دیدار کرد.\"}\n";
    let (status, _) = server.json(
        "POST",
        "/api/ingest",
        &[("Authorization", &auth), ("Content-Type", "application/x-ndjson")],
        Some(articles.as_bytes()),
    );
    assert_eq!(status, 201);

    let (status, found) = server.json(
        "GET",
        "/api/search?q=%D8%B1%D8%A6%DB%8C%D8%B3%20%D8%AC%D9%85%D9%87%D9%88%D8%B1&size=50",
        &[],
        None,
    );
    assert_eq!(status, 200, "{found}");
    assert!(found["total"].as_u64().unwrap() >= 2, "{found}");
    assert!(found["hits"].as_array().unwrap().iter().any(|h| h["id"] == "x1"));
    assert!(found["facets"]["newspaper"].as_array().unwrap().iter().any(|f| f["value"] == "آرمان ملی"));
    let (_, dated) = server.json(
        "GET",
        "/api/search?q=%D8%B1%D8%A6%DB%8C%D8%B3%D8%AC%D9%85%D9%87%D9%88%D8%B1&from=1403-08&to=1403-08",
        &[],
        None,
    );
    assert!(
        dated["hits"].as_array().unwrap().iter().all(|h| h["date"]["jalali"].as_str().unwrap().starts_with("1403-08")),
        "{dated}"
    );

    let (status, article) = server.json("GET", "/api/articles/x1", &[], None);
    assert_eq!(status, 200);
    assert_eq!(article["headline"], "دیدار رئیس جمهور");
    assert!(!article["edits"].as_array().unwrap().is_empty(), "the restorer's edits are kept");
    let (status, missing) = server.json("GET", "/api/articles/nope", &[], None);
    assert_eq!((status, error_code(&missing)), (404, "not_found"));

    let (status, metrics) = server.call("GET", "/metrics", &[], None);
    assert_eq!(status, 200);
    assert!(metrics.contains("bayegan_requests_total{route=\"/api/search\"} 2"), "{metrics}");
    assert!(metrics.contains("bayegan_archive_articles 4"), "{metrics}");
}

#[test]
fn fix_and_parse() {
    let server = Server::start("fix", None);
    let body = serde_json::json!({"text": "رئیسجمهور این طرح را اجرا میکند و تگرانی ها کم شد", "spelling": "flag"})
        .to_string();
    let (status, fixed) =
        server.json("POST", "/api/fix", &[("Content-Type", "application/json")], Some(body.as_bytes()));
    assert_eq!(status, 200, "{fixed}");
    assert!(fixed["text"].as_str().unwrap().starts_with("رئیس\u{200c}جمهور"));
    assert!(fixed["edits"].as_array().unwrap().len() >= 2);
    assert!(fixed["flags"].as_array().unwrap().iter().any(|f| f["word"] == "تگرانی"), "{fixed}");
    let (status, plain) = server.json("POST", "/api/fix", &[("Content-Type", "text/plain")], Some("میکند".as_bytes()));
    assert_eq!((status, plain["text"].as_str()), (200, Some("می\u{200c}کند")));

    let page = std::fs::read(SEED).unwrap();
    let (status, parsed) = server.json("POST", "/api/parse", &[("Content-Type", "text/plain")], Some(&page));
    assert_eq!(status, 200);
    assert_eq!(parsed["articles"].as_array().unwrap().len(), 3);
    assert_eq!(parsed["date"]["jalali"], "1403-08-19");
}

#[test]
fn bad_requests_get_clear_errors_and_the_server_stays_up() {
    let server = Server::start("bad", Some(TOKEN));
    // the server answers 413 as soon as it sees the length and closes; a client still writing
    // the body may then see its pipe broken before it reads the answer: that attempt is retried
    let big = vec![b'a'; 100 * 1024];
    let answered =
        (0..5).find_map(|_| server.try_call("POST", "/api/fix", &[("Content-Type", "text/plain")], Some(&big)).ok());
    let (status, text) = answered.expect("the oversized request was answered at least once in 5 tries");
    let e: Value = serde_json::from_str(&text).unwrap();
    assert_eq!((status, error_code(&e)), (413, "too_large"));
    let (status, e) = server.json("POST", "/api/fix", &[("Content-Type", "text/plain")], Some(b"ok \xff\xfe bad"));
    assert_eq!((status, error_code(&e)), (400, "invalid_utf8"));
    let (status, e) = server.json("POST", "/api/fix", &[("Content-Type", "application/json")], Some(b"{\"text\": "));
    assert_eq!((status, error_code(&e)), (400, "bad_json"));
    let (status, e) = server.json("POST", "/api/parse", &[("Content-Type", "text/plain")], Some(b"no persian here"));
    assert_eq!((status, error_code(&e)), (422, "not_a_page"));
    let (status, e) = server.json("POST", "/api/ingest", &[("Authorization", "Bearer wrong")], Some(b"x"));
    assert_eq!((status, error_code(&e)), (401, "unauthorized"));
    let (status, e) = server.json("POST", "/api/ingest", &[], Some(b"x"));
    assert_eq!((status, error_code(&e)), (401, "unauthorized"));
    let (status, e) = server.json("GET", "/api/articles/..%2F..%2Fetc%2Fpasswd", &[], None);
    assert_eq!((status, error_code(&e)), (400, "bad_id"));
    let (status, e) = server.json("GET", "/api/search?q=x&size=1000000", &[], None);
    assert_eq!((status, error_code(&e)), (400, "bad_size"));
    let (status, e) = server.json("GET", "/api/search?q=x&page=abc", &[], None);
    assert_eq!((status, error_code(&e)), (400, "bad_parameters"));
    let (status, e) = server.json("GET", "/api/search?q=x&from=yesterday", &[], None);
    assert_eq!((status, error_code(&e)), (400, "bad_date"));
    let (status, e) = server.json("GET", "/api/search?q=%22open", &[], None);
    assert_eq!((status, error_code(&e)), (400, "bad_query"));
    let (status, e) = server.json("GET", "/api/search", &[], None);
    assert_eq!((status, error_code(&e)), (400, "missing_query"));
    let (status, e) = server.json("GET", "/api/nothing", &[], None);
    assert_eq!((status, error_code(&e)), (404, "not_found"));
    let (status, _) = server.json("GET", "/api/health", &[], None);
    assert_eq!(status, 200, "still up");
}

#[test]
fn writes_are_off_without_a_token() {
    let server = Server::start("readonly", None);
    let (status, e) = server.json("POST", "/api/ingest", &[("Authorization", "Bearer anything")], Some(b"x"));
    assert_eq!((status, error_code(&e)), (403, "writes_disabled"));
}

#[test]
fn the_page_and_the_api_description_are_served() {
    let server = Server::start("page", None);
    let (status, html) = server.call("GET", "/", &[], None);
    assert_eq!(status, 200);
    assert!(html.contains("dir=\"rtl\"") && html.contains("lang=\"fa\""), "{html}");
    let (status, spec) = server.json("GET", "/api/openapi.json", &[], None);
    assert_eq!(status, 200);
    assert!(spec["paths"]["/api/search"].is_object());
    let (status, _) = server.call("GET", "/fonts/..%2Fsecret.woff2", &[], None);
    assert_eq!(status, 404);
}
