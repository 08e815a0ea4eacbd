//! What a clause is told against, and the clauses that name no ACLED event.
//!
//! A trigger word is not yet an event. "Exploded" is a bombing in a market
//! and an accident in a chemical plant; "hit" is an attack by gunmen and a
//! flood; "strikes back" is a battle and a diplomatic row; "the attack" in
//! "the UN condemned the attack" is a reaction, not the incident. This
//! module reads the sentence around a clause (its context cues, who is named
//! in it, which triggers are background) into a [`Background`], lets
//! [`classify`](crate::classify) code the clause with it, and then drops
//! codings that the background says are not political violence, protest or a
//! strategic development:
//!
//! - industrial and transport accidents and natural disasters, unless the
//!   sentence says someone did it on purpose (a bomb, gunmen, an armed
//!   group, a claim of responsibility);
//! - crime without a political aim (drug busts, smugglers, counterfeit
//!   money) when what is coded is an arrest or a capture;
//! - diplomatic rows ("expels diplomats", "strikes back with sanctions")
//!   with nobody hurt;
//! - weapons tests and drills with nobody hurt;
//! - reactions to an event ("condemned the attack") with no toll of their
//!   own;
//! - protests still to come ("scheduled for Friday").
//!
//! It also separates a clause's own event from the background it cites: in
//! "the army dispatched reinforcements after an ISIS attack" or "students
//! marched over the shooting", the attack and the shooting are the reason
//! for the clause's event, not the event.
//!
//! *Invariant*: nothing here invents an event; it only removes triggers
//! from a clause or drops its coding, and never looks beyond the sentence.

use std::ops::Range;

use sitrep_lexicon::{Context, Cue, CueMatch, Forms, TriggerClass, VictimKind, Weapon};
use sitrep_model::{ActorType, EventType, SubEventType};

use crate::analysis::{Analysis, Sentence};
use crate::classify::{self, Background, Coding, Facts};

/// Why a clause was dropped (the coder's reasons, for tests and `explain`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NonEvent {
    Accident,
    Disaster,
    Crime,
    Diplomacy,
    Test,
    Reaction,
    Prospect,
}

/// Codes one clause's frame: its foreground triggers classified against
/// the sentence's background, or `None` when it names no ACLED event.
pub(crate) fn code_clause(
    a: &Analysis,
    si: usize,
    clause: Range<usize>,
    triggers: &[&CueMatch],
    facts: &Facts,
) -> Option<Coding> {
    let s = &a.sentences[si];
    let kept = foreground(a, s, clause.clone(), triggers, facts);
    let mut f = facts.clone();
    f.classes = kept.iter().filter_map(|t| t.cue.trigger()).collect();
    if f.classes.is_empty() {
        return None;
    }
    let bg = background(a, si, clause, &kept, &f);
    let coding = classify::classify_with(&f, &bg)?;
    match non_event(&bg, &f, coding) {
        Some(_) => None,
        None => Some(coding),
    }
}

/// Trigger classes that name harm to people (or a harmful act). A clause
/// whose predicate is something else (a protest, a ceasefire, a deployment)
/// may cite them as its background.
fn harm(c: TriggerClass) -> bool {
    use TriggerClass as T;
    matches!(
        c,
        T::Kill
            | T::Attack
            | T::Clash
            | T::Shooting
            | T::Stab
            | T::Massacre
            | T::Execute
            | T::Assassinate
            | T::Explosion
            | T::Blast
            | T::Air
            | T::Shelling
            | T::Suicide
            | T::Grenade
            | T::Chemical
            | T::Abduct
            | T::Sexual
            | T::Arrest
    )
}

/// Predicates that can have a harmful event as their background.
fn citing(c: TriggerClass) -> bool {
    use TriggerClass as T;
    matches!(
        c,
        T::Protest
            | T::Agreement
            | T::Base
            | T::GroupChange
            | T::Transfer
            | T::Capture
            | T::Regain
            | T::Loot
            | T::Arson
    )
}

/// Words after which a harmful trigger is the reason or setting of the
/// clause's event rather than part of it ("after", "over", "against",
/// "following", "to denounce", "demanding justice for").
const BACKGROUND_MARKERS: &[&str] = &[
    "after",
    "following",
    "amid",
    "over",
    "against",
    "since",
    "because",
    "where",
    "despite",
    "protest",
    "protesting",
    "oppose",
    "opposing",
    "decry",
    "decrying",
    "denounce",
    "denouncing",
    "condemn",
    "condemning",
    "demand",
    "demanding",
    "mourn",
    "mourning",
    "commemorate",
    "commemorating",
    "justice",
    "solidarity",
    "response",
    "retaliation",
    "reaction",
    "memory",
    "anniversary",
    "prompting",
    "ahead",
    "for",
    "who",
    "which",
    "that",
];

/// Words after which any trigger is what someone is accused of or answers,
/// not what the clause tells ("launched airstrikes on groups it accused of
/// a chlorine attack").
const CITING_MARKERS: &[&str] = &["accused", "blamed", "retaliation", "revenge", "avenge"];

/// How many words before a trigger a background marker may stand: "over
/// the deadly officer-involved shooting", not "rallied against the
/// president and his policies involving clashes".
const MARKER_REACH: usize = 5;

/// Whether one of `markers` stands within reach before token `at`, after
/// token `from`.
fn marked(s: &Sentence, from: usize, at: usize, markers: &[&str]) -> bool {
    (from.max(at.saturating_sub(MARKER_REACH))..at).any(|j| markers.contains(&s.word(j)))
}

/// Words for police raids and operations that come with arrests and
/// seizures ("weapons were seized during the raids").
const SEARCH_WORDS: &[&str] = &[
    "raid",
    "raids",
    "operation",
    "operations",
    "search",
    "sweep",
];

/// The triggers that tell the clause's own event: a citing predicate drops
/// the harm it gives as background, and arrests or seizures drop the
/// "raids" they were made in.
fn foreground<'t>(
    a: &Analysis,
    s: &Sentence,
    clause: Range<usize>,
    triggers: &[&'t CueMatch],
    facts: &Facts,
) -> Vec<&'t CueMatch> {
    // "The day after the attack, teachers rallied ...": harm in an opening
    // phrase is the setting of the event told after the comma.
    let opening = (clause.start..clause.end)
        .find(|&j| s.word(j) == ",")
        .filter(|&comma| {
            marked(
                s,
                clause.start,
                comma,
                &["after", "following", "since", "amid"],
            ) && triggers
                .iter()
                .find(|t| t.tokens.start > comma)
                .is_some_and(|t| t.cue.trigger().is_some_and(citing))
        });
    let triggers: Vec<&CueMatch> = triggers
        .iter()
        .copied()
        .filter(|t| {
            opening.is_none_or(|comma| t.tokens.start > comma || !t.cue.trigger().is_some_and(harm))
        })
        .collect();
    let Some(&pred) = triggers.first() else {
        return Vec::new();
    };
    let mut kept: Vec<&CueMatch> = vec![pred];
    let cites = pred.cue.trigger().is_some_and(citing);
    for &t in &triggers[1..] {
        // A purpose ("an attack to capture the positions", "moved in to
        // retake the town") is not yet done.
        let h = t.tokens.start;
        if t.forms == Forms::VERB_BASE
            && h >= 2
            && s.word(h - 1) == "to"
            && !matches!(
                s.word(h - 2),
                "began" | "begun" | "started" | "continued" | "managed" | "used"
            )
        {
            continue;
        }
        // "Entered without fighting", "without firing a shot": denied.
        if s.preceded_by(t.tokens.start, 2, &["without"]) && t.cue.trigger().is_some_and(harm) {
            continue;
        }
        if marked(s, pred.tokens.end, t.tokens.start, CITING_MARKERS) {
            continue;
        }
        let background = marked(s, pred.tokens.end, t.tokens.start, BACKGROUND_MARKERS);
        if cites && background && t.cue.trigger().is_some_and(harm) {
            continue;
        }
        kept.push(t);
    }
    // "Police seized guns during a raid", "arrested 100 in raids": with
    // nobody killed, the raid is how the arrest or seizure was made.
    let seizing = kept.iter().any(|t| {
        matches!(
            t.cue,
            Cue::Trigger(TriggerClass::Arrest | TriggerClass::Disrupt)
        )
    });
    if seizing && facts.killed.is_none_or(|k| k == 0) {
        kept.retain(|t| {
            let raid = t.cue == Cue::Trigger(TriggerClass::Attack)
                && (t.tokens.clone()).any(|j| SEARCH_WORDS.contains(&s.word(j)));
            let weak_clash =
                t.cue == Cue::Trigger(TriggerClass::Clash) && a.k.lexicon.entry(t.entry).weak;
            !(raid || weak_clash)
        });
    }
    kept
}

/// Words for ground that can be taken, held or handed over.
const TERRITORY_WORDS: &[&str] = &[
    "district",
    "districts",
    "town",
    "towns",
    "village",
    "villages",
    "city",
    "territory",
    "territories",
    "province",
    "region",
    "regions",
    "area",
    "areas",
    "positions",
    "base",
    "bases",
    "camp",
    "camps",
    "headquarters",
    "checkpoint",
    "checkpoints",
    "outpost",
    "airport",
    "border",
    "crossing",
    "neighbourhood",
    "neighborhood",
    "neighbourhoods",
    "neighborhoods",
    "hill",
    "hills",
    "stronghold",
    "countryside",
    "enclave",
    "castle",
    "oilfield",
];

/// Reads the sentence around a clause.
fn background(
    a: &Analysis,
    si: usize,
    clause: Range<usize>,
    kept: &[&CueMatch],
    f: &Facts,
) -> Background {
    let s = &a.sentences[si];
    let mut bg = Background::default();
    let pred = kept.first().map_or(clause.start, |t| t.tokens.start);
    // The sentences an accident, a disaster or a crime is told across: this
    // one and its neighbours in the paragraph ("Six were killed when a
    // chemical plant exploded. The cause was a gas leak.").
    let window: Vec<&Sentence> = (si.saturating_sub(1)..=si + 1)
        .filter_map(|j| a.sentences.get(j))
        .filter(|n| n.paragraph == s.paragraph)
        .collect();
    for n in &window {
        for c in &n.cues {
            if let Cue::Context(k @ (Context::Accident | Context::Disaster | Context::Crime)) =
                c.cue
            {
                bg.add_sentence(k);
            }
        }
    }
    // "Condemned the attack": a reaction verb with the predicate noun as
    // its object, a few words on ("condemned Monday's attack on ...").
    let pred_noun = kept
        .first()
        .is_some_and(|t| t.forms.is_noun() && !t.forms.is_verb());
    for c in &s.cues {
        if let Cue::Context(k) = c.cue {
            bg.add_sentence(k);
            if clause.contains(&c.tokens.start) {
                bg.add_clause(k);
                if k == Context::Reaction
                    && pred_noun
                    && c.tokens.end <= pred
                    && pred - c.tokens.end <= 4
                {
                    bg.reaction_before = true;
                }
            }
        }
    }
    bg.injured = s
        .cues
        .iter()
        .any(|c| c.cue == Cue::Injury && clause.contains(&c.tokens.start));
    // Crowd violence told in another clause of the sentence ("thousands
    // marched, and some smashed store windows") or in the next sentence
    // ("Thousands marched. There were scuffles in Paris."). Violence the
    // clause gives as its reason ("marched to denounce the attack on
    // public property") does not count.
    let crowd_force = |c: &CueMatch| {
        matches!(
            c.cue,
            Cue::Trigger(TriggerClass::Riot | TriggerClass::Arson | TriggerClass::Loot)
        ) && !a.k.lexicon.entry(c.entry).weak
    };
    let next = a
        .sentences
        .get(si + 1)
        .filter(|n| n.paragraph == s.paragraph);
    let clash = |c: &CueMatch| c.cue == Cue::Trigger(TriggerClass::Clash);
    bg.crowd_violence = s.cues.iter().any(|c| {
        let cited = c.tokens.start > pred && marked(s, pred, c.tokens.start, BACKGROUND_MARKERS);
        !clause.contains(&c.tokens.start) && !cited && (crowd_force(c) || clash(c))
    }) || next
        .is_some_and(|n| n.cues.iter().any(|c| crowd_force(c) || clash(c)));
    bg.intervention_elsewhere = s.cues.iter().any(|c| {
        c.cue == Cue::Trigger(TriggerClass::Intervention)
            && !clause.contains(&c.tokens.start)
            && !a.k.lexicon.entry(c.entry).weak
    });
    let pred_end = kept.first().map_or(pred, |t| t.tokens.end);
    // "Calls for protests" before it; "a protest against the new tax is
    // scheduled for Friday" after a noun predicate and its modifiers.
    let reach_after = if kept.first().is_some_and(|t| t.forms.is_noun()) {
        8
    } else {
        3
    };
    bg.prospect = s.cues.iter().any(|c| {
        c.cue == Cue::Context(Context::Prospect)
            && clause.contains(&c.tokens.start)
            && ((c.tokens.end <= pred && pred - c.tokens.end <= 3)
                || (c.tokens.start >= pred_end && c.tokens.start - pred_end <= reach_after))
    });
    // A protest the authorities stopped before it began ("detained while
    // trying to hold a demonstration").
    bg.protest_attempted = s.cues.iter().any(|c| {
        c.cue == Cue::Trigger(TriggerClass::Protest)
            && clause.contains(&c.tokens.start)
            && (c.tokens.start.saturating_sub(4)..c.tokens.start).any(|j| {
                matches!(
                    s.word(j),
                    "trying" | "tried" | "attempt" | "attempted" | "attempting"
                )
            })
    });
    // Who stands before the predicate (for ground taken, before the verb
    // that takes it): state forces ("Syrian army and allied fighters
    // captured ..."), or an armed group ("Yemen's Houthi rebels took control
    // of ...").
    let taking = kept.iter().find(|t| {
        matches!(
            t.cue,
            Cue::Trigger(TriggerClass::Capture | TriggerClass::Regain)
        )
    });
    let verb = taking.map_or(pred, |t| t.tokens.start);
    let before: Vec<&crate::analysis::ActorMention> = s
        .actors
        .iter()
        .map(|&ai| &a.actors[ai])
        .filter(|m| {
            let t = s.token_at(m.start);
            clause.contains(&t) && t < verb && !m.source
        })
        .collect();
    bg.state_subject = before.iter().any(|m| {
        matches!(
            m.actor.inter,
            ActorType::StateForces | ActorType::ExternalOtherForces
        )
    });
    // A named group outweighs state forces named with it; an unnamed one
    // ("allied fighters") does not.
    bg.non_state_subject = before
        .iter()
        .any(|m| m.non_state_armed() && (m.named || !bg.state_subject));
    bg.armed_group_named = window.iter().any(|n| {
        n.actors.iter().any(|&ai| {
            let m = &a.actors[ai];
            m.non_state_armed() && !m.source
        })
    });
    bg.deliberate = bg.armed_group_named
        || window
            .iter()
            .any(|n| n.cues.iter().any(|c| deliberate(a, c)));
    // Ground as the object: a place or a word for ground after the
    // predicate; a withdrawal ("withdrew from it") may name it anywhere.
    let transfer = f.classes.contains(&TriggerClass::Transfer);
    let from = if transfer { clause.start } else { pred };
    let ground_word = (from..clause.end).any(|j| TERRITORY_WORDS.contains(&s.word(j)));
    let ground_place = s.places.iter().any(|&pi| {
        let p = &a.places[pi];
        let t = s.token_at(p.start);
        t >= from && clause.contains(&t) && p.kind != sitrep_geo::FeatureKind::Country
    });
    // "Captured a senior commander who heads ...": a person, not ground
    // ("captured two rebel camps" is ground).
    let person_taken = taking.is_some_and(|t| {
        let near = t.tokens.end..(t.tokens.end + 4).min(clause.end);
        let person = s
            .cues
            .iter()
            .any(|c| matches!(c.cue, Cue::Victim(_)) && near.contains(&c.tokens.start));
        let ground = near.clone().any(|j| TERRITORY_WORDS.contains(&s.word(j)))
            || s.places
                .iter()
                .any(|&pi| near.contains(&s.token_at(a.places[pi].start)));
        person && !ground
    });
    bg.territory = (f.territory || ground_word || (transfer && ground_place)) && !person_taken;
    // A withdrawal from a named place or a word for ground ("pulled out of
    // the desert city", "withdrew from it"), not "lying abandoned".
    // It may be told in another clause of the sentence ("Al Shabaab
    // regained Marka after government and AU forces withdrew the city").
    bg.transfer_ground = s.cues.iter().any(|t| {
        t.cue == Cue::Trigger(TriggerClass::Transfer)
            && (t.tokens.start..(t.tokens.end + 6).min(s.tokens.len())).any(|j| {
                TERRITORY_WORDS.contains(&s.word(j))
                    || s.word(j) == "it"
                    || s.places
                        .iter()
                        .any(|&pi| s.token_at(a.places[pi].start) == j)
            })
    });
    // Fighting in the sentence that is not denied ("without any armed
    // clashes").
    bg.fighting = s.cues.iter().any(|c| {
        matches!(
            c.cue,
            Cue::Trigger(
                TriggerClass::Clash
                    | TriggerClass::Attack
                    | TriggerClass::Kill
                    | TriggerClass::Shooting
                    | TriggerClass::Shelling
                    | TriggerClass::Air
            )
        ) && !s.preceded_by(c.tokens.start, 3, &["without", "no"])
    });
    bg.clash = window.iter().any(|n| {
        n.cues
            .iter()
            .any(|c| c.cue == Cue::Trigger(TriggerClass::Clash))
    });
    bg
}

/// Whether a cue says someone did harm on purpose: a weapon, a bomb, an
/// attack (not a collision's "struck"), fighting, attackers, a claim of
/// responsibility, words of intent ("deliberately", "sabotage").
fn deliberate(a: &Analysis, c: &CueMatch) -> bool {
    use TriggerClass as T;
    match c.cue {
        Cue::Trigger(t) => match t {
            T::Explosion
            | T::Suicide
            | T::Air
            | T::Shelling
            | T::Grenade
            | T::Chemical
            | T::Shooting
            | T::Stab
            | T::Massacre
            | T::Execute
            | T::Assassinate
            | T::Abduct
            | T::Sexual
            | T::Arson
            | T::Riot
            | T::Protest => true,
            // "Struck by a bulk carrier", "hit by floods": the loose
            // attack verbs say nothing of intent.
            T::Attack => {
                let w = a.text().get(c.start..c.end).unwrap_or("").to_lowercase();
                let loose = w.starts_with("struck") || w.starts_with("strik");
                !a.k.lexicon.entry(c.entry).weak && !loose
            }
            _ => false,
        },
        Cue::Responsibility
        | Cue::Victim(VictimKind::Combatant)
        | Cue::Context(Context::Intent) => true,
        Cue::Weapon(w) => matches!(w, Weapon::Firearm | Weapon::Blade | Weapon::Explosive),
        _ => false,
    }
}

/// Whether the background says the coded clause is no ACLED event.
pub(crate) fn non_event(bg: &Background, f: &Facts, coding: Coding) -> Option<NonEvent> {
    use SubEventType as S;
    let sub = coding.sub_event_type;
    let hurt = f.killed.is_some_and(|k| k > 0) || bg.injured;
    // Fighting between armed men is no accident, even in a flood ("soldiers
    // clashed over food aid in the drought-stricken city").
    if bg.has(Context::Disaster) && !bg.deliberate && !bg.clash {
        return Some(NonEvent::Disaster);
    }
    if bg.has(Context::Accident) && !bg.deliberate && !bg.clash {
        return Some(NonEvent::Accident);
    }
    // A weapons test or a drill: nothing was attacked.
    if bg.has(Context::Test) && !hurt && sub.event_type() == EventType::ExplosionsRemoteViolence {
        return Some(NonEvent::Test);
    }
    // Expelled diplomats, sanctions, "strikes back": a row between states.
    if bg.has(Context::Diplomacy)
        && !hurt
        && !bg.deliberate
        && sub != S::Agreement
        && !matches!(sub.event_type(), EventType::Protests | EventType::Riots)
    {
        return Some(NonEvent::Diplomacy);
    }
    // A drug bust or a smuggling ring broken up: crime, not politics.
    if bg.has(Context::Crime)
        && !bg.armed_group_named
        && matches!(
            sub,
            S::Arrests
                | S::NonStateActorOvertakesTerritory
                | S::GovernmentRegainsTerritory
                | S::ProtestWithIntervention
        )
    {
        return Some(NonEvent::Crime);
    }
    // "The UN condemned the attack": the clause reacts to an event told
    // elsewhere; with a toll of its own it still tells the event.
    if bg.reaction_before && f.killed.is_none_or(|k| k == 0) {
        return Some(NonEvent::Reaction);
    }
    if bg.prospect && sub.event_type() == EventType::Protests {
        return Some(NonEvent::Prospect);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_model::PloverCategory;

    fn bg(contexts: &[Context], deliberate: bool) -> Background {
        let mut b = Background::with(contexts);
        b.deliberate = deliberate;
        b.prospect = contexts.contains(&Context::Prospect);
        b
    }

    fn coded(sub: SubEventType) -> Coding {
        Coding {
            sub_event_type: sub,
            cameo: "190",
            plover: PloverCategory::Assault,
            mode: None,
        }
    }

    #[test]
    fn backgrounds_that_make_no_event() {
        use Context as C;
        use SubEventType as S;
        let killed = Facts {
            killed: Some(4),
            ..Facts::default()
        };
        let none = Facts::default();
        let table: Vec<(&str, Background, &Facts, SubEventType, Option<NonEvent>)> = vec![
            (
                "a tank at the gas plant exploded",
                bg(&[C::Accident], false),
                &killed,
                S::RemoteExplosiveLandmineIed,
                Some(NonEvent::Accident),
            ),
            (
                "a bomb planted at the gas plant exploded",
                bg(&[C::Accident], true),
                &killed,
                S::RemoteExplosiveLandmineIed,
                None,
            ),
            (
                "floods hit parts of the country",
                bg(&[C::Disaster], false),
                &none,
                S::Attack,
                Some(NonEvent::Disaster),
            ),
            (
                "gunmen killed villagers fleeing the floods",
                bg(&[C::Disaster], true),
                &killed,
                S::Attack,
                None,
            ),
            (
                "police arrested ten smugglers",
                bg(&[C::Crime], false),
                &none,
                S::Arrests,
                Some(NonEvent::Crime),
            ),
            (
                "police seized guns and drugs",
                bg(&[C::Crime], false),
                &none,
                S::DisruptedWeaponsUse,
                None,
            ),
            (
                "the country strikes back and expels diplomats",
                bg(&[C::Diplomacy], false),
                &none,
                S::ArmedClash,
                Some(NonEvent::Diplomacy),
            ),
            (
                "the envoy brokered a ceasefire",
                bg(&[C::Diplomacy], false),
                &none,
                S::Agreement,
                None,
            ),
            (
                "the army test-fired a missile",
                bg(&[C::Test], false),
                &none,
                S::ShellingArtilleryMissileAttack,
                Some(NonEvent::Test),
            ),
            (
                "a missile fired during a drill killed four",
                bg(&[C::Test], false),
                &killed,
                S::ShellingArtilleryMissileAttack,
                None,
            ),
            (
                "a protest is scheduled for Friday",
                bg(&[C::Prospect], false),
                &none,
                S::PeacefulProtest,
                Some(NonEvent::Prospect),
            ),
            (
                "militants attacked a checkpoint",
                bg(&[], true),
                &none,
                S::ArmedClash,
                None,
            ),
        ];
        for (name, b, f, sub, want) in table {
            assert_eq!(non_event(&b, f, coded(sub)), want, "{name}");
        }
        let mut reaction = Background::with(&[]);
        reaction.reaction_before = true;
        assert_eq!(
            non_event(&reaction, &none, coded(S::Attack)),
            Some(NonEvent::Reaction),
            "the UN condemned the attack"
        );
        assert_eq!(
            non_event(&reaction, &killed, coded(S::Attack)),
            None,
            "the UN condemned the attack that killed four"
        );
    }
}
