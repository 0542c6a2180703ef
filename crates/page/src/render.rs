//! A [`Page`] as Markdown or as a standalone right-to-left HTML page, for reading and review;
//! several pages as one HTML document.

use std::fmt::Write;

use bayegan_text::FlagKind;

use crate::model::{BlockKind, Page, WordFlag};

/// The page as Markdown: one section per article, blocks in order, quotes as block quotes. The
/// text's `<`, `>` and `&` are written as `&lt;`, `&gt;` and `&amp;`, and Markdown's own marks
/// (`*`, `_`, `[`, `` ` ``, a `#` or `-` starting a line…) with a backslash, so a Markdown
/// renderer shows them rather than reading them as HTML, emphasis, links or headings.
pub fn markdown(page: &Page) -> String {
    let text = escape_markdown;
    let mut out = String::new();
    if let Some(date) = &page.date {
        let _ = writeln!(
            out,
            "<!-- {} · {} -->\n",
            text(page.newspaper.as_deref().unwrap_or("")),
            text(date.jalali.as_deref().unwrap_or(""))
        );
    }
    for article in &page.articles {
        if let Some(kicker) = &article.kicker {
            let _ = writeln!(out, "*{}*\n", text(kicker));
        }
        if let Some(overline) = &article.overline {
            let _ = writeln!(out, "{}\n", text(overline));
        }
        let _ = writeln!(out, "# {}\n", text(article.headline.as_deref().unwrap_or("(بی‌تیتر)")));
        for sub in &article.subheadlines {
            let _ = writeln!(out, "## {}\n", text(sub));
        }
        for block in &article.blocks {
            let block_text = text(&block.text);
            match block.kind {
                BlockKind::Subhead => {
                    let _ = writeln!(out, "### {block_text}\n");
                }
                BlockKind::Question => {
                    let _ = writeln!(out, "**{block_text}**\n");
                }
                BlockKind::Lead => {
                    let _ = writeln!(out, "_{}_\n", block_text.replace('\n', "_\n\n_"));
                }
                BlockKind::Paragraph | BlockKind::Answer => {
                    let _ = writeln!(out, "{}\n", block_text.replace('\n', "\n\n"));
                }
            }
        }
        for quote in article.pull_quotes.iter().chain(&article.boxes) {
            let _ = writeln!(out, "> {}\n", text(&quote.text));
        }
    }
    out
}

/// Text for Markdown: `<`, `>` and `&` as character references, Markdown's marks escaped with
/// a backslash (inline ones anywhere, block ones at the start of a line), the rest as it is.
fn escape_markdown(text: &str) -> String {
    let html = escape_markup(text, false);
    let mut out = String::with_capacity(html.len() + 8);
    let mut line_start = true;
    let mut chars = html.chars().peekable();
    while let Some(c) = chars.next() {
        let inline = matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '|');
        let block = line_start && matches!(c, '#' | '>' | '-' | '+' | '=' | '~');
        if inline || block {
            out.push('\\');
        }
        out.push(c);
        // a number at a line's start followed by `.` or `)` would start an ordered list
        if line_start && c.is_ascii_digit() {
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                out.push(d);
                chars.next();
            }
            if let Some(&mark) = chars.peek().filter(|&&m| m == '.' || m == ')') {
                out.push('\\');
                out.push(mark);
                chars.next();
            }
        }
        line_start = c == '\n' || (line_start && c == ' ');
    }
    out
}

/// The page as a standalone HTML document (`dir="rtl"`, `lang="fa"`).
pub fn html(page: &Page) -> String {
    let mut out = html_start(&page.source);
    write_articles(&mut out, page, "");
    out.push_str(HTML_END);
    out
}

/// The start of an HTML document (`dir="rtl"`, `lang="fa"`) titled `title`, for several pages:
/// [`html_page_section`] for each, then [`HTML_END`]. Pages can so be written as they come.
pub fn html_start(title: &str) -> String {
    let mut out =
        String::from("<!DOCTYPE html>\n<html lang=\"fa\" dir=\"rtl\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    out.push_str(&escape(title));
    out.push_str(
        "</title>\n<style>body{font-family:Vazirmatn,Tahoma,sans-serif;max-width:44rem;margin:2rem auto;line-height:1.9}\
         .kicker{color:#a33}.overline{color:#555}blockquote{border-inline-start:4px solid #ccc;margin:1rem 0;padding:0 1rem;color:#444}\
         aside{background:#f4f4f4;padding:.5rem 1rem}mark.misspelled{background:#fdd}mark.unknown{background:none;border-bottom:1px dotted #999}\
         section.page+section.page{border-top:2px solid #999;margin-top:2rem}h1.source{font-size:1rem;color:#555}</style>\n</head>\n<body>\n",
    );
    out
}

/// The end of an HTML document begun by [`html_start`].
pub const HTML_END: &str = "</body>\n</html>\n";

/// One page of a document begun by [`html_start`]: a `<section>` headed by the page's source,
/// holding its articles. `number` (1, 2, …, the page's place in the document) keeps the
/// articles' ids apart: `p2-a1` is the first article of the second page.
pub fn html_page_section(page: &Page, number: usize) -> String {
    let mut out = format!(
        "<section class=\"page\" id=\"p{number}\">\n<h1 class=\"source\" dir=\"auto\">{}</h1>\n",
        escape(&page.source)
    );
    write_articles(&mut out, page, &format!("p{number}-"));
    out.push_str("</section>\n");
    out
}

/// The page's articles as `<article>` elements, their ids prefixed with `id_prefix`.
fn write_articles(out: &mut String, page: &Page, id_prefix: &str) {
    for article in &page.articles {
        let _ = writeln!(out, "<article id=\"{id_prefix}{}\">", escape(&article.id));
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

/// Text for HTML, attribute values included.
fn escape(text: &str) -> String {
    escape_markup(text, true)
}

/// `<`, `>`, `&` (and `"` with `quote`) as character references.
fn escape_markup(text: &str, quote: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' if quote => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Parser;

    /// A short page whose headline and lead quote markup, as a page about a website might.
    const MARKUP_PAGE: &str = "\
فناوری

تیتر <script>alert(1)</script> در صفحه‌های خبری

کارشناسان امنیت می‌گویند برچسب‌هایی مانند <b> و نشانه & در متن خبرها باید همان‌طور که نوشته شده دیده شوند و اجرا نشوند.
";

    /// A second page, of another section.
    const SECOND_PAGE: &str = "\
اقتصاد

قیمت نان در تهران بیست درصد بالا رفت

نانوایان تهران از امروز نان را با نرخ تازه می‌فروشند و از کمبود آرد در هفته‌های گذشته گله دارند.
";

    fn parsed(source: &str, text: &str) -> Page {
        Parser::new().parse(source, text).expect("a Persian page")
    }

    #[test]
    fn markdown_shows_markup_in_the_text_as_text() {
        let markdown = markdown(&parsed("markup.txt", MARKUP_PAGE));
        assert!(markdown.contains("# تیتر &lt;script&gt;alert(1)&lt;/script&gt; در صفحه‌های خبری"), "{markdown}");
        assert!(markdown.contains("مانند &lt;b&gt; و نشانه &amp; در متن"), "{markdown}");
        assert!(!markdown.contains("<script>") && !markdown.contains("<b>"), "{markdown}");
        // Persian text and its ZWNJs come through untouched
        assert!(markdown.contains("می\u{200c}گویند برچسب\u{200c}هایی"), "{markdown}");
    }

    #[test]
    fn markdown_marks_in_the_text_stay_text() {
        assert_eq!(
            escape_markdown("# ابزار [نسخه ۲](http://example.com) برای *متن* و خطای_کمتر"),
            "\\# ابزار \\[نسخه ۲\\](http://example.com) برای \\*متن\\* و خطای\\_کمتر"
        );
        assert_eq!(escape_markdown("1. مورد اول\n- مورد دوم\n> نقل"), "1\\. مورد اول\n\\- مورد دوم\n&gt; نقل");
        assert_eq!(
            escape_markdown("سال ۱۴۰۳ - شماره 12. پایان"),
            "سال ۱۴۰۳ - شماره 12. پایان",
            "only at a line's start"
        );
    }

    #[test]
    fn several_pages_make_one_html_document_a_section_each() {
        let pages = [parsed("first.txt", MARKUP_PAGE), parsed("second.txt", SECOND_PAGE)];
        let mut document = html_start("first.txt, second.txt");
        for (index, page) in pages.iter().enumerate() {
            document.push_str(&html_page_section(page, index + 1));
        }
        document.push_str(HTML_END);
        assert_eq!(document.matches("<html").count(), 1);
        assert_eq!(document.matches("</html>").count(), 1);
        assert!(document.ends_with("</body>\n</html>\n"));
        assert_eq!(document.matches("<section class=\"page\"").count(), 2);
        assert!(document.contains("<h1 class=\"source\" dir=\"auto\">first.txt</h1>"));
        assert!(document.contains("<h1 class=\"source\" dir=\"auto\">second.txt</h1>"));
        // each page's articles inside its section, their ids kept apart
        let second = document.find("id=\"p2\"").unwrap();
        let bread = document.find("قیمت نان در تهران").unwrap();
        assert!(second < bread && document.find("id=\"p1\"").unwrap() < second);
        assert!(document.contains("<article id=\"p1-a1\">") && document.contains("<article id=\"p2-a1\">"));
        assert!(document.contains("تیتر &lt;script&gt;"), "the HTML is escaped too");
        // one page alone is still a document of its own, its ids as they are
        let single = html(&pages[1]);
        assert!(single.starts_with("<!DOCTYPE html>") && single.contains("<article id=\"a1\">"));
        assert!(!single.contains("<section"));
    }
}
