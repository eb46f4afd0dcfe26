//! The SSH side: who may connect, what they may ask for, and the bytes in and out.
//!
//! Public-key authentication only, against the roster; the seat comes from the key, never
//! from anything the client says. A connection gets one interactive session with a
//! terminal and nothing else: exec, subsystems, environment, X11, agent and port forwarding
//! are all refused. Connections are limited per address and in all; a session idle too long
//! is closed by the SSH layer.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use russh::keys::PublicKey;
use russh::server::{Auth, Handle, Msg, Session};
use russh::{Channel, ChannelId, MethodKind, MethodSet};
use tokio::net::TcpListener;

use crate::hub::{Out, QUEUE, ToHub};
use crate::input::Keys;
use crate::roster::{Player, Roster};

/// Limits a facilitator may tune.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Open connections from one address.
    pub per_address: usize,
    /// Open connections in all.
    pub total: usize,
    /// Failed authentications before the connection is cut.
    pub auth_attempts: usize,
    /// A session with no traffic this long is closed.
    pub idle: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            per_address: 10,
            total: 200,
            auth_attempts: 6,
            idle: Duration::from_secs(60 * 60),
        }
    }
}

/// The SSH configuration: public key only, the given host key and limits.
pub fn config(host_key: russh::keys::PrivateKey, limits: &Limits) -> russh::server::Config {
    let mut methods = MethodSet::empty();
    methods.push(MethodKind::PublicKey);
    russh::server::Config {
        methods,
        keys: vec![host_key],
        max_auth_attempts: limits.auth_attempts,
        auth_rejection_time: Duration::from_millis(500),
        auth_rejection_time_initial: Some(Duration::ZERO),
        inactivity_timeout: Some(limits.idle),
        keepalive_interval: Some(Duration::from_secs(15)),
        keepalive_max: 4,
        // Keys and screens are small and latency is what players feel.
        nodelay: true,
        ..Default::default()
    }
}

/// Open connections per address.
type Counts = Arc<Mutex<BTreeMap<IpAddr, usize>>>;

/// Accepts connections until the listener fails; each runs on its own task.
pub async fn accept_loop(
    listener: TcpListener,
    config: Arc<russh::server::Config>,
    roster: Arc<Roster>,
    hub: std::sync::mpsc::Sender<ToHub>,
    limits: Limits,
) -> std::io::Result<()> {
    let counts: Counts = Arc::default();
    let ids = Arc::new(AtomicU64::new(1));
    loop {
        let (stream, peer) = listener.accept().await?;
        let (here, total) = {
            let mut c = counts
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let total: usize = c.values().sum();
            let here = c.entry(peer.ip()).or_default();
            (*here, total)
        };
        if here >= limits.per_address || total >= limits.total {
            log::warn!("refused a connection from {peer}: {here} open from there, {total} in all");
            drop(stream);
            continue;
        }
        bump(&counts, peer.ip(), true);
        let _ = stream.set_nodelay(true);
        let handler = Conn {
            id: ids.fetch_add(1, Ordering::Relaxed),
            peer,
            roster: roster.clone(),
            hub: hub.clone(),
            player: None,
            channel: None,
            size: None,
            keys: Keys::new(),
            opened: false,
            budget: Budget::new(),
        };
        let config = config.clone();
        let counts = counts.clone();
        tokio::spawn(async move {
            match russh::server::run_stream(config, stream, handler).await {
                Ok(session) => {
                    if let Err(e) = session.await {
                        log::info!("connection from {peer} ended: {e}");
                    }
                }
                Err(e) => log::info!("connection from {peer} failed: {e}"),
            }
            bump(&counts, peer.ip(), false);
        });
    }
}

fn bump(counts: &Counts, ip: IpAddr, up: bool) {
    let mut c = counts
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let n = c.entry(ip).or_default();
    if up {
        *n += 1;
    } else {
        *n = n.saturating_sub(1);
        if *n == 0 {
            c.remove(&ip);
        }
    }
}

/// One connection.
struct Conn {
    id: u64,
    peer: SocketAddr,
    roster: Arc<Roster>,
    hub: std::sync::mpsc::Sender<ToHub>,
    player: Option<Player>,
    channel: Option<ChannelId>,
    size: Option<(u16, u16)>,
    keys: Keys,
    /// Whether the hub has this session.
    opened: bool,
    /// Events this session may still send now (refilled over time), so one client cannot
    /// keep the exercise thread busy for everybody.
    budget: Budget,
}

/// A token bucket of input events: [`Budget::RATE`] a second, up to [`Budget::BURST`] at once.
struct Budget {
    tokens: f64,
    at: std::time::Instant,
}

impl Budget {
    const RATE: f64 = 50.0;
    const BURST: f64 = 200.0;

    fn new() -> Self {
        #[allow(clippy::disallowed_methods)] // the server owns the wall clock
        let at = std::time::Instant::now();
        Budget {
            tokens: Self::BURST,
            at,
        }
    }

    /// How many of `n` events may go on now.
    fn take(&mut self, n: usize) -> usize {
        #[allow(clippy::disallowed_methods)] // the server owns the wall clock
        let now = std::time::Instant::now();
        let refill = now.duration_since(self.at).as_secs_f64() * Self::RATE;
        self.tokens = (self.tokens + refill).min(Self::BURST);
        self.at = now;
        let allowed = (self.tokens.floor() as usize).min(n);
        self.tokens -= allowed as f64;
        allowed
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        // However the connection ended, the hub lets the console go.
        if self.opened {
            let _ = self.hub.send(ToHub::Close { id: self.id });
        }
    }
}

fn side(n: u32) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// Sends the hub's bytes to the client until the hub is done with the session.
async fn write_out(handle: Handle, channel: ChannelId, mut rx: tokio::sync::mpsc::Receiver<Out>) {
    while let Some(out) = rx.recv().await {
        match out {
            Out::Frame(bytes) => {
                if handle.data(channel, bytes).await.is_err() {
                    return;
                }
            }
            Out::Bye(bytes) => {
                let _ = handle.data(channel, bytes).await;
                let _ = handle.exit_status_request(channel, 0).await;
                let _ = handle.eof(channel).await;
                let _ = handle.close(channel).await;
                return;
            }
        }
    }
    // The hub let go without a goodbye: the session fell behind (or the hub stopped).
    let _ = tokio::time::timeout(
        Duration::from_secs(5),
        handle.disconnect(
            russh::Disconnect::ByApplication,
            "your connection fell behind the exercise; connect again to carry on".into(),
            "en".into(),
        ),
    )
    .await;
}

impl Conn {
    fn refuse(
        &self,
        what: &str,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), russh::Error> {
        log::warn!(
            "refused {what} from {} ({})",
            self.player.as_ref().map_or("?", |p| p.name.as_str()),
            self.peer
        );
        session.channel_failure(channel)
    }

    fn explain_and_close(
        &self,
        channel: ChannelId,
        session: &mut Session,
        text: &str,
    ) -> Result<(), russh::Error> {
        session.data(channel, format!("{text}\r\n").into_bytes())?;
        session.exit_status_request(channel, 1)?;
        session.eof(channel)?;
        session.close(channel)
    }
}

impl russh::server::Handler for Conn {
    type Error = russh::Error;

    async fn auth_publickey_offered(
        &mut self,
        _user: &str,
        offer: russh::server::PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(if self.roster.knows(offer.public_key) {
            Auth::Accept
        } else {
            Auth::reject()
        })
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: russh::server::VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        let key: &PublicKey = key.public_key;
        match self.roster.by_key(key) {
            Some(p) => {
                if p.name != user {
                    log::info!("{} signed in as `{user}`: the key is theirs", p.name);
                }
                log::info!("{} authenticated from {}", p.name, self.peer);
                self.player = Some(p.clone());
                Ok(Auth::Accept)
            }
            None => {
                log::warn!("unknown key for `{user}` from {}", self.peer);
                Ok(Auth::reject())
            }
        }
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // One console per connection.
        if self.channel.is_some() || self.player.is_none() {
            drop(reply);
            return Ok(());
        }
        self.channel = Some(channel.id());
        reply.accept().await;
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        cols: u32,
        rows: u32,
        _pw: u32,
        _ph: u32,
        _modes: &[(russh::Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) != self.channel {
            return session.channel_failure(channel);
        }
        self.size = Some((side(cols), side(rows)));
        session.channel_success(channel)
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let (Some(player), true, false) = (
            self.player.clone(),
            Some(channel) == self.channel,
            self.opened,
        ) else {
            return session.channel_failure(channel);
        };
        session.channel_success(channel)?;
        let Some(size) = self.size else {
            return self.explain_and_close(
                channel,
                session,
                "jointex needs a terminal: connect with `ssh -t` (and without -T).",
            );
        };
        let (tx, rx) = tokio::sync::mpsc::channel(QUEUE);
        tokio::spawn(write_out(session.handle(), channel, rx));
        let open = ToHub::Open {
            id: self.id,
            player,
            size,
            out: tx,
        };
        if self.hub.send(open).is_err() {
            return self.explain_and_close(channel, session, "The exercise has ended.");
        }
        self.opened = true;
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse("a command", channel, session)
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let what = format!("subsystem `{}`", name.chars().take(40).collect::<String>());
        self.refuse(&what, channel, session)
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        _value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single: bool,
        _protocol: &str,
        _cookie: &str,
        _screen: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse("X11 forwarding", channel, session)
    }

    async fn agent_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.refuse("agent forwarding", channel, session)?;
        Ok(false)
    }

    async fn channel_open_direct_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        _host: &str,
        _port: u32,
        _origin: &str,
        _origin_port: u32,
        reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        log::warn!("refused port forwarding (-L) from {}", self.peer);
        drop(reply);
        Ok(())
    }

    async fn tcpip_forward(
        &mut self,
        _address: &str,
        _port: &mut u32,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        log::warn!("refused port forwarding (-R) from {}", self.peer);
        Ok(false)
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        cols: u32,
        rows: u32,
        _pw: u32,
        _ph: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) == self.channel {
            let size = (side(cols), side(rows));
            self.size = Some(size);
            if self.opened {
                let _ = self.hub.send(ToHub::Resize { id: self.id, size });
            }
        }
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) != self.channel || !self.opened {
            return Ok(());
        }
        let mut events = self.keys.feed(data);
        let allowed = self.budget.take(events.len());
        if allowed < events.len() {
            log::warn!(
                "{} sent keys faster than anybody types: {} dropped",
                self.player.as_ref().map_or("?", |p| p.name.as_str()),
                events.len() - allowed
            );
            events.truncate(allowed);
        }
        if !events.is_empty() {
            let _ = self.hub.send(ToHub::Input {
                id: self.id,
                events,
            });
        }
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.channel_close(channel, session).await
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) == self.channel && self.opened {
            self.opened = false;
            let _ = self.hub.send(ToHub::Close { id: self.id });
        }
        Ok(())
    }
}
