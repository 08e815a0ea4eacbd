//! The verb dictionary (`CAMEO.2.0.txt`, `PETR.Validate.verbs.txt`).
//!
//! The format, as PETRARCH reads it:
//!
//! ```text
//! &CURRENCY                      a synonym set: `+` members, `_` joins
//! +DOLLAR                        words, a space lets other words stand
//! +SWISS FRANCS                  between, `+&OTHER` nests another set
//!
//! --- BREAK [1717] ---           a verb block and its default code
//! BREAK { BROKE BROKEN }         a verb; `{}` lists irregular forms
//! +BREAK_DOWN {+BROKEN_DOWN}     multi-word verbs mark the verb with `+`
//! DOWNPLAY [014]                 a verb with a default code of its own
//! - * TREATY [161]               a pattern: `*` is the verb, words before
//! - + * IN $ [075]               it come earlier in the sentence; `$` is
//! - % HAVE * [191]               the source, `+` the target, `^` skips a
//! - * MEET [036:036]             noun phrase, `%` wants a compound actor;
//!                                `[a:b]` codes source→target as `a` and
//!                                target→source as `b`; `[---]` codes none
//! ```
//!
//! Verbs without `{}` get their regular forms (`-s`, `-ed`, `-ing`) from
//! sitrep's morphology; with `{}` only the listed forms count, as the
//! dictionary's authors chose. Synonym-set members get regular plurals
//! unless written with a trailing underscore (`+KRONER_`).

use std::collections::{HashMap, HashSet};

use sitrep_lexicon::morphology::{plural, verb_forms};

use crate::codes::EventCode;
use crate::dictionaries::DictionarySource;
use crate::issue::{DictionaryIssue, Issues};
use crate::lines::{content_lines, split_groups};
use crate::text::{PhraseTok, phrase};

/// A code or a code pair (`[032:033]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CodePair {
    pub first: EventCode,
    /// The code of the reverse event (target → source), for paired codes.
    pub second: Option<EventCode>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ElemKind {
    Word(String),
    Synset(u32),
    /// `$`
    Source,
    /// `+`
    Target,
    /// `^`
    Skip,
    /// `%`
    Compound,
}

/// One element of a pattern. `adj` says it must touch its neighbour on the
/// verb's side (an underscore in the dictionary).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Elem {
    pub kind: ElemKind,
    pub adj: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    /// Elements before the verb, nearest the verb first.
    pub upper: Vec<Elem>,
    /// Elements after the verb, in sentence order.
    pub lower: Vec<Elem>,
    pub code: CodePair,
    pub file: u32,
    pub line: usize,
    /// The line as written, for explanations.
    pub text: String,
    /// Literal words the pattern needs; a sentence lacking one cannot
    /// match, which spares trying most patterns.
    pub literals: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub name: String,
    pub code: CodePair,
    pub patterns: Vec<Pattern>,
}

/// The grammatical shape of a verb form, which decides when a word that
/// could be a verb is one ("an attack" is not, "to attack" is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FormKind {
    Base,
    Third,
    Past,
    Gerund,
}

#[derive(Debug, Clone)]
pub(crate) struct VerbForm {
    pub toks: Vec<String>,
    /// Which token is the verb ("WIRE TAPPED": 1).
    pub head: usize,
    pub kind: FormKind,
    pub block: u32,
    /// The verb's own default code, when its line gives one.
    pub code: Option<CodePair>,
}

/// The compiled verb dictionary.
#[derive(Debug, Clone, Default)]
pub(crate) struct Verbs {
    pub blocks: Vec<Block>,
    pub forms: Vec<VerbForm>,
    /// First token of a form → forms starting with it, longest first.
    pub index: HashMap<String, Vec<u32>>,
    /// Synonym sets by id: member phrases, nested sets expanded.
    pub synsets: Vec<Vec<Vec<PhraseTok>>>,
    pub files: Vec<String>,
}

/// Past forms that are their own dictionary entries (`--- SAID [023] ---`)
/// and do not end in -ed.
const IRREGULAR_PAST: &[&str] = &[
    "SAID",
    "LEFT",
    "HELD",
    "MADE",
    "PAID",
    "SOUGHT",
    "FOUGHT",
    "WON",
    "SANK",
    "LENT",
    "BEGAN",
    "BEGUN",
    "FOUND",
    "DRAWN",
    "RISEN",
    "SHOT",
    "MET",
    "TOLD",
    "BROKE",
    "BROKEN",
    "SENT",
    "SPENT",
    "BUILT",
    "KEPT",
    "LED",
    "FLED",
    "FELT",
    "LOST",
    "STOOD",
    "STRUCK",
    "BROUGHT",
    "BOUGHT",
    "CAUGHT",
    "TAUGHT",
    "THOUGHT",
    "GONE",
    "WENT",
    "CAME",
    "TOOK",
    "TAKEN",
    "GAVE",
    "GIVEN",
    "SAW",
    "SEEN",
    "KNEW",
    "KNOWN",
    "WROTE",
    "WRITTEN",
    "SPOKE",
    "SPOKEN",
    "CHOSE",
    "CHOSEN",
    "FELL",
    "FALLEN",
    "BLEW",
    "BLOWN",
    "THREW",
    "THROWN",
    "GREW",
    "GROWN",
    "HID",
    "HIDDEN",
    "RAN",
    "SAT",
    "STOLE",
    "STOLEN",
    "BOUND",
    "SOLD",
    "HUNG",
    "SHOOK",
    "SHAKEN",
    "WORE",
    "TORN",
    "TORE",
    "OVERTHREW",
    "OVERTHROWN",
    "BEAT",
    "BEATEN",
    "FORGAVE",
    "FORGIVEN",
];

fn classify_base(word: &str) -> FormKind {
    if word.ends_with("ING") && word.len() > 5 {
        FormKind::Gerund
    } else if (word.ends_with("ED") && word.len() > 4) || IRREGULAR_PAST.contains(&word) {
        FormKind::Past
    } else {
        FormKind::Base
    }
}

fn classify_listed(word: &str) -> FormKind {
    if word.ends_with("ING") {
        FormKind::Gerund
    } else if word.ends_with('S') && !word.ends_with("SS") {
        FormKind::Third
    } else {
        FormKind::Past
    }
}

/// A raw synonym-set member: a phrase, or another set by name.
enum RawMember {
    Phrase(Vec<PhraseTok>, bool),
    Nested(String, usize),
}

struct RawSynset {
    name: String,
    file: u32,
    line: usize,
    members: Vec<RawMember>,
}

#[derive(Debug, Clone)]
enum RawKind {
    Word(String),
    Synset(String),
    Verb,
    Source,
    Target,
    Skip,
    Compound,
}

struct RawPattern {
    elems: Vec<(RawKind, bool)>,
    code: CodePair,
    block: u32,
    file: u32,
    line: usize,
    text: String,
}

/// Reads verb dictionaries; problems are reported, never fatal.
pub(crate) fn load(sources: &[DictionarySource<'_>], out: &mut Vec<DictionaryIssue>) -> Verbs {
    let mut verbs = Verbs::default();
    let mut synsets: Vec<RawSynset> = Vec::new();
    let mut patterns: Vec<RawPattern> = Vec::new();
    for (file_no, src) in sources.iter().enumerate() {
        let file = file_no as u32;
        verbs.files.push(src.name.to_string());
        let mut issues = Issues {
            file: src.name,
            out: &mut *out,
        };
        read_file(
            src,
            file,
            &mut verbs,
            &mut synsets,
            &mut patterns,
            &mut issues,
        );
    }
    resolve(verbs, synsets, patterns, sources, out)
}

#[derive(Clone, Copy)]
enum Mode {
    Top,
    Synset(usize),
    Block(u32),
}

fn read_file(
    src: &DictionarySource<'_>,
    file: u32,
    verbs: &mut Verbs,
    synsets: &mut Vec<RawSynset>,
    patterns: &mut Vec<RawPattern>,
    issues: &mut Issues<'_>,
) {
    let mut mode = Mode::Top;
    for (line_no, line) in content_lines(src.text, true) {
        let t = line.trim();
        if t.starts_with("---") && t.trim_start_matches('-').contains('[') {
            match parse_header(t, line_no, issues) {
                Some((name, code)) => {
                    verbs.blocks.push(Block {
                        name,
                        code,
                        patterns: Vec::new(),
                    });
                    mode = Mode::Block((verbs.blocks.len() - 1) as u32);
                }
                None => mode = Mode::Top,
            }
            continue;
        }
        if let Some(body) = t.strip_prefix('-') {
            let Mode::Block(block) = mode else {
                issues.error(line_no, "pattern outside a verb block; skipped");
                continue;
            };
            let body = match body.strip_prefix('-') {
                Some(rest) => {
                    issues.warning(line_no, "pattern starts with `--`; read as `-`");
                    rest
                }
                None => body,
            };
            if let Some(p) = parse_pattern(body, block, file, line_no, t, issues) {
                patterns.push(p);
            }
            continue;
        }
        if let Some(name) = t.strip_prefix('&') {
            let name = name.split_whitespace().next().unwrap_or("");
            let name = name.trim_end_matches('_').to_uppercase();
            if name.is_empty() {
                issues.error(line_no, "synonym set without a name; skipped");
                mode = Mode::Top;
                continue;
            }
            synsets.push(RawSynset {
                name,
                file,
                line: line_no,
                members: Vec::new(),
            });
            mode = Mode::Synset(synsets.len() - 1);
            continue;
        }
        match mode {
            Mode::Synset(s) => {
                let Some(member) = t.strip_prefix('+') else {
                    issues.error(line_no, "synonym set members start with `+`; skipped");
                    continue;
                };
                let member = member.trim();
                if let Some(nested) = member.strip_prefix('&') {
                    let name = nested.trim().trim_end_matches('_').to_uppercase();
                    synsets[s].members.push(RawMember::Nested(name, line_no));
                } else {
                    let toks = phrase(member);
                    if toks.is_empty() {
                        issues.error(line_no, "empty synonym set member; skipped");
                        continue;
                    }
                    let stopped = member.ends_with('_');
                    synsets[s].members.push(RawMember::Phrase(toks, stopped));
                }
            }
            Mode::Block(block) => read_verb_line(t, block, verbs, line_no, issues),
            Mode::Top => issues.error(line_no, "line outside a verb block or synonym set; skipped"),
        }
    }
}

fn parse_code_pair(body: &str, line: usize, issues: &mut Issues<'_>) -> Option<CodePair> {
    let body = body.trim();
    let (a, b) = match body.split_once(':') {
        Some((a, b)) => (a.trim(), Some(b.trim())),
        None => (body, None),
    };
    if a.is_empty()
        || a.contains(char::is_whitespace)
        || b.is_some_and(|b| b.is_empty() || b.contains(char::is_whitespace))
    {
        issues.error(line, format!("code [{body}] is not `code` or `code:code`"));
        return None;
    }
    for c in std::iter::once(a).chain(b) {
        if !EventCode::is_well_formed(c) {
            issues.warning(
                line,
                format!("code {c:?} is not a CAMEO event code; kept as written"),
            );
        }
    }
    Some(CodePair {
        first: EventCode::new(a),
        second: b.map(EventCode::new),
    })
}

fn parse_header(t: &str, line: usize, issues: &mut Issues<'_>) -> Option<(String, CodePair)> {
    let inner = t.trim_start_matches('-').trim_end().trim_end_matches('-');
    let split = split_groups(inner);
    let name = split.text.trim().to_string();
    if split.unbalanced {
        issues.error(
            line,
            "unbalanced brackets in verb block header; block skipped",
        );
        return None;
    }
    let Some(first) = split.brackets.first() else {
        issues.error(line, "verb block header without a code; block skipped");
        return None;
    };
    if split.brackets.len() > 1 {
        issues.warning(
            line,
            format!(
                "verb block {name} has {} codes; the first is used",
                split.brackets.len()
            ),
        );
    }
    if name.is_empty() {
        issues.warning(line, "verb block without a name");
    }
    parse_code_pair(first, line, issues).map(|code| (name, code))
}

/// Reads `WORD_+WORD` style text: the tokens, and which one the `+`
/// marks (the first when none does).
fn parse_verb_phrase(
    text: &str,
    line: usize,
    issues: &mut Issues<'_>,
) -> Option<(Vec<String>, usize, bool)> {
    let mut toks = Vec::new();
    let mut head = None;
    for part in text
        .split(|c: char| c == '_' || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        let (marked, word) = match part.strip_prefix('+') {
            Some(w) => (true, w),
            None => (false, part),
        };
        let word = if let Some(w) = word.strip_suffix('+') {
            issues.warning(
                line,
                format!("`+` after {w:?} in a verb; read as marking it"),
            );
            head.get_or_insert(toks.len());
            w
        } else {
            word
        };
        if marked {
            head.get_or_insert(toks.len());
        }
        let words = phrase(word);
        if words.is_empty() {
            continue;
        }
        toks.extend(words.into_iter().map(|t| t.up));
    }
    if toks.is_empty() {
        return None;
    }
    let marked = head.is_some();
    Some((toks, head.unwrap_or(0), marked))
}

fn read_verb_line(t: &str, block: u32, verbs: &mut Verbs, line: usize, issues: &mut Issues<'_>) {
    let split = split_groups(t);
    if split.unbalanced {
        issues.error(line, "unbalanced brackets in a verb line; skipped");
        return;
    }
    let Some((base, head, _)) = parse_verb_phrase(&split.text, line, issues) else {
        issues.error(line, "verb line without a verb; skipped");
        return;
    };
    let code = match split.brackets.as_slice() {
        [] => None,
        [one, rest @ ..] => {
            if !rest.is_empty() {
                issues.warning(line, "verb with more than one code; the first is used");
            }
            parse_code_pair(one, line, issues)
        }
    };
    if split.braces.len() > 1 {
        issues.warning(line, "verb with more than one `{}` list; the first is used");
    }
    let mut forms: Vec<(Vec<String>, usize, FormKind)> = Vec::new();
    let base_kind = classify_base(base.get(head).map(String::as_str).unwrap_or(""));
    forms.push((base.clone(), head, base_kind));
    match split.braces.first() {
        Some(listed) => {
            for form in listed.split_whitespace() {
                let Some((toks, h, marked)) = parse_verb_phrase(form, line, issues) else {
                    continue;
                };
                let h = if marked || toks.len() != base.len() {
                    h
                } else {
                    head
                };
                let kind = classify_listed(toks.get(h).map(String::as_str).unwrap_or(""));
                forms.push((toks, h, kind));
            }
        }
        None => {
            let lemma = base.get(head).map(|w| w.to_lowercase()).unwrap_or_default();
            let f = verb_forms(&lemma, None);
            let regular = [
                (f.third, FormKind::Third),
                (f.past, FormKind::Past),
                (f.participle, FormKind::Past),
                (f.gerund, FormKind::Gerund),
            ];
            for (word, kind) in regular {
                let mut toks = base.clone();
                if let Some(slot) = toks.get_mut(head) {
                    *slot = word.to_uppercase();
                }
                forms.push((toks, head, kind));
            }
        }
    }
    let mut seen = HashSet::new();
    for (toks, head, kind) in forms {
        if !seen.insert(toks.clone()) {
            continue;
        }
        verbs.forms.push(VerbForm {
            toks,
            head,
            kind,
            block,
            code: code.clone(),
        });
    }
}

fn parse_pattern(
    body: &str,
    block: u32,
    file: u32,
    line: usize,
    whole: &str,
    issues: &mut Issues<'_>,
) -> Option<RawPattern> {
    let split = split_groups(body);
    if split.unbalanced {
        issues.error(line, "unbalanced brackets in a pattern; skipped");
        return None;
    }
    let Some(code) = split.brackets.first() else {
        issues.error(line, "pattern without a code; skipped");
        return None;
    };
    let code = parse_code_pair(code, line, issues)?;
    let mut elems: Vec<(RawKind, bool)> = Vec::new();
    for chunk in split.text.split_whitespace() {
        let mut first = true;
        for part in chunk.split('_').filter(|p| !p.is_empty()) {
            let closed = !first;
            first = false;
            let kind = match part {
                "*" => RawKind::Verb,
                "$" => RawKind::Source,
                "+" => RawKind::Target,
                "^" => RawKind::Skip,
                "%" => RawKind::Compound,
                p if p.starts_with('&') => {
                    RawKind::Synset(p.trim_start_matches('&').to_uppercase())
                }
                p if p.contains(['*', '$', '%', '^']) || p.starts_with('+') => {
                    issues.error(
                        line,
                        format!("pattern element {p:?} mixes a slot with a word; pattern skipped"),
                    );
                    return None;
                }
                p => {
                    let toks = phrase(p);
                    let mut inner_first = true;
                    for t in toks {
                        let c = if inner_first { closed } else { true };
                        inner_first = false;
                        elems.push((RawKind::Word(t.up), c));
                    }
                    continue;
                }
            };
            elems.push((kind, closed));
        }
    }
    let verbs = elems
        .iter()
        .filter(|(k, _)| matches!(k, RawKind::Verb))
        .count();
    if verbs != 1 {
        issues.error(
            line,
            format!("pattern has {verbs} verb markers `*` (needs one); skipped"),
        );
        return None;
    }
    Some(RawPattern {
        elems,
        code,
        block,
        file,
        line,
        text: whole.trim().to_string(),
    })
}

fn resolve(
    mut verbs: Verbs,
    synsets: Vec<RawSynset>,
    patterns: Vec<RawPattern>,
    sources: &[DictionarySource<'_>],
    out: &mut Vec<DictionaryIssue>,
) -> Verbs {
    let name_of = |file: u32| sources.get(file as usize).map_or("verbs", |s| s.name);
    let mut ids: HashMap<String, u32> = HashMap::new();
    for (i, s) in synsets.iter().enumerate() {
        if ids.insert(s.name.clone(), i as u32).is_some() {
            Issues {
                file: name_of(s.file),
                out: &mut *out,
            }
            .warning(
                s.line,
                format!(
                    "synonym set &{} defined again; the later one is used",
                    s.name
                ),
            );
        }
    }
    // Expand nested sets depth-first, reporting cycles and unknown names.
    let mut expanded: Vec<Option<Vec<Vec<PhraseTok>>>> = vec![None; synsets.len()];
    for i in 0..synsets.len() {
        let mut stack = Vec::new();
        expand(i, &synsets, &ids, &mut expanded, &mut stack, sources, out);
    }
    verbs.synsets = expanded
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect();

    for raw in patterns {
        let mut issues = Issues {
            file: name_of(raw.file),
            out: &mut *out,
        };
        let Some(p) = compile_pattern(raw.elems, &ids, raw.line, &mut issues) else {
            continue;
        };
        let (upper, lower) = p;
        let literals = upper
            .iter()
            .chain(&lower)
            .filter_map(|e| match &e.kind {
                ElemKind::Word(w) => Some(w.clone()),
                _ => None,
            })
            .collect();
        if let Some(block) = verbs.blocks.get_mut(raw.block as usize) {
            block.patterns.push(Pattern {
                upper,
                lower,
                code: raw.code,
                file: raw.file,
                line: raw.line,
                text: raw.text,
                literals,
            });
        }
    }

    for (i, f) in verbs.forms.iter().enumerate() {
        if let Some(first) = f.toks.first() {
            verbs.index.entry(first.clone()).or_default().push(i as u32);
        }
    }
    let forms = &verbs.forms;
    for list in verbs.index.values_mut() {
        list.sort_by_key(|&i| (std::cmp::Reverse(forms[i as usize].toks.len()), i));
    }
    verbs
}

fn expand(
    i: usize,
    synsets: &[RawSynset],
    ids: &HashMap<String, u32>,
    expanded: &mut Vec<Option<Vec<Vec<PhraseTok>>>>,
    stack: &mut Vec<usize>,
    sources: &[DictionarySource<'_>],
    out: &mut Vec<DictionaryIssue>,
) -> Vec<Vec<PhraseTok>> {
    if let Some(done) = &expanded[i] {
        return done.clone();
    }
    let s = &synsets[i];
    let file = sources.get(s.file as usize).map_or("verbs", |x| x.name);
    if stack.contains(&i) {
        Issues {
            file,
            out: &mut *out,
        }
        .error(s.line, format!("synonym set &{} contains itself", s.name));
        return Vec::new();
    }
    stack.push(i);
    let mut members = Vec::new();
    for m in &s.members {
        match m {
            RawMember::Phrase(toks, stopped) => {
                members.push(toks.clone());
                if !stopped
                    && let Some(last) = toks.last()
                    && last.up.chars().all(|c| c.is_alphabetic())
                {
                    let mut pl = toks.clone();
                    if let Some(l) = pl.last_mut() {
                        l.up = plural(&l.up.to_lowercase()).to_uppercase();
                    }
                    members.push(pl);
                }
            }
            RawMember::Nested(name, line) => match ids.get(name) {
                Some(&j) => members.extend(expand(
                    j as usize, synsets, ids, expanded, stack, sources, out,
                )),
                None => Issues {
                    file,
                    out: &mut *out,
                }
                .error(
                    *line,
                    format!("unknown synonym set &{name}; member skipped"),
                ),
            },
        }
    }
    stack.pop();
    expanded[i] = Some(members.clone());
    members
}

type Compiled = (Vec<Elem>, Vec<Elem>);

fn compile_pattern(
    elems: Vec<(RawKind, bool)>,
    ids: &HashMap<String, u32>,
    line: usize,
    issues: &mut Issues<'_>,
) -> Option<Compiled> {
    let verb_at = elems.iter().position(|(k, _)| matches!(k, RawKind::Verb))?;
    let mut kinds = Vec::with_capacity(elems.len());
    for (k, _) in &elems {
        let kind = match k {
            RawKind::Word(w) => ElemKind::Word(w.clone()),
            RawKind::Synset(name) => match ids.get(name.trim_end_matches('_')) {
                Some(&id) => ElemKind::Synset(id),
                None => {
                    issues.error(
                        line,
                        format!("unknown synonym set &{name}; pattern skipped"),
                    );
                    return None;
                }
            },
            RawKind::Source => ElemKind::Source,
            RawKind::Target => ElemKind::Target,
            RawKind::Skip => ElemKind::Skip,
            RawKind::Compound => ElemKind::Compound,
            RawKind::Verb => ElemKind::Skip, // placeholder, never used
        };
        kinds.push(kind);
    }
    let closed: Vec<bool> = elems.iter().map(|(_, c)| *c).collect();
    // An element before the verb touches its right neighbour when that
    // neighbour was joined to it; one after the verb when it was joined to
    // its left neighbour.
    let upper = (0..verb_at)
        .rev()
        .map(|i| Elem {
            kind: kinds[i].clone(),
            adj: closed.get(i + 1).copied().unwrap_or(false),
        })
        .collect();
    let lower = (verb_at + 1..elems.len())
        .map(|i| Elem {
            kind: kinds[i].clone(),
            adj: closed[i],
        })
        .collect();
    Some((upper, lower))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(text: &str) -> (Verbs, Vec<DictionaryIssue>) {
        let mut issues = Vec::new();
        let v = load(
            &[DictionarySource {
                name: "v.txt",
                text,
            }],
            &mut issues,
        );
        (v, issues)
    }

    fn forms_of(v: &Verbs, block: &str) -> Vec<String> {
        let b = v
            .blocks
            .iter()
            .position(|b| b.name == block)
            .expect("block") as u32;
        v.forms
            .iter()
            .filter(|f| f.block == b)
            .map(|f| f.toks.join(" "))
            .collect()
    }

    #[test]
    fn verb_forms_table() {
        let text = "--- DEPART [032] ---\nDEPART\n--- BREAK [1717] ---\nBREAK { BROKE BROKEN }\n+BREAK_DOWN {+BREAKS_DOWN +BROKEN_DOWN}\n--- CONFISCATE [1711] ---\nWIRE_+TAP {WIRE_+TAPPED}\n--- DELAY [120] ---\nDOWNPLAY [014]\n";
        let (v, issues) = load_str(text);
        assert!(issues.is_empty(), "{issues:?}");
        let table: &[(&str, &[&str])] = &[
            ("DEPART", &["DEPART", "DEPARTS", "DEPARTED", "DEPARTING"]),
            (
                "BREAK",
                &[
                    "BREAK",
                    "BROKE",
                    "BROKEN",
                    "BREAK DOWN",
                    "BREAKS DOWN",
                    "BROKEN DOWN",
                ],
            ),
            ("CONFISCATE", &["WIRE TAP", "WIRE TAPPED"]),
            (
                "DELAY",
                &["DOWNPLAY", "DOWNPLAYS", "DOWNPLAYED", "DOWNPLAYING"],
            ),
        ];
        for (block, want) in table {
            assert_eq!(forms_of(&v, block), *want, "{block}");
        }
        let tap = v
            .forms
            .iter()
            .find(|f| f.toks == ["WIRE", "TAPPED"])
            .expect("form");
        assert_eq!((tap.head, tap.kind), (1, FormKind::Past));
        let downplay = v
            .forms
            .iter()
            .find(|f| f.toks == ["DOWNPLAY"])
            .expect("form");
        assert_eq!(
            downplay.code.as_ref().map(|c| c.first.as_str()),
            Some("014")
        );
    }

    #[test]
    fn patterns_compile_with_connectors() {
        let text = "&NEG\n+DID N'T\n+WO N'T\n\n--- CLASH [223] ---\nCLASH\n- MOST_CERTAINLY_&NEG_EVER * OVER EFFORTS [907]\n- + * IN $ [075:076]\n- *_OUT [074]\n";
        let (v, issues) = load_str(text);
        assert!(issues.is_empty(), "{issues:?}");
        let p = &v.blocks[0].patterns;
        assert_eq!(p.len(), 3);
        let kinds = |es: &[Elem]| {
            es.iter()
                .map(|e| (format!("{:?}", e.kind), e.adj))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            kinds(&p[0].upper),
            vec![
                ("Word(\"EVER\")".to_string(), false),
                ("Synset(0)".to_string(), true),
                ("Word(\"CERTAINLY\")".to_string(), true),
                ("Word(\"MOST\")".to_string(), true),
            ]
        );
        assert_eq!(
            kinds(&p[0].lower),
            vec![
                ("Word(\"OVER\")".to_string(), false),
                ("Word(\"EFFORTS\")".to_string(), false)
            ]
        );
        assert_eq!(
            p[1].code.second.as_ref().map(EventCode::as_str),
            Some("076")
        );
        assert_eq!(
            kinds(&p[2].lower),
            vec![("Word(\"OUT\")".to_string(), true)]
        );
        // Synonym-set members get regular plurals.
        let members: Vec<String> = v.synsets[0]
            .iter()
            .map(|m| {
                m.iter()
                    .map(|t| t.up.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        assert!(members.contains(&"DID N'T".to_string()), "{members:?}");
    }

    #[test]
    fn nested_synsets_expand() {
        let text = "&A\n+X\n&B\n+&A\n+Y_\n--- V [010] ---\nV\n- * &B [011]\n";
        let (v, issues) = load_str(text);
        assert!(issues.is_empty(), "{issues:?}");
        let members: Vec<String> = v.synsets[1].iter().map(|m| m[0].up.clone()).collect();
        assert_eq!(members, vec!["X", "XES", "Y"]);
    }

    #[test]
    fn malformed_lines_are_reported_with_their_line() {
        let text = "- * ORPHAN [010]\n--- V [010] ---\nV\n- * NO CODE\n- * * TWO [011]\n- * &NOPE [012]\n- * ODD [025?]\nSTRAY {X\n--- W [\n&\n";
        let (v, issues) = load_str(text);
        let got: Vec<(usize, String)> = issues
            .iter()
            .map(|i| (i.line, format!("{:?}", i.severity)))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "Error".to_string()),
                (4, "Error".to_string()),
                (5, "Error".to_string()),
                (7, "Warning".to_string()),
                (8, "Error".to_string()),
                (9, "Error".to_string()),
                (10, "Error".to_string()),
                (6, "Error".to_string()),
            ],
            "{issues:#?}"
        );
        // The odd code is kept; the others are skipped.
        assert_eq!(v.blocks[0].patterns.len(), 1);
        assert!(issues.iter().all(|i| i.file == "v.txt"));
    }
}
