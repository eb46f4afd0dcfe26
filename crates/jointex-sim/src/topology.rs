//! The infrastructure graph, in the forms the turn needs.
//!
//! The scenario's edges (validated as a petgraph graph by the scenario crate) become two
//! compressed adjacency arrays, all a turn reads: where an adversary can move from an asset
//! (network both ways or one way, trust from the trusted to the trusting side, supply chain
//! from vendor to client), and who depends on an asset (with the buffer). Following the
//! edges out of a handful of held or failed assets then costs a few array reads, whatever
//! the size of the nation.

use std::sync::Arc;

use bevy_ecs::prelude::Resource;
use jointex_scenario::Scenario;
use jointex_scenario::model::{AssetId, EdgeKind};

/// How an adversary got from one asset to the next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Via {
    /// Network reachability.
    Network,
    /// A trust relation.
    Trust,
    /// A vendor's update channel.
    SupplyChain,
}

/// Compressed sparse rows: `targets[offsets[a]..offsets[a + 1]]` are `a`'s neighbours.
#[derive(Clone, Debug, Default)]
pub struct Csr<T> {
    offsets: Vec<u32>,
    targets: Vec<(u32, T)>,
}

impl<T: Copy> Csr<T> {
    fn build(nodes: usize, mut edges: Vec<(u32, u32, T)>) -> Self
    where
        T: Ord,
    {
        edges.sort_unstable();
        edges.dedup();
        let mut offsets = vec![0u32; nodes + 1];
        for (from, _, _) in &edges {
            offsets[*from as usize + 1] += 1;
        }
        for i in 0..nodes {
            offsets[i + 1] += offsets[i];
        }
        let targets = edges.into_iter().map(|(_, to, t)| (to, t)).collect();
        Csr { offsets, targets }
    }

    /// The neighbours of `a`, sorted by id.
    pub fn of(&self, a: AssetId) -> impl Iterator<Item = (AssetId, T)> + '_ {
        let i = a.index();
        let (s, e) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
        self.targets[s..e].iter().map(|(t, x)| (AssetId(*t), *x))
    }
}

/// The graph resource. Built once per scenario and shared by every world built from it
/// (a study builds thousands), so cloning it copies two pointers.
#[derive(Resource, Clone, Debug)]
pub struct Topology {
    /// Where an adversary holding an asset can go next.
    pub moves: Arc<Csr<Via>>,
    /// Who depends on an asset, with the buffer in turns.
    pub dependents: Arc<Csr<u32>>,
}

impl Topology {
    /// Builds the graph of a scenario.
    pub fn build(s: &Scenario) -> Self {
        let n = s.assets.len();
        let mut moves = Vec::new();
        let mut deps = Vec::new();
        for e in &s.edges {
            let (a, b) = (e.from.0, e.to.0);
            match &e.kind {
                EdgeKind::Network { both_ways } => {
                    moves.push((a, b, Via::Network));
                    if *both_ways {
                        moves.push((b, a, Via::Network));
                    }
                }
                EdgeKind::Trust(_) => moves.push((a, b, Via::Trust)),
                EdgeKind::SupplyChain { .. } => moves.push((a, b, Via::SupplyChain)),
                // `from` depends on `to`: when `to` fails, `from` is a dependent to visit.
                EdgeKind::Dependency { buffer } => deps.push((b, a, *buffer)),
            }
        }
        Topology {
            moves: Arc::new(Csr::build(n, moves)),
            dependents: Arc::new(Csr::build(n, deps)),
        }
    }
}
