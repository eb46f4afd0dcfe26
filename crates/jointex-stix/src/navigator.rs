//! ATT&CK Navigator layers (format 4.5) of an exercise, for the hot wash and for CERT tools.
//!
//! * **Per team**: the techniques that team has evidence of when the layers are made (the same
//!   evidence its bundles may carry, [`crate::sender`]), each scored by the number of its own
//!   assets that evidence is about — what the team saw of the adversary, nothing more.
//! * **For the facilitator**: the whole campaign as scripted — every stage's technique, scored
//!   by the assets the stage actually struck in this exercise (0 for a stage never reached),
//!   the comment naming the stages.
//!
//! A layer holds one ATT&CK domain, so a team whose evidence spans Enterprise and ICS gets two
//! files. Every layer says in its name, description and metadata that it is exercise data.

use std::collections::{BTreeMap, BTreeSet};

use jointex_scenario::attack::{self, Domain};
use jointex_scenario::model::{ActorId, AssetId, StageId, TeamId};
use jointex_scenario::{Lang, Scenario};
use jointex_sim::{Event, Exercise};
use serde_json::{Value, json};

use crate::sender::SenderKnowledge;

/// The layer format version written.
pub const LAYER_VERSION: &str = "4.5";

/// One layer and the file it is written to.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    /// `navigator-<team>-<domain>.json` or `navigator-facilitator-<domain>.json`.
    pub file_name: String,
    /// The layer.
    pub layer: Value,
}

/// A technique's stages (`actor/stage`) and the assets they struck.
type Behind = (BTreeSet<String>, BTreeSet<AssetId>);

/// What a layer scores: per technique, what is behind it.
type Scored = BTreeMap<String, Behind>;

/// Every team's layers, then the facilitator's.
pub fn layers(ex: &Exercise) -> Vec<Layer> {
    let s = ex.scenario();
    let mut out = Vec::new();
    for (t, team) in s.teams.iter().enumerate() {
        let knows = SenderKnowledge::of(ex, TeamId(t as u16));
        let mut scored = Scored::new();
        for ((actor, stage), assets) in &knows.incidents {
            add(s, &mut scored, *actor, *stage, assets);
        }
        let who = format!("{} ({})", team.key, team.cert.get(Lang::En));
        out.extend(build(
            s,
            ex.seed(),
            &team.key,
            &format!("techniques {who} has evidence of"),
            "Score: the team's own assets on which it has evidence of the technique (an investigation confirmed the compromise, or the impact hit them).",
            &scored,
        ));
    }
    // The facilitator: every stage of the script, scored by what it struck here.
    let mut struck: BTreeMap<(ActorId, StageId), BTreeSet<AssetId>> = BTreeMap::new();
    for (_, e) in ex.events() {
        if let Event::Attempt {
            actor,
            stage,
            asset,
            success: true,
        } = e
        {
            struck.entry((*actor, *stage)).or_default().insert(*asset);
        }
    }
    let mut scored = Scored::new();
    for (a, actor) in s.actors.iter().enumerate() {
        for st in 0..actor.stages.len() {
            let key = (ActorId(a as u16), StageId(st as u16));
            let none = BTreeSet::new();
            add(
                s,
                &mut scored,
                key.0,
                key.1,
                struck.get(&key).unwrap_or(&none),
            );
        }
    }
    out.extend(build(
        s,
        ex.seed(),
        "facilitator",
        "the whole campaign (ground truth)",
        "Score: assets each stage struck in this exercise; 0 for a stage never reached. For the white cell and the hot wash: not for the teams during play.",
        &scored,
    ));
    out
}

fn add(
    s: &Scenario,
    scored: &mut Scored,
    actor: ActorId,
    stage: StageId,
    assets: &BTreeSet<AssetId>,
) {
    let Some(a) = s.actors.get(actor.index()) else {
        return;
    };
    let Some(st) = a.stages.get(stage.index()) else {
        return;
    };
    if attack::technique(&st.technique).is_none() {
        return;
    }
    let e = scored.entry(st.technique.clone()).or_default();
    e.0.insert(format!("{}/{}", a.key, st.key));
    e.1.extend(assets.iter().copied());
}

fn build(
    s: &Scenario,
    seed: u64,
    who: &str,
    what: &str,
    score_note: &str,
    scored: &Scored,
) -> Vec<Layer> {
    let caveat = s.meta.handling.get(Lang::En);
    let mut out = Vec::new();
    for (domain, name) in [
        (Domain::Enterprise, "enterprise-attack"),
        (Domain::Ics, "ics-attack"),
    ] {
        let entries: Vec<(&String, &Behind)> = scored
            .iter()
            .filter(|(t, _)| attack::technique(t).is_some_and(|x| x.domain == domain))
            .collect();
        if entries.is_empty() {
            continue;
        }
        let max = entries
            .iter()
            .map(|(_, (_, assets))| assets.len())
            .max()
            .unwrap_or(0)
            .max(1);
        let techniques: Vec<Value> = entries
            .iter()
            .map(|(t, (stages, assets))| {
                let names: Vec<&str> = assets
                    .iter()
                    .filter_map(|a| s.assets.get(a.index()).map(|x| x.key.as_str()))
                    .collect();
                let comment = if names.is_empty() {
                    format!("stages {}; not reached", join(stages))
                } else {
                    format!("stages {}; assets {}", join(stages), names.join(", "))
                };
                json!({
                    "techniqueID": t,
                    "score": assets.len(),
                    "comment": comment,
                    "enabled": true,
                    "links": [{"label": "ATT&CK", "url": crate::bundle::attack_url(t)}],
                })
            })
            .collect();
        let short = match domain {
            Domain::Enterprise => "enterprise",
            Domain::Ics => "ics",
        };
        out.push(Layer {
            file_name: format!("navigator-{who}-{short}.json"),
            layer: json!({
                "name": format!("EXERCISE {}: {what} ({short})", s.meta.id),
                "versions": {"attack": "18", "navigator": "5.1.0", "layer": LAYER_VERSION},
                "domain": name,
                "description": format!(
                    "{caveat}. jointex exercise {} v{}, seed {seed}: fictional data, not real intelligence. {score_note}",
                    s.meta.id, s.meta.version
                ),
                "sorting": 3,
                "layout": {"layout": "side", "showID": true, "showName": true},
                "hideDisabled": false,
                "techniques": techniques,
                "gradient": {"colors": ["#ffe766", "#ff6666"], "minValue": 0, "maxValue": max},
                "legendItems": [{"label": "assets struck", "color": "#ff6666"}],
                "metadata": [
                    {"name": "exercise", "value": s.meta.id.clone()},
                    {"name": "handling", "value": caveat},
                    {"name": "seed", "value": seed.to_string()},
                    {"name": "view", "value": who},
                ],
            }),
        });
    }
    out
}

fn join(set: &BTreeSet<String>) -> String {
    set.iter().cloned().collect::<Vec<_>>().join(", ")
}
