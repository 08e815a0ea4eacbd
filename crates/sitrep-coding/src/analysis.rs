//! The first pass over a document: normalised text, sentences, tokens, and
//! everything the sentences mention, resolved against the report's context.
//!
//! All offsets in this module are byte offsets into the *normalised* text;
//! [`Analysis::to_original`] maps them back.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ops::Range;

use sitrep_actors::{MentionKind, Role};
use sitrep_dates::DateMention;
use sitrep_geo::{FeatureKind, GeoContext, PlaceId};
use sitrep_lexicon::CueMatch;
use sitrep_model::{ActorRef, ActorType, CountryCode, Date, Diagnostic, Document, Span};
use sitrep_text::{Normalized, Quantity};

use crate::Knowledge;

/// One sentence and what it mentions.
pub(crate) struct Sentence {
    pub range: Range<usize>,
    pub paragraph: usize,
    /// Token byte ranges (absolute, normalised text).
    pub tokens: Vec<Range<usize>>,
    /// Lower-cased tokens, for the coder's function-word tests: token `i`
    /// is `lower_text[lower[i]]` (see [`Sentence::word`]). One buffer per
    /// sentence rather than a string per token.
    lower_text: String,
    lower: Vec<Range<u32>>,
    /// Whether each token starts with an upper-case letter.
    pub caps: Vec<bool>,
    /// Lexicon matches; their `tokens` index `self.tokens`.
    pub cues: Vec<CueMatch>,
    pub quantities: Vec<Quantity>,
    pub dates: Vec<DateMention>,
    /// Indices into [`Analysis::actors`], in text order.
    pub actors: Vec<usize>,
    /// Indices into [`Analysis::places`], in text order.
    pub places: Vec<usize>,
}

impl Sentence {
    /// The index of the token that starts at or contains `offset`, or the
    /// first token after it.
    pub fn token_at(&self, offset: usize) -> usize {
        self.tokens.partition_point(|t| t.end <= offset)
    }

    /// The lower-cased token at `i`, or "" past the end.
    pub fn word(&self, i: usize) -> &str {
        self.lower
            .get(i)
            .and_then(|r| self.lower_text.get(r.start as usize..r.end as usize))
            .unwrap_or("")
    }

    /// Whether any of the `n` tokens before token `i` is one of `words`.
    pub fn preceded_by(&self, i: usize, n: usize, words: &[&str]) -> bool {
        (i.saturating_sub(n)..i).any(|j| words.contains(&self.word(j)))
    }

    pub fn capitalised(&self, i: usize) -> bool {
        self.caps.get(i).copied().unwrap_or(false)
    }

    pub fn is_punct(&self, i: usize) -> bool {
        !self
            .word(i)
            .starts_with(|c: char| c.is_alphanumeric() || c == '\'')
    }
}

/// An actor mention with the actor it names in this report's context.
#[derive(Debug, Clone)]
pub(crate) struct ActorMention {
    pub start: usize,
    pub end: usize,
    pub actor: ActorRef,
    /// A dictionary actor ("Taliban"), not a role noun ("gunmen").
    pub named: bool,
    pub role: Option<Role>,
    /// Preceded by "the" ("the militants"): may refer back to a named actor.
    pub definite: bool,
    /// The mention is a source of information ("police said", "according to
    /// the Military Times"), not a participant.
    pub source: bool,
}

impl ActorMention {
    /// ACLED's armed actor types: state forces, rebels, militias, external
    /// forces.
    pub fn armed(&self) -> bool {
        is_armed(self.actor.inter)
    }

    pub fn non_state_armed(&self) -> bool {
        matches!(
            self.actor.inter,
            ActorType::RebelGroups | ActorType::PoliticalMilitias | ActorType::IdentityMilitias
        )
    }
}

pub(crate) fn is_armed(inter: ActorType) -> bool {
    matches!(
        inter,
        ActorType::StateForces
            | ActorType::RebelGroups
            | ActorType::PoliticalMilitias
            | ActorType::IdentityMilitias
            | ActorType::ExternalOtherForces
    )
}

/// A toponym resolved to a gazetteer entry.
#[derive(Debug, Clone)]
pub(crate) struct PlaceMention {
    pub start: usize,
    pub end: usize,
    pub id: PlaceId,
    pub kind: FeatureKind,
    /// Named only to describe geography ("located to the north of
    /// Helmand"), not as where something happened.
    pub descriptive: bool,
    /// The event happened near it, not in it ("30 km north of Kabul", "on
    /// the outskirts of Kandahar").
    pub near: bool,
    /// Named as where someone came from ("militants from Pakistan").
    pub origin: bool,
}

/// A rendered generic actor and what it was rendered for: role, country and
/// date.
type GenericKey = (Role, Option<CountryCode>, Date, ActorRef);

/// The analysed document.
pub(crate) struct Analysis<'k> {
    pub k: &'k Knowledge,
    pub doc: &'k Document,
    pub norm: Normalized,
    pub published: Date,
    pub sentences: Vec<Sentence>,
    pub actors: Vec<ActorMention>,
    /// Indices into `actors` of the named non-state armed actors, in text
    /// order: what `frames::topic_before` searches, once per clause, so it
    /// must not rescan every mention (quadratic on a run-on page).
    pub named_armed: Vec<usize>,
    pub places: Vec<PlaceMention>,
    /// The country the report is about, when it can be told.
    pub focus: Option<CountryCode>,
    /// The first sub-national place named in the title or opening sentence,
    /// where undated, unplaced events of the report are assumed to be.
    pub main_place: Option<usize>,
    /// Demonyms ("Afghan", "Iraqis"): byte span and country, in text order.
    pub demonyms: Vec<(usize, usize, CountryCode)>,
    /// Generic actors already rendered for this report ([`Analysis::generic`]):
    /// a report names "Civilians (Afghanistan)" clause after clause, and
    /// rendering the name from its template each time was a noticeable
    /// share of coding a lede. A cache of a pure function, local to one
    /// report, so it cannot change a result.
    generics: RefCell<Vec<GenericKey>>,
}

/// Words that make the actor before them a source of information.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tell",
    "reported",
    "reports",
    "report",
    "stated",
    "confirmed",
    "announced",
    "added",
    "spokesman",
    "spokesperson",
    "statement",
    "claimed",
    "claims",
    "noted",
    "explained",
    "according",
    "quoted",
    "warned",
    "insisted",
    "alleged",
];

impl<'k> Analysis<'k> {
    pub fn new(k: &'k Knowledge, doc: &'k Document, diagnostics: &mut Vec<Diagnostic>) -> Self {
        let norm = Normalized::new(&doc.text);
        let text = norm.text();
        let published = doc
            .published
            .or_else(|| sitrep_dates::find_publication_date(text).map(|(_, d)| d))
            .unwrap_or_else(|| {
                diagnostics.push(Diagnostic::warning(
                    "no publication date: relative dates are resolved against 1970-01-01",
                ));
                Date::constant(1970, 1, 1)
            });

        // The dictionary searches over the whole text come first: the
        // gazetteer's search holds several times the text's size in word
        // tables while it runs, and on a long page that peak should not
        // come on top of the sentences' tokens and matches.
        let (raw_actors, demonyms) = k.actors.find_with_demonyms(text);
        let toponyms = k.gazetteer.find_toponyms(text);

        let paragraphs = sitrep_text::paragraphs(text);
        let (ranges, cuts) = sitrep_text::sentences_with_cuts(text);
        let mut sentences = Vec::with_capacity(ranges.len());
        if cuts > 0 {
            diagnostics.push(Diagnostic::warning(format!(
                "{cuts} sentence(s) longer than {} bytes (text without punctuation?) were cut at word breaks",
                sitrep_text::MAX_SENTENCE_BYTES
            )));
        }
        for range in ranges {
            // Both lists are in text order: the paragraph is the last one
            // starting at or before the sentence.
            let paragraph = paragraphs
                .partition_point(|p| p.start <= range.start)
                .saturating_sub(1);
            sentences.push(sentence(k, text, range, paragraph, published));
        }

        let mut analysis = Analysis {
            k,
            doc,
            norm,
            published,
            sentences,
            actors: Vec::new(),
            named_armed: Vec::new(),
            places: Vec::new(),
            focus: None,
            main_place: None,
            demonyms: Vec::new(),
            generics: RefCell::new(Vec::new()),
        };
        analysis.find_mentions(raw_actors, demonyms, toponyms);
        analysis
    }

    pub fn text(&self) -> &str {
        self.norm.text()
    }

    /// Maps a normalised span back to the original document text.
    pub fn to_original(&self, range: Range<usize>) -> Span {
        let r = self.norm.to_original(range);
        Span::new(r.start, r.end)
    }

    /// Settles the country focus from the actors and places found over the
    /// whole text, resolves both, and files them under their sentences.
    fn find_mentions(
        &mut self,
        raw_actors: Vec<sitrep_actors::ActorMention>,
        demonyms: Vec<(usize, usize, CountryCode)>,
        toponyms: Vec<sitrep_geo::Toponym>,
    ) {
        let text = self.norm.text();

        // Country hints: named actors with a country, demonyms, and the
        // countries of toponyms, each counted once per mention. The title
        // (the first sentence) counts double: it says what the report is
        // about.
        let title_end = self.sentences.first().map_or(0, |s| s.range.end);
        let mut hints: BTreeMap<CountryCode, f32> = BTreeMap::new();
        let weight = |start: usize| if start < title_end { 2.0 } else { 1.0 };
        for m in &raw_actors {
            if let MentionKind::Named { candidates } = &m.kind
                && let Some(a) = self
                    .k
                    .actors
                    .resolve_named(candidates, self.published, None)
                && let Some(c) = a.country
            {
                // A named non-state group (ELN, Boko Haram, al-Shabaab)
                // fights where it is from; state forces often fight abroad.
                let w = if a.inter == ActorType::StateForces
                    || a.inter == ActorType::ExternalOtherForces
                    || !is_armed(a.inter)
                {
                    0.5
                } else {
                    1.0
                };
                *hints.entry(c).or_default() += w * weight(m.start);
            }
        }
        // The toponyms' spans by start, each with the furthest end of it and
        // those before it: whether a span overlaps one of them is a binary
        // search, not a pass over the report's toponyms (which made huge
        // single documents quadratic).
        let mut spans: Vec<(usize, usize)> = toponyms.iter().map(|t| (t.start, t.end)).collect();
        spans.sort_unstable();
        let mut furthest = 0;
        for s in &mut spans {
            furthest = furthest.max(s.1);
            s.1 = furthest;
        }
        let overlaps_toponym = |start: usize, end: usize| {
            let n = spans.partition_point(|&(s, _)| s < end);
            n > 0 && spans[n - 1].1 > start
        };
        for &(start, end, c) in &demonyms {
            // A country's name that is also a toponym ("Georgia") is the
            // gazetteer's to judge: the word must not vote for one of its
            // own senses.
            if overlaps_toponym(start, end) {
                continue;
            }
            *hints.entry(c).or_default() += 0.5 * weight(start);
        }
        self.demonyms = demonyms;
        let ctx = GeoContext {
            country_weights: hints.iter().map(|(c, w)| (*c, *w)).collect(),
        };
        // Toponyms inside an actor's name ("Islamic State Khorasan
        // Province", "Kabul-based") are part of the name, not places.
        let named = NamedSpans::new(&raw_actors);
        let toponyms: Vec<_> = toponyms
            .into_iter()
            .filter(|t| !named.overlaps(t.start, t.end))
            .collect();
        let resolved = self.k.gazetteer.resolve(text, &toponyms, &ctx);
        for (t, id) in toponyms.iter().zip(resolved) {
            let Some(id) = id else { continue };
            let c = self.k.gazetteer.country_of(id);
            // "U.S. soldiers", "the Iraq war": a country used as a modifier
            // says whose, not where; it counts like a demonym.
            let w = if self.k.gazetteer.kind(id) == FeatureKind::Country
                && modifies_next(text, t.end)
            {
                0.5
            } else {
                1.0
            };
            *hints.entry(c).or_default() += w * weight(t.start);
            self.places.push(PlaceMention {
                start: t.start,
                end: t.end,
                id,
                kind: self.k.gazetteer.kind(id),
                descriptive: false,
                near: false,
                origin: false,
            });
        }
        self.focus = hints
            .iter()
            .filter(|(_, w)| **w > 0.0)
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(c, _)| *c);

        // "The soldiers" after "Israeli soldiers" are the same soldiers: a
        // role named without a country takes the country it had last.
        let mut role_country: BTreeMap<Role, CountryCode> = BTreeMap::new();
        for m in raw_actors {
            let earlier = match &m.kind {
                MentionKind::Generic { role, country, .. } => match country {
                    Some(c) => {
                        role_country.insert(*role, *c);
                        None
                    }
                    None => role_country.get(role).copied(),
                },
                MentionKind::Named { .. } => None,
            };
            if let Some(a) = self.resolve_actor(&m, earlier) {
                self.actors.push(a);
            }
        }

        // File mentions under their sentences and mark sources and
        // descriptive places, which need the sentence's tokens.
        for si in 0..self.sentences.len() {
            let range = self.sentences[si].range.clone();
            // Mentions are sorted by start: binary-search the sentence's run.
            let from = self.actors.partition_point(|a| a.start < range.start);
            let to = self.actors.partition_point(|a| a.start < range.end);
            let actor_ids: Vec<usize> = (from..to)
                .filter(|&i| self.actors[i].end <= range.end)
                .collect();
            let from = self.places.partition_point(|p| p.start < range.start);
            let to = self.places.partition_point(|p| p.start < range.end);
            let place_ids: Vec<usize> = (from..to)
                .filter(|&i| self.places[i].end <= range.end)
                .collect();
            for &ai in &actor_ids {
                let source = is_source(&self.sentences[si], &self.actors[ai]);
                self.actors[ai].source = source;
            }
            for &pi in &place_ids {
                let (descriptive, near, origin) =
                    place_role(self.norm.text(), &self.sentences[si], &self.places[pi]);
                let p = &mut self.places[pi];
                p.descriptive = descriptive;
                p.near = near;
                p.origin = origin;
            }
            self.sentences[si].actors = actor_ids;
            self.sentences[si].places = place_ids;
        }
        self.named_armed = (0..self.actors.len())
            .filter(|&i| self.actors[i].named && self.actors[i].non_state_armed())
            .collect();

        // The report's main place: the first sub-national, non-descriptive
        // place in the title or the first two sentences.
        self.main_place = self
            .sentences
            .iter()
            .take(3)
            .flat_map(|s| s.places.iter().copied())
            .find(|&pi| {
                let p = &self.places[pi];
                !p.descriptive && !p.origin && p.kind != FeatureKind::Country
            });
    }

    /// Resolves a mention for this report; `earlier` is the country a role
    /// noun without one had when last named with one.
    fn resolve_actor(
        &self,
        m: &sitrep_actors::ActorMention,
        earlier: Option<CountryCode>,
    ) -> Option<ActorMention> {
        let text = self.norm.text();
        // "the militants", "the small group of militants": a definite
        // phrase may refer back to a named actor.
        let definite = text
            .get(m.start.saturating_sub(40)..m.start)
            .map(|before| {
                let words: Vec<&str> = before.split_whitespace().rev().take(4).collect();
                words.first().is_some_and(|w| w.eq_ignore_ascii_case("the"))
                    || (words.first() == Some(&"of")
                        && words.iter().skip(1).any(|w| w.eq_ignore_ascii_case("the")))
            })
            .unwrap_or(false);
        let (actor, named, role) = match &m.kind {
            MentionKind::Named { candidates } => {
                let a = self
                    .k
                    .actors
                    .resolve_named(candidates, self.published, self.focus)?;
                (a, true, None)
            }
            // A role noun used as a modifier ("military uniforms", "police
            // station") names no participant; the lexicon's target words say
            // whose the place was.
            MentionKind::Generic { modifier: true, .. } => return None,
            MentionKind::Generic { role, country, .. } => {
                let country = country.or(earlier).or(self.focus);
                let a = self.generic(*role, country, self.published);
                (a, false, Some(*role))
            }
        };
        let actor = sitrep_actors::code_abroad(actor, self.focus);
        Some(ActorMention {
            start: m.start,
            end: m.end,
            actor,
            named,
            role,
            definite,
            source: false,
        })
    }

    /// The generic actor for a role in `country` on `date`, named with the
    /// gazetteer's name of the country: what
    /// `ActorDictionary::generic(role, country, country_name, date)` gives,
    /// rendered once per report.
    pub fn generic(&self, role: Role, country: Option<CountryCode>, date: Date) -> ActorRef {
        let mut cache = self.generics.borrow_mut();
        if let Some((.., actor)) = cache
            .iter()
            .find(|(r, c, d, _)| *r == role && *c == country && *d == date)
        {
            return actor.clone();
        }
        let name = country.and_then(|c| self.country_name(c));
        let actor = self.k.actors.generic(role, country, name.as_deref(), date);
        cache.push((role, country, date, actor.clone()));
        actor
    }

    /// A country's display name from the gazetteer.
    pub fn country_name(&self, c: CountryCode) -> Option<String> {
        let id = self.k.gazetteer.country(c)?;
        Some(self.k.gazetteer.name(id).to_string())
    }
}

fn sentence(
    k: &Knowledge,
    text: &str,
    range: Range<usize>,
    paragraph: usize,
    published: Date,
) -> Sentence {
    let toks = sitrep_text::tokenize(text, range.clone());
    let tokens: Vec<Range<usize>> = toks.iter().map(|t| t.start..t.end).collect();
    let mut lower_text = String::with_capacity(range.len());
    let lower = tokens
        .iter()
        .map(|t| {
            let start = lower_text.len() as u32;
            let word = text.get(t.clone()).unwrap_or("");
            if word.is_ascii() {
                lower_text.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                lower_text.push_str(&word.to_lowercase());
            }
            start..lower_text.len() as u32
        })
        .collect();
    let caps = tokens
        .iter()
        .map(|t| {
            text.get(t.clone())
                .and_then(|w| w.chars().next())
                .is_some_and(char::is_uppercase)
        })
        .collect();
    let cues = k.lexicon.find(text, &tokens);
    let slice = text.get(range.clone()).unwrap_or("");
    // The sentence's own tokens: the same quantities as
    // `find_quantities(slice)` would find, already in text offsets.
    let quantities = sitrep_text::find_quantities_in(text, &toks);
    let dates = sitrep_dates::find_dates(slice, published)
        .into_iter()
        .map(|mut d| {
            d.start += range.start;
            d.end += range.start;
            d
        })
        .collect();
    Sentence {
        range,
        paragraph,
        tokens,
        lower_text,
        lower,
        caps,
        cues,
        quantities,
        dates,
        actors: Vec::new(),
        places: Vec::new(),
    }
}

/// The spans of the named actor mentions, sorted by start, with the
/// largest end reached so far: "does any named mention overlap this
/// toponym" becomes a binary search instead of a scan of every mention,
/// which was quadratic on a long page (every toponym against every
/// mention).
struct NamedSpans {
    starts: Vec<usize>,
    /// `max_end[i]`: the largest end among the first `i + 1` spans.
    max_end: Vec<usize>,
}

impl NamedSpans {
    fn new(mentions: &[sitrep_actors::ActorMention]) -> NamedSpans {
        let mut spans: Vec<(usize, usize)> = mentions
            .iter()
            .filter(|m| matches!(m.kind, MentionKind::Named { .. }))
            .map(|m| (m.start, m.end))
            .collect();
        spans.sort_unstable();
        let mut max_end = Vec::with_capacity(spans.len());
        let mut reach = 0;
        for &(_, end) in &spans {
            reach = reach.max(end);
            max_end.push(reach);
        }
        NamedSpans {
            starts: spans.into_iter().map(|(s, _)| s).collect(),
            max_end,
        }
    }

    /// Whether a span `start < end'` and `start' < end` exists: among the
    /// spans starting before `end`, the one reaching furthest decides.
    fn overlaps(&self, start: usize, end: usize) -> bool {
        let n = self.starts.partition_point(|&s| s < end);
        n.checked_sub(1)
            .and_then(|i| self.max_end.get(i))
            .is_some_and(|&e| start < e)
    }
}

/// Whether an actor mention is a source of information rather than a
/// participant: "according to the Military Times", "police said",
/// "a Taliban spokesman".
fn is_source(s: &Sentence, m: &ActorMention) -> bool {
    let first = s.token_at(m.start);
    let last = s.token_at(m.end.saturating_sub(1));
    if s.preceded_by(first, 3, &["according"]) {
        return true;
    }
    // "police said", "the Taliban said in a statement"; allow one adverb
    // ("police later said").
    let next = s.word(last + 1);
    let after = s.word(last + 2);
    SPEECH_VERBS.contains(&next) || (next.ends_with("ly") && SPEECH_VERBS.contains(&after))
}

/// Whether the word after `end` is a noun that a name before it modifies
/// ("U.S. soldiers", "Iraq war", "Pakistan army"), judged from its shape:
/// a word that is not a function word or a verb of report.
fn modifies_next(text: &str, end: usize) -> bool {
    let rest = text.get(end..).unwrap_or("");
    if !rest.starts_with(' ') {
        return false;
    }
    let next: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_lowercase();
    if next.is_empty() || next.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return false;
    }
    const FUNCTION_WORDS: &[&str] = &[
        "and",
        "or",
        "in",
        "on",
        "at",
        "to",
        "from",
        "for",
        "with",
        "by",
        "of",
        "is",
        "was",
        "has",
        "had",
        "have",
        "said",
        "says",
        "were",
        "are",
        "which",
        "where",
        "when",
        "after",
        "before",
        "since",
        "during",
        "near",
        "the",
        "a",
        "an",
        "but",
        "while",
        "as",
        "that",
        "this",
        "who",
        "will",
        "would",
        "could",
        "did",
        "does",
        "claimed",
        "blamed",
        "accused",
        "denied",
        "over",
        "into",
        "against",
        "between",
        "last",
        "on",
        "yesterday",
        "today",
        "tuesday",
        "monday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "killing",
        "injuring",
        "wounding",
    ];
    !FUNCTION_WORDS.contains(&next.as_str())
}

/// Whether a place is only descriptive, only "near", or an origin.
fn place_role(text: &str, s: &Sentence, p: &PlaceMention) -> (bool, bool, bool) {
    let first = s.token_at(p.start);
    const DIRECTIONS: &[&str] = &[
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "north-east",
        "north-west",
        "south-east",
        "south-west",
        "northern",
        "southern",
        "eastern",
        "western",
    ];
    let direction_of = s.word(first.wrapping_sub(1)) == "of"
        && DIRECTIONS.contains(&s.word(first.wrapping_sub(2)));
    let near = direction_of
        || s.preceded_by(
            first,
            2,
            &["near", "outside", "outskirts", "nearby", "close", "around"],
        );
    // "Located to the north of Helmand and to the east of Herat": the
    // places locate something else. So do places after "border(s) with".
    let clause_start = (0..first)
        .rev()
        .find(|&i| matches!(s.word(i), "," | ";" | "." | ":"))
        .map_or(0, |i| i + 1);
    let locating = (clause_start..first).any(|i| {
        matches!(
            s.word(i),
            "located"
                | "situated"
                | "lies"
                | "lying"
                | "bordering"
                | "borders"
                | "neighbouring"
                | "neighboring"
                | "adjacent"
                | "bordered"
        )
    });
    let border = s.preceded_by(first, 2, &["border", "borders", "frontier"]);
    // A country as a modifier ("U.S. servicemen", "a Pakistan army
    // convoy") says whose, not where, unless "in" puts it there.
    let adjectival = p.kind == FeatureKind::Country
        && !s.preceded_by(
            first,
            1,
            &["in", "into", "across", "throughout", "inside", "to"],
        )
        && modifies_next(text, p.end);
    let origin = s.word(first.wrapping_sub(1)) == "from";
    (locating || border || adjectival, near, origin)
}
