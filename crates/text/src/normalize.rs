//! Character normalization: the first stage of restoration.
//!
//! Arabic letter forms become Persian, presentation forms become base letters, kashida beside a
//! letter goes (one standing alone is a typed dash, `دولت ـ ملت`, and stays), a joiner that
//! changes nothing goes, invisible controls go (a control between two words becomes a space so
//! they are not glued),
//! odd spaces become plain spaces, a soft hyphen typed for a half-space becomes a ZWNJ, stray
//! ZWNJs are cleaned, spacing around Persian punctuation is fixed, and digits and diacritics
//! follow the chosen policy. URLs, e-mail addresses, hashtags, mentions, `code` and Arabic
//! passages are never touched.
//!
//! The stage returns its changes as [`Change`]s in the coordinates of its input, so later stages
//! can map their own spans back to the text the user gave.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use memchr::memmem;
use unicode_normalization::UnicodeNormalization;

use crate::chars::{
    digit_value, is_invisible_control, is_latin_letter, is_letter, is_mark, is_non_joining, is_odd_space, SOFT_HYPHEN,
    ZWNJ, ZWNJ_STR,
};
use crate::edit::EditKind;
use crate::{DiacriticPolicy, DigitPolicy, RestoreOptions};

/// One replacement made by a stage, in the coordinates of that stage's input.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Change {
    pub span: Range<usize>,
    /// The replacement: most are one of a few fixed strings (a space, a ZWNJ, ی, nothing), so
    /// they are borrowed, not allocated.
    pub after: Cow<'static, str>,
    pub kind: EditKind,
    pub confidence: f32,
}

/// Byte ranges of `text` that no stage may change: URLs, e-mail addresses, hashtags, mentions,
/// backtick code spans and Arabic passages.
pub(crate) fn protected_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = technical_ranges(text);
    let arabic = arabic_ranges(text);
    if !arabic.is_empty() {
        ranges.extend(arabic);
        ranges.sort_by_key(|r| r.start);
        // overlapping ranges become one
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
        for r in ranges {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        ranges = merged;
    }
    ranges
}

/// Arabic passages in Persian text (a quoted verse, a formula): runs between punctuation with
/// Arabic markers (ة, tanwin, في من على…) and nothing Persian (پ چ ژ گ, است را این که می…).
/// Only Persian words are restored.
fn arabic_ranges(text: &str) -> Vec<Range<usize>> {
    // tanwin and the short vowels: a verse is written vocalized (`إِنَّ اللَّهَ`)
    const MARKERS: &[&str] = &[
        "ة",
        "\u{064B}",
        "\u{064C}",
        "\u{064D}",
        "\u{064E}",
        "\u{064F}",
        "\u{0650}",
        " في ",
        " على ",
        " إلى ",
        "الذين",
        " عن ",
        " قال ",
        "بسم ",
        " الله",
    ];
    static FINDERS: LazyLock<Vec<memmem::Finder<'static>>> =
        LazyLock::new(|| MARKERS.iter().map(|m| memmem::Finder::new(m.as_bytes())).collect());
    let bytes = text.as_bytes();
    let mut ranges: Vec<Range<usize>> = Vec::new();
    // only the runs around an Arabic marker are looked at
    let mut markers: Vec<usize> = Vec::new();
    for finder in FINDERS.iter() {
        markers.extend(finder.find_iter(bytes));
    }
    if markers.is_empty() {
        return ranges;
    }
    markers.sort_unstable();
    let mut checked_to = 0;
    for at in markers {
        if at < checked_to {
            continue;
        }
        let start =
            text[..at].rfind(is_passage_delimiter).map_or(0, |p| p + text[p..].chars().next().unwrap().len_utf8());
        let end = text[at..].find(is_passage_delimiter).map_or(text.len(), |e| at + e);
        checked_to = end;
        let passage = &text[start..end];
        if (!has_persian_letter(&bytes[start..end]) && is_arabic_passage(passage)) || is_vocalized(passage) {
            ranges.push(start..end);
        }
    }
    ranges
}

/// True for a passage of three words or more whose words mostly carry two vowel marks or more
/// (`کُنْتُمْ خَیْرَ أُمَّةٍ`): a verse, vocalized as the Quran is printed, which a Persian
/// typist may write with Persian ی and ک. Vocalized text is typeset with care: it is left alone.
fn is_vocalized(passage: &str) -> bool {
    let (mut words, mut vocalized) = (0, 0);
    for word in passage.split_whitespace().filter(|w| w.contains(is_letter)) {
        words += 1;
        vocalized += usize::from(word.chars().filter(|&c| is_mark(c)).count() >= 2);
    }
    words >= 3 && vocalized * 5 >= words * 3
}

/// The characters that end a run of text examined as one passage.
fn is_passage_delimiter(c: char) -> bool {
    matches!(c, '\n' | '.' | '!' | '?' | '(' | ')' | ':' | '"' | ',' | '«' | '»' | '،' | '؛' | '؟')
}

/// True when the bytes hold a letter Arabic does not use: پ چ ژ گ ک ی.
fn has_persian_letter(bytes: &[u8]) -> bool {
    bytes.windows(2).any(|w| matches!(w, [0xDA, 0xBE | 0x86 | 0x98 | 0xAF | 0xA9] | [0xDB, 0x8C]))
}

fn is_arabic_passage(segment: &str) -> bool {
    const PERSIAN_WORDS: &[&str] = &[
        "است", "را", "این", "آن", "که", "می", "نمی", "ها", "های", "شد", "کرد", "كرد", "هم", "یا", "اين", "بود", "شود",
        "باید",
    ];
    const ARABIC_WORDS: &[&str] = &[
        "في", "من", "على", "إلى", "عن", "هذا", "هذه", "الذي", "التي", "قال", "لا", "إلا", "إن", "أن", "كان", "ما", "هو",
        "هي",
    ];
    let mut words = 0;
    let mut arabic = 0;
    for word in segment.split_whitespace() {
        let word = word.trim_matches(|c: char| !is_letter(c));
        if word.is_empty() {
            continue;
        }
        words += 1;
        let stripped: std::borrow::Cow<str> = if word.contains(is_mark) {
            word.chars().filter(|&c| !is_mark(c)).collect::<String>().into()
        } else {
            word.into()
        };
        if PERSIAN_WORDS.contains(&&*stripped) || stripped.starts_with("مي") {
            return false;
        }
        if ARABIC_WORDS.contains(&&*stripped)
            || stripped.contains('ة')
            || word.contains(['\u{064B}', '\u{064C}', '\u{064D}'])
            || (stripped.starts_with("ال") && stripped.chars().count() > 3)
        {
            arabic += 1;
        }
    }
    arabic >= 2 && arabic * 2 >= words
}

/// URLs, e-mail addresses, hashtags, mentions and backtick code spans.
fn technical_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    // Only words holding '@', '#', '`', '/', "://" or "www." can be protected: find those, then
    // look at the word around each.
    static SCHEME: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(b"://"));
    static WWW: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(b"www."));
    let mut triggers: Vec<usize> = memchr::memchr3_iter(b'@', b'#', b'`', bytes)
        .chain(memchr::memchr_iter(b'/', bytes))
        .chain(SCHEME.find_iter(bytes))
        .chain(WWW.find_iter(bytes))
        .collect();
    if triggers.is_empty() {
        return ranges;
    }
    triggers.sort_unstable();
    for at in triggers {
        if at < i || ranges.last().is_some_and(|r| r.end > at) {
            continue;
        }
        i = at + 1;
        if bytes[at] == b'`' {
            if let Some(close) = text[at + 1..].find('`') {
                ranges.push(at..at + close + 2);
                i = at + close + 2;
                continue;
            }
        }
        // the word begins after a space or an opening mark (`«#هشتگ`)
        let opens = |c: char| c.is_whitespace() || matches!(c, '«' | '(' | '[' | '"' | '\'');
        let start = text[..at].rfind(opens).map_or(0, |p| p + text[p..].chars().next().unwrap().len_utf8());
        let end = text[at..].find(char::is_whitespace).map_or(text.len(), |e| at + e);
        let word = &text[start..end];
        if looks_protected(word) {
            // Trailing sentence punctuation is not part of a URL or a hashtag.
            let trimmed = word.trim_end_matches(['.', ',', '،', '؛', ':', '!', '?', '؟', ')', '»', '"']);
            ranges.push(start..start + trimmed.len());
            i = end.max(i);
        }
    }
    ranges
}

fn looks_protected(word: &str) -> bool {
    let lower =
        word.trim_start_matches(|c: char| matches!(c, '(' | '«' | '"' | '[') || c == ZWNJ || is_invisible_control(c));
    if lower.contains("://") || lower.starts_with("www.") || lower.starts_with('#') || lower.starts_with('@') {
        return true;
    }
    // a URL without its scheme: an ASCII host name, then a path (`example.ir/کتاب`)
    if let Some((host, _)) = lower.split_once('/') {
        let tld = host.rsplit('.').next().unwrap();
        let host_name = host.contains('.')
            && tld.len() >= 2
            && tld.bytes().all(|b| b.is_ascii_alphabetic())
            && host.split('.').all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
        if host_name {
            return true;
        }
    }
    // e-mail: something@something.tld with an ASCII domain
    if let Some(at) = lower.find('@') {
        let domain = &lower[at + 1..];
        return at > 0 && domain.contains('.') && domain.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    }
    false
}

/// Normalizes `text`, returning its changes in order (not overlapping).
pub(crate) fn normalize(text: &str, protected: &[Range<usize>], options: &RestoreOptions) -> Vec<Change> {
    let mut changes: Vec<Change> = Vec::new();
    let mut guard = protected.iter().peekable();
    let mut next_protected = guard.peek().map_or(usize::MAX, |r| r.start);
    let mut letter_run_end = usize::MAX;
    let untouched = untouched_arabic_block(options.diacritics);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        if i >= next_protected {
            i = i.max(guard.next().unwrap().end);
            next_protected = guard.peek().map_or(usize::MAX, |r| r.start.max(i));
            continue;
        }
        // the common case, byte by byte: ASCII other than space and digits, and the letters
        // of the Arabic block (two bytes, lead D8–DB) that no rule changes
        let b = bytes[i];
        if b < 0x80 {
            if b != b' ' && !b.is_ascii_digit() {
                i += 1;
                continue;
            }
        } else if (0xD8..=0xDB).contains(&b) {
            let code = (usize::from(b & 0x03) << 6) | usize::from(bytes[i + 1] & 0x3F);
            if untouched[code] {
                i += 2;
                continue;
            }
        }
        let c = text[i..].chars().next().unwrap();
        let mut len = c.len_utf8();
        if c == ' '
            || is_odd_space(c)
            || c == ZWNJ
            || is_invisible_control(c)
            || is_half_space_hyphen(text, i)
            || is_joiner_beside_zwnj(text, i)
        {
            i = gap_run(&text[..next_protected.min(text.len())], i, &mut changes);
            continue;
        }
        if digit_value(c).is_some() {
            i = digit_run(text, i, options.digits, &mut changes);
            continue;
        }
        let replacement: Option<(Cow<'static, str>, EditKind)> = match c {
            c if persian_letter(c) != c => Some((letter_str(persian_letter(c)), EditKind::Char)),
            // a run of kashidas is decided, and stepped over, at once
            KASHIDA => {
                let run = kashida_run(text, i);
                len = run.end.min(next_protected) - i;
                kashida_run_goes(text, &run).then_some((Cow::Borrowed(""), EditKind::Char))
            }
            // a joiner between two letters changes nothing on screen, but splits the word for
            // search (`وی‍ژه`); beside punctuation it shows a letter's joining form (`ه‍.ش`). A
            // run of them is decided at once: it goes whole, or is stepped over up to its last
            // joiner, the only other one that may stand beside a ZWNJ
            ZWJ => {
                let run = joiner_run(text, i);
                if joiners_go(text, &run) {
                    len = run.end.min(next_protected) - i;
                    Some((Cow::Borrowed(""), EditKind::Char))
                } else {
                    len = (run.end - ZWJ.len_utf8()).max(i + ZWJ.len_utf8()).min(next_protected) - i;
                    None
                }
            }
            '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}' => {
                presentation_form_letters(c).map(|letters| (Cow::Owned(letters), EditKind::Char))
            }
            // a letter written as base + combining hamza or madda (ا + ٓ) becomes the one letter
            '\u{0653}'..='\u{0655}' if composed(text[..i].chars().next_back(), c).is_some() => {
                let prev = text[..i].chars().next_back().unwrap();
                let start = i - prev.len_utf8();
                let letter = composed(Some(prev), c).unwrap();
                match changes.last_mut() {
                    // the base letter was itself changed (ي → ی): that edit takes the mark too
                    Some(last) if last.span.end == i && last.span.start <= start && !last.after.is_empty() => {
                        let after = last.after.to_mut();
                        after.pop();
                        after.push(letter);
                        last.span.end = i + len;
                    }
                    _ => changes.push(Change {
                        span: start..i + len,
                        after: Cow::Owned(letter.to_string()),
                        kind: EditKind::Char,
                        confidence: 1.0,
                    }),
                }
                letter_run_end = i + len;
                i += len;
                continue;
            }
            // harakat only: hamza and madda above or below are parts of letters
            c if is_mark(c)
                && !matches!(c, '\u{0653}'..='\u{0655}')
                && options.diacritics == DiacriticPolicy::Strip =>
            {
                Some((Cow::Borrowed(""), EditKind::Char))
            }
            c if is_closing_mark(c) => {
                // a space after the mark when a word follows right away
                let next = written_after(text, i + len);
                if next.is_some_and(is_letter) && !in_protected(protected, i + len) {
                    changes.push(Change {
                        span: i + len..i + len,
                        after: Cow::Borrowed(" "),
                        kind: EditKind::Space,
                        confidence: 0.9,
                    });
                }
                None
            }
            '«' => {
                let prev = written_before(text, i);
                if prev.is_some_and(|p| is_letter(p) || is_mark(p)) {
                    changes.push(Change {
                        span: i..i,
                        after: Cow::Borrowed(" "),
                        kind: EditKind::Space,
                        confidence: 0.9,
                    });
                }
                None
            }
            _ => None,
        };
        if let Some((after, kind)) = replacement {
            // letter changes next to each other make one edit (a presentation-form word)
            match changes.last_mut() {
                Some(last) if letter_run_end == i => {
                    last.span.end = i + len;
                    last.after.to_mut().push_str(&after);
                }
                _ => changes.push(Change { span: i..i + len, after, kind, confidence: 1.0 }),
            }
            letter_run_end = i + len;
        }
        i += len;
    }
    changes
}

/// Which code points U+0600–U+06FF no rule changes under a diacritics policy (built once a
/// policy: the table costs more than normalizing a short line).
fn untouched_arabic_block(diacritics: DiacriticPolicy) -> &'static [bool; 256] {
    static TABLES: LazyLock<[[bool; 256]; 2]> = LazyLock::new(|| {
        [DiacriticPolicy::Keep, DiacriticPolicy::Strip].map(|policy| {
            let mut table = [false; 256];
            for (i, slot) in table.iter_mut().enumerate() {
                let c = char::from_u32(0x0600 + i as u32).unwrap();
                *slot = match c {
                    c if persian_letter(c) != c => false,
                    '\u{0640}' | '\u{0653}'..='\u{0655}' | '،' | '؛' | '؟' => false,
                    c if is_mark(c) => policy == DiacriticPolicy::Keep,
                    c if digit_value(c).is_some() => false,
                    c => is_letter(c),
                };
            }
            table
        })
    });
    &TABLES[match diacritics {
        DiacriticPolicy::Keep => 0,
        DiacriticPolicy::Strip => 1,
    }]
}

/// A letter that normalization writes, as a string that needs no allocation.
fn letter_str(c: char) -> Cow<'static, str> {
    match c {
        '\u{06CC}' => Cow::Borrowed("\u{06CC}"),
        '\u{06A9}' => Cow::Borrowed("\u{06A9}"),
        c => Cow::Owned(c.to_string()),
    }
}

/// The Persian form of an Arabic letter (ي ى → ی, ك → ک); other characters as they are.
fn persian_letter(c: char) -> char {
    match c {
        '\u{064A}' | '\u{0649}' => '\u{06CC}',
        '\u{0643}' => '\u{06A9}',
        c => c,
    }
}

/// The precomposed letter of a base letter and a combining hamza or madda, if there is one.
fn composed(base: Option<char>, mark: char) -> Option<char> {
    match (base?, mark) {
        ('ا', '\u{0653}') => Some('آ'),
        ('ا', '\u{0654}') => Some('أ'),
        ('ا', '\u{0655}') => Some('إ'),
        ('و', '\u{0654}') => Some('ؤ'),
        ('ی' | 'ي', '\u{0654}') => Some('ئ'),
        _ => None,
    }
}

/// Kashida (tatweel), the letter-stretching stroke normalization removes between letters.
const KASHIDA: char = '\u{0640}';

/// The run of kashidas around byte `at` (empty when there is none).
fn kashida_run(text: &str, at: usize) -> Range<usize> {
    let before = text[..at].chars().rev().take_while(|&c| c == KASHIDA).count();
    let after = text[at..].chars().take_while(|&c| c == KASHIDA).count();
    at - before * KASHIDA.len_utf8()..at + after * KASHIDA.len_utf8()
}

/// Whether normalization removes the kashidas of `run`: they stretch a letter beside them.
/// With no letter on either side (between spaces, ZWNJs, digits) a kashida is typed as a dash
/// (`دولت ـ ملت`, `هزینه‌ـ‌منفعت`, `۱۰۰ ـ ۱۰۱`) and stays.
fn kashida_run_goes(text: &str, run: &Range<usize>) -> bool {
    let letter_or_mark = |c: Option<char>| {
        c.map(|c| presentation_form_letters(c).and_then(|letters| letters.chars().next()).unwrap_or(c))
            .is_some_and(|c| is_letter(c) || is_mark(c))
    };
    letter_or_mark(text[..run.start].chars().next_back()) || letter_or_mark(text[run.end..].chars().next())
}

/// The character before byte `at` as normalization writes it: past kashidas that go, and a
/// presentation form as its last letter (ﻻ → ا). The spacing rules look at these, so that they
/// decide the same before and after normalization.
fn written_before(text: &str, at: usize) -> Option<char> {
    let run = kashida_run(text, at);
    let at = if kashida_run_goes(text, &run) { run.start } else { at };
    let c = text[..at].chars().next_back()?;
    Some(presentation_form_letters(c).and_then(|letters| letters.chars().next_back()).unwrap_or(c))
}

/// The character at byte `at` as normalization writes it (see [`written_before`]).
fn written_after(text: &str, at: usize) -> Option<char> {
    let run = kashida_run(text, at);
    let at = if kashida_run_goes(text, &run) { run.end } else { at };
    let c = text[at..].chars().next()?;
    Some(presentation_form_letters(c).and_then(|letters| letters.chars().next()).unwrap_or(c))
}

/// What normalization writes for a presentation form: NFKC of the one character, without
/// spaces or kashida, in Persian letter forms (ﺁ → آ, ﻻ → لا, ﮥ → ۀ); None for any other
/// character and for a form NFKC leaves as it is.
pub(crate) fn presentation_form_letters(c: char) -> Option<String> {
    if !matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}') {
        return None;
    }
    let letters: String = std::iter::once(c).nfkc().filter(|&d| d != ' ' && d != KASHIDA).map(persian_letter).collect();
    (!letters.chars().eq(std::iter::once(c))).then_some(letters)
}

/// Persian punctuation written right after a word and followed by a space: ، ؛ ؟ ».
fn is_closing_mark(c: char) -> bool {
    matches!(c, '،' | '؛' | '؟' | '»')
}

fn in_protected(protected: &[Range<usize>], at: usize) -> bool {
    protected.iter().any(|r| r.contains(&at))
}

/// Handles a run of spaces, odd spaces, ZWNJs (or soft hyphens standing for them) and
/// invisible controls starting at `start`;
/// returns where the run ends.
fn gap_run(text: &str, start: usize, changes: &mut Vec<Change>) -> usize {
    let bytes = text.as_bytes();
    // the common case: one plain space between two ordinary characters
    if bytes[start] == b' ' {
        let next = bytes.get(start + 1).copied();
        let prev = start.checked_sub(1).map(|p| bytes[p]);
        let plain_next = next.is_some_and(|b| b.is_ascii() && b != b' ' || matches!(b, 0xD8..=0xDB))
            && !text[start + 1..].starts_with(is_closing_mark);
        let plain_prev = prev.is_none_or(|b| b.is_ascii()) || !text[..start].ends_with('«');
        if plain_next && plain_prev {
            return start + 1;
        }
    }
    let mut end = start;
    let (mut spaces, mut only_plain, mut has_zwnj, mut has_control) = (0usize, true, false, false);
    for c in text[start..].chars() {
        if c == ' ' || is_odd_space(c) {
            spaces += 1;
            only_plain &= c == ' ';
        } else if c == ZWNJ || is_half_space_hyphen(text, end) || is_joiner_beside_zwnj(text, end) {
            has_zwnj = true;
        } else if is_invisible_control(c) {
            has_control = true;
        } else {
            break;
        }
        end += c.len_utf8();
    }
    let run = &text[start..end];
    if spaces == run.len() && only_plain && spaces > 1 {
        // several plain spaces: kept as they are (layout), unless punctuation follows
        let next = text[end..].chars().next();
        if !next.is_some_and(is_closing_mark) && !text[..start].ends_with('«') {
            return end;
        }
    }
    let prev = written_before(text, start);
    let prev_base = match prev {
        Some(p) if is_mark(p) => text[..start].chars().rev().find(|&c| !is_mark(c) && c != KASHIDA),
        p => p,
    };
    let next = written_after(text, end);
    let mut kind = EditKind::Char;
    // an invisible character between a word and punctuation that wants a space there
    let after_letter = prev.is_some_and(|p| is_letter(p) || is_mark(p));
    let wants_space = (prev.is_some_and(is_closing_mark) && next.is_some_and(is_letter))
        || (after_letter && (next == Some('«') || next.is_some_and(|n| digit_value(n).is_some())))
        || (prev.is_some_and(|p| digit_value(p).is_some())
            && next.is_some_and(is_letter)
            && !is_ordinal_suffix(&text[end..]));
    let after: Cow<'static, str> = if spaces == 0 && wants_space {
        kind = EditKind::Space;
        Cow::Borrowed(" ")
    } else if spaces > 0 {
        let closes = next.is_some_and(is_closing_mark)
            && prev.is_some_and(|p| is_letter(p) || is_mark(p) || digit_value(p).is_some() || p == '»' || p == ')');
        let opens = prev == Some('«') && next.is_some_and(is_letter);
        if closes || opens {
            if spaces == run.len() {
                kind = EditKind::Space;
            }
            Cow::Borrowed("")
        } else if spaces == 1 || has_zwnj || has_control {
            // (spaces around a stray ZWNJ or control are one gap, not layout)
            Cow::Borrowed(" ")
        } else {
            Cow::Owned(" ".repeat(spaces))
        }
    } else if has_zwnj {
        // a kashida that stays is a dash, which a ZWNJ keeps apart from the word
        // (`هزینه‌ـ‌منفعت`; after any letter: without it, `آسیا‌ـ‌پاسیفیک`'s dash would
        // stretch the ا and go when restored again)
        let joins = prev.is_some_and(|p| is_letter(p) || is_mark(p) || p == KASHIDA)
            && (prev_base.is_some_and(|b| (is_letter(b) && !is_non_joining(b)) || b == KASHIDA)
                || next == Some(KASHIDA))
            && next.is_some_and(|n| is_letter(n) || n == KASHIDA);
        Cow::Borrowed(if joins { ZWNJ_STR } else { "" })
    } else {
        debug_assert!(has_control);
        let word_char = |c: char| c.is_alphanumeric() || is_mark(c);
        Cow::Borrowed(if prev.is_some_and(word_char) && next.is_some_and(word_char) { " " } else { "" })
    };
    if after != run {
        changes.push(Change { span: start..end, after, kind, confidence: 1.0 });
    }
    end
}

/// Zero-width joiner (U+200D).
const ZWJ: char = '\u{200D}';

/// True for a zero-width joiner at byte `at` right beside a ZWNJ (`بی‌\u{200D}‌دفاع`): the two
/// contradict each other, and the ZWNJ is what was meant.
fn is_joiner_beside_zwnj(text: &str, at: usize) -> bool {
    text[at..].starts_with(ZWJ) && (text[..at].ends_with(ZWNJ) || text[at + ZWJ.len_utf8()..].starts_with(ZWNJ))
}

/// The run of zero-width joiners around byte `at`.
fn joiner_run(text: &str, at: usize) -> Range<usize> {
    text[..at].trim_end_matches(ZWJ).len()..text.len() - text[at..].trim_start_matches(ZWJ).len()
}

/// Whether the joiners of `run` go: they stand between two letters.
fn joiners_go(text: &str, run: &Range<usize>) -> bool {
    written_before(text, run.start).is_some_and(is_letter) && written_after(text, run.end).is_some_and(is_letter)
}

/// True for a soft hyphen at byte `at` of `text` next to a Persian letter, where it stands for
/// a half-space (in Latin words it marks where a word may break, and stays).
fn is_half_space_hyphen(text: &str, at: usize) -> bool {
    text[at..].starts_with(SOFT_HYPHEN)
        && (text[..at].chars().next_back().is_some_and(is_letter)
            || text[at + SOFT_HYPHEN.len_utf8()..].chars().next().is_some_and(is_letter))
}

/// Converts a run of digits by the policy, unless it is glued to a Latin word (`mp3`, `H2O`).
fn digit_run(text: &str, start: usize, policy: DigitPolicy, changes: &mut Vec<Change>) -> usize {
    let end = text[start..].find(|c: char| digit_value(c).is_none()).map_or(text.len(), |e| start + e);
    let (prev, next) = (text[..start].chars().next_back(), text[end..].chars().next());
    // a number glued to a Persian word (`۶۰هزار`, `سال۱۴۰۳`) gets its space, but not an
    // ordinal suffix (`۲۰ام`) nor the letter of a code (`پیام/۸۶۰۱۱/ت۱۰/ض۱۰۰۲`)
    if prev.is_some_and(is_letter) && !in_code(text, start) {
        changes.push(Change { span: start..start, after: Cow::Borrowed(" "), kind: EditKind::Space, confidence: 0.9 });
    }
    let glued_after = next.is_some_and(is_letter) && !is_ordinal_suffix(&text[end..]) && !in_code(text, end);
    let latin_neighbour = prev.is_some_and(is_latin_letter) || next.is_some_and(is_latin_letter);
    if policy != DigitPolicy::Keep && !latin_neighbour {
        let base = if policy == DigitPolicy::Persian { 0x06F0 } else { '0' as u32 };
        let after: String =
            text[start..end].chars().map(|c| char::from_u32(base + digit_value(c).unwrap()).unwrap()).collect();
        if after != text[start..end] {
            changes.push(Change { span: start..end, after: Cow::Owned(after), kind: EditKind::Char, confidence: 1.0 });
        }
    }
    if glued_after {
        changes.push(Change { span: end..end, after: Cow::Borrowed(" "), kind: EditKind::Space, confidence: 0.9 });
    }
    end
}

/// True when byte `at`, between letters and digits, is inside a code: one or two letters
/// between a `/` and the number (`ت۱۰` in a news agency's tag `پیام/۸۶۰۱۱/ت۱۰/ض۱۰۰۲`), or
/// between the number and a `/`. Looked at within those few letters only: a line without
/// spaces may hold a number every other letter.
fn in_code(text: &str, at: usize) -> bool {
    // (letters are two bytes in UTF-8)
    let before = text[..at].chars().rev().take_while(|&c| is_letter(c)).take(3).count();
    let after = text[at..].chars().take_while(|&c| is_letter(c)).take(3).count();
    match (before, after) {
        (1..=2, 0) => text[..at - 2 * before].ends_with('/'),
        (0, 1..=2) => text[at + 2 * after..].starts_with('/'),
        _ => false,
    }
}

/// True when `rest` starts with an ordinal suffix written on a number (`م`, `ام`, `مین`, `امین`).
fn is_ordinal_suffix(rest: &str) -> bool {
    ["امین", "مین", "ام", "م"]
        .iter()
        .any(|suffix| rest.strip_prefix(suffix).is_some_and(|after| !after.starts_with(is_letter)))
}

/// Applies ordered, non-overlapping changes to `text`.
pub(crate) fn apply(text: &str, changes: &[Change]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    apply_into(text, changes, &mut out);
    out
}

/// Appends `text` with ordered, non-overlapping changes applied to `out`.
pub(crate) fn apply_into(text: &str, changes: &[Change], out: &mut String) {
    let mut at = 0;
    for change in changes {
        out.push_str(&text[at..change.span.start]);
        out.push_str(&change.after);
        at = change.span.end;
    }
    out.push_str(&text[at..]);
}

/// Maps byte offsets of a stage's output back to its input.
pub(crate) struct OffsetMap<'a> {
    changes: &'a [Change],
    /// Output offset at which each change's replacement starts.
    starts: Vec<usize>,
}

impl<'a> OffsetMap<'a> {
    pub fn new(changes: &'a [Change]) -> Self {
        let mut starts = Vec::with_capacity(changes.len());
        let mut shift: isize = 0;
        for change in changes {
            starts.push((change.span.start as isize + shift) as usize);
            shift += change.after.len() as isize - change.span.len() as isize;
        }
        OffsetMap { changes, starts }
    }

    /// The change whose replacement is exactly the output bytes `span`, if any.
    pub fn producer_of(&self, span: Range<usize>) -> Option<usize> {
        if span.is_empty() {
            return None;
        }
        // removals (a kashida) may start at the same output offset, just before it
        let first = self.starts.partition_point(|&s| s < span.start);
        (first..self.changes.len())
            .take_while(|&i| self.starts[i] == span.start)
            .find(|&i| self.changes[i].after.len() == span.len())
    }

    /// The output offset of input offset `at`, which lies outside every change or at its edge.
    pub fn forward(&self, at: usize) -> usize {
        let idx = self.changes.partition_point(|c| c.span.end <= at);
        match idx.checked_sub(1) {
            None => at,
            Some(i) => self.starts[i] + self.changes[i].after.len() + (at - self.changes[i].span.end),
        }
    }

    /// The change whose replacement strictly contains output offset `at`, with `at`'s offset
    /// into that replacement.
    pub fn inside(&self, at: usize) -> Option<(usize, usize)> {
        let idx = self.starts.partition_point(|&s| s < at);
        let i = idx.checked_sub(1)?;
        let offset = at - self.starts[i];
        (offset > 0 && offset < self.changes[i].after.len()).then_some((i, offset))
    }

    /// The input offset of output offset `at`, where something begins; an offset inside a
    /// replacement maps to its start, and one where text was removed to just past the removal.
    pub fn map(&self, at: usize) -> usize {
        self.map_before(at, self.starts.partition_point(|&s| s <= at))
    }

    /// [`OffsetMap::map`] for an offset where something ends: one where text was removed maps
    /// to just before the removal.
    pub fn map_end(&self, at: usize) -> usize {
        self.map_before(at, self.starts.partition_point(|&s| s < at))
    }

    /// The input offset of output offset `at`, given the number of changes that come before it.
    fn map_before(&self, at: usize, idx: usize) -> usize {
        if idx == 0 {
            return at;
        }
        let change = &self.changes[idx - 1];
        let out_start = self.starts[idx - 1];
        let out_end = out_start + change.after.len();
        if at >= out_end {
            change.span.end + (at - out_end)
        } else {
            change.span.start
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(text: &str) -> String {
        norm_with(text, &RestoreOptions::default())
    }

    fn norm_with(text: &str, options: &RestoreOptions) -> String {
        apply(text, &normalize(text, &protected_ranges(text), options))
    }

    #[test]
    fn arabic_forms_become_persian() {
        assert_eq!(norm("علي كتاب"), "علی کتاب");
        assert_eq!(norm("ﺳﻼﻡ"), "سلام");
        assert_eq!(norm("خـــوب"), "خوب");
    }

    #[test]
    fn controls_between_words_become_a_space() {
        assert_eq!(norm("\u{202B}۱۹\u{202C}آبان"), "۱۹ آبان");
        assert_eq!(norm("سلام\u{200F}"), "سلام");
    }

    #[test]
    fn stray_zwnj_is_cleaned() {
        assert_eq!(norm("می\u{200C}\u{200C}کند"), "می\u{200C}کند");
        assert_eq!(norm("کتاب \u{200C}ها"), "کتاب ها");
        assert_eq!(norm("دیوار\u{200C}ها"), "دیوارها");
        assert_eq!(norm("\u{200C}سلام\u{200C}"), "سلام");
    }

    #[test]
    fn punctuation_spacing() {
        assert_eq!(norm("سلام ،خوبی ؟"), "سلام، خوبی؟");
        assert_eq!(norm("گفت« کاهش »است"), "گفت «کاهش» است");
    }

    #[test]
    fn protected_text_is_untouched() {
        for s in ["https://example.com/ي_ك", "a.b@example.com", "#هشتگ_ي", "`code ي`"] {
            assert_eq!(norm(s), s);
        }
    }

    #[test]
    fn arabic_passages_are_untouched() {
        let text = "او گفت «قال رسول الله في سبيل الله» و رفت";
        assert_eq!(norm(text), text);
        // Persian typed with Arabic letters is still Persian
        assert_eq!(norm("اين كشور در حال توسعه است"), "این کشور در حال توسعه است");
    }

    #[test]
    fn digit_policy() {
        let fa = RestoreOptions { digits: DigitPolicy::Persian, ..Default::default() };
        assert_eq!(norm_with("سال 1403 و mp3", &fa), "سال ۱۴۰۳ و mp3");
        let latin = RestoreOptions { digits: DigitPolicy::Latin, ..Default::default() };
        assert_eq!(norm_with("۱۹ و ٢٠", &latin), "19 و 20");
    }

    #[test]
    fn offsets_map_back() {
        let text = "علي\u{200F} كتاب";
        let changes = normalize(text, &[], &RestoreOptions::default());
        let out = apply(text, &changes);
        let map = OffsetMap::new(&changes);
        assert_eq!(map.forward(text.find("كتاب").unwrap()), out.find("کتاب").unwrap());
        let kitab = out.find("کتاب").unwrap();
        assert_eq!(map.map(kitab), text.find("كتاب").unwrap());
        assert_eq!(map.map(out.len()), text.len());
    }
}
