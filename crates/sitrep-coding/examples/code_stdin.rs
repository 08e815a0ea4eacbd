//! Codes JSON Lines documents from standard input and prints the extract
//! records: the coder without the binary, for quick measurement loops while
//! the rest of the workspace is being changed.
//!
//! `cargo run --release -p sitrep-coding --example code_stdin < docs.jsonl`

use std::io::{BufWriter, Read, Write};

use sitrep_coding::{Knowledge, code_document};
use sitrep_io::output::{OutputFormat, Writer};
use sitrep_io::{Format, Item, ReadOptions, read_stream};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let knowledge = Knowledge::embedded()?;
    let mut input = Vec::new();
    std::io::stdin().read_to_end(&mut input)?;
    let opts = ReadOptions {
        format: Some(Format::JsonLines),
        ..ReadOptions::default()
    };
    let out = BufWriter::new(std::io::stdout().lock());
    let mut writer = Writer::new(out, OutputFormat::Jsonl)?;
    for item in read_stream("<stdin>", std::io::Cursor::new(input), &opts) {
        match item {
            Item::Document(doc) => {
                let coded = code_document(&knowledge, &doc);
                writer.write(&doc, &coded.events, &coded.claims)?;
            }
            Item::Problem(p) | Item::Warning(p) => eprintln!("{p}"),
        }
    }
    writer.flush()?;
    std::io::stderr().flush()?;
    Ok(())
}
