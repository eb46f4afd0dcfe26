//! One module per subcommand.

pub mod check;
pub mod generate;
pub mod play;
pub mod run;
pub mod stix;
