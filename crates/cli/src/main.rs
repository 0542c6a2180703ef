//! The `bayegan` binary: parses flags, calls the library crates, maps errors to exit codes.

mod archive;
mod extract;
mod fix;
mod input;
mod parse;
mod serve;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Exit code for input that is not text (invalid UTF-8, a binary file): sysexits' EX_DATAERR.
pub const EXIT_BAD_INPUT: u8 = 65;
/// Exit code for a file that cannot be read or written.
pub const EXIT_IO: u8 = 1;
/// Exit code for a usage error, as clap gives for its own.
pub const EXIT_USAGE: u8 = 2;

const AFTER_HELP: &str = "\
Exit status: 0 on success, 1 when a file cannot be read or written (or a program bayegan runs,
like pdftotext or tesseract, is missing), 2 for a usage error, 65 when an input is not UTF-8
text (see --lossy), is a binary file, is a PDF or image that gives no text (encrypted,
damaged, no pages, blank), or (parse) holds no Persian text, an empty input included.
Given several inputs, bayegan goes on past a bad one (reporting it) and exits at the end with
65 when every failed input was one of those data errors, and with 1 when any file could not be
read.";

/// bayegan (بایگان): clean, structure and search Persian newspaper pages.
#[derive(Parser, Debug)]
#[command(name = "bayegan", version, about, after_help = AFTER_HELP, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Restore Persian text: normalize characters, put back half-spaces (ZWNJ) and spaces.
    ///
    /// Reads the FILEs (or standard input) and writes the restored text to standard output, one
    /// output line for each input line. A FILE that cannot be read is reported and the others go
    /// on (see the exit status below). Text that is already right comes back unchanged; Latin
    /// words, numbers, URLs, e-mail addresses, hashtags, `code` and Arabic passages (a quoted
    /// verse or formula) are never touched.
    #[command(after_help = AFTER_HELP)]
    Fix(FixArgs),
    /// Parse the text of newspaper pages into articles (JSON, Markdown or HTML).
    ///
    /// Each FILE (or standard input) is the text extracted from one page: a paragraph a line, or
    /// a column's printed lines with a blank line between paragraphs. The output names every
    /// article's kicker, overline, headline and subheadlines, byline, blocks (lead, paragraphs,
    /// subheads, questions and answers, with the input lines they came from), pull quotes and
    /// boxes, and sets the furniture apart (folio, section labels, running heads, fragments);
    /// the folio's dates are read and cross-checked. The JSON contract is docs/page-schema.md.
    /// One page prints as pretty JSON; several print one JSON document per line (with --format
    /// html, one HTML document holding a section a page, headed by its source). An input with
    /// no Persian text (an empty one included) is not a page: exit status 65.
    ///
    /// A FILE may also be a PDF or a scanned page (PNG, JPEG, TIFF; told by its first bytes):
    /// each page is extracted (`bayegan extract`), ordered by its geometry (columns right to
    /// left, headings by type size) and parsed, with `"source": "paper.pdf#page=3"`. A file or page
    /// that fails is reported and the others go on.
    #[command(after_help = AFTER_HELP)]
    Parse(ParseArgs),
    /// Extract the text of PDFs and scanned pages, page by page.
    ///
    /// Text PDFs are read through poppler's pdftotext (Debian package poppler-utils), one page at
    /// a time, with word and block geometry: columns read right to left, a heading block or a
    /// paragraph a line, a blank line between blocks. The defects of Persian PDF text are
    /// repaired (bidi controls around digits, the swapped lam-alef, spaces left by kashida,
    /// presentation forms); ZWNJs are left to `bayegan fix` / `parse`. Pages without a text
    /// layer and images (PNG, JPEG, TIFF) are read by Tesseract with the Persian model
    /// (tesseract-ocr, tesseract-ocr-fas). Pages are separated by a form feed; --json prints
    /// one object a page: {"source", "number", "method", "text", "heading_lines", "line_sizes", "lines":
    /// [{"text", "bbox", "font_size", "block", "column", "heading"}], "body_size", "size"}.
    /// A page or file that fails is reported and the rest goes on.
    #[command(after_help = AFTER_HELP)]
    Extract(ExtractArgs),
    /// Add pages and articles to an archive (created when missing).
    ///
    /// PATH is a page's text (.txt, .md: restored and parsed into articles), a PDF or a scanned
    /// page (PNG, JPEG, TIFF: each page extracted as `bayegan extract` does, then parsed, its
    /// source `paper.pdf#page=3`), a directory (searched recursively for all of those and
    /// .jsonl), or a .jsonl file of articles, one JSON
    /// object a line: {"id", "newspaper", "date", "section", "headline", "lead", "body", "url"},
    /// headline or body required, date as 2024-11-09 or 1403-08-19 (any digits). Text is
    /// restored; an article ingested twice replaces itself (ids derive from the content unless
    /// given). Work is committed every --batch articles: what was committed survives a crash.
    #[command(after_help = AFTER_HELP)]
    Ingest(IngestArgs),
    /// Search an archive: words, "phrases", -excluded; every spelling of a word is found.
    ///
    /// A word matches with a half-space, a space or fused, in Arabic or Persian letters, with
    /// Persian, Arabic-Indic or Latin digits. Dates in --from/--to are Solar Hijri or Gregorian
    /// (1403, 1403-08, 1403-08-19, 2024-11-09).
    #[command(after_help = AFTER_HELP)]
    Search(SearchArgs),
    /// Print one article of an archive: its text, where it came from, the restorer's edits.
    #[command(after_help = AFTER_HELP)]
    Show(ShowArgs),
    /// Serve an archive: the JSON API (/api/…, documented at /api/openapi.json) and the web page.
    ///
    /// Read endpoints are open. POST /api/ingest needs `Authorization: Bearer <token>`, the token
    /// taken from BAYEGAN_TOKEN or --token-file; without one, writes are off. Stops on Ctrl-C or
    /// SIGTERM after finishing the requests in flight.
    #[command(after_help = AFTER_HELP)]
    Serve(ServeArgs),
    /// Measure the restorer on correctly written sentences (one a line).
    #[command(subcommand)]
    Eval(EvalCommand),
}

#[derive(Args, Debug)]
pub struct FixArgs {
    /// Files to restore; none or `-` reads standard input.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Write each restored file into DIR under its own name, in parallel, with a progress bar.
    /// DIR may not hold an input (it would be replaced), nor two inputs share a name.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Print the edits for review (file:line:col kind confidence before → after) instead of the text.
    #[arg(long, conflicts_with = "json")]
    diff: bool,
    /// Print one JSON object per input: {"source", "text", "edits": [{span, before, after, kind, confidence}]};
    /// with --spelling flag or fix also "flags": [{span, word, kind, suggestions}], [] when none.
    #[arg(long)]
    json: bool,
    /// Digits: keep as written, write all as Persian (fa) or as Latin digits.
    #[arg(long, value_enum, default_value_t = Digits::Keep)]
    digits: Digits,
    /// Remove diacritics (harakat, tanvin) instead of keeping them.
    #[arg(long)]
    strip_diacritics: bool,
    /// Only normalize characters; leave ZWNJs and spaces as they are.
    #[arg(long)]
    no_spacing: bool,
    /// Spelling: off; flag misspelled and unknown words with suggestions (shown by --diff and
    /// --json); or fix the words whose correction is clear and flag the rest.
    #[arg(long, value_enum, default_value_t = Spelling::Off)]
    spelling: Spelling,
    /// Replace invalid UTF-8 with U+FFFD instead of refusing the input.
    #[arg(long)]
    lossy: bool,
}

#[derive(Args, Debug)]
pub struct ParseArgs {
    /// Page text files; none or `-` reads standard input.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Keep the original characters in text fields instead of the restored text.
    #[arg(long)]
    raw: bool,
    /// Write each page into DIR as <name>.json (.md, .html), in parallel, with a progress bar;
    /// the pages of a PDF as <name>-<page>.json. An output may not replace an input.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Replace invalid UTF-8 with U+FFFD instead of refusing the input.
    #[arg(long)]
    lossy: bool,
    /// PDFs and scans: keep pdftotext's (or Tesseract's) own text order, without column order
    /// or heading type sizes (to compare with the geometry).
    #[arg(long)]
    no_geometry: bool,
}

#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// PDF or image files (PNG, JPEG, TIFF).
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Print one JSON object a page, with the lines' boxes, type sizes, blocks and columns.
    #[arg(long)]
    json: bool,
    /// Keep pdftotext's (or Tesseract's) own text order, without column order or headings.
    #[arg(long)]
    no_geometry: bool,
}

#[derive(Args, Debug)]
pub struct IngestArgs {
    /// The archive's directory.
    #[arg(long, value_name = "DIR")]
    archive: PathBuf,
    /// Page files, directories or .jsonl files.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Commit every N articles.
    #[arg(long, value_name = "N", default_value_t = 5000, value_parser = clap::value_parser!(u64).range(1..))]
    batch: u64,
    /// Replace invalid UTF-8 with U+FFFD instead of refusing the file.
    #[arg(long)]
    lossy: bool,
}

#[derive(Args, Debug)]
pub struct SearchArgs {
    /// The archive's directory.
    #[arg(long, value_name = "DIR")]
    archive: PathBuf,
    /// Words, "quoted phrases" and -excluded words.
    #[arg(value_name = "QUERY", required_unless_present = "queries", allow_hyphen_values = true)]
    query: Option<String>,
    /// Print {"total", "hits", "facets"} as JSON.
    #[arg(long)]
    json: bool,
    /// At most N hits.
    #[arg(long, value_name = "N", default_value_t = 10)]
    limit: usize,
    /// Only articles of this date or later (Solar Hijri or Gregorian).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Only articles of this date or earlier.
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Only this newspaper.
    #[arg(long)]
    newspaper: Option<String>,
    /// Only this section.
    #[arg(long)]
    section: Option<String>,
    /// Order of the hits.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    sort: SortArg,
    /// Run every line of FILE as a query; print one JSON line each with the time it took.
    #[arg(long, value_name = "FILE", conflicts_with = "query")]
    queries: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The archive's directory (created when missing).
    #[arg(long, value_name = "DIR")]
    archive: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: std::net::SocketAddr,
    /// A file holding the bearer token for POST /api/ingest (else BAYEGAN_TOKEN).
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// Where the Vazirmatn font files are. By default target/web/node_modules/vazirmatn/fonts/webfonts
    /// (installed by scripts/setup.sh) is looked for under the working directory, beside the
    /// executable's target/ and in the repository bayegan was built from; a warning says when
    /// none holds the font (the page then uses the system's fonts).
    #[arg(long, value_name = "DIR")]
    fonts: Option<PathBuf>,
    /// Largest request body, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 4 << 20)]
    max_body: usize,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SortArg {
    Relevance,
    Date,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The archive's directory.
    #[arg(long, value_name = "DIR")]
    archive: PathBuf,
    /// The article's id, as `bayegan search` prints it.
    id: String,
    /// Print the whole stored record as JSON (text, structure, edits).
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    Json,
    Markdown,
    Html,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Spelling {
    Off,
    Flag,
    Fix,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Digits {
    Keep,
    Fa,
    Latin,
}

/// `bayegan eval spacing`.
#[derive(Args, Debug)]
struct SpacingEval {
    /// Gold sentences, one a line (e.g. ../shared/corpora/perdt_dev.txt).
    file: PathBuf,
    /// joined: every ZWNJ removed; spaced: every ZWNJ a space; mixed: each at random; clean:
    /// untouched; fused: every ZWNJ removed and one space between words in 20 dropped.
    #[arg(long, value_enum, default_value_t = Mode::Joined)]
    mode: Mode,
    /// Seed of the mixed and fused modes.
    #[arg(long, default_value_t = 1403)]
    seed: u64,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Write the corrupted sentences to PATH, one a line, and stop: the input for another
    /// tool, whose output `--outputs` then scores.
    #[arg(long, value_name = "PATH", conflicts_with = "outputs")]
    write_inputs: Option<PathBuf>,
    /// Score another tool's restorations (one a line, in the order of `--write-inputs`)
    /// instead of running bayegan's.
    #[arg(long, value_name = "PATH")]
    outputs: Option<PathBuf>,
    /// Restore all the sentences as one text, one a line, as `bayegan fix FILE` reads a
    /// file (the damage the whole text shows weighs in every decision), not one at a time.
    #[arg(long, conflicts_with = "outputs")]
    document: bool,
    /// Also list the words restored wrong, most frequent first (up to N), for tuning.
    #[arg(long, value_name = "N")]
    errors: Option<usize>,
}

#[derive(Subcommand, Debug)]
enum EvalCommand {
    /// Corrupt gold sentences, restore them and score every boundary between two Persian
    /// letters (none / space / ZWNJ): precision, recall and F1, words fully right, and on clean
    /// input the share of boundaries changed.
    Spacing(SpacingEval),
    /// Inject realistic spelling errors (look-alike letters, a letter dropped or doubled, a
    /// stray space or ZWNJ) into correct sentences, at most one a sentence, and score detection
    /// and correction; then count the words changed in the untouched sentences.
    Spelling {
        /// Gold sentences, one a line (e.g. ../shared/corpora/perdt_dev.txt).
        file: PathBuf,
        /// Share of all words damaged.
        #[arg(long, default_value_t = 0.02)]
        rate: f64,
        /// Seed of the injection.
        #[arg(long, default_value_t = 1403)]
        seed: u64,
        /// Run the spelling stage in flag mode (detection only) or fix mode.
        #[arg(long, value_enum, default_value_t = SpellingEvalMode::Fix)]
        mode: SpellingEvalMode,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Also print up to N damaged sentences whose error was missed or mis-corrected.
        #[arg(long, value_name = "N")]
        errors: Option<usize>,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum SpellingEvalMode {
    Flag,
    Fix,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Mode {
    Joined,
    Spaced,
    Mixed,
    Clean,
    Fused,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Fix(args) => fix::run(args),
        Command::Parse(args) => parse::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Ingest(args) => archive::ingest(args),
        Command::Search(args) => archive::search(args),
        Command::Show(args) => archive::show(args),
        Command::Serve(args) => serve::run(args),
        Command::Eval(EvalCommand::Spacing(args)) => eval_spacing(&args),
        Command::Eval(EvalCommand::Spelling { file, rate, seed, mode, json, errors }) => {
            eval_spelling(&file, rate, seed, mode, json, errors)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // a reader that stops early (`| head`) is no failure
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("bayegan: {err:#}");
            let code = if err.downcast_ref::<input::UsageError>().is_some() {
                EXIT_USAGE
            } else if input::InputError::is_not_text(&err) {
                EXIT_BAD_INPUT
            } else {
                EXIT_IO
            };
            ExitCode::from(code)
        }
    }
}

/// True when writing failed because the reader of standard output went away.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| e.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe))
}

fn restore_options(args: &FixArgs) -> bayegan_text::RestoreOptions {
    bayegan_text::RestoreOptions {
        digits: match args.digits {
            Digits::Keep => bayegan_text::DigitPolicy::Keep,
            Digits::Fa => bayegan_text::DigitPolicy::Persian,
            Digits::Latin => bayegan_text::DigitPolicy::Latin,
        },
        diacritics: if args.strip_diacritics {
            bayegan_text::DiacriticPolicy::Strip
        } else {
            bayegan_text::DiacriticPolicy::Keep
        },
        spacing: !args.no_spacing,
        spelling: match args.spelling {
            Spelling::Off => bayegan_text::SpellingMode::Off,
            Spelling::Flag => bayegan_text::SpellingMode::Flag,
            Spelling::Fix => bayegan_text::SpellingMode::Fix,
        },
    }
}

fn eval_spacing(args: &SpacingEval) -> anyhow::Result<()> {
    use anyhow::Context;
    use bayegan_text::eval::{restore_samples, samples, score, Corruption, Feed};
    let SpacingEval { ref file, mode, seed, json, ref write_inputs, ref outputs, document, errors } = *args;
    let feed = if document { Feed::Document } else { Feed::Sentences };
    let text = input::read_text(file, false)?;
    let mode = match mode {
        Mode::Joined => Corruption::Joined,
        Mode::Spaced => Corruption::Spaced,
        Mode::Mixed => Corruption::Mixed,
        Mode::Clean => Corruption::Clean,
        Mode::Fused => Corruption::Fused,
    };
    let restorer = bayegan_text::Restorer::new();
    let samples = samples(text.lines(), restorer.options(), mode, seed);
    if let Some(path) = write_inputs {
        let inputs: String = samples.iter().map(|s| format!("{}\n", s.input)).collect();
        std::fs::write(path, inputs).with_context(|| format!("{}: cannot write", path.display()))?;
        return Ok(());
    }
    let restored: Vec<String> = match outputs {
        Some(path) => {
            let lines: Vec<String> = input::read_text(path, false)?.lines().map(str::to_owned).collect();
            if lines.len() != samples.len() {
                anyhow::bail!(
                    "{}: {} lines, but the evaluation has {} sentences (write them with --write-inputs)",
                    path.display(),
                    lines.len(),
                    samples.len()
                );
            }
            lines
        }
        None => restore_samples(&restorer, &samples, feed),
    };
    let report = score(&samples, &restored, mode);
    let mut out = std::io::stdout().lock();
    print_report(&mut out, &report, json)?;
    if let Some(limit) = errors {
        print_word_errors(&mut out, &samples, &restored, limit)?;
    }
    Ok(())
}

/// Writes an evaluation report as text, or as pretty JSON.
fn print_report(
    out: &mut impl Write,
    report: &(impl std::fmt::Display + serde::Serialize),
    json: bool,
) -> anyhow::Result<()> {
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(report)?)?;
    } else {
        writeln!(out, "{report}")?;
    }
    Ok(())
}

/// Lists gold words that did not come back (with what stood there instead), most frequent
/// first.
fn print_word_errors(
    out: &mut impl Write,
    samples: &[bayegan_text::eval::Sample],
    restored: &[String],
    limit: usize,
) -> std::io::Result<()> {
    use std::collections::HashMap;
    let mut missed: HashMap<(String, String), usize> = HashMap::new();
    for (sample, output) in samples.iter().zip(restored) {
        let got: Vec<&str> = output.split_whitespace().collect();
        let gold: Vec<&str> = sample.gold.split_whitespace().collect();
        if got == gold {
            continue;
        }
        // as multisets: a word the sentence holds twice and got right once is one miss
        let surplus = |words: &[&str], other: &[&str]| -> Vec<String> {
            let mut left: HashMap<&str, usize> = HashMap::new();
            for w in other {
                *left.entry(w).or_default() += 1;
            }
            let mut out = Vec::new();
            for w in words {
                match left.get_mut(w) {
                    Some(n) if *n > 0 => *n -= 1,
                    _ => out.push(w.to_string()),
                }
            }
            out
        };
        let wrong = surplus(&got, &gold).join(" ");
        for word in surplus(&gold, &got) {
            *missed.entry((word, wrong.clone())).or_default() += 1;
        }
    }
    let mut rows: Vec<_> = missed.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    writeln!(out, "\nwords restored wrong (gold ← what the sentence got instead):")?;
    for ((word, instead), count) in rows.into_iter().take(limit) {
        writeln!(out, "{count:>4}  {word}  ←  {instead}")?;
    }
    Ok(())
}

fn eval_spelling(
    file: &std::path::Path,
    rate: f64,
    seed: u64,
    mode: SpellingEvalMode,
    json: bool,
    errors: Option<usize>,
) -> anyhow::Result<()> {
    use bayegan_text::eval::spelling::{evaluate_spelling, inject_errors};
    if !(0.0..=1.0).contains(&rate) {
        anyhow::bail!("--rate {rate}: give a share of words between 0 and 1 (0.02 is 2%)");
    }
    let text = input::read_text(file, false)?;
    let spelling = match mode {
        SpellingEvalMode::Flag => bayegan_text::SpellingMode::Flag,
        SpellingEvalMode::Fix => bayegan_text::SpellingMode::Fix,
    };
    let restorer = bayegan_text::Restorer::builder().spelling(spelling).build();
    let samples = inject_errors(text.lines(), &restorer, rate, seed);
    let report = evaluate_spelling(&restorer, &samples);
    let mut out = std::io::stdout().lock();
    print_report(&mut out, &report, json)?;
    if let Some(limit) = errors {
        writeln!(out, "\ndamaged words missed or made wrong (input word → output; gold):")?;
        let mut shown = 0;
        for sample in samples.iter().filter(|s| s.error.as_ref().is_some_and(|e| !e.2)) {
            let (span, kind, _) = sample.error.clone().expect("filtered");
            let restored = restorer.restore(&sample.input);
            let letters = |t: &str| t.chars().filter(|&c| bayegan_text::is_letter(c)).collect::<String>();
            if letters(&restored.text) == letters(&sample.gold) {
                continue;
            }
            let flags: Vec<String> = restored
                .flags
                .iter()
                .filter(|f| f.span.start < span.end && span.start < f.span.end)
                .map(|f| {
                    format!(
                        "{:?} {}",
                        f.kind,
                        f.suggestions
                            .iter()
                            .map(|s| format!("{}:{:.2}", s.word, s.confidence))
                            .collect::<Vec<_>>()
                            .join(" ")
                    )
                })
                .collect();
            let gold_word = sample.gold.get(span.start..).unwrap_or("").split(' ').next().unwrap_or("");
            writeln!(out, "{kind:?}\t{}\tgold≈{}\t{}", &sample.input[span], gold_word, flags.join(" | "))?;
            shown += 1;
            if shown == limit {
                break;
            }
        }
    }
    Ok(())
}
