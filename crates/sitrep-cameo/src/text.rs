//! Tokens as the CAMEO dictionaries see them.
//!
//! Dictionary phrases and report text go through the same function, so a
//! phrase matches the text exactly when their tokens are equal: "U.S." is
//! one token on both sides, "Gondor's" is `GONDOR` `'S`, and contractions
//! are split the way the Penn Treebank splits them ("didn't" → `DID`
//! `N'T`), which is how PETRARCH's dictionaries write them (`WO N'T`,
//! `CA N'T`). A word followed by a bare hyphen ("anti- Gondor") keeps it
//! (`ANTI-`), as the dictionaries do; an underscore in text ("Dol_Amroth")
//! separates words like a space.

use std::ops::Range;

use sitrep_text::{TokenKind, tokenize};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokKind {
    Word,
    Number,
    Punct,
}

/// A token with its upper-case text; offsets index the text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub up: String,
    pub kind: TokKind,
}

/// The tokens of `text[range]`.
pub(crate) fn tokens(text: &str, range: Range<usize>) -> Vec<Tok> {
    let raw = tokenize(text, range.clone());
    let mut out: Vec<Tok> = Vec::with_capacity(raw.len() + 4);
    let mut i = 0;
    while i < raw.len() {
        let t = raw[i];
        let surface = t.text(text);
        let kind = match t.kind {
            TokenKind::Word => TokKind::Word,
            TokenKind::Number => TokKind::Number,
            TokenKind::Punct => TokKind::Punct,
        };
        if kind == TokKind::Punct && surface == "_" {
            i += 1;
            continue;
        }
        // "anti- Gondor": the hyphen belongs to the word before it when it
        // touches that word and is followed by a space or the end.
        if kind == TokKind::Word
            && let Some(next) = raw.get(i + 1)
            && next.kind == TokenKind::Punct
            && next.start == t.end
            && next.text(text) == "-"
            && text.get(next.end..).is_none_or(|rest| {
                rest.is_empty() || next.end >= range.end || rest.starts_with(char::is_whitespace)
            })
        {
            out.push(Tok {
                start: t.start,
                end: next.end,
                up: format!("{}-", surface.to_uppercase()),
                kind: TokKind::Word,
            });
            i += 2;
            continue;
        }
        if kind == TokKind::Word
            && let Some((a, b)) = split_contraction(surface)
        {
            let mid = t.start + a.len();
            out.push(Tok {
                start: t.start,
                end: mid,
                up: a.to_uppercase(),
                kind: TokKind::Word,
            });
            out.push(Tok {
                start: mid,
                end: t.end,
                up: b.to_uppercase(),
                kind: TokKind::Word,
            });
            i += 1;
            continue;
        }
        out.push(Tok {
            start: t.start,
            end: t.end,
            up: surface.to_uppercase(),
            kind,
        });
        i += 1;
    }
    out
}

/// "didn't" → ("did", "n't"), "won't" → ("wo", "n't"), "cannot" → ("can",
/// "not"): the Treebank split PETRARCH's dictionaries are written in.
fn split_contraction(word: &str) -> Option<(&str, &str)> {
    let n = word.len();
    if n > 3 && word.is_char_boundary(n - 3) {
        let (a, b) = word.split_at(n - 3);
        if b.eq_ignore_ascii_case("n't") {
            return Some((a, b));
        }
    }
    if word.eq_ignore_ascii_case("cannot") {
        return Some(word.split_at(3));
    }
    None
}

/// One token of a dictionary phrase and whether other words may stand
/// between it and the token before it (a space in the dictionary) or not
/// (an underscore).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PhraseTok {
    pub up: String,
    pub open_before: bool,
}

/// Reads a dictionary phrase: spaces are open connectors, underscores
/// closed ones; a trailing underscore (TABARI's "whole word" mark) is
/// dropped. Returns no tokens for an empty phrase.
pub(crate) fn phrase(text: &str) -> Vec<PhraseTok> {
    let mut out = Vec::new();
    for (n, chunk) in text.split_whitespace().enumerate() {
        let joined = chunk.replace('_', " ");
        for (k, t) in tokens(&joined, 0..joined.len()).into_iter().enumerate() {
            out.push(PhraseTok {
                up: t.up,
                open_before: n > 0 && k == 0,
            });
        }
    }
    out
}

/// The upper-case tokens of a phrase whose connectors do not matter.
pub(crate) fn words(text: &str) -> Vec<String> {
    phrase(text).into_iter().map(|t| t.up).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ups(text: &str) -> Vec<String> {
        tokens(text, 0..text.len())
            .into_iter()
            .map(|t| t.up)
            .collect()
    }

    #[test]
    fn text_tokens() {
        let table: &[(&str, &[&str])] = &[
            ("Gondor's government", &["GONDOR", "'S", "GOVERNMENT"]),
            ("didn't clash", &["DID", "N'T", "CLASH"]),
            ("won't ever", &["WO", "N'T", "EVER"]),
            ("can't", &["CA", "N'T"]),
            ("cannot", &["CAN", "NOT"]),
            (
                "an anti- Gondor parade",
                &["AN", "ANTI-", "GONDOR", "PARADE"],
            ),
            ("Barad-dur", &["BARAD-DUR"]),
            ("Dol_Amroth.", &["DOL", "AMROTH", "."]),
            ("The K.U. team", &["THE", "K.U.", "TEAM"]),
            ("(EU) agree", &["(", "EU", ")", "AGREE"]),
        ];
        for (text, want) in table {
            assert_eq!(ups(text), *want, "{text}");
        }
    }

    #[test]
    fn token_offsets_index_the_text() {
        let text = "Bree didn't; x";
        for t in tokens(text, 0..text.len()) {
            assert_eq!(text[t.start..t.end].to_uppercase(), t.up);
        }
    }

    #[test]
    fn phrases_keep_their_connectors() {
        let table: &[(&str, &[(&str, bool)])] = &[
            (
                "HUMAN_RIGHTS_ACTIVIST",
                &[("HUMAN", false), ("RIGHTS", false), ("ACTIVIST", false)],
            ),
            (
                "ITHILEN TELEVISION",
                &[("ITHILEN", false), ("TELEVISION", true)],
            ),
            ("ARNOR_", &[("ARNOR", false)]),
            (
                "PRESIDENT_GEORGE_W._BUSH",
                &[
                    ("PRESIDENT", false),
                    ("GEORGE", false),
                    ("W", false),
                    (".", false),
                    ("BUSH", false),
                ],
            ),
            ("DID N'T", &[("DID", false), ("N'T", true)]),
            ("DON'T", &[("DO", false), ("N'T", false)]),
            ("", &[]),
        ];
        for (text, want) in table {
            let got: Vec<(String, bool)> = phrase(text)
                .into_iter()
                .map(|t| (t.up, t.open_before))
                .collect();
            let want: Vec<(String, bool)> = want.iter().map(|(w, o)| (w.to_string(), *o)).collect();
            assert_eq!(got, want, "{text}");
        }
    }
}
