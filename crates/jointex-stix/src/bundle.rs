//! A share, as the STIX 2.1 bundle that leaves jointex.
//!
//! One share (one `Share` order that went through) is one bundle:
//!
//! * the TLP 2.0 marking-definition of the share's marking, and TLP:CLEAR for identities;
//! * an `identity` for the sending CERT and for each recipient CERT, named as an exercise
//!   identity (`CISA (EXERCISE pacific-bridge)`), so that a platform that merges
//!   organisations by name never attaches exercise data to the real agency (ids depend on the
//!   scenario and the team only: the same in every bundle, and a TAXII server keeps one copy);
//! * per shared indicator, an `indicator` with a STIX pattern, valid until the exercise ends,
//!   described in words the sender could write (how it came by it — never the scenario
//!   author's notes), and a `sighting` of it by the sender only when the sender found it on its
//!   own systems (not when a partner, an inject's source or an advisory told it);
//! * an `intrusion-set` for each actor the indicators are attributed to (marked fictional,
//!   without aliases), an `attack-pattern` with its ATT&CK reference for each technique the
//!   sender has evidence of ([`crate::sender`]) among the stages that leave these indicators,
//!   and the `indicates` / `uses` relationships between them;
//! * a `report` holding the share's free text, referring to all of the above.
//!
//! Every object but the TLP definitions carries `labels: ["exercise", "exercise:<scenario>"]`
//! and the scenario's handling caveat as a statement marking ("EXERCISE ONLY …") beside its
//! TLP marking: exercise data must never pass for real intelligence.
//!
//! Everything but identities and marking definitions is keyed by the share's position in the
//! exercise, so two shares of one indicator are two distinct objects (their markings may
//! differ) and a TAXII collection keeps both. Ids are seeded v4 UUIDs ([`crate::ids`]) and
//! times come from the exercise clock, so the same exercise gives byte-identical files.

use std::collections::{BTreeMap, BTreeSet};

use jointex_scenario::Scenario;
use jointex_scenario::attack;
use jointex_scenario::model::{ActorId, TeamId};
use jointex_scenario::vocab::Tlp;
use jointex_sim::Exercise;
use jointex_sim::state::SentShare;
use serde_json::{Value, json};

use crate::ids::{stix_id, timestamp};
use crate::sender::{Learned, SenderKnowledge};
use crate::{json as text, pattern, tlp};

/// One share and the bundle it becomes.
#[derive(Clone, Debug, PartialEq)]
pub struct ShareBundle {
    /// The share's position in the exercise's list of shares.
    pub index: usize,
    /// The share.
    pub share: SentShare,
    /// The file name it is exported under: `share-<turn>-<from>-to-<to…>.json`, with `-2`,
    /// `-3`… before `.json` when the same team sends to the same teams twice in a turn.
    pub file_name: String,
    /// The bundle.
    pub bundle: Value,
}

impl ShareBundle {
    /// The bundle as pretty JSON with a stable key order.
    pub fn to_pretty(&self) -> String {
        text::to_pretty(&self.bundle)
    }

    /// The bundle's objects.
    pub fn objects(&self) -> &[Value] {
        self.bundle
            .get("objects")
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    /// Whether a team sent or received the share.
    pub fn involves(&self, team: TeamId) -> bool {
        self.share.from == team || self.share.to.contains(&team)
    }
}

/// The bundles of every share sent so far, in order, with ids seeded by the scenario and
/// the seed alone ([`bundles_of`] names the exercise).
pub fn bundles(ex: &Exercise) -> Vec<ShareBundle> {
    bundles_of(ex, None)
}

/// The bundles of every share sent so far, in order; ids are seeded by `exercise`, the
/// exercise's identity (a record keeps one in its driver), so that no two exercises
/// of one scenario and seed give an object the same id.
pub fn bundles_of(ex: &Exercise, exercise: Option<&str>) -> Vec<ShareBundle> {
    let mut senders = Senders::new(exercise);
    (0..ex.shares().len())
        .filter_map(|i| build(ex, i, &mut senders))
        .collect()
}

/// The bundle of the share at `index` in [`Exercise::shares`], if there is one.
pub fn bundle(ex: &Exercise, index: usize) -> Option<ShareBundle> {
    build(ex, index, &mut Senders::default())
}

/// The seed string of an exercise's ids: scenario, its version, the exercise seed and, when
/// known, the exercise's identity.
pub fn id_seed(s: &Scenario, seed: u64, exercise: Option<&str>) -> String {
    match exercise {
        Some(x) => format!(
            "jointex/{}@{}#{}/exercise/{x}",
            s.meta.id, s.meta.version, seed
        ),
        None => format!("jointex/{}@{}#{}", s.meta.id, s.meta.version, seed),
    }
}

/// The id of a team's identity object: depends on the scenario and the team only.
pub fn identity_id(s: &Scenario, team: TeamId) -> String {
    stix_id(
        &format!("jointex/{}", s.meta.id),
        "identity",
        &format!("team/{}", s.team(team).key),
    )
}

/// The file name of the share at `index`, unique among the exercise's shares.
pub fn file_name(s: &Scenario, shares: &[SentShare], index: usize) -> String {
    let base = |sh: &SentShare| {
        let to: Vec<&str> = sh.to.iter().map(|t| s.team(*t).key.as_str()).collect();
        format!(
            "share-{}-{}-to-{}",
            sh.turn,
            s.team(sh.from).key,
            to.join("-")
        )
    };
    let name = base(&shares[index]);
    let earlier = shares[..index].iter().filter(|sh| base(sh) == name).count();
    if earlier == 0 {
        format!("{name}.json")
    } else {
        format!("{name}-{}.json", earlier + 1)
    }
}

/// Each sending team's knowledge, worked out once per export, and the exercise's identity.
#[derive(Default)]
pub(crate) struct Senders {
    knowledge: BTreeMap<TeamId, SenderKnowledge>,
    exercise: Option<String>,
}

impl Senders {
    pub(crate) fn new(exercise: Option<&str>) -> Self {
        Senders {
            knowledge: BTreeMap::new(),
            exercise: exercise.map(str::to_owned),
        }
    }

    fn of(&mut self, ex: &Exercise, team: TeamId) -> &SenderKnowledge {
        self.knowledge
            .entry(team)
            .or_insert_with(|| SenderKnowledge::of(ex, team))
    }
}

pub(crate) fn build(ex: &Exercise, index: usize, senders: &mut Senders) -> Option<ShareBundle> {
    let share = ex.shares().get(index)?.clone();
    let s = ex.scenario().clone();
    let knows = senders.of(ex, share.from).clone();
    let seed = id_seed(&s, ex.seed(), senders.exercise.as_deref());
    let mut b = Builder::new(&s, seed, index, &share);
    b.build(&knows);
    Some(ShareBundle {
        index,
        file_name: file_name(&s, ex.shares(), index),
        bundle: b.finish(),
        share,
    })
}

struct Builder<'a> {
    s: &'a Scenario,
    seed: String,
    index: usize,
    share: &'a SentShare,
    /// The share's time: when its objects were created.
    at: String,
    sender: String,
    marking: &'static str,
    /// The exercise caveat's statement marking.
    statement: String,
    objects: Vec<Value>,
    /// Objects the report refers to.
    refs: Vec<String>,
}

impl<'a> Builder<'a> {
    fn new(s: &'a Scenario, seed: String, index: usize, share: &'a SentShare) -> Self {
        Builder {
            s,
            seed,
            index,
            share,
            at: timestamp(s.clock.turn_start(share.turn)),
            sender: identity_id(s, share.from),
            marking: tlp::marking_id(share.tlp),
            statement: statement_id(s),
            objects: Vec::new(),
            refs: Vec::new(),
        }
    }

    fn id(&self, kind: &str, key: &str) -> String {
        stix_id(&self.seed, kind, &format!("share/{}/{key}", self.index))
    }

    /// The properties every share object has.
    fn common(&self, kind: &str, id: &str) -> serde_json::Map<String, Value> {
        let mut m = serde_json::Map::new();
        m.insert("type".into(), kind.into());
        m.insert("spec_version".into(), "2.1".into());
        m.insert("id".into(), id.into());
        m.insert("created".into(), self.at.clone().into());
        m.insert("modified".into(), self.at.clone().into());
        m.insert("created_by_ref".into(), self.sender.clone().into());
        m.insert("labels".into(), labels(self.s));
        m.insert(
            "object_marking_refs".into(),
            json!([self.marking, self.statement]),
        );
        m
    }

    fn push(&mut self, m: serde_json::Map<String, Value>, referenced: bool) {
        if referenced && let Some(id) = m.get("id").and_then(Value::as_str) {
            self.refs.push(id.to_owned());
        }
        self.objects.push(Value::Object(m));
    }

    fn build(&mut self, knows: &SenderKnowledge) {
        let s = self.s;
        let share = self.share;
        self.objects.push(tlp::marking_definition(share.tlp));
        if share.tlp != Tlp::Clear {
            self.objects.push(tlp::marking_definition(Tlp::Clear));
        }
        self.objects.push(statement_definition(s));
        let mut teams = vec![share.from];
        teams.extend(share.to.iter().copied().filter(|t| *t != share.from));
        for t in teams {
            self.objects.push(identity(s, t));
        }

        let mut actors: Vec<ActorId> = Vec::new();
        let mut techniques: Vec<String> = Vec::new();
        let mut relations: Vec<(String, &'static str, String)> = Vec::new();
        let mut seen = BTreeSet::new();
        for &i in &share.indicators {
            if !seen.insert(i) {
                continue;
            }
            let Some(ind) = s.indicators.get(i.index()) else {
                continue;
            };
            let id = self.id("indicator", &format!("indicator/{}", ind.key));
            let mut m = self.common("indicator", &id);
            m.insert(
                "name".into(),
                format!("{}: {}", ind.kind.label(), ind.value).into(),
            );
            // The validator wants both a name and a description on an indicator (check 303).
            // The sender's own words: how it came by the indicator, never the author's notes.
            let how = knows.how(i, share.turn);
            m.insert(
                "description".into(),
                describe(s, ind.kind.label(), how).into(),
            );
            m.insert("indicator_types".into(), json!(["malicious-activity"]));
            m.insert(
                "pattern".into(),
                pattern::pattern(ind.kind, &ind.value).into(),
            );
            m.insert("pattern_type".into(), "stix".into());
            m.insert("pattern_version".into(), "2.1".into());
            m.insert("valid_from".into(), self.at.clone().into());
            m.insert("valid_until".into(), exercise_end(s).into());
            self.push(m, true);

            if let Some((turn, Learned::Found)) = how {
                let sid = self.id("sighting", &format!("sighting/{}", ind.key));
                let mut m = self.common("sighting", &sid);
                m.insert("sighting_of_ref".into(), id.clone().into());
                m.insert("where_sighted_refs".into(), json!([self.sender]));
                m.insert(
                    "first_seen".into(),
                    timestamp(s.clock.turn_start(turn.min(share.turn))).into(),
                );
                m.insert("last_seen".into(), self.at.clone().into());
                m.insert("count".into(), 1.into());
                self.push(m, true);
            }

            if let Some(a) = ind.actor {
                if !actors.contains(&a) {
                    actors.push(a);
                }
                relations.push((
                    format!("indicator/{}", ind.key),
                    "indicates",
                    format!("intrusion-set/{}", s.actors[a.index()].key),
                ));
            }
            // The techniques of the stages that leave this indicator behind, of which the
            // sender had evidence when it shared: not the campaign's script.
            for (ai, actor) in s.actors.iter().enumerate() {
                for (si, st) in actor.stages.iter().enumerate() {
                    if !st.indicators.contains(&i)
                        || attack::technique(&st.technique).is_none()
                        || !knows.evidenced(
                            ActorId(ai as u16),
                            jointex_scenario::model::StageId(si as u16),
                            share.turn,
                        )
                    {
                        continue;
                    }
                    if !techniques.contains(&st.technique) {
                        techniques.push(st.technique.clone());
                    }
                    let ap = format!("attack-pattern/{}", st.technique);
                    relations.push((format!("indicator/{}", ind.key), "indicates", ap.clone()));
                    if ind.actor == Some(ActorId(ai as u16)) {
                        relations.push((format!("intrusion-set/{}", actor.key), "uses", ap));
                    }
                }
            }
        }

        for a in &actors {
            let actor = &s.actors[a.index()];
            let id = self.id("intrusion-set", &format!("intrusion-set/{}", actor.key));
            let mut m = self.common("intrusion-set", &id);
            let name = actor.name.get(jointex_scenario::Lang::En);
            m.insert("name".into(), format!("{name} (fictional)").into());
            // Aliases stay out: no team screen shows them, and two scenarios share some.
            m.insert(
                "description".into(),
                format!(
                    "A fictional threat actor of the jointex exercise {}, to which the shared \
                     indicators are attributed. Not a real group.",
                    s.meta.id
                )
                .into(),
            );
            self.push(m, true);
        }

        for t in &techniques {
            let Some(tech) = attack::technique(t) else {
                continue;
            };
            let id = self.id("attack-pattern", &format!("attack-pattern/{t}"));
            let mut m = self.common("attack-pattern", &id);
            m.insert("name".into(), tech.name.into());
            // No `url`: the OASIS validator wants a hash of whatever a URL points to (check
            // 302), which a web page cannot have; the id is the reference, and the page
            // follows from it.
            m.insert(
                "external_references".into(),
                json!([{
                    "source_name": "mitre-attack",
                    "external_id": tech.id,
                }]),
            );
            let chain = match tech.domain {
                attack::Domain::Enterprise => "mitre-attack",
                attack::Domain::Ics => "mitre-ics-attack",
            };
            if !tech.tactics.is_empty() {
                let phases: Vec<Value> = tech
                    .tactics
                    .iter()
                    .map(|p| json!({"kill_chain_name": chain, "phase_name": p}))
                    .collect();
                m.insert("kill_chain_phases".into(), Value::Array(phases));
            }
            self.push(m, true);
        }

        let mut done = BTreeSet::new();
        for (from, kind, to) in relations {
            if !done.insert((from.clone(), kind, to.clone())) {
                continue;
            }
            let source = self.ref_of(&from);
            let target = self.ref_of(&to);
            let id = self.id("relationship", &format!("{from}/{kind}/{to}"));
            let mut m = self.common("relationship", &id);
            m.insert("relationship_type".into(), kind.into());
            m.insert("source_ref".into(), source.into());
            m.insert("target_ref".into(), target.into());
            self.push(m, true);
        }

        let rid = self.id("report", "report");
        let mut m = self.common("report", &rid);
        let cert = |t: TeamId| s.team(t).cert.get(jointex_scenario::Lang::En).to_owned();
        let to: Vec<String> = share.to.iter().map(|t| cert(*t)).collect();
        m.insert(
            "name".into(),
            format!(
                "EXERCISE {}: {} to {}, turn {} ({})",
                s.meta.id,
                cert(share.from),
                to.join(", "),
                share.turn,
                share.tlp.label()
            )
            .into(),
        );
        if !share.text.trim().is_empty() {
            m.insert("description".into(), share.text.clone().into());
        }
        m.insert("published".into(), self.at.clone().into());
        let kind = if share.indicators.is_empty() {
            "threat-report"
        } else {
            "indicator"
        };
        m.insert("report_types".into(), json!([kind]));
        let refs = if self.refs.is_empty() {
            // A text-only share: the report is about the sender's own message.
            vec![self.sender.clone()]
        } else {
            self.refs.clone()
        };
        m.insert("object_refs".into(), json!(refs));
        self.push(m, false);
    }

    /// The id of an object named by its key within the share (`indicator/IND-01`).
    fn ref_of(&self, key: &str) -> String {
        let kind = key.split('/').next().unwrap_or(key);
        self.id(kind, key)
    }

    fn finish(self) -> Value {
        json!({
            "type": "bundle",
            "id": stix_id(&self.seed, "bundle", &format!("share/{}", self.index)),
            "objects": self.objects,
        })
    }
}

/// A team's CERT as a STIX identity.
pub fn identity(s: &Scenario, team: TeamId) -> Value {
    let t = s.team(team);
    let created = timestamp(s.clock.start);
    let mut description = format!(
        "Exercise identity: the national CERT of {} as played by team `{}` in the jointex \
         exercise {}",
        t.name.get(jointex_scenario::Lang::En),
        t.key,
        s.meta.id
    );
    if let Some(ko) = t.cert.exact(jointex_scenario::Lang::Ko)
        && Some(ko) != t.cert.exact(jointex_scenario::Lang::En)
    {
        description.push_str(&format!(" (in Korean: {ko})"));
    }
    description.push_str(". Not the real organisation.");
    json!({
        "type": "identity",
        "spec_version": "2.1",
        "id": identity_id(s, team),
        "created": created,
        "modified": created,
        "name": format!("{} (EXERCISE {})", t.cert.get(jointex_scenario::Lang::En), s.meta.id),
        "description": description,
        "identity_class": "organization",
        "sectors": ["government-national"],
        "labels": labels(s),
        "object_marking_refs": [tlp::marking_id(Tlp::Clear), statement_id(s)],
    })
}

/// The labels of every exercise object: `exercise` and the scenario.
pub fn labels(s: &Scenario) -> Value {
    json!(["exercise", format!("exercise:{}", s.meta.id)])
}

/// The id of the exercise's statement marking: depends on the scenario only.
pub fn statement_id(s: &Scenario) -> String {
    stix_id(
        &format!("jointex/{}", s.meta.id),
        "marking-definition",
        "statement/exercise",
    )
}

/// The statement marking every object carries: the scenario's handling caveat, and that the
/// data are an exercise's.
pub fn statement_definition(s: &Scenario) -> Value {
    let caveat = s.meta.handling.get(jointex_scenario::Lang::En);
    json!({
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": statement_id(s),
        "created": timestamp(s.clock.start),
        "name": format!("{caveat} (jointex {})", s.meta.id),
        "definition_type": "statement",
        "definition": {
            "statement": format!(
                "{caveat}. Fictional data of the jointex cyber exercise {}: not real \
                 intelligence. Do not act on it or merge it with production threat intelligence.",
                s.meta.id
            ),
        },
    })
}

/// When the exercise's last turn ends: when its indicators stop being valid.
pub fn exercise_end(s: &Scenario) -> String {
    timestamp(s.clock.turn_start(s.clock.turns.saturating_add(1)))
}

/// An indicator's description in the sender's words.
fn describe(s: &Scenario, kind: &str, how: Option<(u32, Learned)>) -> String {
    format!("{kind} {}.", provenance(s, how))
}

/// How the sender came by an indicator, in its own words: `found on our own systems in an
/// investigation`, `received from KISA KrCERT/CC under TLP:AMBER` … (bundles and MISP events
/// say it alike).
pub(crate) fn provenance(s: &Scenario, how: Option<(u32, Learned)>) -> String {
    let cert = |t: TeamId| s.team(t).cert.get(jointex_scenario::Lang::En).to_owned();
    match how {
        Some((_, Learned::Found)) => "found on our own systems in an investigation".to_owned(),
        Some((_, Learned::Partner(t, tlp))) => {
            format!("received from {} under {}", cert(t), tlp.label())
        }
        Some((_, Learned::Published(t))) => format!("from a public advisory of {}", cert(t)),
        Some((_, Learned::Reported(inject))) => {
            match s.injects.get(inject.index()).and_then(|i| i.from.as_ref()) {
                Some(from) => format!("reported to us by {}", from.get(jointex_scenario::Lang::En)),
                None => "reported to us by an outside source".to_owned(),
            }
        }
        None => format!("shared in the jointex exercise {}", s.meta.id),
    }
}

/// The attack.mitre.org page of a technique (`T1110.003` → `…/T1110/003/`).
pub fn attack_url(id: &str) -> String {
    format!(
        "https://attack.mitre.org/techniques/{}/",
        id.replace('.', "/")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attack_urls_follow_the_site_layout() {
        assert_eq!(
            attack_url("T1190"),
            "https://attack.mitre.org/techniques/T1190/"
        );
        assert_eq!(
            attack_url("T1110.003"),
            "https://attack.mitre.org/techniques/T1110/003/"
        );
    }
}
