//! Splitting a sentence into the clauses that can each hold one event.
//!
//! Without a parser, sitrep splits only where news sentences reliably
//! coordinate two events: at semicolons, and at "and"/"but"/"while" when
//! both sides carry an event trigger and the right side opens a new subject
//! ("... killed in a coalition airstrike and a purported 140 additional
//! fighters killed ..."). Coordinated verbs that share a subject ("the
//! Taliban hit back and essentially wiped out ISIS-K") stay one clause, and
//! so do participle tails (", killing 38 passengers") and coordinated tolls
//! whose cause comes after them ("eight were killed and ten injured when a
//! bomber ...": the left side must name more than deaths).

use std::ops::Range;

use sitrep_lexicon::{Cue, TriggerClass};

use crate::analysis::Sentence;

const COORDINATORS: &[&str] = &["and", "but", "while", "whereas", "meanwhile"];

/// Words that open a new subject noun phrase after a coordinator.
const SUBJECT_OPENERS: &[&str] = &[
    "a",
    "an",
    "the",
    "another",
    "some",
    "at",
    "more",
    "several",
    "dozens",
    "hundreds",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "he",
    "she",
    "they",
    "it",
    "we",
    "his",
    "her",
    "their",
    "its",
    "this",
    "these",
    "those",
    "one",
    "many",
    "most",
    "all",
    "no",
    "police",
    "security",
    "gunmen",
    "militants",
    "insurgents",
    "troops",
    "soldiers",
];

/// Token ranges of the sentence's clauses, in order, covering every token.
pub(crate) fn clauses(s: &Sentence) -> Vec<Range<usize>> {
    let n = s.tokens.len();
    // Triggers that say more than that people died: a left conjunct with only
    // "killed" is a toll whose cause follows ("Eight police officers were
    // killed and 10 others were injured when a suicide car bomber
    // detonated"), not an event of its own.
    let cause_tokens: Vec<usize> = s
        .cues
        .iter()
        .filter(|c| matches!(c.cue, Cue::Trigger(t) if t != TriggerClass::Kill))
        .map(|c| c.head)
        .collect();
    let verb_tokens: Vec<usize> = s
        .cues
        .iter()
        .filter(|c| matches!(c.cue, Cue::Trigger(_)) && c.forms.is_verb())
        .map(|c| c.head)
        .collect();
    let mut cuts = Vec::new();
    for i in 0..n {
        let w = s.word(i);
        // A short label before a colon ("Kunduz-Takhar highway hostage
        // crisis: The Taliban executed ...") is a clause of its own.
        let cut = if w == ";" || (w == ":" && i <= 8) {
            Some(i + 1)
        } else if COORDINATORS.contains(&w) && opens_subject(s, i + 1) {
            Some(i)
        } else {
            None
        };
        if let Some(at) = cut {
            let last_cut = cuts.last().copied().unwrap_or(0);
            // The left side needs a verb too: "Suicide bombings next to the
            // Defense Ministry in Kabul and an ISAF patrol in Khost killed
            // 19" coordinates places under one verb.
            let left = cause_tokens.iter().any(|&t| last_cut <= t && t < at)
                && (w == ";" || w == ":" || verb_tokens.iter().any(|&t| last_cut <= t && t < at));
            // The right side needs a verb of its own: "killed two soldiers and
            // three civilians in an overnight raid" coordinates objects.
            let right = verb_tokens.iter().any(|&t| t > at);
            if left && right {
                cuts.push(at);
            }
        }
    }
    let mut out = Vec::new();
    let mut start = 0;
    for c in cuts {
        if c > start {
            out.push(start..c);
            start = c;
        }
    }
    if start < n || out.is_empty() {
        out.push(start..n);
    }
    out
}

fn opens_subject(s: &Sentence, i: usize) -> bool {
    let w = s.word(i);
    SUBJECT_OPENERS.contains(&w)
        || w.starts_with(|c: char| c.is_ascii_digit())
        // A capitalised word that is not the sentence's first: a name.
        || (i > 0 && s.capitalised(i))
}

#[cfg(test)]
mod tests {
    // Clause splitting is exercised through the coder's sentence tables in
    // `tests/` (it needs real tokens and cues).
}
