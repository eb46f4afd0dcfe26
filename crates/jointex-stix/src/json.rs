//! JSON text with a stable key order, for files people read and diff.
//!
//! serde_json's map order depends on a crate feature another dependency may switch on; the
//! writer here orders keys itself, so the same value always gives the same bytes: `type`,
//! `spec_version` and `id` first (the way STIX documents are usually read), then the other
//! keys in byte order.

use serde_json::Value;

/// Pretty JSON (two-space indent, a final newline) with STIX-friendly key order.
pub fn to_pretty(value: &Value) -> String {
    let mut out = String::new();
    write(value, 0, true, &mut out);
    out.push('\n');
    out
}

/// Compact JSON with the same key order (what goes over the wire).
pub fn to_compact(value: &Value) -> String {
    let mut out = String::new();
    write(value, 0, false, &mut out);
    out
}

fn rank(key: &str) -> u8 {
    match key {
        "type" => 0,
        "spec_version" => 1,
        "id" => 2,
        _ => 3,
    }
}

fn write(value: &Value, depth: usize, pretty: bool, out: &mut String) {
    let newline = |out: &mut String, depth: usize| {
        if pretty {
            out.push('\n');
            out.push_str(&"  ".repeat(depth));
        }
    };
    match value {
        Value::Array(items) if !items.is_empty() => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write(item, depth + 1, pretty, out);
            }
            newline(out, depth);
            out.push(']');
        }
        Value::Object(map) if !map.is_empty() => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| (rank(a), a.as_str()).cmp(&(rank(b), b.as_str())));
            out.push('{');
            for (i, key) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                out.push_str(&Value::String((*key).clone()).to_string());
                out.push(':');
                if pretty {
                    out.push(' ');
                }
                if let Some(v) = map.get(*key) {
                    write(v, depth + 1, pretty, out);
                }
            }
            newline(out, depth);
            out.push('}');
        }
        // Scalars, `[]` and `{}`: serde_json's own rendering (its string escaping is the
        // minimal JSON escaping, UTF-8 left as is).
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stix_keys_first_then_byte_order() {
        let v = serde_json::json!({"b": 1, "id": "x", "a": [1, {"z": null, "type": "t"}], "type": "y", "e": {}, "f": []});
        assert_eq!(
            to_compact(&v),
            r#"{"type":"y","id":"x","a":[1,{"type":"t","z":null}],"b":1,"e":{},"f":[]}"#
        );
        assert_eq!(
            to_pretty(&serde_json::json!({"k": ["v", "한국"]})),
            "{\n  \"k\": [\n    \"v\",\n    \"한국\"\n  ]\n}\n"
        );
    }

    #[test]
    fn round_trips_through_serde_json() {
        let v = serde_json::json!({"s": "quote \" backslash \\ newline \n tab \t ctl \u{1}", "n": -1.5});
        let back: Value = serde_json::from_str(&to_pretty(&v)).expect("valid json");
        assert_eq!(back, v);
    }
}
