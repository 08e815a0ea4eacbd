//! Actor dictionaries (`Phoenix.Countries.actors.txt`,
//! `Phoenix.International.actors.txt`, `Phoenix.MilNonState.actors.txt`,
//! `PETR.Validate.actors.txt`).
//!
//! ```text
//! AFGHANISTAN_  [AFG]          a name and its code
//! +AFGHAN_                     `+` adds a synonym
//! HAMID_KARZAI_                codes may follow on their own lines,
//!     [AFGELI 750101-000101]   restricted to dates: a range (inclusive),
//!     [AFGGOV >011222]         `>D` from D on, `<D` before D;
//!     [AFGELI]                 an undated code is the default
//! LORIEN  [ELR/GAL]            `/` gives several actors at once
//! ```
//!
//! Dates are `YYMMDD` (years 30-99 are 19xx, 00-29 20xx, which fits every
//! date in the Phoenix files) or `YYYYMMDD`. On a given day the first
//! restricted code whose dates contain it wins, then the default; a name
//! with neither on that day codes no actor.

use std::collections::HashMap;

use sitrep_model::Date;

use crate::dictionaries::DictionarySource;
use crate::issue::{DictionaryIssue, Issues};
use crate::lines::{content_lines, split_groups};
use crate::text::{PhraseTok, phrase};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Restriction {
    None,
    /// Strictly before the day.
    Before(Date),
    /// On or after the day.
    From(Date),
    /// Both days included.
    Between(Date, Date),
}

impl Restriction {
    fn contains(self, d: Date) -> bool {
        match self {
            Restriction::None => true,
            Restriction::Before(x) => d < x,
            Restriction::From(x) => d >= x,
            Restriction::Between(a, b) => a <= d && d <= b,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DatedCode {
    /// One or more codes (`ELR/GAL` is two actors).
    pub codes: Vec<String>,
    pub when: Restriction,
}

#[derive(Debug, Clone)]
pub(crate) struct ActorEntry {
    pub codes: Vec<DatedCode>,
    pub line: usize,
}

impl ActorEntry {
    /// The codes on `date` (`None`: any day, the default code).
    pub fn codes_on(&self, date: Option<Date>) -> Option<&[String]> {
        if let Some(d) = date
            && let Some(c) = self
                .codes
                .iter()
                .find(|c| c.when != Restriction::None && c.when.contains(d))
        {
            return Some(&c.codes);
        }
        self.codes
            .iter()
            .find(|c| c.when == Restriction::None)
            .map(|c| c.codes.as_slice())
    }
}

/// A name of an entry, as tokens with connectors.
#[derive(Debug, Clone)]
pub(crate) struct Name {
    pub toks: Vec<PhraseTok>,
    pub entry: u32,
}

/// Compiled actor dictionaries.
#[derive(Debug, Clone, Default)]
pub(crate) struct Actors {
    pub entries: Vec<ActorEntry>,
    pub names: Vec<Name>,
    /// First token → names starting with it, longest first, then in file
    /// order.
    pub index: HashMap<String, Vec<u32>>,
    pub files: Vec<String>,
}

pub(crate) fn load(sources: &[DictionarySource<'_>], out: &mut Vec<DictionaryIssue>) -> Actors {
    let mut actors = Actors::default();
    for src in sources {
        actors.files.push(src.name.to_string());
        let mut issues = Issues {
            file: src.name,
            out: &mut *out,
        };
        read_file(src, &mut actors, &mut issues);
    }
    for (i, n) in actors.names.iter().enumerate() {
        if let Some(first) = n.toks.first() {
            actors
                .index
                .entry(first.up.clone())
                .or_default()
                .push(i as u32);
        }
    }
    let names = &actors.names;
    for list in actors.index.values_mut() {
        list.sort_by_key(|&i| (std::cmp::Reverse(names[i as usize].toks.len()), i));
    }
    actors
}

fn read_file(src: &DictionarySource<'_>, actors: &mut Actors, issues: &mut Issues<'_>) {
    // The entry being read, and the names given to it so far.
    let mut current: Option<u32> = None;
    let mut pending_names: Vec<(Vec<PhraseTok>, usize)> = Vec::new();
    let finish = |actors: &mut Actors,
                  current: Option<u32>,
                  names: &mut Vec<(Vec<PhraseTok>, usize)>,
                  issues: &mut Issues<'_>| {
        let Some(e) = current else { return };
        if actors.entries[e as usize].codes.is_empty() {
            let line = actors.entries[e as usize].line;
            issues.warning(line, "actor without a code; skipped");
            names.clear();
            return;
        }
        for (toks, _) in names.drain(..) {
            actors.names.push(Name { toks, entry: e });
        }
    };
    for (line_no, line) in content_lines(src.text, false) {
        let t = line.trim();
        let split = split_groups(t);
        if split.unbalanced {
            issues.error(line_no, "unbalanced brackets; line skipped");
            continue;
        }
        let name_text = split.text.trim();
        let synonym = name_text.strip_prefix('+');
        let starts_entry = synonym.is_none() && !name_text.is_empty();
        if starts_entry {
            finish(actors, current, &mut pending_names, issues);
            actors.entries.push(ActorEntry {
                codes: Vec::new(),
                line: line_no,
            });
            current = Some((actors.entries.len() - 1) as u32);
            let toks = phrase(name_text);
            if toks.is_empty() {
                issues.error(line_no, "actor name has no words; skipped");
            } else {
                pending_names.push((toks, line_no));
            }
        } else if let Some(syn) = synonym {
            let Some(_) = current else {
                issues.error(line_no, "synonym before any actor; skipped");
                continue;
            };
            let toks = phrase(syn.trim());
            if toks.is_empty() {
                issues.error(line_no, "empty synonym; skipped");
            } else {
                pending_names.push((toks, line_no));
            }
        } else if current.is_none() {
            issues.error(line_no, "code before any actor; skipped");
            continue;
        }
        let Some(e) = current else { continue };
        for body in &split.brackets {
            if let Some(code) = parse_dated_code(body, line_no, issues) {
                actors.entries[e as usize].codes.push(code);
            }
        }
    }
    finish(actors, current, &mut pending_names, issues);
}

fn parse_dated_code(body: &str, line: usize, issues: &mut Issues<'_>) -> Option<DatedCode> {
    let body = body.trim();
    let (code, rest) = match body.split_once(char::is_whitespace) {
        Some((c, r)) => (c, r.trim()),
        None => (body, ""),
    };
    // `[950601-990815]` (a date without a code) is an error TABARI's test
    // file itself checks for.
    if code.is_empty() || code.starts_with(|c: char| c.is_ascii_digit() || c == '<' || c == '>') {
        issues.error(line, format!("[{body}] has no actor code; skipped"));
        return None;
    }
    let upper = code.to_uppercase();
    if upper != code {
        issues.warning(line, format!("code {code:?} read as {upper:?}"));
    }
    let codes: Vec<String> = upper.split('/').map(str::to_string).collect();
    for c in &codes {
        let special = matches!(c.as_str(), "---" | "+++" | "###");
        let shaped = c.len() >= 3 && c.bytes().all(|b| b.is_ascii_alphanumeric());
        if !special && !shaped {
            issues.warning(
                line,
                format!("code {c:?} is not a Phoenix actor code; kept as written"),
            );
        }
    }
    let rest: String = rest.split_whitespace().collect();
    let when = if rest.is_empty() {
        Restriction::None
    } else if let Some(d) = rest.strip_prefix('<') {
        Restriction::Before(parse_date(d, line, issues)?)
    } else if let Some(d) = rest.strip_prefix('>') {
        Restriction::From(parse_date(d, line, issues)?)
    } else if let Some((a, b)) = rest.split_once('-') {
        let (a, b) = (parse_date(a, line, issues)?, parse_date(b, line, issues)?);
        if b < a {
            issues.warning(line, format!("date range {rest} ends before it starts"));
        }
        Restriction::Between(a, b)
    } else {
        issues.error(
            line,
            format!("date restriction {rest:?} is not <D, >D or D-D; code skipped"),
        );
        return None;
    };
    Some(DatedCode { codes, when })
}

/// `YYMMDD` or `YYYYMMDD`.
pub(crate) fn parse_date(s: &str, line: usize, issues: &mut Issues<'_>) -> Option<Date> {
    let s = s.trim();
    let digits = s.bytes().all(|b| b.is_ascii_digit());
    let parsed = match (digits, s.len()) {
        (true, 6) => {
            let yy: i16 = s.get(..2)?.parse().ok()?;
            let year = if yy < 30 { 2000 + yy } else { 1900 + yy };
            ymd(year, s.get(2..4)?, s.get(4..6)?)
        }
        (true, 8) => ymd(s.get(..4)?.parse().ok()?, s.get(4..6)?, s.get(6..8)?),
        _ => None,
    };
    if parsed.is_none() {
        issues.error(
            line,
            format!("date {s:?} is not YYMMDD or YYYYMMDD; code skipped"),
        );
    }
    parsed
}

fn ymd(year: i16, month: &str, day: &str) -> Option<Date> {
    Date::new(year, month.parse().ok()?, day.parse().ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(text: &str) -> (Actors, Vec<DictionaryIssue>) {
        let mut issues = Vec::new();
        let a = load(
            &[DictionarySource {
                name: "a.txt",
                text,
            }],
            &mut issues,
        );
        (a, issues)
    }

    fn codes_of(a: &Actors, name: &str, date: &str) -> Option<String> {
        let toks = crate::text::words(name);
        let n = a
            .names
            .iter()
            .find(|n| n.toks.iter().map(|t| &t.up).eq(toks.iter()))?;
        let d: Date = date.parse().ok()?;
        a.entries[n.entry as usize]
            .codes_on(Some(d))
            .map(|c| c.join("/"))
    }

    #[test]
    fn dated_codes_table() {
        let text = "GOLLUM  # x\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n\t[HOBREB > 990816]\nSAM_GAMGEE [HOB]\n\t[HOBCIV <20080120]\n\t[ORCHOB 20100109-20100112]\n\t[HOBMIL 20080120-20121109]\nLORIEN [ELR/GAL]\nZIMBABWE\n\t[RHO <790606]\n\t[ZBW]\nKARZAI_\n\t[AFGGOV >011222]\n";
        let (a, issues) = load_str(text);
        assert!(issues.is_empty(), "{issues:?}");
        let table = [
            ("SMEAGOL", "1995-01-01", Some("HOB")),
            ("GOLLUM", "1995-06-01", Some("HOBGOV")),
            ("GOLLUM", "1999-08-15", Some("HOBGOV")),
            ("SMEAGOL", "2001-01-01", Some("HOBREB")),
            ("SAM GAMGEE", "2008-01-19", Some("HOBCIV")),
            ("SAM GAMGEE", "2010-01-09", Some("ORCHOB")),
            ("SAM GAMGEE", "2010-01-12", Some("ORCHOB")),
            ("SAM GAMGEE", "2010-01-13", Some("HOBMIL")),
            ("SAM GAMGEE", "2013-06-01", Some("HOB")),
            ("LORIEN", "2000-01-01", Some("ELR/GAL")),
            ("ZIMBABWE", "1978-12-23", Some("RHO")),
            ("ZIMBABWE", "2001-01-01", Some("ZBW")),
            ("KARZAI", "2001-12-22", Some("AFGGOV")),
            ("KARZAI", "2001-12-21", None),
        ];
        for (name, date, want) in table {
            assert_eq!(
                codes_of(&a, name, date).as_deref(),
                want,
                "{name} on {date}"
            );
        }
    }

    #[test]
    fn malformed_lines_are_reported_with_their_line() {
        let text = "[XYZ]\n+ORPHAN\nGOOD [GOO]\n\t[950601-990815]\n\t[AAA950601-990815]\nBAD_DATE [BAD 2004017-20061201]\nNOCODE\nLOWER [pse]\nBROKEN [X\nNEXT [NXT ~ 1]\n";
        let (a, issues) = load_str(text);
        let got: Vec<(usize, String)> = issues
            .iter()
            .map(|i| (i.line, format!("{:?}", i.severity)))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "Error".to_string()),
                (2, "Error".to_string()),
                (4, "Error".to_string()),
                (5, "Warning".to_string()),
                (6, "Error".to_string()),
                (6, "Warning".to_string()),
                (7, "Warning".to_string()),
                (8, "Warning".to_string()),
                (9, "Error".to_string()),
                (10, "Error".to_string()),
                (10, "Warning".to_string()),
            ],
            "{issues:#?}"
        );
        // GOOD keeps its code; LOWER is read in upper case.
        assert_eq!(codes_of(&a, "GOOD", "2000-01-01").as_deref(), Some("GOO"));
        assert_eq!(codes_of(&a, "LOWER", "2000-01-01").as_deref(), Some("PSE"));
    }
}
