//! The JSON the parser writes follows `docs/page-schema.json`: checked with a small validator for
//! the schema's own subset (type, const, enum, required, additionalProperties, items, minItems,
//! maxItems, minimum, oneOf, $ref; patterns are not checked), so the contract and the code cannot
//! drift apart.

use bayegan_page::Parser;
use serde_json::Value;

const SCHEMA: &str = include_str!("../../../docs/page-schema.json");
const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seed/page-arman-melli-1403-08-19.txt");

fn type_matches(name: &str, value: &Value) -> bool {
    match name {
        "null" => value.is_null(),
        "string" => value.is_string(),
        "integer" => value.is_u64() || value.is_i64(),
        "boolean" => value.is_boolean(),
        "number" => value.is_number(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    }
}

fn validate(schema: &Value, root: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.trim_start_matches("#/$defs/");
        return validate(&root["$defs"][name], root, value, path, errors);
    }
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        let passing = options
            .iter()
            .filter(|o| {
                let mut inner = Vec::new();
                validate(o, root, value, path, &mut inner);
                inner.is_empty()
            })
            .count();
        if passing != 1 {
            errors.push(format!("{path}: matches {passing} of the oneOf options"));
        }
        return;
    }
    match schema.get("type") {
        Some(Value::String(t)) if !type_matches(t, value) => errors.push(format!("{path}: not {t}: {value}")),
        Some(Value::Array(ts)) if !ts.iter().any(|t| type_matches(t.as_str().unwrap(), value)) => {
            errors.push(format!("{path}: none of {ts:?}: {value}"))
        }
        _ => {}
    }
    if let Some(c) = schema.get("const") {
        if c != value {
            errors.push(format!("{path}: not {c}"));
        }
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array) {
        if !options.contains(value) {
            errors.push(format!("{path}: {value} not in {options:?}"));
        }
    }
    if let (Some(min), Some(n)) = (schema.get("minimum").and_then(Value::as_i64), value.as_i64()) {
        if n < min {
            errors.push(format!("{path}: {n} < {min}"));
        }
    }
    if let Value::Object(object) = value {
        let properties = schema.get("properties").and_then(Value::as_object);
        for required in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
            if !object.contains_key(required.as_str().unwrap()) {
                errors.push(format!("{path}: missing {required}"));
            }
        }
        for (key, item) in object {
            match properties.and_then(|p| p.get(key)) {
                Some(sub) => validate(sub, root, item, &format!("{path}.{key}"), errors),
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{path}.{key}: not in the schema"))
                }
                None => {}
            }
        }
    }
    if let Value::Array(items) = value {
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64) {
            if (items.len() as u64) < min {
                errors.push(format!("{path}: fewer than {min} items"));
            }
        }
        if let Some(max) = schema.get("maxItems").and_then(Value::as_u64) {
            if items.len() as u64 > max {
                errors.push(format!("{path}: more than {max} items"));
            }
        }
        if let Some(item_schema) = schema.get("items") {
            for (i, item) in items.iter().enumerate() {
                validate(item_schema, root, item, &format!("{path}[{i}]"), errors);
            }
        }
    }
}

#[test]
fn parsed_pages_follow_the_published_schema() {
    let schema: Value = serde_json::from_str(SCHEMA).expect("docs/page-schema.json is JSON");
    let mut pages = vec![std::fs::read_to_string(SEED).unwrap()];
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            pages.push(std::fs::read_to_string(path).unwrap());
        }
    }
    let parser = Parser::new();
    for text in &pages {
        let page = serde_json::to_value(parser.parse("page", text).unwrap()).unwrap();
        let mut errors = Vec::new();
        validate(&schema, &schema, &page, "page", &mut errors);
        assert!(errors.is_empty(), "{}", errors.join("\n"));
    }
}

#[test]
fn the_validator_rejects_what_the_schema_forbids() {
    let schema: Value = serde_json::from_str(SCHEMA).unwrap();
    let text = std::fs::read_to_string(SEED).unwrap();
    let mut page = serde_json::to_value(Parser::new().parse("seed", &text).unwrap()).unwrap();
    page["articles"][0]["blocks"][0]["kind"] = Value::from("sidebar");
    page["surprise"] = Value::from(1);
    page["articles"][0]["blocks"][0]["lines"] = serde_json::json!([1]);
    let mut errors = Vec::new();
    validate(&schema, &schema, &page, "page", &mut errors);
    assert_eq!(errors.len(), 3, "{errors:?}");
}
