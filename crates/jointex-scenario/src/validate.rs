//! Raw file types → validated [`model`](crate::model), reporting every problem at once.
//!
//! Validation never stops at the first error: a planner fixing a scenario wants the whole
//! list. Each problem is recorded with the path of the value it concerns; `load` turns paths
//! into line and column only when there is something to report. References that do not
//! resolve leave a placeholder behind so that later checks can go on; the model is thrown
//! away whenever any error was found, so a placeholder never escapes.

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use petgraph::graph::DiGraph;

use crate::model::*;
use crate::raw;
use crate::spans::Path;
use crate::suggest;
use crate::text::Text;
use crate::vocab::{Phase, TargetKind};
use crate::{attack, indicators};

/// A problem found by validation, located by path.
#[derive(Clone, Debug)]
pub(crate) struct Issue {
    pub severity: crate::diag::Severity,
    pub code: &'static str,
    pub message: String,
    pub path: Path,
    pub label: Option<String>,
    pub hint: Option<String>,
    /// Where the first definition is, for duplicates: rendered as "first defined at line N".
    pub first: Option<Path>,
}

/// Validates a parsed file. Returns the model when there is no error, and every issue
/// (warnings included) in the order they were found.
pub(crate) fn validate(raw: &raw::Scenario) -> (Option<Scenario>, Vec<Issue>) {
    crate::suggest::reset_budget();
    let mut v = Validator {
        raw,
        issues: Vec::new(),
        keys: Keys::default(),
        nations: BTreeMap::new(),
    };
    let scenario = v.run();
    let failed = v
        .issues
        .iter()
        .any(|i| i.severity == crate::diag::Severity::Error);
    (if failed { None } else { Some(scenario) }, v.issues)
}

/// The most turns an exercise has; also the bound on every count of turns (a restore, an
/// outage, a deadline, a delay, a buffer): nothing can last longer than an exercise can.
const MAX_TURNS: u32 = 1000;
/// The most attempts a stage makes or an inject adds.
const MAX_ATTEMPTS: u32 = 1000;
/// The most people one asset serves: more than live on Earth, far from what `u64` holds, so
/// a nation's sums cannot overflow.
const MAX_POPULATION: u64 = 10_000_000_000;
const MAX_TURN_MINUTES: u32 = 7 * 24 * 60;
const MAX_ACTION_POINTS: u32 = 100;

struct Validator<'a> {
    raw: &'a raw::Scenario,
    issues: Vec<Issue>,
    keys: Keys,
    nations: BTreeMap<String, TeamId>,
}

/// Per actor: stage and campaign ids → indices.
struct ActorKeys {
    stages: BTreeMap<String, StageId>,
    campaigns: BTreeMap<String, CampaignId>,
}

impl<'a> Validator<'a> {
    fn push(
        &mut self,
        severity: crate::diag::Severity,
        code: &'static str,
        message: String,
        path: Path,
    ) -> &mut Issue {
        self.issues.push(Issue {
            severity,
            code,
            message,
            path,
            label: None,
            hint: None,
            first: None,
        });
        let last = self.issues.len() - 1;
        &mut self.issues[last]
    }

    fn error(&mut self, code: &'static str, message: impl Into<String>, path: Path) -> &mut Issue {
        self.push(crate::diag::Severity::Error, code, message.into(), path)
    }

    fn warn(&mut self, code: &'static str, message: impl Into<String>, path: Path) -> &mut Issue {
        self.push(crate::diag::Severity::Warning, code, message.into(), path)
    }

    fn run(&mut self) -> Scenario {
        let root = Path::root();
        let raw = self.raw;
        let meta = self.meta(&raw.meta, root.field("meta"));
        let clock = self.clock(&raw.clock, root.field("clock"));
        let turns = clock.as_ref().map(|c| c.turns);

        // Ids first, so that every reference below can be resolved whatever the file order.
        self.keys.teams = self.index(
            "team",
            raw.teams.iter().map(|t| t.id.as_str()),
            &root.field("teams"),
            TeamId::from_usize,
        );
        self.keys.assets = self.index(
            "asset",
            raw.assets.iter().map(|a| a.id.as_str()),
            &root.field("assets"),
            AssetId::from_usize,
        );
        self.keys.indicators = self.index(
            "indicator",
            raw.indicators.iter().map(|a| a.id.as_str()),
            &root.field("indicators"),
            IndicatorId::from_usize,
        );
        self.keys.actors = self.index(
            "actor",
            raw.actors.iter().map(|a| a.id.as_str()),
            &root.field("actors"),
            ActorId::from_usize,
        );
        self.keys.injects = self.index(
            "inject",
            raw.injects.iter().map(|a| a.id.as_str()),
            &root.field("injects"),
            InjectId::from_usize,
        );
        self.keys.objectives = self.index(
            "objective",
            raw.objectives.iter().map(|a| a.id.as_str()),
            &root.field("objectives"),
            ObjectiveId::from_usize,
        );

        let teams = self.teams(&root.field("teams"));
        let assets: Vec<Asset> = raw
            .assets
            .iter()
            .enumerate()
            .map(|(i, a)| self.asset(a, root.field("assets").index(i)))
            .collect();
        self.teams_have_assets(&assets, &root.field("teams"));
        let edges = self.edges(&root.field("edges"));
        let indicators: Vec<Indicator> = raw
            .indicators
            .iter()
            .enumerate()
            .map(|(i, x)| self.indicator(x, root.field("indicators").index(i)))
            .collect();
        let actor_keys: Vec<ActorKeys> = raw
            .actors
            .iter()
            .enumerate()
            .map(|(i, a)| self.actor_keys(a, root.field("actors").index(i)))
            .collect();
        let actors: Vec<Actor> = raw
            .actors
            .iter()
            .enumerate()
            .map(|(i, a)| {
                self.actor(
                    a,
                    &actor_keys[i],
                    &indicators,
                    &assets,
                    turns,
                    root.field("actors").index(i),
                )
            })
            .collect();
        let objectives: Vec<Objective> = raw
            .objectives
            .iter()
            .enumerate()
            .map(|(i, o)| self.objective(o, root.field("objectives").index(i)))
            .collect();
        let injects: Vec<Inject> = raw
            .injects
            .iter()
            .enumerate()
            .map(|(i, x)| {
                self.inject(
                    x,
                    &actor_keys,
                    &actors,
                    &assets,
                    &indicators,
                    turns,
                    root.field("injects").index(i),
                )
            })
            .collect();
        self.inject_graph(&injects, turns, &root.field("injects"));
        self.unused(&actors, &injects, &objectives);

        Scenario {
            meta: meta.unwrap_or_else(placeholder_meta),
            clock: clock.unwrap_or(Clock {
                start: jiff::Timestamp::UNIX_EPOCH,
                turn_minutes: 1,
                turns: 1,
            }),
            teams,
            assets,
            edges,
            indicators,
            actors,
            injects,
            objectives,
            keys: std::mem::take(&mut self.keys),
        }
    }

    // ----- shared checks ---------------------------------------------------------------

    fn index<I: Copy>(
        &mut self,
        what: &str,
        ids: impl Iterator<Item = &'a str>,
        list: &Path,
        make: fn(usize) -> I,
    ) -> BTreeMap<String, I> {
        let mut map: BTreeMap<String, (usize, I)> = BTreeMap::new();
        for (i, id) in ids.enumerate() {
            let path = list.index(i).field("id");
            if !is_id(id) {
                self.error("bad-id", format!("`{id}` is not a valid {what} id"), path.clone())
                    .hint = Some("ids are 1 to 64 letters, digits, `-`, `_` or `.`, starting with a letter or digit".into());
            }
            if let Some((first, _)) = map.get(id) {
                let first = *first;
                let issue = self.error("duplicate-id", format!("duplicate {what} id `{id}`"), path);
                issue.label = Some("defined again here".into());
                issue.first = Some(list.index(first).field("id"));
            } else {
                map.insert(id.to_owned(), (i, make(i)));
            }
        }
        map.into_iter().map(|(k, (_, v))| (k, v)).collect()
    }

    fn text(&mut self, text: &Text, path: Path) {
        if text.is_blank() {
            self.error("empty-text", "text is empty", path).hint =
                Some("write it in English, Korean or both: Text(en: \"…\", ko: \"…\")".into());
            return;
        }
        let cve = [text.en.as_deref(), text.ko.as_deref()]
            .into_iter()
            .flatten()
            .find_map(crate::real_world::cve_in);
        if let Some(cve) = cve {
            self.real_cve(cve, path);
        }
    }

    /// An id in the real CVE namespace, in a vulnerability id or a text.
    fn real_cve(&mut self, cve: &str, path: Path) {
        let issue = self.warn(
            "real-cve",
            format!("`{cve}` is in the real CVE namespace"),
            path,
        );
        issue.label = Some("it may name, or come to name, a real vulnerability".into());
        issue.hint = Some(format!(
            "give exercise vulnerabilities an id no one can mistake for a real one, such as `{}`",
            crate::real_world::exercise_form(cve)
        ));
    }

    fn reference<I: Copy>(
        &mut self,
        what: &'static str,
        key: &str,
        path: Path,
        map: fn(&Keys) -> &BTreeMap<String, I>,
    ) -> Option<I> {
        if let Some(id) = map(&self.keys).get(key) {
            return Some(*id);
        }
        let hint = suggest::hint(
            key,
            &format!("{what}s"),
            map(&self.keys).keys().map(String::as_str),
        );
        let issue = self.error("unknown-reference", format!("unknown {what} `{key}`"), path);
        issue.label = Some(format!("no {what} has this id"));
        issue.hint = Some(hint);
        None
    }

    fn team_ref(&mut self, key: &str, path: Path) -> Option<TeamId> {
        self.reference("team", key, path, |k| &k.teams)
    }
    fn asset_ref(&mut self, key: &str, path: Path) -> Option<AssetId> {
        self.reference("asset", key, path, |k| &k.assets)
    }
    fn indicator_ref(&mut self, key: &str, path: Path) -> Option<IndicatorId> {
        self.reference("indicator", key, path, |k| &k.indicators)
    }
    fn actor_ref(&mut self, key: &str, path: Path) -> Option<ActorId> {
        self.reference("actor", key, path, |k| &k.actors)
    }
    fn inject_ref(&mut self, key: &str, path: Path) -> Option<InjectId> {
        self.reference("inject", key, path, |k| &k.injects)
    }
    fn objective_ref(&mut self, key: &str, path: Path) -> Option<ObjectiveId> {
        self.reference("objective", key, path, |k| &k.objectives)
    }

    fn nation_ref(&mut self, nation: &str, path: Path) -> Option<TeamId> {
        if let Some(t) = self.nations.get(nation) {
            return Some(*t);
        }
        let known: Vec<String> = self.nations.keys().cloned().collect();
        let hint = suggest::hint(nation, "nations", known.iter().map(String::as_str));
        let issue = self.error(
            "unknown-nation",
            format!("no team defends nation `{nation}`"),
            path,
        );
        issue.label = Some("not the nation of any team".into());
        issue.hint = Some(hint);
        None
    }

    fn turn(&mut self, turn: u32, turns: Option<u32>, path: Path) {
        let Some(turns) = turns else { return };
        if turn == 0 || turn > turns {
            let issue = self.error(
                "turn-out-of-range",
                format!("turn {turn} is outside the exercise"),
                path,
            );
            issue.hint = Some(format!("the clock runs turns 1 to {turns}"));
        }
    }

    /// An error when `v` is above `max`, saying the range: a number the engine would have to
    /// cut short is refused, not silently wrapped or clamped.
    fn at_most(&mut self, v: u64, max: u64, what: &str, path: Path) {
        if v > max {
            self.error("out-of-range", format!("{v} is too large for {what}"), path)
                .hint = Some(format!("{what} is at most {max}"));
        }
    }

    fn probability(&mut self, p: f64, path: Path) {
        if !(0.0..=1.0).contains(&p) {
            self.error(
                "out-of-range",
                format!("probability {p} is not between 0.0 and 1.0"),
                path,
            )
            .hint = Some("write the chance as a fraction: 0.25 for one in four".into());
        }
    }

    fn technique(&mut self, id: &str, path: Path) {
        if attack::technique(id).is_some() {
            return;
        }
        // A sub-technique that does not exist most likely means its parent: `T1486.001` is
        // `T1486`, whatever id happens to be one edit away.
        let parent = attack::parent_id(id).and_then(attack::technique);
        let hint = match parent {
            Some(p) => format!(
                "`{}` ({}) has no sub-technique `{id}`; did you mean `{}`? `jointex attack show {}` lists its sub-techniques",
                p.id, p.name, p.id, p.id
            ),
            // Searched only when there is no parent to name: comparisons are budgeted.
            None => match suggest::closest(id, attack::ids()) {
                Some(c) => format!(
                    "did you mean `{c}` ({})? `jointex attack search WORDS` finds a technique by name",
                    attack::technique(c).map_or("", |t| t.name)
                ),
                None => "ids look like `T1566` or `T1566.001` (Enterprise) and `T0862` (ICS); `jointex attack search WORDS` finds one by name".into(),
            },
        };
        let issue = self.error(
            "unknown-technique",
            format!("unknown ATT&CK technique `{id}`"),
            path,
        );
        issue.label = Some("not in ATT&CK v18.1 Enterprise or ICS".into());
        issue.hint = Some(hint);
    }

    /// A stage's technique should serve its phase: T1078 (Valid Accounts) moves nobody
    /// laterally in ATT&CK, and a planner reading the report would be misled.
    fn technique_phase(
        &mut self,
        id: &str,
        phase: Phase,
        impact: Option<crate::vocab::Impact>,
        path: Path,
    ) {
        let Some(t) = attack::technique(id) else {
            return;
        };
        if attack::fits(t, phase, impact) {
            return;
        }
        let wanted = attack::tactics_of(phase);
        let tactics = t.tactics.join(", ");
        let issue = self.warn(
            "technique-phase",
            format!(
                "`{id}` ({}) is not a technique of ATT&CK's {} tactic",
                t.name, wanted[0]
            ),
            path,
        );
        issue.label = Some(format!("its tactics: {tactics}"));
        issue.hint = Some(format!(
            "this stage's phase is {}: use a technique of that tactic (`jointex attack search {}` lists them), or change the phase",
            phase.label(),
            wanted[0]
        ));
    }

    // ----- sections --------------------------------------------------------------------

    fn meta(&mut self, m: &raw::Meta, path: Path) -> Option<Meta> {
        if !is_id(&m.id) {
            self.error(
                "bad-id",
                format!("`{}` is not a valid scenario id", m.id),
                path.field("id"),
            )
            .hint = Some(
                "ids are 1 to 64 letters, digits, `-`, `_` or `.`, starting with a letter or digit"
                    .into(),
            );
        }
        self.text(&m.title, path.field("title"));
        self.text(&m.summary, path.field("summary"));
        if m.handling.is_blank() {
            self.error(
                "empty-text",
                "handling caveat is empty",
                path.field("handling"),
            )
            .hint = Some("every page carries it: \"EXERCISE ONLY\" is the usual one".into());
        }
        if m.version.trim().is_empty() {
            self.error("empty-text", "version is empty", path.field("version"))
                .hint =
                Some("records name the version they were played with, e.g. \"1.0.0\"".into());
        }
        for (i, a) in m.authors.iter().enumerate() {
            if a.trim().is_empty() {
                self.error(
                    "empty-text",
                    "author is empty",
                    path.field("authors").index(i),
                );
            }
        }
        Some(Meta {
            id: m.id.clone(),
            title: m.title.clone(),
            summary: m.summary.clone(),
            handling: m.handling.clone(),
            tlp: m.tlp,
            authors: m.authors.clone(),
            version: m.version.clone(),
        })
    }

    fn clock(&mut self, c: &raw::Clock, path: Path) -> Option<Clock> {
        let start = match jiff::Timestamp::from_str(&c.start) {
            Ok(t) => Some(t),
            Err(e) => {
                let issue = self.error(
                    "bad-time",
                    format!("`{}` is not an instant with an offset", c.start),
                    path.field("start"),
                );
                issue.label = Some(crate::diag::message_case(&e.to_string()));
                issue.hint = Some("write RFC 3339 with the offset of the place it starts: \"2026-03-10T09:00:00+09:00\"".into());
                None
            }
        };
        if c.turn_minutes == 0 || c.turn_minutes > MAX_TURN_MINUTES {
            self.error(
                "out-of-range",
                format!("a turn of {} minutes is not allowed", c.turn_minutes),
                path.field("turn_minutes"),
            )
            .hint = Some(format!(
                "a turn lasts 1 to {MAX_TURN_MINUTES} minutes (one week)"
            ));
        }
        if c.turns == 0 || c.turns > MAX_TURNS {
            self.error(
                "out-of-range",
                format!("{} turns is not allowed", c.turns),
                path.field("turns"),
            )
            .hint = Some(format!("an exercise has 1 to {MAX_TURNS} turns"));
        }
        let turns = c.turns.clamp(1, MAX_TURNS);
        Some(Clock {
            start: start?,
            turn_minutes: c.turn_minutes.max(1),
            turns,
        })
    }

    fn teams(&mut self, list: &Path) -> Vec<Team> {
        let raw = self.raw;
        if raw.teams.len() < 2 {
            self.error(
                "too-few-teams",
                format!(
                    "a joint exercise needs at least two teams, this has {}",
                    raw.teams.len()
                ),
                list.clone(),
            )
            .hint = Some(
                "add the partner nation's team, e.g. Team(id: \"kr\", nation: \"KR\", …)".into(),
            );
        }
        let mut out = Vec::with_capacity(raw.teams.len());
        for (i, t) in raw.teams.iter().enumerate() {
            let path = list.index(i);
            if !is_nation(&t.nation) {
                self.error(
                    "bad-nation",
                    format!("`{}` is not an ISO 3166-1 alpha-2 nation code", t.nation),
                    path.field("nation"),
                )
                .hint = Some("two capital letters, e.g. \"US\" or \"KR\"".into());
            } else if let Some(first) = self.nations.get(&t.nation) {
                let first = first.index();
                let issue = self.error(
                    "duplicate-nation",
                    format!("nation `{}` has two teams", t.nation),
                    path.field("nation"),
                );
                issue.first = Some(list.index(first).field("nation"));
                issue.hint =
                    Some("one team defends each nation; give its roles to that team".into());
            } else {
                self.nations.insert(t.nation.clone(), TeamId::from_usize(i));
            }
            self.text(&t.name, path.field("name"));
            self.text(&t.cert, path.field("cert"));
            let tz = match jiff::tz::db().get(&t.time_zone) {
                Ok(tz) => tz,
                Err(_) => {
                    let names: Vec<String> = jiff::tz::db()
                        .available()
                        .map(|n| n.as_str().to_owned())
                        .collect();
                    let hint = match suggest::closest(&t.time_zone, names.iter().map(String::as_str)) {
                        Some(c) => format!("did you mean `{c}`?"),
                        None => "use an IANA time zone name such as \"Asia/Seoul\" or \"America/New_York\"".into(),
                    };
                    let issue = self.error(
                        "unknown-time-zone",
                        format!("unknown time zone `{}`", t.time_zone),
                        path.field("time_zone"),
                    );
                    issue.label = Some("not an IANA time zone".into());
                    issue.hint = Some(hint);
                    jiff::tz::TimeZone::UTC
                }
            };
            if t.action_points == 0 || t.action_points > MAX_ACTION_POINTS {
                self.error(
                    "out-of-range",
                    format!("{} action points is not allowed", t.action_points),
                    path.field("action_points"),
                )
                .hint = Some(format!(
                    "a team has 1 to {MAX_ACTION_POINTS} action points a turn; most orders cost 1 to 3"
                ));
            }
            if t.roles.is_empty() {
                self.error("no-roles", "team has no roles", path.field("roles"))
                    .hint =
                    Some("leave `roles` out for all four: Lead, Analyst, Operator, Liaison".into());
            }
            let mut seen = BTreeSet::new();
            for (r, role) in t.roles.iter().enumerate() {
                if !seen.insert(*role) {
                    self.error(
                        "duplicate-role",
                        format!("role `{}` is listed twice", role.name()),
                        path.field("roles").index(r),
                    );
                }
            }
            out.push(Team {
                key: t.id.clone(),
                nation: t.nation.clone(),
                name: t.name.clone(),
                cert: t.cert.clone(),
                time_zone_name: t.time_zone.clone(),
                time_zone: tz,
                language: t.language,
                action_points: t.action_points,
                roles: seen.into_iter().collect(),
            });
        }
        out
    }

    fn asset(&mut self, a: &raw::Asset, path: Path) -> Asset {
        let owner = self
            .nation_ref(&a.nation, path.field("nation"))
            .unwrap_or(TeamId(0));
        self.text(&a.name, path.field("name"));
        if !(1..=5).contains(&a.criticality) {
            self.error(
                "out-of-range",
                format!("criticality {} is not between 1 and 5", a.criticality),
                path.field("criticality"),
            )
            .hint = Some("1 is low, 5 is vital to the nation".into());
        }
        let mut vulnerabilities = Vec::with_capacity(a.vulnerabilities.len());
        for (i, v) in a.vulnerabilities.iter().enumerate() {
            let vp = path.field("vulnerabilities").index(i);
            if v.id.trim().is_empty() {
                self.error("empty-text", "vulnerability id is empty", vp.field("id"))
                    .hint = Some(
                    "an exercise id (\"EX-2026-3400\") or a short label (\"weak-vpn-passwords\")"
                        .into(),
                );
            } else if let Some(cve) = crate::real_world::cve_in(&v.id) {
                self.real_cve(cve, vp.field("id"));
            }
            if let Some(t) = &v.technique {
                self.technique(t, vp.field("technique"));
            }
            self.probability(v.exploitability, vp.field("exploitability"));
            vulnerabilities.push(Vulnerability {
                id: v.id.clone(),
                technique: v.technique.clone(),
                exploitability: v.exploitability,
            });
        }
        let mut controls = Vec::with_capacity(a.controls.len());
        for (i, c) in a.controls.iter().enumerate() {
            if controls.contains(c) {
                self.warn(
                    "duplicate-control",
                    format!("control `{}` is listed twice", c.name()),
                    path.field("controls").index(i),
                );
            } else {
                controls.push(*c);
            }
        }
        controls.sort();
        for (i, s) in a.services.iter().enumerate() {
            self.text(s, path.field("services").index(i));
        }
        if a.restore_turns == 0 {
            self.error(
                "out-of-range",
                "a restore cannot take 0 turns",
                path.field("restore_turns"),
            )
            .hint = Some("1 is the least; leave it out for 1".into());
        }
        self.at_most(
            u64::from(a.restore_turns),
            u64::from(MAX_TURNS),
            "`restore_turns`",
            path.field("restore_turns"),
        );
        self.at_most(
            a.population,
            MAX_POPULATION,
            "`population`",
            path.field("population"),
        );
        Asset {
            key: a.id.clone(),
            name: a.name.clone(),
            owner,
            sector: a.sector,
            kind: a.kind,
            zone: a.zone,
            criticality: a.criticality,
            population: a.population,
            vulnerabilities,
            controls,
            services: a.services.clone(),
            restore_turns: a.restore_turns.max(1),
        }
    }

    fn teams_have_assets(&mut self, assets: &[Asset], list: &Path) {
        let mut owned = vec![0usize; self.raw.teams.len()];
        for a in assets {
            if let Some(n) = owned.get_mut(a.owner.index()) {
                *n += 1;
            }
        }
        // An asset whose nation is unknown was given owner 0 as a placeholder; that error is
        // already reported, and counting it could hide this one, so recount strictly.
        let raw = self.raw;
        for (i, t) in raw.teams.iter().enumerate() {
            let strictly = raw.assets.iter().filter(|a| a.nation == t.nation).count();
            if strictly == 0 && !raw.teams[..i].iter().any(|o| o.nation == t.nation) {
                let issue = self.error(
                    "team-without-assets",
                    format!("team `{}` defends no assets", t.id),
                    list.index(i).field("nation"),
                );
                issue.hint = Some(format!("add assets with nation: \"{}\"", t.nation));
            }
        }
        let _ = owned;
    }

    fn edges(&mut self, list: &Path) -> Vec<Edge> {
        let raw = self.raw;
        let mut out = Vec::with_capacity(raw.edges.len());
        let mut zero_buffer: Vec<(usize, AssetId, AssetId)> = Vec::new();
        for (i, e) in raw.edges.iter().enumerate() {
            let path = list.index(i);
            let (from_name, to_name, from, to, kind) = match e {
                raw::Edge::Network {
                    from,
                    to,
                    both_ways,
                } => (
                    "from",
                    "to",
                    from,
                    to,
                    EdgeKind::Network {
                        both_ways: *both_ways,
                    },
                ),
                raw::Edge::Dependency { from, on, buffer } => {
                    self.at_most(
                        u64::from(*buffer),
                        u64::from(MAX_TURNS),
                        "a dependency's `buffer`",
                        path.field("buffer"),
                    );
                    (
                        "from",
                        "on",
                        from,
                        on,
                        EdgeKind::Dependency { buffer: *buffer },
                    )
                }
                raw::Edge::SupplyChain {
                    vendor,
                    client,
                    product,
                } => (
                    "vendor",
                    "client",
                    vendor,
                    client,
                    EdgeKind::SupplyChain {
                        product: product.clone(),
                    },
                ),
                raw::Edge::Trust { from, to, kind } => {
                    ("from", "to", from, to, EdgeKind::Trust(*kind))
                }
            };
            let a = self.asset_ref(from, path.field(from_name));
            let b = self.asset_ref(to, path.field(to_name));
            if from == to {
                self.error(
                    "self-edge",
                    format!("{} edge from `{from}` to itself", kind.name()),
                    path.clone(),
                )
                .hint = Some("an edge joins two different assets".into());
            }
            if let (Some(a), Some(b)) = (a, b) {
                if let EdgeKind::Dependency { buffer: 0 } = kind {
                    zero_buffer.push((i, a, b));
                }
                out.push(Edge {
                    kind,
                    from: a,
                    to: b,
                });
            }
        }
        // A ring of dependencies with no buffer would fail and recover in the same instant
        // forever: the cascade has no fixed point.
        let mut g: DiGraph<(), usize> = DiGraph::new();
        let mut nodes: BTreeMap<AssetId, petgraph::graph::NodeIndex> = BTreeMap::new();
        for &(i, a, b) in &zero_buffer {
            let na = *nodes.entry(a).or_insert_with(|| g.add_node(()));
            let nb = *nodes.entry(b).or_insert_with(|| g.add_node(()));
            g.add_edge(na, nb, i);
        }
        let back: BTreeMap<petgraph::graph::NodeIndex, AssetId> =
            nodes.iter().map(|(a, n)| (*n, *a)).collect();
        for scc in petgraph::algo::tarjan_scc(&g) {
            if scc.len() < 2 {
                continue;
            }
            let members: BTreeSet<_> = scc.iter().copied().collect();
            let mut edge_ids: Vec<usize> = g
                .edge_indices()
                .filter(|&e| {
                    g.edge_endpoints(e)
                        .is_some_and(|(x, y)| members.contains(&x) && members.contains(&y))
                })
                .map(|e| g[e])
                .collect();
            edge_ids.sort_unstable();
            let cycle = cycle_names(&scc, &back, raw);
            let first = edge_ids[0];
            let issue = self.error(
                "dependency-cycle",
                format!("dependency cycle with no buffer: {cycle}"),
                list.index(first),
            );
            issue.label = Some("this dependency is part of the cycle".into());
            issue.hint = Some(
                "give one of these dependencies a buffer of at least 1 turn, or remove one".into(),
            );
        }
        out
    }

    fn indicator(&mut self, x: &raw::Indicator, path: Path) -> Indicator {
        let value = match indicators::check(x.kind, &x.value) {
            Ok(v) => v,
            Err(why) => {
                let issue = self.error(
                    "bad-indicator",
                    format!("malformed {} `{}`", x.kind.label(), x.value),
                    path.field("value"),
                );
                issue.label = Some(why.to_string());
                issue.hint = Some(indicators::example(x.kind).to_owned());
                x.value.clone()
            }
        };
        if matches!(
            x.kind,
            crate::vocab::IndicatorKind::Ipv4 | crate::vocab::IndicatorKind::Ipv6
        ) && crate::real_world::is_public(&value)
        {
            let issue = self.warn(
                "public-address",
                format!("`{}` is a routable public address", x.value),
                path.field("value"),
            );
            issue.label = Some(
                "someone's real host: a blocklist fed from the exercise would cut it off".into(),
            );
            issue.hint = Some(indicators::example(x.kind).to_owned());
        }
        let actor = x
            .actor
            .as_ref()
            .and_then(|a| self.actor_ref(a, path.field("actor")));
        if let Some(d) = &x.description {
            self.text(d, path.field("description"));
        }
        Indicator {
            key: x.id.clone(),
            kind: x.kind,
            value,
            actor,
            description: x.description.clone(),
            tlp: x.tlp,
        }
    }

    fn actor_keys(&mut self, a: &raw::Actor, path: Path) -> ActorKeys {
        let mut campaigns = BTreeMap::new();
        let mut stages = BTreeMap::new();
        let mut first_stage: BTreeMap<&str, Path> = BTreeMap::new();
        let mut n = 0usize;
        for (c, camp) in a.campaigns.iter().enumerate() {
            let cp = path.field("campaigns").index(c);
            if campaigns
                .insert(camp.id.clone(), CampaignId(c as u16))
                .is_some()
            {
                let issue = self.error(
                    "duplicate-id",
                    format!("duplicate campaign id `{}` in actor `{}`", camp.id, a.id),
                    cp.field("id"),
                );
                issue.label = Some("defined again here".into());
            }
            for (s, stage) in camp.stages.iter().enumerate() {
                let sp = cp.field("stages").index(s).field("id");
                if let Some(first) = first_stage.get(stage.id.as_str()) {
                    let issue = self.error(
                        "duplicate-id",
                        format!("duplicate stage id `{}` in actor `{}`", stage.id, a.id),
                        sp,
                    );
                    issue.label = Some("defined again here".into());
                    issue.first = Some(first.clone());
                } else {
                    first_stage.insert(&stage.id, sp);
                    stages.insert(stage.id.clone(), StageId(n as u16));
                }
                n += 1;
            }
        }
        ActorKeys { stages, campaigns }
    }

    #[allow(clippy::too_many_arguments)]
    fn actor(
        &mut self,
        a: &raw::Actor,
        keys: &ActorKeys,
        indicators: &[Indicator],
        assets: &[Asset],
        turns: Option<u32>,
        path: Path,
    ) -> Actor {
        self.text(&a.name, path.field("name"));
        self.text(&a.description, path.field("description"));
        for (i, t) in a.techniques.iter().enumerate() {
            self.technique(t, path.field("techniques").index(i));
        }
        if a.campaigns.is_empty() {
            self.error(
                "empty-campaigns",
                format!("actor `{}` has no campaign", a.id),
                path.field("campaigns"),
            )
            .hint = Some(
                "an actor acts through campaigns: Campaign(id: …, start: AtTurn(1), stages: [...])"
                    .into(),
            );
        }
        let me = self.keys.actors.get(&a.id).copied();
        let mut campaigns = Vec::new();
        let mut stages = Vec::new();
        for (c, camp) in a.campaigns.iter().enumerate() {
            let cp = path.field("campaigns").index(c);
            self.text(&camp.name, cp.field("name"));
            let start_turn = match camp.start {
                raw::CampaignStart::AtTurn(t) => {
                    self.turn(t, turns, cp.field("start").index(0));
                    Some(t)
                }
                raw::CampaignStart::OnInject => None,
            };
            if camp.stages.is_empty() {
                self.error(
                    "empty-stages",
                    format!("campaign `{}` has no stages", camp.id),
                    cp.field("stages"),
                );
            }
            let mut ids = Vec::new();
            for (s, st) in camp.stages.iter().enumerate() {
                let sp = cp.field("stages").index(s);
                let resolve = |v: &mut Self, key: &str, field: &'static str| -> Option<StageId> {
                    match keys.stages.get(key) {
                        Some(id) => Some(*id),
                        None => {
                            let hint = suggest::hint(
                                key,
                                "stages",
                                keys.stages.keys().map(String::as_str),
                            );
                            let issue = v.error(
                                "unknown-reference",
                                format!("unknown stage `{key}` in actor `{}`", a.id),
                                sp.field(field),
                            );
                            issue.label = Some("no stage of this actor has this id".into());
                            issue.hint = Some(hint);
                            None
                        }
                    }
                };
                let next = match &st.next {
                    Some(k) => resolve(self, k, "next"),
                    None if s + 1 < camp.stages.len() => Some(StageId((stages.len() + 1) as u16)),
                    None => None,
                };
                let on_blocked = st
                    .on_blocked
                    .as_ref()
                    .and_then(|k| resolve(self, k, "on_blocked"));
                if st.on_blocked.as_deref() == Some(st.id.as_str()) {
                    self.error(
                        "self-branch",
                        format!("stage `{}` branches to itself when blocked", st.id),
                        sp.field("on_blocked"),
                    )
                    .hint = Some(
                        "use `attempts` to let a stage retry; `on_blocked` names a different stage"
                            .into(),
                    );
                }
                self.technique(&st.technique, sp.field("technique"));
                self.technique_phase(&st.technique, st.phase, st.impact, sp.field("technique"));
                if attack::technique(&st.technique).is_some()
                    && !a.techniques.contains(&st.technique)
                {
                    self.warn(
                        "technique-not-listed",
                        format!(
                            "stage uses `{}`, which actor `{}` does not list",
                            st.technique, a.id
                        ),
                        sp.field("technique"),
                    )
                    .hint = Some(format!(
                        "add \"{}\" to the actor's `techniques`",
                        st.technique
                    ));
                }
                let targets = self.targets(&st.targets, assets, sp.field("targets"));
                match (st.phase, st.impact) {
                    (Phase::Impact, None) => {
                        self.error("missing-impact", "impact stage without an `impact`", sp.field("phase")).hint =
                            Some("say what it does: impact: Some(Encrypt), Some(Wipe), Some(IcsManipulation)…".into());
                    }
                    (p, Some(_)) if p != Phase::Impact => {
                        self.error("stray-impact", format!("`impact` on a {} stage", p.label()), sp.field("impact")).hint =
                            Some("only stages with phase: Impact do damage; remove it or change the phase".into());
                    }
                    _ => {}
                }
                self.probability(st.success, sp.field("success"));
                if st.attempts == 0 {
                    self.error(
                        "out-of-range",
                        "a stage needs at least 1 attempt",
                        sp.field("attempts"),
                    );
                }
                self.at_most(
                    u64::from(st.attempts),
                    u64::from(MAX_ATTEMPTS),
                    "a stage's `attempts`",
                    sp.field("attempts"),
                );
                let mut inds = Vec::new();
                for (i, k) in st.indicators.iter().enumerate() {
                    if let Some(id) = self.indicator_ref(k, sp.field("indicators").index(i)) {
                        if let (Some(owner), Some(me)) =
                            (indicators.get(id.index()).and_then(|x| x.actor), me)
                            && owner != me
                        {
                            self.warn(
                                "indicator-of-other-actor",
                                format!("indicator `{k}` is attributed to another actor"),
                                sp.field("indicators").index(i),
                            )
                            .hint = Some(format!(
                                "set its `actor` to Some(\"{}\") or use an indicator of this actor",
                                a.id
                            ));
                        }
                        inds.push(id);
                    }
                }
                ids.push(StageId(stages.len() as u16));
                stages.push(Stage {
                    key: st.id.clone(),
                    campaign: CampaignId(c as u16),
                    phase: st.phase,
                    technique: st.technique.clone(),
                    targets,
                    impact: st.impact,
                    success: st.success,
                    attempts: st.attempts.max(1),
                    indicators: inds,
                    next,
                    on_blocked,
                });
            }
            campaigns.push(Campaign {
                key: camp.id.clone(),
                name: camp.name.clone(),
                start_turn,
                stages: ids,
            });
        }
        // `next` and `on_blocked` must stay inside their campaign: a campaign is one thread of
        // activity, and an inject can start or speed up one without touching another.
        for (i, st) in stages.iter().enumerate() {
            for (field, target) in [("next", st.next), ("on_blocked", st.on_blocked)] {
                if let Some(t) = target
                    && stages
                        .get(t.index())
                        .is_some_and(|o| o.campaign != st.campaign)
                {
                    let (c, s) = locate_stage(a, i);
                    self.error(
                        "cross-campaign",
                        format!("stage `{}` leads into another campaign", st.key),
                        path.field("campaigns")
                            .index(c)
                            .field("stages")
                            .index(s)
                            .field(field),
                    )
                    .hint = Some("`next` and `on_blocked` name stages of the same campaign".into());
                }
            }
        }
        self.unreachable_stages(a, &campaigns, &stages, &path);
        Actor {
            key: a.id.clone(),
            name: a.name.clone(),
            aliases: a.aliases.clone(),
            motivation: a.motivation,
            description: a.description.clone(),
            techniques: a.techniques.clone(),
            campaigns,
            stages,
        }
    }

    fn targets(&mut self, t: &raw::Targets, assets: &[Asset], path: Path) -> Targets {
        match t {
            raw::Targets::Assets(list) => {
                if list.is_empty() {
                    self.error("no-targets", "stage targets no asset", path.clone())
                        .hint = Some("name assets, use Select(…) or Reachable".into());
                }
                Targets::Assets(
                    list.iter()
                        .enumerate()
                        .filter_map(|(i, k)| self.asset_ref(k, path.index(0).index(i)))
                        .collect(),
                )
            }
            raw::Targets::Select {
                nation,
                sector,
                kind,
                zone,
            } => {
                let nation_id = nation
                    .as_ref()
                    .and_then(|n| self.nation_ref(n, path.field("nation")));
                let t = Targets::Select {
                    nation: nation_id,
                    sector: *sector,
                    kind: *kind,
                    zone: *zone,
                };
                let nation_ok = nation.is_none() || nation_id.is_some();
                if nation_ok
                    && !assets
                        .iter()
                        .enumerate()
                        .any(|(i, a)| t.admits(AssetId::from_usize(i), a))
                {
                    self.error("no-targets", "this selection matches no asset", path)
                        .hint =
                        Some("loosen it: every field given must match the same asset".into());
                }
                t
            }
            raw::Targets::Reachable => Targets::Reachable,
        }
    }

    fn objective(&mut self, o: &raw::Objective, path: Path) -> Objective {
        self.text(&o.text, path.field("text"));
        let team = o
            .team
            .as_ref()
            .and_then(|t| self.team_ref(t, path.field("team")));
        match &o.measure {
            raw::Measure::Availability { percent, .. } | raw::Measure::ExpectedActions(percent)
                if !(1..=100).contains(percent) =>
            {
                self.error(
                    "out-of-range",
                    format!("{percent}% is not between 1 and 100"),
                    path.field("measure"),
                )
                .hint = Some("a percentage from 1 to 100".into());
            }
            raw::Measure::TimeToDetect(0)
            | raw::Measure::TimeToContain(0)
            | raw::Measure::TimeToShare(0) => {
                self.warn(
                    "zero-target",
                    "a target of 0 turns can only be met in the same turn",
                    path.field("measure"),
                );
            }
            _ => {}
        }
        Objective {
            key: o.id.clone(),
            text: o.text.clone(),
            capability: o.capability,
            team,
            measure: o.measure.clone(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn inject(
        &mut self,
        x: &raw::Inject,
        actor_keys: &[ActorKeys],
        actors: &[Actor],
        assets: &[Asset],
        indicators: &[Indicator],
        turns: Option<u32>,
        path: Path,
    ) -> Inject {
        let tp = path.field("trigger");
        let trigger = match &x.trigger {
            raw::Trigger::AtTurn(t) => {
                self.turn(*t, turns, tp.index(0));
                Trigger::AtTurn(*t)
            }
            raw::Trigger::After { inject, delay } => {
                self.at_most(
                    u64::from(*delay),
                    u64::from(MAX_TURNS),
                    "`delay`",
                    tp.field("delay"),
                );
                let id = self.inject_ref(inject, tp.field("inject"));
                Trigger::After {
                    inject: id.unwrap_or(InjectId(u32::MAX)),
                    delay: *delay,
                }
            }
            raw::Trigger::When(c) => Trigger::When(self.condition(c, actor_keys, tp.index(0))),
            raw::Trigger::Missed { inject, by_turn } => {
                self.turn(*by_turn, turns, tp.field("by_turn"));
                let id = self.inject_ref(inject, tp.field("inject"));
                if let Some(id) = id
                    && self
                        .raw
                        .injects
                        .get(id.index())
                        .is_some_and(|i| i.expected.is_empty())
                {
                    let issue = self.error("never-fires", format!("contingency on `{inject}` can never fire: that inject expects no action"), tp.field("inject"));
                    issue.hint = Some(format!(
                        "add `expected` actions to `{inject}`, or trigger this inject another way"
                    ));
                }
                Trigger::Missed {
                    inject: id.unwrap_or(InjectId(u32::MAX)),
                    by_turn: *by_turn,
                }
            }
        };
        if let Some(from) = &x.from {
            self.text(from, path.field("from"));
        }
        let to = match &x.to {
            raw::Audience::All => Audience::All,
            raw::Audience::Facilitator => Audience::Facilitator,
            raw::Audience::Team(t) => Audience::Team(
                self.team_ref(t, path.field("to").index(0))
                    .unwrap_or(TeamId(0)),
            ),
            raw::Audience::Role { team, role } => {
                let t = self.team_ref(team, path.field("to").field("team"));
                if let Some(t) = t
                    && !self.raw.teams[t.index()].roles.contains(role)
                {
                    self.error(
                        "unknown-role",
                        format!("team `{team}` has no {} role", role.label()),
                        path.field("to").field("role"),
                    )
                    .hint = Some(
                        "add the role to the team's `roles`, or send it to the whole team".into(),
                    );
                }
                Audience::Role(t.unwrap_or(TeamId(0)), *role)
            }
        };
        self.text(&x.title, path.field("title"));
        self.text(&x.text, path.field("text"));
        let mut expected = Vec::with_capacity(x.expected.len());
        for (i, e) in x.expected.iter().enumerate() {
            let ep = path.field("expected").index(i);
            let team = self.team_ref(&e.team, ep.field("team"));
            let target = self.expected_target(e, team, assets, indicators, &ep);
            self.at_most(
                u64::from(e.within),
                u64::from(MAX_TURNS),
                "`within`",
                ep.field("within"),
            );
            if let Some(turns) = turns
                && let raw::Trigger::AtTurn(t) = x.trigger
                && e.within <= MAX_TURNS
                && t.saturating_add(e.within) > turns
            {
                self.warn(
                    "deadline-after-end",
                    format!(
                        "expected by turn {}, after the last turn ({turns})",
                        t.saturating_add(e.within)
                    ),
                    ep.field("within"),
                )
                .hint = Some("shorten `within`, or nobody can be rated on it".into());
            }
            expected.push(Expected {
                team: team.unwrap_or(TeamId(0)),
                action: e.action,
                target,
                within: e.within,
            });
        }
        let effects = x
            .effects
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                self.effect(
                    e,
                    actor_keys,
                    actors,
                    assets,
                    path.field("effects").index(i),
                )
            })
            .collect();
        let objectives = x
            .objectives
            .iter()
            .enumerate()
            .filter_map(|(i, o)| self.objective_ref(o, path.field("objectives").index(i)))
            .collect();
        Inject {
            key: x.id.clone(),
            trigger,
            from: x.from.clone(),
            to,
            channel: x.channel,
            title: x.title.clone(),
            text: x.text.clone(),
            expected,
            effects,
            objectives,
            held: x.held,
        }
    }

    fn expected_target(
        &mut self,
        e: &raw::Expected,
        team: Option<TeamId>,
        assets: &[Asset],
        indicators: &[Indicator],
        ep: &Path,
    ) -> Option<Target> {
        let tp = ep.field("target");
        let key = e.target.as_deref()?;
        match e.action.target() {
            TargetKind::None => {
                self.error(
                    "stray-target",
                    format!("`{}` takes no target", e.action.name()),
                    tp,
                )
                .hint = Some("remove `target`".into());
                None
            }
            TargetKind::Asset => {
                let id = self.asset_ref(key, tp.clone())?;
                // A team acts on its own nation's assets only; the partner acts through requests
                // and joint operations, so an MSEL expecting otherwise could never be met.
                if let (Some(team), Some(asset)) = (team, assets.get(id.index()))
                    && asset.owner != team
                {
                    let owner = &self.raw.teams[asset.owner.index()];
                    let issue = self.error(
                        "foreign-target",
                        format!(
                            "team `{}` cannot {} `{key}`, an asset of {}",
                            e.team,
                            e.action.label(),
                            owner.nation
                        ),
                        tp,
                    );
                    issue.hint = Some(format!(
                        "expect it of team `{}`, or expect `RequestAssistance` from `{}`",
                        owner.id, e.team
                    ));
                }
                Some(Target::Asset(id))
            }
            TargetKind::Indicator => {
                let _ = indicators;
                self.indicator_ref(key, tp).map(Target::Indicator)
            }
        }
    }

    fn campaign_ref(
        &mut self,
        actor: &str,
        campaign: &str,
        actor_keys: &[ActorKeys],
        path: &Path,
    ) -> Option<(ActorId, CampaignId)> {
        let a = self.actor_ref(actor, path.field("actor"))?;
        let keys = &actor_keys[a.index()];
        match keys.campaigns.get(campaign) {
            Some(c) => Some((a, *c)),
            None => {
                let hint = suggest::hint(
                    campaign,
                    "campaigns",
                    keys.campaigns.keys().map(String::as_str),
                );
                let issue = self.error(
                    "unknown-reference",
                    format!("actor `{actor}` has no campaign `{campaign}`"),
                    path.field("campaign"),
                );
                issue.hint = Some(hint);
                None
            }
        }
    }

    fn effect(
        &mut self,
        e: &raw::Effect,
        actor_keys: &[ActorKeys],
        actors: &[Actor],
        assets: &[Asset],
        path: Path,
    ) -> Option<Effect> {
        Some(match e {
            raw::Effect::StartCampaign { actor, campaign } => {
                let (a, c) = self.campaign_ref(actor, campaign, actor_keys, &path)?;
                if actors
                    .get(a.index())
                    .and_then(|x| x.campaigns.get(c.index()))
                    .is_some_and(|c| c.start_turn.is_some())
                {
                    self.warn(
                        "already-scheduled",
                        format!("campaign `{campaign}` already starts on its own"),
                        path.clone(),
                    )
                    .hint =
                        Some("give it start: OnInject if only this inject should start it".into());
                }
                Effect::StartCampaign(a, c)
            }
            raw::Effect::Accelerate {
                actor,
                campaign,
                attempts,
            } => {
                let (a, c) = self.campaign_ref(actor, campaign, actor_keys, &path)?;
                if *attempts == 0 {
                    self.error(
                        "out-of-range",
                        "accelerating by 0 attempts does nothing",
                        path.field("attempts"),
                    );
                }
                self.at_most(
                    u64::from(*attempts),
                    u64::from(MAX_ATTEMPTS),
                    "`Accelerate` attempts",
                    path.field("attempts"),
                );
                Effect::Accelerate(a, c, *attempts)
            }
            raw::Effect::Compromise { asset, actor } => {
                let x = self.asset_ref(asset, path.field("asset"));
                let y = self.actor_ref(actor, path.field("actor"));
                Effect::Compromise(x?, y?)
            }
            raw::Effect::Outage { asset, turns } => {
                let x = self.asset_ref(asset, path.field("asset"))?;
                if *turns == 0 {
                    self.error(
                        "out-of-range",
                        "an outage of 0 turns does nothing",
                        path.field("turns"),
                    );
                }
                self.at_most(
                    u64::from(*turns),
                    u64::from(MAX_TURNS),
                    "an `Outage`'s `turns`",
                    path.field("turns"),
                );
                Effect::Outage(x, *turns)
            }
            raw::Effect::Reveal {
                team,
                indicator,
                tlp,
            } => {
                let t = self.team_ref(team, path.field("team"));
                let i = self.indicator_ref(indicator, path.field("indicator"));
                Effect::Reveal(t?, i?, *tlp)
            }
            raw::Effect::Alert { team, asset } => {
                let t = self.team_ref(team, path.field("team"));
                let x = self.asset_ref(asset, path.field("asset"));
                let (t, x) = (t?, x?);
                if assets.get(x.index()).is_some_and(|a| a.owner != t) {
                    self.error(
                        "foreign-target",
                        format!(
                            "team `{team}` has no sensors on `{asset}`, an asset of another nation"
                        ),
                        path.field("asset"),
                    )
                    .hint = Some(
                        "alert the team that owns the asset, or use Reveal to pass an indicator"
                            .into(),
                    );
                }
                Effect::Alert(t, x)
            }
            raw::Effect::DisableControl { asset, control } => {
                let x = self.asset_ref(asset, path.field("asset"))?;
                if assets.get(x.index()).is_some_and(|a| !a.has(*control)) {
                    self.warn(
                        "missing-control",
                        format!("`{asset}` has no {} to disable", control.label()),
                        path.field("control"),
                    );
                }
                Effect::DisableControl(x, *control)
            }
        })
    }

    fn condition(&mut self, c: &raw::Condition, actor_keys: &[ActorKeys], path: Path) -> Condition {
        let placeholder = Condition::All(Vec::new());
        match c {
            raw::Condition::Compromised(a) => self
                .asset_ref(a, path.index(0))
                .map_or(placeholder, Condition::Compromised),
            raw::Condition::ServiceDown(a) => self
                .asset_ref(a, path.index(0))
                .map_or(placeholder, Condition::ServiceDown),
            raw::Condition::Fired(i) => self
                .inject_ref(i, path.index(0))
                .map_or(placeholder, Condition::Fired),
            raw::Condition::StageReached { actor, stage } => {
                let Some(a) = self.actor_ref(actor, path.field("actor")) else {
                    return placeholder;
                };
                match actor_keys[a.index()].stages.get(stage) {
                    Some(s) => Condition::StageReached(a, *s),
                    None => {
                        let hint = suggest::hint(
                            stage,
                            "stages",
                            actor_keys[a.index()].stages.keys().map(String::as_str),
                        );
                        self.error(
                            "unknown-reference",
                            format!("actor `{actor}` has no stage `{stage}`"),
                            path.field("stage"),
                        )
                        .hint = Some(hint);
                        placeholder
                    }
                }
            }
            raw::Condition::Detected { team, asset } => {
                let t = self.team_ref(team, path.field("team"));
                let a = self.asset_ref(asset, path.field("asset"));
                match (t, a) {
                    (Some(t), Some(a)) => Condition::Detected(t, a),
                    _ => placeholder,
                }
            }
            raw::Condition::Shared { team, indicator } => {
                let t = self.team_ref(team, path.field("team"));
                let i = self.indicator_ref(indicator, path.field("indicator"));
                match (t, i) {
                    (Some(t), Some(i)) => Condition::Shared(t, i),
                    _ => placeholder,
                }
            }
            raw::Condition::AvailabilityBelow {
                nation,
                sector,
                percent,
            } => {
                let t = self.nation_ref(nation, path.field("nation"));
                if *percent == 0 || *percent > 100 {
                    self.error(
                        "never-fires",
                        format!("availability can never be below {percent}%"),
                        path.field("percent"),
                    )
                    .hint = Some("a percentage from 1 to 100".into());
                }
                t.map_or(placeholder, |t| {
                    Condition::AvailabilityBelow(t, *sector, *percent)
                })
            }
            raw::Condition::All(list) | raw::Condition::Any(list) => {
                let is_any = matches!(c, raw::Condition::Any(_));
                if list.is_empty() {
                    let (msg, hint) = if is_any {
                        ("`Any([])` never holds", "list at least one condition")
                    } else {
                        (
                            "`All([])` always holds",
                            "list at least one condition, or use AtTurn(1)",
                        )
                    };
                    let code = if is_any {
                        "never-fires"
                    } else {
                        "empty-condition"
                    };
                    self.error(code, msg, path.clone()).hint = Some(hint.into());
                }
                let parts = list
                    .iter()
                    .enumerate()
                    .map(|(i, x)| self.condition(x, actor_keys, path.index(0).index(i)))
                    .collect();
                if is_any {
                    Condition::Any(parts)
                } else {
                    Condition::All(parts)
                }
            }
            raw::Condition::Not(inner) => {
                Condition::Not(Box::new(self.condition(inner, actor_keys, path.index(0))))
            }
        }
    }

    /// Trigger cycles and injects that can never fire, over the graph of "waits on" edges.
    fn inject_graph(&mut self, injects: &[Inject], turns: Option<u32>, list: &Path) {
        let n = injects.len();
        let valid = |id: InjectId| id.index() < n;
        // waits[i] = the injects i's trigger waits on (After, Missed, Fired in a condition)
        let waits: Vec<Vec<InjectId>> = injects
            .iter()
            .map(|x| match &x.trigger {
                Trigger::After { inject, .. } | Trigger::Missed { inject, .. } => vec![*inject],
                Trigger::When(c) => {
                    let mut v = Vec::new();
                    fired_refs(c, &mut v);
                    v
                }
                Trigger::AtTurn(_) => Vec::new(),
            })
            .map(|v| v.into_iter().filter(|i| valid(*i)).collect())
            .collect();
        let mut g: DiGraph<(), ()> = DiGraph::with_capacity(n, n);
        let nodes: Vec<_> = (0..n).map(|_| g.add_node(())).collect();
        for (i, w) in waits.iter().enumerate() {
            for j in w {
                g.add_edge(nodes[i], nodes[j.index()], ());
            }
        }
        let mut in_cycle = vec![false; n];
        for scc in petgraph::algo::tarjan_scc(&g) {
            let self_loop = scc.len() == 1
                && waits[scc[0].index()]
                    .iter()
                    .any(|j| j.index() == scc[0].index());
            if scc.len() < 2 && !self_loop {
                continue;
            }
            let mut members: Vec<usize> = scc.iter().map(|x| x.index()).collect();
            members.sort_unstable();
            for &m in &members {
                in_cycle[m] = true;
            }
            // Walk the cycle from its first member so the message reads in trigger order.
            let mut order = vec![members[0]];
            let mut at = members[0];
            while let Some(next) = waits[at]
                .iter()
                .map(|j| j.index())
                .find(|j| members.contains(j) && !order.contains(j))
            {
                order.push(next);
                at = next;
            }
            order.push(members[0]);
            let names: Vec<&str> = order.iter().map(|&i| injects[i].key.as_str()).collect();
            let issue = self.error(
                "trigger-cycle",
                format!("inject trigger cycle: {}", names.join(" → ")),
                list.index(members[0]).field("trigger"),
            );
            issue.label = Some("waits on an inject that waits on it".into());
            issue.hint = Some(
                "one inject in the cycle must fire on its own: give it AtTurn(…) or a condition"
                    .into(),
            );
        }
        let Some(turns) = turns else { return };
        // Earliest turn each inject can fire; None = never.
        let mut earliest: Vec<Option<Option<u32>>> = vec![None; n];
        fn visit(
            i: usize,
            injects: &[Inject],
            n: usize,
            in_cycle: &[bool],
            memo: &mut [Option<Option<u32>>],
            depth: usize,
        ) -> Option<u32> {
            if let Some(m) = memo[i] {
                return m;
            }
            if in_cycle[i] || depth > n {
                return None;
            }
            let at = |j: InjectId, memo: &mut [Option<Option<u32>>]| {
                if j.index() < n {
                    visit(j.index(), injects, n, in_cycle, memo, depth + 1)
                } else {
                    None
                }
            };
            let e = match &injects[i].trigger {
                Trigger::AtTurn(t) => Some(*t),
                Trigger::After { inject, delay } => {
                    at(*inject, memo).map(|t| t.saturating_add(*delay))
                }
                // A contingency fires at its deadline, once the inject it watches has fired.
                Trigger::Missed { inject, by_turn } => {
                    at(*inject, memo).filter(|t| t <= by_turn).map(|_| *by_turn)
                }
                Trigger::When(c) => cond_earliest(c, &mut |j| at(j, memo)),
            };
            memo[i] = Some(e);
            e
        }
        for i in 0..n {
            if in_cycle[i] {
                continue;
            }
            let e = visit(i, injects, n, &in_cycle, &mut earliest, 0);
            let why = match (&injects[i].trigger, e) {
                (Trigger::AtTurn(_), _) => continue, // reported as a turn out of range
                (_, Some(t)) if t <= turns => continue,
                (Trigger::After { inject, delay }, Some(t)) => format!(
                    "it follows `{}` by {delay} turn{}, which puts it at turn {t} at the earliest, after the last turn ({turns})",
                    key_of(injects, *inject),
                    if *delay == 1 { "" } else { "s" }
                ),
                (Trigger::After { inject, .. } | Trigger::Missed { inject, .. }, None)
                    if valid(*inject) && !in_cycle[inject.index()] =>
                {
                    format!(
                        "it waits on `{}`, which can never fire",
                        key_of(injects, *inject)
                    )
                }
                (Trigger::Missed { inject, by_turn }, None)
                    if valid(*inject) && !in_cycle[inject.index()] =>
                {
                    format!(
                        "`{}` cannot have fired by turn {by_turn}",
                        key_of(injects, *inject)
                    )
                }
                (Trigger::When(_), None) => {
                    "its condition waits on injects that can never fire".to_owned()
                }
                _ => continue, // the reference or the cycle was reported already
            };
            let issue = self.error(
                "never-fires",
                format!("inject `{}` can never fire", injects[i].key),
                list.index(i).field("trigger"),
            );
            issue.label = Some(why);
            issue.hint =
                Some("move it earlier, or trigger it at a turn inside the exercise".into());
        }
    }

    fn unused(&mut self, actors: &[Actor], injects: &[Inject], objectives: &[Objective]) {
        let root = Path::root();
        for (a, actor) in actors.iter().enumerate() {
            for (c, camp) in actor.campaigns.iter().enumerate() {
                let started = injects.iter().flat_map(|i| &i.effects).any(|e| matches!(e, Effect::StartCampaign(x, y) if x.index() == a && y.index() == c));
                if camp.start_turn.is_none() && !started {
                    self.warn(
                        "never-starts",
                        format!("campaign `{}` never starts", camp.key),
                        root.field("actors")
                            .index(a)
                            .field("campaigns")
                            .index(c)
                            .field("start"),
                    )
                    .hint = Some(
                        "no inject has a StartCampaign effect for it; give it AtTurn(…) or add one"
                            .into(),
                    );
                }
            }
        }
        for (o, obj) in objectives.iter().enumerate() {
            let used = injects
                .iter()
                .any(|i| i.objectives.iter().any(|x| x.index() == o));
            if !used {
                self.warn("unexercised-objective", format!("no inject exercises objective `{}`", obj.key), root.field("objectives").index(o).field("id")).hint =
                    Some("list it in the `objectives` of the injects that test it, so the report can trace it".into());
            }
        }
    }
}

fn fired_refs(c: &Condition, out: &mut Vec<InjectId>) {
    match c {
        Condition::Fired(i) => out.push(*i),
        Condition::All(v) | Condition::Any(v) => v.iter().for_each(|x| fired_refs(x, out)),
        Condition::Not(x) => fired_refs(x, out),
        _ => {}
    }
}

/// Earliest turn a condition can hold: world conditions may hold from turn 1.
fn cond_earliest(c: &Condition, at: &mut dyn FnMut(InjectId) -> Option<u32>) -> Option<u32> {
    match c {
        Condition::Fired(i) => at(*i),
        Condition::All(v) => v
            .iter()
            .try_fold(1u32, |acc, x| cond_earliest(x, at).map(|t| acc.max(t))),
        Condition::Any(v) => v.iter().filter_map(|x| cond_earliest(x, at)).min(),
        // `Not(Fired(x))` holds from turn 1 whether or not x ever fires.
        Condition::Not(_) => Some(1),
        _ => Some(1),
    }
}

fn key_of(injects: &[Inject], id: InjectId) -> &str {
    injects.get(id.index()).map_or("?", |i| i.key.as_str())
}

impl Validator<'_> {
    /// Warns of stages no run can reach: a campaign starts at its first stage and moves only
    /// by `next` (by default the stage after) and `on_blocked`, so a stage behind a `next`
    /// that loops back is dead text that a planner believes will play.
    fn unreachable_stages(
        &mut self,
        a: &raw::Actor,
        campaigns: &[Campaign],
        stages: &[Stage],
        path: &Path,
    ) {
        let mut reached = vec![false; stages.len()];
        for camp in campaigns {
            let mut todo: Vec<StageId> = camp.stages.first().copied().into_iter().collect();
            while let Some(s) = todo.pop() {
                let Some(seen) = reached.get_mut(s.index()) else {
                    continue;
                };
                if std::mem::replace(seen, true) {
                    continue;
                }
                if let Some(st) = stages.get(s.index()) {
                    todo.extend(st.next);
                    todo.extend(st.on_blocked);
                }
            }
        }
        for (i, st) in stages.iter().enumerate() {
            if reached.get(i).copied().unwrap_or(true) {
                continue;
            }
            let (c, s) = locate_stage(a, i);
            let before = s
                .checked_sub(1)
                .and_then(|b| a.campaigns.get(c)?.stages.get(b));
            let why = match before.and_then(|b| b.next.as_deref()) {
                Some(n) => format!(
                    "the stage before it, `{}`, goes on to `{n}`; ",
                    before.map_or("", |b| b.id.as_str())
                ),
                None => String::new(),
            };
            let campaign = a.campaigns.get(c).map_or("", |k| k.id.as_str());
            self.warn(
                "unreachable-stage",
                format!(
                    "stage `{}` of campaign `{campaign}` can never be reached",
                    st.key
                ),
                path.field("campaigns").index(c).field("stages").index(s),
            )
            .hint = Some(format!(
                "{why}a campaign starts at its first stage and moves only by `next` and `on_blocked`; name `{}` in one of them, or remove it",
                st.key
            ));
        }
    }
}

fn locate_stage(a: &raw::Actor, flat: usize) -> (usize, usize) {
    let mut n = flat;
    for (c, camp) in a.campaigns.iter().enumerate() {
        if n < camp.stages.len() {
            return (c, n);
        }
        n -= camp.stages.len();
    }
    (0, 0)
}

fn cycle_names(
    scc: &[petgraph::graph::NodeIndex],
    back: &BTreeMap<petgraph::graph::NodeIndex, AssetId>,
    raw: &raw::Scenario,
) -> String {
    let mut names: Vec<&str> = scc
        .iter()
        .filter_map(|n| back.get(n))
        .filter_map(|a| raw.assets.get(a.index()))
        .map(|a| a.id.as_str())
        .collect();
    names.sort_unstable();
    let first = names.first().copied().unwrap_or("?");
    names.push(first);
    names.join(" → ")
}

/// Letters, digits, `-`, `_`, `.`; starts with a letter or digit; at most 64 characters.
fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.starts_with(|c: char| c.is_ascii_alphanumeric())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn is_nation(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase())
}

fn placeholder_meta() -> Meta {
    Meta {
        id: String::new(),
        title: Text::default(),
        summary: Text::default(),
        handling: Text::default(),
        tlp: crate::vocab::Tlp::Clear,
        authors: Vec::new(),
        version: String::new(),
    }
}

trait FromUsize {
    fn from_usize(i: usize) -> Self;
}

macro_rules! from_usize {
    ($($t:ident($int:ty)),*) => {$(
        impl FromUsize for $t {
            fn from_usize(i: usize) -> Self {
                $t(i as $int)
            }
        }
    )*};
}
from_usize!(
    TeamId(u16),
    AssetId(u32),
    IndicatorId(u32),
    ActorId(u16),
    InjectId(u32),
    ObjectiveId(u16)
);
