//! Runs `tests/e2e/play.sh`: the real `jointex play` binary in tmux, the default scenario
//! played to the end by the facilitator and both teams, in English and in Korean. Needs tmux,
//! which `scripts/test` installs; without it the test fails and says so, rather than passing
//! without having run.

use std::process::Command;

#[test]
fn play_the_default_scenario_in_tmux() {
    assert!(
        Command::new("tmux").arg("-V").output().is_ok(),
        "tmux is not installed: run scripts/test, which installs it (apt-get install tmux)"
    );
    for lang in ["en", "ko"] {
        let status = Command::new("bash")
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/play.sh"))
            .arg(lang)
            .env("JOINTEX_BIN", env!("CARGO_BIN_EXE_jointex"))
            .status()
            .expect("bash runs");
        assert!(status.success(), "tests/e2e/play.sh {lang} failed");
    }
}
