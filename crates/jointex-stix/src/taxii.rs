//! A TAXII 2.1 client, and the exchange a running exercise keeps with one collection.
//!
//! Only what an exercise needs: add objects to a collection (`POST …/objects/`), read them
//! back (`GET …/objects/`, following `next` pages, optionally `added_after` a date) and read
//! the collection's description. Requests carry the TAXII media type in `Accept` and
//! `Content-Type` and HTTP Basic credentials. Every way a server can say no becomes a
//! [`TaxiiError`] a person can act on; nothing panics and nothing retries behind the
//! caller's back. The client is blocking (ureq) with short timeouts: an exercise waits at
//! most a few seconds for a server that is down before it carries on locally.
//!
//! Plain `http://` only unless the crate is built with the `tls` feature.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{Value, json};

use crate::json::to_compact;

/// The TAXII 2.1 media type, for `Accept` and `Content-Type`.
pub const MEDIA_TYPE: &str = "application/taxii+json;version=2.1";

/// Pages followed at most when reading a collection (a guard against a server that never
/// stops saying `more`).
const MAX_PAGES: usize = 10_000;

/// Objects asked for per page when the query does not say.
const DEFAULT_PAGE: u32 = 100;

/// Largest response body read, in bytes.
const MAX_BODY: u64 = 64 * 1024 * 1024;

/// Why a TAXII exchange failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TaxiiError {
    /// The URL is not that of a TAXII collection.
    #[error("`{url}` is not a TAXII collection url: {why}")]
    BadUrl {
        /// The URL given.
        url: String,
        /// What is wrong with it.
        why: &'static str,
    },
    /// A URL with a user name or password in it: refused, and never printed, so that the
    /// password reaches no terminal, log or record.
    #[error(
        "the TAXII url has a user name or password in it (`user:password@host`): give the user with --taxii-user and the password in the environment variable JOINTEX_TAXII_PASSWORD"
    )]
    CredentialsInUrl,
    /// An `https://` URL, in a build without TLS.
    #[error("`{url}` needs https, and this jointex was built without TLS (cargo feature `tls`)")]
    TlsUnavailable {
        /// The URL given.
        url: String,
    },
    /// No answer: connection refused, no such host, timed out.
    #[error("unreachable: {url}: {reason}")]
    Unreachable {
        /// The URL tried.
        url: String,
        /// What the network said.
        reason: String,
    },
    /// 401: wrong or missing credentials.
    #[error("401 unauthorized")]
    Unauthorized,
    /// 403: the user may not read or write this collection.
    #[error("403 forbidden: the user may not {action} this collection")]
    Forbidden {
        /// `read` or `write`.
        action: &'static str,
    },
    /// 404: no such API root or collection.
    #[error("404 not found: no api root or collection at {url}")]
    NotFound {
        /// The URL tried.
        url: String,
    },
    /// 406: the server does not speak TAXII 2.1.
    #[error("406 not acceptable: the server does not answer in {MEDIA_TYPE}")]
    NotAcceptable,
    /// 415: the server does not take TAXII 2.1 envelopes.
    #[error("415 unsupported media type: the server does not take {MEDIA_TYPE}")]
    UnsupportedMediaType,
    /// 413: the envelope is larger than the API root allows.
    #[error("413 payload too large: the api root takes smaller envelopes")]
    TooLarge,
    /// Any other status.
    #[error("{status} from the server: {detail}")]
    Status {
        /// The HTTP status.
        status: u16,
        /// The server's title and description, if it gave them.
        detail: String,
    },
    /// A success status whose body is not what TAXII 2.1 says it is.
    #[error("the server's answer is not a TAXII {what}: {why}")]
    BadJson {
        /// What was expected (`envelope`, `status resource`…).
        what: &'static str,
        /// Why it is not one.
        why: String,
    },
}

impl TaxiiError {
    /// Whether two errors are the same trouble (the same refusal, or the same network
    /// failure), whatever request met it: what a caller reports once, not once per request.
    pub fn same_trouble(&self, other: &TaxiiError) -> bool {
        match (self, other) {
            (
                TaxiiError::Unreachable { reason: a, .. },
                TaxiiError::Unreachable { reason: b, .. },
            ) => a == b,
            _ => {
                std::mem::discriminant(self) == std::mem::discriminant(other)
                    && self.status() == other.status()
            }
        }
    }

    /// The HTTP status behind the error, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            TaxiiError::Unauthorized => Some(401),
            TaxiiError::Forbidden { .. } => Some(403),
            TaxiiError::NotFound { .. } => Some(404),
            TaxiiError::NotAcceptable => Some(406),
            TaxiiError::TooLarge => Some(413),
            TaxiiError::UnsupportedMediaType => Some(415),
            TaxiiError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// A user name and password for HTTP Basic authentication.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// User name.
    pub user: String,
    /// Password.
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    // Never print a password, not even in a debug dump.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .field("password", &"…")
            .finish()
    }
}

/// What the server said about objects it was given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PushStatus {
    /// The status resource's id.
    pub id: String,
    /// `complete` or `pending`.
    pub status: String,
    /// Objects in the request.
    pub total: u64,
    /// Objects added.
    pub success: u64,
    /// Objects refused (a server refuses an id and version it already holds).
    pub failure: u64,
    /// Objects not processed yet.
    pub pending: u64,
}

/// A filter on the objects read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// Only objects added after this date (the `X-TAXII-Date-Added-Last` of an earlier read).
    pub added_after: Option<String>,
    /// Every version of each object instead of the latest.
    pub all_versions: bool,
    /// Objects per page (100 when `None`; a server sends at most its own maximum).
    pub limit: Option<u32>,
}

/// Objects read from a collection.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    /// The objects, in the server's order.
    pub objects: Vec<Value>,
    /// `X-TAXII-Date-Added-Last` of the last page, for the next `added_after`.
    pub date_added_last: Option<String>,
}

/// A client of one TAXII 2.1 collection.
#[derive(Clone)]
pub struct TaxiiClient {
    agent: ureq::Agent,
    collection: String,
    auth: Option<String>,
    accept: String,
    content_type: String,
}

impl std::fmt::Debug for TaxiiClient {
    // The authorization header is a password in base64: never print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TaxiiClient")
            .field("collection", &self.collection)
            .field("auth", &self.auth.as_ref().map(|_| "Basic …"))
            .finish()
    }
}

/// The HTTP agent: no redirects (credentials must not follow one to another host), a short
/// connect timeout and a bound on each whole request.
fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_connect(Some(Duration::from_secs(3).min(timeout)))
        .timeout_global(Some(timeout))
        .max_redirects(0)
        .max_redirects_will_error(false)
        .user_agent(concat!("jointex/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

impl TaxiiError {
    /// The server did not answer in time (it may have accepted the connection).
    pub fn timed_out(&self) -> bool {
        matches!(self, TaxiiError::Unreachable { reason, .. } if reason == "timed out")
    }
}

impl TaxiiClient {
    /// A client of the collection at `collection_url`
    /// (`http://host:port/<api-root>/collections/<id>/`).
    pub fn new(collection_url: &str, credentials: Option<Credentials>) -> Result<Self, TaxiiError> {
        let url = collection_url.trim();
        let bad = |why| TaxiiError::BadUrl {
            url: url.to_owned(),
            why,
        };
        // Before anything that prints the URL: it may carry a password.
        let authority = url
            .split_once("://")
            .map_or(url, |(_, r)| r)
            .split(['/', '?', '#'])
            .next()
            .unwrap_or("");
        if authority.contains('@') {
            return Err(TaxiiError::CredentialsInUrl);
        }
        let rest = if let Some(rest) = url.strip_prefix("http://") {
            rest
        } else if let Some(rest) = url.strip_prefix("https://") {
            if !cfg!(feature = "tls") {
                return Err(TaxiiError::TlsUnavailable {
                    url: url.to_owned(),
                });
            }
            rest
        } else {
            return Err(bad("it must start with http:// or https://"));
        };
        if rest.contains(['?', '#']) || rest.chars().any(char::is_whitespace) {
            return Err(bad("it must have no query, fragment or spaces"));
        }
        let mut collection = url.to_owned();
        if !collection.ends_with('/') {
            collection.push('/');
        }
        let segments: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
        let n = segments.len();
        if n < 4 || segments[n - 2] != "collections" || segments[0].is_empty() {
            return Err(bad(
                "it must end in /<api-root>/collections/<collection-id>/",
            ));
        }
        Ok(TaxiiClient {
            agent: agent(Duration::from_secs(20)),
            collection,
            auth: credentials
                .map(|c| format!("Basic {}", base64(&format!("{}:{}", c.user, c.password)))),
            accept: MEDIA_TYPE.to_owned(),
            content_type: MEDIA_TYPE.to_owned(),
        })
    }

    /// The same client giving up on a request after `timeout` (20 s by default), for a server
    /// known to be slow — and for tests of a server that never answers.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.agent = agent(timeout);
        self
    }

    /// The same client sending other `Accept` and `Content-Type` headers: for a server that
    /// wants another spelling of the TAXII media type, and for tests of how a server refuses.
    pub fn with_media_types(mut self, accept: &str, content_type: &str) -> Self {
        self.accept = accept.to_owned();
        self.content_type = content_type.to_owned();
        self
    }

    /// The collection's URL, with a final `/`.
    pub fn collection_url(&self) -> &str {
        &self.collection
    }

    /// The collection's objects endpoint.
    pub fn objects_url(&self) -> String {
        format!("{}objects/", self.collection)
    }

    /// The collection resource (`id`, `title`, `can_read`, `can_write`…).
    pub fn information(&self) -> Result<Value, TaxiiError> {
        let (_, body) = self.request("GET", &self.collection, None, "read")?;
        parse(&body, "collection resource")
    }

    /// Adds objects to the collection.
    pub fn add_objects(&self, objects: &[Value]) -> Result<PushStatus, TaxiiError> {
        let envelope = to_compact(&json!({ "objects": objects }));
        let (_, body) = self.request("POST", &self.objects_url(), Some(envelope), "write")?;
        let v = parse(&body, "status resource")?;
        let count = |k: &str| v.get(k).and_then(Value::as_u64).unwrap_or(0);
        let status =
            v.get("status")
                .and_then(Value::as_str)
                .ok_or_else(|| TaxiiError::BadJson {
                    what: "status resource",
                    why: "it has no `status`".into(),
                })?;
        Ok(PushStatus {
            id: v.get("id").and_then(Value::as_str).unwrap_or("").to_owned(),
            status: status.to_owned(),
            total: count("total_count"),
            success: count("success_count"),
            failure: count("failure_count"),
            pending: count("pending_count"),
        })
    }

    /// The collection's title and description (`GET <collection>/`).
    pub fn collection(&self) -> Result<(String, String), TaxiiError> {
        let url = self.collection_url().to_owned();
        let (_, body) = self.request("GET", &url, None, "read")?;
        let v = parse(&body, "collection")?;
        let text = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
        Ok((text("title"), text("description")))
    }

    /// Reads every object matching `query`, following the server's pages.
    pub fn objects(&self, query: &Query) -> Result<Page, TaxiiError> {
        let mut page = Page::default();
        let mut next: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let mut params: Vec<(&str, String)> = Vec::new();
            if let Some(a) = &query.added_after {
                params.push(("added_after", a.clone()));
            }
            if query.all_versions {
                params.push(("match[version]", "all".into()));
            }
            // Always sent: medallion 3.0.0 answers a `next` request without `limit` with a
            // 500, and a server caps it to its own maximum anyway.
            params.push(("limit", query.limit.unwrap_or(DEFAULT_PAGE).to_string()));
            if let Some(n) = &next {
                params.push(("next", n.clone()));
            }
            let mut url = self.objects_url();
            for (i, (k, v)) in params.iter().enumerate() {
                url.push(if i == 0 { '?' } else { '&' });
                url.push_str(&percent(k));
                url.push('=');
                url.push_str(&percent(v));
            }
            let (last, body) = self.request("GET", &url, None, "read")?;
            let v = parse(&body, "envelope")?;
            if let Some(objects) = v.get("objects") {
                let Some(list) = objects.as_array() else {
                    return Err(TaxiiError::BadJson {
                        what: "envelope",
                        why: "`objects` is not a list".into(),
                    });
                };
                page.objects.extend(list.iter().cloned());
            }
            if last.is_some() {
                page.date_added_last = last;
            }
            let more = v.get("more").and_then(Value::as_bool).unwrap_or(false);
            next = v.get("next").and_then(Value::as_str).map(str::to_owned);
            if !more || next.is_none() {
                return Ok(page);
            }
        }
        Err(TaxiiError::BadJson {
            what: "envelope",
            why: format!("still `more` after {MAX_PAGES} pages"),
        })
    }

    /// One request; returns `X-TAXII-Date-Added-Last` and the body of a 2xx answer.
    fn request(
        &self,
        method: &str,
        url: &str,
        body: Option<String>,
        action: &'static str,
    ) -> Result<(Option<String>, String), TaxiiError> {
        let bare = url.split('?').next().unwrap_or(url).to_owned();
        let unreachable = |e: ureq::Error| TaxiiError::Unreachable {
            url: bare.clone(),
            reason: network_reason(&e),
        };
        let result = if method == "POST" {
            let mut r = self
                .agent
                .post(url)
                .header("Accept", &self.accept)
                .header("Content-Type", &self.content_type);
            if let Some(a) = &self.auth {
                r = r.header("Authorization", a);
            }
            r.send(body.unwrap_or_default())
        } else {
            let mut r = self.agent.get(url).header("Accept", &self.accept);
            if let Some(a) = &self.auth {
                r = r.header("Authorization", a);
            }
            r.call()
        };
        let mut response = result.map_err(unreachable)?;
        let status = response.status().as_u16();
        let last = response
            .headers()
            .get("X-TAXII-Date-Added-Last")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let text = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .lossy_utf8(true)
            .read_to_string();
        match status {
            200..=299 => text
                .map(|t| (last, t))
                .map_err(|e| TaxiiError::Unreachable {
                    url: bare.clone(),
                    reason: network_reason(&e),
                }),
            401 => Err(TaxiiError::Unauthorized),
            403 => Err(TaxiiError::Forbidden { action }),
            404 => Err(TaxiiError::NotFound { url: bare }),
            406 => Err(TaxiiError::NotAcceptable),
            413 => Err(TaxiiError::TooLarge),
            415 => Err(TaxiiError::UnsupportedMediaType),
            _ => Err(TaxiiError::Status {
                status,
                detail: text.map(|t| error_detail(&t)).unwrap_or_default(),
            }),
        }
    }
}

fn parse(body: &str, what: &'static str) -> Result<Value, TaxiiError> {
    let v: Value = serde_json::from_str(body).map_err(|e| TaxiiError::BadJson {
        what,
        why: e.to_string().to_lowercase(),
    })?;
    if v.is_object() {
        Ok(v)
    } else {
        Err(TaxiiError::BadJson {
            what,
            why: "it is not a JSON object".into(),
        })
    }
}

/// The title and description of a TAXII error message, or the start of a non-TAXII body.
fn error_detail(body: &str) -> String {
    if let Ok(v) = serde_json::from_str::<Value>(body) {
        let part = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        let parts: Vec<String> = [part("title"), part("description")]
            .into_iter()
            .flatten()
            .collect();
        if !parts.is_empty() {
            return parts
                .join(": ")
                .to_lowercase()
                .trim_end_matches('.')
                .to_owned();
        }
    }
    let t: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let t: String = t.chars().take(160).collect();
    if t.is_empty() { "no details".into() } else { t }
}

fn network_reason(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => "connection refused".into(),
            std::io::ErrorKind::TimedOut => "timed out".into(),
            _ => io.to_string().to_lowercase(),
        },
        ureq::Error::HostNotFound => "no such host".into(),
        ureq::Error::Timeout(_) => "timed out".into(),
        ureq::Error::ConnectionFailed => "connection failed".into(),
        other => other.to_string().to_lowercase(),
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn percent(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Standard base64 with padding (RFC 4648), for the Basic authorization header.
fn base64(s: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// What a read of the collection found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pulled {
    /// Every object read.
    pub objects: Vec<Value>,
    /// Objects this exchange pushed and read back exactly as sent.
    pub echoed: usize,
    /// Ids of objects this exchange pushed that came back different.
    pub changed: Vec<String>,
    /// Objects others put there (the partner's shares), in the server's order.
    pub received: Vec<Value>,
    /// `X-TAXII-Date-Added-Last`, for the next read.
    pub date_added_last: Option<String>,
}

/// The live exchange of one exercise with one TAXII collection: pushes each share's bundle as
/// it is sent and reads back what is there, telling its own objects from the partner's.
#[derive(Clone, Debug)]
pub struct TaxiiExchange {
    client: TaxiiClient,
    sent: BTreeMap<String, Value>,
    cursor: Option<String>,
    /// What the server holds, by id, as read back so far.
    held: BTreeMap<String, Value>,
}

impl TaxiiExchange {
    /// An exchange through a client.
    pub fn new(client: TaxiiClient) -> Self {
        TaxiiExchange {
            client,
            sent: BTreeMap::new(),
            cursor: None,
            held: BTreeMap::new(),
        }
    }

    /// The client.
    pub fn client(&self) -> &TaxiiClient {
        &self.client
    }

    /// Every object pushed so far, by id.
    pub fn sent(&self) -> &BTreeMap<String, Value> {
        &self.sent
    }

    /// Pushes a bundle's objects (a TAXII server takes envelopes, not bundles).
    pub fn push(&mut self, bundle: &Value) -> Result<PushStatus, TaxiiError> {
        let objects: &[Value] = bundle
            .get("objects")
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice);
        let status = self.client.add_objects(objects)?;
        for o in objects {
            if let Some(id) = o.get("id").and_then(Value::as_str) {
                self.sent.insert(id.to_owned(), o.clone());
            }
        }
        Ok(status)
    }

    /// Reads the objects added after `since` (everything when `None`).
    pub fn pull(&mut self, since: Option<&str>) -> Result<Pulled, TaxiiError> {
        let page = self.client.objects(&Query {
            added_after: since.map(str::to_owned),
            ..Query::default()
        })?;
        let mut pulled = Pulled {
            date_added_last: page.date_added_last,
            ..Pulled::default()
        };
        for o in &page.objects {
            let id = o.get("id").and_then(Value::as_str).unwrap_or("");
            if !id.is_empty() {
                self.held.insert(id.to_owned(), o.clone());
            }
            match self.sent.get(id) {
                Some(mine) if mine == o => pulled.echoed += 1,
                Some(_) => pulled.changed.push(id.to_owned()),
                None => pulled.received.push(o.clone()),
            }
        }
        pulled.objects = page.objects;
        Ok(pulled)
    }

    /// The ids of a bundle's objects that the server already holds with other content, as
    /// far as it has been read: pushing them would make another exercise's object (or an
    /// edited one) a "new version" of this one's.
    pub fn conflicts(&self, bundle: &Value) -> Vec<String> {
        bundle
            .get("objects")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(|o| {
                let id = o.get("id").and_then(Value::as_str)?;
                let held = self.held.get(id)?;
                (held != o).then(|| id.to_owned())
            })
            .collect()
    }

    /// Reads what was added since the last `pull_new` (everything, the first time).
    pub fn pull_new(&mut self) -> Result<Pulled, TaxiiError> {
        let since = self.cursor.clone();
        let pulled = self.pull(since.as_deref())?;
        if pulled.date_added_last.is_some() {
            self.cursor.clone_from(&pulled.date_added_last);
        }
        Ok(pulled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("kr-cert:kr-pass", "a3ItY2VydDprci1wYXNz"),
        ] {
            assert_eq!(base64(plain), coded, "{plain}");
        }
    }

    #[test]
    fn percent_encodes_brackets_and_colons() {
        assert_eq!(percent("match[version]"), "match%5Bversion%5D");
        assert_eq!(
            percent("2026-03-10T00:00:00.000Z"),
            "2026-03-10T00%3A00%3A00.000Z"
        );
    }

    #[test]
    fn collection_urls_are_checked() {
        let ok = TaxiiClient::new("http://127.0.0.1:5055/exercise/collections/abc", None)
            .expect("valid");
        assert_eq!(
            ok.collection_url(),
            "http://127.0.0.1:5055/exercise/collections/abc/"
        );
        assert_eq!(
            ok.objects_url(),
            "http://127.0.0.1:5055/exercise/collections/abc/objects/"
        );
        for bad in [
            "127.0.0.1:5055/exercise/collections/abc/",
            "ftp://127.0.0.1/exercise/collections/abc/",
            "http://127.0.0.1:5055/exercise/",
            "http://127.0.0.1:5055/collections/abc/",
            "http://127.0.0.1:5055/exercise/collections/abc/?x=1",
        ] {
            assert!(
                matches!(TaxiiClient::new(bad, None), Err(TaxiiError::BadUrl { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_url_with_credentials_is_refused_without_echoing_them() {
        for url in [
            "http://kr-cert:s3cret@127.0.0.1:5055/exercise/collections/abc/",
            "https://s3cret@taxii.example/exercise/collections/abc/",
            "http://user:s3cret@127.0.0.1:5055",
        ] {
            let e = TaxiiClient::new(url, None).err();
            assert_eq!(e, Some(TaxiiError::CredentialsInUrl), "{url}");
            assert!(
                !e.map(|e| e.to_string())
                    .unwrap_or_default()
                    .contains("s3cret")
            );
        }
        // An `@` further on (a collection id, a path) is not a credential.
        assert!(TaxiiClient::new("http://127.0.0.1:5055/ex@mple/collections/abc/", None).is_ok());
    }

    #[test]
    fn passwords_stay_out_of_debug_output() {
        let c = Credentials {
            user: "kr-cert".into(),
            password: "kr-pass".into(),
        };
        assert!(!format!("{c:?}").contains("kr-pass"));
        let client =
            TaxiiClient::new("http://127.0.0.1:1/r/collections/c/", Some(c)).expect("valid");
        assert!(!format!("{client:?}").contains("a3ItY2VydDprci1wYXNz"));
    }

    #[test]
    fn an_unreachable_server_is_reported_not_fatal() {
        // Port 1 on loopback: nothing listens there, the connection is refused at once.
        let client =
            TaxiiClient::new("http://127.0.0.1:1/exercise/collections/c/", None).expect("valid");
        match client.objects(&Query::default()) {
            Err(TaxiiError::Unreachable { reason, .. }) => assert_eq!(reason, "connection refused"),
            other => panic!("expected unreachable, got {other:?}"),
        }
    }

    #[test]
    fn error_details_come_from_taxii_error_messages() {
        assert_eq!(
            error_detail(r#"{"title":"Processing Error","description":"Bad thing."}"#),
            "processing error: bad thing"
        );
        assert_eq!(error_detail("<html> oops </html>"), "<html> oops </html>");
    }
}
