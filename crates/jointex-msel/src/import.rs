//! Reading an edited sheet back: every cell checked, every problem located, and a plan of
//! what changes in the scenario.
//!
//! Rows are matched to injects by `number`. A row whose number the scenario has updates
//! that inject; a row with a new number adds an inject (with no effects: effects are written
//! in RON); an inject with no row is deleted only when [`Options::allow_delete`] says so,
//! and is otherwise an error. Row order is not applied: existing injects keep their place in
//! the file and new ones go at the end, in sheet order.
//!
//! A group of cells that reads exactly as the export wrote it (the two languages of a
//! title, the turn with the trigger, …) keeps the inject's value as the file has it, so an
//! unedited sheet changes nothing, byte for byte. `scenario time` and `capability` are
//! computed and never read into the scenario; an edit of them that would be lost is a
//! warning. Unknown columns are ignored with a warning.

use std::collections::BTreeMap;

use jointex_scenario::raw::{Audience, Expected, Inject, Scenario, Trigger};
use jointex_scenario::spans::SpanIndex;
use jointex_scenario::suggest;
use jointex_scenario::text::Text;
use jointex_scenario::vocab::TargetKind;

use crate::cell::{self, Bad};
use crate::column::Column;
use crate::export;
use crate::problem::{self, Problem, Severity};
use crate::sheet::Table;

/// What an import may do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Delete the injects that have no row in the sheet (refused otherwise).
    pub allow_delete: bool,
}

/// An existing inject the sheet changes.
#[derive(Clone, Debug)]
pub struct Update {
    /// Its index in the scenario's `injects`.
    pub index: usize,
    /// The sheet row it comes from.
    pub row: u32,
    /// The inject as it will be written.
    pub inject: Inject,
    /// The columns whose cells changed it.
    pub columns: Vec<Column>,
}

/// A new inject from a row with a new number.
#[derive(Clone, Debug)]
pub struct Addition {
    /// The sheet row it comes from.
    pub row: u32,
    /// The inject as it will be written.
    pub inject: Inject,
}

/// An inject with no row, deleted because [`Options::allow_delete`] is set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deletion {
    /// Its index in the scenario's `injects`.
    pub index: usize,
    /// Its id.
    pub id: String,
}

/// What an import changes.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// Existing injects that change, in file order.
    pub updates: Vec<Update>,
    /// New injects, in sheet order.
    pub additions: Vec<Addition>,
    /// Injects deleted.
    pub deletions: Vec<Deletion>,
    /// Rows that change nothing.
    pub unchanged: usize,
    /// Warnings: the import goes ahead without what they name.
    pub warnings: Vec<Problem>,
    /// The sheet row of each inject of the result, in the result's order (existing injects
    /// not deleted, then the new ones).
    pub rows: Vec<u32>,
    /// Where each column is in the sheet (0-based), for messages after the write.
    pub columns: BTreeMap<Column, usize>,
}

impl Plan {
    /// Whether the import changes nothing.
    pub fn is_empty(&self) -> bool {
        self.updates.is_empty() && self.additions.is_empty() && self.deletions.is_empty()
    }
}

/// Where the columns are in this sheet.
struct Layout {
    at: BTreeMap<Column, usize>,
}

impl Layout {
    fn cell<'a>(&self, row: &'a [String], c: Column) -> &'a str {
        self.at
            .get(&c)
            .and_then(|i| row.get(*i))
            .map_or("", String::as_str)
    }

    fn problem(&self, severity: Severity, row: u32, c: Column, bad: Bad) -> Problem {
        let mut p = Problem {
            severity,
            row: Some(row),
            column: None,
            message: bad.message,
            hint: bad.hint,
        };
        if let Some(i) = self.at.get(&c) {
            p = p.column(*i, c.header());
        }
        p
    }
}

fn bad(message: impl Into<String>, hint: impl Into<String>) -> Bad {
    Bad {
        message: message.into(),
        hint: Some(hint.into()),
    }
}

/// Reads the header row.
fn layout(table: &Table, problems: &mut Vec<Problem>) -> Option<Layout> {
    let Some(head) = table
        .rows
        .first()
        .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
    else {
        problems.push(
            Problem::error("the sheet is empty")
                .row(1)
                .hint("start from a sheet written by `jointex msel export`"),
        );
        return None;
    };
    let mut at: BTreeMap<Column, usize> = BTreeMap::new();
    for (i, h) in head.iter().enumerate() {
        if h.trim().is_empty() {
            continue;
        }
        match Column::from_header(h) {
            Some(c) => {
                if let Some(first) = at.get(&c) {
                    problems.push(
                        Problem::error(format!(
                            "column `{}` appears twice (also column {})",
                            c.header(),
                            crate::column::letter(*first)
                        ))
                        .row(1)
                        .column(i, h.trim())
                        .hint("keep one of the two"),
                    );
                } else {
                    at.insert(c, i);
                }
            }
            None => problems.push(
                Problem::warning(format!(
                    "`{}` is not an MSEL column; its cells are ignored",
                    h.trim()
                ))
                .row(1)
                .column(i, h.trim())
                .hint(format!(
                    "the columns are {}",
                    Column::ALL.map(|c| c.header()).join(", ")
                )),
            ),
        }
    }
    let missing: Vec<&str> = Column::ALL
        .iter()
        .filter(|c| !c.read_only() && !at.contains_key(c))
        .map(|c| c.header())
        .collect();
    if !missing.is_empty() {
        let mut p = Problem::error(format!(
            "the header has no column {}",
            missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .row(1);
        p = if at.is_empty() {
            p.hint(
                "row 1 must name the columns: start from a sheet written by `jointex msel export`",
            )
        } else {
            p.hint("put the column back: every column but `scenario time` and `capability` is read")
        };
        problems.push(p);
    }
    let fatal = problems.iter().any(|p| p.severity == Severity::Error);
    (!fatal).then_some(Layout { at })
}

fn valid_id(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && b[0].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

/// One data row, located.
struct Row<'a> {
    no: u32,
    cells: Vec<String>,
    number: String,
    existing: Option<(usize, &'a Inject)>,
}

/// Checks every cell of `table` against the scenario and works out what changes. On
/// failure, returns every problem (errors and warnings), sorted by row and column.
pub fn plan(s: &Scenario, table: &Table, opts: &Options) -> Result<Plan, Vec<Problem>> {
    let mut problems = Vec::new();
    let Some(lay) = layout(table, &mut problems) else {
        problem::sort(&mut problems);
        return Err(problems);
    };

    // Rows, numbers, duplicates.
    let by_id: BTreeMap<&str, usize> = s
        .injects
        .iter()
        .enumerate()
        .map(|(i, inj)| (inj.id.as_str(), i))
        .collect();
    let mut rows: Vec<Row<'_>> = Vec::new();
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    for (i, raw_row) in table.rows.iter().enumerate().skip(1) {
        let no = i as u32 + 1;
        let cells: Vec<String> = raw_row.iter().map(|c| c.replace("\r\n", "\n")).collect();
        let known = lay
            .at
            .values()
            .any(|j| cells.get(*j).is_some_and(|c| !c.trim().is_empty()));
        if !known {
            continue;
        }
        let number = lay.cell(&cells, Column::Number).trim().to_owned();
        if number.is_empty() {
            problems.push(lay.problem(
                Severity::Error,
                no,
                Column::Number,
                bad(
                    "the row has no number",
                    "give every inject a number: an existing one to change it, a new one such as INJ-27 to add it",
                ),
            ));
            continue;
        }
        if !valid_id(&number) {
            problems.push(lay.problem(
                Severity::Error,
                no,
                Column::Number,
                bad(
                    format!("`{number}` is not a valid inject number"),
                    "1 to 64 letters, digits, `-`, `_` or `.`, starting with a letter or a digit, e.g. INJ-27",
                ),
            ));
            continue;
        }
        if let Some(first) = seen.get(&number) {
            problems.push(lay.problem(
                Severity::Error,
                no,
                Column::Number,
                bad(
                    format!("inject `{number}` is already on row {first}"),
                    "each inject has one row: give a new inject a new number",
                ),
            ));
            continue;
        }
        seen.insert(number.clone(), no);
        let existing = by_id.get(number.as_str()).map(|&i| (i, &s.injects[i]));
        rows.push(Row {
            no,
            cells,
            number,
            existing,
        });
    }

    // Injects with no row.
    let mut deletions = Vec::new();
    for (i, inj) in s.injects.iter().enumerate() {
        if seen.contains_key(&inj.id) {
            continue;
        }
        if opts.allow_delete {
            deletions.push(Deletion {
                index: i,
                id: inj.id.clone(),
            });
        } else {
            problems.push(
                Problem::error(format!("inject `{}` has no row", inj.id)).hint(
                    "an import deletes injects only with --allow-delete (their effects go too); put the row back to keep it, and to renumber an inject edit the scenario file",
                ),
            );
        }
    }
    let ids: Vec<&str> = s
        .injects
        .iter()
        .map(|i| i.id.as_str())
        .filter(|id| !deletions.iter().any(|d| d.id == *id))
        .chain(
            rows.iter()
                .filter(|r| r.existing.is_none())
                .map(|r| r.number.as_str()),
        )
        .collect();

    let ctx = Ctx {
        s,
        lay: &lay,
        ids: &ids,
    };
    let mut plan = Plan {
        deletions,
        ..Plan::default()
    };
    let mut result_rows: BTreeMap<usize, u32> = BTreeMap::new();
    let mut new_rows = Vec::new();
    for row in &rows {
        let Some(inject) = ctx.read_row(row, &mut problems) else {
            continue;
        };
        match row.existing {
            Some((index, orig)) => {
                result_rows.insert(index, row.no);
                let columns = changed_columns(s, orig, &inject);
                if columns.is_empty() {
                    plan.unchanged += 1;
                } else {
                    plan.updates.push(Update {
                        index,
                        row: row.no,
                        inject,
                        columns,
                    });
                }
            }
            None => {
                new_rows.push(row.no);
                plan.additions.push(Addition {
                    row: row.no,
                    inject,
                });
            }
        }
    }
    if problems.iter().any(|p| p.severity == Severity::Error) {
        problem::sort(&mut problems);
        return Err(problems);
    }
    plan.updates.sort_by_key(|u| u.index);
    plan.rows = result_rows.into_values().chain(new_rows).collect();
    plan.columns = lay.at.clone();
    problem::sort(&mut problems);
    plan.warnings = problems;
    Ok(plan)
}

/// The columns in which `new` differs from `old`, as the export writes them.
fn changed_columns(s: &Scenario, old: &Inject, new: &Inject) -> Vec<Column> {
    let same = cell::ron_inline(old).ok() == cell::ron_inline(new).ok();
    if same {
        return Vec::new();
    }
    let cols: Vec<Column> = Column::ALL
        .into_iter()
        .filter(|c| !c.read_only())
        .filter(|c| export::value(s, old, *c) != export::value(s, new, *c))
        .collect();
    if cols.is_empty() {
        // Differs only in how the file writes it (never from a sheet, but be safe).
        vec![Column::Number]
    } else {
        cols
    }
}

/// What checking a row needs to know.
struct Ctx<'a> {
    s: &'a Scenario,
    lay: &'a Layout,
    ids: &'a [&'a str],
}

impl Ctx<'_> {
    /// The inject a row describes, or `None` after pushing its errors.
    fn read_row(&self, row: &Row<'_>, problems: &mut Vec<Problem>) -> Option<Inject> {
        let before = problems.len();
        let orig = row.existing.map(|(_, i)| i);
        let cell = |c: Column| self.lay.cell(&row.cells, c);
        // A group of cells unchanged from the export keeps the file's value.
        let same = |cols: &[Column]| {
            orig.is_some_and(|o| {
                cols.iter().all(|c| {
                    self.lay.at.contains_key(c) && cell(*c) == export::value(self.s, o, *c)
                })
            })
        };
        let mut err = |c: Column, b: Bad| {
            problems.push(self.lay.problem(Severity::Error, row.no, c, b));
        };

        let mut warns = Vec::new();
        let trigger = match orig {
            Some(o) if same(&[Column::Turn, Column::Trigger]) => Some(o.trigger.clone()),
            _ => self.trigger(row, orig, &mut err, &mut warns),
        };
        let from = match orig {
            Some(o) if same(&[Column::FromEn, Column::FromKo]) => o.from.clone(),
            _ => text(cell(Column::FromEn), cell(Column::FromKo)),
        };
        let to = match orig {
            Some(o) if same(&[Column::To]) => Some(o.to.clone()),
            _ => self.audience(cell(Column::To), &mut err),
        };
        let channel = match orig {
            Some(o) if same(&[Column::Channel]) => Some(o.channel),
            _ => cell::parse_channel(cell(Column::Channel))
                .map_err(|b| err(Column::Channel, b))
                .ok(),
        };
        let title = match orig {
            Some(o) if same(&[Column::TitleEn, Column::TitleKo]) => Some(o.title.clone()),
            _ => required_text(cell(Column::TitleEn), cell(Column::TitleKo), "title")
                .map_err(|b| err(Column::TitleEn, b))
                .ok(),
        };
        let body = match orig {
            Some(o) if same(&[Column::TextEn, Column::TextKo]) => Some(o.text.clone()),
            _ => required_text(cell(Column::TextEn), cell(Column::TextKo), "text")
                .map_err(|b| err(Column::TextEn, b))
                .ok(),
        };
        let expected = match orig {
            Some(o) if same(&[Column::Expected]) => Some(o.expected.clone()),
            _ => self.expected(cell(Column::Expected), &mut err),
        };
        let objectives = match orig {
            Some(o) if same(&[Column::Objectives]) => Some(o.objectives.clone()),
            _ => self.objectives(cell(Column::Objectives), &mut err),
        };
        let held = match orig {
            Some(o) if same(&[Column::Held]) => Some(o.held),
            _ => cell::parse_held(cell(Column::Held))
                .map_err(|b| err(Column::Held, b))
                .ok(),
        };
        let (
            Some(trigger),
            Some(to),
            Some(channel),
            Some(title),
            Some(text),
            Some(expected),
            Some(objectives),
            Some(held),
        ) = (
            trigger, to, channel, title, body, expected, objectives, held,
        )
        else {
            return None;
        };
        if problems.len() > before {
            return None;
        }
        problems.extend(warns);
        let inject = Inject {
            id: row.number.clone(),
            trigger,
            from,
            to,
            channel,
            title,
            text,
            expected,
            effects: orig.map(|o| o.effects.clone()).unwrap_or_default(),
            objectives,
            held,
        };
        // Computed columns: an edit there would be lost, so say so.
        for c in [Column::ScenarioTime, Column::Capability] {
            if !self.lay.at.contains_key(&c) {
                continue;
            }
            let written = cell(c);
            let now = export::value(self.s, &inject, c);
            let before = orig.map(|o| export::value(self.s, o, c));
            if written.trim().is_empty() || written == now || Some(written) == before.as_deref() {
                continue;
            }
            let hint = match c {
                Column::ScenarioTime => {
                    "it is computed from the turn and the exercise clock: change the turn instead"
                }
                _ => "it is computed from the objectives: change the objectives instead",
            };
            problems.push(self.lay.problem(
                Severity::Warning,
                row.no,
                c,
                bad(
                    format!("`{}` is read-only; this edit is ignored", c.header()),
                    hint,
                ),
            ));
        }
        Some(inject)
    }

    /// The trigger from the `turn` and `trigger` cells. For an `AtTurn` inject the turn
    /// column is the one read: a trigger cell `AtTurn(m)` edited to disagree with it is a
    /// warning (one left as exported is not), and so is a turn beside a trigger of another
    /// kind (the trigger is taken). Both rules make importing the same sheet twice change
    /// nothing the second time.
    fn trigger(
        &self,
        row: &Row<'_>,
        orig: Option<&Inject>,
        err: &mut impl FnMut(Column, Bad),
        warns: &mut Vec<Problem>,
    ) -> Option<Trigger> {
        let turn_cell = self.lay.cell(&row.cells, Column::Turn);
        let trig_cell = self.lay.cell(&row.cells, Column::Trigger);
        let turn = cell::parse_turn(turn_cell)
            .map_err(|b| err(Column::Turn, b))
            .ok()?;
        let trig = if trig_cell.trim().is_empty() {
            None
        } else {
            Some(
                cell::parse_trigger(trig_cell)
                    .map_err(|b| err(Column::Trigger, b))
                    .ok()?,
            )
        };
        let mut warn = |c: Column, b: Bad| {
            warns.push(self.lay.problem(Severity::Warning, row.no, c, b));
        };
        // Which column the trigger's turn came from, for messages.
        let (t, from_turn) = match (turn, trig) {
            (None, None) => {
                err(
                    Column::Trigger,
                    bad(
                        "the inject has no trigger",
                        "write its turn, or a trigger such as After(INJ-02, 1)",
                    ),
                );
                return None;
            }
            (Some(n), None) => (Trigger::AtTurn(n), true),
            (None, Some(t)) => (t, false),
            (Some(n), Some(Trigger::AtTurn(m))) => {
                // Only the turn edited: the trigger cell is the export's, left behind.
                let left_behind =
                    orig.is_some_and(|o| export::value(self.s, o, Column::Trigger) == trig_cell);
                if n != m && !left_behind {
                    warn(
                        Column::Trigger,
                        bad(
                            format!(
                                "the trigger says AtTurn({m}) and the turn says {n}; turn {n} is taken"
                            ),
                            "for an AtTurn inject, change the turn column (the trigger cell follows it on the next export)",
                        ),
                    );
                }
                (Trigger::AtTurn(n), true)
            }
            (Some(n), Some(t)) => {
                warn(
                    Column::Turn,
                    bad(
                        format!(
                            "turn {n} is ignored: the trigger is {}, not AtTurn",
                            cell::trigger(&t)
                        ),
                        "clear the turn, or write the trigger as AtTurn(N) to fire at a turn",
                    ),
                );
                (t, false)
            }
        };
        let turns = self.s.clock.turns;
        let range = format!("the exercise has turns 1 to {turns}");
        let in_range = |n: u32| (1..=turns).contains(&n);
        let at_col = if from_turn {
            Column::Turn
        } else {
            Column::Trigger
        };
        match &t {
            Trigger::AtTurn(n) if !in_range(*n) => {
                err(
                    at_col,
                    bad(format!("turn {n} is outside the exercise"), range),
                );
                return None;
            }
            Trigger::After { inject, .. } | Trigger::Missed { inject, .. }
                if !self.ids.contains(&inject.as_str()) =>
            {
                err(
                    Column::Trigger,
                    bad(
                        format!("unknown inject `{inject}`"),
                        suggest::hint(inject, "injects", self.ids.iter().copied()),
                    ),
                );
                return None;
            }
            Trigger::After { inject, .. } | Trigger::Missed { inject, .. }
                if *inject == row.number =>
            {
                err(
                    Column::Trigger,
                    bad(
                        format!("inject `{inject}` cannot wait on itself"),
                        "name another inject, or use AtTurn",
                    ),
                );
                return None;
            }
            Trigger::Missed { by_turn, .. } if !in_range(*by_turn) => {
                err(
                    Column::Trigger,
                    bad(format!("turn {by_turn} is outside the exercise"), range),
                );
                return None;
            }
            _ => {}
        }
        Some(t)
    }

    fn team_hint(&self, wrong: &str) -> String {
        suggest::hint(wrong, "teams", self.s.teams.iter().map(|t| t.id.as_str()))
    }

    fn audience(&self, c: &str, err: &mut impl FnMut(Column, Bad)) -> Option<Audience> {
        let a = cell::parse_audience(c)
            .map_err(|b| err(Column::To, b))
            .ok()?;
        let team = match &a {
            Audience::Team(t) | Audience::Role { team: t, .. } => t,
            _ => return Some(a),
        };
        let Some(t) = self.s.teams.iter().find(|x| &x.id == team) else {
            let ids = self.s.teams.iter().map(|t| t.id.as_str());
            let hint = match suggest::closest(team, ids.clone()) {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!(
                    "write All, Facilitator, a team id ({}) or team:Role",
                    ids.collect::<Vec<_>>().join(", ")
                ),
            };
            err(Column::To, bad(format!("unknown team `{team}`"), hint));
            return None;
        };
        if let Audience::Role { role, .. } = &a
            && !t.roles.contains(role)
        {
            let roles: Vec<&str> = t.roles.iter().map(|r| r.name()).collect();
            err(
                Column::To,
                bad(
                    format!("team `{}` has no role `{}`", t.id, role.name()),
                    format!("its roles are {}", roles.join(", ")),
                ),
            );
            return None;
        }
        Some(a)
    }

    fn expected(&self, c: &str, err: &mut impl FnMut(Column, Bad)) -> Option<Vec<Expected>> {
        let list = cell::parse_expected(c)
            .map_err(|b| err(Column::Expected, b))
            .ok()?;
        let mut ok = true;
        for e in &list {
            if !self.s.teams.iter().any(|t| t.id == e.team) {
                err(
                    Column::Expected,
                    bad(
                        format!("unknown team `{}`", e.team),
                        self.team_hint(&e.team),
                    ),
                );
                ok = false;
                continue;
            }
            let action = e.action.name();
            match (e.action.target(), e.target.as_deref()) {
                (TargetKind::None, Some(t)) => {
                    err(
                        Column::Expected,
                        bad(
                            format!("`{action}` takes no target, and `{t}` is given"),
                            format!("write `{}: {action} within {}`", e.team, e.within),
                        ),
                    );
                    ok = false;
                }
                (TargetKind::Asset, Some(t)) if !self.s.assets.iter().any(|a| a.id == t) => {
                    err(
                        Column::Expected,
                        bad(
                            format!("unknown asset `{t}` for `{action}`"),
                            suggest::hint(t, "assets", self.s.assets.iter().map(|a| a.id.as_str())),
                        ),
                    );
                    ok = false;
                }
                (TargetKind::Indicator, Some(t))
                    if !self.s.indicators.iter().any(|i| i.id == t) =>
                {
                    err(
                        Column::Expected,
                        bad(
                            format!("unknown indicator `{t}` for `{action}`"),
                            suggest::hint(
                                t,
                                "indicators",
                                self.s.indicators.iter().map(|i| i.id.as_str()),
                            ),
                        ),
                    );
                    ok = false;
                }
                _ => {}
            }
        }
        ok.then_some(list)
    }

    fn objectives(&self, c: &str, err: &mut impl FnMut(Column, Bad)) -> Option<Vec<String>> {
        let list = cell::parse_objectives(c);
        let mut ok = true;
        for o in &list {
            if !self.s.objectives.iter().any(|x| &x.id == o) {
                err(
                    Column::Objectives,
                    bad(
                        format!("unknown objective `{o}`"),
                        suggest::hint(
                            o,
                            "objectives",
                            self.s.objectives.iter().map(|x| x.id.as_str()),
                        ),
                    ),
                );
                ok = false;
            }
        }
        ok.then_some(list)
    }
}

/// Text from two language cells; `None` when both are blank.
fn text(en: &str, ko: &str) -> Option<Text> {
    let keep = |s: &str| (!s.trim().is_empty()).then(|| s.to_owned());
    let t = Text {
        en: keep(en),
        ko: keep(ko),
    };
    (t.en.is_some() || t.ko.is_some()).then_some(t)
}

fn required_text(en: &str, ko: &str, what: &str) -> Result<Text, Bad> {
    text(en, ko).ok_or_else(|| {
        bad(
            format!("the {what} is empty in both languages"),
            format!("write the {what} in English, Korean or both"),
        )
    })
}

/// Which inject, and which of its fields, a byte offset of a scenario text falls in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    /// Index in the scenario's `injects`.
    pub inject: usize,
    /// The field, when the offset is in one.
    pub field: Option<&'static str>,
}

const FIELDS: [&str; 11] = [
    "id",
    "trigger",
    "from",
    "to",
    "channel",
    "title",
    "text",
    "expected",
    "effects",
    "objectives",
    "held",
];

/// Finds the inject (and field) that `offset` of `text` lies in.
pub fn place(text: &str, offset: usize) -> Option<Place> {
    use jointex_scenario::spans::Path;
    let index = SpanIndex::new(text);
    let list_path = Path::root().field("injects");
    let root = index.span(&Path::root())?;
    let list = index.span(&list_path).filter(|l| *l != root)?;
    let mut i = 0;
    while let Some(span) = index.span(&list_path.index(i)).filter(|s| *s != list) {
        if span.contains(&offset) {
            let at = list_path.index(i);
            let field = FIELDS.into_iter().find(|f| {
                index
                    .span(&at.field(f))
                    .is_some_and(|fs| fs != span && fs.contains(&offset))
            });
            return Some(Place { inject: i, field });
        }
        i += 1;
    }
    None
}

/// The sheet column a field of an inject is written in; `None` for `effects`, which the
/// sheet does not hold.
pub fn column_of(field: &str) -> Option<Column> {
    Some(match field {
        "id" => Column::Number,
        "trigger" => Column::Trigger,
        "from" => Column::FromEn,
        "to" => Column::To,
        "channel" => Column::Channel,
        "title" => Column::TitleEn,
        "text" => Column::TextEn,
        "expected" => Column::Expected,
        "objectives" => Column::Objectives,
        "held" => Column::Held,
        _ => return None,
    })
}

/// A scenario diagnostic about the imported text, moved onto the sheet: the row of the inject
/// it is in and the column of the field. `None` when it is not in an inject's sheet fields
/// (an effect, another part of the file): report it against the file then.
pub fn sheet_problem(
    text: &str,
    d: &jointex_scenario::diag::Diagnostic,
    plan: &Plan,
) -> Option<Problem> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let span = d.span.as_ref()?;
    let p = place(&text[bom..], span.start.checked_sub(bom)?)?;
    let row = *plan.rows.get(p.inject)?;
    let column = column_of(p.field?)?;
    let mut out = Problem {
        severity: match d.severity {
            jointex_scenario::diag::Severity::Error => Severity::Error,
            jointex_scenario::diag::Severity::Warning => Severity::Warning,
        },
        row: Some(row),
        column: None,
        message: d.message.clone(),
        hint: d.hint.clone(),
    };
    let at = plan.columns.get(&column).copied().unwrap_or(column.index());
    out = out.column(at, column.header());
    Some(out)
}
