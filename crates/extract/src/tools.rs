//! Running poppler's and Tesseract's programs: a missing program names its Debian package, a
//! failing one its message.

use std::ffi::OsStr;
use std::io;
use std::process::{Command, Output, Stdio};

use crate::error::{ExtractError, Place};

/// An external program and the Debian package that installs it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tool {
    pub name: &'static str,
    pub package: &'static str,
}

pub(crate) const PDFINFO: Tool = Tool { name: "pdfinfo", package: "poppler-utils" };
pub(crate) const PDFTOTEXT: Tool = Tool { name: "pdftotext", package: "poppler-utils" };
pub(crate) const PDFTOPPM: Tool = Tool { name: "pdftoppm", package: "poppler-utils" };
pub(crate) const TESSERACT: Tool = Tool { name: "tesseract", package: "tesseract-ocr and tesseract-ocr-fas" };

/// What a run gave: its output, or that the program is not installed.
pub(crate) enum Ran {
    Done(Output),
    Missing,
}

/// Runs `tool` with `args`, capturing its output.
pub(crate) fn run<I, S>(tool: Tool, args: I, place: &Place) -> Result<Ran, ExtractError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let result = Command::new(tool.name).args(args).stdin(Stdio::null()).output();
    match result {
        Ok(output) => Ok(Ran::Done(output)),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(Ran::Missing),
        Err(err) => Err(ExtractError::ToolFailed {
            place: place.clone(),
            tool: tool.name,
            detail: format!("cannot start it ({err})"),
        }),
    }
}

/// Runs `tool` and requires it to be installed.
pub(crate) fn run_required<I, S>(tool: Tool, args: I, place: &Place) -> Result<Output, ExtractError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    match run(tool, args, place)? {
        Ran::Done(output) => Ok(output),
        Ran::Missing => Err(ExtractError::ToolMissing { place: place.clone(), tool: tool.name, package: tool.package }),
    }
}

/// The first message a program wrote to standard error (with a count of the others), or its
/// exit status when it wrote none.
pub(crate) fn complaint(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    match lines.as_slice() {
        [] => format!("exit status {}", output.status),
        [only] => (*only).to_owned(),
        [first, rest @ ..] => format!("{first} (and {} more messages)", rest.len()),
    }
}
