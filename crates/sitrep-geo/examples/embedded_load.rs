//! Measures how long `Gazetteer::embedded()` takes and the resident memory
//! after it: `cargo run --release -p sitrep-geo --example embedded_load`.

use std::time::Instant;

use sitrep_geo::Gazetteer;

/// The process's resident set size in KiB, from /proc (Linux only).
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let before = rss_kib();
    let t = Instant::now();
    let g = Gazetteer::embedded()?;
    let elapsed = t.elapsed();
    let after = rss_kib();
    println!("entries: {}", g.len());
    println!(
        "Gazetteer::embedded(): {:.0} ms",
        elapsed.as_secs_f64() * 1000.0
    );
    if let (Some(b), Some(a)) = (before, after) {
        println!(
            "RSS before: {:.1} MiB, after: {:.1} MiB",
            b as f64 / 1024.0,
            a as f64 / 1024.0
        );
    }
    Ok(())
}
