//! The `incidents` suite: Wikipedia's "List of terrorist incidents" rows
//! (`wikipedia_incidents_dev.csv`), one document per row.
//!
//! Each row says what happened in one or three sentences, with the date,
//! type, dead, location, country and perpetrator as Wikipedia lists them.
//! Per row the scorer asks of the events coded for it: was anything
//! detected, is the toll right, the place, the country, the perpetrator and
//! the event type? Afghanistan and the rest of the world are reported
//! apart. The exact rules are in [`DEFINITIONS`] (printed into `EVAL.md`).

use sitrep_io::output::EventRecord;
use sitrep_model::{Date, Document, EventType};

use crate::fold::{fold, place_key, truncate};
use crate::names::{Names, ResolvedActor};
use crate::report::{Metric, Miss, MissList, Slice, SuiteReport};

/// The rules this suite scores by, as Markdown for `EVAL.md`.
pub const DEFINITIONS: &str = "\
- **Documents.** Each row is one document: `details` with the `[n]` reference marks removed, published on the row's `date`. The Afghanistan slice is the rows whose `country` column is exactly `Afghanistan` (the demo corpus); every other row is the rest of the world.
- **Main event** of a row: the coded event with the most fatalities (null counts as 0; ties go to the first in output order). Fatalities and event type are judged on the main event; location, country and perpetrator on any event of the row. A row with no event counts as a miss for every metric whose denominator it is in.
- **detected**: at least one event coded.
- **fatalities**: the accepted figures are `dead` and, where `dead_as_written` reads `v (+p ...)`, the victims-plus-perpetrators total v+p (in this file `dead` already equals v+p on all but 4 such rows). A null fatality count on the main event counts as 0; the notes say how many rows matched only through that. *stated in text* repeats the figure over the rows whose text states an accepted toll: 0, a figure among the text's quantities (for `v (+p)` rows the victims v also count, since an attacker's death is often implied), or a single death told in words (\"a policeman was killed\").
- **location**: the `location` column split on commas, the last part (the country) dropped; rows with nothing left are not in the denominator. Parts are also split on `/` and ` and ` (\"Jableh and Tartus\"). A part matches an event's `location`, `admin1`, `admin2` or `admin3` — of an event in one of the row's countries (see *country*), so that a namesake abroad does not count — when the names are equal after folding (lower case, accents removed, spaces, hyphens, apostrophes and punctuation removed, feature words Province/District/City/County/Governorate/State/Region/Village/Town/Municipality/Commune/Department/Prefecture/Oblast/Upazila/Tehsil/Agency, a trailing Airport/Air Base, a leading near/outside/the and the Arabic article al/el/ad/an/ar/as/az dropped), or one edit apart when both keys have 6+ letters, or have the same consonant skeleton (vowels, h, w, y dropped, q and c read as k, doubles collapsed; 3+ consonants, 6+ letters: Baqouba/Baqubah), or when the gazetteer lists both as names of one entry (each name read alone as one toponym). *reachable* repeats the figure over the rows whose folded text contains a folded part: what a coder reading only the text could find.
- **country**: the `country` column (split on `/`) read as countries through the gazetteer's country names, which cover historical and variant names (West Germany → Germany, Soviet Union → Russia, Republic of Ireland → Ireland, Burma → Myanmar); a short table adds what the gazetteer does not know as countries (Northern Ireland/England/Scotland/Wales → United Kingdom, East Jerusalem → Palestine or Israel, Crimea → Ukraine or Russia, ...); then direction words are dropped (\"across Iraq\", \"Northern Israel\"), a country named at the end or start is taken (\"Haifa Israel\"), a near spelling (\"Aghanistan\") or the country of a place (\"Khost Province\"), and finally the country of the `location` column. Rows where none of this yields a country are not in the denominator (counted in the notes). An event matches when its `country` is one of the accepted countries.
- **perpetrator**: `[..]` notes and qualifiers are removed (\"(suspected)\", \"(claimed)\", \"(alleged)\", \"(lone wolf)\", a trailing \"suspected\" even when glued on); a remaining parenthesis is an alternative name (\"Glenanne gang (UVF)\"), and lists (`,` `;` `/` `and` `or`) are split so that any named group counts. Rows whose perpetrator is empty, \"Unknown...\" or only \"lone wolf\" are not in the denominator; the notes say how many of them got an `Unidentified Armed Group` actor1. A perpetrator matches when its folded name (3+ letters) is contained in an event's folded `actor1` or `actor2`, or when the actor dictionary reads it (typographic dashes and quotes made ASCII, on the row's date, read both in the row's country and without one) as a named actor whose ACLED name begins the event's actor name (ACLED adds a country to some names: \"Islamic State (Kuwait)\"), or as a role noun (\"militants\", \"Islamists\") whose generic actor (\"Unidentified Armed Group (...)\") is the event's actor. *reachable* repeats the figure over the rows whose text names the perpetrator (folded containment, or the dictionary reads the same actor in the text).
- **event type** (main event): bombing → Explosions/Remote violence; shooting, massacre, assassination → Violence against civilians or Battles; stabbing, hostage, hijacking → Violence against civilians. Rows of other types (other_violence, unknown, melee, arson, bioattack) are not in the denominator.
- **Worst misses**: detected, country and event type misses are listed by `dead`, largest first; fatalities by the distance between the coded and the expected figure; location and perpetrator misses in the reachable subset first, then by `dead`.
";

/// The publisher the demo corpus gives these rows, kept the same here so an
/// eval row and a demo row are the same document.
const SOURCE: &str = "Wikipedia: List of terrorist incidents";

/// One row of the incidents file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentRow {
    pub id: String,
    pub date: Option<Date>,
    /// `bombing`, `shooting`, ...
    pub kind: String,
    pub dead: Option<u32>,
    pub dead_as_written: String,
    pub location: String,
    pub country: String,
    pub perpetrator: String,
    /// `details` with the reference marks removed.
    pub text: String,
}

impl IncidentRow {
    /// The row as the document `sitrep extract` would read from the demo
    /// corpus's JSON Lines.
    pub fn document(&self) -> Document {
        let mut doc = Document::new(self.id.clone(), self.text.clone());
        doc.published = self.date;
        doc.source = Some(SOURCE.to_string());
        doc
    }

    pub fn in_afghanistan(&self) -> bool {
        self.country == "Afghanistan"
    }
}

/// Removes Wikipedia's `[12]` reference marks and trims, as
/// `scripts/build_demo.py` does.
pub fn remove_reference_marks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = rest.get(open + 1..).unwrap_or("");
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && after.as_bytes().get(digits) == Some(&b']') {
            out.push_str(rest.get(..open).unwrap_or(""));
            rest = after.get(digits + 1..).unwrap_or("");
        } else {
            out.push_str(rest.get(..open + 1).unwrap_or(""));
            rest = after;
        }
    }
    out.push_str(rest);
    out.trim().to_string()
}

/// Reads the incidents CSV (header `id,date,type,dead,dead_as_written,
/// injured,location,country,perpetrator,details`).
pub fn parse_incidents(csv_text: &str) -> Result<Vec<IncidentRow>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(csv_text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("incidents file: {e}"))?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("incidents file: no {name:?} column"))
    };
    let cols = [
        column("id")?,
        column("date")?,
        column("type")?,
        column("dead")?,
        column("dead_as_written")?,
        column("location")?,
        column("country")?,
        column("perpetrator")?,
        column("details")?,
    ];
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("incidents file, record {}: {e}", i + 1))?;
        let get = |c: usize| record.get(c).unwrap_or("").to_string();
        let [
            id,
            date,
            kind,
            dead,
            dead_as_written,
            location,
            country,
            perpetrator,
            details,
        ] = cols.map(get);
        rows.push(IncidentRow {
            date: date.trim().parse().ok(),
            dead: dead.trim().parse().ok(),
            text: remove_reference_marks(&details),
            id,
            kind,
            dead_as_written,
            location,
            country,
            perpetrator,
        });
    }
    Ok(rows)
}

/// The fatality figures a row accepts: `dead`, and v+p where
/// `dead_as_written` reads `v (+p ...)`.
pub fn accepted_fatalities(dead: Option<u32>, dead_as_written: &str) -> Vec<u32> {
    let mut accepted: Vec<u32> = dead.into_iter().collect();
    let normal = dead_as_written.replace('\u{a0}', " ");
    let s = normal.trim();
    let digits = |s: &str| -> Option<(u32, usize)> {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        s.get(..n)?.parse().ok().map(|v| (v, n))
    };
    if let Some((victims, n)) = digits(s)
        && let Some(rest) = s.get(n..).map(str::trim_start)
        && let Some(rest) = rest.strip_prefix("(+")
        && let Some((perpetrators, _)) = digits(rest)
    {
        let total = victims.saturating_add(perpetrators);
        if !accepted.contains(&total) {
            accepted.push(total);
        }
    }
    accepted
}

/// The event types a row's `type` allows, or `None` for types the issue
/// does not judge.
pub fn expected_event_types(kind: &str) -> Option<&'static [EventType]> {
    use EventType::*;
    match kind.trim() {
        "bombing" => Some(&[ExplosionsRemoteViolence]),
        "shooting" | "massacre" | "assassination" => Some(&[ViolenceAgainstCivilians, Battles]),
        "stabbing" | "hostage" | "hijacking" => Some(&[ViolenceAgainstCivilians]),
        _ => None,
    }
}

/// The sub-national places of a `location` column: its comma-separated
/// parts without the last (the country), with lists split ("Jableh and
/// Tartus", "La Gabarra / Tibú").
pub fn location_parts(location: &str) -> Vec<String> {
    let parts: Vec<&str> = location.split(',').map(str::trim).collect();
    let n = parts.len().saturating_sub(1);
    parts
        .into_iter()
        .take(n)
        .flat_map(|p| p.split('/'))
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !place_key(p).is_empty())
        .map(str::to_string)
        .collect()
}

/// A perpetrator column read: nobody named, or the names to look for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Perpetrator {
    /// Empty, "Unknown ..." or only "lone wolf".
    Unnamed,
    /// The whole cleaned name first, then alternatives and list parts.
    Named(Vec<String>),
}

/// Words that qualify a perpetrator rather than name one.
const QUALIFIERS: &[&str] = &[
    "suspected",
    "suspects",
    "suspect",
    "claimed but challenged",
    "claimed",
    "alleged",
    "disputed",
    "likely",
    "unconfirmed",
    "not verified",
    "affiliate",
    "lone wolf",
    "islamic state-inspired",
];

fn is_qualifier(s: &str) -> bool {
    let f = fold(s);
    f.is_empty() || QUALIFIERS.iter().any(|q| fold(q) == f)
}

/// Removes qualifier words at the end, also when glued to the name
/// ("Boko HaramSuspected").
fn strip_trailing_qualifiers(s: &str) -> String {
    let mut s = s.trim().to_string();
    loop {
        // Qualifiers are ASCII, so the tail is compared in place; `get`
        // refuses a cut inside a character.
        let cut = QUALIFIERS.iter().find_map(|q| {
            let cut = s.len().checked_sub(q.len())?;
            let tail = s.get(cut..)?;
            tail.eq_ignore_ascii_case(q).then_some(cut)
        });
        match cut.and_then(|c| s.get(..c)) {
            Some(head) if !head.trim().is_empty() => s = head.trim().to_string(),
            _ => break,
        }
    }
    s.trim_end_matches([',', ';', '/', '-']).trim().to_string()
}

/// Reads a perpetrator column into the names a coded actor may carry.
pub fn perpetrator_candidates(raw: &str) -> Perpetrator {
    // Notes in brackets ("[not in citation given]", "[18]") are no names.
    let mut text = String::new();
    let mut depth = 0usize;
    for c in raw.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => text.push(if c.is_whitespace() { ' ' } else { c }),
            _ => {}
        }
    }
    // Parentheses: qualifiers go, anything else is another name for the
    // same perpetrator ("Glenanne gang (UVF)", "Wilayat Sayna (Islamic
    // State)").
    let mut outer = String::new();
    let mut inner: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    for c in text.chars() {
        match (c, current.as_mut()) {
            ('(', None) => current = Some(String::new()),
            (')', Some(_)) => {
                if let Some(s) = current.take() {
                    let s = s.trim().trim_start_matches("of ").trim().to_string();
                    if !is_qualifier(&s) {
                        inner.push(s);
                    }
                }
                outer.push(' ');
            }
            (_, Some(s)) => s.push(c),
            (_, None) => outer.push(c),
        }
    }
    let whole = strip_trailing_qualifiers(&outer.split_whitespace().collect::<Vec<_>>().join(" "));
    let folded = fold(&whole);
    let unnamed_whole = folded.is_empty() || folded.starts_with("unknown") || is_qualifier(&whole);
    let mut names: Vec<String> = Vec::new();
    // Names shorter than three letters ("(s)" in "Islamist(s)") and
    // "Unknown" parts of a list name nobody.
    let mut add = |s: &str| {
        let s = strip_trailing_qualifiers(s);
        let key = fold(&s);
        let useful = key.chars().count() >= 3 && !key.starts_with("unknown") && !is_qualifier(&s);
        if useful && !names.iter().any(|n| fold(n) == key) {
            names.push(s);
        }
    };
    if !unnamed_whole {
        add(&whole);
        for part in split_list(&whole) {
            add(&part);
        }
    }
    for alt in &inner {
        add(alt);
    }
    if names.is_empty() {
        Perpetrator::Unnamed
    } else {
        Perpetrator::Named(names)
    }
}

/// Splits "FARC, ELN and EPL" or "Taliban or Haqqani network" into names.
fn split_list(s: &str) -> Vec<String> {
    let mut parts = vec![s.to_string()];
    for sep in [",", ";", "/", "|", " and ", " or ", " & "] {
        parts = parts
            .iter()
            .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// The event with the most fatalities (null as 0), the first among equals.
pub fn main_event(events: &[EventRecord]) -> Option<&EventRecord> {
    let mut best: Option<&EventRecord> = None;
    for e in events {
        let f = e.fatalities.unwrap_or(0);
        if best.is_none_or(|b| f > b.fatalities.unwrap_or(0)) {
            best = Some(e);
        }
    }
    best
}

/// How one row fared; `None` where the row is not in a metric's
/// denominator.
#[derive(Debug, Clone, Default)]
struct Outcome {
    detected: bool,
    fatalities: Option<bool>,
    fatalities_only_through_null: bool,
    /// The expected toll is stated in the text (see DEFINITIONS).
    fatalities_reachable: bool,
    fatality_distance: u64,
    location: Option<bool>,
    location_reachable: bool,
    country: Option<bool>,
    country_unresolved: bool,
    perpetrator: Option<bool>,
    perpetrator_reachable: bool,
    unnamed_perpetrator: bool,
    unnamed_got_armed_group: bool,
    event_type: Option<bool>,
    expected_types: &'static [EventType],
    expected_perpetrators: Vec<String>,
    expected_countries: Vec<String>,
    expected_fatalities: Vec<u32>,
}

fn judge(row: &IncidentRow, events: &[EventRecord], names: &Names<'_>) -> Outcome {
    let mut o = Outcome {
        detected: !events.is_empty(),
        ..Outcome::default()
    };
    let main = main_event(events);
    let folded_text = fold(&row.text);
    // A row without a date is resolved as of an arbitrary fixed day; the
    // dev file has a date on every row.
    let date = row.date.unwrap_or_else(|| Date::constant(2000, 1, 1));

    o.expected_fatalities = accepted_fatalities(row.dead, &row.dead_as_written);
    if !o.expected_fatalities.is_empty() {
        let coded = main.and_then(|e| e.fatalities);
        let as_number = coded.unwrap_or(0);
        let hit = main.is_some() && o.expected_fatalities.contains(&as_number);
        o.fatalities = Some(hit);
        o.fatalities_only_through_null = hit && coded.is_none();
        o.fatalities_reachable =
            toll_stated(&row.text, &o.expected_fatalities, &row.dead_as_written);
        o.fatality_distance = o
            .expected_fatalities
            .iter()
            .map(|&x| u64::from(x.abs_diff(as_number)))
            .min()
            .unwrap_or(0);
    }

    let countries = names.gold_countries(&row.country, &row.location);
    o.expected_countries = countries.iter().map(|c| c.to_string()).collect();
    let in_country = |e: &EventRecord| {
        names
            .record_country(&e.country)
            .is_some_and(|c| countries.contains(&c))
    };
    if countries.is_empty() {
        o.country_unresolved = true;
    } else {
        o.country = Some(events.iter().any(in_country));
    }
    let focus = countries.first().copied();

    let parts = location_parts(&row.location);
    if !parts.is_empty() {
        o.location_reachable = parts.iter().any(|p| {
            let k = place_key(p);
            k.chars().count() >= 3 && folded_text.contains(&k)
        });
        // A namesake in another country ("Kabul" in Israel, "Bahram" in
        // Iran for Bagram) is not the place.
        o.location = Some(
            events
                .iter()
                .filter(|e| countries.is_empty() || in_country(e))
                .any(|e| {
                    [&e.location, &e.admin1, &e.admin2, &e.admin3]
                        .iter()
                        .filter(|f| !f.is_empty())
                        .any(|f| parts.iter().any(|p| names.same_place(p, f)))
                }),
        );
    }

    match perpetrator_candidates(&row.perpetrator) {
        Perpetrator::Unnamed => {
            o.unnamed_perpetrator = true;
            o.unnamed_got_armed_group = events
                .iter()
                .any(|e| e.actor1.starts_with("Unidentified Armed Group"));
        }
        Perpetrator::Named(candidates) => {
            let resolved: Vec<ResolvedActor> = candidates
                .iter()
                .flat_map(|c| names.actors_in(c, date, focus))
                .collect();
            let contained = |haystack: &str| {
                candidates.iter().any(|c| {
                    let k = fold(c);
                    k.chars().count() >= 3 && haystack.contains(&k)
                })
            };
            o.perpetrator = Some(events.iter().any(|e| {
                [&e.actor1, &e.actor2]
                    .iter()
                    .filter(|a| !a.is_empty())
                    .any(|a| contained(&fold(a)) || resolved.iter().any(|r| r.matches(a)))
            }));
            o.perpetrator_reachable = contained(&folded_text) || {
                let in_text = names.actors_in(&row.text, date, focus);
                resolved.iter().any(|r| in_text.contains(r))
            };
            o.expected_perpetrators = candidates;
        }
    }

    if let Some(types) = expected_event_types(&row.kind) {
        o.expected_types = types;
        o.event_type = Some(main.is_some_and(|e| {
            e.event_type
                .parse::<EventType>()
                .is_ok_and(|t| types.contains(&t))
        }));
    }
    o
}

/// Whether a text states one of the accepted tolls: zero, a figure among
/// its quantities (the victims alone count for "7 (+1)", since the attacker
/// is often implied), or a single death in words ("a policeman was
/// killed").
fn toll_stated(text: &str, accepted: &[u32], dead_as_written: &str) -> bool {
    let figures: Vec<u64> = sitrep_text::find_quantities(text)
        .iter()
        .map(|q| q.value)
        .collect();
    let victims = dead_as_written
        .split('(')
        .next()
        .and_then(|v| v.trim().parse::<u64>().ok());
    let lower = text.to_lowercase();
    let says_death = [
        "killed",
        "died",
        "dead",
        "death",
        "murder",
        "assassinat",
        "executed",
        "shot dead",
    ]
    .iter()
    .any(|w| lower.contains(w));
    accepted
        .iter()
        .any(|&a| a == 0 || figures.contains(&u64::from(a)) || (a == 1 && says_death))
        || victims.is_some_and(|v| v > 0 && figures.contains(&v))
}

fn describe_events(events: &[EventRecord], f: impl Fn(&EventRecord) -> String) -> String {
    if events.is_empty() {
        return "no event".to_string();
    }
    let mut seen: Vec<String> = Vec::new();
    for e in events {
        let s = f(e);
        if !seen.contains(&s) {
            seen.push(s);
        }
    }
    seen.join("; ")
}

/// Which metric a miss list is for, how it reads a row's outcome and how
/// it ranks misses (larger first).
struct MissSpec {
    metric: &'static str,
    missed: fn(&Outcome) -> bool,
    rank: fn(&IncidentRow, &Outcome) -> (bool, u64),
    expected: fn(&IncidentRow, &Outcome) -> String,
    coded: fn(&[EventRecord]) -> String,
}

fn dead_rank(row: &IncidentRow, _: &Outcome) -> (bool, u64) {
    (false, u64::from(row.dead.unwrap_or(0)))
}

const MISS_SPECS: &[MissSpec] = &[
    MissSpec {
        metric: "detected",
        missed: |o| !o.detected,
        rank: dead_rank,
        expected: |r, _| format!("an event ({}, {} dead)", r.kind, r.dead.unwrap_or(0)),
        coded: |_| "no event".to_string(),
    },
    MissSpec {
        metric: "fatalities",
        missed: |o| o.fatalities == Some(false),
        rank: |_, o| (false, o.fatality_distance),
        expected: |_, o| {
            o.expected_fatalities
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(" or ")
        },
        coded: |events| match main_event(events) {
            None => "no event".to_string(),
            Some(e) => format!(
                "{} ({})",
                e.fatalities
                    .map_or_else(|| "null".to_string(), |f| f.to_string()),
                e.sub_event_type
            ),
        },
    },
    MissSpec {
        metric: "location",
        missed: |o| o.location == Some(false),
        rank: |r, o| (o.location_reachable, u64::from(r.dead.unwrap_or(0))),
        expected: |r, o| {
            let parts = location_parts(&r.location).join(" / ");
            if o.location_reachable {
                parts
            } else {
                format!("{parts} (not in the text)")
            }
        },
        coded: |events| {
            describe_events(events, |e| {
                [&e.location, &e.admin2, &e.admin1, &e.country]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
        },
    },
    MissSpec {
        metric: "country",
        missed: |o| o.country == Some(false),
        rank: dead_rank,
        expected: |r, o| format!("{} ({})", r.country, o.expected_countries.join("/")),
        coded: |events| describe_events(events, |e| e.country.clone()),
    },
    MissSpec {
        metric: "perpetrator",
        missed: |o| o.perpetrator == Some(false),
        rank: |r, o| (o.perpetrator_reachable, u64::from(r.dead.unwrap_or(0))),
        // The names looked for, after qualifiers were removed and lists
        // split.
        expected: |_, o| {
            let names = o.expected_perpetrators.join(" | ");
            if o.perpetrator_reachable {
                names
            } else {
                format!("{names} (not named in the text)")
            }
        },
        coded: |events| {
            describe_events(events, |e| {
                if e.actor2.is_empty() {
                    e.actor1.clone()
                } else {
                    format!("{} vs {}", e.actor1, e.actor2)
                }
            })
        },
    },
    MissSpec {
        metric: "event type",
        missed: |o| o.event_type == Some(false),
        rank: dead_rank,
        expected: |r, o| {
            format!(
                "{} ({})",
                o.expected_types
                    .iter()
                    .map(|t| t.as_str())
                    .collect::<Vec<_>>()
                    .join(" or "),
                r.kind
            )
        },
        coded: |events| match main_event(events) {
            None => "no event".to_string(),
            Some(e) => format!("{}: {}", e.event_type, e.sub_event_type),
        },
    },
];

/// Scores coded events against the rows: `coded[i]` holds the event
/// records of `rows[i]`'s document. Lists up to `misses` worst misses per
/// metric and slice.
pub fn score_incidents(
    rows: &[IncidentRow],
    coded: &[Vec<EventRecord>],
    names: &Names<'_>,
    misses: usize,
    source: &str,
) -> SuiteReport {
    let empty: Vec<EventRecord> = Vec::new();
    let judged: Vec<(&IncidentRow, &[EventRecord], Outcome)> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let events = coded.get(i).unwrap_or(&empty).as_slice();
            (row, events, judge(row, events, names))
        })
        .collect();
    let slice = |key: &'static str, title: &str, afghanistan: bool| {
        let members: Vec<&(&IncidentRow, &[EventRecord], Outcome)> = judged
            .iter()
            .filter(|(r, _, _)| r.in_afghanistan() == afghanistan)
            .collect();
        build_slice(key, title, afghanistan, &members, misses)
    };
    SuiteReport {
        suite: "incidents",
        title: "Wikipedia terrorist incidents (dev)".to_string(),
        source: source.to_string(),
        slices: vec![
            slice("afghanistan", "Afghanistan", true),
            slice("world", "Rest of the world", false),
        ],
        definitions: DEFINITIONS,
    }
}

fn build_slice(
    key: &'static str,
    title: &str,
    afghanistan: bool,
    members: &[&(&IncidentRow, &[EventRecord], Outcome)],
    misses: usize,
) -> Slice {
    let count = |f: &dyn Fn(&Outcome) -> Option<bool>| {
        let judged: Vec<bool> = members.iter().filter_map(|(_, _, o)| f(o)).collect();
        (judged.iter().filter(|&&b| b).count(), judged.len())
    };
    let (detected, n) = count(&|o| Some(o.detected));
    let (fat, fat_n) = count(&|o| o.fatalities);
    let (fat_r, fat_rn) = count(&|o| o.fatalities.filter(|_| o.fatalities_reachable));
    let (loc, loc_n) = count(&|o| o.location);
    let (loc_r, loc_rn) = count(&|o| o.location.filter(|_| o.location_reachable));
    let (country, country_n) = count(&|o| o.country);
    let (perp, perp_n) = count(&|o| o.perpetrator);
    let (perp_r, perp_rn) = count(&|o| o.perpetrator.filter(|_| o.perpetrator_reachable));
    let (etype, etype_n) = count(&|o| o.event_type);

    // Targets as the issue sets them, per slice.
    let (t_detected, t_fat, t_loc, t_country, t_perp, t_type) = if afghanistan {
        (
            Some(0.97),
            Some(0.90),
            Some(0.90),
            None,
            Some(0.85),
            Some(0.90),
        )
    } else {
        (Some(0.95), Some(0.88), None, Some(0.95), None, Some(0.85))
    };
    let with = |m: Metric, t: Option<f64>| match t {
        Some(t) => m.with_target(t),
        None => m,
    };
    let metrics = vec![
        with(
            Metric::proportion("detected", "detected", detected, n),
            t_detected,
        ),
        with(
            Metric::proportion("fatalities", "fatalities (main event)", fat, fat_n),
            t_fat,
        ),
        Metric::proportion(
            "fatalities_reachable",
            "fatalities, stated in text",
            fat_r,
            fat_rn,
        ),
        with(
            Metric::proportion("location", "location (sub-national)", loc, loc_n),
            t_loc,
        ),
        Metric::proportion(
            "location_reachable",
            "location, named in text",
            loc_r,
            loc_rn,
        ),
        with(
            Metric::proportion("country", "country", country, country_n),
            t_country,
        ),
        with(
            Metric::proportion("perpetrator", "perpetrator (named)", perp, perp_n),
            t_perp,
        ),
        Metric::proportion(
            "perpetrator_reachable",
            "perpetrator, named in text",
            perp_r,
            perp_rn,
        ),
        with(
            Metric::proportion("event_type", "event type (main event)", etype, etype_n),
            t_type,
        ),
    ];

    let only_null = members
        .iter()
        .filter(|(_, _, o)| o.fatalities_only_through_null)
        .count();
    let unnamed = members
        .iter()
        .filter(|(_, _, o)| o.unnamed_perpetrator)
        .count();
    let unnamed_uag = members
        .iter()
        .filter(|(_, _, o)| o.unnamed_got_armed_group)
        .count();
    let unresolved = members
        .iter()
        .filter(|(_, _, o)| o.country_unresolved)
        .count();
    // Rows whose events name no country at all: the text gave none.
    let no_country = members
        .iter()
        .filter(|(_, events, o)| {
            o.country == Some(false)
                && !events.is_empty()
                && events.iter().all(|e| e.country.is_empty())
        })
        .count();
    let notes = vec![
        format!(
            "fatalities: {only_null} of the {fat} matches hold only because a null count is read as 0"
        ),
        format!(
            "perpetrator: {unnamed} rows name no perpetrator (empty, Unknown, lone wolf) and are left out; {unnamed_uag} of them got an Unidentified Armed Group actor1"
        ),
        format!(
            "country: {unresolved} rows whose country column names no country (a sea, an attack's name) are left out; {no_country} missed rows were coded with no country at all (their text names no place, demonym or group tied to one)"
        ),
    ];

    let miss_lists = MISS_SPECS
        .iter()
        .map(|spec| {
            let mut missed: Vec<&&(&IncidentRow, &[EventRecord], Outcome)> = members
                .iter()
                .filter(|(_, _, o)| (spec.missed)(o))
                .collect();
            // Worst first; the row id keeps equal ranks in a stable order.
            missed.sort_by(|a, b| {
                (spec.rank)(b.0, &b.2)
                    .cmp(&(spec.rank)(a.0, &a.2))
                    .then_with(|| a.0.id.cmp(&b.0.id))
            });
            MissList {
                metric: spec.metric,
                total: missed.len(),
                shown: missed
                    .iter()
                    .take(misses)
                    .map(|(row, events, o)| Miss {
                        id: row.id.clone(),
                        expected: (spec.expected)(row, o),
                        coded: (spec.coded)(events),
                        text: truncate(&row.text, 160),
                    })
                    .collect(),
            }
        })
        .collect();

    Slice {
        key,
        title: title.to_string(),
        rows: members.len(),
        metrics,
        notes,
        tables: Vec::new(),
        misses: miss_lists,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_marks_table() {
        let table = [
            ("Killed 5.[2]", "Killed 5."),
            ("A[1][23] b", "A b"),
            ("[x] stays", "[x] stays"),
            ("open [12", "open [12"),
            ("ünï[3]", "ünï"),
        ];
        for (input, want) in table {
            assert_eq!(remove_reference_marks(input), want, "{input}");
        }
    }

    #[test]
    fn accepted_fatalities_table() {
        let table: &[(Option<u32>, &str, &[u32])] = &[
            (Some(7), "7", &[7]),
            (Some(8), "7 (+1)", &[8]),
            (Some(7), "7 (+1)", &[7, 8]),
            (Some(28), "26  (+2 terrorists)", &[28]),
            (Some(3), "1(+2)", &[3]),
            (Some(8), "2\u{a0}(+6\u{a0}militants)", &[8]),
            (Some(10), "10+", &[10]),
            (None, "Unknown", &[]),
            (Some(2), "(+2)", &[2]),
        ];
        for (dead, written, want) in table {
            assert_eq!(
                accepted_fatalities(*dead, written),
                *want,
                "{dead:?} {written}"
            );
        }
    }

    #[test]
    fn event_types_table() {
        use EventType::*;
        let table: &[(&str, Option<&[EventType]>)] = &[
            ("bombing", Some(&[ExplosionsRemoteViolence])),
            ("massacre", Some(&[ViolenceAgainstCivilians, Battles])),
            ("hijacking", Some(&[ViolenceAgainstCivilians])),
            ("arson", None),
            ("unknown", None),
        ];
        for (kind, want) in table {
            assert_eq!(expected_event_types(kind), *want, "{kind}");
        }
    }

    #[test]
    fn location_parts_table() {
        let table: &[(&str, &[&str])] = &[
            ("Kabul, Afghanistan", &["Kabul"]),
            ("Nkwen, near Bamenda, Cameroon", &["Nkwen", "near Bamenda"]),
            ("Khost Province", &[]),
            ("Washington, D.C., United States", &["Washington", "D.C."]),
            ("Jableh and Tartus, Syria", &["Jableh", "Tartus"]),
            ("La Gabarra / Tibú, Colombia", &["La Gabarra", "Tibú"]),
            ("", &[]),
        ];
        for (input, want) in table {
            assert_eq!(location_parts(input), *want, "{input}");
        }
    }

    #[test]
    fn perpetrator_table() {
        let named = |v: &[&str]| Perpetrator::Named(v.iter().map(|s| s.to_string()).collect());
        let table = [
            ("Taliban", named(&["Taliban"])),
            ("Islamic State (suspected)", named(&["Islamic State"])),
            ("Boko HaramSuspected", named(&["Boko Haram"])),
            (
                "Al Qaeda in the Arabian Peninsula suspected",
                named(&["Al Qaeda in the Arabian Peninsula"]),
            ),
            ("Glenanne gang (UVF)", named(&["Glenanne gang", "UVF"])),
            (
                "FARC, ELN and EPL",
                named(&["FARC, ELN and EPL", "FARC", "ELN", "EPL"]),
            ),
            ("Hezbollah[18]", named(&["Hezbollah"])),
            ("Unknown", Perpetrator::Unnamed),
            ("", Perpetrator::Unnamed),
            ("(lone wolf)", Perpetrator::Unnamed),
            ("Lone Wolf (likely)", Perpetrator::Unnamed),
            ("Unknown Islamist(s)", Perpetrator::Unnamed),
            (
                "Amjad al Jundi (of Hamas)",
                named(&["Amjad al Jundi", "Hamas"]),
            ),
        ];
        for (input, want) in table {
            assert_eq!(perpetrator_candidates(input), want, "{input}");
        }
    }

    /// Hand-made rows and coded events through the whole scorer: each
    /// case is a row, its events, and the expected outcome per metric
    /// (`None` = not in the metric's denominator).
    #[test]
    fn scoring_table() {
        use crate::testing::record;
        let gazetteer = sitrep_geo::Gazetteer::embedded().expect("gazetteer");
        let actors = sitrep_actors::ActorDictionary::embedded().expect("actors");
        let names = Names::new(&gazetteer, &actors);
        let event =
            |etype: &str, sub: &str, fatalities: Option<u32>, place: [&str; 3], a1: &str| {
                let mut e = record(etype, sub);
                e.fatalities = fatalities;
                e.location = place[0].into();
                e.admin1 = place[1].into();
                e.country = place[2].into();
                e.actor1 = a1.into();
                e
            };
        const EXP: &str = "Explosions/Remote violence";
        const VAC: &str = "Violence against civilians";
        // (csv fields after the id, events, [detected, fatalities,
        // location, country, perpetrator, event type])
        type Case<'a> = (&'a str, Vec<EventRecord>, [Option<bool>; 6]);
        let table: Vec<Case> = vec![
            (
                "2016-06-01,bombing,8,7 (+1),1,\"Kabul, Afghanistan\",Afghanistan,Taliban,A Taliban suicide bomber killed 7 in Kabul.",
                vec![event(
                    EXP,
                    "Suicide bomb",
                    Some(8),
                    ["Kabul", "Kabul", "Afghanistan"],
                    "Taliban",
                )],
                [
                    Some(true),
                    Some(true),
                    Some(true),
                    Some(true),
                    Some(true),
                    Some(true),
                ],
            ),
            (
                // Null toll read as 0; ISIL is Islamic State; a namesake
                // of the place abroad does not count.
                "2016-06-01,shooting,0,0,0,\"Kabul, Afghanistan\",Afghanistan,ISIL (suspected),Gunmen opened fire.",
                vec![event(
                    VAC,
                    "Attack",
                    None,
                    ["Kabul", "", "Israel"],
                    "Islamic State (Iraq)",
                )],
                [
                    Some(true),
                    Some(true),
                    Some(false),
                    Some(false),
                    Some(true),
                    Some(true),
                ],
            ),
            (
                // The deadliest event is judged for toll and type.
                "2016-06-01,bombing,5,5,0,\"Spin Boldak District, Kandahar, Afghanistan\",Afghanistan,Unknown,Bombs.",
                vec![
                    event(
                        "Battles",
                        "Armed clash",
                        Some(1),
                        ["Spin Boldak", "Kandahar", "Afghanistan"],
                        "Taliban",
                    ),
                    event(
                        EXP,
                        "Remote explosive/landmine/IED",
                        Some(5),
                        ["", "", "Afghanistan"],
                        "Unidentified Armed Group (Afghanistan)",
                    ),
                ],
                [
                    Some(true),
                    Some(true),
                    Some(true),
                    Some(true),
                    None,
                    Some(true),
                ],
            ),
            (
                "1970-02-10,arson,1,1,0,\"Munich, West Germany\",West Germany,PDFLP,A fire.",
                vec![],
                [
                    Some(false),
                    Some(false),
                    Some(false),
                    Some(false),
                    Some(false),
                    None,
                ],
            ),
        ];
        for (i, (fields, events, want)) in table.into_iter().enumerate() {
            let csv = format!(
                "id,date,type,dead,dead_as_written,injured,location,country,perpetrator,details\nrow-{i},{fields}\n"
            );
            let rows = parse_incidents(&csv).expect("csv");
            let o = judge(&rows[0], &events, &names);
            let got = [
                Some(o.detected),
                o.fatalities,
                o.location,
                o.country,
                o.perpetrator,
                o.event_type,
            ];
            assert_eq!(got, want, "row {i}: {fields}");
        }
    }

    #[test]
    fn main_event_is_the_deadliest_first_among_equals() {
        let table: &[(&[Option<u32>], Option<usize>)] = &[
            (&[], None),
            (&[None], Some(0)),
            (&[Some(2), Some(5), Some(5)], Some(1)),
            (&[None, Some(0)], Some(0)),
            (&[Some(0), Some(1)], Some(1)),
        ];
        for (fatalities, want) in table {
            let events: Vec<EventRecord> = fatalities
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let mut e = crate::testing::record("Battles", "Armed clash");
                    e.fatalities = *f;
                    e.event_id_cnty = i.to_string();
                    e
                })
                .collect();
            let got = main_event(&events).map(|e| e.event_id_cnty.clone());
            assert_eq!(got, want.map(|i| i.to_string()), "{fatalities:?}");
        }
    }
}
