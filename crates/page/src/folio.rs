//! The folio line: weekday, the date in up to three calendars, issue number, year of
//! publication and page number, as a newspaper prints them across the top or foot of a page:
//!
//! `شنبه ۱۹ • ۰۸ • ۱۴۰۳ شماره ۱۹۶۶ سال هفتم ۷ جمادیالاول ۱۴۴۶ / ۹ نوامبر ۲۰۲۴`
//!
//! [`read_folio`] reads a raw input line (ZWNJs lost, Arabic ي ك, any digits); dates are read by
//! the same reader as dates in text ([`crate::dates`]), with spaces allowed around the
//! separators of numeric dates. [`Folio::page_date`] cross-checks what was printed against the
//! Solar Hijri date, the primary one.

use bayegan_text::digit_value;

use crate::calendar::{self, letters_of, same_letters, Calendar, Weekday, Ymd};
use crate::dates::{is_blank, read_date, Layout, Precision, TokenKind, Tokens};
use crate::model::PageDate;

/// The most words and numbers a folio line has; longer lines are text.
const MAX_WORDS: usize = 30;

/// Words of running text that a folio never prints: one of them outside the folio's items
/// makes the line a sentence that merely mentions a date.
const PROSE_WORDS: [&str; 24] = [
    "در", "به", "از", "که", "را", "با", "برای", "این", "آن", "تا", "اما", "هم", "نیز", "است", "شد", "شده", "کرد",
    "کرده", "بود", "گفت", "باید", "روز", "پس", "پیش",
];

/// What a folio line says. Every field is what was printed; [`Folio::page_date`] checks them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folio {
    /// The printed weekday.
    pub weekday: Option<Weekday>,
    /// The printed Solar Hijri date.
    pub jalali: Option<Ymd>,
    /// The printed Gregorian date.
    pub gregorian: Option<Ymd>,
    /// The printed lunar Hijri date.
    pub hijri: Option<Ymd>,
    /// Issue number (`شماره ۶۸۹۱`).
    pub issue: Option<u32>,
    /// Year of publication (`سال هفتم` → 7, `سال بیست‌وسوم` → 23, `سال ۷` → 7).
    pub publication_year: Option<u32>,
    /// Page number (`صفحه ۲`).
    pub page_number: Option<u32>,
}

/// The folio in `line`, or `None` when the line is not one: a folio is a short line (at most
/// 30 words and numbers) with at least two of a weekday, a full date, an issue number, a year of
/// publication and a page number, and no word of running text (`در`, `که`, `است`…) or
/// sentence-ending punctuation beside them.
///
/// Dates: numeric (`۱۹ • ۰۸ • ۱۴۰۳`, `۱۴۰۳/۰۸/۱۹`, `۱۹/۸/۱۴۰۳`) or with a month name
/// (`۲۲ آبان ۱۴۰۳`, `۷ جمادیالاول ۱۴۴۶`, `۹ نوامبر ۲۰۲۴`); the month name gives the calendar,
/// else the year (`13xx`/`14xx` Solar Hijri, `19xx`/`20xx` Gregorian; a second numeric `14xx`
/// date after the Solar Hijri one is the lunar date). Only the first date of each calendar counts.
pub fn read_folio(line: &str) -> Option<Folio> {
    if !line.chars().any(|c| digit_value(c).is_some()) || line.trim_end().ends_with(['.', '؟', '?', '!', ':']) {
        return None;
    }
    let tokens = Tokens::new(line);
    if tokens.len() > MAX_WORDS {
        return None;
    }
    let mut folio = Folio::default();
    let mut dated = false;
    let mut i = 0;
    while i < tokens.len() {
        if let Some(date) = read_date(&tokens, i, Layout::Folio) {
            if date.precision == Precision::Day {
                dated |= folio.take_date(date.calendar, date.date, date.named);
            }
            i = date.end;
        } else if let Some((weekday, end)) = weekday_at(&tokens, i) {
            folio.weekday.get_or_insert(weekday);
            i = end;
        } else if let Some(issue) = labelled_number(&tokens, i, "شماره") {
            folio.issue.get_or_insert(issue);
            i += 2;
        } else if let Some(page) = labelled_number(&tokens, i, "صفحه").filter(|&page| page < 1000) {
            folio.page_number.get_or_insert(page);
            i += 2;
        } else if let Some((year, end)) = publication_year(&tokens, i) {
            folio.publication_year.get_or_insert(year);
            i = end;
        } else if tokens.get(i)?.kind == TokenKind::Word && PROSE_WORDS.iter().any(|w| same_letters(tokens.text(i), w))
        {
            return None;
        } else {
            i += 1;
        }
    }
    let items = [
        folio.weekday.is_some(),
        dated,
        folio.issue.is_some(),
        folio.publication_year.is_some(),
        folio.page_number.is_some(),
    ];
    (items.iter().filter(|&&item| item).count() >= 2).then_some(folio)
}

impl Folio {
    /// Files a full date under its calendar, unless that calendar already has one. A numeric
    /// date of a Solar Hijri year that comes after the Solar Hijri date is the lunar date (lunar
    /// years run about forty ahead: ۱۴۰۳ and ۱۴۴۶). Returns whether the date was kept.
    fn take_date(&mut self, calendar: Calendar, date: Ymd, named: bool) -> bool {
        let calendar = match calendar {
            Calendar::Jalali
                if !named && self.jalali.is_some() && calendar::day_number(date, Calendar::Hijri).is_some() =>
            {
                Calendar::Hijri
            }
            other => other,
        };
        let slot = match calendar {
            Calendar::Jalali => &mut self.jalali,
            Calendar::Gregorian => &mut self.gregorian,
            Calendar::Hijri => &mut self.hijri,
        };
        if slot.is_some() {
            return false;
        }
        *slot = Some(date);
        true
    }

    /// The page's date, cross-checked: `None` when no date is printed.
    ///
    /// The Solar Hijri date is primary: when it is printed, the Gregorian date and weekday are
    /// computed from it; the lunar date is the printed one when it lies within a day of the
    /// computed Umm al-Qura date (Iran's official lunar calendar can differ by a day), else the
    /// computed one. Without a Solar Hijri date it is computed from the Gregorian date, or else
    /// from the lunar one. `consistent` says whether the printed weekday, Gregorian date and
    /// lunar date (±1 day) agree with the Solar Hijri date; `notes` say what did not, and what
    /// was computed because it was not printed.
    pub fn page_date(&self) -> Option<PageDate> {
        let mut notes = Vec::new();
        let mut consistent = true;
        let exists = |date: Option<Ymd>, calendar| date.filter(|&date| calendar::day_number(date, calendar).is_some());
        if let Some(printed) = self.jalali.filter(|_| exists(self.jalali, Calendar::Jalali).is_none()) {
            consistent = false;
            notes.push(format!("printed Solar Hijri date {} does not exist", printed.iso()));
        }
        let jalali = if let Some(jalali) = exists(self.jalali, Calendar::Jalali) {
            jalali
        } else if let Some(gregorian) = exists(self.gregorian, Calendar::Gregorian) {
            notes.push("Solar Hijri date computed from the Gregorian date: not printed".to_owned());
            calendar::gregorian_to_jalali(gregorian)?
        } else if let Some(hijri) = exists(self.hijri, Calendar::Hijri) {
            notes.push("Solar Hijri date computed from the lunar date (Umm al-Qura): not printed".to_owned());
            calendar::convert(hijri, Calendar::Hijri, Calendar::Jalali)?
        } else if !notes.is_empty() {
            // only an impossible date is printed: no date, and the note says why
            return Some(PageDate {
                weekday: self.weekday.map(|w| w.english().to_owned()),
                jalali: None,
                gregorian: None,
                hijri: None,
                consistent: false,
                notes,
            });
        } else {
            return None;
        };
        let day = calendar::day_number(jalali, Calendar::Jalali)?;

        let computed_weekday = calendar::jalali_weekday(jalali)?;
        let weekday = match self.weekday {
            Some(printed) => {
                if printed != computed_weekday {
                    consistent = false;
                    notes.push(format!(
                        "printed weekday {} does not match the Solar Hijri date {}, a {}",
                        printed.english(),
                        jalali.iso(),
                        computed_weekday.english()
                    ));
                }
                printed
            }
            None => {
                notes.push("weekday computed from the Solar Hijri date: not printed".to_owned());
                computed_weekday
            }
        };

        let gregorian = calendar::jalali_to_gregorian(jalali)?;
        match self.gregorian {
            Some(printed) if printed != gregorian => {
                consistent = false;
                notes.push(format!(
                    "printed Gregorian date {} does not match {} computed from the Solar Hijri date",
                    printed.iso(),
                    gregorian.iso()
                ));
            }
            Some(_) => {}
            None => notes.push("Gregorian date computed from the Solar Hijri date: not printed".to_owned()),
        }

        let computed_hijri = calendar::jalali_to_hijri(jalali)?;
        let hijri = match self.hijri {
            Some(printed) => {
                match calendar::day_number(printed, Calendar::Hijri).map(|printed_day| printed_day - day) {
                    Some(-1..=1) => printed,
                    Some(offset) => {
                        consistent = false;
                        notes.push(format!(
                            "printed lunar date {} is {} days from {} computed from the Solar Hijri date",
                            printed.iso(),
                            offset.abs(),
                            computed_hijri.iso()
                        ));
                        computed_hijri
                    }
                    None => {
                        consistent = false;
                        notes.push(format!(
                            "printed lunar date {} does not exist; {} computed from the Solar Hijri date",
                            printed.iso(),
                            computed_hijri.iso()
                        ));
                        computed_hijri
                    }
                }
            }
            None => {
                notes.push("lunar date computed from the Solar Hijri date: not printed".to_owned());
                computed_hijri
            }
        };

        Some(PageDate {
            weekday: Some(weekday.english().to_owned()),
            jalali: Some(jalali.iso()),
            gregorian: Some(gregorian.iso()),
            hijri: Some(hijri.iso()),
            consistent,
            notes,
        })
    }
}

/// The weekday named at token `i`, in one word or two (`سه شنبه`), and the token after it.
fn weekday_at(tokens: &Tokens, i: usize) -> Option<(Weekday, usize)> {
    let is_word = |k: usize| tokens.get(k).is_some_and(|t| t.kind == TokenKind::Word);
    if !is_word(i) {
        return None;
    }
    let two_words = (is_word(i + 1) && tokens.blank_before(i + 1))
        .then(|| Weekday::from_persian(&tokens.source[tokens.span(i, i + 2)]))
        .flatten();
    match two_words {
        Some(weekday) => Some((weekday, i + 2)),
        None => Weekday::from_persian(tokens.text(i)).map(|weekday| (weekday, i + 1)),
    }
}

/// The number after the word `label` at token `i` (`شماره ۱۹۶۶`, `صفحه: ۲`).
fn labelled_number(tokens: &Tokens, i: usize, label: &str) -> Option<u32> {
    if tokens.get(i)?.kind != TokenKind::Word || !same_letters(tokens.text(i), label) {
        return None;
    }
    let gap = tokens.gap_before(i + 1).trim_matches(is_blank);
    let (value, digits) = tokens.number(i + 1)?;
    ((gap.is_empty() || gap == ":") && digits <= 9 && !tokens.joined_to_number_after(i + 1)).then_some(value)
}

/// The year of publication at token `i`: `سال` and an ordinal in words (`سال هفتم`,
/// `سال بیست و سوم`) or a number below 200 (`سال ۷`); and the token after it.
fn publication_year(tokens: &Tokens, i: usize) -> Option<(u32, usize)> {
    if tokens.get(i)?.kind != TokenKind::Word || !same_letters(tokens.text(i), "سال") || !tokens.blank_before(i + 1)
    {
        return None;
    }
    if let Some((value, digits)) = tokens.number(i + 1) {
        return (digits <= 3 && (1..200).contains(&value) && !tokens.joined_to_number_after(i + 1))
            .then_some((value, i + 2));
    }
    let words = (i + 1..tokens.len().min(i + 7))
        .take_while(|&k| tokens.get(k).is_some_and(|t| t.kind == TokenKind::Word) && tokens.blank_before(k))
        .count();
    (1..=words).rev().find_map(|count| {
        ordinal_value(&tokens.source[tokens.span(i + 1, i + 1 + count)]).map(|value| (value, i + 1 + count))
    })
}

/// Cardinal number words, as letters only.
const NUMBER_WORDS: [(&str, u32); 31] = [
    ("یک", 1),
    ("دو", 2),
    ("سه", 3),
    ("چهار", 4),
    ("پنج", 5),
    ("شش", 6),
    ("هفت", 7),
    ("هشت", 8),
    ("نه", 9),
    ("ده", 10),
    ("یازده", 11),
    ("دوازده", 12),
    ("سیزده", 13),
    ("چهارده", 14),
    ("پانزده", 15),
    ("شانزده", 16),
    ("هفده", 17),
    ("هیفده", 17),
    ("هجده", 18),
    ("هیجده", 18),
    ("نوزده", 19),
    ("بیست", 20),
    ("سی", 30),
    ("چهل", 40),
    ("پنجاه", 50),
    ("شصت", 60),
    ("هفتاد", 70),
    ("هشتاد", 80),
    ("نود", 90),
    ("صد", 100),
    ("یکصد", 100),
];

/// The value of an ordinal number written in words, 1 to 199, however its parts are joined:
/// `هفتم` → 7, `اول` → 1, `بیست‌وسوم`, `بیست و سوم`, `بیستوسوم` → 23, `صد و دوم` → 102.
/// `None` for anything else, cardinals included (`بیست و سه`).
fn ordinal_value(words: &str) -> Option<u32> {
    let letters: String = letters_of(words.chars()).collect();
    let mut rest = letters.as_str();
    let mut total = 0;
    // Each part is of a lower order than the one before: hundreds, then tens, then units.
    let mut below = 200;
    loop {
        let (value, ordinal, length) = number_word_at(rest)?;
        if value >= below {
            return None;
        }
        total += value;
        rest = &rest[length..];
        if ordinal {
            return rest.is_empty().then_some(total);
        }
        below = match value {
            100.. => 100,
            20.. if value % 10 == 0 => 10,
            _ => return None,
        };
        rest = rest.strip_prefix('و')?;
    }
}

/// The longest number word at the start of `letters`: its value, whether it is the ordinal
/// form (`هفتم`, `سی‌ام`, `سوم`, `اول`), and its length in bytes.
fn number_word_at(letters: &str) -> Option<(u32, bool, usize)> {
    let special = [("سوم", 3), ("اول", 1), ("نخست", 1)]
        .into_iter()
        .filter(|(word, _)| letters.starts_with(word))
        .map(|(word, value)| (value, true, word.len()));
    let cardinals = NUMBER_WORDS.iter().filter_map(|&(word, value)| Some((word, value, letters.strip_prefix(word)?)));
    let forms = cardinals.flat_map(|(word, value, rest)| {
        // `سهم` is a share, not the third.
        let suffix = ["ام", "م"].into_iter().find(|suffix| value != 3 && rest.starts_with(suffix));
        [Some((value, false, word.len())), suffix.map(|suffix| (value, true, word.len() + suffix.len()))]
    });
    special.chain(forms.flatten()).max_by_key(|&(_, _, length)| length)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = "شنبه ۱۹ • ۰۸ • ۱۴۰۳ شماره ۱۹۶۶ سال هفتم ۷ جمادیالاول ۱۴۴۶ / ۹ نوامبر ۲۰۲۴";
    const TUESDAY: &str = "سه‌شنبه ۲۲ آبان ۱۴۰۳ - ۱۰ جمادی‌الاول ۱۴۴۶ - ۱۲ نوامبر ۲۰۲۴ - سال بیست‌وسوم - شماره ۶۸۹۱";

    fn strings(notes: &[&str]) -> Vec<String> {
        notes.iter().map(|note| note.to_string()).collect()
    }

    #[test]
    fn the_seed_folio_is_read_in_full() {
        let folio = read_folio(SEED).expect("the seed folio");
        assert_eq!(
            folio,
            Folio {
                weekday: Some(Weekday::Saturday),
                jalali: Some(Ymd::new(1403, 8, 19)),
                gregorian: Some(Ymd::new(2024, 11, 9)),
                hijri: Some(Ymd::new(1446, 5, 7)),
                issue: Some(1966),
                publication_year: Some(7),
                page_number: None,
            }
        );
        let date = folio.page_date().unwrap();
        assert_eq!(
            date,
            PageDate {
                weekday: Some("saturday".into()),
                jalali: Some("1403-08-19".into()),
                gregorian: Some("2024-11-09".into()),
                hijri: Some("1446-05-07".into()),
                consistent: true,
                notes: vec![],
            }
        );
    }

    #[test]
    fn the_seed_folio_is_line_17_of_the_seed_page() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seed/page-arman-melli-1403-08-19.txt");
        let page = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("{path}: {e} (the shared data must lie beside the repo)"));
        let folios: Vec<usize> =
            page.lines().enumerate().filter(|(_, l)| read_folio(l).is_some()).map(|(n, _)| n + 1).collect();
        assert_eq!(folios, [17]);
        assert_eq!(page.lines().nth(16), Some(SEED));
    }

    #[test]
    fn a_written_folio_with_a_spaced_ordinal_year() {
        let folio = read_folio(TUESDAY).expect("a folio");
        assert_eq!(folio.weekday, Some(Weekday::Tuesday));
        assert_eq!(folio.jalali, Some(Ymd::new(1403, 8, 22)));
        assert_eq!(folio.gregorian, Some(Ymd::new(2024, 11, 12)));
        assert_eq!(folio.hijri, Some(Ymd::new(1446, 5, 10)));
        assert_eq!(folio.publication_year, Some(23));
        assert_eq!(folio.issue, Some(6891));
        // The printed lunar date is within a day of what ICU computes.
        let computed = calendar::jalali_to_hijri(Ymd::new(1403, 8, 22)).unwrap();
        let offset = calendar::day_number(Ymd::new(1446, 5, 10), Calendar::Hijri).unwrap()
            - calendar::day_number(computed, Calendar::Hijri).unwrap();
        assert!(offset.abs() <= 1, "computed {}", computed.iso());
        let date = folio.page_date().unwrap();
        assert_eq!(date.weekday.as_deref(), Some("tuesday"));
        assert_eq!(date.jalali.as_deref(), Some("1403-08-22"));
        assert_eq!(date.gregorian.as_deref(), Some("2024-11-12"));
        assert_eq!(date.hijri.as_deref(), Some("1446-05-10"));
        assert!(date.consistent, "{:?}", date.notes);
        assert_eq!(date.notes, Vec::<String>::new());
    }

    #[test]
    fn ordinal_years_in_every_spacing() {
        for (year, expected) in [
            ("سال هفتم", 7),
            ("سال بیست‌وسوم", 23),
            ("سال بیست و سوم", 23),
            ("سال بیستوسوم", 23),
            ("سال سی‌ام", 30),
            ("سال سی و یکم", 31),
            ("سال اول", 1),
            ("سال نود و نهم", 99),
            ("سال صد و دوم", 102),
            ("سال ۷", 7),
            ("سال 23", 23),
        ] {
            let line = format!("{year} شماره ۱۲");
            assert_eq!(read_folio(&line).and_then(|f| f.publication_year), Some(expected), "{line}");
        }
        assert_eq!(ordinal_value("دوازدهم"), Some(12));
        assert_eq!(ordinal_value("هفتادم"), Some(70));
        assert_eq!(ordinal_value("بیست و سه"), None);
        assert_eq!(ordinal_value("سهم"), None);
        assert_eq!(ordinal_value("سوم و بیستم"), None);
        assert_eq!(ordinal_value("بیست و سی‌ام"), None);
        assert_eq!(ordinal_value("هفت هفتم"), None);
        assert_eq!(ordinal_value("کتاب"), None);
    }

    #[test]
    fn numeric_dates_of_every_layout() {
        for line in [
            "شنبه ۱۴۰۳/۰۸/۱۹ شماره ۱۹۶۶",
            "شنبه ۱۹/۸/۱۴۰۳ شماره ۱۹۶۶",
            "شنبه ۱۹ - ۰۸ - ۱۴۰۳ | شماره ۱۹۶۶",
            "شنبه ۱۴۰۳.۰۸.۱۹، شماره ۱۹۶۶",
        ] {
            let folio = read_folio(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(folio.jalali, Some(Ymd::new(1403, 8, 19)), "{line}");
            assert_eq!(folio.issue, Some(1966), "{line}");
        }
        // A second numeric 14xx date is the lunar one; a 20xx one is Gregorian.
        let folio = read_folio("۱۴۰۳/۰۸/۱۹ - ۱۴۴۶/۰۵/۰۷ - ۲۰۲۴/۱۱/۰۹ صفحه ۲").unwrap();
        assert_eq!(folio.jalali, Some(Ymd::new(1403, 8, 19)));
        assert_eq!(folio.hijri, Some(Ymd::new(1446, 5, 7)));
        assert_eq!(folio.gregorian, Some(Ymd::new(2024, 11, 9)));
        assert_eq!(folio.page_number, Some(2));
    }

    #[test]
    fn ascii_and_arabic_indic_digits_and_arabic_letters() {
        let ascii = read_folio("شنبه 19 • 08 • 1403 شماره 1966 سال هفتم 7 جمادیالاول 1446 / 9 نوامبر 2024").unwrap();
        let arabic_indic =
            read_folio("شنبه ١٩ • ٠٨ • ١٤٠٣ شماره ١٩٦٦ سال هفتم ٧ جمادیالاول ١٤٤٦ / ٩ نوامبر ٢٠٢٤").unwrap();
        let seed = read_folio(SEED).unwrap();
        assert_eq!(ascii, seed);
        assert_eq!(arabic_indic, seed);
        let arabic_letters = read_folio("يكشنبه ۲۰ آبان ۱۴۰۳ - صفحه ۲").unwrap();
        assert_eq!(arabic_letters.weekday, Some(Weekday::Sunday));
        assert_eq!(arabic_letters.page_number, Some(2));
        let spaced = read_folio("سه شنبه ۲۲ آبان ۱۴۰۳ ، شماره ۶۸۹۱").unwrap();
        assert_eq!(spaced.weekday, Some(Weekday::Tuesday));
    }

    #[test]
    fn a_wrong_weekday_makes_the_date_inconsistent() {
        let date = read_folio("یکشنبه ۱۹ آبان ۱۴۰۳ شماره ۱۹۶۶").unwrap().page_date().unwrap();
        assert!(!date.consistent);
        assert_eq!(date.weekday.as_deref(), Some("sunday"));
        assert_eq!(date.gregorian.as_deref(), Some("2024-11-09"));
        assert_eq!(
            date.notes,
            strings(&[
                "printed weekday sunday does not match the Solar Hijri date 1403-08-19, a saturday",
                "Gregorian date computed from the Solar Hijri date: not printed",
                "lunar date computed from the Solar Hijri date: not printed",
            ])
        );
    }

    #[test]
    fn a_wrong_gregorian_day_makes_the_date_inconsistent() {
        let date = read_folio("شنبه ۱۹ آبان ۱۴۰۳ - ۱۰ نوامبر ۲۰۲۴ - شماره ۱۹۶۶").unwrap().page_date().unwrap();
        assert!(!date.consistent);
        assert_eq!(date.gregorian.as_deref(), Some("2024-11-09"));
        assert!(date.notes.contains(
            &"printed Gregorian date 2024-11-10 does not match 2024-11-09 computed from the Solar Hijri date"
                .to_owned()
        ));
    }

    #[test]
    fn a_lunar_date_a_day_off_is_kept_and_two_days_off_is_replaced() {
        let one_day = read_folio("شنبه ۱۹ آبان ۱۴۰۳ - ۸ جمادی‌الاول ۱۴۴۶ - ۹ نوامبر ۲۰۲۴").unwrap().page_date().unwrap();
        assert!(one_day.consistent);
        assert_eq!(one_day.hijri.as_deref(), Some("1446-05-08"));
        assert!(one_day.notes.is_empty());

        let two_days = read_folio("شنبه ۱۹ آبان ۱۴۰۳ - ۹ جمادی‌الاول ۱۴۴۶ - ۹ نوامبر ۲۰۲۴").unwrap().page_date().unwrap();
        assert!(!two_days.consistent);
        assert_eq!(two_days.hijri.as_deref(), Some("1446-05-07"));
        assert_eq!(
            two_days.notes,
            strings(&["printed lunar date 1446-05-09 is 2 days from 1446-05-07 computed from the Solar Hijri date"])
        );
    }

    #[test]
    fn unprinted_dates_are_computed_and_noted() {
        let only_gregorian = Folio { gregorian: Some(Ymd::new(2024, 11, 9)), issue: Some(1), ..Folio::default() };
        let date = only_gregorian.page_date().unwrap();
        assert_eq!(date.jalali.as_deref(), Some("1403-08-19"));
        assert_eq!(date.weekday.as_deref(), Some("saturday"));
        assert_eq!(date.hijri.as_deref(), Some("1446-05-07"));
        assert!(date.consistent);
        assert_eq!(
            date.notes,
            strings(&[
                "Solar Hijri date computed from the Gregorian date: not printed",
                "weekday computed from the Solar Hijri date: not printed",
                "lunar date computed from the Solar Hijri date: not printed",
            ])
        );

        let only_lunar = Folio { hijri: Some(Ymd::new(1446, 5, 7)), ..Folio::default() };
        assert_eq!(only_lunar.page_date().unwrap().jalali.as_deref(), Some("1403-08-19"));

        assert_eq!(Folio { issue: Some(1966), ..Folio::default() }.page_date(), None);
    }

    #[test]
    fn an_impossible_solar_hijri_date_is_noted() {
        let folio =
            Folio { jalali: Some(Ymd::new(1403, 7, 31)), gregorian: Some(Ymd::new(2024, 10, 22)), ..Folio::default() };
        let date = folio.page_date().unwrap();
        assert!(!date.consistent);
        assert_eq!(date.jalali.as_deref(), Some("1403-08-01"));
        assert_eq!(date.notes[0], "printed Solar Hijri date 1403-07-31 does not exist");
    }

    #[test]
    fn a_folio_with_only_an_impossible_date_has_a_note_and_no_date() {
        for (line, printed) in
            [("سه‌شنبه ۳۰ اسفند ۱۴۰۲ - شماره ۱۲۳", "1402-12-30"), ("دوشنبه ۳۱ مهر ۱۴۰۳ - شماره ۱۲۳", "1403-07-31")]
        {
            let date = read_folio(line).expect("a folio").page_date().expect("a date with its note");
            assert_eq!((date.jalali, date.consistent), (None, false), "{line}");
            assert_eq!(date.notes, [format!("printed Solar Hijri date {printed} does not exist")], "{line}");
        }
        // a leap year's 30 Esfand exists
        let date = read_folio("پنجشنبه ۳۰ اسفند ۱۴۰۳ - شماره ۱۲۳").unwrap().page_date().unwrap();
        assert_eq!(date.jalali.as_deref(), Some("1403-12-30"));
    }

    #[test]
    fn body_sentences_are_not_folios() {
        for line in [
            "در ژانویه ۲۰۲۴، اتحادیه اروپا قطعنامه‌ای درباره آسیای مرکزی صادر کرد",
            "در ژانویه ۲۰۲۴، اتحادیه اروپا قطعنامه‌ای درباره آسیای مرکزی صادر کرد.",
            "بیش از یک سال از حمله حماس به اسرائیل در ۱۷ اکتبر ۲۰۲۳ و ادامه درگیریها گذشته است.",
            "روز شنبه ۱۹ آبان ۱۴۰۳ جلسه برگزار شد",
            "شنبه ۱۹ آبان ۱۴۰۳ جلسه‌ای در تهران",
            "حدود ۱۰۰ روز از عمر دولتی گذشته است",
            "شماره ۱۲",
            "جواد هروی در گفتوگو با «آرمان ملی»:",
            "شنبه",
            "",
        ] {
            assert_eq!(read_folio(line), None, "{line}");
        }
    }

    #[test]
    fn two_items_make_a_folio_and_one_does_not() {
        assert!(read_folio("شماره ۱۹۶۶ - صفحه ۲").is_some());
        assert!(read_folio("آرمان ملی | شنبه ۱۹ آبان ۱۴۰۳").is_some());
        assert_eq!(read_folio("۱۹ آبان ۱۴۰۳ / ۹ نوامبر ۲۰۲۴"), None);
        let long = format!("شنبه ۱۹ آبان ۱۴۰۳ شماره ۱۹۶۶ {}", "آرمان ".repeat(30));
        assert_eq!(read_folio(&long), None);
    }
}
