//! A share, as the MISP event that a CERT's MISP instance imports (MISP core format).
//!
//! One share is one event, built from the same sender's knowledge as its STIX bundle
//! ([`crate::sender`]): one attribute per shared indicator (its MISP type and category by the
//! format's defaults, `to_ids` set, the comment in the sender's words) and one `threat-actor`
//! attribute per actor the indicators are attributed to, marked fictional. Tags: the share's
//! TLP 2.0 marking (`tlp:amber+strict` …) and the `exercise` taxonomy (`exercise:generic`),
//! plus `jointex:scenario="<id>"` — so a MISP instance can tell exercise events from real
//! ones, filter them and delete them afterwards. The organisation is the exercise identity of
//! the sending CERT (`CISA (EXERCISE pacific-bridge)`), never the real agency.
//!
//! UUIDs are seeded like the STIX ids (scenario, seed, exercise identity, share), so the same
//! exercise gives the same events and no other exercise shares them; times come from the
//! exercise clock.

use jointex_scenario::Lang;
use jointex_scenario::model::TeamId;
use jointex_scenario::vocab::{IndicatorKind, Tlp};
use jointex_sim::Exercise;
use serde_json::{Value, json};

use crate::bundle::id_seed;
use crate::ids::seeded_uuid;
use crate::sender::SenderKnowledge;

/// One share and its event.
#[derive(Clone, Debug, PartialEq)]
pub struct ShareEvent {
    /// `share-<turn>-<from>-to-<to…>.misp.json`, like the STIX file.
    pub file_name: String,
    /// The document, `{"Event": {…}}`.
    pub event: Value,
}

/// The MISP tag of a TLP 2.0 marking (the `tlp` taxonomy, version 10).
pub fn tlp_tag(tlp: Tlp) -> &'static str {
    match tlp {
        Tlp::Clear => "tlp:clear",
        Tlp::Green => "tlp:green",
        Tlp::Amber => "tlp:amber",
        Tlp::AmberStrict => "tlp:amber+strict",
        Tlp::Red => "tlp:red",
    }
}

fn tag_colour(tlp: Tlp) -> &'static str {
    match tlp {
        Tlp::Clear => "#ffffff",
        Tlp::Green => "#33FF00",
        Tlp::Amber | Tlp::AmberStrict => "#FFC000",
        Tlp::Red => "#FF2B2B",
    }
}

/// The MISP attribute type and category of an indicator kind (the format's defaults).
pub fn attribute_type(kind: IndicatorKind) -> (&'static str, &'static str) {
    match kind {
        IndicatorKind::Ipv4 | IndicatorKind::Ipv6 => ("ip-dst", "Network activity"),
        IndicatorKind::Domain => ("domain", "Network activity"),
        IndicatorKind::Url => ("url", "Network activity"),
        IndicatorKind::Md5 => ("md5", "Payload delivery"),
        IndicatorKind::Sha1 => ("sha1", "Payload delivery"),
        IndicatorKind::Sha256 => ("sha256", "Payload delivery"),
        IndicatorKind::Email => ("email-src", "Payload delivery"),
    }
}

/// The events of every share sent so far, in order; `exercise` seeds the UUIDs as in
/// [`crate::bundle::bundles_of`].
pub fn events(ex: &Exercise, exercise: Option<&str>) -> Vec<ShareEvent> {
    let s = ex.scenario();
    let seed = id_seed(s, ex.seed(), exercise);
    let mut knowledge: std::collections::BTreeMap<TeamId, SenderKnowledge> = Default::default();
    let shares = ex.shares();
    let mut out = Vec::new();
    for (index, share) in shares.iter().enumerate() {
        let knows = knowledge
            .entry(share.from)
            .or_insert_with(|| SenderKnowledge::of(ex, share.from));
        let uuid = |kind: &str, key: &str| {
            seeded_uuid(&seed, kind, &format!("share/{index}/{key}")).to_string()
        };
        let start = s.clock.turn_start(share.turn);
        let timestamp = start.as_second().max(0).to_string();
        let date = jiff::tz::TimeZone::UTC
            .to_datetime(start)
            .date()
            .to_string();
        let cert = |t: TeamId| s.team(t).cert.get(Lang::En).to_owned();
        let sender = format!("{} (EXERCISE {})", cert(share.from), s.meta.id);
        let org = json!({
            "id": "0",
            "name": sender,
            "uuid": seeded_uuid(&format!("jointex/{}", s.meta.id), "identity", &format!("team/{}", s.team(share.from).key)).to_string(),
        });
        let inherit = "5";
        let mut attributes = Vec::new();
        let mut actors = Vec::new();
        for &i in &share.indicators {
            let Some(ind) = s.indicators.get(i.index()) else {
                continue;
            };
            let (kind, category) = attribute_type(ind.kind);
            let comment = crate::bundle::provenance(s, knows.how(i, share.turn));
            attributes.push(json!({
                "uuid": uuid("attribute", &format!("indicator/{}", ind.key)),
                "type": kind,
                "category": category,
                "to_ids": true,
                "value": ind.value,
                "comment": format!("EXERCISE: {}{}.", comment[..1].to_uppercase(), &comment[1..]),
                "distribution": inherit,
                "timestamp": timestamp,
                "deleted": false,
                "disable_correlation": false,
            }));
            if let Some(a) = ind.actor
                && !actors.contains(&a)
            {
                actors.push(a);
            }
        }
        for a in &actors {
            let actor = &s.actors[a.index()];
            attributes.push(json!({
                "uuid": uuid("attribute", &format!("actor/{}", actor.key)),
                "type": "threat-actor",
                "category": "Attribution",
                "to_ids": false,
                "value": format!("{} (fictional)", actor.name.get(Lang::En)),
                "comment": format!("A fictional threat actor of the jointex exercise {}. Not a real group.", s.meta.id),
                "distribution": inherit,
                "timestamp": timestamp,
                "deleted": false,
                "disable_correlation": true,
            }));
        }
        let to: Vec<String> = share.to.iter().map(|t| cert(*t)).collect();
        // Who may receive it in MISP terms: CLEAR and GREEN the community, the rest this
        // organisation only (an instance's sharing groups are not ours to name).
        let distribution = match share.tlp {
            Tlp::Clear | Tlp::Green => "1",
            _ => "0",
        };
        let info = format!(
            "EXERCISE {}: {} to {}, turn {} ({})",
            s.meta.id,
            cert(share.from),
            to.join(", "),
            share.turn,
            share.tlp.label()
        );
        let caveat = s.meta.handling.get(Lang::En);
        if !share.text.trim().is_empty() {
            // The share's own words, after the handling caveat.
            attributes.push(json!({
                "uuid": uuid("attribute", "text"),
                "type": "comment",
                "category": "Other",
                "to_ids": false,
                "value": format!("{caveat}. {}", share.text),
                "distribution": inherit,
                "timestamp": timestamp,
                "deleted": false,
                "disable_correlation": true,
            }));
        }
        let event = json!({
            "uuid": uuid("event", "event"),
            "info": info,
            "date": date,
            "timestamp": timestamp,
            "published": false,
            "publish_timestamp": "0",
            "distribution": distribution,
            "sharing_group_id": "0",
            "threat_level_id": "4",
            "analysis": "1",
            "attribute_count": attributes.len().to_string(),
            "Org": org.clone(),
            "Orgc": org,
            "Attribute": attributes,
            "Tag": [
                {"name": tlp_tag(share.tlp), "colour": tag_colour(share.tlp), "exportable": true},
                {"name": "exercise:generic", "colour": "#0088cc", "exportable": true},
                {"name": format!("jointex:scenario=\"{}\"", s.meta.id), "colour": "#0088cc", "exportable": true},
            ],
        });
        out.push(ShareEvent {
            file_name: crate::bundle::file_name(s, shares, index).replace(".json", ".misp.json"),
            event: json!({ "Event": event }),
        });
    }
    out
}
