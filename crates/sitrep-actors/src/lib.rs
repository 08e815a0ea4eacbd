//! sitrep's actor dictionary: who the actors in a report are, the way ACLED
//! names them.
//!
//! The dictionary is data that analysts edit (`data/lexicon/*.toml`, embedded
//! at compile time):
//!
//! - `actors.toml`: named actors ("Taliban", "Islamic State Khorasan
//!   Province", "Military Forces of Afghanistan ({regime})") with their ACLED
//!   `inter` code, country, validity dates, Phoenix/CAMEO actor code and
//!   aliases. An alias may be scoped to countries ("coalition forces" is NATO
//!   in Afghanistan and the anti-IS coalition in Iraq).
//! - `demonyms.toml`: for every country, its ACLED name and the words that
//!   point to it ("Afghan", "Afghans", "Afghanistan", "U.S.").
//! - `regimes.toml`: the periods whose years ACLED writes into state actors'
//!   names ("(2004-2021)", "(2021-)").
//! - `roles.toml`: generic actors: role nouns ("soldiers", "gunmen",
//!   "villagers") and the name each becomes ("Civilians ({country})").
//!
//! [`ActorDictionary`] compiles those files once into one immutable value
//! (`Send + Sync`, share it behind an `Arc`) holding one Aho-Corasick
//! automaton for every surface form. [`ActorDictionary::find`] reports
//! mentions with byte spans; [`ActorDictionary::resolve_named`] and
//! [`ActorDictionary::generic`] turn them into [`sitrep_model::ActorRef`]s
//! for an event's date and country.
//!
//! Matching rules, in short (details in `matcher.rs` and the file headers):
//! - aliases match ASCII-case-insensitively, except their all-capital words
//!   of two or more letters ("ANA", "ISIS" in "ISIS-K"), which must match
//!   exactly; an alias may ask for `case = "exact"` ("Marines", "LeT");
//! - one- and two-letter acronyms ("IS", "UN", "JI") count only next to a
//!   word listed in `[context]` ("IS fighters", "claimed by IS", "the UN
//!   said") and never inside a run of capitals ("IT IS");
//! - a match must start and end on word boundaries, and a negating prefix
//!   joined by a hyphen voids it ("anti-Taliban", "pro-government");
//! - hyphens and spaces are the same on both sides ("Jaish al-Adl" =
//!   "Jaish al Adl" = "Jaish-al-Adl"), and an alias written with accents
//!   also matches without them ("Séléka" = "Seleka");
//! - named wins over generic; a role noun right after a named actor joins
//!   it ("Taliban fighters"); two role nouns in a row are one group ("rebel
//!   fighters", "child soldiers"); a singular role noun before a noun it
//!   describes is marked `modifier` ("police station", "terrorist attack").
//!
//! Resolution rules, in short (details in `resolve.rs`): the event date
//! picks among entries sharing an alias; an alias scoped to the report's
//! country beats an unscoped one, so a family's branches take its names
//! where they operate (`inherit`: "ISIS" in Libya is the Libya Province)
//! and the unscoped entry keeps them everywhere else. With no country at
//! all, a scoped alias that can name only one actor is still read, unless
//! the dictionary marks it `strict` ("regime forces", "AFP").
//!
//! What it deliberately does not do: it reads no files (the caller hands in
//! file contents, or uses the embedded copy), keeps no global state, does not
//! split sentences, resolve pronouns or decide which mention is an event's
//! actor1 — that is the coder's job. It does not normalise text either: it
//! expects text whose quotes and dashes are already ASCII, as sitrep's text
//! stage produces.
//!
//! Invariants:
//! - Every span is a byte range into the text given to `find`, on UTF-8
//!   character boundaries, and mentions come out sorted by start, never
//!   overlapping.
//! - Same text + same dictionary = same mentions; nothing iterates a hash map
//!   into a result.
//! - A named group never vanishes for want of a country: every alias that
//!   resolves in some country resolves with no country too, unless it is
//!   ambiguous there or marked `strict` (tested in `tests.rs`).
//! - No input panics: malformed dictionaries are errors naming file, line and
//!   column; odd text yields fewer mentions, never a crash.

mod compile;
mod error;
mod matcher;
mod resolve;
mod spec;
mod template;

use std::fmt;

use serde::{Deserialize, Serialize};
use sitrep_model::{ActorRef, ActorType, CountryCode, Date};

pub use error::ActorsError;

use compile::Compiled;

/// The dictionary files shipped with sitrep, in the order they are compiled.
pub const EMBEDDED_SOURCES: &[(&str, &str)] = &[
    (
        "data/lexicon/demonyms.toml",
        include_str!("../../../data/lexicon/demonyms.toml"),
    ),
    (
        "data/lexicon/regimes.toml",
        include_str!("../../../data/lexicon/regimes.toml"),
    ),
    (
        "data/lexicon/roles.toml",
        include_str!("../../../data/lexicon/roles.toml"),
    ),
    (
        "data/lexicon/actors.toml",
        include_str!("../../../data/lexicon/actors.toml"),
    ),
];

/// The index of a named actor in its dictionary. Only meaningful for the
/// dictionary that produced it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActorId(u32);

impl ActorId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One entry a named mention may refer to, with the alias that matched.
///
/// The alias is kept because scope belongs to an alias, not to the actor:
/// "Daesh" names Islamic State Khorasan Province only in Afghanistan, while
/// "ISKP" names it everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Candidate {
    pub actor: ActorId,
    /// Index into [`ActorEntry::aliases`].
    pub alias: u32,
}

/// Generic actors: what a role noun ("soldiers", "gunmen") makes of a
/// mention when no named actor is there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Soldiers, troops, the army: "Military Forces of X (years)", inter 1.
    Military,
    /// Police, gendarmes: "Police Forces of X (years)", inter 1.
    Police,
    /// "The government", "authorities": "Government of X (years)", inter 1.
    Government,
    /// Gunmen, militants, insurgents: "Unidentified Armed Group (X)". ACLED
    /// codes these as political militias (inter 3), not rebels.
    UnidentifiedArmedGroup,
    /// Tribesmen, clan or ethnic militias: "Unidentified Communal Militia
    /// (X)", inter 4.
    CommunalMilitia,
    /// Villagers, passengers, worshippers: "Civilians (X)", inter 7.
    Civilians,
    /// Politicians, judges, governors, clerics: civilians to ACLED (inter 7),
    /// kept apart because attacks on officials are often coded differently.
    Officials,
    /// Protesters, demonstrators: "Protesters (X)", inter 6.
    Protesters,
    /// Rioters, mobs: "Rioters (X)", inter 5.
    Rioters,
}

impl Role {
    pub const ALL: &'static [Role] = &[
        Role::Military,
        Role::Police,
        Role::Government,
        Role::UnidentifiedArmedGroup,
        Role::CommunalMilitia,
        Role::Civilians,
        Role::Officials,
        Role::Protesters,
        Role::Rioters,
    ];

    /// The spelling used in `roles.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Military => "military",
            Role::Police => "police",
            Role::Government => "government",
            Role::UnidentifiedArmedGroup => "unidentified_armed_group",
            Role::CommunalMilitia => "communal_militia",
            Role::Civilians => "civilians",
            Role::Officials => "officials",
            Role::Protesters => "protesters",
            Role::Rioters => "rioters",
        }
    }

    /// Whether the role carries arms, so a role noun right after a named
    /// actor ("Taliban fighters", "ANA soldiers") belongs to that actor.
    pub fn is_armed(self) -> bool {
        matches!(
            self,
            Role::Military | Role::Police | Role::UnidentifiedArmedGroup | Role::CommunalMilitia
        )
    }

    fn slot(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a mention refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MentionKind {
    /// A dictionary entry. All entries sharing the matched alias are listed
    /// ("Taliban" is the Taliban before 15 August 2021 and Afghanistan's
    /// state forces after); [`ActorDictionary::resolve_named`] picks one by
    /// date and country.
    Named { candidates: Vec<Candidate> },
    /// A role noun, with the country modifier before it if there was one
    /// ("Pakistani soldiers" → Military, PK; "gunmen" → unidentified armed
    /// group, no country).
    Generic {
        role: Role,
        country: Option<CountryCode>,
        plural: bool,
        /// The modifier said "government" rather than a country ("the
        /// government's security forces"): the country is the report's focus
        /// country, which only the caller knows.
        government: bool,
        /// The role noun describes the noun right after it instead of naming
        /// an actor: "police station", "military base", "terrorist attack",
        /// "civilian casualties" (nouns listed as `modified_nouns` in
        /// `roles.toml`). The mention still says whose station or what kind
        /// of attack, which may make it an event's target or attacker, but
        /// it is not a reference to people doing something; the coder
        /// decides.
        modifier: bool,
    },
}

/// A mention of an actor: a byte span of the searched text and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorMention {
    pub start: usize,
    pub end: usize,
    pub kind: MentionKind,
}

/// How an alias's letter case must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseRule {
    /// ASCII case-insensitive, except that the alias's all-capital words of
    /// two or more letters ("ANA", "ISIS" in "ISIS-K") must match exactly, so
    /// "Ana" the person or "it is" never match. The default.
    Acronyms,
    /// As written, byte for byte ("Marines" but not "marines").
    Exact,
    /// ASCII case-insensitive throughout.
    Any,
}

/// A surface form of a named actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    pub text: String,
    /// Countries in which the alias names this actor; empty = everywhere.
    pub scope: Vec<CountryCode>,
    pub case: CaseRule,
    /// Whether the alias counts only next to a word that makes it an actor
    /// (see `[context]` in `roles.toml`).
    pub needs_context: bool,
    /// Whether a scoped alias is only ever read inside its scope. A scoped
    /// alias that is not strict may still name its actor when the report's
    /// country is unknown and no other reading exists ("ELN" with no
    /// country in the text is still the ELN); a strict one ("regime forces",
    /// "Tigers") never is.
    pub strict: bool,
}

/// A Phoenix-style actor code: a three-letter country or body followed by
/// three-letter role or attribute codes ("AFGREB", "USAMIL", "IMGMUSISI").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct PhoenixActorCode(String);

impl PhoenixActorCode {
    /// Accepts 3 to 15 upper-case ASCII letters or digits in groups of three.
    pub fn new(code: &str) -> Option<PhoenixActorCode> {
        let ok = (3..=15).contains(&code.len())
            && code.len().is_multiple_of(3)
            && code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        ok.then(|| PhoenixActorCode(code.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where an entry was written, for messages about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLocation {
    pub file: String,
    pub line: usize,
}

/// A named actor as the dictionary holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorEntry {
    /// ACLED's name, possibly a template: `{regime}` (the years of the
    /// entry's country's government on the event date), `{country}`,
    /// `{the_country}` (the entry's country), `{focus}` (the report's
    /// country).
    pub name: String,
    pub inter: ActorType,
    pub country: Option<CountryCode>,
    /// First day the entry applies, inclusive.
    pub valid_from: Option<Date>,
    /// Last day the entry applies, inclusive.
    pub valid_until: Option<Date>,
    pub cameo: Option<PhoenixActorCode>,
    /// The entry's own aliases, then those it inherits (`inherit` in
    /// `actors.toml`), scoped to the inheriting countries.
    pub aliases: Vec<Alias>,
    pub location: SourceLocation,
}

impl ActorEntry {
    /// Whether the entry applies on `date`.
    pub fn is_valid_on(&self, date: Date) -> bool {
        self.valid_from.is_none_or(|from| from <= date)
            && self.valid_until.is_none_or(|until| date <= until)
    }
}

/// Sizes of a compiled dictionary, for reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    pub named_actors: usize,
    pub aliases: usize,
    pub countries: usize,
    pub demonym_forms: usize,
    pub regimes: usize,
    pub regime_countries: usize,
    pub role_nouns: usize,
    /// Distinct strings in the automaton.
    pub patterns: usize,
}

/// The compiled actor dictionary: immutable, `Send + Sync`, built once and
/// passed to whoever needs it.
#[derive(Debug)]
pub struct ActorDictionary {
    inner: Compiled,
}

impl ActorDictionary {
    /// The dictionary shipped with sitrep ([`EMBEDDED_SOURCES`]).
    pub fn embedded() -> Result<ActorDictionary, ActorsError> {
        ActorDictionary::from_sources(EMBEDDED_SOURCES)
    }

    /// Compiles dictionary files given as `(file name, content)`. The name is
    /// only used in error messages; any file may hold any section.
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<ActorDictionary, ActorsError> {
        compile::compile(sources).map(|inner| ActorDictionary { inner })
    }

    /// Actor mentions in `text`, sorted by start and never overlapping:
    /// leftmost-longest among the dictionary's surface forms, on word
    /// boundaries; named actors win over generic role nouns when they
    /// overlap.
    pub fn find(&self, text: &str) -> Vec<ActorMention> {
        self.inner.find(text)
    }

    /// Country mentions: demonyms, nationals and short country names
    /// ("Afghan", "Pakistanis", "U.S.", "Iraq's"), as `(start, end,
    /// country)`, leftmost-longest, sorted by start.
    pub fn find_demonyms(&self, text: &str) -> Vec<(usize, usize, CountryCode)> {
        self.inner.find_demonyms(text)
    }

    /// [`ActorDictionary::find`] and [`ActorDictionary::find_demonyms`]
    /// together, from one pass of the automaton over the text: what a
    /// coder wants, at the cost of one.
    pub fn find_with_demonyms(
        &self,
        text: &str,
    ) -> (Vec<ActorMention>, Vec<(usize, usize, CountryCode)>) {
        self.inner.find_with_demonyms(text)
    }

    /// The entry behind an id; `None` only for an id from another
    /// dictionary.
    pub fn entry(&self, id: ActorId) -> Option<&ActorEntry> {
        self.inner.entries.get(id.index())
    }

    /// All named entries, in file order.
    pub fn entries(&self) -> impl Iterator<Item = (ActorId, &ActorEntry)> {
        self.inner
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (ActorId(i as u32), e))
    }

    /// The actor a named mention refers to on `date` in a report about
    /// `focus`.
    ///
    /// Candidates outside their validity dates, and candidates whose alias is
    /// scoped to other countries (or scoped at all when `focus` is unknown),
    /// are dropped. Among the rest an alias scoped to `focus` beats an
    /// unscoped one, then an entry of the focus country beats others, then
    /// file order decides. When `focus` is unknown and nothing is left, a
    /// scoped, non-strict alias that names a single entry on `date` is read
    /// as that entry ("ELN" in a text that never says Colombia). State forces outside their own country become
    /// External/Other forces (inter 8), as ACLED codes US forces in
    /// Afghanistan.
    pub fn resolve_named(
        &self,
        candidates: &[Candidate],
        date: Date,
        focus: Option<CountryCode>,
    ) -> Option<ActorRef> {
        self.inner.resolve_named(candidates, date, focus)
    }

    /// The generic actor for a role: "Civilians (Afghanistan)",
    /// "Unidentified Armed Group (Pakistan)", "Military Forces of
    /// Afghanistan (2004-2021)".
    ///
    /// The country's ACLED name from `demonyms.toml` is used when the
    /// dictionary knows the country (ACLED's spelling, and whether it takes
    /// "the"); otherwise `country_name`, the caller's display name. Parts of
    /// the name that cannot be filled (no country, no regime on that date)
    /// are left out: "Civilians", "Military Forces of Chile". The ActorRef's
    /// inter is the role's; applying the abroad rule is [`code_abroad`]'s
    /// job, since only the caller knows where the event happened.
    pub fn generic(
        &self,
        role: Role,
        country: Option<CountryCode>,
        country_name: Option<&str>,
        date: Date,
    ) -> ActorRef {
        self.inner.generic(role, country, country_name, date)
    }

    /// The label of `country`'s regime on `date` ("2004-2021"), if known.
    pub fn regime(&self, country: CountryCode, date: Date) -> Option<&str> {
        self.inner.regime_label(country, date)
    }

    /// The ACLED name of a country the dictionary knows ("Afghanistan").
    pub fn country_name(&self, country: CountryCode) -> Option<&str> {
        self.inner.country(country).map(|c| c.name.as_str())
    }

    /// Sizes, for reports.
    pub fn stats(&self) -> Stats {
        self.inner.stats
    }
}

/// ACLED's abroad rule: state forces acting outside their own country are
/// External/Other forces (inter 8). Other actor types are unchanged.
pub fn code_abroad(mut actor: ActorRef, focus: Option<CountryCode>) -> ActorRef {
    if actor.inter == ActorType::StateForces
        && let (Some(own), Some(focus)) = (actor.country, focus)
        && own != focus
    {
        actor.inter = ActorType::ExternalOtherForces;
    }
    actor
}

#[cfg(test)]
mod tests;
