//! The canonical hash of the whole state after a turn.
//!
//! A replay compares these turn by turn, so it must not depend on memory layout, iteration
//! order or the Rust version: it uses its own 64-bit mixing hasher (not `DefaultHasher`,
//! whose algorithm may change) over values visited in id order.

use std::hash::{Hash, Hasher};

use bevy_ecs::prelude::*;

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

/// Hashes every asset's components in asset order and every resource that evolves.
pub fn state_hash(world: &World) -> u64 {
    let mut h = StableHasher(world.resource::<Seed>().0);
    world.resource::<Control>().hash(&mut h);
    for &e in &world.resource::<AssetIndex>().0 {
        if let Some(x) = world.get::<Hold>(e) {
            x.hash(&mut h);
        }
        if let Some(x) = world.get::<Posture>(e) {
            x.hash(&mut h);
        }
        if let Some(x) = world.get::<Damage>(e) {
            x.hash(&mut h);
        }
        if let Some(x) = world.get::<Service>(e) {
            x.hash(&mut h);
        }
    }
    world.resource::<Active>().hash(&mut h);
    world.resource::<Campaigns>().hash(&mut h);
    world.resource::<Traces>().hash(&mut h);
    world.resource::<Knowledge>().hash(&mut h);
    world.resource::<Injects>().hash(&mut h);
    world.resource::<Plans>().hash(&mut h);
    world.resource::<Applied>().hash(&mut h);
    world.resource::<Measures>().hash(&mut h);
    h.finish()
}
