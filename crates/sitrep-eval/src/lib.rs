//! sitrep's measuring instrument: how coded output compares with what a
//! careful human coder expects.
//!
//! It works on the `sitrep extract` JSON records (the public contract), not
//! on the coder's internals, so it measures exactly what users get.
//!
//! - [`seed`]: the seed article's gold file (`isis-k-ghor-2018.gold.json`):
//!   required events, forbidden events, the event limit and required claims,
//!   matched by the rules in the file's `about` field.

pub mod seed;
