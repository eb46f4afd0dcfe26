//! Reading indicators out of a STIX 2.1 bundle, such as a public advisory.
//!
//! The bundle is checked only as far as jointex needs to trust it: it is JSON, a `bundle`
//! with an `objects` list, every object has a `type`, an `id` of the form `type--uuid` and
//! `spec_version: "2.1"` (optional on cyber observables, as the spec allows), and every
//! indicator has a STIX pattern. That is not the OASIS validator; it is enough to refuse a
//! file that is not STIX 2.1 with a clear reason.
//!
//! Every problem is collected with its JSON path (`objects[3].pattern`). Errors mean the file
//! cannot be trusted and nothing is imported; warnings name indicators that are valid STIX
//! but have no jointex counterpart (an `AND` pattern, a `process:name`, a revoked indicator,
//! a value jointex would refuse), which are skipped.

use std::fmt;

use jointex_scenario::indicators;
use jointex_scenario::vocab::{IndicatorKind, Tlp};
use serde_json::Value;

use crate::ids::split_id;
use crate::pattern::{self, Problem as PatternProblem};
use crate::tlp;
use jointex_scenario::ron_edit::{
    comma_after, first_on_line, indent_of, line_start, next_significant,
};

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The bundle is not STIX 2.1 as jointex reads it; nothing is imported.
    Error,
    /// An indicator is skipped.
    Warning,
}

/// One problem, at a JSON path in the bundle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// Where: `objects[3].pattern`, or `` for the whole document.
    pub path: String,
    /// What is wrong, lower case, no trailing period.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if self.path.is_empty() {
            write!(f, "{sev}: {}", self.message)
        } else {
            write!(f, "{sev}: {}: {}", self.path, self.message)
        }
    }
}

/// An indicator read from a bundle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    /// The STIX id of the indicator it came from.
    pub stix_id: String,
    /// Which comparison of the pattern it is (0 for the first).
    pub position: usize,
    /// Kind.
    pub kind: IndicatorKind,
    /// The value, in jointex's normal form.
    pub value: String,
    /// The indicator's name or description, for the scenario's `description`.
    pub description: Option<String>,
    /// The most restrictive TLP marking on the indicator, if it has one jointex knows.
    pub tlp: Option<Tlp>,
    /// When the indicator is valid from and until, as the bundle says (RFC 3339).
    pub valid: (Option<String>, Option<String>),
}

/// What reading a bundle gave.
#[derive(Clone, Debug, Default)]
pub struct Import {
    /// Indicators that map onto jointex kinds, in bundle order, without repeats.
    pub indicators: Vec<Imported>,
    /// Errors and warnings, in bundle order.
    pub problems: Vec<Problem>,
    /// Number of STIX indicator objects in the bundle.
    pub stix_indicators: usize,
}

impl Import {
    /// Whether the bundle had errors.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }
}

/// Cyber-observable types, on which `spec_version` is optional in STIX 2.1.
const SCO_TYPES: &[&str] = &[
    "artifact",
    "autonomous-system",
    "directory",
    "domain-name",
    "email-addr",
    "email-message",
    "file",
    "ipv4-addr",
    "ipv6-addr",
    "mac-addr",
    "mutex",
    "network-traffic",
    "process",
    "software",
    "url",
    "user-account",
    "windows-registry-key",
    "x509-certificate",
];

/// Why a value would do harm on a blocklist, if it would: an address every host matches,
/// a private, loopback or link-local one (an exercise feed must never cut off internal hosts).
pub fn risky_value(kind: IndicatorKind, value: &str) -> Option<&'static str> {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
    let (addr, prefix) = match value.split_once('/') {
        Some((a, p)) => (a, p.parse::<u8>().ok()),
        None => (value, None),
    };
    if prefix == Some(0) {
        return Some("matches every address: blocking it blocks everything");
    }
    let ip: IpAddr = match kind {
        IndicatorKind::Ipv4 => IpAddr::V4(addr.parse::<Ipv4Addr>().ok()?),
        IndicatorKind::Ipv6 => IpAddr::V6(addr.parse::<Ipv6Addr>().ok()?),
        IndicatorKind::Domain
            if value == "localhost"
                || value.ends_with(".localhost")
                || value.ends_with(".local") =>
        {
            return Some("names this machine or the local network, not an adversary");
        }
        _ => return None,
    };
    let local = match ip {
        IpAddr::V4(v) => {
            v.is_private() || v.is_loopback() || v.is_link_local() || v.is_unspecified()
        }
        IpAddr::V6(v) => {
            v.is_loopback()
                || v.is_unspecified()
                || (v.segments()[0] & 0xfe00) == 0xfc00
                || (v.segments()[0] & 0xffc0) == 0xfe80
        }
    };
    local.then_some(
        "is a private, loopback or link-local address: blocking it would cut off internal hosts",
    )
}

/// An id with its UUID in lower case: how STIX writes them.
fn lower_uuid(id: &str) -> String {
    match id.split_once("--") {
        Some((kind, uuid)) => format!("{kind}--{}", uuid.to_ascii_lowercase()),
        None => id.to_owned(),
    }
}

/// Reads a bundle's text.
pub fn read(text: &str) -> Import {
    let mut out = Import::default();
    let err = |out: &mut Import, path: &str, message: String| {
        out.problems.push(Problem {
            severity: Severity::Error,
            path: path.to_owned(),
            message,
        });
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            err(
                &mut out,
                "",
                format!(
                    "not JSON: {} at line {} column {}",
                    json_reason(&e),
                    e.line(),
                    e.column()
                ),
            );
            return out;
        }
    };
    let Some(root) = doc.as_object() else {
        err(
            &mut out,
            "",
            "not a STIX bundle: the document is not a JSON object".into(),
        );
        return out;
    };
    match root.get("type").and_then(Value::as_str) {
        Some("bundle") => {}
        Some(other) => {
            err(
                &mut out,
                "type",
                format!("not a STIX bundle: the document is a `{other}`; wrap objects in a bundle"),
            );
            return out;
        }
        None => {
            err(
                &mut out,
                "type",
                "not a STIX bundle: `type` is missing".into(),
            );
            return out;
        }
    }
    if let Some(v) = root.get("spec_version") {
        // STIX 2.0 bundles carry spec_version at the top; 2.1 bundles must not.
        err(
            &mut out,
            "spec_version",
            format!(
                "this is a STIX {} bundle; jointex reads STIX 2.1 (convert it first, e.g. with the stix2-elevator)",
                v.as_str().unwrap_or("?")
            ),
        );
    }
    match root.get("id").and_then(Value::as_str) {
        Some(id) if split_id(&lower_uuid(id)).is_some_and(|(k, _)| k == "bundle") => {}
        Some(id) => err(
            &mut out,
            "id",
            format!("`{id}` is not a bundle id (`bundle--<uuid>`)"),
        ),
        None => err(&mut out, "id", "the bundle has no `id`".into()),
    }
    let objects = match root.get("objects") {
        None => {
            err(&mut out, "objects", "the bundle has no `objects`".into());
            return out;
        }
        Some(Value::Array(a)) => a,
        Some(_) => {
            err(&mut out, "objects", "`objects` is not a list".into());
            return out;
        }
    };
    // Several versions of one indicator: only the one last modified is read. (STIX
    // timestamps are RFC 3339 in UTC, so the latest is the greatest string.)
    // Keyed by the UUID as a number: comparing 100,000 id strings was a third of an import.
    let uuid_of = |id: &str| split_id(&lower_uuid(id)).map(|(_, u)| u.as_u128());
    let mut latest: std::collections::BTreeMap<u128, &str> = Default::default();
    for o in objects.iter().filter_map(Value::as_object) {
        if o.get("type").and_then(Value::as_str) != Some("indicator") {
            continue;
        }
        let (Some(id), Some(modified)) = (
            o.get("id").and_then(Value::as_str).and_then(uuid_of),
            o.get("modified").and_then(Value::as_str),
        ) else {
            continue;
        };
        let e = latest.entry(id).or_insert(modified);
        if modified > *e {
            *e = modified;
        }
    }
    let mut read_ids: std::collections::BTreeSet<u128> = Default::default();
    let mut older = 0usize;
    let mut seen: std::collections::BTreeSet<(IndicatorKind, String)> = Default::default();
    let mut repeated = 0usize;
    for (i, obj) in objects.iter().enumerate() {
        let path = format!("objects[{i}]");
        let Some(o) = obj.as_object() else {
            err(&mut out, &path, "not a JSON object".into());
            continue;
        };
        let kind = match o.get("type").and_then(Value::as_str) {
            Some(k) => k,
            None => {
                err(&mut out, &format!("{path}.type"), "missing `type`".into());
                continue;
            }
        };
        match o.get("id").and_then(Value::as_str) {
            // STIX writes ids in lower case but readers accept upper-case hex (the OASIS
            // examples have some).
            Some(id) => match split_id(&lower_uuid(id)) {
                Some((k, _)) if k == kind => {}
                Some((k, _)) => err(
                    &mut out,
                    &format!("{path}.id"),
                    format!("the id is a `{k}` id on a `{kind}` object"),
                ),
                None => err(
                    &mut out,
                    &format!("{path}.id"),
                    format!("`{id}` is not a STIX id (`{kind}--<uuid>`)"),
                ),
            },
            None => err(&mut out, &format!("{path}.id"), "missing `id`".into()),
        }
        match o.get("spec_version") {
            Some(Value::String(v)) if v == "2.1" => {}
            Some(v) => err(
                &mut out,
                &format!("{path}.spec_version"),
                format!("spec_version is {v}; jointex reads STIX 2.1"),
            ),
            None if SCO_TYPES.contains(&kind) => {}
            None => err(
                &mut out,
                &format!("{path}.spec_version"),
                "missing `spec_version` (STIX 2.1 objects say \"2.1\")".into(),
            ),
        }
        if kind == "indicator" {
            out.stix_indicators += 1;
            let id = o.get("id").and_then(Value::as_str).and_then(uuid_of);
            let modified = o.get("modified").and_then(Value::as_str);
            let superseded = id.is_some_and(|id| {
                modified.is_some_and(|m| latest.get(&id).is_some_and(|l| m < *l))
            });
            // The same version twice, or an older one: read once, the latest.
            if superseded || id.is_some_and(|id| !read_ids.insert(id)) {
                older += 1;
                continue;
            }
            repeated += indicator(&mut out, o, &path, &mut seen);
        }
    }
    if older > 0 {
        out.problems.push(Problem {
            severity: Severity::Warning,
            path: "objects".into(),
            message: format!(
                "{older} older or repeated version(s) of indicators skipped: of each id, the version last `modified` is read"
            ),
        });
    }
    if repeated > 0 {
        out.problems.push(Problem {
            severity: Severity::Warning,
            path: "objects".into(),
            message: format!(
                "{repeated} indicator value(s) appear in more than one indicator: each is added once"
            ),
        });
    }
    if !out.has_errors() && out.stix_indicators == 0 {
        out.problems.push(Problem {
            severity: Severity::Warning,
            path: "objects".into(),
            message: "the bundle holds no indicator".into(),
        });
    }
    out
}

/// Reads one indicator object; returns how many of its values were already read (merged).
fn indicator(
    out: &mut Import,
    o: &serde_json::Map<String, Value>,
    path: &str,
    seen: &mut std::collections::BTreeSet<(IndicatorKind, String)>,
) -> usize {
    let mut repeated = 0;
    let id = o.get("id").and_then(Value::as_str).unwrap_or("").to_owned();
    let mut problem = |severity, at: &str, message: String| {
        out.problems.push(Problem {
            severity,
            path: format!("{path}{at}"),
            message,
        })
    };
    let pattern_text = match o.get("pattern") {
        Some(Value::String(p)) => p.clone(),
        Some(_) => {
            problem(
                Severity::Error,
                ".pattern",
                "`pattern` is not a string".into(),
            );
            return repeated;
        }
        None => {
            problem(
                Severity::Error,
                ".pattern",
                "an indicator needs a `pattern`".into(),
            );
            return repeated;
        }
    };
    match o.get("pattern_type").and_then(Value::as_str) {
        Some("stix") => {}
        Some(other) => {
            problem(
                Severity::Warning,
                ".pattern_type",
                format!("skipped: a `{other}` pattern, not a STIX one"),
            );
            return repeated;
        }
        None => {
            problem(
                Severity::Error,
                ".pattern_type",
                "an indicator needs a `pattern_type`".into(),
            );
            return repeated;
        }
    }
    let benign = o
        .get("indicator_types")
        .and_then(Value::as_array)
        .is_some_and(|t| t.iter().any(|x| x == "benign"));
    if benign {
        problem(
            Severity::Warning,
            ".indicator_types",
            "skipped: the indicator is marked benign".into(),
        );
        return repeated;
    }
    if o.get("revoked").and_then(Value::as_bool) == Some(true) {
        problem(
            Severity::Warning,
            ".revoked",
            "skipped: the indicator is revoked".into(),
        );
        return repeated;
    }
    let found = match pattern::parse(&pattern_text) {
        Ok(found) => found,
        Err(PatternProblem::Malformed(why)) => {
            problem(
                Severity::Error,
                ".pattern",
                format!("not a STIX pattern: {why}"),
            );
            return repeated;
        }
        Err(PatternProblem::Unsupported(why)) => {
            problem(Severity::Warning, ".pattern", format!("skipped: {why}"));
            return repeated;
        }
    };
    let description = ["description", "name"]
        .iter()
        .find_map(|k| o.get(*k).and_then(Value::as_str))
        .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|d| !d.is_empty());
    let marking = o
        .get("object_marking_refs")
        .and_then(Value::as_array)
        .map(|refs| {
            refs.iter()
                .filter_map(|r| r.as_str().and_then(tlp::from_marking_id))
                .max_by_key(|t| tlp::restriction(*t))
        })
        .unwrap_or(None);
    for (position, (kind, value)) in found.into_iter().enumerate() {
        match indicators::check(kind, &value) {
            Ok(value) => {
                // A set, not a scan of what was read: a scan made 64k indicators take 11 s.
                let fresh = seen.insert((kind, value.clone()));
                if !fresh {
                    repeated += 1;
                }
                if fresh {
                    if let Some(why) = risky_value(kind, &value) {
                        out.problems.push(Problem {
                            severity: Severity::Warning,
                            path: format!("{path}.pattern"),
                            message: format!("{} `{value}` {why}", kind.label()),
                        });
                    }
                    out.indicators.push(Imported {
                        stix_id: id.clone(),
                        position,
                        kind,
                        value,
                        description: description.clone(),
                        tlp: marking,
                        valid: (
                            o.get("valid_from")
                                .and_then(Value::as_str)
                                .map(str::to_owned),
                            o.get("valid_until")
                                .and_then(Value::as_str)
                                .map(str::to_owned),
                        ),
                    });
                }
            }
            Err(why) => out.problems.push(Problem {
                severity: Severity::Warning,
                path: format!("{path}.pattern"),
                message: format!("skipped {} `{value}`: {why}", kind.label()),
            }),
        }
    }
    repeated
}

/// An indicator to add to a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewIndicator {
    /// Its id in the scenario (`stix-5c200e294ec0`, `-2`, `-3`… for further comparisons of
    /// the same STIX indicator).
    pub id: String,
    /// What it was read from.
    pub from: Imported,
}

/// What importing into one scenario would do.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// Indicators to add, in bundle order.
    pub add: Vec<NewIndicator>,
    /// Indicators already in the scenario, with the id they have there.
    pub existing: Vec<(Imported, String)>,
    /// Indicators marked more restrictively than the scenario document itself.
    pub warnings: Vec<String>,
}

/// Decides ids and drops what the scenario already has.
pub fn plan(s: &jointex_scenario::Scenario, import: &Import) -> Plan {
    let mut out = Plan::default();
    let mut taken: std::collections::BTreeSet<String> =
        s.indicators.iter().map(|i| i.key.clone()).collect();
    // What the scenario already holds, by kind and value: looked up, not scanned, so a
    // scenario of 100,000 indicators takes another 100,000 in linear time.
    let held: std::collections::BTreeMap<(IndicatorKind, &str), &str> = s
        .indicators
        .iter()
        .map(|i| ((i.kind, i.value.as_str()), i.key.as_str()))
        .collect();
    for imp in &import.indicators {
        if let Some(have) = held.get(&(imp.kind, imp.value.as_str())) {
            out.existing.push((imp.clone(), (*have).to_owned()));
            continue;
        }
        let hex: String = imp
            .stix_id
            .split_once("--")
            .map_or("", |(_, u)| u)
            .chars()
            .filter(char::is_ascii_hexdigit)
            .take(12)
            .collect();
        let base = if imp.position == 0 {
            format!("stix-{hex}")
        } else {
            format!("stix-{hex}-{}", imp.position + 1)
        };
        let mut id = base.clone();
        let mut n = 1;
        while taken.contains(&id) {
            n += 1;
            id = format!("{base}-x{n}");
        }
        taken.insert(id.clone());
        // Valid at some point of the exercise, or a warning: an expired indicator trains
        // analysts on what no longer matters.
        let start = s.clock.start;
        let end = s.clock.turn_start(s.clock.turns.saturating_add(1));
        let at = |t: &Option<String>| t.as_deref().and_then(|t| t.parse::<jiff::Timestamp>().ok());
        if let Some(until) = at(&imp.valid.1)
            && until <= start
        {
            out.warnings.push(format!(
                "{} ({}) expired before the exercise starts (valid until {until})",
                id, imp.value
            ));
        }
        if let Some(from) = at(&imp.valid.0)
            && from >= end
        {
            out.warnings.push(format!(
                "{} ({}) is not valid until after the exercise ends (valid from {from})",
                id, imp.value
            ));
        }
        if let Some(t) = imp.tlp
            && tlp::restriction(t) > tlp::restriction(s.meta.tlp)
        {
            out.warnings.push(format!(
                "{} ({}) is marked {}, more restricted than the scenario's {}; raise `meta.tlp` and handle the file accordingly",
                id,
                imp.value,
                t.label(),
                s.meta.tlp.label()
            ));
        }
        out.add.push(NewIndicator {
            id,
            from: imp.clone(),
        });
    }
    out
}

/// One `Indicator(…)` entry of a scenario file, on one line, without indentation or comma.
pub fn ron_entry(new: &NewIndicator, actor: Option<&str>) -> String {
    let mut out = format!(
        "Indicator(id: {}, kind: {}, value: {}",
        ron_string(&new.id),
        new.from.kind.name(),
        ron_string(&new.from.value)
    );
    if let Some(a) = actor {
        out.push_str(&format!(", actor: Some({})", ron_string(a)));
    }
    let what = match &new.from.description {
        Some(d) => format!("{d} (STIX {})", new.from.stix_id),
        None => format!("Imported from STIX {}", new.from.stix_id),
    };
    out.push_str(&format!(
        ", description: Some(Text(en: {}))",
        ron_string(&what)
    ));
    // The source's marking travels with the indicator: an inject that reveals it later
    // reveals it under this at least.
    if let Some(t) = new.from.tlp {
        out.push_str(&format!(", tlp: Some({})", t.name()));
    }
    out.push(')');
    out
}

fn ron_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            // Descriptions are collapsed onto one line and values are checked before this;
            // a control character left anyway would only break the file, so it goes.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Why a scenario text could not be edited.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The text has no `Scenario(…)` in it.
    #[error("the file holds no scenario")]
    NoScenario,
    /// `indicators` is there but is not a list.
    #[error("`indicators` is not a list in `[…]`")]
    NotAList,
    /// Neither `indicators` nor `assets` was found to insert after.
    #[error("the scenario has no `assets` field to add `indicators` after")]
    NoAssets,
}

/// Inserts `entries` (from [`ron_entry`]) at the end of the scenario's `indicators` list,
/// creating the list after `assets` when there is none; every other byte of the file —
/// comments, layout, line endings — stays as it was.
pub fn insert_entries(text: &str, entries: &[String]) -> Result<String, EditError> {
    use jointex_scenario::spans::{Path, SpanIndex};
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[bom..];
    let nl = if body.contains("\r\n") { "\r\n" } else { "\n" };
    let index = SpanIndex::new(body);
    let root = index.span(&Path::root()).ok_or(EditError::NoScenario)?;
    if !body[root.clone()].ends_with(')') {
        return Err(EditError::NoScenario);
    }
    let list_path = Path::root().field("indicators");
    let mut out = body.to_owned();
    match index.span(&list_path).filter(|s| *s != root) {
        Some(list) => {
            if !body[list.clone()].starts_with('[') || !body[list.clone()].ends_with(']') {
                return Err(EditError::NotAList);
            }
            let field_indent = indent_of(body, list.start);
            let mut items = Vec::new();
            while let Some(s) = index
                .span(&list_path.index(items.len()))
                .filter(|s| *s != list)
            {
                items.push(s);
            }
            let item_indent = match items.first() {
                Some(first) if first_on_line(body, first.start) => indent_of(body, first.start),
                _ => format!("{field_indent}    "),
            };
            let close = list.end - 1;
            let mut lines = String::new();
            for e in entries {
                lines.push_str(&format!("{item_indent}{e},{nl}"));
            }
            // Insert from the end backwards so earlier offsets stay true.
            if first_on_line(body, close) {
                out.insert_str(line_start(body, close), &lines);
            } else {
                out.insert_str(close, &format!("{nl}{lines}{field_indent}"));
            }
            if let Some(last) = items.last()
                && next_significant(body, last.end) != Some(b',')
            {
                out.insert(last.end, ',');
            }
        }
        None => {
            let assets = index
                .span(&Path::root().field("assets"))
                .filter(|s| *s != root)
                .ok_or(EditError::NoAssets)?;
            let field_indent = indent_of(body, assets.start);
            let mut block = format!("{field_indent}indicators: [{nl}");
            for e in entries {
                block.push_str(&format!("{field_indent}    {e},{nl}"));
            }
            block.push_str(&format!("{field_indent}],"));
            match comma_after(body, assets.end) {
                Some(comma) => {
                    // After a trailing `// comment` on the comma's line, when that is all
                    // there is; right after the comma when more fields follow on the line.
                    let eol = body[comma..].find('\n').map_or(body.len(), |i| comma + i);
                    let rest = body[comma + 1..eol].trim();
                    let eol = if body[..eol].ends_with('\r') {
                        eol - 1
                    } else {
                        eol
                    };
                    if rest.is_empty() || rest.starts_with("//") {
                        out.insert_str(eol, &format!("{nl}{block}"));
                    } else {
                        out.insert_str(comma + 1, &format!("{nl}{block}{nl}{field_indent}"));
                    }
                }
                None => out.insert_str(assets.end, &format!(",{nl}{block}")),
            }
        }
    }
    Ok(format!("{}{out}", &text[..bom]))
}

fn json_reason(e: &serde_json::Error) -> String {
    // serde_json says "expected value at line 1 column 1"; keep the reason, drop the place
    // (reported separately) and any capital.
    let full = e.to_string();
    let reason = full.split(" at line ").next().unwrap_or(&full);
    let mut c = reason.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(objects: &str) -> String {
        format!(
            r#"{{"type":"bundle","id":"bundle--5c200e29-4ec0-44fb-adbb-521a9662c8f9","objects":[{objects}]}}"#
        )
    }

    fn indicator(id: &str, pattern: &str) -> String {
        format!(
            r#"{{"type":"indicator","spec_version":"2.1","id":"indicator--{id}","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"an  advisory\nindicator","pattern":{},"pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z","object_marking_refs":["marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"]}}"#,
            serde_json::to_string(pattern).expect("string")
        )
    }

    const A: &str = "6d3a7b2e-0c4f-4a51-9e0b-7f1d2c3b4a51";
    const B: &str = "7e4b8c3f-1d5a-4b62-8f1c-801e3d4c5b62";

    #[test]
    fn upper_case_ids_versions_repeats_and_benign_indicators() {
        let newer = indicator(A, "[ipv4-addr:value = '203.0.113.8']")
            .replace("\"modified\":\"2024-01-01", "\"modified\":\"2024-06-01");
        let benign = indicator(B, "[domain-name:value = 'ok.example']").replace(
            "\"pattern_type\"",
            "\"indicator_types\":[\"benign\"],\"pattern_type\"",
        );
        let text = bundle(&format!(
            "{},{},{},{},{}",
            // The OASIS examples write some ids in upper case: STIX readers accept them.
            indicator(&A.to_ascii_uppercase(), "[ipv4-addr:value = '203.0.113.7']"),
            newer,
            indicator(A, "[ipv4-addr:value = '203.0.113.7']"),
            benign,
            indicator(
                "8f5c9d40-2e6b-4c73-9a2d-912f4e5d6c73",
                "[ipv4-addr:value = '203.0.113.8']"
            ),
        ));
        let imp = read(&text);
        assert!(!imp.has_errors(), "{:?}", imp.problems);
        // Of A's versions only the one modified last is read; the third indicator repeats a
        // value, read once; the benign one is skipped.
        let values: Vec<&str> = imp.indicators.iter().map(|i| i.value.as_str()).collect();
        assert_eq!(values, ["203.0.113.8"]);
        let says = |part: &str| imp.problems.iter().any(|p| p.message.contains(part));
        assert!(
            says("2 older or repeated version(s) of indicators skipped"),
            "{:?}",
            imp.problems
        );
        assert!(says(
            "1 indicator value(s) appear in more than one indicator"
        ));
        assert!(says("skipped: the indicator is marked benign"));
    }

    #[test]
    fn reads_simple_and_ored_patterns() {
        let text = bundle(&format!(
            "{},{},{}",
            indicator(A, "[ipv4-addr:value = '203.0.113.7']"),
            indicator(
                B,
                "[file:hashes.'SHA-256' = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855' OR file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']"
            ),
            r#"{"type":"ipv4-addr","id":"ipv4-addr--cec0294c-86c8-52cc-8448-ba43593736df","value":"198.51.100.23"}"#
        ));
        let got = read(&text);
        assert!(got.problems.is_empty(), "{:?}", got.problems);
        assert_eq!(got.stix_indicators, 2);
        let kinds: Vec<_> = got
            .indicators
            .iter()
            .map(|i| (i.kind, i.value.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (IndicatorKind::Ipv4, "203.0.113.7"),
                (
                    IndicatorKind::Sha256,
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
                ),
                (IndicatorKind::Md5, "d41d8cd98f00b204e9800998ecf8427e"),
            ]
        );
        assert_eq!(
            got.indicators[0].description.as_deref(),
            Some("an advisory indicator")
        );
        assert_eq!(got.indicators[0].tlp, Some(Tlp::Clear));
        assert_eq!(got.indicators[2].position, 1);
    }

    #[test]
    fn collects_every_error_with_its_path() {
        let text = bundle(&format!(
            r#"{},{{"type":"indicator","id":"malware--{B}","spec_version":"2.0","pattern_type":"stix"}},{{"id":"x"}},3"#,
            indicator(A, "[ipv4-addr:value = '203.0.113.7'"),
        ));
        let got = read(&text);
        let shown: Vec<String> = got.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "error: objects[0].pattern: not a STIX pattern: the pattern ends where `]` was expected",
                "error: objects[1].id: the id is a `malware` id on a `indicator` object",
                "error: objects[1].spec_version: spec_version is \"2.0\"; jointex reads STIX 2.1",
                "error: objects[1].pattern: an indicator needs a `pattern`",
                "error: objects[2].type: missing `type`",
                "error: objects[3]: not a JSON object",
            ]
        );
        assert!(got.has_errors());
    }

    #[test]
    fn refuses_what_is_not_a_bundle() {
        for (text, want) in [
            (
                "not json",
                "error: not JSON: expected ident at line 1 column 2",
            ),
            (
                "[]",
                "error: not a STIX bundle: the document is not a JSON object",
            ),
            (
                r#"{"type":"indicator"}"#,
                "error: type: not a STIX bundle: the document is a `indicator`; wrap objects in a bundle",
            ),
            (
                r#"{"type":"bundle","id":"bundle--5c200e29-4ec0-44fb-adbb-521a9662c8f9","spec_version":"2.0","objects":[]}"#,
                "error: spec_version: this is a STIX 2.0 bundle; jointex reads STIX 2.1 (convert it first, e.g. with the stix2-elevator)",
            ),
            (
                r#"{"type":"bundle","id":"bundle--1","objects":[]}"#,
                "error: id: `bundle--1` is not a bundle id (`bundle--<uuid>`)",
            ),
        ] {
            let got = read(text);
            assert_eq!(got.problems[0].to_string(), want, "{text}");
        }
    }

    #[test]
    fn unsupported_indicators_are_warnings() {
        let text = bundle(&format!(
            "{},{},{}",
            indicator(A, "[process:name = 'evil.exe']"),
            indicator(B, "[domain-name:value = 'localhost']"),
            indicator(
                "8f5c9d40-2e6b-4c73-9a2d-912f4e5d6c73",
                "[ipv4-addr:value = '203.0.113.7' AND ipv4-addr:value = '203.0.113.8']"
            ),
        ));
        let got = read(&text);
        assert!(!got.has_errors(), "{:?}", got.problems);
        assert!(got.indicators.is_empty());
        assert_eq!(got.problems.len(), 3);
        assert!(
            got.problems[1]
                .message
                .starts_with("skipped domain `localhost`"),
            "{}",
            got.problems[1]
        );
    }
    const SMALL: &str = "// head\nScenario(\n    meta: (),\n    assets: [\n        (id: \"a\"),\n    ], // the assets\n    indicators: [\n        // the first\n        Indicator(id: \"i1\") // no comma\n        /* tail */\n    ],\n)\n";

    #[test]
    fn inserts_before_the_closing_bracket_keeping_comments() {
        let out = insert_entries(SMALL, &["Indicator(id: \"n\")".into()]).expect("edited");
        assert_eq!(
            out,
            "// head\nScenario(\n    meta: (),\n    assets: [\n        (id: \"a\"),\n    ], // the assets\n    indicators: [\n        // the first\n        Indicator(id: \"i1\"), // no comma\n        /* tail */\n        Indicator(id: \"n\"),\n    ],\n)\n"
        );
    }

    #[test]
    fn creates_the_list_after_assets() {
        let text = SMALL.replace(
            "    indicators: [\n        // the first\n        Indicator(id: \"i1\") // no comma\n        /* tail */\n    ],\n",
            "",
        );
        let out = insert_entries(&text, &["Indicator(id: \"n\")".into()]).expect("edited");
        assert_eq!(
            out,
            "// head\nScenario(\n    meta: (),\n    assets: [\n        (id: \"a\"),\n    ], // the assets\n    indicators: [\n        Indicator(id: \"n\"),\n    ],\n)\n"
        );
        let inline = "Scenario(meta: (), assets: [], edges: [])";
        assert_eq!(
            insert_entries(inline, &["I(1)".into()]).expect("edited"),
            "Scenario(meta: (), assets: [],\nindicators: [\n    I(1),\n],\n edges: [])"
        );
        let last = "Scenario(\n  assets: []\n)";
        assert_eq!(
            insert_entries(last, &["I(1)".into()]).expect("edited"),
            "Scenario(\n  assets: [],\n  indicators: [\n      I(1),\n  ],\n)"
        );
    }

    #[test]
    fn fills_an_empty_inline_list_and_keeps_crlf() {
        let text = "Scenario(\r\n    assets: [],\r\n    indicators: [],\r\n)\r\n";
        assert_eq!(
            insert_entries(text, &["I(1)".into(), "I(2)".into()]).expect("edited"),
            "Scenario(\r\n    assets: [],\r\n    indicators: [\r\n        I(1),\r\n        I(2),\r\n    ],\r\n)\r\n"
        );
        assert_eq!(insert_entries("", &[]), Err(EditError::NoScenario));
        assert_eq!(
            insert_entries("Scenario(indicators: 3, assets: [])", &[]),
            Err(EditError::NotAList)
        );
    }

    #[test]
    fn values_that_would_cut_off_internal_hosts_are_named() {
        for (kind, v) in [
            (IndicatorKind::Ipv4, "10.1.2.3"),
            (IndicatorKind::Ipv4, "192.168.0.0/16"),
            (IndicatorKind::Ipv4, "127.0.0.1"),
            (IndicatorKind::Ipv4, "0.0.0.0/0"),
            (IndicatorKind::Ipv6, "::/0"),
            (IndicatorKind::Ipv6, "fd00::1"),
            (IndicatorKind::Ipv6, "fe80::1"),
            (IndicatorKind::Domain, "printer.local"),
        ] {
            assert!(risky_value(kind, v).is_some(), "{v}");
        }
        for (kind, v) in [
            (IndicatorKind::Ipv4, "203.0.113.7"),
            (IndicatorKind::Ipv6, "2001:db8::1"),
            (IndicatorKind::Domain, "updates.example"),
        ] {
            assert_eq!(risky_value(kind, v), None, "{v}");
        }
    }

    #[test]
    fn indicators_outside_the_exercise_time_are_warned_of() {
        let s = jointex_scenario::load(jointex_scenario::DEFAULT_SCENARIO)
            .expect("valid")
            .scenario;
        let expired = indicator(A, "[ipv4-addr:value = '203.0.113.70']").replace(
            "\"valid_from\"",
            "\"valid_until\":\"2025-01-01T00:00:00Z\",\"valid_from\"",
        );
        let later = indicator(B, "[ipv4-addr:value = '203.0.113.71']")
            .replace("2024-01-01T00:00:00Z", "2099-01-01T00:00:00Z");
        let plan = plan(&s, &read(&bundle(&format!("{expired},{later}"))));
        assert_eq!(plan.add.len(), 2, "still imported, with a warning");
        assert!(
            plan.warnings
                .iter()
                .any(|w| w.contains("expired before the exercise starts")),
            "{:?}",
            plan.warnings
        );
        assert!(
            plan.warnings
                .iter()
                .any(|w| w.contains("not valid until after the exercise ends")),
            "{:?}",
            plan.warnings
        );
    }

    #[test]
    fn entries_escape_quotes_and_backslashes() {
        let new = NewIndicator {
            id: "stix-5c200e294ec0".into(),
            from: Imported {
                stix_id: "indicator--5c200e29-4ec0-44fb-adbb-521a9662c8f9".into(),
                position: 0,
                kind: IndicatorKind::Url,
                value: r"https://x.example/a\b".into(),
                description: Some("the \"bad\" one".into()),
                tlp: None,
                valid: (None, None),
            },
        };
        assert_eq!(
            ron_entry(&new, Some("tide")),
            r#"Indicator(id: "stix-5c200e294ec0", kind: Url, value: "https://x.example/a\\b", actor: Some("tide"), description: Some(Text(en: "the \"bad\" one (STIX indicator--5c200e29-4ec0-44fb-adbb-521a9662c8f9)")))"#
        );
    }
}
