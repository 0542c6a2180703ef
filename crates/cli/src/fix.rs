//! `bayegan fix`: restore files or standard input.

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use anyhow::Context;
use bayegan_text::{Edit, Flag, Restorer, SpellingMode};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;

use crate::input::{
    check_utf8, stdin_to_dir, would_replace_input, Failures, InputPaths, PieceReader, Source, UsageError,
};
use crate::FixArgs;

pub fn run(args: FixArgs) -> anyhow::Result<()> {
    let restorer = Restorer::builder().options(crate::restore_options(&args)).build();
    let sources: Vec<Source> = if args.files.is_empty() {
        vec![Source::Stdin]
    } else {
        args.files.iter().map(|p| Source::from_arg(p)).collect()
    };
    if let Some(dir) = &args.out {
        return fix_into_dir(&restorer, &sources, dir, args.lossy);
    }
    let stdout = io::stdout();
    let mut out = WatchedOutput { inner: BufWriter::new(stdout.lock()), failed: false };
    let mut failures = Failures::new(sources.len());
    for source in &sources {
        let result = if args.json {
            print_json(&restorer, source, args.lossy, &mut out)
        } else if args.diff {
            print_diff(&restorer, source, args.lossy, &mut out)
        } else {
            stream_text(&restorer, source, args.lossy, &mut out).map(|_| ())
        };
        match result {
            // standard output failed (or its reader went away): nothing more can be written
            Err(err) if out.failed => return Err(err),
            // this input failed: the others go on
            Err(err) => failures.report(err),
            Ok(()) => {}
        }
    }
    out.flush()?;
    failures.finish()
}

/// A writer that remembers whether a write failed, to tell a failure of the output (which ends
/// the run) from one of an input (which skips that input).
struct WatchedOutput<W> {
    inner: W,
    failed: bool,
}

impl<W: Write> Write for WatchedOutput<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf).inspect_err(|_| self.failed = true)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush().inspect_err(|_| self.failed = true)
    }
}

/// Restores a source piece by piece into `out`; returns the number of edits and bytes read.
fn stream_text(restorer: &Restorer, source: &Source, lossy: bool, out: &mut dyn Write) -> anyhow::Result<(u64, u64)> {
    check_utf8(source, lossy)?;
    let mut reader = PieceReader::new(source, lossy)?;
    stream_pieces(restorer, &mut reader, out)
}

/// Restores what `reader` has left into `out`; returns the number of edits and bytes read.
fn stream_pieces(restorer: &Restorer, reader: &mut PieceReader, out: &mut dyn Write) -> anyhow::Result<(u64, u64)> {
    let (mut edits, mut bytes) = (0u64, 0u64);
    let mut text = String::new();
    while let Some((piece_edits, piece_bytes)) = reader.fix_next(restorer, &mut text)? {
        out.write_all(text.as_bytes())?;
        text.clear();
        edits += piece_edits;
        bytes += piece_bytes;
    }
    Ok((edits, bytes))
}

/// One input as `--json` prints it. `flags` is there whenever the spelling stage runs (`[]` when
/// it flags nothing), and absent with `--spelling off`, as `--help` shows.
#[derive(Serialize)]
struct JsonOutput<'a> {
    source: &'a str,
    text: String,
    edits: Vec<Edit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    flags: Option<Vec<Flag>>,
}

fn print_json(restorer: &Restorer, source: &Source, lossy: bool, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut reader = PieceReader::new(source, lossy)?;
    let name = source.name();
    let spelling = restorer.options().spelling != SpellingMode::Off;
    let mut flags = Vec::new();
    let mut doc = JsonOutput { source: &name, text: String::new(), edits: Vec::new(), flags: None };
    let mut offset = 0;
    while let Some(piece) = reader.next_piece()? {
        let restored = restorer.restore(&piece);
        doc.text.push_str(&restored.text);
        doc.edits.extend(restored.edits.into_iter().map(|mut e| {
            e.span = e.span.start + offset..e.span.end + offset;
            e
        }));
        flags.extend(restored.flags.into_iter().map(|mut f| {
            f.span = f.span.start + offset..f.span.end + offset;
            f
        }));
        offset += piece.len();
    }
    doc.flags = spelling.then_some(flags);
    serde_json::to_writer(&mut *out, &doc)?;
    writeln!(out)?;
    Ok(())
}

/// One line per edit: `file:line:col: kind confidence  before → after`, with the words around
/// the change so a reviewer sees it in place.
fn print_diff(restorer: &Restorer, source: &Source, lossy: bool, out: &mut dyn Write) -> anyhow::Result<()> {
    check_utf8(source, lossy)?;
    let mut reader = PieceReader::new(source, lossy)?;
    let name = source.name();
    let mut line_at_piece = 1usize;
    // Characters of the current line that came in earlier pieces (a line longer than a piece
    // is cut at spaces, so a piece can start in the middle of a line).
    let mut col_at_piece = 0usize;
    let mut first_piece = true;
    while let Some(piece) = reader.next_piece()? {
        let restored = restorer.restore(&piece);
        let mut line = line_at_piece;
        // A byte-order mark at the start of the input is no column an editor shows: columns on
        // the first line count from after it (its own removal stays at 1:1).
        let mut line_start = if first_piece && piece.starts_with(BOM) { BOM.len_utf8() } else { 0 };
        first_piece = false;
        let counted_from = line_start;
        let mut carried = col_at_piece;
        let mut scanned = 0;
        // edits and flags in the order they stand in the text
        let mut items: Vec<(usize, String)> = restored
            .edits
            .iter()
            .map(|edit| {
                let (before, after) = in_context(&piece, edit);
                (edit.span.start, format!("{} {:.2}  {before} → {after}", edit.kind.as_str(), edit.confidence))
            })
            .collect();
        items.extend(restored.flags.iter().map(|flag| {
            let kind =
                serde_json::to_value(flag.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
            let suggestions: Vec<String> =
                flag.suggestions.iter().map(|s| format!("{} {:.2}", s.word, s.confidence)).collect();
            (flag.span.start, format!("flag {kind}  {} ? {}", flag.word, suggestions.join(", ")))
        }));
        items.sort_by_key(|(at, _)| *at);
        for (at, text) in items {
            for (i, _) in piece[scanned..at].match_indices('\n') {
                line += 1;
                line_start = scanned + i + 1;
                carried = 0;
            }
            scanned = at;
            let col = carried + piece[line_start.min(at)..at].chars().count() + 1;
            writeln!(out, "{name}:{line}:{col}: {text}")?;
        }
        line_at_piece += piece.matches('\n').count();
        col_at_piece = match piece.rfind('\n') {
            Some(at) => piece[at + 1..].chars().count(),
            None => col_at_piece + piece[counted_from..].chars().count(),
        };
    }
    Ok(())
}

/// The byte-order mark (U+FEFF) some editors put at the start of a UTF-8 file.
const BOM: char = '\u{feff}';

/// The words around an edit, before and after it.
fn in_context(text: &str, edit: &Edit) -> (String, String) {
    let is_break = |c: char| c == '\n' || c == '\t' || (c == ' ');
    let start = text[..edit.span.start].trim_end_matches(' ').rfind(is_break).map_or(0, |i| i + 1);
    let end = text[edit.span.end..].trim_start_matches(' ').find(is_break).map_or(text.len(), |i| {
        edit.span.end + (text[edit.span.end..].len() - text[edit.span.end..].trim_start_matches(' ').len()) + i
    });
    let before = text[start..end].to_owned();
    let after = format!("{}{}{}", &text[start..edit.span.start], edit.after, &text[edit.span.end..end]);
    (before, after)
}

/// `--out DIR`: every file restored into DIR in parallel, with a progress bar and a summary.
fn fix_into_dir(restorer: &Restorer, sources: &[Source], dir: &Path, lossy: bool) -> anyhow::Result<()> {
    let files: Vec<&PathBuf> = sources
        .iter()
        .map(|s| match s {
            Source::File(p) => Ok(p),
            Source::Stdin => Err(stdin_to_dir()),
        })
        .collect::<anyhow::Result<_>>()?;
    // Two inputs with the same file name would be written to the same place at once.
    let mut seen: HashMap<&OsStr, &Path> = HashMap::new();
    for path in &files {
        if let Some(name) = path.file_name() {
            if let Some(first) = seen.insert(name, path.as_path()) {
                return Err(UsageError(format!(
                    "{} and {}: both would be written to {}; restore them into different directories",
                    first.display(),
                    path.display(),
                    dir.join(name).display()
                ))
                .into());
            }
        }
    }
    // An input that lies in DIR would be replaced by its restoration.
    let inputs = InputPaths::new(files.iter().map(|p| p.as_path()));
    for path in &files {
        if let Some(name) = path.file_name() {
            let target = dir.join(name);
            if let Some(input) = inputs.replaced_by(&target) {
                return Err(would_replace_input(input, &target));
            }
        }
    }
    fs::create_dir_all(dir).with_context(|| format!("{}: cannot create the output directory", dir.display()))?;
    let bar = ProgressBar::new(files.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} files {msg}").unwrap(),
    );
    let started = Instant::now();
    let (edits, bytes) = (AtomicU64::new(0), AtomicU64::new(0));
    let failures: Vec<anyhow::Error> = files
        .par_iter()
        .filter_map(|path| {
            let result = (|| {
                let name = path.file_name().with_context(|| format!("{}: not a file name", path.display()))?;
                let target = dir.join(name);
                // Open the input before touching DIR, and write to a temporary file renamed into
                // place at the end: a file that fails leaves nothing behind.
                let mut reader = PieceReader::new(&Source::File((*path).clone()), lossy)?;
                let mut temp_name = OsString::from(".");
                temp_name.push(name);
                temp_name.push(format!(".bayegan-{}.tmp", std::process::id()));
                let temp = dir.join(temp_name);
                let written = (|| -> anyhow::Result<(u64, u64)> {
                    let file = fs::File::create(&temp).with_context(|| format!("{}: cannot write", temp.display()))?;
                    let mut out = BufWriter::new(file);
                    let counts = stream_pieces(restorer, &mut reader, &mut out)?;
                    out.flush().with_context(|| format!("{}: cannot write", temp.display()))?;
                    drop(out);
                    fs::rename(&temp, &target).with_context(|| format!("{}: cannot write", target.display()))?;
                    Ok(counts)
                })();
                let (e, b) = written.inspect_err(|_| {
                    let _ = fs::remove_file(&temp);
                })?;
                edits.fetch_add(e, Ordering::Relaxed);
                bytes.fetch_add(b, Ordering::Relaxed);
                Ok(())
            })();
            bar.inc(1);
            result.err()
        })
        .collect();
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    let mb = bytes.load(Ordering::Relaxed) as f64 / 1e6;
    eprintln!(
        "restored {} of {} files ({mb:.1} MB, {} edits) into {} in {seconds:.2}s ({:.1} MB/s)",
        files.len() - failures.len(),
        files.len(),
        edits.load(Ordering::Relaxed),
        dir.display(),
        mb / seconds.max(1e-9)
    );
    Failures::collected(files.len(), failures).finish()
}
