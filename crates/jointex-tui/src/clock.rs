//! The exercise clock shown to players: a turn's start in each nation's local time.
//!
//! Times come from the scenario's clock and each team's IANA time zone (jiff with the bundled
//! tzdb), so daylight saving is right on both sides: `2026-03-10 09:00 KST · 20:00 EDT`.
//! The exercise clock never reads the wall clock.

use jointex_scenario::Scenario;
use jointex_scenario::model::TeamId;

/// When `turn` starts, in every team's local time; the first zone (the viewer's, when given)
/// carries the date: `2026-03-10 13:00 KST · 00:00 EDT`.
pub fn turn_clock(s: &Scenario, turn: u32, viewer: Option<TeamId>) -> String {
    let at = s.clock.turn_start(turn);
    let mut out = String::new();
    for (n, team) in s.zone_teams(viewer).into_iter().enumerate() {
        let local = at.to_zoned_datetime(team.time_zone.clone());
        if n == 0 {
            out.push_str(&local.strftime("%Y-%m-%d %H:%M %Z").to_string());
        } else {
            out.push_str(" · ");
            out.push_str(&local.strftime("%H:%M %Z").to_string());
        }
    }
    out
}

/// A moment of the wall clock in every team's local time, the viewer's first, without the
/// date: `21:15 EST · 11:15 KST` (planning deadlines in network play).
pub fn wall_times(s: &Scenario, at: jiff::Timestamp, viewer: Option<TeamId>) -> String {
    s.zone_teams(viewer)
        .iter()
        .map(|team| {
            at.to_zoned_datetime(team.time_zone.clone())
                .strftime("%H:%M %Z")
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The local time (`13:00 KST`) at which `turn` starts for one team.
pub fn team_time(s: &Scenario, turn: u32, team: TeamId) -> String {
    let at = s.clock.turn_start(turn);
    at.to_zoned_datetime(s.team(team).time_zone.clone())
        .strftime("%H:%M %Z")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_scenario() -> Scenario {
        jointex_scenario::load(jointex_scenario::DEFAULT_SCENARIO)
            .expect("default scenario is valid")
            .scenario
    }

    #[test]
    fn both_nations_with_daylight_saving() {
        let s = default_scenario();
        let us = s.team_id("us").expect("us team");
        let kr = s.team_id("kr").expect("kr team");
        assert_eq!(
            turn_clock(&s, 1, Some(kr)),
            "2026-03-10 09:00 KST · 20:00 EDT"
        );
        assert_eq!(
            turn_clock(&s, 1, Some(us)),
            "2026-03-09 20:00 EDT · 09:00 KST"
        );
        assert_eq!(
            turn_clock(&s, 3, Some(kr)),
            "2026-03-10 13:00 KST · 00:00 EDT"
        );
        assert_eq!(team_time(&s, 12, us), "18:00 EDT");
        let at: jiff::Timestamp = "2026-12-08T02:15:00Z".parse().expect("a time");
        assert_eq!(wall_times(&s, at, Some(us)), "21:15 EST · 11:15 KST");
    }
}
