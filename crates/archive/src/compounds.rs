//! The lexicon's ZWNJ compounds, as sequences of folded parts, so that a compound written apart
//! (`رئیس جمهور`) is also indexed under its whole form and a query word needs no phrase of its
//! parts.
//!
//! The analyzer yields a compound's parts at consecutive positions. Wherever the tokens at
//! consecutive positions spell the folded parts of a ZWNJ spelling in the lexicon, the joined
//! form is also indexed at the first of those positions. A query word whose parts are such a
//! sequence is then found by its whole form alone: every place where its parts stand together
//! holds the whole form too. Which sequences are joined depends on the lexicon only through the
//! folded parts, on both sides alike, so `رییس جمهور` meets `رئیس‌جمهور`; an archive records the
//! [`Compounds::fingerprint`] it was built with, and one built with another lexicon keeps
//! searching the phrase of parts.

use std::hash::Hasher;
use std::ops::Range;
use std::sync::OnceLock;

use bayegan_text::ZWNJ;
use rustc_hash::{FxHashMap, FxHasher};
use tantivy::tokenizer::Token;

use crate::analyzer::folded;

/// The hash of a sequence of folded parts, built a part at a time.
#[derive(Clone, Default)]
struct SequenceHash(FxHasher);

impl SequenceHash {
    fn with(&self, part: &str) -> SequenceHash {
        let mut next = self.clone();
        next.0.write(part.as_bytes());
        next.0.write_u8(0xff);
        next
    }

    fn value(&self) -> u64 {
        self.0.finish()
    }
}

/// A whole compound ends with this sequence.
const WHOLE: u8 = 1;
/// A longer compound starts with this sequence.
const PREFIX: u8 = 2;

/// The ZWNJ compounds of the lexicon by the hash of their folded parts.
pub(crate) struct Compounds {
    /// [`WHOLE`] and [`PREFIX`] flags of each sequence of parts that is a compound or begins one.
    sequences: FxHashMap<u64, u8>,
    /// Parts of the longest compound.
    longest: usize,
    /// Identifies the set: an archive records it and joins compounds in queries only when its
    /// own is the same.
    fingerprint: u64,
}

/// The compounds of the embedded lexicon, read once per process.
pub(crate) fn compounds() -> &'static Compounds {
    static COMPOUNDS: OnceLock<Compounds> = OnceLock::new();
    COMPOUNDS.get_or_init(|| Compounds::from_spellings(bayegan_text::Model::embedded_zwnj_spellings()))
}

impl Compounds {
    /// The compounds among some spellings: every spelling with a ZWNJ whose folded parts are
    /// two or more.
    fn from_spellings<'a>(spellings: impl Iterator<Item = &'a str>) -> Compounds {
        let mut sequences = FxHashMap::default();
        let mut longest = 0;
        // a new salt when what is joined changes for the same lexicon
        let mut fingerprint = SequenceHash::default().with("compounds/1");
        for spelling in spellings {
            if !spelling.contains(ZWNJ) {
                continue;
            }
            let parts: Vec<String> = spelling.split(ZWNJ).map(folded).filter(|p| !p.is_empty()).collect();
            if parts.len() < 2 {
                continue;
            }
            longest = longest.max(parts.len());
            let mut hash = SequenceHash::default();
            for (i, part) in parts.iter().enumerate() {
                hash = hash.with(part);
                let flag = if i + 1 == parts.len() { WHOLE } else { PREFIX };
                *sequences.entry(hash.value()).or_insert(0) |= flag;
            }
            fingerprint.0.write_u64(hash.value());
        }
        Compounds { sequences, longest, fingerprint: fingerprint.value() }
    }

    /// Identifies the set of compounds (and how they are joined).
    pub(crate) fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Whether these folded parts are a compound the index joins.
    pub(crate) fn contains(&self, parts: &[String]) -> bool {
        if parts.len() < 2 || parts.len() > self.longest {
            return false;
        }
        let hash = parts.iter().fold(SequenceHash::default(), |hash, part| hash.with(part));
        self.sequences.get(&hash.value()).is_some_and(|flags| flags & WHOLE != 0)
    }

    /// Adds to `tokens` (ordered by position, every position from 0 on holding at least one)
    /// the joined form of every run of tokens at consecutive positions that spells a compound,
    /// at the run's first position, after the tokens already there. Every token at a position
    /// is tried, as a phrase query would match any of them.
    pub(crate) fn join(&self, tokens: Vec<Token>) -> Vec<Token> {
        // the tokens of each position
        let mut groups: Vec<Range<usize>> = Vec::new();
        for (i, token) in tokens.iter().enumerate() {
            match groups.last_mut() {
                Some(group) if tokens[group.start].position == token.position => group.end = i + 1,
                _ => groups.push(i..i + 1),
            }
        }
        let mut run = Run {
            compounds: self,
            tokens: &tokens,
            groups: &groups,
            start: 0,
            text: String::new(),
            joined: Vec::new(),
        };
        for start in 0..groups.len() {
            let found = run.joined.len();
            run.start = start;
            run.walk(start, &SequenceHash::default());
            // a run may spell a form already at its position (the whole of a ZWNJ word)
            let there = &tokens[groups[start].clone()];
            let mut i = found;
            while i < run.joined.len() {
                let text = &run.joined[i].text;
                if there.iter().any(|t| &t.text == text) || run.joined[found..i].iter().any(|t| &t.text == text) {
                    run.joined.remove(i);
                } else {
                    i += 1;
                }
            }
        }
        let joined = run.joined;
        if joined.is_empty() {
            return tokens;
        }
        let mut out = Vec::with_capacity(tokens.len() + joined.len());
        let mut extra = joined.into_iter().peekable();
        let mut tokens = tokens.into_iter().peekable();
        while let Some(token) = tokens.next() {
            let position = token.position;
            out.push(token);
            if tokens.peek().is_none_or(|next| next.position != position) {
                while let Some(token) = extra.next_if(|t| t.position == position) {
                    out.push(token);
                }
            }
        }
        out
    }
}

/// The search for compounds from one position.
struct Run<'a> {
    compounds: &'a Compounds,
    tokens: &'a [Token],
    /// The tokens of each position.
    groups: &'a [Range<usize>],
    /// The run's first position.
    start: usize,
    /// The run's tokens joined.
    text: String,
    /// Joined forms found, in order of position.
    joined: Vec<Token>,
}

impl Run<'_> {
    /// Extends the run with each token at position `next`.
    fn walk(&mut self, next: usize, hash: &SequenceHash) {
        if next == self.groups.len() || next - self.start == self.compounds.longest {
            return;
        }
        for token in &self.tokens[self.groups[next].clone()] {
            let hash = hash.with(&token.text);
            let Some(&flags) = self.compounds.sequences.get(&hash.value()) else { continue };
            let before = self.text.len();
            self.text.push_str(&token.text);
            if flags & WHOLE != 0 && next > self.start {
                let first = &self.tokens[self.groups[self.start].start];
                self.joined.push(Token {
                    offset_from: first.offset_from,
                    offset_to: token.offset_to,
                    position: first.position,
                    text: self.text.clone(),
                    position_length: 1,
                });
            }
            if flags & PREFIX != 0 {
                self.walk(next + 1, &hash);
            }
            self.text.truncate(before);
        }
    }
}
