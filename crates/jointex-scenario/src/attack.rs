//! The MITRE ATT&CK® technique catalogue (Enterprise and ICS, v18.1) that scenario technique
//! ids are checked against.
//!
//! The table is `assets/attack/attack-techniques.tsv`, embedded at build time so a check never
//! depends on the working directory. Attribution and licence: `assets/attack/README.md`.
//! ATT&CK® is a registered trademark of The MITRE Corporation.

use std::collections::BTreeMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../../assets/attack/attack-techniques.tsv");

/// The ATT&CK domain a technique belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Domain {
    /// Enterprise ATT&CK.
    Enterprise,
    /// ATT&CK for ICS.
    Ics,
}

/// One technique of the catalogue.
#[derive(Clone, Debug)]
pub struct Technique {
    /// The id, e.g. "T1566.001".
    pub id: &'static str,
    /// The name, e.g. "Spearphishing Attachment".
    pub name: &'static str,
    /// Enterprise or ICS.
    pub domain: Domain,
    /// Tactics (kill-chain phase names) in source order.
    pub tactics: Vec<&'static str>,
}

/// The ATT&CK tactics (kill-chain phase names, Enterprise and ICS) a stage's phase stands
/// for: a stage's technique should have one of them. Impact takes ICS's two impact-side
/// tactics too, since a process manipulated or a safety function inhibited is damage.
pub fn tactics_of(phase: crate::vocab::Phase) -> &'static [&'static str] {
    use crate::vocab::Phase;
    match phase {
        Phase::InitialAccess => &["initial-access"],
        Phase::Execution => &["execution"],
        Phase::Persistence => &["persistence"],
        Phase::PrivilegeEscalation => &["privilege-escalation"],
        Phase::CredentialAccess => &["credential-access"],
        Phase::Discovery => &["discovery"],
        Phase::LateralMovement => &["lateral-movement"],
        Phase::Collection => &["collection"],
        Phase::CommandAndControl => &["command-and-control"],
        Phase::Exfiltration => &["exfiltration"],
        Phase::Impact => &[
            "impact",
            "impair-process-control",
            "inhibit-response-function",
        ],
    }
}

/// Whether a technique outside a phase's tactics still fits it because jointex's lateral
/// movement also crosses into other organisations along supply-chain and trust edges — which
/// ATT&CK, seeing it from the next victim, calls initial access: Supply Chain Compromise
/// (T1195 and its sub-techniques, ICS T0862) and Trusted Relationship (T1199).
pub fn crosses_organisations(id: &str, phase: crate::vocab::Phase) -> bool {
    phase == crate::vocab::Phase::LateralMovement
        && matches!(parent_id(id).unwrap_or(id), "T1195" | "T1199" | "T0862")
}

/// Whether a technique fits a stage of this phase and impact: it has one of the phase's
/// tactics ([`tactics_of`]), or it crosses organisations on lateral movement
/// ([`crosses_organisations`]), or it is an exfiltration technique on an `Exfiltrate` impact
/// (data theft is that impact's damage). `check` warns (`technique-phase`) when it does not;
/// `jointex attack show` lists the phases it fits.
pub fn fits(
    t: &Technique,
    phase: crate::vocab::Phase,
    impact: Option<crate::vocab::Impact>,
) -> bool {
    let theft =
        impact == Some(crate::vocab::Impact::Exfiltrate) && t.tactics.contains(&"exfiltration");
    theft
        || t.tactics.iter().any(|x| tactics_of(phase).contains(x))
        || crosses_organisations(t.id, phase)
}

/// The parent of a sub-technique id (`T1486` of `T1486.001`), if the id has the form of one.
pub fn parent_id(id: &str) -> Option<&str> {
    id.split_once('.').map(|(parent, _)| parent)
}

/// Every technique, in id order.
pub fn all() -> impl Iterator<Item = &'static Technique> {
    catalogue().values()
}

/// Looks up a technique by id.
pub fn technique(id: &str) -> Option<&'static Technique> {
    catalogue().get(id)
}

/// Every technique id, sorted.
pub fn ids() -> impl Iterator<Item = &'static str> {
    catalogue().keys().copied()
}

fn catalogue() -> &'static BTreeMap<&'static str, Technique> {
    static CATALOGUE: OnceLock<BTreeMap<&'static str, Technique>> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        TABLE
            .lines()
            .skip(1)
            .filter_map(|line| {
                let mut cols = line.split('\t');
                let id = cols.next()?;
                let name = cols.next()?;
                let domain = match cols.next()? {
                    "ics" => Domain::Ics,
                    _ => Domain::Enterprise,
                };
                let tactics = cols.next()?.split(',').filter(|t| !t.is_empty()).collect();
                Some((
                    id,
                    Technique {
                        id,
                        name,
                        domain,
                        tactics,
                    },
                ))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_enterprise_and_ics_ids() {
        assert_eq!(
            technique("T1566.001").map(|t| t.name),
            Some("Spearphishing Attachment")
        );
        assert_eq!(technique("T0862").map(|t| t.domain), Some(Domain::Ics));
        assert!(technique("T9999").is_none());
        assert_eq!(
            ids().count(),
            774,
            "the table's row count, as its README states"
        );
    }
}
