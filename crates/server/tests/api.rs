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

/// A text percent-encoded for a URL: every byte but the unreserved ones.
fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
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

    // articles cut from the page keep the edits of their own lines, spans in the page's bytes
    for id in done["ids"].as_array().unwrap() {
        let (status, article) = server.json("GET", &format!("/api/articles/{}", id.as_str().unwrap()), &[], None);
        assert_eq!(status, 200, "{article}");
        let edits = article["edits"].as_array().unwrap();
        assert!(edits.len() > 20, "{} edits of {}", edits.len(), article["headline"]);
        for edit in edits {
            let span = &edit["span"];
            let (start, end) = (span["start"].as_u64().unwrap() as usize, span["end"].as_u64().unwrap() as usize);
            assert_eq!(page.get(start..end), Some(edit["before"].as_str().unwrap().as_bytes()), "{edit}");
        }
        assert!(!article["input_lines"].as_object().unwrap().is_empty(), "where its lines stand in the page");
    }

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
    // an id is looked up, whatever it holds
    let (status, e) = server.json("GET", "/api/articles/..%2F..%2Fetc%2Fpasswd", &[], None);
    assert_eq!((status, error_code(&e)), (404, "not_found"));
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

#[test]
fn any_id_an_ingest_accepts_is_served() {
    let server = Server::start("ids", Some(TOKEN));
    let auth = format!("Bearer {TOKEN}");
    let ids = ["a/b", "../x?y#z", "٪ خبر/۱"];
    let lines: Vec<String> = ids
        .iter()
        .map(|id| serde_json::json!({"id": id, "headline": "خبر", "body": format!("متن خبر {id}")}).to_string())
        .collect();
    let (status, done) = server.json(
        "POST",
        "/api/ingest",
        &[("Authorization", &auth), ("Content-Type", "application/x-ndjson")],
        Some(lines.join("\n").as_bytes()),
    );
    assert_eq!((status, done["ingested"].as_u64()), (201, Some(3)), "{done}");
    for id in ids {
        let (status, article) = server.json("GET", &format!("/api/articles/{}", percent(id)), &[], None);
        assert_eq!((status, article["id"].as_str()), (200, Some(id)), "{article}");
    }
}

#[test]
fn every_error_is_json() {
    let server = Server::start("errors", None);
    let (status, e) = server.json("GET", "/api/articles/%FF", &[], None);
    assert_eq!((status, error_code(&e)), (400, "bad_id"));
    assert!(e["error"]["message"].as_str().unwrap().contains("UTF-8"), "{e}");
    let (status, e) = server.json("GET", "/api/search?q=%FF%FE", &[], None);
    assert_eq!((status, error_code(&e)), (400, "bad_parameters"));
    assert!(e["error"]["message"].as_str().unwrap().contains("\"q\""), "{e}");
    for (method, path, allowed) in
        [("POST", "/api/articles/k2", "GET,HEAD"), ("GET", "/api/fix", "POST"), ("DELETE", "/api/health", "GET,HEAD")]
    {
        let response = match ureq::request(method, &server.url(path)).call() {
            Err(ureq::Error::Status(_, response)) => response,
            other => panic!("{method} {path}: {other:?}"),
        };
        assert_eq!(response.status(), 405, "{method} {path}");
        assert_eq!(response.header("allow"), Some(allowed), "{method} {path}");
        let e: Value = serde_json::from_str(&response.into_string().unwrap()).unwrap();
        assert_eq!(error_code(&e), "method_not_allowed", "{method} {path}");
        assert!(e["error"]["message"].as_str().unwrap().contains(method), "{e}");
    }
}

#[test]
fn ingest_takes_pages_and_articles_by_their_content_type() {
    let server = Server::start("types", Some(TOKEN));
    let auth = format!("Bearer {TOKEN}");
    let article = serde_json::json!({"id": "k1", "newspaper": "همشهري", "section": "سياست", "date": "1403-08-19",
        "headline": "نشست مجلس", "body": "نمایندگان مجلس امروز درباره بودجه گفتوگو کردند."})
    .to_string();
    // a JSON article with no content type, or one the endpoint does not take: 415, saying which
    for content_type in [None, Some("application/xml"), Some("application/x-www-form-urlencoded")] {
        let mut headers = vec![("Authorization", auth.as_str())];
        headers.extend(content_type.map(|t| ("Content-Type", t)));
        let (status, e) = server.json("POST", "/api/ingest", &headers, Some(article.as_bytes()));
        assert_eq!((status, error_code(&e)), (415, "unsupported_media_type"), "{content_type:?}");
        let message = e["error"]["message"].as_str().unwrap();
        assert!(message.contains("text/plain") && message.contains("application/x-ndjson"), "{message}");
    }
    // one article as application/json
    let json = [("Authorization", auth.as_str()), ("Content-Type", "application/json; charset=utf-8")];
    let (status, done) = server.json("POST", "/api/ingest", &json, Some(article.as_bytes()));
    assert_eq!((status, done["ids"].clone()), (201, serde_json::json!(["k1"])), "{done}");
    let (status, e) = server.json("POST", "/api/ingest", &json, Some(format!("[{article}]").as_bytes()));
    assert_eq!((status, error_code(&e)), (400, "bad_article"));
    // JSON sent as a page's text gives no article: said so, nothing ingested
    let plain = [("Authorization", auth.as_str()), ("Content-Type", "text/plain")];
    let (status, e) = server.json("POST", "/api/ingest", &plain, Some(article.as_bytes()));
    assert_eq!((status, error_code(&e)), (422, "no_articles"), "{e}");

    // names are kept normalized: one facet, found by every spelling
    let other =
        serde_json::json!({"id": "k2", "newspaper": "همشهری", "section": "سیاست", "body": "مجلس بودجه را تصویب کرد."});
    let ndjson = [("Authorization", auth.as_str()), ("Content-Type", "application/x-ndjson")];
    let (status, _) = server.json("POST", "/api/ingest", &ndjson, Some(other.to_string().as_bytes()));
    assert_eq!(status, 201);
    let (status, found) = server.json("GET", &format!("/api/search?q={}", percent("مجلس")), &[], None);
    assert_eq!(status, 200, "{found}");
    assert_eq!(found["facets"]["newspaper"], serde_json::json!([{"value": "همشهری", "count": 2}]), "{found}");
    assert_eq!(found["facets"]["section"], serde_json::json!([{"value": "سیاست", "count": 2}]), "{found}");
    for spelling in ["همشهري", "همشهری"] {
        let path = format!("/api/search?q={}&newspaper={}", percent("مجلس"), percent(spelling));
        let (_, found) = server.json("GET", &path, &[], None);
        assert_eq!(found["total"], 2, "{spelling}: {found}");
    }
}
