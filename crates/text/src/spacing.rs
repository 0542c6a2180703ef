//! ZWNJ and space restoration: the second stage of restoration.
//!
//! Text is cut into *chunks*: runs of Persian words separated by single spaces. In a chunk every
//! boundary between two letters is observed as nothing, a space or a ZWNJ, and the true boundary
//! is one of the same three. The stage finds the most probable reading of the chunk with a
//! Viterbi search over a lattice of words:
//!
//! * a word spans one to three observed tokens (`می کند` may be one word) or, when a token is
//!   unknown, part of one (`دواصل` may be two words);
//! * its spellings come from the lexicon (by letters, ignoring ZWNJ), from affix analysis of an
//!   unknown word (`کریستال` + `های`), or from the token as written;
//! * a reading costs the words' bigram costs plus a channel cost for every boundary it changes
//!   (a lost ZWNJ is cheap to assume, an invented word break is dear); the channel costs come
//!   from what the text shows of its damage ([`Evidence`]).
//!
//! Tokens with one reading, as written, cut a chunk into parts decoded on their own; a chunk
//! whose word breaks moved is decoded again. Only boundaries change: letters are never added,
//! removed or reordered here.

use std::borrow::Cow;
use std::ops::Range;

use crate::affixes::{joined_clitic_cost, suffix_cost, PREFIXES, VERB_ENDINGS};
use crate::chars::{is_letter, is_mark, is_non_joining, ZWNJ, ZWNJ_STR};
use crate::edit::EditKind;
use crate::model::{key_hash, KeyInfo, Model, SpellingId, MAX_LETTERS};
use crate::normalize::Change;

/// Arabic prepositions, which Persian text quotes with their pronoun joined (`فیها`, `عنها`).
const ARABIC_PREPOSITIONS: &[&str] = &["فی", "عن", "من", "الی", "لدی", "تحت", "فوق", "عند", "مع", "حول"];

/// Channel and word costs, milli-nats.
mod cost {
    /// A ZWNJ the text lost (PDF extraction drops them all).
    pub const ZWNJ_DROPPED: u32 = 500;
    /// A ZWNJ typed as a space.
    pub const ZWNJ_AS_SPACE: u32 = 1_500;
    /// A space typed inside a word after a non-joining letter (`دیوار ها`).
    pub const SPACE_AFTER_NON_JOINER: u32 = 4_000;
    /// A space inside a word after a joining letter.
    pub const SPACE_INSIDE_WORD: u32 = 9_000;
    /// A ZWNJ where the word has none.
    pub const SPURIOUS_ZWNJ: u32 = 9_000;
    /// A space the text lost between two words (`دواصل`).
    pub const SPACE_DROPPED: u32 = 5_000;
    /// A space lost on either side of و between two words the bigrams show beside it.
    pub const AND_SPACE_DROPPED: u32 = 1_000;
    /// A ZWNJ where two words meet.
    pub const ZWNJ_FOR_SPACE: u32 = 9_000;
    /// A token written in a way the lexicon does not list, beyond its best listed spelling.
    pub const UNLISTED_SPELLING: u32 = 4_000;
    /// A token the lexicon does not know at all.
    pub const UNKNOWN_WORD: u32 = 21_000;
    /// Taken off the cost of a space dropped inside a token no reading knows, for each letter
    /// it has beyond [`LETTERS_OF_A_WORD`]: a long one is more likely two words run together.
    pub const LONG_UNKNOWN_LETTER: u32 = 1_000;
    /// Letters an unknown word usually has at most.
    pub const LETTERS_OF_A_WORD: usize = 6;
    /// The most taken off.
    pub const LONG_UNKNOWN_MAX: u32 = 3_000;
    /// A known word + ZWNJ + compound element, beyond the element's own cost.
    pub const COMPOUND: u32 = 2_000;
    /// An unknown token this long (in letters) may be three words run together.
    pub const LETTERS_OF_THREE_WORDS: usize = 8;
    /// An unknown token written this often in a text is a name or a term, not two words run
    /// together by a slip.
    pub const REPEATED_UNKNOWN: u32 = 3;
    /// A word of two letters begins a compound only when it is at least this common (`هم`,
    /// `آب`, `دل`): rarer ones are as often a longer word's first letters (`اسپور`, `تیمداری`).
    pub const TWO_LETTER_STEM: u32 = 9_000;
    /// Two known words read as one ZWNJ compound that the lexicon does not list.
    pub const UNLISTED_COMPOUND: u32 = 4_000;
    /// A verb ending (م ی د یم ید ند) on a stem after می.
    pub const VERB_ENDING: u32 = 1_500;
    /// Added to the cost of changing a boundary in text that already uses ZWNJs.
    pub const ZWNJ_WRITER: u32 = 3_000;
    /// Added to the cost of a ZWNJ typed as a space in text that shows only dropped ZWNJs.
    pub const OTHER_DAMAGE: u32 = 4_000;
    /// An affix the lexicon lists as a word, standing alone, shows a ZWNJ typed as a space when
    /// it is at least this rare as a word (`ها`, `می`; not `ای`, `بی`).
    pub const RARE_ALONE: u32 = 11_000;
    /// Backoff after a word that is not a lexicon spelling (the model's median backoff).
    pub const UNKNOWN_CONTEXT: u32 = 693;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sep {
    None,
    Space,
    Zwnj,
}

#[derive(Clone, Copy, Debug)]
struct Letter {
    ch: char,
    /// Byte offset just past the letter and its marks (pieces are far below 4 GiB).
    end: u32,
}

/// A run of letters as written (ZWNJs inside, no space).
#[derive(Clone, Debug)]
struct Token {
    /// Letter indices.
    letters: Range<usize>,
    /// Byte range of its key in `Spacer::keys`.
    key: Range<usize>,
    /// The ZWNJs written inside it.
    observed: u64,
    /// [`key_hash`] of its key.
    hash: u64,
    info: Option<KeyInfo>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Mark,
    Zwnj,
    Space,
    Other,
}

/// The class of each code point U+0600–U+06FF (all two bytes in UTF-8).
static ARABIC_BLOCK_CLASS: [Class; 256] = {
    let mut table = [Class::Other; 256];
    let mut i = 0;
    while i < 256 {
        let c = match char::from_u32(0x0600 + i as u32) {
            Some(c) => c,
            None => unreachable!(),
        };
        table[i] = if is_letter(c) {
            Class::Letter
        } else if is_mark(c) {
            Class::Mark
        } else {
            Class::Other
        };
        i += 1;
    }
    table
};

/// Tokens read as one word.
struct Merge {
    /// Chunk-relative letters.
    letters: Range<usize>,
    /// Byte range of the merged key in `Spacer::keys`.
    key: Range<usize>,
    info: KeyInfo,
    /// Where an affix may join, when the merged letters are no lexicon word or none of their
    /// listed spellings has a ZWNJ there.
    junction: Option<usize>,
}

/// The word of an edge that is not a lexicon spelling.
const NO_WORD: u32 = u32::MAX;
/// The context at the start of a chunk.
const CHUNK_START: u32 = u32::MAX - 1;

#[derive(Clone, Copy, Debug)]
struct Edge {
    /// Letter indices relative to the chunk.
    from: usize,
    to: usize,
    zwnj_mask: u64,
    /// The lexicon spelling, or NO_WORD for an analysed or unknown word.
    word: SpellingId,
    /// Unigram cost of a word that is not a lexicon spelling.
    word_cost: u32,
    /// Channel cost of the boundaries inside the edge and of its end.
    channel: u32,
}

#[derive(Clone, Copy, Debug)]
struct State {
    cost: u64,
    last: SpellingId,
    /// (node, state index) this state came from, and the edge taken.
    back: (usize, usize),
    edge: usize,
}

const BEAM: usize = 4;

/// `است`, a word of its own after any other (`کرده است`), never joined by a ZWNJ.
const COPULA: &str = "است";

/// How many times a chunk is decoded at most.
const PASSES: usize = 3;

/// The channel costs that depend on how a text was damaged.
#[derive(Clone, Copy, Debug, PartialEq)]
struct ChannelCosts {
    /// The text's ZWNJs were typed as spaces.
    spaced: bool,
    zwnj_dropped: u32,
    zwnj_as_space: u32,
    space_after_non_joiner: u32,
}

impl ChannelCosts {
    const BASE: ChannelCosts = ChannelCosts {
        spaced: false,
        zwnj_dropped: cost::ZWNJ_DROPPED,
        zwnj_as_space: cost::ZWNJ_AS_SPACE,
        space_after_non_joiner: cost::SPACE_AFTER_NON_JOINER,
    };
}

/// What a text shows of how it was damaged: ZWNJs it kept, affixes standing alone, words
/// written fused whose usual spelling has a ZWNJ.
#[derive(Default)]
struct Evidence {
    words: usize,
    zwnjs: usize,
    spaced: usize,
    fused: usize,
}

impl Evidence {
    fn add(&mut self, tokens: &[Token], model: &Model) {
        self.words += tokens.len();
        for token in tokens {
            if token.observed != 0 {
                self.zwnjs += token.observed.count_ones() as usize;
                continue;
            }
            let Some(info) = token.info else { continue };
            // word lists count spaced affixes as words (`ها`, `می`): one is taken for a word only
            // when it is common as one (`ای`, `بی`, `شان`)
            let rare_alone = info.len == 0 || model.spelling(info.start).cost >= cost::RARE_ALONE;
            if info.has(KeyInfo::PREFIX | KeyInfo::SUFFIX) && rare_alone {
                // an affix standing alone
                self.spaced += 1;
            } else if info.has(KeyInfo::BEST_HAS_ZWNJ) && token.letters.len() > 3 {
                // a word whose usual spelling has a ZWNJ, written fused
                self.fused += 1;
            }
        }
    }

    /// The channel costs for the text: a careful writer's fused and spaced words are more likely
    /// meant, so every change costs more; text whose ZWNJs were all dropped (PDF extraction:
    /// fused `میکند`) rarely has one typed as a space, and the reverse (`می کند`); text that
    /// shows both damages gets neither penalty.
    fn channel_costs(&self) -> ChannelCosts {
        let base = ChannelCosts::BASE;
        if self.zwnjs > 0 && self.zwnjs * 40 >= self.words {
            ChannelCosts {
                spaced: false,
                zwnj_dropped: base.zwnj_dropped + cost::ZWNJ_WRITER,
                // every change costs at least as much as in any other text, so that restoring
                // restored text changes nothing
                zwnj_as_space: base.zwnj_as_space + cost::ZWNJ_WRITER.max(cost::OTHER_DAMAGE),
                space_after_non_joiner: base.space_after_non_joiner + cost::ZWNJ_WRITER.max(cost::OTHER_DAMAGE),
            }
        } else if self.fused > 0 && self.spaced * 4 <= self.fused {
            ChannelCosts {
                zwnj_as_space: base.zwnj_as_space + cost::OTHER_DAMAGE,
                space_after_non_joiner: base.space_after_non_joiner + cost::OTHER_DAMAGE,
                ..base
            }
        } else if self.spaced > 0 && self.fused * 4 <= self.spaced {
            // a fused word in text whose ZWNJs became spaces more likely lost none (but a
            // dropped ZWNJ costs no more than in a ZWNJ writer's text, which this text becomes)
            ChannelCosts { spaced: true, zwnj_dropped: base.zwnj_dropped + cost::ZWNJ_WRITER, ..base }
        } else {
            base
        }
    }
}

/// A direct-mapped cache of key lookups, kept per thread across calls: the frequent words of a
/// language are few, and the model's table is too big for the processor's caches.
struct KeyCache {
    /// The model the slots were filled from ([`Model::id`]).
    model: u64,
    slots: Vec<CacheSlot>,
}

/// A cached lookup; an absent key is cached with the ABSENT flag.
#[derive(Clone, Copy, Default)]
struct CacheSlot {
    hash: u64,
    info: KeyInfo,
}

const ABSENT: u8 = 0x80;

const CACHE_BITS: u32 = 13;
const CACHE_SLOTS: usize = 1 << CACHE_BITS;

thread_local! {
    static KEY_CACHE: std::cell::Cell<Option<KeyCache>> = const { std::cell::Cell::new(None) };
}

impl KeyCache {
    fn take(model: &Model) -> KeyCache {
        match KEY_CACHE.with(|c| c.take()) {
            Some(cache) if cache.model == model.id() => cache,
            // hash 0 marks an empty slot; a key hashing to 0 is simply never cached
            _ => KeyCache { model: model.id(), slots: vec![CacheSlot::default(); CACHE_SLOTS] },
        }
    }

    #[inline]
    fn lookup(&mut self, model: &Model, key: &str) -> Option<KeyInfo> {
        self.lookup_hashed(model, key_hash(key))
    }

    fn lookup_hashed(&mut self, model: &Model, hash: u64) -> Option<KeyInfo> {
        let slot = &mut self.slots[(hash >> (64 - CACHE_BITS)) as usize];
        if slot.hash == hash && hash != 0 {
            return (slot.info.flags != ABSENT).then_some(slot.info);
        }
        let info = model.key_info_hashed(hash);
        *slot = CacheSlot { hash, info: info.unwrap_or(KeyInfo { start: 0, len: 0, flags: ABSENT }) };
        info
    }
}

/// A [`Spacer`]'s buffers, kept per thread between calls: short texts (a data frame's rows, one
/// at a time) would otherwise pay more for their allocation than for their restoration.
#[derive(Default)]
struct Buffers {
    /// The letters of the piece and the boundary after each: as written, and as restored so far.
    letters: Vec<Letter>,
    written: Vec<Sep>,
    seps: Vec<Sep>,
    /// How sure the restorer is of each changed boundary.
    confidence: Vec<f32>,
    /// Letter ranges of the chunks, whether each may still change, and the tokens of the chunk
    /// being decoded.
    chunks: Vec<Range<usize>>,
    dirty: Vec<bool>,
    tokens: Vec<Token>,
    /// The tokens of every chunk as written, and each chunk's range of them.
    first_tokens: Vec<Token>,
    first_token_ranges: Vec<Range<usize>>,
    /// All letters, in order (two bytes each): a token's key is a slice of it.
    keys: String,
    /// Boundary decisions of the chunk being decoded: (letter, separator, confidence).
    decisions: Vec<(usize, Sep, f32)>,
    // decoding buffers, reused from chunk to chunk
    edges: Vec<Edge>,
    edges_from: Vec<Vec<usize>>,
    states: Vec<Vec<State>>,
    observed_cost: Vec<u32>,
    analyses: Vec<(u64, u32)>,
    /// [`Spacer::three_word_edges`]: the key's byte offset at each letter of a token, and the
    /// token's known last words (first letter, what the model knows, whether pushed).
    offsets: Vec<usize>,
    last_words: Vec<(usize, KeyInfo, bool)>,
    path: Vec<usize>,
    gold: Vec<Sep>,
    /// Per chunk token: one reading, as written, joined to nothing.
    pinned: Vec<bool>,
    /// How often each unknown token (by [`key_hash`]) is written in the text.
    unknown_counts: rustc_hash::FxHashMap<u64, u32>,
}

/// Buffers holding more letters than this are freed, not kept: one huge line must not hold its
/// memory for the rest of the thread's life.
const SPARE_LETTERS: usize = 1 << 16;

thread_local! {
    static SPARE_BUFFERS: std::cell::Cell<Option<Buffers>> = const { std::cell::Cell::new(None) };
}

/// Restores ZWNJs and spaces in normalized text; reusable buffers make it allocation-light.
pub(crate) struct Spacer<'m> {
    model: &'m Model,
    cache: Option<KeyCache>,
    /// How this text was damaged, as estimated from it.
    channel_costs: ChannelCosts,
    /// What a space dropped costs where the edges being added end (less inside a long token
    /// no reading knows).
    space_dropped: u32,
    // the chunk being decoded: its first letter and its tokens
    base: usize,
    chunk_tokens: Range<usize>,
    /// The buffers, reused from piece to piece and, through [`SPARE_BUFFERS`], from call to call.
    work: Buffers,
}

impl<'m> Spacer<'m> {
    pub fn new(model: &'m Model) -> Self {
        Spacer {
            model,
            cache: Some(KeyCache::take(model)),
            work: SPARE_BUFFERS.with(|spare| spare.take()).unwrap_or_default(),
            channel_costs: ChannelCosts::BASE,
            space_dropped: cost::SPACE_DROPPED,
            base: 0,
            chunk_tokens: 0..0,
        }
    }

    /// Returns the boundary changes for `text` (already normalized), outside `protected`.
    ///
    /// Chunks are decoded again, up to [`PASSES`] times, while a pass changes them: a run with
    /// two damages (`می کندآب`) may need the first repaired before the second shows.
    pub fn restore(&mut self, text: &str, protected: &[Range<usize>], out: &mut Vec<Change>) {
        self.scan(text, protected);
        self.work.written.clone_from(&self.work.seps);
        self.work.confidence.clear();
        self.work.confidence.resize(self.work.letters.len(), 1.0);
        // the first pass reads the tokens of every chunk: they show how the text was damaged
        let mut evidence = Evidence::default();
        self.work.unknown_counts.clear();
        self.work.first_tokens.clear();
        self.work.first_token_ranges.clear();
        for c in 0..self.work.chunks.len() {
            self.tokenize(self.work.chunks[c].clone());
            evidence.add(&self.work.tokens, self.model);
            for token in self.work.tokens.iter().filter(|t| t.info.is_none_or(|i| i.len == 0) && t.observed == 0) {
                *self.work.unknown_counts.entry(token.hash).or_default() += 1;
            }
            let start = self.work.first_tokens.len();
            self.work.first_tokens.extend_from_slice(&self.work.tokens);
            self.work.first_token_ranges.push(start..self.work.first_tokens.len());
        }
        self.channel_costs = evidence.channel_costs();
        self.work.dirty.clear();
        self.work.dirty.resize(self.work.chunks.len(), true);
        for pass in 0..PASSES {
            let mut changed = false;
            for c in 0..self.work.chunks.len() {
                if self.work.dirty[c] {
                    if pass == 0 {
                        self.work.tokens.clear();
                        self.work
                            .tokens
                            .extend_from_slice(&self.work.first_tokens[self.work.first_token_ranges[c].clone()]);
                    } else {
                        self.tokenize(self.work.chunks[c].clone());
                    }
                    self.work.dirty[c] = self.decode_chunk();
                    changed |= self.work.dirty[c];
                }
            }
            if !changed {
                break;
            }
        }
        for b in 0..self.work.letters.len() {
            if self.work.seps[b] != self.work.written[b] {
                out.push(self.boundary_change(b));
            }
        }
    }

    /// Decodes the tokens of one chunk, read from the boundaries restored so far; returns true
    /// when it moved a word break, so that the chunk's tokens changed and it may be decoded again.
    /// (A ZWNJ put inside a token changes no token: the next pass would read the same words.)
    fn decode_chunk(&mut self) -> bool {
        self.work.decisions.clear();
        // a token too long for the model (a line that lost all its spaces) is left as it is
        // and cuts the chunk
        let mut start = 0;
        for t in 0..self.work.tokens.len() {
            if self.work.tokens[t].letters.len() > MAX_LETTERS {
                if start < t {
                    self.decode(start..t);
                }
                start = t + 1;
            }
        }
        if start < self.work.tokens.len() {
            self.decode(start..self.work.tokens.len());
        }
        let mut breaks_moved = false;
        for &(b, sep, confidence) in &self.work.decisions {
            if self.work.seps[b] != sep {
                breaks_moved |= sep == Sep::Space || self.work.seps[b] == Sep::Space;
                self.work.seps[b] = sep;
                self.work.confidence[b] = confidence;
            }
        }
        breaks_moved
    }

    /// What the model knows of the key at bytes `key` of `keys`, through the lookup cache.
    fn key_info(&mut self, key: Range<usize>) -> Option<KeyInfo> {
        self.cache.as_mut().unwrap().lookup(self.model, &self.work.keys[key])
    }

    /// Cuts chunk letters `letters` into tokens at spaces, and looks every token up.
    fn tokenize(&mut self, letters: Range<usize>) {
        self.work.tokens.clear();
        let mut start = letters.start;
        for b in letters.clone() {
            if b + 1 == letters.end || self.work.seps[b] == Sep::Space {
                let n = b + 1 - start;
                let key = 2 * start..2 * (b + 1);
                let hash = key_hash(&self.work.keys[key.clone()]);
                let mut token = Token { letters: start..b + 1, key, observed: 0, hash, info: None };
                if n <= MAX_LETTERS {
                    for i in 0..n - 1 {
                        if self.work.seps[start + i] == Sep::Zwnj {
                            token.observed |= 1 << i;
                        }
                    }
                    token.info = self.cache.as_mut().unwrap().lookup_hashed(self.model, hash);
                }
                self.work.tokens.push(token);
                start = b + 1;
            }
        }
    }

    /// Cuts the text into letters, the boundaries after them, and chunks.
    fn scan(&mut self, text: &str, protected: &[Range<usize>]) {
        #[derive(PartialEq, Clone, Copy)]
        enum At {
            Outside,
            Letter,
            Zwnj,
            Space,
        }
        self.work.letters.clear();
        self.work.seps.clear();
        self.work.chunks.clear();
        self.work.keys.clear();
        let mut at = At::Outside;
        let mut chunk_start = 0;
        let mut guard = protected.iter().peekable();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // classify the character at i: letters and marks of the Arabic block are two bytes
            // with lead D8–DB
            let b = bytes[i];
            let mut code = 0;
            let (class, len) = if (0xD8..=0xDB).contains(&b) {
                code = (u32::from(b & 0x03) << 6) | u32::from(bytes[i + 1] & 0x3F);
                (ARABIC_BLOCK_CLASS[code as usize], 2)
            } else if b < 0x80 {
                (if b == b' ' { Class::Space } else { Class::Other }, 1)
            } else {
                let c = text[i..].chars().next().unwrap();
                (if c == ZWNJ { Class::Zwnj } else { Class::Other }, c.len_utf8())
            };
            if !protected.is_empty() {
                while guard.peek().is_some_and(|r| r.end <= i) {
                    guard.next();
                }
                if guard.peek().is_some_and(|r| r.start <= i) {
                    if at != At::Outside {
                        self.end_chunk(&mut chunk_start);
                        at = At::Outside;
                    }
                    i += len;
                    continue;
                }
            }
            match class {
                Class::Letter => {
                    match at {
                        At::Letter => self.work.seps.push(Sep::None),
                        At::Zwnj => self.work.seps.push(Sep::Zwnj),
                        At::Space => self.work.seps.push(Sep::Space),
                        At::Outside => self.end_chunk(&mut chunk_start),
                    }
                    // every code point of U+0600–U+06FF is a char
                    let ch = char::from_u32(0x0600 + code).unwrap_or('\u{0600}');
                    self.work.letters.push(Letter { ch, end: (i + 2) as u32 });
                    self.work.keys.push_str(&text[i..i + 2]);
                    at = At::Letter;
                }
                Class::Mark if at == At::Letter => self.work.letters.last_mut().unwrap().end = (i + 2) as u32,
                Class::Zwnj if at == At::Letter => at = At::Zwnj,
                Class::Space if at == At::Letter => at = At::Space,
                _ => {
                    if at != At::Outside {
                        self.end_chunk(&mut chunk_start);
                        at = At::Outside;
                    }
                }
            }
            i += len;
        }
        if at != At::Outside {
            self.end_chunk(&mut chunk_start);
        }
    }

    /// Closes the open chunk, if any.
    fn end_chunk(&mut self, chunk_start: &mut usize) {
        if self.work.letters.len() > *chunk_start {
            // the last letter of a chunk has no boundary after it
            self.work.seps.push(Sep::None);
            self.work.chunks.push(*chunk_start..self.work.letters.len());
            *chunk_start = self.work.letters.len();
        }
    }

    /// The channel cost of reading chunk letters `range` as one word spelled with `mask`,
    /// ending in a word break.
    fn channel(&self, range: Range<usize>, mask: u64) -> u32 {
        let (base, n) = (self.base, self.chunk_len());
        let mut total = 0;
        for b in range.start..range.end - 1 {
            let zwnj = mask & (1 << (b - range.start)) != 0;
            total += match (zwnj, self.work.seps[base + b]) {
                (true, Sep::Zwnj) | (false, Sep::None) => 0,
                (true, Sep::None) => self.channel_costs.zwnj_dropped,
                (true, Sep::Space) => self.channel_costs.zwnj_as_space,
                (false, Sep::Space) if is_non_joining(self.work.letters[base + b].ch) => {
                    self.channel_costs.space_after_non_joiner
                }
                (false, Sep::Space) => cost::SPACE_INSIDE_WORD,
                (false, Sep::Zwnj) => cost::SPURIOUS_ZWNJ,
            };
        }
        if range.end < n {
            total += match self.work.seps[base + range.end - 1] {
                Sep::Space => 0,
                Sep::None => self.space_dropped,
                Sep::Zwnj => cost::ZWNJ_FOR_SPACE,
            };
        }
        total
    }

    fn chunk_len(&self) -> usize {
        let first = &self.work.tokens[self.chunk_tokens.start];
        let last = &self.work.tokens[self.chunk_tokens.end - 1];
        last.letters.end - first.letters.start
    }

    /// Chunk-relative letter range of token `t`.
    fn token_span(&self, t: usize) -> Range<usize> {
        let letters = &self.work.tokens[t].letters;
        letters.start - self.base..letters.end - self.base
    }

    fn push_edge(&mut self, range: Range<usize>, zwnj_mask: u64, word: SpellingId, word_cost: u32) {
        let channel = self.channel(range.clone(), zwnj_mask);
        let idx = self.work.edges.len();
        self.work.edges.push(Edge { from: range.start, to: range.end, zwnj_mask, word, word_cost, channel });
        self.work.edges_from[range.start].push(idx);
    }

    /// Adds an edge for each spelling of a key.
    fn spelling_edges(&mut self, range: Range<usize>, info: KeyInfo) {
        for id in info.ids() {
            let spelling = *self.model.spelling(id);
            self.push_edge(range.clone(), spelling.zwnj_mask, id, spelling.cost);
        }
    }

    /// Adds the analyses of an unknown key (the chunk letters `range`) as edges; returns how
    /// many there were.
    fn analysis_edges(&mut self, range: Range<usize>, key: Range<usize>, junction: Option<usize>) -> usize {
        let mut analyses = std::mem::take(&mut self.work.analyses);
        analyses.clear();
        self.affix_analyses(&self.work.keys[key], junction, &mut analyses);
        for &(mask, cost) in &analyses {
            self.push_edge(range.clone(), mask, NO_WORD, cost);
        }
        let found = analyses.len();
        self.work.analyses = analyses;
        found
    }

    /// Analyses of an unknown key: a prefix and a known word (or a known stem and a verb
    /// ending), a known word and a suffix, a known word and a compound element. With `junction`
    /// (a byte offset in `key`), only analyses whose affix boundary is there.
    fn affix_analyses(&self, key: &str, junction: Option<usize>, found: &mut Vec<(u64, u32)>) {
        let model = self.model;
        let best = |stem: &str| model.lookup(stem).next().map(|(_, s)| (s.zwnj_mask, s.cost));
        // the lexicon knows `می‌` + word: a verb form (`دارند`, `کنند`)
        let is_verb_with_mi = |word: &str| model.lookup(&format!("می{word}")).any(|(_, s)| s.zwnj_mask & 0b10 != 0);
        let mut stem_letters = 0;
        for (j, _) in key.char_indices().skip(1) {
            stem_letters += 1;
            if junction.is_some_and(|at| at != j) || stem_letters < 2 {
                continue;
            }
            let (stem, rest) = key.split_at(j);
            let last = stem.chars().next_back().unwrap();
            let join = if is_non_joining(last) { 0 } else { 1u64 << (stem_letters - 1) };
            // `رویای` is `رویا` + `ی`, `بلایای` is `بلایا` + `ی`, `رهایم` is `رها` + `یم`: no
            // ZWNJ reading where the stem with the suffix's ا is a word and the rest a clitic
            // (after ه only a clitic after ی: `بیمهای` is `بیمه‌ای`, though `بیمها` is listed)
            let clitic_after_alef = matches!(last, 'ی' | 'ه')
                && rest.strip_prefix('ا').is_some_and(|clitic| {
                    let after_ye = clitic.strip_prefix('ی').filter(|c| !c.is_empty());
                    (last == 'ی' && joined_clitic_cost(clitic, 'ا').is_some())
                        || after_ye.is_some_and(|c| joined_clitic_cost(c, 'ا').is_some() || VERB_ENDINGS.contains(&c))
                })
                && best(&key[..j + 'ا'.len_utf8()]).is_some();
            // a verb takes no plural: `کنندهای` is `کننده‌ای`, not `کنند` + `های`; a noun
            // written like one (`روند`) has its plural in the lexicon
            let plural_of_verb = rest.starts_with("ها")
                && stem.ends_with("ند")
                && is_verb_with_mi(stem)
                && model.lookup(&format!("{stem}ها")).next().is_none();
            // an Arabic preposition takes the Arabic pronoun, never the Persian plural: `فیها`,
            // `عنها`, `تحتها` (in a verse or a formula quoted in Persian text)
            let arabic_pronoun = rest == "ها" && ARABIC_PREPOSITIONS.contains(&stem);
            if clitic_after_alef || plural_of_verb || arabic_pronoun {
                continue;
            }
            let affix_cost = suffix_cost(rest, last).or_else(|| {
                // a compound element joins across a space only in text whose ZWNJs became spaces
                let element = model.element(rest).filter(|e| match junction {
                    None => e.joins_fused,
                    Some(_) => e.joins_across_space && self.channel_costs.spaced,
                })?;
                let common_stem = || stem_letters >= 3 || best(stem).is_some_and(|(_, c)| c <= cost::TWO_LETTER_STEM);
                (join != 0 && common_stem()).then_some(element.cost + cost::COMPOUND)
            });
            if let Some(affix_cost) = affix_cost {
                if let Some((mask, cost)) = best(stem) {
                    found.push((mask | join, cost + affix_cost));
                }
            } else if let Some(clitic_cost) = junction.is_none().then(|| joined_clitic_cost(rest, last)).flatten() {
                if let Some((mask, cost)) = best(stem) {
                    found.push((mask, cost + clitic_cost));
                }
            }
        }
        for &(prefix, penalty) in PREFIXES {
            let Some(rest) = key.strip_prefix(prefix) else { continue };
            if junction.is_some_and(|at| at != prefix.len()) || rest.chars().count() < 2 {
                continue;
            }
            // a preverb before می joins only a verb the lexicon knows with می: `درمی‌آید`,
            // never `درمی‌ان` (`درمیان` is `در میان`)
            let after_preverb = ["نمی", "می"].into_iter().find(|&mi| prefix.len() > mi.len() && prefix.ends_with(mi));
            if let Some(mi) = after_preverb {
                let with_mi = &key[prefix.len() - mi.len()..];
                let mi_letters = mi.chars().count();
                if !model.lookup(with_mi).any(|(_, s)| s.zwnj_mask & (1 << (mi_letters - 1)) != 0) {
                    continue;
                }
            }
            // بی joins a noun or an adjective, never a verb the lexicon knows with می:
            // `بیدارند` is `بیدار` + `ند`, not `بی‌دارند`
            if prefix == "بی" && is_verb_with_mi(rest) {
                continue;
            }
            let p = prefix.chars().count();
            // after می a verb form, which ends as verbs do (`می‌تپید`, `می‌رفت`, `می‌رفته`),
            // never `می‌نسک`, `می‌چل`
            let verbal = |word: &str| prefix == "بی" || word.ends_with(['م', 'ی', 'د', 'ت', 'ه']);
            let analysis = best(rest).filter(|_| verbal(rest)).or_else(|| {
                VERB_ENDINGS.iter().find_map(|ending| {
                    let stem = rest.strip_suffix(ending)?;
                    let (mask, cost) = best(stem)?;
                    (stem.chars().count() >= 2).then_some((mask, cost + cost::VERB_ENDING))
                })
            });
            if let Some((mask, cost)) = analysis {
                found.push(((mask << p) | (1 << (p - 1)), cost + penalty));
            }
        }
    }

    /// An unknown fused token `t` read as two known words (`دواصل` → `دو اصل`) or as a
    /// compound of them; either part may also join the token beside it within `tokens`
    /// (`می کندآب` → `می‌کند آب`, `اینکتاب ها` → `این کتاب‌ها`). A long token that no
    /// reading knows (`تمکینکنند`) is more likely two words than one: the space it lost costs
    /// less (not its reading as an unlisted compound: `تمکین‌کنند` is no word).
    fn split_edges(&mut self, t: usize, tokens: Range<usize>) {
        let range = self.token_span(t);
        let key = self.work.tokens[t].key.clone();
        // a token the text writes the same way again and again is a name or a term (`آبیک`),
        // not a slip: cut only into two words the model has seen side by side (`درخصوص`)
        let repeated =
            self.work.unknown_counts.get(&self.work.tokens[t].hash).copied().unwrap_or(0) >= cost::REPEATED_UNKNOWN;
        let extra_letters = range.len().saturating_sub(cost::LETTERS_OF_A_WORD) as u32;
        // (the spelling stage reads more forms than the affix analyses: `نمایشگاهی`)
        let unreadable = extra_letters > 0 && !crate::spelling::reads_as_word(self.model, &self.work.keys[key.clone()]);
        let discount =
            if unreadable { (cost::LONG_UNKNOWN_LETTER * extra_letters).min(cost::LONG_UNKNOWN_MAX) } else { 0 };
        self.space_dropped = cost::SPACE_DROPPED - discount;
        let mut cut_byte = key.start;
        // a word of one letter stands last only as و glued to the word before
        let last_cut = if self.may_end_in_and(t, tokens.end) { range.end } else { range.end - 1 };
        for cut in range.start + 1..last_cut {
            cut_byte += self.work.letters[self.base + cut - 1].ch.len_utf8();
            self.cut_edges(t, tokens.clone(), cut, cut_byte, repeated);
        }
        if !repeated && range.len() >= cost::LETTERS_OF_THREE_WORDS {
            self.three_word_edges(range.clone(), key.clone());
        }
        self.and_edges(range, key);
        self.space_dropped = cost::SPACE_DROPPED;
    }

    /// Two words and the و between them run together (`فرهنگوهنر` → `فرهنگ و هنر`,
    /// `بیستوچهار` → `بیست و چهار`): edges for a known word, و and a known word that fill the
    /// token, where the bigrams show the first word before و and the second after it (names in
    /// transliteration hold و too: `نیوزویک`, `لاوروف`, `داووس`). With that evidence the two
    /// lost spaces cost less than others.
    fn and_edges(&mut self, range: Range<usize>, key: Range<usize>) {
        let mut byte = key.start;
        for at in range.start..range.end {
            let ch = self.work.letters[self.base + at].ch;
            let after = byte + ch.len_utf8();
            let (first_letters, last_letters) = (at - range.start, range.end - at - 1);
            if ch == 'و' && first_letters >= 2 && last_letters >= 2 {
                // (the و may as well begin a word: `سروزیر` is `سر` + `وزیر`)
                let known = |this: &mut Self, key: Range<usize>| this.key_info(key).filter(|i| i.len > 0);
                let glued = self.key_info(key.start..after).is_some_and(|i| i.has(KeyInfo::AND_GLUED))
                    && known(self, byte..key.end).is_none();
                let first = known(self, key.start..byte);
                let last = known(self, after..key.end);
                if let (true, Some(first), Some(last)) = (glued, first, last) {
                    let and_info = self.model.key_info("و").filter(|i| i.len > 0);
                    if let Some(and_info) = and_info.filter(|and| self.model.has_bigram(and.start, last.start)) {
                        let space_dropped = std::mem::replace(&mut self.space_dropped, cost::AND_SPACE_DROPPED);
                        self.spelling_edges(range.start..at, first);
                        self.spelling_edges(at..at + 1, and_info);
                        self.space_dropped = space_dropped;
                        self.spelling_edges(at + 1..range.end, last);
                    }
                }
            }
            byte = after;
        }
    }

    /// The edges of token `t` cut at chunk letter `cut` (byte `cut_byte` of its key): the two
    /// parts as words, as one unlisted compound, or each joined to the token beside it.
    fn cut_edges(&mut self, t: usize, tokens: Range<usize>, cut: usize, cut_byte: usize, repeated: bool) {
        let range = self.token_span(t);
        let key = self.work.tokens[t].key.clone();
        let (Some(l), Some(r)) = (self.key_info(key.start..cut_byte), self.key_info(cut_byte..key.end)) else {
            return;
        };
        if l.len == 0 || r.len == 0 || (repeated && !self.model.has_bigram(l.start, r.start)) {
            return;
        }
        self.spelling_edges(range.start..cut, l);
        self.spelling_edges(cut..range.end, r);
        // or one compound of the two, joined by a ZWNJ
        let left_letters = cut - range.start;
        let right_letters = range.end - cut;
        // (never with است: `خوانده‌است` is `خوانده است`)
        let right_is_copula = &self.work.keys[cut_byte..key.end] == COPULA;
        if !is_non_joining(self.work.letters[self.base + cut - 1].ch)
            && left_letters >= 2
            && right_letters >= 3
            && !right_is_copula
        {
            let (left, right) = (*self.model.spelling(l.start), *self.model.spelling(r.start));
            let mask = left.zwnj_mask | (1 << (left_letters - 1)) | (right.zwnj_mask << left_letters);
            self.push_edge(range.clone(), mask, NO_WORD, left.cost + right.cost + cost::UNLISTED_COMPOUND);
        }
        // the left part with the token before, the right part with the token after
        if t > tokens.start {
            let prev = self.work.tokens[t - 1].clone();
            let letters = self.token_span(t - 1).start..cut;
            let junction = prev.info.unwrap_or_default().has(KeyInfo::PREFIX).then_some(prev.key.end - prev.key.start);
            self.joined_edges(letters, prev.key.start..cut_byte, junction);
        }
        if t + 1 < tokens.end {
            let next = self.work.tokens[t + 1].clone();
            let letters = cut..self.token_span(t + 1).end;
            let junction = next.info.unwrap_or_default().has(KeyInfo::SUFFIX).then_some(next.key.start - cut_byte);
            self.joined_edges(letters, cut_byte..next.key.end, junction);
        }
    }

    /// Whether token `t` may be a word with و glued to it (`بالاو پایین`, `گاوو گوسفند`): it
    /// ends in و after two letters or more that the model has seen before و, and the token after
    /// it, if one comes before `end`, is a known word. (Names in transliteration end in و too:
    /// `کریستیانو`, `کلیو اوون`.)
    fn may_end_in_and(&self, t: usize, end: usize) -> bool {
        let token = &self.work.tokens[t];
        token.info.is_some_and(|i| i.has(KeyInfo::AND_GLUED))
            && token.observed == 0
            && token.letters.len() >= 3
            && (t + 1 >= end || self.work.tokens[t + 1].info.is_some_and(|i| i.len > 0))
    }

    /// Three words run together (`کشیدهشدهاست` → `کشیده شده است`): edges for a known first
    /// word, a known word after it and a known last word, where the three fill the token.
    fn three_word_edges(&mut self, range: Range<usize>, key: Range<usize>) {
        let mut offsets = std::mem::take(&mut self.work.offsets);
        offsets.clear();
        let mut byte = key.start;
        for letter in range.clone() {
            offsets.push(byte);
            byte += self.work.letters[self.base + letter].ch.len_utf8();
        }
        offsets.push(key.end);
        let n = range.len();
        let known = |this: &mut Self, offsets: &[usize], from: usize, to: usize| {
            this.key_info(offsets[from]..offsets[to]).filter(|i| i.len > 0)
        };
        // every word has two letters or more; the first and last words are pushed once each
        let mut lasts = std::mem::take(&mut self.work.last_words);
        lasts.clear();
        for last in 4..n - 1 {
            if let Some(info) = known(self, &offsets, last, n) {
                lasts.push((last, info, false));
            }
        }
        for first in 2..n.saturating_sub(3) {
            let Some(left) = known(self, &offsets, 0, first) else { continue };
            let mut first_used = false;
            for (last, right, pushed) in lasts.iter_mut().filter(|(last, _, _)| *last >= first + 2) {
                let Some(middle) = known(self, &offsets, first, *last) else { continue };
                self.spelling_edges(range.start + first..range.start + *last, middle);
                if !std::mem::replace(pushed, true) {
                    self.spelling_edges(range.start + *last..range.end, *right);
                }
                first_used = true;
            }
            if first_used {
                self.spelling_edges(range.start..range.start + first, left);
            }
        }
        self.work.offsets = offsets;
        self.work.last_words = lasts;
    }

    /// Edges for letters read as one word across a space: the lexicon's spellings of their key,
    /// or else affix analyses at `junction`.
    fn joined_edges(&mut self, letters: Range<usize>, key: Range<usize>, junction: Option<usize>) {
        if letters.len() > MAX_LETTERS {
            return;
        }
        match self.key_info(key.clone()).filter(|i| i.len > 0) {
            Some(info) => self.spelling_edges(letters, info),
            None => {
                if let Some(junction) = junction {
                    self.analysis_edges(letters, key, Some(junction));
                }
            }
        }
    }

    /// Marks the chunk's pinned tokens: one reading, as written, joined to nothing. Returns
    /// false when every token is pinned, so there is nothing to decide.
    fn pin_tokens(&mut self) -> bool {
        let chunk = self.chunk_tokens.clone();
        self.work.pinned.clear();
        self.work.pinned.resize(chunk.len(), true);
        let mut undecided = false;
        for t in chunk.clone() {
            let token = &self.work.tokens[t];
            let as_written = token.info.is_some_and(|i| {
                i.len == 1
                    && if token.observed == 0 {
                        !i.has(KeyInfo::BEST_HAS_ZWNJ)
                    } else {
                        self.model.spelling(i.start).zwnj_mask == token.observed
                    }
            });
            if !as_written || self.may_end_in_and(t, chunk.end) {
                self.work.pinned[t - chunk.start] = false;
                undecided = true;
            }
            let mut merge_info = self.work.tokens[t].info.unwrap_or_default();
            for k in 2..=3 {
                let Some(merge) = self.merge(t, k, merge_info) else { break };
                merge_info = merge.info;
                if merge.info.len > 0 || merge.junction.is_some() {
                    self.work.pinned[t - chunk.start..t - chunk.start + k].iter_mut().for_each(|p| *p = false);
                    undecided = true;
                }
            }
        }
        undecided
    }

    /// Tokens `t..t + k` read as one word, when the model says that may be: what it knows of
    /// their letters, and the junction (a byte offset in the key) where an affix may join.
    fn merge(&mut self, t: usize, k: usize, prev: KeyInfo) -> Option<Merge> {
        let last = t + k - 1;
        if last >= self.chunk_tokens.end {
            return None;
        }
        let first_info = self.work.tokens[t].info.unwrap_or_default();
        let suffix_next = self.work.tokens[last].info.unwrap_or_default().has(KeyInfo::SUFFIX);
        let prefix = k == 2 && first_info.has(KeyInfo::PREFIX);
        if !(prev.has(KeyInfo::COMPOUND_START) || prefix || suffix_next) {
            return None;
        }
        let letters = self.token_span(t).start..self.token_span(last).end;
        if letters.len() > MAX_LETTERS {
            return None;
        }
        let key = self.work.tokens[t].key.start..self.work.tokens[last].key.end;
        let info = self.key_info(key.clone()).unwrap_or_default();
        // the junction's letter: an affix joins there with a ZWNJ unless it does not join
        let at = self.work.tokens[last].letters.start - 1;
        let joins = !is_non_joining(self.work.letters[at].ch);
        let zwnj_bit = 1u64 << (at - self.work.tokens[t].letters.start);
        // a listed key is analysed too when none of its spellings has the ZWNJ an affix would
        // put there: word lists hold careless fused spellings (`دخالتهای`, `میفشانید`) alone
        let analyse =
            info.len == 0 || (joins && info.ids().all(|id| self.model.spelling(id).zwnj_mask & zwnj_bit == 0));
        let junction = (analyse && (suffix_next || prefix)).then(|| self.work.tokens[last].key.start - key.start);
        Some(Merge { letters, key, info, junction })
    }

    /// Adds the edges of chunk tokens `tokens` (absolute indices), merges within them included.
    fn build_edges(&mut self, tokens: Range<usize>) {
        for t in tokens.clone() {
            let token = self.work.tokens[t].clone();
            let span = self.token_span(t);
            // the token as one word
            let observed_cost = match token.info.filter(|i| i.len > 0) {
                Some(info) => {
                    self.spelling_edges(span.clone(), info);
                    // a known word may still be another with و glued to it (`می کندو نتیجه`)
                    if self.may_end_in_and(t, tokens.end) {
                        let cut_byte = token.key.end - 'و'.len_utf8();
                        self.cut_edges(t, tokens.clone(), span.end - 1, cut_byte, false);
                    }
                    match info.ids().find(|&id| self.model.spelling(id).zwnj_mask == token.observed) {
                        Some(id) => self.model.spelling(id).cost,
                        None => {
                            let cost = self.model.spelling(info.start).cost + cost::UNLISTED_SPELLING;
                            self.push_edge(span.clone(), token.observed, NO_WORD, cost);
                            cost
                        }
                    }
                }
                None => {
                    let analyses = if token.observed == 0 {
                        self.analysis_edges(span.clone(), token.key.clone(), None)
                    } else {
                        0
                    };
                    self.push_edge(span.clone(), token.observed, NO_WORD, cost::UNKNOWN_WORD);
                    // `داشتهاست` reads as `داشت‌هاست`, but is `داشته است`: a fused است is cut
                    // off even where an analysis reads the token whole
                    let fused_is =
                        || self.work.keys[token.key.clone()].strip_suffix(COPULA).is_some_and(|w| w.len() >= 4);
                    if (analyses == 0 || fused_is()) && token.observed == 0 {
                        self.split_edges(t, tokens.clone());
                    }
                    cost::UNKNOWN_WORD
                }
            };
            self.work.observed_cost[t - self.chunk_tokens.start] = observed_cost;
            // two or three tokens as one word
            let mut merge_info = token.info.unwrap_or_default();
            for k in 2..=3 {
                if t + k > tokens.end {
                    break;
                }
                let Some(merge) = self.merge(t, k, merge_info) else { break };
                merge_info = merge.info;
                if merge.info.len > 0 {
                    self.spelling_edges(merge.letters.clone(), merge.info);
                }
                if let Some(junction) = merge.junction {
                    self.analysis_edges(merge.letters, merge.key, Some(junction));
                }
            }
        }
    }

    fn backoff(&self, last: SpellingId) -> u32 {
        match last {
            CHUNK_START => 0,
            NO_WORD => cost::UNKNOWN_CONTEXT,
            word => self.model.spelling(word).backoff,
        }
    }

    fn decode(&mut self, chunk: Range<usize>) {
        self.base = self.work.tokens[chunk.start].letters.start;
        self.chunk_tokens = chunk.clone();
        let n = self.chunk_len();
        if n < 2 || !self.pin_tokens() {
            return;
        }
        if self.work.states.len() < n + 1 {
            self.work.states.resize_with(n + 1, Vec::new);
        }
        if self.work.edges_from.len() < n + 1 {
            self.work.edges_from.resize_with(n + 1, Vec::new);
        }
        self.work.observed_cost.clear();
        self.work.observed_cost.resize(chunk.len(), 0);
        // A pinned token cuts the chunk into independent parts: each part is decoded with the
        // pinned words around it as context.
        let tokens = chunk.len();
        let mut t = 0;
        while t < tokens {
            if self.work.pinned[t] {
                t += 1;
                continue;
            }
            let mut end = t;
            while end < tokens && !self.work.pinned[end] {
                end += 1;
            }
            let (first, last) = (t.saturating_sub(1), (end + 1).min(tokens));
            let from = self.token_span(chunk.start + first).start;
            let to = self.token_span(chunk.start + last - 1).end;
            self.work.edges.clear();
            self.work.edges_from[from..=to].iter_mut().for_each(Vec::clear);
            self.build_edges(chunk.start + first..chunk.start + last);
            self.viterbi(from, to);
            t = end;
        }
    }

    /// Finds the best reading of chunk letters `from..to` and emits its changes.
    fn viterbi(&mut self, from: usize, to: usize) {
        self.work.states[from..=to].iter_mut().for_each(Vec::clear);
        self.work.states[from].push(State { cost: 0, last: CHUNK_START, back: (from, 0), edge: usize::MAX });
        for node in from..to {
            if self.work.states[node].is_empty() {
                continue;
            }
            for ei in 0..self.work.edges_from[node].len() {
                let edge_idx = self.work.edges_from[node][ei];
                let edge = self.work.edges[edge_idx];
                if edge.to > to {
                    continue;
                }
                for si in 0..self.work.states[node].len() {
                    let state = self.work.states[node][si];
                    let word = match (edge.word, state.last) {
                        (NO_WORD, last) => edge.word_cost + self.backoff(last),
                        (word, CHUNK_START) => self.model.spelling(word).cost,
                        (word, NO_WORD) => self.model.spelling(word).cost + cost::UNKNOWN_CONTEXT,
                        (word, last) => self.model.bigram_cost(last, word),
                    };
                    let next = State {
                        cost: state.cost + u64::from(word) + u64::from(edge.channel),
                        last: edge.word,
                        back: (node, si),
                        edge: edge_idx,
                    };
                    insert_state(&mut self.work.states[edge.to], next);
                }
            }
        }
        let Some(best) = (0..self.work.states[to].len()).min_by_key(|&i| self.work.states[to][i].cost) else {
            return;
        };
        let mut path = std::mem::take(&mut self.work.path);
        path.clear();
        let (mut node, mut si) = (to, best);
        while node > from {
            let state = self.work.states[node][si];
            path.push(state.edge);
            (node, si) = state.back;
        }
        path.reverse();
        self.emit(&path);
        self.work.path = path;
    }

    /// The chunk token that starts at chunk letter `letter`, if one does.
    fn token_starting_at(&self, letter: usize) -> Option<usize> {
        let tokens = &self.work.tokens[self.chunk_tokens.clone()];
        let i = tokens.partition_point(|t| t.letters.start - self.base < letter);
        (i < tokens.len() && tokens[i].letters.start - self.base == letter).then_some(i)
    }

    /// Records the chosen words' boundaries, with confidences, as decisions.
    fn emit(&mut self, path: &[usize]) {
        let n = self.chunk_len();
        let (from, to) = (self.work.edges[path[0]].from, self.work.edges[path[path.len() - 1]].to);
        let mut gold = std::mem::take(&mut self.work.gold);
        if gold.len() < n {
            gold.resize(n, Sep::None);
        }
        gold[from..to].fill(Sep::None);
        for &e in path {
            let edge = &self.work.edges[e];
            for (i, sep) in gold[edge.from..edge.to - 1].iter_mut().enumerate() {
                if edge.zwnj_mask & (1 << i) != 0 {
                    *sep = Sep::Zwnj;
                }
            }
            if edge.to < n {
                gold[edge.to - 1] = Sep::Space;
            }
        }
        // confidence per group of words that covers whole tokens
        let mut group_start = 0;
        let mut chosen_cost: i64 = 0;
        // the same with the bigrams between the group's own words: how likely the words alone are
        let mut words_cost: i64 = 0;
        let mut previous = NO_WORD;
        for (i, &e) in path.iter().enumerate() {
            let edge = self.work.edges[e];
            let word = if edge.word == NO_WORD { edge.word_cost } else { self.model.spelling(edge.word).cost };
            chosen_cost += i64::from(word + edge.channel);
            // (a pair the model has seen makes its second word likelier; an unseen one costs no more)
            let within = if previous != NO_WORD && edge.word != NO_WORD && group_start < i {
                self.model.bigram_cost(previous, edge.word).min(word)
            } else {
                word
            };
            words_cost += i64::from(within + edge.channel);
            previous = edge.word;
            let next_token = if edge.to == n { Some(self.chunk_tokens.len()) } else { self.token_starting_at(edge.to) };
            let Some(last_token) = next_token else {
                if i + 1 < path.len() {
                    continue;
                }
                break;
            };
            let group_from = self.work.edges[path[group_start]].from;
            let changed = (group_from..edge.to.min(n - 1)).any(|b| gold[b] != self.work.seps[self.base + b]);
            if changed {
                let first_token = self.token_starting_at(group_from).unwrap_or(0);
                let identity: i64 =
                    self.work.observed_cost[first_token..last_token].iter().map(|&c| i64::from(c)).sum();
                let margin = (identity - chosen_cost) as f32 / 1000.0;
                let confidence = (1.0 / (1.0 + (-margin).exp())).clamp(0.5, 0.99);
                let written = &self.work.seps[self.base + group_from..self.base + edge.to.min(n - 1)];
                let decided = &gold[group_from..edge.to.min(n - 1)];
                // a word cut (`نشانهرفته` → `نشانه رفته`, `و تگرانی` → `وت گرانی`) only where
                // the words alone (with the bigrams between them) are likelier than as written,
                // never on the context alone: a misspelled word is more often read as two words
                // than it is two words
                let cuts = decided.iter().zip(written).any(|(&sep, &now)| sep == Sep::Space && now != Sep::Space);
                if identity > words_cost || !cuts {
                    for (i, (&sep, &now)) in decided.iter().zip(written).enumerate() {
                        if sep != now {
                            self.work.decisions.push((self.base + group_from + i, sep, confidence));
                        }
                    }
                }
            }
            group_start = i + 1;
            chosen_cost = 0;
            words_cost = 0;
        }
        debug_assert!(from < to);
        self.work.gold = gold;
    }

    /// The change that turns boundary `b` as written into the restored one.
    fn boundary_change(&self, b: usize) -> Change {
        let (at, confidence) = (self.work.letters[b].end as usize, self.work.confidence[b]);
        let (span, after, kind) = match (self.work.written[b], self.work.seps[b]) {
            (Sep::None, Sep::Zwnj) => (at..at, ZWNJ_STR, EditKind::Zwnj),
            (Sep::Space, Sep::Zwnj) => (at..at + 1, ZWNJ_STR, EditKind::Zwnj),
            (Sep::Zwnj, Sep::None) => (at..at + ZWNJ.len_utf8(), "", EditKind::Zwnj),
            (Sep::Space, Sep::None) => (at..at + 1, "", EditKind::Space),
            (Sep::None, Sep::Space) => (at..at, " ", EditKind::Space),
            (Sep::Zwnj, Sep::Space) => (at..at + ZWNJ.len_utf8(), " ", EditKind::Space),
            _ => unreachable!("boundary_change on an unchanged boundary"),
        };
        Change { span, after: Cow::Borrowed(after), kind, confidence }
    }
}

impl Drop for Spacer<'_> {
    fn drop(&mut self) {
        let cache = self.cache.take();
        KEY_CACHE.with(|c| c.set(cache));
        if self.work.letters.capacity() <= SPARE_LETTERS && self.work.keys.capacity() <= 2 * SPARE_LETTERS {
            let work = std::mem::take(&mut self.work);
            SPARE_BUFFERS.with(|spare| spare.set(Some(work)));
        }
    }
}

/// Keeps the best state per last word, and at most BEAM states.
fn insert_state(states: &mut Vec<State>, next: State) {
    if let Some(same) = states.iter_mut().find(|s| s.last == next.last) {
        if next.cost < same.cost {
            *same = next;
        }
        return;
    }
    if states.len() < BEAM {
        states.push(next);
        return;
    }
    let worst = (0..states.len()).max_by_key(|&i| states[i].cost).unwrap();
    if next.cost < states[worst].cost {
        states[worst] = next;
    }
}
