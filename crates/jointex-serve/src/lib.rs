//! # jointex-serve
//!
//! One exercise served over SSH, so the teams of a bilateral exercise play from their own
//! capitals with nothing to install but an OpenSSH client. Each player gets the terminal UI
//! of `jointex play`, bound to the seat their key gives them in the roster.
//!
//! * [`roster`]: who may join, with which keys, on which seat; `roster check` and `add`.
//! * [`server`]: the SSH server (russh): authentication, the one allowed channel, limits.
//! * [`input`]: raw terminal bytes to key events (termwiz's parser).
//! * [`hub`]: the thread that owns the exercise and every console, and redraws them.
//! * [`hostkey`]: the server's key, made on first start and kept in the state directory.
//!
//! The record is written exactly as `play` writes it, so `report`, `replay`, `fork` and
//! `serve --resume` work on it. Limits: one exercise per server process.

pub mod hostkey;
pub mod hub;
pub mod input;
pub mod roster;
pub mod server;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use jointex_record::{Record, Recorder};
use jointex_scenario::model::TeamId;
use jointex_sim::{Command, Seat};
use jointex_tui::Table;

pub use roster::{Player, Roster};
pub use server::Limits;

/// How to serve.
pub struct Options {
    /// The checked roster.
    pub roster: Roster,
    /// Where to listen.
    pub listen: SocketAddr,
    /// The server's host key.
    pub host_key: russh::keys::PrivateKey,
    /// Connection and session limits.
    pub limits: Limits,
}

/// Why serving stopped or could not start.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The exercise could not be opened.
    #[error("{0}")]
    Exercise(String),
    /// The address could not be listened on.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// Anything else of the runtime.
    #[error("{0}")]
    Runtime(String),
}

/// What `serve` tells the facilitator once it listens.
pub struct Ready {
    /// The address it listens on (with the real port when 0 was asked for).
    pub addr: SocketAddr,
}

/// Serves one exercise until SIGINT or SIGTERM. `open` makes the exercise (a new record or
/// a resumed one) on the thread that will own it; `ready` is called once connections are
/// taken.
pub fn serve(
    opts: Options,
    open: impl FnOnce() -> Result<Table, String> + Send + 'static,
    ready: impl FnOnce(&Ready),
) -> Result<(), Error> {
    let (tx, rx) = std::sync::mpsc::channel();
    let (opened_tx, opened_rx) = std::sync::mpsc::channel::<Result<(), String>>();
    let hub_thread = std::thread::Builder::new()
        .name("jointex-hub".into())
        .spawn(move || {
            let table = match open() {
                Ok(t) => t,
                Err(e) => {
                    let _ = opened_tx.send(Err(e));
                    return;
                }
            };
            let _ = opened_tx.send(Ok(()));
            hub::Hub::new(table).run(&rx, Duration::from_secs(1));
        })
        .map_err(|e| Error::Runtime(format!("cannot start the exercise thread: {e}")))?;
    match opened_rx.recv() {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(Error::Exercise(e)),
        Err(_) => return Err(Error::Exercise("the exercise thread stopped".into())),
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .worker_threads(2)
        .thread_name("jointex-ssh")
        .build()
        .map_err(|e| Error::Runtime(format!("cannot start the network runtime: {e}")))?;
    let result = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind(opts.listen)
            .await
            .map_err(|source| Error::Listen {
                addr: opts.listen,
                source,
            })?;
        let addr = listener.local_addr().unwrap_or(opts.listen);
        let config = Arc::new(server::config(opts.host_key, &opts.limits));
        ready(&Ready { addr });
        let accept = server::accept_loop(
            listener,
            config,
            Arc::new(opts.roster),
            tx.clone(),
            opts.limits.clone(),
        );
        tokio::select! {
            r = accept => r.map_err(|e| Error::Runtime(format!("accepting connections failed: {e}"))),
            () = stop_signal() => {
                log::info!("stop signal: closing every session");
                Ok(())
            }
        }
    });
    let _ = tx.send(hub::ToHub::Stop);
    drop(tx);
    // The goodbyes are queued; give the network a moment to deliver them.
    rt.block_on(tokio::time::sleep(Duration::from_millis(300)));
    rt.shutdown_timeout(Duration::from_secs(2));
    let _ = hub_thread.join();
    result
}

/// Resolves at SIGINT or SIGTERM.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut int), Ok(mut term)) = (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        ) else {
            std::future::pending::<()>().await;
            return;
        };
        tokio::select! {
            _ = int.recv() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// The table of a resumed exercise: the recorder, and who proposed each order of the plans
/// being written when it stopped (the record keeps each order's proposer).
pub fn resumed_table(record: &Record) -> Result<Table, jointex_record::Error> {
    let rec = Recorder::resume(record)?;
    let turn = rec.turn();
    let teams = record.scenario.teams.len();
    let mut proposers: Vec<Vec<Option<String>>> = vec![Vec::new(); teams];
    for logged in record.actions.iter().filter(|l| l.turn == turn) {
        let Seat::Team(t) = logged.action.seat else {
            continue;
        };
        let Some(plan) = proposers.get_mut(t.index()) else {
            continue;
        };
        match &logged.action.command {
            Command::Order(_) => plan.push(logged.action.by.clone()),
            Command::Withdraw(i) if *i < plan.len() => {
                plan.remove(*i);
            }
            _ => {}
        }
    }
    let mut table = Table::new(rec);
    for (t, names) in proposers.into_iter().enumerate() {
        // Only when the log and the engine agree on the plan's length (they always should).
        if names.len() == table.exercise().view(TeamId(t as u16)).plan.len() {
            table.set_proposers(TeamId(t as u16), names);
        }
    }
    Ok(table)
}
