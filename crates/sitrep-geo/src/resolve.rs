//! Resolving toponyms: one candidate each, or none, in three passes.
//!
//! **Pass 1** scores every candidate from the document as a whole:
//! `score = prior + focus + hierarchy + hint - seat + apposition - shadow`,
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
//! - *seat*: −0.4 for a province whose capital or largest town (10,000+
//!   people) is also a candidate for the same name, or a district whose
//!   town is. So "Farah", "Herat", "Kabul" or "Spin Boldak" without a
//!   feature word is the town (which is how ACLED codes "in Farah"), and
//!   "Farah province" is the province. It lowers the division rather than
//!   raising the town, so being a seat gives a town no edge over same-name
//!   towns elsewhere.
//! - *apposition*: +1.0 to both sides of a containment phrase ("Paris,
//!   Texas", "Chora district of Uruzgan", "Uruzgan's Chora district",
//!   "al-Sankari village in Homs province") when the first lies within the
//!   second.
//! - *shadow*: −1.0 for a town under 100,000 people or a district named
//!   like a country or province it does not lie in ("California",
//!   Pennsylvania), unless apposition or a feature word supports it.
//!
//! **Pass 2** enforces containment phrases: when the text says A lies in B
//! and B resolved to a country or division, A takes its best candidate
//! inside B, or resolves to nothing unless it is large: the gazetteer then
//! lacks the place meant ("al-Sankari village in Homs province" is not
//! Sankari, India; the event belongs to Homs).
//!
//! **Pass 3** applies the document's country focus. A toponym is
//! *anchored* when its place needs no context (a country; a province of a
//! country of a million people; a city of 100,000, found by its exact
//! name) or the text supports it (a containment phrase, or another toponym
//! resolved to its province or to a place inside it). Each country's
//! evidence is the caller's weight plus 1 per anchored toponym (0.25 for a
//! country named as a modifier, "U.S. soldiers"). An unanchored place in a
//! country with less than half the evidence of the strongest country, when
//! that one has at least 1.0, is another place of the same name ("Taverna
//! restaurant ... in Kabul" is not Taverna, Italy): it takes the focus
//! country's candidate or resolves to nothing. A feature word anchors
//! nothing: it says what kind of place is meant, not which ("Palma
//! district" in a report from Mozambique is not Palma, Brazil). A spelling
//! variant (`Toponym::fuzzy`) is only taken in the focus country, or when
//! it is a country or a city of a million people.
//!
//! Ties go to the larger population, then the lower id, so the result does
//! not depend on hash-map order.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};

use sitrep_model::CountryCode;

use crate::image::FxBuild;
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
    let mut caller: BTreeMap<CountryCode, f32> = BTreeMap::new();
    for &(c, w) in &ctx.country_weights {
        let w = if w.is_finite() {
            w.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let slot = caller.entry(c).or_default();
        *slot = slot.max(w);
    }
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
    let relations = relations(text, toponyms);
    let apposition = appositions(g, toponyms, &relations);
    let neighbourhood = Neighbourhood::new(g, toponyms, &shares, &votes, NEAR_INDEX_POINTS);

    // Pass 1: every candidate's score from the document as a whole.
    let scores: Vec<Vec<f32>> = toponyms
        .iter()
        .enumerate()
        .map(|(ti, t)| {
            let own = &votes[ti];
            t.candidates
                .iter()
                .enumerate()
                .map(|(ci, &id)| {
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
                    // A town and its own division of the same name
                    // ("Kirkuk" the city and the province) share their
                    // neighbours: the hierarchy and the seat rule judge
                    // between them, not the neighbourhood.
                    if !names_own_division(g, id, &t.candidates) {
                        score += W_NEAR * neighbourhood.near(g, ti, id).min(NEAR_CAP);
                        score +=
                            W_SIBLING * neighbourhood.siblings(g, ti, id, &votes).min(SIBLING_CAP);
                    }
                    score += hint_bonus(t.kind_hint, e.kind);
                    if yields_to_seat(g, id, t) {
                        score -= W_SEAT;
                    }
                    if apposition.contains(&(ti, id)) {
                        score += W_APPOSITION;
                    } else if shadowed(g, id, &t.candidates) && t.kind_hint != Some(e.kind) {
                        score -= W_SHADOWED;
                    }
                    score
                })
                .collect()
        })
        .collect();
    let mut best: Vec<Option<PlaceId>> = toponyms
        .iter()
        .zip(&scores)
        .map(|(t, s)| best_of(g, &t.candidates, s, |_| true))
        .collect();

    // Pass 2: what the text says contains what ("al-Sankari village in
    // Homs province"). A place that the gazetteer puts elsewhere is
    // another place of the same name, and the gazetteer lacks the one
    // meant: the toponym resolves to nothing, unless it is large.
    let mut contained = vec![false; toponyms.len()];
    for r in relations.iter().filter(|r| !r.list) {
        let (Some(inner), Some(outer)) = (best[r.inner], best[r.outer]) else {
            continue;
        };
        if !is_container(g, outer) || level(g.kind(outer)) >= level(g.kind(inner)) {
            continue;
        }
        if plausibly_within(g, inner, outer) {
            contained[r.inner] = true;
            continue;
        }
        let t = &toponyms[r.inner];
        let within = best_of(g, &t.candidates, &scores[r.inner], |id| {
            plausibly_within(g, id, outer)
        });
        if within.is_some() {
            best[r.inner] = within;
            contained[r.inner] = true;
        } else if t.fuzzy || !large(g, inner) {
            // A feature word does not save it: "al-Sankari village in
            // Homs province" is not Sankari, India.
            best[r.inner] = None;
        }
    }

    // Pass 3: the document's country focus, from the places that need no
    // context, and the caller's hints. A place that has no support of its
    // own and lies outside the focus is another place of the same name
    // ("Taverna restaurant ... in Kabul" is not Taverna, Italy): it takes
    // the focus country's candidate, or resolves to nothing.
    let resolved = Resolved::new(g, &best);
    let anchored: Vec<bool> = (0..toponyms.len())
        .map(|ti| {
            best[ti].is_some_and(|id| {
                contained[ti] || self_evident(g, id, &toponyms[ti]) || resolved.supports(g, id)
            })
        })
        .collect();
    let mut evidence: BTreeMap<CountryCode, f32> = caller.clone();
    for (ti, id) in best.iter().enumerate() {
        if let Some(id) = *id
            && anchored[ti]
        {
            let w = if g.kind(id) == FeatureKind::Country && modifier(text, &toponyms[ti]) {
                W_MODIFIER
            } else {
                1.0
            };
            *evidence.entry(g.country_of(id)).or_default() += w;
        }
    }
    let strongest = evidence
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(&c, &w)| (c, w));
    for (ti, t) in toponyms.iter().enumerate() {
        let Some(id) = best[ti] else { continue };
        if anchored[ti] && !t.fuzzy {
            continue;
        }
        let own = evidence.get(&g.country_of(id)).copied().unwrap_or(0.0);
        let Some((focus, focus_weight)) = strongest else {
            // No evidence anywhere: an unsupported place stands, but not a
            // spelling variant.
            if t.fuzzy && !famous(g, id) {
                best[ti] = None;
            }
            continue;
        };
        let elsewhere = focus != g.country_of(id)
            && focus_weight >= FOCUS_EVIDENCE
            && own < FOCUS_SHARE * focus_weight;
        // A spelling variant must be in the focus country, or very large.
        let fits = |id: PlaceId| famous(g, id) || (g.country_of(id) == focus && focus_weight > 0.0);
        if elsewhere || (t.fuzzy && !fits(id)) {
            best[ti] = best_of(g, &t.candidates, &scores[ti], |c| {
                g.country_of(c) == focus && (!t.fuzzy || fits(c))
            })
            .or_else(|| {
                // A fuzzy toponym's large candidate elsewhere still does.
                (t.fuzzy && !elsewhere && famous(g, id)).then_some(id)
            });
        }
    }
    one_sense_per_document(toponyms, &scores, &contained, &mut best);
    best
}

/// A name written several times in a report means one place: each group
/// of toponyms with the same candidates and the same feature word takes
/// the sense its mentions support best together, or the sense the text
/// fixes for one of them ("Paris, Texas ... Paris"). Mentions resolved to
/// nothing stay so (the text contradicted every candidate there).
fn one_sense_per_document(
    toponyms: &[Toponym],
    scores: &[Vec<f32>],
    contained: &[bool],
    best: &mut [Option<PlaceId>],
) {
    let mut done = vec![false; toponyms.len()];
    for ti in 0..toponyms.len() {
        if done[ti] {
            continue;
        }
        let t = &toponyms[ti];
        let members: Vec<usize> = (ti..toponyms.len())
            .filter(|&tj| {
                let u = &toponyms[tj];
                u.candidates == t.candidates && u.kind_hint == t.kind_hint && u.fuzzy == t.fuzzy
            })
            .collect();
        for &m in &members {
            done[m] = true;
        }
        if members.len() < 2 {
            continue;
        }
        let fixed = members
            .iter()
            .find(|&&m| contained[m] && best[m].is_some())
            .and_then(|&m| best[m]);
        let sense = fixed.or_else(|| {
            // The picked senses, each with its score summed over the group.
            let mut picked: Vec<(f32, PlaceId)> = Vec::new();
            for &m in &members {
                let Some(id) = best[m] else { continue };
                if picked.iter().any(|p| p.1 == id) {
                    continue;
                }
                let ci = t.candidates.iter().position(|&c| c == id);
                let sum = members
                    .iter()
                    .filter_map(|&k| ci.and_then(|ci| scores[k].get(ci)))
                    .sum::<f32>();
                picked.push((sum, id));
            }
            picked
                .into_iter()
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
                .map(|p| p.1)
        });
        for &m in &members {
            if best[m].is_some() {
                best[m] = sense;
            }
        }
    }
}

/// Weight of nearby places named elsewhere in the report, per place (see
/// [`Neighbourhood::near`]), and the most it counts.
const W_NEAR: f32 = 0.8;
const NEAR_CAP: f32 = 2.0;
/// Weight of the report's places in the same first-level division, and
/// the most it counts.
const W_SIBLING: f32 = 1.0;
const SIBLING_CAP: f32 = 1.0;
/// Within this distance another place fully supports a candidate; beyond
/// [`NEAR_FAR_KM`] not at all.
const NEAR_KM: f32 = 40.0;
const NEAR_FAR_KM: f32 = 160.0;
/// Candidates with a smaller vote share are ignored as neighbours.
const NEAR_MIN_SHARE: f32 = 0.02;

/// The report's other names, grouped so that a name written five times
/// counts once: where their candidates lie (points of towns and districts
/// whose point is their own) and which first-level divisions their
/// candidates lie in. Local news names places near each other: "Palestine"
/// with "Tennessee Colony" and "Anderson County" is Palestine, Texas;
/// "Columbus" with "Dublin" and "Worthington" is Columbus, Ohio.
struct Neighbourhood {
    /// Each toponym's name group.
    group: Vec<usize>,
    /// By group: (lat, lon, share) of its located candidates.
    points: Vec<Vec<(f32, f32, f32)>>,
    /// By group: its vote (of its first toponym).
    votes: Vec<usize>,
    /// The sum of the groups' votes.
    total: Votes,
    /// For a report with many located candidates (a huge single document):
    /// every group's points by grid cell, so that [`Neighbourhood::near`]
    /// reads the cells around a candidate instead of every group, and its
    /// answers by (group, candidate), since a name written a thousand times
    /// asks the same question a thousand times. `None` for ordinary reports,
    /// where the plain pass is cheaper; both give the same figures.
    index: Option<NearIndex>,
}

/// A report whose name groups have at least this many located candidates
/// in all gets a [`NearIndex`].
const NEAR_INDEX_POINTS: usize = 512;
/// The grid's cell, in degrees: the latitude span of [`NEAR_FAR_KM`].
const NEAR_CELL_DEG: f32 = NEAR_FAR_KM / 111.2;

struct NearIndex {
    /// Grid cell -> (group, point) of the points in it.
    cells: HashMap<(i32, i32), Vec<(u32, u32)>, FxBuild>,
    memo: RefCell<HashMap<(usize, PlaceId), f32, FxBuild>>,
}

fn near_cell(deg: f32) -> i32 {
    (deg / NEAR_CELL_DEG).floor() as i32
}

/// What another name's candidate at (`lat`, `lon`) with vote share `share`
/// lends a candidate at `e_lat`, `e_lon` (`cos` the cosine of `e_lat`).
fn near_support(e_lat: f32, e_lon: f32, cos: f32, (lat, lon, share): (f32, f32, f32)) -> f32 {
    let (dy, dx) = (lat - e_lat, (lon - e_lon) * cos);
    let d = 111.2 * (dx * dx + dy * dy).sqrt();
    share * ((NEAR_FAR_KM - d) / (NEAR_FAR_KM - NEAR_KM)).clamp(0.0, 1.0)
}

impl NearIndex {
    fn new(points: &[Vec<(f32, f32, f32)>]) -> Self {
        let mut cells: HashMap<(i32, i32), Vec<(u32, u32)>, FxBuild> = HashMap::default();
        for (k, pts) in points.iter().enumerate() {
            for (pi, &(lat, lon, _)) in pts.iter().enumerate() {
                cells
                    .entry((near_cell(lat), near_cell(lon)))
                    .or_default()
                    .push((k as u32, pi as u32));
            }
        }
        NearIndex {
            cells,
            memo: RefCell::new(HashMap::default()),
        }
    }
}

impl Neighbourhood {
    /// `index_at`: the number of located candidates from which the report
    /// gets a [`NearIndex`] ([`NEAR_INDEX_POINTS`]; tests vary it).
    fn new(
        g: &Gazetteer,
        toponyms: &[Toponym],
        shares: &[Vec<f32>],
        votes: &[Votes],
        index_at: usize,
    ) -> Self {
        let mut group = Vec::with_capacity(toponyms.len());
        let mut firsts: Vec<usize> = Vec::new();
        let mut by_candidates: HashMap<&[PlaceId], usize, FxBuild> = HashMap::default();
        for (ti, t) in toponyms.iter().enumerate() {
            let k = *by_candidates
                .entry(t.candidates.as_slice())
                .or_insert_with(|| {
                    firsts.push(ti);
                    firsts.len() - 1
                });
            group.push(k);
        }
        let points: Vec<Vec<(f32, f32, f32)>> = firsts
            .iter()
            .map(|&f| {
                toponyms[f]
                    .candidates
                    .iter()
                    .zip(&shares[f])
                    .filter(|&(&id, &s)| s >= NEAR_MIN_SHARE && located(g, id))
                    .map(|(&id, &s)| {
                        let e = g.entry(id);
                        (e.lat, e.lon, s)
                    })
                    .collect()
            })
            .collect();
        let mut total = Votes::default();
        for &f in &firsts {
            total.add(&votes[f]);
        }
        let index = (points.iter().map(Vec::len).sum::<usize>() >= index_at)
            .then(|| NearIndex::new(&points));
        Neighbourhood {
            group,
            points,
            votes: firsts,
            total,
            index,
        }
    }

    /// How many of the report's other names have a likely candidate near
    /// `id` (a town or a district with its own point): each counts by its
    /// candidate's vote share, fully within 40 km, not at all past 160 km.
    fn near(&self, g: &Gazetteer, ti: usize, id: PlaceId) -> f32 {
        if !located(g, id) {
            return 0.0;
        }
        let own = self.group.get(ti).copied();
        let Some(index) = &self.index else {
            return self.near_all(g, own, id);
        };
        let key = (own.unwrap_or(usize::MAX), id);
        if let Some(&v) = index.memo.borrow().get(&key) {
            return v;
        }
        let v = self.near_indexed(g, index, own, id);
        index.memo.borrow_mut().insert(key, v);
        v
    }

    /// [`Neighbourhood::near`] by a pass over every group.
    fn near_all(&self, g: &Gazetteer, own: Option<usize>, id: PlaceId) -> f32 {
        let e = g.entry(id);
        let cos = e.lat.to_radians().cos();
        let mut support = 0.0;
        for (k, pts) in self.points.iter().enumerate() {
            if Some(k) == own {
                continue;
            }
            let best = pts
                .iter()
                .map(|&p| near_support(e.lat, e.lon, cos, p))
                .fold(0.0f32, f32::max);
            support += best;
        }
        support
    }

    /// [`Neighbourhood::near`] from the grid: only points in the cells
    /// within [`NEAR_FAR_KM`] (one cell more on every side for rounding)
    /// can lend anything. Each group's best is summed in group order, as in
    /// [`Neighbourhood::near_all`]; groups that lend nothing add 0.0 there,
    /// which changes no sum, so the figure is the same to the bit.
    fn near_indexed(
        &self,
        g: &Gazetteer,
        index: &NearIndex,
        own: Option<usize>,
        id: PlaceId,
    ) -> f32 {
        let e = g.entry(id);
        let cos = e.lat.to_radians().cos();
        // A degree of longitude is `cos` as long as one of latitude; near
        // the poles the cells to read span every longitude.
        let lon_span = NEAR_CELL_DEG / cos;
        if !(cos > 0.01 && lon_span < 90.0) {
            return self.near_all(g, own, id);
        }
        let (lat0, lat1) = (
            near_cell(e.lat - NEAR_CELL_DEG) - 1,
            near_cell(e.lat + NEAR_CELL_DEG) + 1,
        );
        let (lon0, lon1) = (
            near_cell(e.lon - lon_span) - 1,
            near_cell(e.lon + lon_span) + 1,
        );
        let mut best: Vec<(u32, f32)> = Vec::new();
        for la in lat0..=lat1 {
            for lo in lon0..=lon1 {
                let Some(cell) = index.cells.get(&(la, lo)) else {
                    continue;
                };
                for &(k, pi) in cell {
                    if Some(k as usize) == own {
                        continue;
                    }
                    let v = near_support(e.lat, e.lon, cos, self.points[k as usize][pi as usize]);
                    if v > 0.0 {
                        best.push((k, v));
                    }
                }
            }
        }
        // Per group the largest, in group order (points of one group were
        // pushed in cell order, not in their own order; max does not care).
        best.sort_unstable_by_key(|&(k, _)| k);
        let mut support = 0.0;
        let mut i = 0;
        while i < best.len() {
            let k = best[i].0;
            let mut m = 0.0f32;
            while i < best.len() && best[i].0 == k {
                m = m.max(best[i].1);
                i += 1;
            }
            support += m;
        }
        support
    }

    /// How much of the report's other names' vote falls on places in the
    /// first-level division `id` lies in ("Huntsville" and "Walker County"
    /// both have candidates in Texas).
    fn siblings(&self, g: &Gazetteer, ti: usize, id: PlaceId, votes: &[Votes]) -> f32 {
        let e = g.entry(id);
        if !matches!(e.kind, FeatureKind::PopulatedPlace | FeatureKind::Admin2) || e.admin1 == NO_ID
        {
            return 0.0;
        }
        let a1 = PlaceId(e.admin1);
        let own = self
            .group
            .get(ti)
            .and_then(|&k| self.votes.get(k))
            .and_then(|&f| votes.get(f))
            .map_or(0.0, |v| v.children(a1));
        (self.total.children(a1) - own).max(0.0)
    }
}

/// `id` is a town and one of `candidates` (the other senses of its name)
/// is the division it lies in, or `id` is a division and one of them a
/// town inside it.
fn names_own_division(g: &Gazetteer, id: PlaceId, candidates: &[PlaceId]) -> bool {
    let town = |c: PlaceId| g.kind(c) == FeatureKind::PopulatedPlace;
    let division = |c: PlaceId| matches!(g.kind(c), FeatureKind::Admin1 | FeatureKind::Admin2);
    candidates.iter().any(|&c| {
        c != id
            && ((town(id) && division(c) && g.within(id, c))
                || (division(id) && town(c) && g.within(c, id)))
    })
}

/// A town, or a district whose point is its own (not its province's
/// centroid, which stands in for a district the sources give no point).
fn located(g: &Gazetteer, id: PlaceId) -> bool {
    match g.kind(id) {
        FeatureKind::PopulatedPlace => true,
        FeatureKind::Admin2 => g.has_own_point(id),
        _ => false,
    }
}

/// How much evidence a country needs (a country named, a province, a large
/// city, or a caller's hint of 1.0) before small places elsewhere yield.
const FOCUS_EVIDENCE: f32 = 1.0;
/// A small place keeps its country when that country has at least this
/// share of the strongest country's evidence.
const FOCUS_SHARE: f32 = 0.5;
/// Places this large need no context to be what they are.
const ANCHOR_POPULATION: u32 = 100_000;
/// First-level divisions of countries this populous need no context
/// either; those of micro-states and territories do.
const ANCHOR_COUNTRY_POPULATION: u32 = 1_000_000;
/// Cities this large may be found through a spelling variant anywhere.
const FAMOUS_POPULATION: u32 = 1_000_000;
/// What a country named as a modifier ("U.S. soldiers") adds to its
/// country's evidence.
const W_MODIFIER: f32 = 0.25;

/// The best-scoring candidate that passes `keep`; ties go to the larger
/// population, then the lower id.
fn best_of(
    g: &Gazetteer,
    candidates: &[PlaceId],
    scores: &[f32],
    keep: impl Fn(PlaceId) -> bool,
) -> Option<PlaceId> {
    let mut best: Option<(f32, u32, PlaceId)> = None;
    for (&id, &score) in candidates.iter().zip(scores) {
        if !keep(id) {
            continue;
        }
        let pop = g.entry(id).population;
        let better = match best {
            None => true,
            Some((s, p, b)) => {
                score > s
                    || (score == s && (pop, std::cmp::Reverse(id)) > (p, std::cmp::Reverse(b)))
            }
        };
        if better {
            best = Some((score, pop, id));
        }
    }
    best.map(|(_, _, id)| id)
}

/// A place known well enough to need no context: a country, a province
/// of a country of a million people, a city of 100,000.
fn large(g: &Gazetteer, id: PlaceId) -> bool {
    let e = g.entry(id);
    match e.kind {
        FeatureKind::Country => true,
        FeatureKind::Admin1 => g.country_population(e.country) >= ANCHOR_COUNTRY_POPULATION,
        FeatureKind::Admin2 => false,
        FeatureKind::PopulatedPlace => e.population >= ANCHOR_POPULATION,
    }
}

/// A place known the world over: a country or a city of a million people.
/// Only these are taken from a spelling variant without a focus.
fn famous(g: &Gazetteer, id: PlaceId) -> bool {
    let e = g.entry(id);
    match e.kind {
        FeatureKind::Country => true,
        FeatureKind::PopulatedPlace => e.population >= FAMOUS_POPULATION,
        _ => false,
    }
}

/// Function words that may follow a country named as a place ("in Syria
/// and Iraq", "in Afghanistan on Monday").
const PLACE_FOLLOWERS: &[&str] = &[
    "and", "or", "on", "in", "at", "to", "from", "with", "for", "by", "as", "since", "until",
    "after", "before", "during", "but", "was", "were", "is", "are", "has", "have", "had", "where",
    "which", "that", "who", "when", "while", "near", "between", "into", "over", "under", "through",
    "across", "along", "last", "this", "earlier", "later",
];

/// Whether a country is named as a modifier of the next word ("U.S.
/// soldiers", "Pakistan Army", "the Afghanistan war"): that says less
/// about where a report is than "in Afghanistan".
fn modifier(text: &str, t: &Toponym) -> bool {
    if t.kind_hint.is_some() {
        return false;
    }
    let after = text.get(t.end..).unwrap_or("");
    // "U.S." ends in a period that is not part of the span.
    let after = after.strip_prefix('.').unwrap_or(after);
    let Some(rest) = after.strip_prefix(' ') else {
        return false;
    };
    let word = rest
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    word.chars().next().is_some_and(char::is_alphabetic)
        && !PLACE_FOLLOWERS.contains(&word.as_str())
}

/// Whether a resolution stands on its own: a large place found by its
/// exact name. A feature word is no such support: it tells what kind of
/// place is meant, not which one ("Palma district" in a report from
/// Mozambique is not Palma, Brazil).
fn self_evident(g: &Gazetteer, id: PlaceId, t: &Toponym) -> bool {
    !t.fuzzy && large(g, id)
}

/// Whether another toponym resolved to a division `id` lies in, or to a
/// place that lies in `id`.
struct Resolved {
    /// Resolved places that are not countries.
    places: HashSet<PlaceId>,
    /// Containers that hold one of them: their country, their first-level
    /// division, and a town's district.
    holders: HashSet<PlaceId>,
}

impl Resolved {
    /// Indexes the document's resolved places once, so that each toponym's
    /// support is a few lookups, not a pass over the document (which made
    /// a huge single document quadratic).
    fn new(g: &Gazetteer, best: &[Option<PlaceId>]) -> Resolved {
        let mut places = HashSet::new();
        let mut holders = HashSet::new();
        for &other in best.iter().flatten() {
            let e = g.entry(other);
            if e.kind == FeatureKind::Country {
                continue;
            }
            places.insert(other);
            if let Some(&c) = g.country_place.get(usize::from(e.country)) {
                holders.insert(c);
            }
            if e.admin1 != NO_ID && e.admin1 != other.0 {
                holders.insert(PlaceId(e.admin1));
            }
            if e.kind == FeatureKind::PopulatedPlace && e.admin2 != NO_ID {
                holders.insert(PlaceId(e.admin2));
            }
        }
        Resolved { places, holders }
    }

    /// Another toponym of the document resolved to `id`'s province or
    /// district, or (for a country or division) to a place inside it.
    /// `id` is itself one of the document's resolutions; other mentions
    /// of the same place do not count.
    fn supports(&self, g: &Gazetteer, id: PlaceId) -> bool {
        let e = g.entry(id);
        let parent = e.kind != FeatureKind::Country
            && [e.admin1, e.admin2]
                .into_iter()
                .any(|a| a != NO_ID && a != id.0 && self.places.contains(&PlaceId(a)));
        parent || (e.kind != FeatureKind::PopulatedPlace && self.holders.contains(&id))
    }
}

/// Countries, first- and second-level divisions can contain places.
fn is_container(g: &Gazetteer, id: PlaceId) -> bool {
    g.kind(id) != FeatureKind::PopulatedPlace
}

fn level(kind: FeatureKind) -> u8 {
    match kind {
        FeatureKind::Country => 0,
        FeatureKind::Admin1 => 1,
        FeatureKind::Admin2 => 2,
        FeatureKind::PopulatedPlace => 3,
    }
}

/// [`Gazetteer::within`], and also when the gazetteer does not know the
/// level in between: a town without a district lies plausibly in every
/// district of its province, one without a province in every province of
/// its country.
fn plausibly_within(g: &Gazetteer, inner: PlaceId, outer: PlaceId) -> bool {
    if g.within(inner, outer) {
        return true;
    }
    let (i, o) = (g.entry(inner), g.entry(outer));
    if i.country != o.country {
        return false;
    }
    match (o.kind, i.kind) {
        (FeatureKind::Admin1, FeatureKind::Admin2 | FeatureKind::PopulatedPlace) => {
            i.admin1 == NO_ID
        }
        (FeatureKind::Admin2, FeatureKind::PopulatedPlace) => {
            i.admin2 == NO_ID && (i.admin1 == o.admin1 || i.admin1 == NO_ID)
        }
        _ => false,
    }
}

/// Whether a division yields to its seat, a same-name town that is also a
/// candidate for the toponym: a province's capital or largest town, of
/// 10,000 people or more ("Farah"), or a district's town ("Spin Boldak", Santiago in
/// Chile's Provincia de Santiago), when no feature word asks for the
/// division. Without a feature word ACLED codes "in Farah" at the town.
/// The division loses points rather than the town gaining them, so that
/// being a seat does not help a town against same-name towns elsewhere.
fn yields_to_seat(g: &Gazetteer, id: PlaceId, t: &Toponym) -> bool {
    let division = g.entry(id);
    if !matches!(division.kind, FeatureKind::Admin1 | FeatureKind::Admin2)
        || t.kind_hint
            .is_some_and(|h| h != FeatureKind::PopulatedPlace)
    {
        return false;
    }
    t.candidates.iter().any(|&c| {
        let e = g.entry(c);
        if e.kind != FeatureKind::PopulatedPlace {
            return false;
        }
        match division.kind {
            // The gazetteer places a province at its capital (Afghanistan)
            // or its largest town: a same-name town elsewhere in it, like
            // Santa Fe de Antioquia, is not its seat.
            FeatureKind::Admin1 => {
                e.admin1 == id.0
                    && e.population >= SEAT_POPULATION
                    && e.lat == division.lat
                    && e.lon == division.lon
            }
            // Outside Afghanistan towns have no district link, but the
            // gazetteer places a district at its same-name seat.
            _ => {
                e.admin2 == id.0
                    || (e.admin2 == NO_ID
                        && e.admin1 == division.admin1
                        && e.lat == division.lat
                        && e.lon == division.lon)
            }
        }
    })
}

/// Whether a populated place or second-level division shares its name with
/// countries or first-level divisions and lies in none of them.
fn shadowed(g: &Gazetteer, id: PlaceId, candidates: &[PlaceId]) -> bool {
    // A large city is better known than a division named after it
    // (Santiago de Chile, and Santiago province in the Dominican Republic).
    if matches!(g.kind(id), FeatureKind::Country | FeatureKind::Admin1)
        || g.population(id) >= ANCHOR_POPULATION
    {
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

/// The text says that toponym `inner` lies in toponym `outer`: "Paris,
/// Texas", "al-Sankari village in Homs province", "Chora district of
/// Uruzgan", "Uruzgan's Chora district", "Takeo, in Burkina Faso".
#[derive(Debug, Clone, Copy)]
struct Relation {
    inner: usize,
    outer: usize,
    /// Said only by a comma in a list of names ("Farah, Herat and
    /// Badghis"), where the comma may just separate two places.
    list: bool,
}

/// Words allowed between two toponyms in a containment phrase, besides
/// "in", "of", commas and possessives: "in the south of", "in northern".
const RELATION_FILLERS: &[&str] = &[
    "the",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "area",
    "part",
    "parts",
    "outskirts",
    "restive",
    "remote",
    "neighbouring",
    "neighboring",
    "volatile",
    "troubled",
    "province",
    "district",
];

fn relations(text: &str, toponyms: &[Toponym]) -> Vec<Relation> {
    let mut out = Vec::new();
    for (ti, pair) in toponyms.windows(2).enumerate() {
        let [a, b] = pair else { continue };
        let Some(gap) = text.get(a.end..b.start) else {
            continue;
        };
        // "Burkina Faso's Sahel Region": the second lies in the first.
        if let Some(rest) = gap
            .strip_prefix("'s")
            .or_else(|| gap.strip_prefix("\u{2019}s"))
            .or_else(|| gap.strip_prefix('\''))
            && rest.starts_with(' ')
            && rest
                .split_whitespace()
                .all(|w| RELATION_FILLERS.contains(&w.to_ascii_lowercase().as_str()))
        {
            out.push(Relation {
                inner: ti + 1,
                outer: ti,
                list: false,
            });
            continue;
        }
        let spaced = gap.replace(',', " , ");
        let words: Vec<String> = spaced
            .split_whitespace()
            .map(str::to_ascii_lowercase)
            .collect();
        let comma = words.iter().any(|w| w == ",");
        let locative = words.iter().any(|w| w == "in");
        // "of" only after a feature word: "Chora district of Uruzgan", not
        // "Governor of Kandahar" (no toponym before it anyway).
        let of = a.kind_hint.is_some() && words.iter().any(|w| w == "of");
        let allowed = words.iter().all(|w| {
            matches!(w.as_str(), "," | "in" | "of") || RELATION_FILLERS.contains(&w.as_str())
        });
        if words.is_empty() || !allowed || !(comma || locative || of) {
            continue;
        }
        // "Farah, Herat and Badghis": a comma alone, and the second name
        // is followed by another one, or the first preceded by one.
        let listed = |x: &Toponym, y: &Toponym| {
            text.get(x.end..y.start).is_some_and(|g| {
                matches!(g.trim(), "," | "and" | ", and" | "or" | ", or" | "&" | "/")
            })
        };
        let list = !locative
            && !of
            && (toponyms.get(ti + 2).is_some_and(|c| listed(b, c))
                || ti.checked_sub(1).is_some_and(|p| listed(&toponyms[p], a)));
        out.push(Relation {
            inner: ti,
            outer: ti + 1,
            list,
        });
    }
    out
}

/// Candidates that take part in a containment phrase where the inner
/// candidate does lie within the outer one, keyed by (toponym index,
/// candidate).
fn appositions(
    g: &Gazetteer,
    toponyms: &[Toponym],
    relations: &[Relation],
) -> HashSet<(usize, PlaceId)> {
    let mut out = HashSet::new();
    for r in relations {
        let (Some(a), Some(b)) = (toponyms.get(r.inner), toponyms.get(r.outer)) else {
            continue;
        };
        for &inner in &a.candidates {
            for &outer in &b.candidates {
                if inner != outer && g.within(inner, outer) {
                    out.insert((r.inner, inner));
                    out.insert((r.outer, outer));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The grid and the memo give the figures of the plain pass, to the bit,
    /// for every candidate of every name of a report that names places all
    /// over the world (near the poles too) and names many of them again.
    #[test]
    fn indexed_neighbourhood_equals_the_plain_pass() {
        let g = Gazetteer::embedded().expect("the embedded gazetteer loads");
        let names = [
            "Kabul",
            "Kandahar",
            "Herat",
            "Ghor",
            "Chaghcharan",
            "Springfield",
            "Columbus",
            "Dublin",
            "Worthington",
            "Palestine",
            "Paris",
            "London",
            "Moscow",
            "Aleppo",
            "Homs",
            "Mosul",
            "Kirkuk",
            "Tromso",
            "Longyearbyen",
            "Murmansk",
            "Nuuk",
            "Ushuaia",
            "Lagos",
            "Maiduguri",
            "Mogadishu",
            "Kismayo",
            "Jakarta",
            "Manila",
            "Lima",
            "Quito",
            "Auckland",
            "Fiji",
            "Anchorage",
            "Barrow",
            "Georgia",
            "Jordan",
            "Lebanon",
            "Tripoli",
            "Benghazi",
        ];
        let mut text = String::new();
        for round in 0..3 {
            for (i, n) in names.iter().enumerate() {
                if (i + round) % 3 != 0 {
                    text.push_str(&format!("Fighting was reported in {n} on Monday. "));
                }
            }
        }
        let toponyms = g.find_toponyms(&text);
        assert!(toponyms.len() > 40, "{} toponyms", toponyms.len());
        let shares: Vec<Vec<f32>> = toponyms
            .iter()
            .map(|t| vec![1.0 / t.candidates.len().max(1) as f32; t.candidates.len()])
            .collect();
        let votes: Vec<Votes> = toponyms
            .iter()
            .zip(&shares)
            .map(|(t, s)| Votes::of(&g, &t.candidates, s))
            .collect();
        let plain = Neighbourhood::new(&g, &toponyms, &shares, &votes, usize::MAX);
        let indexed = Neighbourhood::new(&g, &toponyms, &shares, &votes, 0);
        assert!(plain.index.is_none() && indexed.index.is_some());
        let mut compared = 0;
        let mut nonzero = 0;
        for _ in 0..2 {
            for (ti, t) in toponyms.iter().enumerate() {
                for &id in &t.candidates {
                    let (a, b) = (plain.near(&g, ti, id), indexed.near(&g, ti, id));
                    assert_eq!(
                        a.to_bits(),
                        b.to_bits(),
                        "{:?} {id:?}: {a} vs {b}",
                        &text[t.start..t.end]
                    );
                    compared += 1;
                    nonzero += usize::from(a > 0.0);
                }
            }
        }
        assert!(
            nonzero > 10,
            "only {nonzero} of {compared} candidates have neighbours"
        );
    }
}
