//! The abbreviation and sentence-starter tables shared by the sentence
//! splitter and the tokenizer, so both agree on what "Gen." or "U.S." is.

use crate::util::ascii_lower;

/// How an abbreviation followed by a period behaves at a possible sentence
/// end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AbbrevKind {
    /// Titles and Latin shorthands ("Gen.", "Mr.", "vs.", "e.g."): always
    /// followed by more of the same sentence.
    NeverFinal,
    /// An abbreviation only before a number ("No. 3", "p. 12"); before
    /// anything else the word is an ordinary word ("He said no.").
    BeforeNumber,
    /// Month abbreviations: never final before a number ("Feb. 5"), otherwise
    /// like [`AbbrevKind::MayEnd`].
    Month,
    /// Abbreviations that often end a sentence too ("Inc.", "Jr.", "etc.",
    /// "St."): the sentence ends only when the next word looks like the start
    /// of a new sentence (see [`is_sentence_starter`]).
    MayEnd,
}

/// Looks up the word before a period (without the period; internal periods
/// kept, as in "e.g"), ignoring ASCII case.
pub(crate) fn abbreviation(word: &str) -> Option<AbbrevKind> {
    use AbbrevKind::*;
    let mut buf = [0u8; 8];
    let key = ascii_lower(word, &mut buf)?;
    Some(match key {
        b"mr" | b"mrs" | b"ms" | b"mx" | b"messrs" | b"dr" | b"prof" | b"gen" | b"lt" | b"col"
        | b"maj" | b"capt" | b"cpt" | b"sgt" | b"cpl" | b"pvt" | b"pfc" | b"adm" | b"cmdr"
        | b"cdr" | b"brig" | b"gov" | b"sen" | b"rep" | b"rev" | b"fr" | b"hon" | b"pres"
        | b"amb" | b"insp" | b"supt" | b"det" | b"mt" | b"ft" | b"vs" | b"e.g" | b"i.e" | b"cf"
        | b"viz" | b"approx" => NeverFinal,
        b"no" | b"nos" | b"nr" | b"art" | b"sec" | b"vol" | b"pp" | b"fig" | b"ch" | b"ca"
        | b"est" | b"para" => BeforeNumber,
        b"jan" | b"feb" | b"mar" | b"apr" | b"jun" | b"jul" | b"aug" | b"sep" | b"sept"
        | b"oct" | b"nov" | b"dec" => Month,
        b"inc" | b"co" | b"corp" | b"ltd" | b"llc" | b"plc" | b"jr" | b"sr" | b"etc" | b"st"
        | b"bros" | b"ave" | b"blvd" | b"rd" | b"dept" | b"univ" | b"govt" | b"intl" | b"al"
        | b"assn" | b"ala" | b"ariz" | b"ark" | b"calif" | b"colo" | b"conn" | b"del" | b"fla"
        | b"ga" | b"ill" | b"ind" | b"kan" | b"ky" | b"la" | b"md" | b"mass" | b"mich"
        | b"minn" | b"miss" | b"mo" | b"mont" | b"neb" | b"nev" | b"okla" | b"ore" | b"pa"
        | b"tenn" | b"tex" | b"va" | b"vt" | b"wash" | b"wis" | b"wyo" => MayEnd,
        _ => return None,
    })
}

/// Whether `word` is a common word that starts sentences in news prose and
/// is not part of a name ("The", "He", "Police"). Used after abbreviations
/// that may end a sentence: "in the U.S. The next day" splits, "U.S. Army"
/// does not. `word` must be capitalised in the text.
pub(crate) fn is_sentence_starter(word: &str) -> bool {
    if !word.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    let mut buf = [0u8; 16];
    let Some(key) = ascii_lower(word, &mut buf) else {
        return false;
    };
    matches!(
        key,
        b"the"
            | b"a"
            | b"an"
            | b"he"
            | b"she"
            | b"it"
            | b"they"
            | b"we"
            | b"i"
            | b"you"
            | b"this"
            | b"that"
            | b"these"
            | b"those"
            | b"there"
            | b"here"
            | b"his"
            | b"her"
            | b"its"
            | b"their"
            | b"our"
            | b"in"
            | b"on"
            | b"at"
            | b"as"
            | b"after"
            | b"before"
            | b"but"
            | b"and"
            | b"or"
            | b"so"
            | b"yet"
            | b"however"
            | b"meanwhile"
            | b"moreover"
            | b"also"
            | b"according"
            | b"when"
            | b"while"
            | b"since"
            | b"although"
            | b"though"
            | b"if"
            | b"no"
            | b"not"
            | b"some"
            | b"many"
            | b"most"
            | b"all"
            | b"both"
            | b"each"
            | b"several"
            | b"other"
            | b"another"
            | b"such"
            | b"what"
            | b"who"
            | b"which"
            | b"where"
            | b"why"
            | b"how"
            | b"earlier"
            | b"later"
            | b"then"
            | b"now"
            | b"today"
            | b"yesterday"
            | b"last"
            | b"during"
            | b"despite"
            | b"following"
            | b"with"
            | b"without"
            | b"for"
            | b"from"
            | b"by"
            | b"among"
            | b"nearly"
            | b"about"
            | b"more"
            | b"only"
            | b"even"
            | b"still"
            | b"instead"
            | b"thus"
            | b"therefore"
            | b"indeed"
            | b"further"
            | b"furthermore"
            | b"separately"
            | b"elsewhere"
            | b"police"
            | b"officials"
            | b"authorities"
            | b"witnesses"
            | b"residents"
    )
}
