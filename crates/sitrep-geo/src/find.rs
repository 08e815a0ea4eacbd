//! Finding toponyms: gazetteer names in text, filtered by place-name rules.
//!
//! The search is one pass over the words of the text: at each word, the
//! longest run of joinable words (at most the longest name) whose key is in
//! the name index or the stoplist wins, then the search goes on after it
//! (leftmost-longest, as an Aho-Corasick automaton with `LeftmostLongest`
//! would give, but at word boundaries by construction and with one hash
//! lookup per n-gram).
//!
//! A match then has to pass the rules below, written so that each one
//! removes a family of false positives seen in news text while a feature
//! word ("Ghor province") always overrides them:
//!
//! 1. *Capitals.* The first word is capitalised and so is every word of four
//!    letters or more ("Sar-e Pol", "Bay of Bengal" pass; "Mexico city"
//!    falls back to "Mexico" plus the feature word). A word in capitals
//!    matches acronyms ("US", "DRC"), which match nothing else, and in a
//!    headline or a dateline ("KABUL, Afghanistan") also names of four
//!    letters or more; elsewhere "PIRA" is an acronym, not Pira, Peru.
//! 2. *Stoplist* (`data/gazetteer/stoplist.txt`). `[never]` and `[neutral]`
//!    names are never places; `[weak]` names ("Nice", "Mobile") are places
//!    only after a locative preposition ("in Nice"), before a country or
//!    first-level division ("Mobile, Alabama") or with a feature word.
//! 3. *Common words.* A one-word name other than a country's that the same
//!    text also writes in lower case ("the police" ... "Police") is a
//!    common word.
//! 4. *Titles.* A name right after a title or given name ("President",
//!    "Gen.", "Ahmad") is a surname.
//! 5. *Person names.* A name that is neither a country, a first-level
//!    division (of a country of a million people) nor a place of a million
//!    people is dropped when a name-like word sits right before or after
//!    it: an unknown capitalised word (not a place, not in the stoplist,
//!    not an acronym), an initial, a `[surname]`, or before it a `[title]`
//!    word: "Hamid Karzai", "Chico Bouchikhi", "Alfred P. Murrah",
//!    "Vladimir Putin". A province or a large place goes only when such
//!    words sit on both sides ("Abdi Farah Shirdon"). A name dropped by
//!    rules 4 or 5 is dropped everywhere in the text ("... Archer
//!    claimed").
//! 6. *Sentence starts.* A one-word name of a place under 100,000 people
//!    that starts a sentence is kept only if the text also uses it
//!    elsewhere.
//! 7. *Longer names.* A name that is only part of a longer name is
//!    dropped: after an `[org]` word, directly or through an article
//!    ("Liwa al-Quds", "Lashkar-e-Taiba"); after an unknown capitalised
//!    word and a connector ("Hayy al-Nasr", "Ejercito de Liberacion"); and,
//!    unless it is well known, before a connector and a capitalised word
//!    ("Santa Cruz de Guachavez"), before a hyphen and a lower-case word
//!    that is not an adjective ending ("Cho-airong", "Qala-e-Qazi"; but
//!    "Kabul-based") or before a vehicle or weapon noun ("Chinook
//!    helicopter", "Grad rockets"). "the village of X" does not make X a
//!    place when an unknown capitalised word follows ("Las Brisas").
//! 8. *Spelling variants.* Where no exact name starts, a run of up to
//!    three capitalised words of five letters or more is looked up by its
//!    spelling skeleton ("Konduz", "Gezab", "Mahmoudiyah"; see
//!    `text::push_skeleton`), keeping names at most one edit per five
//!    letters away. Such a toponym is marked `fuzzy`, is never well known,
//!    and the resolver only accepts it in the document's focus country.
//!
//! Rules 4 to 6 are off on title-case lines (headlines), where capitals
//! carry no information; there any name of a place under 100,000 people
//! needs the rest of the text to name it too.

use std::collections::HashSet;

use crate::image::FxBuild;
use crate::load::{posting_abbreviation, posting_acronym, posting_period, posting_place};
use crate::stoplist::StopClass;
use crate::text::{Token, is_article_form, key_word, push_skeleton, tokenize};
use crate::{FeatureKind, Gazetteer, PlaceId, Toponym};

/// The kind a feature word asks for, and whether it is plural ("Helmand
/// and Farah provinces").
fn feature_word(key: &str) -> Option<(FeatureKind, bool)> {
    use FeatureKind::{Admin1, Admin2, PopulatedPlace};
    Some(match key {
        "province" | "governorate" | "state" | "region" | "oblast" | "krai" | "prefecture"
        | "department" | "wilayat" => (Admin1, false),
        "provinces" | "governorates" | "states" | "regions" | "oblasts" | "prefectures"
        | "departments" => (Admin1, true),
        "district" | "county" | "municipality" | "subdistrict" | "territory" | "tehsil"
        | "agency" | "cercle" | "subdivision" | "township" | "commune" | "lga" | "canton" => {
            (Admin2, false)
        }
        "districts" | "counties" | "municipalities" | "subdistricts" | "territories"
        | "tehsils" | "agencies" | "townships" | "communes" | "lgas" => (Admin2, true),
        "city" | "town" | "village" => (PopulatedPlace, false),
        "cities" | "towns" | "villages" => (PopulatedPlace, true),
        _ => return None,
    })
}

/// The feature word (or Nigeria's three-word "Local Government Area")
/// starting at token `i`: its kind, plurality and length in tokens.
fn feature_at(text: &str, toks: &[Token], i: usize) -> Option<(FeatureKind, bool, usize)> {
    let t = toks.get(i)?;
    if t.key == "local"
        && let (Some(a), Some(b)) = (toks.get(i + 1), toks.get(i + 2))
        && a.key == "government"
        && (b.key == "area" || b.key == "areas")
        && space_gap(text, t, a)
        && space_gap(text, a, b)
    {
        return Some((FeatureKind::Admin2, b.key == "areas", 3));
    }
    feature_word(t.key).map(|(kind, plural)| (kind, plural, 1))
}

/// Prepositions after which a `[weak]` name is a place ("in Nice").
const LOCATIVES: &[&str] = &[
    "in", "near", "at", "from", "outside", "into", "to", "towards", "toward", "around", "across",
    "through", "inside", "via", "between",
];

/// The first-level divisions of countries this large count as well-known
/// names; those of micro-states and territories do not.
const BIG_COUNTRY_POPULATION: u32 = 1_000_000;

/// Places this large are known well enough to skip the sentence-start rule.
const STRONG_POPULATION: u32 = 100_000;
/// Places this large skip the person-name rule too: "Kabul Bank" is about
/// Kabul, but "Chico Bouchikhi" is a musician.
const FAMOUS_POPULATION: u32 = 1_000_000;

/// A gazetteer or stoplist match before the rules.
#[derive(Debug)]
struct Match {
    /// Token range of the name itself.
    first: usize,
    last: usize,
    candidates: Vec<PlaceId>,
    /// A `[weak]` stoplist name.
    weak: bool,
    /// Has a country, a first-level division or a place of 100,000 people
    /// among its candidates.
    strong: bool,
    /// Has a country, a first-level division or a place of a million.
    famous: bool,
    /// Whether it has a country or first-level division candidate.
    division: bool,
    /// Whether it has a country candidate.
    country: bool,
    /// Whether it has a populated place of 100,000 people among its
    /// candidates.
    city: bool,
    /// Byte span including absorbed feature words.
    start: usize,
    end: usize,
    hint: Option<FeatureKind>,
    /// A plural feature word after ("... provinces") or before
    /// ("provinces of ...") the name, which also applies to the names
    /// listed with it.
    plural_after: bool,
    plural_before: bool,
    /// Found through its spelling skeleton, not its exact name.
    fuzzy: bool,
}

/// What covers a token after the search.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Cover {
    Free,
    Stop(StopClass),
    /// Index into the match list.
    Place(usize),
}

pub(crate) fn find_toponyms(g: &Gazetteer, text: &str) -> Vec<Toponym> {
    find_traced(g, text, &mut Vec::new())
}

/// [`find_toponyms`], also noting each dropped match's span and the rule
/// that dropped it (a developer's view of the rules).
pub(crate) fn find_traced(
    g: &Gazetteer,
    text: &str,
    trace: &mut Vec<(usize, usize, &'static str)>,
) -> Vec<Toponym> {
    let mut keys = String::new();
    let toks = tokenize(text, &mut keys);
    let n = toks.len();
    if n == 0 {
        return Vec::new();
    }
    let initial: Vec<bool> = (0..n)
        .map(|i| sentence_initial(text, &toks, i, g))
        .collect();
    let title_line = title_lines(text, &toks);

    let (mut matches, cover) = search(g, text, &toks, &initial, &title_line);

    // Words the text writes in lower case somewhere (rule 3).
    // Sized up front (most words of running text are in it, and growing
    // the set as it filled was most of its cost), up to what the distinct
    // words of a long article need. An ASCII key has as many characters as
    // bytes; only other keys need counting.
    let mut lower: HashSet<&str, FxBuild> =
        HashSet::with_capacity_and_hasher(toks.len().min(2048), FxBuild::default());
    lower.extend(
        toks.iter()
            .filter(|t| {
                !t.upper_initial
                    && t.letters > 0
                    && t.letters
                        == if t.key.is_ascii() {
                            t.key.len()
                        } else {
                            t.key.chars().count()
                        }
            })
            .map(|t| t.key),
    );

    let mut keep = vec![false; matches.len()];
    let mut why: Vec<&'static str> = vec![""; matches.len()];
    // Matches kept only if the text also uses their name elsewhere.
    let mut needs_support = Vec::new();
    let mut accepted_keys: HashSet<String> = HashSet::new();
    // Names taken for part of a person's name (rules 4 and 5).
    let mut person_keys: HashSet<String> = HashSet::new();
    for (mi, m) in matches.iter().enumerate() {
        let single = m.last - m.first == 1;
        let key = toks[m.first].key;
        if m.hint.is_some() {
            keep[mi] = true;
            accepted_keys.insert(match_key(&toks, m));
            continue;
        }
        if part_of_longer_name(text, &toks, &cover, &initial, m) {
            why[mi] = "longer name";
            continue;
        }
        if m.weak && !locative_before(&toks, m) && !division_after(text, &matches, mi) {
            why[mi] = "weak";
            continue;
        }
        if single && !m.country && lower.contains(key) {
            why[mi] = "lower case";
            continue;
        }
        if title_line[m.first] {
            // A headline's capitals say nothing: a small place there needs
            // the body to name it too ("Taliban Kill Nine ...").
            if !m.strong {
                why[mi] = "headline";
                needs_support.push(mi);
                continue;
            }
        } else {
            let (before, after) = person_neighbours(text, &toks, &cover, &matches, m, &lower);
            // A famous name needs a name on both sides to be a person's
            // ("Abdi Farah Shirdon"); "Kabul Bank" is about Kabul.
            let person = title_before(g, text, &toks, m)
                || (!m.famous && (before || after))
                || (before && after && !m.country);
            if person {
                why[mi] = if title_before(g, text, &toks, m) {
                    "title"
                } else if before && after {
                    "person both"
                } else if before {
                    "person before"
                } else {
                    "person after"
                };
                // Only a surname recurs alone as the person ("Edward Archer
                // ... Archer said"); a given name or a place before an
                // unknown word ("Sochi Development") says nothing about
                // the name's other mentions.
                if !m.division && (before || title_before(g, text, &toks, m)) {
                    person_keys.insert(match_key(&toks, m));
                }
                continue;
            }
            if !m.strong && single && initial[m.first] {
                why[mi] = "sentence start";
                needs_support.push(mi);
                continue;
            }
        }
        keep[mi] = true;
        accepted_keys.insert(match_key(&toks, m));
    }
    for mi in needs_support {
        if accepted_keys.contains(&match_key(&toks, &matches[mi])) {
            keep[mi] = true;
        }
    }
    // A surname recurs alone ("Edward Archer ... Archer claimed"): once a
    // name is part of a person's name, it is not a place elsewhere in the
    // text either, unless a feature word says so.
    if !person_keys.is_empty() {
        for (mi, m) in matches.iter().enumerate() {
            if keep[mi] && m.hint.is_none() && person_keys.contains(&match_key(&toks, m)) {
                keep[mi] = false;
                why[mi] = "person elsewhere";
            }
        }
    }

    for (mi, m) in matches.iter().enumerate() {
        if !keep[mi] {
            trace.push((m.start, m.end, why[mi]));
        }
    }
    let mut kept: Vec<Match> = matches
        .drain(..)
        .zip(keep)
        .filter_map(|(m, k)| k.then_some(m))
        .collect();
    spread_plural_hints(text, &mut kept);
    kept.into_iter()
        .map(|m| Toponym {
            start: m.start,
            end: m.end,
            candidates: m.candidates,
            kind_hint: m.hint,
            fuzzy: m.fuzzy,
        })
        .collect()
}

/// Counts the word n-grams of `text` that are names (see
/// [`Gazetteer::count_names`]).
pub(crate) fn count_names(g: &Gazetteer, text: &str) -> usize {
    let mut keys = String::new();
    let toks = tokenize(text, &mut keys);
    let mut key = String::new();
    let mut hits = 0;
    for i in 0..toks.len() {
        // One lookup per word, and more only up to the longest key that
        // starts with it (as `search` does): what any lookup of the
        // table's names must cost.
        let first = g.table.get(toks[i].key);
        hits += usize::from(first.is_some_and(|k| !k.places.is_empty()));
        let mut longest = first.map_or(0, |k| k.longest);
        if is_article_form(toks[i].key) {
            longest = longest.max(g.table.get("al").map_or(0, |k| k.longest));
        }
        for len in 2..=longest.min(g.max_words).min(toks.len() - i) {
            join_keys(&toks[i..i + len], &mut key);
            hits += usize::from(!g.postings_for(&key).is_empty());
        }
    }
    hits
}

/// The leftmost-longest search: place matches plus what covers each token.
fn search(
    g: &Gazetteer,
    text: &str,
    toks: &[Token],
    initial: &[bool],
    title_line: &[bool],
) -> (Vec<Match>, Vec<Cover>) {
    let n = toks.len();
    let mut cover = vec![Cover::Free; n];
    let mut matches: Vec<Match> = Vec::new();
    let mut key = String::new();
    let mut i = 0;
    while i < n {
        // A word with a lower-case letter starts no name: rule 1 wants a
        // capital, and the stoplist and the spelling skeletons only act on
        // capitalised words. This skips most words of running text.
        let t = &toks[i];
        if !t.upper_initial && !t.all_caps && t.letters > 0 {
            i += 1;
            continue;
        }
        // How many words from `i` on may form one name.
        let mut span = 1;
        while span < g.max_words
            && i + span < n
            && joinable(text, &toks[i + span - 1], &toks[i + span])
        {
            span += 1;
        }
        // No key has more words than the longest key that starts with
        // this word (or with "al", which article forms fold to inside a
        // name), so longer runs need no lookup.
        let first = g.table.get(toks[i].key);
        let mut longest = first.map_or(0, |k| k.longest);
        if is_article_form(toks[i].key) {
            longest = longest.max(g.table.get("al").map_or(0, |k| k.longest));
        }
        let mut found = None;
        let mut abbreviated_end = None;
        for len in (1..=span.min(longest)).rev() {
            // One word is its own key, already looked up.
            let info = if len == 1 {
                key.clear();
                key.push_str(toks[i].key);
                first
            } else {
                join_keys(&toks[i..i + len], &mut key);
                g.table.get(&key)
            };
            let stop = info.and_then(|k| k.stop);
            let places = info.map_or(&[][..], |k| k.places);
            if let Some(
                class @ (StopClass::Never
                | StopClass::Neutral
                | StopClass::Title
                | StopClass::Surname
                | StopClass::Org),
            ) = stop
            {
                // Only a capitalised word blocks: "the police" is not the
                // name of anything, so the words after it stay searchable.
                if !toks[i].upper_initial {
                    continue;
                }
                // A division feature word overrides the stoplist for the
                // entries of its kind: "Southwest region" (Cameroon), "Van
                // province"; not "Arab city".
                let feature = toks
                    .get(i + len)
                    .filter(|f| space_gap(text, &toks[i + len - 1], f))
                    .and_then(|_| feature_at(text, toks, i + len));
                if let Some((kind @ (FeatureKind::Admin1 | FeatureKind::Admin2), _, _)) = feature {
                    let fitting: Vec<PlaceId> =
                        capitalised_candidates(&toks[i..i + len], places, false, NO_ABBREVIATION)
                            .into_iter()
                            .filter(|&id| kind_fits(kind, g.kind(id)))
                            .collect();
                    if !fitting.is_empty() {
                        found = Some((len, Ok((fitting, false))));
                        break;
                    }
                }
                found = Some((len, Err(class)));
                break;
            }
            // Capitals are a name in a headline or a dateline ("KABUL,
            // Afghanistan"), an acronym anywhere else ("PIRA").
            let caps_ok = title_line[i] || initial[i];
            let abbreviation = AbbreviationContext::at(text, toks, i, len);
            let candidates =
                capitalised_candidates(&toks[i..i + len], places, caps_ok, abbreviation);
            // An abbreviation's period belongs to it ("Va."), which the
            // span shows.
            let with_period = abbreviation.period
                && places
                    .iter()
                    .any(|&p| posting_abbreviation(p) && candidates.contains(&posting_place(p)));
            if with_period {
                abbreviated_end = Some(toks[i + len - 1].end + 1);
            }
            if !candidates.is_empty() {
                found = Some((len, Ok((candidates, stop == Some(StopClass::Weak)))));
                break;
            }
        }
        let mut fuzzy = false;
        if found.is_none()
            && !title_line[i]
            && let Some((len, candidates)) = fuzzy_candidates(g, toks, i, span, &mut key)
        {
            found = Some((len, Ok((candidates, false))));
            fuzzy = true;
        }
        match found {
            None => i += 1,
            Some((len, Err(class))) => {
                for c in &mut cover[i..i + len] {
                    *c = Cover::Stop(class);
                }
                i += len;
            }
            Some((len, Ok((candidates, weak)))) => {
                let (mut strong, mut famous, division) = strength(g, &candidates);
                // A name spelled differently from every gazetteer spelling
                // is never well-known by itself.
                strong &= !fuzzy;
                famous &= !fuzzy;
                let country = candidates_have_country(g, &candidates);
                let city = !fuzzy
                    && candidates.iter().any(|&id| {
                        g.kind(id) == FeatureKind::PopulatedPlace
                            && g.population(id) >= STRONG_POPULATION
                    });
                let mut m = Match {
                    first: i,
                    last: i + len,
                    candidates,
                    weak,
                    strong,
                    famous,
                    division,
                    country,
                    city,
                    start: toks[i].start,
                    end: abbreviated_end.unwrap_or(toks[i + len - 1].end),
                    hint: None,
                    plural_after: false,
                    plural_before: false,
                    fuzzy,
                };
                let mut next = i + len;
                // A name that ends in a feature word ("Borno State",
                // "Kunduz Province") carries its hint too, when it names
                // something of that kind ("United States" does not).
                if len >= 2
                    && let Some((kind, _)) = feature_word(toks[i + len - 1].key)
                    && m.candidates.iter().any(|&id| kind_fits(kind, g.kind(id)))
                {
                    m.hint = Some(kind);
                }
                if let Some(f) = toks.get(next)
                    && space_gap(text, &toks[next - 1], f)
                    && let Some((kind, plural, words)) = feature_at(text, toks, next)
                {
                    m.hint = Some(kind);
                    m.plural_after = plural;
                    m.end = toks[next + words - 1].end;
                    next += words;
                } else if let Some((kind, plural, start)) =
                    feature_before(g, text, toks, &cover, (i, next), &m.candidates)
                {
                    m.hint = Some(kind);
                    m.plural_before = plural;
                    m.start = start;
                }
                for c in &mut cover[i..next] {
                    *c = Cover::Place(matches.len());
                }
                matches.push(m);
                i = next;
            }
        }
    }
    (matches, cover)
}

/// The words of `toks` as one name key (see [`key_word`]).
fn join_keys(toks: &[Token], key: &mut String) {
    key.clear();
    for (k, t) in toks.iter().enumerate() {
        if k > 0 {
            key.push(' ');
        }
        key.push_str(key_word(t.key, k, toks.len()));
    }
}

/// The longest run of capitalised words at `i` (at most three, and at most
/// `span`) that no exact name starts, whose spelling skeleton is a
/// gazetteer name's: "Konduz", "Lashkargah", "Mahmoudiyah". Words in
/// capitals (acronyms), stoplisted words and short names are left alone.
fn fuzzy_candidates(
    g: &Gazetteer,
    toks: &[Token],
    i: usize,
    span: usize,
    key: &mut String,
) -> Option<(usize, Vec<PlaceId>)> {
    let mut skeleton = Vec::new();
    for len in (1..=span.min(3)).rev() {
        let words = toks.get(i..i + len)?;
        let name_like = words.iter().all(|t| {
            t.upper_initial && !t.all_caps && t.letters > 0 && g.stop_class(t.key).is_none()
        });
        let letters: usize = words.iter().map(|t| t.letters).sum();
        if !name_like || letters < crate::text::MIN_SKELETON_LETTERS {
            continue;
        }
        join_keys(words, key);
        skeleton.clear();
        push_skeleton(key, &mut skeleton);
        let spelling: String = key.chars().filter(|&c| c != ' ').collect();
        // A skeleton joins many words; only spellings a letter or two off
        // the name's are variants of it ("Konduz", "Mahmoudiyah"), not
        // other words ("Siege" and Segou, "Troubles" and Trablous).
        let allowed = (spelling.len() / MAX_EDITS_PER).max(1);
        let candidates: Vec<PlaceId> = g
            .skeleton_candidates(&skeleton, &spelling)
            .into_iter()
            .filter(|&(_, d)| d <= allowed)
            .map(|(id, _)| id)
            .collect();
        if !candidates.is_empty() {
            return Some((len, candidates));
        }
    }
    None
}

/// A spelling variant may differ from the name by one edit per this many
/// letters (at least one).
const MAX_EDITS_PER: usize = 5;

/// Lower-case words that join a name to the word before it: Arabic and
/// Persian articles and the ezafe ("Liwa al-Quds", "Qala-e-Qazi"), Romance
/// prepositions ("Ejercito de Liberacion").
const CONNECTORS: &[&str] = &[
    "al", "el", "ul", "ud", "ad", "ash", "as", "at", "an", "ar", "az", "e", "i", "ye", "de", "del",
    "di", "da", "do", "dos", "das", "du", "des",
];

/// Lower-case words that may follow a place name after a hyphen to make an
/// adjective ("Kabul-based", "Taliban-held"); any other lower-case word
/// there continues the name ("Cho-airong", "Qala-e-Qazi"), and then the
/// gazetteer name is only its first part.
const HYPHEN_SUFFIXES: &[&str] = &[
    "based",
    "led",
    "born",
    "bound",
    "run",
    "held",
    "style",
    "type",
    "era",
    "area",
    "wide",
    "made",
    "owned",
    "linked",
    "backed",
    "allied",
    "aligned",
    "affiliated",
    "controlled",
    "occupied",
    "administered",
    "ruled",
    "centred",
    "centered",
    "registered",
    "flagged",
    "bred",
    "raised",
    "trained",
    "funded",
    "sponsored",
    "supported",
    "inspired",
    "oriented",
    "focused",
    "specific",
    "related",
    "speaking",
    "dominated",
    "majority",
    "populated",
    "bordering",
    "border",
    "friendly",
    "native",
    "origin",
    "class",
    "level",
    "time",
    "only",
];

/// Nouns for vehicles and weapons, which are often named after places
/// ("Chinook helicopter", "Grad rockets", "Scud missile").
const EQUIPMENT: &[&str] = &[
    "helicopter",
    "helicopters",
    "gunship",
    "gunships",
    "aircraft",
    "jet",
    "jets",
    "plane",
    "planes",
    "drone",
    "drones",
    "missile",
    "missiles",
    "rocket",
    "rockets",
    "rifle",
    "rifles",
    "tank",
    "tanks",
    "launcher",
    "launchers",
    "howitzer",
    "howitzers",
    "carbine",
    "pistol",
    "frigate",
    "destroyer",
    "submarine",
];

/// Whether a match is only part of a longer name that is not a place:
/// the name of an organisation ("Liwa al-Quds", "Ejercito de Liberacion
/// Nacional"), a name the gazetteer knows only the start of ("Cho-airong",
/// "Qala-e-Qazi", "Hayy al-Nasr"), or a vehicle or weapon ("Chinook
/// helicopter", "Grad rockets"). A well-known place survives all but the
/// first ("Universidad de Antioquia", "Kabul-based").
fn part_of_longer_name(
    text: &str,
    toks: &[Token],
    cover: &[Cover],
    initial: &[bool],
    m: &Match,
) -> bool {
    let joined = |a: &Token, b: &Token| space_gap(text, a, b) || gap(text, a, b) == "-";
    // The word before the name, and the word before that when the first
    // is a connector ("Liwa al-Quds").
    let before = m
        .first
        .checked_sub(1)
        .filter(|&p| joined(&toks[p], &toks[m.first]));
    let (head, through_connector) = match before {
        Some(p) if !toks[p].upper_initial && CONNECTORS.contains(&toks[p].key) => (
            p.checked_sub(1).filter(|&q| joined(&toks[q], &toks[p])),
            true,
        ),
        other => (other, false),
    };
    if let Some(h) = head {
        if cover[h] == Cover::Stop(StopClass::Org) {
            return true;
        }
        // "Hayy al-Nasr", "Ejercito de Liberacion": a capitalised word that
        // is not a place, then a connector. Not at a sentence start, where
        // the word may be any word ("In al-Qaim ...").
        let name_head = toks[h].upper_initial
            && !initial[h]
            && matches!(
                cover[h],
                Cover::Free | Cover::Stop(StopClass::Never | StopClass::Title | StopClass::Surname)
            );
        if through_connector && name_head && !m.strong && !m.country {
            return true;
        }
    }
    let Some(next) = toks.get(m.last) else {
        return false;
    };
    let last = &toks[m.last - 1];
    // Vehicles and weapons are named after provinces too ("Grad"); only a
    // country or a city is a place in "a Kandahar rocket attack".
    if !m.country
        && !m.city
        && space_gap(text, last, next)
        && !next.upper_initial
        && EQUIPMENT.contains(&next.key)
    {
        return true;
    }
    if m.strong || m.country {
        return false;
    }
    // "Hayy al-Nasr", "Santa Cruz de Guachavez": a connector and a
    // capitalised word continue the name.
    if let Some(after) = toks.get(m.last + 1)
        && !next.upper_initial
        && CONNECTORS.contains(&next.key)
        && joined(last, next)
        && joined(next, after)
        && after.upper_initial
    {
        return true;
    }
    gap(text, last, next) == "-"
        && !next.upper_initial
        && next.letters > 0
        && !HYPHEN_SUFFIXES.contains(&next.key)
        && !next.key.ends_with("ed")
}

/// "the province of Kandahar", "the Malian city of Gao": a feature word and
/// "of" before the name at tokens `i..after`. It belongs to this name only when it
/// is free (not absorbed by a name before it, as in "Pulwama district of
/// Jammu and Kashmir"), no capitalised name precedes it ("the Shabelle
/// region of Somalia") and the name has a candidate of that kind.
fn feature_before(
    g: &Gazetteer,
    text: &str,
    toks: &[Token],
    cover: &[Cover],
    (i, after): (usize, usize),
    candidates: &[PlaceId],
) -> Option<(FeatureKind, bool, usize)> {
    let (of, f) = (i.checked_sub(1)?, i.checked_sub(2)?);
    if toks[of].key != "of"
        || !space_gap(text, &toks[f], &toks[of])
        || !space_gap(text, &toks[of], &toks[i])
        || matches!(cover[f], Cover::Place(_))
    {
        return None;
    }
    let (kind, plural) = feature_word(toks[f].key)?;
    if let Some(p) = f.checked_sub(1) {
        let name_before = toks[p].upper_initial
            && space_gap(text, &toks[p], &toks[f])
            && !matches!(cover[p], Cover::Stop(StopClass::Neutral))
            && !sentence_initial(text, toks, p, g);
        if name_before && !matches!(cover[p], Cover::Place(_)) {
            return None;
        }
    }
    // "the village of Las Brisas": a capitalised word the gazetteer does
    // not know continues the name, so the gazetteer name is another place.
    let continued = toks.get(after).is_some_and(|n| {
        n.upper_initial && space_gap(text, &toks[after - 1], n) && g.stop_class(n.key).is_none()
    });
    let fits = candidates.iter().any(|&id| kind_fits(kind, g.kind(id)));
    (fits && !continued).then_some((kind, plural, toks[f].start))
}

/// Whether an entry of kind `entry` can be what a feature word of kind
/// `feature` names: its own kind, or for "province"/"region" either
/// division level (countries split their levels differently).
fn kind_fits(feature: FeatureKind, entry: FeatureKind) -> bool {
    use FeatureKind::{Admin1, Admin2};
    feature == entry || (feature == Admin1 && entry == Admin2)
}

/// Where an abbreviation of a division may stand (see
/// [`AbbreviationContext::at`]).
#[derive(Debug, Clone, Copy)]
struct AbbreviationContext {
    /// The words may be an abbreviation written without a period ("VA",
    /// "Ky").
    bare: bool,
    /// ... or one written with its period ("Va.").
    period: bool,
}

const NO_ABBREVIATION: AbbreviationContext = AbbreviationContext {
    bare: false,
    period: false,
};

impl AbbreviationContext {
    /// Division abbreviations are short and most are also words or names
    /// ("Miss.", "Mass.", "Ill.", "La", "OR"), so a one-word form is taken
    /// only where news writes one: after a capitalised word and a comma
    /// ("Richmond, Va.", "Portland, OR", "RICHMOND, Va. -") or in a party
    /// label ("Sen. Tim Kaine, D-Va."); a form written with a period only
    /// with it. Dotted forms of two letters or more ("N.Y.", "W.Va.") need
    /// no context.
    fn at(text: &str, toks: &[Token], i: usize, len: usize) -> AbbreviationContext {
        let Some(last) = toks.get(i + len - 1) else {
            return NO_ABBREVIATION;
        };
        let period = text.as_bytes().get(last.end) == Some(&b'.');
        let placed = len > 1
            || i.checked_sub(1).is_some_and(|p| {
                let (prev, this) = (&toks[p], &toks[i]);
                let g = gap(text, prev, this);
                let after_name = prev.upper_initial
                    && g.starts_with(',')
                    && g[1..].trim().is_empty()
                    && g.len() > 1;
                let party = g == "-" && prev.all_caps && matches!(prev.key, "d" | "r" | "i");
                after_name || party
            });
        // A bare abbreviation in capitals ("Portland, OR") or ending the
        // name ("Louisville, Ky said"); one that runs on into a name is
        // that name's first word: "Ercilla, La Araucania" is not
        // Louisiana.
        let capitals = toks[i..i + len]
            .iter()
            .all(|t| t.all_caps || t.letters == 0);
        let runs_on = toks
            .get(i + len)
            .is_some_and(|next| next.upper_initial && gap(text, last, next).trim().is_empty());
        AbbreviationContext {
            bare: placed && (capitals || !runs_on),
            period: placed && period,
        }
    }
}

/// The candidates among `postings` (the places of the key of `words`)
/// that the capitalisation of `words` allows (rule 1), and the
/// abbreviations the context allows.
fn capitalised_candidates(
    words: &[Token],
    postings: &[u32],
    caps_ok: bool,
    abbreviation: AbbreviationContext,
) -> Vec<PlaceId> {
    if postings.is_empty() {
        return Vec::new();
    }
    if postings.iter().any(|&p| posting_abbreviation(p)) {
        let first_capital = words.first().is_some_and(|t| t.upper_initial);
        let (abbreviations, names): (Vec<u32>, Vec<u32>) =
            postings.iter().partition(|&&p| posting_abbreviation(p));
        let mut out = capitalised_candidates(words, &names, caps_ok, NO_ABBREVIATION);
        // A division named in full and abbreviated with the same letters
        // is one candidate.
        if first_capital {
            for &p in &abbreviations {
                let fits = if posting_period(p) {
                    abbreviation.period
                } else {
                    abbreviation.bare
                };
                if fits && !out.contains(&posting_place(p)) {
                    out.push(posting_place(p));
                }
            }
        }
        return out;
    }
    let all_caps = words.iter().all(|t| t.all_caps || t.letters == 0);
    let letters: usize = words.iter().map(|t| t.letters).sum();
    if all_caps {
        let long = letters >= 4 && caps_ok;
        return postings
            .iter()
            .filter(|&&p| posting_acronym(p) || long)
            .map(|&p| posting_place(p))
            .collect();
    }
    let capitalised = words.first().is_some_and(|t| t.upper_initial)
        && words.iter().all(|t| t.upper_initial || t.letters < 4);
    if !capitalised {
        return Vec::new();
    }
    postings
        .iter()
        .filter(|&&p| !posting_acronym(p))
        .map(|&p| posting_place(p))
        .collect()
}

fn candidates_have_country(g: &Gazetteer, candidates: &[PlaceId]) -> bool {
    candidates
        .iter()
        .any(|&id| g.kind(id) == FeatureKind::Country)
}

fn strength(g: &Gazetteer, candidates: &[PlaceId]) -> (bool, bool, bool) {
    let (mut strong, mut famous, mut division) = (false, false, false);
    for &id in candidates {
        let e = g.entry(id);
        match e.kind {
            FeatureKind::Country => {
                strong = true;
                famous = true;
                division = true;
            }
            // The parishes of Bermuda ("Smith's", "Hamilton") are no
            // evidence of a place the way Afghan provinces are.
            FeatureKind::Admin1 => {
                let big = g.country_population(e.country) >= BIG_COUNTRY_POPULATION;
                strong |= big;
                famous |= big;
                division = true;
            }
            FeatureKind::PopulatedPlace => {
                strong |= e.population >= STRONG_POPULATION;
                famous |= e.population >= FAMOUS_POPULATION;
            }
            FeatureKind::Admin2 => {}
        }
    }
    (strong, famous, division)
}

fn match_key(toks: &[Token], m: &Match) -> String {
    toks[m.first..m.last]
        .iter()
        .map(|t| t.key)
        .collect::<Vec<_>>()
        .join(" ")
}

fn gap<'t>(text: &'t str, a: &Token, b: &Token) -> &'t str {
    text.get(a.end..b.start).unwrap_or("")
}

/// Only blanks between two words.
fn space_gap(text: &str, a: &Token, b: &Token) -> bool {
    let g = gap(text, a, b);
    !g.is_empty() && g.chars().all(|c| c == ' ' || c == '\t' || c == '\u{a0}')
}

/// Whether two neighbouring words may belong to one name: blanks, a hyphen,
/// an ampersand ("Jammu & Kashmir"), a plural possessive ("Workers'
/// Party") or the period of an abbreviation ("St. Louis", "U.S.").
fn joinable(text: &str, a: &Token, b: &Token) -> bool {
    let g = gap(text, a, b);
    // "Kurdistan Workers' Party": a plural possessive stays in the name.
    let plural_possessive = matches!(g, "' " | "\u{2019} ") && a.key.ends_with('s');
    if space_gap(text, a, b) || g == "-" || g.trim() == "&" || plural_possessive {
        return true;
    }
    let abbreviation = a.letters <= 3 && a.upper_initial;
    abbreviation && matches!(g, "." | ". " | ".-")
}

/// Whether the word starts a sentence, a line or a clause after a colon.
fn sentence_initial(text: &str, toks: &[Token], i: usize, g: &Gazetteer) -> bool {
    let Some(before) = text.get(..toks[i].start) else {
        return false;
    };
    for c in before.chars().rev() {
        match c {
            ' ' | '\t' | '"' | '\'' | '(' | '[' | '\u{201c}' | '\u{2018}' | '*' => continue,
            '\n' | '\r' | '!' | '?' | ':' | ';' | '|' => return true,
            '.' => {
                // "St. Louis" and "Gen. Raziq" do not start sentences.
                let prev = i.checked_sub(1).and_then(|p| toks.get(p));
                return !prev.is_some_and(|p| {
                    (p.letters <= 2 && p.upper_initial)
                        || g.stop_class(p.key) == Some(StopClass::Title)
                });
            }
            _ => return false,
        }
    }
    true
}

/// For each token, whether its line is written in title case or capitals
/// (a headline), where capitalisation says nothing about names.
fn title_lines(text: &str, toks: &[Token]) -> Vec<bool> {
    let mut line_of = Vec::with_capacity(toks.len());
    let mut line = 0;
    let mut prev_end = 0;
    for t in toks {
        line += text
            .as_bytes()
            .get(prev_end..t.start)
            .unwrap_or(&[])
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        line_of.push(line);
        prev_end = t.end;
    }
    let lines = line + 1;
    let mut long = vec![0usize; lines];
    let mut upper = vec![0usize; lines];
    for (t, &l) in toks.iter().zip(&line_of) {
        if t.letters >= 4 {
            long[l] += 1;
            if t.upper_initial {
                upper[l] += 1;
            }
        }
    }
    // Running text has lower-case words of four letters or more ("was
    // killed"); a headline has none ("Taliban Kill Nine Police In Ghor").
    line_of
        .iter()
        .map(|&l| long[l] >= 3 && upper[l] == long[l])
        .collect()
}

fn locative_before(toks: &[Token], m: &Match) -> bool {
    m.first
        .checked_sub(1)
        .and_then(|p| toks.get(p))
        .is_some_and(|p| LOCATIVES.contains(&p.key))
}

/// "Mobile, Alabama": the next match follows after a comma and names a
/// country or first-level division.
fn division_after(text: &str, matches: &[Match], mi: usize) -> bool {
    let (Some(m), Some(next)) = (matches.get(mi), matches.get(mi + 1)) else {
        return false;
    };
    next.division && text.get(m.end..next.start).is_some_and(|g| g.trim() == ",")
}

fn title_before(g: &Gazetteer, text: &str, toks: &[Token], m: &Match) -> bool {
    let Some(p) = m.first.checked_sub(1) else {
        return false;
    };
    let gap = gap(text, &toks[p], &toks[m.first]);
    let close = matches!(gap, " " | ". " | ".  ");
    close && g.stop_class(toks[p].key) == Some(StopClass::Title)
}

/// Rule 5: whether the word before / after the name is a capitalised word
/// that is neither a known
/// place, a common word, a demonym, a feature word nor an acronym: most
/// likely the rest of a person's name ("Hamid Karzai", "Edward Archer",
/// "Alfred P. Murrah"). Given names and titles count before the name only:
/// "Farah Governor ..." is about Farah.
///
/// A word the text also writes in lower case ("Huntsville Fire
/// Department" next to "the fire"), or one of [`INSTITUTION_WORDS`], is a
/// common noun: the name is the place an organisation or building is
/// named after, not a person's. So is a place across a hyphen
/// ("Fargo-Moorhead", "Athens-Clarke"), and a party label's capital
/// ("Sen. Ray Miller, D-Columbus").
fn person_neighbours(
    text: &str,
    toks: &[Token],
    cover: &[Cover],
    matches: &[Match],
    m: &Match,
    lower: &HashSet<&str, FxBuild>,
) -> (bool, bool) {
    let suspicious = |i: usize, before: bool, hyphen: bool| -> bool {
        let t = &toks[i];
        // Acronyms ("UN", "NDS") are organisations; a single capital is
        // an initial, unless it is a party label ("D-Columbus").
        if !t.upper_initial || (t.all_caps && t.letters >= 2 && t.letters <= 5) {
            return false;
        }
        if before && hyphen && t.letters == 1 && matches!(t.key, "d" | "r" | "i") {
            return false;
        }
        // An initial ("Steven W. Keith", "Terry A. Corbin"), even one that
        // is also a word ("A").
        if t.letters == 1 && t.all_caps && text.as_bytes().get(t.end) == Some(&b'.') {
            return true;
        }
        if !before && feature_word(t.key).is_some() {
            return false;
        }
        match cover[i] {
            Cover::Stop(StopClass::Title) => before,
            Cover::Stop(StopClass::Surname) => true,
            Cover::Stop(_) => false,
            // Two small places side by side are a person's names ("Austin
            // Currie"); a famous one is a place ("Kabul Herat highway"),
            // and so is one across a hyphen ("Fargo-Moorhead").
            Cover::Place(j) => !hyphen && !matches.get(j).is_some_and(|o| o.famous),
            Cover::Free => {
                t.letters <= 1
                    || !(lower.contains(t.key) || INSTITUTION_WORDS.binary_search(&t.key).is_ok())
            }
        }
    };
    // Neighbours are joined by blanks or a hyphen ("Bar-Ilan University").
    let close = |a: &Token, b: &Token| space_gap(text, a, b) || gap(text, a, b) == "-";
    let before = m.first.checked_sub(1).is_some_and(|p| {
        let g = gap(text, &toks[p], &toks[m.first]);
        let initial = toks[p].letters == 1 && toks[p].all_caps && g == ". ";
        (close(&toks[p], &toks[m.first]) || initial) && suspicious(p, true, g == "-")
    });
    let after = toks.get(m.last).is_some_and(|q| {
        let hyphen = gap(text, &toks[m.last - 1], q) == "-";
        close(&toks[m.last - 1], q) && suspicious(m.last, false, hyphen)
    });
    (before, after)
}

/// Capitalised common nouns and adjectives that follow a place's name in
/// the names of organisations, offices, buildings and events ("Huntsville
/// Fire Department", "Gainesville Public Utilities", "Athens Regional
/// Park", "Sochi Development Program"), sorted for binary search. After a
/// name they say "an institution of this place", never "a person's
/// surname".
const INSTITUTION_WORDS: &[&str] = &[
    "academy",
    "agency",
    "airport",
    "area",
    "arena",
    "assembly",
    "association",
    "authority",
    "bank",
    "bar",
    "board",
    "borough",
    "branch",
    "bridge",
    "bureau",
    "bypass",
    "campus",
    "cathedral",
    "cemetery",
    "center",
    "centre",
    "chamber",
    "chapter",
    "church",
    "circuit",
    "civic",
    "club",
    "college",
    "commission",
    "committee",
    "community",
    "conference",
    "convention",
    "corporation",
    "council",
    "court",
    "courthouse",
    "daily",
    "dam",
    "department",
    "development",
    "diocese",
    "district",
    "division",
    "education",
    "elementary",
    "emergency",
    "environmental",
    "exchange",
    "fair",
    "fairgrounds",
    "festival",
    "fire",
    "forum",
    "foundation",
    "gazette",
    "hall",
    "harbor",
    "harbour",
    "health",
    "herald",
    "heritage",
    "high",
    "highway",
    "historical",
    "hospital",
    "hotel",
    "housing",
    "industrial",
    "inn",
    "institute",
    "international",
    "journal",
    "junior",
    "law",
    "league",
    "library",
    "mall",
    "marathon",
    "marina",
    "market",
    "medical",
    "memorial",
    "metro",
    "metropolitan",
    "middle",
    "museum",
    "news",
    "observer",
    "office",
    "olympic",
    "opera",
    "orchestra",
    "park",
    "parks",
    "partnership",
    "planning",
    "plant",
    "police",
    "port",
    "post",
    "prison",
    "public",
    "quarter",
    "railway",
    "recreation",
    "regional",
    "reservoir",
    "review",
    "road",
    "rodeo",
    "school",
    "schools",
    "seminary",
    "senior",
    "seniors",
    "service",
    "services",
    "sheriff",
    "society",
    "square",
    "stadium",
    "star",
    "station",
    "street",
    "symphony",
    "tax",
    "technical",
    "telegraph",
    "theater",
    "theatre",
    "times",
    "tower",
    "township",
    "trail",
    "transit",
    "tribune",
    "union",
    "university",
    "utilities",
    "utility",
    "volunteer",
    "water",
    "weekly",
    "zoo",
];

/// "Helmand and Farah provinces": a plural feature word applies to the
/// names listed before it (or after it, for "provinces of A and B").
fn spread_plural_hints(text: &str, kept: &mut [Match]) {
    let joined = |a: &Match, b: &Match| -> bool {
        let g = text.get(a.end..b.start).unwrap_or("").trim();
        matches!(g, "," | "and" | ", and" | "or" | ", or" | "&" | "/")
    };
    for k in 0..kept.len() {
        if kept[k].plural_after {
            let hint = kept[k].hint;
            let mut j = k;
            while j > 0 && joined(&kept[j - 1], &kept[j]) && kept[j - 1].hint.is_none() {
                kept[j - 1].hint = hint;
                j -= 1;
            }
        }
        if kept[k].plural_before {
            let hint = kept[k].hint;
            let mut j = k;
            while j + 1 < kept.len() && joined(&kept[j], &kept[j + 1]) && kept[j + 1].hint.is_none()
            {
                kept[j + 1].hint = hint;
                j += 1;
            }
        }
    }
}
