//! A bounded load test for a running `sitrep serve`: N concurrent
//! keep-alive clients for T seconds against 127.0.0.1 only, plus slow
//! clients that trickle their headers and clients that send oversized
//! requests, then latency percentiles per endpoint, errors, and the
//! server's memory over the run.
//!
//! ```sh
//! sitrep serve --db /tmp/sitrep-1m.db --addr 127.0.0.1:8642 &
//! cargo run --release -p sitrep-serve --example load -- \
//!     --addr 127.0.0.1:8642 --clients 200 --seconds 60 --pid $!
//! ```
//!
//! It stops by itself; it refuses non-loopback addresses (it is a load
//! generator, not a tool to point at other people's servers).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// What the dashboard asks for, by endpoint group (province names are the
/// synthetic store's: `synthetic_store` writes "AFG Province 01" and so on).
const MIX: &[(&str, &str)] = &[
    ("aggregate", "/api/aggregate?by=week"),
    ("aggregate", "/api/aggregate?by=month&country=AF"),
    ("aggregate", "/api/aggregate?by=admin1&country=SY"),
    ("aggregate", "/api/aggregate?by=event_type&since=2020-01-01"),
    ("aggregate", "/api/aggregate?by=actor&country=UA"),
    ("timeline", "/api/timeline?interval=week&country=AF"),
    ("timeline", "/api/timeline?interval=month"),
    ("summary", "/api/summary?country=AF"),
    ("incidents", "/api/incidents?country=AF&limit=50"),
    (
        "incidents",
        "/api/incidents?admin1=AFG%20Province%2002&limit=50&offset=50",
    ),
    ("relations", "/api/relations?country=AF"),
];

struct Args {
    addr: SocketAddr,
    clients: usize,
    seconds: u64,
    slow: usize,
    pid: Option<u32>,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        addr: "127.0.0.1:8642".parse().expect("literal"),
        clients: 200,
        seconds: 60,
        slow: 50,
        pid: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let bad = |e: &dyn std::fmt::Display| format!("{flag} {value}: {e}");
        match flag.as_str() {
            "--addr" => a.addr = value.parse().map_err(|e| bad(&e))?,
            "--clients" => a.clients = value.parse().map_err(|e| bad(&e))?,
            "--seconds" => a.seconds = value.parse().map_err(|e| bad(&e))?,
            "--slow" => a.slow = value.parse().map_err(|e| bad(&e))?,
            "--pid" => a.pid = Some(value.parse().map_err(|e| bad(&e))?),
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    if !a.addr.ip().is_loopback() {
        return Err(format!("{} is not a loopback address", a.addr));
    }
    if a.seconds > 600 || a.clients > 2000 {
        return Err("at most 600 seconds and 2000 clients".into());
    }
    Ok(a)
}

/// One GET on a keep-alive connection; the status and body length.
async fn get(stream: &mut TcpStream, path: &str, buf: &mut Vec<u8>) -> std::io::Result<u16> {
    let req = format!("GET {path} HTTP/1.1\r\nHost: load\r\nAccept: application/json\r\n\r\n");
    stream.write_all(req.as_bytes()).await?;
    read_response(stream, buf).await
}

async fn read_response(stream: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<u16> {
    buf.clear();
    let mut chunk = [0u8; 16 * 1024];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let len: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| std::io::Error::other("no content-length"))?;
    while buf.len() < head_end + len {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(status)
}

fn rss_kib(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[i]) / 1000.0
}

#[tokio::main]
async fn main() {
    let a = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("load: {e}");
            std::process::exit(2);
        }
    };
    let stop = Arc::new(AtomicBool::new(false));
    let errors = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(a.seconds);

    // Slow clients: open a connection and trickle a header byte every
    // second; the server must keep serving everyone else.
    let mut slow = Vec::new();
    for _ in 0..a.slow {
        let addr = a.addr;
        let stop = Arc::clone(&stop);
        slow.push(tokio::spawn(async move {
            let Ok(mut s) = TcpStream::connect(addr).await else {
                return;
            };
            for b in b"GET /api/summary HTTP/1.1\r\nX-Slow: ".iter().cycle() {
                if stop.load(Ordering::Relaxed) || s.write_all(&[*b]).await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }));
    }

    // Oversized requests: a 16 MiB body to the ingest endpoint and a
    // 1 MiB header, every few seconds; both must be refused.
    let addr = a.addr;
    let stop2 = Arc::clone(&stop);
    let refused = Arc::new(AtomicU64::new(0));
    let refused2 = Arc::clone(&refused);
    let oversized = tokio::spawn(async move {
        // Each attempt sends its head and as much of the oversized part as
        // the server takes in 5 s, then reads the answer for up to 5 s
        // more: a server that answers early (413, 431) or closes counts.
        async fn attempt(addr: SocketAddr, head: String, body: Vec<u8>) -> Option<u16> {
            let mut s = TcpStream::connect(addr).await.ok()?;
            let limit = Duration::from_secs(5);
            let _ = tokio::time::timeout(limit, async {
                s.write_all(head.as_bytes()).await?;
                s.write_all(&body).await
            })
            .await;
            let mut buf = Vec::new();
            match tokio::time::timeout(limit, read_response(&mut s, &mut buf)).await {
                Ok(Ok(code)) => Some(code),
                // Closed on us: refused too.
                Ok(Err(_)) => Some(499),
                Err(_) => None,
            }
        }
        while !stop2.load(Ordering::Relaxed) {
            let post = format!(
                "POST /api/ingest HTTP/1.1\r\nHost: load\r\nContent-Length: {}\r\n\r\n",
                16 << 20
            );
            let big_header = format!(
                "GET /api/summary HTTP/1.1\r\nHost: load\r\nX-Big: {}\r\n\r\n",
                "y".repeat(1 << 20)
            );
            for (head, body) in [(post, vec![b'x'; 1 << 20]), (big_header, Vec::new())] {
                if let Some(code) = attempt(addr, head, body).await
                    && (400..500).contains(&code)
                {
                    refused2.fetch_add(1, Ordering::Relaxed);
                }
            }
            tokio::time::sleep(Duration::from_secs(3)).await;
        }
    });

    // Memory of the server, sampled every second.
    let pid = a.pid;
    let stop3 = Arc::clone(&stop);
    let memory = tokio::spawn(async move {
        let mut samples = Vec::new();
        while !stop3.load(Ordering::Relaxed) {
            if let Some(kib) = pid.and_then(rss_kib) {
                samples.push(kib);
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        samples
    });

    let mut clients = Vec::new();
    for c in 0..a.clients {
        let addr = a.addr;
        let errors = Arc::clone(&errors);
        clients.push(tokio::spawn(async move {
            let mut lat: BTreeMap<&'static str, Vec<u32>> = BTreeMap::new();
            let mut kinds: BTreeMap<String, u64> = BTreeMap::new();
            let mut buf = Vec::new();
            let mut i = c;
            let mut conn: Option<TcpStream> = None;
            while Instant::now() < deadline {
                let (group, path) = MIX[i % MIX.len()];
                i += 1;
                if conn.is_none() {
                    match TcpStream::connect(addr).await {
                        Ok(s) => conn = Some(s),
                        Err(_) => {
                            errors.fetch_add(1, Ordering::Relaxed);
                            tokio::time::sleep(Duration::from_millis(100)).await;
                            continue;
                        }
                    }
                }
                let Some(s) = conn.as_mut() else { continue };
                let t = Instant::now();
                let answer = tokio::time::timeout(Duration::from_secs(10), get(s, path, &mut buf))
                    .await
                    .unwrap_or_else(|_| Err(std::io::ErrorKind::TimedOut.into()));
                match answer {
                    Ok(200) => lat
                        .entry(group)
                        .or_default()
                        .push(t.elapsed().as_micros().min(u32::MAX as u128) as u32),
                    other => {
                        errors.fetch_add(1, Ordering::Relaxed);
                        let why = match other {
                            Ok(code) => format!("{group}: HTTP {code}"),
                            Err(e) => format!("{group}: {}", e.kind()),
                        };
                        *kinds.entry(why).or_insert(0u64) += 1;
                        conn = None;
                    }
                }
            }
            (lat, kinds)
        }));
    }
    let started = Instant::now();
    let mut all: BTreeMap<&'static str, Vec<u32>> = BTreeMap::new();
    let mut error_kinds: BTreeMap<String, u64> = BTreeMap::new();
    for c in clients {
        if let Ok((l, k)) = c.await {
            for (g, v) in l {
                all.entry(g).or_default().extend(v);
            }
            for (why, n) in k {
                *error_kinds.entry(why).or_default() += n;
            }
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    for s in slow {
        s.abort();
    }
    let _ = tokio::time::timeout(Duration::from_secs(15), oversized).await;
    let mem = memory.await.unwrap_or_default();

    let total: usize = all.values().map(Vec::len).sum();
    println!(
        "{} clients, {:.0} s, {} slow clients, {} requests ({:.0}/s), {} errors, {} oversized requests refused",
        a.clients,
        elapsed,
        a.slow,
        total,
        total as f64 / elapsed,
        errors.load(Ordering::Relaxed),
        refused.load(Ordering::Relaxed)
    );
    for (why, n) in &error_kinds {
        println!("  errors: {n} x {why}");
    }
    println!("| endpoints | requests | p50 ms | p90 ms | p99 ms | max ms |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (g, mut v) in all {
        v.sort_unstable();
        println!(
            "| {g} | {} | {:.1} | {:.1} | {:.1} | {:.1} |",
            v.len(),
            percentile(&v, 0.5),
            percentile(&v, 0.9),
            percentile(&v, 0.99),
            percentile(&v, 1.0)
        );
    }
    if !mem.is_empty() {
        let n = mem.len();
        let tenth = (n / 10).max(1);
        let first = mem[..tenth].iter().sum::<u64>() / tenth as u64;
        let last = mem[n - tenth..].iter().sum::<u64>() / tenth as u64;
        let peak = mem.iter().max().copied().unwrap_or(0);
        println!(
            "server RSS: {:.0} MiB in the first tenth, {:.0} MiB in the last tenth, peak {:.0} MiB",
            first as f64 / 1024.0,
            last as f64 / 1024.0,
            peak as f64 / 1024.0
        );
    }
}
