//! A share, as the STIX 2.1 bundle that leaves jointex.
//!
//! One share (one `Share` order that went through) is one bundle:
//!
//! * the TLP 2.0 marking-definition of the share's marking, and TLP:CLEAR for identities;
//! * an `identity` for the sending CERT and for each recipient CERT (TLP:CLEAR: who a CERT is
//!   is no secret; ids depend on the scenario and the team only, so they are the same in
//!   every bundle and every run, and a TAXII server keeps one copy);
//! * per shared indicator, an `indicator` with a STIX pattern, and a `sighting` of it by the
//!   sender when the sender found it itself (not when a partner or an advisory told it);
//! * a `malware` object for each actor the indicators are attributed to, an `attack-pattern`
//!   with its ATT&CK reference for each technique of a stage that leaves them behind, and the
//!   `indicates` / `uses` relationships between them;
//! * a `report` holding the share's free text, referring to all of the above.
//!
//! Everything but identities and marking definitions is keyed by the share's position in the
//! exercise, so two shares of one indicator are two distinct objects (their markings may
//! differ) and a TAXII collection keeps both. Ids are seeded v4 UUIDs ([`crate::ids`]) and
//! times come from the exercise clock, so the same exercise gives byte-identical files.

use std::collections::{BTreeMap, BTreeSet};

use jointex_scenario::Scenario;
use jointex_scenario::attack;
use jointex_scenario::model::{ActorId, IndicatorId, TeamId};
use jointex_scenario::vocab::Tlp;
use jointex_sim::Exercise;
use jointex_sim::state::SentShare;
use serde_json::{Value, json};

use crate::ids::{stix_id, timestamp};
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

/// The bundles of every share sent so far, in order.
pub fn bundles(ex: &Exercise) -> Vec<ShareBundle> {
    let mut first_hand = FirstHand::default();
    (0..ex.shares().len())
        .filter_map(|i| build(ex, i, &mut first_hand))
        .collect()
}

/// The bundle of the share at `index` in [`Exercise::shares`], if there is one.
pub fn bundle(ex: &Exercise, index: usize) -> Option<ShareBundle> {
    build(ex, index, &mut FirstHand::default())
}

/// The seed string of an exercise's ids: scenario, its version and the exercise seed.
pub fn id_seed(s: &Scenario, seed: u64) -> String {
    format!("jointex/{}@{}#{}", s.meta.id, s.meta.version, seed)
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

/// Indicators each team found itself (not told by a partner or an advisory), with the turn.
#[derive(Default)]
pub(crate) struct FirstHand(BTreeMap<TeamId, BTreeMap<IndicatorId, u32>>);

impl FirstHand {
    fn of(&mut self, ex: &Exercise, team: TeamId) -> &BTreeMap<IndicatorId, u32> {
        self.0.entry(team).or_insert_with(|| {
            // An advisory by another team teaches everybody with `from: None` too; an
            // indicator learned the turn such an advisory named it came from the advisory.
            let mut published: BTreeSet<(u32, IndicatorId)> = BTreeSet::new();
            for (turn, e) in ex.events() {
                if let jointex_sim::Event::AdvisoryPublished {
                    team: by,
                    indicators,
                } = e
                    && *by != team
                {
                    published.extend(indicators.iter().map(|i| (*turn, *i)));
                }
            }
            ex.view(team)
                .indicators
                .iter()
                .filter(|k| k.from.is_none() && !published.contains(&(k.turn, k.indicator)))
                .map(|k| (k.indicator, k.turn))
                .collect()
        })
    }
}

pub(crate) fn build(
    ex: &Exercise,
    index: usize,
    first_hand: &mut FirstHand,
) -> Option<ShareBundle> {
    let share = ex.shares().get(index)?.clone();
    let s = ex.scenario().clone();
    let found = first_hand.of(ex, share.from).clone();
    let mut b = Builder::new(&s, id_seed(&s, ex.seed()), index, &share);
    b.build(&found);
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
        m.insert("object_marking_refs".into(), json!([self.marking]));
        m
    }

    fn push(&mut self, m: serde_json::Map<String, Value>, referenced: bool) {
        if referenced && let Some(id) = m.get("id").and_then(Value::as_str) {
            self.refs.push(id.to_owned());
        }
        self.objects.push(Value::Object(m));
    }

    fn build(&mut self, found: &BTreeMap<IndicatorId, u32>) {
        let s = self.s;
        let share = self.share;
        self.objects.push(tlp::marking_definition(share.tlp));
        if share.tlp != Tlp::Clear {
            self.objects.push(tlp::marking_definition(Tlp::Clear));
        }
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
            let description = match &ind.description {
                Some(d) => d.get(jointex_scenario::Lang::En).to_owned(),
                None => match ind.actor {
                    Some(a) => format!(
                        "{} attributed to {}.",
                        ind.kind.label(),
                        s.actors[a.index()].name.get(jointex_scenario::Lang::En)
                    ),
                    None => format!("{} seen in exercise {}.", ind.kind.label(), s.meta.id),
                },
            };
            m.insert("description".into(), description.into());
            m.insert("indicator_types".into(), json!(["malicious-activity"]));
            m.insert(
                "pattern".into(),
                pattern::pattern(ind.kind, &ind.value).into(),
            );
            m.insert("pattern_type".into(), "stix".into());
            m.insert("pattern_version".into(), "2.1".into());
            m.insert("valid_from".into(), self.at.clone().into());
            self.push(m, true);

            if let Some(turn) = found.get(&i) {
                let sid = self.id("sighting", &format!("sighting/{}", ind.key));
                let mut m = self.common("sighting", &sid);
                m.insert("sighting_of_ref".into(), id.clone().into());
                m.insert("where_sighted_refs".into(), json!([self.sender]));
                m.insert(
                    "first_seen".into(),
                    timestamp(s.clock.turn_start((*turn).min(share.turn))).into(),
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
                    format!("malware/{}", s.actors[a.index()].key),
                ));
            }
            // The techniques of the stages that leave this indicator behind.
            for (ai, actor) in s.actors.iter().enumerate() {
                for st in &actor.stages {
                    if !st.indicators.contains(&i) || attack::technique(&st.technique).is_none() {
                        continue;
                    }
                    if !techniques.contains(&st.technique) {
                        techniques.push(st.technique.clone());
                    }
                    let ap = format!("attack-pattern/{}", st.technique);
                    relations.push((format!("indicator/{}", ind.key), "indicates", ap.clone()));
                    if ind.actor == Some(ActorId(ai as u16)) {
                        relations.push((format!("malware/{}", actor.key), "uses", ap));
                    }
                }
            }
        }

        for a in &actors {
            let actor = &s.actors[a.index()];
            let id = self.id("malware", &format!("malware/{}", actor.key));
            let mut m = self.common("malware", &id);
            let name = actor.name.get(jointex_scenario::Lang::En);
            m.insert("name".into(), name.into());
            m.insert("is_family".into(), true.into());
            m.insert(
                "description".into(),
                format!(
                    "Malware and tools of {name}, to which the shared indicators are attributed."
                )
                .into(),
            );
            if !actor.aliases.is_empty() {
                m.insert("aliases".into(), json!(actor.aliases));
            }
            self.push(m, true);
        }

        for t in &techniques {
            let Some(tech) = attack::technique(t) else {
                continue;
            };
            let id = self.id("attack-pattern", &format!("attack-pattern/{t}"));
            let mut m = self.common("attack-pattern", &id);
            m.insert("name".into(), tech.name.into());
            m.insert(
                "external_references".into(),
                json!([{
                    "source_name": "mitre-attack",
                    "external_id": tech.id,
                    "url": attack_url(tech.id),
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
                "{} to {}, turn {} ({})",
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
        "National CERT of {}, team `{}` in exercise {}",
        t.name.get(jointex_scenario::Lang::En),
        t.key,
        s.meta.id
    );
    if let Some(ko) = t.cert.exact(jointex_scenario::Lang::Ko)
        && Some(ko) != t.cert.exact(jointex_scenario::Lang::En)
    {
        description.push_str(&format!("; in Korean: {ko}"));
    }
    json!({
        "type": "identity",
        "spec_version": "2.1",
        "id": identity_id(s, team),
        "created": created,
        "modified": created,
        "name": t.cert.get(jointex_scenario::Lang::En),
        "description": description,
        "identity_class": "organization",
        "sectors": ["government-national"],
        "object_marking_refs": [tlp::marking_id(Tlp::Clear)],
    })
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
