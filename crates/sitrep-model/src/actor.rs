use std::fmt;

use serde::{Deserialize, Serialize};

use crate::codes::ActorType;

/// An ISO 3166-1 alpha-2 country code (`"AF"`), upper case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Accepts two ASCII letters in any case.
    pub fn new(code: &str) -> Option<CountryCode> {
        match code.trim().as_bytes() {
            [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => Some(CountryCode([
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
            ])),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &str {
        // Both bytes are ASCII letters by construction.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for CountryCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<CountryCode, D::Error> {
        let s = String::deserialize(d)?;
        CountryCode::new(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("invalid country code {s:?}")))
    }
}

/// An actor as it appears in a coded event or claim: ACLED's canonical name
/// ("Military Forces of Afghanistan (2004-2021)", "Taliban",
/// "Civilians (Afghanistan)") and its actor type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ActorRef {
    pub name: String,
    pub inter: ActorType,
    /// The country the actor belongs to, when it has one.
    pub country: Option<CountryCode>,
}

impl ActorRef {
    pub fn new(
        name: impl Into<String>,
        inter: ActorType,
        country: Option<CountryCode>,
    ) -> ActorRef {
        ActorRef {
            name: name.into(),
            inter,
            country,
        }
    }
}
