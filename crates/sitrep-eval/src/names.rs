//! Alias-aware name matching through sitrep's own gazetteer and actor
//! dictionary: two spellings of one place, a historical country name, an
//! actor's alias.
//!
//! The scorers use these to forgive spelling, never to forgive a wrong
//! answer: a gold name matches a coded one only when both stand for the
//! same gazetteer entry, country or dictionary actor.

use sitrep_actors::{ActorDictionary, MentionKind};
use sitrep_geo::{Gazetteer, GeoContext, PlaceId};
use sitrep_model::{CountryCode, Date};

use crate::fold::{ascii_punctuation, fold, near_equal, place_key, same_name};

/// Country names in gold data that the gazetteer does not know as
/// countries: parts of a country ("Northern Ireland"), disputed or
/// breakaway territories, abbreviations. Each lists every country a coder
/// could rightly record (East Jerusalem is coded in Israel by some and in
/// Palestine by others).
const COUNTRY_VARIANTS: &[(&str, &[&str])] = &[
    ("Northern Ireland", &["GB"]),
    ("England", &["GB"]),
    ("Scotland", &["GB"]),
    ("Wales", &["GB"]),
    ("East Jerusalem", &["PS", "IL"]),
    ("Jerusalem", &["IL", "PS"]),
    ("N. Korea", &["KP"]),
    ("Transnistria", &["MD"]),
    ("Abkhazia", &["GE"]),
    ("South Ossetia", &["GE"]),
    ("Crimea", &["UA", "RU"]),
    ("South-West Africa", &["NA"]),
    ("Southern Sudan", &["SS", "SD"]),
    ("Prospective Southern Sudan", &["SS", "SD"]),
    ("Yugoslavia", &["RS"]),
    ("East Germany", &["DE"]),
    ("Kurdistan", &["IQ"]),
];

/// Direction and extent words before a country ("across Iraq", "Northern
/// Israel", "Eastern Ukraine"): the country is the same.
const COUNTRY_PREFIXES: &[&str] = &[
    "across",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northwest",
    "northwestern",
    "northeast",
    "northeastern",
    "southwest",
    "southwestern",
    "southeast",
    "southeastern",
    "midwestern",
    "the",
    "prospective",
    "near",
];

/// The gazetteer and the actor dictionary, with a table of country names,
/// for matching gold names against coded records.
pub struct Names<'a> {
    pub gazetteer: &'a Gazetteer,
    pub actors: &'a ActorDictionary,
    /// Every country's display name, folded, with its code.
    countries: Vec<(String, CountryCode)>,
}

/// What an actor name resolves to in the dictionary.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ResolvedActor {
    /// A named actor's ACLED name, folded: coded actors match it by prefix,
    /// since ACLED adds a country to some ("Islamic State (Kuwait)").
    Named(String),
    /// A role noun's generic actor without its country ("Unidentified
    /// Armed Group"), folded: coded actors match it by prefix.
    Generic(String),
}

impl ResolvedActor {
    /// Whether a coded actor name is this actor.
    pub fn matches(&self, coded: &str) -> bool {
        let coded = fold(coded);
        match self {
            // ACLED adds a country to some names ("Islamic State (Kuwait)").
            ResolvedActor::Named(n) => !n.is_empty() && coded.starts_with(n.as_str()),
            ResolvedActor::Generic(prefix) => !prefix.is_empty() && coded.starts_with(prefix),
        }
    }
}

impl<'a> Names<'a> {
    pub fn new(gazetteer: &'a Gazetteer, actors: &'a ActorDictionary) -> Names<'a> {
        let mut countries = Vec::new();
        for a in b'A'..=b'Z' {
            for b in b'A'..=b'Z' {
                let code = [a, b];
                let Some(code) = std::str::from_utf8(&code).ok().and_then(CountryCode::new) else {
                    continue;
                };
                if let Some(id) = gazetteer.country(code) {
                    countries.push((fold(gazetteer.name(id)), code));
                }
            }
        }
        Names {
            gazetteer,
            actors,
            countries,
        }
    }

    /// Gazetteer entries a name stands for, when the gazetteer finds it as
    /// one toponym covering the whole name. The name is read in a carrier
    /// phrase ("in Bohol") because the place-name rules drop a lone small
    /// place at the start of a text.
    pub fn place_candidates(&self, name: &str) -> Vec<PlaceId> {
        let name = name.trim();
        if name.is_empty() {
            return Vec::new();
        }
        let text = format!("in {name}");
        let start = "in ".len();
        self.gazetteer
            .find_toponyms(&text)
            .into_iter()
            .find(|t| t.start == start && t.end == text.len())
            .map(|t| t.candidates)
            .unwrap_or_default()
    }

    /// Whether a gold place name and a coded field name the same place:
    /// equal keys ([`place_key`]), keys one edit apart (six letters or
    /// more), or names of one gazetteer entry.
    pub fn same_place(&self, gold: &str, field: &str) -> bool {
        let (g, f) = (place_key(gold), place_key(field));
        if g.is_empty() || f.is_empty() {
            return false;
        }
        if same_name(&g, &f) {
            return true;
        }
        let gold_ids = self.place_candidates(gold);
        if gold_ids.is_empty() {
            return false;
        }
        let field_ids = self.place_candidates(field);
        gold_ids.iter().any(|id| field_ids.contains(id))
    }

    /// The country of a coded record's `country` field (a gazetteer display
    /// name).
    pub fn record_country(&self, name: &str) -> Option<CountryCode> {
        let key = fold(name);
        if key.is_empty() {
            return None;
        }
        self.countries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, c)| *c)
            .or_else(|| self.gazetteer.country_by_name(name))
    }

    /// The countries a gold `country` column allows, falling back on the
    /// place in its `location` column; empty when neither names a country
    /// (a sea, an airliner, an attack's name).
    pub fn gold_countries(&self, country: &str, location: &str) -> Vec<CountryCode> {
        let mut found = Vec::new();
        for part in country.split('/') {
            for c in self.country_named(part) {
                if !found.contains(&c) {
                    found.push(c);
                }
            }
        }
        if found.is_empty() {
            found.extend(self.country_of_place(location));
        }
        found
    }

    fn variant(&self, name: &str) -> Option<Vec<CountryCode>> {
        let key = fold(name);
        if key.is_empty() {
            return None;
        }
        COUNTRY_VARIANTS
            .iter()
            .find(|(v, _)| near_equal(&fold(v), &key))
            .map(|(_, codes)| codes.iter().filter_map(|c| CountryCode::new(c)).collect())
    }

    fn exact_country(&self, name: &str) -> Option<Vec<CountryCode>> {
        let name = name.trim().trim_end_matches('.').trim();
        if name.is_empty() {
            return None;
        }
        self.variant(name)
            .or_else(|| self.gazetteer.country_by_name(name).map(|c| vec![c]))
    }

    /// The countries one name stands for: a variant from the table, a name
    /// the gazetteer knows, the same after dropping direction words, a
    /// country named at the end or start of the text ("Haifa Israel",
    /// "Israel 2006 Tel Aviv bombing"), a near spelling of a country
    /// ("Aghanistan"), or the country of a place ("Khost Province").
    fn country_named(&self, raw: &str) -> Vec<CountryCode> {
        if let Some(c) = self.exact_country(raw) {
            return c;
        }
        let cleaned = raw.replace(['.', '(', ')'], " ");
        let mut words: Vec<&str> = cleaned.split_whitespace().collect();
        while words.len() > 1
            && words
                .first()
                .is_some_and(|w| COUNTRY_PREFIXES.contains(&fold(w).as_str()))
        {
            words.remove(0);
        }
        let joined = words.join(" ");
        if let Some(c) = self.exact_country(&joined) {
            return c;
        }
        // Longest first, so "Democratic Republic of Congo" wins over
        // "Congo".
        for k in 1..words.len() {
            if let Some(c) = words
                .get(k..)
                .and_then(|w| self.exact_country(&w.join(" ")))
            {
                return c;
            }
        }
        for k in (1..words.len()).rev() {
            if let Some(c) = words
                .get(..k)
                .and_then(|w| self.exact_country(&w.join(" ")))
            {
                return c;
            }
        }
        let key = fold(&joined);
        if key.chars().count() >= 6
            && let Some((_, c)) = self.countries.iter().find(|(k, _)| near_equal(k, &key))
        {
            return vec![*c];
        }
        self.country_of_place(&joined).into_iter().collect()
    }

    /// The country of the last place the gazetteer resolves in a name.
    fn country_of_place(&self, name: &str) -> Option<CountryCode> {
        let text = format!("in {}", name.trim());
        let toponyms = self.gazetteer.find_toponyms(&text);
        let resolved = self
            .gazetteer
            .resolve(&text, &toponyms, &GeoContext::default());
        resolved
            .into_iter()
            .flatten()
            .last()
            .map(|id| self.gazetteer.country_of(id))
    }

    /// The actors the dictionary reads in a name or text on `date` in a
    /// report about `focus`: named actors by their ACLED names, role nouns
    /// ("militants") as their generic actor.
    pub fn actors_in(
        &self,
        text: &str,
        date: Date,
        focus: Option<CountryCode>,
    ) -> Vec<ResolvedActor> {
        let text = ascii_punctuation(text);
        let mut out = Vec::new();
        for m in self.actors.find(&text) {
            let resolved: Vec<ResolvedActor> = match &m.kind {
                // Both readings count: in the focus country ("Islamic State
                // (Iraq)", and aliases scoped there such as "ELN") and
                // without one ("Islamic State"), since the coder may not
                // have settled on the same focus.
                MentionKind::Named { candidates } => [focus, None]
                    .into_iter()
                    .filter_map(|f| self.actors.resolve_named(candidates, date, f))
                    .map(|a| ResolvedActor::Named(fold(&a.name)))
                    .collect(),
                MentionKind::Generic { role, .. } => vec![ResolvedActor::Generic(fold(
                    &self.actors.generic(*role, None, None, date).name,
                ))],
            };
            for r in resolved {
                if !out.contains(&r) {
                    out.push(r);
                }
            }
        }
        out
    }

    /// The ACLED names of the countries a text's demonyms and country
    /// names point to ("Hungarian" → "hungary"), folded.
    pub fn demonym_countries(&self, text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (_, _, code) in self.actors.find_demonyms(&ascii_punctuation(text)) {
            if let Some(name) = self.actors.country_name(code) {
                let key = fold(name);
                if !out.contains(&key) {
                    out.push(key);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One test builds the embedded gazetteer and dictionary once (a
    /// second or two in a debug build) and runs every table through them.
    #[test]
    fn names_tables() {
        let gazetteer = Gazetteer::embedded().expect("gazetteer");
        let actors = ActorDictionary::embedded().expect("actors");
        let names = Names::new(&gazetteer, &actors);

        let places = [
            ("Kandahar Province", "Kandahar", true),
            ("Hilmand", "Helmand", true),
            ("Mazar-i-Sharif", "Mazar-e Sharif", true),
            ("Oruzgan", "Uruzgan", true),
            ("Baqouba", "Baqubah", true),
            ("Kulgam district", "Kulgam", true),
            ("Kabul", "Kandahar", false),
            ("Ghazni", "Qala", false),
            ("", "Kabul", false),
        ];
        for (gold, field, want) in places {
            assert_eq!(names.same_place(gold, field), want, "{gold} / {field}");
        }

        let code = |s: &str| CountryCode::new(s).expect("code");
        let countries: &[(&str, &str, &[&str])] = &[
            ("Afghanistan", "Kabul, Afghanistan", &["AF"]),
            ("West Germany", "Munich, West Germany", &["DE"]),
            ("Northern Ireland", "Belfast, Northern Ireland", &["GB"]),
            (
                "Republic of Ireland",
                "County Donegal, Republic of Ireland",
                &["IE"],
            ),
            ("Soviet Union", "Moscow, Soviet Union", &["RU"]),
            ("East Jerusalem", "East Jerusalem", &["PS", "IL"]),
            ("across Iraq", "across Iraq", &["IQ"]),
            ("Haifa Israel", "Haifa Israel", &["IL"]),
            ("Aghanistan", "Kabul, Aghanistan", &["AF"]),
            ("Khost Province", "Khost Province", &["AF"]),
            ("Singapore/Kuwait", "Singapore/Kuwait", &["SG", "KW"]),
            ("Mediterranean", "Mediterranean", &[]),
        ];
        for (country, location, want) in countries {
            let want: Vec<CountryCode> = want.iter().map(|c| code(c)).collect();
            assert_eq!(names.gold_countries(country, location), want, "{country}");
        }
        assert_eq!(names.record_country("Afghanistan"), Some(code("AF")));
        assert_eq!(names.record_country(""), None);

        let date = Date::constant(2016, 6, 1);
        let actors_table: &[(&str, &str, bool)] = &[
            ("ISIL", "Islamic State", true),
            ("ISIL", "Islamic State (Kuwait)", true),
            ("Pakistani Taliban", "TTP: Tehrik-i-Taliban Pakistan", true),
            ("Militants", "Unidentified Armed Group (Iraq)", true),
            ("Taliban", "Islamic State", false),
            ("Militants", "Civilians (Iraq)", false),
        ];
        for (gold, coded, want) in actors_table {
            let got = names
                .actors_in(gold, date, Some(code("IQ")))
                .iter()
                .any(|r| r.matches(coded));
            assert_eq!(got, *want, "{gold} / {coded}");
        }
        assert_eq!(
            names.demonym_countries("Hungarian"),
            vec!["hungary".to_string()]
        );
    }
}
