//! # jointex-stix
//!
//! Threat-intel exchange on real standards. A share between teams leaves jointex as a STIX
//! 2.1 bundle marked with TLP 2.0 ([`bundle`]), can travel over TAXII 2.1 ([`taxii`],
//! [`feed`]), and a STIX bundle from outside — a public advisory — can seed a scenario with
//! real indicators ([`import`]).
//!
//! Like the engine, this crate has no terminal in it and never reads the wall clock: ids are
//! seeded ([`ids`]) and times come from the exercise clock, so the same exercise always gives
//! byte-identical bundles. The TAXII client is the one piece of network code, and it reports
//! every failure as a value.
//!
//! ```
//! use std::sync::Arc;
//! let loaded = jointex_scenario::load(jointex_scenario::DEFAULT_SCENARIO).expect("valid");
//! let mut ex = jointex_sim::Exercise::new(Arc::new(loaded.scenario), 7);
//! let teams = ex.scenario().teams.len() as u16;
//! for t in 0..teams {
//!     let mut p = jointex_sim::policy::by_name("share-everything").expect("built in");
//!     jointex_sim::policy::play(&mut ex, jointex_scenario::model::TeamId(t), p.as_mut());
//! }
//! ex.resolve().expect("turn 1 resolves");
//! for b in jointex_stix::bundle::bundles(&ex) {
//!     assert_eq!(b.bundle["type"], "bundle");
//! }
//! ```

pub mod bundle;
pub mod feed;
pub mod ids;
pub mod import;
pub mod json;
pub mod misp;
pub mod navigator;
pub mod pattern;
pub mod sender;
pub mod taxii;
pub mod tlp;

pub use bundle::{ShareBundle, bundles};
pub use feed::{ShareFeed, TurnFeed};
pub use taxii::{Credentials, TaxiiClient, TaxiiError, TaxiiExchange};
