//! What a sending team knew when it shared: the only source of a bundle's content.
//!
//! A bundle leaves the exercise and reaches the partner, so it must say nothing the sender
//! could not know then (fog of war, as the team's screens keep it). Built from the team's
//! own view and the events that reached it, never from the scenario author's notes:
//!
//! * **how each indicator was learned**: found on its own systems (an investigation
//!   recovered it), received from a partner, reported by an inject's source (a vendor, the
//!   FBI on the phone), or read in another team's public advisory — only the first is a
//!   sighting by the sender;
//! * **which techniques it has evidence of**: the stages that compromised one of its own
//!   assets, once an investigation confirmed that asset compromised, and the impact stages
//!   whose effect hit its own assets — known from the turn after (a share is given while a
//!   turn is planned, before that turn's events).

use std::collections::BTreeMap;

use jointex_scenario::model::{ActorId, AssetId, Effect, IndicatorId, InjectId, StageId, TeamId};
use jointex_scenario::vocab::Tlp;
use jointex_sim::{Event, Exercise};

/// How a team came to hold an indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Learned {
    /// Found on its own systems.
    Found,
    /// Received from a partner team, under a marking.
    Partner(TeamId, Tlp),
    /// Reported by an inject's source.
    Reported(InjectId),
    /// Read in a team's public advisory.
    Published(TeamId),
}

/// A team's knowledge, as it bears on what it may put in a bundle.
#[derive(Clone, Debug, Default)]
pub struct SenderKnowledge {
    /// Each indicator the team holds: the turn learned and how.
    pub learned: BTreeMap<IndicatorId, (u32, Learned)>,
    /// Each stage the team has evidence of, with the first turn it had it.
    pub evidence: BTreeMap<(ActorId, StageId), u32>,
    /// For each stage it has evidence of, the own assets that evidence is about.
    pub incidents: BTreeMap<(ActorId, StageId), std::collections::BTreeSet<AssetId>>,
}

impl SenderKnowledge {
    /// What `team` knows by the end of the exercise so far; [`SenderKnowledge::at`] narrows it
    /// to a turn.
    pub fn of(ex: &Exercise, team: TeamId) -> SenderKnowledge {
        let s = ex.scenario();
        let mut revealed_by: BTreeMap<(IndicatorId, u32), InjectId> = BTreeMap::new();
        let mut advisories: BTreeMap<(IndicatorId, u32), TeamId> = BTreeMap::new();
        let mut attempts: Vec<(u32, ActorId, StageId, jointex_scenario::model::AssetId)> =
            Vec::new();
        let mut confirmed: BTreeMap<jointex_scenario::model::AssetId, Vec<u32>> = BTreeMap::new();
        for (turn, e) in ex.events() {
            match e {
                Event::InjectFired { inject } => {
                    for effect in s
                        .injects
                        .get(inject.index())
                        .map_or(&[][..], |i| &i.effects[..])
                    {
                        if let Effect::Reveal(t, i, _) = effect
                            && *t == team
                        {
                            revealed_by.entry((*i, *turn)).or_insert(*inject);
                        }
                    }
                }
                Event::AdvisoryPublished {
                    team: by,
                    indicators,
                } => {
                    for i in indicators {
                        advisories.entry((*i, *turn)).or_insert(*by);
                    }
                }
                Event::Attempt {
                    actor,
                    stage,
                    asset,
                    success: true,
                } if s.assets.get(asset.index()).is_some_and(|a| a.owner == team) => {
                    attempts.push((*turn, *actor, *stage, *asset));
                }
                Event::Investigated {
                    team: t,
                    asset,
                    compromised: true,
                } if *t == team => confirmed.entry(*asset).or_default().push(*turn),
                _ => {}
            }
        }

        let mut learned = BTreeMap::new();
        for k in ex.view(team).indicators {
            let how = match k.from {
                Some(p) if advisories.get(&(k.indicator, k.turn)) == Some(&p) => {
                    Learned::Published(p)
                }
                Some(p) => Learned::Partner(p, k.tlp),
                None => match (
                    revealed_by.get(&(k.indicator, k.turn)),
                    advisories.get(&(k.indicator, k.turn)),
                ) {
                    (Some(inject), _) => Learned::Reported(*inject),
                    (None, Some(by)) if *by != team => Learned::Published(*by),
                    _ => Learned::Found,
                },
            };
            learned.insert(k.indicator, (k.turn, how));
        }

        let mut evidence: BTreeMap<(ActorId, StageId), u32> = BTreeMap::new();
        let mut incidents: BTreeMap<(ActorId, StageId), std::collections::BTreeSet<AssetId>> =
            BTreeMap::new();
        for (ta, actor, stage, asset) in attempts {
            let impact = s
                .actors
                .get(actor.index())
                .and_then(|a| a.stages.get(stage.index()))
                .is_some_and(|st| st.impact.is_some());
            // Confirmed by an investigation after the attempt (an investigation is applied
            // before the adversary moves, so one in the same turn came before it).
            let by_investigation = confirmed
                .get(&asset)
                .and_then(|turns| turns.iter().copied().filter(|ti| *ti > ta).min());
            let known = match (impact, by_investigation) {
                (true, Some(ti)) => Some(ta.min(ti)),
                (true, None) => Some(ta),
                (false, ti) => ti,
            };
            if let Some(t) = known {
                let e = evidence.entry((actor, stage)).or_insert(t);
                *e = (*e).min(t);
                incidents.entry((actor, stage)).or_default().insert(asset);
            }
        }
        SenderKnowledge {
            learned,
            evidence,
            incidents,
        }
    }

    /// How the team held an indicator when it shared in `turn`.
    pub fn how(&self, i: IndicatorId, turn: u32) -> Option<(u32, Learned)> {
        self.learned.get(&i).copied().filter(|(t, _)| *t <= turn)
    }

    /// Whether the team had evidence of a stage when it planned `turn`: from the events of
    /// earlier turns only.
    pub fn evidenced(&self, actor: ActorId, stage: StageId, turn: u32) -> bool {
        self.evidence
            .get(&(actor, stage))
            .is_some_and(|t| *t < turn)
    }
}
