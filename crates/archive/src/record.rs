//! What the archive stores of an article, and dates as users write them.

use std::hash::Hasher;

use bayegan_page::calendar::{gregorian_to_jalali, jalali_to_gregorian, Ymd};
use bayegan_page::{Article, BlockKind, FurnitureKind, Page};
use bayegan_text::{digit_value, Restorer};
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
    /// The restorer's edits of the text fields, for review.
    pub edits: Vec<bayegan_text::Edit>,
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
            newspaper: parsed.newspaper.filter(|n| !n.trim().is_empty()),
            section: parsed.section.filter(|s| !s.trim().is_empty()),
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
    /// page's first), the parsed structure kept.
    pub fn from_page(page: &Page, source: &str) -> Vec<ArticleRecord> {
        page.articles
            .iter()
            .filter(|a| !a.blocks.is_empty() || a.headline.is_some())
            .map(|article| {
                let lead = article.blocks.first().filter(|b| b.kind == BlockKind::Lead).map(|b| b.text.clone());
                let skip = usize::from(lead.is_some());
                let body: Vec<&str> = article.blocks[skip..].iter().map(|b| b.text.as_str()).collect();
                let mut record = ArticleRecord {
                    newspaper: page.newspaper.clone(),
                    section: section_above(page, article).or_else(|| page.sections.first().cloned()),
                    headline: article.headline.clone(),
                    lead,
                    body: body.join("\n"),
                    source: Some(source.to_owned()),
                    structure: serde_json::to_value(article).ok(),
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
        let page = bayegan_page::Parser::builder().build().parse("two-sections.txt", text).unwrap();
        let sections: Vec<_> =
            ArticleRecord::from_page(&page, "two-sections.txt").into_iter().map(|r| r.section).collect();
        assert_eq!(sections, [Some("سیاست".to_owned()), Some("اقتصاد".to_owned())]);
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
