//! Incident merging across reports: whether an event read from one report
//! and an incident built from others are one real-world happening
//! ([`decide`]), and how an incident's record is rebuilt from all its
//! events ([`rebuild`]).
//!
//! The rules follow the coder's in-document merge (`sitrep-coding`'s
//! `merge.rs`) and ACLED's "one event = one actor pair, one day, one
//! location, one event type", loosened where reports of one incident
//! legitimately differ and tightened where the coder could lean on
//! sentence distance:
//!
//! - **type**: the same ACLED event type; Battles, Explosions/Remote
//!   violence and Violence against civilians combine only as one complex
//!   attack, which across reports means the same *named* attacker, the same
//!   place at admin1 level or finer, and a window of one day on one side;
//! - **date**: the windows `date_earliest..=date_latest` overlap, and
//!   neither is wider than [`MAX_MERGE_WINDOW_DAYS`] (a "since 2014" event
//!   is too vague to be anyone's incident);
//! - **place**: the same country and admin1, with one place nested in the
//!   other (a country-level place nests everything in its country, a
//!   province its towns, a district the towns that name it as admin2);
//!   events without a place never merge;
//! - **actors**: slot by slot equal, or one side generic ("Unidentified
//!   Armed Group (...)", "Civilians (...)", protesters, rioters) or empty;
//!   in battles the order of the two sides carries no meaning;
//! - **sub-event type**: equal, or one is the type's generic reading ("an
//!   explosion" is any remote violence, "an attack" any violence against
//!   civilians, "a clash" any battle); a rocket attack and a suicide
//!   bombing are two incidents;
//! - **enough evidence**: compatibility alone is weak when little is known,
//!   so the less precise the place, the more the reports must agree on: in
//!   the same town overlapping windows suffice; within one province or
//!   district a named actor must agree or both reports must name the same
//!   single day; when one report knows only the country, both. (Kabul saw
//!   several unattributed blasts in some weeks; a province-level "blast on
//!   or about the 26th" is not evidence that they were one.)
//!
//! When several incidents fit, the best [`Fit`] wins (same type, more named
//! actors agreeing, deeper place agreement, the same window), then the
//! lowest incident id, so the choice is deterministic.

use std::cmp::Reverse;

use sitrep_model::{
    ActorRef, CountryCode, Date, Event, EventDate, EventType, Place, SubEventType, TimePrecision,
};

/// The widest date window, in days counted inclusively, of an event or
/// incident that may merge. It admits ACLED's month precision (a month's
/// window plus the days a report's "last month" may straddle).
pub const MAX_MERGE_WINDOW_DAYS: i64 = 45;

/// How precisely a place is known, coarsest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Country,
    Admin1,
    Admin2,
    Local,
}

/// A place reduced to what merging compares: names lower-cased, a
/// location that only repeats its admin1 or admin2 dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceKey {
    pub country: CountryCode,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    /// The named place below admin2 (a town, a village), if any.
    pub location: Option<String>,
    pub geonames_id: Option<u32>,
}

fn norm(s: Option<&str>) -> Option<String> {
    s.map(|x| x.trim().to_lowercase()).filter(|x| !x.is_empty())
}

impl PlaceKey {
    pub fn of(p: &Place) -> PlaceKey {
        PlaceKey::from_parts(
            p.country_code,
            p.admin1.as_deref(),
            p.admin2.as_deref(),
            Some(p.location.as_str()),
            p.geonames_id,
        )
    }

    /// Builds a key from ACLED's columns, as stored.
    pub fn from_parts(
        country: CountryCode,
        admin1: Option<&str>,
        admin2: Option<&str>,
        location: Option<&str>,
        geonames_id: Option<u32>,
    ) -> PlaceKey {
        let admin1 = norm(admin1);
        // Without an admin1 the place is the country, whatever the
        // location column says (ACLED repeats the country name there).
        let admin2 = admin1.as_ref().and_then(|_| norm(admin2));
        let location = admin1
            .as_ref()
            .and_then(|_| norm(location))
            .filter(|l| Some(l) != admin1.as_ref() && Some(l) != admin2.as_ref());
        PlaceKey {
            country,
            admin1,
            admin2,
            location,
            geonames_id,
        }
    }

    pub fn level(&self) -> Level {
        match (&self.admin1, &self.admin2, &self.location) {
            (None, _, _) => Level::Country,
            (_, _, Some(_)) => Level::Local,
            (_, Some(_), None) => Level::Admin2,
            _ => Level::Admin1,
        }
    }

    /// The admin1 the blocking index files this place under ("" for the
    /// whole country).
    pub fn block_admin1(&self) -> &str {
        self.admin1.as_deref().unwrap_or("")
    }
}

/// How far two places agree when one nests in the other (0 = only the
/// country, 3 = the same town), or `None` when they are different places.
pub fn place_agreement(a: &PlaceKey, b: &PlaceKey) -> Option<u8> {
    if a.country != b.country {
        return None;
    }
    // The same gazetteer entry is the same town. (Only for towns: a
    // province or country entry is shared by everything coded at it.)
    if a.level() == Level::Local
        && b.level() == Level::Local
        && a.geonames_id.is_some()
        && a.geonames_id == b.geonames_id
    {
        return Some(3);
    }
    if a.level() == Level::Country || b.level() == Level::Country {
        return Some(0);
    }
    if a.admin1 != b.admin1 {
        return None;
    }
    match (a.level(), b.level()) {
        (Level::Admin1, _) | (_, Level::Admin1) => Some(1),
        (Level::Admin2, Level::Admin2) => (a.admin2 == b.admin2).then_some(2),
        // A district contains the towns filed under it; a town whose
        // district is unknown cannot be placed in it.
        (Level::Admin2, Level::Local) => (b.admin2.is_some() && b.admin2 == a.admin2).then_some(2),
        (Level::Local, Level::Admin2) => (a.admin2.is_some() && a.admin2 == b.admin2).then_some(2),
        _ => {
            let districts_agree = match (&a.admin2, &b.admin2) {
                (Some(x), Some(y)) => x == y,
                _ => true,
            };
            (districts_agree && a.location == b.location).then_some(3)
        }
    }
}

/// Actors ACLED codes when a report names no one: they stand for any
/// actor of their kind, so they never block a merge.
pub fn is_generic(name: &str) -> bool {
    ["Unidentified", "Civilians", "Protesters", "Rioters"]
        .iter()
        .any(|p| name.starts_with(p))
}

fn same_name(a: &str, b: &str) -> bool {
    a == b || a.to_lowercase() == b.to_lowercase()
}

/// One actor slot: `Some(1)` when both name the same actor, `Some(0)` when
/// either side is generic or empty, `None` when they conflict.
fn slot(a: Option<&str>, b: Option<&str>) -> Option<u8> {
    match (a, b) {
        (Some(x), Some(y)) if !is_generic(x) && !is_generic(y) => same_name(x, y).then_some(1),
        _ => Some(0),
    }
}

/// An event or incident reduced to what merging compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeKey {
    pub sub_event_type: SubEventType,
    pub actor1: String,
    pub actor2: Option<String>,
    pub place: Option<PlaceKey>,
    pub earliest: Date,
    pub latest: Date,
}

impl MergeKey {
    pub fn of(e: &Event) -> MergeKey {
        MergeKey {
            sub_event_type: e.sub_event_type,
            actor1: e.actor1.name.clone(),
            actor2: e.actor2.as_ref().map(|a| a.name.clone()),
            place: e.place.as_ref().map(PlaceKey::of),
            earliest: e.date.earliest,
            latest: e.date.latest,
        }
    }

    /// The window's length in days, counted inclusively.
    pub fn window_days(&self) -> i64 {
        day_number(self.latest) - day_number(self.earliest) + 1
    }

    /// Whether this can take part in merging at all: it has a place and a
    /// window narrow enough to be one incident.
    pub fn mergeable(&self) -> bool {
        self.place.is_some() && self.window_days() <= MAX_MERGE_WINDOW_DAYS
    }
}

/// How well an event fits an incident; larger is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fit {
    pub same_type: bool,
    pub named_actors: u8,
    pub place_depth: u8,
    pub same_window: bool,
}

/// Why an event does not join an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    NoPlace,
    TooVague,
    DifferentPlace,
    DisjointDates,
    DifferentType,
    DifferentActors,
    /// Compatible, but too little agrees to call it one incident.
    TooLittleEvidence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Merge(Fit),
    Separate(Why),
}

fn violent(t: EventType) -> bool {
    matches!(
        t,
        EventType::Battles
            | EventType::ExplosionsRemoteViolence
            | EventType::ViolenceAgainstCivilians
    )
}

/// Whether the event `e` describes the incident `i`.
pub fn decide(i: &MergeKey, e: &MergeKey) -> Verdict {
    let (Some(pi), Some(pe)) = (&i.place, &e.place) else {
        return Verdict::Separate(Why::NoPlace);
    };
    if !i.mergeable() || !e.mergeable() {
        return Verdict::Separate(Why::TooVague);
    }
    let Some(place_depth) = place_agreement(pi, pe) else {
        return Verdict::Separate(Why::DifferentPlace);
    };
    if !(i.earliest <= e.latest && e.earliest <= i.latest) {
        return Verdict::Separate(Why::DisjointDates);
    }
    let same_window = i.earliest == e.earliest && i.latest == e.latest;
    let (ti, te) = (i.sub_event_type.event_type(), e.sub_event_type.event_type());
    if ti != te {
        // One complex attack told as different kinds of violence: the same
        // named attacker, at a real place (not just the country), on a
        // known day.
        let complex = violent(ti)
            && violent(te)
            && slot(Some(&i.actor1), Some(&e.actor1)) == Some(1)
            && place_depth >= 1
            && (i.window_days() == 1 || e.window_days() == 1);
        return if complex {
            Verdict::Merge(Fit {
                same_type: false,
                named_actors: 1,
                place_depth,
                same_window,
            })
        } else {
            Verdict::Separate(Why::DifferentType)
        };
    }
    if !sub_types_agree(i.sub_event_type, e.sub_event_type) {
        return Verdict::Separate(Why::DifferentType);
    }
    let direct = slot(Some(&i.actor1), Some(&e.actor1))
        .zip(slot(i.actor2.as_deref(), e.actor2.as_deref()))
        .map(|(a, b)| a + b);
    // In a battle either side may be told first.
    let swapped = if ti == EventType::Battles {
        slot(Some(&i.actor1), e.actor2.as_deref())
            .zip(slot(i.actor2.as_deref(), Some(&e.actor1)))
            .map(|(a, b)| a + b)
    } else {
        None
    };
    let Some(named_actors) = direct.max(swapped) else {
        return Verdict::Separate(Why::DifferentActors);
    };
    let same_day = i.window_days() == 1 && e.window_days() == 1;
    let enough = match place_depth {
        0 => named_actors >= 1 && same_day,
        1 | 2 => named_actors >= 1 || same_day,
        _ => true,
    };
    if !enough {
        return Verdict::Separate(Why::TooLittleEvidence);
    }
    Verdict::Merge(Fit {
        same_type: true,
        named_actors,
        place_depth,
        same_window,
    })
}

/// Whether two sub-event types of one event type can describe one
/// incident: the same, or one is the type's generic reading, or air and
/// artillery strikes (which reports confuse). Demonstrations are told in
/// many ways, so any two of one type agree; strategic developments must
/// match exactly.
pub fn sub_types_agree(a: SubEventType, b: SubEventType) -> bool {
    use SubEventType::*;
    if a == b {
        return true;
    }
    if a.event_type() != b.event_type() {
        return false;
    }
    let generic = |t| matches!(t, ArmedClash | RemoteExplosiveLandmineIed | Attack);
    let crowd = matches!(a.event_type(), EventType::Protests | EventType::Riots);
    let air_or_artillery = |t| matches!(t, AirDroneStrike | ShellingArtilleryMissileAttack);
    generic(a) || generic(b) || crowd || (air_or_artillery(a) && air_or_artillery(b))
}

/// The report an event came from, as far as rebuilding needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportMeta {
    /// The store's key of the document: its ingest order.
    pub doc_key: i64,
    pub doc_id: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<Date>,
    /// The sources of the near-copies linked to this report (other outlets
    /// that republished it word for word). Of a cluster of near-copies
    /// only the first to arrive is coded, so the cluster is one source
    /// whichever member that was: a later report from any of its outlets
    /// revises the cluster's figure.
    pub copied_by: Vec<String>,
}

impl ReportMeta {
    /// Who published the report, for telling independent sources apart:
    /// the outlet's name, else the host of its URL, else the document
    /// itself (an anonymous report is its own source).
    pub fn source_key(&self) -> String {
        if let Some(s) = norm(self.source.as_deref()) {
            return s;
        }
        if let Some(host) = self.url.as_deref().and_then(url_host) {
            return host;
        }
        format!("doc:{}", self.doc_id)
    }
}

fn url_host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

/// One reported figure: who reported it, when, and the figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub source_key: String,
    /// Further sources this figure speaks for: the outlets whose
    /// near-copies of the report were linked to it instead of being coded.
    pub copied_by: Vec<String>,
    pub published: Option<Date>,
    pub doc_key: i64,
    pub value: u32,
}

/// ACLED's most conservative credible figure over several reports: each
/// source's latest figure counts (a later report from the same outlet
/// revises its own toll), and of independent sources the lowest wins.
/// Figures whose sources overlap (a report and the outlets that republished
/// it, see [`Figure::copied_by`]) are one source. "Latest" is the
/// publication date, then the ingest order. `None` when no report gave a
/// figure: unknown is not zero.
pub fn conservative_figure(figures: &[Figure]) -> Option<u32> {
    // Union-find over the figures: two figures are one source when their
    // source sets share an outlet. Figures number a handful per incident,
    // so the quadratic pairing costs nothing.
    let mut group: Vec<usize> = (0..figures.len()).collect();
    fn root(group: &mut [usize], mut i: usize) -> usize {
        while group[i] != i {
            group[i] = group[group[i]];
            i = group[i];
        }
        i
    }
    fn sources(f: &Figure) -> impl Iterator<Item = &str> {
        std::iter::once(f.source_key.as_str()).chain(f.copied_by.iter().map(String::as_str))
    }
    for i in 0..figures.len() {
        for j in i + 1..figures.len() {
            if sources(&figures[j]).any(|s| sources(&figures[i]).any(|t| t == s)) {
                let (ri, rj) = (root(&mut group, i), root(&mut group, j));
                group[ri.max(rj)] = ri.min(rj);
            }
        }
    }
    let mut latest: Vec<(usize, &Figure)> = Vec::new();
    for (i, f) in figures.iter().enumerate() {
        let r = root(&mut group, i);
        match latest.iter_mut().find(|(g, _)| *g == r) {
            Some((_, x)) => {
                if (f.published, f.doc_key) > (x.published, x.doc_key) {
                    *x = f;
                }
            }
            None => latest.push((r, f)),
        }
    }
    latest.iter().map(|(_, f)| f.value).min()
}

/// How specific a sub-event type is: the merged incident takes the most
/// specific one its reports give ("an explosion" and "a suicide bomber blew
/// himself up" are a suicide bomb). The same order as the coder's.
pub fn specificity(t: SubEventType) -> u8 {
    use SubEventType::*;
    match t {
        ChemicalWeapon | SuicideBomb | AirDroneStrike => 9,
        ShellingArtilleryMissileAttack | Grenade => 8,
        RemoteExplosiveLandmineIed => 7,
        SexualViolence | AbductionForcedDisappearance => 6,
        GovernmentRegainsTerritory | NonStateActorOvertakesTerritory => 6,
        ExcessiveForceAgainstProtesters | ViolentDemonstration | MobViolence => 5,
        ProtestWithIntervention => 4,
        ArmedClash | Attack => 3,
        PeacefulProtest => 2,
        _ => 1,
    }
}

/// One event of an incident with the report it came from.
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    pub event: &'a Event,
    pub report: &'a ReportMeta,
}

/// The incident's record rebuilt from its events, given in the order they
/// joined it. `doc_id` and `evidence` are the first report's (the other
/// reports' evidence is kept with their own events); `source` lists every
/// outlet once.
pub fn rebuild(members: &[Member<'_>]) -> Option<Event> {
    let (lead_index, lead) = members
        .iter()
        .enumerate()
        .max_by_key(|(i, m)| (specificity(m.event.sub_event_type), Reverse(*i)))?;
    let lead = lead.event;
    let first = members.first()?.event;
    // The lead first, then the others in the order they joined.
    let order: Vec<&Event> = std::iter::once(lead)
        .chain(
            members
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != lead_index)
                .map(|(_, m)| m.event),
        )
        .collect();
    let battle = lead.event_type() == EventType::Battles;
    let sides: Vec<(&ActorRef, Option<&ActorRef>)> =
        order.iter().map(|e| orient(lead, e, battle)).collect();
    let named = |a: &&ActorRef| !is_generic(&a.name);
    let actor1 = sides
        .iter()
        .map(|s| s.0)
        .find(named)
        .unwrap_or(&lead.actor1)
        .clone();
    let actor2 = sides
        .iter()
        .filter_map(|s| s.1)
        .filter(|a| !same_name(&a.name, &actor1.name))
        .find(named)
        .or_else(|| {
            sides
                .iter()
                .filter_map(|s| s.1)
                .find(|a| !same_name(&a.name, &actor1.name))
        })
        .cloned();
    let taken = |a: &ActorRef| {
        same_name(&a.name, &actor1.name)
            || actor2.as_ref().is_some_and(|x| same_name(&a.name, &x.name))
    };
    let mut assoc_actor_1: Vec<ActorRef> = Vec::new();
    let mut assoc_actor_2: Vec<ActorRef> = Vec::new();
    for e in &order {
        for (from, into) in [
            (&e.assoc_actor_1, &mut assoc_actor_1),
            (&e.assoc_actor_2, &mut assoc_actor_2),
        ] {
            for a in from {
                if !taken(a) && !into.iter().any(|x| same_name(&x.name, &a.name)) {
                    into.push(a.clone());
                }
            }
        }
    }

    let place = members
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.event.place.as_ref().map(|p| (i, p)))
        .min_by_key(|(i, p)| (p.geo_precision.code(), Reverse(PlaceKey::of(p).level()), *i))
        .map(|(_, p)| p.clone());

    let date = merged_date(members.iter().map(|m| m.event.date))?;

    let figures = |pick: fn(&Event) -> Option<u32>| -> Vec<Figure> {
        members
            .iter()
            .filter_map(|m| {
                pick(m.event).map(|value| Figure {
                    source_key: m.report.source_key(),
                    copied_by: m.report.copied_by.clone(),
                    published: m.report.published,
                    doc_key: m.report.doc_key,
                    value,
                })
            })
            .collect()
    };
    let fatalities = conservative_figure(&figures(|e| e.fatalities));
    let injured = conservative_figure(&figures(|e| e.injured));

    let hedged = members.iter().all(|m| m.event.hedged);
    let mut hedges: Vec<String> = if hedged {
        members
            .iter()
            .flat_map(|m| m.event.hedges.iter().cloned())
            .collect()
    } else {
        Vec::new()
    };
    hedges.sort();
    hedges.dedup();
    let mut sources: Vec<&str> = Vec::new();
    for m in members {
        if let Some(s) = m.event.source.as_deref().or(m.report.source.as_deref())
            && !sources.contains(&s)
        {
            sources.push(s);
        }
    }
    let mut tags: Vec<String> = members
        .iter()
        .flat_map(|m| m.event.tags.iter().cloned())
        .collect();
    tags.sort();
    tags.dedup();

    Some(Event {
        doc_id: first.doc_id.clone(),
        sub_event_type: lead.sub_event_type,
        actor1,
        assoc_actor_1,
        actor2,
        assoc_actor_2,
        civilian_targeting: members.iter().any(|m| m.event.civilian_targeting),
        place,
        date,
        fatalities,
        injured,
        cameo: lead.cameo.clone(),
        plover: lead.plover,
        plover_mode: lead.plover_mode.clone(),
        hedged,
        hedges,
        evidence: first.evidence.clone(),
        notes: lead.notes.clone(),
        source: (!sources.is_empty()).then(|| sources.join("; ")),
        source_scale: members.iter().find_map(|m| m.event.source_scale.clone()),
        tags,
    })
}

/// A member's two sides in the lead's order: in a battle told from the
/// other side, its actors swap.
fn orient<'e>(lead: &Event, e: &'e Event, battle: bool) -> (&'e ActorRef, Option<&'e ActorRef>) {
    fn name(a: Option<&ActorRef>) -> Option<&str> {
        a.map(|x| x.name.as_str())
    }
    let direct = slot(Some(&lead.actor1.name), Some(&e.actor1.name))
        .zip(slot(name(lead.actor2.as_ref()), name(e.actor2.as_ref())))
        .map(|(a, b)| a + b);
    let swapped = slot(Some(&lead.actor1.name), name(e.actor2.as_ref()))
        .zip(slot(name(lead.actor2.as_ref()), Some(&e.actor1.name)))
        .map(|(a, b)| a + b);
    match (battle, e.actor2.as_ref()) {
        (true, Some(a2)) if swapped > direct => (a2, Some(&e.actor1)),
        _ => (&e.actor1, e.actor2.as_ref()),
    }
}

/// The narrowest window all reports allow: the intersection of their
/// windows (non-empty, since every event overlapped the incident it
/// joined), coded like the narrowest report when it is that report's own
/// window.
pub fn merged_date(dates: impl Iterator<Item = EventDate> + Clone) -> Option<EventDate> {
    let narrowest = dates
        .clone()
        .enumerate()
        .min_by_key(|(i, d)| (day_number(d.latest) - day_number(d.earliest), *i))
        .map(|(_, d)| d)?;
    let earliest = dates.clone().map(|d| d.earliest).max()?;
    let latest = dates.map(|d| d.latest).min()?;
    if earliest > latest || (earliest == narrowest.earliest && latest == narrowest.latest) {
        return Some(narrowest);
    }
    let precision = if earliest == latest {
        TimePrecision::Day
    } else {
        narrowest.precision
    };
    Some(EventDate::window(earliest, latest, precision))
}

/// Days since 1970-01-01 (negative before), by the civil-calendar
/// algorithm: plain integer arithmetic that cannot fail for any date.
pub fn day_number(d: Date) -> i64 {
    let (y, m, day) = (
        i64::from(d.year()),
        i64::from(d.month()),
        i64::from(d.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests;
