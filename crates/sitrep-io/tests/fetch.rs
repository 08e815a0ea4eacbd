//! `fetch` against a real HTTP server on 127.0.0.1, started inside each
//! test: fixture feeds, an error, redirects, a slow answer, oversized and
//! gzipped bodies. Nothing here touches any other address.
#![cfg(feature = "fetch")]

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use flate2::Compression;
use flate2::write::GzEncoder;
use sitrep_io::ReadOptions;
use sitrep_io::fetch::{
    FeedList, Fetch, FetchErrorKind, FetchOptions, FetchOutcome, Fetcher, PollOptions, PollOutcome,
    PollReport, Poller, Validators,
};

const RSS: &[u8] = include_bytes!("fixtures/feed.rss");
const ATOM: &[u8] = include_bytes!("fixtures/feed.atom");
const HTML: &[u8] = include_bytes!("watch/page.html");
const ETAG: &str = "\"rss-v1\"";
const LAST_MODIFIED: &str = "Thu, 29 Mar 2018 12:00:00 GMT";
/// How long `/slow` waits before answering.
const SLOW: Duration = Duration::from_secs(10);
/// The body limit of these tests' fetchers.
const LIMIT: usize = 256 << 10;

/// One request as the server read it.
#[derive(Debug, Clone)]
struct Request {
    path: String,
    headers: Vec<(String, String)>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A response: status line, headers, body.
struct Reply {
    status: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    /// Leave out Content-Length: the body ends when the connection closes.
    close_delimited: bool,
    /// Wait this long before answering.
    delay: Duration,
}

fn reply(status: &'static str, body: &[u8]) -> Reply {
    Reply {
        status,
        headers: Vec::new(),
        body: body.to_vec(),
        close_delimited: false,
        delay: Duration::ZERO,
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// An RSS feed of `n` items with guids `g1`..`gn`, newest first.
fn growing_feed(n: usize) -> Vec<u8> {
    let mut xml = String::from("<rss version=\"2.0\"><channel><title>Grow</title>");
    for i in (1..=n).rev() {
        xml.push_str(&format!(
            "<item><guid>g{i}</guid><title>Item {i}</title></item>"
        ));
    }
    xml.push_str("</channel></rss>");
    xml.into_bytes()
}

/// The fixture site. `hits` counts earlier requests to the same path.
fn route(req: &Request, hits: usize) -> Reply {
    match req.path.as_str() {
        "/feed.rss" => {
            if req.header("if-none-match") == Some(ETAG) {
                return reply("304 Not Modified", b"");
            }
            let mut r = reply("200 OK", RSS);
            r.headers.push(("ETag", ETAG.to_string()));
            r.headers
                .push(("Content-Type", "application/rss+xml".to_string()));
            r
        }
        "/feed.atom" => {
            if req.header("if-modified-since") == Some(LAST_MODIFIED) {
                return reply("304 Not Modified", b"");
            }
            let mut r = reply("200 OK", ATOM);
            r.headers.push(("Last-Modified", LAST_MODIFIED.to_string()));
            r
        }
        "/gzip.atom" => {
            let mut r = reply("200 OK", &gzip(ATOM));
            r.headers.push(("Content-Encoding", "gzip".to_string()));
            r
        }
        // A gzipped file served as it is, without Content-Encoding.
        "/feed.xml.gz" => reply("200 OK", &gzip(RSS)),
        "/grow" => reply("200 OK", &growing_feed(hits + 1)),
        "/error" => reply("500 Internal Server Error", b"oops"),
        "/gone" => reply("404 Not Found", b"no such feed"),
        "/page.html" => reply("200 OK", HTML),
        "/moved" => {
            let mut r = reply("302 Found", b"");
            r.headers.push(("Location", "feed.rss".to_string()));
            r
        }
        "/loop" => {
            let mut r = reply("301 Moved Permanently", b"");
            r.headers.push(("Location", "/loop".to_string()));
            r
        }
        "/to-ftp" => {
            let mut r = reply("302 Found", b"");
            r.headers
                .push(("Location", "ftp://127.0.0.1/feed.rss".to_string()));
            r
        }
        "/no-location" => reply("302 Found", b""),
        "/slow" => {
            let mut r = reply("200 OK", RSS);
            r.delay = SLOW;
            r
        }
        "/big" => reply("200 OK", &vec![b' '; LIMIT * 2]),
        "/big-stream" => {
            let mut r = reply("200 OK", &vec![b' '; LIMIT * 2]);
            r.close_delimited = true;
            r
        }
        "/bomb" => {
            let mut r = reply("200 OK", &gzip(&vec![b' '; LIMIT * 16]));
            r.headers.push(("Content-Encoding", "gzip".to_string()));
            r
        }
        "/bad-gzip" => {
            let mut r = reply("200 OK", b"\x1f\x8b\x08\x00this is not deflate");
            r.headers.push(("Content-Encoding", "gzip".to_string()));
            r
        }
        "/brotli" => {
            let mut r = reply("200 OK", b"...");
            r.headers.push(("Content-Encoding", "br".to_string()));
            r
        }
        _ => reply("404 Not Found", b""),
    }
}

/// A tiny HTTP/1.1 server on 127.0.0.1: one thread accepting, one per
/// connection, `Connection: close` on every answer. Stops on drop.
struct Server {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Request>>>,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let accept = {
            let requests = Arc::clone(&requests);
            let stop = Arc::clone(&stop);
            let served = Arc::new(AtomicUsize::new(0));
            thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    // A bound on connections keeps a runaway client loop
                    // from running forever.
                    if served.fetch_add(1, Ordering::SeqCst) > 1_000 {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let requests = Arc::clone(&requests);
                    thread::spawn(move || serve(stream, &requests));
                }
            })
        };
        Server {
            addr,
            requests,
            stop,
            accept: Some(accept),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn requests(&self) -> Vec<Request> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

fn serve(stream: TcpStream, log: &Mutex<Vec<Request>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
        return;
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let req = Request { path, headers };
    let hits = {
        let Ok(mut log) = log.lock() else { return };
        let hits = log.iter().filter(|r| r.path == req.path).count();
        log.push(req.clone());
        hits
    };
    let r = route(&req, hits);
    thread::sleep(r.delay);
    let mut head = format!("HTTP/1.1 {}\r\nConnection: close\r\n", r.status);
    if !r.close_delimited {
        head.push_str(&format!("Content-Length: {}\r\n", r.body.len()));
    }
    for (k, v) in &r.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let mut stream = &stream;
    // The client may hang up early (a refused body); that is its right.
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&r.body);
    let _ = stream.flush();
}

/// A fetcher with the tests' body limit. Its read timeout is generous so a
/// loaded CI machine cannot fail the ordinary fetches; only the slow-server
/// test shortens it.
fn fetcher_with_read_timeout(read_timeout: Duration) -> Fetcher {
    let read = ReadOptions {
        max_feed_bytes: LIMIT,
        ..ReadOptions::default()
    };
    Fetcher::new(FetchOptions {
        read_timeout,
        total_timeout: Duration::from_secs(30),
        max_redirects: 3,
        ..FetchOptions::new(&read)
    })
}

fn fetcher() -> Fetcher {
    fetcher_with_read_timeout(Duration::from_secs(10))
}

fn poller(urls: &[String], now: Instant) -> Poller {
    let list = FeedList::parse(&urls.join("\n")).expect("feeds file");
    Poller::new(&list, PollOptions::default(), now)
}

/// A poll report in one line, the URL shortened to its path.
fn render(server: &Server, report: &PollReport) -> String {
    let path = report.url.trim_start_matches(&server.url(""));
    match &report.outcome {
        PollOutcome::Items {
            documents,
            already_seen,
            ..
        } => {
            let ids: Vec<&str> = documents.iter().map(|d| d.id.as_str()).collect();
            format!("{path}: new {ids:?}, seen {already_seen}")
        }
        PollOutcome::NotModified => format!("{path}: not modified"),
        PollOutcome::Failed {
            error, failures, ..
        } => {
            let error = error.to_string().replace(&server.url(""), "");
            format!("{path}: failed x{failures}: {error}")
        }
    }
}

#[test]
fn good_feeds_become_documents_and_a_bad_one_does_not_stop_them() {
    let server = Server::start();
    let t0 = Instant::now();
    let urls: Vec<String> = [
        "/feed.rss",
        "/error",
        "/gzip.atom",
        "/feed.xml.gz",
        "/page.html",
    ]
    .iter()
    .map(|p| server.url(p))
    .collect();
    let mut poller = poller(&urls, t0);
    let f = fetcher();
    let got: Vec<String> = poller
        .poll_due(t0, &f)
        .iter()
        .map(|r| render(&server, r))
        .collect();
    let feed_rss_3 = format!("{}#3", server.url("/feed.rss"));
    let feed_gz_3 = format!("{}#3", server.url("/feed.xml.gz"));
    assert_eq!(
        got,
        [
            format!(
                "/feed.rss: new [\"wire-2018-0328-001\", \"https://wire.example.org/kabul-protest\", {feed_rss_3:?}], seen 0"
            ),
            "/error: failed x1: /error: HTTP 500 Internal Server Error".to_string(),
            "/gzip.atom: new [\"tag:monitor.example.net,2018:idlib-1\", \"tag:monitor.example.net,2018:talks-2\"], seen 0".to_string(),
            format!(
                "/feed.xml.gz: new [\"wire-2018-0328-001\", \"https://wire.example.org/kabul-protest\", {feed_gz_3:?}], seen 0"
            ),
            "/page.html: failed x1: /page.html: not an RSS or Atom feed: the root element is <html>".to_string(),
        ]
    );
    // Ten minutes on, the healthy feeds are polled again and the failing
    // ones wait out their backoff.
    let later = t0 + Duration::from_secs(600);
    let due: Vec<String> = poller
        .due(later)
        .iter()
        .filter_map(|&i| urls.get(i))
        .map(|u| u.trim_start_matches(&server.url("")).to_string())
        .collect();
    assert_eq!(due, ["/feed.rss", "/gzip.atom", "/feed.xml.gz"]);
}

#[test]
fn conditional_requests_get_304_and_no_new_items() {
    let server = Server::start();
    let t0 = Instant::now();
    let urls = vec![server.url("/feed.rss"), server.url("/feed.atom")];
    let mut poller = poller(&urls, t0);
    let f = fetcher();
    let mut got = Vec::new();
    for minutes in [0, 10] {
        let now = t0 + Duration::from_secs(minutes * 60);
        for report in poller.poll_due(now, &f) {
            got.push(match report.outcome {
                PollOutcome::Items { documents, .. } => format!("{} new", documents.len()),
                PollOutcome::NotModified => "not modified".to_string(),
                PollOutcome::Failed { error, .. } => error.to_string(),
            });
        }
    }
    assert_eq!(got, ["3 new", "2 new", "not modified", "not modified"]);
    let sent: Vec<(String, Option<String>, Option<String>)> = server
        .requests()
        .iter()
        .map(|r| {
            (
                r.path.clone(),
                r.header("if-none-match").map(str::to_string),
                r.header("if-modified-since").map(str::to_string),
            )
        })
        .collect();
    assert_eq!(
        sent,
        [
            ("/feed.rss".into(), None, None),
            ("/feed.atom".into(), None, None),
            ("/feed.rss".into(), Some(ETAG.into()), None),
            ("/feed.atom".into(), None, Some(LAST_MODIFIED.into())),
        ]
    );
}

#[test]
fn seen_items_are_not_returned_twice() {
    let server = Server::start();
    let t0 = Instant::now();
    let mut poller = poller(&[server.url("/grow")], t0);
    let f = fetcher();
    let got: Vec<String> = (0..3)
        .flat_map(|i| poller.poll_due(t0 + Duration::from_secs(600 * i), &f))
        .map(|r| render(&server, &r))
        .collect();
    assert_eq!(
        got,
        [
            "/grow: new [\"g1\"], seen 0",
            "/grow: new [\"g2\"], seen 1",
            "/grow: new [\"g3\"], seen 2",
        ]
    );
}

/// The fetch of one path, rendered: the final URL's path and the body's
/// size, `not modified`, or the error without the server's address.
fn fetch(server: &Server, f: &Fetcher, path: &str) -> String {
    match f.fetch(&server.url(path), &Validators::default()) {
        Ok(FetchOutcome::Fetched(fetched)) => format!(
            "{} {} bytes",
            fetched.url.trim_start_matches(&server.url("")),
            fetched.body.len()
        ),
        Ok(FetchOutcome::NotModified) => "not modified".to_string(),
        Err(e) => {
            assert_eq!(e.url, server.url(path), "the error names the feed's URL");
            e.kind.to_string()
        }
    }
}

#[test]
fn redirects_statuses_and_limits_table() {
    let server = Server::start();
    let f = fetcher();
    let table: &[(&str, String)] = &[
        ("/feed.rss", format!("/feed.rss {} bytes", RSS.len())),
        ("/moved", format!("/feed.rss {} bytes", RSS.len())),
        ("/gzip.atom", format!("/gzip.atom {} bytes", ATOM.len())),
        ("/loop", "more than 3 redirects".into()),
        (
            "/to-ftp",
            "redirect to \"ftp://127.0.0.1/feed.rss\", which is not http or https".into(),
        ),
        (
            "/no-location",
            "HTTP 302 redirect without a Location".into(),
        ),
        ("/gone", "HTTP 404 Not Found".into()),
        ("/big", "body is over the 256 KiB per-feed limit".into()),
        (
            "/big-stream",
            "body is over the 256 KiB per-feed limit".into(),
        ),
        (
            "/bomb",
            "gzip body inflates past the 256 KiB per-feed limit".into(),
        ),
        ("/brotli", "unsupported Content-Encoding \"br\"".into()),
    ];
    for (path, want) in table {
        assert_eq!(&fetch(&server, &f, path), want, "{path}");
    }
    let bad = fetch(&server, &f, "/bad-gzip");
    assert!(bad.starts_with("gzip body is corrupt: "), "{bad}");
}

#[test]
fn a_slow_server_times_out_quickly() {
    let server = Server::start();
    let started = Instant::now();
    let f = fetcher_with_read_timeout(Duration::from_millis(500));
    assert_eq!(fetch(&server, &f, "/slow"), "timed out");
    // The server waits 10 s; the 500 ms read timeout must end it well
    // before, with room for a slow machine.
    assert!(started.elapsed() < SLOW / 2, "{:?}", started.elapsed());
}

#[test]
fn a_closed_port_is_a_connect_error_naming_the_url() {
    // Bind and drop a listener to get a port nothing listens on.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let url = format!("http://127.0.0.1:{port}/feed.rss");
    let error = fetcher()
        .fetch(&url, &Validators::default())
        .expect_err("nothing listens there");
    assert_eq!(error.url, url);
    assert!(matches!(error.kind, FetchErrorKind::Connect(_)), "{error}");
    assert!(
        error
            .to_string()
            .starts_with(&format!("{url}: cannot connect: ")),
        "{error}"
    );
}

#[test]
fn requests_carry_the_user_agent_and_ask_for_gzip() {
    let server = Server::start();
    let _ = fetch(&server, &fetcher(), "/feed.rss");
    let requests = server.requests();
    let first = requests.first().expect("one request");
    let agent = first.header("user-agent").unwrap_or("");
    assert!(agent.starts_with("sitrep/"), "{agent}");
    assert_eq!(first.header("accept-encoding"), Some("gzip"));
    assert!(
        first
            .header("accept")
            .unwrap_or("")
            .contains("application/rss+xml")
    );
}

#[test]
fn the_body_limit_defaults_to_the_readers_feed_limit() {
    let read = ReadOptions {
        max_feed_bytes: 12345,
        ..ReadOptions::default()
    };
    assert_eq!(FetchOptions::new(&read).max_body_bytes, 12345);
    // Read from a fetcher's options too, so the two cannot drift apart.
    let f = Fetcher::new(FetchOptions::new(&read));
    assert_eq!(f.options().max_body_bytes, 12345);
}
