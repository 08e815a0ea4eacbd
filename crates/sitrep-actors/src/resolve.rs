//! Turning mentions into ACLED actors for an event's date and country.

use sitrep_model::{ActorRef, CountryCode, Date};

use crate::compile::Compiled;
use crate::template::{self, Placeholder};
use crate::{Candidate, Role, code_abroad};

impl Compiled {
    pub fn regime_label(&self, country: CountryCode, date: Date) -> Option<&str> {
        let first = self.regimes.partition_point(|r| r.country < country);
        self.regimes
            .get(first..)?
            .iter()
            .take_while(|r| r.country == country)
            .find(|r| r.from.is_none_or(|f| f <= date) && r.until.is_none_or(|u| date <= u))
            .map(|r| r.label.as_str())
    }

    /// A country's name plain and after "of": the dictionary's ACLED
    /// spelling when it knows the country, else the caller's.
    fn names(
        &self,
        code: Option<CountryCode>,
        fallback: Option<&str>,
    ) -> (Option<String>, Option<String>) {
        match code.and_then(|c| self.country(c)) {
            Some(c) => {
                let with_article = if c.article {
                    format!("the {}", c.name)
                } else {
                    c.name.clone()
                };
                (Some(c.name.clone()), Some(with_article))
            }
            None => {
                let name = fallback.map(str::trim).filter(|n| !n.is_empty());
                (name.map(str::to_string), name.map(str::to_string))
            }
        }
    }

    pub fn resolve_named(
        &self,
        candidates: &[Candidate],
        date: Date,
        focus: Option<CountryCode>,
    ) -> Option<ActorRef> {
        // Rank: (alias scoped to the focus country, entry of the focus
        // country); ties go to the earlier entry in the files.
        let mut best: Option<((bool, bool), &Candidate)> = None;
        for candidate in candidates {
            let Some(entry) = self.entries.get(candidate.actor.index()) else {
                continue;
            };
            let Some(alias) = entry.aliases.get(candidate.alias as usize) else {
                continue;
            };
            if !entry.is_valid_on(date) {
                continue;
            }
            let scoped_here = match (&alias.scope[..], focus) {
                ([], _) => false,
                (scope, Some(f)) if scope.contains(&f) => true,
                _ => continue,
            };
            let rank = (
                scoped_here,
                entry.country.is_some() && entry.country == focus,
            );
            let better = match best {
                None => true,
                Some((r, c)) => rank > r || (rank == r && candidate.actor < c.actor),
            };
            if better {
                best = Some((rank, candidate));
            }
        }
        let candidate = match best {
            Some((_, candidate)) => candidate,
            None if focus.is_none() => self.guess_unscoped(candidates, date)?,
            None => return None,
        };
        let entry = self.entries.get(candidate.actor.index())?;
        let (country, the_country) = self.names(entry.country, None);
        let (focus_name, _) = self.names(focus, None);
        let regime = entry
            .country
            .and_then(|c| self.regime_label(c, date))
            .map(str::to_string);
        let name = template::render(&entry.name, |p| match p {
            Placeholder::Regime => regime.clone(),
            Placeholder::Country => country.clone(),
            Placeholder::TheCountry => the_country.clone(),
            Placeholder::Focus => focus_name.clone(),
        });
        let uses_focus = entry.name.contains("{focus}");
        let actor_country = entry.country.or(if uses_focus { focus } else { None });
        Some(code_abroad(
            ActorRef::new(name, entry.inter, actor_country),
            focus,
        ))
    }

    /// With no country to go by and no unscoped reading, a scoped alias
    /// still names its actor when it is the only one it can name on `date`
    /// ("ELN" in a text that never says Colombia, "ETA" in one that never
    /// says Spain):
    /// a named group must not vanish because the report never says where it
    /// is. Strict aliases ("regime forces") are left out, and two possible
    /// actors ("ADF": Allied Democratic Forces or Ambazonia Defence Forces)
    /// mean no guess.
    fn guess_unscoped<'c>(&self, candidates: &'c [Candidate], date: Date) -> Option<&'c Candidate> {
        let mut only: Option<&Candidate> = None;
        for candidate in candidates {
            let Some(entry) = self.entries.get(candidate.actor.index()) else {
                continue;
            };
            let Some(alias) = entry.aliases.get(candidate.alias as usize) else {
                continue;
            };
            if alias.strict || !entry.is_valid_on(date) {
                continue;
            }
            match only {
                Some(c) if c.actor != candidate.actor => return None,
                Some(_) => {}
                None => only = Some(candidate),
            }
        }
        only
    }

    pub fn generic(
        &self,
        role: Role,
        country: Option<CountryCode>,
        country_name: Option<&str>,
        date: Date,
    ) -> ActorRef {
        let (plain, the_country) = self.names(country, country_name);
        let regime = country
            .and_then(|c| self.regime_label(c, date))
            .map(str::to_string);
        // Every role is defined (the compiler refuses a dictionary without
        // one); the fallback only keeps this total.
        let (template, inter) = self.roles.get(role.slot()).map_or(
            (
                "Unidentified Armed Group ({country})",
                sitrep_model::ActorType::PoliticalMilitias,
            ),
            |r| (r.name.as_str(), r.inter),
        );
        let name = template::render(template, |p| match p {
            Placeholder::Regime => regime.clone(),
            Placeholder::Country => plain.clone(),
            Placeholder::TheCountry => the_country.clone(),
            Placeholder::Focus => None,
        });
        ActorRef::new(name, inter, country)
    }
}
