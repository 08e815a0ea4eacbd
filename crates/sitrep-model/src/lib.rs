//! sitrep's domain model: the nouns every other crate speaks.
//!
//! This crate sits at the bottom of the workspace and knows nothing about how
//! text is read, analysed or written. It defines:
//!
//! - [`Document`] and [`Span`]: a report and byte ranges into its original text;
//! - the field's codes as types ([`codes`]): ACLED event and sub-event types,
//!   disorder types, actor types (`inter` codes), geo and time precision,
//!   CAMEO codes and PLOVER categories;
//! - what the coder produces: [`Event`]s coded the way ACLED codes them and
//!   [`Claim`]s about actors (strength, relations, territorial control), each
//!   carrying the spans of its evidence;
//! - [`Diagnostic`]s, the non-fatal problems an analysis stage reports.
//!
//! *Architecture invariant*: every span in an [`Event`], [`Claim`] or mention
//! is a byte range into [`Document::text`], the text exactly as it was read
//! (after decoding to UTF-8), never into a normalised copy.

mod actor;
mod claim;
pub mod codes;
mod date;
mod diagnostic;
mod document;
mod event;
mod place;
mod span;

pub use actor::{ActorRef, CountryCode};
pub use claim::{Claim, ClaimBody, ClaimType, Relation};
pub use codes::{
    ActorType, CameoCode, DisorderType, EventType, GeoPrecision, PloverCategory, PloverMode,
    SubEventType, TimePrecision,
};
pub use date::{Date, EventDate};
pub use diagnostic::{Diagnostic, Severity};
pub use document::Document;
pub use event::Event;
pub use place::Place;
pub use span::Span;
