//! The baseline for `bench/archive.sh`: the same documents indexed raw with tantivy's default
//! analyzer (split on non-alphanumerics, lower-case), the same queries through tantivy's query
//! parser. Prints one JSON line per query in the shape of `bayegan search --queries`, for
//! `bench/archive_recall.py --results`.
//!
//!     cargo run --release -p bayegan-archive --example default_analyzer -- DOCS.jsonl QUERIES.jsonl > out.jsonl

use std::io::{BufRead, Write};

use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Schema, Value, STORED, STRING, TEXT};
use tantivy::{doc, Index, TantivyDocument};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [docs, queries] = &args[..] else {
        return Err("usage: default_analyzer DOCS.jsonl QUERIES.jsonl (from bench/make_variants.py)".into());
    };
    let mut builder = Schema::builder();
    let id = builder.add_text_field("id", STRING | STORED);
    let text = builder.add_text_field("text", TEXT);
    let index = Index::create_in_ram(builder.build());
    let mut writer = index.writer(100 << 20)?;
    for line in std::io::BufReader::new(std::fs::File::open(docs)?).lines() {
        let article: serde_json::Value = serde_json::from_str(&line?)?;
        let field = |name: &str| article[name].as_str().unwrap_or("").to_owned();
        let all = [field("headline"), field("lead"), field("body")].join("\n");
        writer.add_document(doc!(id => field("id"), text => all))?;
    }
    writer.commit()?;
    let searcher = index.reader()?.searcher();
    let mut parser = QueryParser::for_index(&index, vec![text]);
    parser.set_conjunction_by_default();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in std::io::BufReader::new(std::fs::File::open(queries)?).lines() {
        let query: serde_json::Value = serde_json::from_str(&line?)?;
        let typed = query["query"].as_str().unwrap_or("");
        let hits: Vec<serde_json::Value> = match parser.parse_query(typed) {
            Ok(parsed) => searcher
                .search(&parsed, &TopDocs::with_limit(100_000))?
                .into_iter()
                .map(|(_, address)| {
                    let found: TantivyDocument = searcher.doc(address).expect("a stored document");
                    serde_json::json!({"id": found.get_first(id).and_then(|v| v.as_str()).unwrap_or("")})
                })
                .collect(),
            Err(_) => Vec::new(),
        };
        writeln!(out, "{}", serde_json::json!({"query": typed, "total": hits.len(), "took_ms": 0.0, "hits": hits}))?;
    }
    Ok(())
}
