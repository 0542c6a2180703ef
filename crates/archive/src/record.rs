//! What the archive stores of an article, and dates as users write them.

use std::collections::BTreeMap;
use std::hash::Hasher;
use std::sync::OnceLock;

use bayegan_page::calendar::{gregorian_to_jalali, jalali_to_gregorian, Ymd};
use bayegan_page::{Article, BlockKind, FurnitureKind, LineRange, Page};
use bayegan_text::{digit_value, Edit, Restorer};
use serde::{Deserialize, Serialize};

/// One article as stored: its text fields, where it came from and, for articles cut from pages,
/// its structure.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleRecord {
    /// Kept as given, or derived from the content ([`ArticleRecord::content_id`]).
    pub id: String,
    /// The newspaper or outlet.
    pub newspaper: Option<String>,
    /// Solar Hijri date, `YYYY-MM-DD`.
    pub jalali: Option<String>,
    /// Gregorian date, `YYYY-MM-DD`.
    pub gregorian: Option<String>,
    /// The section.
    pub section: Option<String>,
    /// The headline.
    pub headline: Option<String>,
    /// The lead.
    pub lead: Option<String>,
    /// The body text, paragraphs separated by `\n`.
    pub body: String,
    /// Where it was published online.
    pub url: Option<String>,
    /// Where it was ingested from: `file` or `file:line`.
    pub source: Option<String>,
    /// The parsed article (docs/page-schema.md) when it was cut from a page.
    pub structure: Option<serde_json::Value>,
    /// The restorer's edits, for review: of the body as given for an article of a `.jsonl`
    /// line; of the page's text for an article cut from a page (the edits of its own input
    /// lines: headings, byline, blocks, pull quotes, boxes), spans in bytes of the page file
    /// that `source` names.
    pub edits: Vec<Edit>,
    /// For an article cut from a page, with edits: where each of its input lines stands in the
    /// page's text, by line number, as the byte range of the line without the whitespace
    /// around it (blank lines left out). A reader carries the edits into a block's text with it: a block's text is its
    /// lines (`pieces`) restored and trimmed, joined by one space.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub input_lines: BTreeMap<u32, [usize; 2]>,
}

/// A newspaper's or section's name as the archive keeps, filters and counts it: letters
/// normalized as the restorer normalizes them (Arabic ي ك → Persian ی ک, presentation forms,
/// kashida, stray ZWNJs and invisible controls), odd spaces made plain, runs of spaces made one,
/// the ends trimmed; so `همشهري` and `همشهری` are one newspaper. `None` when nothing is left.
///
/// ```
/// assert_eq!(bayegan_archive::normalize_name(" همشهري\u{a0} "), Some("همشهری".to_owned()));
/// assert_eq!(bayegan_archive::normalize_name(" \u{200c} "), None);
/// ```
pub fn normalize_name(name: &str) -> Option<String> {
    static LETTERS: OnceLock<Restorer> = OnceLock::new();
    let letters = LETTERS.get_or_init(|| Restorer::builder().spacing(false).build());
    let normalized = letters.fix(name);
    let words: Vec<&str> = normalized.split_whitespace().collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// An article line of a `.jsonl` input.
#[derive(Deserialize)]
struct ArticleLine {
    id: Option<serde_json::Value>,
    newspaper: Option<String>,
    date: Option<String>,
    section: Option<String>,
    headline: Option<String>,
    lead: Option<String>,
    body: Option<String>,
    url: Option<String>,
}

impl ArticleRecord {
    /// An article from one JSON line `{"id", "newspaper", "date", "section", "headline", "lead",
    /// "body", "url"}`: text fields restored (the body's edits kept), the date read in either
    /// calendar, the id kept as given or derived from the content. `Ok(None)` when it has
    /// neither headline nor body; `place` (`file:line`) is recorded as its source.
    pub fn from_json_line(line: &str, place: &str, restorer: &Restorer) -> Result<Option<ArticleRecord>, String> {
        let parsed: ArticleLine = serde_json::from_str(line).map_err(|err| format!("not a JSON article ({err})"))?;
        let has_text = |t: &Option<String>| t.as_deref().is_some_and(|t| !t.trim().is_empty());
        if !has_text(&parsed.headline) && !has_text(&parsed.body) {
            return Ok(None);
        }
        let restore = |t: Option<String>| t.filter(|t| !t.trim().is_empty()).map(|t| restorer.fix(&t));
        let body = restorer.restore(&parsed.body.unwrap_or_default());
        let mut record = ArticleRecord {
            newspaper: parsed.newspaper.as_deref().and_then(normalize_name),
            section: parsed.section.as_deref().and_then(normalize_name),
            headline: restore(parsed.headline),
            lead: restore(parsed.lead),
            body: body.text,
            url: parsed.url,
            source: Some(place.to_owned()),
            edits: body.edits,
            ..ArticleRecord::default()
        };
        if let Some(date) = parsed.date.filter(|d| !d.trim().is_empty()) {
            record.set_date(&date)?;
        }
        record.id = match parsed.id {
            Some(serde_json::Value::String(id)) if !id.is_empty() => id,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => record.content_id(),
        };
        Ok(Some(record))
    }

    /// The articles of a parsed page: the lead apart, the other blocks as the body, the page's
    /// newspaper and folio date, the section label printed last above the article (else the
    /// page's first), the parsed structure kept; each article keeps the restorer's edits of its
    /// own input lines (headings, byline, blocks, pull quotes, boxes): `edits` are those of the
    /// page's `text` (spans in its bytes), as [`bayegan_page::Parser::parse_with_edits`] gives
    /// them, and stay in the page's coordinates.
    pub fn from_page(page: &Page, text: &str, edits: &[Edit], source: &str) -> Vec<ArticleRecord> {
        let line_starts: Vec<usize> =
            std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1)).collect();
        // the 1-based input line that holds a byte
        let line_of = |byte: usize| line_starts.partition_point(|&start| start <= byte) as u32;
        page.articles
            .iter()
            .filter(|a| !a.blocks.is_empty() || a.headline.is_some())
            .map(|article| {
                let ranges = article_lines(article);
                let holds = |line: u32| ranges.iter().any(|&[first, last]| (first..=last).contains(&line));
                let own_edits: Vec<Edit> = edits
                    .iter()
                    .filter(|e| holds(line_of(e.span.start)) && holds(line_of(e.span.end.max(e.span.start + 1) - 1)))
                    .cloned()
                    .collect();
                let input_lines = if own_edits.is_empty() {
                    BTreeMap::new()
                } else {
                    line_places(article, &ranges, text, &line_starts, &own_edits)
                };
                let lead = article.blocks.first().filter(|b| b.kind == BlockKind::Lead).map(|b| b.text.clone());
                let skip = usize::from(lead.is_some());
                let body: Vec<&str> = article.blocks[skip..].iter().map(|b| b.text.as_str()).collect();
                let mut record = ArticleRecord {
                    newspaper: page.newspaper.as_deref().and_then(normalize_name),
                    section: section_above(page, article)
                        .or_else(|| page.sections.first().cloned())
                        .as_deref()
                        .and_then(normalize_name),
                    headline: article.headline.clone(),
                    lead,
                    body: body.join("\n"),
                    source: Some(source.to_owned()),
                    structure: serde_json::to_value(article).ok(),
                    edits: own_edits,
                    input_lines,
                    ..ArticleRecord::default()
                };
                if let Some(date) = &page.date {
                    record.jalali = date.jalali.clone();
                    record.gregorian = date.gregorian.clone();
                }
                record.id = record.content_id();
                record
            })
            .collect()
    }

    /// An id derived from the content (newspaper, date, headline, lead, body): the same article
    /// ingested twice gets the same id and replaces itself.
    pub fn content_id(&self) -> String {
        let mut hasher = rustc_hash::FxHasher::default();
        for field in [&self.newspaper, &self.jalali, &self.headline, &self.lead] {
            hasher.write(field.as_deref().unwrap_or("").as_bytes());
            hasher.write_u8(0xff);
        }
        hasher.write(self.body.as_bytes());
        format!("a{:016x}", hasher.finish())
    }

    /// Sets both dates from a date written in either calendar (see [`date_from_text`]).
    pub fn set_date(&mut self, text: &str) -> Result<(), String> {
        let (jalali, gregorian) = date_from_text(text)?;
        self.jalali = Some(jalali.iso());
        self.gregorian = gregorian.map(|g| g.iso());
        Ok(())
    }
}

/// Reads `YYYY-MM-DD` or `YYYY/MM/DD` in Persian, Arabic-Indic or Latin digits; a year before
/// 1700 is Solar Hijri. Returns the Solar Hijri date and, when it converts, the Gregorian one.
pub fn date_from_text(text: &str) -> Result<(Ymd, Option<Ymd>), String> {
    let numbers = numbers_of(text);
    let [year, month, day] = numbers[..] else {
        return Err(format!("{text:?}: write a date as YYYY-MM-DD, in the Solar Hijri or Gregorian calendar"));
    };
    let date = Ymd::new(year as i32, month as u8, day as u8);
    if year < 1700 {
        let gregorian = jalali_to_gregorian(date).ok_or_else(|| format!("{text:?}: no such Solar Hijri date"))?;
        Ok((date, Some(gregorian)))
    } else {
        let jalali = gregorian_to_jalali(date).ok_or_else(|| format!("{text:?}: no such Gregorian date"))?;
        Ok((jalali, Some(date)))
    }
}

/// The digit runs of a text as numbers (any digit script).
fn numbers_of(text: &str) -> Vec<u32> {
    let mut numbers = Vec::new();
    let mut current: Option<u32> = None;
    for c in text.chars() {
        match digit_value(c) {
            Some(d) => current = Some(current.unwrap_or(0).saturating_mul(10).saturating_add(d)),
            None => numbers.extend(current.take()),
        }
    }
    numbers.extend(current);
    numbers
}

/// A date bound for searches, as a Solar Hijri `YYYYMMDD` number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateFilter {
    /// First day included.
    pub from: Option<i64>,
    /// Last day included.
    pub to: Option<i64>,
}

impl DateFilter {
    /// Bounds from dates written in either calendar; a year alone (`1403`, `2024`) or a year and
    /// month (`1403-08`) stands for its first day as `from` and its last day as `to`.
    pub fn parse(from: Option<&str>, to: Option<&str>) -> Result<DateFilter, String> {
        let filter = DateFilter {
            from: from.map(|f| bound(f, false)).transpose()?,
            to: to.map(|t| bound(t, true)).transpose()?,
        };
        if let (Some(first), Some(last), Some(from), Some(to)) = (filter.from, filter.to, from, to) {
            if first > last {
                return Err(format!("the first day ({from:?}) comes after the last ({to:?}): swap them"));
            }
        }
        Ok(filter)
    }
}

fn bound(text: &str, end: bool) -> Result<i64, String> {
    // digits (of any script) in one to three groups joined by - / or ., the year of four
    let groups: Vec<&str> = text.trim().split(['-', '/', '.']).collect();
    let well_formed = groups.len() <= 3
        && groups.iter().all(|g| !g.is_empty() && g.chars().all(|c| digit_value(c).is_some()))
        && groups[0].chars().count() == 4;
    if !well_formed {
        return Err(format!("{text:?}: write a date as YYYY, YYYY-MM or YYYY-MM-DD"));
    }
    let numbers = numbers_of(text);
    let (year, month, day) = match numbers[..] {
        [y] => (y, if end { 12 } else { 1 }, if end { 31 } else { 1 }),
        [y, m] => (y, m, if end { 31 } else { 1 }),
        [y, m, d] => (y, m, d),
        _ => return Err(format!("{text:?}: write a date as YYYY, YYYY-MM or YYYY-MM-DD")),
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(format!("{text:?}: no such month or day"));
    }
    // a day written out must exist; a month's last day is found for `YYYY-MM` alone
    let day_written = numbers.len() == 3;
    let date = Ymd::new(year as i32, month as u8, day as u8);
    let jalali = if year < 1700 {
        if day_written && jalali_to_gregorian(date).is_none() {
            return Err(format!("{text:?}: no such Solar Hijri date (a month has 29, 30 or 31 days)"));
        }
        date
    } else if day_written {
        gregorian_to_jalali(date).ok_or_else(|| format!("{text:?}: no such Gregorian date"))?
    } else {
        // the last day of a Gregorian month that is shorter than 31 days
        let mut day = day;
        loop {
            if let Some(j) = gregorian_to_jalali(Ymd::new(year as i32, month as u8, day as u8)) {
                break j;
            }
            if day <= 28 {
                return Err(format!("{text:?}: no such Gregorian date"));
            }
            day -= 1;
        }
    };
    Ok(date_number(&jalali))
}

/// A date as the `YYYYMMDD` number the index filters and sorts on.
pub(crate) fn date_number(date: &Ymd) -> i64 {
    i64::from(date.year) * 10_000 + i64::from(date.month) * 100 + i64::from(date.day)
}

/// The input lines an article's text came from: its headings, byline, blocks (each piece),
/// pull quotes and boxes.
fn article_lines(article: &Article) -> Vec<LineRange> {
    let mut ranges: Vec<LineRange> = article.heading_lines.into_iter().collect();
    ranges.extend(article.byline.as_ref().map(|b| b.lines));
    for block in &article.blocks {
        if block.pieces.is_empty() {
            ranges.push(block.lines);
        } else {
            ranges.extend(&block.pieces);
        }
    }
    ranges.extend(article.pull_quotes.iter().chain(&article.boxes).map(|e| e.lines));
    ranges
}

/// Where the article's non-blank input lines (`ranges`) stand in the page's `text`, by line
/// number: the line's bytes without the whitespace around it; for a block of one line whose
/// text is part of the line restored (a marked line `◀ **…**` gives its inside), the bytes of
/// that part. `edits` are the article's, to restore a line with.
fn line_places(
    article: &Article,
    ranges: &[LineRange],
    text: &str,
    line_starts: &[usize],
    edits: &[Edit],
) -> BTreeMap<u32, [usize; 2]> {
    let mut places = BTreeMap::new();
    for &[first, last] in ranges {
        for number in first..=last {
            let Some(&start) = line_starts.get(number as usize - 1) else { continue };
            let line = text[start..].split('\n').next().unwrap_or_default();
            // a blank line inside a range is no part of the text
            if !line.trim().is_empty() {
                let lead = line.len() - line.trim_start().len();
                places.insert(number, [start + lead, start + line.trim_end().len()]);
            }
        }
    }
    for block in &article.blocks {
        let [number, last] = block.pieces.first().copied().unwrap_or(block.lines);
        if number != last || block.pieces.len() > 1 {
            continue;
        }
        let Some(&[start, end]) = places.get(&number) else { continue };
        let in_line: Vec<&Edit> = edits.iter().filter(|e| start <= e.span.start && e.span.end <= end).collect();
        let mut restored = String::new();
        let mut at = start;
        for edit in &in_line {
            restored.push_str(&text[at..edit.span.start]);
            restored.push_str(&edit.after);
            at = edit.span.end;
        }
        restored.push_str(&text[at..end]);
        if restored == block.text {
            continue;
        }
        let Some(inside) = restored.find(&block.text) else { continue };
        // a place in the restored line → the same place in the input line
        let input_offset = |restored_offset: usize| {
            let mut shift = 0isize;
            for edit in &in_line {
                if (edit.span.start - start) as isize + shift >= restored_offset as isize {
                    break;
                }
                shift += edit.after.len() as isize - edit.span.len() as isize;
            }
            start + (restored_offset as isize - shift) as usize
        };
        places.insert(number, [input_offset(inside), input_offset(inside + block.text.len())]);
    }
    places
}

/// The section label printed last before an article's first line.
fn section_above(page: &Page, article: &Article) -> Option<String> {
    let first_line = article.heading_lines.or_else(|| article.blocks.first().map(|b| b.lines))?[0];
    page.furniture
        .iter()
        .filter(|f| f.kind == FurnitureKind::Section && f.lines[0] < first_line)
        .max_by_key(|f| f.lines[0])
        .map(|f| f.text.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_article_gets_the_section_printed_above_it() {
        let text = "سیاست\n\
            مجلس طرح تازه‌ای برای بودجه سال آینده بررسی می‌کند\n\
            نمایندگان مجلس روز گذشته در جلسه علنی کلیات طرح اصلاح بودجه را بررسی کردند و قرار شد جزئیات آن هفته آینده در کمیسیون تلفیق بررسی شود.\n\
            به گفته رئیس کمیسیون، این طرح هزینه‌های جاری دولت را کاهش می‌دهد و سهم عمرانی را بیشتر می‌کند.\n\n\
            اقتصاد\n\
            قیمت طلا در بازار تهران دوباره افزایش یافت\n\
            قیمت هر سکه تمام بهار آزادی در بازار دیروز بیش از دو درصد بالا رفت و معامله‌گران از کاهش عرضه خبر دادند.\n\
            کارشناسان می‌گویند نوسان نرخ ارز مهم‌ترین دلیل این افزایش بوده است.\n";
        let parsed = bayegan_page::Parser::new().parse_with_edits("two-sections.txt", text, &[]).unwrap();
        let sections: Vec<_> = ArticleRecord::from_page(&parsed.page, text, &parsed.edits, "two-sections.txt")
            .into_iter()
            .map(|r| r.section)
            .collect();
        assert_eq!(sections, [Some("سیاست".to_owned()), Some("اقتصاد".to_owned())]);
    }

    #[test]
    fn articles_cut_from_a_page_keep_the_edits_of_their_own_lines() {
        let text = "سياست\n\
            مجلس طرح تازهای برای بودجه سال آینده بررسی میکند\n\
            نمایندگان مجلس روز گذشته در جلسه علنی کلیات طرح اصلاح بودجه را بررسی کردند و قرار شد جزئیات آن هفته آینده در کمیسیون تلفیق بررسی شود.\n\
            به گفته رئیس کمیسیون، این طرح هزینههای جاری دولت را کاهش میدهد و سهم عمرانی را بیشتر میکند.\n\n\
            اقتصاد\n\
            قیمت طلا در بازار تهران دوباره افزایش یافت\n\
            قیمت هر سکه تمام بهار آزادی در بازار دیروز بیش از دو درصد بالا رفت و معاملهگران از کاهش عرضه خبر دادند.\n\
            کارشناسان میگویند نوسان نرخ ارز مهمترین دلیل این افزایش بوده است.\n";
        let parsed = bayegan_page::Parser::new().parse_with_edits("page.txt", text, &[]).unwrap();
        let records = ArticleRecord::from_page(&parsed.page, text, &parsed.edits, "page.txt");
        // the input word each edit falls in: spans are bytes of the page's text
        let words = |record: &ArticleRecord| -> Vec<&str> {
            record
                .edits
                .iter()
                .map(|e| {
                    assert_eq!(&text[e.span.clone()], e.before, "{e:?}");
                    let start = text[..e.span.start].rfind(char::is_whitespace).map_or(0, |at| at + 1);
                    let end = text[e.span.end..].find(char::is_whitespace).map_or(text.len(), |at| e.span.end + at);
                    &text[start..end]
                })
                .collect()
        };
        assert_eq!(records.len(), 2);
        assert_eq!(words(&records[0]), ["تازهای", "میکند", "هزینههای", "میدهد", "میکند."]);
        assert_eq!(words(&records[1]), ["میگویند", "مهمترین"]);
        // the section label's ي is no article's edit; the name is normalized
        assert!(parsed.edits.iter().any(|e| e.before == "ي"), "{:?}", parsed.edits);
        assert_eq!(records[0].section.as_deref(), Some("سیاست"));
        // applied to the page, an article's edits give its restored text
        let restored = bayegan_text::apply_edits(text, &parsed.edits);
        assert!(restored.contains(records[0].headline.as_deref().unwrap()));
        assert!(records[0].body.contains("هزینه\u{200c}های جاری"), "{}", records[0].body);
        // each line's place in the page: the headline's line is the second
        let headline_line = records[0].input_lines[&2];
        assert_eq!(&text[headline_line[0]..headline_line[1]], "مجلس طرح تازهای برای بودجه سال آینده بررسی میکند");
        assert_eq!(records[0].input_lines.keys().copied().collect::<Vec<_>>(), [2, 3, 4]);
    }

    #[test]
    fn a_marked_line_is_placed_by_its_inside() {
        let text = "شهرداری طرح تازهای برای ترافیک اعلام کرد\n\n\
            تهران - خبرنگار بایگان: معاون شهرداری تهران روز گذشته گفت که طرح تازه کاهش ترافیک از ابتدای آذرماه اجرا میشود.\n\n\
            ◀ **رانندگان چه میگویند**\n\n\
            گروهی از رانندگان تاکسی در گفتوگو با خبرنگار ما گفتند نگران کاهش درآمد خود هستند و باید با آنها مشورت میشد.\n";
        let parsed = bayegan_page::Parser::new().parse_with_edits("page.txt", text, &[]).unwrap();
        let records = ArticleRecord::from_page(&parsed.page, text, &parsed.edits, "page.txt");
        let blocks = &parsed.page.articles[0].blocks;
        assert_eq!(blocks[1].kind, BlockKind::Subhead, "{blocks:#?}");
        assert_eq!(blocks[1].text, "رانندگان چه می\u{200c}گویند");
        let [start, end] = records[0].input_lines[&blocks[1].lines[0]];
        assert_eq!(&text[start..end], "رانندگان چه میگویند", "the subhead's own text, without its marks");
        let [start, end] = records[0].input_lines[&blocks[0].lines[0]];
        assert!(text[start..end].starts_with("تهران - ") && text[start..end].ends_with("میشود."));
    }

    #[test]
    fn dates_in_either_calendar_and_any_digits() {
        let (j, g) = date_from_text("۱۴۰۳/۰۸/۱۹").unwrap();
        assert_eq!((j.iso(), g.unwrap().iso()), ("1403-08-19".into(), "2024-11-09".into()));
        let (j, _) = date_from_text("2024-11-09").unwrap();
        assert_eq!(j.iso(), "1403-08-19");
        assert!(date_from_text("1403-13-01").is_err());
        assert!(date_from_text("yesterday").is_err());
    }

    #[test]
    fn filters_take_whole_years_and_months() {
        let f = DateFilter::parse(Some("1403"), Some("1403-08")).unwrap();
        assert_eq!((f.from, f.to), (Some(14030101), Some(14030831)));
        let g = DateFilter::parse(Some("2024-11-09"), None).unwrap();
        assert_eq!(g.from, Some(14030819));
        // a Gregorian month's last day, for a month alone
        let h = DateFilter::parse(None, Some("2025-02")).unwrap();
        assert_eq!(h.to, Some(14031210));
        // any digits, - / or . between
        assert_eq!(DateFilter::parse(Some("۱۴۰۳/۰۸"), None).unwrap().from, Some(14030801));
    }

    #[test]
    fn a_filter_that_is_not_a_date_is_refused() {
        for text in ["1e3", "-1403", "+1403", "1403-", "14030", "1403-08-19-1", "۱۴۰۳ آبان", "03-08", ""] {
            let error = DateFilter::parse(Some(text), None).unwrap_err();
            assert!(error.contains("write a date as YYYY"), "{text}: {error}");
        }
    }

    #[test]
    fn a_day_that_does_not_exist_is_refused() {
        for date in ["1403-07-31", "1402-12-30", "2025-02-30", "2024-04-31"] {
            let error = DateFilter::parse(Some(date), None).unwrap_err();
            assert!(error.contains("no such"), "{date}: {error}");
        }
        assert!(DateFilter::parse(Some("1403-12-30"), Some("1403-01")).unwrap_err().contains("swap them"));
        // Esfand of a leap year has 30 days
        assert_eq!(DateFilter::parse(Some("1403-12-30"), None).unwrap().from, Some(14031230));
    }

    #[test]
    fn content_ids_are_stable_and_differ_by_content() {
        let a = ArticleRecord { headline: Some("الف".into()), body: "متن".into(), ..Default::default() };
        let mut b = a.clone();
        assert_eq!(a.content_id(), b.content_id());
        b.body.push('ی');
        assert_ne!(a.content_id(), b.content_id());
    }
}
