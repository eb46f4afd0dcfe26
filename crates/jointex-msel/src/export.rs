//! A scenario's injects as MSEL rows: one row per inject, in file order, under a header.
//!
//! Every cell is text. `scenario time` and `capability` are computed: the start of the
//! inject's turn on the exercise clock (for `AtTurn` injects), in the offset the clock's
//! start is written in; and the core capabilities of the inject's objectives.

use jointex_scenario::raw::{Clock, Inject, Scenario, Trigger};
use jointex_scenario::text::Text;

use crate::cell;
use crate::column::Column;

/// The header row.
pub fn header() -> Vec<String> {
    Column::ALL.iter().map(|c| c.header().to_owned()).collect()
}

/// The header and one row per inject.
pub fn rows(s: &Scenario) -> Vec<Vec<String>> {
    let mut out = vec![header()];
    out.extend(s.injects.iter().map(|i| row(s, i)));
    out
}

/// The row of one inject.
pub fn row(s: &Scenario, inj: &Inject) -> Vec<String> {
    Column::ALL.iter().map(|c| value(s, inj, *c)).collect()
}

/// The cell of one inject in one column.
pub fn value(s: &Scenario, inj: &Inject, column: Column) -> String {
    let lang = |t: Option<&Text>, ko: bool| {
        t.and_then(|t| if ko { t.ko.clone() } else { t.en.clone() })
            .unwrap_or_default()
    };
    let turn = match inj.trigger {
        Trigger::AtTurn(n) => Some(n),
        _ => None,
    };
    match column {
        Column::Number => inj.id.clone(),
        Column::Turn => turn.map(|n| n.to_string()).unwrap_or_default(),
        Column::ScenarioTime => turn.map(|n| scenario_time(&s.clock, n)).unwrap_or_default(),
        Column::FromEn => lang(inj.from.as_ref(), false),
        Column::FromKo => lang(inj.from.as_ref(), true),
        Column::To => cell::audience(&inj.to),
        Column::Channel => cell::channel(inj.channel),
        Column::TitleEn => lang(Some(&inj.title), false),
        Column::TitleKo => lang(Some(&inj.title), true),
        Column::TextEn => lang(Some(&inj.text), false),
        Column::TextKo => lang(Some(&inj.text), true),
        Column::Expected => cell::expected(&inj.expected),
        Column::Objectives => cell::objectives(&inj.objectives),
        Column::Capability => capability(s, &inj.objectives),
        Column::Trigger => cell::trigger(&inj.trigger),
        Column::Held => cell::held(inj.held),
    }
}

/// When `turn` starts, as `2026-03-10 11:00 +09:00`: in the offset `clock.start` is written
/// in. Empty when the clock does not parse (the scenario would not have loaded).
pub fn scenario_time(clock: &Clock, turn: u32) -> String {
    use jiff::fmt::temporal::Pieces;
    let Ok(start) = clock.start.parse::<jiff::Timestamp>() else {
        return String::new();
    };
    let offset = Pieces::parse(&clock.start)
        .ok()
        .and_then(|p| p.to_numeric_offset())
        .unwrap_or(jiff::tz::Offset::UTC);
    let minutes = i64::from(turn.saturating_sub(1)) * i64::from(clock.turn_minutes);
    let Ok(at) = start.checked_add(jiff::SignedDuration::from_mins(minutes)) else {
        return String::new();
    };
    at.to_zoned_datetime(jiff::tz::TimeZone::fixed(offset))
        .strftime("%Y-%m-%d %H:%M %:z")
        .to_string()
}

/// The core capabilities of these objectives, each once, in the order first met, joined by
/// `; ` (capability names hold commas).
pub fn capability(s: &Scenario, objectives: &[String]) -> String {
    let mut seen: Vec<&'static str> = Vec::new();
    for id in objectives {
        if let Some(o) = s.objectives.iter().find(|o| &o.id == id) {
            let label = o.capability.label();
            if !seen.contains(&label) {
                seen.push(label);
            }
        }
    }
    seen.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times_keep_the_written_offset() {
        let clock = Clock {
            start: "2026-03-10T09:00:00+09:00".into(),
            turn_minutes: 120,
            turns: 12,
        };
        assert_eq!(scenario_time(&clock, 1), "2026-03-10 09:00 +09:00");
        assert_eq!(scenario_time(&clock, 3), "2026-03-10 13:00 +09:00");
        assert_eq!(scenario_time(&clock, 9), "2026-03-11 01:00 +09:00");
        let utc = Clock {
            start: "2026-03-10T00:00:00Z".into(),
            ..clock
        };
        assert_eq!(scenario_time(&utc, 2), "2026-03-10 02:00 +00:00");
    }

    #[test]
    fn the_default_scenario_exports_a_row_per_inject() {
        let s = crate::parse_raw(jointex_scenario::DEFAULT_SCENARIO).expect("parses");
        let rows = rows(&s);
        assert_eq!(rows.len(), s.injects.len() + 1);
        assert_eq!(rows[0][0], "number");
        assert!(rows.iter().all(|r| r.len() == Column::ALL.len()));
        assert_eq!(rows[1][Column::Number.index()], "INJ-01");
        assert_eq!(rows[1][Column::Trigger.index()], "AtTurn(1)");
        assert_eq!(rows[1][Column::Turn.index()], "1");
    }
}
