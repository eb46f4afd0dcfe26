//! Live exchange with the OASIS TAXII 2.1 reference server (medallion, from `.venv/`):
//! shares pushed as the exercise runs come back exactly as sent, a re-send adds nothing, and
//! wrong credentials, wrong media types and a dead server are reported, not fatal.
//!
//! Each test starts its own medallion on a free loopback port with a copy of
//! `assets/taxii/` (the memory backend loads its data file from there) and stops it
//! when the test ends, passed or failed.

mod common;

use std::collections::BTreeMap;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use jointex_scenario::model::TeamId;
use jointex_stix::taxii::Query;
use jointex_stix::{Credentials, ShareFeed, TaxiiClient, TaxiiError, TaxiiExchange};
use serde_json::Value;

const API_ROOT: &str = "exercise";
const COLLECTION: &str = "4f7d1c3a-2b9e-4c6d-8a1f-0e5b7c9d2a11";

/// A running medallion, killed when dropped.
struct Medallion {
    child: Child,
    port: u16,
    dir: common::TempDir,
}

impl Medallion {
    fn start(name: &str) -> Self {
        let exe = common::venv_tool("medallion");
        let dir = common::TempDir::new(&format!("taxii-{name}"));
        for f in ["medallion_config.json", "exercise_data.json"] {
            std::fs::copy(common::asset(&format!("taxii/{f}")), dir.path().join(f))
                .expect("copy the medallion config");
        }
        // A free port: bind to port 0, read the port, let it go for medallion.
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let log = std::fs::File::create(dir.path().join("medallion.log")).expect("log file");
        let child = Command::new(exe)
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .arg("medallion_config.json")
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log file"))
            .stderr(log)
            .spawn()
            .expect("medallion starts");
        let mut m = Medallion { child, port, dir };
        m.wait_until_it_answers();
        m
    }

    fn wait_until_it_answers(&mut self) {
        // About 1 s here; up to 30 s on a loaded machine.
        for _ in 0..300 {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "medallion exited ({status}) before answering:\n{}",
                    self.log()
                );
            }
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!(
            "medallion did not answer on port {} within 30 s:\n{}",
            self.port,
            self.log()
        );
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("medallion.log")).unwrap_or_default()
    }

    fn collection_url(&self) -> String {
        format!(
            "http://127.0.0.1:{}/{API_ROOT}/collections/{COLLECTION}/",
            self.port
        )
    }

    fn client(&self, user: &str, password: &str) -> TaxiiClient {
        TaxiiClient::new(
            &self.collection_url(),
            Some(Credentials {
                user: user.into(),
                password: password.into(),
            }),
        )
        .expect("a valid collection url")
    }
}

impl Drop for Medallion {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every object of the collection, every version, by id; fails on a repeated id.
fn all_versions(client: &TaxiiClient) -> BTreeMap<String, Value> {
    let page = client
        .objects(&Query {
            all_versions: true,
            // Small pages, so the test also follows the server's `next` links.
            limit: Some(7),
            ..Query::default()
        })
        .expect("the collection reads");
    let mut by_id = BTreeMap::new();
    for o in page.objects {
        let id = o["id"].as_str().expect("an id").to_owned();
        assert!(
            by_id.insert(id.clone(), o).is_none(),
            "{id} is in the collection twice"
        );
    }
    by_id
}

#[test]
fn shares_go_over_taxii_and_come_back_unchanged_once() {
    let server = Medallion::start("roundtrip");
    let exchange = TaxiiExchange::new(server.client("kr-cert", "kr-pass"));
    let mut feed = ShareFeed::new(Some(exchange));

    // Play the three-team fixture turn by turn, pushing as the shares happen.
    let s = common::scenario(&common::fixture("three-cities.ron"));
    let mut ex = jointex_sim::Exercise::new(s, 5);
    use jointex_scenario::vocab::Tlp;
    for o in [
        common::share(
            &ex,
            "us",
            &[],
            &["ioc-ip", "ioc-url"],
            Tlp::Amber,
            "to everyone",
        ),
        common::share(
            &ex,
            "us",
            &["kr"],
            &["ioc-mail"],
            Tlp::Red,
            "KrCERT/CC only",
        ),
        common::share(&ex, "us", &["jp"], &["ioc-domain"], Tlp::Green, "community"),
    ] {
        ex.order(o).expect("allowed");
    }
    let teams = ex.scenario().teams.len();
    let mut policies: Vec<_> = (0..teams)
        .map(|_| jointex_sim::policy::by_name("share-everything").expect("built in"))
        .collect();
    let mut bundles = Vec::new();
    let mut warnings = Vec::new();
    while !ex.is_over() {
        for (t, p) in policies.iter_mut().enumerate() {
            jointex_sim::policy::play(&mut ex, TeamId(t as u16), p.as_mut());
        }
        ex.resolve().expect("the turn resolves");
        let turn = feed.after_turn(&ex, |_| true);
        assert!(turn.error.is_none(), "{:?}", turn.error);
        assert!(
            turn.received.is_empty(),
            "nobody else writes to this collection"
        );
        warnings.extend(turn.warnings);
        bundles.extend(turn.bundles);
    }
    assert_eq!(feed.undelivered, 0);
    // The RED share to one of two partners stays local; everything else went.
    assert_eq!(
        warnings,
        [
            "taxii: share-1-us-to-kr not pushed: TLP:RED is for kr only, and every team reads the collection"
        ]
    );
    let pushed: Vec<_> = bundles.iter().filter(|b| b.share.tlp != Tlp::Red).collect();
    assert!(pushed.len() >= 3, "{} bundles pushed", pushed.len());

    // Read back: exactly the objects sent, each once, byte for byte as JSON values.
    let client = server.client("us-cert", "us-pass");
    let sent = feed.taxii().expect("taxii").sent().clone();
    let mut expected: BTreeMap<String, Value> = BTreeMap::new();
    for b in &pushed {
        for o in b.objects() {
            expected.insert(o["id"].as_str().expect("id").to_owned(), o.clone());
        }
    }
    assert_eq!(sent, expected);
    let stored = all_versions(&client);
    assert_eq!(stored.len(), expected.len());
    for (id, o) in &expected {
        assert_eq!(stored.get(id), Some(o), "{id} came back different");
    }
    // The RED bundle's own objects never reached the collection.
    let red = bundles
        .iter()
        .find(|b| b.share.tlp == Tlp::Red)
        .expect("red");
    for o in red.objects() {
        let id = o["id"].as_str().expect("id");
        if o["type"] != "identity" && o["type"] != "marking-definition" {
            assert!(!stored.contains_key(id), "{id} of a TLP:RED share leaked");
        }
    }

    // A re-send adds nothing: the server refuses every id and version it holds.
    let mut again = TaxiiExchange::new(server.client("kr-cert", "kr-pass"));
    for b in &pushed {
        let status = again.push(&b.bundle).expect("the re-send is accepted");
        assert_eq!(status.success, 0, "{status:?}");
        assert_eq!(status.failure, status.total, "{status:?}");
    }
    assert_eq!(all_versions(&client), stored);

    // A partner reading the collection sees every object as someone else's share.
    let mut partner = TaxiiExchange::new(server.client("us-cert", "us-pass"));
    let pulled = partner.pull_new().expect("reads");
    assert_eq!(pulled.received.len(), expected.len());
    assert!(pulled.date_added_last.is_some());
    let later = partner.pull_new().expect("reads");
    assert!(later.objects.is_empty(), "nothing was added since");
}

#[test]
fn refusals_are_reported_by_status() {
    let server = Medallion::start("refusals");
    let wrong = server.client("kr-cert", "not-the-password");
    let err = wrong.objects(&Query::default()).expect_err("refused");
    assert_eq!(err, TaxiiError::Unauthorized);
    assert_eq!(err.to_string(), "401 unauthorized");
    assert_eq!(
        wrong.add_objects(&[]).expect_err("refused"),
        TaxiiError::Unauthorized
    );

    let json = server
        .client("kr-cert", "kr-pass")
        .with_media_types("application/json", "application/json");
    assert_eq!(
        json.objects(&Query::default()).expect_err("refused"),
        TaxiiError::NotAcceptable
    );
    let plain_body = server
        .client("kr-cert", "kr-pass")
        .with_media_types(jointex_stix::taxii::MEDIA_TYPE, "application/json");
    assert_eq!(
        plain_body.add_objects(&[]).expect_err("refused"),
        TaxiiError::UnsupportedMediaType
    );

    let missing = TaxiiClient::new(
        &format!(
            "http://127.0.0.1:{}/{API_ROOT}/collections/00000000-0000-4000-8000-000000000000/",
            server.port
        ),
        Some(Credentials {
            user: "kr-cert".into(),
            password: "kr-pass".into(),
        }),
    )
    .expect("valid url");
    assert!(matches!(
        missing.objects(&Query::default()),
        Err(TaxiiError::NotFound { .. })
    ));

    let info = server
        .client("kr-cert", "kr-pass")
        .information()
        .expect("the collection describes itself");
    assert_eq!(info["id"], COLLECTION);
    assert_eq!(info["can_write"], true);
}

#[test]
fn a_dead_server_leaves_the_exercise_running_locally() {
    // Start and stop a server so the port is known to be closed.
    let url = {
        let server = Medallion::start("dead");
        server.collection_url()
    };
    let client = TaxiiClient::new(&url, None).expect("valid url");
    let mut feed = ShareFeed::new(Some(TaxiiExchange::new(client)));
    let text = common::fixture("three-cities.ron");
    let s = common::scenario(&text);
    let mut ex = jointex_sim::Exercise::new(s, 2);
    let mut policies: Vec<_> = (0..3)
        .map(|_| jointex_sim::policy::by_name("share-everything").expect("built in"))
        .collect();
    let mut errors = Vec::new();
    let mut bundles = 0;
    while !ex.is_over() {
        for (t, p) in policies.iter_mut().enumerate() {
            jointex_sim::policy::play(&mut ex, TeamId(t as u16), p.as_mut());
        }
        ex.resolve().expect("the turn resolves");
        let turn = feed.after_turn(&ex, |_| true);
        bundles += turn.bundles.len();
        errors.extend(turn.error);
    }
    assert!(bundles > 0);
    assert_eq!(feed.undelivered, bundles, "nothing could be delivered");
    assert_eq!(errors.len(), 1, "one warning, not one per turn: {errors:?}");
    assert!(
        matches!(&errors[0], TaxiiError::Unreachable { reason, .. } if reason == "connection refused"),
        "{errors:?}"
    );
    let _: PathBuf = common::repo();
}

/// A server that already holds a different object under one of a bundle's ids is not
/// overwritten: the exchange reads the collection first and names the conflicting ids; the
/// same object again is no conflict.
#[test]
fn an_id_the_server_holds_with_other_content_is_a_conflict() {
    let server = Medallion::start("conflict");
    let ex = common::play(jointex_scenario::DEFAULT_SCENARIO, 1, "share-everything", 4);
    let bundle = jointex_stix::bundles(&ex)
        .into_iter()
        .next()
        .expect("a share in four turns")
        .bundle;
    let mut first = TaxiiExchange::new(server.client("us-cert", "us-pass"));
    first.push(&bundle).expect("pushed");

    let mut second = TaxiiExchange::new(server.client("kr-cert", "kr-pass"));
    second.pull_new().expect("read");
    assert!(
        second.conflicts(&bundle).is_empty(),
        "the same objects again"
    );
    let mut edited = bundle.clone();
    let objects = edited["objects"].as_array_mut().expect("objects");
    let report = objects
        .iter_mut()
        .find(|o| o["type"] == "report")
        .expect("a report");
    report["description"] = "someone else's words".into();
    let id = report["id"].as_str().expect("an id").to_owned();
    assert_eq!(second.conflicts(&edited), vec![id]);
}
