//! `bayegan ingest`, `bayegan search` and `bayegan show`: the archive from the command line.

use std::fs;
use std::io::{self, BufRead, BufWriter, Write};
use std::path::Path;
use std::sync::{mpsc, Arc};
use std::time::Instant;

use anyhow::{bail, Context};
use bayegan_archive::{Archive, ArticleRecord, DateFilter, SearchRequest, SearchResults, Sort};
use bayegan_extract::Repairer;
use bayegan_page::Parser;
use bayegan_text::Restorer;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::{IngestArgs, SearchArgs, ShowArgs, SortArg};

/// What came of one unit of input.
enum Outcome {
    Article(Box<ArticleRecord>),
    Page,
    Skipped(String),
    Error(String),
    /// Bytes of input done, for the progress bar.
    Progress(u64),
}

pub fn ingest(args: IngestArgs) -> anyhow::Result<()> {
    if args.paths.is_empty() {
        bail!("give the page files, directories or .jsonl files to ingest");
    }
    // pages (`.txt`, `.md`, PDFs, images) and articles (`.jsonl`)
    let accept = |path: &Path| bayegan_archive::is_text_input(path) || crate::extract::has_document_extension(path);
    let files = bayegan_archive::input_files(&args.paths, &accept)?;
    let total_bytes: u64 = files.iter().filter_map(|f| fs::metadata(f).ok()).map(|m| m.len()).sum();
    let archive = Archive::open_or_create(&args.archive)?;
    let mut ingester = archive.ingester()?;
    let restorer = Restorer::new();
    let parser = Parser::new();
    let repairer = Arc::new(Repairer::new());
    let bar = ProgressBar::new(total_bytes);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:40} {bytes}/{total_bytes} {msg}").unwrap(),
    );
    let started = Instant::now();
    let (sender, receiver) = mpsc::sync_channel::<Outcome>(1024);
    let (mut articles, mut pages, mut skipped, mut errors) = (0u64, 0u64, 0u64, Vec::new());
    let lossy = args.lossy;
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let files = &files;
        let (restorer, parser, repairer) = (&restorer, &parser, &repairer);
        scope.spawn(move || {
            files.par_iter().for_each_with(sender, |sender, file| {
                if crate::extract::is_document(file) {
                    read_document(file, parser, repairer, sender)
                } else {
                    read_file(file, restorer, parser, lossy, sender)
                }
            });
        });
        for outcome in receiver {
            match outcome {
                Outcome::Article(record) => {
                    ingester.add(&record)?;
                    articles += 1;
                    if articles % args.batch == 0 {
                        ingester.commit()?;
                        // a line a commit: what it names survives a crash from here on
                        bar.suspend(|| eprintln!("committed {articles} articles"));
                    }
                }
                Outcome::Page => pages += 1,
                Outcome::Skipped(why) => {
                    skipped += 1;
                    if skipped <= 5 {
                        bar.suspend(|| eprintln!("bayegan: skipped {why}"));
                    }
                }
                Outcome::Error(why) => {
                    if errors.len() < 20 {
                        bar.suspend(|| eprintln!("bayegan: {why}"));
                    }
                    errors.push(why);
                }
                Outcome::Progress(bytes) => bar.inc(bytes),
            }
        }
        Ok(())
    })?;
    bar.set_message("merging segments");
    ingester.finish()?;
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "ingested {articles} articles ({pages} pages) into {} in {seconds:.2}s ({:.0} articles/s); {skipped} skipped, {} errors",
        args.archive.display(),
        articles as f64 / seconds.max(1e-9),
        errors.len()
    );
    if errors.is_empty() {
        Ok(())
    } else {
        bail!("{} inputs could not be ingested; the first: {}", errors.len(), errors[0])
    }
}

/// Reads one input file and sends its articles (or what went wrong) to the writer. A `.jsonl`
/// file is read a batch of lines at a time, so memory stays bounded however large it is.
fn read_file(file: &Path, restorer: &Restorer, parser: &Parser, lossy: bool, sender: &mut mpsc::SyncSender<Outcome>) {
    const LINES_AT_ONCE: usize = 4096;
    let size = fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    if file.extension().is_some_and(|e| e == "jsonl") {
        let opened = fs::File::open(file);
        let Ok(opened) = opened else {
            let _ = sender
                .send(Outcome::Error(format!("{}: cannot open (check the path and permissions)", file.display())));
            let _ = sender.send(Outcome::Progress(size));
            return;
        };
        let mut reader = io::BufReader::new(opened);
        let mut number = 0;
        loop {
            let mut batch: Vec<(usize, String)> = Vec::with_capacity(LINES_AT_ONCE);
            let mut bytes = 0u64;
            while batch.len() < LINES_AT_ONCE {
                let mut raw = Vec::new();
                match reader.read_until(b'\n', &mut raw) {
                    Ok(0) => break,
                    Ok(n) => bytes += n as u64,
                    Err(err) => {
                        let _ = sender.send(Outcome::Error(format!(
                            "{}:{}: cannot read ({err})",
                            file.display(),
                            number + 1
                        )));
                        break;
                    }
                }
                number += 1;
                match String::from_utf8(raw) {
                    Ok(line) => batch.push((number, line)),
                    Err(err) if lossy => batch.push((number, String::from_utf8_lossy(err.as_bytes()).into_owned())),
                    Err(err) => {
                        let at = err.utf8_error().valid_up_to();
                        let _ = sender.send(Outcome::Error(format!(
                            "{}:{number}: invalid UTF-8 at byte {at} of the line (convert the file, or pass --lossy)",
                            file.display()
                        )));
                    }
                }
            }
            if batch.is_empty() && bytes == 0 {
                break;
            }
            batch.par_iter().filter(|(_, line)| !line.trim().is_empty()).for_each_with(
                sender.clone(),
                |sender, (n, line)| {
                    let _ = sender.send(article_line(file, *n, line.trim_end(), restorer));
                },
            );
            let _ = sender.send(Outcome::Progress(bytes));
        }
        return;
    }
    let text = match crate::input::read_text(file, lossy) {
        Ok(text) => text,
        Err(err) => {
            let _ = sender.send(Outcome::Error(format!("{err:#}")));
            let _ = sender.send(Outcome::Progress(size));
            return;
        }
    };
    match parser.parse(&file.display().to_string(), &text) {
        Ok(page) => {
            let _ = sender.send(Outcome::Page);
            for record in ArticleRecord::from_page(&page, &file.display().to_string()) {
                let _ = sender.send(Outcome::Article(Box::new(record)));
            }
        }
        Err(err) => {
            let _ = sender.send(Outcome::Error(format!("{}: {err}", file.display())));
        }
    }
    let _ = sender.send(Outcome::Progress(size));
}

/// Reads a PDF or a scanned page page by page and sends each page's articles; a page that
/// fails is reported and the next one follows.
fn read_document(file: &Path, parser: &Parser, repairer: &Arc<Repairer>, sender: &mut mpsc::SyncSender<Outcome>) {
    let size = fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    let options = crate::extract::options(false);
    match crate::extract::open(file, &options, repairer) {
        Ok(pages) => {
            for page in pages {
                let extracted = match page {
                    Ok(page) => page,
                    Err(err) => {
                        let _ = sender.send(Outcome::Error(err.to_string()));
                        continue;
                    }
                };
                let source = crate::extract::page_source(file, extracted.number);
                match crate::extract::parse_page(parser, file, &extracted) {
                    Ok(page) => {
                        let _ = sender.send(Outcome::Page);
                        for record in ArticleRecord::from_page(&page, &source) {
                            let _ = sender.send(Outcome::Article(Box::new(record)));
                        }
                    }
                    Err(err) => {
                        let _ = sender.send(Outcome::Error(format!("{source}: {err}")));
                    }
                }
            }
        }
        Err(err) => {
            let _ = sender.send(Outcome::Error(err.to_string()));
        }
    }
    let _ = sender.send(Outcome::Progress(size));
}

/// One `.jsonl` line as an article (see [`ArticleRecord::from_json_line`]).
fn article_line(file: &Path, number: usize, line: &str, restorer: &Restorer) -> Outcome {
    let place = format!("{}:{number}", file.display());
    match ArticleRecord::from_json_line(line, &place, restorer) {
        Ok(Some(record)) => Outcome::Article(Box::new(record)),
        Ok(None) => Outcome::Skipped(format!("{place}: neither headline nor body")),
        Err(why) => Outcome::Error(format!("{place}: {why}")),
    }
}

pub fn search(args: SearchArgs) -> anyhow::Result<()> {
    let archive = Archive::open(&args.archive)?;
    let dates = DateFilter::parse(args.from.as_deref(), args.to.as_deref()).map_err(anyhow::Error::msg)?;
    let request = |query: &str| SearchRequest {
        query: query.to_owned(),
        limit: args.limit,
        dates,
        newspaper: args.newspaper.clone(),
        section: args.section.clone(),
        sort: match args.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Date,
        },
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if let Some(file) = &args.queries {
        // one query a line: one JSON line each, with the time it took
        let reader =
            io::BufReader::new(fs::File::open(file).with_context(|| format!("{}: cannot open", file.display()))?);
        for (number, line) in reader.lines().enumerate() {
            let query = line.with_context(|| format!("{}:{}: cannot read", file.display(), number + 1))?;
            if query.trim().is_empty() {
                continue;
            }
            let started = Instant::now();
            let results =
                archive.search(&request(&query)).with_context(|| format!("{}:{}", file.display(), number + 1))?;
            let took_ms = started.elapsed().as_secs_f64() * 1000.0;
            let line =
                serde_json::json!({"query": query, "total": results.total, "took_ms": took_ms, "hits": results.hits});
            writeln!(out, "{line}")?;
        }
        return Ok(out.flush()?);
    }
    let Some(query) = args.query.as_deref() else { bail!("give a query (or --queries FILE)") };
    let results = archive.search(&request(query))?;
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&results)?)?;
    } else {
        print_results(&mut out, &results)?;
    }
    Ok(out.flush()?)
}

fn print_results(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    writeln!(out, "{} articles", results.total)?;
    for hit in &results.hits {
        let date = hit.date.jalali.as_deref().unwrap_or("----------");
        writeln!(
            out,
            "\n{date}  {}  {}  [{}]",
            hit.newspaper.as_deref().unwrap_or("-"),
            hit.headline.as_deref().unwrap_or("(بی‌تیتر)"),
            hit.id
        )?;
        writeln!(out, "    {}", hit.snippet.replace("<b>", "«").replace("</b>", "»"))?;
    }
    Ok(())
}

pub fn show(args: ShowArgs) -> anyhow::Result<()> {
    let archive = Archive::open(&args.archive)?;
    let Some(record) = archive.get(&args.id)? else {
        bail!("{}: no article with id {:?} (ids are printed by `bayegan search`)", args.archive.display(), args.id)
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&record)?)?;
        return Ok(out.flush()?);
    }
    writeln!(out, "{}", record.headline.as_deref().unwrap_or("(بی‌تیتر)"))?;
    let meta: Vec<&str> = [&record.newspaper, &record.jalali, &record.gregorian, &record.section]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    writeln!(out, "{}  [{}]", meta.join(" · "), record.id)?;
    if let Some(lead) = &record.lead {
        writeln!(out, "\n{lead}")?;
    }
    writeln!(out, "\n{}", record.body)?;
    if let Some(source) = &record.source {
        writeln!(out, "\nsource: {source}")?;
    }
    if !record.edits.is_empty() {
        writeln!(out, "{} edits by the restorer (bayegan show --json lists them)", record.edits.len())?;
    }
    Ok(out.flush()?)
}
