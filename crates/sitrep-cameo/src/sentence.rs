//! The coder's reading of one sentence: actor, agent and verb matches, a
//! class for every token, noun phrases ("units", compounds included) and
//! clauses.
//!
//! PETRARCH reads a constituency parse; sitrep has none, so this module
//! rebuilds the little of it the coding rules need from the dictionaries
//! and a few lists of function words:
//!
//! - a *unit* is a run of noun-phrase tokens (determiners, possessives,
//!   other words, actor and agent matches). Units are then joined: an
//!   agent with the actor it belongs to ("the ambassadors of Arnor,
//!   Osgiliath and Gondor"), a noun with the actor after "of" ("the
//!   leaders of Gondor"), and lists into compounds ("Mordor, Rohan and
//!   Bree"), whose agent-only members take the actor of their neighbour
//!   ("Danish media and government" → DNKMED, DNKGOV);
//! - a *clause* starts at a subordinating word ("after", "that"), after a
//!   comma that is followed by a new subject and verb (", officials
//!   said"), or at "and" before a verb, which shares the subject before it
//!   ("condemned ... and promised").

use sitrep_model::Date;

use crate::codes::ActorCode;
use crate::dictionaries::CameoDictionaries;
use crate::text::{PhraseTok, Tok, TokKind};
use crate::verbs::FormKind;
use crate::words::{Cls, function_word, never_a_verb};

#[derive(Debug, Clone)]
pub(crate) struct ActorHit {
    pub start: usize,
    pub end: usize,
    pub codes: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct AgentHit {
    pub start: usize,
    pub end: usize,
    pub code: String,
    pub prefix: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct VerbHit {
    pub start: usize,
    pub end: usize,
    /// The forms (one per dictionary block holding this surface form).
    pub forms: Vec<u32>,
    pub kind: FormKind,
}

/// One actor inside a unit: its actor codes (several for `ELR/GAL`), the
/// agents around it, or nothing known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    pub actor: Option<Vec<String>>,
    pub prefix: Vec<String>,
    pub suffix: Vec<String>,
    pub start: usize,
    pub end: usize,
    pub pronoun: bool,
}

impl Part {
    fn has_agents(&self) -> bool {
        !self.prefix.is_empty() || !self.suffix.is_empty()
    }

    fn coded(&self) -> bool {
        self.actor.is_some() || self.has_agents()
    }
}

/// A noun phrase: one part, or several for a compound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unit {
    pub start: usize,
    pub end: usize,
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Actor,
    AgentOnly,
    Null,
    Pronoun,
    Mixed,
}

impl Unit {
    fn kind(&self) -> Kind {
        if self.parts.iter().all(|p| p.pronoun) {
            Kind::Pronoun
        } else if self.parts.iter().all(|p| p.actor.is_some()) {
            Kind::Actor
        } else if self
            .parts
            .iter()
            .all(|p| p.actor.is_none() && p.has_agents())
        {
            Kind::AgentOnly
        } else if self.parts.iter().all(|p| !p.coded()) {
            Kind::Null
        } else {
            Kind::Mixed
        }
    }

    /// Whether any member names an actor or an agent.
    pub fn coded(&self) -> bool {
        self.parts.iter().any(Part::coded)
    }

    /// A compound of at least two named members.
    pub fn is_compound(&self) -> bool {
        self.parts.iter().filter(|p| p.coded()).count() >= 2
    }

    /// The unit's actor codes: every coded member's codes; the null code
    /// alone when nothing is coded. Null members of a compound are left
    /// out, unless `new_actor_length` lets short ones stand as new actors.
    pub fn codes(&self, toks: &[Tok], new_actor_length: usize) -> Vec<ActorCode> {
        let mut coded = Vec::new();
        let mut nulls = Vec::new();
        for p in &self.parts {
            match part_codes(p, toks, new_actor_length) {
                Some(cs) => coded.extend(cs),
                None => nulls.push(new_actor(p, toks, new_actor_length)),
            }
        }
        let compound = self.parts.len() > 1;
        for n in nulls {
            match n {
                Some(code) => coded.push(code),
                None if !compound && coded.is_empty() => coded.push(ActorCode::null()),
                None => {}
            }
        }
        if coded.is_empty() {
            coded.push(ActorCode::null());
        }
        let mut seen = std::collections::HashSet::new();
        coded.retain(|c| seen.insert(c.clone()));
        coded
    }
}

/// Appends an agent's code unless the actor's code already holds it at a
/// code boundary (`USAGOV` + `GOV` stays `USAGOV`, `GMWGOV` + `WGO` is
/// `GMWGOVWGO`).
fn add_suffix(base: &mut String, agent: &str) {
    let rest = base.get(3..).unwrap_or("");
    let present = (0..rest.len())
        .step_by(3)
        .any(|i| rest.get(i..).is_some_and(|r| r.starts_with(agent)));
    if !present {
        base.push_str(agent);
    }
}

fn part_codes(p: &Part, _toks: &[Tok], _nal: usize) -> Option<Vec<ActorCode>> {
    if !p.coded() {
        return None;
    }
    let bases: Vec<String> = match &p.actor {
        Some(codes) => codes.clone(),
        None => vec![crate::codes::NULL.to_string()],
    };
    let mut out = Vec::new();
    for base in bases {
        let mut code = String::new();
        for pre in &p.prefix {
            if !base.starts_with(pre.as_str()) && !code.contains(pre.as_str()) {
                code.push_str(pre);
            }
        }
        let mut core = base;
        for suf in &p.suffix {
            add_suffix(&mut core, suf);
        }
        code.push_str(&core);
        out.push(ActorCode::new(code));
    }
    Some(out)
}

/// PETRARCH's new actors: a short phrase nobody coded, in quotes.
fn new_actor(p: &Part, toks: &[Tok], nal: usize) -> Option<ActorCode> {
    if nal == 0 || p.pronoun {
        return None;
    }
    let words: Vec<&str> = toks
        .get(p.start..p.end)
        .unwrap_or(&[])
        .iter()
        .filter(|t| t.kind != TokKind::Punct && t.up != "'S")
        .map(|t| t.up.as_str())
        .collect();
    (!words.is_empty() && words.len() <= nal)
        .then(|| ActorCode::new(format!("\"{}\"", words.join(" "))))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ClauseKind {
    Main,
    /// Opened by a subordinating word or relative pronoun.
    Sub,
    /// "and" + verb: a second verb phrase sharing the subject before it.
    VpCoord,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Clause {
    pub start: usize,
    pub end: usize,
    pub kind: ClauseKind,
}

/// A sentence as the coder reads it.
#[derive(Debug, Clone)]
pub(crate) struct Analysed {
    pub toks: Vec<Tok>,
    pub cls: Vec<Cls>,
    pub actors: Vec<ActorHit>,
    pub agents: Vec<AgentHit>,
    pub verbs: Vec<VerbHit>,
    pub units: Vec<Unit>,
    pub clauses: Vec<Clause>,
}

/// Whether `p` (whose first token matched `toks[at]`) matches from `at`;
/// the end of the match. A space in the dictionary lets up to two plain
/// words stand between ("ITHILEN TELEVISION" in "Ithilen state-run
/// television").
pub(crate) fn match_phrase(
    toks: &[Tok],
    at: usize,
    p: &[PhraseTok],
    limit: usize,
) -> Option<usize> {
    let first = p.first()?;
    if toks.get(at)?.up != first.up || at >= limit {
        return None;
    }
    let mut pos = at + 1;
    for t in p.get(1..).unwrap_or(&[]) {
        if t.open_before {
            let mut found = None;
            for (i, tok) in toks.iter().enumerate().take((pos + 3).min(limit)).skip(pos) {
                if tok.up == t.up {
                    found = Some(i);
                    break;
                }
                if tok.kind != TokKind::Word || function_word(&tok.up).is_some() {
                    break;
                }
            }
            pos = found? + 1;
        } else {
            if pos >= limit || toks.get(pos)?.up != t.up {
                return None;
            }
            pos += 1;
        }
    }
    Some(pos)
}

/// Actor names, leftmost-longest, among those with a code on `date`.
pub(crate) fn find_actors(
    d: &CameoDictionaries,
    toks: &[Tok],
    date: Option<Date>,
) -> Vec<ActorHit> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let mut best: Option<(usize, &[String])> = None;
        if let Some(cands) = d.actors.index.get(&toks[i].up) {
            for &c in cands {
                let name = &d.actors.names[c as usize];
                let Some(end) = match_phrase(toks, i, &name.toks, toks.len()) else {
                    continue;
                };
                if best.is_some_and(|(e, _)| e >= end) {
                    continue;
                }
                if let Some(codes) = d.actors.entries[name.entry as usize].codes_on(date) {
                    best = Some((end, codes));
                }
            }
        }
        match best {
            Some((end, codes)) => {
                out.push(ActorHit {
                    start: i,
                    end,
                    codes: codes.to_vec(),
                });
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// Agent names on tokens no actor covers, leftmost-longest.
pub(crate) fn find_agents(d: &CameoDictionaries, toks: &[Tok], covered: &[bool]) -> Vec<AgentHit> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if covered[i] {
            i += 1;
            continue;
        }
        // An agent may not run into an actor.
        let limit = (i..toks.len()).find(|&k| covered[k]).unwrap_or(toks.len());
        let mut best: Option<(usize, u32)> = None;
        if let Some(cands) = d.agents.index.get(&toks[i].up) {
            for &c in cands {
                let name = &d.agents.names[c as usize];
                if let Some(end) = match_phrase(toks, i, &name.toks, limit)
                    && best.is_none_or(|(e, _)| end > e)
                {
                    best = Some((end, name.agent));
                }
            }
        }
        match best {
            Some((end, agent)) => {
                let a = &d.agents.codes[agent as usize];
                out.push(AgentHit {
                    start: i,
                    end,
                    code: a.code.clone(),
                    prefix: a.prefix,
                });
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// Analyses a sentence's tokens.
pub(crate) fn analyse(d: &CameoDictionaries, toks: Vec<Tok>, date: Option<Date>) -> Analysed {
    let n = toks.len();
    let actors = find_actors(d, &toks, date);
    let mut covered = vec![false; n];
    let mut cls: Vec<Cls> = toks.iter().map(base_class).collect();
    for h in &actors {
        for k in h.start..h.end {
            covered[k] = true;
            cls[k] = Cls::Actor;
        }
    }
    let agents = find_agents(d, &toks, &covered);
    for h in &agents {
        for k in h.start..h.end {
            covered[k] = true;
            cls[k] = Cls::Agent;
        }
    }
    // A bare apostrophe after a word is a plural possessive.
    for k in 1..n {
        if toks[k].up == "'" && toks[k - 1].kind == TokKind::Word {
            cls[k] = Cls::Poss;
        }
    }
    // "it's": the 's after a pronoun is "is".
    for k in 1..n {
        if cls[k] == Cls::Poss && cls[k - 1] == Cls::Pronoun && toks[k].up == "'S" {
            cls[k] = Cls::Be;
        }
    }
    let verbs = find_verbs(d, &toks, &covered, &mut cls);
    let units = build_units(&toks, &cls, &actors, &agents);
    let mut clauses = build_clauses(&toks, &cls, &units);
    split_bare_complements(d, &cls, &verbs, &units, &mut clauses);
    Analysed {
        toks,
        cls,
        actors,
        agents,
        verbs,
        units,
        clauses,
    }
}

fn base_class(t: &Tok) -> Cls {
    match t.kind {
        TokKind::Punct => match t.up.as_str() {
            "," => Cls::Comma,
            ";" | ":" => Cls::Stop,
            _ => Cls::Punct,
        },
        TokKind::Number => Cls::Content,
        TokKind::Word => function_word(&t.up).unwrap_or_else(|| {
            if t.up.len() > 4 && t.up.ends_with("ED") {
                Cls::EdWord
            } else {
                Cls::Content
            }
        }),
    }
}

/// The index of the token before `i` that governs it, skipping adverbs,
/// negations and parenthesised asides.
fn governor(cls: &[Cls], toks: &[Tok], i: usize) -> Option<usize> {
    let mut k = i;
    while k > 0 {
        k -= 1;
        if cls[k].is_adverbial() {
            continue;
        }
        if toks[k].up == ")" {
            // Skip back over "( ... )".
            let open = (0..k).rev().find(|&j| toks[j].up == "(")?;
            k = open;
            continue;
        }
        return Some(k);
    }
    None
}

/// Whether the tokens before `start` end a noun phrase that names
/// someone (an actor or an agent, possibly with words after it: "Ithilen's
/// militia").
fn after_named_phrase(cls: &[Cls], at: usize) -> bool {
    let mut k = at;
    loop {
        match cls[k] {
            Cls::Actor | Cls::Agent | Cls::Pronoun | Cls::Rel => return true,
            Cls::Content | Cls::Poss | Cls::Det => {
                if k == 0 {
                    return false;
                }
                k -= 1;
            }
            _ => return false,
        }
    }
}

/// Whether a word that could be a verb is one here. Without a parser this
/// reads the words before it: "an attack", "their meeting" and "his
/// march" are nouns; "to attack", "will not ever clash", "Arnor believes",
/// "was shot" are verbs; a form in -ing is a verb only after "be" or a
/// modal ("is acting"), so "after leaving" and "a bombing" are not.
fn is_verb(kind: FormKind, start: usize, cls: &[Cls], toks: &[Tok]) -> bool {
    let immediate = start.checked_sub(1).map(|k| cls[k]);
    if matches!(immediate, Some(Cls::Det | Cls::Poss)) {
        return false;
    }
    let gov = governor(cls, toks, start).map(|k| (k, cls[k]));
    match kind {
        FormKind::Past => true,
        FormKind::Gerund => matches!(gov, Some((_, Cls::Be | Cls::Modal))),
        FormKind::Base | FormKind::Third => {
            if let Some((_, c)) = gov {
                match c {
                    Cls::To | Cls::Modal | Cls::Do if kind == FormKind::Base => return true,
                    Cls::Have if kind == FormKind::Base => return true,
                    _ => {}
                }
            }
            if kind == FormKind::Base {
                // "a brief private visit", "an anti- Gondor parade".
                let mut k = start;
                for _ in 0..4 {
                    if k == 0 {
                        break;
                    }
                    k -= 1;
                    if matches!(toks[k].up.as_str(), "A" | "AN") {
                        return false;
                    }
                    if !cls[k].is_nominal() {
                        break;
                    }
                }
            }
            gov.is_some_and(|(k, _)| after_named_phrase(cls, k))
        }
    }
}

fn find_verbs(
    d: &CameoDictionaries,
    toks: &[Tok],
    covered: &[bool],
    cls: &mut [Cls],
) -> Vec<VerbHit> {
    let n = toks.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        if covered[i] || toks[i].kind != TokKind::Word || never_a_verb(&toks[i].up) {
            i += 1;
            continue;
        }
        let mut best: Option<(usize, Vec<u32>)> = None;
        if let Some(cands) = d.verbs.index.get(&toks[i].up) {
            for &f in cands {
                let form = &d.verbs.forms[f as usize];
                let len = form.toks.len();
                if best.as_ref().is_some_and(|(e, _)| *e > i + len) {
                    break;
                }
                let fits = i + len <= n
                    && form
                        .toks
                        .iter()
                        .enumerate()
                        .all(|(k, w)| !covered[i + k] && toks[i + k].up == *w);
                if !fits {
                    continue;
                }
                match &mut best {
                    Some((e, forms)) if *e == i + len => forms.push(f),
                    Some(_) => {}
                    None => best = Some((i + len, vec![f])),
                }
            }
        }
        let Some((end, forms)) = best else {
            i += 1;
            continue;
        };
        let kind = d.verbs.forms[forms[0] as usize].kind;
        if is_verb(kind, i, cls, toks) {
            for c in cls.iter_mut().take(end).skip(i) {
                *c = Cls::Verb;
            }
            out.push(VerbHit {
                start: i,
                end,
                forms,
                kind,
            });
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

fn part_of(
    start: usize,
    end: usize,
    cls: &[Cls],
    actors: &[ActorHit],
    agents: &[AgentHit],
) -> Part {
    let actor = actors
        .iter()
        .find(|h| h.start >= start && h.end <= end)
        .map(|h| h.codes.clone());
    let mut prefix = Vec::new();
    let mut suffix = Vec::new();
    for a in agents.iter().filter(|h| h.start >= start && h.end <= end) {
        if a.prefix {
            prefix.push(a.code.clone());
        } else {
            suffix.push(a.code.clone());
        }
    }
    Part {
        actor,
        prefix,
        suffix,
        start,
        end,
        pronoun: end == start + 1 && cls[start] == Cls::Pronoun,
    }
}

fn build_units(toks: &[Tok], cls: &[Cls], actors: &[ActorHit], agents: &[AgentHit]) -> Vec<Unit> {
    let n = toks.len();
    // Runs of noun-phrase tokens; a pronoun is a run of its own.
    let mut chunks: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < n {
        if cls[i] == Cls::Pronoun {
            chunks.push((i, i + 1));
            i += 1;
            continue;
        }
        if cls[i].is_nominal() {
            let s = i;
            while i < n && cls[i].is_nominal() {
                i += 1;
            }
            if (s..i).any(|k| matches!(cls[k], Cls::Content | Cls::Actor | Cls::Agent)) {
                chunks.push((s, i));
            }
            continue;
        }
        i += 1;
    }
    // "awful and evil minister Calimehtar": coordinated modifiers before a
    // named head are one phrase, not a compound.
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for c in chunks {
        if let Some(last) = merged.last_mut()
            && last.1 + 1 == c.0
            && matches!(toks[last.1].up.as_str(), "AND" | "OR")
            && cls[last.1 - 1] == Cls::Content
            && cls[c.0] == Cls::Content
            && (c.0..c.1).any(|k| matches!(cls[k], Cls::Actor | Cls::Agent))
        {
            last.1 = c.1;
            continue;
        }
        merged.push(c);
    }
    let mut units: Vec<Unit> = merged
        .into_iter()
        .map(|(s, e)| Unit {
            start: s,
            end: e,
            parts: vec![part_of(s, e, cls, actors, agents)],
        })
        .collect();

    // 1. Lists of like units: "Mordor, Rohan, Fornost and Bree",
    // "lawmakers and officials".
    units = join_lists(units, toks, |members| {
        let k = members[0].kind();
        matches!(k, Kind::Actor | Kind::AgentOnly) && members.iter().all(|m| m.kind() == k)
    });

    // 2. Prepositions, right to left: "the ambassadors of [Arnor, ...]",
    // "lawmakers in [Fornost and Gondor]", "the leaders of [Gondor]".
    let mut k = units.len();
    while k >= 2 {
        k -= 1;
        let (l, r) = (&units[k - 1], &units[k]);
        if l.end + 1 != r.start {
            continue;
        }
        let prep = toks[l.end].up.as_str();
        let merged = match (l.kind(), r.kind()) {
            (Kind::AgentOnly, Kind::Actor | Kind::Mixed)
                if matches!(prep, "OF" | "IN" | "FROM") =>
            {
                let mut parts = Vec::new();
                for b in &r.parts {
                    if b.actor.is_none() {
                        parts.push(b.clone());
                        continue;
                    }
                    for a in &l.parts {
                        let mut p = b.clone();
                        p.prefix.extend(a.prefix.iter().cloned());
                        p.suffix.extend(a.suffix.iter().cloned());
                        p.start = l.start;
                        parts.push(p);
                    }
                }
                Some(parts)
            }
            (Kind::Null, Kind::Null) if prep == "OF" => Some(vec![Part {
                actor: None,
                prefix: Vec::new(),
                suffix: Vec::new(),
                start: l.start,
                end: r.end,
                pronoun: false,
            }]),
            (Kind::Null, Kind::Actor | Kind::AgentOnly | Kind::Mixed) if prep == "OF" => {
                Some(r.parts.clone())
            }
            _ => None,
        };
        if let Some(parts) = merged {
            let u = Unit {
                start: l.start,
                end: r.end,
                parts,
            };
            units.splice(k - 1..=k, [u]);
        }
    }

    // 3. Any list with a named member: "the lions and the evil awful
    // Gondor", "Ithilen and the government of Gondor", "Danish media and
    // government".
    units = join_lists(units, toks, |members| {
        members.iter().any(Unit::coded) && members.iter().all(|m| m.kind() != Kind::Pronoun)
    });
    for u in &mut units {
        if u.parts.len() > 1 {
            inherit_actors(&mut u.parts);
        }
    }
    units
}

/// Agent-only members of a compound take the actor (and its modifying
/// agents) of the nearest member with an actor, left first: "Danish
/// Islamist media and government" → DNKMUSMED, DNKMUSGOV.
fn inherit_actors(parts: &mut [Part]) {
    for i in 0..parts.len() {
        if parts[i].actor.is_some() || !parts[i].has_agents() {
            continue;
        }
        let donor = (0..i)
            .rev()
            .find(|&j| parts[j].actor.is_some())
            .or_else(|| (i + 1..parts.len()).find(|&j| parts[j].actor.is_some()));
        let Some(j) = donor else { continue };
        let d = parts[j].clone();
        let modifiers = d
            .suffix
            .get(..d.suffix.len().saturating_sub(1))
            .unwrap_or(&[]);
        let p = &mut parts[i];
        p.actor = d.actor.clone();
        let mut prefix = d.prefix.clone();
        prefix.append(&mut p.prefix);
        p.prefix = prefix;
        let mut suffix = modifiers.to_vec();
        suffix.append(&mut p.suffix);
        p.suffix = suffix;
    }
}

/// Joins lists `U (, U)* (,)? and|or|nor U` whose members satisfy `ok`.
fn join_lists(units: Vec<Unit>, toks: &[Tok], ok: impl Fn(&[Unit]) -> bool) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::with_capacity(units.len());
    let mut i = 0;
    while i < units.len() {
        if let Some(j) = list_end(&units, i, toks)
            && ok(&units[i..=j])
        {
            let parts = units[i..=j]
                .iter()
                .flat_map(|u| u.parts.iter().cloned())
                .collect();
            out.push(Unit {
                start: units[i].start,
                end: units[j].end,
                parts,
            });
            i = j + 1;
            continue;
        }
        out.push(units[i].clone());
        i += 1;
    }
    out
}

fn list_end(units: &[Unit], i: usize, toks: &[Tok]) -> Option<usize> {
    let mut j = i;
    loop {
        let next = units.get(j + 1)?;
        let sep: Vec<&str> = toks
            .get(units[j].end..next.start)?
            .iter()
            .map(|t| t.up.as_str())
            .collect();
        let conj = |w: &str| matches!(w, "AND" | "OR" | "NOR");
        match sep.as_slice() {
            [","] => j += 1,
            [c] if conj(c) => return Some(j + 1),
            [",", c] if conj(c) => return Some(j + 1),
            _ => return None,
        }
    }
}

fn build_clauses(toks: &[Tok], cls: &[Cls], units: &[Unit]) -> Vec<Clause> {
    let n = toks.len();
    let mut starts: Vec<(usize, ClauseKind)> = vec![(0, ClauseKind::Main)];
    let in_unit = |k: usize| units.iter().any(|u| u.start <= k && k < u.end);
    for i in 0..n {
        match cls[i] {
            Cls::Stop => starts.push((i + 1, ClauseKind::Main)),
            Cls::Subord | Cls::Rel => starts.push((i, ClauseKind::Sub)),
            Cls::Conj if matches!(toks[i].up.as_str(), "AND" | "BUT" | "OR") => {
                let mut k = i + 1;
                while k < n
                    && matches!(
                        cls[k],
                        Cls::Adv | Cls::Neg | Cls::Be | Cls::Have | Cls::Do | Cls::Modal
                    )
                {
                    k += 1;
                }
                if k < n && cls[k] == Cls::Verb && i > 0 {
                    starts.push((i, ClauseKind::VpCoord));
                }
            }
            // A comma inside a compound ("Mordor, Rohan and Bree") ends
            // nothing.
            Cls::Comma if !in_unit(i) => {
                // ", a senior official said": a new subject and its verb.
                let mut k = i + 1;
                let mut subject = false;
                while k < n {
                    match cls[k] {
                        Cls::Verb => {
                            if subject || k == i + 1 {
                                starts.push((i + 1, ClauseKind::Main));
                            }
                            break;
                        }
                        c if in_unit(k) || c.is_nominal() || c == Cls::Pronoun => {
                            subject = true;
                            k += 1;
                        }
                        Cls::Adv
                        | Cls::Neg
                        | Cls::Be
                        | Cls::Have
                        | Cls::Do
                        | Cls::Modal
                        | Cls::Time => k += 1,
                        _ => break,
                    }
                }
            }
            _ => {}
        }
    }
    starts.sort_by_key(|s| s.0);
    starts.dedup_by_key(|s| s.0);
    let mut clauses: Vec<Clause> = Vec::with_capacity(starts.len());
    for (k, &(start, kind)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(n, |s| s.0);
        if start < end || (start == 0 && n == 0) {
            clauses.push(Clause { start, end, kind });
        }
    }
    clauses
}

/// "Italy said France praised Germany": a verb that codes nothing
/// (`SAY [---]`), then a noun phrase and a finite verb, is a report of
/// what someone did; the phrase is that verb's subject, so a subordinate
/// clause starts there, as it would after "that". Limited to verbs that
/// code nothing so a coded verb never loses its object to the split.
fn split_bare_complements(
    d: &CameoDictionaries,
    cls: &[Cls],
    verbs: &[VerbHit],
    units: &[Unit],
    clauses: &mut Vec<Clause>,
) {
    for pair in verbs.windows(2) {
        let (v1, v2) = (&pair[0], &pair[1]);
        if !matches!(v2.kind, FormKind::Past | FormKind::Third)
            || !crate::coder::default_code(d, &v1.forms).first.is_null()
        {
            continue;
        }
        // Auxiliaries and adverbs between the subject and its verb.
        let mut end = v2.start;
        while end > v1.end
            && matches!(
                cls[end - 1],
                Cls::Adv | Cls::Neg | Cls::Modal | Cls::Have | Cls::Be | Cls::Do
            )
        {
            end -= 1;
        }
        let Some(u) = units.iter().find(|u| u.end == end && u.start >= v1.end) else {
            continue;
        };
        let between = &cls[v1.end..u.start];
        if u.start == 0
            || matches!(cls[u.start - 1], Cls::Prep | Cls::To | Cls::Poss)
            || between
                .iter()
                .any(|c| matches!(c, Cls::Subord | Cls::Rel | Cls::Stop | Cls::Comma))
        {
            continue;
        }
        let at = clauses
            .iter()
            .rposition(|c| c.start <= u.start)
            .unwrap_or(0);
        let c = clauses[at];
        if c.start == u.start {
            continue;
        }
        clauses[at].end = u.start;
        clauses.insert(
            at + 1,
            Clause {
                start: u.start,
                end: c.end,
                kind: ClauseKind::Sub,
            },
        );
    }
}

impl Analysed {
    pub fn clause_at(&self, tok: usize) -> usize {
        self.clauses
            .iter()
            .rposition(|c| c.start <= tok)
            .unwrap_or(0)
    }

    /// Where a verb's domain ends: the next clause that is not
    /// subordinate to it.
    pub fn domain_end(&self, verb_start: usize) -> usize {
        self.clauses
            .iter()
            .find(|c| c.start > verb_start && c.kind != ClauseKind::Sub)
            .map_or(self.toks.len(), |c| c.start)
    }

    /// The span in which a verb's subject is looked for: its own clause up
    /// to the verb, or, for "and" + verb, the clause that gave the subject.
    pub fn subject_region(&self, verb_start: usize) -> (usize, usize) {
        let mut c = self.clause_at(verb_start);
        if self.clauses[c].kind != ClauseKind::VpCoord {
            return (self.clauses[c].start, verb_start);
        }
        while c > 0 && self.clauses[c].kind == ClauseKind::VpCoord {
            c -= 1;
        }
        (self.clauses[c].start, self.clauses[c].end.min(verb_start))
    }

    /// Where patterns may look back to: the start of the main clause the
    /// verb belongs to.
    pub fn upper_limit(&self, verb_start: usize) -> usize {
        let mut c = self.clause_at(verb_start);
        while c > 0 && self.clauses[c].kind != ClauseKind::Main {
            c -= 1;
        }
        self.clauses.get(c).map_or(0, |c| c.start)
    }
}
