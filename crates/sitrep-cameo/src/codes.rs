//! The two kinds of code a PETRARCH dictionary hands out: event codes from
//! the verb patterns and actor codes from the actor and agent files.
//!
//! Both are kept exactly as the dictionary writes them, because the
//! dictionaries are the user's: the validation dictionary uses codes such as
//! `174K` or `1010` that are not CAMEO, and Phoenix actor codes grow by
//! concatenation (`AFG` + `GOV` + `FRM`). [`EventCode::cameo`] is the typed
//! view where one exists.

use std::fmt;

use sitrep_model::CameoCode;

/// An event code as a verb dictionary writes it: `"064"`, `"0874"`,
/// `"174K"` (validation-only codes), or `"---"`, which says the verb or
/// pattern codes no event.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EventCode(String);

impl EventCode {
    /// The null code `---`.
    pub fn null() -> EventCode {
        EventCode(NULL.to_string())
    }

    pub(crate) fn new(code: &str) -> EventCode {
        EventCode(code.trim().to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the code says "no event" (`---`).
    pub fn is_null(&self) -> bool {
        self.0 == NULL
    }

    /// The CAMEO code, when the dictionary's code is one (two to four
    /// digits with a root of 01-20).
    pub fn cameo(&self) -> Option<CameoCode> {
        CameoCode::new(&self.0).ok()
    }

    /// Whether the code looks like an event code at all: `---`, or digits
    /// followed by at most one letter (`174K`, `102b`). Anything else
    /// (`025?`, `+++`, `def`) is loaded but reported.
    pub(crate) fn is_well_formed(code: &str) -> bool {
        if code == NULL {
            return true;
        }
        let digits = code.bytes().take_while(u8::is_ascii_digit).count();
        let rest = code.get(digits..).unwrap_or("");
        (2..=4).contains(&digits)
            && (rest.is_empty()
                || (rest.len() == 1 && rest.bytes().all(|b| b.is_ascii_alphabetic())))
    }
}

impl fmt::Display for EventCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub(crate) const NULL: &str = "---";

/// An actor code: a Phoenix code with its agents applied (`AFGREB`,
/// `ARNGOVFRM`, `NGOARN`), an agent without a known actor (`---GOV`), the
/// null code `---` for a noun phrase the dictionaries do not know, or, when
/// the coder is asked to (`new_actor_length`), the phrase itself in double
/// quotes (`"THE MINISTRY OF MAGIC"`), as PETRARCH writes new actors.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActorCode(String);

impl ActorCode {
    pub fn null() -> ActorCode {
        ActorCode(NULL.to_string())
    }

    pub(crate) fn new(code: impl Into<String>) -> ActorCode {
        ActorCode(code.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether nothing at all is known about the actor (`---`). `---GOV`
    /// is not null: an agent was read.
    pub fn is_null(&self) -> bool {
        self.0 == NULL || self.0.is_empty()
    }

    /// Whether the code is a phrase PETRARCH would report as a new actor.
    pub fn is_new_actor(&self) -> bool {
        self.0.starts_with('"')
    }
}

impl fmt::Display for ActorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_code_shapes() {
        let table = [
            ("064", true, Some("064")),
            ("0874", true, Some("0874")),
            ("174K", true, None),
            ("102b", true, None),
            ("---", true, None),
            ("025?", false, None),
            ("+++", false, None),
            ("def", false, None),
            ("21", true, None),
        ];
        for (code, well_formed, cameo) in table {
            assert_eq!(EventCode::is_well_formed(code), well_formed, "{code}");
            let got = EventCode::new(code).cameo().map(|c| c.as_str().to_string());
            assert_eq!(got.as_deref(), cameo, "{code}");
        }
        assert!(EventCode::null().is_null());
    }

    #[test]
    fn actor_code_kinds() {
        let table = [
            ("---", true, false),
            ("---GOV", false, false),
            ("AFGREB", false, false),
            ("\"THE MINISTRY OF MAGIC\"", false, true),
        ];
        for (code, null, new_actor) in table {
            let c = ActorCode::new(code);
            assert_eq!((c.is_null(), c.is_new_actor()), (null, new_actor), "{code}");
        }
    }
}
