//! Evaluation of the spelling stage: realistic errors injected into correctly written sentences
//! (a letter typed as its look-alike, a letter dropped or doubled, a stray space or ZWNJ inside
//! a word), at most one a sentence; detection and correction scored against them, and the
//! changes made to the untouched sentences counted.

use std::fmt;
use std::ops::Range;

use serde::Serialize;

use super::Prf;
use crate::chars::{is_letter, is_non_joining, ZWNJ};
use crate::spelling::{same_letters, FlagKind, Speller};
use crate::{EditKind, Restorer};

/// The kinds of error injected, as the issue lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// ب پ ت ث ن ی, ج چ ح خ, د ذ, ر ز ژ, س ش, ص ض, ط ظ, ع غ, ف ق, ک گ.
    Confusion,
    /// A letter left out.
    Dropped,
    /// A letter typed twice.
    Doubled,
    /// A space or ZWNJ inside a word.
    StrayBreak,
}

const KINDS: [ErrorKind; 4] = [ErrorKind::Confusion, ErrorKind::Dropped, ErrorKind::Doubled, ErrorKind::StrayBreak];
const GROUPS: &[&str] = &["بپتثنی", "جچحخ", "دذ", "رزژ", "سش", "صض", "طظ", "عغ", "فق", "کگ"];

/// One evaluation sentence with its injected error, if any.
#[derive(Clone, Debug)]
pub struct SpellingSample {
    /// The sentence as it should read.
    pub gold: String,
    /// The sentence with the error.
    pub input: String,
    /// Where the damaged word stands in `input`, what was done, and whether the result is
    /// itself a word the lexicon knows (a real-word error).
    pub error: Option<(Range<usize>, ErrorKind, bool)>,
}

/// Figures for one kind of error.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct KindFigures {
    /// Errors injected (non-word errors only).
    pub injected: u64,
    /// Of those, flagged or corrected.
    pub detected: u64,
    /// Of those, corrected to the gold word.
    pub corrected: u64,
}

/// The result of [`evaluate_spelling`].
#[derive(Clone, Debug, Default, Serialize)]
pub struct SpellingReport {
    /// Sentences evaluated.
    pub sentences: u64,
    /// Persian words in the gold sentences.
    pub words: u64,
    /// Errors injected that made a non-word.
    pub nonword_errors: u64,
    /// Errors injected that made another real word (reported apart).
    pub realword_errors: u64,
    /// Detection of non-word errors: a `misspelled` flag or a correction on the damaged word;
    /// false positives are such flags and corrections on correct words.
    pub detection: Prf,
    /// Correction of non-word errors (in fix mode): the damaged word made right; false
    /// positives are corrections that made a word wrong.
    pub correction: Prf,
    /// Real-word errors flagged or corrected.
    pub realword_detected: u64,
    /// `unknown` flags on damaged words (detected as non-words, no sure candidate).
    pub unknown_on_errors: u64,
    /// `unknown` flags on correct words of the damaged sentences.
    pub unknown_on_correct: u64,
    /// Per kind of error.
    pub by_kind: Vec<(ErrorKind, KindFigures)>,
    /// On the untouched sentences: words changed by spelling corrections.
    pub clean_words_changed: u64,
    /// On the untouched sentences: `misspelled` flags.
    pub clean_words_flagged: u64,
}

impl SpellingReport {
    /// Words changed on clean text per 10,000 words.
    pub fn clean_changes_per_10k(&self) -> f64 {
        self.clean_words_changed as f64 * 10_000.0 / self.words.max(1) as f64
    }
}

/// Injects errors into `rate` of the words (at most one a sentence) of the gold sentences;
/// the gold is U+0654-stripped and character-normalized first.
pub fn inject_errors<'a>(
    gold: impl IntoIterator<Item = &'a str>,
    restorer: &Restorer,
    rate: f64,
    seed: u64,
) -> Vec<SpellingSample> {
    let char_only = Restorer::builder().spacing(false).build();
    let speller = Speller::new(restorer.model());
    let mut rng = seed | 1;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut samples = Vec::new();
    for line in gold.into_iter().map(str::trim).filter(|l| !l.is_empty()) {
        let gold = char_only.fix(&line.replace('\u{0654}', ""));
        let words: Vec<Range<usize>> = persian_words(&gold).filter(|w| gold[w.clone()].chars().count() >= 3).collect();
        // one error a sentence, sentences chosen so that `rate` of all words are damaged
        let chance = (rate * words.len() as f64).min(1.0);
        let roll = (next() % 1_000_000) as f64 / 1_000_000.0;
        if words.is_empty() || roll >= chance {
            samples.push(SpellingSample { input: gold.clone(), gold, error: None });
            continue;
        }
        let target = words[(next() % words.len() as u64) as usize].clone();
        let kind = KINDS[[0, 0, 0, 1, 2, 3][(next() % 6) as usize]];
        let Some(damaged) = damage(&gold[target.clone()], kind, &mut next) else {
            samples.push(SpellingSample { input: gold.clone(), gold, error: None });
            continue;
        };
        let input = format!("{}{}{}", &gold[..target.start], damaged, &gold[target.end..]);
        let span = target.start..target.start + damaged.len();
        let real_word = damaged.split(' ').all(|part| speller.is_word(part));
        samples.push(SpellingSample { gold, input, error: Some((span, kind, real_word)) });
    }
    samples
}

/// The damaged form of a word, or None when the word offers no place for that error.
fn damage(word: &str, kind: ErrorKind, next: &mut impl FnMut() -> u64) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    let letters: Vec<usize> = (0..chars.len()).filter(|&i| is_letter(chars[i])).collect();
    let pick = |options: &[usize], next: &mut dyn FnMut() -> u64| {
        options.get((next() % options.len().max(1) as u64) as usize).copied()
    };
    let mut out = chars.clone();
    match kind {
        ErrorKind::Confusion => {
            let options: Vec<usize> =
                letters.iter().copied().filter(|&i| GROUPS.iter().any(|g| g.contains(chars[i]))).collect();
            let i = pick(&options, next)?;
            let group: Vec<char> =
                GROUPS.iter().find(|g| g.contains(chars[i]))?.chars().filter(|&c| c != chars[i]).collect();
            out[i] = group[(next() % group.len() as u64) as usize];
        }
        ErrorKind::Dropped => {
            let i = pick(&letters, next)?;
            out.remove(i);
        }
        ErrorKind::Doubled => {
            let i = pick(&letters, next)?;
            out.insert(i, chars[i]);
        }
        ErrorKind::StrayBreak => {
            // between two letters, not next to an existing break
            let options: Vec<usize> =
                (1..chars.len()).filter(|&i| is_letter(chars[i - 1]) && is_letter(chars[i])).collect();
            let i = pick(&options, next)?;
            out.insert(
                i,
                if is_non_joining(chars[i - 1]) {
                    ' '
                } else if next().is_multiple_of(2) {
                    ZWNJ
                } else {
                    ' '
                },
            );
        }
    }
    let damaged: String = out.into_iter().collect();
    (damaged != word).then_some(damaged)
}

/// Byte ranges of the Persian words (letters and ZWNJs) of a sentence.
fn persian_words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = None;
    text.char_indices().chain([(text.len(), ' ')]).filter_map(move |(i, c)| {
        let inside = is_letter(c) || c == ZWNJ;
        match (inside, start) {
            (true, None) => {
                start = Some(i);
                None
            }
            (false, Some(s)) => {
                start = None;
                Some(s..i)
            }
            _ => None,
        }
    })
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Runs `restorer` (with its spelling mode) over the samples and over their gold sentences.
pub fn evaluate_spelling(restorer: &Restorer, samples: &[SpellingSample]) -> SpellingReport {
    let mut report =
        SpellingReport { by_kind: KINDS.iter().map(|&k| (k, KindFigures::default())).collect(), ..Default::default() };
    for sample in samples {
        report.sentences += 1;
        report.words += persian_words(&sample.gold).count() as u64;
        let restored = restorer.restore(&sample.input);
        let corrections: Vec<Range<usize>> =
            restored.edits.iter().filter(|e| e.kind == EditKind::Spelling).map(|e| e.span.clone()).collect();
        let flagged: Vec<Range<usize>> =
            restored.flags.iter().filter(|f| f.kind != FlagKind::Unknown).map(|f| f.span.clone()).collect();
        let unknown: Vec<Range<usize>> =
            restored.flags.iter().filter(|f| f.kind == FlagKind::Unknown).map(|f| f.span.clone()).collect();
        let error = sample.error.as_ref().map(|(span, _, _)| span.clone());
        let on_error = |span: &Range<usize>| error.as_ref().is_some_and(|e| overlaps(e, span));
        let wrong_detections = corrections.iter().chain(&flagged).filter(|s| !on_error(s)).count() as u64;
        report.detection.false_positives += wrong_detections;
        report.unknown_on_correct += unknown.iter().filter(|s| !on_error(s)).count() as u64;
        let right = same_letters(&restored.text, &sample.gold);
        let wrong_corrections = corrections.iter().filter(|s| !on_error(s)).count() as u64;
        report.correction.false_positives += wrong_corrections;
        let Some((_, kind, real_word)) = &sample.error else { continue };
        let detected = corrections.iter().chain(&flagged).any(&on_error);
        let corrected = corrections.iter().any(&on_error) && right;
        if *real_word {
            report.realword_errors += 1;
            report.realword_detected += u64::from(detected);
            continue;
        }
        report.nonword_errors += 1;
        report.unknown_on_errors += u64::from(!detected && unknown.iter().any(&on_error));
        if detected {
            report.detection.true_positives += 1;
        } else {
            report.detection.false_negatives += 1;
        }
        if corrected {
            report.correction.true_positives += 1;
        } else {
            report.correction.false_negatives += 1;
            // a correction of the damaged word to something else is a wrong change too
            report.correction.false_positives += u64::from(corrections.iter().any(on_error));
        }
        let figures = &mut report.by_kind.iter_mut().find(|(k, _)| k == kind).expect("every kind listed").1;
        figures.injected += 1;
        figures.detected += u64::from(detected);
        figures.corrected += u64::from(corrected);
    }
    for sample in samples {
        let restored = restorer.restore(&sample.gold);
        report.clean_words_changed += restored.edits.iter().filter(|e| e.kind == EditKind::Spelling).count() as u64;
        report.clean_words_flagged += restored.flags.iter().filter(|f| f.kind != FlagKind::Unknown).count() as u64;
    }
    report
}

impl fmt::Display for SpellingReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "sentences {}, words {}; injected: {} non-word errors, {} real-word errors",
            self.sentences, self.words, self.nonword_errors, self.realword_errors
        )?;
        let prf = |f: &mut fmt::Formatter<'_>, name: &str, p: &Prf| {
            writeln!(
                f,
                "{name:<22} P {:.3}  R {:.3}  F1 {:.3}  (right {}, wrong {}, missed {})",
                p.precision(),
                p.recall(),
                p.f1(),
                p.true_positives,
                p.false_positives,
                p.false_negatives
            )
        };
        prf(f, "detection (non-word)", &self.detection)?;
        prf(f, "correction (non-word)", &self.correction)?;
        writeln!(
            f,
            "unknown flags: {} on damaged words, {} on correct words",
            self.unknown_on_errors, self.unknown_on_correct
        )?;
        writeln!(f, "real-word errors detected: {} of {}", self.realword_detected, self.realword_errors)?;
        for (kind, k) in &self.by_kind {
            writeln!(
                f,
                "  {:<12} injected {:>4}  detected {:>4}  corrected {:>4}",
                format!("{kind:?}"),
                k.injected,
                k.detected,
                k.corrected
            )?;
        }
        write!(
            f,
            "clean sentences: {} words changed ({:.2} per 10,000 words), {} flagged",
            self.clean_words_changed,
            self.clean_changes_per_10k(),
            self.clean_words_flagged
        )
    }
}
