//! `bayegan serve`: the archive's HTTP API and web page.

use std::path::{Path, PathBuf};

use anyhow::Context;
use bayegan_server::ServerConfig;

use crate::input::UsageError;
use crate::ServeArgs;

/// Where scripts/setup.sh installs the Vazirmatn font, under the repository's root.
const INSTALLED_FONTS: &str = "target/web/node_modules/vazirmatn/fonts/webfonts";
/// The font file the page's style sheet asks for.
const FONT_FILE: &str = "Vazirmatn[wght].woff2";

pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    let token = match &args.token_file {
        Some(file) => Some(read_token(file)?),
        None => std::env::var("BAYEGAN_TOKEN").ok().filter(|t| !t.is_empty()),
    };
    let fonts = match &args.fonts {
        Some(dir) if !dir.is_dir() => {
            return Err(UsageError(format!(
                "--fonts {}: no such directory (give the directory that holds {FONT_FILE})",
                dir.display()
            ))
            .into())
        }
        Some(dir) => {
            if !dir.join(FONT_FILE).is_file() {
                eprintln!(
                    "bayegan: warning: --fonts {}: no {FONT_FILE} there; the page falls back to the system's fonts",
                    dir.display()
                );
            }
            Some(dir.clone())
        }
        None => {
            let candidates = default_font_dirs();
            let found = candidates.iter().find(|dir| dir.join(FONT_FILE).is_file()).cloned();
            if found.is_none() {
                let looked: Vec<String> = candidates.iter().map(|d| d.display().to_string()).collect();
                eprintln!(
                    "bayegan: warning: the Vazirmatn font is not installed (looked in {}); the page falls back to \
                     the system's fonts: run scripts/setup.sh in the repository, or pass --fonts DIR (the directory \
                     that holds {FONT_FILE})",
                    looked.join(", ")
                );
            }
            found
        }
    };
    let mut config = ServerConfig::new(args.archive.clone());
    config.addr = args.addr;
    config.token = token;
    config.max_body = args.max_body;
    config.fonts = fonts;
    let writes = if config.token.is_some() { "on (bearer token)" } else { "off (set BAYEGAN_TOKEN to turn them on)" };
    bayegan_server::run(config, |addr| {
        eprintln!("bayegan: serving {} at http://{addr}/ (writes {writes}; Ctrl-C stops)", args.archive.display());
    })
    .map_err(|e| anyhow::anyhow!("{e}"))
}

/// The bearer token in `file`, its surrounding whitespace trimmed; an empty one is refused, for
/// no request could ever match it.
fn read_token(file: &Path) -> anyhow::Result<String> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("{}: cannot read the token file", file.display()))?;
    let token = text.trim();
    if token.is_empty() {
        return Err(UsageError(format!(
            "{}: the token file is empty; write the bearer token for POST /api/ingest into it (or leave out \
             --token-file to keep writes off)",
            file.display()
        ))
        .into());
    }
    Ok(token.to_owned())
}

/// Where the font may be when --fonts is not given, in order: under the working directory (a
/// server started in the repository), beside the executable (`target/release/bayegan` →
/// `target/web/…`), and under the repository the binary was built from.
fn default_font_dirs() -> Vec<PathBuf> {
    let below_target = INSTALLED_FONTS.strip_prefix("target/").expect("the fonts are installed under target/");
    let working = std::env::current_dir().map_or_else(|_| PathBuf::from(INSTALLED_FONTS), |d| d.join(INSTALLED_FONTS));
    let beside_executable =
        std::env::current_exe().ok().and_then(|exe| Some(exe.parent()?.parent()?.join(below_target)));
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).map(|root| root.join(INSTALLED_FONTS));
    let mut dirs: Vec<PathBuf> = Vec::new();
    for dir in [Some(working), beside_executable, repository].into_iter().flatten() {
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    dirs
}
