//! Spelling: non-words found against the lexicon (with its affixes and compounds), candidates
//! made by the errors that really happen (dot and shape confusions, a dropped, doubled or extra
//! letter, two letters swapped, a word cut by a stray space), ranked by the language model in
//! context, and a correction only when one candidate clearly wins.
//!
//! Doing no harm comes first: a word the lexicon reads (directly, as stem + affix, or as a ZWNJ
//! compound of known parts) is never flagged as a non-word, a word after a title (`آقای`) or
//! next to another unknown word is taken for a name, and an unknown word without a close,
//! likely candidate is flagged `unknown`, never corrected.

use std::ops::Range;

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::affixes::{joined_clitic_cost, suffix_cost, PREFIXES, VERB_ENDINGS};
use crate::chars::{is_letter, is_mark, is_non_joining, ZWNJ};
use crate::model::Model;

/// What the spelling stage does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SpellingMode {
    /// No spelling stage (the default of `fix`).
    #[default]
    Off,
    /// Flag misspelled and unknown words with suggestions; change nothing.
    Flag,
    /// Correct a word when one candidate clearly wins; flag the rest.
    Fix,
}

/// Why a word is flagged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// Not a word, and a close candidate is likely: a misspelling.
    Misspelled,
    /// Not in the lexicon and nothing close is likely: a name or a rare word, not an error.
    Unknown,
}

/// A candidate for a flagged word.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The candidate as it would be written.
    pub word: String,
    /// How likely it is the intended word, 0–1.
    pub confidence: f32,
}

/// A word the spelling stage flags and leaves as it is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    /// Byte span of the word in the input.
    pub span: Range<usize>,
    /// The word as it stands in the restored text.
    pub word: String,
    /// Why it is flagged.
    pub kind: FlagKind,
    /// Candidates, most likely first (empty for unknown words).
    pub suggestions: Vec<Suggestion>,
}

/// A finding in restored text (spans in that text).
#[derive(Debug)]
pub(crate) struct Finding {
    pub span: Range<usize>,
    pub kind: FlagKind,
    pub suggestions: Vec<Suggestion>,
    /// The correction to make in `fix` mode, with its confidence.
    pub correction: Option<(String, f32)>,
}

/// Costs in milli-nats.
mod cost {
    /// A letter typed as one of its look-alikes (ب پ ت ث ن ی, ج چ ح خ, د ذ, ر ز ژ, …).
    pub const CONFUSION: u32 = 2_500;
    /// A letter dropped (ا و ی are dropped most).
    pub const DROPPED_VOWEL: u32 = 3_500;
    pub const DROPPED: u32 = 5_000;
    /// A letter typed twice.
    pub const DOUBLED: u32 = 3_000;
    /// A letter that does not belong.
    pub const EXTRA: u32 = 6_000;
    /// Two letters swapped.
    pub const SWAPPED: u32 = 6_000;
    /// A word cut in two by a stray space.
    pub const CUT: u32 = 3_000;
    /// A compound of two known parts that the lexicon does not list whole.
    pub const COMPOUND: u32 = 5_000;
    /// A plural or ezafe-like ending the affix lists do not hold (`ان`, `ات`).
    pub const PLURAL: u32 = 4_500;
    /// A personal ending after a past stem.
    pub const VERB_ENDING: u32 = 2_500;
    /// ب, ن or م before a verb form.
    pub const MOOD: u32 = 3_000;
    /// A preverb (بر, در, باز, فرو, فرا, وا, ور) before a verb.
    pub const PREVERB: u32 = 3_000;
    /// What an unknown word costs as written: a name or a rare word is about this unlikely.
    pub const UNKNOWN: u32 = 19_000;
}

/// The best candidate must be this much likelier (0–1) to be corrected in `fix` mode.
const FIX_CONFIDENCE: f32 = 0.95;
/// Share of the probability a candidate needs to be flagged `misspelled` at all.
const FLAG_CONFIDENCE: f32 = 0.5;
/// Letters in a word below which nothing is flagged: short words are too often abbreviations.
const MIN_LETTERS: usize = 3;

/// Letters that OCR and typists confuse with each other.
const CONFUSABLE: &[&str] = &["بپتثنیئ", "جچحخ", "دذ", "رزژ", "سش", "صض", "طظ", "عغ", "فق", "کگ", "اآ", "وؤ", "هة"];
/// Letters tried where one may have been dropped: the common ones, and پ, which PDF fonts lose.
const DROPPED_LETTERS: &str = "اینرهمودتبسلکشزفگپ";
/// Words after which a name follows.
const TITLES: &[&str] = &[
    "آقای",
    "خانم",
    "دکتر",
    "مهندس",
    "سردار",
    "سرلشکر",
    "سرتیپ",
    "حجت‌الاسلام",
    "آیت‌الله",
    "استاد",
    "پروفسور",
    "شهید",
    "سید",
    "سیده",
    "حاج",
    "امام",
];

/// How far [`Speller::analyse_within`] looks beyond the lexicon.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Suffixes, prefixes, mood prefixes and a preverb.
    Full,
    /// All but a preverb (after one was taken off).
    NoPreverb,
    /// The lexicon and affixes only, no compound elements: for the many candidates of an
    /// unknown word.
    Light,
}

/// Suffixes and compound elements are at most this long (`هایشان`, `کننده`, `مانند`).
const MAX_ENDING_BYTES: usize = 16;

/// A word of the text: its span and letters.
struct Word<'t> {
    span: Range<usize>,
    /// Letters without ZWNJs and marks.
    key: Cow<'t, str>,
    /// The lexicon reads it as written, and its cost.
    known: Option<u32>,
}

/// The spelling checker over a model.
pub(crate) struct Speller<'m> {
    model: &'m Model,
    /// What this thread has learned of words so far (kept from call to call, through
    /// [`SPELLING_CACHE`], as long as the model is the same).
    cache: RefCell<SpellingCache>,
}

/// Readings and candidates already worked out: news text repeats its words, names and terms.
#[derive(Default)]
struct SpellingCache {
    /// The model they were worked out with ([`Model::id`]).
    model: u64,
    /// How the lexicon reads each token seen ([`Speller::written_cost`]).
    read: FxHashMap<String, Option<u32>>,
    /// Candidates of the unknown keys, before context.
    seen: FxHashMap<String, Candidates>,
}

thread_local! {
    static SPELLING_CACHE: std::cell::Cell<Option<SpellingCache>> = const { std::cell::Cell::new(None) };
}

/// Candidates of a key on their own (channel + word cost), cheapest first.
type Candidates = Rc<[(u32, String)]>;

/// Unknown keys whose candidates, and tokens whose readings, are remembered, at most (memory
/// stays bounded on any input).
const SEEN_LIMIT: usize = 20_000;
const READ_LIMIT: usize = 200_000;
/// Candidates kept for a key before context decides among them.
const KEPT_CANDIDATES: usize = 12;

impl<'m> Speller<'m> {
    pub fn new(model: &'m Model) -> Self {
        let cache = SPELLING_CACHE
            .with(|cache| cache.take())
            .filter(|cache| cache.model == model.id())
            .unwrap_or_else(|| SpellingCache { model: model.id(), ..SpellingCache::default() });
        Speller { model, cache: RefCell::new(cache) }
    }

    /// Findings in `text` (restored text) outside `protected` ranges, in order.
    pub fn check(&self, text: &str, protected: &[Range<usize>], mode: SpellingMode) -> Vec<Finding> {
        let words = self.words(text, protected);
        // an unknown word written the same way twice is a name or a term, not a slip
        let mut unknown_keys: FxHashMap<&str, u32> = FxHashMap::default();
        for word in words.iter().filter(|w| w.known.is_none()) {
            *unknown_keys.entry(&word.key).or_default() += 1;
        }
        let mut findings = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let word = &words[i];
            let left = i.checked_sub(1).map(|p| &words[p]).filter(|p| adjacent(text, p, word));
            let right = words.get(i + 1).filter(|n| adjacent(text, word, n));
            // a word cut by a stray space: two parts, one unknown and the other unknown or a
            // letter or two, make a known word
            let short = |w: &Word| w.key.chars().count() <= 2;
            let cut = right.filter(|r| {
                (word.known.is_none() && (r.known.is_none() || short(r))) || (r.known.is_none() && short(word))
            });
            if let Some(next) = cut {
                let joined = format!("{}{}", word.key, next.key);
                if let Some((_, spelled)) = self.analyse(&joined).filter(|(cost, _)| cost + cost::CUT < cost::UNKNOWN) {
                    let confidence = 0.97;
                    findings.push(Finding {
                        span: word.span.start..next.span.end,
                        kind: FlagKind::Misspelled,
                        suggestions: vec![Suggestion { word: spelled.clone(), confidence }],
                        correction: (mode == SpellingMode::Fix).then_some((spelled, confidence)),
                    });
                    i += 2;
                    continue;
                }
            }
            if word.known.is_some() || word.key.chars().count() < MIN_LETTERS {
                i += 1;
                continue;
            }
            // a name: after a title, beside another unknown word (`ریسپانسیبل استیت`), or repeated
            let after_title = left.is_some_and(|l| TITLES.iter().any(|t| same_letters(t, &l.key)));
            let beside_unknown = left.is_some_and(|l| l.known.is_none()) || right.is_some_and(|r| r.known.is_none());
            let repeated = unknown_keys.get(&*word.key).is_some_and(|&n| n > 1);
            let context = (left.map(|l| &text[l.span.clone()]), right.map(|r| &text[r.span.clone()]));
            let candidates = self.candidates(&word.key, context);
            findings.push(self.judge(word, candidates, after_title || beside_unknown || repeated, mode));
            i += 1;
        }
        findings
    }

    /// The Persian words of `text`: runs of letters, marks and ZWNJs not touching digits, Latin
    /// letters or protected text.
    fn words<'t>(&self, text: &'t str, protected: &[Range<usize>]) -> Vec<Word<'t>> {
        let mut words = Vec::new();
        let mut start = None;
        let mut protected = protected.iter().peekable();
        // words repeat: each spelling is read once
        let mut cache = self.cache.borrow_mut();
        if cache.read.len() >= READ_LIMIT {
            cache.read.clear();
        }
        let is_word_char = |c: char| is_letter(c) || is_mark(c) || c == ZWNJ;
        let mut end_word = |start: usize, end: usize, words: &mut Vec<Word<'t>>| {
            let token = &text[start..end];
            let touches_other = text[..start].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_')
                || text[end..].chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_');
            while protected.peek().is_some_and(|p| p.end <= start) {
                protected.next();
            }
            let in_protected = protected.peek().is_some_and(|p| p.start < end);
            if touches_other || in_protected {
                return;
            }
            let key = letters_of(token);
            if key.is_empty() {
                return;
            }
            let known = match cache.read.get(token) {
                Some(&known) => known,
                None => {
                    let known = self.written_cost(token);
                    cache.read.insert(token.to_owned(), known);
                    known
                }
            };
            words.push(Word { span: start..end, key, known });
        };
        for (i, c) in text.char_indices() {
            match (is_word_char(c), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    end_word(s, i, &mut words);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            end_word(s, text.len(), &mut words);
        }
        words
    }

    /// Whether the lexicon reads `word` (whole, as stem and affixes, or as a compound).
    pub fn is_word(&self, word: &str) -> bool {
        self.written_cost(word).is_some()
    }

    /// The cost of a word as written, when the lexicon reads it: whole, as stem and affixes, or
    /// as a ZWNJ compound of parts it reads.
    fn written_cost(&self, word: &str) -> Option<u32> {
        if let Some((cost, _)) = self.analyse(&letters_of(word)) {
            return Some(cost);
        }
        if !word.contains(ZWNJ) {
            return None;
        }
        word.split(ZWNJ).try_fold(cost::COMPOUND, |sum, part| {
            let part = letters_of(part);
            // a lone letter between ZWNJs is no part of a compound
            (part.chars().count() >= 2).then(|| self.analyse(&part)).flatten().map(|(cost, _)| sum + cost)
        })
    }

    /// Reads a key (letters only) as a word: its cost and how it is spelled with ZWNJs.
    fn analyse(&self, key: &str) -> Option<(u32, String)> {
        self.analyse_within(key, Reading::Full)
    }

    /// [`Speller::analyse`], with the readings `depth` allows.
    fn analyse_within(&self, key: &str, depth: Reading) -> Option<(u32, String)> {
        let spelled = |key: &str| self.model.lookup(key).next().map(|(_, s)| (s.cost, with_zwnjs(key, s.zwnj_mask)));
        // a word the lexicon lists whole is read so; affix readings would only cost more
        let mut best = spelled(key);
        if best.is_some() {
            return best;
        }
        let mut consider = |cost: u32, text: String| {
            if best.as_ref().is_none_or(|(b, _)| cost < *b) {
                best = Some((cost, text));
            }
        };
        for (j, _) in key.char_indices().skip(2) {
            let (stem, rest) = key.split_at(j);
            if rest.len() > MAX_ENDING_BYTES {
                continue;
            }
            let last = stem.chars().next_back().expect("a stem of two letters");
            let joiner = if is_non_joining(last) { "" } else { "\u{200c}" };
            let reading = if let Some(affix) = suffix_cost(rest, last) {
                Some((affix, joiner))
            } else if let Some(affix) = joined_clitic_cost(rest, 'ا').filter(|_| rest != "ی" || last != 'ی') {
                // a clitic joined even after ه (`گناهش`, `اندوهم`): not an error, whatever the ه
                Some((affix, ""))
            } else if matches!(rest, "ان" | "یان" | "ات") {
                Some((cost::PLURAL, ""))
            } else if rest == "گان" {
                // `دونده` → `دوندگان`: the ه gives way to گ
                let stem_with_he = format!("{stem}ه");
                if let Some((cost, spelled_stem)) = spelled(&stem_with_he) {
                    let spelled_stem = spelled_stem.strip_suffix('ه').unwrap_or(&spelled_stem).to_owned();
                    consider(cost + cost::PLURAL, format!("{spelled_stem}گان"));
                }
                None
            } else if VERB_ENDINGS.contains(&rest) && matches!(last, 'د' | 'ت') {
                // a past stem with its personal ending (`خندیدند`, `آشامیدند`)
                Some((cost::VERB_ENDING, ""))
            } else if depth != Reading::Light && joiner.is_empty() {
                // a compound element written fused only where no ZWNJ is needed (`شهرساز`); after
                // a joining letter the restorer would have put one in, had it read a compound
                self.model.element(rest).map(|element| (element.cost + cost::COMPOUND, joiner))
            } else {
                None
            };
            if let Some((affix, joiner)) = reading {
                if let Some((cost, stem)) = spelled(stem) {
                    consider(cost + affix, format!("{stem}{joiner}{rest}"));
                }
            }
        }
        if depth == Reading::Light {
            return best;
        }
        for &(prefix, penalty) in PREFIXES {
            let Some(rest) = key.strip_prefix(prefix) else { continue };
            if rest.chars().count() < 2 {
                continue;
            }
            let reading = spelled(rest).or_else(|| {
                VERB_ENDINGS.iter().find_map(|ending| {
                    let stem = rest.strip_suffix(ending)?;
                    let (cost, stem) = spelled(stem).filter(|_| stem.chars().count() >= 2)?;
                    Some((cost + cost::VERB_ENDING, format!("{stem}{ending}")))
                })
            });
            if let Some((cost, rest)) = reading {
                consider(cost + penalty, format!("{prefix}\u{200c}{rest}"));
            }
        }
        // subjunctive, negative and prohibitive verbs: ب, ن, م before a verb form
        for mood in ["ب", "ن", "م"] {
            let Some(rest) = key.strip_prefix(mood) else { continue };
            let verbal = ["د", "ن", "م", "ی", "ه", "یم", "ید", "ند"].iter().any(|e| rest.ends_with(e));
            if verbal && rest.chars().count() >= 2 {
                if let Some((cost, rest)) = spelled(rest) {
                    consider(cost + cost::MOOD, format!("{mood}{rest}"));
                }
                // a present stem with its ending (`بدوزند`, `نگذرد`); the rare prohibitive م
                // only before a whole verb form
                for ending in VERB_ENDINGS.iter().filter(|_| mood != "م") {
                    let Some(stem) = rest.strip_suffix(ending).filter(|s| s.chars().count() >= 2) else { continue };
                    if let Some((cost, stem)) = spelled(stem) {
                        consider(cost + cost::MOOD + cost::VERB_ENDING, format!("{mood}{stem}{ending}"));
                    }
                }
            }
        }
        if depth == Reading::Full {
            for verb_prefix in ["بر", "در", "باز", "فرو", "فرا", "وا", "ور"] {
                let Some(rest) = key.strip_prefix(verb_prefix) else { continue };
                if rest.chars().count() >= 2 {
                    if let Some((cost, rest)) = self.analyse_within(rest, Reading::NoPreverb) {
                        consider(cost + cost::PREVERB, format!("{verb_prefix}{rest}"));
                    }
                }
            }
        }
        best
    }

    /// Candidates for an unknown key with their total cost (channel + word + context), cheapest
    /// first; `context` holds the words before and after it.
    fn candidates(&self, key: &str, context: (Option<&str>, Option<&str>)) -> Vec<(i64, String)> {
        let known = self.cache.borrow().seen.get(key).cloned();
        let raw = known.unwrap_or_else(|| {
            let raw: Candidates = self.candidates_alone(key).into();
            let seen = &mut self.cache.borrow_mut().seen;
            if seen.len() >= SEEN_LIMIT {
                seen.clear();
            }
            seen.insert(key.to_owned(), raw.clone());
            raw
        });
        let mut found: Vec<(i64, String)> = raw
            .iter()
            .map(|(cost, word)| (i64::from(*cost) + self.context_cost(word, context), word.clone()))
            .collect();
        found.sort();
        found
    }

    /// The likeliest candidates of a key on their own: channel + word cost, cheapest first.
    fn candidates_alone(&self, key: &str) -> Vec<(u32, String)> {
        let letters: Vec<char> = key.chars().collect();
        let mut found: Vec<(u32, String)> = Vec::new();
        let mut buffer = String::with_capacity(key.len() + 4);
        let mut try_key = |candidate: &mut dyn FnMut(&mut String), channel: u32| {
            buffer.clear();
            candidate(&mut buffer);
            if let Some((cost, spelled)) = self.analyse_within(&buffer, Reading::Light) {
                let total = channel + cost;
                match found.iter_mut().find(|(_, s)| *s == spelled) {
                    Some(existing) => existing.0 = existing.0.min(total),
                    None => found.push((total, spelled)),
                }
            }
        };
        for i in 0..letters.len() {
            // a letter typed as a look-alike
            if let Some(group) = CONFUSABLE.iter().find(|g| g.contains(letters[i])) {
                for other in group.chars().filter(|&c| c != letters[i]) {
                    try_key(
                        &mut |b| b.extend(letters[..i].iter().chain([&other]).chain(&letters[i + 1..])),
                        cost::CONFUSION,
                    );
                }
            }
            // a letter too many: typed twice, or stray
            let doubled = (i > 0 && letters[i - 1] == letters[i]) || letters.get(i + 1) == Some(&letters[i]);
            let channel = if doubled { cost::DOUBLED } else { cost::EXTRA };
            try_key(&mut |b| b.extend(letters[..i].iter().chain(&letters[i + 1..])), channel);
            // two letters swapped
            if i + 1 < letters.len() && letters[i] != letters[i + 1] {
                try_key(
                    &mut |b| {
                        b.extend(letters[..i].iter().chain([&letters[i + 1], &letters[i]]).chain(&letters[i + 2..]))
                    },
                    cost::SWAPPED,
                );
            }
        }
        // a letter dropped
        for i in 0..=letters.len() {
            for added in DROPPED_LETTERS.chars() {
                let channel = if matches!(added, 'ا' | 'و' | 'ی') { cost::DROPPED_VOWEL } else { cost::DROPPED };
                try_key(&mut |b| b.extend(letters[..i].iter().chain([&added]).chain(&letters[i..])), channel);
            }
        }
        found.sort();
        found.truncate(KEPT_CANDIDATES);
        found
    }

    /// How much better (negative) or worse a word fits between its neighbours than alone:
    /// ln P(word) - ln P(word | left) + ln P(right) - ln P(right | word), where the model knows
    /// the pairs.
    fn context_cost(&self, word: &str, (left, right): (Option<&str>, Option<&str>)) -> i64 {
        let model = self.model;
        let Some(own) = model.word_cost(word) else { return 0 };
        let with_left = left.and_then(|l| Some(i64::from(model.pair_cost(l, word)?) - i64::from(own)));
        let with_right =
            right.and_then(|r| Some(i64::from(model.pair_cost(word, r)?) - i64::from(model.word_cost(r)?)));
        with_left.unwrap_or(0) + with_right.unwrap_or(0)
    }

    /// Decides between the word as written and its candidates.
    fn judge(&self, word: &Word, candidates: Vec<(i64, String)>, name_like: bool, mode: SpellingMode) -> Finding {
        const SUGGESTIONS: usize = 3;
        // the written word is an unknown word: a name or a rare word, in any context
        // the word as written: a name or a rare word, which costs about this much
        let written = i64::from(cost::UNKNOWN + if name_like { 4_000 } else { 0 });
        let floor = candidates.first().map_or(written, |(c, _)| (*c).min(written));
        let weight = |cost: i64| (-((cost - floor) as f64) / 1000.0).exp();
        let total: f64 = weight(written) + candidates.iter().map(|(c, _)| weight(*c)).sum::<f64>();
        let suggestions: Vec<Suggestion> = candidates
            .iter()
            .take(SUGGESTIONS)
            .map(|(c, w)| Suggestion { word: w.clone(), confidence: (weight(*c) / total) as f32 })
            .collect();
        let best = suggestions.first().map_or(0.0, |s| s.confidence);
        let kind = if !name_like && best >= FLAG_CONFIDENCE { FlagKind::Misspelled } else { FlagKind::Unknown };
        let correction = (mode == SpellingMode::Fix && kind == FlagKind::Misspelled && best >= FIX_CONFIDENCE)
            .then(|| (suggestions[0].word.clone(), best));
        let suggestions = if kind == FlagKind::Unknown {
            suggestions.into_iter().filter(|s| s.confidence >= 0.2).collect()
        } else {
            suggestions
        };
        Finding { span: word.span.clone(), kind, suggestions, correction }
    }
}

impl Drop for Speller<'_> {
    fn drop(&mut self) {
        let cache = std::mem::take(self.cache.get_mut());
        SPELLING_CACHE.with(|spare| spare.set(Some(cache)));
    }
}

/// The letters of a word, without ZWNJs and marks (borrowed when it has none).
fn letters_of(word: &str) -> Cow<'_, str> {
    if word.chars().all(is_letter) {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.chars().filter(|&c| is_letter(c)).collect())
    }
}

/// Whether two words stand next to each other with only spaces between.
fn adjacent(text: &str, left: &Word, right: &Word) -> bool {
    text[left.span.end..right.span.start].chars().all(|c| c == ' ')
}

/// Whether two texts have the same letters (ZWNJs, spaces, marks and punctuation aside).
pub(crate) fn same_letters(a: &str, b: &str) -> bool {
    a.chars().filter(|&c| is_letter(c)).eq(b.chars().filter(|&c| is_letter(c)))
}

/// A key written with a ZWNJ after every letter whose bit is set in `mask`.
fn with_zwnjs(key: &str, mask: u64) -> String {
    let mut out = String::with_capacity(key.len() + 6);
    for (i, c) in key.chars().enumerate() {
        out.push(c);
        if mask & (1 << i) != 0 {
            out.push(ZWNJ);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, mode: SpellingMode) -> Vec<(String, FlagKind, Option<String>)> {
        let model = Model::embedded();
        let speller = Speller::new(&model);
        let found = speller.check(text, &[], mode);
        found.into_iter().map(|f| (text[f.span].to_owned(), f.kind, f.correction.map(|(c, _)| c))).collect()
    }

    #[test]
    fn known_words_and_forms_are_not_flagged() {
        for text in ["دولت این طرح را اجرا می‌کند", "کتاب‌هایشان", "بین‌المللی", "گفت‌وگو", "نمی‌توانستند"]
        {
            assert_eq!(check(text, SpellingMode::Fix), [], "{text}");
        }
    }

    #[test]
    fn seed_misspellings_are_corrected() {
        let fixed = |text: &str, want: &str| {
            let found = check(text, SpellingMode::Fix);
            assert!(
                found.iter().any(|(_, k, c)| *k == FlagKind::Misspelled && c.as_deref() == Some(want)),
                "{text}: {found:?}"
            );
        };
        fixed("تشدید تگرانی در منطقه", "نگرانی");
        fixed("خواستار اذغام مجدد سرزمین‌ها شد", "ادغام");
    }

    #[test]
    fn what_a_thread_remembers_changes_no_finding() {
        let text = "تشدید تگرانی در منطقه و آقای هوچستین گفت";
        let first = check(text, SpellingMode::Fix);
        assert!(!first.is_empty());
        check("خواستار اذغام مجدد سرزمین‌ها شد و هوچستین و تگرانی", SpellingMode::Flag);
        assert_eq!(check(text, SpellingMode::Fix), first);
    }

    #[test]
    fn names_are_unknown_not_wrong() {
        let found = check("آقای هوچستین گفت", SpellingMode::Fix);
        assert!(found.iter().all(|(_, k, c)| *k == FlagKind::Unknown && c.is_none()), "{found:?}");
    }
}
