//! Resolving toponyms: one candidate each, by a score that adds up evidence.
//!
//! `score = prior + focus + hierarchy + hint + seat + apposition - shadow`,
//! where
//!
//! - *prior*: what the name most likely means with no context. A country
//!   (3.0) beats a first-level division (2.2) beats a second-level one
//!   (1.2); a populated place scores 0.9 + 0.25·log10(population), so
//!   Kabul (4.4 M) 2.56, Farah (44 k) 2.06, a village 0.9. The caller's
//!   country weights add `2.0 · weight`.
//! - *focus*: the share of the document's *other* toponyms that point to the
//!   candidate's country, times 1.5. Shares come from the priors through a
//!   softmax, so an ambiguous name spreads its vote.
//! - *hierarchy*: +1.0 when another toponym names the candidate's province or
//!   district ("Uruzgan's Chora district"), +1.0 when another toponym lies
//!   inside the candidate ("Atlanta" supports the US state of Georgia).
//! - *hint*: +1.8 for the kind a feature word asked for ("Farah province"),
//!   +1.5 for the other division level.
//! - *seat*: +0.4 for a town of 10,000+ people whose own province is also a
//!   candidate for the same name, or a town whose own district is. So
//!   "Farah", "Herat", "Kabul" or "Spin Boldak" without a feature word is
//!   the town (the provincial or district capital, which is how ACLED codes
//!   "in Farah"), and "Farah province" is the province. This is the one rule
//!   for all same-name division/capital pairs.
//! - *apposition*: +1.0 to both sides of "Paris, Texas" or "Hyderabad,
//!   Sindh" when the first lies within the second.
//! - *shadow*: −1.0 for a town or district named like a country or province
//!   it does not lie in ("California", Pennsylvania), unless apposition or a
//!   feature word supports it: a country or province name beats a village of
//!   the same name unless the context says otherwise.
//!
//! Ties go to the larger population, then the lower id, so the result does
//! not depend on hash-map order.

use std::collections::{BTreeMap, HashMap, HashSet};

use sitrep_model::CountryCode;

use crate::{FeatureKind, Gazetteer, GeoContext, NO_ID, PlaceId, Toponym};

const W_CALLER: f32 = 2.0;
const W_FOCUS: f32 = 1.5;
const W_ANCESTOR: f32 = 1.0;
const W_CHILD: f32 = 1.0;
const W_HINT: f32 = 1.5;
const W_HINT_EXACT: f32 = 0.3;
const W_SEAT: f32 = 0.4;
const W_APPOSITION: f32 = 1.0;
const SEAT_POPULATION: u32 = 10_000;
/// How sharply the priors turn into vote shares.
const SHARE_TEMPERATURE: f32 = 5.0;
/// What a place loses when its name is also a country's or a province's
/// that it does not lie in ("California", Pennsylvania; "Herat", Iran).
const W_SHADOWED: f32 = 1.0;

/// The score of a candidate with no context.
fn base_score(g: &Gazetteer, id: PlaceId) -> f32 {
    let e = g.entry(id);
    let lpop = (e.population.max(1) as f32).log10();
    match e.kind {
        FeatureKind::Country => 3.0,
        // The population only breaks ties between same-name divisions
        // ("Punjab" in Pakistan and in India).
        FeatureKind::Admin1 => 2.2 + 0.02 * lpop,
        FeatureKind::Admin2 => 1.2 + 0.1 * lpop,
        FeatureKind::PopulatedPlace => 0.9 + 0.25 * lpop,
    }
}

pub(crate) fn resolve(
    g: &Gazetteer,
    text: &str,
    toponyms: &[Toponym],
    ctx: &GeoContext,
) -> Vec<Option<PlaceId>> {
    // Weights outside 0..=1 (or not numbers) are the caller's mistake;
    // clamp them rather than let one hint outweigh the text.
    let caller: HashMap<CountryCode, f32> = ctx
        .country_weights
        .iter()
        .map(|&(c, w)| {
            (
                c,
                if w.is_finite() {
                    w.clamp(0.0, 1.0)
                } else {
                    0.0
                },
            )
        })
        .collect();
    let weight = |id: PlaceId| caller.get(&g.country_of(id)).copied().unwrap_or(0.0);

    let priors: Vec<Vec<f32>> = toponyms
        .iter()
        .map(|t| {
            t.candidates
                .iter()
                .map(|&id| base_score(g, id) + W_CALLER * weight(id))
                .collect()
        })
        .collect();
    let shares: Vec<Vec<f32>> = priors.iter().map(|p| softmax(p)).collect();

    // What each toponym votes for, summed over the document; each
    // toponym's own vote is subtracted again when it is scored.
    let votes: Vec<Votes> = toponyms
        .iter()
        .zip(&shares)
        .map(|(t, s)| Votes::of(g, &t.candidates, s))
        .collect();
    let mut total = Votes::default();
    for v in &votes {
        total.add(v);
    }
    let others = toponyms.len().saturating_sub(1).max(1) as f32;
    let apposition = appositions(g, text, toponyms);

    toponyms
        .iter()
        .enumerate()
        .map(|(ti, t)| {
            let own = &votes[ti];
            let mut best: Option<(f32, u32, PlaceId)> = None;
            for (ci, &id) in t.candidates.iter().enumerate() {
                let e = g.entry(id);
                let mut score = priors[ti][ci];
                score += W_FOCUS * (total.country(e.country) - own.country(e.country)) / others;
                let mut ancestor = 0.0;
                for parent in [e.admin1, e.admin2] {
                    if parent != NO_ID && e.kind != FeatureKind::Country {
                        let p = PlaceId(parent);
                        ancestor += total.mentioned(p) - own.mentioned(p);
                    }
                }
                score += W_ANCESTOR * ancestor.min(1.0);
                score += W_CHILD * (total.children(id) - own.children(id)).min(1.0);
                score += hint_bonus(t.kind_hint, e.kind);
                if is_seat(e, t) {
                    score += W_SEAT;
                }
                if apposition.contains(&(ti, id)) {
                    score += W_APPOSITION;
                } else if shadowed(g, id, &t.candidates) && t.kind_hint != Some(e.kind) {
                    score -= W_SHADOWED;
                }
                let better = match best {
                    None => true,
                    Some((s, pop, bid)) => {
                        score > s
                            || (score == s
                                && (e.population, std::cmp::Reverse(id))
                                    > (pop, std::cmp::Reverse(bid)))
                    }
                };
                if better {
                    best = Some((score, e.population, id));
                }
            }
            best.map(|(_, _, id)| id)
        })
        .collect()
}

/// Whether a town is the seat of a same-name division that is also a
/// candidate for the toponym: a province's capital of 10,000 people or
/// more ("Farah"), or a district's town ("Spin Boldak"), and no feature word
/// asks for the division.
fn is_seat(e: &crate::Entry, t: &Toponym) -> bool {
    if e.kind != FeatureKind::PopulatedPlace
        || t.kind_hint
            .is_some_and(|h| h != FeatureKind::PopulatedPlace)
    {
        return false;
    }
    let of_province = e.admin1 != NO_ID
        && e.population >= SEAT_POPULATION
        && t.candidates.contains(&PlaceId(e.admin1));
    let of_district = e.admin2 != NO_ID && t.candidates.contains(&PlaceId(e.admin2));
    of_province || of_district
}

/// Whether a populated place or second-level division shares its name with
/// countries or first-level divisions and lies in none of them.
fn shadowed(g: &Gazetteer, id: PlaceId, candidates: &[PlaceId]) -> bool {
    if matches!(g.kind(id), FeatureKind::Country | FeatureKind::Admin1) {
        return false;
    }
    let mut divisions = candidates
        .iter()
        .filter(|&&other| matches!(g.kind(other), FeatureKind::Country | FeatureKind::Admin1))
        .peekable();
    divisions.peek().is_some() && divisions.all(|&other| !g.within(id, other))
}

/// A feature word's support: "province" or "district" supports any
/// division, since countries split their levels differently (Philippine
/// provinces are GeoNames' second level), and its own level a bit more.
fn hint_bonus(hint: Option<FeatureKind>, kind: FeatureKind) -> f32 {
    use FeatureKind::{Admin1, Admin2};
    match hint {
        Some(h) if h == kind => W_HINT + W_HINT_EXACT,
        Some(Admin1 | Admin2) if matches!(kind, Admin1 | Admin2) => W_HINT,
        _ => 0.0,
    }
}

fn softmax(scores: &[f32]) -> Vec<f32> {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exp: Vec<f32> = scores
        .iter()
        .map(|&s| ((s - max) * SHARE_TEMPERATURE).exp())
        .collect();
    let sum: f32 = exp.iter().sum();
    if sum > 0.0 && sum.is_finite() {
        exp.iter().map(|e| e / sum).collect()
    } else {
        vec![0.0; scores.len()]
    }
}

/// A toponym's (or a document's) vote: by country, by entry, and by the
/// divisions its candidates lie in. Ordered maps keep the float sums in one
/// order, so scores (and ties) never depend on hashing.
#[derive(Debug, Default)]
struct Votes {
    countries: BTreeMap<u16, f32>,
    mentioned: BTreeMap<PlaceId, f32>,
    children: BTreeMap<PlaceId, f32>,
}

impl Votes {
    fn of(g: &Gazetteer, candidates: &[PlaceId], shares: &[f32]) -> Votes {
        let mut v = Votes::default();
        for (&id, &s) in candidates.iter().zip(shares) {
            let e = g.entry(id);
            *v.countries.entry(e.country).or_default() += s;
            *v.mentioned.entry(id).or_default() += s;
            if e.kind != FeatureKind::Country {
                for parent in [e.admin1, e.admin2] {
                    if parent != NO_ID {
                        *v.children.entry(PlaceId(parent)).or_default() += s;
                    }
                }
            }
        }
        v
    }

    fn add(&mut self, other: &Votes) {
        for (&k, &s) in &other.countries {
            *self.countries.entry(k).or_default() += s;
        }
        for (&k, &s) in &other.mentioned {
            *self.mentioned.entry(k).or_default() += s;
        }
        for (&k, &s) in &other.children {
            *self.children.entry(k).or_default() += s;
        }
    }

    fn country(&self, c: u16) -> f32 {
        self.countries.get(&c).copied().unwrap_or(0.0)
    }

    fn mentioned(&self, id: PlaceId) -> f32 {
        self.mentioned.get(&id).copied().unwrap_or(0.0)
    }

    fn children(&self, id: PlaceId) -> f32 {
        self.children.get(&id).copied().unwrap_or(0.0)
    }
}

/// Candidates that take part in an apposition "A, B" where the A candidate
/// lies within the B candidate, keyed by (toponym index, candidate).
fn appositions(g: &Gazetteer, text: &str, toponyms: &[Toponym]) -> HashSet<(usize, PlaceId)> {
    let mut out = HashSet::new();
    for (ti, pair) in toponyms.windows(2).enumerate() {
        let [a, b] = pair else { continue };
        let comma = text
            .get(a.end..b.start)
            .is_some_and(|gap| gap.trim() == ",");
        if !comma {
            continue;
        }
        for &inner in &a.candidates {
            for &outer in &b.candidates {
                if inner != outer && g.within(inner, outer) {
                    out.insert((ti, inner));
                    out.insert((ti + 1, outer));
                }
            }
        }
    }
    out
}
