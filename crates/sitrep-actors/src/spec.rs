//! The shapes of the dictionary files, as analysts write them.
//!
//! These structs only mirror the TOML; every rule that needs more than one
//! value (dates in order, known countries, placeholders, duplicates) is
//! checked in `compile`, which turns them into the runtime dictionary. Every
//! table rejects unknown keys, so a misspelt `alias =` is an error naming its
//! line instead of a silently ignored entry. Values that later checks may
//! reject are kept `Spanned` so those errors can name a line too.

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use toml::Spanned;

use crate::Role;

/// One dictionary file. Any file may hold any of the sections, so analysts
/// can split the dictionary as they like (`actors-sahel.toml`, ...).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SourceFile {
    #[serde(default)]
    pub actor: Vec<ActorSpec>,
    #[serde(default)]
    pub country: Vec<CountrySpec>,
    #[serde(default)]
    pub regime: Vec<RegimeSpec>,
    #[serde(default)]
    pub role: Vec<RoleSpec>,
    pub modifiers: Option<ModifiersSpec>,
    pub context: Option<ContextSpec>,
}

/// `[[actor]]`: a named actor.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ActorSpec {
    /// A handle other entries use to take this entry's aliases (`inherit`).
    pub id: Option<Spanned<String>>,
    pub name: Spanned<String>,
    pub inter: Spanned<u8>,
    pub country: Option<Spanned<String>>,
    pub aliases: Vec<Spanned<AliasSpec>>,
    pub valid_from: Option<Spanned<DateText>>,
    pub valid_until: Option<Spanned<DateText>>,
    pub cameo: Option<Spanned<String>>,
    /// Take another entry's aliases, scoped to some countries.
    pub inherit: Option<Spanned<InheritSpec>>,
    #[allow(dead_code)] // Kept for reviewers; the engine does not read it.
    pub notes: Option<String>,
}

/// `inherit = { from = "islamic-state", scope = ["LY"] }`: in reports about
/// these countries, every alias of the entry with that `id` names this entry
/// ("ISIS" in Libya is the Islamic State's Libya Province).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct InheritSpec {
    pub from: String,
    pub scope: Vec<String>,
}

/// An alias is a plain string, or a table when it needs a scope or a case or
/// context rule of its own.
#[derive(Debug)]
pub(crate) enum AliasSpec {
    Plain(String),
    Table(AliasTable),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AliasTable {
    pub text: String,
    /// Countries (ISO2) in which this alias names this actor; empty means
    /// everywhere.
    #[serde(default)]
    pub scope: Vec<String>,
    pub case: Option<CaseSpec>,
    /// Whether the alias only counts next to a word that makes it an actor
    /// ("IS fighters", "by IS").
    pub context: Option<bool>,
    /// Whether a scoped alias is never a guess outside its scope, even when
    /// the report's country is unknown ("regime forces", "Tigers").
    #[serde(default)]
    pub strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum CaseSpec {
    /// Byte for byte as written.
    Exact,
    /// ASCII case-insensitive, acronyms included.
    Any,
}

impl<'de> Deserialize<'de> for AliasSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<AliasSpec, D::Error> {
        struct AliasVisitor;

        impl<'de> Visitor<'de> for AliasVisitor {
            type Value = AliasSpec;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    r#"an alias: a string, or a table like { text = "...", scope = ["AF"] }"#,
                )
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<AliasSpec, E> {
                Ok(AliasSpec::Plain(v.to_string()))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<AliasSpec, A::Error> {
                AliasTable::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(AliasSpec::Table)
            }
        }

        d.deserialize_any(AliasVisitor)
    }
}

/// A date written as a quoted `"YYYY-MM-DD"` string. Parsing is left to
/// `compile` so a bad date is reported with its line.
#[derive(Debug)]
pub(crate) struct DateText(pub String);

impl<'de> Deserialize<'de> for DateText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<DateText, D::Error> {
        struct DateVisitor;

        impl<'de> Visitor<'de> for DateVisitor {
            type Value = DateText;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(r#"a date as a quoted string, like "2021-08-15""#)
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<DateText, E> {
                Ok(DateText(v.to_string()))
            }
        }

        d.deserialize_str(DateVisitor)
    }
}

/// `[[country]]`: a country's ACLED name and the words that point to it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CountrySpec {
    pub code: Spanned<String>,
    /// The country's name as ACLED spells it ("Democratic Republic of Congo").
    pub name: String,
    /// Whether the name takes "the" after "of" ("Military Forces of the
    /// United States").
    #[serde(default)]
    pub article: bool,
    /// Short names used as modifiers ("Pakistan army"); possessives
    /// ("Pakistan's") are added by the compiler.
    #[serde(default)]
    pub names: Vec<Spanned<String>>,
    /// Demonym adjectives ("Afghan", "Pakistani").
    #[serde(default)]
    pub adjectives: Vec<Spanned<String>>,
    /// Nouns for nationals, singular and plural ("Afghans", "Briton").
    #[serde(default)]
    pub nationals: Vec<Spanned<String>>,
}

/// `[[regime]]`: one period of a country's government, whose label ACLED
/// puts in state actors' names.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RegimeSpec {
    pub country: Spanned<String>,
    pub label: Spanned<String>,
    pub from: Option<Spanned<DateText>>,
    pub until: Option<Spanned<DateText>>,
    #[allow(dead_code)] // Kept for reviewers; the engine does not read it.
    pub notes: Option<String>,
}

/// `[[role]]`: a generic actor and the nouns that name it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RoleSpec {
    pub role: Spanned<Role>,
    pub name: Spanned<String>,
    pub inter: Spanned<u8>,
    #[serde(default)]
    pub plural: Vec<Spanned<String>>,
    #[serde(default)]
    pub singular: Vec<Spanned<String>>,
    /// Nouns too vague alone ("forces"): they count only after a country or
    /// government modifier.
    #[serde(default)]
    pub plural_with_modifier: Vec<Spanned<String>>,
    #[serde(default)]
    pub singular_with_modifier: Vec<Spanned<String>>,
    #[allow(dead_code)] // Kept for reviewers; the engine does not read it.
    pub notes: Option<String>,
}

/// `[modifiers]`: words that, before a role noun, point at the state whose
/// forces they are without naming it ("government forces").
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ModifiersSpec {
    #[serde(default)]
    pub government: Vec<Spanned<String>>,
}

/// `[context]`: the small word lists the matcher consults around a match.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ContextSpec {
    /// Words after a context-requiring alias that make it an actor.
    #[serde(default)]
    pub actor_next: Vec<String>,
    /// Words before a context-requiring alias that make it an actor.
    #[serde(default)]
    pub actor_previous: Vec<String>,
    /// Prefixes that, joined by a hyphen, negate a match ("anti-Taliban").
    #[serde(default)]
    pub negating_prefixes: Vec<String>,
    /// Words that may not stand between a country modifier and a role noun.
    #[serde(default)]
    pub adjective_stopwords: Vec<String>,
    /// Nouns that a role noun right before them describes rather than names
    /// an actor ("police station", "terrorist attack").
    #[serde(default)]
    pub modified_nouns: Vec<String>,
}
