//! The sentence coder: PETRARCH's coding rules over sitrep's shallow
//! sentence analysis.
//!
//! For each sentence: drop a dateline, check the discards, delete
//! comma-delimited asides as PETRARCH's `comma_*` options say, read the
//! sentence ([`crate::sentence`]), then code each verb in order:
//!
//! 1. match the verb's patterns ([`crate::pattern`]); the best match gives
//!    the code, else the verb's or its block's default; `---` codes
//!    nothing;
//! 2. the source is the pattern's `$`, else the first named noun phrase of
//!    the verb's clause (of the main clause before the pattern's words,
//!    when the pattern reached back past the clause), else — passive voice
//!    with "by" — the phrase after "by"; the target is the pattern's `+`,
//!    else the first named noun phrase after the verb within its domain;
//! 3. compounds multiply out; a compound source with no target (or a
//!    pattern that asks for `%` and names neither side) codes its members
//!    towards each other; `[a:b]` adds the reverse event; an actor never
//!    codes an event with itself;
//! 4. a coded verb owns its domain: verbs in its subordinate clauses and
//!    infinitives ("is said to be about to restore", "abandoned efforts to
//!    stop") are not coded again, as PETRARCH codes the highest verb phrase;
//! 5. with `require_dyad`, events missing a source or target are dropped.

use sitrep_model::{Date, Diagnostic, Document, Span};
use sitrep_text::{Normalized, sentences};

use crate::codes::{ActorCode, EventCode};
use crate::dictionaries::CameoDictionaries;
use crate::pattern::{PMatch, try_pattern};
use crate::sentence::{Analysed, Unit, analyse, find_actors, find_agents};
use crate::text::{Tok, TokKind, tokens};
use crate::verbs::{CodePair, FormKind, Pattern};
use crate::words::{Cls, never_a_verb};

/// PETRARCH's comma options: comma-delimited clauses whose length in words
/// falls within a range are deleted before coding. A `max` of 0 turns a
/// rule off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommaOptions {
    /// Clauses between two commas.
    pub min: usize,
    pub max: usize,
    /// The clause before the first comma.
    pub bmin: usize,
    pub bmax: usize,
    /// The clause after the last comma.
    pub emin: usize,
    pub emax: usize,
}

impl Default for CommaOptions {
    /// PETRARCH's defaults: internal and final clauses of 2-8 words,
    /// initial clauses kept.
    fn default() -> CommaOptions {
        CommaOptions {
            min: 2,
            max: 8,
            bmin: 0,
            bmax: 0,
            emin: 2,
            emax: 8,
        }
    }
}

/// PETRARCH's coding options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CoderOptions {
    /// Drop events without both a source and a target (default true).
    pub require_dyad: bool,
    /// Noun phrases of at most this many words that no dictionary knows
    /// become new actors, coded as the phrase in quotes; 0 (the default)
    /// turns this off.
    pub new_actor_length: usize,
    pub comma: CommaOptions,
}

impl Default for CoderOptions {
    fn default() -> CoderOptions {
        CoderOptions {
            require_dyad: true,
            new_actor_length: 0,
            comma: CommaOptions::default(),
        }
    }
}

impl CoderOptions {
    /// Sets an option by PETRARCH's name (`require_dyad`,
    /// `new_actor_length`, `comma_min` ... `comma_emax`), as its config file
    /// and validation records write them. Options that do not change
    /// coding (`stop_on_error`) are accepted and ignored.
    pub fn set(&mut self, option: &str, value: &str) -> Result<(), String> {
        let value = value.trim();
        let number = || {
            value
                .parse::<usize>()
                .map_err(|_| format!("option {option}: {value:?} is not a number"))
        };
        match option.trim() {
            "require_dyad" => {
                self.require_dyad = match value.to_ascii_lowercase().as_str() {
                    "true" | "1" | "yes" => true,
                    "false" | "0" | "no" => false,
                    _ => {
                        return Err(format!(
                            "option require_dyad: {value:?} is not true or false"
                        ));
                    }
                }
            }
            "new_actor_length" => self.new_actor_length = number()?,
            "comma_min" => self.comma.min = number()?,
            "comma_max" => self.comma.max = number()?,
            "comma_bmin" => self.comma.bmin = number()?,
            "comma_bmax" => self.comma.bmax = number()?,
            "comma_emin" => self.comma.emin = number()?,
            "comma_emax" => self.comma.emax = number()?,
            "stop_on_error" | "write_actor_root" | "write_actor_text" | "write_event_text" => {}
            other => return Err(format!("unknown option {other:?}")),
        }
        Ok(())
    }
}

/// One event read from a sentence: who did what to whom, and where in the
/// text it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coding {
    pub source: ActorCode,
    pub target: ActorCode,
    pub event: EventCode,
    /// The sentence.
    pub sentence: Span,
    /// The verb (all its words for a multi-word verb).
    pub verb: Span,
    pub source_span: Option<Span>,
    pub target_span: Option<Span>,
    /// The words that matched: the verb and the pattern's words, in
    /// sentence order, as written.
    pub words: Vec<String>,
    /// The pattern that gave the code, as written in the dictionary, with
    /// its file and line; `None` for a verb's default code.
    pub pattern: Option<PatternRef>,
}

/// Where a pattern comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternRef {
    pub file: String,
    pub line: usize,
    pub text: String,
}

/// A discard phrase that matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscardHit {
    pub phrase: String,
    /// A story discard drops every sentence of the document.
    pub story: bool,
    pub span: Span,
}

/// What the coder read from a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodedText {
    pub codings: Vec<Coding>,
    /// Discard phrases found; after a story discard `codings` is empty.
    pub discards: Vec<DiscardHit>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Codes `text` (one story) on `date` (which picks date-restricted actor
/// codes; `None` uses the undated codes). Spans index `text`.
pub fn code_text(
    d: &CameoDictionaries,
    text: &str,
    date: Option<Date>,
    opts: &CoderOptions,
) -> CodedText {
    let norm = Normalized::new(text);
    let mut out = code_normalized(d, norm.text(), date, opts);
    let map = |s: Span| norm.to_original_span(s);
    remap(&mut out, map);
    out
}

/// Codes a document on its publication date; spans index
/// [`Document::text`].
pub fn code_document(d: &CameoDictionaries, doc: &Document, opts: &CoderOptions) -> CodedText {
    code_text(d, &doc.text, doc.published, opts)
}

/// How the coder reads `text`, sentence by sentence, for developers: each
/// token with its class (`A` actor, `G` agent, `V` verb, `d` determiner,
/// `p` preposition ...), the noun phrases with their codes, the clauses,
/// and the codings.
pub fn explain(
    d: &CameoDictionaries,
    text: &str,
    date: Option<Date>,
    opts: &CoderOptions,
) -> String {
    use std::fmt::Write;
    let norm = Normalized::new(text);
    let t = norm.text();
    let mut out = String::new();
    for range in sentences(t) {
        let _ = writeln!(out, "sentence: {}", t.get(range.clone()).unwrap_or(""));
        // The same preparation as `code_normalized`: dateline, discards.
        let mut toks = tokens(t, range.clone());
        if let Some(cut) = dateline(t, &toks) {
            let _ = writeln!(out, "  dateline of {cut} tokens dropped");
            toks.drain(..cut);
        }
        let ups: Vec<&str> = toks.iter().map(|x| x.up.as_str()).collect();
        if let Some((hit, _)) = d.discards.find(&ups) {
            let what = if hit.story { "story" } else { "sentence" };
            let _ = writeln!(out, "  {what} discarded by {:?}", hit.text);
            if hit.story {
                break;
            }
            continue;
        }
        let kept = delete_asides(d, &toks, date, &opts.comma);
        let a = analyse(d, kept, date);
        let line: Vec<String> = a
            .toks
            .iter()
            .zip(&a.cls)
            .map(|(tok, c)| format!("{}/{}", tok.up, cls_letter(*c)))
            .collect();
        let _ = writeln!(out, "  tokens: {}", line.join(" "));
        for u in &a.units {
            let words: Vec<&str> = a.toks[u.start..u.end]
                .iter()
                .map(|x| x.up.as_str())
                .collect();
            let codes: Vec<String> = u
                .codes(&a.toks, opts.new_actor_length)
                .iter()
                .map(ToString::to_string)
                .collect();
            let _ = writeln!(
                out,
                "  unit {}..{} [{}] -> {}",
                u.start,
                u.end,
                words.join(" "),
                codes.join(", ")
            );
        }
        for c in &a.clauses {
            let _ = writeln!(out, "  clause {:?} {}..{}", c.kind, c.start, c.end);
        }
        for h in &a.actors {
            let _ = writeln!(
                out,
                "  actor {}..{} -> {}",
                h.start,
                h.end,
                h.codes.join("/")
            );
        }
        for h in &a.agents {
            let side = if h.prefix { "prefix" } else { "suffix" };
            let _ = writeln!(out, "  agent {}..{} -> {} ({side})", h.start, h.end, h.code);
        }
        for v in &a.verbs {
            let words: Vec<&str> = a.toks[v.start..v.end]
                .iter()
                .map(|x| x.up.as_str())
                .collect();
            // The dictionary entries this surface form belongs to, with
            // the word of each that is the verb.
            let entries: Vec<String> = v
                .forms
                .iter()
                .filter_map(|&f| d.verbs.forms.get(f as usize))
                .map(|f| {
                    let block = d
                        .verbs
                        .blocks
                        .get(f.block as usize)
                        .map_or("?", |b| b.name.as_str());
                    format!("{block}:{}", f.toks.get(f.head).map_or("?", String::as_str))
                })
                .collect();
            let _ = writeln!(
                out,
                "  verb {}..{} {} {:?} [{}] domain to {}",
                v.start,
                v.end,
                words.join(" "),
                v.kind,
                entries.join(", "),
                a.domain_end(v.start)
            );
        }
        let mut codings = Vec::new();
        let span = Span::new(range.start, range.end);
        code_sentence(d, &a, t, span, opts, &mut codings);
        for c in codings {
            let _ = writeln!(
                out,
                "  coding {} {} {} ({})",
                c.source,
                c.target,
                c.event,
                c.pattern.map_or_else(|| "default".to_string(), |p| p.text)
            );
        }
    }
    out
}

fn cls_letter(c: Cls) -> &'static str {
    match c {
        Cls::Content => "w",
        Cls::Det => "d",
        Cls::Poss => "s",
        Cls::Conj => "c",
        Cls::Prep => "p",
        Cls::To => "to",
        Cls::Subord => "sub",
        Cls::Rel => "rel",
        Cls::Pronoun => "pro",
        Cls::Be => "be",
        Cls::Have => "have",
        Cls::Do => "do",
        Cls::Modal => "md",
        Cls::Neg => "neg",
        Cls::Adv => "adv",
        Cls::Time => "time",
        Cls::Comma => ",",
        Cls::Stop => ";",
        Cls::Punct => ".",
        Cls::Actor => "A",
        Cls::Agent => "G",
        Cls::Verb => "V",
        Cls::EdWord => "ed",
    }
}

fn remap(out: &mut CodedText, map: impl Fn(Span) -> Span) {
    for c in &mut out.codings {
        c.sentence = map(c.sentence);
        c.verb = map(c.verb);
        c.source_span = c.source_span.map(&map);
        c.target_span = c.target_span.map(&map);
    }
    for x in &mut out.discards {
        x.span = map(x.span);
    }
    for g in &mut out.diagnostics {
        g.span = g.span.map(&map);
    }
}

fn code_normalized(
    d: &CameoDictionaries,
    text: &str,
    date: Option<Date>,
    opts: &CoderOptions,
) -> CodedText {
    let mut out = CodedText::default();
    for range in sentences(text) {
        let span = Span::new(range.start, range.end);
        let mut toks = tokens(text, range.clone());
        if let Some(cut) = dateline(text, &toks) {
            out.diagnostics
                .push(Diagnostic::warning("dateline before the sentence skipped").at(span));
            toks.drain(..cut);
        }
        let ups: Vec<&str> = toks.iter().map(|t| t.up.as_str()).collect();
        if let Some((hit, at)) = d.discards.find(&ups) {
            let start = toks[at].start;
            let end = toks.get(at + hit.toks.len() - 1).map_or(start, |t| t.end);
            out.discards.push(DiscardHit {
                phrase: hit.text.clone(),
                story: hit.story,
                span: Span::new(start, end),
            });
            if hit.story {
                out.codings.clear();
                return out;
            }
            continue;
        }
        let kept = delete_asides(d, &toks, date, &opts.comma);
        let a = analyse(d, kept, date);
        code_sentence(d, &a, text, span, opts, &mut out.codings);
    }
    out
}

/// "CEBU CITY: -- ...": a leading run of capitalised words ended by a
/// colon or a double dash. Returns how many tokens to drop.
fn dateline(text: &str, toks: &[Tok]) -> Option<usize> {
    let sep = toks
        .iter()
        .take(6)
        .position(|t| t.up == ":" || t.up == "-")?;
    if sep == 0 {
        return None;
    }
    let all_caps = toks[..sep].iter().all(|t| {
        let s = text.get(t.start..t.end).unwrap_or("");
        t.kind == TokKind::Word
            && s.chars().any(char::is_alphabetic)
            && !s.chars().any(char::is_lowercase)
    });
    if !all_caps {
        return None;
    }
    let mut cut = sep + 1;
    while toks.get(cut).is_some_and(|t| t.up == "-" || t.up == ":") {
        cut += 1;
    }
    Some(cut)
}

/// Deletes parenthesised asides and the comma-delimited clauses PETRARCH's
/// comma options select. A clause that continues a list of named actors
/// ("Mordor, Rohan, Fornost and Bree") is never deleted.
fn delete_asides(
    d: &CameoDictionaries,
    toks: &[Tok],
    date: Option<Date>,
    opts: &CommaOptions,
) -> Vec<Tok> {
    let n = toks.len();
    let mut named = vec![false; n];
    for h in find_actors(d, toks, date) {
        named[h.start..h.end].iter_mut().for_each(|x| *x = true);
    }
    let agents = find_agents(d, toks, &named);
    for h in agents {
        named[h.start..h.end].iter_mut().for_each(|x| *x = true);
    }
    let mut drop = vec![false; n];
    // "(EU)": short parenthesised asides that name no actor.
    let mut i = 0;
    while i < n {
        if toks[i].up == "("
            && let Some(j) = (i + 1..n.min(i + 10)).find(|&j| toks[j].up == ")")
            && !named[i..=j].iter().any(|&x| x)
        {
            drop[i..=j].iter_mut().for_each(|x| *x = true);
            i = j + 1;
            continue;
        }
        i += 1;
    }
    let commas: Vec<usize> = (0..n).filter(|&k| toks[k].up == ",").collect();
    if !commas.is_empty() {
        // The sentence's final punctuation is not part of the last clause.
        let mut end = n;
        while end > 0 && toks[end - 1].kind == TokKind::Punct && toks[end - 1].up != "," {
            end -= 1;
        }
        let words = |a: usize, b: usize| {
            toks.get(a..b)
                .unwrap_or(&[])
                .iter()
                .filter(|t| t.kind != TokKind::Punct && t.up != "'S")
                .count()
        };
        let continues_list = |c: usize| -> bool {
            if c == 0 || !named[c - 1] {
                return false;
            }
            let mut k = c + 1;
            let mut budget = 4;
            while k < n && budget > 0 {
                if named[k] {
                    return true;
                }
                match toks[k].kind {
                    TokKind::Punct => return false,
                    _ => {
                        let f = crate::words::function_word(&toks[k].up);
                        if !matches!(f, None | Some(Cls::Det | Cls::Conj)) {
                            return false;
                        }
                    }
                }
                k += 1;
                budget -= 1;
            }
            false
        };
        let in_range = |w: usize, lo: usize, hi: usize| hi > 0 && lo <= w && w <= hi;
        for pair in commas.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if in_range(words(a + 1, b), opts.min, opts.max) && !continues_list(a) {
                drop[a..=b].iter_mut().for_each(|x| *x = true);
            }
        }
        if let Some(&last) = commas.last()
            && last < end
            && in_range(words(last + 1, end), opts.emin, opts.emax)
            && !continues_list(last)
        {
            drop[last..end].iter_mut().for_each(|x| *x = true);
        }
        let first = commas[0];
        let has_verb = toks[..first]
            .iter()
            .any(|t| !never_a_verb(&t.up) && d.verbs.index.contains_key(&t.up));
        let list_start = first > 0 && named[first - 1] && continues_list(first);
        if in_range(words(0, first), opts.bmin, opts.bmax) && !has_verb && !list_start {
            drop[..=first].iter_mut().for_each(|x| *x = true);
        }
    }
    toks.iter()
        .zip(&drop)
        .filter(|(_, d)| !**d)
        .map(|(t, _)| t.clone())
        .collect()
}

fn tok_span(a: &Analysed, start: usize, end: usize) -> Option<Span> {
    let s = a.toks.get(start)?.start;
    let e = a.toks.get(end.checked_sub(1)?)?.end;
    (s <= e).then(|| Span::new(s, e))
}

fn unit_span(a: &Analysed, u: usize) -> Option<Span> {
    let u = a.units.get(u)?;
    tok_span(a, u.start, u.end)
}

/// The first unit whose start lies in `from..to` and ends by `to`, named
/// ones first; `None` when there is none.
fn first_unit(a: &Analysed, from: usize, to: usize, skip: Option<usize>) -> Option<usize> {
    let fits = |(k, u): &(usize, &Unit)| u.start >= from && u.start < to && Some(*k) != skip;
    a.units
        .iter()
        .enumerate()
        .find(|x| fits(x) && x.1.coded())
        .or_else(|| a.units.iter().enumerate().find(|x| fits(x)))
        .map(|(k, _)| k)
}

struct Best<'a> {
    m: PMatch,
    pattern: &'a Pattern,
}

fn code_sentence(
    d: &CameoDictionaries,
    a: &Analysed,
    text: &str,
    sentence: Span,
    opts: &CoderOptions,
    out: &mut Vec<Coding>,
) {
    let n = a.toks.len();
    let present: std::collections::HashSet<&str> = a.toks.iter().map(|t| t.up.as_str()).collect();
    let mut blocked = vec![false; n];
    let first_new = out.len();
    for v in &a.verbs {
        if blocked[v.start] {
            continue;
        }
        let hi = a.domain_end(v.start).max(v.end);
        let lo = a.upper_limit(v.start);
        let mut best: Option<Best<'_>> = None;
        let mut seen_blocks = Vec::new();
        for &f in &v.forms {
            let form = &d.verbs.forms[f as usize];
            if seen_blocks.contains(&form.block) {
                continue;
            }
            seen_blocks.push(form.block);
            let Some(block) = d.verbs.blocks.get(form.block as usize) else {
                continue;
            };
            for p in &block.patterns {
                if !p.literals.iter().all(|w| present.contains(w.as_str())) {
                    continue;
                }
                if let Some(m) = try_pattern(a, &d.verbs, p, v.start, v.end, lo, hi)
                    && best.as_ref().is_none_or(|b| m.score > b.m.score)
                {
                    best = Some(Best { m, pattern: p });
                }
            }
        }
        let code: CodePair = match &best {
            Some(b) => b.pattern.code.clone(),
            None => default_code(d, &v.forms),
        };
        if code.first.is_null() {
            continue;
        }
        for b in blocked.iter_mut().take(hi).skip(v.end) {
            *b = true;
        }
        let m = best.as_ref().map(|b| b.m.clone()).unwrap_or_default();
        let Some((src, tgt, reciprocal)) = sides(a, v.start, v.end, v.kind, hi, &m) else {
            continue;
        };
        let nal = opts.new_actor_length;
        let src_codes = a.units[src].codes(&a.toks, nal);
        let pairs: Vec<(ActorCode, ActorCode)> = if reciprocal {
            let named: Vec<&ActorCode> = src_codes.iter().filter(|c| !c.is_null()).collect();
            named
                .iter()
                .flat_map(|s| named.iter().map(move |t| ((*s).clone(), (*t).clone())))
                .collect()
        } else {
            let Some(t) = tgt else { continue };
            let tgt_codes = a.units[t].codes(&a.toks, nal);
            src_codes
                .iter()
                .flat_map(|s| tgt_codes.iter().map(move |t| (s.clone(), t.clone())))
                .collect()
        };
        let mut word_toks: Vec<usize> = (v.start..v.end).chain(m.words.iter().copied()).collect();
        word_toks.sort_unstable();
        word_toks.dedup();
        let words: Vec<String> = word_toks
            .iter()
            .filter_map(|&k| a.toks.get(k).and_then(|t| text.get(t.start..t.end)))
            .map(str::to_string)
            .collect();
        let verb_span = tok_span(a, v.start, v.end).unwrap_or(sentence);
        let pattern = best.as_ref().map(|b| PatternRef {
            file: d
                .verbs
                .files
                .get(b.pattern.file as usize)
                .cloned()
                .unwrap_or_default(),
            line: b.pattern.line,
            text: b.pattern.text.clone(),
        });
        let src_span = unit_span(a, src);
        let tgt_span = tgt.and_then(|t| unit_span(a, t));
        for (s, t) in pairs {
            if s == t {
                continue;
            }
            let mut emit = |source: &ActorCode, target: &ActorCode, event: &EventCode, ss, ts| {
                if event.is_null() || (opts.require_dyad && (source.is_null() || target.is_null()))
                {
                    return;
                }
                out.push(Coding {
                    source: source.clone(),
                    target: target.clone(),
                    event: event.clone(),
                    sentence,
                    verb: verb_span,
                    source_span: ss,
                    target_span: ts,
                    words: words.clone(),
                    pattern: pattern.clone(),
                });
            };
            emit(&s, &t, &code.first, src_span, tgt_span);
            if let Some(second) = &code.second {
                emit(&t, &s, second, tgt_span, src_span);
            }
        }
    }
    // PETRARCH drops duplicate events within a sentence.
    let mut seen = std::collections::HashSet::new();
    let mut k = first_new;
    while k < out.len() {
        let key = (
            out[k].source.clone(),
            out[k].target.clone(),
            out[k].event.clone(),
        );
        if seen.insert(key) {
            k += 1;
        } else {
            out.remove(k);
        }
    }
}

/// The code when no pattern matched: the verb's own, else its block's.
pub(crate) fn default_code(d: &CameoDictionaries, forms: &[u32]) -> CodePair {
    let mut block_code = None;
    for &f in forms {
        let form = &d.verbs.forms[f as usize];
        if let Some(c) = &form.code {
            return c.clone();
        }
        if let Some(b) = d.verbs.blocks.get(form.block as usize)
            && (block_code.is_none() || !b.code.first.is_null())
            && block_code
                .as_ref()
                .is_none_or(|c: &CodePair| c.first.is_null())
        {
            block_code = Some(b.code.clone());
        }
    }
    block_code.unwrap_or(CodePair {
        first: EventCode::null(),
        second: None,
    })
}

/// The source and target units of a coded verb, and whether the event is
/// the reciprocal one among a compound's members.
fn sides(
    a: &Analysed,
    vs: usize,
    ve: usize,
    kind: FormKind,
    hi: usize,
    m: &PMatch,
) -> Option<(usize, Option<usize>, bool)> {
    let mut source = m.source.or(m.upper_compound);
    let mut target = m.target.or(m.lower_compound);
    let reciprocal_pattern = m.upper_compound.is_some() && m.source.is_none() && m.target.is_none();
    let (region_start, region_end) = match m.first_upper {
        Some(first) => {
            let (start, _) = a.subject_region(first);
            (a.clauses[a.clause_at(first)].start.min(start), first)
        }
        None => a.subject_region(vs),
    };
    // Passive voice with an agent: "Eriador was opposed by Osgiliath".
    if source.is_none() && target.is_none() && kind == FormKind::Past && is_passive(a, vs) {
        let by = (ve..hi).find(|&k| a.toks[k].up == "BY");
        if let Some(by) = by
            && let Some(agent) = a.units.iter().position(|u| u.start == by + 1 && u.coded())
        {
            source = Some(agent);
            target = first_unit(a, region_start, region_end, Some(agent));
        }
    }
    if source.is_none() {
        source = first_unit(a, region_start, region_end, target);
    }
    let source = source?;
    if reciprocal_pattern {
        return Some((source, None, true));
    }
    if target.is_none() {
        target = first_unit(a, ve, hi, Some(source)).filter(|&t| a.units[t].end <= hi);
    }
    let reciprocal = target.is_none_or(|t| !a.units[t].coded()) && a.units[source].is_compound();
    if reciprocal {
        return Some((source, None, true));
    }
    Some((source, target, false))
}

fn is_passive(a: &Analysed, vs: usize) -> bool {
    let mut k = vs;
    while k > 0 {
        k -= 1;
        match a.cls[k] {
            Cls::Adv | Cls::Neg => continue,
            Cls::Be => return true,
            _ => return false,
        }
    }
    false
}
