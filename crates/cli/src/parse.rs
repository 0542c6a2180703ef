//! `bayegan parse`: page text to structured articles, as JSON, Markdown or HTML.

use std::collections::HashMap;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::Context;
use bayegan_extract::{FileKind, Options, Repairer};
use bayegan_page::{render, Page, Parser};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::extract::{self, input_error, is_document, page_source};
use crate::input::{
    stdin_to_dir, would_replace_input, Failures, InputError, InputPaths, PieceReader, Source, UsageError,
};
use crate::{Format, ParseArgs};

pub fn run(args: ParseArgs) -> anyhow::Result<()> {
    let parser = Parser::builder().raw(args.raw).build();
    let sources: Vec<Source> = if args.files.is_empty() {
        vec![Source::Stdin]
    } else {
        args.files.iter().map(|p| Source::from_arg(p)).collect()
    };
    let documents = Documents { options: extract::options(args.no_geometry), repairer: Arc::new(Repairer::new()) };
    if let Some(dir) = &args.out {
        return parse_into_dir(&parser, &sources, dir, args.format, args.lossy, &documents);
    }
    let stdout = io::stdout();
    let mut out = PageWriter {
        out: BufWriter::new(stdout.lock()),
        format: args.format,
        several: sources.len() > 1,
        title: sources.iter().map(Source::name).collect::<Vec<_>>().join(", "),
        written: 0,
    };
    // a file or page that fails is reported, and the others go on
    let mut failures = Failures::new(sources.len());
    for source in &sources {
        if let Source::File(path) = source {
            if is_document(path) {
                let pages = match extract::open(path, &documents.options, &documents.repairer) {
                    Ok(pages) => pages,
                    Err(err) => {
                        failures.report(input_error(err));
                        continue;
                    }
                };
                if pages.page_count() != 1 || pages.kind() == FileKind::Tiff {
                    out.several = true;
                }
                for page in pages {
                    match page.map_err(input_error).and_then(|page| parse_extracted(&parser, path, &page)) {
                        Ok(page) => {
                            if !out.write(&page)? {
                                return Ok(());
                            }
                        }
                        Err(err) => failures.report(err),
                    }
                }
                continue;
            }
        }
        match parse_source(&parser, source, args.lossy) {
            Ok(page) => {
                if !out.write(&page)? {
                    return Ok(());
                }
            }
            Err(err) => failures.report(err),
        }
    }
    out.finish()?;
    failures.finish()
}

/// Pages to standard output, in the asked format: one page as a document of its own (pretty
/// JSON, Markdown, an HTML page); several as JSON lines, Markdown one after the other, or one
/// HTML document with a section a page.
struct PageWriter<W: Write> {
    out: W,
    format: Format,
    /// More than one page may come (several inputs, or a document of several pages).
    several: bool,
    /// The HTML document's title when it holds several pages.
    title: String,
    /// Pages written so far.
    written: usize,
}

impl<W: Write> PageWriter<W> {
    /// Writes a page; false when the reader has gone (a closed pipe), which ends the output
    /// quietly.
    fn write(&mut self, page: &Page) -> anyhow::Result<bool> {
        let text = match self.format {
            Format::Html if self.several => {
                let section = render::html_page_section(page, self.written + 1);
                if self.written == 0 {
                    render::html_start(&self.title) + &section
                } else {
                    section
                }
            }
            format => rendered(page, format, !self.several)?,
        };
        self.written += 1;
        write_out(&mut self.out, &text)
    }

    /// Ends the output: closes the HTML document of several pages, flushes.
    fn finish(mut self) -> anyhow::Result<()> {
        if matches!(self.format, Format::Html)
            && self.several
            && self.written > 0
            && !write_out(&mut self.out, render::HTML_END)?
        {
            return Ok(());
        }
        match self.out.flush() {
            Err(err) if err.kind() != io::ErrorKind::BrokenPipe => Err(err.into()),
            _ => Ok(()),
        }
    }
}

/// How PDFs and scans are read.
struct Documents {
    options: Options,
    repairer: Arc<Repairer>,
}

/// Writes `text`; false when the reader has gone (a closed pipe), which ends the output quietly.
fn write_out(out: &mut impl Write, text: &str) -> anyhow::Result<bool> {
    match out.write_all(text.as_bytes()) {
        Ok(()) => Ok(true),
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(err) => Err(err.into()),
    }
}

/// Parses an extracted page; a page with no Persian text is an input error naming the page.
fn parse_extracted(parser: &Parser, path: &Path, page: &bayegan_extract::ExtractedPage) -> anyhow::Result<Page> {
    extract::parse_page(parser, path, page)
        .map(|parsed| parsed.page)
        .map_err(|err| InputError::NotText { source: page_source(path, page.number), reason: err.to_string() }.into())
}

/// Reads and parses one source; a text that is not a page is an input error naming the source.
fn parse_source(parser: &Parser, source: &Source, lossy: bool) -> anyhow::Result<Page> {
    let mut reader = PieceReader::new(source, lossy)?;
    let mut text = String::new();
    while let Some(piece) = reader.next_piece()? {
        text.push_str(&piece);
    }
    let name = source.name();
    parser.parse(&name, &text).map_err(|err| InputError::NotText { source: name, reason: err.to_string() }.into())
}

/// A page in the asked format; JSON is pretty for a single page and one line per page otherwise.
fn rendered(page: &Page, format: Format, pretty: bool) -> anyhow::Result<String> {
    Ok(match format {
        Format::Json if pretty => serde_json::to_string_pretty(page)? + "\n",
        Format::Json => serde_json::to_string(page)? + "\n",
        Format::Markdown => render::markdown(page),
        Format::Html => render::html(page),
    })
}

fn extension(format: Format) -> &'static str {
    match format {
        Format::Json => "json",
        Format::Markdown => "md",
        Format::Html => "html",
    }
}

/// `--out DIR`: every page parsed into `DIR/<name>.<json|md|html>` in parallel, with a progress
/// bar and a summary.
fn parse_into_dir(
    parser: &Parser,
    sources: &[Source],
    dir: &Path,
    format: Format,
    lossy: bool,
    documents: &Documents,
) -> anyhow::Result<()> {
    let mut targets: HashMap<PathBuf, &Path> = HashMap::new();
    let mut jobs = Vec::with_capacity(sources.len());
    for source in sources {
        let Source::File(path) = source else { return Err(stdin_to_dir()) };
        let stem = path.file_stem().with_context(|| format!("{}: not a file name", path.display()))?;
        let target = dir.join(stem).with_extension(extension(format));
        if let Some(first) = targets.insert(target.clone(), path) {
            return Err(UsageError(format!(
                "{} and {}: both would be written to {}; parse them into different directories",
                first.display(),
                path.display(),
                target.display()
            ))
            .into());
        }
        jobs.push((source, target));
    }
    refuse_replacing_inputs(&jobs, format)?;
    fs::create_dir_all(dir).with_context(|| format!("{}: cannot create the output directory", dir.display()))?;
    let bar = ProgressBar::new(jobs.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} files {msg}").unwrap(),
    );
    let started = Instant::now();
    // the output each file or page is written to, claimed before it is written: a page of a PDF
    // (`paper-1.json`) may be named like a text page of the batch (`paper-1.txt`), which keeps it
    let claimed: Mutex<HashMap<PathBuf, String>> = Mutex::new(
        jobs.iter()
            .filter(|(source, _)| !matches!(source, Source::File(path) if is_document(path)))
            .map(|(source, target)| (target.clone(), source.name()))
            .collect(),
    );
    let written = AtomicUsize::new(0);
    let failures: Vec<anyhow::Error> = jobs
        .par_iter()
        .filter_map(|(source, target)| {
            let write = |page: &Page, target: &Path| -> anyhow::Result<()> {
                {
                    let mut claimed = claimed.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    let owner = claimed.entry(target.to_owned()).or_insert_with(|| page.source.clone());
                    if *owner != page.source && *owner != source.name() {
                        return Err(UsageError(format!(
                            "{}: would be written to {}, which is {}'s; parse them into different directories",
                            page.source,
                            target.display(),
                            owner
                        ))
                        .into());
                    }
                }
                let text = rendered(page, format, true)?;
                let temp = target.with_extension(format!("{}.bayegan-{}.tmp", extension(format), std::process::id()));
                fs::write(&temp, text).with_context(|| format!("{}: cannot write", temp.display()))?;
                fs::rename(&temp, target).with_context(|| format!("{}: cannot write", target.display()))?;
                written.fetch_add(1, Ordering::Relaxed);
                Ok(())
            };
            let result = (|| -> anyhow::Result<()> {
                match source {
                    Source::File(path) if is_document(path) => {
                        // each page into <name>-<page>.<ext>; a page that fails leaves the others
                        let pages =
                            extract::open(path, &documents.options, &documents.repairer).map_err(input_error)?;
                        let stem = target.file_stem().unwrap_or_default().to_string_lossy().into_owned();
                        let mut failures = Vec::new();
                        for page in pages {
                            let done = page.map_err(input_error).and_then(|page| {
                                let parsed = parse_extracted(parser, path, &page)?;
                                let name = format!("{stem}-{}.{}", page.number, extension(format));
                                write(&parsed, &target.with_file_name(name))
                            });
                            if let Err(err) = done {
                                failures.push(err);
                            }
                        }
                        match failures.len() {
                            0 => Ok(()),
                            1 => Err(failures.remove(0)),
                            n => Err(failures
                                .remove(0)
                                .context(format!("{n} pages of {} failed; the first", path.display()))),
                        }
                    }
                    _ => write(&parse_source(parser, source, lossy)?, target),
                }
            })();
            bar.inc(1);
            result.err()
        })
        .collect();
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    let pages = written.load(Ordering::Relaxed);
    eprintln!(
        "parsed {pages} pages of {} files ({} failed) into {} in {seconds:.2}s ({:.0} pages/s)",
        jobs.len(),
        failures.len(),
        dir.display(),
        pages as f64 / seconds.max(1e-9)
    );
    Failures::collected(jobs.len(), failures).finish()
}

/// Refuses a run of `--out` that would write over one of its inputs: a page's text named as its
/// output (`--out d --format json d/page.json`), or a file named as a page of a PDF or scan in
/// the batch (`d/paper-2.json` beside `d/paper.pdf`).
fn refuse_replacing_inputs(jobs: &[(&Source, PathBuf)], format: Format) -> anyhow::Result<()> {
    let inputs = InputPaths::new(jobs.iter().filter_map(|(source, _)| match source {
        Source::File(path) => Some(path.as_path()),
        Source::Stdin => None,
    }));
    for (source, target) in jobs {
        if let Some(input) = inputs.replaced_by(target) {
            return Err(would_replace_input(input, target));
        }
        let (Source::File(path), Some(dir), Some(stem)) = (source, target.parent(), target.file_stem()) else {
            continue;
        };
        if !is_document(path) {
            continue;
        }
        // the pages go to <stem>-<number>.<ext>
        let prefix = format!("{}-", stem.to_string_lossy());
        let suffix = format!(".{}", extension(format));
        let is_page_file = move |name: &str| {
            name.strip_prefix(&prefix)
                .and_then(|rest| rest.strip_suffix(&suffix))
                .is_some_and(|number| !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()))
        };
        if let Some(input) = inputs.in_dir(dir, is_page_file).next() {
            let target = dir.join(input.file_name().unwrap_or_default());
            return Err(would_replace_input(input, &target));
        }
    }
    Ok(())
}
