//! The reference input: one real newspaper page as extracted from its PDF (every ZWNJ lost,
//! missing spaces, a folio line, subheads). Read from `../shared`, never copied into the repo.

use std::sync::OnceLock;

use bayegan_text::{apply_edits, is_letter, EditKind, Restored, Restorer, ZWNJ};

const PAGE_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seed/page-arman-melli-1403-08-19.txt");

fn page() -> &'static str {
    static PAGE: OnceLock<String> = OnceLock::new();
    PAGE.get_or_init(|| std::fs::read_to_string(PAGE_PATH).unwrap_or_else(|e| panic!("cannot read {PAGE_PATH}: {e}")))
}

fn restored() -> &'static Restored {
    static RESTORED: OnceLock<Restored> = OnceLock::new();
    RESTORED.get_or_init(|| Restorer::new().restore(page()))
}

/// Character normalization only: what spacing restoration starts from.
fn normalize_only(text: &str) -> String {
    Restorer::builder().spacing(false).build().fix(text)
}

fn normalized() -> String {
    normalize_only(page())
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn page_is_the_expected_input() {
    // The assertions below rely on the page having lost all of its ZWNJs.
    assert!(page().len() > 20_000);
    assert!(!page().contains(ZWNJ));
}

#[test]
fn fused_and_spaced_words_are_restored_everywhere() {
    let text = &restored().text;
    let cases = [
        ("رئیسجمهور", "رئیس\u{200c}جمهور"),
        ("منطقهای", "منطقه\u{200c}ای"),
        ("درگیریهای", "درگیری\u{200c}های"),
        ("شدهاند", "شده\u{200c}اند"),
        ("میکند", "می\u{200c}کند"),
        ("نشان دهنده", "نشان\u{200c}دهنده"),
        ("گفتوگو", "گفت\u{200c}وگو"),
        ("بینالمللی", "بین\u{200c}المللی"),
        ("آتشبس", "آتش\u{200c}بس"),
        ("میلیونها", "میلیون\u{200c}ها"),
        ("بیانیهای", "بیانیه\u{200c}ای"),
    ];
    let mut wrong = Vec::new();
    for (broken, right) in cases {
        let (in_page, fixed, left) = (count(page(), broken), count(text, right), count(text, broken));
        assert!(in_page > 0, "the page has no {broken}");
        if fixed != in_page || left != 0 {
            wrong.push(format!(
                "{broken}: {in_page} in the page, {fixed} restored to {right:?}, {left} left as they were"
            ));
        }
    }
    assert!(wrong.is_empty(), "not restored everywhere:\n{}", wrong.join("\n"));
}

#[test]
fn words_written_right_are_kept() {
    let text = &restored().text;
    // (`بهعنوان مثال`: the word after the fused phrase stays a word of its own)
    for word in ["میخائیل", "عملکرد", "ایالات متحده", " مثال"] {
        let n = count(page(), word);
        assert!(n > 0, "the page has no {word}");
        assert_eq!(count(text, word), n, "{word} occurs {n} times in the page but not in the restored page");
    }
    // and nothing was glued to or inserted into them
    for wrong in ["می\u{200c}خائیل", "ایالات\u{200c}متحده", "عمل\u{200c}کرد", "عنوان\u{200c}مثال"]
    {
        assert!(!text.contains(wrong), "restored page contains {wrong:?}");
    }
}

/// The letters of `text` in order, marks and everything else dropped.
fn letters(text: &str) -> Vec<char> {
    text.chars().filter(|&c| is_letter(c)).collect()
}

#[test]
fn restoring_never_changes_the_letters() {
    let (before, after) = (letters(&normalized()), letters(&restored().text));
    assert!(before.len() > 10_000);
    if before != after {
        let at = before.iter().zip(&after).position(|(a, b)| a != b).unwrap_or(before.len().min(after.len()));
        let show = |v: &[char]| v[at.saturating_sub(10)..(at + 10).min(v.len())].iter().collect::<String>();
        panic!("letters differ at letter {at}: {:?} became {:?}", show(&before), show(&after));
    }
}

#[test]
fn spacing_only_touches_spaces_and_zwnjs() {
    // Stronger than the letters: every character but ' ' and ZWNJ, punctuation and digits too.
    let keep = |s: &str| s.chars().filter(|&c| c != ' ' && c != ZWNJ).collect::<String>();
    assert_eq!(keep(&normalized()), keep(&restored().text));
}

/// Checks the edit invariants of `restored` against `input`.
fn check_edits(input: &str, restored: &Restored) {
    let mut at = 0;
    for (i, edit) in restored.edits.iter().enumerate() {
        assert!(edit.span.start >= at, "edit {i} {edit:?} starts before the end of the one before it ({at})");
        assert!(edit.span.start <= edit.span.end && edit.span.end <= input.len(), "edit {i} has a bad span {edit:?}");
        assert!(
            input.is_char_boundary(edit.span.start) && input.is_char_boundary(edit.span.end),
            "edit {i} cuts a character: {edit:?}"
        );
        assert_eq!(&input[edit.span.clone()], edit.before, "edit {i} before does not match the input");
        assert_ne!(edit.before, edit.after, "edit {i} changes nothing: {edit:?}");
        assert!(
            matches!(edit.kind, EditKind::Char | EditKind::Zwnj | EditKind::Space),
            "edit {i} has kind {:?}",
            edit.kind
        );
        assert!((0.5..=1.0).contains(&edit.confidence), "edit {i} has confidence {}", edit.confidence);
        at = edit.span.end;
    }
    assert_eq!(apply_edits(input, &restored.edits), restored.text);
}

#[test]
fn edits_match_the_input_and_replay_to_the_text() {
    let restored = restored();
    assert!(restored.edits.len() > 100, "only {} edits on a page that lost all its ZWNJs", restored.edits.len());
    check_edits(page(), restored);
    // each kind the page needs is there
    for kind in [EditKind::Zwnj, EditKind::Space] {
        assert!(restored.edits.iter().any(|e| e.kind == kind), "no {kind:?} edit on the page");
    }
}

#[test]
fn fix_gives_the_same_text_as_restore() {
    let restorer = Restorer::new();
    let mut out = String::from("kept: ");
    let n = restorer.fix_into(page(), &mut out);
    assert_eq!(out.strip_prefix("kept: ").unwrap(), restored().text);
    assert_eq!(n, restored().edits.len());
    assert_eq!(restorer.fix(page()), restored().text);
}

#[test]
fn restoring_the_restored_page_changes_nothing() {
    let again = Restorer::new().restore(&restored().text);
    assert!(again.edits.is_empty(), "second pass made edits: {:?}", again.edits);
    assert_eq!(again.text, restored().text);
}

#[test]
fn text_longer_than_one_piece_keeps_the_invariants() {
    // The restorer works in 64 KiB pieces: spans of later pieces must still point into the input.
    let input = [page(); 6].join("\n\u{202b}سلام\u{202c} ،خوب\n");
    assert!(input.len() > 2 * 64 * 1024);
    let restorer = Restorer::new();
    let restored = restorer.restore(&input);
    check_edits(&input, &restored);
    assert_eq!(restorer.fix(&input), restored.text);
    assert_eq!(letters(&normalize_only(&input)), letters(&restored.text));
    // every piece got its ZWNJs back
    assert_eq!(count(&restored.text, "رئیس\u{200c}جمهور"), 6 * count(page(), "رئیسجمهور"));
}
