//! Team chat is a recorded command with the player who gave each command: it survives the
//! process, and a format 2 record (from before chat) is upgraded when it is carried on.

use std::sync::Arc;

use jointex_record::{Driver, FORMAT_VERSION, Recorder};
use jointex_sim::{Command, Event, Seat};

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("jointex-chat-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir.join("chat.jointex")
}

fn create(path: &std::path::Path) -> Recorder {
    let text = jointex_scenario::DEFAULT_SCENARIO;
    let scenario = Arc::new(jointex_scenario::load(text).expect("loads").scenario);
    let driver = Driver {
        kind: "serve".to_owned(),
        ..Driver::default()
    };
    Recorder::create(path, text, scenario, 5, driver).expect("created")
}

fn chat(text: &str) -> Command {
    Command::Chat {
        by: "alice".into(),
        text: text.into(),
    }
}

#[test]
fn chat_and_names_survive_the_process() {
    let path = scratch("keep");
    {
        let mut rec = create(&path);
        let us = Seat::Team(rec.scenario().team_id("us").expect("us"));
        rec.execute_by(us, chat("isolate first"), Some("alice"))
            .expect("chat recorded");
    }
    let record = jointex_record::open(&path).expect("opens");
    let last = record.actions.last().expect("one action");
    assert_eq!(last.action.by.as_deref(), Some("alice"));
    assert_eq!(last.action.command, chat("isolate first"));
    let rec = Recorder::resume(&record).expect("resumes");
    assert!(
        rec.events()
            .iter()
            .any(|(_, e)| matches!(e, Event::Chat { text, .. } if text == "isolate first"))
    );
}

#[test]
fn a_format_2_record_is_upgraded_when_carried_on() {
    let path = scratch("upgrade");
    drop(create(&path));
    // Make it what a format 2 build wrote: no `chat` in the kinds, version 2.
    {
        let conn = rusqlite::Connection::open(&path).expect("sqlite");
        conn.execute_batch(
            "CREATE TABLE a2 (seq INTEGER PRIMARY KEY, turn INTEGER NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('order', 'withdraw', 'submit', 'acknowledge', 'resolve')),
                payload TEXT NOT NULL) STRICT;
             INSERT INTO a2 SELECT * FROM actions; DROP TABLE actions;
             ALTER TABLE a2 RENAME TO actions;
             UPDATE meta SET format = 2; PRAGMA user_version = 2;",
        )
        .expect("downgraded");
    }
    let record = jointex_record::open(&path).expect("a format 2 record still opens");
    assert_eq!(record.meta.format, 2);
    let mut rec = Recorder::resume(&record).expect("resumes");
    let us = Seat::Team(rec.scenario().team_id("us").expect("us"));
    rec.execute_by(us, chat("after the upgrade"), Some("alice"))
        .expect("a chat row fits the upgraded table");
    drop(rec);
    let record = jointex_record::open(&path).expect("opens");
    assert_eq!(record.meta.format, FORMAT_VERSION);
    assert_eq!(record.actions.len(), 1);
}
