//! sitrep's event lexicon: the words that say something happened and the
//! cue phrases around them, matched over a sentence's tokens.
//!
//! The lexicon file (`data/lexicon/events.toml`) lists entries, each a
//! [`Cue`] — a trigger class (`kill`, `air`, `protest`...), a weapon, a hedge,
//! a negation, a victim noun, a relation word — with the verbs, nouns and
//! fixed phrases that express it. Verbs are inflected and nouns pluralised
//! here ([`morphology`]) so the file stays short and readable, the way the
//! TABARI/PETRARCH verb dictionaries list a verb once with its irregular
//! forms.
//!
//! Matching is token-anchored: every surface pattern is indexed by its first
//! word, so a sentence is scanned once with one hash lookup per token
//! (no regular expressions, no per-pattern loops). Patterns may contain gaps
//! (`take * hostage`), which is the hook for loading CAMEO verb patterns
//! later. An entry may pair its verbs with `objects`: each verb then matches
//! only with one of them, in the active ("seized a cache of weapons") and in
//! the passive ("weapons were seized"), so a verb as loose as "find" or "set
//! up" says something only about the right things.
//!
//! Context cues (`kind = "context"`: an industrial accident, a natural
//! disaster, a diplomatic row...) are the background a clause is told
//! against, not events. They are matched in a second scan of their own, so
//! they never take words away from triggers and may overlap them.
//!
//! This crate knows nothing about ACLED: turning cues into sub-event types is
//! the coder's job (`sitrep-coding`). It does no I/O: the embedded file comes
//! in through `include_str!`.

pub mod cue;
pub mod morphology;

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use serde::Deserialize;

pub use cue::{Context, Cue, TriggerClass, VictimKind, Weapon};

/// The lexicon file shipped inside the binary.
pub const EMBEDDED_EVENTS: &str = include_str!("../../../data/lexicon/events.toml");

/// The most tokens a `*` gap in a pattern may cover.
const MAX_GAP: usize = 4;

/// Internal pattern words for the passive built from `objects`: a short gap,
/// a form of "be" or "get", and one optional word ("weapons and ammunition
/// [have] been [also] seized"). They start with a NUL byte, which no token
/// has, so a lexicon file cannot write them by accident.
const PASSIVE_GAP: &str = "\u{0}gap2";
/// The gap between a verb and its object: it may not hold "by", which
/// makes the noun the verb's agent ("destroyed by a bomb").
const OBJECT_GAP: &str = "\u{0}object";
const PASSIVE_AUX: &str = "\u{0}be";
const ADVERB_GAP: &str = "\u{0}gap1";

/// Auxiliaries of the passive.
const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "get", "gets", "got", "gotten",
];

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("{file}: {message}")]
    Parse { file: String, message: String },
    #[error("{file}: entry {index} ({first:?}): {message}")]
    Entry {
        file: String,
        index: usize,
        first: String,
        message: String,
    },
}

/// Index of an entry in the lexicon file (0-based, file order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntryId(pub u32);

/// Grammatical forms a matched head word can have. A surface form is often
/// several at once ("attack" is a noun and a verb; "killed" past and
/// participle), so this is a small bit set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Forms(u16);

impl Forms {
    pub const VERB_BASE: Forms = Forms(1);
    pub const VERB_THIRD: Forms = Forms(1 << 1);
    pub const VERB_PAST: Forms = Forms(1 << 2);
    pub const VERB_PARTICIPLE: Forms = Forms(1 << 3);
    pub const VERB_GERUND: Forms = Forms(1 << 4);
    pub const NOUN_SINGULAR: Forms = Forms(1 << 5);
    pub const NOUN_PLURAL: Forms = Forms(1 << 6);
    pub const PHRASE: Forms = Forms(1 << 7);

    pub fn contains(self, other: Forms) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn intersects(self, other: Forms) -> bool {
        self.0 & other.0 != 0
    }

    pub fn is_verb(self) -> bool {
        self.0 & 0b1_1111 != 0
    }

    pub fn is_noun(self) -> bool {
        self.0 & 0b110_0000 != 0
    }
}

impl std::ops::BitOr for Forms {
    type Output = Forms;
    fn bitor(self, o: Forms) -> Forms {
        Forms(self.0 | o.0)
    }
}

impl std::ops::BitOrAssign for Forms {
    fn bitor_assign(&mut self, o: Forms) {
        self.0 |= o.0;
    }
}

/// One entry of the lexicon file.
#[derive(Debug, Clone)]
pub struct Entry {
    pub cue: Cue,
    /// The entry's first word or phrase, for messages and debugging.
    pub label: String,
    /// A weak trigger names fighting or harm only loosely ("an offensive",
    /// "hit", "destroy"); the coder needs more evidence before it codes an
    /// event from one.
    pub weak: bool,
}

#[derive(Debug, Clone)]
enum Element {
    Word(Box<str>),
    /// Up to this many words, none of them punctuation.
    Gap(usize),
    /// Up to [`MAX_GAP`] words before a verb's object, none of them
    /// punctuation or "by".
    ObjectGap,
    /// A passive auxiliary ("was", "were", "been", "got").
    Aux,
}

#[derive(Debug, Clone)]
struct Pattern {
    entry: EntryId,
    elements: Vec<Element>,
    /// Index (in `elements`) of the inflected word.
    head: usize,
    forms: Forms,
    /// Only match when the text has the head in lower case ("march", not
    /// the month "March"; "may", not "May").
    lowercase_only: bool,
}

/// A lexicon entry found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueMatch {
    pub entry: EntryId,
    pub cue: Cue,
    /// Token indices `[first, last + 1)` into the slice given to
    /// [`Lexicon::find`].
    pub tokens: Range<usize>,
    /// Byte offsets into the text given to [`Lexicon::find`].
    pub start: usize,
    pub end: usize,
    /// Token index of the inflected word (the verb of "open fire on", the
    /// noun of "car bomb").
    pub head: usize,
    pub forms: Forms,
}

/// The compiled event lexicon. Immutable once built; share it by reference.
#[derive(Debug, Clone)]
pub struct Lexicon {
    entries: Vec<Entry>,
    patterns: Vec<Pattern>,
    /// First word of a pattern (lower case) → pattern indices, longest first.
    by_first: HashMap<Box<str>, Vec<u32>>,
    /// The same index for context patterns, scanned separately.
    context_by_first: HashMap<Box<str>, Vec<u32>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSchema {
    #[serde(default)]
    irregular: HashMap<String, (String, String)>,
    #[serde(default)]
    cue: Vec<EntrySchema>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntrySchema {
    kind: String,
    #[serde(default)]
    class: Option<String>,
    #[serde(default)]
    weapon: Option<String>,
    #[serde(default)]
    victim: Option<String>,
    #[serde(default)]
    relation: Option<String>,
    #[serde(default)]
    context: Option<String>,
    #[serde(default)]
    verbs: Vec<String>,
    /// When given, each verb matches only with one of these objects after it
    /// (active) or before it (passive).
    #[serde(default)]
    objects: Vec<String>,
    #[serde(default)]
    nouns: Vec<String>,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    lowercase_only: bool,
    #[serde(default)]
    weak: bool,
    #[serde(default)]
    note: Option<String>,
}

impl Lexicon {
    /// The lexicon shipped with sitrep.
    pub fn embedded() -> Result<Lexicon, LexiconError> {
        Lexicon::from_toml("data/lexicon/events.toml", EMBEDDED_EVENTS)
    }

    /// Builds a lexicon from the text of a lexicon file. `file` names it in
    /// error messages.
    pub fn from_toml(file: &str, text: &str) -> Result<Lexicon, LexiconError> {
        let schema: FileSchema = toml::from_str(text).map_err(|e| LexiconError::Parse {
            file: file.to_string(),
            message: e.to_string(),
        })?;
        let mut builder = Builder::default();
        for (index, e) in schema.cue.iter().enumerate() {
            let first = e
                .verbs
                .first()
                .or(e.nouns.first())
                .or(e.phrases.first())
                .cloned()
                .unwrap_or_default();
            let err = |message: String| LexiconError::Entry {
                file: file.to_string(),
                index,
                first: first.clone(),
                message,
            };
            let _ = &e.note;
            let cue = parse_cue(e).map_err(err)?;
            if e.verbs.is_empty() && e.nouns.is_empty() && e.phrases.is_empty() {
                return Err(err("entry has no verbs, nouns or phrases".into()));
            }
            if !e.objects.is_empty() && e.verbs.is_empty() {
                return Err(err("`objects` need `verbs` to go with".into()));
            }
            builder.add_entry(cue, first, e, &schema.irregular);
        }
        Ok(builder.finish())
    }

    pub fn entry(&self, id: EntryId) -> &Entry {
        &self.entries[id.0 as usize]
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Number of surface patterns after inflection.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Finds lexicon entries in one sentence. `tokens` are the byte ranges
    /// of the sentence's tokens in `text`. At each token the longest pattern
    /// wins; the words a match covers are not matched again, except those
    /// inside a gap. Matches come back in text order.
    pub fn find(&self, text: &str, tokens: &[Range<usize>]) -> Vec<CueMatch> {
        // Hyphenated tokens are matched part by part, so "car-bomber",
        // "car bomber" and "suicide car-bomber" meet the same pattern;
        // matches are mapped back to the caller's tokens.
        let mut parts: Vec<Range<usize>> = Vec::with_capacity(tokens.len());
        let mut owner: Vec<usize> = Vec::with_capacity(tokens.len());
        for (ti, r) in tokens.iter().enumerate() {
            let t = text.get(r.clone()).unwrap_or("");
            if t.len() > 1 && t.contains('-') {
                let mut start = r.start;
                for piece in t.split('-') {
                    if !piece.is_empty() {
                        parts.push(start..start + piece.len());
                        owner.push(ti);
                    }
                    start += piece.len() + 1;
                }
            } else {
                parts.push(r.clone());
                owner.push(ti);
            }
        }
        let mut found = self.find_parts(text, &parts);
        for m in &mut found {
            m.tokens = owner[m.tokens.start]..owner[m.tokens.end - 1] + 1;
            m.head = owner[m.head];
            m.start = tokens[m.tokens.start].start.min(m.start);
            m.end = tokens[m.tokens.end - 1].end.max(m.end);
        }
        // Two matches inside one hyphenated token collapse to the longer
        // (a context cue never hides a trigger, nor the other way round).
        found.dedup_by(|later, earlier| {
            later.tokens == earlier.tokens
                && later.end <= earlier.end
                && later.cue.is_context() == earlier.cue.is_context()
        });
        found
    }

    fn find_parts(&self, text: &str, tokens: &[Range<usize>]) -> Vec<CueMatch> {
        let lower: Vec<String> = tokens
            .iter()
            .map(|r| text.get(r.clone()).unwrap_or("").to_lowercase())
            .collect();
        let mut out = self.scan(&self.by_first, text, tokens, &lower);
        if !self.context_by_first.is_empty() {
            out.extend(self.scan(&self.context_by_first, text, tokens, &lower));
            // Stable: at one token, the trigger layer's match comes first.
            out.sort_by_key(|m| m.tokens.start);
        }
        out
    }

    /// One left-to-right pass over the tokens with one pattern index.
    fn scan(
        &self,
        index: &HashMap<Box<str>, Vec<u32>>,
        text: &str,
        tokens: &[Range<usize>],
        lower: &[String],
    ) -> Vec<CueMatch> {
        let mut out = Vec::new();
        let mut i = 0;
        let mut covered_until = 0;
        while i < tokens.len() {
            if i < covered_until {
                i += 1;
                continue;
            }
            if let Some((m, has_gap)) = self.longest_at(index, text, tokens, lower, i) {
                // Words inside a gap ("took [20 people] hostage") stay open to
                // other matches, so only a gap-free match covers its tokens.
                covered_until = if has_gap { i + 1 } else { m.tokens.end };
                // A passive with a coordinated subject ("ammunition and
                // rifles were found") matches again from the second noun:
                // one verb is one cue.
                let repeat = out
                    .iter()
                    .any(|o: &CueMatch| o.entry == m.entry && o.head == m.head);
                if !repeat {
                    out.push(m);
                }
            }
            i += 1;
        }
        out
    }

    fn longest_at(
        &self,
        index: &HashMap<Box<str>, Vec<u32>>,
        text: &str,
        tokens: &[Range<usize>],
        lower: &[String],
        i: usize,
    ) -> Option<(CueMatch, bool)> {
        let mut best: Option<(usize, &Pattern, usize)> = None;
        for key in lookup_keys(&lower[i]) {
            let Some(ids) = index.get(key.as_str()) else {
                continue;
            };
            for &pid in ids {
                let p = &self.patterns[pid as usize];
                let Some((end, head)) = match_pattern(p, lower, i) else {
                    continue;
                };
                if p.lowercase_only {
                    let head_text = text.get(tokens[head].clone()).unwrap_or("");
                    if head_text.chars().any(char::is_uppercase) {
                        continue;
                    }
                }
                let better = match best {
                    None => true,
                    Some((best_end, bp, _)) => {
                        end > best_end || (end == best_end && p.entry < bp.entry)
                    }
                };
                if better {
                    best = Some((end, p, head));
                }
            }
        }
        let (end, p, head) = best?;
        // Patterns with identical words in the same entry were merged at build
        // time, so the forms of the winner are complete.
        let has_gap = p
            .elements
            .iter()
            .any(|e| matches!(e, Element::Gap(_) | Element::ObjectGap));
        let m = CueMatch {
            entry: p.entry,
            cue: self.entries[p.entry.0 as usize].cue,
            tokens: i..end,
            start: tokens[i].start,
            end: tokens[end - 1].end,
            head,
            forms: p.forms,
        };
        Some((m, has_gap))
    }
}

/// The keys to look a token up under: itself, and for a token with a
/// stray apostrophe-s ("militant's" for "militants", "open's" for
/// "opens"), the form without the apostrophe. News copy and blogs misuse
/// the apostrophe often enough that ignoring it here loses nothing.
fn lookup_keys(token: &str) -> impl Iterator<Item = String> + '_ {
    let alt = token
        .strip_suffix("'s")
        .map(|stem| format!("{stem}s"))
        .filter(|s| s.len() > 2);
    std::iter::once(token.to_string()).chain(alt)
}

fn token_matches(word: &str, token: &str) -> bool {
    word == token
        || token
            .strip_suffix("'s")
            .is_some_and(|stem| word.strip_suffix('s') == Some(stem))
}

/// Matches a pattern starting at token `i`; returns the end token (exclusive)
/// and the head token index.
fn match_pattern(p: &Pattern, lower: &[String], i: usize) -> Option<(usize, usize)> {
    fn go(p: &Pattern, el: usize, lower: &[String], t: usize, head: &mut usize) -> Option<usize> {
        if el == p.elements.len() {
            return Some(t);
        }
        match &p.elements[el] {
            Element::Word(w) => {
                let tok = lower.get(t)?;
                // A stray possessive inside a phrase ("open's fire on", a
                // common misspelling of "opens fire on") is skipped.
                if el > 0 && tok == "'s" {
                    return go(p, el, lower, t + 1, head);
                }
                if !token_matches(w, tok) {
                    return None;
                }
                if el == p.head {
                    *head = t;
                }
                go(p, el + 1, lower, t + 1, head)
            }
            Element::Aux => {
                let tok = lower.get(t)?;
                if !AUXILIARIES.contains(&tok.as_str()) {
                    return None;
                }
                go(p, el + 1, lower, t + 1, head)
            }
            Element::Gap(_) | Element::ObjectGap => {
                let (max, object) = match p.elements[el] {
                    Element::Gap(max) => (max, false),
                    _ => (MAX_GAP, true),
                };
                // Shortest gap first; gaps never cross punctuation.
                for skip in 0..=max {
                    if skip > 0 {
                        let tok = lower.get(t + skip - 1)?;
                        if !tok.starts_with(|c: char| c.is_alphanumeric())
                            || (object && tok == "by")
                        {
                            return None;
                        }
                    }
                    if let Some(end) = go(p, el + 1, lower, t + skip, head) {
                        return Some(end);
                    }
                }
                None
            }
        }
    }
    let mut head = i;
    let end = go(p, 0, lower, i, &mut head)?;
    Some((end, head))
}

fn parse_cue(e: &EntrySchema) -> Result<Cue, String> {
    let need = |field: &Option<String>, name: &str| {
        field
            .clone()
            .ok_or_else(|| format!("kind {:?} needs a `{name}`", e.kind))
    };
    Ok(match e.kind.as_str() {
        "trigger" => Cue::Trigger(need(&e.class, "class")?.parse()?),
        "weapon" => Cue::Weapon(need(&e.weapon, "weapon")?.parse()?),
        "death" => Cue::Death,
        "injury" => Cue::Injury,
        "hedge" => Cue::Hedge,
        "negation" => Cue::Negation,
        "irrealis" => Cue::Irrealis,
        "generic" => Cue::Generic,
        "responsibility" => Cue::Responsibility,
        "victim" => Cue::Victim(need(&e.victim, "victim")?.parse()?),
        "target" => Cue::Target(need(&e.victim, "victim")?.parse()?),
        "strength" => Cue::Strength,
        "relation" => Cue::Relation(match need(&e.relation, "relation")?.as_str() {
            "hostile" => sitrep_model::Relation::Hostile,
            "allied" => sitrep_model::Relation::Allied,
            "supports" => sitrep_model::Relation::Supports,
            other => return Err(format!("unknown relation {other:?}")),
        }),
        "control" => Cue::Control,
        "exclusion" => Cue::Exclusion,
        "context" => Cue::Context(need(&e.context, "context")?.parse()?),
        other => return Err(format!("unknown kind {other:?}")),
    })
}

#[derive(Default)]
struct Builder {
    entries: Vec<Entry>,
    /// (entry, words) → pattern index, to merge forms of identical patterns.
    seen: HashMap<(u32, Vec<String>, usize, bool), usize>,
    patterns: Vec<Pattern>,
}

impl Builder {
    fn add_entry(
        &mut self,
        cue: Cue,
        label: String,
        e: &EntrySchema,
        irregular: &HashMap<String, (String, String)>,
    ) {
        let id = EntryId(self.entries.len() as u32);
        self.entries.push(Entry {
            cue,
            label,
            weak: e.weak,
        });
        let objects: Vec<(Vec<String>, Vec<String>)> = e
            .objects
            .iter()
            .map(|o| split_words(o))
            .filter(|w| !w.is_empty())
            .map(|w| {
                let mut plural = w.clone();
                let last = plural.len() - 1;
                plural[last] = morphology::plural(&w[last]);
                (w, plural)
            })
            .collect();
        for verb in &e.verbs {
            let words = split_words(verb);
            let Some(first) = words.first() else { continue };
            let irr = irregular
                .get(first.as_str())
                .map(|(p, pp)| (p.as_str(), pp.as_str()));
            let f = morphology::verb_forms(first, irr);
            let participle = f.participle.clone();
            let forms = [
                (f.base, Forms::VERB_BASE),
                (f.third, Forms::VERB_THIRD),
                (f.past, Forms::VERB_PAST),
                (f.participle, Forms::VERB_PARTICIPLE),
                (f.gerund, Forms::VERB_GERUND),
            ];
            for (form, flag) in forms {
                let mut w = words.clone();
                w[0] = form;
                if objects.is_empty() {
                    self.add(id, w, 0, flag, e.lowercase_only);
                    continue;
                }
                // Active: "seized [a cache of] weapons".
                for object in objects.iter().flat_map(|(s, p)| [s, p]) {
                    let mut pattern = w.clone();
                    pattern.push(OBJECT_GAP.to_string());
                    pattern.extend(object.iter().cloned());
                    self.add(id, pattern, 0, flag, e.lowercase_only);
                }
            }
            // Passive: "weapons were seized", "three points have been set
            // up". The auxiliary is required: without it, "a roadside bomb
            // destroyed a bus" would read as "a bomb (was) destroyed".
            for object in objects.iter().flat_map(|(s, p)| [s, p]) {
                let mut pattern = object.clone();
                pattern.extend([PASSIVE_GAP, PASSIVE_AUX, ADVERB_GAP].map(String::from));
                let head = pattern.len();
                pattern.push(participle.clone());
                pattern.extend(words.iter().skip(1).cloned());
                self.add(id, pattern, head, Forms::VERB_PARTICIPLE, e.lowercase_only);
            }
        }
        for noun in &e.nouns {
            let words = split_words(noun);
            if words.is_empty() {
                continue;
            }
            let last = words.len() - 1;
            let mut plural = words.clone();
            plural[last] = morphology::plural(&words[last]);
            self.add(id, words, last, Forms::NOUN_SINGULAR, e.lowercase_only);
            self.add(id, plural, last, Forms::NOUN_PLURAL, e.lowercase_only);
        }
        for phrase in &e.phrases {
            let words = split_words(phrase);
            if words.is_empty() {
                continue;
            }
            let head = words.len() - 1;
            self.add(id, words, head, Forms::PHRASE, e.lowercase_only);
        }
    }

    /// Adds a pattern with its hyphenated words split, the way `find` splits
    /// hyphenated tokens ("car-bomb" and "car bomb" are one pattern). The
    /// head moves to the last part of the head word.
    fn add(&mut self, entry: EntryId, words: Vec<String>, head: usize, forms: Forms, lc: bool) {
        let mut split = Vec::with_capacity(words.len());
        let mut new_head = 0;
        for (i, w) in words.iter().enumerate() {
            let parts: Vec<&str> = if w == "*" || w.starts_with('\u{0}') {
                vec![w.as_str()]
            } else {
                w.split('-').filter(|p| !p.is_empty()).collect()
            };
            split.extend(parts.iter().map(|p| p.to_string()));
            if i == head {
                new_head = split.len().saturating_sub(1);
            }
        }
        if split.is_empty() {
            return;
        }
        self.add_one(entry, split, new_head, forms, lc);
    }

    fn add_one(&mut self, entry: EntryId, words: Vec<String>, head: usize, forms: Forms, lc: bool) {
        let key = (entry.0, words.clone(), head, lc);
        if let Some(&pid) = self.seen.get(&key) {
            self.patterns[pid].forms |= forms;
            return;
        }
        let elements = words
            .iter()
            .map(|w| match w.as_str() {
                "*" => Element::Gap(MAX_GAP),
                PASSIVE_GAP => Element::Gap(2),
                ADVERB_GAP => Element::Gap(1),
                PASSIVE_AUX => Element::Aux,
                OBJECT_GAP => Element::ObjectGap,
                _ => Element::Word(w.as_str().into()),
            })
            .collect();
        self.seen.insert(key, self.patterns.len());
        self.patterns.push(Pattern {
            entry,
            elements,
            head,
            forms,
            lowercase_only: lc,
        });
    }

    fn finish(self) -> Lexicon {
        let mut by_first: HashMap<Box<str>, Vec<u32>> = HashMap::new();
        let mut context_by_first: HashMap<Box<str>, Vec<u32>> = HashMap::new();
        for (i, p) in self.patterns.iter().enumerate() {
            if let Some(Element::Word(w)) = p.elements.first() {
                let index = if self.entries[p.entry.0 as usize].cue.is_context() {
                    &mut context_by_first
                } else {
                    &mut by_first
                };
                index.entry(w.clone()).or_default().push(i as u32);
            }
        }
        for ids in by_first.values_mut().chain(context_by_first.values_mut()) {
            let patterns = &self.patterns;
            ids.sort_by_key(|&i| std::cmp::Reverse(patterns[i as usize].elements.len()));
        }
        Lexicon {
            entries: self.entries,
            patterns: self.patterns,
            by_first,
            context_by_first,
        }
    }
}

/// Splits an entry's phrase into lower-case words the way the tokenizer
/// splits text: on spaces, with "n't" and "'s" as words of their own.
fn split_words(phrase: &str) -> Vec<String> {
    phrase
        .split_whitespace()
        .map(|w| w.to_lowercase())
        .collect()
}

impl fmt::Display for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

#[cfg(test)]
mod tests;
