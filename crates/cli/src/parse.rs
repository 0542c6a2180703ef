//! `bayegan parse`: page text to structured articles, as JSON, Markdown or HTML.

use std::collections::HashMap;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context};
use bayegan_page::{render, Page, Parser};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::input::{InputError, PieceReader, Source};
use crate::{Format, ParseArgs};

pub fn run(args: ParseArgs) -> anyhow::Result<()> {
    let parser = Parser::builder().raw(args.raw).build();
    let sources: Vec<Source> = if args.files.is_empty() {
        vec![Source::Stdin]
    } else {
        args.files.iter().map(|p| Source::from_arg(p)).collect()
    };
    if let Some(dir) = &args.out {
        return parse_into_dir(&parser, &sources, dir, args.format, args.lossy);
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let several = sources.len() > 1;
    for source in &sources {
        let page = parse_source(&parser, source, args.lossy)?;
        let text = rendered(&page, args.format, !several)?;
        if let Err(err) = out.write_all(text.as_bytes()) {
            if err.kind() == io::ErrorKind::BrokenPipe {
                return Ok(());
            }
            return Err(err.into());
        }
    }
    out.flush().or_else(|e| if e.kind() == io::ErrorKind::BrokenPipe { Ok(()) } else { Err(e) })?;
    Ok(())
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
fn parse_into_dir(parser: &Parser, sources: &[Source], dir: &Path, format: Format, lossy: bool) -> anyhow::Result<()> {
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
            let result = (|| -> anyhow::Result<()> {
                let page = parse_source(parser, source, lossy)?;
                let text = rendered(&page, format, true)?;
                let temp = target.with_extension(format!("{}.bayegan-{}.tmp", extension(format), std::process::id()));
                fs::write(&temp, text).with_context(|| format!("{}: cannot write", temp.display()))?;
                fs::rename(&temp, target).with_context(|| format!("{}: cannot write", target.display()))
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
