//! The fuzz targets on stable Rust: every committed crasher
//! (`fuzz/regressions/<target>/`) and seed (`fuzz/seeds/<target>/`) is
//! replayed, then a few hundred inputs mutated from the seeds with a
//! fixed-seed generator, so a fixed crash stays fixed and the targets keep
//! compiling and running where libFuzzer cannot (`cargo fuzz` needs its own
//! build; see `fuzz/README.md`).
//!
//! The target bodies are the fuzz crate's own file, compiled in here
//! through `#[path]`: one definition of what each target checks.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use sitrep_coding::Knowledge;

#[path = "../../../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod targets;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// The files of `fuzz/<kind>/<target>/`, sorted; none when it is missing.
fn files(kind: &str, target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = fuzz_dir().join(kind).join(target);
    let Ok(listing) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = listing.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    paths
        .into_iter()
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read a fuzz input");
            (p.display().to_string(), bytes)
        })
        .collect()
}

/// A fixed-seed xorshift generator: the same mutants on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Fragments that parsers treat specially, spliced into mutants the way
/// libFuzzer's dictionary would.
const TOKENS: &[&[u8]] = &[
    b"<div>",
    b"</div>",
    b"<p>",
    b"<script>",
    b"</script>",
    b"<!--",
    b"-->",
    b"<![CDATA[",
    b"]]>",
    b"&",
    b"&amp;",
    b"&#x10FFFF;",
    b"&#0;",
    b"&lol;",
    b"<!DOCTYPE x [<!ENTITY a \"&b;&b;\">]>",
    b"<item>",
    b"</item>",
    b"<entry>",
    b"<feed>",
    b"<rss>",
    b"{\"text\":\"",
    b"\"}",
    b"\n",
    b"\r\n",
    b"\\u0000",
    b"\\ud800",
    b"%",
    b"%zz",
    b"%C4%81",
    b"+",
    b"=",
    b"&limit=",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xC0\xAF",
    b"\xE2\x80",
    b"\x00",
    b"1,000",
    b"twenty-",
    b"hundred and",
    b"million",
    b" on Monday",
    b"2019-02-29",
    b"[[cue]]",
    b"[[actor]]",
    b"aliases = [",
    b"\"\"\"",
    b"]",
    b"killed",
    b"Kabul",
    b"Taliban",
];

/// One mutant of `seeds`: a handful of byte flips, insertions, deletions,
/// token splices and crossovers.
fn mutate(rng: &mut Rng, seeds: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut data = match seeds.get(rng.below(seeds.len())) {
        Some((_, bytes)) => bytes.clone(),
        None => Vec::new(),
    };
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(data.len() + 1);
        match rng.below(6) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 => data.insert(at, rng.next() as u8),
            2 if !data.is_empty() => {
                let end = (at + rng.below(64)).min(data.len());
                data.drain(at..end);
            }
            3 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                let times = 1 + rng.below(4);
                for _ in 0..times {
                    data.splice(at..at, token.iter().copied());
                }
            }
            4 if !seeds.is_empty() => {
                let other = &seeds[rng.below(seeds.len())].1;
                let from = rng.below(other.len() + 1);
                let to = (from + rng.below(256)).min(other.len());
                data.splice(at..at, other[from..to].iter().copied());
            }
            _ if !data.is_empty() => {
                let end = (at + rng.below(32)).min(data.len());
                let copy = data[at..end].to_vec();
                data.splice(at..at, copy);
            }
            _ => data.push(rng.next() as u8),
        }
    }
    data
}

/// Replays the regressions and seeds of `target`, then `mutants` inputs
/// mutated from them; a panic fails the test naming the input.
fn run(target: &str, mutants: usize, body: &dyn Fn(&[u8])) {
    let regressions = files("regressions", target);
    let seeds = files("seeds", target);
    assert!(!seeds.is_empty(), "fuzz/seeds/{target} holds no seeds");
    let mut pool: Vec<(String, Vec<u8>)> = regressions.iter().chain(&seeds).cloned().collect();
    let mut rng = Rng(0x5EED_0000_0000_0001 ^ (target.len() as u64 * 0x9E37_79B9));
    for i in 0..mutants {
        let data = mutate(&mut rng, &pool);
        pool.push((format!("mutant {i}"), data));
    }
    for (name, data) in &pool {
        if catch_unwind(AssertUnwindSafe(|| body(data))).is_err() {
            panic!(
                "fuzz target {target} panicked on {name} ({} bytes): {:?}",
                data.len(),
                String::from_utf8_lossy(&data[..data.len().min(400)])
            );
        }
    }
}

#[test]
fn text_pipeline() {
    let knowledge = Knowledge::embedded().expect("embedded knowledge");
    run("text_pipeline", 150, &|d| {
        targets::text_pipeline(&knowledge, d)
    });
}

#[test]
fn html() {
    run("html", 600, &targets::html);
}

#[test]
fn feed() {
    run("feed", 600, &targets::feed);
}

#[test]
fn jsonl() {
    run("jsonl", 600, &targets::jsonl);
}

#[test]
fn numbers_dates() {
    run("numbers_dates", 1500, &targets::numbers_dates);
}

#[test]
fn dictionary() {
    run("dictionary", 200, &targets::dictionary);
}

#[test]
fn query_params() {
    run("query_params", 3000, &targets::query_params);
}
