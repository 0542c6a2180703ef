//! Properties of every parse: each non-empty input line lands in exactly one place (headings,
//! a block, a pull quote, a box or furniture), no text is invented or lost, and no input makes
//! the parser panic.

use std::collections::HashMap;

use bayegan_page::{Page, Parser};
use proptest::prelude::*;

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seed/page-arman-melli-1403-08-19.txt");

/// Input line numbers each output item claims.
fn claimed_lines(page: &Page) -> HashMap<u32, usize> {
    let mut claimed: HashMap<u32, usize> = HashMap::new();
    let mut claim = |[first, last]: [u32; 2]| {
        for n in first..=last {
            *claimed.entry(n).or_default() += 1;
        }
    };
    for article in &page.articles {
        article.heading_lines.map(&mut claim);
        article.blocks.iter().flat_map(|b| &b.pieces).for_each(|p| claim(*p));
        article.pull_quotes.iter().chain(&article.boxes).for_each(|e| claim(e.lines));
    }
    page.furniture.iter().for_each(|f| claim(f.lines));
    claimed
}

/// Letters and digits of words, the same however text was cut into fields.
fn letters(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .split_whitespace()
        .map(|w| w.chars().filter(|c| c.is_alphanumeric()).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect();
    words.sort();
    words
}

fn all_output_text(page: &Page) -> String {
    let mut text = String::new();
    let mut add = |t: &str| {
        text.push_str(t);
        text.push('\n');
    };
    for article in &page.articles {
        [&article.kicker, &article.overline, &article.headline].into_iter().flatten().for_each(|t| add(t));
        article.subheadlines.iter().for_each(|t| add(t));
        article.blocks.iter().for_each(|b| add(&b.text));
        article.pull_quotes.iter().chain(&article.boxes).for_each(|e| add(&e.text));
    }
    page.furniture.iter().for_each(|f| add(&f.text));
    text
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let parser = Parser::builder().raw(true).build();
    let Ok(page) = parser.parse("page", text) else { return Ok(()) };
    let claimed = claimed_lines(&page);
    for (i, line) in text.split('\n').enumerate() {
        let n = i as u32 + 1;
        let count = claimed.get(&n).copied().unwrap_or(0);
        if line.trim().is_empty() {
            continue;
        }
        prop_assert_eq!(count, 1, "line {} ({:?}) is claimed {} times", n, line, count);
    }
    prop_assert_eq!(letters(&all_output_text(&page)), letters(text), "text lost or invented");
    Ok(())
}

fn seed_lines() -> Vec<String> {
    std::fs::read_to_string(SEED).expect("the shared seed page").lines().map(str::to_owned).collect()
}

#[test]
fn the_seed_page_loses_and_invents_nothing() {
    check(&std::fs::read_to_string(SEED).unwrap()).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Pages made of the seed's lines in another order, some repeated, some dropped.
    #[test]
    fn shuffled_pages_keep_every_line(picks in prop::collection::vec(0usize..200, 1..60)) {
        let lines = seed_lines();
        let page: Vec<&str> = picks.iter().map(|&p| lines[p % lines.len()].as_str()).collect();
        check(&page.join("\n"))?;
    }

    /// Arbitrary text never panics; what parses keeps every line.
    #[test]
    fn arbitrary_text_never_panics(text in "(\\PC|\n|[ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی ۰-۹،؛؟.«»:*◀-]){0,400}") {
        check(&text)?;
    }
}
