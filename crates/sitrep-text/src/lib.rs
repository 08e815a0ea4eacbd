//! sitrep's first analysis stage: it turns a report's raw text into
//! normalised text, paragraphs, sentences, tokens and quantities, every one of
//! them a byte range that can be mapped back to the original document.
//!
//! - [`Normalized`] rewrites typographic quotes, dashes, ellipses, exotic
//!   spaces, zero-width characters, full-width forms and ligatures to ASCII
//!   and keeps a sparse alignment to the original bytes.
//! - [`sentences`] and [`paragraphs`] split (normalised) text with a
//!   rule-based splitter that knows news abbreviations ("U.S.", "Gen.",
//!   "Feb. 5"), initials, decimals, ellipses, closing quotes and headlines.
//! - [`tokenize`] yields words, numbers and punctuation with offsets;
//!   [`is_word_boundary`] tells dictionary matchers whether a match is a
//!   whole word.
//! - [`find_quantities`], [`parse_number`] and [`find_changes`] read the
//!   figures news reports give ("at least twelve", "dozens", "1,000-2,000",
//!   "up to 60,000", "tripled") the way ACLED codes them.
//!
//! What it deliberately does not do: no I/O, no global state, no dictionaries
//! of actors or places, no dates (that is `sitrep-dates`), no decision about
//! what a number counts (fatalities or fighters is the coder's call), no
//! part-of-speech tagging, and no language other than English for sentence
//! rules and number words (other scripts pass through untouched).
//!
//! Invariants:
//! - Nothing here panics on any `&str` input, including out-of-range or
//!   mid-character offsets, which are clamped to character boundaries.
//! - Every returned range lies on character boundaries of the text it was
//!   computed on; sentence and paragraph ranges are never empty and come in
//!   order; quantities and changes never overlap.
//! - Offsets from the analysis functions index the text they were given
//!   (usually [`Normalized::text`]); [`Normalized::to_original`] maps them to
//!   [`sitrep_model::Document::text`], which is what spans in events must
//!   index.
//! - Same input, same output: no hashing, no randomness.

mod abbrev;
mod normalize;
mod numbers;
mod segment;
mod token;
mod util;

pub use normalize::Normalized;
pub use numbers::{
    Change, Qualifier, Quantity, find_changes, find_quantities, find_quantities_in, parse_number,
};
pub use segment::{MAX_SENTENCE_BYTES, paragraphs, sentences, sentences_with_cuts};
pub use token::{Token, TokenKind, is_word_boundary, is_word_char, tokenize};
