//! Integration tests of `bayegan fix` and `bayegan eval spacing`: they run the real binary.

mod common;

use std::ffi::OsStr;
use std::fs;
use std::path::Path;

use common::{assert_success, bayegan, stderr, stdout, TempDir};
use serde_json::Value;

const ZWNJ: char = '\u{200C}';
const EXIT_BAD_INPUT: i32 = 65;
const EXIT_IO: i32 = 1;
const EXIT_USAGE: i32 = 2;

/// A news sentence with two fused words, as PDF extraction leaves it, and its restoration.
const FUSED: &str = "رئیسجمهور در نشست خبری گفت که دولت این طرح را اجرا میکند";
const FUSED_FIXED: &str = "رئیس\u{200C}جمهور در نشست خبری گفت که دولت این طرح را اجرا می\u{200C}کند";

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

// ---------------------------------------------------------------------------------------------
// stdin → stdout

#[test]
fn stdin_fused_words_get_their_zwnj() {
    let output = bayegan(["fix"], format!("{FUSED}\n").as_bytes());
    assert_success(&output);
    let text = stdout(&output);
    assert_eq!(text, format!("{FUSED_FIXED}\n"));
    assert!(text.contains("می\u{200C}کند"), "میکند should become می‌کند with U+200C");
    assert_eq!(text.matches(ZWNJ).count(), 2);
}

#[test]
fn stdin_dash_reads_standard_input() {
    let output = bayegan(["fix", "-"], FUSED.as_bytes());
    assert_success(&output);
    assert_eq!(stdout(&output), FUSED_FIXED);
}

#[test]
fn one_output_line_per_input_line_with_blank_lines_and_no_final_newline() {
    let input = "رئیسجمهور در نشست خبری گفت\n\n\nدولت این طرح را اجرا میکند\n\nوزیر گفت که کتابها را میخواند";
    let expected =
        "رئیس\u{200C}جمهور در نشست خبری گفت\n\n\nدولت این طرح را اجرا می\u{200C}کند\n\nوزیر گفت که کتاب\u{200C}ها را می\u{200C}خواند";
    let output = bayegan(["fix"], input.as_bytes());
    assert_success(&output);
    let text = stdout(&output);
    assert_eq!(text, expected);
    assert_eq!(text.matches('\n').count(), input.matches('\n').count());
    assert!(!text.ends_with('\n'), "no newline may be added at the end");
    let blank = |s: &str| s.split('\n').map(str::is_empty).collect::<Vec<_>>();
    assert_eq!(blank(&text), blank(input), "blank lines must stay where they are");
}

#[test]
fn trailing_blank_lines_and_crlf_are_kept() {
    let input = "دولت این طرح را اجرا میکند\r\n\r\nوزیر گفت که کتابها را میخواند\r\n\n\n";
    let expected = "دولت این طرح را اجرا می\u{200C}کند\r\n\r\nوزیر گفت که کتاب\u{200C}ها را می\u{200C}خواند\r\n\n\n";
    let output = bayegan(["fix"], input.as_bytes());
    assert_success(&output);
    assert_eq!(stdout(&output), expected);
}

#[test]
fn correct_text_comes_back_byte_identical() {
    let input = "\
رئیس\u{200C}جمهور در نشست خبری گفت که دولت این طرح را از سال 1403 اجرا می\u{200C}کند.
گزارش کامل در https://www.example.com/news/1403/report.html و نشانی info@example.com منتشر شد. #اقتصاد #خبر_فوری
The minister said 42 projects, version 3.5, were approved on 2024-06-01.
کتاب\u{200C}ها و مقاله\u{200C}های این نویسنده در ۱۲ جلد منتشر شده\u{200C}اند.
";
    let dir = TempDir::new("identical");
    let file = dir.write("correct.txt", input);
    for args in [vec![OsStr::new("fix")], vec![OsStr::new("fix"), file.as_os_str()]] {
        let output = bayegan(&args, input.as_bytes());
        assert_success(&output);
        assert_eq!(output.stdout, input.as_bytes(), "correct text must come back byte-identical ({args:?})");
    }
    let output = bayegan([OsStr::new("fix"), OsStr::new("--diff"), file.as_os_str()], b"");
    assert_success(&output);
    assert_eq!(stdout(&output), "", "no edits on correct text");
}

#[test]
fn empty_input_gives_empty_output() {
    let output = bayegan(["fix"], b"");
    assert_success(&output);
    assert!(output.stdout.is_empty());
    assert!(output.stderr.is_empty(), "stderr: {}", stderr(&output));

    let dir = TempDir::new("empty");
    let file = dir.write("empty.txt", "");
    let output = bayegan([OsStr::new("fix"), file.as_os_str()], b"");
    assert_success(&output);
    assert!(output.stdout.is_empty());
}

// ---------------------------------------------------------------------------------------------
// inputs that are not text

#[test]
fn invalid_utf8_exits_65_naming_file_and_offset() {
    let dir = TempDir::new("invalid");
    let mut bytes = "دولت این طرح را اجرا میکند\nabc ".as_bytes().to_vec();
    let bad_at = bytes.len(); // 52
    assert_eq!(bad_at, 52);
    bytes.extend_from_slice(b"\xff def\n");
    let file = dir.write("bad.txt", &bytes);
    let output = bayegan([OsStr::new("fix"), file.as_os_str()], b"");
    assert_eq!(output.status.code(), Some(EXIT_BAD_INPUT), "stderr: {}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains(&file.display().to_string()), "stderr should name the file: {err}");
    assert!(err.contains("byte offset 52"), "stderr should give the offset of the bad byte: {err}");
    assert!(output.stdout.is_empty());

    let output = bayegan(["fix"], &bytes);
    assert_eq!(output.status.code(), Some(EXIT_BAD_INPUT));
    let err = stderr(&output);
    assert!(err.contains("<stdin>") && err.contains("byte offset 52"), "{err}");
}

#[test]
fn invalid_utf8_offset_is_counted_from_the_start_of_a_long_file() {
    // the bad byte lies well past the first 64 KiB piece
    let line = format!("{FUSED}\n");
    let mut bytes = line.repeat(200_000 / line.len()).into_bytes();
    bytes.extend_from_slice("وزیر گفت ".as_bytes());
    let bad_at = bytes.len();
    bytes.push(0xC3); // a lead byte without its continuation
    bytes.extend_from_slice(b"(\n");
    let dir = TempDir::new("invalid-long");
    let file = dir.write("long.txt", &bytes);
    let output = bayegan([OsStr::new("fix"), file.as_os_str()], b"");
    assert_eq!(output.status.code(), Some(EXIT_BAD_INPUT));
    let err = stderr(&output);
    assert!(err.contains(&format!("byte offset {bad_at}")), "expected offset {bad_at}: {err}");
    assert!(output.stdout.is_empty(), "no part of a file that is not text is written");
    let output = bayegan([OsStr::new("fix"), OsStr::new("--diff"), file.as_os_str()], b"");
    assert_eq!(output.status.code(), Some(EXIT_BAD_INPUT));
    assert!(output.stdout.is_empty(), "no edits listed for a file that is not text");

    // a long binary file is called binary, not invalid UTF-8
    let mut bytes = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff".to_vec();
    bytes.extend([0xffu8; 100_000]);
    let file = dir.write("scan.png", &bytes);
    let output = bayegan([OsStr::new("fix"), file.as_os_str()], b"");
    assert_eq!(output.status.code(), Some(EXIT_BAD_INPUT));
    assert!(stderr(&output).contains("binary"), "{}", stderr(&output));
}

#[test]
fn lossy_replaces_invalid_bytes_with_u_fffd() {
    let dir = TempDir::new("lossy");
    let file = dir.write("bad.txt", ["دولت ".as_bytes(), b"\xff", " میکند\n".as_bytes()].concat());
    let output = bayegan([OsStr::new("fix"), OsStr::new("--lossy"), file.as_os_str()], b"");
    assert_success(&output);
    assert_eq!(stdout(&output), "دولت \u{FFFD} می\u{200C}کند\n");
    let output = bayegan([OsStr::new("fix"), file.as_os_str()], b"");
    assert_eq!(output.status.code(), Some(EXIT_BAD_INPUT), "without --lossy the same file is refused");
}

#[test]
fn binary_file_exits_65_with_a_clear_message() {
    let dir = TempDir::new("binary");
    let mut bytes = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
    bytes.extend([0u8; 1000]);
    let file = dir.write("scan.png", &bytes);
    let output = bayegan([OsStr::new("fix"), file.as_os_str()], b"");
    assert_eq!(output.status.code(), Some(EXIT_BAD_INPUT), "stderr: {}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains(&file.display().to_string()), "stderr should name the file: {err}");
    assert!(err.contains("binary"), "stderr should say it is a binary file: {err}");
    assert!(output.stdout.is_empty());
}

#[test]
fn missing_file_exits_1_naming_the_path() {
    let dir = TempDir::new("missing");
    let file = dir.path().join("no-such-page.txt");
    let output = bayegan([OsStr::new("fix"), file.as_os_str()], b"");
    assert_eq!(output.status.code(), Some(EXIT_IO), "stderr: {}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains(&file.display().to_string()), "stderr should name the path: {err}");
    assert!(output.stdout.is_empty());
}

#[test]
fn several_files_go_on_past_a_bad_one() {
    let dir = TempDir::new("several-bad");
    let first = dir.write("first.txt", format!("{FUSED}\n"));
    let last = dir.write("last.txt", "وزیر گفت که کتابها را میخواند\n");
    let missing = dir.path().join("missing.txt");
    let invalid = dir.write("invalid.txt", ["دولت ".as_bytes(), b"\xff\n"].concat());
    let name = |path: &Path| path.display().to_string();
    let both_restored = format!("{FUSED_FIXED}\nوزیر گفت که کتاب\u{200C}ها را می\u{200C}خواند\n");
    let run = |args: &[&str], files: &[&Path]| {
        let mut command: Vec<&OsStr> = vec![OsStr::new("fix")];
        command.extend(args.iter().map(OsStr::new));
        command.extend(files.iter().map(|f| f.as_os_str()));
        bayegan(command, b"")
    };

    // a file that cannot be read: the next one is restored all the same, and the run exits 1
    let output = run(&[], &[&first, &missing, &last]);
    assert_eq!(output.status.code(), Some(EXIT_IO), "stderr: {}", stderr(&output));
    assert_eq!(stdout(&output), both_restored, "the good files' text, in order");
    assert!(stderr(&output).contains(&name(&missing)), "{}", stderr(&output));

    // an input that is not UTF-8: 65
    let output = run(&[], &[&first, &invalid, &last]);
    assert_eq!(output.status.code(), Some(EXIT_BAD_INPUT), "stderr: {}", stderr(&output));
    assert_eq!(stdout(&output), both_restored);
    assert!(stderr(&output).contains(&name(&invalid)) && stderr(&output).contains("byte offset 9"));

    // both: a file that cannot be read outranks a bad input (as --help says)
    let output = run(&[], &[&invalid, &first, &missing, &last]);
    assert_eq!(output.status.code(), Some(EXIT_IO), "stderr: {}", stderr(&output));
    assert_eq!(stdout(&output), both_restored);
    let err = stderr(&output);
    assert!(err.contains(&name(&invalid)) && err.contains(&name(&missing)) && err.contains("2 files"), "{err}");

    // --json and --diff go on too
    let output = run(&["--json"], &[&first, &missing, &last]);
    assert_eq!(output.status.code(), Some(EXIT_IO));
    let sources: Vec<String> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["source"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(sources, [name(&first), name(&last)]);
    let output = run(&["--diff"], &[&first, &invalid, &last]);
    assert_eq!(output.status.code(), Some(EXIT_BAD_INPUT));
    let diff = stdout(&output);
    assert_eq!(diff.lines().filter(|l| l.starts_with(&name(&first))).count(), 2, "{diff}");
    assert_eq!(diff.lines().filter(|l| l.starts_with(&name(&last))).count(), 2, "{diff}");
}

#[test]
fn help_gives_the_exit_status_of_a_batch() {
    let output = bayegan(["fix", "--help"], b"");
    assert_success(&output);
    let help = stdout(&output).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        help.contains(
            "65 when every failed input was one of those data errors, and with 1 when any file could not be read"
        ),
        "{help}"
    );
}

// ---------------------------------------------------------------------------------------------
// --json

/// `[start, end]` or `{"start", "end"}`: the span of a JSON edit.
fn span_of(edit: &Value) -> (usize, usize) {
    let num = |v: &Value| v.as_u64().expect("span bounds are byte offsets") as usize;
    match &edit["span"] {
        Value::Array(a) if a.len() == 2 => (num(&a[0]), num(&a[1])),
        Value::Object(o) => (num(&o["start"]), num(&o["end"])),
        other => panic!("span should be [start, end], got {other}"),
    }
}

/// Checks every edit against `input` and applies them; returns the result.
fn check_and_apply(input: &str, edits: &[Value]) -> String {
    check_and_apply_kinds(input, edits, &["char", "zwnj", "space"])
}

/// [`check_and_apply`], with the edit kinds that may occur.
fn check_and_apply_kinds(input: &str, edits: &[Value], kinds: &[&str]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for edit in edits {
        let (start, end) = span_of(edit);
        assert!(start >= at && start <= end && end <= input.len(), "edit out of order or out of range: {edit}");
        assert!(
            input.is_char_boundary(start) && input.is_char_boundary(end),
            "span not on a character boundary: {edit}"
        );
        assert_eq!(edit["before"].as_str().unwrap(), &input[start..end], "before must be the input in span: {edit}");
        let kind = edit["kind"].as_str().unwrap();
        assert!(kinds.contains(&kind), "unexpected kind: {edit}");
        let confidence = edit["confidence"].as_f64().unwrap();
        assert!((0.5..=1.0).contains(&confidence), "confidence out of [0.5, 1]: {edit}");
        out.push_str(&input[at..start]);
        out.push_str(edit["after"].as_str().unwrap());
        at = end;
    }
    out.push_str(&input[at..]);
    out
}

#[test]
fn json_edits_reproduce_the_text() {
    // Arabic letter forms, fused words, spaces that should be ZWNJs, a missing space
    let input = "كتابها را ميخوانيم و رئيسجمهور گفت\n\nوزیر گفت که کتاب ها را می خواند\nدولت اینطرح را اجرا میکند";
    let expected = "کتاب\u{200C}ها را می\u{200C}خوانیم و رئیس\u{200C}جمهور گفت\n\nوزیر گفت که کتاب\u{200C}ها را می\u{200C}خواند\nدولت این طرح را اجرا می\u{200C}کند";
    let output = bayegan(["fix", "--json"], input.as_bytes());
    assert_success(&output);
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 1, "one JSON object per input: {text}");
    let doc: Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(doc["source"], "<stdin>");
    assert_eq!(doc["text"], expected);
    let edits = doc["edits"].as_array().unwrap();
    assert_eq!(check_and_apply(input, edits), expected);
    let kinds: Vec<&str> = edits.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    for kind in ["char", "zwnj", "space"] {
        assert!(kinds.contains(&kind), "expected a {kind} edit among {kinds:?}");
    }
    // the plain output is the same text
    let plain = bayegan(["fix"], input.as_bytes());
    assert_eq!(stdout(&plain), expected);
}

#[test]
fn json_prints_one_object_per_input_file() {
    let dir = TempDir::new("json-files");
    let a = dir.write("a.txt", format!("{FUSED}\n"));
    let b = dir.write("b.txt", "کتاب\u{200C}ها را می\u{200C}خوانیم\n");
    let output = bayegan([OsStr::new("fix"), OsStr::new("--json"), a.as_os_str(), b.as_os_str()], b"");
    assert_success(&output);
    let text = stdout(&output);
    let docs: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).expect("each line is a JSON object")).collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["source"], a.display().to_string());
    assert_eq!(docs[0]["text"], format!("{FUSED_FIXED}\n"));
    assert_eq!(docs[0]["edits"].as_array().unwrap().len(), 2);
    assert_eq!(docs[1]["source"], b.display().to_string());
    assert_eq!(docs[1]["text"], "کتاب\u{200C}ها را می\u{200C}خوانیم\n");
    assert!(docs[1]["edits"].as_array().unwrap().is_empty());
}

#[test]
fn json_spans_stay_right_across_pieces_of_a_long_input() {
    // about 300 KB, read in several 64 KiB pieces; spans must be offsets into the whole input
    let line = "رئيسجمهور در نشست خبری گفت که دولت این طرح را اجرا میکند\n";
    let count = 300_000 / line.len();
    let input = line.repeat(count);
    let output = bayegan(["fix", "--json"], input.as_bytes());
    assert_success(&output);
    let doc: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let edits = doc["edits"].as_array().unwrap();
    // per line: ي → ی, and two ZWNJs
    assert_eq!(edits.len(), 3 * count);
    let applied = check_and_apply(&input, edits);
    assert!(applied == doc["text"].as_str().unwrap(), "applying the edits must give the text");
    assert!(applied == format!("{FUSED_FIXED}\n").repeat(count), "every line restored alike");
}

/// Text as a damaged extraction may hold it: words fused, spaced and misspelled, Arabic and
/// presentation forms, kashidas, bidi marks and odd spaces, digits, Latin, emoji and punctuation,
/// glued in a random (seeded) order, `lines` lines long.
fn scrambled_text(seed: u64, lines: usize) -> String {
    // pieces between `|`
    const PIECES: &str = "رئیسجمهور|میکند|کتاب ها|دواصل|منطقهای|آقایخ|غآقای|قدإ|مخلفیم|تگرانی|دولت|این|طرح|را|و|\
        خـبر|ثـ|ـهای|باﻻ|ﻣﻴﮑﻨﺪ|كتاب|\u{200c}|\u{200e}|\u{200f}|\u{202b}|\u{feff}|\u{a0}| | | |  |،|؛|؟|«|»|.|(|)|۱|۱۴۰۳|3|\
        FATF|https://example.com/a|#آتشبس|😀|\u{64e}|\u{654}";
    let pieces: Vec<&str> = PIECES.split('|').collect();
    let mut state = seed;
    let mut next = |below: usize| {
        // xorshift64
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below as u64) as usize
    };
    let mut text = String::new();
    for _ in 0..lines {
        for _ in 0..next(30) {
            text.push_str(pieces[next(pieces.len())]);
        }
        text.push('\n');
    }
    text
}

#[test]
fn json_edits_and_flags_stay_right_on_scrambled_text() {
    // about 250 KB: several pieces, every stage, spelling corrections included
    let input = scrambled_text(1403, 2500);
    for spelling in ["off", "fix"] {
        let output = bayegan(["fix", "--json", "--spelling", spelling], input.as_bytes());
        assert_success(&output);
        let doc: Value = serde_json::from_str(&stdout(&output)).unwrap();
        let edits = doc["edits"].as_array().unwrap();
        let applied = check_and_apply_kinds(&input, edits, &["char", "zwnj", "space", "spelling"]);
        assert!(applied == doc["text"].as_str().unwrap(), "--spelling {spelling}: the edits must give the text");
        for flag in doc["flags"].as_array().into_iter().flatten() {
            let (start, end) = span_of(flag);
            assert!(input.get(start..end).is_some(), "flag outside the input: {flag}");
        }
        if spelling == "fix" {
            assert!(edits.iter().any(|e| e["kind"] == "spelling"), "the misspellings should be corrected");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// --diff

/// Parses `file:line:col: kind confidence  before → after`.
fn parse_diff_line<'a>(line: &'a str, file: &str) -> (usize, usize, &'a str, f64, &'a str, &'a str) {
    let rest =
        line.strip_prefix(&format!("{file}:")).unwrap_or_else(|| panic!("diff line should start with {file}: {line}"));
    let (line_no, rest) = rest.split_once(':').unwrap();
    let (col, rest) = rest.split_once(": ").unwrap();
    let (head, change) = rest.split_once("  ").unwrap_or_else(|| panic!("two spaces before the change: {line}"));
    let (kind, confidence) = head.split_once(' ').unwrap();
    let (before, after) = change.split_once(" → ").unwrap_or_else(|| panic!("before → after: {line}"));
    (line_no.parse().unwrap(), col.parse().unwrap(), kind, confidence.parse().unwrap(), before, after)
}

#[test]
fn diff_gives_file_line_and_column() {
    let dir = TempDir::new("diff");
    let line3 = "وزیر اقتصاد گفت که دولت این طرح را اجرا میکند";
    // (no ZWNJ in the correct lines: a text that already uses ZWNJs is trusted by the restorer,
    // which then leaves `میکند` on line 3 alone)
    let input = format!("خبرنگار ما از تهران گزارش داد.\n\n{line3}\nپایان گزارش.\n");
    let file = dir.write("page.txt", &input);
    let output = bayegan([OsStr::new("fix"), OsStr::new("--diff"), file.as_os_str()], b"");
    assert_success(&output);
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "one edit expected:\n{text}");
    let (line, col, kind, confidence, before, after) = parse_diff_line(lines[0], &file.display().to_string());
    assert_eq!(line, 3);
    // the ZWNJ goes after «می» of «میکند»
    let expected_col = line3[..line3.find("میکند").unwrap()].chars().count() + "می".chars().count() + 1;
    assert_eq!(col, expected_col);
    assert_eq!(kind, "zwnj");
    assert!((0.5..=1.0).contains(&confidence), "{confidence}");
    assert_eq!(before, "میکند");
    assert_eq!(after, "می\u{200C}کند");
}

#[test]
fn diff_columns_do_not_count_a_byte_order_mark() {
    let line1 = "دولت این طرح را اجرا میکند";
    let line2 = "وزیر گفت که کتابها را میخواند";
    let dir = TempDir::new("diff-bom");
    let file = dir.write("bom.txt", format!("\u{feff}{line1}\n{line2}\n"));
    let name = file.display().to_string();
    let output = bayegan([OsStr::new("fix"), OsStr::new("--diff"), file.as_os_str()], b"");
    assert_success(&output);
    let text = stdout(&output);
    let found: Vec<(usize, usize, &str)> =
        text.lines().map(|l| parse_diff_line(l, &name)).map(|(line, col, kind, ..)| (line, col, kind)).collect();
    let col_in = |line: &str, word: &str, stem: &str| {
        line[..line.find(word).unwrap()].chars().count() + stem.chars().count() + 1
    };
    assert_eq!(
        found,
        vec![
            (1, 1, "char"), // the mark itself goes
            (1, col_in(line1, "میکند", "می"), "zwnj"),
            (2, col_in(line2, "کتابها", "کتاب"), "zwnj"),
            (2, col_in(line2, "میخواند", "می"), "zwnj"),
        ],
        "diff:\n{text}"
    );
}

#[test]
fn diff_positions_stay_right_in_a_line_longer_than_a_piece() {
    // line 2 is about 300 KB (cut into pieces at spaces), with a fused word at its end
    let filler = "دولت این طرح را اجرا کرد ".repeat(300_000 / "دولت این طرح را اجرا کرد ".len());
    let line2 = format!("{filler}میکند");
    let line3 = "وزیر گفت که کتابها را میخواند";
    let input = format!("خط اول گزارش\n{line2}\n{line3}\n");
    let dir = TempDir::new("diff-long");
    let file = dir.write("long.txt", &input);
    let name = file.display().to_string();
    let output = bayegan([OsStr::new("fix"), OsStr::new("--diff"), file.as_os_str()], b"");
    assert_success(&output);
    let text = stdout(&output);
    let found: Vec<(usize, usize)> =
        text.lines().map(|l| parse_diff_line(l, &name)).map(|(line, col, ..)| (line, col)).collect();
    // column of the ZWNJ inserted `stem` into `word`
    let col_in = |line: &str, word: &str, stem: &str| {
        line[..line.find(word).unwrap()].chars().count() + stem.chars().count() + 1
    };
    assert_eq!(
        found,
        vec![
            (2, col_in(&line2, "میکند", "می")),
            (3, col_in(line3, "کتابها", "کتاب")),
            (3, col_in(line3, "میخواند", "می"))
        ],
        "diff:\n{text}"
    );
}

// ---------------------------------------------------------------------------------------------
// --digits

#[test]
fn digits_fa_and_latin() {
    let latin = "در سال 1403 فایل mp3 از https://example.com/a1403/x.mp3 و news1403@example.ir دریافت شد و #خبر_1403";
    let persian = "در سال ۱۴۰۳ فایل mp3 از https://example.com/a1403/x.mp3 و news1403@example.ir دریافت شد و #خبر_1403";
    let output = bayegan(["fix", "--digits", "fa"], latin.as_bytes());
    assert_success(&output);
    assert_eq!(stdout(&output), persian);

    let output = bayegan(["fix", "--digits", "latin"], "در سال ۱۴۰۳ و ۲۵ درصد و mp3".as_bytes());
    assert_success(&output);
    assert_eq!(stdout(&output), "در سال 1403 و 25 درصد و mp3");

    // the default keeps digits as written
    let output = bayegan(["fix"], "سال ۱۴۰۳ و 2024".as_bytes());
    assert_eq!(stdout(&output), "سال ۱۴۰۳ و 2024");
}

// ---------------------------------------------------------------------------------------------
// --out DIR

#[test]
fn out_dir_writes_each_file_under_its_own_name() {
    let dir = TempDir::new("out");
    let inputs = dir.path().join("in");
    fs::create_dir(&inputs).unwrap();
    let files = [
        ("a.txt", format!("{FUSED}\n"), format!("{FUSED_FIXED}\n")),
        (
            "b.txt",
            "وزیر گفت که کتابها را میخواند\n\n".to_owned(),
            "وزیر گفت که کتاب\u{200C}ها را می\u{200C}خواند\n\n".to_owned(),
        ),
        ("c.md", "کتاب\u{200C}ها را خواند".to_owned(), "کتاب\u{200C}ها را خواند".to_owned()),
    ];
    let mut args = vec![OsStr::new("fix").to_owned(), OsStr::new("--out").to_owned()];
    let out = dir.path().join("out");
    args.push(out.clone().into_os_string());
    for (name, input, _) in &files {
        let path = inputs.join(name);
        fs::write(&path, input).unwrap();
        args.push(path.into_os_string());
    }
    let output = bayegan(&args, b"");
    assert_success(&output);
    assert!(output.stdout.is_empty(), "--out writes nothing to stdout");
    assert_eq!(names_in(&out), ["a.txt", "b.txt", "c.md"]);
    for (name, input, expected) in &files {
        assert_eq!(&fs::read_to_string(out.join(name)).unwrap(), expected, "{name}");
        assert_eq!(&fs::read_to_string(inputs.join(name)).unwrap(), input, "the input {name} is left alone");
    }
}

#[test]
fn out_dir_with_a_bad_file_writes_the_others_and_fails() {
    let dir = TempDir::new("out-bad");
    let a = dir.write("a.txt", format!("{FUSED}\n"));
    let bad = dir.write("bad.txt", ["دولت ".as_bytes(), b"\xff\n"].concat()); // bad byte at offset 9
    let b = dir.write("b.txt", "وزیر گفت که کتابها را میخواند\n");
    let missing = dir.path().join("missing.txt");
    let out = dir.path().join("out");
    let output = bayegan(
        [
            OsStr::new("fix"),
            OsStr::new("--out"),
            out.as_os_str(),
            a.as_os_str(),
            bad.as_os_str(),
            missing.as_os_str(),
            b.as_os_str(),
        ],
        b"",
    );
    assert_ne!(output.status.code(), Some(0), "a failed file must fail the run");
    assert!(output.status.code().is_some());
    let err = stderr(&output);
    assert!(err.contains(&bad.display().to_string()) && err.contains("byte offset 9"), "{err}");
    assert!(err.contains(&missing.display().to_string()), "{err}");
    assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), format!("{FUSED_FIXED}\n"));
    assert_eq!(fs::read_to_string(out.join("b.txt")).unwrap(), "وزیر گفت که کتاب\u{200C}ها را می\u{200C}خواند\n");
    // nothing (not even an empty or half-written file) for the inputs that failed
    assert_eq!(names_in(&out), ["a.txt", "b.txt"]);

    // only the invalid file: its exit code is that of bad input
    let output = bayegan([OsStr::new("fix"), OsStr::new("--out"), out.as_os_str(), bad.as_os_str()], b"");
    assert_eq!(output.status.code(), Some(EXIT_BAD_INPUT));
}

#[test]
fn out_dir_refuses_to_replace_an_input() {
    let dir = TempDir::new("out-same");
    let pages = dir.path().join("pages");
    fs::create_dir_all(pages.join("1403")).unwrap();
    let input = format!("{FUSED}\n");
    let file = dir.write("pages/page.txt", &input);
    let other = dir.write("pages/1403/other.txt", "وزیر گفت که کتابها را میخواند\n");
    // the directory named as it is, through `..`, and through a link to it
    let through_parent = pages.join("1403").join("..");
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&pages, &link).unwrap();
    for out in [pages.as_path(), through_parent.as_path(), link.as_path()] {
        let output = bayegan(
            [OsStr::new("fix"), OsStr::new("--out"), out.as_os_str(), other.as_os_str(), file.as_os_str()],
            b"",
        );
        assert_eq!(output.status.code(), Some(EXIT_USAGE), "--out {}: stderr: {}", out.display(), stderr(&output));
        let err = stderr(&output);
        assert!(err.contains(&file.display().to_string()) && err.contains("would replace this input"), "{err}");
        assert_eq!(fs::read_to_string(&file).unwrap(), input, "the input must be left as it was");
        assert_eq!(names_in(&pages), ["1403", "page.txt"], "nothing may be written (--out {})", out.display());
    }
    // an input in a subdirectory of DIR is not replaced: its restoration goes into DIR itself
    let output = bayegan([OsStr::new("fix"), OsStr::new("--out"), pages.as_os_str(), other.as_os_str()], b"");
    assert_success(&output);
    assert_eq!(fs::read_to_string(pages.join("other.txt")).unwrap(), "وزیر گفت که کتاب\u{200C}ها را می\u{200C}خواند\n");
}

#[test]
fn out_dir_refuses_two_inputs_with_the_same_name() {
    let dir = TempDir::new("out-dup");
    fs::create_dir(dir.path().join("1402")).unwrap();
    fs::create_dir(dir.path().join("1403")).unwrap();
    let first = dir.write("1402/page.txt", format!("{FUSED}\n"));
    let second = dir.write("1403/page.txt", "وزیر گفت که کتابها را میخواند\n");
    let out = dir.path().join("out");
    let output =
        bayegan([OsStr::new("fix"), OsStr::new("--out"), out.as_os_str(), first.as_os_str(), second.as_os_str()], b"");
    assert_eq!(output.status.code(), Some(EXIT_USAGE), "a usage error; stderr: {}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains(&first.display().to_string()) && err.contains(&second.display().to_string()), "{err}");
    assert!(err.contains("different directories"), "{err}");
    assert!(!out.join("page.txt").exists(), "nothing may be written");
}

#[test]
fn out_dir_needs_files() {
    let dir = TempDir::new("out-stdin");
    let output = bayegan([OsStr::new("fix"), OsStr::new("--out"), dir.path().as_os_str()], FUSED.as_bytes());
    assert_eq!(output.status.code(), Some(EXIT_USAGE), "a usage error; stderr: {}", stderr(&output));
    assert!(stderr(&output).contains("--out needs files"), "{}", stderr(&output));
    let output =
        bayegan([OsStr::new("fix"), OsStr::new("--out"), dir.path().as_os_str(), OsStr::new("-")], FUSED.as_bytes());
    assert_eq!(output.status.code(), Some(EXIT_USAGE), "`-` is standard input too");
    assert_eq!(names_in(dir.path()), Vec::<String>::new(), "nothing may be written");
}

// ---------------------------------------------------------------------------------------------
// a very long line

/// Size of the single-line input. 50 MB takes about 50 s through a debug build, so the test
/// uses 8 MB (about 7 s); the memory of a 50 MB run is measured in bench/ with a release build.
const LONG_LINE_BYTES: usize = 8_000_000;

#[test]
fn a_single_line_of_megabytes_is_restored_whole() {
    let sentence = "رئیسجمهور در نشست خبری گفت که دولت این طرح را اجرا میکند و کتابها را میخواند ";
    let restored_sentence = stdout(&bayegan(["fix"], sentence.as_bytes()));
    assert_eq!(
        restored_sentence,
        "رئیس\u{200C}جمهور در نشست خبری گفت که دولت این طرح را اجرا می\u{200C}کند و کتاب\u{200C}ها را می\u{200C}خواند "
    );
    let count = LONG_LINE_BYTES / sentence.len() + 1;
    let input = sentence.repeat(count);
    let dir = TempDir::new("long-line");
    let file = dir.write("one-line.txt", &input);
    let output = bayegan([OsStr::new("fix"), file.as_os_str()], b"");
    assert_success(&output);
    let text = output.stdout;
    assert_eq!(text.iter().filter(|&&b| b == b'\n').count(), 0, "no newline may be added");
    assert!(text.len() > input.len(), "ZWNJs should have been inserted");
    assert_eq!(text.len(), restored_sentence.len() * count);
    let first_difference = text.chunks(restored_sentence.len()).position(|chunk| chunk != restored_sentence.as_bytes());
    assert_eq!(first_difference, None, "every sentence should be restored alike (first difference at sentence shown)");
}

// ---------------------------------------------------------------------------------------------
// eval spacing

const GOLD: &str = "\
رئیس\u{200C}جمهور در نشست خبری گفت که دولت این طرح را اجرا می\u{200C}کند.
وزیر اقتصاد اعلام کرد که قیمت\u{200C}ها در ماه\u{200C}های آینده کاهش می\u{200C}یابد.
نمایندگان مجلس این لایحه را بررسی کرده\u{200C}اند و به آن رأی می\u{200C}دهند.
سخنگوی وزارت خارجه گفت که گفت\u{200C}وگوها همچنان ادامه دارد.
دانشجویان دانشگاه تهران در این همایش شرکت کرده\u{200C}اند.
";

fn eval_json(mode: &str) -> Value {
    let dir = TempDir::new(&format!("eval-{mode}"));
    let gold = dir.write("gold.txt", GOLD);
    let output = bayegan(
        [
            OsStr::new("eval"),
            OsStr::new("spacing"),
            gold.as_os_str(),
            OsStr::new("--mode"),
            OsStr::new(mode),
            OsStr::new("--json"),
        ],
        b"",
    );
    assert_success(&output);
    let report: Value = serde_json::from_str(&stdout(&output)).expect("eval --json prints JSON");
    assert_eq!(report["mode"], mode);
    assert_eq!(report["sentences"], 5, "all five gold sentences scored: {report}");
    assert_eq!(report["skipped"], 0, "{report}");
    assert!(report["boundaries"].as_u64().unwrap() > 100, "{report}");
    report
}

#[test]
fn eval_spacing_clean_changes_nothing() {
    let report = eval_json("clean");
    assert!(report["changed"].as_u64().unwrap() <= 1, "correct text should be left alone: {report}");
}

#[test]
fn eval_spacing_joined_restores_zwnjs() {
    let report = eval_json("joined");
    let zwnj = &report["zwnj"];
    assert!(zwnj["true_positives"].as_u64().unwrap() > 0, "{report}");
    // the gold has nine ZWNJs, all removed by the corruption
    let gold_zwnjs = zwnj["true_positives"].as_u64().unwrap() + zwnj["false_negatives"].as_u64().unwrap();
    assert_eq!(gold_zwnjs, 9, "{report}");
    assert!(report["changed"].as_u64().unwrap() > 0, "{report}");
}

#[test]
fn eval_spacing_unknown_mode_is_a_usage_error() {
    let dir = TempDir::new("eval-usage");
    let gold = dir.write("gold.txt", GOLD);
    let output = bayegan(
        [OsStr::new("eval"), OsStr::new("spacing"), gold.as_os_str(), OsStr::new("--mode"), OsStr::new("scrambled")],
        b"",
    );
    assert_eq!(output.status.code(), Some(EXIT_USAGE));
    assert!(stderr(&output).contains("scrambled"), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
}

#[test]
fn eval_spacing_missing_file_exits_1() {
    let dir = TempDir::new("eval-missing");
    let gold = dir.path().join("no-gold.txt");
    let output = bayegan([OsStr::new("eval"), OsStr::new("spacing"), gold.as_os_str()], b"");
    assert_eq!(output.status.code(), Some(EXIT_IO));
    assert!(stderr(&output).contains(&gold.display().to_string()), "{}", stderr(&output));
}

#[test]
fn eval_spacing_scores_another_tools_outputs() {
    let dir = TempDir::new("eval-outputs");
    let gold = dir.write("gold.txt", GOLD);
    let inputs = dir.path().join("inputs.txt");
    let arg = |s: &str| std::ffi::OsString::from(s);
    let wrote = bayegan(
        [
            arg("eval"),
            arg("spacing"),
            gold.clone().into_os_string(),
            arg("--mode"),
            arg("joined"),
            arg("--write-inputs"),
            inputs.clone().into_os_string(),
        ],
        b"",
    );
    assert!(wrote.status.success(), "{}", stderr(&wrote));
    let corrupted = std::fs::read_to_string(&inputs).unwrap();
    assert!(!corrupted.contains('\u{200c}'), "joined inputs keep no ZWNJ: {corrupted}");
    // a "tool" that changes nothing finds no ZWNJ at all
    let unchanged = dir.write("unchanged.txt", &corrupted);
    let scored = bayegan(
        [
            arg("eval"),
            arg("spacing"),
            gold.into_os_string(),
            arg("--mode"),
            arg("joined"),
            arg("--outputs"),
            unchanged.into_os_string(),
            arg("--json"),
            arg("--errors"),
            arg("3"),
        ],
        b"",
    );
    assert!(scored.status.success(), "{}", stderr(&scored));
    let text = String::from_utf8(scored.stdout).unwrap();
    let json_end = text.find("\nwords restored wrong").expect("the error list follows the report");
    let report: serde_json::Value = serde_json::from_str(&text[..json_end]).unwrap();
    assert_eq!(report["zwnj"]["true_positives"], 0, "{report}");
    assert_eq!(report["zwnj"]["false_negatives"], 9, "{report}");
    assert!(text[json_end..].lines().count() >= 2, "{text}");
}

#[test]
fn spelling_flags_and_fixes_are_reported() {
    let text = "نگرانی‌ها به تشدید تگرانی در منطقه انجامید و آقای هوچستین سخن گفت\n";
    let flagged = bayegan(["fix", "--spelling", "flag", "--json"], text.as_bytes());
    assert_success(&flagged);
    let doc: Value = serde_json::from_str(&stdout(&flagged)).unwrap();
    assert_eq!(doc["text"], text, "flag mode changes nothing");
    let flags = doc["flags"].as_array().expect("flags listed");
    let misspelled = flags.iter().find(|f| f["word"] == "تگرانی").expect("تگرانی flagged");
    assert_eq!(misspelled["kind"], "misspelled");
    assert_eq!(misspelled["suggestions"][0]["word"], "نگرانی");
    let name = flags.iter().find(|f| f["word"] == "هوچستین").expect("the name flagged");
    assert_eq!(name["kind"], "unknown");
    let span =
        misspelled["span"]["start"].as_u64().unwrap() as usize..misspelled["span"]["end"].as_u64().unwrap() as usize;
    assert_eq!(&text[span], "تگرانی");

    let fixed = bayegan(["fix", "--spelling", "fix", "--diff"], text.as_bytes());
    assert_success(&fixed);
    let diff = stdout(&fixed);
    assert!(diff.contains("spelling") && diff.contains("تشدید نگرانی در"), "{diff}");
    assert!(diff.contains("flag unknown  هوچستین"), "{diff}");
    let off = bayegan(["fix", "--json"], text.as_bytes());
    assert!(!stdout(&off).contains("\"flags\""), "no flags without --spelling");
}

#[test]
fn spelling_json_lists_flags_even_when_none() {
    // every word known and rightly written: nothing to flag
    let text = "دولت این طرح را اجرا می\u{200c}کند و وزیر گفت که کتاب\u{200c}ها را می\u{200c}خواند\n";
    for mode in ["flag", "fix"] {
        let output = bayegan(["fix", "--spelling", mode, "--json"], text.as_bytes());
        assert_success(&output);
        let doc: Value = serde_json::from_str(&stdout(&output)).unwrap();
        assert_eq!(doc["text"], text);
        assert_eq!(doc["flags"], Value::Array(Vec::new()), "--spelling {mode}: \"flags\": [] must be there: {doc}");
    }
    let off: Value = serde_json::from_str(&stdout(&bayegan(["fix", "--json"], text.as_bytes()))).unwrap();
    assert!(off.get("flags").is_none(), "--spelling off keeps the documented shape: {off}");
}

// ---------------------------------------------------------------------------------------------
// long inputs: read in pieces, restored as if whole

const PERDT_TRAIN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpora/perdt_train.txt");

#[test]
fn a_long_file_is_restored_as_the_library_restores_it_whole_and_restores_to_itself() {
    // PerDT sentences with their ZWNJs lost, some letters in Arabic forms: several pieces
    let train = fs::read_to_string(PERDT_TRAIN).expect("../shared/corpora/perdt_train.txt");
    let text: String = train
        .lines()
        .take(3000)
        .enumerate()
        .map(|(i, line)| {
            let line = line.replace('\u{200C}', "");
            format!("{}\n", if i % 7 == 0 { line.replace('ی', "ي").replace('ک', "ك") } else { line })
        })
        .collect();
    assert!(text.len() > 300_000, "{} bytes", text.len());
    let whole = bayegan_text::Restorer::new().fix(&text);

    let dir = TempDir::new("long-input");
    let file = dir.write("sentences.txt", &text);
    let output = bayegan([OsStr::new("fix"), file.as_os_str()], b"");
    assert_success(&output);
    assert!(stdout(&output) == whole, "the file read in pieces is restored as the whole text is");
    let output = bayegan(["fix"], text.as_bytes());
    assert!(stdout(&output) == whole, "standard input too");

    let restored = dir.write("restored.txt", &whole);
    let output = bayegan([OsStr::new("fix"), restored.as_os_str()], b"");
    assert!(stdout(&output) == whole, "restoring the restored file changes nothing");
}
