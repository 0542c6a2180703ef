//! A [`Page`] as Markdown or as a standalone right-to-left HTML page, for reading and review.

use std::fmt::Write;

use bayegan_text::FlagKind;

use crate::model::{BlockKind, Page, WordFlag};

/// The page as Markdown: one section per article, blocks in order, quotes as block quotes.
pub fn markdown(page: &Page) -> String {
    let mut out = String::new();
    if let Some(date) = &page.date {
        let _ = writeln!(
            out,
            "<!-- {} · {} -->\n",
            page.newspaper.as_deref().unwrap_or(""),
            date.jalali.as_deref().unwrap_or("")
        );
    }
    for article in &page.articles {
        if let Some(kicker) = &article.kicker {
            let _ = writeln!(out, "*{kicker}*\n");
        }
        if let Some(overline) = &article.overline {
            let _ = writeln!(out, "{overline}\n");
        }
        let _ = writeln!(out, "# {}\n", article.headline.as_deref().unwrap_or("(بی‌تیتر)"));
        for sub in &article.subheadlines {
            let _ = writeln!(out, "## {sub}\n");
        }
        for block in &article.blocks {
            match block.kind {
                BlockKind::Subhead => {
                    let _ = writeln!(out, "### {}\n", block.text);
                }
                BlockKind::Question => {
                    let _ = writeln!(out, "**{}**\n", block.text);
                }
                BlockKind::Lead => {
                    let _ = writeln!(out, "_{}_\n", block.text.replace('\n', "_\n\n_"));
                }
                BlockKind::Paragraph | BlockKind::Answer => {
                    let _ = writeln!(out, "{}\n", block.text.replace('\n', "\n\n"));
                }
            }
        }
        for quote in article.pull_quotes.iter().chain(&article.boxes) {
            let _ = writeln!(out, "> {}\n", quote.text);
        }
    }
    out
}

/// The page as a standalone HTML document (`dir="rtl"`, `lang="fa"`).
pub fn html(page: &Page) -> String {
    let mut out =
        String::from("<!DOCTYPE html>\n<html lang=\"fa\" dir=\"rtl\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    out.push_str(&escape(&page.source));
    out.push_str(
        "</title>\n<style>body{font-family:Vazirmatn,Tahoma,sans-serif;max-width:44rem;margin:2rem auto;line-height:1.9}\
         .kicker{color:#a33}.overline{color:#555}blockquote{border-inline-start:4px solid #ccc;margin:1rem 0;padding:0 1rem;color:#444}\
         aside{background:#f4f4f4;padding:.5rem 1rem}mark.misspelled{background:#fdd}mark.unknown{background:none;border-bottom:1px dotted #999}</style>\n</head>\n<body>\n",
    );
    for article in &page.articles {
        let _ = writeln!(out, "<article id=\"{}\">", escape(&article.id));
        if let Some(kicker) = &article.kicker {
            let _ = writeln!(out, "<p class=\"kicker\">{}</p>", escape(kicker));
        }
        if let Some(overline) = &article.overline {
            let _ = writeln!(out, "<p class=\"overline\">{}</p>", escape(overline));
        }
        if let Some(headline) = &article.headline {
            let _ = writeln!(out, "<h1>{}</h1>", escape(headline));
        }
        for sub in &article.subheadlines {
            let _ = writeln!(out, "<h2>{}</h2>", escape(sub));
        }
        for block in &article.blocks {
            let (open, close) = match block.kind {
                BlockKind::Subhead => ("<h3>", "</h3>"),
                BlockKind::Question => ("<p><strong>", "</strong></p>"),
                BlockKind::Lead => ("<p class=\"lead\"><em>", "</em></p>"),
                BlockKind::Paragraph | BlockKind::Answer => ("<p>", "</p>"),
            };
            for paragraph in marked(&block.text, &block.flags).split('\n') {
                let _ = writeln!(out, "{open}{paragraph}{close}");
            }
        }
        for quote in &article.pull_quotes {
            let _ = writeln!(out, "<blockquote>{}</blockquote>", escape(&quote.text));
        }
        for boxed in &article.boxes {
            let _ = writeln!(out, "<aside>{}</aside>", escape(&boxed.text));
        }
        out.push_str("</article>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// A block's text escaped for HTML, with its flagged words in `<mark>` (the suggestions in the
/// title, for review).
fn marked(text: &str, flags: &[WordFlag]) -> String {
    let mut out = String::with_capacity(text.len() + flags.len() * 40);
    let mut at = 0;
    for flag in flags {
        let [start, end] = flag.span;
        if start < at || text.get(start..end).is_none() {
            continue;
        }
        out.push_str(&escape(&text[at..start]));
        let kind = match flag.kind {
            FlagKind::Misspelled => "misspelled",
            FlagKind::Unknown => "unknown",
        };
        let title: Vec<String> =
            flag.suggestions.iter().map(|s| format!("{} ({:.0}%)", s.word, 100.0 * s.confidence)).collect();
        let _ = write!(
            out,
            "<mark class=\"{kind}\" title=\"{}\">{}</mark>",
            escape(&title.join("، ")),
            escape(&text[start..end])
        );
        at = end;
    }
    out.push_str(&escape(&text[at..]));
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}
