//! The share feed of a running exercise: after each turn, the bundles of the shares sent in
//! it, pushed to a TAXII collection when there is one.
//!
//! This is what `export stix` runs, and what `run` and `play` can run turn by turn: call
//! [`ShareFeed::after_turn`] after each `Exercise::resolve`. TAXII trouble never stops the
//! exercise; it comes back as warnings, each said once until the trouble changes.
//!
//! A TAXII collection is read by every team of the exercise, so a share goes there only if
//! everyone who reads it may see it: TLP:CLEAR and TLP:GREEN always; TLP:AMBER,
//! TLP:AMBER+STRICT and TLP:RED only when the share went to every other team. Anything else
//! stays local, with a warning saying why.

use jointex_scenario::Scenario;
use jointex_scenario::vocab::Tlp;
use jointex_sim::Exercise;
use jointex_sim::state::SentShare;
use serde_json::Value;

use crate::bundle::{Senders, ShareBundle, build};
use crate::taxii::{TaxiiError, TaxiiExchange};

/// Whether a share may go to a collection every team of the exercise reads, and why not.
pub fn collection_may_hold(s: &Scenario, share: &SentShare) -> Result<(), String> {
    if matches!(share.tlp, Tlp::Clear | Tlp::Green) {
        return Ok(());
    }
    let others = s.teams.len().saturating_sub(1);
    let mut to = share.to.clone();
    to.sort();
    to.dedup();
    if to.len() >= others && !to.contains(&share.from) {
        return Ok(());
    }
    let names: Vec<&str> = share.to.iter().map(|t| s.team(*t).key.as_str()).collect();
    Err(format!(
        "{} is for {} only, and every team reads the collection",
        share.tlp.label(),
        names.join(", ")
    ))
}

/// The TLP 2.0 marking a collection's title or description names (`Joint CTI (TLP:AMBER)`),
/// if it names exactly one.
pub fn marking_named(text: &str) -> Option<Tlp> {
    let upper = text.to_ascii_uppercase();
    let found: Vec<Tlp> = [
        Tlp::AmberStrict,
        Tlp::Amber,
        Tlp::Red,
        Tlp::Green,
        Tlp::Clear,
    ]
    .into_iter()
    .filter(|t| {
        let label = t.label();
        // `TLP:AMBER` inside `TLP:AMBER+STRICT` is not a second marking.
        upper.match_indices(label).any(|(i, _)| {
            !(label == "TLP:AMBER" && upper[i + label.len()..].starts_with("+STRICT"))
        })
    })
    .collect();
    match found.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// What one turn of the feed produced.
#[derive(Clone, Debug, Default)]
pub struct TurnFeed {
    /// The bundles of the shares sent since the last call, in order.
    pub bundles: Vec<ShareBundle>,
    /// Bundles pushed to TAXII.
    pub pushed: usize,
    /// Objects read back that others put in the collection for this scenario's exercise (the
    /// partner's shares), labelled `exercise:<scenario>`.
    pub received: Vec<Value>,
    /// Things to tell the user, lower case, without the `warning: ` prefix.
    pub warnings: Vec<String>,
    /// A TAXII failure first seen this turn (the same failure again is not repeated).
    pub error: Option<TaxiiError>,
}

/// Turns an exercise's shares into bundles as they happen, and exchanges them over TAXII.
#[derive(Debug, Default)]
pub struct ShareFeed {
    next: usize,
    taxii: Option<TaxiiExchange>,
    last_error: Option<TaxiiError>,
    /// Bundles that could not be delivered.
    pub undelivered: usize,
    /// The exercise's identity, which seeds the bundles' ids.
    exercise: Option<String>,
    /// The marking the collection names in its title or description (`Joint CTI
    /// (TLP:AMBER)`): `None` until asked, `Some(None)` when it names none.
    collection_tlp: Option<Option<Tlp>>,
    /// The collection has been read once before pushing.
    read_before_push: bool,
    /// The server let a request time out: no more requests this run. A server that accepts
    /// connections and never answers cost 20 s a turn, 246 s over a 12-turn run.
    gave_up: bool,
}

impl ShareFeed {
    /// A feed that exchanges over `taxii` when given.
    pub fn new(taxii: Option<TaxiiExchange>) -> Self {
        ShareFeed {
            taxii,
            ..ShareFeed::default()
        }
    }

    /// Seeds the bundles' ids with the exercise's identity ([`crate::bundle::bundles_of`]).
    pub fn for_exercise(mut self, exercise: Option<String>) -> Self {
        self.exercise = exercise;
        self
    }

    /// The TAXII exchange, if any.
    pub fn taxii(&self) -> Option<&TaxiiExchange> {
        self.taxii.as_ref()
    }

    /// The bundles of the shares sent since the last call; pushes those `deliver` admits
    /// (and the collection may hold) and reads the collection back.
    pub fn after_turn(
        &mut self,
        ex: &Exercise,
        deliver: impl Fn(&ShareBundle) -> bool,
    ) -> TurnFeed {
        let mut out = TurnFeed::default();
        let total = ex.shares().len();
        // One look at each sender's knowledge for the whole turn, not one per share.
        let mut senders = Senders::new(self.exercise.as_deref());
        for i in self.next..total {
            if let Some(b) = build(ex, i, &mut senders) {
                out.bundles.push(b);
            }
        }
        self.next = total;
        let Some(taxii) = self.taxii.as_mut() else {
            return out;
        };
        let s = ex.scenario();
        let mut failed = None;
        // Read the collection before the first push, so an id it already holds with other
        // content is refused rather than overwritten.
        let mut early: Vec<Value> = Vec::new();
        if !self.read_before_push && !self.gave_up && !out.bundles.is_empty() {
            self.read_before_push = true;
            match taxii.pull_new() {
                Ok(pulled) => early = pulled.received,
                Err(e) => failed = Some(e),
            }
        }
        for b in out.bundles.iter().filter(|b| deliver(b)) {
            if let Err(why) = collection_may_hold(s, &b.share) {
                out.warnings.push(format!(
                    "taxii: {} not pushed: {why}",
                    b.file_name.trim_end_matches(".json")
                ));
                continue;
            }
            // Nothing goes to a collection marked looser than the share: its readers were
            // promised that marking.
            if self.collection_tlp.is_none() && !self.gave_up {
                self.collection_tlp = Some(taxii.client().collection().ok().and_then(
                    |(title, description)| {
                        marking_named(&title).or_else(|| marking_named(&description))
                    },
                ));
            }
            if let Some(Some(limit)) = self.collection_tlp
                && b.share.tlp > limit
            {
                out.warnings.push(format!(
                    "taxii: {} not pushed: {} is stricter than the collection's {}",
                    b.file_name.trim_end_matches(".json"),
                    b.share.tlp.label(),
                    limit.label()
                ));
                continue;
            }
            if failed.is_some() || self.gave_up {
                self.undelivered += 1;
                continue;
            }
            let conflicts = taxii.conflicts(&b.bundle);
            if let Some(first) = conflicts.first() {
                self.undelivered += 1;
                out.warnings.push(format!(
                    "taxii: {} not pushed: the server already holds a different object under {first}{} (another exercise's, or an edited copy): refused rather than overwritten",
                    b.file_name.trim_end_matches(".json"),
                    if conflicts.len() > 1 {
                        format!(" and {} more", conflicts.len() - 1)
                    } else {
                        String::new()
                    }
                ));
                continue;
            }
            match taxii.push(&b.bundle) {
                Ok(_) => out.pushed += 1,
                Err(e) => {
                    self.undelivered += 1;
                    failed = Some(e);
                }
            }
        }
        if self.gave_up {
            return out;
        }
        let result = match failed {
            Some(e) => Err(e),
            None => taxii.pull_new(),
        };
        match result {
            Ok(pulled) => {
                self.last_error = None;
                if !pulled.changed.is_empty() {
                    out.warnings.push(format!(
                        "taxii: {} object(s) came back different from what was sent: {}",
                        pulled.changed.len(),
                        pulled.changed.join(", ")
                    ));
                }
                // Partners' objects of this exercise's scenario only: not what this run sent
                // (left out by the exchange) nor whatever else the collection holds.
                let label = format!("exercise:{}", s.meta.id);
                out.received = early
                    .into_iter()
                    .chain(pulled.received)
                    .filter(|o| {
                        o.get("labels")
                            .and_then(serde_json::Value::as_array)
                            .is_some_and(|l| l.iter().any(|x| x.as_str() == Some(label.as_str())))
                    })
                    .collect();
            }
            Err(e) => {
                if e.timed_out() {
                    self.gave_up = true;
                    out.warnings.push(
                        "taxii: the server did not answer in time: no further exchange in this run (the exercise carries on; later shares are counted as not delivered)".to_owned(),
                    );
                }
                // Said once: the same trouble every turn is one warning, not twelve.
                if !self.last_error.as_ref().is_some_and(|l| l.same_trouble(&e)) {
                    out.error = Some(e.clone());
                }
                self.last_error = Some(e);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_collection_names_its_marking_in_its_title() {
        assert_eq!(marking_named("Joint CTI (TLP:AMBER)"), Some(Tlp::Amber));
        assert_eq!(
            marking_named("joint cti, tlp:amber+strict"),
            Some(Tlp::AmberStrict)
        );
        assert_eq!(marking_named("Red team notes (TLP:RED)"), Some(Tlp::Red));
        assert_eq!(marking_named("Exercise feed"), None);
        // Two markings name none: the rule cannot tell which the readers were promised.
        assert_eq!(marking_named("TLP:GREEN and TLP:AMBER"), None);
    }
}
