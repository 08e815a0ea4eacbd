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
    /// Counted by a determiner or a name ("a soldier", "Orlando Letelier")
    /// rather than a figure.
    pub determiner: bool,
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
        Cue::Trigger(
            TriggerClass::Kill
            | TriggerClass::Massacre
            | TriggerClass::Execute
            | TriggerClass::Assassinate,
        ) => true,
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
    let counts = counted_phrases(a, si, clause.clone(), &anchors);

    let mut out = Casualties::default();
    let mut attached: Vec<Option<bool>> = vec![None; counts.len()];
    for (ci, c) in counts.iter().enumerate() {
        // Whether `c` is the first counted phrase after token `from`.
        let first_after = |from: usize| {
            !counts
                .iter()
                .any(|o| o.tokens.start >= from && o.tokens.start < c.tokens.start)
        };
        let own = nearest_anchor(s, c, &anchors, &first_after, &counts);
        // A phrase coordinated with the previous one ("38 passengers and
        // all 9 crew members") shares its anchor, unless it has a verb of
        // its own ("one civilian and 25 others were injured").
        if !matches!(own, Some((_, true)))
            && ci > 0
            && let Some(prev) = attached[ci - 1]
            && coordinated(s, counts[ci - 1].tokens.end, c.tokens.start)
        {
            attached[ci] = Some(prev);
            continue;
        }
        attached[ci] = own.map(|(death, _)| death);
    }
    // And backwards: "Five rangers and a driver were killed", "8 agents and
    // 6 guerrillas die": the verb after the last phrase is everyone's.
    for ci in (1..counts.len()).rev() {
        if attached[ci - 1].is_none()
            && attached[ci].is_some()
            && coordinated(s, counts[ci - 1].tokens.end, counts[ci].tokens.start)
        {
            attached[ci - 1] = attached[ci];
        }
    }

    // "including three children" is a subset of another count; with no other
    // count around ("40 of them were killed") it is the count.
    let has_superset = counts
        .iter()
        .zip(&attached)
        .any(|(c, at)| at.is_some() && !c.subset);
    let mut killed = 0u32;
    let mut injured = 0u32;
    let (mut any_killed, mut any_injured) = (false, false);
    for (c, at) in counts.iter().zip(&attached) {
        let Some(death) = at else { continue };
        if c.subset && has_superset {
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
    // Pronouns: "killing him", "killing himself", "He succumbed to his
    // wounds", "she was killed".
    for &(start, end, death) in &anchors {
        if !death {
            continue;
        }
        let mut i = start;
        while i > clause.start && AUX.contains(&s.word(i - 1)) {
            i -= 1;
        }
        if i > clause.start && matches!(s.word(i - 1), "he" | "she") && !any_killed {
            killed += 1;
            any_killed = true;
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
/// Returns whether the anchor says death (else injury) and whether the
/// phrase is its subject (else its object).
fn nearest_anchor(
    s: &Sentence,
    c: &Count,
    anchors: &[(usize, usize, bool)],
    first_after: &dyn Fn(usize) -> bool,
    counts: &[Count],
) -> Option<(bool, bool)> {
    // Object position: "killing 38 passengers", "killed at least 12"; a
    // figure may follow a place ("executed in the Lower Shabelle region
    // three people") when it is the first count after the death word, with
    // no punctuation, coordination or other anchor between.
    let left = anchors
        .iter()
        .filter(|a| a.1 <= c.tokens.start && c.tokens.start - a.1 <= 7)
        .filter(|a| {
            let gap = c.tokens.start - a.1;
            // No verb, coordination or punctuation between ("killing all
            // eight people" is fine; "killed and five were injured" is not).
            let clean = (a.1..c.tokens.start).all(|i| {
                !s.is_punct(i)
                    && !matches!(
                        s.word(i),
                        "and"
                            | "or"
                            | "but"
                            | "while"
                            | "when"
                            | "after"
                            | "as"
                            | "were"
                            | "was"
                            | "have"
                            | "has"
                            | "had"
                            | "been"
                            | "be"
                            | "are"
                            | "is"
                    )
                    && !anchors.iter().any(|b| b.0 == i)
            });
            clean && (gap <= 2 || (!c.determiner && first_after(a.1)))
        })
        .max_by_key(|a| a.1);
    // Subject position: "12 people were killed", "5 dead", "23 were
    // wounded"; a parenthetical ", including policemen and staff," may sit
    // in between.
    let mut i = c.tokens.end;
    let is_aux = |j: usize| AUX.contains(&s.word(j));
    let count_at = |j: usize| counts.iter().any(|o| o.tokens.start == j);
    if s.word(i) == "," {
        // An aside between commas: "At least seven people, including a
        // police officer and six assailants were killed", "Eight people,
        // seven police officers and the Highway Police Chief, were
        // killed". It ends at the comma before the auxiliary, or at the
        // auxiliary when the aside is not closed.
        let close = (i + 1..s.tokens.len().min(i + 16))
            .find(|&j| (s.word(j) == "," && is_aux(j + 1)) || is_aux(j));
        let aside_ok = matches!(s.word(i + 1), "including" | "among" | "mostly" | "mainly")
            || close.is_some_and(|c| s.word(c) == ",");
        if let Some(close) = close.filter(|_| aside_ok) {
            i = if s.word(close) == "," {
                close + 1
            } else {
                close
            };
        }
    } else if matches!(
        s.word(i),
        "including"
            | "mostly"
            | "mainly"
            | "among"
            | "and"
            | "in"
            | "at"
            | "near"
            | "from"
            | "of"
            | "on"
            | "inside"
            | "aboard"
    ) || ((s.word(i).ends_with("ing") || (s.word(i).ends_with("ed") && !is_aux(i)))
        && !anchors.iter().any(|a| a.0 == i))
    {
        // "55 people including women and children have been killed",
        // "Two contractors and the suicide bomber were killed", "Three
        // members of the SDF in Manbij died", "Five policemen manning a
        // check-post were killed", "aid workers employed by Catholic
        // Relief Services have been gunned down": the verb comes after a
        // short aside, a coordinated phrase, a place or a participle.
        // After a place the verb may follow at once ("in Manbij died");
        // otherwise it must come with an auxiliary, or the next clause's
        // verb would be taken ("killing one person and injuring 24").
        let locative = matches!(
            s.word(i),
            "in" | "at" | "near" | "from" | "of" | "on" | "inside" | "aboard"
        );
        let listing = matches!(s.word(i), "including" | "among" | "mostly" | "mainly");
        let reach = if listing { 12 } else { 6 };
        if let Some(aux) = (i + 1..(i + reach).min(s.tokens.len()))
            .take_while(|&j| (!s.is_punct(j) || (listing && s.word(j) == ",")) && !count_at(j))
            .find(|&j| is_aux(j) || (locative && anchors.iter().any(|a| a.0 == j)))
        {
            i = aux;
        }
    }
    // "a woman who died in the blast".
    if matches!(s.word(i), "who" | "that" | "which") {
        i += 1;
    }
    // "were shot and killed": an attack verb and "and" may come before the
    // death word.
    let mut steps = 0;
    while steps < 6 {
        let w = s.word(i);
        let in_trigger = s
            .cues
            .iter()
            .any(|c| c.tokens.contains(&i) && matches!(c.cue, Cue::Trigger(_)))
            && !anchors.iter().any(|a| a.0 == i);
        if AUX.contains(&w) || (in_trigger && s.word(i + 1) == "and") || (w == "and" && steps > 0) {
            i += 1;
            steps += 1;
        } else {
            break;
        }
    }
    let mut right = anchors.iter().find(|a| a.0 == i);
    // "were dragged from their car and killed", "were abducted and later
    // shot dead": another verb, then "and" and the death word.
    if right.is_none() && steps > 0 {
        right = anchors.iter().find(|a| {
            a.0 > i
                && a.0 <= i + 6
                && (i..a.0).all(|j| !s.is_punct(j))
                && (s.word(a.0 - 1) == "and"
                    || (a.0 >= 2 && s.word(a.0 - 2) == "and" && AUX.contains(&s.word(a.0 - 1))))
        });
    }
    // "40 soldiers were killed and injured": a mixed toll says nothing
    // certain about deaths.
    if let Some(r) = right
        && r.2
        && matches!(s.word(r.1), "and" | "or")
        && anchors.iter().any(|b| b.0 == r.1 + 1 && !b.2)
    {
        return None;
    }
    match (left, right) {
        // A subject with its verb ("five others were injured") is the
        // firmer reading.
        (_, Some(r)) => Some((r.2, true)),
        (Some(l), None) => Some((l.2, false)),
        (None, None) => None,
    }
}

/// Counted phrases in a clause: quantities before a person noun (or bare
/// before a verb of dying, or right after one), "a/an/one/the" before a
/// singular person noun, and personal names next to a death word.
fn counted_phrases(
    a: &Analysis,
    si: usize,
    clause: Range<usize>,
    anchors: &[(usize, usize, bool)],
) -> Vec<Count> {
    let s = &a.sentences[si];
    let mut out: Vec<Count> = Vec::new();
    // Person nouns: victim cues, actor role mentions and plural nationals
    // ("Iraqis", "two Britons"), by first token; gives the kind, the end
    // token and the actor mention.
    let person_at = |i: usize| -> Option<(VictimKind, usize, Option<usize>)> {
        let start = s.tokens.get(i)?.start;
        // Demonyms are in text order and do not overlap: a binary search
        // (a scan of the report's demonyms per token was quadratic on a
        // long page).
        let at = a.demonyms.partition_point(|d| d.0 < start);
        if let Some(&(_, end, _)) = a.demonyms.get(at).filter(|d| d.0 == start) {
            let word = a.text().get(start..end).unwrap_or("");
            if word.ends_with('s') && !word.ends_with("ss") {
                return Some((
                    VictimKind::Civilian,
                    s.token_at(end.saturating_sub(1)) + 1,
                    None,
                ));
            }
        }
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
                // A name alone ("a coalition", "the Military Times") or a
                // source is not a group of people that can be counted.
                if m.named || m.source {
                    return None;
                }
                return Some((kind, end, Some(ai)));
            }
        }
        s.cues
            .iter()
            .find(|c| c.tokens.start == i)
            .and_then(|c| match c.cue {
                Cue::Victim(k) => Some((k, c.tokens.end, None)),
                // "six security forces", "ten security personnel".
                Cue::Target(VictimKind::Security)
                    if matches!(s.word(c.tokens.end - 1), "forces" | "personnel" | "troops") =>
                {
                    Some((VictimKind::Security, c.tokens.end, None))
                }
                _ => None,
            })
    };
    // Skip up to `n` modifier words before a person noun, then take in a
    // noun compound ("women mission teachers") and an "of" phrase ("members
    // of the army", "members of his family").
    let extend = |(kind, mut end, actor): (VictimKind, usize, Option<usize>)| {
        let stop_word = |k: usize| {
            s.is_punct(k)
                || AUX.contains(&s.word(k))
                || matches!(
                    s.word(k),
                    "and" | "or" | "in" | "at" | "on" | "by" | "when" | "after"
                )
        };
        for k in end..(end + 3).min(clause.end) {
            if stop_word(k) {
                break;
            }
            if let Some((_, e, _)) = person_at(k) {
                end = e;
                break;
            }
        }
        if s.word(end) == "of" && !matches!(s.word(end + 1), "them" | "whom" | "those") {
            end = (end + 2..(end + 6).min(clause.end))
                .find(|&k| stop_word(k))
                .unwrap_or((end + 6).min(clause.end));
        }
        (kind, end, actor)
    };
    let noun_after = |from: usize, n: usize| -> Option<(VictimKind, usize, Option<usize>)> {
        for j in from..(from + n + 1).min(clause.end) {
            if let Some(p) = person_at(j) {
                return Some(extend(p));
            }
            // Quotation marks around a noun ("five "terrorists"").
            if matches!(s.word(j), "\"" | "'") {
                continue;
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
        // A figure inside a phrase already counted ("10 of the 18
        // uniformed men") is part of it.
        if !clause.contains(&qs) || out.iter().any(|c| c.tokens.contains(&qs)) {
            continue;
        }
        let qe = s.token_at(q.end.saturating_sub(1)) + 1;
        let value = u32::try_from(q.value).unwrap_or(u32::MAX);
        // "Sixteen Taliban were killed": a figure before an armed group's
        // name counts its members.
        let members = s.actors.iter().copied().find(|&ai| {
            let m = &a.actors[ai];
            m.named && !m.source && m.armed() && s.token_at(m.start) == qe
        });
        let (kind, end, actor) = match noun_after(qe, 3) {
            Some(p) => p,
            None if members.is_some() => {
                let ai = members.unwrap_or_default();
                let end = s.token_at(a.actors[ai].end.saturating_sub(1)) + 1;
                (VictimKind::Combatant, end, Some(ai))
            }
            None => {
                // "34 Tuaregs were killed": a capitalised plural (a people, a
                // nationality) before a verb of dying.
                let group = s.capitalised(qe)
                    && s.word(qe).ends_with('s')
                    && AUX.contains(&s.word(qe + 1))
                    && !s
                        .places
                        .iter()
                        .any(|&pi| s.token_at(a.places[pi].start) == qe);
                if group {
                    out.push(count(s, qs, qe + 1, value, VictimKind::Civilian, None));
                    continue;
                }
                // A bare number counts people only before a verb of dying
                // or being hurt, "others", or a parenthetical:
                // "23 were wounded", "Ten, including ...".
                let next = s.word(qe);
                // "killing 8 and injuring 242": right after a death or
                // injury word a bare number counts people.
                let after_anchor = anchors.iter().any(|&(_, end, _)| {
                    end <= qs
                        && (end..qs).all(|j| {
                            matches!(
                                s.word(j),
                                "at" | "least" | "some" | "about" | "around" | "nearly" | "over"
                            )
                        })
                });
                // "the death toll rose to 16", "a toll of 30".
                let toll = (qs.saturating_sub(10)..qs).any(|j| s.word(j) == "toll")
                    && matches!(
                        s.word(qs.wrapping_sub(1)),
                        "to" | "at" | "of" | "reached" | "hit" | "is" | "was"
                    );
                let bare = after_anchor
                    || toll
                    || matches!(
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
                    )
                    || (next == "," && matches!(s.word(qe + 1), "including" | "among"));
                if !bare {
                    continue;
                }
                let end = if next == "others" || next == "more" {
                    qe + 1
                } else {
                    qe
                };
                // "One of the assailants", "40 of the passengers".
                if next == "of" && !matches!(s.word(qe + 1), "them" | "whom" | "those") {
                    noun_after(qe + 1, 3).unwrap_or((VictimKind::Person, end, None))
                } else {
                    (VictimKind::Person, end, None)
                }
            }
        };
        out.push(count(s, qs, end, value, kind, actor));
    }
    // "a Canadian soldier", "an Afghan civilian", "the police chief".
    for i in clause.clone() {
        let w = s.word(i);
        if !matches!(
            w,
            "a" | "an" | "one" | "the" | "his" | "her" | "another" | "each"
        ) {
            continue;
        }
        if out.iter().any(|c| c.tokens.contains(&i)) {
            continue;
        }
        let Some((kind, end, actor)) = noun_after(i + 1, 2) else {
            continue;
        };
        // Only singular nouns count as one ("a member of the insurgents" is
        // one member).
        let head_end = (i + 1..end).find(|&k| s.word(k) == "of").unwrap_or(end);
        let last = s.word(head_end.saturating_sub(1));
        let plural = last.ends_with('s') && !last.ends_with("ss") || last.ends_with("men");
        if plural {
            continue;
        }
        if out.iter().any(|c| c.tokens.start < end && i < c.tokens.end) {
            continue;
        }
        let mut c = count(s, i, end, 1, kind, actor);
        c.determiner = true;
        out.push(c);
    }
    // "the body of a shepherd", "the bodies of seven people": the bodies are
    // the dead.
    for i in clause.clone() {
        if s.word(i) == "body"
            && s.word(i + 1) == "of"
            && !out.iter().any(|c| c.tokens.contains(&(i + 2)))
        {
            let mut c = count(s, i, i + 2, 1, VictimKind::Person, None);
            c.determiner = true;
            out.push(c);
        }
    }
    // Personal names next to a death word: "Orlando Letelier was killed",
    // "killing Senator Enrique Casas": two or more capitalised words that
    // are neither an actor nor a place.
    for &(start, end, death) in anchors {
        if !death {
            continue;
        }
        let mut i = start;
        while i > clause.start && AUX.contains(&s.word(i - 1)) {
            i -= 1;
        }
        let before = name_ending_at(a, s, i, clause.start);
        let after = name_starting_at(a, s, end, clause.end);
        for (ns, ne) in before.into_iter().chain(after) {
            if !out.iter().any(|c| c.tokens.start < ne && ns < c.tokens.end) {
                let mut c = count(s, ns, ne, 1, VictimKind::Person, None);
                c.determiner = true;
                out.push(c);
            }
        }
    }
    out.sort_by_key(|c| c.tokens.start);
    out
}

/// Whether token `i` is a capitalised word that belongs to no actor, place
/// or cue: part of a personal name.
fn name_word(a: &Analysis, s: &Sentence, i: usize) -> bool {
    let Some(t) = s.tokens.get(i) else {
        return false;
    };
    // Name particles: "Sami al-Hassan", "Abu Bakr", "bin Laden".
    let w = s.word(i);
    let particle = ["al-", "el-", "ad-", "as-", "ash-", "ar-", "an-", "at-"]
        .iter()
        .any(|p| w.starts_with(p) && w.len() > p.len() + 2)
        || matches!(
            w,
            "bin" | "ibn" | "abu" | "al" | "el" | "van" | "von" | "de" | "da" | "del"
        );
    (s.capitalised(i) || particle)
        && !s.is_punct(i)
        && s.word(i).len() > 1
        && !s
            .actors
            .iter()
            .any(|&ai| a.actors[ai].start < t.end && t.start < a.actors[ai].end)
        && !s
            .places
            .iter()
            .any(|&pi| a.places[pi].start < t.end && t.start < a.places[pi].end)
        && !s.cues.iter().any(|c| c.tokens.contains(&i))
}

/// A name of two or more capitalised words ending just before token `end`.
fn name_ending_at(a: &Analysis, s: &Sentence, end: usize, floor: usize) -> Option<(usize, usize)> {
    let mut i = end;
    while i > floor && name_word(a, s, i - 1) {
        i -= 1;
    }
    (end - i >= 2).then_some((i, end))
}

/// A name of two or more capitalised words starting at token `start`.
fn name_starting_at(
    a: &Analysis,
    s: &Sentence,
    start: usize,
    ceiling: usize,
) -> Option<(usize, usize)> {
    let mut i = start;
    while i < ceiling && name_word(a, s, i) {
        i += 1;
    }
    (i - start >= 2).then_some((start, i))
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
        determiner: false,
    }
}
