//! Dates written in text: `۱۷ اکتبر ۲۰۲۳`, `ژانویه ۲۰۲۴`, `۱۹ آبان ۱۴۰۳`, `سال ۲۰۲۲`,
//! `۷ جمادی‌الاول ۱۴۴۶`, `۱۴۰۳/۰۸/۱۹`.
//!
//! The text is cut into numbers and words (a small hand tokenizer; ASCII, Persian and
//! Arabic-Indic digits), and a date is read where a number or a month name starts one. The
//! calendar is told by the month name, or by the year's range where there is none (`13xx`/`14xx`
//! Solar Hijri, `19xx`/`20xx` Gregorian). A full date gets its value in all three calendars,
//! computed where not written; a month and year, or a year alone, only its own.
//!
//! The tokenizer and the date reader are shared with the folio reader ([`crate::folio`]).

use std::ops::Range;

use bayegan_text::{digit_value, is_letter, is_mark};

use crate::calendar::{self, month_from_name, same_letters, Calendar, Ymd};

/// A date found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// Byte offsets in the text, covering exactly the date's words and digits (`سال ۲۰۲۲` for a
    /// year alone: the word is what makes the number a year).
    pub span: Range<usize>,
    /// Solar Hijri value: `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when only those are written.
    pub jalali: Option<String>,
    /// Gregorian value, same precision rules.
    pub gregorian: Option<String>,
    /// Lunar Hijri value, same precision rules.
    pub hijri: Option<String>,
}

/// Every date written in `text`, in order. Numbers that are not dates (`۱۷۰ بار`, `۱۰۰ روز`)
/// and month names without a year (`ماه اکتبر`) are passed over; `مه` and `می` are May only
/// between a day and a year (`۵ مه ۲۰۲۴`), since `می` is also a verb prefix.
pub fn find_dates(text: &str) -> Vec<FoundDate> {
    let mut found = Vec::new();
    if !text.chars().any(|c| digit_value(c).is_some()) {
        return found;
    }
    let tokens = Tokens::new(text);
    let mut i = 0;
    while i < tokens.len() {
        match read_date(&tokens, i, Layout::Text) {
            Some(date) => {
                found.push(date.found(&tokens));
                i = date.end;
            }
            None => i += 1,
        }
    }
    found
}

/// How tolerant the numeric date reader is of the characters around its separators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// Running text: `۱۴۰۳/۰۸/۱۹`, separators between the numbers with nothing around them.
    Text,
    /// A folio: separators may stand between spaces (`۱۹ • ۰۸ • ۱۴۰۳`).
    Folio,
}

/// How much of a date is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Precision {
    /// Day, month and year.
    Day,
    /// Month and year.
    Month,
    /// The year alone.
    Year,
}

/// A date read from tokens `first..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ReadDate {
    /// The calendar the date is written in.
    pub calendar: Calendar,
    /// The date; month and day are 1 where the precision leaves them unwritten.
    pub date: Ymd,
    /// How much of it is written.
    pub precision: Precision,
    /// True when a month name or calendar word tells the calendar, false when only the year's
    /// range does (numeric dates, `سال ۲۰۲۲`).
    pub named: bool,
    /// The first token of the date.
    pub first: usize,
    /// One past its last token.
    pub end: usize,
}

impl ReadDate {
    /// The date as reported: in all three calendars when full, else in its own only.
    fn found(&self, tokens: &Tokens) -> FoundDate {
        let span = tokens.span(self.first, self.end);
        if self.precision == Precision::Day {
            let value = |to| calendar::convert(self.date, self.calendar, to).map(|date| date.iso());
            return FoundDate {
                span,
                jalali: value(Calendar::Jalali),
                gregorian: value(Calendar::Gregorian),
                hijri: value(Calendar::Hijri),
            };
        }
        let Ymd { year, month, .. } = self.date;
        let written = match self.precision {
            Precision::Month => format!("{year:04}-{month:02}"),
            _ => format!("{year:04}"),
        };
        let mut found = FoundDate { span, jalali: None, gregorian: None, hijri: None };
        let slot = match self.calendar {
            Calendar::Jalali => &mut found.jalali,
            Calendar::Gregorian => &mut found.gregorian,
            Calendar::Hijri => &mut found.hijri,
        };
        *slot = Some(written);
        found
    }
}

/// Years a date may have when a month name or calendar word gives its calendar.
fn named_years(calendar: Calendar) -> Range<u32> {
    match calendar {
        Calendar::Jalali => 1200..1600,
        Calendar::Gregorian => 1500..2200,
        Calendar::Hijri => 1200..1600,
    }
}

/// The calendar of a year written without a month name: `13xx`/`14xx` Solar Hijri, `19xx`/`20xx`
/// Gregorian.
fn calendar_of_year(year: u32) -> Option<Calendar> {
    match year {
        1300..=1499 => Some(Calendar::Jalali),
        1900..=2099 => Some(Calendar::Gregorian),
        _ => None,
    }
}

/// The date starting at token `i`, if one does.
pub(crate) fn read_date(tokens: &Tokens, i: usize, layout: Layout) -> Option<ReadDate> {
    match tokens.get(i)?.kind {
        TokenKind::Number(_) if tokens.joined_to_number_before(i) => None,
        TokenKind::Number(_) => numeric_date(tokens, i, layout).or_else(|| day_month_year(tokens, i, layout)),
        // A date that starts with a word has its year within the next three tokens.
        TokenKind::Word if (i + 1..i + 4).all(|k| tokens.number(k).is_none()) => None,
        TokenKind::Word => month_year(tokens, i).or_else(|| year_alone(tokens, i)),
    }
}

/// `۱۴۰۳/۰۸/۱۹`, `۱۹/۸/۱۴۰۳`, `۲۰۲۴-۱۱-۰۹`, `۱۹ • ۰۸ • ۱۴۰۳`.
fn numeric_date(tokens: &Tokens, i: usize, layout: Layout) -> Option<ReadDate> {
    let separator = tokens.separator_before(i + 1, layout)?;
    if tokens.separator_before(i + 2, layout) != Some(separator) || tokens.joined_to_number_after(i + 2) {
        return None;
    }
    let parts = [tokens.number(i)?, tokens.number(i + 1)?, tokens.number(i + 2)?];
    let [(first, first_digits), (month, month_digits), (last, last_digits)] = parts;
    let (year, day, day_digits) = match (first_digits, last_digits) {
        (4, 1..=2) => (first, last, last_digits),
        (1..=2, 4) => (last, first, first_digits),
        _ => return None,
    };
    if month_digits > 2 || day_digits > 2 {
        return None;
    }
    let calendar = calendar_of_year(year)?;
    let date = checked_date(calendar, year, month, day, layout)?;
    Some(ReadDate { calendar, date, precision: Precision::Day, named: false, first: i, end: i + 3 })
}

/// `۱۹ آبان ۱۴۰۳`, `۷ جمادی‌الاول ۱۴۴۶`, `۵ مه ۲۰۲۴`.
fn day_month_year(tokens: &Tokens, i: usize, layout: Layout) -> Option<ReadDate> {
    let (day, day_digits) = tokens.number(i)?;
    if day_digits > 2 || !tokens.blank_before(i + 1) {
        return None;
    }
    let (name, after_name) = month_name(tokens, i + 1)?;
    let (year, end) = named_year(tokens, after_name, name.calendar)?;
    let date = checked_date(name.calendar, year, u32::from(name.month), day, layout)?;
    Some(ReadDate { calendar: name.calendar, date, precision: Precision::Day, named: true, first: i, end })
}

/// `ژانویه ۲۰۲۴`, `آبان ۱۴۰۳`: a month name (not `مه`/`می`) and a year, with no day before it.
fn month_year(tokens: &Tokens, i: usize) -> Option<ReadDate> {
    if i > 0 && matches!(tokens.get(i - 1)?.kind, TokenKind::Number(_)) && tokens.blank_before(i) {
        return None;
    }
    let (name, after_name) = month_name(tokens, i).filter(|(name, _)| !name.ambiguous)?;
    let (year, end) = named_year(tokens, after_name, name.calendar)?;
    let date = Ymd::new(year as i32, name.month, 1);
    Some(ReadDate { calendar: name.calendar, date, precision: Precision::Month, named: true, first: i, end })
}

/// `سال ۲۰۲۲`, `سال ۱۴۰۲`, `سال ۱۴۴۵ قمری`, `سال ۲۰۲۲ میلادی`.
fn year_alone(tokens: &Tokens, i: usize) -> Option<ReadDate> {
    if !same_letters(tokens.text(i), "سال") || !tokens.blank_before(i + 1) {
        return None;
    }
    let (year, digits) = tokens.number(i + 1)?;
    if digits != 4 || tokens.joined_to_number_after(i + 1) {
        return None;
    }
    let (calendar, named, end) = match calendar_word(tokens, i + 2) {
        Some((calendar, end)) if named_years(calendar).contains(&year) => (calendar, true, end),
        Some(_) => return None,
        None => (calendar_of_year(year)?, false, i + 2),
    };
    let date = Ymd::new(year as i32, 1, 1);
    Some(ReadDate { calendar, date, precision: Precision::Year, named, first: i, end })
}

/// The month name of one to three words starting at token `i` (longest first), and the token
/// after it.
fn month_name(tokens: &Tokens, i: usize) -> Option<(calendar::MonthName, usize)> {
    let words = (i..tokens.len().min(i + 3))
        .take_while(|&k| tokens.get(k).is_some_and(|t| t.kind == TokenKind::Word) && (k == i || tokens.blank_before(k)))
        .count();
    (1..=words)
        .rev()
        .find_map(|count| month_from_name(&tokens.source[tokens.span(i, i + count)]).map(|name| (name, i + count)))
}

/// The year at token `i` (after a month name of `calendar`): four digits in the calendar's
/// plausible range, not run on into another number. Returns it and the token after it.
fn named_year(tokens: &Tokens, i: usize, calendar: Calendar) -> Option<(u32, usize)> {
    let (year, digits) = tokens.number(i)?;
    let fits = digits == 4 && named_years(calendar).contains(&year);
    (fits && tokens.blank_before(i) && !tokens.joined_to_number_after(i)).then_some((year, i + 1))
}

/// A calendar word after a year (`میلادی`, `شمسی`, `خورشیدی`, `قمری`, `هجری شمسی`, `هجری قمری`):
/// its calendar and the token after it.
fn calendar_word(tokens: &Tokens, i: usize) -> Option<(Calendar, usize)> {
    let word = |k: usize| {
        let token = tokens.get(k)?;
        (token.kind == TokenKind::Word && tokens.blank_before(k)).then(|| tokens.text(k))
    };
    let after_hijri = word(i).is_some_and(|w| same_letters(w, "هجری"));
    let at = if after_hijri { i + 1 } else { i };
    let name = word(at)?;
    let calendar = if same_letters(name, "میلادی") && !after_hijri {
        Calendar::Gregorian
    } else if same_letters(name, "شمسی") || same_letters(name, "خورشیدی") {
        Calendar::Jalali
    } else if same_letters(name, "قمری") {
        Calendar::Hijri
    } else {
        return None;
    };
    Some((calendar, at + 1))
}

/// The date if it exists: the day must be valid for the month and year. A folio's date is kept
/// as printed when its day does not exist but could be a day (1–31 of months 1–12: `۳۰ اسفند
/// ۱۴۰۲` of a common year), so that the page's date notes it ([`crate::folio`]).
fn checked_date(calendar: Calendar, year: u32, month: u32, day: u32, layout: Layout) -> Option<Ymd> {
    let date = Ymd::new(i32::try_from(year).ok()?, u8::try_from(month).ok()?, u8::try_from(day).ok()?);
    let printed = layout == Layout::Folio && (1..=12).contains(&month) && (1..=31).contains(&day);
    (printed || calendar::day_number(date, calendar).is_some()).then_some(date)
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// A run of digits, with its value (saturated at `u32::MAX`).
    Number(u32),
    /// A run of Arabic-script letters, marks and joiners.
    Word,
}

/// A number or a word, by byte offsets in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// First byte.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
}

/// A text cut into numbers and words; everything between two tokens is their gap.
pub(crate) struct Tokens<'a> {
    /// The text the offsets point into.
    pub source: &'a str,
    tokens: Vec<Token>,
}

impl<'a> Tokens<'a> {
    /// Cuts `source` into maximal runs of digits and of word characters.
    pub fn new(source: &'a str) -> Self {
        let mut tokens: Vec<Token> = Vec::new();
        for (at, c) in source.char_indices() {
            let kind = if let Some(digit) = digit_value(c) {
                TokenKind::Number(digit)
            } else if is_word_char(c) {
                TokenKind::Word
            } else {
                continue;
            };
            let end = at + c.len_utf8();
            match (tokens.last_mut(), kind) {
                (Some(last), TokenKind::Number(digit)) if last.end == at => {
                    if let TokenKind::Number(value) = &mut last.kind {
                        *value = value.saturating_mul(10).saturating_add(digit);
                        last.end = end;
                        continue;
                    }
                }
                (Some(last), TokenKind::Word) if last.end == at && last.kind == TokenKind::Word => {
                    last.end = end;
                    continue;
                }
                _ => {}
            }
            tokens.push(Token { kind, start: at, end });
        }
        Tokens { source, tokens }
    }

    /// The number of tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Token `i`.
    pub fn get(&self, i: usize) -> Option<&Token> {
        self.tokens.get(i)
    }

    /// The text of token `i` (empty past the end).
    pub fn text(&self, i: usize) -> &'a str {
        self.tokens.get(i).map_or("", |t| &self.source[t.start..t.end])
    }

    /// The value and digit count of token `i` when it is a number.
    pub fn number(&self, i: usize) -> Option<(u32, usize)> {
        let token = self.tokens.get(i)?;
        match token.kind {
            TokenKind::Number(value) => Some((value, self.source[token.start..token.end].chars().count())),
            TokenKind::Word => None,
        }
    }

    /// The byte range from the start of token `first` to the end of token `end - 1`.
    pub fn span(&self, first: usize, end: usize) -> Range<usize> {
        self.tokens[first].start..self.tokens[end - 1].end
    }

    /// The text between token `i - 1` and token `i` (from the start of the text for the first).
    pub fn gap_before(&self, i: usize) -> &'a str {
        let start = if i == 0 { 0 } else { self.tokens[i - 1].end };
        let end = self.tokens.get(i).map_or(self.source.len(), |t| t.start);
        &self.source[start..end]
    }

    /// True when token `i` exists and only blanks (spaces, joiners, invisible controls) stand
    /// between it and the token before.
    pub fn blank_before(&self, i: usize) -> bool {
        i < self.tokens.len() && self.gap_before(i).chars().all(is_blank)
    }

    /// The date separator (`/`, `-`, `.`, `•`) alone between numbers `i - 1` and `i`: with
    /// nothing around it in [`Layout::Text`], blanks allowed in [`Layout::Folio`].
    pub fn separator_before(&self, i: usize, layout: Layout) -> Option<char> {
        if i == 0 || self.number(i - 1).is_none() || self.number(i).is_none() {
            return None;
        }
        let gap = self.gap_before(i);
        let gap = match layout {
            Layout::Text => gap,
            Layout::Folio => gap.trim_matches(is_blank),
        };
        let mut chars = gap.chars();
        match (chars.next(), chars.next()) {
            (Some(c @ ('/' | '-' | '.' | '•')), None) => Some(c),
            _ => None,
        }
    }

    /// True when number `i` is run on from a number before it by one character (`۱٫۵`, `۳/۱۷`).
    pub fn joined_to_number_before(&self, i: usize) -> bool {
        i > 0 && self.number(i - 1).is_some() && self.gap_before(i).chars().count() == 1
    }

    /// True when number `i` runs on into a number after it by one character.
    pub fn joined_to_number_after(&self, i: usize) -> bool {
        self.number(i + 1).is_some() && self.joined_to_number_before(i + 1)
    }
}

/// A character of a word: an Arabic-script letter or mark, a joiner or a kashida.
fn is_word_char(c: char) -> bool {
    is_letter(c) || is_mark(c) || matches!(c, '\u{200C}' | '\u{200D}' | '\u{0640}')
}

/// Whitespace, a joiner or an invisible control: what may stand between the words of a date.
pub(crate) fn is_blank(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A found date as (written text, jalali, gregorian, hijri).
    type Dated<'a> = (&'a str, Option<String>, Option<String>, Option<String>);

    /// The dates of `text`.
    fn dates(text: &str) -> Vec<Dated<'_>> {
        find_dates(text).into_iter().map(|d| (&text[d.span], d.jalali, d.gregorian, d.hijri)).collect()
    }

    fn some(value: &str) -> Option<String> {
        Some(value.to_owned())
    }

    #[test]
    fn a_full_gregorian_date_gets_all_three_calendars() {
        let text = "بیش از یک سال از حمله حماس به اسرائیل در ۱۷ اکتبر ۲۰۲۳ و ادامه درگیری‌ها";
        assert_eq!(dates(text), [("۱۷ اکتبر ۲۰۲۳", some("1402-07-25"), some("2023-10-17"), some("1445-04-02"))]);
    }

    #[test]
    fn a_full_solar_hijri_date_gets_all_three_calendars() {
        assert_eq!(
            dates("روز ۱۹ آبان ۱۴۰۳ برگزار شد"),
            [("۱۹ آبان ۱۴۰۳", some("1403-08-19"), some("2024-11-09"), some("1446-05-07"))]
        );
        assert_eq!(
            dates("از ۱۹ آبان‌ماه ۱۴۰۳ و ۲۰ آبان ماه ۱۴۰۳"),
            [
                ("۱۹ آبان‌ماه ۱۴۰۳", some("1403-08-19"), some("2024-11-09"), some("1446-05-07")),
                ("۲۰ آبان ماه ۱۴۰۳", some("1403-08-20"), some("2024-11-10"), some("1446-05-08")),
            ]
        );
    }

    #[test]
    fn a_full_lunar_date_gets_all_three_calendars() {
        for text in ["۷ جمادی‌الاول ۱۴۴۶", "۷ جمادی الاول ۱۴۴۶", "۷ جمادیالاول ۱۴۴۶", "۷ جمادى الأولى ۱۴۴۶"]
        {
            assert_eq!(dates(text), [(text, some("1403-08-19"), some("2024-11-09"), some("1446-05-07"))], "{text}");
        }
    }

    #[test]
    fn a_month_and_year_keep_their_own_calendar_only() {
        let text = "در ژانویه ۲۰۲۴، اتحادیه اروپا قطعنامه‌ای صادر کرد و در اکتبر ۲۰۲۳ و دسامبر ۲۰۲۳ نیز.";
        assert_eq!(
            dates(text),
            [
                ("ژانویه ۲۰۲۴", None, some("2024-01"), None),
                ("اکتبر ۲۰۲۳", None, some("2023-10"), None),
                ("دسامبر ۲۰۲۳", None, some("2023-12"), None),
            ]
        );
        assert_eq!(dates("در آبان ۱۴۰۳"), [("آبان ۱۴۰۳", some("1403-08"), None, None)]);
        assert_eq!(dates("در رمضان ۱۴۴۵"), [("رمضان ۱۴۴۵", None, None, some("1445-09"))]);
    }

    #[test]
    fn a_year_alone_follows_the_word_for_year() {
        let text = "از زمان حمله روسیه به اوکراین در سال ۲۰۲۲، رهبران";
        assert_eq!(dates(text), [("سال ۲۰۲۲", None, some("2022"), None)]);
        assert_eq!(dates("در سال ۱۴۰۲ تورم"), [("سال ۱۴۰۲", some("1402"), None, None)]);
        assert_eq!(dates("در سال 1402 تورم"), [("سال 1402", some("1402"), None, None)]);
        assert_eq!(dates("در سال ۱۴۴۵ قمری"), [("سال ۱۴۴۵ قمری", None, None, some("1445"))]);
        assert_eq!(dates("در سال ۱۴۰۲ هجری شمسی"), [("سال ۱۴۰۲ هجری شمسی", some("1402"), None, None)]);
        assert_eq!(dates("در سال ۲۰۲۲ میلادی"), [("سال ۲۰۲۲ میلادی", None, some("2022"), None)]);
        // A year that fits neither calendar, and a number that is no year.
        assert_eq!(dates("در سال ۱۷۰۰ و سال ۱۲ و سال ۱۴۰۲٫۵"), []);
    }

    #[test]
    fn numeric_dates_read_both_ways_round() {
        assert_eq!(
            dates("مصوبه ۱۴۰۳/۰۸/۱۹ و ۱۹/۸/۱۴۰۳ و 2024-11-09."),
            [
                ("۱۴۰۳/۰۸/۱۹", some("1403-08-19"), some("2024-11-09"), some("1446-05-07")),
                ("۱۹/۸/۱۴۰۳", some("1403-08-19"), some("2024-11-09"), some("1446-05-07")),
                ("2024-11-09", some("1403-08-19"), some("2024-11-09"), some("1446-05-07")),
            ]
        );
        // Mixed separators, a month 13, spaces around separators in running text, a fourth part.
        assert_eq!(dates("۱۴۰۳/۰۸-۱۹ و ۱۴۰۳/۱۳/۰۱ و ۱۴۰۳ / ۰۸ / ۱۹ و ۱۴۰۳/۰۸/۱۹/۲"), []);
    }

    #[test]
    fn digits_of_every_script_are_read() {
        for text in ["17 اکتبر 2023", "١٧ اکتبر ٢٠٢٣", "۱۷ اکتبر ۲۰۲۳"] {
            assert_eq!(dates(text), [(text, some("1402-07-25"), some("2023-10-17"), some("1445-04-02"))], "{text}");
        }
    }

    #[test]
    fn numbers_that_are_not_dates_are_passed_over() {
        let text = "۱۷۰ بار در ۱۰۰ روز گذشته، ۶۰هزار نفر و ۲۰ درصد در ۱۴۰۳ نفر و ماه اکتبر و ۱۹ آبان";
        assert_eq!(dates(text), []);
        assert_eq!(dates("هیچ عددی اینجا نیست"), []);
    }

    #[test]
    fn may_needs_a_day_and_a_year() {
        assert_eq!(dates("در ۵ مه ۲۰۲۴"), [("۵ مه ۲۰۲۴", some("1403-02-16"), some("2024-05-05"), some("1445-10-26"))]);
        assert_eq!(dates("در ۵ می ۲۰۲۴"), [("۵ می ۲۰۲۴", some("1403-02-16"), some("2024-05-05"), some("1445-10-26"))]);
        assert_eq!(dates("آنها می ۲۰۲۴ نفر را دیدند و مه ۲۰۲۴"), []);
    }

    #[test]
    fn the_day_must_exist_in_its_month() {
        assert_eq!(dates("۳۱ مهر ۱۴۰۳ و ۳۰ فوریه ۲۰۲۴ و ۳۲ دی ۱۴۰۲"), []);
        assert_eq!(dates("۳۱ شهریور ۱۴۰۳").len(), 1);
        assert_eq!(dates("۲۹ فوریه ۲۰۲۴").len(), 1);
    }

    #[test]
    fn years_must_be_plausible_for_the_month_name() {
        // Four hundred people in January, not January 1400.
        assert_eq!(dates("در ژانویه ۱۴۰۰ نفر"), []);
        assert_eq!(dates("۱۷ اکتبر ۲۰۲۳۵"), []);
        assert_eq!(dates("۱۹ آبان ۱۴۰۳/۲"), []);
    }

    #[test]
    fn spans_are_byte_offsets_of_the_date() {
        let text = "این در ۱۷ اکتبر ۲۰۲۳.";
        let found = find_dates(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span, "این در ".len().."این در ۱۷ اکتبر ۲۰۲۳".len());
    }

    #[test]
    fn tokens_are_numbers_and_words() {
        let tokens = Tokens::new("شنبه ۱۹ • ۰۸ • 1403، رئیس‌جمهور۶۰");
        let kinds: Vec<_> = (0..tokens.len()).map(|i| (tokens.text(i), tokens.get(i).unwrap().kind)).collect();
        assert_eq!(
            kinds,
            [
                ("شنبه", TokenKind::Word),
                ("۱۹", TokenKind::Number(19)),
                ("۰۸", TokenKind::Number(8)),
                ("1403", TokenKind::Number(1403)),
                ("رئیس‌جمهور", TokenKind::Word),
                ("۶۰", TokenKind::Number(60)),
            ]
        );
        assert_eq!(tokens.gap_before(2), " • ");
        assert_eq!(tokens.separator_before(2, Layout::Folio), Some('•'));
        assert_eq!(tokens.separator_before(2, Layout::Text), None);
        assert_eq!(Tokens::new("99999999999").get(0).unwrap().kind, TokenKind::Number(u32::MAX));
    }
}
