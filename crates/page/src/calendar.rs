//! Dates in the three calendars a Persian newspaper prints: Solar Hijri (jalali, the primary
//! one), Gregorian and lunar Hijri, and the Persian names of their months and weekdays.
//!
//! Conversions go through `icu_calendar`. The lunar calendar is ICU's Umm al-Qura (`Hijri<UmmAlQura>`:
//! the KACST tables from 1300 to 1600 AH, tabular outside). Iran's official lunar calendar is
//! set by sighting the crescent and can differ from it by a day, so callers compare printed lunar
//! dates with a tolerance of one day.
//!
//! Names are compared by their letters alone ([`same_letters`]): ZWNJs, spaces, kashida and
//! diacritics are ignored and Arabic letter forms (ي ى ك ة أ إ آ) count as their Persian base
//! letters, so `جمادیالاول`, `جمادی‌الاول` and `جمادى الأول` are one name.

use icu_calendar::cal::{Hijri, Persian};
use icu_calendar::types::{RataDie, Weekday as IcuWeekday};
use icu_calendar::{AsCalendar, Date, Gregorian};

/// A calendar date as written: year, month 1–12 and day of month, in some [`Calendar`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ymd {
    /// The year (`1403`, `2024`, `1446`).
    pub year: i32,
    /// The month, 1–12.
    pub month: u8,
    /// The day of the month, from 1.
    pub day: u8,
}

impl Ymd {
    /// A date from its three numbers; nothing is checked (see [`day_number`]).
    pub const fn new(year: i32, month: u8, day: u8) -> Self {
        Ymd { year, month, day }
    }

    /// The date as ISO `YYYY-MM-DD`, zero padded: `1403-08-19`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The calendars of a Persian newspaper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Calendar {
    /// The Solar Hijri calendar (هجری شمسی), Iran's civil calendar.
    Jalali,
    /// The Gregorian calendar (میلادی).
    Gregorian,
    /// The lunar Hijri calendar (هجری قمری), computed as Umm al-Qura. A month is 29 or 30 days
    /// long by sighting, so day 30 of a month that Umm al-Qura ends on the 29th is read as the
    /// day after the 29th rather than refused.
    Hijri,
}

/// A day of the week, in the Persian order (the week starts on Saturday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weekday {
    /// شنبه
    Saturday,
    /// یکشنبه
    Sunday,
    /// دوشنبه
    Monday,
    /// سه‌شنبه
    Tuesday,
    /// چهارشنبه
    Wednesday,
    /// پنجشنبه
    Thursday,
    /// جمعه
    Friday,
}

/// Persian weekday names, as letters only (see [`same_letters`]).
const WEEKDAY_NAMES: [(&str, Weekday); 7] = [
    ("شنبه", Weekday::Saturday),
    ("یکشنبه", Weekday::Sunday),
    ("دوشنبه", Weekday::Monday),
    ("سهشنبه", Weekday::Tuesday),
    ("چهارشنبه", Weekday::Wednesday),
    ("پنجشنبه", Weekday::Thursday),
    ("جمعه", Weekday::Friday),
];

impl Weekday {
    /// The lower-case English name: `saturday`.
    pub fn english(self) -> &'static str {
        match self {
            Weekday::Saturday => "saturday",
            Weekday::Sunday => "sunday",
            Weekday::Monday => "monday",
            Weekday::Tuesday => "tuesday",
            Weekday::Wednesday => "wednesday",
            Weekday::Thursday => "thursday",
            Weekday::Friday => "friday",
        }
    }

    /// The weekday a Persian name stands for, however it is spaced: `سه‌شنبه`, `سهشنبه` and
    /// `سه شنبه` are all Tuesday. `None` for any other word.
    pub fn from_persian(name: &str) -> Option<Weekday> {
        WEEKDAY_NAMES.iter().find(|(spelling, _)| same_letters(name, spelling)).map(|&(_, day)| day)
    }

    fn from_icu(day: IcuWeekday) -> Weekday {
        match day {
            IcuWeekday::Saturday => Weekday::Saturday,
            IcuWeekday::Sunday => Weekday::Sunday,
            IcuWeekday::Monday => Weekday::Monday,
            IcuWeekday::Tuesday => Weekday::Tuesday,
            IcuWeekday::Wednesday => Weekday::Wednesday,
            IcuWeekday::Thursday => Weekday::Thursday,
            IcuWeekday::Friday => Weekday::Friday,
        }
    }
}

/// The day number (Rata Die: days since 0001-01-01 proleptic Gregorian, which is day 1) of a
/// date, or `None` when the date does not exist in `calendar` (day 31 of Mehr, month 13…).
/// Two dates are `a - b` days apart.
pub fn day_number(date: Ymd, calendar: Calendar) -> Option<i64> {
    rata_die(date, calendar).map(RataDie::to_i64_date)
}

/// The same day in another calendar; `None` when `date` does not exist in `from`.
pub fn convert(date: Ymd, from: Calendar, to: Calendar) -> Option<Ymd> {
    let day = rata_die(date, from)?;
    Some(match to {
        Calendar::Jalali => ymd_of(Date::from_rata_die(day, Persian)),
        Calendar::Gregorian => ymd_of(Date::from_rata_die(day, Gregorian)),
        Calendar::Hijri => ymd_of(Date::from_rata_die(day, Hijri::new_umm_al_qura())),
    })
}

/// The Gregorian date of a Solar Hijri date: 1403-08-19 → 2024-11-09.
pub fn jalali_to_gregorian(date: Ymd) -> Option<Ymd> {
    convert(date, Calendar::Jalali, Calendar::Gregorian)
}

/// The Solar Hijri date of a Gregorian date: 2024-11-09 → 1403-08-19.
pub fn gregorian_to_jalali(date: Ymd) -> Option<Ymd> {
    convert(date, Calendar::Gregorian, Calendar::Jalali)
}

/// The lunar Hijri (Umm al-Qura) date of a Solar Hijri date: 1403-08-19 → 1446-05-07.
pub fn jalali_to_hijri(date: Ymd) -> Option<Ymd> {
    convert(date, Calendar::Jalali, Calendar::Hijri)
}

/// The weekday of a date; `None` when the date does not exist in `calendar`.
pub fn weekday(date: Ymd, calendar: Calendar) -> Option<Weekday> {
    let day = rata_die(date, calendar)?;
    Some(Weekday::from_icu(Date::from_rata_die(day, Gregorian).weekday()))
}

/// The weekday of a Solar Hijri date: 1403-08-19 → Saturday.
pub fn jalali_weekday(date: Ymd) -> Option<Weekday> {
    weekday(date, Calendar::Jalali)
}

fn rata_die(date: Ymd, calendar: Calendar) -> Option<RataDie> {
    let Ymd { year, month, day } = date;
    let rd = match calendar {
        Calendar::Jalali => Date::try_new_persian(year, month, day).ok()?.to_rata_die(),
        Calendar::Gregorian => Date::try_new_gregorian(year, month, day).ok()?.to_rata_die(),
        Calendar::Hijri => match Date::try_new_hijri_with_calendar(year, month, day, Hijri::new_umm_al_qura()) {
            Ok(date) => date.to_rata_die(),
            Err(_) if day == 30 => {
                Date::try_new_hijri_with_calendar(year, month, 29, Hijri::new_umm_al_qura()).ok()?.to_rata_die() + 1
            }
            Err(_) => return None,
        },
    };
    Some(rd)
}

fn ymd_of<A: AsCalendar>(date: Date<A>) -> Ymd {
    Ymd::new(date.year().extended_year(), date.month().ordinal, date.day_of_month().0)
}

/// A month name found in text: which calendar it belongs to and its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthName {
    /// The calendar the name belongs to.
    pub calendar: Calendar,
    /// The month, 1–12.
    pub month: u8,
    /// True for a name that is also an ordinary word (`می`, a verb prefix, and `مه`, mist, for
    /// May): trust it only between a day number and a year.
    pub ambiguous: bool,
}

/// Month names, as letters only; the first spelling of each month is the standard one.
const MONTH_NAMES: [(Calendar, u8, &[&str]); 36] = [
    (Calendar::Jalali, 1, &["فروردین"]),
    (Calendar::Jalali, 2, &["اردیبهشت"]),
    (Calendar::Jalali, 3, &["خرداد"]),
    (Calendar::Jalali, 4, &["تیر"]),
    (Calendar::Jalali, 5, &["مرداد", "امرداد"]),
    (Calendar::Jalali, 6, &["شهریور"]),
    (Calendar::Jalali, 7, &["مهر"]),
    (Calendar::Jalali, 8, &["آبان"]),
    (Calendar::Jalali, 9, &["آذر"]),
    (Calendar::Jalali, 10, &["دی"]),
    (Calendar::Jalali, 11, &["بهمن"]),
    (Calendar::Jalali, 12, &["اسفند"]),
    (Calendar::Gregorian, 1, &["ژانویه"]),
    (Calendar::Gregorian, 2, &["فوریه"]),
    (Calendar::Gregorian, 3, &["مارس"]),
    (Calendar::Gregorian, 4, &["آوریل", "آپریل"]),
    (Calendar::Gregorian, 5, &["مه", "می"]),
    (Calendar::Gregorian, 6, &["ژوئن", "جون"]),
    (Calendar::Gregorian, 7, &["ژوئیه", "جولای"]),
    (Calendar::Gregorian, 8, &["اوت", "آگوست", "اگوست"]),
    (Calendar::Gregorian, 9, &["سپتامبر"]),
    (Calendar::Gregorian, 10, &["اکتبر"]),
    (Calendar::Gregorian, 11, &["نوامبر"]),
    (Calendar::Gregorian, 12, &["دسامبر"]),
    (Calendar::Hijri, 1, &["محرم", "محرمالحرام"]),
    (Calendar::Hijri, 2, &["صفر", "صفرالمظفر"]),
    (Calendar::Hijri, 3, &["ربیعالاول"]),
    (Calendar::Hijri, 4, &["ربیعالثانی", "ربیعالآخر"]),
    (Calendar::Hijri, 5, &["جمادیالاول", "جمادیالاولی"]),
    (Calendar::Hijri, 6, &["جمادیالثانی", "جمادیالآخر", "جمادیالثانیه", "جمادیالآخره"]),
    (Calendar::Hijri, 7, &["رجب", "رجبالمرجب"]),
    (Calendar::Hijri, 8, &["شعبان", "شعبانالمعظم"]),
    (Calendar::Hijri, 9, &["رمضان", "رمضانالمبارک"]),
    (Calendar::Hijri, 10, &["شوال", "شوالالمکرم"]),
    (Calendar::Hijri, 11, &["ذیالقعده", "ذیقعده", "ذوالقعده"]),
    (Calendar::Hijri, 12, &["ذیالحجه", "ذیحجه", "ذوالحجه"]),
];

/// The month a name stands for, its words joined or spaced: `آبان`, `جمادی‌الاول`,
/// `جمادی الاول`, `جمادیالاول`. A trailing `ماه` (month) is allowed, joined or as its own word
/// (`آبان‌ماه`, `آبان ماه`). `None` when the name is not a month's.
pub fn month_from_name(name: &str) -> Option<MonthName> {
    let letters = || letters_of(name.chars());
    MONTH_NAMES.iter().find_map(|&(calendar, month, spellings)| {
        let named = spellings.iter().any(|spelling| {
            letters().eq(letters_of(spelling.chars()))
                || letters().eq(letters_of(spelling.chars().chain("ماه".chars())))
        });
        let ambiguous = calendar == Calendar::Gregorian && month == 5;
        named.then_some(MonthName { calendar, month, ambiguous })
    })
}

/// True when two spellings have the same letters: ZWNJs, spaces, invisible controls, kashida
/// and diacritics are ignored; ي ى → ی, ك → ک, ة ۀ → ه, أ إ آ ٱ → ا.
pub fn same_letters(a: &str, b: &str) -> bool {
    letters_of(a.chars()).eq(letters_of(b.chars()))
}

/// The letters of a spelling, folded as [`same_letters`] describes.
pub(crate) fn letters_of(chars: impl Iterator<Item = char>) -> impl Iterator<Item = char> {
    chars.filter_map(|c| match c {
        '\u{064A}' | '\u{0649}' => Some('ی'),
        '\u{0643}' => Some('ک'),
        '\u{0629}' | '\u{06C0}' => Some('ه'),
        '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' => Some('ا'),
        '\u{0640}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' => None,
        c if c.is_whitespace() || bayegan_text::is_mark(c) => None,
        c => Some(c),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_is_zero_padded() {
        assert_eq!(Ymd::new(1403, 8, 19).iso(), "1403-08-19");
        assert_eq!(Ymd::new(2024, 1, 2).iso(), "2024-01-02");
        assert_eq!(Ymd::new(999, 12, 30).iso(), "0999-12-30");
    }

    #[test]
    fn the_seed_page_date_converts_both_ways() {
        let jalali = Ymd::new(1403, 8, 19);
        assert_eq!(jalali_to_gregorian(jalali), Some(Ymd::new(2024, 11, 9)));
        assert_eq!(gregorian_to_jalali(Ymd::new(2024, 11, 9)), Some(jalali));
        assert_eq!(jalali_to_hijri(jalali), Some(Ymd::new(1446, 5, 7)));
        assert_eq!(jalali_weekday(jalali), Some(Weekday::Saturday));
    }

    #[test]
    fn known_dates_convert() {
        // Nowruz 1403 fell on 20 March 2024, a Wednesday.
        assert_eq!(jalali_to_gregorian(Ymd::new(1403, 1, 1)), Some(Ymd::new(2024, 3, 20)));
        assert_eq!(jalali_weekday(Ymd::new(1403, 1, 1)), Some(Weekday::Wednesday));
        // 1403 is a leap year: Esfand has 30 days, and the next day is Nowruz 1404 (21 March 2025).
        assert_eq!(jalali_to_gregorian(Ymd::new(1403, 12, 30)), Some(Ymd::new(2025, 3, 20)));
        assert_eq!(gregorian_to_jalali(Ymd::new(2025, 3, 21)), Some(Ymd::new(1404, 1, 1)));
        // 17 October 2023 is 25 Mehr 1402, a Tuesday.
        assert_eq!(gregorian_to_jalali(Ymd::new(2023, 10, 17)), Some(Ymd::new(1402, 7, 25)));
        assert_eq!(weekday(Ymd::new(2023, 10, 17), Calendar::Gregorian), Some(Weekday::Tuesday));
        // 1 Ramadan 1445 (Umm al-Qura) was 11 March 2024.
        assert_eq!(convert(Ymd::new(1445, 9, 1), Calendar::Hijri, Calendar::Gregorian), Some(Ymd::new(2024, 3, 11)));
        assert_eq!(convert(Ymd::new(2024, 3, 11), Calendar::Gregorian, Calendar::Hijri), Some(Ymd::new(1445, 9, 1)));
    }

    #[test]
    fn invalid_dates_give_none() {
        // Mehr (month 7) has 30 days; the first six months have 31.
        assert!(jalali_to_gregorian(Ymd::new(1403, 7, 31)).is_none());
        assert!(jalali_to_gregorian(Ymd::new(1403, 6, 31)).is_some());
        assert!(jalali_to_gregorian(Ymd::new(1403, 13, 1)).is_none());
        assert!(jalali_to_gregorian(Ymd::new(1403, 0, 1)).is_none());
        assert!(jalali_to_gregorian(Ymd::new(1403, 1, 0)).is_none());
        // 1402 is not a leap year: Esfand has 29 days.
        assert!(jalali_to_gregorian(Ymd::new(1402, 12, 30)).is_none());
        assert!(gregorian_to_jalali(Ymd::new(2023, 2, 29)).is_none());
        assert!(gregorian_to_jalali(Ymd::new(2024, 2, 29)).is_some());
        assert!(jalali_to_hijri(Ymd::new(1403, 7, 31)).is_none());
        assert!(jalali_weekday(Ymd::new(1403, 7, 31)).is_none());
        assert!(convert(Ymd::new(1446, 5, 31), Calendar::Hijri, Calendar::Jalali).is_none());
    }

    #[test]
    fn a_lunar_day_30_is_the_day_after_the_29th() {
        let mut short_months = 0;
        for month in 1..=12 {
            let day_29 = day_number(Ymd::new(1446, month, 29), Calendar::Hijri).unwrap();
            assert_eq!(day_number(Ymd::new(1446, month, 30), Calendar::Hijri), Some(day_29 + 1));
            let after_29 = convert(Ymd::new(1446, month, 30), Calendar::Hijri, Calendar::Hijri).unwrap();
            if after_29.day == 1 {
                short_months += 1;
            }
        }
        // A lunar year has five or six 29-day months.
        assert!((5..=6).contains(&short_months), "{short_months}");
        assert_eq!(day_number(Ymd::new(1446, 5, 31), Calendar::Hijri), None);
        assert_eq!(day_number(Ymd::new(1446, 13, 1), Calendar::Hijri), None);
    }

    #[test]
    fn day_numbers_count_days() {
        let seed = day_number(Ymd::new(1403, 8, 19), Calendar::Jalali).unwrap();
        assert_eq!(day_number(Ymd::new(2024, 11, 9), Calendar::Gregorian), Some(seed));
        assert_eq!(day_number(Ymd::new(1446, 5, 7), Calendar::Hijri), Some(seed));
        assert_eq!(day_number(Ymd::new(1403, 8, 22), Calendar::Jalali), Some(seed + 3));
        assert_eq!(day_number(Ymd::new(1403, 7, 31), Calendar::Jalali), None);
    }

    #[test]
    fn conversions_round_trip_day_by_day_over_a_decade() {
        let start = day_number(Ymd::new(1395, 1, 1), Calendar::Jalali).unwrap();
        let mut date = Ymd::new(1395, 1, 1);
        for offset in 0..3700 {
            let gregorian = jalali_to_gregorian(date).unwrap();
            assert_eq!(gregorian_to_jalali(gregorian), Some(date));
            let hijri = jalali_to_hijri(date).unwrap();
            assert_eq!(convert(hijri, Calendar::Hijri, Calendar::Jalali), Some(date));
            assert_eq!(day_number(date, Calendar::Jalali), Some(start + offset));
            date = next_jalali_day(date);
        }
    }

    /// The day after `date`, found by trying the next day, month and year in turn.
    fn next_jalali_day(date: Ymd) -> Ymd {
        [
            Ymd::new(date.year, date.month, date.day + 1),
            Ymd::new(date.year, date.month + 1, 1),
            Ymd::new(date.year + 1, 1, 1),
        ]
        .into_iter()
        .find(|next| day_number(*next, Calendar::Jalali).is_some())
        .unwrap()
    }

    #[test]
    fn weekdays_follow_each_other() {
        let days = [
            Weekday::Saturday,
            Weekday::Sunday,
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday,
        ];
        for (offset, expected) in days.iter().enumerate() {
            let date = Ymd::new(1403, 8, 19 + offset as u8);
            assert_eq!(jalali_weekday(date), Some(*expected), "{}", date.iso());
        }
    }

    #[test]
    fn weekday_names_read_in_every_spacing() {
        let cases = [
            ("شنبه", Some(Weekday::Saturday)),
            ("یکشنبه", Some(Weekday::Sunday)),
            ("یک‌شنبه", Some(Weekday::Sunday)),
            ("یک شنبه", Some(Weekday::Sunday)),
            ("دوشنبه", Some(Weekday::Monday)),
            ("سه‌شنبه", Some(Weekday::Tuesday)),
            ("سهشنبه", Some(Weekday::Tuesday)),
            ("سه شنبه", Some(Weekday::Tuesday)),
            ("چهارشنبه", Some(Weekday::Wednesday)),
            ("پنجشنبه", Some(Weekday::Thursday)),
            ("پنج‌شنبه", Some(Weekday::Thursday)),
            ("جمعه", Some(Weekday::Friday)),
            ("يكشنبه", Some(Weekday::Sunday)),
            ("شنبه‌ها", None),
            ("شنب", None),
            ("", None),
        ];
        for (name, expected) in cases {
            assert_eq!(Weekday::from_persian(name), expected, "{name}");
        }
        assert_eq!(Weekday::Saturday.english(), "saturday");
        assert_eq!(Weekday::Friday.english(), "friday");
    }

    #[test]
    fn month_names_of_three_calendars() {
        let month = |name: &str| month_from_name(name).map(|name| (name.calendar, name.month, name.ambiguous));
        assert_eq!(month("آبان"), Some((Calendar::Jalali, 8, false)));
        assert_eq!(month("آبان‌ماه"), Some((Calendar::Jalali, 8, false)));
        assert_eq!(month("آبان ماه"), Some((Calendar::Jalali, 8, false)));
        assert_eq!(month("اسفند"), Some((Calendar::Jalali, 12, false)));
        assert_eq!(month("مهر"), Some((Calendar::Jalali, 7, false)));
        assert_eq!(month("نوامبر"), Some((Calendar::Gregorian, 11, false)));
        assert_eq!(month("جولای"), Some((Calendar::Gregorian, 7, false)));
        assert_eq!(month("آگوست"), Some((Calendar::Gregorian, 8, false)));
        assert_eq!(month("مه"), Some((Calendar::Gregorian, 5, true)));
        assert_eq!(month("می"), Some((Calendar::Gregorian, 5, true)));
        assert_eq!(month("جمادیالاول"), Some((Calendar::Hijri, 5, false)));
        assert_eq!(month("جمادی‌الاول"), Some((Calendar::Hijri, 5, false)));
        assert_eq!(month("جمادی الاول"), Some((Calendar::Hijri, 5, false)));
        assert_eq!(month("جمادى الأولى"), Some((Calendar::Hijri, 5, false)));
        assert_eq!(month("جمادی‌الثانیه"), Some((Calendar::Hijri, 6, false)));
        assert_eq!(month("ربيع الآخر"), Some((Calendar::Hijri, 4, false)));
        assert_eq!(month("ذی‌القعده"), Some((Calendar::Hijri, 11, false)));
        assert_eq!(month("ذیقعده"), Some((Calendar::Hijri, 11, false)));
        assert_eq!(month("ذی الحجه"), Some((Calendar::Hijri, 12, false)));
        assert_eq!(month("ذیحجه"), Some((Calendar::Hijri, 12, false)));
        assert_eq!(month("ماه"), None);
        assert_eq!(month("مهرماه"), Some((Calendar::Jalali, 7, false)));
        assert_eq!(month("جمادی"), None);
        assert_eq!(month("کتاب"), None);
        assert_eq!(month(""), None);
    }

    #[test]
    fn letters_are_compared_without_joiners_and_arabic_forms() {
        assert!(same_letters("رئیس‌جمهور", "رئیسجمهور"));
        assert!(same_letters("كتاب", "کتاب"));
        assert!(same_letters("ذی القعدة", "ذیالقعده"));
        assert!(!same_letters("کتاب", "کتابها"));
    }
}
