//! The known defects of text taken from Persian PDFs, repaired.
//!
//! * Character defects — presentation-form letters (`ﺑﺎﯾﮕﺎﻥ`), Arabic letter forms, kashida, and
//!   the bidi controls pdftotext wraps around digit runs (U+202A … U+202C around `۱۹` in `شنبه ۱۹آبان`) — are left to
//!   `bayegan_text`'s normalization, run here without spacing (a control between a number and
//!   a word becomes a space, so `۱۹آبان` is not glued).
//! * The lam-alef ligature comes out with its letters swapped (`اسالمی` for `اسلامی`, `االول`
//!   for `الاول`): a word the lexicon does not know becomes the swapped reading it knows.
//! * Kashida justification leaves spaces inside words (`س تون` for `ستون`): a lone letter or an
//!   unknown piece is joined to its neighbour when the lexicon knows the joined word.
//!
//! Lost ZWNJs are the restorer's job, done when the page is parsed.

use bayegan_text::{is_letter, is_non_joining, Model, Restorer, ZWNJ};

/// Repairs PDF-extracted text; built once, shared across threads.
#[derive(Debug, Clone)]
pub struct Repairer {
    normalizer: Restorer,
}

impl Default for Repairer {
    fn default() -> Self {
        Self::new()
    }
}

impl Repairer {
    /// A repairer with the embedded model.
    pub fn new() -> Self {
        Repairer { normalizer: Restorer::builder().spacing(false).build() }
    }

    /// Repairs one line (or several: lines are repaired one by one, their count kept).
    ///
    /// ```
    /// let repairer = bayegan_extract::Repairer::new();
    /// assert_eq!(repairer.repair("جمهوری اسالمی ایران"), "جمهوری اسلامی ایران");
    /// assert_eq!(repairer.repair("شنبه \u{202a} ۱۹\u{202c}آبان"), "شنبه ۱۹ آبان");
    /// ```
    pub fn repair(&self, text: &str) -> String {
        let normalized = self.normalizer.fix(&collapse_control_gaps(&move_wrapped_spaces(&drop_kashida_digits(text))));
        let model = self.normalizer.model();
        let mut out = String::with_capacity(normalized.len());
        for (k, line) in normalized.split('\n').enumerate() {
            if k > 0 {
                out.push('\n');
            }
            out.push_str(&repair_line(line, model));
        }
        out
    }
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06FA}'..='\u{06FC}') && c != '\u{0640}'
}

/// Some PDF writers (LibreOffice among them) draw kashida with glyphs that pdftotext reads as
/// ASCII digits inside a word (`ش22د` for `شـــد`, one glyph code repeated for each stretch): a
/// run of one repeated digit, at most three long, between a letter that joins to the next one
/// and another letter is dropped. A number glued to a word (`ساعت12تا`) is left to the
/// normalizer, which spaces it.
fn drop_kashida_digits(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let end = (i..chars.len())
                .find(|&j| !(chars[j].is_ascii_digit() || is_bidi_control(chars[j])))
                .unwrap_or(chars.len());
            let before = out.chars().rev().find(|&b| !is_bidi_control(b));
            let after = chars.get(end).copied();
            let joins_on = before.is_some_and(|b| is_arabic_letter(b) && !is_non_joining(b));
            let digits: Vec<char> = chars[i..end].iter().copied().filter(char::is_ascii_digit).collect();
            let repeated = digits.len() <= 3 && digits.iter().all(|&d| d == digits[0]);
            if joins_on && repeated && after.is_some_and(is_arabic_letter) {
                // the controls around the run go too
                while out.ends_with(is_bidi_control) {
                    out.pop();
                }
                i = end;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// pdftotext wraps a left-to-right run (digits, Latin, the punctuation after a word) in
/// U+202A … U+202C and moves the space that follows the run to its start (`است U+202A .U+202C به`
/// for `است. به`): the space goes back after the run.
fn move_wrapped_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\u{202A}') {
        out.push_str(&rest[..at]);
        let inside = &rest[at + '\u{202A}'.len_utf8()..];
        let Some(end) = inside.find('\u{202C}') else {
            rest = &rest[at..];
            break;
        };
        let run = &inside[..end];
        let content = run.trim_start_matches(' ');
        out.push_str(content);
        if content.len() < run.len() {
            out.push(' ');
        }
        rest = &inside[end + '\u{202C}'.len_utf8()..];
    }
    out.push_str(rest);
    out
}

/// pdftotext moves the space beside a digit run to the far side of the controls it wraps the
/// run in (`شنبه U+202A ۱۹U+202Cآبان`): a gap of spaces and controls becomes one space, and controls with
/// no space beside them are left for the normalizer (which puts a space between a number and
/// a word, and none before punctuation).
fn collapse_control_gaps(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = String::new();
    let flush = |gap: &mut String, out: &mut String| {
        if gap.contains(' ') && gap.chars().any(is_bidi_control) {
            out.push(' ');
        } else {
            out.push_str(gap);
        }
        gap.clear();
    };
    for c in text.chars() {
        if c == ' ' || is_bidi_control(c) {
            gap.push(c);
        } else {
            flush(&mut gap, &mut out);
            out.push(c);
        }
    }
    flush(&mut gap, &mut out);
    out
}

/// The letters of a word, without punctuation around it.
fn core(token: &str) -> (&str, &str, &str) {
    let start = token.find(|c: char| is_letter(c) || c == ZWNJ).unwrap_or(token.len());
    let end = token
        .rfind(|c: char| is_letter(c) || c == ZWNJ)
        .map_or(start, |e| e + token[e..].chars().next().map_or(0, char::len_utf8));
    (&token[..start], &token[start..end.max(start)], &token[end.max(start)..])
}

fn is_persian_word(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| is_letter(c) || c == ZWNJ)
}

fn known(word: &str, model: &Model) -> bool {
    model.word_cost(word).is_some()
}

/// A single letter that is no word on its own (`و` is one).
fn is_lone_letter(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c != 'و')
}

/// The word with a swapped lam-alef put back, when the word is unknown and a swap of one or
/// two `ال` gives a known word (the cheapest one).
pub(crate) fn unswap_lam_alef(word: &str, model: &Model) -> Option<String> {
    if !is_persian_word(word) || !word.contains("ال") || known(word, model) {
        return None;
    }
    let places: Vec<usize> = word.match_indices("ال").map(|(at, _)| at).collect();
    let mut candidates: Vec<Vec<usize>> = places.iter().map(|&p| vec![p]).collect();
    for (a, &p) in places.iter().enumerate() {
        for &q in &places[a + 1..] {
            if q >= p + 4 {
                candidates.push(vec![p, q]);
            }
        }
    }
    candidates
        .into_iter()
        .filter_map(|swaps| {
            let mut candidate = word.to_owned();
            for &at in &swaps {
                // ا and ل are two bytes each: the swap keeps every offset
                candidate.replace_range(at..at + 4, "لا");
            }
            model.word_cost(&candidate).map(|cost| (cost, candidate))
        })
        .min()
        .map(|(_, candidate)| candidate)
}

/// The cost of an unknown word when two ways of joining are compared.
const UNKNOWN_COST: u32 = 20_000;

fn repair_line(line: &str, model: &Model) -> String {
    // tokens between single spaces; runs of several spaces (layout) are kept as they are
    let mut tokens: Vec<String> = line
        .split(' ')
        .map(|token| {
            let (before, word, after) = core(token);
            match unswap_lam_alef(word, model) {
                Some(fixed) => format!("{before}{fixed}{after}"),
                None => token.to_owned(),
            }
        })
        .collect();
    // spaces left inside words by kashida justification: a lone letter or an unknown piece is
    // joined to the neighbour that makes the cheaper pair of known words
    let cost = |word: &str| model.word_cost(word).unwrap_or(UNKNOWN_COST);
    let mut i = 0;
    while i < tokens.len() {
        let (_, word, _) = core(&tokens[i]);
        let suspicious = is_persian_word(word) && (is_lone_letter(word) || !known(word, model));
        if !suspicious {
            i += 1;
            continue;
        }
        // (joined word, cost of the joined word with the neighbour it leaves alone, first index)
        let mut best: Option<(u32, usize)> = None;
        if i > 0 {
            if let Some(joined) = joinable(&tokens[i - 1], &tokens[i], model) {
                let rest = tokens.get(i + 1).map_or(0, |t| cost(core(t).1));
                best = Some((cost(&joined) + rest, i - 1));
            }
        }
        if i + 1 < tokens.len() {
            if let Some(joined) = joinable(&tokens[i], &tokens[i + 1], model) {
                let rest = if i > 0 { cost(core(&tokens[i - 1]).1) } else { 0 };
                if best.is_none_or(|(c, _)| cost(&joined) + rest < c) {
                    best = Some((cost(&joined) + rest, i));
                }
            }
        }
        match best {
            Some((_, first)) => {
                let second = tokens.remove(first + 1);
                tokens[first].push_str(&second);
                i = first;
            }
            None => i += 1,
        }
    }
    tokens.join(" ")
}

/// The word two tokens make written together, when nothing stands between their letters and
/// the lexicon knows it.
fn joinable(left: &str, right: &str, model: &Model) -> Option<String> {
    let (_, left_word, left_after) = core(left);
    let (right_before, right_word, _) = core(right);
    if !left_after.is_empty() || !right_before.is_empty() {
        return None;
    }
    if !is_persian_word(left_word) || !is_persian_word(right_word) {
        return None;
    }
    let joined = format!("{left_word}{right_word}");
    known(&joined, model).then_some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (PDF text, repaired, the defect)
    const CASES: &[(&str, &str, &str)] = &[
        ("جمهوری اسالمی ایران", "جمهوری اسلامی ایران", "lam-alef swapped"),
        ("ربیع‌االول ۱۴۴۶", "ربیع‌الاول ۱۴۴۶", "lam-alef swapped after the article"),
        ("«اسالمی»", "«اسلامی»", "lam-alef swapped inside quotes"),
        ("این سالم است", "این سالم است", "a known word is never swapped"),
        ("البته الان", "البته الان", "the article ال is not a swapped lam-alef"),
        ("در س تون اول", "در ستون اول", "a kashida space after a lone letter"),
        ("سازما ن ملل", "سازمان ملل", "a kashida space before a lone letter"),
        ("او و ما", "او و ما", "و is a word on its own"),
        ("می شود", "می شود", "two known words stay apart (the restorer decides on ZWNJ)"),
        ("شنبه \u{202a} ۱۹\u{202c}آبان ۱۴۰۳", "شنبه ۱۹ آبان ۱۴۰۳", "bidi controls do not glue the date"),
        ("\u{202b}است\u{202a} .\u{202c}به گفته", "است. به گفته", "bidi controls around a full stop"),
        ("ﺑﺎﯾﮕﺎﻥ ﻛﺘﺎب", "بایگان کتاب", "presentation forms and Arabic kaf"),
        ("ﻻ", "لا", "the lam-alef ligature character"),
        ("مـــدیر", "مدیر", "kashida characters"),
        ("باز ش22د و آب تنه11ا ب11ه کش11اورزی", "باز شد و آب تنها به کشاورزی", "kashida glyphs read as digits"),
        ("ش\u{202a}22\u{202c}د", "شد", "kashida glyphs read as digits, wrapped in controls"),
        ("کد11ب", "کد 11 ب", "digits after a letter that does not join on are a number"),
        ("ساعت12تا", "ساعت 12 تا", "mixed digits are a number"),
        ("see  two spaces", "see  two spaces", "layout spaces in Latin text are kept"),
    ];

    #[test]
    fn pdf_defects_are_repaired() {
        let repairer = Repairer::new();
        for (input, expected, why) in CASES {
            assert_eq!(repairer.repair(input), *expected, "{why}: {input:?}");
        }
    }

    #[test]
    fn lines_stay_lines() {
        let repairer = Repairer::new();
        assert_eq!(repairer.repair("اسالمی\nس تون\n"), "اسلامی\nستون\n");
    }
}
