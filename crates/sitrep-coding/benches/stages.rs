//! Criterion benchmarks of each stage of the coder, over the demo corpus
//! (`data/demo/wikipedia-afghanistan.jsonl`, 489 Wikipedia incident ledes).
//!
//! ```sh
//! cargo bench -p sitrep-coding --bench stages
//! ```
//!
//! Each benchmark runs one stage over the whole corpus, the way
//! [`code_document`] calls it, so the throughput criterion reports (bytes
//! of text per second) compares across stages. Whole-process figures
//! (reading, writing, threads, start-up) are `bench/run.sh`'s.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sitrep_coding::{Knowledge, code_document};
use sitrep_geo::GeoContext;
use sitrep_model::{Date, Document};

/// The demo corpus, normalised once, with each document's sentences.
struct Corpus {
    docs: Vec<Document>,
    /// Normalised text and sentence ranges of each document.
    norm: Vec<(String, Vec<std::ops::Range<usize>>)>,
    bytes: u64,
}

fn corpus() -> Corpus {
    let raw = include_str!("../../../data/demo/wikipedia-afghanistan.jsonl");
    let docs: Vec<Document> = raw
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("a JSON object per line");
            let mut doc = Document::new(
                v["id"].as_str().unwrap_or(""),
                v["text"].as_str().unwrap_or(""),
            );
            doc.published = v["published"].as_str().and_then(|d| d.parse::<Date>().ok());
            doc
        })
        .collect();
    let norm = docs
        .iter()
        .map(|d| {
            let text = sitrep_text::Normalized::new(&d.text).text().to_string();
            let sentences = sitrep_text::sentences(&text);
            (text, sentences)
        })
        .collect();
    let bytes = docs.iter().map(|d| d.text.len() as u64).sum();
    Corpus { docs, norm, bytes }
}

fn stages(c: &mut Criterion) {
    let k = Knowledge::embedded().expect("the embedded dictionaries build");
    let corpus = corpus();
    let mut g = c.benchmark_group("stage");
    g.throughput(Throughput::Bytes(corpus.bytes));
    g.sample_size(20);

    g.bench_function("segmentation", |b| {
        b.iter(|| {
            for doc in &corpus.docs {
                let norm = sitrep_text::Normalized::new(&doc.text);
                black_box(sitrep_text::sentences(norm.text()));
                black_box(sitrep_text::paragraphs(norm.text()));
            }
        })
    });
    g.bench_function("tokens", |b| {
        b.iter(|| {
            for (text, sentences) in &corpus.norm {
                for range in sentences {
                    black_box(sitrep_text::tokenize(text, range.clone()));
                }
            }
        })
    });
    let tokens: Vec<Vec<Vec<std::ops::Range<usize>>>> = corpus
        .norm
        .iter()
        .map(|(text, sentences)| {
            sentences
                .iter()
                .map(|r| {
                    sitrep_text::tokenize(text, r.clone())
                        .into_iter()
                        .map(|t| t.start..t.end)
                        .collect()
                })
                .collect()
        })
        .collect();
    g.bench_function("lexicon", |b| {
        b.iter(|| {
            for ((text, _), doc_tokens) in corpus.norm.iter().zip(&tokens) {
                for sentence in doc_tokens {
                    black_box(k.lexicon.find(text, sentence));
                }
            }
        })
    });
    g.bench_function("actors", |b| {
        b.iter(|| {
            for (text, _) in &corpus.norm {
                black_box(k.actors.find_with_demonyms(text));
            }
        })
    });
    g.bench_function("geoparsing", |b| {
        b.iter(|| {
            for (text, _) in &corpus.norm {
                let toponyms = k.gazetteer.find_toponyms(text);
                black_box(k.gazetteer.resolve(text, &toponyms, &GeoContext::default()));
            }
        })
    });
    g.bench_function("dates_numbers", |b| {
        b.iter(|| {
            for ((text, sentences), doc) in corpus.norm.iter().zip(&corpus.docs) {
                let published = doc.published.unwrap_or(Date::constant(2000, 1, 1));
                for range in sentences {
                    let slice = text.get(range.clone()).unwrap_or("");
                    black_box(sitrep_text::find_quantities(slice));
                    black_box(sitrep_dates::find_dates(slice, published));
                }
            }
        })
    });
    g.bench_function("event_coding", |b| {
        b.iter(|| {
            for doc in &corpus.docs {
                black_box(code_document(&k, doc));
            }
        })
    });
    g.finish();

    // Building the dictionaries is what start-up costs before the first
    // document; a few samples are enough at tens of milliseconds each.
    let mut g = c.benchmark_group("startup");
    g.sample_size(10);
    g.bench_function("knowledge", |b| {
        b.iter(|| black_box(Knowledge::embedded().expect("the embedded dictionaries build")))
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
