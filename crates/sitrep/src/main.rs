//! The `sitrep` command line: the thin top of the workspace.
//!
//! It parses arguments, builds the [`Knowledge`] once, and wires the I/O edge
//! (`sitrep-io`) to the coder (`sitrep-coding`) and the store
//! (`sitrep-store`). Everything it prints for a
//! user is a sentence that says what went wrong and where; library errors
//! become `anyhow` errors only here.
//!
//! Exit codes: 0 when every input was read; 1 when some input could not be
//! read (the rest is still coded); 2 for a usage error or when sitrep
//! itself cannot start (for example a broken built-in dictionary).

mod cameo;
mod demo;
mod eval;
mod explain;
mod extract;
mod parallel;
mod places;
mod queue;
mod serve;
mod store_cmds;
mod watch;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

// mimalloc instead of the system allocator: the coder allocates many small,
// short-lived vectors per sentence, and mimalloc's thread-local free lists
// take 12% off the instructions of `extract` (BENCH.md, fourth pass).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Print every place a report names, resolved to the gazetteer (name, kind, country, coordinates), one JSON object per line.
    Places(places::Args),
    /// Ingest the bundled demo corpus (the seed article and Wikipedia's Afghan incidents) into a store and print a summary.
    Demo(demo::Args),
    /// Code reports and merge their events into incidents in a store (default ./sitrep.db).
    Ingest(store_cmds::IngestArgs),
    /// Publish reports to a NATS JetStream work queue for `sitrep worker` processes to code.
    Enqueue(queue::EnqueueArgs),
    /// Code reports from a NATS JetStream work queue into a store (run several; they merge in queue order).
    Worker(queue::WorkerArgs),
    /// List the store's incidents (one row per incident), filtered.
    Events(store_cmds::EventsArgs),
    /// List the store's actors with their event counts.
    Actors(store_cmds::ActorsArgs),
    /// Show an actor's profile: events by month and province, strength claims, relations, territory.
    Actor(store_cmds::ActorArgs),
    /// Show one incident with every report and evidence span behind it.
    Incident(store_cmds::IncidentArgs),
    /// Export the store's incidents as ACLED CSV, PLOVER JSON Lines, GeoJSON or Parquet.
    Export(store_cmds::ExportArgs),
    /// Poll RSS/Atom feeds listed in a file and ingest new items into the store.
    Watch(watch::Args),
    /// Serve the HTTP API and the dashboard over a store (loopback, read-only by default).
    Serve(serve::Args),
    /// Measure the coder on a labelled set (incidents, case2021, plover, seed, petrarch, geo or all) and list the worst misses.
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
        Command::Places(args) => places::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Ingest(args) => store_cmds::ingest(args),
        Command::Enqueue(args) => queue::enqueue(args),
        Command::Worker(args) => queue::worker(args),
        Command::Events(args) => store_cmds::events(args),
        Command::Actors(args) => store_cmds::actors(args),
        Command::Actor(args) => store_cmds::actor(args),
        Command::Incident(args) => store_cmds::incident(args),
        Command::Export(args) => store_cmds::export_cmd(args),
        Command::Watch(args) => watch::run(args),
        Command::Serve(args) => serve::run(args),
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
