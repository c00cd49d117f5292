//! Bad events from good ones, for the differential test: seeded mutations of a JSON value
//! and a seeded choice of how to write it, so that a failing case fails again.

use std::fmt::Write as _;

use serde_json::Value;

/// splitmix64: deterministic, so a failure names an event that fails again.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }

    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
}

/// Values of every JSON type, some of them valid somewhere in the documents.
const REPLACEMENTS: [&str; 19] = [
    "42",
    "-7",
    "1.5",
    "18446744073709551616",
    "true",
    "false",
    "null",
    r#""x""#,
    r#""""#,
    r#""é✓𝄞""#,
    r#""12""#,
    r#""q\"}],\\""#,
    "{}",
    "[]",
    r#"[1, "a"]"#,
    r#"{"k": 1}"#,
    r#"{"Refunded": "x"}"#,
    r#""Paid""#,
    r#"[{"sku": 1}]"#,
];

/// Applies one or two mutations to random places of `value`.
pub(crate) fn mutate(value: &mut Value, rng: &mut Rng) {
    for _ in 0..=rng.below(2) {
        let count = nodes(value);
        let target = rng.below(count);
        let mut seen = 0;
        mutate_at(value, target, &mut seen, rng);
    }
}

fn nodes(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(nodes).sum(),
        Value::Object(members) => members.values().map(nodes).sum(),
        _ => 0,
    }
}

/// Mutates the `target`th node in pre-order; returns whether it was reached.
fn mutate_at(value: &mut Value, target: usize, seen: &mut usize, rng: &mut Rng) -> bool {
    if *seen == target {
        let replacement = REPLACEMENTS[rng.below(REPLACEMENTS.len())];
        *value = serde_json::from_str(replacement).expect("replacements are JSON");
        return true;
    }
    *seen += 1;
    match value {
        Value::Array(items) => items
            .iter_mut()
            .any(|item| mutate_at(item, target, seen, rng)),
        Value::Object(members) => {
            let keys: Vec<String> = members.keys().cloned().collect();
            for key in keys {
                if *seen == target && rng.one_in(3) {
                    // Delete or rename the member instead of replacing its value.
                    let member = members.remove(&key).expect("key listed above");
                    if rng.one_in(2) {
                        members.insert(format!("{key}_"), member);
                    }
                    return true;
                }
                let member = members.get_mut(&key).expect("key listed above");
                if mutate_at(member, target, seen, rng) {
                    return true;
                }
            }
            false
        }
        _ => false,
    }
}

#[derive(Clone, Copy)]
pub(crate) struct Style {
    /// Indent by this string, one member per line; compact if `None`.
    indent: Option<&'static str>,
    /// Spaces around `:` and after `,` in compact text.
    spaced: bool,
    /// Write keys with `\uXXXX` and `\/` escapes.
    escape_keys: bool,
    /// Write an occasional member twice.
    duplicates: bool,
}

impl Style {
    pub(crate) fn pick(rng: &mut Rng) -> Self {
        Self {
            indent: [None, None, Some("  "), Some("\t"), Some(" \r")][rng.below(5)],
            spaced: rng.one_in(2),
            escape_keys: rng.one_in(3),
            duplicates: rng.one_in(8),
        }
    }
}

/// Writes `value` as JSON in `style`, members in a random order.
pub(crate) fn write(value: &Value, out: &mut String, rng: &mut Rng, style: Style, depth: usize) {
    let newline = |out: &mut String, depth: usize| {
        if let Some(indent) = style.indent {
            out.push('\n');
            out.push_str(&indent.repeat(depth));
        }
    };
    let comma = if style.spaced && style.indent.is_none() {
        ", "
    } else {
        ","
    };
    match value {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                out.push_str(if i == 0 { "" } else { comma });
                newline(out, depth + 1);
                write(item, out, rng, style, depth + 1);
            }
            newline(out, depth);
            out.push(']');
        }
        Value::Object(members) => {
            let mut order: Vec<_> = members.iter().collect();
            for i in (1..order.len()).rev() {
                order.swap(i, rng.below(i + 1));
            }
            if style.duplicates && !order.is_empty() && rng.one_in(4) {
                order.push(order[rng.below(order.len())]);
            }
            out.push('{');
            for (i, (key, member)) in order.into_iter().enumerate() {
                out.push_str(if i == 0 { "" } else { comma });
                newline(out, depth + 1);
                write_key(key, out, rng, style);
                out.push_str(if style.spaced || style.indent.is_some() {
                    ": "
                } else {
                    ":"
                });
                write(member, out, rng, style, depth + 1);
            }
            newline(out, depth);
            out.push('}');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

fn write_key(key: &str, out: &mut String, rng: &mut Rng, style: Style) {
    if !style.escape_keys {
        out.push_str(&Value::from(key).to_string());
        return;
    }
    out.push('"');
    for c in key.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '/' => out.push_str(r"\/"),
            c if u32::from(c) < 0x20 || rng.one_in(3) => {
                let mut units = [0; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
