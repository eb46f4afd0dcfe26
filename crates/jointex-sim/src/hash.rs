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

/// Hashes every asset's components and every resource that evolves.
///
/// Assets are combined order-independently (a wrapping sum of per-asset hashes keyed by
/// asset id), so the result does not depend on the order the ECS stores entities in, and
/// one pass over the component tables suffices: this runs after every turn, on up to a
/// million assets.
pub fn state_hash(world: &World) -> u64 {
    let mut h = StableHasher(world.resource::<Seed>().0);
    world.resource::<Control>().hash(&mut h);
    let mut assets = 0u64;
    if let Some(mut q) = world.try_query::<(&AssetKey, &Hold, &Posture, &Damage, &Service)>() {
        let untouched = (
            Hold::default(),
            Posture::default(),
            Damage::default(),
            Service::default(),
        );
        for (key, hold, posture, damage, service) in q.iter(world) {
            // Almost every asset of a national model is untouched; skipping those keeps the
            // hash in proportion to what happened, not to the size of the nation. The sum
            // stays a function of the state: an untouched asset would always add the same.
            if (*hold, *posture, *damage, *service) == untouched {
                continue;
            }
            let mut a = StableHasher(u64::from(key.0.0));
            hold.hash(&mut a);
            posture.hash(&mut a);
            damage.hash(&mut a);
            service.hash(&mut a);
            assets = assets.wrapping_add(a.finish());
        }
    }
    h.write_u64(assets);
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
}
