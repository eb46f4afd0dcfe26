//! The canonical hash of the whole state after a turn.
//!
//! A replay compares these turn by turn, so it must not depend on memory layout, iteration
//! order or the Rust version: it uses its own 64-bit mixing hasher (not `DefaultHasher`,
//! whose algorithm may change) over values visited in id order.
//!
//! It costs what the turn touched, not what the nations hold. Assets are combined
//! order-independently (a wrapping sum of per-asset hashes keyed by asset id), so the sum is
//! kept in [`AssetDigest`] and only the assets changed since the last hash are re-hashed:
//! every change to an asset's components goes through [`touch`] (exclusive code) or pushes
//! to [`Touched`] (systems). Debug builds — every test — also recompute the whole sum and
//! fail if the kept one differs, so a change that forgot to touch cannot hide.
//!
//! Completeness is checked, not hoped for: [`hashed`] and [`not_state`] together must name
//! every resource of the world and [`asset_components`] every component of an asset entity;
//! a test fails on a resource or component added and forgotten.

use std::hash::{Hash, Hasher};

use bevy_ecs::prelude::*;

use jointex_scenario::model::AssetId;

use crate::rng::mix;
use crate::state::*;

/// A stable, fast 64-bit hasher.
pub struct StableHasher(u64);

impl Hasher for StableHasher {
    fn finish(&self) -> u64 {
        mix(self.0, 0x4a4f_494e_5445_5821)
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = mix(self.0, u64::from_le_bytes(word) ^ chunk.len() as u64);
        }
    }

    fn write_u64(&mut self, v: u64) {
        self.0 = mix(self.0, v);
    }

    fn write_u32(&mut self, v: u32) {
        self.0 = mix(self.0, u64::from(v));
    }

    fn write_u8(&mut self, v: u8) {
        self.0 = mix(self.0, u64::from(v));
    }

    fn write_usize(&mut self, v: usize) {
        self.0 = mix(self.0, v as u64);
    }
}

/// A type and its name, for the completeness checks.
pub type Named = (std::any::TypeId, &'static str);

fn named<T: 'static>() -> Named {
    (std::any::TypeId::of::<T>(), std::any::type_name::<T>())
}

/// Declares the resources that are state once: the list the completeness test reads and the
/// code that hashes them come from the same line, so they cannot differ.
macro_rules! hashed_resources {
    ($($t:ty),* $(,)?) => {
        /// Every resource that is part of the state, in the order it is hashed.
        pub fn hashed() -> Vec<Named> {
            vec![$(named::<$t>()),*]
        }

        fn hash_resources(world: &World, h: &mut StableHasher) {
            $(world.resource::<$t>().hash(h);)*
        }
    };
}

hashed_resources!(
    Control, Active, Campaigns, Traces, Knowledge, Injects, Plans, Applied, Measures,
);

/// Resources that are not state: fixed when the world is built from the scenario and seed
/// (the seed starts the hash), or bookkeeping of the turn being resolved and of the hash.
pub fn not_state() -> [Named; 12] {
    [
        named::<Scn>(),
        named::<Statics>(),
        named::<Seed>(),
        named::<AssetIndex>(),
        named::<crate::topology::Topology>(),
        named::<Population>(),
        named::<crate::phases::detection::TeamAssets>(),
        named::<crate::phases::adversary::StageTargets>(),
        named::<Pending>(),
        named::<OpeningMark>(),
        named::<Touched>(),
        named::<AssetDigest>(),
    ]
}

/// The components of an asset entity: its key and the four hashed with it.
pub fn asset_components() -> [Named; 5] {
    [
        named::<AssetKey>(),
        named::<Hold>(),
        named::<Posture>(),
        named::<Damage>(),
        named::<Service>(),
    ]
}

/// Assets changed since the last hash.
#[derive(Resource, Default, Debug)]
pub struct Touched(pub Vec<Entity>);

/// The kept sum of per-asset hashes, and each changed asset's term in it.
#[derive(Resource, Default, Debug)]
pub struct AssetDigest {
    /// Wrapping sum of the terms.
    pub sum: u64,
    /// The term of every asset not in its initial state.
    pub terms: std::collections::BTreeMap<AssetId, u64>,
}

/// Marks an asset entity changed; returns the world to chain the change on:
/// `touch(world, e).get_mut::<Posture>(e)`.
pub fn touch(world: &mut World, e: Entity) -> &mut World {
    world.resource_mut::<Touched>().0.push(e);
    world
}

/// One asset's term in the sum: 0 for an asset in its initial state, so that the sum over a
/// nation is a function of what happened, not of its size.
fn term(key: AssetId, hold: &Hold, posture: &Posture, damage: &Damage, service: &Service) -> u64 {
    let untouched = (
        Hold::default(),
        Posture::default(),
        Damage::default(),
        Service::default(),
    );
    if (*hold, *posture, *damage, *service) == untouched {
        return 0;
    }
    let mut a = StableHasher(u64::from(key.0));
    hold.hash(&mut a);
    posture.hash(&mut a);
    damage.hash(&mut a);
    service.hash(&mut a);
    a.finish()
}

fn term_of(world: &World, e: Entity) -> Option<(AssetId, u64)> {
    let key = world.get::<AssetKey>(e)?.0;
    Some((
        key,
        term(
            key,
            world.get::<Hold>(e)?,
            world.get::<Posture>(e)?,
            world.get::<Damage>(e)?,
            world.get::<Service>(e)?,
        ),
    ))
}

/// Folds the touched assets into the kept sum: each is re-hashed once, whatever the size of
/// the world.
pub fn fold(world: &mut World) {
    let mut touched = std::mem::take(&mut world.resource_mut::<Touched>().0);
    touched.sort_unstable();
    touched.dedup();
    let terms: Vec<(AssetId, u64)> = touched.iter().filter_map(|e| term_of(world, *e)).collect();
    let mut d = world.resource_mut::<AssetDigest>();
    for (key, new) in terms {
        let old = if new == 0 {
            d.terms.remove(&key)
        } else {
            d.terms.insert(key, new)
        };
        d.sum = d.sum.wrapping_sub(old.unwrap_or(0)).wrapping_add(new);
    }
}

/// The sum over every asset, computed from scratch.
fn full_sum(world: &World) -> u64 {
    let mut sum = 0u64;
    for e in &world.resource::<AssetIndex>().0 {
        if let Some((_, t)) = term_of(world, *e) {
            sum = sum.wrapping_add(t);
        }
    }
    sum
}

/// Hashes every asset's components and every resource that evolves. Call [`fold`] first:
/// with assets still untouched-but-changed the kept sum would be stale, so then the sum is
/// computed from scratch.
pub fn state_hash(world: &World) -> u64 {
    let mut h = StableHasher(world.resource::<Seed>().0);
    let pending = !world.resource::<Touched>().0.is_empty();
    let kept = world.resource::<AssetDigest>().sum;
    let assets = if pending { full_sum(world) } else { kept };
    #[cfg(debug_assertions)]
    if !pending {
        let full = full_sum(world);
        assert_eq!(
            kept, full,
            "the kept asset hash is stale: a change to an asset's components did not go \
             through hash::touch"
        );
    }
    h.write_u64(assets);
    hash_resources(world, &mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::Hasher;

    #[test]
    fn hasher_is_stable_and_sensitive() {
        let run = |bytes: &[u8]| {
            let mut h = StableHasher(1);
            h.write(bytes);
            h.finish()
        };
        assert_eq!(run(b"jointex"), run(b"jointex"));
        assert_ne!(run(b"jointex"), run(b"jointey"));
        assert_ne!(run(b"ab"), run(b"ab\0"), "length matters");
    }

    /// Every resource in a built world is either hashed or declared not state; every
    /// component of an asset entity is hashed. Add a resource or a component and forget the
    /// hash, and this fails.
    #[test]
    fn the_hash_covers_every_resource_and_component() {
        let s = std::sync::Arc::new(
            jointex_scenario::load(jointex_scenario::DEFAULT_SCENARIO)
                .expect("the default loads")
                .scenario,
        );
        let mut ex = crate::Exercise::new(s, 1);
        ex.resolve().expect("resolves");
        let world = &ex.world;
        let known: std::collections::BTreeMap<std::any::TypeId, &str> =
            hashed().into_iter().chain(not_state()).collect();
        assert_eq!(
            known.len(),
            hashed().len() + not_state().len(),
            "listed twice"
        );
        // bevy_ecs is built without its debug names, so resources are told apart by type id:
        // a resource the lists do not know is one added and forgotten.
        // bevy_ecs's own resources, which any world has.
        // bevy_ecs's own resources, which any world that builds the turn schedule and holds
        // entities has.
        let mut bare = World::new();
        let mut schedule = crate::phases::schedule();
        schedule.initialize(&mut bare).expect("the schedule builds");
        bare.spawn(AssetKey(AssetId(0)));
        let bevy: std::collections::BTreeSet<std::any::TypeId> = bare
            .iter_resources()
            .filter_map(|(_, info, _)| info.type_id())
            .collect();
        let mut seen = std::collections::BTreeSet::new();
        for (_, info, _) in world.iter_resources() {
            let id = info.type_id().expect("every resource here is a Rust type");
            if bevy.contains(&id) {
                continue;
            }
            assert!(
                known.contains_key(&id),
                "a resource of the world is neither hashed nor declared not state in hash.rs \
                 ({} resources known, {} in the world)",
                known.len(),
                world.iter_resources().count()
            );
            seen.insert(id);
        }
        for (id, name) in &known {
            assert!(
                seen.contains(id),
                "{name} is listed in hash.rs but not in the world"
            );
        }
        let e = world.resource::<AssetIndex>().0[0];
        let components: std::collections::BTreeSet<std::any::TypeId> = world
            .inspect_entity(e)
            .expect("the asset entity exists")
            .filter_map(|(_, c)| c.type_id())
            .collect();
        let expected: std::collections::BTreeSet<std::any::TypeId> =
            asset_components().iter().map(|c| c.0).collect();
        assert_eq!(components, expected, "an asset's components are all hashed");
    }

    /// The kept sum follows changes exactly: after a whole policy-played exercise it equals
    /// the sum recomputed from scratch.
    #[test]
    fn the_kept_asset_sum_is_the_full_sum() {
        let s = std::sync::Arc::new(
            jointex_scenario::load(jointex_scenario::DEFAULT_SCENARIO)
                .expect("the default loads")
                .scenario,
        );
        let mut ex = crate::Exercise::new(s.clone(), 3);
        let mut p: Vec<_> = (0..s.teams.len())
            .map(|_| crate::policy::by_name("by-the-book").expect("a policy"))
            .collect();
        while !ex.is_over() {
            for (t, p) in p.iter_mut().enumerate() {
                crate::policy::play(
                    &mut ex,
                    jointex_scenario::model::TeamId(t as u16),
                    p.as_mut(),
                );
            }
            ex.resolve().expect("resolves");
            assert!(ex.world.resource::<Touched>().0.is_empty());
            assert_eq!(ex.world.resource::<AssetDigest>().sum, full_sum(&ex.world));
        }
        assert!(
            !ex.world.resource::<AssetDigest>().terms.is_empty(),
            "the exercise changed some asset, so the test shows something"
        );
    }
}
