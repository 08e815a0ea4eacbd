//! English function words, by the job they do in the coder's shallow
//! reading of a sentence (there is no parser: these lists and the
//! dictionaries are all the grammar there is).

/// What a token is to the coder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cls {
    /// Any other word or number: part of a noun phrase.
    Content,
    Det,
    /// `'s`, or a bare apostrophe after a plural ("countries'").
    Poss,
    Conj,
    Prep,
    To,
    /// Opens a subordinate clause: "after", "when", "because".
    Subord,
    /// "who", "which", "that".
    Rel,
    Pronoun,
    Be,
    Have,
    Do,
    Modal,
    Neg,
    Adv,
    /// "today", "yesterday": time words that are never an event's target.
    Time,
    Comma,
    /// `;` and `:`, which end a clause.
    Stop,
    Punct,
    Actor,
    Agent,
    Verb,
    /// A word ending in -ed that is not a dictionary verb ("noted",
    /// "besieged"): it ends a noun phrase.
    EdWord,
}

impl Cls {
    /// Members of a noun phrase.
    pub fn is_nominal(self) -> bool {
        matches!(
            self,
            Cls::Content | Cls::Det | Cls::Poss | Cls::Actor | Cls::Agent
        )
    }

    /// Words skipped when looking for what governs a verb ("will not ever
    /// clash", "has again appealed").
    pub fn is_adverbial(self) -> bool {
        matches!(self, Cls::Adv | Cls::Neg)
    }
}

/// The class of a function word, if `up` (upper case) is one.
pub(crate) fn function_word(up: &str) -> Option<Cls> {
    let c = match up {
        "A" | "AN" | "THE" | "THIS" | "THESE" | "THOSE" | "ITS" | "HIS" | "HER" | "THEIR"
        | "OUR" | "MY" | "YOUR" | "SOME" | "ANY" | "NO" | "EVERY" | "EACH" | "ANOTHER" | "BOTH"
        | "ALL" | "SEVERAL" | "MANY" | "FEW" | "NEITHER" | "EITHER" => Cls::Det,
        "'S" => Cls::Poss,
        "AND" | "OR" | "NOR" | "BUT" | "&" => Cls::Conj,
        "OF" | "IN" | "ON" | "AT" | "BY" | "FOR" | "WITH" | "FROM" | "INTO" | "ONTO"
        | "AGAINST" | "ABOUT" | "OVER" | "UNDER" | "BETWEEN" | "AMONG" | "AMONGST" | "NEAR"
        | "THROUGH" | "DURING" | "TOWARD" | "TOWARDS" | "ACROSS" | "ALONG" | "WITHIN"
        | "WITHOUT" | "DESPITE" | "PER" | "VIA" | "UPON" | "AMID" | "AMIDST" | "AROUND"
        | "BEHIND" | "BEYOND" | "INSIDE" | "OUTSIDE" | "THAN" | "LIKE" | "OFF" | "UP" | "DOWN"
        | "OUT" | "BESIDE" | "TOWARDS'" => Cls::Prep,
        "TO" => Cls::To,
        "AFTER" | "BEFORE" | "WHEN" | "WHILE" | "BECAUSE" | "SINCE" | "UNTIL" | "TILL"
        | "ALTHOUGH" | "THOUGH" | "WHEREAS" | "IF" | "UNLESS" | "ONCE" | "AS" | "WHERE"
        | "WHETHER" | "WHEREBY" => Cls::Subord,
        "WHO" | "WHOM" | "WHOSE" | "WHICH" | "THAT" => Cls::Rel,
        "HE" | "SHE" | "IT" | "THEY" | "WE" | "I" | "YOU" | "HIM" | "THEM" | "US" | "ONE"
        | "ITSELF" | "HIMSELF" | "HERSELF" | "THEMSELVES" | "THERE" => Cls::Pronoun,
        "IS" | "ARE" | "WAS" | "WERE" | "BE" | "BEEN" | "BEING" | "AM" => Cls::Be,
        "HAS" | "HAVE" | "HAD" | "HAVING" => Cls::Have,
        "DO" | "DOES" | "DID" => Cls::Do,
        "WILL" | "WOULD" | "SHALL" | "SHOULD" | "CAN" | "COULD" | "MAY" | "MIGHT" | "MUST"
        | "WO" | "CA" => Cls::Modal,
        "NOT" | "N'T" | "NEVER" => Cls::Neg,
        "ALSO" | "AGAIN" | "NOW" | "ALREADY" | "STILL" | "JUST" | "EVEN" | "EVER" | "THEN"
        | "SOON" | "LATER" | "ONLY" | "MOST" | "MORE" | "VERY" | "YET" | "THUS" | "HOWEVER"
        | "FURTHER" | "OFTEN" | "ALMOST" | "ALWAYS" | "REPORTEDLY" | "ALLEGEDLY" => Cls::Adv,
        "TODAY" | "YESTERDAY" | "TOMORROW" | "TONIGHT" => Cls::Time,
        ";" | ":" => Cls::Stop,
        "," => Cls::Comma,
        _ => {
            if up.len() > 5 && up.ends_with("LY") && up.chars().all(char::is_alphabetic) {
                Cls::Adv
            } else {
                return None;
            }
        }
    };
    Some(c)
}

/// Words that can never be verbs, whatever a dictionary says: the
/// auxiliaries and modals (`SHOULD` and `HAS` have verb blocks in old
/// dictionaries; a parser would tag them MD and VBZ).
pub(crate) fn never_a_verb(up: &str) -> bool {
    matches!(
        function_word(up),
        Some(
            Cls::Be
                | Cls::Have
                | Cls::Do
                | Cls::Modal
                | Cls::Neg
                | Cls::Det
                | Cls::Prep
                | Cls::Conj
                | Cls::To
                | Cls::Pronoun
                | Cls::Rel
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_table() {
        let table = [
            ("THE", Some(Cls::Det)),
            ("'S", Some(Cls::Poss)),
            ("NOR", Some(Cls::Conj)),
            ("AGAINST", Some(Cls::Prep)),
            ("AFTER", Some(Cls::Subord)),
            ("THAT", Some(Cls::Rel)),
            ("WO", Some(Cls::Modal)),
            ("N'T", Some(Cls::Neg)),
            ("UNEXPECTEDLY", Some(Cls::Adv)),
            ("ONLY", Some(Cls::Adv)),
            ("TODAY", Some(Cls::Time)),
            ("ITALY", None),
            ("GONDOR", None),
        ];
        for (word, want) in table {
            assert_eq!(function_word(word), want, "{word}");
        }
        assert!(never_a_verb("SHOULD") && never_a_verb("HAS") && !never_a_verb("SAID"));
    }
}
