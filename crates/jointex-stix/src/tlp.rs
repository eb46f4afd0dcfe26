//! TLP 2.0 as STIX 2.1 marking definitions.
//!
//! STIX 2.1 predefines only TLP 1.0; TLP 2.0 is the OASIS property extension
//! `extension-definition--60a3c5c5-…`. A bundle that uses a TLP 2.0 marking must carry the
//! marking-definition object itself, because consumers have no built-in copy. The five
//! definitions below are the OASIS ones, byte for byte in content (ids, names, `created`).
//! TLP:CLEAR is *not* the TLP 1.0 WHITE marking, whose id some code reuses by mistake.

use jointex_scenario::vocab::Tlp;
use serde_json::{Value, json};

/// The id of the OASIS TLP 2.0 property extension.
pub const EXTENSION_ID: &str = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

/// When OASIS created the five TLP 2.0 marking definitions.
pub const CREATED: &str = "2022-10-01T00:00:00.000Z";

/// The marking-definition id of a TLP 2.0 level.
pub fn marking_id(tlp: Tlp) -> &'static str {
    match tlp {
        Tlp::Clear => "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
        Tlp::Green => "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
        Tlp::Amber => "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
        Tlp::AmberStrict => "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
        Tlp::Red => "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
    }
}

/// The value of the extension's `tlp_2_0` property.
pub fn extension_value(tlp: Tlp) -> &'static str {
    match tlp {
        Tlp::Clear => "clear",
        Tlp::Green => "green",
        Tlp::Amber => "amber",
        Tlp::AmberStrict => "amber+strict",
        Tlp::Red => "red",
    }
}

/// The marking-definition object of a TLP 2.0 level.
pub fn marking_definition(tlp: Tlp) -> Value {
    json!({
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": marking_id(tlp),
        "created": CREATED,
        "name": tlp.label(),
        "extensions": {
            EXTENSION_ID: {
                "extension_type": "property-extension",
                "tlp_2_0": extension_value(tlp),
            }
        }
    })
}

/// The TLP level of a marking-definition id: TLP 2.0, or TLP 1.0 (WHITE read as CLEAR).
pub fn from_marking_id(id: &str) -> Option<Tlp> {
    if let Some(t) = Tlp::ALL.iter().find(|t| marking_id(**t) == id) {
        return Some(*t);
    }
    match id {
        "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9" => Some(Tlp::Clear),
        "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da" => Some(Tlp::Green),
        "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82" => Some(Tlp::Amber),
        "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed" => Some(Tlp::Red),
        _ => None,
    }
}

/// How restrictive a level is, CLEAR 0 to RED 4.
pub fn restriction(tlp: Tlp) -> u8 {
    match tlp {
        Tlp::Clear => 0,
        Tlp::Green => 1,
        Tlp::Amber => 2,
        Tlp::AmberStrict => 3,
        Tlp::Red => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amber_is_the_oasis_definition() {
        let expected: Value = serde_json::from_str(
            r#"{"type":"marking-definition","spec_version":"2.1",
 "id":"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
 "created":"2022-10-01T00:00:00.000Z","name":"TLP:AMBER",
 "extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":
   {"extension_type":"property-extension","tlp_2_0":"amber"}}}"#,
        )
        .expect("reference json");
        assert_eq!(marking_definition(Tlp::Amber), expected);
    }

    #[test]
    fn every_level_round_trips_and_clear_is_not_white() {
        for t in Tlp::ALL {
            assert_eq!(from_marking_id(marking_id(*t)), Some(*t));
        }
        assert_ne!(
            marking_id(Tlp::Clear),
            "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"
        );
        assert_eq!(
            from_marking_id("marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"),
            Some(Tlp::Clear)
        );
    }
}
