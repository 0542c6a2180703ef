//! Pages of our own writing (`tests/pages/NAME.txt`) against their expectations
//! (`NAME.expect.json`): a subset of the page's JSON. Only the keys an expectation gives are
//! compared, recursively; arrays must have the given length; strings are compared without ZWNJs
//! and spaces and with Arabic ي ك as ی ک, so the restorer's half-spaces need not be predicted.

use std::path::Path;

use bayegan_page::Parser;
use serde_json::Value;

fn normalized(text: &str) -> String {
    text.chars()
        .filter(|c| *c != '\u{200c}' && !c.is_whitespace())
        .map(|c| match c {
            'ي' => 'ی',
            'ك' => 'ک',
            c => c,
        })
        .collect()
}

/// Appends to `errors` every place where `actual` does not hold what `expected` asks.
fn compare(path: &str, expected: &Value, actual: &Value, errors: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(want), Value::Object(got)) => {
            for (key, value) in want {
                match got.get(key) {
                    Some(found) => compare(&format!("{path}.{key}"), value, found, errors),
                    None => errors.push(format!("{path}.{key}: missing")),
                }
            }
        }
        (Value::Array(want), Value::Array(got)) => {
            if want.len() != got.len() {
                errors.push(format!("{path}: {} items expected, {} found: {}", want.len(), got.len(), brief(actual)));
                return;
            }
            for (i, (w, g)) in want.iter().zip(got).enumerate() {
                compare(&format!("{path}[{i}]"), w, g, errors);
            }
        }
        (Value::String(want), Value::String(got)) if normalized(want) == normalized(got) => {}
        (want, got) if want == got => {}
        (want, got) => errors.push(format!("{path}: expected {want}, found {}", brief(got))),
    }
}

fn brief(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 300 {
        text.chars().take(300).collect::<String>() + "…"
    } else {
        text
    }
}

#[test]
fn own_pages_meet_their_expectations() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages");
    let parser = Parser::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir).expect("tests/pages").map(|e| e.unwrap().path()).collect();
    entries.sort();
    let mut checked = 0;
    let mut failures = Vec::new();
    for text_path in entries.iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
        let expect_path = text_path.with_extension("expect.json");
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(&expect_path).unwrap_or_else(|e| panic!("{}: {e}", expect_path.display())),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", expect_path.display()));
        let text = std::fs::read_to_string(text_path).unwrap();
        let page = parser
            .parse(&text_path.display().to_string(), &text)
            .unwrap_or_else(|e| panic!("{}: {e}", text_path.display()));
        let actual = serde_json::to_value(&page).unwrap();
        let mut errors = Vec::new();
        compare("page", &expected, &actual, &mut errors);
        if !errors.is_empty() {
            failures.push(format!("{}:\n  {}", text_path.display(), errors.join("\n  ")));
        }
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} pages in {}", dir.display());
    assert!(
        failures.is_empty(),
        "{} of {checked} pages differ from their expectations:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
