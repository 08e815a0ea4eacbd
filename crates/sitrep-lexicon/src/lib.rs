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
    /// A word, by its id in [`Lexicon::vocab`].
    Word(u32),
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
    /// The words after the first, each of which a sentence must contain
    /// for the pattern to match there: a test on a bit set that rules out
    /// most patterns before any matching.
    required: Box<[u32]>,
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
    /// Every word of every pattern (lower case) → its id. Tokens are
    /// looked up once each; matching then compares ids.
    vocab: HashMap<Box<str>, u32, FxBuild>,
    /// By the id of a pattern's first word: the pattern indices, longest
    /// first, of the trigger layer and of the context layer (scanned
    /// separately).
    by_first: Vec<Buckets>,
    has_context: bool,
}

/// Marks a token that is no lexicon word.
const NO_WORD: u32 = u32::MAX;

/// One sentence's tokens as the matcher sees them.
struct Words {
    /// The id of each token (lower-cased), or [`NO_WORD`].
    ids: Vec<u32>,
    /// For a token with a stray apostrophe-s ("militant's", "open's"), the
    /// id of the word it stands for ("militants", "opens"), or
    /// [`NO_WORD`]. News copy and blogs misuse the apostrophe often enough
    /// that ignoring it loses nothing.
    alts: Vec<u32>,
    /// [`POSSESSIVE`], [`AUXILIARY`], [`WORDLIKE`], [`BY`] and
    /// [`ALT_LOOKUP`] bits.
    flags: Vec<u8>,
    /// Which ids (and alternative ids) occur in the sentence.
    present: Vec<u64>,
}

/// The token is a split-off possessive "'s".
const POSSESSIVE: u8 = 1;
/// The token is an auxiliary of the passive ([`AUXILIARIES`]).
const AUXILIARY: u8 = 1 << 1;
/// The token starts with a letter or digit (gaps only cross such tokens).
const WORDLIKE: u8 = 1 << 2;
/// The token is "by", which an object gap may not hold.
const BY: u8 = 1 << 3;
/// The token's apostrophe-less form is long enough (three bytes or more)
/// to look patterns up under ("x's" is no word "xs"); shorter ones only
/// match inside a pattern.
const ALT_LOOKUP: u8 = 1 << 4;

/// The [`POSSESSIVE`], [`AUXILIARY`], [`WORDLIKE`] and [`BY`] bits of a
/// lower-cased token, in one pass over the few words they name.
fn word_flags(lower: &str) -> u8 {
    let mut flags = 0;
    if lower.starts_with(|c: char| c.is_alphanumeric()) {
        flags |= WORDLIKE;
    }
    // Every auxiliary, "'s" and "by" is at most six bytes long: longer
    // words need no comparison.
    if lower.len() <= 6 {
        if lower == "'s" {
            flags |= POSSESSIVE;
        } else if lower == "by" {
            flags |= BY;
        } else if AUXILIARIES.contains(&lower) {
            flags |= AUXILIARY;
        }
    }
    flags
}

impl Words {
    fn has(&self, id: u32) -> bool {
        self.present
            .get(id as usize / 64)
            .is_some_and(|w| w & (1 << (id % 64)) != 0)
    }

    fn flag(&self, t: usize, bit: u8) -> Option<bool> {
        self.flags.get(t).map(|f| f & bit != 0)
    }

    /// Whether token `t` is the word `w`, as written or without a stray
    /// apostrophe.
    fn is(&self, t: usize, w: u32) -> bool {
        self.ids.get(t) == Some(&w) || self.alts.get(t) == Some(&w)
    }
}

/// The patterns that start with one word.
#[derive(Debug, Clone, Default)]
struct Buckets {
    triggers: Vec<u32>,
    context: Vec<u32>,
    /// For each pattern of `triggers` (and of `context`), the first of its
    /// [`Pattern::required`] words, or [`NO_WORD`]: a sentence without that
    /// word cannot match the pattern, and a test on this packed array
    /// rejects most of a large bucket (a verb with a hundred objects)
    /// without reading the patterns themselves.
    trigger_gates: Vec<u32>,
    context_gates: Vec<u32>,
}

/// Which of the two pattern layers a scan reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layer {
    Triggers,
    Context,
}

impl Buckets {
    /// The layer's pattern indices and their gates.
    fn get(&self, layer: Layer) -> (&[u32], &[u32]) {
        match layer {
            Layer::Triggers => (&self.triggers, &self.trigger_gates),
            Layer::Context => (&self.context, &self.context_gates),
        }
    }
}

/// What a token finds in the index: the patterns under the token itself
/// and under its form without a stray apostrophe (see [`Words::alts`]).
type Hits<'a> = [Option<&'a Buckets>; 2];

/// The index's hasher: the keys are our own lexicon words, so hash
/// flooding is no concern, and a multiply-rotate hash over the word costs a
/// fraction of SipHash on the one lookup every token makes.
type FxBuild = std::hash::BuildHasherDefault<FxHasher>;

/// rustc's `FxHasher`: a rotate, xor and multiply per eight bytes (the
/// same as `sitrep-geo`'s, which says why there are two).
#[derive(Default, Clone, Copy)]
struct FxHasher {
    hash: u64,
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
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
        let words = self.words(text, tokens);
        let bucket = |id: u32| self.by_first.get(id as usize);
        let hits: Vec<Hits<'_>> = (0..tokens.len())
            .map(|t| {
                let id = words.ids.get(t).copied().unwrap_or(NO_WORD);
                let alt = words.alts.get(t).copied().unwrap_or(NO_WORD);
                let alt_ok = words.flag(t, ALT_LOOKUP) == Some(true);
                [bucket(id), if alt_ok { bucket(alt) } else { None }]
            })
            .collect();
        let mut out = self.scan(Layer::Triggers, &hits, text, tokens, &words);
        if self.has_context {
            out.extend(self.scan(Layer::Context, &hits, text, tokens, &words));
            // Stable: at one token, the trigger layer's match comes first.
            out.sort_by_key(|m| m.tokens.start);
        }
        out
    }

    /// Looks every token up once: its word id, the id of its form without
    /// a stray apostrophe, its flags and the sentence's set of words.
    fn words(&self, text: &str, tokens: &[Range<usize>]) -> Words {
        let mut words = Words {
            ids: Vec::with_capacity(tokens.len()),
            alts: Vec::with_capacity(tokens.len()),
            flags: Vec::with_capacity(tokens.len()),
            present: vec![0; self.vocab.len().div_ceil(64)],
        };
        let mut lower = String::new();
        let mut alt = String::new();
        for r in tokens {
            let t = text.get(r.clone()).unwrap_or("");
            lower.clear();
            if t.is_ascii() {
                // A copy lower-cased in place: the same string as
                // `to_lowercase` gives for ASCII, without decoding.
                lower.push_str(t);
                lower.make_ascii_lowercase();
            } else {
                lower.push_str(&t.to_lowercase());
            }
            let id = self.vocab.get(lower.as_str()).copied().unwrap_or(NO_WORD);
            let mut flags = 0;
            let alt_id = match lower.strip_suffix("'s") {
                Some(stem) => {
                    alt.clear();
                    alt.push_str(stem);
                    alt.push('s');
                    if alt.len() > 2 {
                        flags |= ALT_LOOKUP;
                    }
                    self.vocab.get(alt.as_str()).copied().unwrap_or(NO_WORD)
                }
                None => NO_WORD,
            };
            for w in [id, alt_id] {
                if let Some(bits) = words.present.get_mut(w as usize / 64) {
                    *bits |= 1 << (w % 64);
                }
            }
            flags |= word_flags(&lower);
            words.ids.push(id);
            words.alts.push(alt_id);
            words.flags.push(flags);
        }
        words
    }

    /// One left-to-right pass over the tokens with one pattern layer.
    fn scan(
        &self,
        layer: Layer,
        hits: &[Hits<'_>],
        text: &str,
        tokens: &[Range<usize>],
        words: &Words,
    ) -> Vec<CueMatch> {
        let mut out = Vec::new();
        let mut i = 0;
        let mut covered_until = 0;
        while i < tokens.len() {
            if i < covered_until {
                i += 1;
                continue;
            }
            let found = hits
                .get(i)
                .and_then(|h| self.longest_at(layer, h, text, tokens, words, i));
            if let Some((m, has_gap)) = found {
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
        layer: Layer,
        hits: &Hits<'_>,
        text: &str,
        tokens: &[Range<usize>],
        words: &Words,
        i: usize,
    ) -> Option<(CueMatch, bool)> {
        let mut best: Option<(usize, &Pattern, usize)> = None;
        for buckets in hits.iter().flatten() {
            let (ids, gates) = buckets.get(layer);
            for (&pid, &gate) in ids.iter().zip(gates) {
                if gate != NO_WORD && !words.has(gate) {
                    continue;
                }
                let p = &self.patterns[pid as usize];
                if !p.required.iter().all(|&w| words.has(w)) {
                    continue;
                }
                let Some((end, head)) = match_pattern(p, words, i) else {
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

/// Matches a pattern starting at token `i`; returns the end token (exclusive)
/// and the head token index.
fn match_pattern(p: &Pattern, words: &Words, i: usize) -> Option<(usize, usize)> {
    fn go(p: &Pattern, el: usize, words: &Words, t: usize, head: &mut usize) -> Option<usize> {
        if el == p.elements.len() {
            return Some(t);
        }
        match p.elements[el] {
            Element::Word(w) => {
                // A stray possessive inside a phrase ("open's fire on", a
                // common misspelling of "opens fire on") is skipped.
                if el > 0 && words.flag(t, POSSESSIVE)? {
                    return go(p, el, words, t + 1, head);
                }
                if !words.is(t, w) {
                    return None;
                }
                if el == p.head {
                    *head = t;
                }
                go(p, el + 1, words, t + 1, head)
            }
            Element::Aux => {
                if !words.flag(t, AUXILIARY)? {
                    return None;
                }
                go(p, el + 1, words, t + 1, head)
            }
            Element::Gap(_) | Element::ObjectGap => {
                let (max, object) = match p.elements[el] {
                    Element::Gap(max) => (max, false),
                    _ => (MAX_GAP, true),
                };
                // Shortest gap first; gaps never cross punctuation.
                for skip in 0..=max {
                    if skip > 0 {
                        let t = t + skip - 1;
                        if !words.flag(t, WORDLIKE)? || (object && words.flag(t, BY)?) {
                            return None;
                        }
                    }
                    if let Some(end) = go(p, el + 1, words, t + skip, head) {
                        return Some(end);
                    }
                }
                None
            }
        }
    }
    let mut head = i;
    let end = go(p, 0, words, i, &mut head)?;
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
    /// Word → id, in order of first use.
    vocab: HashMap<Box<str>, u32, FxBuild>,
    /// (entry, word ids and gap codes, head, lower case only) → pattern
    /// index, to merge forms of identical patterns.
    seen: HashMap<(u32, Vec<u32>, usize, bool), usize, FxBuild>,
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
        let mut split: Vec<&str> = Vec::with_capacity(words.len() + 2);
        let mut new_head = 0;
        for (i, w) in words.iter().enumerate() {
            if w == "*" || w.starts_with('\u{0}') {
                split.push(w.as_str());
            } else {
                split.extend(w.split('-').filter(|p| !p.is_empty()));
            }
            if i == head {
                new_head = split.len().saturating_sub(1);
            }
        }
        if split.is_empty() {
            return;
        }
        self.add_one(entry, &split, new_head, forms, lc);
    }

    fn add_one(&mut self, entry: EntryId, words: &[&str], head: usize, forms: Forms, lc: bool) {
        // Words get their ids first: a pattern seen before has all its
        // words in the vocabulary already, so this adds ids only for a new
        // pattern, in the order its words come.
        let elements: Vec<Element> = words
            .iter()
            .map(|&w| match w {
                "*" => Element::Gap(MAX_GAP),
                PASSIVE_GAP => Element::Gap(2),
                ADVERB_GAP => Element::Gap(1),
                PASSIVE_AUX => Element::Aux,
                OBJECT_GAP => Element::ObjectGap,
                _ => Element::Word(match self.vocab.get(w) {
                    Some(&id) => id,
                    None => {
                        let id = self.vocab.len() as u32;
                        self.vocab.insert(w.into(), id);
                        id
                    }
                }),
            })
            .collect();
        // Ids stand for words one to one, and the gaps take codes no id
        // reaches, so equal keys mean equal word sequences.
        let codes = elements
            .iter()
            .map(|e| match e {
                Element::Word(id) => *id,
                Element::Gap(n) => u32::MAX - 8 + (*n).min(7) as u32,
                Element::Aux => u32::MAX - 9,
                Element::ObjectGap => u32::MAX - 10,
            })
            .collect();
        let key = (entry.0, codes, head, lc);
        if let Some(&pid) = self.seen.get(&key) {
            self.patterns[pid].forms |= forms;
            return;
        }
        let mut required: Vec<u32> = elements
            .iter()
            .skip(1)
            .filter_map(|e| match e {
                Element::Word(w) => Some(*w),
                _ => None,
            })
            .collect();
        required.sort_unstable();
        required.dedup();
        self.seen.insert(key, self.patterns.len());
        self.patterns.push(Pattern {
            entry,
            elements,
            head,
            forms,
            lowercase_only: lc,
            required: required.into(),
        });
    }

    fn finish(self) -> Lexicon {
        let mut by_first: Vec<Buckets> = vec![Buckets::default(); self.vocab.len()];
        let mut has_context = false;
        for (i, p) in self.patterns.iter().enumerate() {
            if let Some(&Element::Word(w)) = p.elements.first()
                && let Some(buckets) = by_first.get_mut(w as usize)
            {
                if self.entries[p.entry.0 as usize].cue.is_context() {
                    buckets.context.push(i as u32);
                    has_context = true;
                } else {
                    buckets.triggers.push(i as u32);
                }
            }
        }
        for b in &mut by_first {
            let patterns = &self.patterns;
            for ids in [&mut b.triggers, &mut b.context] {
                ids.sort_by_key(|&i| std::cmp::Reverse(patterns[i as usize].elements.len()));
            }
            let gate = |&i: &u32| {
                patterns[i as usize]
                    .required
                    .first()
                    .copied()
                    .unwrap_or(NO_WORD)
            };
            b.trigger_gates = b.triggers.iter().map(gate).collect();
            b.context_gates = b.context.iter().map(gate).collect();
        }
        Lexicon {
            entries: self.entries,
            patterns: self.patterns,
            vocab: self.vocab,
            by_first,
            has_context,
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
