//! Seeded randomness, one stream per purpose and turn.
//!
//! Each draw comes from a ChaCha8 stream derived from the exercise seed, a purpose and the
//! turn, so a stream never depends on how many draws another purpose made: adding a false
//! positive cannot shift the adversary's dice. Callers sort what they iterate before drawing.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// What a stream is for.
#[derive(Clone, Copy, Debug)]
pub enum Purpose {
    /// Adversary attempts and target choices.
    Adversary = 1,
    /// Detection rolls.
    Detection = 2,
    /// False positives.
    FalsePositive = 3,
    /// Impacts.
    Impact = 4,
}

/// The stream for `purpose` in `turn`.
pub fn stream(seed: u64, purpose: Purpose, turn: u32) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(mix(
        mix(seed ^ 0x6a6f_696e_7465_7821, purpose as u64),
        u64::from(turn),
    ))
}

/// A uniform draw in [0, 1) for one (purpose, turn, subject), independent of every other draw.
///
/// Used where the set of subjects that roll depends on what players know: detection rolls
/// only on assets their owner has not flagged yet, and one team's private investigation must
/// not shift another team's dice.
pub fn unit(seed: u64, purpose: Purpose, turn: u32, subject: u64) -> f64 {
    let bits = mix(
        mix(
            mix(seed ^ 0x6a6f_696e_7465_7821, purpose as u64),
            u64::from(turn),
        ),
        subject,
    );
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// SplitMix64 finaliser over a combination: a stable, well-spread 64-bit mix.
pub fn mix(a: u64, b: u64) -> u64 {
    let mut z = a
        .wrapping_add(b.wrapping_mul(0x9e37_79b9_7f4a_7c15))
        .wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    #[test]
    fn streams_are_independent_and_reproducible() {
        let a: u64 = stream(7, Purpose::Adversary, 3).random();
        assert_eq!(a, stream(7, Purpose::Adversary, 3).random::<u64>());
        assert_ne!(a, stream(7, Purpose::Detection, 3).random::<u64>());
        assert_ne!(a, stream(7, Purpose::Adversary, 4).random::<u64>());
        assert_ne!(a, stream(8, Purpose::Adversary, 3).random::<u64>());
    }
}
