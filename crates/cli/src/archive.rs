//! `bayegan ingest`, `bayegan search` and `bayegan show`: the archive from the command line.

use std::fs;
use std::io::{self, BufRead, BufWriter, Write};
use std::path::Path;
use std::sync::{mpsc, Arc};
use std::time::Instant;

use anyhow::{bail, Context};
use bayegan_archive::{Archive, ArchiveError, ArticleRecord, DateFilter, SearchRequest, SearchResults, Sort};
use bayegan_extract::Repairer;
use bayegan_page::Parser;
use bayegan_text::Restorer;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::input::{InputError, UsageError};
use crate::{IngestArgs, SearchArgs, ShowArgs, SortArg};

/// What came of one unit of input.
enum Outcome {
    Article(Box<ArticleRecord>),
    Page,
    Skipped(String),
    Error(Failure),
    /// Bytes of input done, for the progress bar.
    Progress(u64),
}

/// An input that could not be ingested.
struct Failure {
    message: String,
    /// The input is not text (invalid UTF-8, a binary file, a page without Persian text, a PDF
    /// or image that gives none: exit 65) rather than unreadable or malformed (exit 1).
    not_text: bool,
}

impl Failure {
    /// A file that cannot be read, or an article line that is not one.
    fn other(message: String) -> Outcome {
        Outcome::Error(Failure { message, not_text: false })
    }

    /// An input that is not text.
    fn not_text(message: String) -> Outcome {
        Outcome::Error(Failure { message, not_text: true })
    }

    /// An error as the CLI's other commands classify it (see `input::InputError`).
    fn of(err: &anyhow::Error) -> Outcome {
        Outcome::Error(Failure { message: format!("{err:#}"), not_text: InputError::is_not_text(err) })
    }
}

pub fn ingest(args: IngestArgs) -> anyhow::Result<()> {
    if args.paths.is_empty() {
        return Err(UsageError(
            "give the page files, directories or .jsonl files to ingest (bayegan ingest --archive DIR PATH...)".into(),
        )
        .into());
    }
    // pages (`.txt`, `.md`, PDFs, images) and articles (`.jsonl`); a path that cannot be read
    // is reported, and the others go in
    let accept = |path: &Path| bayegan_archive::is_text_input(path) || bayegan_archive::is_document_input(path);
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    for path in &args.paths {
        match bayegan_archive::input_files(std::slice::from_ref(path), &accept) {
            Ok(found) => files.extend(found),
            Err(err) => {
                eprintln!("bayegan: {err}");
                unreadable.push(err.to_string());
            }
        }
    }
    if files.is_empty() && !unreadable.is_empty() {
        // nothing to ingest: no archive is created
        bail!("no path given could be read; nothing was ingested");
    }
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
    let (mut articles, mut pages, mut skipped) = (0u64, 0u64, 0u64);
    let mut errors: Vec<Failure> = unreadable.into_iter().map(|message| Failure { message, not_text: false }).collect();
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
                Outcome::Error(failure) => {
                    if errors.len() < 20 {
                        bar.suspend(|| eprintln!("bayegan: {}", failure.message));
                    }
                    errors.push(failure);
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
    match errors.first() {
        None => Ok(()),
        // every failure an input that is not text: exit 65, as `fix` and `parse` exit on them
        Some(_) if errors.iter().all(|e| e.not_text) => {
            Err(InputError::Reported { count: errors.len(), bad_input: true }.into())
        }
        Some(first) => bail!("{} inputs could not be ingested; the first: {}", errors.len(), first.message),
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
                .send(Failure::other(format!("{}: cannot open (check the path and permissions)", file.display())));
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
                        let _ = sender.send(Failure::other(format!(
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
                        let _ = sender.send(Failure::not_text(format!(
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
            let _ = sender.send(Failure::of(&err));
            let _ = sender.send(Outcome::Progress(size));
            return;
        }
    };
    let source = file.display().to_string();
    match parser.parse_with_edits(&source, &text, &[]) {
        Ok(parsed) => {
            let _ = sender.send(Outcome::Page);
            for record in ArticleRecord::from_page(&parsed.page, &text, &parsed.edits, &source) {
                let _ = sender.send(Outcome::Article(Box::new(record)));
            }
        }
        // a binary file or no Persian text: `parse` exits 65 on it too
        Err(err) => {
            let _ = sender.send(Failure::not_text(format!("{source}: {err}")));
        }
    }
    let _ = sender.send(Outcome::Progress(size));
}

/// Reads a PDF or a scanned page page by page and sends each page's articles, with the
/// restorer's edits of the page's text; a page that fails is reported and the next one follows.
fn read_document(file: &Path, parser: &Parser, repairer: &Arc<Repairer>, sender: &mut mpsc::SyncSender<Outcome>) {
    let size = fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    let options = crate::extract::options(false);
    match crate::extract::open(file, &options, repairer) {
        Ok(pages) => {
            for page in pages {
                let extracted = match page {
                    Ok(page) => page,
                    Err(err) => {
                        let _ = sender.send(Failure::of(&crate::extract::input_error(err)));
                        continue;
                    }
                };
                let source = crate::extract::page_source(file, extracted.number);
                match crate::extract::parse_page(parser, file, &extracted) {
                    Ok(parsed) => {
                        let _ = sender.send(Outcome::Page);
                        for record in ArticleRecord::from_page(&parsed.page, &extracted.text, &parsed.edits, &source) {
                            let _ = sender.send(Outcome::Article(Box::new(record)));
                        }
                    }
                    Err(err) => {
                        let _ = sender.send(Failure::not_text(format!("{source}: {err}")));
                    }
                }
            }
        }
        Err(err) => {
            let _ = sender.send(Failure::of(&crate::extract::input_error(err)));
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
        Err(why) => Failure::other(format!("{place}: {why}")),
    }
}

/// A search's own mistakes (the query, the dates) are usage errors; the archive's are not.
fn search_error(err: ArchiveError) -> anyhow::Error {
    match err {
        ArchiveError::Query(_) | ArchiveError::Date(_) => UsageError(err.to_string()).into(),
        other => other.into(),
    }
}

pub fn search(args: SearchArgs) -> anyhow::Result<()> {
    if args.limit == 0 {
        return Err(UsageError("--limit must be at least 1".into()).into());
    }
    let dates = DateFilter::parse(args.from.as_deref(), args.to.as_deref()).map_err(UsageError)?;
    let archive = Archive::open(&args.archive)?;
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
            let results = archive.search(&request(&query)).map_err(|err| {
                let place = format!("{}:{}", file.display(), number + 1);
                match search_error(err).downcast::<UsageError>() {
                    Ok(usage) => UsageError(format!("{place}: {usage}")).into(),
                    Err(other) => other.context(place),
                }
            });
            let results = match results {
                Ok(results) => results,
                Err(err) => {
                    // the answers so far are kept
                    out.flush()?;
                    return Err(err);
                }
            };
            let took_ms = started.elapsed().as_secs_f64() * 1000.0;
            let line =
                serde_json::json!({"query": query, "total": results.total, "took_ms": took_ms, "hits": results.hits});
            writeln!(out, "{line}")?;
        }
        return Ok(out.flush()?);
    }
    let Some(query) = args.query.as_deref() else {
        return Err(UsageError("give a query (or --queries FILE)".into()).into());
    };
    let results = archive.search(&request(query)).map_err(search_error)?;
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
        // where the edits' byte spans point: the page an article was cut from, or its body
        let text = match (&record.structure, &record.source) {
            (Some(_), Some(source)) => format!("the text of {source}"),
            _ => "the body as ingested".to_owned(),
        };
        writeln!(
            out,
            "{} edits by the restorer, spans in bytes of {text} (bayegan show --json lists them)",
            record.edits.len()
        )?;
    }
    Ok(out.flush()?)
}
