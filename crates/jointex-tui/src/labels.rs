//! Words for the engine's data in the reader's language: vocabularies, orders, refusals and
//! events.
//!
//! The engine speaks in ids and enums; this module turns them into interface text through
//! the Fluent files, and scenario names through `Text::get`. It reads and never changes
//! anything.

use fluent_bundle::FluentValue;
use jointex_scenario::model::{ActorId, AssetId, IndicatorId, InjectId, TeamId};
use jointex_scenario::vocab::{
    AssetKind, Capability, Channel, Control, Impact, Phase, Sector, Tlp, Zone,
};
use jointex_scenario::{Lang, Scenario};
use jointex_sim::{
    Belief, CommandKind, Event, FacilitatorOrder, Missing, Order, Rating, Refusal, Seat,
    ServiceState, Source, TeamOrder, TlpRule,
};

use crate::i18n::I18n;

/// Translation in one language against one scenario.
#[derive(Clone, Copy)]
pub struct Tr<'a> {
    /// The translations.
    pub i18n: &'a I18n,
    /// The reader's language.
    pub lang: Lang,
    /// The scenario (for names).
    pub s: &'a Scenario,
}

/// A Fluent argument.
pub type Arg<'a> = (&'a str, FluentValue<'a>);

impl<'a> Tr<'a> {
    /// A message.
    pub fn t(&self, id: &str) -> String {
        self.i18n.tr(self.lang, id)
    }

    /// A message with arguments.
    pub fn ta(&self, id: &str, args: &[Arg<'_>]) -> String {
        self.i18n.tra(self.lang, id, args)
    }

    /// A sector's name.
    pub fn sector(&self, x: Sector) -> String {
        self.t(&format!("sector-{}", x.name()))
    }
    /// A zone's name.
    pub fn zone(&self, x: Zone) -> String {
        self.t(&format!("zone-{}", x.name()))
    }
    /// An asset kind's name.
    pub fn kind(&self, x: AssetKind) -> String {
        self.t(&format!("kind-{}", x.name()))
    }
    /// A control's name.
    pub fn control(&self, x: Control) -> String {
        self.t(&format!("control-{}", x.name()))
    }
    /// A channel's name.
    pub fn channel(&self, x: Channel) -> String {
        self.t(&format!("channel-{}", x.name()))
    }
    /// A campaign phase's name.
    pub fn phase(&self, x: Phase) -> String {
        self.t(&format!("phase-{}", x.name()))
    }
    /// An impact's name.
    pub fn impact(&self, x: Impact) -> String {
        self.t(&format!("impact-{}", x.name()))
    }
    /// A core capability's name.
    pub fn capability(&self, x: Capability) -> String {
        self.t(&format!("capability-{}", x.name()))
    }
    /// A TLP marking (the same words in every language, as TLP 2.0 prescribes).
    pub fn tlp(&self, x: Tlp) -> &'static str {
        x.label()
    }
    /// How a team came to suspect an asset.
    pub fn source(&self, x: Source) -> String {
        self.t(match x {
            Source::Alert => "source-alert",
            Source::Hunt => "source-hunt",
            Source::Investigation => "source-investigation",
            Source::PartnerIntel => "source-partner",
            Source::Inject => "source-inject",
            Source::Impact => "source-impact",
            Source::Restore => "source-restore",
        })
    }
    /// A service condition.
    pub fn service(&self, x: ServiceState) -> String {
        self.t(match x {
            ServiceState::Up => "service-up",
            ServiceState::Degraded => "service-degraded",
            ServiceState::Down => "service-down",
        })
    }
    /// A belief.
    pub fn belief(&self, x: Belief) -> String {
        self.t(match x {
            Belief::Unknown => "belief-unknown",
            Belief::Suspected => "belief-suspected",
            Belief::Compromised => "belief-compromised",
            Belief::Clean => "belief-clean",
        })
    }

    /// An asset's name.
    pub fn asset(&self, a: AssetId) -> String {
        self.s
            .assets
            .get(a.index())
            .map_or_else(|| format!("#{}", a.0), |x| x.name.get(self.lang).to_owned())
    }
    /// An asset's id as written in the scenario.
    pub fn asset_key(&self, a: AssetId) -> &'a str {
        self.s.assets.get(a.index()).map_or("?", |x| x.key.as_str())
    }
    /// A team's CERT name.
    pub fn team(&self, t: TeamId) -> String {
        self.s
            .teams
            .get(t.index())
            .map_or_else(|| format!("#{}", t.0), |x| x.cert.get(self.lang).to_owned())
    }
    /// A team's nation name.
    pub fn nation(&self, t: TeamId) -> String {
        self.s
            .teams
            .get(t.index())
            .map_or_else(|| format!("#{}", t.0), |x| x.name.get(self.lang).to_owned())
    }
    /// An indicator, as its value.
    pub fn indicator(&self, i: IndicatorId) -> String {
        self.s
            .indicators
            .get(i.index())
            .map_or_else(|| format!("#{}", i.0), |x| x.value.clone())
    }
    /// An actor's name.
    pub fn actor(&self, a: ActorId) -> String {
        self.s
            .actors
            .get(a.index())
            .map_or_else(|| format!("#{}", a.0), |x| x.name.get(self.lang).to_owned())
    }
    /// A stage's id and phase.
    pub fn stage(&self, a: ActorId, st: jointex_scenario::model::StageId) -> String {
        self.s
            .actors
            .get(a.index())
            .and_then(|x| x.stages.get(st.index()))
            .map_or_else(
                || format!("#{}", st.0),
                |x| format!("{} ({})", x.key, self.phase(x.phase)),
            )
    }
    /// An inject's MSEL number and title.
    pub fn inject(&self, i: InjectId) -> String {
        self.s.injects.get(i.index()).map_or_else(
            || format!("#{}", i.0),
            |x| format!("{} {}", x.key, x.title.get(self.lang)),
        )
    }

    /// The name of a team order's kind.
    pub fn order_kind(&self, o: &TeamOrder) -> String {
        self.t(match o {
            TeamOrder::Investigate(_) => "order-investigate",
            TeamOrder::Hunt(_) => "order-hunt",
            TeamOrder::Isolate(_) => "order-isolate",
            TeamOrder::Reconnect(_) => "order-reconnect",
            TeamOrder::Patch(_) => "order-patch",
            TeamOrder::ResetCredentials(_) => "order-reset",
            TeamOrder::Restore(_) => "order-restore",
            TeamOrder::DeploySensor(_) => "order-sensor",
            TeamOrder::Block(_) => "order-block",
            TeamOrder::Share(_) => "order-share",
            TeamOrder::RequestAssistance(_) => "order-request",
            TeamOrder::ProvideAssistance(_) => "order-provide",
            TeamOrder::JointOperation(_) => "order-joint",
            TeamOrder::PublicAdvisory(_) => "order-advisory",
        })
    }

    /// A team order with its target: `Isolate: BPL EMS historian`.
    pub fn order(&self, o: &TeamOrder) -> String {
        let kind = self.order_kind(o);
        let target = match o {
            TeamOrder::Investigate(a)
            | TeamOrder::Isolate(a)
            | TeamOrder::Reconnect(a)
            | TeamOrder::Patch(a)
            | TeamOrder::ResetCredentials(a)
            | TeamOrder::Restore(a)
            | TeamOrder::DeploySensor(a) => self.asset_key(*a).to_owned(),
            TeamOrder::Hunt(i) | TeamOrder::Block(i) => self.indicator(*i),
            TeamOrder::Share(sh) => {
                let to = if sh.to.is_empty() {
                    self.t("recipients-all")
                } else {
                    sh.to
                        .iter()
                        .map(|t| self.team(*t))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                self.ta(
                    "order-share-target",
                    &[
                        ("count", sh.indicators.len().into()),
                        ("tlp", sh.tlp.label().into()),
                        ("to", to.into()),
                    ],
                )
            }
            TeamOrder::RequestAssistance(t) => t.get(self.lang).to_owned(),
            TeamOrder::ProvideAssistance(t) => self.team(*t),
            TeamOrder::JointOperation(a) => self.actor(*a),
            TeamOrder::PublicAdvisory(v) => {
                self.ta("order-indicators", &[("count", v.len().into())])
            }
        };
        format!("{kind}: {target}")
    }

    /// A facilitator order.
    pub fn fac_order(&self, o: &FacilitatorOrder) -> String {
        match o {
            FacilitatorOrder::Hold(i) => self.ta("fac-hold", &[("inject", self.inject(*i).into())]),
            FacilitatorOrder::Release(i) => {
                self.ta("fac-release", &[("inject", self.inject(*i).into())])
            }
            FacilitatorOrder::FireNow(i) => {
                self.ta("fac-fire", &[("inject", self.inject(*i).into())])
            }
            FacilitatorOrder::AdHoc(a) => {
                self.ta("fac-adhoc", &[("title", a.title.get(self.lang).into())])
            }
            FacilitatorOrder::Pause => self.t("fac-pause"),
            FacilitatorOrder::Resume => self.t("fac-resume"),
            FacilitatorOrder::AllowTlpViolations(true) => self.t("fac-allow-violations"),
            FacilitatorOrder::AllowTlpViolations(false) => self.t("fac-refuse-violations"),
        }
    }

    /// Any order.
    pub fn any_order(&self, o: &Order) -> String {
        match o {
            Order::Team(t, o) => format!("{} · {}", self.team(*t), self.order(o)),
            Order::Facilitator(o) => self.fac_order(o),
        }
    }

    /// Why an order was refused, as a sentence.
    pub fn refusal(&self, r: &Refusal) -> String {
        match r {
            Refusal::ExerciseOver => self.t("refusal-over"),
            Refusal::Paused => self.t("refusal-paused"),
            Refusal::AlreadySubmitted => self.t("refusal-submitted"),
            Refusal::NotEnoughPoints { needed, left } => self.ta(
                "refusal-points",
                &[("needed", (*needed).into()), ("left", (*left).into())],
            ),
            Refusal::NoSuch(what) => self.ta(
                "refusal-no-such",
                &[("what", self.t(missing_id(*what)).into())],
            ),
            Refusal::NotYourCommand { seat, command } => self.ta(
                "refusal-not-your-command",
                &[
                    ("seat", self.seat(*seat).into()),
                    ("command", self.t(command_id(*command)).into()),
                ],
            ),
            Refusal::AlreadyAcknowledged => self.t("refusal-acknowledged"),
            Refusal::EmptyMessage => self.t("refusal-empty-message"),
            Refusal::BadMessage => self.t("refusal-bad-message"),
            Refusal::ForeignAsset => self.t("refusal-foreign"),
            Refusal::AlreadyIsolated => self.t("refusal-isolated"),
            Refusal::NotIsolated => self.t("refusal-not-isolated"),
            Refusal::AlreadyPatched => self.t("refusal-patched"),
            Refusal::NoBackups => self.t("refusal-no-backups"),
            Refusal::AlreadyRestoring => self.t("refusal-restoring"),
            Refusal::SensorPresent => self.t("refusal-sensor"),
            Refusal::AlreadyBlocked => self.t("refusal-blocked"),
            Refusal::UnknownIndicator => self.t("refusal-unknown-indicator"),
            Refusal::EmptyShare => self.t("refusal-empty-share"),
            Refusal::BadRecipient => self.t("refusal-recipient"),
            Refusal::TlpViolation {
                indicator,
                received,
                rule,
            } => {
                let rule = self.t(tlp_rule_id(*rule));
                // The value the team's lists show, not the scenario's id for it.
                let shown = self
                    .s
                    .indicator_id(indicator)
                    .map_or_else(|| indicator.clone(), |i| self.indicator(i));
                self.ta(
                    "refusal-tlp",
                    &[
                        ("indicator", shown.into()),
                        ("received", received.label().into()),
                        ("why", rule.into()),
                    ],
                )
            }
            Refusal::Duplicate => self.t("refusal-duplicate"),
            Refusal::NotRequested => self.t("refusal-not-requested"),
            Refusal::NoIntelOnActor => self.t("refusal-no-intel"),
            Refusal::AlreadyFired => self.t("refusal-fired"),
            Refusal::NotHeld => self.t("refusal-not-held"),
            Refusal::AlreadyHeld => self.t("refusal-held"),
            Refusal::AlreadyPaused => self.t("refusal-already-paused"),
            Refusal::NotPaused => self.t("refusal-already-running"),
        }
    }

    /// One event as a line of a timeline, as `viewer` (a team, or the facilitator when
    /// `None`) reads it.
    pub fn event(&self, e: &Event, viewer: Option<TeamId>) -> String {
        match e {
            Event::OrderApplied { order } => self.ta(
                "ev-order-applied",
                &[("order", self.viewer_order(order, viewer).into())],
            ),
            Event::OrderRefused { order, reason } => self.ta(
                "ev-order-refused",
                &[
                    ("order", self.viewer_order(order, viewer).into()),
                    ("reason", self.refusal(reason).into()),
                ],
            ),
            Event::CampaignStarted { actor, stage } => self.ta(
                "ev-campaign-started",
                &[
                    ("actor", self.actor(*actor).into()),
                    ("stage", self.stage(*actor, *stage).into()),
                ],
            ),
            Event::Attempt {
                actor,
                stage,
                asset,
                success,
            } => self.ta(
                if *success {
                    "ev-attempt-ok"
                } else {
                    "ev-attempt-failed"
                },
                &[
                    ("actor", self.actor(*actor).into()),
                    ("stage", self.stage(*actor, *stage).into()),
                    ("asset", self.asset_key(*asset).into()),
                ],
            ),
            Event::Compromised { asset, actor } => self.ta(
                "ev-compromised",
                &[
                    ("asset", self.asset_key(*asset).into()),
                    ("actor", self.actor(*actor).into()),
                ],
            ),
            Event::Evicted { asset } => {
                self.ta("ev-evicted", &[("asset", self.asset_key(*asset).into())])
            }
            Event::StageCompleted { actor, stage, .. } => self.ta(
                "ev-stage-completed",
                &[
                    ("actor", self.actor(*actor).into()),
                    ("stage", self.stage(*actor, *stage).into()),
                ],
            ),
            Event::StageBlocked { actor, stage, .. } => self.ta(
                "ev-stage-blocked",
                &[
                    ("actor", self.actor(*actor).into()),
                    ("stage", self.stage(*actor, *stage).into()),
                ],
            ),
            Event::ImpactApplied { asset, impact } => self.ta(
                "ev-impact",
                &[
                    ("asset", self.asset_key(*asset).into()),
                    ("impact", self.impact(*impact).into()),
                ],
            ),
            Event::Detected {
                team,
                asset,
                source,
            } => self.ta(
                "ev-detected",
                &[
                    ("team", self.team(*team).into()),
                    ("asset", self.asset_key(*asset).into()),
                    ("source", self.source(*source).into()),
                ],
            ),
            Event::Investigated {
                asset, compromised, ..
            } => self.ta(
                if *compromised {
                    "ev-investigated-bad"
                } else {
                    "ev-investigated-clean"
                },
                &[("asset", self.asset_key(*asset).into())],
            ),
            // The facilitator reads both teams' findings: say whose each is.
            Event::IndicatorLearned { team, .. } if viewer.is_none() => {
                let mine = self.event(e, Some(*team));
                format!("{}: {mine}", self.team(*team))
            }
            Event::IndicatorLearned {
                indicator,
                tlp,
                from,
                ..
            } => match from {
                Some(f) => self.ta(
                    "ev-learned-from",
                    &[
                        ("indicator", self.indicator(*indicator).into()),
                        ("tlp", tlp.label().into()),
                        ("team", self.team(*f).into()),
                    ],
                ),
                None => self.ta(
                    "ev-learned",
                    &[("indicator", self.indicator(*indicator).into())],
                ),
            },
            Event::ShareReceived {
                from,
                to,
                indicators,
                tlp,
                ..
            } => {
                let args = [
                    ("from", self.team(*from).into()),
                    ("to", self.team(*to).into()),
                    ("count", indicators.len().into()),
                    ("tlp", tlp.label().into()),
                ];
                if viewer == Some(*from) {
                    self.ta("ev-share-sent", &args)
                } else {
                    self.ta("ev-share-received", &args)
                }
            }
            Event::TlpViolated {
                team,
                indicator,
                tlp,
            } => self.ta(
                "ev-tlp-violated",
                &[
                    ("team", self.team(*team).into()),
                    ("indicator", self.indicator(*indicator).into()),
                    ("tlp", tlp.label().into()),
                ],
            ),
            Event::AssistanceRequested { team, text } => self.ta(
                "ev-assistance-requested",
                &[
                    ("team", self.team(*team).into()),
                    ("text", text.clone().into()),
                ],
            ),
            Event::AssistanceProvided { from, to } => self.ta(
                "ev-assistance-provided",
                &[
                    ("from", self.team(*from).into()),
                    ("to", self.team(*to).into()),
                ],
            ),
            Event::JointOperationSucceeded { actor } => {
                self.ta("ev-joint-ok", &[("actor", self.actor(*actor).into())])
            }
            Event::JointOperationUnmatched { team, actor } => self.ta(
                "ev-joint-unmatched",
                &[
                    ("team", self.team(*team).into()),
                    ("actor", self.actor(*actor).into()),
                ],
            ),
            Event::AdvisoryPublished { team, indicators } => self.ta(
                "ev-advisory",
                &[
                    ("team", self.team(*team).into()),
                    ("count", indicators.len().into()),
                ],
            ),
            Event::Contained { asset, .. } => {
                self.ta("ev-contained", &[("asset", self.asset_key(*asset).into())])
            }
            Event::ServiceChanged { asset, state } => self.ta(
                "ev-service",
                &[
                    ("asset", self.asset_key(*asset).into()),
                    ("state", self.service(*state).into()),
                ],
            ),
            Event::Restored { asset } => {
                self.ta("ev-restored", &[("asset", self.asset_key(*asset).into())])
            }
            Event::InjectFired { inject } => {
                self.ta("ev-inject", &[("inject", self.inject(*inject).into())])
            }
            Event::AdHocFired { number, .. } => {
                self.ta("ev-adhoc", &[("number", (*number + 1).into())])
            }
            Event::ExpectedMissed { inject, index } => self.ta(
                "ev-expected-missed",
                &[
                    ("inject", self.inject(*inject).into()),
                    ("action", self.expected(*inject, *index).into()),
                ],
            ),
            Event::ExpectedMet { inject, index } => self.ta(
                "ev-expected-met",
                &[
                    ("inject", self.inject(*inject).into()),
                    ("action", self.expected(*inject, *index).into()),
                ],
            ),
            Event::Availability {
                team,
                sector,
                per_mille,
            } => self.ta(
                "ev-availability",
                &[
                    ("team", self.team(*team).into()),
                    ("sector", self.sector(*sector).into()),
                    ("pct", percent(*per_mille).into()),
                ],
            ),
            Event::ObjectiveRated { objective, rating } => {
                // The key and what it asks, so the line says which objective it is.
                let key = self.s.objectives.get(objective.index()).map_or_else(
                    || "?".to_owned(),
                    |o| {
                        let text = o.text.get(self.lang);
                        let short: String = text.chars().take(60).collect();
                        let more = if short.len() < text.len() { "…" } else { "" };
                        format!("{} ({short}{more})", o.key)
                    },
                );
                self.ta(
                    "ev-objective-rated",
                    &[
                        ("objective", key.into()),
                        ("rating", self.rating(*rating).into()),
                    ],
                )
            }
            Event::Acknowledged {
                team,
                sender: Some(from),
                ..
            } => self.ta(
                "ev-acknowledged",
                &[
                    ("team", self.team(*team).into()),
                    ("from", self.team(*from).into()),
                ],
            ),
            Event::Acknowledged { team, .. } => self.ta(
                "ev-acknowledged-notice",
                &[("team", self.team(*team).into())],
            ),
            Event::Chat { by, text, .. } => self.ta(
                "ev-chat",
                &[("by", by.clone().into()), ("text", text.clone().into())],
            ),
            Event::PauseChanged { paused } => {
                self.t(if *paused { "ev-paused" } else { "ev-resumed" })
            }
            Event::TurnEnded { turn, .. } => self.ta("ev-turn-ended", &[("turn", (*turn).into())]),
        }
    }

    /// A seat's name.
    pub fn seat(&self, seat: Seat) -> String {
        match seat {
            Seat::Facilitator => self.t("seat-name-facilitator"),
            Seat::Team(t) => self.ta("seat-name-team", &[("team", self.team(t).into())]),
        }
    }

    /// An objective's rating, letter and meaning.
    pub fn rating(&self, r: Rating) -> String {
        self.t(match r {
            Rating::P => "rating-p",
            Rating::S => "rating-s",
            Rating::M => "rating-m",
            Rating::U => "rating-u",
            Rating::NotExercised => "rating-ne",
        })
    }

    fn viewer_order(&self, o: &Order, viewer: Option<TeamId>) -> String {
        match (o, viewer) {
            (Order::Team(t, o), Some(v)) if *t == v => self.order(o),
            _ => self.any_order(o),
        }
    }

    /// An expected action of an inject: `team: isolate`.
    pub fn expected(&self, inject: InjectId, index: usize) -> String {
        self.s
            .injects
            .get(inject.index())
            .and_then(|i| i.expected.get(index))
            .map_or_else(String::new, |e| {
                // The target tells two expected actions of one inject apart.
                let target = match e.target {
                    Some(jointex_scenario::model::Target::Asset(a)) => {
                        format!(" {}", self.asset_key(a))
                    }
                    Some(jointex_scenario::model::Target::Indicator(i)) => {
                        format!(" {}", self.indicator(i))
                    }
                    None => String::new(),
                };
                format!(
                    "{}: {}{target}",
                    self.team(e.team),
                    self.t(&format!("action-{}", e.action.name()))
                )
            })
    }
}

/// A per-mille value as a percentage with one decimal when needed: `99.5`, `100`.
pub fn percent(per_mille: u16) -> String {
    if per_mille.is_multiple_of(10) {
        format!("{}", per_mille / 10)
    } else {
        format!("{}.{}", per_mille / 10, per_mille % 10)
    }
}

/// A count with thousands separators: `2,400,000`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The Fluent id of a TLP rule.
fn tlp_rule_id(rule: TlpRule) -> &'static str {
    match rule {
        TlpRule::GreenNotPublic => "tlp-rule-green-public",
        TlpRule::NotPublishable => "tlp-rule-no-publish",
        TlpRule::RedNamedOnly => "tlp-rule-red",
        TlpRule::AmberStrictInside => "tlp-rule-amber-strict",
        TlpRule::AmberNeedToKnow => "tlp-rule-amber",
        TlpRule::NoWeakerMarking => "tlp-rule-weaker",
    }
}

/// The Fluent id of the kind of thing a refused id names.
fn missing_id(m: Missing) -> &'static str {
    match m {
        Missing::Team => "missing-team",
        Missing::Asset => "missing-asset",
        Missing::Indicator => "missing-indicator",
        Missing::Actor => "missing-actor",
        Missing::Inject => "missing-inject",
        Missing::PlanEntry => "missing-plan-entry",
        Missing::Message => "missing-message",
    }
}

/// The Fluent id of a command kind.
fn command_id(c: CommandKind) -> &'static str {
    match c {
        CommandKind::Order => "command-order",
        CommandKind::Withdraw => "command-withdraw",
        CommandKind::Submit => "command-submit",
        CommandKind::Acknowledge => "command-acknowledge",
        CommandKind::Facilitate => "command-facilitate",
        CommandKind::Resolve => "command-resolve",
        CommandKind::Chat => "command-chat",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vocabulary_word_is_translated() {
        let i = I18n::new();
        let mut ids: Vec<String> = Vec::new();
        ids.extend(Sector::ALL.iter().map(|x| format!("sector-{}", x.name())));
        ids.extend(Zone::ALL.iter().map(|x| format!("zone-{}", x.name())));
        ids.extend(AssetKind::ALL.iter().map(|x| format!("kind-{}", x.name())));
        ids.extend(Control::ALL.iter().map(|x| format!("control-{}", x.name())));
        ids.extend(Channel::ALL.iter().map(|x| format!("channel-{}", x.name())));
        ids.extend(Phase::ALL.iter().map(|x| format!("phase-{}", x.name())));
        ids.extend(
            jointex_scenario::vocab::Role::ALL
                .iter()
                .map(|x| format!("role-{}", x.name())),
        );
        ids.extend(
            jointex_scenario::vocab::TrustKind::ALL
                .iter()
                .map(|x| format!("trust-{}", x.name())),
        );
        ids.extend(
            jointex_scenario::vocab::IndicatorKind::ALL
                .iter()
                .map(|x| format!("indkind-{}", x.name())),
        );
        ids.extend(Impact::ALL.iter().map(|x| format!("impact-{}", x.name())));
        ids.extend(
            Capability::ALL
                .iter()
                .map(|x| format!("capability-{}", x.name())),
        );
        ids.extend(
            jointex_scenario::vocab::ActionKind::ALL
                .iter()
                .map(|x| format!("action-{}", x.name())),
        );
        for id in ids {
            for lang in Lang::ALL {
                assert!(i.has(lang, &id), "{id} missing in {lang:?}");
            }
        }
    }

    #[test]
    fn percentages() {
        assert_eq!(percent(1000), "100");
        assert_eq!(percent(995), "99.5");
        assert_eq!(thousands(2_400_000), "2,400,000");
        assert_eq!(thousands(999), "999");
    }
}
