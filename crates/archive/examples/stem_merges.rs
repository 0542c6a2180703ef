//! How often the analyzer's extra tokens merge unrelated words. PerDT writes every ZWNJ with
//! care, so it says where a word really has parts: `کتاب‌ها` has the stem `کتاب`, `دفتر` has no
//! stem `دف`, `تنها` ("alone") has no part `تن`. Each word of the corpus is analysed as a PDF
//! gives it (ZWNJs lost: `کتابها`, `دفتر`, `تنها`) and as written; every part boundary and stem
//! the analyzer yields is checked against the written word's ZWNJs. Where the letter before the
//! boundary does not join (`خودروها`), no ZWNJ can be written and the corpus cannot tell: such
//! boundaries are counted apart.
//!
//!     cargo run --release -p bayegan-archive --example stem_merges -- ../shared/corpora/perdt_dev.txt [--list 40]

use std::collections::HashMap;

use bayegan_archive::PersianAnalyzer;
use bayegan_text::{is_letter, is_mark, is_non_joining, ZWNJ};

/// One analysed spelling's verdict.
#[derive(Default)]
struct Tally {
    occurrences: u64,
    with_extra: u64,
    wrong: u64,
    unverifiable: u64,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        return Err("usage: stem_merges PERDT.txt [--list N]".into());
    };
    let list: usize = match args.iter().position(|a| a == "--list") {
        Some(i) => args.get(i + 1).ok_or("--list needs a number")?.parse()?,
        None => 30,
    };
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut counts: HashMap<String, u64> = HashMap::new();
    for word in text.split(|c: char| c.is_whitespace()) {
        let word: String = word.chars().filter(|&c| c != '\u{0654}').collect();
        let word = word.trim_matches(|c: char| !is_letter(c) && c != ZWNJ);
        if word.chars().any(is_letter) && word.chars().all(|c| is_letter(c) || is_mark(c) || c == ZWNJ) {
            *counts.entry(word.to_owned()).or_default() += 1;
        }
    }
    let analyzer = PersianAnalyzer::default();
    let (mut fused, mut written) = (Tally::default(), Tally::default());
    let mut wrong_words: Vec<(u64, String, String)> = Vec::new();
    for (gold, &n) in &counts {
        let truth = Boundaries::of(gold);
        let as_pdf: String = gold.chars().filter(|&c| c != ZWNJ).collect();
        for (input, tally) in [(&as_pdf, &mut fused), (gold, &mut written)] {
            let Some(word) = analyzer.words(input).into_iter().next() else { continue };
            tally.occurrences += n;
            let mut claims: Vec<usize> = Vec::new();
            if word.parts.len() > 1 {
                let mut at = 0;
                for part in &word.parts[..word.parts.len() - 1] {
                    at += part.chars().count();
                    claims.push(at);
                }
            }
            if let Some(stem) = &word.stem {
                claims.push(stem.chars().count());
            }
            if claims.is_empty() {
                continue;
            }
            tally.with_extra += n;
            let bad = claims.iter().find(|&&at| !truth.zwnj.contains(&at) && !truth.open.contains(&at));
            if let Some(&at) = bad {
                tally.wrong += n;
                if std::ptr::eq(input, &as_pdf) {
                    let shown: String =
                        word.whole.chars().take(at).chain(['|']).chain(word.whole.chars().skip(at)).collect();
                    wrong_words.push((n, gold.clone(), shown));
                }
            } else if claims.iter().any(|at| truth.open.contains(at)) {
                tally.unverifiable += n;
            }
        }
    }
    let pct = |a: u64, b: u64| if b == 0 { 0.0 } else { 100.0 * a as f64 / b as f64 };
    println!("corpus: {path}: {} word occurrences, {} spellings", fused.occurrences, counts.len());
    for (name, t) in [("as a PDF gives them (ZWNJs lost)", &fused), ("as written (ZWNJs kept)", &written)] {
        println!(
            "{name}: {} occurrences yield parts or a stem; wrong: {} ({:.2}% of those, {:.3}% of all words); \
             after a non-joining letter, unverifiable: {}",
            t.with_extra,
            t.wrong,
            pct(t.wrong, t.with_extra),
            pct(t.wrong, t.occurrences),
            t.unverifiable
        );
    }
    wrong_words.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    println!("most frequent wrong merges (occurrences, the word as written, the analyzer's cut):");
    for (n, gold, shown) in wrong_words.iter().take(list) {
        println!("{n:6}  {gold}  →  {shown}");
    }
    Ok(())
}

/// Letter positions (counted in the analyzer's folded letters) where the written word has a
/// ZWNJ, and where it could not have one because the letter before does not join.
struct Boundaries {
    zwnj: Vec<usize>,
    open: Vec<usize>,
}

impl Boundaries {
    fn of(word: &str) -> Boundaries {
        let (mut zwnj, mut open) = (Vec::new(), Vec::new());
        let mut letters = 0;
        for c in word.chars() {
            if c == ZWNJ {
                zwnj.push(letters);
            } else if is_letter(c) {
                letters += 1;
                if is_non_joining(c) {
                    open.push(letters);
                }
            }
        }
        Boundaries { zwnj, open }
    }
}
