//! A small tokenizer that keeps byte offsets.
//!
//! Date grammar works on words, digit runs and single punctuation marks. We do
//! not use a general word segmenter here because the grammar needs to see
//! digit runs and letters separately ("28th" is a day and an ordinal suffix,
//! "1990s" is a decade) and needs to know whether two tokens touch.

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokKind {
    /// A run of alphabetic characters (any script).
    Word,
    /// A run of ASCII digits, possibly with thousands separators or a decimal
    /// part glued on (then `plain` is false).
    Num,
    /// Any other single non-space character.
    Punct,
}

/// One token and where it sits in the text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub kind: TokKind,
    /// For numbers: digits only. "60,000" and "3.5" are not plain, so they can
    /// never be read as a year or a day.
    pub plain: bool,
    /// The first token on its line (only whitespace since the last newline).
    pub line_start: bool,
}

impl Tok<'_> {
    /// Whether this is the word `w`, ignoring ASCII case.
    pub fn is_word(&self, w: &str) -> bool {
        self.kind == TokKind::Word && self.text.eq_ignore_ascii_case(w)
    }

    /// Whether this is the punctuation mark `c`.
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == TokKind::Punct && self.text.starts_with(c)
    }

    /// The value of a plain number, if it has at most `max_digits` digits.
    pub fn number(&self, max_digits: usize) -> Option<u32> {
        if self.kind != TokKind::Num || !self.plain || self.text.len() > max_digits {
            return None;
        }
        self.text.parse().ok()
    }

    /// Whether the first character is an uppercase letter, as month and
    /// weekday names must be ("May 5" but not "they may attack").
    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

/// Splits `text` into tokens. Offsets are byte offsets into `text` and always
/// fall on character boundaries.
pub(crate) fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let mut toks = Vec::new();
    let bytes = text.as_bytes();
    let mut line_start = true;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // ASCII, almost all of news text, is read byte by byte; anything
        // else is decoded.
        let c = if b.is_ascii() {
            char::from(b)
        } else {
            match text.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) => c,
                None => break,
            }
        };
        let width = c.len_utf8();
        if c == '\n' {
            line_start = true;
            i += width;
            continue;
        }
        if c.is_whitespace() {
            i += width;
            continue;
        }
        let start = i;
        let (end, kind, plain) = if c.is_ascii_digit() {
            let mut end = digit_run_end(bytes, i);
            let mut plain = true;
            // Glue thousands groups (",000") and one decimal part on, so that
            // "60,000" is one number rather than "60" and a year-like "000".
            loop {
                let sep = bytes.get(end).copied();
                let after = end + 1;
                let run = digit_run_end(bytes, after) - after;
                match sep {
                    Some(b',') if run == 3 => {
                        end = after + run;
                        plain = false;
                    }
                    Some(b'.') if run > 0 && plain => {
                        end = after + run;
                        plain = false;
                        break;
                    }
                    _ => break,
                }
            }
            (end, TokKind::Num, plain)
        } else if c.is_alphabetic() {
            let mut end = i + width;
            while let Some(&nb) = bytes.get(end) {
                if nb.is_ascii() {
                    if !nb.is_ascii_alphabetic() {
                        break;
                    }
                    end += 1;
                    continue;
                }
                let Some(next) = text.get(end..).and_then(|rest| rest.chars().next()) else {
                    break;
                };
                if !next.is_alphabetic() {
                    break;
                }
                end += next.len_utf8();
            }
            (end, TokKind::Word, true)
        } else {
            (i + width, TokKind::Punct, true)
        };
        // `start..end` covers whole characters: every boundary above is either
        // an ASCII byte or the end of a decoded char.
        if let Some(tok_text) = text.get(start..end) {
            toks.push(Tok {
                text: tok_text,
                start,
                end,
                kind,
                plain,
                line_start,
            });
        }
        line_start = false;
        i = end;
    }
    toks
}

/// The index just past the run of ASCII digits starting at `i`.
fn digit_run_end(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A token as (text, kind, plain).
    type Shape = (&'static str, TokKind, bool);

    #[test]
    fn tokens_keep_offsets_and_number_shapes() {
        let cases: &[(&str, &[Shape])] = &[
            (
                "March 28th, 60,000",
                &[
                    ("March", TokKind::Word, true),
                    ("28", TokKind::Num, true),
                    ("th", TokKind::Word, true),
                    (",", TokKind::Punct, true),
                    ("60,000", TokKind::Num, false),
                ],
            ),
            (
                "mid-1990s 3.5",
                &[
                    ("mid", TokKind::Word, true),
                    ("-", TokKind::Punct, true),
                    ("1990", TokKind::Num, true),
                    ("s", TokKind::Word, true),
                    ("3.5", TokKind::Num, false),
                ],
            ),
            (
                "Kābul’s 28,2018",
                &[
                    ("Kābul", TokKind::Word, true),
                    ("’", TokKind::Punct, true),
                    ("s", TokKind::Word, true),
                    ("28", TokKind::Num, true),
                    (",", TokKind::Punct, true),
                    ("2018", TokKind::Num, true),
                ],
            ),
        ];
        for (text, expected) in cases {
            let toks = tokenize(text);
            let got: Vec<_> = toks.iter().map(|t| (t.text, t.kind, t.plain)).collect();
            assert_eq!(&got, expected, "{text}");
            for t in &toks {
                assert_eq!(text.get(t.start..t.end), Some(t.text), "{text}");
            }
        }
    }
}
