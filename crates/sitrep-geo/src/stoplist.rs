//! The hand-written list of gazetteer names that are usually not places
//! (`data/gazetteer/stoplist.txt`; its header explains the sections).

use std::collections::HashMap;

use crate::text::name_key;

/// How a stoplisted name is treated where it appears capitalised in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StopClass {
    /// Never a place ("Police", "Most", "Ahmad"); a small place next to it
    /// is probably part of a person's or organisation's name.
    Never,
    /// Never a place, but a harmless neighbour: demonyms, armed groups,
    /// directions ("Afghan", "Taliban", "Northern").
    Neutral,
    /// A place only with support: a feature word ("Van province"), a
    /// locative preposition before it ("in Nice") or a division after it
    /// ("Mobile, Alabama").
    Weak,
    /// A title or given name before a person's name ("President", "Gen.",
    /// "Ahmad"): never a place, and a place name right after it is a
    /// surname.
    Title,
    /// A surname ("Putin", "Smith"): never a place, and a small place next
    /// to it is part of a person's name.
    Surname,
    /// A word that starts an organisation's name ("Liwa", "Jaish",
    /// "Frente"): never a place, and a name right after it, directly or
    /// through an article, is part of the organisation's name ("Liwa
    /// al-Quds").
    Org,
}

impl StopClass {
    /// The class as the gazetteer image stores it; 0 means none.
    pub(crate) fn code(self) -> u8 {
        match self {
            StopClass::Never => 1,
            StopClass::Neutral => 2,
            StopClass::Weak => 3,
            StopClass::Title => 4,
            StopClass::Surname => 5,
            StopClass::Org => 6,
        }
    }

    pub(crate) fn from_code(code: u8) -> Option<StopClass> {
        Some(match code {
            1 => StopClass::Never,
            2 => StopClass::Neutral,
            3 => StopClass::Weak,
            4 => StopClass::Title,
            5 => StopClass::Surname,
            6 => StopClass::Org,
            _ => return None,
        })
    }
}

/// The parsed list. Only the build script that compiles the gazetteer image
/// (and the tests) parse it; the library reads the classes from the image.
#[derive(Debug, Default)]
pub(crate) struct Stoplist {
    map: HashMap<Box<str>, StopClass>,
    max_words: usize,
}

impl Stoplist {
    /// Parses the list; an error gives the 1-based line and what is wrong.
    pub(crate) fn parse(text: &str) -> Result<Stoplist, (usize, String)> {
        let mut list = Stoplist::default();
        let mut class = None;
        for (i, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                class = Some(match section.trim() {
                    "never" => StopClass::Never,
                    "neutral" => StopClass::Neutral,
                    "weak" => StopClass::Weak,
                    "title" => StopClass::Title,
                    "surname" => StopClass::Surname,
                    "org" => StopClass::Org,
                    other => return Err((i + 1, format!("unknown section [{other}]"))),
                });
                continue;
            }
            let Some(class) = class else {
                return Err((i + 1, "entry before the first [section]".to_string()));
            };
            let (key, words) = name_key(line);
            if key.is_empty() {
                return Err((i + 1, format!("entry {line:?} has no letters")));
            }
            list.max_words = list.max_words.max(words);
            // A name in two sections would make the outcome depend on the
            // order of the file; refuse it.
            match list.map.get(key.as_str()) {
                Some(&old) if old != class => {
                    return Err((i + 1, format!("{line:?} is already in another section")));
                }
                _ => {
                    list.map.insert(key.into_boxed_str(), class);
                }
            }
        }
        Ok(list)
    }

    pub(crate) fn get(&self, key: &str) -> Option<StopClass> {
        self.map.get(key).copied()
    }

    /// Every key with its class, in no particular order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, StopClass)> {
        self.map.iter().map(|(k, &c)| (&**k, c))
    }

    pub(crate) fn max_words(&self) -> usize {
        self.max_words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sections_and_reports_bad_lines() {
        let ok = "# header\n[never]\nPolice\nIslamic State  # the group\n[weak]\nNice\n[title]\nGen.\n[neutral]\nAfghan\n[surname]\nKarzai\n[org]\nLiwa\n";
        let list = Stoplist::parse(ok).expect("valid list");
        let cases: &[(&str, Option<StopClass>)] = &[
            ("police", Some(StopClass::Never)),
            ("islamic state", Some(StopClass::Never)),
            ("nice", Some(StopClass::Weak)),
            ("gen", Some(StopClass::Title)),
            ("afghan", Some(StopClass::Neutral)),
            ("karzai", Some(StopClass::Surname)),
            ("liwa", Some(StopClass::Org)),
            ("kabul", None),
        ];
        for (key, want) in cases {
            assert_eq!(list.get(key), *want, "class of {key:?}");
        }
        assert_eq!(list.max_words(), 2);

        let bad: &[(&str, usize)] = &[
            ("Police\n", 1),
            ("[never]\n[often]\n", 2),
            ("[never]\n...\n", 2),
            ("[never]\nNice\n[weak]\nNICE\n", 4),
        ];
        for (text, line) in bad {
            assert_eq!(
                Stoplist::parse(text).err().map(|e| e.0),
                Some(*line),
                "{text:?}"
            );
        }
    }
}
