//! The web page in a real browser: headless Chromium driven over WebDriver (chromedriver)
//! against a server on loopback over an archive of the project's own pages. A person's paths
//! through the page — search, filter by Solar Hijri dates, narrow by a facet, read an article,
//! show the restorer's corrections, restore pasted text — with the mouse at desktop width and
//! with the keyboard alone at phone width. Assertions are on what the page shows (its DOM
//! text); screenshots go to `target/screenshots/` for people to look at.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`bash scripts/setup.sh` installs them); the
//! test fails, saying so, when they are missing.

mod common;
mod webdriver;

use std::path::{Path, PathBuf};

use bayegan_archive::{Archive, ArticleRecord};
use bayegan_page::Parser;
use bayegan_server::ServerConfig;
use bayegan_text::Restorer;
use common::{RunningServer, TempDir};
use serde::Deserialize;
use serde_json::{json, Value};
use webdriver::{Driver, Session, CONTROL, ENTER, SHIFT, TAB};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
/// The query: the pages write `می‌شود` with a ZWNJ or fused (`میشود`); it is typed fused.
const QUERY: &str = "میشود";
/// The id of the sample page's first article ingested once more from its unrestored text as a
/// JSON line, whose edits are of its body (those of articles cut from pages are of the page).
const RAW_ID: &str = "sample-page-unrestored";

fn screenshots() -> PathBuf {
    Path::new(ROOT).join("target/screenshots")
}

/// The project's own pages: the page parser's test pages and the example page.
fn page_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join("crates/page/tests/pages"))
        .expect("the page parser's test pages")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files.push(Path::new(ROOT).join("examples/sample-page.txt"));
    assert!(files.len() >= 5, "{files:?}");
    files
}

/// An archive of the pages' articles with the edits of their lines (as `bayegan ingest` reads
/// a page), and the sample page's first article once more from its unrestored text as a JSON
/// line (as `bayegan ingest` reads `.jsonl`), with the edits of its body.
fn build_archive(dir: &Path) {
    let archive = Archive::open_or_create(dir).unwrap();
    let mut ingester = archive.ingester().unwrap();
    let parser = Parser::new();
    for file in page_files() {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&file).unwrap();
        let parsed = parser.parse_with_edits(&name, &text, &[]).unwrap_or_else(|e| panic!("{name}: {e}"));
        for record in ArticleRecord::from_page(&parsed.page, &text, &parsed.edits, &name) {
            ingester.add(&record).unwrap();
        }
    }
    let text = std::fs::read_to_string(Path::new(ROOT).join("examples/sample-page.txt")).unwrap();
    let page = Parser::builder().raw(true).build().parse("sample-page.txt", &text).unwrap();
    let first = &page.articles[0];
    let body: Vec<&str> = first.blocks.iter().map(|b| b.text.as_str()).collect();
    let line = json!({
        "id": RAW_ID,
        "newspaper": page.newspaper,
        "date": page.date.as_ref().and_then(|d| d.jalali.clone()),
        "headline": first.headline,
        "body": body.join("\n"),
    })
    .to_string();
    let record = ArticleRecord::from_json_line(&line, "sample-page.txt", &Restorer::new()).unwrap().unwrap();
    assert!(!record.edits.is_empty(), "the unrestored text needs edits");
    ingester.add(&record).unwrap();
    ingester.finish().unwrap();
}

/// A server on a free loopback port over a fresh archive of the pages; stopped when dropped.
struct Server(RunningServer);

impl Server {
    fn start(dir: &Path) -> Server {
        let archive = dir.join("archive");
        build_archive(&archive);
        let mut config = ServerConfig::new(archive);
        config.addr = "127.0.0.1:0".parse().unwrap();
        config.fonts = fonts();
        Server(RunningServer::start(config))
    }

    fn url(&self, path: &str) -> String {
        self.0.url(path)
    }

    /// What the API answers for a search: the page must show the same.
    fn total(&self, params: &[(&str, &str)]) -> u64 {
        let mut request = ureq::get(&self.url("/api/search"));
        for (k, v) in params {
            request = request.query(k, v);
        }
        let value: Value = serde_json::from_str(&request.call().unwrap().into_string().unwrap()).unwrap();
        value["total"].as_u64().unwrap()
    }
}

/// Where scripts/setup.sh installs the Vazirmatn font, when it could.
fn fonts() -> Option<PathBuf> {
    Some(Path::new(ROOT).join("target/web/node_modules/vazirmatn/fonts/webfonts"))
        .filter(|p| p.join("Vazirmatn[wght].woff2").is_file())
}

/// A test's scratch directory, and the browser stack over it: server, chromedriver, session.
/// Fields drop in order: the session closes before chromedriver is killed.
struct Stack {
    session: Session,
    _driver: Driver,
    server: Server,
    _dir: TempDir,
}

impl Stack {
    fn start(test: &str, mobile: Option<u32>) -> Stack {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("browser-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let server = Server::start(&dir);
        let driver = Driver::start(&dir.join("chromedriver.log"));
        let mut session = driver.session(&dir.join("profile"), mobile);
        session.failure_shot = Some(screenshots().join(format!("failed-{test}.png")));
        Stack { session, _driver: driver, server, _dir: TempDir(dir) }
    }

    fn shot(&self, name: &str) {
        self.session.save_screenshot(&screenshots(), name);
    }
}

/// What the search view shows.
#[derive(Debug, Deserialize)]
struct SearchView {
    status: String,
    busy: bool,
    hits: Vec<HitView>,
    chips: Vec<String>,
    facets: Vec<FacetView>,
}

#[derive(Debug, Deserialize)]
struct HitView {
    id: String,
    headline: String,
    time: Option<String>,
    meta: String,
    marks: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct FacetView {
    f: String,
    v: String,
    pressed: bool,
}

const SEARCH_VIEW: &str = r#"
const all = (s, root) => [...(root || document).querySelectorAll(s)];
const view = document.getElementById('view-search');
return {
  status: document.getElementById('status').textContent,
  busy: view.hidden || document.getElementById('results').getAttribute('aria-busy') === 'true',
  hits: all('#hits .hit').map(li => ({
    id: li.querySelector('h2 a').dataset.id,
    headline: li.querySelector('h2 a').textContent,
    time: li.querySelector('.meta time') ? li.querySelector('.meta time').textContent : null,
    meta: li.querySelector('.meta') ? li.querySelector('.meta').textContent : '',
    marks: all('.snippet b', li).map(b => b.textContent),
  })),
  chips: all('#active .chip').map(c => c.textContent),
  facets: all('#facets button').map(b => ({f: b.dataset.f, v: b.dataset.v, pressed: b.getAttribute('aria-pressed') === 'true'})),
};"#;

fn search_view(session: &Session) -> SearchView {
    serde_json::from_value(session.js(SEARCH_VIEW, json!([]))).expect("the search view's state")
}

/// The number the status line opens with (`۱۴ نتیجه`), Persian digits read.
fn shown_total(status: &str) -> Option<u64> {
    let digits: String = status
        .chars()
        .take_while(|c| !c.is_whitespace())
        .filter(|c| *c != '٬')
        .map(|c| match c {
            '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
            other => other,
        })
        .collect();
    digits.parse().ok()
}

/// Waits until the search view has settled on `total` results (a non-empty list when any).
fn wait_results(session: &Session, total: u64, what: &str) -> SearchView {
    session.wait(&format!("{what}: {total} results"), || {
        let view = search_view(session);
        (!view.busy && shown_total(&view.status) == Some(total) && view.hits.len() as u64 == total.min(10))
            .then_some(view)
    })
}

/// Text with ZWNJs, spaces and Arabic ی/ک folded away, to compare spellings.
fn spelling(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{200c}' | ' '))
        .map(|c| match c {
            'ي' => 'ی',
            'ك' => 'ک',
            c => c,
        })
        .collect()
}

/// Every marked word of a snippet is a spelling of the query, and the first hit has one.
fn assert_marks(view: &SearchView) {
    assert!(!view.hits[0].marks.is_empty(), "the best hit's snippet marks the query: {:?}", view.hits[0]);
    for hit in &view.hits {
        for mark in &hit.marks {
            assert_eq!(spelling(mark), spelling(QUERY), "a marked word that is not the query in {hit:?}");
        }
    }
}

/// Whether the page is wider than the viewport (a sideways scroll at phone width).
fn overflow(session: &Session) -> Value {
    session.js(
        "const w = document.documentElement.clientWidth;
         const wide = [...document.querySelectorAll('body *')].filter(e => { const r = e.getBoundingClientRect(); return r.width && (r.right > w + 1 || r.left < -1); })
           .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + (e.id || ''));
         return {scroll: document.documentElement.scrollWidth, width: w, inner: window.innerWidth, wide};",
        json!([]),
    )
}

fn assert_fits(session: &Session, width: u64, where_: &str) {
    let o = overflow(session);
    assert_eq!(o["inner"].as_u64(), Some(width), "the viewport is {width} CSS pixels wide: {o}");
    assert!(o["scroll"].as_u64().unwrap() <= o["width"].as_u64().unwrap(), "{where_}: the page scrolls sideways: {o}");
    assert!(o["wide"].as_array().unwrap().is_empty(), "{where_}: elements stick out of the viewport: {o}");
}

fn assert_rtl_persian_page(session: &Session) {
    let root = session.js(
        "const h = document.documentElement; return [h.lang, h.dir, getComputedStyle(document.body).direction]",
        json!([]),
    );
    assert_eq!(root, json!(["fa", "rtl", "rtl"]));
}

/// With the font installed, the page is set in Vazirmatn (not a fallback).
fn assert_font(session: &Session) {
    if fonts().is_none() {
        eprintln!("the Vazirmatn font is not installed (bash scripts/setup.sh): its check is skipped");
        return;
    }
    session.wait("the Vazirmatn font to load", || {
        let status = session.js(
            "return [...document.fonts].filter(f => f.family.replace(/\"/g, '') === 'Vazirmatn').map(f => f.status)",
            json!([]),
        );
        let list = status.as_array().cloned().unwrap_or_default();
        assert!(!list.is_empty(), "the page declares the Vazirmatn font");
        assert!(!list.iter().any(|s| s == "error"), "the Vazirmatn font failed to load: {list:?}");
        list.iter().any(|s| s == "loaded").then_some(())
    });
}

fn active(session: &Session) -> Value {
    session.js(
        "const e = document.activeElement; return {tag: e.tagName.toLowerCase(), id: e.id, text: e.textContent.trim().slice(0, 80),
           nav: e.dataset.nav || null, dataId: e.dataset.id || null, f: e.dataset.f || null, v: e.dataset.v || null,
           pressed: e.getAttribute('aria-pressed'), summary: e.tagName === 'SUMMARY', visible: e.matches(':focus-visible')}",
        json!([]),
    )
}

/// Presses Tab until `want` holds for the focused element (at most `most` times); the focused
/// elements on the way.
fn tab_to(session: &Session, want: impl Fn(&Value) -> bool, most: usize, what: &str) -> Vec<Value> {
    let mut seen = Vec::new();
    for _ in 0..most {
        session.keys(TAB);
        let now = active(session);
        seen.push(now.clone());
        if want(&now) {
            return seen;
        }
    }
    panic!("{most} Tabs did not reach {what}; focus went through {seen:#?}")
}

#[test]
fn search_filter_read_and_fix_with_the_mouse() {
    let stack = Stack::start("desktop", None);
    let (session, server) = (&stack.session, &stack.server);
    session.goto(&server.url("/"));
    assert_rtl_persian_page(session);
    session.wait("the page to start", || search_view(session).status.contains("واژه‌ای بنویسید").then_some(()));
    assert_font(session);

    // a search: headline, Solar Hijri date and the query marked in each snippet
    let all = server.total(&[("q", QUERY)]);
    assert!(all >= 5, "the pages have {all} articles with {QUERY}");
    session.type_into(&session.wait_find("#q"), QUERY);
    let view = wait_results(session, all, "the search");
    assert!(view.hits.iter().all(|h| !h.headline.is_empty() && h.headline != "بی‌تیتر"), "{view:?}");
    let dated: Vec<_> = view.hits.iter().filter_map(|h| h.time.as_deref()).collect();
    assert!(!dated.is_empty() && dated.iter().any(|t| t.contains("آبان ۱۴۰۳")), "Solar Hijri dates shown: {view:?}");
    assert_marks(&view);
    let hash = session.js("return decodeURIComponent(location.hash)", json!([]));
    assert!(hash.as_str().unwrap().contains(&format!("q={QUERY}")), "the search is in the address: {hash}");
    stack.shot("desktop-1-results");

    // a Solar Hijri date range, typed in Persian digits
    let (from, to) = ("1403-08-22", "1403-08-24");
    let ranged = server.total(&[("q", QUERY), ("from", from), ("to", to)]);
    assert!(0 < ranged && ranged < all, "the range narrows the search: {ranged} of {all}");
    session.type_into(&session.find("#from").unwrap(), "۱۴۰۳/۰۸/۲۲");
    session.type_into(&session.find("#to").unwrap(), "۱۴۰۳/۰۸/۲۴");
    let view = wait_results(session, ranged, "the date range");
    for hit in &view.hits {
        let time = hit.time.as_deref().unwrap_or_else(|| panic!("a hit in a date range has a date: {hit:?}"));
        assert!(["۲۲ آبان ۱۴۰۳", "۲۳ آبان ۱۴۰۳", "۲۴ آبان ۱۴۰۳"].contains(&time), "{time} is in the range");
    }
    assert!(view.chips.iter().any(|c| c.contains("۲۲ آبان ۱۴۰۳") && c.contains("۲۴ آبان ۱۴۰۳")), "{:?}", view.chips);
    stack.shot("desktop-2-dates");

    // a section facet
    let section = view.facets.iter().find(|f| f.f == "section").expect("a section facet within the range");
    let (name, pressed_before) = (section.v.clone(), section.pressed);
    assert!(!pressed_before);
    let narrowed = server.total(&[("q", QUERY), ("from", from), ("to", to), ("section", &name)]);
    assert!(0 < narrowed && narrowed < ranged, "the facet narrows the range: {narrowed} of {ranged}");
    session.click(&session.find(&format!("#facets button[data-f='section'][data-v='{name}']")).unwrap());
    let view = wait_results(session, narrowed, "the section facet");
    assert!(view.facets.iter().any(|f| f.f == "section" && f.v == name && f.pressed), "{:?}", view.facets);
    assert!(view.chips.iter().any(|c| c.contains(&name)), "{:?}", view.chips);
    assert!(view.hits.iter().all(|h| h.meta.contains(&name)), "every hit is in {name}: {view:?}");

    // an article cut from a page: its headline, dates and paragraphs
    let opened = &view.hits[0];
    session.click(&session.find(&format!("#hits a[data-id='{}']", opened.id)).unwrap());
    let article = session.wait("the article", || {
        let a = session.js(
            "const v = document.getElementById('view-article'); const h = document.getElementById('art-title');
             if (v.hidden || !h) return null;
             return {title: h.textContent, focused: document.activeElement === h, meta: (document.querySelector('.art-head .meta') || {}).textContent || '',
                     paragraphs: document.querySelectorAll('#art-body p, #art-body h3').length, switchOff: document.getElementById('show-edits').disabled,
                     doc: document.title, body: document.getElementById('art-body').textContent}",
            json!([]),
        );
        (!a.is_null()).then_some(a)
    });
    assert_eq!(article["title"], opened.headline.as_str(), "{article}");
    assert_eq!(article["focused"], true, "the headline takes the focus");
    assert!(article["meta"].as_str().unwrap().contains("آبان ۱۴۰۳"), "{article}");
    assert!(article["paragraphs"].as_u64().unwrap() >= 2, "{article}");
    assert!(article["doc"].as_str().unwrap().starts_with(&opened.headline), "{article}");
    assert!(spelling(article["body"].as_str().unwrap()).contains(&spelling(QUERY)));
    stack.shot("desktop-3-article");
    // its corrections, placed in its paragraphs from the page's text
    let marks = "return [...document.querySelectorAll('#art-body mark')].map(m => ({cls: m.className, title: m.title, text: m.textContent}))";
    let count = session.js("return document.querySelector('.switch .count').textContent", json!([]));
    let edits = shown_total(count.as_str().unwrap().trim_matches(['(', ')'])).unwrap();
    assert!(edits > 0 && article["switchOff"] == false, "the page's edits are kept: {article}");
    session.click(&session.find("#show-edits").unwrap());
    let shown = session.wait("the page's corrections shown", || {
        let m = session.js(marks, json!([]));
        (!m.as_array().unwrap().is_empty()).then_some(m)
    });
    let shown = shown.as_array().unwrap();
    assert!(shown.len() as u64 <= edits && shown.len() as u64 * 2 >= edits, "{} of {edits} edits marked", shown.len());
    assert!(shown.iter().all(|m| m["title"].as_str().unwrap().contains(" ← ")), "{shown:?}");
    session.click(&session.find("#show-edits").unwrap());
    session.wait("the page's corrections hidden", || {
        session.js(marks, json!([])).as_array().unwrap().is_empty().then_some(())
    });

    // back to the same results, the opened link focused
    session.click(&session.find("#back").unwrap());
    wait_results(session, narrowed, "back to the results");
    let focus = active(session);
    assert_eq!(focus["dataId"], opened.id.as_str(), "{focus}");

    // the filters off (their chips), then the month of the sample page as a facet
    session.click(&session.find("#active .chip[data-clear='section']").unwrap());
    wait_results(session, ranged, "the section filter removed");
    session.click(&session.find("#active .chip[data-clear='dates']").unwrap());
    let view = wait_results(session, all, "the date filter removed");
    let month = view.facets.iter().find(|f| f.f == "jalali_month" && f.v == "1403-09").expect("the month 1403-09");
    let in_month = server.total(&[("q", QUERY), ("from", "1403-09"), ("to", "1403-09")]);
    session.click(&session.find(&format!("#facets button[data-f='jalali_month'][data-v='{}']", month.v)).unwrap());
    let view = wait_results(session, in_month, "the month facet");
    assert!(view.hits.iter().any(|h| h.id == RAW_ID), "{view:?}");
    let value =
        session.js("return [document.getElementById('from').value, document.getElementById('to').value]", json!([]));
    assert_eq!(value, json!(["۱۴۰۳/۰۹", "۱۴۰۳/۰۹"]), "the month fills the date fields");

    // the corrections of an article ingested from unrestored text, on and off
    session.click(&session.find(&format!("#hits a[data-id='{RAW_ID}']")).unwrap());
    let edits = session.wait("the article with edits", || {
        let n = session.js(
            "const v = document.getElementById('view-article'), s = document.getElementById('show-edits');
             return v.hidden || !s || s.disabled ? null : document.querySelector('.switch .count').textContent",
            json!([]),
        );
        n.as_str().map(|s| shown_total(s.trim_matches(['(', ')'])).unwrap())
    });
    assert!(edits > 0);
    assert_eq!(session.js(marks, json!([])), json!([]), "no marks before the switch is on");
    session.click(&session.find("#show-edits").unwrap());
    let shown = session.wait("the corrections shown", || {
        let m = session.js(marks, json!([]));
        (!m.as_array().unwrap().is_empty()).then_some(m)
    });
    let shown = shown.as_array().unwrap();
    assert!(shown.len() as u64 <= edits && shown.len() as u64 * 2 >= edits, "{} of {edits} edits marked", shown.len());
    for mark in shown {
        // `before ← after`: the arrow points the way right-to-left text reads
        let title = mark["title"].as_str().unwrap();
        assert!(title.contains(" ← ") && mark["cls"].as_str().unwrap().starts_with("e-"), "{mark}");
    }
    assert!(
        shown
            .iter()
            .any(|m| m["cls"].as_str().unwrap().contains("e-zwnj")
                && m["title"].as_str().unwrap().contains("‹نیم‌فاصله›")),
        "a ZWNJ put back is marked: {shown:?}"
    );
    let legend = session.js("return document.getElementById('art-legend').textContent", json!([]));
    assert!(legend.as_str().unwrap().contains("نیم‌فاصله"), "{legend}");
    stack.shot("desktop-4-corrections");
    session.click(&session.find("#show-edits").unwrap());
    session
        .wait("the corrections hidden", || session.js(marks, json!([])).as_array().unwrap().is_empty().then_some(()));

    // the fix pane: pasted text restored, its edits marked
    session.click(&session.find("a[data-nav='fix']").unwrap());
    let input = session.wait_find("#view-fix:not([hidden]) #fix-text");
    session.type_into(&input, "رئیسجمهور این طرح را اجرا میکند و نگرانی ها کم شد");
    session.click(&session.find("#fix-go").unwrap());
    let fixed = session.wait("the restored text", || {
        let f = session.js(
            "const r = document.getElementById('fix-result'); if (r.hidden) return null;
             return {text: document.getElementById('fix-out').textContent, status: document.getElementById('fix-status').textContent,
                     marks: [...document.querySelectorAll('#fix-out mark')].map(m => m.title)}",
            json!([]),
        );
        (!f.is_null()).then_some(f)
    });
    assert_eq!(fixed["text"], "رئیس\u{200c}جمهور این طرح را اجرا می\u{200c}کند و نگرانی\u{200c}ها کم شد", "{fixed}");
    assert!(fixed["marks"].as_array().unwrap().len() >= 3, "{fixed}");
    assert!(fixed["status"].as_str().unwrap().contains("اصلاح"), "{fixed}");
    stack.shot("desktop-5-fix");
}

#[test]
fn phone_width_with_the_keyboard_alone() {
    const WIDTH: u64 = 390;
    let stack = Stack::start("phone", Some(WIDTH as u32));
    let (session, server) = (&stack.session, &stack.server);
    session.goto(&server.url("/"));
    assert_rtl_persian_page(session);
    session.wait("the page to start", || search_view(session).status.contains("واژه‌ای بنویسید").then_some(()));
    assert_fits(session, WIDTH, "the empty search page");

    // Tab from the top: the brand, the two sections, then the search box
    let path = tab_to(session, |a| a["id"] == "q", 8, "the search box");
    assert_eq!(path.len(), 4, "brand, search, fix, then the box: {path:#?}");
    assert_eq!(path[1]["nav"], "search");
    assert!(path.iter().all(|a| a["visible"] == true), "focus is visible: {path:#?}");
    session.keys(QUERY);
    session.keys(ENTER);
    let all = server.total(&[("q", QUERY)]);
    let view = wait_results(session, all, "the search from the keyboard");
    assert_marks(&view);
    assert_fits(session, WIDTH, "the results");
    stack.shot("phone-1-results");

    // the facets are folded away at phone width: open them, pick one
    tab_to(session, |a| a["summary"] == true, 12, "the facets' summary");
    session.keys(ENTER);
    let picked = tab_to(session, |a| a["f"].is_string(), 3, "a facet").pop().unwrap();
    assert_eq!(picked["pressed"], "false");
    let (f, v) = (picked["f"].as_str().unwrap(), picked["v"].as_str().unwrap());
    let filter: Vec<(&str, &str)> =
        if f == "jalali_month" { vec![("q", QUERY), ("from", v), ("to", v)] } else { vec![("q", QUERY), (f, v)] };
    let narrowed = server.total(&filter);
    assert!(narrowed < all, "{f}={v} narrows the search");
    session.keys(ENTER);
    wait_results(session, narrowed, "the facet from the keyboard");
    let focus = session.wait("the focus back on the pressed facet", || {
        let a = active(session);
        (a["pressed"] == "true").then_some(a)
    });
    assert_eq!((focus["f"].as_str(), focus["v"].as_str()), (Some(f), Some(v)));
    assert_fits(session, WIDTH, "the open facets");
    stack.shot("phone-2-facet");

    // Tab on to the first result and open it with Enter
    let link = tab_to(session, |a| a["dataId"].is_string(), 40, "a result").pop().unwrap();
    session.keys(ENTER);
    let title = session.wait("the article's headline focused", || {
        let a = active(session);
        (a["id"] == "art-title").then_some(a)
    });
    assert_eq!(title["text"], link["text"], "the opened article is the one chosen");
    session.js("window.scrollTo(0, 0)", json!([]));
    assert_fits(session, WIDTH, "the article");
    stack.shot("phone-3-article");

    // Shift+Tab to the back link, Enter: the results again, with the link focused
    session.chord(&[SHIFT, TAB]);
    let back = active(session);
    assert_eq!(back["id"], "back", "{back}");
    session.keys(ENTER);
    wait_results(session, narrowed, "back to the results");
    let again = session.wait("the opened result focused again", || {
        let a = active(session);
        (a["dataId"] == link["dataId"]).then_some(a)
    });
    assert_eq!(again["text"], link["text"]);

    // the fix pane at phone width
    session.goto(&server.url("/#/fix"));
    let input = session.wait_find("#view-fix:not([hidden]) #fix-text");
    session.type_into(&input, "کتابهای تازه ای به کتابخانه رسید");
    session.chord(&[CONTROL, ENTER]);
    session.wait("the restored text", || {
        let r = session.js("return document.getElementById('fix-result').hidden ? null : document.getElementById('fix-out').textContent", json!([]));
        r.as_str().map(str::to_owned)
    });
    assert_fits(session, WIDTH, "the fix pane");
    stack.shot("phone-4-fix");
}
