//! Matching a verb's patterns around it.
//!
//! Elements before the verb are matched backwards from the verb, elements
//! after it forwards, within the verb's clause. A word joined by `_` must
//! touch its neighbour; one joined by a space may have other words between
//! them, and an open word is tried at each place it occurs until the rest
//! of the pattern fits. `$` and `+` take the nearest named noun phrase in
//! their direction (an unnamed one when there is none), `%` a compound,
//! `^` skips one noun phrase, named or not.
//!
//! Among the patterns that match, the one matching the most words wins
//! (PETRARCH's "longer patterns first"), then the earlier in the file.

use crate::sentence::{Analysed, match_phrase};
use crate::verbs::{Elem, ElemKind, Pattern, Verbs};

/// What a pattern matched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PMatch {
    pub score: usize,
    /// Unit indices.
    pub source: Option<usize>,
    pub target: Option<usize>,
    pub upper_compound: Option<usize>,
    pub lower_compound: Option<usize>,
    /// The earliest token the elements before the verb matched.
    pub first_upper: Option<usize>,
    /// Tokens matched by words and synonym sets.
    pub words: Vec<usize>,
}

struct Ctx<'a> {
    a: &'a Analysed,
    verbs: &'a Verbs,
    /// Upper elements may look back to here.
    lo: usize,
    /// Lower elements stop here.
    hi: usize,
}

/// Tries one pattern for the verb at tokens `vs..ve`.
pub(crate) fn try_pattern(
    a: &Analysed,
    verbs: &Verbs,
    p: &Pattern,
    vs: usize,
    ve: usize,
    lo: usize,
    hi: usize,
) -> Option<PMatch> {
    let ctx = Ctx { a, verbs, lo, hi };
    let mut m = PMatch::default();
    if !upper(&ctx, &p.upper, vs, &mut m) {
        return None;
    }
    if !lower(&ctx, &p.lower, ve, &mut m) {
        return None;
    }
    Some(m)
}

fn snapshot(m: &PMatch) -> (usize, usize, PMatch) {
    (m.score, m.words.len(), m.clone())
}

fn lower(ctx: &Ctx<'_>, elems: &[Elem], pos: usize, m: &mut PMatch) -> bool {
    let Some((e, rest)) = elems.split_first() else {
        return true;
    };
    let toks = &ctx.a.toks;
    let hi = ctx.hi;
    let starts: Box<dyn Iterator<Item = usize>> = if e.adj {
        Box::new((pos < hi).then_some(pos).into_iter())
    } else {
        Box::new(pos..hi)
    };
    match &e.kind {
        ElemKind::Word(w) => {
            for i in starts {
                if toks[i].up != *w {
                    continue;
                }
                let saved = snapshot(m);
                m.words.push(i);
                m.score += 1;
                if lower(ctx, rest, i + 1, m) {
                    return true;
                }
                *m = saved.2;
            }
            false
        }
        ElemKind::Synset(id) => {
            let members = ctx
                .verbs
                .synsets
                .get(*id as usize)
                .map_or(&[][..], |v| v.as_slice());
            for i in starts {
                for member in members {
                    let Some(end) = match_phrase(toks, i, member, hi) else {
                        continue;
                    };
                    let saved = snapshot(m);
                    m.words.extend(matched_tokens(i, end, member.len()));
                    m.score += member.len();
                    if lower(ctx, rest, end, m) {
                        return true;
                    }
                    *m = saved.2;
                }
            }
            false
        }
        ElemKind::Source | ElemKind::Target | ElemKind::Compound => {
            let units = &ctx.a.units;
            let fits = |u: &crate::sentence::Unit| {
                u.start >= pos && u.end <= hi && (!e.adj || u.start == pos)
            };
            let coded = units.iter().position(|u| fits(u) && u.coded());
            let pick = match e.kind {
                ElemKind::Compound => coded.filter(|&k| units[k].is_compound()),
                _ => coded.or_else(|| units.iter().position(fits)),
            };
            let Some(k) = pick else { return false };
            let saved = snapshot(m);
            match e.kind {
                ElemKind::Source => m.source = Some(k),
                ElemKind::Target => m.target = Some(k),
                _ => m.lower_compound = Some(k),
            }
            m.score += 1;
            if lower(ctx, rest, units[k].end, m) {
                return true;
            }
            *m = saved.2;
            false
        }
        ElemKind::Skip => {
            let units = &ctx.a.units;
            let Some(u) = units
                .iter()
                .find(|u| u.end > pos && u.start < hi && (!e.adj || u.start == pos))
            else {
                return false;
            };
            lower(ctx, rest, u.end.min(hi), m)
        }
    }
}

fn upper(ctx: &Ctx<'_>, elems: &[Elem], pos: usize, m: &mut PMatch) -> bool {
    let Some((e, rest)) = elems.split_first() else {
        return true;
    };
    let toks = &ctx.a.toks;
    let lo = ctx.lo;
    let starts: Box<dyn Iterator<Item = usize>> = if e.adj {
        Box::new((pos > lo).then(|| pos - 1).into_iter())
    } else {
        Box::new((lo..pos).rev())
    };
    let note_first = |m: &mut PMatch, i: usize| {
        m.first_upper = Some(m.first_upper.map_or(i, |f| f.min(i)));
    };
    match &e.kind {
        ElemKind::Word(w) => {
            for i in starts {
                if toks[i].up != *w {
                    continue;
                }
                let saved = snapshot(m);
                m.words.push(i);
                m.score += 1;
                note_first(m, i);
                if upper(ctx, rest, i, m) {
                    return true;
                }
                *m = saved.2;
            }
            false
        }
        ElemKind::Synset(id) => {
            let members = ctx
                .verbs
                .synsets
                .get(*id as usize)
                .map_or(&[][..], |v| v.as_slice());
            // A member must end where the next element (or the verb)
            // starts when joined to it, anywhere before it otherwise.
            for i in (lo..pos).rev() {
                for member in members {
                    let Some(end) = match_phrase(toks, i, member, pos) else {
                        continue;
                    };
                    if e.adj && end != pos {
                        continue;
                    }
                    let saved = snapshot(m);
                    m.words.extend(matched_tokens(i, end, member.len()));
                    m.score += member.len();
                    note_first(m, i);
                    if upper(ctx, rest, i, m) {
                        return true;
                    }
                    *m = saved.2;
                }
            }
            false
        }
        ElemKind::Source | ElemKind::Target | ElemKind::Compound => {
            let units = &ctx.a.units;
            let fits = |u: &crate::sentence::Unit| {
                u.end <= pos && u.start >= lo && (!e.adj || u.end == pos)
            };
            let coded = units.iter().rposition(|u| fits(u) && u.coded());
            let pick = match e.kind {
                ElemKind::Compound => coded.filter(|&k| units[k].is_compound()),
                _ => coded.or_else(|| units.iter().rposition(fits)),
            };
            let Some(k) = pick else { return false };
            let saved = snapshot(m);
            match e.kind {
                ElemKind::Source => m.source = Some(k),
                ElemKind::Target => m.target = Some(k),
                _ => m.upper_compound = Some(k),
            }
            m.score += 1;
            note_first(m, units[k].start);
            if upper(ctx, rest, units[k].start, m) {
                return true;
            }
            *m = saved.2;
            false
        }
        ElemKind::Skip => {
            let units = &ctx.a.units;
            let Some(u) = units.iter().rev().find(|u| {
                u.start < pos && u.end <= pos && u.start >= lo && (!e.adj || u.end == pos)
            }) else {
                return false;
            };
            note_first(m, u.start);
            upper(ctx, rest, u.start, m)
        }
    }
}

/// The tokens of a member match that are member words (not the words a
/// space let in between).
fn matched_tokens(start: usize, end: usize, len: usize) -> Vec<usize> {
    if end - start == len {
        return (start..end).collect();
    }
    // With gaps, keep the first and last token: enough for evidence.
    vec![start, end - 1]
}
