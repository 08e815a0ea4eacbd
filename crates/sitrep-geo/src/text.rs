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
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token<'k> {
    /// Byte range of the word in the text, without a possessive "'s".
    pub start: usize,
    pub end: usize,
    /// Lower-case, diacritic-free letters and digits.
    pub key: &'k str,
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

/// Splits `text` into words with their byte offsets. The words' keys are
/// written to `keys` (cleared first), which the tokens borrow: one buffer
/// for the whole text instead of a string per word.
pub(crate) fn tokenize<'k>(text: &str, keys: &'k mut String) -> Vec<Token<'k>> {
    keys.clear();
    let mut words = Vec::with_capacity(text.len() / 6 + 1);
    scan(text, keys, &mut words);
    let keys: &'k str = keys;
    words
        .iter()
        .map(|w| Token {
            start: w.start,
            end: w.end,
            key: keys.get(w.key.0..w.key.1).unwrap_or(""),
            upper_initial: w.upper_initial,
            all_caps: w.all_caps,
            letters: w.letters,
        })
        .collect()
}

/// The tokenizer proper: appends each word's key to `keys` (without
/// separators) and the word to `words`. Words without a key are dropped.
pub(crate) fn scan(text: &str, keys: &mut String, words: &mut Vec<Word>) {
    keys.reserve(text.len());
    let bytes = text.as_bytes();
    let mut current: Option<(Word, bool)> = None; // the word, and whether it has a lower-case letter
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // ASCII, nearly all of news text, needs no decoding and no Unicode
        // tables; the rules are the same as for other characters below.
        if b.is_ascii_alphanumeric() {
            let (w, lower) = current.get_or_insert_with(|| {
                (
                    Word {
                        start: i,
                        end: i,
                        key: (keys.len(), keys.len()),
                        upper_initial: b.is_ascii_uppercase(),
                        all_caps: false,
                        letters: 0,
                    },
                    false,
                )
            });
            w.end = i + 1;
            if b.is_ascii_alphabetic() {
                w.letters += 1;
                *lower |= b.is_ascii_lowercase();
            }
            keys.push(char::from(b.to_ascii_lowercase()));
            i += 1;
            continue;
        }
        let c = if b.is_ascii() {
            char::from(b)
        } else {
            match text.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) => c,
                None => break,
            }
        };
        let width = c.len_utf8();
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
            w.end = i + width;
            if c.is_alphabetic() {
                w.letters += 1;
                *lower |= c.is_lowercase();
            }
            push_folded(c, keys);
            i += width;
            continue;
        }
        if is_apostrophe(c) && current.is_some() {
            // Look at what follows the apostrophe: a letter continues the
            // word unless it is a lone possessive "s".
            let mut rest = text.get(i + width..).unwrap_or("").chars();
            let next = rest.next();
            let after = rest.next();
            let possessive =
                matches!(next, Some('s' | 'S')) && !after.is_some_and(|a| a.is_alphanumeric());
            if possessive {
                // Skip the "s" so it does not become a word of its own.
                i += width + 1;
                finish(&mut current, keys.len(), words);
                continue;
            }
            if next.is_some_and(|n| n.is_alphanumeric()) {
                i += width;
                continue;
            }
        }
        finish(&mut current, keys.len(), words);
        i += width;
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
    let mut keys = String::new();
    let toks = tokenize(name, &mut keys);
    let mut key = String::with_capacity(name.len());
    for (i, t) in toks.iter().enumerate() {
        if i > 0 {
            key.push(' ');
        }
        key.push_str(key_word(t.key, i, toks.len()));
    }
    (key, toks.len())
}

/// The ways the Arabic article is transliterated, assimilated to the next
/// consonant or not ("Jisr ash-Shughur", "Jisr al-Shughur", "Bab el-Hawa",
/// "At Tahrir").
const ARTICLE_FORMS: &[&str] = &[
    "al", "el", "ul", "ash", "esh", "ad", "adh", "ar", "as", "at", "ath", "an", "az", "ed", "es",
    "er", "ez",
];

/// Whether a word is one of the article forms that [`key_word`] folds to
/// `al` inside a name.
pub(crate) fn is_article_form(word: &str) -> bool {
    ARTICLE_FORMS.contains(&word)
}

/// The key of word `index` of a name of `count` words: an article form
/// before the last word of a name of two or more words is folded to `al`,
/// so that all spellings of the article match each other. A word alone is
/// never folded ("at", "as" and "an" are English words).
pub(crate) fn key_word(word: &str, index: usize, count: usize) -> &str {
    if count >= 2 && index + 1 < count && ARTICLE_FORMS.contains(&word) {
        "al"
    } else {
        word
    }
}

/// Names with fewer letters than this get no spelling skeleton: short
/// skeletons ("kabal") stand for too many different names.
pub(crate) const MIN_SKELETON_LETTERS: usize = 5;

/// Appends the spelling skeleton of a key to `out`: the same for the usual
/// transliteration variants of one name, so that "Konduz" finds Kunduz,
/// "Jelalabad" Jalalabad, "Lashkargah" Lashkar Gah, "Baramula" Baramulla
/// and "Mahmoudiyah" Mahmudiya. Word breaks are dropped; every run of
/// vowels becomes one `a` (a `y` that does not start a word and a `w` that
/// closes a vowel, as in "Kowt", count as vowels); `q` is `k`, `ph` is `f`,
/// `ck` is `k`, `dh` is `d`, `th` is `t`; doubled consonants are single; a
/// final `h` after a vowel goes ("Baqubah", "Baquba"). It is only ever
/// used when the exact key finds nothing.
pub(crate) fn push_skeleton(key: &str, out: &mut Vec<u8>) {
    // Keys are lower case and nearly always ASCII; other bytes are copied
    // as they are, which keeps distinct letters distinct. The skeleton is
    // only hashed, never shown, so it need not be valid UTF-8.
    let is_vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    let bytes = key.as_bytes();
    let start = out.len();
    let mut word_start = true;
    let mut last_vowel = false;
    let mut last = b' ';
    let mut i = 0;
    while let Some(&c) = bytes.get(i) {
        i += 1;
        if c == b' ' {
            word_start = true;
            continue;
        }
        let next = bytes.get(i).copied();
        let vowel = is_vowel(c)
            || (c == b'y' && !word_start)
            || (c == b'w' && last_vowel && !next.is_some_and(is_vowel));
        word_start = false;
        if vowel {
            if !last_vowel {
                out.push(b'a');
                last = b'a';
            }
            last_vowel = true;
            continue;
        }
        // Two-letter spellings of one sound.
        let c = match (c, next) {
            (b'p', Some(b'h')) => {
                i += 1;
                b'f'
            }
            (b'c', Some(b'k')) => {
                i += 1;
                b'k'
            }
            (b'd' | b't', Some(b'h')) => {
                i += 1;
                c
            }
            (b'q', _) => b'k',
            _ => c,
        };
        if c != last || last_vowel {
            out.push(c);
        }
        last = c;
        last_vowel = false;
    }
    if out.len() > start + 1 && out.ends_with(b"ah") {
        out.pop();
    }
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
    fn article_forms_fold_inside_names_only() {
        let cases: &[(&str, &str)] = &[
            ("Jisr ash-Shughur", "jisr al shughur"),
            ("Jisr al-Shughur", "jisr al shughur"),
            ("Bab el-Hawa", "bab al hawa"),
            ("At Tahrir", "al tahrir"),
            ("As-Suwayda", "al suwayda"),
            // Alone, or last, the word stays: "at" is English.
            ("at", "at"),
            ("Kabul at", "kabul at"),
        ];
        for (name, want) in cases {
            assert_eq!(name_key(name).0, *want, "key of {name:?}");
        }
    }

    #[test]
    fn skeletons_join_transliteration_variants() {
        let skeleton = |name: &str| {
            let mut out = Vec::new();
            push_skeleton(&name_key(name).0, &mut out);
            String::from_utf8_lossy(&out).into_owned()
        };
        // (one spelling, another, whether they share a skeleton)
        let cases: &[(&str, &str, bool)] = &[
            ("Konduz", "Kunduz", true),
            ("Lashkargah", "Lashkar Gah", true),
            ("Jelalabad", "Jalalabad", true),
            ("Jalalabaad", "Jalalabad", true),
            ("Baramula", "Baramulla", true),
            ("Gezab", "Gizab", true),
            ("Mahmoudiyah", "Mahmudiya", true),
            ("Buloburde", "Buulobarde", true),
            ("Tarinkot", "Tarin Kowt", true),
            ("Maiwand", "Maywand", true),
            ("Baqubah", "Baquba", true),
            ("Qaim", "Kaim", true),
            ("Tuz Khormato", "Tuz Khurmatu", true),
            ("Phillippines", "Philippines", true),
            ("Kabul", "Kobe", false),
            ("Herat", "Hari", false),
            ("Yahya Khel", "Yahia Khel", true),
        ];
        for (a, b, same) in cases {
            assert_eq!(
                skeleton(a) == skeleton(b),
                *same,
                "{a:?} -> {}, {b:?} -> {}",
                skeleton(a),
                skeleton(b)
            );
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
            let mut keys = String::new();
            let got: Vec<(&str, bool, bool)> = tokenize(text, &mut keys)
                .iter()
                .map(|t| (&text[t.start..t.end], t.upper_initial, t.all_caps))
                .collect();
            assert_eq!(&got, want, "tokens of {text:?}");
        }
    }
}
