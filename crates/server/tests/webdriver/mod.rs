//! A small synchronous WebDriver (W3C) client for the browser test: chromedriver started on a
//! free port and killed when dropped (also when a test panics), one headless Chromium session
//! with a fresh profile, and the few commands the test needs.
//!
//! Written over `ureq` (already a dev-dependency) rather than `fantoccini` or `thirtyfour`: the
//! test drives one page step by step, so a blocking client keeps it plain and adds no async
//! stack to build.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The key W3C WebDriver names an element reference by.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Keys as WebDriver writes them.
pub const TAB: &str = "\u{E004}";
pub const ENTER: &str = "\u{E007}";
pub const SHIFT: &str = "\u{E008}";
pub const CONTROL: &str = "\u{E009}";

/// How long a wait may take before the test fails: generous, CI runs on two slow cores.
pub const PATIENCE: Duration = Duration::from_secs(40);

/// The launch flags of the issue, plus QUIC off (no network use at all).
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
];

fn find_program(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(env).map(PathBuf::from).filter(|p| p.is_file()) {
        return Some(path);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
    dirs.push("/usr/bin".into());
    dirs.push("/usr/lib/chromium".into());
    names.iter().flat_map(|name| dirs.iter().map(move |dir| dir.join(name))).find(|p| p.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free loopback port").port()
}

/// chromedriver, running until dropped.
pub struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    /// Starts chromedriver (`$CHROMEDRIVER` or on the PATH) on a free loopback port and waits
    /// until it answers. Fails, saying how to install it, when it is missing.
    pub fn start(log: &Path) -> Driver {
        let program = find_program("CHROMEDRIVER", &["chromedriver"]).unwrap_or_else(|| {
            panic!(
                "chromedriver is not installed: the browser test needs Debian's chromium and chromium-driver; \
                 run `bash scripts/setup.sh` (or apt-get install chromium chromium-driver)"
            )
        });
        let port = free_port();
        let log_file = std::fs::File::create(log).expect("the chromedriver log can be written");
        let child = Command::new(&program)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::from(log_file.try_clone().unwrap()))
            .stderr(Stdio::from(log_file))
            .spawn()
            .unwrap_or_else(|e| panic!("{}: cannot start chromedriver ({e})", program.display()));
        let mut driver = Driver { child, url: format!("http://127.0.0.1:{port}") };
        let started = Instant::now();
        loop {
            let ready = ureq::get(&format!("{}/status", driver.url))
                .timeout(Duration::from_secs(2))
                .call()
                .ok()
                .and_then(|r| r.into_string().ok())
                .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                .is_some_and(|v| v["value"]["ready"] == true);
            if ready {
                break;
            }
            if let Ok(Some(status)) = driver.child.try_wait() {
                panic!("chromedriver exited at start ({status}); its log: {}", log.display());
            }
            assert!(
                started.elapsed() < PATIENCE,
                "chromedriver did not answer in {PATIENCE:?}; log: {}",
                log.display()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        driver
    }

    /// A headless Chromium session with a fresh profile in `profile`. `mobile` emulates a phone
    /// screen of that many CSS pixels wide (and 844 high); otherwise the window is 1280×900.
    pub fn session(&self, profile: &Path, mobile: Option<u32>) -> Session {
        let _ = std::fs::remove_dir_all(profile);
        std::fs::create_dir_all(profile).unwrap();
        let chromium = find_program("CHROME_BIN", &["chromium", "chromium-browser"]).unwrap_or_else(|| {
            panic!(
                "chromium is not installed: run `bash scripts/setup.sh` (or apt-get install chromium chromium-driver)"
            )
        });
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        args.push("--lang=fa".into());
        let mut options = json!({"binary": chromium, "args": args});
        match mobile {
            Some(width) => {
                options["args"].as_array_mut().unwrap().push(json!("--window-size=500,900"));
                options["mobileEmulation"] =
                    json!({"deviceMetrics": {"width": width, "height": 844, "pixelRatio": 2.0, "touch": true}});
            }
            None => options["args"].as_array_mut().unwrap().push(json!("--window-size=1280,900")),
        }
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": options,
            "timeouts": {"script": 30000, "pageLoad": 60000, "implicit": 0},
        }}});
        let answer = post(&format!("{}/session", self.url), &capabilities)
            .unwrap_or_else(|e| panic!("chromium did not start under chromedriver: {e}"));
        let id = answer["sessionId"].as_str().expect("a session id").to_owned();
        Session { url: format!("{}/session/{id}", self.url), failure_shot: None }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn post(url: &str, body: &Value) -> Result<Value, String> {
    answer(
        ureq::post(url)
            .timeout(Duration::from_secs(90))
            .set("Content-Type", "application/json")
            .send_string(&body.to_string()),
    )
}

fn answer(result: Result<ureq::Response, ureq::Error>) -> Result<Value, String> {
    match result {
        Ok(response) => {
            let text = response.into_string().map_err(|e| format!("no answer: {e}"))?;
            let mut value: Value = serde_json::from_str(&text).map_err(|e| format!("not JSON ({e}): {text}"))?;
            // a new session answers {"value": {"sessionId", "capabilities"}}
            if let Some(id) = value["value"]["sessionId"].as_str() {
                value["sessionId"] = json!(id);
            }
            Ok(value)
        }
        Err(ureq::Error::Status(status, response)) => {
            let text = response.into_string().unwrap_or_default();
            Err(format!("HTTP {status}: {}", text.chars().take(2000).collect::<String>()))
        }
        Err(e) => Err(e.to_string()),
    }
}

/// One browser session; closed (and its Chromium ended) when dropped.
pub struct Session {
    url: String,
    /// Where a wait that times out saves what the page looked like.
    pub failure_shot: Option<PathBuf>,
}

/// An element of the page.
#[derive(Clone, Debug)]
pub struct Element(String);

impl Session {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let url = format!("{}{path}", self.url);
        let request = ureq::request(method, &url).timeout(Duration::from_secs(90));
        let result = match body {
            Some(body) => request.set("Content-Type", "application/json").send_string(&body.to_string()),
            None => request.call(),
        };
        answer(result).map(|mut v| v["value"].take()).map_err(|e| format!("{method} {path}: {e}"))
    }

    fn must(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(method, path, body).unwrap_or_else(|e| panic!("webdriver: {e}"))
    }

    /// Loads a page.
    pub fn goto(&self, url: &str) {
        self.must("POST", "/url", Some(json!({ "url": url })));
    }

    /// Runs a script (a function body; `arguments` holds `args`) and returns its value.
    pub fn js(&self, script: &str, args: Value) -> Value {
        self.must("POST", "/execute/sync", Some(json!({"script": script, "args": args})))
    }

    /// The element `css` selects, if there is one now.
    pub fn find(&self, css: &str) -> Option<Element> {
        let found = self.call("POST", "/element", Some(json!({"using": "css selector", "value": css}))).ok()?;
        found[ELEMENT].as_str().map(|id| Element(id.to_owned()))
    }

    /// The element `css` selects, waiting for it to appear.
    pub fn wait_find(&self, css: &str) -> Element {
        self.wait(&format!("an element {css}"), || self.find(css))
    }

    /// Clicks an element (scrolled into view first, as a person would).
    pub fn click(&self, element: &Element) {
        self.must("POST", &format!("/element/{}/click", element.0), Some(json!({})));
    }

    /// Types text into an element (focused first).
    pub fn type_into(&self, element: &Element, text: &str) {
        self.must("POST", &format!("/element/{}/value", element.0), Some(json!({ "text": text })));
    }

    /// Presses keys (a string of characters and key codes) on whatever has the focus.
    pub fn keys(&self, keys: &str) {
        let mut actions = Vec::new();
        for key in keys.chars() {
            actions.push(json!({"type": "keyDown", "value": key.to_string()}));
            actions.push(json!({"type": "keyUp", "value": key.to_string()}));
        }
        self.must(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        );
        let _ = self.call("DELETE", "/actions", None);
    }

    /// Presses keys together (`[SHIFT, TAB]`): all down in order, then up in reverse.
    pub fn chord(&self, keys: &[&str]) {
        let mut actions: Vec<Value> = keys.iter().map(|k| json!({"type": "keyDown", "value": k})).collect();
        actions.extend(keys.iter().rev().map(|k| json!({"type": "keyUp", "value": k})));
        self.must(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        );
        let _ = self.call("DELETE", "/actions", None);
    }

    /// The viewport as PNG bytes.
    pub fn screenshot(&self) -> Vec<u8> {
        let data = self.must("GET", "/screenshot", None);
        base64_decode(data.as_str().expect("a screenshot is base64 text"))
    }

    /// Saves the viewport as `dir/name.png`.
    pub fn save_screenshot(&self, dir: &Path, name: &str) -> PathBuf {
        std::fs::create_dir_all(dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        let png = self.screenshot();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "the screenshot is a PNG");
        std::fs::write(&path, png).unwrap();
        path
    }

    /// Polls `probe` until it gives a value; fails the test after [`PATIENCE`], describing what
    /// was awaited.
    pub fn wait<T>(&self, what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
        let started = Instant::now();
        loop {
            if let Some(value) = probe() {
                return value;
            }
            if started.elapsed() > PATIENCE {
                let seen = self
                    .call(
                        "POST",
                        "/execute/sync",
                        Some(json!({"script": "return document.body.innerText", "args": []})),
                    )
                    .map(|v| v.as_str().unwrap_or_default().chars().take(1500).collect::<String>())
                    .unwrap_or_else(|e| e);
                let mut shot = String::new();
                if let Some(path) = &self.failure_shot {
                    let png = self.call("GET", "/screenshot", None).ok().and_then(|v| v.as_str().map(base64_decode));
                    if let Some(png) = png {
                        let _ = std::fs::create_dir_all(path.parent().unwrap());
                        if std::fs::write(path, png).is_ok() {
                            shot = format!(" (screenshot: {})", path.display());
                        }
                    }
                }
                panic!("waited {PATIENCE:?} for {what}{shot}; the page shows:\n{seen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = ureq::delete(&self.url).timeout(Duration::from_secs(20)).call();
    }
}

/// Standard base64 (with padding) to bytes.
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {c:?}"),
        }
    };
    let clean: Vec<u8> = text.bytes().filter(|c| !c.is_ascii_whitespace() && *c != b'=').collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= value(c) << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

#[test]
fn base64_decodes() {
    assert_eq!(base64_decode("aGVsbG8="), b"hello");
    assert_eq!(base64_decode("aGVsbG8h"), b"hello!");
    assert_eq!(base64_decode("aGk="), b"hi");
}
