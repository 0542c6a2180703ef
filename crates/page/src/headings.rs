//! An article's headings (kicker, overline, headline, subheadlines), its byline and the outlets
//! it cites.
//!
//! Extraction often runs a kicker, a headline and a subheadline onto one line; they are told
//! apart by known kicker words and by the weakest word-to-word link in the language model.

use bayegan_text::Model;

use crate::lines::same_key;

/// Labels printed above an article's headings.
const KICKERS: &[&str] = &[
    "گزارش",
    "گزارش ویژه",
    "گفت‌وگو",
    "یادداشت",
    "یادداشت روز",
    "تحلیل",
    "خبر",
    "سرمقاله",
    "دیدگاه",
    "نگاه",
    "روایت",
    "پرونده",
    "چهره",
    "تیتر یک",
    "مصاحبه",
];

/// Whether a line is a kicker standing alone (`گزارش`, `گفت‌وگو`).
pub(crate) fn is_kicker(line: &str) -> bool {
    line.split_whitespace().count() <= 2 && KICKERS.iter().any(|k| same_key(k, line))
}

/// Words a heading part never ends with (prepositions, conjunctions, ezafe-bound words).
const NEVER_LAST: &[&str] = &[
    "و", "در", "از", "به", "با", "برای", "که", "تا", "بر", "این", "آن", "یک", "را", "هر", "چه", "بی", "یا", "اما",
    "نه", "سر", "پس", "نیز", "هم",
];

/// Words a heading part never starts with.
const NEVER_FIRST: &[&str] = &["را", "و", "که", "هم", "نیز", "ای", "های", "ها"];

/// Headings read from a heading group.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Headings {
    pub kicker: Option<String>,
    pub overline: Option<String>,
    pub headline: Option<String>,
    pub subheadlines: Vec<String>,
}

/// Reads the headings of a group of short lines (`lines` in output text; `analysis` the
/// restored text the decisions are made on, one entry per line).
pub(crate) fn read_headings(lines: &[&str], model: &Model) -> Headings {
    let mut parts: Vec<String> = lines.iter().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect();
    let mut headings = Headings::default();
    if parts.is_empty() {
        return headings;
    }
    // a kicker alone on the first line, or run onto it
    if KICKERS.iter().any(|k| same_key(k, &parts[0])) && parts.len() > 1 {
        headings.kicker = Some(parts.remove(0));
    } else if let Some((kicker, rest)) = split_kicker(&parts[0]) {
        headings.kicker = Some(kicker);
        parts[0] = rest;
        // the extraction ran the heading lines together: the headline and the line under it too
        if parts.len() == 1 {
            if let Some((first, second)) = split_run_on(&parts[0], model) {
                parts = vec![first, second];
            }
        }
    }
    let mut parts = parts.into_iter();
    let first = parts.next().expect("at least one heading line");
    let second = parts.next();
    match second {
        None => headings.headline = Some(first),
        Some(second) => {
            let overline = first.trim_end().ends_with(':') || words(&first) > words(&second);
            if overline {
                headings.overline = Some(first);
                headings.headline = Some(second);
            } else {
                headings.headline = Some(first);
                headings.subheadlines.push(second);
            }
        }
    }
    headings.subheadlines.extend(parts);
    headings
}

/// Reads the headings of a group of lines whose type sizes are known (from a PDF or a scan): the
/// line in the largest type is the headline; before it, a known kicker word is the kicker and
/// the rest the overline; after it, the subheadlines.
pub(crate) fn read_headings_by_size(lines: &[&str], sizes: &[f32]) -> Headings {
    let mut headings = Headings::default();
    let parts: Vec<(&str, f32)> =
        lines.iter().zip(sizes).map(|(l, &s)| (l.trim(), s)).filter(|(l, _)| !l.is_empty()).collect();
    let Some(headline) = parts.iter().enumerate().fold(None, |best: Option<(usize, f32)>, (i, &(_, size))| {
        if best.is_none_or(|(_, top)| size > top) {
            Some((i, size))
        } else {
            best
        }
    }) else {
        return headings;
    };
    let headline = headline.0;
    let mut before: Vec<String> = parts[..headline].iter().map(|p| p.0.to_owned()).collect();
    if before.first().is_some_and(|first| is_kicker(first)) {
        headings.kicker = Some(before.remove(0));
    } else if let Some((kicker, rest)) = before.first().and_then(|first| split_kicker(first)) {
        // a kicker printed on the line above the overline, read as one line with it
        headings.kicker = Some(kicker);
        before[0] = rest;
    }
    if !before.is_empty() {
        headings.overline = Some(before.join(" "));
    }
    headings.headline = Some(parts[headline].0.to_owned());
    headings.subheadlines = parts[headline + 1..].iter().map(|p| p.0.to_owned()).collect();
    headings
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// A known kicker run onto a heading line of at least four more words, and the rest of the line.
/// `خبر` starts too many headlines (`خبر خوش برای بازنشستگان`) to be split off.
fn split_kicker(line: &str) -> Option<(String, String)> {
    const MIN_REST: usize = 4;
    let tokens: Vec<&str> = line.split_whitespace().collect();
    // longest kicker first: `گزارش ویژه` before `گزارش`
    for take in (1..=2).rev() {
        if tokens.len() < take + MIN_REST {
            continue;
        }
        let head = tokens[..take].join(" ");
        if !same_key(&head, "خبر") && KICKERS.iter().any(|k| same_key(k, &head)) {
            return Some((head, tokens[take..].join(" ")));
        }
    }
    None
}

/// A headline and a subheadline run onto one line: split at the weakest word-to-word link, when
/// it is clearly weaker than the line's typical link. A link counts as
/// weaker still when it closes a prepositional phrase (`خارج از کنترل | چالش …`) and when the
/// first part is the shorter one (a headline is short, the line under it longer). None when the
/// line reads as one phrase.
fn split_run_on(line: &str, model: &Model) -> Option<(String, String)> {
    const MIN_PART: usize = 2;
    const MIN_WORDS: usize = 8;
    /// Unseen pairs all cost about this much: a rare word is no stronger a break than a common one.
    const CAP: u32 = 12_000;
    const CLOSES_PHRASE: u32 = 3_000;
    const SHORT_FIRST: u32 = 1_500;
    /// A break must cost this much more (milli-nats) than the line's median link.
    const MARGIN: u32 = 4_000;
    const PREPOSITIONS: &[&str] = &["از", "در", "به", "با", "بر", "برای", "تا", "بی", "درباره", "علیه"];
    let tokens: Vec<&str> = line.split_whitespace().collect();
    if tokens.len() < MIN_WORDS {
        return None;
    }
    let costs: Vec<u32> = tokens.windows(2).map(|pair| link_cost(pair[0], pair[1], model).min(CAP)).collect();
    let mut sorted = costs.clone();
    sorted.sort_unstable();
    let median = sorted[sorted.len() / 2];
    let (_, at) = (0..costs.len())
        .filter(|&i| i + 1 >= MIN_PART && tokens.len() - (i + 1) >= MIN_PART)
        .filter(|&i| !is_in(NEVER_LAST, tokens[i]) && !is_in(NEVER_FIRST, tokens[i + 1]))
        .map(|i| {
            let closes_phrase = tokens[i.saturating_sub(2)..i].iter().any(|t| is_in(PREPOSITIONS, t));
            let short_first = 2 * (i + 1) <= tokens.len();
            let score =
                costs[i] + if closes_phrase { CLOSES_PHRASE } else { 0 } + if short_first { SHORT_FIRST } else { 0 };
            (score, i)
        })
        .filter(|&(score, _)| score >= median + MARGIN)
        .max()?;
    Some((tokens[..=at].join(" "), tokens[at + 1..].join(" ")))
}

/// The model's cost of `right` after `left`; unknown words cost as much as a rare word.
fn link_cost(left: &str, right: &str, model: &Model) -> u32 {
    const UNKNOWN: u32 = 14_000;
    let clean = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric() && c != bayegan_text::ZWNJ).to_owned();
    let (left, right) = (clean(left), clean(right));
    if left.is_empty() || right.is_empty() {
        return UNKNOWN;
    }
    model.pair_cost(&left, &right).or_else(|| model.word_cost(&right)).unwrap_or(UNKNOWN)
}

fn is_in(list: &[&str], word: &str) -> bool {
    list.iter().any(|w| same_key(w, word))
}

/// `<paper> - <reporter>:` (or `<paper>:` for a known desk) at the start of a lead.
#[derive(Debug, PartialEq)]
pub(crate) struct BylineText {
    pub source: Option<String>,
    pub author: Option<String>,
}

/// Reads a byline at the start of `text`.
pub(crate) fn read_byline(text: &str) -> Option<BylineText> {
    const MAX_PART_WORDS: usize = 4;
    let colon = text.find(':')?;
    let head = &text[..colon];
    if head.chars().count() > 60 || head.contains(['.', '،', '؛', '«', '»']) {
        return None;
    }
    let dash = [" - ", " – ", " — "].iter().find_map(|d| head.find(d).map(|at| (at, d.len())));
    let (source, author) = match dash {
        Some((at, width)) => (head[..at].trim(), Some(head[at + width..].trim())),
        None => (head.trim(), None),
    };
    let ok = |part: &str| (1..=MAX_PART_WORDS).contains(&words(part));
    if !ok(source) || author.is_some_and(|a| !ok(a)) {
        return None;
    }
    // without a reporter, only a desk or a known outlet is a byline (`او گفت:` is not)
    if author.is_none() && !(source.starts_with("گروه") || crate::lines::NEWSPAPERS.iter().any(|n| same_key(n, source)))
    {
        return None;
    }
    Some(BylineText { source: Some(source.to_owned()), author: author.map(str::to_owned) })
}

/// An author's line closing a heading group: `گزارش: سارا رحیمی`, `به قلم: …`,
/// `مریم احمدی / خبرنگار`. Returns the author's name.
pub(crate) fn read_author_line(text: &str) -> Option<String> {
    const LABELS: &[&str] =
        &["گزارش", "نوشته", "به قلم", "گفت‌وگو", "گفتگو", "مصاحبه", "ترجمه", "یادداشت", "تهیه و تنظیم", "عکس"];
    const MAX_NAME_WORDS: usize = 4;
    const MAX_ROLE_WORDS: usize = 3;
    let text = text.trim();
    let name = |part: &str| {
        let part = part.trim();
        let ok = (1..=MAX_NAME_WORDS).contains(&words(part))
            && part.split_whitespace().all(|w| w.chars().filter(|&c| bayegan_text::is_letter(c)).count() >= 2)
            && !part.contains(['.', '،', '؛', '«', '»', ':', '؟', '!', '/'])
            && !part.chars().any(|c| c.is_ascii_digit() || bayegan_text::digit_value(c).is_some());
        ok.then(|| part.to_owned())
    };
    if let Some((label, author)) = text.split_once(':') {
        return is_in(LABELS, label.trim()).then(|| name(author)).flatten();
    }
    let (author, role) = text.split_once('/')?;
    (1..=MAX_ROLE_WORDS).contains(&words(role)).then(|| name(role).and(name(author))).flatten()
}

/// The outlet of a source line ending an article (`منبع: ایسنا`, `منبع: خبرگزاری فارس`).
pub(crate) fn source_line(text: &str) -> Option<&str> {
    const MAX_NAME_WORDS: usize = 4;
    let (label, outlet) = text.trim().split_once(':')?;
    let outlet = outlet.trim().trim_end_matches('.');
    let ok = is_in(&["منبع", "منابع", "مأخذ"], label.trim())
        && (1..=MAX_NAME_WORDS).contains(&words(outlet))
        && !outlet.contains(['.', '،', '؛', ':']);
    ok.then_some(outlet)
}

/// Outlets an article cites: `به نوشته X،`, `به گزارش X،`, `X نوشت،` at a sentence start.
pub(crate) fn cited_sources(text: &str, found: &mut Vec<String>) {
    const MAX_NAME_WORDS: usize = 5;
    for sentence in text.split(['.', '؟', '!', '\n']) {
        let sentence = sentence.trim();
        let Some(comma) = sentence.find(['،', ',', ':']) else { continue };
        let head = sentence[..comma].trim();
        let tokens: Vec<&str> = head.split_whitespace().collect();
        let name = if tokens.len() >= 3 && same_key(tokens[0], "به") && is_in(&["نوشته", "گزارش"], tokens[1])
        {
            tokens[2..].join(" ")
        } else if let Some(outlet) = source_line(sentence) {
            outlet.to_owned()
        } else if tokens.len() >= 2 && same_key(tokens[tokens.len() - 1], "نوشت") {
            tokens[..tokens.len() - 1].join(" ")
        } else {
            continue;
        };
        let n = words(&name);
        let pronoun = ["او", "وی", "آنها", "ما", "من", "این", "در", "به"]
            .iter()
            .any(|p| same_key(p, name.split_whitespace().next().unwrap_or("")));
        if (1..=MAX_NAME_WORDS).contains(&n) && !pronoun && !found.iter().any(|f| same_key(f, &name)) {
            found.push(name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_size_the_largest_line_is_the_headline() {
        let lines =
            ["گزارش", "پس از هشت ماه خشکی", "زاینده‌رود دوباره گذشت", "آب تا پایان آذر رها می‌شود", "و کشاورزان خشنودند"];
        let headings = read_headings_by_size(&lines, &[1.0, 1.1, 2.6, 1.3, 1.3]);
        assert_eq!(headings.kicker.as_deref(), Some("گزارش"));
        assert_eq!(headings.overline.as_deref(), Some("پس از هشت ماه خشکی"));
        assert_eq!(headings.headline.as_deref(), Some("زاینده‌رود دوباره گذشت"));
        assert_eq!(headings.subheadlines, ["آب تا پایان آذر رها می‌شود", "و کشاورزان خشنودند"]);
        // a longer first line is no overline when it is the largest (read by words it would be)
        let lines = ["صادرات زعفران در هفت ماه نخست سال ۱۸ درصد کاهش یافت", "خشکسالی محصول را کم کرد"];
        let headings = read_headings_by_size(&lines, &[1.8, 1.3]);
        assert_eq!(headings.overline, None);
        assert_eq!(headings.headline.as_deref(), Some(lines[0]));
        assert_eq!(headings.subheadlines, [lines[1]]);
        let lines = ["گزارش پس از هشت ماه خشکی بستر رودخانه", "زاینده‌رود دوباره گذشت"];
        let headings = read_headings_by_size(&lines, &[1.0, 2.6]);
        assert_eq!(headings.kicker.as_deref(), Some("گزارش"));
        assert_eq!(headings.overline.as_deref(), Some("پس از هشت ماه خشکی بستر رودخانه"));
    }

    fn model() -> std::sync::Arc<Model> {
        Model::embedded()
    }

    #[test]
    fn an_overline_ending_in_a_colon_comes_before_the_headline() {
        let h = read_headings(&["جواد هروی در گفت‌وگو با «آرمان ملی»:", "به دولت فرصت می‌دهیم", "زیرتیتر یک"], &model());
        assert_eq!(h.overline.as_deref(), Some("جواد هروی در گفت‌وگو با «آرمان ملی»:"));
        assert_eq!(h.headline.as_deref(), Some("به دولت فرصت می‌دهیم"));
        assert_eq!(h.subheadlines, ["زیرتیتر یک"]);
    }

    #[test]
    fn a_longer_first_line_is_the_overline() {
        let h = read_headings(&["سرنوشت جمهوری‌ها در آسیای مرکزی", "نقشه پوتین"], &model());
        assert_eq!(h.overline.as_deref(), Some("سرنوشت جمهوری‌ها در آسیای مرکزی"));
        assert_eq!(h.headline.as_deref(), Some("نقشه پوتین"));
    }

    #[test]
    fn a_kicker_run_onto_the_headline_is_split_off() {
        let h = read_headings(&["گزارش بحران خارج از کنترل چالش بزرگ دونالد ترامپ در خاورمیانه"], &model());
        assert_eq!(h.kicker.as_deref(), Some("گزارش"));
        assert_eq!(h.headline.as_deref(), Some("بحران خارج از کنترل"));
        assert_eq!(h.subheadlines, ["چالش بزرگ دونالد ترامپ در خاورمیانه"]);
    }

    #[test]
    fn a_plain_headline_is_not_split() {
        let h = read_headings(&["خبر خوش برای بازنشستگان"], &model());
        assert_eq!(h.kicker, None);
        assert_eq!(h.headline.as_deref(), Some("خبر خوش برای بازنشستگان"));
        let h = read_headings(&["افزایش قیمت نان در شهرهای بزرگ کشور"], &model());
        assert_eq!(h.headline.as_deref(), Some("افزایش قیمت نان در شهرهای بزرگ کشور"));
        assert!(h.subheadlines.is_empty());
    }

    #[test]
    fn source_lines_name_the_outlet() {
        assert_eq!(source_line("منبع: ایسنا"), Some("ایسنا"));
        assert_eq!(source_line("منبع: خبرگزاری فارس."), Some("خبرگزاری فارس"));
        assert_eq!(source_line("منبع درآمد خانوارها: یارانه، حقوق و دستمزد"), None);
        let mut found = Vec::new();
        cited_sources("قیمت‌ها بالا رفت.\nمنبع: ایسنا", &mut found);
        assert_eq!(found, ["ایسنا"]);
    }

    #[test]
    fn author_lines_name_the_author() {
        assert_eq!(read_author_line("گزارش: سارا رحیمی").as_deref(), Some("سارا رحیمی"));
        assert_eq!(read_author_line("گفت‌وگو: نیلوفر شریفی").as_deref(), Some("نیلوفر شریفی"));
        assert_eq!(read_author_line("مریم احمدی / خبرنگار").as_deref(), Some("مریم احمدی"));
        assert_eq!(read_author_line("دکتر نرگس صالحی / جامعه‌شناس").as_deref(), Some("دکتر نرگس صالحی"));
        assert_eq!(read_author_line("کشاورزان شرق اصفهان: سهم ما از آب فقط وعده بوده است"), None);
        assert_eq!(read_author_line("گزارش: بازار مسکن در سال ۱۴۰۳ رکود داشت"), None);
        assert_eq!(read_author_line("تهران / اصفهان / شیراز"), None);
    }

    #[test]
    fn bylines_need_a_reporter_or_a_known_outlet() {
        let b = read_byline("آرمان ملی - احسان اسقایی: دل‌نگرانی‌ها از دولت").unwrap();
        assert_eq!(b.source.as_deref(), Some("آرمان ملی"));
        assert_eq!(b.author.as_deref(), Some("احسان اسقایی"));
        assert_eq!(read_byline("گروه سیاسی: نشست امروز").unwrap().author, None);
        assert_eq!(read_byline("او گفت: «به قومی از آنها وجود نداشت.»"), None);
        assert_eq!(read_byline("در این باره، وزیر گفت: نه"), None);
    }

    #[test]
    fn cited_outlets_are_found_at_sentence_starts() {
        let mut found = Vec::new();
        cited_sources("به نوشته دیپلمات، اغلب مفسران روسی چنین می‌گویند. ریسپانسیبل استیت گرفت نوشت، خاورمیانه در آستانه جنگ است. او در کتابش نوشت: نه.", &mut found);
        assert_eq!(found, ["دیپلمات", "ریسپانسیبل استیت گرفت"]);
    }
}
