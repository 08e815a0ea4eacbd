//! Counting the dead and the injured in a clause.
//!
//! News ledes state tolls in a handful of shapes: "killing 38 passengers
//! and all 9 crew members", "at least twelve people were killed", "one
//! person was killed and 23 were wounded", "killing a Canadian soldier and
//! an Afghan civilian", "Ten, including policemen and custom staff, were
//! killed". sitrep finds counted noun phrases (a quantity or "a/an/one"
//! before a person noun), finds the words that say death or injury, and
//! attaches each phrase to the nearest such word on its left (object:
//! "killing N") or right (subject: "N were killed"). Coordinated phrases
//! share their anchor. Phrases introduced by "including" or "among them"
//! name a subset and are not added.
//!
//! ACLED's rules apply: the most conservative figure, vague words as
//! numbers ("dozens" = 12), unknown is `None` and not zero, and attackers
//! who die (a suicide bomber) count.

use std::ops::Range;

use sitrep_lexicon::{Cue, TriggerClass, VictimKind};

use crate::analysis::{Analysis, Sentence};

/// A counted group of people in a clause.
#[derive(Debug, Clone)]
pub(crate) struct Count {
    pub value: u32,
    pub kind: VictimKind,
    /// Token range of the phrase.
    pub tokens: Range<usize>,
    /// The phrase names attackers ("the bomber", "two gunmen").
    pub attacker: bool,
    /// The actor mention inside the phrase ("five policemen"), if any.
    pub actor: Option<usize>,
    /// A subset of another count ("including three children").
    pub subset: bool,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Casualties {
    /// People killed, attackers included; `None` when the clause gives no
    /// figure.
    pub killed: Option<u32>,
    pub injured: Option<u32>,
    /// Attackers among the killed.
    pub attackers_killed: u32,
    /// The counted phrases attached to death or injury words.
    pub victims: Vec<Count>,
}

const ATTACKER_WORDS: &[&str] = &[
    "attacker",
    "attackers",
    "assailant",
    "assailants",
    "gunman",
    "gunmen",
    "bomber",
    "bombers",
    "hijacker",
    "hijackers",
    "perpetrator",
    "perpetrators",
    "militant",
    "militants",
];

/// Words that may stand between a counted phrase and the verb that tells
/// what happened to it ("were reportedly killed").
const AUX: &[&str] = &[
    "were",
    "was",
    "have",
    "has",
    "had",
    "been",
    "be",
    "are",
    "is",
    "reportedly",
    "also",
    "later",
    "all",
    "both",
    "allegedly",
    "confirmed",
    "reported",
    "being",
    "got",
    "subsequently",
    "initially",
    "eventually",
    "immediately",
    "instantly",
    "either",
    "each",
    "now",
    "feared",
    "believed",
    "thought",
    "said",
    "to",
    "have",
    "left",
];

/// Whether a lexicon match says somebody died.
fn death_anchor(s: &Sentence, cue: &sitrep_lexicon::CueMatch) -> bool {
    match cue.cue {
        Cue::Death => true,
        Cue::Trigger(TriggerClass::Kill | TriggerClass::Massacre | TriggerClass::Execute) => true,
        Cue::Trigger(TriggerClass::Shooting | TriggerClass::Stab | TriggerClass::Attack) => {
            // "shot dead", "gunned down", "hacked to death", "beat to death".
            cue.tokens
                .clone()
                .any(|i| matches!(s.word(i), "dead" | "death" | "down" | "kill" | "killed"))
        }
        _ => false,
    }
}

fn injury_anchor(cue: &sitrep_lexicon::CueMatch) -> bool {
    matches!(cue.cue, Cue::Injury)
}

/// Reads the casualties of one clause (a token range of a sentence).
pub(crate) fn casualties(a: &Analysis, si: usize, clause: Range<usize>) -> Casualties {
    let s = &a.sentences[si];
    let counts = counted_phrases(a, si, clause.clone());
    let anchors: Vec<(usize, usize, bool)> = s
        .cues
        .iter()
        .filter(|c| clause.contains(&c.tokens.start))
        .filter_map(|c| {
            if death_anchor(s, c) {
                Some((c.tokens.start, c.tokens.end, true))
            } else if injury_anchor(c) {
                Some((c.tokens.start, c.tokens.end, false))
            } else {
                None
            }
        })
        .collect();

    let mut out = Casualties::default();
    let mut attached: Vec<Option<bool>> = vec![None; counts.len()];
    for (ci, c) in counts.iter().enumerate() {
        // A phrase coordinated with the previous one ("38 passengers and
        // all 9 crew members") shares its anchor.
        if ci > 0
            && let Some(prev) = attached[ci - 1]
            && coordinated(s, counts[ci - 1].tokens.end, c.tokens.start)
        {
            attached[ci] = Some(prev);
            continue;
        }
        attached[ci] = nearest_anchor(s, c, &anchors);
    }

    let mut killed = 0u32;
    let mut injured = 0u32;
    let (mut any_killed, mut any_injured) = (false, false);
    for (c, at) in counts.iter().zip(&attached) {
        let Some(death) = at else { continue };
        if c.subset {
            continue;
        }
        if *death {
            killed = killed.saturating_add(c.value);
            any_killed = true;
            if c.attacker {
                out.attackers_killed += c.value;
            }
        } else {
            injured = injured.saturating_add(c.value);
            any_injured = true;
        }
        out.victims.push(c.clone());
    }
    // Pronoun objects of a death word: "killing him", "killing himself".
    for &(_, end, death) in &anchors {
        if !death {
            continue;
        }
        match s.word(end) {
            "him" | "her" if !any_killed => {
                killed += 1;
                any_killed = true;
            }
            "himself" | "herself" => {
                killed += 1;
                out.attackers_killed += 1;
                any_killed = true;
            }
            _ => {}
        }
    }
    if any_killed {
        out.killed = Some(killed);
    } else if says_none(s, clause.clone(), true) {
        out.killed = Some(0);
    }
    if any_injured {
        out.injured = Some(injured);
    } else if says_none(s, clause, false) {
        out.injured = Some(0);
    }
    out
}

/// "no one was killed", "no casualties", "without casualties".
fn says_none(s: &Sentence, clause: Range<usize>, deaths: bool) -> bool {
    clause.clone().any(|i| {
        let w = s.word(i);
        let next = s.word(i + 1);
        let zero_word = match w {
            "no" => matches!(
                next,
                "one"
                    | "casualties"
                    | "deaths"
                    | "fatalities"
                    | "injuries"
                    | "loss"
                    | "losses"
                    | "victims"
            ),
            "nobody" | "none" => true,
            "without" => matches!(next, "casualties" | "injuries" | "loss"),
            _ => false,
        };
        if !zero_word {
            return false;
        }
        // What the zero is about: the rest of the clause.
        let rest: Vec<&str> = (i + 1..clause.end.min(i + 6)).map(|j| s.word(j)).collect();
        if deaths {
            rest.iter().any(|w| {
                matches!(
                    *w,
                    "killed"
                        | "died"
                        | "dead"
                        | "deaths"
                        | "fatalities"
                        | "casualties"
                        | "hurt"
                        | "injured"
                        | "harmed"
                        | "loss"
                )
            })
        } else {
            rest.iter().any(|w| {
                matches!(
                    *w,
                    "hurt" | "injured" | "injuries" | "casualties" | "harmed"
                )
            })
        }
    })
}

fn coordinated(s: &Sentence, prev_end: usize, start: usize) -> bool {
    let between: Vec<&str> = (prev_end..start).map(|i| s.word(i)).collect();
    matches!(
        between.as_slice(),
        ["and"] | [","] | [",", "and"] | ["and", "all"] | ["as", "well", "as"] | ["plus"]
    )
}

/// The anchor a counted phrase belongs to: a death or injury word just
/// before it (object) or just after it (subject). Returns whether that
/// anchor is about death.
fn nearest_anchor(s: &Sentence, c: &Count, anchors: &[(usize, usize, bool)]) -> Option<bool> {
    // Object position: "killing 38 passengers", "killed at least 12".
    let left = anchors
        .iter()
        .filter(|a| a.1 <= c.tokens.start && c.tokens.start - a.1 <= 2)
        .filter(|a| {
            (a.1..c.tokens.start).all(|i| {
                matches!(
                    s.word(i),
                    "at" | "least"
                        | "a"
                        | "total"
                        | "of"
                        | "some"
                        | "another"
                        | "an"
                        | "additional"
                        | "all"
                )
            })
        })
        .max_by_key(|a| a.1);
    // Subject position: "12 people were killed", "5 dead", "23 were
    // wounded"; a parenthetical ", including policemen and staff," may sit
    // in between.
    let mut i = c.tokens.end;
    if s.word(i) == "," && matches!(s.word(i + 1), "including" | "among") {
        let close = (i + 1..s.tokens.len()).find(|&j| s.word(j) == ",");
        if let Some(close) = close {
            i = close + 1;
        }
    }
    let mut steps = 0;
    while steps < 5 && AUX.contains(&s.word(i)) {
        i += 1;
        steps += 1;
    }
    let right = anchors.iter().find(|a| a.0 == i);
    match (left, right) {
        (Some(l), Some(r)) => {
            // Prefer the tighter attachment.
            if c.tokens.start - l.1 <= i - c.tokens.end {
                Some(l.2)
            } else {
                Some(r.2)
            }
        }
        (Some(l), None) => Some(l.2),
        (None, Some(r)) => Some(r.2),
        (None, None) => None,
    }
}

/// Counted phrases in a clause: quantities before a person noun (or bare
/// before a verb of dying), and "a/an/one/the" before a singular person
/// noun.
fn counted_phrases(a: &Analysis, si: usize, clause: Range<usize>) -> Vec<Count> {
    let s = &a.sentences[si];
    let mut out: Vec<Count> = Vec::new();
    // Person nouns: victim cues and actor role mentions, by first token.
    let person_at = |i: usize| -> Option<(VictimKind, usize, Option<usize>)> {
        // An actor mention starting here ("Afghan civilians", "policemen").
        for &ai in &s.actors {
            let m = &a.actors[ai];
            if s.token_at(m.start) == i {
                let kind = match m.actor.inter {
                    sitrep_model::ActorType::Civilians => VictimKind::Civilian,
                    sitrep_model::ActorType::StateForces
                    | sitrep_model::ActorType::ExternalOtherForces => VictimKind::Security,
                    _ => VictimKind::Combatant,
                };
                let end = s.token_at(m.end.saturating_sub(1)) + 1;
                // "Taliban commanders": the noun after the name says more.
                if let Some(c) = s.cues.iter().find(|c| c.tokens.start == end)
                    && let Cue::Victim(k) = c.cue
                {
                    return Some((k, c.tokens.end, Some(ai)));
                }
                return Some((kind, end, Some(ai)));
            }
        }
        s.cues
            .iter()
            .find(|c| c.tokens.start == i)
            .and_then(|c| match c.cue {
                Cue::Victim(k) => Some((k, c.tokens.end, None)),
                _ => None,
            })
    };
    // Skip up to `n` modifier words before a person noun.
    let noun_after = |from: usize, n: usize| -> Option<(VictimKind, usize, Option<usize>)> {
        for j in from..(from + n + 1).min(clause.end) {
            if let Some(p) = person_at(j) {
                return Some(p);
            }
            let w = s.word(j);
            if s.is_punct(j)
                || matches!(
                    w,
                    "and"
                        | "or"
                        | "were"
                        | "was"
                        | "in"
                        | "of"
                        | "killed"
                        | "dead"
                        | "injured"
                        | "wounded"
                )
            {
                return None;
            }
        }
        None
    };

    for q in &s.quantities {
        let qs = s.token_at(q.start);
        if !clause.contains(&qs) {
            continue;
        }
        let qe = s.token_at(q.end.saturating_sub(1)) + 1;
        let value = u32::try_from(q.value).unwrap_or(u32::MAX);
        let (kind, end, actor) = match noun_after(qe, 3) {
            Some(p) => p,
            None => {
                // A bare number counts people only before a verb of dying
                // or being hurt, "others", or a parenthetical:
                // "23 were wounded", "Ten, including ...".
                let next = s.word(qe);
                let bare = matches!(
                    next,
                    "were"
                        | "was"
                        | "have"
                        | "had"
                        | "killed"
                        | "dead"
                        | "died"
                        | "injured"
                        | "wounded"
                        | "others"
                        | "more"
                        | "people"
                        | "of"
                ) || (next == "," && matches!(s.word(qe + 1), "including" | "among"));
                if !bare {
                    continue;
                }
                let end = if next == "others" || next == "more" {
                    qe + 1
                } else {
                    qe
                };
                (VictimKind::Person, end, None)
            }
        };
        out.push(count(s, qs, end, value, kind, actor));
    }
    // "a Canadian soldier", "an Afghan civilian", "the police chief".
    for i in clause.clone() {
        let w = s.word(i);
        if !matches!(w, "a" | "an" | "one" | "the" | "his" | "her") {
            continue;
        }
        if out.iter().any(|c| c.tokens.contains(&i)) {
            continue;
        }
        let Some((kind, end, actor)) = noun_after(i + 1, 2) else {
            continue;
        };
        // Only singular nouns count as one.
        let last = s.word(end.saturating_sub(1));
        let plural = last.ends_with('s') && !last.ends_with("ss") || last.ends_with("men");
        if plural || (w == "the" && kind == VictimKind::Person) {
            continue;
        }
        if out.iter().any(|c| c.tokens.start < end && i < c.tokens.end) {
            continue;
        }
        out.push(count(s, i, end, 1, kind, actor));
    }
    out.sort_by_key(|c| c.tokens.start);
    out
}

fn count(
    s: &Sentence,
    start: usize,
    end: usize,
    value: u32,
    kind: VictimKind,
    actor: Option<usize>,
) -> Count {
    let attacker = (start..end).any(|i| ATTACKER_WORDS.contains(&s.word(i)));
    let subset = s.preceded_by(start, 2, &["including", "among", "incl"])
        || (s.word(start.wrapping_sub(1)) == "whom")
        || (s.word(end) == "of" && matches!(s.word(end + 1), "them" | "whom" | "those"));
    Count {
        value,
        kind,
        tokens: start..end,
        attacker,
        actor,
        subset,
    }
}
