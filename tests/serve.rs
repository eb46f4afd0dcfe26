//! `jointex serve` driven by real OpenSSH clients in tmux, as players meet it: five sessions
//! play the default scenario to the end; what the server refuses; what a team's channel
//! carries; a dropped session and a killed server carried on.
//!
//! Needs `ssh`, `ssh-keygen` and `tmux` (scripts/test installs them); each test uses its own
//! tmux socket and temporary directory.

// Waiting for a screen needs a deadline; nothing here measures speed.
#![allow(clippy::disallowed_methods)]

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_jointex");

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("jointex-serve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn run(cmd: &mut Command) -> std::process::Output {
    cmd.output().expect("command runs")
}

/// Makes a key pair `dir/NAME` and adds it to the roster.
fn player(dir: &Path, name: &str, seat: &str, role: Option<&str>) {
    let key = dir.join(name);
    let out = run(Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C"])
        .arg(format!("{name}@test"))
        .arg("-f")
        .arg(&key));
    assert!(out.status.success(), "ssh-keygen: {out:?}");
    let mut add = Command::new(BIN);
    add.args(["roster", "add"])
        .arg(dir.join("roster.toml"))
        .args(["--name", name, "--seat", seat, "--key"])
        .arg(key.with_extension("pub"));
    if let Some(r) = role {
        add.args(["--role", r]);
    }
    let out = run(&mut add);
    assert!(out.status.success(), "roster add: {out:?}");
}

/// The usual cast: a white cell, and a lead and an analyst per nation; leads submit.
fn cast(dir: &Path) {
    player(dir, "white", "facilitator", None);
    player(dir, "alice", "us", Some("lead"));
    player(dir, "bob", "us", Some("analyst"));
    player(dir, "kim", "kr", Some("lead"));
    player(dir, "park", "kr", Some("analyst"));
    player(dir, "stranger", "us", None);
    // The stranger's key is made, then taken off the roster: an unknown key.
    let roster = dir.join("roster.toml");
    let text = std::fs::read_to_string(&roster).expect("roster");
    let cut = text
        .find("[[player]]\nname = \"stranger\"")
        .expect("stranger listed");
    let text = text[..cut].replace("[submit]\n", "[submit]\nus = [\"lead\"]\nkr = [\"lead\"]\n");
    std::fs::write(&roster, text).expect("roster written");
    let out = run(Command::new(BIN).args(["roster", "check"]).arg(&roster));
    assert!(out.status.success(), "roster check: {out:?}");
}

struct Server {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(dir: &Path, resume: bool) -> Server {
    let record = dir.join("exercise.jointex");
    let log = dir.join("serve.log");
    let mut cmd = Command::new(BIN);
    cmd.arg("serve")
        .arg("--roster")
        .arg(dir.join("roster.toml"))
        .args(["--listen", "127.0.0.1:0", "--state"])
        .arg(dir.join("state"))
        .arg("--log")
        .arg(&log);
    if resume {
        cmd.arg("--resume").arg(&record);
    } else {
        cmd.arg("--record").arg(&record);
    }
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("serve starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut port = None;
    for line in lines.by_ref() {
        let line = line.expect("line");
        if let Some(rest) = line.trim().strip_prefix("listening on 127.0.0.1:") {
            port = rest.split_whitespace().next().and_then(|p| p.parse().ok());
        }
        if line.contains("host key SHA256:") {
            break;
        }
    }
    // Keep draining stdout so the server never blocks on it.
    std::thread::spawn(move || for _ in lines {});
    Server {
        child,
        port: port.expect("serve printed its port"),
        log,
    }
}

const SSH_OPTS: &[&str] = &[
    "-o",
    "StrictHostKeyChecking=no",
    "-o",
    "UserKnownHostsFile=/dev/null",
    "-o",
    "IdentitiesOnly=yes",
    "-o",
    "LogLevel=ERROR",
    "-o",
    "BatchMode=yes",
];

fn ssh(dir: &Path, port: u16, key: &str, user: &str) -> Command {
    let mut c = Command::new("ssh");
    c.args(SSH_OPTS)
        .arg("-i")
        .arg(dir.join(key))
        .args(["-p", &port.to_string()])
        .arg(format!("{user}@127.0.0.1"));
    c
}

/// A tmux server of the test's own.
struct Tmux {
    socket: String,
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

impl Tmux {
    fn new(name: &str) -> Tmux {
        Tmux {
            socket: format!("jointex-{name}-{}", std::process::id()),
        }
    }

    /// Opens a player's session; every byte it receives is also kept in `capture`.
    fn open(&self, name: &str, dir: &Path, port: u16, capture: Option<&Path>) {
        let key = dir.join(name);
        let mut line = format!(
            "ssh -tt {} -i {} -p {port} {name}@127.0.0.1",
            SSH_OPTS.join(" "),
            key.display()
        );
        if let Some(c) = capture {
            line.push_str(&format!(" | tee -a {}", c.display()));
        }
        line.push_str("; sleep 600");
        let out = run(Command::new("tmux").args([
            "-L",
            &self.socket,
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            "120",
            "-y",
            "36",
            &line,
        ]));
        assert!(out.status.success(), "tmux: {out:?}");
    }

    fn close(&self, name: &str) {
        let _ = run(Command::new("tmux").args(["-L", &self.socket, "kill-session", "-t", name]));
    }

    fn keys(&self, name: &str, keys: &[&str]) {
        let out = run(Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", name])
            .args(keys));
        assert!(out.status.success(), "send-keys: {out:?}");
    }

    fn screen(&self, name: &str) -> String {
        let out =
            run(Command::new("tmux").args(["-L", &self.socket, "capture-pane", "-p", "-t", name]));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits for `text` on a session's screen.
    fn wait(&self, name: &str, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen(name);
            if s.contains(text) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "`{text}` never showed on {name}'s screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// The terminal output with escape sequences taken out.
fn text_of(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for d in chars.by_ref() {
                    if ('@'..='~').contains(&d) {
                        break;
                    }
                }
            } else {
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn five_players_play_the_default_scenario_to_the_end() {
    let dir = tmp("five");
    cast(&dir);
    let server = serve(&dir, false);
    let t = Tmux::new("five");
    let us_capture = dir.join("alice.bytes");
    for name in ["white", "alice", "bob", "kim", "park"] {
        let cap = (name == "alice").then_some(us_capture.as_path());
        t.open(name, &dir, server.port, cap);
    }
    t.wait("white", "Facilitator (EXCON)");
    t.wait("alice", "CISA");
    t.wait("kim", "KrCERT");
    t.keys("white", &["4"]);
    t.wait("white", "alice (lead)");
    t.wait("white", "bob (analyst)");
    // An analyst proposes; the lead sees it live, named; only the lead may submit.
    t.keys("bob", &["Down", "Down", "Enter"]);
    t.wait("bob", "Investigate");
    t.keys("bob", &["Enter"]);
    t.keys("alice", &["3"]);
    t.wait("alice", "bob · 1 AP");
    t.wait("white", "· bob");
    t.keys("bob", &["s"]);
    t.wait("bob", "may not submit");
    // The team's chat: the teammate sees it as it arrives, the partner never does.
    t.keys("bob", &["c"]);
    t.wait("bob", "Message to your team");
    t.keys("bob", &["-l", "isolate the vpn first"]);
    t.keys("bob", &["Enter"]);
    t.wait("alice", "bob: isolate the vpn first");
    t.keys("kim", &["c"]);
    t.keys("kim", &["-l", "kr eyes only"]);
    t.keys("kim", &["Enter"]);
    t.wait("park", "kim: kr eyes only");
    // The white cell pauses and resumes: the report names who.
    t.keys("white", &["P"]);
    t.wait("white", "‖");
    t.keys("white", &["P"]);
    let turns = 12;
    for turn in 1..=turns {
        for lead in ["alice", "kim"] {
            t.keys(lead, &["s"]);
            t.keys(lead, &["y"]);
        }
        t.wait("white", "ready to resolve");
        t.keys("white", &["R"]);
        t.wait("white", &format!("Results of turn {turn}"));
        // The Korean team reads Korean.
        for p in ["alice", "bob", "kim", "park"] {
            let results = if matches!(p, "kim" | "park") {
                format!("턴 {turn} 판정 결과")
            } else {
                format!("Results of turn {turn}")
            };
            t.wait(p, &results);
            t.keys(p, &["Enter"]);
        }
        t.keys("white", &["Enter"]);
        if turn < turns {
            t.wait("white", &format!("Turn {}/{turns}", turn + 1));
            t.wait("alice", &format!("Turn {}/{turns}", turn + 1));
            t.wait("kim", &format!("{}/{turns}", turn + 1));
        }
    }
    t.wait("white", "Exercise summary");
    // Everyone leaves; the record is whole.
    for p in ["white", "alice", "bob", "kim", "park"] {
        t.keys(p, &["q"]);
        t.keys(p, &["y"]);
    }
    t.wait("alice", "Goodbye, alice");
    drop(server);
    let out = run(Command::new(BIN)
        .arg("replay")
        .arg(dir.join("exercise.jointex")));
    assert!(out.status.success(), "the record replays: {out:?}");
    let out = run(Command::new(BIN)
        .arg("report")
        .arg(dir.join("exercise.jointex"))
        .arg("--out")
        .arg(dir.join("aar.md")));
    assert!(out.status.success(), "report: {out:?}");
    let aar = std::fs::read_to_string(dir.join("aar.md")).expect("report");
    assert!(
        aar.contains("| 1 | us | investigate ") && aar.contains("| bob |"),
        "the report names who proposed each order"
    );
    assert!(aar.contains("| alice |") && aar.contains("| kim |") && aar.contains("| white |"));
    assert!(
        aar.contains("| white cell | paused the exercise | white |"),
        "white-cell actions are named in plain words"
    );
    // A key of kr never gave a command as us, nor the other way round.
    let record = jointex_record::open(&dir.join("exercise.jointex")).expect("record");
    for l in &record.actions {
        let by = l.action.by.as_deref().unwrap_or("?");
        let seat = l.action.seat;
        let want = match by {
            "alice" | "bob" => jointex_sim::Seat::Team(jointex_scenario::model::TeamId(0)),
            "kim" | "park" => jointex_sim::Seat::Team(jointex_scenario::model::TeamId(1)),
            _ => jointex_sim::Seat::Facilitator,
        };
        assert_eq!(seat, want, "{by} gave a command as {seat:?}");
    }
    // Nothing on the US channel that only the facilitator or Korea may know.
    let mut bytes = Vec::new();
    std::fs::File::open(&us_capture)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .expect("capture");
    let seen = text_of(&bytes);
    assert!(
        seen.contains("us-power-vpn"),
        "the capture holds the US console"
    );
    let s = &record.scenario;
    for a in s.assets.iter().filter(|a| a.owner.0 == 1) {
        assert!(
            !seen.contains(&a.key),
            "the US channel carried Korea's asset {}",
            a.key
        );
    }
    for st in s.actors.iter().flat_map(|a| &a.stages) {
        assert!(
            !seen.contains(&st.key),
            "the US channel carried stage {}",
            st.key
        );
    }
    assert!(!seen.contains("Ground truth"), "no facilitator screen");
    assert!(
        !seen.contains("kr eyes only"),
        "the partner's chat stayed with the partner"
    );
    assert!(
        aar.contains("| chat | bob: isolate the vpn first |"),
        "the report keeps the chat"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_server_refuses_what_it_does_not_offer() {
    let dir = tmp("refuse");
    cast(&dir);
    let server = serve(&dir, false);
    let p = server.port;
    // A command instead of the console.
    let out = run(ssh(&dir, p, "alice", "alice")
        .arg("ls")
        .stdin(Stdio::null()));
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("exec request failed"),
        "{out:?}"
    );
    // A key not on the roster, and a password.
    let out = run(ssh(&dir, p, "stranger", "alice")
        .arg("-tt")
        .stdin(Stdio::null()));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Permission denied (publickey)"),
        "{out:?}"
    );
    let out = run(Command::new("ssh")
        .args(SSH_OPTS)
        .args([
            "-o",
            "PubkeyAuthentication=no",
            "-o",
            "PasswordAuthentication=yes",
        ])
        .args(["-p", &p.to_string(), "alice@127.0.0.1"])
        .stdin(Stdio::null()));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Permission denied (publickey)"),
        "{out:?}"
    );
    // A subsystem, remote forwarding.
    let out = run(ssh(&dir, p, "alice", "alice")
        .args(["-s", "sftp"])
        .stdin(Stdio::null()));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("subsystem request failed"),
        "{out:?}"
    );
    let out = run(ssh(&dir, p, "alice", "alice")
        .args([
            "-N",
            "-o",
            "ExitOnForwardFailure=yes",
            "-R",
            "0:127.0.0.1:9",
        ])
        .stdin(Stdio::null()));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("remote port forwarding failed"),
        "{out:?}"
    );
    // Local forwarding: the tunnel opens on the client but the server never connects it.
    let local = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
    let lport = local.local_addr().expect("addr").port();
    drop(local);
    let mut fwd = ssh(&dir, p, "alice", "alice")
        .args(["-N", "-L", &format!("127.0.0.1:{lport}:127.0.0.1:{p}")])
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ssh -L");
    let start = Instant::now();
    let mut got = Vec::new();
    while start.elapsed() < Duration::from_secs(10) {
        if let Ok(mut c) = std::net::TcpStream::connect(("127.0.0.1", lport)) {
            let _ = c.set_read_timeout(Some(Duration::from_secs(3)));
            let _ = c.read_to_end(&mut got);
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = fwd.kill();
    let out = fwd.wait_with_output().expect("ssh -L ends");
    assert!(
        !String::from_utf8_lossy(&got).contains("SSH-2.0"),
        "the forward reached the server's port"
    );
    let _ = out;
    // Agent forwarding is asked for with the console and refused.
    let agent = dir.join("agent.sock");
    let mut a = Command::new("ssh-agent")
        .args(["-D", "-a"])
        .arg(&agent)
        .stdout(Stdio::null())
        .spawn()
        .expect("ssh-agent");
    let t = Tmux::new("refuse");
    std::thread::sleep(Duration::from_millis(300));
    let line = format!(
        "SSH_AUTH_SOCK={} ssh -A -tt {} -i {} -p {p} alice@127.0.0.1; sleep 600",
        agent.display(),
        SSH_OPTS.join(" "),
        dir.join("alice").display()
    );
    let _ = run(Command::new("tmux").args([
        "-L",
        &t.socket,
        "new-session",
        "-d",
        "-s",
        "agent",
        "-x",
        "100",
        "-y",
        "30",
        &line,
    ]));
    t.wait("agent", "CISA");
    let _ = a.kill();
    let _ = a.wait();
    let log = std::fs::read_to_string(&server.log).expect("log");
    assert!(log.contains("refused agent forwarding"), "{log}");
    assert!(log.contains("refused a command"), "{log}");
    assert!(log.contains("refused port forwarding (-L)"), "{log}");
    assert!(log.contains("refused port forwarding (-R)"), "{log}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_dropped_session_and_a_killed_server_lose_nothing() {
    let dir = tmp("drop");
    cast(&dir);
    let mut server = serve(&dir, false);
    let t = Tmux::new("drop");
    t.open("bob", &dir, server.port, None);
    t.wait("bob", "CISA");
    t.keys("bob", &["Down", "Down", "Enter"]);
    t.wait("bob", "Investigate");
    t.keys("bob", &["Enter"]);
    t.keys("bob", &["3"]);
    t.wait("bob", "bob · 1 AP");
    // The session dies mid-plan; bob comes back to the same plan, on the tab he left.
    t.close("bob");
    std::thread::sleep(Duration::from_millis(300));
    t.open("bob", &dir, server.port, None);
    t.wait("bob", "bob · 1 AP");
    // The server is killed outright, then resumed: the plan and its proposer are there.
    let _ = server.child.kill();
    let _ = server.child.wait();
    t.close("bob");
    let server = serve(&dir, true);
    t.open("bob", &dir, server.port, None);
    t.keys("bob", &["3"]);
    t.wait("bob", "bob · 1 AP");
    t.open("alice", &dir, server.port, None);
    t.keys("alice", &["s"]);
    t.keys("alice", &["y"]);
    t.wait("alice", "submitted its plan");
    let _ = std::fs::remove_dir_all(&dir);
}
