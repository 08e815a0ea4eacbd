//! Reading an event frame from each clause: what happened, who did it to
//! whom, how many died, where and when, and how surely.
//!
//! The reading is shallow by design (no parser): a clause's *predicate* is
//! its first factual trigger verb, or its strongest trigger noun. Roles come
//! from the voice and a few reliable constructions:
//!
//! - passive ("were killed by X", "140 fighters killed ... by X"): the agent
//!   after "by", or the actor modifying an instrument noun ("in a coalition
//!   airstrike"), is actor1; the subject is actor2;
//! - active ("X attacked Y", "X opened fire on Y"): the nearest armed actor
//!   before the verb is actor1, the first actor after it actor2;
//! - nouns ("a Taliban attack on a checkpoint", "clashes between X and Y");
//! - responsibility anywhere in the report ("X claimed responsibility",
//!   "police blamed X") names actor1 when the clause names none;
//! - discourse: "the militants" and bare counted victims ("two senior
//!   leaders") refer to the armed group the report is about.
//!
//! Triggers under negation ("never attacks"), irrealis ("threatened to
//! attack", "plans to") or genericity ("has conducted terrorist bombings in
//! numerous population centers") make no event.

use std::ops::Range;

use sitrep_actors::Role;
use sitrep_lexicon::{Cue, CueMatch, Forms, TriggerClass};
use sitrep_model::{ActorRef, ActorType, EventDate, SubEventType, TimePrecision};

use crate::analysis::{ActorMention, Analysis, Sentence};
use crate::casualties::{self, Casualties};
use crate::classify::{self, Coding, Facts, Kinds};
use crate::clauses;
use crate::places::{self, PlaceChoice};

/// One event as read from one clause, before merging.
#[derive(Debug, Clone)]
pub(crate) struct Frame {
    pub sentence: usize,
    pub title: bool,
    pub coding: Coding,
    pub actor1: Option<ActorRef>,
    pub actor2: Option<ActorRef>,
    pub place: Option<PlaceChoice>,
    /// The place was read from this frame's own sentence (not inherited).
    pub place_own: bool,
    pub date: EventDate,
    /// The date was read from the text (not inherited or defaulted).
    pub date_own: bool,
    /// Victims killed (attackers not included); `None` when unknown.
    pub victims_killed: Option<u32>,
    /// Attackers who died (a suicide bomber).
    pub attackers_killed: u32,
    pub injured: Option<u32>,
    pub civilian_targeting: bool,
    /// The trigger is a definite noun ("the attack", "the blast") that
    /// refers back to the incident just told.
    pub anaphoric: bool,
    /// Everyone the frame counts as killed is a fighter on the attacking
    /// side ("five militants were killed in a gun battle with security
    /// forces" after an attack): the toll may belong to the attack just told.
    pub attackers_toll: bool,
    /// Set when merged as attackers killed in another frame's incident:
    /// the toll adds to that incident's instead of competing with it.
    pub additive: bool,
    /// The clause adds people to a toll told before ("two drivers were
    /// also killed"): its victims add up instead of restating.
    pub also: bool,
    pub hedges: Vec<String>,
    /// Normalised byte ranges of the evidence sentences.
    pub evidence: Vec<Range<usize>>,
}

impl Frame {
    fn names(&self) -> impl Iterator<Item = &str> {
        self.actor1
            .iter()
            .chain(self.actor2.iter())
            .map(|a| a.name.as_str())
    }
}

/// Reads every frame of the report, in text order.
pub(crate) fn read_frames(a: &Analysis) -> Vec<Frame> {
    let perpetrators = perpetrators(a);
    let title_sentence = title_sentence(a);
    let mut frames: Vec<Frame> = Vec::new();
    let mut by_name = LatestByName::default();
    for si in 0..a.sentences.len() {
        let s = &a.sentences[si];
        let sentence_dates: Vec<&sitrep_dates::DateMention> = s
            .dates
            .iter()
            .filter(|d| d.kind != sitrep_dates::DateKind::Since)
            .collect();
        for clause in clauses::clauses(s) {
            let triggers: Vec<&CueMatch> = s
                .cues
                .iter()
                .filter(|c| clause.contains(&c.tokens.start))
                .filter(|c| matches!(c.cue, Cue::Trigger(_)))
                .filter(|c| factual(s, c, clause.clone()))
                // "claimed responsibility for the attack", "blamed the
                // bombing on": once the attack has been told, this clause
                // only attributes it.
                .filter(|c| {
                    frames.is_empty()
                        || !s.cues.iter().any(|r| {
                            r.cue == Cue::Responsibility
                                && r.tokens.end <= c.tokens.start
                                && c.tokens.start - r.tokens.end <= 3
                        })
                })
                .collect();
            let cas = casualties::casualties(a, si, clause.clone());
            // "also killed", "another three were killed": this toll adds to
            // the incident's rather than restating it.
            let also = s.cues.iter().any(|c| {
                clause.contains(&c.tokens.start)
                    && matches!(c.cue, Cue::Death | Cue::Trigger(TriggerClass::Kill))
                    && s.preceded_by(c.tokens.start, 3, &["also"])
            });
            if triggers.is_empty() {
                attach_casualties(a, si, &cas, also, &mut frames);
                continue;
            }
            // A clause that only says people were killed ("Four were killed
            // along with an unknown number wounded"), with no agent, place
            // or date of its own, is the toll of the incident just told.
            // Attackers killed go the other way: they add to the attack's toll
            // when frames merge.
            let toll_only = triggers
                .iter()
                .all(|t| t.cue == Cue::Trigger(TriggerClass::Kill))
                && !cas
                    .victims
                    .iter()
                    .all(|c| c.kind == sitrep_lexicon::VictimKind::Combatant)
                && !clause.clone().any(|i| s.word(i) == "by")
                // A named group in the clause is an agent with an event of
                // its own ("Islamic State ... kills 670 people").
                && !s.actors.iter().any(|&ai| {
                    clause.contains(&s.token_at(a.actors[ai].start)) && a.actors[ai].named
                })
                && places::candidates(a, si, clause.clone()).is_empty()
                && !s
                    .dates
                    .iter()
                    .any(|d| clause.contains(&s.token_at(d.start)))
                && cas.killed.is_some();
            if toll_only && attach_casualties(a, si, &cas, also, &mut frames) {
                continue;
            }
            let strong: Vec<&CueMatch> = triggers
                .iter()
                .copied()
                .filter(|c| !a.k.lexicon.entry(c.entry).weak)
                .collect();
            let weak_only = strong.is_empty();
            let used = if weak_only { triggers.clone() } else { strong };
            let Some(frame) =
                read_clause(a, si, clause.clone(), &used, &cas, &perpetrators, &frames)
            else {
                continue;
            };
            // A weak trigger ("an offensive", "hit") needs something
            // concrete beside it: a toll, a sub-national place or a date.
            let own_places = places::candidates(a, si, clause.clone());
            let concrete = cas.killed.is_some_and(|k| k > 0)
                || cas.injured.is_some_and(|k| k > 0)
                || own_places
                    .iter()
                    .any(|&pi| a.places[pi].kind != sitrep_geo::FeatureKind::Country)
                || s.dates.iter().any(|d| {
                    let t = s.token_at(d.start);
                    clause.contains(&t) && d.kind != sitrep_dates::DateKind::Since
                });
            if weak_only && !concrete {
                continue;
            }
            let mut frame = frame;
            frame.title = title_sentence == Some(si);
            frame.also = also;
            place_and_date(
                a,
                si,
                clause.clone(),
                &sentence_dates,
                &mut frame,
                &frames,
                &by_name,
            );
            // One frame per coordinated place ("in Helmand and Farah
            // provinces").
            let split = if frame.place_own {
                let list = if own_places.is_empty() {
                    places::candidates(a, si, 0..s.tokens.len())
                } else {
                    own_places
                };
                places::choose(a, si, &list)
            } else {
                Vec::new()
            };
            if split.len() > 1 {
                for p in split {
                    let mut f = frame.clone();
                    f.place = Some(p);
                    by_name.push(&mut frames, f);
                }
            } else {
                by_name.push(&mut frames, frame);
            }
        }
    }
    frames
}

/// For each named (not generic) actor, the latest frame naming it as
/// actor1 or actor2: the discourse antecedent of a later frame is a
/// lookup, not a backward scan of every frame read so far (which was
/// quadratic on a long page whose frames share no actor). Frames' actors
/// do not change once pushed, so the index stays true.
#[derive(Default)]
struct LatestByName {
    latest: std::collections::HashMap<String, usize>,
}

impl LatestByName {
    fn push(&mut self, frames: &mut Vec<Frame>, frame: Frame) {
        let i = frames.len();
        for name in frame.names().filter(|n| !is_generic_name(n)) {
            match self.latest.get_mut(name) {
                Some(slot) => *slot = i,
                None => {
                    self.latest.insert(name.to_string(), i);
                }
            }
        }
        frames.push(frame);
    }

    /// The latest frame sharing a named actor with `frame`.
    fn antecedent(&self, frame: &Frame) -> Option<usize> {
        frame
            .names()
            .filter(|n| !is_generic_name(n))
            .filter_map(|n| self.latest.get(n).copied())
            .max()
    }
}

/// The sentence that is the report's title, when the document has one.
fn title_sentence(a: &Analysis) -> Option<usize> {
    let title = a.doc.title.as_deref()?.trim();
    let first = a.sentences.first()?;
    let text = a.text().get(first.range.clone())?;
    let norm_title = sitrep_text::Normalized::new(title);
    (text.trim() == norm_title.text().trim()).then_some(0)
}

/// Words before a plural that make it a count of particular incidents
/// ("two bombings", "the attacks", "twin blasts"), not a habit.
const COUNTING_WORDS: &[&str] = &[
    "the",
    "two",
    "three",
    "four",
    "five",
    "several",
    "twin",
    "multiple",
    "these",
    "those",
    "both",
    "coordinated",
    "simultaneous",
    "separate",
    "deadly",
    "fatal",
    "suicide",
];

/// Whether a trigger states something that happened: not negated, not
/// hypothetical or planned, not habitual or generic.
fn factual(s: &Sentence, t: &CueMatch, clause: Range<usize>) -> bool {
    let h = t.tokens.start;
    let cue_before = |n: usize, want: fn(Cue) -> bool| {
        let from = h.saturating_sub(n).max(clause.start);
        let mut j = h;
        while j > from {
            j -= 1;
            if s.is_punct(j) && s.word(j) != "'s" {
                return false;
            }
            if s.cues.iter().any(|c| c.tokens.contains(&j) && want(c.cue)) {
                return true;
            }
        }
        false
    };
    if cue_before(3, |c| c == Cue::Negation) {
        return false;
    }
    // "one of three hundred and fifty attacks": a statistic over many
    // incidents, not one.
    if (h.saturating_sub(5)..h).any(|j| s.word(j) == "one" && s.word(j + 1) == "of") {
        return false;
    }
    if t.forms.is_noun() && matches!(s.word(h.wrapping_sub(1)), "no" | "any") {
        return false;
    }
    // "could have killed", "would attack", "plans to attack"; an epistemic
    // "may have been killed" is a hedge, not irrealis.
    if cue_before(4, |c| c == Cue::Irrealis) {
        let epistemic = (h.saturating_sub(4)..h)
            .any(|j| matches!(s.word(j), "may" | "might") && s.word(j + 1) == "have");
        if !epistemic {
            return false;
        }
    }
    let generic_cue = s
        .cues
        .iter()
        .any(|c| c.cue == Cue::Generic && clause.contains(&c.tokens.start));
    // A plural noun with no determiner, number or subject before it
    // ("staged hit and run raids"); "ISIS-K Attacks ..." has a subject.
    let after_subject = h > 0 && s.capitalised(h - 1);
    let prev = s.word(h.wrapping_sub(1));
    let counted = COUNTING_WORDS.contains(&prev) || prev.starts_with(|c: char| c.is_ascii_digit());
    let bare_plural =
        t.forms.contains(Forms::NOUN_PLURAL) && !counted && (!t.forms.is_verb() || !after_subject);
    if generic_cue && (bare_plural || t.forms.contains(Forms::VERB_BASE)) {
        return false;
    }
    // "have conducted terrorist bombings", "have staged raids": a bare
    // plural after a perfect with no date is a habit, not an incident.
    let perfect = (clause.start..h).any(|j| matches!(s.word(j), "have" | "has"))
        && !s
            .dates
            .iter()
            .any(|d| clause.contains(&s.token_at(d.start)));
    if bare_plural && perfect {
        return false;
    }
    true
}

/// Adds the toll of a clause with no event of its own ("Five people
/// died.") to the frame just before it, when that frame is in the same or
/// the previous sentence. `also` adds the figures ("three children were
/// also killed") instead of taking the larger. Returns whether it did.
fn attach_casualties(
    a: &Analysis,
    si: usize,
    cas: &Casualties,
    also: bool,
    frames: &mut [Frame],
) -> bool {
    if cas.killed.is_none() && cas.injured.is_none() {
        return false;
    }
    let Some(last) = frames.last_mut() else {
        return false;
    };
    if si > last.sentence + 2 || a.sentences[si].paragraph != a.sentences[last.sentence].paragraph {
        return false;
    }
    if let Some(k) = cas.killed {
        let v = k.saturating_sub(cas.attackers_killed);
        last.victims_killed = Some(match last.victims_killed {
            Some(x) if also => x.saturating_add(v),
            Some(x) => x.max(v),
            None => v,
        });
        last.attackers_killed = if also {
            last.attackers_killed.saturating_add(cas.attackers_killed)
        } else {
            last.attackers_killed.max(cas.attackers_killed)
        };
    }
    if let Some(i) = cas.injured {
        last.injured = Some(last.injured.map_or(i, |x| x.max(i)));
    }
    let r = a.sentences[si].range.clone();
    if !last.evidence.contains(&r) {
        last.evidence.push(r);
    }
    true
}

/// Reads one clause's frame: codes, actors and toll (place and date come
/// after, as they may be inherited).
fn read_clause(
    a: &Analysis,
    si: usize,
    clause: Range<usize>,
    triggers: &[&CueMatch],
    cas: &Casualties,
    perpetrators: &[(usize, usize)],
    previous: &[Frame],
) -> Option<Frame> {
    let s = &a.sentences[si];
    let classes: Vec<TriggerClass> = triggers.iter().filter_map(|t| t.cue.trigger()).collect();
    // The predicate: the clause's first trigger. Later triggers are most
    // often participle tails or instruments ("..., killing a policeman";
    // "killed in a coalition airstrike") whose subject is the clause's.
    let pred = triggers[0];

    let participants: Vec<usize> = s
        .actors
        .iter()
        .copied()
        .filter(|&ai| {
            let m = &a.actors[ai];
            clause.contains(&s.token_at(m.start)) && !m.source
        })
        .collect();
    let (mut r1, mut r2) = roles(a, s, &participants, pred, triggers, cas);

    // Discourse: "the militants" is the armed group the report is about;
    // so are unnamed "fighters" right after that group was named (in this
    // or the previous sentence).
    let topic = topic_before(a, s.range.start);
    let recent_start = si
        .checked_sub(1)
        .map_or(s.range.start, |p| a.sentences[p].range.start);
    let topic_recent = topic.filter(|&t| a.actors[t].start >= recent_start);
    let resolve_definite = |r: Option<usize>| -> Option<usize> {
        let ai = r?;
        let m = &a.actors[ai];
        if !m.named && m.role == Some(Role::UnidentifiedArmedGroup) {
            if m.definite {
                return topic.or(Some(ai));
            }
            return topic_recent.or(Some(ai));
        }
        Some(ai)
    };
    r1 = resolve_definite(r1);
    r2 = resolve_definite(r2);

    let mut actor1 = r1.map(|i| a.actors[i].actor.clone());
    let mut actor2 = r2.map(|i| a.actors[i].actor.clone());
    // A named group that claimed or was blamed for the attack beats any
    // unnamed actor the clause offers.
    let actor1_unknown = r1.is_none_or(|i| !a.actors[i].named);
    // Responsibility claimed or blamed elsewhere in the report.
    if actor1_unknown
        && let Some(&(_, p)) = perpetrators.first()
        && Some(&a.actors[p].actor) != actor2.as_ref()
    {
        actor1 = Some(a.actors[p].actor.clone());
    }
    // "They" at the head of a clause continues the previous frame's actor.
    if actor1.is_none() && matches!(s.word(clause.start), "they" | "he" | "it" | "she") {
        actor1 = previous.last().and_then(|f| f.actor1.clone());
    }

    // Victims and targets.
    let mut victims = Kinds::default();
    for c in &cas.victims {
        victims.add(c.kind);
    }
    let mut targets = Kinds::default();
    for c in s.cues.iter().filter(|c| clause.contains(&c.tokens.start)) {
        match c.cue {
            Cue::Target(k) => targets.add(k),
            Cue::Victim(k) if c.tokens.start > pred.tokens.start => victims.add(k),
            _ => {}
        }
    }
    // Nobody named on the receiving end: the counted victims say who.
    if actor2.is_none() {
        let counted_actor = cas
            .victims
            .iter()
            .filter(|c| !c.attacker)
            .find_map(|c| c.actor)
            .filter(|&ai| Some(&a.actors[ai].actor) != actor1.as_ref());
        actor2 = counted_actor.map(|ai| {
            let m = &a.actors[ai];
            // "140 additional fighters": fighters of the group the report
            // is about.
            match topic {
                Some(t)
                    if !m.named
                        && m.role == Some(Role::UnidentifiedArmedGroup)
                        && Some(&a.actors[t].actor) != actor1.as_ref() =>
                {
                    a.actors[t].actor.clone()
                }
                _ => m.actor.clone(),
            }
        });
    }
    if actor2.is_none() {
        actor2 = victim_actor(a, &victims, &targets, actor1.as_ref(), topic);
    }
    // An unarmed actor1 facing an armed actor2 has the roles reversed.
    if let (Some(x), Some(y)) = (&actor1, &actor2)
        && !crate::analysis::is_armed(x.inter)
        && crate::analysis::is_armed(y.inter)
        && x.inter != ActorType::Protesters
        && x.inter != ActorType::Rioters
    {
        std::mem::swap(&mut actor1, &mut actor2);
    }
    if actor1.is_some() && actor1 == actor2 {
        actor2 = None;
    }

    // The means of an attack are named next to it ("killed by a drone",
    // "bombed by jets", "opened fire with AKs"), not anywhere in the
    // sentence ("a gunship circling overhead, ..., the members begin a
    // harassment attack").
    let weapons = s
        .cues
        .iter()
        .filter(|c| clause.contains(&c.tokens.start))
        .filter(|c| {
            triggers.iter().any(|t| {
                let (lo, hi) = if c.tokens.start < t.tokens.start {
                    (c.tokens.end, t.tokens.start)
                } else {
                    (t.tokens.end, c.tokens.start)
                };
                hi.saturating_sub(lo) <= 6 && !(lo..hi).any(|i| matches!(s.word(i), "," | ";"))
            })
        })
        .filter_map(|c| match c.cue {
            Cue::Weapon(w) => Some(w),
            _ => None,
        })
        .collect();
    let surface = triggers
        .iter()
        .map(|t| a.text().get(t.start..t.end).unwrap_or("").to_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    let protesters = s
        .actors
        .iter()
        .any(|&ai| a.actors[ai].actor.inter == ActorType::Protesters)
        || (0..s.tokens.len())
            .any(|i| matches!(s.word(i), "protesters" | "demonstrators" | "protestors"));
    let rioters = s
        .actors
        .iter()
        .any(|&ai| a.actors[ai].actor.inter == ActorType::Rioters)
        || (0..s.tokens.len()).any(|i| matches!(s.word(i), "rioters" | "mob"));
    // A territory as the object: a place named after the trigger, or (for
    // fighting over ground, not for a withdrawal) a word for one.
    let named_territory = !places::candidates(a, si, pred.tokens.end..clause.end).is_empty();
    let territory = named_territory
        || (!classes.contains(&TriggerClass::Transfer)
            && (pred.tokens.end..clause.end).any(|i| {
                matches!(
                    s.word(i),
                    "district"
                        | "town"
                        | "village"
                        | "city"
                        | "territory"
                        | "villages"
                        | "districts"
                        | "province"
                        | "region"
                        | "positions"
                        | "base"
                        | "headquarters"
                        | "checkpoint"
                        | "checkpoints"
                        | "outpost"
                        | "airport"
                        | "border"
                        | "crossing"
                )
            }));

    let facts = Facts {
        classes,
        weapons,
        surface,
        actor1: actor1.as_ref().map(|x| x.inter),
        actor2: actor2.as_ref().map(|x| x.inter),
        victims,
        targets,
        killed: cas.killed,
        territory,
        protesters,
        rioters,
    };
    let coding = classify::code_clause(a, si, clause.clone(), triggers, &facts)?;

    // Crowd events: the crowd is actor1.
    if matches!(
        coding.sub_event_type.event_type(),
        sitrep_model::EventType::Protests | sitrep_model::EventType::Riots
    ) {
        let crowd = participants
            .iter()
            .map(|&ai| &a.actors[ai].actor)
            .find(|x| matches!(x.inter, ActorType::Protesters | ActorType::Rioters))
            .cloned();
        if let Some(c) = crowd {
            if actor1.as_ref() != Some(&c) {
                actor2 = actor1.take().filter(|x| *x != c);
            }
            actor1 = Some(c);
        }
    }

    // Fatalities: attackers who die count (ACLED), and a suicide attacker
    // dies in the attack.
    let victims_killed = cas.killed.map(|k| k.saturating_sub(cas.attackers_killed));
    let mut attackers_killed = cas.attackers_killed;
    if coding.sub_event_type == SubEventType::SuicideBomb {
        attackers_killed = attackers_killed.max(suicide_attackers(s, clause.clone()));
    }
    let attackers_toll = !cas.victims.is_empty()
        && cas
            .victims
            .iter()
            .all(|c| c.kind == sitrep_lexicon::VictimKind::Combatant)
        && actor2.as_ref().is_none_or(|x| {
            matches!(
                x.inter,
                ActorType::RebelGroups | ActorType::PoliticalMilitias | ActorType::IdentityMilitias
            )
        });
    // "in the attack", "the blast": a definite event noun anywhere in the
    // clause refers back to the incident just told.
    let anaphoric = triggers.iter().any(|t| {
        t.forms.is_noun()
            && matches!(
                s.word(t.tokens.start.wrapping_sub(1)),
                "the" | "this" | "that"
            )
    });

    let civilian_targeting = coding.sub_event_type.event_type()
        == sitrep_model::EventType::ViolenceAgainstCivilians
        || (coding.sub_event_type.event_type()
            == sitrep_model::EventType::ExplosionsRemoteViolence
            && (actor2
                .as_ref()
                .is_some_and(|x| x.inter == ActorType::Civilians)));

    let mut hedges: Vec<String> = s
        .cues
        .iter()
        .filter(|c| c.cue == Cue::Hedge)
        .map(|c| a.text().get(c.start..c.end).unwrap_or("").to_lowercase())
        .collect();
    hedges.dedup();

    Some(Frame {
        sentence: si,
        title: false,
        coding,
        actor1,
        actor2,
        place: None,
        place_own: false,
        date: EventDate::day(a.published),
        date_own: false,
        victims_killed,
        attackers_killed,
        injured: cas.injured,
        civilian_targeting,
        anaphoric,
        attackers_toll,
        additive: false,
        also: false,
        hedges,
        evidence: vec![s.range.clone()],
    })
}

/// How many suicide attackers a clause names: "two female suicide
/// bombers", "twin suicide bombings"; a bare plural means two; one by
/// default.
fn suicide_attackers(s: &Sentence, clause: Range<usize>) -> u32 {
    let mut most = 1;
    for c in s.cues.iter().filter(|c| clause.contains(&c.tokens.start)) {
        if c.cue != Cue::Trigger(TriggerClass::Suicide) {
            continue;
        }
        // The figure modifies the noun: right before it, or before one
        // adjective ("two female suicide bombers"), not across a verb or a
        // preposition ("16 wounded in suicide attack").
        let from = c.tokens.start.saturating_sub(3).max(clause.start);
        let counted = (from..c.tokens.start).rev().find_map(|j| {
            let between_ok = (j + 1..c.tokens.start).all(|k| {
                !s.is_punct(k)
                    && !matches!(
                        s.word(k),
                        "in" | "at"
                            | "on"
                            | "by"
                            | "of"
                            | "and"
                            | "were"
                            | "was"
                            | "wounded"
                            | "injured"
                            | "killed"
                            | "died"
                            | "dead"
                            | "after"
                            | "from"
                            | "with"
                    )
            });
            if !between_ok {
                return None;
            }
            match s.word(j) {
                "twin" | "double" => Some(2),
                w => sitrep_text::parse_number(w)
                    .filter(|&n| (1..20).contains(&n))
                    .map(|n| n as u32),
            }
        });
        let n = counted.unwrap_or(if c.forms.contains(Forms::NOUN_PLURAL) {
            2
        } else {
            1
        });
        most = most.max(n);
    }
    most
}

/// The actor standing for the people a clause says were hit, when no actor
/// is named: civilians, state forces, or the armed group the report is
/// about.
fn victim_actor(
    a: &Analysis,
    victims: &Kinds,
    targets: &Kinds,
    actor1: Option<&ActorRef>,
    topic: Option<usize>,
) -> Option<ActorRef> {
    let country = a.focus;
    let generic = |role: Role| a.generic(role, country, a.published);
    if victims.combatant && !victims.unarmed() && !victims.security {
        // "two senior leaders have been killed": leaders of the group the
        // report is about, unless that group is the one doing the killing.
        if let Some(t) = topic
            && Some(&a.actors[t].actor) != actor1
        {
            return Some(a.actors[t].actor.clone());
        }
        return Some(generic(Role::UnidentifiedArmedGroup));
    }
    if victims.security || (targets.security && !victims.unarmed()) {
        return Some(generic(Role::Military));
    }
    if victims.unarmed() || targets.civilian {
        return Some(generic(Role::Civilians));
    }
    None
}

/// The last named non-state armed actor mentioned before `offset`: whom
/// "the militants" and unnamed fighters in the report refer to.
/// Mentions are in text order, so both lookups are binary searches.
pub(crate) fn topic_before(a: &Analysis, offset: usize) -> Option<usize> {
    let before = a.actors.partition_point(|m| m.start < offset);
    let k = a.named_armed.partition_point(|&i| i < before);
    k.checked_sub(1).and_then(|k| a.named_armed.get(k)).copied()
}

/// Picks actor1 and actor2 among a clause's participants.
fn roles(
    a: &Analysis,
    s: &Sentence,
    participants: &[usize],
    pred: &CueMatch,
    triggers: &[&CueMatch],
    cas: &Casualties,
) -> (Option<usize>, Option<usize>) {
    let tok = |ai: usize| s.token_at(a.actors[ai].start);
    let tok_end = |ai: usize| s.token_at(a.actors[ai].end.saturating_sub(1)) + 1;
    let h = pred.tokens.start;

    // "by X": the agent, after the predicate or after a trigger noun. "an
    // attack of PKK militants": "of" names the agent when it is an armed
    // group (with "the killing of five soldiers" it names the victims).
    let agent = participants.iter().copied().find(|&ai| {
        let t = tok(ai);
        // "by the terror group Boko Haram", "by members of the Taliban".
        let by_at = (t.saturating_sub(6)..t).rev().find(|&j| s.word(j) == "by");
        let by = by_at.is_some_and(|b| {
            (b + 1..t).all(|j| {
                !s.is_punct(j)
                    && !matches!(s.word(j), "according" | "and" | "or")
                    && !s
                        .cues
                        .iter()
                        .any(|c| c.tokens.contains(&j) && matches!(c.cue, Cue::Trigger(_)))
            })
        });
        let of = t >= 2
            && s.word(t - 1) == "of"
            && a.actors[ai].non_state_armed()
            && triggers
                .iter()
                .any(|tr| tr.forms.is_noun() && tr.tokens.end == t - 1);
        t > h && (by || of)
    });
    // An actor modifying a trigger noun: "a coalition airstrike", "a
    // Taliban attack", "ISIS-K's attack", "a suspected Taliban ambush".
    // The mention may also contain the trigger ("Boko Haram suicide
    // bombers").
    let modifier = participants.iter().copied().find(|&ai| {
        let end = tok_end(ai);
        let start = tok(ai);
        triggers.iter().any(|t| {
            (t.forms.is_noun() || t.forms.contains(Forms::PHRASE))
                && start < t.tokens.start
                && t.tokens.start < end
        }) || triggers.iter().any(|t| {
            t.forms.is_noun()
                && t.tokens.start >= end
                && (end..t.tokens.start).all(|j| {
                    matches!(
                        s.word(j),
                        "'s" | "suspected" | "alleged" | "apparent" | "-led" | "led" | "-"
                    )
                })
        })
    });
    // "clashes between X and Y".
    if let Some(b) = (h..s.tokens.len().min(h + 4)).find(|&j| s.word(j) == "between") {
        let after: Vec<usize> = participants
            .iter()
            .copied()
            .filter(|&ai| tok(ai) > b)
            .collect();
        if after.len() >= 2 {
            return (Some(after[0]), Some(after[1]));
        }
    }

    let passive = is_passive(s, pred, cas);
    let before: Vec<usize> = participants
        .iter()
        .copied()
        .filter(|&ai| tok_end(ai) <= h)
        .collect();
    let after: Vec<usize> = participants
        .iter()
        .copied()
        .filter(|&ai| tok(ai) >= pred.tokens.end && Some(ai) != agent)
        .collect();
    let nearest_armed_before = before
        .iter()
        .rev()
        .copied()
        .find(|&ai| a.actors[ai].armed())
        .or_else(|| before.last().copied());

    if passive {
        // The subject is the victim; an actor after the verb is a victim
        // only when it is not an armed group that could be the agent.
        let actor2 = before
            .iter()
            .rev()
            .copied()
            .find(|&ai| Some(ai) != agent.or(modifier))
            .or_else(|| {
                after
                    .iter()
                    .copied()
                    .find(|&ai| Some(ai) != agent.or(modifier) && !a.actors[ai].non_state_armed())
            });
        // No agent: the armed group named later in the clause did it ("One
        // soldier was killed during clashes with PKK militants", "... after
        // Islamic State attacked a Peshmerga base").
        let later_armed = || {
            let armed_after: Vec<usize> = after
                .iter()
                .copied()
                .filter(|&ai| Some(ai) != actor2 && a.actors[ai].armed())
                .collect();
            // State forces named after a passive verb are more often the
            // scene ("the offices of the Kabul police chief") than the
            // agent, which would come with "by".
            armed_after
                .iter()
                .copied()
                .find(|&ai| a.actors[ai].non_state_armed())
        };
        let actor1 = agent.or(modifier).or_else(later_armed);
        return (actor1, actor2);
    }
    if pred.forms.is_verb() && !pred.forms.is_noun() {
        let actor1 = nearest_armed_before.or(agent).or(modifier);
        let actor2 = after.iter().copied().find(|&ai| Some(ai) != actor1);
        return (actor1, actor2);
    }
    // A trigger noun (or a form that may be noun or verb: "attacks").
    let actor1 = modifier.or(agent).or(nearest_armed_before);
    let target = after.iter().copied().find(|&ai| {
        let t = tok(ai);
        (t.saturating_sub(3)..t)
            .any(|j| matches!(s.word(j), "on" | "against" | "targeting" | "at" | "of"))
    });
    let actor2 = target
        .or_else(|| after.iter().copied().find(|&ai| Some(ai) != actor1))
        .or_else(|| participants.iter().copied().find(|&ai| Some(ai) != actor1));
    (actor1, actor2)
}

/// Whether the predicate is passive: "were killed", "have been killed", or
/// a reduced relative after a counted phrase ("140 fighters killed in ...").
fn is_passive(s: &Sentence, pred: &CueMatch, cas: &Casualties) -> bool {
    if !pred.forms.contains(Forms::VERB_PARTICIPLE) {
        return false;
    }
    let h = pred.tokens.start;
    let aux = (h.saturating_sub(3)..h).any(|j| {
        matches!(
            s.word(j),
            "was" | "were" | "been" | "be" | "being" | "is" | "are" | "got" | "get"
        )
    });
    if aux {
        return true;
    }
    let next = s.word(pred.tokens.end);
    let reduced_next = matches!(
        next,
        "in" | "by"
            | "during"
            | "when"
            | "as"
            | "on"
            | "at"
            | "after"
            | ","
            | "."
            | "near"
            | "while"
            | "and"
            | "overnight"
            | "yesterday"
            | "last"
            | ""
            | "inside"
            | "outside"
            | "across"
    );
    let victim_before = cas
        .victims
        .iter()
        .any(|c| c.tokens.end == h || c.tokens.end + 1 == h)
        || s.cues.iter().any(|c| {
            matches!(c.cue, Cue::Victim(_)) && (c.tokens.end == h || c.tokens.end + 1 == h)
        });
    reduced_next && victim_before
}

/// Perpetrators named by responsibility statements in the report:
/// (sentence, actor mention), in text order.
fn perpetrators(a: &Analysis) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (si, s) in a.sentences.iter().enumerate() {
        for c in s.cues.iter().filter(|c| c.cue == Cue::Responsibility) {
            let phrase = a.text().get(c.start..c.end).unwrap_or("").to_lowercase();
            // "X claimed responsibility", "X was behind the attack": the
            // actor before. "police blamed X", "attributed to X", "carried
            // out by X": the actor after.
            let passive_accused = phrase.starts_with("accused")
                && matches!(
                    s.word(c.tokens.start.wrapping_sub(1)),
                    "was" | "were" | "been" | "is" | "are"
                );
            let after = (phrase.starts_with("blame")
                || phrase.starts_with("attributed")
                || phrase.contains(" by")
                || phrase.contains("work of")
                || phrase.starts_with("accused"))
                && !passive_accused;
            let candidate = |ai: &usize| {
                let m: &ActorMention = &a.actors[*ai];
                m.armed()
                    && !(m.role == Some(Role::Police)
                        || m.role == Some(Role::Government)
                        || m.role == Some(Role::Military) && !m.named)
            };
            let found = if after {
                s.actors
                    .iter()
                    .filter(|&&ai| a.actors[ai].start >= c.end)
                    .find(|ai| candidate(ai))
                    .copied()
            } else {
                s.actors
                    .iter()
                    .rev()
                    .filter(|&&ai| a.actors[ai].end <= c.start)
                    .find(|ai| candidate(ai))
                    .copied()
            };
            if let Some(ai) = found {
                // A generic "militants claimed" is no better than nothing.
                if a.actors[ai].named {
                    out.push((si, ai));
                }
            }
        }
    }
    out
}

/// Fills a frame's place and date: its own clause, then its sentence, then
/// the incident the discourse is about, then the report's defaults.
fn place_and_date(
    a: &Analysis,
    si: usize,
    clause: Range<usize>,
    sentence_dates: &[&sitrep_dates::DateMention],
    frame: &mut Frame,
    previous: &[Frame],
    by_name: &LatestByName,
) {
    let s = &a.sentences[si];
    // Place.
    let mut cands = places::candidates(a, si, clause.clone());
    if cands.is_empty() {
        cands = places::candidates(a, si, 0..s.tokens.len());
    }
    // The discourse antecedent: the latest earlier frame sharing a named
    // actor, else the previous frame in the same paragraph.
    let antecedent = by_name
        .antecedent(frame)
        .and_then(|i| previous.get(i))
        .or_else(|| {
            previous
                .last()
                .filter(|p| a.sentences[p.sentence].paragraph == s.paragraph)
        });
    let chosen = places::choose(a, si, &cands);
    if let Some(first) = chosen.first() {
        // A country-level mention in the clause does not beat a specific
        // place the discourse already has in that country.
        let inherited = antecedent.and_then(|p| p.place.clone()).filter(|p| {
            first.is_country(a) && !p.is_country(a) && p.country(a) == first.country(a)
        });
        match inherited {
            Some(p) => frame.place = Some(p),
            None => {
                frame.place = Some(first.clone());
                frame.place_own = true;
            }
        }
    } else if let Some(p) = antecedent.and_then(|p| p.place.clone()) {
        frame.place = Some(p);
    } else if let Some(pi) = a.main_place {
        frame.place = Some(PlaceChoice::Mention {
            index: pi,
            precision: sitrep_model::GeoPrecision::Region.max(match a.places[pi].kind {
                sitrep_geo::FeatureKind::PopulatedPlace => sitrep_model::GeoPrecision::Near,
                _ => sitrep_model::GeoPrecision::Region,
            }),
        });
    } else {
        frame.place = places::focus_country(a);
    }

    // Date.
    let clause_date = s
        .dates
        .iter()
        .filter(|d| d.kind != sitrep_dates::DateKind::Since)
        .find(|d| clause.contains(&s.token_at(d.start)));
    let date = clause_date.or_else(|| (sentence_dates.len() == 1).then(|| sentence_dates[0]));
    if let Some(d) = date {
        frame.date = d.event_date();
        frame.date_own = true;
    } else if (clause.start..clause.end).any(|i| s.word(i) == "recent") {
        // "a recent propaganda release": within the last month.
        let earliest = a
            .published
            .checked_sub(jiff::Span::new().months(1))
            .unwrap_or(a.published);
        frame.date = EventDate::window(earliest, a.published, TimePrecision::Month);
        frame.date_own = true;
    } else if let Some(p) = antecedent.filter(|p| p.date_own && !frame.place_own) {
        // A continuation of the incident just told shares its date.
        frame.date = p.date;
    } else {
        frame.date = default_date(a);
    }
}

/// The date of an event the report does not date: the days just before
/// publication, coded at the publication date.
fn default_date(a: &Analysis) -> EventDate {
    let earliest = a
        .published
        .checked_sub(jiff::Span::new().days(2))
        .unwrap_or(a.published);
    EventDate {
        date: a.published,
        earliest,
        latest: a.published,
        precision: TimePrecision::Week,
    }
}

/// Generic actor names ("Civilians (Afghanistan)", "Unidentified Armed
/// Group (Iraq)") do not identify an incident.
pub(crate) fn is_generic_name(name: &str) -> bool {
    name.starts_with("Civilians")
        || name.starts_with("Unidentified")
        || name.starts_with("Protesters")
        || name.starts_with("Rioters")
}
