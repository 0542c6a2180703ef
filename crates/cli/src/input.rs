//! Reading inputs as text: UTF-8 checked with the byte offset of the first bad byte, binary
//! files refused, and long inputs read in pieces so memory stays bounded.

use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use anyhow::Context;
use bayegan_text::Restorer;

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

/// Reads a source in the pieces restoration works in ([`bayegan_text::piece_end`]: whole lines of
/// about 64 KB), so a file restored piece by piece comes out as restored whole, and memory stays
/// bounded.
pub struct PieceReader {
    reader: Box<dyn Read + Send>,
    name: String,
    lossy: bool,
    /// Bytes read and not yet decoded: the first bytes of a character cut by a read.
    raw: Vec<u8>,
    /// Text decoded; what is not yet handed out starts at `start`.
    text: String,
    start: usize,
    /// Bytes of the input decoded so far.
    decoded: usize,
    probed: bool,
    eof: bool,
}

impl PieceReader {
    pub fn new(source: &Source, lossy: bool) -> anyhow::Result<Self> {
        Ok(PieceReader {
            reader: source.open()?,
            name: source.name(),
            lossy,
            raw: Vec::new(),
            text: String::new(),
            start: 0,
            decoded: 0,
            probed: false,
            eof: false,
        })
    }

    /// The next piece, or None at the end of input.
    pub fn next_piece(&mut self) -> anyhow::Result<Option<String>> {
        loop {
            if let Some(cut) = bayegan_text::piece_end(&self.text[self.start..], self.eof) {
                if cut == 0 {
                    return Ok(None);
                }
                let piece = self.text[self.start..self.start + cut].to_owned();
                self.start += cut;
                return Ok(Some(piece));
            }
            self.read_more()?;
        }
    }

    /// Restores the next pieces into `out` (appended): the number of edits and of bytes read,
    /// or None at the end of input. The restorer finds the pieces itself, so the text is
    /// scanned once.
    pub fn fix_next(&mut self, restorer: &Restorer, out: &mut String) -> anyhow::Result<Option<(u64, u64)>> {
        loop {
            let (taken, edits) = restorer.fix_pieces_into(&self.text[self.start..], self.eof, out);
            self.start += taken;
            if taken > 0 {
                return Ok(Some((edits as u64, taken as u64)));
            }
            if self.eof {
                return Ok(None);
            }
            self.read_more()?;
        }
    }

    /// Reads the next block of input and decodes what of it is whole characters.
    fn read_more(&mut self) -> anyhow::Result<()> {
        // what was handed out goes; the start of a piece is kept
        self.text.drain(..self.start);
        self.start = 0;
        let filled = self.raw.len();
        self.raw.resize(filled + READ_SIZE, 0);
        let read = self.reader.read(&mut self.raw[filled..]);
        self.raw.truncate(filled + *read.as_ref().unwrap_or(&0));
        match read {
            Ok(0) => self.eof = true,
            Ok(_) => {}
            // the caller's loop reads again
            Err(err) if err.kind() == io::ErrorKind::Interrupted => return Ok(()),
            Err(err) => return Err(anyhow::Error::new(err).context(format!("{}: read failed", self.name))),
        }
        if !self.probed {
            if self.raw.len() < BINARY_PROBE && !self.eof {
                return Ok(());
            }
            self.probed = true;
            let probe = &self.raw[..self.raw.len().min(BINARY_PROBE)];
            if let Some(at) = probe.iter().position(|&b| b == 0) {
                return Err(InputError::NotText {
                    source: self.name.clone(),
                    reason: format!("looks like a binary file (NUL byte at offset {at}); bayegan reads text only"),
                }
                .into());
            }
        }
        let ready = self.raw.len() - if self.eof { 0 } else { cut_character(&self.raw) };
        match simdutf8::basic::from_utf8(&self.raw[..ready]) {
            Ok(text) => self.text.push_str(text),
            Err(_) if self.lossy => self.text.push_str(&String::from_utf8_lossy(&self.raw[..ready])),
            Err(_) => {
                // std's check names the offset of the first bad byte
                let valid = std::str::from_utf8(&self.raw[..ready]).map_or_else(|err| err.valid_up_to(), |_| ready);
                return Err(invalid_utf8(self.name.clone(), self.decoded + valid));
            }
        }
        self.decoded += ready;
        self.raw.drain(..ready);
        Ok(())
    }
}

/// How many bytes are read at a time: several pieces, so that the start of the next piece,
/// scanned and kept for the next read, is a small part of the text.
const READ_SIZE: usize = 1 << 20;

/// How many bytes at the end of `bytes` begin a character that the next read completes.
fn cut_character(bytes: &[u8]) -> usize {
    for back in 1..=bytes.len().min(3) {
        let b = bytes[bytes.len() - back];
        if b & 0xC0 != 0x80 {
            let needs = match b {
                0xF0.. => 4,
                0xE0.. => 3,
                0xC0.. => 2,
                _ => 1,
            };
            return if needs > back { back } else { 0 };
        }
    }
    0
}

/// Refuses a file that is not UTF-8 before any of it is restored, for an output written piece by
/// piece (`fix` to standard output, `--diff`), so a bad byte far into a file does not leave part
/// of it written. Costs a second read of the file, at memory speed; standard input, a pipe, or
/// `lossy` reading is checked as it is read.
pub fn check_utf8(source: &Source, lossy: bool) -> anyhow::Result<()> {
    let Source::File(path) = source else { return Ok(()) };
    if lossy || std::fs::metadata(path).map_or(true, |meta| !meta.is_file()) {
        return Ok(()); // the reader's own checks will do
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
