//! The reference page (`../shared/seed/page-arman-melli-1403-08-19.txt`) parsed end to end: the
//! structure the issue names, checked line by line.

use bayegan_page::{BlockKind, FurnitureKind, Page, Parser};

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seed/page-arman-melli-1403-08-19.txt");

fn seed() -> Page {
    let text = std::fs::read_to_string(SEED).expect("the shared seed page is present beside the repository");
    Parser::new().parse("seed", &text).expect("the seed page parses")
}

fn kinds(page: &Page, article: usize) -> Vec<BlockKind> {
    page.articles[article].blocks.iter().map(|b| b.kind).collect()
}

fn plain(text: &str) -> String {
    text.chars().filter(|c| *c != '\u{200c}' && *c != ' ').collect()
}

#[test]
fn three_articles_with_their_headings() {
    let page = seed();
    assert_eq!(page.articles.len(), 3, "{:#?}", page.articles.iter().map(|a| &a.headline).collect::<Vec<_>>());
    let [first, second, third] = &page.articles[..] else { unreachable!() };
    assert_eq!(first.kicker.as_deref(), Some("گزارش"));
    assert_eq!(plain(first.headline.as_deref().unwrap()), plain("بحران خارج از کنترل"));
    assert_eq!(first.heading_lines, Some([3, 3]));
    assert_eq!(plain(second.overline.as_deref().unwrap()), plain("جواد هروی در گفت‌وگو با «آرمان ملی»:"));
    assert_eq!(plain(second.headline.as_deref().unwrap()), plain("به دولت فرصت می‌دهیم اما نقدها آغاز خواهد شد"));
    assert_eq!(second.subheadlines.len(), 2);
    assert_eq!(second.heading_lines, Some([19, 25]));
    assert_eq!(plain(third.overline.as_deref().unwrap()), plain("سرنوشت جمهوری‌ها در آسیای مرکزی"));
    assert_eq!(third.headline.as_deref(), Some("نقشه پوتین"));
}

#[test]
fn leads_subheads_and_paragraphs() {
    let page = seed();
    use BlockKind::*;
    assert_eq!(kinds(&page, 0), [Lead, Subhead, Paragraph, Paragraph, Subhead, Paragraph]);
    assert_eq!(kinds(&page, 2), [Lead, Subhead, Paragraph, Subhead, Paragraph, Subhead, Paragraph]);
    let subhead = &page.articles[0].blocks[1];
    assert_eq!(plain(&subhead.text), plain("چرخه تنش‌های خطرناک"));
    assert_eq!(subhead.lines, [7, 7]);
}

#[test]
fn the_interview_has_seven_questions_each_answered() {
    let page = seed();
    let interview = &page.articles[1];
    let kinds = kinds(&page, 1);
    assert_eq!(kinds[0], BlockKind::Lead);
    let questions = kinds.iter().filter(|k| **k == BlockKind::Question).count();
    let answers = kinds.iter().filter(|k| **k == BlockKind::Answer).count();
    assert_eq!((questions, answers), (7, 7), "{kinds:?}");
    for pair in kinds[1..].chunks(2) {
        assert_eq!(pair, [BlockKind::Question, BlockKind::Answer]);
    }
    let byline = interview.byline.as_ref().expect("a byline");
    assert_eq!(byline.source.as_deref(), Some("آرمان ملی"));
    assert_eq!(byline.author.as_deref(), Some("احسان اسقایی"));
    assert_eq!(byline.lines, [29, 29]);
    // the narrow column at the end is reflowed into the last answer
    let last = interview.blocks.last().unwrap();
    assert!(last.pieces.contains(&[73, 111]), "{:?}", last.pieces);
    assert!(!last.text.contains("\nما\n"));
}

#[test]
fn the_pull_quote_and_the_box_stand_apart() {
    let page = seed();
    let interview = &page.articles[1];
    assert_eq!(interview.pull_quotes.iter().map(|q| q.lines).collect::<Vec<_>>(), [[47, 47]]);
    assert_eq!(interview.boxes.iter().map(|q| q.lines).collect::<Vec<_>>(), [[51, 55]]);
    let quoted_in_body = interview.blocks.iter().filter(|b| b.pieces.iter().any(|p| p[0] <= 47 && 47 <= p[1])).count();
    assert_eq!(quoted_in_body, 0, "the pull quote is not in the body");
    // the paragraph cut at line 29 resumes at line 59
    let resumed: Vec<_> = interview.blocks.iter().filter(|b| b.pieces.len() > 1).map(|b| b.pieces.clone()).collect();
    assert!(resumed.iter().any(|p| p.contains(&[59, 59])), "{resumed:?}");
}

#[test]
fn the_folio_is_read_and_consistent() {
    let page = seed();
    let date = page.date.as_ref().expect("a folio date");
    assert_eq!(date.weekday.as_deref(), Some("saturday"));
    assert_eq!(date.jalali.as_deref(), Some("1403-08-19"));
    assert_eq!(date.gregorian.as_deref(), Some("2024-11-09"));
    assert_eq!(date.hijri.as_deref(), Some("1446-05-07"));
    assert!(date.consistent, "{:?}", date.notes);
    assert_eq!(page.issue, Some(1966));
    assert_eq!(page.publication_year, Some(7));
    assert_eq!(page.newspaper.as_deref(), Some("آرمان ملی"));
}

#[test]
fn furniture_is_set_apart() {
    let page = seed();
    let furniture: Vec<(FurnitureKind, [u32; 2])> = page.furniture.iter().map(|f| (f.kind, f.lines)).collect();
    assert_eq!(
        furniture,
        [
            (FurnitureKind::Folio, [17, 17]),
            (FurnitureKind::RunningHead, [49, 49]),
            (FurnitureKind::Section, [113, 113]),
            (FurnitureKind::Fragment, [115, 115])
        ]
    );
    assert_eq!(page.sections, ["سیاست"]);
}

#[test]
fn sources_and_dates_in_the_articles() {
    let page = seed();
    assert!(page.articles[2].cited_sources.iter().any(|s| s == "دیپلمات"), "{:?}", page.articles[2].cited_sources);
    let first = &page.articles[0];
    let october =
        first.dates_mentioned.iter().find(|d| d.gregorian.as_deref() == Some("2023-10-17")).expect("۱۷ اکتبر ۲۰۲۳");
    assert_eq!(&first.blocks[october.block].text[october.span[0]..october.span[1]], october.text);
    let third = &page.articles[2];
    assert!(third.dates_mentioned.iter().any(|d| d.gregorian.as_deref() == Some("2024-01")));
    assert!(third.dates_mentioned.iter().any(|d| d.gregorian.as_deref() == Some("2022")));
}

#[test]
fn text_fields_are_restored_unless_raw() {
    let page = seed();
    assert!(page.articles[0].blocks[0].text.contains("رئیس\u{200c}جمهور"));
    let text = std::fs::read_to_string(SEED).unwrap();
    let raw = Parser::builder().raw(true).build().parse("seed", &text).unwrap();
    assert!(raw.articles[0].blocks[0].text.contains("رئیسجمهور"));
    // the same structure either way
    let shape = |p: &Page| {
        p.articles
            .iter()
            .map(|a| a.blocks.iter().map(|b| (b.kind, b.pieces.clone())).collect::<Vec<_>>())
            .collect::<Vec<_>>()
    };
    assert_eq!(shape(&page), shape(&raw));
}

#[test]
fn misspelled_and_unknown_words_are_flagged_in_their_blocks() {
    let page = seed();
    let flags: Vec<(&bayegan_page::Block, &bayegan_page::WordFlag)> =
        page.articles.iter().flat_map(|a| &a.blocks).flat_map(|b| b.flags.iter().map(move |f| (b, f))).collect();
    for (block, flag) in &flags {
        assert_eq!(&block.text[flag.span[0]..flag.span[1]], flag.word, "a flag's span points at its word");
    }
    let slip = flags.iter().find(|(_, f)| f.word == "مخلفیم").expect("مخلفیم flagged");
    assert_eq!(slip.1.suggestions[0].word, "مخالفیم");
    let name = flags.iter().find(|(_, f)| f.word == "هوچستین").expect("a name flagged");
    assert_eq!(name.1.kind, bayegan_text::FlagKind::Unknown);
    // the text is not changed by the flags
    assert!(page.articles[1].blocks.iter().any(|b| b.text.contains("مخلفیم")));
    let text = std::fs::read_to_string(SEED).unwrap();
    let raw = Parser::builder().raw(true).build().parse("seed", &text).unwrap();
    assert!(raw.articles.iter().flat_map(|a| &a.blocks).all(|b| b.flags.is_empty()));
}
