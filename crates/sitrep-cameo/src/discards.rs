//! Discard lists (`Phoenix.discards.txt`, `PETR.Validate.discards.txt`):
//! phrases that mark a story (`+TYPHOON`) or a sentence (`BASEBALL`) as
//! not about politics. A match is a run of whole tokens in the sentence.

use std::collections::HashMap;

use crate::dictionaries::DictionarySource;
use crate::issue::{DictionaryIssue, Issues};
use crate::lines::content_lines;
use crate::text::words;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Discard {
    pub toks: Vec<String>,
    /// `+`: the whole story is dropped, not only the sentence.
    pub story: bool,
    /// The phrase as written.
    pub text: String,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Discards {
    pub list: Vec<Discard>,
    /// First token → discards starting with it, longest first.
    pub index: HashMap<String, Vec<u32>>,
}

pub(crate) fn load(sources: &[DictionarySource<'_>], out: &mut Vec<DictionaryIssue>) -> Discards {
    let mut d = Discards::default();
    for src in sources {
        let mut issues = Issues {
            file: src.name,
            out: &mut *out,
        };
        for (line_no, line) in content_lines(src.text, false) {
            let t = line.trim();
            let (story, phrase) = match t.strip_prefix('+') {
                Some(p) => (true, p.trim()),
                None => (false, t),
            };
            let toks = words(phrase);
            if toks.is_empty() {
                issues.error(line_no, "discard without words; skipped");
                continue;
            }
            d.list.push(Discard {
                toks,
                story,
                text: phrase.to_string(),
            });
        }
    }
    for (i, x) in d.list.iter().enumerate() {
        if let Some(first) = x.toks.first() {
            d.index.entry(first.clone()).or_default().push(i as u32);
        }
    }
    let list = &d.list;
    for v in d.index.values_mut() {
        v.sort_by_key(|&i| (std::cmp::Reverse(list[i as usize].toks.len()), i));
    }
    d
}

impl Discards {
    /// The first discard phrase found in `toks` (upper case), story-level
    /// ones first.
    pub fn find<'a, S: AsRef<str>>(&'a self, toks: &[S]) -> Option<(&'a Discard, usize)> {
        let mut found: Option<(&Discard, usize)> = None;
        for start in 0..toks.len() {
            let Some(cands) = self.index.get(toks[start].as_ref()) else {
                continue;
            };
            for &c in cands {
                let d = &self.list[c as usize];
                let hit = d
                    .toks
                    .iter()
                    .enumerate()
                    .all(|(k, w)| toks.get(start + k).is_some_and(|t| t.as_ref() == w));
                if hit && found.is_none_or(|(f, _)| d.story && !f.story) {
                    found = Some((d, start));
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discards_table() {
        let text = "# comment\nMONTHS LATER\n+World Golf Championships   # pas\nBASEBALL\n+TYPHOON\nGROUP D_\n";
        let mut issues = Vec::new();
        let d = load(
            &[DictionarySource {
                name: "d.txt",
                text,
            }],
            &mut issues,
        );
        assert!(issues.is_empty());
        let table: &[(&str, Option<(&str, bool)>)] = &[
            (
                "restore the World Golf Championships to Gondor",
                Some(("World Golf Championships", true)),
            ),
            ("restore baseball competition", Some(("BASEBALL", false))),
            ("a typhoon and baseball", Some(("TYPHOON", true))),
            ("the World Golf tour", None),
            ("in group D", Some(("GROUP D_", false))),
            ("baseballs", None),
        ];
        for (text, want) in table {
            let toks = words(text);
            let got = d.find(&toks).map(|(x, _)| (x.text.as_str(), x.story));
            assert_eq!(got, *want, "{text}");
        }
    }

    #[test]
    fn discards_without_words_are_reported_with_their_line() {
        let text = "BASEBALL\n+\n  # only a comment\n+   # no phrase\nTYPHOON\n";
        let mut issues = Vec::new();
        let d = load(
            &[DictionarySource {
                name: "d.txt",
                text,
            }],
            &mut issues,
        );
        let got: Vec<(&str, usize)> = issues.iter().map(|i| (i.file.as_str(), i.line)).collect();
        assert_eq!(got, vec![("d.txt", 2), ("d.txt", 4)]);
        assert_eq!(d.list.len(), 2);
    }
}
