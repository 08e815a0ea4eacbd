//! Phoenix actor codes as ACLED-style actors, so events coded with the
//! Phoenix dictionaries still fill ACLED's actor columns.
//!
//! A code is read, in order, as:
//! 1. a named actor of sitrep's actor dictionary whose `cameo` field is
//!    that code (`AFGREB` → Taliban), chosen for the date and country the
//!    way the dictionary resolves names;
//! 2. a code of `data/cameo/actors.tsv` (`IGOEEU` → the EU);
//! 3. the same for the code's leading three-letter groups, longest first
//!    (`IGOUNOREFHCR` → UNHCR, `AFGREBMOS` → AFGREB);
//! 4. a country (`data/cameo/countries.tsv`) and the first role code after
//!    it (`AFGMIL` → "Military Forces of Afghanistan (...)"); a bare
//!    country is its government; `---GOV` is a government whose country
//!    is the report's.

use std::collections::HashMap;

use sitrep_actors::{ActorDictionary, ActorId, Candidate, Role};
use sitrep_model::{ActorRef, ActorType, CountryCode, Date};

use crate::codes::ActorCode;
use crate::issue::{DictionaryIssue, Issues};

/// The CAMEO country table shipped with sitrep.
pub const CAMEO_COUNTRIES: &str = include_str!("../../../data/cameo/countries.tsv");
/// The role and organisation table shipped with sitrep.
pub const CAMEO_TABLE: &str = include_str!("../../../data/cameo/actors.tsv");

/// Phoenix code → ACLED actor, built once from the actor dictionary and the
/// two tables.
#[derive(Debug, Clone, Default)]
pub struct AcledActors {
    countries: HashMap<String, CountryCode>,
    roles: HashMap<String, Role>,
    table: HashMap<String, (String, ActorType)>,
    named: HashMap<String, Vec<Candidate>>,
}

impl AcledActors {
    /// Builds the map with the tables shipped with sitrep.
    pub fn embedded(dict: &ActorDictionary) -> (AcledActors, Vec<DictionaryIssue>) {
        AcledActors::new(
            dict,
            ("data/cameo/countries.tsv", CAMEO_COUNTRIES),
            ("data/cameo/actors.tsv", CAMEO_TABLE),
        )
    }

    /// Builds the map from the tables' `(name, content)`; malformed lines
    /// are reported and skipped.
    pub fn new(
        dict: &ActorDictionary,
        countries: (&str, &str),
        table: (&str, &str),
    ) -> (AcledActors, Vec<DictionaryIssue>) {
        let mut out = Vec::new();
        let mut map = AcledActors::default();
        let mut issues = Issues {
            file: countries.0,
            out: &mut out,
        };
        for (i, line) in countries.1.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut f = line.split('\t');
            match (f.next(), f.next().and_then(CountryCode::new)) {
                (Some(code), Some(cc)) if code.len() == 3 => {
                    map.countries.insert(code.to_string(), cc);
                }
                _ => issues.error(i + 1, "expected `CAMEO code <TAB> ISO alpha-2`; skipped"),
            }
        }
        let mut issues = Issues {
            file: table.0,
            out: &mut out,
        };
        for (i, line) in table.1.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').map(str::trim).collect();
            if let Some(role_code) = f[0].strip_prefix('~') {
                match f
                    .get(1)
                    .and_then(|r| Role::ALL.iter().find(|x| x.as_str() == *r))
                {
                    Some(&role) => {
                        map.roles.insert(role_code.to_string(), role);
                    }
                    None => issues.error(i + 1, "expected `~CODE <TAB> role`; skipped"),
                }
                continue;
            }
            let inter = f
                .get(2)
                .and_then(|x| x.parse::<u8>().ok())
                .and_then(ActorType::from_code);
            match (f.get(1), inter) {
                (Some(name), Some(inter)) if !f[0].is_empty() && !name.is_empty() => {
                    map.table
                        .insert(f[0].to_string(), (name.to_string(), inter));
                }
                _ => issues.error(i + 1, "expected `CODE <TAB> name <TAB> inter`; skipped"),
            }
        }
        for (id, entry) in dict.entries() {
            let Some(code) = &entry.cameo else { continue };
            // An alias that holds everywhere, so resolution does not drop the
            // candidate for want of a country.
            let alias = entry
                .aliases
                .iter()
                .position(|a| a.scope.is_empty())
                .unwrap_or(0);
            map.named
                .entry(code.as_str().to_string())
                .or_default()
                .push(candidate(id, alias));
        }
        (map, out)
    }

    /// The ACLED actor for a Phoenix code on `date` in a report about
    /// `focus`; `None` for null codes, new actors and codes nothing maps.
    pub fn actor(
        &self,
        dict: &ActorDictionary,
        code: &ActorCode,
        date: Date,
        focus: Option<CountryCode>,
    ) -> Option<ActorRef> {
        let code = code.as_str();
        if code.is_empty() || code.starts_with('"') || code == crate::codes::NULL {
            return None;
        }
        if let Some(rest) = code.strip_prefix(crate::codes::NULL) {
            let role = self.first_role(rest)?;
            return Some(dict.generic(role, focus, None, date));
        }
        let mut len = code.len() - code.len() % 3;
        while len >= 3 {
            let Some(prefix) = code.get(..len) else { break };
            if let Some(cands) = self.named.get(prefix)
                && let Some(a) = dict.resolve_named(cands, date, focus)
            {
                return Some(a);
            }
            if let Some((name, inter)) = self.table.get(prefix) {
                return Some(ActorRef::new(name.clone(), *inter, None));
            }
            len -= 3;
        }
        let country = *self.countries.get(code.get(..3)?)?;
        let role = self
            .first_role(code.get(3..).unwrap_or(""))
            .unwrap_or(Role::Government);
        Some(dict.generic(role, Some(country), None, date))
    }

    fn first_role(&self, groups: &str) -> Option<Role> {
        (0..groups.len())
            .step_by(3)
            .filter_map(|i| groups.get(i..i + 3))
            .find_map(|g| self.roles.get(g).copied())
    }
}

fn candidate(actor: ActorId, alias: usize) -> Candidate {
    Candidate {
        actor,
        alias: alias as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_acled_actors() {
        let dict = ActorDictionary::embedded().expect("actor dictionary");
        let (map, issues) = AcledActors::embedded(&dict);
        assert!(issues.is_empty(), "{issues:?}");
        let date: Date = "2018-03-28".parse().expect("date");
        let af = CountryCode::new("AF");
        let table: &[(&str, Option<&str>)] = &[
            ("AFGREB", Some("Taliban")),
            ("AFGREBMOS", Some("Taliban")),
            ("AFGMIL", Some("Military Forces of Afghanistan (2004-2021)")),
            ("AFGCOP", Some("Police Forces of Afghanistan (2004-2021)")),
            ("AFG", Some("Government of Afghanistan (2004-2021)")),
            ("PAKCVL", Some("Civilians (Pakistan)")),
            ("IGOEEU", Some("EU: European Union")),
            (
                "IGOUNOREFHCR",
                Some("UNHCR: United Nations High Commissioner for Refugees"),
            ),
            ("---GOV", Some("Government of Afghanistan (2004-2021)")),
            ("---", None),
            ("\"THE MINISTRY OF MAGIC\"", None),
            ("XYZ", None),
        ];
        for (code, want) in table {
            let got = map
                .actor(&dict, &ActorCode::new(*code), date, af)
                .map(|a| a.name);
            assert_eq!(got.as_deref(), *want, "{code}");
        }
    }

    #[test]
    fn malformed_table_lines_are_reported() {
        let dict = ActorDictionary::embedded().expect("actor dictionary");
        let (_, issues) = AcledActors::new(
            &dict,
            ("c.tsv", "# x\nAFG\tAF\nBAD\n"),
            (
                "t.tsv",
                "~GOV\tgovernment\n~XXX\tnobody\nIGOEEU\tEU\tnine\n",
            ),
        );
        let got: Vec<(&str, usize)> = issues.iter().map(|i| (i.file.as_str(), i.line)).collect();
        assert_eq!(got, vec![("c.tsv", 3), ("t.tsv", 2), ("t.tsv", 3)]);
    }
}
