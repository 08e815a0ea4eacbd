//! The `sitrep` command line: the thin top of the workspace.
//!
//! It parses arguments, builds the [`Knowledge`] once, and wires the I/O edge
//! (`sitrep-io`) to the coder (`sitrep-coding`). Everything it prints for a
//! user is a sentence that says what went wrong and where; library errors
//! become `anyhow` errors only here.
//!
//! Exit codes: 0 when every input was read; 1 when some input could not be
//! read (the rest is still coded); 2 for a usage error or when sitrep
//! itself cannot start (for example a broken built-in dictionary).

mod demo;
mod eval;
mod explain;
mod extract;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "sitrep",
    version,
    about = "Code news reports into ACLED-style conflict events and claims about actors, with evidence."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Code reports into events and claims, one JSON object per line (or ACLED CSV).
    Extract(extract::Args),
    /// Code the bundled demo corpus (the seed article and Wikipedia's Afghan incidents) and print a summary.
    Demo(demo::Args),
    /// Measure the coder on a labelled set (incidents, case2021, plover, seed or all) and list the worst misses.
    Eval(eval::Args),
    /// Show how the coder reads one document, sentence by sentence (for developers).
    #[command(hide = true)]
    Explain(explain::Args),
}

/// Writes text to standard output. A closed pipe (`sitrep demo | head`)
/// ends the output quietly instead of failing.
pub fn print_out(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Explain(args) => explain::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("sitrep: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
