//! `sitrep explain`: how the coder reads one document (a developer tool).

use std::process::ExitCode;

use anyhow::{Context, Result};
use sitrep_coding::Knowledge;
use sitrep_io::{Input, Item, ReadOptions, read_inputs};
use sitrep_model::Date;

#[derive(clap::Args)]
pub struct Args {
    /// Publication date (YYYY-MM-DD).
    #[arg(long)]
    published: Option<Date>,
    /// A file, or - for standard input.
    input: String,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let knowledge = Knowledge::embedded().context("loading the built-in dictionaries")?;
    for item in read_inputs(&[Input::from_arg(&args.input)], &ReadOptions::default()) {
        match item {
            Item::Document(mut doc) => {
                crate::extract::fill_published(&mut doc, args.published, &mut |w| {
                    eprintln!("sitrep: warning: {w}")
                });
                crate::print_out(&format!(
                    "== {}\n{}",
                    doc.id,
                    sitrep_coding::explain(&knowledge, &doc)
                ))?;
            }
            Item::Problem(p) => eprintln!("sitrep: {p}"),
            Item::Warning(w) => eprintln!("sitrep: warning: {w}"),
        }
    }
    Ok(ExitCode::SUCCESS)
}
