//! `sitrep watch`: fetching RSS/Atom feeds over HTTP(S), and the polling
//! schedule that decides which feed to fetch when and which items are new.
//!
//! Three pieces, kept apart so the logic is testable without a network:
//! - [`FeedList`] parses the feeds file: one URL per line, `#` comments,
//!   blank lines; every error names its line.
//! - [`Fetcher`] is the only part that does I/O: a blocking ureq client
//!   (rustls, no async runtime) with connect, read and total timeouts, a
//!   `User-Agent`, conditional requests (`If-None-Match`,
//!   `If-Modified-Since`), redirects followed by hand (only to http/https,
//!   at most [`FetchOptions::max_redirects`]) and a size limit on the body
//!   both as sent and after gzip inflation. Every failure is a
//!   [`FetchError`] naming the URL.
//! - [`Poller`] is pure state: per feed, when it is next due, how many
//!   times in a row it failed (each failure doubles the wait, up to a cap;
//!   a success resets it), its last `ETag`/`Last-Modified`, and the ids of
//!   the items already returned. It reads the clock only through the `now`
//!   its caller passes, and fetches only through the [`Fetch`] trait, so
//!   tests drive it with a fake clock and a fake fetcher.
//!
//! Items become [`Document`]s through the same feed reader as files
//! ([`read_stream`] with [`Format::Feed`]), named by the feed's URL.
//!
//! What it deliberately does not do: sleep, loop, log, or store anything.
//! The binary's `watch` loop asks [`Poller::next_due`], sleeps, calls
//! [`Poller::poll_due`] and ingests what comes back; the store, not the
//! poller, is what remembers documents across runs (the poller's "seen"
//! set lives in memory and only spares the store work).
//!
//! *Invariants*: no input (a feeds file, a response, a body) can panic it
//! or make it hold more than the configured limit in memory; one feed's
//! failure never touches another feed's state.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::time::{Duration, Instant};

use flate2::read::GzDecoder;
use sitrep_model::Document;
use ureq::http::{StatusCode, Uri};

use crate::input::{
    Format, InputProblem, Item, ReadOptions, describe_io_error, human_limit, read_stream,
};

// ---------------------------------------------------------------------------
// The feeds file

/// One feed of a [`FeedList`], with the line it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    pub url: String,
    pub line: usize,
}

/// A mistake in the feeds file, on a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedListError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for FeedListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for FeedListError {}

/// The feeds `sitrep watch` polls, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedList {
    pub feeds: Vec<FeedEntry>,
}

impl FeedList {
    /// Parses a feeds file: one http(s) URL per line; blank lines and lines
    /// starting with `#` are skipped, and ` # ...` after a URL is a comment
    /// (a `#` with no space before it stays part of the URL). Returns every
    /// error, not just the first, so a file can be fixed in one go.
    pub fn parse(text: &str) -> Result<FeedList, Vec<FeedListError>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut feeds: Vec<FeedEntry> = Vec::new();
        let mut errors = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let content = strip_comment(raw).trim();
            if content.is_empty() {
                continue;
            }
            let error = |message: String| FeedListError { line, message };
            if content.split_whitespace().nth(1).is_some() {
                errors.push(error(format!(
                    "expected one URL, found {content:?} (put comments after ` #`)"
                )));
                continue;
            }
            if let Err(why) = check_http_url(content) {
                errors.push(error(format!("{content:?} {why}")));
                continue;
            }
            if let Some(first) = feeds.iter().find(|f| f.url == content) {
                errors.push(error(format!(
                    "{content} is already listed on line {}",
                    first.line
                )));
                continue;
            }
            feeds.push(FeedEntry {
                url: content.to_string(),
                line,
            });
        }
        if errors.is_empty() {
            Ok(FeedList { feeds })
        } else {
            Err(errors)
        }
    }
}

/// A line without its comment: everything from a `#` that starts the line
/// or follows whitespace.
fn strip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    let at = bytes
        .iter()
        .enumerate()
        .find(|&(i, &b)| {
            b == b'#' && (i == 0 || bytes.get(i - 1).is_some_and(u8::is_ascii_whitespace))
        })
        .map(|(i, _)| i);
    match at {
        Some(i) => line.get(..i).unwrap_or(line),
        None => line,
    }
}

/// Whether `url` is an absolute http or https URL with a host; the error
/// says what is wrong, to follow the URL in a message.
fn check_http_url(url: &str) -> Result<Uri, String> {
    // The scheme first: `http::Uri` cannot parse `file:///x` at all, and
    // "not http" is the useful thing to say about it.
    match scheme_of(url).map(str::to_ascii_lowercase).as_deref() {
        Some("http" | "https") => {}
        Some(other) => return Err(format!("is not http or https but {other}:")),
        None => return Err("is not an absolute http(s) URL".to_string()),
    }
    let uri: Uri = url
        .parse()
        .map_err(|e| format!("is not a valid URL ({e})"))?;
    if uri.host().is_none_or(str::is_empty) {
        return Err("has no host".to_string());
    }
    Ok(uri)
}

// ---------------------------------------------------------------------------
// Fetching

/// `ETag` and `Last-Modified` of a feed's last full response, sent back as
/// `If-None-Match` and `If-Modified-Since` so an unchanged feed costs a
/// `304 Not Modified` and no body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A full response body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The URL the body came from, after redirects.
    pub url: String,
    /// The body, inflated if it was gzipped.
    pub body: Vec<u8>,
    pub validators: Validators,
}

/// What a fetch got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchOutcome {
    Fetched(Fetched),
    /// `304 Not Modified`: the validators still hold; nothing new.
    NotModified,
}

/// Why a fetch failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchErrorKind {
    /// The URL (or a redirect's target) is not a usable http(s) URL.
    InvalidUrl(String),
    /// DNS, refused or reset connections.
    Connect(String),
    Tls(String),
    /// The connect, read or total time limit ran out.
    Timeout,
    /// A status that is not 2xx, 304 or a followed redirect.
    Status(u16),
    TooManyRedirects {
        limit: u32,
    },
    RedirectWithoutLocation(u16),
    /// A redirect to a scheme other than http or https (`file:`, `ftp:`).
    RedirectNotHttp(String),
    /// The body as sent is over the limit.
    TooLarge {
        limit: usize,
    },
    /// The gzipped body inflates past the limit.
    InflatesTooLarge {
        limit: usize,
    },
    BadGzip(String),
    UnsupportedEncoding(String),
    /// The server broke HTTP.
    Protocol(String),
    Io(String),
    /// The body was fetched but holds no readable feed (the reader's
    /// message, e.g. an HTML page instead of a feed).
    NotAFeed(String),
}

impl fmt::Display for FetchErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use FetchErrorKind::*;
        match self {
            InvalidUrl(why) => write!(f, "not a usable http(s) URL: {why}"),
            Connect(why) => write!(f, "cannot connect: {why}"),
            Tls(why) => write!(f, "TLS error: {why}"),
            Timeout => f.write_str("timed out"),
            Status(code) => {
                let reason = StatusCode::from_u16(*code)
                    .ok()
                    .and_then(|s| s.canonical_reason());
                match reason {
                    Some(reason) => write!(f, "HTTP {code} {reason}"),
                    None => write!(f, "HTTP {code}"),
                }
            }
            TooManyRedirects { limit } => write!(f, "more than {limit} redirects"),
            RedirectWithoutLocation(code) => write!(f, "HTTP {code} redirect without a Location"),
            RedirectNotHttp(to) => write!(f, "redirect to {to:?}, which is not http or https"),
            TooLarge { limit } => {
                write!(f, "body is over the {} per-feed limit", human_limit(*limit))
            }
            InflatesTooLarge { limit } => write!(
                f,
                "gzip body inflates past the {} per-feed limit",
                human_limit(*limit)
            ),
            BadGzip(why) => write!(f, "gzip body is corrupt: {why}"),
            UnsupportedEncoding(enc) => write!(f, "unsupported Content-Encoding {enc:?}"),
            Protocol(why) => write!(f, "bad HTTP response: {why}"),
            Io(why) => f.write_str(why),
            NotAFeed(why) => f.write_str(why),
        }
    }
}

/// A failed fetch, naming the feed's URL. Displays as `URL: reason`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchError {
    /// The feed's URL as listed (not a redirect's target).
    pub url: String,
    pub kind: FetchErrorKind,
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.url, self.kind)
    }
}

impl std::error::Error for FetchError {}

/// Something that fetches a URL: [`Fetcher`] over the network, or a fake
/// in tests.
pub trait Fetch {
    fn fetch(&self, url: &str, validators: &Validators) -> Result<FetchOutcome, FetchError>;
}

/// Limits and manners of the HTTP client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchOptions {
    /// DNS and TCP/TLS connection setup.
    pub connect_timeout: Duration,
    /// The longest wait for any one read: a stalled server fails after this.
    pub read_timeout: Duration,
    /// The whole fetch, redirects and body included: a server trickling a
    /// byte at a time fails after this.
    pub total_timeout: Duration,
    /// The largest body, as sent and after inflation. Defaults to
    /// [`ReadOptions::max_feed_bytes`], so nothing is fetched that the feed
    /// reader would refuse.
    pub max_body_bytes: usize,
    /// Redirects followed per fetch.
    pub max_redirects: u32,
    pub user_agent: String,
}

impl FetchOptions {
    /// Defaults, with the body limit taken from `read`.
    pub fn new(read: &ReadOptions) -> FetchOptions {
        FetchOptions {
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            total_timeout: Duration::from_secs(120),
            max_body_bytes: read.max_feed_bytes,
            max_redirects: 5,
            user_agent: format!("sitrep/{} (news feed reader)", env!("CARGO_PKG_VERSION")),
        }
    }
}

impl Default for FetchOptions {
    fn default() -> FetchOptions {
        FetchOptions::new(&ReadOptions::default())
    }
}

/// The HTTP(S) client. Build one and reuse it: it keeps connections open
/// between fetches of the same host.
pub struct Fetcher {
    agent: ureq::Agent,
    opts: FetchOptions,
}

/// What feeds are served as, best first; anything is accepted.
const ACCEPT: &str = "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, \
                      application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8";

impl Fetcher {
    pub fn new(opts: FetchOptions) -> Fetcher {
        let config = ureq::Agent::config_builder()
            // Statuses and redirects are ours to judge: a 500 is an error
            // with the URL in it, a redirect is checked before it is taken.
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .user_agent(opts.user_agent.as_str())
            .accept(ACCEPT)
            .timeout_resolve(Some(opts.connect_timeout))
            .timeout_connect(Some(opts.connect_timeout))
            .timeout_per_read(Some(opts.read_timeout))
            .timeout_recv_response(Some(opts.read_timeout))
            .build();
        Fetcher {
            agent: ureq::Agent::new_with_config(config),
            opts,
        }
    }

    pub fn options(&self) -> &FetchOptions {
        &self.opts
    }

    fn fetch_inner(
        &self,
        url: &str,
        validators: &Validators,
    ) -> Result<FetchOutcome, FetchErrorKind> {
        let started = Instant::now();
        let mut current = url.to_string();
        let mut redirects = 0;
        loop {
            check_http_url(&current).map_err(FetchErrorKind::InvalidUrl)?;
            let left = self
                .opts
                .total_timeout
                .checked_sub(started.elapsed())
                .filter(|d| !d.is_zero())
                .ok_or(FetchErrorKind::Timeout)?;
            let mut request = self
                .agent
                .get(current.as_str())
                .header("Accept-Encoding", "gzip");
            if let Some(etag) = &validators.etag {
                request = request.header("If-None-Match", etag.as_str());
            }
            if let Some(date) = &validators.last_modified {
                request = request.header("If-Modified-Since", date.as_str());
            }
            let response = request
                .config()
                .timeout_global(Some(left))
                .build()
                .call()
                .map_err(from_ureq)?;
            let status = response.status();
            if status == StatusCode::NOT_MODIFIED {
                return Ok(FetchOutcome::NotModified);
            }
            if status.is_redirection() {
                let location = header(&response, "location")
                    .ok_or(FetchErrorKind::RedirectWithoutLocation(status.as_u16()))?;
                redirects += 1;
                if redirects > self.opts.max_redirects {
                    return Err(FetchErrorKind::TooManyRedirects {
                        limit: self.opts.max_redirects,
                    });
                }
                current = resolve_location(&current, &location)?;
                continue;
            }
            if !status.is_success() {
                return Err(FetchErrorKind::Status(status.as_u16()));
            }
            let validators = Validators {
                etag: header(&response, "etag"),
                last_modified: header(&response, "last-modified"),
            };
            let body = self.read_body(response)?;
            return Ok(FetchOutcome::Fetched(Fetched {
                url: current,
                body,
                validators,
            }));
        }
    }

    /// Reads a body within the limit, inflating gzip. The limit applies to
    /// the bytes as sent (a declared `Content-Length` over it is refused
    /// before reading) and again to the inflated bytes, which is what
    /// stops a gzip bomb.
    fn read_body(
        &self,
        response: ureq::http::Response<ureq::Body>,
    ) -> Result<Vec<u8>, FetchErrorKind> {
        let limit = self.opts.max_body_bytes;
        let gzip = match header(&response, "content-encoding") {
            None => false,
            Some(encoding) => is_gzip(&encoding)?,
        };
        let declared =
            header(&response, "content-length").and_then(|n| n.trim().parse::<u64>().ok());
        if declared.is_some_and(|n| n > limit as u64) {
            return Err(FetchErrorKind::TooLarge { limit });
        }
        let wire = Limited {
            inner: response.into_body().into_reader(),
            left: limit as u64,
        };
        let mut wire = BufReader::new(wire);
        // Some servers send `.xml.gz` files as they are, without a
        // Content-Encoding; gzip's magic bytes cannot start a feed.
        let magic = wire
            .fill_buf()
            .map_err(|e| read_error(e, limit))?
            .starts_with(&[0x1f, 0x8b]);
        let mut body = Vec::new();
        if gzip || magic {
            let inflated = GzDecoder::new(wire).take(limit as u64 + 1);
            read_all(inflated, &mut body, limit).map_err(|e| match e {
                FetchErrorKind::Io(why) => FetchErrorKind::BadGzip(why),
                FetchErrorKind::Protocol(_) => {
                    FetchErrorKind::BadGzip("the stream ends early".to_string())
                }
                other => other,
            })?;
            if body.len() > limit {
                return Err(FetchErrorKind::InflatesTooLarge { limit });
            }
        } else {
            read_all(wire, &mut body, limit)?;
        }
        Ok(body)
    }
}

impl Fetch for Fetcher {
    fn fetch(&self, url: &str, validators: &Validators) -> Result<FetchOutcome, FetchError> {
        self.fetch_inner(url, validators)
            .map_err(|kind| FetchError {
                url: url.to_string(),
                kind,
            })
    }
}

fn header(response: &ureq::http::Response<ureq::Body>, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Whether a Content-Encoding is gzip; `identity` is no encoding, and
/// anything else (sitrep only asks for gzip) cannot be read.
fn is_gzip(encoding: &str) -> Result<bool, FetchErrorKind> {
    let mut gzip = false;
    for coding in encoding.split(',').map(|c| c.trim().to_ascii_lowercase()) {
        match coding.as_str() {
            "" | "identity" => {}
            "gzip" | "x-gzip" if !gzip => gzip = true,
            _ => return Err(FetchErrorKind::UnsupportedEncoding(encoding.to_string())),
        }
    }
    Ok(gzip)
}

/// The marker inside the `io::Error` a [`Limited`] reader returns.
#[derive(Debug)]
struct OverLimit;

impl fmt::Display for OverLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("body over the limit")
    }
}

impl std::error::Error for OverLimit {}

/// A reader that fails with [`OverLimit`] once more than `left` bytes come,
/// instead of truncating as `Read::take` would: a truncated gzip stream
/// would otherwise read as "corrupt", not "too large".
struct Limited<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            // One more byte tells the end of the body from a body too long.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::other(OverLimit)),
            };
        }
        let want = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        // `want` is at most `buf.len()`, so the split is in bounds.
        let (head, _) = buf.split_at_mut(want);
        let n = self.inner.read(head)?;
        self.left -= n as u64;
        Ok(n)
    }
}

fn read_all(mut reader: impl Read, body: &mut Vec<u8>, limit: usize) -> Result<(), FetchErrorKind> {
    reader
        .read_to_end(body)
        .map(|_| ())
        .map_err(|e| read_error(e, limit))
}

/// An error while reading a body of at most `limit` bytes: the limit
/// ([`Limited`]), a timeout, or another ureq or I/O failure.
fn read_error(e: io::Error, limit: usize) -> FetchErrorKind {
    if e.get_ref().is_some_and(|inner| inner.is::<OverLimit>()) {
        return FetchErrorKind::TooLarge { limit };
    }
    if e.get_ref().is_some_and(|inner| inner.is::<ureq::Error>()) {
        return from_ureq(ureq::Error::from(e));
    }
    io_kind(&e)
}

fn io_kind(e: &io::Error) -> FetchErrorKind {
    match e.kind() {
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => FetchErrorKind::Timeout,
        io::ErrorKind::ConnectionRefused
        | io::ErrorKind::ConnectionReset
        | io::ErrorKind::ConnectionAborted
        | io::ErrorKind::NotConnected
        | io::ErrorKind::AddrNotAvailable
        | io::ErrorKind::HostUnreachable
        | io::ErrorKind::NetworkUnreachable => FetchErrorKind::Connect(describe_io_error(e)),
        io::ErrorKind::UnexpectedEof => {
            FetchErrorKind::Protocol("the connection closed before the body ended".to_string())
        }
        _ => FetchErrorKind::Io(describe_io_error(e)),
    }
}

fn from_ureq(e: ureq::Error) -> FetchErrorKind {
    use ureq::Error as E;
    match e {
        E::Timeout(_) | E::BodyStalled => FetchErrorKind::Timeout,
        E::HostNotFound => FetchErrorKind::Connect("host not found".to_string()),
        E::ConnectionFailed => FetchErrorKind::Connect("connection failed".to_string()),
        E::Io(e) => io_kind(&e),
        E::BadUri(why) => FetchErrorKind::InvalidUrl(why),
        E::Http(e) => FetchErrorKind::InvalidUrl(e.to_string()),
        E::StatusCode(code) => FetchErrorKind::Status(code),
        E::TooManyRedirects => FetchErrorKind::TooManyRedirects { limit: 0 },
        E::BodyExceedsLimit(limit) => FetchErrorKind::TooLarge {
            limit: usize::try_from(limit).unwrap_or(usize::MAX),
        },
        E::Tls(why) => FetchErrorKind::Tls(why.to_string()),
        E::Rustls(e) => FetchErrorKind::Tls(e.to_string()),
        E::Pem(e) => FetchErrorKind::Tls(e.to_string()),
        E::Protocol(e) => FetchErrorKind::Protocol(e.to_string()),
        E::LargeResponseHeader(..) => {
            FetchErrorKind::Protocol("response headers too large".to_string())
        }
        other => FetchErrorKind::Io(other.to_string()),
    }
}

/// The absolute URL a `Location` names, resolved against the URL that
/// answered (RFC 3986 §5.2, minus the corners feeds never use). Only http
/// and https targets are followed.
fn resolve_location(base: &str, location: &str) -> Result<String, FetchErrorKind> {
    // A fragment never reaches the server.
    let location = location.split('#').next().unwrap_or("").trim();
    let invalid = || FetchErrorKind::InvalidUrl(format!("redirect to {location:?}"));
    if location.is_empty() {
        return Err(invalid());
    }
    let resolved = if let Some(scheme) = scheme_of(location) {
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return Err(FetchErrorKind::RedirectNotHttp(location.to_string()));
        }
        location.to_string()
    } else {
        let base: Uri = base.parse().map_err(|_| invalid())?;
        let (Some(scheme), Some(authority)) = (base.scheme_str(), base.authority()) else {
            return Err(invalid());
        };
        if let Some(rest) = location.strip_prefix("//") {
            format!("{scheme}://{rest}")
        } else {
            let path_and_query = if location.starts_with('/') {
                location.to_string()
            } else if location.starts_with('?') {
                format!("{}{location}", base.path())
            } else {
                let dir = base.path().rfind('/').and_then(|i| base.path().get(..=i));
                format!("{}{location}", dir.unwrap_or("/"))
            };
            let (path, query) = match path_and_query.split_once('?') {
                Some((path, query)) => (path, Some(query)),
                None => (path_and_query.as_str(), None),
            };
            let mut out = format!("{scheme}://{authority}{}", remove_dot_segments(path));
            if let Some(query) = query {
                out.push('?');
                out.push_str(query);
            }
            out
        }
    };
    check_http_url(&resolved)
        .map_err(|why| FetchErrorKind::InvalidUrl(format!("redirect to {resolved:?} {why}")))?;
    Ok(resolved)
}

/// The scheme of an absolute URL (`https` of `https://...`), or `None`
/// for a relative reference.
fn scheme_of(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

/// `/a/b/../c/./d` → `/a/c/d`, as RFC 3986 §5.2.4 removes dot segments.
fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let last = segments.len().saturating_sub(1);
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." | ".." => {
                if *segment == ".." {
                    out.pop();
                }
                // A trailing dot segment names the directory itself.
                if i == last {
                    out.push("");
                }
            }
            other => out.push(other),
        }
    }
    format!("/{}", out.join("/"))
}

// ---------------------------------------------------------------------------
// Polling

/// How often feeds are polled and how failures are spaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollOptions {
    /// The interval between polls of a healthy feed (`--every`).
    pub every: Duration,
    /// The longest wait after failures; never below `every`.
    pub max_backoff: Duration,
    /// Item ids remembered per feed; the oldest are forgotten first. A
    /// feed lists its latest few dozen items, so this only has to outlast
    /// an item's time in the feed.
    pub max_seen_per_feed: usize,
    /// How feed bodies are read (the feed format is forced; the limits
    /// are these).
    pub read: ReadOptions,
}

impl Default for PollOptions {
    fn default() -> PollOptions {
        PollOptions {
            every: Duration::from_secs(10 * 60),
            max_backoff: Duration::from_secs(24 * 60 * 60),
            max_seen_per_feed: 10_000,
            read: ReadOptions::default(),
        }
    }
}

/// What polling one feed gave.
#[derive(Debug, Clone, PartialEq)]
pub enum PollOutcome {
    /// The feed was read: its items not returned before (on the first poll,
    /// all of them), and the reader's warnings and problems (a bad date, a
    /// malformed tail after good items).
    Items {
        documents: Vec<Document>,
        notes: Vec<Item>,
        /// Items in the feed that had been returned already.
        already_seen: usize,
    },
    /// `304 Not Modified`.
    NotModified,
    /// The fetch or the feed failed; the feed is tried again after
    /// `retry_in`, which doubles with each failure in a row.
    Failed {
        error: FetchError,
        failures: u32,
        retry_in: Duration,
    },
}

/// One feed's poll.
#[derive(Debug, Clone, PartialEq)]
pub struct PollReport {
    pub url: String,
    pub outcome: PollOutcome,
}

/// A feed's state as the poller sees it, for status displays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedStatus<'a> {
    pub url: &'a str,
    pub next_due: Instant,
    /// Consecutive failures; 0 after a success.
    pub failures: u32,
    pub validators: &'a Validators,
    pub seen: usize,
}

/// Item ids already returned, oldest first, bounded.
#[derive(Debug, Default)]
struct Seen {
    order: VecDeque<String>,
    set: HashSet<String>,
}

impl Seen {
    fn contains(&self, key: &str) -> bool {
        self.set.contains(key)
    }

    fn insert(&mut self, key: String, cap: usize) {
        if self.set.insert(key.clone()) {
            self.order.push_back(key);
        }
        while self.order.len() > cap.max(1) {
            if let Some(old) = self.order.pop_front() {
                self.set.remove(&old);
            }
        }
    }
}

#[derive(Debug)]
struct FeedState {
    url: String,
    next_due: Instant,
    failures: u32,
    validators: Validators,
    seen: Seen,
}

/// The polling schedule and memory of every feed in a [`FeedList`].
#[derive(Debug)]
pub struct Poller {
    opts: PollOptions,
    feeds: Vec<FeedState>,
}

impl Poller {
    /// Every feed is due at `now`.
    pub fn new(list: &FeedList, opts: PollOptions, now: Instant) -> Poller {
        let feeds = list
            .feeds
            .iter()
            .map(|f| FeedState {
                url: f.url.clone(),
                next_due: now,
                failures: 0,
                validators: Validators::default(),
                seen: Seen::default(),
            })
            .collect();
        Poller { opts, feeds }
    }

    /// When the next feed falls due (`None` with no feeds): the caller
    /// sleeps until then.
    pub fn next_due(&self) -> Option<Instant> {
        self.feeds.iter().map(|f| f.next_due).min()
    }

    /// The indices of the feeds due at `now`, in list order.
    pub fn due(&self, now: Instant) -> Vec<usize> {
        (0..self.feeds.len())
            .filter(|&i| self.feeds.get(i).is_some_and(|f| f.next_due <= now))
            .collect()
    }

    pub fn status(&self) -> impl Iterator<Item = FeedStatus<'_>> {
        self.feeds.iter().map(|f| FeedStatus {
            url: &f.url,
            next_due: f.next_due,
            failures: f.failures,
            validators: &f.validators,
            seen: f.seen.order.len(),
        })
    }

    /// Fetches every feed due at `now` through `fetcher` and records the
    /// results. One feed's failure is its own report; the rest go on.
    pub fn poll_due(&mut self, now: Instant, fetcher: &impl Fetch) -> Vec<PollReport> {
        self.due(now)
            .into_iter()
            .filter_map(|i| {
                let (url, validators) = self
                    .feeds
                    .get(i)
                    .map(|f| (f.url.clone(), f.validators.clone()))?;
                let result = fetcher.fetch(&url, &validators);
                self.record(i, now, result)
            })
            .collect()
    }

    /// Records the result of fetching feed `index` at `now`, reads the
    /// body into documents, keeps the new ones and schedules the next poll.
    /// This is the pure half of [`Poller::poll_due`]; `None` if there is
    /// no such feed.
    pub fn record(
        &mut self,
        index: usize,
        now: Instant,
        result: Result<FetchOutcome, FetchError>,
    ) -> Option<PollReport> {
        let every = self.opts.every;
        let max_backoff = self.opts.max_backoff.max(every);
        let max_seen = self.opts.max_seen_per_feed;
        let read = ReadOptions {
            format: Some(Format::Feed),
            ..self.opts.read.clone()
        };
        let feed = self.feeds.get_mut(index)?;
        let read_result = match result {
            Ok(FetchOutcome::NotModified) => Ok(None),
            Ok(FetchOutcome::Fetched(fetched)) => {
                read_feed_body(&feed.url, fetched, &read).map(Some)
            }
            Err(error) => Err(error),
        };
        let outcome = match read_result {
            Err(error) => {
                feed.failures = feed.failures.saturating_add(1);
                let retry_in = backoff(every, max_backoff, feed.failures);
                feed.next_due = later(now, retry_in, every);
                PollOutcome::Failed {
                    error,
                    failures: feed.failures,
                    retry_in,
                }
            }
            Ok(None) => {
                feed.failures = 0;
                feed.next_due = later(now, every, every);
                PollOutcome::NotModified
            }
            Ok(Some((documents, notes, validators))) => {
                feed.failures = 0;
                feed.next_due = later(now, every, every);
                feed.validators = validators;
                let total = documents.len();
                let mut fresh = Vec::new();
                for doc in documents {
                    let key = seen_key(&feed.url, &doc);
                    if !feed.seen.contains(&key) {
                        feed.seen.insert(key, max_seen);
                        fresh.push(doc);
                    }
                }
                PollOutcome::Items {
                    already_seen: total - fresh.len(),
                    documents: fresh,
                    notes,
                }
            }
        };
        Some(PollReport {
            url: feed.url.clone(),
            outcome,
        })
    }
}

/// The wait after the `failures`-th failure in a row: `every × 2^failures`,
/// at most `max_backoff`.
fn backoff(every: Duration, max_backoff: Duration, failures: u32) -> Duration {
    let factor = 1u32.checked_shl(failures.min(31)).unwrap_or(u32::MAX);
    every
        .checked_mul(factor)
        .unwrap_or(max_backoff)
        .min(max_backoff)
}

/// `now + wait`, or `now + every` if that cannot be represented.
fn later(now: Instant, wait: Duration, every: Duration) -> Instant {
    now.checked_add(wait)
        .or_else(|| now.checked_add(every))
        .unwrap_or(now)
}

type ReadBody = (Vec<Document>, Vec<Item>, Validators);

/// Reads a fetched body with the feed reader. A body that gives problems
/// and not one document is a failure (an HTML page, an error page served
/// as 200); documents with problems are a success with notes.
fn read_feed_body(url: &str, fetched: Fetched, read: &ReadOptions) -> Result<ReadBody, FetchError> {
    let mut documents = Vec::new();
    let mut notes = Vec::new();
    for item in read_stream(url, Cursor::new(fetched.body), read) {
        match item {
            Item::Document(doc) => documents.push(doc),
            other => notes.push(other),
        }
    }
    if documents.is_empty() {
        let problem = notes.iter().find_map(|n| match n {
            Item::Problem(p) => Some(p),
            _ => None,
        });
        if let Some(InputProblem { message, .. }) = problem {
            return Err(FetchError {
                url: url.to_string(),
                kind: FetchErrorKind::NotAFeed(message.clone()),
            });
        }
    }
    Ok((documents, notes, fetched.validators))
}

/// What identifies an item across polls: its id (guid, Atom id, or link).
/// An item with none gets a positional id from the reader (`URL#3`), which
/// shifts as items are added, so such items are known by their text.
fn seen_key(url: &str, doc: &Document) -> String {
    let positional = doc
        .id
        .strip_prefix(url)
        .and_then(|rest| rest.strip_prefix('#'))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if positional {
        format!("text:{:016x}", fnv1a(doc.text.as_bytes()))
    } else {
        format!("id:{}", doc.id)
    }
}

/// FNV-1a, 64 bits: stable across runs and Rust versions, unlike std's
/// hasher, and plenty to tell a feed's few dozen items apart.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::collections::HashMap;

    #[test]
    fn feed_lists_table() {
        /// The URLs read, or the errors reported.
        type Want = Result<&'static [&'static str], &'static [&'static str]>;
        let table: &[(&str, Want)] = &[
            ("", Ok(&[])),
            (
                "\u{feff}# my feeds\n\nhttps://a.example/rss\n  http://b.example/feed.xml  \n",
                Ok(&["https://a.example/rss", "http://b.example/feed.xml"]),
            ),
            (
                "https://a.example/rss # the wire\nHTTPS://c.example/atom?x=1#top\n",
                Ok(&["https://a.example/rss", "HTTPS://c.example/atom?x=1#top"]),
            ),
            (
                "https://a.example/rss\nftp://b.example/feed\nnot a url\n/feed.xml\nhttps://a.example/rss\n",
                Err(&[
                    "line 2: \"ftp://b.example/feed\" is not http or https but ftp:",
                    "line 3: expected one URL, found \"not a url\" (put comments after ` #`)",
                    "line 4: \"/feed.xml\" is not an absolute http(s) URL",
                    "line 5: https://a.example/rss is already listed on line 1",
                ]),
            ),
            (
                "file:///etc/passwd\n",
                Err(&["line 1: \"file:///etc/passwd\" is not http or https but file:"]),
            ),
        ];
        for (text, want) in table {
            let got = FeedList::parse(text)
                .map(|l| l.feeds.into_iter().map(|f| f.url).collect::<Vec<_>>())
                .map_err(|es| es.iter().map(|e| e.to_string()).collect::<Vec<_>>());
            let want = want
                .map(|urls| urls.iter().map(|u| u.to_string()).collect::<Vec<_>>())
                .map_err(|es| es.iter().map(|e| e.to_string()).collect::<Vec<_>>());
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn feed_list_entries_keep_their_lines() {
        let list = FeedList::parse("# a\n\nhttps://a.example/rss\n").unwrap_or_default();
        assert_eq!(
            list.feeds,
            [FeedEntry {
                url: "https://a.example/rss".into(),
                line: 3
            }]
        );
    }

    #[test]
    fn redirect_locations_table() {
        let base = "https://news.example/feeds/world/rss.xml?page=1";
        let table: &[(&str, Result<&str, FetchErrorKind>)] = &[
            ("https://other.example/x", Ok("https://other.example/x")),
            ("HTTP://other.example/x", Ok("HTTP://other.example/x")),
            ("//cdn.example/rss", Ok("https://cdn.example/rss")),
            ("/rss2.xml", Ok("https://news.example/rss2.xml")),
            ("atom.xml", Ok("https://news.example/feeds/world/atom.xml")),
            ("../all.xml", Ok("https://news.example/feeds/all.xml")),
            (
                "./a/../b.xml?x=1",
                Ok("https://news.example/feeds/world/b.xml?x=1"),
            ),
            ("../../../../top.xml", Ok("https://news.example/top.xml")),
            (
                "?page=2",
                Ok("https://news.example/feeds/world/rss.xml?page=2"),
            ),
            ("/rss.xml#frag", Ok("https://news.example/rss.xml")),
            (
                "ftp://files.example/rss",
                Err(FetchErrorKind::RedirectNotHttp(
                    "ftp://files.example/rss".into(),
                )),
            ),
            (
                "file:///etc/passwd",
                Err(FetchErrorKind::RedirectNotHttp("file:///etc/passwd".into())),
            ),
            (
                "",
                Err(FetchErrorKind::InvalidUrl("redirect to \"\"".into())),
            ),
        ];
        for (location, want) in table {
            let got = resolve_location(base, location);
            assert_eq!(
                got.as_deref().map_err(Clone::clone),
                want.clone(),
                "{location:?}"
            );
        }
    }

    #[test]
    fn content_encodings_table() {
        let unsupported = |e: &str| Err(FetchErrorKind::UnsupportedEncoding(e.into()));
        let table: &[(&str, Result<bool, FetchErrorKind>)] = &[
            ("gzip", Ok(true)),
            ("GZIP", Ok(true)),
            ("x-gzip", Ok(true)),
            ("identity", Ok(false)),
            ("gzip, identity", Ok(true)),
            ("br", unsupported("br")),
            ("deflate", unsupported("deflate")),
            ("gzip, gzip", unsupported("gzip, gzip")),
        ];
        for (encoding, want) in table {
            assert_eq!(&is_gzip(encoding), want, "{encoding}");
        }
    }

    #[test]
    fn backoff_doubles_from_the_interval_up_to_the_cap() {
        let min = |m: u64| Duration::from_secs(m * 60);
        let table: &[(u32, Duration)] = &[
            (1, min(20)),
            (2, min(40)),
            (3, min(80)),
            (4, min(160)),
            (5, min(320)),
            (6, min(360)),
            (40, min(360)),
            (u32::MAX, min(360)),
        ];
        for &(failures, want) in table {
            assert_eq!(backoff(min(10), min(360), failures), want, "{failures}");
        }
    }

    #[test]
    fn error_messages_name_the_url_and_the_reason() {
        let e = |kind| FetchError {
            url: "https://a.example/rss".into(),
            kind,
        };
        let table: &[(FetchError, &str)] = &[
            (
                e(FetchErrorKind::Status(500)),
                "https://a.example/rss: HTTP 500 Internal Server Error",
            ),
            (
                e(FetchErrorKind::Status(599)),
                "https://a.example/rss: HTTP 599",
            ),
            (
                e(FetchErrorKind::Timeout),
                "https://a.example/rss: timed out",
            ),
            (
                e(FetchErrorKind::TooLarge { limit: 32 << 20 }),
                "https://a.example/rss: body is over the 32 MiB per-feed limit",
            ),
            (
                e(FetchErrorKind::InflatesTooLarge { limit: 1 << 20 }),
                "https://a.example/rss: gzip body inflates past the 1 MiB per-feed limit",
            ),
            (
                e(FetchErrorKind::TooManyRedirects { limit: 5 }),
                "https://a.example/rss: more than 5 redirects",
            ),
        ];
        for (error, want) in table {
            assert_eq!(error.to_string(), *want);
        }
    }

    // --- The poller, with a fake clock and a fake fetcher ---------------

    /// Answers each URL from a queue of canned results and records the
    /// validators each fetch sent.
    #[derive(Default)]
    struct FakeFetcher {
        answers: RefCell<HashMap<String, VecDeque<Result<FetchOutcome, FetchErrorKind>>>>,
        sent: RefCell<Vec<(String, Validators)>>,
    }

    impl FakeFetcher {
        fn answer(&self, url: &str, result: Result<FetchOutcome, FetchErrorKind>) {
            self.answers
                .borrow_mut()
                .entry(url.to_string())
                .or_default()
                .push_back(result);
        }
    }

    impl Fetch for FakeFetcher {
        fn fetch(&self, url: &str, validators: &Validators) -> Result<FetchOutcome, FetchError> {
            self.sent
                .borrow_mut()
                .push((url.to_string(), validators.clone()));
            let next = self
                .answers
                .borrow_mut()
                .get_mut(url)
                .and_then(VecDeque::pop_front)
                .unwrap_or(Err(FetchErrorKind::Connect("no answer".into())));
            next.map_err(|kind| FetchError {
                url: url.to_string(),
                kind,
            })
        }
    }

    const A: &str = "https://a.example/rss";
    const B: &str = "https://b.example/rss";

    /// An RSS body with items `(guid, title)`; an empty guid leaves it out.
    fn rss(items: &[(&str, &str)]) -> Vec<u8> {
        let mut xml = String::from("<rss version=\"2.0\"><channel><title>T</title>");
        for (guid, title) in items {
            xml.push_str("<item>");
            if !guid.is_empty() {
                xml.push_str(&format!("<guid>{guid}</guid>"));
            }
            xml.push_str(&format!("<title>{title}</title></item>"));
        }
        xml.push_str("</channel></rss>");
        xml.into_bytes()
    }

    fn body(bytes: Vec<u8>, etag: Option<&str>) -> Result<FetchOutcome, FetchErrorKind> {
        Ok(FetchOutcome::Fetched(Fetched {
            url: String::new(),
            body: bytes,
            validators: Validators {
                etag: etag.map(str::to_string),
                last_modified: None,
            },
        }))
    }

    fn poller(urls: &[&str], now: Instant) -> Poller {
        let text = urls.join("\n");
        let list = FeedList::parse(&text).unwrap_or_default();
        Poller::new(&list, PollOptions::default(), now)
    }

    /// A report in one line: the URL's last letter and what came of it.
    fn render(report: &PollReport) -> String {
        let who = report
            .url
            .trim_start_matches("https://")
            .chars()
            .next()
            .unwrap_or('?');
        match &report.outcome {
            PollOutcome::Items {
                documents,
                already_seen,
                ..
            } => {
                let ids: Vec<&str> = documents
                    .iter()
                    .map(|d| d.title.as_deref().unwrap_or(""))
                    .collect();
                format!("{who} new {ids:?} seen {already_seen}")
            }
            PollOutcome::NotModified => format!("{who} not modified"),
            PollOutcome::Failed {
                error,
                failures,
                retry_in,
            } => format!(
                "{who} failed {} x{failures} retry {}m",
                error.kind,
                retry_in.as_secs() / 60
            ),
        }
    }

    #[test]
    fn a_poll_session_table() {
        let t0 = Instant::now();
        let min = |m: u64| t0 + Duration::from_secs(m * 60);
        let fake = FakeFetcher::default();
        let mut p = poller(&[A, B], t0);
        // Each step: the time, what A and B answer if asked, and the reports.
        type Answer = Option<Result<FetchOutcome, FetchErrorKind>>;
        let steps: Vec<(Instant, Answer, Answer, &[&str])> = vec![
            (
                min(0),
                Some(body(rss(&[("1", "one"), ("2", "two")]), Some("\"v1\""))),
                Some(Err(FetchErrorKind::Status(500))),
                &[
                    "a new [\"one\", \"two\"] seen 0",
                    "b failed HTTP 500 Internal Server Error x1 retry 20m",
                ],
            ),
            // Nothing is due five minutes on.
            (min(5), None, None, &[]),
            // A is due; B is backing off for 20 minutes.
            (
                min(10),
                Some(Ok(FetchOutcome::NotModified)),
                None,
                &["a not modified"],
            ),
            (
                min(20),
                Some(body(
                    rss(&[("3", "three"), ("1", "one"), ("2", "two")]),
                    Some("\"v2\""),
                )),
                Some(Err(FetchErrorKind::Timeout)),
                &[
                    "a new [\"three\"] seen 2",
                    "b failed timed out x2 retry 40m",
                ],
            ),
            (
                min(60),
                Some(body(rss(&[("3", "three")]), None)),
                Some(body(rss(&[("9", "nine")]), None)),
                &["a new [] seen 1", "b new [\"nine\"] seen 0"],
            ),
            // B's success reset its backoff: both are due ten minutes on.
            (
                min(70),
                Some(body(
                    b"<html><body>Maintenance</body></html>".to_vec(),
                    None,
                )),
                Some(body(rss(&[("9", "nine")]), None)),
                &[
                    "a failed not an RSS or Atom feed: the root element is <html> x1 retry 20m",
                    "b new [] seen 1",
                ],
            ),
        ];
        for (now, a, b, want) in steps {
            if let Some(a) = a {
                fake.answer(A, a);
            }
            if let Some(b) = b {
                fake.answer(B, b);
            }
            let got: Vec<String> = p.poll_due(now, &fake).iter().map(render).collect();
            assert_eq!(got, want, "at {:?}", now - t0);
        }
        // The second fetch of A sent the first response's ETag; after a
        // 304 the ETag is kept; the response without one cleared it.
        let sent_a: Vec<Option<String>> = fake
            .sent
            .borrow()
            .iter()
            .filter(|(url, _)| url == A)
            .map(|(_, v)| v.etag.clone())
            .collect();
        assert_eq!(
            sent_a,
            [
                None,
                Some("\"v1\"".into()),
                Some("\"v1\"".into()),
                Some("\"v2\"".into()),
                None
            ]
        );
    }

    #[test]
    fn backoff_is_capped_and_a_success_resets_it() {
        let t0 = Instant::now();
        let fake = FakeFetcher::default();
        let opts = PollOptions {
            every: Duration::from_secs(60),
            max_backoff: Duration::from_secs(600),
            ..PollOptions::default()
        };
        let list = FeedList::parse(A).unwrap_or_default();
        let mut p = Poller::new(&list, opts, t0);
        let mut now = t0;
        let mut waits = Vec::new();
        for _ in 0..6 {
            fake.answer(A, Err(FetchErrorKind::Timeout));
            p.poll_due(now, &fake);
            let due = p.next_due().unwrap_or(now);
            waits.push((due - now).as_secs());
            now = due;
        }
        assert_eq!(waits, [120, 240, 480, 600, 600, 600]);
        fake.answer(A, body(rss(&[("1", "one")]), None));
        p.poll_due(now, &fake);
        assert_eq!(p.next_due().map(|d| (d - now).as_secs()), Some(60));
        assert_eq!(p.status().map(|s| s.failures).collect::<Vec<_>>(), [0]);
    }

    #[test]
    fn items_without_ids_are_known_by_their_text() {
        let t0 = Instant::now();
        let fake = FakeFetcher::default();
        let mut p = poller(&[A], t0);
        fake.answer(A, body(rss(&[("", "first")]), None));
        fake.answer(A, body(rss(&[("", "second"), ("", "first")]), None));
        let first = p.poll_due(t0, &fake);
        let later = t0 + Duration::from_secs(600);
        let second = p.poll_due(later, &fake);
        let got: Vec<String> = first.iter().chain(&second).map(render).collect();
        assert_eq!(
            got,
            ["a new [\"first\"] seen 0", "a new [\"second\"] seen 1"]
        );
    }

    #[test]
    fn the_seen_set_forgets_its_oldest_ids_first() {
        let mut seen = Seen::default();
        for key in ["a", "b", "c", "b", "d"] {
            seen.insert(key.to_string(), 3);
        }
        let table: &[(&str, bool)] = &[("a", false), ("b", true), ("c", true), ("d", true)];
        for &(key, want) in table {
            assert_eq!(seen.contains(key), want, "{key}");
        }
    }

    #[test]
    fn unknown_feeds_are_not_recorded() {
        let t0 = Instant::now();
        let mut p = poller(&[A], t0);
        assert_eq!(p.record(7, t0, Ok(FetchOutcome::NotModified)), None);
        assert_eq!(p.due(t0), [0]);
    }
}
