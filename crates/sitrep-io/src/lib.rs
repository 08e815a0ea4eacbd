//! sitrep's I/O edge: files, directories, stdin, HTML pages, JSON Lines and
//! RSS/Atom feeds in; a stream of [`Document`]s out, with a [`InputProblem`]
//! for every input that could not be read ([`input`]). Coded events and
//! claims out as JSON Lines or ACLED-shaped CSV, the `sitrep extract`
//! contract ([`output`]). Incidents out of the store as ACLED CSV, PLOVER
//! JSON Lines, GeoJSON or Parquet ([`export`]). Feeds fetched over HTTP(S)
//! with size, time and redirect limits, polled with backoff (`fetch`, behind
//! the `fetch` feature).
//!
//! [`read_inputs`] takes the paths `sitrep extract` was given and yields
//! [`Item`]s lazily: a document, a problem (the input, or part of it, was
//! not read: missing, unreadable, binary, oversized, a malformed JSON line
//! or feed) or a warning (read, but something was guessed or skipped: an
//! encoding, a bad date, an empty file). A caller exits non-zero if any
//! problem was seen; one bad input never stops the others.
//!
//! What it deliberately does not do: fill in missing publication dates from
//! the text or the path (the binary does that), analyse text, or decide when
//! to fetch (the `watch` loop in the binary does; `fetch` only fetches what
//! it is asked to). It never prints.
//!
//! *Invariants*
//! - Never panics and never recurses on input structure: HTML goes through
//!   html5ever's tokenizer with our own capped element stack, feeds through
//!   quick-xml's pull parser with a capped stack and no DTD entity
//!   expansion, JSON-LD and JSON Lines through serde_json's depth limit.
//! - Memory is bounded by [`ReadOptions`], not by the input: whole-file
//!   reads stop at the limit (`Read::take`), JSON Lines are read line by
//!   line and an overlong line is skipped without being buffered, and
//!   directories are listed one at a time.
//! - Output order is deterministic: inputs as given, directory entries in
//!   sorted order, records in file order.
//! - [`Document::text`] of a text file is the file's text byte for byte
//!   (after decoding to UTF-8); extracted HTML text contains no markup.
//!
//! [`Document`]: sitrep_model::Document
//! [`Document::text`]: sitrep_model::Document::text

pub mod export;
#[cfg(feature = "fetch")]
pub mod fetch;
pub mod input;
mod json;
pub mod output;

pub use input::{Format, Input, InputProblem, Item, Items, ReadOptions, read_inputs, read_stream};
