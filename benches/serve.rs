//! Load benchmark of `jointex serve`: 60 SSH sessions on loopback — two teams of 25 and a
//! white cell of 10 (five controllers and five evaluators, who sit at the facilitator's seat
//! until evaluator seats exist) — driven by russh clients, each pressing keys.
//!
//! Reports the median and 99th percentile from a key press to the screen update reaching
//! the client, the time for a resolved turn to reach every session, and the server's memory
//! per session (its resident set, read from /proc, before and after the sessions joined).
//! The server is the real release binary in its own process.
//!
//! `cargo bench --bench serve` (release). Figures are recorded in docs/benchmarks.md.
//! Under `cargo test --all-targets` (no `--bench` argument) it runs a small smoke version:
//! six sessions, four presses each, to keep it working without timing anything.

// A benchmark measures time: that is what it is for.
#![allow(clippy::disallowed_methods, missing_docs)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use russh::keys::{Algorithm, PrivateKey, PrivateKeyWithHashAlg, PublicKeyOrCertificate};
use russh::{ChannelMsg, client};

/// Sessions per team, in the white cell, and key presses per session.
fn sizes() -> (usize, usize, usize) {
    if std::env::args().any(|a| a == "--bench") {
        (25, 10, 30)
    } else {
        (2, 2, 4)
    }
}

struct Trusting;

impl client::Handler for Trusting {
    type Error = russh::Error;

    async fn check_server_key(&mut self, _: &PublicKeyOrCertificate) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

struct Player {
    name: String,
    key: PrivateKey,
}

/// Waits for the next data on a channel (a screen update), up to a limit.
async fn next_data(ch: &mut russh::Channel<client::Msg>, limit: Duration) -> Option<Instant> {
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        match tokio::time::timeout_at(deadline, ch.wait()).await {
            Ok(Some(ChannelMsg::Data { .. })) => return Some(Instant::now()),
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => return None,
        }
    }
}

/// Reads whatever arrives within `quiet` of the last data.
async fn drain(ch: &mut russh::Channel<client::Msg>, quiet: Duration) {
    while next_data(ch, quiet).await.is_some() {}
}

fn main() {
    let (team, cell, presses) = sizes();
    let dir = std::env::temp_dir().join(format!("jointex-bench-serve-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let mut rng = russh::keys::key::safe_rng();
    let mut players = Vec::new();
    let mut roster = String::from("[submit]\n");
    let seats = std::iter::repeat_n("facilitator", cell)
        .chain(std::iter::repeat_n("us", team))
        .chain(std::iter::repeat_n("kr", team));
    for (i, seat) in seats.enumerate() {
        let key = PrivateKey::random(&mut rng, Algorithm::Ed25519).expect("key");
        let name = format!("p{i:02}");
        let public = key.public_key().to_openssh().expect("openssh");
        roster.push_str(&format!(
            "\n[[player]]\nname = \"{name}\"\nseat = \"{seat}\"\nlang = \"en\"\nkeys = [\"{public}\"]\n"
        ));
        players.push(Player { name, key });
    }
    std::fs::write(dir.join("roster.toml"), roster).expect("roster");
    let mut server = Command::new(env!("CARGO_BIN_EXE_jointex"))
        .arg("serve")
        .arg("--roster")
        .arg(dir.join("roster.toml"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--max-per-address",
            "100",
            "--state",
        ])
        .arg(dir.join("state"))
        .arg("--record")
        .arg(dir.join("bench.jointex"))
        .stdout(Stdio::piped())
        .spawn()
        .expect("jointex serve starts");
    let pid = server.id();
    let mut port = 0u16;
    let out = server.stdout.take().expect("stdout");
    let mut lines = BufReader::new(out).lines();
    for line in lines.by_ref() {
        let line = line.expect("line");
        if let Some(rest) = line.trim().strip_prefix("listening on 127.0.0.1:") {
            port = rest
                .split_whitespace()
                .next()
                .and_then(|p| p.parse().ok())
                .unwrap_or(0);
        }
        if line.contains("host key") {
            break;
        }
    }
    std::thread::spawn(move || for _ in lines {});
    assert!(port > 0, "serve printed its port");
    let idle_rss = rss_kib(pid);

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .worker_threads(2)
        .build()
        .expect("runtime");
    let n = players.len();
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let arrivals: Arc<Mutex<Vec<Instant>>> = Arc::new(Mutex::new(Vec::new()));
    let joined = Arc::new(tokio::sync::Barrier::new(n + 1));
    let pressed = Arc::new(tokio::sync::Barrier::new(n + 1));
    let resolved_at: Arc<Mutex<Option<Instant>>> = Arc::new(Mutex::new(None));
    let listen = Arc::new(tokio::sync::Barrier::new(n + 1));
    let done = Arc::new(tokio::sync::Barrier::new(n + 1));
    rt.block_on(async {
        let config = Arc::new(client::Config {
            nodelay: true,
            ..Default::default()
        });
        let mut tasks = Vec::new();
        for (i, p) in players.into_iter().enumerate() {
            let config = config.clone();
            let (latencies, arrivals) = (latencies.clone(), arrivals.clone());
            let (joined, pressed, listen, done) = (
                joined.clone(),
                pressed.clone(),
                listen.clone(),
                done.clone(),
            );
            let resolved_at = resolved_at.clone();
            tasks.push(tokio::spawn(async move {
                let mut h = client::connect(config, ("127.0.0.1", port), Trusting)
                    .await
                    .expect("connects");
                let auth = h
                    .authenticate_publickey(
                        p.name.clone(),
                        PrivateKeyWithHashAlg::new(Arc::new(p.key), None),
                    )
                    .await
                    .expect("authenticates");
                assert!(auth.success(), "{} is on the roster", p.name);
                let mut ch = h.channel_open_session().await.expect("session");
                ch.request_pty(false, "xterm-256color", 120, 36, 0, 0, &[])
                    .await
                    .expect("pty");
                ch.request_shell(false).await.expect("shell");
                next_data(&mut ch, Duration::from_secs(30))
                    .await
                    .expect("the first screen");
                drain(&mut ch, Duration::from_millis(300)).await;
                joined.wait().await;
                // Keys: down and up in turn (each moves a selection, so each draws).
                let mut mine = Vec::new();
                for k in 0..presses {
                    // Spread the sessions' presses over time, as people type.
                    tokio::time::sleep(Duration::from_millis(40 + ((i * 7 + k * 13) % 40) as u64))
                        .await;
                    let key: &[u8] = if k % 2 == 0 { b"\x1b[B" } else { b"\x1b[A" };
                    let t0 = Instant::now();
                    ch.data_bytes(key.to_vec()).await.expect("key sent");
                    if let Some(t1) = next_data(&mut ch, Duration::from_secs(5)).await {
                        mine.push(t1 - t0);
                    }
                    drain(&mut ch, Duration::from_millis(5)).await;
                }
                latencies.lock().expect("lock").extend(mine);
                pressed.wait().await;
                drain(&mut ch, Duration::from_millis(200)).await;
                listen.wait().await;
                if i == 0 {
                    // The first controller forces the turn: R, then yes.
                    ch.data_bytes(b"R".to_vec()).await.expect("R");
                    next_data(&mut ch, Duration::from_secs(5)).await;
                    *resolved_at.lock().expect("lock") = Some(Instant::now());
                    ch.data_bytes(b"y".to_vec()).await.expect("y");
                }
                if let Some(t) = next_data(&mut ch, Duration::from_secs(10)).await {
                    arrivals.lock().expect("lock").push(t);
                }
                done.wait().await;
                drop(ch);
                let _ = h
                    .disconnect(russh::Disconnect::ByApplication, "", "en")
                    .await;
            }));
        }
        joined.wait().await;
        let full_rss = rss_kib(pid);
        pressed.wait().await;
        listen.wait().await;
        done.wait().await;
        for t in tasks {
            let _ = t.await;
        }
        let mut l = latencies.lock().expect("lock").clone();
        l.sort();
        let t0 = resolved_at.lock().expect("lock").expect("resolved");
        let last = arrivals
            .lock()
            .expect("lock")
            .iter()
            .map(|a| a.saturating_duration_since(t0))
            .max()
            .unwrap_or_default();
        let reached = arrivals.lock().expect("lock").len();
        println!(
            "jointex serve, {n} sessions on loopback ({team} us, {team} kr, {cell} white cell)"
        );
        println!(
            "  key to screen: {} presses, median {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            l.len(),
            percentile(&l, 0.5).as_secs_f64() * 1e3,
            percentile(&l, 0.99).as_secs_f64() * 1e3,
            l.last().copied().unwrap_or_default().as_secs_f64() * 1e3
        );
        println!(
            "  resolved turn reached {reached} of {n} sessions, the last after {:.1} ms",
            last.as_secs_f64() * 1e3
        );
        println!(
            "  server memory: {} KiB idle, {} KiB with {n} sessions: {:.0} KiB per session",
            idle_rss,
            full_rss,
            full_rss.saturating_sub(idle_rss) as f64 / n as f64
        );
    });
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&dir);
}
