//! Helpers shared by the store's integration tests: the coder's knowledge,
//! the corpora, and stores in temporary directories.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use sitrep_coding::Knowledge;
use sitrep_io::{Format, Item, ReadOptions, read_stream};
use sitrep_model::Document;

/// The embedded dictionaries, built once per test binary: building them
/// takes seconds in a debug build, and they are immutable.
pub fn knowledge() -> &'static Knowledge {
    static K: OnceLock<Knowledge> = OnceLock::new();
    K.get_or_init(|| Knowledge::embedded().expect("the embedded dictionaries load"))
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn demo(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/demo")
        .join(name)
}

/// The documents of a JSON Lines file, in file order.
pub fn read_jsonl(path: &Path) -> Vec<Document> {
    let bytes = std::fs::read(path).expect("fixture readable");
    let opts = ReadOptions {
        format: Some(Format::JsonLines),
        ..ReadOptions::default()
    };
    read_stream(
        &path.display().to_string(),
        std::io::Cursor::new(bytes),
        &opts,
    )
    .filter_map(|item| match item {
        Item::Document(d) => Some(d),
        _ => None,
    })
    .collect()
}

/// The seed article of the demo, as `sitrep demo` reads it.
pub fn seed_article() -> Document {
    let text = std::fs::read_to_string(demo("isis-k-ghor-2018.txt")).expect("seed article");
    let mut doc = Document::new("data/demo/isis-k-ghor-2018.txt", text);
    doc.published = "2018-03-28".parse().ok();
    doc
}

/// The three reports of the Kabul ambulance bombing of 27 January 2018.
pub fn kabul_reports() -> Vec<Document> {
    read_jsonl(&fixture("kabul-ambulance-2018.jsonl"))
}

/// A corpus with many incidents: the seed article, the Kabul reports and
/// the first `n` Wikipedia incident descriptions of the demo.
pub fn corpus(n: usize) -> Vec<Document> {
    let mut docs = vec![seed_article()];
    docs.extend(kabul_reports());
    docs.extend(
        read_jsonl(&demo("wikipedia-afghanistan.jsonl"))
            .into_iter()
            .take(n),
    );
    docs
}
