//! Reading inputs as text: UTF-8 checked with the byte offset of the first bad byte, binary
//! files refused, and long inputs read in pieces so memory stays bounded.

use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// An input that is not text.
#[derive(Debug)]
pub enum InputError {
    /// Invalid UTF-8 or a binary file.
    NotText { source: String, reason: String },
    /// Some files or pages of a batch failed, each already reported; `bad_input` when every one
    /// was an input that is not text (exit 65): a file that cannot be read makes it false (exit 1).
    Reported { count: usize, bad_input: bool },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::NotText { source, reason } => write!(f, "{source}: {reason}"),
            InputError::Reported { count: 1, .. } => write!(f, "1 file or page failed (see above)"),
            InputError::Reported { count, .. } => write!(f, "{count} files or pages failed (see above)"),
        }
    }
}

impl std::error::Error for InputError {}

impl InputError {
    /// Whether `err` is (or wraps) an input that is not text, rather than a file that cannot be
    /// read or written.
    pub fn is_not_text(err: &anyhow::Error) -> bool {
        matches!(
            err.downcast_ref::<InputError>(),
            Some(InputError::NotText { .. } | InputError::Reported { bad_input: true, .. })
        )
    }
}

/// A command line that cannot be carried out as given (exit 2, as clap's own usage errors).
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// The failures of a batch of inputs. The batch goes on past each one, which is reported on
/// standard error as it comes; [`Failures::finish`] then gives the run's outcome. The failure
/// of a batch of one input is not printed but returned, so it is reported once, as it is.
pub struct Failures {
    single_input: bool,
    errors: Vec<anyhow::Error>,
}

impl Failures {
    pub fn new(inputs: usize) -> Failures {
        Failures { single_input: inputs == 1, errors: Vec::new() }
    }

    pub fn report(&mut self, err: anyhow::Error) {
        if !self.single_input || !self.errors.is_empty() {
            if self.single_input && self.errors.len() == 1 {
                // a second failure (another page of the one input): the first was held back
                eprintln!("bayegan: {:#}", self.errors[0]);
            }
            eprintln!("bayegan: {err:#}");
        }
        self.errors.push(err);
    }

    /// The failures of a batch run in parallel, reported once it is done.
    pub fn collected(inputs: usize, errors: Vec<anyhow::Error>) -> Failures {
        let mut failures = Failures::new(inputs);
        for err in errors {
            failures.report(err);
        }
        failures
    }

    /// Ok when nothing failed; else an error whose exit status is 65 when every failure was an
    /// input that is not text, and 1 when any file could not be read.
    pub fn finish(mut self) -> anyhow::Result<()> {
        match self.errors.len() {
            0 => Ok(()),
            1 if self.single_input => Err(self.errors.remove(0)),
            count => {
                let bad_input = self.errors.iter().all(InputError::is_not_text);
                Err(InputError::Reported { count, bad_input }.into())
            }
        }
    }
}

/// How many bytes at the start of an input are checked for a NUL byte.
const BINARY_PROBE: usize = 8 * 1024;
/// Pieces are about this long, cut after a newline or a space.
const PIECE: usize = 64 * 1024;

/// Where text comes from: a file or standard input.
#[derive(Clone, Debug)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    pub fn from_arg(path: &Path) -> Source {
        if path.as_os_str() == "-" {
            Source::Stdin
        } else {
            Source::File(path.to_owned())
        }
    }

    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".into(),
            Source::File(p) => p.display().to_string(),
        }
    }

    pub fn open(&self) -> anyhow::Result<Box<dyn Read + Send>> {
        Ok(match self {
            Source::Stdin => Box::new(io::stdin()),
            Source::File(p) => Box::new(
                File::open(p)
                    .with_context(|| format!("{}: cannot open (check the path and permissions)", p.display()))?,
            ),
        })
    }
}

/// Reads a source in pieces of whole lines (or, in a very long line, up to a space).
pub struct PieceReader {
    reader: Box<dyn Read + Send>,
    name: String,
    lossy: bool,
    buffer: Vec<u8>,
    /// Bytes of the input handed out so far.
    consumed: usize,
    eof: bool,
}

impl PieceReader {
    pub fn new(source: &Source, lossy: bool) -> anyhow::Result<Self> {
        if let (Source::File(path), false) = (source, lossy) {
            check_utf8(path)?;
        }
        Ok(PieceReader {
            reader: source.open()?,
            name: source.name(),
            lossy,
            buffer: Vec::new(),
            consumed: 0,
            eof: false,
        })
    }

    /// The next piece, or None at the end of input.
    pub fn next_piece(&mut self) -> anyhow::Result<Option<String>> {
        while !self.eof && self.buffer.len() < PIECE {
            // read straight into the buffer's free space
            let filled = self.buffer.len();
            self.buffer.resize(filled + PIECE, 0);
            let (n, interrupted) = match self.reader.read(&mut self.buffer[filled..]) {
                Ok(n) => (n, false),
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => (0, true),
                Err(err) => return Err(anyhow::Error::new(err).context(format!("{}: read failed", self.name))),
            };
            self.buffer.truncate(filled + n);
            if n == 0 && !interrupted {
                self.eof = true;
            }
            if self.consumed == 0 && (self.buffer.len() >= BINARY_PROBE || self.eof) {
                let probe = &self.buffer[..self.buffer.len().min(BINARY_PROBE)];
                if let Some(at) = probe.iter().position(|&b| b == 0) {
                    return Err(InputError::NotText {
                        source: self.name.clone(),
                        reason: format!("looks like a binary file (NUL byte at offset {at}); bayegan reads text only"),
                    }
                    .into());
                }
            }
        }
        if self.buffer.is_empty() {
            return Ok(None);
        }
        let cut = if self.eof {
            self.buffer.len()
        } else {
            let window = &self.buffer[..];
            match window.iter().rposition(|&b| b == b'\n').or_else(|| window.iter().rposition(|&b| b == b' ')) {
                Some(at) => at + 1,
                // no break at all in 64 KiB: cut at a character boundary
                None => (0..=3)
                    .map(|back| window.len() - back)
                    .find(|&at| std::str::from_utf8(&window[..at]).is_ok())
                    .unwrap_or(window.len()),
            }
        };
        let bytes: Vec<u8> = self.buffer.drain(..cut).collect();
        if simdutf8::basic::from_utf8(&bytes).is_ok() {
            self.consumed += cut;
            // SAFETY: simdutf8 has just validated the bytes as UTF-8.
            return Ok(Some(unsafe { String::from_utf8_unchecked(bytes) }));
        }
        // not UTF-8: std's check names the offset of the first bad byte
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(err) if self.lossy => String::from_utf8_lossy(err.as_bytes()).into_owned(),
            Err(err) => return Err(invalid_utf8(self.name.clone(), self.consumed + err.utf8_error().valid_up_to())),
        };
        self.consumed += cut;
        Ok(Some(text))
    }
}

/// Refuses a file longer than one piece that is not UTF-8 before any of it is restored, so a bad
/// byte far into a file does not leave half of its text written. A file of one piece is checked
/// as it is read. Costs a second read of the file, at memory speed.
fn check_utf8(path: &Path) -> anyhow::Result<()> {
    if std::fs::metadata(path).map_or(true, |meta| !meta.is_file() || meta.len() <= PIECE as u64) {
        return Ok(()); // not a plain file, or short: the reader's own checks will do
    }
    let mut file = File::open(path)
        .with_context(|| format!("{}: cannot open (check the path and permissions)", path.display()))?;
    let mut buffer = vec![0u8; 1 << 20];
    // bytes of a character cut by the end of the last read, moved to the buffer's start
    let (mut carried, mut checked) = (0usize, 0usize);
    loop {
        let n = match file.read(&mut buffer[carried..]) {
            Ok(n) => n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(anyhow::Error::new(err).context(format!("{}: read failed", path.display()))),
        };
        let filled = carried + n;
        if checked == 0 && buffer[..filled.min(BINARY_PROBE)].contains(&0) {
            return Ok(()); // binary: the reader says so
        }
        match simdutf8::compat::from_utf8(&buffer[..filled]) {
            Ok(_) if n == 0 => return Ok(()),
            Ok(_) => (checked, carried) = (checked + filled, 0),
            // a character cut by the end of this read: its first bytes go round again
            Err(err) if err.error_len().is_none() && n > 0 => {
                let valid = err.valid_up_to();
                buffer.copy_within(valid..filled, 0);
                (checked, carried) = (checked + valid, filled - valid);
            }
            Err(err) => return Err(invalid_utf8(path.display().to_string(), checked + err.valid_up_to())),
        }
    }
}

fn invalid_utf8(source: String, offset: usize) -> anyhow::Error {
    InputError::NotText {
        source,
        reason: format!(
            "invalid UTF-8 at byte offset {offset} (convert the file to UTF-8, or pass --lossy to replace bad bytes)"
        ),
    }
    .into()
}

/// Reads a whole file as text, with the same checks as [`PieceReader`].
pub fn read_text(path: &Path, lossy: bool) -> anyhow::Result<String> {
    let mut reader = PieceReader::new(&Source::from_arg(path), lossy)?;
    let mut text = String::new();
    while let Some(piece) = reader.next_piece()? {
        text.push_str(&piece);
    }
    Ok(text)
}

/// The inputs of a batch by their canonical paths, to tell whether an output would replace one.
pub struct InputPaths(HashMap<PathBuf, PathBuf>);

impl InputPaths {
    /// The inputs that exist (one that does not is reported when it is read).
    pub fn new<'a>(inputs: impl IntoIterator<Item = &'a Path>) -> InputPaths {
        InputPaths(inputs.into_iter().filter_map(|p| Some((p.canonicalize().ok()?, p.to_owned()))).collect())
    }

    /// The input that writing `target` would replace, if any: the same file once links and `..`
    /// are resolved. A target in a directory that does not exist yet replaces nothing.
    pub fn replaced_by(&self, target: &Path) -> Option<&Path> {
        let target = canonical_dir(target.parent()?)?.join(target.file_name()?);
        self.0.get(&target).map(PathBuf::as_path)
    }

    /// The inputs in `dir` whose file names satisfy `matches`.
    pub fn in_dir<'a>(&'a self, dir: &Path, matches: impl Fn(&str) -> bool + 'a) -> impl Iterator<Item = &'a Path> {
        let dir = canonical_dir(dir);
        self.0
            .iter()
            .filter(move |(canonical, _)| {
                dir.is_some()
                    && canonical.parent() == dir.as_deref()
                    && canonical.file_name().and_then(|n| n.to_str()).is_some_and(&matches)
            })
            .map(|(_, given)| given.as_path())
    }
}

/// A directory's canonical path (`""`, the parent of a bare file name, is the current
/// directory); None when it does not exist.
fn canonical_dir(dir: &Path) -> Option<PathBuf> {
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    dir.canonicalize().ok()
}

/// The usage error for `--out` given standard input.
pub fn stdin_to_dir() -> anyhow::Error {
    UsageError(
        "--out needs files; standard input cannot be written into a directory (drop --out to write to standard output)"
            .into(),
    )
    .into()
}

/// The usage error for an output that would replace the input `input`.
pub fn would_replace_input(input: &Path, target: &Path) -> anyhow::Error {
    UsageError(format!(
        "{}: writing {} would replace this input; give --out a directory that holds none of the inputs",
        input.display(),
        target.display()
    ))
    .into()
}
