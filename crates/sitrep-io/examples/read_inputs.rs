//! Reads the paths given on the command line (`-` for stdin) the way
//! `sitrep extract` will, and prints one line per item: a document's id,
//! size, title and date, or a problem or warning. Exits 1 if any input had
//! a problem. Used to check behaviour and measure time and memory on
//! hostile inputs (`/usr/bin/time -v`).

use std::process::ExitCode;

use sitrep_io::{Input, Item, ReadOptions, read_inputs};

fn main() -> ExitCode {
    let inputs: Vec<Input> = std::env::args()
        .skip(1)
        .map(|a| Input::from_arg(&a))
        .collect();
    // `SHOW_TEXT=1` also prints each document's text, to eyeball extraction.
    let show_text = std::env::var_os("SHOW_TEXT").is_some();
    let mut problems = 0usize;
    for item in read_inputs(&inputs, &ReadOptions::default()) {
        match item {
            Item::Document(d) => {
                println!(
                    "document {} ({} bytes) title={:?} published={:?} url={:?} source={:?}",
                    d.id,
                    d.text.len(),
                    d.title,
                    d.published.map(|p| p.to_string()),
                    d.url,
                    d.source
                );
                if show_text {
                    println!("{}\n---", d.text);
                }
            }
            Item::Problem(p) => {
                problems += 1;
                eprintln!("error: {p}");
            }
            Item::Warning(p) => eprintln!("warning: {p}"),
        }
    }
    if problems == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
