//! Evaluation of ZWNJ and space restoration on correctly written sentences.
//!
//! Each gold sentence is corrupted the way text breaks in the wild ([`Corruption`]), restored,
//! and every boundary between two Persian letters is scored: nothing, a space or a ZWNJ. The
//! gold is first passed through the restorer's character normalization (and U+0654 is removed,
//! since newspapers print a plain ه), so only boundaries differ between gold and output.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::chars::{is_letter, is_mark, ZWNJ};
use crate::Restorer;

pub mod spelling;

/// How gold text is corrupted before restoration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Corruption {
    /// Every ZWNJ removed, as PDF extraction does.
    Joined,
    /// Every ZWNJ typed as a space.
    Spaced,
    /// Each ZWNJ removed or made a space at random (seeded).
    Mixed,
    /// Untouched: measures how much correct text the restorer changes.
    Clean,
    /// Every ZWNJ removed and one in [`FUSED_SPACE_ODDS`] spaces between two Persian letters
    /// dropped (seeded), as extraction from narrow PDF columns does (`دواصل`, `وگشت`).
    Fused,
}

/// In the fused mode, one space between two Persian letters in this many is dropped.
pub const FUSED_SPACE_ODDS: u64 = 20;

impl FromStr for Corruption {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "joined" => Ok(Corruption::Joined),
            "spaced" => Ok(Corruption::Spaced),
            "mixed" => Ok(Corruption::Mixed),
            "clean" => Ok(Corruption::Clean),
            "fused" => Ok(Corruption::Fused),
            other => Err(format!("unknown mode {other:?}: use joined, spaced, mixed, clean or fused")),
        }
    }
}

/// Corrupts `gold` by `mode`; `seed` drives the mixed and fused modes.
pub fn corrupt(gold: &str, mode: Corruption, seed: &mut u64) -> String {
    let mut next = || {
        // xorshift64
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    };
    match mode {
        Corruption::Clean => gold.to_owned(),
        Corruption::Joined => gold.replace(ZWNJ, ""),
        Corruption::Spaced => gold.replace(ZWNJ, " "),
        Corruption::Mixed => {
            gold.chars().filter_map(|c| if c != ZWNJ { Some(c) } else { (next() & 1 == 0).then_some(' ') }).collect()
        }
        Corruption::Fused => {
            let mut out = String::with_capacity(gold.len());
            let mut chars = gold.chars().peekable();
            let mut after_letter = false;
            while let Some(c) = chars.next() {
                let between_letters = c == ' ' && after_letter && chars.peek().is_some_and(|&n| is_letter(n));
                if c != ZWNJ && !(between_letters && next() % FUSED_SPACE_ODDS == 0) {
                    out.push(c);
                }
                after_letter = is_letter(c) || (after_letter && is_mark(c));
            }
            out
        }
    }
}

/// Precision, recall and F1 of one decision.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Prf {
    /// Decisions made and right.
    pub true_positives: u64,
    /// Decisions made and wrong.
    pub false_positives: u64,
    /// Decisions missed.
    pub false_negatives: u64,
}

impl Prf {
    fn add(&mut self, gold: bool, predicted: bool) {
        match (gold, predicted) {
            (true, true) => self.true_positives += 1,
            (false, true) => self.false_positives += 1,
            (true, false) => self.false_negatives += 1,
            (false, false) => {}
        }
    }
    /// Share of decisions made that were right (1 when none was made).
    pub fn precision(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_positives)
    }
    /// Share of gold decisions that were made (1 when there were none).
    pub fn recall(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_negatives)
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// Scores of one evaluation run.
#[derive(Clone, Debug, Serialize)]
pub struct SpacingReport {
    /// The corruption applied.
    pub mode: Corruption,
    /// Sentences scored.
    pub sentences: u64,
    /// Sentences skipped because restoration changed letters, not only boundaries.
    pub skipped: u64,
    /// Boundaries between two Persian letters.
    pub boundaries: u64,
    /// ZWNJ decisions.
    pub zwnj: Prf,
    /// Space decisions.
    pub space: Prf,
    /// Gold words (runs of letters between spaces).
    pub words: u64,
    /// Gold words whose every boundary, inside and at both ends, came back right.
    pub words_right: u64,
    /// Boundaries the restorer changed in its input.
    pub changed: u64,
}

impl SpacingReport {
    /// Share of words fully right.
    pub fn word_accuracy(&self) -> f64 {
        ratio(self.words_right, self.words)
    }
    /// Share of boundaries the restorer changed.
    pub fn changed_share(&self) -> f64 {
        if self.boundaries == 0 {
            0.0
        } else {
            self.changed as f64 / self.boundaries as f64
        }
    }
}

impl fmt::Display for SpacingReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "mode: {:?}   sentences: {} (skipped {})   boundaries: {}",
            self.mode, self.sentences, self.skipped, self.boundaries
        )?;
        writeln!(f, "{:<8} {:>9} {:>9} {:>9}", "", "precision", "recall", "F1")?;
        for (name, prf) in [("zwnj", &self.zwnj), ("space", &self.space)] {
            writeln!(f, "{name:<8} {:>9.4} {:>9.4} {:>9.4}", prf.precision(), prf.recall(), prf.f1())?;
        }
        writeln!(f, "words fully right: {:.4} ({} of {})", self.word_accuracy(), self.words_right, self.words)?;
        write!(f, "boundaries changed: {:.4}% ({} of {})", 100.0 * self.changed_share(), self.changed, self.boundaries)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Boundary {
    None,
    Space,
    Zwnj,
    /// Between a letter and something that is not a Persian letter: not scored.
    Other,
}

/// The letters of `text` (marks dropped) with the boundary after each one.
fn boundaries(text: &str) -> (Vec<char>, Vec<Boundary>) {
    let mut letters = Vec::new();
    let mut seps = Vec::new();
    let mut pending: Option<Boundary> = None;
    for c in text.chars() {
        if is_mark(c) {
            continue;
        }
        if is_letter(c) {
            if !letters.is_empty() {
                seps.push(pending.unwrap_or(Boundary::Other));
            }
            letters.push(c);
            pending = Some(Boundary::None);
        } else if c == ZWNJ {
            pending = pending.map(|p| if p == Boundary::None { Boundary::Zwnj } else { p });
        } else if c == ' ' {
            pending = pending.map(|p| if p == Boundary::Other { p } else { Boundary::Space });
        } else {
            pending = Some(Boundary::Other);
            if !letters.is_empty() {
                // a non-letter breaks the sequence; keep it aligned by a marker letter
                seps.push(Boundary::Other);
                letters.push('\u{FFFC}');
            }
        }
    }
    (letters, seps)
}

/// One evaluation sentence: the gold text (character-normalized) and its corrupted form.
#[derive(Clone, Debug)]
pub struct Sample {
    /// The sentence as it should read.
    pub gold: String,
    /// The sentence as damaged, the input of the restorer under test.
    pub input: String,
}

/// Prepares gold sentences: U+0654 removed, characters normalized with `options` (spacing
/// off), then corrupted by `mode`. Blank lines are skipped.
pub fn samples<'a>(
    gold: impl IntoIterator<Item = &'a str>,
    options: &crate::RestoreOptions,
    mode: Corruption,
    seed: u64,
) -> Vec<Sample> {
    let char_only = Restorer::builder().options(crate::RestoreOptions { spacing: false, ..*options }).build();
    let mut rng = seed | 1;
    gold.into_iter()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let gold = char_only.fix(&line.replace('\u{0654}', ""));
            let input = corrupt(&gold, mode, &mut rng);
            Sample { gold, input }
        })
        .collect()
}

/// How the damaged sentences reach the restorer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Feed {
    /// One sentence at a time: each decision sees only its own sentence.
    #[default]
    Sentences,
    /// All sentences as one text, one a line, as `bayegan fix FILE` reads a file: the damage the
    /// whole text shows (ZWNJs dropped, or typed as spaces) weighs in every decision.
    Document,
}

/// Restores the damaged input of every sample, one output a sample, in order.
pub fn restore_samples(restorer: &Restorer, samples: &[Sample], feed: Feed) -> Vec<String> {
    match feed {
        Feed::Sentences => samples.iter().map(|s| restorer.fix(&s.input)).collect(),
        Feed::Document => {
            let document: String = samples.iter().flat_map(|s| [s.input.as_str(), "\n"]).collect();
            let restored: Vec<String> = restorer.fix(&document).lines().map(str::to_owned).collect();
            assert_eq!(restored.len(), samples.len(), "the restorer keeps one line a line");
            restored
        }
    }
}

/// Runs the evaluation of `restorer` over gold sentences.
pub fn evaluate_spacing<'a>(
    restorer: &Restorer,
    gold: impl IntoIterator<Item = &'a str>,
    mode: Corruption,
    seed: u64,
    feed: Feed,
) -> SpacingReport {
    let samples = samples(gold, restorer.options(), mode, seed);
    score(&samples, &restore_samples(restorer, &samples, feed), mode)
}

/// Scores the outputs of any restorer (one per sample, in order) against the gold.
pub fn score(samples: &[Sample], outputs: &[String], mode: Corruption) -> SpacingReport {
    let mut report = SpacingReport {
        mode,
        sentences: 0,
        skipped: 0,
        boundaries: 0,
        zwnj: Prf::default(),
        space: Prf::default(),
        words: 0,
        words_right: 0,
        changed: 0,
    };
    for (sample, output) in samples.iter().zip(outputs) {
        let (gold_letters, gold_seps) = boundaries(&sample.gold);
        let (in_letters, in_seps) = boundaries(&sample.input);
        let (out_letters, out_seps) = boundaries(output);
        if gold_letters != out_letters || in_letters != out_letters {
            report.skipped += 1;
            continue;
        }
        report.sentences += 1;
        let mut word_right = true;
        let mut in_word = false;
        for (b, (&g, &o)) in gold_seps.iter().zip(&out_seps).enumerate() {
            if g == Boundary::Other || o == Boundary::Other {
                if in_word {
                    report.words += 1;
                    report.words_right += u64::from(word_right);
                }
                in_word = false;
                word_right = true;
                continue;
            }
            report.boundaries += 1;
            report.zwnj.add(g == Boundary::Zwnj, o == Boundary::Zwnj);
            report.space.add(g == Boundary::Space, o == Boundary::Space);
            report.changed += u64::from(in_seps[b] != o);
            in_word = true;
            word_right &= g == o;
            if g == Boundary::Space {
                report.words += 1;
                report.words_right += u64::from(word_right);
                // the break itself also belongs to the next word
                word_right = g == o;
            }
        }
        if in_word {
            report.words += 1;
            report.words_right += u64::from(word_right);
        }
    }
    report.skipped += samples.len().saturating_sub(outputs.len()) as u64;
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corruption_modes() {
        let gold = "می\u{200c}کند و کتاب\u{200c}ها";
        let mut seed = 7;
        assert_eq!(corrupt(gold, Corruption::Joined, &mut seed), "میکند و کتابها");
        assert_eq!(corrupt(gold, Corruption::Spaced, &mut seed), "می کند و کتاب ها");
        assert_eq!(corrupt(gold, Corruption::Clean, &mut seed), gold);
        let mixed = corrupt(gold, Corruption::Mixed, &mut seed);
        assert!(!mixed.contains(ZWNJ));
        // some spaces between letters go, none elsewhere
        let line = "کتاب و دفتر، قلم و کاغذ. ".repeat(20);
        let fused = corrupt(&line, Corruption::Fused, &mut seed);
        assert!(fused.matches(' ').count() < line.matches(' ').count(), "{fused}");
        assert_eq!(fused.matches("، ").count(), 20, "a space after punctuation stays");
        assert_eq!(fused.replace(' ', ""), line.replace(' ', ""));
    }

    #[test]
    fn perfect_restoration_scores_one() {
        let restorer = Restorer::new();
        let report =
            evaluate_spacing(&restorer, ["این کار را می\u{200c}کنند."], Corruption::Joined, 1, Feed::Sentences);
        assert_eq!(report.sentences, 1);
        assert_eq!(report.zwnj.true_positives, 1);
        assert_eq!(report.zwnj.f1(), 1.0);
        assert_eq!(report.words, 4);
        assert_eq!(report.words_right, 4);
        assert_eq!(report.changed, 1);
    }
}
