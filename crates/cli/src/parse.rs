//! `bayegan parse`: page text to structured articles, as JSON, Markdown or HTML.

use std::collections::HashMap;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context};
use bayegan_extract::{FileKind, Options, Repairer};
use bayegan_page::{render, Page, Parser};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::extract::{self, input_error, is_document, page_source};
use crate::input::{InputError, PieceReader, Source};
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
    let mut out = BufWriter::new(stdout.lock());
    let several = sources.len() > 1;
    // pages of PDFs and scans that failed: reported, and the others go on
    let mut failures = Vec::new();
    for source in &sources {
        if let Source::File(path) = source {
            if is_document(path) {
                let pages = match extract::open(path, &documents.options, &documents.repairer) {
                    Ok(pages) => pages,
                    Err(err) if !several => return Err(input_error(err)),
                    Err(err) => {
                        let err = input_error(err);
                        eprintln!("bayegan: {err:#}");
                        failures.push(err);
                        continue;
                    }
                };
                let pretty = !several && pages.page_count() == 1 && pages.kind() != FileKind::Tiff;
                for page in pages {
                    let parsed = page.map_err(input_error).and_then(|page| parse_extracted(&parser, path, &page));
                    match parsed {
                        Ok(page) => {
                            if !write_out(&mut out, &rendered(&page, args.format, pretty)?)? {
                                return Ok(());
                            }
                        }
                        Err(err) => {
                            eprintln!("bayegan: {err:#}");
                            failures.push(err);
                        }
                    }
                }
                continue;
            }
        }
        let page = parse_source(&parser, source, args.lossy)?;
        let text = rendered(&page, args.format, !several)?;
        if !write_out(&mut out, &text)? {
            return Ok(());
        }
    }
    out.flush().or_else(|e| if e.kind() == io::ErrorKind::BrokenPipe { Ok(()) } else { Err(e) })?;
    extract::finish(failures)
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
        let Source::File(path) = source else {
            bail!("--out needs files; standard input cannot be written into a directory")
        };
        let stem = path.file_stem().with_context(|| format!("{}: not a file name", path.display()))?;
        let target = dir.join(stem).with_extension(extension(format));
        if let Some(first) = targets.insert(target.clone(), path) {
            bail!(
                "{} and {}: both would be written to {}; parse them into different directories",
                first.display(),
                path.display(),
                target.display()
            );
        }
        jobs.push((source, target));
    }
    fs::create_dir_all(dir).with_context(|| format!("{}: cannot create the output directory", dir.display()))?;
    let bar = ProgressBar::new(jobs.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} pages {msg}").unwrap(),
    );
    let started = Instant::now();
    let failures: Vec<anyhow::Error> = jobs
        .par_iter()
        .filter_map(|(source, target)| {
            let write = |page: &Page, target: &Path| -> anyhow::Result<()> {
                let text = rendered(page, format, true)?;
                let temp = target.with_extension(format!("{}.bayegan-{}.tmp", extension(format), std::process::id()));
                fs::write(&temp, text).with_context(|| format!("{}: cannot write", temp.display()))?;
                fs::rename(&temp, target).with_context(|| format!("{}: cannot write", target.display()))
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
    eprintln!(
        "parsed {} of {} pages into {} in {seconds:.2}s ({:.0} pages/s)",
        jobs.len() - failures.len(),
        jobs.len(),
        dir.display(),
        (jobs.len() - failures.len()) as f64 / seconds.max(1e-9)
    );
    for err in &failures {
        eprintln!("bayegan: {err:#}");
    }
    match failures.into_iter().next() {
        None => Ok(()),
        Some(first) if jobs.len() == 1 => Err(first),
        Some(first) if first.downcast_ref::<InputError>().is_some() => Err(first.context("some pages were not parsed")),
        Some(first) => bail!("some pages were not parsed; first error: {first:#}"),
    }
}
