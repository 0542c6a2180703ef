//! Integration tests of `bayegan ingest`, `search` and `show` on a real archive on disk: every
//! spelling finds its article, phrases, exclusions, filters and facets, duplicates, bad input,
//! a locked archive, and a crash in the middle of an ingest.

mod common;

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{assert_success, bayegan, stderr, stdout, TempDir};
use serde_json::Value;

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seed/page-arman-melli-1403-08-19.txt");

fn ok(output: Output) -> String {
    assert_success(&output);
    stdout(&output)
}

/// Articles of our own, each word of interest written one way in one article.
fn articles() -> String {
    let lines = [
        r#"{"id":"zwnj","newspaper":"همشهری","date":"1403-08-19","section":"سیاست","headline":"سفر رئیس‌جمهور","body":"رئیس‌جمهور امروز به استان فارس سفر کرد و گفت دولت این طرح را اجرا می‌کند."}"#,
        r#"{"id":"spaced","newspaper":"شرق","date":"2024-01-15","section":"اقتصاد","headline":"بازار خودرو","body":"رئیس جمهور در نشست اقتصادی گفت قیمت خودروها در سال ۱۴۰۳ کاهش می یابد."}"#,
        r#"{"id":"fused","newspaper":"شرق","date":"۱۴۰۲/۰۳/۰۱","headline":"دیدار","body":"رئیسجمهور با وزیر خارجه درباره آتشبس در منطقه گفتوگو کرد و این کار را ادامه میدهد."}"#,
        r#"{"id":"arabic","newspaper":"اطلاعات","date":"1401-01-10","headline":"گزارش","body":"رئيس جمهور در سال 1403 با كارگران يك كارخانه ديدار كرد."}"#,
        r#"{"id":"apart","headline":"نشست اداره","body":"رئیس اداره گفت مردم جمهوری خواهان آرامش هستند."}"#,
    ];
    lines.join("\n") + "\n"
}

fn ids(archive: &str, query: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["search", "--archive", archive, "--json", "--limit", "100"];
    args.extend_from_slice(extra);
    args.push(query);
    let results: Value = serde_json::from_str(&ok(bayegan(&args, b""))).expect("search --json prints JSON");
    let mut ids: Vec<String> =
        results["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_owned()).collect();
    ids.sort();
    ids
}

#[test]
fn every_spelling_finds_every_article() {
    let dir = TempDir::new("spellings");
    let input = dir.file("articles.jsonl");
    fs::write(&input, articles()).unwrap();
    let archive = dir.file("archive");
    let log = stderr(&bayegan(["ingest", "--archive", &archive, &input], b""));
    assert!(log.contains("ingested 5 articles"), "{log}");

    for query in ["رئیس‌جمهور", "رئیس جمهور", "رئیسجمهور", "رئيس جمهور", "\"رئیس جمهور\"", "«رئیس‌جمهور»"]
    {
        assert_eq!(ids(&archive, query, &[]), ["arabic", "fused", "spaced", "zwnj"], "query {query}");
    }
    // two words anywhere, or next to each other
    assert_eq!(ids(&archive, "رئیس مردم", &[]), ["apart"]);
    assert_eq!(ids(&archive, "\"رئیس مردم\"", &[]), Vec::<String>::new());
    for query in ["۱۴۰۳", "1403", "١٤٠٣"] {
        assert_eq!(ids(&archive, query, &[]), ["arabic", "spaced"], "query {query}");
    }
    for query in ["آتش‌بس", "آتش بس", "آتشبس", "گفت‌وگو", "گفتوگو"] {
        assert_eq!(ids(&archive, query, &[]), ["fused"], "query {query}");
    }
    assert_eq!(ids(&archive, "كارگران يك", &[]), ["arabic"]);
    assert_eq!(ids(&archive, "می‌کند", &[]), ["zwnj"], "verbs are searchable");
    assert_eq!(ids(&archive, "خودرو", &[]), ["spaced"], "a plural is found by its stem");
    assert_eq!(
        ids(&archive, "رئیس‌جمهور -خودرو", &[]),
        ["arabic", "fused", "zwnj"],
        "an excluded word leaves articles out"
    );
}

#[test]
fn filters_facets_sorting_and_show() {
    let dir = TempDir::new("filters");
    let input = dir.file("articles.jsonl");
    fs::write(&input, articles()).unwrap();
    let archive = dir.file("archive");
    ok(bayegan(["ingest", "--archive", &archive, &input], b""));
    // 2024-01-15 is 1402-10-25
    assert_eq!(ids(&archive, "رئیس‌جمهور", &["--from", "1403"]), ["zwnj"]);
    assert_eq!(ids(&archive, "رئیس‌جمهور", &["--from", "1402-10", "--to", "1402-10"]), ["spaced"]);
    assert_eq!(ids(&archive, "رئیس‌جمهور", &["--from", "2024-01-01", "--to", "2024-01-31"]), ["spaced"]);
    assert_eq!(ids(&archive, "رئیس‌جمهور", &["--newspaper", "شرق"]), ["fused", "spaced"]);
    assert_eq!(ids(&archive, "رئیس‌جمهور", &["--section", "سیاست"]), ["zwnj"]);
    let results: Value = serde_json::from_str(&ok(bayegan(
        ["search", "--archive", &archive, "--json", "--sort", "date", "رئیس‌جمهور"],
        b"",
    )))
    .unwrap();
    assert_eq!(results["total"], 4);
    let order: Vec<&str> = results["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(order, ["zwnj", "spaced", "fused", "arabic"], "newest first");
    let shark = results["facets"]["newspaper"].as_array().unwrap().iter().find(|f| f["value"] == "شرق").unwrap();
    assert_eq!(shark["count"], 2);
    assert!(results["facets"]["jalali_month"].as_array().unwrap().iter().any(|f| f["value"] == "1403-08"));
    let zwnj = results["hits"].as_array().unwrap().iter().find(|h| h["id"] == "zwnj").unwrap();
    assert!(zwnj["snippet"].as_str().unwrap().contains("<b>"), "matched words are marked");
    assert_eq!(zwnj["date"]["gregorian"], "2024-11-09");

    let shown = ok(bayegan(["show", "--archive", &archive, "spaced"], b""));
    assert!(shown.contains("بازار خودرو") && shown.contains("1402-10-25"), "{shown}");
    let missing = bayegan(["show", "--archive", &archive, "nothing-here"], b"");
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("no article with id"));
}

#[test]
fn pages_are_parsed_and_nothing_is_ingested_twice() {
    let dir = TempDir::new("pages");
    let archive = dir.file("archive");
    let log = stderr(&bayegan(["ingest", "--archive", &archive, SEED], b""));
    assert!(log.contains("ingested 3 articles (1 pages)"), "{log}");
    ok(bayegan(["ingest", "--archive", &archive, SEED], b""));
    let results: Value =
        serde_json::from_str(&ok(bayegan(["search", "--archive", &archive, "--json", "نقشه پوتین"], b""))).unwrap();
    assert_eq!(results["total"], 1, "the page ingested twice is there once");
    assert_eq!(results["hits"][0]["newspaper"], "آرمان ملی");
    assert_eq!(results["hits"][0]["date"]["jalali"], "1403-08-19");
    // the parsed structure is kept
    let id = results["hits"][0]["id"].as_str().unwrap();
    let record: Value = serde_json::from_str(&ok(bayegan(["show", "--archive", &archive, "--json", id], b""))).unwrap();
    assert_eq!(record["structure"]["headline"], "نقشه پوتین");
    // and the restorer's edits of the article's own lines, spans in bytes of the page
    let page = fs::read(SEED).unwrap();
    let edits = record["edits"].as_array().unwrap();
    assert!(edits.len() > 20, "{} edits", edits.len());
    for edit in edits {
        let (start, end) = (edit["span"]["start"].as_u64().unwrap() as usize, edit["span"]["end"].as_u64().unwrap());
        assert_eq!(&page[start..end as usize], edit["before"].as_str().unwrap().as_bytes(), "{edit}");
    }
    let shown = ok(bayegan(["show", "--archive", &archive, id], b""));
    assert!(
        shown.contains(&format!("{} edits by the restorer, spans in bytes of the text of {SEED}", edits.len())),
        "{shown}"
    );
    // every article's edits together are the page's, but for those of lines no article holds
    let all: Value =
        serde_json::from_str(&ok(bayegan(["search", "--archive", &archive, "--json", "--limit", "10", "در"], b"")))
            .unwrap();
    let mut kept = 0;
    for hit in all["hits"].as_array().unwrap() {
        let id = hit["id"].as_str().unwrap();
        let record: Value =
            serde_json::from_str(&ok(bayegan(["show", "--archive", &archive, "--json", id], b""))).unwrap();
        kept += record["edits"].as_array().unwrap().len();
    }
    let fixed: Value = serde_json::from_str(&ok(bayegan(["fix", "--json", SEED], b""))).unwrap();
    let on_page = fixed["edits"].as_array().unwrap().len();
    assert!(kept <= on_page && kept + 10 >= on_page, "{kept} of the page's {on_page} edits kept");
}

#[test]
fn search_limits_are_served_and_zero_is_a_usage_error() {
    let dir = TempDir::new("limits");
    let input = dir.file("articles.jsonl");
    fs::write(&input, articles()).unwrap();
    let archive = dir.file("archive");
    ok(bayegan(["ingest", "--archive", &archive, &input], b""));
    for limit in ["18446744073709551615", "4294967296", "3"] {
        let output = bayegan(["search", "--archive", &archive, "--json", "--limit", limit, "رئیس‌جمهور"], b"");
        let results: Value = serde_json::from_str(&ok(output)).unwrap();
        let expected = if limit == "3" { 3 } else { 4 };
        assert_eq!((results["total"].as_u64(), results["hits"].as_array().unwrap().len()), (Some(4), expected));
    }
    let zero = bayegan(["search", "--archive", &archive, "--limit", "0", "رئیس‌جمهور"], b"");
    assert_eq!(zero.status.code(), Some(2));
    assert!(stderr(&zero).contains("--limit must be at least 1"), "{}", stderr(&zero));
}

#[test]
fn newspapers_and_sections_match_however_their_letters_are_written() {
    let dir = TempDir::new("names");
    let input = dir.file("articles.jsonl");
    let more = r#"{"id":"arabic-letters","newspaper":"همشهري","date":"1403-08-20","section":"سياست","headline":"نشست دولت","body":"رئیس‌جمهور در نشست دولت از وزیران گزارش خواست."}"#;
    fs::write(&input, articles() + more + "\n").unwrap();
    let archive = dir.file("archive");
    ok(bayegan(["ingest", "--archive", &archive, &input], b""));
    for newspaper in ["همشهری", "همشهري"] {
        assert_eq!(ids(&archive, "رئیس‌جمهور", &["--newspaper", newspaper]), ["arabic-letters", "zwnj"], "{newspaper}");
    }
    for section in ["سیاست", "سياست"] {
        assert_eq!(ids(&archive, "رئیس‌جمهور", &["--section", section]), ["arabic-letters", "zwnj"], "{section}");
    }
    let results: Value =
        serde_json::from_str(&ok(bayegan(["search", "--archive", &archive, "--json", "رئیس‌جمهور"], b""))).unwrap();
    let newspapers: Vec<(&str, u64)> = results["facets"]["newspaper"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["value"].as_str().unwrap(), f["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(newspapers, [("شرق", 2), ("همشهری", 2), ("اطلاعات", 1)], "one facet for both spellings");
}

#[test]
fn usage_errors_exit_2() {
    let dir = TempDir::new("usage");
    let input = dir.file("articles.jsonl");
    fs::write(&input, articles()).unwrap();
    let archive = dir.file("archive");
    ok(bayegan(["ingest", "--archive", &archive, &input], b""));
    let dates: [&[&str]; 4] = [
        &["--from", "1403-13-01"],
        &["--from", "abc"],
        &["--from", "1402-12-30"],
        &["--from", "1403-08-20", "--to", "1403-08-01"],
    ];
    for extra in dates {
        let mut args = vec!["search", "--archive", &archive];
        args.extend_from_slice(extra);
        args.push("رئیس‌جمهور");
        let output = bayegan(&args, b"");
        assert_eq!(output.status.code(), Some(2), "{extra:?}: {}", stderr(&output));
        assert!(stderr(&output).contains(extra[1]), "the date is named: {}", stderr(&output));
    }
    for (query, why) in [("\"آتش بس", "not closed"), ("-غزه", "no word"), ("", "no word")] {
        let output = bayegan(["search", "--archive", &archive, query], b"");
        assert_eq!(output.status.code(), Some(2), "{query:?}: {}", stderr(&output));
        assert!(stderr(&output).contains(why), "{query:?}: {}", stderr(&output));
    }
    let queries = dir.write("queries.txt", "رئیس‌جمهور\n\"آتش بس\n");
    let output = bayegan(["search", "--archive", &archive, "--queries", &queries.display().to_string()], b"");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("queries.txt:2: a quoted phrase is not closed"), "{}", stderr(&output));
    assert_eq!(stdout(&output).lines().count(), 1, "the answer before it is kept");
    let output = bayegan(["ingest", "--archive", &archive], b"");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("give the page files"), "{}", stderr(&output));
}

#[test]
fn an_input_that_is_not_text_exits_65_after_the_rest_is_ingested() {
    let dir = TempDir::new("not-text");
    let good = dir.file("articles.jsonl");
    fs::write(&good, articles()).unwrap();
    let bad_text = dir.write("bad.txt", b"\xd8\xae\xd8\xa8\xd8\xb1 \xff\xfe \xd9\x85\xd8\xaa\xd9\x86\n");
    let damaged_pdf = dir.write("damaged.pdf", b"%PDF-1.4\ngarbage\n");
    let archive = dir.file("archive");
    for bad in [&bad_text, &damaged_pdf] {
        let bad = bad.display().to_string();
        let output = bayegan(["ingest", "--archive", &archive, &bad, &good], b"");
        assert_eq!(output.status.code(), Some(65), "{bad}: {}", stderr(&output));
        let log = stderr(&output);
        assert!(log.contains(&bad) && log.contains("ingested 5 articles"), "{log}");
    }
    // `fix` says the same of it
    assert_eq!(bayegan(["fix", &bad_text.display().to_string()], b"").status.code(), Some(65));
    // a file that cannot be read at all exits 1, also after the rest
    let missing = dir.file("missing.txt");
    let output = bayegan(["ingest", "--archive", &archive, &missing, &bad_text.display().to_string(), &good], b"");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let log = stderr(&output);
    assert!(log.contains("missing.txt: cannot read") && log.contains("ingested 5 articles"), "{log}");
}

#[test]
fn bad_input_and_bad_archives_get_clear_errors() {
    let dir = TempDir::new("bad");
    let input = dir.file("bad.jsonl");
    fs::write(&input, "{\"headline\": \"خبر\", \"body\": \"متن خبر\"}\nnot json\n{\"url\": \"x\"}\n{\"body\": \"متن\", \"date\": \"1403-13-40\"}\n").unwrap();
    let archive = dir.file("archive");
    let output = bayegan(["ingest", "--archive", &archive, &input], b"");
    assert_eq!(output.status.code(), Some(1));
    let log = stderr(&output);
    assert!(log.contains("bad.jsonl:2: not a JSON article"), "{log}");
    assert!(log.contains("bad.jsonl:3: neither headline nor body"), "{log}");
    assert!(log.contains("bad.jsonl:4:") && log.contains("no such"), "{log}");
    assert!(log.contains("ingested 1 articles"), "{log}");

    let missing = bayegan(["search", "--archive", &dir.file("nowhere"), "خبر"], b"");
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("no archive here"));
    let broken = dir.file("broken");
    fs::create_dir_all(&broken).unwrap();
    fs::write(Path::new(&broken).join("meta.json"), "{ not an index").unwrap();
    let output = bayegan(["search", "--archive", &broken, "خبر"], b"");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("not a readable archive") && !stderr(&output).contains("panicked"),
        "{}",
        stderr(&output)
    );
    let query = bayegan(["search", "--archive", &archive, "\"خبر"], b"");
    assert!(stderr(&query).contains("not closed"), "{}", stderr(&query));
}

#[test]
fn a_second_writer_is_refused() {
    let dir = TempDir::new("lock");
    let input = dir.file("articles.jsonl");
    fs::write(&input, articles()).unwrap();
    let archive_dir = dir.file("archive");
    ok(bayegan(["ingest", "--archive", &archive_dir, &input], b""));
    let archive = bayegan_archive::Archive::open(Path::new(&archive_dir)).unwrap();
    let held = archive.ingester().expect("the first writer takes the lock");
    let output = bayegan(["ingest", "--archive", &archive_dir, &input], b"");
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("another process is ingesting"), "{}", stderr(&output));
    drop(held);
    ok(bayegan(["ingest", "--archive", &archive_dir, &input], b""));
}

#[test]
fn a_killed_ingest_keeps_every_committed_batch() {
    let dir = TempDir::new("kill");
    let input = dir.file("many.jsonl");
    let mut text = String::new();
    for i in 0..20_000 {
        text.push_str(&format!(
            "{{\"id\": \"n{i}\", \"headline\": \"خبر شماره {i}\", \"body\": \"رئیس‌جمهور امروز در نشست شماره {i} گفت که دولت برنامه‌های تازه‌ای برای بهبود وضع اقتصادی مردم دارد و آن را اجرا می‌کند.\"}}\n"
        ));
    }
    fs::write(&input, text).unwrap();
    let archive = dir.file("archive");
    let mut child = Command::new(env!("CARGO_BIN_EXE_bayegan"))
        .args(["ingest", "--archive", &archive, "--batch", "1000", &input])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut reported = 0u64;
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    while let Some(Ok(line)) = lines.next() {
        if let Some(n) = line.strip_prefix("committed ").and_then(|l| l.strip_suffix(" articles")) {
            reported = n.parse().unwrap();
            if reported >= 3000 {
                break;
            }
        }
    }
    child.kill().expect("SIGKILL the ingest");
    child.wait().unwrap();
    assert!(reported >= 3000, "the ingest reported {reported} committed before it was killed");
    let opened = bayegan_archive::Archive::open(Path::new(&archive)).expect("the killed archive opens");
    assert!(opened.len() >= reported, "{} articles in the archive, {reported} reported committed", opened.len());
    // and it takes more: the lock died with the process
    let more = dir.file("more.jsonl");
    fs::write(&more, articles()).unwrap();
    ok(bayegan(["ingest", "--archive", &archive, &more], b""));
}

/// `bayegan serve` on a free loopback port, killed when dropped.
struct Served {
    child: std::process::Child,
    /// Its standard error up to the line that says it serves.
    log: String,
    addr: String,
}

impl Served {
    /// Starts `bayegan serve ARGS` in `cwd` and waits until it serves.
    fn start(cwd: &Path, args: &[&str]) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bayegan"))
            .arg("serve")
            .args(args)
            .args(["--addr", "127.0.0.1:0"])
            .current_dir(cwd)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut log = String::new();
        let mut addr = None;
        for line in BufReader::new(child.stderr.take().unwrap()).lines() {
            let line = line.unwrap();
            log.push_str(&line);
            log.push('\n');
            if let Some(rest) = line.split(" at http://").nth(1) {
                addr = rest.split('/').next().map(str::to_owned);
                break;
            }
        }
        let Some(addr) = addr else {
            let _ = child.kill();
            panic!("the server did not start: {log}");
        };
        Served { child, log, addr }
    }

    /// The status line of `GET path`.
    fn status_of(&self, path: &str) -> String {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(&self.addr).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.addr).unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).unwrap();
        String::from_utf8_lossy(&answer).lines().next().unwrap_or_default().to_owned()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serve_refuses_an_empty_token_file() {
    let dir = TempDir::new("token");
    for (name, text) in [("empty.tok", ""), ("blank.tok", " \n\t\n")] {
        let file = dir.write(name, text).display().to_string();
        let mut child = Command::new(env!("CARGO_BIN_EXE_bayegan"))
            .args(["serve", "--archive", &dir.file("archive"), "--addr", "127.0.0.1:0", "--token-file", &file])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut log = String::new();
        for line in BufReader::new(child.stderr.take().unwrap()).lines() {
            let line = line.unwrap();
            if line.contains(" at http://") {
                // it serves: stop it rather than wait
                let _ = child.kill();
                let _ = child.wait();
                panic!("served with the empty token file {name}: {line}");
            }
            log.push_str(&line);
        }
        assert_eq!(child.wait().unwrap().code(), Some(2), "{log}");
        assert!(log.contains(&format!("{file}: the token file is empty")), "{log}");
    }
}

#[test]
fn serve_finds_the_font_or_says_where_it_looked() {
    // started away from the repository
    let dir = TempDir::new("fonts");
    let archive = dir.file("archive");
    let served = Served::start(dir.path(), &["--archive", &archive]);
    let font = served.status_of("/fonts/Vazirmatn%5Bwght%5D.woff2");
    if font.contains(" 200 ") {
        // installed by scripts/setup.sh: found beside the executable
        assert!(!served.log.contains("warning"), "{}", served.log);
    } else {
        assert!(font.contains(" 404 "), "{font}");
        let log = &served.log;
        assert!(log.contains("warning: the Vazirmatn font is not installed") && log.contains("--fonts DIR"), "{log}");
        assert!(log.contains("target/web/node_modules/vazirmatn/fonts/webfonts"), "where it looked: {log}");
    }
    drop(served);

    let empty = dir.path().join("no-fonts");
    fs::create_dir_all(&empty).unwrap();
    let served = Served::start(dir.path(), &["--archive", &archive, "--fonts", "no-fonts"]);
    assert!(served.log.contains("--fonts no-fonts: no Vazirmatn[wght].woff2 there"), "{}", served.log);
    drop(served);
    let output = bayegan(["serve", "--archive", &archive, "--fonts", &dir.file("nowhere")], b"");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("nowhere: no such directory"), "{}", stderr(&output));
}
