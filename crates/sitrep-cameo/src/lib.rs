//! sitrep speaks CAMEO: it loads the field's PETRARCH/Phoenix dictionaries
//! as they are and codes sentences with them, the way PETRARCH does, with
//! sitrep's own sentence analysis instead of a constituency parse.
//!
//! - [`CameoDictionaries::load`] reads the four kinds of file: verbs
//!   (`CAMEO.2.0.txt`: verb blocks, `{}` irregular forms, `&SYNSET`s,
//!   patterns with `$` `+` `^` `%` slots and `_` joins, `[a:b]` paired and
//!   `[---]` null codes), actors (`Phoenix.*.actors.txt`: `+` synonyms,
//!   date-restricted codes), agents (`Phoenix.agents.txt`: `[~GOV]`
//!   suffixes, `[NGO~]` prefixes, `!PERSON!` substitution sets) and
//!   discards. Every line is read or reported with its file and line
//!   ([`DictionaryIssue`]).
//! - [`code_text`] and [`code_document`] return [`Coding`]s — source and
//!   target actor codes (agents applied: "Iraqi president" → `IRQGOV`),
//!   the event code of the best-matching verb pattern — with byte spans of
//!   the sentence, verb, source and target, and the words that matched.
//! - [`AcledActors`] maps Phoenix actor codes onto sitrep's ACLED-style
//!   actors (`AFGREB` → Taliban) through the actor dictionary's `cameo`
//!   field and a small derived table.
//!
//! What it deliberately does not do: read files (callers pass contents),
//! parse syntax (the coder reads verbs, noun phrases and clauses from the
//! dictionaries and function-word lists; see `sentence.rs`), resolve
//! pronouns, or decide ACLED event types (that is `sitrep-coding`'s job;
//! the binary attaches codings to its events).
//!
//! Invariants:
//! - Loading never fails and never panics: a malformed line is skipped or
//!   read with a guess, and reported.
//! - Coding is pure and deterministic: no I/O, no globals, no iteration of
//!   a hash map into a result; the compiled dictionaries are one immutable
//!   value built once and passed explicitly.
//! - Every span indexes the text given to [`code_text`] (for
//!   [`code_document`], [`sitrep_model::Document::text`]) on character
//!   boundaries; analysis runs on normalised text and maps back.
//! - Lookups are token-anchored: each token is looked up once in hash maps
//!   of actor, agent and verb first words, and a verb's patterns are only
//!   tried when every literal word they need occurs in the sentence.

mod acled;
mod actors;
mod agents;
mod coder;
mod codes;
mod dictionaries;
mod discards;
mod issue;
mod lines;
mod pattern;
mod sentence;
mod text;
mod verbs;
mod words;

pub use acled::{AcledActors, CAMEO_COUNTRIES, CAMEO_TABLE};
pub use coder::{
    CodedText, CoderOptions, Coding, CommaOptions, DiscardHit, PatternRef, code_document,
    code_text, explain,
};
pub use codes::{ActorCode, EventCode};
pub use dictionaries::{CameoDictionaries, DictionarySource, DictionaryStats, Loaded};
pub use issue::DictionaryIssue;
