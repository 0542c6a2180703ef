//! Table-driven restoration cases: `tests/cases.tsv` must pass; `tests/known_failures.tsv` is
//! run and reported without failing. See the header of `cases.tsv` for the format.

use bayegan_text::Restorer;

const CASES: &str = include_str!("cases.tsv");
const KNOWN_FAILURES: &str = include_str!("known_failures.tsv");

/// One line of a case file.
#[derive(Debug)]
struct Case {
    line: usize,
    input: String,
    expected: String,
    why: String,
}

/// Named escapes for characters that are invisible or look like others.
const ESCAPES: &[(&str, char)] = &[
    ("<ZWNJ>", '\u{200C}'),
    ("<NBSP>", '\u{00A0}'),
    ("<ZWSP>", '\u{200B}'),
    ("<BOM>", '\u{FEFF}'),
    ("<LRM>", '\u{200E}'),
    ("<RLM>", '\u{200F}'),
    ("<RLE>", '\u{202B}'),
    ("<PDF>", '\u{202C}'),
    ("<TAB>", '\t'),
    ("<LF>", '\n'),
];

/// Converts the escapes of a case field into the characters they stand for; panics on an
/// escape it does not know, so a typo cannot turn into a case that tests something else.
fn unescape(field: &str, line: usize) -> String {
    let mut out = String::with_capacity(field.len());
    let mut rest = field;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        let close = rest.find('>');
        let name = close.map(|c| &rest[..=c]);
        let named = name.and_then(|n| ESCAPES.iter().find(|(e, _)| *e == n));
        if let (Some(n), Some((_, c))) = (name, named) {
            out.push(*c);
            rest = &rest[n.len()..];
        } else if let Some(n) = name.filter(|n| n.starts_with("<U+")) {
            let code = u32::from_str_radix(&n[3..n.len() - 1], 16)
                .unwrap_or_else(|_| panic!("line {line}: bad code point escape {n}"));
            out.push(char::from_u32(code).unwrap_or_else(|| panic!("line {line}: {n} is no character")));
            rest = &rest[n.len()..];
        } else if let Some(n) =
            name.filter(|n| n.len() > 2 && n[1..n.len() - 1].chars().all(|c| c.is_ascii_uppercase()))
        {
            panic!("line {line}: unknown escape {n}");
        } else {
            out.push('<');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Parses a case file; panics on a malformed line.
fn parse(file: &str, name: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    for (i, raw) in file.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = raw.split('\t').collect();
        assert_eq!(
            cols.len(),
            3,
            "{name}:{line}: want input<TAB>expected<TAB>why, got {} columns: {raw:?}",
            cols.len()
        );
        assert!(!cols[2].trim().is_empty(), "{name}:{line}: every case needs a why");
        cases.push(Case {
            line,
            input: unescape(cols[0], line),
            expected: unescape(cols[1], line),
            why: cols[2].to_owned(),
        });
    }
    cases
}

/// Characters a reader cannot see or tell from others: controls, bidi marks, presentation forms.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FB50}'..='\u{FEFF}')
}

/// Shows a string with its invisible characters escaped again, for failure messages.
fn visible(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match ESCAPES.iter().find(|(_, e)| *e == c) {
            Some((name, _)) => out.push_str(name),
            // controls, presentation forms, marks, and letters that look like Persian ones
            None if is_invisible(c)
                || bayegan_text::is_mark(c)
                || matches!(c, '\u{0643}' | '\u{064A}' | '\u{0649}' | '\u{06D5}') =>
            {
                out.push_str(&format!("<U+{:04X}>", c as u32))
            }
            None => out.push(c),
        }
    }
    out
}

/// What went wrong with a case, if anything; a panic is reported, not propagated, so one case
/// cannot hide the others.
fn check(restorer: &Restorer, case: &Case) -> Option<String> {
    std::panic::catch_unwind(|| check_unguarded(restorer, case)).unwrap_or_else(|_| {
        Some(format!("line {} ({}): the restorer panicked on {}", case.line, case.why, visible(&case.input)))
    })
}

fn check_unguarded(restorer: &Restorer, case: &Case) -> Option<String> {
    let got = restorer.fix(&case.input);
    if got != case.expected {
        return Some(format!(
            "line {} ({})\n    input:    {}\n    expected: {}\n    got:      {}",
            case.line,
            case.why,
            visible(&case.input),
            visible(&case.expected),
            visible(&got)
        ));
    }
    let restored = restorer.restore(&case.input);
    if restored.text != got {
        return Some(format!(
            "line {}: restore() gives {} but fix() gives {}",
            case.line,
            visible(&restored.text),
            visible(&got)
        ));
    }
    let replayed = bayegan_text::apply_edits(&case.input, &restored.edits);
    if replayed != restored.text {
        return Some(format!(
            "line {} ({}): the text is right but its edits replay to {}\n    edits: {:?}",
            case.line,
            case.why,
            visible(&replayed),
            restored.edits
        ));
    }
    let again = restorer.fix(&got);
    if again != got {
        return Some(format!(
            "line {} ({}): restoring the restored text changes it again\n    restored: {}\n    again:    {}",
            case.line,
            case.why,
            visible(&got),
            visible(&again)
        ));
    }
    if case.expected == case.input && !restored.edits.is_empty() {
        return Some(format!("line {}: text came back unchanged but with edits {:?}", case.line, restored.edits));
    }
    None
}

#[test]
fn case_files_parse_and_do_not_overlap() {
    let cases = parse(CASES, "cases.tsv");
    let known = parse(KNOWN_FAILURES, "known_failures.tsv");
    assert!(cases.len() >= 60, "cases.tsv has only {} cases", cases.len());
    let mut seen = std::collections::HashSet::new();
    for case in cases.iter().chain(&known) {
        assert!(seen.insert(case.input.as_str()), "line {}: input {} appears twice", case.line, visible(&case.input));
    }
    // invisible characters are written as escapes, so a reader sees them
    for (name, file) in [("cases.tsv", CASES), ("known_failures.tsv", KNOWN_FAILURES)] {
        for (i, line) in file.lines().enumerate() {
            let hidden = line.chars().find(|&c| c != '\t' && (ESCAPES.iter().any(|(_, e)| *e == c) || is_invisible(c)));
            assert!(hidden.is_none(), "{name}:{}: write U+{:04X} as an escape", i + 1, hidden.unwrap() as u32);
        }
    }
    // escapes really are converted
    assert_eq!(unescape("می<ZWNJ>کند<U+FEFB><NBSP>a<b", 0), "می\u{200C}کندﻻ\u{00A0}a<b");
}

#[test]
fn cases() {
    let restorer = Restorer::new();
    let cases = parse(CASES, "cases.tsv");
    let failures: Vec<String> = cases.iter().filter_map(|case| check(&restorer, case)).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases in cases.tsv fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn known_failures() {
    let restorer = Restorer::new();
    let known = parse(KNOWN_FAILURES, "known_failures.tsv");
    let mut still_failing = 0;
    println!("known_failures.tsv ({} cases):", known.len());
    for case in &known {
        match check(&restorer, case) {
            Some(report) => {
                still_failing += 1;
                println!("  FAILS {report}");
            }
            None => println!("  NOW PASSES line {} ({}): move it to cases.tsv", case.line, case.why),
        }
    }
    println!("{still_failing} of {} known failures still fail", known.len());
}
