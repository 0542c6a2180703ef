//! `bayegan serve`: the archive's HTTP API and web page.

use std::path::PathBuf;

use anyhow::Context;
use bayegan_server::ServerConfig;

use crate::ServeArgs;

/// Where scripts/setup.sh installs the Vazirmatn font.
const INSTALLED_FONTS: &str = "target/web/node_modules/vazirmatn/fonts/webfonts";

pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    let token = match &args.token_file {
        Some(file) => Some(
            std::fs::read_to_string(file)
                .with_context(|| format!("{}: cannot read the token file", file.display()))?
                .trim()
                .to_owned(),
        ),
        None => std::env::var("BAYEGAN_TOKEN").ok().filter(|t| !t.is_empty()),
    };
    let fonts = args.fonts.clone().or_else(|| Some(PathBuf::from(INSTALLED_FONTS)).filter(|p| p.is_dir()));
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
