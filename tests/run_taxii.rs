//! `jointex run --taxii`: shares go live to a real TAXII 2.1 server (medallion, installed
//! into `.venv/` by `scripts/python-tools`) and the partner's come back; a server that
//! refuses or is gone is reported and the exercise still runs to the end.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

const COLLECTION: &str = "exercise/collections/4f7d1c3a-2b9e-4c6d-8a1f-0e5b7c9d2a11/";

/// A medallion on a free loopback port, from a private copy of `assets/taxii/`; killed
/// when dropped, so a failing test never leaves it running.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(name: &str) -> Self {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let exe = repo.join(".venv/bin/medallion");
        assert!(
            exe.exists(),
            "{} is missing: run scripts/python-tools first",
            exe.display()
        );
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("run-taxii-{name}"));
        std::fs::create_dir_all(&dir).expect("temp dir");
        for f in ["medallion_config.json", "exercise_data.json"] {
            std::fs::copy(repo.join("assets/taxii").join(f), dir.join(f))
                .expect("copy the TAXII config");
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(exe)
            .args([
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "medallion_config.json",
            ])
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("medallion starts");
        let server = Server { child, port };
        // About a second here; up to 30 s on a loaded machine.
        for _ in 0..300 {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return server;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("medallion did not answer on port {port} within 30 s");
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/{COLLECTION}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn run(url: &str, user: &str, password: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jointex"))
        .args([
            "run",
            "--policy",
            "share-everything",
            "--turns",
            "6",
            "--taxii",
            url,
            "--taxii-user",
            user,
        ])
        .env("JOINTEX_TAXII_PASSWORD", password)
        .output()
        .expect("jointex runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// "taxii: N object(s) pushed …; M bundle(s) not delivered; K object(s) read from partners"
fn counts(err: &str) -> (usize, usize, usize) {
    let line = err
        .lines()
        .find(|l| l.starts_with("taxii: "))
        .unwrap_or_else(|| panic!("no taxii summary in:\n{err}"));
    let numbers: Vec<usize> = line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (numbers[0], numbers[1], numbers[2])
}

#[test]
fn shares_go_out_live_and_the_partners_come_back() {
    let server = Server::start("live");
    let us = run(&server.url(), "us-cert", "us-pass");
    assert!(us.status.success(), "{}", stderr(&us));
    let (pushed, undelivered, _) = counts(&stderr(&us));
    assert!(pushed > 0, "{}", stderr(&us));
    assert_eq!(undelivered, 0, "{}", stderr(&us));
    // The partner's CERT, reading the same collection, finds what the first run sent.
    let kr = run(&server.url(), "kr-cert", "kr-pass");
    assert!(kr.status.success(), "{}", stderr(&kr));
    let (_, _, received) = counts(&stderr(&kr));
    assert!(received > 0, "{}", stderr(&kr));
}

#[test]
fn a_refusing_or_missing_server_is_reported_and_the_exercise_carries_on() {
    let server = Server::start("refusing");
    let wrong = run(&server.url(), "us-cert", "not-the-password");
    // The exercise ran to the end, and the exit status says the intel did not get through.
    assert_eq!(wrong.status.code(), Some(1), "{}", stderr(&wrong));
    assert!(
        stderr(&wrong).contains("bundle(s) were not delivered to the TAXII server"),
        "{}",
        stderr(&wrong)
    );
    assert!(
        stderr(&wrong).contains(
            "warning: taxii: 401 unauthorized: check --taxii-user and JOINTEX_TAXII_PASSWORD"
        ),
        "{}",
        stderr(&wrong)
    );
    assert_eq!(
        String::from_utf8_lossy(&wrong.stdout)
            .lines()
            .filter(|l| l.starts_with("turn "))
            .count(),
        6
    );
    drop(server);
    let gone = run(
        &format!("http://127.0.0.1:1/{COLLECTION}"),
        "us-cert",
        "us-pass",
    );
    assert_eq!(gone.status.code(), Some(1), "{}", stderr(&gone));
    assert!(stderr(&gone).contains("unreachable"), "{}", stderr(&gone));
}
