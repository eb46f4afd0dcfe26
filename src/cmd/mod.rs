//! One module per subcommand.

pub mod attack;
pub mod check;
pub mod exit;
pub mod files;
pub mod generate;
pub mod graph;
pub mod list;
pub mod msel;
pub mod play;
pub mod record;
pub mod run;
pub mod serve;
pub mod stix;
pub mod study;
