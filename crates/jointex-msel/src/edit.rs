//! Writing an import's plan into the scenario text, touching nothing else.
//!
//! The text is edited, not regenerated: [`SpanIndex`] finds each inject's `Inject(…)` by its
//! byte range. A changed inject is replaced whole by a freshly written one, indented to
//! match (so comments *inside* a changed inject are lost; comments between injects stay); a
//! deleted inject's lines go; new injects are added before the closing `]` of `injects`.
//! Every other byte — comments, blank lines, layout, CRLF line endings, a byte-order mark —
//! stays as it was. A plan that changes nothing returns the text unchanged.
//!
//! The written form follows the shipped scenarios: one field per line, short values inline,
//! a bilingual title and text as `Text(` with a line per language, one expected action or
//! effect per line.

use std::ops::Range;

use jointex_scenario::raw::Inject;
use jointex_scenario::spans::{Path, SpanIndex};
use jointex_scenario::text::Text;
use serde::Serialize;

use crate::cell::ron_inline;
use crate::import::Plan;
use jointex_scenario::ron_edit::{
    comma_after, first_on_line, indent_of, line_start, next_significant,
};

/// Why a scenario text could not be edited.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The text has no `Scenario(…)` in it.
    #[error("the file holds no scenario")]
    NoScenario,
    /// `injects` is there but is not a list.
    #[error("`injects` is not a list in `[…]`")]
    NotAList,
    /// The plan names an inject the text does not have.
    #[error("the file has no inject number {0} in its `injects` list")]
    NoInject(usize),
    /// A value could not be written as RON.
    #[error("cannot write an inject as RON: {0}")]
    Ron(String),
}

fn ron_err(e: ron::Error) -> EditError {
    EditError::Ron(e.to_string())
}

/// One inject as RON, its first line unindented and the others indented by `indent`, with
/// `nl` between lines.
pub fn inject_ron(inj: &Inject, indent: &str, nl: &str) -> Result<String, EditError> {
    let f = format!("{indent}    ");
    let mut lines: Vec<String> = vec!["Inject(".into()];
    lines.push(format!("{f}id: {},", inline(&inj.id)?));
    lines.push(format!("{f}trigger: {},", inline(&inj.trigger)?));
    if let Some(from) = &inj.from {
        lines.push(format!("{f}from: Some({}),", inline(from)?));
    }
    lines.push(format!("{f}to: {},", inline(&inj.to)?));
    lines.push(format!("{f}channel: {},", inline(&inj.channel)?));
    lines.push(format!("{f}title: {},", text_block(&inj.title, &f, nl)?));
    lines.push(format!("{f}text: {},", text_block(&inj.text, &f, nl)?));
    list(&mut lines, "expected", &inj.expected, &f)?;
    list(&mut lines, "effects", &inj.effects, &f)?;
    if !inj.objectives.is_empty() {
        lines.push(format!("{f}objectives: {},", inline(&inj.objectives)?));
    }
    if inj.held {
        lines.push(format!("{f}held: true,"));
    }
    lines.push(format!("{indent})"));
    Ok(lines.join(nl))
}

fn inline<T: Serialize + ?Sized>(v: &T) -> Result<String, EditError> {
    ron_inline(v).map_err(ron_err)
}

/// A bilingual text on a line per language; a text in one language inline.
fn text_block(t: &Text, indent: &str, nl: &str) -> Result<String, EditError> {
    if !(t.en.is_some() && t.ko.is_some()) {
        return ron_inline(t).map_err(ron_err);
    }
    let mut out = String::from("Text(");
    for (key, v) in [("en", &t.en), ("ko", &t.ko)] {
        if let Some(v) = v {
            out.push_str(&format!(
                "{nl}{indent}    {key}: {},",
                ron_inline(v).map_err(ron_err)?
            ));
        }
    }
    out.push_str(&format!("{nl}{indent})"));
    Ok(out)
}

fn list<T: Serialize>(
    lines: &mut Vec<String>,
    name: &str,
    items: &[T],
    indent: &str,
) -> Result<(), EditError> {
    if items.is_empty() {
        return Ok(());
    }
    lines.push(format!("{indent}{name}: ["));
    for it in items {
        lines.push(format!("{indent}    {},", ron_inline(it).map_err(ron_err)?));
    }
    lines.push(format!("{indent}],"));
    Ok(())
}

/// The scenario text with the plan applied. With an empty plan, `text` itself.
pub fn apply(text: &str, plan: &Plan) -> Result<String, EditError> {
    if plan.is_empty() {
        return Ok(text.to_owned());
    }
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[bom..];
    let nl = if body.contains("\r\n") { "\r\n" } else { "\n" };
    let index = SpanIndex::new(body);
    let root = index.span(&Path::root()).ok_or(EditError::NoScenario)?;
    if !body[root.clone()].ends_with(')') {
        return Err(EditError::NoScenario);
    }
    let list_path = Path::root().field("injects");
    let list = index.span(&list_path).filter(|s| *s != root);
    let mut items: Vec<Range<usize>> = Vec::new();
    if let Some(list) = &list {
        if !body[list.clone()].starts_with('[') || !body[list.clone()].ends_with(']') {
            return Err(EditError::NotAList);
        }
        while let Some(s) = index
            .span(&list_path.index(items.len()))
            .filter(|s| s != list)
        {
            items.push(s);
        }
    }
    let item = |i: usize| items.get(i).cloned().ok_or(EditError::NoInject(i));

    // (range, replacement); applied from the end so earlier offsets stay true, and in push
    // order among edits at one offset.
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for u in &plan.updates {
        let span = item(u.index)?;
        let indent = indent_of(body, span.start);
        edits.push((span, inject_ron(&u.inject, &indent, nl)?));
    }
    for d in &plan.deletions {
        let span = item(d.index)?;
        let mut start = span.start;
        let mut end = span.end;
        if let Some(c) = comma_after(body, end) {
            end = c + 1;
        }
        let eol = body[end..].find('\n').map_or(body.len(), |i| end + i);
        if first_on_line(body, start) && body[end..eol].trim().is_empty() {
            // The whole lines go.
            start = line_start(body, start);
            end = (eol + 1).min(body.len());
        }
        edits.push((start..end, String::new()));
    }
    if !plan.additions.is_empty() {
        let mut new_items = Vec::new();
        match &list {
            Some(list) => {
                let field_indent = indent_of(body, list.start);
                let item_indent = match items.first() {
                    Some(first) if first_on_line(body, first.start) => indent_of(body, first.start),
                    _ => format!("{field_indent}    "),
                };
                for a in &plan.additions {
                    new_items.push(format!(
                        "{item_indent}{},{nl}",
                        inject_ron(&a.inject, &item_indent, nl)?
                    ));
                }
                let close = list.end - 1;
                let block = new_items.concat();
                if first_on_line(body, close) {
                    let at = line_start(body, close);
                    edits.push((at..at, block));
                } else {
                    edits.push((close..close, format!("{nl}{block}{field_indent}")));
                }
                let last_kept = items
                    .iter()
                    .enumerate()
                    .rev()
                    .find(|(i, _)| !plan.deletions.iter().any(|d| d.index == *i));
                if let Some((_, last)) = last_kept
                    && next_significant(body, last.end) != Some(b',')
                {
                    edits.push((last.end..last.end, ",".into()));
                }
            }
            None => {
                // No `injects` yet: add the field at the end of the scenario.
                let close = root.end - 1;
                let field_indent = "    ";
                let item_indent = "        ";
                let mut block = format!("{field_indent}injects: [{nl}");
                for a in &plan.additions {
                    block.push_str(&format!(
                        "{item_indent}{},{nl}",
                        inject_ron(&a.inject, item_indent, nl)?
                    ));
                }
                block.push_str(&format!("{field_indent}],{nl}"));
                let last_field = [
                    "meta",
                    "clock",
                    "teams",
                    "assets",
                    "edges",
                    "indicators",
                    "actors",
                    "objectives",
                ]
                .iter()
                .filter_map(|f| index.span(&Path::root().field(f)).filter(|s| *s != root))
                .max_by_key(|s| s.end);
                if first_on_line(body, close) {
                    let at = line_start(body, close);
                    edits.push((at..at, block));
                } else {
                    edits.push((close..close, format!("{nl}{block}")));
                }
                if let Some(last) = last_field
                    && next_significant(body, last.end) != Some(b',')
                {
                    edits.push((last.end..last.end, ",".into()));
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..edits.len()).collect();
    order.sort_by(|a, b| edits[*b].0.start.cmp(&edits[*a].0.start).then(a.cmp(b)));
    let mut out = body.to_owned();
    for i in order {
        let (r, s) = &edits[i];
        out.replace_range(r.clone(), s);
    }
    Ok(format!("{}{out}", &text[..bom]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn injects(text: &str) -> Vec<Inject> {
        crate::parse_raw(text).expect("parses").injects
    }

    #[test]
    fn every_shipped_inject_is_written_back_to_itself() {
        for shipped in jointex_scenario::shipped::all() {
            let Ok(s) = crate::parse_raw(shipped.text) else {
                continue;
            };
            for inj in &s.injects {
                let written = inject_ron(inj, "        ", "\n").expect("writes");
                let back: Inject = ron::Options::default()
                    .from_str(&written)
                    .unwrap_or_else(|e| panic!("{}: {e}\n{written}", shipped.file));
                assert_eq!(
                    ron_inline(&back).expect("inline"),
                    ron_inline(inj).expect("inline"),
                    "{}",
                    shipped.file
                );
            }
        }
    }

    #[test]
    fn written_like_the_shipped_files() {
        let s = injects(jointex_scenario::DEFAULT_SCENARIO);
        let inj = s.iter().find(|i| i.id == "INJ-03").expect("INJ-03");
        insta::assert_snapshot!(inject_ron(inj, "        ", "\n").expect("writes"));
    }
}
