//! Where an event happened.
//!
//! Each event is placed where its own clause puts it: the most specific
//! place named there that is not merely descriptive ("located to the north
//! of Helmand") or an origin ("militants from Pakistan"). Places of the same
//! level coordinated in one clause ("in Helmand and Farah provinces") are
//! separate events, as ACLED codes one location per event. A clause that
//! names no place takes the sentence's, then the place of the incident the
//! discourse is still about, then the report's main place, then its
//! country.
//!
//! Precision follows ACLED: a town or village is 1, near a town or a
//! district 2, a province or country 3.

use std::ops::Range;

use sitrep_geo::FeatureKind;
use sitrep_model::{CountryCode, GeoPrecision, Place};

use crate::analysis::{Analysis, PlaceMention};

/// A place picked for an event: a place mention and the precision to code
/// it at, or only a country.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PlaceChoice {
    Mention {
        index: usize,
        precision: GeoPrecision,
    },
    Country(CountryCode),
}

impl PlaceChoice {
    pub fn to_place(&self, a: &Analysis) -> Option<Place> {
        match self {
            PlaceChoice::Mention { index, precision } => {
                Some(a.k.gazetteer.place(a.places[*index].id, *precision))
            }
            PlaceChoice::Country(c) => {
                let id = a.k.gazetteer.country(*c)?;
                Some(a.k.gazetteer.place(id, GeoPrecision::Region))
            }
        }
    }

    pub fn country(&self, a: &Analysis) -> Option<CountryCode> {
        match self {
            PlaceChoice::Mention { index, .. } => {
                Some(a.k.gazetteer.country_of(a.places[*index].id))
            }
            PlaceChoice::Country(c) => Some(*c),
        }
    }

    /// Whether this choice is only a country.
    pub fn is_country(&self, a: &Analysis) -> bool {
        match self {
            PlaceChoice::Mention { index, .. } => a.places[*index].kind == FeatureKind::Country,
            PlaceChoice::Country(_) => true,
        }
    }
}

fn precision(p: &PlaceMention) -> GeoPrecision {
    match p.kind {
        FeatureKind::PopulatedPlace if p.near => GeoPrecision::Near,
        FeatureKind::PopulatedPlace => GeoPrecision::Exact,
        FeatureKind::Admin2 => GeoPrecision::Near,
        FeatureKind::Admin1 | FeatureKind::Country => GeoPrecision::Region,
    }
}

fn rank(kind: FeatureKind) -> u8 {
    match kind {
        FeatureKind::PopulatedPlace => 4,
        FeatureKind::Admin2 => 3,
        FeatureKind::Admin1 => 2,
        FeatureKind::Country => 1,
    }
}

/// Place mentions in a token range of a sentence that can be where an event
/// happened.
pub(crate) fn candidates(a: &Analysis, si: usize, tokens: Range<usize>) -> Vec<usize> {
    let s = &a.sentences[si];
    s.places
        .iter()
        .copied()
        .filter(|&pi| {
            let p = &a.places[pi];
            let t = s.token_at(p.start);
            tokens.contains(&t) && !p.descriptive && !p.origin
        })
        .collect()
}

/// Picks the event's place(s) from candidate mentions: several when places
/// of one level are coordinated, else the most specific one.
pub(crate) fn choose(a: &Analysis, si: usize, cands: &[usize]) -> Vec<PlaceChoice> {
    if cands.is_empty() {
        return Vec::new();
    }
    let s = &a.sentences[si];
    let g = &a.k.gazetteer;
    // Coordination: "Helmand and Farah provinces", "in Kabul, Kandahar and
    // Herat": places of the most specific level present, separated only by
    // "and" or commas, none inside another.
    let top = cands
        .iter()
        .map(|&pi| rank(a.places[pi].kind))
        .max()
        .unwrap_or(0);
    let level: Vec<usize> = cands
        .iter()
        .copied()
        .filter(|&pi| rank(a.places[pi].kind) == top)
        .collect();
    if level.len() >= 2 && a.places[level[0]].kind != FeatureKind::Country {
        let joined = level.windows(2).all(|w| {
            let end = s.token_at(a.places[w[0]].end.saturating_sub(1)) + 1;
            let start = s.token_at(a.places[w[1]].start);
            (end..start).all(|i| matches!(s.word(i), "and" | "," | "or"))
        });
        let distinct = level
            .windows(2)
            .all(|w| a.places[w[0]].id != a.places[w[1]].id);
        let nested = level.windows(2).any(|w| {
            g.within(a.places[w[0]].id, a.places[w[1]].id)
                || g.within(a.places[w[1]].id, a.places[w[0]].id)
        });
        if joined && distinct && !nested {
            return level
                .iter()
                .map(|&pi| PlaceChoice::Mention {
                    index: pi,
                    precision: precision(&a.places[pi]),
                })
                .collect();
        }
    }
    // The most specific place; among equals, the first. A place inside
    // another named one ("Chinarto district" in "Kandahar") is preferred to
    // a more specific place elsewhere only by its rank, which already
    // favours it.
    let best = cands
        .iter()
        .copied()
        .max_by(|&x, &y| {
            rank(a.places[x].kind)
                .cmp(&rank(a.places[y].kind))
                .then(y.cmp(&x))
        })
        .unwrap_or(cands[0]);
    vec![PlaceChoice::Mention {
        index: best,
        precision: precision(&a.places[best]),
    }]
}

/// Two choices name the same place, or one contains the other.
pub(crate) fn same_place(a: &Analysis, x: &PlaceChoice, y: &PlaceChoice) -> bool {
    match (x, y) {
        (PlaceChoice::Mention { index: i, .. }, PlaceChoice::Mention { index: j, .. }) => {
            a.places[*i].id == a.places[*j].id
        }
        (PlaceChoice::Country(c), PlaceChoice::Country(d)) => c == d,
        _ => false,
    }
}

/// Whether `inner` lies within `outer` (or they are the same).
pub(crate) fn nested(a: &Analysis, inner: &PlaceChoice, outer: &PlaceChoice) -> bool {
    if same_place(a, inner, outer) {
        return true;
    }
    match (inner, outer) {
        (PlaceChoice::Mention { index: i, .. }, PlaceChoice::Mention { index: j, .. }) => {
            a.k.gazetteer.within(a.places[*i].id, a.places[*j].id)
        }
        (PlaceChoice::Mention { .. }, PlaceChoice::Country(c)) => inner.country(a) == Some(*c),
        _ => false,
    }
}

/// A country-level choice for the report's focus.
pub(crate) fn focus_country(a: &Analysis) -> Option<PlaceChoice> {
    a.focus.map(PlaceChoice::Country)
}
