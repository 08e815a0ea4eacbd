//! Words and matching keys.
//!
//! Gazetteer names and document text go through the *same* tokenizer and the
//! same key folding, so a name matches text exactly when their token keys are
//! equal: "Herāt", "HERAT" and "Herat" all give the key `herat`, and
//! "Sar-e Pol", "Sar e Pol" and "Sar-e-Pol" all give `sar e pol`.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// One word of a text: a maximal run of letters and digits. An apostrophe
/// between letters stays inside the word and is dropped from its key
/// ("Ma'rib" -> `marib`); a possessive "'s" ends the word and is skipped
/// ("Kandahar's" -> `kandahar`).
#[derive(Debug, Clone)]
pub(crate) struct Token {
    /// Byte range of the word in the text, without a possessive "'s".
    pub start: usize,
    pub end: usize,
    /// Lower-case, diacritic-free letters and digits.
    pub key: String,
    /// The first letter is upper case ("Kabul", "KABUL").
    pub upper_initial: bool,
    /// The word has letters and none of them is lower case ("UN", "KABUL").
    pub all_caps: bool,
    /// How many letters the word has.
    pub letters: usize,
}

/// A word as [`scan`] reports it: like [`Token`], with its key as a range
/// of a shared buffer so that indexing 400,000 names allocates nothing per
/// word.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Word {
    pub start: usize,
    pub end: usize,
    pub key: (usize, usize),
    pub upper_initial: bool,
    pub all_caps: bool,
    pub letters: usize,
}

/// Apostrophes, including the modifier letters that transliterations of
/// Arabic use for ayn and hamza ("Maʼrib", "ʿAfrin"), which Unicode counts
/// as letters.
fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '`' | '\u{2bb}' | '\u{2bc}' | '\u{2be}' | '\u{2bf}'
    )
}

/// Splits `text` into words with their byte offsets.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut keys = String::new();
    let mut words = Vec::new();
    scan(text, &mut keys, &mut words);
    words
        .iter()
        .map(|w| Token {
            start: w.start,
            end: w.end,
            key: keys.get(w.key.0..w.key.1).unwrap_or("").to_string(),
            upper_initial: w.upper_initial,
            all_caps: w.all_caps,
            letters: w.letters,
        })
        .collect()
}

/// The tokenizer proper: appends each word's key to `keys` (without
/// separators) and the word to `words`. Words without a key are dropped.
pub(crate) fn scan(text: &str, keys: &mut String, words: &mut Vec<Word>) {
    let mut chars = text.char_indices();
    let mut current: Option<(Word, bool)> = None; // the word, and whether it has a lower-case letter
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() && !is_apostrophe(c) {
            let (w, lower) = current.get_or_insert_with(|| {
                (
                    Word {
                        start: i,
                        end: i,
                        key: (keys.len(), keys.len()),
                        upper_initial: c.is_uppercase(),
                        all_caps: false,
                        letters: 0,
                    },
                    false,
                )
            });
            w.end = i + c.len_utf8();
            if c.is_alphabetic() {
                w.letters += 1;
                *lower |= c.is_lowercase();
            }
            push_folded(c, keys);
            continue;
        }
        if is_apostrophe(c) && current.is_some() {
            // Look at what follows the apostrophe: a letter continues the
            // word unless it is a lone possessive "s".
            let mut rest = text.get(i + c.len_utf8()..).unwrap_or("").chars();
            let next = rest.next();
            let after = rest.next();
            let possessive =
                matches!(next, Some('s' | 'S')) && !after.is_some_and(|a| a.is_alphanumeric());
            if possessive {
                // Skip the "s" so it does not become a word of its own.
                chars.next();
                finish(&mut current, keys.len(), words);
                continue;
            }
            if next.is_some_and(|n| n.is_alphanumeric()) {
                continue;
            }
        }
        finish(&mut current, keys.len(), words);
    }
    finish(&mut current, keys.len(), words);
}

fn finish(current: &mut Option<(Word, bool)>, keys_len: usize, words: &mut Vec<Word>) {
    if let Some((mut w, lower)) = current.take() {
        w.key.1 = keys_len;
        w.all_caps = w.letters > 0 && !lower;
        if w.key.1 > w.key.0 {
            words.push(w);
        }
    }
}

/// Appends the folded, lower-case form of `c` to `out`: ASCII letters and
/// digits as they are, Latin letters without their diacritics, a few letters
/// that do not decompose by their usual transliteration, everything else
/// (punctuation, combining marks) dropped.
pub(crate) fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        }
        return;
    }
    let special = match c {
        'ß' => "ss",
        'ł' | 'Ł' => "l",
        'ø' | 'Ø' => "o",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'ı' => "i",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'þ' | 'Þ' => "th",
        'ħ' | 'Ħ' => "h",
        'ŀ' | 'Ŀ' => "l",
        _ => "",
    };
    if !special.is_empty() {
        out.push_str(special);
        return;
    }
    decompose_compatible(c, |d| {
        if is_combining_mark(d) || !d.is_alphanumeric() {
            return;
        }
        for l in d.to_lowercase() {
            out.push(l);
        }
    });
}

/// The matching key of a whole name: its words' keys joined by one space.
pub(crate) fn name_key(name: &str) -> (String, usize) {
    let toks = tokenize(name);
    let mut key = String::with_capacity(name.len());
    for (i, t) in toks.iter().enumerate() {
        if i > 0 {
            key.push(' ');
        }
        key.push_str(&t.key);
    }
    (key, toks.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_diacritics_and_punctuation() {
        let cases: &[(&str, &str)] = &[
            ("Herāt", "herat"),
            ("HERAT", "herat"),
            ("Sar-e Pol", "sar e pol"),
            ("Sar-e-Pol", "sar e pol"),
            ("Ma'rib", "marib"),
            ("Maʼrib", "marib"),
            ("Kandahar's", "kandahar"),
            ("Zürich", "zurich"),
            ("Łódź", "lodz"),
            ("U.S.", "u s"),
            ("St. John's", "st john"),
            ("Côte d'Ivoire", "cote divoire"),
            ("Mazār-e Sharīf", "mazar e sharif"),
            ("Straße", "strasse"),
        ];
        for (name, want) in cases {
            assert_eq!(name_key(name).0, *want, "key of {name:?}");
        }
    }

    #[test]
    fn tokens_keep_byte_offsets_and_case() {
        /// A text and its words as (surface, upper_initial, all_caps).
        type Case = (&'static str, &'static [(&'static str, bool, bool)]);
        let cases: &[Case] = &[
            (
                "In Kandahar's Chinarto district",
                &[
                    ("In", true, false),
                    ("Kandahar", true, false),
                    ("Chinarto", true, false),
                    ("district", false, false),
                ],
            ),
            (
                "the UN in Zürich",
                &[
                    ("the", false, false),
                    ("UN", true, true),
                    ("in", false, false),
                    ("Zürich", true, false),
                ],
            ),
            (
                "Qal'ah-ye Now",
                &[
                    ("Qal'ah", true, false),
                    ("ye", false, false),
                    ("Now", true, false),
                ],
            ),
            (
                "it's 'quoted'",
                &[("it", false, false), ("quoted", false, false)],
            ),
        ];
        for (text, want) in cases {
            let got: Vec<(&str, bool, bool)> = tokenize(text)
                .iter()
                .map(|t| (&text[t.start..t.end], t.upper_initial, t.all_caps))
                .collect();
            assert_eq!(&got, want, "tokens of {text:?}");
        }
    }
}
