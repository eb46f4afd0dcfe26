//! Orders files: the scripted orders `jointex run` gives, turn by turn, as RON.
//!
//! Loading takes the same two steps as a scenario. The text is parsed into raw serde types
//! that refuse unknown fields and hold ids as strings; [`load`] then resolves every id
//! against the [`Scenario`] into engine [`Order`]s and collects *every* problem, each located
//! with a line, a column and a hint, rendered exactly like `jointex check` renders a
//! scenario's. What is checked here is what can be known before the exercise runs (ids,
//! ownership, turns); whether an order can be carried out on the day (action points, what a
//! team knows) is the engine's call, made when the order is given. `docs/orders.md` is the
//! reference for the format.

use std::fmt;
use std::ops::Range;

use crate::{AdHocInject, FacilitatorOrder, Share, TeamOrder};
use jointex_scenario::diag::Diagnostic;
use jointex_scenario::model::{ActorId, AssetId, IndicatorId, InjectId, TeamId};
use jointex_scenario::spans::{Path, SpanIndex};
use jointex_scenario::vocab::{Channel, Tlp};
use jointex_scenario::{Lang, Scenario, Text, ron_error, suggest};
use serde::Deserialize;
use serde::de::{MapAccess, Visitor};

/// An orders file resolved against its scenario: what to give, when, and where it was written.
#[derive(Clone, Debug, Default)]
pub struct Script {
    /// Policies the file sets per team, in file order (the command line may override them).
    pub policies: Vec<(TeamId, String)>,
    /// Scripted turns, in ascending turn order, each turn at most once.
    pub turns: Vec<ScriptTurn>,
}

/// The scripted orders of one turn.
#[derive(Clone, Debug, Default)]
pub struct ScriptTurn {
    /// The turn (1-based).
    pub turn: u32,
    /// Facilitator orders, given before any team's, in file order.
    pub facilitator: Vec<Scripted<FacilitatorOrder>>,
    /// Team orders, in file order.
    pub orders: Vec<Scripted<(TeamId, TeamOrder)>>,
}

/// An order with the place in the file it came from, for warnings during the run.
#[derive(Clone, Debug)]
pub struct Scripted<T> {
    /// The order.
    pub order: T,
    /// Byte range of the order's entry in the file.
    pub span: Range<usize>,
}

impl Script {
    /// The scripted orders of a turn, if the file has any.
    pub fn turn(&self, turn: u32) -> Option<&ScriptTurn> {
        self.turns.iter().find(|t| t.turn == turn)
    }
}

/// Parses and resolves an orders file. On failure returns every problem, in file order.
pub fn load(text: &str, scenario: &Scenario) -> Result<Script, Vec<Diagnostic>> {
    // An invisible byte-order mark is skipped, and spans stay relative to the text as given.
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let body = &text[bom..];
    let shift = |r: Range<usize>| r.start + bom..r.end + bom;
    let raw: RawOrders = match ron::Options::default().from_str(body) {
        Ok(raw) => raw,
        Err(e) => {
            let mut d = ron_error::diagnostic(body, &e, &ORDERS);
            d.span = d.span.map(shift);
            return Err(vec![d]);
        }
    };
    let index = SpanIndex::new(body);
    let mut r = Resolver {
        s: scenario,
        index: &index,
        text: body,
        diags: Vec::new(),
    };
    let script = r.script(&raw);
    if r.diags.is_empty() {
        let mut script = script;
        for t in &mut script.turns {
            for f in &mut t.facilitator {
                f.span = shift(f.span.clone());
            }
            for o in &mut t.orders {
                o.span = shift(o.span.clone());
            }
        }
        Ok(script)
    } else {
        let mut diags = r.diags;
        for d in &mut diags {
            d.span = d.span.take().map(shift);
        }
        // File order; the sort is stable, so problems at one place keep the order found.
        diags.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
        Err(diags)
    }
}

/// `file:line:column` of a byte offset, as the diagnostics print it.
pub fn location(file: &str, source: &str, span: &Range<usize>) -> String {
    let at = Diagnostic::error("location", "").at(span.clone());
    let l = at.locate(file, source);
    match (l.line, l.column) {
        (Some(line), Some(col)) => format!("{file}:{line}:{col}"),
        _ => file.to_owned(),
    }
}

/// A team order in words, with the scenario's ids: `isolate us-water-scada`.
pub fn describe_team_order(o: &TeamOrder, s: &Scenario) -> String {
    let asset = |a: &AssetId| {
        s.assets
            .get(a.index())
            .map_or_else(|| format!("asset #{}", a.0), |x| x.key.clone())
    };
    let indicators = |v: &[IndicatorId]| {
        v.iter()
            .map(|i| indicator_key(s, *i))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match o {
        TeamOrder::Investigate(a)
        | TeamOrder::Isolate(a)
        | TeamOrder::Reconnect(a)
        | TeamOrder::Patch(a)
        | TeamOrder::ResetCredentials(a)
        | TeamOrder::Restore(a)
        | TeamOrder::DeploySensor(a) => format!("{} {}", asset_verb(o), asset(a)),
        TeamOrder::Hunt(i) => format!("hunt {}", indicator_key(s, *i)),
        TeamOrder::Block(i) => format!("block {}", indicator_key(s, *i)),
        TeamOrder::Share(sh) => {
            let to = if sh.to.is_empty() {
                "every partner".to_owned()
            } else {
                sh.to
                    .iter()
                    .map(|t| team_key(s, *t))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let what = if sh.indicators.is_empty() {
                "a note".to_owned()
            } else {
                indicators(&sh.indicators)
            };
            format!("share {what} with {to} as {}", sh.tlp.label())
        }
        TeamOrder::RequestAssistance(_) => "request assistance".to_owned(),
        TeamOrder::ProvideAssistance(t) => format!("assist {}", team_key(s, *t)),
        TeamOrder::JointOperation(a) => format!("join an operation against {}", actor_key(s, *a)),
        TeamOrder::PublicAdvisory(v) => format!("publish an advisory on {}", indicators(v)),
    }
}

/// A facilitator order in words: `hold INJ-16`.
pub fn describe_facilitator_order(o: &FacilitatorOrder, s: &Scenario) -> String {
    match o {
        FacilitatorOrder::Hold(i) => format!("hold {}", inject_key(s, *i)),
        FacilitatorOrder::Release(i) => format!("release {}", inject_key(s, *i)),
        FacilitatorOrder::FireNow(i) => format!("fire {} now", inject_key(s, *i)),
        FacilitatorOrder::AdHoc(a) => format!(
            "send an ad-hoc inject to {}: {}",
            a.to.map_or_else(|| "every team".to_owned(), |t| team_key(s, t)),
            a.title.get(Lang::En)
        ),
        FacilitatorOrder::Pause => "pause".to_owned(),
        FacilitatorOrder::Resume => "resume".to_owned(),
        FacilitatorOrder::AllowTlpViolations(true) => "allow TLP violations".to_owned(),
        FacilitatorOrder::AllowTlpViolations(false) => "refuse TLP violations".to_owned(),
    }
}

/// A team's id, or `team #n` for an index the scenario does not have.
pub fn team_key(s: &Scenario, t: TeamId) -> String {
    s.teams
        .get(t.index())
        .map_or_else(|| format!("team #{}", t.0), |x| x.key.clone())
}

/// An indicator's id.
pub fn indicator_key(s: &Scenario, i: IndicatorId) -> String {
    s.indicators
        .get(i.index())
        .map_or_else(|| format!("indicator #{}", i.0), |x| x.key.clone())
}

/// An actor's id.
pub fn actor_key(s: &Scenario, a: ActorId) -> String {
    s.actors
        .get(a.index())
        .map_or_else(|| format!("actor #{}", a.0), |x| x.key.clone())
}

/// An inject's MSEL id.
pub fn inject_key(s: &Scenario, i: InjectId) -> String {
    s.injects
        .get(i.index())
        .map_or_else(|| format!("inject #{}", i.0), |x| x.key.clone())
}

/// The verb of an order on one asset, as the sentence before the asset's id.
fn asset_verb(o: &TeamOrder) -> &'static str {
    match o {
        TeamOrder::Investigate(_) => "investigate",
        TeamOrder::Isolate(_) => "isolate",
        TeamOrder::Reconnect(_) => "reconnect",
        TeamOrder::Patch(_) => "patch",
        TeamOrder::ResetCredentials(_) => "reset credentials on",
        TeamOrder::Restore(_) => "restore",
        TeamOrder::DeploySensor(_) => "deploy a sensor on",
        _ => "act on",
    }
}

// ---------------------------------------------------------------------------------------------
// Raw file types: what the text says, ids as strings.
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(rename = "Orders", deny_unknown_fields)]
struct RawOrders {
    #[serde(default)]
    policies: PolicyMap,
    #[serde(default)]
    turns: Vec<RawTurn>,
}

/// `{ "us": "by-the-book" }`, kept in file order (and with repeats) so each entry can be
/// located and a repeat reported.
#[derive(Debug, Default)]
struct PolicyMap(Vec<(String, String)>);

impl<'de> Deserialize<'de> for PolicyMap {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = PolicyMap;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of team ids to policy names, such as { \"us\": \"idle\" }")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PolicyMap, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, String>()? {
                    out.push(entry);
                }
                Ok(PolicyMap(out))
            }
        }
        d.deserialize_map(V)
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename = "Turn", deny_unknown_fields)]
struct RawTurn {
    turn: u32,
    #[serde(default)]
    facilitator: Vec<RawFacilitatorOrder>,
    #[serde(default)]
    orders: Vec<RawEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(rename = "Order", deny_unknown_fields)]
struct RawEntry {
    team: String,
    order: RawTeamOrder,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
enum RawTeamOrder {
    Investigate(String),
    Hunt(String),
    Isolate(String),
    Reconnect(String),
    Patch(String),
    ResetCredentials(String),
    Restore(String),
    DeploySensor(String),
    Block(String),
    Share {
        #[serde(default)]
        to: Vec<String>,
        #[serde(default)]
        indicators: Vec<String>,
        tlp: Tlp,
        #[serde(default)]
        text: String,
    },
    RequestAssistance(Text),
    ProvideAssistance(String),
    JointOperation(String),
    PublicAdvisory(Vec<String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
enum RawFacilitatorOrder {
    Hold(String),
    Release(String),
    FireNow(String),
    AdHoc {
        #[serde(default)]
        to: Option<String>,
        channel: Channel,
        title: Text,
        text: Text,
    },
    Pause,
    Resume,
    AllowTlpViolations(bool),
}

// ---------------------------------------------------------------------------------------------
// Resolution: string ids to engine ids, every problem collected with its span.
// ---------------------------------------------------------------------------------------------

struct Resolver<'a> {
    s: &'a Scenario,
    index: &'a SpanIndex<'a>,
    /// The text the index was built from.
    text: &'a str,
    diags: Vec<Diagnostic>,
}

impl Resolver<'_> {
    fn span(&self, path: &Path) -> Range<usize> {
        self.index.span(path).unwrap_or(0..0)
    }

    fn error(&mut self, code: &'static str, path: &Path, message: String) -> &mut Diagnostic {
        let d = Diagnostic::error(code, message).at(self.span(path));
        self.diags.push(d);
        let last = self.diags.len() - 1;
        &mut self.diags[last]
    }

    fn script(&mut self, raw: &RawOrders) -> Script {
        let root = Path::root();
        let mut script = Script::default();
        let policies = root.field("policies");
        let mut seen: Vec<(TeamId, usize)> = Vec::new();
        for (k, (team, name)) in raw.policies.0.iter().enumerate() {
            let team_path = policies.index(2 * k);
            let name_path = policies.index(2 * k + 1);
            let team = self.team(team, &team_path);
            if let Err(e) = crate::policy::parse(name) {
                self.error("unknown-policy", &name_path, e.message).hint = Some(e.hint);
            }
            if let Some(t) = team {
                if let Some((_, first)) = seen.iter().find(|(x, _)| *x == t) {
                    let line = self.line_of(&policies.index(*first));
                    let key = team_key(self.s, t);
                    let d = self.error(
                        "duplicate-policy",
                        &team_path,
                        format!("team `{key}` is given a policy twice"),
                    );
                    d.label = Some("given again here".into());
                    d.hint = Some(format!("keep one; the first is at line {line}"));
                } else {
                    seen.push((t, 2 * k));
                    script.policies.push((t, name.clone()));
                }
            }
        }
        let turns = root.field("turns");
        let last = self.s.clock.turns;
        let mut seen_turns: Vec<(u32, usize)> = Vec::new();
        for (i, t) in raw.turns.iter().enumerate() {
            let path = turns.index(i);
            let turn_path = path.field("turn");
            let mut ok = true;
            if t.turn == 0 || t.turn > last {
                ok = false;
                let d = self.error(
                    "turn-out-of-range",
                    &turn_path,
                    format!("turn {} is outside the exercise", t.turn),
                );
                d.hint = Some(format!("the scenario's clock runs turns 1 to {last}"));
            } else if let Some((_, first)) = seen_turns.iter().find(|(n, _)| *n == t.turn) {
                ok = false;
                let line = self.line_of(&turns.index(*first).field("turn"));
                let d = self.error(
                    "duplicate-turn",
                    &turn_path,
                    format!("turn {} is scripted twice", t.turn),
                );
                d.label = Some("scripted again here".into());
                d.hint = Some(format!(
                    "put all of a turn's orders in one `Turn`; the first is at line {line}"
                ));
            } else {
                seen_turns.push((t.turn, i));
            }
            let mut out = ScriptTurn {
                turn: t.turn,
                ..ScriptTurn::default()
            };
            for (j, f) in t.facilitator.iter().enumerate() {
                let p = path.field("facilitator").index(j);
                if let Some(order) = self.facilitator(f, &p) {
                    out.facilitator.push(Scripted {
                        order,
                        span: self.span(&p),
                    });
                }
            }
            for (j, e) in t.orders.iter().enumerate() {
                let p = path.field("orders").index(j);
                if let Some(order) = self.entry(e, &p) {
                    out.orders.push(Scripted {
                        order,
                        span: self.span(&p),
                    });
                }
            }
            if ok {
                script.turns.push(out);
            }
        }
        script.turns.sort_by_key(|t| t.turn);
        script
    }

    /// The 1-based line a value starts on.
    fn line_of(&self, path: &Path) -> usize {
        let start = self.span(path).start.min(self.text.len());
        self.text.as_bytes()[..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    fn entry(&mut self, e: &RawEntry, path: &Path) -> Option<(TeamId, TeamOrder)> {
        let team = self.team(&e.team, &path.field("team"));
        let p = path.field("order");
        let order = self.team_order(team, &e.order, &p);
        Some((team?, order?))
    }

    fn team_order(
        &mut self,
        team: Option<TeamId>,
        o: &RawTeamOrder,
        p: &Path,
    ) -> Option<TeamOrder> {
        let arg = p.index(0);
        let on_asset = |r: &mut Self, key: &str, make: fn(AssetId) -> TeamOrder| {
            let a = r.asset(key, &arg)?;
            let order = make(a);
            if let Some(t) = team {
                let owner = r.s.asset(a).owner;
                if owner != t {
                    let who = team_key(r.s, t);
                    let nation = r.s.team(owner).nation.clone();
                    let owner_key = team_key(r.s, owner);
                    let d = r.error(
                        "foreign-asset",
                        &arg,
                        format!(
                            "team `{who}` cannot {} `{key}`, an asset of {nation}",
                            asset_verb(&order)
                        ),
                    );
                    d.label = Some(format!("defended by team `{owner_key}`"));
                    d.hint = Some(
                        "a team acts only on its own nation's assets, except through \
                         `RequestAssistance` or a `JointOperation`"
                            .into(),
                    );
                    return None;
                }
            }
            Some(order)
        };
        match o {
            RawTeamOrder::Investigate(k) => on_asset(self, k, TeamOrder::Investigate),
            RawTeamOrder::Isolate(k) => on_asset(self, k, TeamOrder::Isolate),
            RawTeamOrder::Reconnect(k) => on_asset(self, k, TeamOrder::Reconnect),
            RawTeamOrder::Patch(k) => on_asset(self, k, TeamOrder::Patch),
            RawTeamOrder::ResetCredentials(k) => on_asset(self, k, TeamOrder::ResetCredentials),
            RawTeamOrder::Restore(k) => on_asset(self, k, TeamOrder::Restore),
            RawTeamOrder::DeploySensor(k) => on_asset(self, k, TeamOrder::DeploySensor),
            RawTeamOrder::Hunt(k) => self.indicator(k, &arg).map(TeamOrder::Hunt),
            RawTeamOrder::Block(k) => self.indicator(k, &arg).map(TeamOrder::Block),
            RawTeamOrder::Share {
                to,
                indicators,
                tlp,
                text,
            } => {
                let to_path = p.field("to");
                let mut to_ids = Vec::new();
                let mut ok = true;
                for (i, k) in to.iter().enumerate() {
                    match self.team(k, &to_path.index(i)) {
                        Some(t) if Some(t) == team => {
                            ok = false;
                            let d = self.error(
                                "bad-recipient",
                                &to_path.index(i),
                                format!("team `{k}` cannot share with itself"),
                            );
                            d.hint = Some(
                                "name other teams, or leave `to` out to share with every other team"
                                    .into(),
                            );
                        }
                        Some(t) => to_ids.push(t),
                        None => ok = false,
                    }
                }
                let ind_path = p.field("indicators");
                let mut ind_ids = Vec::new();
                for (i, k) in indicators.iter().enumerate() {
                    match self.indicator(k, &ind_path.index(i)) {
                        Some(x) => ind_ids.push(x),
                        None => ok = false,
                    }
                }
                if indicators.is_empty() && text.trim().is_empty() {
                    ok = false;
                    let d = self.error("empty-share", p, "the share is empty".into());
                    d.hint = Some("name at least one indicator or write some `text`".into());
                }
                ok.then(|| {
                    TeamOrder::Share(Share {
                        to: to_ids,
                        indicators: ind_ids,
                        tlp: *tlp,
                        text: text.clone(),
                    })
                })
            }
            RawTeamOrder::RequestAssistance(text) => {
                if text.is_blank() {
                    let d = self.error("empty-text", &arg, "the request says nothing".into());
                    d.hint = Some("say what help the team needs".into());
                    return None;
                }
                Some(TeamOrder::RequestAssistance(text.clone()))
            }
            RawTeamOrder::ProvideAssistance(k) => {
                let t = self.team(k, &arg)?;
                if Some(t) == team {
                    let d = self.error(
                        "bad-recipient",
                        &arg,
                        format!("team `{k}` cannot assist itself"),
                    );
                    d.hint = Some("name the team that asked for assistance".into());
                    return None;
                }
                Some(TeamOrder::ProvideAssistance(t))
            }
            RawTeamOrder::JointOperation(k) => self.actor(k, &arg).map(TeamOrder::JointOperation),
            RawTeamOrder::PublicAdvisory(keys) => {
                if keys.is_empty() {
                    let d = self.error("empty-share", &arg, "the advisory is empty".into());
                    d.hint = Some("name at least one indicator to publish".into());
                    return None;
                }
                let mut ids = Vec::new();
                for (i, k) in keys.iter().enumerate() {
                    ids.push(self.indicator(k, &arg.index(i)));
                }
                ids.into_iter()
                    .collect::<Option<Vec<_>>>()
                    .map(TeamOrder::PublicAdvisory)
            }
        }
    }

    fn facilitator(&mut self, o: &RawFacilitatorOrder, p: &Path) -> Option<FacilitatorOrder> {
        let arg = p.index(0);
        match o {
            RawFacilitatorOrder::Hold(k) => self.inject(k, &arg).map(FacilitatorOrder::Hold),
            RawFacilitatorOrder::Release(k) => self.inject(k, &arg).map(FacilitatorOrder::Release),
            RawFacilitatorOrder::FireNow(k) => self.inject(k, &arg).map(FacilitatorOrder::FireNow),
            RawFacilitatorOrder::AdHoc {
                to,
                channel,
                title,
                text,
            } => {
                let to = match to {
                    Some(k) => Some(self.team(k, &p.field("to"))?),
                    None => None,
                };
                if title.is_blank() && text.is_blank() {
                    let d = self.error("empty-text", p, "the ad-hoc inject says nothing".into());
                    d.hint = Some("give it a `title` or a `text`".into());
                    return None;
                }
                Some(FacilitatorOrder::AdHoc(AdHocInject {
                    to,
                    channel: *channel,
                    title: title.clone(),
                    text: text.clone(),
                }))
            }
            RawFacilitatorOrder::Pause | RawFacilitatorOrder::Resume => {
                let d = self.error("cannot-pause", p, "a scripted run cannot pause".into());
                d.hint = Some(
                    "remove it; to stop early, run with `--turns N`, and hold injects with `Hold`"
                        .into(),
                );
                None
            }
            RawFacilitatorOrder::AllowTlpViolations(b) => {
                Some(FacilitatorOrder::AllowTlpViolations(*b))
            }
        }
    }

    fn unknown(&mut self, what: &str, key: &str, path: &Path, plural: &str, keys: Vec<&str>) {
        let hint = id_hint(key, what, plural, &keys);
        let d = self.error("unknown-reference", path, format!("unknown {what} `{key}`"));
        d.label = Some(format!("no {what} has this id"));
        d.hint = Some(hint);
    }

    fn team(&mut self, key: &str, path: &Path) -> Option<TeamId> {
        let found = self.s.team_id(key);
        if found.is_none() {
            let s = self.s;
            self.unknown(
                "team",
                key,
                path,
                "teams",
                s.teams.iter().map(|t| t.key.as_str()).collect(),
            );
        }
        found
    }

    fn asset(&mut self, key: &str, path: &Path) -> Option<AssetId> {
        let found = self.s.asset_id(key);
        if found.is_none() {
            let s = self.s;
            self.unknown(
                "asset",
                key,
                path,
                "assets",
                s.assets.iter().map(|a| a.key.as_str()).collect(),
            );
        }
        found
    }

    fn indicator(&mut self, key: &str, path: &Path) -> Option<IndicatorId> {
        let found = self.s.indicator_id(key);
        if found.is_none() {
            let s = self.s;
            self.unknown(
                "indicator",
                key,
                path,
                "indicators",
                s.indicators.iter().map(|i| i.key.as_str()).collect(),
            );
        }
        found
    }

    fn actor(&mut self, key: &str, path: &Path) -> Option<ActorId> {
        let found = self.s.actor_id(key);
        if found.is_none() {
            let s = self.s;
            self.unknown(
                "actor",
                key,
                path,
                "actors",
                s.actors.iter().map(|a| a.key.as_str()).collect(),
            );
        }
        found
    }

    fn inject(&mut self, key: &str, path: &Path) -> Option<InjectId> {
        let found = self.s.inject_id(key);
        if found.is_none() {
            let s = self.s;
            self.unknown(
                "inject",
                key,
                path,
                "injects",
                s.injects.iter().map(|i| i.key.as_str()).collect(),
            );
        }
        found
    }
}

/// "did you mean" for a misspelt id; the ids themselves when there are few; else a count.
fn id_hint(wrong: &str, what: &str, plural: &str, keys: &[&str]) -> String {
    if let Some(c) = suggest::closest(wrong, keys.iter().copied()) {
        return format!("did you mean `{c}`?");
    }
    match keys.len() {
        0 => format!("the scenario defines no {plural}"),
        1..=6 => format!(
            "the {plural} are {}",
            keys.iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        n => format!("no {what} has a similar id; the scenario has {n} {plural}"),
    }
}

/// "did you mean" for a policy name, always followed by the list of policies.
pub fn policy_hint(name: &str) -> String {
    crate::policy::names_hint(name)
}

/// How orders files name things in syntax and type errors.
const ORDERS: ron_error::Document = ron_error::Document {
    what: "orders",
    root: "Orders",
    reference: "docs/orders.md",
    kind: kind_of,
    string_hint: Some("ids are written as strings: `\"us-water-scada\"`"),
    map_hint: Some("write policies as `{ \"us\": \"by-the-book\" }`"),
};

fn kind_of(outer: &str) -> String {
    match outer {
        "RawTeamOrder" => "team order".into(),
        "RawFacilitatorOrder" => "facilitator order".into(),
        other => ron_error::type_value(other),
    }
}
