//! Finding actor mentions in text.
//!
//! One Aho-Corasick automaton holds every surface form (aliases, demonyms,
//! role nouns, government modifiers), hyphens read as spaces on both sides
//! ("Hizbul-Mujahideen" is "Hizbul Mujahideen"). It runs case-insensitively and
//! reports *overlapping* matches, so that a match rejected by a later check
//! (word boundary, letter case, context) can never hide a shorter valid one
//! at the same place; leftmost-longest selection happens afterwards, per kind,
//! over validated matches only.
//!
//! Then, in order:
//! 1. a singular role noun right before another joins it ("rebel fighters",
//!    "child soldiers" are one group);
//! 2. a role noun right after a named actor joins it ("Taliban fighters",
//!    "ANA soldiers" are the named actor, spanning both words);
//! 3. every other role noun looks back for a modifier: a demonym or country
//!    name, or a government word, directly before it or with one adjective
//!    between ("Pakistani paramilitary troops", "the government's security
//!    forces", "Afghan government forces");
//! 4. generic mentions overlapping a named one are dropped: named wins; a
//!    singular one that describes the noun after it is marked `modifier`
//!    ("police station").

use std::collections::{HashMap, HashSet};

use sitrep_model::CountryCode;

use crate::compile::{Compiled, Meaning, Pattern, fold_separators};
use crate::{ActorMention, Candidate, CaseRule, MentionKind, Role};

/// A validated match of one meaning.
#[derive(Debug, Clone, Copy)]
struct Hit {
    start: usize,
    end: usize,
    meaning: Meaning,
}

/// A selected role noun.
#[derive(Debug, Clone, Copy)]
struct RoleHit {
    start: usize,
    end: usize,
    role: Role,
    plural: bool,
    needs_modifier: bool,
}

/// What stands before a role noun.
#[derive(Debug, Clone, Copy)]
enum ModifierKind {
    Country(CountryCode),
    Government,
}

impl Compiled {
    pub fn find(&self, text: &str) -> Vec<ActorMention> {
        self.find_in(text, &self.hits(text))
    }

    /// Actor mentions and demonyms from one pass of the automaton.
    pub fn find_with_demonyms(
        &self,
        text: &str,
    ) -> (Vec<ActorMention>, Vec<(usize, usize, CountryCode)>) {
        let hits = self.hits(text);
        (self.find_in(text, &hits), self.select_demonyms(&hits))
    }

    fn find_in(&self, text: &str, hits: &[Hit]) -> Vec<ActorMention> {
        let mut named = select_named(hits);
        // Where government words start: a role noun there ("government" in
        // "government soldiers") is the modifier of what follows.
        let government_starts: HashSet<usize> = hits
            .iter()
            .filter(|h| matches!(h.meaning, Meaning::Government))
            .map(|h| h.start)
            .collect();
        let roles: Vec<RoleHit> = leftmost_longest(
            hits.iter()
                .filter_map(|h| match h.meaning {
                    Meaning::Role {
                        role,
                        plural,
                        needs_modifier,
                    } => Some(RoleHit {
                        start: h.start,
                        end: h.end,
                        role,
                        plural,
                        needs_modifier,
                    }),
                    _ => None,
                })
                .collect(),
            |r| (r.start, r.end),
        );
        let roles = merge_compounds(text, roles, &government_starts);
        let role_at: HashMap<usize, usize> = roles
            .iter()
            .enumerate()
            .map(|(i, r)| (r.start, i))
            .collect();

        // 1. "Taliban fighters": the role noun belongs to the named actor.
        let mut used_role = vec![false; roles.len()];
        for i in 0..named.len() {
            let next_start = named.get(i + 1).map_or(usize::MAX, |n| n.0);
            let Some(&(_, end, _)) = named.get(i) else {
                continue;
            };
            let after = skip_space_forward(text, end);
            if after == end {
                continue;
            }
            if let Some(&ri) = role_at.get(&after)
                && let Some(role) = roles.get(ri)
                && role.role.is_armed()
                && role.end <= next_start
            {
                if let Some(n) = named.get_mut(i) {
                    n.1 = role.end;
                }
                if let Some(u) = used_role.get_mut(ri) {
                    *u = true;
                }
            }
        }

        // 2. Modifiers before role nouns.
        let mut modifier_ending_at: HashMap<usize, (usize, ModifierKind)> = HashMap::new();
        for (start, end, kind) in leftmost_longest(
            hits.iter()
                .filter_map(|h| match h.meaning {
                    Meaning::Government => Some((h.start, h.end, ModifierKind::Government)),
                    _ => None,
                })
                .collect(),
            |m| (m.0, m.1),
        ) {
            modifier_ending_at.insert(end, (start, kind));
        }
        // Countries take precedence over a government word ending at the
        // same place (none do in the shipped data; this keeps it decided).
        for (start, end, country) in self.select_demonyms(hits) {
            modifier_ending_at.insert(end, (start, ModifierKind::Country(country)));
        }

        let mut generics: Vec<(usize, usize, RoleHit, Option<CountryCode>, bool)> = Vec::new();
        let mut consumed_modifiers: Vec<(usize, usize)> = Vec::new();
        for (i, role) in roles.iter().enumerate() {
            if used_role.get(i).copied().unwrap_or(true) {
                continue;
            }
            let modifier = self.modifier_before(text, role.start, &modifier_ending_at);
            let (start, country, government) = match modifier {
                Some((mod_start, mod_end, ModifierKind::Government)) => {
                    consumed_modifiers.push((mod_start, mod_end));
                    // "Afghan government forces": a country before the
                    // government word still names the country.
                    let before = skip_space_back(text, mod_start);
                    match modifier_ending_at.get(&before) {
                        Some(&(s, ModifierKind::Country(c))) if before < mod_start => {
                            (s, Some(c), true)
                        }
                        _ => (mod_start, None, true),
                    }
                }
                Some((mod_start, _, ModifierKind::Country(c))) => (mod_start, Some(c), false),
                None if role.needs_modifier => continue,
                None => (role.start, None, false),
            };
            generics.push((start, role.end, *role, country, government));
        }

        // 3. Assemble: named first, then generics that overlap nothing kept.
        let mut out: Vec<ActorMention> = named
            .into_iter()
            .map(|(start, end, candidates)| ActorMention {
                start,
                end,
                kind: MentionKind::Named { candidates },
            })
            .collect();
        let named_spans: Vec<(usize, usize)> = out.iter().map(|m| (m.start, m.end)).collect();
        consumed_modifiers.sort_unstable();
        consumed_modifiers.dedup();
        let mut last_generic_end = 0usize;
        for (start, end, role, country, government) in generics {
            let is_modifier = overlaps_any(&consumed_modifiers, role.start, role.end);
            let overlaps_named = overlaps_any(&named_spans, start, end);
            if is_modifier || overlaps_named || start < last_generic_end {
                continue;
            }
            last_generic_end = end;
            out.push(ActorMention {
                start,
                end,
                kind: MentionKind::Generic {
                    role: role.role,
                    country,
                    plural: role.plural,
                    government,
                    modifier: !role.plural && self.describes_next_noun(text, role.end),
                },
            });
        }
        out.sort_by_key(|m| (m.start, m.end));
        out
    }

    pub fn find_demonyms(&self, text: &str) -> Vec<(usize, usize, CountryCode)> {
        self.select_demonyms(&self.hits(text))
    }

    fn select_demonyms(&self, hits: &[Hit]) -> Vec<(usize, usize, CountryCode)> {
        leftmost_longest(
            hits.iter()
                .filter_map(|h| match h.meaning {
                    Meaning::Demonym { country } => Some((h.start, h.end, country)),
                    _ => None,
                })
                .collect(),
            |d| (d.0, d.1),
        )
    }

    /// The modifier directly before a role noun starting at `start`, or
    /// with one adjective between: `(start, end, kind)`.
    fn modifier_before(
        &self,
        text: &str,
        start: usize,
        modifier_ending_at: &HashMap<usize, (usize, ModifierKind)>,
    ) -> Option<(usize, usize, ModifierKind)> {
        let direct = skip_space_back(text, start);
        if direct == start {
            return None;
        }
        if let Some(&(s, kind)) = modifier_ending_at.get(&direct) {
            return Some((s, direct, kind));
        }
        let (adj_start, adj_end) = word_before(text, start)?;
        let adjective = text.get(adj_start..adj_end)?;
        let plain = adjective.chars().all(|c| c.is_alphabetic() || c == '-');
        if !plain
            || self
                .context
                .adjective_stopwords
                .contains(&adjective.to_ascii_lowercase())
        {
            return None;
        }
        let before = skip_space_back(text, adj_start);
        if before == adj_start {
            return None;
        }
        modifier_ending_at
            .get(&before)
            .map(|&(s, kind)| (s, before, kind))
    }

    /// Whether a singular role noun ending at `end` describes the word after
    /// it: a noun from `modified_nouns` after one space ("police station",
    /// "terrorist attack"), or a hyphenated compound ("army-backed",
    /// "government-run"). Only singular nouns qualify: "militants attack" is
    /// a verb after a plural subject, and English describes with the
    /// singular ("a soldier's" aside).
    fn describes_next_noun(&self, text: &str, end: usize) -> bool {
        let Some(rest) = text.get(end..) else {
            return false;
        };
        if let Some(after_hyphen) = rest.strip_prefix('-') {
            return after_hyphen.chars().next().is_some_and(char::is_alphabetic);
        }
        let Some(after_space) = rest.strip_prefix(' ') else {
            return false;
        };
        let len = after_space
            .char_indices()
            .find(|(_, c)| !c.is_alphabetic())
            .map_or(after_space.len(), |(i, _)| i);
        after_space.get(..len).is_some_and(|word| {
            !word.is_empty()
                && self
                    .context
                    .modified_nouns
                    .contains(&word.to_ascii_lowercase())
        })
    }

    /// Every match of every meaning that passes the word-boundary, prefix,
    /// case and context checks.
    fn hits(&self, text: &str) -> Vec<Hit> {
        // Patterns hold hyphens as spaces; so must the text searched. Case
        // is checked on the folded text too, where pattern and match line up
        // byte for byte; everything about the surroundings is read from the
        // original.
        let folded = fold_separators(text);
        let mut hits = Vec::new();
        for m in self.automaton.find_overlapping_iter(&folded) {
            let Some(pattern) = self.patterns.get(m.pattern().as_usize()) else {
                continue;
            };
            let (start, end) = (m.start(), m.end());
            let Some(matched) = folded.get(start..end) else {
                continue;
            };
            if !on_word_boundaries(text, start, end, pattern) || self.negated(text, start) {
                continue;
            }
            for &meaning in &pattern.meanings {
                let ok = match meaning {
                    Meaning::Named {
                        case,
                        needs_context,
                        ..
                    } => {
                        case_ok(matched, pattern, case, false)
                            && (!needs_context || self.context_ok(text, start, end))
                    }
                    // "US" and "UK" in a run of capitals ("LET US GO") are
                    // words, not countries.
                    Meaning::Demonym { .. } => {
                        case_ok(matched, pattern, CaseRule::Acronyms, true)
                            && !(pattern.text.len() <= 2 && in_capitals(text, start, end))
                    }
                    Meaning::Role { .. } | Meaning::Government => {
                        case_ok(matched, pattern, CaseRule::Acronyms, false)
                    }
                };
                if ok {
                    hits.push(Hit {
                        start,
                        end,
                        meaning,
                    });
                }
            }
        }
        hits
    }

    /// "anti-Taliban", "pro-government": a negating prefix joined by a
    /// hyphen turns the word into a description of someone else.
    fn negated(&self, text: &str, start: usize) -> bool {
        let Some(before) = text.get(..start).and_then(|b| b.strip_suffix('-')) else {
            return false;
        };
        let word_start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphabetic())
            .last()
            .map_or(before.len(), |(i, _)| i);
        before.get(word_start..).is_some_and(|w| {
            !w.is_empty()
                && self
                    .context
                    .negating_prefixes
                    .contains(&w.to_ascii_lowercase())
        })
    }

    /// Whether a context-requiring alias ("IS", "UN") stands where an actor
    /// would: next to a word from `[context]`, and not inside a run of
    /// capitals ("IT IS", "LET US"), where case says nothing.
    fn context_ok(&self, text: &str, start: usize, end: usize) -> bool {
        if in_capitals(text, start, end) {
            return false;
        }
        if text.get(end..).is_some_and(|rest| rest.starts_with("'s")) {
            return true;
        }
        let prev = word_before(text, start).and_then(|(s, e)| text.get(s..e));
        let next = word_after(text, end);
        let listed = |w: Option<&str>, set: &std::collections::HashSet<String>| {
            w.is_some_and(|w| set.contains(&w.to_ascii_lowercase()))
        };
        listed(next, &self.context.actor_next) || listed(prev, &self.context.actor_previous)
    }
}

/// Whether the word before or after a match is all capitals ("IT IS", "LET
/// US GO"): there, letter case cannot tell an acronym from a word.
fn in_capitals(text: &str, start: usize, end: usize) -> bool {
    let shouting = |w: Option<&str>| {
        w.is_some_and(|w| {
            w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !w.chars().any(char::is_lowercase)
        })
    };
    let prev = word_before(text, start).and_then(|(s, e)| text.get(s..e));
    shouting(prev) || shouting(word_after(text, end))
}

/// Joins a singular role noun to the role noun right after it, one space
/// apart, into one mention: "rebel fighters", "militia forces", "child
/// soldiers", "student protesters" are one group of people, not two.
///
/// The second noun is the head and decides the role and number, except a
/// vague head that needs a modifier ("forces", "personnel"), whose role comes
/// from the first noun ("rebel forces" are rebels). A first noun that is
/// also a government word ("government soldiers") is left alone: the
/// modifier step reads it as the state's.
fn merge_compounds(
    text: &str,
    roles: Vec<RoleHit>,
    government_starts: &HashSet<usize>,
) -> Vec<RoleHit> {
    let mut out: Vec<RoleHit> = Vec::with_capacity(roles.len());
    for role in roles {
        if let Some(prev) = out.last_mut()
            && !prev.plural
            && text.get(prev.end..role.start) == Some(" ")
            && !government_starts.contains(&prev.start)
        {
            let merged_role = if role.needs_modifier {
                prev.role
            } else {
                role.role
            };
            *prev = RoleHit {
                start: prev.start,
                end: role.end,
                role: merged_role,
                plural: role.plural,
                needs_modifier: prev.needs_modifier && role.needs_modifier,
            };
            continue;
        }
        out.push(role);
    }
    out
}

/// Named matches grouped by span (all entries sharing an alias, and aliases
/// differing only in case, become one mention), then leftmost-longest.
fn select_named(hits: &[Hit]) -> Vec<(usize, usize, Vec<Candidate>)> {
    let mut named: Vec<(usize, usize, Candidate)> = hits
        .iter()
        .filter_map(|h| match h.meaning {
            Meaning::Named { candidate, .. } => Some((h.start, h.end, candidate)),
            _ => None,
        })
        .collect();
    named.sort();
    named.dedup();
    let mut grouped: Vec<(usize, usize, Vec<Candidate>)> = Vec::new();
    for (start, end, candidate) in named {
        match grouped.last_mut() {
            Some(g) if g.0 == start && g.1 == end => g.2.push(candidate),
            _ => grouped.push((start, end, vec![candidate])),
        }
    }
    leftmost_longest(grouped, |g| (g.0, g.1))
}

/// Whether `start..end` overlaps one of `spans`, which are sorted and
/// disjoint (so their ends increase too): a binary search, not a scan, so
/// long documents stay linear-logarithmic.
fn overlaps_any(spans: &[(usize, usize)], start: usize, end: usize) -> bool {
    let first_ending_after = spans.partition_point(|&(_, e)| e <= start);
    spans.get(first_ending_after).is_some_and(|&(s, _)| s < end)
}

/// Greedy leftmost-longest selection of non-overlapping items.
fn leftmost_longest<T>(mut items: Vec<T>, span: impl Fn(&T) -> (usize, usize)) -> Vec<T> {
    // Stable sort: equal spans keep their order, which is deterministic.
    items.sort_by(|a, b| {
        let (a, b) = (span(a), span(b));
        a.0.cmp(&b.0).then(b.1.cmp(&a.1))
    });
    let mut out = Vec::with_capacity(items.len());
    let mut last_end: Option<usize> = None;
    for item in items {
        let (start, end) = span(&item);
        if last_end.is_none_or(|e| start >= e) {
            last_end = Some(end);
            out.push(item);
        }
    }
    out
}

/// The text around a match must not continue a word ("UN" in "unknown",
/// "Ana" in "Banana"). Only checked on sides where the pattern itself starts
/// or ends with a letter or digit ("U.S." may be followed by anything).
fn on_word_boundaries(text: &str, start: usize, end: usize, pattern: &Pattern) -> bool {
    let before_ok = !pattern.alnum_start
        || text
            .get(..start)
            .and_then(|b| b.chars().next_back())
            .is_none_or(|c| !c.is_alphanumeric());
    let after_ok = !pattern.alnum_end
        || text
            .get(end..)
            .and_then(|a| a.chars().next())
            .is_none_or(|c| !c.is_alphanumeric());
    before_ok && after_ok
}

/// Letter case: the automaton ignores ASCII case, so the rules that care
/// are checked on the matched bytes (same length as the pattern, since ASCII
/// case folding keeps lengths). `initial` also requires the first letter as
/// written (demonyms: "Afghan", not "afghan").
fn case_ok(matched: &str, pattern: &Pattern, rule: CaseRule, initial: bool) -> bool {
    let (m, p) = (matched.as_bytes(), pattern.text.as_bytes());
    let rule_ok = match rule {
        CaseRule::Any => true,
        CaseRule::Exact => m == p,
        CaseRule::Acronyms => pattern
            .acronyms
            .iter()
            .all(|r| m.get(r.clone()) == p.get(r.clone())),
    };
    rule_ok && (!initial || m.first() == p.first())
}

/// `pos` moved back over whitespace.
fn skip_space_back(text: &str, pos: usize) -> usize {
    text.get(..pos)
        .map_or(pos, |before| before.trim_end().len())
}

/// `pos` moved forward over whitespace.
fn skip_space_forward(text: &str, pos: usize) -> usize {
    text.get(pos..)
        .map_or(pos, |after| pos + (after.len() - after.trim_start().len()))
}

/// The word (letters, digits, inner hyphens and apostrophes) ending at the
/// whitespace before `pos`, as a byte range; `None` when punctuation or
/// nothing stands there.
fn word_before(text: &str, pos: usize) -> Option<(usize, usize)> {
    let end = skip_space_back(text, pos);
    if end == pos {
        return None;
    }
    let before = text.get(..end)?;
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '-' || *c == '\'')
        .last()
        .map(|(i, _)| i)?;
    // A word starts with a letter or digit ("-led" is not a word).
    let word = text.get(start..end)?;
    let lead = word.len() - word.trim_start_matches(['-', '\'']).len();
    (start + lead < end).then_some((start + lead, end))
}

/// The word after `pos`, skipping spaces and hyphens ("US-led" → "led").
fn word_after(text: &str, pos: usize) -> Option<&str> {
    let after = text.get(pos..)?;
    let rest = after.trim_start_matches(|c: char| c.is_whitespace() || c == '-');
    let len = rest
        .char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(rest.len(), |(i, _)| i);
    rest.get(..len).filter(|w| !w.is_empty())
}
