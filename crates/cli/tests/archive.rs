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
