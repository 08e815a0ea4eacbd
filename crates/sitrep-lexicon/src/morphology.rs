//! English inflection for dictionary entries.
//!
//! sitrep does not lemmatise the text it reads. It inflects the lemmas in its
//! dictionaries instead (kill → kills, killed, killing) and matches the
//! surface forms, which is both faster and more reliable than guessing lemmas
//! from suffixes ("wiped" could be "wip" + "ed"). Irregular verbs come from a
//! table in the lexicon file, the way TABARI/PETRARCH dictionaries list them
//! in `{}` braces.

/// The surface forms of a verb: base, third person singular, past, past
/// participle, gerund. `irregular` gives (past, participle) when known.
pub fn verb_forms(lemma: &str, irregular: Option<(&str, &str)>) -> VerbForms {
    let (past, participle) = match irregular {
        Some((p, pp)) => (p.to_string(), pp.to_string()),
        None => {
            let p = past_regular(lemma);
            (p.clone(), p)
        }
    };
    VerbForms {
        base: lemma.to_string(),
        third: third_person(lemma),
        past,
        participle,
        gerund: gerund(lemma),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbForms {
    pub base: String,
    pub third: String,
    pub past: String,
    pub participle: String,
    pub gerund: String,
}

/// The plural of a noun ("bomb" → "bombs", "casualty" → "casualties",
/// "policeman" → "policemen").
pub fn plural(noun: &str) -> String {
    if let Some(stem) = noun.strip_suffix("man") {
        return format!("{stem}men");
    }
    // "gas" → "gases", "bus" → "buses" (but "arms", already plural, stays
    // as it is written).
    if noun.ends_with("ss")
        || noun.ends_with("as")
        || noun.ends_with("us")
        || noun.ends_with("sh")
        || noun.ends_with("ch")
        || noun.ends_with('x')
        || noun.ends_with('z')
    {
        return format!("{noun}es");
    }
    if let Some(stem) = noun.strip_suffix('y')
        && !ends_with_vowel(stem)
    {
        return format!("{stem}ies");
    }
    format!("{noun}s")
}

fn third_person(verb: &str) -> String {
    plural(verb)
}

fn past_regular(verb: &str) -> String {
    if verb.ends_with('e') {
        return format!("{verb}d");
    }
    if let Some(stem) = verb.strip_suffix('y')
        && !ends_with_vowel(stem)
    {
        return format!("{stem}ied");
    }
    if doubles_final_consonant(verb) {
        let last = verb.chars().last().unwrap_or_default();
        return format!("{verb}{last}ed");
    }
    format!("{verb}ed")
}

fn gerund(verb: &str) -> String {
    if let Some(stem) = verb.strip_suffix("ie") {
        return format!("{stem}ying");
    }
    if let Some(stem) = verb.strip_suffix('e')
        && !verb.ends_with("ee")
        && verb.len() > 2
    {
        return format!("{stem}ing");
    }
    if doubles_final_consonant(verb) {
        let last = verb.chars().last().unwrap_or_default();
        return format!("{verb}{last}ing");
    }
    format!("{verb}ing")
}

fn ends_with_vowel(s: &str) -> bool {
    s.ends_with(['a', 'e', 'i', 'o', 'u'])
}

/// Consonant-vowel-consonant endings of short, stressed-final verbs double
/// their last letter: "kidnap" → "kidnapped", "stab" → "stabbed", "shell"
/// does not (two consonants), "target" would wrongly double, so verbs of
/// more than one syllable only double when listed here.
fn doubles_final_consonant(verb: &str) -> bool {
    const MULTI_SYLLABLE_DOUBLING: &[&str] = &[
        "kidnap", "patrol", "compel", "control", "repel", "expel", "propel", "handicap",
    ];
    if MULTI_SYLLABLE_DOUBLING.contains(&verb) {
        return true;
    }
    let b = verb.as_bytes();
    if b.len() < 3 {
        return false;
    }
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    let (c1, v, c2) = (b[b.len() - 3], b[b.len() - 2], b[b.len() - 1]);
    let syllables =
        b.windows(2).filter(|w| !vowel(w[0]) && vowel(w[1])).count() + usize::from(vowel(b[0]));
    syllables == 1 && !vowel(c1) && vowel(v) && !vowel(c2) && !matches!(c2, b'w' | b'x' | b'y')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (lemma, irregular past and participle, expected forms).
    type VerbRow<'a> = (&'a str, Option<(&'a str, &'a str)>, [&'a str; 5]);

    #[test]
    fn regular_and_irregular_verbs() {
        let table: &[VerbRow] = &[
            (
                "kill",
                None,
                ["kill", "kills", "killed", "killed", "killing"],
            ),
            ("wipe", None, ["wipe", "wipes", "wiped", "wiped", "wiping"]),
            (
                "kidnap",
                None,
                ["kidnap", "kidnaps", "kidnapped", "kidnapped", "kidnapping"],
            ),
            (
                "stab",
                None,
                ["stab", "stabs", "stabbed", "stabbed", "stabbing"],
            ),
            (
                "shell",
                None,
                ["shell", "shells", "shelled", "shelled", "shelling"],
            ),
            (
                "bury",
                None,
                ["bury", "buries", "buried", "buried", "burying"],
            ),
            (
                "target",
                None,
                ["target", "targets", "targeted", "targeted", "targeting"],
            ),
            (
                "detonate",
                None,
                [
                    "detonate",
                    "detonates",
                    "detonated",
                    "detonated",
                    "detonating",
                ],
            ),
            (
                "shoot",
                Some(("shot", "shot")),
                ["shoot", "shoots", "shot", "shot", "shooting"],
            ),
            (
                "take",
                Some(("took", "taken")),
                ["take", "takes", "took", "taken", "taking"],
            ),
            ("die", None, ["die", "dies", "died", "died", "dying"]),
            (
                "ambush",
                None,
                ["ambush", "ambushes", "ambushed", "ambushed", "ambushing"],
            ),
            (
                "flee",
                Some(("fled", "fled")),
                ["flee", "flees", "fled", "fled", "fleeing"],
            ),
            (
                "patrol",
                None,
                ["patrol", "patrols", "patrolled", "patrolled", "patrolling"],
            ),
        ];
        for (lemma, irregular, want) in table {
            let f = verb_forms(lemma, *irregular);
            assert_eq!(
                [&f.base[..], &f.third, &f.past, &f.participle, &f.gerund],
                *want,
                "{lemma}"
            );
        }
    }

    #[test]
    fn plurals() {
        let table = [
            ("bomb", "bombs"),
            ("casualty", "casualties"),
            ("gas", "gases"),
            ("bus", "buses"),
            ("policeman", "policemen"),
            ("ambush", "ambushes"),
            ("attack", "attacks"),
            ("day", "days"),
        ];
        for (noun, want) in table {
            assert_eq!(plural(noun), want, "{noun}");
        }
    }
}
