//! The Persian analyzer: one code path for documents and queries, so that every spelling of a
//! word meets every other.
//!
//! A word's letters are folded (Arabic ي ك ة أ إ ؤ ئ and آ to their plain Persian letters, Persian
//! and Arabic-Indic digits to ASCII, diacritics, kashida and ZWNJ dropped, Latin lower-cased).
//! A word made of parts — joined by ZWNJs (`رئیس‌جمهور`, `کتاب‌ها`, `می‌کند`), or fused where
//! the lexicon also knows it with ZWNJs (`رئیسجمهور`, `آنها`) — yields its whole form at its first position
//! and its parts at consecutive positions; a word written apart (`رئیس جمهور`) yields the same
//! parts, and where the lexicon knows the compound, its whole form at the first part's position
//! too ([`crate::compounds`]). So a whole-word query matches the whole token (or, for a compound
//! the lexicon does not know, the phrase of parts), and a phrase query over parts matches all
//! three spellings. A plural or comparative ending the lexicon reads (`خودروها` → `خودرو`) also
//! yields the stem at the same position. No stop words: every verb stays searchable.

use std::sync::Arc;

use bayegan_text::{digit_value, is_letter, is_mark, is_non_joining, Model, ZWNJ};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::compounds::compounds;

/// Name under which the analyzer is registered with tantivy.
pub const TOKENIZER_NAME: &str = "bayegan_persian";

/// Endings whose stem is indexed beside the word when the lexicon reads the stem.
pub(crate) const STEMMED_ENDINGS: &[&str] = &["هایی", "های", "ها", "ترین", "تر"];

/// One analysed word: where it stands and the forms it is indexed under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Byte range of the word in the analysed text.
    pub span: std::ops::Range<usize>,
    /// The folded word, parts joined.
    pub whole: String,
    /// The folded parts (one when the word has none).
    pub parts: Vec<String>,
    /// A stem the lexicon reads under a plural or comparative ending, when there is one.
    pub stem: Option<String>,
}

/// The analyzer, cheap to clone (the model is shared).
#[derive(Clone, Debug)]
pub struct PersianAnalyzer {
    model: Arc<Model>,
}

impl Default for PersianAnalyzer {
    fn default() -> Self {
        PersianAnalyzer { model: Model::embedded() }
    }
}

/// Folds one character for matching; None drops it.
pub(crate) fn fold(c: char) -> Option<char> {
    Some(match c {
        'ي' | 'ى' | 'ئ' | 'ی' => 'ی',
        'ك' | 'ک' => 'ک',
        'ة' | 'ۀ' | 'ه' => 'ه',
        'أ' | 'إ' | 'ٱ' | 'آ' | 'ا' => 'ا',
        'ؤ' | 'و' => 'و',
        '\u{0640}' | ZWNJ => return None,
        _ if is_mark(c) => return None,
        _ if is_letter(c) => c,
        _ if c.is_ascii() => c.to_ascii_lowercase(),
        _ => match digit_value(c) {
            Some(d) => char::from_digit(d, 10)?,
            None => c.to_lowercase().next().unwrap_or(c),
        },
    })
}

pub(crate) fn folded(text: &str) -> String {
    text.chars().filter_map(fold).collect()
}

/// Characters that belong to a word: letters of any script, marks, digits, ZWNJ, kashida.
pub(crate) fn in_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    is_letter(c) || is_mark(c) || c == ZWNJ || c == '\u{0640}' || digit_value(c).is_some() || c.is_alphanumeric()
}

impl PersianAnalyzer {
    /// An analyzer over another model than the embedded one.
    pub fn with_model(model: Arc<Model>) -> Self {
        PersianAnalyzer { model }
    }

    /// The words of `text`, in order.
    pub fn words(&self, text: &str) -> Vec<Word> {
        let mut words = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (in_word(c) && i < text.len(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    if let Some(word) = self.word(text, s..i) {
                        words.push(word);
                    }
                    start = None;
                }
                _ => {}
            }
        }
        words
    }

    fn word(&self, text: &str, span: std::ops::Range<usize>) -> Option<Word> {
        let raw = text[span.clone()].trim_matches(ZWNJ);
        let whole = folded(raw);
        if whole.is_empty() {
            return None;
        }
        let persian = raw.chars().any(is_letter);
        let mut parts: Vec<String> = raw.split(ZWNJ).map(folded).filter(|p| !p.is_empty()).collect();
        if persian && parts.len() == 1 {
            // fused where the lexicon also writes ZWNJs: `رئیسجمهور`, `میکند`, `آنها`
            // unless it is a plural or comparative after a letter that does not join, where no
            // ZWNJ belongs: `روزهای` is `روز` + `های`, not `روزه‌ای`
            let plural = self.ending_after_non_joining(&whole);
            if let Some(spelled) = self.model.zwnj_spelling(raw).filter(|_| !plural) {
                parts = spelled.split(ZWNJ).map(folded).filter(|p| !p.is_empty()).collect();
            }
        }
        let stem = if persian { self.stem(&whole, &parts) } else { None };
        Some(Word { span, whole, parts, stem })
    }

    /// Whether a word is a stem the lexicon knows, ending in a letter that does not join, and a
    /// plural or comparative ending.
    fn ending_after_non_joining(&self, whole: &str) -> bool {
        STEMMED_ENDINGS.iter().any(|ending| {
            whole.strip_suffix(ending).is_some_and(|stem| {
                stem.chars().count() >= 2
                    && stem.chars().next_back().is_some_and(is_non_joining)
                    && self.model.word_cost(stem).is_some()
            })
        })
    }

    /// The stem under a plural or comparative ending, when the lexicon reads it. After a joining
    /// letter a careful writer puts a ZWNJ before the ending, and the parts stand for the stem;
    /// a fused word the lexicon knows whole there is mostly no stem and ending (`دکتر`, `دفتر`,
    /// `بهتر`), so only an unknown one is cut.
    fn stem(&self, whole: &str, parts: &[String]) -> Option<String> {
        if parts.len() > 1 {
            // `کتاب‌ها`: the first part already stands for the stem
            return None;
        }
        STEMMED_ENDINGS.iter().find_map(|ending| {
            let stem = whole.strip_suffix(ending)?;
            let after_joining = stem.chars().next_back().is_some_and(|c| !is_non_joining(c));
            if after_joining && self.model.word_cost(whole).is_some() {
                return None;
            }
            (stem.chars().count() >= 2 && self.model.word_cost(stem).is_some()).then(|| stem.to_owned())
        })
    }
}

/// The analyzer as a tantivy tokenizer: per word, the whole form and its stem at the word's
/// first position, and its parts at consecutive positions; and the whole form of a lexicon
/// compound written apart at its first part's position ([`crate::compounds`]).
impl Tokenizer for PersianAnalyzer {
    type TokenStream<'a> = PersianTokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PersianTokens {
        let mut tokens = Vec::new();
        let mut position = 0;
        for word in self.words(text) {
            let token = |text: String, position: usize| Token {
                offset_from: word.span.start,
                offset_to: word.span.end,
                position,
                text,
                position_length: 1,
            };
            if word.parts.len() > 1 {
                tokens.push(token(word.whole.clone(), position));
            }
            if let Some(stem) = &word.stem {
                tokens.push(token(stem.clone(), position));
            }
            for (i, part) in word.parts.iter().enumerate() {
                tokens.push(token(part.clone(), position + i));
            }
            position += word.parts.len();
        }
        PersianTokens { tokens: compounds().join(tokens), next: 0, current: Token::default() }
    }
}

/// The tokens of one text.
pub struct PersianTokens {
    tokens: Vec<Token>,
    next: usize,
    current: Token,
}

impl TokenStream for PersianTokens {
    fn advance(&mut self) -> bool {
        match self.tokens.get_mut(self.next) {
            Some(token) => {
                self.current = std::mem::take(token);
                self.next += 1;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(String, usize)> {
        let mut analyzer = PersianAnalyzer::default();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.position));
        }
        out
    }

    #[test]
    fn the_three_spellings_of_a_compound_share_their_parts() {
        let zwnj = tokens("رئیس‌جمهور گفت");
        let fused = tokens("رئیسجمهور گفت");
        let spaced = tokens("رئیس جمهور گفت");
        assert_eq!(zwnj, fused);
        // the lexicon knows the compound: written apart, its whole form is indexed too
        let sorted = |mut t: Vec<(String, usize)>| {
            t.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
            t
        };
        assert_eq!(sorted(zwnj.clone()), sorted(spaced));
        assert!(zwnj.contains(&("رییسجمهور".into(), 0)));
    }

    #[test]
    fn a_compound_written_apart_is_joined_at_its_first_part() {
        // letters folded as the index folds them: `رییس` for `رئیس`
        assert_eq!(
            tokens("گفت رییس جمهور"),
            [("گفت".into(), 0), ("رییس".into(), 1), ("رییسجمهور".into(), 1), ("جمهور".into(), 2)]
        );
        // after a word of parts: `نمی` + `دانم` at 0 and 1, `می` + `کند` at 2 and 3
        let t = tokens("نمی‌دانم می کند");
        assert!(t.contains(&("میکند".into(), 2)), "{t:?}");
        // one form once at a position
        let t = tokens("رئیس‌جمهور");
        assert_eq!(t.iter().filter(|(w, _)| w == "رییسجمهور").count(), 1, "{t:?}");
        // words that are no compound of the lexicon stay apart
        let t = tokens("کتاب جمهور");
        assert!(!t.iter().any(|(w, _)| w == "کتابجمهور"), "{t:?}");
    }

    #[test]
    fn letters_and_digits_fold() {
        assert_eq!(tokens("كتاب ۱۴۰۳"), tokens("کتاب 1403"));
        assert_eq!(tokens("يك"), tokens("یک"));
        assert_eq!(tokens("١٤٠٣"), tokens("1403"));
        assert_eq!(tokens("مـــدرسه"), tokens("مدرسه"));
    }

    #[test]
    fn verbs_are_not_stop_words() {
        let t = tokens("می‌کند");
        assert!(t.iter().any(|(w, _)| w == "میکند"), "{t:?}");
        assert!(t.iter().any(|(w, _)| w == "کند"), "{t:?}");
    }

    #[test]
    fn plural_stems_are_indexed_beside_the_word() {
        let t = tokens("خودروها");
        assert!(t.contains(&("خودروها".into(), 0)) && t.contains(&("خودرو".into(), 0)), "{t:?}");
        let t = tokens("روزهای");
        assert!(t.contains(&("روز".into(), 0)) && !t.iter().any(|(w, _)| w == "روزه"), "{t:?}");
    }

    #[test]
    fn words_that_only_look_like_a_stem_and_an_ending_are_not_cut() {
        for (word, not_a_stem) in [("دکتر", "دک"), ("دفتر", "دف"), ("بهتر", "به"), ("تنها", "تن")]
        {
            let t = tokens(word);
            assert!(!t.iter().any(|(w, _)| w == not_a_stem), "{word}: {t:?}");
        }
    }
}
