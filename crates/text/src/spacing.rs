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
//!   (a lost ZWNJ is cheap to assume, an invented word break is dear).
//!
//! Only boundaries change: letters are never added, removed or reordered here.

use std::ops::Range;

use crate::chars::{is_letter, is_mark, is_non_joining, ZWNJ};
use crate::edit::EditKind;
use crate::model::{Model, SpellingId, MAX_LETTERS};
use crate::normalize::Change;

/// Channel and word costs, milli-nats.
mod cost {
    /// A ZWNJ the text lost (PDF extraction drops them all).
    pub const ZWNJ_DROPPED: u32 = 500;
    /// A ZWNJ typed as a space.
    pub const ZWNJ_AS_SPACE: u32 = 500;
    /// A space typed inside a word after a non-joining letter (`دیوار ها`).
    pub const SPACE_AFTER_NON_JOINER: u32 = 4_000;
    /// A space inside a word after a joining letter.
    pub const SPACE_INSIDE_WORD: u32 = 9_000;
    /// A ZWNJ where the word has none.
    pub const SPURIOUS_ZWNJ: u32 = 9_000;
    /// A space the text lost between two words (`دواصل`).
    pub const SPACE_DROPPED: u32 = 5_000;
    /// A ZWNJ where two words meet.
    pub const ZWNJ_FOR_SPACE: u32 = 9_000;
    /// A token written in a way the lexicon does not list, beyond its best listed spelling.
    pub const UNLISTED_SPELLING: u32 = 3_000;
    /// A token the lexicon does not know at all.
    pub const UNKNOWN_WORD: u32 = 21_000;
    /// A known word + ZWNJ + compound element, beyond the element's own cost.
    pub const COMPOUND: u32 = 2_000;
    /// A verb ending (م ی د یم ید ند) on a stem after می.
    pub const VERB_ENDING: u32 = 1_500;
    /// Added to the cost of changing a boundary in text that already uses ZWNJs.
    pub const ZWNJ_WRITER: u32 = 3_000;
    /// Added to the cost of a damage other than the one the text shows (a ZWNJ typed as a
    /// space in text whose ZWNJs were dropped, and the reverse).
    pub const OTHER_DAMAGE: u32 = 2_500;
    /// Backoff after a word that is not a lexicon spelling (the model's median backoff).
    pub const UNKNOWN_CONTEXT: u32 = 693;
}

/// Affixes joined to a known stem by a ZWNJ: (affix, cost, needs a stem ending in ه or ی).
const SUFFIXES: &[(&str, u32, bool)] = &[
    ("ها", 2_500, false),
    ("های", 2_500, false),
    ("هایی", 3_500, false),
    ("هایم", 4_000, false),
    ("هایت", 4_000, false),
    ("هایش", 3_500, false),
    ("هایمان", 4_000, false),
    ("هایتان", 4_000, false),
    ("هایشان", 3_500, false),
    ("ترین", 3_500, false),
    ("تر", 3_500, false),
    ("ای", 3_000, true),
    ("ام", 3_500, true),
    ("ات", 4_000, true),
    ("اش", 3_500, true),
    ("ایم", 3_500, true),
    ("اید", 3_500, true),
    ("اند", 3_000, true),
];
/// Personal endings of verbs, written joined to the stem.
const VERB_ENDINGS: &[&str] = &["م", "ی", "د", "یم", "ید", "ند"];

/// Prefixes joined to a known word by a ZWNJ after their last letter, with their cost.
const PREFIXES: &[(&str, u32)] = &[
    ("می", 2_500),
    ("نمی", 3_000),
    ("بی", 6_000),
    // preverbs before می (برمی‌گردد, فرونمی‌نشیند)
    ("برمی", 3_000),
    ("برنمی", 3_500),
    ("درمی", 3_000),
    ("درنمی", 3_500),
    ("بازمی", 3_000),
    ("بازنمی", 3_500),
    ("فرومی", 3_000),
    ("فرونمی", 3_500),
    ("فرامی", 3_000),
    ("وامی", 3_000),
    ("ورمی", 3_500),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sep {
    None,
    Space,
    Zwnj,
}

#[derive(Clone, Copy, Debug)]
struct Letter {
    ch: char,
    /// Byte offset just past the letter and its marks.
    end: usize,
}

/// The word of an edge that is not a lexicon spelling.
const NO_WORD: u32 = u32::MAX;
/// The context at the start of a chunk.
const CHUNK_START: u32 = u32::MAX - 1;

#[derive(Clone, Copy, Debug)]
struct Edge {
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

/// Restores ZWNJs and spaces in normalized text; reusable buffers make it allocation-light.
pub(crate) struct Spacer<'m> {
    model: &'m Model,
    letters: Vec<Letter>,
    seps: Vec<Sep>,
    token_starts: Vec<usize>,
    edges: Vec<Edge>,
    edges_from: Vec<Vec<usize>>,
    states: Vec<Vec<State>>,
    key: String,
    observed_cost: Vec<u32>,
    analyses: Vec<(u64, u32)>,
    /// How this text was damaged, as estimated from it.
    channel_costs: ChannelCosts,
}

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
    /// Estimates from the text itself whether its ZWNJs were dropped (PDF extraction: fused
    /// `میکند`), typed as spaces (`می کند`), or kept (a careful writer, whose fused and spaced
    /// words are then likely meant).
    fn estimate(model: &Model, text: &str) -> ChannelCosts {
        let (mut zwnjs, mut words, mut spaced, mut fused) = (0usize, 0usize, 0usize, 0usize);
        for token in text.split(|c: char| !(is_letter(c) || is_mark(c) || c == ZWNJ)) {
            if token.is_empty() {
                continue;
            }
            words += 1;
            if token.contains(ZWNJ) {
                zwnjs += token.matches(ZWNJ).count();
                continue;
            }
            if STANDALONE_AFFIXES.contains(&token) {
                spaced += 1;
            } else if token.len() > 6 && (token.starts_with("می") || token.starts_with("نمی") || token.ends_with("ها") || token.ends_with("های"))
                && model.lookup(token).next().is_some_and(|(_, s)| s.zwnj_mask != 0)
            {
                fused += 1;
            }
        }
        let base = ChannelCosts {
            spaced: false,
            zwnj_dropped: cost::ZWNJ_DROPPED,
            zwnj_as_space: cost::ZWNJ_AS_SPACE,
            space_after_non_joiner: cost::SPACE_AFTER_NON_JOINER,
        };
        if zwnjs > 0 && zwnjs * 40 >= words {
            ChannelCosts {
                spaced: false,
                zwnj_dropped: base.zwnj_dropped + cost::ZWNJ_WRITER,
                zwnj_as_space: base.zwnj_as_space + cost::ZWNJ_WRITER,
                space_after_non_joiner: base.space_after_non_joiner + cost::ZWNJ_WRITER,
            }
        } else if fused > spaced {
            ChannelCosts { zwnj_as_space: base.zwnj_as_space + cost::OTHER_DAMAGE, space_after_non_joiner: base.space_after_non_joiner + cost::OTHER_DAMAGE, ..base }
        } else if spaced > fused {
            ChannelCosts { spaced: true, zwnj_dropped: base.zwnj_dropped + cost::OTHER_DAMAGE, ..base }
        } else {
            base
        }
    }
}

/// Affixes that stand alone only where a ZWNJ was typed as a space.
const STANDALONE_AFFIXES: &[&str] = &["می", "نمی", "ها", "های", "هایی", "اند", "ایم", "ترین"];

impl<'m> Spacer<'m> {
    pub fn new(model: &'m Model) -> Self {
        Spacer {
            model,
            letters: Vec::new(),
            seps: Vec::new(),
            token_starts: Vec::new(),
            edges: Vec::new(),
            edges_from: Vec::new(),
            states: Vec::new(),
            key: String::new(),
            observed_cost: Vec::new(),
            analyses: Vec::new(),
            channel_costs: ChannelCosts { spaced: false, zwnj_dropped: 0, zwnj_as_space: 0, space_after_non_joiner: 0 },
        }
    }

    /// Returns the boundary changes for `text` (already normalized), outside `protected`.
    pub fn restore(&mut self, text: &str, protected: &[Range<usize>], out: &mut Vec<Change>) {
        self.channel_costs = ChannelCosts::estimate(self.model, text);
        #[derive(PartialEq, Clone, Copy)]
        enum At {
            Outside,
            Letter,
            Zwnj,
            Space,
        }
        let mut at = At::Outside;
        self.clear();
        let mut guard = protected.iter().peekable();
        for (i, c) in text.char_indices() {
            while guard.peek().is_some_and(|r| r.end <= i) {
                guard.next();
            }
            if guard.peek().is_some_and(|r| r.start <= i) {
                if at != At::Outside {
                    self.flush(out);
                    at = At::Outside;
                }
                continue;
            }
            if is_letter(c) {
                let sep = match at {
                    At::Letter => Sep::None,
                    At::Zwnj => Sep::Zwnj,
                    At::Space => Sep::Space,
                    At::Outside => {
                        self.flush(out);
                        self.token_starts.push(0);
                        self.letters.push(Letter { ch: c, end: i + c.len_utf8() });
                        at = At::Letter;
                        continue;
                    }
                };
                if sep == Sep::Space {
                    self.token_starts.push(self.letters.len());
                }
                self.seps.push(sep);
                self.letters.push(Letter { ch: c, end: i + c.len_utf8() });
                at = At::Letter;
            } else if is_mark(c) && at == At::Letter {
                self.letters.last_mut().unwrap().end = i + c.len_utf8();
            } else if c == ZWNJ && at == At::Letter {
                at = At::Zwnj;
            } else if c == ' ' && at == At::Letter {
                at = At::Space;
            } else {
                if at != At::Outside {
                    self.flush(out);
                }
                at = At::Outside;
            }
        }
        self.flush(out);
    }

    fn clear(&mut self) {
        self.letters.clear();
        self.seps.clear();
        self.token_starts.clear();
    }

    /// Decodes the chunk gathered so far and forgets it.
    fn flush(&mut self, out: &mut Vec<Change>) {
        if !self.letters.is_empty() {
            self.decode(out);
        }
        self.clear();
    }

    fn token_end(&self, token: usize) -> usize {
        self.token_starts.get(token + 1).copied().unwrap_or(self.letters.len())
    }

    fn fill_key(&mut self, range: Range<usize>) {
        self.key.clear();
        for l in &self.letters[range] {
            self.key.push(l.ch);
        }
    }

    fn observed_mask(&self, range: Range<usize>) -> u64 {
        let mut mask = 0;
        for b in range.start..range.end - 1 {
            if self.seps[b] == Sep::Zwnj {
                mask |= 1 << (b - range.start);
            }
        }
        mask
    }

    /// Channel cost of reading `range` as one word spelled with `mask`, ending in a word break.
    fn channel(&self, range: Range<usize>, mask: u64) -> u32 {
        let mut total = 0;
        for b in range.start..range.end - 1 {
            let zwnj = mask & (1 << (b - range.start)) != 0;
            total += match (zwnj, self.seps[b]) {
                (true, Sep::Zwnj) | (false, Sep::None) => 0,
                (true, Sep::None) => self.channel_costs.zwnj_dropped,
                (true, Sep::Space) => self.channel_costs.zwnj_as_space,
                (false, Sep::Space) if is_non_joining(self.letters[b].ch) => self.channel_costs.space_after_non_joiner,
                (false, Sep::Space) => cost::SPACE_INSIDE_WORD,
                (false, Sep::Zwnj) => cost::SPURIOUS_ZWNJ,
            };
        }
        if range.end < self.letters.len() {
            total += match self.seps[range.end - 1] {
                Sep::Space => 0,
                Sep::None => cost::SPACE_DROPPED,
                Sep::Zwnj => cost::ZWNJ_FOR_SPACE,
            };
        }
        total
    }

    fn push_edge(&mut self, range: Range<usize>, zwnj_mask: u64, word: SpellingId, word_cost: u32) {
        let channel = self.channel(range.clone(), zwnj_mask);
        let idx = self.edges.len();
        self.edges.push(Edge { from: range.start, to: range.end, zwnj_mask, word, word_cost, channel });
        self.edges_from[range.start].push(idx);
    }

    /// Adds the lexicon's spellings of `range`; returns the cheapest cost, if any.
    fn lexicon_edges(&mut self, range: Range<usize>) -> Option<u32> {
        self.fill_key(range.clone());
        let model = self.model;
        let mut best = None;
        let found: Vec<(SpellingId, u64, u32)> =
            model.lookup(&self.key).map(|(id, s)| (id, s.zwnj_mask, s.cost)).collect();
        for (id, mask, cost) in found {
            best = Some(best.map_or(cost, |b: u32| b.min(cost)));
            self.push_edge(range.clone(), mask, id, cost);
        }
        best
    }

    /// Analyses of an unknown key: prefix + known word (or known stem + verb ending), known word
    /// + suffix, known word + compound element. With `junction` (a byte offset in `key`), only
    /// analyses whose affix boundary is there.
    fn affix_analyses(&self, key: &str, junction: Option<usize>, found: &mut Vec<(u64, u32)>) {
        let model = self.model;
        let best = |stem: &str| model.lookup(stem).next().map(|(_, s)| (s.zwnj_mask, s.cost));
        let mut stem_letters = 0;
        for (j, c) in key.char_indices().skip(1) {
            stem_letters += 1;
            let _ = c;
            if junction.is_some_and(|at| at != j) || stem_letters < 2 {
                continue;
            }
            let (stem, rest) = key.split_at(j);
            let last = stem.chars().next_back().unwrap();
            let join = if is_non_joining(last) { 0 } else { 1u64 << (stem_letters - 1) };
            let affix_cost = SUFFIXES
                .iter()
                .find(|(suffix, _, after_vowel)| *suffix == rest && (!after_vowel || matches!(last, 'ه' | 'ی')))
                .map(|&(_, cost, _)| cost)
                .or_else(|| {
                    // a compound element only inside a written token: a space before it is a
                    // word break as often as not
                    let element = model.element(rest).filter(|e| junction.is_none() || (e.bound && self.channel_costs.spaced))?;
                    (join != 0).then_some(element.cost + cost::COMPOUND)
                });
            if let Some(affix_cost) = affix_cost {
                if let Some((mask, cost)) = best(stem) {
                    found.push((mask | join, cost + affix_cost));
                }
            }
        }
        for &(prefix, penalty) in PREFIXES {
            let Some(rest) = key.strip_prefix(prefix) else { continue };
            if junction.is_some_and(|at| at != prefix.len()) || rest.chars().count() < 2 {
                continue;
            }
            let p = prefix.chars().count();
            let analysis = best(rest).or_else(|| {
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

    fn build_lattice(&mut self) {
        let n = self.letters.len();
        self.edges.clear();
        self.edges_from.iter_mut().for_each(Vec::clear);
        if self.edges_from.len() < n + 1 {
            self.edges_from.resize_with(n + 1, Vec::new);
        }
        self.observed_cost.clear();
        let tokens = self.token_starts.len();
        for t in 0..tokens {
            let start = self.token_starts[t];
            let end = self.token_end(t);
            // the token as one word
            let observed = self.observed_mask(start..end);
            let best = if end - start <= MAX_LETTERS { self.lexicon_edges(start..end) } else { None };
            let listed_as_written = self.edges_from[start]
                .iter()
                .any(|&e| self.edges[e].to == end && self.edges[e].zwnj_mask == observed);
            let observed_cost = match best {
                Some(best) if !listed_as_written => {
                    self.push_edge(start..end, observed, NO_WORD, best + cost::UNLISTED_SPELLING);
                    best + cost::UNLISTED_SPELLING
                }
                Some(_) => self.edges_from[start]
                    .iter()
                    .map(|&e| &self.edges[e])
                    .find(|e| e.to == end && e.zwnj_mask == observed)
                    .map_or(cost::UNKNOWN_WORD, |e| self.model.spelling(e.word).cost),
                None => {
                    let mut analyses = std::mem::take(&mut self.analyses);
                    analyses.clear();
                    if observed == 0 {
                        self.affix_analyses(&self.key, None, &mut analyses);
                    }
                    let found_analysis = !analyses.is_empty();
                    for &(mask, cost) in &analyses {
                        self.push_edge(start..end, mask, NO_WORD, cost);
                    }
                    self.analyses = analyses;
                    self.push_edge(start..end, observed, NO_WORD, cost::UNKNOWN_WORD);
                    if !found_analysis && observed == 0 {
                        self.split_edges(start..end);
                    }
                    cost::UNKNOWN_WORD
                }
            };
            self.observed_cost.push(observed_cost);
            // two or three tokens as one word
            for k in 2..=3 {
                if t + k > tokens {
                    break;
                }
                let merged_end = self.token_end(t + k - 1);
                if merged_end - start > MAX_LETTERS {
                    break;
                }
                if self.lexicon_edges(start..merged_end).is_none() {
                    // the last token an affix or element of the tokens before it
                    let stem_end = self.token_starts[t + k - 1];
                    let junction: usize = self.letters[start..stem_end].iter().map(|l| l.ch.len_utf8()).sum();
                    let mut analyses = std::mem::take(&mut self.analyses);
                    analyses.clear();
                    self.affix_analyses(&self.key, Some(junction), &mut analyses);
                    for &(mask, cost) in &analyses {
                        self.push_edge(start..merged_end, mask, NO_WORD, cost);
                    }
                    self.analyses = analyses;
                }
            }
        }
    }

    /// An unknown fused token read as two known words (`دواصل` → `دو اصل`).
    fn split_edges(&mut self, range: Range<usize>) {
        for cut in range.start + 1..range.end - 1 {
            if cut - range.start > MAX_LETTERS || range.end - cut > MAX_LETTERS {
                continue;
            }
            self.fill_key(cut..range.end);
            if !self.model.contains(&self.key) {
                continue;
            }
            self.fill_key(range.start..cut);
            if !self.model.contains(&self.key) {
                continue;
            }
            self.lexicon_edges(range.start..cut);
            self.lexicon_edges(cut..range.end);
        }
    }

    fn backoff(&self, last: SpellingId) -> u32 {
        match last {
            CHUNK_START => 0,
            NO_WORD => cost::UNKNOWN_CONTEXT,
            word => self.model.spelling(word).backoff,
        }
    }

    fn decode(&mut self, out: &mut Vec<Change>) {
        let n = self.letters.len();
        if n < 2 {
            return;
        }
        self.build_lattice();
        for s in self.states.iter_mut() {
            s.clear();
        }
        if self.states.len() < n + 1 {
            self.states.resize_with(n + 1, Vec::new);
        }
        self.states[0].push(State { cost: 0, last: CHUNK_START, back: (0, 0), edge: usize::MAX });
        for node in 0..n {
            if self.states[node].is_empty() {
                continue;
            }
            for ei in 0..self.edges_from[node].len() {
                let edge_idx = self.edges_from[node][ei];
                let edge = self.edges[edge_idx];
                for si in 0..self.states[node].len() {
                    let state = self.states[node][si];
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
                    insert_state(&mut self.states[edge.to], next);
                }
            }
        }
        let Some(best) = (0..self.states[n].len()).min_by_key(|&i| self.states[n][i].cost) else {
            return;
        };
        // walk back, collecting the chosen edges
        let mut path = Vec::new();
        let (mut node, mut si) = (n, best);
        while node > 0 {
            let state = self.states[node][si];
            path.push(state.edge);
            (node, si) = state.back;
        }
        path.reverse();
        self.emit(&path, out);
    }

    /// Turns the chosen words into boundary changes with confidences.
    fn emit(&self, path: &[usize], out: &mut Vec<Change>) {
        let n = self.letters.len();
        let mut gold = vec![Sep::None; n - 1];
        for &e in path {
            let edge = &self.edges[e];
            for b in edge.from..edge.to - 1 {
                if edge.zwnj_mask & (1 << (b - edge.from)) != 0 {
                    gold[b] = Sep::Zwnj;
                }
            }
            if edge.to < n {
                gold[edge.to - 1] = Sep::Space;
            }
        }
        // confidence per group of words that covers whole tokens
        let mut group_start = 0;
        let mut chosen_cost: i64 = 0;
        for (i, &e) in path.iter().enumerate() {
            let edge = &self.edges[e];
            let word = if edge.word == NO_WORD { edge.word_cost } else { self.model.spelling(edge.word).cost };
            chosen_cost += i64::from(word + edge.channel);
            let ends_token = edge.to == n || self.token_starts.binary_search(&edge.to).is_ok();
            if !ends_token && i + 1 < path.len() {
                continue;
            }
            let from = self.edges[path[group_start]].from;
            let first_token = self.token_starts.partition_point(|&s| s < from);
            let last_token = self.token_starts.partition_point(|&s| s < edge.to);
            let identity: i64 = self.observed_cost[first_token..last_token].iter().map(|&c| i64::from(c)).sum();
            let margin = (identity - chosen_cost) as f32 / 1000.0;
            let confidence = (1.0 / (1.0 + (-margin).exp())).clamp(0.5, 0.99);
            for b in from..edge.to.min(n - 1) {
                if gold[b] != self.seps[b] {
                    out.push(self.boundary_change(b, gold[b], confidence));
                }
            }
            group_start = i + 1;
            chosen_cost = 0;
        }
    }

    fn boundary_change(&self, b: usize, gold: Sep, confidence: f32) -> Change {
        let at = self.letters[b].end;
        let (span, after, kind) = match (self.seps[b], gold) {
            (Sep::None, Sep::Zwnj) => (at..at, ZWNJ.to_string(), EditKind::Zwnj),
            (Sep::Space, Sep::Zwnj) => (at..at + 1, ZWNJ.to_string(), EditKind::Zwnj),
            (Sep::Zwnj, Sep::None) => (at..at + ZWNJ.len_utf8(), String::new(), EditKind::Zwnj),
            (Sep::Space, Sep::None) => (at..at + 1, String::new(), EditKind::Space),
            (Sep::None, Sep::Space) => (at..at, " ".into(), EditKind::Space),
            (Sep::Zwnj, Sep::Space) => (at..at + ZWNJ.len_utf8(), " ".into(), EditKind::Space),
            _ => unreachable!("boundary_change on an unchanged boundary"),
        };
        Change { span, after, kind, confidence }
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
