//! Reproducible STIX identifiers and timestamps.
//!
//! STIX 2.1 (§2.9) wants UUIDv4 for SDOs, SROs and bundles; a random v4 would make every
//! export differ, and a v5 on an SDO is a validator warning. So a v4 id here is built from
//! `SHA-256(seed | type | key)`: the first 16 bytes of the digest with the version nibble and
//! the RFC 4122 variant bits set. The same exercise gives the same ids, different exercises
//! (seed, scenario) give different ones, and the validator sees ordinary v4 UUIDs.
//!
//! Timestamps come from the exercise clock only, in the STIX form with milliseconds:
//! `2026-03-10T00:00:00.000Z`.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use sha2::{Digest, Sha256};
use uuid::{Builder, Uuid};

/// A version-4 UUID derived from `seed`, the object `kind` and a `key` stable within it.
pub fn seeded_uuid(seed: &str, kind: &str, key: &str) -> Uuid {
    let digest = Sha256::new()
        .chain_update(seed.as_bytes())
        .chain_update(b"|")
        .chain_update(kind.as_bytes())
        .chain_update(b"|")
        .chain_update(key.as_bytes())
        .finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Builder::from_random_bytes(bytes).into_uuid()
}

/// A STIX id (`indicator--…`) for an object of type `kind` with a seeded v4 UUID.
pub fn stix_id(seed: &str, kind: &str, key: &str) -> String {
    format!("{kind}--{}", seeded_uuid(seed, kind, key))
}

/// A STIX timestamp (UTC, milliseconds, `Z`).
pub fn timestamp(t: Timestamp) -> String {
    let dt = TimeZone::UTC.to_datetime(t);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second(),
        dt.subsec_nanosecond() / 1_000_000
    )
}

/// Whether `id` is `type--uuid` with a well-formed UUID, and returns the type.
pub fn split_id(id: &str) -> Option<(&str, Uuid)> {
    let (kind, uuid) = id.split_once("--")?;
    let kind_ok = !kind.is_empty()
        && kind
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    // STIX ids are lower-case hyphenated UUIDs; `Uuid::parse_str` would also take braces.
    let shape_ok = uuid.len() == 36
        && uuid
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b) || b == b'-');
    if !kind_ok || !shape_ok {
        return None;
    }
    Uuid::parse_str(uuid).ok().map(|u| (kind, u))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_reference_check_value() {
        assert_eq!(
            stix_id("exercise-2025-UFS-seed-42", "indicator", "inj-07-ip"),
            "indicator--5c200e29-4ec0-44fb-adbb-521a9662c8f9"
        );
    }

    #[test]
    fn ids_are_version_4_and_depend_on_every_part() {
        let a = seeded_uuid("s", "indicator", "k");
        assert_eq!(a.get_version_num(), 4);
        assert_eq!(a.get_variant(), uuid::Variant::RFC4122);
        assert_ne!(a, seeded_uuid("s2", "indicator", "k"));
        assert_ne!(a, seeded_uuid("s", "malware", "k"));
        assert_ne!(a, seeded_uuid("s", "indicator", "k2"));
        assert_eq!(a, seeded_uuid("s", "indicator", "k"));
    }

    #[test]
    fn timestamps_are_utc_with_milliseconds() {
        let t: Timestamp = "2026-03-10T09:00:00+09:00".parse().expect("valid");
        assert_eq!(timestamp(t), "2026-03-10T00:00:00.000Z");
        let t: Timestamp = "2026-03-10T09:00:00.1234+09:00".parse().expect("valid");
        assert_eq!(timestamp(t), "2026-03-10T00:00:00.123Z");
    }

    #[test]
    fn splits_ids() {
        assert_eq!(
            split_id("indicator--5c200e29-4ec0-44fb-adbb-521a9662c8f9").map(|p| p.0),
            Some("indicator")
        );
        for bad in [
            "indicator-5c200e29-4ec0-44fb-adbb-521a9662c8f9",
            "indicator--5C200E29-4EC0-44FB-ADBB-521A9662C8F9",
            "--5c200e29-4ec0-44fb-adbb-521a9662c8f9",
            "indicator--{5c200e29-4ec0-44fb-adbb-521a9662c8f9}",
            "indicator--nope",
        ] {
            assert!(split_id(bad).is_none(), "{bad}");
        }
    }
}
