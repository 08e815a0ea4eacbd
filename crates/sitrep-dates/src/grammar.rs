//! The date grammar: a hand-written recursive-descent matcher over tokens.
//!
//! Each rule takes a token index and returns how far it matched and what it
//! found. The scanner in [`Grammar::find`] tries every rule at every token
//! and keeps the longest match, so "in March 2017" wins over "March" alone.

use jiff::civil::{Date, Weekday};

use crate::calendar::{
    Part, Period, Window, add_days, add_units, last_weekday, recent_day, recent_month, sub_days,
    sub_units, week_of,
};
use crate::lexicon::{self, Unit, count, unit};
use crate::token::{Tok, TokKind};
use crate::{DateKind, DateMention};

/// Years outside this range are never dates in running text. The floor keeps
/// historical references ("since 1979"); the ceiling keeps counts like
/// "3,000" and "2500 fighters" (when unseparated) from becoming years.
const YEARS: std::ops::RangeInclusive<u32> = 1800..=2099;

/// Words before a bare month or year that make it a date: "in March",
/// "during 2014". Without one, "March" and "2014" stay unmatched, because a
/// capitalised "March" may be a noun and a four-digit number may be a count.
const TRIGGERS: &[&str] = &["in", "on", "during", "throughout", "until", "till"];

/// Prepositions that belong to the expression they introduce ("on Monday").
const PREPOSITIONS: &[&str] = &["in", "on", "during", "throughout", "at", "over"];

/// Words before a weekday that make it something other than a past day: a
/// future or habitual day, or the name of a past event ("Bloody Sunday").
/// Holidays stay dates: "on Easter Sunday" is that year's Easter.
#[rustfmt::skip]
const NOT_PAST_WEEKDAY: &[&str] = &[
    "next", "every", "coming", "following", "each", "black", "bloody", "super", "cyber",
];

/// Holidays named by their weekday; the weekday rule takes them in.
const HOLIDAYS: &[&str] = &["Easter", "Good", "Palm", "Holy", "Maundy", "Ash"];

/// Words after a weekday that make it part of a name ("the Sunday Times",
/// "the Good Friday Agreement"). Lower-case nouns ("Friday prayers", "Sunday
/// service") stay dates: an attack during Friday prayers happened on that
/// Friday.
#[rustfmt::skip]
const NAME_TAILS: &[&str] = &[
    "Times", "Telegraph", "Herald", "Mirror", "Express", "Post", "Tribune", "Independent",
    "Observer", "Star", "Mail", "Nation", "Guardian", "Agreement", "Accord", "Accords",
];

/// Words that may follow the end of a range of two round years; any other
/// lowercase word there suggests the numbers are counts ("between 1950 and
/// 2000 fighters").
const AFTER_YEAR_RANGE: &[&str] = &[
    "and",
    "or",
    "but",
    "to",
    "when",
    "while",
    "as",
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "with",
    "under",
    "before",
    "after",
    "during",
    "was",
    "were",
    "had",
    "has",
    "have",
    "is",
    "are",
    "that",
    "which",
    "who",
    "it",
    "they",
    "he",
    "she",
    "we",
    "there",
    "alone",
    "period",
    "respectively",
];

/// A matched expression before its window is finalised.
#[derive(Debug, Clone, Copy)]
struct Core {
    /// Index of the first token after the match.
    next: usize,
    period: Period,
    kind: DateKind,
    /// The year was filled in from the reference date ("March 28", "in
    /// March"), so a range may re-resolve it against its other end.
    inferred: bool,
    /// The expression speaks of a time after publication ("later this
    /// year", "late this week" written on a Wednesday). It is matched so that
    /// its tokens are consumed (otherwise "this year" would match inside it),
    /// but it yields no mention.
    future: bool,
}

impl Core {
    fn point(next: usize, period: Period) -> Core {
        Core {
            next,
            period,
            kind: DateKind::Point,
            inferred: false,
            future: false,
        }
    }

    fn inferred(next: usize, period: Period) -> Core {
        Core {
            inferred: true,
            ..Core::point(next, period)
        }
    }

    fn with_kind(mut self, kind: DateKind) -> Core {
        self.kind = kind;
        self
    }
}

/// The longest of several optional matches (the first one on a tie).
fn longest(cands: impl IntoIterator<Item = Option<Core>>) -> Option<Core> {
    cands
        .into_iter()
        .flatten()
        .fold(None, |best: Option<Core>, c| match best {
            Some(b) if b.next >= c.next => Some(b),
            _ => Some(c),
        })
}

/// What a word can be in a date expression, as bits of [`word_bits`]: the
/// filters of [`Grammar::find`] ask these instead of running the rules.
const ANCHOR_WORD: u16 = 1;
const UNIT_WORD: u16 = 1 << 1;
/// A month (or its abbreviation) or weekday name: a date only when
/// capitalised.
const CALENDAR_WORD: u16 = 1 << 2;
const HOLIDAY_WORD: u16 = 1 << 3;
/// A word some rule starts with, as the rules test it.
const START_WORD: u16 = 1 << 4;
/// A preposition that starts a rule only before an expression.
const LEAD_WORD: u16 = 1 << 5;
/// What may follow "the" in a date.
const AFTER_THE_WORD: u16 = 1 << 6;

/// The bits of a word, ignoring ASCII case. Each list is spelled out where
/// the rules below test the words; a word missing here would make the
/// filters skip a date, so the tests of this crate cover every rule.
#[rustfmt::skip]
fn word_bits(word: &str) -> u16 {
    // No word of interest is longer than this.
    const LONGEST: usize = 12;
    let mut buf = [0u8; LONGEST];
    let Some(lower) = buf.get_mut(..word.len()) else {
        return 0;
    };
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    let mut bits = 0;
    // Words that complete an expression without a number, month, weekday
    // or unit: "today", "last night", "this morning", "the weekend",
    // "recently", "of late".
    if matches!(&*lower, b"today" | b"tonight" | b"yesterday" | b"weekend" | b"morning"
        | b"afternoon" | b"evening" | b"night" | b"recently" | b"lately" | b"late")
    {
        bits |= ANCHOR_WORD;
    }
    // `lexicon::unit`: singular or plural.
    if matches!(&*lower, b"hour" | b"hours" | b"day" | b"days" | b"week" | b"weeks" | b"month"
        | b"months" | b"year" | b"years" | b"decade" | b"decades")
    {
        bits |= UNIT_WORD;
    }
    // `lexicon::month` and `lexicon::weekday`.
    if matches!(&*lower, b"january" | b"february" | b"march" | b"april" | b"may" | b"june"
        | b"july" | b"august" | b"september" | b"october" | b"november" | b"december" | b"jan"
        | b"feb" | b"mar" | b"apr" | b"jun" | b"jul" | b"aug" | b"sep" | b"sept" | b"oct"
        | b"nov" | b"dec" | b"monday" | b"tuesday" | b"wednesday" | b"thursday" | b"friday"
        | b"saturday" | b"sunday")
    {
        bits |= CALENDAR_WORD;
    }
    // `HOLIDAYS`.
    if matches!(&*lower, b"easter" | b"good" | b"palm" | b"holy" | b"maundy" | b"ash") {
        bits |= HOLIDAY_WORD;
    }
    // The rules' first words: range, since, relative_span and
    // with_preposition; deictic, modified, part_of and recently; the
    // counts of `lexicon::count` for `ago`.
    if matches!(&*lower, b"between" | b"from" | b"since" | b"in" | b"over" | b"during"
        | b"within" | b"for" | b"throughout" | b"recent" | b"on" | b"at" | b"the" | b"today"
        | b"tonight" | b"yesterday" | b"earlier" | b"later" | b"this" | b"last" | b"early"
        | b"mid" | b"late" | b"beginning" | b"start" | b"middle" | b"end" | b"recently"
        | b"lately" | b"of" | b"a" | b"an" | b"few" | b"several" | b"one" | b"two" | b"three"
        | b"four" | b"five" | b"six" | b"seven" | b"eight" | b"nine" | b"ten" | b"eleven"
        | b"twelve" | b"thirteen" | b"fourteen" | b"fifteen" | b"sixteen" | b"seventeen"
        | b"eighteen" | b"nineteen" | b"twenty" | b"thirty" | b"forty" | b"fifty" | b"sixty"
        | b"seventy" | b"eighty" | b"ninety" | b"dozen")
    {
        bits |= START_WORD;
    }
    // Prepositions and "since": with_preposition, relative_span, range,
    // since.
    if matches!(&*lower, b"between" | b"from" | b"since" | b"in" | b"over" | b"during"
        | b"within" | b"for" | b"throughout" | b"on" | b"at")
    {
        bits |= LEAD_WORD;
    }
    // "the last/past two months", "the first half of", "the end of", "the
    // day before yesterday", "the weekend", "the early 1990s".
    if matches!(&*lower, b"last" | b"past" | b"final" | b"second" | b"first" | b"day"
        | b"weekend" | b"beginning" | b"start" | b"middle" | b"end" | b"early" | b"mid" | b"late")
    {
        bits |= AFTER_THE_WORD;
    }
    bits
}

/// The bits of a word token; 0 for numbers and punctuation.
fn bits(tok: &Tok<'_>) -> u16 {
    if tok.kind == TokKind::Word {
        word_bits(tok.text)
    } else {
        0
    }
}

/// Whether a token is one that every date expression has at least one of:
/// a number, a capitalised month or weekday name, a calendar unit ("two
/// weeks ago", "last year") or one of the words that complete the
/// expressions without either ("today", "last night", "this morning", "the
/// weekend", "recently", "of late"). Every rule below ends in one of these,
/// so a sentence without any has no date.
fn anchor(tok: &Tok<'_>, b: u16) -> bool {
    if tok.kind == TokKind::Num {
        return true;
    }
    b & (ANCHOR_WORD | UNIT_WORD) != 0 || (b & CALENDAR_WORD != 0 && tok.is_capitalised())
}

/// A month or weekday name, or a holiday named with its weekday, written
/// with a capital as the rules require.
fn calendar_name(tok: &Tok<'_>, bits: u16) -> bool {
    bits & (CALENDAR_WORD | HOLIDAY_WORD) != 0 && tok.is_capitalised()
}

/// Whether a token may start an expression by itself (see [`may_start`]).
fn starter(tok: &Tok<'_>, b: u16) -> bool {
    match tok.kind {
        TokKind::Num => true,
        TokKind::Punct => false,
        TokKind::Word => calendar_name(tok, b) || b & START_WORD != 0,
    }
}

/// Whether some rule of [`Grammar::at`] may start at token `i`: a cheap
/// superset of the rules' own first tests. Every rule starts with a
/// number, a month or weekday name, a holiday ("Easter Sunday") or a start
/// word (in any case); the most common start words are checked against the
/// word after them too: "the" (only before a number or an `AFTER_THE_WORD`),
/// "a"/"an" (only "a few/couple/dozen" or "a week ago"), "of" (only "of
/// late") and the prepositions (only before a word that may start an
/// expression).
///
/// `bits` holds [`bits`] of each token, computed once per sentence.
fn may_start(toks: &[Tok<'_>], bits: &[u16], i: usize) -> bool {
    let (Some(tok), Some(&b)) = (toks.get(i), bits.get(i)) else {
        return false;
    };
    let next = toks.get(i + 1);
    let next_bits = bits.get(i + 1).copied().unwrap_or(0);
    match tok.kind {
        TokKind::Num => true,
        TokKind::Punct => false,
        TokKind::Word => {
            if calendar_name(tok, b) {
                return true;
            }
            if b & START_WORD == 0 {
                return false;
            }
            if tok.is_word("the") {
                next.is_some_and(|n| n.kind == TokKind::Num) || next_bits & AFTER_THE_WORD != 0
            } else if tok.is_word("a") || tok.is_word("an") {
                next.is_some_and(|n| n.is_word("few") || n.is_word("couple") || n.is_word("dozen"))
                    || next_bits & UNIT_WORD != 0
            } else if tok.is_word("of") {
                next.is_some_and(|n| n.is_word("late"))
            } else if b & LEAD_WORD != 0 {
                next.is_some_and(|n| starter(n, next_bits))
            } else {
                true
            }
        }
    }
}

/// Tokens plus the date everything is resolved against.
pub(crate) struct Grammar<'t, 'a> {
    toks: &'t [Tok<'a>],
    reference: Date,
}

impl<'t, 'a> Grammar<'t, 'a> {
    pub fn new(toks: &'t [Tok<'a>], reference: Date) -> Self {
        Grammar { toks, reference }
    }

    /// Every expression, non-overlapping, left to right.
    ///
    /// Two filters keep the rules from being tried where they cannot
    /// match, which is almost everywhere in news text: a sentence without
    /// an [`anchor`] holds no date at all, and a token that fails
    /// [`may_start`] starts none.
    pub fn find(&self) -> Vec<DateMention> {
        let mut out = Vec::new();
        let tok_bits: Vec<u16> = self.toks.iter().map(bits).collect();
        if !self.toks.iter().zip(&tok_bits).any(|(t, &b)| anchor(t, b)) {
            return out;
        }
        let mut i = 0;
        while i < self.toks.len() {
            if !may_start(self.toks, &tok_bits, i) {
                i += 1;
                continue;
            }
            match self.at(i) {
                Some(core) => {
                    if !core.future
                        && let Some(m) = self.mention(i, core)
                    {
                        out.push(m);
                    }
                    i = core.next.max(i + 1);
                }
                None => i += 1,
            }
        }
        out
    }

    /// Turns a match into a mention: its window (clipped at the reference
    /// date when it straddles it, since reports speak of the past: "this
    /// year" ends at publication), span and precision. Windows wholly after
    /// publication ("in 2030") are left as written.
    fn mention(&self, start: usize, core: Core) -> Option<DateMention> {
        let mut win = core.period.window()?;
        if win.earliest <= self.reference && win.latest > self.reference {
            win.latest = self.reference;
        }
        let first = self.toks.get(start)?;
        let last = self.toks.get(core.next.checked_sub(1)?)?;
        Some(DateMention {
            start: first.start,
            end: last.end,
            earliest: win.earliest,
            latest: win.latest,
            precision: win.precision(),
            kind: core.kind,
        })
    }

    /// The longest expression starting at token `i`.
    fn at(&self, i: usize) -> Option<Core> {
        let tok = self.tok(i)?;
        // A number glued to a word or a currency sign on its left ("A330",
        // "$2014", "F-16") is never the start of a date.
        if tok.kind == TokKind::Num && !self.left_clean(i) {
            return None;
        }
        longest([
            self.range(i),
            self.relative_span(i),
            self.since(i),
            self.with_preposition(i),
            self.core(i, self.triggered(i)),
        ])
    }

    // ---- token helpers ----

    fn tok(&self, i: usize) -> Option<&Tok<'a>> {
        self.toks.get(i)
    }

    fn word(&self, i: usize, w: &str) -> bool {
        self.tok(i).is_some_and(|t| t.is_word(w))
    }

    fn word_in(&self, i: usize, ws: &[&str]) -> bool {
        self.tok(i).is_some_and(|t| ws.iter().any(|w| t.is_word(w)))
    }

    fn punct(&self, i: usize, c: char) -> bool {
        self.tok(i).is_some_and(|t| t.is_punct(c))
    }

    /// Whether token `i` starts exactly where token `i - 1` ends.
    fn touches(&self, i: usize) -> bool {
        match (i.checked_sub(1).and_then(|p| self.tok(p)), self.tok(i)) {
            (Some(prev), Some(t)) => prev.end == t.start,
            _ => false,
        }
    }

    fn triggered(&self, i: usize) -> bool {
        i.checked_sub(1).is_some_and(|p| self.word_in(p, TRIGGERS))
    }

    fn left_clean(&self, i: usize) -> bool {
        !self.touches(i)
            || i.checked_sub(1)
                .and_then(|p| self.tok(p))
                .is_some_and(|p| p.kind == TokKind::Punct && "([\"'".contains(p.text))
    }

    /// Whether the token after `i` leaves `i` a whole number: separated by
    /// space or by ordinary punctuation, not glued to letters or a hyphen.
    fn right_clean(&self, i: usize) -> bool {
        !self.touches(i + 1)
            || self
                .tok(i + 1)
                .is_some_and(|t| t.kind == TokKind::Punct && ",.;:)]!?\"'".contains(t.text))
    }

    // ---- numbers ----

    /// A day of the month, with an optional ordinal suffix ("28", "28th").
    fn day_num(&self, i: usize) -> Option<(i8, usize)> {
        let n = self.tok(i)?.number(2).filter(|n| (1..=31).contains(n))?;
        let day = i8::try_from(n).ok()?;
        let last = if self.touches(i + 1) && self.word_in(i + 1, &["st", "nd", "rd", "th"]) {
            i + 1
        } else {
            i
        };
        // A glued hyphen is fine when another day follows ("March 1-5").
        let clean = self.right_clean(last) || self.day_range_end(last + 1).is_some();
        clean.then_some((day, last + 1))
    }

    /// A four-digit year in [`YEARS`], standing alone.
    fn year_num(&self, i: usize) -> Option<(i16, usize)> {
        let y = self.raw_year(i)?;
        self.right_clean(i).then_some((y, i + 1))
    }

    fn raw_year(&self, i: usize) -> Option<i16> {
        let tok = self.tok(i)?;
        if tok.text.len() != 4 {
            return None;
        }
        let n = tok.number(4).filter(|n| YEARS.contains(n))?;
        i16::try_from(n).ok()
    }

    // ---- cores: the expressions themselves ----

    /// Any expression that can stand after a preposition. `triggered` says
    /// whether a bare month or year is acceptable here.
    fn core(&self, i: usize, triggered: bool) -> Option<Core> {
        longest([
            self.iso(i),
            self.weekday(i),
            self.month_first(i, triggered),
            self.day_first(i),
            self.year(i, triggered),
            self.deictic(i),
            self.modified(i),
            self.part_of(i),
            self.ago(i),
            self.recently(i),
        ])
    }

    /// "2018-03-28" or "2018/03/28", optionally glued to a "T" time.
    fn iso(&self, i: usize) -> Option<Core> {
        let y = self.raw_year(i)?;
        let sep = self
            .tok(i + 1)
            .filter(|t| t.is_punct('-') || t.is_punct('/'))?;
        let same_sep =
            |j: usize| self.touches(j) && self.tok(j).is_some_and(|t| t.text == sep.text);
        if !(same_sep(i + 1) && self.touches(i + 2) && same_sep(i + 3) && self.touches(i + 4)) {
            return None;
        }
        let m = self.tok(i + 2)?.number(2)?;
        let d = self.tok(i + 4)?.number(2)?;
        let date = Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()?;
        let time_follows =
            self.touches(i + 5) && self.tok(i + 5).is_some_and(|t| t.text.starts_with('T'));
        (self.right_clean(i + 4) || time_follows).then_some(Core::point(i + 5, Period::Day(date)))
    }

    /// "Monday", "on Monday night", "Monday, March 26, 2018", "Easter
    /// Sunday".
    fn weekday(&self, i: usize) -> Option<Core> {
        let holiday = self
            .tok(i)
            .is_some_and(|t| t.is_capitalised() && HOLIDAYS.iter().any(|h| t.is_word(h)));
        let i = i + usize::from(holiday);
        let wd = lexicon::weekday(self.tok(i)?)?;
        if i.checked_sub(1)
            .is_some_and(|p| self.word_in(p, NOT_PAST_WEEKDAY))
            || self
                .tok(i + 1)
                .is_some_and(|t| NAME_TAILS.contains(&t.text))
        {
            return None;
        }
        // A full date after the weekday says which one is meant.
        let after = if self.punct(i + 1, ',') { i + 2 } else { i + 1 };
        let dated = longest([
            self.month_first(after, false),
            self.day_first(after),
            self.iso(after),
        ])
        .filter(|c| matches!(c.period, Period::Day(_)));
        if dated.is_some() {
            return dated;
        }
        // Marked as inferred so that "from Monday to Friday", written on a
        // Wednesday, re-resolves Monday against that Friday.
        let date = last_weekday(self.reference, wd, false)?;
        Some(Core::inferred(self.time_of_day(i + 1), Period::Day(date)))
    }

    /// Skips "morning", "night" and the like after a day word.
    fn time_of_day(&self, i: usize) -> usize {
        if self.word_in(i, &["morning", "afternoon", "evening", "night"]) {
            i + 1
        } else {
            i
        }
    }

    /// "March 28, 2018", "Mar. 28", "March 1-5", "March 2017", "March".
    fn month_first(&self, i: usize, triggered: bool) -> Option<Core> {
        let (m, abbrev) = lexicon::month(self.tok(i)?)?;
        let mut j = i + 1;
        if abbrev && self.punct(j, '.') && self.touches(j) {
            j += 1;
        }
        if let Some((d, k)) = self.day_num(j) {
            let (d2, k) = self
                .day_range_end(k)
                .map_or((None, k), |(d2, k)| (Some(d2), k));
            let (year, k) = self
                .trailing_year(k)
                .map_or((None, k), |(y, k)| (Some(y), k));
            return self.day_core(year, m, d, d2, k);
        }
        if let Some((y, k)) = self.year_num(j) {
            return Some(Core::point(k, Period::Month(y, m)));
        }
        (triggered && !abbrev).then(|| Core::inferred(j, recent_month(self.reference, m, false)))
    }

    /// "28 March 2018", "28th of March", "1-5 March".
    fn day_first(&self, i: usize) -> Option<Core> {
        let (d, j) = self.day_num(i)?;
        let (d2, j) = self
            .day_range_end(j)
            .map_or((None, j), |(d2, k)| (Some(d2), k));
        let j = if self.word(j, "of") { j + 1 } else { j };
        let (m, abbrev) = lexicon::month(self.tok(j)?)?;
        let mut k = j + 1;
        if abbrev && self.punct(k, '.') && self.touches(k) {
            k += 1;
        }
        let (year, k) = self
            .trailing_year(k)
            .map_or((None, k), |(y, k)| (Some(y), k));
        self.day_core(year, m, d, d2, k)
    }

    /// The "-5" of "March 1-5".
    fn day_range_end(&self, i: usize) -> Option<(i8, usize)> {
        (self.punct(i, '-') && self.touches(i) && self.touches(i + 1))
            .then(|| self.day_num(i + 1))
            .flatten()
    }

    /// An optional ", 2018" or " 2018" after a day and month.
    fn trailing_year(&self, i: usize) -> Option<(i16, usize)> {
        if self.punct(i, ',') {
            return self.year_num(i + 1);
        }
        self.year_num(i)
    }

    /// A day (or day range) of a month, with the year given or inferred.
    fn day_core(
        &self,
        year: Option<i16>,
        m: i8,
        d: i8,
        d2: Option<i8>,
        next: usize,
    ) -> Option<Core> {
        let first = match year {
            Some(y) => Date::new(y, m, d).ok()?,
            None => recent_day(self.reference, m, d)?,
        };
        let period = match d2 {
            Some(d2) => Period::Window(Window::new(first, Date::new(first.year(), m, d2).ok()?)?),
            None => Period::Day(first),
        };
        Some(Core {
            inferred: year.is_none(),
            ..Core::point(next, period)
        })
    }

    /// "2014" (after a trigger word), "2015-2017", "the 1990s".
    fn year(&self, i: usize, triggered: bool) -> Option<Core> {
        let y = self.raw_year(i)?;
        // "1990s" and "1990's" name a decade on their own.
        let s_at = |j: usize| self.touches(j) && self.word(j, "s");
        let decade_end = if s_at(i + 1) {
            Some(i + 2)
        } else if self.touches(i + 1) && self.punct(i + 1, '\'') && s_at(i + 2) {
            Some(i + 3)
        } else {
            None
        };
        if let Some(next) = decade_end {
            return (y % 10 == 0).then_some(Core::point(next, Period::Decade(y)));
        }
        if !triggered {
            return None;
        }
        if self.punct(i + 1, '-')
            && self.touches(i + 1)
            && self.touches(i + 2)
            && let Some((y2, next)) = self.year_range_end(y, i + 2)
        {
            let win = Window::new(
                Period::Year(y).window()?.earliest,
                Period::Year(y2).window()?.latest,
            )?;
            return Some(Core::point(next, Period::Window(win)).with_kind(DateKind::Range));
        }
        let (y, next) = self.year_num(i)?;
        Some(Core::point(next, Period::Year(y)))
    }

    /// The second year of "2015-2017" or "2015-16", if it comes after the
    /// first.
    fn year_range_end(&self, first: i16, i: usize) -> Option<(i16, usize)> {
        let tok = self.tok(i)?;
        let y2 = if tok.text.len() == 2 {
            let short = i16::try_from(tok.number(2)?).ok()?;
            first - first % 100 + short
        } else {
            self.raw_year(i)?
        };
        (y2 > first && self.right_clean(i)).then_some((y2, i + 1))
    }

    /// Days named relative to publication: "today", "yesterday", "last
    /// night", "last week", "this month", "last Monday", "the weekend".
    fn deictic(&self, i: usize) -> Option<Core> {
        let p = self.reference;
        let tok = self.tok(i)?;
        let day = |next: usize, d: Date| Some(Core::point(next, Period::Day(d)));
        if tok.is_word("today") || tok.is_word("tonight") {
            return day(self.time_of_day(i + 1), p);
        }
        if tok.is_word("yesterday") {
            return day(self.time_of_day(i + 1), p.yesterday().ok()?);
        }
        if tok.is_word("earlier") && self.word(i + 1, "today") {
            return day(i + 2, p);
        }
        // "later today", "later this year": consumed, never a mention.
        if tok.is_word("later") {
            let inner = if self.word(i + 1, "this") {
                self.this_or_last(i + 2, false)
            } else if self.word_in(i + 1, &["today", "tonight"]) {
                day(i + 2, p)
            } else {
                None
            };
            return inner.map(|c| Core { future: true, ..c });
        }
        let the = usize::from(tok.is_word("the"));
        if self.word(i + the, "day")
            && self.word(i + the + 1, "before")
            && self.word(i + the + 2, "yesterday")
        {
            return day(i + the + 3, sub_days(p, 2)?);
        }
        if the == 1 && self.word(i + 1, "weekend") {
            return self.weekend(i + 2, false);
        }
        if tok.is_word("this") && self.word_in(i + 1, &["morning", "afternoon", "evening"]) {
            return day(i + 2, p);
        }
        if tok.is_word("last") && self.word_in(i + 1, &["night", "evening"]) {
            return day(i + 2, p.yesterday().ok()?);
        }
        // "earlier this week/month/year": from the period's start to publication.
        if tok.is_word("earlier") && self.word(i + 1, "this") {
            return self
                .this_or_last(i + 2, false)
                .map(|c| c.with_kind(DateKind::Vague));
        }
        if tok.is_word("this") {
            return self.this_or_last(i + 1, false);
        }
        if tok.is_word("last") {
            return self.this_or_last(i + 1, true);
        }
        None
    }

    /// The period after "this" or "last": a unit, weekday, month or weekend.
    fn this_or_last(&self, i: usize, last: bool) -> Option<Core> {
        let p = self.reference;
        let tok = self.tok(i)?;
        // "the last week of March" is not last week.
        if self.word(i + 1, "of") {
            return None;
        }
        if let Some(wd) = lexicon::weekday(tok) {
            let d = last_weekday(p, wd, last)?;
            return Some(Core::point(self.time_of_day(i + 1), Period::Day(d)));
        }
        if let Some((m, false)) = lexicon::month(tok) {
            let period = if last {
                recent_month(p, m, true)
            } else {
                Period::Month(p.year(), m)
            };
            return Some(Core::point(i + 1, period));
        }
        if tok.is_word("weekend") {
            return self.weekend(i + 1, last);
        }
        if tok.text.ends_with('s') {
            return None;
        }
        let period = match (unit(tok)?, last) {
            (Unit::Week, false) => Period::Window(week_of(p)?),
            (Unit::Week, true) => Period::Window(week_of(sub_days(p, 7)?)?),
            (Unit::Month, false) => Period::Month(p.year(), p.month()),
            (Unit::Month, true) => {
                let d = sub_units(p, 1, Unit::Month)?;
                Period::Month(d.year(), d.month())
            }
            (Unit::Year, false) => Period::Year(p.year()),
            (Unit::Year, true) => Period::Year(p.year().checked_sub(1)?),
            _ => return None,
        };
        Some(Core::point(i + 1, period))
    }

    /// The most recent Saturday and Sunday up to publication; with `last`,
    /// the one before when publication falls on a weekend.
    fn weekend(&self, next: usize, last: bool) -> Option<Core> {
        let p = self.reference;
        let mut saturday = last_weekday(p, Weekday::Saturday, false)?;
        let on_weekend = matches!(p.weekday(), Weekday::Saturday | Weekday::Sunday);
        if last && on_weekend {
            saturday = sub_days(saturday, 7)?;
        }
        let sunday = add_days(saturday, 1)?.min(p);
        Some(Core::point(
            next,
            Period::Window(Window::new(saturday, sunday)?),
        ))
    }

    /// "early 2017", "mid-March", "late last year", "the end of 2017".
    fn modified(&self, i: usize) -> Option<Core> {
        let tok = self.tok(i)?;
        let (part, mut j) = if tok.is_word("early") {
            (Part::Early, i + 1)
        } else if tok.is_word("mid") {
            (Part::Mid, i + 1)
        } else if tok.is_word("late") {
            (Part::Late, i + 1)
        } else {
            let j = i + usize::from(tok.is_word("the"));
            let part = if self.word_in(j, &["beginning", "start"]) {
                Part::Early
            } else if self.word(j, "middle") {
                Part::Mid
            } else if self.word(j, "end") {
                Part::Late
            } else {
                return None;
            };
            if !self.word(j + 1, "of") {
                return None;
            }
            (part, j + 2)
        };
        if self.punct(j, '-') && self.touches(j) && self.touches(j + 1) {
            j += 1;
        }
        let inner = longest([
            self.month_first(j, true),
            self.year(j, true),
            self.deictic(j),
            self.weekday(j),
        ])
        .filter(|c| c.kind == DateKind::Point)?;
        let mut period = inner.period.part(part)?;
        // "late March" written early in March means last year's late March.
        if inner.inferred
            && let Period::Month(y, m) = inner.period
            && period.window()?.earliest > self.reference
        {
            period = Period::Month(y.checked_sub(1)?, m).part(part)?;
        }
        // "late this week" written on a Wednesday has not happened yet.
        let whole = inner.period.window()?;
        let future = inner.future
            || whole.earliest <= self.reference
                && whole.latest >= self.reference
                && period.window()?.earliest > self.reference;
        Some(Core {
            period,
            next: inner.next,
            future,
            ..inner
        })
    }

    /// "the last two months of 2017", "the first week of March", "the
    /// first half of 2017": counted from an edge of the named period, not
    /// from publication.
    fn part_of(&self, i: usize) -> Option<Core> {
        if !self.word(i, "the") {
            return None;
        }
        let second = self.word(i + 1, "second");
        let from_end = if self.word_in(i + 1, &["last", "final"]) || second {
            true
        } else if self.word(i + 1, "first") {
            false
        } else {
            return None;
        };
        if self.word(i + 2, "half") && self.word(i + 3, "of") {
            let inner = self.range_end(i + 4)?;
            return Some(Core {
                period: inner.period.half(!from_end)?,
                ..inner
            });
        }
        let (c, j) =
            count(self.toks, i + 2).unwrap_or((lexicon::Count { n: 1, vague: false }, i + 2));
        let u = unit(self.tok(j)?)?;
        // "the second week of March" is not counted from an edge.
        if second || c.vague || !self.word(j + 1, "of") {
            return None;
        }
        let inner = self.range_end(j + 2)?;
        let outer = inner.period.window()?;
        let win = if from_end {
            let start = add_days(sub_units(outer.latest, c.n, u)?, 1)?;
            Window::new(start.max(outer.earliest), outer.latest)?
        } else {
            let end = sub_days(add_units(outer.earliest, c.n, u)?, 1)?;
            Window::new(outer.earliest, end.min(outer.latest))?
        };
        Some(Core {
            period: Period::Window(win),
            ..inner
        })
    }

    /// "two days ago", "a week ago", "three years ago", "a few days ago".
    fn ago(&self, i: usize) -> Option<Core> {
        let (c, j) = count(self.toks, i)?;
        let u = unit(self.tok(j)?)?;
        if !self.word(j + 1, "ago") {
            return None;
        }
        let next = j + 2;
        let p = self.reference;
        let n = c.n;
        let window = |from: Date, to: Date| Some(Period::Window(Window::new(from, to)?));
        let period = if c.vague {
            // "a few days ago": between n-1 and n+2 units back.
            let from = sub_units(p, n.checked_add(2)?, u)?;
            let to = sub_units(p, n.checked_sub(1)?, u)?;
            match u {
                Unit::Year => window(
                    Period::Year(from.year()).window()?.earliest,
                    Period::Year(to.year()).window()?.latest,
                )?,
                _ => window(from, to)?,
            }
        } else {
            let back = sub_units(p, n, u)?;
            match u {
                Unit::Hour => window(back, p)?,
                Unit::Day => Period::Day(back),
                Unit::Week => window(sub_days(back, 3)?, add_days(back, 3)?.min(p))?,
                Unit::Month => Period::Month(back.year(), back.month()),
                Unit::Year => Period::Year(back.year()),
                Unit::Decade => {
                    Period::Decade(back.year().checked_sub(back.year().rem_euclid(10))?)
                }
            }
        };
        let kind = if c.vague {
            DateKind::Vague
        } else {
            DateKind::Point
        };
        Some(Core::point(next, period).with_kind(kind))
    }

    /// "recently", "lately", "of late": the month before publication.
    fn recently(&self, i: usize) -> Option<Core> {
        let next = if self.word_in(i, &["recently", "lately"]) {
            i + 1
        } else if self.word(i, "of") && self.word(i + 1, "late") {
            i + 2
        } else {
            return None;
        };
        let from = sub_units(self.reference, 1, Unit::Month)?;
        let win = Window::new(from, self.reference)?;
        Some(Core::point(next, Period::Window(win)).with_kind(DateKind::Vague))
    }

    // ---- rules that wrap cores ----

    /// A preposition and the expression it introduces: "on Monday", "in
    /// 2014", "in the 1990s", "over the weekend".
    fn with_preposition(&self, i: usize) -> Option<Core> {
        let has_prep = self.word_in(i, PREPOSITIONS);
        let mut j = i + usize::from(has_prep);
        // "the weekend", "the end of" and "the last two months" are handled
        // by their own rules; any other "the" must pass `the_belongs`.
        if self.word(j, "the") && self.the_belongs(j + 1) {
            j += 1;
        } else if !has_prep {
            return None;
        }
        // "over a decade ago" means more than a decade: the preposition is
        // not part of a date, and "ago" and "recently" take none.
        if self.ago(j).is_some() || self.recently(j).is_some() {
            return None;
        }
        let triggered = self.word_in(i, TRIGGERS);
        self.core(j, triggered)
    }

    /// Whether a "the" before token `i` is part of a date expression: before
    /// a number ("the 1990s", "the 28th of March") or a decade part ("the
    /// mid-1990s"), but not in "the March 28 attack".
    fn the_belongs(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| t.kind == TokKind::Num)
            || (self.word_in(i, &["early", "mid", "late"]) && {
                let j = if self.punct(i + 1, '-') { i + 2 } else { i + 1 };
                self.tok(j).is_some_and(|t| t.kind == TokKind::Num)
            })
    }

    /// "since 2014", "since last week", "since March 2017".
    fn since(&self, i: usize) -> Option<Core> {
        if !self.word(i, "since") {
            return None;
        }
        let j = i + 1;
        let j = if self.word(j, "the") && self.the_belongs(j + 1) {
            j + 1
        } else {
            j
        };
        let inner = self.core(j, true).filter(|c| c.kind == DateKind::Point)?;
        let from = inner.period.window()?.earliest;
        let win = Window::new(from, self.reference)?;
        Some(Core::point(inner.next, Period::Window(win)).with_kind(DateKind::Since))
    }

    /// "over the last two months", "in the past 24 hours", "the past week",
    /// "in recent weeks".
    fn relative_span(&self, i: usize) -> Option<Core> {
        let j = i + usize::from(
            self.word_in(i, &["in", "over", "during", "within", "for", "throughout"]),
        );
        if self.word(j, "recent") {
            let u = unit(self.tok(j + 1)?)?;
            // Vague spans: a week of "recent days", three of "recent weeks",
            // three months of "recent months", three years of "recent years".
            let (n, u) = match u {
                Unit::Hour | Unit::Day => (1, Unit::Week),
                Unit::Week => (3, Unit::Week),
                Unit::Month => (3, Unit::Month),
                Unit::Year | Unit::Decade => (3, Unit::Year),
            };
            let win = Window::new(sub_units(self.reference, n, u)?, self.reference)?;
            return Some(Core::point(j + 2, Period::Window(win)).with_kind(DateKind::Vague));
        }
        if !(self.word(j, "the") && self.word_in(j + 1, &["last", "past"])) {
            return None;
        }
        let (c, k) =
            count(self.toks, j + 2).unwrap_or((lexicon::Count { n: 1, vague: false }, j + 2));
        let u = unit(self.tok(k)?)?;
        // "the last two months of 2017" is not counted back from publication.
        if self.word(k + 1, "of") {
            return None;
        }
        let win = Window::new(sub_units(self.reference, c.n, u)?, self.reference)?;
        let kind = if c.vague {
            DateKind::Vague
        } else {
            DateKind::Range
        };
        Some(Core::point(k + 1, Period::Window(win)).with_kind(kind))
    }

    /// "between January and March", "from 2015 to 2017", "between March 1
    /// and 5".
    fn range(&self, i: usize) -> Option<Core> {
        let joiners: &[&str] = if self.word(i, "between") {
            &["and"]
        } else if self.word(i, "from") {
            &["to", "until", "till", "through"]
        } else {
            return None;
        };
        let first = self.range_end(i + 1)?;
        let j = first.next;
        if !self.word_in(j, joiners) {
            return None;
        }
        // "between March 1 and 5": the second end borrows the month.
        let bare_day = match first.period {
            Period::Day(d) => self.day_num(j + 1).and_then(|(d2, next)| {
                Some(Core::point(
                    next,
                    Period::Day(Date::new(d.year(), d.month(), d2).ok()?),
                ))
            }),
            _ => None,
        };
        let second = longest([self.range_end(j + 1), bare_day])?;
        // Two round numbers followed by a noun are counts, not years.
        let round = |p: Period| matches!(p, Period::Year(y) if y % 50 == 0);
        if round(first.period)
            && round(second.period)
            && self.tok(second.next).is_some_and(|t| {
                t.kind == TokKind::Word
                    && !t.is_capitalised()
                    && !AFTER_YEAR_RANGE.iter().any(|w| t.is_word(w))
            })
        {
            return None;
        }
        let end = second.period.window()?;
        let mut start = first.period.window()?;
        // An end without a year ("between November and January") is resolved
        // against the other end rather than against publication.
        if first.inferred && start.earliest > end.earliest {
            let again = Grammar::new(self.toks, end.latest).range_end(i + 1)?;
            start = again.period.window()?;
        }
        let win = Window::new(start.earliest, end.latest)?;
        Some(Core::point(second.next, Period::Window(win)).with_kind(DateKind::Range))
    }

    /// One end of an explicit range: a date, month, year or weekday.
    fn range_end(&self, i: usize) -> Option<Core> {
        longest([
            self.iso(i),
            self.weekday(i),
            self.month_first(i, true),
            self.day_first(i),
            self.year(i, true),
            self.modified(i),
        ])
        .filter(|c| c.kind == DateKind::Point)
    }

    /// A complete date with its year, as headers and metadata write it:
    /// optional weekday (abbreviations allowed here), then an ISO date,
    /// "March 28, 2018" or "28 March 2018". Returns the date and the index
    /// just past it.
    pub fn full_date(&self, i: usize) -> Option<(Date, usize)> {
        let mut j = i;
        if self.tok(j).is_some_and(lexicon::weekday_or_abbrev) {
            j += 1;
            if self.punct(j, ',') || (self.punct(j, '.') && self.touches(j)) {
                j += 1;
            }
        }
        let core = longest([self.iso(j), self.month_first(j, false), self.day_first(j)])?;
        match core.period {
            Period::Day(d) if !core.inferred => Some((d, core.next)),
            _ => None,
        }
    }
}
