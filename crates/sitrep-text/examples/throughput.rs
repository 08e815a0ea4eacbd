//! A throughput sanity check (not a benchmark): runs every stage over a
//! corpus of about 10 MB and prints MB/s. Run it with
//! `cargo run --release -p sitrep-text --example throughput [FILE]`; without a
//! file it repeats the seed article.

use std::time::Instant;

use sitrep_text::{Normalized, find_changes, find_quantities, sentences, tokenize};

fn main() {
    let base = match std::env::args().nth(1) {
        Some(path) => std::fs::read_to_string(path).expect("a readable UTF-8 file"),
        None => include_str!("../tests/fixtures/isis-k-ghor-2018.txt").to_string(),
    };
    let copies = (10_000_000 / base.len().max(1)).max(1);
    let corpus = format!("{base}\n\n").repeat(copies);
    let mb = corpus.len() as f64 / 1e6;

    let t = Instant::now();
    let n = Normalized::new(&corpus);
    report("normalize", mb, t);

    let text = n.text();
    let t = Instant::now();
    let spans = sentences(text);
    report("sentences", mb, t);

    let t = Instant::now();
    let tokens: usize = spans.iter().map(|s| tokenize(text, s.clone()).len()).sum();
    report("tokenize (per sentence)", mb, t);

    let t = Instant::now();
    let quantities = find_quantities(text).len();
    report("find_quantities", mb, t);

    let t = Instant::now();
    let changes = find_changes(text).len();
    report("find_changes", mb, t);

    let t = Instant::now();
    let mut checksum = 0;
    for s in &spans {
        checksum += n.to_original(s.clone()).end;
    }
    report("to_original (per sentence)", mb, t);

    println!(
        "{mb:.1} MB: {} sentences, {tokens} tokens, {quantities} quantities, {changes} changes (checksum {checksum})",
        spans.len()
    );
}

fn report(stage: &str, mb: f64, start: Instant) {
    let secs = start.elapsed().as_secs_f64();
    println!("{stage:28} {:8.1} MB/s", mb / secs);
}
