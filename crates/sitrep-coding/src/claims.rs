//! Claims about actors that are not events: how strong a group is, how
//! actors stand to each other, and what territory they hold.
//!
//! - strength: a strength word ("in size", "fighters", "compared to") and a
//!   figure that is not a toll, owned by the actor before it (possessive or
//!   subject) or right after it ("5,000 Taliban fighters"): "the Taliban
//!   has tripled in size since 2014 to up to 60,000" gives high = 60,000;
//!   "compared to ISIS-K's 1,000-2,000" gives 1,000-2,000;
//! - relation: a relation word between two actors ("a deep-seated rivalry
//!   with the long-entrenched Taliban", "the ANA supported by US forces");
//!   a possessive pronoun on one side ("their Taliban adversaries") stands
//!   for the armed group the report is about;
//! - control: a control word with its subject and object ("has limited
//!   control of a few rural districts in Afghanistan's north").

use std::collections::BTreeMap;
use std::ops::Range;

use sitrep_lexicon::Cue;
use sitrep_model::{ActorRef, Claim, ClaimBody, Date, GeoPrecision, Relation};
use sitrep_text::Qualifier;

use crate::analysis::{Analysis, Sentence};
use crate::casualties;
use crate::clauses;

/// Reads every claim of the report, merging repeats of one claim.
pub(crate) fn read_claims(a: &Analysis) -> Vec<Claim> {
    let mut out: Vec<(Claim, Vec<Range<usize>>)> = Vec::new();
    // Where each claim already read sits in `out`, by what makes two
    // claims the same: a lookup instead of a scan of every claim so far,
    // which was quadratic on a long page of claims.
    let mut seen: BTreeMap<ClaimKey, usize> = BTreeMap::new();
    for si in 0..a.sentences.len() {
        let s = &a.sentences[si];
        let hedged = s.cues.iter().any(|c| c.cue == Cue::Hedge);
        let mut found: Vec<ClaimBody> = Vec::new();
        found.extend(strength(a, si));
        found.extend(relations(a, si));
        found.extend(control(a, si));
        for body in found {
            let evidence = s.range.clone();
            let key = ClaimKey::of(&body);
            match seen.get(&key).and_then(|&i| out.get_mut(i)) {
                Some((c, ev)) => {
                    c.hedged &= hedged;
                    if !ev.contains(&evidence) {
                        ev.push(evidence);
                    }
                }
                None => {
                    seen.insert(key, out.len());
                    out.push((
                        Claim {
                            doc_id: a.doc.id.clone(),
                            body,
                            hedged,
                            evidence: Vec::new(),
                        },
                        vec![evidence],
                    ));
                }
            }
        }
    }
    out.into_iter()
        .map(|(mut c, ev)| {
            c.evidence = ev.into_iter().map(|r| a.to_original(r)).collect();
            c
        })
        .collect()
}

/// What makes two claims one claim: the same relation between the same
/// actors (in either order, except for support, which has a direction),
/// the same strength figures for an actor, the same territory for an
/// actor. Two bodies have equal keys exactly when [`same_claim`] holds.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum ClaimKey {
    Relation(Relation, ActorRef, ActorRef),
    Strength(ActorRef, Option<u64>, Option<u64>),
    Control(ActorRef, String),
}

impl ClaimKey {
    fn of(body: &ClaimBody) -> ClaimKey {
        match body {
            ClaimBody::Relation {
                actor1,
                actor2,
                relation,
            } => {
                let (x, y) = if *relation != Relation::Supports && actor2 < actor1 {
                    (actor2, actor1)
                } else {
                    (actor1, actor2)
                };
                ClaimKey::Relation(*relation, x.clone(), y.clone())
            }
            ClaimBody::Strength {
                actor, low, high, ..
            } => ClaimKey::Strength(actor.clone(), *low, *high),
            ClaimBody::Control {
                actor, territory, ..
            } => ClaimKey::Control(actor.clone(), territory.clone()),
        }
    }
}

/// Whether two claim bodies are one claim; [`ClaimKey`] is its index.
#[cfg(test)]
fn same_claim(x: &ClaimBody, y: &ClaimBody) -> bool {
    match (x, y) {
        (
            ClaimBody::Relation {
                actor1: a1,
                actor2: a2,
                relation: r,
            },
            ClaimBody::Relation {
                actor1: b1,
                actor2: b2,
                relation: q,
            },
        ) => {
            r == q && ((a1 == b1 && a2 == b2) || (*r != Relation::Supports && a1 == b2 && a2 == b1))
        }
        (
            ClaimBody::Strength {
                actor: a,
                low: l1,
                high: h1,
                ..
            },
            ClaimBody::Strength {
                actor: b,
                low: l2,
                high: h2,
                ..
            },
        ) => a == b && l1 == l2 && h1 == h2,
        (
            ClaimBody::Control {
                actor: a,
                territory: t1,
                ..
            },
            ClaimBody::Control {
                actor: b,
                territory: t2,
                ..
            },
        ) => a == b && t1 == t2,
        _ => false,
    }
}

/// Actor mentions of a sentence that can hold a claim: named actors and
/// state forces, not sources, not civilians, not unidentified groups (a
/// claim about "the two militant groups" says nothing about whom).
fn holders(a: &Analysis, s: &Sentence) -> Vec<usize> {
    s.actors
        .iter()
        .copied()
        .filter(|&ai| {
            let m = &a.actors[ai];
            !m.source
                && (m.named
                    || (m.armed() && m.role != Some(sitrep_actors::Role::UnidentifiedArmedGroup)))
        })
        .collect()
}

/// The date a claim speaks of: a point date in its sentence, else the
/// publication date.
fn as_of(a: &Analysis, s: &Sentence) -> Option<Date> {
    s.dates
        .iter()
        .find(|d| d.kind == sitrep_dates::DateKind::Point)
        .map(|d| d.latest)
        .or(Some(a.published))
}

const STRENGTH_NOUNS: &[&str] = &[
    "fighters",
    "members",
    "men",
    "militants",
    "troops",
    "soldiers",
    "cadres",
    "followers",
    "recruits",
    "personnel",
    "strong",
    "-strong",
    "insurgents",
    "combatants",
    "jihadists",
];

fn strength(a: &Analysis, si: usize) -> Vec<ClaimBody> {
    let s = &a.sentences[si];
    if !s.cues.iter().any(|c| c.cue == Cue::Strength) {
        return Vec::new();
    }
    // Figures that count the dead or injured are tolls, not strength.
    let mut tolls: Vec<Range<usize>> = Vec::new();
    for clause in clauses::clauses(s) {
        let cas = casualties::casualties(a, si, clause);
        tolls.extend(cas.victims.iter().map(|c| c.tokens.clone()));
    }
    let hs = holders(a, s);
    let mut out = Vec::new();
    for q in &s.quantities {
        let qs = s.token_at(q.start);
        let qe = s.token_at(q.end.saturating_sub(1)) + 1;
        if tolls.iter().any(|t| t.contains(&qs)) || q.value < 10 {
            continue;
        }
        let next = s.word(qe);
        let prev = s.word(qs.wrapping_sub(1));
        let after_actor = hs
            .iter()
            .copied()
            .find(|&ai| s.token_at(a.actors[ai].start) == qe);
        let fits = next.is_empty()
            || s.is_punct(qe)
            || STRENGTH_NOUNS.contains(&next)
            || after_actor.is_some()
            || matches!(
                prev,
                "to" | "'s" | "of" | "at" | "with" | "numbering" | "number"
            );
        if !fits {
            continue;
        }
        let possessor = hs
            .iter()
            .copied()
            .find(|&ai| s.token_at(a.actors[ai].end.saturating_sub(1)) + 2 == qs && prev == "'s");
        let subject = hs
            .iter()
            .rev()
            .copied()
            .find(|&ai| a.actors[ai].end <= q.start && a.actors[ai].named);
        let Some(ai) = possessor.or(after_actor).or(subject) else {
            continue;
        };
        let (low, high) = match q.qualifier {
            Qualifier::UpTo | Qualifier::AtMost | Qualifier::LessThan => {
                (q.low, q.high.or(Some(q.value)))
            }
            Qualifier::AtLeast | Qualifier::MoreThan => (Some(q.value), q.high),
            Qualifier::Exact => (
                Some(q.low.unwrap_or(q.value)),
                Some(q.high.unwrap_or(q.value)),
            ),
            Qualifier::About => (q.low.or(Some(q.value)), q.high.or(Some(q.value))),
        };
        out.push(ClaimBody::Strength {
            actor: a.actors[ai].actor.clone(),
            low,
            high,
            as_of: as_of(a, s),
        });
    }
    out
}

/// Relation words whose agent comes after them ("supported by X").
fn supporter_after(phrase: &str) -> bool {
    phrase.ends_with(" by")
        || phrase.ends_with(" of")
        || phrase.ends_with(" from")
        || phrase == "supporting"
}

fn relations(a: &Analysis, si: usize) -> Vec<ClaimBody> {
    let s = &a.sentences[si];
    let hs = holders(a, s);
    let topic = crate::frames::topic_before(a, s.range.start);
    let mut out = Vec::new();
    for c in &s.cues {
        let Cue::Relation(relation) = c.cue else {
            continue;
        };
        if s.preceded_by(c.tokens.start, 2, &["no", "not", "never", "without"]) {
            continue;
        }
        let phrase = a.text().get(c.start..c.end).unwrap_or("").to_lowercase();
        let left = hs
            .iter()
            .rev()
            .copied()
            .find(|&ai| a.actors[ai].end <= c.start);
        let right = hs.iter().copied().find(|&ai| a.actors[ai].start >= c.end);
        // "their Taliban adversaries", "its enemies": the pronoun stands for
        // the armed group the report is about. Only for symmetric relations.
        let possessive_pronoun = relation != Relation::Supports
            && (c.tokens.start.saturating_sub(3)..c.tokens.start)
                .any(|j| matches!(s.word(j), "their" | "its"));
        let (x, y) = match (left, right) {
            (Some(l), Some(r)) => (a.actors[l].actor.clone(), a.actors[r].actor.clone()),
            (Some(one), None) | (None, Some(one)) if possessive_pronoun => {
                let Some(t) = topic else { continue };
                (a.actors[t].actor.clone(), a.actors[one].actor.clone())
            }
            _ => continue,
        };
        if x == y {
            continue;
        }
        let (actor1, actor2): (ActorRef, ActorRef) =
            if relation == Relation::Supports && supporter_after(&phrase) {
                (y, x)
            } else {
                (x, y)
            };
        out.push(ClaimBody::Relation {
            actor1,
            actor2,
            relation,
        });
    }
    out
}

fn control(a: &Analysis, si: usize) -> Vec<ClaimBody> {
    let s = &a.sentences[si];
    let hs = holders(a, s);
    let mut out = Vec::new();
    for c in s.cues.iter().filter(|c| c.cue == Cue::Control) {
        if s.preceded_by(
            c.tokens.start,
            3,
            &[
                "no", "not", "never", "lost", "lose", "losing", "regain", "regained",
            ],
        ) {
            continue;
        }
        let phrase = a.text().get(c.start..c.end).unwrap_or("").to_lowercase();
        let actor = if phrase == "held by" {
            hs.iter().copied().find(|&ai| a.actors[ai].start >= c.end)
        } else {
            hs.iter()
                .rev()
                .copied()
                .find(|&ai| a.actors[ai].end <= c.start && a.actors[ai].named)
        };
        let Some(ai) = actor else { continue };
        // The territory: the words after the control word up to the end of
        // the clause.
        let from = c.tokens.end;
        let to = (from..s.tokens.len())
            .find(|&i| matches!(s.word(i), "." | ";" | "," | "and" | "but" | "while"))
            .unwrap_or(s.tokens.len());
        if to <= from {
            continue;
        }
        let span = s.tokens[from].start..s.tokens[to - 1].end;
        let territory = a.text().get(span.clone()).unwrap_or("").trim().to_string();
        if territory.is_empty() {
            continue;
        }
        let place = s
            .places
            .iter()
            .copied()
            .find(|&pi| {
                let p = &a.places[pi];
                span.start <= p.start && p.end <= span.end && !p.descriptive
            })
            .map(|pi| {
                let precision = match a.places[pi].kind {
                    sitrep_geo::FeatureKind::PopulatedPlace => GeoPrecision::Exact,
                    sitrep_geo::FeatureKind::Admin2 => GeoPrecision::Near,
                    _ => GeoPrecision::Region,
                };
                a.k.gazetteer.place(a.places[pi].id, precision)
            });
        out.push(ClaimBody::Control {
            actor: a.actors[ai].actor.clone(),
            place,
            territory,
            as_of: as_of(a, s),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_model::ActorType;

    /// The key [`read_claims`] merges by is the relation [`same_claim`]
    /// states, on every pair of a small set of bodies.
    #[test]
    fn keys_agree_with_same_claim() {
        let actor = |n: &str| ActorRef::new(n, ActorType::RebelGroups, None);
        let (x, y, z) = (actor("Taliban"), actor("ISIS-K"), actor("TTP"));
        let mut bodies = Vec::new();
        for relation in [Relation::Hostile, Relation::Allied, Relation::Supports] {
            for (p, q) in [(&x, &y), (&y, &x), (&x, &z), (&z, &y)] {
                bodies.push(ClaimBody::Relation {
                    actor1: p.clone(),
                    actor2: q.clone(),
                    relation,
                });
            }
        }
        for (low, high) in [
            (None, Some(60_000)),
            (Some(1_000), Some(2_000)),
            (None, None),
        ] {
            for a in [&x, &y] {
                bodies.push(ClaimBody::Strength {
                    actor: a.clone(),
                    low,
                    high,
                    as_of: None,
                });
            }
        }
        for territory in ["a few rural districts", "the north"] {
            for a in [&x, &z] {
                bodies.push(ClaimBody::Control {
                    actor: a.clone(),
                    place: None,
                    territory: territory.to_string(),
                    as_of: None,
                });
            }
        }
        for b in &bodies {
            for c in &bodies {
                assert_eq!(
                    ClaimKey::of(b) == ClaimKey::of(c),
                    same_claim(b, c),
                    "{b:?} / {c:?}"
                );
            }
        }
    }
}
